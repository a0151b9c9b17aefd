//! JSON Web Tokens (RFC 7519): the claims set and its validation.

pub mod cache;
pub mod claims;
pub mod time;
pub mod validator;

pub use claims::Claims;
pub use time::{UnixTime, parse_duration};
pub use validator::{ClaimCheck, TypPolicy, Validator, normalize_typ};

use crate::error::{Error, Reason};
use crate::json::Object;
use crate::jws::{self, Limits};

/// Decode a JWT's claims WITHOUT verifying anything (like jose's
/// `decodeJwt`): for display and routing only, never for decisions.
/// Structure, header rules, strict base64url and JSON still apply.
pub fn decode_unverified(token: &str, limits: &Limits) -> Result<Object, Error> {
    let jws = jws::parse(token, limits)?;
    crate::json::parse_object(jws.unverified_payload(), limits.max_json_depth)
        .map_err(|e| Error::JwtInvalid(Reason::Json(e)))?
        .ok_or(Error::JwtInvalid(Reason::NotAnObject))
}
