//! lti.md §A — OIDC third-party initiated login (Security Framework §5.1.1,
//! OIDC Core §3.1.2.1, OIDC third-party initiated login §4).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::form::append_query;
use super::{LtiError, Registration};
use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::jwt::UnixTime;

/// Default lifetime of a pending login (state + nonce), in seconds.
pub const DEFAULT_LOGIN_TTL: i64 = 600;

/// Shortest accepted `state` / `nonce` given by the caller: 22 base64url
/// characters = 128 bits (Security Framework §5.1.1.1 "unguessable").
pub const MIN_RANDOM_LEN: usize = 22;

/// The login initiation request's parameters (Security Framework §5.1.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginParams {
    pub iss: String,
    pub login_hint: String,
    pub target_link_uri: String,
    pub lti_message_hint: Option<String>,
    pub lti_deployment_id: Option<String>,
    pub client_id: Option<String>,
}

impl LoginParams {
    /// From the decoded GET query or POST form pairs. Required: `iss`,
    /// `login_hint`, `target_link_uri` (empty counts as missing); any of the
    /// six parameters given twice is refused; others are ignored.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<Self, Error> {
        const NAMES: [&str; 6] = ["iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id"];
        let mut found: [Option<&str>; 6] = [None; 6];
        for (k, v) in pairs {
            if let Some(i) = NAMES.iter().position(|n| *n == k.as_ref()) {
                if found[i].is_some() {
                    return Err(LtiError::ParameterDuplicate(NAMES[i]).into());
                }
                found[i] = Some(v.as_ref());
            }
        }
        let get = |i: usize| found[i].filter(|v| !v.is_empty()).map(ToString::to_string);
        Ok(LoginParams {
            iss: get(0).ok_or(LtiError::LoginIssMissing)?,
            login_hint: get(1).ok_or(LtiError::LoginHintMissing)?,
            target_link_uri: get(2).ok_or(LtiError::LoginTargetLinkUriMissing)?,
            lti_message_hint: get(3),
            lti_deployment_id: get(4),
            client_id: get(5),
        })
    }
}

/// What to remember between the login and the launch, keyed by `state` and
/// bound to this browser (Security Framework §5.1.1.2-5.1.1.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginRecord {
    pub state: String,
    pub nonce: String,
    pub issuer: String,
    pub client_id: String,
    pub target_link_uri: String,
    pub deployment_id: Option<String>,
    pub expires_at: UnixTime,
}

impl LoginRecord {
    /// As a JSON object (for a KV store, a signed cookie, the JS API):
    /// `{ state, nonce, issuer, clientId, targetLinkUri, deploymentId?, expiresAt }`
    /// (`expiresAt` in seconds since the epoch).
    pub fn to_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("state", self.state.as_str().into());
        o.insert("nonce", self.nonce.as_str().into());
        o.insert("issuer", self.issuer.as_str().into());
        o.insert("clientId", self.client_id.as_str().into());
        o.insert("targetLinkUri", self.target_link_uri.as_str().into());
        if let Some(d) = &self.deployment_id {
            o.insert("deploymentId", d.as_str().into());
        }
        o.insert("expiresAt", Value::from(self.expires_at.as_secs()));
        o
    }

    /// Read back what [`to_object`](Self::to_object) wrote.
    pub fn from_object(o: &Object) -> Result<Self, Error> {
        let bad = |m: &'static str| Error::from(LtiError::ClaimInvalid(m));
        let s = |m: &'static str| o.get_str(m).map(ToString::to_string).ok_or(bad(m));
        let exp = o
            .get("expiresAt")
            .and_then(Value::as_f64)
            .filter(|e| *e > -1e15 && *e < 1e15 && *e == (*e as i64) as f64)
            .ok_or(bad("expiresAt"))?;
        Ok(LoginRecord {
            state: s("state")?,
            nonce: s("nonce")?,
            issuer: s("issuer")?,
            client_id: s("clientId")?,
            target_link_uri: s("targetLinkUri")?,
            deployment_id: match o.get("deploymentId") {
                None | Some(Value::Null) => None,
                Some(Value::String(d)) => Some(d.clone()),
                Some(_) => return Err(bad("deploymentId")),
            },
            expires_at: UnixTime::from_secs(exp as i64),
        })
    }

    /// JSON text of [`to_object`](Self::to_object).
    pub fn to_json(&self) -> String {
        self.to_object().to_json()
    }

    /// Parse JSON text written by [`to_json`](Self::to_json).
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let o = json::parse_object(text.as_bytes(), 4)
            .ok()
            .flatten()
            .ok_or(Error::from(LtiError::ClaimInvalid("login_record")))?;
        Self::from_object(&o)
    }
}

/// The authentication request to send the browser to, and the record to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthRequest {
    /// The platform's authorization endpoint with every parameter in the query.
    pub url: String,
    /// The same parameters, for a form POST to [`Registration::auth_login_url`].
    pub params: Vec<(&'static str, String)>,
    pub record: LoginRecord,
}

/// Options for [`create_login_request`].
#[derive(Clone, Debug, Default)]
pub struct LoginOptions {
    /// Which registered redirect URI to use (default: the first).
    pub redirect_uri: Option<String>,
    /// Lifetime of the pending login in seconds (default 600).
    pub ttl_secs: Option<i64>,
}

impl LoginOptions {
    /// From the JS options object: `redirectUri`, `expiresIn` (seconds or
    /// `"10m"`-style). Unknown members are refused.
    pub fn from_object(o: &Object) -> Result<Self, Error> {
        let mut opts = LoginOptions::default();
        for (k, v) in o.iter() {
            match k {
                "redirectUri" => {
                    opts.redirect_uri = Some(v.as_str().ok_or(Error::InvalidOptions("redirectUri must be a string"))?.into())
                }
                "expiresIn" => opts.ttl_secs = Some(super::seconds_option(v, "expiresIn must be seconds or a time span")?),
                "currentDate" => {}
                _ => return Err(Error::InvalidOptions("unknown LTI login option (expected redirectUri, expiresIn, currentDate)")),
            }
        }
        Ok(opts)
    }
}

/// Security Framework §5.1.1.1-5.1.1.2: find the registration by `iss`
/// (and `client_id` when the login names one).
pub fn find_registration<'r>(params: &LoginParams, registrations: &'r [Registration]) -> Result<&'r Registration, Error> {
    let mut for_issuer = registrations.iter().filter(|r| r.issuer() == params.iss).peekable();
    if for_issuer.peek().is_none() {
        return Err(LtiError::RegistrationNotFound.into());
    }
    match &params.client_id {
        Some(cid) => for_issuer.find(|r| r.client_id() == cid).ok_or(LtiError::ClientIdUnknown.into()),
        None => {
            let first = for_issuer.next().expect("peeked");
            if for_issuer.next().is_some() {
                return Err(LtiError::ClientIdAmbiguous.into());
            }
            Ok(first)
        }
    }
}

fn check_random(v: &str) -> Result<(), Error> {
    if v.len() < MIN_RANDOM_LEN || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(LtiError::StateEntropyTooShort.into());
    }
    Ok(())
}

/// lti.md §A: build the authentication request (OIDC Core §3.1.2.1) for
/// a login initiation, with the caller's fresh `state` and `nonce` (each at
/// least 128 bits of base64url; `crate::oauth::state::generate_state`
/// makes them with the `getrandom` feature).
///
/// Parameters: `scope=openid`, `response_type=id_token`,
/// `response_mode=form_post`, `prompt=none`, `client_id`, `redirect_uri`,
/// `login_hint` verbatim, `state`, `nonce`, `lti_message_hint` verbatim when
/// given. The record remembers state → nonce, iss, client_id,
/// target_link_uri, lti_deployment_id.
pub fn create_login_request(
    params: &LoginParams,
    registrations: &[Registration],
    options: &LoginOptions,
    state: &str,
    nonce: &str,
    now: UnixTime,
) -> Result<AuthRequest, Error> {
    let reg = find_registration(params, registrations)?;
    if let Some(d) = &params.lti_deployment_id
        && !reg.knows_deployment(d)
    {
        return Err(LtiError::LoginDeploymentIdUnknown.into());
    }
    if !reg.allows_target_link_uri(&params.target_link_uri) {
        return Err(LtiError::LoginTargetLinkUriInvalid.into());
    }
    let redirect_uri = match &options.redirect_uri {
        Some(r) if reg.get_redirect_uris().iter().any(|u| u == r) => r.clone(),
        Some(_) => return Err(LtiError::RedirectUriNotRegistered.into()),
        None => reg.get_redirect_uris().first().cloned().ok_or(LtiError::RedirectUriNotRegistered)?,
    };
    check_random(state)?;
    check_random(nonce)?;
    if state == nonce {
        return Err(LtiError::StateEntropyTooShort.into());
    }
    let ttl = options.ttl_secs.unwrap_or(DEFAULT_LOGIN_TTL);
    if !(1..=86_400).contains(&ttl) {
        return Err(Error::InvalidOptions("login ttl must be 1..=86400 seconds"));
    }

    let mut q: Vec<(&'static str, String)> = alloc::vec![
        ("scope", "openid".into()),
        ("response_type", "id_token".into()),
        ("response_mode", "form_post".into()),
        ("prompt", "none".into()),
        ("client_id", reg.client_id().into()),
        ("redirect_uri", redirect_uri),
        ("login_hint", params.login_hint.clone()),
        ("state", state.into()),
        ("nonce", nonce.into()),
    ];
    if let Some(h) = &params.lti_message_hint {
        q.push(("lti_message_hint", h.clone()));
    }
    let url = append_query(reg.auth_login_url(), &q);
    Ok(AuthRequest {
        url,
        params: q,
        record: LoginRecord {
            state: state.into(),
            nonce: nonce.into(),
            issuer: reg.issuer().into(),
            client_id: reg.client_id().into(),
            target_link_uri: params.target_link_uri.clone(),
            deployment_id: params.lti_deployment_id.clone(),
            expires_at: UnixTime::from_secs(now.as_secs().saturating_add(ttl)),
        },
    })
}

/// As [`create_login_request`] with a fresh random `state` and `nonce`
/// (256 bits each) from the platform RNG.
#[cfg(feature = "getrandom")]
pub fn create_login_request_random(
    params: &LoginParams,
    registrations: &[Registration],
    options: &LoginOptions,
    now: UnixTime,
) -> Result<AuthRequest, Error> {
    let state = crate::oauth::state::generate_state()?;
    let nonce = crate::oauth::state::generate_nonce()?;
    create_login_request(params, registrations, options, &state, &nonce, now)
}
