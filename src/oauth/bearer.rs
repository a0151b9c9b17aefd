//! Bearer token usage (RFC 6750): reading the `Authorization` request header
//! (§2.1) and building the `WWW-Authenticate` challenge (§3).
//!
//! The header grammar enforced here:
//!
//! ```text
//! credentials = auth-scheme 1*SP token          ; RFC 6750 §2.1, RFC 9110 §11.4
//! b64token    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! - leading and trailing SP / HTAB around the whole value are not part of it
//!   (RFC 9110 §5.5) and are ignored;
//! - the scheme compares case-insensitively (RFC 9110 §11.1);
//! - between scheme and token only SP is allowed (one or more); a tab, CR or
//!   LF there is refused;
//! - exactly one token: `Bearer a b`, `Bearer a, Bearer b` (two merged
//!   headers), `Bearer` and `Bearer ` are refused with their own reason.

use alloc::string::String;

use crate::error::Error;
use crate::profiles::iua::{HeaderProblem, IuaError};
use crate::substr::split_at;

/// The credential scheme a token arrived with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// A bare token (no scheme), e.g. taken from a cookie or a test.
    None,
    /// `Bearer` (RFC 6750 §2.1; ITI-72 Rev 2.x).
    Bearer,
    /// `IHE-JWT` (ITI-72 Rev 1.x, 2013–2019).
    IheJwt,
    /// `IHE-SAML` (ITI-72 Rev 1.x): recognised, never validated here.
    IheSaml,
}

impl Scheme {
    /// The scheme's name as written in headers (`""` for a bare token).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::None => "",
            Scheme::Bearer => "Bearer",
            Scheme::IheJwt => "IHE-JWT",
            Scheme::IheSaml => "IHE-SAML",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("bearer") {
            Some(Scheme::Bearer)
        } else if name.eq_ignore_ascii_case("ihe-jwt") {
            Some(Scheme::IheJwt)
        } else if name.eq_ignore_ascii_case("ihe-saml") {
            Some(Scheme::IheSaml)
        } else {
            None
        }
    }
}

/// A token taken out of an `Authorization` value, not yet verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credential<'a> {
    pub scheme: Scheme,
    pub token: &'a str,
}

fn invalid(p: HeaderProblem) -> Error {
    Error::Iua(IuaError::InvalidAuthorization(p))
}

/// RFC 9110 §5.6.2 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// RFC 6750 §2.1 `b64token`: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
pub fn is_b64token(s: &str) -> bool {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] == b'=' {
        end -= 1;
    }
    // one table test per byte in a plain loop: a whole JWT goes through
    // here on every IUA request (four closure-based passes were ≈8% of an
    // HS256 IUA verification)
    end > 0 && b[..end].iter().all(|&c| B64TOKEN[usize::from(c >> 6)] >> (c & 63) & 1 != 0)
}

/// The `b64token` body characters as a 256-bit set (bit `c % 64` of word `c / 64`).
const B64TOKEN: [u64; 4] = {
    let mut set = [0u64; 4];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/') {
            set[c / 64] |= 1 << (c % 64);
        }
        c += 1;
    }
    set
};

fn trim_ows(s: &str) -> &str {
    s.trim_matches(|c| c == ' ' || c == '\t')
}

/// RFC 6750 §2.1: parse a whole `Authorization` header value.
///
/// `Bearer`, `IHE-JWT` and `IHE-SAML` are recognised (case-insensitively);
/// any other scheme is [`IuaError::UnsupportedScheme`]; an empty value is
/// [`IuaError::NoCredentials`]; malformed values are
/// [`IuaError::InvalidAuthorization`]. `IHE-SAML` is returned as parsed —
/// callers decide (the IUA verifier refuses it as an unsupported format).
pub fn parse_authorization(value: &str) -> Result<Credential<'_>, Error> {
    let v = trim_ows(value);
    if v.is_empty() {
        return Err(Error::Iua(IuaError::NoCredentials));
    }
    let scheme_end = v.bytes().position(|b| !is_tchar(b)).unwrap_or(v.len());
    let (name, rest) = split_at(v, scheme_end);
    if name.is_empty() {
        return Err(invalid(HeaderProblem::InvalidCharacter));
    }
    let Some(scheme) = Scheme::from_name(name) else {
        // RFC 6750 §3.1: "attempted using an unsupported authentication
        // method" — answered without an error code.
        return Err(Error::Iua(IuaError::UnsupportedScheme));
    };
    if rest.is_empty() {
        return Err(invalid(HeaderProblem::EmptyToken));
    }
    // 1*SP between scheme and token; nothing else.
    let token = rest.trim_start_matches(' ');
    if token.len() == rest.len() {
        // the scheme is followed by something other than SP (tab, `=`, `,`...)
        return Err(match rest.as_bytes()[0] {
            b'\t' | b'\r' | b'\n' => invalid(HeaderProblem::Whitespace),
            b',' => invalid(HeaderProblem::CommaJoined),
            _ => invalid(HeaderProblem::InvalidCharacter),
        });
    }
    check_single_token(token)?;
    Ok(Credential { scheme, token })
}

fn check_single_token(token: &str) -> Result<(), Error> {
    // a b64token passes every test below (one pass for the usual case);
    // anything else is told apart in this order
    if is_b64token(token) {
        return Ok(());
    }
    if token.is_empty() {
        return Err(invalid(HeaderProblem::EmptyToken));
    }
    if token.contains(',') {
        return Err(invalid(HeaderProblem::CommaJoined));
    }
    // tabs, CR, LF, NUL, DEL: never part of a token (and never echoed anywhere)
    if token.bytes().any(|b| b.is_ascii_control()) {
        return Err(invalid(HeaderProblem::Whitespace));
    }
    if token.contains(' ') {
        // trailing whitespace was trimmed, so a second token follows
        return Err(invalid(HeaderProblem::MultipleTokens));
    }
    // not a b64token (the first test), and none of the above
    Err(invalid(HeaderProblem::InvalidCharacter))
}

/// Accept either a bare token or a whole `Authorization` value.
///
/// A value without SP or HTAB that is not just a scheme name is a bare token
/// (a JWT never contains whitespace) and must be one `b64token`; anything
/// else goes through [`parse_authorization`].
pub fn credential_from_input(input: &str) -> Result<Credential<'_>, Error> {
    let v = trim_ows(input);
    if v.is_empty() {
        return Err(Error::Iua(IuaError::NoCredentials));
    }
    // A b64token (a JWT is one) has no SP, HTAB, comma or control byte, so
    // it is a bare token unless it is a scheme name: the one-pass answer
    // for every request that carries a well-formed bare token; the rest
    // takes the steps below, which name what is wrong.
    if is_b64token(v) && Scheme::from_name(v).is_none() {
        return Ok(Credential { scheme: Scheme::None, token: v });
    }
    let looks_like_header = v.bytes().any(|b| b == b' ' || b == b'\t');
    if looks_like_header || Scheme::from_name(v).is_some() {
        return parse_authorization(v);
    }
    check_single_token(v)?;
    Ok(Credential { scheme: Scheme::None, token: v })
}

/// RFC 6750 §3.1 error codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BearerError {
    /// Malformed request (HTTP 400).
    InvalidRequest,
    /// Expired, revoked, malformed or otherwise invalid token (HTTP 401).
    InvalidToken,
    /// The token lacks the privileges the request needs (HTTP 403).
    InsufficientScope,
}

impl BearerError {
    /// The `error` attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            BearerError::InvalidRequest => "invalid_request",
            BearerError::InvalidToken => "invalid_token",
            BearerError::InsufficientScope => "insufficient_scope",
        }
    }

    /// The HTTP status RFC 6750 §3.1 recommends.
    pub fn status(self) -> u16 {
        match self {
            BearerError::InvalidRequest => 400,
            BearerError::InvalidToken => 401,
            BearerError::InsufficientScope => 403,
        }
    }
}

/// What to answer a refused request with: an HTTP status and, for
/// authentication failures, the `WWW-Authenticate` value. Server-side faults
/// (bad configuration, unusable metadata or introspection response) get
/// status 500 and no challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub status: u16,
    pub www_authenticate: Option<String>,
}

/// RFC 9110 §5.6.4 `quoted-string` for a realm the caller configured:
/// printable ASCII (SP..`~`), `"` and `\` escaped. `None` if the value has
/// a control or non-ASCII character (header injection is never possible).
pub fn quote_realm(realm: &str) -> Option<String> {
    if !realm.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
        return None;
    }
    let mut out = String::with_capacity(realm.len() + 2);
    out.push('"');
    for c in realm.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    Some(out)
}

/// RFC 6750 §3: `error_description` characters are `%x20-21 / %x23-5B / %x5D-7E`
/// (no `"`, no `\`, no controls, ASCII only). Anything else is dropped.
pub fn sanitize_description(s: &str) -> String {
    s.bytes()
        .filter(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5b | 0x5d..=0x7e))
        .map(char::from)
        .collect()
}

/// RFC 6750 §3 `scope-token`: `1*( %x21 / %x23-5B / %x5D-7E )` (also RFC 6749 §3.3).
pub fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
}

/// RFC 6750 §3: build a `WWW-Authenticate` value.
///
/// `realm` must already be a quoted-string from [`quote_realm`]; `description`
/// is sanitised; `scope` items must be scope-tokens (others are skipped) and
/// are only sent with an error code. Without an error code only the realm is
/// sent (RFC 6750 §3.1: a request without credentials gets no error code).
pub fn www_authenticate(quoted_realm: Option<&str>, error: Option<BearerError>, description: Option<&str>, scope: &[&str]) -> String {
    let mut out = String::from("Bearer");
    let mut sep = " ";
    if let Some(r) = quoted_realm {
        out.push_str(sep);
        out.push_str("realm=");
        out.push_str(r);
        sep = ", ";
    }
    if let Some(e) = error {
        out.push_str(sep);
        out.push_str("error=\"");
        out.push_str(e.as_str());
        out.push('"');
        sep = ", ";
        if let Some(d) = description {
            let d = sanitize_description(d);
            if !d.is_empty() {
                out.push_str(sep);
                out.push_str("error_description=\"");
                out.push_str(&d);
                out.push('"');
            }
        }
        let mut first = true;
        for s in scope.iter().filter(|s| is_scope_token(s)) {
            if first {
                out.push_str(sep);
                out.push_str("scope=\"");
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(s);
        }
        if !first {
            out.push('"');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(v: &str) -> Option<HeaderProblem> {
        match parse_authorization(v) {
            Err(Error::Iua(IuaError::InvalidAuthorization(p))) => Some(p),
            _ => None,
        }
    }

    #[test]
    fn scheme_case_and_spaces() {
        for v in ["Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc.def.ghi", "BeArEr   abc.def.ghi", "  Bearer abc.def.ghi \t"] {
            let c = parse_authorization(v).unwrap();
            assert_eq!(c, Credential { scheme: Scheme::Bearer, token: "abc.def.ghi" }, "{v:?}");
        }
        assert_eq!(parse_authorization("ihe-jwt a.b.c").unwrap().scheme, Scheme::IheJwt);
        assert_eq!(parse_authorization("IHE-SAML PHNhbWw-").unwrap().scheme, Scheme::IheSaml);
        assert_eq!(parse_authorization("Bearer mF_9.B5f-4.1JqM+/==").unwrap().token, "mF_9.B5f-4.1JqM+/==");
    }

    #[test]
    fn malformed_values() {
        assert_eq!(problem("Bearer"), Some(HeaderProblem::EmptyToken));
        assert_eq!(problem("Bearer    "), Some(HeaderProblem::EmptyToken));
        assert_eq!(problem("Bearer a b"), Some(HeaderProblem::MultipleTokens));
        assert_eq!(problem("Bearer a  b"), Some(HeaderProblem::MultipleTokens));
        assert_eq!(problem("Bearer a\tb"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer a, Bearer b"), Some(HeaderProblem::CommaJoined));
        assert_eq!(problem("Bearer a,b"), Some(HeaderProblem::CommaJoined));
        assert_eq!(problem("Bearer,a"), Some(HeaderProblem::CommaJoined));
        assert_eq!(problem("Bearer\ta"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer \ta"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer\r\na"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer a\r\nX-Injected: 1"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer a\u{0}"), Some(HeaderProblem::Whitespace));
        assert_eq!(problem("Bearer a\"b"), Some(HeaderProblem::InvalidCharacter));
        assert_eq!(problem("Bearer a=b"), Some(HeaderProblem::InvalidCharacter));
        assert_eq!(problem("Bearer ===="), Some(HeaderProblem::InvalidCharacter));
        assert_eq!(problem("Bearer é"), Some(HeaderProblem::InvalidCharacter));
        assert_eq!(problem("Bearer=abc"), Some(HeaderProblem::InvalidCharacter));
        assert_eq!(problem("\"Bearer\" abc"), Some(HeaderProblem::InvalidCharacter));
    }

    #[test]
    fn empty_and_foreign_schemes() {
        for v in ["", "   ", "\t"] {
            assert_eq!(parse_authorization(v), Err(Error::Iua(IuaError::NoCredentials)));
        }
        for v in ["Basic dXNlcjpwYXNz", "Digest username=\"x\", realm=\"y\"", "Bearerx abc", "DPoP abc", "Token abc"] {
            assert_eq!(parse_authorization(v), Err(Error::Iua(IuaError::UnsupportedScheme)), "{v}");
        }
    }

    #[test]
    fn bare_or_header_input() {
        assert_eq!(credential_from_input("a.b.c").unwrap(), Credential { scheme: Scheme::None, token: "a.b.c" });
        assert_eq!(credential_from_input(" a.b.c ").unwrap().token, "a.b.c");
        assert_eq!(credential_from_input("Bearer a.b.c").unwrap().scheme, Scheme::Bearer);
        assert_eq!(credential_from_input("bearer").err(), Some(invalid(HeaderProblem::EmptyToken)));
        assert_eq!(credential_from_input("a.b.c,d.e.f").err(), Some(invalid(HeaderProblem::CommaJoined)));
        assert_eq!(credential_from_input("a\"b").err(), Some(invalid(HeaderProblem::InvalidCharacter)));
        assert_eq!(credential_from_input("").err(), Some(Error::Iua(IuaError::NoCredentials)));
    }

    #[test]
    fn b64token_is_the_rfc_6750_grammar() {
        // RFC 6750 §2.1, written out: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        let body = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(is_b64token(&alloc::format!("{c}")), body(b) && b != b'=', "{b:#x}");
            assert_eq!(is_b64token(&alloc::format!("a{c}b")), body(b), "{b:#x}");
            assert_eq!(is_b64token(&alloc::format!("ab{c}")), body(b) || b == b'=', "{b:#x}");
        }
        for (s, ok) in [("", false), ("=", false), ("==", false), ("a", true), ("a==", true), ("a=b", false), ("é", false), ("aé", false)] {
            assert_eq!(is_b64token(s), ok, "{s:?}");
        }
    }

    /// `credential_from_input` and `check_single_token` as they were before
    /// their one-pass b64token answer, step by step.
    fn reference_credential(input: &str) -> Result<Credential<'_>, Error> {
        fn single(token: &str) -> Result<(), Error> {
            if token.is_empty() {
                return Err(invalid(HeaderProblem::EmptyToken));
            }
            if token.contains(',') {
                return Err(invalid(HeaderProblem::CommaJoined));
            }
            if token.bytes().any(|b| b.is_ascii_control()) {
                return Err(invalid(HeaderProblem::Whitespace));
            }
            if token.contains(' ') {
                return Err(invalid(HeaderProblem::MultipleTokens));
            }
            let body = token.trim_end_matches('=');
            if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)) {
                return Err(invalid(HeaderProblem::InvalidCharacter));
            }
            Ok(())
        }
        let v = trim_ows(input);
        if v.is_empty() {
            return Err(Error::Iua(IuaError::NoCredentials));
        }
        if v.bytes().any(|b| b == b' ' || b == b'\t') || Scheme::from_name(v).is_some() {
            // parse_authorization's token goes through check_single_token
            let c = parse_authorization(v)?;
            single(c.token)?;
            return Ok(c);
        }
        single(v)?;
        Ok(Credential { scheme: Scheme::None, token: v })
    }

    #[test]
    fn one_pass_answers_agree_with_the_step_by_step_checks() {
        // every string of up to 4 symbols from an alphabet with each kind of
        // byte the checks tell apart, with and without a scheme in front
        let alphabet = ["a", "Z", "9", "-", ".", "~", "+", "/", "=", " ", "\t", ",", "\"", "\r", "\u{0}", "\u{7f}", "é", "Bearer", "IHE-JWT"];
        let mut words = alloc::vec![alloc::string::String::new()];
        for _ in 0..4 {
            let mut next = alloc::vec::Vec::new();
            for w in &words {
                for a in alphabet {
                    next.push(alloc::format!("{w}{a}"));
                }
            }
            words.extend(next.into_iter().filter(|w| w.len() <= 12));
            words.sort();
            words.dedup();
        }
        let mut n = 0;
        for w in &words {
            for input in [w.clone(), alloc::format!("Bearer {w}"), alloc::format!("ihe-jwt {w}")] {
                assert_eq!(credential_from_input(&input), reference_credential(&input), "{input:?}");
                n += 1;
            }
        }
        assert!(n > 100_000, "{n} inputs");
    }

    #[test]
    fn challenges() {
        let realm = quote_realm("fhir").unwrap();
        assert_eq!(www_authenticate(Some(&realm), None, Some("ignored"), &["x"]), r#"Bearer realm="fhir""#);
        assert_eq!(www_authenticate(None, None, None, &[]), "Bearer");
        assert_eq!(
            www_authenticate(Some(&realm), Some(BearerError::InvalidToken), Some("The access token expired"), &[]),
            r#"Bearer realm="fhir", error="invalid_token", error_description="The access token expired""#
        );
        assert_eq!(
            www_authenticate(None, Some(BearerError::InsufficientScope), None, &["ITI-68", "ITI-67"]),
            r#"Bearer error="insufficient_scope", scope="ITI-68 ITI-67""#
        );
        assert_eq!(
            www_authenticate(None, Some(BearerError::InvalidToken), Some("bad \"x\"\r\n\\y é"), &["a\"b"]),
            r#"Bearer error="invalid_token", error_description="bad xy ""#
        );
        assert_eq!(quote_realm(r#"a"b\c"#).unwrap(), r#""a\"b\\c""#);
        assert_eq!(quote_realm("a\r\nb"), None);
        assert_eq!(quote_realm("é"), None);
    }
}
