//! Authorization server metadata (RFC 8414; OpenID Connect Discovery 1.0;
//! IHE ITI-103): where to fetch it and whether a document is usable for an
//! expected issuer.
//!
//! The core does no I/O: the JS layer (or the Rust caller) fetches
//! [`metadata_urls`] and hands the bytes to [`validate_metadata`].

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::profiles::iua::{IuaError, MetadataProblem};
use crate::substr::{split_at, sub};

/// Largest metadata document accepted (bytes).
pub const MAX_METADATA_LEN: usize = 256 * 1024;

/// What the caller needs from the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MetadataOptions {
    /// `jwks_uri` must be present (the JWT path verifies signatures with it).
    pub require_jwks_uri: bool,
    /// `introspection_endpoint` must be present (ITI-102 Token Introspection Option).
    pub require_introspection: bool,
    /// TEST ONLY: also accept `http://127.0.0.1[:port]`, `http://localhost[:port]`
    /// and `http://[::1][:port]` issuers and endpoints (a loopback authorization
    /// server started by a test). Never enable in production: metadata and keys
    /// fetched over plain HTTP can be replaced by anyone on the path.
    pub allow_insecure_loopback_for_tests: bool,
}

impl MetadataOptions {
    /// From `{requireJwksUri?, requireIntrospection?, allowInsecureLoopbackForTests?}`
    /// (the JS API's names); unknown names and non-boolean values are refused.
    pub fn from_object(o: &Object) -> Result<Self, Error> {
        let mut m = MetadataOptions::default();
        for (name, v) in o.iter() {
            let slot = match name {
                "requireJwksUri" => &mut m.require_jwks_uri,
                "requireIntrospection" => &mut m.require_introspection,
                "allowInsecureLoopbackForTests" => &mut m.allow_insecure_loopback_for_tests,
                _ => {
                    return Err(Error::InvalidOptions(
                        "unknown option (allowed: requireJwksUri, requireIntrospection, allowInsecureLoopbackForTests)",
                    ));
                }
            };
            match v {
                Value::Null => {}
                Value::Bool(b) => *slot = *b,
                _ => return Err(Error::InvalidOptions("metadata options must be booleans")),
            }
        }
        Ok(m)
    }
}

/// The validated metadata (RFC 8414 §2 members this library uses).
#[derive(Clone, Debug, PartialEq)]
pub struct AuthorizationServerMetadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: Option<String>,
    pub introspection_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub registration_endpoint: Option<String>,
    pub scopes_supported: Vec<String>,
    pub response_types_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub introspection_endpoint_auth_methods_supported: Vec<String>,
    /// ITI-103 `access_token_format` (`ihe-jwt`, `ihe-saml`, `opaque`, ...).
    pub access_token_format: Option<String>,
    /// The whole document.
    pub document: Object,
}

fn problem(field: &'static str, problem: MetadataProblem) -> Error {
    Error::Iua(IuaError::MetadataInvalid { field, problem })
}

/// URL rules for metadata members.
#[derive(Clone, Copy)]
pub(crate) struct UrlRules {
    /// RFC 8414 §2: the issuer has no query component. Endpoints may
    /// (RFC 6749 §3.1); nothing may have a fragment.
    pub(crate) allow_query: bool,
    pub(crate) allow_loopback_http: bool,
}

/// An absolute `https` URL (or, with the test-only opt-in, a loopback `http`
/// URL): printable ASCII without spaces, a non-empty host, no userinfo, a
/// numeric port if any, no fragment, and a query only where allowed.
pub(crate) fn check_url(s: &str, rules: UrlRules) -> Result<(), MetadataProblem> {
    if s.is_empty() || !s.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(MetadataProblem::NotHttps);
    }
    let lower_prefix = |p: &str| s.len() >= p.len() && sub(s, ..p.len()).eq_ignore_ascii_case(p);
    let (rest, http) = if lower_prefix("https://") {
        (sub(s, 8..), false)
    } else if lower_prefix("http://") && rules.allow_loopback_http {
        (sub(s, 7..), true)
    } else {
        return Err(MetadataProblem::NotHttps);
    };
    if s.contains('#') || (!rules.allow_query && s.contains('?')) {
        return Err(MetadataProblem::NotHttps);
    }
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = sub(rest, ..end);
    if authority.is_empty() || authority.contains('@') {
        return Err(MetadataProblem::NotHttps);
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']').ok_or(MetadataProblem::NotHttps)?;
        let after = sub(v6, close + 1..);
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(MetadataProblem::NotHttps),
        };
        (sub(authority, ..close + 2), port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() || host == "[]" {
        return Err(MetadataProblem::NotHttps);
    }
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n > 65535))
    {
        return Err(MetadataProblem::NotHttps);
    }
    if http && !(host == "127.0.0.1" || host.eq_ignore_ascii_case("localhost") || host == "[::1]") {
        return Err(MetadataProblem::NotHttps);
    }
    Ok(())
}

/// RFC 8414 §2 / ITI-103: validate the expected issuer itself (the caller's
/// configuration): `https`, no query, no fragment.
pub fn check_issuer_url(issuer: &str, opts: &MetadataOptions) -> Result<(), Error> {
    check_url(issuer, UrlRules { allow_query: false, allow_loopback_http: opts.allow_insecure_loopback_for_tests })
        .map_err(|_| Error::InvalidOptions("issuer must be an https URL without query or fragment"))
}

/// An endpoint URL the caller is about to fetch (e.g. a `jwks_uri` given
/// directly): absolute `https` (or loopback `http` with the test-only opt-in),
/// no userinfo, no fragment.
pub fn check_endpoint_url(url: &str, opts: &MetadataOptions) -> Result<(), Error> {
    check_url(url, UrlRules { allow_query: true, allow_loopback_http: opts.allow_insecure_loopback_for_tests })
        .map_err(|_| Error::InvalidOptions("the URL must be https (no userinfo, no fragment)"))
}

/// Where to fetch the metadata for `issuer`, in the order to try:
/// RFC 8414 §3.1 (`/.well-known/oauth-authorization-server` inserted between
/// host and path) and OpenID Connect Discovery §4 (`/.well-known/openid-configuration`
/// appended to the issuer). Keycloak realms and `oidc-provider` answer the
/// second; both documents must name the same issuer.
pub fn metadata_urls(issuer: &str, opts: &MetadataOptions) -> Result<[String; 2], Error> {
    check_issuer_url(issuer, opts)?;
    let scheme_end = issuer.as_bytes().windows(3).position(|w| w == b"://").map_or(0, |i| i + 3);
    let path_start = sub(issuer, scheme_end..).find('/').map(|i| i + scheme_end).unwrap_or(issuer.len());
    let (origin, path) = split_at(issuer, path_start);
    let path = path.trim_end_matches('/');
    let rfc8414 = alloc::format!("{origin}/.well-known/oauth-authorization-server{path}");
    let oidc = alloc::format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
    Ok([rfc8414, oidc])
}

fn string_member(doc: &Object, field: &'static str) -> Result<Option<String>, Error> {
    match doc.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(problem(field, MetadataProblem::WrongType)),
    }
}

fn url_member(doc: &Object, field: &'static str, required: bool, rules: UrlRules) -> Result<Option<String>, Error> {
    match string_member(doc, field)? {
        None if required => Err(problem(field, MetadataProblem::Missing)),
        None => Ok(None),
        Some(u) => {
            check_url(&u, rules).map_err(|p| problem(field, p))?;
            Ok(Some(u))
        }
    }
}

fn string_array(doc: &Object, field: &'static str) -> Result<Vec<String>, Error> {
    match doc.get(field) {
        None => Ok(Vec::new()),
        Some(v) => v.to_string_vec().ok_or_else(|| problem(field, MetadataProblem::WrongType)),
    }
}

/// RFC 8414 §2 and §3.3, ITI-103 §3.103.4.2.2: a metadata document is usable
/// for `expected_issuer` when it is a strict JSON object whose `issuer` is
/// an https URL without query or fragment, byte-for-byte equal to the
/// expected issuer; `authorization_endpoint` and `token_endpoint` are present
/// https URLs; `jwks_uri` and `introspection_endpoint` are https URLs when
/// present (and present when [`MetadataOptions`] requires them); the other
/// members used here have their registered types.
pub fn validate_metadata(doc: &[u8], expected_issuer: &str, opts: &MetadataOptions) -> Result<AuthorizationServerMetadata, Error> {
    check_issuer_url(expected_issuer, opts)?;
    if doc.len() > MAX_METADATA_LEN {
        return Err(problem("document", MetadataProblem::TooLarge));
    }
    let doc = json::parse_object(doc, 16)
        .map_err(|e| problem("document", MetadataProblem::Json(e)))?
        .ok_or(problem("document", MetadataProblem::NotAnObject))?;
    let issuer_rules = UrlRules { allow_query: false, allow_loopback_http: opts.allow_insecure_loopback_for_tests };
    let endpoint_rules = UrlRules { allow_query: true, ..issuer_rules };

    let issuer = url_member(&doc, "issuer", true, issuer_rules)?.unwrap_or_default();
    if issuer != expected_issuer {
        return Err(problem("issuer", MetadataProblem::IssuerMismatch));
    }
    let authorization_endpoint = url_member(&doc, "authorization_endpoint", true, endpoint_rules)?.unwrap_or_default();
    let token_endpoint = url_member(&doc, "token_endpoint", true, endpoint_rules)?.unwrap_or_default();
    let jwks_uri = url_member(&doc, "jwks_uri", opts.require_jwks_uri, endpoint_rules)?;
    let introspection_endpoint = url_member(&doc, "introspection_endpoint", opts.require_introspection, endpoint_rules)?;
    let revocation_endpoint = url_member(&doc, "revocation_endpoint", false, endpoint_rules)?;
    let userinfo_endpoint = url_member(&doc, "userinfo_endpoint", false, endpoint_rules)?;
    let registration_endpoint = url_member(&doc, "registration_endpoint", false, endpoint_rules)?;
    Ok(AuthorizationServerMetadata {
        issuer,
        authorization_endpoint,
        token_endpoint,
        jwks_uri,
        introspection_endpoint,
        revocation_endpoint,
        userinfo_endpoint,
        registration_endpoint,
        scopes_supported: string_array(&doc, "scopes_supported")?,
        response_types_supported: string_array(&doc, "response_types_supported")?,
        grant_types_supported: string_array(&doc, "grant_types_supported")?,
        token_endpoint_auth_methods_supported: string_array(&doc, "token_endpoint_auth_methods_supported")?,
        introspection_endpoint_auth_methods_supported: string_array(
            &doc,
            "introspection_endpoint_auth_methods_supported",
        )?,
        access_token_format: string_member(&doc, "access_token_format")?,
        document: doc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    const ISS: &str = "https://as.example.com/realms/iua";

    fn doc(extra: &str) -> String {
        alloc::format!(
            r#"{{"issuer":"{ISS}","authorization_endpoint":"{ISS}/protocol/openid-connect/auth","token_endpoint":"{ISS}/protocol/openid-connect/token","jwks_uri":"{ISS}/protocol/openid-connect/certs"{extra}}}"#
        )
    }

    fn err(d: &str, opts: &MetadataOptions) -> Option<(&'static str, MetadataProblem)> {
        match validate_metadata(d.as_bytes(), ISS, opts) {
            Err(Error::Iua(IuaError::MetadataInvalid { field, problem })) => Some((field, problem)),
            Ok(_) => None,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn keycloak_like_document() {
        let m = validate_metadata(
            doc(r#","introspection_endpoint":"https://as.example.com/realms/iua/protocol/openid-connect/token/introspect","grant_types_supported":["client_credentials","authorization_code"]"#)
                .as_bytes(),
            ISS,
            &MetadataOptions { require_jwks_uri: true, require_introspection: true, ..Default::default() },
        )
        .unwrap();
        assert_eq!(m.jwks_uri.as_deref(), Some("https://as.example.com/realms/iua/protocol/openid-connect/certs"));
        assert_eq!(m.token_endpoint, "https://as.example.com/realms/iua/protocol/openid-connect/token");
        assert!(m.introspection_endpoint.unwrap().ends_with("/introspect"));
        assert_eq!(m.grant_types_supported, ["client_credentials", "authorization_code"]);
    }

    #[test]
    fn issuer_rules() {
        let o = MetadataOptions::default();
        let with_issuer = |iss: &str| doc("").replacen(&alloc::format!("\"issuer\":\"{ISS}\""), &alloc::format!("\"issuer\":\"{iss}\""), 1);
        assert_eq!(err(&with_issuer("https://as.example.com/realms/iua/"), &o), Some(("issuer", MetadataProblem::IssuerMismatch)));
        assert_eq!(err(&with_issuer("https://AS.example.com/realms/iua"), &o), Some(("issuer", MetadataProblem::IssuerMismatch)));
        assert_eq!(err(&with_issuer("https://evil.example/realms/iua"), &o), Some(("issuer", MetadataProblem::IssuerMismatch)));
        assert_eq!(err(&with_issuer("http://as.example.com/realms/iua"), &o), Some(("issuer", MetadataProblem::NotHttps)));
        assert_eq!(err(&with_issuer("https://as.example.com/realms/iua?x=1"), &o), Some(("issuer", MetadataProblem::NotHttps)));
        assert_eq!(err(&with_issuer("https://as.example.com/realms/iua#f"), &o), Some(("issuer", MetadataProblem::NotHttps)));
        assert_eq!(err(&with_issuer("https://u@as.example.com/realms/iua"), &o), Some(("issuer", MetadataProblem::NotHttps)));
        assert_eq!(err(r#"{"authorization_endpoint":"https://a/x","token_endpoint":"https://a/t"}"#, &o), Some(("issuer", MetadataProblem::Missing)));
        assert_eq!(err(r#"{"issuer":5}"#, &o), Some(("issuer", MetadataProblem::WrongType)));
        assert_eq!(err("[]", &o), Some(("document", MetadataProblem::NotAnObject)));
        assert_eq!(err(&alloc::format!("{} ", doc("")).replace('}', ",\"issuer\":\"x\"}"), &o).map(|x| x.0), Some("document"));
        // the expected issuer is configuration: an http one is an options error
        assert!(matches!(
            validate_metadata(doc("").as_bytes(), "http://as.example.com", &o),
            Err(Error::InvalidOptions(_))
        ));
    }

    #[test]
    fn endpoint_rules() {
        let o = MetadataOptions::default();
        assert_eq!(
            err(&doc("").replace("\"token_endpoint\"", "\"token_endpoint_x\""), &o),
            Some(("token_endpoint", MetadataProblem::Missing))
        );
        assert_eq!(
            err(&doc("").replace("\"authorization_endpoint\"", "\"x\""), &o),
            Some(("authorization_endpoint", MetadataProblem::Missing))
        );
        assert_eq!(
            err(&doc("").replace(&alloc::format!("\"jwks_uri\":\"{ISS}"), "\"jwks_uri\":\"http://as.example.com"), &o),
            Some(("jwks_uri", MetadataProblem::NotHttps))
        );
        assert_eq!(err(&doc(r#","introspection_endpoint":"ftp://x/i""#), &o), Some(("introspection_endpoint", MetadataProblem::NotHttps)));
        assert_eq!(
            err(&doc(""), &MetadataOptions { require_introspection: true, ..o }),
            Some(("introspection_endpoint", MetadataProblem::Missing))
        );
        let no_jwks = doc("").replace("\"jwks_uri\"", "\"jwks\"");
        assert_eq!(err(&no_jwks, &o), None);
        assert_eq!(err(&no_jwks, &MetadataOptions { require_jwks_uri: true, ..o }), Some(("jwks_uri", MetadataProblem::Missing)));
        assert_eq!(err(&doc(r#","scopes_supported":"a b""#), &o), Some(("scopes_supported", MetadataProblem::WrongType)));
        assert_eq!(err(&doc(r#","grant_types_supported":[1]"#), &o), Some(("grant_types_supported", MetadataProblem::WrongType)));
        // endpoints may carry a query (RFC 6749 §3.1)
        assert_eq!(err(&doc(r#","revocation_endpoint":"https://as.example.com/r?tenant=1""#), &o), None);
    }

    #[test]
    fn loopback_only_with_explicit_opt_in() {
        let iss = "http://127.0.0.1:3000";
        let d = alloc::format!(r#"{{"issuer":"{iss}","authorization_endpoint":"{iss}/auth","token_endpoint":"{iss}/token","jwks_uri":"{iss}/jwks"}}"#);
        let off = MetadataOptions::default();
        assert!(matches!(validate_metadata(d.as_bytes(), iss, &off), Err(Error::InvalidOptions(_))));
        let on = MetadataOptions { allow_insecure_loopback_for_tests: true, ..off };
        assert!(validate_metadata(d.as_bytes(), iss, &on).is_ok());
        for host in ["http://localhost", "http://localhost:8080/tenant", "http://[::1]:1"] {
            assert!(check_issuer_url(host, &on).is_ok(), "{host}");
        }
        for host in ["http://10.0.0.1", "http://127.0.0.1.evil.com", "http://localhost.evil.com", "http://evil.com#@127.0.0.1", "http://127.0.0.1:99999", "http://127.0.0.1:x"] {
            assert!(check_issuer_url(host, &on).is_err(), "{host}");
        }
    }

    #[test]
    fn well_known_locations() {
        let o = MetadataOptions::default();
        assert_eq!(
            metadata_urls("https://example.com/tenant1", &o).unwrap(),
            [
                "https://example.com/.well-known/oauth-authorization-server/tenant1".to_string(),
                "https://example.com/tenant1/.well-known/openid-configuration".to_string()
            ]
        );
        assert_eq!(
            metadata_urls("https://example.com", &o).unwrap(),
            [
                "https://example.com/.well-known/oauth-authorization-server".to_string(),
                "https://example.com/.well-known/openid-configuration".to_string()
            ]
        );
        assert_eq!(metadata_urls("https://example.com/", &o).unwrap()[1], "https://example.com/.well-known/openid-configuration");
        assert!(metadata_urls("http://example.com", &o).is_err());
    }
}
