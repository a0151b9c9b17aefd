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
//! `generate_fixtures` test below). RS*/PS* tokens are signed with the `rsa`
//! crate; HS*/ES*/EdDSA with the core's own `SigningKey`; hostile tokens are
//! assembled byte by byte (`forge`, `signed_bytes`).
//!
//! Run: `cargo test --test attacks` (add `-- --nocapture` to see the timings
//! and allocation counts of the hostile-size rows).

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
            32 => p256::ecdsa::SigningKey::from_slice(&d)
                .unwrap()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            48 => p384::ecdsa::SigningKey::from_slice(&d)
                .unwrap()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
            _ => p521::ecdsa::SigningKey::from_slice(&d)
                .unwrap()
                .verifying_key()
                .to_sec1_point(false)
                .as_bytes()
                .to_vec(),
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
    // (secret and public keys can't share a set, so both kinds are tried)
    let keysets = [set_of(&[HMAC]), set_of(&[P256, ED25519])];
    let genuine = good_jwt(HMAC, HS256);
    verify_jwt(&genuine, &keysets[0], &[HS256]).expect("control: genuine HS256 token verifies");
    let stale = signature_of(&genuine);
    for keys in &keysets {
    for none in ["none", "None", "NONE", "nOnE"] {
        for header in [format!(r#"{{"alg":"{none}"}}"#), format!(r#"{{"alg":"{none}","kid":"{HMAC}"}}"#)] {
            for sig in [&[][..], &stale[..]] {
                let t = forge(&header, good_claims().as_bytes(), sig);
                // even with every implemented algorithm allowed
                expect_err(verify_jwt(&t, keys, &Algorithm::ALL), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_none"));
                expect_err(verify_raw(&t, keys, &Algorithm::ALL), "ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_none"));
            }
        }
        // and `none` can't even be put into an allow-list
        expect_err(tokencheck::AlgorithmSet::from_names(&["HS256", none]), "ERR_INVALID_OPTIONS", Some("option"));
    }
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
    verify_jwt(&t, &as_secret, &[HS256])
        .unwrap_or_else(|e| panic!("control ({what}): the forged MAC is valid for those bytes: {e}"));
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
    p256_spki_with_point(&cat(&[&[0x04], &member(name, "x"), &member(name, "y")]))
}

/// A P-256 SubjectPublicKeyInfo around any SEC1 point encoding.
fn p256_spki_with_point(point: &[u8]) -> Vec<u8> {
    const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let alg = der(0x30, &cat(&[&der(0x06, OID_EC), &der(0x06, OID_P256)]));
    der(0x30, &cat(&[&alg, &der(0x03, &cat(&[&[0x00], point]))]))
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
        let e = expect_err(
            tokencheck::JwkSet::from_json(&set_text(&[public_object(P384), o])),
            "ERR_JWKS_INVALID",
            Some("key_member_invalid"),
        );
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
        (
            format!(r#"{{"alg":"ES256","kid":"{P256}","jwk":{attacker_json}}}"#),
            "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            None,
        ),
        // the attacker's kid: not in our set, no fallback to the header key
        (
            format!(r#"{{"alg":"ES256","kid":"{P256B}","jwk":{attacker_json}}}"#),
            "ERR_JWKS_NO_MATCHING_KEY",
            Some("no_key_for_kid"),
        ),
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
            &der(
                0x30,
                &cat(&[
                    &der(0x06, &[0x55, 0x1d, 0x13]),
                    &der(0x01, &[0xff]),
                    &der(0x04, &der(0x30, &der(0x01, &[0xff]))),
                ]),
            ),
        ),
    );
    let tbs = der(
        0x30,
        &cat(&[
            &der(0xa0, &der_uint(&[2])),
            &der_uint(&[0x01, 0x23]),
            &sig_alg,
            &dn,
            &validity,
            &dn,
            &ec_spki_der(name),
            &basic_constraints,
        ]),
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
    // a second secret whose kid looks like a path
    let mut ek = public_object(HMAC);
    ek.insert("kid", s("dev/null"));
    ek.insert("k", s(&tokencheck::base64url::encode(&[0x42; 32])));
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
    expect_err(
        verify_jwt(&t(r#""../../dev/null""#), &empty_kid, &[HS256]),
        "ERR_JWKS_NO_MATCHING_KEY",
        Some("no_key_for_kid"),
    );
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

// ============================================================ rows 11-14: keys refused at import

/// HMAC with any key length (the core's `SigningKey` refuses short keys, an
/// attacker's tooling does not).
fn raw_hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, KeyInit, Mac};
    fn run<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Vec<u8> {
        let mut m = <M as KeyInit>::new_from_slice(key).unwrap();
        m.update(msg);
        m.finalize().into_bytes().to_vec()
    }
    match alg {
        HS256 => run::<Hmac<sha2::Sha256>>(key, msg),
        HS384 => run::<Hmac<sha2::Sha384>>(key, msg),
        HS512 => run::<Hmac<sha2::Sha512>>(key, msg),
        other => panic!("{other} is not HMAC"),
    }
}

fn oct_jwk(k: &[u8], alg: Option<&str>) -> String {
    match alg {
        Some(a) => format!(r#"{{"kty":"oct","k":"{}","alg":"{a}"}}"#, b64(k)),
        None => format!(r#"{{"kty":"oct","k":"{}"}}"#, b64(k)),
    }
}

/// Row 11: HMAC keys empty or shorter than the hash output are refused at
/// import (RFC 7518 §3.2); a key long enough for HS256 only never verifies HS384/512.
#[test]
fn row_11_short_hmac_keys_refused_at_import() {
    use tokencheck::{Jwk, JwkSet};
    let secret = member(HMAC, "k");
    for (len, alg) in [
        (0, None),
        (1, None),
        (16, None),
        (31, None),
        (31, Some("HS256")),
        (32, Some("HS384")),
        (47, Some("HS384")),
        (48, Some("HS512")),
        (63, Some("HS512")),
    ] {
        let text = oct_jwk(&secret[..len], alg);
        expect_err(Jwk::from_json(&text), "ERR_JWK_INVALID", Some("hmac_key_too_short"));
        let set = format!(r#"{{"keys":[{},{text}]}}"#, public_text(P256));
        let e = expect_err(JwkSet::from_json(&set), "ERR_JWKS_INVALID", Some("hmac_key_too_short"));
        assert!(matches!(e, tokencheck::Error::JwksInvalid { index: Some(1), .. }), "{e:?}");
    }
    // the other import paths
    expect_err(Jwk::from_secret(&[], None, None), "ERR_JWK_INVALID", Some("hmac_key_too_short"));
    expect_err(Jwk::from_secret(&secret[..31], None, None), "ERR_JWK_INVALID", Some("hmac_key_too_short"));
    expect_err(tokencheck::SigningKey::hmac(&secret[..47], HS384, None), "ERR_JWK_INVALID", Some("hmac_key_too_short"));
    expect_err(Jwk::from_json(r#"{"kty":"oct"}"#), "ERR_JWK_INVALID", Some("key_member_missing"));
    expect_err(Jwk::from_json(r#"{"kty":"oct","k":5}"#), "ERR_JWK_INVALID", Some("key_member_invalid"));
    // controls: exactly the hash length imports
    for (len, alg) in [(32, None), (32, Some("HS256")), (48, Some("HS384")), (64, Some("HS512"))] {
        Jwk::from_json(&oct_jwk(&secret[..len], alg)).expect("hash-length key imports");
    }
    // a 32-byte key (no alg) can't verify HS384/HS512, even with a correct MAC
    let short = &secret[..32];
    let mut o = tokencheck::json::parse_object(oct_jwk(short, None).as_bytes(), 8).unwrap().unwrap();
    o.insert("kid", s("k32"));
    let keys = set_of_objects(&[o]);
    for alg in [HS384, HS512] {
        for header in [format!(r#"{{"alg":"{alg}","kid":"k32"}}"#), format!(r#"{{"alg":"{alg}"}}"#)] {
            let input = signing_input(header.as_bytes(), good_claims().as_bytes());
            let t = format!("{input}.{}", b64(&raw_hmac(alg, short, input.as_bytes())));
            let (code, reason) = if header.contains("kid") {
                ("ERR_JOSE_ALG_NOT_ALLOWED", "alg_key_mismatch")
            } else {
                ("ERR_JWKS_NO_MATCHING_KEY", "no_key_for_alg")
            };
            expect_err(verify_jwt(&t, &keys, &[HS256, HS384, HS512]), code, Some(reason));
        }
    }
    let input = signing_input(br#"{"alg":"HS256","kid":"k32"}"#, good_claims().as_bytes());
    let ok = format!("{input}.{}", b64(&raw_hmac(HS256, short, input.as_bytes())));
    verify_jwt(&ok, &keys, &[HS256, HS384, HS512]).expect("control: HS256 with the 32-byte key");
}

/// Row 12: ambiguity in the key set is refused, never guessed (src/jwk/set.rs).
#[test]
fn row_12_ambiguous_key_sets() {
    let with_kid = |name: &str, kid: &str| {
        let mut o = public_object(name);
        o.insert("kid", s(kid));
        o
    };
    let claims = good_claims();
    let es = |signer: &str, kid: Option<&str>| {
        let h = match kid {
            Some(k) => format!(r#"{{"alg":"ES256","kid":"{k}"}}"#),
            None => r#"{"alg":"ES256"}"#.into(),
        };
        signed(signer, ES256, &h, claims.as_bytes())
    };
    // two keys with the same kid: whichever signed, the lookup is ambiguous
    let dup = set_of_objects(&[with_kid(P256, "dup"), with_kid(P256B, "dup")]);
    for signer in [P256, P256B] {
        expect_err(
            verify_jwt(&es(signer, Some("dup")), &dup, &[ES256]),
            "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            Some("duplicate_kid"),
        );
        expect_err(
            verify_raw(&es(signer, Some("dup")), &dup, &[ES256]),
            "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            Some("duplicate_kid"),
        );
    }
    // also when the two keys are of different types (stricter than RFC 7517
    // §4.5's "SHOULD use distinct kid values"; see set.rs)
    let dup_types = set_of_objects(&[with_kid(RSA2048, "dup"), with_kid(P256, "dup")]);
    expect_err(
        verify_jwt(&es(P256, Some("dup")), &dup_types, &[ES256, RS256]),
        "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
        Some("duplicate_kid"),
    );
    // control: distinct kids select one key each
    let distinct = set_of_objects(&[with_kid(P256, "a"), with_kid(P256B, "b")]);
    verify_jwt(&es(P256, Some("a")), &distinct, &[ES256]).expect("control a");
    verify_jwt(&es(P256B, Some("b")), &distinct, &[ES256]).expect("control b");

    // a set mixing oct and public keys: refused at import ...
    let mixed_text = set_text(&[public_object(HMAC), public_object(P256)]);
    let err = tokencheck::JwkSet::from_json(&mixed_text).expect_err("mixed set imports");
    assert_eq!((err.code(), err.reason()), ("ERR_JWKS_INVALID", Some("mixed_key_types")));
    // ... and, when assembled from single keys, refused at every lookup, with
    // or without kid: which secret a token meant is never guessed
    let mixed = tokencheck::JwkSet::from_keys(vec![
        tokencheck::Jwk::from_object(&public_object(HMAC)).unwrap(),
        tokencheck::Jwk::from_object(&public_object(P256)).unwrap(),
    ]);
    let hs_nokid = signed(HMAC, HS256, r#"{"alg":"HS256"}"#, claims.as_bytes());
    for t in [es(P256, None), hs_nokid, good_jwt(HMAC, HS256), good_jwt(P256, ES256)] {
        expect_err(verify_jwt(&t, &mixed, &[ES256, HS256]), "ERR_JWKS_MULTIPLE_MATCHING_KEYS", Some("mixed_key_types"));
        expect_err(verify_raw(&t, &mixed, &[ES256, HS256]), "ERR_JWKS_MULTIPLE_MATCHING_KEYS", Some("mixed_key_types"));
    }
    // controls: each key alone verifies its token
    verify_jwt(&good_jwt(HMAC, HS256), &set_of(&[HMAC]), &[HS256]).expect("control hmac alone");
    verify_jwt(&good_jwt(P256, ES256), &set_of(&[P256]), &[ES256]).expect("control p256 alone");

    // a token without kid, two keys of its family
    let two = set_of(&[P256, P256B]);
    expect_err(verify_jwt(&es(P256, None), &two, &[ES256]), "ERR_JWKS_MULTIPLE_MATCHING_KEYS", Some("ambiguous_key"));
    // control: one key per family is not ambiguous
    verify_jwt(&es(P256, None), &set_of(&[P256, P384, ED25519]), &[ES256]).expect("control: one P-256 key");
}

/// Row 13: keys not meant for signature verification. A single key is
/// refused at import; in a set it is set aside (a set may legitimately carry
/// encryption keys) and a token naming it is refused.
#[test]
fn row_13_keys_not_for_verification() {
    use tokencheck::{Jwk, JwkSet};
    let tweak = |name: &str, kid: &str, m: &str, v: &str| {
        let mut o = public_object(name);
        o.insert("kid", s(kid));
        o.insert(m, tokencheck::json::parse(v.as_bytes(), 4).unwrap());
        o
    };
    let hostile = [
        (tweak(P256, "enc", "use", r#""enc""#), "key_not_for_verification", P256, ES256),
        (tweak(P256, "ops-encrypt", "key_ops", r#"["encrypt","wrapKey"]"#), "key_not_for_verification", P256, ES256),
        (tweak(P256, "ops-sign", "key_ops", r#"["sign"]"#), "key_not_for_verification", P256, ES256),
        (tweak(P256, "ops-empty", "key_ops", "[]"), "key_not_for_verification", P256, ES256),
        (tweak(HMAC, "aes", "alg", r#""A256GCM""#), "key_alg_unsupported", HMAC, HS256),
        (tweak(HMAC, "dir", "alg", r#""dir""#), "key_alg_unsupported", HMAC, HS256),
        (tweak(RSA2048, "oaep", "alg", r#""RSA-OAEP-256""#), "key_alg_unsupported", RSA2048, RS256),
        (tweak(ED25519, "ed-enc", "use", r#""enc""#), "key_not_for_verification", ED25519, EdDSA),
    ];
    for (o, reason, _, _) in &hostile {
        expect_err(Jwk::from_object(o), "ERR_JWK_INVALID", Some(reason));
        expect_err(Jwk::from_json(&o.to_json()), "ERR_JWK_INVALID", Some(reason));
    }
    // malformed members are import failures, for a set too
    for (m, v) in [
        ("use", "5"),
        ("key_ops", r#""verify""#),
        ("key_ops", r#"["verify","verify"]"#),
        ("key_ops", "[1]"),
        ("alg", "256"),
    ] {
        let o = tweak(P256, "bad", m, v);
        expect_err(Jwk::from_object(&o), "ERR_JWK_INVALID", Some("key_member_invalid"));
        expect_err(JwkSet::from_json(&set_text(&[o])), "ERR_JWKS_INVALID", Some("key_member_invalid"));
    }
    // controls: use "sig" / key_ops with "verify" import
    Jwk::from_object(&tweak(P256, "sig", "use", r#""sig""#)).expect("use sig");
    Jwk::from_object(&tweak(P256, "ops", "key_ops", r#"["verify","sign"]"#)).expect("key_ops verify");

    // in a set: set aside, not an import failure; a token naming one is refused
    let mut objs: Vec<_> = hostile.iter().map(|(o, ..)| o.clone()).collect();
    objs.push(public_object(P521));
    let keys = JwkSet::from_json(&set_text(&objs)).expect("a set with encryption keys imports");
    assert_eq!((keys.len(), keys.skipped_len()), (1, hostile.len()));
    for (o, _, signer, alg) in &hostile {
        if *alg == RS256 {
            continue; // RSA signatures are checked in row_13_..._rsa
        }
        let kid = o.get_str("kid").unwrap();
        let t = signed(signer, *alg, &format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#), good_claims().as_bytes());
        expect_err(
            verify_jwt(&t, &keys, &Algorithm::ALL),
            "ERR_JWKS_NO_MATCHING_KEY",
            Some("key_not_for_verification"),
        );
        expect_err(
            verify_raw(&t, &keys, &Algorithm::ALL),
            "ERR_JWKS_NO_MATCHING_KEY",
            Some("key_not_for_verification"),
        );
        // control: the same key marked for signatures verifies the same token
        let mut sig_key = o.clone();
        sig_key.insert("use", s("sig"));
        sig_key.remove("key_ops");
        sig_key.remove("alg");
        verify_jwt(&t, &set_of_objects(&[sig_key]), &Algorithm::ALL).expect("control: as a sig key it verifies");
        // without kid, the set-aside key is not a candidate either
        let nokid = signed(signer, *alg, &format!(r#"{{"alg":"{alg}"}}"#), good_claims().as_bytes());
        expect_err(verify_jwt(&nokid, &keys, &Algorithm::ALL), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_alg"));
    }
}

#[test]
fn row_13_keys_not_for_verification_rsa() {
    let mut oaep = public_object(RSA2048);
    oaep.insert("alg", s("RSA-OAEP-256"));
    let keys = set_of_objects(&[oaep]);
    assert_eq!((keys.len(), keys.skipped_len()), (0, 1));
    let t = good_jwt(RSA2048, RS256);
    expect_err(verify_jwt(&t, &keys, &[RS256]), "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification"));
    verify_jwt(&t, &set_of(&[RSA2048]), &[RS256]).expect("control: as a sig key it verifies");
}

/// Row 14: weak RSA public keys are refused at import.
#[test]
fn row_14_weak_rsa_keys_refused_at_import_rsa() {
    use tokencheck::{Jwk, JwkSet};
    let with = |name: &str, m: &str, bytes: &[u8]| {
        let mut o = public_object(name);
        o.insert(m, s(&b64(bytes)));
        o
    };
    let mut even_n = member(RSA2048, "n");
    *even_n.last_mut().unwrap() &= 0xfe;
    let cases = [
        (public_object(RSA1024), "rsa_modulus_too_small"),
        (with(RSA2048, "n", &even_n[1..]), "rsa_modulus_too_small"), // 2040 bits
        (with(RSA2048, "e", &[1]), "rsa_exponent_invalid"),
        (with(RSA2048, "e", &[2]), "rsa_exponent_invalid"),
        (with(RSA2048, "e", &[1, 0, 0]), "rsa_exponent_invalid"), // 65536
        (with(RSA2048, "e", &[1, 0, 0, 0, 0]), "rsa_exponent_invalid"), // 2^32
        (with(RSA2048, "e", &[0]), "rsa_exponent_invalid"),
        (with(RSA2048, "n", &even_n), "rsa_modulus_even"),
    ];
    for (o, reason) in &cases {
        expect_err(Jwk::from_object(o), "ERR_JWK_INVALID", Some(reason));
        let e = expect_err(
            JwkSet::from_json(&set_text(&[public_object(P256), o.clone()])),
            "ERR_JWKS_INVALID",
            Some(reason),
        );
        assert!(matches!(e, tokencheck::Error::JwksInvalid { index: Some(1), .. }), "{e:?}");
    }
    // the PEM import applies the same rules
    use rsa::pkcs8::{EncodePublicKey, LineEnding};
    let pem1024 = rsa_private(RSA1024).to_public_key().to_public_key_pem(LineEnding::LF).unwrap();
    expect_err(Jwk::from_spki_pem(&pem1024, None, None), "ERR_JWK_INVALID", Some("rsa_modulus_too_small"));
    // controls: the 2048-bit key, and e = 3, import
    Jwk::from_object(&public_object(RSA2048)).expect("2048-bit key");
    Jwk::from_object(&with(RSA2048, "e", &[3])).expect("e = 3");
}

// ============================================================ rows 15-18: ECDSA signatures

const EC_KEYS: [(&str, Algorithm); 3] = [(P256, ES256), (P384, ES384), (P521, ES512)];

/// A genuine ECDSA token, its key set, and (r, s) as numbers.
fn ec_token(key: &str, alg: Algorithm) -> (String, tokencheck::JwkSet, num_bigint::BigUint, num_bigint::BigUint) {
    let t = good_jwt(key, alg);
    let keys = set_of(&[key]);
    verify_jwt(&t, &keys, &[alg]).unwrap_or_else(|e| panic!("control: genuine {alg} verifies: {e}"));
    verify_raw(&t, &keys, &[alg]).unwrap_or_else(|e| panic!("control: genuine {alg} verifies (raw): {e}"));
    let sig = signature_of(&t);
    let half = sig.len() / 2;
    let (r, s) = (num_bigint::BigUint::from_bytes_be(&sig[..half]), num_bigint::BigUint::from_bytes_be(&sig[half..]));
    (t, keys, r, s)
}

fn rs_bytes(r: &num_bigint::BigUint, s: &num_bigint::BigUint, len: usize) -> Vec<u8> {
    cat(&[&be_pad(r, len), &be_pad(s, len)])
}

/// Row 15: r = s = 0 ("psychic signature", CVE-2022-21449) and r or s in
/// {0, 1, n-1, n}.
#[test]
fn row_15_ecdsa_degenerate_r_s() {
    use num_bigint::BigUint;
    for (key, alg) in EC_KEYS {
        let (t, keys, r, s) = ec_token(key, alg);
        let (n, len) = ec_order(alg);
        let one = BigUint::from(1u8);
        let specials = [BigUint::ZERO, one.clone(), &n - &one, n.clone()];
        let mut forged = vec![vec![0u8; 2 * len]];
        for v in &specials {
            forged.push(rs_bytes(v, &s, len));
            forged.push(rs_bytes(&r, v, len));
            forged.push(rs_bytes(v, v, len));
        }
        for sig in forged {
            let f = with_signature(&t, &sig);
            expect_sig_fail(verify_jwt(&f, &keys, &[alg]));
            expect_sig_fail(verify_raw(&f, &keys, &[alg]));
        }
    }
}

/// Row 16: DER-encoded ECDSA signatures and wrong lengths (JWS uses the
/// fixed-length R || S, RFC 7518 §3.4).
#[test]
fn row_16_ecdsa_der_and_wrong_length() {
    for (key, alg) in EC_KEYS {
        let (t, keys, _, _) = ec_token(key, alg);
        let sig = signature_of(&t);
        let len = sig.len() / 2;
        let (r, s) = sig.split_at(len);
        let der_sig = der(0x30, &cat(&[&der_uint(r), &der_uint(s)]));
        let mut variants = vec![
            ("DER", der_sig.clone()),
            ("one byte short", sig[..sig.len() - 1].to_vec()),
            ("one byte long", cat(&[&sig, &[0]])),
            ("leading zero", cat(&[&[0], &sig])),
            ("r and s each with a leading zero", cat(&[&[0], r, &[0], s])),
            ("r only", r.to_vec()),
            ("doubled", cat(&[&sig, &sig])),
            ("empty", vec![]),
        ];
        if alg == ES512 {
            // P-521 signers that emit 65-byte halves (130 bytes) or 2 x 66 + 1
            variants.push(("130 bytes", cat(&[&r[1..], &s[1..]])));
            variants.push(("131 bytes", cat(&[&r[1..], s])));
        }
        for (what, v) in variants {
            assert_ne!(v.len(), 2 * len, "{what} must have the wrong length");
            let f = with_signature(&t, &v);
            expect_sig_fail(verify_jwt(&f, &keys, &[alg]));
            expect_sig_fail(verify_raw(&f, &keys, &[alg]));
        }
        // the sizes the row names, explicitly
        let wrong: &[usize] = if alg == ES256 {
            &[63, 65]
        } else if alg == ES512 {
            &[130, 131, 133]
        } else {
            &[95, 97]
        };
        for &l in wrong {
            let mut v = sig.clone();
            v.resize(l, 0);
            expect_sig_fail(verify_jwt(&with_signature(&t, &v), &keys, &[alg]));
        }
    }
}

/// Row 17: high-S (s replaced by n - s) is ACCEPTED: RFC 7518 §3.4 has no
/// low-S rule, and jose/WebCrypto accept both.
#[test]
fn row_17_ecdsa_high_s_accepted() {
    for (key, alg) in EC_KEYS {
        let (t, keys, r, s) = ec_token(key, alg);
        let (n, len) = ec_order(alg);
        let high = &n - &s;
        assert_ne!(high, s);
        let f = with_signature(&t, &rs_bytes(&r, &high, len));
        assert_ne!(f, t);
        let v = verify_jwt(&f, &keys, &[alg]).unwrap_or_else(|e| panic!("{alg} with n - s must verify: {e}"));
        assert_eq!(v.value().sub(), Some("user-1"));
        verify_raw(&f, &keys, &[alg]).unwrap_or_else(|e| panic!("{alg} with n - s must verify (raw): {e}"));
        // (and a different message with n - s still fails)
        let other = signed(key, alg, &format!(r#"{{"alg":"{alg}","kid":"{key}"}}"#), br#"{"sub":"x"}"#);
        let mixed = with_signature(&other, &rs_bytes(&r, &high, len));
        expect_sig_fail(verify_raw(&mixed, &keys, &[alg]));
    }
}

/// Row 18: r or s >= n (a verifier that reduces mod n would accept r + n).
#[test]
fn row_18_ecdsa_r_or_s_not_below_n() {
    use num_bigint::BigUint;
    for (key, alg) in EC_KEYS {
        let (t, keys, r, s) = ec_token(key, alg);
        let (n, len) = ec_order(alg);
        let max = (BigUint::from(1u8) << (8 * len as u32)) - BigUint::from(1u8);
        let mut big = vec![n.clone(), &n + BigUint::from(1u8), max.clone()];
        for v in [&r + &n, &s + &n] {
            if v <= max {
                big.push(v); // the malleable ones: equal to r or s mod n
            }
        }
        if alg == ES512 {
            assert_eq!(big.len(), 5, "P-521 has room for r + n and s + n");
        }
        for v in &big {
            for sig in [rs_bytes(v, &s, len), rs_bytes(&r, v, len)] {
                let f = with_signature(&t, &sig);
                expect_sig_fail(verify_jwt(&f, &keys, &[alg]));
                expect_sig_fail(verify_raw(&f, &keys, &[alg]));
            }
        }
        // r + n, s + n where it fits (P-521): exactly the malleability a
        // mod-n reduction would let through
        if alg == ES512 {
            for sig in
                [rs_bytes(&(&r + &n), &s, len), rs_bytes(&r, &(&s + &n), len), rs_bytes(&(&r + &n), &(&s + &n), len)]
            {
                expect_sig_fail(verify_jwt(&with_signature(&t, &sig), &keys, &[alg]));
            }
        }
    }
}

// ============================================================ rows 19-20: EC points, Ed25519

/// Row 19: EC public keys off the curve, with short coordinates, or at
/// infinity are refused at import.
#[test]
fn row_19_ec_points_refused_at_import() {
    use num_bigint::BigUint;
    use tokencheck::{Jwk, JwkSet};
    for (name, len) in [(P256, 32), (P384, 48), (P521, 66)] {
        let (x, y) = (member(name, "x"), member(name, "y"));
        let y_plus_1 = be_pad(&(BigUint::from_bytes_be(&y) + BigUint::from(1u8)), len);
        let mut flipped_x = x.clone();
        flipped_x[len - 1] ^= 1;
        let zero = vec![0u8; len];
        let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
            ("y + 1 (off the curve)", x.clone(), y_plus_1),
            ("x with a flipped bit", flipped_x, y.clone()),
            ("x and y swapped", y.clone(), x.clone()),
            ("point at infinity as (0, 0)", zero.clone(), zero.clone()),
            ("x short by one byte", x[1..].to_vec(), y.clone()),
            ("y short by one byte", x.clone(), y[1..].to_vec()),
            ("x long by one byte", cat(&[&[0], &x]), y.clone()),
            ("empty x", vec![], y.clone()),
            ("compressed point in x, no y", cat(&[&[0x02 | (y[len - 1] & 1)], &x]), vec![]),
        ];
        for (what, cx, cy) in cases {
            let mut o = public_object(name);
            o.insert("x", s(&b64(&cx)));
            o.insert("y", s(&b64(&cy)));
            let e = expect_err(Jwk::from_object(&o), "ERR_JWK_INVALID", Some("ec_point_invalid"));
            assert_eq!(e.reason_detail(), Some(tokencheck::Reason::EcPointInvalid), "{name}: {what}");
            let e = expect_err(
                JwkSet::from_json(&set_text(&[public_object(HMAC), o])),
                "ERR_JWKS_INVALID",
                Some("ec_point_invalid"),
            );
            assert!(matches!(e, tokencheck::Error::JwksInvalid { index: Some(1), .. }), "{what}: {e:?}");
        }
        let mut no_y = public_object(name);
        no_y.remove("y");
        expect_err(Jwk::from_object(&no_y), "ERR_JWK_INVALID", Some("key_member_missing"));
        Jwk::from_object(&public_object(name)).expect("control: the real point imports");
    }
    // SPKI: the SEC1 encoding of infinity (0x00) and a compressed point
    let (x, y) = (member(P256, "x"), member(P256, "y"));
    Jwk::from_spki_der(&p256_spki_with_point(&cat(&[&[0x04], &x, &y])), None, None).expect("control");
    for (point, reason) in [
        (vec![0x00], "pem_invalid"),                        // SEC1 infinity
        (cat(&[&[0x02 | (y[31] & 1)], &x]), "pem_invalid"), // compressed
        (cat(&[&[0x04], &x, &x]), "ec_point_invalid"),      // off the curve
        (cat(&[&[0x04], &[0u8; 64]]), "ec_point_invalid"),  // (0, 0)
    ] {
        expect_err(Jwk::from_spki_der(&p256_spki_with_point(&point), None, None), "ERR_JWK_INVALID", Some(reason));
    }
}

/// The group orders hard-coded in tests/common agree with the curve crates
/// (n - 1 = -1 as a scalar).
#[test]
fn curve_constants_match_the_crates() {
    use num_bigint::BigUint;
    use p256::elliptic_curve::ff::PrimeField;
    let one = BigUint::from(1u8);
    let minus_one_256 = BigUint::from_bytes_be(&(-p256::Scalar::ONE).to_repr());
    let minus_one_384 = BigUint::from_bytes_be(&(-p384::Scalar::ONE).to_repr());
    let minus_one_521 = BigUint::from_bytes_be(&(-p521::Scalar::ONE).to_repr());
    assert_eq!(hex_big(P256_N) - &one, minus_one_256);
    assert_eq!(hex_big(P384_N) - &one, minus_one_384);
    assert_eq!(hex_big(P521_N) - &one, minus_one_521);
    let minus_one_ed = BigUint::from_bytes_le(&(-curve25519_dalek::Scalar::ONE).to_bytes());
    assert_eq!(ed25519_l() - &one, minus_one_ed);
}

/// Ed25519 signing with a chosen R encoding and the fixture's secret scalar:
/// S = r + k·a mod L with k = SHA-512(R || A || M) (RFC 8032 §5.1.6). With
/// R the identity, r = 0: this is how a forger with the key (or a malicious
/// signer) produces non-canonical or small-order R values.
fn ed25519_sign_with_r(r_enc: &[u8; 32], r_scalar: &num_bigint::BigUint, msg: &[u8]) -> Vec<u8> {
    use num_bigint::BigUint;
    let h = sha512(&member(ED25519, "d"));
    let mut a = h[..32].to_vec();
    a[0] &= 248;
    a[31] &= 127;
    a[31] |= 64;
    let a = BigUint::from_bytes_le(&a);
    let k = BigUint::from_bytes_le(&sha512(&cat(&[r_enc, &member(ED25519, "x"), msg]))) % ed25519_l();
    let s = (r_scalar + k * a) % ed25519_l();
    cat(&[r_enc, &le_bytes(&s, 32)])
}

/// Whether [S]B = R + [k]A holds with R and A decoded leniently (y taken mod
/// p, S taken mod L): what a non-strict verifier checks.
fn ed25519_lax_equation_holds(pk: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    use curve25519_dalek::Scalar;
    use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
    let (Some(r), Some(a)) = (
        CompressedEdwardsY(sig[..32].try_into().unwrap()).decompress(),
        CompressedEdwardsY(pk.try_into().unwrap()).decompress(),
    ) else {
        return false;
    };
    let s = num_bigint::BigUint::from_bytes_le(&sig[32..]) % ed25519_l();
    let s = Scalar::from_bytes_mod_order(le_bytes(&s, 32).try_into().unwrap());
    let k = Scalar::from_bytes_mod_order_wide(&sha512(&cat(&[&sig[..32], pk, msg])).try_into().unwrap());
    EdwardsPoint::mul_base(&s) == r + k * a
}

/// Row 20: Ed25519 strictness: S >= L, non-canonical R or A, length != 64,
/// and X25519/Ed448 keys for EdDSA.
#[test]
fn row_20_ed25519_strict() {
    use num_bigint::BigUint;
    let keys = set_of(&[ED25519]);
    let t = good_jwt(ED25519, EdDSA);
    verify_jwt(&t, &keys, &[EdDSA]).expect("control: genuine EdDSA verifies");
    let msg = t.as_bytes()[..t.rfind('.').unwrap()].to_vec();
    let pk = member(ED25519, "x");
    let sig = signature_of(&t);
    assert!(ed25519_lax_equation_holds(&pk, &msg, &sig), "the lax check accepts the genuine signature");
    let (l, p) = (ed25519_l(), ed25519_p());
    let s_val = BigUint::from_bytes_le(&sig[32..]);

    let mut forged: Vec<(&str, Vec<u8>)> = Vec::new();
    // S + L and S + 2L: same S mod L, so a lax verifier accepts them
    for m in [1u8, 2] {
        let big_s = &s_val + &l * BigUint::from(m);
        forged.push(("S + kL", cat(&[&sig[..32], &le_bytes(&big_s, 32)])));
    }
    forged.push(("S = L", cat(&[&sig[..32], &le_bytes(&l, 32)])));
    forged.push(("S = 2^256 - 1", cat(&[&sig[..32], &[0xff; 32]])));
    // R = identity encoded non-canonically (y = p + 1) and with the sign bit
    // set for x = 0; and canonically (small order), all with r = 0
    let id_noncanonical: [u8; 32] = le_bytes(&(&p + BigUint::from(1u8)), 32).try_into().unwrap();
    let mut id_signbit = [0u8; 32];
    id_signbit[0] = 1;
    id_signbit[31] = 0x80;
    let mut id_canonical = [0u8; 32];
    id_canonical[0] = 1;
    for (what, r_enc) in [
        ("R = identity as y = p + 1", &id_noncanonical),
        ("R = identity with sign bit", &id_signbit),
        ("R = identity", &id_canonical),
    ] {
        let f = ed25519_sign_with_r(r_enc, &BigUint::ZERO, &msg);
        assert!(ed25519_lax_equation_holds(&pk, &msg, &f), "{what}: the forgery satisfies the group equation");
        forged.push((what, f));
    }
    // (a large-order R with a non-canonical encoding can't be produced: it
    // needs y < 19 and a known discrete log; small-order R is the known shape)
    for (what, f) in &forged {
        assert_eq!(f.len(), 64, "{what}");
        let tok = with_signature(&t, f);
        expect_sig_fail(verify_jwt(&tok, &keys, &[EdDSA]));
        expect_sig_fail(verify_raw(&tok, &keys, &[EdDSA]));
    }
    for (what, f) in &forged[..2] {
        assert!(ed25519_lax_equation_holds(&pk, &msg, f), "{what}: a lax verifier would accept");
    }
    // on the path that hands Ed25519 to the host (workerd's BoringSSL, which
    // is such a lax verifier for R = identity): refused before the host
    {
        use tokencheck::jws::Limits;
        use tokencheck::jws::external::{self, HostChecks, SignatureCheck};
        let host = |tok: &str| external::prepare_for(tok, &Limits::default(), &keys, algs(&[EdDSA]), HostChecks::WITH_ED25519);
        assert!(matches!(host(&t), Ok(SignatureCheck::External(_))), "control: the genuine signature goes to the host");
        for (what, f) in &forged {
            match host(&with_signature(&t, f)) {
                Err(e) => assert_eq!(e.code(), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", "{what}"),
                Ok(_) => panic!("{what}: handed to the host"),
            }
        }
    }
    // lengths
    for bad in
        [vec![], sig[..63].to_vec(), cat(&[&sig, &[0]]), cat(&[&[0], &sig]), cat(&[&sig, &sig]), sig[..32].to_vec()]
    {
        expect_sig_fail(verify_jwt(&with_signature(&t, &bad), &keys, &[EdDSA]));
    }

    // non-canonical A: a large-order point with a small y, encoded as y + p
    let (y, point) = (2u32..19)
        .find_map(|y| {
            let enc: [u8; 32] = le_bytes(&BigUint::from(y), 32).try_into().unwrap();
            let pt = curve25519_dalek::edwards::CompressedEdwardsY(enc).decompress()?;
            (!pt.is_small_order()).then_some((y, pt))
        })
        .expect("some y < 19 is on the curve with large order");
    let canonical = point.compress().to_bytes();
    let noncanonical = {
        let mut b = le_bytes(&(BigUint::from(y) + &p), 32);
        b[31] |= canonical[31] & 0x80;
        b
    };
    assert_ne!(canonical.to_vec(), noncanonical);
    assert_eq!(
        curve25519_dalek::edwards::CompressedEdwardsY(noncanonical.clone().try_into().unwrap()).decompress(),
        Some(point)
    );
    let okp = |x: &[u8]| format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64(x));
    tokencheck::Jwk::from_json(&okp(&canonical)).expect("control: the canonical encoding imports");
    expect_err(tokencheck::Jwk::from_json(&okp(&noncanonical)), "ERR_JWK_INVALID", Some("okp_key_invalid"));
    // small-order A (identity, and the order-4 point y = 0) and wrong lengths
    for x in [id_canonical.to_vec(), vec![0u8; 32], pk[..31].to_vec(), cat(&[&pk, &[0]])] {
        expect_err(tokencheck::Jwk::from_json(&okp(&x)), "ERR_JWK_INVALID", Some("okp_key_invalid"));
    }

    // crv X25519 / Ed448 for EdDSA: refused as a single key, set aside in a
    // set, and a token naming one is refused (even though, here, the X25519
    // "x" is the very Ed25519 key that signed it)
    let x = fixture(ED25519).get_str("x").unwrap().to_string();
    let x448 = b64(&[7u8; 57]);
    for (kid, crv, xv) in
        [("x25519", "X25519", x.as_str()), ("ed448", "Ed448", x448.as_str()), ("x448", "X448", x448.as_str())]
    {
        let jwk = format!(r#"{{"kty":"OKP","crv":"{crv}","kid":"{kid}","x":"{xv}"}}"#);
        expect_err(tokencheck::Jwk::from_json(&jwk), "ERR_JWK_INVALID", Some("key_type_unsupported"));
        let set =
            tokencheck::JwkSet::from_json(&format!(r#"{{"keys":[{jwk}]}}"#)).expect("set aside, not an import failure");
        assert_eq!((set.len(), set.skipped_len()), (0, 1));
        let tok = signed(ED25519, EdDSA, &format!(r#"{{"alg":"EdDSA","kid":"{kid}"}}"#), good_claims().as_bytes());
        expect_err(verify_jwt(&tok, &set, &[EdDSA]), "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification"));
        let nokid = signed(ED25519, EdDSA, r#"{"alg":"EdDSA"}"#, good_claims().as_bytes());
        expect_err(verify_jwt(&nokid, &set, &[EdDSA]), "ERR_JWKS_NO_MATCHING_KEY", Some("no_key_for_alg"));
    }
    let as_ed = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"x25519","x":"{x}"}}]}}"#);
    let tok = signed(ED25519, EdDSA, r#"{"alg":"EdDSA","kid":"x25519"}"#, good_claims().as_bytes());
    verify_jwt(&tok, &tokencheck::JwkSet::from_json(&as_ed).unwrap(), &[EdDSA])
        .expect("control: as crv Ed25519 it verifies");
}

// ============================================================ rows 21-23: RSA signatures

/// The RSA helpers themselves are right, checked against the `rsa` crate
/// (independent of the core's RSA verifier): the hand-built EMSA-PKCS1-v1_5
/// encoding signs to exactly the crate's signature, and the PSS signatures
/// verify with the crate's verifier at the intended salt length.
#[test]
fn rsa_helpers_agree_with_rsa_crate() {
    use rsa::signature::Verifier;
    let msg = b"eyJhbGciOiJSUzI1NiJ9.e30";
    for (alg, di, h) in
        [(RS256, DI_SHA256, sha256(msg)), (RS384, DI_SHA384, sha384(msg)), (RS512, DI_SHA512, sha512(msg))]
    {
        let em = pkcs1_em(rsa_k(RSA2048), &cat(&[di, &h]), 8);
        assert_eq!(rsa_raw_sign(RSA2048, &em), rsa_pkcs1_sign(RSA2048, alg, msg), "{alg}");
    }
    let pk = rsa_private(RSA2048).to_public_key();
    let sig = rsa_pkcs1_sign(RSA2048, RS256, msg);
    let v = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(pk);
    assert!(v.verify(msg, &rsa::pkcs1v15::Signature::try_from(&sig[..]).unwrap()).is_ok());
    for salt in [0, 20, 32, 64] {
        let sig = rsa_pss_sign(RSA2048, PS256, msg, salt);
        assert!(rsa_crate_pss_verifies(RSA2048, msg, &sig, salt), "salt {salt}");
        if salt != 32 {
            assert!(!rsa_crate_pss_verifies(RSA2048, msg, &sig, 32), "salt {salt} is not a 32-byte-salt signature");
        }
    }
}

/// OID arcs of the SHA-2 family under 2.16.840.1.101.3.4.2 (RFC 8017 App. A.2.4).
const SHA224_ARC: u8 = 0x04;

fn digest_info(arc: u8, digest: &[u8], with_null: bool) -> Vec<u8> {
    let oid = der(0x06, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, arc]);
    let alg_id = if with_null { der(0x30, &cat(&[&oid, &[0x05, 0x00]])) } else { der(0x30, &oid) };
    der(0x30, &cat(&[&alg_id, &der(0x04, digest)]))
}

/// Row 21: PKCS#1 v1.5 padding forgeries. Each is a REAL RSA signature (made
/// with the private key) of a malformed encoded message, so only the
/// verifier's encoding check stands between it and acceptance
/// (RFC 8017 §8.2.2 step 3-4: re-encode and compare the whole EM).
#[test]
fn row_21_pkcs1v15_padding_forgeries_rsa() {
    let keys = set_of(&[RSA2048]);
    let k = rsa_k(RSA2048);
    let header = format!(r#"{{"alg":"RS256","kid":"{RSA2048}"}}"#);
    let input = signing_input(header.as_bytes(), good_claims().as_bytes());
    let h = sha256(input.as_bytes());
    let genuine_t = cat(&[DI_SHA256, &h]);
    assert_eq!(digest_info(0x01, &h, true), genuine_t);
    let genuine_em = pkcs1_em(k, &genuine_t, 8);
    let genuine = rsa_raw_sign(RSA2048, &genuine_em);
    assert_eq!(genuine, rsa_pkcs1_sign(RSA2048, RS256, input.as_bytes()));
    let token = format!("{input}.{}", b64(&genuine));
    verify_jwt(&token, &keys, &[RS256]).expect("control: the genuine RS256 signature verifies");

    let oid256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let di_body = |outer: &[u8], alg_len: &[u8], oct_len: &[u8], null: &[u8], digest: &[u8]| {
        cat(&[outer, &[0x30], alg_len, &der(0x06, &oid256), null, &[0x04], oct_len, digest])
    };
    let garbage = b"\xde\xad\xbe\xef garbage after the hash";
    let mut padding_with_garbage = genuine_em.clone();
    padding_with_garbage[10..18].copy_from_slice(b"GARBAGE!");
    let mut no_separator = genuine_em.clone();
    no_separator[k - genuine_t.len() - 1] = 0xff;
    let mut block_type_2 = genuine_em.clone();
    block_type_2[1] = 0x02;
    let mut leading_one = genuine_em.clone();
    leading_one[0] = 0x01;
    let mut short_pad = vec![0x00, 0x01];
    short_pad.extend_from_slice(&[0xff; 7]);
    short_pad.push(0x00);
    short_pad.extend_from_slice(&genuine_t);
    short_pad.resize(k, 0x00); // then zeros after the digest

    let forgeries: Vec<(&str, Vec<u8>)> = vec![
        // BER instead of DER lengths in the DigestInfo
        (
            "outer SEQUENCE length in long form",
            pkcs1_em(k, &di_body(&[0x30, 0x81, 0x31], &[0x0d], &[0x20], &[0x05, 0x00], &h), 8),
        ),
        (
            "outer SEQUENCE length 0x82 0x00 0x31",
            pkcs1_em(k, &di_body(&[0x30, 0x82, 0x00, 0x31], &[0x0d], &[0x20], &[0x05, 0x00], &h), 8),
        ),
        (
            "AlgorithmIdentifier length in long form",
            pkcs1_em(k, &di_body(&[0x30, 0x32], &[0x81, 0x0d], &[0x20], &[0x05, 0x00], &h), 8),
        ),
        (
            "digest OCTET STRING length in long form",
            pkcs1_em(k, &di_body(&[0x30, 0x32], &[0x0d], &[0x81, 0x20], &[0x05, 0x00], &h), 8),
        ),
        (
            "NULL with long-form length",
            pkcs1_em(k, &di_body(&[0x30, 0x32], &[0x0e], &[0x20], &[0x05, 0x81, 0x00], &h), 8),
        ),
        ("indefinite-length outer SEQUENCE", pkcs1_em(k, &cat(&[&[0x30, 0x80], &genuine_t[2..], &[0x00, 0x00]]), 8)),
        // wrong hash algorithm
        ("SHA-224 OID with the SHA-256 digest", pkcs1_em(k, &digest_info(SHA224_ARC, &h, true), 8)),
        ("SHA-384 DigestInfo of the message", pkcs1_em(k, &cat(&[DI_SHA384, &sha384(input.as_bytes())]), 8)),
        ("SHA-512 DigestInfo of the message", pkcs1_em(k, &cat(&[DI_SHA512, &sha512(input.as_bytes())]), 8)),
        ("sha256WithRSAEncryption OID instead of sha256", {
            let oid = der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
            pkcs1_em(k, &der(0x30, &cat(&[&der(0x30, &cat(&[&oid, &[0x05, 0x00]])), &der(0x04, &h)])), 8)
        }),
        ("bare digest, no DigestInfo", pkcs1_em(k, &h, 8)),
        // garbage
        ("garbage after the digest (DER lengths unchanged)", pkcs1_em(k, &cat(&[&genuine_t, garbage]), 8)),
        (
            "garbage inside the DigestInfo (lengths cover it)",
            pkcs1_em(k, &der(0x30, &cat(&[&genuine_t[2..2 + 15], &der(0x04, &cat(&[&h, garbage]))])), 8),
        ),
        ("garbage in the padding", padding_with_garbage),
        ("zeros after the digest, 7 bytes of padding", short_pad),
        ("no 0x00 separator", no_separator),
        ("block type 02", block_type_2),
        ("first byte 01", leading_one),
        // missing NULL parameters
        ("DigestInfo without NULL", pkcs1_em(k, &digest_info(0x01, &h, false), 8)),
        // wrong digest (sanity)
        ("digest of another message", pkcs1_em(k, &cat(&[DI_SHA256, &sha256(b"another message")]), 8)),
        ("digest with its last byte flipped", {
            let mut t = genuine_t.clone();
            *t.last_mut().unwrap() ^= 1;
            pkcs1_em(k, &t, 8)
        }),
    ];
    for (what, em) in forgeries {
        assert_eq!(em.len(), k, "{what}");
        assert_ne!(em, genuine_em, "{what}");
        let sig = rsa_raw_sign(RSA2048, &em);
        assert_eq!(rsa_raw_open(RSA2048, &sig), em, "{what}: the signature opens to the crafted EM");
        let f = format!("{input}.{}", b64(&sig));
        let r = verify_jwt(&f, &keys, &[RS256]);
        assert!(r.is_err(), "{what} was accepted");
        expect_sig_fail(r);
        expect_sig_fail(verify_raw(&f, &keys, &[RS256]));
    }
}

/// Row 22: RSA signature values 0, 1, n-1, n, > n, and lengths != k.
#[test]
fn row_22_rsa_signature_values_and_lengths_rsa() {
    use num_bigint::BigUint;
    let keys = set_of(&[RSA2048]);
    let k = rsa_k(RSA2048);
    let n = rsa_n(RSA2048);
    let one = BigUint::from(1u8);
    for alg in [RS256, PS256] {
        let t = good_jwt(RSA2048, alg);
        verify_jwt(&t, &keys, &[alg]).unwrap_or_else(|e| panic!("control: genuine {alg} verifies: {e}"));
        let sig = signature_of(&t);
        assert_eq!(sig.len(), k);
        let s = BigUint::from_bytes_be(&sig);
        let mut bad: Vec<(&str, Vec<u8>)> = vec![
            ("0", vec![0u8; k]),
            ("1", be_pad(&one, k)),
            ("n - 1", be_pad(&(&n - &one), k)),
            ("n", be_pad(&n, k)),
            ("n + 1", be_pad(&(&n + &one), k)),
            ("s + n (same value mod n)", be_pad(&(&s + &n), k + 1)),
            ("2^(8k) - 1", vec![0xff; k]),
            ("empty", vec![]),
            ("one byte", vec![1]),
            ("k - 1 bytes (first byte dropped)", sig[1..].to_vec()),
            ("k + 1 bytes (leading zero: same integer)", cat(&[&[0], &sig])),
            ("k + 1 bytes (trailing zero)", cat(&[&sig, &[0]])),
            ("2k bytes", cat(&[&sig, &sig])),
        ];
        if s.clone() + &n < (BigUint::from(1u8) << (8 * k as u32)) {
            bad.push(("s + n in k bytes", be_pad(&(&s + &n), k)));
        }
        for (what, b) in bad {
            let f = with_signature(&t, &b);
            let r = verify_jwt(&f, &keys, &[alg]);
            assert!(r.is_err(), "{alg} {what} accepted");
            expect_sig_fail(r);
            expect_sig_fail(verify_raw(&f, &keys, &[alg]));
        }
    }
    // a genuine RS256 signature whose integer has a leading zero byte: its
    // k-1 byte form is the same integer, and still has the wrong length
    // (RFC 8017 §8.2.2 step 1). Deterministic search over `jti`.
    let (t, sig) = (0..4096)
        .map(|i| {
            let claims = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"jti":"{i}"}}"#, NOW + 60);
            let t = signed(RSA2048, RS256, &format!(r#"{{"alg":"RS256","kid":"{RSA2048}"}}"#), claims.as_bytes());
            let sig = signature_of(&t);
            (t, sig)
        })
        .find(|(_, sig)| sig[0] == 0)
        .expect("a signature starting with 0x00 within 4096 tries");
    verify_jwt(&t, &keys, &[RS256]).expect("control: that genuine signature verifies");
    expect_sig_fail(verify_jwt(&with_signature(&t, &sig[1..]), &keys, &[RS256]));
}

/// Row 23: PSS salt length != hash length (RFC 7518 §3.5). Each variant is
/// a valid PSS signature at its own salt length (checked with the `rsa`
/// crate's verifier), refused only for the salt length.
#[test]
fn row_23_pss_salt_length_rsa() {
    let keys = set_of(&[RSA2048]);
    for (alg, good_salt, bad_salts) in [
        (PS256, 32, &[0usize, 20, 31, 33, 48, 64][..]),
        (PS384, 48, &[0, 32, 47, 64][..]),
        (PS512, 64, &[0, 32, 48, 63][..]),
    ] {
        let header = format!(r#"{{"alg":"{alg}","kid":"{RSA2048}"}}"#);
        let input = signing_input(header.as_bytes(), good_claims().as_bytes());
        let genuine = rsa_pss_sign(RSA2048, alg, input.as_bytes(), good_salt);
        verify_jwt(&format!("{input}.{}", b64(&genuine)), &keys, &[alg])
            .unwrap_or_else(|e| panic!("control: {alg} with a {good_salt}-byte salt verifies: {e}"));
        for &salt in bad_salts {
            let sig = rsa_pss_sign(RSA2048, alg, input.as_bytes(), salt);
            if alg == PS256 {
                assert!(
                    rsa_crate_pss_verifies(RSA2048, input.as_bytes(), &sig, salt),
                    "salt {salt}: a valid PSS signature"
                );
            }
            let f = format!("{input}.{}", b64(&sig));
            let r = verify_jwt(&f, &keys, &[alg]);
            assert!(r.is_err(), "{alg} with a {salt}-byte salt accepted");
            expect_sig_fail(r);
            expect_sig_fail(verify_raw(&f, &keys, &[alg]));
        }
    }
}

// ============================================================ rows 24-27: header rules and strict JSON

const HS_HEADER: &str = r#"{"alg":"HS256","kid":"hmac"}"#;

/// A genuinely signed HS256 token with exactly this header text and payload.
fn hs(header: &str, payload: &[u8]) -> String {
    signed(HMAC, HS256, header, payload)
}

/// A genuinely signed HS256 JWT with exactly this claims text.
fn hs_claims(claims: &str) -> String {
    hs(HS_HEADER, claims.as_bytes())
}

fn hmac_keys() -> tokencheck::JwkSet {
    set_of(&[HMAC])
}

/// Assert both APIs refuse with this code/reason.
#[track_caller]
fn both_refuse(t: &str, code: &str, reason: Option<&str>) {
    let keys = hmac_keys();
    expect_err(verify_jwt(t, &keys, &[HS256]), code, reason);
    expect_err(verify_raw(t, &keys, &[HS256]), code, reason);
}

/// Row 24: `b64: false` (RFC 7797) in a JWT, with and without `crit`.
#[test]
fn row_24_b64_false_refused() {
    verify_jwt(&hs_claims(&good_claims()), &hmac_keys(), &[HS256]).expect("control");
    for header in [
        r#"{"alg":"HS256","kid":"hmac","b64":false}"#,
        r#"{"alg":"HS256","kid":"hmac","b64":false,"crit":["b64"]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["b64"],"b64":false}"#,
        r#"{"alg":"HS256","kid":"hmac","b64":true,"crit":["b64"]}"#,
        r#"{"alg":"HS256","kid":"hmac","b64":"false"}"#,
    ] {
        // encoded payload (a verifier ignoring b64 would accept this one)
        both_refuse(&hs(header, good_claims().as_bytes()), "ERR_JWS_INVALID", Some("b64_unsupported"));
        // RFC 7797 §3 form: the payload is signed and sent unencoded (no '.'
        // in it, so the token still has three parts)
        let raw_payload = format!(r#"{{"sub":"user-1","exp":{}}}"#, NOW + 60);
        let input = format!("{}.{raw_payload}", b64(header.as_bytes()));
        let mac = sign(HMAC, HS256, input.as_bytes());
        both_refuse(&format!("{input}.{}", b64(&mac)), "ERR_JWS_INVALID", Some("b64_unsupported"));
    }
}

/// Row 25: `crit` unknown, empty, naming a registered or absent parameter,
/// or not an array.
#[test]
fn row_25_crit() {
    let c = good_claims();
    for header in [
        r#"{"alg":"HS256","kid":"hmac","crit":["exp"],"exp":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["http://example.com/ext"],"http://example.com/ext":true}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["a","b"],"a":1,"b":2}"#,
    ] {
        both_refuse(&hs(header, c.as_bytes()), "ERR_JOSE_NOT_SUPPORTED", Some("crit_unsupported"));
    }
    for header in [
        r#"{"alg":"HS256","kid":"hmac","crit":[]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["alg"]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["kid"]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["typ"],"typ":"JWT"}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["x"]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["x","y"],"x":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":["x","x"],"x":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":[""],"":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":[1],"1":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":[null]}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":[["x"]],"x":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":"x","x":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":{"x":1},"x":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":null}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":1}"#,
        r#"{"alg":"HS256","kid":"hmac","crit":true}"#,
    ] {
        both_refuse(&hs(header, c.as_bytes()), "ERR_JWS_INVALID", Some("crit_invalid"));
    }
    verify_jwt(&hs(r#"{"alg":"HS256","kid":"hmac","x":1}"#, c.as_bytes()), &hmac_keys(), &[HS256])
        .expect("control: an uncritical extension is fine");
}

/// Row 26: duplicate JSON members (also via escapes) in header and payload.
#[test]
fn row_26_duplicate_members() {
    for header in [
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"none","alg":"HS256"}"#,
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":"HS256","\u0061lg":"none"}"#,
        r#"{"\u0061lg":"HS256","alg":"HS256","kid":"hmac"}"#,
        r#"{"alg":"HS256","kid":"other","kid":"hmac"}"#,
        r#"{"alg":"HS256","kid":"hmac","x":{"a":1,"a":2}}"#,
    ] {
        both_refuse(&hs(header, good_claims().as_bytes()), "ERR_JWS_INVALID", Some("json_duplicate_member"));
    }
    let keys = hmac_keys();
    let evil = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"sub":"user-1","sub":"admin"}}"#, NOW + 60);
    let escaped = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"sub":"user-1","\u0073ub":"admin"}}"#, NOW + 60);
    let iss_twice = format!(r#"{{"iss":"https://evil.example","aud":"{AUD}","exp":{},"iss":"{ISS}"}}"#, NOW + 60);
    let exp_twice = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"exp":1}}"#, NOW + 60);
    let nested = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":{},"cnf":{{"jkt":"a","jkt":"b"}}}}"#, NOW + 60);
    for claims in [evil, escaped, iss_twice, exp_twice, nested] {
        let t = hs_claims(&claims);
        expect_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_INVALID", Some("json_duplicate_member"));
        // the raw JWS API keeps the payload opaque (row 41): bytes, as signed
        let raw = verify_raw(&t, &keys, &[HS256]).expect("raw compactVerify does not read the payload");
        assert_eq!(raw.value(), claims.as_bytes());
    }
}

/// Row 27: malformed headers (and the same defects in a signed payload).
#[test]
fn row_27_malformed_json() {
    let c = good_claims();
    let header_cases: &[(&[u8], &str, &str)] = &[
        (b"[]", "ERR_JWS_INVALID", "not_an_object"),
        (b"\"HS256\"", "ERR_JWS_INVALID", "not_an_object"),
        (b"1", "ERR_JWS_INVALID", "not_an_object"),
        (b"null", "ERR_JWS_INVALID", "not_an_object"),
        (br#"[{"alg":"HS256"}]"#, "ERR_JWS_INVALID", "not_an_object"),
        (br#"{"alg":1}"#, "ERR_JWS_INVALID", "header_parameter_type"),
        (br#"{"alg":null}"#, "ERR_JWS_INVALID", "header_parameter_type"),
        (br#"{"alg":true}"#, "ERR_JWS_INVALID", "header_parameter_type"),
        (br#"{"alg":["HS256"]}"#, "ERR_JWS_INVALID", "header_parameter_type"),
        (br#"{"alg":{"name":"HS256"}}"#, "ERR_JWS_INVALID", "header_parameter_type"),
        (br#"{"kid":"hmac"}"#, "ERR_JWS_INVALID", "alg_missing"),
        (br#"{"alg":"HS256"}x"#, "ERR_JWS_INVALID", "json_trailing_data"),
        (br#"{"alg":"HS256"}{}"#, "ERR_JWS_INVALID", "json_trailing_data"),
        (b"{\"alg\":\"HS256\"}\0", "ERR_JWS_INVALID", "json_trailing_data"),
        ("\u{feff}{\"alg\":\"HS256\"}".as_bytes(), "ERR_JWS_INVALID", "json_syntax"),
        (b"{\"alg\":\"HS256\",\"x\":\"\xff\"}", "ERR_JWS_INVALID", "json_invalid_utf8"),
        (b"{\"alg\":\"HS256\",\"x\":\"\xc0\xaf\"}", "ERR_JWS_INVALID", "json_invalid_utf8"),
        (b"{\"alg\":\"HS256\",\"x\":\"\xed\xa0\x80\"}", "ERR_JWS_INVALID", "json_invalid_utf8"),
        (b"{\"alg\":\"HS\xff256\"}", "ERR_JWS_INVALID", "json_invalid_utf8"),
        (br#"{"alg":"HS256","x":"\ud800"}"#, "ERR_JWS_INVALID", "json_lone_surrogate"),
        (br#"{"alg":"HS256","x":"\udc00\ud800"}"#, "ERR_JWS_INVALID", "json_lone_surrogate"),
        (br#"{"alg":"HS256","x":NaN}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256","x":Infinity}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256","x":-Infinity}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256"/* comment */}"#, "ERR_JWS_INVALID", "json_syntax"),
        (b"{\"alg\":\"HS256\" // comment\n}", "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256",}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256","x":[1,]}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{'alg':'HS256'}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{alg:"HS256"}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256","x":01}"#, "ERR_JWS_INVALID", "json_syntax"),
        (br#"{"alg":"HS256","x":1e400}"#, "ERR_JWS_INVALID", "json_number_out_of_range"),
        (br#"{"alg":"HS256","x":-1e400}"#, "ERR_JWS_INVALID", "json_number_out_of_range"),
        (b"{\"alg\":\"HS256\",\"x\":\"a\tb\"}", "ERR_JWS_INVALID", "json_control_character"),
        (br#"{"alg":"HS256","x":"\q"}"#, "ERR_JWS_INVALID", "json_invalid_escape"),
        (b"", "ERR_JWS_INVALID", "empty_part"),
        (b" ", "ERR_JWS_INVALID", "json_syntax"),
    ];
    for (header, code, reason) in header_cases {
        let t = signed_bytes(HMAC, HS256, header, c.as_bytes());
        both_refuse(&t, code, Some(reason));
    }
    // the same defects in a genuinely signed payload: the JWT API refuses
    let keys = hmac_keys();
    let payload_cases: &[(&[u8], &str)] = &[
        (b"[]", "not_an_object"),
        (b"\"claims\"", "not_an_object"),
        (b"null", "not_an_object"),
        (b"42", "not_an_object"),
        (br#"{"sub":"a"}x"#, "json_trailing_data"),
        ("\u{feff}{\"sub\":\"a\"}".as_bytes(), "json_syntax"),
        (b"{\"sub\":\"\xff\"}", "json_invalid_utf8"),
        (br#"{"sub":"\ud800"}"#, "json_lone_surrogate"),
        (br#"{"n":NaN}"#, "json_syntax"),
        (br#"{"sub":"a",/*c*/"x":1}"#, "json_syntax"),
        (br#"{"sub":"a",}"#, "json_syntax"),
        (br#"{"n":1e400}"#, "json_number_out_of_range"),
        (b"", "json_syntax"),
    ];
    for (payload, reason) in payload_cases {
        let t = signed_bytes(HMAC, HS256, HS_HEADER.as_bytes(), payload);
        expect_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_INVALID", Some(reason));
    }
    verify_jwt(&hs_claims(&c), &keys, &[HS256]).expect("control");
}

/// Row 27, the other side: valid JSON whose numbers take the slow
/// conversions (huge and tiny exponents, subnormals, long numbers within a
/// hair of a halfway point), packed up to the token size limit, in a signed
/// header and payload: parsed (not refused), and the token verifies. The
/// values themselves are checked against `str::parse` in tests/json_numbers.rs.
#[test]
fn row_27_numbers_on_the_slow_conversion_paths() {
    let keys = hmac_keys();
    for number in [
        "1e300",
        "1e-300",
        "2.2250738585072011e-308",
        "4.9406564584124654e-324",
        "1.7976931348623157e308",
        "123456789012345678901234567890e-330",
        "1.00000000000000011102230246251565404236316680908203125e-300",
    ] {
        let many = |budget: usize| vec![number; budget / (number.len() + 1)].join(",");
        let header = format!(r#"{{"alg":"HS256","kid":"hmac","n":[{}]}}"#, many(5000));
        let payload = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","n":[{}]}}"#, many(5000));
        let t = signed_bytes(HMAC, HS256, header.as_bytes(), payload.as_bytes());
        assert!(t.len() < 16 * 1024, "{number}: {} bytes", t.len());
        let verified = verify_jwt(&t, &keys, &[HS256]).unwrap_or_else(|e| panic!("{number}: {e}"));
        let n = verified.value().get("n").and_then(|v| v.as_array()).unwrap();
        assert_eq!(n[0].as_f64().unwrap().to_bits(), number.parse::<f64>().unwrap().to_bits(), "{number}");
    }
}

// ============================================================ rows 28-32: claims

fn claims_with(extra: &str) -> String {
    format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1"{extra}}}"#)
}

/// Row 28: `exp`/`nbf`/`iat` of the wrong type are refused, never read as
/// "absent"; finite fractional NumericDates are valid.
#[test]
fn row_28_numeric_date_types() {
    let keys = hmac_keys();
    let plain = tokencheck::Validator::new(algs(&[HS256]));
    for claim in ["exp", "nbf", "iat"] {
        for bad in
            [r#""1700003600""#, r#""""#, "true", "false", "null", "[1700003600]", "[]", "{}", r#"{"$date":1700003600}"#]
        {
            let t = hs_claims(&claims_with(&format!(r#","{claim}":{bad}"#)));
            expect_claim_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_CLAIM_VALIDATION_FAILED", claim, "invalid");
            // even when the caller configured nothing about time
            expect_claim_err(plain.verify(&t, &keys, now()), "ERR_JWT_CLAIM_VALIDATION_FAILED", claim, "invalid");
        }
        for huge in ["1e400", "-1e400", "1E999"] {
            let t = hs_claims(&claims_with(&format!(r#","{claim}":{huge}"#)));
            expect_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_INVALID", Some("json_number_out_of_range"));
        }
    }
    // finite fractional values are NumericDates (RFC 7519 §2)
    let v = validator(&[HS256]).max_token_age(60.0).unwrap();
    for extra in [
        format!(r#","exp":{}.5,"nbf":{}.5,"iat":{}.25"#, NOW, NOW - 1, NOW - 1),
        format!(r#","exp":{}.000001,"iat":{}"#, NOW, NOW),
        format!(r#","exp":1e300,"iat":{}.999"#, NOW - 1),
        format!(r#","exp":{}e0,"iat":{}"#, NOW + 1, NOW),
    ] {
        let t = hs_claims(&claims_with(&extra));
        v.verify(&t, &keys, now()).unwrap_or_else(|e| panic!("{extra}: {e}"));
    }
    // and the fraction is honoured, not truncated away
    let t = hs_claims(&claims_with(&format!(r#","exp":{}.5"#, NOW - 1)));
    expect_claim_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_EXPIRED", "exp", "check_failed");
    let t = hs_claims(&claims_with(&format!(r#","nbf":{}.5"#, NOW)));
    expect_claim_err(verify_jwt(&t, &keys, &[HS256]), "ERR_JWT_CLAIM_VALIDATION_FAILED", "nbf", "check_failed");
}

/// Row 29: now == exp is expired; nbf in the future is refused; now == nbf
/// is accepted; the leeway applies both ways.
#[test]
fn row_29_time_boundaries() {
    let keys = hmac_keys();
    let tok = |extra: String| hs_claims(&claims_with(&extra));
    let at = |t: &str, v: &tokencheck::Validator| v.verify(t, &keys, now());
    let strict = validator(&[HS256]);
    expect_claim_err(at(&tok(format!(r#","exp":{NOW}"#)), &strict), "ERR_JWT_EXPIRED", "exp", "check_failed");
    at(&tok(format!(r#","exp":{}"#, NOW + 1)), &strict).expect("exp one second ahead");
    expect_claim_err(
        at(&tok(format!(r#","nbf":{}"#, NOW + 1)), &strict),
        "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "nbf",
        "check_failed",
    );
    at(&tok(format!(r#","nbf":{NOW}"#)), &strict).expect("now == nbf is ACCEPTED");
    at(&tok(format!(r#","nbf":{NOW},"exp":{}"#, NOW + 1)), &strict).expect("nbf == now < exp");

    let lenient = validator(&[HS256]).clock_tolerance(30.0).unwrap();
    at(&tok(format!(r#","exp":{}"#, NOW - 29)), &lenient).expect("exp within leeway");
    expect_claim_err(at(&tok(format!(r#","exp":{}"#, NOW - 30)), &lenient), "ERR_JWT_EXPIRED", "exp", "check_failed");
    at(&tok(format!(r#","nbf":{}"#, NOW + 30)), &lenient).expect("nbf within leeway");
    expect_claim_err(
        at(&tok(format!(r#","nbf":{}"#, NOW + 31)), &lenient),
        "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "nbf",
        "check_failed",
    );

    let aged = validator(&[HS256]).clock_tolerance(30.0).unwrap().max_token_age(60.0).unwrap();
    at(&tok(format!(r#","iat":{}"#, NOW - 90)), &aged).expect("iat age = max + leeway");
    expect_claim_err(at(&tok(format!(r#","iat":{}"#, NOW - 91)), &aged), "ERR_JWT_EXPIRED", "iat", "check_failed");
    at(&tok(format!(r#","iat":{}"#, NOW + 30)), &aged).expect("iat in the future within leeway");
    expect_claim_err(
        at(&tok(format!(r#","iat":{}"#, NOW + 31)), &aged),
        "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "iat",
        "check_failed",
    );
    expect_claim_err(at(&tok(String::new()), &aged), "ERR_JWT_CLAIM_VALIDATION_FAILED", "iat", "missing");
}

/// Row 30: audience and issuer are compared exactly.
#[test]
fn row_30_aud_and_iss_exact() {
    let keys = hmac_keys();
    let with = |iss: &str, aud: &str| hs_claims(&format!(r#"{{"iss":{iss},"aud":{aud},"exp":{}}}"#, NOW + 60));
    let q = |s: &str| format!("\"{s}\"");
    let iss = q(ISS);
    for aud in [q(AUD), format!("[{}]", q(AUD)), format!(r#"["https://other.example",{}]"#, q(AUD))] {
        verify_jwt(&with(&iss, &aud), &keys, &[HS256]).unwrap_or_else(|e| panic!("aud {aud}: {e}"));
    }
    for aud in [
        "https://api.example",
        "https://api.example.co",
        "https://api.example.com.evil",
        "https://api.example.com/",
        " https://api.example.com",
        "https://api.example.com ",
        "HTTPS://API.EXAMPLE.COM",
        "api.example.com",
        "",
    ] {
        for form in [q(aud), format!("[{}]", q(aud)), format!(r#"[{},"x"]"#, q(aud))] {
            expect_claim_err(
                verify_jwt(&with(&iss, &form), &keys, &[HS256]),
                "ERR_JWT_CLAIM_VALIDATION_FAILED",
                "aud",
                "check_failed",
            );
        }
    }
    for aud in [
        "[]".to_string(),
        format!("[{},5]", q(AUD)),
        format!("[{},null]", q(AUD)),
        format!("[[{}]]", q(AUD)),
        format!(r#"[{{"aud":{}}}]"#, q(AUD)),
        "5".into(),
        "null".into(),
        "true".into(),
        "{}".into(),
    ] {
        expect_claim_err(
            verify_jwt(&with(&iss, &aud), &keys, &[HS256]),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "aud",
            "invalid",
        );
    }
    // `aud: []` is malformed even when no audience is expected
    let t = with(&iss, "[]");
    expect_claim_err(
        tokencheck::Validator::new(algs(&[HS256])).verify(&t, &keys, now()),
        "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "aud",
        "invalid",
    );

    let aud = q(AUD);
    for bad_iss in [
        "https://as.example",
        "as.example.com",
        "https://as.example.com/",
        "https://as.example.com.evil",
        "https://AS.example.com",
        "https://as.example.com\u{0000}",
    ] {
        let json_iss = tokencheck::json::Value::from(bad_iss).to_json();
        expect_claim_err(
            verify_jwt(&with(&json_iss, &aud), &keys, &[HS256]),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "iss",
            "check_failed",
        );
    }
    for bad_iss in [format!("[{iss}]"), "5".into(), "null".into()] {
        expect_claim_err(
            verify_jwt(&with(&bad_iss, &aud), &keys, &[HS256]),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "iss",
            "invalid",
        );
    }
    let no_iss = hs_claims(&format!(r#"{{"aud":{aud},"exp":{}}}"#, NOW + 60));
    expect_claim_err(verify_jwt(&no_iss, &keys, &[HS256]), "ERR_JWT_CLAIM_VALIDATION_FAILED", "iss", "missing");
}

/// Row 31: explicit typing (RFC 8725 §3.11). `typ` compares as a media type
/// (RFC 7515 §4.1.9): case-insensitive, `application/` optional.
#[test]
fn row_31_typ() {
    let keys = hmac_keys();
    let v = validator(&[HS256]).typ("at+jwt");
    let tok = |typ: Option<&str>| {
        let h = match typ {
            Some(t) => {
                format!(r#"{{"alg":"HS256","kid":"hmac","typ":{}}}"#, tokencheck::json::Value::from(t).to_json())
            }
            None => HS_HEADER.to_string(),
        };
        hs(&h, good_claims().as_bytes())
    };
    for good in ["at+jwt", "application/at+jwt", "AT+JWT", "Application/AT+JWT", "application/At+Jwt"] {
        v.verify(&tok(Some(good)), &keys, now()).unwrap_or_else(|e| panic!("typ {good:?}: {e}"));
    }
    for bad in [
        Some("JWT"),
        Some("jwt"),
        Some("application/jwt"),
        Some("secevent+jwt"),
        Some("logout+jwt"),
        Some("application/secevent+jwt"),
        Some("at+jwt "),
        Some(" at+jwt"),
        Some("at+jwt\u{0000}"),
        Some("at+jwt; charset=utf-8"),
        Some("text/at+jwt"),
        Some("application/application/at+jwt"),
        Some("at-jwt"),
        Some(""),
        None,
    ] {
        expect_claim_err(v.verify(&tok(bad), &keys, now()), "ERR_JWT_CLAIM_VALIDATION_FAILED", "typ", "check_failed");
    }
    let not_a_string = hs(r#"{"alg":"HS256","kid":"hmac","typ":["at+jwt"]}"#, good_claims().as_bytes());
    expect_err(v.verify(&not_a_string, &keys, now()), "ERR_JWS_INVALID", Some("header_parameter_type"));
}

/// Row 32: claims duplicated in the (protected) header with other values:
/// the payload's values are the ones validated and returned.
#[test]
fn row_32_header_claims_never_used() {
    let keys = hmac_keys();
    let v = validator(&[HS256]).subject("user-1");
    let evil_header = r#"{"alg":"HS256","kid":"hmac","iss":"https://evil.example","sub":"admin","aud":"https://evil.example","exp":1,"nbf":9999999999,"iat":1,"jti":"h"}"#;
    let ok = v.verify(&hs(evil_header, good_claims().as_bytes()), &keys, now()).expect("payload claims are valid");
    assert_eq!(ok.value().iss(), Some(ISS));
    assert_eq!(ok.value().sub(), Some("user-1"));
    assert_eq!(ok.value().aud(), vec![AUD]);
    assert_eq!(ok.value().exp(), Some((NOW + 3600) as f64));
    assert_eq!(ok.value().jti(), None);
    // the verified header keeps what it said; it is just not claims
    assert_eq!(ok.header().get("sub").and_then(|s| s.as_str()), Some("admin"));

    // the reverse: good values in the header cannot rescue a bad payload
    let good_header =
        format!(r#"{{"alg":"HS256","kid":"hmac","iss":"{ISS}","aud":"{AUD}","sub":"user-1","exp":{}}}"#, NOW + 3600);
    let cases = [
        (
            format!(r#"{{"iss":"https://evil.example","aud":"{AUD}","sub":"user-1","exp":{}}}"#, NOW + 60),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "iss",
            "check_failed",
        ),
        (
            format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"admin","exp":{}}}"#, NOW + 60),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "sub",
            "check_failed",
        ),
        (
            format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","exp":{}}}"#, NOW - 60),
            "ERR_JWT_EXPIRED",
            "exp",
            "check_failed",
        ),
        (
            format!(r#"{{"iss":"{ISS}","sub":"user-1","exp":{}}}"#, NOW + 60),
            "ERR_JWT_CLAIM_VALIDATION_FAILED",
            "aud",
            "missing",
        ),
    ];
    for (payload, code, claim, reason) in cases {
        expect_claim_err(v.verify(&hs(&good_header, payload.as_bytes()), &keys, now()), code, claim, reason);
    }
}

// ============================================================ row 33: base64url

/// A genuine HS256 token whose three parts each contain '-' or '_' and have
/// a length that is not a multiple of 4 (so each has padding and trailing bits).
fn b64_rich_token() -> String {
    (0..64)
        .map(|i| {
            let fill = "x".repeat(i % 8);
            let header = format!(r#"{{"alg":"HS256","kid":"hmac","f":"{fill}???>>>"}}"#);
            let claims = claims_with(&format!(r#","exp":{},"f":"{}???>>>~~~""#, NOW + 60, "y".repeat(i / 8)));
            hs(&header, claims.as_bytes())
        })
        .find(|t| t.split('.').all(|p| p.contains(['-', '_']) && p.len() % 4 != 0))
        .expect("a suitable token")
}

/// Row 33: non-canonical base64url in any part.
#[test]
fn row_33_strict_base64url() {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let t = b64_rich_token();
    let keys = hmac_keys();
    verify_jwt(&t, &keys, &[HS256]).expect("control");
    let parts: Vec<&str> = t.split('.').collect();
    let rebuild = |i: usize, p: &str| {
        let mut v = parts.clone();
        v[i] = p;
        v.join(".")
    };
    for (i, part) in parts.iter().enumerate() {
        let padded = format!("{part}{}", "=".repeat((4 - part.len() % 4) % 4));
        let standard = part.replace('-', "+").replace('_', "/");
        let mid = part.len() / 2;
        let last = *part.as_bytes().last().unwrap();
        let idx = ALPHABET.iter().position(|&c| c == last).unwrap();
        let trailing = ALPHABET[idx | 1] as char; // the unused low bit set
        assert_ne!(trailing as u8, last, "part {i} has trailing bits to abuse");
        let with_trailing = format!("{}{trailing}", &part[..part.len() - 1]);
        let mut to_1_mod_4 = part.to_string();
        while to_1_mod_4.len() % 4 != 1 {
            to_1_mod_4.push('A');
        }
        let variants = [
            ("'=' padding", padded.clone()),
            ("one '='", format!("{part}=")),
            ("'=' inside", format!("{}={}", &part[..mid], &part[mid..])),
            ("'+' and '/'", standard),
            ("space inside", format!("{} {}", &part[..mid], &part[mid..])),
            ("newline inside", format!("{}\n{}", &part[..mid], &part[mid..])),
            ("CRLF at the end", format!("{part}\r\n")),
            ("tab at the start", format!("\t{part}")),
            ("non-zero trailing bits", with_trailing),
            ("length 1 mod 4", to_1_mod_4),
            ("non-ASCII", format!("{}é{}", &part[..mid], &part[mid..])),
            ("percent-encoded", format!("{part}%3D")),
        ];
        for (what, v) in variants {
            let f = rebuild(i, &v);
            let r = verify_jwt(&f, &keys, &[HS256]);
            assert!(r.is_err(), "part {i}, {what}: accepted");
            expect_err(r, "ERR_JWS_INVALID", Some("base64url"));
            expect_err(verify_raw(&f, &keys, &[HS256]), "ERR_JWS_INVALID", Some("base64url"));
        }
    }
}

// ============================================================ rows 34-41: structure, size, odd algorithms

/// Counts the bytes allocated by the current thread, to show that hostile
/// inputs are refused without big allocations. (Test-only: implementing
/// `GlobalAlloc` needs `unsafe`; the library itself forbids unsafe code.)
mod alloc_meter {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Meter;

    thread_local! {
        // const-initialised and without a destructor: safe to touch from
        // inside the allocator
        static BYTES: Cell<usize> = const { Cell::new(0) };
    }

    fn add(n: usize) {
        let _ = BYTES.try_with(|b| b.set(b.get().saturating_add(n)));
    }

    /// Total bytes requested by this thread so far (an upper bound on its peak).
    pub fn allocated() -> usize {
        BYTES.try_with(Cell::get).unwrap_or(0)
    }

    unsafe impl GlobalAlloc for Meter {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            add(layout.size());
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            add(layout.size());
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            add(new_size);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

#[global_allocator]
static METER: alloc_meter::Meter = alloc_meter::Meter;

/// Run `f` on a 256 KiB stack; return its result, the elapsed time and the
/// bytes it allocated. Asserts the hang guard (< 1 s: not a benchmark).
fn hostile<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> (T, usize) {
    let ((out, bytes), elapsed) = on_small_stack(move || {
        let before = alloc_meter::allocated();
        let out = f();
        (out, alloc_meter::allocated() - before)
    });
    assert!(elapsed < std::time::Duration::from_secs(1), "{what}: took {elapsed:?}");
    eprintln!("{what}: {elapsed:?}, {bytes} bytes allocated");
    (out, bytes)
}

fn limits(max_token_len: usize, max_json_depth: usize) -> tokencheck::Limits {
    tokencheck::Limits { max_token_len, max_json_depth }
}

/// Row 34: 1, 2, 4, 5 (and more) parts, empty parts, 10^6 dots.
#[test]
fn row_34_part_counts() {
    let good = hs_claims(&good_claims());
    let (h, rest) = good.split_once('.').unwrap();
    let (p, sig) = rest.split_once('.').unwrap();
    let part_count = [
        String::new(),
        "abc".into(),
        h.to_string(),
        format!("{h}.{p}"),
        format!("{good}."),
        format!("{good}.{sig}"),
        format!(".{good}"),
        "...".into(),
        format!("{good}.{p}.{sig}.{sig}"),
        format!("{good}.a.b.c.d"),
    ];
    for t in &part_count {
        both_refuse(t, "ERR_JWS_INVALID", Some("part_count"));
    }
    for t in ["....".to_string(), format!("{good}.{sig}.{sig}")] {
        both_refuse(&t, "ERR_JWE_NOT_SUPPORTED", Some("jwe"));
    }
    // empty parts
    for t in ["..".to_string(), format!(".{p}.{sig}"), format!("..{sig}")] {
        both_refuse(&t, "ERR_JWS_INVALID", Some("empty_part"));
    }
    both_refuse(&format!("{h}.{p}."), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None);
    both_refuse(&format!("{h}..{sig}"), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None);
    // an empty payload that IS signed: not a JWT; the raw JWS API returns
    // the (empty) signed content, as RFC 7515 and jose allow
    let empty_payload = signed_bytes(HMAC, HS256, HS_HEADER.as_bytes(), b"");
    assert!(empty_payload.contains(".."));
    let keys = hmac_keys();
    expect_err(verify_jwt(&empty_payload, &keys, &[HS256]), "ERR_JWT_INVALID", Some("json_syntax"));
    assert_eq!(verify_raw(&empty_payload, &keys, &[HS256]).expect("signed empty payload").value(), &Vec::<u8>::new());
    verify_jwt(&good, &keys, &[HS256]).expect("control");

    // 10^6 dots: refused in one linear pass, nothing big allocated, no recursion
    let dots = ".".repeat(1_000_000);
    let d2 = dots.clone();
    let (r, bytes) = hostile("10^6 dots, default limits", move || verify_jwt(&d2, &hmac_keys(), &[HS256]).map(|_| ()));
    expect_err(r, "ERR_JWS_INVALID", Some("too_large"));
    assert!(bytes < 64 * 1024, "allocated {bytes} bytes");
    let d3 = dots.clone();
    let (r, bytes) =
        hostile("10^6 dots, 2 MB limit", move || tokencheck::jws::parse(&d3, &limits(2_000_000, 32)).map(|_| ()));
    expect_err(r, "ERR_JWS_INVALID", Some("part_count"));
    assert!(bytes < 1024, "the split allocates nothing: {bytes} bytes");
    let v = validator(&[HS256]).limits(limits(2_000_000, 32)).unwrap();
    let (r, _) = hostile("10^6 dots via the validator", move || v.verify(&dots, &hmac_keys(), now()).map(|_| ()));
    expect_err(r, "ERR_JWS_INVALID", Some("part_count"));
    // dots spread through a long token
    let spread = format!("{h}.{}", "a.".repeat(400_000));
    let (r, bytes) =
        hostile("400k dots between parts", move || tokencheck::jws::parse(&spread, &limits(2_000_000, 32)).map(|_| ()));
    expect_err(r, "ERR_JWS_INVALID", Some("part_count"));
    assert!(bytes < 1024, "{bytes} bytes");
}

/// Row 35: the JWS JSON serialization (flattened and general) given to the
/// compact verifier.
#[test]
fn row_35_json_serialization_refused() {
    let good = hs_claims(&good_claims());
    let [h, p, sig]: [&str; 3] = good.split('.').collect::<Vec<_>>().try_into().unwrap();
    for t in [
        format!(r#"{{"protected":"{h}","payload":"{p}","signature":"{sig}"}}"#),
        format!(r#"{{"payload":"{p}","protected":"{h}","header":{{"kid":"hmac"}},"signature":"{sig}"}}"#),
        format!(r#"{{"payload":"{p}","signatures":[{{"protected":"{h}","signature":"{sig}"}}]}}"#),
        format!(" \n\t{{\"payload\":\"{p}\",\"signatures\":[]}}"),
        // with dots inside, so a naive split would see three parts
        format!(r#"{{"payload":"{p}","protected":"{h}","signature":"{sig}","x":"a.b"}}"#),
    ] {
        both_refuse(&t, "ERR_JWS_INVALID", Some("json_serialization"));
    }
}

/// Row 36: a five-part JWE given to the JWS verifier has its own code.
#[test]
fn row_36_jwe_refused_with_its_own_code() {
    let iv = b64(&[7u8; 16]);
    let tag = b64(&[9u8; 16]);
    let ct = b64(b"ciphertext of a nested JWT");
    for header in [
        r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#,
        r#"{"alg":"A128KW","enc":"A128CBC-HS256","cty":"JWT"}"#,
        r#"{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"AAAAAAAAAAA","p2c":2147483647}"#,
        r#"{"alg":"HS256","kid":"hmac"}"#, // a JWE pretending to be a JWS
    ] {
        let eh = b64(header.as_bytes());
        for t in [format!("{eh}.{}.{iv}.{ct}.{tag}", b64(&[1u8; 40])), format!("{eh}..{iv}.{ct}.{tag}")] {
            let e = expect_err(verify_jwt(&t, &hmac_keys(), &Algorithm::ALL), "ERR_JWE_NOT_SUPPORTED", Some("jwe"));
            assert_eq!(e, tokencheck::Error::JweNotSupported);
            expect_err(verify_raw(&t, &hmac_keys(), &Algorithm::ALL), "ERR_JWE_NOT_SUPPORTED", Some("jwe"));
            // its header can still be read for routing (decodeProtectedHeader)
            let decoded = tokencheck::jws::decode_protected_header(&t, &tokencheck::Limits::default()).unwrap();
            assert!(decoded.get_str("alg").is_some());
        }
    }
}

/// Row 37: a 10 MB token and JSON nested 10^5 deep are refused fast, without
/// recursion (256 KiB stack) and without memory blow-up.
#[test]
fn row_37_huge_and_deep() {
    let ten_mb = 10 * 1024 * 1024;
    // 10 MB of junk and a 10 MB well-formed token, default limits (16 KiB)
    let junk = "A".repeat(ten_mb);
    let header = b64(HS_HEADER.as_bytes());
    let body = "A".repeat(ten_mb - header.len() - 50);
    let structured = format!("{header}.{body}.{}", b64(&[0u8; 32]));
    for (what, t) in [("10 MB junk", junk), ("10 MB token", structured.clone())] {
        let (r, bytes) = hostile(what, move || verify_jwt(&t, &hmac_keys(), &[HS256]).map(|_| ()));
        expect_err(r, "ERR_JWS_INVALID", Some("too_large"));
        assert!(bytes < 64 * 1024, "{what}: {bytes} bytes");
    }
    // a caller who raised the limit: still refused (bad MAC), linear memory
    let v = validator(&[HS256]).limits(limits(16 * 1024 * 1024, 32)).unwrap();
    let (r, bytes) =
        hostile("10 MB token, raised limit", move || v.verify(&structured, &hmac_keys(), now()).map(|_| ()));
    expect_sig_fail(r);
    assert!(bytes < 3 * ten_mb, "{bytes} bytes for a 10 MB token");
    assert!(bytes > ten_mb / 2, "the meter sees the decoded payload ({bytes} bytes)");

    // JSON nested 10^5 deep: arrays, objects, unclosed
    let n = 100_000;
    let deep_arrays = format!(r#"{{"alg":"HS256","kid":"hmac","x":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    let deep_objects = format!(r#"{{"alg":"HS256","kid":"hmac","x":{}1{}}}"#, r#"{"a":"#.repeat(n), "}".repeat(n));
    let unclosed = format!(r#"{{"alg":"HS256","x":{}"#, "[".repeat(n));
    let big = limits(4 * 1024 * 1024, 32);
    for (what, json) in [("arrays", deep_arrays.clone()), ("objects", deep_objects.clone()), ("unclosed", unclosed)] {
        let t = signed_bytes(HMAC, HS256, json.as_bytes(), good_claims().as_bytes());
        // default limits: too large before any parsing
        let t2 = t.clone();
        let (r, _) = hostile(what, move || verify_jwt(&t2, &hmac_keys(), &[HS256]).map(|_| ()));
        expect_err(r, "ERR_JWS_INVALID", Some("too_large"));
        // raised size limit, any depth limit up to the maximum: too deep
        for depth in [32, 128, 100_000] {
            let t3 = t.clone();
            let v = validator(&[HS256]).limits(limits(big.max_token_len, depth)).unwrap();
            let (r, bytes) = hostile(what, move || v.verify(&t3, &hmac_keys(), now()).map(|_| ()));
            expect_err(r, "ERR_JWS_INVALID", Some("json_too_deep"));
            assert!(bytes < 4 * json.len(), "{what}: {bytes} bytes");
        }
        let t4 = t.clone();
        let (r, _) = hostile(what, move || tokencheck::jws::decode_protected_header(&t4, &big).map(|_| ()));
        expect_err(r, "ERR_JWS_INVALID", Some("json_too_deep"));
    }
    // deep payload behind a valid signature
    let deep_claims = format!(r#"{{"sub":"a","x":{}{}}}"#, "[".repeat(n), "]".repeat(n));
    let t = signed_bytes(HMAC, HS256, HS_HEADER.as_bytes(), deep_claims.as_bytes());
    let v = validator(&[HS256]).limits(big).unwrap();
    let (r, _) = hostile("deep payload", move || v.verify(&t, &hmac_keys(), now()).map(|_| ()));
    expect_err(r, "ERR_JWT_INVALID", Some("json_too_deep"));
    // deep key material
    let deep_jwks =
        format!(r#"{{"keys":[{}]}}"#, deep_arrays.replace(r#""alg":"HS256","kid":"hmac","#, r#""kty":"oct","#));
    let (r, _) = hostile("deep JWKS", move || tokencheck::JwkSet::from_json(&deep_jwks).map(|_| ()));
    expect_err(r, "ERR_JWKS_INVALID", Some("json_too_deep"));
    let (r, _) = hostile("deep JWK", move || tokencheck::Jwk::from_json(&deep_objects).map(|_| ()));
    expect_err(r, "ERR_JWK_INVALID", Some("json_too_deep"));
}

/// Row 38: PBES2 algorithms and `zip` are refused from the header, before
/// any key derivation or decompression (the core has neither).
#[test]
fn row_38_pbes2_and_zip_refused_before_work() {
    for alg in [
        "PBES2-HS256+A128KW",
        "PBES2-HS384+A192KW",
        "PBES2-HS512+A256KW",
        "RSA-OAEP",
        "RSA1_5",
        "A128KW",
        "dir",
        "ECDH-ES",
        "A256GCMKW",
    ] {
        let header = format!(r#"{{"alg":"{alg}","kid":"hmac","p2s":"{}","p2c":2147483647}}"#, b64(&[1u8; 16]));
        let t = hs(&header, good_claims().as_bytes());
        let (r, _) = hostile(alg, move || verify_jwt(&t, &hmac_keys(), &Algorithm::ALL).map(|_| ()));
        expect_err(r, "ERR_JOSE_NOT_SUPPORTED", Some("alg_unknown"));
    }
    for zip in [r#""DEF""#, r#""""#, "null", r#""none""#] {
        let header = format!(r#"{{"alg":"HS256","kid":"hmac","zip":{zip}}}"#);
        // a genuinely signed token whose payload a decompressor would inflate
        let payload: Vec<u8> = [0xedu8, 0xc1, 0x01, 0x0d, 0x00, 0x00].iter().copied().cycle().take(4096).collect();
        let t = hs(&header, &payload);
        let (r, bytes) = hostile("zip", move || verify_raw(&t, &hmac_keys(), &[HS256]).map(|_| ()));
        expect_err(r, "ERR_JWS_INVALID", Some("zip_in_jws"));
        assert!(bytes < 64 * 1024, "{bytes} bytes");
    }
}

/// Row 39: truncated or altered HMAC tags. The comparison is constant-time:
/// `HmacKey::verify` (src/jwa/hmac.rs) compares the full-length tag with
/// `subtle::ConstantTimeEq` after a public length check. (No timing test:
/// this is asserted on the source below.)
#[test]
fn row_39_hmac_tags() {
    let keys = hmac_keys();
    for alg in [HS256, HS384, HS512] {
        let t = signed(HMAC, alg, &format!(r#"{{"alg":"{alg}","kid":"hmac"}}"#), good_claims().as_bytes());
        verify_jwt(&t, &keys, &[alg]).unwrap_or_else(|e| panic!("control {alg}: {e}"));
        let tag = signature_of(&t);
        assert_eq!(tag.len(), alg.hash_len());
        let flip = |i: usize, bit: u8| {
            let mut x = tag.clone();
            x[i] ^= bit;
            x
        };
        let last = tag.len() - 1;
        let variants = [
            ("first byte", flip(0, 0x01)),
            ("first byte, high bit", flip(0, 0x80)),
            ("last byte", flip(last, 0x01)),
            ("last byte, high bit", flip(last, 0x80)),
            ("truncated to 16 bytes", tag[..16].to_vec()),
            ("truncated by one byte", tag[..last].to_vec()),
            ("one byte", tag[..1].to_vec()),
            ("empty", vec![]),
            ("extended by one byte", cat(&[&tag, &[0]])),
            ("doubled", cat(&[&tag, &tag])),
            ("all zero", vec![0u8; tag.len()]),
        ];
        for (what, v) in variants {
            let f = with_signature(&t, &v);
            let r = verify_jwt(&f, &keys, &[alg]);
            assert!(r.is_err(), "{alg} {what} accepted");
            expect_sig_fail(r);
            expect_sig_fail(verify_raw(&f, &keys, &[alg]));
        }
    }
    // HS512's tag truncated to HS256 length, relabelled HS256: a different MAC
    let t512 = signed(HMAC, HS512, r#"{"alg":"HS256","kid":"hmac"}"#, good_claims().as_bytes());
    let truncated = with_signature(&t512, &signature_of(&t512)[..32]);
    expect_sig_fail(verify_jwt(&truncated, &keys, &[HS256]));
    // the constant-time comparison is in place
    let src = include_str!("../src/jwa/hmac.rs");
    assert!(
        src.contains("use subtle::ConstantTimeEq;") && src.contains(".ct_eq(sig)"),
        "HMAC tags must be compared with subtle::ConstantTimeEq"
    );
}

/// Row 40: near-miss and unknown `alg` names are unsupported, never mapped.
#[test]
fn row_40_unsupported_alg_names() {
    let keys = set_of(&[HMAC]);
    for alg in [
        r#""hs256""#,
        r#""Hs256""#,
        r#""HS256 ""#,
        r#"" HS256""#,
        r#""RS256 ""#,
        r#""RS256\u0000""#,
        r#""HS256\u0000""#,
        r#""HS256\n""#,
        r#""ES256K""#,
        r#""ES256k""#,
        r#""Ed25519""#,
        r#""Ed448""#,
        r#""EDDSA""#,
        r#""eddsa""#,
        r#""HS""#,
        r#""HS1""#,
        r#""RS1""#,
        r#""unknown""#,
        r#""""#,
        r#""H\u0053256""#,
    ] {
        // \u0053 is "S": after unescaping that one IS "HS256" (not a near miss)
        if alg == r#""H\u0053256""# {
            let t = hs(&format!(r#"{{"alg":{alg},"kid":"hmac"}}"#), good_claims().as_bytes());
            verify_jwt(&t, &keys, &[HS256]).expect("an escaped but exact name is that name");
            continue;
        }
        let t = hs(&format!(r#"{{"alg":{alg},"kid":"hmac"}}"#), good_claims().as_bytes());
        expect_err(verify_jwt(&t, &keys, &Algorithm::ALL), "ERR_JOSE_NOT_SUPPORTED", Some("alg_unknown"));
        expect_err(verify_raw(&t, &keys, &Algorithm::ALL), "ERR_JOSE_NOT_SUPPORTED", Some("alg_unknown"));
        let name = tokencheck::json::parse(alg.as_bytes(), 2).unwrap();
        expect_err(
            tokencheck::AlgorithmSet::from_names(&[name.as_str().unwrap()]),
            "ERR_INVALID_OPTIONS",
            Some("option"),
        );
    }
}

/// Row 41: a valid JWS whose payload is not JSON: the JWT API refuses it,
/// the raw JWS API (compactVerify) ACCEPTS it and returns the bytes.
#[test]
fn row_41_non_json_payload() {
    let payloads: [(&[u8], &str); 5] = [
        (b"hello world", "json_syntax"),
        (b"<claims iss=\"x\"/>", "json_syntax"),
        (b"\xff\x00\x01binary", "json_invalid_utf8"),
        (b"iss=https://as.example.com&exp=1", "json_syntax"),
        (b"{\"sub\":\"a\"", "json_syntax"),
    ];
    for (key, alg) in [(HMAC, HS256), (P256, ES256), (ED25519, EdDSA)] {
        let keys = set_of(&[key]);
        for (payload, reason) in payloads {
            let t = signed_bytes(key, alg, format!(r#"{{"alg":"{alg}","kid":"{key}"}}"#).as_bytes(), payload);
            expect_err(verify_jwt(&t, &keys, &[alg]), "ERR_JWT_INVALID", Some(reason));
            let ok =
                verify_raw(&t, &keys, &[alg]).unwrap_or_else(|e| panic!("raw compactVerify must accept ({alg}): {e}"));
            assert_eq!(ok.value(), payload);
            assert_eq!(ok.header().alg(), alg);
            // and a forged signature on the same payload is still refused
            expect_sig_fail(verify_raw(&with_signature(&t, &[0u8; 64]), &keys, &[alg]));
        }
    }
}
