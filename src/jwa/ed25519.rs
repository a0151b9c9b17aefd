//! Ed25519 signature verification (RFC 8032 §5.1.7), strict as
//! `ed25519-dalek`'s `verify_strict`, in variable time: every input here is
//! public (keys, signatures, messages), so no step needs to hide its data.
//!
//! This file is the root of the `tokencheck-ed25519` crate (crates/ed25519
//! says why it is a crate); `src/jwa/eddsa.rs` is its one user, which hashes
//! `R || A || M` with SHA-512 and hands the reduced digest here.
//!
//! - `field`: GF(2^255 - 19) in ten 25.5-bit limbs (ref10's radix);
//! - `point`: the twisted Edwards group in extended coordinates;
//! - [`scalar`]: the range check of S, reduction of a 512-bit digest modulo
//!   L, width-5 NAF recoding.
//!
//! What is refused, as `verify_strict` refuses it: a public key whose
//! encoding is not canonical (y >= p, or x = 0 with the sign bit set), is
//! not a point, or is a point of small order; a signature whose S is not
//! below L, whose R is not the canonical encoding of \[S\]B - \[k\]A, or whose
//! R is of small order. Tests: this crate checks the arithmetic against big
//! integers; `tests/ed25519_oracle.rs` checks verification against
//! `ed25519-dalek` on valid, mutated and crafted signatures and keys, and the
//! Wycheproof and RFC 8032 / 8037 vectors run through the JWS verifier.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations, missing_docs)]

#[cfg(test)]
extern crate std;

// a crate root's modules are found beside it, so each path is spelled out
#[path = "ed25519/field.rs"]
mod field;
#[path = "ed25519/point.rs"]
mod point;
#[path = "ed25519/scalar.rs"]
pub mod scalar;

use point::{BASE_POINT_ENCODING, Extended, OddMultiples, double_scalar_mul};

/// A validated Ed25519 public key, A, with the odd multiples of -A that
/// verification adds (computed once, at import).
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    encoded: [u8; 32],
    minus_a: OddMultiples,
}

impl VerifyingKey {
    /// RFC 8032 §5.1.3 decoding, strict: `None` unless `bytes` is the
    /// canonical encoding of a point that is not of small order.
    pub fn from_bytes(bytes: &[u8; 32]) -> Option<VerifyingKey> {
        if y_not_below_p(bytes) {
            return None;
        }
        let a = Extended::decompress(bytes)?;
        if a.is_small_order() {
            return None;
        }
        Some(VerifyingKey { encoded: *bytes, minus_a: OddMultiples::of(&a.neg()) })
    }

    /// The key's encoding (the bytes it was made from, which are canonical).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.encoded
    }

    /// RFC 8032 §5.1.7 with `k` = SHA-512(R || A || M) already reduced
    /// modulo L ([`scalar::reduce_wide`]): whether S < L, R is not of small
    /// order, and \[S\]B - \[k\]A encodes to exactly `r`.
    pub fn verify_reduced(&self, base: &BaseTable, r: &[u8; 32], s: &[u8; 32], k: &[u8; 32]) -> bool {
        if !scalar::is_canonical(s) || r_is_small_order(r) || !scalar::is_canonical(k) {
            return false;
        }
        let r_computed = double_scalar_mul(&scalar::wnaf5(k), &self.minus_a, &scalar::wnaf5(s), &base.0);
        r_computed.compress() == *r
    }
}

/// The odd multiples of the base point B that verification adds. Computing
/// it costs about as much as a tenth of a verification: keep one.
#[derive(Clone, Debug)]
pub struct BaseTable(OddMultiples);

impl BaseTable {
    /// The table of B (RFC 8032 §5.1: y = 4/5, x even).
    pub fn new() -> BaseTable {
        // the constant encoding decodes (tested)
        let b = Extended::decompress(&BASE_POINT_ENCODING).unwrap_or(Extended::IDENTITY);
        BaseTable(OddMultiples::of(&b))
    }
}

impl Default for BaseTable {
    fn default() -> Self {
        Self::new()
    }
}

/// The y-coordinates (little-endian) of the points of small order: 1 (the
/// identity), p - 1 (order 2), 0 (order 4), and ±y8 (order 8). Both points
/// with a given y have the same order, so y decides (tests: these are the
/// y of the eight points P with \[8\]P = 0).
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
    ],
    [0; 32],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf,
        0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20,
        0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
    ],
];

/// Whether an encoding `r` decodes to a point of small order, reading it as
/// `verify_strict` does before its equation: the sign bit is ignored, and y
/// is taken modulo p, so the non-canonical encodings y + p count too. (An
/// encoding of a small-order y that does not decode at all, x = 0 with the
/// sign bit set, counts as well: no equation can hold for it either.)
pub fn r_is_small_order(r: &[u8; 32]) -> bool {
    let mut y = *r;
    y[31] &= 0x7f;
    if y_not_below_p(r) {
        // y = p + t with t < 19: reduce to t
        y = [0; 32];
        y[0] = r[0] - 0xed;
    }
    SMALL_ORDER_Y.contains(&y)
}

/// Whether the y-coordinate of an encoding (its low 255 bits) is >= p =
/// 2^255 - 19, i.e. non-canonical (RFC 8032 §5.1.3 step 1): only
/// `ed..ff ff..ff 7f` with the sign bit ignored.
fn y_not_below_p(e: &[u8; 32]) -> bool {
    e[31] & 0x7f == 0x7f && e[1..31].iter().all(|&b| b == 0xff) && e[0] >= 0xed
}

#[cfg(test)]
mod tests {
    use super::*;
    use point::Extended;

    /// The eight points of order dividing 8: the identity, (0, -1), (±sqrt(-1)·.., 0)
    /// and the four of order 8, found as \[L\]P for points P = decode(y).
    #[test]
    fn the_small_order_table_is_the_eight_torsion() {
        let mut found: [[u8; 32]; 8] = [[0xaa; 32]; 8];
        let mut n = 0;
        for y in 2u8..=255 {
            let mut e = [0u8; 32];
            e[0] = y;
            let Some(p) = Extended::decompress(&e) else {
                continue;
            };
            // [L]P is in the torsion subgroup
            let cached = p.to_cached();
            let mut t = Extended::IDENTITY;
            for i in (0..256).rev() {
                t = t.double().to_extended();
                if scalar::L_BYTES[i / 8] >> (i % 8) & 1 == 1 {
                    t = t.add(&cached).to_extended();
                }
            }
            assert!(t.is_small_order());
            let enc = t.compress();
            if !found[..n].contains(&enc) {
                found[n] = enc;
                n += 1;
                if n == 8 {
                    break;
                }
            }
        }
        assert_eq!(n, 8, "eight torsion points");
        let mut ys: [[u8; 32]; 8] = found.map(|mut e| {
            e[31] &= 0x7f;
            e
        });
        ys.sort();
        let mut table = SMALL_ORDER_Y;
        table.sort();
        for y in ys {
            assert!(table.contains(&y), "{y:02x?}");
            assert!(r_is_small_order(&y));
        }
        for y in table {
            assert!(ys.contains(&y), "{y:02x?} is the y of a torsion point");
        }
    }

    #[test]
    fn key_import_refuses_non_canonical_and_small_order() {
        // the base point is a key
        assert!(VerifyingKey::from_bytes(&BASE_POINT_ENCODING).is_some());
        // small order
        for y in SMALL_ORDER_Y {
            for sign in [0u8, 0x80] {
                let mut e = y;
                e[31] |= sign;
                assert!(VerifyingKey::from_bytes(&e).is_none(), "{e:02x?}");
            }
        }
        // y >= p
        for t in 0u8..19 {
            let mut e = [0xffu8; 32];
            e[0] = 0xed + t;
            e[31] = 0x7f;
            assert!(VerifyingKey::from_bytes(&e).is_none());
        }
    }
}
