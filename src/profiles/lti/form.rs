//! Form and URL encoding shared by the LTI flows: RFC 3986 §2.1 percent-encoding
//! of everything but the unreserved set (the encoding RFC 5849 §3.6 mandates
//! and that every OIDC parameter value survives), and
//! `application/x-www-form-urlencoded` decoding (WHATWG URL §5.1).

use alloc::string::String;
use alloc::vec::Vec;

/// RFC 3986 §2.3 unreserved characters.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// RFC 5849 §3.6 / RFC 3986 §2.1: UTF-8 bytes, every byte outside the
/// unreserved set as `%XX` with upper-case hex.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode one `application/x-www-form-urlencoded` component: `+` is a space,
/// `%XX` a byte. Malformed escapes and non-UTF-8 results are refused (never
/// guessed at).
pub fn form_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex(*b.get(i + 1)?)?;
                let lo = hex(*b.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Split an `application/x-www-form-urlencoded` string (a POST body or a
/// URL query without `?`) into decoded pairs, in order, duplicates kept.
pub fn parse_form(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for p in s.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        out.push((form_decode(k)?, form_decode(v)?));
    }
    Some(out)
}

/// Append `name=value` pairs, percent-encoded, to a URL (with `?` or `&`).
pub fn append_query<S: AsRef<str>>(url: &str, params: &[(&str, S)]) -> String {
    let mut out = String::from(url);
    let mut sep = if url.contains('?') { '&' } else { '?' };
    if url.ends_with('?') || url.ends_with('&') {
        sep = '\0';
    }
    for (k, v) in params {
        if sep != '\0' {
            out.push(sep);
        }
        sep = '&';
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v.as_ref()));
    }
    out
}

/// Encode pairs as an `application/x-www-form-urlencoded` body.
pub fn encode_form<S: AsRef<str>>(params: &[(&str, S)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v.as_ref()));
    }
    out
}

/// Escape text for an HTML attribute value or text node.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A self-submitting HTML form that POSTs `params` to `action` (how the
/// Deep Linking response and the LTI 1.1.2 relaunch are sent by the browser).
pub fn auto_submit_form<S: AsRef<str>>(action: &str, params: &[(&str, S)]) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Continue</title></head><body>");
    out.push_str("<form id=\"f\" method=\"post\" action=\"");
    out.push_str(&html_escape(action));
    out.push_str("\">");
    for (k, v) in params {
        out.push_str("<input type=\"hidden\" name=\"");
        out.push_str(&html_escape(k));
        out.push_str("\" value=\"");
        out.push_str(&html_escape(v.as_ref()));
        out.push_str("\">");
    }
    out.push_str("<noscript><button type=\"submit\">Continue</button></noscript></form>");
    out.push_str("<script>document.getElementById('f').submit()</script></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5849_encoding() {
        assert_eq!(percent_encode("Ladies + Gentlemen"), "Ladies%20%2B%20Gentlemen");
        assert_eq!(percent_encode("An encoded string!"), "An%20encoded%20string%21");
        assert_eq!(percent_encode("Dogs, Cats & Mice"), "Dogs%2C%20Cats%20%26%20Mice");
        assert_eq!(percent_encode("☃"), "%E2%98%83");
        assert_eq!(percent_encode("a-._~Z9"), "a-._~Z9");
    }

    #[test]
    fn form_decoding() {
        assert_eq!(form_decode("a+b%20c%2B").as_deref(), Some("a b c+"));
        assert_eq!(form_decode("%E2%98%83").as_deref(), Some("☃"));
        for bad in ["%", "%4", "%zz", "%FF"] {
            assert_eq!(form_decode(bad), None, "{bad}");
        }
        let p = parse_form("a=1&b=&c&a=2").unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p[2], ("c".into(), "".into()));
    }

    #[test]
    fn query_append_and_html() {
        assert_eq!(append_query("https://p/a", &[("x", "1 2"), ("y", "&")]), "https://p/a?x=1%202&y=%26");
        assert_eq!(append_query("https://p/a?k=v", &[("x", "1")]), "https://p/a?k=v&x=1");
        assert_eq!(html_escape("<a href=\"x\">'&"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;");
    }
}
