//! HMAC with SHA-2 (RFC 7518 §3.2): HS256, HS384, HS512.

use alloc::vec::Vec;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use super::Sha;
use crate::error::Reason;

/// Shortest HMAC key accepted at import: the output of the shortest hash
/// (RFC 7518 §3.2 "A key of the same size as the hash output ... or larger MUST be used").
pub const MIN_KEY_LEN: usize = 32;

/// An HMAC secret. `Debug` never prints it.
#[derive(Clone)]
pub struct HmacKey(Vec<u8>);

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "HmacKey({} bytes, redacted)", self.0.len())
    }
}

impl HmacKey {
    /// RFC 7518 §3.2: refuse keys shorter than 32 bytes (empty included).
    pub fn new(k: &[u8]) -> Result<Self, Reason> {
        if k.len() < MIN_KEY_LEN {
            return Err(Reason::HmacKeyTooShort);
        }
        Ok(Self(k.to_vec()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Compute the full-length tag (RFC 7518 §3.2).
    pub(crate) fn tag(&self, sha: Sha, msg: &[u8]) -> Vec<u8> {
        fn run<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Vec<u8> {
            // HMAC accepts keys of any length, so this cannot fail.
            let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
            mac.update(msg);
            mac.finalize().into_bytes().to_vec()
        }
        match sha {
            Sha::Sha256 => run::<Hmac<Sha256>>(&self.0, msg),
            Sha::Sha384 => run::<Hmac<Sha384>>(&self.0, msg),
            Sha::Sha512 => run::<Hmac<Sha512>>(&self.0, msg),
        }
    }

    /// Constant-time check of a full-length tag; truncated tags are refused
    /// (RFC 7518 §3.2 defines no truncation for JWS).
    pub(crate) fn verify(&self, sha: Sha, msg: &[u8], sig: &[u8]) -> bool {
        let expected = self.tag(sha, msg);
        // Length is public (it is the algorithm's); the bytes are compared in constant time.
        expected.len() == sig.len() && bool::from(expected.ct_eq(sig))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_refused() {
        assert_eq!(HmacKey::new(b"").err(), Some(Reason::HmacKeyTooShort));
        assert_eq!(HmacKey::new(&[7u8; 31]).err(), Some(Reason::HmacKeyTooShort));
        assert!(HmacKey::new(&[7u8; 32]).is_ok());
    }

    #[test]
    fn rfc4231_case_2_style_and_truncation() {
        let key = HmacKey::new(&[0x0b; 32]).unwrap();
        let tag = key.tag(Sha::Sha256, b"Hi There");
        assert_eq!(tag.len(), 32);
        assert!(key.verify(Sha::Sha256, b"Hi There", &tag));
        assert!(!key.verify(Sha::Sha256, b"Hi There", &tag[..31]));
        assert!(!key.verify(Sha::Sha256, b"Hi There", &[]));
        let mut first = tag.clone();
        first[0] ^= 1;
        let mut last = tag.clone();
        last[31] ^= 0x80;
        assert!(!key.verify(Sha::Sha256, b"Hi There", &first));
        assert!(!key.verify(Sha::Sha256, b"Hi There", &last));
        assert_eq!(key.tag(Sha::Sha384, b"x").len(), 48);
        assert_eq!(key.tag(Sha::Sha512, b"x").len(), 64);
    }
}
