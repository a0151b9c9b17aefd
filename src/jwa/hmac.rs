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
///
/// It also keeps HMAC-SHA-256 keyed once (RFC 2104 §2: the hash states after
/// `K ^ ipad` and `K ^ opad`), so that an HS256 tag costs the message's
/// compressions plus one, not plus three; a key used once costs the same as
/// before. HS384 / HS512 key their MAC per call (SHA-512's two extra
/// compressions per import would be paid by every HS256 key too).
#[derive(Clone)]
pub struct HmacKey {
    bytes: Vec<u8>,
    sha256: Hmac<Sha256>,
}

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "HmacKey({} bytes, redacted)", self.bytes.len())
    }
}

impl HmacKey {
    /// RFC 7518 §3.2: refuse keys shorter than 32 bytes (empty included).
    pub fn new(k: &[u8]) -> Result<Self, Reason> {
        if k.len() < MIN_KEY_LEN {
            return Err(Reason::HmacKeyTooShort);
        }
        Ok(Self { bytes: k.to_vec(), sha256: keyed(k) })
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Compute the full-length tag (RFC 7518 §3.2).
    pub(crate) fn tag(&self, sha: Sha, msg: &[u8]) -> Vec<u8> {
        fn run<M: Mac>(mut mac: M, msg: &[u8]) -> Vec<u8> {
            mac.update(msg);
            mac.finalize().into_bytes().to_vec()
        }
        match sha {
            Sha::Sha256 => run(self.sha256.clone(), msg),
            Sha::Sha384 => run(keyed::<Hmac<Sha384>>(&self.bytes), msg),
            Sha::Sha512 => run(keyed::<Hmac<Sha512>>(&self.bytes), msg),
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

/// A MAC keyed with `key` (RFC 2104 §2, the hash of `K ^ ipad` and `K ^ opad` started).
fn keyed<M: KeyInit>(key: &[u8]) -> M {
    // HMAC accepts keys of any length, so this cannot fail.
    <M as KeyInit>::new_from_slice(key).expect("HMAC takes any key length")
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

    /// RFC 4231 §4.2 (test case 1, 20-byte key, below our import minimum, so
    /// keyed directly) and §4.7 (test case 6, 131-byte key: hashed first),
    /// through the kept SHA-256 state, used again and again: every use starts
    /// from the keyed state, never from the previous message's.
    #[test]
    fn rfc4231_vectors_through_the_kept_state() {
        let hex = |s: &str| data_encoding::HEXLOWER.decode(s.as_bytes()).unwrap();
        let case1 = HmacKey { bytes: alloc::vec![0x0b; 20], sha256: keyed(&[0x0b; 20]) };
        let case6 = HmacKey::new(&[0xaa; 131]).unwrap();
        let msg6: &[u8] = b"Test Using Larger Than Block-Size Key - Hash Key First";
        for _ in 0..3 {
            assert_eq!(
                case1.tag(Sha::Sha256, b"Hi There"),
                hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
            );
            assert_eq!(
                case6.tag(Sha::Sha256, msg6),
                hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
            );
            assert_eq!(
                case6.tag(Sha::Sha512, msg6),
                hex(concat!(
                    "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352",
                    "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
                ))
            );
        }
        // a clone of the key keeps the same state
        assert_eq!(case6.clone().tag(Sha::Sha256, msg6), case6.tag(Sha::Sha256, msg6));
    }
}
