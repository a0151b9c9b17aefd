// The package's API as a user sees it: imported by name (`tokencheck`), with
// require() too, every export, every failure a TokenCheckError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import * as tc from 'tokencheck';
import init, {
  JWKSet, jwtVerify, jwtVerifySync, compactVerify, compactVerifySync, decodeJwt, decodeProtectedHeader,
  calculateJwkThumbprint, calculateJwkThumbprintSync, verifySignature, TokenCheckError, initSync,
} from 'tokencheck';
import { ALGS, NOW, ISS, AUD, PRIVATE, publicJwk, sign } from './corpus.mjs';

const require = createRequire(import.meta.url);
const at = new Date(NOW * 1000);
const claims = { iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 600 };
const es = publicJwk(PRIVATE.ES256[0]);
const opts = (extra = {}) => ({ algorithms: ['ES256'], currentDate: at, ...extra });

test('require("tokencheck") works and shares the classes with import', () => {
  const cjs = require('tokencheck');
  assert.equal(cjs.TokenCheckError, TokenCheckError);
  assert.equal(cjs.JWKSet, JWKSet);
  assert.equal(cjs.jwtVerifySync, jwtVerifySync);
  assert.equal(typeof require.resolve('tokencheck'), 'string');
  assert.match(require.resolve('tokencheck'), /node\.cjs$/);
});

test('every export is there', () => {
  for (const name of ['JWKSet', 'jwtVerify', 'jwtVerifySync', 'compactVerify', 'compactVerifySync', 'decodeJwt', 'decodeProtectedHeader', 'calculateJwkThumbprint', 'calculateJwkThumbprintSync', 'verifySignature', 'TokenCheckError', 'initSync']) {
    assert.equal(typeof tc[name], 'function', name);
  }
  assert.equal(typeof init, 'function');
});

test('init() and initSync() are harmless in Node (already initialised)', async () => {
  await init();
  initSync();
});

test('JWKSet: from an object or JSON text, validated once, reused', async () => {
  const fromObject = new JWKSet({ keys: [es, { kty: 'OKP', crv: 'X25519', x: jose.base64url.encode(new Uint8Array(32).fill(9)), kid: 'x' }] });
  assert.equal(fromObject.size, 1);
  assert.equal(fromObject.skipped, 1);
  const fromText = new JWKSet(JSON.stringify({ keys: [es] }));
  assert.equal(fromText.size, 1);
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(jwtVerifySync(token, fromObject, opts()).payload, claims);
    assert.deepEqual(jwtVerifySync(token, fromText, opts()).payload, claims);
  }
  // a plain JWKS (object or text) also works, parsed for that call
  assert.deepEqual(jwtVerifySync(token, { keys: [es] }, opts()).payload, claims);
  assert.deepEqual(jwtVerifySync(token, JSON.stringify({ keys: [es] }), opts()).payload, claims);
});

test('jwtVerify returns a Promise with the same result; tokens may be bytes', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1', typ: 'JWT' }, claims);
  const keys = new JWKSet({ keys: [es] });
  const p = jwtVerify(token, keys, opts());
  assert.ok(p instanceof Promise);
  const r = await p;
  assert.deepEqual(r, { payload: claims, protectedHeader: { alg: 'ES256', kid: 'ES256-1', typ: 'JWT' } });
  assert.deepEqual(jwtVerifySync(new TextEncoder().encode(token), keys, opts()), r);
});

test('options: clockTolerance as a string, currentDate, requiredClaims, maxTokenAge', async () => {
  const keys = new JWKSet({ keys: [es] });
  const expired = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, exp: NOW - 20 });
  assert.throws(() => jwtVerifySync(expired, keys, opts()), { name: 'TokenCheckError', code: 'ERR_JWT_EXPIRED', claim: 'exp', reason: 'check_failed' });
  assert.equal(jwtVerifySync(expired, keys, opts({ clockTolerance: '30s' })).payload.sub, 'user-1');
  assert.equal(jwtVerifySync(expired, keys, opts({ clockTolerance: 30 })).payload.sub, 'user-1');
  assert.equal(jwtVerifySync(expired, keys, opts({ currentDate: new Date((NOW - 60) * 1000) })).payload.sub, 'user-1');
  assert.throws(() => jwtVerifySync(expired, keys, opts({ clockTolerance: '30s', requiredClaims: ['nonce'] })), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nonce', reason: 'missing' });
  assert.throws(() => jwtVerifySync(expired, keys, opts({ clockTolerance: '30s', maxTokenAge: '20s' })), { code: 'ERR_JWT_EXPIRED', claim: 'iat' });
  assert.equal(jwtVerifySync(expired, keys, opts({ clockTolerance: '30s', maxTokenAge: '2 minutes' })).payload.sub, 'user-1');
});

test('compactVerify: payload bytes, no claim checks, only `algorithms`', async () => {
  const keys = new JWKSet({ keys: [es] });
  const expired = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, exp: 1 });
  const r = compactVerifySync(expired, keys, { algorithms: ['ES256'] });
  assert.ok(r.payload instanceof Uint8Array);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(r.payload)), { ...claims, exp: 1 });
  assert.deepEqual(r.protectedHeader, { alg: 'ES256', kid: 'ES256-1' });
  const notJson = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, 'plain bytes \u00ff');
  const a = await compactVerify(notJson, keys, { algorithms: ['ES256'] });
  const b = await jose.compactVerify(notJson, jose.createLocalJWKSet({ keys: [es] }), { algorithms: ['ES256'] });
  assert.deepEqual(a.payload, b.payload);
  assert.throws(() => compactVerifySync(notJson, keys, { algorithms: ['ES256'], currentDate: at }), { code: 'ERR_INVALID_OPTIONS' });
  await assert.rejects(compactVerify(notJson, keys, {}), { code: 'ERR_INVALID_OPTIONS' });
});

test('decodeJwt / decodeProtectedHeader match jose', async () => {
  const token = await sign('EdDSA', 1, { alg: 'EdDSA', kid: 'EdDSA-1', typ: 'at+jwt', x: [1, { y: null }] }, { ...claims, n: 1e21, s: 'é\u2028' });
  assert.deepEqual(decodeJwt(token), jose.decodeJwt(token));
  assert.deepEqual(decodeProtectedHeader(token), jose.decodeProtectedHeader(token));
  assert.throws(() => decodeJwt('a.b'), { code: 'ERR_JWS_INVALID' });
  assert.throws(() => decodeJwt(42), { code: 'ERR_JWS_INVALID', reason: 'token_type' });
});

// decodeJwt / decodeProtectedHeader hand JS the text the strict parser
// accepted (not a re-serialization): JSON.parse of it must give exactly what
// JSON.parse of the token's part gives, and what the strict parser refuses
// must still be refused.
test('decodeJwt / decodeProtectedHeader: the accepted text, parsed as JSON.parse parses it; strict refusals stay', () => {
  const b64 = (text) => Buffer.from(text, 'utf8').toString('base64url');
  const token = (header, payload) => `${b64(header)}.${b64(payload)}.c2ln`;
  const header = ' {"alg":"ES256", "kid":"k\u00e9", "x":{"__proto__":{"polluted":true}}}\n';
  const payload = '\t{"__proto__":{"admin":true},"s":"\\u0061\u2028\ud83d\ude00","u":"\\ud83d\\ude00","n":-0,"big":12345678901234567890,"e":1E2,"f":0.1,\r\n"arr":[ 1 , {"y":null} , "é" ],"t":true} ';
  const t = token(header, payload);
  const claims = decodeJwt(t);
  assert.deepEqual(claims, JSON.parse(payload));
  assert.deepEqual(claims, jose.decodeJwt(t));
  assert.ok(Object.is(claims.n, -0));
  assert.equal(Object.getPrototypeOf(claims), Object.prototype);
  assert.equal(claims.admin, undefined);
  assert.deepEqual(Object.keys(claims.__proto__), ['admin']);
  const h = decodeProtectedHeader(t);
  assert.deepEqual(h, JSON.parse(header));
  assert.deepEqual(h, jose.decodeProtectedHeader(t));
  assert.equal(h.polluted, undefined);
  const refused = (fn, code, reason) => assert.throws(fn, (e) => e instanceof TokenCheckError && e.code === code && e.reason === reason);
  refused(() => decodeJwt(token('{"alg":"ES256"}', '{"a":1,"\\u0061":2}')), 'ERR_JWT_INVALID', 'json_duplicate_member');
  refused(() => decodeJwt(token('{"alg":"ES256"}', '{"a":"\\ud800"}')), 'ERR_JWT_INVALID', 'json_lone_surrogate');
  refused(() => decodeJwt(token('{"alg":"ES256"}', '{"a":1e400}')), 'ERR_JWT_INVALID', 'json_number_out_of_range');
  refused(() => decodeJwt(token('{"alg":"ES256"}', '[1]')), 'ERR_JWT_INVALID', 'not_an_object');
  refused(() => decodeProtectedHeader(token('{"alg":"ES256","alg":"none"}', '{}')), 'ERR_JWS_INVALID', 'json_duplicate_member');
  refused(() => decodeProtectedHeader(token('\ufeff{"alg":"ES256"}', '{}')), 'ERR_JWS_INVALID', 'json_syntax');
});

test('calculateJwkThumbprint matches jose for every key type; a Promise, and a Sync form', async () => {
  for (const alg of ALGS) {
    const jwk = publicJwk(PRIVATE[alg][0]);
    const p = calculateJwkThumbprint(jwk);
    assert.ok(p instanceof Promise);
    const expected = await jose.calculateJwkThumbprint(jwk);
    assert.equal(await p, expected, alg);
    assert.equal(calculateJwkThumbprintSync(JSON.stringify(jwk)), expected, alg);
    assert.equal(calculateJwkThumbprintSync(jwk, 'sha256'), expected, alg);
  }
  // RFC 7638 §3.1 example
  const rfc = { kty: 'RSA', n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw', e: 'AQAB', alg: 'RS256', kid: '2011-04-29' };
  assert.equal(await calculateJwkThumbprint(rfc), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
});

test('verifySignature: true, false, or a TokenCheckError — for every algorithm', async () => {
  const data = new TextEncoder().encode('signing input');
  for (const alg of ALGS) {
    const jwk = publicJwk(PRIVATE[alg][0]);
    const jws = await new jose.FlattenedSign(data).setProtectedHeader({ alg }).sign(await jose.importJWK(PRIVATE[alg][0], alg));
    const input = new TextEncoder().encode(`${jws.protected}.${jose.base64url.encode(data)}`);
    const sig = jose.base64url.decode(jws.signature);
    assert.equal(verifySignature(alg, jwk, input, sig), true, `${alg} valid`);
    const bad = sig.slice();
    bad[0] ^= 1;
    assert.equal(verifySignature(alg, jwk, input, bad), false, `${alg} tampered`);
    assert.equal(verifySignature(alg, JSON.stringify(jwk), input.slice(1), sig), false, `${alg} other data`);
  }
  const sig = new Uint8Array(64);
  assert.throws(() => verifySignature('ES384', es, sig, sig), { code: 'ERR_JOSE_ALG_NOT_ALLOWED', reason: 'alg_key_mismatch' });
  assert.throws(() => verifySignature('none', es, sig, sig), { code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
  assert.throws(() => verifySignature('ES256', { kty: 'EC' }, sig, sig), { code: 'ERR_JWK_INVALID' });
  assert.throws(() => verifySignature('ES256', es, 'text', sig), { code: 'ERR_INVALID_OPTIONS' });
});

test('every failure from every entry is a TokenCheckError', async () => {
  const keys = new JWKSet({ keys: [es] });
  const check = (e, code) => {
    assert.ok(e instanceof TokenCheckError, `not a TokenCheckError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'TokenCheckError');
    assert.equal(typeof e.message, 'string');
    if (code) assert.equal(e.code, code);
    return true;
  };
  assert.throws(() => new JWKSet('{"keys":[{"kty":"EC"}]}'), (e) => check(e, 'ERR_JWKS_INVALID'));
  assert.throws(() => new JWKSet(42), (e) => check(e, 'ERR_JWKS_INVALID'));
  assert.throws(() => new JWKSet('{"keys":[], "keys":[]}'), (e) => check(e, 'ERR_JWKS_INVALID'));
  assert.throws(() => jwtVerifySync('x.y.z', keys, opts()), (e) => check(e, 'ERR_JWS_INVALID'));
  assert.throws(() => jwtVerifySync(undefined, keys, opts()), (e) => check(e, 'ERR_JWS_INVALID'));
  assert.throws(() => jwtVerifySync('x.y.z', keys, 'options'), (e) => check(e, 'ERR_INVALID_OPTIONS'));
  assert.throws(() => jwtVerifySync('x.y.z', keys, opts({ issuer: 5 })), (e) => check(e, 'ERR_INVALID_OPTIONS'));
  assert.throws(() => jwtVerifySync('x.y.z', 'not a key set', opts()), (e) => check(e, 'ERR_JWKS_INVALID'));
  await assert.rejects(jwtVerify('x.y.z', keys, opts()), (e) => check(e, 'ERR_JWS_INVALID'));
  assert.throws(() => compactVerifySync('x.y.z', keys, { algorithms: ['ES256'] }), (e) => check(e, 'ERR_JWS_INVALID'));
  await assert.rejects(compactVerify('x.y.z', keys, { algorithms: ['ES256'] }), (e) => check(e, 'ERR_JWS_INVALID'));
  assert.throws(() => decodeJwt('....'), (e) => check(e, 'ERR_JWE_NOT_SUPPORTED'));
  assert.throws(() => decodeProtectedHeader('%%%.x.y'), (e) => check(e, 'ERR_JWS_INVALID'));
  await assert.rejects(calculateJwkThumbprint({ kty: 'nope' }), (e) => check(e, 'ERR_JWK_INVALID'));
  assert.throws(() => calculateJwkThumbprintSync(null), (e) => check(e, 'ERR_JWK_INVALID'));
  assert.throws(() => verifySignature(1, es, new Uint8Array(), new Uint8Array()), (e) => check(e, 'ERR_INVALID_OPTIONS'));
  // constructible by users, e.g. for their own wrappers
  const mine = new TokenCheckError('m', 'ERR_JWT_INVALID', { reason: 'r' });
  assert.equal(mine.code, 'ERR_JWT_INVALID');
  assert.equal(mine.reason, 'r');
  assert.equal(mine.claim, undefined);
});

test('the browser entry: TokenCheckError before init, then init() from bytes (once, even when called twice)', async () => {
  const web = await import('../../pkg/web.js');
  assert.throws(() => web.decodeJwt('a.b.c'), (e) => e instanceof web.TokenCheckError && e.code === 'ERR_TOKENCHECK_NOT_INITIALIZED');
  const bytes = readFileSync(new URL('../../pkg/dist/web/tokencheck_bg.wasm', import.meta.url));
  const [a, b] = [web.default(bytes), web.default({ module_or_path: bytes })];
  assert.ok(a instanceof Promise && a === b, 'a second init() while loading shares the first');
  await a;
  web.initSync(new WebAssembly.Module(bytes)); // a no-op once initialised
  await web.default();
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  assert.deepEqual(web.jwtVerifySync(token, new web.JWKSet({ keys: [es] }), opts()).payload, claims);
  assert.throws(() => web.jwtVerifySync(token, { keys: [es] }, opts({ issuer: 'x' })), (e) => e instanceof web.TokenCheckError && e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.notEqual(web.TokenCheckError, TokenCheckError, 'each entry has its own instance; Node import and require share one');
});
