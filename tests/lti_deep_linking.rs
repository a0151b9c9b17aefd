//! lti.md §C: the Deep Linking response JWT — contents, header, content item
//! rules, and signatures (ES256 and RS256) verified back.

mod lti_common;
use lti_common::*;

use tokencheck::json::{self, Object, Value};
use tokencheck::profiles::lti::claims::{DeepLinkingSettings, names};
use tokencheck::profiles::lti::deep_linking::DeepLinkingResponse;
use tokencheck::profiles::lti::{Launch, LaunchForm, LaunchOptions, LaunchValidator};
use tokencheck::{Algorithm, AlgorithmSet, JwkSet, Validator, jws};

fn v(s: &str) -> Value {
    json::parse(s.as_bytes(), 16).unwrap()
}

fn obj(s: &str) -> Object {
    v(s).as_object().unwrap().clone()
}

fn dl_launch(settings: &str) -> Launch {
    let mut c = resource_link_claims();
    c.insert(names::MESSAGE_TYPE, "LtiDeepLinkingRequest".into());
    c.remove(names::RESOURCE_LINK);
    c.insert(names::DL_SETTINGS, v(settings));
    let token = sign(Algorithm::ES256, &c);
    let reg = registration();
    LaunchValidator::new(&reg, LaunchOptions::default())
        .unwrap()
        .verify(&LaunchForm::new(&token, STATE), STATE, &record(), &platform_keys(), now())
        .unwrap()
        .nonce_consumed(true)
        .unwrap()
}

const SETTINGS: &str = r#"{"deep_link_return_url":"https://platform.example.edu/dl/return?x=1","accept_types":["ltiResourceLink","link"],"accept_presentation_document_targets":["iframe","window"],"accept_multiple":true,"data":"opaque-csrf-token-42"}"#;
const DL_NONCE: &str = "ZGwtcmVzcG9uc2Utbm9uY2UtMTI4LWJpdHM";

fn tool_keys() -> JwkSet {
    JwkSet::from_json(&fixture("tool-jwks.json")).unwrap()
}

#[test]
fn response_claims_and_es256_signature() {
    let launch = dl_launch(SETTINGS);
    let mut resp = DeepLinkingResponse::for_launch(&launch).unwrap();
    resp.add_item(obj(r#"{"type":"ltiResourceLink","title":"Quiz 1","url":"https://tool.example.com/quiz/1","custom":{"quiz":"1"}}"#)).unwrap();
    resp.add_item(obj(r#"{"type":"link","url":"https://example.com/reading"}"#)).unwrap();
    resp.msg("2 items added").log("added quiz 1 and a link");
    assert_eq!(resp.return_url(), "https://platform.example.edu/dl/return?x=1");

    let key = signer("tool-private.json", "tool-es256");
    let jwt = resp.sign(&key, DL_NONCE, now(), 300).unwrap();

    // header: alg, kid, typ only
    let header = jws::decode_protected_header(&jwt, &Default::default()).unwrap();
    assert_eq!(header.get_str("alg"), Some("ES256"));
    assert_eq!(header.get_str("kid"), Some("tool-es256"));
    assert_eq!(header.get_str("typ"), Some("JWT"));
    assert_eq!(header.len(), 3, "{}", header.to_json());

    // verify with the core as the platform would: tool JWKS, iss = client_id, aud = platform issuer
    let verified = Validator::new(AlgorithmSet::new(&[Algorithm::ES256, Algorithm::RS256]).unwrap())
        .issuer(CLIENT_ID)
        .audience(ISS)
        .verify(&jwt, &tool_keys(), now())
        .unwrap();
    let c = verified.value().as_object();
    assert_eq!(c.get_str("nonce"), Some(DL_NONCE));
    assert_eq!(c.get("iat"), Some(&Value::from(NOW)));
    assert_eq!(c.get("exp"), Some(&Value::from(NOW + 300)));
    assert_eq!(c.get_str(names::DEPLOYMENT_ID), Some(DEPLOYMENT));
    assert_eq!(c.get_str(names::MESSAGE_TYPE), Some("LtiDeepLinkingResponse"));
    assert_eq!(c.get_str(names::VERSION), Some("1.3.0"));
    assert_eq!(c.get_str(names::DL_DATA), Some("opaque-csrf-token-42"));
    assert_eq!(c.get_str(names::DL_MSG), Some("2 items added"));
    assert_eq!(c.get_str(names::DL_LOG), Some("added quiz 1 and a link"));
    assert!(c.get(names::DL_ERRORMSG).is_none() && c.get(names::DL_ERRORLOG).is_none());
    let items = c.get(names::DL_CONTENT_ITEMS).unwrap().as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_object().unwrap().get_str("title"), Some("Quiz 1"));
    assert_eq!(items[1].as_object().unwrap().get_str("type"), Some("link"));
    assert_eq!(c.len(), 12, "{}", c.to_json());

    // the form the browser posts
    let html = resp.form_html(&jwt);
    assert!(html.contains(r#"action="https://platform.example.edu/dl/return?x=1""#), "{html}");
    assert!(html.contains(&format!(r#"name="JWT" value="{jwt}""#)));
}

#[test]
fn rs256_response_verifies() {
    let launch = dl_launch(SETTINGS);
    let resp = DeepLinkingResponse::for_launch(&launch).unwrap();
    let key = signer("tool-private.json", "tool-rs256");
    let jwt = resp.sign(&key, DL_NONCE, now(), 300).unwrap();
    let header = jws::decode_protected_header(&jwt, &Default::default()).unwrap();
    assert_eq!((header.get_str("alg"), header.get_str("kid")), (Some("RS256"), Some("tool-rs256")));

    // An independent PKCS#1 v1.5 check with the `rsa` crate's verifier over
    // the tool's public JWK (the core's RSA verifier may be a placeholder).
    use rsa::signature::Verifier;
    let jwks = json::parse_object(fixture("tool-jwks.json").as_bytes(), 8).unwrap().unwrap();
    let jwk = jwks.get("keys").unwrap().as_array().unwrap().iter().filter_map(Value::as_object).find(|k| k.get_str("kid") == Some("tool-rs256")).unwrap();
    let b = |m: &str| tokencheck::base64url::decode(jwk.get_str(m).unwrap().as_bytes()).unwrap();
    let n = rsa::BoxedUint::from_be_slice_vartime(&b("n"));
    let e = rsa::BoxedUint::from_be_slice_vartime(&b("e"));
    let public = rsa::RsaPublicKey::new(n, e).unwrap();
    let verifier = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(public);
    let (input, sig) = jwt.rsplit_once('.').unwrap();
    let sig = rsa::pkcs1v15::Signature::try_from(tokencheck::base64url::decode(sig.as_bytes()).unwrap().as_slice()).unwrap();
    verifier.verify(input.as_bytes(), &sig).expect("RS256 signature verifies");
    let mut tampered = input.to_string();
    tampered.push('A');
    assert!(verifier.verify(tampered.as_bytes(), &sig).is_err());

    // and with the core, whenever its RSA verifier is real
    if rsa_verification_available() {
        Validator::new(AlgorithmSet::new(&[Algorithm::RS256]).unwrap()).issuer(CLIENT_ID).audience(ISS).verify(&jwt, &tool_keys(), now()).unwrap();
    }
}

#[test]
fn content_item_rules() {
    let single = dl_launch(r#"{"deep_link_return_url":"https://platform.example.edu/dl","accept_types":["ltiResourceLink"],"accept_presentation_document_targets":["iframe"]}"#);
    let mut resp = DeepLinkingResponse::for_launch(&single).unwrap();
    let code = |r: Result<&mut DeepLinkingResponse, tokencheck::Error>| r.err().map(|e| e.code().to_string()).unwrap_or("OK".into());
    assert_eq!(code(resp.add_item(obj(r#"{"type":"link","url":"https://x"}"#))), "ERR_LTI_DL_CONTENT_ITEM_TYPE_NOT_ACCEPTED");
    assert_eq!(code(resp.add_item(obj(r#"{"title":"no type"}"#))), "ERR_LTI_DL_CONTENT_ITEM_INVALID");
    assert_eq!(code(resp.add_item(obj(r#"{"type":5}"#))), "ERR_LTI_DL_CONTENT_ITEM_INVALID");
    assert_eq!(code(resp.add_item(obj(r#"{"type":"ltiResourceLink"}"#))), "OK");
    // accept_multiple absent: a second item is refused
    assert_eq!(code(resp.add_item(obj(r#"{"type":"ltiResourceLink"}"#))), "ERR_LTI_DL_TOO_MANY_CONTENT_ITEMS");
    assert_eq!(code(resp.add_items_value(&v("[1]"))), "ERR_LTI_DL_CONTENT_ITEM_INVALID");
    assert_eq!(resp.items().len(), 1);

    // no data in the request: no data claim; an empty response carries an empty array
    let empty = DeepLinkingResponse::for_launch(&single).unwrap();
    let c = empty.claims(DL_NONCE, now(), 60);
    assert!(c.get(names::DL_DATA).is_none());
    assert_eq!(c.get(names::DL_CONTENT_ITEMS), Some(&v("[]")));

    // errors returned to the platform
    let mut err = DeepLinkingResponse::for_launch(&single).unwrap();
    err.errormsg("nothing selected").errorlog("user cancelled");
    let c = err.claims(DL_NONCE, now(), 60);
    assert_eq!(c.get_str(names::DL_ERRORMSG), Some("nothing selected"));
    assert_eq!(c.get_str(names::DL_ERRORLOG), Some("user cancelled"));

    // a resource link launch cannot be answered with a deep linking response
    let mut c = resource_link_claims();
    c.insert("nonce", NONCE.into());
    let token = sign(Algorithm::ES256, &c);
    let reg = registration();
    let rl = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap().verify(&LaunchForm::new(&token, STATE), STATE, &record(), &platform_keys(), now()).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(DeepLinkingResponse::for_launch(&rl).unwrap_err().code(), "ERR_LTI_DL_NOT_A_DEEP_LINKING_LAUNCH");
}

#[test]
fn signing_key_rules() {
    let launch = dl_launch(SETTINGS);
    let resp = DeepLinkingResponse::for_launch(&launch).unwrap();
    // HS256 is never a deep linking response algorithm
    let hs = tokencheck::SigningKey::hmac(&[1u8; 32], Algorithm::HS256, Some("k".into())).unwrap();
    assert_eq!(resp.sign(&hs, DL_NONCE, now(), 300).unwrap_err().code(), "ERR_LTI_DL_SIGNING_KEY_INVALID");
    // a key without kid
    let mut jwk = private_jwk("tool-private.json", "tool-es256");
    jwk.remove("kid");
    let no_kid = tokencheck::SigningKey::from_jwk_object(&jwk, None).unwrap();
    assert_eq!(resp.sign(&no_kid, DL_NONCE, now(), 300).unwrap_err().code(), "ERR_LTI_DL_SIGNING_KEY_INVALID");
    // weak nonce, silly ttl
    let key = signer("tool-private.json", "tool-es256");
    assert_eq!(resp.sign(&key, "short", now(), 300).unwrap_err().code(), "ERR_LTI_STATE_ENTROPY_TOO_SHORT");
    assert!(resp.sign(&key, DL_NONCE, now(), 0).is_err());
    // an RSA JWK with inconsistent parameters is refused at import
    let mut bad = private_jwk("tool-private.json", "tool-rs256");
    let other = private_jwk("platform-private.json", "platform-rs256");
    bad.insert("d", other.get("d").unwrap().clone());
    assert_eq!(tokencheck::SigningKey::from_jwk_object(&bad, None).unwrap_err().code(), "ERR_JWK_INVALID");
    // and so is an RSA key without d
    let mut public = private_jwk("tool-private.json", "tool-rs256");
    public.remove("d");
    assert_eq!(tokencheck::SigningKey::from_jwk_object(&public, None).unwrap_err().code(), "ERR_JWK_INVALID");
    // settings read back from a stored object keep their rules
    let stored: DeepLinkingSettings = tokencheck::profiles::lti::deep_linking::settings_from_object(&obj(SETTINGS)).unwrap();
    assert!(stored.accepts("link") && !stored.accepts("file"));
    assert!(tokencheck::profiles::lti::deep_linking::settings_from_object(&obj(r#"{"accept_types":[]}"#)).is_err());
}

/// The external-signer path (WebCrypto in the npm package): same header and
/// claims as the in-core signer, and the finished token verifies.
#[test]
fn external_signer_path() {
    use tokencheck::profiles::lti::deep_linking::attach_signature;
    let launch = dl_launch(SETTINGS);
    let resp = DeepLinkingResponse::for_launch(&launch).unwrap();
    let key = signer("tool-private.json", "tool-es256");
    let input = resp.signing_input(Algorithm::ES256, "tool-es256", DL_NONCE, now(), 300).unwrap();
    let jwt = attach_signature(&input, &key.sign(input.as_bytes()).unwrap());
    // ECDSA signatures differ run to run only if randomized; RFC 6979 makes them equal
    assert_eq!(jwt, resp.sign(&key, DL_NONCE, now(), 300).unwrap());
    Validator::new(AlgorithmSet::new(&[Algorithm::ES256]).unwrap()).issuer(CLIENT_ID).audience(ISS).verify(&jwt, &tool_keys(), now()).unwrap();
    assert_eq!(resp.signing_input(Algorithm::HS256, "k", DL_NONCE, now(), 300).unwrap_err().code(), "ERR_LTI_DL_SIGNING_KEY_INVALID");
    assert_eq!(resp.signing_input(Algorithm::RS256, "", DL_NONCE, now(), 300).unwrap_err().code(), "ERR_LTI_DL_SIGNING_KEY_INVALID");
}

#[test]
fn from_stored_claims() {
    let launch = dl_launch(SETTINGS);
    let a = DeepLinkingResponse::for_launch(&launch).unwrap().claims(DL_NONCE, now(), 60);
    let b = DeepLinkingResponse::from_claims(CLIENT_ID, launch.claims()).unwrap().claims(DL_NONCE, now(), 60);
    assert_eq!(a, b);
    let rl = tokencheck::Claims::from_object(resource_link_claims());
    assert_eq!(DeepLinkingResponse::from_claims(CLIENT_ID, &rl).unwrap_err().code(), "ERR_LTI_DL_NOT_A_DEEP_LINKING_LAUNCH");
}
