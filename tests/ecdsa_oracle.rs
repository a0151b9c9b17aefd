//! Differential tests of the ECDSA verification module against the RustCrypto
//! `p256` / `p384` / `p521` crates (0.14) used as oracles.
//!
//! Keys come from a seeded ChaCha8 RNG, messages are signed with the oracle's
//! signer (RFC 6979, SHA-256/384/512), and for many derived inputs — the
//! genuine signature, its high-S twin, bit-flipped and byte-mutated
//! signatures, modified messages, random signatures, edge values of r and s,
//! swapped halves, another key's signature, wrong lengths, DER encodings —
//! our verdict must equal the oracle's. Genuine signatures (low and high S)
//! must be accepted by both. Key import is compared the same way (mutated
//! coordinates, off-curve points, coordinates >= p, short coordinates, the
//! identity encoding).
//!
//! Crafted edge cases that random testing cannot reach (R' with x in
//! [n, p), R' = identity, u1 = 0, Q = ±G with u1 = ±u2) are built with a
//! small affine reference implementation over num-bigint, and again both
//! verifiers must agree.

use num_bigint::BigUint;
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use tokencheck::jwa::Curve;
use tokencheck::jwa::ecdsa::EcPublicKey;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// `(x, y, sign)`: a public key's coordinates and a prehash signer.
type Keypair = (Vec<u8>, Vec<u8>, Box<dyn Fn(&[u8]) -> Vec<u8>>);

/// The oracle for one curve: key import, prehash verification, signing.
trait Oracle {
    const CURVE: Curve;
    type Key;
    fn import(x: &[u8], y: &[u8]) -> Option<Self::Key>;
    fn verify_prehash(key: &Self::Key, digest: &[u8], sig: &[u8]) -> bool;
    /// Length and `r`, `s` in `[1, n-1]` (what the external-signature path
    /// checks before handing a signature to the host).
    fn well_formed(sig: &[u8]) -> bool;
    /// `(x, y, signing)` for a secret scalar (None if out of range).
    fn keypair(secret: &[u8]) -> Option<Keypair>;
    fn digest(msg: &[u8]) -> Vec<u8>;
}

macro_rules! oracle {
    ($name:ident, $krate:ident, $curve:expr, $hash:ty) => {
        struct $name;
        impl Oracle for $name {
            const CURVE: Curve = $curve;
            type Key = $krate::ecdsa::VerifyingKey;
            fn import(x: &[u8], y: &[u8]) -> Option<Self::Key> {
                let sec1 = [&[4u8][..], x, y].concat();
                $krate::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).ok()
            }
            fn verify_prehash(key: &Self::Key, digest: &[u8], sig: &[u8]) -> bool {
                // RFC 7518 §3.4: fixed-length R || S (as the verifier this replaced).
                sig.len() == 2 * $curve.coordinate_len()
                    && $krate::ecdsa::Signature::from_slice(sig)
                        .is_ok_and(|s| key.verify_prehash(digest, &s).is_ok())
            }
            fn well_formed(sig: &[u8]) -> bool {
                sig.len() == 2 * $curve.coordinate_len() && $krate::ecdsa::Signature::from_slice(sig).is_ok()
            }
            fn keypair(secret: &[u8]) -> Option<Keypair> {
                let sk = $krate::ecdsa::SigningKey::from_slice(secret).ok()?;
                let point = sk.verifying_key().to_sec1_point(false);
                let (x, y) = (point.x().unwrap().to_vec(), point.y().unwrap().to_vec());
                let sign = move |digest: &[u8]| -> Vec<u8> {
                    let s: $krate::ecdsa::Signature = sk.sign_prehash(digest).unwrap();
                    s.to_bytes().to_vec()
                };
                Some((x, y, Box::new(sign)))
            }
            fn digest(msg: &[u8]) -> Vec<u8> {
                <$hash>::digest(msg).to_vec()
            }
        }
    };
}

oracle!(O256, p256, Curve::P256, Sha256);
oracle!(O384, p384, Curve::P384, Sha384);
oracle!(O521, p521, Curve::P521, Sha512);

/// Domain parameters (hex, FIPS 186-5), for the reference arithmetic.
fn params(curve: Curve) -> (BigUint, BigUint, BigUint, BigUint, BigUint) {
    let h = |s: &str| BigUint::parse_bytes(s.as_bytes(), 16).unwrap();
    match curve {
        Curve::P256 => (
            h("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
            h("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
            h("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
            h("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
            h("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
        ),
        Curve::P384 => (
            h("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
            h("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
            h("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
            h("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"),
            h("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"),
        ),
        Curve::P521 => (
            (BigUint::from(1u32) << 521) - 1u32,
            h("1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"),
            h("51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00"),
            h("c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66"),
            h("11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650"),
        ),
    }
}

/// Affine reference arithmetic over num-bigint (None = identity).
struct Ref {
    p: BigUint,
    n: BigUint,
    b: BigUint,
    g: Pt,
    len: usize,
}
type Pt = Option<(BigUint, BigUint)>;

impl Ref {
    fn new(curve: Curve) -> Self {
        let (p, n, b, gx, gy) = params(curve);
        Ref { p, n, b, g: Some((gx, gy)), len: curve.coordinate_len() }
    }
    fn inv_p(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.p - 2u32), &self.p)
    }
    fn inv_n(&self, a: &BigUint) -> BigUint {
        a.modpow(&(&self.n - 2u32), &self.n)
    }
    fn add(&self, a: &Pt, b: &Pt) -> Pt {
        let p = &self.p;
        let (Some((x1, y1)), Some((x2, y2))) = (a, b) else {
            return a.clone().or(b.clone());
        };
        let l = if x1 == x2 {
            if (y1 + y2) % p == BigUint::ZERO {
                return None;
            }
            (3u32 * x1 * x1 + 3u32 * (p - 1u32)) * self.inv_p(&(2u32 * y1)) % p
        } else {
            (y2 + p - y1) * self.inv_p(&((x2 + p - x1) % p)) % p
        };
        let x3 = (&l * &l + 2u32 * p - x1 - x2) % p;
        let y3 = (&l * ((x1 + p - &x3) % p) + p - y1) % p;
        Some((x3, y3))
    }
    fn mul(&self, k: &BigUint, pt: &Pt) -> Pt {
        let mut acc: Pt = None;
        for i in (0..k.bits()).rev() {
            acc = self.add(&acc, &acc);
            if k.bit(i) {
                acc = self.add(&acc, pt);
            }
        }
        acc
    }
    fn neg(&self, pt: &Pt) -> Pt {
        pt.as_ref().map(|(x, y)| (x.clone(), (&self.p - y) % &self.p))
    }
    fn sqrt(&self, a: &BigUint) -> Option<BigUint> {
        // p = 3 (mod 4) for the three curves.
        let s = a.modpow(&((&self.p + 1u32) >> 2), &self.p);
        ((&s * &s) % &self.p == *a).then_some(s)
    }
    fn rhs(&self, x: &BigUint) -> BigUint {
        (x * x * x + &self.b + 3u32 * (&self.p - x)) % &self.p
    }
    fn be(&self, v: &BigUint) -> Vec<u8> {
        fixed(v, self.len)
    }
    fn xy(&self, pt: &Pt) -> (Vec<u8>, Vec<u8>) {
        let (x, y) = pt.as_ref().unwrap();
        (self.be(x), self.be(y))
    }
    fn sig(&self, r: &BigUint, s: &BigUint) -> Vec<u8> {
        [self.be(r), self.be(s)].concat()
    }
}

/// Big-endian, left-padded to `len` octets (the value must fit).
fn fixed(v: &BigUint, len: usize) -> Vec<u8> {
    let b = v.to_bytes_be();
    assert!(b.len() <= len);
    [vec![0u8; len - b.len()], b].concat()
}

#[derive(Default, Debug)]
struct Counts {
    cases: usize,
    accepted: usize,
    keys_compared: usize,
    keys_rejected: usize,
}

/// Compares one verdict (panics with context on disagreement).
fn check<O: Oracle>(
    c: &mut Counts,
    ours: &EcPublicKey,
    theirs: &O::Key,
    msg: &[u8],
    sig: &[u8],
    what: &str,
) -> bool {
    let digest = O::digest(msg);
    let expected = O::verify_prehash(theirs, &digest, sig);
    let got = ours.verify(msg, sig);
    assert_eq!(got, expected, "{:?} {what}: sig {}", O::CURVE, hex(sig));
    // The prehash entry point agrees with the message one.
    assert_eq!(ours.verify_prehash(&digest, sig), got);
    assert_eq!(
        ours.signature_well_formed(sig),
        O::well_formed(sig),
        "{:?} {what}: well-formedness of sig {}",
        O::CURVE,
        hex(sig)
    );
    c.cases += 1;
    c.accepted += usize::from(got);
    got
}

fn check_key<O: Oracle>(c: &mut Counts, x: &[u8], y: &[u8], what: &str) {
    let expected = O::import(x, y).is_some();
    let got = EcPublicKey::new(O::CURVE, x, y).is_ok();
    // Ours requires exact-length coordinates; the oracle sees whatever SEC1
    // string they make, which it also rejects unless the total length is
    // right. Only compare equal-length inputs in both directions.
    if x.len() == O::CURVE.coordinate_len() && y.len() == O::CURVE.coordinate_len() {
        assert_eq!(got, expected, "{:?} key {what}: x {} y {}", O::CURVE, hex(x), hex(y));
    } else {
        assert!(!got, "{:?} key {what}: wrong length accepted", O::CURVE);
    }
    c.keys_compared += 1;
    c.keys_rejected += usize::from(!got);
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Minimal DER `SEQUENCE { INTEGER r, INTEGER s }` (what WebCrypto / JCA
/// produce and JWS forbids).
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    fn int(v: &[u8]) -> Vec<u8> {
        let v = &v[v.iter().position(|&b| b != 0).unwrap_or(v.len() - 1)..];
        let mut out = vec![0x02];
        let pad = v[0] & 0x80 != 0;
        let len = v.len() + usize::from(pad);
        out.extend(if len < 128 { vec![len as u8] } else { vec![0x81, len as u8] });
        if pad {
            out.push(0);
        }
        out.extend_from_slice(v);
        out
    }
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    out.extend(if body.len() < 128 { vec![body.len() as u8] } else { vec![0x81, body.len() as u8] });
    out.extend(body);
    out
}

fn run<O: Oracle>(seed: u64, keys: usize, msgs_per_key: usize) -> Counts {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let curve = O::CURVE;
    let len = curve.coordinate_len();
    let r = Ref::new(curve);
    let mut c = Counts::default();
    let mut prev_sig: Option<Vec<u8>> = None;
    for _ in 0..keys {
        // Secret from the seeded RNG; P-521 secrets are 521 bits.
        let (x, y, sign) = loop {
            let mut secret = vec![0u8; len];
            rng.fill_bytes(&mut secret);
            if curve == Curve::P521 {
                secret[0] &= 1;
            }
            if let Some(kp) = O::keypair(&secret) {
                break kp;
            }
        };
        let ours = EcPublicKey::new(curve, &x, &y).unwrap();
        let theirs = O::import(&x, &y).unwrap();
        assert_eq!(ours.curve(), curve);

        // Key import: mutated coordinates.
        for _ in 0..4 {
            let (mut mx, mut my) = (x.clone(), y.clone());
            let target = if rng.random::<bool>() { &mut mx } else { &mut my };
            let bit = rng.random_range(0..8 * len);
            target[bit / 8] ^= 1 << (bit % 8);
            check_key::<O>(&mut c, &mx, &my, "bit flip");
        }
        check_key::<O>(&mut c, &x, &y, "genuine");
        let neg_y = r.be(&(&r.p - BigUint::from_bytes_be(&y)));
        check_key::<O>(&mut c, &x, &neg_y, "(x, -y)");

        for _ in 0..msgs_per_key {
            let msg_len = rng.random_range(0..200usize);
            let mut msg = vec![0u8; msg_len];
            rng.fill_bytes(&mut msg);
            let digest = O::digest(&msg);
            let sig = sign(&digest);
            assert!(check::<O>(&mut c, &ours, &theirs, &msg, &sig, "genuine"));
            // High-S twin: (r, n - s) is valid too (no low-S rule).
            let s = BigUint::from_bytes_be(&sig[len..]);
            let high = [sig[..len].to_vec(), r.be(&(&r.n - &s))].concat();
            assert!(check::<O>(&mut c, &ours, &theirs, &msg, &high, "high S"));

            // Bit flips anywhere in the signature.
            for _ in 0..8 {
                let mut bad = sig.clone();
                let bit = rng.random_range(0..8 * bad.len());
                bad[bit / 8] ^= 1 << (bit % 8);
                check::<O>(&mut c, &ours, &theirs, &msg, &bad, "sig bit flip");
            }
            // Random byte substitutions.
            for _ in 0..2 {
                let mut bad = sig.clone();
                let i = rng.random_range(0..bad.len());
                bad[i] = rng.random();
                check::<O>(&mut c, &ours, &theirs, &msg, &bad, "sig byte");
            }
            // Message modifications.
            let mut other = msg.clone();
            if other.is_empty() {
                other.push(0);
            } else {
                let bit = rng.random_range(0..8 * other.len());
                other[bit / 8] ^= 1 << (bit % 8);
            }
            check::<O>(&mut c, &ours, &theirs, &other, &sig, "msg bit flip");
            check::<O>(&mut c, &ours, &theirs, &[&msg[..], b"."].concat(), &sig, "msg extended");
            // Swapped halves, random signature, previous key's signature.
            let swapped = [sig[len..].to_vec(), sig[..len].to_vec()].concat();
            check::<O>(&mut c, &ours, &theirs, &msg, &swapped, "swapped r/s");
            let mut random = vec![0u8; 2 * len];
            rng.fill_bytes(&mut random);
            check::<O>(&mut c, &ours, &theirs, &msg, &random, "random sig");
            if let Some(prev) = &prev_sig {
                check::<O>(&mut c, &ours, &theirs, &msg, prev, "other key's sig");
            }
            // Wrong lengths, DER.
            check::<O>(&mut c, &ours, &theirs, &msg, &sig[..2 * len - 1], "truncated");
            check::<O>(&mut c, &ours, &theirs, &msg, &[&sig[..], &[0]].concat(), "extended");
            check::<O>(&mut c, &ours, &theirs, &msg, &[&[0u8][..], &sig[..]].concat(), "0-prefixed");
            check::<O>(&mut c, &ours, &theirs, &msg, &[], "empty");
            let der_sig = der(&sig[..len], &sig[len..]);
            assert!(!ours.verify(&msg, &der_sig), "DER accepted");
            check::<O>(&mut c, &ours, &theirs, &msg, &der_sig, "DER");
            prev_sig = Some(sig);
        }

        // Edge values of r and s (with a genuine counterpart).
        let msg = b"edge values";
        let sig = sign(&O::digest(msg));
        let (gr, gs) = (BigUint::from_bytes_be(&sig[..len]), BigUint::from_bytes_be(&sig[len..]));
        let one = BigUint::from(1u32);
        let max = (BigUint::from(1u32) << (8 * len)) - 1u32;
        let edges = [
            BigUint::ZERO,
            one.clone(),
            &r.n - 1u32,
            r.n.clone(),
            &r.n + 1u32,
            &r.p - 1u32,
            r.p.clone(),
            max,
            &gr + &r.n,
            &gs + &r.n,
        ];
        for e in edges.iter().filter(|e| e.bits() as usize <= 8 * len) {
            for (rv, sv) in [(e, &gs), (&gr, e), (e, e)] {
                check::<O>(&mut c, &ours, &theirs, msg, &r.sig(rv, sv), "edge r/s");
            }
        }
    }

    // Key import edge cases: the identity encodings, coordinates >= p,
    // off-curve points, short/long coordinates.
    let (gx, gy) = r.xy(&r.g);
    check_key::<O>(&mut c, &vec![0; len], &vec![0; len], "zero point");
    check_key::<O>(&mut c, &gx, &r.be(&((BigUint::from_bytes_be(&gy) + 1u32) % &r.p)), "G + (0, 1)");
    check_key::<O>(&mut c, &r.be(&r.p), &gy, "x = p");
    check_key::<O>(&mut c, &vec![0xff; len], &vec![0xff; len], "all ones");
    let gx_plus_p = BigUint::from_bytes_be(&gx) + &r.p;
    if gx_plus_p.bits() as usize <= 8 * len {
        check_key::<O>(&mut c, &r.be(&gx_plus_p), &gy, "x + p");
    }
    let gy_plus_p = BigUint::from_bytes_be(&gy) + &r.p;
    if gy_plus_p.bits() as usize <= 8 * len {
        check_key::<O>(&mut c, &gx, &r.be(&gy_plus_p), "y + p");
    }
    check_key::<O>(&mut c, &gx[1..], &gy, "short x");
    check_key::<O>(&mut c, &gx, &gy[1..], "short y");
    check_key::<O>(&mut c, &[&[0u8][..], &gx].concat(), &gy, "long x");
    check_key::<O>(&mut c, &[], &[], "empty");
    // Random x with a valid y (half of them) and random (x, y) pairs.
    for _ in 0..20 {
        let mut xb = vec![0u8; len];
        rng.fill_bytes(&mut xb);
        if curve == Curve::P521 {
            xb[0] &= 1;
        }
        let xv = BigUint::from_bytes_be(&xb) % &r.p;
        let yv = r.sqrt(&r.rhs(&xv)).unwrap_or_else(|| xv.clone());
        check_key::<O>(&mut c, &r.be(&xv), &r.be(&yv), "random x");
    }

    crafted::<O>(&mut c, &r, &mut rng);
    c
}

/// Signatures and keys crafted with the reference arithmetic for the cases
/// random inputs never reach.
fn crafted<O: Oracle>(c: &mut Counts, r: &Ref, rng: &mut ChaCha8Rng) {
    let curve = O::CURVE;
    let n = &r.n;
    let pair = |q: &Pt| -> (EcPublicKey, O::Key) {
        let (x, y) = r.xy(q);
        (EcPublicKey::new(curve, &x, &y).unwrap(), O::import(&x, &y).unwrap())
    };
    let random_scalar = |rng: &mut ChaCha8Rng| -> BigUint {
        let mut b = vec![0u8; r.len + 8];
        rng.fill_bytes(&mut b);
        BigUint::from_bytes_be(&b) % (n - 1u32) + 1u32
    };
    // A message and its digest value e (mod n).
    let msg = b"crafted";
    let digest = O::digest(msg);
    let e = BigUint::from_bytes_be(&digest) % n;

    // 1. x(R') in [n, p): choose R with such an x, random s, then the key
    //    Q = u2⁻¹ (R - u1·G) makes (r = x - n, s) valid for `msg`.
    let mut accepted_wrap = 0;
    for _ in 0..3 {
        let mut x = n + BigUint::from(rng.random_range(0..1u64 << 40));
        let pt = loop {
            if let Some(y) = r.sqrt(&r.rhs(&x)) {
                break Some((x.clone(), y));
            }
            x += 1u32;
        };
        assert!(x < r.p);
        let rv = &x - n;
        let sv = random_scalar(rng);
        let w = r.inv_n(&sv);
        let (u1, u2) = (&e * &w % n, &rv * &w % n);
        let q = r.mul(&r.inv_n(&u2), &r.add(&pt, &r.neg(&r.mul(&u1, &r.g))));
        let (ours, theirs) = pair(&q);
        accepted_wrap += usize::from(check::<O>(c, &ours, &theirs, msg, &r.sig(&rv, &sv), "x(R') >= n"));
        // High-S twin of the same: R' becomes -R, same x.
        check::<O>(c, &ours, &theirs, msg, &r.sig(&rv, &(n - &sv)), "x(R') >= n, high S");
        // r = x itself is >= n (out of range) when it fits.
        if x.bits() as usize <= 8 * r.len {
            check::<O>(c, &ours, &theirs, msg, &r.sig(&x, &sv), "r = x(R') >= n");
        }
    }
    assert_eq!(accepted_wrap, 3, "x(R') >= n signatures must verify");

    // 2. R' = identity: Q = -(e / r)·G gives u1·G + u2·Q = O.
    for _ in 0..3 {
        let rv = random_scalar(rng);
        let sv = random_scalar(rng);
        let t = (n - (&e * r.inv_n(&rv)) % n) % n;
        let (ours, theirs) = pair(&r.mul(&t, &r.g));
        assert!(!check::<O>(c, &ours, &theirs, msg, &r.sig(&rv, &sv), "R' = identity"));
    }

    // 3. Q = G and Q = -G with r = e (so u1 = u2): in the interleaved
    //    multiplication the first G addition and Q addition coincide (a
    //    doubling inside the addition for Q = G, a cancellation to the
    //    identity for Q = -G). Random s: compare verdicts (R' = 2u·G, or
    //    the identity); then genuine signatures for d = 1 and d = n - 1.
    let rv = if e == BigUint::ZERO { BigUint::from(1u32) } else { e.clone() };
    for q in [r.g.clone(), r.neg(&r.g)] {
        let (ours, theirs) = pair(&q);
        for _ in 0..3 {
            let sv = random_scalar(rng);
            check::<O>(c, &ours, &theirs, msg, &r.sig(&rv, &sv), "Q = ±G, u1 = u2");
        }
        // A genuine signature under d = 1 (Q = G) or d = n - 1 (Q = -G).
        let d = if q == r.g { BigUint::from(1u32) } else { n - 1u32 };
        let k = random_scalar(rng);
        let rr = r.mul(&k, &r.g).unwrap().0 % n;
        let ss = r.inv_n(&k) * ((&e + &rr * &d) % n) % n;
        assert!(check::<O>(c, &ours, &theirs, msg, &r.sig(&rr, &ss), "d = ±1 genuine"));
    }

    // 4. u1 = 0 needs e = 0 mod n: only through the prehash API (the oracle's
    //    prehash verification takes the same digest).
    let d = random_scalar(rng);
    let q = r.mul(&d, &r.g);
    let (ours, theirs) = pair(&q);
    let hash_len = digest.len();
    let zero = vec![0u8; hash_len];
    let k = random_scalar(rng);
    let rr = r.mul(&k, &r.g).unwrap().0 % n;
    let ss = r.inv_n(&k) * (&rr * &d % n) % n;
    let sig = r.sig(&rr, &ss);
    assert!(ours.verify_prehash(&zero, &sig));
    assert!(O::verify_prehash(&theirs, &zero, &sig));
    // e = n (a digest equal to the order, P-256 only: n has 256 bits).
    if curve == Curve::P256 {
        let n_digest = fixed(n, 32);
        assert!(ours.verify_prehash(&n_digest, &sig));
        assert!(O::verify_prehash(&theirs, &n_digest, &sig));
    }
    // Wrong digest lengths are refused by ours.
    assert!(!ours.verify_prehash(&zero[1..], &sig));
    assert!(!ours.verify_prehash(&[zero.clone(), vec![0]].concat(), &sig));
    c.cases += 5;
}

fn report(name: &str, c: &Counts) {
    println!(
        "{name}: {} verdicts compared ({} accepted), {} key imports compared ({} rejected)",
        c.cases, c.accepted, c.keys_compared, c.keys_rejected
    );
}

#[test]
fn differential_p256() {
    let c = run::<O256>(256, 40, 12);
    report("P-256", &c);
    assert!(c.cases >= 9_000 && c.accepted >= 900 && c.keys_compared >= 250);
}

#[test]
fn differential_p384() {
    let c = run::<O384>(384, 25, 10);
    report("P-384", &c);
    assert!(c.cases >= 5_000 && c.accepted >= 450 && c.keys_compared >= 150);
}

#[test]
fn differential_p521() {
    let c = run::<O521>(521, 20, 8);
    report("P-521", &c);
    assert!(c.cases >= 3_500 && c.accepted >= 300 && c.keys_compared >= 120);
}
