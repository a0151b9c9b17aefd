// jwtVerify / jwtVerifySync keep the core's conversion of their options per
// distinct option values (pkg/lib/api.js, jwtOptions; src/wasm/verifier.rs,
// RawJwtOptions). These tests hold that path to the one that hands the core
// the options object on every call: same verdicts, same errors in the same
// order, mutations seen on the next call, bounded, and safe when an entry is
// dropped while a verification is in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tc from 'tokencheck';
import { NOW, ISS, AUD, PRIVATE, publicJwk, sign, buildCorpus, keySets, runtimeOptions } from './corpus.mjs';

const require = createRequire(import.meta.url);
// The very module objects the package uses (same resolved paths, so the
// same require-cache entries): counting calls on `raw` shows which path ran.
const { raw, createApi } = require('../../pkg/dist/node.cjs');

// A second API over the same wasm in which the core refuses every
// conversion, so every call goes the object way: the reference.
const objectPath = createApi({ ...raw, RawJwtOptions: class { constructor() { throw new Error('conversion switched off for the test'); } } }, () => true);

// Count the calls of raw[name] (a function or a class) until restore().
// The package's sync path in Node goes through the hand-off entries
// (jwtVerifyBeginWith / jwtVerifyBegin: node:crypto checks the signature),
// the others through jwtVerifyWith / jwtVerify: `either` counts a pair.
function either(a, b) {
  const x = counting(a);
  const y = counting(b);
  return { get calls() { return x.calls + y.calls; }, restore: () => { x.restore(); y.restore(); } };
}
function counting(name) {
  const real = raw[name];
  const counter = { calls: 0, restore: () => { raw[name] = real; } };
  const wrapper = function (...args) {
    counter.calls++;
    return new.target ? Reflect.construct(real, args, new.target) : real.apply(this, args);
  };
  wrapper.prototype = real.prototype; // instanceof still holds
  raw[name] = wrapper;
  return counter;
}

const at = new Date(NOW * 1000);
const claims = { iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 600 };
const keys = new tc.JWKSet({ keys: [publicJwk(PRIVATE.ES256[0])] });
const objectKeys = new objectPath.JWKSet({ keys: [publicJwk(PRIVATE.ES256[0])] });
const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, claims);

// The outcome of one call, comparable across the two APIs (their
// TokenCheckError classes differ).
function outcome(fn) {
  try {
    const r = fn();
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    return { ok: false, name: e.name, code: e.code, message: e.message, claim: e.claim, reason: e.reason };
  }
}
async function outcomeAsync(fn) {
  try {
    const r = await fn();
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    return { ok: false, name: e.name, code: e.code, message: e.message, claim: e.claim, reason: e.reason };
  }
}

test('equal option values are converted once, whatever object carries them', () => {
  const made = counting('RawJwtOptions');
  const fast = either('jwtVerifyWith', 'jwtVerifyBeginWith');
  const slow = either('jwtVerify', 'jwtVerifyBegin');
  try {
    const audience = `aud-${Math.random()}`; // values no other test used
    const t = () => ({ algorithms: ['ES256'], issuer: ISS, audience: [AUD, audience], currentDate: at });
    for (let i = 0; i < 50; i++) assert.deepEqual(tc.jwtVerifySync(token, keys, t()).payload, claims);
    assert.equal(made.calls, 1, 'converted once');
    assert.equal(fast.calls, 50);
    assert.equal(slow.calls, 0);
    // another instant is not another conversion (currentDate is per call)
    tc.jwtVerifySync(token, keys, { ...t(), currentDate: new Date((NOW + 1) * 1000) });
    assert.equal(made.calls, 1);
    // other values are
    tc.jwtVerifySync(token, keys, { ...t(), clockTolerance: 5 });
    assert.equal(made.calls, 2);
  } finally {
    made.restore();
    fast.restore();
    slow.restore();
  }
});

test('the whole differential corpus: the same outcome both ways, sync and async', async () => {
  const cases = await buildCorpus();
  const sets = keySets();
  const mine = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)]));
  const theirs = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new objectPath.JWKSet(s)]));
  const fast = either('jwtVerifyWith', 'jwtVerifyBeginWith');
  const problems = [];
  try {
    for (const c of cases) {
      const options = runtimeOptions(c.options);
      const a = outcome(() => tc.jwtVerifySync(c.token, mine[c.set], options));
      const b = outcome(() => objectPath.jwtVerifySync(c.token, theirs[c.set], options));
      if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${c.id} sync: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      const p = await outcomeAsync(() => tc.jwtVerify(c.token, mine[c.set], options));
      const q = await outcomeAsync(() => objectPath.jwtVerify(c.token, theirs[c.set], options));
      if (JSON.stringify(p) !== JSON.stringify(q)) problems.push(`${c.id} async: ${JSON.stringify(p)} vs ${JSON.stringify(q)}`);
    }
  } finally {
    fast.restore();
  }
  assert.ok(cases.length >= 500);
  assert.ok(fast.calls >= cases.length / 2, `the converted path ran only ${fast.calls} times`);
  assert.deepEqual(problems, []);
});

test('bad options: the same error, code and message, on the first and on later calls', async () => {
  const bad = [
    { algorithms: ['ES256'], audiance: AUD },
    { algorithms: ['ES256'], audiance: undefined },
    { algorithms: 'ES256' },
    { algorithms: ['nope'] },
    { algorithms: [] },
    { algorithms: ['none'] },
    { algorithms: ['ES256'], issuer: [] },
    { algorithms: ['ES256'], audience: [AUD, 7] },
    { algorithms: ['ES256'], clockTolerance: -1 },
    { algorithms: ['ES256'], clockTolerance: 'soon' },
    { algorithms: ['ES256'], clockTolerance: NaN },
    { algorithms: ['ES256'], maxTokenAge: Infinity },
    { algorithms: ['ES256'], maxTokenAge: 0 },
    { algorithms: ['ES256'], currentDate: NOW },
    { algorithms: ['ES256'], currentDate: new Date(NaN) },
    { algorithms: ['ES256'], typ: 5 },
    { algorithms: ['ES256'], requiredClaims: [1] },
    { algorithms: ['ES256'], subject: ['user-1'] },
    {},
    [],
    'ES256',
    () => {},
  ];
  for (const options of bad) {
    for (let round = 0; round < 2; round++) {
      const a = outcome(() => tc.jwtVerifySync(token, keys, options));
      const b = outcome(() => objectPath.jwtVerifySync(token, objectKeys, options));
      assert.equal(a.ok, false, `${JSON.stringify(options)} was accepted`);
      assert.deepEqual(a, b, `${String(JSON.stringify(options))}, call ${round + 1}`);
      assert.deepEqual(await outcomeAsync(() => tc.jwtVerify(token, keys, options)), b);
    }
  }
  // a bad token with bad options: the token's error first, as before
  for (const t of [42, null, { token }, new Uint8Array([0xff, 0xfe])]) {
    const options = { algorithms: ['nope'] };
    assert.deepEqual(outcome(() => tc.jwtVerifySync(t, keys, options)), outcome(() => objectPath.jwtVerifySync(t, objectKeys, options)));
    const good = { algorithms: ['ES256'], currentDate: at };
    assert.deepEqual(outcome(() => tc.jwtVerifySync(t, keys, good)), outcome(() => objectPath.jwtVerifySync(t, objectKeys, good)));
  }
});

test('a mutated options object or a changing getter is read afresh on every call', () => {
  const options = { algorithms: ['ES256'], audience: AUD, currentDate: at };
  assert.equal(outcome(() => tc.jwtVerifySync(token, keys, options)).ok, true);
  options.audience = 'someone-else';
  assert.equal(outcome(() => tc.jwtVerifySync(token, keys, options)).code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  options.audience = AUD;
  options.algorithms.push('RS256');
  options.algorithms[0] = 'EdDSA'; // ['EdDSA', 'RS256']: ES256 no longer allowed
  assert.equal(outcome(() => tc.jwtVerifySync(token, keys, options)).code, 'ERR_JOSE_ALG_NOT_ALLOWED');
  options.algorithms[0] = 'ES256';
  assert.equal(outcome(() => tc.jwtVerifySync(token, keys, options)).ok, true);
  options.currentDate = new Date((NOW + 3600) * 1000);
  assert.equal(outcome(() => tc.jwtVerifySync(token, keys, options)).code, 'ERR_JWT_EXPIRED');

  let reads = 0;
  const flipping = {
    algorithms: ['ES256'],
    get issuer() {
      reads++;
      return reads % 2 === 1 ? ISS : 'https://elsewhere.example';
    },
    currentDate: at,
  };
  const verdicts = [];
  for (let i = 0; i < 4; i++) verdicts.push(outcome(() => tc.jwtVerifySync(token, keys, flipping)).ok);
  assert.deepEqual(verdicts, [true, false, true, false]);
  assert.equal(reads, 4, 'the getter is read once per call');
});

test('bytes tokens take the same path; long option values are converted per call', async () => {
  const bytes = new TextEncoder().encode(token);
  assert.deepEqual(tc.jwtVerifySync(bytes, keys, { algorithms: ['ES256'], currentDate: at }).payload, claims);
  assert.deepEqual((await tc.jwtVerify(bytes, keys, { algorithms: ['ES256'], currentDate: at })).payload, claims);

  const made = counting('RawJwtOptions');
  try {
    const long = { algorithms: ['ES256'], audience: ['x'.repeat(5000), AUD], currentDate: at };
    for (let i = 0; i < 3; i++) assert.deepEqual(tc.jwtVerifySync(token, keys, long).payload, claims);
    assert.equal(made.calls, 0, 'a key over 4096 characters is not kept');
  } finally {
    made.restore();
  }
});

test('at most 64 conversions are kept; dropping one does not disturb a verification in flight', async () => {
  const made = counting('RawJwtOptions');
  try {
    const options = (i) => ({ algorithms: ['ES256'], audience: [AUD, `bound-${i}`], currentDate: at });
    // in flight: the ES256 signature is with WebCrypto while the loop below
    // pushes this call's conversion out of the table (and frees it)
    const pending = tc.jwtVerify(token, keys, options(0));
    for (let i = 1; i <= 200; i++) assert.deepEqual(tc.jwtVerifySync(token, keys, options(i)).payload, claims);
    assert.deepEqual((await pending).payload, claims);
    assert.equal(made.calls, 201);
    // 0 and the oldest of 1..200 were dropped: converted again
    tc.jwtVerifySync(token, keys, options(0));
    tc.jwtVerifySync(token, keys, options(1));
    assert.equal(made.calls, 203);
    // the newest are still kept
    for (let i = 170; i <= 200; i++) tc.jwtVerifySync(token, keys, options(i));
    assert.equal(made.calls, 203);
  } finally {
    made.restore();
  }
});

// jwtOptions first compares the values it read with the previous call's and
// reuses that call's conversion when they are equal; the table of 64 can
// drop (and free) exactly that conversion.
test("the previous call's conversion: reused for equal values, converted anew once dropped, safe in flight", async () => {
  const made = counting('RawJwtOptions');
  try {
    const tag = Math.random();
    const options = (name) => ({ algorithms: ['ES256'], audience: [AUD, `last-${tag}-${name}`], currentDate: at });
    tc.jwtVerifySync(token, keys, options('A'));
    for (let i = 1; i <= 63; i++) tc.jwtVerifySync(token, keys, options(i)); // the table: A (oldest) and 1..63
    assert.equal(made.calls, 64);
    for (let i = 0; i < 3; i++) assert.deepEqual(tc.jwtVerifySync(token, keys, options('A')).payload, claims); // found, then reused
    assert.equal(made.calls, 64);
    const inFlight = tc.jwtVerify(token, keys, options('A')); // holds A's conversion while it is dropped
    tc.jwtVerifySync(token, keys, options(64)); // drops and frees A, the previous call's
    assert.equal(made.calls, 65);
    assert.deepEqual((await inFlight).payload, claims);
    assert.deepEqual(tc.jwtVerifySync(token, keys, options('A')).payload, claims); // converted anew
    assert.equal(made.calls, 66);
    // equal values but one item, or one type, differ: not the previous call's
    const o = options('A');
    assert.equal(outcome(() => tc.jwtVerifySync(token, keys, { ...o, audience: [AUD.slice(0, -1), o.audience[1]] })).code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
    assert.deepEqual(tc.jwtVerifySync(token, keys, o).payload, claims);
    assert.equal(outcome(() => tc.jwtVerifySync(token, keys, { ...o, clockTolerance: '30' })).code, 'ERR_INVALID_OPTIONS');
    assert.deepEqual(tc.jwtVerifySync(token, keys, { ...o, clockTolerance: 30 }).payload, claims);
  } finally {
    made.restore();
  }
});

test('values that would run together in a careless key are told apart', () => {
  // each pair: the first is accepted, the second refused; both orders, so
  // that whichever comes first is the one in the table
  const base = { algorithms: ['ES256'], currentDate: at };
  const pairs = [
    [{ audience: [AUD, 'x'] }, { audience: [`${AUD},x`] }],
    [{ audience: [AUD, 'x'] }, { audience: [`${AUD} x`] }],
    [{ audience: [AUD] }, { audience: [`${AUD} `] }],
    [{ clockTolerance: 30 }, { clockTolerance: '30' }],
    [{ issuer: ISS, subject: 'user-1' }, { issuer: `${ISS} subject s6 user-1` }],
    [{ requiredClaims: ['sub'] }, { requiredClaims: ['sub', 'jti'] }],
  ];
  for (const [good, bad] of pairs) {
    for (const order of [[good, bad], [bad, good]]) {
      for (const extra of order) {
        const got = outcome(() => tc.jwtVerifySync(token, keys, { ...base, ...extra }));
        const want = outcome(() => objectPath.jwtVerifySync(token, objectKeys, { ...base, ...extra }));
        assert.equal(got.ok, extra === good, `${JSON.stringify(extra)}: ${JSON.stringify(got)}`);
        assert.deepEqual(got, want);
      }
    }
  }
});
