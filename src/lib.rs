//! # tokencheck
//!
//! A strict verification core for JSON Web Tokens: compact JWS (RFC 7515),
//! JWK/JWKS (RFC 7517/7518/8037), JWT claims (RFC 7519) and the profiles
//! built on them. `#![no_std]` + `alloc`, no `unsafe`, no clock and no RNG
//! inside: time is a parameter and randomness comes from the caller.
//!
//! ```
//! use tokencheck::{AlgorithmSet, Algorithm, JwkSet, UnixTime, Validator};
//! let keys = JwkSet::from_json(r#"{"keys":[{"kty":"oct","kid":"k1",
//!     "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#).unwrap();
//! // a well-formed token whose signature (32 zero bytes) is forged
//! let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJleHAiOjIwMDAwMDAwMDB9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
//! let v = Validator::new(AlgorithmSet::new(&[Algorithm::HS256]).unwrap()).issuer("https://as.example");
//! // a forged signature is refused with a stable code
//! let err = v.verify(token, &keys, UnixTime::from_secs(1_700_000_000)).unwrap_err();
//! assert_eq!(err.code(), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// Strict base64url (RFC 4648 §5): `src/base64url.rs`, built as the
/// `tokencheck-base64url` crate (crates/base64url/Cargo.toml says why).
pub use tokencheck_base64url as base64url;
pub mod error;
/// Strict JSON (RFC 8259): `src/json.rs`, built as the `tokencheck-json` crate
/// (crates/json/Cargo.toml says why).
pub use tokencheck_json as json;
pub mod jwa;
pub mod jwk;
pub mod jws;
pub mod jwt;
pub mod lti11;
pub mod oauth;
pub mod profiles;
pub mod report;
mod substr;
#[cfg(feature = "wasm")]
pub mod wasm;

/// The no_std wasm build (the npm package: `--no-default-features --features
/// wasm`) names its allocator: dlmalloc, the one std uses on wasm32.
#[cfg(all(feature = "wasm", not(feature = "std"), target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// A panic in the no_std wasm build traps (`unreachable`), as std's
/// `panic = "abort"` does after formatting a message nobody reads; the JS
/// caller gets a `WebAssembly.RuntimeError`. (No input reaches a panic: every
/// hostile input has its own error code, tests/attacks.rs.)
#[cfg(all(feature = "wasm", not(feature = "std"), target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

pub use error::{Error, Reason, Result};
pub use jwa::{Algorithm, AlgorithmSet, Curve, KeyFamily};
pub use jwk::{Jwk, JwkSet, verify_signature};
pub use jws::sign::SigningKey;
pub use jws::{Header, Limits, UntrustedJws, Verified};
pub use jwt::{Claims, TypPolicy, UnixTime, Validator};
