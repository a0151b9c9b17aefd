//! IHE IUA resource-server profile (ITI-72 Incorporate Access Token, ITI-102
//! Introspect Token; see ../shared/specs/iua.md).
//!
//! Build an [`IuaVerifier`] once from configuration, then per request:
//!
//! ```
//! use tokencheck::{Algorithm, AlgorithmSet, JwkSet, UnixTime};
//! use tokencheck::profiles::iua::{IuaVerifier, RequestContext};
//!
//! let verifier = IuaVerifier::builder(
//!         "https://as.example.com",                  // iss, exact
//!         "https://fhir.example.com/r4",             // this resource server (in aud)
//!         AlgorithmSet::new(&[Algorithm::RS256, Algorithm::ES256]).unwrap())
//!     .required_scopes(&["ITI-67"])
//!     .realm("fhir")
//!     .clock_tolerance(30.0)
//!     .build()
//!     .unwrap();
//! let keys = JwkSet::from_json(r#"{"keys":[]}"#).unwrap();
//! let err = verifier
//!     .verify_request("Bearer a.b", &keys, UnixTime::from_secs(1_700_000_000), &RequestContext::default())
//!     .unwrap_err();
//! let answer = verifier.challenge(&err);
//! assert_eq!(answer.status, 401);
//! assert_eq!(answer.www_authenticate.as_deref(),
//!     Some(r#"Bearer realm="fhir", error="invalid_token", error_description="The access token is malformed""#));
//! ```
//!
//! For an access token presented again and again, [`IuaVerifier::new_cache`]
//! and [`IuaVerifier::verify_request_cached`] keep the tokens a verifier
//! accepted (the security reasoning is in `src/profiles/iua/cache.rs`).
//!
//! Steps, in order (each one's failure has its own code):
//! 1. `Authorization` parsing (RFC 6750 §2.1; `IHE-JWT` legacy; `IHE-SAML` refused);
//! 2. JWS signature with a key from the caller's set and the algorithm
//!    allow-list ([`crate::jws`]), then the `typ` refusal of SET/logout tokens;
//! 3. [`jwt::Validator`](crate::jwt::Validator): accepted `typ` set, presence
//!    of `iss`/`sub`/`aud`/`exp`/`jti`, registered claim types, `iss` exact,
//!    `aud` contains this server, `nbf`/`exp`/`iat` with the leeway;
//! 4. IUA: no `events` claim; claim form; `client_id`/`scope`/`iat` for the
//!    current form; extension shapes; required scopes; request consistency;
//!    the caller's custom check.

pub(crate) mod cache;
mod challenge;
mod claims;
mod error;
pub mod options;

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

pub use cache::IuaCache;
pub use challenge::challenge_for;
pub use claims::{ClaimForm, Coding, IheBppc, IheIua, InstanceIdentifier, IuaToken, LEGACY_CLAIMS, TokenSource, detect_form, extract};
pub use error::{HeaderProblem, IntrospectionProblem, IuaError, MetadataProblem, Rejection, RejectionKind};

use crate::error::{Error, Reason};
use crate::jwa::AlgorithmSet;
use crate::jwk::JwkSet;
use crate::jws::external::{self, HostChecks, SignatureCheck};
use crate::jws::{self, Limits, Verified};
use crate::jwt::{Claims, TypPolicy, UnixTime, Validator};
use crate::oauth::bearer::{self, Challenge, Scheme, is_scope_token, quote_realm};
use crate::oauth::introspection::{self, IntrospectionResponse};
use crate::profiles::access_token;

/// `typ` values IUA accepts by default (ITI-71 example `IUA-JWT`, RFC 7519
/// `JWT`, RFC 9068 `at+jwt`), plus an absent `typ`.
pub const DEFAULT_TYPES: [&str; 3] = ["JWT", "IUA-JWT", access_token::AT_JWT];

/// Which claim forms are accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimForms {
    /// Current (Rev 2.x) and legacy flat (2013 / Rev 1.x) claims.
    Both,
    /// Only the current form.
    CurrentOnly,
}

/// The caller's own check, run last on an otherwise valid token.
pub type CustomCheck = Arc<dyn Fn(&IuaToken) -> Result<(), Rejection> + Send + Sync>;

/// What the request says that the token must agree with (ITI-72 §3.72.4.3:
/// "verify that the patient_id attribute of the access token corresponds to
/// the patient_id of the resource request").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestContext<'a> {
    /// The patient the request is about (e.g. from the URL), compared
    /// byte-for-byte with `person_id` and the BPPC `patient_id` (legacy:
    /// `personID`, `resourceID`). Normalise both sides' syntax before.
    pub patient_id: Option<&'a str>,
    /// With `patient_id`: refuse tokens that carry neither claim (a token not
    /// bound to any patient). Without it, unbound tokens pass and bound
    /// tokens must match.
    pub require_patient_binding: bool,
}

impl<'a> RequestContext<'a> {
    /// The token must name this patient.
    pub fn patient(id: &'a str) -> Self {
        RequestContext { patient_id: Some(id), require_patient_binding: true }
    }

    /// If the token names a patient, it must be this one.
    pub fn patient_if_bound(id: &'a str) -> Self {
        RequestContext { patient_id: Some(id), require_patient_binding: false }
    }
}

/// A verified introspection result and how long it may be cached.
#[derive(Clone, Debug, PartialEq)]
pub struct Introspected {
    pub token: IuaToken,
    /// Seconds; bounded by `exp` and by the caller's maximum (ITI-102 §3.102.4.2.3).
    pub cache_ttl_secs: u64,
}

/// Configuration for an [`IuaVerifier`].
#[derive(Clone)]
pub struct IuaVerifierBuilder {
    issuer: String,
    audiences: Vec<String>,
    algorithms: AlgorithmSet,
    required_scopes: Vec<String>,
    typ: TypSetting,
    forms: ClaimForms,
    accept_ihe_jwt_scheme: bool,
    clock_tolerance: f64,
    max_token_age: Option<f64>,
    limits: Limits,
    realm: Option<String>,
    scope_status: u16,
    custom_check: Option<CustomCheck>,
}

#[derive(Clone, Debug)]
enum TypSetting {
    Default,
    Strict,
    Custom(Vec<String>, bool),
}

impl fmt::Debug for IuaVerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IuaVerifierBuilder").field("issuer", &self.issuer).field("audiences", &self.audiences).finish_non_exhaustive()
    }
}

impl IuaVerifierBuilder {
    /// Also accept tokens whose `aud` names this identifier (e.g. the
    /// server's base URL and its logical name).
    pub fn audience(mut self, aud: &str) -> Self {
        self.audiences.push(aud.to_string());
        self
    }

    /// RFC 6749 §3.3 scope-tokens that must ALL be granted (ITI-72 §3.72.4.3).
    pub fn required_scopes<S: AsRef<str>>(mut self, scopes: &[S]) -> Self {
        self.required_scopes = scopes.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// RFC 9068 strict mode: `typ` must be `at+jwt` / `application/at+jwt`
    /// and only the current claim form (which is RFC 9068's claim set) passes.
    pub fn strict_rfc9068(mut self, on: bool) -> Self {
        self.typ = if on { TypSetting::Strict } else { TypSetting::Default };
        self
    }

    /// Replace the accepted `typ` set (compared as media types, RFC 7515
    /// §4.1.9); `allow_absent` also accepts tokens without `typ`.
    pub fn accepted_types<S: AsRef<str>>(mut self, types: &[S], allow_absent: bool) -> Self {
        self.typ = TypSetting::Custom(types.iter().map(|s| s.as_ref().to_string()).collect(), allow_absent);
        self
    }

    /// Which claim forms pass (default: both).
    pub fn claim_forms(mut self, forms: ClaimForms) -> Self {
        self.forms = forms;
        self
    }

    /// Accept the legacy `IHE-JWT` authorization scheme (default: yes).
    pub fn accept_ihe_jwt_scheme(mut self, on: bool) -> Self {
        self.accept_ihe_jwt_scheme = on;
        self
    }

    /// Leeway in seconds for `exp`, `nbf`, `iat` (default 0).
    pub fn clock_tolerance(mut self, secs: f64) -> Self {
        self.clock_tolerance = secs;
        self
    }

    /// `iat` no older than this (seconds).
    pub fn max_token_age(mut self, secs: f64) -> Self {
        self.max_token_age = Some(secs);
        self
    }

    /// Token size / JSON depth limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The `realm` in challenges (printable ASCII).
    pub fn realm(mut self, realm: &str) -> Self {
        self.realm = Some(realm.to_string());
        self
    }

    /// HTTP status for `insufficient_scope`: 403 (RFC 6750 §3.1, default) or
    /// 401 (the ITI-72 Rev 2.x §3.72.4.3 reading).
    pub fn insufficient_scope_status(mut self, status: u16) -> Self {
        self.scope_status = status;
        self
    }

    /// A check of the caller's own, run after every IUA rule passed.
    pub fn custom_check(mut self, check: impl Fn(&IuaToken) -> Result<(), Rejection> + Send + Sync + 'static) -> Self {
        self.custom_check = Some(Arc::new(check));
        self
    }

    /// Validate the configuration and build the verifier.
    pub fn build(self) -> Result<IuaVerifier, Error> {
        if self.issuer.is_empty() {
            return Err(Error::InvalidOptions("issuer is required"));
        }
        if self.audiences.is_empty() || self.audiences.iter().any(String::is_empty) {
            return Err(Error::InvalidOptions("audience is required"));
        }
        if !self.required_scopes.iter().all(|s| is_scope_token(s)) {
            return Err(Error::InvalidOptions("requiredScopes must be RFC 6749 scope-tokens"));
        }
        if !matches!(self.scope_status, 401 | 403) {
            return Err(Error::InvalidOptions("insufficientScopeStatus must be 401 or 403"));
        }
        let quoted_realm = match &self.realm {
            None => None,
            Some(r) => Some(quote_realm(r).ok_or(Error::InvalidOptions("realm must be printable ASCII"))?),
        };
        let (typ, forms) = match &self.typ {
            TypSetting::Default => (TypPolicy::one_of(&DEFAULT_TYPES, true), self.forms),
            TypSetting::Strict => (access_token::strict_typ_policy(), ClaimForms::CurrentOnly),
            TypSetting::Custom(t, absent) => {
                if t.is_empty() && !absent {
                    return Err(Error::InvalidOptions("the accepted typ set is empty"));
                }
                (TypPolicy::one_of(t, *absent), self.forms)
            }
        };
        // Claims both forms require; iss and aud are implied by issuer/audience.
        let mut base = Validator::new(self.algorithms)
            .issuer(&self.issuer)
            .audiences(&self.audiences)
            .required_claims(&["sub", "exp", "jti"])
            .reject_future_iat(true)
            .clock_tolerance(self.clock_tolerance)?
            .limits(self.limits)?;
        if let Some(age) = self.max_token_age {
            base = base.max_token_age(age)?;
        }
        let jwt = base.clone().typ_policy(typ);
        Ok(IuaVerifier {
            jwt,
            introspection: base,
            audiences: self.audiences,
            required_scopes: self.required_scopes,
            forms,
            accept_ihe_jwt_scheme: self.accept_ihe_jwt_scheme,
            quoted_realm,
            scope_status: self.scope_status,
            custom_check: self.custom_check,
            identity: crate::jwk::set::next_identity(),
        })
    }
}

/// IUA resource-server verification, built once (see the module docs).
#[derive(Clone)]
pub struct IuaVerifier {
    /// For JWTs: with the `typ` rule.
    jwt: Validator,
    /// For introspection responses: the same rules minus `typ` (no header).
    introspection: Validator,
    audiences: Vec<String>,
    required_scopes: Vec<String>,
    forms: ClaimForms,
    accept_ihe_jwt_scheme: bool,
    quoted_realm: Option<String>,
    scope_status: u16,
    custom_check: Option<CustomCheck>,
    /// Unique per built verifier (clones share it: same rules): the
    /// [`IuaCache`] it makes serves only verifiers with this identity.
    identity: u64,
}

impl fmt::Debug for IuaVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IuaVerifier")
            .field("jwt", &self.jwt)
            .field("required_scopes", &self.required_scopes)
            .field("forms", &self.forms)
            .field("custom_check", &self.custom_check.is_some())
            .finish_non_exhaustive()
    }
}

impl IuaVerifier {
    /// Start a configuration: the exact issuer, this resource server's
    /// audience identifier and the algorithm allow-list are required.
    pub fn builder(issuer: &str, audience: &str, algorithms: AlgorithmSet) -> IuaVerifierBuilder {
        IuaVerifierBuilder {
            issuer: issuer.to_string(),
            audiences: alloc::vec![audience.to_string()],
            algorithms,
            required_scopes: Vec::new(),
            typ: TypSetting::Default,
            forms: ClaimForms::Both,
            accept_ihe_jwt_scheme: true,
            clock_tolerance: 0.0,
            max_token_age: None,
            limits: Limits::default(),
            realm: None,
            scope_status: 403,
            custom_check: None,
        }
    }

    /// Verify a bare token or a whole `Authorization` value, without request
    /// expectations.
    pub fn verify(&self, input: &str, keys: &JwkSet, now: UnixTime) -> Result<IuaToken, Error> {
        self.verify_request(input, keys, now, &RequestContext::default())
    }

    /// ITI-72 §3.72.4.3: verify a bare token or a whole `Authorization` value
    /// and check it against the request.
    pub fn verify_request(&self, input: &str, keys: &JwkSet, now: UnixTime, request: &RequestContext<'_>) -> Result<IuaToken, Error> {
        let token = self.credential(input)?;
        let verified = jws::parse(token, self.jwt.get_limits())?.verify(keys, self.jwt.algorithms())?;
        self.finish_request(verified, now, request)
    }

    /// [`verify_request`](Self::verify_request) up to the signature, for a
    /// host primitive ([`jws::external`]): step 1, then the JWS parse, header
    /// rules, allow-list and key selection; the signatures of the algorithms
    /// in `host` are handed out as a pending check, the others checked here.
    /// Finish with [`finish_request`](Self::finish_request) once the
    /// signature is resolved.
    pub fn prepare_request(&self, input: &str, keys: &JwkSet, host: HostChecks) -> Result<SignatureCheck, Error> {
        let token = self.credential(input)?;
        external::prepare_for(token, self.jwt.get_limits(), keys, self.jwt.algorithms(), host)
    }

    /// The steps of [`verify_request`](Self::verify_request) after a verified
    /// signature: the `typ` refusal of SET/logout tokens, then steps 3-4.
    pub fn finish_request(&self, verified: Verified<Vec<u8>>, now: UnixTime, request: &RequestContext<'_>) -> Result<IuaToken, Error> {
        self.finish_request_with(verified, now, request, |token, _| token)
    }

    /// [`finish_request`](Self::finish_request), answering with
    /// `answer(token, payload_text)`: the payload's text as the token
    /// carries it comes along (e.g. for [`IuaToken::to_json_with_payload`]).
    pub fn finish_request_with<T>(
        &self,
        verified: Verified<Vec<u8>>,
        now: UnixTime,
        request: &RequestContext<'_>,
        answer: impl FnOnce(IuaToken, &str) -> T,
    ) -> Result<T, Error> {
        self.finish_request_in(None, None, verified, now, request, answer).map(|(_, t)| t)
    }

    /// Steps 2 (the `typ` refusal) and 3 after a verified signature: the
    /// claims, and the payload's text.
    fn finish_jws(&self, verified: Verified<Vec<u8>>, now: UnixTime) -> Result<(Verified<Claims>, String), Error> {
        access_token::check_header_is_access_token(verified.header())?;
        self.jwt.finish_keeping_payload(verified, now)
    }

    /// RFC 6750 §2.1 + the IUA scheme rules: the token in a bare token or a
    /// whole `Authorization` value (step 1 of [`verify_request`](Self::verify_request)).
    pub(crate) fn credential<'i>(&self, input: &'i str) -> Result<&'i str, Error> {
        let credential = bearer::credential_from_input(input)?;
        match credential.scheme {
            Scheme::IheSaml => Err(Error::Iua(IuaError::UnsupportedTokenFormat)),
            Scheme::IheJwt if !self.accept_ihe_jwt_scheme => Err(Error::Iua(IuaError::UnsupportedScheme)),
            _ => Ok(credential.token),
        }
    }

    /// The JWT validator (algorithms, limits, `typ` set, claims) of steps 2-3.
    pub(crate) fn jwt_validator(&self) -> &Validator {
        &self.jwt
    }

    /// ITI-102 §3.102.4.2.3 / RFC 7662 §2.2: validate an introspection
    /// response. `active:false` -> [`IuaError::TokenInactive`] (401);
    /// `active:true` -> the same typed result through the same rules as a JWT
    /// (issuer, audience, time, required claims, scopes, request). The cache
    /// lifetime is bounded by `exp` and by `max_cache_secs`.
    pub fn verify_introspection(
        &self,
        response: &[u8],
        now: UnixTime,
        request: &RequestContext<'_>,
        max_cache_secs: u64,
    ) -> Result<Introspected, Error> {
        let claims = match introspection::parse_response(response)? {
            IntrospectionResponse::Inactive => return Err(Error::Iua(IuaError::TokenInactive)),
            IntrospectionResponse::Active(c) => c,
        };
        introspection::check_token_type(&claims)?;
        self.introspection.validate_claims_only(&claims, now)?;
        let exp = claims.exp();
        let token = self.profile_rules(claims, TokenSource::Introspection, request)?;
        Ok(Introspected { token, cache_ttl_secs: introspection::cache_ttl(exp, now, max_cache_secs) })
    }

    /// The IUA rules after the generic JWT validation.
    pub(crate) fn profile_rules(&self, claims: Claims, source: TokenSource, request: &RequestContext<'_>) -> Result<IuaToken, Error> {
        access_token::check_claims_are_access_token(&claims)?;
        let form = detect_form(&claims)?;
        if form == ClaimForm::Legacy && self.forms == ClaimForms::CurrentOnly {
            return Err(Error::Iua(IuaError::LegacyFormRefused));
        }
        if form == ClaimForm::Current {
            // ITI-71 §3.71.4.2.2.1 / RFC 9068 §2.2: required in the current form
            for name in ["client_id", "scope", "iat"] {
                if !claims.as_object().contains_key(name) {
                    return Err(Error::claim_failed(name, Reason::Missing));
                }
            }
        }
        access_token::check_client_id_type(&claims)?;
        let scopes = access_token::parse_scope(&claims)?;
        let (iua, bppc) = extract(&claims, form)?;
        let matched_audience = claims
            .aud()
            .into_iter()
            .find(|a| self.audiences.iter().any(|e| e == a))
            .map(ToString::to_string)
            // the Validator already required a match; stay explicit anyway
            .ok_or(Error::claim_failed("aud", Reason::CheckFailed))?;
        let token = IuaToken::assemble(claims, form, source, matched_audience, scopes, iua, bppc);
        access_token::check_scopes(&token.scopes, &self.required_scopes)?;
        check_request(&token, request)?;
        if let Some(check) = &self.custom_check {
            check(&token).map_err(|r| Error::Iua(IuaError::CustomCheckFailed(r)))?;
        }
        Ok(token)
    }

    /// RFC 6750 §3: the HTTP status and `WWW-Authenticate` value for a failure.
    pub fn challenge(&self, err: &Error) -> Challenge {
        let scopes: Vec<&str> = self.required_scopes.iter().map(String::as_str).collect();
        challenge_for(err, self.quoted_realm.as_deref(), &scopes, self.scope_status)
    }

    /// The challenge for a request that carried no token at all (RFC 6750 §3.1).
    pub fn challenge_without_credentials(&self) -> Challenge {
        self.challenge(&Error::Iua(IuaError::NoCredentials))
    }

    /// The required scopes, as configured.
    pub fn required_scopes(&self) -> &[String] {
        &self.required_scopes
    }
}

/// Where a token verified as a JWS came from (its header's `alg`, `kid`, `typ`).
fn jws_source(header: &jws::Header) -> TokenSource {
    TokenSource::Jws { alg: header.alg(), kid: header.kid().map(ToString::to_string), typ: header.typ().map(ToString::to_string) }
}

/// ITI-72 §3.72.4.3: the patient of the request against the token's patient claims.
fn check_request(token: &IuaToken, request: &RequestContext<'_>) -> Result<(), Error> {
    let Some(expected) = request.patient_id else { return Ok(()) };
    let [person_claim, patient_claim] = claims::patient_claims(token.form);
    let mut bound = false;
    for (claim, value) in [(person_claim, &token.iua.person_id), (patient_claim, &token.bppc.patient_id)] {
        if let Some(v) = value {
            bound = true;
            if v != expected {
                return Err(Error::Iua(IuaError::RequestMismatch { claim }));
            }
        }
    }
    if !bound && request.require_patient_binding {
        return Err(Error::Iua(IuaError::RequestMismatch { claim: person_claim }));
    }
    Ok(())
}

/// ATNA `UserName` for a JWT-authenticated user, `alias<user@issuer>`
/// (IUA 2013 supplement §3.72.5.1.1; Rev 2.x §3.72.5.1): alias = `aud`,
/// user = `sub`, issuer = `iss`.
///
/// When `aud` is a list, the alias is the entry that named THIS resource
/// server ([`IuaToken::matched_audience`]) — the audience under which the
/// access was granted — not the whole list. Values are written as they are;
/// ATNA defines no escaping.
pub fn atna_user_name(token: &IuaToken) -> String {
    atna_user_name_from(&token.matched_audience, &token.subject, &token.issuer)
}

/// [`atna_user_name`] from its three parts: `alias<user@issuer>`.
pub fn atna_user_name_from(alias: &str, user: &str, issuer: &str) -> String {
    alloc::format!("{alias}<{user}@{issuer}>")
}
