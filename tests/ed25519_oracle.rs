//! Differential tests of the Ed25519 verifier (src/jwa/ed25519.rs, through
//! the public `verify_signature` and JWK import) against `ed25519-dalek`'s
//! `verify_strict`, the behaviour it replaces.
//!
//! Keys come from a seeded ChaCha8 RNG and messages are signed with
//! ed25519-dalek. For every genuine signature both must accept; for derived
//! inputs — bit flips in R, S and the message, S + L (a non-canonical S),
//! R replaced by encodings of small-order points and by non-canonical
//! encodings (y + p), random signatures, another key's signature, wrong
//! lengths — both verdicts must be equal. Keys with a torsion component
//! (A + T for T of order 2, 4, 8: valid keys that are not in the prime-order
//! subgroup) and signatures whose R carries torsion are built with
//! curve25519-dalek's group arithmetic, where the cofactorless equation
//! holds or fails depending on k mod 8: again both must agree.

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use sha2::{Digest, Sha512};
use tokencheck::{Algorithm, Jwk, verify_signature};

fn b64(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

/// Our key import, as a JWK (RFC 8037 §2).
fn our_key(a: &[u8; 32]) -> Option<Jwk> {
    Jwk::from_json(&format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64(a))).ok()
}

/// The oracle's key import, as tokencheck's rules read it: the encoding must
/// be canonical (dalek keeps the bytes it was given), decode, and not be of
/// small order (`is_weak`).
fn oracle_key(a: &[u8; 32]) -> Option<VerifyingKey> {
    let p = CompressedEdwardsY(*a).decompress()?;
    if p.compress().to_bytes() != *a {
        return None;
    }
    VerifyingKey::from_bytes(a).ok().filter(|k| !k.is_weak())
}

fn oracle_verify(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    <[u8; 64]>::try_from(sig).is_ok_and(|s| key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&s)).is_ok())
}

/// Compare both verdicts; returns the verdict.
fn agree(a: &[u8; 32], msg: &[u8], sig: &[u8], what: &str) -> bool {
    let ours_key = our_key(a);
    let oracle = oracle_key(a);
    assert_eq!(ours_key.is_some(), oracle.is_some(), "key import differs ({what}): {}", b64(a));
    let (Some(jwk), Some(oracle)) = (ours_key, oracle) else {
        return false;
    };
    let ours = verify_signature(Algorithm::EdDSA, &jwk, msg, sig);
    let theirs = oracle_verify(&oracle, msg, sig);
    assert_eq!(ours, theirs, "verdicts differ ({what}): key {}, msg {}, sig {}", b64(a), b64(msg), b64(sig));
    ours
}

const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// s + L as 32 bytes little-endian (None when it overflows 256 bits).
fn plus_l(s: &[u8]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(s[i]) + u16::from(L[i]) + carry;
        out[i] = v as u8;
        carry = v >> 8;
    }
    (carry == 0).then_some(out)
}

#[test]
fn genuine_and_mutated_signatures() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xed25519);
    let mut accepted = 0;
    let mut refused = 0;
    let mut other_sig = [0u8; 64];
    for n in 0..300 {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        let sk = SigningKey::from_bytes(&seed);
        let a = sk.verifying_key().to_bytes();
        let len = rng.random_range(0..300usize);
        let mut msg = vec![0u8; len];
        rng.fill_bytes(&mut msg);
        let sig = sk.sign(&msg).to_bytes();
        assert!(agree(&a, &msg, &sig, "genuine"), "a genuine signature verifies");
        accepted += 1;

        // one bit flipped in R, S or the message
        for _ in 0..4 {
            let mut s = sig;
            let bit = rng.random_range(0..512usize);
            s[bit / 8] ^= 1 << (bit % 8);
            refused += usize::from(!agree(&a, &msg, &s, "bit flip in the signature"));
        }
        if !msg.is_empty() {
            let mut m = msg.clone();
            let i = rng.random_range(0..m.len());
            m[i] ^= 1 << rng.random_range(0..8u32);
            refused += usize::from(!agree(&a, &m, &sig, "bit flip in the message"));
        }
        // S + L: the same scalar, not canonical
        if let Some(s2) = plus_l(&sig[32..]) {
            let mut s = sig;
            s[32..].copy_from_slice(&s2);
            assert!(!agree(&a, &msg, &s, "S + L"));
        }
        // R: small-order encodings, and y + p for the small y that have one
        for t in EIGHT_TORSION.iter() {
            let mut s = sig;
            s[..32].copy_from_slice(&t.compress().to_bytes());
            assert!(!agree(&a, &msg, &s, "small-order R"));
        }
        for low in 0u8..19 {
            let mut s = sig;
            let mut r = [0xffu8; 32];
            r[0] = 0xed + low;
            r[31] = if n % 2 == 0 { 0x7f } else { 0xff };
            s[..32].copy_from_slice(&r);
            assert!(!agree(&a, &msg, &s, "non-canonical R"));
        }
        // random bytes, another key's signature, wrong lengths
        let mut random = [0u8; 64];
        rng.fill_bytes(&mut random);
        agree(&a, &msg, &random, "random signature");
        random[63] &= 0x0f; // S < 2^252 < L
        agree(&a, &msg, &random, "random signature, S in range");
        agree(&a, &msg, &other_sig, "another key's signature");
        other_sig = sig;
        assert!(!agree(&a, &msg, &sig[..63], "63 bytes"));
        assert!(!agree(&a, &msg, &[&sig[..], &[0]].concat(), "65 bytes"));
        assert!(!agree(&a, &msg, &[], "empty"));
    }
    assert_eq!(accepted, 300);
    assert!(refused > 1000, "the mutations were refused: {refused}");
}

/// SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 step 2).
fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let h: [u8; 64] = Sha512::new().chain_update(r).chain_update(a).chain_update(msg).finalize().into();
    Scalar::from_bytes_mod_order_wide(&h)
}

fn random_scalar(rng: &mut ChaCha8Rng) -> Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    Scalar::from_bytes_mod_order_wide(&wide)
}

/// Keys and R with torsion components: the cofactorless equation
/// [S]B = R + [k]A that `verify_strict` checks holds only for some k, and
/// both verifiers must agree on every case.
#[test]
fn torsion_in_the_key_and_in_r() {
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut verdicts = [0usize; 2];
    for n in 0..400 {
        let a_scalar = random_scalar(&mut rng);
        let t_a = EIGHT_TORSION[1 + n % 7]; // a point of order 2, 4 or 8
        let a_point: EdwardsPoint =
            ED25519_BASEPOINT_POINT * a_scalar + if n % 3 == 0 { EdwardsPoint::default() } else { t_a };
        let a = a_point.compress().to_bytes();
        let r_scalar = random_scalar(&mut rng);
        let t_r = EIGHT_TORSION[(n / 7) % 8];
        let r_point = ED25519_BASEPOINT_POINT * r_scalar + t_r;
        let r = r_point.compress().to_bytes();
        let msg = format!("torsion case {n}");
        let k = challenge(&r, &a, msg.as_bytes());
        let s = r_scalar + k * a_scalar;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r);
        sig[32..].copy_from_slice(&s.to_bytes());
        let ok = agree(&a, msg.as_bytes(), &sig, "torsion");
        verdicts[usize::from(ok)] += 1;
    }
    assert!(verdicts[0] > 50 && verdicts[1] > 50, "both verdicts are exercised: {verdicts:?}");
}

/// Key import on random and crafted encodings (valid points, torsion
/// points, points with torsion, y >= p, x = 0 with the sign bit).
#[test]
fn key_import() {
    let mut rng = ChaCha8Rng::seed_from_u64(25519);
    let mut imported = 0;
    let mut candidates: Vec<[u8; 32]> = Vec::new();
    for _ in 0..3000 {
        let mut e = [0u8; 32];
        rng.fill_bytes(&mut e);
        candidates.push(e);
    }
    for t in EIGHT_TORSION.iter() {
        let e = t.compress().to_bytes();
        candidates.push(e);
        let mut signed = e;
        signed[31] ^= 0x80;
        candidates.push(signed);
        candidates.push((ED25519_BASEPOINT_POINT * random_scalar(&mut rng) + t).compress().to_bytes());
    }
    for low in 0u8..19 {
        for top in [0x7f, 0xff] {
            let mut e = [0xffu8; 32];
            e[0] = 0xed + low;
            e[31] = top;
            candidates.push(e);
        }
    }
    for e in &candidates {
        let ours = our_key(e).is_some();
        assert_eq!(ours, oracle_key(e).is_some(), "{}", b64(e));
        imported += usize::from(ours);
    }
    assert!(imported > 1000 && imported < candidates.len() - 1000, "both outcomes: {imported}");
}
