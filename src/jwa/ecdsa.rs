//! ECDSA signature **verification** for the JOSE algorithms ES256
//! (P-256/SHA-256), ES384 (P-384/SHA-384) and ES512 (P-521/SHA-512),
//! RFC 7518 §3.4, with the verification procedure of FIPS 186-5 §6.4.2 /
//! SEC 1 v2 §4.1.4.
//!
//! Signatures are the fixed-length `R || S` of RFC 7518 §3.4 (never DER);
//! `r` and `s` must lie in `[1, n-1]`. High-S values are valid (JWS has no
//! low-S rule).
//!
//! # Variable time, on purpose
//!
//! The only inputs are the public key, the message and the signature: all
//! public (the signer's secret never comes near this code). So the arithmetic
//! is deliberately *variable time* (early exits, data-dependent branches and
//! table indices), like the RSA verifier, which is what makes it small and
//! fast. It must never be reused for signing or ECDH with a secret scalar.
//!
//! # Arithmetic
//!
//! * `curves`: the domain parameters. `field`: arithmetic mod `p` and
//!   mod `n`. `point`: point formulas and `u1·G + u2·Q`. The shared
//!   `super::bigint` supplies `R² mod m`, `-m⁻¹ mod 2^w`, the modular inverse
//!   and byte/limb conversions (the same code as RSA's).
//! * Field elements (mod `p`) and scalars (mod `n`) are little-endian limb
//!   arrays in Montgomery form (`u64` limbs on 64-bit native targets, `u32`
//!   on wasm32). One instantiation serves the three curves: the number of
//!   limbs in use is a run-time value of the key (8/12/17 `u32` or 4/6/9
//!   `u64` limbs), held in fixed-size stack arrays sized for P-521, so
//!   verification allocates nothing. Products are FIOS Montgomery
//!   multiplication, or a plain product and fold for P-521's Mersenne prime.
//! * Points are in Jacobian coordinates; doubling is `dbl-2001-b` (a = -3)
//!   rearranged to save additions (8 multiplications) and addition is the
//!   mixed Jacobian + affine `madd-2004-hmv` (11 multiplications) from the
//!   Explicit-Formulas Database, with the exceptional cases (identity
//!   operand, `P == Q`, `P == -Q`) handled by explicit branches.
//! * `u1·G + u2·Q` is computed by interleaved width-5 w-NAF (Straus/Shamir):
//!   one shared chain of doublings, one mixed addition per non-zero digit of
//!   either scalar. The tables of odd multiples `1·P, 3·P, ..., 15·P` of `G`
//!   and of `Q` are built in affine form when the key is imported (a single
//!   batched field inversion for both), so verification never inverts a field
//!   element.
//! * `s⁻¹ mod n` uses a variable-time binary extended Euclid.
//! * The final check `x(R') mod n == r` is done projectively: with
//!   `R' = (X : Y : Z)`, accept iff `X == r·Z²`, or `X == (r + n)·Z²` when
//!   `r + n < p` (the case `n <= x(R') < p`), so the result is never
//!   converted to affine form.
//! * No recursion, no allocation during verification, and no panics on any
//!   input (the only indexing is provably in bounds).

use alloc::boxed::Box;
use core::fmt;

use sha2::{Digest, Sha256, Sha384, Sha512};

use super::Curve;
use super::bigint::{Word, limbs_add_assign, limbs_from_be, limbs_lt};

mod curves;
mod field;
mod point;

use curves::curve_def;
use field::{EcLimb, Fe};
use point::{Affine, CurveCtx, TABLE_LEN};

/// Why a public key was refused at import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EcKeyError {
    /// `x` or `y` is not exactly the coordinate length of the curve
    /// (32, 48 or 66 octets, RFC 7518 §6.2.1.2-3).
    Length,
    /// `x` or `y` is not below the field prime `p`.
    CoordinateRange,
    /// `(x, y)` does not satisfy `y² = x³ - 3x + b`. (The identity has no
    /// affine coordinates; its conventional all-zero encoding lands here since
    /// `b != 0`.)
    NotOnCurve,
}

impl fmt::Display for EcKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EcKeyError::Length => "EC coordinate has the wrong length",
            EcKeyError::CoordinateRange => "EC coordinate is not below the field prime",
            EcKeyError::NotOnCurve => "EC point is not on the curve",
        })
    }
}

/// A validated EC public key (a point on the curve, not the identity), with
/// the tables used by verification precomputed.
#[derive(Clone)]
pub struct EcPublicKey {
    curve: Curve,
    inner: Box<KeyImpl<Word>>,
}

impl fmt::Debug for EcPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPublicKey")
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

impl EcPublicKey {
    /// Imports a public key from its affine coordinates, unsigned big-endian
    /// and exactly the coordinate length (RFC 7518 §6.2.1.2-3: 32, 48 or 66
    /// octets). Both must be below `p` and the point must satisfy the curve
    /// equation (SEC 1 v2 §3.2.2.1 public key validation; the cofactor is 1,
    /// so every such point has order `n`).
    pub fn new(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, EcKeyError> {
        Ok(EcPublicKey {
            curve,
            inner: Box::new(KeyImpl::with_base(curve_base(curve)?, x, y)?),
        })
    }

    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// RFC 7518 §3.4: hashes `msg` with the curve's SHA-2 (SHA-256, SHA-384,
    /// SHA-512) and verifies `sig = R || S` (exactly 2 × coordinate length
    /// octets) with [`Self::verify_prehash`].
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let mut buf = [0u8; 64];
        let digest = hash(self.curve, msg, &mut buf);
        self.inner.verify_prehash(digest, sig)
    }

    /// Verifies `sig = R || S` over a message digest of the curve's hash
    /// length (32, 48 or 64 octets; any other length is refused). For these
    /// curve/hash pairs the hash is never longer than the group order, so
    /// bits2int (FIPS 186-5 §6.4.2 step 3) takes it whole.
    pub fn verify_prehash(&self, digest: &[u8], sig: &[u8]) -> bool {
        self.inner.verify_prehash(digest, sig)
    }

    /// RFC 7518 §3.4 and FIPS 186-5 §6.4.2 step 2: `sig` is exactly
    /// 2 × coordinate length octets and `r`, `s` lie in `[1, n-1]` (checked
    /// before a signature is handed to an external verifier).
    pub fn signature_well_formed(&self, sig: &[u8]) -> bool {
        self.inner.scalars(sig).is_some()
    }
}

/// `H(msg)` with the hash of `curve`, written to the start of `buf`.
fn hash<'a>(curve: Curve, msg: &[u8], buf: &'a mut [u8; 64]) -> &'a [u8] {
    fn run<D: Digest>(msg: &[u8], buf: &mut [u8; 64]) -> usize {
        let digest = D::digest(msg);
        let len = digest.len().min(64);
        buf[..len].copy_from_slice(&digest[..len]);
        len
    }
    let len = match curve {
        Curve::P256 => run::<Sha256>(msg, buf),
        Curve::P384 => run::<Sha384>(msg, buf),
        Curve::P521 => run::<Sha512>(msg, buf),
    };
    &buf[..len]
}

/// A validated key: the curve's arithmetic and the affine odd-multiple
/// tables of `G` and `Q` for [`CurveCtx::mul2`].
#[derive(Clone)]
struct KeyImpl<L: EcLimb> {
    ctx: CurveCtx<L>,
    g_table: [Affine<L>; TABLE_LEN],
    q_table: [Affine<L>; TABLE_LEN],
}

/// What every key on a curve shares: the curve's arithmetic and the table
/// of `G`. Built once per process with the `std` feature ([`curve_base`]),
/// else for each key.
#[derive(Clone)]
struct CurveBase<L: EcLimb> {
    ctx: CurveCtx<L>,
    g_table: [Affine<L>; TABLE_LEN],
}

impl<L: EcLimb> CurveBase<L> {
    fn compute(curve: Curve) -> Result<Self, EcKeyError> {
        let def = curve_def(curve);
        let ctx = CurveCtx::<L>::new(&def);
        // G is on the curve and has prime order n (tested), so its table exists.
        let g = ctx.point(def.gx, def.gy)?;
        let [g_table] = ctx.odd_multiples([&g]).ok_or(EcKeyError::NotOnCurve)?;
        Ok(CurveBase { ctx, g_table })
    }
}

/// [`CurveBase`] of `curve`, computed on first use and kept for the process
/// (EC key import: ≈150 -> ≈60 µs per P-256 key in wasm).
fn curve_base(curve: Curve) -> Result<CurveBase<Word>, EcKeyError> {
    use once_cell::race::OnceBox;
    static BASES: [OnceBox<Result<CurveBase<Word>, EcKeyError>>; 3] = [OnceBox::new(), OnceBox::new(), OnceBox::new()];
    let slot = match curve {
        Curve::P256 => &BASES[0],
        Curve::P384 => &BASES[1],
        Curve::P521 => &BASES[2],
    };
    slot.get_or_init(|| alloc::boxed::Box::new(CurveBase::compute(curve))).clone()
}

impl<L: EcLimb> KeyImpl<L> {
    /// A key on a curve whose base is computed for it alone (see
    /// [`curve_base`] for the shared one).
    #[cfg(test)]
    fn new(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, EcKeyError> {
        Self::with_base(CurveBase::compute(curve)?, x, y)
    }

    fn with_base(base: CurveBase<L>, x: &[u8], y: &[u8]) -> Result<Self, EcKeyError> {
        let CurveBase { ctx, g_table } = base;
        if x.len() != ctx.coord_len || y.len() != ctx.coord_len {
            return Err(EcKeyError::Length);
        }
        let q = ctx.point(x, y)?;
        // Q has prime order n (the cofactor is 1), so its table exists.
        let [q_table] = ctx.odd_multiples([&q]).ok_or(EcKeyError::NotOnCurve)?;
        Ok(KeyImpl {
            ctx,
            g_table,
            q_table,
        })
    }


    /// `(r, s)` from `sig = R || S` of exactly 2 × coordinate length octets,
    /// both in `[1, n-1]` (FIPS 186-5 §6.4.2 step 2), as plain values.
    fn scalars(&self, sig: &[u8]) -> Option<(Fe<L>, Fe<L>)> {
        let c = &self.ctx;
        if sig.len() != 2 * c.coord_len {
            return None;
        }
        let (r_be, s_be) = sig.split_at(c.coord_len);
        let (r, s) = (c.n.parse_be(r_be)?, c.n.parse_be(s_be)?);
        (!c.n.is_zero(&r) && !c.n.is_zero(&s)).then_some((r, s))
    }

    /// FIPS 186-5 §6.4.2 on a digest of the curve's hash length.
    fn verify_prehash(&self, digest: &[u8], sig: &[u8]) -> bool {
        let c = &self.ctx;
        let (n, p) = (&c.n, &c.p);
        if digest.len() != c.hash_len {
            return false;
        }
        // Step 2: r, s in [1, n-1].
        let Some((r, s)) = self.scalars(sig) else {
            return false;
        };
        // Step 3: e = bits2int(H) — the hash is never longer than n here.
        let mut e = L::FE_ZERO;
        if !limbs_from_be(digest, &mut e.as_mut()[..n.len]) {
            return false;
        }
        // Steps 4-5: w = s⁻¹ (plain), wR = w in Montgomery form, then
        // u1 = MontMul(e, wR) = e·w and u2 = MontMul(r, wR) = r·w mod n.
        // (e < 2^n_bits <= R and wR < n, so the products are fully reduced.)
        let Some(w) = n.inv(&s) else {
            return false;
        };
        let w_mont = n.to_mont(&w);
        let u1 = n.mul(&e, &w_mont);
        let u2 = n.mul(&r, &w_mont);
        // Step 6: R' = u1·G + u2·Q; reject the identity.
        let pt = c.mul2(&u1, &self.g_table, &u2, &self.q_table);
        if p.is_zero(&pt.z) {
            return false;
        }
        // Steps 7-8: x(R') mod n == r. x(R') = X/Z² is in [0, p) and
        // n < p < 2n, so x(R') mod n == r iff x(R') == r or x(R') == r + n
        // (possible only if r + n < p). Compared projectively: X == c·Z².
        let x = p.to_plain(&pt.x);
        let zz = p.sqr(&pt.z);
        // MontMul(c, Z²R) = c·Z² (plain), for c < p.
        if p.eq(&p.mul(&r, &zz), &x) {
            return true;
        }
        let mut r_plus_n = r;
        let carry = limbs_add_assign(&mut r_plus_n.as_mut()[..n.len], &n.m.as_ref()[..n.len]);
        !carry
            && limbs_lt(&r_plus_n.as_ref()[..p.len], &p.m.as_ref()[..p.len])
            && p.eq(&p.mul(&r_plus_n, &zz), &x)
    }
}

#[cfg(test)]
mod tests;
