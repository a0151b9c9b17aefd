//! lti.md §C — the Deep Linking response (Deep Linking 2.0 §4.5-4.6): a JWT
//! signed with the tool's private key, POSTed by the browser as `JWT` to the
//! request's `deep_link_return_url`.

use alloc::string::String;
use alloc::vec::Vec;

use super::claims::{DeepLinkingSettings, Launch, MessageType, names};
use super::form::auto_submit_form;
use super::LtiError;
use crate::error::Error;
use crate::jwa::Algorithm;
use crate::json::{Object, Value};
use crate::jws::sign::SigningKey;
use crate::jwt::UnixTime;

/// Default lifetime of the response JWT (seconds).
pub const DEFAULT_RESPONSE_TTL: i64 = 300;

/// A Deep Linking response being assembled for one `LtiDeepLinkingRequest`.
#[derive(Clone, Debug)]
pub struct DeepLinkingResponse {
    client_id: String,
    platform_issuer: String,
    deployment_id: String,
    settings: DeepLinkingSettings,
    items: Vec<Object>,
    msg: Option<String>,
    log: Option<String>,
    errormsg: Option<String>,
    errorlog: Option<String>,
}

impl DeepLinkingResponse {
    /// Start a response to a verified deep linking launch.
    pub fn for_launch(launch: &Launch) -> Result<Self, Error> {
        if launch.message_type != MessageType::DeepLinking {
            return Err(LtiError::DlNotDeepLinking.into());
        }
        let settings = launch.deep_linking_settings.clone().ok_or(LtiError::DeepLinkingSettingsMissing)?;
        Ok(Self::new(&launch.client_id, &launch.issuer, &launch.deployment_id, settings))
    }

    /// Start a response from a deep linking launch's verified claims (e.g.
    /// kept between the launch and the user's selection): the message type
    /// must be `LtiDeepLinkingRequest`; settings, deployment and issuer come
    /// from the claims, `client_id` is the tool's.
    pub fn from_claims(client_id: &str, claims: &crate::jwt::Claims) -> Result<Self, Error> {
        if claims.get_str(names::MESSAGE_TYPE) != Some(MessageType::DeepLinking.as_str()) {
            return Err(LtiError::DlNotDeepLinking.into());
        }
        let settings = super::claims::deep_linking_settings(claims)?.ok_or(LtiError::DeepLinkingSettingsMissing)?;
        let deployment = claims.get_str(names::DEPLOYMENT_ID).ok_or(LtiError::DeploymentIdMissing)?;
        let issuer = claims.iss().ok_or(LtiError::IssMissing)?;
        Ok(Self::new(client_id, issuer, deployment, settings))
    }

    /// Start a response from its parts (e.g. a launch stored between requests).
    pub fn new(client_id: &str, platform_issuer: &str, deployment_id: &str, settings: DeepLinkingSettings) -> Self {
        DeepLinkingResponse {
            client_id: client_id.into(),
            platform_issuer: platform_issuer.into(),
            deployment_id: deployment_id.into(),
            settings,
            items: Vec::new(),
            msg: None,
            log: None,
            errormsg: None,
            errorlog: None,
        }
    }

    /// Deep Linking 2.0 §4.4.1 / §3.x: add one content item. It must be an
    /// object with a string `type` listed in `accept_types`; more than one
    /// item only when `accept_multiple` is true.
    pub fn add_item(&mut self, item: Object) -> Result<&mut Self, Error> {
        let t = item.get_str("type").filter(|t| !t.is_empty()).ok_or(LtiError::DlContentItemInvalid)?;
        if !self.settings.accept_types.iter().any(|a| a == t) {
            return Err(LtiError::DlContentItemTypeNotAccepted.into());
        }
        if !self.items.is_empty() && self.settings.accept_multiple != Some(true) {
            return Err(LtiError::DlTooManyContentItems.into());
        }
        self.items.push(item);
        Ok(self)
    }

    /// Add items given as a JSON value (an array of objects, or one object).
    pub fn add_items_value(&mut self, items: &Value) -> Result<&mut Self, Error> {
        match items {
            Value::Array(a) => {
                for i in a {
                    self.add_item(i.as_object().cloned().ok_or(LtiError::DlContentItemInvalid)?)?;
                }
            }
            Value::Object(o) => {
                self.add_item(o.clone())?;
            }
            _ => return Err(LtiError::DlContentItemInvalid.into()),
        }
        Ok(self)
    }

    /// `dl:msg`: a message the platform may show the user.
    pub fn msg(&mut self, s: &str) -> &mut Self {
        self.msg = Some(s.into());
        self
    }
    /// `dl:log`: a message the platform may log.
    pub fn log(&mut self, s: &str) -> &mut Self {
        self.log = Some(s.into());
        self
    }
    /// `dl:errormsg`
    pub fn errormsg(&mut self, s: &str) -> &mut Self {
        self.errormsg = Some(s.into());
        self
    }
    /// `dl:errorlog`
    pub fn errorlog(&mut self, s: &str) -> &mut Self {
        self.errorlog = Some(s.into());
        self
    }

    /// Where the browser must POST the response.
    pub fn return_url(&self) -> &str {
        &self.settings.deep_link_return_url
    }

    pub fn items(&self) -> &[Object] {
        &self.items
    }

    /// The claims set of lti.md §C: `iss` = client_id, `aud` = platform
    /// issuer, `exp`, `iat`, `nonce`, deployment id, message type, version,
    /// `dl:data` verbatim when the request carried it, `dl:content_items`
    /// (possibly empty), and the optional messages.
    pub fn claims(&self, nonce: &str, now: UnixTime, ttl_secs: i64) -> Object {
        let mut c = Object::new();
        c.insert("iss", self.client_id.as_str().into());
        c.insert("aud", self.platform_issuer.as_str().into());
        c.insert("iat", Value::from(now.as_secs()));
        c.insert("exp", Value::from(now.as_secs().saturating_add(ttl_secs)));
        c.insert("nonce", nonce.into());
        c.insert(names::DEPLOYMENT_ID, self.deployment_id.as_str().into());
        c.insert(names::MESSAGE_TYPE, "LtiDeepLinkingResponse".into());
        c.insert(names::VERSION, "1.3.0".into());
        if let Some(d) = &self.settings.data {
            c.insert(names::DL_DATA, d.clone());
        }
        c.insert(names::DL_CONTENT_ITEMS, Value::Array(self.items.iter().cloned().map(Value::Object).collect()));
        for (name, v) in [
            (names::DL_MSG, &self.msg),
            (names::DL_LOG, &self.log),
            (names::DL_ERRORMSG, &self.errormsg),
            (names::DL_ERRORLOG, &self.errorlog),
        ] {
            if let Some(s) = v {
                c.insert(name, s.as_str().into());
            }
        }
        c
    }

    /// Sign the response with the tool's private key: header `alg`, `kid`,
    /// `typ: JWT` only (never `jku`/`jwk`/`x5u`/`x5c`); RS256/384/512 or
    /// ES256/384/512 with a `kid`. `nonce` must be fresh (≥ 128 bits).
    pub fn sign(&self, key: &SigningKey, nonce: &str, now: UnixTime, ttl_secs: i64) -> Result<String, Error> {
        check_signing_key(key)?;
        if nonce.len() < super::login::MIN_RANDOM_LEN {
            return Err(LtiError::StateEntropyTooShort.into());
        }
        if !(1..=3600).contains(&ttl_secs) {
            return Err(Error::InvalidOptions("deep linking response ttl must be 1..=3600 seconds"));
        }
        key.sign_jwt(&self.claims(nonce, now, ttl_secs), Some("JWT"))
    }

    /// The JWS signing input (`BASE64URL(header).BASE64URL(claims)`) for a
    /// signer outside the core — e.g. WebCrypto `RSASSA-PKCS1-v1_5` in the
    /// npm package, which keeps RSA private-key code out of the .wasm. Same
    /// header and claims as [`sign`](Self::sign); finish with
    /// [`attach_signature`].
    pub fn signing_input(&self, alg: Algorithm, kid: &str, nonce: &str, now: UnixTime, ttl_secs: i64) -> Result<String, Error> {
        use Algorithm::*;
        if kid.is_empty() || !matches!(alg, RS256 | RS384 | RS512 | ES256 | ES384 | ES512) {
            return Err(LtiError::DlSigningKeyInvalid.into());
        }
        if nonce.len() < super::login::MIN_RANDOM_LEN {
            return Err(LtiError::StateEntropyTooShort.into());
        }
        if !(1..=3600).contains(&ttl_secs) {
            return Err(Error::InvalidOptions("deep linking response ttl must be 1..=3600 seconds"));
        }
        let mut h = Object::new();
        h.insert("typ", "JWT".into());
        h.insert("alg", alg.name().into());
        h.insert("kid", kid.into());
        let mut out = crate::base64url::encode(h.to_json().as_bytes());
        out.push('.');
        out.push_str(&crate::base64url::encode(self.claims(nonce, now, ttl_secs).to_json().as_bytes()));
        Ok(out)
    }

    /// The auto-submitting HTML form that POSTs `JWT` to the return URL.
    pub fn form_html(&self, jwt: &str) -> String {
        auto_submit_form(self.return_url(), &[("JWT", jwt)])
    }
}

/// Complete a compact JWS from [`DeepLinkingResponse::signing_input`] and the
/// raw signature bytes (RSASSA-PKCS1-v1_5 octets, or ECDSA `R || S`).
pub fn attach_signature(signing_input: &str, signature: &[u8]) -> String {
    let mut out = String::from(signing_input);
    out.push('.');
    out.push_str(&crate::base64url::encode(signature));
    out
}

/// lti.md §C: the tool key must carry a `kid` and sign with RS* or ES*.
pub fn check_signing_key(key: &SigningKey) -> Result<(), Error> {
    use Algorithm::*;
    if key.kid().is_none_or(str::is_empty) || !matches!(key.alg(), RS256 | RS384 | RS512 | ES256 | ES384 | ES512) {
        return Err(LtiError::DlSigningKeyInvalid.into());
    }
    Ok(())
}

/// Read a `deep_linking_settings` object given on its own (e.g. stored).
pub fn settings_from_object(o: &Object) -> Result<DeepLinkingSettings, Error> {
    let mut c = Object::new();
    c.insert(names::DL_SETTINGS, Value::Object(o.clone()));
    super::claims::deep_linking_settings(&crate::jwt::Claims::from_object(c))?
        .ok_or(LtiError::DeepLinkingSettingsMissing.into())
}

impl DeepLinkingSettings {
    /// Whether a content item type is accepted.
    pub fn accepts(&self, item_type: &str) -> bool {
        self.accept_types.iter().any(|t| t == item_type)
    }
}

