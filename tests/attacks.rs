//! Every row of ../shared/specs/attacks.md ("Hostile tokens the verifier must
//! survive") as a test named `row_NN_...`. Each asserts the specific outcome:
//! the stable `code()` and, where the core gives one, the stable `reason()`
//! (signature failures deliberately carry no reason). Rows whose expected
//! outcome is ACCEPT assert acceptance.
//!
//! Every crafted-signature test also carries a positive control: the genuine
//! signature for the same key and message verifies. Without it, a verifier
//! that refuses everything (e.g. a placeholder) would "pass" the row.
//!
//! Fixtures: tests/fixtures/*.json (see tests/common/mod.rs and the ignored
//! `generate_fixtures` test at the bottom).

mod common;

use common::*;
use tokencheck::Algorithm::{self, *};

// ============================================================ fixtures generator

/// Writes tests/fixtures/*.json. Deterministic: every key comes from a
/// SHA-256 counter-mode stream over a fixed label (`TestRng`), so re-running
/// reproduces the committed files (for the same `rsa` crate version).
/// Run: `cargo test --test attacks -- --ignored generate_fixtures`
#[test]
#[ignore = "writes tests/fixtures; run by hand"]
fn generate_fixtures() {
    use num_bigint::BigUint;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};

    fn write(name: &str, members: &[(&str, String)]) {
        let body: Vec<String> = members.iter().map(|(k, v)| format!("  \"{k}\": \"{v}\"")).collect();
        let text = format!("{{\n{}\n}}\n", body.join(",\n"));
        std::fs::create_dir_all(fixture_path(name).parent().unwrap()).unwrap();
        std::fs::write(fixture_path(name), text).unwrap();
    }
    let label = |name: &str| format!("tokencheck attacks fixture {name}");

    for (name, bits) in [(RSA2048, 2048), (RSA2048B, 2048), (RSA1024, 1024)] {
        let mut rng = TestRng::new(label(name).as_bytes());
        let key = rsa::RsaPrivateKey::new(&mut rng, bits).expect("keygen");
        let bytes = |x: &rsa::BoxedUint| x.to_be_bytes_trimmed_vartime().to_vec();
        let n = bytes(key.n().as_ref());
        let e = bytes(key.e());
        let d = bytes(key.d());
        let p = bytes(key.primes()[0].as_ref());
        let q = bytes(key.primes()[1].as_ref());
        let (bd, bp, bq) = (BigUint::from_bytes_be(&d), BigUint::from_bytes_be(&p), BigUint::from_bytes_be(&q));
        let one = BigUint::from(1u8);
        let dp = (&bd % (&bp - &one)).to_bytes_be();
        let dq = (&bd % (&bq - &one)).to_bytes_be();
        let qi = bq.modpow(&(&bp - BigUint::from(2u8)), &bp).to_bytes_be();
        assert_eq!(BigUint::from_bytes_be(&n).bits(), bits as u64);
        write(
            name,
            &[
                ("kty", "RSA".into()),
                ("kid", name.into()),
                ("n", b64(&n)),
                ("e", b64(&e)),
                ("d", b64(&d)),
                ("p", b64(&p)),
                ("q", b64(&q)),
                ("dp", b64(&dp)),
                ("dq", b64(&dq)),
                ("qi", b64(&qi)),
            ],
        );
    }

    for (name, crv, len) in [(P256, "P-256", 32), (P256B, "P-256", 32), (P384, "P-384", 48), (P521, "P-521", 66)] {
        let mut rng = TestRng::new(label(name).as_bytes());
        let mut d = rng.bytes(len);
        if len == 66 {
            d[0] &= 0x01; // below 2^521 (and, overwhelmingly likely, below n)
        }
        let point: Vec<u8> = match len {
            32 => p256::ecdsa::SigningKey::from_slice(&d).unwrap().verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            48 => p384::ecdsa::SigningKey::from_slice(&d).unwrap().verifying_key().to_sec1_point(false).as_bytes().to_vec(),
            _ => p521::ecdsa::SigningKey::from_slice(&d).unwrap().verifying_key().to_sec1_point(false).as_bytes().to_vec(),
        };
        assert_eq!(point.len(), 1 + 2 * len);
        write(
            name,
            &[
                ("kty", "EC".into()),
                ("kid", name.into()),
                ("crv", crv.into()),
                ("x", b64(&point[1..1 + len])),
                ("y", b64(&point[1 + len..])),
                ("d", b64(&d)),
            ],
        );
    }

    let mut rng = TestRng::new(label(ED25519).as_bytes());
    let d: [u8; 32] = rng.bytes(32).try_into().unwrap();
    let x = ed25519_dalek::SigningKey::from_bytes(&d).verifying_key().to_bytes();
    write(
        ED25519,
        &[("kty", "OKP".into()), ("kid", ED25519.into()), ("crv", "Ed25519".into()), ("x", b64(&x)), ("d", b64(&d))],
    );

    let mut rng = TestRng::new(label(HMAC).as_bytes());
    write(HMAC, &[("kty", "oct".into()), ("kid", HMAC.into()), ("k", b64(&rng.bytes(64)))]);
}

/// The committed fixtures are what they claim to be.
#[test]
fn fixtures_are_well_formed() {
    for name in FIXTURES {
        let o = fixture(name);
        assert_eq!(o.get_str("kid"), Some(name));
    }
    assert_eq!(rsa_n(RSA2048).bits(), 2048);
    assert_eq!(rsa_n(RSA2048B).bits(), 2048);
    assert_eq!(rsa_n(RSA1024).bits(), 1024);
    assert_eq!(member(HMAC, "k").len(), 64);
    // every fixture except the weak RSA key imports as a public key
    for name in FIXTURES.iter().filter(|n| **n != RSA1024) {
        assert_eq!(public_jwk(name).kid(), Some(*name));
    }
    // the private halves match the public halves (raw RSA round trip)
    for name in [RSA2048, RSA2048B, RSA1024] {
        let em = pkcs1_em(rsa_k(name), &cat(&[DI_SHA256, &sha256(b"x")]), 8);
        assert_eq!(rsa_raw_open(name, &rsa_raw_sign(name, &em)), em);
    }
}

// ============================================================ rows 1-10: algorithm and key confusion

/// Row 1: `alg: none` in any spelling, with an empty and with a stale signature.
#[test]
fn row_01_alg_none() {
    let keys = set_of(&[HMAC, P256, ED25519]);
    let genuine = good_jwt(HMAC, HS256);
    verify_jwt(&genuine, &keys, &[HS256]).expect("control: genuine HS256 token verifies");
    let stale = signature_of(&genuine);
    for none in ["none", "None", "NONE", "nOnE"] {
        for header in [format!(r#"{{"alg":"{none}"}}"#), format!(r#"{{"alg":"{none}","kid":"{HMAC}"}}"#)] {
            for sig in [&[][..], &stale[..]] {
                let t = forge(&header, good_claims().as_bytes(), sig);
                // even with every implemented algorithm allowed
                expect_err(verify_jwt(&t, &keys, &Algorithm::ALL), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_none"));
                expect_err(verify_raw(&t, &keys, &Algorithm::ALL), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_none"));
            }
        }
        // and `none` can't even be put into an allow-list
        expect_err(
            tokencheck::AlgorithmSet::from_names(&["HS256", none]),
            "ERR_INVALID_OPTIONS",
            Some("option"),
        );
    }
}

/// Row 2: a real `alg` with an empty signature (`h.p.`).
#[test]
fn row_02_empty_signature() {
    for (key, alg) in [(HMAC, HS256), (HMAC, HS512), (P256, ES256), (P384, ES384), (P521, ES512), (ED25519, EdDSA)] {
        empty_signature_case(key, alg);
    }
}

#[test]
fn row_02_empty_signature_rsa() {
    for alg in [RS256, PS256, RS512, PS512] {
        empty_signature_case(RSA2048, alg);
    }
}

fn empty_signature_case(key: &str, alg: Algorithm) {
    let keys = set_of(&[key]);
    let genuine = good_jwt(key, alg);
    verify_jwt(&genuine, &keys, &[alg]).unwrap_or_else(|e| panic!("control: genuine {alg} verifies: {e}"));
    let stripped = format!("{}.", &genuine[..genuine.rfind('.').unwrap()]);
    assert!(stripped.ends_with('.') && stripped.matches('.').count() == 2);
    expect_sig_fail(verify_jwt(&stripped, &keys, &[alg]));
    expect_sig_fail(verify_raw(&stripped, &keys, &[alg]));
}

/// The byte forms an RSA public key is commonly found in, for the HMAC
/// confusion attack (row 3).
fn rsa_public_key_forms(name: &str) -> Vec<(&'static str, Vec<u8>)> {
    use rsa::pkcs1::EncodeRsaPublicKey;
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let pk = rsa_private(name).to_public_key();
    let spki_pem = pk.to_public_key_pem(LineEnding::LF).unwrap();
    assert!(spki_pem.ends_with("-----END PUBLIC KEY-----\n"));
    let pkcs1_pem = pk.to_pkcs1_pem(LineEnding::LF).unwrap();
    assert!(pkcs1_pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
    let mut no_kid = public_object(name);
    no_kid.remove("kid");
    vec![
        ("SPKI PEM with trailing newline", spki_pem.as_bytes().to_vec()),
        ("SPKI PEM without trailing newline", spki_pem.trim_end().as_bytes().to_vec()),
        ("SPKI PEM with leading spaces", format!("  {spki_pem}").into_bytes()),
        ("SPKI PEM with CRLF", spki_pem.replace('\n', "\r\n").into_bytes()),
        ("PKCS#1 PEM", pkcs1_pem.as_bytes().to_vec()),
        ("PKCS#1 PEM without trailing newline", pkcs1_pem.trim_end().as_bytes().to_vec()),
        ("SPKI DER", pk.to_public_key_der().unwrap().as_bytes().to_vec()),
        ("PKCS#1 DER", pk.to_pkcs1_der().unwrap().as_bytes().to_vec()),
        ("JWK JSON text", public_text(name).into_bytes()),
        ("JWK JSON text without kid", no_kid.to_json().into_bytes()),
        ("raw n", member(name, "n")),
        ("base64url n", fixture(name).get_str("n").unwrap().as_bytes().to_vec()),
    ]
}

/// A token MACed with `secret` as if it were an HMAC key, and the control that
/// the MAC is right: with `secret` configured as an `oct` key it verifies.
fn hmac_with_foreign_bytes(header: &str, secret: &[u8], what: &str) -> String {
    let input = signing_input(header.as_bytes(), good_claims().as_bytes());
    let mac = tokencheck::SigningKey::hmac(secret, HS256, None).unwrap().sign(input.as_bytes()).unwrap();
    let t = format!("{input}.{}", b64(&mac));
    let kid = header_kid(header);
    let as_secret = tokencheck::JwkSet::single(tokencheck::Jwk::from_secret(secret, kid, None).unwrap());
    verify_jwt(&t, &as_secret, &[HS256]).unwrap_or_else(|e| panic!("control ({what}): the forged MAC is valid for those bytes: {e}"));
    t
}

/// The `kid` of a header text, if any.
fn header_kid(header: &str) -> Option<String> {
    tokencheck::json::parse_object(header.as_bytes(), 8).ok()??.get_str("kid").map(str::to_string)
}

/// Row 3: RS256 -> HS256 confusion. The verifier holds the RSA public key
/// (JWKS, and separately the same key imported from PEM); the attacker MACs
/// the token with that public key in every common byte form.
#[test]
fn row_03_rs256_to_hs256_confusion() {
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let pem = rsa_private(RSA2048).to_public_key().to_public_key_pem(LineEnding::LF).unwrap();
    let from_pem = tokencheck::Jwk::from_spki_pem(&pem, Some(RSA2048.into()), None).unwrap();
    assert_eq!(from_pem.kty(), "RSA", "a PEM public key never becomes an HMAC secret");
    let key_sets = [("JWKS", set_of(&[RSA2048])), ("PEM import", tokencheck::JwkSet::single(from_pem))];
    let forms = rsa_public_key_forms(RSA2048);
    assert_eq!(forms.len(), 12);
    for (what, secret) in &forms {
        for with_kid in [false, true] {
            let header = if with_kid {
                format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{RSA2048}"}}"#)
            } else {
                r#"{"alg":"HS256","typ":"JWT"}"#.to_string()
            };
            let t = hmac_with_foreign_bytes(&header, secret, what);
            for (set_name, keys) in &key_sets {
                let ctx = format!("{what}, kid={with_kid}, keys from {set_name}");
                // 1. the allow-list says RS256 only
                for r in [verify_jwt(&t, keys, &[RS256]).map(|_| ()), verify_raw(&t, keys, &[RS256]).map(|_| ())] {
                    let e = expect_err(r, "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_not_in_allow_list"));
                    assert_eq!(e.claim(), None, "{ctx}");
                }
                // 2. even when HS256 is allowed too, the key binding stops it:
                //    an RSA key never verifies an HMAC.
                let (code, reason) = if with_kid {
                    ("ERR_JOSE_ALG_NOT_ALLOWED", "alg_key_mismatch")
                } else {
                    ("ERR_JWKS_NO_MATCHING_KEY", "no_key_for_alg")
                };
                expect_err(verify_jwt(&t, keys, &[RS256, HS256]), code, Some(reason));
                expect_err(verify_raw(&t, keys, &[RS256, HS256]), code, Some(reason));
            }
        }
    }
}

/// Byte forms of an EC public key (row 4).
fn ec_public_key_forms(name: &str) -> Vec<(&'static str, Vec<u8>)> {
    let (x, y) = (member(name, "x"), member(name, "y"));
    let uncompressed = cat(&[&[0x04], &x, &y]);
    let compressed = cat(&[&[0x02 | (y[y.len() - 1] & 1)], &x]);
    let spki = ec_spki_der(name);
    let b64std = tokencheck::base64url::encode_standard(&spki);
    let lines: Vec<&str> = b64std.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", lines.join("\n"));
    vec![
        ("x || y", cat(&[&x, &y])),
        ("SEC1 uncompressed", uncompressed),
        ("SEC1 compressed", compressed),
        ("x", x),
        ("SPKI DER", spki),
        ("SPKI PEM", pem.as_bytes().to_vec()),
        ("SPKI PEM without newline", pem.trim_end().as_bytes().to_vec()),
        ("JWK JSON text", public_text(name).into_bytes()),
    ]
}

/// SubjectPublicKeyInfo (RFC 5480 §2) of a P-256 fixture, built by hand.
fn ec_spki_der(name: &str) -> Vec<u8> {
    const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let alg = der(0x30, &cat(&[&der(0x06, OID_EC), &der(0x06, OID_P256)]));
    let point = cat(&[&[0x00, 0x04], &member(name, "x"), &member(name, "y")]);
    der(0x30, &cat(&[&alg, &der(0x03, &point)]))
}

/// Row 4: ES256 -> HS256 confusion with the EC public key bytes.
#[test]
fn row_04_es256_to_hs256_confusion() {
    let keys = set_of(&[P256]);
    // control: the configuration accepts the genuine ES256 token
    verify_jwt(&good_jwt(P256, ES256), &keys, &[ES256, HS256]).expect("control: genuine ES256 verifies");
    // the hand-built SPKI really is this key
    let spki_key = tokencheck::Jwk::from_spki_der(&ec_spki_der(P256), None, None).unwrap();
    assert_eq!(spki_key.thumbprint_sha256(), public_jwk(P256).thumbprint_sha256());
    for (what, secret) in ec_public_key_forms(P256) {
        for header in [r#"{"alg":"HS256"}"#.to_string(), format!(r#"{{"alg":"HS256","kid":"{P256}"}}"#)] {
            let with_kid = header.contains("kid");
            let t = hmac_with_foreign_bytes(&header, &secret, what);
            expect_err(verify_jwt(&t, &keys, &[ES256]), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_not_in_allow_list"));
            let (code, reason) = if with_kid {
                ("ERR_JOSE_ALG_NOT_ALLOWED", "alg_key_mismatch")
            } else {
                ("ERR_JWKS_NO_MATCHING_KEY", "no_key_for_alg")
            };
            expect_err(verify_jwt(&t, &keys, &[ES256, HS256]), code, Some(reason));
            expect_err(verify_raw(&t, &keys, &[ES256, HS256]), code, Some(reason));
        }
    }
}

/// Row 5a: an RS256 signature against a key whose JWK `alg` is PS256.
#[test]
fn row_05_rs256_against_ps256_key_rsa() {
    let mut ps_key = public_object(RSA2048);
    ps_key.insert("alg", s("PS256"));
    let keys = set_of_objects(&[ps_key]);
    let rs = good_jwt(RSA2048, RS256);
    expect_err(verify_jwt(&rs, &keys, &[RS256, PS256]), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
    expect_err(verify_raw(&rs, &keys, &[RS256, PS256]), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
    // without kid: no key fits RS256
    let rs_nokid = signed(RSA2048, RS256, r#"{"alg":"RS256"}"#, good_claims().as_bytes());
    expect_err(verify_jwt(&rs_nokid, &keys, &[RS256, PS256]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_alg"));
    // controls: the PS256 token verifies with that key, and the RS256 token
    // verifies with the same key material when it is not bound to PS256
    verify_jwt(&good_jwt(RSA2048, PS256), &keys, &[RS256, PS256]).expect("control: PS256 verifies");
    verify_jwt(&rs, &set_of(&[RSA2048]), &[RS256, PS256]).expect("control: RS256 verifies with an unbound key");
}

/// Row 5b: ES256 against an RSA key.
#[test]
fn row_05_es256_against_rsa_key() {
    let keys = set_of(&[RSA2048, P256]);
    let header = format!(r#"{{"alg":"ES256","kid":"{RSA2048}"}}"#);
    let t = signed(P256, ES256, &header, good_claims().as_bytes());
    expect_err(verify_jwt(&t, &keys, &[RS256, ES256]), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
    expect_err(verify_raw(&t, &keys, &[RS256, ES256]), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
    let rsa_only = set_of(&[RSA2048]);
    let nokid = signed(P256, ES256, r#"{"alg":"ES256"}"#, good_claims().as_bytes());
    expect_err(verify_jwt(&nokid, &rsa_only, &[RS256, ES256]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_alg"));
    // control: the same signature under its own key verifies
    verify_jwt(&good_jwt(P256, ES256), &keys, &[RS256, ES256]).expect("control");
}

/// Row 6: ES256 with a P-384 key, ES384 with a P-256 key.
#[test]
fn row_06_ec_curve_mismatch() {
    let keys = set_of(&[P256, P384]);
    let both = [ES256, ES384];
    for (signer, signer_alg, claimed, kid) in [(P384, ES384, "ES256", P384), (P256, ES256, "ES384", P256)] {
        let header = format!(r#"{{"alg":"{claimed}","kid":"{kid}"}}"#);
        let t = signed(signer, signer_alg, &header, good_claims().as_bytes());
        expect_err(verify_jwt(&t, &keys, &both), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
        expect_err(verify_raw(&t, &keys, &both), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_key_mismatch"));
        // without kid, against a set holding only the signer's key
        let nokid = signed(signer, signer_alg, &format!(r#"{{"alg":"{claimed}"}}"#), good_claims().as_bytes());
        expect_err(verify_jwt(&nokid, &set_of(&[signer]), &both), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_alg"));
    }
    // controls
    verify_jwt(&good_jwt(P256, ES256), &keys, &both).expect("control ES256");
    verify_jwt(&good_jwt(P384, ES384), &keys, &both).expect("control ES384");
}

/// Row 6: `kty` RSA with EC members (and the other cross-type mixes) is
/// refused at import.
#[test]
fn row_06_kty_with_foreign_members() {
    use tokencheck::Reason;
    let cases: [(&str, &[&str], &'static str); 5] = [
        (RSA2048, &["crv", "x", "y"], "crv"),
        (RSA2048, &["x"], "x"),
        (P256, &["n", "e"], "n"),
        (ED25519, &["y"], "y"),
        (HMAC, &["x"], "x"),
    ];
    let donor = |m: &str| -> String {
        match m {
            "n" | "e" => fixture(RSA2048).get_str(m).unwrap().to_string(),
            "crv" => "P-256".into(),
            _ => fixture(P256).get_str(m).unwrap().to_string(),
        }
    };
    for (base, extra, subject) in cases {
        let mut o = public_object(base);
        for m in extra {
            o.insert(*m, s(&donor(m)));
        }
        let e = expect_err(tokencheck::Jwk::from_object(&o), "ERR_JWK_INVALID", Some("key_member_invalid"));
        assert_eq!(e.reason_detail(), Some(Reason::KeyMemberInvalid(subject)), "{base} + {extra:?}");
        let e = expect_err(tokencheck::JwkSet::from_json(&set_text(&[public_object(P384), o])), "ERR_JWKS_INVALID", Some("key_member_invalid"));
        assert_eq!(e, tokencheck::Error::JwksInvalid { index: Some(1), reason: Reason::KeyMemberInvalid(subject) });
    }
}

/// Row 7: the attacker's key in the header `jwk`, token signed with its
/// private half. Header keys are never used: keys come only from the
/// caller's set.
#[test]
fn row_07_header_jwk_ignored() {
    let keys = set_of(&[P256]);
    let mut attacker = public_object(P256B);
    attacker.remove("kid");
    let attacker_json = attacker.to_json();
    for (header, code, reason) in [
        // no kid: our only P-256 key is selected, and the signature is not ours
        (format!(r#"{{"alg":"ES256","jwk":{attacker_json}}}"#), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None),
        (format!(r#"{{"alg":"ES256","kid":"{P256}","jwk":{attacker_json}}}"#), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None),
        // the attacker's kid: not in our set, no fallback to the header key
        (format!(r#"{{"alg":"ES256","kid":"{P256B}","jwk":{attacker_json}}}"#), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_kid")),
    ] {
        let t = signed(P256B, ES256, &header, good_claims().as_bytes());
        // control: the header's key really does verify it (as a verifier that
        // trusted the header would do)
        let mut embedded = attacker.clone();
        if let Some(kid) = header_kid(&header) {
            embedded.insert("kid", s(&kid));
        }
        verify_jwt(&t, &set_of_objects(&[embedded]), &[ES256]).expect("control: the embedded key verifies the token");
        expect_err(verify_jwt(&t, &keys, &[ES256]), code, reason);
        expect_err(verify_raw(&t, &keys, &[ES256]), code, reason);
    }
    // the header `jwk` changes nothing for a token our key signed: ignored, not trusted
    let legit = signed(P256, ES256, &format!(r#"{{"alg":"ES256","jwk":{attacker_json}}}"#), good_claims().as_bytes());
    verify_jwt(&legit, &keys, &[ES256]).expect("a header jwk is ignored");
}

/// Row 7 with RSA (CVE-2018-0114 shape): RS256 token with an embedded RSA `jwk`.
#[test]
fn row_07_header_jwk_ignored_rsa() {
    let keys = set_of(&[RSA2048]);
    let mut attacker = public_object(RSA2048B);
    attacker.remove("kid");
    let header = format!(r#"{{"alg":"RS256","jwk":{}}}"#, attacker.to_json());
    let t = signed(RSA2048B, RS256, &header, good_claims().as_bytes());
    verify_jwt(&t, &set_of_objects(&[attacker]), &[RS256]).expect("control: the embedded key verifies the token");
    expect_sig_fail(verify_jwt(&t, &keys, &[RS256]));
    expect_sig_fail(verify_raw(&t, &keys, &[RS256]));
}

/// Row 8: `jku` / `x5u` pointing elsewhere. The core has no I/O at all (no
/// clock, no RNG, no network: `#![no_std]`, see `core_has_no_io`), so it
/// cannot fetch; here the URLs point at a live loopback listener that must
/// see no connection, and the token is refused because its key is not ours.
#[test]
fn row_08_jku_x5u_never_fetched() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://127.0.0.1:{}/jwks.json", listener.local_addr().unwrap().port());
    let keys = set_of(&[P256]);
    for param in ["jku", "x5u"] {
        for (kid, code, reason) in [
            (None, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None),
            (Some(P256), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None),
            (Some("attacker-key"), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_kid")),
        ] {
            let kid_member = kid.map(|k| format!(r#","kid":"{k}""#)).unwrap_or_default();
            let header = format!(r#"{{"alg":"ES256","{param}":"{url}"{kid_member}}}"#);
            let t = signed(P256B, ES256, &header, good_claims().as_bytes());
            // control: the attacker's key (what the URL would serve) verifies it
            let mut served = public_object(P256B);
            match kid {
                Some(k) => served.insert("kid", s(k)),
                None => drop(served.remove("kid")),
            }
            verify_jwt(&t, &set_of_objects(&[served]), &[ES256]).expect("control: the served key verifies");
            expect_err(verify_jwt(&t, &keys, &[ES256]), code, reason);
            expect_err(verify_raw(&t, &keys, &[ES256]), code, reason);
        }
        // a token our key signed is unaffected by the URL: ignored, not followed
        let legit = signed(P256, ES256, &format!(r#"{{"alg":"ES256","{param}":"{url}"}}"#), good_claims().as_bytes());
        verify_jwt(&legit, &keys, &[ES256]).expect("header URL ignored");
    }
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("the verifier fetched a header URL (connection from {peer})"),
        Err(e) => panic!("listener error: {e}"),
    }
}

/// A self-signed X.509 v3 certificate (RFC 5280 §4.1) for fixture `name`
/// (P-256), signed with its own key (ecdsa-with-SHA256), built by hand.
/// `openssl x509 -inform DER -text` parses it and `openssl verify -CAfile`
/// accepts it as a self-signed root (checked when the test was written).
fn self_signed_cert(name: &str) -> Vec<u8> {
    const ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    const CN: &[u8] = &[0x55, 0x04, 0x03];
    let sig_alg = der(0x30, &der(0x06, ECDSA_SHA256));
    let dn = der(0x30, &der(0x31, &der(0x30, &cat(&[&der(0x06, CN), &der(0x0c, b"attacker.example")]))));
    let validity = der(0x30, &cat(&[&der(0x17, b"230101000000Z"), &der(0x17, b"330101000000Z")]));
    let basic_constraints = der(
        0xa3,
        &der(
            0x30,
            &der(0x30, &cat(&[&der(0x06, &[0x55, 0x1d, 0x13]), &der(0x01, &[0xff]), &der(0x04, &der(0x30, &der(0x01, &[0xff])))])),
        ),
    );
    let tbs = der(
        0x30,
        &cat(&[&der(0xa0, &der_uint(&[2])), &der_uint(&[0x01, 0x23]), &sig_alg, &dn, &validity, &dn, &ec_spki_der(name), &basic_constraints]),
    );
    let rs = sign(name, ES256, &tbs);
    let sig_der = der(0x30, &cat(&[&der_uint(&rs[..32]), &der_uint(&rs[32..])]));
    der(0x30, &cat(&[&tbs, &sig_alg, &der(0x03, &cat(&[&[0x00], &sig_der]))]))
}

/// Row 9: a self-signed `x5c` (no chain policy is in scope: `x5c` never
/// supplies a key).
#[test]
fn row_09_self_signed_x5c_ignored() {
    let keys = set_of(&[P256]);
    let cert = self_signed_cert(P256B);
    let x5c = tokencheck::base64url::encode_standard(&cert);
    let thumb = b64(&sha256(&cert));
    for kid in [None, Some(P256)] {
        let kid_member = kid.map(|k| format!(r#","kid":"{k}""#)).unwrap_or_default();
        let header = format!(r#"{{"alg":"ES256","x5c":["{x5c}"],"x5t#S256":"{thumb}"{kid_member}}}"#);
        let t = signed(P256B, ES256, &header, good_claims().as_bytes());
        // control: the certificate's key verifies the token
        let cert_key = tokencheck::Jwk::from_spki_der(&ec_spki_der(P256B), kid.map(str::to_string), None).unwrap();
        verify_jwt(&t, &tokencheck::JwkSet::single(cert_key), &[ES256]).expect("control: the x5c key verifies");
        expect_sig_fail(verify_jwt(&t, &keys, &[ES256]));
        expect_sig_fail(verify_raw(&t, &keys, &[ES256]));
    }
}

/// Row 10: hostile `kid` values are opaque lookup strings: no path, no
/// query, no normalisation, no fallback to another key.
#[test]
fn row_10_kid_is_opaque() {
    let mut hk = public_object(HMAC);
    hk.insert("kid", s("k1"));
    let mut ek = public_object(P256);
    ek.insert("kid", s("dev/null"));
    let keys = set_of_objects(&[hk.clone(), ek]);
    let claims = good_claims();
    let t = |kid_json: &str| signed(HMAC, HS256, &format!(r#"{{"alg":"HS256","kid":{kid_json}}}"#), claims.as_bytes());
    verify_jwt(&t(r#""k1""#), &keys, &[HS256, ES256]).expect("control: kid k1 verifies");
    for kid in [
        r#""../../dev/null""#,
        r#""/dev/null""#,
        r#""""#,
        r#""' OR '1'='1""#,
        r#""k1' --""#,
        r#""k1 ""#,
        r#""K1""#,
        r#""k1\u0000""#,
        r#""%6b1""#,
        r#""k1/../k1""#,
        r#""*""#,
    ] {
        expect_err(verify_jwt(&t(kid), &keys, &[HS256, ES256]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_kid"));
        expect_err(verify_raw(&t(kid), &keys, &[HS256, ES256]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_kid"));
    }
    for kid in ["5", "0", "{}", r#"{"kid":"k1"}"#, r#"["k1"]"#, "null", "true"] {
        let e = expect_err(verify_jwt(&t(kid), &keys, &[HS256]), "ERR_JWS_INVALID", Some("header_parameter_type"));
        assert_eq!(e.reason_detail().and_then(|r| r.subject()), Some("kid"));
    }
    // "" is an ordinary string: it matches only a key whose kid is ""
    hk.insert("kid", s(""));
    let empty_kid = set_of_objects(&[hk]);
    verify_jwt(&t(r#""""#), &empty_kid, &[HS256]).expect("kid \"\" matches kid \"\"");
    expect_err(verify_jwt(&t(r#""../../dev/null""#), &empty_kid, &[HS256]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_kid"));
}

/// Rows 7-9 rest on this: the verification core performs no I/O, so no
/// header can make it fetch anything. `#![no_std]` already rules out
/// `std::net`/`std::fs` in the core (std is only linked for
/// `std::error::Error`); this guards the source and the dependency list
/// against a regression. (src/wasm, the JS glue, is outside the core.)
#[test]
fn core_has_no_io() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("wasm") {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    assert!(files.len() > 10);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for needle in ["std::net", "std::fs", "std::process", "std::io", "TcpStream", "UdpSocket", "std::time"] {
            assert!(!text.contains(needle), "{} mentions {needle}", f.display());
        }
    }
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(lib.contains("#![no_std]") && lib.contains("#![forbid(unsafe_code)]"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    for client in ["reqwest", "hyper", "ureq", "curl", "isahc", "surf", "attohttpc", "tokio", "web-sys"] {
        assert!(!deps.lines().any(|l| l.trim_start().starts_with(client)), "HTTP/IO dependency {client} in the core");
    }
}
