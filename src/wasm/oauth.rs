//! Client-side OAuth values for the JS API: PKCE (RFC 7636), `state` /
//! `nonce`, the signed state and the authorization request URL. Each
//! function converts its arguments and calls [`crate::oauth`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use js_sys::{Date, Object as JsObject, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use super::errors::{JsResult, to_js};
use super::json_text;
use super::options::{for_each_option, span};
use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::jwt::UnixTime;
use crate::oauth::authorization::{AuthorizationEndpoint, build_authorization_url};
use crate::oauth::discovery::{MetadataOptions, validate_metadata};
use crate::oauth::pkce::{self, Method};
use crate::oauth::state;

fn invalid(what: &'static str) -> JsValue {
    to_js(Error::InvalidOptions(what))
}

fn string_arg(v: &JsValue, what: &'static str) -> JsResult<String> {
    v.as_string().ok_or_else(|| invalid(what))
}

/// `undefined` / `null` → the default S256; otherwise a method name.
fn method_arg(v: &JsValue) -> JsResult<Method> {
    if v.is_undefined() || v.is_null() {
        return Ok(Method::S256);
    }
    let name = v.as_string().ok_or_else(|| to_js(Error::PkceInvalid(crate::Reason::MethodUnsupported)))?;
    Method::from_name(&name).map_err(to_js)
}

/// `generateCodeVerifier(length?)`: RFC 7636 §4.1.
#[wasm_bindgen(js_name = "generateCodeVerifier")]
pub fn generate_code_verifier(length: JsValue) -> JsResult<String> {
    let len = if length.is_undefined() || length.is_null() {
        None
    } else {
        let n = length.as_f64().ok_or_else(|| invalid("length must be a number of characters (43..128)"))?;
        if !(0.0..=1e6).contains(&n) || n != (n as u32) as f64 {
            return Err(to_js(Error::PkceInvalid(crate::Reason::VerifierLength)));
        }
        Some(n as usize)
    };
    pkce::generate_code_verifier(len).map_err(to_js)
}

/// `calculateCodeChallenge(verifier, method = 'S256')`: RFC 7636 §4.2.
#[wasm_bindgen(js_name = "calculateCodeChallenge")]
pub fn calculate_code_challenge(verifier: JsValue, method: JsValue) -> JsResult<String> {
    let verifier = string_arg(&verifier, "code_verifier must be a string")?;
    pkce::code_challenge(&verifier, method_arg(&method)?).map_err(to_js)
}

/// `verifyCodeChallenge(verifier, challenge, method = 'S256')`: RFC 7636 §4.6.
#[wasm_bindgen(js_name = "verifyCodeChallenge")]
pub fn verify_code_challenge(verifier: JsValue, challenge: JsValue, method: JsValue) -> JsResult<bool> {
    let verifier = string_arg(&verifier, "code_verifier must be a string")?;
    let challenge = string_arg(&challenge, "code_challenge must be a string")?;
    pkce::verify_code_challenge(&verifier, &challenge, method_arg(&method)?).map_err(to_js)
}

/// `generateState()`: RFC 6749 §10.12, 256 bits.
#[wasm_bindgen(js_name = "generateState")]
pub fn generate_state() -> JsResult<String> {
    state::generate_state().map_err(to_js)
}

/// `generateNonce()`: OIDC Core §15.5.2, 256 bits.
#[wasm_bindgen(js_name = "generateNonce")]
pub fn generate_nonce() -> JsResult<String> {
    state::generate_nonce().map_err(to_js)
}

/// `stateEquals(a, b)`: constant time; anything but two equal non-empty
/// strings is `false`.
#[wasm_bindgen(js_name = "stateEquals")]
pub fn state_equals(a: JsValue, b: JsValue) -> bool {
    match (a.as_string(), b.as_string()) {
        (Some(a), Some(b)) => state::state_equals(&a, &b),
        _ => false,
    }
}

/// An HMAC secret: UTF-8 text or bytes.
fn secret_arg(v: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    v.dyn_ref::<Uint8Array>().map(Uint8Array::to_vec).ok_or_else(|| invalid("secret must be a string or a Uint8Array"))
}

fn date_option(value: JsValue) -> JsResult<f64> {
    let d = value.dyn_into::<Date>().map_err(|_| invalid("currentDate must be a Date"))?;
    Ok(d.get_time())
}

fn now_from(date: Option<f64>) -> JsResult<UnixTime> {
    UnixTime::from_millis(date.unwrap_or_else(Date::now)).map_err(to_js)
}

/// `createSignedState(secret, { returnPath?, expiresIn = 600, claims?, typ?, currentDate? })`.
#[wasm_bindgen(js_name = "createSignedState")]
pub fn create_signed_state(secret: JsValue, options: JsValue) -> JsResult<String> {
    let secret = secret_arg(&secret)?;
    let mut return_path = None;
    let mut ttl = 600.0;
    let mut extra = Object::new();
    let mut typ = String::from(state::STATE_TYP);
    let mut date = None;
    for_each_option(&options, &["returnPath", "expiresIn", "claims", "typ", "currentDate"], |name, value| {
        match name {
            "returnPath" => return_path = Some(string_arg(&value, "returnPath must be a string")?),
            "expiresIn" => ttl = span(value, "expiresIn must be seconds or a time span such as \"10m\"")?,
            "claims" => {
                let text = json_text(&value).filter(|_| value.is_object()).ok_or_else(|| invalid("claims must be an object"))?;
                extra = json::parse_object(text.as_bytes(), 16).ok().flatten().ok_or_else(|| invalid("claims must be a JSON object"))?;
            }
            "typ" => typ = string_arg(&value, "typ must be a string")?,
            _ => date = Some(date_option(value)?),
        }
        Ok(())
    })?;
    if !(1.0..=86_400.0).contains(&ttl) || ttl != (ttl as u32) as f64 {
        return Err(invalid("state ttl must be 1..=86400 seconds"));
    }
    let random = state::generate_state().map_err(to_js)?;
    state::create_signed_state_typed(&secret, &typ, &random, return_path.as_deref(), &extra, now_from(date)?, ttl as i64).map_err(to_js)
}

/// `verifySignedState(token, secret, { typ?, currentDate? })` →
/// `{ value, returnPath, expiresAt, claims }` as JSON text.
#[wasm_bindgen(js_name = "verifySignedState")]
pub fn verify_signed_state(token: JsValue, secret: JsValue, options: JsValue) -> JsResult<String> {
    let token = super::token_text(&token)?;
    let secret = secret_arg(&secret)?;
    let mut typ = String::from(state::STATE_TYP);
    let mut date = None;
    for_each_option(&options, &["typ", "currentDate"], |name, value| {
        match name {
            "typ" => typ = string_arg(&value, "typ must be a string")?,
            _ => date = Some(date_option(value)?),
        }
        Ok(())
    })?;
    let s = state::verify_signed_state_typed(&token, &secret, &typ, now_from(date)?).map_err(to_js)?;
    let mut o = Object::new();
    o.insert("value", s.value.into());
    o.insert("returnPath", s.return_path.map_or(Value::Null, Value::from));
    o.insert("expiresAt", Value::from(s.expires_at.as_secs()));
    o.insert("claims", Value::Object(s.claims));
    Ok(o.to_json())
}

/// `buildAuthorizationUrl(metadataOrEndpoint, params, { issuer? })`:
/// RFC 6749 §4.1.1. `metadataOrEndpoint` is the authorization endpoint URL,
/// or the authorization server's metadata document (RFC 8414), validated
/// against `issuer` (default: the document's own `issuer`).
#[wasm_bindgen(js_name = "buildAuthorizationUrl")]
pub fn build_authorization_url_js(metadata_or_endpoint: JsValue, params: JsValue, options: JsValue) -> JsResult<String> {
    let endpoint = if let Some(url) = metadata_or_endpoint.as_string() {
        AuthorizationEndpoint::parse(&url).map_err(to_js)?
    } else {
        let text = json_text(&metadata_or_endpoint)
            .filter(|_| !js_sys::Array::is_array(&metadata_or_endpoint))
            .ok_or_else(|| invalid("the first argument must be the authorization endpoint URL or the metadata object"))?;
        let mut issuer = None;
        for_each_option(&options, &["issuer"], |_, value| {
            issuer = Some(string_arg(&value, "issuer must be a string")?);
            Ok(())
        })?;
        let issuer = match issuer {
            Some(i) => i,
            None => json::parse_object(text.as_bytes(), 16)
                .ok()
                .flatten()
                .and_then(|o| o.get_str("issuer").map(ToString::to_string))
                .unwrap_or_default(),
        };
        let metadata = validate_metadata(text.as_bytes(), &issuer, &MetadataOptions::default()).map_err(to_js)?;
        AuthorizationEndpoint::from_metadata(&metadata).map_err(to_js)?
    };
    let obj = params
        .dyn_ref::<JsObject>()
        .filter(|_| !params.is_function() && !js_sys::Array::is_array(&params))
        .ok_or_else(|| invalid("params must be an object"))?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for key in JsObject::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        let value = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        let value = value.as_string().ok_or_else(|| {
            to_js(Error::AuthorizationRequestInvalid { parameter: name.clone().into(), reason: crate::Reason::Invalid })
        })?;
        pairs.push((name, value));
    }
    build_authorization_url(&endpoint, &pairs).map_err(to_js)
}
