//! lti.md §B and §D: launch `id_token` validation. Every certification-style
//! negative launch is refused with its own code; every must-pass launch
//! passes. Each suite runs with ES256 and (when RSA verification is real in
//! this build) RS256.

mod lti_common;
use lti_common::*;

use tokencheck::json::{self, Object, Value};
use tokencheck::profiles::lti::claims::names;
use tokencheck::profiles::lti::{
    LaunchForm, LaunchOptions, LaunchValidator, MemoryLoginStore, MemoryNonceStore, MessageType, PendingLaunch,
};
use tokencheck::{Algorithm, Error, JwkSet, UnixTime};

fn v(s: &str) -> Value {
    json::parse(s.as_bytes(), 16).unwrap()
}

fn verify_token(token: &str) -> Result<PendingLaunch, Error> {
    verify_with(token, LaunchOptions::default())
}

fn verify_with(token: &str, options: LaunchOptions) -> Result<PendingLaunch, Error> {
    let reg = registration();
    let validator = LaunchValidator::new(&reg, options).unwrap();
    validator.verify(&LaunchForm::new(token, STATE), STATE, &record(), &platform_keys(), now())
}

fn code_of(r: Result<PendingLaunch, Error>) -> String {
    match r {
        Ok(_) => "OK".into(),
        Err(e) => e.code().into(),
    }
}

fn with(mut c: Object, name: &str, value: Option<Value>) -> Object {
    match value {
        Some(x) => c.insert(name, x),
        None => {
            c.remove(name);
        }
    }
    c
}

#[test]
fn valid_resource_link_launch_is_typed() {
    for alg in algorithms() {
        let token = sign(alg, &resource_link_claims());
        let pending = verify_token(&token).unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(pending.nonce(), NONCE);
        assert_eq!(pending.nonce_expires_at(), UnixTime::from_secs(NOW + 300 + 30));
        let launch = pending.consume_nonce(&mut MemoryNonceStore::new(), now()).unwrap();
        assert_eq!(launch.message_type, MessageType::ResourceLink);
        assert_eq!(launch.version, "1.3.0");
        assert_eq!(launch.issuer, ISS);
        assert_eq!(launch.client_id, CLIENT_ID);
        assert_eq!(launch.deployment_id, DEPLOYMENT);
        assert_eq!(launch.kid, kid(alg));
        assert_eq!(launch.user.id.as_deref(), Some("user-42"));
        assert_eq!(launch.user.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(launch.user.email.as_deref(), Some("ada@example.edu"));
        assert_eq!(launch.roles, ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]);
        assert!(launch.has_role("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"));
        let ctx = launch.context.as_ref().unwrap();
        assert_eq!((ctx.id.as_str(), ctx.label.as_deref()), ("ctx-1", Some("CS101")));
        assert_eq!(ctx.types.len(), 1);
        let rl = launch.resource_link.as_ref().unwrap();
        assert_eq!((rl.id.as_str(), rl.title.as_deref()), ("rl-1", Some("Week 1")));
        assert_eq!(launch.target_link_uri.as_deref(), Some(TARGET));
        assert_eq!(launch.custom, [("chapter".to_string(), "3".to_string()), ("mode".into(), "exam".into())]);
        assert_eq!(launch.tool_platform.as_ref().unwrap().guid, "platform-guid-1");
        assert_eq!(launch.launch_presentation.as_ref().unwrap().document_target.as_deref(), Some("iframe"));
        let ags = launch.ags.as_ref().unwrap();
        assert_eq!(ags.lineitem.as_deref(), Some("https://platform.example.edu/ctx-1/lineitems/7"));
        assert_eq!(ags.scope.len(), 1);
        assert_eq!(launch.nrps.as_ref().unwrap().context_memberships_url, "https://platform.example.edu/ctx-1/members");
        assert!(launch.deep_linking_settings.is_none());
        // §B.17 unknown claims ignored but kept
        assert!(launch.claims().get("https://example.com/unknown-claim").is_some());
    }
}

/// lti.md §D: each certification-style negative launch with its own code.
#[test]
fn certification_negative_launches() {
    for alg in algorithms() {
        let base = resource_link_claims();
        let lti_free = {
            let mut c = Object::new();
            for (k, val) in base.iter().filter(|(k, _)| !k.starts_with(names::LTI_FAMILY)) {
                c.insert(k, val.clone());
            }
            c
        };
        let no_three = with(with(with(base.clone(), names::MESSAGE_TYPE, None), names::VERSION, None), names::ROLES, None);
        let old = with(with(base.clone(), "iat", Some(Value::from(NOW - 3 * 365 * 86400))), "exp", Some(Value::from(NOW - 3 * 365 * 86400 + 3600)));
        let cases: Vec<(&str, String, &str)> = vec![
            ("no kid", sign_with_kid(alg, None, &base), "ERR_LTI_KID_MISSING"),
            ("unknown kid", sign_with_kid(alg, Some("rotated-away"), &base), "ERR_LTI_KID_UNKNOWN"),
            ("version 11.3", sign(alg, &with(base.clone(), names::VERSION, Some("11.3".into()))), "ERR_LTI_VERSION_UNSUPPORTED"),
            ("no version", sign(alg, &with(base.clone(), names::VERSION, None)), "ERR_LTI_VERSION_MISSING"),
            ("no LTI claims", sign(alg, &lti_free), "ERR_LTI_CLAIMS_MISSING"),
            ("no message_type, version, roles", sign(alg, &no_three), "ERR_LTI_MESSAGE_TYPE_MISSING"),
            ("iat/exp years old", sign(alg, &old), "ERR_LTI_TOKEN_EXPIRED"),
            ("no message_type", sign(alg, &with(base.clone(), names::MESSAGE_TYPE, None)), "ERR_LTI_MESSAGE_TYPE_MISSING"),
            ("no roles", sign(alg, &with(base.clone(), names::ROLES, None)), "ERR_LTI_ROLES_MISSING"),
            ("no deployment_id", sign(alg, &with(base.clone(), names::DEPLOYMENT_ID, None)), "ERR_LTI_DEPLOYMENT_ID_MISSING"),
            ("no resource_link", sign(alg, &with(base.clone(), names::RESOURCE_LINK, None)), "ERR_LTI_RESOURCE_LINK_MISSING"),
            ("sub empty", sign(alg, &with(base.clone(), "sub", Some("".into()))), "ERR_LTI_SUB_INVALID"),
            ("wrong aud", sign(alg, &with(base.clone(), "aud", Some("someone-else".into()))), "ERR_LTI_AUD_MISMATCH"),
            (
                "several aud, wrong azp",
                sign(alg, &with(with(base.clone(), "aud", Some(v(r#"["tool-client-1","https://platform.example.edu/lti"]"#))), "azp", Some("other".into()))),
                "ERR_LTI_AZP_MISMATCH",
            ),
            ("alg none", raw_token(&format!(r#"{{"alg":"none","kid":"{}"}}"#, kid(alg)), &base, b""), "ERR_LTI_ALG_NOT_ALLOWED"),
            ("alg HS256", hs256_token(&base), "ERR_LTI_ALG_NOT_ALLOWED"),
            ("wrong iss", sign(alg, &with(base.clone(), "iss", Some("https://evil.example".into()))), "ERR_LTI_ISS_MISMATCH"),
        ];
        for (name, token, want) in cases {
            assert_eq!(code_of(verify_token(&token)), want, "{alg}: {name}");
        }
        // replayed nonce
        let token = sign(alg, &base);
        let mut nonces = MemoryNonceStore::new();
        verify_token(&token).unwrap().consume_nonce(&mut nonces, now()).unwrap();
        let replay = verify_token(&token).unwrap().consume_nonce(&mut nonces, now());
        assert_eq!(replay.unwrap_err().code(), "ERR_LTI_NONCE_REPLAYED", "{alg}: replayed nonce");
        // mismatched state: form vs browser, and form vs login record
        let reg = registration();
        let val = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
        let keys = platform_keys();
        let other = "b3RoZXItc3RhdGUtdmFsdWUtMTI4LWJpdHM";
        for (form_state, browser) in [(other, STATE), (STATE, other), (other, other), (STATE, "")] {
            let r = val.verify(&LaunchForm::new(&token, form_state), browser, &record(), &keys, now());
            assert_eq!(code_of(r), "ERR_LTI_STATE_MISMATCH", "{alg}: state {form_state} / {browser}");
        }
    }
}

/// HS256 with the platform kid: refused by the allow-list before any key use.
fn hs256_token(claims: &Object) -> String {
    let key = tokencheck::SigningKey::hmac(&[7u8; 32], Algorithm::HS256, Some("platform-rs256".into())).unwrap();
    key.sign_jwt(claims, Some("JWT")).unwrap()
}

/// Further negative launches: each rule of §B with its code.
#[test]
fn every_rule_has_its_code() {
    for alg in algorithms() {
        let base = resource_link_claims();
        let s = |c: &Object| sign(alg, c);
        let dl_settings = v(r#"{"deep_link_return_url":"https://platform.example.edu/dl/return","accept_types":["ltiResourceLink"],"accept_presentation_document_targets":["iframe"]}"#);
        let cases: Vec<(&str, String, &str)> = vec![
            ("forged signature", signer("attacker-private.json", kid(alg)).sign_jwt(&base, Some("JWT")).unwrap(), "ERR_LTI_SIGNATURE_INVALID"),
            (
                "alg of another family than the kid's key",
                {
                    let other = if alg == Algorithm::ES256 { Algorithm::RS256 } else { Algorithm::ES256 };
                    sign_with_kid(other, Some(kid(alg)), &base)
                },
                "ERR_LTI_ALG_KEY_MISMATCH",
            ),
            ("ES512 not in the allow-list", raw_token(&format!(r#"{{"alg":"ES512","kid":"{}"}}"#, kid(alg)), &base, &[0; 132]), "ERR_LTI_ALG_NOT_ALLOWED"),
            ("PS256 not in the allow-list", raw_token(&format!(r#"{{"alg":"PS256","kid":"{}"}}"#, kid(alg)), &base, &[0; 256]), "ERR_LTI_ALG_NOT_ALLOWED"),
            ("five parts (JWE)", "a.b.c.d.e".into(), "ERR_LTI_ID_TOKEN_MALFORMED"),
            ("two parts", "a.b".into(), "ERR_LTI_ID_TOKEN_MALFORMED"),
            ("no iss", s(&with(base.clone(), "iss", None)), "ERR_LTI_ISS_MISSING"),
            ("iss not a string", s(&with(base.clone(), "iss", Some(Value::from(1i64)))), "ERR_LTI_CLAIM_TYPE_INVALID"),
            ("no aud", s(&with(base.clone(), "aud", None)), "ERR_LTI_AUD_MISSING"),
            ("client_id only at aud[1] with untrusted aud[0]", s(&with(with(base.clone(), "aud", Some(v(r#"["evil","tool-client-1"]"#))), "azp", Some(CLIENT_ID.into()))), "ERR_LTI_AUD_UNTRUSTED"),
            ("several aud, no azp", s(&with(base.clone(), "aud", Some(v(r#"["tool-client-1","tool-client-1"]"#)))), "ERR_LTI_AZP_MISSING"),
            ("azp wrong with one aud", s(&with(base.clone(), "azp", Some("other".into()))), "ERR_LTI_AZP_MISMATCH"),
            ("no exp", s(&with(base.clone(), "exp", None)), "ERR_LTI_EXP_MISSING"),
            ("expired beyond leeway", s(&with(base.clone(), "exp", Some(Value::from(NOW - 31)))), "ERR_LTI_TOKEN_EXPIRED"),
            ("no iat", s(&with(base.clone(), "iat", None)), "ERR_LTI_IAT_MISSING"),
            ("iat in the future", s(&with(base.clone(), "iat", Some(Value::from(NOW + 120)))), "ERR_LTI_IAT_IN_FUTURE"),
            ("nbf in the future", s(&with(base.clone(), "nbf", Some(Value::from(NOW + 120)))), "ERR_LTI_NBF_IN_FUTURE"),
            ("no nonce", s(&with(base.clone(), "nonce", None)), "ERR_LTI_NONCE_MISSING"),
            ("nonce not issued with this state", s(&with(base.clone(), "nonce", Some("another-nonce-value-of-enough-length".into()))), "ERR_LTI_NONCE_MISMATCH"),
            ("nonce not a string", s(&with(base.clone(), "nonce", Some(Value::from(5i64)))), "ERR_LTI_CLAIM_TYPE_INVALID"),
            ("unknown message_type", s(&with(base.clone(), names::MESSAGE_TYPE, Some("LtiSomethingElse".into()))), "ERR_LTI_MESSAGE_TYPE_UNKNOWN"),
            ("message_type not a string", s(&with(base.clone(), names::MESSAGE_TYPE, Some(v("[]")))), "ERR_LTI_MESSAGE_TYPE_UNKNOWN"),
            ("version as number", s(&with(base.clone(), names::VERSION, Some(v("1.3")))), "ERR_LTI_VERSION_UNSUPPORTED"),
            ("deployment_id not a string", s(&with(base.clone(), names::DEPLOYMENT_ID, Some(Value::from(1i64)))), "ERR_LTI_DEPLOYMENT_ID_INVALID"),
            ("deployment_id too long", s(&with(base.clone(), names::DEPLOYMENT_ID, Some("d".repeat(256).into()))), "ERR_LTI_DEPLOYMENT_ID_INVALID"),
            ("deployment_id non-ASCII", s(&with(base.clone(), names::DEPLOYMENT_ID, Some("déploiement".into()))), "ERR_LTI_DEPLOYMENT_ID_INVALID"),
            ("unknown deployment", s(&with(base.clone(), names::DEPLOYMENT_ID, Some("deployment-9".into()))), "ERR_LTI_DEPLOYMENT_ID_UNKNOWN"),
            ("no sub", s(&with(base.clone(), "sub", None)), "ERR_LTI_SUB_MISSING"),
            ("sub too long", s(&with(base.clone(), "sub", Some("u".repeat(256).into()))), "ERR_LTI_SUB_INVALID"),
            ("roles not an array", s(&with(base.clone(), names::ROLES, Some("Learner".into()))), "ERR_LTI_ROLES_INVALID"),
            ("roles with a number", s(&with(base.clone(), names::ROLES, Some(v(r#"["Learner",1]"#)))), "ERR_LTI_ROLES_INVALID"),
            ("context without id", s(&with(base.clone(), names::CONTEXT, Some(v(r#"{"label":"x"}"#)))), "ERR_LTI_CONTEXT_INVALID"),
            ("context id too long", s(&with(base.clone(), names::CONTEXT, Some(Value::Object(Object::from_iter([("id".to_string(), Value::from("c".repeat(256)))]))))), "ERR_LTI_CONTEXT_INVALID"),
            ("tool_platform without guid", s(&with(base.clone(), names::TOOL_PLATFORM, Some(v(r#"{"name":"LMS"}"#)))), "ERR_LTI_TOOL_PLATFORM_INVALID"),
            ("document_target popup", s(&with(base.clone(), names::LAUNCH_PRESENTATION, Some(v(r#"{"document_target":"popup"}"#)))), "ERR_LTI_LAUNCH_PRESENTATION_INVALID"),
            ("custom value not a string", s(&with(base.clone(), names::CUSTOM, Some(v(r#"{"n":1}"#)))), "ERR_LTI_CUSTOM_INVALID"),
            ("role_scope_mentor without Mentor", s(&with(base.clone(), names::ROLE_SCOPE_MENTOR, Some(v(r#"["u1"]"#)))), "ERR_LTI_ROLE_SCOPE_MENTOR_INVALID"),
            ("resource_link without id", s(&with(base.clone(), names::RESOURCE_LINK, Some(v(r#"{"title":"x"}"#)))), "ERR_LTI_RESOURCE_LINK_INVALID"),
            ("resource_link id empty", s(&with(base.clone(), names::RESOURCE_LINK, Some(v(r#"{"id":""}"#)))), "ERR_LTI_RESOURCE_LINK_INVALID"),
            ("no target_link_uri", s(&with(base.clone(), names::TARGET_LINK_URI, None)), "ERR_LTI_TARGET_LINK_URI_MISSING"),
            ("target_link_uri not the login's", s(&with(base.clone(), names::TARGET_LINK_URI, Some("https://tool.example.com/other".into()))), "ERR_LTI_TARGET_LINK_URI_MISMATCH"),
            (
                "deep linking without settings",
                s(&with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiDeepLinkingRequest".into())), names::RESOURCE_LINK, None)),
                "ERR_LTI_DEEP_LINKING_SETTINGS_MISSING",
            ),
            (
                "deep linking settings without return url",
                s(&with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiDeepLinkingRequest".into())), names::DL_SETTINGS, Some(v(r#"{"accept_types":["link"],"accept_presentation_document_targets":["iframe"]}"#)))),
                "ERR_LTI_DEEP_LINKING_SETTINGS_INVALID",
            ),
            (
                "deep linking settings without accept_presentation_document_targets",
                s(&with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiDeepLinkingRequest".into())), names::DL_SETTINGS, Some(v(r#"{"deep_link_return_url":"https://p.example/r","accept_types":["link"]}"#)))),
                "ERR_LTI_DEEP_LINKING_SETTINGS_INVALID",
            ),
            (
                "submission review without for_user",
                s(&with(base.clone(), names::MESSAGE_TYPE, Some("LtiSubmissionReviewRequest".into()))),
                "ERR_LTI_FOR_USER_MISSING",
            ),
            (
                "submission review without user_id",
                s(&with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiSubmissionReviewRequest".into())), names::FOR_USER, Some(v(r#"{"name":"x"}"#)))),
                "ERR_LTI_FOR_USER_INVALID",
            ),
            (
                "submission review without lineitem",
                s(&with(
                    with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiSubmissionReviewRequest".into())), names::FOR_USER, Some(v(r#"{"user_id":"u7"}"#))),
                    names::AGS_ENDPOINT,
                    Some(v(r#"{"scope":[]}"#)),
                )),
                "ERR_LTI_AGS_ENDPOINT_MISSING",
            ),
            ("data privacy without for_user", s(&with(base.clone(), names::MESSAGE_TYPE, Some("DataPrivacyLaunchRequest".into()))), "ERR_LTI_FOR_USER_MISSING"),
            ("lti1p1 not an object", s(&with(base.clone(), names::LTI1P1, Some("x".into()))), "ERR_LTI_LTI1P1_INVALID"),
        ];
        for (name, token, want) in cases {
            assert_eq!(code_of(verify_token(&token)), want, "{alg}: {name}");
        }
        let _ = dl_settings;
    }
}

#[test]
fn form_state_and_record_rules() {
    let alg = Algorithm::ES256;
    let token = sign(alg, &resource_link_claims());
    let reg = registration();
    let val = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
    let keys = platform_keys();
    // §B.1 OIDC error response
    let err = LaunchForm::from_pairs(&[("error", "login_required"), ("error_description", "no session"), ("state", STATE)]).unwrap();
    let e = val.verify(&err, STATE, &record(), &keys, now()).unwrap_err();
    assert_eq!(e.code(), "ERR_LTI_OIDC_ERROR");
    assert!(e.to_string().contains("login_required") && e.to_string().contains("no session"), "{e}");
    // no id_token, no state, duplicates
    assert_eq!(code_of(val.verify(&LaunchForm::from_pairs(&[("state", STATE)]).unwrap(), STATE, &record(), &keys, now())), "ERR_LTI_ID_TOKEN_MISSING");
    assert_eq!(code_of(val.verify(&LaunchForm::from_pairs(&[("id_token", token.as_str())]).unwrap(), STATE, &record(), &keys, now())), "ERR_LTI_STATE_MISSING");
    assert_eq!(LaunchForm::from_pairs(&[("id_token", "a"), ("id_token", "b")]).unwrap_err().code(), "ERR_LTI_PARAMETER_DUPLICATE");
    // expired login record
    let mut old = record();
    old.expires_at = now();
    assert_eq!(code_of(val.verify(&LaunchForm::new(&token, STATE), STATE, &old, &keys, now())), "ERR_LTI_STATE_EXPIRED");
    // record of another registration
    let mut foreign = record();
    foreign.client_id = "other-client".into();
    assert_eq!(code_of(val.verify(&LaunchForm::new(&token, STATE), STATE, &foreign, &keys, now())), "ERR_LTI_LOGIN_RECORD_MISMATCH");
    // the login named a deployment: the token must carry the same one
    let mut pinned = record();
    pinned.deployment_id = Some("deployment-2".into());
    assert_eq!(code_of(val.verify(&LaunchForm::new(&token, STATE), STATE, &pinned, &keys, now())), "ERR_LTI_DEPLOYMENT_ID_MISMATCH");
    pinned.deployment_id = Some(DEPLOYMENT.into());
    assert_eq!(code_of(val.verify(&LaunchForm::new(&token, STATE), STATE, &pinned, &keys, now())), "OK");
    // unknown kid with an empty key set (before a JWKS refetch)
    assert_eq!(code_of(val.verify(&LaunchForm::new(&token, STATE), STATE, &record(), &JwkSet::default(), now())), "ERR_LTI_KID_UNKNOWN");
}

#[test]
fn synchronous_stores_make_state_and_nonce_single_use() {
    let alg = Algorithm::ES256;
    let token = sign(alg, &resource_link_claims());
    let reg = registration();
    let val = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
    let keys = platform_keys();
    let mut logins = MemoryLoginStore::new();
    let mut nonces = MemoryNonceStore::new();
    logins.put(record(), now()).unwrap();
    let form = LaunchForm::new(&token, STATE);
    let launch = val.verify_with_stores(&form, STATE, &mut logins, &mut nonces, &keys, now()).unwrap();
    assert_eq!(launch.user.id.as_deref(), Some("user-42"));
    // the state was taken: a second POST of the same form finds nothing
    let again = val.verify_with_stores(&form, STATE, &mut logins, &mut nonces, &keys, now()).unwrap_err();
    assert_eq!(again.code(), "ERR_LTI_STATE_UNKNOWN");
    // even with the record put back (a replayed login), the nonce is spent
    logins.put(record(), now()).unwrap();
    let replay = val.verify_with_stores(&form, STATE, &mut logins, &mut nonces, &keys, now()).unwrap_err();
    assert_eq!(replay.code(), "ERR_LTI_NONCE_REPLAYED");
    // a state bound to another browser
    logins.put(record(), now()).unwrap();
    let other = val.verify_with_stores(&form, "c29tZW9uZS1lbHNlcy1icm93c2VyLXN0YXRl", &mut logins, &mut nonces, &keys, now()).unwrap_err();
    assert_eq!(other.code(), "ERR_LTI_STATE_MISMATCH");
    // async store path: the caller reports the outcome
    let p = val.verify(&form, STATE, &record(), &keys, now()).unwrap();
    assert_eq!(p.nonce_consumed(false).unwrap_err().code(), "ERR_LTI_NONCE_REPLAYED");
    let p = val.verify(&form, STATE, &record(), &keys, now()).unwrap();
    assert!(p.nonce_consumed(true).is_ok());
}

/// lti.md §D: valid launches that must pass.
#[test]
fn must_pass_launches() {
    for alg in algorithms() {
        let base = resource_link_claims();
        let strip_pii = |c: Object| {
            let mut c = c;
            for k in ["name", "given_name", "family_name", "email"] {
                c.remove(k);
            }
            c
        };
        let cases: Vec<(&str, Object)> = vec![
            ("roles [\"\"]", with(base.clone(), names::ROLES, Some(v(r#"[""]"#)))),
            ("roles empty", with(base.clone(), names::ROLES, Some(v("[]")))),
            ("short role names", with(base.clone(), names::ROLES, Some(v(r#"["Instructor","Learner"]"#)))),
            ("unknown roles", with(base.clone(), names::ROLES, Some(v(r#"["http://example.com/vocab#Wizard","urn:x:y"]"#)))),
            (
                "several roles",
                with(
                    base.clone(),
                    names::ROLES,
                    Some(v(r#"["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor","http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty","http://purl.imsglobal.org/vocab/lis/v2/system/person#User"]"#)),
                ),
            ),
            ("email only", with(strip_pii(base.clone()), "email", Some("only@example.edu".into()))),
            ("names only", with(with(with(strip_pii(base.clone()), "name", Some("N".into())), "given_name", Some("G".into())), "family_name", Some("F".into()))),
            ("no PII", strip_pii(base.clone())),
            ("no context", with(base.clone(), names::CONTEXT, None)),
            ("minimal", {
                let mut c = strip_pii(base.clone());
                for k in [names::CONTEXT, names::TOOL_PLATFORM, names::LAUNCH_PRESENTATION, names::CUSTOM, names::AGS_ENDPOINT, names::NRPS] {
                    c.remove(k);
                }
                c
            }),
            ("mentor with role_scope_mentor", with(with(base.clone(), names::ROLES, Some(v(r#"["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"]"#))), names::ROLE_SCOPE_MENTOR, Some(v(r#"["u1","u2"]"#)))),
            ("exp within leeway", with(base.clone(), "exp", Some(Value::from(NOW - 29)))),
            ("aud array with only the client_id", with(base.clone(), "aud", Some(v(r#"["tool-client-1"]"#)))),
            ("azp equal to client_id", with(base.clone(), "azp", Some(CLIENT_ID.into()))),
        ];
        for (name, claims) in cases {
            let r = verify_token(&sign(alg, &claims));
            let launch = r.unwrap_or_else(|e| panic!("{alg}: {name}: {e}")).nonce_consumed(true).unwrap();
            match name {
                "roles [\"\"]" => assert_eq!(launch.roles, [""]),
                "roles empty" => assert!(launch.roles.is_empty()),
                "email only" => {
                    assert_eq!(launch.user.email.as_deref(), Some("only@example.edu"));
                    assert!(launch.user.name.is_none() && launch.user.given_name.is_none());
                }
                "names only" => {
                    assert_eq!(launch.user.family_name.as_deref(), Some("F"));
                    assert!(launch.user.email.is_none());
                }
                "no PII" => assert!(launch.user.name.is_none() && launch.user.email.is_none() && launch.user.id.is_some()),
                "no context" => assert!(launch.context.is_none()),
                "mentor with role_scope_mentor" => assert_eq!(launch.role_scope_mentor, ["u1", "u2"]),
                "several roles" => assert_eq!(launch.roles.len(), 3),
                _ => {}
            }
        }
    }
}

#[test]
fn options_trusted_audiences_anonymous_max_age_message_types() {
    let alg = Algorithm::ES256;
    let base = resource_link_claims();
    // a trusted extra audience with azp = client_id passes; without the trust it doesn't
    let multi = with(with(base.clone(), "aud", Some(v(r#"["https://platform.example.edu/services","tool-client-1"]"#))), "azp", Some(CLIENT_ID.into()));
    let token = sign(alg, &multi);
    assert_eq!(code_of(verify_token(&token)), "ERR_LTI_AUD_UNTRUSTED");
    let reg = registration().trusted_audiences(&["https://platform.example.edu/services"]);
    let val = LaunchValidator::new(&reg, LaunchOptions::default()).unwrap();
    assert!(val.verify(&LaunchForm::new(&token, STATE), STATE, &record(), &platform_keys(), now()).is_ok());

    // anonymous only on opt-in
    let anon = sign(alg, &with(base.clone(), "sub", None));
    assert_eq!(code_of(verify_token(&anon)), "ERR_LTI_SUB_MISSING");
    let launch = verify_with(&anon, LaunchOptions { allow_anonymous: true, ..Default::default() }).unwrap().nonce_consumed(true).unwrap();
    assert!(launch.user.id.is_none());
    // but an empty sub stays invalid even then
    let empty = sign(alg, &with(base.clone(), "sub", Some("".into())));
    assert_eq!(code_of(verify_with(&empty, LaunchOptions { allow_anonymous: true, ..Default::default() })), "ERR_LTI_SUB_INVALID");

    // max age
    let aged = sign(alg, &with(base.clone(), "iat", Some(Value::from(NOW - 400))));
    assert_eq!(code_of(verify_token(&aged)), "OK");
    assert_eq!(code_of(verify_with(&aged, LaunchOptions { max_age: Some(300), ..Default::default() })), "ERR_LTI_TOKEN_TOO_OLD");

    // message types this endpoint accepts
    let only_dl = LaunchOptions { message_types: vec![MessageType::DeepLinking], ..Default::default() };
    assert_eq!(code_of(verify_with(&sign(alg, &base), only_dl)), "ERR_LTI_MESSAGE_TYPE_NOT_ALLOWED");

    // options and registrations that would weaken the checks are refused
    assert!(registration().algorithms(tokencheck::AlgorithmSet::new(&[Algorithm::HS256]).unwrap()).is_err());
    assert!(registration().algorithms(tokencheck::AlgorithmSet::new(&[Algorithm::PS256]).unwrap()).is_err());
    assert!(registration().algorithms(tokencheck::AlgorithmSet::new(&[Algorithm::EdDSA]).unwrap()).is_err());
    let reg = registration();
    assert!(LaunchValidator::new(&reg, LaunchOptions { clock_tolerance: -1, ..Default::default() }).is_err());
    assert!(LaunchValidator::new(&reg, LaunchOptions { message_types: vec![], ..Default::default() }).is_err());
}

#[test]
fn other_message_types_pass_with_their_claims() {
    let alg = Algorithm::ES256;
    let base = resource_link_claims();
    let dl = with(
        with(with(base.clone(), names::MESSAGE_TYPE, Some("LtiDeepLinkingRequest".into())), names::RESOURCE_LINK, None),
        names::DL_SETTINGS,
        Some(v(r#"{"deep_link_return_url":"https://platform.example.edu/dl/return","accept_types":["ltiResourceLink","link"],"accept_presentation_document_targets":["iframe","window"],"accept_multiple":true,"data":"csrf-opaque-123"}"#)),
    );
    let launch = verify_token(&sign(alg, &dl)).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(launch.message_type, MessageType::DeepLinking);
    let s = launch.deep_linking_settings.unwrap();
    assert_eq!(s.deep_link_return_url, "https://platform.example.edu/dl/return");
    assert_eq!(s.accept_multiple, Some(true));
    assert_eq!(s.data, Some(Value::from("csrf-opaque-123")));

    let review = with(
        with(base.clone(), names::MESSAGE_TYPE, Some("LtiSubmissionReviewRequest".into())),
        names::FOR_USER,
        Some(v(r#"{"user_id":"student-7","name":"S"}"#)),
    );
    let launch = verify_token(&sign(alg, &review)).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(launch.for_user.unwrap().user_id.as_deref(), Some("student-7"));

    let privacy = with(with(with(base.clone(), names::MESSAGE_TYPE, Some("DataPrivacyLaunchRequest".into())), names::RESOURCE_LINK, None), names::FOR_USER, Some(v(r#"{"user_id":"s"}"#)));
    assert_eq!(code_of(verify_token(&sign(alg, &privacy))), "OK");
}

/// LTI 1.1 migration §4.1.1 `oauth_consumer_key_sign`. The expected value
/// was computed independently with
/// `printf '%s' '179248902&689302&https://lmsvendor.com&PM48OJSfGDTAzAo&1551290856&172we8671fd8z' | openssl dgst -sha256 -hmac my-lti11-secret -binary | base64`
/// (values shaped like the migration guide's example).
#[test]
fn lti1p1_consumer_key_sign() {
    use tokencheck::profiles::lti::launch::lti1p1_signature;
    let sig = lti1p1_signature("179248902", "my-lti11-secret", "689302", "https://lmsvendor.com", "PM48OJSfGDTAzAo", 1551290856, "172we8671fd8z");
    assert_eq!(sig, "lWd54kFo5qU7xshAna6v8BwoBm6tmUjc6GTax6+12ps=");

    let alg = Algorithm::ES256;
    let base = resource_link_claims();
    let good = lti1p1_signature("consumer-key-1", "s3cret", DEPLOYMENT, ISS, CLIENT_ID, NOW + 300, NONCE);
    let lti1p1 = |sign: &str| {
        let mut o = Object::new();
        o.insert("user_id", "legacy-user-9".into());
        o.insert("oauth_consumer_key", "consumer-key-1".into());
        o.insert("oauth_consumer_key_sign", sign.into());
        Value::Object(o)
    };
    let launch = verify_token(&sign(alg, &with(base.clone(), names::LTI1P1, Some(lti1p1(&good))))).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(launch.lti1p1.as_ref().unwrap().user_id.as_deref(), Some("legacy-user-9"));
    assert_eq!(launch.verify_lti1p1("s3cret").unwrap(), "consumer-key-1");
    assert_eq!(launch.verify_lti1p1("wrong").unwrap_err().code(), "ERR_LTI_LTI1P1_SIGNATURE_INVALID");
    let forged = verify_token(&sign(alg, &with(base.clone(), names::LTI1P1, Some(lti1p1("AAAA"))))).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(forged.verify_lti1p1("s3cret").unwrap_err().code(), "ERR_LTI_LTI1P1_SIGNATURE_INVALID");
    let none = verify_token(&sign(alg, &base)).unwrap().nonce_consumed(true).unwrap();
    assert_eq!(none.verify_lti1p1("s3cret").unwrap_err().code(), "ERR_LTI_LTI1P1_INVALID");
}

#[test]
fn errors_name_their_claim() {
    let alg = Algorithm::ES256;
    let e = verify_token(&sign(alg, &with(resource_link_claims(), names::ROLES, None))).unwrap_err();
    assert_eq!(e.code(), "ERR_LTI_ROLES_MISSING");
    assert_eq!(e.claim(), Some(names::ROLES));
    assert_eq!(e.reason(), Some("missing"));
    let e = verify_token(&sign(alg, &with(resource_link_claims(), "iss", Some("https://evil".into())))).unwrap_err();
    assert_eq!((e.claim(), e.reason()), (Some("iss"), Some("check_failed")));
}

#[test]
fn json_view_and_refetch_gate() {
    let launch = verify_token(&sign(Algorithm::ES256, &resource_link_claims())).unwrap().nonce_consumed(true).unwrap();
    let o = launch.to_object();
    assert_eq!(o.get_str("messageType"), Some("LtiResourceLinkRequest"));
    assert_eq!(o.get_str("deploymentId"), Some(DEPLOYMENT));
    let user = o.get("user").unwrap().as_object().unwrap();
    assert_eq!((user.get_str("id"), user.get_str("givenName")), (Some("user-42"), Some("Ada")));
    assert_eq!(o.get("resourceLink").unwrap().as_object().unwrap().get_str("id"), Some("rl-1"));
    assert_eq!(o.get("custom").unwrap().as_object().unwrap().get_str("mode"), Some("exam"));
    assert_eq!(o.get("platform").unwrap().as_object().unwrap().get_str("guid"), Some("platform-guid-1"));
    assert_eq!(o.get("nrps").unwrap().as_object().unwrap().get_str("contextMembershipsUrl"), Some("https://platform.example.edu/ctx-1/members"));
    assert!(o.get("deepLinkingSettings").is_none());
    assert_eq!(o.get("claims").unwrap().as_object().unwrap().get_str("sub"), Some("user-42"));

    use tokencheck::profiles::lti::JwksRefetchGate;
    let mut gate = JwksRefetchGate::new(300);
    assert!(gate.may_refetch(now()));
    gate.fetched(now());
    assert!(!gate.may_refetch(UnixTime::from_secs(NOW + 299)));
    assert!(gate.may_refetch(UnixTime::from_secs(NOW + 300)));
}
