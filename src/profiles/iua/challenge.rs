//! Mapping every failure to its RFC 6750 §3 answer: HTTP status, `error`
//! code and a FIXED `error_description` per error kind (never text from the
//! token, so nothing an attacker wrote is echoed into a response header).

use crate::error::{Error, Reason};
use crate::oauth::bearer::{BearerError, Challenge, www_authenticate};
use crate::profiles::iua::{IuaError, RejectionKind};

/// What the failure means for the HTTP answer.
enum Answer<'a> {
    /// RFC 6750 §3.1: no credentials / unsupported scheme -> no error code.
    NoErrorCode,
    Bearer(BearerError, &'a str),
    /// The resource server's own fault (configuration, AS metadata or
    /// introspection response): 500, no challenge.
    ServerFault,
}

fn answer(err: &Error) -> Answer<'_> {
    use Answer::*;
    use BearerError::*;
    match err {
        Error::Iua(e) => match e {
            IuaError::NoCredentials | IuaError::UnsupportedScheme => NoErrorCode,
            IuaError::InvalidAuthorization(_) => Bearer(InvalidRequest, "Malformed Authorization header"),
            IuaError::UnsupportedTokenFormat => {
                Bearer(InvalidToken, "Unsupported token format: SAML assertions (IHE-SAML) are not accepted")
            }
            IuaError::NotAccessToken => Bearer(InvalidToken, "The token is not an access token"),
            IuaError::MixedClaimForms => Bearer(InvalidToken, "The access token mixes current and legacy IUA claims"),
            IuaError::LegacyFormRefused => Bearer(InvalidToken, "Legacy IUA claims are not accepted"),
            IuaError::ExtensionInvalid { .. } => Bearer(InvalidToken, "The access token has a malformed IUA extension claim"),
            IuaError::InsufficientScope => Bearer(InsufficientScope, "The access token lacks a required scope"),
            IuaError::RequestMismatch { .. } => Bearer(InvalidToken, "The access token does not match the request"),
            IuaError::CustomCheckFailed(r) => match r.kind {
                RejectionKind::InvalidToken => Bearer(InvalidToken, &r.description),
                RejectionKind::InsufficientScope => Bearer(InsufficientScope, &r.description),
            },
            IuaError::TokenInactive => Bearer(InvalidToken, "The access token is not active"),
            IuaError::IntrospectionResponseInvalid(_) | IuaError::MetadataInvalid { .. } => ServerFault,
        },
        Error::Expired { .. } => Bearer(InvalidToken, "The access token expired"),
        Error::SignatureVerificationFailed => Bearer(InvalidToken, "The access token signature is invalid"),
        Error::ClaimValidationFailed { claim, reason } => Bearer(
            InvalidToken,
            match (claim.as_ref(), reason) {
                (_, Reason::Missing) => "The access token lacks a required claim",
                (_, Reason::Invalid) => "The access token has a malformed claim",
                ("iss", _) => "The access token issuer is not accepted",
                ("aud", _) => "The access token is not intended for this resource server",
                ("typ", _) => "The access token type is not accepted",
                ("nbf", _) => "The access token is not yet valid",
                ("iat", _) => "The access token issue time is in the future",
                _ => "The access token claims are not accepted",
            },
        ),
        Error::JwsInvalid(_) | Error::JwtInvalid(_) | Error::JweNotSupported => {
            Bearer(InvalidToken, "The access token is malformed")
        }
        Error::AlgNotAllowed(_) | Error::NotSupported(_) => {
            Bearer(InvalidToken, "The access token algorithm is not accepted")
        }
        Error::NoMatchingKey(_) | Error::MultipleMatchingKeys(_) => {
            Bearer(InvalidToken, "No key to verify the access token")
        }
        Error::JwkInvalid(_) | Error::JwksInvalid { .. } | Error::InvalidOptions(_) => ServerFault,
        _ => Bearer(InvalidToken, "The access token is invalid"),
    }
}

/// RFC 6750 §3: the status and `WWW-Authenticate` value for `err`.
///
/// `quoted_realm` comes from [`quote_realm`](crate::oauth::bearer::quote_realm);
/// `required_scopes` are sent as `scope=` with `insufficient_scope`;
/// `scope_status` is the status for `insufficient_scope` (403 per RFC 6750
/// §3.1; ITI-72 Rev 2.x §3.72.4.3 asks for 401 — the verifier lets callers choose).
pub fn challenge_for(err: &Error, quoted_realm: Option<&str>, required_scopes: &[&str], scope_status: u16) -> Challenge {
    match answer(err) {
        Answer::NoErrorCode => Challenge { status: 401, www_authenticate: Some(www_authenticate(quoted_realm, None, None, &[])) },
        Answer::ServerFault => Challenge { status: 500, www_authenticate: None },
        Answer::Bearer(code, description) => {
            let (status, scope): (u16, &[&str]) = match code {
                BearerError::InsufficientScope => (scope_status, required_scopes),
                other => (other.status(), &[]),
            };
            Challenge { status, www_authenticate: Some(www_authenticate(quoted_realm, Some(code), Some(description), scope)) }
        }
    }
}
