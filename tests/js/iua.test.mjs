// The IUA API of the npm package: verifyIuaToken and its RFC 6750 answers,
// header parsing, ATNA user names, AS metadata and discover(), introspection,
// and createRemoteJWKSet (fetch once, merged fetches, one refetch per
// cooldown on an unknown kid, timeouts, export/import of the cache, no
// cross-request promise sharing in workerd mode). Fetches are simulated here;
// tests/js/iua-oidc-provider.test.mjs runs against a real authorization server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import {
  JWKSet, TokenCheckError, verifyIuaToken, verifyIuaTokenSync, createIuaVerifier, parseAuthorizationHeader, atnaUserName,
  validateAuthorizationServerMetadata, discover, introspectionRequestBody, verifyIntrospectionResponse, createRemoteJWKSet, RemoteJWKSet,
} from 'tokencheck';
import { PRIVATE, publicJwk } from './corpus.mjs';

const NOW = 1_750_000_000;
const at = new Date(NOW * 1000);
const ISS = 'https://as.example.com/realms/iua';
const AUD = 'https://fhir.example.com/r4';
const JWKS_URI = `${ISS}/protocol/openid-connect/certs`;
const OPTS = { issuer: ISS, audience: AUD, algorithms: ['RS256', 'ES256'], realm: 'fhir', currentDate: at };

const claims = {
  iss: ISS,
  sub: 'dr.smith',
  aud: AUD,
  exp: NOW + 300,
  iat: NOW - 10,
  jti: 'a1',
  client_id: 'mhd-consumer',
  scope: 'ITI-67 ITI-68',
  extensions: {
    ihe_iua: {
      subject_name: 'Dr. John Smith',
      subject_role: { system: 'http://snomed.info/sct', code: '46255001', display: 'Pharmacist' },
      purpose_of_use: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }],
      person_id: 'urn:oid:1.2.3|42',
    },
    ihe_bppc: { patient_id: 'urn:oid:1.2.3|42', acp: 'urn:oid:1.2.3.100' },
  },
};

const es1 = PRIVATE.ES256[0];
const es2 = PRIVATE.ES256[1];
const rs1 = PRIVATE.RS256[0];
const jwksOf = (...keys) => ({ keys: keys.map(publicJwk) });

async function sign(payload, { key = es1, alg = 'ES256', typ = 'at+jwt', kid = key.kid } = {}) {
  const header = { alg, kid };
  if (typ !== undefined) header.typ = typ;
  return new jose.SignJWT(payload).setProtectedHeader(header).sign(await jose.importJWK(key, alg));
}

async function refusal(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TokenCheckError, `not a TokenCheckError: ${e}`);
    return e;
  }
  assert.fail('expected a refusal');
}

test('verifyIuaToken: one typed result, header or bare token, RS256 and ES256', async () => {
  for (const [key, alg] of [[es1, 'ES256'], [rs1, 'RS256']]) {
    const t = await sign(claims, { key, alg });
    for (const input of [t, `Bearer ${t}`, `bearer   ${t}`, `  BEARER ${t} `]) {
      const r = await verifyIuaToken(input, jwksOf(es1, rs1), OPTS);
      assert.equal(r.form, 'current');
      assert.equal(r.alg, alg);
      assert.equal(r.subject, 'dr.smith');
      assert.deepEqual(r.scopes, ['ITI-67', 'ITI-68']);
      assert.deepEqual(r.iua.subjectRole, [{ system: 'http://snomed.info/sct', code: '46255001', display: 'Pharmacist' }]);
      assert.deepEqual(r.iua.purposeOfUse, [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }]);
      assert.equal(r.bppc.acp, 'urn:oid:1.2.3.100');
      assert.deepEqual(r.payload, claims);
      assert.equal(atnaUserName(r), `${AUD}<dr.smith@${ISS}>`);
    }
  }
  // the sync form with a JWKSet built once
  const keys = new JWKSet(jwksOf(es1));
  assert.equal(verifyIuaTokenSync(await sign(claims), keys, OPTS).jwtId, 'a1');
});

test("the result's payload is the token's own claims text as JSON.parse reads it, whatever its spelling", async () => {
  // written by hand (not JSON.stringify): escapes of every kind, raw
  // non-ASCII and U+2028, whitespace between tokens, numbers in several
  // spellings, a __proto__ member, nested arrays; the core splices this
  // text into the result as it is
  const text = `{ "iss" : "https:\\/\\/as.example.com\\/realms\\/iua", "sub":"dr.\\u0073mith",
    "aud":["${AUD}","urn:x"], "exp": ${NOW + 300}.0, "iat": ${(NOW - 10) / 10}e1, "jti": "a\\"1\\\\",
    "client_id":"mhd-consumer", "scope":"ITI-67 ITI-68", "n": [-0, 1.50, 1E2, 12345678901234567890, 1.5e-7, [[], {}]],
    "__proto__": { "polluted": true }, "html": "</script><!--", "ls": "a\u2028b", "emoji": "\\ud83d\\ude00 é",
    "extensions": { "ihe_iua": { "subject_name": "Dr. \\u00c9mile \\"Jr\\"", "subject_role": { "system": "http://snomed.info/sct", "code": "46255001" },
      "purpose_of_use": { "system": "urn:x", "code": "TREAT" }, "person_id": "urn:oid:1.2.3|42" } } }`;
  const expected = JSON.parse(text);
  assert.equal(Object.getPrototypeOf(expected), Object.prototype);
  const token = await new jose.CompactSign(new TextEncoder().encode(text))
    .setProtectedHeader({ alg: 'ES256', kid: es1.kid, typ: 'at+jwt' })
    .sign(await jose.importJWK(es1, 'ES256'));
  const keys = new JWKSet(jwksOf(es1));
  for (const r of [verifyIuaTokenSync(token, keys, OPTS), await verifyIuaToken(`Bearer ${token}`, jwksOf(es1), OPTS)]) {
    assert.deepEqual(r.payload, expected);
    assert.equal(Object.getPrototypeOf(r.payload), Object.prototype);
    assert.equal(r.payload.polluted, undefined);
    assert.equal(Object.is(r.payload.n[0], -0), true);
    assert.equal(r.issuer, ISS);
    assert.equal(r.subject, 'dr.smith');
    assert.equal(r.jwtId, 'a"1\\');
    assert.deepEqual(r.audience, [AUD, 'urn:x']);
    assert.equal(r.expiresAt, NOW + 300);
    assert.equal(r.issuedAt, NOW - 10);
    assert.deepEqual(r.scopes, ['ITI-67', 'ITI-68']);
    assert.equal(r.iua.subjectName, 'Dr. Émile "Jr"');
    assert.deepEqual(r.iua.purposeOfUse, [{ system: 'urn:x', code: 'TREAT' }]);
    assert.equal(r.payload.emoji, '\u{1F600} é');
    assert.equal(r.payload.ls, 'a\u2028b');
  }
});

test('legacy flat claims map onto the same fields', async () => {
  const legacy = {
    iss: ISS, sub: 'dr.smith', aud: AUD, exp: NOW + 300, jti: 'l1',
    SubjectID: 'Dr. John Smith', 'Subject:Role': [{ code: '46255001', codeSystem: 'http://snomed.info/sct' }],
    PurposeOfUse: { code: 'TREAT', codeSystem: 'http://terminology.hl7.org/CodeSystem/v3-ActReason' },
    personID: 'urn:oid:1.2.3|42', resourceID: 'urn:oid:1.2.3|42', acp: 'urn:oid:1.2.3.100',
  };
  const r = await verifyIuaToken(`IHE-JWT ${await sign(legacy, { typ: 'JWT' })}`, jwksOf(es1), OPTS);
  assert.equal(r.form, 'legacy');
  assert.equal(r.iua.subjectName, 'Dr. John Smith');
  assert.deepEqual(r.iua.subjectRole, [{ system: 'http://snomed.info/sct', code: '46255001' }]);
  assert.equal(r.bppc.patientId, 'urn:oid:1.2.3|42');
  assert.equal(r.clientId, undefined);
  assert.deepEqual(r.scopes, []);
  const e = await refusal(verifyIuaToken(await sign(legacy), jwksOf(es1), { ...OPTS, claimForms: 'current' }));
  assert.equal(e.code, 'ERR_IUA_LEGACY_FORM_REFUSED');
});

test('refusals carry the RFC 6750 answer', async () => {
  const keys = jwksOf(es1);
  const t = await sign(claims);
  const cases = [
    [undefined, 'ERR_IUA_NO_CREDENTIALS', 401, 'Bearer realm="fhir"'],
    [null, 'ERR_IUA_NO_CREDENTIALS', 401, 'Bearer realm="fhir"'],
    ['Basic dXNlcjpwYXNz', 'ERR_IUA_UNSUPPORTED_SCHEME', 401, 'Bearer realm="fhir"'],
    ['Bearer', 'ERR_IUA_INVALID_AUTHORIZATION', 400, 'Bearer realm="fhir", error="invalid_request", error_description="Malformed Authorization header"'],
    [`Bearer ${t} ${t}`, 'ERR_IUA_INVALID_AUTHORIZATION', 400, null],
    [`Bearer ${t}, Bearer ${t}`, 'ERR_IUA_INVALID_AUTHORIZATION', 400, null],
    [`Bearer\t${t}`, 'ERR_IUA_INVALID_AUTHORIZATION', 400, null],
    ['IHE-SAML PHNhbWw-', 'ERR_IUA_UNSUPPORTED_TOKEN_FORMAT', 401, 'Bearer realm="fhir", error="invalid_token", error_description="Unsupported token format: SAML assertions (IHE-SAML) are not accepted"'],
    [t.slice(0, -4) + 'AAAA', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 401, 'Bearer realm="fhir", error="invalid_token", error_description="The access token signature is invalid"'],
  ];
  for (const [input, code, status, header] of cases) {
    const e = await refusal(verifyIuaToken(input, keys, OPTS));
    assert.equal(e.code, code, String(input));
    assert.equal(e.status, status, String(input));
    if (header) assert.equal(e.wwwAuthenticate, header, String(input));
  }
  const expired = await refusal(verifyIuaToken(t, keys, { ...OPTS, currentDate: new Date((NOW + 300) * 1000) }));
  assert.equal(expired.code, 'ERR_JWT_EXPIRED');
  assert.equal(expired.wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token expired"');
  const aud = await refusal(verifyIuaToken(t, keys, { ...OPTS, audience: 'https://other.example' }));
  assert.equal(aud.claim, 'aud');
  const scope = await refusal(verifyIuaToken(t, keys, { ...OPTS, requiredScopes: ['ITI-65'] }));
  assert.equal(scope.status, 403);
  assert.equal(scope.wwwAuthenticate, 'Bearer realm="fhir", error="insufficient_scope", error_description="The access token lacks a required scope", scope="ITI-65"');
  const scope401 = await refusal(verifyIuaToken(t, keys, { ...OPTS, requiredScopes: ['ITI-65'], insufficientScopeStatus: 401 }));
  assert.equal(scope401.status, 401);
  // a SET / logout token is never an access token
  const set = await refusal(verifyIuaToken(await sign(claims, { typ: 'secevent+jwt' }), keys, OPTS));
  assert.equal(set.code, 'ERR_IUA_NOT_ACCESS_TOKEN');
  // strict RFC 9068
  const strict = await refusal(verifyIuaToken(await sign(claims, { typ: 'JWT' }), keys, { ...OPTS, strict: true }));
  assert.equal(strict.claim, 'typ');
});

test('request consistency and the caller check', async () => {
  const keys = jwksOf(es1);
  const t = await sign(claims);
  await verifyIuaToken(t, keys, { ...OPTS, patientId: 'urn:oid:1.2.3|42', requirePatientBinding: true });
  const e = await refusal(verifyIuaToken(t, keys, { ...OPTS, patientId: 'urn:oid:1.2.3|43' }));
  assert.equal(e.code, 'ERR_IUA_REQUEST_MISMATCH');
  assert.equal(e.claim, 'extensions.ihe_iua.person_id');
  assert.equal(e.status, 401);

  const v = createIuaVerifier({
    ...OPTS,
    currentDate: undefined,
    requiredScopes: ['ITI-67'],
    check: (r) => (r.iua.purposeOfUse.some((p) => p.code === 'TREAT') ? { error: 'insufficient_scope', description: 'Treatment "only"\r\n' } : undefined),
  });
  const c = await refusal(v.verify(t, keys, { currentDate: at }));
  assert.equal(c.code, 'ERR_IUA_CUSTOM_CHECK_FAILED');
  assert.equal(c.status, 403);
  assert.equal(c.wwwAuthenticate, 'Bearer realm="fhir", error="insufficient_scope", error_description="Treatment only", scope="ITI-67"');
  const no = createIuaVerifier({ ...OPTS, currentDate: undefined, check: () => false });
  assert.equal((await refusal(no.verify(t, keys, { currentDate: at }))).wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token is not accepted"');
  assert.deepEqual(no.challengeWithoutCredentials(), { status: 401, wwwAuthenticate: 'Bearer realm="fhir"' });
});

test('options are checked: unknown names, wrong types', async () => {
  const keys = jwksOf(es1);
  const t = await sign(claims);
  for (const bad of [
    { ...OPTS, requiredScope: ['x'] },
    { ...OPTS, algorithms: undefined },
    { ...OPTS, issuer: undefined },
    { ...OPTS, audience: [] },
    { ...OPTS, clockTolerance: 'soon' },
    { ...OPTS, currentDate: 'yesterday' },
    { ...OPTS, patientId: 42 },
    { ...OPTS, requirePatientBinding: true },
    { ...OPTS, onError: () => {} },
    { ...OPTS, realm: 'a\r\nb' },
  ]) {
    const e = await refusal(verifyIuaToken(t, keys, bad));
    assert.equal(e.code, 'ERR_INVALID_OPTIONS', JSON.stringify(Object.keys(bad)));
  }
});

test('parseAuthorizationHeader', () => {
  assert.deepEqual(parseAuthorizationHeader('Bearer a.b.c'), { scheme: 'Bearer', token: 'a.b.c' });
  assert.deepEqual(parseAuthorizationHeader('ihe-jwt a.b.c'), { scheme: 'IHE-JWT', token: 'a.b.c' });
  assert.deepEqual(parseAuthorizationHeader('a.b.c'), { scheme: '', token: 'a.b.c' });
  for (const [v, reason] of [['Bearer a b', 'multiple_tokens'], ['Bearer a,b', 'comma_joined'], ['Bearer\ta', 'whitespace'], ['Bearer ', 'empty_token'], ['Bearer "a"', 'invalid_character']]) {
    assert.throws(() => parseAuthorizationHeader(v), (e) => e instanceof TokenCheckError && e.code === 'ERR_IUA_INVALID_AUTHORIZATION' && e.reason === reason && e.status === 400, v);
  }
  assert.throws(() => parseAuthorizationHeader(''), (e) => e.code === 'ERR_IUA_NO_CREDENTIALS' && e.wwwAuthenticate === 'Bearer');
});

test('AS metadata validation', () => {
  const doc = { issuer: ISS, authorization_endpoint: `${ISS}/auth`, token_endpoint: `${ISS}/token`, jwks_uri: JWKS_URI };
  assert.equal(validateAuthorizationServerMetadata(doc, ISS).jwks_uri, JWKS_URI);
  assert.equal(validateAuthorizationServerMetadata(JSON.stringify(doc), ISS, { requireJwksUri: true }).token_endpoint, `${ISS}/token`);
  const mismatch = (() => { try { validateAuthorizationServerMetadata(doc, `${ISS}/`); } catch (e) { return e; } })();
  assert.equal(mismatch.code, 'ERR_IUA_METADATA_INVALID');
  assert.equal(mismatch.claim, 'issuer');
  assert.equal(mismatch.reason, 'issuer_mismatch');
  assert.throws(() => validateAuthorizationServerMetadata(doc, ISS, { requireIntrospection: true }), (e) => e.claim === 'introspection_endpoint' && e.reason === 'missing');
  assert.throws(() => validateAuthorizationServerMetadata({ ...doc, jwks_uri: 'http://as.example.com/certs' }, ISS), (e) => e.claim === 'jwks_uri' && e.reason === 'not_https');
  assert.throws(() => validateAuthorizationServerMetadata(doc, ISS, { allowInsecure: true }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  // loopback http only with the explicit test-only opt-in
  const local = 'http://127.0.0.1:9999';
  const ldoc = { issuer: local, authorization_endpoint: `${local}/auth`, token_endpoint: `${local}/token`, jwks_uri: `${local}/jwks` };
  assert.throws(() => validateAuthorizationServerMetadata(ldoc, local), (e) => e.code === 'ERR_INVALID_OPTIONS');
  assert.equal(validateAuthorizationServerMetadata(ldoc, local, { allowInsecureLoopbackForTests: true }).issuer, local);
});

// ---------------------------------------------------------------- remote key sets

/** A fake JWKS endpoint: serves `state.jwks`, counts requests, optional delay. */
function fakeServer(state) {
  state.requests = 0;
  return async (url, init) => {
    state.requests += 1;
    state.lastInit = init;
    if (state.delay) await new Promise((r, j) => {
      const t = setTimeout(r, state.delay);
      init.signal.addEventListener('abort', () => { clearTimeout(t); j(new Error('aborted')); });
    });
    if (state.status && state.status !== 200) return new Response('no', { status: state.status });
    return new Response(JSON.stringify(state.jwks), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

test('createRemoteJWKSet: fetched once, merged, cached', async () => {
  const state = { jwks: jwksOf(es1), delay: 20 };
  const remote = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer(state) });
  assert.ok(remote instanceof RemoteJWKSet);
  const t = await sign(claims);
  const results = await Promise.all(Array.from({ length: 10 }, () => verifyIuaToken(t, remote, OPTS)));
  assert.equal(results.length, 10);
  assert.equal(state.requests, 1, 'ten concurrent verifications, one fetch');
  await verifyIuaToken(t, remote, OPTS);
  assert.equal(state.requests, 1, 'cached');
  assert.equal(state.lastInit.redirect, 'error');
  assert.equal(remote.fetchCount, 1);
});

test('createRemoteJWKSet: a new kid refetches exactly once per cooldown', async () => {
  const state = { jwks: jwksOf(es1) };
  const remote = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer(state), cooldownMs: 200 });
  await verifyIuaToken(await sign(claims), remote, OPTS);
  assert.equal(state.requests, 1);
  // rotation: the AS now signs with es2 and publishes both keys
  state.jwks = jwksOf(es2, es1);
  const rotated = await sign(claims, { key: es2 });
  // within the cooldown of the first fetch: no refetch, refused
  const early = await refusal(verifyIuaToken(rotated, remote, OPTS));
  assert.equal(early.code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(early.status, 401);
  assert.equal(state.requests, 1);
  await new Promise((r) => setTimeout(r, 220));
  state.delay = 20;
  const many = await Promise.all(Array.from({ length: 5 }, () => verifyIuaToken(rotated, remote, OPTS)));
  assert.equal(many[0].kid, es2.kid);
  assert.equal(state.requests, 2, 'exactly one refetch for the new kid');
  // an unknown kid after that: no refetch within the cooldown
  const stranger = await sign(claims, { key: PRIVATE.ES256[2] ?? es2, kid: 'never-published' });
  assert.equal((await refusal(verifyIuaToken(stranger, remote, OPTS))).code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(state.requests, 2);
});

test('createRemoteJWKSet: failures, timeout, URL rules', async () => {
  const t = await sign(claims);
  const slow = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer({ jwks: jwksOf(es1), delay: 1000 }), timeoutMs: 30 });
  const to = await refusal(verifyIuaToken(t, slow, OPTS));
  assert.equal(to.code, 'ERR_JWKS_TIMEOUT');
  assert.equal(to.status, 503);
  assert.equal(to.wwwAuthenticate, undefined);
  const down = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer({ jwks: jwksOf(es1), status: 500 }) });
  assert.equal((await refusal(verifyIuaToken(t, down, OPTS))).code, 'ERR_JWKS_FETCH_FAILED');
  const junk = createRemoteJWKSet(JWKS_URI, { fetch: async () => new Response('{"keys":[{"kty":"EC"}]}') });
  const j = await refusal(verifyIuaToken(t, junk, OPTS));
  assert.equal(j.code, 'ERR_JWKS_INVALID');
  assert.equal(j.status, 503);
  for (const url of ['http://as.example.com/certs', 'https://user@as.example.com/certs', 'https://as.example.com/certs#x', 'ftp://x']) {
    assert.throws(() => createRemoteJWKSet(url, { fetch: fakeServer({}) }), (e) => e.code === 'ERR_INVALID_OPTIONS', url);
  }
  assert.throws(() => createRemoteJWKSet('http://127.0.0.1:1/jwks', { fetch: fakeServer({}) }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  createRemoteJWKSet('http://127.0.0.1:1/jwks', { fetch: fakeServer({}), allowInsecureLoopbackForTests: true });
  assert.throws(() => createRemoteJWKSet(JWKS_URI, { fetch: fakeServer({}), cooldown: 1 }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  assert.throws(() => verifyIuaTokenSync(t, slow, OPTS), (e) => e.code === 'ERR_INVALID_OPTIONS');
});

test('createRemoteJWKSet: cache export / import for serverless cold starts', async () => {
  const state = { jwks: jwksOf(es1) };
  const server = fakeServer(state);
  const a = createRemoteJWKSet(JWKS_URI, { fetch: server });
  assert.equal(a.exportCache(), undefined);
  await a.getKeySet();
  const saved = JSON.parse(JSON.stringify(a.exportCache())); // e.g. through KV
  const b = createRemoteJWKSet(JWKS_URI, { fetch: server, cache: saved });
  await verifyIuaToken(await sign(claims), b, OPTS);
  assert.equal(state.requests, 1, 'the imported set was used (the one request is a\'s)');
  // stale data is refetched
  const c = createRemoteJWKSet(JWKS_URI, { fetch: server, cache: { ...saved, fetchedAt: Date.now() - 3_600_000 } });
  await verifyIuaToken(await sign(claims), c, OPTS);
  assert.equal(state.requests, 2);
  // keys are validated again; wrong URL refused
  assert.throws(() => createRemoteJWKSet(JWKS_URI, { fetch: server, cache: { ...saved, jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } } }), (e) => e.code === 'ERR_JWKS_INVALID');
  assert.throws(() => createRemoteJWKSet(`${JWKS_URI}2`, { fetch: server, cache: saved }), (e) => e.code === 'ERR_INVALID_OPTIONS');
});

test('createRemoteJWKSet: without sharing (the workerd mode) fetches merge only per requestContext', async () => {
  const state = { jwks: jwksOf(es1), delay: 20 };
  const t = await sign(claims);
  const isolated = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer(state), shareInflightFetches: false });
  await Promise.all([verifyIuaToken(t, isolated, OPTS), verifyIuaToken(t, isolated, OPTS)]);
  assert.equal(state.requests, 2, 'two requests, two fetches: no promise crosses requests');
  const perRequest = createRemoteJWKSet(JWKS_URI, { fetch: fakeServer(state), shareInflightFetches: false });
  const request = {};
  await Promise.all([verifyIuaToken(t, perRequest, { ...OPTS, requestContext: request }), verifyIuaToken(t, perRequest, { ...OPTS, requestContext: request })]);
  assert.equal(state.requests, 1, 'one request context, one fetch');
  // the settled set is shared (plain data): a later request does not fetch
  await verifyIuaToken(t, perRequest, { ...OPTS, requestContext: {} });
  assert.equal(state.requests, 1);
});

test('discover: RFC 8414 location, then OpenID Connect discovery; then the keys', async () => {
  const doc = { issuer: ISS, authorization_endpoint: `${ISS}/auth`, token_endpoint: `${ISS}/token`, jwks_uri: JWKS_URI, introspection_endpoint: `${ISS}/introspect` };
  const seen = [];
  const fetch = async (url) => {
    seen.push(String(url));
    if (url === `${ISS}/.well-known/openid-configuration`) return Response.json(doc);
    if (url === JWKS_URI) return Response.json(jwksOf(es1));
    return new Response('not found', { status: 404 });
  };
  const { metadata, jwks } = await discover(ISS, { fetch, requireIntrospection: true });
  assert.deepEqual(seen, ['https://as.example.com/.well-known/oauth-authorization-server/realms/iua', `${ISS}/.well-known/openid-configuration`, JWKS_URI]);
  assert.equal(metadata.introspection_endpoint, `${ISS}/introspect`);
  assert.ok(jwks instanceof RemoteJWKSet);
  assert.equal((await verifyIuaToken(await sign(claims), jwks, OPTS)).subject, 'dr.smith');
  assert.equal(seen.length, 3, 'keys were already loaded');
  // a document naming another issuer is refused
  const evil = async (url) => (String(url).includes('openid-configuration') ? Response.json({ ...doc, issuer: 'https://evil.example' }) : new Response('', { status: 404 }));
  const e = await refusal(discover(ISS, { fetch: evil }));
  assert.equal(e.code, 'ERR_IUA_METADATA_INVALID');
  const none = await refusal(discover(ISS, { fetch: async () => new Response('', { status: 404 }) }));
  assert.equal(none.code, 'ERR_IUA_METADATA_FETCH_FAILED');
  assert.equal(none.status, 503);
  assert.equal((await refusal(discover('http://as.example.com', { fetch }))).code, 'ERR_INVALID_OPTIONS');
});

test('introspection: request body and response validation', async () => {
  assert.equal(introspectionRequestBody('2YotnFZFEjr1zCsicMWpAA'), 'token=2YotnFZFEjr1zCsicMWpAA');
  assert.equal(introspectionRequestBody('a b+c/é', 'access_token'), 'token=a+b%2Bc%2F%C3%A9&token_type_hint=access_token');
  const active = { active: true, ...claims };
  const { result, cacheTtl } = verifyIntrospectionResponse(JSON.stringify(active), { ...OPTS, maxCacheTtl: 3600 });
  assert.equal(result.source, 'introspection');
  assert.equal(result.iua.subjectName, 'Dr. John Smith');
  assert.equal(cacheTtl, 300, 'bounded by exp');
  assert.equal(verifyIntrospectionResponse(active, { ...OPTS, maxCacheTtl: 60 }).cacheTtl, 60);
  assert.equal(verifyIntrospectionResponse(new TextEncoder().encode(JSON.stringify(active)), OPTS).result.jwtId, 'a1');
  const inactive = (() => { try { verifyIntrospectionResponse('{"active":false}', OPTS); } catch (e) { return e; } })();
  assert.equal(inactive.code, 'ERR_IUA_TOKEN_INACTIVE');
  assert.equal(inactive.status, 401);
  assert.equal(inactive.wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token is not active"');
  assert.throws(() => verifyIntrospectionResponse({ ...active, iss: 'https://evil' }, OPTS), (e) => e.claim === 'iss');
  assert.throws(() => verifyIntrospectionResponse('{"active":"true"}', OPTS), (e) => e.code === 'ERR_IUA_INTROSPECTION_RESPONSE_INVALID' && e.status === 500 && e.wwwAuthenticate === undefined);
});
