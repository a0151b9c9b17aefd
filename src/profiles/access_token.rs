//! JWT profile for OAuth 2.0 access tokens (RFC 9068), the base the IHE IUA
//! profile's strict mode builds on.
//!
//! [`AccessTokenValidator`] is a complete RFC 9068 §4 resource-server check
//! on top of [`jwt::Validator`](crate::jwt::Validator); the free functions are
//! the pieces other profiles (IUA) reuse.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::{Error, Reason};
use crate::jwa::AlgorithmSet;
use crate::jwk::JwkSet;
use crate::jws::{self, Header, Verified};
use crate::jwt::{Claims, TypPolicy, UnixTime, Validator, normalize_typ};
use crate::json::Value;
use crate::oauth::bearer::is_scope_token;
use crate::profiles::iua::IuaError;

/// RFC 9068 §2.1 `typ` of a JWT access token (`application/at+jwt`).
pub const AT_JWT: &str = "at+jwt";

/// RFC 9068 §2.2: claims every JWT access token carries.
pub const REQUIRED_CLAIMS: [&str; 7] = ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"];

/// RFC 9068 §2.1 / §4: only `at+jwt` (`application/at+jwt`), never absent.
pub fn strict_typ_policy() -> TypPolicy {
    TypPolicy::one_of(&[AT_JWT], false)
}

/// `typ` values that mark a JWT as something other than an access token:
/// Security Event Tokens (RFC 8417 §2.3) and OIDC back-channel logout tokens.
const NOT_ACCESS_TOKEN_TYPES: [&str; 2] = ["application/secevent+jwt", "application/logout+jwt"];

/// RFC 8417 §2.3 / RFC 8725 §3.11: a verified header typed `secevent+jwt`
/// or `logout+jwt` is never an access token (checked before any claim rule,
/// so such a token gets its own error whatever else is wrong with it).
pub fn check_header_is_access_token(header: &Header) -> Result<(), Error> {
    if let Some(t) = header.typ()
        && NOT_ACCESS_TOKEN_TYPES.contains(&normalize_typ(t).as_str())
    {
        return Err(Error::Iua(IuaError::NotAccessToken));
    }
    Ok(())
}

/// RFC 8417 §2.2: a claims set with an `events` member is a Security Event
/// Token (logout tokens carry one too), never an access token.
pub fn check_claims_are_access_token(claims: &Claims) -> Result<(), Error> {
    if claims.as_object().contains_key("events") {
        return Err(Error::Iua(IuaError::NotAccessToken));
    }
    Ok(())
}

/// RFC 9068 §2.2.3 / RFC 6749 §3.3: `scope` is one string of space-separated
/// scope-tokens (`%x21 / %x23-5B / %x5D-7E`). Absent -> empty list; any other
/// JSON type, or a token with a forbidden character, is refused. Runs of
/// spaces are tolerated (they carry no meaning); duplicates are kept once.
pub fn parse_scope(claims: &Claims) -> Result<Vec<String>, Error> {
    let s = match claims.get("scope") {
        None => return Ok(Vec::new()),
        Some(Value::String(s)) => s,
        Some(_) => return Err(Error::claim_failed("scope", Reason::Invalid)),
    };
    let mut out: Vec<String> = Vec::new();
    for t in s.split(' ').filter(|t| !t.is_empty()) {
        if !is_scope_token(t) {
            return Err(Error::claim_failed("scope", Reason::Invalid));
        }
        if !out.iter().any(|o| o == t) {
            out.push(t.to_string());
        }
    }
    Ok(out)
}

/// RFC 6750 §3.1 `insufficient_scope`: every required scope must be granted
/// (exact, case-sensitive match).
pub fn check_scopes<S: AsRef<str>>(granted: &[String], required: &[S]) -> Result<(), Error> {
    if required.iter().all(|r| granted.iter().any(|g| g == r.as_ref())) {
        Ok(())
    } else {
        Err(Error::Iua(IuaError::InsufficientScope))
    }
}

/// RFC 9068 §2.2: `client_id` is a string.
pub fn check_client_id_type(claims: &Claims) -> Result<(), Error> {
    match claims.get("client_id") {
        None | Some(Value::String(_)) => Ok(()),
        Some(_) => Err(Error::claim_failed("client_id", Reason::Invalid)),
    }
}

/// Signature and header half of access-token verification: JWS parse, key
/// selection and signature (by [`jws`]), then the SET / logout `typ` refusal.
/// The caller finishes with [`Validator::finish`].
pub(crate) fn verify_signature_stage(validator: &Validator, token: &str, keys: &JwkSet) -> Result<Verified<Vec<u8>>, Error> {
    let verified = jws::parse(token, validator.get_limits())?.verify(keys, validator.algorithms())?;
    check_header_is_access_token(verified.header())?;
    Ok(verified)
}

/// RFC 9068 §4 resource-server validation of a JWT access token.
#[derive(Clone, Debug)]
pub struct AccessTokenValidator {
    validator: Validator,
    required_scopes: Vec<String>,
}

impl AccessTokenValidator {
    /// RFC 9068 §4: `typ` `at+jwt`, `iss` equal to `issuer`, `aud` containing
    /// `audience`, the §2.2 claims present, `iat` not in the future.
    pub fn new(algorithms: AlgorithmSet, issuer: &str, audience: &str) -> Result<Self, Error> {
        if issuer.is_empty() || audience.is_empty() {
            return Err(Error::InvalidOptions("issuer and audience are required"));
        }
        let validator = Validator::new(algorithms)
            .issuer(issuer)
            .audience(audience)
            .typ_policy(strict_typ_policy())
            .required_claims(&REQUIRED_CLAIMS)
            .reject_future_iat(true);
        Ok(AccessTokenValidator { validator, required_scopes: Vec::new() })
    }

    /// Leeway for `exp`/`nbf`/`iat` in seconds.
    pub fn clock_tolerance(mut self, secs: f64) -> Result<Self, Error> {
        self.validator = self.validator.clock_tolerance(secs)?;
        Ok(self)
    }

    /// Scopes that must all be granted (RFC 9068 §4 with RFC 6750 §3.1).
    pub fn required_scopes<S: AsRef<str>>(mut self, scopes: &[S]) -> Result<Self, Error> {
        if !scopes.iter().all(|s| is_scope_token(s.as_ref())) {
            return Err(Error::InvalidOptions("requiredScopes must be RFC 6749 scope-tokens"));
        }
        self.required_scopes = scopes.iter().map(|s| s.as_ref().to_string()).collect();
        Ok(self)
    }

    /// Verify and validate; returns the claims and the granted scopes.
    pub fn verify(&self, token: &str, keys: &JwkSet, now: UnixTime) -> Result<(Verified<Claims>, Vec<String>), Error> {
        let verified = verify_signature_stage(&self.validator, token, keys)?;
        let verified = self.validator.finish(verified, now)?;
        let claims = verified.value();
        check_claims_are_access_token(claims)?;
        check_client_id_type(claims)?;
        let scopes = parse_scope(claims)?;
        check_scopes(&scopes, &self.required_scopes)?;
        Ok((verified, scopes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Object;

    fn claims(json: &str) -> Claims {
        Claims::from_object(crate::json::parse_object(json.as_bytes(), 8).unwrap().unwrap())
    }

    #[test]
    fn scope_parsing() {
        assert_eq!(parse_scope(&claims(r#"{"scope":"a b  c a"}"#)).unwrap(), ["a", "b", "c"]);
        assert_eq!(parse_scope(&claims(r#"{}"#)).unwrap(), Vec::<String>::new());
        assert_eq!(parse_scope(&claims(r#"{"scope":""}"#)).unwrap(), Vec::<String>::new());
        for bad in [r#"{"scope":["a"]}"#, r#"{"scope":1}"#, r#"{"scope":null}"#, r#"{"scope":"a\"b"}"#, r#"{"scope":"a\\b"}"#, r#"{"scope":"a\tb"}"#, r#"{"scope":"é"}"#] {
            assert_eq!(parse_scope(&claims(bad)).err(), Some(Error::claim_failed("scope", Reason::Invalid)), "{bad}");
        }
        let granted = parse_scope(&claims(r#"{"scope":"ITI-68 ITI-67"}"#)).unwrap();
        assert!(check_scopes(&granted, &["ITI-67"]).is_ok());
        assert!(check_scopes(&granted, &["ITI-67", "ITI-68"]).is_ok());
        assert!(check_scopes::<&str>(&granted, &[]).is_ok());
        assert_eq!(check_scopes(&granted, &["iti-67"]).err(), Some(Error::Iua(IuaError::InsufficientScope)));
        assert_eq!(check_scopes(&granted, &["ITI-6"]).err(), Some(Error::Iua(IuaError::InsufficientScope)));
    }

    #[test]
    fn set_and_logout_are_not_access_tokens() {
        for typ in ["secevent+jwt", "application/secevent+jwt", "SECEVENT+JWT", "logout+jwt", "application/Logout+JWT"] {
            let mut h = Object::new();
            h.insert("alg", "HS256".into());
            h.insert("typ", typ.into());
            let header = Header::parse(h.to_json().as_bytes(), 8).unwrap();
            assert_eq!(check_header_is_access_token(&header), Err(Error::Iua(IuaError::NotAccessToken)), "{typ}");
        }
        let header = Header::parse(br#"{"alg":"HS256","typ":"at+jwt"}"#, 8).unwrap();
        assert!(check_header_is_access_token(&header).is_ok());
        assert_eq!(
            check_claims_are_access_token(&claims(r#"{"events":{}}"#)),
            Err(Error::Iua(IuaError::NotAccessToken))
        );
        assert!(check_claims_are_access_token(&claims(r#"{"event":{}}"#)).is_ok());
    }

    #[test]
    fn strict_typ() {
        let p = strict_typ_policy();
        assert!(p.accepts(Some("at+jwt")));
        assert!(p.accepts(Some("application/at+jwt")));
        assert!(p.accepts(Some("AT+JWT")));
        assert!(!p.accepts(None));
        assert!(!p.accepts(Some("JWT")));
        assert!(!p.accepts(Some("IUA-JWT")));
    }
}
