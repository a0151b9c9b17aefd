//! The authorization request of the authorization-code flow (RFC 6749
//! §4.1.1) with PKCE (RFC 7636 §4.3) and, for OpenID Connect, `nonce`
//! (OIDC Core §3.1.2.1): the URL a browser client (IHE IUA ITI-71, SMART App
//! Launch, OIDC) sends the user to.
//!
//! The endpoint comes from validated metadata ([`AuthorizationEndpoint::from_metadata`],
//! RFC 8414) or from configuration ([`AuthorizationEndpoint::parse`]). Rules:
//! - the endpoint is an absolute `https` URL without a fragment (RFC 6749
//!   §3.1); its existing query parameters are kept as they are;
//! - no parameter may be set twice, in the parameters or against the
//!   endpoint's query (RFC 6749 §3.1 "Request and response parameters MUST
//!   NOT be included more than once");
//! - `response_type` is `code`; `client_id`, `redirect_uri`, `state` and
//!   `code_challenge` are required; `code_challenge_method` defaults to
//!   `S256` (`plain` only when given by name);
//! - values are `application/x-www-form-urlencoded` (WHATWG URL §5.2, the
//!   encoding of `URLSearchParams`; RFC 6749 Appendix B).

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::bearer::is_scope_token;
use super::discovery::{AuthorizationServerMetadata, UrlRules, check_url};
use super::pkce::{self, Method};
use crate::error::{Error, Reason};
use crate::profiles::lti::form::parse_form;

/// Shortest `state` / `nonce` accepted: 22 characters, 128 bits when the
/// value is random base64url (RFC 6749 §10.12, OIDC Core §15.5.2).
pub const MIN_STATE_LEN: usize = 22;

/// Parameters placed first, in this order; any other parameter follows in
/// the caller's order.
const KNOWN: [&str; 8] =
    ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method"];

fn invalid(parameter: &'static str, reason: Reason) -> Error {
    Error::AuthorizationRequestInvalid { parameter: Cow::Borrowed(parameter), reason }
}

/// An authorization endpoint that passed the URL rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationEndpoint {
    url: String,
    /// Names already in the endpoint's query (decoded).
    query_names: Vec<String>,
    /// RFC 8414 §2 `code_challenge_methods_supported`, when the metadata lists it.
    methods_supported: Option<Vec<String>>,
}

impl AuthorizationEndpoint {
    /// RFC 6749 §3.1: an absolute `https` URL, no fragment; an existing
    /// query must be well-formed `application/x-www-form-urlencoded`.
    pub fn parse(url: &str) -> Result<Self, Error> {
        const NAME: &str = "authorization_endpoint";
        if url.contains('#') {
            return Err(invalid(NAME, Reason::UrlFragment));
        }
        check_url(url, UrlRules { allow_query: true, allow_loopback_http: false }).map_err(|_| invalid(NAME, Reason::NotHttps))?;
        let query_names = match url.split_once('?') {
            None => Vec::new(),
            Some((_, q)) => {
                let pairs = parse_form(q).ok_or(invalid(NAME, Reason::Invalid))?;
                let mut names: Vec<String> = Vec::with_capacity(pairs.len());
                for (k, _) in pairs {
                    if names.contains(&k) {
                        return Err(Error::AuthorizationRequestInvalid { parameter: Cow::Owned(k), reason: Reason::Duplicate });
                    }
                    names.push(k);
                }
                names
            }
        };
        Ok(AuthorizationEndpoint { url: url.to_string(), query_names, methods_supported: None })
    }

    /// RFC 8414 §2: `authorization_endpoint` of metadata validated by
    /// [`super::discovery::validate_metadata`], and its
    /// `code_challenge_methods_supported` (when listed, the method used must
    /// be in it; RFC 8414 §2 says a server that omits it does not support
    /// PKCE, yet many that do omit it, so absence is not a refusal).
    pub fn from_metadata(metadata: &AuthorizationServerMetadata) -> Result<Self, Error> {
        let mut e = Self::parse(&metadata.authorization_endpoint)?;
        e.methods_supported = match metadata.document.get("code_challenge_methods_supported") {
            None => None,
            Some(v) => {
                Some(v.to_string_vec().ok_or_else(|| invalid("code_challenge_methods_supported", Reason::Invalid))?)
            }
        };
        Ok(e)
    }

    /// The endpoint URL as given.
    pub fn as_str(&self) -> &str {
        &self.url
    }
}

/// WHATWG URL §5.2 `application/x-www-form-urlencoded` serializing of one
/// name or value: UTF-8 bytes; ASCII alphanumerics and `*-._` as they are,
/// space as `+`, every other byte as `%XX` (upper-case hex).
pub fn form_urlencode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
}

/// RFC 3986 §3.1 / RFC 6749 §3.1.2: an absolute URI (a scheme, then
/// something), printable ASCII, no fragment.
fn check_redirect_uri(uri: &str) -> Result<(), Error> {
    const NAME: &str = "redirect_uri";
    if uri.contains('#') {
        return Err(invalid(NAME, Reason::UrlFragment));
    }
    let scheme_ok = uri.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    if !scheme_ok || !uri.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(invalid(NAME, Reason::Invalid));
    }
    Ok(())
}

/// RFC 6749 §4.1.1 + RFC 7636 §4.3: the authorization request URL for
/// `params` (name, value pairs; see the module docs for the rules). The
/// known parameters come first in a fixed order (`response_type`,
/// `client_id`, `redirect_uri`, `scope`, `state`, `nonce`,
/// `code_challenge`, `code_challenge_method`), then the others in the
/// caller's order, appended to the endpoint's own query.
pub fn build_authorization_url<K: AsRef<str>, V: AsRef<str>>(endpoint: &AuthorizationEndpoint, params: &[(K, V)]) -> Result<String, Error> {
    // duplicates: among the parameters, and against the endpoint's query
    let mut seen: Vec<&str> = Vec::with_capacity(params.len());
    for (k, _) in params {
        let k = k.as_ref();
        if k.is_empty() {
            return Err(invalid("(empty name)", Reason::Invalid));
        }
        if seen.contains(&k) || endpoint.query_names.iter().any(|q| q == k) {
            return Err(Error::AuthorizationRequestInvalid { parameter: Cow::Owned(k.to_string()), reason: Reason::Duplicate });
        }
        seen.push(k);
    }
    let get = |name: &str| params.iter().find(|(k, _)| k.as_ref() == name).map(|(_, v)| v.as_ref());

    if get("response_type").is_some_and(|t| t != "code") {
        return Err(invalid("response_type", Reason::Invalid));
    }
    let client_id = get("client_id").ok_or(invalid("client_id", Reason::Missing))?;
    if client_id.is_empty() {
        return Err(invalid("client_id", Reason::Missing));
    }
    check_redirect_uri(get("redirect_uri").ok_or(invalid("redirect_uri", Reason::Missing))?)?;
    if let Some(scope) = get("scope")
        && !(scope.split(' ').all(is_scope_token))
    {
        return Err(invalid("scope", Reason::Invalid));
    }
    let state = get("state").ok_or(invalid("state", Reason::Missing))?;
    if state.len() < MIN_STATE_LEN {
        return Err(invalid("state", Reason::Invalid));
    }
    if get("nonce").is_some_and(|n| n.len() < MIN_STATE_LEN) {
        return Err(invalid("nonce", Reason::Invalid));
    }
    let method = match get("code_challenge_method") {
        None => Method::S256,
        Some(m) => Method::from_name(m).map_err(|_| invalid("code_challenge_method", Reason::MethodUnsupported))?,
    };
    if let Some(supported) = &endpoint.methods_supported
        && !supported.iter().any(|m| m == method.name())
    {
        return Err(invalid("code_challenge_method", Reason::MethodUnsupported));
    }
    let challenge = get("code_challenge").ok_or(invalid("code_challenge", Reason::Missing))?;
    pkce::check_code_challenge(challenge, method).map_err(|_| invalid("code_challenge", Reason::ChallengeInvalid))?;

    let mut url = endpoint.url.clone();
    let mut need_sep = if url.contains('?') {
        !(url.ends_with('?') || url.ends_with('&'))
    } else {
        url.push('?');
        false
    };
    let mut push = |url: &mut String, name: &str, value: &str| {
        if need_sep {
            url.push('&');
        }
        need_sep = true;
        form_urlencode(name, url);
        url.push('=');
        form_urlencode(value, url);
    };
    push(&mut url, "response_type", "code");
    for name in &KNOWN[1..7] {
        if let Some(v) = get(name) {
            push(&mut url, name, v);
        }
    }
    push(&mut url, "code_challenge_method", method.name());
    for (k, v) in params {
        if !KNOWN.contains(&k.as_ref()) {
            push(&mut url, k.as_ref(), v.as_ref());
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const STATE: &str = "af0ifjsldkjAAAAAAAAAAAAAAAAAAAA";

    type Params = Vec<(&'static str, &'static str)>;

    fn base() -> Params {
        alloc::vec![
            ("client_id", "ehr-viewer"),
            ("redirect_uri", "https://app.example/cb"),
            ("scope", "openid launch/patient patient/Patient.read"),
            ("state", STATE),
            ("code_challenge", CHALLENGE),
        ]
    }

    fn ep(u: &str) -> AuthorizationEndpoint {
        AuthorizationEndpoint::parse(u).unwrap()
    }

    #[test]
    fn builds_the_request() {
        let url = build_authorization_url(&ep("https://as.example/authorize"), &base()).unwrap();
        assert_eq!(
            url,
            "https://as.example/authorize?response_type=code&client_id=ehr-viewer&redirect_uri=https%3A%2F%2Fapp.example%2Fcb\
             &scope=openid+launch%2Fpatient+patient%2FPatient.read&state=af0ifjsldkjAAAAAAAAAAAAAAAAAAAA\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        );
    }

    #[test]
    fn keeps_the_endpoint_query() {
        for (endpoint, prefix) in [
            ("https://as.example/authorize?tenant=a%20b", "https://as.example/authorize?tenant=a%20b&response_type=code&"),
            ("https://as.example/authorize?", "https://as.example/authorize?response_type=code&"),
            ("https://as.example/authorize?x=1&", "https://as.example/authorize?x=1&response_type=code&"),
            ("https://as.example/authorize?flag", "https://as.example/authorize?flag&response_type=code&"),
        ] {
            let url = build_authorization_url(&ep(endpoint), &base()).unwrap();
            assert!(url.starts_with(prefix), "{url}");
        }
    }

    #[test]
    fn never_twice() {
        let dup = |e: &str, extra: &[(&'static str, &'static str)]| {
            let mut p = base();
            p.extend_from_slice(extra);
            match build_authorization_url(&ep(e), &p) {
                Err(Error::AuthorizationRequestInvalid { parameter, reason: Reason::Duplicate }) => parameter.into_owned(),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(dup("https://as.example/a?client_id=x", &[]), "client_id");
        assert_eq!(dup("https://as.example/a?aud=x", &[("aud", "y")]), "aud");
        assert_eq!(dup("https://as.example/a?st%61te=x", &[]), "state");
        assert_eq!(dup("https://as.example/a", &[("state", "y")]), "state");
        assert_eq!(dup("https://as.example/a", &[("aud", "1"), ("aud", "2")]), "aud");
        assert!(matches!(
            AuthorizationEndpoint::parse("https://as.example/a?x=1&x=2"),
            Err(Error::AuthorizationRequestInvalid { reason: Reason::Duplicate, .. })
        ));
    }

    #[test]
    fn endpoint_rules() {
        let r = |u: &str| AuthorizationEndpoint::parse(u).err().and_then(|e| e.reason());
        assert_eq!(r("https://as.example/authorize#frag"), Some("url_fragment"));
        assert_eq!(r("https://as.example/authorize?#"), Some("url_fragment"));
        assert_eq!(r("http://as.example/authorize"), Some("not_https"));
        assert_eq!(r("http://127.0.0.1/authorize"), Some("not_https"));
        assert_eq!(r("/authorize"), Some("not_https"));
        assert_eq!(r("https://user@as.example/authorize"), Some("not_https"));
        assert_eq!(r("https://as.example/a b"), Some("not_https"));
        assert_eq!(r("https://as.example/a?x=%zz"), Some("invalid"));
        assert_eq!(r("HTTPS://as.example/authorize"), None);
    }

    #[test]
    fn parameter_rules() {
        let r = |change: &dyn Fn(&mut Params)| {
            let mut p = base();
            change(&mut p);
            match build_authorization_url(&ep("https://as.example/a"), &p) {
                Err(Error::AuthorizationRequestInvalid { parameter, reason }) => Some((parameter.into_owned(), reason.as_str())),
                Err(e) => panic!("{e:?}"),
                Ok(_) => None,
            }
        };
        let drop = |name: &'static str| move |p: &mut Params| p.retain(|(k, _)| *k != name);
        let set = |name: &'static str, v: &'static str| {
            move |p: &mut Params| {
                p.retain(|(k, _)| *k != name);
                p.push((name, v));
            }
        };
        assert_eq!(r(&drop("client_id")), Some(("client_id".into(), "missing")));
        assert_eq!(r(&drop("redirect_uri")), Some(("redirect_uri".into(), "missing")));
        assert_eq!(r(&drop("state")), Some(("state".into(), "missing")));
        assert_eq!(r(&drop("code_challenge")), Some(("code_challenge".into(), "missing")));
        assert_eq!(r(&drop("scope")), None);
        assert_eq!(r(&set("client_id", "")), Some(("client_id".into(), "missing")));
        assert_eq!(r(&set("response_type", "token")), Some(("response_type".into(), "invalid")));
        assert_eq!(r(&set("response_type", "code")), None);
        assert_eq!(r(&set("redirect_uri", "https://app.example/cb#x")), Some(("redirect_uri".into(), "url_fragment")));
        assert_eq!(r(&set("redirect_uri", "/cb")), Some(("redirect_uri".into(), "invalid")));
        assert_eq!(r(&set("redirect_uri", "http://127.0.0.1:8080/cb")), None);
        assert_eq!(r(&set("redirect_uri", "com.example.app:/cb")), None);
        assert_eq!(r(&set("scope", "openid  profile")), Some(("scope".into(), "invalid")));
        assert_eq!(r(&set("scope", "a\"b")), Some(("scope".into(), "invalid")));
        assert_eq!(r(&set("state", "short")), Some(("state".into(), "invalid")));
        assert_eq!(r(&set("nonce", "short")), Some(("nonce".into(), "invalid")));
        assert_eq!(r(&set("code_challenge", "abc")), Some(("code_challenge".into(), "challenge_invalid")));
        assert_eq!(r(&set("code_challenge_method", "s256")), Some(("code_challenge_method".into(), "method_unsupported")));
        // plain only by name, and then the challenge follows the verifier rules
        assert_eq!(r(&set("code_challenge_method", "plain")), None);
        assert_eq!(r(&set("", "x")), Some(("(empty name)".into(), "invalid")));
    }

    #[test]
    fn encoding_matches_urlsearchparams() {
        let mut out = String::new();
        form_urlencode("a b+c&d=e#f%g~h*i-j.k_l/m?n:o;p@q!r'(s)t,u\u{e9}\u{1f600}\"<>\\^`{|}[]$", &mut out);
        // what `new URLSearchParams({x: ...}).toString()` gives for the same text
        assert_eq!(
            out,
            "a+b%2Bc%26d%3De%23f%25g%7Eh*i-j.k_l%2Fm%3Fn%3Ao%3Bp%40q%21r%27%28s%29t%2Cu%C3%A9%F0%9F%98%80%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D%24"
        );
    }

    #[test]
    fn metadata_methods() {
        use crate::oauth::discovery::{MetadataOptions, validate_metadata};
        let doc = |extra: &str| {
            alloc::format!(
                r#"{{"issuer":"https://as.example","authorization_endpoint":"https://as.example/auth?realm=x","token_endpoint":"https://as.example/token"{extra}}}"#
            )
        };
        let m = |extra: &str| validate_metadata(doc(extra).as_bytes(), "https://as.example", &MetadataOptions::default()).unwrap();
        let e = AuthorizationEndpoint::from_metadata(&m("")).unwrap();
        assert_eq!(e.as_str(), "https://as.example/auth?realm=x");
        assert!(build_authorization_url(&e, &base()).unwrap().starts_with("https://as.example/auth?realm=x&response_type=code"));
        let only_plain = AuthorizationEndpoint::from_metadata(&m(r#","code_challenge_methods_supported":["plain"]"#)).unwrap();
        assert_eq!(build_authorization_url(&only_plain, &base()).unwrap_err().reason(), Some("method_unsupported"));
        let s256 = AuthorizationEndpoint::from_metadata(&m(r#","code_challenge_methods_supported":["S256"]"#)).unwrap();
        assert!(build_authorization_url(&s256, &base()).is_ok());
        assert_eq!(
            AuthorizationEndpoint::from_metadata(&m(r#","code_challenge_methods_supported":"S256""#)).unwrap_err().reason(),
            Some("invalid")
        );
    }
}
