// In Node the package hands RSA, ECDSA and HMAC signatures to node:crypto,
// on the sync and the async paths (pkg/lib/api.js, "node:crypto in Node").
// Against an API without node:crypto (every signature checked in wasm) and
// jose, on the whole differential corpus:
//   jwtVerifySync | jwtVerify | createVerifier().verifySync / .verify |
//   a cached verifier (miss, then hits) | compactVerifySync / compactVerify
// must give the same verdict, code, claim, reason and payload on every case.
// node:crypto's functions are counted (the package requires the very same
// module object), so the run proves which cases went through it; a lying,
// a throwing and a key-refusing node:crypto show what the core keeps
// checking itself and that every failure falls back to wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tc from 'tokencheck';
import { buildCorpus, keySets, joseResolver, joseVerdict, disagreement, runtimeOptions } from './corpus.mjs';
import { pick } from './compare.mjs';

const require = createRequire(import.meta.url);
const nodeCrypto = require('node:crypto');
// The reference: the package's generated file loaded a second time (its own
// glue and wasm instance, as a second copy of the package would be) and an
// API over it without node:crypto: every signature checked in wasm. Not a
// second API over the package's own glue: with two APIs calling one glue
// this hard, Node 20's V8 (11.3) crashes the process in optimized code
// (SIGSEGV; gone with --no-turbo-inline-js-wasm-calls), which no single
// package instance does.
const dist = require.resolve('../../pkg/dist/node.cjs');
require(dist);
const own = require.cache[dist]; // the package's copy (the one `tokencheck` uses)
delete require.cache[dist];
const second = require(dist);
require.cache[dist] = own; // and it stays the cached one
const wasmOnly = second.createApi(second.raw, () => true);

const calls = { verify: 0, createHmac: 0, timingSafeEqual: 0, createPublicKey: 0, createSecretKey: 0 };
let mode = 'honest';
const secretsGiven = []; // what createSecretKey received (checked for zeroing)
const real = Object.fromEntries(Object.keys(calls).map((name) => [name, nodeCrypto[name]]));
nodeCrypto.verify = function (...args) {
  calls.verify++;
  if (mode === 'lying') return true;
  if (mode === 'throwing') throw new Error('boom');
  return real.verify.apply(this, args);
};
nodeCrypto.createHmac = function (...args) {
  calls.createHmac++;
  if (mode === 'throwing') throw new Error('boom');
  return real.createHmac.apply(this, args);
};
nodeCrypto.timingSafeEqual = function (...args) {
  calls.timingSafeEqual++;
  if (mode === 'lying') return true;
  return real.timingSafeEqual.apply(this, args);
};
nodeCrypto.createPublicKey = function (...args) {
  calls.createPublicKey++;
  if (mode === 'no-import') throw new Error('key not supported here');
  return real.createPublicKey.apply(this, args);
};
nodeCrypto.createSecretKey = function (...args) {
  calls.createSecretKey++;
  if (mode === 'no-import') throw new Error('key not supported here');
  secretsGiven.push(args[0]);
  return real.createSecretKey.apply(this, args);
};
const checks = () => calls.verify + calls.createHmac;
// WebCrypto is never asked in Node (node:crypto answers instead)
let webCryptoCalls = 0;
const subtleVerify = crypto.subtle.verify;
crypto.subtle.verify = function (...args) {
  webCryptoCalls++;
  return subtleVerify.apply(this, args);
};

const NODE = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);
const ALGS = [...NODE, 'EdDSA'];
const cases = await buildCorpus();
const sets = keySets();
const resolvers = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, joseResolver(s)]));
const tcSets = () => Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)]));
const mine = tcSets();
const wasmSets = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new wasmOnly.JWKSet(s)]));
const byId = Object.fromEntries(cases.map((c) => [c.id, c]));

// one outcome, comparable across the two APIs (their TokenCheckError classes differ)
function verdict(f) {
  try {
    const r = f();
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    if (e === null || typeof e !== 'object' || e.name !== 'TokenCheckError') return { ok: false, code: `(not a TokenCheckError: ${e})` };
    return pick(e);
  }
}
async function verdictAsync(f) {
  try {
    return verdict(await f().then((r) => () => r));
  } catch (e) {
    return verdict(() => { throw e; });
  }
}
const same = (a, b) => a.ok === b.ok && a.code === b.code && a.claim === b.claim && a.reason === b.reason
  && JSON.stringify(a.payload) === JSON.stringify(b.payload) && JSON.stringify(a.protectedHeader) === JSON.stringify(b.protectedHeader);
const inWasm = (c) => verdict(() => wasmOnly.jwtVerifySync(c.token, wasmSets[c.set], runtimeOptions(c.options)));
const viaNode = (c, keys = mine) => verdict(() => tc.jwtVerifySync(c.token, keys[c.set], runtimeOptions(c.options)));
function verifierFor(c, cache) {
  return tc.createVerifier(mine[c.set], { ...runtimeOptions(c.options), ...(cache ? { cache: { maxEntries: 4 } } : {}) });
}

for (const alg of ALGS) {
  test(`sync paths with node:crypto agree with wasm and jose: ${alg}`, async () => {
    const problems = [];
    let nodeChecked = 0;
    for (const c of cases.filter((x) => x.alg === alg)) {
      const w = inWasm(c);
      const before = checks();
      const paths = {
        jwtVerifySync: viaNode(c),
        'verifier.verifySync': verdict(() => verifierFor(c, false).verifySync(c.token)),
      };
      const host = checks() - before;
      paths.jwtVerify = await verdictAsync(() => tc.jwtVerify(c.token, mine[c.set], runtimeOptions(c.options)));
      paths['verifier.verify'] = await verdictAsync(() => verifierFor(c, false).verify(c.token));
      const v = (() => { try { return verifierFor(c, true); } catch { return null; } })();
      if (v) {
        paths['cached.verifySync (miss)'] = verdict(() => v.verifySync(c.token));
        paths['cached.verifySync (again)'] = verdict(() => v.verifySync(c.token));
        paths['cached.verify (again)'] = await verdictAsync(() => v.verify(c.token));
      }
      for (const [name, p] of Object.entries(paths)) {
        if (!same(p, w)) problems.push(`${c.id}: ${name} ${JSON.stringify(p).slice(0, 200)} differs from wasm ${JSON.stringify(w).slice(0, 200)}`);
      }
      const d = disagreement(c, await joseVerdict(c, resolvers), paths.jwtVerifySync);
      if (d) problems.push(`${c.id}: node:crypto path vs jose: ${d}`);
      if (!NODE.has(alg) && host !== 0) problems.push(`${c.id}: ${alg} reached node:crypto (${host} calls)`);
      nodeChecked += host > 0 ? 1 : 0;
    }
    assert.deepEqual(problems, [], `${problems.length} problem(s) on ${alg}:\n${problems.join('\n')}`);
    if (NODE.has(alg)) assert.ok(nodeChecked >= 20, `${alg}: only ${nodeChecked} cases went through node:crypto`);
  });
}

test('compactVerifySync / compactVerify: node:crypto and wasm agree', async () => {
  let n = 0;
  const before = checks();
  for (const c of cases.filter((x) => x.alg !== 'EdDSA')) {
    const o = { algorithms: c.options.algorithms };
    const a = verdict(() => tc.compactVerifySync(c.token, mine[c.set], o));
    const p = await verdictAsync(() => tc.compactVerify(c.token, mine[c.set], o));
    const b = verdict(() => wasmOnly.compactVerifySync(c.token, wasmSets[c.set], o));
    // compactVerify's payload is bytes: compare them as text
    const text = (x) => (x.ok ? { ...x, payload: Buffer.from(x.payload).toString('latin1') } : x);
    assert.ok(same(text(a), text(b)) && same(text(p), text(b)), `${c.id}: ${JSON.stringify(a)} / ${JSON.stringify(p)} vs ${JSON.stringify(b)}`);
    n++;
  }
  assert.ok(n > 400);
  assert.ok(checks() - before > 400, 'compactVerifySync and compactVerify went through node:crypto');
});

test('every valid RSA/ECDSA/HMAC case is checked by node:crypto exactly once per fresh verification, sync or async; hits never; WebCrypto never', async () => {
  for (const c of cases.filter((x) => NODE.has(x.alg) && x.id.endsWith('/valid'))) {
    let before = checks();
    tc.jwtVerifySync(c.token, mine[c.set], runtimeOptions(c.options));
    assert.equal(checks() - before, 1, c.id);
    const v = verifierFor(c, true);
    before = checks();
    const a = v.verifySync(c.token);
    const b = v.verifySync(c.token);
    assert.equal(checks() - before, 1, `${c.id}: the second call is a cache hit`);
    assert.equal(a, b);
    // the async paths too, and never WebCrypto in Node
    before = checks();
    const web = webCryptoCalls;
    await tc.jwtVerify(c.token, mine[c.set], runtimeOptions(c.options));
    await verifierFor(c, false).verify(c.token);
    assert.equal(checks() - before, 2, `${c.id}: jwtVerify, verifier.verify`);
    assert.equal(webCryptoCalls - web, 0, `${c.id}: WebCrypto asked`);
  }
  // HMAC tags are compared in constant time
  const hs = byId['HS256/valid'];
  const before = calls.timingSafeEqual;
  tc.jwtVerifySync(hs.token, mine[hs.set], runtimeOptions(hs.options));
  assert.equal(calls.timingSafeEqual - before, 1);
});

test('keys are imported once per key set, key and alg; HMAC secrets are zeroed once node:crypto has them', () => {
  const valid = cases.filter((x) => NODE.has(x.alg) && x.id.endsWith('/valid'));
  const fresh = tcSets();
  const before = calls.createPublicKey + calls.createSecretKey;
  const given = secretsGiven.length;
  for (let round = 0; round < 3; round++) {
    for (const c of valid) tc.jwtVerifySync(c.token, fresh[c.set], runtimeOptions(c.options));
  }
  assert.equal(calls.createPublicKey + calls.createSecretKey - before, valid.length, 'one import per (key, alg), whatever the number of verifications');
  const secrets = secretsGiven.slice(given);
  assert.equal(secrets.length, valid.filter((c) => c.alg.startsWith('HS')).length);
  for (const s of secrets) assert.ok(s.length > 0 && s.every((b) => b === 0), 'the copy of the secret handed to createSecretKey is zeroed');
});

test('plain JWKS objects (a key set for one call) stay in wasm', () => {
  const before = checks() + calls.createPublicKey + calls.createSecretKey;
  for (const c of cases.filter((x) => NODE.has(x.alg) && x.id.endsWith('/valid'))) {
    const r = verdict(() => tc.jwtVerifySync(c.token, sets[c.set], runtimeOptions(c.options)));
    assert.ok(same(r, inWasm(c)), c.id);
  }
  assert.equal(checks() + calls.createPublicKey + calls.createSecretKey - before, 0);
});

test('a lying node:crypto: the core still refuses malformed signatures and checks every claim', () => {
  mode = 'lying';
  try {
    for (const alg of NODE) {
      const run = (id) => viaNode(byId[`${alg}/${id}`]);
      // the verdict really comes from node:crypto: a well-formed forgery passes a lying host
      assert.equal(run('tampered-payload-sub').ok, true, `${alg}: a tampered payload accepted by a lying host`);
      // structural checks stay in the core: wrong lengths (HMAC tags too),
      // and ECDSA's zero r, s (an all-zero RSA signature is well-formed)
      const malformed = ['tampered-signature-truncated', 'tampered-signature-extended', 'tampered-signature-empty', ...(alg.startsWith('ES') ? ['tampered-signature-zero'] : [])];
      for (const id of malformed) {
        const before = checks();
        assert.equal(run(id).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `${alg}/${id}`);
        assert.equal(checks() - before, 0, `${alg}/${id} refused before node:crypto`);
      }
      // everything before and after the signature stays in the core
      assert.equal(run('expired-hour').code, 'ERR_JWT_EXPIRED');
      assert.equal(run('wrong-iss').claim, 'iss');
      assert.equal(run('alg-not-allowed').code, 'ERR_JOSE_ALG_NOT_ALLOWED');
      assert.equal(run('unknown-kid').code, 'ERR_JWKS_NO_MATCHING_KEY');
      assert.equal(run('tampered-header-not-json').code, 'ERR_JWS_INVALID');
    }
    // EdDSA never asks node:crypto
    assert.equal(viaNode(byId['EdDSA/wrong-key']).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  } finally {
    mode = 'honest';
  }
});

test('a throwing node:crypto falls back to wasm with the same verdicts', () => {
  mode = 'throwing';
  try {
    let n = 0;
    for (const c of cases.filter((x) => NODE.has(x.alg) && /\/(valid|wrong-key|tampered-signature-middle|tampered-payload-sub)$/.test(x.id))) {
      const w = inWasm(c);
      assert.ok(same(viaNode(c), w), c.id);
      assert.ok(same(verdict(() => verifierFor(c, true).verifySync(c.token)), w), `${c.id} (verifier)`);
      n++;
    }
    assert.ok(n >= 40);
  } finally {
    mode = 'honest';
  }
});

test('a node:crypto that refuses to import the key: checked in wasm, same verdicts, never asked to verify', () => {
  mode = 'no-import';
  try {
    const fresh = tcSets(); // no key imported yet
    const before = checks();
    let n = 0;
    for (const c of cases.filter((x) => NODE.has(x.alg) && /\/(valid|wrong-key|tampered-signature-middle)$/.test(x.id))) {
      const w = inWasm(c);
      assert.ok(same(viaNode(c, fresh), w), c.id);
      assert.ok(same(viaNode(c, fresh), w), `${c.id} (the refusal, kept)`);
      n++;
    }
    assert.ok(n >= 36);
    assert.equal(checks() - before, 0);
  } finally {
    mode = 'honest';
  }
});
