//! Arithmetic modulo p = 2^255 - 19 (RFC 8032 §5.1), in radix 2^25.5: ten
//! limbs of alternately 26 and 25 bits, limb i weighing 2^ceil(25.5·i) — the
//! representation of the ref10 code in SUPERCOP, which fits the 32×32→64-bit
//! multiplications WebAssembly has.
//!
//! Bounds, which every caller keeps (the tests check the extremes):
//! - *tight*: what `mul`, `square`, `sub` and `carry` return — limbs below
//!   2^26 (even limbs) and 2^25 + 2^18 (odd limbs);
//! - *loose*: the sum of two tight elements (`add`) — below 2^27 / 2^26.2.
//!
//! `mul` and `square` take tight or loose inputs (or the sum of a loose and a
//! tight one, as in point addition): every 64-bit accumulator then stays
//! below 2^63. `add` takes tight inputs only; `sub` takes a tight or loose
//! minuend and a tight or loose subtrahend.

/// An element of GF(2^255 - 19); not necessarily reduced below p.
#[derive(Clone, Copy, Debug)]
pub struct Fe(pub(crate) [u32; 10]);

const MASK26: u64 = (1 << 26) - 1;
const MASK25: u64 = (1 << 25) - 1;

/// Limb widths: 26 for even limbs, 25 for odd ones.
const fn width(i: usize) -> u32 {
    26 - (i as u32 & 1)
}

/// 4p in this radix, limb by limb (added before subtracting, so no limb of a
/// difference goes negative).
const FOUR_P: [u32; 10] = {
    let mut l = [0u32; 10];
    let mut i = 0;
    while i < 10 {
        l[i] = ((1u32 << width(i)) - 1) * 4;
        i += 1;
    }
    l[0] = ((1 << 26) - 19) * 4;
    l
};

/// d = -121665/121666, the curve constant (RFC 8032 §5.1).
pub(crate) const D: Fe =
    Fe([56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315]);
/// 2·d.
pub(crate) const D2: Fe =
    Fe([45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199]);
/// A square root of -1: 2^((p-1)/4).
pub(crate) const SQRT_M1: Fe =
    Fe([34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482]);

impl Fe {
    pub(crate) const ZERO: Fe = Fe([0; 10]);
    pub(crate) const ONE: Fe = Fe([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

    /// The low 255 bits of a little-endian encoding (bit 255 is ignored;
    /// values from p to 2^255 - 1 are taken as they are, i.e. modulo p).
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Fe {
        let mut limbs = [0u32; 10];
        let mut offset = 0usize;
        for (i, limb) in limbs.iter_mut().enumerate() {
            // the 8 bytes from offset/8 hold the whole limb (26 + 7 < 64 bits)
            let start = offset / 8;
            let mut word = [0u8; 8];
            let end = (start + 8).min(32);
            word[..end - start].copy_from_slice(&bytes[start..end]);
            let bits = u64::from_le_bytes(word) >> (offset % 8);
            *limb = (bits & ((1 << width(i)) - 1)) as u32;
            offset += width(i) as usize;
        }
        Fe(limbs)
    }

    /// The canonical little-endian encoding: the value reduced below p.
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let h = self.carry().0;
        // h < 2p: subtract p once if h + 19 reaches 2^255
        let mut q = (u64::from(h[0]) + 19) >> 26;
        for (i, &limb) in h.iter().enumerate().skip(1) {
            q = (u64::from(limb) + q) >> width(i);
        }
        let mut v = [0u64; 10];
        for (x, &limb) in v.iter_mut().zip(h.iter()) {
            *x = u64::from(limb);
        }
        v[0] += 19 * q;
        for i in 0..9 {
            let c = v[i] >> width(i);
            v[i] &= (1 << width(i)) - 1;
            v[i + 1] += c;
        }
        v[9] &= MASK25; // drops 2^255 · q: the value is now h - q·p
        let mut out = [0u8; 32];
        let mut acc: u64 = 0;
        let mut acc_bits = 0u32;
        let mut n = 0;
        for (i, &limb) in v.iter().enumerate() {
            acc |= limb << acc_bits;
            acc_bits += width(i);
            while acc_bits >= 8 {
                out[n] = acc as u8;
                n += 1;
                acc >>= 8;
                acc_bits -= 8;
            }
        }
        out[n] = acc as u8; // the last 7 bits (255 = 31·8 + 7)
        out
    }

    /// Whether the value is 0 modulo p.
    pub(crate) fn is_zero(&self) -> bool {
        self.to_bytes() == [0; 32]
    }

    /// Whether the reduced value is odd ("negative" in RFC 8032 §5.1.2).
    pub(crate) fn is_negative(&self) -> bool {
        self.to_bytes()[0] & 1 == 1
    }

    /// Limb-wise sum of two tight elements, without carrying: loose.
    #[inline]
    pub(crate) fn add(&self, b: &Fe) -> Fe {
        let mut h = self.0;
        for (x, y) in h.iter_mut().zip(b.0.iter()) {
            *x += y;
        }
        Fe(h)
    }

    /// self - b (both tight or loose), carried: tight.
    #[inline]
    pub(crate) fn sub(&self, b: &Fe) -> Fe {
        let mut h = self.0;
        for ((x, four_p), y) in h.iter_mut().zip(FOUR_P.iter()).zip(b.0.iter()) {
            *x = *x + four_p - y;
        }
        Fe(h).carry()
    }

    /// -self, tight.
    #[inline]
    pub(crate) fn neg(&self) -> Fe {
        Fe::ZERO.sub(self)
    }

    /// Carry every limb into the next (the last one into the first, times
    /// 19, as 2^255 = 19 mod p): tight. Limbs may be up to 2^32 - 1.
    #[inline]
    fn carry(&self) -> Fe {
        let mut h = [0u64; 10];
        for (x, &limb) in h.iter_mut().zip(self.0.iter()) {
            *x = u64::from(limb);
        }
        carry_wide(h)
    }

    /// The product, tight. Term f_i·g_j goes to limb i + j, doubled when
    /// both limbs are odd (their weights sum one bit above the target's)
    /// and times 19 when i + j >= 10 (2^255 = 19 mod p); written out, as
    /// ref10 does, so that it compiles to straight-line code.
    #[inline(never)]
    pub(crate) fn mul(&self, g: &Fe) -> Fe {
        let [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] = self.0.map(u64::from);
        let [g0, g1, g2, g3, g4, g5, g6, g7, g8, g9] = g.0.map(u64::from);
        // odd f limbs doubled (odd times odd lands one bit up), g limbs
        // times 19 (2^255 = 19 mod p)
        let (f1_2, f3_2, f5_2, f7_2, f9_2) = (2 * f1, 2 * f3, 2 * f5, 2 * f7, 2 * f9);
        let (g1_19, g2_19, g3_19, g4_19, g5_19) = (19 * g1, 19 * g2, 19 * g3, 19 * g4, 19 * g5);
        let (g6_19, g7_19, g8_19, g9_19) = (19 * g6, 19 * g7, 19 * g8, 19 * g9);
        let h0 = f0 * g0
            + f1_2 * g9_19
            + f2 * g8_19
            + f3_2 * g7_19
            + f4 * g6_19
            + f5_2 * g5_19
            + f6 * g4_19
            + f7_2 * g3_19
            + f8 * g2_19
            + f9_2 * g1_19;
        let h1 = f0 * g1
            + f1 * g0
            + f2 * g9_19
            + f3 * g8_19
            + f4 * g7_19
            + f5 * g6_19
            + f6 * g5_19
            + f7 * g4_19
            + f8 * g3_19
            + f9 * g2_19;
        let h2 = f0 * g2
            + f1_2 * g1
            + f2 * g0
            + f3_2 * g9_19
            + f4 * g8_19
            + f5_2 * g7_19
            + f6 * g6_19
            + f7_2 * g5_19
            + f8 * g4_19
            + f9_2 * g3_19;
        let h3 = f0 * g3
            + f1 * g2
            + f2 * g1
            + f3 * g0
            + f4 * g9_19
            + f5 * g8_19
            + f6 * g7_19
            + f7 * g6_19
            + f8 * g5_19
            + f9 * g4_19;
        let h4 = f0 * g4
            + f1_2 * g3
            + f2 * g2
            + f3_2 * g1
            + f4 * g0
            + f5_2 * g9_19
            + f6 * g8_19
            + f7_2 * g7_19
            + f8 * g6_19
            + f9_2 * g5_19;
        let h5 = f0 * g5
            + f1 * g4
            + f2 * g3
            + f3 * g2
            + f4 * g1
            + f5 * g0
            + f6 * g9_19
            + f7 * g8_19
            + f8 * g7_19
            + f9 * g6_19;
        let h6 = f0 * g6
            + f1_2 * g5
            + f2 * g4
            + f3_2 * g3
            + f4 * g2
            + f5_2 * g1
            + f6 * g0
            + f7_2 * g9_19
            + f8 * g8_19
            + f9_2 * g7_19;
        let h7 =
            f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
        let h8 = f0 * g8
            + f1_2 * g7
            + f2 * g6
            + f3_2 * g5
            + f4 * g4
            + f5_2 * g3
            + f6 * g2
            + f7_2 * g1
            + f8 * g0
            + f9_2 * g9_19;
        let h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
        carry_wide([h0, h1, h2, h3, h4, h5, h6, h7, h8, h9])
    }

    /// The square, tight: `mul`'s terms with f_i·f_j and f_j·f_i taken
    /// together (55 products instead of 100).
    #[inline(never)]
    pub(crate) fn square(&self) -> Fe {
        let [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9] = self.0.map(u64::from);
        let f0_2 = 2 * f0;
        let f1_2 = 2 * f1;
        let f2_2 = 2 * f2;
        let f3_2 = 2 * f3;
        let f4_2 = 2 * f4;
        let f5_2 = 2 * f5;
        let f7_2 = 2 * f7;
        let f1_4 = 4 * f1;
        let f3_4 = 4 * f3;
        let f6_19 = 19 * f6;
        let f8_19 = 19 * f8;
        let f5_38 = 38 * f5;
        let f6_38 = 38 * f6;
        let f7_38 = 38 * f7;
        let f8_38 = 38 * f8;
        let f9_38 = 38 * f9;
        let h0 = f0 * f0 + f1_2 * f9_38 + f2 * f8_38 + f3_2 * f7_38 + f4 * f6_38 + f5 * f5_38;
        let h1 = f0_2 * f1 + f2 * f9_38 + f3 * f8_38 + f4 * f7_38 + f5 * f6_38;
        let h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4 * f8_38 + f5_2 * f7_38 + f6 * f6_19;
        let h3 = f0_2 * f3 + f1_2 * f2 + f4 * f9_38 + f5 * f8_38 + f6 * f7_38;
        let h4 = f0_2 * f4 + f1_4 * f3 + f2 * f2 + f5_2 * f9_38 + f6 * f8_38 + f7 * f7_38;
        let h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6 * f9_38 + f7 * f8_38;
        let h6 = f0_2 * f6 + f1_4 * f5 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
        let h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8 * f9_38;
        let h8 = f0_2 * f8 + f1_4 * f7 + f2_2 * f6 + f3_4 * f5 + f4 * f4 + f9 * f9_38;
        let h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;
        carry_wide([h0, h1, h2, h3, h4, h5, h6, h7, h8, h9])
    }

    /// self^(2^k), tight.
    #[inline(never)]
    fn square_times(&self, k: u32) -> Fe {
        let mut x = self.square();
        for _ in 1..k {
            x = x.square();
        }
        x
    }

    /// (self^(2^250 - 1), self^11): the common start of both exponentiations.
    fn pow_2_250_minus_1(&self) -> (Fe, Fe) {
        let z2 = self.square(); // 2
        let z9 = z2.square_times(2).mul(self); // 9
        let z11 = z9.mul(&z2); // 11
        let z_5_0 = z11.square().mul(&z9); // 2^5 - 1 = 31
        let z_10_0 = z_5_0.square_times(5).mul(&z_5_0);
        let z_20_0 = z_10_0.square_times(10).mul(&z_10_0);
        let z_40_0 = z_20_0.square_times(20).mul(&z_20_0);
        let z_50_0 = z_40_0.square_times(10).mul(&z_10_0);
        let z_100_0 = z_50_0.square_times(50).mul(&z_50_0);
        let z_200_0 = z_100_0.square_times(100).mul(&z_100_0);
        let z_250_0 = z_200_0.square_times(50).mul(&z_50_0);
        (z_250_0, z11)
    }

    /// self^(p - 2) = 1/self (0 for 0).
    pub(crate) fn invert(&self) -> Fe {
        let (z_250_0, z11) = self.pow_2_250_minus_1();
        // 2^255 - 32 + 11 = p - 2
        z_250_0.square_times(5).mul(&z11)
    }

    /// self^((p - 5)/8) = self^(2^252 - 3), for square roots (RFC 8032 §5.1.3).
    pub(crate) fn pow_p58(&self) -> Fe {
        let (z_250_0, _) = self.pow_2_250_minus_1();
        z_250_0.square_times(2).mul(self)
    }
}

/// The carry chain of `mul`, `square` and `carry`: limbs below 2^63 in,
/// tight limbs out.
#[inline(always)]
fn carry_wide(mut h: [u64; 10]) -> Fe {
    for i in 0..9 {
        let c = h[i] >> width(i);
        h[i] &= if i & 1 == 0 { MASK26 } else { MASK25 };
        h[i + 1] += c;
    }
    let c = h[9] >> 25;
    h[9] &= MASK25;
    h[0] += 19 * c;
    let c = h[0] >> 26;
    h[0] &= MASK26;
    h[1] += c;
    let mut out = [0u32; 10];
    for (o, &x) in out.iter_mut().zip(h.iter()) {
        *o = x as u32;
    }
    Fe(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use std::{vec, vec::Vec};

    fn p() -> BigUint {
        (BigUint::from(1u8) << 255u32) - 19u32
    }

    /// The value of an element, not reduced (limbs weighed as they are).
    fn value(x: &Fe) -> BigUint {
        let mut v = BigUint::from(0u8);
        let mut offset = 0u32;
        for (i, &limb) in x.0.iter().enumerate() {
            v += BigUint::from(limb) << offset;
            offset += width(i);
        }
        v
    }

    fn reduced(x: &Fe) -> BigUint {
        value(x) % p()
    }

    fn from_big(v: &BigUint) -> Fe {
        let mut b = v.to_bytes_le();
        b.resize(32, 0);
        Fe::from_bytes(&b.try_into().unwrap())
    }

    /// xorshift64*: deterministic test inputs.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn bytes32(&mut self) -> [u8; 32] {
            let mut out = [0u8; 32];
            for c in out.chunks_mut(8) {
                c.copy_from_slice(&self.next().to_le_bytes());
            }
            out
        }
        /// A tight element with random limbs (any value below the bounds).
        fn tight(&mut self) -> Fe {
            let mut l = [0u32; 10];
            for (i, x) in l.iter_mut().enumerate() {
                let bound = if i & 1 == 0 { 1u64 << 26 } else { (1 << 25) + (1 << 18) };
                *x = (self.next() % bound) as u32;
            }
            Fe(l)
        }
    }

    /// The largest limbs each bound allows.
    fn max_tight() -> Fe {
        let mut l = [0u32; 10];
        for (i, x) in l.iter_mut().enumerate() {
            *x = if i & 1 == 0 { (1 << 26) - 1 } else { (1 << 25) + (1 << 18) - 1 };
        }
        Fe(l)
    }

    fn assert_tight(x: &Fe) {
        for (i, &l) in x.0.iter().enumerate() {
            let bound = if i & 1 == 0 { 1u32 << 26 } else { (1 << 25) + (1 << 18) };
            assert!(l < bound, "limb {i} = {l:#x} is not tight");
        }
    }

    fn special_values() -> Vec<BigUint> {
        let one = BigUint::from(1u8);
        let two255 = &one << 255u32;
        vec![
            BigUint::from(0u8),
            one.clone(),
            BigUint::from(2u8),
            BigUint::from(19u8),
            p() - 1u8,
            p(),
            p() + 1u8,
            &two255 - 1u8, // the largest 255-bit encoding
            &two255 - 20u8,
            (&one << 254u32) - 1u8,
        ]
    }

    #[test]
    fn constants_are_their_definitions() {
        let p = p();
        let d = reduced(&D);
        assert_eq!((&d * 121666u32 + 121665u32) % &p, BigUint::from(0u8), "d = -121665/121666");
        assert_eq!(reduced(&D2), (&d * 2u8) % &p);
        let i = reduced(&SQRT_M1);
        assert_eq!((&i * &i) % &p, &p - 1u8, "sqrt(-1)^2 = -1");
        for c in [D, D2, SQRT_M1] {
            assert_tight(&c);
        }
        assert_eq!(value(&Fe(FOUR_P)), &p * 4u8);
    }

    #[test]
    fn bytes_round_trip_and_reduce() {
        let mut rng = Rng(1);
        let mut inputs: Vec<BigUint> = special_values();
        for _ in 0..500 {
            inputs.push(BigUint::from_bytes_le(&rng.bytes32()) >> 1u32);
        }
        for v in inputs {
            let x = from_big(&v);
            assert_eq!(value(&x), v, "from_bytes keeps the 255-bit value");
            let enc = x.to_bytes();
            assert_eq!(BigUint::from_bytes_le(&enc), &v % p(), "to_bytes is the reduced value");
            assert_eq!(x.is_zero(), (&v % p()) == BigUint::from(0u8));
        }
        // bit 255 is ignored
        let mut b = [0u8; 32];
        b[31] = 0x80;
        assert!(Fe::from_bytes(&b).is_zero());
    }

    #[test]
    fn to_bytes_reduces_every_tight_element() {
        let mut rng = Rng(2);
        for x in (0..2000).map(|_| rng.tight()).chain([max_tight()]) {
            assert_eq!(BigUint::from_bytes_le(&x.to_bytes()), reduced(&x));
        }
    }

    #[test]
    fn arithmetic_agrees_with_big_integers() {
        let p = p();
        let mut rng = Rng(3);
        let mut elems: Vec<Fe> = special_values().iter().map(from_big).collect();
        elems.push(max_tight());
        for _ in 0..300 {
            elems.push(rng.tight());
        }
        for (n, a) in elems.iter().enumerate() {
            let b = &elems[(n * 7 + 3) % elems.len()];
            let (va, vb) = (reduced(a), reduced(b));
            let m = a.mul(b);
            assert_tight(&m);
            assert_eq!(reduced(&m), (&va * &vb) % &p, "mul");
            let s = a.square();
            assert_tight(&s);
            assert_eq!(reduced(&s), (&va * &va) % &p, "square");
            let d = a.sub(b);
            assert_tight(&d);
            assert_eq!(reduced(&d), (&va + &p - &vb) % &p, "sub");
            assert_eq!(reduced(&a.neg()), (&p - &va) % &p, "neg");
            let sum = a.add(b);
            assert_eq!(reduced(&sum), (&va + &vb) % &p, "add");
            // loose inputs: a sum, squared and multiplied; a loose minuend
            // and subtrahend
            assert_eq!(reduced(&sum.square()), (&va + &vb) * (&va + &vb) % &p, "square of a sum");
            assert_eq!(reduced(&sum.mul(&sum)), (&va + &vb) * (&va + &vb) % &p, "mul of sums");
            assert_eq!(reduced(&sum.sub(&sum)), BigUint::from(0u8), "loose - loose");
        }
    }

    #[test]
    fn the_extreme_inputs_stay_in_range() {
        // the largest tight limbs, and the largest sums point addition makes
        // (2·tight + tight), squared and multiplied
        let p = p();
        let t = max_tight();
        let loose = t.add(&t);
        let three = Fe(core::array::from_fn(|i| loose.0[i] + t.0[i]));
        for x in [t, loose, three] {
            let v = reduced(&x);
            assert_eq!(reduced(&x.square()), (&v * &v) % &p);
            assert_eq!(reduced(&x.mul(&x)), (&v * &v) % &p);
            assert_eq!(reduced(&x.mul(&three)), (&v * reduced(&three)) % &p);
            assert_eq!(reduced(&Fe::ZERO.sub(&x)), (&p - &v) % &p);
        }
    }

    #[test]
    fn exponentiations() {
        let p = p();
        let mut rng = Rng(4);
        for _ in 0..40 {
            let x = rng.tight();
            let v = reduced(&x);
            let inv = reduced(&x.invert());
            assert_eq!(inv, v.modpow(&(&p - 2u8), &p));
            if v != BigUint::from(0u8) {
                assert_eq!((&v * &inv) % &p, BigUint::from(1u8));
            }
            assert_eq!(reduced(&x.pow_p58()), v.modpow(&((&p - 5u8) >> 3u32), &p));
        }
        assert!(Fe::ZERO.invert().is_zero());
    }

    #[test]
    fn sign_is_the_low_bit_of_the_reduced_value() {
        assert!(!Fe::ZERO.is_negative());
        assert!(Fe::ONE.is_negative());
        assert!(!from_big(&(p() - 1u8)).is_negative()); // p - 1 is even
        assert!(!from_big(&p()).is_negative()); // p = 0
        assert!(from_big(&(p() + 1u8)).is_negative()); // p + 1 = 1
    }
}
