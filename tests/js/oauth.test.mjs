// Client-side OAuth through the npm package: PKCE (RFC 7636), state / nonce,
// the signed state, buildAuthorizationUrl. node:crypto and URLSearchParams
// are the independent oracles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  generateCodeVerifier, calculateCodeChallenge, verifyCodeChallenge, generateState, generateNonce, stateEquals,
  createSignedState, verifySignedState, buildAuthorizationUrl, decodeJwt, decodeProtectedHeader, TokenCheckError,
} from 'tokencheck';

const require = createRequire(import.meta.url);
const ALPHABET = /^[A-Za-z0-9\-._~]+$/;
const s256 = (v) => createHash('sha256').update(v, 'ascii').digest('base64url');

function throwsCode(fn, code, reason) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof TokenCheckError, `not a TokenCheckError: ${e}`);
    assert.equal(e.code, code, e.message);
    if (reason !== undefined) assert.equal(e.reason, reason, e.message);
    return true;
  });
}

test('RFC 7636 Appendix B', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  assert.equal(calculateCodeChallenge(verifier), challenge);
  assert.equal(calculateCodeChallenge(verifier, 'S256'), challenge);
  assert.equal(s256(verifier), challenge);
  assert.equal(verifyCodeChallenge(verifier, challenge), true);
  assert.equal(verifyCodeChallenge(verifier, challenge, 'S256'), true);
  assert.equal(verifyCodeChallenge(verifier, 'F9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'), false);
  // plain only when named
  assert.equal(calculateCodeChallenge(verifier, 'plain'), verifier);
  assert.equal(verifyCodeChallenge(verifier, verifier, 'plain'), true);
  assert.equal(verifyCodeChallenge(verifier, challenge, 'plain'), false);
  // the verifier is itself a well-formed S256 challenge (32 octets): just no match
  assert.equal(verifyCodeChallenge(verifier, verifier), false);
  // a plain challenge of another length is not one S256 can produce
  throwsCode(() => verifyCodeChallenge(verifier, 'a'.repeat(50)), 'ERR_PKCE_INVALID', 'challenge_invalid');
});

test('generateCodeVerifier: length, alphabet, uniqueness over many draws; S256 checked by node:crypto', () => {
  const seen = new Set();
  const chars = new Set();
  for (let i = 0; i < 2000; i++) {
    const length = i % 3 === 0 ? undefined : 43 + (i % 86);
    const v = generateCodeVerifier(length);
    assert.equal(v.length, length ?? 43);
    assert.match(v, ALPHABET);
    assert.ok(!seen.has(v), 'repeated verifier');
    seen.add(v);
    for (const c of v) chars.add(c);
    const c = calculateCodeChallenge(v);
    assert.equal(c, s256(v));
    assert.equal(verifyCodeChallenge(v, c), true);
  }
  assert.equal(chars.size, 64, 'every base64url character appears');
  assert.equal(generateCodeVerifier(128).length, 128);
  for (const bad of [42, 129, 0, -1, 43.5, NaN, Infinity]) throwsCode(() => generateCodeVerifier(bad), 'ERR_PKCE_INVALID', 'verifier_length');
  throwsCode(() => generateCodeVerifier('43'), 'ERR_INVALID_OPTIONS');
});

test('invalid verifiers get specific errors', () => {
  throwsCode(() => calculateCodeChallenge('a'.repeat(42)), 'ERR_PKCE_INVALID', 'verifier_length');
  throwsCode(() => calculateCodeChallenge('a'.repeat(129)), 'ERR_PKCE_INVALID', 'verifier_length');
  throwsCode(() => calculateCodeChallenge('a'.repeat(42) + '+'), 'ERR_PKCE_INVALID', 'verifier_charset');
  throwsCode(() => calculateCodeChallenge('a'.repeat(42) + ' '), 'ERR_PKCE_INVALID', 'verifier_charset');
  throwsCode(() => calculateCodeChallenge('a'.repeat(42) + 'é'), 'ERR_PKCE_INVALID', 'verifier_charset');
  throwsCode(() => calculateCodeChallenge('a'.repeat(43), 'S512'), 'ERR_PKCE_INVALID', 'method_unsupported');
  throwsCode(() => calculateCodeChallenge('a'.repeat(43), 's256'), 'ERR_PKCE_INVALID', 'method_unsupported');
  throwsCode(() => calculateCodeChallenge(undefined), 'ERR_INVALID_OPTIONS');
  throwsCode(() => verifyCodeChallenge('short', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'), 'ERR_PKCE_INVALID', 'verifier_length');
  throwsCode(() => verifyCodeChallenge('a'.repeat(43), 'abc'), 'ERR_PKCE_INVALID', 'challenge_invalid');
  assert.match(
    (() => { try { calculateCodeChallenge('x'); } catch (e) { return e.message; } })(),
    /43 to 128 characters/,
  );
});

test('generateState / generateNonce: 256 bits, fresh; stateEquals', () => {
  const seen = new Set();
  for (let i = 0; i < 1000; i++) {
    for (const v of [generateState(), generateNonce()]) {
      assert.equal(v.length, 43);
      assert.equal(Buffer.from(v, 'base64url').length, 32);
      assert.ok(!seen.has(v));
      seen.add(v);
    }
  }
  const s = generateState();
  assert.equal(stateEquals(s, s), true);
  assert.equal(stateEquals(s, generateState()), false);
  assert.equal(stateEquals(s, s.slice(1)), false);
  for (const [a, b] of [['', ''], [undefined, undefined], [null, null], [s, undefined], [1, 1], [{}, {}]]) {
    assert.equal(stateEquals(a, b), false, `${a} / ${b}`);
  }
});

test('signed state: round trip, tamper, expiry, wrong secret and typ', () => {
  const secret = 'a-signed-state-secret-of-32-bytes-or-more';
  const t0 = new Date(1_700_000_000_000);
  const token = createSignedState(secret, { returnPath: '/course/7?tab=grades', expiresIn: '5m', currentDate: t0, claims: { flow: 'lti' } });
  assert.deepEqual(decodeProtectedHeader(token), { typ: 'oauth-state+jwt', alg: 'HS256' });
  const payload = decodeJwt(token);
  assert.equal(payload.exp - payload.iat, 300);
  assert.equal(payload.jti.length, 43);
  const v = verifySignedState(token, secret, { currentDate: new Date(1_700_000_299_000) });
  assert.equal(v.value, payload.jti);
  assert.equal(v.returnPath, '/course/7?tab=grades');
  assert.equal(v.expiresAt, 1_700_000_300);
  assert.equal(v.claims.flow, 'lti');
  // bytes work as the secret too
  assert.equal(verifySignedState(token, new TextEncoder().encode(secret), { currentDate: t0 }).value, v.value);
  // every state is fresh
  assert.notEqual(decodeJwt(createSignedState(secret, { currentDate: t0 })).jti, payload.jti);
  // expiry
  throwsCode(() => verifySignedState(token, secret, { currentDate: new Date(1_700_000_300_000) }), 'ERR_JWT_EXPIRED');
  // tamper with the return path
  const [h, p, s] = token.split('.');
  const evil = Buffer.from(JSON.stringify({ ...payload, path: 'https://evil.example/' })).toString('base64url');
  throwsCode(() => verifySignedState(`${h}.${evil}.${s}`, secret, { currentDate: t0 }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  throwsCode(() => verifySignedState(`${h}.${p}.${s.slice(0, -2)}AA`, secret, { currentDate: t0 }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  throwsCode(() => verifySignedState(token, secret + 'x', { currentDate: t0 }), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  throwsCode(() => verifySignedState(token, secret, { currentDate: t0, typ: 'lti-tool-state+jwt' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  // the real clock: a fresh state verifies now
  assert.equal(verifySignedState(createSignedState(secret), secret).returnPath, null);
  // refusals
  throwsCode(() => createSignedState('short'), 'ERR_JWK_INVALID');
  throwsCode(() => createSignedState(secret, { expiresIn: 0 }), 'ERR_INVALID_OPTIONS');
  throwsCode(() => createSignedState(secret, { expiresIn: 86_401 }), 'ERR_INVALID_OPTIONS');
  throwsCode(() => createSignedState(secret, { returnpath: '/x' }), 'ERR_INVALID_OPTIONS');
  throwsCode(() => createSignedState(42), 'ERR_INVALID_OPTIONS');
});

const PARAMS = {
  client_id: 'ehr-viewer',
  redirect_uri: 'https://app.example/callback',
  scope: 'openid launch/patient patient/*.read',
  state: 'S'.repeat(43),
  nonce: 'N'.repeat(43),
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

test('buildAuthorizationUrl: parameters, order and encoding (URLSearchParams as the oracle)', () => {
  const url = buildAuthorizationUrl('https://as.example/authorize', { ...PARAMS, aud: 'https://fhir.example/r4' });
  const u = new URL(url);
  assert.equal(u.origin + u.pathname, 'https://as.example/authorize');
  assert.deepEqual([...u.searchParams.keys()], ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'aud']);
  assert.equal(u.searchParams.get('response_type'), 'code');
  assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(u.searchParams.get('scope'), PARAMS.scope);
  const expected = new URLSearchParams({ response_type: 'code', ...PARAMS, code_challenge_method: 'S256', aud: 'https://fhir.example/r4' });
  assert.equal(u.search.slice(1), expected.toString());

  // edge cases: every value round-trips, and the encoding is URLSearchParams' byte for byte
  const tricky = 'a b+c&d=e#f%g~h*i/j?k:l;m@n!o\'(p)q,r é 😀 "<>\\^`{|}[]$\u0000\n\t';
  const url2 = buildAuthorizationUrl('https://as.example/authorize', { ...PARAMS, 'x y&z': tricky, empty: '' });
  const q = url2.split('?')[1];
  assert.ok(q.endsWith(new URLSearchParams({ 'x y&z': tricky, empty: '' }).toString()), q);
  assert.equal(new URL(url2).searchParams.get('x y&z'), tricky);
  assert.equal(new URL(url2).searchParams.get('empty'), '');
  // undefined / null members are left out
  assert.ok(!buildAuthorizationUrl('https://as.example/a', { ...PARAMS, nonce: undefined, extra: null }).includes('nonce='));
});

test('buildAuthorizationUrl: the endpoint query is kept, nothing is set twice, fragments refused', () => {
  const u = new URL(buildAuthorizationUrl('https://as.example/authorize?tenant=a%20b&x', PARAMS));
  assert.equal(u.searchParams.get('tenant'), 'a b');
  assert.ok(u.search.startsWith('?tenant=a%20b&x&response_type=code&'));
  assert.ok(buildAuthorizationUrl('https://as.example/authorize?', PARAMS).startsWith('https://as.example/authorize?response_type=code&'));
  const dup = (endpoint, params) => throwsCode(() => buildAuthorizationUrl(endpoint, params), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'duplicate');
  dup('https://as.example/authorize?client_id=x', PARAMS);
  dup('https://as.example/authorize?aud=1', { ...PARAMS, aud: '2' });
  dup('https://as.example/authorize?%73tate=x', PARAMS);
  dup('https://as.example/authorize?a=1&a=2', PARAMS);
  throwsCode(() => buildAuthorizationUrl('https://as.example/authorize#x', PARAMS), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'url_fragment');
  throwsCode(() => buildAuthorizationUrl('http://as.example/authorize', PARAMS), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'not_https');
  throwsCode(() => buildAuthorizationUrl('https://as.example/authorize', { ...PARAMS, redirect_uri: 'https://app.example/cb#x' }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'url_fragment');
  for (const missing of ['client_id', 'redirect_uri', 'state', 'code_challenge']) {
    const p = { ...PARAMS };
    delete p[missing];
    throwsCode(() => buildAuthorizationUrl('https://as.example/a', p), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'missing');
  }
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', { ...PARAMS, response_type: 'token' }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'invalid');
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', { ...PARAMS, state: 'short' }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'invalid');
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', { ...PARAMS, code_challenge: 'x' }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'challenge_invalid');
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', { ...PARAMS, code_challenge_method: 'S512' }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'method_unsupported');
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', { ...PARAMS, aud: 5 }), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'invalid');
  throwsCode(() => buildAuthorizationUrl('https://as.example/a', 'client_id=x'), 'ERR_INVALID_OPTIONS');
  // plain, when named, with a plain challenge
  const v = generateCodeVerifier();
  assert.match(buildAuthorizationUrl('https://as.example/a', { ...PARAMS, code_challenge: v, code_challenge_method: 'plain' }), /code_challenge_method=plain$/);
});

test('buildAuthorizationUrl from RFC 8414 metadata', () => {
  const metadata = {
    issuer: 'https://auth.hospital.example/realms/iua',
    authorization_endpoint: 'https://auth.hospital.example/realms/iua/protocol/openid-connect/auth',
    token_endpoint: 'https://auth.hospital.example/realms/iua/protocol/openid-connect/token',
    code_challenge_methods_supported: ['S256'],
  };
  assert.ok(buildAuthorizationUrl(metadata, PARAMS).startsWith(`${metadata.authorization_endpoint}?response_type=code&`));
  assert.ok(buildAuthorizationUrl(metadata, PARAMS, { issuer: metadata.issuer }).startsWith(metadata.authorization_endpoint));
  throwsCode(() => buildAuthorizationUrl(metadata, PARAMS, { issuer: 'https://other.example' }), 'ERR_IUA_METADATA_INVALID');
  throwsCode(() => buildAuthorizationUrl({ ...metadata, authorization_endpoint: 'http://x.example/auth' }, PARAMS), 'ERR_IUA_METADATA_INVALID');
  throwsCode(() => buildAuthorizationUrl({ ...metadata, code_challenge_methods_supported: ['plain'] }, PARAMS), 'ERR_AUTHORIZATION_REQUEST_INVALID', 'method_unsupported');
});

test('require() gets the same functions (dist/node.cjs inlines lib/oauth.js and lib/report.js)', () => {
  const cjs = require('tokencheck');
  for (const name of ['generateCodeVerifier', 'calculateCodeChallenge', 'verifyCodeChallenge', 'generateState', 'generateNonce', 'stateEquals', 'createSignedState', 'verifySignedState', 'buildAuthorizationUrl', 'verificationReport']) {
    assert.equal(typeof cjs[name], 'function', name);
  }
  assert.equal(cjs.calculateCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});
