//! ECDSA with the NIST curves (RFC 7518 §3.4): ES256 (P-256/SHA-256),
//! ES384 (P-384/SHA-384), ES512 (P-521/SHA-512). Signatures are the fixed
//! length R || S (never DER); r and s must lie in [1, n-1]. High-S values are
//! valid (JWS has no low-S rule).

use alloc::vec::Vec;

use ecdsa_core::signature::hazmat::PrehashVerifier;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::Curve;
use crate::error::Reason;

// p256/p384/p521 re-export the generic ecdsa crate as `ecdsa`.
use p256::ecdsa as ecdsa_core;

/// A validated EC public key (point on the curve, not the identity).
#[derive(Clone, Debug)]
pub enum EcPublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
}

impl EcPublicKey {
    /// RFC 7518 §6.2.1.2/3: `x` and `y` are exactly the coordinate length; the
    /// point must satisfy the curve equation (checked by decoding the SEC1
    /// uncompressed form, which also excludes the point at infinity).
    pub fn new(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, Reason> {
        let len = curve.coordinate_len();
        if x.len() != len || y.len() != len {
            return Err(Reason::EcPointInvalid);
        }
        let mut sec1 = Vec::with_capacity(1 + 2 * len);
        sec1.push(0x04);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        let bad = |_| Reason::EcPointInvalid;
        Ok(match curve {
            Curve::P256 => EcPublicKey::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(bad)?),
            Curve::P384 => EcPublicKey::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(bad)?),
            Curve::P521 => EcPublicKey::P521(p521::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(bad)?),
        })
    }

    pub fn curve(&self) -> Curve {
        match self {
            EcPublicKey::P256(_) => Curve::P256,
            EcPublicKey::P384(_) => Curve::P384,
            EcPublicKey::P521(_) => Curve::P521,
        }
    }

    /// RFC 7518 §3.4: hash with the curve's SHA-2, check R || S of exactly
    /// 2 × coordinate length bytes.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        if sig.len() != 2 * self.curve().coordinate_len() {
            return false;
        }
        match self {
            EcPublicKey::P256(k) => p256::ecdsa::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_prehash(&Sha256::digest(msg), &s).is_ok()),
            EcPublicKey::P384(k) => p384::ecdsa::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_prehash(&Sha384::digest(msg), &s).is_ok()),
            EcPublicKey::P521(k) => p521::ecdsa::Signature::from_slice(sig)
                .is_ok_and(|s| k.verify_prehash(&Sha512::digest(msg), &s).is_ok()),
        }
    }
}
