//! EdDSA with Ed25519 (RFC 8037 §3.1, RFC 8032 §5.1.7), strict: S < L,
//! canonical R and A, no small-order R or A.

use crate::error::Reason;

/// A validated Ed25519 public key.
#[derive(Clone, Debug)]
pub struct Ed25519PublicKey(ed25519_dalek::VerifyingKey);

impl Ed25519PublicKey {
    /// RFC 8037 §2: `x` is the 32-byte encoding; it must decode to a point,
    /// be canonical (re-encodes to the same bytes) and not be of small order.
    pub fn new(x: &[u8]) -> Result<Self, Reason> {
        let bytes: &[u8; 32] = x.try_into().map_err(|_| Reason::OkpKeyInvalid)?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| Reason::OkpKeyInvalid)?;
        // VerifyingKey keeps the bytes it was given; re-encoding the decoded point
        // exposes non-canonical y (>= p) encodings.
        let canonical = curve25519_dalek::edwards::CompressedEdwardsY(*bytes)
            .decompress()
            .map(|p| p.compress().to_bytes() == *bytes)
            .unwrap_or(false);
        if !canonical || key.is_weak() {
            return Err(Reason::OkpKeyInvalid);
        }
        Ok(Self(key))
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// RFC 8032 §5.1.7 with the strict checks of `verify_strict`; the
    /// signature is exactly 64 bytes.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(bytes) = <&[u8; 64]>::try_from(sig) else {
            return false;
        };
        let sig = ed25519_dalek::Signature::from_bytes(bytes);
        self.0.verify_strict(msg, &sig).is_ok()
    }
}
