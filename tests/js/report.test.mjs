// verificationReport through the npm package: on the whole differential
// corpus its verdict is jwtVerifySync's (same code, reason, claim), its lines
// are consistent; the built-in samples give their recorded verdicts under
// each profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tc from 'tokencheck';
import { JWKSet, verificationReport, calculateJwkThumbprintSync, TokenCheckError } from 'tokencheck';
import { buildCorpus, keySets, runtimeOptions, tokencheckVerdict } from './corpus.mjs';

const samples = JSON.parse(readFileSync(new URL('../../samples/samples.json', import.meta.url), 'utf8'));
const sampleDate = new Date(samples.verifyAt * 1000);

function assertConsistent(r, what) {
  const fails = r.checks.filter((c) => c.status === 'fail');
  const ids = r.checks.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, `${what}: ids unique`);
  if (r.valid) {
    assert.equal(fails.length, 0, what);
    assert.equal(r.error, null, what);
    assert.ok(!r.checks.some((c) => c.status === 'not_run'), what);
    assert.equal(r.signatureVerified, true, what);
  } else {
    assert.equal(fails.length, 1, what);
    assert.equal(fails[0].code, r.error.code, what);
    const i = r.checks.indexOf(fails[0]);
    for (const c of r.checks.slice(i + 1)) assert.ok(['not_run', 'needs_context'].includes(c.status), `${what}: ${c.id} after the failure`);
  }
}

test('generic reports agree with jwtVerifySync on the whole differential corpus', async () => {
  const corpus = await buildCorpus();
  const sets = Object.fromEntries(Object.entries(keySets()).map(([k, v]) => [k, new JWKSet(v)]));
  assert.ok(corpus.length > 500);
  let invalid = 0;
  for (const c of corpus) {
    const expected = tokencheckVerdict(tc, c, sets);
    const r = verificationReport(c.token, sets[c.set], { profile: 'generic', ...runtimeOptions(c.options) });
    assertConsistent(r, c.id);
    assert.equal(r.valid, expected.ok, c.id);
    if (!expected.ok) {
      invalid++;
      assert.equal(r.error.code, expected.code, c.id);
      assert.equal(r.error.reason, expected.reason, c.id);
      assert.equal(r.error.claim, expected.claim, c.id);
    } else {
      assert.deepEqual(r.claims, expected.payload, c.id);
      assert.deepEqual(r.header, expected.protectedHeader, c.id);
    }
  }
  assert.ok(invalid > 300, `${invalid} failing cases`);
});

test('built-in samples: recorded verdicts in every profile, key and thumbprint shown', () => {
  const regs = {
    lti: { issuer: 'https://lms.school.example', clientId: 'tool-client-123', authLoginUrl: 'https://lms.school.example/auth', acceptAnyDeployment: true },
  };
  for (const s of samples.samples) {
    const keys = samples.jwks[s.jwks];
    const generic = verificationReport(s.token, keys, { profile: 'generic', ...s.options, currentDate: sampleDate });
    assertConsistent(generic, `${s.id} generic`);
    assert.equal(generic.valid, s.expect.valid, s.id);
    if (!s.expect.valid) {
      assert.equal(generic.error.code, s.expect.code, s.id);
      assert.equal(generic.error.reason, s.expect.reason, s.id);
    }
    let profiled;
    if (s.profile === 'iua') {
      const { algorithms, issuer = 'https://auth.hospital.example/realms/iua', audience = 'https://fhir.hospital.example/r4' } = s.options;
      profiled = verificationReport(s.token, keys, { profile: 'iua', algorithms, issuer, audience, currentDate: sampleDate });
      assert.equal(profiled.checks.find((c) => c.id === 'iua.request').status, 'needs_context');
    } else {
      profiled = verificationReport(s.token, keys, { profile: 'lti', registration: regs.lti, currentDate: sampleDate });
      assert.equal(profiled.needsContext, 5, s.id);
    }
    assertConsistent(profiled, `${s.id} ${s.profile}`);
    assert.equal(profiled.valid, s.expect.valid, `${s.id} ${s.profile}`);
    if (!s.expect.valid) assert.equal(profiled.error.code, s.expect.code, s.id);
    if (s.expect.valid) {
      const k = profiled.key;
      assert.equal(k.jwk.kid, generic.header.kid);
      assert.equal(k.thumbprint, calculateJwkThumbprintSync(keys.keys[k.index]));
    }
  }
});

test('the sample clock matters: at verifyAt + 301 s the valid samples have expired', () => {
  const later = new Date((samples.verifyAt + 301) * 1000);
  for (const s of samples.samples.filter((x) => x.expect.valid)) {
    const r = verificationReport(s.token, samples.jwks[s.jwks], { profile: 'generic', ...s.options, currentDate: later });
    assert.equal(r.valid, false, s.id);
    assert.equal(r.error.code, 'ERR_JWT_EXPIRED', s.id);
    assert.equal(r.checks.find((c) => c.status === 'fail').id, 'claim.exp', s.id);
  }
});

test('bad options and keys throw TokenCheckError; bad tokens never do', () => {
  const keys = samples.jwks.iua;
  assert.throws(() => verificationReport('a.b.c', keys, { profile: 'nope', algorithms: ['RS256'] }), (e) => e instanceof TokenCheckError && e.code === 'ERR_INVALID_OPTIONS');
  assert.throws(() => verificationReport('a.b.c', keys, { profile: 'generic' }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  assert.throws(() => verificationReport('a.b.c', keys, { profile: 'iua', algorithms: ['RS256'] }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  assert.throws(() => verificationReport('a.b.c', keys, { profile: 'lti' }), (e) => e.code === 'ERR_INVALID_OPTIONS');
  assert.throws(() => verificationReport('a.b.c', { keys: 'x' }, { algorithms: ['RS256'] }), (e) => e.code === 'ERR_JWKS_INVALID');
  for (const bad of ['', 'x', 'a.b', '...', 'a.b.c.d.e', '€.€.€', 'eyJhbGciOiJub25lIn0.e30.']) {
    const r = verificationReport(bad, keys, { algorithms: ['RS256'] });
    assert.equal(r.valid, false, bad);
    assertConsistent(r, bad);
  }
});
