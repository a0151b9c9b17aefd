//! jose's option objects, converted for the core.
//!
//! Unknown option names are refused (`ERR_INVALID_OPTIONS`) — a deliberate
//! difference from jose, which ignores them: a typo such as `audiance` must
//! never silently switch a check off. `algorithms` is required.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Date, Object};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{JsResult, to_js, with_message};
use crate::error::Error;
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

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self, what: &'static str) -> JsResult<Vec<String>> {
        match self {
            OneOrMany::One(s) => Ok(alloc::vec![s]),
            // `[]` would otherwise mean "no expectation": refuse it.
            OneOrMany::Many(v) if v.is_empty() => Err(to_js(Error::InvalidOptions(what))),
            OneOrMany::Many(v) => Ok(v),
        }
    }
}

/// A time span: seconds, or a string such as `"30s"` (jose's `secs()` grammar).
#[derive(Deserialize)]
#[serde(untagged)]
enum Span {
    Secs(f64),
    Text(String),
}

impl Span {
    fn secs(self) -> JsResult<f64> {
        match self {
            Span::Secs(s) => Ok(s),
            Span::Text(t) => parse_duration(&t).map(|s| s as f64).map_err(to_js),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JwtOptions {
    algorithms: Option<Vec<String>>,
    issuer: Option<OneOrMany>,
    audience: Option<OneOrMany>,
    subject: Option<String>,
    typ: Option<String>,
    clock_tolerance: Option<Span>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    current_date: JsValue,
    max_token_age: Option<Span>,
    required_claims: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct CompactOptions {
    algorithms: Option<Vec<String>>,
}

/// Refuse option names outside `known` (own enumerable keys, as `Object.keys`).
fn check_names(options: &JsValue, known: &[&str]) -> JsResult<()> {
    if options.is_undefined() || options.is_null() {
        return Ok(());
    }
    let Some(obj) = options.dyn_ref::<Object>() else {
        return Err(to_js(Error::InvalidOptions("options must be an object")));
    };
    if options.is_function() || js_sys::Array::is_array(options) {
        return Err(to_js(Error::InvalidOptions("options must be an object")));
    }
    for name in Object::keys(obj).iter() {
        let name = name.as_string().unwrap_or_default();
        if !known.contains(&name.as_str()) {
            let e = Error::InvalidOptions("unknown option");
            return Err(with_message(&e, &format!("invalid options: unknown option {name:?} (allowed: {})", known.join(", "))));
        }
    }
    Ok(())
}

fn deserialize<T: for<'de> Deserialize<'de>>(options: &JsValue, known: &[&str]) -> JsResult<T> {
    check_names(options, known)?;
    let empty;
    let value = if options.is_undefined() || options.is_null() {
        empty = JsValue::from(Object::new());
        &empty
    } else {
        options
    };
    serde_wasm_bindgen::from_value(value.clone()).map_err(|err| {
        let e = Error::InvalidOptions("an option has the wrong type");
        with_message(&e, &format!("invalid options: {err}"))
    })
}

fn algorithm_set(names: Option<Vec<String>>) -> JsResult<AlgorithmSet> {
    let names = names.ok_or_else(|| to_js(Error::InvalidOptions("algorithms is required")))?;
    AlgorithmSet::from_names(&names).map_err(to_js)
}

/// `compactVerify` options: the allow-list.
pub(crate) fn compact(options: &JsValue) -> JsResult<AlgorithmSet> {
    let o: CompactOptions = deserialize(options, &COMPACT_OPTIONS)?;
    algorithm_set(o.algorithms)
}

/// `jwtVerify` options: a validator and the instant (`currentDate`, or now).
pub(crate) fn jwt(options: &JsValue) -> JsResult<(Validator, UnixTime)> {
    let o: JwtOptions = deserialize(options, &JWT_OPTIONS)?;
    let mut v = Validator::new(algorithm_set(o.algorithms)?);
    if let Some(iss) = o.issuer {
        v = v.issuers(&iss.into_vec("issuer must not be an empty list")?);
    }
    if let Some(aud) = o.audience {
        v = v.audiences(&aud.into_vec("audience must not be an empty list")?);
    }
    if let Some(sub) = o.subject {
        v = v.subject(&sub);
    }
    if let Some(typ) = o.typ {
        v = v.typ(&typ);
    }
    if let Some(t) = o.clock_tolerance {
        v = v.clock_tolerance(t.secs()?).map_err(to_js)?;
    }
    if let Some(age) = o.max_token_age {
        v = v.max_token_age(age.secs()?).map_err(to_js)?;
    }
    if let Some(names) = o.required_claims {
        v = v.required_claims(&names);
    }
    let millis = if o.current_date.is_undefined() || o.current_date.is_null() {
        Date::now()
    } else {
        match o.current_date.dyn_ref::<Date>() {
            Some(d) => d.get_time(),
            None => return Err(to_js(Error::InvalidOptions("currentDate must be a Date"))),
        }
    };
    let now = UnixTime::from_millis(millis).map_err(to_js)?;
    Ok((v, now))
}

/// `calculateJwkThumbprint`'s digest argument: only SHA-256 is offered.
pub(crate) fn thumbprint_digest(digest: &JsValue) -> JsResult<()> {
    if digest.is_undefined() || digest.as_string().as_deref() == Some("sha256") {
        Ok(())
    } else {
        Err(to_js(Error::NotSupported(crate::error::Reason::AlgUnknown)))
    }
}
