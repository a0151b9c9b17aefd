//! LTI Security Update 1.0 (LTI 1.0.1 / 1.1.2): the relaunch flow that binds
//! an LTI 1.x launch to the browser that started it.
//!
//! 1. The platform sends an anonymous signed launch with `relaunch_url` and
//!    `platform_state` ([`detect_first_launch`]).
//! 2. The tool issues a `tool_state` bound to this browser and to the
//!    `platform_state` ([`create_tool_state`]: an HS256 JWT with a random
//!    `jti`, hashes of the browser binding and of `platform_state`, and a
//!    short `exp`) and sends the browser back ([`build_relaunch`]).
//! 3. The platform relaunches, signed, with identity, `platform_state` and
//!    `tool_state`; the tool accepts only its own, unexpired, unused
//!    `tool_state` matching this browser and that `platform_state`
//!    ([`verify_relaunch`]).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use super::oauth1::SignedRequest;
use crate::base64url;
use crate::error::Error;
use crate::json::Object;
use crate::jwt::UnixTime;
use crate::oauth::state::{create_signed_state_typed, verify_signed_state_typed};
use crate::profiles::lti::claims::is_absolute_url;
use crate::profiles::lti::form::{append_query, auto_submit_form};
use crate::profiles::lti::launch::ct_eq;
use crate::profiles::lti::{LtiError, NonceCheck, NonceStore};

/// `typ` of a `tool_state` JWT (never accepted as any other token).
pub const TOOL_STATE_TYP: &str = "lti-tool-state+jwt";
/// Default `tool_state` lifetime: the browser goes straight back (seconds).
pub const DEFAULT_TOOL_STATE_TTL: i64 = 300;

/// Parameters that identify the user; none may appear in the anonymous
/// first launch (LTI Security Update §2.1).
const IDENTITY: [&str; 9] = [
    "user_id",
    "lis_person_name_given",
    "lis_person_name_family",
    "lis_person_name_full",
    "lis_person_contact_email_primary",
    "lis_person_sourcedid",
    "user_image",
    "lis_result_sourcedid",
    "custom_canvas_user_id",
];

/// The anonymous first launch of the relaunch flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstLaunch {
    pub relaunch_url: String,
    pub platform_state: String,
}

fn single<'r>(request: &'r SignedRequest, name: &'static str) -> Result<Option<&'r str>, Error> {
    let mut it = request.params.iter().filter(|(k, _)| k == name);
    let first = it.next().map(|(_, v)| v.as_str());
    if it.next().is_some() {
        return Err(LtiError::ParameterDuplicate(name).into());
    }
    Ok(first)
}

/// Step 1: a verified launch carrying `relaunch_url` is the anonymous first
/// launch: `relaunch_url` an absolute https URL, `platform_state` present and
/// non-empty, no user identity. `Ok(None)` when there is no `relaunch_url`.
pub fn detect_first_launch(request: &SignedRequest) -> Result<Option<FirstLaunch>, Error> {
    let Some(relaunch_url) = single(request, "relaunch_url")? else { return Ok(None) };
    if !is_absolute_url(relaunch_url) {
        return Err(LtiError::RelaunchUrlInvalid.into());
    }
    let platform_state = single(request, "platform_state")?.unwrap_or("");
    if platform_state.is_empty() {
        return Err(LtiError::RelaunchPlatformStateEmpty.into());
    }
    if request.params.iter().any(|(k, v)| IDENTITY.contains(&k.as_str()) && !v.is_empty()) {
        return Err(LtiError::RelaunchNotAnonymous.into());
    }
    Ok(Some(FirstLaunch { relaunch_url: relaunch_url.into(), platform_state: platform_state.into() }))
}

fn digest(s: &str) -> String {
    base64url::encode(&Sha256::digest(s.as_bytes()))
}

/// Step 2: the `tool_state` — HS256 JWT, `typ` [`TOOL_STATE_TYP`], `jti` =
/// `random` (≥ 128 bits), `bnd` = SHA-256 of `browser_binding` (a random
/// value the tool keeps in this browser, e.g. an HttpOnly cookie), `pst` =
/// SHA-256 of `platform_state`, `exp` = now + `ttl_secs`.
pub fn create_tool_state(
    secret: &[u8],
    first: &FirstLaunch,
    browser_binding: &str,
    random: &str,
    now: UnixTime,
    ttl_secs: i64,
) -> Result<String, Error> {
    if browser_binding.len() < 22 {
        return Err(LtiError::StateEntropyTooShort.into());
    }
    let mut extra = Object::new();
    extra.insert("bnd", digest(browser_binding).into());
    extra.insert("pst", digest(&first.platform_state).into());
    create_signed_state_typed(secret, TOOL_STATE_TYP, random, None, &extra, now, ttl_secs)
}

/// How the browser goes back to the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelaunchMethod {
    Get,
    Post,
}

/// Step 2 (cont.): the request that sends the browser to `relaunch_url`
/// with `platform_state` unchanged and `tool_state` (unsigned, as the
/// update allows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelaunchRequest {
    pub method: RelaunchMethod,
    /// For GET, the URL with both parameters in the query; for POST, `relaunch_url`.
    pub url: String,
    pub params: Vec<(String, String)>,
}

impl RelaunchRequest {
    /// For POST: an auto-submitting form; for GET: a page that navigates.
    pub fn html(&self) -> String {
        match self.method {
            RelaunchMethod::Post => {
                let p: Vec<(&str, &str)> = self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                auto_submit_form(&self.url, &p)
            }
            RelaunchMethod::Get => {
                let u = crate::profiles::lti::form::html_escape(&self.url);
                alloc::format!(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={u}\"></head><body><a href=\"{u}\">Continue</a></body></html>"
                )
            }
        }
    }
}

/// Build the relaunch request (GET or POST).
pub fn build_relaunch(first: &FirstLaunch, tool_state: &str, method: RelaunchMethod) -> RelaunchRequest {
    let params = alloc::vec![
        ("platform_state".to_string(), first.platform_state.clone()),
        ("tool_state".to_string(), tool_state.to_string()),
    ];
    let url = match method {
        RelaunchMethod::Get => {
            append_query(&first.relaunch_url, &[("platform_state", &first.platform_state), ("tool_state", &tool_state.to_string())])
        }
        RelaunchMethod::Post => first.relaunch_url.clone(),
    };
    RelaunchRequest { method, url, params }
}

/// A relaunch whose `tool_state` matched; the `tool_state` must still be
/// consumed once.
#[derive(Debug)]
#[must_use = "the tool_state must be consumed before the relaunch is trusted"]
pub struct PendingRelaunch {
    request: SignedRequest,
    key: String,
    expires_at: UnixTime,
}

impl PendingRelaunch {
    /// Replay-store key of this `tool_state`.
    pub fn key(&self) -> &str {
        &self.key
    }
    pub fn expires_at(&self) -> UnixTime {
        self.expires_at
    }
    /// Single use with a synchronous store.
    pub fn consume(self, store: &mut impl NonceStore, now: UnixTime) -> Result<SignedRequest, Error> {
        let c = store.use_once(&self.key, self.expires_at, now)?;
        self.consumed(c == NonceCheck::Fresh)
    }
    /// Single use with an external store (`true` = atomically recorded now).
    pub fn consumed(self, first_use: bool) -> Result<SignedRequest, Error> {
        if first_use { Ok(self.request) } else { Err(LtiError::ToolStateReplayed.into()) }
    }
}

/// Step 4: the relaunch (already OAuth-verified) must carry a `tool_state`
/// this tool issued with `secret`, unexpired, bound to this browser's
/// `browser_binding` and to the relaunch's `platform_state`, and identify
/// the user (`user_id`).
pub fn verify_relaunch(request: SignedRequest, secret: &[u8], browser_binding: &str, now: UnixTime) -> Result<PendingRelaunch, Error> {
    let tool_state = single(&request, "tool_state")?.filter(|t| !t.is_empty()).ok_or(LtiError::ToolStateMissing)?;
    let state = verify_signed_state_typed(tool_state, secret, TOOL_STATE_TYP, now).map_err(|e| match e {
        Error::Expired { .. } => LtiError::ToolStateExpired,
        _ => LtiError::ToolStateInvalid,
    })?;
    let bnd = state.claims.get_str("bnd").ok_or(LtiError::ToolStateInvalid)?;
    let pst = state.claims.get_str("pst").ok_or(LtiError::ToolStateInvalid)?;
    if browser_binding.is_empty() || !ct_eq(bnd, &digest(browser_binding)) {
        return Err(LtiError::ToolStateBrowserMismatch.into());
    }
    let platform_state = single(&request, "platform_state")?.unwrap_or("");
    if platform_state.is_empty() || !ct_eq(pst, &digest(platform_state)) {
        return Err(LtiError::ToolStatePlatformStateMismatch.into());
    }
    if single(&request, "user_id")?.is_none_or(str::is_empty) {
        return Err(LtiError::RelaunchIdentityMissing.into());
    }
    let key = alloc::format!("lti-tool-state\n{}", state.value);
    Ok(PendingRelaunch { request, key, expires_at: state.expires_at })
}
