//! Signatures checked by the host's primitive (WebCrypto) instead of in this
//! crate, with every other step of RFC 7515 §5.2 still done here.
//!
//! [`prepare`] parses the token, applies the header rules, the caller's
//! allow-list and key selection exactly as [`UntrustedJws::verify`](super::UntrustedJws::verify) does, and
//! then either
//! - checks the signature itself ([`SignatureCheck::Verified`]) — for HMAC
//!   and Ed25519 unless the caller asks otherwise ([`HostChecks::WITH_ED25519`]:
//!   host implementations differ in strictness, and most are slower than
//!   this crate; [`HostChecks::with_hmac`]), or
//! - hands out a [`PendingSignature`]: the algorithm, the index of the
//!   selected key, and the exact signing input and signature bytes, for RSA
//!   (RS*, PS* with a salt of hash length) and ECDSA (ES*, raw `r || s`), and
//!   Ed25519 and HMAC when asked.
//!
//! A [`PendingSignature`] becomes a [`Verified`] value only through
//! [`PendingSignature::complete`] with the host's verdict (`false` is
//! `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`, exactly as here), or through
//! [`PendingSignature::verify_here`] (no host primitive, or it refused the
//! key). There is no other way to a `Verified` value: skipping the check
//! means passing `true` for a check that was never made, which this API names
//! explicitly.
//!
//! Same verdicts as the in-crate primitive: the structural rules that a
//! host's primitive might apply differently are checked here first — an RSA
//! signature must be exactly the modulus length and below the modulus
//! (RFC 8017 §8.2.2 step 1, §5.2.2), an ECDSA signature exactly twice the
//! coordinate length with `r`, `s` in `[1, n-1]` (RFC 7518 §3.4), an Ed25519
//! signature 64 bytes with `S < L` and an `R` that is no encoding of a point
//! of small order (what `verify_strict` requires; an `R` that encodes no
//! point at all fails the host's equation as it fails ours), an HMAC tag
//! exactly the hash's length (no truncation, RFC 7518 §3.2) — and fail here
//! without reaching the host.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Header, Limits, Verified, parse};
use crate::error::{Error, Reason};
use crate::jwa::{Algorithm, AlgorithmSet, KeyFamily, VerifyingKey};
use crate::jwk::JwkSet;
use crate::jwk::Params;

/// Outcome of [`prepare`].
#[derive(Debug)]
pub enum SignatureCheck {
    /// The signature was checked here (HMAC, Ed25519) and is valid.
    Verified(Verified<Vec<u8>>),
    /// The signature is to be checked by the host (RSA, ECDSA).
    External(PendingSignature),
}

/// A token whose header, allow-list and key selection passed, waiting for
/// the host's verdict on its signature. Owns the exact token text.
#[derive(Debug)]
pub struct PendingSignature {
    token: String,
    signing_input_len: usize,
    header: Header,
    payload: Vec<u8>,
    signature: Vec<u8>,
    key_index: usize,
    key_set: u64,
    algorithms: AlgorithmSet,
    limits: Limits,
}

/// Whether the host may check signatures of this algorithm (RSA and ECDSA:
/// WebCrypto's RSASSA-PKCS1-v1_5, RSA-PSS and ECDSA with IEEE P1363 `r || s`;
/// Ed25519 only when [`HostChecks::WITH_ED25519`] asks for it).
pub fn host_checkable(alg: Algorithm) -> bool {
    HostChecks::RSA_ECDSA.includes(alg)
}

/// Which signatures [`prepare_for`] hands to the host; the others are
/// checked here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostChecks {
    ed25519: bool,
    hmac: bool,
}

impl HostChecks {
    /// RSA and ECDSA: every WebCrypto has them, and checks them several times
    /// faster than this crate does in wasm. The default ([`prepare`]).
    pub const RSA_ECDSA: Self = Self { ed25519: false, hmac: false };
    /// RSA, ECDSA and Ed25519 (RFC 8032 §5.1.7). For hosts whose Ed25519 is
    /// the cofactorless RFC 8032 check with `S < L` (BoringSSL's, in
    /// workerd) and faster than this crate's. Verdicts stay identical to
    /// [`Ed25519PublicKey::verify`](crate::jwa::eddsa::Ed25519PublicKey):
    /// what such hosts may let through and `verify_strict` refuses — `S >= L`,
    /// an `R` of small order (BoringSSL accepts `R` = identity) — is refused
    /// here before the host sees it; the key itself was checked at import
    /// (canonical, not of small order); both sides then test the same
    /// equation `[S]B = R + [k]A`, comparing the canonical encoding of
    /// `[S]B - [k]A` with the bytes of `R` (so an `R` that encodes no point,
    /// or not canonically, fails on both).
    pub const WITH_ED25519: Self = Self { ed25519: true, hmac: false };

    /// These, and HMAC (RFC 7518 §3.2: HS256, HS384, HS512) too. For hosts
    /// whose HMAC is native and much faster per byte than this crate's
    /// (workerd's BoringSSL: the tag is one call, where wasm hashes the
    /// whole signing input in software). Verdicts stay identical: the key's
    /// minimum length was checked at import, the key and `alg` are bound
    /// here, a tag of any length but the hash's is refused here, and the host
    /// compares the full tag it computes with the token's (W3C WebCrypto,
    /// HMAC "verify"; BoringSSL in constant time). The host must hold the
    /// secret for this: a non-extractable key imported from it.
    pub const fn with_hmac(self) -> Self {
        Self { hmac: true, ..self }
    }

    /// Whether signatures of `alg` go to the host.
    pub fn includes(self, alg: Algorithm) -> bool {
        match alg.family() {
            KeyFamily::Rsa | KeyFamily::Ec(_) => true,
            KeyFamily::Ed25519 => self.ed25519,
            KeyFamily::Oct => self.hmac,
        }
    }
}

/// RFC 7515 §5.2 up to the signature: parse (with `limits`), header rules,
/// allow-list, key selection in `keys`. Then the signature is checked here
/// for HMAC and Ed25519, and prepared for the host for RSA and ECDSA.
pub fn prepare(token: &str, limits: &Limits, keys: &JwkSet, algorithms: AlgorithmSet) -> Result<SignatureCheck, Error> {
    prepare_for(token, limits, keys, algorithms, HostChecks::RSA_ECDSA)
}

/// [`prepare`], handing the signatures of the algorithms in `host` to the host.
pub fn prepare_for(token: &str, limits: &Limits, keys: &JwkSet, algorithms: AlgorithmSet, host: HostChecks) -> Result<SignatureCheck, Error> {
    let jws = parse(token, limits)?;
    let index = jws.select_key(keys, algorithms)?;
    let signing_input_len = jws.signing_input().len();
    let alg = jws.header().alg();
    let key = &keys.keys()[index];
    if !host.includes(alg) {
        key.verify(alg, jws.signing_input().as_bytes(), jws.signature())?;
        let (header, payload, _) = jws.into_parts();
        return Ok(SignatureCheck::Verified(Verified::new(header, payload, index)));
    }
    // the binding was checked by select_key; stay explicit
    key.check_algorithm(alg)?;
    if !well_formed(alg, key.verifying_key(), key.params(), jws.signature()) {
        return Err(Error::SignatureVerificationFailed);
    }
    let (header, payload, signature) = jws.into_parts();
    Ok(SignatureCheck::External(PendingSignature {
        token: String::from(token),
        signing_input_len,
        header,
        payload,
        signature,
        key_index: index,
        key_set: keys.identity(),
        algorithms,
        limits: *limits,
    }))
}

/// RFC 8017 §8.2.2 / §8.1.2 step 1 and §5.2.2 step 1 (RSA: length `k`,
/// `s < n`); RFC 7518 §3.4 (ECDSA: `2 × coordinate length`, `r`, `s` in
/// `[1, n-1]`); RFC 8032 §5.1.7 (Ed25519: 64 bytes, `S < L`, `R` no
/// encoding of a point of small order); RFC 7518 §3.2 (HMAC: the hash's
/// length). A signature failing these is invalid whatever the host says.
fn well_formed(alg: Algorithm, key: &VerifyingKey, params: &Params, sig: &[u8]) -> bool {
    match (key, params) {
        (VerifyingKey::Oct(_), _) => sig.len() == alg.hash_len(),
        (VerifyingKey::Rsa(k), Params::Rsa { n, .. }) => {
            // `n` is stored without leading zeros, so its length is k
            sig.len() == k.modulus_len() && n.len() == sig.len() && sig < n.as_slice()
        }
        (VerifyingKey::Ec(k), _) => k.signature_well_formed(sig),
        (VerifyingKey::Ed25519(k), _) => k.signature_well_formed(sig),
        _ => false,
    }
}

impl PendingSignature {
    /// The token's `alg` (an algorithm of a family the caller's
    /// [`HostChecks`] hands to the host).
    pub fn algorithm(&self) -> Algorithm {
        self.header.alg()
    }

    /// Position of the selected key in the key set's `keys()`.
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// [`JwkSet::identity`] of the set the key was selected from.
    pub fn key_set(&self) -> u64 {
        self.key_set
    }

    /// The allow-list the token passed.
    pub fn algorithms(&self) -> AlgorithmSet {
        self.algorithms
    }

    /// The limits the token was parsed with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The exact token text.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// `ASCII(BASE64URL(header) "." BASE64URL(payload))` (RFC 7515 §5.2 step 8):
    /// the bytes the host must verify.
    pub fn signing_input(&self) -> &[u8] {
        &self.token.as_bytes()[..self.signing_input_len]
    }

    /// The decoded signature bytes (RSA: `k` octets; ECDSA: `r || s`;
    /// Ed25519: `R || S`; HMAC: the tag).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The host's verdict on [`signature`](Self::signature) over
    /// [`signing_input`](Self::signing_input) with key
    /// `keys()[key_index()]` and [`algorithm`](Self::algorithm) (PS*: salt
    /// length = hash length). `false` is a signature failure, as here.
    pub fn complete(self, signature_valid: bool) -> Result<Verified<Vec<u8>>, Error> {
        self.resolve(Resolution::Host(signature_valid)).map(|(_, v)| v)
    }

    /// Check the signature here instead (no host primitive available, or the
    /// host refused to import the key). `keys` must be the set it was
    /// prepared with.
    pub fn verify_here(self, keys: &JwkSet) -> Result<Verified<Vec<u8>>, Error> {
        self.resolve(Resolution::Here(keys)).map(|(_, v)| v)
    }

    /// [`complete`](Self::complete) or [`verify_here`](Self::verify_here),
    /// keeping what the verified-token cache records about the check.
    pub(crate) fn resolve(self, how: Resolution<'_>) -> Result<(Provenance, Verified<Vec<u8>>), Error> {
        match how {
            Resolution::Host(true) => {}
            Resolution::Host(false) => return Err(Error::SignatureVerificationFailed),
            Resolution::Here(keys) => {
                if keys.identity() != self.key_set {
                    return Err(Error::InvalidOptions("the key set differs from the one the token was prepared with"));
                }
                let key = keys.keys().get(self.key_index).ok_or(Error::NoMatchingKey(Reason::NoKeyForKid))?;
                key.verify(self.header.alg(), self.signing_input(), &self.signature)?;
            }
        }
        let provenance = Provenance { token: self.token, key_set: self.key_set, algorithms: self.algorithms, limits: self.limits };
        Ok((provenance, Verified::new(self.header, self.payload, self.key_index)))
    }
}

/// How a [`PendingSignature`]'s signature is decided.
#[derive(Clone, Copy, Debug)]
pub enum Resolution<'k> {
    /// The host's verdict.
    Host(bool),
    /// Checked here with the set the token was prepared with.
    Here(&'k JwkSet),
}

/// What a signature check depended on: the exact token, the key set, the
/// allow-list and the parsing limits (the verified-token cache's key).
#[derive(Debug)]
pub(crate) struct Provenance {
    pub(crate) token: String,
    pub(crate) key_set: u64,
    pub(crate) algorithms: AlgorithmSet,
    pub(crate) limits: Limits,
}
