// The async path (WebCrypto for RSA / ECDSA signatures) against the sync path
// (every signature in wasm) and jose, on the whole differential corpus:
//   jwtVerifySync | jwtVerify | createVerifier().verify | ...verifySync |
//   a cached verifier (verify twice: miss, then hit)
// must give the same verdict, code, claim, reason and payload on every case.
// WebCrypto's `verify` is counted, so the run proves that RSA/ECDSA cases
// went through it and HMAC/EdDSA cases did not; a lying WebCrypto shows what
// the core keeps checking itself.
//
// In Node the package's own entry hands signatures to node:crypto on every
// path, sync and async (tests/js/node-crypto.test.mjs); the WebCrypto path
// is what browsers and workerd run. It is tested here on an API without
// node:crypto, as the browser entry builds it, over a second copy of the
// package's generated file (its own glue and wasm instance: a second API
// over the package's own glue can crash Node 20's V8, see
// tests/js/node-crypto.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ALGS, NOW, ISS, AUD, buildCorpus, keySets, joseResolver, joseVerdict, tokencheckVerdict, disagreement, runtimeOptions, sign } from './corpus.mjs';
import { pick } from './compare.mjs';

const require = createRequire(import.meta.url);
const dist = require.resolve('../../pkg/dist/node.cjs');
require(dist);
const own = require.cache[dist]; // the package's copy stays the cached one
delete require.cache[dist];
const copy = require(dist);
require.cache[dist] = own;
const tc = copy.createApi(copy.raw, () => true);

const subtle = globalThis.crypto.subtle;
const realVerify = subtle.verify;
const realImport = subtle.importKey;
let verifyCalls = 0;
let importCalls = 0;
let mode = 'honest';
let received = []; // copies of [signature, data] as verify() was called ('recording', 'late')
let answers = []; // 'recording': what WebCrypto's verify() settled with
let detached = 0; // 'late': arguments found detached when finally read
let growMemory = () => {};
subtle.verify = function (...args) {
  verifyCalls++;
  if (mode === 'lying') return Promise.resolve(true);
  if (mode === 'throwing') return Promise.reject(new Error('boom'));
  if (mode === 'recording' || mode === 'late') {
    received.push(`${Buffer.from(args[2]).toString('base64url')} ${Buffer.from(args[3]).toString('latin1')}`);
  }
  if (mode === 'recording') {
    // WebCrypto's own answers: a refused argument would fall back to wasm
    // with the same verdict, so the test counts what WebCrypto decided
    return realVerify.apply(this, args).then((ok) => { answers.push(ok); return ok; }, (e) => { answers.push(e); throw e; });
  }
  if (mode === 'late') {
    // a host that reads its arguments only later, after the wasm memory grew
    return new Promise((resolve) => setImmediate(resolve)).then(() => {
      growMemory();
      if (args[2].byteLength === 0 && args[3].byteLength === 0) detached++;
      return realVerify.apply(this, args);
    });
  }
  return realVerify.apply(this, args);
};
subtle.importKey = function (...args) {
  importCalls++;
  if (mode === 'no-import') return Promise.reject(new Error('key not supported here'));
  return realImport.apply(this, args);
};

const HOST = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);
const cases = await buildCorpus();
const sets = keySets();
const resolvers = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, joseResolver(s)]));
const tcSets = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)]));

async function verdict(f) {
  try {
    const r = await f();
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    if (!(e instanceof tc.TokenCheckError)) return { ok: false, code: `(not a TokenCheckError: ${e})` };
    return pick(e);
  }
}

const same = (a, b) => a.ok === b.ok && a.code === b.code && a.claim === b.claim && a.reason === b.reason
  && JSON.stringify(a.payload) === JSON.stringify(b.payload) && JSON.stringify(a.protectedHeader) === JSON.stringify(b.protectedHeader);

// The case's options as a verifier takes them (a verifier is built per case:
// options are fixed at creation).
function verifierFor(c, cache) {
  return tc.createVerifier(tcSets[c.set], { ...runtimeOptions(c.options), ...(cache ? { cache: { maxEntries: 4 } } : {}) });
}

for (const alg of ALGS) {
  test(`async paths agree with the sync path and jose: ${alg}`, async () => {
    const problems = [];
    let hostChecked = 0;
    for (const c of cases.filter((x) => x.alg === alg)) {
      const j = await joseVerdict(c, resolvers);
      const s = tokencheckVerdict(tc, c, tcSets);
      const d = disagreement(c, j, s);
      if (d) problems.push(`${c.id}: sync vs jose: ${d}`);
      const before = verifyCalls;
      const paths = {
        jwtVerify: await verdict(() => tc.jwtVerify(c.token, tcSets[c.set], runtimeOptions(c.options))),
        'verifier.verify': await verdict(() => verifierFor(c, false).verify(c.token)),
      };
      const host = verifyCalls - before;
      const v = (() => { try { return verifierFor(c, true); } catch { return null; } })();
      paths['verifier.verifySync'] = await verdict(() => verifierFor(c, false).verifySync(c.token));
      if (v) {
        paths['cached.verify (miss)'] = await verdict(() => v.verify(c.token));
        paths['cached.verify (again)'] = await verdict(() => v.verify(c.token));
        paths['cached.verifySync (again)'] = await verdict(() => v.verifySync(c.token));
      }
      for (const [name, p] of Object.entries(paths)) {
        if (!same(p, s)) problems.push(`${c.id}: ${name} ${JSON.stringify(p).slice(0, 200)} differs from jwtVerifySync ${JSON.stringify(s).slice(0, 200)}`);
      }
      // a hit must not have reached WebCrypto: at most one host check per cached verifier
      if (!HOST.has(alg) && host !== 0) problems.push(`${c.id}: ${alg} reached WebCrypto (${host} calls)`);
      hostChecked += host > 0 ? 1 : 0;
    }
    assert.deepEqual(problems, [], `${problems.length} problem(s) on ${alg}:\n${problems.join('\n')}`);
    if (HOST.has(alg)) assert.ok(hostChecked >= 20, `${alg}: only ${hostChecked} cases went through WebCrypto`);
  });
}

test('every valid RSA/ECDSA case is checked by WebCrypto exactly once per fresh verification; hits never', async () => {
  for (const c of cases.filter((x) => HOST.has(x.alg) && x.id.endsWith('/valid'))) {
    let before = verifyCalls;
    await tc.jwtVerify(c.token, tcSets[c.set], runtimeOptions(c.options));
    assert.equal(verifyCalls - before, 1, c.id);
    const v = verifierFor(c, true);
    before = verifyCalls;
    const a = await v.verify(c.token);
    const b = await v.verify(c.token);
    assert.equal(verifyCalls - before, 1, `${c.id}: the second call is a cache hit`);
    assert.equal(a, b);
    // the sync path never calls WebCrypto
    before = verifyCalls;
    tc.jwtVerifySync(c.token, tcSets[c.set], runtimeOptions(c.options));
    assert.equal(verifyCalls - before, 0);
  }
});

test('imported CryptoKeys are cached per key set, key and alg', async () => {
  const valid = cases.filter((x) => HOST.has(x.alg) && x.id.endsWith('/valid'));
  const fresh = new tc.JWKSet(sets.main);
  const before = importCalls;
  for (let round = 0; round < 3; round++) {
    for (const c of valid) await tc.jwtVerify(c.token, fresh, runtimeOptions(c.options));
  }
  assert.equal(importCalls - before, valid.length, 'one import per (key, alg), whatever the number of verifications');
});

test('a lying WebCrypto: the core still refuses malformed signatures and checks every claim', async () => {
  mode = 'lying';
  try {
    const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
    for (const alg of HOST) {
      const run = (id) => verdict(() => tc.jwtVerify(byId[`${alg}/${id}`].token, tcSets[byId[`${alg}/${id}`].set], runtimeOptions(byId[`${alg}/${id}`].options)));
      // the verdict really comes from WebCrypto: a well-formed forgery passes a lying host
      assert.equal((await run('tampered-payload-sub')).ok, true, `${alg}: a tampered payload accepted by a lying host`);
      // structural checks stay in the core
      // (an all-zero RSA signature is well-formed — 0 < n — so only ECDSA's zero r, s is refused here)
      const malformed = ['tampered-signature-truncated', 'tampered-signature-extended', 'tampered-signature-empty', ...(alg.startsWith('ES') ? ['tampered-signature-zero'] : [])];
      for (const id of malformed) {
        assert.equal((await run(id)).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `${alg}/${id}`);
      }
      // everything before and after the signature stays in the core
      assert.equal((await run('expired-hour')).code, 'ERR_JWT_EXPIRED');
      assert.equal((await run('wrong-iss')).claim, 'iss');
      assert.equal((await run('alg-not-allowed')).code, 'ERR_JOSE_ALG_NOT_ALLOWED');
      assert.equal((await run('unknown-kid')).code, 'ERR_JWKS_NO_MATCHING_KEY');
      assert.equal((await run('tampered-header-not-json')).code, 'ERR_JWS_INVALID');
    }
    // HMAC and EdDSA never ask the host
    const hs = byId['HS256/tampered-signature-middle'];
    assert.equal((await verdict(() => tc.jwtVerify(hs.token, tcSets[hs.set], runtimeOptions(hs.options)))).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const ed = byId['EdDSA/wrong-key'];
    assert.equal((await verdict(() => tc.jwtVerify(ed.token, tcSets[ed.set], runtimeOptions(ed.options)))).code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  } finally {
    mode = 'honest';
  }
});

test('a failing WebCrypto falls back to wasm with the same verdicts', async () => {
  mode = 'throwing';
  try {
    for (const c of cases.filter((x) => HOST.has(x.alg) && (x.id.endsWith('/valid') || x.id.endsWith('/wrong-key') || x.id.endsWith('/tampered-signature-middle')))) {
      const s = tokencheckVerdict(tc, c, tcSets);
      const a = await verdict(() => tc.jwtVerify(c.token, tcSets[c.set], runtimeOptions(c.options)));
      const b = await verdict(() => verifierFor(c, true).verify(c.token));
      assert.ok(same(a, s) && same(b, s), c.id);
    }
  } finally {
    mode = 'honest';
  }
});

test('a WebCrypto that refuses to import the key: checked in wasm, same verdicts, verify() never called', async () => {
  mode = 'no-import';
  try {
    const fresh = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)])); // no CryptoKey cached yet
    const before = verifyCalls;
    let n = 0;
    for (const c of cases.filter((x) => HOST.has(x.alg) && (x.id.endsWith('/valid') || x.id.endsWith('/wrong-key') || x.id.endsWith('/tampered-signature-middle')))) {
      const s = tokencheckVerdict(tc, c, tcSets);
      const a = await verdict(() => tc.jwtVerify(c.token, fresh[c.set], runtimeOptions(c.options)));
      const b = await verdict(() => tc.jwtVerify(c.token, fresh[c.set], runtimeOptions(c.options))); // the refusal, cached
      assert.ok(same(a, s) && same(b, s), c.id);
      n++;
    }
    assert.ok(n >= 27);
    assert.equal(verifyCalls - before, 0);
  } finally {
    mode = 'honest';
  }
});

test('compactVerify: the async path agrees with the sync path', async () => {
  let n = 0;
  for (const c of cases.filter((x) => HOST.has(x.alg))) {
    const o = { algorithms: c.options.algorithms };
    const a = await verdict(() => tc.compactVerify(c.token, tcSets[c.set], o));
    const b = await verdict(() => tc.compactVerifySync(c.token, tcSets[c.set], o));
    assert.ok(same(a, b), `${c.id}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    n++;
  }
  assert.ok(n > 300);
});

// jwtVerify hands WebCrypto views of the pending signature's bytes in the
// wasm memory, not copies (pkg/lib/api.js, hostVerdict). With many
// verifications in flight: WebCrypto must receive exactly each token's
// signing input and signature, and every verdict must be the sync path's. A
// host that read its arguments only later, after the memory grew (which
// detaches the old buffer and every view of it), may miss a valid token but
// must never accept a forged one.
test('WebCrypto gets views of exactly the signing input and signature; a late read after memory growth never passes a forgery', async () => {
  const { raw } = copy; // the instance under test
  const memory = raw.wasmMemory();
  const claims = { iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 600, pad: 'p'.repeat(8000) };
  const jobs = [];
  for (const alg of HOST) {
    const token = await sign(alg, 1, { alg, kid: `${alg}-1` }, claims);
    const [h, p, sig] = token.split('.');
    // low bits of the signature's last integer: still well-formed, so the
    // forgery goes to WebCrypto too
    const i = sig.length - 2;
    const forged = `${h}.${p}.${sig.slice(0, i)}${sig[i] === 'A' ? 'B' : 'A'}${sig.slice(i + 1)}`;
    const options = runtimeOptions({ algorithms: [alg], issuer: ISS, audience: AUD, currentDate: NOW });
    jobs.push({ token, options, ok: true }, { token: forged, options, ok: false });
  }
  const expected = new Set(jobs.map(({ token }) => { const [h, p, sig] = token.split('.'); return `${sig} ${h}.${p}`; }));
  const all = Array.from({ length: 8 }, () => jobs).flat();
  for (const m of ['recording', 'late']) {
    mode = m;
    received = [];
    answers = [];
    detached = 0;
    growMemory = () => memory.grow(1);
    try {
      // a fresh key set: every call waits for its key import, so all of them
      // are in flight (their tokens in wasm memory) before the first verify
      const keys = new tc.JWKSet(sets.main);
      const results = await Promise.all(all.map(async (j) => ({ j, v: await verdict(() => tc.jwtVerify(j.token, keys, j.options)) })));
      for (const { j, v } of results) {
        const s = await verdict(() => tc.jwtVerifySync(j.token, tcSets.main, j.options));
        assert.equal(s.ok, j.ok);
        if (m === 'recording' || !j.ok) assert.ok(same(v, s), `${m}: ${JSON.stringify(v).slice(0, 120)} vs ${JSON.stringify(s).slice(0, 120)}`);
        else assert.ok(v.ok || v.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `${m}: ${v.code}`);
      }
      assert.equal(received.length, all.length, `${m}: one WebCrypto call per verification`);
      for (const r of received) assert.ok(expected.has(r), `${m}: WebCrypto got bytes of no token`);
      if (m === 'recording') {
        // WebCrypto itself decided every case: half true, half false, no refusal
        assert.deepEqual(answers.filter((a) => a !== true && a !== false), [], 'WebCrypto refused an argument');
        assert.equal(answers.filter((a) => a === true).length, all.length / 2);
      }
      if (m === 'late') assert.equal(detached, all.length, 'every late read found its arguments detached by the growth');
    } finally {
      mode = 'honest';
      growMemory = () => {};
    }
  }
});
