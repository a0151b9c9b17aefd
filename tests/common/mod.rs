//! Shared fixtures and forging helpers for the adversarial tests
//! (tests/attacks.rs). Owned by the attacks suite.
//!
//! Keys are committed JSON files in tests/fixtures/ (private JWKs; the public
//! half is derived here). They were made by the `#[ignore]`d test
//! `generate_fixtures` in tests/attacks.rs, from fixed seeds, so re-running it
//! reproduces the same files:
//!
//! ```text
//! cargo test --test attacks -- --ignored generate_fixtures
//! ```
//!
//! Hostile tokens are built byte by byte: `forge(header_json, payload, sig)`
//! puts exactly the given header text (duplicates, escapes, odd types and
//! all) into the token, and the signing helpers sign exactly those bytes.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use num_bigint::BigUint;
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use sha2::{Digest, Sha256, Sha384, Sha512};
use tokencheck::json::{self, Object, Value};
use tokencheck::jws::{self, Limits};
use tokencheck::{Algorithm, AlgorithmSet, Claims, Error, Jwk, JwkSet, SigningKey, UnixTime, Validator, Verified};

// ---------------------------------------------------------------- time, claims

/// The instant every test validates at.
pub const NOW: i64 = 1_700_000_000;
pub const ISS: &str = "https://as.example.com";
pub const AUD: &str = "https://api.example.com";

pub fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

/// A claims set that passes `validator()` at `NOW`.
pub fn good_claims() -> String {
    format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","iat":{},"exp":{}}}"#, NOW - 10, NOW + 3600)
}

pub fn algs(list: &[Algorithm]) -> AlgorithmSet {
    AlgorithmSet::new(list).expect("non-empty allow-list")
}

/// Every algorithm the library implements: the most permissive allow-list a
/// caller could configure (hostile inputs must fail even under it).
pub fn all_algs() -> AlgorithmSet {
    algs(&Algorithm::ALL)
}

/// A correctly configured JWT validator: allow-list, issuer, audience.
pub fn validator(list: &[Algorithm]) -> Validator {
    Validator::new(algs(list)).issuer(ISS).audience(AUD)
}

/// The JWT API (jose `jwtVerify`).
pub fn verify_jwt(token: &str, keys: &JwkSet, list: &[Algorithm]) -> Result<Verified<Claims>, Error> {
    validator(list).verify(token, keys, now())
}

/// The raw JWS API (jose `compactVerify`): structure, header rules, key
/// selection and signature; the payload stays opaque bytes.
pub fn verify_raw(token: &str, keys: &JwkSet, list: &[Algorithm]) -> Result<Verified<Vec<u8>>, Error> {
    jws::parse(token, &Limits::default())?.verify(keys, algs(list))
}

// ---------------------------------------------------------------- assertions

/// Assert a specific failure: the stable `code()` and the stable `reason()`
/// (`None` for errors that deliberately carry none, like signature failures).
#[track_caller]
pub fn expect_err<T: std::fmt::Debug>(r: Result<T, Error>, code: &str, reason: Option<&str>) -> Error {
    match r {
        Ok(v) => panic!("expected {code} ({reason:?}), but it was accepted: {v:?}"),
        Err(e) => {
            assert_eq!((e.code(), e.reason()), (code, reason), "wrong error: {e:?} ({e})");
            e
        }
    }
}

/// Signature failure: opaque by design (no reason, no claim).
#[track_caller]
pub fn expect_sig_fail<T: std::fmt::Debug>(r: Result<T, Error>) {
    let e = expect_err(r, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", None);
    assert_eq!(e, Error::SignatureVerificationFailed);
    assert_eq!(e.claim(), None);
}

/// A claim failure: code, claim name and reason.
#[track_caller]
pub fn expect_claim_err<T: std::fmt::Debug>(r: Result<T, Error>, code: &str, claim: &str, reason: &str) {
    let e = expect_err(r, code, Some(reason));
    assert_eq!(e.claim(), Some(claim), "wrong claim in {e:?}");
}

// ---------------------------------------------------------------- encoding

pub fn b64(bytes: &[u8]) -> String {
    tokencheck::base64url::encode(bytes)
}

pub fn unb64(s: &str) -> Vec<u8> {
    tokencheck::base64url::decode(s.as_bytes()).expect("test data is strict base64url")
}

/// `BASE64URL(header) "." BASE64URL(payload)`.
pub fn signing_input(header: &[u8], payload: &[u8]) -> String {
    format!("{}.{}", b64(header), b64(payload))
}

/// A compact token with exactly these header bytes, payload bytes and signature bytes.
pub fn forge(header: &str, payload: &[u8], sig: &[u8]) -> String {
    forge_bytes(header.as_bytes(), payload, sig)
}

pub fn forge_bytes(header: &[u8], payload: &[u8], sig: &[u8]) -> String {
    format!("{}.{}", signing_input(header, payload), b64(sig))
}

/// A compact token over exactly this header text and payload, signed by
/// fixture `key` with `alg` (whatever the header says).
pub fn signed(key: &str, alg: Algorithm, header: &str, payload: &[u8]) -> String {
    signed_bytes(key, alg, header.as_bytes(), payload)
}

pub fn signed_bytes(key: &str, alg: Algorithm, header: &[u8], payload: &[u8]) -> String {
    let input = signing_input(header, payload);
    let sig = sign(key, alg, input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

/// The usual JWT: `{"alg":..,"kid":<key>}` + `good_claims()`, signed by `key`.
pub fn good_jwt(key: &str, alg: Algorithm) -> String {
    let header = format!(r#"{{"alg":"{}","kid":"{key}"}}"#, alg.name());
    signed(key, alg, &header, good_claims().as_bytes())
}

/// Replace the signature part of a compact token.
pub fn with_signature(token: &str, sig: &[u8]) -> String {
    let i = token.rfind('.').expect("three parts");
    format!("{}.{}", &token[..i], b64(sig))
}

/// The decoded signature of a compact token.
pub fn signature_of(token: &str) -> Vec<u8> {
    unb64(token.rsplit('.').next().expect("three parts"))
}

// ---------------------------------------------------------------- fixtures

/// Fixture names; the `kid` in each file is its name.
pub const RSA2048: &str = "rsa2048";
pub const RSA2048B: &str = "rsa2048b";
pub const RSA1024: &str = "rsa1024";
pub const P256: &str = "p256";
/// A second P-256 key: the attacker's.
pub const P256B: &str = "p256b";
pub const P384: &str = "p384";
pub const P521: &str = "p521";
pub const ED25519: &str = "ed25519";
pub const HMAC: &str = "hmac";

pub const FIXTURES: [&str; 9] = [RSA2048, RSA2048B, RSA1024, P256, P256B, P384, P521, ED25519, HMAC];

/// The committed private JWK text of a fixture (read once from tests/fixtures/).
pub fn fixture_text(name: &str) -> &'static str {
    static TEXTS: OnceLock<HashMap<&'static str, String>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        FIXTURES
            .iter()
            .map(|n| {
                let path = fixture_path(n);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e} (see generate_fixtures)", path.display()));
                (*n, text)
            })
            .collect()
    });
    texts.get(name).unwrap_or_else(|| panic!("no fixture {name}"))
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.json"))
}

/// The private JWK object of a fixture.
pub fn fixture(name: &str) -> Object {
    json::parse_object(fixture_text(name).as_bytes(), 8).expect("fixture JSON").expect("fixture object")
}

/// A base64url member of a fixture, decoded.
pub fn member(name: &str, m: &str) -> Vec<u8> {
    unb64(fixture(name).get_str(m).unwrap_or_else(|| panic!("{name} has no {m}")))
}

/// The public JWK object (private members removed; `oct` keeps `k`, since
/// for HMAC the verification key is the secret). Keeps `kid`.
pub fn public_object(name: &str) -> Object {
    let mut o = fixture(name);
    for m in ["d", "p", "q", "dp", "dq", "qi"] {
        o.remove(m);
    }
    o
}

pub fn public_text(name: &str) -> String {
    public_object(name).to_json()
}

pub fn public_jwk(name: &str) -> Jwk {
    Jwk::from_object(&public_object(name)).expect("fixture public key imports")
}

/// `{"keys":[...]}` from JWK objects.
pub fn set_text(keys: &[Object]) -> String {
    let items: Vec<String> = keys.iter().map(Object::to_json).collect();
    format!(r#"{{"keys":[{}]}}"#, items.join(","))
}

/// A validated key set of these fixtures' public keys (through the JSON
/// import path, as a caller would build it).
pub fn set_of(names: &[&str]) -> JwkSet {
    let objs: Vec<Object> = names.iter().map(|n| public_object(n)).collect();
    JwkSet::from_json(&set_text(&objs)).expect("fixture key set imports")
}

pub fn set_of_objects(keys: &[Object]) -> JwkSet {
    JwkSet::from_json(&set_text(keys)).expect("key set imports")
}

// ---------------------------------------------------------------- signing

/// Sign `msg` with fixture `key` for `alg`: HS*/ES*/EdDSA through the core's
/// own `SigningKey`, RS*/PS* through the `rsa` crate (PSS with a salt of the
/// hash length, from a deterministic RNG).
pub fn sign(key: &str, alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    use Algorithm::*;
    match alg {
        RS256 | RS384 | RS512 => rsa_pkcs1_sign(key, alg, msg),
        PS256 | PS384 | PS512 => rsa_pss_sign(key, alg, msg, alg.hash_len()),
        HS256 | HS384 | HS512 => SigningKey::hmac(&member(key, "k"), alg, None).expect("hmac key").sign(msg).unwrap(),
        ES256 | ES384 | ES512 | EdDSA => {
            let mut o = fixture(key);
            o.insert("alg", alg.name().into());
            SigningKey::from_jwk_object(&o, None).expect("signing key").sign(msg).unwrap()
        }
    }
}

fn uint(b: &[u8]) -> rsa::BoxedUint {
    rsa::BoxedUint::from_be_slice_vartime(b)
}

/// The `rsa` crate's private key for an RSA fixture.
pub fn rsa_private(name: &str) -> rsa::RsaPrivateKey {
    rsa::RsaPrivateKey::from_components(
        uint(&member(name, "n")),
        uint(&member(name, "e")),
        uint(&member(name, "d")),
        vec![uint(&member(name, "p")), uint(&member(name, "q"))],
    )
    .expect("fixture RSA key")
}

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) via the `rsa` crate.
pub fn rsa_pkcs1_sign(name: &str, alg: Algorithm, msg: &[u8]) -> Vec<u8> {
    use rsa::pkcs1v15::SigningKey as S;
    let k = rsa_private(name);
    match alg.hash_len() {
        32 => S::<Sha256>::new(k).sign(msg).to_vec(),
        48 => S::<Sha384>::new(k).sign(msg).to_vec(),
        _ => S::<Sha512>::new(k).sign(msg).to_vec(),
    }
}

/// RSASSA-PSS (RFC 8017 §8.1) via the `rsa` crate with MGF1 of the same hash
/// and the given salt length (JWS requires salt length = hash length,
/// RFC 7518 §3.5).
pub fn rsa_pss_sign(name: &str, alg: Algorithm, msg: &[u8], salt_len: usize) -> Vec<u8> {
    use rsa::pss::SigningKey as S;
    let k = rsa_private(name);
    let mut rng = TestRng::new(b"pss salt");
    match alg.hash_len() {
        32 => S::<Sha256>::new_with_salt_len(k, salt_len).sign_with_rng(&mut rng, msg).to_vec(),
        48 => S::<Sha384>::new_with_salt_len(k, salt_len).sign_with_rng(&mut rng, msg).to_vec(),
        _ => S::<Sha512>::new_with_salt_len(k, salt_len).sign_with_rng(&mut rng, msg).to_vec(),
    }
}

/// The `rsa` crate's own PSS verifier with an explicit salt length (to prove
/// a crafted signature is otherwise a valid PSS signature).
pub fn rsa_crate_pss_verifies(name: &str, msg: &[u8], sig: &[u8], salt_len: usize) -> bool {
    use rsa::signature::Verifier;
    let pk = rsa_private(name).to_public_key();
    let v = rsa::pss::VerifyingKey::<Sha256>::new_with_salt_len(pk, salt_len);
    let Ok(sig) = rsa::pss::Signature::try_from(sig) else { return false };
    v.verify(msg, &sig).is_ok()
}

/// Modulus length in bytes.
pub fn rsa_k(name: &str) -> usize {
    member(name, "n").len()
}

fn big(b: &[u8]) -> BigUint {
    BigUint::from_bytes_be(b)
}

/// Big-endian, left-padded with zeros to `len` bytes.
pub fn be_pad(x: &BigUint, len: usize) -> Vec<u8> {
    let b = x.to_bytes_be();
    assert!(b.len() <= len, "value longer than {len} bytes");
    let mut out = vec![0u8; len - b.len()];
    out.extend_from_slice(&b);
    out
}

/// Raw RSA private operation `em^d mod n` on a hand-crafted encoded message
/// (RFC 8017 §5.2.1 RSASP1): the forger holds the private key, so every
/// padding variant below is a "real" signature of that exact byte string.
pub fn rsa_raw_sign(name: &str, em: &[u8]) -> Vec<u8> {
    let n = big(&member(name, "n"));
    let m = big(em);
    assert!(m < n, "encoded message must be below n");
    be_pad(&m.modpow(&big(&member(name, "d")), &n), rsa_k(name))
}

/// Raw RSA public operation `s^e mod n` (RFC 8017 §5.2.2 RSAVP1), k bytes.
pub fn rsa_raw_open(name: &str, sig: &[u8]) -> Vec<u8> {
    let n = big(&member(name, "n"));
    be_pad(&big(sig).modpow(&big(&member(name, "e")), &n), rsa_k(name))
}

/// The modulus as a number.
pub fn rsa_n(name: &str) -> BigUint {
    big(&member(name, "n"))
}

/// DER DigestInfo prefixes (RFC 8017 §9.2 note 1).
pub const DI_SHA256: &[u8] =
    &[0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
pub const DI_SHA384: &[u8] =
    &[0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];
pub const DI_SHA512: &[u8] =
    &[0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

/// EMSA-PKCS1-v1_5 framing around an arbitrary "T" (RFC 8017 §9.2 step 5):
/// `00 01 FF..FF 00 || t`, `k` bytes in total. Panics if fewer than `min_ff`
/// padding bytes would remain.
pub fn pkcs1_em(k: usize, t: &[u8], min_ff: usize) -> Vec<u8> {
    assert!(k >= t.len() + 3 + min_ff, "T too long for the modulus");
    let mut em = vec![0x00, 0x01];
    em.resize(k - t.len() - 1, 0xff);
    em.push(0x00);
    em.extend_from_slice(t);
    em
}

pub fn sha256(m: &[u8]) -> Vec<u8> {
    Sha256::digest(m).to_vec()
}
pub fn sha384(m: &[u8]) -> Vec<u8> {
    Sha384::digest(m).to_vec()
}
pub fn sha512(m: &[u8]) -> Vec<u8> {
    Sha512::digest(m).to_vec()
}

// ---------------------------------------------------------------- DER bits

/// One DER TLV (definite, minimal length).
pub fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        assert!(n < 0x10000);
        out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// A positive DER INTEGER from unsigned big-endian bytes.
pub fn der_uint(b: &[u8]) -> Vec<u8> {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len() - 1);
    let mut v = b[i..].to_vec();
    if v[0] & 0x80 != 0 {
        v.insert(0, 0);
    }
    der(0x02, &v)
}

pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

// ---------------------------------------------------------------- curves

/// Group orders (SEC 2 §2.4.2, §2.5.1, §2.6.1), big-endian hex.
pub const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
pub const P384_N: &str =
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
pub const P521_N: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";

pub fn hex_big(h: &str) -> BigUint {
    BigUint::parse_bytes(h.as_bytes(), 16).expect("hex")
}

/// The order `n` and coordinate length of the curve of an ES* algorithm.
pub fn ec_order(alg: Algorithm) -> (BigUint, usize) {
    match alg {
        Algorithm::ES256 => (hex_big(P256_N), 32),
        Algorithm::ES384 => (hex_big(P384_N), 48),
        Algorithm::ES512 => (hex_big(P521_N), 66),
        other => panic!("{other} is not ECDSA"),
    }
}

/// Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1).
pub fn ed25519_l() -> BigUint {
    (BigUint::from(1u8) << 252u32) + BigUint::parse_bytes(b"27742317777372353535851937790883648493", 10).unwrap()
}

/// The field prime p = 2^255 - 19.
pub fn ed25519_p() -> BigUint {
    (BigUint::from(1u8) << 255u32) - BigUint::from(19u8)
}

pub fn le_bytes(x: &BigUint, len: usize) -> Vec<u8> {
    let mut b = x.to_bytes_le();
    assert!(b.len() <= len);
    b.resize(len, 0);
    b
}

// ---------------------------------------------------------------- harness

/// Run `f` on a fresh thread with a deliberately small stack (256 KiB), so
/// any recursion a hostile input could deepen would overflow and abort the
/// test; returns the result and the elapsed time.
pub fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> (T, Duration) {
    std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(256 * 1024)
        .spawn(move || {
            let start = Instant::now();
            let out = f();
            (out, start.elapsed())
        })
        .expect("spawn")
        .join()
        .expect("no panic, no stack overflow")
}

/// A deterministic "CSPRNG" for tests only: SHA-256 in counter mode over a
/// label. Makes key generation and PSS salts reproducible.
pub struct TestRng {
    seed: [u8; 32],
    counter: u64,
    buf: Vec<u8>,
}

impl TestRng {
    pub fn new(label: &[u8]) -> Self {
        TestRng { seed: Sha256::digest(label).into(), counter: 0, buf: Vec::new() }
    }
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = vec![0u8; n];
        self.fill(&mut out);
        out
    }
    fn fill(&mut self, dst: &mut [u8]) {
        for b in dst.iter_mut() {
            if self.buf.is_empty() {
                let mut h = Sha256::new();
                h.update(self.seed);
                h.update(self.counter.to_be_bytes());
                self.counter += 1;
                self.buf = h.finalize().to_vec();
            }
            *b = self.buf.pop().unwrap();
        }
    }
}

impl rsa::rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.fill(dst);
        Ok(())
    }
}

impl rsa::rand_core::TryCryptoRng for TestRng {}

/// Value shorthand for building JSON objects in tests.
pub fn s(v: &str) -> Value {
    Value::from(v)
}
