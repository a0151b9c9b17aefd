//! Client-side OAuth values: PKCE (RFC 7636), state and nonce, the signed
//! state, and the authorization request URL (RFC 6749 §4.1.1).

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use tokencheck::oauth::authorization::{AuthorizationEndpoint, build_authorization_url};
use tokencheck::oauth::discovery::{MetadataOptions, validate_metadata};
use tokencheck::oauth::pkce::{self, Method};
use tokencheck::oauth::state;
use tokencheck::{UnixTime, base64url};

const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

#[test]
fn rfc7636_appendix_b() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    assert_eq!(pkce::code_challenge(verifier, Method::S256).unwrap(), challenge);
    // the same computation with an independent SHA-256 and base64url
    let independent = data_encoding::BASE64URL_NOPAD.encode(&Sha256::digest(verifier.as_bytes()));
    assert_eq!(independent, challenge);
    assert!(pkce::verify_code_challenge(verifier, challenge, Method::S256).unwrap());
}

#[test]
fn generated_verifiers_over_many_draws() {
    const DRAWS: usize = 2000;
    let mut seen = HashSet::new();
    let mut chars = HashSet::new();
    for i in 0..DRAWS {
        let len = if i % 2 == 0 { None } else { Some(43 + i % 86) };
        let v = pkce::generate_code_verifier(len).unwrap();
        assert_eq!(v.len(), len.unwrap_or(43));
        assert!(v.chars().all(|c| ALPHABET.contains(c)), "{v}");
        pkce::check_code_verifier(&v).unwrap();
        let c = pkce::code_challenge(&v, Method::S256).unwrap();
        assert_eq!(c.len(), 43);
        assert!(pkce::verify_code_challenge(&v, &c, Method::S256).unwrap());
        chars.extend(v.chars());
        assert!(seen.insert(v), "a verifier repeated");
    }
    // every base64url character shows up (a biased or truncated encoder would miss some)
    assert_eq!(chars.len(), 64, "{chars:?}");
}

#[test]
fn state_and_nonce_over_many_draws() {
    let mut seen = HashSet::new();
    for _ in 0..1000 {
        let s = state::generate_state().unwrap();
        let n = state::generate_nonce().unwrap();
        for v in [&s, &n] {
            assert_eq!(v.len(), 43, "256 bits");
            assert_eq!(base64url::decode(v.as_bytes()).unwrap().len(), 32);
        }
        assert!(seen.insert(s) && seen.insert(n));
    }
    assert!(state::state_equals("same-value", "same-value"));
    assert!(!state::state_equals("same-value", "same-valuf"));
    assert!(!state::state_equals("same-value", "same-value-longer"));
    assert!(!state::state_equals("", "x"));
    assert!(!state::state_equals("", ""), "missing on both sides is not a match");
}

#[test]
fn signed_state_round_trip_tamper_and_expiry() {
    let secret = b"state-secret-0123456789abcdef-0123456789";
    let now = UnixTime::from_secs(1_700_000_000);
    let random = state::generate_state().unwrap();
    let token = state::create_signed_state(secret, &random, Some("/patients/42?tab=labs"), now, 300).unwrap();
    let v = state::verify_signed_state(&token, secret, now).unwrap();
    assert_eq!(v.value, random);
    assert_eq!(v.return_path.as_deref(), Some("/patients/42?tab=labs"));
    assert_eq!(v.expires_at.as_secs(), 1_700_000_300);
    // one second before expiry: valid; at expiry: expired
    assert!(state::verify_signed_state(&token, secret, UnixTime::from_secs(1_700_000_299)).is_ok());
    assert_eq!(state::verify_signed_state(&token, secret, UnixTime::from_secs(1_700_000_300)).unwrap_err().code(), "ERR_JWT_EXPIRED");
    // a changed return path (payload re-encoded, signature kept)
    let parts: Vec<&str> = token.split('.').collect();
    let payload = String::from_utf8(base64url::decode(parts[1].as_bytes()).unwrap()).unwrap();
    let evil = base64url::encode(payload.replace("/patients/42", "https://evil.example/").as_bytes());
    let forged = format!("{}.{evil}.{}", parts[0], parts[2]);
    assert_eq!(state::verify_signed_state(&forged, secret, now).unwrap_err().code(), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    // alg none with the same payload
    let none = format!("{}.{}.", base64url::encode(br#"{"typ":"oauth-state+jwt","alg":"none"}"#), parts[1]);
    assert_eq!(state::verify_signed_state(&none, secret, now).unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    // another secret, a truncated token
    assert!(state::verify_signed_state(&token, b"another-secret-0123456789abcdef-0123456", now).is_err());
    assert!(state::verify_signed_state(&token[..token.len() - 2], secret, now).is_err());
}

#[test]
fn authorization_url_from_metadata() {
    let doc = br#"{"issuer":"https://auth.hospital.example/realms/iua",
        "authorization_endpoint":"https://auth.hospital.example/realms/iua/protocol/openid-connect/auth",
        "token_endpoint":"https://auth.hospital.example/realms/iua/protocol/openid-connect/token",
        "code_challenge_methods_supported":["plain","S256"]}"#;
    let m = validate_metadata(doc, "https://auth.hospital.example/realms/iua", &MetadataOptions::default()).unwrap();
    let endpoint = AuthorizationEndpoint::from_metadata(&m).unwrap();
    let verifier = pkce::generate_code_verifier(None).unwrap();
    let challenge = pkce::code_challenge(&verifier, Method::S256).unwrap();
    let st = state::generate_state().unwrap();
    let nonce = state::generate_nonce().unwrap();
    let url = build_authorization_url(
        &endpoint,
        &[
            ("client_id", "ehr viewer"),
            ("redirect_uri", "https://app.example/callback?x=1"),
            ("scope", "openid patient/*.read"),
            ("state", st.as_str()),
            ("nonce", nonce.as_str()),
            ("code_challenge", challenge.as_str()),
            ("aud", "https://fhir.hospital.example/r4"),
        ],
    )
    .unwrap();
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(base, "https://auth.hospital.example/realms/iua/protocol/openid-connect/auth");
    let pairs = tokencheck::profiles::lti::form::parse_form(query).unwrap();
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "aud"]);
    let get = |n: &str| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()).unwrap();
    assert_eq!(get("client_id"), "ehr viewer");
    assert_eq!(get("redirect_uri"), "https://app.example/callback?x=1");
    assert_eq!(get("scope"), "openid patient/*.read");
    assert_eq!(get("code_challenge_method"), "S256");
    assert_eq!(get("code_challenge"), challenge);
    assert!(query.contains("scope=openid+patient%2F*.read"));
}
