//! lti.md §A: OIDC third-party initiated login → authentication request.

mod lti_common;
use lti_common::*;

use tokencheck::profiles::lti::form::parse_form;
use tokencheck::profiles::lti::login::{LoginOptions, create_login_request};
use tokencheck::profiles::lti::{LoginParams, LoginRecord, Registration};
use tokencheck::UnixTime;

fn params(pairs: &[(&str, &str)]) -> Result<LoginParams, tokencheck::Error> {
    LoginParams::from_pairs(pairs)
}

fn full() -> Vec<(&'static str, &'static str)> {
    vec![
        ("iss", ISS),
        ("login_hint", "opaque hint/with &special=chars+ü"),
        ("target_link_uri", TARGET),
        ("lti_message_hint", "{\"cmd\":\"launch\",\"id\":7}"),
        ("lti_deployment_id", DEPLOYMENT),
        ("client_id", CLIENT_ID),
        ("unrelated", "ignored"),
    ]
}

fn query_of(url: &str) -> Vec<(String, String)> {
    let (_, q) = url.split_once('?').unwrap();
    parse_form(q).unwrap()
}

fn get<'a>(q: &'a [(String, String)], k: &str) -> Option<&'a str> {
    let mut it = q.iter().filter(|(n, _)| n == k);
    let v = it.next().map(|(_, v)| v.as_str());
    assert!(it.next().is_none(), "{k} twice");
    v
}

#[test]
fn authentication_request_has_every_parameter() {
    let p = params(&full()).unwrap();
    let regs = [registration()];
    let req = create_login_request(&p, &regs, &LoginOptions::default(), STATE, NONCE, now()).unwrap();
    assert!(req.url.starts_with("https://platform.example.edu/auth?"), "{}", req.url);
    let q = query_of(&req.url);
    assert_eq!(q.len(), 10, "{q:?}");
    for (k, want) in [
        ("scope", "openid"),
        ("response_type", "id_token"),
        ("response_mode", "form_post"),
        ("prompt", "none"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("login_hint", "opaque hint/with &special=chars+ü"),
        ("state", STATE),
        ("nonce", NONCE),
        ("lti_message_hint", "{\"cmd\":\"launch\",\"id\":7}"),
    ] {
        assert_eq!(get(&q, k), Some(want), "{k}");
    }
    // strict RFC 3986 encoding in the URL itself: no raw space, '+', '&' or '{' inside values
    assert!(req.url.contains("login_hint=opaque%20hint%2Fwith%20%26special%3Dchars%2B%C3%BC"), "{}", req.url);
    assert!(req.url.contains("lti_message_hint=%7B%22cmd%22%3A%22launch%22%2C%22id%22%3A7%7D"));
    assert_eq!(req.params.len(), 10);
    // the record to remember
    let r = &req.record;
    assert_eq!(
        r,
        &LoginRecord {
            state: STATE.into(),
            nonce: NONCE.into(),
            issuer: ISS.into(),
            client_id: CLIENT_ID.into(),
            target_link_uri: TARGET.into(),
            deployment_id: Some(DEPLOYMENT.into()),
            expires_at: UnixTime::from_secs(NOW + 600),
        }
    );
    assert_eq!(LoginRecord::from_json(&r.to_json()).unwrap(), *r);
}

#[test]
fn optional_parameters_and_existing_query() {
    let p = params(&[("iss", ISS), ("login_hint", "h"), ("target_link_uri", TARGET)]).unwrap();
    // a space in a registered URL is refused outright
    assert!(Registration::new(ISS, CLIENT_ID, "https://platform.example.edu/auth?tenant=a b").is_err());
    let reg = Registration::new(ISS, CLIENT_ID, "https://platform.example.edu/auth?tenant=7")
        .unwrap()
        .redirect_uris(&[REDIRECT, "https://tool.example.com/launch2"])
        .unwrap()
        .deployment_ids(&[DEPLOYMENT])
        .unwrap();
    let opts = LoginOptions { redirect_uri: Some("https://tool.example.com/launch2".into()), ttl_secs: Some(120) };
    let req = create_login_request(&p, &[reg], &opts, STATE, NONCE, now()).unwrap();
    assert!(req.url.starts_with("https://platform.example.edu/auth?tenant=7&scope=openid&"), "{}", req.url);
    let q = query_of(&req.url);
    assert_eq!(get(&q, "lti_message_hint"), None);
    assert_eq!(get(&q, "redirect_uri"), Some("https://tool.example.com/launch2"));
    assert_eq!(req.record.deployment_id, None);
    assert_eq!(req.record.expires_at, UnixTime::from_secs(NOW + 120));
}

#[test]
fn each_missing_or_unknown_parameter_has_its_code() {
    let without = |k: &str| full().into_iter().filter(|(n, _)| *n != k).collect::<Vec<_>>();
    let with_value = |k: &str, v: &'static str| full().into_iter().map(|(n, x)| if n == k { (n, v) } else { (n, x) }).collect::<Vec<_>>();
    let code = |r: Result<LoginParams, tokencheck::Error>| r.err().map(|e| e.code().to_string()).unwrap_or("OK".into());
    assert_eq!(code(params(&without("iss"))), "ERR_LTI_LOGIN_ISS_MISSING");
    assert_eq!(code(params(&with_value("iss", ""))), "ERR_LTI_LOGIN_ISS_MISSING");
    assert_eq!(code(params(&without("login_hint"))), "ERR_LTI_LOGIN_HINT_MISSING");
    assert_eq!(code(params(&without("target_link_uri"))), "ERR_LTI_LOGIN_TARGET_LINK_URI_MISSING");
    let mut dup = full();
    dup.push(("iss", "https://evil.example"));
    let e = params(&dup).unwrap_err();
    assert_eq!((e.code(), e.claim()), ("ERR_LTI_PARAMETER_DUPLICATE", Some("iss")));
    // optional ones may be absent
    assert_eq!(code(params(&without("lti_message_hint"))), "OK");
    assert_eq!(code(params(&without("client_id"))), "OK");

    let regs = [registration()];
    let run = |pairs: Vec<(&str, &str)>, regs: &[Registration], state: &str, nonce: &str| {
        let p = params(&pairs).unwrap();
        create_login_request(&p, regs, &LoginOptions::default(), state, nonce, now())
            .err()
            .map(|e| e.code().to_string())
            .unwrap_or("OK".into())
    };
    assert_eq!(run(with_value("iss", "https://unknown.example"), &regs, STATE, NONCE), "ERR_LTI_REGISTRATION_NOT_FOUND");
    assert_eq!(run(with_value("client_id", "nope"), &regs, STATE, NONCE), "ERR_LTI_CLIENT_ID_UNKNOWN");
    assert_eq!(run(with_value("lti_deployment_id", "deployment-9"), &regs, STATE, NONCE), "ERR_LTI_LOGIN_DEPLOYMENT_ID_UNKNOWN");
    assert_eq!(run(with_value("target_link_uri", "javascript:alert(1)"), &regs, STATE, NONCE), "ERR_LTI_LOGIN_TARGET_LINK_URI_INVALID");
    assert_eq!(run(with_value("target_link_uri", "http://tool.example.com/launch"), &regs, STATE, NONCE), "ERR_LTI_LOGIN_TARGET_LINK_URI_INVALID");
    assert_eq!(run(full(), &regs, "short", NONCE), "ERR_LTI_STATE_ENTROPY_TOO_SHORT");
    assert_eq!(run(full(), &regs, STATE, "bad value with spaces and enough length"), "ERR_LTI_STATE_ENTROPY_TOO_SHORT");
    assert_eq!(run(full(), &regs, STATE, STATE), "ERR_LTI_STATE_ENTROPY_TOO_SHORT");

    // two registrations for one issuer: the login must name its client_id
    let second = Registration::new(ISS, "tool-client-2", AUTH_URL).unwrap().redirect_uris(&[REDIRECT]).unwrap().accept_any_deployment(true);
    let both = [registration(), second];
    assert_eq!(run(without("client_id"), &both, STATE, NONCE), "ERR_LTI_CLIENT_ID_AMBIGUOUS");
    let p = params(&with_value("client_id", "tool-client-2")).unwrap();
    let req = create_login_request(&p, &both, &LoginOptions::default(), STATE, NONCE, now()).unwrap();
    assert_eq!(req.record.client_id, "tool-client-2");

    // target_link_uri allow-list
    let pinned = [registration().target_link_uris(&["https://tool.example.com/other"]).unwrap()];
    assert_eq!(run(full(), &pinned, STATE, NONCE), "ERR_LTI_LOGIN_TARGET_LINK_URI_INVALID");
    // redirect_uri must be registered
    let p = params(&full()).unwrap();
    let opts = LoginOptions { redirect_uri: Some("https://evil.example/cb".into()), ttl_secs: None };
    assert_eq!(create_login_request(&p, &regs, &opts, STATE, NONCE, now()).unwrap_err().code(), "ERR_LTI_REDIRECT_URI_NOT_REGISTERED");
    let no_redirect = [Registration::new(ISS, CLIENT_ID, AUTH_URL).unwrap().deployment_ids(&[DEPLOYMENT]).unwrap()];
    assert_eq!(run(full(), &no_redirect, STATE, NONCE), "ERR_LTI_REDIRECT_URI_NOT_REGISTERED");
    // registration construction rules
    assert_eq!(Registration::new(ISS, CLIENT_ID, "http://platform.example.edu/auth").unwrap_err().code(), "ERR_LTI_REGISTRATION_INVALID");
    assert!(Registration::new("", CLIENT_ID, AUTH_URL).is_err());
    assert!(registration().deployment_ids(&[""]).is_err());
}

#[test]
fn random_state_and_nonce_with_getrandom() {
    use tokencheck::profiles::lti::login::create_login_request_random;
    let p = params(&full()).unwrap();
    let a = create_login_request_random(&p, &[registration()], &LoginOptions::default(), now()).unwrap();
    let b = create_login_request_random(&p, &[registration()], &LoginOptions::default(), now()).unwrap();
    assert_eq!(a.record.state.len(), 43);
    assert_ne!(a.record.state, b.record.state);
    assert_ne!(a.record.nonce, b.record.nonce);
    assert_ne!(a.record.state, a.record.nonce);
}

/// The JSON forms the JS API passes (registration, options, record).
#[test]
fn json_forms() {
    use tokencheck::json;
    use tokencheck::profiles::lti::LaunchOptions;
    let o = |s: &str| json::parse_object(s.as_bytes(), 8).unwrap().unwrap();
    let reg = Registration::from_object(&o(r#"{"issuer":"https://platform.example.edu","clientId":"tool-client-1","authLoginUrl":"https://platform.example.edu/auth","redirectUris":["https://tool.example.com/launch"],"deploymentIds":["deployment-1"],"algorithms":["RS256","ES256"],"trustedAudiences":["x"],"jwksUri":"https://platform.example.edu/jwks"}"#)).unwrap();
    assert_eq!((reg.issuer(), reg.client_id()), (ISS, CLIENT_ID));
    assert_eq!(reg.get_redirect_uris(), [REDIRECT]);
    assert!(reg.knows_deployment(DEPLOYMENT) && !reg.knows_deployment("deployment-2"));
    assert_eq!(reg.get_algorithms().iter().count(), 2);
    for bad in [
        r#"{"issuer":"i","clientId":"c","authLoginUrl":"https://a","redirectURIs":[]}"#,
        r#"{"issuer":"i","clientId":"c"}"#,
        r#"{"issuer":"i","clientId":"c","authLoginUrl":"https://a","algorithms":["HS256"]}"#,
        r#"{"issuer":"i","clientId":"c","authLoginUrl":"https://a","algorithms":["none"]}"#,
        r#"{"issuer":"i","clientId":"c","authLoginUrl":"https://a","deploymentIds":"d"}"#,
        r#"{"issuer":"i","clientId":"c","authLoginUrl":"https://a","acceptAnyDeployment":"yes"}"#,
    ] {
        assert!(Registration::from_object(&o(bad)).is_err(), "{bad}");
    }
    let opts = LaunchOptions::from_object(&o(r#"{"clockTolerance":"1m","maxTokenAge":300,"allowAnonymous":true,"messageTypes":["LtiDeepLinkingRequest"]}"#)).unwrap();
    assert_eq!((opts.clock_tolerance, opts.max_age, opts.allow_anonymous, opts.message_types.len()), (60, Some(300), true, 1));
    for bad in [r#"{"clockTolerence":5}"#, r#"{"allowAnonymous":1}"#, r#"{"messageTypes":["LtiBogus"]}"#, r#"{"maxTokenAge":-1}"#] {
        assert!(LaunchOptions::from_object(&o(bad)).is_err(), "{bad}");
    }
    let lo = LoginOptions::from_object(&o(r#"{"redirectUri":"https://tool.example.com/launch","expiresIn":"5m"}"#)).unwrap();
    assert_eq!(lo.ttl_secs, Some(300));
    assert!(LoginOptions::from_object(&o(r#"{"redirect_uri":"x"}"#)).is_err());
    let r = record();
    assert_eq!(r.to_object().get_str("clientId"), Some(CLIENT_ID));
    assert_eq!(LoginRecord::from_object(&r.to_object()).unwrap(), r);
    assert!(LoginRecord::from_json(r#"{"state":"s"}"#).is_err());
}
