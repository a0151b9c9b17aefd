//! `verificationReport`: [`crate::report`] for the JS API (the demo page in
//! www/). Options per profile:
//! - `generic`: exactly `jwtVerify`'s options;
//! - `iua`: `verifyIuaToken`'s verifier options (`issuer`, `audience`,
//!   `algorithms`, `requiredScopes`, `strict`, ...; no `check` function) and
//!   `currentDate`;
//! - `lti`: `registration` (`{ issuer, clientId, authLoginUrl, deploymentIds
//!   | acceptAnyDeployment, algorithms? }`), `clockTolerance`, `maxTokenAge`,
//!   `allowAnonymous`, `messageTypes`, `currentDate`.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Date;
use wasm_bindgen::prelude::*;

use super::RawKeySet;
use super::errors::{JsResult, to_js};
use super::options::for_each_option;
use crate::error::Error;
use crate::json::{self, Object, Value};
use crate::jwt::UnixTime;
use crate::profiles::iua::IuaVerifier;
use crate::profiles::iua::options as iua_opts;
use crate::profiles::lti::{LaunchOptions, LaunchValidator, Registration};
use crate::report;

fn invalid(what: &'static str) -> JsValue {
    to_js(Error::InvalidOptions(what))
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

/// An option value as a core JSON value (through `JSON.stringify`), so the
/// core's own readers of these shapes apply.
fn json_value(value: &JsValue) -> JsResult<Value> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|t| json::parse(t.as_bytes(), 16).ok())
        .ok_or_else(|| invalid("options must be JSON values"))
}

/// `verifyIuaToken`'s verifier options (read by the core's
/// [`crate::profiles::iua::options::builder_from_options`]) plus
/// `currentDate`. A custom `check` function cannot run here: refused as unknown.
fn iua_options(options: &JsValue) -> JsResult<(IuaVerifier, UnixTime)> {
    let known: Vec<&str> = iua_opts::OPTION_NAMES.iter().copied().chain(["currentDate"]).collect();
    let mut o = Object::new();
    let mut at = None;
    for_each_option(options, &known, |name, value| {
        if name == "currentDate" {
            at = Some(date(value)?);
        } else {
            o.insert(name, json_value(&value)?);
        }
        Ok(())
    })?;
    let verifier = iua_opts::builder_from_options(&o).and_then(|b| b.build()).map_err(to_js)?;
    let now = UnixTime::from_millis(at.unwrap_or_else(Date::now)).map_err(to_js)?;
    Ok((verifier, now))
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
        let parsed = json_value(&value)?;
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
