//! Results cross the boundary as JSON text and are turned into objects by
//! `JSON.parse` in the entry file.
//!
//! Why not `serde-wasm-bindgen` here (DESIGN's default): it builds objects
//! with `obj[key] = value`, so a verified payload `{"__proto__":{"admin":true}}`
//! would REPLACE the result's prototype and `payload.admin` would read `true`.
//! `JSON.parse` defines own properties (what jose returns), so that claim stays
//! an ordinary member (tests/js/differences.test.mjs D19 checks it). That
//! settles the choice on safety alone, so serde for results was not timed;
//! for reference, `JSON.parse` of both parts added 7-13 µs to a 50 µs HS256
//! `jwtVerifySync` here (Node 20).

use alloc::string::String;

use alloc::vec::Vec;
use js_sys::{Array, Uint8Array};

use crate::base64url;
use crate::json::Object;
use crate::jws::{Header, Verified};
use crate::jwt::Claims;
use wasm_bindgen::JsValue;

/// `[protectedHeaderJson, payloadJson]`.
pub(crate) fn pair(header: &str, payload: &str) -> Array {
    let out = Array::new_with_length(2);
    out.set(0, JsValue::from_str(header));
    out.set(1, JsValue::from_str(payload));
    out
}

/// `[protectedHeaderJson, payloadBytes]` of a verified JWS (`compactVerify`,
/// no claims): the header's kept text, the payload as a `Uint8Array`.
pub(crate) fn compact_pair(verified: Verified<Vec<u8>>) -> Array {
    let (header, payload) = verified.into_parts();
    let out = Array::new_with_length(2);
    out.set(0, JsValue::from_str(header.text()));
    out.set(1, Uint8Array::from(payload.as_slice()).into());
    out
}

/// `[protectedHeaderJson, payloadJson]` of a token that was just verified, as
/// the token carries them (base64url-decoded), instead of re-serializing the
/// parsed values: `JSON.parse` of that text gives exactly the values the core
/// validated, because the core accepted it under stricter rules than
/// `JSON.parse` (no duplicate members, no lone surrogates, finite numbers,
/// depth limit) and both read numbers with correct rounding. Saves the
/// serialization (a few µs per KB at opt-level "z"). The header keeps its
/// text ([`Header::text`]); the payload part is decoded again, or
/// serialized if it can't be (cannot happen for a token the core parsed).
pub(crate) fn verified_pair(token: &str, header: &Header, payload: &Object) -> Array {
    match part_text(token, 1) {
        Some(p) => pair(header.text(), &p),
        None => pair(header.text(), &payload.to_json()),
    }
}

/// [`verified_pair`] when the core handed back the payload text it decoded
/// and parsed ([`crate::jwt::Validator::verify_keeping_payload`]): nothing
/// is decoded again.
pub(crate) fn verified_texts(verified: &Verified<Claims>, payload: String) -> Array {
    pair(verified.header().text(), &payload)
}

/// Part `index` of a compact token, base64url-decoded, as UTF-8 text.
pub(crate) fn part_text(token: &str, index: usize) -> Option<String> {
    let part = token.split('.').nth(index)?;
    String::from_utf8(base64url::decode(part.as_bytes()).ok()?).ok()
}
