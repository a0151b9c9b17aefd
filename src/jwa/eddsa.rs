//! EdDSA with Ed25519 (RFC 8037 §3.1, RFC 8032 §5.1.7), strict: S < L,
//! canonical R and A, no small-order R or A. The curve arithmetic is
//! `src/jwa/ed25519.rs` (the `tokencheck-ed25519` crate); here the key is
//! imported and `R || A || M` hashed with SHA-512.

use alloc::boxed::Box;
use sha2::{Digest, Sha512};
use tokencheck_ed25519::{BaseTable, VerifyingKey, r_is_small_order, scalar};

use crate::error::Reason;

/// A validated Ed25519 public key (boxed: it carries the 1.3 KB table of
/// odd multiples that verification adds).
#[derive(Clone, Debug)]
pub struct Ed25519PublicKey(Box<VerifyingKey>);

impl Ed25519PublicKey {
    /// RFC 8037 §2: `x` is the 32-byte encoding; it must be canonical
    /// (y < p; x = 0 only with the sign bit clear), decode to a point
    /// (RFC 8032 §5.1.3) and not be of small order.
    pub fn new(x: &[u8]) -> Result<Self, Reason> {
        let bytes: &[u8; 32] = x.try_into().map_err(|_| Reason::OkpKeyInvalid)?;
        VerifyingKey::from_bytes(bytes).map(|k| Self(Box::new(k))).ok_or(Reason::OkpKeyInvalid)
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        *self.0.as_bytes()
    }

    /// RFC 8032 §5.1.7 as `verify_strict` reads a signature before its
    /// equation: 64 bytes, `S < L`, `R` no encoding of a point of small
    /// order. Signatures handed to a host's Ed25519
    /// ([`crate::jws::external::HostChecks::WITH_ED25519`]) pass this first.
    pub(crate) fn signature_well_formed(&self, sig: &[u8]) -> bool {
        // R need not be checked to be a point: no host's equation can hold
        // for bytes that are not the canonical encoding of [S]B - [k]A
        split(sig).is_some_and(|(r, s)| scalar::is_canonical(s) && !r_is_small_order(r))
    }

    /// RFC 8032 §5.1.7 with the strict checks of `verify_strict`; the
    /// signature is exactly 64 bytes.
    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((r, s)) = split(sig) else {
            return false;
        };
        let digest: [u8; 64] =
            Sha512::new().chain_update(r).chain_update(self.0.as_bytes()).chain_update(msg).finalize().into();
        let k = scalar::reduce_wide(&digest);
        with_base_table(|base| self.0.verify_reduced(base, r, s, &k))
    }
}

/// A signature's R and S (RFC 8032 §5.1.6 step 6: R || S, 64 bytes).
fn split(sig: &[u8]) -> Option<(&[u8; 32], &[u8; 32])> {
    let bytes = <&[u8; 64]>::try_from(sig).ok()?;
    let (r, s) = bytes.split_at(32);
    Some((r.try_into().ok()?, s.try_into().ok()?))
}

/// The base point's table, computed on first use and kept for the process.
fn with_base_table<T>(f: impl FnOnce(&BaseTable) -> T) -> T {
    static BASE: once_cell::race::OnceBox<BaseTable> = once_cell::race::OnceBox::new();
    f(BASE.get_or_init(|| Box::new(BaseTable::new())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwa::test_rng::SplitMix;
    use alloc::vec::Vec;
    use curve25519_dalek::constants::EIGHT_TORSION;
    use curve25519_dalek::edwards::CompressedEdwardsY;

    /// What `verify_strict` refuses as a small-order R: decodes, and is of small order.
    fn dalek_small_order(r: &[u8; 32]) -> bool {
        CompressedEdwardsY(*r).decompress().is_some_and(|p| p.is_small_order())
    }

    /// The y-coordinates of the eight torsion points, per curve25519-dalek.
    fn torsion_ys() -> Vec<[u8; 32]> {
        let mut ys: Vec<[u8; 32]> = EIGHT_TORSION
            .iter()
            .map(|p| {
                let mut y = p.compress().to_bytes();
                y[31] &= 0x7f;
                y
            })
            .collect();
        ys.sort();
        ys.dedup();
        ys
    }

    /// Encodings on every edge the checks care about: each y >= p (both
    /// sign bits), each small-order y (both sign bits), the base point,
    /// random bytes, and one-bit changes of the small-order y values.
    fn candidates() -> Vec<[u8; 32]> {
        let mut out: Vec<[u8; 32]> = Vec::new();
        for t in 0u8..19 {
            let mut e = [0xffu8; 32];
            e[0] = 0xed + t;
            for top in [0x7f, 0xff] {
                e[31] = top;
                out.push(e);
            }
        }
        let small = torsion_ys();
        assert_eq!(small.len(), 5);
        for &y in &small {
            for sign in [0u8, 0x80] {
                let mut e = y;
                e[31] |= sign;
                out.push(e);
            }
        }
        out.push(curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes());
        let mut rng = SplitMix(7);
        for _ in 0..2000 {
            let e: [u8; 32] = rng.bytes(32).try_into().unwrap();
            out.push(e);
            let mut near = small[(e[0] % 5) as usize];
            near[(e[1] % 32) as usize] ^= 1 << (e[2] % 8);
            out.push(near);
        }
        out
    }

    /// Key import refuses exactly the encodings that do not decode, do not
    /// re-encode to themselves, or are of small order (curve25519-dalek as
    /// the oracle).
    #[test]
    fn key_import_agrees_with_decode_and_re_encode() {
        let candidates = candidates();
        let mut accepted = 0;
        for e in &candidates {
            let expected = CompressedEdwardsY(*e)
                .decompress()
                .is_some_and(|p| p.compress().to_bytes() == *e && !p.is_small_order());
            assert_eq!(Ed25519PublicKey::new(e).is_ok(), expected, "{e:02x?}");
            accepted += usize::from(expected);
        }
        assert!(accepted > 500 && accepted < candidates.len() - 500, "both outcomes are exercised: {accepted}");
    }

    #[test]
    fn small_order_r_agrees_with_dalek() {
        let mut small = 0;
        for e in &candidates() {
            let dalek = dalek_small_order(e);
            // a small-order encoding dalek cannot decode (x = 0 with the sign
            // bit set, where it refuses) is refused here too: harmless, as no
            // host equation can hold for it either
            let ours = r_is_small_order(e);
            if dalek {
                small += 1;
                assert!(ours, "{e:02x?}");
            } else if ours {
                assert!(CompressedEdwardsY(*e).decompress().is_none(), "{e:02x?} decodes to a large-order point");
            }
        }
        assert!(small >= 10, "the candidates include small-order encodings");
    }
}
