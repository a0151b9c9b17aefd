//! `ERR_IUA_*` failures and their stable codes.

use alloc::borrow::Cow;

use crate::json::JsonError;

/// Why an `Authorization` header value was refused as malformed
/// (RFC 6750 §2.1, RFC 9110 §11.6.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HeaderProblem {
    /// A known scheme without a token (`Bearer`, `Bearer   `).
    EmptyToken,
    /// More than one token after the scheme (`Bearer a b`).
    MultipleTokens,
    /// Comma-joined credentials (`Bearer a, Bearer b`: two merged headers).
    CommaJoined,
    /// A character outside `b64token` (RFC 6750 §2.1).
    InvalidCharacter,
    /// A separator other than SP between scheme and token (tab, CR, LF, ...).
    Whitespace,
}

impl HeaderProblem {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HeaderProblem::EmptyToken => "empty_token",
            HeaderProblem::MultipleTokens => "multiple_tokens",
            HeaderProblem::CommaJoined => "comma_joined",
            HeaderProblem::InvalidCharacter => "invalid_character",
            HeaderProblem::Whitespace => "whitespace",
        }
    }
}

/// Why an authorization server metadata document was refused (RFC 8414 §2, §3.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MetadataProblem {
    /// Not strict JSON.
    Json(JsonError),
    /// JSON, but not an object.
    NotAnObject,
    /// A required member is absent.
    Missing,
    /// A member has the wrong JSON type.
    WrongType,
    /// A URL member is not an absolute `https` URL (or has a query/fragment
    /// where none is allowed, or userinfo).
    NotHttps,
    /// `issuer` differs from the expected issuer (RFC 8414 §3.3).
    IssuerMismatch,
    /// The document is larger than the limit.
    TooLarge,
}

impl MetadataProblem {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MetadataProblem::Json(e) => e.as_str(),
            MetadataProblem::NotAnObject => "not_an_object",
            MetadataProblem::Missing => "missing",
            MetadataProblem::WrongType => "invalid",
            MetadataProblem::NotHttps => "not_https",
            MetadataProblem::IssuerMismatch => "issuer_mismatch",
            MetadataProblem::TooLarge => "too_large",
        }
    }
}

/// Why an introspection response was refused (RFC 7662 §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IntrospectionProblem {
    /// Not strict JSON.
    Json(JsonError),
    /// JSON, but not an object.
    NotAnObject,
    /// `active` is absent.
    ActiveMissing,
    /// `active` is not a JSON boolean (`"true"`, `1`, `null` are refused).
    ActiveNotBoolean,
    /// Larger than the limit.
    TooLarge,
}

impl IntrospectionProblem {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            IntrospectionProblem::Json(e) => e.as_str(),
            IntrospectionProblem::NotAnObject => "not_an_object",
            IntrospectionProblem::ActiveMissing => "active_missing",
            IntrospectionProblem::ActiveNotBoolean => "active_not_boolean",
            IntrospectionProblem::TooLarge => "too_large",
        }
    }
}

/// What a caller-supplied check (see `IuaVerifierBuilder::custom_check`)
/// answers when it refuses a token.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rejection {
    /// 401 `invalid_token` or 403 `insufficient_scope`.
    pub kind: RejectionKind,
    /// A fixed, human-readable sentence for `error_description` (never text
    /// taken from the token). Characters RFC 6750 §3 does not allow there
    /// (`"`, `\`, controls, non-ASCII) are dropped when the challenge is built.
    pub description: Cow<'static, str>,
}

/// The RFC 6750 §3.1 error a custom rejection maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RejectionKind {
    /// 401, `error="invalid_token"`.
    InvalidToken,
    /// 403, `error="insufficient_scope"`.
    InsufficientScope,
}

/// IUA-specific failures (`ERR_IUA_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IuaError {
    /// `ERR_IUA_NO_CREDENTIALS`: no token at all (RFC 6750 §3.1: the
    /// challenge carries no error code).
    NoCredentials,
    /// `ERR_IUA_UNSUPPORTED_SCHEME`: an authentication scheme this resource
    /// server does not use (`Basic`, `Digest`, ...; RFC 6750 §3.1: no error code).
    UnsupportedScheme,
    /// `ERR_IUA_INVALID_AUTHORIZATION`: a malformed `Authorization` value
    /// (RFC 6750 §3.1 `invalid_request`, HTTP 400).
    InvalidAuthorization(HeaderProblem),
    /// `ERR_IUA_UNSUPPORTED_TOKEN_FORMAT`: `IHE-SAML` (SAML assertions are not validated here).
    UnsupportedTokenFormat,
    /// `ERR_IUA_NOT_ACCESS_TOKEN`: a Security Event Token or logout token
    /// (`typ` `secevent+jwt` / `logout+jwt`, or an `events` claim; RFC 8417 §2.3, RFC 9068 §4).
    NotAccessToken,
    /// `ERR_IUA_MIXED_CLAIM_FORMS`: `extensions` together with legacy flat
    /// IUA claims — which set is authoritative can't be decided.
    MixedClaimForms,
    /// `ERR_IUA_LEGACY_FORM_REFUSED`: legacy flat claims while the verifier
    /// accepts only the current form (or strict RFC 9068 mode).
    LegacyFormRefused,
    /// `ERR_IUA_EXTENSION_INVALID`: an IUA / BPPC extension claim has the
    /// wrong JSON type or shape. `claim` is its path (`extensions.ihe_iua.subject_role`).
    ExtensionInvalid { claim: &'static str },
    /// `ERR_IUA_INSUFFICIENT_SCOPE`: a required scope is not in `scope`
    /// (RFC 6750 §3.1 `insufficient_scope`).
    InsufficientScope,
    /// `ERR_IUA_REQUEST_MISMATCH`: the token does not match the request
    /// (ITI-72 §3.72.4.3, e.g. the patient in the URL). `claim` names the claim.
    RequestMismatch { claim: &'static str },
    /// `ERR_IUA_CUSTOM_CHECK_FAILED`: the caller's own check refused the token.
    CustomCheckFailed(Rejection),
    /// `ERR_IUA_TOKEN_INACTIVE`: introspection answered `active: false` (ITI-102 §3.102.4.2.3).
    TokenInactive,
    /// `ERR_IUA_INTROSPECTION_RESPONSE_INVALID`: the authorization server's
    /// introspection response is malformed (a server-side fault, HTTP 500).
    IntrospectionResponseInvalid(IntrospectionProblem),
    /// `ERR_IUA_METADATA_INVALID`: the authorization server metadata is
    /// unusable (a server-side fault). `field` names the member.
    MetadataInvalid { field: &'static str, problem: MetadataProblem },
}

impl IuaError {
    /// Stable `ERR_IUA_*` code.
    pub fn code(&self) -> &'static str {
        match self {
            IuaError::NoCredentials => "ERR_IUA_NO_CREDENTIALS",
            IuaError::UnsupportedScheme => "ERR_IUA_UNSUPPORTED_SCHEME",
            IuaError::InvalidAuthorization(_) => "ERR_IUA_INVALID_AUTHORIZATION",
            IuaError::UnsupportedTokenFormat => "ERR_IUA_UNSUPPORTED_TOKEN_FORMAT",
            IuaError::NotAccessToken => "ERR_IUA_NOT_ACCESS_TOKEN",
            IuaError::MixedClaimForms => "ERR_IUA_MIXED_CLAIM_FORMS",
            IuaError::LegacyFormRefused => "ERR_IUA_LEGACY_FORM_REFUSED",
            IuaError::ExtensionInvalid { .. } => "ERR_IUA_EXTENSION_INVALID",
            IuaError::InsufficientScope => "ERR_IUA_INSUFFICIENT_SCOPE",
            IuaError::RequestMismatch { .. } => "ERR_IUA_REQUEST_MISMATCH",
            IuaError::CustomCheckFailed(_) => "ERR_IUA_CUSTOM_CHECK_FAILED",
            IuaError::TokenInactive => "ERR_IUA_TOKEN_INACTIVE",
            IuaError::IntrospectionResponseInvalid(_) => "ERR_IUA_INTROSPECTION_RESPONSE_INVALID",
            IuaError::MetadataInvalid { .. } => "ERR_IUA_METADATA_INVALID",
        }
    }

    /// Stable snake_case detail, where the code alone is not specific.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            IuaError::InvalidAuthorization(p) => Some(p.as_str()),
            IuaError::ExtensionInvalid { .. } => Some("invalid"),
            IuaError::RequestMismatch { .. } => Some("check_failed"),
            IuaError::IntrospectionResponseInvalid(p) => Some(p.as_str()),
            IuaError::MetadataInvalid { problem, .. } => Some(problem.as_str()),
            _ => None,
        }
    }

    /// The claim (or metadata member) the failure is about.
    pub fn claim(&self) -> Option<&'static str> {
        match self {
            IuaError::ExtensionInvalid { claim } | IuaError::RequestMismatch { claim } => Some(claim),
            IuaError::MetadataInvalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl core::fmt::Display for IuaError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let what = match self {
            IuaError::NoCredentials => "no access token in the request",
            IuaError::UnsupportedScheme => "unsupported authentication scheme",
            IuaError::InvalidAuthorization(_) => "malformed Authorization header",
            IuaError::UnsupportedTokenFormat => "unsupported token format (IHE-SAML)",
            IuaError::NotAccessToken => "not an access token (security event or logout token)",
            IuaError::MixedClaimForms => "current and legacy IUA claim forms mixed in one token",
            IuaError::LegacyFormRefused => "legacy flat IUA claims not accepted",
            IuaError::ExtensionInvalid { .. } => "malformed IUA extension claim",
            IuaError::InsufficientScope => "required scope missing",
            IuaError::RequestMismatch { .. } => "token does not match the request",
            IuaError::CustomCheckFailed(_) => "refused by the resource server's own check",
            IuaError::TokenInactive => "introspection: token not active",
            IuaError::IntrospectionResponseInvalid(_) => "malformed introspection response",
            IuaError::MetadataInvalid { .. } => "unusable authorization server metadata",
        };
        f.write_str(what)?;
        if let Some(c) = self.claim() {
            write!(f, " ({c})")?;
        }
        if let Some(r) = self.reason() {
            write!(f, ": {r}")?;
        }
        Ok(())
    }
}
