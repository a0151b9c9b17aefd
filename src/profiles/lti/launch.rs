//! lti.md §B — validation of the launch `id_token` (Security Framework
//! §5.1.3, OIDC Core §3.1.3.7, LTI Core §5).
//!
//! Order: form (§B.1) → state (§B.2) → JWS structure, `kid`, `alg`, key,
//! signature (§B.3-6) → `iss`, `aud`/`azp`, times, `nonce` (§B.7-11) → LTI
//! claims (§B.12-18) and per-message-type rules → a [`PendingLaunch`] whose
//! nonce still has to be consumed once (§B.11 "never seen before").

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::claims::{self, Launch, MessageType, names};
use super::login::LoginRecord;
use super::nonce::{MemoryLoginStore, NonceCheck, NonceStore};
use super::{LtiError, Registration, valid_deployment_id};
use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwk::JwkSet;
use crate::jws::{self, Limits};
use crate::jwt::{Claims, UnixTime};

/// Constant-time string equality (lengths are not secret).
pub(crate) fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The launch form POST (OIDC Core §3.1.2.5-3.1.2.6, response_mode form_post).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LaunchForm {
    pub id_token: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl LaunchForm {
    /// From decoded form pairs; `id_token` / `state` / `error` twice is refused.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<Self, Error> {
        let mut f = LaunchForm::default();
        for (k, v) in pairs {
            let (slot, name) = match k.as_ref() {
                "id_token" => (&mut f.id_token, "id_token"),
                "state" => (&mut f.state, "state"),
                "error" => (&mut f.error, "error"),
                "error_description" => (&mut f.error_description, "error_description"),
                _ => continue,
            };
            if slot.is_some() {
                return Err(LtiError::ParameterDuplicate(name).into());
            }
            *slot = Some(v.as_ref().to_string());
        }
        Ok(f)
    }

    /// A form carrying just a token and a state.
    pub fn new(id_token: &str, state: &str) -> Self {
        LaunchForm { id_token: Some(id_token.into()), state: Some(state.into()), ..Default::default() }
    }
}

/// Options for launch validation.
#[derive(Clone, Debug)]
pub struct LaunchOptions {
    /// Leeway for `exp`, `iat`, `nbf` in seconds (default 30).
    pub clock_tolerance: i64,
    /// Refuse tokens whose `iat` is older than this (seconds), when set.
    pub max_age: Option<i64>,
    /// Accept launches without `sub` (LTI Core §5.3.6 anonymous launch).
    pub allow_anonymous: bool,
    /// Message types this endpoint accepts (default: all four known).
    pub message_types: Vec<MessageType>,
    /// Token and JSON size limits.
    pub limits: Limits,
}

impl Default for LaunchOptions {
    fn default() -> Self {
        LaunchOptions {
            clock_tolerance: 30,
            max_age: None,
            allow_anonymous: false,
            message_types: alloc::vec![
                MessageType::ResourceLink,
                MessageType::DeepLinking,
                MessageType::SubmissionReview,
                MessageType::DataPrivacy,
            ],
            limits: Limits::default(),
        }
    }
}

impl LaunchOptions {
    /// From the JS options object: `clockTolerance` and `maxTokenAge`
    /// (seconds or `"30s"`-style strings), `allowAnonymous`, `messageTypes`.
    /// Unknown members are refused.
    pub fn from_object(o: &crate::json::Object) -> Result<Self, Error> {
        let mut opts = LaunchOptions::default();
        for (k, v) in o.iter() {
            match k {
                "clockTolerance" => opts.clock_tolerance = super::seconds_option(v, "clockTolerance must be seconds or a time span")?,
                "maxTokenAge" => opts.max_age = Some(super::seconds_option(v, "maxTokenAge must be seconds or a time span")?),
                "allowAnonymous" => opts.allow_anonymous = v.as_bool().ok_or(Error::InvalidOptions("allowAnonymous must be a boolean"))?,
                "messageTypes" => {
                    let bad = || Error::InvalidOptions("messageTypes must list LTI message types");
                    let list = v.as_array().ok_or_else(bad)?;
                    opts.message_types = list
                        .iter()
                        .map(|m| m.as_str().and_then(MessageType::from_name).ok_or_else(bad))
                        .collect::<Result<_, _>>()?;
                }
                // handled by the caller (JS layer): the nonce store, the browser state, the current date
                "nonceStore" | "currentDate" => {}
                _ => {
                    return Err(Error::InvalidOptions(
                        "unknown LTI launch option (expected clockTolerance, maxTokenAge, allowAnonymous, messageTypes, nonceStore, currentDate)",
                    ));
                }
            }
        }
        Ok(opts)
    }
}

/// A launch that passed every check except the single use of its nonce.
/// Only [`consume_nonce`](Self::consume_nonce) or
/// [`nonce_consumed`](Self::nonce_consumed) turn it into a [`Launch`].
#[derive(Debug)]
#[must_use = "the nonce must be consumed before the launch is trusted"]
pub struct PendingLaunch {
    launch: Launch,
    nonce_expires_at: UnixTime,
}

impl PendingLaunch {
    /// The nonce to consume (the key in the replay store).
    pub fn nonce(&self) -> &str {
        &self.launch.nonce
    }

    /// Until when the nonce must be remembered (token `exp` + leeway).
    pub fn nonce_expires_at(&self) -> UnixTime {
        self.nonce_expires_at
    }

    /// lti.md §B.11 with a synchronous store.
    pub fn consume_nonce(self, store: &mut impl NonceStore, now: UnixTime) -> Result<Launch, Error> {
        let check = store.use_once(&self.launch.nonce, self.nonce_expires_at, now)?;
        self.nonce_consumed(check == NonceCheck::Fresh)
    }

    /// lti.md §B.11 with an external (e.g. async) store: pass `true` only
    /// if the store atomically recorded [`nonce`](Self::nonce) as first use
    /// (Workers KV is not atomic; a Durable Object or a database
    /// insert-if-absent is).
    pub fn nonce_consumed(self, first_use: bool) -> Result<Launch, Error> {
        if first_use { Ok(self.launch) } else { Err(LtiError::NonceReplayed.into()) }
    }
}

/// lti.md §B.10: a registered claim with the wrong JSON type.
pub(crate) fn map_claim_type_error(e: Error) -> LtiError {
    let name = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].into_iter().find(|n| e.claim() == Some(n)).unwrap_or("claims");
    LtiError::ClaimTypeInvalid(name)
}

/// Validates launches for one registration.
#[derive(Clone, Debug)]
pub struct LaunchValidator<'r> {
    registration: &'r Registration,
    options: LaunchOptions,
}

/// lti.md §B.3-6: the LTI code for a JWS / JWT structure failure.
pub(crate) fn map_jws_error(e: Error) -> LtiError {
    match e {
        Error::AlgNotAllowed(Reason::AlgKeyMismatch) => LtiError::AlgKeyMismatch,
        Error::AlgNotAllowed(_) | Error::NotSupported(Reason::AlgUnknown) => LtiError::AlgNotAllowed,
        Error::NoMatchingKey(_) => LtiError::KidUnknown,
        Error::MultipleMatchingKeys(_) => LtiError::KidAmbiguous,
        Error::SignatureVerificationFailed => LtiError::SignatureInvalid,
        Error::JweNotSupported => LtiError::IdTokenMalformed(Reason::Jwe),
        Error::JwsInvalid(r) | Error::JwtInvalid(r) | Error::NotSupported(r) => LtiError::IdTokenMalformed(r),
        _ => LtiError::IdTokenMalformed(Reason::Invalid),
    }
}

impl<'r> LaunchValidator<'r> {
    pub fn new(registration: &'r Registration, options: LaunchOptions) -> Result<Self, Error> {
        if options.clock_tolerance < 0 || options.clock_tolerance > 600 {
            return Err(Error::InvalidOptions("clockTolerance must be 0..=600 seconds"));
        }
        if options.max_age.is_some_and(|m| m <= 0) {
            return Err(Error::InvalidOptions("maxTokenAge must be positive"));
        }
        if options.message_types.is_empty() {
            return Err(Error::InvalidOptions("messageTypes must not be empty"));
        }
        Ok(LaunchValidator { registration, options })
    }

    /// The registration this validator checks launches for.
    pub fn registration(&self) -> &Registration {
        self.registration
    }

    /// The options this validator was built with.
    pub fn options(&self) -> &LaunchOptions {
        &self.options
    }

    /// lti.md §B.1-2 then [`verify_id_token`](Self::verify_id_token):
    /// `browser_state` is the state bound to this browser (e.g. from a
    /// `SameSite=None; Secure; HttpOnly` cookie set at login), `record` the
    /// login record the caller looked up (and removed) for it.
    pub fn verify(
        &self,
        form: &LaunchForm,
        browser_state: &str,
        record: &LoginRecord,
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<PendingLaunch, Error> {
        let id_token = check_form(form)?;
        let state = form.state.as_deref().ok_or(LtiError::StateMissing)?;
        if browser_state.is_empty() || !ct_eq(state, browser_state) || !ct_eq(state, &record.state) {
            return Err(LtiError::StateMismatch.into());
        }
        self.verify_id_token(id_token, record, keys, now)
    }

    /// The whole synchronous path: form, state taken from `logins` (single
    /// use), token, nonce consumed in `nonces`.
    pub fn verify_with_stores(
        &self,
        form: &LaunchForm,
        browser_state: &str,
        logins: &mut MemoryLoginStore,
        nonces: &mut impl NonceStore,
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<Launch, Error> {
        check_form(form)?;
        let state = form.state.as_deref().ok_or(LtiError::StateMissing)?;
        if browser_state.is_empty() || !ct_eq(state, browser_state) {
            return Err(LtiError::StateMismatch.into());
        }
        let record = logins.take(state, now)?;
        self.verify(form, browser_state, &record, keys, now)?.consume_nonce(nonces, now)
    }

    /// lti.md §B.3-18 for a token whose `state` the caller already matched
    /// to `record`.
    pub fn verify_id_token(
        &self,
        id_token: &str,
        record: &LoginRecord,
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<PendingLaunch, Error> {
        let reg = self.registration;
        if record.expires_at <= now {
            return Err(LtiError::StateExpired.into());
        }
        if record.issuer != reg.issuer() || record.client_id != reg.client_id() {
            return Err(LtiError::LoginRecordMismatch.into());
        }

        // §B.3-6: structure, kid, alg allow-list, key by kid, signature.
        let untrusted = jws::parse(id_token, &self.options.limits).map_err(map_jws_error)?;
        let kid = untrusted.header().kid().ok_or(LtiError::KidMissing)?.to_string();
        let algorithms = reg.get_algorithms();
        if !algorithms.contains(untrusted.header().alg()) {
            return Err(LtiError::AlgNotAllowed.into());
        }
        let verified = untrusted.verify(keys, algorithms).map_err(map_jws_error)?;
        let (_header, payload) = verified.into_parts();
        let claims = Claims::from_payload(&payload, self.options.limits.max_json_depth).map_err(map_jws_error)?;
        claims.check_registered_types().map_err(map_claim_type_error)?;

        self.check_oidc(&claims, record, now)?;
        let launch = self.check_lti(claims, record, kid)?;
        let tol = self.options.clock_tolerance;
        let nonce_expires_at = UnixTime::from_secs((launch.exp as i64).saturating_add(tol).max(now.as_secs() + 1));
        Ok(PendingLaunch { launch, nonce_expires_at })
    }

    /// lti.md §B.7-11 (Security Framework §5.1.3 steps 2-9).
    pub(crate) fn check_oidc(&self, claims: &Claims, record: &LoginRecord, now: UnixTime) -> Result<(), LtiError> {
        let reg = self.registration;
        // §B.7
        match claims.iss() {
            None => return Err(LtiError::IssMissing),
            Some(iss) if iss != reg.issuer() => return Err(LtiError::IssMismatch),
            Some(_) => {}
        }
        // §B.8: the whole array
        let aud = claims.aud();
        if aud.is_empty() {
            return Err(LtiError::AudMissing);
        }
        if !aud.contains(&reg.client_id()) {
            return Err(LtiError::AudMismatch);
        }
        // §B.9 (before the untrusted-audience rule, so a wrong `azp` is reported as such)
        match claims.get("azp") {
            None if aud.len() > 1 => return Err(LtiError::AzpMissing),
            None => {}
            Some(v) if v.as_str() != Some(reg.client_id()) => return Err(LtiError::AzpMismatch),
            Some(_) => {}
        }
        if aud.iter().any(|a| *a != reg.client_id() && !reg.get_trusted_audiences().iter().any(|t| t == a)) {
            return Err(LtiError::AudUntrusted);
        }
        // §B.10
        let now = now.as_secs() as f64;
        let tol = self.options.clock_tolerance as f64;
        let exp = claims.exp().ok_or(LtiError::ExpMissing)?;
        if exp <= now - tol {
            return Err(LtiError::TokenExpired);
        }
        let iat = claims.iat().ok_or(LtiError::IatMissing)?;
        if iat > now + tol {
            return Err(LtiError::IatInFuture);
        }
        if let Some(max) = self.options.max_age
            && now - iat > max as f64 + tol
        {
            return Err(LtiError::TokenTooOld);
        }
        if let Some(nbf) = claims.nbf()
            && nbf > now + tol
        {
            return Err(LtiError::NbfInFuture);
        }
        // §B.11 (equality; single use comes last, in PendingLaunch)
        match claims.get("nonce") {
            None => Err(LtiError::NonceMissing),
            Some(v) => match v.as_str() {
                None => Err(LtiError::ClaimTypeInvalid("nonce")),
                Some(n) if ct_eq(n, &record.nonce) => Ok(()),
                Some(_) => Err(LtiError::NonceMismatch),
            },
        }
    }

    /// lti.md §B.12-18 and the per-message-type rules.
    pub(crate) fn check_lti(&self, claims: Claims, record: &LoginRecord, kid: String) -> Result<Launch, LtiError> {
        let reg = self.registration;
        if !claims.as_object().iter().any(|(k, _)| k.starts_with(names::LTI_FAMILY)) {
            return Err(LtiError::LtiClaimsMissing);
        }
        // §B.12
        let message_type = match claims.get(names::MESSAGE_TYPE) {
            None => return Err(LtiError::MessageTypeMissing),
            Some(v) => v.as_str().and_then(MessageType::from_name).ok_or(LtiError::MessageTypeUnknown)?,
        };
        if !self.options.message_types.contains(&message_type) {
            return Err(LtiError::MessageTypeNotAllowed);
        }
        // §B.13
        let version = match claims.get(names::VERSION) {
            None => return Err(LtiError::VersionMissing),
            Some(v) if v.as_str() == Some("1.3.0") => "1.3.0",
            Some(_) => return Err(LtiError::VersionUnsupported),
        };
        // §B.14
        let deployment_id = match claims.get(names::DEPLOYMENT_ID) {
            None => return Err(LtiError::DeploymentIdMissing),
            Some(v) => v.as_str().filter(|d| valid_deployment_id(d)).ok_or(LtiError::DeploymentIdInvalid)?,
        };
        if !reg.knows_deployment(deployment_id) {
            return Err(LtiError::DeploymentIdUnknown);
        }
        if record.deployment_id.as_deref().is_some_and(|d| d != deployment_id) {
            return Err(LtiError::DeploymentIdMismatch);
        }
        // §B.15
        let sub = match claims.get("sub") {
            None if self.options.allow_anonymous => None,
            None => return Err(LtiError::SubMissing),
            Some(v) => Some(v.as_str().filter(|s| claims::is_id(s)).ok_or(LtiError::SubInvalid)?.to_string()),
        };
        // §B.16
        let roles = claims::roles(&claims)?;
        // §B.18 shapes
        let context = claims::context(&claims)?;
        let tool_platform = claims::tool_platform(&claims)?;
        let launch_presentation = claims::launch_presentation(&claims)?;
        let custom = claims::custom(&claims)?;
        let role_scope_mentor = claims::role_scope_mentor(&claims, &roles)?;
        let resource_link = claims::resource_link(&claims)?;
        let deep_linking_settings = claims::deep_linking_settings(&claims)?;
        let ags = claims::ags(&claims)?;
        let nrps = claims::nrps(&claims)?;
        let for_user = claims::for_user(&claims)?;
        let lti1p1 = claims::lti1p1(&claims)?;
        let lis = match claims.get(names::LIS) {
            None => None,
            Some(v) => Some(v.as_object().cloned().ok_or(LtiError::ClaimInvalid(names::LIS))?),
        };
        let target_link_uri = match claims.get(names::TARGET_LINK_URI) {
            None => None,
            Some(v) => {
                let t = v.as_str().ok_or(LtiError::ClaimInvalid(names::TARGET_LINK_URI))?;
                if t != record.target_link_uri {
                    return Err(LtiError::TargetLinkUriMismatch);
                }
                Some(t.to_string())
            }
        };

        // per message type
        match message_type {
            MessageType::ResourceLink => {
                if target_link_uri.is_none() {
                    return Err(LtiError::TargetLinkUriMissing);
                }
                if resource_link.is_none() {
                    return Err(LtiError::ResourceLinkMissing);
                }
            }
            MessageType::DeepLinking => {
                if deep_linking_settings.is_none() {
                    return Err(LtiError::DeepLinkingSettingsMissing);
                }
            }
            MessageType::SubmissionReview => {
                match &for_user {
                    None => return Err(LtiError::ForUserMissing),
                    Some(f) if f.user_id.as_deref().is_none_or(str::is_empty) => return Err(LtiError::ForUserInvalid),
                    Some(_) => {}
                }
                if ags.as_ref().is_none_or(|a| a.lineitem.is_none()) {
                    return Err(LtiError::AgsEndpointMissing);
                }
                if resource_link.is_none() {
                    return Err(LtiError::ResourceLinkMissing);
                }
            }
            MessageType::DataPrivacy => {
                if for_user.is_none() {
                    return Err(LtiError::ForUserMissing);
                }
            }
        }

        let user = claims::user(&claims, sub)?;
        Ok(Launch {
            message_type,
            version: version.into(),
            issuer: reg.issuer().into(),
            client_id: reg.client_id().into(),
            deployment_id: deployment_id.into(),
            nonce: claims.get_str("nonce").unwrap_or_default().into(),
            exp: claims.exp().unwrap_or_default(),
            iat: claims.iat().unwrap_or_default(),
            user,
            roles,
            role_scope_mentor,
            context,
            resource_link,
            target_link_uri,
            deep_linking_settings,
            custom,
            tool_platform,
            launch_presentation,
            lis,
            ags,
            nrps,
            for_user,
            lti1p1,
            kid,
            claims,
        })
    }
}

/// lti.md §B.4: "on a `kid` miss refetch the JWKS once, with a cooldown,
/// then reject". The core fetches nothing; this remembers when the caller
/// last fetched a platform's JWKS and says whether an
/// `ERR_LTI_KID_UNKNOWN` may trigger another fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JwksRefetchGate {
    cooldown_secs: i64,
    last_fetch: Option<i64>,
}

impl JwksRefetchGate {
    /// A gate with this cooldown (e.g. 300 s).
    pub fn new(cooldown_secs: i64) -> Self {
        JwksRefetchGate { cooldown_secs: cooldown_secs.max(0), last_fetch: None }
    }

    /// Record a fetch at `now`.
    pub fn fetched(&mut self, now: UnixTime) {
        self.last_fetch = Some(now.as_secs());
    }

    /// Whether a refetch is allowed now (never fetched, or the cooldown has
    /// passed). The caller refetches at most once per failed launch.
    pub fn may_refetch(&self, now: UnixTime) -> bool {
        self.last_fetch.is_none_or(|t| now.as_secs() >= t.saturating_add(self.cooldown_secs))
    }
}

/// §B.1: an OIDC error response is surfaced as such; otherwise the token.
fn check_form(form: &LaunchForm) -> Result<&str, Error> {
    if let Some(error) = &form.error {
        return Err(LtiError::OidcError { error: error.clone(), description: form.error_description.clone() }.into());
    }
    form.id_token.as_deref().filter(|t| !t.is_empty()).ok_or(LtiError::IdTokenMissing.into())
}

/// LTI 1.1 migration §4.1.1: `oauth_consumer_key_sign` =
/// base64(HMAC-SHA256(`key&deployment_id&iss&client_id&exp&nonce`, secret)).
pub fn lti1p1_signature(consumer_key: &str, secret: &str, deployment_id: &str, iss: &str, client_id: &str, exp: i64, nonce: &str) -> String {
    let base = alloc::format!("{consumer_key}&{deployment_id}&{iss}&{client_id}&{exp}&{nonce}");
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(base.as_bytes());
    base64url::encode_standard(&mac.finalize().into_bytes())
}

impl Launch {
    /// LTI 1.1 migration §4.1.1: check `lti1p1.oauth_consumer_key_sign` with
    /// the LTI 1.1 secret of `lti1p1.oauth_consumer_key` (constant time).
    /// Returns the verified consumer key.
    pub fn verify_lti1p1(&self, secret: &str) -> Result<&str, Error> {
        let l = self.lti1p1.as_ref().ok_or(LtiError::Lti1p1Invalid)?;
        let key = l.oauth_consumer_key.as_deref().ok_or(LtiError::Lti1p1Invalid)?;
        let given = l.oauth_consumer_key_sign.as_deref().ok_or(LtiError::Lti1p1Invalid)?;
        if self.exp != (self.exp as i64) as f64 {
            return Err(LtiError::Lti1p1SignatureInvalid.into());
        }
        let want = lti1p1_signature(key, secret, &self.deployment_id, &self.issuer, &self.client_id, self.exp as i64, &self.nonce);
        if ct_eq(&want, given) { Ok(key) } else { Err(LtiError::Lti1p1SignatureInvalid.into()) }
    }
}
