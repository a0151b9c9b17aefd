//! LTI bindings (lti.md): login initiation, launch validation, Deep Linking
//! responses, LTI 1.0/1.1 OAuth 1.0a and the 1.1.2 relaunch. Arguments
//! arrive as JSON text (the entry file serializes them) and go through the
//! core's strict parser; results leave as JSON text (see `results`). No LTI
//! rule is decided here: each function converts, calls the core, converts.
//!
//! Single use (nonces, `tool_state`) is the caller's store's: the core
//! returns what to consume and until when, and the entry file consumes it
//! in the store the user plugged in (in memory: [`RawNonceStore`]).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::RawKeySet;
use super::errors::{JsResult, to_js};
use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::jwa::Algorithm;
use crate::jwt::{Claims, UnixTime};
use crate::lti11::oauth1::{self, OAuthOptions, SignatureMethod, SignedRequest};
use crate::lti11::relaunch::{self, FirstLaunch, RelaunchMethod};
use crate::oauth::state::generate_nonce;
use crate::profiles::lti::deep_linking::{self, DeepLinkingResponse};
use crate::profiles::lti::login::{LoginOptions, create_login_request};
use crate::profiles::lti::nonce::MemoryNonceStore;
use crate::profiles::lti::{LaunchForm, LaunchOptions, LaunchValidator, LoginParams, LoginRecord, NonceCheck, NonceStore, Registration};

const DEPTH: usize = 32;

fn parse(text: &str, what: &'static str) -> JsResult<Value> {
    json::parse(text.as_bytes(), DEPTH).map_err(|_| to_js(Error::InvalidOptions(what)))
}

fn object(text: &str, what: &'static str) -> JsResult<Object> {
    match parse(text, what)? {
        Value::Object(o) => Ok(o),
        Value::Null => Ok(Object::new()),
        _ => Err(to_js(Error::InvalidOptions(what))),
    }
}

/// `[[name, value], ...]` (the entry file turns URLSearchParams, FormData,
/// objects and bodies into this).
fn pairs(text: &str) -> JsResult<Vec<(String, String)>> {
    let bad = || to_js(Error::InvalidOptions("parameters must be [name, value] string pairs"));
    let v = parse(text, "parameters must be [name, value] string pairs")?;
    let items = v.as_array().ok_or_else(bad)?;
    let mut out = Vec::with_capacity(items.len());
    for p in items {
        match p.as_array() {
            Some([Value::String(k), Value::String(v)]) => out.push((k.clone(), v.clone())),
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

fn pairs_value(p: &[(String, String)]) -> Value {
    Value::Array(p.iter().map(|(k, v)| Value::Array(alloc::vec![k.as_str().into(), v.as_str().into()])).collect())
}

fn now(ms: f64) -> JsResult<UnixTime> {
    UnixTime::from_millis(ms).map_err(to_js)
}

fn registrations(text: &str) -> JsResult<Vec<Registration>> {
    let what = "registration must be an object (or an array of them)";
    match parse(text, what)? {
        Value::Object(o) => Ok(alloc::vec![Registration::from_object(&o).map_err(to_js)?]),
        Value::Array(a) if !a.is_empty() => {
            let mut out = Vec::with_capacity(a.len());
            for r in &a {
                let o = r.as_object().ok_or_else(|| to_js(Error::InvalidOptions(what)))?;
                out.push(Registration::from_object(o).map_err(to_js)?);
            }
            Ok(out)
        }
        _ => Err(to_js(Error::InvalidOptions(what))),
    }
}

/// lti.md §A. Returns `{ url, params, record }` with a fresh state and nonce.
#[wasm_bindgen(js_name = "ltiLoginRequest")]
pub fn lti_login_request(params: &str, registration: &str, options: &str, now_ms: f64) -> JsResult<String> {
    let params = LoginParams::from_pairs(&pairs(params)?).map_err(to_js)?;
    let regs = registrations(registration)?;
    let opts = LoginOptions::from_object(&object(options, "LTI login options must be an object")?).map_err(to_js)?;
    let state = crate::oauth::state::generate_state().map_err(to_js)?;
    let nonce = generate_nonce().map_err(to_js)?;
    let req = create_login_request(&params, &regs, &opts, &state, &nonce, now(now_ms)?).map_err(to_js)?;
    let mut p = Object::new();
    for (k, v) in &req.params {
        p.insert(*k, v.as_str().into());
    }
    let mut o = Object::new();
    o.insert("url", req.url.into());
    o.insert("params", p.into());
    o.insert("record", req.record.to_object().into());
    Ok(o.to_json())
}

/// A fresh random value (256 bits, base64url), e.g. a browser binding cookie.
#[wasm_bindgen(js_name = "ltiRandomValue")]
pub fn lti_random_value() -> JsResult<String> {
    generate_nonce().map_err(to_js)
}

/// lti.md §B for one form POST. Returns `{ launch, nonce, nonceExpiresAt }`;
/// the launch is only to be used after the nonce was consumed once.
#[wasm_bindgen(js_name = "ltiVerifyLaunch")]
pub fn lti_verify_launch(
    form: &str,
    browser_state: &str,
    record: &str,
    registration: &str,
    keys: &RawKeySet,
    options: &str,
    now_ms: f64,
) -> JsResult<String> {
    let form = LaunchForm::from_pairs(&pairs(form)?).map_err(to_js)?;
    let record = LoginRecord::from_object(&object(record, "record must be the login record")?).map_err(to_js)?;
    let reg = Registration::from_object(&object(registration, "registration must be an object")?).map_err(to_js)?;
    let opts = LaunchOptions::from_object(&object(options, "LTI launch options must be an object")?).map_err(to_js)?;
    let validator = LaunchValidator::new(&reg, opts).map_err(to_js)?;
    let pending = validator.verify(&form, browser_state, &record, &keys.set, now(now_ms)?).map_err(to_js)?;
    let mut o = Object::new();
    o.insert("nonce", pending.nonce().into());
    o.insert("nonceExpiresAt", Value::from(pending.nonce_expires_at().as_secs()));
    // the store decides; `true` here only unwraps the value for the entry file,
    // which returns it to the user after its store said "first use"
    let launch = pending.nonce_consumed(true).map_err(to_js)?;
    o.insert("launch", launch.to_object().into());
    Ok(o.to_json())
}

/// A bounded in-memory store of used single-use values (the default nonce
/// store of the JS API).
#[wasm_bindgen(js_name = "RawNonceStore")]
#[derive(Debug)]
pub struct RawNonceStore {
    inner: MemoryNonceStore,
}

#[wasm_bindgen(js_class = "RawNonceStore")]
impl RawNonceStore {
    #[wasm_bindgen(constructor)]
    pub fn new(capacity: usize) -> RawNonceStore {
        RawNonceStore { inner: if capacity == 0 { MemoryNonceStore::new() } else { MemoryNonceStore::with_capacity(capacity) } }
    }

    /// `true` on first use (now recorded until `expires_at` seconds), `false` on replay.
    #[wasm_bindgen(js_name = "useOnce")]
    pub fn use_once(&mut self, key: &str, expires_at: f64, now_ms: f64) -> JsResult<bool> {
        let exp = UnixTime::from_millis(expires_at * 1000.0).map_err(to_js)?;
        let r = self.inner.use_once(key, exp, now(now_ms)?).map_err(|e| to_js(e.into()))?;
        Ok(r == NonceCheck::Fresh)
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }
}

fn dl_response(claims: &str, client_id: &str, items: &str, messages: &Object) -> JsResult<DeepLinkingResponse> {
    let claims = Claims::from_object(object(claims, "launch claims must be an object")?);
    let mut resp = DeepLinkingResponse::from_claims(client_id, &claims).map_err(to_js)?;
    resp.add_items_value(&parse(items, "content items must be an array of objects")?).map_err(to_js)?;
    for (k, v) in messages.iter() {
        let text = || v.as_str().ok_or_else(|| to_js(Error::InvalidOptions("msg, log, errormsg, errorlog must be strings")));
        match k {
            "msg" => resp.msg(text()?),
            "log" => resp.log(text()?),
            "errormsg" => resp.errormsg(text()?),
            "errorlog" => resp.errorlog(text()?),
            "alg" | "kid" | "expiresIn" => continue,
            _ => {
                return Err(to_js(Error::InvalidOptions(
                    "unknown deep linking option (expected privateKey, kid, alg, msg, log, errormsg, errorlog, expiresIn, currentDate)",
                )));
            }
        };
    }
    Ok(resp)
}

/// lti.md §C for a signer outside the core (WebCrypto in the entry file, so
/// no private-key code is in the .wasm). `options`: `{ alg, kid, expiresIn?,
/// msg?, log?, errormsg?, errorlog? }`. Returns `{ signingInput, returnUrl }`;
/// finish with `ltiDeepLinkingAttach`.
#[wasm_bindgen(js_name = "ltiDeepLinkingSigningInput")]
pub fn lti_deep_linking_signing_input(claims: &str, client_id: &str, items: &str, options: &str, now_ms: f64) -> JsResult<String> {
    let o = object(options, "deep linking options must be an object")?;
    let resp = dl_response(claims, client_id, items, &o)?;
    let alg = Algorithm::from_name(o.get_str("alg").unwrap_or("")).map_err(to_js)?;
    let ttl = match o.get("expiresIn") {
        None => deep_linking::DEFAULT_RESPONSE_TTL,
        Some(v) => crate::profiles::lti::seconds_option(v, "expiresIn must be seconds or a time span").map_err(to_js)?,
    };
    let nonce = generate_nonce().map_err(to_js)?;
    let input = resp.signing_input(alg, o.get_str("kid").unwrap_or(""), &nonce, now(now_ms)?, ttl).map_err(to_js)?;
    let mut out = Object::new();
    out.insert("signingInput", input.into());
    out.insert("returnUrl", resp.return_url().into());
    Ok(out.to_json())
}

/// `{ jwt, html }` from a signing input, its signature and the return URL.
#[wasm_bindgen(js_name = "ltiDeepLinkingAttach")]
pub fn lti_deep_linking_attach(signing_input: &str, signature: &[u8], return_url: &str) -> String {
    let jwt = deep_linking::attach_signature(signing_input, signature);
    let mut o = Object::new();
    o.insert("html", crate::profiles::lti::form::auto_submit_form(return_url, &[("JWT", jwt.as_str())]).into());
    o.insert("jwt", jwt.into());
    o.to_json()
}

fn signed_request_object(r: &SignedRequest, pending_key: &str, pending_exp: i64) -> JsResult<Object> {
    let mut o = Object::new();
    o.insert("consumerKey", r.consumer_key.as_str().into());
    o.insert("signatureMethod", r.signature_method.name().into());
    o.insert("timestamp", Value::from(r.timestamp));
    o.insert("nonce", r.nonce.as_str().into());
    o.insert("params", pairs_value(&r.params));
    o.insert("nonceKey", pending_key.into());
    o.insert("nonceExpiresAt", Value::from(pending_exp));
    let first = relaunch::detect_first_launch(r).map_err(to_js)?;
    o.insert(
        "firstLaunch",
        match first {
            None => Value::Null,
            Some(f) => {
                let mut x = Object::new();
                x.insert("relaunchUrl", f.relaunch_url.into());
                x.insert("platformState", f.platform_state.into());
                x.into()
            }
        },
    );
    Ok(o)
}

fn oauth_options(text: &str) -> JsResult<OAuthOptions> {
    let o = object(text, "LTI 1.1 options must be an object")?;
    let mut opts = OAuthOptions::default();
    for (k, v) in o.iter() {
        match k {
            "timestampWindow" => {
                opts.timestamp_window = crate::profiles::lti::seconds_option(v, "timestampWindow must be seconds or a time span").map_err(to_js)?
            }
            "allowSha1" => opts.allow_sha1 = v.as_bool().ok_or_else(|| to_js(Error::InvalidOptions("allowSha1 must be a boolean")))?,
            _ => {
                return Err(to_js(Error::InvalidOptions(
                    "unknown LTI 1.1 option (expected consumerSecret, nonceStore, timestampWindow, allowSha1, currentDate, toolStateSecret, browserBinding)",
                )));
            }
        }
    }
    Ok(opts)
}

/// RFC 5849 verification of an LTI 1.x launch with the consumer's secret.
/// Returns the request with the nonce to consume and, for an LTI 1.1.2
/// anonymous first launch, `firstLaunch`.
#[wasm_bindgen(js_name = "lti11Verify")]
pub fn lti11_verify(method: &str, url: &str, params: &str, secret: Option<String>, options: &str, now_ms: f64) -> JsResult<String> {
    let params = pairs(params)?;
    let opts = oauth_options(options)?;
    let pending = oauth1::verify_request(method, url, &params, |_| secret, &opts, now(now_ms)?).map_err(to_js)?;
    let key = pending.nonce_key().to_string();
    let exp = pending.nonce_expires_at().as_secs();
    let request = pending.nonce_consumed(true).map_err(to_js)?;
    Ok(signed_request_object(&request, &key, exp)?.to_json())
}

fn secret_bytes(secret: &JsValue) -> JsResult<Vec<u8>> {
    if let Some(s) = secret.as_string() {
        return Ok(s.into_bytes());
    }
    if let Some(b) = secret.dyn_ref::<Uint8Array>() {
        return Ok(b.to_vec());
    }
    Err(to_js(Error::InvalidOptions("toolStateSecret must be a string or a Uint8Array of at least 32 bytes")))
}

/// LTI 1.1.2 step 2: `{ toolState, method, url, params, html }`.
#[wasm_bindgen(js_name = "lti11Relaunch")]
pub fn lti11_relaunch(relaunch_url: &str, platform_state: &str, tool_secret: JsValue, browser_binding: &str, method: &str, ttl: f64, now_ms: f64) -> JsResult<String> {
    let first = FirstLaunch { relaunch_url: relaunch_url.into(), platform_state: platform_state.into() };
    let method = match method {
        "GET" | "get" => RelaunchMethod::Get,
        "POST" | "post" => RelaunchMethod::Post,
        _ => return Err(to_js(Error::InvalidOptions("method must be \"GET\" or \"POST\""))),
    };
    let jti = generate_nonce().map_err(to_js)?;
    let tool_state = relaunch::create_tool_state(&secret_bytes(&tool_secret)?, &first, browser_binding, &jti, now(now_ms)?, ttl as i64).map_err(to_js)?;
    let req = relaunch::build_relaunch(&first, &tool_state, method);
    let mut p = Object::new();
    for (k, v) in &req.params {
        p.insert(k.as_str(), v.as_str().into());
    }
    let mut o = Object::new();
    o.insert("toolState", tool_state.into());
    o.insert("method", if method == RelaunchMethod::Get { "GET" } else { "POST" }.into());
    o.insert("html", req.html().into());
    o.insert("url", req.url.into());
    o.insert("params", p.into());
    Ok(o.to_json())
}

/// LTI 1.1.2 step 4 on a request `lti11Verify` accepted: `{ key, expiresAt }`
/// of the `tool_state` to consume once.
#[wasm_bindgen(js_name = "lti11VerifyRelaunch")]
pub fn lti11_verify_relaunch(consumer_key: &str, params: &str, tool_secret: JsValue, browser_binding: &str, now_ms: f64) -> JsResult<String> {
    let request = SignedRequest {
        consumer_key: consumer_key.into(),
        signature_method: SignatureMethod::HmacSha1,
        timestamp: 0,
        nonce: String::new(),
        params: pairs(params)?,
    };
    let pending = relaunch::verify_relaunch(request, &secret_bytes(&tool_secret)?, browser_binding, now(now_ms)?).map_err(to_js)?;
    let mut o = Object::new();
    o.insert("key", pending.key().into());
    o.insert("expiresAt", Value::from(pending.expires_at().as_secs()));
    Ok(o.to_json())
}
