//! Proof Key for Code Exchange (RFC 7636): the client's `code_verifier` and
//! `code_challenge`, and the authorization server's check of one against the
//! other.
//!
//! - `generate_code_verifier` (feature `getrandom`): 32 random octets,
//!   base64url → 43 characters (§4.1), or a requested length 43..=128.
//!   [`code_verifier_from_octets`] and [`code_verifier_with_length`] do the
//!   same from caller-given entropy (no RNG in the core otherwise).
//! - [`code_challenge`]: `S256` = BASE64URL(SHA-256(ASCII(code_verifier)))
//!   (§4.2); `plain` only when the caller names it.
//! - [`verify_code_challenge`]: the server side (§4.6), constant time.

use alloc::string::String;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::base64url;
use crate::error::{Error, Reason};

/// Shortest `code_verifier` (RFC 7636 §4.1).
pub const MIN_VERIFIER_LEN: usize = 43;
/// Longest `code_verifier` (RFC 7636 §4.1).
pub const MAX_VERIFIER_LEN: usize = 128;
/// Octets of entropy behind a default verifier (RFC 7636 §4.1: "a 32-octet
/// sequence ... base64url-encoded to produce a 43-octet URL safe string").
pub const DEFAULT_VERIFIER_OCTETS: usize = 32;
/// Length of an `S256` `code_challenge`: 32 octets, base64url (RFC 7636 §4.2).
pub const S256_CHALLENGE_LEN: usize = 43;

/// `code_challenge_method` (RFC 7636 §4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `S256`: BASE64URL(SHA-256(ASCII(code_verifier))). The default everywhere here.
    S256,
    /// `plain`: the challenge is the verifier. Only when asked for by name
    /// (RFC 7636 §7.2: clients SHOULD use S256).
    Plain,
}

impl Method {
    /// RFC 7636 §4.3: `S256` or `plain`, exactly (the names are case-sensitive).
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match name {
            "S256" => Ok(Method::S256),
            "plain" => Ok(Method::Plain),
            _ => Err(Error::PkceInvalid(Reason::MethodUnsupported)),
        }
    }

    /// The parameter value.
    pub fn name(self) -> &'static str {
        match self {
            Method::S256 => "S256",
            Method::Plain => "plain",
        }
    }
}

/// RFC 7636 §4.1 `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// RFC 7636 §4.1: 43..=128 characters from `[A-Za-z0-9-._~]`. The length is
/// checked first (`verifier_length`), then the characters (`verifier_charset`).
pub fn check_code_verifier(verifier: &str) -> Result<(), Error> {
    if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&verifier.len()) {
        return Err(Error::PkceInvalid(Reason::VerifierLength));
    }
    if !verifier.bytes().all(is_unreserved) {
        return Err(Error::PkceInvalid(Reason::VerifierCharset));
    }
    Ok(())
}

/// RFC 7636 §4.1: the verifier for caller-given octets, base64url-encoded
/// (32 octets → 43 characters, 96 → 128). Other octet counts that don't
/// encode to 43..=128 characters are refused.
pub fn code_verifier_from_octets(octets: &[u8]) -> Result<String, Error> {
    // ceil(8n / 6) characters for n octets, without padding
    let len = (octets.len() * 8).div_ceil(6);
    if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
        return Err(Error::PkceInvalid(Reason::VerifierLength));
    }
    Ok(base64url::encode(octets))
}

/// Octets of entropy [`code_verifier_with_length`] needs for `len` characters
/// (every character carries 6 full bits).
pub fn octets_for_length(len: usize) -> usize {
    (len * 6).div_ceil(8)
}

/// RFC 7636 §4.1: a verifier of exactly `len` (43..=128) characters from
/// caller-given entropy: the first `len` characters of the base64url encoding
/// of the first [`octets_for_length`]`(len)` octets, so each character is one
/// of 64 with 6 uniform bits (at least 258 bits for 43 characters).
pub fn code_verifier_with_length(len: usize, entropy: &[u8]) -> Result<String, Error> {
    if !(MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&len) {
        return Err(Error::PkceInvalid(Reason::VerifierLength));
    }
    let need = octets_for_length(len);
    if entropy.len() < need {
        return Err(Error::InvalidOptions("not enough entropy for the requested code_verifier length"));
    }
    let mut v = base64url::encode(&entropy[..need]);
    v.truncate(len);
    Ok(v)
}

/// RFC 7636 §4.1 with the platform RNG (in wasm: `crypto.getRandomValues`):
/// `None` → 32 random octets, base64url (43 characters); `Some(len)` → a
/// verifier of exactly `len` characters (43..=128).
#[cfg(feature = "getrandom")]
pub fn generate_code_verifier(len: Option<usize>) -> Result<String, Error> {
    let mut buf = [0u8; 96];
    let n = match len {
        None => DEFAULT_VERIFIER_OCTETS,
        Some(l) if (MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN).contains(&l) => octets_for_length(l),
        Some(_) => return Err(Error::PkceInvalid(Reason::VerifierLength)),
    };
    getrandom::fill(&mut buf[..n]).map_err(|_| Error::InvalidOptions("the platform random number generator failed"))?;
    match len {
        None => code_verifier_from_octets(&buf[..n]),
        Some(l) => code_verifier_with_length(l, &buf[..n]),
    }
}

/// RFC 7636 §4.2: the `code_challenge` for a valid verifier —
/// `S256`: BASE64URL(SHA-256(ASCII(code_verifier))); `plain`: the verifier.
pub fn code_challenge(verifier: &str, method: Method) -> Result<String, Error> {
    check_code_verifier(verifier)?;
    Ok(match method {
        Method::S256 => s256(verifier),
        Method::Plain => String::from(verifier),
    })
}

fn s256(verifier: &str) -> String {
    base64url::encode(&Sha256::digest(verifier.as_bytes()))
}

/// RFC 7636 §4.2: whether `challenge` is a value `method` can produce —
/// `S256`: 43 base64url characters (32 octets, canonical encoding);
/// `plain`: the verifier syntax. `challenge_invalid` otherwise.
pub fn check_code_challenge(challenge: &str, method: Method) -> Result<(), Error> {
    let ok = match method {
        Method::S256 => {
            challenge.len() == S256_CHALLENGE_LEN && base64url::decode(challenge.as_bytes()).is_ok_and(|d| d.len() == 32)
        }
        Method::Plain => check_code_verifier(challenge).is_ok(),
    };
    if ok { Ok(()) } else { Err(Error::PkceInvalid(Reason::ChallengeInvalid)) }
}

/// RFC 7636 §4.6 (server side): does `verifier` match the `challenge`
/// stored with the authorization code? Malformed values are errors
/// (`ERR_PKCE_INVALID` with `verifier_length`, `verifier_charset`,
/// `challenge_invalid`); a well-formed verifier that does not match is
/// `Ok(false)`. The comparison is constant time.
///
/// `method` is the `code_challenge_method` of the authorization request;
/// a request without one means `plain` (§4.3), which the caller must pass
/// explicitly (and may refuse instead, §7.2).
pub fn verify_code_challenge(verifier: &str, challenge: &str, method: Method) -> Result<bool, Error> {
    check_code_verifier(verifier)?;
    check_code_challenge(challenge, method)?;
    let expected = match method {
        Method::S256 => s256(verifier),
        Method::Plain => String::from(verifier),
    };
    Ok(expected.len() == challenge.len() && bool::from(expected.as_bytes().ct_eq(challenge.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const OCTETS: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88,
        5, 88, 83, 132, 141, 121,
    ];

    #[test]
    fn appendix_b() {
        assert_eq!(code_verifier_from_octets(&OCTETS).unwrap(), VERIFIER);
        assert_eq!(code_challenge(VERIFIER, Method::S256).unwrap(), CHALLENGE);
        assert!(verify_code_challenge(VERIFIER, CHALLENGE, Method::S256).unwrap());
        assert_eq!(code_challenge(VERIFIER, Method::Plain).unwrap(), VERIFIER);
        assert!(verify_code_challenge(VERIFIER, VERIFIER, Method::Plain).unwrap());
        // the S256 challenge is not a plain one of the same verifier, and vice versa
        assert!(!verify_code_challenge(VERIFIER, CHALLENGE, Method::Plain).unwrap());
        assert!(!verify_code_challenge(CHALLENGE, CHALLENGE, Method::S256).unwrap());
    }

    #[test]
    fn verifier_rules() {
        let e = |v: &str| check_code_verifier(v).err().and_then(|e| e.reason());
        assert_eq!(e(&"a".repeat(42)), Some("verifier_length"));
        assert_eq!(e(&"a".repeat(43)), None);
        assert_eq!(e(&"a".repeat(128)), None);
        assert_eq!(e(&"a".repeat(129)), Some("verifier_length"));
        assert_eq!(e(""), Some("verifier_length"));
        for bad in ['+', '/', '=', ' ', '%', '!', '\u{e9}', '\0'] {
            let mut v = "a".repeat(42);
            v.push(bad);
            // 'é' is two bytes: 44 bytes, still in range, charset fails
            assert_eq!(e(&v), Some("verifier_charset"), "{bad:?}");
        }
        assert_eq!(e("-._~ABCXYZabcxyz0123456789-._~ABCXYZabcxyz0"), None);
        // a challenge is never computed for a bad verifier
        assert_eq!(code_challenge("short", Method::S256).unwrap_err().code(), "ERR_PKCE_INVALID");
    }

    #[test]
    fn lengths_from_entropy() {
        let entropy = [0xA5u8; 96];
        for len in MIN_VERIFIER_LEN..=MAX_VERIFIER_LEN {
            let v = code_verifier_with_length(len, &entropy).unwrap();
            assert_eq!(v.len(), len);
            check_code_verifier(&v).unwrap();
        }
        assert_eq!(octets_for_length(43), 33);
        assert_eq!(octets_for_length(128), 96);
        assert_eq!(code_verifier_with_length(42, &entropy).unwrap_err().reason(), Some("verifier_length"));
        assert_eq!(code_verifier_with_length(129, &entropy).unwrap_err().reason(), Some("verifier_length"));
        assert_eq!(code_verifier_with_length(128, &entropy[..95]).unwrap_err().code(), "ERR_INVALID_OPTIONS");
        assert_eq!(code_verifier_from_octets(&[0; 31]).unwrap_err().reason(), Some("verifier_length"));
        assert_eq!(code_verifier_from_octets(&[0; 96]).unwrap().len(), 128);
        assert_eq!(code_verifier_from_octets(&[0; 97]).unwrap_err().reason(), Some("verifier_length"));
    }

    #[test]
    fn challenge_rules_and_methods() {
        assert_eq!(Method::from_name("S256").unwrap(), Method::S256);
        assert_eq!(Method::from_name("plain").unwrap(), Method::Plain);
        for bad in ["s256", "S512", "PLAIN", "", "none"] {
            assert_eq!(Method::from_name(bad).unwrap_err().reason(), Some("method_unsupported"));
        }
        let r = |c: &str, m| verify_code_challenge(VERIFIER, c, m).map_err(|e| e.reason().unwrap());
        assert_eq!(r(&CHALLENGE[..42], Method::S256), Err("challenge_invalid"));
        assert_eq!(r(&alloc::format!("{CHALLENGE}A"), Method::S256), Err("challenge_invalid"));
        // a non-canonical last character (low bits set) is not a SHA-256 output's encoding
        assert_eq!(r("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", Method::S256), Err("challenge_invalid"));
        assert_eq!(r("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", Method::S256), Err("challenge_invalid"));
        assert_eq!(r("short", Method::Plain), Err("challenge_invalid"));
        // one flipped character: well-formed, not matching
        assert_eq!(r("F9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Method::S256), Ok(false));
        assert_eq!(verify_code_challenge("x", CHALLENGE, Method::S256).unwrap_err().reason(), Some("verifier_length"));
    }

    #[cfg(feature = "getrandom")]
    #[test]
    fn generated_verifiers() {
        let a = generate_code_verifier(None).unwrap();
        assert_eq!(a.len(), 43);
        check_code_verifier(&a).unwrap();
        assert_ne!(a, generate_code_verifier(None).unwrap());
        for len in [43, 44, 64, 100, 127, 128] {
            let v = generate_code_verifier(Some(len)).unwrap();
            assert_eq!(v.len(), len);
            check_code_verifier(&v).unwrap();
        }
        assert_eq!(generate_code_verifier(Some(42)).unwrap_err().reason(), Some("verifier_length"));
        assert_eq!(generate_code_verifier(Some(0)).unwrap_err().reason(), Some("verifier_length"));
    }
}
