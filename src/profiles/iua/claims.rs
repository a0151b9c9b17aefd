//! The one typed result of IUA verification, and the mapping of both claim
//! forms onto it.
//!
//! Current form (ITI-71 Rev 2.x §3.71.4.2.2.1): registered claims plus
//! `extensions.ihe_iua` and `extensions.ihe_bppc` objects.
//!
//! Legacy flat form (2013 supplement / Rev 1.x): the extension claims at top
//! level. Mapping onto the same fields:
//!
//! | legacy claim | field |
//! |---|---|
//! | `SubjectID` | `iua.subject_name` (XUA subject-id is the user's name) |
//! | `SubjectOrganization` | `iua.subject_organization` |
//! | `SubjectOrganizationID` | `iua.subject_organization_id` |
//! | `HomeCommunityID` | `iua.home_community_id` |
//! | `NationalProviderIdentifier` | `iua.national_provider_identifier` |
//! | `SubjectRole` (alias `Subject:Role`) | `iua.subject_role` |
//! | `PurposeOfUse` | `iua.purpose_of_use` |
//! | `personID` | `iua.person_id` |
//! | `ProviderID` (Rev 1.3, `[{root, extension}]`) | `iua.provider_id` |
//! | `resourceID` (XUA resource-id: the patient) | `bppc.patient_id` |
//! | `docid` | `bppc.doc_id` |
//! | `acp` | `bppc.acp` |
//!
//! Rev 1.3 shapes: organizations as an array of strings (exactly one item —
//! the XUA attributes they map to are single-valued, so two items are refused,
//! never silently truncated); roles / purposes as `{code, codeSystem,
//! displayName}` (HL7 v3 CE, as in XUA) or FHIR `{system, code, display}`, one
//! object or an array, or (legacy only) a bare code string. Coding `system`
//! values are passed through unchanged (no `urn:oid:` rewriting).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::error::Error;
use crate::jwa::Algorithm;
use crate::json::{self, Object, Value};
use crate::jwt::Claims;
use crate::profiles::iua::IuaError;

/// Which IUA claim form a token used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimForm {
    /// Rev 2.x: `client_id`, `scope`, `iat` required; `extensions` object.
    Current,
    /// 2013 / Rev 1.x flat extension claims.
    Legacy,
}

impl ClaimForm {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimForm::Current => "current",
            ClaimForm::Legacy => "legacy",
        }
    }
}

/// A FHIR Coding (`{system, code, display}`), also read from HL7 v3 CE
/// (`{codeSystem, code, displayName}`) in legacy tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coding {
    pub system: Option<String>,
    pub code: String,
    pub display: Option<String>,
}

/// An HL7 II (`{root, extension}`), Rev 1.3 `ProviderID`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstanceIdentifier {
    pub root: String,
    pub extension: Option<String>,
}

/// `extensions.ihe_iua` (ITI-71 §3.71.4.2.2.1.1), or the legacy equivalents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IheIua {
    pub subject_name: Option<String>,
    pub subject_organization: Option<String>,
    pub subject_organization_id: Option<String>,
    /// Always a list: a single Coding (2020–2024) or an array (CP-ITI-1255).
    pub subject_role: Vec<Coding>,
    /// Always a list, as `subject_role`.
    pub purpose_of_use: Vec<Coding>,
    pub home_community_id: Option<String>,
    pub national_provider_identifier: Option<String>,
    pub person_id: Option<String>,
    /// Rev 1.3 `ProviderID` only (no current-form equivalent); empty otherwise.
    pub provider_id: Vec<InstanceIdentifier>,
}

/// `extensions.ihe_bppc` (ITI-71 §3.71.4.2.2.1.2), or the legacy equivalents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IheBppc {
    pub patient_id: Option<String>,
    pub doc_id: Option<String>,
    pub acp: Option<String>,
}

/// How the claims were obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// A JWS verified with a key from the caller's set.
    Jws { alg: Algorithm, kid: Option<String>, typ: Option<String> },
    /// An RFC 7662 introspection response (`active: true`).
    Introspection,
}

/// A verified IUA access token: one shape whichever claim form arrived.
/// Only the verifier constructs it (`#[non_exhaustive]`: no struct literal
/// outside this crate).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct IuaToken {
    pub form: ClaimForm,
    pub source: TokenSource,
    /// `iss`
    pub issuer: String,
    /// `sub` (the user, or the client when there is no user)
    pub subject: String,
    /// `aud`, always a list
    pub audience: Vec<String>,
    /// The `aud` entry that named this resource server (the first, in token
    /// order, equal to a configured audience). Used as the ATNA alias.
    pub matched_audience: String,
    /// `exp` (NumericDate)
    pub expires_at: f64,
    /// `iat`
    pub issued_at: Option<f64>,
    /// `nbf`
    pub not_before: Option<f64>,
    /// `jti`
    pub jwt_id: String,
    /// `client_id` (required in the current form)
    pub client_id: Option<String>,
    /// `scope`, split into scope-tokens
    pub scopes: Vec<String>,
    pub iua: IheIua,
    pub bppc: IheBppc,
    /// The whole verified claims set.
    pub claims: Claims,
}

/// Top-level claims that mark the legacy flat form.
pub const LEGACY_CLAIMS: [&str; 13] = [
    "SubjectID",
    "SubjectOrganization",
    "SubjectOrganizationID",
    "HomeCommunityID",
    "NationalProviderIdentifier",
    "SubjectRole",
    "Subject:Role",
    "PurposeOfUse",
    "personID",
    "ProviderID",
    "resourceID",
    "docid",
    "acp",
];

/// Decide the claim form: legacy flat claims mark the legacy form, an
/// `extensions` member (or neither) the current one. Both at once is refused.
/// The claims the current form requires (`client_id`, `scope`, `iat`) are
/// deliberately NOT used to decide — leaving them out must never downgrade a
/// token to the laxer legacy rules.
pub fn detect_form(claims: &Claims) -> Result<ClaimForm, Error> {
    let o = claims.as_object();
    let legacy = LEGACY_CLAIMS.iter().any(|c| o.contains_key(c));
    match (legacy, o.contains_key("extensions")) {
        (true, true) => Err(Error::Iua(IuaError::MixedClaimForms)),
        (true, false) => Ok(ClaimForm::Legacy),
        (false, _) => Ok(ClaimForm::Current),
    }
}

fn bad(claim: &'static str) -> Error {
    Error::Iua(IuaError::ExtensionInvalid { claim })
}

fn opt_string(o: &Object, name: &str, path: &'static str) -> Result<Option<String>, Error> {
    match o.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(path)),
    }
}

/// A string, or (Rev 1.3) an array holding exactly one string.
fn opt_single_string(o: &Object, name: &str, path: &'static str) -> Result<Option<String>, Error> {
    match o.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Array(a)) => match a.as_slice() {
            [Value::String(s)] => Ok(Some(s.clone())),
            _ => Err(bad(path)),
        },
        Some(_) => Err(bad(path)),
    }
}

/// One member under either of two names (both present is ambiguous).
fn either<'a>(o: &'a Object, a: &str, b: &str) -> Result<Option<&'a Value>, ()> {
    match (o.get(a), o.get(b)) {
        (Some(_), Some(_)) => Err(()),
        (x, None) | (None, x) => Ok(x),
    }
}

fn coding(v: &Value, allow_bare_code: bool, path: &'static str) -> Result<Coding, Error> {
    let o = match v {
        Value::Object(o) => o,
        Value::String(s) if allow_bare_code && !s.is_empty() => {
            return Ok(Coding { system: None, code: s.clone(), display: None });
        }
        _ => return Err(bad(path)),
    };
    let text = |v: Option<&Value>| -> Result<Option<String>, Error> {
        match v {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(path)),
        }
    };
    let code = match o.get("code") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(bad(path)),
    };
    let system = text(either(o, "system", "codeSystem").map_err(|_| bad(path))?)?;
    let display = text(either(o, "display", "displayName").map_err(|_| bad(path))?)?;
    Ok(Coding { system, code, display })
}

/// A single Coding or an array of Codings, always returned as a list.
fn codings(v: Option<&Value>, allow_bare_code: bool, path: &'static str) -> Result<Vec<Coding>, Error> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(coding(i, allow_bare_code, path)?);
            }
            Ok(out)
        }
        Some(one) => Ok(alloc::vec![coding(one, allow_bare_code, path)?]),
    }
}

fn instance_identifier(v: &Value, path: &'static str) -> Result<InstanceIdentifier, Error> {
    let o = v.as_object().ok_or(bad(path))?;
    let root = match o.get("root") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(bad(path)),
    };
    let extension = opt_string(o, "extension", path)?;
    Ok(InstanceIdentifier { root, extension })
}

/// Read the extension claims of either form.
pub fn extract(claims: &Claims, form: ClaimForm) -> Result<(IheIua, IheBppc), Error> {
    match form {
        ClaimForm::Current => extract_current(claims.as_object()),
        ClaimForm::Legacy => extract_legacy(claims.as_object()),
    }
}

fn extract_current(o: &Object) -> Result<(IheIua, IheBppc), Error> {
    let ext = match o.get("extensions") {
        None => return Ok(Default::default()),
        Some(Value::Object(e)) => e,
        Some(_) => return Err(bad("extensions")),
    };
    let mut iua = IheIua::default();
    match ext.get("ihe_iua") {
        None => {}
        Some(Value::Object(x)) => {
            iua.subject_name = opt_string(x, "subject_name", "extensions.ihe_iua.subject_name")?;
            iua.subject_organization = opt_string(x, "subject_organization", "extensions.ihe_iua.subject_organization")?;
            iua.subject_organization_id =
                opt_string(x, "subject_organization_id", "extensions.ihe_iua.subject_organization_id")?;
            iua.subject_role = codings(x.get("subject_role"), false, "extensions.ihe_iua.subject_role")?;
            iua.purpose_of_use = codings(x.get("purpose_of_use"), false, "extensions.ihe_iua.purpose_of_use")?;
            iua.home_community_id = opt_string(x, "home_community_id", "extensions.ihe_iua.home_community_id")?;
            iua.national_provider_identifier =
                opt_string(x, "national_provider_identifier", "extensions.ihe_iua.national_provider_identifier")?;
            iua.person_id = opt_string(x, "person_id", "extensions.ihe_iua.person_id")?;
        }
        Some(_) => return Err(bad("extensions.ihe_iua")),
    }
    let mut bppc = IheBppc::default();
    match ext.get("ihe_bppc") {
        None => {}
        Some(Value::Object(x)) => {
            bppc.patient_id = opt_string(x, "patient_id", "extensions.ihe_bppc.patient_id")?;
            bppc.doc_id = opt_string(x, "doc_id", "extensions.ihe_bppc.doc_id")?;
            bppc.acp = opt_string(x, "acp", "extensions.ihe_bppc.acp")?;
        }
        Some(_) => return Err(bad("extensions.ihe_bppc")),
    }
    Ok((iua, bppc))
}

fn extract_legacy(o: &Object) -> Result<(IheIua, IheBppc), Error> {
    let role = either(o, "SubjectRole", "Subject:Role").map_err(|_| bad("SubjectRole"))?;
    let provider_id = match o.get("ProviderID") {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(instance_identifier(i, "ProviderID")?);
            }
            out
        }
        Some(one) => alloc::vec![instance_identifier(one, "ProviderID")?],
    };
    let iua = IheIua {
        subject_name: opt_string(o, "SubjectID", "SubjectID")?,
        subject_organization: opt_single_string(o, "SubjectOrganization", "SubjectOrganization")?,
        subject_organization_id: opt_single_string(o, "SubjectOrganizationID", "SubjectOrganizationID")?,
        subject_role: codings(role, true, "SubjectRole")?,
        purpose_of_use: codings(o.get("PurposeOfUse"), true, "PurposeOfUse")?,
        home_community_id: opt_string(o, "HomeCommunityID", "HomeCommunityID")?,
        national_provider_identifier: opt_string(o, "NationalProviderIdentifier", "NationalProviderIdentifier")?,
        person_id: opt_string(o, "personID", "personID")?,
        provider_id,
    };
    let bppc = IheBppc {
        patient_id: opt_string(o, "resourceID", "resourceID")?,
        doc_id: opt_string(o, "docid", "docid")?,
        acp: opt_string(o, "acp", "acp")?,
    };
    Ok((iua, bppc))
}

/// Claim paths naming the patient, per form, for request-consistency checks.
pub(crate) fn patient_claims(form: ClaimForm) -> [&'static str; 2] {
    match form {
        ClaimForm::Current => ["extensions.ihe_iua.person_id", "extensions.ihe_bppc.patient_id"],
        ClaimForm::Legacy => ["personID", "resourceID"],
    }
}

impl IuaToken {
    /// Assemble the typed result from validated claims (the verifier checked
    /// presence and types of the registered claims before this).
    pub(crate) fn assemble(
        claims: Claims,
        form: ClaimForm,
        source: TokenSource,
        matched_audience: String,
        scopes: Vec<String>,
        iua: IheIua,
        bppc: IheBppc,
    ) -> Self {
        let s = |n: &str| claims.get_str(n).map(ToString::to_string);
        IuaToken {
            form,
            source,
            issuer: s("iss").unwrap_or_default(),
            subject: s("sub").unwrap_or_default(),
            audience: claims.aud().into_iter().map(ToString::to_string).collect(),
            matched_audience,
            expires_at: claims.exp().unwrap_or(0.0),
            issued_at: claims.iat(),
            not_before: claims.nbf(),
            jwt_id: s("jti").unwrap_or_default(),
            client_id: s("client_id"),
            scopes,
            iua,
            bppc,
            claims,
        }
    }
}

/// One JSON object written member by member (names are plain ASCII here):
/// [`IuaToken::to_json_with_payload`] writes the result's text straight
/// from the fields, without building an [`Object`] of copies first.
struct Members<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Members<'o> {
    fn open(out: &'o mut String) -> Self {
        out.push('{');
        Members { out, first: true }
    }

    /// `"name":` (after a comma but for the first member); the value follows.
    fn name(&mut self, name: &str) -> &mut String {
        if !core::mem::replace(&mut self.first, false) {
            self.out.push(',');
        }
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
        self.out
    }

    fn str(&mut self, name: &str, v: &str) {
        json::write_string(v, self.name(name));
    }

    fn opt(&mut self, name: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.str(name, v);
        }
    }

    fn num(&mut self, name: &str, v: f64) {
        json::write_number(v, self.name(name));
    }

    /// An array of strings.
    fn strings(&mut self, name: &str, items: &[String]) {
        let out = self.name(name);
        out.push('[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(v, out);
        }
        out.push(']');
    }

    /// An array of objects, each written by `item`.
    fn objects<T>(&mut self, name: &str, items: &[T], item: impl Fn(&T, &mut Members<'_>)) {
        let out = self.name(name);
        out.push('[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut m = Members::open(out);
            item(v, &mut m);
            m.close();
        }
        out.push(']');
    }

    fn close(self) {
        self.out.push('}');
    }
}

fn write_coding(c: &Coding, m: &mut Members<'_>) {
    m.opt("system", &c.system);
    m.str("code", &c.code);
    m.opt("display", &c.display);
}

impl IuaToken {
    /// The typed result as a JSON object with camelCase member names (the
    /// shape the JS API returns). Absent optional fields are left out; lists
    /// are always present; `payload` is the whole verified claims set. The
    /// fields are those [`to_json_with_payload`](Self::to_json_with_payload)
    /// writes, read back: one definition of the shape.
    pub fn to_object(&self) -> Object {
        let mut text = String::new();
        let mut o = Members::open(&mut text);
        self.write_fields(&mut o);
        o.close();
        // the writer's own output: a flat-ish object of strings, finite
        // numbers and arrays, unique names (3 levels deep)
        let mut fields = json::parse_object_str(&text, 8).ok().flatten().expect("IuaToken's fields are JSON");
        fields.insert("payload", self.claims.as_object().clone().into());
        fields
    }

    /// [`to_object`](Self::to_object) as JSON text, written from the fields,
    /// with `payload_text` as the `payload` member: the verified claims set's
    /// text as the token carries it. The core accepted that text under
    /// stricter rules than `JSON.parse` (no duplicate names, no lone
    /// surrogates, finite numbers, a depth limit), so `JSON.parse` of the
    /// whole reads exactly the values it checked, without the claims set
    /// being copied and serialized again. (`tests/iua.rs` reads it back
    /// against `to_object`, whose `payload` is the parsed claims set, for
    /// every token of its corpus.)
    pub fn to_json_with_payload(&self, payload_text: &str) -> String {
        let mut out = String::with_capacity(payload_text.len() + 512);
        let mut o = Members::open(&mut out);
        self.write_fields(&mut o);
        o.name("payload").push_str(payload_text);
        o.close();
        out
    }

    /// Every member of the typed result but `payload`, in order.
    fn write_fields(&self, o: &mut Members<'_>) {
        o.str("form", self.form.as_str());
        match &self.source {
            TokenSource::Jws { alg, kid, typ } => {
                o.str("source", "jws");
                o.str("alg", alg.name());
                o.opt("kid", kid);
                o.opt("typ", typ);
            }
            TokenSource::Introspection => o.str("source", "introspection"),
        }
        o.str("issuer", &self.issuer);
        o.str("subject", &self.subject);
        o.strings("audience", &self.audience);
        o.str("matchedAudience", &self.matched_audience);
        o.num("expiresAt", self.expires_at);
        if let Some(v) = self.issued_at {
            o.num("issuedAt", v);
        }
        if let Some(v) = self.not_before {
            o.num("notBefore", v);
        }
        o.str("jwtId", &self.jwt_id);
        o.opt("clientId", &self.client_id);
        o.strings("scopes", &self.scopes);
        let mut iua = Members::open(o.name("iua"));
        let i = &self.iua;
        iua.opt("subjectName", &i.subject_name);
        iua.opt("subjectOrganization", &i.subject_organization);
        iua.opt("subjectOrganizationId", &i.subject_organization_id);
        iua.objects("subjectRole", &i.subject_role, write_coding);
        iua.objects("purposeOfUse", &i.purpose_of_use, write_coding);
        iua.opt("homeCommunityId", &i.home_community_id);
        iua.opt("nationalProviderIdentifier", &i.national_provider_identifier);
        iua.opt("personId", &i.person_id);
        iua.objects("providerId", &i.provider_id, |p, m| {
            m.str("root", &p.root);
            m.opt("extension", &p.extension);
        });
        iua.close();
        let mut bppc = Members::open(o.name("bppc"));
        bppc.opt("patientId", &self.bppc.patient_id);
        bppc.opt("docId", &self.bppc.doc_id);
        bppc.opt("acp", &self.bppc.acp);
        bppc.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(json: &str) -> Claims {
        Claims::from_object(crate::json::parse_object(json.as_bytes(), 16).unwrap().unwrap())
    }

    #[test]
    fn form_detection() {
        assert_eq!(detect_form(&c(r#"{"iss":"x"}"#)).unwrap(), ClaimForm::Current);
        assert_eq!(detect_form(&c(r#"{"extensions":{}}"#)).unwrap(), ClaimForm::Current);
        assert_eq!(detect_form(&c(r#"{"SubjectID":"x"}"#)).unwrap(), ClaimForm::Legacy);
        assert_eq!(detect_form(&c(r#"{"Subject:Role":"x"}"#)).unwrap(), ClaimForm::Legacy);
        assert_eq!(detect_form(&c(r#"{"SubjectID":"x","extensions":{}}"#)), Err(Error::Iua(IuaError::MixedClaimForms)));
    }

    #[test]
    fn single_coding_or_array() {
        let one = c(r#"{"extensions":{"ihe_iua":{"subject_role":{"system":"urn:oid:2.16.840.1.113883.6.96","code":"46255001"}}}}"#);
        let many = c(r#"{"extensions":{"ihe_iua":{"subject_role":[{"system":"urn:oid:2.16.840.1.113883.6.96","code":"46255001"}]}}}"#);
        let (a, _) = extract(&one, ClaimForm::Current).unwrap();
        let (b, _) = extract(&many, ClaimForm::Current).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.subject_role.len(), 1);
        assert_eq!(a.subject_role[0].code, "46255001");
    }

    #[test]
    fn wrong_shapes_are_specific() {
        let cases = [
            (r#"{"extensions":[]}"#, "extensions"),
            (r#"{"extensions":{"ihe_iua":"x"}}"#, "extensions.ihe_iua"),
            (r#"{"extensions":{"ihe_bppc":1}}"#, "extensions.ihe_bppc"),
            (r#"{"extensions":{"ihe_iua":{"subject_name":1}}}"#, "extensions.ihe_iua.subject_name"),
            (r#"{"extensions":{"ihe_iua":{"subject_name":null}}}"#, "extensions.ihe_iua.subject_name"),
            (r#"{"extensions":{"ihe_iua":{"subject_organization":["a"]}}}"#, "extensions.ihe_iua.subject_organization"),
            (r#"{"extensions":{"ihe_iua":{"subject_role":"46255001"}}}"#, "extensions.ihe_iua.subject_role"),
            (r#"{"extensions":{"ihe_iua":{"subject_role":{"system":"s"}}}}"#, "extensions.ihe_iua.subject_role"),
            (r#"{"extensions":{"ihe_iua":{"subject_role":{"code":""}}}}"#, "extensions.ihe_iua.subject_role"),
            (r#"{"extensions":{"ihe_iua":{"subject_role":{"code":"a","system":1}}}}"#, "extensions.ihe_iua.subject_role"),
            (r#"{"extensions":{"ihe_iua":{"subject_role":{"code":"a","system":"x","codeSystem":"y"}}}}"#, "extensions.ihe_iua.subject_role"),
            (r#"{"extensions":{"ihe_iua":{"purpose_of_use":[{"code":"a"},2]}}}"#, "extensions.ihe_iua.purpose_of_use"),
            (r#"{"extensions":{"ihe_iua":{"person_id":{"value":"1"}}}}"#, "extensions.ihe_iua.person_id"),
            (r#"{"extensions":{"ihe_bppc":{"patient_id":5}}}"#, "extensions.ihe_bppc.patient_id"),
            (r#"{"extensions":{"ihe_bppc":{"acp":true}}}"#, "extensions.ihe_bppc.acp"),
        ];
        for (json, claim) in cases {
            assert_eq!(extract(&c(json), ClaimForm::Current).err(), Some(bad(claim)), "{json}");
        }
        let legacy = [
            (r#"{"SubjectID":["a"]}"#, "SubjectID"),
            (r#"{"SubjectOrganization":["a","b"]}"#, "SubjectOrganization"),
            (r#"{"SubjectOrganizationID":[]}"#, "SubjectOrganizationID"),
            (r#"{"SubjectOrganizationID":[1]}"#, "SubjectOrganizationID"),
            (r#"{"SubjectRole":"a","Subject:Role":"a"}"#, "SubjectRole"),
            (r#"{"SubjectRole":5}"#, "SubjectRole"),
            (r#"{"PurposeOfUse":[""]}"#, "PurposeOfUse"),
            (r#"{"ProviderID":[{"extension":"1"}]}"#, "ProviderID"),
            (r#"{"ProviderID":"1.2.3"}"#, "ProviderID"),
            (r#"{"resourceID":1}"#, "resourceID"),
            (r#"{"docid":{}}"#, "docid"),
        ];
        for (json, claim) in legacy {
            assert_eq!(extract(&c(json), ClaimForm::Legacy).err(), Some(bad(claim)), "{json}");
        }
    }

    #[test]
    fn legacy_rev13_shapes() {
        let (iua, bppc) = extract(
            &c(r#"{
                "SubjectID":"Dr. John Smith",
                "SubjectOrganization":["Central Hospital"],
                "SubjectOrganizationID":["urn:oid:1.2.3.4"],
                "Subject:Role":[{"code":"46255001","codeSystem":"2.16.840.1.113883.6.96","displayName":"Pharmacist"}],
                "PurposeOfUse":{"code":"TREATMENT","codeSystem":"1.0.14265.1"},
                "ProviderID":[{"root":"2.16.840.1.113883.4.6","extension":"1234567893"}],
                "resourceID":"543797436^^^&1.2.840.113619.6.197&ISO",
                "docid":"urn:oid:1.2.3.99","acp":"urn:oid:1.2.3.100","personID":"urn:uuid:1"}"#),
            ClaimForm::Legacy,
        )
        .unwrap();
        assert_eq!(iua.subject_name.as_deref(), Some("Dr. John Smith"));
        assert_eq!(iua.subject_organization.as_deref(), Some("Central Hospital"));
        assert_eq!(iua.subject_organization_id.as_deref(), Some("urn:oid:1.2.3.4"));
        assert_eq!(
            iua.subject_role,
            [Coding { system: Some("2.16.840.1.113883.6.96".into()), code: "46255001".into(), display: Some("Pharmacist".into()) }]
        );
        assert_eq!(iua.purpose_of_use[0].code, "TREATMENT");
        assert_eq!(iua.provider_id[0].extension.as_deref(), Some("1234567893"));
        assert_eq!(iua.person_id.as_deref(), Some("urn:uuid:1"));
        assert_eq!(bppc.patient_id.as_deref(), Some("543797436^^^&1.2.840.113619.6.197&ISO"));
        assert_eq!(bppc.doc_id.as_deref(), Some("urn:oid:1.2.3.99"));
        assert_eq!(bppc.acp.as_deref(), Some("urn:oid:1.2.3.100"));
        // a bare code string is accepted in the legacy form only
        let (iua, _) = extract(&c(r#"{"SubjectRole":"46255001"}"#), ClaimForm::Legacy).unwrap();
        assert_eq!(iua.subject_role[0].code, "46255001");
        assert_eq!(iua.subject_role[0].system, None);
    }
}
