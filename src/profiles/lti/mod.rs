//! LTI 1.3 tool side (lti.md): third-party initiated login (§A), launch
//! `id_token` validation (§B), Deep Linking responses (§C), and the stores
//! that make `state` and `nonce` single use. LTI 1.0/1.1 lives in
//! [`crate::lti11`].
//!
//! Flow: [`login::create_login_request`] → the platform posts the
//! `id_token` → [`launch::LaunchValidator::verify`] → a
//! [`launch::PendingLaunch`] whose nonce the caller consumes (in memory with
//! [`nonce::MemoryNonceStore`], or in an async store such as Workers KV) →
//! a typed [`claims::Launch`].

pub mod claims;
pub mod deep_linking;
mod error;
pub mod form;
pub mod launch;
pub mod login;
pub mod nonce;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

pub use claims::{Launch, MessageType};
pub use error::LtiError;
pub use launch::{JwksRefetchGate, LaunchForm, LaunchOptions, LaunchValidator, PendingLaunch};
pub use login::{AuthRequest, LoginParams, LoginRecord, create_login_request};
pub use nonce::{MemoryLoginStore, MemoryNonceStore, NonceCheck, NonceStore};

use crate::error::Error;
use crate::jwa::{Algorithm, AlgorithmSet, KeyFamily};

/// What the tool knows about one platform registration (LTI Core §3.1.3,
/// Security Framework §5.1.1).
#[derive(Clone, Debug)]
pub struct Registration {
    issuer: String,
    client_id: String,
    auth_login_url: String,
    redirect_uris: Vec<String>,
    deployment_ids: Vec<String>,
    any_deployment: bool,
    target_link_uris: Vec<String>,
    algorithms: AlgorithmSet,
    trusted_audiences: Vec<String>,
}

impl Registration {
    /// A registration for `issuer` + `client_id` whose OIDC authorization
    /// endpoint is `auth_login_url`. Add redirect URIs and deployments with
    /// the builder methods; the algorithm allow-list starts as `[RS256]`.
    pub fn new(issuer: &str, client_id: &str, auth_login_url: &str) -> Result<Self, Error> {
        if issuer.is_empty() {
            return Err(LtiError::RegistrationInvalid("issuer").into());
        }
        if client_id.is_empty() {
            return Err(LtiError::RegistrationInvalid("client_id").into());
        }
        if !claims::is_absolute_url(auth_login_url) {
            return Err(LtiError::RegistrationInvalid("auth_login_url").into());
        }
        Ok(Registration {
            issuer: issuer.into(),
            client_id: client_id.into(),
            auth_login_url: auth_login_url.into(),
            redirect_uris: Vec::new(),
            deployment_ids: Vec::new(),
            any_deployment: false,
            target_link_uris: Vec::new(),
            // lti.md §B.5: RS256 is the certification algorithm (a non-empty list cannot fail)
            algorithms: match AlgorithmSet::new(&[Algorithm::RS256]) {
                Ok(a) => a,
                Err(_) => unreachable!(),
            },
            trusted_audiences: Vec::new(),
        })
    }

    /// Registered redirect URIs (the first is the default `redirect_uri`).
    pub fn redirect_uris<S: AsRef<str>>(mut self, uris: &[S]) -> Result<Self, Error> {
        for u in uris {
            if !claims::is_absolute_url(u.as_ref()) {
                return Err(LtiError::RegistrationInvalid("redirect_uris").into());
            }
        }
        self.redirect_uris = uris.iter().map(|u| u.as_ref().to_string()).collect();
        Ok(self)
    }

    /// The deployments of this tool on the platform (lti.md §B.14).
    pub fn deployment_ids<S: AsRef<str>>(mut self, ids: &[S]) -> Result<Self, Error> {
        if ids.iter().any(|d| !valid_deployment_id(d.as_ref())) {
            return Err(LtiError::RegistrationInvalid("deployment_ids").into());
        }
        self.deployment_ids = ids.iter().map(|u| u.as_ref().to_string()).collect();
        Ok(self)
    }

    /// Accept any well-formed deployment id (for tools that register
    /// deployments on first sight and check them themselves). Off by default.
    pub fn accept_any_deployment(mut self, on: bool) -> Self {
        self.any_deployment = on;
        self
    }

    /// Where launches may go: when non-empty, the login's `target_link_uri`
    /// must be one of these exactly (no open redirect through the login).
    pub fn target_link_uris<S: AsRef<str>>(mut self, uris: &[S]) -> Result<Self, Error> {
        for u in uris {
            if !claims::is_absolute_url(u.as_ref()) {
                return Err(LtiError::RegistrationInvalid("target_link_uris").into());
            }
        }
        self.target_link_uris = uris.iter().map(|u| u.as_ref().to_string()).collect();
        Ok(self)
    }

    /// lti.md §B.5: the `id_token` algorithm allow-list. RS256/384/512 and
    /// ES256/384/512 only; HS*, PS*, EdDSA (and `none`) are refused.
    pub fn algorithms(mut self, algs: AlgorithmSet) -> Result<Self, Error> {
        if algs.iter().any(|a| !matches!(a.family(), KeyFamily::Rsa | KeyFamily::Ec(_)) || a.name().starts_with("PS")) {
            return Err(Error::InvalidOptions("LTI algorithms must be RS256/384/512 or ES256/384/512"));
        }
        self.algorithms = algs;
        Ok(self)
    }

    /// lti.md §B.8: audiences besides the `client_id` that may appear in `aud`.
    pub fn trusted_audiences<S: AsRef<str>>(mut self, aud: &[S]) -> Self {
        self.trusted_audiences = aud.iter().map(|u| u.as_ref().to_string()).collect();
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
    pub fn auth_login_url(&self) -> &str {
        &self.auth_login_url
    }
    pub fn get_redirect_uris(&self) -> &[String] {
        &self.redirect_uris
    }
    pub fn get_deployment_ids(&self) -> &[String] {
        &self.deployment_ids
    }
    pub fn get_algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }
    pub fn get_trusted_audiences(&self) -> &[String] {
        &self.trusted_audiences
    }

    /// lti.md §B.14: whether this deployment belongs to the registration.
    pub fn knows_deployment(&self, id: &str) -> bool {
        self.any_deployment || self.deployment_ids.iter().any(|d| d == id)
    }

    pub(crate) fn allows_target_link_uri(&self, uri: &str) -> bool {
        claims::is_absolute_url(uri) && (self.target_link_uris.is_empty() || self.target_link_uris.iter().any(|u| u == uri))
    }
}

/// A JSON list of strings (`None` when not one).
fn string_list(v: &crate::json::Value) -> Option<Vec<String>> {
    v.to_string_vec()
}

impl Registration {
    /// A registration from its JSON form (the JS API's shape):
    /// `{ issuer, clientId, authLoginUrl, redirectUris, deploymentIds,
    /// acceptAnyDeployment?, targetLinkUris?, algorithms?, trustedAudiences? }`.
    /// `jwks` / `jwksUri` are the caller's (keys are passed separately) and
    /// skipped here; any other unknown member is refused (a typo must not
    /// silently drop a check).
    pub fn from_object(o: &crate::json::Object) -> Result<Self, Error> {
        use crate::json::Value;
        const KNOWN: [&str; 11] = [
            "issuer",
            "clientId",
            "authLoginUrl",
            "redirectUris",
            "deploymentIds",
            "acceptAnyDeployment",
            "targetLinkUris",
            "algorithms",
            "trustedAudiences",
            "jwks",
            "jwksUri",
        ];
        if o.iter().any(|(k, _)| !KNOWN.contains(&k)) {
            return Err(Error::InvalidOptions("unknown registration member (expected issuer, clientId, authLoginUrl, redirectUris, deploymentIds, acceptAnyDeployment, targetLinkUris, algorithms, trustedAudiences, jwks, jwksUri)"));
        }
        let s = |k: &'static str| o.get_str(k).ok_or(Error::from(LtiError::RegistrationInvalid(k)));
        let list = |k: &'static str| -> Result<Vec<String>, Error> {
            match o.get(k) {
                None => Ok(Vec::new()),
                Some(v) => string_list(v).ok_or(LtiError::RegistrationInvalid(k).into()),
            }
        };
        let mut r = Registration::new(s("issuer")?, s("clientId")?, s("authLoginUrl")?)?
            .redirect_uris(&list("redirectUris")?)?
            .deployment_ids(&list("deploymentIds")?)?
            .target_link_uris(&list("targetLinkUris")?)?
            .trusted_audiences(&list("trustedAudiences")?);
        match o.get("acceptAnyDeployment") {
            None => {}
            Some(Value::Bool(b)) => r = r.accept_any_deployment(*b),
            Some(_) => return Err(LtiError::RegistrationInvalid("acceptAnyDeployment").into()),
        }
        if o.contains_key("algorithms") {
            r = r.algorithms(AlgorithmSet::from_names(&list("algorithms")?)?)?;
        }
        Ok(r)
    }
}

/// A time span option: a number of seconds or a string such as `"30s"`,
/// `"5m"` (jose's grammar, [`crate::jwt::parse_duration`]).
pub(crate) fn seconds_option(v: &crate::json::Value, what: &'static str) -> Result<i64, Error> {
    match v {
        crate::json::Value::Number(n) if n.is_finite() && *n >= 0.0 && *n <= 1e12 => Ok(*n as i64),
        crate::json::Value::String(s) => crate::jwt::parse_duration(s),
        _ => Err(Error::InvalidOptions(what)),
    }
}

/// LTI Core §5.3.3: a deployment id is a non-empty string of at most 255 ASCII characters.
pub fn valid_deployment_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 255 && s.is_ascii()
}
