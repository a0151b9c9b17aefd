//! JavaScript bindings for the npm package (feature `wasm`).
//!
//! This is the ONLY module that names `wasm_bindgen` / `js_sys`. Every function
//! here converts its arguments, calls the core, and converts the result; the
//! checks themselves live in the core (option strings such as `"30s"` go through
//! [`crate::jwt::parse_duration`], algorithm names through
//! [`crate::AlgorithmSet::from_names`], keys through [`crate::JwkSet`]).
//!
//! The exports are the raw layer: the hand-written entry files in `pkg/`
//! wrap them (errors become `TokenCheckError`, JSON results are parsed), so
//! the names here are not the public API.
//!
//! Crossing the boundary (DESIGN names serde-wasm-bindgen as the default):
//! - options: read directly with js-sys, measured faster than
//!   serde-wasm-bindgen on the hot path (numbers in [`options`]);
//! - results: JSON text, parsed by `JSON.parse` in the entry file, for
//!   prototype safety (see [`results`]).

mod errors;
mod iua;
mod lti;
mod oauth;
mod options;
mod report;
mod results;
mod verifier;

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, JsString, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::error::{Error, Reason};
use crate::jwa::Algorithm;
use crate::jwk::{Jwk, JwkSet};
use crate::jws::{self, Limits};
use crate::jwt;

use errors::{JsResult, to_js};

/// A parsed and validated JWK Set (RFC 7517 §5), reused across calls.
#[wasm_bindgen(js_name = "RawKeySet")]
#[derive(Debug)]
pub struct RawKeySet {
    set: JwkSet,
}

#[wasm_bindgen(js_class = "RawKeySet")]
impl RawKeySet {
    /// `{"keys":[...]}` as JSON text or as an object (serialized with
    /// `JSON.stringify`, then read by the same strict parser).
    #[wasm_bindgen(constructor)]
    pub fn new(jwks: JsValue) -> JsResult<RawKeySet> {
        let text = json_text(&jwks).ok_or_else(|| to_js(Error::JwksInvalid { index: None, reason: Reason::KeySetShape }))?;
        JwkSet::from_json(&text).map(|set| RawKeySet { set }).map_err(to_js)
    }

    /// Number of verification keys (keys set aside as not for signatures excluded).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.set.len()
    }

    /// Number of well-formed keys set aside (`use: "enc"`, X25519, ...).
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> usize {
        self.set.skipped_len()
    }
}

/// A string argument as-is, or an object serialized with `JSON.stringify`.
fn json_text(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        return Some(s);
    }
    if !v.is_object() || v.is_function() {
        return None;
    }
    js_sys::JSON::stringify(v).ok().and_then(|s: JsString| s.as_string())
}

/// A compact token given as a string or as UTF-8 bytes (jose accepts both).
fn token_text(v: &JsValue) -> JsResult<String> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if let Some(bytes) = v.dyn_ref::<Uint8Array>() {
        return String::from_utf8(bytes.to_vec()).map_err(|_| to_js(Error::JwsInvalid(Reason::Base64Url)));
    }
    Err(to_js(Error::JwsInvalid(Reason::TokenType)))
}

/// `jwtVerify`: RFC 7519 §7.2 with the options of jose's `jwtVerify`.
/// Returns `[protectedHeaderJson, payloadJson]`.
#[wasm_bindgen(js_name = "jwtVerify")]
pub fn jwt_verify(token: JsValue, keys: &RawKeySet, options: JsValue) -> JsResult<Array> {
    let token = token_text(&token)?;
    let (validator, now) = options::jwt(&options)?;
    verify_with(&token, keys, &validator, now)
}

/// [`jwt_verify`] with options the core converted before
/// ([`verifier::RawJwtOptions`]), at `now_ms` (the caller's `currentDate`,
/// else now); the token as UTF-8 bytes.
#[wasm_bindgen(js_name = "jwtVerifyWith")]
pub fn jwt_verify_with(token: &[u8], keys: &RawKeySet, options: &verifier::RawJwtOptions, now_ms: f64) -> JsResult<Array> {
    let token = verifier::utf8_token(token)?;
    let now = options::instant(now_ms)?;
    verify_with(token, keys, options.validator(), now)
}

fn verify_with(token: &str, keys: &RawKeySet, validator: &jwt::Validator, now: jwt::UnixTime) -> JsResult<Array> {
    let (verified, payload) = validator.verify_keeping_payload(token, &keys.set, now).map_err(to_js)?;
    Ok(results::verified_texts(&verified, payload))
}

/// `compactVerify`: RFC 7515 §5.2 only (no claim checks).
/// Returns `[protectedHeaderJson, payloadBytes]`.
#[wasm_bindgen(js_name = "compactVerify")]
pub fn compact_verify(token: JsValue, keys: &RawKeySet, options: JsValue) -> JsResult<Array> {
    let token = token_text(&token)?;
    let algorithms = options::compact(&options)?;
    let verified = jws::parse(&token, &Limits::default())
        .and_then(|jws| jws.verify(&keys.set, algorithms))
        .map_err(to_js)?;
    Ok(results::compact_pair(verified))
}

/// `decodeJwt`: the claims WITHOUT verification, as JSON text (the text the
/// core's strict parser accepted, as the token carries it).
#[wasm_bindgen(js_name = "decodeJwt")]
pub fn decode_jwt(token: JsValue) -> JsResult<String> {
    let token = token_text(&token)?;
    jwt::decode_unverified_text(&token, &Limits::default()).map(|(_, text)| text).map_err(to_js)
}

/// `decodeProtectedHeader`: the header WITHOUT verification, as JSON text
/// (the text the core's strict parser accepted, as the token carries it).
#[wasm_bindgen(js_name = "decodeProtectedHeader")]
pub fn decode_protected_header(token: JsValue) -> JsResult<String> {
    let token = token_text(&token)?;
    jws::decode_protected_header_text(&token, &Limits::default()).map(|(_, text)| text).map_err(to_js)
}

/// A single JWK given as JSON text or as an object.
fn jwk_arg(jwk: &JsValue) -> JsResult<Jwk> {
    let text = json_text(jwk).ok_or_else(|| to_js(Error::JwkInvalid(Reason::NotAnObject)))?;
    Jwk::from_json(&text).map_err(to_js)
}

/// `calculateJwkThumbprint`: RFC 7638 §3 with SHA-256 (the only digest offered).
#[wasm_bindgen(js_name = "calculateJwkThumbprint")]
pub fn calculate_jwk_thumbprint(jwk: JsValue, digest: JsValue) -> JsResult<String> {
    options::thumbprint_digest(&digest)?;
    Ok(jwk_arg(&jwk)?.thumbprint_sha256())
}

/// `verifySignature`: the raw primitive (alg, JWK, signing input, signature),
/// with the same key import rules and algorithm/key binding as token
/// verification. `false` only for a signature that does not verify; a bad
/// algorithm name, key or argument throws.
#[wasm_bindgen(js_name = "verifySignature")]
pub fn verify_signature(alg: JsValue, jwk: JsValue, data: JsValue, signature: JsValue) -> JsResult<bool> {
    let name = alg.as_string().ok_or_else(|| to_js(Error::InvalidOptions("alg must be a string")))?;
    let alg = Algorithm::from_name(&name).map_err(to_js)?;
    let key = jwk_arg(&jwk)?;
    let data = bytes_arg(&data, "data must be a Uint8Array")?;
    let signature = bytes_arg(&signature, "signature must be a Uint8Array")?;
    match key.verify(alg, &data, &signature) {
        Ok(()) => Ok(true),
        Err(Error::SignatureVerificationFailed) => Ok(false),
        Err(e) => Err(to_js(e)),
    }
}

fn bytes_arg(v: &JsValue, what: &'static str) -> JsResult<Vec<u8>> {
    v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).ok_or_else(|| to_js(Error::InvalidOptions(what)))
}
