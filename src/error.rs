//! One error type for the whole crate, with stable codes.
//!
//! `Error::code()` returns the string a caller may match on (jose's names where
//! jose has one, so code written against jose keeps working); `Error::reason()`
//! returns a stable snake_case detail. Claim failures also name the claim.
//! Signature failures stay opaque: no detail that would help a forger.

use alloc::borrow::Cow;
use core::fmt;

use crate::json::JsonError;

/// Why a value was refused. The string form (`as_str`) is stable and is what the
/// JS layer exposes as `TokenCheckError.reason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    // ---- claim reasons (jose's `reason` values) ----
    /// A required claim is absent.
    Missing,
    /// The claim is present but its value does not pass the check.
    CheckFailed,
    /// The claim is present but has the wrong JSON type or shape.
    Invalid,

    // ---- token structure ----
    /// Token longer than the configured limit (RFC 8725 §3.1 hardening).
    TooLarge,
    /// Not exactly three dot-separated parts (RFC 7515 §7.1).
    PartCount,
    /// An empty header or an empty payload part where one is required.
    EmptyPart,
    /// The JWS JSON serialization was given to the compact verifier (RFC 7515 §7.2).
    JsonSerialization,
    /// A part is not strict base64url (RFC 7515 §2, RFC 4648 §5).
    Base64Url,
    /// A decoded part is not valid JSON (details in `JsonError`).
    Json(JsonError),
    /// The header / claims set is JSON but not an object.
    NotAnObject,
    /// A header parameter has the wrong type.
    HeaderParameterType(&'static str),

    // ---- header rules ----
    /// `alg` is absent.
    AlgMissing,
    /// `alg` is `none` in any spelling.
    AlgNone,
    /// `alg` is a name this library does not implement.
    AlgUnknown,
    /// `alg` is not in the caller's allow-list.
    AlgNotInAllowList,
    /// `alg` does not fit the selected key's type/curve or the key's own `alg`.
    AlgKeyMismatch,
    /// `crit` is malformed (not a non-empty array of unique strings naming
    /// extension parameters present in the header) — RFC 7515 §4.1.11.
    CritInvalid,
    /// `crit` names an extension this library does not implement.
    CritUnsupported,
    /// `b64` (RFC 7797) is present: unencoded payloads are not JWTs.
    B64Unsupported,
    /// `zip` in a JWS (only defined for JWE, RFC 7516 §4.1.3).
    ZipInJws,
    /// The token has five parts: it is a JWE (RFC 7516 §9).
    Jwe,
    /// The token given to a JS entry point is neither a string nor bytes.
    TokenType,

    // ---- keys ----
    /// A required JWK member is absent.
    KeyMemberMissing(&'static str),
    /// A JWK member has the wrong type or encoding.
    KeyMemberInvalid(&'static str),
    /// `kty` (or `crv`) is not one we verify with.
    KeyTypeUnsupported,
    /// RSA modulus below 2048 bits.
    RsaModulusTooSmall,
    /// RSA modulus above 8192 bits.
    RsaModulusTooLarge,
    /// RSA modulus even.
    RsaModulusEven,
    /// RSA public exponent not odd or outside 3..=2^33-1.
    RsaExponentInvalid,
    /// RSA modulus with the ROCA fingerprint (CVE-2017-15361): factorable.
    RsaRocaVulnerable,
    /// EC point not on the curve, wrong coordinate length or identity.
    EcPointInvalid,
    /// Ed25519 public key not a canonical, non-small-order point.
    OkpKeyInvalid,
    /// HMAC key shorter than the hash output (RFC 7518 §3.2).
    HmacKeyTooShort,
    /// Private key members in a key used for verification.
    PrivateKeyMaterial,
    /// `use` is not `sig`, or `key_ops` lacks `verify`.
    KeyNotForVerification,
    /// The JWK's own `alg` is not a JWS algorithm this library verifies.
    KeyAlgUnsupported,
    /// The JWK's own `alg` does not fit its key type.
    KeyAlgMismatch,
    /// PEM armour or DER structure not the expected SubjectPublicKeyInfo.
    PemInvalid,
    /// The key set is not `{"keys":[...]}`.
    KeySetShape,
    /// No key with this `kid`, or no key of the token's algorithm family.
    NoKeyForKid,
    /// No key fits the algorithm family (token without `kid`).
    NoKeyForAlg,
    /// The set mixes symmetric (`oct`) and asymmetric keys.
    MixedKeyTypes,
    /// Several verification keys in the set share the token's `kid`.
    DuplicateKid,
    /// The token names no `kid` and several keys fit its `alg`.
    AmbiguousKey,

    // ---- caller options ----
    /// The caller's options are unusable (e.g. empty algorithm allow-list).
    Option(&'static str),

    // ---- OAuth client values (RFC 7636, RFC 6749 §4.1.1) ----
    /// A PKCE `code_verifier` (or a requested verifier length) outside 43..=128 characters (RFC 7636 §4.1).
    VerifierLength,
    /// A PKCE `code_verifier` with a character outside `[A-Za-z0-9-._~]` (RFC 7636 §4.1).
    VerifierCharset,
    /// A PKCE `code_challenge` that no verifier can produce with its method (RFC 7636 §4.2).
    ChallengeInvalid,
    /// A `code_challenge_method` other than `S256` and `plain` (RFC 7636 §4.3).
    MethodUnsupported,
    /// A request parameter set twice (RFC 6749 §3.1).
    Duplicate,
    /// A URL with a fragment where none is allowed (RFC 6749 §3.1).
    UrlFragment,
    /// A URL that is not an absolute `https` URL (RFC 6749 §3.1, §10.9).
    NotHttps,
}

impl Reason {
    /// Stable snake_case string for this reason.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::CheckFailed => "check_failed",
            Reason::Invalid => "invalid",
            Reason::TooLarge => "too_large",
            Reason::PartCount => "part_count",
            Reason::EmptyPart => "empty_part",
            Reason::JsonSerialization => "json_serialization",
            Reason::Base64Url => "base64url",
            Reason::Json(e) => e.as_str(),
            Reason::NotAnObject => "not_an_object",
            Reason::HeaderParameterType(_) => "header_parameter_type",
            Reason::AlgMissing => "alg_missing",
            Reason::AlgNone => "alg_none",
            Reason::AlgUnknown => "alg_unknown",
            Reason::AlgNotInAllowList => "alg_not_in_allow_list",
            Reason::AlgKeyMismatch => "alg_key_mismatch",
            Reason::CritInvalid => "crit_invalid",
            Reason::CritUnsupported => "crit_unsupported",
            Reason::B64Unsupported => "b64_unsupported",
            Reason::ZipInJws => "zip_in_jws",
            Reason::Jwe => "jwe",
            Reason::TokenType => "token_type",
            Reason::KeyMemberMissing(_) => "key_member_missing",
            Reason::KeyMemberInvalid(_) => "key_member_invalid",
            Reason::KeyTypeUnsupported => "key_type_unsupported",
            Reason::RsaModulusTooSmall => "rsa_modulus_too_small",
            Reason::RsaModulusTooLarge => "rsa_modulus_too_large",
            Reason::RsaModulusEven => "rsa_modulus_even",
            Reason::RsaExponentInvalid => "rsa_exponent_invalid",
            Reason::RsaRocaVulnerable => "rsa_roca_vulnerable",
            Reason::EcPointInvalid => "ec_point_invalid",
            Reason::OkpKeyInvalid => "okp_key_invalid",
            Reason::HmacKeyTooShort => "hmac_key_too_short",
            Reason::PrivateKeyMaterial => "private_key_material",
            Reason::KeyNotForVerification => "key_not_for_verification",
            Reason::KeyAlgUnsupported => "key_alg_unsupported",
            Reason::KeyAlgMismatch => "key_alg_mismatch",
            Reason::PemInvalid => "pem_invalid",
            Reason::KeySetShape => "key_set_shape",
            Reason::NoKeyForKid => "no_key_for_kid",
            Reason::NoKeyForAlg => "no_key_for_alg",
            Reason::MixedKeyTypes => "mixed_key_types",
            Reason::DuplicateKid => "duplicate_kid",
            Reason::AmbiguousKey => "ambiguous_key",
            Reason::Option(_) => "option",
            Reason::VerifierLength => "verifier_length",
            Reason::VerifierCharset => "verifier_charset",
            Reason::ChallengeInvalid => "challenge_invalid",
            Reason::MethodUnsupported => "method_unsupported",
            Reason::Duplicate => "duplicate",
            Reason::UrlFragment => "url_fragment",
            Reason::NotHttps => "not_https",
        }
    }

    /// The member / parameter / option this reason is about, if any.
    pub fn subject(&self) -> Option<&'static str> {
        match self {
            Reason::HeaderParameterType(s)
            | Reason::KeyMemberMissing(s)
            | Reason::KeyMemberInvalid(s)
            | Reason::Option(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subject() {
            Some(s) => write!(f, "{} ({s})", self.as_str()),
            None => f.write_str(self.as_str()),
        }
    }
}

/// Every failure this crate reports.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// `ERR_JWS_INVALID`: the compact JWS or its protected header is malformed.
    JwsInvalid(Reason),
    /// `ERR_JWE_NOT_SUPPORTED`: a five-part JWE was given to the JWS verifier.
    JweNotSupported,
    /// `ERR_JWT_INVALID`: the payload is not a JWT claims set (RFC 7519 §7.2).
    JwtInvalid(Reason),
    /// `ERR_JOSE_ALG_NOT_ALLOWED`: `none`, not in the allow-list, or not fitting the key.
    AlgNotAllowed(Reason),
    /// `ERR_JOSE_NOT_SUPPORTED`: an algorithm, `crit` extension or key type we don't implement.
    NotSupported(Reason),
    /// `ERR_JWS_SIGNATURE_VERIFICATION_FAILED`: deliberately without detail.
    SignatureVerificationFailed,
    /// `ERR_JWKS_NO_MATCHING_KEY`
    NoMatchingKey(Reason),
    /// `ERR_JWKS_MULTIPLE_MATCHING_KEYS`
    MultipleMatchingKeys(Reason),
    /// `ERR_JWK_INVALID`: a key was refused at import.
    JwkInvalid(Reason),
    /// `ERR_JWKS_INVALID`: the key set document is malformed. `index` of the bad
    /// key when the failure is in one key.
    JwksInvalid { index: Option<usize>, reason: Reason },
    /// `ERR_JWT_EXPIRED`: `exp` passed, or `iat` older than `maxTokenAge`.
    Expired { claim: &'static str },
    /// `ERR_JWT_CLAIM_VALIDATION_FAILED`: a claim (or `typ`) is missing, malformed
    /// or has an unexpected value.
    ClaimValidationFailed { claim: Cow<'static, str>, reason: Reason },
    /// `ERR_INVALID_OPTIONS`: the caller's configuration is unusable.
    InvalidOptions(&'static str),
    /// `ERR_PKCE_INVALID`: a PKCE `code_verifier`, `code_challenge` or
    /// `code_challenge_method` is malformed (RFC 7636 §4.1-4.3).
    PkceInvalid(Reason),
    /// `ERR_AUTHORIZATION_REQUEST_INVALID`: an authorization request
    /// (RFC 6749 §4.1.1) could not be built as asked: `parameter` names the
    /// request parameter (or `authorization_endpoint`) at fault.
    AuthorizationRequestInvalid { parameter: Cow<'static, str>, reason: Reason },
    /// `ERR_IUA_*`: an IHE IUA profile rule failed.
    Iua(crate::profiles::iua::IuaError),
    /// `ERR_LTI_*`: an LTI rule failed.
    Lti(crate::profiles::lti::LtiError),
}

impl Error {
    /// The stable code string (jose's names where jose has one).
    pub fn code(&self) -> &'static str {
        match self {
            Error::JwsInvalid(_) => "ERR_JWS_INVALID",
            Error::JweNotSupported => "ERR_JWE_NOT_SUPPORTED",
            Error::JwtInvalid(_) => "ERR_JWT_INVALID",
            Error::AlgNotAllowed(_) => "ERR_JOSE_ALG_NOT_ALLOWED",
            Error::NotSupported(_) => "ERR_JOSE_NOT_SUPPORTED",
            Error::SignatureVerificationFailed => "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
            Error::NoMatchingKey(_) => "ERR_JWKS_NO_MATCHING_KEY",
            Error::MultipleMatchingKeys(_) => "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
            Error::JwkInvalid(_) => "ERR_JWK_INVALID",
            Error::JwksInvalid { .. } => "ERR_JWKS_INVALID",
            Error::Expired { .. } => "ERR_JWT_EXPIRED",
            Error::ClaimValidationFailed { .. } => "ERR_JWT_CLAIM_VALIDATION_FAILED",
            Error::InvalidOptions(_) => "ERR_INVALID_OPTIONS",
            Error::PkceInvalid(_) => "ERR_PKCE_INVALID",
            Error::AuthorizationRequestInvalid { .. } => "ERR_AUTHORIZATION_REQUEST_INVALID",
            Error::Iua(e) => e.code(),
            Error::Lti(e) => e.code(),
        }
    }

    /// The stable reason string, if the error has one.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::Iua(e) => e.reason(),
            _ => self.reason_detail().map(|r| r.as_str()),
        }
    }

    /// The structured reason, if the error has one.
    pub fn reason_detail(&self) -> Option<Reason> {
        match self {
            Error::JwsInvalid(r)
            | Error::JwtInvalid(r)
            | Error::AlgNotAllowed(r)
            | Error::NotSupported(r)
            | Error::NoMatchingKey(r)
            | Error::MultipleMatchingKeys(r)
            | Error::JwkInvalid(r)
            | Error::JwksInvalid { reason: r, .. }
            | Error::ClaimValidationFailed { reason: r, .. }
            | Error::PkceInvalid(r)
            | Error::AuthorizationRequestInvalid { reason: r, .. } => Some(*r),
            Error::JweNotSupported => Some(Reason::Jwe),
            Error::Expired { .. } => Some(Reason::CheckFailed),
            Error::InvalidOptions(s) => Some(Reason::Option(s)),
            Error::Lti(e) => Some(e.reason()),
            Error::SignatureVerificationFailed | Error::Iua(_) => None,
        }
    }

    /// The claim (or header parameter, for `typ`) a claim failure is about.
    pub fn claim(&self) -> Option<&str> {
        match self {
            Error::Expired { claim } => Some(claim),
            Error::ClaimValidationFailed { claim, .. } => Some(claim),
            Error::Iua(e) => e.claim(),
            Error::Lti(e) => e.claim(),
            _ => None,
        }
    }

    /// Shorthand for a claim failure on a registered claim.
    pub(crate) fn claim_failed(claim: &'static str, reason: Reason) -> Self {
        Error::ClaimValidationFailed { claim: Cow::Borrowed(claim), reason }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::JwsInvalid(r) => write!(f, "invalid JWS: {r}"),
            Error::JweNotSupported => f.write_str("token is a JWE (5 parts); only JWS is verified"),
            Error::JwtInvalid(r) => write!(f, "invalid JWT claims set: {r}"),
            Error::AlgNotAllowed(r) => write!(f, "algorithm not allowed: {r}"),
            Error::NotSupported(r) => write!(f, "not supported: {r}"),
            Error::SignatureVerificationFailed => f.write_str("signature verification failed"),
            Error::NoMatchingKey(r) => write!(f, "no matching key: {r}"),
            Error::MultipleMatchingKeys(r) => write!(f, "multiple matching keys: {r}"),
            Error::JwkInvalid(r) => write!(f, "invalid JWK: {r}"),
            Error::JwksInvalid { index: Some(i), reason } => {
                write!(f, "invalid JWK set: key {i}: {reason}")
            }
            Error::JwksInvalid { index: None, reason } => write!(f, "invalid JWK set: {reason}"),
            Error::Expired { claim } => write!(f, "\"{claim}\" claim timestamp check failed"),
            Error::ClaimValidationFailed { claim, reason } => {
                let what = match reason {
                    Reason::Missing => "missing required",
                    Reason::Invalid => "invalid",
                    _ => "unexpected",
                };
                write!(f, "{what} \"{claim}\" claim ({})", reason.as_str())
            }
            Error::InvalidOptions(s) => write!(f, "invalid options: {s}"),
            Error::PkceInvalid(r) => f.write_str(match r {
                Reason::VerifierLength => "invalid PKCE code_verifier: it must be 43 to 128 characters long (RFC 7636 §4.1)",
                Reason::VerifierCharset => {
                    "invalid PKCE code_verifier: only the characters A-Z a-z 0-9 - . _ ~ are allowed (RFC 7636 §4.1)"
                }
                Reason::ChallengeInvalid => {
                    "invalid PKCE code_challenge: S256 challenges are 43 base64url characters, plain ones follow the code_verifier rules (RFC 7636 §4.2)"
                }
                Reason::MethodUnsupported => "unsupported PKCE code_challenge_method: use \"S256\" (or \"plain\" when asked explicitly) (RFC 7636 §4.3)",
                _ => "invalid PKCE value",
            }),
            Error::AuthorizationRequestInvalid { parameter, reason } => {
                let what = match reason {
                    Reason::Missing => "is required",
                    Reason::Duplicate => "is set twice (in the endpoint's query and in the parameters, or twice in the parameters)",
                    Reason::UrlFragment => "must not have a fragment (#...)",
                    Reason::NotHttps => "must be an absolute https URL",
                    _ => "is invalid",
                };
                write!(f, "invalid authorization request: {parameter} {what} ({})", reason.as_str())
            }
            Error::Iua(e) => write!(f, "IUA profile: {e}"),
            Error::Lti(e) => write!(f, "LTI: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// Result alias used across the crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;
