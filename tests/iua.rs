//! IHE IUA resource-server profile: every check of ../shared/specs/iua.md,
//! both claim forms, the Authorization header edge cases and the exact
//! RFC 6750 challenge strings.

use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use tokencheck::json::{self, Object, Value};
use tokencheck::oauth::bearer;
use tokencheck::oauth::discovery::{self, MetadataOptions};
use tokencheck::oauth::introspection;
use tokencheck::profiles::iua::{
    ClaimForm, ClaimForms, Coding, Introspected, IuaError, IuaToken, IuaVerifier, IuaVerifierBuilder, Rejection,
    RejectionKind, RequestContext, TokenSource, atna_user_name,
};
use tokencheck::jws::Verified;
use tokencheck::jws::external::{HostChecks, PendingSignature, SignatureCheck};
use tokencheck::{Algorithm, AlgorithmSet, Error, JwkSet, Reason, SigningKey, UnixTime, base64url};

const NOW: i64 = 1_700_000_000;
const ISS: &str = "https://as.example.com/realms/iua";
const AUD: &str = "https://fhir.example.com/r4";
const HS_SECRET: &[u8] = b"iua-test-secret-of-at-least-32-bytes!";
// A test-only P-256 key (x, y derived from d).
const EC_X: &str = "VF_6-XkeiDppj2Vh2ek7DgeYF1M1KmYdYQ3Nv12eJ-w";
const EC_Y: &str = "eUvQS0kVOVD-OiUB91HB4WRkYey89iVBBtKAmJ9nbsA";
const EC_D: &str = "jpsQnnGQmL-YBIffH1136cLSG3Kw1o2dCmGDiIm4YRY";
const RSA1: &str = include_str!("fixtures/iua-rsa-1.pem");
const RSA2: &str = include_str!("fixtures/iua-rsa-2.pem");

fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

fn rsa_key(pem: &str) -> rsa::RsaPrivateKey {
    rsa::RsaPrivateKey::from_pkcs8_pem(pem).unwrap()
}

fn rsa_public_jwk(pem: &str, kid: &str) -> String {
    let pk = rsa_key(pem).to_public_key();
    format!(
        r#"{{"kty":"RSA","kid":"{kid}","use":"sig","n":"{}","e":"{}"}}"#,
        base64url::encode(&pk.n_bytes()),
        base64url::encode(&pk.e_bytes())
    )
}

fn hs_jwk() -> String {
    format!(r#"{{"kty":"oct","kid":"hs","k":"{}"}}"#, base64url::encode(HS_SECRET))
}

fn ec_jwk() -> String {
    format!(r#"{{"kty":"EC","crv":"P-256","kid":"ec","x":"{EC_X}","y":"{EC_Y}"}}"#)
}

/// The authorization server's public keys (RSA and EC).
fn keys() -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{},{}]}}"#, rsa_public_jwk(RSA1, "rsa1"), ec_jwk())).unwrap()
}

/// The secret shared with an HS256-signing authorization server (a set of its
/// own: secret and public keys are never mixed in one set).
fn hs_keys() -> JwkSet {
    JwkSet::from_json(&format!(r#"{{"keys":[{}]}}"#, hs_jwk())).unwrap()
}

/// The key set a deployment would use for this input: the shared secret for
/// HS256 tokens, the public keys otherwise.
fn keys_for(input: &str) -> JwkSet {
    let hs = bearer::credential_from_input(input)
        .ok()
        .and_then(|c| tokencheck::jws::decode_protected_header(c.token, &Default::default()).ok())
        .is_some_and(|h| h.get_str("alg") == Some("HS256"));
    if hs { hs_keys() } else { keys() }
}

fn all_algs() -> AlgorithmSet {
    AlgorithmSet::new(&[Algorithm::RS256, Algorithm::ES256, Algorithm::HS256]).unwrap()
}

#[derive(Clone, Copy, Debug)]
enum Alg {
    Hs256,
    Es256,
    Rs256,
}

/// Sign `claims` with the given algorithm and header `typ` (None = no typ).
fn sign_typ(alg: Alg, typ: Option<&str>, claims: &Object) -> String {
    let mut header = Object::new();
    if let Some(t) = typ {
        header.insert("typ", t.into());
    }
    match alg {
        Alg::Hs256 => SigningKey::hmac(HS_SECRET, Algorithm::HS256, Some("hs".into()))
            .unwrap()
            .sign_compact(&header, claims.to_json().as_bytes())
            .unwrap(),
        Alg::Es256 => SigningKey::from_jwk(
            &format!(r#"{{"kty":"EC","crv":"P-256","kid":"ec","x":"{EC_X}","y":"{EC_Y}","d":"{EC_D}","alg":"ES256"}}"#),
            None,
        )
        .unwrap()
        .sign_compact(&header, claims.to_json().as_bytes())
        .unwrap(),
        Alg::Rs256 => sign_rsa(RSA1, "rsa1", typ, claims),
    }
}

fn sign_rsa(pem: &str, kid: &str, typ: Option<&str>, claims: &Object) -> String {
    let mut header = Object::new();
    header.insert("alg", "RS256".into());
    header.insert("kid", kid.into());
    if let Some(t) = typ {
        header.insert("typ", t.into());
    }
    let input = format!("{}.{}", base64url::encode(header.to_json().as_bytes()), base64url::encode(claims.to_json().as_bytes()));
    let sk = rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha256>::new(rsa_key(pem));
    let sig = sk.sign(input.as_bytes()).to_vec();
    format!("{input}.{}", base64url::encode(&sig))
}

fn sign(claims: &Object) -> String {
    sign_typ(Alg::Es256, Some("at+jwt"), claims)
}

fn obj(text: &str) -> Object {
    json::parse_object(text.as_bytes(), 16).unwrap().unwrap()
}

/// A current-form (Rev 2.x) token as an IUA authorization server issues it
/// (shape of ITI-71 §3.71.4.2.2.1.3, with the claims that example omits).
fn current_claims() -> Object {
    obj(&format!(
        r#"{{
        "iss": "{ISS}",
        "sub": "b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7",
        "aud": "{AUD}",
        "exp": {exp}, "nbf": {nbf}, "iat": {iat},
        "jti": "6f1d3a2e-8b6c-4a55-9f0e-4a1f7b1d2c3e",
        "client_id": "mhd-document-consumer",
        "scope": "ITI-67 ITI-68",
        "extensions": {{
            "ihe_iua": {{
                "subject_name": "Dr. John Smith",
                "subject_organization": "Central Hospital",
                "subject_organization_id": "urn:oid:1.2.3.4",
                "home_community_id": "urn:oid:1.2.3.4.5.6.7.8",
                "national_provider_identifier": "urn:oid:2.16.840.1.113883.4.6|1234567893",
                "person_id": "urn:uuid:1.2.3.4",
                "subject_role": [{{"system": "2.16.840.1.113883.6.96", "code": "46255001", "display": "Pharmacist"}}],
                "purpose_of_use": [{{"system": "1.0.14265.1", "code": "12", "display": "Law Enforcement"}}]
            }},
            "ihe_bppc": {{
                "patient_id": "543797436^^^&1.2.840.113619.6.197&ISO",
                "doc_id": "urn:oid:1.2.3.99",
                "acp": "urn:oid:1.2.3.100"
            }}
        }}
    }}"#,
        exp = NOW + 300,
        nbf = NOW - 60,
        iat = NOW - 60
    ))
}

/// A legacy flat (2013 / Rev 1.x) token.
fn legacy_claims() -> Object {
    obj(&format!(
        r#"{{
        "iss": "{ISS}",
        "sub": "jsmith",
        "aud": "{AUD}",
        "exp": {exp},
        "jti": "a1b2c3",
        "SubjectID": "Dr. John Smith",
        "SubjectOrganization": "Central Hospital",
        "SubjectOrganizationID": "urn:oid:1.2.3.4",
        "HomeCommunityID": "urn:oid:1.2.3.4.5.6.7.8",
        "NationalProviderIdentifier": "1234567893",
        "SubjectRole": {{"code": "46255001", "codeSystem": "2.16.840.1.113883.6.96", "displayName": "Pharmacist"}},
        "PurposeOfUse": {{"code": "TREATMENT", "codeSystem": "1.3.6.1.4.1.19376.1.2.1.1"}},
        "resourceID": "543797436^^^&1.2.840.113619.6.197&ISO",
        "docid": "urn:oid:1.2.3.99",
        "acp": "urn:oid:1.2.3.100",
        "personID": "urn:uuid:1.2.3.4"
    }}"#,
        exp = NOW + 300
    ))
}

fn with(mut o: Object, f: impl FnOnce(&mut Object)) -> Object {
    f(&mut o);
    o
}

fn builder() -> IuaVerifierBuilder {
    IuaVerifier::builder(ISS, AUD, all_algs()).realm("fhir")
}

fn verifier() -> IuaVerifier {
    builder().build().unwrap()
}

/// `verify`, checked against the host-primitive path the npm package takes
/// (`prepare_request` handing out every signature, resolved here by the
/// crate's own primitive, then `finish_request`): the two agree on every
/// input of this file.
fn verify(v: &IuaVerifier, input: &str) -> Result<IuaToken, Error> {
    let keys = keys_for(input);
    let direct = v.verify(input, &keys, now());
    let hosted = verify_hosted(v, input, &keys, |p| p.verify_here(&keys));
    same_verdict(input, &direct, &hosted);
    // and with a verified-token cache: the first call (stored only if
    // accepted) and a repeat (answered from the entry) give the same verdict
    let mut cache = v.new_cache(4, 1 << 16).unwrap();
    for _ in 0..2 {
        let cached = v.verify_request_cached(&mut cache, input, &keys, now(), &RequestContext::default());
        same_verdict(input, &direct, &cached);
    }
    assert_eq!(cache.len(), usize::from(direct.is_ok()), "{input}");
    direct
}

fn same_verdict(input: &str, a: &Result<IuaToken, Error>, b: &Result<IuaToken, Error>) {
    match (a, b) {
        (Ok(a), Ok(b)) => assert_eq!(a.to_object().to_json(), b.to_object().to_json(), "{input}"),
        (a, b) => assert_eq!(a.as_ref().err(), b.as_ref().err(), "{input}"),
    }
}

/// The host-primitive path with `resolve` deciding the pending signature.
fn verify_hosted(
    v: &IuaVerifier,
    input: &str,
    keys: &JwkSet,
    resolve: impl FnOnce(PendingSignature) -> Result<Verified<Vec<u8>>, Error>,
) -> Result<IuaToken, Error> {
    let jws = match v.prepare_request(input, keys, HostChecks::WITH_ED25519.with_hmac())? {
        SignatureCheck::Verified(jws) => jws,
        SignatureCheck::External(pending) => resolve(pending)?,
    };
    v.finish_request_with(jws, now(), &RequestContext::default(), |token, payload| {
        // the npm package's result text: the typed fields with the payload's
        // own text spliced in, read back as the whole typed result
        let text = token.to_json_with_payload(payload);
        assert_eq!(json::parse(text.as_bytes(), 64), Ok(Value::Object(token.to_object())), "{input}");
        token
    })
}

fn ok(v: &IuaVerifier, input: &str) -> IuaToken {
    verify(v, input).unwrap_or_else(|e| panic!("expected acceptance, got {e:?} ({})", e.code()))
}

fn err(v: &IuaVerifier, input: &str) -> Error {
    match verify(v, input) {
        Ok(t) => panic!("expected refusal, got {t:?}"),
        Err(e) => e,
    }
}

fn iua(e: IuaError) -> Error {
    Error::Iua(e)
}

fn missing(claim: &'static str) -> Error {
    Error::ClaimValidationFailed { claim: claim.into(), reason: Reason::Missing }
}

fn check_failed(claim: &'static str) -> Error {
    Error::ClaimValidationFailed { claim: claim.into(), reason: Reason::CheckFailed }
}

/// (status, WWW-Authenticate) for an error, from the default verifier.
fn answer(v: &IuaVerifier, e: &Error) -> (u16, String) {
    let c = v.challenge(e);
    (c.status, c.www_authenticate.unwrap_or_default())
}

fn invalid_token(description: &str) -> (u16, String) {
    (401, format!(r#"Bearer realm="fhir", error="invalid_token", error_description="{description}""#))
}

// ---------------------------------------------------------------- transport

#[test]
fn bearer_header_and_bare_token_accepted() {
    let v = verifier();
    let t = sign(&current_claims());
    for input in [
        t.clone(),
        format!("Bearer {t}"),
        format!("bearer {t}"),
        format!("BEARER {t}"),
        format!("Bearer    {t}"),
        format!("  Bearer {t}  "),
        format!("\tBearer {t}\t"),
    ] {
        ok(&v, &input);
    }
}

#[test]
fn malformed_authorization_headers() {
    use tokencheck::profiles::iua::HeaderProblem::*;
    let v = verifier();
    let t = sign(&current_claims());
    let cases = [
        ("Bearer".to_string(), EmptyToken),
        ("Bearer ".to_string(), EmptyToken),
        ("bearer      ".to_string(), EmptyToken),
        (format!("Bearer {t} {t}"), MultipleTokens),
        (format!("Bearer {t}  extra"), MultipleTokens),
        (format!("Bearer {t}, Bearer {t}"), CommaJoined),
        (format!("Bearer {t},Bearer {t}"), CommaJoined),
        (format!("{t},{t}"), CommaJoined),
        (format!("Bearer\t{t}"), Whitespace),
        (format!("Bearer {t}\tx"), Whitespace),
        (format!("Bearer {t}\r\nX-Evil: 1"), Whitespace),
        (format!("Bearer \"{t}\""), InvalidCharacter),
    ];
    for (input, problem) in cases {
        let e = err(&v, &input);
        assert_eq!(e, iua(IuaError::InvalidAuthorization(problem)), "{input:?}");
        assert_eq!(e.code(), "ERR_IUA_INVALID_AUTHORIZATION");
        assert_eq!(e.reason(), Some(problem.as_str()));
        assert_eq!(
            answer(&v, &e),
            (400, r#"Bearer realm="fhir", error="invalid_request", error_description="Malformed Authorization header""#.into())
        );
    }
}

#[test]
fn no_credentials_and_foreign_schemes_get_no_error_code() {
    let v = verifier();
    for input in ["", "   ", "Basic dXNlcjpwYXNzd29yZA==", "Digest username=\"a\", realm=\"b\"", "DPoP eyJ.a.b"] {
        let e = err(&v, input);
        assert!(matches!(e, Error::Iua(IuaError::NoCredentials | IuaError::UnsupportedScheme)), "{input:?}: {e:?}");
        assert_eq!(answer(&v, &e), (401, r#"Bearer realm="fhir""#.to_string()), "{input:?}");
    }
    assert_eq!(err(&v, "").code(), "ERR_IUA_NO_CREDENTIALS");
    assert_eq!(err(&v, "Basic x").code(), "ERR_IUA_UNSUPPORTED_SCHEME");
    assert_eq!(answer(&v, &iua(IuaError::NoCredentials)), (401, r#"Bearer realm="fhir""#.to_string()));
    let c = v.challenge_without_credentials();
    assert_eq!((c.status, c.www_authenticate.as_deref()), (401, Some(r#"Bearer realm="fhir""#)));
    // no realm configured
    let plain = IuaVerifier::builder(ISS, AUD, all_algs()).build().unwrap();
    assert_eq!(plain.challenge_without_credentials().www_authenticate.as_deref(), Some("Bearer"));
}

#[test]
fn legacy_ihe_jwt_scheme_and_saml() {
    let v = verifier();
    let t = sign_typ(Alg::Hs256, Some("JWT"), &legacy_claims());
    let tok = ok(&v, &format!("IHE-JWT {t}"));
    assert_eq!(tok.form, ClaimForm::Legacy);
    ok(&v, &format!("ihe-jwt {t}"));
    let no_legacy_scheme = builder().accept_ihe_jwt_scheme(false).build().unwrap();
    assert_eq!(err(&no_legacy_scheme, &format!("IHE-JWT {t}")), iua(IuaError::UnsupportedScheme));

    let saml = base64url::encode(b"<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"/>");
    let e = err(&v, &format!("IHE-SAML {saml}"));
    assert_eq!(e.code(), "ERR_IUA_UNSUPPORTED_TOKEN_FORMAT");
    assert_eq!(
        answer(&v, &e),
        invalid_token("Unsupported token format: SAML assertions (IHE-SAML) are not accepted")
    );
}

// ---------------------------------------------------------------- token format

#[test]
fn hs256_rs256_es256_accepted() {
    let v = verifier();
    for alg in [Alg::Hs256, Alg::Es256, Alg::Rs256] {
        let t = ok(&v, &sign_typ(alg, Some("at+jwt"), &current_claims()));
        let want = match alg {
            Alg::Hs256 => Algorithm::HS256,
            Alg::Es256 => Algorithm::ES256,
            Alg::Rs256 => Algorithm::RS256,
        };
        assert!(matches!(t.source, TokenSource::Jws { alg, .. } if alg == want), "{alg:?}");
    }
}

#[test]
fn algorithm_allow_list_and_none() {
    let only_rs = IuaVerifier::builder(ISS, AUD, AlgorithmSet::new(&[Algorithm::RS256]).unwrap()).build().unwrap();
    let e = err(&only_rs, &sign(&current_claims()));
    assert_eq!(e.code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    assert_eq!(answer(&only_rs, &e).0, 401);
    let v = verifier();
    let payload = base64url::encode(current_claims().to_json().as_bytes());
    for alg in ["none", "None", "NONE"] {
        let h = base64url::encode(format!(r#"{{"alg":"{alg}","typ":"at+jwt"}}"#).as_bytes());
        for sig in ["", "c2ln"] {
            assert_eq!(err(&v, &format!("{h}.{payload}.{sig}")).code(), "ERR_JOSE_ALG_NOT_ALLOWED", "{alg}");
        }
    }
}

/// The host-primitive path keeps verify's order of checks: a forged
/// signature is refused as such before the `typ`, claim and request rules;
/// the host's `false` is a signature failure; its `true` (a lying host)
/// only gets a forgery as far as the next rule.
#[test]
fn host_path_keeps_the_order_of_checks() {
    let v = verifier();
    let keys = keys();
    let forge = |t: &str, claims: &Object| {
        let parts: Vec<&str> = t.split('.').collect();
        format!("{}.{}.{}", parts[0], base64url::encode(claims.to_json().as_bytes()), parts[2])
    };
    let expired = with(current_claims(), |o| {
        o.insert("exp", Value::from(NOW - 10));
    });
    let other = with(current_claims(), |o| {
        o.insert("sub", "mallory".into());
    });
    let cases = [
        (forge(&sign_typ(Alg::Es256, Some("secevent+jwt"), &current_claims()), &other), iua(IuaError::NotAccessToken)),
        (forge(&sign(&current_claims()), &expired), Error::Expired { claim: "exp" }),
        (forge(&sign_typ(Alg::Rs256, Some("logout+jwt"), &current_claims()), &other), iua(IuaError::NotAccessToken)),
    ];
    for (token, after_a_lie) in cases {
        assert_eq!(err(&v, &token), Error::SignatureVerificationFailed, "{token}");
        assert_eq!(verify_hosted(&v, &token, &keys, |p| p.complete(false)).unwrap_err(), Error::SignatureVerificationFailed);
        assert_eq!(verify_hosted(&v, &token, &keys, |p| p.complete(true)).unwrap_err(), after_a_lie, "{token}");
    }
    // a valid token: the host's verdict is needed, and enough
    let good = sign(&current_claims());
    assert!(verify_hosted(&v, &good, &keys, |p| p.complete(true)).is_ok());
    assert_eq!(verify_hosted(&v, &good, &keys, |p| p.complete(false)).unwrap_err(), Error::SignatureVerificationFailed);
}

#[test]
fn default_typ_set() {
    let v = verifier();
    for typ in [None, Some("JWT"), Some("jwt"), Some("IUA-JWT"), Some("at+jwt"), Some("application/at+jwt"), Some("AT+JWT")] {
        ok(&v, &sign_typ(Alg::Es256, typ, &current_claims()));
    }
    for typ in ["JOSE", "id_token+jwt", "application/json", "at+jwt "] {
        assert_eq!(err(&v, &sign_typ(Alg::Es256, Some(typ), &current_claims())), check_failed("typ"), "{typ}");
    }
    let custom = builder().accepted_types(&["IUA-JWT"], false).build().unwrap();
    ok(&custom, &sign_typ(Alg::Es256, Some("IUA-JWT"), &current_claims()));
    assert_eq!(err(&custom, &sign_typ(Alg::Es256, None, &current_claims())), check_failed("typ"));
    assert_eq!(err(&custom, &sign_typ(Alg::Es256, Some("JWT"), &current_claims())), check_failed("typ"));
}

#[test]
fn strict_rfc9068_mode() {
    let v = builder().strict_rfc9068(true).build().unwrap();
    ok(&v, &sign_typ(Alg::Es256, Some("at+jwt"), &current_claims()));
    ok(&v, &sign_typ(Alg::Es256, Some("application/at+jwt"), &current_claims()));
    for typ in [None, Some("JWT"), Some("IUA-JWT"), Some("jwt")] {
        let e = err(&v, &sign_typ(Alg::Es256, typ, &current_claims()));
        assert_eq!(e, check_failed("typ"), "{typ:?}");
        assert_eq!(answer(&v, &e), invalid_token("The access token type is not accepted"));
    }
    // legacy claims are not an RFC 9068 claim set
    assert_eq!(err(&v, &sign_typ(Alg::Es256, Some("at+jwt"), &legacy_claims())), iua(IuaError::LegacyFormRefused));
}

#[test]
fn security_event_and_logout_tokens_are_never_access_tokens() {
    for v in [verifier(), builder().strict_rfc9068(true).build().unwrap(), builder().accepted_types(&["secevent+jwt", "logout+jwt"], true).build().unwrap()] {
        for typ in ["secevent+jwt", "application/secevent+jwt", "logout+jwt", "Logout+JWT"] {
            let e = err(&v, &sign_typ(Alg::Es256, Some(typ), &current_claims()));
            assert_eq!(e, iua(IuaError::NotAccessToken), "{typ}");
        }
    }
    let v = verifier();
    let set = with(current_claims(), |o| o.insert("events", obj(r#"{"http://schemas.openid.net/event/backchannel-logout":{}}"#).into()));
    let e = err(&v, &sign_typ(Alg::Es256, Some("at+jwt"), &set));
    assert_eq!(e.code(), "ERR_IUA_NOT_ACCESS_TOKEN");
    assert_eq!(answer(&v, &e), invalid_token("The token is not an access token"));
}

// ---------------------------------------------------------------- claim forms

#[test]
fn current_form_maps_onto_the_typed_result() {
    let v = verifier();
    let t = ok(&v, &format!("Bearer {}", sign(&current_claims())));
    assert_eq!(t.form, ClaimForm::Current);
    assert_eq!(t.issuer, ISS);
    assert_eq!(t.subject, "b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7");
    assert_eq!(t.audience, [AUD]);
    assert_eq!(t.matched_audience, AUD);
    assert_eq!(t.expires_at, (NOW + 300) as f64);
    assert_eq!(t.issued_at, Some((NOW - 60) as f64));
    assert_eq!(t.not_before, Some((NOW - 60) as f64));
    assert_eq!(t.jwt_id, "6f1d3a2e-8b6c-4a55-9f0e-4a1f7b1d2c3e");
    assert_eq!(t.client_id.as_deref(), Some("mhd-document-consumer"));
    assert_eq!(t.scopes, ["ITI-67", "ITI-68"]);
    assert_eq!(t.iua.subject_name.as_deref(), Some("Dr. John Smith"));
    assert_eq!(t.iua.subject_organization.as_deref(), Some("Central Hospital"));
    assert_eq!(t.iua.subject_organization_id.as_deref(), Some("urn:oid:1.2.3.4"));
    assert_eq!(t.iua.home_community_id.as_deref(), Some("urn:oid:1.2.3.4.5.6.7.8"));
    assert_eq!(t.iua.national_provider_identifier.as_deref(), Some("urn:oid:2.16.840.1.113883.4.6|1234567893"));
    assert_eq!(t.iua.person_id.as_deref(), Some("urn:uuid:1.2.3.4"));
    assert_eq!(
        t.iua.subject_role,
        [Coding { system: Some("2.16.840.1.113883.6.96".into()), code: "46255001".into(), display: Some("Pharmacist".into()) }]
    );
    assert_eq!(
        t.iua.purpose_of_use,
        [Coding { system: Some("1.0.14265.1".into()), code: "12".into(), display: Some("Law Enforcement".into()) }]
    );
    assert_eq!(t.bppc.patient_id.as_deref(), Some("543797436^^^&1.2.840.113619.6.197&ISO"));
    assert_eq!(t.bppc.doc_id.as_deref(), Some("urn:oid:1.2.3.99"));
    assert_eq!(t.bppc.acp.as_deref(), Some("urn:oid:1.2.3.100"));
    assert!(matches!(&t.source, TokenSource::Jws { kid: Some(k), typ: Some(ty), .. } if k == "ec" && ty == "at+jwt"));
    assert_eq!(t.claims.get_str("client_id"), Some("mhd-document-consumer"));
}

#[test]
fn single_coding_2020_and_array_2025_give_the_same_result() {
    let v = verifier();
    let single = with(current_claims(), |o| {
        let mut ext = o.get("extensions").unwrap().as_object().unwrap().clone();
        let mut iua = ext.get("ihe_iua").unwrap().as_object().unwrap().clone();
        iua.insert("subject_role", obj(r#"{"system":"2.16.840.1.113883.6.96","code":"46255001","display":"Pharmacist"}"#).into());
        iua.insert("purpose_of_use", obj(r#"{"system":"1.0.14265.1","code":"12","display":"Law Enforcement"}"#).into());
        ext.insert("ihe_iua", iua.into());
        o.insert("extensions", ext.into());
    });
    let a = ok(&v, &sign(&single));
    let b = ok(&v, &sign(&current_claims()));
    assert_eq!(a.iua, b.iua);
    // CP-ITI-1255: several roles
    let many = with(current_claims(), |o| {
        o.insert(
            "extensions",
            obj(r#"{"ihe_iua":{"subject_role":[{"system":"http://snomed.info/sct","code":"46255001"},{"system":"http://snomed.info/sct","code":"309343006","display":"Physician"}]}}"#)
                .into(),
        )
    });
    let t = ok(&v, &sign(&many));
    assert_eq!(t.iua.subject_role.len(), 2);
    assert_eq!(t.iua.subject_role[1].display.as_deref(), Some("Physician"));
    assert_eq!(t.iua.purpose_of_use, []);
}

#[test]
fn supplement_example_lacks_jti_and_client_id() {
    // ITI-71 Rev 2.x §3.71.4.2.2.1.3 example payload (HS256, typ IUA-JWT),
    // with its times moved to now: it omits the required `jti` and `client_id`.
    let example = obj(&format!(
        r#"{{"iss":"urn:vendor:sts","sub":"b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7",
        "aud":"http://ihe.connectathon.IUA/ResourceProvider-IHE-Connectathon",
        "exp":{},"nbf":{},"iat":{},"scope":"ITI-68",
        "extensions":{{"ihe_iua":{{"subject_name":"Dr. John Smith","subject_organization":"Central Hospital",
        "subject_organization_id":"urn:oid:1.2.3.4","home_community_id":"urn:oid:1.2.3.4.5.6.7.8","person_id":"urn:uuid:1.2.3.4",
        "subject_role":[{{"system":"2.16.840.1.113883.6.96","code":"46255001","display":"Pharmacist"}}],
        "purpose_of_use":[{{"system":"1.0.14265.1","code":"12","display":"Law Enforcement"}}]}}}}}}"#,
        NOW + 300,
        NOW - 10,
        NOW - 10
    ));
    let v = IuaVerifier::builder("urn:vendor:sts", "http://ihe.connectathon.IUA/ResourceProvider-IHE-Connectathon", all_algs())
        .required_scopes(&["ITI-68"])
        .build()
        .unwrap();
    assert_eq!(err(&v, &sign_typ(Alg::Hs256, Some("IUA-JWT"), &example)), missing("jti"));
    let with_jti = with(example, |o| o.insert("jti", "1".into()));
    assert_eq!(err(&v, &sign_typ(Alg::Hs256, Some("IUA-JWT"), &with_jti)), missing("client_id"));
    let complete = with(with_jti, |o| o.insert("client_id", "portal".into()));
    let t = ok(&v, &sign_typ(Alg::Hs256, Some("IUA-JWT"), &complete));
    assert_eq!(t.iua.purpose_of_use[0].display.as_deref(), Some("Law Enforcement"));
    assert_eq!(atna_user_name(&t), "http://ihe.connectathon.IUA/ResourceProvider-IHE-Connectathon<b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7@urn:vendor:sts>");
}

#[test]
fn keycloak_style_token() {
    // A Keycloak-issued access token as IUA deployments see it: typ JWT,
    // aud array, extra claims, client credentials (sub = service account).
    let v = IuaVerifier::builder(ISS, "fhir-server", all_algs()).required_scopes(&["ITI-67"]).build().unwrap();
    let kc = obj(&format!(
        r#"{{"exp":{},"iat":{},"jti":"onrtcc:7a1f","iss":"{ISS}","aud":["fhir-server","account"],
        "sub":"6d7e0f2a-service-account","typ":"Bearer","azp":"mhd-consumer","acr":"1",
        "realm_access":{{"roles":["offline_access"]}},"scope":"ITI-67 profile email","client_id":"mhd-consumer",
        "clientHost":"10.0.0.7","email_verified":false}}"#,
        NOW + 300,
        NOW
    ));
    let t = ok(&v, &sign_typ(Alg::Rs256, Some("JWT"), &kc));
    assert_eq!(t.audience, ["fhir-server", "account"]);
    assert_eq!(t.matched_audience, "fhir-server");
    assert_eq!(t.scopes, ["ITI-67", "profile", "email"]);
    assert_eq!(atna_user_name(&t), format!("fhir-server<6d7e0f2a-service-account@{ISS}>"));
}

#[test]
fn current_form_required_claims() {
    let v = verifier();
    for claim in ["iss", "sub", "aud", "exp", "jti", "client_id", "scope", "iat"] {
        let c = with(current_claims(), |o| {
            o.remove(claim);
        });
        let e = err(&v, &sign(&c));
        assert_eq!(e, missing(claim), "{claim}");
        assert_eq!(e.claim(), Some(claim));
        assert_eq!(e.reason(), Some("missing"));
        assert_eq!(answer(&v, &e), invalid_token("The access token lacks a required claim"));
    }
    // nbf is optional
    ok(&v, &sign(&with(current_claims(), |o| {
        o.remove("nbf");
    })));
    // without extensions at all it is still the current form
    let bare = with(current_claims(), |o| {
        o.remove("extensions");
    });
    let t = ok(&v, &sign(&bare));
    assert_eq!(t.form, ClaimForm::Current);
    assert_eq!(t.iua, Default::default());
    // an empty scope string is present (and grants nothing)
    let t = ok(&v, &sign(&with(current_claims(), |o| o.insert("scope", "".into()))));
    assert!(t.scopes.is_empty());
}

#[test]
fn registered_claim_types() {
    let v = verifier();
    for (claim, value) in [
        ("client_id", Value::Number(5.0)),
        ("client_id", Value::Null),
        ("scope", Value::Array(vec!["ITI-67".into()])),
        ("scope", Value::String("ITI-67 \"x".into())),
        ("sub", Value::Number(1.0)),
        ("jti", Value::Null),
        ("exp", Value::String("1700000300".into())),
        ("iat", Value::Bool(true)),
        ("aud", Value::Array(vec![])),
        ("aud", Value::Array(vec![Value::Number(1.0)])),
    ] {
        let e = err(&v, &sign(&with(current_claims(), |o| o.insert(claim, value.clone()))));
        assert_eq!(e, Error::ClaimValidationFailed { claim: claim.into(), reason: Reason::Invalid }, "{claim} {value:?}");
        assert_eq!(answer(&v, &e), invalid_token("The access token has a malformed claim"));
    }
}

#[test]
fn extension_shapes_are_checked_not_dropped() {
    let v = verifier();
    let cases = [
        (r#""extensions": 1"#, "extensions"),
        (r#""extensions": {"ihe_iua": []}"#, "extensions.ihe_iua"),
        (r#""extensions": {"ihe_iua": {"subject_role": "46255001"}}"#, "extensions.ihe_iua.subject_role"),
        (r#""extensions": {"ihe_iua": {"subject_role": [{"system": "s"}]}}"#, "extensions.ihe_iua.subject_role"),
        (r#""extensions": {"ihe_iua": {"purpose_of_use": [{"code": 12}]}}"#, "extensions.ihe_iua.purpose_of_use"),
        (r#""extensions": {"ihe_iua": {"person_id": ["a"]}}"#, "extensions.ihe_iua.person_id"),
        (r#""extensions": {"ihe_iua": {"subject_name": null}}"#, "extensions.ihe_iua.subject_name"),
        (r#""extensions": {"ihe_bppc": {"patient_id": {"value": "1"}}}"#, "extensions.ihe_bppc.patient_id"),
        (r#""extensions": {"ihe_bppc": "x"}"#, "extensions.ihe_bppc"),
    ];
    for (ext, claim) in cases {
        let mut c = current_claims();
        c.remove("extensions");
        let text = c.to_json();
        let c = obj(&format!("{},{ext}}}", &text[..text.len() - 1]));
        let e = err(&v, &sign(&c));
        assert_eq!(e, iua(IuaError::ExtensionInvalid { claim }), "{ext}");
        assert_eq!(e.code(), "ERR_IUA_EXTENSION_INVALID");
        assert_eq!(e.claim(), Some(claim));
        assert_eq!(answer(&v, &e), invalid_token("The access token has a malformed IUA extension claim"));
    }
    // unknown members inside the extension objects are allowed ("other_value")
    let other = with(current_claims(), |o| o.insert("extensions", obj(r#"{"ihe_iua":{"other_value":"..."},"ihe_pcf":{"x":1}}"#).into()));
    ok(&v, &sign(&other));
}

#[test]
fn legacy_form_maps_onto_the_same_fields() {
    let v = verifier();
    let legacy = ok(&v, &sign_typ(Alg::Hs256, Some("JWT"), &legacy_claims()));
    let current = ok(&v, &sign(&current_claims()));
    assert_eq!(legacy.form, ClaimForm::Legacy);
    assert_eq!(legacy.client_id, None);
    assert!(legacy.scopes.is_empty());
    assert_eq!(legacy.issued_at, None);
    assert_eq!(legacy.iua.subject_name, current.iua.subject_name);
    assert_eq!(legacy.iua.subject_organization, current.iua.subject_organization);
    assert_eq!(legacy.iua.subject_organization_id, current.iua.subject_organization_id);
    assert_eq!(legacy.iua.home_community_id, current.iua.home_community_id);
    assert_eq!(legacy.iua.person_id, current.iua.person_id);
    assert_eq!(legacy.iua.subject_role, current.iua.subject_role);
    assert_eq!(legacy.iua.national_provider_identifier.as_deref(), Some("1234567893"));
    assert_eq!(legacy.iua.purpose_of_use, [Coding { system: Some("1.3.6.1.4.1.19376.1.2.1.1".into()), code: "TREATMENT".into(), display: None }]);
    assert_eq!(legacy.bppc, current.bppc);
    assert_eq!(atna_user_name(&legacy), format!("{AUD}<jsmith@{ISS}>"));
}

#[test]
fn legacy_rev13_shapes_and_subject_role_alias() {
    let v = verifier();
    let rev13 = with(legacy_claims(), |o| {
        o.remove("SubjectRole");
        o.insert("Subject:Role", json::parse(br#"[{"code":"46255001","codeSystem":"2.16.840.1.113883.6.96"}]"#, 8).unwrap());
        o.insert("SubjectOrganization", json::parse(br#"["Central Hospital"]"#, 8).unwrap());
        o.insert("SubjectOrganizationID", json::parse(br#"["urn:oid:1.2.3.4"]"#, 8).unwrap());
        o.insert("ProviderID", json::parse(br#"[{"root":"2.16.840.1.113883.4.6","extension":"1234567893"}]"#, 8).unwrap());
        o.insert("iat", Value::Number((NOW - 5) as f64));
    });
    let t = ok(&v, &sign_typ(Alg::Rs256, None, &rev13));
    assert_eq!(t.iua.subject_role[0].code, "46255001");
    assert_eq!(t.iua.subject_role[0].system.as_deref(), Some("2.16.840.1.113883.6.96"));
    assert_eq!(t.iua.subject_organization.as_deref(), Some("Central Hospital"));
    assert_eq!(t.iua.provider_id[0].root, "2.16.840.1.113883.4.6");
    assert_eq!(t.issued_at, Some((NOW - 5) as f64));

    let both = with(rev13.clone(), |o| o.insert("SubjectRole", "x".into()));
    assert_eq!(err(&v, &sign(&both)), iua(IuaError::ExtensionInvalid { claim: "SubjectRole" }));
    let two_orgs = with(rev13, |o| o.insert("SubjectOrganization", json::parse(br#"["A","B"]"#, 8).unwrap()));
    assert_eq!(err(&v, &sign(&two_orgs)), iua(IuaError::ExtensionInvalid { claim: "SubjectOrganization" }));
}

#[test]
fn legacy_form_required_claims() {
    let v = verifier();
    for claim in ["iss", "sub", "aud", "exp", "jti"] {
        let c = with(legacy_claims(), |o| {
            o.remove(claim);
        });
        assert_eq!(err(&v, &sign(&c)), missing(claim), "{claim}");
    }
}

#[test]
fn legacy_form_can_be_refused_and_mixing_is_refused() {
    let current_only = builder().claim_forms(ClaimForms::CurrentOnly).build().unwrap();
    let e = err(&current_only, &sign(&legacy_claims()));
    assert_eq!(e.code(), "ERR_IUA_LEGACY_FORM_REFUSED");
    ok(&current_only, &sign(&current_claims()));

    let v = verifier();
    let mixed = with(current_claims(), |o| o.insert("SubjectID", "Dr. Mallory".into()));
    let e = err(&v, &sign(&mixed));
    assert_eq!(e, iua(IuaError::MixedClaimForms));
    assert_eq!(answer(&v, &e), invalid_token("The access token mixes current and legacy IUA claims"));
}

#[test]
fn dropping_current_form_claims_never_downgrades_to_legacy() {
    // A current-form token without client_id/scope/iat is not treated as a
    // (laxer) legacy token: the form is decided by the extension claims.
    let v = verifier();
    let c = with(current_claims(), |o| {
        o.remove("client_id");
        o.remove("scope");
        o.remove("iat");
    });
    assert!(matches!(err(&v, &sign(&c)), Error::ClaimValidationFailed { reason: Reason::Missing, .. }));
    let c = with(c, |o| {
        o.remove("extensions");
    });
    assert!(matches!(err(&v, &sign(&c)), Error::ClaimValidationFailed { reason: Reason::Missing, .. }));
}

// ---------------------------------------------------------------- resource server checks

#[test]
fn check1_signature_and_key() {
    let v = verifier();
    let t = sign(&current_claims());
    // tampered payload, signature kept
    let parts: Vec<&str> = t.split('.').collect();
    let evil = with(current_claims(), |o| o.insert("scope", "ITI-67 ITI-68 ITI-65".into()));
    let tampered = format!("{}.{}.{}", parts[0], base64url::encode(evil.to_json().as_bytes()), parts[2]);
    let e = err(&v, &tampered);
    assert_eq!(e, Error::SignatureVerificationFailed);
    assert_eq!(answer(&v, &e), invalid_token("The access token signature is invalid"));
    // tampered in every algorithm
    for alg in [Alg::Hs256, Alg::Rs256] {
        let t = sign_typ(alg, Some("at+jwt"), &current_claims());
        let (rest, sig) = t.rsplit_once('.').unwrap();
        let mut sig = base64url::decode(sig.as_bytes()).unwrap();
        sig[0] ^= 1;
        assert_eq!(err(&v, &format!("{rest}.{}", base64url::encode(&sig))), Error::SignatureVerificationFailed, "{alg:?}");
    }
    // signed by a key the AS does not publish (same kid)
    let foreign = sign_rsa(RSA2, "rsa1", Some("at+jwt"), &current_claims());
    assert_eq!(err(&v, &foreign), Error::SignatureVerificationFailed);
    // unknown kid
    let unknown = sign_rsa(RSA2, "rsa2", Some("at+jwt"), &current_claims());
    let e = err(&v, &unknown);
    assert_eq!(e.code(), "ERR_JWKS_NO_MATCHING_KEY");
    assert_eq!(answer(&v, &e), invalid_token("No key to verify the access token"));
    // the new key once published (key rotation)
    let rotated = JwkSet::from_json(&format!(r#"{{"keys":[{},{}]}}"#, rsa_public_jwk(RSA1, "rsa1"), rsa_public_jwk(RSA2, "rsa2"))).unwrap();
    v.verify(&unknown, &rotated, now()).unwrap();
}

#[test]
fn check2_times_with_leeway() {
    let v = verifier();
    let lenient = builder().clock_tolerance(30.0).build().unwrap();
    let at = |exp: i64, nbf: i64, iat: i64| {
        sign(&with(current_claims(), |o| {
            o.insert("exp", Value::Number(exp as f64));
            o.insert("nbf", Value::Number(nbf as f64));
            o.insert("iat", Value::Number(iat as f64));
        }))
    };
    // exp
    let e = err(&v, &at(NOW, NOW - 10, NOW - 10));
    assert_eq!(e, Error::Expired { claim: "exp" });
    assert_eq!(answer(&v, &e), invalid_token("The access token expired"));
    ok(&v, &at(NOW + 1, NOW - 10, NOW - 10));
    ok(&lenient, &at(NOW - 29, NOW - 100, NOW - 100));
    assert_eq!(err(&lenient, &at(NOW - 30, NOW - 100, NOW - 100)), Error::Expired { claim: "exp" });
    // nbf
    ok(&v, &at(NOW + 100, NOW, NOW - 10));
    let e = err(&v, &at(NOW + 100, NOW + 1, NOW - 10));
    assert_eq!(e, check_failed("nbf"));
    assert_eq!(answer(&v, &e), invalid_token("The access token is not yet valid"));
    ok(&lenient, &at(NOW + 100, NOW + 30, NOW - 10));
    assert_eq!(err(&lenient, &at(NOW + 100, NOW + 31, NOW - 10)), check_failed("nbf"));
    // iat in the future
    ok(&v, &at(NOW + 100, NOW - 10, NOW));
    let e = err(&v, &at(NOW + 100, NOW - 10, NOW + 1));
    assert_eq!(e, check_failed("iat"));
    assert_eq!(answer(&v, &e), invalid_token("The access token issue time is in the future"));
    ok(&lenient, &at(NOW + 100, NOW - 10, NOW + 30));
    assert_eq!(err(&lenient, &at(NOW + 100, NOW - 10, NOW + 31)), check_failed("iat"));
    // maxTokenAge
    let young = builder().max_token_age(120.0).build().unwrap();
    ok(&young, &at(NOW + 100, NOW - 10, NOW - 120));
    assert_eq!(err(&young, &at(NOW + 100, NOW - 200, NOW - 121)), Error::Expired { claim: "iat" });
    // bad leeway is an options error
    assert!(matches!(builder().clock_tolerance(-1.0).build(), Err(Error::InvalidOptions(_))));
}

#[test]
fn check3_issuer_exact() {
    let v = verifier();
    for iss in [format!("{ISS}/"), ISS.to_uppercase(), format!("{ISS}x"), ISS[..ISS.len() - 1].to_string(), "https://evil.example/realms/iua".into()] {
        let e = err(&v, &sign(&with(current_claims(), |o| o.insert("iss", iss.as_str().into()))));
        assert_eq!(e, check_failed("iss"), "{iss}");
        assert_eq!(answer(&v, &e), invalid_token("The access token issuer is not accepted"));
    }
}

#[test]
fn check4_audience_contains_this_server() {
    let v = verifier();
    let with_aud = |aud: Value| sign(&with(current_claims(), |o| o.insert("aud", aud)));
    let t = ok(&v, &with_aud(Value::Array(vec!["https://other.example".into(), AUD.into()])));
    assert_eq!(t.matched_audience, AUD);
    assert_eq!(t.audience.len(), 2);
    for bad in [
        Value::String(format!("{AUD}/")),
        Value::String("https://fhir.example.com/r".into()),
        Value::String("https://fhir.example.com/r4/Patient".into()),
        Value::Array(vec!["https://other.example".into()]),
    ] {
        let e = err(&v, &with_aud(bad.clone()));
        assert_eq!(e, check_failed("aud"), "{bad:?}");
        assert_eq!(answer(&v, &e), invalid_token("The access token is not intended for this resource server"));
    }
    // a second identifier for the same server
    let two = builder().audience("fhir-server").build().unwrap();
    let t = ok(&two, &with_aud(Value::Array(vec!["x".into(), "fhir-server".into(), AUD.into()])));
    assert_eq!(t.matched_audience, "fhir-server");
}

#[test]
fn check5_required_scopes() {
    let v = builder().required_scopes(&["ITI-67", "ITI-68"]).build().unwrap();
    ok(&v, &sign(&current_claims()));
    for scope in ["ITI-67", "ITI-68", "iti-67 ITI-68", "ITI-67ITI-68", ""] {
        let e = err(&v, &sign(&with(current_claims(), |o| o.insert("scope", scope.into()))));
        assert_eq!(e, iua(IuaError::InsufficientScope), "{scope:?}");
        assert_eq!(e.code(), "ERR_IUA_INSUFFICIENT_SCOPE");
        assert_eq!(
            answer(&v, &e),
            (
                403,
                r#"Bearer realm="fhir", error="insufficient_scope", error_description="The access token lacks a required scope", scope="ITI-67 ITI-68""#
                    .into()
            )
        );
    }
    // legacy tokens carry no scope: they fail a scope requirement
    assert_eq!(err(&v, &sign(&legacy_claims())), iua(IuaError::InsufficientScope));
    // ITI-72 Rev 2.x reading: 401 for scope failures
    let strict_iua = builder().required_scopes(&["ITI-65"]).insufficient_scope_status(401).build().unwrap();
    let e = err(&strict_iua, &sign(&current_claims()));
    assert_eq!(
        answer(&strict_iua, &e),
        (401, r#"Bearer realm="fhir", error="insufficient_scope", error_description="The access token lacks a required scope", scope="ITI-65""#.into())
    );
    // configuration is validated
    assert!(matches!(builder().required_scopes(&["a b"]).build(), Err(Error::InvalidOptions(_))));
    assert!(matches!(builder().required_scopes(&["a\"b"]).build(), Err(Error::InvalidOptions(_))));
    assert!(matches!(builder().insufficient_scope_status(400).build(), Err(Error::InvalidOptions(_))));
}

#[test]
fn check6_request_consistency() {
    let v = verifier();
    let keys = keys();
    let t = sign(&current_claims());
    // person_id and the BPPC patient_id both present: both must match
    let both = with(current_claims(), |o| {
        o.insert("extensions", obj(r#"{"ihe_iua":{"person_id":"urn:oid:1.2.3|42"},"ihe_bppc":{"patient_id":"urn:oid:1.2.3|42"}}"#).into())
    });
    let tb = sign(&both);
    v.verify_request(&tb, &keys, now(), &RequestContext::patient("urn:oid:1.2.3|42")).unwrap();
    let e = v.verify_request(&tb, &keys, now(), &RequestContext::patient("urn:oid:1.2.3|43")).unwrap_err();
    assert_eq!(e, iua(IuaError::RequestMismatch { claim: "extensions.ihe_iua.person_id" }));
    assert_eq!(e.code(), "ERR_IUA_REQUEST_MISMATCH");
    assert_eq!(answer(&v, &e), invalid_token("The access token does not match the request"));
    // the default token has different person_id and patient_id: bppc mismatch is caught
    let e = v.verify_request(&t, &keys, now(), &RequestContext::patient("urn:uuid:1.2.3.4")).unwrap_err();
    assert_eq!(e, iua(IuaError::RequestMismatch { claim: "extensions.ihe_bppc.patient_id" }));
    // unbound token
    let unbound = sign(&with(current_claims(), |o| {
        o.remove("extensions");
    }));
    assert_eq!(
        v.verify_request(&unbound, &keys, now(), &RequestContext::patient("42")).unwrap_err(),
        iua(IuaError::RequestMismatch { claim: "extensions.ihe_iua.person_id" })
    );
    v.verify_request(&unbound, &keys, now(), &RequestContext::patient_if_bound("42")).unwrap();
    assert!(v.verify_request(&tb, &keys, now(), &RequestContext::patient_if_bound("42")).is_err());
    // legacy names
    let legacy = sign(&with(legacy_claims(), |o| {
        o.remove("resourceID");
    }));
    v.verify_request(&legacy, &keys, now(), &RequestContext::patient("urn:uuid:1.2.3.4")).unwrap();
    assert_eq!(
        v.verify_request(&legacy, &keys, now(), &RequestContext::patient("x")).unwrap_err(),
        iua(IuaError::RequestMismatch { claim: "personID" })
    );
}

#[test]
fn check6_custom_hook() {
    let v = builder()
        .custom_check(|t| {
            if t.iua.purpose_of_use.iter().any(|p| p.code == "12") {
                Err(Rejection { kind: RejectionKind::InvalidToken, description: "Purpose of use \"12\" is not allowed\r\n here".into() })
            } else if t.client_id.as_deref() == Some("read-only") {
                Err(Rejection { kind: RejectionKind::InsufficientScope, description: "Client may not write".into() })
            } else {
                Ok(())
            }
        })
        .required_scopes(&["ITI-67"])
        .build()
        .unwrap();
    let e = err(&v, &sign(&current_claims()));
    assert_eq!(e.code(), "ERR_IUA_CUSTOM_CHECK_FAILED");
    // quotes, CR and LF are dropped from the description
    assert_eq!(answer(&v, &e), invalid_token("Purpose of use 12 is not allowed here"));
    let ro = with(current_claims(), |o| {
        o.insert("client_id", "read-only".into());
        o.insert("extensions", Object::new().into());
    });
    let e = err(&v, &sign(&ro));
    assert_eq!(
        answer(&v, &e),
        (403, r#"Bearer realm="fhir", error="insufficient_scope", error_description="Client may not write", scope="ITI-67""#.into())
    );
    let fine = with(current_claims(), |o| {
        o.insert("extensions", Object::new().into());
    });
    ok(&v, &sign(&fine));
}

#[test]
fn check7_atna_user_name() {
    let v = verifier();
    let t = ok(&v, &sign(&current_claims()));
    assert_eq!(atna_user_name(&t), format!("{AUD}<b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7@{ISS}>"));
    // aud list: the entry that named this server is the alias
    let list = with(current_claims(), |o| o.insert("aud", Value::Array(vec!["https://other.example".into(), AUD.into()])));
    let t = ok(&v, &sign(&list));
    assert_eq!(atna_user_name(&t), format!("{AUD}<b3ca1045-aa8b-42f9-9fd9-e0cbf5cb90a7@{ISS}>"));
}

// ---------------------------------------------------------------- challenges

#[test]
fn challenge_never_echoes_token_content() {
    // Attacker-controlled text in claims and headers must never reach the
    // WWW-Authenticate value (every case below is refused somewhere).
    let v = builder().required_scopes(&["ITI-65"]).build().unwrap();
    let evil = "\"\r\nSet-Cookie: session=evil; x=\"";
    for c in [
        with(current_claims(), |o| o.insert("iss", evil.into())),
        with(current_claims(), |o| o.insert("aud", evil.into())),
        with(current_claims(), |o| o.insert("scope", evil.into())),
        with(current_claims(), |o| o.insert("extensions", obj(&format!(r#"{{"ihe_iua":{{"subject_name":{}}}}}"#, Value::from(evil).to_json())).into())),
        with(current_claims(), |o| o.insert(evil, "x".into())),
    ] {
        for t in [sign(&c), sign_typ(Alg::Es256, Some(evil), &c)] {
            let e = err(&v, &t);
            let (_, h) = answer(&v, &e);
            assert!(!h.contains('\r') && !h.contains('\n') && !h.contains("Set-Cookie") && !h.contains("evil"), "{h}");
        }
    }
    let e = err(&v, &format!("Bearer {evil}"));
    assert!(!answer(&v, &e).1.contains("Set-Cookie"));
    // the realm is configuration: quoted, and control characters refused
    let quoted = builder().realm(r#"FHIR "r4" \ api"#).build().unwrap();
    assert_eq!(quoted.challenge_without_credentials().www_authenticate.as_deref(), Some(r#"Bearer realm="FHIR \"r4\" \\ api""#));
    assert!(matches!(builder().realm("a\r\nb").build(), Err(Error::InvalidOptions(_))));
}

#[test]
fn challenge_strings_for_generic_failures() {
    let v = verifier();
    assert_eq!(answer(&v, &err(&v, "a.b")), invalid_token("The access token is malformed"));
    assert_eq!(answer(&v, &err(&v, "a.b.c.d.e")), invalid_token("The access token is malformed"));
    // correctly signed, but the payload is not a JSON object
    let not_json = SigningKey::hmac(HS_SECRET, Algorithm::HS256, Some("hs".into())).unwrap().sign_compact(&Object::new(), b"not json").unwrap();
    let e = err(&v, &not_json);
    assert_eq!(e.code(), "ERR_JWT_INVALID");
    assert_eq!(answer(&v, &e), invalid_token("The access token is malformed"));
    // server-side faults are 500 without a challenge
    for e in [
        Error::InvalidOptions("x"),
        iua(IuaError::MetadataInvalid { field: "issuer", problem: tokencheck::profiles::iua::MetadataProblem::IssuerMismatch }),
        iua(IuaError::IntrospectionResponseInvalid(tokencheck::profiles::iua::IntrospectionProblem::ActiveMissing)),
    ] {
        let c = v.challenge(&e);
        assert_eq!((c.status, c.www_authenticate), (500, None), "{e:?}");
    }
}

#[test]
fn every_error_description_is_rfc6750_clean() {
    // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E.
    let v = builder().required_scopes(&["s"]).build().unwrap();
    let t = sign(&current_claims());
    let inputs = [
        String::new(),
        "Basic x".into(),
        "Bearer a b".into(),
        "IHE-SAML x".into(),
        "a.b".into(),
        t.clone(),
        sign(&with(current_claims(), |o| o.insert("exp", Value::Number(1.0)))),
        sign(&with(current_claims(), |o| o.insert("SubjectID", "x".into()))),
    ];
    for i in inputs {
        if let Err(e) = verify(&v, &i) {
            let h = answer(&v, &e).1;
            assert!(h.bytes().all(|b| (0x20..=0x7e).contains(&b)), "{h}");
            assert!(h.starts_with("Bearer"), "{h}");
        }
    }
}

// ---------------------------------------------------------------- introspection

fn introspection_json(active_claims: &Object) -> String {
    let mut o = active_claims.clone();
    o.insert("active", true.into());
    o.insert("token_type", "Bearer".into());
    o.to_json()
}

#[test]
fn introspection_request_body() {
    assert_eq!(introspection::request_body("2YotnFZFEjr1zCsicMWpAA", None).unwrap(), "token=2YotnFZFEjr1zCsicMWpAA");
    let t = sign(&current_claims());
    // a JWT needs no escaping; '+', '/', '=' in other tokens do
    assert_eq!(introspection::request_body(&t, Some("access_token")).unwrap(), format!("token={t}&token_type_hint=access_token"));
    assert_eq!(introspection::request_body("a+b/c=", None).unwrap(), "token=a%2Bb%2Fc%3D");
}

#[test]
fn introspection_active_gives_the_same_typed_result() {
    let v = verifier();
    let jwt = ok(&v, &sign(&current_claims()));
    let Introspected { token, cache_ttl_secs } =
        v.verify_introspection(introspection_json(&current_claims()).as_bytes(), now(), &RequestContext::default(), 3600).unwrap();
    assert_eq!(token.source, TokenSource::Introspection);
    assert_eq!(cache_ttl_secs, 300, "bounded by exp");
    assert_eq!(
        (&token.issuer, &token.subject, &token.audience, &token.matched_audience, token.expires_at, &token.jwt_id, &token.client_id, &token.scopes, &token.iua, &token.bppc, token.form),
        (&jwt.issuer, &jwt.subject, &jwt.audience, &jwt.matched_audience, jwt.expires_at, &jwt.jwt_id, &jwt.client_id, &jwt.scopes, &jwt.iua, &jwt.bppc, jwt.form)
    );
    // caller max
    let r = v.verify_introspection(introspection_json(&current_claims()).as_bytes(), now(), &RequestContext::default(), 60).unwrap();
    assert_eq!(r.cache_ttl_secs, 60);
    // legacy claims through introspection
    let r = v.verify_introspection(introspection_json(&legacy_claims()).as_bytes(), now(), &RequestContext::default(), 60).unwrap();
    assert_eq!(r.token.form, ClaimForm::Legacy);
    assert_eq!(atna_user_name(&r.token), format!("{AUD}<jsmith@{ISS}>"));
    // the result text (source "introspection") reads back as the typed result
    for r in [&r, &v.verify_introspection(introspection_json(&current_claims()).as_bytes(), now(), &RequestContext::default(), 60).unwrap()] {
        let text = r.token.to_json_with_payload(&r.token.claims.as_object().to_json());
        assert_eq!(json::parse(text.as_bytes(), 64), Ok(Value::Object(r.token.to_object())));
    }
}

#[test]
fn introspection_applies_the_same_rules() {
    let v = builder().required_scopes(&["ITI-67"]).build().unwrap();
    let run = |c: &Object| v.verify_introspection(introspection_json(c).as_bytes(), now(), &RequestContext::default(), 300);
    assert_eq!(run(&with(current_claims(), |o| o.insert("iss", "https://evil".into()))).unwrap_err(), check_failed("iss"));
    assert_eq!(run(&with(current_claims(), |o| o.insert("aud", "https://other".into()))).unwrap_err(), check_failed("aud"));
    assert_eq!(run(&with(current_claims(), |o| o.insert("exp", Value::Number(NOW as f64)))).unwrap_err(), Error::Expired { claim: "exp" });
    assert_eq!(run(&with(current_claims(), |o| o.insert("scope", "ITI-68".into()))).unwrap_err(), iua(IuaError::InsufficientScope));
    assert_eq!(run(&with(current_claims(), |o| { o.remove("exp"); })).unwrap_err(), missing("exp"));
    assert_eq!(run(&with(current_claims(), |o| { o.remove("client_id"); })).unwrap_err(), missing("client_id"));
    assert_eq!(run(&with(current_claims(), |o| o.insert("iat", Value::Number((NOW + 10) as f64)))).unwrap_err(), check_failed("iat"));
    assert_eq!(
        run(&with(current_claims(), |o| o.insert("events", Object::new().into()))).unwrap_err(),
        iua(IuaError::NotAccessToken)
    );
    // a refresh token (or a DPoP-bound token) presented as a bearer token
    let refresh = with(current_claims(), |o| o.insert("active", true.into()));
    let refresh = with(refresh, |o| o.insert("token_type", "refresh_token".into()));
    assert_eq!(
        v.verify_introspection(refresh.to_json().as_bytes(), now(), &RequestContext::default(), 300).unwrap_err(),
        iua(IuaError::NotAccessToken)
    );
    assert_eq!(
        v.verify_introspection(introspection_json(&current_claims()).as_bytes(), now(), &RequestContext::patient("nobody"), 300).unwrap_err().code(),
        "ERR_IUA_REQUEST_MISMATCH"
    );
}

#[test]
fn introspection_inactive_and_malformed() {
    let v = verifier();
    for body in [&br#"{"active":false}"#[..], br#"{"active":false,"iss":"x","scope":"everything"}"#] {
        let e = v.verify_introspection(body, now(), &RequestContext::default(), 300).unwrap_err();
        assert_eq!(e, iua(IuaError::TokenInactive));
        assert_eq!(e.code(), "ERR_IUA_TOKEN_INACTIVE");
        assert_eq!(answer(&v, &e), invalid_token("The access token is not active"));
    }
    for body in [&b"{}"[..], br#"{"active":"true"}"#, br#"{"active":1}"#, b"[]", b"not json", br#"{"active":true,"active":true}"#] {
        let e = v.verify_introspection(body, now(), &RequestContext::default(), 300).unwrap_err();
        assert_eq!(e.code(), "ERR_IUA_INTROSPECTION_RESPONSE_INVALID", "{}", String::from_utf8_lossy(body));
        assert_eq!(v.challenge(&e), bearer::Challenge { status: 500, www_authenticate: None });
    }
}

// ---------------------------------------------------------------- metadata

#[test]
fn metadata_for_the_configured_issuer() {
    let doc = format!(
        r#"{{"issuer":"{ISS}","authorization_endpoint":"{ISS}/protocol/openid-connect/auth",
        "token_endpoint":"{ISS}/protocol/openid-connect/token","jwks_uri":"{ISS}/protocol/openid-connect/certs",
        "introspection_endpoint":"{ISS}/protocol/openid-connect/token/introspect",
        "grant_types_supported":["authorization_code","client_credentials","refresh_token"],
        "response_types_supported":["code"],"access_token_format":"ihe-jwt"}}"#
    );
    let opts = MetadataOptions { require_jwks_uri: true, require_introspection: true, ..Default::default() };
    let m = discovery::validate_metadata(doc.as_bytes(), ISS, &opts).unwrap();
    assert_eq!(m.jwks_uri.as_deref(), Some(&*format!("{ISS}/protocol/openid-connect/certs")));
    assert_eq!(m.introspection_endpoint.as_deref(), Some(&*format!("{ISS}/protocol/openid-connect/token/introspect")));
    assert_eq!(m.access_token_format.as_deref(), Some("ihe-jwt"));
    let e = discovery::validate_metadata(doc.as_bytes(), "https://as.example.com/realms/other", &opts).unwrap_err();
    assert_eq!(e.code(), "ERR_IUA_METADATA_INVALID");
    assert_eq!(e.claim(), Some("issuer"));
    assert_eq!(e.reason(), Some("issuer_mismatch"));
    assert_eq!(
        discovery::metadata_urls(ISS, &opts).unwrap(),
        [
            "https://as.example.com/.well-known/oauth-authorization-server/realms/iua".to_string(),
            format!("{ISS}/.well-known/openid-configuration")
        ]
    );
}

#[test]
fn typed_result_as_a_js_shaped_object() {
    let v = verifier();
    let t = ok(&v, &sign(&current_claims()));
    let o = t.to_object();
    assert_eq!(o.get_str("form"), Some("current"));
    assert_eq!(o.get_str("source"), Some("jws"));
    assert_eq!(o.get_str("alg"), Some("ES256"));
    assert_eq!(o.get_str("matchedAudience"), Some(AUD));
    assert_eq!(o.get("expiresAt"), Some(&Value::Number((NOW + 300) as f64)));
    let iua = o.get("iua").unwrap().as_object().unwrap();
    assert_eq!(iua.get_str("subjectName"), Some("Dr. John Smith"));
    assert_eq!(
        iua.get("subjectRole").unwrap().to_json(),
        r#"[{"system":"2.16.840.1.113883.6.96","code":"46255001","display":"Pharmacist"}]"#
    );
    assert_eq!(o.get("bppc").unwrap().to_json(), r#"{"patientId":"543797436^^^&1.2.840.113619.6.197&ISO","docId":"urn:oid:1.2.3.99","acp":"urn:oid:1.2.3.100"}"#);
    assert_eq!(o.get("payload").unwrap().as_object().unwrap(), &current_claims());
    // legacy: no clientId / issuedAt members, lists still present
    let l = ok(&v, &sign(&legacy_claims())).to_object();
    assert_eq!(l.get_str("form"), Some("legacy"));
    assert!(l.get("clientId").is_none() && l.get("issuedAt").is_none());
    assert_eq!(l.get("scopes").unwrap().to_json(), "[]");
}

#[test]
fn repository_samples() {
    // samples/samples.json (built-in demo tokens): the IUA ones verify, or
    // fail with the code the file states.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/samples.json")).unwrap();
    let doc = json::parse_object(text.as_bytes(), 32).unwrap().unwrap();
    let at = UnixTime::from_secs(doc.get("verifyAt").unwrap().as_f64().unwrap() as i64);
    let jwks = doc.get("jwks").unwrap().as_object().unwrap().get("iua").unwrap().as_object().unwrap();
    let keys = JwkSet::from_object(jwks).unwrap();
    let mut seen = 0;
    for s in doc.get("samples").unwrap().as_array().unwrap() {
        let s = s.as_object().unwrap();
        if s.get_str("profile") != Some("iua") {
            continue;
        }
        let opts = s.get("options").unwrap().as_object().unwrap();
        let algs: Vec<&str> = opts.get("algorithms").unwrap().as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        let v = IuaVerifier::builder(
            opts.get_str("issuer").unwrap_or("https://auth.hospital.example/realms/iua"),
            opts.get_str("audience").unwrap_or("https://fhir.hospital.example/r4"),
            AlgorithmSet::from_names(&algs).unwrap(),
        )
        .build()
        .unwrap();
        let expect = s.get("expect").unwrap().as_object().unwrap();
        let r = v.verify(s.get_str("token").unwrap(), &keys, at);
        match expect.get("valid").unwrap().as_bool().unwrap() {
            true => {
                let t = r.unwrap_or_else(|e| panic!("{}: {e:?}", s.get_str("id").unwrap()));
                assert_eq!(t.iua.subject_name.as_deref(), Some("Dr. Gregory House"));
                assert_eq!(t.iua.subject_role[0].code, "158965000");
            }
            false => assert_eq!(r.unwrap_err().code(), expect.get_str("code").unwrap(), "{}", s.get_str("id").unwrap()),
        }
        seen += 1;
    }
    assert!(seen >= 4, "the IUA samples are present");
}

// ------------------------------------------------------ verified-token cache

/// Every request form of check 6 against a cached entry: the same verdict as
/// a verifier without a cache, on the first call (stored) and on repeats,
/// in any order of the requests.
#[test]
fn cache_rechecks_the_request_on_every_hit() {
    let v = verifier();
    let keys = keys();
    let tokens = [
        sign(&current_claims()),
        sign(&with(current_claims(), |o| {
            o.remove("extensions");
        })),
        sign(&with(legacy_claims(), |o| {
            o.remove("resourceID");
        })),
    ];
    let requests = [
        RequestContext::default(),
        RequestContext::patient("urn:uuid:1.2.3.4"),
        RequestContext::patient("543797436^^^&1.2.840.113619.6.197&ISO"),
        RequestContext::patient("42"),
        RequestContext::patient_if_bound("42"),
        RequestContext::patient_if_bound("urn:uuid:1.2.3.4"),
    ];
    for first in &requests {
        let mut cache = v.new_cache(8, 1 << 16).unwrap();
        for t in &tokens {
            // the first request decides whether the token is stored
            let direct = v.verify_request(t, &keys, now(), first);
            same_verdict(t, &direct, &v.verify_request_cached(&mut cache, t, &keys, now(), first));
        }
        for r in requests.iter().chain(requests.iter().rev()) {
            for t in &tokens {
                let direct = v.verify_request(t, &keys, now(), r);
                same_verdict(t, &direct, &v.verify_request_cached(&mut cache, t, &keys, now(), r));
            }
        }
        assert_eq!(cache.len(), tokens.len(), "every token passed some request, so each is stored once");
    }
}

#[test]
fn cache_rechecks_times_and_never_stores_a_refusal() {
    let v = builder().clock_tolerance(10.0).build().unwrap();
    let keys = keys();
    let t = sign(&current_claims());
    let at = |secs: i64| UnixTime::from_secs(secs);
    let mut cache = v.new_cache(8, 1 << 16).unwrap();
    // refused before it is valid (nbf = NOW - 60, 10 s leeway): not stored
    let e = v.verify_request_cached(&mut cache, &t, &keys, at(NOW - 71), &RequestContext::default()).unwrap_err();
    assert_eq!(e.code(), "ERR_JWT_CLAIM_VALIDATION_FAILED");
    assert_eq!(cache.len(), 0);
    v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    assert_eq!(cache.len(), 1);
    // exp = NOW + 300: the hit checks the instant of each call, with the leeway
    v.verify_request_cached(&mut cache, &t, &keys, at(NOW + 309), &RequestContext::default()).unwrap();
    let e = v.verify_request_cached(&mut cache, &t, &keys, at(NOW + 310), &RequestContext::default()).unwrap_err();
    assert_eq!(e, Error::Expired { claim: "exp" });
    assert_eq!(e, v.verify_request(&t, &keys, at(NOW + 310), &RequestContext::default()).unwrap_err());
    // still stored, and still answered for an instant it is valid at
    assert_eq!(cache.len(), 1);
    v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    // refusals of every stage are never stored
    let forged = format!("{}x", &t[..t.len() - 1]);
    let wrong_aud = sign(&with(current_claims(), |o| o.insert("aud", "https://other.example".into())));
    let no_scope = builder().required_scopes(&["ITI-99"]).build().unwrap();
    let mut other = no_scope.new_cache(8, 1 << 16).unwrap();
    for token in [&forged, &wrong_aud] {
        assert!(v.verify_request_cached(&mut cache, token, &keys, now(), &RequestContext::default()).is_err());
    }
    assert_eq!(cache.len(), 1);
    assert_eq!(
        no_scope.verify_request_cached(&mut other, &t, &keys, now(), &RequestContext::default()).unwrap_err().code(),
        "ERR_IUA_INSUFFICIENT_SCOPE"
    );
    assert_eq!(other.len(), 0);
}

#[test]
fn cache_is_bound_to_its_verifier_and_to_the_key_set() {
    let v = verifier();
    let keys = keys();
    let t = sign(&current_claims());
    let mut cache = v.new_cache(8, 1 << 16).unwrap();
    v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    // another verifier (here: one that requires a scope the token lacks) may
    // not use entries that passed this verifier's rules
    let strict = builder().required_scopes(&["ITI-99"]).build().unwrap();
    assert!(matches!(
        strict.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()),
        Err(Error::InvalidOptions(_))
    ));
    // a clone has the same rules: it may
    v.clone().verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    // a key set without the signing key: no hit, the token is refused
    let rsa_only = JwkSet::from_json(&format!(r#"{{"keys":[{}]}}"#, rsa_public_jwk(RSA1, "rsa1"))).unwrap();
    let e = v.verify_request_cached(&mut cache, &t, &rsa_only, now(), &RequestContext::default()).unwrap_err();
    assert_eq!(e.code(), "ERR_JWKS_NO_MATCHING_KEY");
    // the same keys parsed again are a new set: verified again and stored
    // as an entry of its own (the first set's entry ages out of the LRU)
    let again = JwkSet::from_json(&format!(r#"{{"keys":[{},{}]}}"#, rsa_public_jwk(RSA1, "rsa1"), ec_jwk())).unwrap();
    v.verify_request_cached(&mut cache, &t, &again, now(), &RequestContext::default()).unwrap();
    assert_eq!(cache.len(), 2);
}

#[test]
fn cache_runs_the_custom_check_on_every_call() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    // refuses from the third call on (a revocation list that changed)
    let v = builder()
        .custom_check(move |_| {
            if seen.fetch_add(1, Ordering::SeqCst) < 2 {
                Ok(())
            } else {
                Err(Rejection { kind: RejectionKind::InvalidToken, description: "Revoked".into() })
            }
        })
        .build()
        .unwrap();
    let keys = keys();
    let t = sign(&current_claims());
    let mut cache = v.new_cache(8, 1 << 16).unwrap();
    v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap();
    let e = v.verify_request_cached(&mut cache, &t, &keys, now(), &RequestContext::default()).unwrap_err();
    assert_eq!(e.code(), "ERR_IUA_CUSTOM_CHECK_FAILED");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn cache_is_bounded() {
    let v = verifier();
    let keys = keys();
    let tokens: Vec<String> =
        (0..5).map(|i| sign(&with(current_claims(), |o| o.insert("jti", format!("token-{i}").into())))).collect();
    let mut cache = v.new_cache(3, 1 << 16).unwrap();
    for t in &tokens {
        v.verify_request_cached(&mut cache, t, &keys, now(), &RequestContext::default()).unwrap();
    }
    assert_eq!(cache.len(), 3);
    // by bytes: a token longer than the budget is verified, not stored
    let mut small = v.new_cache(3, 100).unwrap();
    v.verify_request_cached(&mut small, &tokens[0], &keys, now(), &RequestContext::default()).unwrap();
    assert!(small.is_empty());
    assert!(matches!(v.new_cache(0, 100), Err(Error::InvalidOptions(_))));
    cache.clear();
    assert!(cache.is_empty());
}
