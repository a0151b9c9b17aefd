//! `ERR_LTI_*`: one stable code per LTI rule that can fail.

use alloc::string::String;

use crate::error::Reason;

/// LTI-specific failures (`ERR_LTI_*`). Every rule of the tool side of LTI
/// 1.3 (1EdTech Security Framework §5.1, LTI Core §5, Deep Linking 2.0) and
/// of LTI 1.0/1.1 (RFC 5849, LTI Security Update 1.0) that can refuse an
/// input has its own variant and code.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LtiError {
    // ---- §A third-party initiated login ----
    /// `ERR_LTI_LOGIN_ISS_MISSING`
    LoginIssMissing,
    /// `ERR_LTI_LOGIN_HINT_MISSING`
    LoginHintMissing,
    /// `ERR_LTI_LOGIN_TARGET_LINK_URI_MISSING`
    LoginTargetLinkUriMissing,
    /// `ERR_LTI_LOGIN_TARGET_LINK_URI_INVALID`: not an absolute https URL (http
    /// only for loopback) or not one of the registration's allowed URIs.
    LoginTargetLinkUriInvalid,
    /// `ERR_LTI_PARAMETER_DUPLICATE`: a login or launch form parameter appears twice.
    ParameterDuplicate(&'static str),
    /// `ERR_LTI_REGISTRATION_NOT_FOUND`: no registration for this `iss`.
    RegistrationNotFound,
    /// `ERR_LTI_CLIENT_ID_UNKNOWN`: the issuer is known, this `client_id` is not.
    ClientIdUnknown,
    /// `ERR_LTI_CLIENT_ID_AMBIGUOUS`: several registrations share the issuer
    /// and the login named no `client_id`.
    ClientIdAmbiguous,
    /// `ERR_LTI_LOGIN_DEPLOYMENT_ID_UNKNOWN`: `lti_deployment_id` is not one
    /// of the registration's deployments.
    LoginDeploymentIdUnknown,
    /// `ERR_LTI_REDIRECT_URI_NOT_REGISTERED`
    RedirectUriNotRegistered,
    /// `ERR_LTI_STATE_ENTROPY_TOO_SHORT`: a state / nonce value given by the
    /// caller has fewer than 128 bits (22 base64url characters).
    StateEntropyTooShort,
    /// `ERR_LTI_REGISTRATION_INVALID`: the registration itself is unusable.
    RegistrationInvalid(&'static str),

    // ---- §B.1-2 form post and state ----
    /// `ERR_LTI_OIDC_ERROR`: the platform answered with an OIDC error response.
    OidcError { error: String, description: Option<String> },
    /// `ERR_LTI_ID_TOKEN_MISSING`
    IdTokenMissing,
    /// `ERR_LTI_STATE_MISSING`
    StateMissing,
    /// `ERR_LTI_STATE_MISMATCH`: `state` is not the one bound to this browser.
    StateMismatch,
    /// `ERR_LTI_STATE_EXPIRED`: the login record is older than its lifetime.
    StateExpired,
    /// `ERR_LTI_STATE_UNKNOWN`: no (more) login record for this state: never
    /// issued, or already used.
    StateUnknown,
    /// `ERR_LTI_LOGIN_RECORD_MISMATCH`: the login record belongs to another
    /// registration than the one used to validate.
    LoginRecordMismatch,

    // ---- §B.3-6 JWS ----
    /// `ERR_LTI_ID_TOKEN_MALFORMED`: not a compact JWS with a JSON claims set.
    IdTokenMalformed(Reason),
    /// `ERR_LTI_KID_MISSING`
    KidMissing,
    /// `ERR_LTI_KID_UNKNOWN`: no key with this `kid` in the platform JWKS
    /// (the caller refetches the JWKS once, with a cooldown, then rejects).
    KidUnknown,
    /// `ERR_LTI_KID_AMBIGUOUS`: the JWKS holds several keys with this `kid`.
    KidAmbiguous,
    /// `ERR_LTI_ALG_NOT_ALLOWED`: `none`, HS*, or not in the RS/ES allow-list.
    AlgNotAllowed,
    /// `ERR_LTI_ALG_KEY_MISMATCH`: `alg` does not fit the key chosen by `kid`.
    AlgKeyMismatch,
    /// `ERR_LTI_SIGNATURE_INVALID`
    SignatureInvalid,

    // ---- §B.7-11 OIDC claims ----
    /// `ERR_LTI_CLAIM_TYPE_INVALID`: a registered claim has the wrong JSON type.
    ClaimTypeInvalid(&'static str),
    /// `ERR_LTI_ISS_MISSING`
    IssMissing,
    /// `ERR_LTI_ISS_MISMATCH`
    IssMismatch,
    /// `ERR_LTI_AUD_MISSING`
    AudMissing,
    /// `ERR_LTI_AUD_MISMATCH`: `aud` does not contain the `client_id`.
    AudMismatch,
    /// `ERR_LTI_AUD_UNTRUSTED`: `aud` holds an audience that is neither the
    /// `client_id` nor a configured trusted audience.
    AudUntrusted,
    /// `ERR_LTI_AZP_MISSING`: several audiences and no `azp`.
    AzpMissing,
    /// `ERR_LTI_AZP_MISMATCH`
    AzpMismatch,
    /// `ERR_LTI_EXP_MISSING`
    ExpMissing,
    /// `ERR_LTI_TOKEN_EXPIRED`
    TokenExpired,
    /// `ERR_LTI_IAT_MISSING`
    IatMissing,
    /// `ERR_LTI_IAT_IN_FUTURE`
    IatInFuture,
    /// `ERR_LTI_TOKEN_TOO_OLD`: `iat` older than the configured maximum age.
    TokenTooOld,
    /// `ERR_LTI_NBF_IN_FUTURE`
    NbfInFuture,
    /// `ERR_LTI_NONCE_MISSING`
    NonceMissing,
    /// `ERR_LTI_NONCE_MISMATCH`: not the nonce issued with this state.
    NonceMismatch,
    /// `ERR_LTI_NONCE_REPLAYED`
    NonceReplayed,
    /// `ERR_LTI_NONCE_STORE_FULL`: the in-memory store is full of unexpired
    /// entries; refusing is the only safe answer.
    NonceStoreFull,

    // ---- §B.12-18 LTI claims ----
    /// `ERR_LTI_CLAIMS_MISSING`: the token carries no LTI claim at all.
    LtiClaimsMissing,
    /// `ERR_LTI_MESSAGE_TYPE_MISSING`
    MessageTypeMissing,
    /// `ERR_LTI_MESSAGE_TYPE_UNKNOWN`
    MessageTypeUnknown,
    /// `ERR_LTI_MESSAGE_TYPE_NOT_ALLOWED`: known, but not one this endpoint accepts.
    MessageTypeNotAllowed,
    /// `ERR_LTI_VERSION_MISSING`
    VersionMissing,
    /// `ERR_LTI_VERSION_UNSUPPORTED`
    VersionUnsupported,
    /// `ERR_LTI_DEPLOYMENT_ID_MISSING`
    DeploymentIdMissing,
    /// `ERR_LTI_DEPLOYMENT_ID_INVALID`: not a string of 1..=255 ASCII characters.
    DeploymentIdInvalid,
    /// `ERR_LTI_DEPLOYMENT_ID_UNKNOWN`: not one of the registration's deployments.
    DeploymentIdUnknown,
    /// `ERR_LTI_DEPLOYMENT_ID_MISMATCH`: differs from the login's `lti_deployment_id`.
    DeploymentIdMismatch,
    /// `ERR_LTI_SUB_MISSING`
    SubMissing,
    /// `ERR_LTI_SUB_INVALID`: empty, longer than 255 or not a string.
    SubInvalid,
    /// `ERR_LTI_ROLES_MISSING`
    RolesMissing,
    /// `ERR_LTI_ROLES_INVALID`: not an array of strings.
    RolesInvalid,
    /// `ERR_LTI_CONTEXT_INVALID`
    ContextInvalid,
    /// `ERR_LTI_TOOL_PLATFORM_INVALID`
    ToolPlatformInvalid,
    /// `ERR_LTI_LAUNCH_PRESENTATION_INVALID`
    LaunchPresentationInvalid,
    /// `ERR_LTI_CUSTOM_INVALID`
    CustomInvalid,
    /// `ERR_LTI_ROLE_SCOPE_MENTOR_INVALID`: malformed, or without the Mentor role.
    RoleScopeMentorInvalid,
    /// `ERR_LTI_CLAIM_INVALID`: another LTI claim with the wrong shape.
    ClaimInvalid(&'static str),
    /// `ERR_LTI_TARGET_LINK_URI_MISSING`
    TargetLinkUriMissing,
    /// `ERR_LTI_TARGET_LINK_URI_MISMATCH`: differs from the login's `target_link_uri`.
    TargetLinkUriMismatch,
    /// `ERR_LTI_RESOURCE_LINK_MISSING`
    ResourceLinkMissing,
    /// `ERR_LTI_RESOURCE_LINK_INVALID`: `id` missing, empty or longer than 255.
    ResourceLinkInvalid,
    /// `ERR_LTI_DEEP_LINKING_SETTINGS_MISSING`
    DeepLinkingSettingsMissing,
    /// `ERR_LTI_DEEP_LINKING_SETTINGS_INVALID`
    DeepLinkingSettingsInvalid(&'static str),
    /// `ERR_LTI_FOR_USER_MISSING`
    ForUserMissing,
    /// `ERR_LTI_FOR_USER_INVALID`
    ForUserInvalid,
    /// `ERR_LTI_AGS_ENDPOINT_MISSING`: submission review without the AGS
    /// endpoint claim or its `lineitem`.
    AgsEndpointMissing,
    /// `ERR_LTI_AGS_ENDPOINT_INVALID`
    AgsEndpointInvalid,
    /// `ERR_LTI_LTI1P1_INVALID`: the `lti1p1` migration claim is malformed.
    Lti1p1Invalid,
    /// `ERR_LTI_LTI1P1_SIGNATURE_INVALID`: `oauth_consumer_key_sign` does not verify.
    Lti1p1SignatureInvalid,

    // ---- §C deep linking response ----
    /// `ERR_LTI_DL_NOT_A_DEEP_LINKING_LAUNCH`
    DlNotDeepLinking,
    /// `ERR_LTI_DL_CONTENT_ITEM_INVALID`: not an object with a string `type`.
    DlContentItemInvalid,
    /// `ERR_LTI_DL_CONTENT_ITEM_TYPE_NOT_ACCEPTED`
    DlContentItemTypeNotAccepted,
    /// `ERR_LTI_DL_TOO_MANY_CONTENT_ITEMS`: more than one without `accept_multiple`.
    DlTooManyContentItems,
    /// `ERR_LTI_DL_SIGNING_KEY_INVALID`: the tool key has no `kid` or an algorithm
    /// that is not RS*/ES*.
    DlSigningKeyInvalid,

    // ---- §E LTI 1.0/1.1, OAuth 1.0a ----
    /// `ERR_LTI_OAUTH_PARAMETER_MISSING`
    OAuthParameterMissing(&'static str),
    /// `ERR_LTI_OAUTH_PARAMETER_DUPLICATE`
    OAuthParameterDuplicate(&'static str),
    /// `ERR_LTI_OAUTH_VERSION_UNSUPPORTED`
    OAuthVersionUnsupported,
    /// `ERR_LTI_OAUTH_SIGNATURE_METHOD_UNSUPPORTED`
    OAuthSignatureMethodUnsupported,
    /// `ERR_LTI_OAUTH_CONSUMER_KEY_UNKNOWN`
    OAuthConsumerKeyUnknown,
    /// `ERR_LTI_OAUTH_TIMESTAMP_INVALID`: not a decimal number of seconds.
    OAuthTimestampInvalid,
    /// `ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW`
    OAuthTimestampOutOfWindow,
    /// `ERR_LTI_OAUTH_NONCE_REPLAYED`
    OAuthNonceReplayed,
    /// `ERR_LTI_OAUTH_SIGNATURE_INVALID`
    OAuthSignatureInvalid,
    /// `ERR_LTI_OAUTH_URL_INVALID`: the launch URL cannot be normalized (RFC 5849 §3.4.1.2).
    OAuthUrlInvalid,
    /// `ERR_LTI_OAUTH_ENCODING_INVALID`: malformed percent-encoding in form or query.
    OAuthEncodingInvalid,
    /// `ERR_LTI_V1_MESSAGE_INVALID`: `lti_message_type` / `lti_version` /
    /// `resource_link_id` missing or unknown.
    V1MessageInvalid(&'static str),

    // ---- §E LTI 1.1.2 relaunch ----
    /// `ERR_LTI_RELAUNCH_PLATFORM_STATE_EMPTY`
    RelaunchPlatformStateEmpty,
    /// `ERR_LTI_RELAUNCH_URL_INVALID`
    RelaunchUrlInvalid,
    /// `ERR_LTI_RELAUNCH_NOT_ANONYMOUS`: a first launch with `relaunch_url`
    /// that also carries user identity.
    RelaunchNotAnonymous,
    /// `ERR_LTI_RELAUNCH_IDENTITY_MISSING`: the relaunch carries no `user_id`.
    RelaunchIdentityMissing,
    /// `ERR_LTI_TOOL_STATE_MISSING`
    ToolStateMissing,
    /// `ERR_LTI_TOOL_STATE_INVALID`: not a `tool_state` this tool issued
    /// (format, `typ`, or HS256 signature).
    ToolStateInvalid,
    /// `ERR_LTI_TOOL_STATE_EXPIRED`
    ToolStateExpired,
    /// `ERR_LTI_TOOL_STATE_REPLAYED`
    ToolStateReplayed,
    /// `ERR_LTI_TOOL_STATE_BROWSER_MISMATCH`
    ToolStateBrowserMismatch,
    /// `ERR_LTI_TOOL_STATE_PLATFORM_STATE_MISMATCH`
    ToolStatePlatformStateMismatch,
}

impl LtiError {
    /// Stable `ERR_LTI_*` code.
    pub fn code(&self) -> &'static str {
        use LtiError::*;
        match self {
            LoginIssMissing => "ERR_LTI_LOGIN_ISS_MISSING",
            LoginHintMissing => "ERR_LTI_LOGIN_HINT_MISSING",
            LoginTargetLinkUriMissing => "ERR_LTI_LOGIN_TARGET_LINK_URI_MISSING",
            LoginTargetLinkUriInvalid => "ERR_LTI_LOGIN_TARGET_LINK_URI_INVALID",
            ParameterDuplicate(_) => "ERR_LTI_PARAMETER_DUPLICATE",
            RegistrationNotFound => "ERR_LTI_REGISTRATION_NOT_FOUND",
            ClientIdUnknown => "ERR_LTI_CLIENT_ID_UNKNOWN",
            ClientIdAmbiguous => "ERR_LTI_CLIENT_ID_AMBIGUOUS",
            LoginDeploymentIdUnknown => "ERR_LTI_LOGIN_DEPLOYMENT_ID_UNKNOWN",
            RedirectUriNotRegistered => "ERR_LTI_REDIRECT_URI_NOT_REGISTERED",
            StateEntropyTooShort => "ERR_LTI_STATE_ENTROPY_TOO_SHORT",
            RegistrationInvalid(_) => "ERR_LTI_REGISTRATION_INVALID",
            OidcError { .. } => "ERR_LTI_OIDC_ERROR",
            IdTokenMissing => "ERR_LTI_ID_TOKEN_MISSING",
            StateMissing => "ERR_LTI_STATE_MISSING",
            StateMismatch => "ERR_LTI_STATE_MISMATCH",
            StateExpired => "ERR_LTI_STATE_EXPIRED",
            StateUnknown => "ERR_LTI_STATE_UNKNOWN",
            LoginRecordMismatch => "ERR_LTI_LOGIN_RECORD_MISMATCH",
            IdTokenMalformed(_) => "ERR_LTI_ID_TOKEN_MALFORMED",
            KidMissing => "ERR_LTI_KID_MISSING",
            KidUnknown => "ERR_LTI_KID_UNKNOWN",
            KidAmbiguous => "ERR_LTI_KID_AMBIGUOUS",
            AlgNotAllowed => "ERR_LTI_ALG_NOT_ALLOWED",
            AlgKeyMismatch => "ERR_LTI_ALG_KEY_MISMATCH",
            SignatureInvalid => "ERR_LTI_SIGNATURE_INVALID",
            ClaimTypeInvalid(_) => "ERR_LTI_CLAIM_TYPE_INVALID",
            IssMissing => "ERR_LTI_ISS_MISSING",
            IssMismatch => "ERR_LTI_ISS_MISMATCH",
            AudMissing => "ERR_LTI_AUD_MISSING",
            AudMismatch => "ERR_LTI_AUD_MISMATCH",
            AudUntrusted => "ERR_LTI_AUD_UNTRUSTED",
            AzpMissing => "ERR_LTI_AZP_MISSING",
            AzpMismatch => "ERR_LTI_AZP_MISMATCH",
            ExpMissing => "ERR_LTI_EXP_MISSING",
            TokenExpired => "ERR_LTI_TOKEN_EXPIRED",
            IatMissing => "ERR_LTI_IAT_MISSING",
            IatInFuture => "ERR_LTI_IAT_IN_FUTURE",
            TokenTooOld => "ERR_LTI_TOKEN_TOO_OLD",
            NbfInFuture => "ERR_LTI_NBF_IN_FUTURE",
            NonceMissing => "ERR_LTI_NONCE_MISSING",
            NonceMismatch => "ERR_LTI_NONCE_MISMATCH",
            NonceReplayed => "ERR_LTI_NONCE_REPLAYED",
            NonceStoreFull => "ERR_LTI_NONCE_STORE_FULL",
            LtiClaimsMissing => "ERR_LTI_CLAIMS_MISSING",
            MessageTypeMissing => "ERR_LTI_MESSAGE_TYPE_MISSING",
            MessageTypeUnknown => "ERR_LTI_MESSAGE_TYPE_UNKNOWN",
            MessageTypeNotAllowed => "ERR_LTI_MESSAGE_TYPE_NOT_ALLOWED",
            VersionMissing => "ERR_LTI_VERSION_MISSING",
            VersionUnsupported => "ERR_LTI_VERSION_UNSUPPORTED",
            DeploymentIdMissing => "ERR_LTI_DEPLOYMENT_ID_MISSING",
            DeploymentIdInvalid => "ERR_LTI_DEPLOYMENT_ID_INVALID",
            DeploymentIdUnknown => "ERR_LTI_DEPLOYMENT_ID_UNKNOWN",
            DeploymentIdMismatch => "ERR_LTI_DEPLOYMENT_ID_MISMATCH",
            SubMissing => "ERR_LTI_SUB_MISSING",
            SubInvalid => "ERR_LTI_SUB_INVALID",
            RolesMissing => "ERR_LTI_ROLES_MISSING",
            RolesInvalid => "ERR_LTI_ROLES_INVALID",
            ContextInvalid => "ERR_LTI_CONTEXT_INVALID",
            ToolPlatformInvalid => "ERR_LTI_TOOL_PLATFORM_INVALID",
            LaunchPresentationInvalid => "ERR_LTI_LAUNCH_PRESENTATION_INVALID",
            CustomInvalid => "ERR_LTI_CUSTOM_INVALID",
            RoleScopeMentorInvalid => "ERR_LTI_ROLE_SCOPE_MENTOR_INVALID",
            ClaimInvalid(_) => "ERR_LTI_CLAIM_INVALID",
            TargetLinkUriMissing => "ERR_LTI_TARGET_LINK_URI_MISSING",
            TargetLinkUriMismatch => "ERR_LTI_TARGET_LINK_URI_MISMATCH",
            ResourceLinkMissing => "ERR_LTI_RESOURCE_LINK_MISSING",
            ResourceLinkInvalid => "ERR_LTI_RESOURCE_LINK_INVALID",
            DeepLinkingSettingsMissing => "ERR_LTI_DEEP_LINKING_SETTINGS_MISSING",
            DeepLinkingSettingsInvalid(_) => "ERR_LTI_DEEP_LINKING_SETTINGS_INVALID",
            ForUserMissing => "ERR_LTI_FOR_USER_MISSING",
            ForUserInvalid => "ERR_LTI_FOR_USER_INVALID",
            AgsEndpointMissing => "ERR_LTI_AGS_ENDPOINT_MISSING",
            AgsEndpointInvalid => "ERR_LTI_AGS_ENDPOINT_INVALID",
            Lti1p1Invalid => "ERR_LTI_LTI1P1_INVALID",
            Lti1p1SignatureInvalid => "ERR_LTI_LTI1P1_SIGNATURE_INVALID",
            DlNotDeepLinking => "ERR_LTI_DL_NOT_A_DEEP_LINKING_LAUNCH",
            DlContentItemInvalid => "ERR_LTI_DL_CONTENT_ITEM_INVALID",
            DlContentItemTypeNotAccepted => "ERR_LTI_DL_CONTENT_ITEM_TYPE_NOT_ACCEPTED",
            DlTooManyContentItems => "ERR_LTI_DL_TOO_MANY_CONTENT_ITEMS",
            DlSigningKeyInvalid => "ERR_LTI_DL_SIGNING_KEY_INVALID",
            OAuthParameterMissing(_) => "ERR_LTI_OAUTH_PARAMETER_MISSING",
            OAuthParameterDuplicate(_) => "ERR_LTI_OAUTH_PARAMETER_DUPLICATE",
            OAuthVersionUnsupported => "ERR_LTI_OAUTH_VERSION_UNSUPPORTED",
            OAuthSignatureMethodUnsupported => "ERR_LTI_OAUTH_SIGNATURE_METHOD_UNSUPPORTED",
            OAuthConsumerKeyUnknown => "ERR_LTI_OAUTH_CONSUMER_KEY_UNKNOWN",
            OAuthTimestampInvalid => "ERR_LTI_OAUTH_TIMESTAMP_INVALID",
            OAuthTimestampOutOfWindow => "ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW",
            OAuthNonceReplayed => "ERR_LTI_OAUTH_NONCE_REPLAYED",
            OAuthSignatureInvalid => "ERR_LTI_OAUTH_SIGNATURE_INVALID",
            OAuthUrlInvalid => "ERR_LTI_OAUTH_URL_INVALID",
            OAuthEncodingInvalid => "ERR_LTI_OAUTH_ENCODING_INVALID",
            V1MessageInvalid(_) => "ERR_LTI_V1_MESSAGE_INVALID",
            RelaunchPlatformStateEmpty => "ERR_LTI_RELAUNCH_PLATFORM_STATE_EMPTY",
            RelaunchUrlInvalid => "ERR_LTI_RELAUNCH_URL_INVALID",
            RelaunchNotAnonymous => "ERR_LTI_RELAUNCH_NOT_ANONYMOUS",
            RelaunchIdentityMissing => "ERR_LTI_RELAUNCH_IDENTITY_MISSING",
            ToolStateMissing => "ERR_LTI_TOOL_STATE_MISSING",
            ToolStateInvalid => "ERR_LTI_TOOL_STATE_INVALID",
            ToolStateExpired => "ERR_LTI_TOOL_STATE_EXPIRED",
            ToolStateReplayed => "ERR_LTI_TOOL_STATE_REPLAYED",
            ToolStateBrowserMismatch => "ERR_LTI_TOOL_STATE_BROWSER_MISMATCH",
            ToolStatePlatformStateMismatch => "ERR_LTI_TOOL_STATE_PLATFORM_STATE_MISMATCH",
        }
    }

    /// The claim, parameter or member the failure is about, when there is one
    /// (full claim URIs for LTI claims).
    pub fn claim(&self) -> Option<&'static str> {
        use super::claims::names;
        use LtiError::*;
        Some(match self {
            LoginIssMissing | RegistrationNotFound => "iss",
            LoginHintMissing => "login_hint",
            LoginTargetLinkUriMissing | LoginTargetLinkUriInvalid => "target_link_uri",
            ParameterDuplicate(p) | OAuthParameterMissing(p) | OAuthParameterDuplicate(p) => p,
            ClientIdUnknown | ClientIdAmbiguous => "client_id",
            LoginDeploymentIdUnknown => "lti_deployment_id",
            RedirectUriNotRegistered => "redirect_uri",
            RegistrationInvalid(p) | ClaimTypeInvalid(p) | ClaimInvalid(p) => p,
            IdTokenMissing => "id_token",
            StateMissing | StateMismatch | StateExpired | StateUnknown => "state",
            KidMissing | KidUnknown | KidAmbiguous => "kid",
            AlgNotAllowed | AlgKeyMismatch => "alg",
            IssMissing | IssMismatch => "iss",
            AudMissing | AudMismatch | AudUntrusted => "aud",
            AzpMissing | AzpMismatch => "azp",
            ExpMissing | TokenExpired => "exp",
            IatMissing | IatInFuture | TokenTooOld => "iat",
            NbfInFuture => "nbf",
            NonceMissing | NonceMismatch | NonceReplayed => "nonce",
            MessageTypeMissing | MessageTypeUnknown | MessageTypeNotAllowed => names::MESSAGE_TYPE,
            VersionMissing | VersionUnsupported => names::VERSION,
            DeploymentIdMissing | DeploymentIdInvalid | DeploymentIdUnknown | DeploymentIdMismatch => {
                names::DEPLOYMENT_ID
            }
            SubMissing | SubInvalid => "sub",
            RolesMissing | RolesInvalid => names::ROLES,
            ContextInvalid => names::CONTEXT,
            ToolPlatformInvalid => names::TOOL_PLATFORM,
            LaunchPresentationInvalid => names::LAUNCH_PRESENTATION,
            CustomInvalid => names::CUSTOM,
            RoleScopeMentorInvalid => names::ROLE_SCOPE_MENTOR,
            TargetLinkUriMissing | TargetLinkUriMismatch => names::TARGET_LINK_URI,
            ResourceLinkMissing | ResourceLinkInvalid => names::RESOURCE_LINK,
            DeepLinkingSettingsMissing | DeepLinkingSettingsInvalid(_) => names::DL_SETTINGS,
            ForUserMissing | ForUserInvalid => names::FOR_USER,
            AgsEndpointMissing | AgsEndpointInvalid => names::AGS_ENDPOINT,
            Lti1p1Invalid | Lti1p1SignatureInvalid => names::LTI1P1,
            OAuthVersionUnsupported => "oauth_version",
            OAuthSignatureMethodUnsupported => "oauth_signature_method",
            OAuthConsumerKeyUnknown => "oauth_consumer_key",
            OAuthTimestampInvalid | OAuthTimestampOutOfWindow => "oauth_timestamp",
            OAuthNonceReplayed => "oauth_nonce",
            OAuthSignatureInvalid => "oauth_signature",
            V1MessageInvalid(p) => p,
            RelaunchPlatformStateEmpty | ToolStatePlatformStateMismatch => "platform_state",
            RelaunchUrlInvalid => "relaunch_url",
            RelaunchIdentityMissing | RelaunchNotAnonymous => "user_id",
            ToolStateMissing | ToolStateInvalid | ToolStateExpired | ToolStateReplayed | ToolStateBrowserMismatch => {
                "tool_state"
            }
            _ => return None,
        })
    }

    /// A stable reason in the crate's vocabulary: `missing`, `invalid`,
    /// `check_failed`, or the structural reason of a malformed token.
    pub fn reason(&self) -> Reason {
        if let LtiError::IdTokenMalformed(r) = self {
            return *r;
        }
        let code = self.code();
        if code.ends_with("_MISSING") || matches!(self, LtiError::OAuthParameterMissing(_)) {
            Reason::Missing
        } else if code.ends_with("_INVALID") || code.ends_with("_MALFORMED") || code.ends_with("_DUPLICATE") {
            Reason::Invalid
        } else {
            Reason::CheckFailed
        }
    }
}

impl core::fmt::Display for LtiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match (self, self.claim()) {
            (LtiError::OidcError { error, description: Some(d) }, _) => {
                write!(f, "{}: platform returned \"{error}\": {d}", self.code())
            }
            (LtiError::OidcError { error, description: None }, _) => {
                write!(f, "{}: platform returned \"{error}\"", self.code())
            }
            (_, Some(c)) => write!(f, "{} ({c})", self.code()),
            (_, None) => f.write_str(self.code()),
        }
    }
}

impl From<LtiError> for crate::error::Error {
    fn from(e: LtiError) -> Self {
        crate::error::Error::Lti(e)
    }
}
