//! src/report.rs: the step-by-step reports give the verdict of the verify
//! function they explain — on the built-in samples and on a corpus of
//! failures for each profile — and their check lists are well-formed (one
//! failing line exactly when the verdict is a failure, carrying that error;
//! nothing after it ran).

mod lti_common;

use tokencheck::json::{self, Object, Value};
use tokencheck::profiles::iua::IuaVerifier;
use tokencheck::profiles::lti::claims::names;
use tokencheck::profiles::lti::{LaunchOptions, LaunchValidator, LoginRecord, Registration};
use tokencheck::report::{self, Report, Status};
use tokencheck::{Algorithm, AlgorithmSet, Error, JwkSet, SigningKey, UnixTime, Validator, base64url};

const SAMPLES: &str = include_str!("../samples/samples.json");
const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://as.example.com/realms/iua";
const AUD: &str = "https://fhir.example.com/r4";
const SECRET: &[u8] = b"report-test-secret-of-at-least-32-bytes!";
// A test-only P-256 key (the one tests/iua.rs uses).
const EC_X: &str = "VF_6-XkeiDppj2Vh2ek7DgeYF1M1KmYdYQ3Nv12eJ-w";
const EC_Y: &str = "eUvQS0kVOVD-OiUB91HB4WRkYey89iVBBtKAmJ9nbsA";
const EC_D: &str = "jpsQnnGQmL-YBIffH1136cLSG3Kw1o2dCmGDiIm4YRY";

fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

fn obj(text: &str) -> Object {
    json::parse_object(text.as_bytes(), 16).unwrap().unwrap()
}

fn algs(list: &[Algorithm]) -> AlgorithmSet {
    AlgorithmSet::new(list).unwrap()
}

fn hs_keys() -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{{"kty":"oct","kid":"hs","k":"{}"}}]}}"#, base64url::encode(SECRET))).unwrap()
}

fn ec_keys() -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{{"kty":"EC","crv":"P-256","kid":"ec","x":"{EC_X}","y":"{EC_Y}"}}]}}"#)).unwrap()
}

fn hs() -> SigningKey {
    SigningKey::hmac(SECRET, Algorithm::HS256, Some("hs".into())).unwrap()
}

fn ec() -> SigningKey {
    SigningKey::from_jwk(&format!(r#"{{"kty":"EC","crv":"P-256","kid":"ec","x":"{EC_X}","y":"{EC_Y}","d":"{EC_D}","alg":"ES256"}}"#), None)
        .unwrap()
}

fn sign_with(key: &SigningKey, header: &str, claims: &str) -> String {
    key.sign_compact(&obj(header), claims.as_bytes()).unwrap()
}

/// A token with exactly these header and payload bytes and this signature.
fn raw(header: &str, payload: &str, sig: &[u8]) -> String {
    format!("{}.{}.{}", base64url::encode(header.as_bytes()), base64url::encode(payload.as_bytes()), base64url::encode(sig))
}

/// Flip one bit in the signature.
fn tamper(token: &str) -> String {
    let (input, sig) = token.rsplit_once('.').unwrap();
    let mut s = base64url::decode(sig.as_bytes()).unwrap();
    s[0] ^= 1;
    format!("{input}.{}", base64url::encode(&s))
}

/// The report gives `expected` and its lines are consistent with it.
fn assert_agrees(r: &Report, expected: &Result<(), Error>, what: &str) {
    assert_eq!(r.verdict(), expected.as_ref().map(|_| ()), "{what}: verdict");
    let ids: Vec<&str> = r.checks.iter().map(|c| c.step.id).collect();
    for (i, id) in ids.iter().enumerate() {
        assert!(!ids[..i].contains(id), "{what}: check {id} listed twice");
    }
    let fail = r.checks.iter().position(|c| c.status == Status::Fail);
    match (expected, fail) {
        (Ok(()), None) => {
            assert!(r.checks.iter().all(|c| c.status != Status::NotRun), "{what}: a valid token ran every check");
            assert!(r.signature_verified, "{what}");
        }
        (Err(e), Some(i)) => {
            assert_eq!(r.checks[i].error.as_ref(), Some(e), "{what}: the failing line carries the verdict");
            assert_eq!(r.checks.iter().filter(|c| c.status == Status::Fail).count(), 1, "{what}");
            for c in &r.checks[..i] {
                assert!(matches!(c.status, Status::Pass | Status::NotConfigured | Status::NeedsContext), "{what}: {} before the failure", c.step.id);
            }
            for c in &r.checks[i + 1..] {
                assert!(matches!(c.status, Status::NotRun | Status::NeedsContext), "{what}: {} ran after the failure", c.step.id);
            }
            if r.signature_verified {
                let sig = r.checks.iter().position(|c| c.step.id == "jws.signature").unwrap();
                assert!(sig < i, "{what}");
            }
        }
        (Ok(()), Some(i)) => panic!("{what}: valid, yet {} failed", r.checks[i].step.id),
        (Err(e), None) => panic!("{what}: {e:?} but no failing line"),
    }
    // the JSON form carries the same verdict
    let o = r.to_object();
    assert_eq!(o.get("valid").and_then(Value::as_bool), Some(expected.is_ok()), "{what}");
    let code = o.get("error").and_then(Value::as_object).and_then(|e| e.get_str("code"));
    assert_eq!(code, expected.as_ref().err().map(Error::code), "{what}");
}

// ---------------------------------------------------------------- generic

fn good(extra: &str) -> String {
    format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","iat":{},"exp":{},"jti":"j1"{extra}}}"#, NOW - 10, NOW + 3600)
}

fn generic_corpus() -> Vec<(&'static str, String)> {
    let h = r#"{"typ":"JWT"}"#;
    let long = format!("{}.{}.AAAA", base64url::encode(br#"{"alg":"HS256"}"#), "A".repeat(20_000));
    vec![
        ("valid", sign_with(&hs(), h, &good(""))),
        ("valid, no kid", SigningKey::hmac(SECRET, Algorithm::HS256, None).unwrap().sign_compact(&obj(h), good("").as_bytes()).unwrap()),
        ("valid ES256 (wrong key family for the HMAC set)", sign_with(&ec(), h, &good(""))),
        ("expired", sign_with(&hs(), h, &format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","iat":{},"exp":{}}}"#, NOW - 100, NOW - 1))),
        ("nbf in the future", sign_with(&hs(), h, &good(&format!(r#","nbf":{}"#, NOW + 100)))),
        ("wrong iss", sign_with(&hs(), h, &good("").replace(ISS, "https://evil.example"))),
        ("wrong aud", sign_with(&hs(), h, &good("").replace(AUD, "https://other.example"))),
        ("no iss", sign_with(&hs(), h, &format!(r#"{{"aud":"{AUD}","sub":"user-1","exp":{}}}"#, NOW + 10))),
        ("iss a number", sign_with(&hs(), h, &format!(r#"{{"iss":5,"aud":"{AUD}","sub":"user-1","exp":{}}}"#, NOW + 10))),
        ("exp a string", sign_with(&hs(), h, &format!(r#"{{"iss":"{ISS}","aud":"{AUD}","exp":"soon"}}"#))),
        ("aud empty array", sign_with(&hs(), h, &format!(r#"{{"iss":"{ISS}","aud":[],"exp":{}}}"#, NOW + 10))),
        ("typ at+jwt", sign_with(&hs(), r#"{"typ":"at+jwt"}"#, &good(""))),
        ("no typ", sign_with(&hs(), "{}", &good(""))),
        ("other sub", sign_with(&hs(), h, &good("").replace("user-1", "user-2"))),
        ("iat old", sign_with(&hs(), h, &good("").replace(&format!("\"iat\":{}", NOW - 10), &format!("\"iat\":{}", NOW - 7200)))),
        ("iat in the future", sign_with(&hs(), h, &good("").replace(&format!("\"iat\":{}", NOW - 10), &format!("\"iat\":{}", NOW + 7200)))),
        ("no jti", sign_with(&hs(), h, &good("").replace(r#","jti":"j1""#, ""))),
        ("tampered signature", tamper(&sign_with(&hs(), h, &good("")))),
        ("alg none", raw(r#"{"alg":"none"}"#, &good(""), b"")),
        ("alg HS512 (not allowed)", SigningKey::hmac(&[7u8; 64], Algorithm::HS512, Some("hs".into())).unwrap().sign_compact(&obj(h), good("").as_bytes()).unwrap()),
        ("unknown kid", SigningKey::hmac(SECRET, Algorithm::HS256, Some("nope".into())).unwrap().sign_compact(&obj(h), good("").as_bytes()).unwrap()),
        ("crit", sign_with(&hs(), r#"{"crit":["x"],"x":1}"#, &good(""))),
        ("zip", sign_with(&hs(), r#"{"zip":"DEF"}"#, &good(""))),
        ("duplicate header member", raw(r#"{"alg":"HS256","alg":"HS256"}"#, &good(""), &[0; 32])),
        ("header not JSON", format!("{}.{}.AAAA", base64url::encode(b"{alg"), base64url::encode(good("").as_bytes()))),
        ("payload an array", sign_with(&hs(), h, "[1,2]")),
        ("payload not JSON", sign_with(&hs(), h, "{\"iss\":")),
        ("payload duplicate claim", sign_with(&hs(), h, &good(r#","iss":"x""#))),
        ("payload base64 padded", {
            let t = sign_with(&hs(), h, &good(""));
            let mut p: Vec<&str> = t.split('.').collect();
            let padded = format!("{}=", p[1]);
            p[1] = &padded;
            p.join(".")
        }),
        ("header part bad base64 and payload too", "e!!.e!!.AAAA".to_string()),
        ("two parts", "eyJhbGciOiJIUzI1NiJ9.e30".to_string()),
        ("five parts (JWE)", "a.b.c.d.e".to_string()),
        ("empty header part", ".e30.AAAA".to_string()),
        ("JSON serialization", r#"{"payload":"e30","signatures":[]}"#.to_string()),
        ("too large", long),
        ("empty", String::new()),
    ]
}

fn generic_validators() -> Vec<(&'static str, Validator)> {
    vec![
        ("allow-list only", Validator::new(algs(&[Algorithm::HS256]))),
        ("iss + aud", Validator::new(algs(&[Algorithm::HS256, Algorithm::ES256])).issuer(ISS).audience(AUD)),
        (
            "everything",
            Validator::new(algs(&[Algorithm::HS256]))
                .issuer(ISS)
                .audience(AUD)
                .subject("user-1")
                .typ("JWT")
                .required_claims(&["jti"])
                .max_token_age(3600.0)
                .unwrap()
                .clock_tolerance(5.0)
                .unwrap(),
        ),
    ]
}

#[test]
fn generic_reports_agree_with_validator_verify() {
    let keys = hs_keys();
    let mut failures = std::collections::BTreeSet::new();
    for (vname, v) in generic_validators() {
        for (tname, token) in generic_corpus() {
            let expected = v.verify(&token, &keys, now()).map(|_| ());
            if let Err(e) = &expected {
                failures.insert(format!("{}/{}", e.code(), e.reason().unwrap_or("-")));
            }
            let r = report::generic(&token, &keys, &v, now());
            assert_agrees(&r, &expected, &format!("{vname} / {tname}"));
            assert_eq!(r.profile, "generic");
            assert_eq!(r.checks.len(), 16, "{vname} / {tname}: every planned check is listed");
        }
    }
    // the corpus reaches many distinct failures (and so many distinct lines)
    assert!(failures.len() >= 20, "{failures:?}");
}

#[test]
fn generic_report_details() {
    let keys = hs_keys();
    let v = Validator::new(algs(&[Algorithm::HS256])).issuer(ISS);
    let r = report::generic(&sign_with(&hs(), r#"{"typ":"JWT"}"#, &good("")), &keys, &v, now());
    assert!(r.verdict().is_ok());
    let status = |id: &str| r.checks.iter().find(|c| c.step.id == id).unwrap().status;
    assert_eq!(status("claim.iss"), Status::Pass);
    assert_eq!(status("claim.aud"), Status::NotConfigured);
    assert_eq!(status("claim.typ"), Status::NotConfigured);
    assert_eq!(status("claim.exp"), Status::Pass);
    let key = r.key.as_ref().unwrap();
    assert_eq!(key.index, 0);
    assert_eq!(key.thumbprint, keys.keys()[0].thumbprint_sha256());
    let selected = r.checks.iter().find(|c| c.step.id == "jwk.selected").unwrap();
    assert!(selected.note.as_deref().unwrap().contains(&key.thumbprint));
    assert_eq!(r.claims.as_ref().unwrap().get_str("sub"), Some("user-1"));
    assert_eq!(r.header.as_ref().unwrap().get_str("kid"), Some("hs"));

    // a refused header still shows what it says; the claims stay displayable
    let r = report::generic(&raw(r#"{"alg":"none"}"#, &good(""), b""), &keys, &v, now());
    assert_eq!(r.verdict().unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    assert_eq!(r.checks[0].status, Status::Pass);
    assert_eq!(r.checks[1].step.id, "jws.header");
    assert_eq!(r.checks[1].status, Status::Fail);
    assert_eq!(r.header.as_ref().unwrap().get_str("alg"), Some("none"));
    assert!(r.claims.is_some() && !r.signature_verified && r.key.is_none());

    // expired: everything up to exp passed, iat did not run
    let expired = sign_with(&hs(), "{}", &format!(r#"{{"iss":"{ISS}","exp":{}}}"#, NOW - 1));
    let r = report::generic(&expired, &keys, &v, now());
    let failing = r.checks.iter().find(|c| c.status == Status::Fail).unwrap();
    assert_eq!(failing.step.id, "claim.exp");
    assert_eq!(r.checks.last().unwrap().status, Status::NotRun);
    assert!(r.signature_verified);
}

// ---------------------------------------------------------------- IUA

fn current() -> String {
    format!(
        r#"{{"iss":"{ISS}","sub":"dr-1","aud":"{AUD}","exp":{},"iat":{},"jti":"j-1","client_id":"viewer","scope":"ITI-67 ITI-68",
        "extensions":{{"ihe_iua":{{"subject_name":"Dr. One","person_id":"p-1"}},"ihe_bppc":{{"patient_id":"p-1"}}}}}}"#,
        NOW + 300,
        NOW - 5
    )
}

fn legacy() -> String {
    format!(r#"{{"iss":"{ISS}","sub":"jsmith","aud":"{AUD}","exp":{},"jti":"a1","SubjectID":"Dr. Smith","resourceID":"p-1"}}"#, NOW + 300)
}

fn iua_corpus() -> Vec<(&'static str, String)> {
    let at = r#"{"typ":"at+jwt"}"#;
    vec![
        ("current", sign_with(&ec(), at, &current())),
        ("current HS256", sign_with(&hs(), at, &current())),
        ("legacy IUA-JWT", sign_with(&ec(), r#"{"typ":"IUA-JWT"}"#, &legacy())),
        ("Bearer header", format!("Bearer {}", sign_with(&ec(), at, &current()))),
        ("IHE-JWT header", format!("IHE-JWT {}", sign_with(&ec(), at, &legacy()))),
        ("IHE-SAML header", "IHE-SAML PHNhbWw+".to_string()),
        ("Basic header", "Basic dXNlcjpwYXNz".to_string()),
        ("empty", String::new()),
        ("expired", sign_with(&ec(), at, &current().replace(&format!("\"exp\":{}", NOW + 300), &format!("\"exp\":{}", NOW - 300)))),
        ("wrong aud", sign_with(&ec(), at, &current().replace(AUD, "https://elsewhere.example"))),
        ("wrong iss", sign_with(&ec(), at, &current().replace(ISS, "https://evil.example"))),
        ("typ secevent+jwt", sign_with(&ec(), r#"{"typ":"secevent+jwt"}"#, &current())),
        ("typ other", sign_with(&ec(), r#"{"typ":"dpop+jwt"}"#, &current())),
        ("events claim", sign_with(&ec(), at, &current().replace("\"jti\"", "\"events\":{},\"jti\""))),
        ("current form without client_id", sign_with(&ec(), at, &current().replace("\"client_id\":\"viewer\",", ""))),
        ("scope a number", sign_with(&ec(), at, &current().replace("\"ITI-67 ITI-68\"", "5"))),
        ("no jti", sign_with(&ec(), at, &current().replace("\"jti\":\"j-1\",", ""))),
        ("extensions not an object", sign_with(&ec(), at, &current().replace("\"extensions\":{", "\"extensions\":[],\"x\":{"))),
        ("tampered", tamper(&sign_with(&ec(), at, &current()))),
        ("alg confusion: HS256 keyed with the EC key's kid", SigningKey::hmac(SECRET, Algorithm::HS256, Some("ec".into())).unwrap().sign_compact(&obj(at), current().as_bytes()).unwrap()),
        ("not a token", "Bearer abc.def".to_string()),
    ]
}

#[test]
fn iua_reports_agree_with_iua_verifier() {
    let verifiers = [
        ("default", IuaVerifier::builder(ISS, AUD, algs(&[Algorithm::ES256, Algorithm::HS256])).build().unwrap()),
        (
            "scopes + strict",
            IuaVerifier::builder(ISS, AUD, algs(&[Algorithm::ES256])).required_scopes(&["ITI-68"]).strict_rfc9068(true).build().unwrap(),
        ),
        ("missing scope", IuaVerifier::builder(ISS, AUD, algs(&[Algorithm::ES256])).required_scopes(&["ITI-65"]).build().unwrap()),
    ];
    let mut codes = std::collections::BTreeSet::new();
    for (vname, v) in &verifiers {
        for (tname, input) in iua_corpus() {
            let keys = if tname.contains("HS256") { hs_keys() } else { ec_keys() };
            let expected = v.verify(&input, &keys, now()).map(|_| ());
            if let Err(e) = &expected {
                codes.insert(e.code());
            }
            let r = report::iua(&input, &keys, v, now());
            assert_agrees(&r, &expected, &format!("{vname} / {tname}"));
            assert_eq!(r.checks.len(), 20, "{vname} / {tname}");
            let request = r.checks.iter().find(|c| c.step.id == "iua.request").unwrap();
            assert_eq!(request.status, Status::NeedsContext);
        }
    }
    assert!(codes.len() >= 8, "{codes:?}");
    let r = report::iua(&sign_with(&ec(), r#"{"typ":"at+jwt"}"#, &current()), &ec_keys(), &verifiers[0].1, now());
    let profile = r.checks.iter().find(|c| c.step.id == "iua.profile").unwrap();
    assert_eq!(profile.note.as_deref(), Some("current claim form; scopes: ITI-67 ITI-68"));
}

// ---------------------------------------------------------------- LTI

fn lti_corpus() -> Vec<(&'static str, String)> {
    use lti_common::{resource_link_claims, sign, sign_with_kid};
    let es = Algorithm::ES256;
    let c = resource_link_claims;
    let with = |f: &dyn Fn(&mut Object)| {
        let mut o = c();
        f(&mut o);
        sign(es, &o)
    };
    vec![
        ("resource link", sign(es, &c())),
        ("deep linking", with(&|o| {
            o.insert(names::MESSAGE_TYPE, "LtiDeepLinkingRequest".into());
            o.remove(names::RESOURCE_LINK);
            o.insert(names::DL_SETTINGS, json::parse(br#"{"deep_link_return_url":"https://platform.example.edu/dl","accept_types":["ltiResourceLink"],"accept_presentation_document_targets":["iframe"]}"#, 8).unwrap());
        })),
        ("deep linking without settings", with(&|o| {
            o.insert(names::MESSAGE_TYPE, "LtiDeepLinkingRequest".into());
        })),
        ("wrong iss", with(&|o| o.insert("iss", "https://evil.example".into()))),
        ("wrong aud", with(&|o| o.insert("aud", "other-client".into()))),
        ("aud list without azp", with(&|o| o.insert("aud", Value::Array(vec![lti_common::CLIENT_ID.into(), "x".into()])))),
        ("expired", with(&|o| o.insert("exp", Value::from(lti_common::NOW - 100)))),
        ("iat in the future", with(&|o| o.insert("iat", Value::from(lti_common::NOW + 1000)))),
        ("no nonce", with(&|o| {
            o.remove("nonce");
        })),
        ("nonce a number", with(&|o| o.insert("nonce", Value::from(5i64)))),
        ("exp a string", with(&|o| o.insert("exp", "later".into()))),
        ("unknown message type", with(&|o| o.insert(names::MESSAGE_TYPE, "LtiSomething".into()))),
        ("version 1.1", with(&|o| o.insert(names::VERSION, "1.1".into()))),
        ("unknown deployment", with(&|o| o.insert(names::DEPLOYMENT_ID, "deployment-9".into()))),
        ("no resource_link", with(&|o| {
            o.remove(names::RESOURCE_LINK);
        })),
        ("no sub", with(&|o| {
            o.remove("sub");
        })),
        ("roles not a list", with(&|o| o.insert(names::ROLES, "Learner".into()))),
        ("no LTI claims", sign(es, &obj(&format!(r#"{{"iss":"{}","aud":"{}","exp":{},"iat":{},"nonce":"{}","sub":"u"}}"#, lti_common::ISS, lti_common::CLIENT_ID, lti_common::NOW + 60, lti_common::NOW, lti_common::NONCE)))),
        ("no kid", sign_with_kid(es, None, &c())),
        ("unknown kid", sign_with_kid(es, Some("other"), &c())),
        ("HS256", lti_common::raw_token(r#"{"alg":"HS256","kid":"platform-es256"}"#, &c(), &[0; 32])),
        ("alg none", lti_common::raw_token(r#"{"alg":"none","kid":"platform-es256"}"#, &c(), b"")),
        ("tampered", tamper(&sign(es, &c()))),
        ("two parts", "a.b".into()),
        ("payload not JSON", lti_common::raw_token(r#"{"alg":"ES256","kid":"platform-es256"}"#, &Object::new(), &[0; 64]).replacen(".e30.", ".e30x.", 1)),
    ]
}

#[test]
fn lti_reports_agree_with_verify_id_token() {
    let reg = lti_common::registration();
    let keys = lti_common::platform_keys();
    let v = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
    let mut codes = std::collections::BTreeSet::new();
    for (tname, token) in lti_corpus() {
        // the login record a real flow would hold for these tokens
        let expected = v.verify_id_token(&token, &lti_common::record(), &keys, lti_common::now()).map(|_| ());
        if let Err(e) = &expected {
            codes.insert(e.code());
        }
        let r = report::lti_id_token(&token, &keys, &v, lti_common::now());
        assert_agrees(&r, &expected, tname);
        assert_eq!(r.checks.len(), 16, "{tname}");
        assert_eq!(r.needs_context(), 5, "{tname}: state, login record, nonce (twice), target_link_uri");
    }
    assert!(codes.len() >= 15, "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("ERR_LTI_")), "LTI reports carry LTI codes: {codes:?}");
}

#[test]
fn lti_report_cannot_see_login_mismatches() {
    // What a bare id_token cannot show: a nonce or target_link_uri that differs
    // from the login's. The real launch refuses; the report passes and lists
    // those checks as needing the login flow.
    let reg = lti_common::registration();
    let keys = lti_common::platform_keys();
    let v = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
    let mut c = lti_common::resource_link_claims();
    c.insert("nonce", "another-nonce-of-enough-length-000".into());
    let token = lti_common::sign(Algorithm::ES256, &c);
    assert_eq!(v.verify_id_token(&token, &lti_common::record(), &keys, lti_common::now()).unwrap_err().code(), "ERR_LTI_NONCE_MISMATCH");
    let r = report::lti_id_token(&token, &keys, &v, lti_common::now());
    assert!(r.verdict().is_ok());
    for id in ["lti.state", "lti.login_record", "lti.nonce_login", "lti.target_link_uri", "lti.nonce_once"] {
        assert_eq!(r.checks.iter().find(|c| c.step.id == id).unwrap().status, Status::NeedsContext, "{id}");
    }
    let record = LoginRecord { nonce: "another-nonce-of-enough-length-000".into(), ..lti_common::record() };
    assert!(v.verify_id_token(&token, &record, &keys, lti_common::now()).is_ok());
}

// ---------------------------------------------------------------- samples

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn samples_give_their_recorded_verdicts_in_every_applicable_report() {
    let doc = obj(SAMPLES);
    let at = UnixTime::from_secs(doc.get("verifyAt").and_then(Value::as_f64).unwrap() as i64);
    let sets = doc.get("jwks").and_then(Value::as_object).unwrap();
    let samples = doc.get("samples").and_then(Value::as_array).unwrap();
    assert!(samples.len() >= 6);
    for s in samples {
        let s = s.as_object().unwrap();
        let id = s.get_str("id").unwrap();
        let token = s.get_str("token").unwrap();
        let keys = JwkSet::from_object(sets.get(s.get_str("jwks").unwrap()).and_then(Value::as_object).unwrap()).unwrap();
        let options = s.get("options").and_then(Value::as_object).unwrap();
        let expect = s.get("expect").and_then(Value::as_object).unwrap();
        let expected_code = expect.get_str("code");
        let algorithms = AlgorithmSet::from_names(&strings(options.get("algorithms"))).unwrap();
        let issuer = strings(options.get("issuer"));
        let audience = strings(options.get("audience"));

        // generic: the demo's options
        let mut v = Validator::new(algorithms);
        if !issuer.is_empty() {
            v = v.issuers(&issuer);
        }
        if !audience.is_empty() {
            v = v.audiences(&audience);
        }
        let r = report::generic(token, &keys, &v, at);
        assert_agrees(&r, &v.verify(token, &keys, at).map(|_| ()), id);
        assert_eq!(r.verdict().err().map(Error::code), expected_code, "{id}: generic");

        match s.get_str("profile").unwrap() {
            "iua" => {
                let verifier = IuaVerifier::builder(
                    issuer.first().map_or("https://auth.hospital.example/realms/iua", String::as_str),
                    audience.first().map_or("https://fhir.hospital.example/r4", String::as_str),
                    algorithms,
                )
                .build()
                .unwrap();
                let r = report::iua(token, &keys, &verifier, at);
                assert_agrees(&r, &verifier.verify(token, &keys, at).map(|_| ()), id);
                assert_eq!(r.verdict().err().map(Error::code), expected_code, "{id}: iua");
            }
            "lti" => {
                let reg = Registration::new(&issuer[0], &audience[0], &format!("{}/auth", issuer[0]))
                    .unwrap()
                    .accept_any_deployment(true)
                    .algorithms(algorithms)
                    .unwrap();
                let lv = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
                let claims = tokencheck::jwt::decode_unverified(token, &Default::default()).unwrap();
                let record = LoginRecord {
                    state: "s".repeat(22),
                    nonce: claims.get_str("nonce").unwrap().into(),
                    issuer: issuer[0].clone(),
                    client_id: audience[0].clone(),
                    target_link_uri: claims.get_str(names::TARGET_LINK_URI).unwrap_or_default().into(),
                    deployment_id: None,
                    expires_at: UnixTime::from_secs(at.as_secs() + 600),
                };
                let r = report::lti_id_token(token, &keys, &lv, at);
                assert_agrees(&r, &lv.verify_id_token(token, &record, &keys, at).map(|_| ()), id);
                assert!(r.verdict().is_ok(), "{id}: lti");
            }
            other => panic!("{other}"),
        }
    }
}
