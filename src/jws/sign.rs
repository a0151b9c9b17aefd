//! Producing compact JWS (RFC 7515 §5.1) for the few places a verifier's
//! side signs: LTI Deep Linking responses (ES*), signed `state` / LTI 1.1.2
//! `tool_state` (HS256), and sample/test tokens.
//!
//! ECDSA uses deterministic nonces (RFC 6979), so no RNG is needed here.

use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "ec-sign")]
use p256::ecdsa::signature::hazmat::PrehashSigner;
#[cfg(feature = "ec-sign")]
use sha2::Digest;
#[cfg(any(feature = "ec-sign", feature = "rsa-sign"))]
use sha2::{Sha256, Sha384, Sha512};

use crate::base64url;
use crate::error::{Error, Reason};
use crate::jwa::hmac::HmacKey;
#[cfg(feature = "ec-sign")]
use crate::jwa::Curve;
use crate::jwa::{Algorithm, Sha};
use crate::json::{self, Object, Value};

/// A private key that can sign for exactly one algorithm.
#[derive(Clone)]
pub struct SigningKey {
    alg: Algorithm,
    kid: Option<String>,
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Hmac(HmacKey),
    #[cfg(feature = "ec-sign")]
    P256(p256::ecdsa::SigningKey),
    #[cfg(feature = "ec-sign")]
    P384(p384::ecdsa::SigningKey),
    #[cfg(feature = "ec-sign")]
    P521(p521::ecdsa::SigningKey),
    // Boxed: 224 bytes, and without `ec-sign` the other variants are small.
    Ed25519(alloc::boxed::Box<ed25519_dalek::SigningKey>),
    #[cfg(feature = "rsa-sign")]
    Rsa(alloc::boxed::Box<RsaSigner>),
}

/// One RSASSA-PKCS1-v1_5 signer per hash (the key's `alg` fixes it).
#[cfg(feature = "rsa-sign")]
#[derive(Clone)]
enum RsaSigner {
    Sha256(rsa::pkcs1v15::SigningKey<Sha256>),
    Sha384(rsa::pkcs1v15::SigningKey<Sha384>),
    Sha512(rsa::pkcs1v15::SigningKey<Sha512>),
}

impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SigningKey({}, kid={:?}, redacted)", self.alg, self.kid)
    }
}

fn member(o: &Object, name: &'static str) -> Result<Vec<u8>, Error> {
    let s = o.get_str(name).ok_or(Error::JwkInvalid(Reason::KeyMemberMissing(name)))?;
    base64url::decode(s.as_bytes()).map_err(|_| Error::JwkInvalid(Reason::KeyMemberInvalid(name)))
}

impl SigningKey {
    /// An HMAC signing key (RFC 7518 §3.2: at least the hash length).
    pub fn hmac(secret: &[u8], alg: Algorithm, kid: Option<String>) -> Result<Self, Error> {
        if !matches!(alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
            return Err(Error::AlgNotAllowed(Reason::AlgKeyMismatch));
        }
        if secret.len() < alg.hash_len() {
            return Err(Error::JwkInvalid(Reason::HmacKeyTooShort));
        }
        let key = HmacKey::new(secret).map_err(Error::JwkInvalid)?;
        Ok(SigningKey { alg, kid, inner: Inner::Hmac(key) })
    }

    /// A private JWK (EC with `d`, OKP Ed25519 with `d`, or `oct`). The
    /// algorithm is the JWK's `alg` or, when absent, `default_alg`; it must fit.
    pub fn from_jwk(text: &str, default_alg: Option<Algorithm>) -> Result<Self, Error> {
        let o = json::parse_object(text.as_bytes(), 8)
            .map_err(|e| Error::JwkInvalid(Reason::Json(e)))?
            .ok_or(Error::JwkInvalid(Reason::NotAnObject))?;
        Self::from_jwk_object(&o, default_alg)
    }

    /// As [`from_jwk`](Self::from_jwk), from a parsed object.
    pub fn from_jwk_object(o: &Object, default_alg: Option<Algorithm>) -> Result<Self, Error> {
        let kid = match o.get("kid") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(Error::JwkInvalid(Reason::KeyMemberInvalid("kid"))),
        };
        let alg = match o.get("alg") {
            Some(Value::String(a)) => Algorithm::from_name(a).map_err(|_| Error::JwkInvalid(Reason::KeyAlgUnsupported))?,
            Some(_) => return Err(Error::JwkInvalid(Reason::KeyMemberInvalid("alg"))),
            None => default_alg.ok_or(Error::JwkInvalid(Reason::KeyMemberMissing("alg")))?,
        };
        let inner = match (o.get_str("kty"), alg) {
            (Some("oct"), _) => return Self::hmac(&member(o, "k")?, alg, kid),
            #[cfg(feature = "ec-sign")]
            (Some("EC"), Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512) => {
                let want = match alg {
                    Algorithm::ES256 => Curve::P256,
                    Algorithm::ES384 => Curve::P384,
                    _ => Curve::P521,
                };
                if o.get_str("crv") != Some(want.name()) {
                    return Err(Error::JwkInvalid(Reason::KeyAlgMismatch));
                }
                let d = member(o, "d")?;
                if d.len() != want.coordinate_len() {
                    return Err(Error::JwkInvalid(Reason::KeyMemberInvalid("d")));
                }
                let invalid = |_| Error::JwkInvalid(Reason::KeyMemberInvalid("d"));
                match want {
                    Curve::P256 => Inner::P256(p256::ecdsa::SigningKey::from_slice(&d).map_err(invalid)?),
                    Curve::P384 => Inner::P384(p384::ecdsa::SigningKey::from_slice(&d).map_err(invalid)?),
                    Curve::P521 => Inner::P521(p521::ecdsa::SigningKey::from_slice(&d).map_err(invalid)?),
                }
            }
            (Some("OKP"), Algorithm::EdDSA) => {
                if o.get_str("crv") != Some("Ed25519") {
                    return Err(Error::JwkInvalid(Reason::KeyTypeUnsupported));
                }
                let d = member(o, "d")?;
                let d: [u8; 32] = d.as_slice().try_into().map_err(|_| Error::JwkInvalid(Reason::KeyMemberInvalid("d")))?;
                Inner::Ed25519(alloc::boxed::Box::new(ed25519_dalek::SigningKey::from_bytes(&d)))
            }
            // ECDSA signing needs the `ec-sign` feature (verification never does).
            #[cfg(not(feature = "ec-sign"))]
            (Some("EC"), Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512) => {
                return Err(Error::NotSupported(Reason::KeyTypeUnsupported));
            }
            #[cfg(feature = "rsa-sign")]
            (Some("RSA"), Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512) => {
                let key = *rsa_private_key(o)?;
                Inner::Rsa(alloc::boxed::Box::new(match alg {
                    Algorithm::RS256 => RsaSigner::Sha256(rsa::pkcs1v15::SigningKey::new(key)),
                    Algorithm::RS384 => RsaSigner::Sha384(rsa::pkcs1v15::SigningKey::new(key)),
                    _ => RsaSigner::Sha512(rsa::pkcs1v15::SigningKey::new(key)),
                }))
            }
            #[cfg(feature = "rsa-sign")]
            (Some("RSA"), _) => return Err(Error::JwkInvalid(Reason::KeyAlgMismatch)),
            // RSA signing needs the `rsa-sign` feature (verification never does).
            #[cfg(not(feature = "rsa-sign"))]
            (Some("RSA"), _) => return Err(Error::NotSupported(Reason::KeyTypeUnsupported)),
            (None, _) => return Err(Error::JwkInvalid(Reason::KeyMemberMissing("kty"))),
            _ => return Err(Error::JwkInvalid(Reason::KeyAlgMismatch)),
        };
        Ok(SigningKey { alg, kid, inner })
    }

    /// The algorithm this key signs with.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The `kid` put into headers.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Sign `msg` (RFC 7515 §5.1 step 5). ECDSA output is R || S (RFC 7518 §3.4).
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, Error> {
        #[cfg(feature = "ec-sign")]
        let failed = |_| Error::InvalidOptions("signing failed");
        Ok(match &self.inner {
            Inner::Hmac(k) => k.tag(Sha::of(self.alg), msg),
            #[cfg(feature = "ec-sign")]
            Inner::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign_prehash(&Sha256::digest(msg)).map_err(failed)?;
                s.to_bytes().to_vec()
            }
            #[cfg(feature = "ec-sign")]
            Inner::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign_prehash(&Sha384::digest(msg)).map_err(failed)?;
                s.to_bytes().to_vec()
            }
            #[cfg(feature = "ec-sign")]
            Inner::P521(k) => {
                let s: p521::ecdsa::Signature = k.sign_prehash(&Sha512::digest(msg)).map_err(failed)?;
                s.to_bytes().to_vec()
            }
            Inner::Ed25519(k) => {
                use ed25519_dalek::Signer;
                k.sign(msg).to_bytes().to_vec()
            }
            #[cfg(feature = "rsa-sign")]
            Inner::Rsa(k) => rsa_sign(k, msg)?,
        })
    }

    /// Compact JWS over `payload` with `header` (whose `alg` and `kid` are set
    /// from this key, overriding anything given).
    pub fn sign_compact(&self, header: &Object, payload: &[u8]) -> Result<String, Error> {
        let mut h = header.clone();
        h.insert("alg", self.alg.name().into());
        if let Some(kid) = &self.kid {
            h.insert("kid", kid.as_str().into());
        }
        let mut out = base64url::encode(h.to_json().as_bytes());
        out.push('.');
        out.push_str(&base64url::encode(payload));
        let sig = self.sign(out.as_bytes())?;
        out.push('.');
        out.push_str(&base64url::encode(&sig));
        Ok(out)
    }

    /// A signed JWT with `typ` (when given) and these claims.
    pub fn sign_jwt(&self, claims: &Object, typ: Option<&str>) -> Result<String, Error> {
        let mut h = Object::new();
        if let Some(t) = typ {
            h.insert("typ", t.into());
        }
        self.sign_compact(&h, claims.to_json().as_bytes())
    }
}

/// RFC 7518 §6.3.2 private RSA JWK (`n`, `e`, `d`, `p`, `q`; the CRT members
/// are recomputed by the `rsa` crate) → a validated private key. Modulus
/// 2048..=8192 bits like verification keys; the key is checked for
/// consistency (d·e ≡ 1, p·q = n) before use.
#[cfg(feature = "rsa-sign")]
fn rsa_private_key(o: &Object) -> Result<alloc::boxed::Box<rsa::RsaPrivateKey>, Error> {
    use rsa::BoxedUint;
    fn strip(b: &[u8]) -> &[u8] {
        let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
        &b[i..]
    }
    let n = member(o, "n")?;
    let n = strip(&n);
    let bits = n.len() * 8;
    if !(2048..=8192).contains(&bits) {
        return Err(Error::JwkInvalid(if bits < 2048 { Reason::RsaModulusTooSmall } else { Reason::RsaModulusTooLarge }));
    }
    let bits = bits as u32;
    let uint = |name: &'static str, bits: u32| -> Result<BoxedUint, Error> {
        let b = member(o, name)?;
        let b = strip(&b);
        if b.is_empty() || b.len() * 8 > bits as usize {
            return Err(Error::JwkInvalid(Reason::KeyMemberInvalid(name)));
        }
        BoxedUint::from_be_slice(b, bits).map_err(|_| Error::JwkInvalid(Reason::KeyMemberInvalid(name)))
    };
    let e_bytes = member(o, "e")?;
    let e_len = strip(&e_bytes).len();
    if e_len == 0 || e_len > 8 {
        return Err(Error::JwkInvalid(Reason::RsaExponentInvalid));
    }
    let e = uint("e", (e_len * 8) as u32)?;
    let primes = match (o.contains_key("p"), o.contains_key("q")) {
        (true, true) => alloc::vec![uint("p", bits)?, uint("q", bits)?],
        (false, false) => alloc::vec![],
        _ => return Err(Error::JwkInvalid(Reason::KeyMemberMissing(if o.contains_key("p") { "q" } else { "p" }))),
    };
    if o.contains_key("oth") {
        return Err(Error::NotSupported(Reason::KeyTypeUnsupported));
    }
    let key = rsa::RsaPrivateKey::from_components(uint("n", bits)?, e, uint("d", bits)?, primes)
        .map_err(|_| Error::JwkInvalid(Reason::KeyMemberInvalid("d")))?;
    Ok(alloc::boxed::Box::new(key))
}

/// RFC 7518 §3.3 RSASSA-PKCS1-v1_5. With the `getrandom` feature the private
/// operation is blinded (the `rsa` crate's arithmetic is constant-time
/// either way).
#[cfg(feature = "rsa-sign")]
fn rsa_sign(key: &RsaSigner, msg: &[u8]) -> Result<Vec<u8>, Error> {
    /// The platform RNG as the `rsa` crate's RNG (blinding factors).
    #[cfg(feature = "getrandom")]
    struct OsRng;
    #[cfg(feature = "getrandom")]
    impl rsa::rand_core::TryRng for OsRng {
        type Error = getrandom::Error;
        fn try_next_u32(&mut self) -> Result<u32, getrandom::Error> {
            getrandom::u32()
        }
        fn try_next_u64(&mut self) -> Result<u64, getrandom::Error> {
            getrandom::u64()
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), getrandom::Error> {
            getrandom::fill(dst)
        }
    }
    #[cfg(feature = "getrandom")]
    impl rsa::rand_core::TryCryptoRng for OsRng {}
    #[cfg(feature = "getrandom")]
    fn run<S: rsa::signature::RandomizedSigner<rsa::pkcs1v15::Signature>>(k: &S, msg: &[u8]) -> rsa::signature::Result<rsa::pkcs1v15::Signature> {
        k.try_sign_with_rng(&mut OsRng, msg)
    }
    #[cfg(not(feature = "getrandom"))]
    fn run<S: rsa::signature::Signer<rsa::pkcs1v15::Signature>>(k: &S, msg: &[u8]) -> rsa::signature::Result<rsa::pkcs1v15::Signature> {
        k.try_sign(msg)
    }
    let sig = match key {
        RsaSigner::Sha256(k) => run(k, msg),
        RsaSigner::Sha384(k) => run(k, msg),
        RsaSigner::Sha512(k) => run(k, msg),
    };
    sig.map(|s| alloc::boxed::Box::<[u8]>::from(s).into_vec()).map_err(|_| Error::InvalidOptions("signing failed"))
}
