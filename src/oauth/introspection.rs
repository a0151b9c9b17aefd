//! OAuth 2.0 Token Introspection (RFC 7662; IHE ITI-102): the request body
//! and the response's outer shape. The profile rules for an active token
//! (issuer, audience, scopes, time) are applied by the profile verifier
//! (`IuaVerifier::verify_introspection`), exactly as for a JWT.

use alloc::string::String;

use crate::error::Error;
use crate::json::{self, Value};
use crate::jwt::{Claims, UnixTime};
use crate::profiles::iua::{IntrospectionProblem, IuaError};

/// Largest introspection response accepted (bytes).
pub const MAX_RESPONSE_LEN: usize = 256 * 1024;

/// `application/x-www-form-urlencoded` serialization of one name or value
/// (WHATWG URL §5.2, as `URLSearchParams` does): `*-._` and alphanumerics
/// stay, space becomes `+`, every other byte of the UTF-8 form is `%XX`.
pub fn form_urlencode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// RFC 7662 §2.1: the POST body `token=...[&token_type_hint=...]`. The
/// token must be non-empty; the caller adds its own authentication
/// (ITI-102 §3.102.5) and `Content-Type: application/x-www-form-urlencoded`.
pub fn request_body(token: &str, token_type_hint: Option<&str>) -> Result<String, Error> {
    if token.is_empty() {
        return Err(Error::Iua(IuaError::NoCredentials));
    }
    if token_type_hint.is_some_and(str::is_empty) {
        return Err(Error::InvalidOptions("token_type_hint must not be empty"));
    }
    let mut out = String::with_capacity(token.len() + 8);
    out.push_str("token=");
    form_urlencode(token, &mut out);
    if let Some(h) = token_type_hint {
        out.push_str("&token_type_hint=");
        form_urlencode(h, &mut out);
    }
    Ok(out)
}

/// An introspection response whose outer shape is valid.
#[derive(Clone, Debug, PartialEq)]
pub enum IntrospectionResponse {
    /// `active: false` (ITI-102: HTTP 401 for every request with this token).
    Inactive,
    /// `active: true` with the token's claims (the `active` member included).
    Active(Claims),
}

fn bad(p: IntrospectionProblem) -> Error {
    Error::Iua(IuaError::IntrospectionResponseInvalid(p))
}

/// RFC 7662 §2.2: a strict JSON object with a boolean `active`. Any other
/// members of an inactive response are ignored (never trusted).
pub fn parse_response(body: &[u8]) -> Result<IntrospectionResponse, Error> {
    if body.len() > MAX_RESPONSE_LEN {
        return Err(bad(IntrospectionProblem::TooLarge));
    }
    let o = json::parse_object(body, 32)
        .map_err(|e| bad(IntrospectionProblem::Json(e)))?
        .ok_or(bad(IntrospectionProblem::NotAnObject))?;
    match o.get("active") {
        None => Err(bad(IntrospectionProblem::ActiveMissing)),
        Some(Value::Bool(false)) => Ok(IntrospectionResponse::Inactive),
        Some(Value::Bool(true)) => Ok(IntrospectionResponse::Active(Claims::from_object(o))),
        Some(_) => Err(bad(IntrospectionProblem::ActiveNotBoolean)),
    }
}

/// RFC 7662 §2.2 `token_type`: when the authorization server states it, an
/// access token presented as a bearer token must be of type `Bearer`
/// (RFC 6750; compared case-insensitively, RFC 6749 §7.1). A refresh token or
/// a DPoP-bound token sent as a bearer token is refused. Absent is allowed.
pub fn check_token_type(claims: &Claims) -> Result<(), Error> {
    match claims.get("token_type") {
        None => Ok(()),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("bearer") => Ok(()),
        Some(Value::String(_)) => Err(Error::Iua(IuaError::NotAccessToken)),
        Some(_) => Err(Error::claim_failed("token_type", crate::error::Reason::Invalid)),
    }
}

/// ITI-102 §3.102.4.2.3: how long (whole seconds) a result may be cached —
/// never past `exp`, never longer than the caller's `max_secs`; 0 without `exp`.
pub fn cache_ttl(exp: Option<f64>, now: UnixTime, max_secs: u64) -> u64 {
    let Some(exp) = exp else { return 0 };
    let left = exp - now.as_secs() as f64;
    if left.is_nan() || left < 1.0 {
        return 0;
    }
    // floor, saturating at max_secs (left is finite: exp came from strict JSON)
    let left = if left >= max_secs as f64 { max_secs } else { left as u64 };
    left.min(max_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::JsonError;

    #[test]
    fn bodies() {
        assert_eq!(request_body("2YotnFZFEjr1zCsicMWpAA", None).unwrap(), "token=2YotnFZFEjr1zCsicMWpAA");
        assert_eq!(
            request_body("a.b-c_d~e+f/g=h&i j%é", Some("access_token")).unwrap(),
            "token=a.b-c_d%7Ee%2Bf%2Fg%3Dh%26i+j%25%C3%A9&token_type_hint=access_token"
        );
        assert!(request_body("", None).is_err());
        assert!(request_body("x", Some("")).is_err());
    }

    #[test]
    fn responses() {
        assert_eq!(parse_response(br#"{"active":false}"#).unwrap(), IntrospectionResponse::Inactive);
        assert_eq!(parse_response(br#"{"active":false,"sub":"x"}"#).unwrap(), IntrospectionResponse::Inactive);
        assert!(matches!(parse_response(br#"{"active":true,"sub":"x"}"#).unwrap(), IntrospectionResponse::Active(_)));
        let p = |b: &[u8]| match parse_response(b) {
            Err(Error::Iua(IuaError::IntrospectionResponseInvalid(p))) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(p(br#"{}"#), IntrospectionProblem::ActiveMissing);
        for b in [&br#"{"active":"true"}"#[..], br#"{"active":1}"#, br#"{"active":null}"#, br#"{"active":[true]}"#] {
            assert_eq!(p(b), IntrospectionProblem::ActiveNotBoolean);
        }
        assert_eq!(p(br#"{"active":true,"active":false}"#), IntrospectionProblem::Json(JsonError::DuplicateMember));
        assert_eq!(p(b"[]"), IntrospectionProblem::NotAnObject);
        assert_eq!(p(b""), IntrospectionProblem::Json(JsonError::Syntax));
        assert_eq!(p(&alloc::vec![b' '; MAX_RESPONSE_LEN + 1]), IntrospectionProblem::TooLarge);
    }

    #[test]
    fn token_types() {
        let c = |j: &str| match parse_response(j.as_bytes()).unwrap() {
            IntrospectionResponse::Active(c) => c,
            IntrospectionResponse::Inactive => unreachable!(),
        };
        assert!(check_token_type(&c(r#"{"active":true}"#)).is_ok());
        assert!(check_token_type(&c(r#"{"active":true,"token_type":"Bearer"}"#)).is_ok());
        assert!(check_token_type(&c(r#"{"active":true,"token_type":"bearer"}"#)).is_ok());
        for t in [r#""refresh_token""#, r#""DPoP""#, r#""N_A""#] {
            assert_eq!(check_token_type(&c(&alloc::format!(r#"{{"active":true,"token_type":{t}}}"#))), Err(Error::Iua(IuaError::NotAccessToken)));
        }
        assert!(matches!(check_token_type(&c(r#"{"active":true,"token_type":1}"#)), Err(Error::ClaimValidationFailed { .. })));
    }

    #[test]
    fn cache_lifetime() {
        let now = UnixTime::from_secs(1000);
        assert_eq!(cache_ttl(None, now, 300), 0);
        assert_eq!(cache_ttl(Some(1060.9), now, 300), 60);
        assert_eq!(cache_ttl(Some(5000.0), now, 300), 300);
        assert_eq!(cache_ttl(Some(1000.5), now, 300), 0);
        assert_eq!(cache_ttl(Some(990.0), now, 300), 0);
        assert_eq!(cache_ttl(Some(1e300), now, u64::MAX), u64::MAX);
    }
}
