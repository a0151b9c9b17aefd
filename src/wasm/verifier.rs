//! The fast paths of the npm package (raw layer; pkg/lib/api.js wraps them):
//!
//! - `jwtVerifyBegin` / `compactVerifyBegin` + [`RawPending`]: the async
//!   functions let the host's WebCrypto check RSA and ECDSA signatures
//!   ([`crate::jws::external`]); everything else stays in the core.
//! - [`RawVerifier`]: options converted once (the per-call `js-sys` option
//!   reading is most of an HS256 call), and the opt-in verified-token cache
//!   ([`crate::jwt::cache`]).
//!
//! Results: `[protectedHeaderJson, payloadJson]` as in the rest of the raw
//! layer. A verifier with a cache answers a hit with a number, the entry's
//! code (`slot + stamp × 2^20`), so the JS layer can return the object it
//! kept for that entry without crossing the boundary with JSON again.

use alloc::rc::Rc;
use alloc::string::String;

use js_sys::{Array, Date};
use wasm_bindgen::prelude::*;

use super::errors::{JsResult, to_js};
use super::{RawKeySet, options, results, token_text};
use crate::error::Error;
use crate::jwa::Algorithm;
use crate::jwk::{JwkSet, Params};
use crate::jws::external::{self, HostChecks, PendingSignature, Provenance, Resolution, SignatureCheck};
use crate::jws::{Limits, Verified};
use crate::jwt::cache::{Begin, Outcome, Slot, VerifiedCache};
use crate::jwt::{Claims, UnixTime, Validator};
use crate::base64url;

/// Slot numbers stay below this (the cache's `MAX_ENTRIES`).
const SLOTS: f64 = (1u32 << 20) as f64;

pub(super) fn code(slot: Slot) -> f64 {
    f64::from(slot.index()) + f64::from(slot.stamp()) * SLOTS
}

pub(super) fn slot_of(code: f64) -> Option<(u32, u32)> {
    if !(code.is_finite() && code >= 0.0) {
        return None;
    }
    // 0 <= code < 2^52: the integer part is exact
    let stamp = (code / SLOTS) as u64 as f64;
    let index = code - stamp * SLOTS;
    Some((index as u32, stamp as u32))
}

fn jwt_pair(token: &str, verified: &Verified<Claims>) -> Array {
    results::verified_pair(token, verified.header(), verified.value().as_object())
}

/// `validator.finish`, answered with the token's own texts (the payload's
/// decoded bytes reused: [`results::verified_texts`]).
fn finish_pair(validator: &Validator, jws: Verified<alloc::vec::Vec<u8>>, now: UnixTime) -> Result<Array, Error> {
    let (verified, payload) = validator.finish_keeping_payload(jws, now)?;
    Ok(results::verified_texts(&verified, payload))
}

#[wasm_bindgen(js_class = "RawKeySet")]
impl RawKeySet {
    /// The public key at `index` as a minimal JWK for WebCrypto's `importKey`
    /// (`kty` and the key's parameters only: no `alg`, `kid`, `use`), from the
    /// material the core validated. `undefined` for HMAC keys and bad indexes.
    #[wasm_bindgen(js_name = "publicJwk")]
    pub fn public_jwk(&self, index: usize) -> Option<String> {
        let key = self.set.keys().get(index)?;
        let b = |v: &[u8]| base64url::encode(v);
        Some(match key.params() {
            Params::Rsa { n, e } => alloc::format!(r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#, b(n), b(e)),
            Params::Ec { crv, x, y } => alloc::format!(r#"{{"kty":"EC","crv":"{}","x":"{}","y":"{}"}}"#, crv.name(), b(x), b(y)),
            Params::Ed25519 { x } => alloc::format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b(x)),
            Params::Oct { .. } => return None,
        })
    }

    /// The secret of the HMAC key at `index`, for the host's `importKey`
    /// ("raw", non-extractable) when the entry hands HMAC to WebCrypto
    /// ([`host_checks`] bit 1). A copy the caller zeroes once imported;
    /// `undefined` for other keys and bad indexes. The JS layer's own: the
    /// package never returns it to its users.
    #[wasm_bindgen(js_name = "hmacSecret")]
    pub fn hmac_secret(&self, index: usize) -> Option<alloc::vec::Vec<u8>> {
        match self.set.keys().get(index)?.params() {
            Params::Oct { k } => Some(k.clone()),
            _ => None,
        }
    }
}

/// A profile's own continuation (IUA: `RawIuaVerifier.begin`): given the
/// resolved signature with what it was checked with (or why it failed), the
/// call's result or its error.
pub(super) type Finish = alloc::boxed::Box<dyn FnOnce(Result<(Option<Provenance>, Verified<alloc::vec::Vec<u8>>), Error>) -> JsResult<JsValue>>;

/// What to do once a pending signature is resolved.
pub(super) enum Then {
    /// `jwtVerify`: the claims with this validator at this instant (shared
    /// with the [`RawJwtOptions`] it came from: no copy per call).
    Jwt(Rc<Validator>, UnixTime),
    /// `compactVerify`: nothing more.
    Compact,
    /// A [`RawVerifier`] finishes it (with its cache) at this instant.
    Verifier(UnixTime),
    /// A profile verifier finishes it ([`Finish`]).
    Profile(Finish),
}

impl core::fmt::Debug for Then {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Then::Jwt(..) => "Jwt",
            Then::Compact => "Compact",
            Then::Verifier(_) => "Verifier",
            Then::Profile(_) => "Profile",
        })
    }
}

/// A signature for the host to check (RSA, ECDSA; Ed25519 and HMAC when the
/// entry hands them over): what to check is in [`layout`](Self::layout).
/// Consumed by `complete(ok)` (the host's verdict) or `verifyHere(keys)`
/// (checked in wasm instead).
#[wasm_bindgen(js_name = "RawPending")]
#[derive(Debug)]
pub struct RawPending {
    pending: PendingSignature,
    then: Then,
    layout: [u32; 6],
}

impl RawPending {
    pub(super) fn new(pending: PendingSignature, then: Then) -> Self {
        let alg = pending.algorithm();
        let (input, signature) = (pending.signing_input(), pending.signature());
        // wasm32: addresses and lengths are u32; the bytes are heap buffers
        // of `pending`, which stay where they are when it moves in here
        let n = |v: usize| v as u32;
        let layout = [
            n(Algorithm::ALL.iter().position(|a| *a == alg).unwrap_or(usize::MAX)),
            n(pending.key_index()),
            n(input.as_ptr() as usize),
            n(input.len()),
            n(signature.as_ptr() as usize),
            n(signature.len()),
        ];
        RawPending { pending, then, layout }
    }
}

#[wasm_bindgen(js_class = "RawPending")]
impl RawPending {
    /// Where six u32 words describing the check are in this module's memory
    /// (`wasmMemory()`; a byte address, 4-aligned): the algorithm's index in
    /// `algorithmNames()`, the key's index in the set, then the address and
    /// length of the signing input and of the signature. One read of memory
    /// instead of six calls across the boundary (and a string for `alg`).
    ///
    /// The addresses let the JS layer hand WebCrypto views of the bytes
    /// instead of copies (a copy was ≈2.7 µs of an async LTI verification in
    /// Node, the new ArrayBuffers). The bytes and the words belong to this
    /// object, and nothing writes them while it lives: it is consumed only by
    /// `complete` / `verifyHere`, after the host's verdict. WebCrypto copies
    /// both arguments within `verify()` itself (W3C WebCrypto,
    /// SubtleCrypto.verify); see `hostVerdict` in pkg/lib/api.js for what a
    /// host that did not would see.
    #[wasm_bindgen(getter)]
    pub fn layout(&self) -> *const u32 {
        self.layout.as_ptr()
    }

    /// The host's verdict; returns the result (the pair; a profile's JSON
    /// text) or throws the error.
    pub fn complete(self, ok: bool) -> JsResult<JsValue> {
        self.finish(Resolution::Host(ok))
    }

    /// Check the signature in wasm instead; `keys` is the set it was prepared with.
    #[wasm_bindgen(js_name = "verifyHere")]
    pub fn verify_here(self, keys: &RawKeySet) -> JsResult<JsValue> {
        self.finish(Resolution::Here(&keys.set))
    }
}

impl RawPending {
    fn finish(self, how: Resolution<'_>) -> JsResult<JsValue> {
        let resolved = self.pending.resolve(how);
        match self.then {
            Then::Profile(finish) => finish(resolved.map(|(provenance, jws)| (Some(provenance), jws))),
            Then::Jwt(v, now) => Ok(finish_pair(&v, resolved.map_err(to_js)?.1, now).map_err(to_js)?.into()),
            Then::Compact => Ok(results::compact_pair(resolved.map_err(to_js)?.1).into()),
            Then::Verifier(_) => {
                resolved.map_err(to_js)?;
                Err(to_js(Error::InvalidOptions("this signature belongs to a verifier")))
            }
        }
    }
}

/// The names of the algorithms, comma-separated, in the order of the indexes
/// in [`RawPending::layout`].
#[wasm_bindgen(js_name = "algorithmNames")]
pub fn algorithm_names() -> String {
    let mut names = String::new();
    for alg in Algorithm::ALL {
        if !names.is_empty() {
            names.push(',');
        }
        names.push_str(alg.name());
    }
    names
}

/// This module's `WebAssembly.Memory`, for the views of [`RawPending`]'s
/// bytes.
#[wasm_bindgen(js_name = "wasmMemory")]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Which signatures go to the host, from the entry's flags: RSA and ECDSA
/// always; bit 0: Ed25519 ([`HostChecks::WITH_ED25519`]), bit 1: HMAC
/// ([`HostChecks::with_hmac`]); set by entries whose host has BoringSSL's
/// (workerd).
pub(super) fn host_checks(flags: u32) -> HostChecks {
    let host = if flags & 1 != 0 { HostChecks::WITH_ED25519 } else { HostChecks::RSA_ECDSA };
    if flags & 2 != 0 { host.with_hmac() } else { host }
}

/// `jwtVerify`'s first step: a result pair when the core checked everything
/// (HMAC and Ed25519 unless the `host` flags hand them over: [`host_checks`]),
/// else a [`RawPending`] for the host.
#[wasm_bindgen(js_name = "jwtVerifyBegin")]
pub fn jwt_verify_begin(token: JsValue, keys: &RawKeySet, options: JsValue, host: u32) -> JsResult<JsValue> {
    let token = token_text(&token)?;
    let (validator, now) = options::jwt(&options)?;
    begin_with(&token, keys, Rc::new(validator), now, host)
}

/// [`jwt_verify_begin`] with options the core converted before, at `now_ms`
/// (the caller's `currentDate`, else now); the token as UTF-8 bytes.
#[wasm_bindgen(js_name = "jwtVerifyBeginWith")]
pub fn jwt_verify_begin_with(token: &[u8], keys: &RawKeySet, options: &RawJwtOptions, now_ms: f64, host: u32) -> JsResult<JsValue> {
    let token = utf8_token(token)?;
    let now = options::instant(now_ms)?;
    begin_with(token, keys, Rc::clone(&options.validator), now, host)
}

fn begin_with(token: &str, keys: &RawKeySet, validator: Rc<Validator>, now: UnixTime, host: u32) -> JsResult<JsValue> {
    match external::prepare_for(token, validator.get_limits(), &keys.set, validator.algorithms(), host_checks(host)).map_err(to_js)? {
        SignatureCheck::Verified(jws) => Ok(finish_pair(&validator, jws, now).map_err(to_js)?.into()),
        SignatureCheck::External(pending) => Ok(RawPending::new(pending, Then::Jwt(validator, now)).into()),
    }
}

/// jose's `jwtVerify` options converted by the core once. The JS layer keeps
/// one per distinct option values it has seen (at most a few dozen; values
/// are read once per call in JS and compared as a key) and passes it to
/// `jwtVerifyWith` / `jwtVerifyBeginWith` instead of the options object:
/// reading that object with js-sys is ≈12 boundary crossings per call.
/// `currentDate` is per call: those functions take the instant, and this
/// constructor refuses options that have one.
#[wasm_bindgen(js_name = "RawJwtOptions")]
#[derive(Debug)]
pub struct RawJwtOptions {
    validator: Rc<Validator>,
}

#[wasm_bindgen(js_class = "RawJwtOptions")]
impl RawJwtOptions {
    /// Throws what `jwtVerify` would throw for these options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> JsResult<RawJwtOptions> {
        let (validator, date) = options::jwt_parts(&options)?;
        if date.is_some() {
            return Err(to_js(Error::InvalidOptions("currentDate is given per call, not converted once")));
        }
        Ok(RawJwtOptions { validator: Rc::new(validator) })
    }
}

impl RawJwtOptions {
    pub(super) fn validator(&self) -> &Validator {
        &self.validator
    }
}

/// `compactVerify`'s first step (see [`jwt_verify_begin`]).
#[wasm_bindgen(js_name = "compactVerifyBegin")]
pub fn compact_verify_begin(token: JsValue, keys: &RawKeySet, options: JsValue, host: u32) -> JsResult<JsValue> {
    let token = token_text(&token)?;
    let algorithms = options::compact(&options)?;
    match external::prepare_for(&token, &Limits::default(), &keys.set, algorithms, host_checks(host)).map_err(to_js)? {
        SignatureCheck::Verified(jws) => Ok(results::compact_pair(jws).into()),
        SignatureCheck::External(pending) => Ok(RawPending::new(pending, Then::Compact).into()),
    }
}

/// A JWT verifier with its options converted once, its own copy of the key
/// set (same identity), and optionally a verified-token cache.
#[wasm_bindgen(js_name = "RawVerifier")]
#[derive(Debug)]
pub struct RawVerifier {
    validator: Validator,
    keys: JwkSet,
    fixed_now: Option<f64>,
    cache: Option<VerifiedCache>,
}

#[wasm_bindgen(js_class = "RawVerifier")]
impl RawVerifier {
    /// `options`: jose's `jwtVerify` options. `max_entries` 0: no cache.
    #[wasm_bindgen(constructor)]
    pub fn new(keys: &RawKeySet, options: JsValue, max_entries: u32, max_bytes: f64) -> JsResult<RawVerifier> {
        let (validator, fixed_now) = options::jwt_parts(&options)?;
        if let Some(ms) = fixed_now {
            options::instant(ms)?;
        }
        let cache = match cache_limits(max_entries, max_bytes)? {
            None => None,
            Some((n, b)) => Some(VerifiedCache::new(n, b).map_err(to_js)?),
        };
        Ok(RawVerifier { validator, keys: keys.set.clone(), fixed_now, cache })
    }

    /// Entries in the cache (0 without one).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.cache.as_ref().map_or(0, VerifiedCache::len)
    }

    /// Empty the cache.
    pub fn clear(&mut self) {
        if let Some(c) = &mut self.cache {
            c.clear();
        }
    }

    fn now(&self, now_ms: f64) -> JsResult<UnixTime> {
        let ms = if now_ms.is_nan() { self.fixed_now.unwrap_or_else(Date::now) } else { now_ms };
        options::instant(ms)
    }

    /// Verify at `now_ms` (NaN: the verifier's `currentDate`, else now).
    /// Without a cache: `[header, payload]`. With one: a number for a hit,
    /// `[code, header, payload]` for a fresh verification (`code` -1 when
    /// the token was not stored).
    pub fn verify(&mut self, token: JsValue, now_ms: f64) -> JsResult<JsValue> {
        let token = token_text(&token)?;
        self.verify_str(&token, now_ms)
    }

    /// [`verify`](Self::verify) for a token as UTF-8 bytes (the hot path:
    /// the JS layer encodes strings with `TextEncoder.encodeInto`, several
    /// times faster than the glue's per-character copy of a string).
    #[wasm_bindgen(js_name = "verifyBytes")]
    pub fn verify_bytes(&mut self, token: &[u8], now_ms: f64) -> JsResult<JsValue> {
        let token = utf8_token(token)?;
        self.verify_str(token, now_ms)
    }

    /// [`begin`](Self::begin) for a token as UTF-8 bytes.
    #[wasm_bindgen(js_name = "beginBytes")]
    pub fn begin_bytes(&mut self, token: &[u8], now_ms: f64, host: u32) -> JsResult<JsValue> {
        let token = utf8_token(token)?;
        self.begin_str(token, now_ms, host_checks(host))
    }
}

/// A verifier's `cache` limits from the JS layer: `max_entries` 0 is no
/// cache; else the entries and the bytes of token text.
pub(super) fn cache_limits(max_entries: u32, max_bytes: f64) -> JsResult<Option<(usize, usize)>> {
    if max_entries == 0 {
        return Ok(None);
    }
    if !(max_bytes.is_finite() && max_bytes >= 1.0) {
        return Err(to_js(Error::InvalidOptions("cache maxBytes must be a positive number")));
    }
    Ok(Some((max_entries as usize, max_bytes.min(usize::MAX as f64) as usize)))
}

/// A token given as bytes must be UTF-8 (as for a `Uint8Array` token).
pub(super) fn utf8_token(token: &[u8]) -> JsResult<&str> {
    core::str::from_utf8(token).map_err(|_| to_js(Error::JwsInvalid(crate::error::Reason::Base64Url)))
}

impl RawVerifier {
    fn verify_str(&mut self, token: &str, now_ms: f64) -> JsResult<JsValue> {
        let now = self.now(now_ms)?;
        let Some(cache) = &mut self.cache else {
            let (verified, payload) = self.validator.verify_keeping_payload(token, &self.keys, now).map_err(to_js)?;
            return Ok(results::verified_texts(&verified, payload).into());
        };
        let outcome = cache.verify(&self.validator, token, &self.keys, now).map_err(to_js)?;
        self.answer(token, outcome)
    }

    fn begin_str(&mut self, token: &str, now_ms: f64, host: HostChecks) -> JsResult<JsValue> {
        let now = self.now(now_ms)?;
        let Some(cache) = &mut self.cache else {
            let check = external::prepare_for(token, self.validator.get_limits(), &self.keys, self.validator.algorithms(), host).map_err(to_js)?;
            return match check {
                SignatureCheck::Verified(jws) => Ok(finish_pair(&self.validator, jws, now).map_err(to_js)?.into()),
                SignatureCheck::External(pending) => Ok(RawPending::new(pending, Then::Verifier(now)).into()),
            };
        };
        match cache.begin(&self.validator, token, &self.keys, now, host).map_err(to_js)? {
            Begin::Done(outcome) => self.answer(token, outcome),
            Begin::Pending(pending) => Ok(RawPending::new(pending, Then::Verifier(now)).into()),
        }
    }

}

#[wasm_bindgen(js_class = "RawVerifier")]
impl RawVerifier {
    /// The async first step: as [`verify`](Self::verify), or a
    /// [`RawPending`] for the host (RSA, ECDSA) to finish with
    /// [`complete`](Self::complete) / [`complete_here`](Self::complete_here).
    pub fn begin(&mut self, token: JsValue, now_ms: f64, host: u32) -> JsResult<JsValue> {
        let token = token_text(&token)?;
        self.begin_str(&token, now_ms, host_checks(host))
    }

    /// The host's verdict on a signature from [`begin`](Self::begin).
    pub fn complete(&mut self, pending: RawPending, ok: bool) -> JsResult<JsValue> {
        self.resolve(pending, Some(ok))
    }

    /// Check a signature from [`begin`](Self::begin) in wasm instead.
    #[wasm_bindgen(js_name = "completeHere")]
    pub fn complete_here(&mut self, pending: RawPending) -> JsResult<JsValue> {
        self.resolve(pending, None)
    }

    /// A repeat of a token this verifier answered with entry `code`, without
    /// the token crossing into wasm again: the entry must still be stored
    /// (same stamp) for this key set, allow-list and limits, and its claims
    /// are re-checked at `now_ms` ([`VerifiedCache::hit`]). Returns `code`,
    /// or -1 when the entry is gone (verify the token in full); throws what a
    /// fresh verification would throw for the claims.
    pub fn hit(&mut self, code: f64, now_ms: f64) -> JsResult<f64> {
        let now = self.now(now_ms)?;
        let Some(cache) = &mut self.cache else {
            return Ok(-1.0);
        };
        let Some(slot) = slot_of(code).and_then(|(index, stamp)| cache.slot(index, stamp)) else {
            return Ok(-1.0);
        };
        Ok(match cache.hit(&self.validator, slot, &self.keys, now).map_err(to_js)? {
            Some(slot) => self::code(slot),
            None => -1.0,
        })
    }

    /// `[header, payload]` of a stored entry by its code, or `undefined`.
    pub fn entry(&self, code: f64) -> Option<Array> {
        let (index, stamp) = slot_of(code)?;
        let cache = self.cache.as_ref()?;
        let slot = cache.slot(index, stamp)?;
        let (h, c) = cache.entry(slot)?;
        Some(results::pair(h.text(), &c.as_object().to_json()))
    }
}

impl RawVerifier {
    fn resolve(&mut self, pending: RawPending, host: Option<bool>) -> JsResult<JsValue> {
        let Then::Verifier(now) = pending.then else {
            return Err(to_js(Error::InvalidOptions("this signature does not belong to a verifier")));
        };
        let how = match host {
            Some(ok) => Resolution::Host(ok),
            None => Resolution::Here(&self.keys),
        };
        let Some(cache) = &mut self.cache else {
            let (_, jws) = pending.pending.resolve(how).map_err(to_js)?;
            return Ok(finish_pair(&self.validator, jws, now).map_err(to_js)?.into());
        };
        // the cache keeps the token it is given; the answer needs it too
        let token = String::from(pending.pending.token());
        let outcome = cache.complete(&self.validator, pending.pending, how, now).map_err(to_js)?;
        self.answer(&token, outcome)
    }

    /// The answer for `token`'s successful outcome (texts: see
    /// [`results::verified_pair`]).
    fn answer(&self, token: &str, outcome: Outcome) -> JsResult<JsValue> {
        let (code, pair) = match outcome {
            Outcome::Hit(slot) => return Ok(JsValue::from_f64(code(slot))),
            Outcome::Inserted(slot) => {
                // just inserted, so present
                let (h, c) = self
                    .cache
                    .as_ref()
                    .and_then(|c| c.entry(slot))
                    .ok_or_else(|| to_js(Error::InvalidOptions("cache entry missing after insertion")))?;
                (code(slot), results::verified_pair(token, h, c.as_object()))
            }
            Outcome::Uncached(verified) => (-1.0, jwt_pair(token, &verified)),
        };
        pair.unshift(&JsValue::from_f64(code));
        Ok(pair.into())
    }
}
