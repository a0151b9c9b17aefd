// Benchmark inputs, made fresh for each run with jose: per algorithm a JWKS
// of 3 keys (the issuer's current, next and previous key; tokens name the
// current one by kid), and two realistic ~1 KB tokens signed with it:
//   - an IHE IUA access token (JWT profile, `typ: at+jwt`, ihe_iua extension);
//   - an LTI 1.3 resource-link launch id_token.
// Every library gets the same tokens, the same keys and the same options
// ({ algorithms: [alg], issuer, audience }).
import * as jose from 'jose';

export const ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256'];
export const KINDS = ['IUA', 'LTI'];

const IUA_ISS = 'https://idp.hospital.example/oauth2';
const IUA_AUD = 'https://fhir.hospital.example/r4';
const LTI_ISS = 'https://lms.university.example';
const LTI_AUD = 'a4f1c7e2-5d3b-4c8a-9e6f-0b1d2c3e4f5a';

function iuaClaims(now) {
  return {
    iss: IUA_ISS,
    sub: 'urn:oid:2.16.840.1.113883.3.7204.1.1.1.1|dr-a.jansen-4711',
    aud: IUA_AUD,
    exp: now + 3600,
    nbf: now - 5,
    iat: now - 5,
    jti: '8c1f2a4e-7b3d-4e59-a6c0-1d2e3f4a5b6c',
    client_id: 'ehr-viewer-7f3a9c',
    scope: 'launch openid fhirUser patient/Patient.read patient/Observation.read patient/DocumentReference.read',
    extensions: {
      ihe_iua: {
        subject_name: 'Dr. Anna Jansen',
        subject_organization: 'Universitair Ziekenhuis Voorbeeld',
        subject_organization_id: 'urn:oid:2.16.528.1.1007.3.3.1234567',
        subject_role: { system: '2.16.840.1.113883.6.96', code: '158965000' },
        purpose_of_use: { system: '2.16.840.1.113883.1.11.20448', code: 'TREATMENT' },
        home_community_id: 'urn:oid:2.16.528.1.1007.3.3.9999',
        national_provider_identifier: '01.234.567.890',
        person_id: '999999990^^^&2.16.840.1.113883.2.4.6.3&ISO',
      },
    },
  };
}

function ltiClaims(now) {
  const lti = 'https://purl.imsglobal.org/spec/lti/claim/';
  return {
    iss: LTI_ISS,
    sub: 'a6d5c443-1f51-4783-ba1a-7686ffe3b54a',
    aud: LTI_AUD,
    azp: LTI_AUD,
    exp: now + 300,
    iat: now - 5,
    nonce: 'fc5fdc6d-5dd6-47f4-b2c9-5d1216e9b771',
    name: 'Ms Jane Marie Doe',
    given_name: 'Jane',
    family_name: 'Doe',
    email: 'jane.doe@university.example',
    [`${lti}message_type`]: 'LtiResourceLinkRequest',
    [`${lti}version`]: '1.3.0',
    [`${lti}deployment_id`]: '07940580-b309-415e-a37c-914d387c1150',
    [`${lti}target_link_uri`]: 'https://tool.example/launch',
    [`${lti}resource_link`]: { id: '200d101f-2c14-434a-a0f3-57c2a42369fd', title: 'Week 3: Cardiology quiz' },
    [`${lti}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    [`${lti}context`]: { id: 'c1d887f0-a1a3-4bca-ae25-c375edcc131a', label: 'MED301', title: 'Clinical Medicine III', type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
    [`${lti}tool_platform`]: { guid: 'ex/48bbb541-ce55-456e-8b7d-ebc59a38d435', name: 'University LMS', product_family_code: 'lms' },
    [`${lti}launch_presentation`]: { document_target: 'iframe', return_url: 'https://lms.university.example/courses/301/modules' },
  };
}

async function keyPair(alg) {
  if (alg === 'HS256') {
    const k = await jose.generateSecret('HS256', { extractable: true });
    return { privateKey: k, publicKey: k };
  }
  return jose.generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
}

/**
 * For each algorithm: { alg, jwks, tokens: { IUA, LTI }, options: { IUA, LTI },
 * pem (the signing key's public PEM, or the secret), secret (HS256 bytes) }.
 */
export async function makeFixtures(now = Math.floor(Date.now() / 1000)) {
  const out = {};
  for (const alg of ALGS) {
    const pairs = [await keyPair(alg), await keyPair(alg), await keyPair(alg)];
    const kids = ['a', 'b', 'c'].map((s) => `${alg.toLowerCase()}-2025-${s}`);
    const jwks = { keys: [] };
    for (let i = 0; i < 3; i++) {
      const jwk = await jose.exportJWK(pairs[i].publicKey);
      jwks.keys.push({ ...jwk, kid: kids[i], ...(alg === 'HS256' ? {} : { use: 'sig' }), alg });
    }
    const sign = (claims, typ) => new jose.SignJWT(claims).setProtectedHeader({ alg, kid: kids[0], typ }).sign(pairs[0].privateKey);
    const tokens = { IUA: await sign(iuaClaims(now), 'at+jwt'), LTI: await sign(ltiClaims(now), 'JWT') };
    const options = {
      IUA: { algorithms: [alg], issuer: IUA_ISS, audience: IUA_AUD },
      LTI: { algorithms: [alg], issuer: LTI_ISS, audience: LTI_AUD },
    };
    const pem = alg === 'HS256' ? null : await jose.exportSPKI(pairs[0].publicKey);
    const secret = alg === 'HS256' ? jose.base64url.decode(jwks.keys[0].k) : null;
    // a minimal JWS for timing the signature primitive with little framing
    const tinyJws = await new jose.CompactSign(new TextEncoder().encode('x')).setProtectedHeader({ alg, kid: kids[0] }).sign(pairs[0].privateKey);
    out[alg] = { alg, jwks, kids, tokens, options, pem, secret, tinyJws };
  }
  return out;
}
