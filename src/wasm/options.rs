//! jose's option objects, converted for the core.
//!
//! Unknown option names are refused (`ERR_INVALID_OPTIONS`) — a deliberate
//! difference from jose, which ignores them: a typo such as `audiance` must
//! never silently switch a check off. `algorithms` is required. `undefined`
//! and `null` values count as absent, as in jose.
//!
//! Read directly with js-sys (one pass over `Object.keys`), not with
//! serde-wasm-bindgen (DESIGN's default for options): measured on this machine
//! (Node 20, opt-level "z" + wasm-opt, HS256 token, options `algorithms`,
//! `issuer`, `audience`, `clockTolerance: "30s"`, `currentDate`), the whole
//! raw `jwtVerify` call took 70-105 µs with serde-wasm-bindgen and 49-51 µs
//! with this conversion, on the same build. serde-wasm-bindgen also reads only
//! the fields a struct declares, so unknown names needed a second pass anyway.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{JsResult, to_js, with_message};
use crate::error::{Error, Reason};
use crate::jwa::AlgorithmSet;
use crate::jwt::{UnixTime, Validator, parse_duration};

/// The options of `jwtVerify` (jose's `JWTVerifyOptions`).
const JWT_OPTIONS: [&str; 9] = [
    "algorithms",
    "issuer",
    "audience",
    "subject",
    "typ",
    "clockTolerance",
    "currentDate",
    "maxTokenAge",
    "requiredClaims",
];

/// The options of `compactVerify`.
const COMPACT_OPTIONS: [&str; 1] = ["algorithms"];

fn invalid(what: &'static str) -> JsValue {
    to_js(Error::InvalidOptions(what))
}

fn string(v: JsValue, what: &'static str) -> JsResult<String> {
    v.as_string().ok_or_else(|| invalid(what))
}

fn strings(v: JsValue, what: &'static str) -> JsResult<Vec<String>> {
    let list = v.dyn_into::<Array>().map_err(|_| invalid(what))?;
    let mut out = Vec::with_capacity(list.length() as usize);
    for x in list.iter() {
        out.push(string(x, what)?);
    }
    Ok(out)
}

/// A string or a non-empty array of strings (`[]` would otherwise mean "no
/// expectation" in the core: refused).
fn one_or_many(v: JsValue, what: &'static str, empty: &'static str) -> JsResult<Vec<String>> {
    if let Some(s) = v.as_string() {
        return Ok(alloc::vec![s]);
    }
    let list = strings(v, what)?;
    if list.is_empty() {
        return Err(invalid(empty));
    }
    Ok(list)
}

/// A time span: seconds, or a string such as `"30s"` (jose's `secs()` grammar).
pub(crate) fn span(v: JsValue, what: &'static str) -> JsResult<f64> {
    if let Some(n) = v.as_f64() {
        return Ok(n);
    }
    let text = string(v, what)?;
    parse_duration(&text).map(|s| s as f64).map_err(to_js)
}

/// Each present option as `(name, value)`, refusing names outside `known`.
pub(crate) fn for_each_option(options: &JsValue, known: &[&str], mut f: impl FnMut(&str, JsValue) -> JsResult<()>) -> JsResult<()> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    let obj = match options.dyn_ref::<Object>() {
        Some(o) if !options.is_function() && !Array::is_array(options) => o,
        _ => return Err(invalid("options must be an object")),
    };
    for key in Object::keys(obj).iter() {
        let name = key.as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) {
            let e = Error::InvalidOptions("unknown option");
            // The name as the caller wrote it, at most 64 characters, control characters as '?'
            // (no `{:?}`: Debug formatting of strings pulls Unicode tables into the .wasm).
            let shown: String = name.chars().take(64).map(|c| if c.is_control() { '?' } else { c }).collect();
            return Err(with_message(&e, &format!("invalid options: unknown option \"{shown}\" (allowed: {})", known.join(", "))));
        }
        let value = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if !(value.is_undefined() || value.is_null()) {
            f(&name, value)?;
        }
    }
    Ok(())
}

fn algorithm_set(names: Option<Vec<String>>) -> JsResult<AlgorithmSet> {
    let names = names.ok_or_else(|| invalid("algorithms is required"))?;
    AlgorithmSet::from_names(&names).map_err(to_js)
}

/// `compactVerify` options: the allow-list.
pub(crate) fn compact(options: &JsValue) -> JsResult<AlgorithmSet> {
    let mut algorithms = None;
    for_each_option(options, &COMPACT_OPTIONS, |_, value| {
        algorithms = Some(strings(value, "algorithms must be an array of strings")?);
        Ok(())
    })?;
    algorithm_set(algorithms)
}

/// `jwtVerify` options: a validator and the instant (`currentDate`, or now).
pub(crate) fn jwt(options: &JsValue) -> JsResult<(Validator, UnixTime)> {
    let (v, date) = jwt_parts(options)?;
    Ok((v, instant(date.unwrap_or_else(Date::now))?))
}

/// Milliseconds since the epoch as the core's instant.
pub(crate) fn instant(millis: f64) -> JsResult<UnixTime> {
    UnixTime::from_millis(millis).map_err(to_js)
}

/// `jwtVerify` options: a validator and `currentDate` in milliseconds, if given.
pub(crate) fn jwt_parts(options: &JsValue) -> JsResult<(Validator, Option<f64>)> {
    let mut algorithms = None;
    let mut issuer = None;
    let mut audience = None;
    let mut subject = None;
    let mut typ = None;
    let mut tolerance = None;
    let mut max_age = None;
    let mut required = None;
    let mut date = None;
    for_each_option(options, &JWT_OPTIONS, |name, value| {
        match name {
            "algorithms" => algorithms = Some(strings(value, "algorithms must be an array of strings")?),
            "issuer" => {
                issuer = Some(one_or_many(value, "issuer must be a string or an array of strings", "issuer must not be an empty list")?)
            }
            "audience" => {
                audience = Some(one_or_many(value, "audience must be a string or an array of strings", "audience must not be an empty list")?)
            }
            "subject" => subject = Some(string(value, "subject must be a string")?),
            "typ" => typ = Some(string(value, "typ must be a string")?),
            "clockTolerance" => tolerance = Some(span(value, "clockTolerance must be a number or a string")?),
            "maxTokenAge" => max_age = Some(span(value, "maxTokenAge must be a number or a string")?),
            "requiredClaims" => required = Some(strings(value, "requiredClaims must be an array of strings")?),
            _ => {
                // "currentDate" (the only name left in JWT_OPTIONS)
                let d = value.dyn_into::<Date>().map_err(|_| invalid("currentDate must be a Date"))?;
                date = Some(d.get_time());
            }
        }
        Ok(())
    })?;

    let mut v = Validator::new(algorithm_set(algorithms)?);
    if let Some(iss) = issuer {
        v = v.issuers(&iss);
    }
    if let Some(aud) = audience {
        v = v.audiences(&aud);
    }
    if let Some(sub) = subject {
        v = v.subject(&sub);
    }
    if let Some(typ) = typ {
        v = v.typ(&typ);
    }
    if let Some(t) = tolerance {
        v = v.clock_tolerance(t).map_err(to_js)?;
    }
    if let Some(age) = max_age {
        v = v.max_token_age(age).map_err(to_js)?;
    }
    if let Some(names) = required {
        v = v.required_claims(&names);
    }
    Ok((v, date))
}

/// `calculateJwkThumbprint`'s digest argument: only SHA-256 is offered.
pub(crate) fn thumbprint_digest(digest: &JsValue) -> JsResult<()> {
    if digest.is_undefined() || digest.as_string().as_deref() == Some("sha256") {
        Ok(())
    } else {
        Err(to_js(Error::NotSupported(Reason::AlgUnknown)))
    }
}
