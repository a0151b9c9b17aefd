// One test per deliberate difference from jose (tests/js/DIFFERENCES.md).
// Each test shows BOTH sides: what jose does, and what tokencheck does instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import * as tc from 'tokencheck';
import { NOW, ISS, AUD, PRIVATE, publicJwk, sign, ed25519EdgeCases } from './corpus.mjs';

const enc = new TextEncoder();
const b64json = (v) => jose.base64url.encode(typeof v === 'string' ? v : JSON.stringify(v));
const at = new Date(NOW * 1000);
const es = publicJwk(PRIVATE.ES256[0]); // kid ES256-1
const esKeys = { keys: [es] };
const claims = { iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 600 };
const opts = (extra = {}) => ({ algorithms: ['ES256'], currentDate: at, ...extra });

async function joseResult(token, key, options) {
  try {
    const r = await jose.jwtVerify(token, key, options);
    return { ok: true, payload: r.payload };
  } catch (e) {
    return { ok: false, code: e.code, claim: e.claim, reason: e.reason };
  }
}
function tcResult(token, keys, options) {
  try {
    const r = tc.jwtVerifySync(token, keys, options);
    return { ok: true, payload: r.payload };
  } catch (e) {
    assert.ok(e instanceof tc.TokenCheckError, `not a TokenCheckError: ${e}`);
    return { ok: false, code: e.code, claim: e.claim, reason: e.reason };
  }
}
const joseKeys = (set) => jose.createLocalJWKSet(set);

test('D1 stricter JSON: duplicate member names are refused', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, '{"sub":"user-1","sub":"admin"}');
  const j = await joseResult(token, joseKeys(esKeys), opts());
  assert.equal(j.ok, true);
  assert.equal(j.payload.sub, 'admin', 'jose: JSON.parse keeps the last duplicate');
  assert.deepEqual(tcResult(token, esKeys, opts()), { ok: false, code: 'ERR_JWT_INVALID', claim: undefined, reason: 'json_duplicate_member' });

  const dupHeader = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  // a header with a duplicate `alg` (jose: last wins) is refused before any key lookup
  const [, p, s] = dupHeader.split('.');
  const h = b64json('{"alg":"none","alg":"ES256","kid":"ES256-1"}');
  assert.equal(tcResult(`${h}.${p}.${s}`, esKeys, opts()).code, 'ERR_JWS_INVALID');
});

test('D2 strict base64url: non-canonical encodings are refused', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  const [h, p, s] = token.split('.');
  // 64-byte signature = 86 chars; the last char carries 2 unused bits: set one
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(s.at(-1));
  const loose = s.slice(0, -1) + alphabet[last | 1];
  assert.notEqual(loose, s);
  const j = await joseResult(`${h}.${p}.${loose}`, joseKeys(esKeys), opts());
  assert.equal(j.ok, true, 'jose decodes the same bytes and accepts');
  assert.deepEqual(tcResult(`${h}.${p}.${loose}`, esKeys, opts()), { ok: false, code: 'ERR_JWS_INVALID', claim: undefined, reason: 'base64url' });
});

test('D3 registered claims must have their registered types even without an expectation', async () => {
  for (const [name, value] of [['iss', 42], ['sub', { id: 1 }], ['jti', 7], ['aud', []], ['aud', ['a', 1]]]) {
    const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, [name]: value });
    const j = await joseResult(token, joseKeys(esKeys), opts());
    assert.equal(j.ok, true, `jose accepts ${name}: ${JSON.stringify(value)}`);
    assert.deepEqual(tcResult(token, esKeys, opts()), { ok: false, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: name, reason: 'invalid' });
  }
});

test('D4 unknown option names are refused (a typo never disables a check)', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, aud: 'someone-else' });
  const j = await joseResult(token, joseKeys(esKeys), opts({ audiance: AUD }));
  assert.equal(j.ok, true, 'jose ignores `audiance` and accepts a token for another audience');
  const t = tcResult(token, esKeys, opts({ audiance: AUD }));
  assert.equal(t.code, 'ERR_INVALID_OPTIONS');
  assert.throws(() => tc.jwtVerifySync(token, esKeys, opts({ audiance: AUD })), /unknown option "audiance"/);
  assert.equal(tcResult(token, esKeys, { algorithms: ['ES256'], crit: { x: true } }).code, 'ERR_INVALID_OPTIONS');
  assert.throws(() => tc.compactVerifySync(token, esKeys, { algorithms: ['ES256'], issuer: ISS }), { code: 'ERR_INVALID_OPTIONS' });
});

test('D5 `algorithms` is required, non-empty, and lists only implemented names', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  const j = await joseResult(token, joseKeys(esKeys), { currentDate: at });
  assert.equal(j.ok, true, 'jose: without algorithms, any algorithm the key fits');
  for (const o of [{ currentDate: at }, undefined, { algorithms: [] }, { algorithms: ['ES256', 'none'] }, { algorithms: ['ES256', 'es256'] }, { algorithms: 'ES256' }]) {
    assert.equal(tcResult(token, esKeys, o).code, 'ERR_INVALID_OPTIONS', JSON.stringify(o));
  }
});

test('D6 empty issuer / audience lists are configuration errors', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  const j = await joseResult(token, joseKeys(esKeys), opts({ issuer: [] }));
  assert.equal(j.code, 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'jose: nothing matches, every token fails');
  assert.equal(tcResult(token, esKeys, opts({ issuer: [] })).code, 'ERR_INVALID_OPTIONS');
  assert.equal(tcResult(token, esKeys, opts({ audience: [] })).code, 'ERR_INVALID_OPTIONS');
});

test('D7 a kid shared by two keys is ambiguous, whatever their types', async () => {
  const ec = { ...es, kid: 'shared' };
  const ed = { ...publicJwk(PRIVATE.EdDSA[0]), kid: 'shared' };
  const set = { keys: [ed, ec] };
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'shared' }, claims);
  const j = await joseResult(token, joseKeys(set), opts());
  assert.equal(j.ok, true, 'jose filters by kty first and finds one key');
  assert.deepEqual(tcResult(token, set, opts()), { ok: false, code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS', claim: undefined, reason: 'duplicate_kid' });
});

test('D8 a key set mixing secret (oct) and public keys is refused at import', async () => {
  const set = { keys: [publicJwk(PRIVATE.HS256[0]), { ...es, kid: undefined }] };
  const token = await sign('ES256', 1, { alg: 'ES256' }, claims);
  const j = await joseResult(token, joseKeys(set), opts());
  assert.equal(j.ok, true, 'jose picks the one EC key for an ES256 token without kid');
  assert.throws(() => new tc.JWKSet(set), { code: 'ERR_JWKS_INVALID', reason: 'mixed_key_types' });
  assert.deepEqual(tcResult(token, set, opts()), { ok: false, code: 'ERR_JWKS_INVALID', claim: undefined, reason: 'mixed_key_types' });
});

test('D9 kid naming a key of another algorithm: ERR_JOSE_ALG_NOT_ALLOWED (jose: ERR_JWKS_NO_MATCHING_KEY)', async () => {
  const set = { keys: [es, publicJwk(PRIVATE.ES384[0])] };
  const token = await sign('ES384', 1, { alg: 'ES384', kid: 'ES256-1' }, claims);
  const o = opts({ algorithms: ['ES256', 'ES384'] });
  assert.equal((await joseResult(token, joseKeys(set), o)).code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.deepEqual(tcResult(token, set, o), { ok: false, code: 'ERR_JOSE_ALG_NOT_ALLOWED', claim: undefined, reason: 'alg_key_mismatch' });
});

test('D10 an alg tokencheck does not implement: ERR_JOSE_NOT_SUPPORTED (jose: ERR_JOSE_ALG_NOT_ALLOWED)', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  const [, p, s] = token.split('.');
  const t = `${b64json({ alg: 'ES256K', kid: 'ES256-1' })}.${p}.${s}`;
  assert.equal((await joseResult(t, joseKeys(esKeys), opts())).code, 'ERR_JOSE_ALG_NOT_ALLOWED');
  assert.deepEqual(tcResult(t, esKeys, opts()), { ok: false, code: 'ERR_JOSE_NOT_SUPPORTED', claim: undefined, reason: 'alg_unknown' });
});

test('D11 HMAC keys: oct keys live in JWK Sets, and short secrets are refused at import', async () => {
  const short = { kty: 'oct', kid: 'short', k: jose.base64url.encode(new Uint8Array(16).fill(7)) };
  const token = await new jose.CompactSign(enc.encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'HS256', kid: 'short' }).sign(jose.base64url.decode(short.k));
  const j = await joseResult(token, jose.base64url.decode(short.k), { algorithms: ['HS256'], currentDate: at });
  assert.equal(j.ok, true, 'jose verifies HS256 with a 16-byte secret');
  assert.throws(() => new tc.JWKSet({ keys: [short] }), { code: 'ERR_JWKS_INVALID', reason: 'hmac_key_too_short' });
  await assert.rejects(async () => jose.createLocalJWKSet({ keys: [publicJwk(PRIVATE.HS256[0])] })({ alg: 'HS256' }), { code: 'ERR_JOSE_NOT_SUPPORTED' });
  assert.equal(new tc.JWKSet({ keys: [publicJwk(PRIVATE.HS256[0])] }).size, 1);
});

test('D12 a JWE (five parts) gets its own code', async () => {
  const jwe = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA';
  assert.equal((await joseResult(jwe, joseKeys(esKeys), opts())).code, 'ERR_JWS_INVALID');
  assert.equal(tcResult(jwe, esKeys, opts()).code, 'ERR_JWE_NOT_SUPPORTED');
});

test('D13 `zip` in a JWS header is refused', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1', zip: 'DEF' }, claims);
  assert.equal((await joseResult(token, joseKeys(esKeys), opts())).ok, true, 'jose ignores zip in a JWS');
  assert.deepEqual(tcResult(token, esKeys, opts()), { ok: false, code: 'ERR_JWS_INVALID', claim: undefined, reason: 'zip_in_jws' });
});

test('D14 header kid / typ / cty must be strings: ERR_JWS_INVALID (jose: a non-string kid finds no key)', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 5 }, claims);
  assert.equal((await joseResult(token, joseKeys({ keys: [{ ...es, kid: undefined }] }), opts())).code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.deepEqual(tcResult(token, { keys: [{ ...es, kid: undefined }] }, opts()), { ok: false, code: 'ERR_JWS_INVALID', claim: undefined, reason: 'header_parameter_type' });
});

test('D15 size limits: tokens over 16 KiB, JSON nested deeper than 32', async () => {
  const big = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, pad: 'x'.repeat(16 * 1024) });
  assert.equal((await joseResult(big, joseKeys(esKeys), opts())).ok, true);
  assert.deepEqual(tcResult(big, esKeys, opts()), { ok: false, code: 'ERR_JWS_INVALID', claim: undefined, reason: 'too_large' });
  let deep = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  const nested = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, deep });
  assert.equal((await joseResult(nested, joseKeys(esKeys), opts())).ok, true);
  assert.deepEqual(tcResult(nested, esKeys, opts()), { ok: false, code: 'ERR_JWT_INVALID', claim: undefined, reason: 'json_too_deep' });
});

test('D16 clockTolerance must be >= 0, maxTokenAge > 0, currentDate a Date', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  // jose refuses a negative tolerance too, but with a plain TypeError (no code)
  await assert.rejects(jose.jwtVerify(token, joseKeys(esKeys), opts({ clockTolerance: -5 })), (e) => e instanceof TypeError && e.code === undefined);
  assert.equal(tcResult(token, esKeys, opts({ clockTolerance: -5 })).code, 'ERR_INVALID_OPTIONS');
  assert.equal(tcResult(token, esKeys, opts({ clockTolerance: '-5s' })).code, 'ERR_INVALID_OPTIONS');
  assert.equal((await joseResult(token, joseKeys(esKeys), opts({ maxTokenAge: 0 }))).code, 'ERR_JWT_EXPIRED', 'jose: maxTokenAge 0 = issued this very second');
  assert.equal(tcResult(token, esKeys, opts({ maxTokenAge: 0 })).code, 'ERR_INVALID_OPTIONS');
  assert.equal(tcResult(token, esKeys, opts({ currentDate: NOW * 1000 })).code, 'ERR_INVALID_OPTIONS');
  assert.equal(tcResult(token, esKeys, opts({ clockTolerance: 'soon' })).code, 'ERR_INVALID_OPTIONS');
});

test('D17 calculateJwkThumbprint: SHA-256 only, and only for valid verification keys', async () => {
  assert.equal(await tc.calculateJwkThumbprint(es), await jose.calculateJwkThumbprint(es));
  await assert.rejects(tc.calculateJwkThumbprint(es, 'sha512'), { code: 'ERR_JOSE_NOT_SUPPORTED' });
  assert.equal(typeof (await jose.calculateJwkThumbprint(es, 'sha512')), 'string');
  await assert.rejects(tc.calculateJwkThumbprint(PRIVATE.ES256[0]), { code: 'ERR_JWK_INVALID', reason: 'private_key_material' });
  assert.equal(await jose.calculateJwkThumbprint(PRIVATE.ES256[0]), await jose.calculateJwkThumbprint(es));
});

test('D18 result and error shapes: no `key` in results, no `payload` on errors, one error class', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, { ...claims, exp: NOW - 1 });
  const joseErr = await jose.jwtVerify(token, joseKeys(esKeys), opts()).catch((e) => e);
  assert.ok(joseErr instanceof jose.errors.JWTExpired);
  assert.equal(joseErr.payload.sub, 'user-1');
  let mine;
  try { tc.jwtVerifySync(token, esKeys, opts()); } catch (e) { mine = e; }
  assert.ok(mine instanceof tc.TokenCheckError && mine instanceof Error);
  assert.equal(mine.name, 'TokenCheckError');
  assert.equal(mine.code, 'ERR_JWT_EXPIRED');
  assert.equal(mine.claim, 'exp');
  assert.equal(mine.payload, undefined);
  const good = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);
  const jr = await jose.jwtVerify(good, joseKeys(esKeys), opts());
  assert.ok('key' in jr);
  assert.deepEqual(Object.keys(tc.jwtVerifySync(good, esKeys, opts())).sort(), ['payload', 'protectedHeader']);
});

test('D19 a "__proto__" claim stays an own property (same as jose)', async () => {
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, `{"sub":"u","__proto__":{"admin":true}}`);
  const j = await jose.jwtVerify(token, joseKeys(esKeys), opts());
  const t = tc.jwtVerifySync(token, esKeys, opts());
  for (const p of [j.payload, t.payload]) {
    assert.equal(p.admin, undefined);
    assert.equal(Object.getPrototypeOf(p), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(p, '__proto__').value, { admin: true });
  }
});

test('D20 keys: a JWKSet or a JWKS, not a CryptoKey / secret bytes / resolver function', async () => {
  const secret = jose.base64url.decode(PRIVATE.HS256[0].k);
  const token = await new jose.CompactSign(enc.encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  assert.equal((await joseResult(token, secret, { algorithms: ['HS256'], currentDate: at })).ok, true);
  for (const key of [secret, () => secret, await jose.importJWK(PRIVATE.HS256[0], 'HS256')]) {
    assert.equal(tcResult(token, key, { algorithms: ['HS256'], currentDate: at }).code, 'ERR_JWKS_INVALID');
  }
  assert.equal(tcResult(token, { keys: [publicJwk(PRIVATE.HS256[0])] }, { algorithms: ['HS256'], currentDate: at }).ok, true);
});

test('D21 Ed25519: a small-order R is refused (jose in Node accepts R = identity)', async () => {
  const edge = await ed25519EdgeCases();
  const token = edge.cases.find((c) => c.id === 'EdDSA/identity-R').token;
  const options = { algorithms: ['EdDSA'], issuer: ISS, audience: AUD, currentDate: at };
  const j = await joseResult(token, joseKeys(edge.set), options);
  assert.equal(j.ok, true, 'jose (node:crypto) accepts the R = identity signature');
  const t = tcResult(token, edge.set, options);
  assert.equal(t.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  await assert.rejects(tc.jwtVerify(token, new tc.JWKSet(edge.set), options), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  // every other edge case: refused by both
  for (const c of edge.cases.filter((c) => c.id !== 'EdDSA/identity-R')) {
    assert.equal((await joseResult(c.token, joseKeys(edge.set), options)).ok, false, c.id);
    assert.equal(tcResult(c.token, edge.set, options).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', c.id);
  }
});
