//! JWT validation (RFC 7519 §7.2, RFC 8725 §3): a reusable configuration
//! applied to one token at one instant.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::claims::{self, Claims};
use super::time::UnixTime;
use crate::error::{Error, Reason};
use crate::jwa::AlgorithmSet;
use crate::jwk::JwkSet;
use crate::jws::{self, Header, Limits, Verified};

/// Which `typ` header values are accepted (RFC 7515 §4.1.9, RFC 8725 §3.11).
/// Values compare case-insensitively with an optional `application/` prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypPolicy {
    accepted: Vec<String>,
    allow_absent: bool,
}

/// RFC 7515 §4.1.9: media types compare case-insensitively, and a value
/// without `/` stands for `application/<value>`.
pub fn normalize_typ(t: &str) -> String {
    let lower = t.to_ascii_lowercase();
    if lower.contains('/') { lower } else { alloc::format!("application/{lower}") }
}

impl TypPolicy {
    /// Exactly this `typ` (jose's `typ` option): absent is refused.
    pub fn exactly(typ: &str) -> Self {
        TypPolicy { accepted: alloc::vec![normalize_typ(typ)], allow_absent: false }
    }

    /// Any of these values, and optionally no `typ` at all.
    pub fn one_of<S: AsRef<str>>(values: &[S], allow_absent: bool) -> Self {
        TypPolicy { accepted: values.iter().map(|v| normalize_typ(v.as_ref())).collect(), allow_absent }
    }

    /// Whether a header `typ` (or its absence) is accepted.
    pub fn accepts(&self, typ: Option<&str>) -> bool {
        match typ {
            None => self.allow_absent,
            Some(t) => {
                let n = normalize_typ(t);
                self.accepted.contains(&n)
            }
        }
    }
}

/// Claim checks for one kind of token. Build once, use for every token; the
/// instant is passed to each call.
#[derive(Clone, Debug)]
pub struct Validator {
    algorithms: AlgorithmSet,
    issuers: Vec<String>,
    audiences: Vec<String>,
    subject: Option<String>,
    typ: Option<TypPolicy>,
    clock_tolerance: f64,
    max_token_age: Option<f64>,
    required: Vec<String>,
    reject_future_iat: bool,
    limits: Limits,
}

impl Validator {
    /// A validator with the required algorithm allow-list and nothing else
    /// expected. Add expectations with the builder methods.
    pub fn new(algorithms: AlgorithmSet) -> Self {
        Validator {
            algorithms,
            issuers: Vec::new(),
            audiences: Vec::new(),
            subject: None,
            typ: None,
            clock_tolerance: 0.0,
            max_token_age: None,
            required: Vec::new(),
            reject_future_iat: false,
            limits: Limits::default(),
        }
    }

    /// RFC 7519 §4.1.1: `iss` must equal this value exactly.
    pub fn issuer(mut self, iss: &str) -> Self {
        self.issuers = alloc::vec![iss.to_string()];
        self
    }

    /// `iss` must equal one of these values exactly.
    pub fn issuers<S: AsRef<str>>(mut self, iss: &[S]) -> Self {
        self.issuers = iss.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// RFC 7519 §4.1.3: `aud` must contain this value.
    pub fn audience(mut self, aud: &str) -> Self {
        self.audiences = alloc::vec![aud.to_string()];
        self
    }

    /// `aud` must contain at least one of these values.
    pub fn audiences<S: AsRef<str>>(mut self, aud: &[S]) -> Self {
        self.audiences = aud.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// RFC 7519 §4.1.2: `sub` must equal this value.
    pub fn subject(mut self, sub: &str) -> Self {
        self.subject = Some(sub.to_string());
        self
    }

    /// RFC 8725 §3.11 explicit typing: the header `typ` must be this value.
    pub fn typ(mut self, typ: &str) -> Self {
        self.typ = Some(TypPolicy::exactly(typ));
        self
    }

    /// A richer `typ` rule (several values, absent allowed or not).
    pub fn typ_policy(mut self, policy: TypPolicy) -> Self {
        self.typ = Some(policy);
        self
    }

    /// Leeway in seconds applied to `exp`, `nbf` and `iat` (RFC 7519 §4.1.4).
    pub fn clock_tolerance(mut self, secs: f64) -> Result<Self, Error> {
        if !secs.is_finite() || secs < 0.0 {
            return Err(Error::InvalidOptions("clockTolerance must be a non-negative number of seconds"));
        }
        self.clock_tolerance = secs;
        Ok(self)
    }

    /// `iat` required and no older than this many seconds (jose's `maxTokenAge`).
    pub fn max_token_age(mut self, secs: f64) -> Result<Self, Error> {
        if !secs.is_finite() || secs <= 0.0 {
            return Err(Error::InvalidOptions("maxTokenAge must be a positive number of seconds"));
        }
        self.max_token_age = Some(secs);
        Ok(self)
    }

    /// These claims must be present (any value, `null` included).
    pub fn required_claims<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.required = names.iter().map(|s| s.as_ref().to_string()).collect();
        self
    }

    /// Refuse `iat` later than now + tolerance even without `maxTokenAge`
    /// (the profiles turn this on; plain JWT leaves it off, like jose).
    pub fn reject_future_iat(mut self, on: bool) -> Self {
        self.reject_future_iat = on;
        self
    }

    /// Size limits for the token and its JSON.
    pub fn limits(mut self, limits: Limits) -> Result<Self, Error> {
        if limits.max_token_len == 0 || limits.max_json_depth == 0 {
            return Err(Error::InvalidOptions("limits must be positive"));
        }
        self.limits = limits;
        Ok(self)
    }

    pub fn algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }

    pub fn get_limits(&self) -> &Limits {
        &self.limits
    }

    pub fn get_clock_tolerance(&self) -> f64 {
        self.clock_tolerance
    }

    /// RFC 7519 §7.2: verify the JWS with a key from `keys`, then validate
    /// the claims at `now`.
    pub fn verify(&self, token: &str, keys: &JwkSet, now: UnixTime) -> Result<Verified<Claims>, Error> {
        self.verify_keeping_payload(token, keys, now).map(|(v, _)| v)
    }

    /// [`verify`](Self::verify), also handing back the decoded payload bytes
    /// (the npm package returns them as the claims' JSON text instead of
    /// decoding the token's payload part a second time).
    pub(crate) fn verify_keeping_payload(&self, token: &str, keys: &JwkSet, now: UnixTime) -> Result<(Verified<Claims>, String), Error> {
        let verified = jws::parse(token, &self.limits)?.verify(keys, self.algorithms)?;
        self.finish_keeping_payload(verified, now)
    }

    /// Claims half of [`verify`](Self::verify) for a JWS whose signature was
    /// verified by other means.
    pub fn finish(&self, verified: Verified<Vec<u8>>, now: UnixTime) -> Result<Verified<Claims>, Error> {
        self.finish_keeping_payload(verified, now).map(|(v, _)| v)
    }

    /// [`finish`](Self::finish), also handing back the payload as text (its
    /// UTF-8 checked once, for both).
    pub(crate) fn finish_keeping_payload(&self, verified: Verified<Vec<u8>>, now: UnixTime) -> Result<(Verified<Claims>, String), Error> {
        let mut kept = String::new();
        let claims = verified.try_map(|header, payload| {
            let payload = claims::payload_string(payload)?;
            let claims = Claims::from_text(&payload, self.limits.max_json_depth)?;
            self.validate(header, &claims, now)?;
            kept = payload;
            Ok::<_, Error>(claims)
        })?;
        Ok((claims, kept))
    }

    /// RFC 7519 §4.1 / §7.2 claim checks, in jose's order: `typ`, presence,
    /// registered claim types, `iss`, `sub`, `aud`, `nbf`, `exp`, `iat` age
    /// ([`ClaimCheck::ALL`], each run by [`check`](Self::check)).
    pub fn validate(&self, header: &Header, claims: &Claims, now: UnixTime) -> Result<(), Error> {
        for step in ClaimCheck::ALL {
            self.check(step, Some(header), claims, now)?;
        }
        Ok(())
    }

    /// The claim half of [`validate`](Self::validate), for claims that arrive
    /// without a JWS header (RFC 7662 introspection responses). Refused when
    /// a `typ` rule is configured: that rule can't be met without a header.
    pub fn validate_claims_only(&self, claims: &Claims, now: UnixTime) -> Result<(), Error> {
        if self.typ.is_some() {
            return Err(Error::InvalidOptions("a typ rule needs a JWS header"));
        }
        for step in &ClaimCheck::ALL[1..] {
            self.check(*step, None, claims, now)?;
        }
        Ok(())
    }

    /// Whether this validator has an expectation for `step` (a check without
    /// one passes whatever the token says; the registered-type check and the
    /// `nbf` / `exp` checks always apply to claims that are present).
    pub fn is_configured(&self, step: ClaimCheck) -> bool {
        match step {
            ClaimCheck::Typ => self.typ.is_some(),
            ClaimCheck::Presence => {
                !self.required.is_empty()
                    || !self.issuers.is_empty()
                    || self.subject.is_some()
                    || !self.audiences.is_empty()
                    || self.max_token_age.is_some()
            }
            ClaimCheck::Types | ClaimCheck::NotBefore | ClaimCheck::Expiry => true,
            ClaimCheck::Issuer => !self.issuers.is_empty(),
            ClaimCheck::Subject => self.subject.is_some(),
            ClaimCheck::Audience => !self.audiences.is_empty(),
            ClaimCheck::IssuedAt => self.max_token_age.is_some() || self.reject_future_iat,
        }
    }

    /// Run one claim check of [`validate`](Self::validate). `header` is
    /// needed only by [`ClaimCheck::Typ`] (`None` fails it when a `typ` rule
    /// is configured). Later checks assume the earlier ones passed (e.g.
    /// `exp` is read as a number once [`ClaimCheck::Types`] passed).
    pub fn check(&self, step: ClaimCheck, header: Option<&Header>, claims: &Claims, now: UnixTime) -> Result<(), Error> {
        match step {
            ClaimCheck::Typ => match &self.typ {
                Some(policy) if !policy.accepts(header.and_then(Header::typ)) => Err(Error::claim_failed("typ", Reason::CheckFailed)),
                _ => Ok(()),
            },
            ClaimCheck::Presence => self.check_presence(claims),
            ClaimCheck::Types => claims.check_registered_types(),
            ClaimCheck::Issuer => {
                if !self.issuers.is_empty() && !claims.iss().is_some_and(|iss| self.issuers.iter().any(|i| i == iss)) {
                    return Err(Error::claim_failed("iss", Reason::CheckFailed));
                }
                Ok(())
            }
            ClaimCheck::Subject => match &self.subject {
                Some(sub) if claims.sub() != Some(sub.as_str()) => Err(Error::claim_failed("sub", Reason::CheckFailed)),
                _ => Ok(()),
            },
            ClaimCheck::Audience => {
                if !self.audiences.is_empty() && !claims.aud().iter().any(|a| self.audiences.iter().any(|e| e == a)) {
                    return Err(Error::claim_failed("aud", Reason::CheckFailed));
                }
                Ok(())
            }
            ClaimCheck::NotBefore => match claims.nbf() {
                Some(nbf) if nbf > now.as_f64() + self.clock_tolerance => Err(Error::claim_failed("nbf", Reason::CheckFailed)),
                _ => Ok(()),
            },
            ClaimCheck::Expiry => match claims.exp() {
                Some(exp) if exp <= now.as_f64() - self.clock_tolerance => Err(Error::Expired { claim: "exp" }),
                _ => Ok(()),
            },
            ClaimCheck::IssuedAt => self.check_iat(claims, now),
        }
    }

    fn check_presence(&self, claims: &Claims) -> Result<(), Error> {
        // jose reports the implied claims first (iss, sub, aud, iat), then requiredClaims.
        let implied: [(&'static str, bool); 4] = [
            ("iss", !self.issuers.is_empty()),
            ("sub", self.subject.is_some()),
            ("aud", !self.audiences.is_empty()),
            ("iat", self.max_token_age.is_some()),
        ];
        for (name, wanted) in implied {
            if wanted && !claims.as_object().contains_key(name) {
                return Err(Error::claim_failed(name, Reason::Missing));
            }
        }
        for name in self.required.iter().rev() {
            if !claims.as_object().contains_key(name) {
                return Err(Error::ClaimValidationFailed { claim: Cow::Owned(name.clone()), reason: Reason::Missing });
            }
        }
        Ok(())
    }

    /// RFC 7519 §4.1.6: `iat` no older than `maxTokenAge` and not in the
    /// future (with the leeway), or only not in the future when the profile
    /// asks for it.
    fn check_iat(&self, claims: &Claims, now: UnixTime) -> Result<(), Error> {
        let now = now.as_f64();
        let tol = self.clock_tolerance;
        if let Some(max) = self.max_token_age {
            // presence and type were checked above; stay explicit anyway
            let Some(iat) = claims.iat() else {
                return Err(Error::claim_failed("iat", Reason::Invalid));
            };
            let age = now - iat;
            if age - tol > max {
                return Err(Error::Expired { claim: "iat" });
            }
            if age < -tol {
                return Err(Error::claim_failed("iat", Reason::CheckFailed));
            }
        } else if self.reject_future_iat
            && let Some(iat) = claims.iat()
                && iat > now + tol {
                    return Err(Error::claim_failed("iat", Reason::CheckFailed));
                }
        Ok(())
    }
}

/// One claim check of [`Validator::validate`] (RFC 7519 §7.2 step 10 and
/// §4.1), in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimCheck {
    /// RFC 8725 §3.11: the header `typ` is one the validator accepts.
    Typ,
    /// The required claims (explicit, and implied by `iss`/`sub`/`aud`/`maxTokenAge`) are present.
    Presence,
    /// RFC 7519 §4.1: registered claims have their registered JSON types.
    Types,
    /// RFC 7519 §4.1.1: `iss` is an expected issuer.
    Issuer,
    /// RFC 7519 §4.1.2: `sub` is the expected subject.
    Subject,
    /// RFC 7519 §4.1.3: `aud` contains an expected audience.
    Audience,
    /// RFC 7519 §4.1.5: `nbf` has passed (with the leeway).
    NotBefore,
    /// RFC 7519 §4.1.4: `exp` has not passed (with the leeway).
    Expiry,
    /// RFC 7519 §4.1.6: `iat` not too old (`maxTokenAge`) and not in the future.
    IssuedAt,
}

impl ClaimCheck {
    /// Every check, in the order [`Validator::validate`] runs them.
    pub const ALL: [ClaimCheck; 9] = [
        ClaimCheck::Typ,
        ClaimCheck::Presence,
        ClaimCheck::Types,
        ClaimCheck::Issuer,
        ClaimCheck::Subject,
        ClaimCheck::Audience,
        ClaimCheck::NotBefore,
        ClaimCheck::Expiry,
        ClaimCheck::IssuedAt,
    ];
}
