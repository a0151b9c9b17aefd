//! The JWT Claims Set (RFC 7519 §4) with typed access to the registered claims.

use alloc::vec::Vec;

use crate::error::{Error, Reason};
use crate::json::{self, Object, Value};

/// A JWT Claims Set: a JSON object (RFC 7519 §7.2 step 10).
#[derive(Clone, Debug, PartialEq)]
pub struct Claims(Object);

/// A payload as text: JSON text is UTF-8 (RFC 8259 §8.1), refused as the
/// claims parser refuses it.
pub(crate) fn payload_text(payload: &[u8]) -> Result<&str, Error> {
    core::str::from_utf8(payload).map_err(|_| Error::JwtInvalid(Reason::Json(json::JsonError::InvalidUtf8)))
}

/// A payload as a `String`, without copying it ([`payload_text`]'s check).
pub(crate) fn payload_string(payload: Vec<u8>) -> Result<alloc::string::String, Error> {
    alloc::string::String::from_utf8(payload).map_err(|_| Error::JwtInvalid(Reason::Json(json::JsonError::InvalidUtf8)))
}

/// Registered claims whose JSON type RFC 7519 §4.1 fixes.
pub(crate) const STRING_CLAIMS: [&str; 3] = ["iss", "sub", "jti"];
pub(crate) const TIME_CLAIMS: [&str; 3] = ["exp", "nbf", "iat"];

impl Claims {
    /// Parse a verified payload as a claims set: strict JSON, an object.
    pub fn from_payload(payload: &[u8], max_depth: usize) -> Result<Self, Error> {
        Self::from_text(payload_text(payload)?, max_depth)
    }

    /// [`from_payload`](Self::from_payload) of a payload already checked to
    /// be UTF-8 (RFC 8259 §8.1), which it does not check again.
    pub fn from_text(payload: &str, max_depth: usize) -> Result<Self, Error> {
        json::parse_object_str(payload, max_depth)
            .map_err(|e| Error::JwtInvalid(Reason::Json(e)))?
            .map(Claims)
            .ok_or(Error::JwtInvalid(Reason::NotAnObject))
    }

    /// Wrap an object (for claims that arrived by other means, e.g. introspection).
    pub fn from_object(o: Object) -> Self {
        Claims(o)
    }

    pub fn as_object(&self) -> &Object {
        &self.0
    }

    pub fn into_object(self) -> Object {
        self.0
    }

    /// Any claim.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// A claim as a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.0.get_str(name)
    }

    /// `iss` (RFC 7519 §4.1.1).
    pub fn iss(&self) -> Option<&str> {
        self.get_str("iss")
    }
    /// `sub` (RFC 7519 §4.1.2).
    pub fn sub(&self) -> Option<&str> {
        self.get_str("sub")
    }
    /// `jti` (RFC 7519 §4.1.7).
    pub fn jti(&self) -> Option<&str> {
        self.get_str("jti")
    }
    /// `aud` (RFC 7519 §4.1.3) as a list, whether it arrived as a string or an array.
    pub fn aud(&self) -> Vec<&str> {
        match self.get("aud") {
            Some(Value::String(s)) => alloc::vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
    /// `exp` (RFC 7519 §4.1.4) as a NumericDate.
    pub fn exp(&self) -> Option<f64> {
        self.get("exp").and_then(Value::as_f64)
    }
    /// `nbf` (RFC 7519 §4.1.5).
    pub fn nbf(&self) -> Option<f64> {
        self.get("nbf").and_then(Value::as_f64)
    }
    /// `iat` (RFC 7519 §4.1.6).
    pub fn iat(&self) -> Option<f64> {
        self.get("iat").and_then(Value::as_f64)
    }

    /// RFC 7519 §4.1: registered claims, when present, have their registered
    /// types — `iss`/`sub`/`jti` strings, `aud` a string or a non-empty array
    /// of strings, `exp`/`nbf`/`iat` numbers (NumericDate; `null`, strings,
    /// booleans are never read as "absent").
    pub fn check_registered_types(&self) -> Result<(), Error> {
        for name in STRING_CLAIMS {
            if let Some(v) = self.get(name)
                && v.as_str().is_none() {
                    return Err(Error::claim_failed(name, Reason::Invalid));
                }
        }
        match self.get("aud") {
            None | Some(Value::String(_)) => {}
            Some(Value::Array(items)) if !items.is_empty() && items.iter().all(|i| i.as_str().is_some()) => {}
            Some(_) => return Err(Error::claim_failed("aud", Reason::Invalid)),
        }
        for name in TIME_CLAIMS {
            if let Some(v) = self.get(name)
                && v.as_f64().is_none() {
                    return Err(Error::claim_failed(name, Reason::Invalid));
                }
        }
        Ok(())
    }
}
