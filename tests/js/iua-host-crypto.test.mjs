// IUA verification (createIuaVerifier / verifyIuaToken) with the signature
// checked by the host, as jwtVerify's (pkg/lib/api.js, "node:crypto in
// Node" and "the async path"): in Node node:crypto answers verifySync and
// verify; where there is no node:crypto (browsers, workerd) verify() hands
// RSA and ECDSA (and, with workerd's flags, Ed25519 and HMAC) to WebCrypto.
// The core keeps every IUA rule (src/profiles/iua, prepare_request /
// finish_request). On an IUA corpus over every algorithm — valid tokens
// (current and legacy form, bare and in an Authorization value) and
// hostile ones (tampered payloads and signatures, wrong key, unknown kid,
// alg not allowed, SET typ with a good and with a bad signature, expiry,
// audience, missing claims, request mismatch, the caller's check) — every
// path must give the answer of the wasm-only path: the same result, or the
// same code, claim, reason, status and WWW-Authenticate value.
//
// The references run on second copies of the package's generated file (own
// glue, own wasm instance; a second API over the package's own glue can
// crash Node 20's V8, see tests/js/node-crypto.test.mjs):
//   wasmOnly: no node:crypto, no flags: verifySync checks every signature in
//             wasm; verify() hands RSA/ECDSA to WebCrypto (the browser entry)
//   edge:     no node:crypto, workerd's flags: verify() hands Ed25519 and
//             HMAC to WebCrypto too (the workerd entry)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as jose from 'jose';
import * as tc from 'tokencheck';
import { ALGS, PRIVATE, keySets } from './corpus.mjs';
import { pick } from './compare.mjs';

const require = createRequire(import.meta.url);
const nodeCrypto = require('node:crypto');
const dist = require.resolve('../../pkg/dist/node.cjs');
require(dist);
const own = require.cache[dist];
function copyOfPackage() {
  delete require.cache[dist];
  const copy = require(dist);
  require.cache[dist] = own; // the package's copy stays the cached one
  return copy;
}
const first = copyOfPackage();
const wasmOnly = first.createApi(first.raw, () => true);
const second = copyOfPackage();
const edge = second.createApi(second.raw, () => true, { webCryptoEd25519: true, webCryptoHmac: true });

// node:crypto's and WebCrypto's verdicts, counted; `lying` answers true
let mode = 'honest';
const count = { node: 0, web: 0 };
const realVerify = nodeCrypto.verify;
const realHmac = nodeCrypto.createHmac;
const realEqual = nodeCrypto.timingSafeEqual;
nodeCrypto.verify = function (...args) {
  count.node++;
  return mode === 'lying' ? true : realVerify.apply(this, args);
};
nodeCrypto.createHmac = function (...args) {
  count.node++;
  return realHmac.apply(this, args);
};
nodeCrypto.timingSafeEqual = function (...args) {
  return mode === 'lying' ? true : realEqual.apply(this, args);
};
const subtleVerify = crypto.subtle.verify;
crypto.subtle.verify = function (...args) {
  count.web++;
  return mode === 'lying' ? Promise.resolve(true) : subtleVerify.apply(this, args);
};

const NOW = 1_750_000_000;
const at = new Date(NOW * 1000);
const ISS = 'https://as.example.com/realms/iua';
const AUD = 'https://fhir.example.com/r4';
const PATIENT = 'urn:oid:1.2.3|42';
const claims = (extra = {}) => ({
  iss: ISS, sub: 'dr.smith', aud: AUD, exp: NOW + 300, iat: NOW - 10, jti: 'a1', client_id: 'mhd-consumer', scope: 'ITI-67 ITI-68',
  extensions: {
    ihe_iua: { subject_name: 'Dr. John Smith', purpose_of_use: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }], person_id: PATIENT },
    ihe_bppc: { patient_id: PATIENT, acp: 'urn:oid:1.2.3.100' },
  },
  ...extra,
});
const legacy = {
  iss: ISS, sub: 'dr.smith', aud: AUD, exp: NOW + 300, jti: 'l1', SubjectID: 'Dr. John Smith',
  PurposeOfUse: { code: 'TREAT', codeSystem: 'http://terminology.hl7.org/CodeSystem/v3-ActReason' }, personID: PATIENT,
};

const enc = new TextEncoder();
const b64json = (v) => jose.base64url.encode(enc.encode(typeof v === 'string' ? v : JSON.stringify(v)));
async function sign(alg, payload, { keyN = 1, typ = 'at+jwt', kid = `${alg}-${keyN}`, headerAlg = alg } = {}) {
  const header = { alg: headerAlg, kid };
  if (typ !== undefined) header.typ = typ;
  const key = await jose.importJWK(PRIVATE[alg][keyN - 1], alg);
  return new jose.CompactSign(enc.encode(JSON.stringify(payload))).setProtectedHeader(header).sign(key);
}
const parts = (t) => t.split('.');
function flip(s, i) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return s.slice(0, i) + abc[(abc.indexOf(s[i]) + 17) % 64] + s.slice(i + 1);
}
const bytes = (x, f) => jose.base64url.encode(f(jose.base64url.decode(x)));
function withSignature(t, f) {
  const [h, p, s] = parts(t);
  return `${h}.${p}.${f(s)}`;
}

// { id, alg, input, set, request?, config? }
async function corpus() {
  const out = [];
  for (const alg of ALGS) {
    const set = alg.startsWith('HS') ? 'hmac' : 'main';
    const add = (id, input, more = {}) => out.push({ id: `${alg}/${id}`, alg, input, set, ...more });
    const valid = await sign(alg, claims());
    const [h, , s] = parts(valid);
    add('valid', valid);
    add('valid-bearer', `Bearer ${valid}`);
    add('valid-ihe-jwt', `IHE-JWT ${valid}`);
    add('valid-typ-absent', await sign(alg, claims(), { typ: undefined }));
    add('valid-legacy', await sign(alg, legacy, { typ: 'JWT' }));
    add('valid-patient', valid, { request: { patientId: PATIENT, requirePatientBinding: true } });
    add('tampered-payload', `${h}.${b64json(claims({ sub: 'mallory' }))}.${s}`);
    add('tampered-signature-middle', withSignature(valid, (x) => flip(x, x.length >> 1)));
    add('tampered-signature-first', withSignature(valid, (x) => flip(x, 0)));
    add('tampered-signature-truncated', withSignature(valid, (x) => bytes(x, (b) => b.subarray(0, b.length - 1))));
    add('tampered-signature-extended', withSignature(valid, (x) => bytes(x, (b) => Uint8Array.of(...b, 0))));
    add('tampered-signature-empty', withSignature(valid, () => ''));
    add('tampered-signature-zero', withSignature(valid, (x) => jose.base64url.encode(new Uint8Array(jose.base64url.decode(x).length))));
    add('tampered-signature-not-base64', withSignature(valid, (x) => x.slice(0, -1) + '*'));
    add('wrong-key', await sign(alg, claims(), { keyN: 2, kid: `${alg}-1` }));
    add('unknown-kid', await sign(alg, claims(), { kid: 'never-published' }));
    add('alg-not-allowed', valid, { config: { algorithms: alg === 'RS256' ? ['ES256'] : ['RS256'] } });
    // a well-formed signature over other bytes: refused for the signature
    // first (a lying host lets it through to the next rule)
    const forged = (t, payload) => `${parts(t)[0]}.${b64json(payload)}.${parts(t)[2]}`;
    const secevent = await sign(alg, claims(), { typ: 'secevent+jwt' });
    add('set-typ', secevent);
    add('set-typ-forged', forged(secevent, claims({ sub: 'mallory' })));
    add('expired', await sign(alg, claims({ exp: NOW - 5 })));
    add('expired-forged', forged(valid, claims({ exp: NOW - 5 })));
    add('wrong-aud', await sign(alg, claims({ aud: 'https://other.example' })));
    add('no-scope', await sign(alg, claims({ scope: undefined })));
    add('insufficient-scope', valid, { config: { requiredScopes: ['ITI-65'] } });
    add('patient-mismatch', valid, { request: { patientId: 'urn:oid:1.2.3|43' } });
    add('refused-by-check', valid, { config: { check: (r) => (r.subject === 'dr.smith' ? { error: 'insufficient_scope', description: 'no' } : undefined) } });
    add('header-not-json', `${b64json('{"alg":')}.${parts(valid)[1]}.${s}`);
    add('alg-none', `${b64json({ alg: 'none', typ: 'at+jwt' })}.${parts(valid)[1]}.`);
    add('ihe-saml', `IHE-SAML ${valid}`);
  }
  return out;
}

const sets = keySets();
const mine = { main: new tc.JWKSet(sets.main), hmac: new tc.JWKSet(sets.hmac) };
const onlySets = { main: new wasmOnly.JWKSet(sets.main), hmac: new wasmOnly.JWKSet(sets.hmac) };
const edgeSets = { main: new edge.JWKSet(sets.main), hmac: new edge.JWKSet(sets.hmac) };
const config = (c) => ({ issuer: ISS, audience: AUD, algorithms: ALGS, realm: 'fhir', ...c.config });
const request = (c) => ({ currentDate: at, ...c.request });

function outcome(r) {
  if (r.ok) return { ok: true, result: JSON.stringify(r.value) };
  const e = r.error;
  if (e === null || typeof e !== 'object' || e.name !== 'TokenCheckError') return { ok: false, code: `(not a TokenCheckError: ${e})` };
  return { ...pick(e), status: e.status, wwwAuthenticate: e.wwwAuthenticate };
}
function sync(f) {
  try {
    return outcome({ ok: true, value: f() });
  } catch (error) {
    return outcome({ ok: false, error });
  }
}
async function later(f) {
  try {
    return outcome({ ok: true, value: await f() });
  } catch (error) {
    return outcome({ ok: false, error });
  }
}

const cases = await corpus();
const NODE_ALGS = new Set(ALGS.filter((a) => a !== 'EdDSA'));

for (const alg of ALGS) {
  test(`IUA ${alg}: node:crypto (sync, async), WebCrypto (browser and workerd flags) and wasm give the same answers`, async () => {
    const problems = [];
    let nodeChecked = 0;
    let webChecked = 0;
    for (const c of cases.filter((x) => x.alg === alg)) {
      const reference = sync(() => wasmOnly.createIuaVerifier(config(c)).verifySync(c.input, onlySets[c.set], request(c)));
      let before = count.node;
      const paths = { verifySync: sync(() => tc.createIuaVerifier(config(c)).verifySync(c.input, mine[c.set], request(c))) };
      const nodeCalls = count.node - before;
      paths.verify = await later(() => tc.createIuaVerifier(config(c)).verify(c.input, mine[c.set], request(c)));
      paths.verifyIuaTokenSync = sync(() => tc.verifyIuaTokenSync(c.input, mine[c.set], { ...config(c), ...request(c) }));
      paths.verifyIuaToken = await later(() => tc.verifyIuaToken(c.input, mine[c.set], { ...config(c), ...request(c) }));
      paths['verifySync (plain JWKS)'] = sync(() => tc.createIuaVerifier(config(c)).verifySync(c.input, sets[c.set], request(c)));
      before = count.web;
      paths['verify (WebCrypto, browser)'] = await later(() => wasmOnly.createIuaVerifier(config(c)).verify(c.input, onlySets[c.set], request(c)));
      paths['verify (WebCrypto, workerd flags)'] = await later(() => edge.createIuaVerifier(config(c)).verify(c.input, edgeSets[c.set], request(c)));
      const webCalls = count.web - before;
      // with a verified-token cache: the first call, then repeats answered
      // from the entry (no signature check: counted below)
      const cachedNode = tc.createIuaVerifier({ ...config(c), cache: true });
      const cachedBrowser = wasmOnly.createIuaVerifier({ ...config(c), cache: true });
      const cachedEdge = edge.createIuaVerifier({ ...config(c), cache: true });
      paths['verifySync (cache)'] = sync(() => cachedNode.verifySync(c.input, mine[c.set], request(c)));
      paths['verify (WebCrypto, browser, cache)'] = await later(() => cachedBrowser.verify(c.input, onlySets[c.set], request(c)));
      paths['verify (WebCrypto, workerd flags, cache)'] = await later(() => cachedEdge.verify(c.input, edgeSets[c.set], request(c)));
      const hostCalls = count.node + count.web;
      paths['verifySync (cache, repeat)'] = sync(() => cachedNode.verifySync(c.input, mine[c.set], request(c)));
      paths['verify (cache, repeat)'] = await later(() => cachedNode.verify(c.input, mine[c.set], request(c)));
      paths['verify (WebCrypto, browser, cache, repeat)'] = await later(() => cachedBrowser.verify(c.input, onlySets[c.set], request(c)));
      paths['verifySync (wasm, browser, cache, repeat)'] = sync(() => cachedBrowser.verifySync(c.input, onlySets[c.set], request(c)));
      paths['verify (WebCrypto, workerd flags, cache, repeat)'] = await later(() => cachedEdge.verify(c.input, edgeSets[c.set], request(c)));
      const repeatCalls = count.node + count.web - hostCalls;
      if (reference.ok && repeatCalls !== 0) problems.push(`${c.id}: ${repeatCalls} signature checks on repeats of a cached token`);
      // (the caller's check runs in JS on every call, after the core stored
      // the token it accepted: its refusals hold for repeats too, above)
      const stored = reference.ok || c.id.endsWith('/refused-by-check') ? 1 : 0;
      if ([cachedNode, cachedBrowser, cachedEdge].some((v) => v.cacheSize !== stored)) problems.push(`${c.id}: ${stored ? 'not stored' : 'a refusal was stored'}`);
      for (const [name, p] of Object.entries(paths)) {
        if (JSON.stringify(p) !== JSON.stringify(reference)) problems.push(`${c.id}: ${name} ${JSON.stringify(p).slice(0, 240)} differs from wasm ${JSON.stringify(reference).slice(0, 240)}`);
      }
      if (!NODE_ALGS.has(alg) && nodeCalls !== 0) problems.push(`${c.id}: EdDSA reached node:crypto`);
      if (c.id.endsWith('/valid')) {
        if (NODE_ALGS.has(alg) && nodeCalls !== 1) problems.push(`${c.id}: ${nodeCalls} node:crypto checks for verifySync, not 1`);
        // browser flags: RSA/ECDSA; workerd flags: every algorithm
        const expected = /^(RS|PS|ES)/.test(alg) ? 2 : 1;
        if (webCalls !== expected) problems.push(`${c.id}: ${webCalls} WebCrypto checks, not ${expected}`);
      }
      nodeChecked += nodeCalls > 0 ? 1 : 0;
      webChecked += webCalls > 0 ? 1 : 0;
    }
    assert.deepEqual(problems, [], `${problems.length} problem(s) on ${alg}:\n${problems.join('\n')}`);
    // the valid forms, the tampered payload and well-formed bad signatures
    // reach the host; the rest is refused before it
    if (NODE_ALGS.has(alg)) assert.ok(nodeChecked >= 12, `${alg}: only ${nodeChecked} cases reached node:crypto`);
    assert.ok(webChecked >= 12, `${alg}: only ${webChecked} cases reached WebCrypto`);
  });
}

test('a lying host: its verdict decides the signature, and nothing else', async () => {
  mode = 'lying';
  try {
    const byId = Object.fromEntries(cases.map((c) => [c.id, c]));
    for (const alg of ALGS) {
      const c = (id) => byId[`${alg}/${id}`];
      const viaNode = (x) => sync(() => tc.createIuaVerifier(config(x)).verifySync(x.input, mine[x.set], request(x)));
      const viaWeb = (x) => later(() => edge.createIuaVerifier(config(x)).verify(x.input, edgeSets[x.set], request(x)));
      const runs = NODE_ALGS.has(alg) ? [viaNode, viaWeb] : [viaWeb];
      for (const run of runs) {
        // a well-formed forgery passes a lying host: the verdict is the host's
        assert.equal((await run(c('tampered-payload'))).ok, true, `${alg}: the host decided`);
        // the core's structural checks and every IUA rule still hold
        for (const id of ['tampered-signature-truncated', 'tampered-signature-extended', 'tampered-signature-empty', ...(alg.startsWith('ES') ? ['tampered-signature-zero'] : [])]) {
          const r = await run(c(id));
          assert.equal(r.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', `${alg}/${id}`);
          assert.equal(r.status, 401, `${alg}/${id}`);
        }
        assert.equal((await run(c('set-typ-forged'))).code, 'ERR_IUA_NOT_ACCESS_TOKEN');
        assert.equal((await run(c('expired-forged'))).code, 'ERR_JWT_EXPIRED');
        assert.equal((await run(c('wrong-aud'))).claim, 'aud');
        assert.equal((await run(c('patient-mismatch'))).code, 'ERR_IUA_REQUEST_MISMATCH');
        assert.equal((await run(c('alg-not-allowed'))).code, 'ERR_JOSE_ALG_NOT_ALLOWED');
        assert.equal((await run(c('unknown-kid'))).code, 'ERR_JWKS_NO_MATCHING_KEY');
        assert.equal((await run(c('insufficient-scope'))).status, 403);
      }
    }
  } finally {
    mode = 'honest';
  }
});

test('a RemoteJWKSet on the WebCrypto path: an unknown kid still refetches (the core refuses it before any await)', async () => {
  const key = PRIVATE.ES256[0];
  const rotated = PRIVATE.ES256[1];
  let jwks = { keys: [key].map(({ d, ...pub }) => pub) };
  let requests = 0;
  const fetch = async () => {
    requests++;
    return new Response(JSON.stringify(jwks), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const remote = wasmOnly.createRemoteJWKSet(`${ISS}/certs`, { fetch, cooldownMs: 0 });
  const v = wasmOnly.createIuaVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'] });
  const before = count.web;
  assert.equal((await v.verify(await sign('ES256', claims()), remote, { currentDate: at })).subject, 'dr.smith');
  jwks = { keys: [key, rotated].map(({ d, ...pub }) => pub) };
  const r = await v.verify(await sign('ES256', claims(), { keyN: 2 }), remote, { currentDate: at });
  assert.equal(r.kid, rotated.kid);
  assert.equal(requests, 2, 'one refetch for the new kid');
  assert.equal(count.web - before, 2, 'both signatures checked by WebCrypto');
});

test('clearCache() while a signature is with WebCrypto: the answer still comes, is stored under a code of its own, and entries never mix', async () => {
  const v = wasmOnly.createIuaVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], cache: true });
  const a = await sign('ES256', claims({ sub: 'alice' }));
  const b = await sign('ES256', claims({ sub: 'bob' }));
  const pending = v.verify(a, onlySets.main, { currentDate: at }); // handed to WebCrypto
  v.clearCache();
  assert.equal(v.cacheSize, 0);
  assert.equal((await pending).subject, 'alice');
  assert.equal(v.cacheSize, 1, 'stored in the emptied cache');
  assert.equal((await v.verify(b, onlySets.main, { currentDate: at })).subject, 'bob');
  const before = count.web;
  assert.equal((await v.verify(a, onlySets.main, { currentDate: at })).subject, 'alice');
  assert.equal((await v.verify(b, onlySets.main, { currentDate: at })).subject, 'bob');
  assert.equal(count.web, before, 'both answered from their entries');
  assert.equal(v.cacheSize, 2);
});
