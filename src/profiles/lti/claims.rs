//! The typed LTI 1.3 launch (LTI Core 1.3 §5.3-5.4, Deep Linking 2.0 §4.4,
//! AGS 2.0 §3.1, NRPS 2.0 §3.6.1, LTI 1.1 migration §4.1) and the shape
//! rules of lti.md §B.18. A [`Launch`] is only built from a verified token.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::LtiError;
use crate::json::{Object, Value};
use crate::jwt::Claims;

/// Claim names (full URIs).
pub mod names {
    /// `https://purl.imsglobal.org/spec/lti/claim/`
    pub const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
    /// Prefix shared by every LTI-family claim (lti, lti-dl, lti-ags, lti-nrps, ...).
    pub const LTI_FAMILY: &str = "https://purl.imsglobal.org/spec/lti";
    pub const MESSAGE_TYPE: &str = "https://purl.imsglobal.org/spec/lti/claim/message_type";
    pub const VERSION: &str = "https://purl.imsglobal.org/spec/lti/claim/version";
    pub const DEPLOYMENT_ID: &str = "https://purl.imsglobal.org/spec/lti/claim/deployment_id";
    pub const TARGET_LINK_URI: &str = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri";
    pub const RESOURCE_LINK: &str = "https://purl.imsglobal.org/spec/lti/claim/resource_link";
    pub const ROLES: &str = "https://purl.imsglobal.org/spec/lti/claim/roles";
    pub const ROLE_SCOPE_MENTOR: &str = "https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor";
    pub const CONTEXT: &str = "https://purl.imsglobal.org/spec/lti/claim/context";
    pub const TOOL_PLATFORM: &str = "https://purl.imsglobal.org/spec/lti/claim/tool_platform";
    pub const LAUNCH_PRESENTATION: &str = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation";
    pub const CUSTOM: &str = "https://purl.imsglobal.org/spec/lti/claim/custom";
    pub const LIS: &str = "https://purl.imsglobal.org/spec/lti/claim/lis";
    pub const FOR_USER: &str = "https://purl.imsglobal.org/spec/lti/claim/for_user";
    pub const LTI1P1: &str = "https://purl.imsglobal.org/spec/lti/claim/lti1p1";
    pub const DL_SETTINGS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    pub const DL_CONTENT_ITEMS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    pub const DL_DATA: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    pub const DL_MSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";
    pub const DL_LOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/log";
    pub const DL_ERRORMSG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg";
    pub const DL_ERRORLOG: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/errorlog";
    pub const AGS_ENDPOINT: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    pub const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    /// The Mentor role (LTI Core §A.2.3), full and short forms.
    pub const ROLE_MENTOR: &str = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor";
}

/// `lti:message_type` values this library knows (lti.md §B.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// LTI Core §5.3 resource link launch.
    ResourceLink,
    /// Deep Linking 2.0 §4.4.
    DeepLinking,
    /// AGS 2.0 submission review (§3.3 of the Submission Review service).
    SubmissionReview,
    /// Data privacy launch (LTI Data Privacy Launch 1.0).
    DataPrivacy,
}

impl MessageType {
    /// The claim value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::ResourceLink => "LtiResourceLinkRequest",
            MessageType::DeepLinking => "LtiDeepLinkingRequest",
            MessageType::SubmissionReview => "LtiSubmissionReviewRequest",
            MessageType::DataPrivacy => "DataPrivacyLaunchRequest",
        }
    }

    /// Parse a claim value exactly.
    pub fn from_name(s: &str) -> Option<Self> {
        [Self::ResourceLink, Self::DeepLinking, Self::SubmissionReview, Self::DataPrivacy]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// OIDC standard claims about the user (OIDC Core §5.1), all optional in LTI.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct User {
    /// `sub`; `None` only for an anonymous launch the caller opted into.
    pub id: Option<String>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub picture: Option<String>,
    pub locale: Option<String>,
}

/// `lti:context` (LTI Core §5.4.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Context {
    pub id: String,
    pub label: Option<String>,
    pub title: Option<String>,
    pub types: Vec<String>,
}

/// `lti:resource_link` (LTI Core §5.3.5).
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceLink {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// `lti:tool_platform` (LTI Core §5.4.2).
#[derive(Clone, Debug, PartialEq)]
pub struct ToolPlatform {
    pub guid: String,
    pub name: Option<String>,
    pub contact_email: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub product_family_code: Option<String>,
    pub version: Option<String>,
}

/// `lti:launch_presentation` (LTI Core §5.4.4).
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchPresentation {
    /// `frame`, `iframe` or `window`.
    pub document_target: Option<String>,
    pub height: Option<f64>,
    pub width: Option<f64>,
    pub return_url: Option<String>,
    pub locale: Option<String>,
}

/// `dl:deep_linking_settings` (Deep Linking 2.0 §4.4.1).
#[derive(Clone, Debug, PartialEq)]
pub struct DeepLinkingSettings {
    pub deep_link_return_url: String,
    pub accept_types: Vec<String>,
    pub accept_presentation_document_targets: Vec<String>,
    pub accept_media_types: Option<String>,
    pub accept_multiple: Option<bool>,
    pub accept_lineitem: Option<bool>,
    pub auto_create: Option<bool>,
    pub title: Option<String>,
    pub text: Option<String>,
    /// Opaque value the tool must return verbatim in `dl:data`.
    pub data: Option<Value>,
}

/// The AGS endpoint claim (AGS 2.0 §3.1).
#[derive(Clone, Debug, PartialEq)]
pub struct AgsEndpoint {
    pub scope: Vec<String>,
    pub lineitems: Option<String>,
    pub lineitem: Option<String>,
}

/// The NRPS claim (NRPS 2.0 §3.6.1).
#[derive(Clone, Debug, PartialEq)]
pub struct NamesRoleService {
    pub context_memberships_url: String,
    pub service_versions: Vec<String>,
}

/// `lti:for_user` (Submission Review §3.3, Data Privacy Launch).
#[derive(Clone, Debug, PartialEq)]
pub struct ForUser {
    pub user_id: Option<String>,
    pub person_sourcedid: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub roles: Vec<String>,
}

/// `lti:lti1p1` migration claim (LTI 1.1 → 1.3 migration §4.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Lti1p1 {
    pub user_id: Option<String>,
    pub oauth_consumer_key: Option<String>,
    pub oauth_consumer_key_sign: Option<String>,
    pub resource_link_id: Option<String>,
}

/// A launch that passed every rule of lti.md §B. Built only by
/// [`super::launch`] after signature and claim validation.
#[derive(Clone, Debug)]
pub struct Launch {
    pub message_type: MessageType,
    pub version: String,
    pub issuer: String,
    /// The `client_id` the token was addressed to (the registration's).
    pub client_id: String,
    pub deployment_id: String,
    pub nonce: String,
    pub exp: f64,
    pub iat: f64,
    pub user: User,
    /// Role URIs as the platform sent them (may be empty, may hold `""`,
    /// short names and unknown URIs).
    pub roles: Vec<String>,
    pub role_scope_mentor: Vec<String>,
    pub context: Option<Context>,
    pub resource_link: Option<ResourceLink>,
    pub target_link_uri: Option<String>,
    pub deep_linking_settings: Option<DeepLinkingSettings>,
    /// `lti:custom` members (values are strings), in document order.
    pub custom: Vec<(String, String)>,
    pub tool_platform: Option<ToolPlatform>,
    pub launch_presentation: Option<LaunchPresentation>,
    /// `lti:lis` as given (LTI Core §D.1).
    pub lis: Option<Object>,
    pub ags: Option<AgsEndpoint>,
    pub nrps: Option<NamesRoleService>,
    pub for_user: Option<ForUser>,
    pub lti1p1: Option<Lti1p1>,
    /// `kid` of the platform key that signed the token.
    pub kid: String,
    pub(crate) claims: Claims,
}

impl Launch {
    /// Every verified claim (unknown claims are kept here, never interpreted).
    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// Whether the roles include this role URI (exact comparison).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

// ---------------------------------------------------------------------------
// Shape readers: `None` for absent, `Err` for present-but-wrong.

fn opt_string(o: &Object, name: &str) -> Result<Option<String>, ()> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(()),
    }
}

fn opt_bool(o: &Object, name: &str) -> Result<Option<bool>, ()> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(()),
    }
}

fn opt_number(o: &Object, name: &str) -> Result<Option<f64>, ()> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(*n)),
        Some(_) => Err(()),
    }
}

fn string_array(v: &Value) -> Result<Vec<String>, ()> {
    v.to_string_vec().ok_or(())
}

fn opt_string_array(o: &Object, name: &str) -> Result<Vec<String>, ()> {
    match o.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => string_array(v),
    }
}

/// An LTI identifier: 1..=255 characters.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 255
}

fn claim_object<'c>(claims: &'c Claims, name: &str, err: LtiError) -> Result<Option<&'c Object>, LtiError> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(err),
    }
}

/// LTI Core §5.4.1: `context.id` required, ≤255.
pub(crate) fn context(claims: &Claims) -> Result<Option<Context>, LtiError> {
    let e = || LtiError::ContextInvalid;
    let Some(o) = claim_object(claims, names::CONTEXT, e())? else { return Ok(None) };
    let id = o.get_str("id").filter(|s| is_id(s)).ok_or(e())?;
    Ok(Some(Context {
        id: id.into(),
        label: opt_string(o, "label").map_err(|_| e())?,
        title: opt_string(o, "title").map_err(|_| e())?,
        types: opt_string_array(o, "type").map_err(|_| e())?,
    }))
}

/// LTI Core §5.3.5: `resource_link.id` required, non-empty, ≤255.
pub(crate) fn resource_link(claims: &Claims) -> Result<Option<ResourceLink>, LtiError> {
    let e = || LtiError::ResourceLinkInvalid;
    let Some(o) = claim_object(claims, names::RESOURCE_LINK, e())? else { return Ok(None) };
    let id = o.get_str("id").filter(|s| is_id(s)).ok_or(e())?;
    Ok(Some(ResourceLink {
        id: id.into(),
        title: opt_string(o, "title").map_err(|_| e())?,
        description: opt_string(o, "description").map_err(|_| e())?,
    }))
}

/// LTI Core §5.4.2: `tool_platform.guid` required, ≤255.
pub(crate) fn tool_platform(claims: &Claims) -> Result<Option<ToolPlatform>, LtiError> {
    let e = || LtiError::ToolPlatformInvalid;
    let Some(o) = claim_object(claims, names::TOOL_PLATFORM, e())? else { return Ok(None) };
    let guid = o.get_str("guid").filter(|s| is_id(s)).ok_or(e())?;
    let s = |n| opt_string(o, n).map_err(|_| e());
    Ok(Some(ToolPlatform {
        guid: guid.into(),
        name: s("name")?,
        contact_email: s("contact_email")?,
        description: s("description")?,
        url: s("url")?,
        product_family_code: s("product_family_code")?,
        version: s("version")?,
    }))
}

/// LTI Core §5.4.4: `document_target` ∈ {frame, iframe, window}.
pub(crate) fn launch_presentation(claims: &Claims) -> Result<Option<LaunchPresentation>, LtiError> {
    let e = || LtiError::LaunchPresentationInvalid;
    let Some(o) = claim_object(claims, names::LAUNCH_PRESENTATION, e())? else { return Ok(None) };
    let document_target = opt_string(o, "document_target").map_err(|_| e())?;
    if let Some(t) = &document_target
        && !matches!(t.as_str(), "frame" | "iframe" | "window")
    {
        return Err(e());
    }
    Ok(Some(LaunchPresentation {
        document_target,
        height: opt_number(o, "height").map_err(|_| e())?,
        width: opt_number(o, "width").map_err(|_| e())?,
        return_url: opt_string(o, "return_url").map_err(|_| e())?,
        locale: opt_string(o, "locale").map_err(|_| e())?,
    }))
}

/// LTI Core §5.4.6: an object whose values are strings.
pub(crate) fn custom(claims: &Claims) -> Result<Vec<(String, String)>, LtiError> {
    let e = || LtiError::CustomInvalid;
    let Some(o) = claim_object(claims, names::CUSTOM, e())? else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(o.len());
    for (k, v) in o.iter() {
        out.push((k.to_string(), v.as_str().ok_or_else(e)?.to_string()));
    }
    Ok(out)
}

/// LTI Core §5.3.7: an array of strings (may be empty; `""`, short names and
/// unknown URIs are accepted as they are).
pub(crate) fn roles(claims: &Claims) -> Result<Vec<String>, LtiError> {
    match claims.get(names::ROLES) {
        None => Err(LtiError::RolesMissing),
        Some(v) => string_array(v).map_err(|_| LtiError::RolesInvalid),
    }
}

/// LTI Core §5.4.5: an array of user ids, only with the Mentor role.
pub(crate) fn role_scope_mentor(claims: &Claims, roles: &[String]) -> Result<Vec<String>, LtiError> {
    let e = || LtiError::RoleScopeMentorInvalid;
    let Some(v) = claims.get(names::ROLE_SCOPE_MENTOR) else { return Ok(Vec::new()) };
    let ids = string_array(v).map_err(|_| e())?;
    let mentor = roles.iter().any(|r| {
        r == names::ROLE_MENTOR
            || r == "Mentor"
            || r.ends_with("#Mentor")
            || r.ends_with("/membership/Mentor")
            || r.starts_with("http://purl.imsglobal.org/vocab/lis/v2/membership/Mentor#")
    });
    if !mentor {
        return Err(e());
    }
    Ok(ids)
}

/// Deep Linking 2.0 §4.4.1: `deep_link_return_url`, `accept_types`,
/// `accept_presentation_document_targets` required.
pub fn deep_linking_settings(claims: &Claims) -> Result<Option<DeepLinkingSettings>, LtiError> {
    let bad = LtiError::DeepLinkingSettingsInvalid;
    let o = match claims.get(names::DL_SETTINGS) {
        None => return Ok(None),
        Some(Value::Object(o)) => o,
        Some(_) => return Err(bad("deep_linking_settings")),
    };
    let deep_link_return_url = match o.get("deep_link_return_url") {
        Some(Value::String(u)) if is_absolute_url(u) => u.clone(),
        _ => return Err(bad("deep_link_return_url")),
    };
    let accept_types = match o.get("accept_types").map(string_array) {
        Some(Ok(t)) if !t.is_empty() => t,
        _ => return Err(bad("accept_types")),
    };
    let accept_presentation_document_targets = match o.get("accept_presentation_document_targets").map(string_array) {
        Some(Ok(t)) => t,
        _ => return Err(bad("accept_presentation_document_targets")),
    };
    Ok(Some(DeepLinkingSettings {
        deep_link_return_url,
        accept_types,
        accept_presentation_document_targets,
        accept_media_types: opt_string(o, "accept_media_types").map_err(|_| bad("accept_media_types"))?,
        accept_multiple: opt_bool(o, "accept_multiple").map_err(|_| bad("accept_multiple"))?,
        accept_lineitem: opt_bool(o, "accept_lineitem").map_err(|_| bad("accept_lineitem"))?,
        auto_create: opt_bool(o, "auto_create").map_err(|_| bad("auto_create"))?,
        title: opt_string(o, "title").map_err(|_| bad("title"))?,
        text: opt_string(o, "text").map_err(|_| bad("text"))?,
        data: o.get("data").filter(|v| !v.is_null()).cloned(),
    }))
}

/// AGS 2.0 §3.1: `scope` array, `lineitems` / `lineitem` URLs.
pub(crate) fn ags(claims: &Claims) -> Result<Option<AgsEndpoint>, LtiError> {
    let e = || LtiError::AgsEndpointInvalid;
    let Some(o) = claim_object(claims, names::AGS_ENDPOINT, e())? else { return Ok(None) };
    Ok(Some(AgsEndpoint {
        scope: opt_string_array(o, "scope").map_err(|_| e())?,
        lineitems: opt_string(o, "lineitems").map_err(|_| e())?,
        lineitem: opt_string(o, "lineitem").map_err(|_| e())?,
    }))
}

/// NRPS 2.0 §3.6.1: `context_memberships_url` required.
pub(crate) fn nrps(claims: &Claims) -> Result<Option<NamesRoleService>, LtiError> {
    let e = || LtiError::ClaimInvalid(names::NRPS);
    let Some(o) = claim_object(claims, names::NRPS, e())? else { return Ok(None) };
    Ok(Some(NamesRoleService {
        context_memberships_url: o.get_str("context_memberships_url").ok_or(e())?.into(),
        service_versions: opt_string_array(o, "service_versions").map_err(|_| e())?,
    }))
}

/// `lti:for_user`: an object; `user_id` a string when present.
pub(crate) fn for_user(claims: &Claims) -> Result<Option<ForUser>, LtiError> {
    let e = || LtiError::ForUserInvalid;
    let Some(o) = claim_object(claims, names::FOR_USER, e())? else { return Ok(None) };
    let s = |n| opt_string(o, n).map_err(|_| e());
    Ok(Some(ForUser {
        user_id: s("user_id")?,
        person_sourcedid: s("person_sourcedid")?,
        given_name: s("given_name")?,
        family_name: s("family_name")?,
        name: s("name")?,
        email: s("email")?,
        roles: opt_string_array(o, "roles").map_err(|_| e())?,
    }))
}

/// LTI 1.1 migration §4.1: the `lti1p1` claim members are strings.
pub(crate) fn lti1p1(claims: &Claims) -> Result<Option<Lti1p1>, LtiError> {
    let e = || LtiError::Lti1p1Invalid;
    let Some(o) = claim_object(claims, names::LTI1P1, e())? else { return Ok(None) };
    let s = |n| opt_string(o, n).map_err(|_| e());
    Ok(Some(Lti1p1 {
        user_id: s("user_id")?,
        oauth_consumer_key: s("oauth_consumer_key")?,
        oauth_consumer_key_sign: s("oauth_consumer_key_sign")?,
        resource_link_id: s("resource_link_id")?,
    }))
}

/// OIDC Core §5.1 user claims; each a string when present.
pub(crate) fn user(claims: &Claims, sub: Option<String>) -> Result<User, LtiError> {
    let o = claims.as_object();
    let s = |n: &'static str| opt_string(o, n).map_err(|_| LtiError::ClaimInvalid(n));
    Ok(User {
        id: sub,
        name: s("name")?,
        given_name: s("given_name")?,
        family_name: s("family_name")?,
        middle_name: s("middle_name")?,
        email: s("email")?,
        picture: s("picture")?,
        locale: s("locale")?,
    })
}

/// An absolute `https:` URL, or `http:` to a loopback host (for development
/// and tests). Deliberately strict: no whitespace, no userinfo.
pub fn is_absolute_url(u: &str) -> bool {
    let rest = if let Some(r) = u.strip_prefix("https://") {
        r
    } else if let Some(r) = u.strip_prefix("http://") {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, p)| if p.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
        if !(host == "localhost" || host == "[::1]" || host.starts_with("127.")) {
            return false;
        }
        r
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    !authority.is_empty()
        && !authority.contains('@')
        && u.bytes().all(|b| b.is_ascii_graphic())
}

// ---------------------------------------------------------------------------
// JSON view (camelCase, for the JS API)

fn put_opt(o: &mut Object, k: &str, v: &Option<String>) {
    if let Some(s) = v {
        o.insert(k, s.as_str().into());
    }
}

fn strings(v: &[String]) -> Value {
    Value::Array(v.iter().map(|s| Value::from(s.as_str())).collect())
}

impl Launch {
    /// The launch as a JSON object with camelCase member names (what the
    /// JS API returns). Absent optional parts are omitted; `claims` holds
    /// the whole verified payload.
    pub fn to_object(&self) -> Object {
        let mut o = Object::new();
        o.insert("messageType", self.message_type.as_str().into());
        o.insert("version", self.version.as_str().into());
        o.insert("issuer", self.issuer.as_str().into());
        o.insert("clientId", self.client_id.as_str().into());
        o.insert("deploymentId", self.deployment_id.as_str().into());
        o.insert("nonce", self.nonce.as_str().into());
        o.insert("exp", Value::Number(self.exp));
        o.insert("iat", Value::Number(self.iat));
        o.insert("kid", self.kid.as_str().into());
        let mut u = Object::new();
        put_opt(&mut u, "id", &self.user.id);
        put_opt(&mut u, "name", &self.user.name);
        put_opt(&mut u, "givenName", &self.user.given_name);
        put_opt(&mut u, "familyName", &self.user.family_name);
        put_opt(&mut u, "middleName", &self.user.middle_name);
        put_opt(&mut u, "email", &self.user.email);
        put_opt(&mut u, "picture", &self.user.picture);
        put_opt(&mut u, "locale", &self.user.locale);
        o.insert("user", u.into());
        o.insert("roles", strings(&self.roles));
        if !self.role_scope_mentor.is_empty() {
            o.insert("roleScopeMentor", strings(&self.role_scope_mentor));
        }
        if let Some(c) = &self.context {
            let mut x = Object::new();
            x.insert("id", c.id.as_str().into());
            put_opt(&mut x, "label", &c.label);
            put_opt(&mut x, "title", &c.title);
            x.insert("type", strings(&c.types));
            o.insert("context", x.into());
        }
        if let Some(r) = &self.resource_link {
            let mut x = Object::new();
            x.insert("id", r.id.as_str().into());
            put_opt(&mut x, "title", &r.title);
            put_opt(&mut x, "description", &r.description);
            o.insert("resourceLink", x.into());
        }
        put_opt(&mut o, "targetLinkUri", &self.target_link_uri);
        if let Some(d) = &self.deep_linking_settings {
            let mut x = Object::new();
            x.insert("deepLinkReturnUrl", d.deep_link_return_url.as_str().into());
            x.insert("acceptTypes", strings(&d.accept_types));
            x.insert("acceptPresentationDocumentTargets", strings(&d.accept_presentation_document_targets));
            put_opt(&mut x, "acceptMediaTypes", &d.accept_media_types);
            for (k, b) in [("acceptMultiple", d.accept_multiple), ("acceptLineitem", d.accept_lineitem), ("autoCreate", d.auto_create)] {
                if let Some(b) = b {
                    x.insert(k, b.into());
                }
            }
            put_opt(&mut x, "title", &d.title);
            put_opt(&mut x, "text", &d.text);
            if let Some(data) = &d.data {
                x.insert("data", data.clone());
            }
            o.insert("deepLinkingSettings", x.into());
        }
        let mut custom = Object::new();
        for (k, v) in &self.custom {
            custom.insert(k.as_str(), v.as_str().into());
        }
        o.insert("custom", custom.into());
        if let Some(t) = &self.tool_platform {
            let mut x = Object::new();
            x.insert("guid", t.guid.as_str().into());
            put_opt(&mut x, "name", &t.name);
            put_opt(&mut x, "contactEmail", &t.contact_email);
            put_opt(&mut x, "description", &t.description);
            put_opt(&mut x, "url", &t.url);
            put_opt(&mut x, "productFamilyCode", &t.product_family_code);
            put_opt(&mut x, "version", &t.version);
            o.insert("platform", x.into());
        }
        if let Some(l) = &self.launch_presentation {
            let mut x = Object::new();
            put_opt(&mut x, "documentTarget", &l.document_target);
            if let Some(h) = l.height {
                x.insert("height", Value::Number(h));
            }
            if let Some(w) = l.width {
                x.insert("width", Value::Number(w));
            }
            put_opt(&mut x, "returnUrl", &l.return_url);
            put_opt(&mut x, "locale", &l.locale);
            o.insert("launchPresentation", x.into());
        }
        if let Some(l) = &self.lis {
            o.insert("lis", l.clone().into());
        }
        if let Some(a) = &self.ags {
            let mut x = Object::new();
            x.insert("scope", strings(&a.scope));
            put_opt(&mut x, "lineitems", &a.lineitems);
            put_opt(&mut x, "lineitem", &a.lineitem);
            o.insert("ags", x.into());
        }
        if let Some(n) = &self.nrps {
            let mut x = Object::new();
            x.insert("contextMembershipsUrl", n.context_memberships_url.as_str().into());
            x.insert("serviceVersions", strings(&n.service_versions));
            o.insert("nrps", x.into());
        }
        if let Some(f) = &self.for_user {
            let mut x = Object::new();
            put_opt(&mut x, "userId", &f.user_id);
            put_opt(&mut x, "personSourcedid", &f.person_sourcedid);
            put_opt(&mut x, "givenName", &f.given_name);
            put_opt(&mut x, "familyName", &f.family_name);
            put_opt(&mut x, "name", &f.name);
            put_opt(&mut x, "email", &f.email);
            x.insert("roles", strings(&f.roles));
            o.insert("forUser", x.into());
        }
        if let Some(l) = &self.lti1p1 {
            let mut x = Object::new();
            put_opt(&mut x, "userId", &l.user_id);
            put_opt(&mut x, "oauthConsumerKey", &l.oauth_consumer_key);
            put_opt(&mut x, "oauthConsumerKeySign", &l.oauth_consumer_key_sign);
            put_opt(&mut x, "resourceLinkId", &l.resource_link_id);
            o.insert("lti1p1", x.into());
        }
        o.insert("claims", self.claims.as_object().clone().into());
        o
    }
}
