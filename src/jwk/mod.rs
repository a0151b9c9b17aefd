//! JSON Web Keys (RFC 7517) for signature verification, with the key-type
//! members of RFC 7518 §6 and RFC 8037 §2, validated at import.
//!
//! Import rules (each refusal has its own [`Reason`]):
//! - `kty` RSA: `n`, `e` (modulus 2048..=8192 bits, odd; exponent odd, 3..=2^33-1;
//!   no ROCA fingerprint, CVE-2017-15361);
//! - `kty` EC: `crv` P-256/P-384/P-521, `x`, `y` of full length, point on the curve;
//! - `kty` OKP: `crv` Ed25519, canonical `x` that is not of small order;
//! - `kty` oct: `k` of at least 32 bytes (and at least the hash length of its own `alg`);
//! - no private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`) in a public key;
//! - no members of another key type (`kty` RSA with `x`/`y`/`crv`, ...);
//! - `use` must be `sig` and `key_ops` must contain `verify` when present (RFC 7517 §4.2-4.3);
//! - the key's own `alg`, when present, must be a JWS algorithm of this key's family.

pub mod pem;
mod roca;
pub mod set;
pub mod thumbprint;

use alloc::string::String;
use alloc::vec::Vec;

use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwa::{Algorithm, Curve, KeyFamily, VerifyingKey};
use crate::json::{self, Object, Value};

pub use set::JwkSet;

/// Members that only private keys carry (RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2).
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// The canonical public parameters of a key (what RFC 7638 hashes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Params {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ec { crv: Curve, x: Vec<u8>, y: Vec<u8> },
    Ed25519 { x: Vec<u8> },
    Oct { k: Vec<u8> },
}

/// A validated verification key.
#[derive(Clone, Debug)]
pub struct Jwk {
    kid: Option<String>,
    alg: Option<Algorithm>,
    params: Params,
    key: VerifyingKey,
}

/// What importing one JWK of a set produced.
pub(crate) enum Imported {
    /// A key this library verifies with.
    Usable(alloc::boxed::Box<Jwk>),
    /// A well-formed key that is not for JWS verification (encryption key,
    /// other algorithm, unsupported key type). Kept out of every lookup.
    Skipped { kid: Option<String>, reason: Reason },
}

fn member_bytes(o: &Object, name: &'static str) -> Result<Vec<u8>, Reason> {
    let v = o.get(name).ok_or(Reason::KeyMemberMissing(name))?;
    let s = v.as_str().ok_or(Reason::KeyMemberInvalid(name))?;
    base64url::decode(s.as_bytes()).map_err(|_| Reason::KeyMemberInvalid(name))
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[i..]
}

fn reject_members(o: &Object, names: &[&'static str]) -> Result<(), Reason> {
    match names.iter().find(|n| o.contains_key(n)) {
        Some(n) => Err(Reason::KeyMemberInvalid(n)),
        None => Ok(()),
    }
}

impl Jwk {
    /// Parse one JWK from JSON text and validate it for verification.
    /// Every refusal is `ERR_JWK_INVALID` with a specific reason.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let obj = json::parse_object(text.as_bytes(), 8)
            .map_err(|e| Error::JwkInvalid(Reason::Json(e)))?
            .ok_or(Error::JwkInvalid(Reason::NotAnObject))?;
        Self::from_object(&obj)
    }

    /// Validate one JWK object for verification. A key that is well-formed
    /// but not usable for JWS verification (`use: "enc"`, `key_ops` without
    /// `verify`, an encryption `alg`, X25519, ...) is refused here too.
    pub fn from_object(obj: &Object) -> Result<Self, Error> {
        match import(obj).map_err(Error::JwkInvalid)? {
            Imported::Usable(k) => Ok(*k),
            Imported::Skipped { reason, .. } => Err(Error::JwkInvalid(reason)),
        }
    }

    /// Build a key from validated material (used by the PEM import).
    pub(crate) fn from_parts(kid: Option<String>, alg: Option<Algorithm>, params: Params) -> Result<Self, Reason> {
        let key = match &params {
            Params::Rsa { n, e } => VerifyingKey::rsa(n, e)?,
            Params::Ec { crv, x, y } => VerifyingKey::ec(*crv, x, y)?,
            Params::Ed25519 { x } => VerifyingKey::ed25519(x)?,
            Params::Oct { k } => VerifyingKey::oct(k)?,
        };
        // CVE-2017-15361: a modulus from the vulnerable generator can be factored.
        if let Params::Rsa { n, .. } = &params
            && roca::has_fingerprint(strip_leading_zeros(n))
        {
            return Err(Reason::RsaRocaVulnerable);
        }
        if let Some(a) = alg {
            if a.family() != key.family() {
                return Err(Reason::KeyAlgMismatch);
            }
            if !key.fits(a) {
                return Err(Reason::HmacKeyTooShort);
            }
        }
        let params = match params {
            Params::Rsa { n, e } => Params::Rsa {
                n: strip_leading_zeros(&n).to_vec(),
                e: strip_leading_zeros(&e).to_vec(),
            },
            p => p,
        };
        Ok(Jwk { kid, alg, params, key })
    }

    /// An HMAC key from raw secret bytes (at least 32).
    pub fn from_secret(k: &[u8], kid: Option<String>, alg: Option<Algorithm>) -> Result<Self, Error> {
        Self::from_parts(kid, alg, Params::Oct { k: k.to_vec() }).map_err(Error::JwkInvalid)
    }

    /// The key ID (`kid`), compared as an opaque string.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The key's own `alg`, if it declares one.
    pub fn alg(&self) -> Option<Algorithm> {
        self.alg
    }

    /// The key family (kty + crv).
    pub fn family(&self) -> KeyFamily {
        self.key.family()
    }

    /// `kty` value.
    pub fn kty(&self) -> &'static str {
        match self.params {
            Params::Rsa { .. } => "RSA",
            Params::Ec { .. } => "EC",
            Params::Ed25519 { .. } => "OKP",
            Params::Oct { .. } => "oct",
        }
    }

    /// `crv` value, for EC and OKP keys.
    pub fn crv(&self) -> Option<&'static str> {
        match self.params {
            Params::Ec { crv, .. } => Some(crv.name()),
            Params::Ed25519 { .. } => Some("Ed25519"),
            _ => None,
        }
    }

    /// Whether this is a symmetric (`oct`) key.
    pub fn is_symmetric(&self) -> bool {
        matches!(self.params, Params::Oct { .. })
    }

    /// RFC 8725 §3.1: `alg` may be used with this key only if it is of the
    /// key's family, equals the key's own `alg` when it has one, and (HMAC)
    /// the key is at least as long as the hash.
    pub fn check_algorithm(&self, alg: Algorithm) -> Result<(), Error> {
        let own_ok = self.alg.is_none_or(|a| a == alg);
        if own_ok && self.key.fits(alg) {
            Ok(())
        } else {
            Err(Error::AlgNotAllowed(Reason::AlgKeyMismatch))
        }
    }

    /// Verify `sig` over `msg` with `alg` after the algorithm/key binding check.
    pub fn verify(&self, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        self.check_algorithm(alg)?;
        self.key.verify(alg, msg, sig)
    }

    pub(crate) fn params(&self) -> &Params {
        &self.params
    }

    /// The validated key material.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// The public JWK as a JSON object (secret `k` is never included).
    pub fn to_public_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("kty", Value::from(self.kty()));
        match &self.params {
            Params::Rsa { n, e } => {
                o.insert("n", base64url::encode(n).into());
                o.insert("e", base64url::encode(e).into());
            }
            Params::Ec { crv, x, y } => {
                o.insert("crv", crv.name().into());
                o.insert("x", base64url::encode(x).into());
                o.insert("y", base64url::encode(y).into());
            }
            Params::Ed25519 { x } => {
                o.insert("crv", "Ed25519".into());
                o.insert("x", base64url::encode(x).into());
            }
            Params::Oct { .. } => {}
        }
        if let Some(kid) = &self.kid {
            o.insert("kid", kid.as_str().into());
        }
        if let Some(a) = self.alg {
            o.insert("alg", a.name().into());
        }
        o
    }
}

/// Classify and validate one JWK object (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2).
/// `Err` = malformed or weak (a set containing it is refused);
/// `Skipped` = well-formed but not a JWS verification key.
pub(crate) fn import(o: &Object) -> Result<Imported, Reason> {
    let kty = match o.get("kty") {
        None => return Err(Reason::KeyMemberMissing("kty")),
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(Reason::KeyMemberInvalid("kty")),
    };
    let kid = match o.get("kid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Reason::KeyMemberInvalid("kid")),
    };
    let skip = |reason| Ok(Imported::Skipped { kid: kid.clone(), reason });

    // RFC 7517 §4.2 `use`
    match o.get("use") {
        None => {}
        Some(Value::String(u)) if u == "sig" => {}
        Some(Value::String(_)) => return skip(Reason::KeyNotForVerification),
        Some(_) => return Err(Reason::KeyMemberInvalid("use")),
    }
    // RFC 7517 §4.3 `key_ops`: array of unique strings
    if let Some(ops) = o.get("key_ops") {
        let ops = ops.as_array().ok_or(Reason::KeyMemberInvalid("key_ops"))?;
        let mut names: Vec<&str> = Vec::with_capacity(ops.len());
        for op in ops {
            let s = op.as_str().ok_or(Reason::KeyMemberInvalid("key_ops"))?;
            if names.contains(&s) {
                return Err(Reason::KeyMemberInvalid("key_ops"));
            }
            names.push(s);
        }
        if !names.contains(&"verify") {
            return skip(Reason::KeyNotForVerification);
        }
    }
    // RFC 7517 §4.4 `alg`: a JWS algorithm of ours, or the key is not for us.
    let alg = match o.get("alg") {
        None => None,
        Some(Value::String(a)) => match Algorithm::from_name(a) {
            Ok(a) => Some(a),
            Err(_) => return skip(Reason::KeyAlgUnsupported),
        },
        Some(_) => return Err(Reason::KeyMemberInvalid("alg")),
    };

    let params = match kty {
        "RSA" => {
            reject_members(o, &["crv", "x", "y", "k"])?;
            reject_private(o)?;
            Params::Rsa { n: member_bytes(o, "n")?, e: member_bytes(o, "e")? }
        }
        "EC" => {
            reject_members(o, &["n", "e", "k"])?;
            let crv = match o.get("crv") {
                None => return Err(Reason::KeyMemberMissing("crv")),
                Some(Value::String(c)) => match Curve::from_name(c) {
                    Some(c) => c,
                    None => return skip(Reason::KeyTypeUnsupported),
                },
                Some(_) => return Err(Reason::KeyMemberInvalid("crv")),
            };
            reject_private(o)?;
            Params::Ec { crv, x: member_bytes(o, "x")?, y: member_bytes(o, "y")? }
        }
        "OKP" => {
            reject_members(o, &["n", "e", "k", "y"])?;
            match o.get("crv") {
                None => return Err(Reason::KeyMemberMissing("crv")),
                Some(Value::String(c)) if c == "Ed25519" => {}
                // X25519/X448 are key-agreement keys; Ed448 is not implemented.
                Some(Value::String(_)) => return skip(Reason::KeyTypeUnsupported),
                Some(_) => return Err(Reason::KeyMemberInvalid("crv")),
            }
            reject_private(o)?;
            Params::Ed25519 { x: member_bytes(o, "x")? }
        }
        "oct" => {
            reject_members(o, &["n", "e", "crv", "x", "y"])?;
            Params::Oct { k: member_bytes(o, "k")? }
        }
        _ => return skip(Reason::KeyTypeUnsupported),
    };
    Jwk::from_parts(kid, alg, params).map(|k| Imported::Usable(alloc::boxed::Box::new(k)))
}

fn reject_private(o: &Object) -> Result<(), Reason> {
    if PRIVATE_MEMBERS.iter().any(|m| o.contains_key(m)) {
        Err(Reason::PrivateKeyMaterial)
    } else {
        Ok(())
    }
}

/// Check `sig` over `msg` with `alg` and one JWK — the raw primitive entry
/// point (for conformance vectors). Applies the same key import rules and
/// algorithm/key binding as token verification.
pub fn verify_signature(alg: Algorithm, jwk: &Jwk, msg: &[u8], sig: &[u8]) -> bool {
    jwk.verify(alg, msg, sig).is_ok()
}
