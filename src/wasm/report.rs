//! `verificationReport`: [`crate::report`] for the JS API (the demo page in
//! www/). Options per profile:
//! - `generic`: exactly `jwtVerify`'s options;
//! - `iua`: `algorithms`, `issuer`, `audience`, `requiredScopes`,
//!   `clockTolerance`, `maxTokenAge`, `strictRfc9068`, `currentDate`;
//! - `lti`: `registration` (`{ issuer, clientId, authLoginUrl, deploymentIds
//!   | acceptAnyDeployment, algorithms? }`), `clockTolerance`, `maxTokenAge`,
//!   `allowAnonymous`, `messageTypes`, `currentDate`.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Date;
use wasm_bindgen::prelude::*;

use super::RawKeySet;
use super::errors::{JsResult, to_js};
use super::options::{for_each_option, span};
use crate::error::Error;
use crate::jwa::AlgorithmSet;
use crate::json::{self, Object, Value};
use crate::jwt::UnixTime;
use crate::profiles::iua::IuaVerifier;
use crate::profiles::lti::{LaunchOptions, LaunchValidator, Registration};
use crate::report;

fn invalid(what: &'static str) -> JsValue {
    to_js(Error::InvalidOptions(what))
}

fn strings(v: JsValue, what: &'static str) -> JsResult<Vec<String>> {
    if let Some(s) = v.as_string() {
        return Ok(alloc::vec![s]);
    }
    let list = v.dyn_into::<js_sys::Array>().map_err(|_| invalid(what))?;
    list.iter().map(|x| x.as_string().ok_or_else(|| invalid(what))).collect()
}

fn date(value: JsValue) -> JsResult<f64> {
    Ok(value.dyn_into::<Date>().map_err(|_| invalid("currentDate must be a Date"))?.get_time())
}

/// `verificationReport(token, keys, profile, options)` → the report as JSON text.
#[wasm_bindgen(js_name = "verificationReport")]
pub fn verification_report(token: JsValue, keys: &RawKeySet, profile: JsValue, options: JsValue) -> JsResult<String> {
    let token = super::token_text(&token)?;
    let profile = profile.as_string().unwrap_or_default();
    let r = match profile.as_str() {
        "generic" => {
            let (validator, now) = super::options::jwt(&options)?;
            report::generic(&token, &keys.set, &validator, now)
        }
        "iua" => {
            let (verifier, now) = iua_options(&options)?;
            report::iua(&token, &keys.set, &verifier, now)
        }
        "lti" => {
            let (registration, launch_options, now) = lti_options(&options)?;
            let validator = LaunchValidator::new(&registration, launch_options).map_err(to_js)?;
            report::lti_id_token(&token, &keys.set, &validator, now)
        }
        _ => return Err(invalid("profile must be \"generic\", \"iua\" or \"lti\"")),
    };
    Ok(r.to_object().to_json())
}

fn iua_options(options: &JsValue) -> JsResult<(IuaVerifier, UnixTime)> {
    let mut algorithms = None;
    let mut issuer = None;
    let mut audience: Vec<String> = Vec::new();
    let mut scopes = Vec::new();
    let mut tolerance = 0.0;
    let mut max_age = None;
    let mut strict = false;
    let mut at = None;
    let known = ["algorithms", "issuer", "audience", "requiredScopes", "clockTolerance", "maxTokenAge", "strictRfc9068", "currentDate"];
    for_each_option(options, &known, |name, value| {
        match name {
            "algorithms" => algorithms = Some(strings(value, "algorithms must be an array of strings")?),
            "issuer" => issuer = Some(value.as_string().ok_or_else(|| invalid("issuer must be a string"))?),
            "audience" => audience = strings(value, "audience must be a string or an array of strings")?,
            "requiredScopes" => scopes = strings(value, "requiredScopes must be an array of strings")?,
            "clockTolerance" => tolerance = span(value, "clockTolerance must be a number or a string")?,
            "maxTokenAge" => max_age = Some(span(value, "maxTokenAge must be a number or a string")?),
            "strictRfc9068" => strict = value.as_bool().ok_or_else(|| invalid("strictRfc9068 must be a boolean"))?,
            _ => at = Some(date(value)?),
        }
        Ok(())
    })?;
    let algorithms = AlgorithmSet::from_names(&algorithms.ok_or_else(|| invalid("algorithms is required"))?).map_err(to_js)?;
    let issuer = issuer.ok_or_else(|| invalid("issuer is required"))?;
    let (first, rest) = audience.split_first().ok_or_else(|| invalid("audience is required"))?;
    let mut b = IuaVerifier::builder(&issuer, first, algorithms).required_scopes(&scopes).clock_tolerance(tolerance).strict_rfc9068(strict);
    for a in rest {
        b = b.audience(a);
    }
    if let Some(m) = max_age {
        b = b.max_token_age(m);
    }
    let now = UnixTime::from_millis(at.unwrap_or_else(Date::now)).map_err(to_js)?;
    Ok((b.build().map_err(to_js)?, now))
}

fn lti_options(options: &JsValue) -> JsResult<(Registration, LaunchOptions, UnixTime)> {
    let mut at = None;
    let mut rest = Object::new();
    let mut registration = None;
    let known = ["registration", "clockTolerance", "maxTokenAge", "allowAnonymous", "messageTypes", "currentDate"];
    for_each_option(options, &known, |name, value| {
        if name == "currentDate" {
            at = Some(date(value)?);
            return Ok(());
        }
        // through JSON, into the core's own readers of these shapes
        let text = js_sys::JSON::stringify(&value).ok().and_then(|s| s.as_string());
        let parsed = text.and_then(|t| json::parse(t.as_bytes(), 16).ok()).ok_or_else(|| invalid("LTI options must be JSON values"))?;
        if name == "registration" {
            registration = Some(parsed);
        } else {
            rest.insert(name, parsed);
        }
        Ok(())
    })?;
    let registration = match registration {
        Some(Value::Object(o)) => Registration::from_object(&o).map_err(to_js)?,
        Some(_) => return Err(invalid("registration must be an object")),
        None => return Err(invalid("registration is required")),
    };
    let launch = LaunchOptions::from_object(&rest).map_err(to_js)?;
    let now = UnixTime::from_millis(at.unwrap_or_else(Date::now)).map_err(to_js)?;
    Ok((registration, launch, now))
}
