//! Convenience import of a public key from an SPKI PEM (`-----BEGIN PUBLIC
//! KEY-----`, RFC 7468 §13, RFC 5280 §4.1.2.7) into the same validated [`Jwk`].
//!
//! The DER reader is deliberately narrow and strict: definite, minimal
//! lengths; exactly the SubjectPublicKeyInfo shapes of rsaEncryption
//! (RFC 3279 §2.3.1), id-ecPublicKey with a named curve and an uncompressed
//! point (RFC 5480 §2), and Ed25519 (RFC 8410 §4). Everything else is refused.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Jwk, Params};
use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwa::{Algorithm, Curve};

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

const BEGIN: &str = "-----BEGIN PUBLIC KEY-----";
const END: &str = "-----END PUBLIC KEY-----";

fn bad() -> Error {
    Error::JwkInvalid(Reason::PemInvalid)
}

impl Jwk {
    /// Import an SPKI PEM public key. `kid` and `alg` are attached as if they
    /// were JWK members (the `alg` binding rules then apply as usual).
    pub fn from_spki_pem(pem: &str, kid: Option<String>, alg: Option<Algorithm>) -> Result<Self, Error> {
        let body = pem.trim().strip_prefix(BEGIN).and_then(|r| r.strip_suffix(END)).ok_or_else(bad)?;
        let b64: Vec<u8> = body.bytes().filter(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n')).collect();
        let der = base64url::decode_standard(&b64).map_err(|_| bad())?;
        Self::from_spki_der(&der, kid, alg)
    }

    /// Import a DER SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8], kid: Option<String>, alg: Option<Algorithm>) -> Result<Self, Error> {
        let params = spki_params(der).ok_or_else(bad)?;
        Jwk::from_parts(kid, alg, params).map_err(Error::JwkInvalid)
    }
}

/// A strict DER reader over one buffer.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    /// Read one TLV with the expected tag; returns its contents.
    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (&t, rest) = self.0.split_first()?;
        if t != tag {
            return None;
        }
        let (&l0, rest) = rest.split_first()?;
        let (len, rest) = if l0 < 0x80 {
            (usize::from(l0), rest)
        } else {
            let n = usize::from(l0 & 0x7f);
            if n == 0 || n > 3 || rest.len() < n {
                return None;
            }
            let (lb, rest) = rest.split_at(n);
            if lb[0] == 0 {
                return None; // non-minimal length
            }
            let len = lb.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b));
            if len < 0x80 {
                return None; // long form for a short length
            }
            (len, rest)
        };
        if rest.len() < len {
            return None;
        }
        let (v, rest) = rest.split_at(len);
        self.0 = rest;
        Some(v)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn peek(&self) -> Option<u8> {
        self.0.first().copied()
    }

    /// A positive DER INTEGER, minimal, returned without its sign octet.
    fn positive_integer(&mut self) -> Option<&'a [u8]> {
        let v = self.take(0x02)?;
        match v {
            [] => None,
            [0, next, ..] if *next < 0x80 => None, // non-minimal
            [0, rest @ ..] => Some(rest),
            [first, ..] if *first >= 0x80 => None, // negative
            _ => Some(v),
        }
    }
}

fn spki_params(der: &[u8]) -> Option<Params> {
    let mut outer = Der(der);
    let mut spki = Der(outer.take(0x30)?);
    if !outer.is_empty() {
        return None;
    }
    let mut alg_id = Der(spki.take(0x30)?);
    let bits = spki.take(0x03)?;
    if !spki.is_empty() {
        return None;
    }
    let (&unused, key) = bits.split_first()?;
    if unused != 0 {
        return None;
    }
    let oid = alg_id.take(0x06)?;
    let params = if oid == OID_RSA {
        // parameters: NULL (RFC 3279 §2.3.1); tolerate its absence.
        if alg_id.peek() == Some(0x05) && !alg_id.take(0x05)?.is_empty() {
            return None;
        }
        let mut seq = Der(key);
        let mut rsa = Der(seq.take(0x30)?);
        let n = rsa.positive_integer()?.to_vec();
        let e = rsa.positive_integer()?.to_vec();
        if !rsa.is_empty() || !seq.is_empty() {
            return None;
        }
        Params::Rsa { n, e }
    } else if oid == OID_EC {
        let curve_oid = alg_id.take(0x06)?;
        let crv = match curve_oid {
            c if c == OID_P256 => Curve::P256,
            c if c == OID_P384 => Curve::P384,
            c if c == OID_P521 => Curve::P521,
            _ => return None,
        };
        let len = crv.coordinate_len();
        match key {
            [0x04, xy @ ..] if xy.len() == 2 * len => {
                Params::Ec { crv, x: xy[..len].to_vec(), y: xy[len..].to_vec() }
            }
            _ => return None,
        }
    } else if oid == OID_ED25519 {
        // RFC 8410 §3: parameters MUST be absent.
        Params::Ed25519 { x: key.to_vec() }
    } else {
        return None;
    };
    if !alg_id.is_empty() {
        return None;
    }
    Some(params)
}
