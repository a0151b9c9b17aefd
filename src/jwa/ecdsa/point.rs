//! Points of `y² = x³ - 3x + b` in Jacobian and affine coordinates, and the
//! double-scalar multiplication `u1·G + u2·Q` of ECDSA verification
//! (interleaved width-5 w-NAF). Variable time: only public values pass
//! through here.

use super::EcKeyError;
use super::curves::CurveDef;
use super::field::{EcLimb, Fe, Modulus};
use crate::jwa::bigint::Limb;

/// Affine point (Montgomery-form coordinates); never the identity.
#[derive(Clone, Copy)]
pub(super) struct Affine<L: EcLimb> {
    pub(super) x: Fe<L>,
    pub(super) y: Fe<L>,
}

/// Jacobian point `(X : Y : Z)` for the affine `(X/Z², Y/Z³)`
/// (Montgomery-form coordinates); `Z = 0` is the identity.
#[derive(Clone, Copy)]
pub(super) struct Jacobian<L: EcLimb> {
    pub(super) x: Fe<L>,
    pub(super) y: Fe<L>,
    pub(super) z: Fe<L>,
}

/// Width of the w-NAF: digits are odd and in `(-2^(W-1), 2^(W-1))`.
pub(super) const WINDOW: usize = 5;
/// Odd multiples `1·P, 3·P, ..., (2^(W-1) - 1)·P` per table.
pub(super) const TABLE_LEN: usize = 1 << (WINDOW - 2);
/// Room for the w-NAF of a scalar below `2^521` (`n_bits + WINDOW` digits).
pub(super) const MAX_DIGITS: usize = 521 + WINDOW;

/// Curve arithmetic for one curve.
#[derive(Clone)]
pub(super) struct CurveCtx<L: EcLimb> {
    pub(super) p: Modulus<L>,
    pub(super) n: Modulus<L>,
    /// `b` in Montgomery form.
    pub(super) b: Fe<L>,
    /// `1` in Montgomery form (`R mod p`).
    pub(super) one: Fe<L>,
    pub(super) n_bits: usize,
    pub(super) hash_len: usize,
    pub(super) coord_len: usize,
}

impl<L: EcLimb> CurveCtx<L> {
    pub(super) fn new(def: &CurveDef) -> Self {
        let p = Modulus::new(def.p);
        let n = Modulus::new(def.n);
        let mut plain_one = L::FE_ZERO;
        plain_one.as_mut()[0] = L::ONE;
        let one = p.to_mont(&plain_one);
        // The constant b is below p; `parse_be` cannot fail.
        let b = p.to_mont(&p.parse_be(def.b).unwrap_or(L::FE_ZERO));
        CurveCtx {
            p,
            n,
            b,
            one,
            n_bits: def.n_bits,
            hash_len: def.hash_len,
            coord_len: def.p.len(),
        }
    }

    pub(super) fn identity(&self) -> Jacobian<L> {
        Jacobian {
            x: self.one,
            y: self.one,
            z: L::FE_ZERO,
        }
    }

    /// Imports affine coordinates (big-endian, each below `p`) into
    /// Montgomery form and checks the curve equation.
    pub(super) fn point(&self, x: &[u8], y: &[u8]) -> Result<Affine<L>, EcKeyError> {
        let f = &self.p;
        let x = f.parse_be(x).ok_or(EcKeyError::CoordinateRange)?;
        let y = f.parse_be(y).ok_or(EcKeyError::CoordinateRange)?;
        let pt = Affine {
            x: f.to_mont(&x),
            y: f.to_mont(&y),
        };
        if !self.is_on_curve(&pt) {
            return Err(EcKeyError::NotOnCurve);
        }
        Ok(pt)
    }

    /// `y² == x³ - 3x + b`.
    pub(super) fn is_on_curve(&self, pt: &Affine<L>) -> bool {
        let f = &self.p;
        let x3 = f.mul(&f.sqr(&pt.x), &pt.x);
        let three_x = f.add(&f.add(&pt.x, &pt.x), &pt.x);
        let rhs = f.add(&f.sub(&x3, &three_x), &self.b);
        f.eq(&f.sqr(&pt.y), &rhs)
    }

    /// `2P` for a = -3: the dbl-2001-b formulas (Bernstein, EFD) rearranged
    /// to save additions, as multiplications and squarings cost the same
    /// here: with `Y2 = 2Y`, `G = Y2² = 4Y²` and `B = X·G = 4XY²`,
    /// `α = 3(X - Z²)(X + Z²)`, `X3 = α² - 2B`, `Y3 = α(B - X3) - G²/2`,
    /// `Z3 = Y2·Z` (8 multiplications, 9 additions, 1 halving). Maps the
    /// identity (`Z = 0`) to itself; no point of these prime-order curves
    /// has `Y = 0`.
    pub(super) fn double(&self, pt: &Jacobian<L>) -> Jacobian<L> {
        let f = &self.p;
        let delta = f.sqr(&pt.z);
        let y2 = f.add(&pt.y, &pt.y);
        let g = f.sqr(&y2);
        let b = f.mul(&pt.x, &g);
        let t = f.mul(&f.sub(&pt.x, &delta), &f.add(&pt.x, &delta));
        let alpha = f.add(&f.add(&t, &t), &t);
        let x3 = f.sub(&f.sqr(&alpha), &f.add(&b, &b));
        let z3 = f.mul(&y2, &pt.z);
        let y3 = f.sub(&f.mul(&alpha, &f.sub(&b, &x3)), &f.half(&f.sqr(&g)));
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `P + Q` for a Jacobian `P` and an affine `Q`, madd-2004-hmv
    /// (Hankerson, Menezes & Vanstone; EFD), 11 multiplications and 7
    /// additions, with the exceptional cases: `P` the identity gives `Q`;
    /// `P == Q` is a doubling; `P == -Q` gives the identity.
    pub(super) fn add_affine(&self, pt: &Jacobian<L>, q: &Affine<L>) -> Jacobian<L> {
        let f = &self.p;
        if f.is_zero(&pt.z) {
            return Jacobian {
                x: q.x,
                y: q.y,
                z: self.one,
            };
        }
        let z1z1 = f.sqr(&pt.z);
        let u2 = f.mul(&q.x, &z1z1);
        let s2 = f.mul(&q.y, &f.mul(&pt.z, &z1z1));
        let h = f.sub(&u2, &pt.x);
        let r = f.sub(&s2, &pt.y);
        if f.is_zero(&h) {
            // Same x: P == Q (same y) or P == -Q.
            return if f.is_zero(&r) {
                self.double(pt)
            } else {
                self.identity()
            };
        }
        let hh = f.sqr(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&pt.x, &hh);
        // X3 = r² - H³ - 2V
        let x3 = f.sub(&f.sub(&f.sqr(&r), &hhh), &f.add(&v, &v));
        // Y3 = r (V - X3) - Y1 H³
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.mul(&pt.y, &hhh));
        // Z3 = Z1 H
        let z3 = f.mul(&pt.z, &h);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Affine form of a Jacobian point; `None` for the identity (the tests
    /// compare results in affine form; verification never needs it).
    #[cfg(test)]
    pub(super) fn to_affine(&self, pt: &Jacobian<L>) -> Option<Affine<L>> {
        let f = &self.p;
        let zinv = f.inv_mont(&pt.z)?;
        let zinv2 = f.sqr(&zinv);
        Some(Affine {
            x: f.mul(&pt.x, &zinv2),
            y: f.mul(&pt.y, &f.mul(&zinv2, &zinv)),
        })
    }

    /// The affine odd multiples `1·P, 3·P, ..., (2·TABLE_LEN - 1)·P` of each
    /// of `K` points (prime order `n`, i.e. validated points of these
    /// cofactor-1 curves), with a single field inversion for all of them.
    ///
    /// With `D = 2P = (X₂ : Y₂ : Z₂)`, the map `(x, y) ↦ (Z₂²x, Z₂³y)` sends
    /// the curve to the isomorphic `y² = x³ - 3Z₂⁴x + Z₂⁶b`, where `D` is the
    /// affine `(X₂, Y₂)` and `P` is `(Z₂²x, Z₂³y)`. The mixed-addition
    /// formulas involve neither `a` nor `b`, so `P + i·D` is computed there;
    /// `(X : Y : Z)` on that curve is the affine `(X/(Z·Z₂)², Y/(Z·Z₂)³)` on
    /// ours (the "effective affine" trick of libsecp256k1's odd-multiples
    /// table). None of these additions is exceptional (their doubling branch
    /// would use `a = -3`, wrong there): `(2i-1)·P = ±2P` would mean
    /// `(2i-3)·P` or `(2i+1)·P` is the identity, impossible for odd
    /// multipliers below `n`. `None` only if a `Z` is zero, which cannot
    /// happen for such points (`Z₂ = 2y ≠ 0`: no point has order 2).
    pub(super) fn odd_multiples<const K: usize>(
        &self,
        pts: [&Affine<L>; K],
    ) -> Option<[[Affine<L>; TABLE_LEN]; K]> {
        let f = &self.p;
        let mut jac = [[self.identity(); TABLE_LEN]; K];
        // Z·Z₂ of each entry: the denominators on our curve.
        let mut zs = [[self.one; TABLE_LEN]; K];
        for k in 0..K {
            let pt = pts[k];
            let d = self.double(&Jacobian {
                x: pt.x,
                y: pt.y,
                z: self.one,
            });
            let z2 = f.sqr(&d.z);
            let d_iso = Affine { x: d.x, y: d.y };
            jac[k][0] = Jacobian {
                x: f.mul(&pt.x, &z2),
                y: f.mul(&pt.y, &f.mul(&z2, &d.z)),
                z: self.one,
            };
            for i in 1..TABLE_LEN {
                jac[k][i] = self.add_affine(&jac[k][i - 1], &d_iso);
            }
            for i in 0..TABLE_LEN {
                zs[k][i] = f.mul(&jac[k][i].z, &d.z);
            }
        }
        // Batch inversion (Montgomery's trick) over all K·TABLE_LEN
        // denominators in order: prefix = product of those up to this one.
        let mut prefix = [[self.one; TABLE_LEN]; K];
        let mut acc = self.one;
        for k in 0..K {
            for i in 0..TABLE_LEN {
                acc = f.mul(&acc, &zs[k][i]);
                prefix[k][i] = acc;
            }
        }
        // inv = (product of the denominators up to and including (k, i))⁻¹.
        let mut inv = f.inv_mont(&acc)?;
        let mut out = [[**pts.first()?; TABLE_LEN]; K];
        for k in (0..K).rev() {
            for i in (0..TABLE_LEN).rev() {
                let before = match (k, i) {
                    (0, 0) => None,
                    (_, 0) => Some(&prefix[k - 1][TABLE_LEN - 1]),
                    _ => Some(&prefix[k][i - 1]),
                };
                let zinv = match before {
                    Some(before) => {
                        let zinv = f.mul(&inv, before);
                        inv = f.mul(&inv, &zs[k][i]);
                        zinv
                    }
                    None => inv,
                };
                let zinv2 = f.sqr(&zinv);
                out[k][i] = Affine {
                    x: f.mul(&jac[k][i].x, &zinv2),
                    y: f.mul(&jac[k][i].y, &f.mul(&zinv2, &zinv)),
                };
            }
        }
        Some(out)
    }

    /// Table entry for a non-zero odd w-NAF digit: `digit·P` from the odd
    /// multiples of `P`, negating `y` for a negative digit.
    pub(super) fn lookup(&self, table: &[Affine<L>; TABLE_LEN], digit: i8) -> Affine<L> {
        let index = usize::from(digit.unsigned_abs() >> 1) % TABLE_LEN;
        let mut pt = table[index];
        if digit < 0 {
            pt.y = self.p.sub(&L::FE_ZERO, &pt.y);
        }
        pt
    }

    /// `u1·G + u2·Q` (plain scalars below `2^n_bits`) by interleaved w-NAF
    /// from the odd-multiple tables of `G` and `Q`.
    pub(super) fn mul2(
        &self,
        u1: &Fe<L>,
        g_table: &[Affine<L>; TABLE_LEN],
        u2: &Fe<L>,
        q_table: &[Affine<L>; TABLE_LEN],
    ) -> Jacobian<L> {
        let digits_len = self.n_bits + WINDOW;
        let mut d1 = [0i8; MAX_DIGITS];
        let mut d2 = [0i8; MAX_DIGITS];
        let len = self.n.len;
        let top1 = wnaf(&u1.as_ref()[..len], &mut d1[..digits_len]);
        let top2 = wnaf(&u2.as_ref()[..len], &mut d2[..digits_len]);
        let mut acc = self.identity();
        for i in (0..top1.max(top2)).rev() {
            if !self.p.is_zero(&acc.z) {
                acc = self.double(&acc);
            }
            if d1[i] != 0 {
                acc = self.add_affine(&acc, &self.lookup(g_table, d1[i]));
            }
            if d2[i] != 0 {
                acc = self.add_affine(&acc, &self.lookup(q_table, d2[i]));
            }
        }
        acc
    }
}

/// Eight bits of `k` starting at bit `pos` (zero past the end).
pub(super) fn bits_at<L: Limb>(k: &[L], pos: usize) -> u32 {
    let (i, off) = (pos / L::BITS, pos % L::BITS);
    let mut v = match k.get(i) {
        Some(limb) => u32::from(limb.byte(off)),
        None => 0,
    };
    if off + 8 > L::BITS
        && let Some(next) = k.get(i + 1)
    {
        v |= u32::from(next.byte(0)) << (L::BITS - off);
    }
    v & 0xff
}

/// Width-`WINDOW` non-adjacent form of `k`: `k = Σ digits[i]·2^i` with every
/// non-zero digit odd, in `(-2^(W-1), 2^(W-1))`, and followed by at least
/// `W - 1` zero digits. `digits` must have room for `bits(k) + WINDOW`
/// digits. Returns one past the index of the highest non-zero digit (0 when
/// `k = 0`).
pub(super) fn wnaf<L: Limb>(k: &[L], digits: &mut [i8]) -> usize {
    const MASK: u32 = (1 << WINDOW) - 1;
    const HALF: u32 = 1 << (WINDOW - 1);
    for d in digits.iter_mut() {
        *d = 0;
    }
    let mut carry = 0u32;
    let mut top = 0;
    let mut pos = 0;
    while pos < digits.len() {
        let bits = bits_at(k, pos);
        if bits & 1 == carry {
            // The running value (k plus the pending carry) is even here.
            pos += 1;
            continue;
        }
        let window = carry + (bits & MASK);
        let digit = if window >= HALF {
            carry = 1;
            window as i32 - (1 << WINDOW)
        } else {
            carry = 0;
            window as i32
        };
        digits[pos] = digit as i8;
        top = pos + 1;
        pos += WINDOW;
    }
    top
}
