//! JSON Web Tokens (RFC 7519): the claims set and its validation.

pub mod cache;
pub mod claims;
pub mod time;
pub mod validator;

pub use claims::Claims;
pub use time::{UnixTime, parse_duration};
pub use validator::{ClaimCheck, TypPolicy, Validator, normalize_typ};

use crate::error::Error;
use alloc::string::String;

use crate::json::Object;
use crate::jws::{self, Limits};

/// Decode a JWT's claims WITHOUT verifying anything (like jose's
/// `decodeJwt`): for display and routing only, never for decisions.
/// Structure, header rules, strict base64url and JSON still apply.
pub fn decode_unverified(token: &str, limits: &Limits) -> Result<Object, Error> {
    decode_unverified_text(token, limits).map(|(claims, _)| claims)
}

/// [`decode_unverified`], also giving the claims' JSON text as the token
/// carries it (base64url-decoded): the exact text the strict parser accepted,
/// so `JSON.parse` of it gives the same members and values without the cost
/// of serializing the parsed object again.
pub fn decode_unverified_text(token: &str, limits: &Limits) -> Result<(Object, String), Error> {
    let (_, payload, _) = jws::parse(token, limits)?.into_parts();
    // UTF-8 checked once, for the parser and the text
    let text = claims::payload_string(payload)?;
    let claims = Claims::from_text(&text, limits.max_json_depth)?.into_object();
    Ok((claims, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base64url;
    use crate::error::Reason;
    use crate::json::JsonError;

    fn token(header: &str, payload: &str) -> String {
        alloc::format!("{}.{}.c2ln", base64url::encode(header.as_bytes()), base64url::encode(payload.as_bytes()))
    }

    #[test]
    fn decode_unverified_text_is_the_accepted_text() {
        let payload = " {\"sub\":\"\\u0061\",\"n\":1E2,\r\n\"a\":[1,{\"b\":null}]} ";
        let t = token(r#"{"alg":"ES256"}"#, payload);
        let (claims, text) = decode_unverified_text(&t, &Limits::default()).unwrap();
        assert_eq!(text, payload);
        assert_eq!(claims, decode_unverified(&t, &Limits::default()).unwrap());
        assert_eq!(claims.get_str("sub"), Some("a"));
        let (header, text) = jws::decode_protected_header_text(&t, &Limits::default()).unwrap();
        assert_eq!(text, r#"{"alg":"ES256"}"#);
        assert_eq!(header.get_str("alg"), Some("ES256"));
    }

    #[test]
    fn decode_unverified_text_keeps_the_strict_refusals() {
        let dup = token(r#"{"alg":"ES256"}"#, r#"{"a":1,"\u0061":2}"#);
        assert_eq!(decode_unverified_text(&dup, &Limits::default()).unwrap_err(), Error::JwtInvalid(Reason::Json(JsonError::DuplicateMember)));
        let not_object = token(r#"{"alg":"ES256"}"#, "[1]");
        assert_eq!(decode_unverified_text(&not_object, &Limits::default()).unwrap_err(), Error::JwtInvalid(Reason::NotAnObject));
        let dup_header = token(r#"{"alg":"ES256","alg":"none"}"#, "{}");
        assert_eq!(jws::decode_protected_header_text(&dup_header, &Limits::default()).unwrap_err(), Error::JwsInvalid(Reason::Json(JsonError::DuplicateMember)));
    }
}
