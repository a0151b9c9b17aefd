//! Compact serialization (RFC 7515 §7.1): `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)`.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Header, Verified};
use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwa::AlgorithmSet;
use crate::json::{self, Object};
use crate::jwk::JwkSet;
use crate::substr::sub;

/// Size limits applied before and during parsing (RFC 8725 §3.x hardening).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest token accepted, in bytes (default 16 KiB).
    pub max_token_len: usize,
    /// Deepest JSON nesting in header and claims (default 32, at most 128).
    pub max_json_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_token_len: 16 * 1024, max_json_depth: 32 }
    }
}

/// A compact JWS whose structure and header passed the rules but whose
/// signature has not been checked. Nothing in it is trustworthy yet.
#[derive(Debug)]
pub struct UntrustedJws<'t> {
    signing_input: &'t str,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

/// Split a compact token into its three parts in one linear pass, refusing
/// JWS JSON serialization (RFC 7515 §7.2), JWE (five parts, RFC 7516 §7.1)
/// and every other part count.
fn split<'t>(token: &'t str, limits: &Limits) -> Result<[&'t str; 3], Error> {
    if token.len() > limits.max_token_len {
        return Err(Error::JwsInvalid(Reason::TooLarge));
    }
    if token.trim_start().starts_with('{') {
        return Err(Error::JwsInvalid(Reason::JsonSerialization));
    }
    // `str::find(char)` for an ASCII char is core's memchr, which scans a
    // word at a time (a byte loop was ≈4% of an async verification of a 2 KB
    // token); at most five searches tell 3 parts from 5 (JWE) and the rest
    let mut dots = [0usize; 4];
    let mut count = 0usize;
    let mut from = 0;
    while let Some(at) = sub(token, from..).find('.') {
        if count == dots.len() {
            return Err(Error::JwsInvalid(Reason::PartCount));
        }
        dots[count] = from + at;
        count += 1;
        from += at + 1;
    }
    match count {
        2 => Ok([sub(token, ..dots[0]), sub(token, dots[0] + 1..dots[1]), sub(token, dots[1] + 1..)]),
        4 => Err(Error::JweNotSupported),
        _ => Err(Error::JwsInvalid(Reason::PartCount)),
    }
}

/// Which stage of [`parse`] refused a token (for step-by-step reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseStage {
    /// RFC 7515 §7.1: length limit, three parts, non-empty header part.
    Structure,
    /// RFC 7515 §4 / RFC 8725 §3: the header part's base64url, JSON and rules.
    Header,
    /// RFC 7515 §2: strict base64url of the payload and signature parts.
    Encoding,
}

/// Parse a compact JWS: length limit, structure, strict base64url, header rules.
pub fn parse<'t>(token: &'t str, limits: &Limits) -> Result<UntrustedJws<'t>, Error> {
    parse_staged(token, limits).map_err(|(_, e)| e)
}

/// [`parse`], saying which stage refused the token.
pub fn parse_staged<'t>(token: &'t str, limits: &Limits) -> Result<UntrustedJws<'t>, (ParseStage, Error)> {
    let [h, p, s] = split(token, limits).map_err(|e| (ParseStage::Structure, e))?;
    if h.is_empty() {
        return Err((ParseStage::Structure, Error::JwsInvalid(Reason::EmptyPart)));
    }
    let b64 = |part: &str| base64url::decode(part.as_bytes()).map_err(|_| Error::JwsInvalid(Reason::Base64Url));
    let header = b64(h)
        .and_then(|bytes| Header::parse_owned(bytes, limits.max_json_depth))
        .map_err(|e| (ParseStage::Header, e))?;
    let payload = b64(p).map_err(|e| (ParseStage::Encoding, e))?;
    let signature = b64(s).map_err(|e| (ParseStage::Encoding, e))?;
    Ok(UntrustedJws { signing_input: sub(token, ..h.len() + 1 + p.len()), header, payload, signature })
}

impl<'t> UntrustedJws<'t> {
    /// The header as the token states it (not yet authenticated).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The payload bytes as the token states them (not yet authenticated).
    pub fn unverified_payload(&self) -> &[u8] {
        &self.payload
    }

    /// `ASCII(BASE64URL(header) "." BASE64URL(payload))` (RFC 7515 §5.2 step 8).
    pub fn signing_input(&self) -> &'t str {
        self.signing_input
    }

    /// The decoded signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// RFC 7515 §5.2 + RFC 8725 §3.1: the `alg` must be in the caller's
    /// allow-list, the key is chosen by the caller's set (never by the
    /// header), `alg` must fit that key, then the signature is checked.
    pub fn verify(self, keys: &JwkSet, algorithms: AlgorithmSet) -> Result<Verified<Vec<u8>>, Error> {
        let index = self.select_key(keys, algorithms)?;
        self.verify_with_key(keys, index)
    }

    /// Header, payload and signature, for the external-signature path
    /// ([`super::external`]), which keeps the whole token itself.
    pub(crate) fn into_parts(self) -> (Header, Vec<u8>, Vec<u8>) {
        (self.header, self.payload, self.signature)
    }

    /// The allow-list and key-selection half of [`verify`](Self::verify), for
    /// callers that check the signature elsewhere (the WebCrypto path).
    pub fn select_key(&self, keys: &JwkSet, algorithms: AlgorithmSet) -> Result<usize, Error> {
        self.check_alg_allowed(algorithms)?;
        keys.select_index(self.header.kid(), self.header.alg())
    }

    /// RFC 8725 §3.1: the token's `alg` is in the caller's allow-list.
    pub fn check_alg_allowed(&self, algorithms: AlgorithmSet) -> Result<(), Error> {
        if algorithms.contains(self.header.alg()) { Ok(()) } else { Err(Error::AlgNotAllowed(Reason::AlgNotInAllowList)) }
    }

    /// RFC 7515 §5.2 step 8: the signature with the key at `index`, which
    /// [`select_key`](Self::select_key) chose (crate-internal: skipping the
    /// selection would skip the allow-list).
    pub(crate) fn verify_with_key(self, keys: &JwkSet, index: usize) -> Result<Verified<Vec<u8>>, Error> {
        keys.keys()[index].verify(self.header.alg(), self.signing_input.as_bytes(), &self.signature)?;
        Ok(Verified::new(self.header, self.payload, index))
    }
}

/// Decode the protected header WITHOUT verifying anything (like jose's
/// `decodeProtectedHeader`), for routing and diagnostics only. Strict
/// base64url and JSON still apply; the header rules do not.
pub fn decode_protected_header(token: &str, limits: &Limits) -> Result<Object, Error> {
    decode_header_part(token, limits).map(|(header, _)| header)
}

/// [`decode_protected_header`], also giving the header's JSON text as the
/// token carries it (base64url-decoded): the exact text the strict parser
/// accepted, so `JSON.parse` of it gives the same members and values without
/// serializing the parsed object again.
pub fn decode_protected_header_text(token: &str, limits: &Limits) -> Result<(Object, String), Error> {
    let (header, bytes) = decode_header_part(token, limits)?;
    // the parser accepted these bytes, so they are UTF-8
    let text = String::from_utf8(bytes).map_err(|_| Error::JwsInvalid(Reason::Json(json::JsonError::InvalidUtf8)))?;
    Ok((header, text))
}

/// The protected header and the decoded bytes it was parsed from.
fn decode_header_part(token: &str, limits: &Limits) -> Result<(Object, Vec<u8>), Error> {
    let first = match split(token, limits) {
        Ok([h, _, _]) => h,
        // a JWE header is readable the same way
        Err(Error::JweNotSupported) => token.split('.').next().unwrap_or(""),
        Err(e) => return Err(e),
    };
    let bytes = base64url::decode(first.as_bytes()).map_err(|_| Error::JwsInvalid(Reason::Base64Url))?;
    let header = json::parse_object(&bytes, limits.max_json_depth)
        .map_err(|e| Error::JwsInvalid(Reason::Json(e)))?
        .ok_or(Error::JwsInvalid(Reason::NotAnObject))?;
    Ok((header, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn lim() -> Limits {
        Limits::default()
    }

    #[test]
    fn part_counts() {
        let h = base64url::encode(br#"{"alg":"HS256"}"#);
        assert!(parse(&alloc::format!("{h}.e30.AAAA"), &lim()).is_ok());
        assert!(parse(&alloc::format!("{h}.."), &lim()).is_ok(), "empty payload and signature parse");
        for bad in ["", ".", "a", "a.b", "a.b.c.d", "a.b.c.d.e.f", "..", "...."] {
            let r = parse(bad, &lim());
            assert!(r.is_err(), "{bad:?}");
        }
        assert_eq!(parse("a.b.c.d.e", &lim()).err(), Some(Error::JweNotSupported));
        assert_eq!(parse(&alloc::format!(".{h}.x"), &lim()).err(), Some(Error::JwsInvalid(Reason::EmptyPart)));
        assert_eq!(parse("a.b", &lim()).err(), Some(Error::JwsInvalid(Reason::PartCount)));
    }

    #[test]
    fn million_dots_is_linear_and_refused() {
        let many = ".".repeat(1_000_000);
        let big = Limits { max_token_len: 2_000_000, ..lim() };
        assert_eq!(parse(&many, &big).err(), Some(Error::JwsInvalid(Reason::PartCount)));
        assert_eq!(parse(&many, &lim()).err(), Some(Error::JwsInvalid(Reason::TooLarge)));
    }

    #[test]
    fn json_serialization_refused() {
        for t in [r#"{"payload":"e30","protected":"x","signature":"y"}"#, r#" {"signatures":[]}"#] {
            assert_eq!(parse(t, &lim()).err(), Some(Error::JwsInvalid(Reason::JsonSerialization)));
        }
    }

    #[test]
    fn strict_base64_in_every_part() {
        let h = base64url::encode(br#"{"alg":"HS256"}"#);
        for (p, s) in [("e30=", "AA"), ("e30", "AA=="), ("e3+0", "AA"), ("e30", "A/A"), ("e 30", "AA"), ("e30", "AAA")] {
            let t: String = alloc::format!("{h}.{p}.{s}");
            let r = parse(&t, &lim());
            if s == "AAA" {
                // "AAA" is canonical (two zero bytes)
                assert!(r.is_ok());
            } else {
                assert_eq!(r.err(), Some(Error::JwsInvalid(Reason::Base64Url)), "{t}");
            }
        }
        assert_eq!(parse(&alloc::format!("{h}.e30.B"), &lim()).err(), Some(Error::JwsInvalid(Reason::Base64Url)));
        assert_eq!(parse(&alloc::format!("{h}.e30.AB"), &lim()).err(), Some(Error::JwsInvalid(Reason::Base64Url)));
    }
}
