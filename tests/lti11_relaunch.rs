//! lti.md §E: the LTI 1.1.2 relaunch flow (LTI Security Update 1.0), happy
//! path and every refusal.

use tokencheck::UnixTime;
use tokencheck::lti11::oauth1::{OAuthOptions, SignatureMethod, SignedRequest, sign_request, verify_request};
use tokencheck::lti11::relaunch::{
    FirstLaunch, RelaunchMethod, build_relaunch, create_tool_state, detect_first_launch, verify_relaunch,
};
use tokencheck::profiles::lti::MemoryNonceStore;
use tokencheck::profiles::lti::form::parse_form;

const URL: &str = "https://tool.example.com/lti11/launch";
const KEY: &str = "consumer-1";
const SECRET: &str = "consumer-secret";
const TS: i64 = 1_700_000_000;
const TOOL_SECRET: &[u8] = b"tool-state-hmac-secret-32-bytes!";
const BROWSER: &str = "YnJvd3Nlci1jb29raWUtcmFuZG9tLXZhbHVl";
const JTI: &str = "dG9vbC1zdGF0ZS1yYW5kb20tMTI4LWJpdHM";
const RELAUNCH: &str = "https://platform.example.edu/lti/relaunch?ctx=1";
const PSTATE: &str = "opaque platform state / with spaces & symbols";

/// The platform signs a launch; the tool verifies the OAuth signature.
fn platform_launch(pairs: &[(&str, &str)], nonce: &str, ts: i64) -> SignedRequest {
    let params: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let signed = sign_request("POST", URL, &params, KEY, SECRET, SignatureMethod::HmacSha256, nonce, UnixTime::from_secs(ts)).unwrap();
    let secret = |k: &str| (k == KEY).then(|| SECRET.to_string());
    verify_request("POST", URL, &signed, secret, &OAuthOptions::default(), UnixTime::from_secs(ts)).unwrap().nonce_consumed(true).unwrap()
}

fn first_launch_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("lti_message_type", "basic-lti-launch-request"),
        ("lti_version", "LTI-1p0"),
        ("resource_link_id", "rl-1"),
        ("relaunch_url", RELAUNCH),
        ("platform_state", PSTATE),
    ]
}

fn relaunch_params(tool_state: &str, platform_state: &str) -> Vec<(String, String)> {
    vec![
        ("lti_message_type".into(), "basic-lti-launch-request".into()),
        ("lti_version".into(), "LTI-1p0".into()),
        ("resource_link_id".into(), "rl-1".into()),
        ("user_id".into(), "user-77".into()),
        ("lis_person_name_full".into(), "Grace Hopper".into()),
        ("platform_state".into(), platform_state.into()),
        ("tool_state".into(), tool_state.into()),
    ]
}

fn signed_relaunch(params: &[(String, String)], nonce: &str, ts: i64) -> SignedRequest {
    let p: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    platform_launch(&p, nonce, ts)
}

#[test]
fn happy_path_get_and_post() {
    for method in [RelaunchMethod::Get, RelaunchMethod::Post] {
        // (1) anonymous signed first launch
        let first_req = platform_launch(&first_launch_params(), "n-first", TS);
        let first = detect_first_launch(&first_req).unwrap().expect("a 1.1.2 first launch");
        assert_eq!(first, FirstLaunch { relaunch_url: RELAUNCH.into(), platform_state: PSTATE.into() });
        // (2) tool_state bound to this browser and platform_state; back to the platform
        let tool_state = create_tool_state(TOOL_SECRET, &first, BROWSER, JTI, UnixTime::from_secs(TS), 300).unwrap();
        let rel = build_relaunch(&first, &tool_state, method);
        match method {
            RelaunchMethod::Get => {
                let (base, q) = rel.url.split_once("?ctx=1&").unwrap();
                assert_eq!(base, "https://platform.example.edu/lti/relaunch");
                let q = parse_form(q).unwrap();
                assert_eq!(q, [("platform_state".to_string(), PSTATE.to_string()), ("tool_state".into(), tool_state.clone())]);
                assert!(rel.html().contains("http-equiv=\"refresh\""));
            }
            RelaunchMethod::Post => {
                assert_eq!(rel.url, RELAUNCH);
                assert_eq!(rel.params[0], ("platform_state".to_string(), PSTATE.to_string()));
                assert_eq!(rel.params[1].1, tool_state);
                let html = rel.html();
                assert!(html.contains("method=\"post\"") && html.contains("name=\"tool_state\""), "{html}");
                assert!(html.contains("opaque platform state / with spaces &amp; symbols"));
            }
        }
        // (3) the platform relaunches with identity; (4) the tool accepts it once
        let relaunch = signed_relaunch(&relaunch_params(&tool_state, PSTATE), "n-relaunch", TS + 20);
        assert_eq!(detect_first_launch(&relaunch).unwrap(), None);
        let mut used = MemoryNonceStore::new();
        let now = UnixTime::from_secs(TS + 20);
        let ok = verify_relaunch(relaunch.clone(), TOOL_SECRET, BROWSER, now).unwrap().consume(&mut used, now).unwrap();
        assert_eq!(ok.get("user_id"), Some("user-77"));
        // unused: a second relaunch with the same tool_state is refused
        let again = verify_relaunch(relaunch, TOOL_SECRET, BROWSER, now).unwrap().consume(&mut used, now);
        assert_eq!(again.unwrap_err().code(), "ERR_LTI_TOOL_STATE_REPLAYED");
    }
}

#[test]
fn first_launch_refusals() {
    let code = |pairs: Vec<(&str, &str)>| {
        detect_first_launch(&platform_launch(&pairs, "n", TS)).err().map(|e| e.code().to_string()).unwrap_or("OK".into())
    };
    let edit = |k: &'static str, v: Option<&'static str>| {
        let mut p: Vec<(&str, &str)> = first_launch_params().into_iter().filter(|(n, _)| *n != k).collect();
        if let Some(v) = v {
            p.push((k, v));
        }
        p
    };
    assert_eq!(code(first_launch_params()), "OK");
    assert_eq!(code(edit("platform_state", Some(""))), "ERR_LTI_RELAUNCH_PLATFORM_STATE_EMPTY");
    assert_eq!(code(edit("platform_state", None)), "ERR_LTI_RELAUNCH_PLATFORM_STATE_EMPTY");
    assert_eq!(code(edit("relaunch_url", Some("javascript:alert(1)"))), "ERR_LTI_RELAUNCH_URL_INVALID");
    assert_eq!(code(edit("relaunch_url", Some("http://platform.example.edu/relaunch"))), "ERR_LTI_RELAUNCH_URL_INVALID");
    let mut with_user = first_launch_params();
    with_user.push(("user_id", "u1"));
    assert_eq!(code(with_user), "ERR_LTI_RELAUNCH_NOT_ANONYMOUS");
    let mut with_email = first_launch_params();
    with_email.push(("lis_person_contact_email_primary", "a@b.c"));
    assert_eq!(code(with_email), "ERR_LTI_RELAUNCH_NOT_ANONYMOUS");
    let mut twice = first_launch_params();
    twice.push(("platform_state", "other"));
    assert_eq!(code(twice), "ERR_LTI_PARAMETER_DUPLICATE");
    // a launch without relaunch_url is not a first launch
    assert_eq!(detect_first_launch(&platform_launch(&[("lti_message_type", "basic-lti-launch-request")], "n", TS)).unwrap(), None);
    // tool_state needs a real browser binding
    let first = FirstLaunch { relaunch_url: RELAUNCH.into(), platform_state: PSTATE.into() };
    assert_eq!(create_tool_state(TOOL_SECRET, &first, "short", JTI, UnixTime::from_secs(TS), 300).unwrap_err().code(), "ERR_LTI_STATE_ENTROPY_TOO_SHORT");
}

#[test]
fn relaunch_refusals() {
    let first = FirstLaunch { relaunch_url: RELAUNCH.into(), platform_state: PSTATE.into() };
    let now = UnixTime::from_secs(TS + 20);
    let good = create_tool_state(TOOL_SECRET, &first, BROWSER, JTI, UnixTime::from_secs(TS), 300).unwrap();
    let code = |params: Vec<(String, String)>, browser: &str, at: UnixTime| {
        verify_relaunch(signed_relaunch(&params, "n", at.as_secs()), TOOL_SECRET, browser, at)
            .err()
            .map(|e| e.code().to_string())
            .unwrap_or("OK".into())
    };
    assert_eq!(code(relaunch_params(&good, PSTATE), BROWSER, now), "OK");
    // missing tool_state
    let mut none = relaunch_params(&good, PSTATE);
    none.retain(|(k, _)| k != "tool_state");
    assert_eq!(code(none, BROWSER, now), "ERR_LTI_TOOL_STATE_MISSING");
    // not ours: another secret, garbage, an HS256 JWT of another typ
    let foreign = create_tool_state(b"another-tool-secret-of-32-bytes!", &first, BROWSER, JTI, UnixTime::from_secs(TS), 300).unwrap();
    assert_eq!(code(relaunch_params(&foreign, PSTATE), BROWSER, now), "ERR_LTI_TOOL_STATE_INVALID");
    assert_eq!(code(relaunch_params("not-a-jwt", PSTATE), BROWSER, now), "ERR_LTI_TOOL_STATE_INVALID");
    let oauth_state = tokencheck::oauth::state::create_signed_state(TOOL_SECRET, JTI, None, UnixTime::from_secs(TS), 300).unwrap();
    assert_eq!(code(relaunch_params(&oauth_state, PSTATE), BROWSER, now), "ERR_LTI_TOOL_STATE_INVALID");
    // expired
    let late = UnixTime::from_secs(TS + 300);
    assert_eq!(code(relaunch_params(&good, PSTATE), BROWSER, late), "ERR_LTI_TOOL_STATE_EXPIRED");
    // another browser
    assert_eq!(code(relaunch_params(&good, PSTATE), "YW5vdGhlci1icm93c2VyLWNvb2tpZS12YWx1ZQ", now), "ERR_LTI_TOOL_STATE_BROWSER_MISMATCH");
    assert_eq!(code(relaunch_params(&good, PSTATE), "", now), "ERR_LTI_TOOL_STATE_BROWSER_MISMATCH");
    // platform_state changed or dropped
    assert_eq!(code(relaunch_params(&good, "other platform state"), BROWSER, now), "ERR_LTI_TOOL_STATE_PLATFORM_STATE_MISMATCH");
    let mut no_ps = relaunch_params(&good, PSTATE);
    no_ps.retain(|(k, _)| k != "platform_state");
    assert_eq!(code(no_ps, BROWSER, now), "ERR_LTI_TOOL_STATE_PLATFORM_STATE_MISMATCH");
    // still anonymous
    let mut anon = relaunch_params(&good, PSTATE);
    anon.retain(|(k, _)| k != "user_id");
    assert_eq!(code(anon, BROWSER, now), "ERR_LTI_RELAUNCH_IDENTITY_MISSING");
    // tampered tool_state (flip a payload character)
    let mut parts: Vec<String> = good.split('.').map(String::from).collect();
    let c = parts[1].pop().unwrap();
    parts[1].push(if c == 'A' { 'B' } else { 'A' });
    assert_eq!(code(relaunch_params(&parts.join("."), PSTATE), BROWSER, now), "ERR_LTI_TOOL_STATE_INVALID");
    // async store path
    let p = verify_relaunch(signed_relaunch(&relaunch_params(&good, PSTATE), "n", now.as_secs()), TOOL_SECRET, BROWSER, now).unwrap();
    assert_eq!(p.expires_at(), UnixTime::from_secs(TS + 300));
    assert_eq!(p.consumed(false).unwrap_err().code(), "ERR_LTI_TOOL_STATE_REPLAYED");
}
