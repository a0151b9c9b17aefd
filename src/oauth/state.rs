//! `state` and `nonce` values (RFC 6749 §10.12, OIDC Core §15.5.2) and a
//! signed, self-contained state (an HS256 JWT, RFC 7519) for flows that keep
//! no server-side session: the OAuth `state`, the LTI 1.1.2 `tool_state`.
//!
//! Random values need the `getrandom` feature; without it, callers pass
//! their own entropy to [`random_value`].

use alloc::string::{String, ToString};

use subtle::ConstantTimeEq;

use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwa::{Algorithm, AlgorithmSet};
use crate::json::{Object, Value};
use crate::jwk::{Jwk, JwkSet};
use crate::jwa::Sha;
use crate::jwa::hmac::HmacKey;
use crate::jwt::{Claims, TypPolicy, UnixTime, Validator};

/// Bytes of entropy in generated values (256 bits; at least 128 are required).
pub const RANDOM_BYTES: usize = 32;
/// Fewest entropy bytes [`random_value`] accepts (128 bits).
pub const MIN_RANDOM_BYTES: usize = 16;

/// A base64url value from caller-supplied entropy (at least 16 bytes).
pub fn random_value(entropy: &[u8]) -> Result<String, Error> {
    if entropy.len() < MIN_RANDOM_BYTES {
        return Err(Error::InvalidOptions("state/nonce entropy must be at least 16 bytes"));
    }
    Ok(base64url::encode(entropy))
}

/// `RANDOM_BYTES` from the platform RNG (in wasm: `crypto.getRandomValues`).
#[cfg(feature = "getrandom")]
pub fn random_bytes() -> Result<[u8; RANDOM_BYTES], Error> {
    let mut b = [0u8; RANDOM_BYTES];
    getrandom::fill(&mut b).map_err(|_| Error::InvalidOptions("the platform random number generator failed"))?;
    Ok(b)
}

/// RFC 6749 §10.12: a fresh, unguessable `state` (256 bits, base64url).
#[cfg(feature = "getrandom")]
pub fn generate_state() -> Result<String, Error> {
    random_value(&random_bytes()?)
}

/// OIDC Core §15.5.2: a fresh `nonce` (256 bits, base64url).
#[cfg(feature = "getrandom")]
pub fn generate_nonce() -> Result<String, Error> {
    random_value(&random_bytes()?)
}

/// RFC 6749 §10.12: constant-time comparison of a returned `state` with the
/// expected one (the length is not secret). An empty value never matches: a
/// missing `state` parameter and a missing stored state are not a match.
pub fn state_equals(a: &str, b: &str) -> bool {
    !a.is_empty() && a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// `typ` of a signed OAuth `state` (explicit typing, RFC 8725 §3.11), so a
/// state can never be accepted as another kind of token or vice versa.
pub const STATE_TYP: &str = "oauth-state+jwt";

/// A verified signed state.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedState {
    /// The random value (`jti`) — use it as the single-use key.
    pub value: String,
    /// Where to go back after the flow (`path`), if one was given.
    pub return_path: Option<String>,
    /// Expiry (`exp`).
    pub expires_at: UnixTime,
    /// Every claim, including the caller's extra ones.
    pub claims: Object,
}

/// HS256 compact JWS over `claims` with header `{"typ":..,"alg":"HS256"}`
/// (RFC 7515 §5.1), using the HMAC primitive directly so that signing a
/// state links no asymmetric signing code into the .wasm.
fn sign_hs256(secret: &[u8], typ: &str, claims: &Object) -> Result<String, Error> {
    let key = HmacKey::new(secret).map_err(Error::JwkInvalid)?;
    let mut h = Object::new();
    h.insert("typ", typ.into());
    h.insert("alg", "HS256".into());
    let mut out = base64url::encode(h.to_json().as_bytes());
    out.push('.');
    out.push_str(&base64url::encode(claims.to_json().as_bytes()));
    let tag = key.tag(Sha::Sha256, out.as_bytes());
    out.push('.');
    out.push_str(&base64url::encode(&tag));
    Ok(out)
}

/// Create an HS256-signed state: `jti` = `random` (≥ 16 bytes of entropy as
/// base64url), `path` = `return_path`, `iat`, `exp` = now + `ttl_secs`,
/// plus `extra` claims; header `typ` = `typ` (default [`STATE_TYP`]).
/// `secret` is at least 32 bytes and known only to this server.
pub fn create_signed_state_typed(
    secret: &[u8],
    typ: &str,
    random: &str,
    return_path: Option<&str>,
    extra: &Object,
    now: UnixTime,
    ttl_secs: i64,
) -> Result<String, Error> {
    if random.len() < 22 {
        return Err(Error::InvalidOptions("state random value must carry at least 128 bits"));
    }
    if !(1..=86_400).contains(&ttl_secs) {
        return Err(Error::InvalidOptions("state ttl must be 1..=86400 seconds"));
    }
    let mut c = extra.clone();
    c.insert("jti", random.into());
    if let Some(p) = return_path {
        c.insert("path", p.into());
    }
    c.insert("iat", Value::from(now.as_secs()));
    c.insert("exp", Value::from(now.as_secs().saturating_add(ttl_secs)));
    sign_hs256(secret, typ, &c)
}

/// [`create_signed_state_typed`] with [`STATE_TYP`] and no extra claims.
pub fn create_signed_state(secret: &[u8], random: &str, return_path: Option<&str>, now: UnixTime, ttl_secs: i64) -> Result<String, Error> {
    create_signed_state_typed(secret, STATE_TYP, random, return_path, &Object::new(), now, ttl_secs)
}

/// Verify a state made by [`create_signed_state_typed`]: HS256 with this
/// secret, exactly this `typ`, `jti` and `exp` present, not expired (no
/// leeway: the issuer's clock is ours). Single use is the caller's
/// (consume [`SignedState::value`] in a nonce store).
pub fn verify_signed_state_typed(token: &str, secret: &[u8], typ: &str, now: UnixTime) -> Result<SignedState, Error> {
    let key = Jwk::from_secret(secret, None, Some(Algorithm::HS256))?;
    let keys = JwkSet::single(key);
    let v = Validator::new(AlgorithmSet::new(&[Algorithm::HS256])?)
        .typ_policy(TypPolicy::one_of(&[typ], false))
        .required_claims(&["jti", "exp"]);
    let claims: Claims = v.verify(token, &keys, now)?.into_parts().1;
    let value = claims.jti().ok_or(Error::claim_failed("jti", Reason::Invalid))?.to_string();
    let expires_at = UnixTime::from_secs(claims.exp().ok_or(Error::claim_failed("exp", Reason::Invalid))? as i64);
    let return_path = match claims.get("path") {
        None => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(_) => return Err(Error::claim_failed("path", Reason::Invalid)),
    };
    Ok(SignedState { value, return_path, expires_at, claims: claims.into_object() })
}

/// [`verify_signed_state_typed`] with [`STATE_TYP`].
pub fn verify_signed_state(token: &str, secret: &[u8], now: UnixTime) -> Result<SignedState, Error> {
    verify_signed_state_typed(token, secret, STATE_TYP, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const RANDOM: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    #[test]
    fn signed_state_round_trip_and_refusals() {
        let now = UnixTime::from_secs(1_700_000_000);
        let s = create_signed_state(SECRET, RANDOM, Some("/course/1"), now, 300).unwrap();
        let v = verify_signed_state(&s, SECRET, now).unwrap();
        assert_eq!(v.value, RANDOM);
        assert_eq!(v.return_path.as_deref(), Some("/course/1"));
        assert_eq!(v.expires_at, UnixTime::from_secs(1_700_000_300));
        // expired
        assert_eq!(verify_signed_state(&s, SECRET, UnixTime::from_secs(1_700_000_300)).unwrap_err().code(), "ERR_JWT_EXPIRED");
        // another secret
        let other = b"1123456789abcdef0123456789abcdef";
        assert_eq!(verify_signed_state(&s, other, now).unwrap_err().code(), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
        // another typ (token confusion)
        assert_eq!(verify_signed_state_typed(&s, SECRET, "lti-tool-state+jwt", now).unwrap_err().claim(), Some("typ"));
        // too little entropy, short secret
        assert!(create_signed_state(SECRET, "short", None, now, 300).is_err());
        assert!(create_signed_state(b"short", RANDOM, None, now, 300).is_err());
        assert!(random_value(&[0; 15]).is_err());
        assert_eq!(random_value(&[0; 16]).unwrap().len(), 22);
        assert!(state_equals("abc", "abc") && !state_equals("abc", "abd") && !state_equals("abc", "ab"));
        assert!(!state_equals("", ""), "missing on both sides is not a match");
    }

    #[cfg(feature = "getrandom")]
    #[test]
    fn generated_values_are_fresh() {
        let a = generate_state().unwrap();
        let b = generate_state().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_ne!(generate_nonce().unwrap(), a);
    }
}
