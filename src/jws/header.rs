//! The JWS Protected Header (RFC 7515 §4) and the rules applied to it before
//! any key is looked up.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Reason};
use crate::jwa::Algorithm;
use crate::json::{self, Object, Value};

/// Header parameters registered by RFC 7515 §4.1 / RFC 7516 §4.1; `crit` may
/// not name them (RFC 7515 §4.1.11).
const REGISTERED: [&str; 21] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip", "epk",
    "apu", "apv", "iv", "tag", "p2s", "p2c", "b64",
];

/// A parsed protected header that passed the rules. Its content is still only
/// what the token claims until the signature is verified.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    object: Object,
    alg: Algorithm,
    /// The JSON text the object was parsed from (the decoded part), kept
    /// for callers that hand it on (the npm package returns it for
    /// `JSON.parse` instead of decoding the part again).
    text: String,
}

impl Header {
    /// The validated `alg` (RFC 7515 §4.1.1).
    pub fn alg(&self) -> Algorithm {
        self.alg
    }
    /// `kid` (RFC 7515 §4.1.4), an opaque string.
    pub fn kid(&self) -> Option<&str> {
        self.object.get_str("kid")
    }
    /// `typ` (RFC 7515 §4.1.9).
    pub fn typ(&self) -> Option<&str> {
        self.object.get_str("typ")
    }
    /// `cty` (RFC 7515 §4.1.10).
    pub fn cty(&self) -> Option<&str> {
        self.object.get_str("cty")
    }
    /// Any header parameter.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.object.get(name)
    }
    /// The whole header object.
    pub fn as_object(&self) -> &Object {
        &self.object
    }
    /// Take the header object.
    pub fn into_object(self) -> Object {
        self.object
    }
    /// The header's JSON text as the token carries it (base64url-decoded):
    /// the text the strict parser accepted.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Parse decoded header bytes and apply the rules of RFC 7515 §4 and
    /// RFC 8725 §3:
    /// - a JSON object (strict JSON, `max_depth`);
    /// - `alg` present, a string, not `none`, one we implement;
    /// - no `zip` (JWE only), no `b64` (RFC 7797 payloads are not JWTs);
    /// - `crit` well-formed and naming only extensions we implement (none);
    /// - `kid`, `typ`, `cty` strings when present.
    ///
    /// `jwk`, `jku`, `x5u`, `x5c` are never used: keys come only from the caller.
    pub fn parse(bytes: &[u8], max_depth: usize) -> Result<Self, Error> {
        Self::parse_owned(bytes.to_vec(), max_depth)
    }

    /// [`parse`](Self::parse), keeping the decoded bytes as the header's
    /// [`text`](Self::text) without copying them.
    pub fn parse_owned(bytes: Vec<u8>, max_depth: usize) -> Result<Self, Error> {
        let text = String::from_utf8(bytes).map_err(|_| Error::JwsInvalid(Reason::Json(json::JsonError::InvalidUtf8)))?;
        let object = json::parse_object_str(&text, max_depth)
            .map_err(|e| Error::JwsInvalid(Reason::Json(e)))?
            .ok_or(Error::JwsInvalid(Reason::NotAnObject))?;
        let alg = match object.get("alg") {
            None => return Err(Error::JwsInvalid(Reason::AlgMissing)),
            Some(Value::String(s)) => Algorithm::from_name(s)?,
            Some(_) => return Err(Error::JwsInvalid(Reason::HeaderParameterType("alg"))),
        };
        if object.contains_key("zip") {
            return Err(Error::JwsInvalid(Reason::ZipInJws));
        }
        if object.contains_key("b64") {
            return Err(Error::JwsInvalid(Reason::B64Unsupported));
        }
        if let Some(crit) = object.get("crit") {
            check_crit(&object, crit)?;
        }
        // the accessors read these as strings: checked once here
        for name in ["kid", "typ", "cty"] {
            if object.get(name).is_some_and(|v| v.as_str().is_none()) {
                return Err(Error::JwsInvalid(Reason::HeaderParameterType(name)));
            }
        }
        Ok(Header { object, alg, text })
    }
}

/// RFC 7515 §4.1.11: a non-empty array of unique strings, none of them a
/// registered parameter, each present in the header; and since this library
/// implements no extension, any remaining name is not supported.
fn check_crit(header: &Object, crit: &Value) -> Result<(), Error> {
    let invalid = || Error::JwsInvalid(Reason::CritInvalid);
    let names = crit.as_array().ok_or_else(invalid)?;
    if names.is_empty() {
        return Err(invalid());
    }
    let mut seen: Vec<&str> = Vec::with_capacity(names.len());
    for n in names {
        let n = n.as_str().ok_or_else(invalid)?;
        if n.is_empty() || seen.contains(&n) || REGISTERED.contains(&n) || !header.contains_key(n) {
            return Err(invalid());
        }
        seen.push(n);
    }
    Err(Error::NotSupported(Reason::CritUnsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Result<Header, Error> {
        Header::parse(s.as_bytes(), 32)
    }

    #[test]
    fn valid_header() {
        let x = h(r#"{"alg":"ES256","kid":"k1","typ":"at+jwt","jku":"https://evil","x5c":["AAAA"]}"#).unwrap();
        assert_eq!(x.alg(), Algorithm::ES256);
        assert_eq!(x.kid(), Some("k1"));
        assert_eq!(x.typ(), Some("at+jwt"));
    }

    #[test]
    fn keeps_the_text_it_parsed() {
        // as the token carries it: whitespace and escapes included
        let text = " {\"alg\":\"HS256\", \"t\\u0079p\":\"JWT\"}\n";
        let x = Header::parse_owned(text.as_bytes().to_vec(), 8).unwrap();
        assert_eq!(x.text(), text);
        assert_eq!((x.typ(), x.kid()), (Some("JWT"), None));
        assert_eq!(Header::parse(text.as_bytes(), 8).unwrap(), x);
        assert_eq!(Header::parse_owned(b"{\"alg\":\"HS256\",\"x\":\"\xff\"}".to_vec(), 8), Err(Error::JwsInvalid(Reason::Json(json::JsonError::InvalidUtf8))));
    }

    #[test]
    fn header_rules() {
        let cases: &[(&str, Error)] = &[
            ("[]", Error::JwsInvalid(Reason::NotAnObject)),
            ("\"RS256\"", Error::JwsInvalid(Reason::NotAnObject)),
            ("{}", Error::JwsInvalid(Reason::AlgMissing)),
            (r#"{"alg":1}"#, Error::JwsInvalid(Reason::HeaderParameterType("alg"))),
            (r#"{"alg":null}"#, Error::JwsInvalid(Reason::HeaderParameterType("alg"))),
            (r#"{"alg":"none"}"#, Error::AlgNotAllowed(Reason::AlgNone)),
            (r#"{"alg":"nOnE"}"#, Error::AlgNotAllowed(Reason::AlgNone)),
            (r#"{"alg":"PBES2-HS256+A128KW"}"#, Error::NotSupported(Reason::AlgUnknown)),
            (r#"{"alg":"RS256","zip":"DEF"}"#, Error::JwsInvalid(Reason::ZipInJws)),
            (r#"{"alg":"HS256","b64":false}"#, Error::JwsInvalid(Reason::B64Unsupported)),
            (r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, Error::JwsInvalid(Reason::B64Unsupported)),
            (r#"{"alg":"RS256","crit":[]}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":"x"}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":["alg"]}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":["x"]}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":[1],"1":2}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":["x","x"],"x":1}"#, Error::JwsInvalid(Reason::CritInvalid)),
            (r#"{"alg":"RS256","crit":["x"],"x":1}"#, Error::NotSupported(Reason::CritUnsupported)),
            (r#"{"alg":"RS256","kid":5}"#, Error::JwsInvalid(Reason::HeaderParameterType("kid"))),
            (r#"{"alg":"RS256","kid":{}}"#, Error::JwsInvalid(Reason::HeaderParameterType("kid"))),
            (r#"{"alg":"RS256","typ":["JWT"]}"#, Error::JwsInvalid(Reason::HeaderParameterType("typ"))),
            (r#"{"alg":"RS256","alg":"RS256"}"#, Error::JwsInvalid(Reason::Json(json::JsonError::DuplicateMember))),
        ];
        for (src, err) in cases {
            assert_eq!(h(src).as_ref().err(), Some(err), "{src}");
        }
    }
}
