//! The group of edwards25519 (RFC 8032 §5.1): -x^2 + y^2 = 1 + d·x^2·y^2
//! over GF(2^255 - 19), in the coordinates of Hisil–Wong–Carter–Dawson,
//! "Twisted Edwards curves revisited" (2008), as ref10 uses them:
//! - extended (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z;
//! - projective (X:Y:Z), enough for doubling;
//! - completed ((X:Z),(Y:T)), what doubling and addition produce;
//! - cached (Y+X, Y-X, Z, 2d·T), a point prepared for adding.
//!
//! Variable time throughout: only public keys and signatures come here.

use super::field::{D, D2, Fe, SQRT_M1};

#[derive(Clone, Copy, Debug)]
pub(crate) struct Extended {
    x: Fe,
    y: Fe,
    z: Fe,
    t: Fe,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Projective {
    x: Fe,
    y: Fe,
    z: Fe,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Completed {
    x: Fe,
    y: Fe,
    z: Fe,
    t: Fe,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Cached {
    y_plus_x: Fe,
    y_minus_x: Fe,
    z: Fe,
    t2d: Fe,
}

/// The base point's encoding (RFC 8032 §5.1: y = 4/5, x even).
pub(crate) const BASE_POINT_ENCODING: [u8; 32] = [
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
];

impl Extended {
    pub(crate) const IDENTITY: Extended = Extended { x: Fe::ZERO, y: Fe::ONE, z: Fe::ONE, t: Fe::ZERO };

    /// RFC 8032 §5.1.3 decoding of a point, except that y is taken modulo p
    /// (the caller refuses y >= p where it matters): `None` when there is no
    /// x for y, or when x = 0 and the sign bit is set.
    pub(crate) fn decompress(bytes: &[u8; 32]) -> Option<Extended> {
        let y = Fe::from_bytes(bytes);
        let yy = y.square();
        let u = yy.sub(&Fe::ONE); // y^2 - 1
        let v = yy.mul(&D).add(&Fe::ONE); // d·y^2 + 1
        // x = u·v^3·(u·v^7)^((p-5)/8) (§5.1.3 step 3)
        let v3 = v.square().mul(&v);
        let v7 = v3.square().mul(&v);
        let mut x = u.mul(&v3).mul(&u.mul(&v7).pow_p58());
        let vxx = x.square().mul(&v);
        if !vxx.sub(&u).is_zero() {
            if !vxx.add(&u).is_zero() {
                return None; // no square root: not a point
            }
            x = x.mul(&SQRT_M1);
        }
        let sign = bytes[31] >> 7 == 1;
        if x.is_zero() && sign {
            return None;
        }
        if x.is_negative() != sign {
            x = x.neg();
        }
        Some(Extended { x, y, z: Fe::ONE, t: x.mul(&y) })
    }

    /// RFC 8032 §5.1.2 encoding: y, with the sign of x in the top bit.
    #[cfg(test)]
    pub(crate) fn compress(&self) -> [u8; 32] {
        Projective { x: self.x, y: self.y, z: self.z }.compress()
    }

    pub(crate) fn neg(&self) -> Extended {
        Extended { x: self.x.neg(), y: self.y, z: self.z, t: self.t.neg() }
    }

    pub(crate) fn to_cached(self) -> Cached {
        Cached { y_plus_x: self.y.add(&self.x), y_minus_x: self.y.sub(&self.x), z: self.z, t2d: self.t.mul(&D2) }
    }

    pub(crate) fn double(&self) -> Completed {
        Projective { x: self.x, y: self.y, z: self.z }.double()
    }

    /// self + q (the unified addition: any two points).
    pub(crate) fn add(&self, q: &Cached) -> Completed {
        self.add_or_sub(q, false)
    }

    /// self - q.
    pub(crate) fn sub(&self, q: &Cached) -> Completed {
        self.add_or_sub(q, true)
    }

    /// self + q, or self - q: -q = (-X : Y : Z : -T) swaps q's Y+X and Y-X
    /// and negates its 2d·T, which swaps the sum and difference below.
    #[inline(never)]
    fn add_or_sub(&self, q: &Cached, minus: bool) -> Completed {
        let (qp, qm) = if minus { (&q.y_minus_x, &q.y_plus_x) } else { (&q.y_plus_x, &q.y_minus_x) };
        let a = self.y.add(&self.x).mul(qp);
        let b = self.y.sub(&self.x).mul(qm);
        let c = self.t.mul(&q.t2d);
        let zz = self.z.mul(&q.z);
        let d = zz.add(&zz);
        let (d_plus_c, d_minus_c) = (d.add(&c), d.sub(&c));
        let (z, t) = if minus { (d_minus_c, d_plus_c) } else { (d_plus_c, d_minus_c) };
        Completed { x: a.sub(&b), y: a.add(&b), z, t }
    }

    /// Whether \[8\]self is the identity (the point has order 1, 2, 4 or 8).
    pub(crate) fn is_small_order(&self) -> bool {
        let p8 = self.double().to_projective().double().to_projective().double().to_projective();
        // the identity is (0 : Z : Z)
        p8.x.is_zero() && p8.y.sub(&p8.z).is_zero()
    }

    /// Whether two points are equal (cross-multiplied affine coordinates).
    #[cfg(test)]
    pub(crate) fn equals(&self, other: &Extended) -> bool {
        self.x.mul(&other.z).sub(&other.x.mul(&self.z)).is_zero()
            && self.y.mul(&other.z).sub(&other.y.mul(&self.z)).is_zero()
    }
}

impl Projective {
    pub(crate) const IDENTITY: Projective = Projective { x: Fe::ZERO, y: Fe::ONE, z: Fe::ONE };

    /// 2·self ("dbl-2008-hwcd": 4 squarings).
    #[inline(never)]
    pub(crate) fn double(&self) -> Completed {
        let xx = self.x.square();
        let yy = self.y.square();
        let zz = self.z.square();
        let zz2 = zz.add(&zz);
        let xy2 = self.x.add(&self.y).square();
        let y3 = yy.add(&xx);
        let z3 = yy.sub(&xx);
        Completed { x: xy2.sub(&y3), y: y3, z: z3, t: zz2.sub(&z3) }
    }

    pub(crate) fn compress(&self) -> [u8; 32] {
        let recip = self.z.invert();
        let x = self.x.mul(&recip);
        let y = self.y.mul(&recip);
        let mut out = y.to_bytes();
        out[31] |= u8::from(x.is_negative()) << 7;
        out
    }
}

impl Completed {
    pub(crate) fn to_projective(self) -> Projective {
        Projective { x: self.x.mul(&self.t), y: self.y.mul(&self.z), z: self.z.mul(&self.t) }
    }

    #[inline(never)]
    pub(crate) fn to_extended(self) -> Extended {
        Extended { x: self.x.mul(&self.t), y: self.y.mul(&self.z), z: self.z.mul(&self.t), t: self.x.mul(&self.y) }
    }
}

/// The odd multiples P, 3P, 5P, ..., 15P, cached: the table of a width-5
/// NAF (digits ±1, ±3, ..., ±15).
#[derive(Clone, Debug)]
pub(crate) struct OddMultiples(pub(crate) [Cached; 8]);

impl OddMultiples {
    pub(crate) fn of(p: &Extended) -> OddMultiples {
        let p2 = p.double().to_extended().to_cached();
        let mut table = [p.to_cached(); 8];
        let mut acc = *p;
        for entry in table.iter_mut().skip(1) {
            acc = acc.add(&p2).to_extended();
            *entry = acc.to_cached();
        }
        OddMultiples(table)
    }
}

/// Σ \[digit_i · 2^i\] of two width-5 NAFs against their tables: \[a\]A + \[b\]B
/// for `a`, `b` the scalars of `a_naf`, `b_naf` (variable time, interleaved:
/// one doubling per bit for both).
pub(crate) fn double_scalar_mul(
    a_naf: &[i8; 256],
    a_table: &OddMultiples,
    b_naf: &[i8; 256],
    b_table: &OddMultiples,
) -> Projective {
    let Some(top) = (0..256).rev().find(|&i| a_naf[i] != 0 || b_naf[i] != 0) else {
        return Projective::IDENTITY;
    };
    let mut r = Projective::IDENTITY;
    for i in (0..=top).rev() {
        let mut t = r.double();
        for (digit, table) in [(a_naf[i], a_table), (b_naf[i], b_table)] {
            if digit > 0 {
                t = t.to_extended().add(&table.0[(digit / 2) as usize]);
            } else if digit < 0 {
                t = t.to_extended().sub(&table.0[(-digit / 2) as usize]);
            }
        }
        r = t.to_projective();
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scalar::{L_BYTES, wnaf5};

    fn base() -> Extended {
        Extended::decompress(&BASE_POINT_ENCODING).unwrap()
    }

    /// \[s\]P by double-and-add over the bits (the reference for the NAF code).
    fn mul_plain(p: &Extended, s: &[u8; 32]) -> Extended {
        let cached = p.to_cached();
        let mut r = Extended::IDENTITY;
        for i in (0..256).rev() {
            r = r.double().to_extended();
            if s[i / 8] >> (i % 8) & 1 == 1 {
                r = r.add(&cached).to_extended();
            }
        }
        r
    }

    #[test]
    fn base_point_is_on_the_curve_with_even_x() {
        let b = base();
        // -x^2 + y^2 = 1 + d x^2 y^2
        let (xx, yy) = (b.x.square(), b.y.square());
        assert!(yy.sub(&xx).sub(&Fe::ONE.add(&D.mul(&xx).mul(&yy))).is_zero());
        assert!(!b.x.is_negative());
        assert_eq!(b.compress(), BASE_POINT_ENCODING);
    }

    #[test]
    fn base_point_has_order_l() {
        let b = base();
        let lb = mul_plain(&b, &L_BYTES);
        assert!(lb.equals(&Extended::IDENTITY), "[L]B = 0");
        assert!(!b.is_small_order());
        assert!(Extended::IDENTITY.is_small_order());
    }

    #[test]
    fn addition_doubling_and_negation_agree() {
        let b = base();
        let bc = b.to_cached();
        let two_b = b.double().to_extended();
        assert!(b.add(&bc).to_extended().equals(&two_b), "B + B = 2B");
        assert!(two_b.sub(&bc).to_extended().equals(&b), "2B - B = B");
        assert!(b.add(&b.neg().to_cached()).to_extended().equals(&Extended::IDENTITY), "B + (-B) = 0");
        let three = b.add(&two_b.to_cached()).to_extended();
        assert!(two_b.add(&bc).to_extended().equals(&three), "commutes");
        // a round trip through the encoding
        let enc = three.compress();
        let back = Extended::decompress(&enc).unwrap();
        assert!(back.equals(&three));
        assert_eq!(back.compress(), enc);
        let neg = three.neg().compress();
        assert_eq!(neg[..31], enc[..31]);
        assert_eq!(neg[31] ^ enc[31], 0x80, "-P differs only in the sign bit");
    }

    #[test]
    fn double_scalar_mul_agrees_with_double_and_add() {
        let b = base();
        let a = mul_plain(&b, &[7; 32].map(|x: u8| x & 0x0f)); // some other point
        let (ta, tb) = (OddMultiples::of(&a), OddMultiples::of(&b));
        let mut seed = 0x1234_5678_9abc_def1u64;
        for n in 0..40 {
            let mut s = [[0u8; 32]; 2];
            for s in s.iter_mut() {
                for byte in s.iter_mut() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    *byte = seed as u8;
                }
                s[31] &= 0x0f; // below 2^252 < L, as the NAF requires
            }
            if n == 0 {
                s[0] = [0; 32];
            }
            if n == 1 {
                s = [[0; 32]; 2];
            }
            let got = double_scalar_mul(&wnaf5(&s[0]), &ta, &wnaf5(&s[1]), &tb);
            let want = mul_plain(&a, &s[0]).add(&mul_plain(&b, &s[1]).to_cached()).to_extended();
            assert_eq!(got.compress(), want.compress(), "case {n}");
        }
    }

    #[test]
    fn decoding_refuses_what_is_not_a_point() {
        let mut refused = 0;
        for y in 0u8..=255 {
            let mut e = [0u8; 32];
            e[0] = y;
            match Extended::decompress(&e) {
                Some(p) => {
                    // on the curve, and encodes back to itself
                    let (xx, yy) = (p.x.square(), p.y.square());
                    assert!(yy.sub(&xx).sub(&Fe::ONE.add(&D.mul(&xx).mul(&yy))).is_zero());
                    assert_eq!(p.compress(), e);
                }
                None => refused += 1,
            }
        }
        assert!(refused > 50 && refused < 200, "about half the y have no x: {refused}");
        // x = 0 (y = 1) with the sign bit set
        let mut e = [0u8; 32];
        e[0] = 1;
        e[31] = 0x80;
        assert!(Extended::decompress(&e).is_none());
    }
}
