//! Published RFC examples, verified through the public API:
//! RFC 7515 Appendix A (A.1-A.5), RFC 7520 §4.1-§4.4 (+ the RFC 7797 `b64`
//! cookbook example), RFC 8037 Appendix A (Ed25519), RFC 7638 §3.1
//! (thumbprints).
//!
//! Keys and tokens are embedded from the RFC text. When `../shared` is
//! present, the JOSE cookbook files are loaded as well and must agree with the
//! embedded copies; when it is absent those cross-checks print a skip note.

use std::path::PathBuf;

use data_encoding::BASE64URL_NOPAD;
use sha2::{Digest, Sha256};
use tokencheck::json::Object;
use tokencheck::jws::{self, Limits};
use tokencheck::{Algorithm, AlgorithmSet, Error, Jwk, JwkSet, Reason, SigningKey, UnixTime, Validator};

// ---------------------------------------------------------------------------
// helpers

fn algs(a: &[Algorithm]) -> AlgorithmSet {
    AlgorithmSet::new(a).unwrap()
}

fn set_of(jwk_json: &str) -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{jwk_json}]}}"#)).expect("RFC key imports")
}

/// JWS-level verification; returns the verified payload bytes.
fn verify_jws(token: &str, keys: &JwkSet, alg: Algorithm) -> Result<Vec<u8>, Error> {
    let v = jws::parse(token, &Limits::default())?.verify(keys, algs(&[alg]))?;
    assert_eq!(v.header().alg(), alg);
    Ok(v.value().clone())
}

/// The cookbook folder, if `../shared` is present next to the crate.
fn cookbook(rel: &str) -> Option<serde_json::Value> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "shared", "vectors", "jose-cookbook", rel].iter().collect();
    if !path.exists() {
        println!("SKIP cookbook cross-check: {} absent (../shared not present)", path.display());
        return None;
    }
    let text = std::fs::read_to_string(&path).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

/// Public members of a cookbook key (private members dropped), for comparison
/// with the embedded public JWK.
fn public_members(key: &serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    let mut m = key.as_object().unwrap().clone();
    for private in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
        m.remove(private);
    }
    m
}

fn json_obj(text: &str) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(text).unwrap().as_object().unwrap().clone()
}

// ---------------------------------------------------------------------------
// RFC 7515 Appendix A

/// RFC 7515 A.1.1 / A.2.1 / A.3.1 payload: `{"iss":"joe",\r\n "exp":1300819380,\r\n "http://example.com/is_root":true}`.
const RFC7515_PAYLOAD_B64: &str =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const RFC7515_PAYLOAD: &str = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
const RFC7515_EXP: i64 = 1_300_819_380;

/// RFC 7515 A.1.1 symmetric key.
const A1_KEY: &str = r#"{"kty":"oct",
 "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
/// RFC 7515 A.1.1 complete JWS (header `{"typ":"JWT",\r\n "alg":"HS256"}`).
const A1_JWS: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.\
eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.\
dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// RFC 7515 A.2.1 RSA key, public members.
const A2_KEY: &str = r#"{"kty":"RSA",
 "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
 "e":"AQAB"}"#;
/// RFC 7515 A.2.1 complete JWS.
const A2_JWS: &str = "eyJhbGciOiJSUzI1NiJ9.\
eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.\
cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7\
AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4\
BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K\
0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv\
hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB\
p0igcN_IoypGlUPQGe77Rw";

/// RFC 7515 A.3.1 EC P-256 key, public members.
const A3_KEY: &str = r#"{"kty":"EC",
 "crv":"P-256",
 "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
 "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
/// RFC 7515 A.3.1 complete JWS.
const A3_JWS: &str = "eyJhbGciOiJFUzI1NiJ9.\
eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.\
DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/// RFC 7515 A.4.1 EC P-521 key, public members.
const A4_KEY: &str = r#"{"kty":"EC",
 "crv":"P-521",
 "x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
 "y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"}"#;
/// RFC 7515 A.4.1 complete JWS. Its payload is the ASCII string `Payload`
/// (not a JWT claims set).
const A4_JWS: &str = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.\
AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZq\
wqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8Kp\
EHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

/// RFC 7515 A.5 Unsecured JWS (`{"alg":"none"}`, empty signature).
const A5_JWS: &str = "eyJhbGciOiJub25lIn0.\
eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";

/// A.1-A.3 carry the JWT claims set of A.1.1: JWS and JWT level both.
fn check_rfc7515_jwt(name: &str, token: &str, key: &str, alg: Algorithm) {
    let keys = set_of(key);
    assert!(token.split('.').nth(1) == Some(RFC7515_PAYLOAD_B64), "{name}: payload part");

    let payload = verify_jws(token, &keys, alg).unwrap_or_else(|e| panic!("{name}: JWS verify: {e}"));
    assert_eq!(payload, RFC7515_PAYLOAD.as_bytes(), "{name}: payload");

    let v = Validator::new(algs(&[alg])).issuer("joe");
    let ok = v.verify(token, &keys, UnixTime::from_secs(RFC7515_EXP - 1)).unwrap_or_else(|e| panic!("{name}: JWT verify: {e}"));
    assert_eq!(ok.value().iss(), Some("joe"));
    assert_eq!(ok.value().exp(), Some(RFC7515_EXP as f64));
    assert_eq!(ok.value().get("http://example.com/is_root").and_then(|v| v.as_bool()), Some(true));

    // RFC 7519 §4.1.4: at and after exp the token is expired.
    for now in [RFC7515_EXP, RFC7515_EXP + 1, 1_700_000_000] {
        let err = v.verify(token, &keys, UnixTime::from_secs(now)).unwrap_err();
        assert_eq!(err.code(), "ERR_JWT_EXPIRED", "{name} at {now}");
        assert_eq!(err.claim(), Some("exp"));
    }

    // The algorithm must be allowed: the same token under another allow-list fails.
    let other = if alg == Algorithm::HS256 { Algorithm::HS512 } else { Algorithm::HS256 };
    let err = verify_jws(token, &keys, other).unwrap_err();
    assert_eq!(err.code(), "ERR_JOSE_ALG_NOT_ALLOWED", "{name}");

    // One flipped bit in the signature is refused, opaquely.
    let mut bad = String::from(token);
    let last = bad.pop().unwrap();
    bad.push(if last == 'A' { 'Q' } else { 'A' });
    let err = verify_jws(&bad, &keys, alg).unwrap_err();
    assert_eq!(err, Error::SignatureVerificationFailed, "{name}: tampered signature");
}

#[test]
fn rfc7515_a1_hs256() {
    check_rfc7515_jwt("RFC 7515 A.1", A1_JWS, A1_KEY, Algorithm::HS256);
    let v = jws::parse(A1_JWS, &Limits::default()).unwrap();
    assert_eq!(v.header().typ(), Some("JWT"));
}

#[test]
fn rfc7515_a2_rs256() {
    check_rfc7515_jwt("RFC 7515 A.2", A2_JWS, A2_KEY, Algorithm::RS256);
}

#[test]
fn rfc7515_a3_es256() {
    check_rfc7515_jwt("RFC 7515 A.3", A3_JWS, A3_KEY, Algorithm::ES256);
}

#[test]
fn rfc7515_a4_es512() {
    let keys = set_of(A4_KEY);
    assert_eq!(verify_jws(A4_JWS, &keys, Algorithm::ES512).unwrap(), b"Payload");
    // A.4's payload is not a claims set: the JWT API verifies the signature,
    // then refuses the payload (RFC 7519 §7.2 step 10).
    let err = Validator::new(algs(&[Algorithm::ES512]))
        .verify(A4_JWS, &keys, UnixTime::from_secs(RFC7515_EXP - 1))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_JWT_INVALID");
    // Wrong curve for the algorithm: ES256 with the P-521 key.
    let err = verify_jws(A4_JWS.replacen("eyJhbGciOiJFUzUxMiJ9", "eyJhbGciOiJFUzI1NiJ9", 1).as_str(), &keys, Algorithm::ES256)
        .unwrap_err();
    assert_eq!(err.code(), "ERR_JWKS_NO_MATCHING_KEY");
}

#[test]
fn rfc7515_a5_unsecured_refused() {
    let keys = set_of(A1_KEY);
    let err = jws::parse(A5_JWS, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    assert_eq!(err.reason(), Some("alg_none"));
    for allow in [&[Algorithm::HS256][..], &Algorithm::ALL[..]] {
        let err = Validator::new(algs(allow)).verify(A5_JWS, &keys, UnixTime::from_secs(RFC7515_EXP - 1)).unwrap_err();
        assert_eq!(err.code(), "ERR_JOSE_ALG_NOT_ALLOWED");
        assert_eq!(err.reason(), Some("alg_none"));
    }
}

/// RFC 7515 A.3.1 / A.4.1 private keys: our signer with the RFC keys produces
/// tokens the RFC public keys verify (ECDSA output is not reproducible: the
/// RFC used random nonces, we use RFC 6979).
#[test]
fn rfc7515_ec_private_keys_sign_verifiable_tokens() {
    for (public, d, alg) in [
        (A3_KEY, "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", Algorithm::ES256),
        (A4_KEY, "AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C", Algorithm::ES512),
    ] {
        let mut private = json_obj(public);
        private.insert("d".into(), d.into());
        let sk = SigningKey::from_jwk(&serde_json::Value::Object(private).to_string(), Some(alg)).unwrap();
        let token = sk.sign_compact(&Object::new(), RFC7515_PAYLOAD.as_bytes()).unwrap();
        assert_eq!(verify_jws(&token, &set_of(public), alg).unwrap(), RFC7515_PAYLOAD.as_bytes(), "{alg}");
    }
}

// ---------------------------------------------------------------------------
// RFC 7520 §4 (JWS examples, "Frodo" payload)

/// RFC 7520 §4 payload (Figure 7), with U+2019 apostrophes.
const RFC7520_PAYLOAD: &str = "It\u{2019}s a dangerous business, Frodo, going out your door. You step onto the road, and if you don't keep your feet, there\u{2019}s no knowing where you might be swept off to.";
const RFC7520_PAYLOAD_B64: &str = "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";

/// RFC 7520 §3.3 RSA public key (the public half of the §3.4 key used by §4.1/§4.2).
const RFC7520_RSA_KEY: &str = r#"{"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","use":"sig",
 "n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
 "e":"AQAB"}"#;
/// RFC 7520 §3.1 EC public key (the public half of the §3.2 key used by §4.3).
const RFC7520_EC_KEY: &str = r#"{"kty":"EC","kid":"bilbo.baggins@hobbiton.example","use":"sig","crv":"P-521",
 "x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt",
 "y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"}"#;
/// RFC 7520 §3.5 symmetric key (MAC computation, §4.4).
const RFC7520_OCT_KEY: &str = r#"{"kty":"oct","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037","use":"sig","alg":"HS256",
 "k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#;

/// RFC 7520 §4.1.3 Figure 13 (RS256).
const RFC7520_4_1: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.\
SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.\
MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4JIwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluPxUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg";
/// RFC 7520 §4.2.3 Figure 20 (PS384; randomized, so verify only).
const RFC7520_4_2: &str = "eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.\
SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.\
cu22eBqkYDKgIlTpzDXGvaFfz6WGoz7fUDcfT0kkOy42miAh2qyBzk1xEsnk2IpN6-tPid6VrklHkqsGqDqHCdP6O8TTB5dDDItllVo6_1OLPpcbUrhiUSMxbbXUvdvWXzg-UD8biiReQFlfz28zGWVsdiNAUf8ZnyPEgVFn442ZdNqiVJRmBqrYRXe8P_ijQ7p8Vdz0TTrxUeT3lm8d9shnr2lfJT8ImUjvAA2Xez2Mlp8cBE5awDzT0qI0n6uiP1aCN_2_jLAeQTlqRHtfa64QQSUmFAAjVKPbByi7xho0uTOcbH510a6GYmJUAfmWjwZ6oD4ifKo8DYM-X72Eaw";
/// RFC 7520 §4.3.3 Figure 27 (ES512).
const RFC7520_4_3: &str = "eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.\
SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.\
AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJAQy3mtPBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2";
/// RFC 7520 §4.4.3 Figure 34 (HS256).
const RFC7520_4_4: &str = "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9.\
SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.\
s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0";

/// One RFC 7520 §4 example: raw JWS verifies with the payload; the JWT API
/// refuses it (the payload is prose, not a claims set); the cookbook file, when
/// present, states the same key, algorithm and token.
fn check_rfc7520(section: &str, file: &str, token: &str, key: &str, alg: Algorithm) {
    let keys = set_of(key);
    assert!(token.split('.').nth(1) == Some(RFC7520_PAYLOAD_B64), "{section}: payload part");
    let payload = verify_jws(token, &keys, alg).unwrap_or_else(|e| panic!("RFC 7520 {section}: {e}"));
    assert_eq!(payload, RFC7520_PAYLOAD.as_bytes(), "{section}");
    let v = jws::parse(token, &Limits::default()).unwrap();
    assert_eq!(v.header().kid(), json_obj(key)["kid"].as_str(), "{section}: kid");

    let err = Validator::new(algs(&[alg])).verify(token, &keys, UnixTime::from_secs(1_700_000_000)).unwrap_err();
    assert_eq!(err.code(), "ERR_JWT_INVALID", "{section}: JWT API must refuse a non-claims payload");

    if let Some(cb) = cookbook(file) {
        assert_eq!(cb["input"]["alg"].as_str(), Some(alg.name()), "{section}: cookbook alg");
        assert_eq!(cb["input"]["payload"].as_str(), Some(RFC7520_PAYLOAD), "{section}: cookbook payload");
        assert_eq!(public_members(&cb["input"]["key"]), json_obj(key), "{section}: cookbook key");
        assert_eq!(cb["output"]["compact"].as_str(), Some(token), "{section}: cookbook compact");
        // The cookbook's own compact string verifies as well (same text, checked above,
        // but run it through the verifier to make the cross-check explicit).
        let cb_keys = JwkSet::from_json(&format!(
            r#"{{"keys":[{}]}}"#,
            serde_json::Value::Object(public_members(&cb["input"]["key"]))
        ))
        .unwrap();
        verify_jws(cb["output"]["compact"].as_str().unwrap(), &cb_keys, alg).unwrap();
        println!("RFC 7520 {section}: cookbook {file} agrees");
    }
}

#[test]
fn rfc7520_4_1_rs256() {
    check_rfc7520("§4.1", "jws/4_1.rsa_v15_signature.json", RFC7520_4_1, RFC7520_RSA_KEY, Algorithm::RS256);
}

#[test]
fn rfc7520_4_2_ps384() {
    check_rfc7520("§4.2", "jws/4_2.rsa-pss_signature.json", RFC7520_4_2, RFC7520_RSA_KEY, Algorithm::PS384);
}

#[test]
fn rfc7520_4_3_es512() {
    check_rfc7520("§4.3", "jws/4_3.ecdsa_signature.json", RFC7520_4_3, RFC7520_EC_KEY, Algorithm::ES512);
}

#[test]
fn rfc7520_4_4_hs256() {
    check_rfc7520(
        "§4.4",
        "jws/4_4.hmac-sha2_integrity_protection.json",
        RFC7520_4_4,
        RFC7520_OCT_KEY,
        Algorithm::HS256,
    );
    // The §3.5 key declares alg HS256: HS384/HS512 are refused for it even when allowed.
    let keys = set_of(RFC7520_OCT_KEY);
    let relabelled = RFC7520_4_4.replacen("eyJhbGciOiJIUzI1NiIs", "eyJhbGciOiJIUzUxMiIs", 1);
    let err = verify_jws(&relabelled, &keys, Algorithm::HS512).unwrap_err();
    assert_eq!(err.code(), "ERR_JOSE_ALG_NOT_ALLOWED");
}

#[test]
fn rfc7520_cookbook_jwk_files_match_embedded_keys() {
    for (file, key) in [
        ("jwk/3_1.ec_public_key.json", RFC7520_EC_KEY),
        ("jwk/3_3.rsa_public_key.json", RFC7520_RSA_KEY),
        ("jwk/3_5.symmetric_key_mac_computation.json", RFC7520_OCT_KEY),
    ] {
        if let Some(cb) = cookbook(file) {
            assert_eq!(cb.as_object().unwrap(), &json_obj(key), "{file}");
            let text = serde_json::to_string(&cb).unwrap();
            Jwk::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
}

/// RFC 7797 §4 example as published in the JOSE cookbook (unencoded payload,
/// `"b64":false`, `"crit":["b64"]`), compact form with the payload inline.
const RFC7797_COMPACT: &str =
    "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.This is the payload string!.ciks0B6Hs-amhOqxI5_iG6mPKnMDlWCb7J2Wu7mtIcg";
const RFC7797_KEY: &str =
    r#"{"kty":"oct","alg":"HS256","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

#[test]
fn rfc7797_b64_false_refused() {
    let mut tokens = vec![RFC7797_COMPACT.to_string()];
    if let Some(cb) = cookbook("rfc7797/hmac-sha2_b64_false.json") {
        assert_eq!(cb["output"]["compact"].as_str(), Some(RFC7797_COMPACT));
        assert_eq!(cb["input"]["key"].as_object().unwrap(), &json_obj(RFC7797_KEY));
        tokens.push(cb["output"]["compact"].as_str().unwrap().to_string());
        // the JSON serialization form is refused as such
        let flat = serde_json::to_string(&cb["output"]["json_flat"]).unwrap();
        let err = jws::parse(&flat, &Limits::default()).unwrap_err();
        assert_eq!(err, Error::JwsInvalid(Reason::JsonSerialization));
    }
    let keys = set_of(RFC7797_KEY);
    for t in &tokens {
        let err = jws::parse(t, &Limits::default()).unwrap_err();
        assert_eq!(err.code(), "ERR_JWS_INVALID");
        assert_eq!(err.reason(), Some("b64_unsupported"));
        let err = Validator::new(algs(&[Algorithm::HS256])).verify(t, &keys, UnixTime::from_secs(1_700_000_000)).unwrap_err();
        assert_eq!(err.code(), "ERR_JWS_INVALID");
        assert_eq!(err.reason(), Some("b64_unsupported"));
    }
}

// ---------------------------------------------------------------------------
// RFC 8037 Appendix A (Ed25519)

/// RFC 8037 A.1 private key.
const RFC8037_A1_PRIVATE: &str = r#"{"kty":"OKP","crv":"Ed25519",
 "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
 "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
/// RFC 8037 A.2 public key.
const RFC8037_A2_PUBLIC: &str = r#"{"kty":"OKP","crv":"Ed25519",
 "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
/// RFC 8037 A.3 thumbprint of the A.2 key.
const RFC8037_A3_THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
/// RFC 8037 A.4 JWS (protected header `{"alg":"EdDSA"}`, payload "Example of Ed25519 signing").
const RFC8037_A4_JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.\
hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
const RFC8037_PAYLOAD: &str = "Example of Ed25519 signing";

#[test]
fn rfc8037_a4_ed25519_signing_is_exact() {
    let sk = SigningKey::from_jwk(RFC8037_A1_PRIVATE, Some(Algorithm::EdDSA)).unwrap();
    assert_eq!(sk.alg(), Algorithm::EdDSA);
    let jws = sk.sign_compact(&Object::new(), RFC8037_PAYLOAD.as_bytes()).unwrap();
    assert_eq!(jws, RFC8037_A4_JWS, "Ed25519 is deterministic: the A.4 JWS must be reproduced exactly");
    // A private key is never accepted as a verification key.
    let err = Jwk::from_json(RFC8037_A1_PRIVATE).unwrap_err();
    assert_eq!(err, Error::JwkInvalid(Reason::PrivateKeyMaterial));
}

#[test]
fn rfc8037_a5_ed25519_verification() {
    let keys = set_of(RFC8037_A2_PUBLIC);
    assert_eq!(verify_jws(RFC8037_A4_JWS, &keys, Algorithm::EdDSA).unwrap(), RFC8037_PAYLOAD.as_bytes());
    // not a claims set
    let err = Validator::new(algs(&[Algorithm::EdDSA]))
        .verify(RFC8037_A4_JWS, &keys, UnixTime::from_secs(1_700_000_000))
        .unwrap_err();
    assert_eq!(err.code(), "ERR_JWT_INVALID");
    // tampered payload
    let bad = RFC8037_A4_JWS.replacen(".RXhh", ".RXhi", 1);
    assert_eq!(verify_jws(&bad, &keys, Algorithm::EdDSA).unwrap_err(), Error::SignatureVerificationFailed);

    if let Some(cb) = cookbook("curve25519/jws.json") {
        assert_eq!(cb["input"]["alg"].as_str(), Some("EdDSA"));
        assert_eq!(cb["input"]["payload"].as_str(), Some(RFC8037_PAYLOAD));
        assert_eq!(cb["input"]["key"].as_object().unwrap(), &{
            let mut m = json_obj(RFC8037_A1_PRIVATE);
            m.insert("use".into(), "sig".into());
            m
        });
        assert_eq!(cb["output"]["compact"].as_str(), Some(RFC8037_A4_JWS));
        // sign from the cookbook's key text too
        let text = serde_json::to_string(&cb["input"]["key"]).unwrap();
        let sk = SigningKey::from_jwk(&text, Some(Algorithm::EdDSA)).unwrap();
        assert_eq!(sk.sign_compact(&Object::new(), RFC8037_PAYLOAD.as_bytes()).unwrap(), RFC8037_A4_JWS);
        println!("RFC 8037 A.4: cookbook curve25519/jws.json agrees");
    }
}

// ---------------------------------------------------------------------------
// RFC 7638 thumbprints

/// RFC 7638 §3.1 example RSA key.
const RFC7638_RSA_KEY: &str = r#"{"kty":"RSA",
 "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
 "e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;

/// Independent RFC 7638 §3.2 computation: the required members in
/// lexicographic order, no whitespace, hashed with SHA-256, base64url.
fn independent_thumbprint(jwk_json: &str) -> String {
    let o = json_obj(jwk_json);
    let kty = o["kty"].as_str().unwrap();
    let required: &[&str] = match kty {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        _ => panic!("kty {kty}"),
    };
    let members: Vec<String> = required.iter().map(|m| format!("\"{m}\":\"{}\"", o[*m].as_str().unwrap())).collect();
    let canonical = format!("{{{}}}", members.join(","));
    BASE64URL_NOPAD.encode(&Sha256::digest(canonical.as_bytes()))
}

#[test]
fn rfc7638_thumbprints() {
    // §3.1: the published value.
    let rsa = Jwk::from_json(RFC7638_RSA_KEY).unwrap();
    assert_eq!(rsa.thumbprint_sha256(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assert_eq!(independent_thumbprint(RFC7638_RSA_KEY), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    // RFC 8037 A.3: the published value for the OKP key.
    let okp = Jwk::from_json(RFC8037_A2_PUBLIC).unwrap();
    assert_eq!(okp.thumbprint_sha256(), RFC8037_A3_THUMBPRINT);
    assert_eq!(independent_thumbprint(RFC8037_A2_PUBLIC), RFC8037_A3_THUMBPRINT);

    // EC (P-256 and P-521; the P-521 coordinates keep their leading zero
    // octets, RFC 7518 §6.2.1.2), oct and the other RSA keys, against the
    // independent computation. Optional members (kid, use, alg) must not count.
    for key in [A1_KEY, A2_KEY, A3_KEY, A4_KEY, RFC7520_RSA_KEY, RFC7520_EC_KEY, RFC7520_OCT_KEY] {
        let jwk = Jwk::from_json(key).unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(jwk.thumbprint_sha256(), independent_thumbprint(key), "{key}");
    }
    assert!(json_obj(RFC7520_EC_KEY)["x"].as_str().unwrap().starts_with("AH"), "leading zero octet in x");

    // Member order and optional members in the input don't change the thumbprint.
    let reordered = r#"{"y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","use":"sig","kid":"k",
        "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","crv":"P-256","kty":"EC","alg":"ES256"}"#;
    assert_eq!(
        Jwk::from_json(reordered).unwrap().thumbprint_sha256(),
        Jwk::from_json(A3_KEY).unwrap().thumbprint_sha256()
    );
}
