//! JSON Web Algorithms (RFC 7518 §3) for signatures: the algorithm names, the
//! caller's allow-list, the binding of each algorithm to one key family, and
//! the signature checks themselves.
//!
//! `none` is not an `Algorithm` at all: it cannot be allowed, selected or
//! verified.

mod bigint;
pub mod ecdsa;
pub mod eddsa;
pub mod hmac;
pub mod rsa;
#[cfg(test)]
mod test_rng;

use core::fmt;

use crate::error::{Error, Reason};

/// A JWS signature algorithm this library verifies (RFC 7518 §3.1, RFC 8037 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::upper_case_acronyms)]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

/// Named elliptic curves for `kty: "EC"` (RFC 7518 §6.2.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    /// The JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
    /// Length in bytes of one coordinate / one signature half (RFC 7518 §3.4).
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }
}

/// The key family an algorithm requires (RFC 7518 §6, RFC 8037 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    /// `kty: "RSA"`
    Rsa,
    /// `kty: "EC"` on this curve
    Ec(Curve),
    /// `kty: "OKP"`, `crv: "Ed25519"`
    Ed25519,
    /// `kty: "oct"`
    Oct,
}

impl Algorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ];

    /// The registered `alg` name (RFC 7518 §3.1).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// Parse an `alg` value exactly (names are case-sensitive, RFC 7515 §4.1.1).
    /// `none` in any spelling is `ERR_JOSE_ALG_NOT_ALLOWED`; anything else we
    /// don't implement is `ERR_JOSE_NOT_SUPPORTED`.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name)
            .ok_or_else(|| {
                if name.eq_ignore_ascii_case("none") {
                    Error::AlgNotAllowed(Reason::AlgNone)
                } else {
                    Error::NotSupported(Reason::AlgUnknown)
                }
            })
    }

    /// The key family this algorithm is bound to.
    pub fn family(self) -> KeyFamily {
        use Algorithm::*;
        match self {
            HS256 | HS384 | HS512 => KeyFamily::Oct,
            RS256 | RS384 | RS512 | PS256 | PS384 | PS512 => KeyFamily::Rsa,
            ES256 => KeyFamily::Ec(Curve::P256),
            ES384 => KeyFamily::Ec(Curve::P384),
            ES512 => KeyFamily::Ec(Curve::P521),
            EdDSA => KeyFamily::Ed25519,
        }
    }

    /// Output length of the algorithm's hash in bytes (the minimum HMAC key
    /// length, RFC 7518 §3.2). EdDSA hashes internally with SHA-512.
    pub fn hash_len(self) -> usize {
        use Algorithm::*;
        match self {
            HS256 | RS256 | PS256 | ES256 => 32,
            HS384 | RS384 | PS384 | ES384 => 48,
            HS512 | RS512 | PS512 | ES512 | EdDSA => 64,
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The caller's algorithm allow-list (RFC 8725 §3.1). Never empty, never `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AlgorithmSet(u16);

impl AlgorithmSet {
    /// An allow-list of these algorithms; an empty list is an error, because
    /// "allow whatever the token says" is exactly the mistake this prevents.
    pub fn new(algs: &[Algorithm]) -> Result<Self, Error> {
        let bits = algs.iter().fold(0u16, |acc, a| acc | a.bit());
        if bits == 0 {
            return Err(Error::InvalidOptions("algorithms must list at least one algorithm"));
        }
        Ok(Self(bits))
    }

    /// An allow-list from `alg` names. `none` or an unknown name is a
    /// configuration error (never silently dropped).
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Self, Error> {
        let mut bits = 0u16;
        for n in names {
            let a = Algorithm::from_name(n.as_ref()).map_err(|e| match e {
                Error::AlgNotAllowed(_) => Error::InvalidOptions("algorithms must not contain \"none\""),
                _ => Error::InvalidOptions("algorithms contains an unsupported algorithm name"),
            })?;
            bits |= a.bit();
        }
        if bits == 0 {
            return Err(Error::InvalidOptions("algorithms must list at least one algorithm"));
        }
        Ok(Self(bits))
    }

    pub fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    /// The algorithms in the set, in `Algorithm::ALL` order.
    pub fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL.into_iter().filter(move |a| self.contains(*a))
    }
}

/// Hash functions used by the signature algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sha {
    Sha256,
    Sha384,
    Sha512,
}

impl Sha {
    pub(crate) fn of(alg: Algorithm) -> Self {
        match alg.hash_len() {
            32 => Sha::Sha256,
            48 => Sha::Sha384,
            _ => Sha::Sha512,
        }
    }
}

/// Validated public (or, for `oct`, secret) key material, ready to verify.
/// Built only through the constructors below, which enforce the import rules.
#[derive(Clone)]
pub enum VerifyingKey {
    Rsa(rsa::RsaPublicKey),
    Ec(ecdsa::EcPublicKey),
    Ed25519(eddsa::Ed25519PublicKey),
    Oct(hmac::HmacKey),
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyingKey::Rsa(k) => write!(f, "Rsa({} bits)", k.modulus_bits()),
            VerifyingKey::Ec(k) => write!(f, "Ec({})", k.curve().name()),
            VerifyingKey::Ed25519(_) => f.write_str("Ed25519"),
            VerifyingKey::Oct(k) => write!(f, "Oct({} bytes, redacted)", k.len()),
        }
    }
}

impl VerifyingKey {
    /// RSA public key from big-endian `n`, `e` (RFC 7518 §6.3.1). Modulus
    /// 2048..=8192 bits and odd; exponent odd, 3..=2^33-1.
    pub fn rsa(n: &[u8], e: &[u8]) -> Result<Self, Reason> {
        rsa::RsaPublicKey::new(n, e).map(VerifyingKey::Rsa).map_err(|err| match err {
            rsa::RsaKeyError::ModulusTooSmall => Reason::RsaModulusTooSmall,
            rsa::RsaKeyError::ModulusTooLarge => Reason::RsaModulusTooLarge,
            rsa::RsaKeyError::ModulusEven => Reason::RsaModulusEven,
            rsa::RsaKeyError::ExponentInvalid => Reason::RsaExponentInvalid,
            rsa::RsaKeyError::Malformed if n.is_empty() => Reason::KeyMemberInvalid("n"),
            rsa::RsaKeyError::Malformed => Reason::KeyMemberInvalid("e"),
        })
    }

    /// EC public key from full-length affine coordinates (RFC 7518 §6.2.1);
    /// the point must be on the curve.
    pub fn ec(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, Reason> {
        ecdsa::EcPublicKey::new(curve, x, y)
            .map(VerifyingKey::Ec)
            .map_err(|_| Reason::EcPointInvalid)
    }

    /// Ed25519 public key (RFC 8037 §2): canonical encoding, not small order.
    pub fn ed25519(x: &[u8]) -> Result<Self, Reason> {
        eddsa::Ed25519PublicKey::new(x).map(VerifyingKey::Ed25519)
    }

    /// HMAC secret (RFC 7518 §3.2): at least 32 bytes (the shortest hash).
    pub fn oct(k: &[u8]) -> Result<Self, Reason> {
        hmac::HmacKey::new(k).map(VerifyingKey::Oct)
    }

    /// The family of this key.
    pub fn family(&self) -> KeyFamily {
        match self {
            VerifyingKey::Rsa(_) => KeyFamily::Rsa,
            VerifyingKey::Ec(k) => KeyFamily::Ec(k.curve()),
            VerifyingKey::Ed25519(_) => KeyFamily::Ed25519,
            VerifyingKey::Oct(_) => KeyFamily::Oct,
        }
    }

    /// Whether `alg` may be used with this key material: same family, and for
    /// HMAC a key at least as long as the hash (RFC 7518 §3.2).
    pub fn fits(&self, alg: Algorithm) -> bool {
        if alg.family() != self.family() {
            return false;
        }
        match self {
            VerifyingKey::Oct(k) => k.len() >= alg.hash_len(),
            _ => true,
        }
    }

    /// Check `sig` over `msg` with `alg`. The caller has already checked
    /// `fits`; a mismatch here is still refused, never coerced.
    pub fn verify(&self, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<(), Error> {
        if !self.fits(alg) {
            return Err(Error::AlgNotAllowed(Reason::AlgKeyMismatch));
        }
        let ok = match (self, alg) {
            (VerifyingKey::Oct(k), _) => k.verify(Sha::of(alg), msg, sig),
            (VerifyingKey::Ec(k), _) => k.verify(msg, sig),
            (VerifyingKey::Ed25519(k), _) => k.verify(msg, sig),
            (VerifyingKey::Rsa(k), Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512) => {
                k.verify_pkcs1v15(rsa_hash(alg), msg, sig)
            }
            (VerifyingKey::Rsa(k), _) => k.verify_pss(rsa_hash(alg), msg, sig),
        };
        if ok { Ok(()) } else { Err(Error::SignatureVerificationFailed) }
    }
}

fn rsa_hash(alg: Algorithm) -> rsa::RsaHash {
    match Sha::of(alg) {
        Sha::Sha256 => rsa::RsaHash::Sha256,
        Sha::Sha384 => rsa::RsaHash::Sha384,
        Sha::Sha512 => rsa::RsaHash::Sha512,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_exact() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()).unwrap(), a);
        }
        for none in ["none", "None", "NONE", "nOnE"] {
            assert_eq!(Algorithm::from_name(none), Err(Error::AlgNotAllowed(Reason::AlgNone)));
        }
        for bad in ["hs256", "RS256 ", "RS256\0", "ES256K", "PBES2-HS256+A128KW", "", "Ed25519", "RSA-OAEP"] {
            assert_eq!(Algorithm::from_name(bad), Err(Error::NotSupported(Reason::AlgUnknown)), "{bad:?}");
        }
    }

    #[test]
    fn allow_list_is_required_and_never_none() {
        assert!(AlgorithmSet::new(&[]).is_err());
        assert!(AlgorithmSet::from_names::<&str>(&[]).is_err());
        assert!(AlgorithmSet::from_names(&["RS256", "none"]).is_err());
        assert!(AlgorithmSet::from_names(&["RS256", "rs256"]).is_err());
        let s = AlgorithmSet::from_names(&["RS256", "EdDSA"]).unwrap();
        assert!(s.contains(Algorithm::RS256) && s.contains(Algorithm::EdDSA));
        assert!(!s.contains(Algorithm::HS256));
        assert_eq!(s.iter().count(), 2);
    }

    #[test]
    fn each_algorithm_has_one_family() {
        assert_eq!(Algorithm::ES384.family(), KeyFamily::Ec(Curve::P384));
        assert_eq!(Algorithm::PS512.family(), KeyFamily::Rsa);
        assert_eq!(Algorithm::HS384.family(), KeyFamily::Oct);
        assert_eq!(Algorithm::EdDSA.family(), KeyFamily::Ed25519);
    }
}
