//! Verification report: the verification pipeline run step by step, with
//! every check's outcome recorded — for diagnostics and the demo page
//! (`www/`), never for decisions (use the verify functions).
//!
//! Each report calls the same pieces, in the same order, as the verify
//! function it explains ([`Validator::verify`], [`IuaVerifier::verify`],
//! [`LaunchValidator::verify_id_token`]), so its verdict is that function's
//! verdict (tests/report.rs checks this on the samples and on failures).
//! The pipeline stops at the first failure, as verification does: the
//! checks after it are listed as [`Status::NotRun`].
//!
//! Checks that need more than a token are listed as
//! [`Status::NeedsContext`]: for LTI the login flow's `state`, `nonce` and
//! `target_link_uri` (a bare `id_token` has no login record), for IUA the
//! request's patient.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::base64url;
use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::jwk::JwkSet;
use crate::jws::{self, Header, Limits, ParseStage, UntrustedJws};
use crate::jwt::{ClaimCheck, Claims, UnixTime, Validator};
use crate::profiles::access_token;
use crate::profiles::iua::{IuaVerifier, RequestContext, TokenSource};
use crate::profiles::lti::LoginRecord;
use crate::profiles::lti::launch::{LaunchValidator, map_claim_type_error, map_jws_error};

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The check ran and passed.
    Pass,
    /// The check ran and failed: the report's verdict.
    Fail,
    /// Not run: an earlier check failed.
    NotRun,
    /// Ran, but the configuration sets no expectation for it (it cannot fail).
    NotConfigured,
    /// Cannot be decided from the token and keys alone (login flow, request).
    NeedsContext,
}

impl Status {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotRun => "not_run",
            Status::NotConfigured => "not_configured",
            Status::NeedsContext => "needs_context",
        }
    }
}

/// What a check is: a stable id, a one-line description and its reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: &'static str,
    pub title: &'static str,
    pub reference: &'static str,
}

const fn step(id: &'static str, title: &'static str, reference: &'static str) -> Step {
    Step { id, title, reference }
}

/// The checks reports are made of (module docs).
pub mod steps {
    use super::{Step, step};

    pub const STRUCTURE: Step =
        step("jws.structure", "Compact serialization: size limit, three parts, header part present", "RFC 7515 §7.1, RFC 8725 §3.1");
    pub const HEADER: Step = step(
        "jws.header",
        "Protected header: strict base64url and JSON, alg present and not none, no zip or b64, crit understood",
        "RFC 7515 §4, RFC 8725 §3.1",
    );
    pub const ENCODING: Step = step("jws.encoding", "Payload and signature parts are strict base64url", "RFC 7515 §2, §7.1");
    pub const ALG_ALLOWED: Step = step("jws.alg_allowed", "alg is in the algorithm allow-list", "RFC 8725 §3.1");
    pub const KEY_SELECTED: Step = step(
        "jwk.selected",
        "Exactly one key selected by kid (or by alg when there is no kid), and alg fits that key",
        "RFC 7515 §4.1.4, RFC 7517 §4, RFC 8725 §3.1",
    );
    pub const SIGNATURE: Step = step("jws.signature", "Signature verifies with the selected key", "RFC 7515 §5.2");
    pub const CLAIMS_SET: Step = step("jwt.claims_set", "Payload is a JSON object (the claims set)", "RFC 7519 §7.2");
    pub const TYP: Step = step("claim.typ", "typ header is an accepted type", "RFC 7515 §4.1.9, RFC 8725 §3.11");
    pub const PRESENCE: Step = step("claim.presence", "Required claims are present", "RFC 7519 §4.1");
    pub const TYPES: Step =
        step("claim.types", "Registered claims have their types (iss/sub/jti strings, aud, NumericDates)", "RFC 7519 §4.1");
    pub const ISS: Step = step("claim.iss", "iss is the expected issuer", "RFC 7519 §4.1.1");
    pub const SUB: Step = step("claim.sub", "sub is the expected subject", "RFC 7519 §4.1.2");
    pub const AUD: Step = step("claim.aud", "aud contains the expected audience", "RFC 7519 §4.1.3");
    pub const NBF: Step = step("claim.nbf", "nbf has passed (with the clock tolerance)", "RFC 7519 §4.1.5");
    pub const EXP: Step = step("claim.exp", "exp has not passed (with the clock tolerance)", "RFC 7519 §4.1.4");
    pub const IAT: Step = step("claim.iat", "iat is not in the future and not older than the maximum age", "RFC 7519 §4.1.6");

    pub const IUA_CREDENTIAL: Step =
        step("iua.credential", "Token taken from the input (a bare token or an Authorization value)", "RFC 6750 §2.1, ITI-72 §3.72.4.1");
    pub const IUA_NOT_EVENT: Step =
        step("iua.not_event_token", "typ is not a Security Event or logout token", "RFC 8417 §2.3, RFC 8725 §3.11");
    pub const IUA_PROFILE: Step = step(
        "iua.profile",
        "IUA rules: no events claim, claim form, client_id/scope/iat (current form), extension shapes, required scopes",
        "ITI-71 §3.71.4.2.2.1, ITI-72 §3.72.4.3, RFC 9068 §2.2",
    );
    pub const IUA_REQUEST: Step =
        step("iua.request", "The request's patient matches person_id / patient_id (needs the HTTP request)", "ITI-72 §3.72.4.3");

    pub const LTI_STATE: Step = step(
        "lti.state",
        "state equals the one bound to this browser at login (needs the login flow)",
        "LTI Security Framework §5.1.1.3, lti.md §B.2",
    );
    pub const LTI_LOGIN: Step =
        step("lti.login_record", "Login record not expired, for this issuer and client_id (needs the login flow)", "lti.md §B.2");
    pub const LTI_KID: Step = step("lti.kid", "kid is present", "LTI Security Framework §6.3, lti.md §B.3");
    pub const LTI_CLAIM_TYPES: Step =
        step("lti.claim_types", "Registered claims have their types", "RFC 7519 §4.1, lti.md §B.10");
    pub const LTI_OIDC: Step = step(
        "lti.oidc",
        "id_token claims: iss, aud/azp, exp, iat, nbf, nonce present",
        "OIDC Core §3.1.3.7, LTI Security Framework §5.1.3, lti.md §B.7-11",
    );
    pub const LTI_NONCE_MATCH: Step =
        step("lti.nonce_login", "nonce equals the one sent in the login request (needs the login flow)", "OIDC Core §3.1.3.7, lti.md §B.11");
    pub const LTI_CLAIMS: Step = step(
        "lti.claims",
        "LTI claims: message type, version, deployment_id, sub, roles, claim shapes, per-message-type rules",
        "LTI Core §5.3-5.4, Deep Linking §4.4, lti.md §B.12-18",
    );
    pub const LTI_TARGET: Step = step(
        "lti.target_link_uri",
        "target_link_uri equals the one in the login initiation (needs the login flow)",
        "LTI Core §5.4.1, lti.md §B.17",
    );
    pub const LTI_NONCE_ONCE: Step =
        step("lti.nonce_once", "nonce was never used before (needs the login flow's nonce store)", "OIDC Core §3.1.3.7, lti.md §B.11");
}

use steps::*;

fn claim_step(c: ClaimCheck) -> Step {
    match c {
        ClaimCheck::Typ => TYP,
        ClaimCheck::Presence => PRESENCE,
        ClaimCheck::Types => TYPES,
        ClaimCheck::Issuer => ISS,
        ClaimCheck::Subject => SUB,
        ClaimCheck::Audience => AUD,
        ClaimCheck::NotBefore => NBF,
        ClaimCheck::Expiry => EXP,
        ClaimCheck::IssuedAt => IAT,
    }
}

/// One line of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub step: Step,
    pub status: Status,
    /// The failure, for [`Status::Fail`].
    pub error: Option<Error>,
    /// A short fact about the outcome (the selected key, an absent claim, ...).
    pub note: Option<String>,
}

/// The key that [`steps::KEY_SELECTED`] chose.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedKey {
    /// Position in the key set's `keys()`.
    pub index: usize,
    /// RFC 7638 §3 SHA-256 thumbprint, base64url.
    pub thumbprint: String,
    /// The public JWK (RFC 7517 §4).
    pub jwk: Object,
}

/// A verification, step by step.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// `generic`, `iua` or `lti`.
    pub profile: &'static str,
    pub checks: Vec<Check>,
    /// The protected header as the token states it (when it decodes as a JSON object).
    pub header: Option<Object>,
    /// The claims as the token states them (when the payload is a JSON object).
    pub claims: Option<Object>,
    /// Whether the signature over `header` and `claims` verified.
    pub signature_verified: bool,
    pub key: Option<SelectedKey>,
}

impl Report {
    /// The verify function's verdict: the error of the failing check (there
    /// is at most one: the pipeline stops there), or `Ok`. The error is kept
    /// once, in that check.
    pub fn verdict(&self) -> Result<(), &Error> {
        self.checks.iter().find_map(|c| c.error.as_ref()).map_or(Ok(()), Err)
    }

    /// How many checks need more than the token ([`Status::NeedsContext`]).
    pub fn needs_context(&self) -> usize {
        self.checks.iter().filter(|c| c.status == Status::NeedsContext).count()
    }

    /// The report as a JSON object (the JS API's shape):
    /// `{ profile, valid, error, needsContext, checks: [{ id, title, ref,
    /// status, code?, reason?, claim?, message?, note? }], header, claims,
    /// signatureVerified, key: { index, thumbprint, jwk } | null }`.
    pub fn to_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("profile", self.profile.into());
        let verdict = self.verdict();
        o.insert("valid", Value::Bool(verdict.is_ok()));
        o.insert("error", verdict.err().map_or(Value::Null, |e| Value::Object(error_object(e))));
        o.insert("needsContext", Value::from(self.needs_context() as i64));
        let checks = self
            .checks
            .iter()
            .map(|c| {
                let mut x = Object::new();
                x.insert("id", c.step.id.into());
                x.insert("title", c.step.title.into());
                x.insert("ref", c.step.reference.into());
                x.insert("status", c.status.as_str().into());
                if let Some(e) = &c.error {
                    for (k, v) in error_object(e).iter() {
                        x.insert(k, v.clone());
                    }
                }
                if let Some(n) = &c.note {
                    x.insert("note", n.as_str().into());
                }
                Value::Object(x)
            })
            .collect();
        o.insert("checks", Value::Array(checks));
        o.insert("header", self.header.clone().map_or(Value::Null, Value::Object));
        o.insert("claims", self.claims.clone().map_or(Value::Null, Value::Object));
        o.insert("signatureVerified", Value::Bool(self.signature_verified));
        o.insert(
            "key",
            match &self.key {
                None => Value::Null,
                Some(k) => {
                    let mut x = Object::new();
                    x.insert("index", Value::from(k.index as i64));
                    x.insert("thumbprint", k.thumbprint.as_str().into());
                    x.insert("jwk", Value::Object(k.jwk.clone()));
                    Value::Object(x)
                }
            },
        );
        o
    }
}

fn error_object(e: &Error) -> Object {
    let mut o = Object::new();
    o.insert("code", e.code().into());
    if let Some(r) = e.reason() {
        o.insert("reason", r.into());
    }
    if let Some(c) = e.claim() {
        o.insert("claim", c.into());
    }
    o.insert("message", e.to_string().into());
    o
}

/// The report being built: the pipeline returns `Err(Stop)` at its first failure.
struct Run {
    profile: &'static str,
    checks: Vec<Check>,
    header: Option<Object>,
    claims: Option<Object>,
    signature_verified: bool,
    key: Option<SelectedKey>,
}

struct Stop;

impl Run {
    fn new(profile: &'static str, token: &str, limits: &Limits) -> Self {
        let (header, claims) = display_parts(token, limits);
        Run { profile, checks: Vec::new(), header, claims, signature_verified: false, key: None }
    }

    fn push(&mut self, step: Step, status: Status, error: Option<Error>, note: Option<String>) {
        self.checks.push(Check { step, status, error, note });
    }

    /// Record a check's result; a failure becomes the verdict and stops the pipeline.
    fn check<T>(&mut self, step: Step, result: Result<T, Error>) -> Result<T, Stop> {
        match result {
            Ok(v) => {
                self.push(step, Status::Pass, None, None);
                Ok(v)
            }
            Err(e) => {
                self.push(step, Status::Fail, Some(e), None);
                Err(Stop)
            }
        }
    }

    fn note(&mut self, note: String) {
        if let Some(last) = self.checks.last_mut() {
            last.note = Some(note);
        }
    }

    fn needs_context(&mut self, step: Step) {
        self.push(step, Status::NeedsContext, None, None);
    }

    /// The planned checks that did not run: [`Status::NotRun`] (or
    /// [`Status::NeedsContext`] for those that never run on a bare token).
    fn finish(mut self, plan: &[Step], context_steps: &[Step]) -> Report {
        for s in plan {
            if !self.checks.iter().any(|c| c.step.id == s.id) {
                let status = if context_steps.iter().any(|c| c.id == s.id) { Status::NeedsContext } else { Status::NotRun };
                self.push(*s, status, None, None);
            }
        }
        // keep the plan's order
        let mut ordered = Vec::with_capacity(self.checks.len());
        for s in plan {
            if let Some(i) = self.checks.iter().position(|c| c.step.id == s.id) {
                ordered.push(self.checks.swap_remove(i));
            }
        }
        ordered.append(&mut self.checks);
        Report {
            profile: self.profile,
            checks: ordered,
            header: self.header,
            claims: self.claims,
            signature_verified: self.signature_verified,
            key: self.key,
        }
    }

    /// RFC 7515 §7.1 / §4 / §2: the three parse stages, with `map` applied
    /// to the error (the LTI codes).
    fn parse<'t>(&mut self, token: &'t str, limits: &Limits, map: impl Fn(Error) -> Error) -> Result<UntrustedJws<'t>, Stop> {
        match jws::parse_staged(token, limits) {
            Ok(j) => {
                for s in [STRUCTURE, HEADER, ENCODING] {
                    self.push(s, Status::Pass, None, None);
                }
                Ok(j)
            }
            Err((stage, e)) => {
                let failed = match stage {
                    ParseStage::Structure => STRUCTURE,
                    ParseStage::Header => HEADER,
                    ParseStage::Encoding => ENCODING,
                };
                for s in [STRUCTURE, HEADER, ENCODING] {
                    if s.id == failed.id {
                        break;
                    }
                    self.push(s, Status::Pass, None, None);
                }
                self.check(failed, Err(map(e)))
            }
        }
    }

    /// Key selection then the signature (the two halves of
    /// [`UntrustedJws::verify`] after the allow-list).
    fn key_and_signature(
        &mut self,
        jws: UntrustedJws<'_>,
        keys: &JwkSet,
        algorithms: crate::AlgorithmSet,
        map: impl Fn(Error) -> Error,
    ) -> Result<(Header, Vec<u8>), Stop> {
        let index = self.check(KEY_SELECTED, jws.select_key(keys, algorithms).map_err(&map))?;
        let key = &keys.keys()[index];
        let thumbprint = key.thumbprint_sha256();
        self.note(alloc::format!(
            "key #{index}: kid {}, kty {}{}, thumbprint {thumbprint}",
            key.kid().map_or(Cow::Borrowed("(none)"), |k| Cow::Owned(alloc::format!("\"{k}\""))),
            key.kty(),
            key.crv().map_or(String::new(), |c| alloc::format!(" {c}")),
        ));
        self.key = Some(SelectedKey { index, thumbprint, jwk: key.to_public_object() });
        let verified = self.check(SIGNATURE, jws.verify_with_key(keys, index).map_err(&map))?;
        self.signature_verified = true;
        Ok(verified.into_parts())
    }

    /// RFC 7519 §7.2 step 10 and the validator's claim checks.
    fn claims(&mut self, v: &Validator, header: &Header, payload: &[u8], now: UnixTime) -> Result<Claims, Stop> {
        let claims = self.check(CLAIMS_SET, Claims::from_payload(payload, v.get_limits().max_json_depth))?;
        for c in ClaimCheck::ALL {
            let r = v.check(c, Some(header), &claims, now);
            if r.is_ok() && !v.is_configured(c) {
                self.push(claim_step(c), Status::NotConfigured, None, None);
                continue;
            }
            self.check(claim_step(c), r)?;
            let absent = |name: &str| !claims.as_object().contains_key(name);
            let note = match c {
                ClaimCheck::NotBefore if absent("nbf") => Some("no nbf claim"),
                ClaimCheck::Expiry if absent("exp") => Some("no exp claim (not required by these options)"),
                ClaimCheck::IssuedAt if absent("iat") => Some("no iat claim"),
                _ => None,
            };
            if let Some(n) = note {
                self.note(n.into());
            }
        }
        Ok(claims)
    }
}

/// Header and claims as the token states them, for display: decoded
/// leniently (no header rules, no signature) within the size limits.
fn display_parts(token: &str, limits: &Limits) -> (Option<Object>, Option<Object>) {
    if token.len() > limits.max_token_len {
        return (None, None);
    }
    let mut parts = token.split('.');
    let decode = |part: Option<&str>| {
        part.and_then(|p| base64url::decode(p.as_bytes()).ok())
            .and_then(|bytes| json::parse_object(&bytes, limits.max_json_depth).ok().flatten())
    };
    let header = decode(parts.next());
    let claims = decode(parts.next());
    (header, claims)
}

const GENERIC_PLAN: [Step; 16] =
    [STRUCTURE, HEADER, ENCODING, ALG_ALLOWED, KEY_SELECTED, SIGNATURE, CLAIMS_SET, TYP, PRESENCE, TYPES, ISS, SUB, AUD, NBF, EXP, IAT];

/// [`Validator::verify`] step by step.
pub fn generic(token: &str, keys: &JwkSet, validator: &Validator, now: UnixTime) -> Report {
    let mut run = Run::new("generic", token, validator.get_limits());
    let _ = generic_pipeline(&mut run, token, keys, validator, now);
    run.finish(&GENERIC_PLAN, &[])
}

fn generic_pipeline(run: &mut Run, token: &str, keys: &JwkSet, v: &Validator, now: UnixTime) -> Result<(), Stop> {
    let jws = run.parse(token, v.get_limits(), |e| e)?;
    run.check(ALG_ALLOWED, jws.check_alg_allowed(v.algorithms()))?;
    let (header, payload) = run.key_and_signature(jws, keys, v.algorithms(), |e| e)?;
    run.claims(v, &header, &payload, now)?;
    Ok(())
}

const IUA_PLAN: [Step; 20] = [
    IUA_CREDENTIAL,
    STRUCTURE,
    HEADER,
    ENCODING,
    ALG_ALLOWED,
    KEY_SELECTED,
    SIGNATURE,
    IUA_NOT_EVENT,
    CLAIMS_SET,
    TYP,
    PRESENCE,
    TYPES,
    ISS,
    SUB,
    AUD,
    NBF,
    EXP,
    IAT,
    IUA_PROFILE,
    IUA_REQUEST,
];

/// [`IuaVerifier::verify`] step by step (no request context: the patient
/// check is [`Status::NeedsContext`]).
pub fn iua(input: &str, keys: &JwkSet, verifier: &IuaVerifier, now: UnixTime) -> Report {
    let v = verifier.jwt_validator();
    let token = verifier.credential(input).unwrap_or(input);
    let mut run = Run::new("iua", token, v.get_limits());
    let _ = iua_pipeline(&mut run, input, keys, verifier, now);
    run.finish(&IUA_PLAN, &[IUA_REQUEST])
}

fn iua_pipeline(run: &mut Run, input: &str, keys: &JwkSet, verifier: &IuaVerifier, now: UnixTime) -> Result<(), Stop> {
    let v = verifier.jwt_validator();
    let token = run.check(IUA_CREDENTIAL, verifier.credential(input))?;
    let jws = run.parse(token, v.get_limits(), |e| e)?;
    run.check(ALG_ALLOWED, jws.check_alg_allowed(v.algorithms()))?;
    let (header, payload) = run.key_and_signature(jws, keys, v.algorithms(), |e| e)?;
    run.check(IUA_NOT_EVENT, access_token::check_header_is_access_token(&header))?;
    let claims = run.claims(v, &header, &payload, now)?;
    let source = TokenSource::Jws { alg: header.alg(), kid: header.kid().map(ToString::to_string), typ: header.typ().map(ToString::to_string) };
    let token = run.check(IUA_PROFILE, verifier.profile_rules(claims, source, &RequestContext::default()))?;
    run.note(alloc::format!(
        "{} claim form; scopes: {}",
        token.form.as_str(),
        if token.scopes.is_empty() { String::from("(none)") } else { token.scopes.join(" ") }
    ));
    run.needs_context(IUA_REQUEST);
    Ok(())
}

const LTI_PLAN: [Step; 16] = [
    LTI_STATE,
    LTI_LOGIN,
    STRUCTURE,
    HEADER,
    ENCODING,
    LTI_KID,
    ALG_ALLOWED,
    KEY_SELECTED,
    SIGNATURE,
    CLAIMS_SET,
    LTI_CLAIM_TYPES,
    LTI_OIDC,
    LTI_NONCE_MATCH,
    LTI_CLAIMS,
    LTI_TARGET,
    LTI_NONCE_ONCE,
];

/// The LTI checks that a bare `id_token` cannot answer.
const LTI_CONTEXT: [Step; 5] = [LTI_STATE, LTI_LOGIN, LTI_NONCE_MATCH, LTI_TARGET, LTI_NONCE_ONCE];

/// [`LaunchValidator::verify_id_token`] step by step for a bare `id_token`
/// (no login flow): the checks that compare the token with the login record
/// (`state`, the record itself, `nonce` equality and single use,
/// `target_link_uri`) are [`Status::NeedsContext`]; the validator runs with
/// a record that takes those values from the token, so they cannot fail
/// here and every other check runs exactly as in a real launch.
pub fn lti_id_token(id_token: &str, keys: &JwkSet, validator: &LaunchValidator<'_>, now: UnixTime) -> Report {
    let limits = validator.options().limits;
    let mut run = Run::new("lti", id_token, &limits);
    let _ = lti_pipeline(&mut run, id_token, keys, validator, now);
    run.finish(&LTI_PLAN, &LTI_CONTEXT)
}

fn lti_pipeline(run: &mut Run, id_token: &str, keys: &JwkSet, validator: &LaunchValidator<'_>, now: UnixTime) -> Result<(), Stop> {
    let reg = validator.registration();
    let limits = validator.options().limits;
    run.needs_context(LTI_STATE);
    run.needs_context(LTI_LOGIN);
    let lti = |e: Error| Error::from(map_jws_error(e));
    let jws = run.parse(id_token, &limits, lti)?;
    let kid = run.check(LTI_KID, jws.header().kid().map(ToString::to_string).ok_or(Error::from(crate::profiles::lti::LtiError::KidMissing)))?;
    run.check(ALG_ALLOWED, jws.check_alg_allowed(reg.get_algorithms()).map_err(lti))?;
    let (_header, payload) = run.key_and_signature(jws, keys, reg.get_algorithms(), lti)?;
    let claims = run.check(CLAIMS_SET, Claims::from_payload(&payload, limits.max_json_depth).map_err(lti))?;
    run.check(LTI_CLAIM_TYPES, claims.check_registered_types().map_err(|e| Error::from(map_claim_type_error(e))))?;
    // The values a login record would hold, taken from the token itself
    // (module docs): they make the record comparisons vacuous, and those
    // comparisons are reported as needing the login flow.
    let record = LoginRecord {
        state: String::new(),
        nonce: claims.get_str("nonce").unwrap_or_default().to_string(),
        issuer: reg.issuer().to_string(),
        client_id: reg.client_id().to_string(),
        target_link_uri: claims.get_str(crate::profiles::lti::claims::names::TARGET_LINK_URI).unwrap_or_default().to_string(),
        deployment_id: None,
        expires_at: UnixTime::from_secs(now.as_secs().saturating_add(1)),
    };
    run.check(LTI_OIDC, validator.check_oidc(&claims, &record, now).map_err(Error::from))?;
    run.needs_context(LTI_NONCE_MATCH);
    let launch = run.check(LTI_CLAIMS, validator.check_lti(claims, &record, kid).map_err(Error::from))?;
    run.note(alloc::format!("{}, deployment {}", launch.message_type.as_str(), launch.deployment_id));
    run.needs_context(LTI_TARGET);
    run.needs_context(LTI_NONCE_ONCE);
    Ok(())
}
