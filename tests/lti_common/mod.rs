//! Shared fixtures for the LTI tests (tests/lti_*.rs): the committed keys of
//! tests/fixtures/lti (made by generate.mjs), a registration, and a token
//! factory playing the platform.
#![allow(dead_code)]

use tokencheck::json::{self, Object, Value};
use tokencheck::profiles::lti::claims::names;
use tokencheck::profiles::lti::{LoginRecord, Registration};
use tokencheck::{Algorithm, JwkSet, SigningKey, UnixTime, base64url};

pub const ISS: &str = "https://platform.example.edu";
pub const CLIENT_ID: &str = "tool-client-1";
pub const AUTH_URL: &str = "https://platform.example.edu/auth";
pub const REDIRECT: &str = "https://tool.example.com/launch";
pub const TARGET: &str = "https://tool.example.com/launch";
pub const DEPLOYMENT: &str = "deployment-1";
pub const STATE: &str = "c3RhdGUtdmFsdWUtMTI4LWJpdHMtb3ItbW9yZQ";
pub const NONCE: &str = "bm9uY2UtdmFsdWUtMTI4LWJpdHMtb3ItbW9yZQ";
pub const NOW: i64 = 1_700_000_000;

pub fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/lti/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The private JWK with this `kid` from a `*-private.json` fixture.
pub fn private_jwk(file: &str, kid: &str) -> Object {
    let set = json::parse_object(fixture(file).as_bytes(), 8).unwrap().unwrap();
    set.get("keys")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .filter_map(Value::as_object)
        .find(|k| k.get_str("kid") == Some(kid))
        .cloned()
        .unwrap_or_else(|| panic!("no {kid} in {file}"))
}

pub fn signer(file: &str, kid: &str) -> SigningKey {
    SigningKey::from_jwk_object(&private_jwk(file, kid), None).unwrap()
}

pub fn platform_keys() -> JwkSet {
    JwkSet::from_json(&fixture("platform-jwks.json")).unwrap()
}

pub fn registration() -> Registration {
    Registration::new(ISS, CLIENT_ID, AUTH_URL)
        .unwrap()
        .redirect_uris(&[REDIRECT])
        .unwrap()
        .deployment_ids(&[DEPLOYMENT, "deployment-2"])
        .unwrap()
        .algorithms(tokencheck::AlgorithmSet::new(&[Algorithm::RS256, Algorithm::ES256]).unwrap())
        .unwrap()
}

pub fn record() -> LoginRecord {
    LoginRecord {
        state: STATE.into(),
        nonce: NONCE.into(),
        issuer: ISS.into(),
        client_id: CLIENT_ID.into(),
        target_link_uri: TARGET.into(),
        deployment_id: None,
        expires_at: UnixTime::from_secs(NOW + 600),
    }
}

/// The platform's kid for an algorithm.
pub fn kid(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::RS256 => "platform-rs256",
        Algorithm::ES256 => "platform-es256",
        _ => unreachable!(),
    }
}

/// A valid LtiResourceLinkRequest claims set (LTI Core §5.3).
pub fn resource_link_claims() -> Object {
    let v = |s: &str| json::parse(s.as_bytes(), 16).unwrap();
    let mut c = Object::new();
    c.insert("iss", ISS.into());
    c.insert("aud", CLIENT_ID.into());
    c.insert("sub", "user-42".into());
    c.insert("iat", Value::from(NOW - 5));
    c.insert("exp", Value::from(NOW + 300));
    c.insert("nonce", NONCE.into());
    c.insert("name", "Ada Lovelace".into());
    c.insert("given_name", "Ada".into());
    c.insert("family_name", "Lovelace".into());
    c.insert("email", "ada@example.edu".into());
    c.insert(names::MESSAGE_TYPE, "LtiResourceLinkRequest".into());
    c.insert(names::VERSION, "1.3.0".into());
    c.insert(names::DEPLOYMENT_ID, DEPLOYMENT.into());
    c.insert(names::TARGET_LINK_URI, TARGET.into());
    c.insert(names::RESOURCE_LINK, v(r#"{"id":"rl-1","title":"Week 1","description":"Intro"}"#));
    c.insert(names::ROLES, v(r#"["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]"#));
    c.insert(names::CONTEXT, v(r#"{"id":"ctx-1","label":"CS101","title":"Intro to CS","type":["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]}"#));
    c.insert(names::TOOL_PLATFORM, v(r#"{"guid":"platform-guid-1","name":"Example LMS","product_family_code":"example"}"#));
    c.insert(names::LAUNCH_PRESENTATION, v(r#"{"document_target":"iframe","return_url":"https://platform.example.edu/return","locale":"en"}"#));
    c.insert(names::CUSTOM, v(r#"{"chapter":"3","mode":"exam"}"#));
    c.insert(names::AGS_ENDPOINT, v(r#"{"scope":["https://purl.imsglobal.org/spec/lti-ags/scope/score"],"lineitems":"https://platform.example.edu/ctx-1/lineitems","lineitem":"https://platform.example.edu/ctx-1/lineitems/7"}"#));
    c.insert(names::NRPS, v(r#"{"context_memberships_url":"https://platform.example.edu/ctx-1/members","service_versions":["2.0"]}"#));
    c.insert("https://example.com/unknown-claim", v(r#"{"anything":[1,2,3]}"#));
    c
}

/// Sign claims as the platform (header `typ: JWT`, `kid` from the key).
pub fn sign(alg: Algorithm, claims: &Object) -> String {
    signer("platform-private.json", kid(alg)).sign_jwt(claims, Some("JWT")).unwrap()
}

/// Sign with a key whose JWK has its `kid` replaced (or removed).
pub fn sign_with_kid(alg: Algorithm, kid_override: Option<&str>, claims: &Object) -> String {
    let mut jwk = private_jwk("platform-private.json", kid(alg));
    match kid_override {
        Some(k) => jwk.insert("kid", k.into()),
        None => {
            jwk.remove("kid");
        }
    }
    SigningKey::from_jwk_object(&jwk, None).unwrap().sign_jwt(claims, Some("JWT")).unwrap()
}

/// A token with a hand-made header and no real signature.
pub fn raw_token(header: &str, claims: &Object, sig: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        base64url::encode(header.as_bytes()),
        base64url::encode(claims.to_json().as_bytes()),
        base64url::encode(sig)
    )
}

/// Whether RS256 verification works in this build (src/jwa/rsa.rs may still
/// be the placeholder that refuses every signature until the real
/// implementation lands on main).
pub fn rsa_verification_available() -> bool {
    let s = signer("platform-private.json", "platform-rs256");
    let keys = platform_keys();
    let msg = b"probe";
    let sig = s.sign(msg).unwrap();
    keys.select(Some("platform-rs256"), Algorithm::RS256).unwrap().verify(Algorithm::RS256, msg, &sig).is_ok()
}

/// The algorithms to run the launch suites with: ES256 always, RS256 (the
/// certification algorithm) whenever RSA verification is available.
pub fn algorithms() -> Vec<Algorithm> {
    if rsa_verification_available() {
        vec![Algorithm::RS256, Algorithm::ES256]
    } else {
        eprintln!("NOTE: RSA verification is the placeholder in this build; RS256 launch cases skipped (ES256 runs)");
        vec![Algorithm::ES256]
    }
}
