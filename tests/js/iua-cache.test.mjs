// createIuaVerifier({ cache }): the verified-token cache of an IUA resource
// server (src/profiles/iua/cache.rs; the JS index in pkg/lib/api.js,
// CacheMirror). A repeated input is answered from its entry without a parse
// or a signature check; the claims (times included), the request's patient
// and the caller's check are decided again on every call, with the verdict
// and the RFC 6750 answer of a verifier without a cache. The corpus of every
// algorithm and hostile token, with and without the cache, is in
// tests/js/iua-host-crypto.test.mjs; here: repeats under changing
// requests, instants, checks, key sets, bounds and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { JWKSet, TokenCheckError, createIuaVerifier, verifyIuaToken, verifyIuaTokenSync, verifyIntrospectionResponse } from 'tokencheck';
import { PRIVATE, publicJwk } from './corpus.mjs';
import { pick } from './compare.mjs';

const NOW = 1_750_000_000;
const ISS = 'https://as.example.com/realms/iua';
const AUD = 'https://fhir.example.com/r4';
const PATIENT = 'urn:oid:1.2.3|42';
const CONFIG = { issuer: ISS, audience: AUD, algorithms: ['ES256', 'RS256', 'HS256'], realm: 'fhir', clockTolerance: 5 };
const at = (secs) => ({ currentDate: new Date(secs * 1000) });

const claims = (extra = {}) => ({
  iss: ISS, sub: 'dr.smith', aud: AUD, exp: NOW + 300, nbf: NOW - 60, iat: NOW - 60, jti: 'c1', client_id: 'mhd-consumer', scope: 'ITI-67 ITI-68',
  extensions: { ihe_iua: { subject_name: 'Dr. John Smith', person_id: PATIENT }, ihe_bppc: { patient_id: PATIENT } },
  ...extra,
});
const es = PRIVATE.ES256[0];
async function sign(payload, { key = es, alg = 'ES256' } = {}) {
  return new jose.SignJWT(payload).setProtectedHeader({ alg, kid: key.kid, typ: 'at+jwt' }).sign(await jose.importJWK(key, alg));
}
const keys = new JWKSet({ keys: [publicJwk(es), publicJwk(PRIVATE.RS256[0])] });

// the outcome of a call: the result as JSON, or the refusal's stable fields
function outcome(f) {
  try {
    return { ok: JSON.stringify(f()) };
  } catch (e) {
    assert.ok(e instanceof TokenCheckError, `not a TokenCheckError: ${e}`);
    return { ...pick(e), status: e.status, wwwAuthenticate: e.wwwAuthenticate };
  }
}

test('repeats are answered from the entry, with the verdict of a verifier without a cache for every request and instant', async () => {
  const tokens = [
    await sign(claims()),
    await sign(claims({ extensions: undefined })), // bound to no patient
    await sign(claims({ extensions: { ihe_bppc: { patient_id: 'urn:oid:1.2.3|43' } } })),
    await sign(claims({ jti: 'rs' }), { key: PRIVATE.RS256[0], alg: 'RS256' }),
  ];
  const requests = [
    {}, { patientId: PATIENT }, { patientId: 'urn:oid:1.2.3|43' }, { patientId: PATIENT, requirePatientBinding: true },
    { patientId: 'urn:oid:1.2.3|43', requirePatientBinding: true },
  ];
  // before nbf (with the 5 s leeway), valid, the last valid second, expired
  const instants = [NOW - 66, NOW, NOW + 304, NOW + 305, NOW + 3600];
  const plain = createIuaVerifier(CONFIG);
  for (const first of requests) {
    const cached = createIuaVerifier({ ...CONFIG, cache: true });
    for (const t of tokens) outcome(() => cached.verifySync(t, keys, { ...first, ...at(NOW) }));
    for (const when of [...instants, ...instants.slice().reverse()]) {
      for (const r of requests) {
        for (const t of tokens) {
          for (const input of [t, `Bearer ${t}`]) {
            const options = { ...r, ...at(when) };
            const want = outcome(() => plain.verifySync(input, keys, options));
            assert.deepEqual(outcome(() => cached.verifySync(input, keys, options)), want, `${when} ${JSON.stringify(r)}`);
            assert.deepEqual(await cached.verify(input, keys, options).then((v) => ({ ok: JSON.stringify(v) }), (e) => ({ ...pick(e), status: e.status, wwwAuthenticate: e.wwwAuthenticate })), want);
          }
        }
      }
    }
    assert.ok(cached.cacheSize >= 1 && cached.cacheSize <= tokens.length, `${cached.cacheSize} entries`);
  }
});

test('a hit returns the one deep-frozen result of its entry; the check runs on every call', async () => {
  const t = await sign(claims());
  let calls = 0;
  let revoked = false;
  const v = createIuaVerifier({ ...CONFIG, cache: true, check: () => { calls++; return !revoked; } });
  const a = v.verifySync(t, keys, at(NOW));
  const c = await v.verify(t, keys, at(NOW));
  assert.equal(c, a, 'the same object');
  // the index is by the exact input: the same token in another spelling is
  // verified again (step 1 is not skipped for an input never seen), and
  // its entry takes the place of the first one (one entry per token)
  const b = v.verifySync(`Bearer ${t}`, keys, at(NOW));
  assert.notEqual(b, a);
  assert.deepEqual(b, a);
  assert.equal(v.verifySync(`Bearer ${t}`, keys, at(NOW)), b);
  assert.equal(v.cacheSize, 1);
  assert.equal(calls, 4);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.payload) && Object.isFrozen(a.payload.extensions.ihe_iua) && Object.isFrozen(a.scopes));
  assert.throws(() => { 'use strict'; a.subject = 'mallory'; }, TypeError);
  // the caller's check refuses from now on, for the very same input
  revoked = true;
  const e = outcome(() => v.verifySync(t, keys, at(NOW)));
  assert.equal(e.code, 'ERR_IUA_CUSTOM_CHECK_FAILED');
  assert.equal(e.status, 401);
  assert.equal(calls, 5);
  // without a cache results are fresh objects, not frozen
  const plain = createIuaVerifier(CONFIG);
  const p = plain.verifySync(t, keys, at(NOW));
  assert.notEqual(plain.verifySync(t, keys, at(NOW)), p);
  assert.equal(Object.isFrozen(p), false);
  assert.equal(plain.cacheSize, 0);
});

test('an entry serves only the key set it was verified with', async () => {
  const t = await sign(claims());
  const v = createIuaVerifier({ ...CONFIG, cache: true });
  v.verifySync(t, keys, at(NOW));
  // a set without the key: refused (no hit), with the code of a full verification
  const other = new JWKSet({ keys: [publicJwk(PRIVATE.ES256[1])] });
  const e = outcome(() => v.verifySync(t, other, at(NOW)));
  assert.equal(e.code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.deepEqual(e, outcome(() => createIuaVerifier(CONFIG).verifySync(t, other, at(NOW))));
  // the same keys in a new set: verified again, stored again
  const again = new JWKSet({ keys: [publicJwk(es)] });
  assert.equal(v.verifySync(t, again, at(NOW)).subject, 'dr.smith');
  assert.equal(v.cacheSize, 2);
  // and the first set still hits its own entry
  assert.equal(v.verifySync(t, keys, at(NOW)).subject, 'dr.smith');
  // a plain JWKS object is a new set on every call: verified in full each time
  const jwks = { keys: [publicJwk(es)] };
  assert.equal(v.verifySync(t, jwks, at(NOW)).subject, 'dr.smith');
  assert.equal(v.verifySync(t, jwks, at(NOW)).subject, 'dr.smith');
});

test('refusals are never stored; the cache is bounded; clearCache empties it', async () => {
  const v = createIuaVerifier({ ...CONFIG, cache: { maxEntries: 2 }, requiredScopes: ['ITI-67'] });
  const good = await sign(claims());
  const refused = [
    good.slice(0, -2) + (good.at(-2) === 'A' ? 'B' : 'A') + good.at(-1), // signature
    await sign(claims({ exp: NOW - 10 })),
    await sign(claims({ aud: 'https://other.example' })),
    await sign(claims({ scope: 'ITI-68' })),
  ];
  for (const t of refused) {
    for (let i = 0; i < 2; i++) assert.throws(() => v.verifySync(t, keys, at(NOW)), TokenCheckError);
  }
  assert.throws(() => v.verifySync(good, keys, { patientId: 'someone else', ...at(NOW) }), { code: 'ERR_IUA_REQUEST_MISMATCH' });
  assert.equal(v.cacheSize, 0);
  for (let i = 0; i < 4; i++) v.verifySync(await sign(claims({ jti: `j${i}` })), keys, at(NOW));
  assert.equal(v.cacheSize, 2);
  const first = v.verifySync(good, keys, at(NOW));
  assert.equal(v.verifySync(good, keys, at(NOW)), first);
  v.clearCache();
  assert.equal(v.cacheSize, 0);
  const fresh = v.verifySync(good, keys, at(NOW));
  assert.notEqual(fresh, first);
  assert.deepEqual(fresh, first);
  assert.equal(v.cacheSize, 1);
  // maxBytes: a token longer than the budget is verified, not stored
  const small = createIuaVerifier({ ...CONFIG, cache: { maxBytes: 100 } });
  small.verifySync(good, keys, at(NOW));
  assert.equal(small.cacheSize, 0);
});

test('cache options are checked, and one-call functions refuse them', async () => {
  for (const cache of [0, 'yes', [], { maxEntries: 0 }, { maxEntries: 1.5 }, { maxEntries: 2 ** 21 }, { maxBytes: 0 }, { size: 3 }]) {
    assert.throws(() => createIuaVerifier({ ...CONFIG, cache }), { code: 'ERR_INVALID_OPTIONS' }, JSON.stringify(cache));
  }
  for (const cache of [false, null, undefined]) assert.equal(createIuaVerifier({ ...CONFIG, cache }).cacheSize, 0);
  const t = await sign(claims());
  await assert.rejects(verifyIuaToken(t, keys, { ...CONFIG, cache: true }), { code: 'ERR_INVALID_OPTIONS' });
  assert.throws(() => verifyIuaTokenSync(t, keys, { ...CONFIG, cache: true }), { code: 'ERR_INVALID_OPTIONS' });
  assert.throws(() => verifyIntrospectionResponse('{"active":false}', { ...CONFIG, cache: true }), { code: 'ERR_INVALID_OPTIONS' });
});

test('index collisions and eviction churn never change a verdict (seeded random sequence against a verifier without a cache)', async () => {
  // T and `Bearer` + 10 spaces + T: the same end and a length 16 apart, so
  // the same index key (seenKey: length mod 16 and the last 7 characters)
  const tokens = [];
  for (let i = 0; i < 5; i++) {
    const extra = i === 3 ? { extensions: { ihe_bppc: { patient_id: 'urn:oid:1.2.3|43' } } } : i === 4 ? { exp: NOW + 30 } : {};
    tokens.push(await sign(claims({ jti: `r${i}`, ...extra })));
  }
  const forged = tokens[0].slice(0, -2) + (tokens[0].at(-2) === 'A' ? 'B' : 'A') + tokens[0].at(-1);
  const inputs = [...tokens.flatMap((t) => [t, `Bearer${' '.repeat(10)}${t}`, `bearer ${t}`]), forged, `Bearer${' '.repeat(10)}${forged}`];
  const otherKeys = new JWKSet({ keys: [publicJwk(es)] });
  const requests = [{}, { patientId: PATIENT }, { patientId: 'urn:oid:1.2.3|43', requirePatientBinding: true }];
  const instants = [NOW, NOW + 20, NOW + 40, NOW + 400];
  const plain = createIuaVerifier(CONFIG);
  const cached = createIuaVerifier({ ...CONFIG, cache: { maxEntries: 2 } });
  let seed = 7;
  const choose = (list) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return list[(seed >>> 16) % list.length]; // the high bits (an LCG's low bits cycle fast)
  };
  const returned = new Set();
  let hits = 0;
  for (let step = 0; step < 1500; step++) {
    const input = choose(inputs);
    const set = choose([keys, keys, otherKeys]);
    const options = { ...choose(requests), ...at(choose(instants)) };
    const want = outcome(() => plain.verifySync(input, set, options));
    let value;
    const got = outcome(() => {
      value = cached.verifySync(input, set, options);
      return value;
    });
    const again = await cached.verify(input, set, options).then((v) => ({ ok: JSON.stringify(v) }), (e) => ({ ...pick(e), status: e.status, wwwAuthenticate: e.wwwAuthenticate }));
    assert.deepEqual(got, want, `step ${step}: ${input.slice(0, 12)}… ${JSON.stringify(options)}`);
    assert.deepEqual(again, want, `step ${step} (verify): ${input.slice(0, 12)}… ${JSON.stringify(options)}`);
    if (value !== undefined) {
      if (returned.has(value)) hits++; // the very object of an earlier call: answered from its entry
      returned.add(value);
    }
    if (step === 700) cached.clearCache();
    assert.ok(cached.cacheSize <= 2);
  }
  assert.ok(hits >= 20, `only ${hits} answers from an entry under another request, instant or key set than the call that stored it`);
});
