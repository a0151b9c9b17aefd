//! JOSE-level Wycheproof vectors from `../shared/vectors/wycheproof/`
//! (`json_web_signature_test.json`, `json_web_key_test.json`; schema in
//! `../shared/vectors/README.md`). Skipped with a note when `../shared` is
//! absent.
//!
//! For every test: the group's public JWK / JWKS (the `private` one for `oct`
//! groups, whose secret is the verification key) is imported with
//! `JwkSet::from_json`; the allow-list is derived from the keys (each key's
//! own `alg` when it is a JWS algorithm we implement, else every algorithm of
//! its family); the compact token goes through `jws::parse(..).verify(..)`.
//! The verdict must equal the label, except for the vectors listed in
//! `JWS_SPECIAL` / `JWK_SPECIAL` below, each with its reason and the exact
//! error code we expect instead.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value as J;
use tokencheck::json::Object;
use tokencheck::jws::{self, Limits};
use tokencheck::{Algorithm, AlgorithmSet, Error, JwkSet, Reason, SigningKey};

/// Our verdict for a vector whose label we deliberately don't follow.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Accept,
    /// Rejected with this error code and reason.
    Reject(&'static str, Option<&'static str>),
}

/// `json_web_signature_test.json` vectors where our verdict differs from the label.
const JWS_SPECIAL: &[(u64, Expect, &str)] = &[
    // --- our stricter policy refuses a `valid` vector ---
    (
        346,
        Expect::Reject("ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_not_in_allow_list")),
        "RFC 7520 Figure 20 is PS384, but the group's key declares \"alg\":\"PS256\". \
         RFC 7517 §4.4 / RFC 8725 §3.1: a key with an `alg` is used with that algorithm only \
         (jose does the same). Also checked with an all-RSA allow-list: alg_key_mismatch.",
    ),
    (350, Expect::Reject("ERR_JOSE_ALG_NOT_ALLOWED", Some("alg_not_in_allow_list")), "as 346 (key_ops variant)"),
    (
        347,
        Expect::Reject("ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
        "the group's key declares \"alg\":\"ES521\", which is not a registered JWS algorithm \
         (RFC 7518 §3.1 has ES512). A key whose `alg` we don't implement is kept out of every \
         lookup (RFC 7517 §4.4), so the ES512 token finds no key.",
    ),
    (351, Expect::Reject("ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")), "as 347 (key_ops variant)"),
    // --- known label bugs (../shared/specs/attacks.md, bottom) ---
    (
        367,
        Expect::Accept,
        "label bug: the token is byte-identical to tcId 357 (labelled valid, canonical \
         base64url, correct MAC); 367 calls it invalidBase64Padding",
    ),
    (370, Expect::Accept, "label bug: byte-identical to tcId 357, see 367"),
    (
        372,
        Expect::Reject("ERR_JWS_INVALID", Some("base64url")),
        "label bug: labelled valid, but `?` inside the header part is not base64url \
         (RFC 7515 §2); the MAC does not cover the changed input",
    ),
    (373, Expect::Reject("ERR_JWS_INVALID", Some("base64url")), "label bug: as 372, `?` inside the payload part"),
];

/// `json_web_key_test.json` vectors where our verdict differs from the label.
const JWK_SPECIAL: &[(u64, Expect, &str)] = &[];

/// `json_web_key_test.json` is about key handling: for its `invalid` vectors
/// the refusal must come from the right rule, not from an incidental
/// signature failure. (tcId, code, reason)
const JWK_REJECT_CODES: &[(u64, &str, Option<&str>)] = &[
    // A set holding an HS256 secret and an ES256 public key is refused at
    // import (src/jwk/set.rs), whatever the token names.
    (1, "ERR_JWKS_INVALID", Some("mixed_key_types")),
    (3, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None),
    // The group means to test a duplicate `kid`, but its second key's `k` is not
    // canonical base64url (non-zero trailing bits), so the set is refused first.
    // The duplicate-kid rule itself: duplicate_kid_is_ambiguous below.
    (4, "ERR_JWKS_INVALID", Some("key_member_invalid")),
    (6, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
    (7, "ERR_JWKS_INVALID", Some("rsa_roca_vulnerable")),
    (8, "ERR_JWKS_INVALID", Some("rsa_modulus_too_small")),
    (9, "ERR_JWKS_INVALID", Some("rsa_exponent_invalid")),
    (10, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    (11, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    (12, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    (16, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    (17, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    (18, "ERR_JWKS_INVALID", Some("hmac_key_too_short")),
    // "alg":"ES521" / "ES224" are not JWS algorithms we implement: key set aside.
    (19, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
    (20, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
    (21, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
    (22, "ERR_JWKS_INVALID", Some("ec_point_invalid")),
    (23, "ERR_JWKS_INVALID", Some("ec_point_invalid")),
    (24, "ERR_JWKS_INVALID", Some("key_member_invalid")),
    (25, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
    (26, "ERR_JWKS_NO_MATCHING_KEY", Some("key_not_for_verification")),
];

fn shared(file: &str) -> Option<J> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "shared", "vectors", "wycheproof", file].iter().collect();
    if !path.exists() {
        println!("SKIP {}: absent (../shared not present); JOSE-level Wycheproof vectors not run", path.display());
        return None;
    }
    Some(serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap())
}

/// The group's verification key material as a JWKS document.
fn group_keys(group: &J) -> J {
    let k = group.get("public").or_else(|| group.get("private")).expect("group has a key");
    if k.get("keys").is_some() { k.clone() } else { serde_json::json!({ "keys": [k] }) }
}

/// Allow-list appropriate for the keys: each key's own `alg` when it is one we
/// implement, otherwise every algorithm of the key's family.
fn allow_list(keys: &J) -> AlgorithmSet {
    use Algorithm::*;
    let mut algs: Vec<Algorithm> = Vec::new();
    for k in keys["keys"].as_array().unwrap() {
        if let Some(a) = k["alg"].as_str().and_then(|a| Algorithm::from_name(a).ok()) {
            algs.push(a);
            continue;
        }
        let family: &[Algorithm] = match (k["kty"].as_str(), k["crv"].as_str()) {
            (Some("RSA"), _) => &[RS256, RS384, RS512, PS256, PS384, PS512],
            (Some("EC"), Some("P-256")) => &[ES256],
            (Some("EC"), Some("P-384")) => &[ES384],
            (Some("EC"), Some("P-521")) => &[ES512],
            (Some("OKP"), Some("Ed25519")) => &[EdDSA],
            (Some("oct"), _) => &[HS256, HS384, HS512],
            _ => &[],
        };
        algs.extend_from_slice(family);
    }
    if algs.is_empty() {
        // nothing derivable: the most permissive list, so a refusal still means something
        algs.extend_from_slice(&Algorithm::ALL);
    }
    AlgorithmSet::new(&algs).unwrap()
}

/// The token text: compact as given; a JSON-serialized JWS as its JSON text.
fn token_text(t: &J) -> String {
    match &t["jws"] {
        J::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap(),
    }
}

fn verdict(keys: &Result<JwkSet, Error>, algs: AlgorithmSet, token: &str) -> Result<(), Error> {
    let keys = keys.as_ref().map_err(Clone::clone)?;
    jws::parse(token, &Limits::default())?.verify(keys, algs).map(|_| ())
}

fn describe(r: &Result<(), Error>) -> String {
    match r {
        Ok(()) => "accept".into(),
        Err(e) => format!("reject {} ({})", e.code(), e.reason().unwrap_or("-")),
    }
}

/// Run one file; returns (compared with label, special-cased).
/// `codes`: exact refusal expected for these tcIds (on top of the label).
fn run_file(
    file: &str,
    special: &[(u64, Expect, &str)],
    codes: &[(u64, &str, Option<&str>)],
    floor: usize,
) -> Option<(usize, usize)> {
    let doc = shared(file)?;
    let mut compared = 0;
    let mut specials_seen = 0;
    let mut failures = Vec::new();
    let mut reject_codes: BTreeMap<String, usize> = BTreeMap::new();
    for group in doc["testGroups"].as_array().unwrap() {
        let keys_json = group_keys(group);
        let keys = JwkSet::from_json(&keys_json.to_string());
        let algs = allow_list(&keys_json);
        let everything = AlgorithmSet::new(&Algorithm::ALL).unwrap();
        for t in group["tests"].as_array().unwrap() {
            let tc = t["tcId"].as_u64().unwrap();
            let label = t["result"].as_str().unwrap();
            let comment = t["comment"].as_str().unwrap_or("");
            let r = verdict(&keys, algs, &token_text(t));
            // The allow-list is not what saves us: with every algorithm allowed
            // the verdict is the same (the key binding refuses what the list did),
            // except 346/350 where the list and the key's alg both refuse.
            let broad = verdict(&keys, everything, &token_text(t));
            if broad.is_ok() != r.is_ok() {
                failures.push(format!("tc {tc} ({comment}): {} with the derived allow-list, {} with all", describe(&r), describe(&broad)));
            }
            if let Some((_, code, reason)) = codes.iter().find(|(id, _, _)| *id == tc)
                && !r.as_ref().err().is_some_and(|e| e.code() == *code && e.reason() == *reason)
            {
                failures.push(format!("tc {tc} ({comment}): expected {code} ({reason:?}), got {}", describe(&r)));
            }
            if let Some((_, expect, why)) = special.iter().find(|(id, _, _)| *id == tc) {
                specials_seen += 1;
                let ok = match expect {
                    Expect::Accept => r.is_ok(),
                    Expect::Reject(code, reason) => {
                        r.as_ref().err().is_some_and(|e| e.code() == *code && e.reason() == *reason)
                    }
                };
                println!("{file} tc {tc} ({comment}): label {label}, special-cased: {} — {why}", describe(&r));
                if !ok {
                    failures.push(format!("tc {tc} ({comment}): special case expects {expect:?}, got {}", describe(&r)));
                }
                continue;
            }
            compared += 1;
            let expected_accept = match label {
                "valid" => true,
                "invalid" => false,
                other => {
                    failures.push(format!("tc {tc}: label {other:?} without a policy"));
                    continue;
                }
            };
            if let Err(e) = &r {
                *reject_codes.entry(format!("{} ({})", e.code(), e.reason().unwrap_or("-"))).or_default() += 1;
            }
            if r.is_ok() != expected_accept {
                failures.push(format!("tc {tc} ({comment}): label {label}, got {}", describe(&r)));
            }
            // Flags with a precise expectation.
            for flag in t["flags"].as_array().unwrap() {
                let want = match flag.as_str().unwrap() {
                    "AlgIsNone" => Some(("ERR_JOSE_ALG_NOT_ALLOWED", "alg_none")),
                    "JsonSerialization" => Some(("ERR_JWS_INVALID", "json_serialization")),
                    _ => None,
                };
                if let Some((code, reason)) = want
                    && !r.as_ref().err().is_some_and(|e| e.code() == code && e.reason() == Some(reason))
                {
                    failures.push(format!("tc {tc} ({comment}): flag {flag} expects {code} ({reason}), got {}", describe(&r)));
                }
            }
        }
    }
    println!("{file}: {compared} vectors compared with their label, {specials_seen} special-cased");
    for (code, n) in &reject_codes {
        println!("  rejected {n:>4} x {code}");
    }
    assert_eq!(specials_seen, special.len(), "{file}: every special case must exist in the file");
    assert!(failures.is_empty(), "{file}: {} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(compared >= floor, "{file}: only {compared} vectors compared, floor {floor}");
    Some((compared, specials_seen))
}

#[test]
fn json_web_signature_vectors() {
    run_file("json_web_signature_test.json", JWS_SPECIAL, &[], 380);
}

#[test]
fn json_web_key_vectors() {
    run_file("json_web_key_test.json", JWK_SPECIAL, JWK_REJECT_CODES, 24);
}

/// tcIds 346/350 again, with an allow-list of every RSA algorithm: now the
/// refusal comes from the key's own `alg` (RFC 7517 §4.4), not the allow-list.
#[test]
fn key_alg_binds_even_with_a_broad_allow_list() {
    let Some(doc) = shared("json_web_signature_test.json") else { return };
    let rsa = AlgorithmSet::new(&[
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ])
    .unwrap();
    let mut seen = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        for t in group["tests"].as_array().unwrap() {
            if matches!(t["tcId"].as_u64(), Some(346 | 350)) {
                let keys = JwkSet::from_json(&group_keys(group).to_string());
                let r = verdict(&keys, rsa, &token_text(t));
                assert_eq!(r, Err(Error::AlgNotAllowed(Reason::AlgKeyMismatch)), "tc {}", t["tcId"]);
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2);
}

/// Companion of JWK tcId 1: the mixed set is refused at import, and the same
/// keys assembled by hand are refused at selection, with or without `kid` —
/// while the secret alone verifies the token (the refusal is the mix, not the MAC).
#[test]
fn mixed_set_is_refused() {
    let Some(doc) = shared("json_web_key_test.json") else { return };
    let group = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["tests"][0]["tcId"].as_u64() == Some(1))
        .unwrap();
    let keys_json = group_keys(group);
    let err = JwkSet::from_json(&keys_json.to_string()).unwrap_err();
    assert_eq!(err, Error::JwksInvalid { index: None, reason: Reason::MixedKeyTypes });
    let keys = JwkSet::from_keys(
        keys_json["keys"].as_array().unwrap().iter().map(|k| tokencheck::Jwk::from_json(&k.to_string()).unwrap()).collect(),
    );
    let oct = keys_json["keys"].as_array().unwrap().iter().find(|k| k["kty"] == "oct").unwrap();
    let algs = AlgorithmSet::new(&[Algorithm::HS256, Algorithm::ES256]).unwrap();
    for with_kid in [false, true] {
        let mut text = serde_json::json!({ "kty": "oct", "alg": "HS256", "k": oct["k"] });
        if with_kid {
            text["kid"] = oct["kid"].clone();
        }
        let signer = SigningKey::from_jwk(&text.to_string(), None).unwrap();
        let token = signer.sign_compact(&Object::new(), b"foo").unwrap();
        let err = jws::parse(&token, &Limits::default()).unwrap().verify(&keys, algs).unwrap_err();
        assert_eq!(err, Error::MultipleMatchingKeys(Reason::MixedKeyTypes));
        let alone = JwkSet::from_json(&serde_json::json!({ "keys": [text] }).to_string()).unwrap();
        jws::parse(&token, &Limits::default()).unwrap().verify(&alone, algs).unwrap();
    }
}

/// Companion of JWK tcId 4: two usable keys sharing a `kid` (the group's
/// first key, and its second key with the `k` made canonical) are ambiguous.
#[test]
fn duplicate_kid_is_ambiguous() {
    let Some(doc) = shared("json_web_key_test.json") else { return };
    let group = doc["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["tests"][0]["tcId"].as_u64() == Some(4))
        .unwrap();
    let mut keys_json = group_keys(group);
    let second = &mut keys_json["keys"][1];
    let k = second["k"].as_str().unwrap().to_string();
    assert!(k.ends_with('e'), "non-canonical last character as published");
    // 'e' = 0b011110: its two low bits are past the 32-byte key; 'c' = 0b011100 clears them.
    second["k"] = J::String(format!("{}c", &k[..k.len() - 1]));
    let keys = JwkSet::from_json(&keys_json.to_string()).unwrap();
    assert_eq!(keys.len(), 2);
    let token = token_text(&group["tests"][0]);
    let err = verdict(&Ok(keys), allow_list(&keys_json), &token).unwrap_err();
    assert_eq!(err.code(), "ERR_JWKS_MULTIPLE_MATCHING_KEYS");
}
