//! Signs JWTs with tokencheck's own `SigningKey` (HS*, ES*, EdDSA) so the JS
//! tests can check that jose accepts what the Rust core produces — the
//! "other direction" of the differential tests (tests/js/rust-signed.test.mjs).
//!
//! Usage: `cargo run --example sign_fixture -- tests/js/fixtures/keys.json <unix-seconds>`
//! Prints a JSON array of `{"alg", "kid", "token", "claims"}`.

use tokencheck::json::{self, Object, Value};
use tokencheck::{Algorithm, SigningKey};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: sign_fixture <keys.json> <unix-seconds>");
    let now: i64 = args.next().and_then(|s| s.parse().ok()).expect("second argument: unix seconds");
    let text = std::fs::read_to_string(&path).expect("read keys file");
    let fixtures = json::parse_object(text.as_bytes(), 8).expect("keys file is strict JSON").expect("an object");

    let mut out = Vec::new();
    for alg in Algorithm::ALL {
        let name = alg.name();
        if name.starts_with("RS") || name.starts_with("PS") {
            continue; // SigningKey signs HS*, ES* and EdDSA only
        }
        let keys = fixtures.get(name).and_then(Value::as_array).expect("keys for every algorithm");
        let key_object = keys[0].as_object().expect("a JWK object");
        let key = SigningKey::from_jwk_object(key_object, None).expect("a usable private key");

        for (i, typ) in [Some("JWT"), Some("at+jwt"), None].into_iter().enumerate() {
            let mut claims = Object::new();
            claims.insert("iss", "https://issuer.example".into());
            claims.insert("aud", Value::from(vec!["api://default", "other"]));
            claims.insert("sub", format!("rust-{name}-{i}").into());
            claims.insert("iat", Value::from(now - 10));
            claims.insert("exp", Value::from(now + 600));
            claims.insert("n", Value::from(1.5));
            claims.insert("name", "Zoë \u{1F600} \"quoted\" \\ \u{2028}".into());
            let mut nested = Object::new();
            nested.insert("ok", true.into());
            nested.insert("none", Value::Null);
            claims.insert("ctx", nested.into());
            let token = key.sign_jwt(&claims, typ).expect("signing");
            let mut entry = Object::new();
            entry.insert("alg", name.into());
            entry.insert("kid", key.kid().unwrap_or_default().into());
            entry.insert("token", token.into());
            entry.insert("claims", claims.into());
            out.push(Value::from(entry));
        }
    }
    println!("{}", Value::Array(out).to_json());
}
