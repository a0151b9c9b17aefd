//! JWK Sets (RFC 7517 §5) and key selection for a token.
//!
//! Selection rules (RFC 7515 §4.1.4, RFC 8725 §3.1):
//! - token with `kid`: the keys whose `kid` equals it byte for byte; exactly
//!   one must exist (two keys sharing a `kid` is an ambiguity, refused), and the
//!   token's `alg` must fit that key;
//! - token without `kid`: the keys whose family fits the `alg`; exactly one
//!   must exist.
//! - a set mixing symmetric (`oct`) and asymmetric keys is refused outright
//!   (at import, and at selection for sets built from keys): a published key
//!   set holding a shared secret leaks it, and one holding both is the setup
//!   of every algorithm-confusion attack (RFC 8725 §2.1, §3.1).

use alloc::string::String;
use alloc::vec::Vec;

use super::{Imported, Jwk, import};
use crate::error::{Error, Reason};
use crate::jwa::Algorithm;
use crate::json::{self, Object, Value};

/// Largest key set document accepted (bytes).
pub const MAX_JWKS_LEN: usize = 1 << 20;
/// Most keys accepted in one set.
pub const MAX_KEYS: usize = 256;

/// A validated set of verification keys, indexed by `kid`.
#[derive(Clone, Debug)]
pub struct JwkSet {
    keys: Vec<Jwk>,
    /// Well-formed keys that are not for JWS verification, with the reason.
    skipped: Vec<(Option<String>, Reason)>,
    /// Identity of this set's contents (see [`JwkSet::identity`]). Every
    /// constructor draws a fresh one; a clone keeps it (same keys, same
    /// verdicts). A method that changed `keys` would have to draw a new one.
    identity: u64,
}

impl Default for JwkSet {
    fn default() -> Self {
        JwkSet { keys: Vec::new(), skipped: Vec::new(), identity: next_identity() }
    }
}

/// A process-wide counter: identities are never reused while the process
/// lives (2^64 sets), so a cache entry recorded for one set can never be
/// mistaken for another set's (also the identity of an IUA verifier, for its
/// cache: `profiles::iua::IuaCache`).
pub(crate) fn next_identity() -> u64 {
    use core::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl JwkSet {
    /// Parse and validate `{"keys":[...]}`. A malformed or weak key fails the
    /// whole set (`ERR_JWKS_INVALID` with its index and reason); keys that are
    /// well-formed but not for signatures (`use: "enc"`, RSA-OAEP, X25519, ...)
    /// are kept out of every lookup.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_JWKS_LEN {
            return Err(Error::JwksInvalid { index: None, reason: Reason::TooLarge });
        }
        let obj = json::parse_object(text.as_bytes(), 8)
            .map_err(|e| Error::JwksInvalid { index: None, reason: Reason::Json(e) })?
            .ok_or(Error::JwksInvalid { index: None, reason: Reason::KeySetShape })?;
        Self::from_object(&obj)
    }

    /// Validate an already-parsed `{"keys":[...]}` object.
    pub fn from_object(obj: &Object) -> Result<Self, Error> {
        let keys = obj
            .get("keys")
            .and_then(Value::as_array)
            .ok_or(Error::JwksInvalid { index: None, reason: Reason::KeySetShape })?;
        if keys.len() > MAX_KEYS {
            return Err(Error::JwksInvalid { index: None, reason: Reason::TooLarge });
        }
        let mut set = JwkSet::default();
        for (index, k) in keys.iter().enumerate() {
            let o = k.as_object().ok_or(Error::JwksInvalid { index: Some(index), reason: Reason::NotAnObject })?;
            match import(o).map_err(|reason| Error::JwksInvalid { index: Some(index), reason })? {
                Imported::Usable(jwk) => set.keys.push(*jwk),
                Imported::Skipped { kid, reason } => set.skipped.push((kid, reason)),
            }
        }
        if set.is_mixed() {
            return Err(Error::JwksInvalid { index: None, reason: Reason::MixedKeyTypes });
        }
        Ok(set)
    }

    /// A set of already-validated keys.
    pub fn from_keys(keys: Vec<Jwk>) -> Self {
        JwkSet { keys, skipped: Vec::new(), identity: next_identity() }
    }

    /// A set holding one key.
    pub fn single(key: Jwk) -> Self {
        Self::from_keys(alloc::vec![key])
    }

    /// The identity of this key set: unique per constructed set in this
    /// process (clones share it, as they hold the same keys). The
    /// verified-token cache ([`crate::jwt::cache`]) keys its entries on it, so
    /// a token verified with one set is never served for another (key
    /// rotation means a new set, hence a new identity).
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// Verification keys in document order.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Number of well-formed keys that were set aside as not for verification.
    pub fn skipped_len(&self) -> usize {
        self.skipped.len()
    }

    /// Whether any verification key has this `kid`.
    pub fn contains_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid() == Some(kid))
    }

    /// Whether the set holds both secret (`oct`) and public keys.
    fn is_mixed(&self) -> bool {
        self.keys.iter().any(Jwk::is_symmetric) && self.keys.iter().any(|k| !k.is_symmetric())
    }

    /// Select the one key for a token's `kid` and `alg` (module docs).
    pub fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&Jwk, Error> {
        self.select_index(kid, alg).map(|i| &self.keys[i])
    }

    /// As [`select`](Self::select), returning the key's position in [`keys`](Self::keys).
    pub fn select_index(&self, kid: Option<&str>, alg: Algorithm) -> Result<usize, Error> {
        if self.is_mixed() {
            return Err(Error::MultipleMatchingKeys(Reason::MixedKeyTypes));
        }
        match kid {
            Some(kid) => {
                let mut found = self.keys.iter().enumerate().filter(|(_, k)| k.kid() == Some(kid));
                let Some((i, key)) = found.next() else {
                    let reason = match self.skipped.iter().find(|(k, _)| k.as_deref() == Some(kid)) {
                        Some(_) => Reason::KeyNotForVerification,
                        None => Reason::NoKeyForKid,
                    };
                    return Err(Error::NoMatchingKey(reason));
                };
                if found.next().is_some() {
                    return Err(Error::MultipleMatchingKeys(Reason::DuplicateKid));
                }
                key.check_algorithm(alg)?;
                Ok(i)
            }
            None => {
                let mut fits = self.keys.iter().enumerate().filter(|(_, k)| k.check_algorithm(alg).is_ok());
                let Some((i, _)) = fits.next() else {
                    return Err(Error::NoMatchingKey(Reason::NoKeyForAlg));
                };
                if fits.next().is_some() {
                    return Err(Error::MultipleMatchingKeys(Reason::AmbiguousKey));
                }
                Ok(i)
            }
        }
    }
}
