//! OAuth 1.0a request signatures (RFC 5849) as LTI 1.0/1.1 launches use them:
//! form POST parameters signed with HMAC-SHA1 (or HMAC-SHA256) under the
//! consumer secret, no token (LTI 1.1 §4, Basic LTI Implementation Guide §4.1).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use hmac::{Hmac, KeyInit, Mac};

use crate::base64url;
use crate::error::Error;
use crate::jwt::UnixTime;
use crate::profiles::lti::form::{form_decode, parse_form, percent_encode};
use crate::profiles::lti::launch::ct_eq;
use crate::profiles::lti::{LtiError, NonceCheck, NonceStore};
use crate::substr::{split_at, sub};

/// RFC 5849 §3.4 signature methods (HMAC-SHA256 is the common extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureMethod {
    /// RFC 5849 §3.4.2
    HmacSha1,
    /// HMAC-SHA256, same construction with SHA-256.
    HmacSha256,
}

impl SignatureMethod {
    /// The `oauth_signature_method` value.
    pub fn name(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HMAC-SHA1",
            SignatureMethod::HmacSha256 => "HMAC-SHA256",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "HMAC-SHA1" => Some(SignatureMethod::HmacSha1),
            "HMAC-SHA256" => Some(SignatureMethod::HmacSha256),
            _ => None,
        }
    }
}

/// RFC 5849 §3.4.1.2: the base string URI — lower-case scheme and host,
/// the port only when not the scheme's default, the path (`/` when empty),
/// no query, no fragment. Returns it with the query's decoded pairs
/// (§3.4.1.3.1), which take part in the signature.
pub fn normalize_url(url: &str) -> Result<(String, Vec<(String, String)>), Error> {
    let bad = || Error::from(LtiError::OAuthUrlInvalid);
    // (a byte search: core's substring searcher is 2 KB of wasm for this one use)
    let sep = url.as_bytes().windows(3).position(|w| w == b"://").ok_or_else(bad)?;
    let (scheme, rest) = (sub(url, ..sep), sub(url, sep + 3..));
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return Err(bad()),
    };
    let rest = rest.split('#').next().unwrap_or("");
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(i) => split_at(before_query, i),
        None => (before_query, "/"),
    };
    if authority.is_empty() || authority.contains('@') || !url.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad());
    }
    // host[:port], host may be an IPv6 literal in brackets
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']').ok_or_else(bad)?;
        let (h, p) = split_at(authority, end + 1);
        (h, p.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() || port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let mut out = scheme.clone();
    out.push_str("://");
    out.push_str(&host.to_ascii_lowercase());
    if let Some(p) = port.map(|p| p.trim_start_matches('0')).filter(|p| *p != default_port) {
        out.push(':');
        out.push_str(if p.is_empty() { "0" } else { p });
    }
    out.push_str(path);
    let query_pairs = match query {
        Some(q) => parse_form(q).ok_or(LtiError::OAuthEncodingInvalid)?,
        None => Vec::new(),
    };
    Ok((out, query_pairs))
}

/// RFC 5849 §3.4.1.3.2: encode every name and value, sort by name then
/// value, join `name=value` with `&`. `oauth_signature` (and `realm`, which
/// only the Authorization header carries) are excluded.
pub fn normalize_parameters<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut enc: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k.as_ref() != "oauth_signature")
        .map(|(k, v)| (percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect();
    heap_sort(&mut enc);
    let mut out = String::new();
    for (i, (k, v)) in enc.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// In-place heap sort by (name, value): O(n log n) for any input (a hostile
/// request may carry many parameters) in far less code than `slice::sort`.
fn heap_sort(v: &mut [(String, String)]) {
    fn sift_down(v: &mut [(String, String)], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// RFC 5849 §3.4.1.1: `METHOD&encode(base URI)&encode(normalized params)`,
/// with the URL's query pairs added to `params` (the body and protocol
/// parameters, already decoded).
pub fn signature_base_string<K: AsRef<str>, V: AsRef<str>>(method: &str, url: &str, params: &[(K, V)]) -> Result<String, Error> {
    let (base_uri, mut all) = normalize_url(url)?;
    all.extend(params.iter().map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string())));
    let mut out = method.to_ascii_uppercase();
    out.push('&');
    out.push_str(&percent_encode(&base_uri));
    out.push('&');
    out.push_str(&percent_encode(&normalize_parameters(&all)));
    Ok(out)
}

/// RFC 5849 §3.4.2: base64(HMAC(encode(consumer_secret) & encode(token_secret), base string)).
pub fn sign(method: SignatureMethod, base_string: &str, consumer_secret: &str, token_secret: &str) -> String {
    let mut key = percent_encode(consumer_secret);
    key.push('&');
    key.push_str(&percent_encode(token_secret));
    fn mac<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Vec<u8> {
        let mut m = <M as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        m.update(msg);
        m.finalize().into_bytes().to_vec()
    }
    let tag = match method {
        SignatureMethod::HmacSha1 => mac::<Hmac<sha1::Sha1>>(key.as_bytes(), base_string.as_bytes()),
        SignatureMethod::HmacSha256 => mac::<Hmac<sha2::Sha256>>(key.as_bytes(), base_string.as_bytes()),
    };
    base64url::encode_standard(&tag)
}

/// Options for [`verify_request`].
#[derive(Clone, Copy, Debug)]
pub struct OAuthOptions {
    /// Accepted distance between `oauth_timestamp` and now, in seconds (default 300).
    pub timestamp_window: i64,
    /// Accept HMAC-SHA1 (default true: LTI 1.1 requires it).
    pub allow_sha1: bool,
}

impl Default for OAuthOptions {
    fn default() -> Self {
        OAuthOptions { timestamp_window: 300, allow_sha1: true }
    }
}

/// A request whose signature and timestamp passed; its nonce still has to
/// be consumed once (RFC 5849 §3.3).
#[derive(Debug)]
#[must_use = "the oauth_nonce must be consumed before the request is trusted"]
pub struct PendingRequest {
    request: SignedRequest,
    nonce_key: String,
    nonce_expires_at: UnixTime,
}

/// A verified OAuth 1.0a signed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    pub consumer_key: String,
    pub signature_method: SignatureMethod,
    pub timestamp: i64,
    pub nonce: String,
    /// Every parameter of the request (query and body), `oauth_*` included.
    pub params: Vec<(String, String)>,
}

impl SignedRequest {
    /// The single value of a parameter (`None` when absent).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl PendingRequest {
    /// The replay-store key: consumer key and nonce (RFC 5849 §3.3: a nonce
    /// is unique per timestamp and client; we keep it for the whole window).
    pub fn nonce_key(&self) -> &str {
        &self.nonce_key
    }

    pub fn nonce_expires_at(&self) -> UnixTime {
        self.nonce_expires_at
    }

    /// RFC 5849 §3.3 with a synchronous store.
    pub fn consume_nonce(self, store: &mut impl NonceStore, now: UnixTime) -> Result<SignedRequest, Error> {
        let c = store.use_once(&self.nonce_key, self.nonce_expires_at, now)?;
        self.nonce_consumed(c == NonceCheck::Fresh)
    }

    /// With an external store: `true` only when it atomically recorded the key.
    pub fn nonce_consumed(self, first_use: bool) -> Result<SignedRequest, Error> {
        if first_use { Ok(self.request) } else { Err(LtiError::OAuthNonceReplayed.into()) }
    }
}

const PROTOCOL: [&str; 6] =
    ["oauth_consumer_key", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_version"];

/// RFC 5849 §3.2: verify a signed request. `method` and `url` are the
/// request line as the tool received it (behind a proxy: the public URL);
/// `params` the decoded body pairs (the URL's query pairs are added here).
/// `secret_for` returns the consumer secret of a consumer key.
///
/// Checks: each protocol parameter at most once; `oauth_version` absent or
/// `1.0`; method HMAC-SHA1/HMAC-SHA256; known consumer key; timestamp a
/// decimal within the window; signature (constant time). Then the caller
/// consumes the nonce.
pub fn verify_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    url: &str,
    params: &[(K, V)],
    secret_for: impl FnOnce(&str) -> Option<String>,
    options: &OAuthOptions,
    now: UnixTime,
) -> Result<PendingRequest, Error> {
    let (_, query) = normalize_url(url)?;
    let mut all: Vec<(String, String)> = query;
    all.extend(params.iter().map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string())));

    let mut found: [Option<&str>; 6] = [None; 6];
    for (k, v) in &all {
        if let Some(i) = PROTOCOL.iter().position(|p| p == k) {
            if found[i].is_some() {
                return Err(LtiError::OAuthParameterDuplicate(PROTOCOL[i]).into());
            }
            found[i] = Some(v.as_str());
        }
    }
    let need = |i: usize| found[i].filter(|v| !v.is_empty()).ok_or(Error::from(LtiError::OAuthParameterMissing(PROTOCOL[i])));
    let consumer_key = need(0)?;
    let sig_method = need(1)?;
    let timestamp = need(2)?;
    let nonce = need(3)?;
    let signature = need(4)?;
    if found[5].is_some_and(|v| v != "1.0") {
        return Err(LtiError::OAuthVersionUnsupported.into());
    }
    let sig_method = SignatureMethod::from_name(sig_method)
        .filter(|m| options.allow_sha1 || *m != SignatureMethod::HmacSha1)
        .ok_or(LtiError::OAuthSignatureMethodUnsupported)?;
    let secret = secret_for(consumer_key).ok_or(LtiError::OAuthConsumerKeyUnknown)?;
    if timestamp.is_empty() || timestamp.len() > 12 || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LtiError::OAuthTimestampInvalid.into());
    }
    let ts: i64 = timestamp.parse().map_err(|_| LtiError::OAuthTimestampInvalid)?;
    if (now.as_secs() - ts).abs() > options.timestamp_window {
        return Err(LtiError::OAuthTimestampOutOfWindow.into());
    }
    let base = signature_base_string(method, url, params)?;
    let want = sign(sig_method, &base, &secret, "");
    if !ct_eq(&want, signature) {
        return Err(LtiError::OAuthSignatureInvalid.into());
    }
    let request = SignedRequest {
        consumer_key: consumer_key.to_string(),
        signature_method: sig_method,
        timestamp: ts,
        nonce: nonce.to_string(),
        params: all.clone(),
    };
    let mut nonce_key = String::from("oauth1\n");
    nonce_key.push_str(consumer_key);
    nonce_key.push('\n');
    nonce_key.push_str(nonce);
    Ok(PendingRequest {
        request,
        nonce_key,
        nonce_expires_at: UnixTime::from_secs(ts.max(now.as_secs()) + options.timestamp_window + 1),
    })
}

/// Sign parameters as a platform would (for tests, and for tools that send
/// signed LTI 1.1 messages such as outcomes): adds the protocol parameters
/// and `oauth_signature`, returns the full parameter list.
#[allow(clippy::too_many_arguments)]
pub fn sign_request(
    method: &str,
    url: &str,
    params: &[(String, String)],
    consumer_key: &str,
    consumer_secret: &str,
    signature_method: SignatureMethod,
    nonce: &str,
    now: UnixTime,
) -> Result<Vec<(String, String)>, Error> {
    let mut all: Vec<(String, String)> = params.iter().filter(|(k, _)| !k.starts_with("oauth_")).cloned().collect();
    all.push(("oauth_consumer_key".into(), consumer_key.into()));
    all.push(("oauth_signature_method".into(), signature_method.name().into()));
    all.push(("oauth_timestamp".into(), now.as_secs().to_string()));
    all.push(("oauth_nonce".into(), nonce.into()));
    all.push(("oauth_version".into(), "1.0".into()));
    let base = signature_base_string(method, url, &all)?;
    all.push(("oauth_signature".into(), sign(signature_method, &base, consumer_secret, "")));
    Ok(all)
}

/// Decode one form component (re-exported for callers that parse bodies).
pub fn decode_component(s: &str) -> Option<String> {
    form_decode(s)
}

/// LTI 1.1 §B (Basic LTI launch): `lti_message_type` is
/// `basic-lti-launch-request` (or a known 1.x message), `lti_version`
/// `LTI-1p0` / `LTI-1p2`, and a basic launch names its `resource_link_id`.
pub fn check_lti11_launch(request: &SignedRequest) -> Result<(), Error> {
    let mt = request.get("lti_message_type").ok_or(LtiError::V1MessageInvalid("lti_message_type"))?;
    if !matches!(mt, "basic-lti-launch-request" | "ContentItemSelectionRequest" | "ToolProxyRegistrationRequest" | "ToolProxyReregistrationRequest") {
        return Err(LtiError::V1MessageInvalid("lti_message_type").into());
    }
    if !matches!(request.get("lti_version"), Some("LTI-1p0" | "LTI-1p2")) {
        return Err(LtiError::V1MessageInvalid("lti_version").into());
    }
    if mt == "basic-lti-launch-request" && request.get("resource_link_id").is_none_or(str::is_empty) {
        return Err(LtiError::V1MessageInvalid("resource_link_id").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_sort_orders_by_name_then_value() {
        let mut v: Vec<(String, String)> = [("b", "1"), ("a", "2"), ("a", "1"), ("c", ""), ("a", "10"), ("", "z")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut want = v.clone();
        want.sort();
        heap_sort(&mut v);
        assert_eq!(v, want);
        let mut many: Vec<(String, String)> = (0..500).map(|i| ((i * 7919 % 503).to_string(), (i % 3).to_string())).collect();
        let mut want = many.clone();
        want.sort();
        heap_sort(&mut many);
        assert_eq!(many, want);
    }

    #[test]
    fn url_normalization_rfc5849_3_4_1_2() {
        assert_eq!(normalize_url("HTTP://EXAMPLE.COM:80/r%20v/X?id=123").unwrap().0, "http://example.com/r%20v/X");
        assert_eq!(normalize_url("https://www.example.net:8080/?q=1").unwrap().0, "https://www.example.net:8080/");
        assert_eq!(normalize_url("https://example.com:443").unwrap().0, "https://example.com/");
        assert_eq!(normalize_url("http://[::1]:8080/x#frag").unwrap().0, "http://[::1]:8080/x");
        for bad in ["ftp://x/", "https://", "https://u@h/", "https://h:/", "https://h:x/", "https://h /", "h/p"] {
            assert!(normalize_url(bad).is_err(), "{bad}");
        }
    }
}
