//! IHE IUA bindings (iua.md): the resource-server verifier, `Authorization`
//! parsing, ATNA user names, AS metadata, introspection. Arguments arrive as
//! strings / JSON text and go through the core (strict JSON, the core's
//! option reader); results leave as JSON text. No IUA rule is decided here.
//!
//! A refused token becomes an `Error` with `code`/`reason`/`claim` plus the
//! RFC 6750 answer the core computed: `status` and `wwwAuthenticate` (absent
//! for server-side faults, status 500).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::RawKeySet;
use super::errors::{JsResult, to_js};
use super::verifier::{RawPending, Then, cache_limits, code as code_of, host_checks, slot_of};
use crate::error::{Error, Reason};
use crate::json::{self, Object, Value};
use crate::jws::Verified;
use crate::jws::external::{Provenance, SignatureCheck};
use crate::jwt::UnixTime;
use crate::oauth::bearer::{self, Challenge};
use crate::oauth::discovery::{self, MetadataOptions};
use crate::oauth::introspection;
use crate::profiles::iua::{self, IuaCache, IuaError, IuaVerifier, Rejection, RejectionKind, RequestContext, options};

fn object(text: &str, what: &'static str) -> JsResult<Object> {
    match json::parse(text.as_bytes(), 16).map_err(|_| to_js(Error::InvalidOptions(what)))? {
        Value::Object(o) => Ok(o),
        _ => Err(to_js(Error::InvalidOptions(what))),
    }
}

fn now(ms: f64) -> JsResult<UnixTime> {
    UnixTime::from_millis(ms).map_err(to_js)
}

/// The error with its RFC 6750 answer attached.
fn with_challenge(e: Error, c: &Challenge) -> JsValue {
    let err = to_js(e);
    let _ = Reflect::set(&err, &JsValue::from_str("status"), &JsValue::from_f64(f64::from(c.status)));
    if let Some(h) = &c.www_authenticate {
        let _ = Reflect::set(&err, &JsValue::from_str("wwwAuthenticate"), &JsValue::from_str(h));
    }
    err
}

/// The error with the challenge `v` answers it with.
fn fail(v: &IuaVerifier, e: Error) -> JsValue {
    let c = v.challenge(&e);
    with_challenge(e, &c)
}

/// The input (a token or an `Authorization` value) as UTF-8 bytes (the JS
/// layer encodes its string once; see `tokenArg` in pkg/lib/api.js).
fn input_text<'i>(v: &IuaVerifier, input: &'i [u8]) -> JsResult<&'i str> {
    core::str::from_utf8(input).map_err(|_| fail(v, Error::JwsInvalid(Reason::Base64Url)))
}

/// An IUA verifier built once from options (see `profiles::iua::options`),
/// with its verified-token cache if asked for ([`IuaCache`]).
#[wasm_bindgen(js_name = "RawIuaVerifier")]
#[derive(Debug)]
pub struct RawIuaVerifier {
    // both shared with the continuations of pending signatures (`begin`)
    v: Rc<IuaVerifier>,
    cache: Option<Rc<RefCell<IuaCache>>>,
}

#[wasm_bindgen(js_class = "RawIuaVerifier")]
impl RawIuaVerifier {
    /// `options`: JSON text of the verifier options; `max_entries` 0: no cache.
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str, max_entries: u32, max_bytes: f64) -> JsResult<RawIuaVerifier> {
        let o = object(options_json, "options must be an object")?;
        let v = options::builder_from_options(&o).and_then(|b| b.build()).map_err(to_js)?;
        let cache = match cache_limits(max_entries, max_bytes)? {
            None => None,
            Some((n, b)) => Some(Rc::new(RefCell::new(v.new_cache(n, b).map_err(to_js)?))),
        };
        Ok(RawIuaVerifier { v: Rc::new(v), cache })
    }

    fn fail(&self, e: Error) -> JsValue {
        fail(&self.v, e)
    }

    /// ITI-72: a bare token or an `Authorization` value, as UTF-8 bytes.
    /// Returns the typed result as JSON text when the core checked
    /// everything, else a `RawPending` for the signature (RSA and ECDSA;
    /// Ed25519 and HMAC as the `host` flags of `jwtVerifyBegin` say) whose
    /// `complete` (the host's verdict) or `verifyHere` (checked in wasm)
    /// returns that text, or throws the error with its challenge. Every rule
    /// but the signature arithmetic stays in the core
    /// (`IuaVerifier::prepare_request`, `finish_request`); one entry point
    /// for the wasm-only path too (its RawPending is answered by `verifyHere`
    /// at once), so the module carries one copy of the steps.
    ///
    /// With a cache: `code` is the entry the JS layer answered this very
    /// input with before (else -1); while that entry is stored for this key
    /// set and holds the input's token, [`IuaVerifier::hit`] decides at once
    /// (claims and request checked at `now_ms`; no parse, no signature) and
    /// the answer is `code` again.
    /// Otherwise the answer is `[code, text]` for the entry the token is now
    /// stored as (-1: not stored).
    #[allow(clippy::too_many_arguments)] // an export: flat arguments cross the boundary without objects
    pub fn begin(&self, input: &[u8], keys: &RawKeySet, now_ms: f64, patient_id: Option<String>, require_binding: bool, host: u32, code: f64) -> JsResult<JsValue> {
        let at = now(now_ms)?;
        let input = input_text(&self.v, input)?;
        let request = RequestContext { patient_id: patient_id.as_deref(), require_patient_binding: require_binding };
        if let Some(cache) = &self.cache {
            let cache = &mut *cache.borrow_mut();
            if let Some(slot) = slot_of(code).and_then(|(index, stamp)| cache.slot(index, stamp)) {
                match self.v.hit(cache, slot, input, &keys.set, at, &request) {
                    Ok(Some(slot)) => return Ok(JsValue::from_f64(code_of(slot))),
                    Ok(None) => {}
                    Err(e) => return Err(self.fail(e)),
                }
            }
        }
        let (provenance, check) = self.v.prepare_request_keeping(input, &keys.set, host_checks(host), self.cache.is_some()).map_err(|e| self.fail(e))?;
        let v = Rc::clone(&self.v);
        let cache = self.cache.clone();
        let finish = move |resolved: Result<(Option<Provenance>, Verified<Vec<u8>>), Error>| -> JsResult<JsValue> {
            let request = RequestContext { patient_id: patient_id.as_deref(), require_patient_binding: require_binding };
            let mut entries = cache.as_ref().map(|c| c.borrow_mut());
            let done = resolved.and_then(|(provenance, jws)| {
                v.finish_request_in(entries.as_deref_mut(), provenance, jws, at, &request, |t, payload| t.to_json_with_payload(payload))
            });
            match done {
                Ok((_, json)) if entries.is_none() => Ok(JsValue::from(json)),
                Ok((slot, json)) => Ok(Array::of2(&JsValue::from_f64(slot.map_or(-1.0, code_of)), &JsValue::from(json)).into()),
                Err(e) => Err(fail(&v, e)),
            }
        };
        match check {
            SignatureCheck::Verified(jws) => finish(Ok((provenance, jws))),
            SignatureCheck::External(pending) => Ok(RawPending::new(pending, Then::Profile(Box::new(finish))).into()),
        }
    }

    /// Tokens in the cache (0 without one).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.cache.as_ref().map_or(0, |c| c.borrow().len())
    }

    /// Empty the cache. Entry codes are not reused (the insertion stamps go
    /// on), so a signature pending across this still gets a code of its own.
    pub fn clear(&self) {
        if let Some(c) = &self.cache {
            c.borrow_mut().clear();
        }
    }

    /// ITI-102: an introspection response body. Returns
    /// `{"result": ..., "cacheTtl": seconds}` as JSON text.
    #[wasm_bindgen(js_name = "verifyIntrospection")]
    pub fn verify_introspection(&self, body: &str, now_ms: f64, patient_id: Option<String>, require_binding: bool, max_cache_secs: f64) -> JsResult<String> {
        let at = now(now_ms)?;
        if max_cache_secs.is_nan() || max_cache_secs < 0.0 {
            return Err(to_js(Error::InvalidOptions("maxCacheTtl must be a non-negative number of seconds")));
        }
        let request = RequestContext { patient_id: patient_id.as_deref(), require_patient_binding: require_binding };
        let r = self
            .v
            .verify_introspection(body.as_bytes(), at, &request, max_cache_secs as u64)
            .map_err(|e| self.fail(e))?;
        let mut out = String::from("{\"result\":");
        out.push_str(&r.token.to_json_with_payload(&r.token.claims.as_object().to_json()));
        out.push_str(",\"cacheTtl\":");
        json::write_number(r.cache_ttl_secs as f64, &mut out);
        out.push('}');
        Ok(out)
    }

    /// The error for a refusal by the caller's own check (`kind`:
    /// `invalid_token` or `insufficient_scope`), with its challenge.
    pub fn reject(&self, kind: &str, description: &str) -> JsResult<JsValue> {
        let kind = match kind {
            "invalid_token" => RejectionKind::InvalidToken,
            "insufficient_scope" => RejectionKind::InsufficientScope,
            _ => return Err(to_js(Error::InvalidOptions("check() must return { error: 'invalid_token' | 'insufficient_scope', description? }"))),
        };
        let e = Error::Iua(IuaError::CustomCheckFailed(Rejection { kind, description: Cow::Owned(description.into()) }));
        Ok(self.fail(e))
    }

    /// `[status, wwwAuthenticate]` for a request without credentials (RFC 6750 §3.1).
    #[wasm_bindgen(js_name = "challengeWithoutCredentials")]
    pub fn challenge_without_credentials(&self) -> Array {
        let c = self.v.challenge_without_credentials();
        let out = Array::new_with_length(2);
        out.set(0, JsValue::from_f64(f64::from(c.status)));
        out.set(1, c.www_authenticate.map(|h| JsValue::from_str(&h)).unwrap_or(JsValue::UNDEFINED));
        out
    }
}

/// RFC 6750 §2.1: `{"scheme": "Bearer" | "IHE-JWT" | "IHE-SAML" | "", "token": ...}`.
#[wasm_bindgen(js_name = "iuaParseAuthorization")]
pub fn parse_authorization(value: &str) -> JsResult<String> {
    let c = bearer::credential_from_input(value).map_err(|e| {
        let c = iua::challenge_for(&e, None, &[], 403);
        with_challenge(e, &c)
    })?;
    let mut o = Object::new();
    o.insert("scheme", c.scheme.name().into());
    o.insert("token", c.token.into());
    Ok(o.to_json())
}

/// ATNA `UserName` `alias<user@issuer>`.
#[wasm_bindgen(js_name = "iuaAtnaUserName")]
pub fn atna_user_name(alias: &str, user: &str, issuer: &str) -> String {
    iua::atna_user_name_from(alias, user, issuer)
}

fn metadata_options(options_json: &str) -> JsResult<MetadataOptions> {
    MetadataOptions::from_object(&object(options_json, "options must be an object")?).map_err(to_js)
}

/// RFC 8414 §3.3 / ITI-103: the validated document as JSON text.
#[wasm_bindgen(js_name = "iuaValidateMetadata")]
pub fn validate_metadata(document: &str, expected_issuer: &str, options_json: &str) -> JsResult<String> {
    let opts = metadata_options(options_json)?;
    discovery::validate_metadata(document.as_bytes(), expected_issuer, &opts).map(|m| m.document.to_json()).map_err(to_js)
}

/// RFC 8414 §3.1 and OIDC Discovery §4 locations for `issuer`.
#[wasm_bindgen(js_name = "iuaMetadataUrls")]
pub fn metadata_urls(issuer: &str, options_json: &str) -> JsResult<Array> {
    let opts = metadata_options(options_json)?;
    let [a, b] = discovery::metadata_urls(issuer, &opts).map_err(to_js)?;
    Ok(Array::of2(&JsValue::from_str(&a), &JsValue::from_str(&b)))
}

/// Refuse anything but an https URL (loopback http only with the test opt-in).
#[wasm_bindgen(js_name = "iuaCheckEndpointUrl")]
pub fn check_endpoint_url(url: &str, options_json: &str) -> JsResult<()> {
    let opts = metadata_options(options_json)?;
    discovery::check_endpoint_url(url, &opts).map_err(to_js)
}

/// RFC 7662 §2.1 request body.
#[wasm_bindgen(js_name = "iuaIntrospectionRequestBody")]
pub fn introspection_request_body(token: &str, token_type_hint: Option<String>) -> JsResult<String> {
    introspection::request_body(token, token_type_hint.as_deref()).map_err(to_js)
}
