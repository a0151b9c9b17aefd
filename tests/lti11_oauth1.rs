//! lti.md §E: OAuth 1.0a (RFC 5849) signatures of LTI 1.0/1.1 launches.

use tokencheck::UnixTime;
use tokencheck::lti11::oauth1::{
    OAuthOptions, SignatureMethod, check_lti11_launch, sign, sign_request, signature_base_string, verify_request,
};
use tokencheck::profiles::lti::MemoryNonceStore;
use tokencheck::profiles::lti::form::parse_form;

/// RFC 5849 §3.4.1.1: the example request and its signature base string
/// (query `b5=%3D%253D&a3=a&c%40=&a2=r%20b`, body `c2&a3=2+q`, the
/// Authorization header's protocol parameters; `realm` excluded).
#[test]
fn rfc5849_3_4_1_1_base_string() {
    let mut params = parse_form("c2&a3=2+q").unwrap();
    for (k, v) in [
        ("oauth_consumer_key", "9djdj82h48djs9d2"),
        ("oauth_token", "kkk9d7dh3k39sjv7"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "137131201"),
        ("oauth_nonce", "7d8f3e4a"),
        ("oauth_signature", "bYT5CMsGcbgUdFHObYMEfcx6bsw="),
    ] {
        params.push((k.into(), v.into()));
    }
    let base = signature_base_string("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", &params).unwrap();
    assert_eq!(
        base,
        "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
    );
}

/// Two real LTI 1.1 launches (HMAC-SHA1) produced by Instructure's LTI test
/// consumer, published as fixtures in the test suite of harvard-edtech/caccl-lti
/// (test/examples/launches/valid.js): POST https://localhost:8080/launch,
/// consumer secret c64d84750dcb21febd995058588f019f.
type Pairs = Vec<(String, String)>;

fn caccl_launches() -> Vec<(Pairs, &'static str, i64)> {
    let common = |ts: &str, nonce: &str, rest: &[(&str, &str)]| {
        let mut p: Vec<(String, String)> = vec![
            ("oauth_consumer_key".into(), "5b6ee40cc9fcdaede550654a93307dcd".into()),
            ("oauth_signature_method".into(), "HMAC-SHA1".into()),
            ("oauth_timestamp".into(), ts.into()),
            ("oauth_nonce".into(), nonce.into()),
            ("oauth_version".into(), "1.0".into()),
        ];
        p.extend(rest.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        p
    };
    vec![
        (
            common(
                "1536162928",
                "1rC2NGlkEacq5jD0u7msfCT0mRfOaFMz4jJyvHM4MsQ",
                &[
                    ("context_id", "e05c24be1e"),
                    ("context_title", "Section 955"),
                    ("launch_presentation_return_url", "https://learn-lti.herokuapp.com/tool_return/signature_check/2/6862"),
                    ("lis_person_name_full", "Dong Miller"),
                    ("lti_message_type", "basic-lti-launch-request"),
                    ("lti_version", "LTI-1p0"),
                    ("resource_link_id", "30fd061cfe"),
                    ("roles", ""),
                    ("tool_consumer_instance_name", "Organization 738"),
                    ("user_id", "b029d74d0a"),
                ],
            ),
            "/tuo1sYQB8oKiKfbR7xB7ayuv0s=",
            1536162928,
        ),
        (
            common(
                "1536162929",
                "gF0HZHJPGyeicNv8eW0NFlhLyv0l60mkT7albdBaws",
                &[
                    ("context_id", "b716c3bf45"),
                    ("context_title", "Course 517"),
                    ("launch_presentation_return_url", "https://learn-lti.herokuapp.com/tool_return/signature_check/2/628"),
                    ("lis_person_name_full", "Dong Jones"),
                    ("lti_message_type", "basic-lti-launch-request"),
                    ("lti_version", "LTI-1p0"),
                    ("resource_link_id", "ca96a54273"),
                    ("roles", "urn:lti:instrole:ims/lis/administrator"),
                    ("tool_consumer_instance_name", "Class 465"),
                    ("user_id", "b0a13934a8"),
                ],
            ),
            "s182wI2czmouKeqG5Bj7aX7N5BQ=",
            1536162929,
        ),
    ]
}

const CACCL_URL: &str = "https://localhost:8080/launch";
const CACCL_SECRET: &str = "c64d84750dcb21febd995058588f019f";

#[test]
fn published_lti11_launch_signatures() {
    for (params, sig, ts) in caccl_launches() {
        let base = signature_base_string("POST", CACCL_URL, &params).unwrap();
        assert_eq!(sign(SignatureMethod::HmacSha1, &base, CACCL_SECRET, ""), sig);
        let mut signed = params.clone();
        signed.push(("oauth_signature".into(), sig.into()));
        let now = UnixTime::from_secs(ts + 10);
        let secret = |k: &str| (k == "5b6ee40cc9fcdaede550654a93307dcd").then(|| CACCL_SECRET.to_string());
        let mut nonces = MemoryNonceStore::new();
        let req = verify_request("POST", CACCL_URL, &signed, secret, &OAuthOptions::default(), now).unwrap().consume_nonce(&mut nonces, now).unwrap();
        assert_eq!(req.consumer_key, "5b6ee40cc9fcdaede550654a93307dcd");
        assert_eq!(req.signature_method, SignatureMethod::HmacSha1);
        check_lti11_launch(&req).unwrap();
        // the same launch again: nonce replayed
        let again = verify_request("POST", CACCL_URL, &signed, secret, &OAuthOptions::default(), now).unwrap().consume_nonce(&mut nonces, now);
        assert_eq!(again.unwrap_err().code(), "ERR_LTI_OAUTH_NONCE_REPLAYED");
    }
}

const URL: &str = "https://tool.example.com/lti11/launch?course=7";
const KEY: &str = "consumer-1";
const SECRET: &str = "s3cr3t & ünïcode";
const TS: i64 = 1_700_000_000;

fn launch_params() -> Vec<(String, String)> {
    [
        ("lti_message_type", "basic-lti-launch-request"),
        ("lti_version", "LTI-1p0"),
        ("resource_link_id", "rl-9"),
        ("user_id", "u-1"),
        ("roles", "Instructor,urn:lti:instrole:ims/lis/Administrator"),
        ("custom_text", "a+b c&d=é"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn secret_of(k: &str) -> Option<String> {
    (k == KEY).then(|| SECRET.to_string())
}

fn verify(params: &[(String, String)], now: i64) -> Result<tokencheck::lti11::oauth1::SignedRequest, tokencheck::Error> {
    let now = UnixTime::from_secs(now);
    verify_request("POST", URL, params, secret_of, &OAuthOptions::default(), now)?.consume_nonce(&mut MemoryNonceStore::new(), now)
}

#[test]
fn sign_and_verify_both_methods() {
    for method in [SignatureMethod::HmacSha1, SignatureMethod::HmacSha256] {
        let signed = sign_request("POST", URL, &launch_params(), KEY, SECRET, method, "nonce-abc", UnixTime::from_secs(TS)).unwrap();
        let req = verify(&signed, TS).unwrap();
        assert_eq!(req.signature_method, method);
        assert_eq!(req.get("custom_text"), Some("a+b c&d=é"));
        assert_eq!(req.get("course"), Some("7"), "query parameters are part of the request");
        // window edges
        assert!(verify(&signed, TS + 300).is_ok());
        assert!(verify(&signed, TS - 300).is_ok());
        assert_eq!(verify(&signed, TS + 301).unwrap_err().code(), "ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW");
        assert_eq!(verify(&signed, TS - 301).unwrap_err().code(), "ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW");
    }
    // the URL's case-insensitive parts and default port do not matter; the path does
    let signed = sign_request("POST", URL, &launch_params(), KEY, SECRET, SignatureMethod::HmacSha256, "n2", UnixTime::from_secs(TS)).unwrap();
    let now = UnixTime::from_secs(TS);
    assert!(verify_request("post", "HTTPS://Tool.Example.COM:443/lti11/launch?course=7", &signed, secret_of, &OAuthOptions::default(), now).is_ok());
    assert_eq!(
        verify_request("POST", "https://tool.example.com/lti11/Launch?course=7", &signed, secret_of, &OAuthOptions::default(), now).unwrap_err().code(),
        "ERR_LTI_OAUTH_SIGNATURE_INVALID"
    );
    assert_eq!(
        verify_request("GET", URL, &signed, secret_of, &OAuthOptions::default(), now).unwrap_err().code(),
        "ERR_LTI_OAUTH_SIGNATURE_INVALID"
    );
}

#[test]
fn every_refusal_has_its_code() {
    let signed = sign_request("POST", URL, &launch_params(), KEY, SECRET, SignatureMethod::HmacSha1, "nonce-1", UnixTime::from_secs(TS)).unwrap();
    let edit = |name: &str, value: Option<&str>| -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = signed.iter().filter(|(k, _)| k != name).cloned().collect();
        if let Some(v) = value {
            p.push((name.into(), v.into()));
        }
        p
    };
    let code = |p: Vec<(String, String)>| verify(&p, TS).err().map(|e| e.code().to_string()).unwrap_or("OK".into());
    assert_eq!(code(signed.clone()), "OK");
    for p in ["oauth_consumer_key", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature"] {
        assert_eq!(code(edit(p, None)), "ERR_LTI_OAUTH_PARAMETER_MISSING", "{p}");
    }
    let mut dup = signed.clone();
    dup.push(("oauth_nonce".into(), "other".into()));
    assert_eq!(code(dup), "ERR_LTI_OAUTH_PARAMETER_DUPLICATE");
    assert_eq!(code(edit("oauth_version", Some("2.0"))), "ERR_LTI_OAUTH_VERSION_UNSUPPORTED");
    assert_eq!(code(edit("oauth_signature_method", Some("PLAINTEXT"))), "ERR_LTI_OAUTH_SIGNATURE_METHOD_UNSUPPORTED");
    assert_eq!(code(edit("oauth_signature_method", Some("RSA-SHA1"))), "ERR_LTI_OAUTH_SIGNATURE_METHOD_UNSUPPORTED");
    assert_eq!(code(edit("oauth_consumer_key", Some("unknown"))), "ERR_LTI_OAUTH_CONSUMER_KEY_UNKNOWN");
    assert_eq!(code(edit("oauth_timestamp", Some("17e8"))), "ERR_LTI_OAUTH_TIMESTAMP_INVALID");
    assert_eq!(code(edit("oauth_timestamp", Some("-1700000000"))), "ERR_LTI_OAUTH_TIMESTAMP_INVALID");
    assert_eq!(code(edit("oauth_signature", Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="))), "ERR_LTI_OAUTH_SIGNATURE_INVALID");
    assert_eq!(code(edit("user_id", Some("u-2"))), "ERR_LTI_OAUTH_SIGNATURE_INVALID", "tampered parameter");
    assert_eq!(code(edit("oauth_signature_method", Some("HMAC-SHA256"))), "ERR_LTI_OAUTH_SIGNATURE_INVALID", "method swapped");
    let mut extra = signed.clone();
    extra.push(("injected".into(), "1".into()));
    assert_eq!(code(extra), "ERR_LTI_OAUTH_SIGNATURE_INVALID", "added parameter");
    // SHA-1 can be switched off
    let opts = OAuthOptions { allow_sha1: false, ..Default::default() };
    let e = verify_request("POST", URL, &signed, secret_of, &opts, UnixTime::from_secs(TS)).unwrap_err();
    assert_eq!(e.code(), "ERR_LTI_OAUTH_SIGNATURE_METHOD_UNSUPPORTED");
    // a URL that cannot be normalized
    let e = verify_request("POST", "ftp://x/y", &signed, secret_of, &OAuthOptions::default(), UnixTime::from_secs(TS)).unwrap_err();
    assert_eq!(e.code(), "ERR_LTI_OAUTH_URL_INVALID");
    let e = verify_request("POST", "https://x/y?a=%ZZ", &signed, secret_of, &OAuthOptions::default(), UnixTime::from_secs(TS)).unwrap_err();
    assert_eq!(e.code(), "ERR_LTI_OAUTH_ENCODING_INVALID");
    // async store path
    let p = verify_request("POST", URL, &signed, secret_of, &OAuthOptions::default(), UnixTime::from_secs(TS)).unwrap();
    assert_eq!(p.nonce_key(), "oauth1\nconsumer-1\nnonce-1");
    assert_eq!(p.nonce_consumed(false).unwrap_err().code(), "ERR_LTI_OAUTH_NONCE_REPLAYED");
}

#[test]
fn lti11_message_checks() {
    let check = |edit: &dyn Fn(&mut Pairs)| {
        let mut p = launch_params();
        edit(&mut p);
        let signed = sign_request("POST", URL, &p, KEY, SECRET, SignatureMethod::HmacSha1, "n", UnixTime::from_secs(TS)).unwrap();
        let req = verify(&signed, TS).unwrap();
        check_lti11_launch(&req).err().map(|e| (e.code().to_string(), e.claim().unwrap().to_string()))
    };
    assert_eq!(check(&|_| {}), None);
    let set = |k: &'static str, v: &'static str| move |p: &mut Vec<(String, String)>| {
        p.retain(|(n, _)| n != k);
        if !v.is_empty() {
            p.push((k.into(), v.into()));
        }
    };
    assert_eq!(check(&set("lti_message_type", "")), Some(("ERR_LTI_V1_MESSAGE_INVALID".into(), "lti_message_type".into())));
    assert_eq!(check(&set("lti_message_type", "evil")), Some(("ERR_LTI_V1_MESSAGE_INVALID".into(), "lti_message_type".into())));
    assert_eq!(check(&set("lti_version", "LTI-2p0")), Some(("ERR_LTI_V1_MESSAGE_INVALID".into(), "lti_version".into())));
    assert_eq!(check(&set("resource_link_id", "")), Some(("ERR_LTI_V1_MESSAGE_INVALID".into(), "resource_link_id".into())));
}
