//! IUA verifier configuration from a JSON object (the JS API's option names).
//!
//! Unknown names are refused (`ERR_INVALID_OPTIONS`): a typo such as
//! `requiredScope` must never switch a check off. `null` counts as absent.

use alloc::string::String;
use alloc::vec::Vec;

use super::{ClaimForms, IuaVerifier, IuaVerifierBuilder};
use crate::error::Error;
use crate::jwa::AlgorithmSet;
use crate::json::{Object, Value};
use crate::jwt::parse_duration;

/// Every option name [`builder_from_options`] reads.
pub const OPTION_NAMES: [&str; 13] = [
    "issuer",
    "audience",
    "algorithms",
    "requiredScopes",
    "strict",
    "typ",
    "allowMissingTyp",
    "claimForms",
    "acceptIheJwtScheme",
    "clockTolerance",
    "maxTokenAge",
    "realm",
    "insufficientScopeStatus",
];

fn bad(what: &'static str) -> Error {
    Error::InvalidOptions(what)
}

fn strings(v: &Value, what: &'static str) -> Result<Vec<String>, Error> {
    v.to_string_vec().ok_or_else(|| bad(what))
}

fn span(v: &Value, what: &'static str) -> Result<f64, Error> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_duration(s).map(|s| s as f64),
        _ => Err(bad(what)),
    }
}

fn boolean(v: &Value, what: &'static str) -> Result<bool, Error> {
    v.as_bool().ok_or(bad(what))
}

/// Build an [`IuaVerifierBuilder`] from `{issuer, audience, algorithms,
/// requiredScopes?, strict?, typ?, allowMissingTyp?, claimForms?,
/// acceptIheJwtScheme?, clockTolerance?, maxTokenAge?, realm?,
/// insufficientScopeStatus?}`. `issuer`, `audience` and `algorithms` are
/// required; durations are seconds or a span such as `"30s"`.
pub fn builder_from_options(o: &Object) -> Result<IuaVerifierBuilder, Error> {
    for (name, _) in o.iter() {
        if !OPTION_NAMES.contains(&name) {
            return Err(bad("unknown option (allowed: issuer, audience, algorithms, requiredScopes, strict, typ, allowMissingTyp, claimForms, acceptIheJwtScheme, clockTolerance, maxTokenAge, realm, insufficientScopeStatus)"));
        }
    }
    let get = |n: &str| o.get(n).filter(|v| !v.is_null());
    let issuer = get("issuer").and_then(Value::as_str).ok_or(bad("issuer (a string) is required"))?;
    let audiences = match get("audience") {
        Some(Value::String(s)) => alloc::vec![s.clone()],
        Some(v @ Value::Array(_)) => strings(v, "audience must be a string or an array of strings")?,
        _ => return Err(bad("audience (this resource server's identifier) is required")),
    };
    let (first, rest) = audiences.split_first().ok_or(bad("audience must not be an empty list"))?;
    let algorithms = match get("algorithms") {
        Some(v) => AlgorithmSet::from_names(&strings(v, "algorithms must be an array of strings")?)?,
        None => return Err(bad("algorithms is required")),
    };
    let mut b = IuaVerifier::builder(issuer, first, algorithms);
    for a in rest {
        b = b.audience(a);
    }
    if let Some(v) = get("requiredScopes") {
        b = b.required_scopes(&strings(v, "requiredScopes must be an array of strings")?);
    }
    let allow_missing = get("allowMissingTyp").map(|v| boolean(v, "allowMissingTyp must be a boolean")).transpose()?;
    let strict = get("strict").map(|v| boolean(v, "strict must be a boolean")).transpose()?.unwrap_or(false);
    match get("typ") {
        Some(v) => {
            if strict {
                return Err(bad("typ and strict exclude each other (strict accepts only at+jwt)"));
            }
            b = b.accepted_types(&strings(v, "typ must be an array of strings")?, allow_missing.unwrap_or(false));
        }
        None if allow_missing.is_some() => return Err(bad("allowMissingTyp needs typ")),
        None => b = b.strict_rfc9068(strict),
    }
    if let Some(v) = get("claimForms") {
        b = b.claim_forms(match v.as_str() {
            Some("both") => ClaimForms::Both,
            Some("current") => ClaimForms::CurrentOnly,
            _ => return Err(bad("claimForms must be \"both\" or \"current\"")),
        });
    }
    if let Some(v) = get("acceptIheJwtScheme") {
        b = b.accept_ihe_jwt_scheme(boolean(v, "acceptIheJwtScheme must be a boolean")?);
    }
    if let Some(v) = get("clockTolerance") {
        b = b.clock_tolerance(span(v, "clockTolerance must be a number or a string")?);
    }
    if let Some(v) = get("maxTokenAge") {
        b = b.max_token_age(span(v, "maxTokenAge must be a number or a string")?);
    }
    if let Some(v) = get("realm") {
        b = b.realm(v.as_str().ok_or(bad("realm must be a string"))?);
    }
    if let Some(v) = get("insufficientScopeStatus") {
        let n = v.as_f64().ok_or(bad("insufficientScopeStatus must be 401 or 403"))?;
        b = b.insufficient_scope_status(if n == 401.0 { 401 } else if n == 403.0 { 403 } else { 0 });
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    fn build(text: &str) -> Result<IuaVerifier, Error> {
        builder_from_options(&json::parse_object(text.as_bytes(), 8).unwrap().unwrap())?.build()
    }

    #[test]
    fn options() {
        assert!(build(r#"{"issuer":"https://as","audience":"https://rs","algorithms":["RS256"]}"#).is_ok());
        assert!(build(r#"{"issuer":"https://as","audience":["a","b"],"algorithms":["ES256"],"requiredScopes":["x"],"clockTolerance":"30s","maxTokenAge":300,"realm":"r","insufficientScopeStatus":401,"claimForms":"current","acceptIheJwtScheme":false,"strict":true}"#).is_ok());
        assert!(build(r#"{"issuer":"https://as","audience":"a","algorithms":["ES256"],"typ":["IUA-JWT"],"allowMissingTyp":true}"#).is_ok());
        for bad in [
            r#"{"audience":"a","algorithms":["ES256"]}"#,
            r#"{"issuer":"i","algorithms":["ES256"]}"#,
            r#"{"issuer":"i","audience":[],"algorithms":["ES256"]}"#,
            r#"{"issuer":"i","audience":"a"}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["none"]}"#,
            r#"{"issuer":"i","audience":"a","algorithms":[]}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"requiredScope":["x"]}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"strict":"yes"}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"strict":true,"typ":["JWT"]}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"allowMissingTyp":true}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"claimForms":"legacy"}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"clockTolerance":"soon"}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"clockTolerance":-1}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"insufficientScopeStatus":400}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"realm":"a\nb"}"#,
            r#"{"issuer":"i","audience":"a","algorithms":["ES256"],"requiredScopes":["a b"]}"#,
        ] {
            assert!(build(bad).is_err(), "{bad}");
        }
    }
}
