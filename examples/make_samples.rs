//! Regenerates `samples/` — the built-in sample keys and tokens used by the
//! demo (`examples/demo.rs`, the www page) and some tests.
//!
//! Everything is derived from fixed seeds, so running this again reproduces
//! the committed files byte for byte (RS256 / ES256 / EdDSA signatures are
//! deterministic). The private keys are SAMPLE keys: never use them for
//! anything real.
//!
//! ```text
//! cargo run --example make_samples        # rewrites samples/*.json
//! ```

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};
use tokencheck::base64url::encode as b64;
use tokencheck::json::{self, Object, Value};
use tokencheck::{Algorithm, SigningKey};

/// 2026-11-01T12:00:00Z: the instant the samples are verified at ("sample clock").
const VERIFY_AT: i64 = 1_793_534_400;

const IUA_ISSUER: &str = "https://auth.hospital.example/realms/iua";
const IUA_AUDIENCE: &str = "https://fhir.hospital.example/r4";
const LTI_ISSUER: &str = "https://lms.school.example";
const LTI_CLIENT_ID: &str = "tool-client-123";
const LTI_DEPLOYMENT: &str = "deployment-1";
const LTI_TARGET: &str = "https://tool.example/launch";

fn obj(text: &str) -> Object {
    json::parse_object(text.as_bytes(), 32).expect("sample JSON").expect("object")
}

struct RsaSample {
    kid: &'static str,
    key: rsa::RsaPrivateKey,
}

impl RsaSample {
    fn new(kid: &'static str, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        RsaSample { kid, key: rsa::RsaPrivateKey::new(&mut rng, 2048).expect("keygen") }
    }
    fn public_jwk(&self) -> Object {
        let pk = self.key.to_public_key();
        let mut o = Object::new();
        o.insert("kty", "RSA".into());
        o.insert("kid", self.kid.into());
        o.insert("use", "sig".into());
        o.insert("alg", "RS256".into());
        o.insert("n", b64(&pk.n_bytes()).into());
        o.insert("e", b64(&pk.e_bytes()).into());
        o
    }
    fn spki_pem(&self) -> String {
        use rsa::pkcs8::EncodePublicKey;
        self.key.to_public_key().to_public_key_pem(rsa::pkcs8::LineEnding::LF).expect("pem")
    }
    fn sign(&self, typ: &str, claims: &Object) -> String {
        let mut h = Object::new();
        h.insert("alg", "RS256".into());
        h.insert("typ", typ.into());
        h.insert("kid", self.kid.into());
        let input = format!("{}.{}", b64(h.to_json().as_bytes()), b64(claims.to_json().as_bytes()));
        let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(self.key.clone());
        let sig = signer.sign(input.as_bytes()).to_vec();
        format!("{input}.{}", b64(&sig))
    }
}

/// A P-256 sample key from a label (d = SHA-256(label), a valid scalar).
fn es256_key(kid: &str, label: &str) -> (SigningKey, Object) {
    let d = Sha256::digest(label.as_bytes());
    let sk = p256::ecdsa::SigningKey::from_slice(&d).expect("scalar");
    let point = sk.verifying_key().to_sec1_point(false);
    let bytes = point.as_bytes();
    let mut public = Object::new();
    public.insert("kty", "EC".into());
    public.insert("kid", kid.into());
    public.insert("use", "sig".into());
    public.insert("alg", "ES256".into());
    public.insert("crv", "P-256".into());
    public.insert("x", b64(&bytes[1..33]).into());
    public.insert("y", b64(&bytes[33..65]).into());
    let mut private = public.clone();
    private.insert("d", b64(&d).into());
    let key = SigningKey::from_jwk_object(&private, Some(Algorithm::ES256)).expect("ES256 key");
    (key, public)
}

fn jwks(keys: Vec<Object>) -> String {
    let mut o = Object::new();
    o.insert("keys", Value::Array(keys.into_iter().map(Value::Object).collect()));
    o.to_json()
}

fn iua_current_claims(exp: i64) -> Object {
    let mut c = obj(r#"{
        "sub": "dr.house@hospital.example",
        "client_id": "ehr-viewer",
        "scope": "openid launch/patient patient/Patient.read patient/Observation.read",
        "jti": "4b1c2f0e-9a51-4a6c-9d0c-3f1e2a7b5d10",
        "extensions": {
          "ihe_iua": {
            "subject_name": "Dr. Gregory House",
            "subject_organization": "Princeton-Plainsboro Teaching Hospital",
            "subject_organization_id": "urn:oid:1.2.3.4.5.6",
            "subject_role": {"system": "urn:oid:2.16.840.1.113883.6.96", "code": "158965000", "display": "Medical practitioner"},
            "purpose_of_use": {"system": "urn:oid:2.16.840.1.113883.3.18.7.1", "code": "TREAT", "display": "Treatment"},
            "home_community_id": "urn:oid:1.2.3.4.5",
            "national_provider_identifier": "1234567893",
            "person_id": "4711^^^&1.2.3.4.5.6.7&ISO"
          },
          "ihe_bppc": {"patient_id": "4711^^^&1.2.3.4.5.6.7&ISO", "doc_id": "urn:oid:1.2.3.4.5.6.7.8", "acp": "urn:oid:1.2.3.4.5.6.7.9"}
        }
    }"#);
    c.insert("iss", IUA_ISSUER.into());
    c.insert("aud", IUA_AUDIENCE.into());
    c.insert("iat", (exp - 300).into());
    c.insert("exp", exp.into());
    c
}

fn iua_legacy_claims() -> Object {
    let mut c = obj(r#"{
        "sub": "dr.house@hospital.example",
        "jti": "7d3a9a52-1c0b-4f1e-8c1a-b2d4e6f8a0c2",
        "SubjectID": "Dr. Gregory House",
        "SubjectOrganization": "Princeton-Plainsboro Teaching Hospital",
        "SubjectOrganizationID": "urn:oid:1.2.3.4.5.6",
        "SubjectRole": {"system": "urn:oid:2.16.840.1.113883.6.96", "code": "158965000", "display": "Medical practitioner"},
        "PurposeOfUse": {"system": "urn:oid:2.16.840.1.113883.3.18.7.1", "code": "TREAT"},
        "HomeCommunityID": "urn:oid:1.2.3.4.5",
        "NationalProviderIdentifier": "1234567893",
        "personID": "4711^^^&1.2.3.4.5.6.7&ISO"
    }"#);
    c.insert("iss", IUA_ISSUER.into());
    c.insert("aud", IUA_AUDIENCE.into());
    c.insert("iat", (VERIFY_AT - 60).into());
    c.insert("exp", (VERIFY_AT + 240).into());
    c
}

fn lti_claims(message_type: &str, nonce: &str) -> Object {
    let mut c = obj(r#"{
        "sub": "a6d5c443-1f51-4783-ba1a-7686ffe3b54a",
        "given_name": "Ada", "family_name": "Lovelace", "name": "Ada Lovelace",
        "email": "ada@school.example",
        "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
        "https://purl.imsglobal.org/spec/lti/claim/roles": [
          "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
          "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student"
        ],
        "https://purl.imsglobal.org/spec/lti/claim/context": {
          "id": "c1d887f0-a1a3-4bca-ae25-c375edcc131a", "label": "MATH101", "title": "Calculus I",
          "type": ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"]
        },
        "https://purl.imsglobal.org/spec/lti/claim/tool_platform": {
          "guid": "3a9c1b7e-2c1f-4a7b-8a55-5b0d7e6f1c2d", "name": "School LMS", "product_family_code": "sample-lms"
        },
        "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"document_target": "iframe", "locale": "en-GB"},
        "https://purl.imsglobal.org/spec/lti/claim/custom": {"chapter": "3"}
    }"#);
    c.insert("iss", LTI_ISSUER.into());
    c.insert("aud", LTI_CLIENT_ID.into());
    c.insert("azp", LTI_CLIENT_ID.into());
    c.insert("iat", (VERIFY_AT - 30).into());
    c.insert("exp", (VERIFY_AT + 270).into());
    c.insert("nonce", nonce.into());
    c.insert("https://purl.imsglobal.org/spec/lti/claim/message_type", message_type.into());
    c.insert("https://purl.imsglobal.org/spec/lti/claim/deployment_id", LTI_DEPLOYMENT.into());
    c
}

struct Sample {
    id: &'static str,
    title: &'static str,
    profile: &'static str,
    jwks: &'static str,
    token: String,
    options: Object,
    expect: Object,
}

fn main() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&out).expect("mkdir samples");

    let as_rsa = RsaSample::new("as-rs256-2026", 0x1a_2026);
    let (as_ec, as_ec_public) = es256_key("as-es256-2026", "tokencheck sample IUA AS ES256 key");
    let platform = RsaSample::new("platform-rs256-2026", 0x17_2026);

    let iua_jwks = jwks(vec![as_rsa.public_jwk(), as_ec_public]);
    let lti_jwks = jwks(vec![platform.public_jwk()]);

    let iua_opts = |typ_strict: bool| {
        let mut o = obj(r#"{"algorithms":["RS256","ES256"]}"#);
        o.insert("issuer", IUA_ISSUER.into());
        o.insert("audience", IUA_AUDIENCE.into());
        if typ_strict {
            o.insert("typ", "at+jwt".into());
        }
        o
    };
    let lti_opts = || {
        let mut o = obj(r#"{"algorithms":["RS256"]}"#);
        o.insert("issuer", LTI_ISSUER.into());
        o.insert("audience", LTI_CLIENT_ID.into());
        o
    };
    let valid = || obj(r#"{"valid":true}"#);
    let fails = |code: &str, reason: &str| {
        let mut o = obj(r#"{"valid":false}"#);
        o.insert("code", code.into());
        o.insert("reason", reason.into());
        o
    };

    // The alg-confusion attack: HS256 "signed" with the AS's RSA public key
    // (its SPKI PEM text) as the HMAC secret, naming the RSA key's kid.
    let confusion = {
        let pem = as_rsa.spki_pem();
        let key = SigningKey::hmac(pem.as_bytes(), Algorithm::HS256, Some(as_rsa.kid.into())).expect("hmac");
        let mut h = Object::new();
        h.insert("typ", "at+jwt".into());
        key.sign_compact(&h, iua_current_claims(VERIFY_AT + 300).to_json().as_bytes()).expect("sign")
    };

    let mut deep = lti_claims("LtiDeepLinkingRequest", "c0ffee-5d2f-4e77-9a61-deep-link");
    deep.insert(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
        Value::Object(obj(r#"{
            "deep_link_return_url": "https://lms.school.example/deep_links/return",
            "accept_types": ["ltiResourceLink", "link"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": true,
            "data": "opaque-platform-data-7f3e"
        }"#)),
    );
    let mut link = lti_claims("LtiResourceLinkRequest", "b5d8e8b1-3a6e-4b1c-9f0a-resource-link");
    link.insert("https://purl.imsglobal.org/spec/lti/claim/target_link_uri", LTI_TARGET.into());
    link.insert(
        "https://purl.imsglobal.org/spec/lti/claim/resource_link",
        Value::Object(obj(r#"{"id": "200d101f-2c14-434a-a0f3-57c2a42369fd", "title": "Week 3 quiz"}"#)),
    );

    let samples = vec![
        Sample {
            id: "iua-current",
            title: "IUA access token (current form, RS256, at+jwt)",
            profile: "iua",
            jwks: "iua",
            token: as_rsa.sign("at+jwt", &iua_current_claims(VERIFY_AT + 300)),
            options: iua_opts(false),
            expect: valid(),
        },
        Sample {
            id: "iua-legacy",
            title: "IUA access token (legacy 2013 flat claims, ES256)",
            profile: "iua",
            jwks: "iua",
            token: as_ec.sign_jwt(&iua_legacy_claims(), Some("IUA-JWT")).expect("sign"),
            options: iua_opts(false),
            expect: valid(),
        },
        Sample {
            id: "lti-resource-link",
            title: "LTI 1.3 resource link launch (id_token, RS256)",
            profile: "lti",
            jwks: "lti",
            token: platform.sign("JWT", &link),
            options: lti_opts(),
            expect: valid(),
        },
        Sample {
            id: "lti-deep-linking",
            title: "LTI 1.3 deep linking request (id_token, RS256)",
            profile: "lti",
            jwks: "lti",
            token: platform.sign("JWT", &deep),
            options: lti_opts(),
            expect: valid(),
        },
        Sample {
            id: "iua-expired",
            title: "IUA access token that expired an hour ago",
            profile: "iua",
            jwks: "iua",
            token: as_rsa.sign("at+jwt", &iua_current_claims(VERIFY_AT - 3600)),
            options: iua_opts(false),
            expect: fails("ERR_JWT_EXPIRED", "check_failed"),
        },
        Sample {
            id: "alg-confusion",
            title: "Attack: RS256 -> HS256 confusion (HMAC keyed with the RSA public key)",
            profile: "iua",
            jwks: "iua",
            token: confusion,
            options: obj(r#"{"algorithms":["RS256","ES256","HS256"]}"#),
            expect: fails("ERR_JOSE_ALG_NOT_ALLOWED", "alg_key_mismatch"),
        },
    ];

    let mut doc = Object::new();
    doc.insert(
        "comment",
        "Built-in SAMPLE tokens and keys (regenerate with: cargo run --example make_samples). Verify them at verifyAt (the sample clock).".into(),
    );
    doc.insert("verifyAt", VERIFY_AT.into());
    let mut keysets = Object::new();
    keysets.insert("iua", Value::Object(json::parse_object(iua_jwks.as_bytes(), 8).unwrap().unwrap()));
    keysets.insert("lti", Value::Object(json::parse_object(lti_jwks.as_bytes(), 8).unwrap().unwrap()));
    doc.insert("jwks", Value::Object(keysets));
    let list: Vec<Value> = samples
        .into_iter()
        .map(|s| {
            let mut o = Object::new();
            o.insert("id", s.id.into());
            o.insert("title", s.title.into());
            o.insert("profile", s.profile.into());
            o.insert("jwks", s.jwks.into());
            o.insert("options", Value::Object(s.options));
            o.insert("expect", Value::Object(s.expect));
            o.insert("token", s.token.into());
            Value::Object(o)
        })
        .collect();
    doc.insert("samples", Value::Array(list));
    let text = pretty(&Value::Object(doc), 0);
    std::fs::write(out.join("samples.json"), text + "\n").expect("write samples.json");
    println!("wrote {}", out.join("samples.json").display());
}

/// Indented JSON for a reviewable file (the library's own writer is compact).
fn pretty(v: &Value, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match v {
        Value::Object(o) if !o.is_empty() => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{pad}{}: {}", Value::from(k).to_json(), pretty(v, indent + 1)))
                .collect();
            format!("{{\n{}\n{end}}}", items.join(",\n"))
        }
        Value::Array(a) if !a.is_empty() && a.iter().any(|x| matches!(x, Value::Object(_))) => {
            let items: Vec<String> = a.iter().map(|x| format!("{pad}{}", pretty(x, indent + 1))).collect();
            format!("[\n{}\n{end}]", items.join(",\n"))
        }
        other => other.to_json(),
    }
}
