//! Core errors as JavaScript `Error` objects carrying `code`, `reason` and
//! `claim`; the entry files turn them into `TokenCheckError` instances.

use alloc::string::ToString;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::error::Error;

pub(crate) type JsResult<T> = Result<T, JsValue>;

/// An `Error` with the core's message, code, reason and claim.
pub(crate) fn to_js(e: Error) -> JsValue {
    with_message(&e, &e.to_string())
}

/// As [`to_js`] with a more specific message (e.g. naming an unknown option).
pub(crate) fn with_message(e: &Error, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let set = |k: &str, v: JsValue| {
        // Setting a data property on a fresh Error cannot fail.
        let _ = Reflect::set(&err, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code()));
    if let Some(r) = e.reason() {
        set("reason", JsValue::from_str(r));
    }
    if let Some(c) = e.claim() {
        set("claim", JsValue::from_str(c));
    }
    err.into()
}
