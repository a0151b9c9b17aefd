// createVerifier and its verified-token cache, as a user sees them: results
// of a cached verifier are deep-frozen and shared between hits (so no caller
// can poison what the next caller gets), time and claims are re-checked on
// every hit, failures are never stored, the cache stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tc from 'tokencheck';
import { NOW, ISS, AUD, PRIVATE, publicJwk, sign } from './corpus.mjs';

const at = (s) => new Date(s * 1000);
const claims = (extra = {}) => ({ iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, exp: NOW + 600, ctx: { roles: ['a'] }, ...extra });
const keys = new tc.JWKSet({ keys: [publicJwk(PRIVATE.ES256[0]), publicJwk(PRIVATE.RS256[0])] });
const options = { algorithms: ['ES256', 'RS256'], issuer: ISS, audience: AUD, currentDate: at(NOW) };
const es = (extra, header = {}) => sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1', ...header }, claims(extra));
const rs = (extra) => sign('RS256', 1, { alg: 'RS256', kid: 'RS256-1' }, claims(extra));

async function code(f) {
  try {
    await f();
  } catch (e) {
    assert.ok(e instanceof tc.TokenCheckError, String(e));
    return e.code;
  }
  return 'accepted';
}

test('a cached verifier returns one deep-frozen result per entry; callers cannot poison it', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: true });
  const token = await es();
  const first = await v.verify(token);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.payload) && Object.isFrozen(first.payload.ctx) && Object.isFrozen(first.payload.ctx.roles) && Object.isFrozen(first.protectedHeader));
  // ES modules are strict: writes throw
  assert.throws(() => { first.payload.sub = 'admin'; }, TypeError);
  assert.throws(() => { first.payload.ctx.roles.push('admin'); }, TypeError);
  assert.throws(() => { delete first.payload.exp; }, TypeError);
  assert.throws(() => { first.protectedHeader.alg = 'none'; }, TypeError);
  const again = v.verifySync(token);
  assert.equal(again, first);
  assert.equal(again.payload.sub, 'user-1');
  assert.deepEqual(again.payload.ctx.roles, ['a']);
  assert.equal(v.cacheSize, 1);
  // a copy is the caller's to change
  const mine = structuredClone(again.payload);
  mine.sub = 'x';
  assert.equal(v.verifySync(token).payload.sub, 'user-1');
});

test('without a cache, every call returns fresh mutable objects (as jose)', async () => {
  const v = tc.createVerifier(keys, options);
  const token = await es();
  const a = await v.verify(token);
  a.payload.sub = 'changed';
  const b = v.verifySync(token);
  assert.notEqual(a, b);
  assert.equal(b.payload.sub, 'user-1');
  assert.equal(Object.isFrozen(b.payload), false);
  assert.equal(v.cacheSize, 0);
});

test('time claims are re-checked on every hit; the per-call currentDate wins', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: true, clockTolerance: 5 });
  const token = await rs();
  await v.verify(token);
  assert.equal(v.cacheSize, 1);
  assert.equal(await code(() => v.verify(token, { currentDate: at(NOW + 605) })), 'ERR_JWT_EXPIRED');
  assert.equal(await code(() => v.verifySync(token, { currentDate: at(NOW + 604) })), 'accepted');
  assert.equal(await code(() => v.verifySync(token, { currentDate: at(NOW + 605) })), 'ERR_JWT_EXPIRED');
  // still stored (it verified once); a good instant is a hit again
  assert.equal(v.cacheSize, 1);
  assert.equal(await code(() => v.verify(token)), 'accepted');
  // no currentDate at all: the real clock (NOW is in the past: expired)
  const live = tc.createVerifier(keys, { algorithms: ['RS256'], cache: true });
  assert.equal(await code(() => live.verify(token)), 'ERR_JWT_EXPIRED');
  assert.equal(await code(() => live.verify(token, { currentDate: at(NOW) })), 'accepted');
  assert.equal(await code(() => live.verify(token)), 'ERR_JWT_EXPIRED');
  // maxTokenAge on a hit (iat = NOW - 60)
  const young = tc.createVerifier(keys, { ...options, cache: true, maxTokenAge: 90 });
  assert.equal(await code(() => young.verify(token)), 'accepted');
  assert.equal(await code(() => young.verify(token, { currentDate: at(NOW + 31) })), 'ERR_JWT_EXPIRED');
});

test('failures are never cached; a good token does not vouch for a tampered one', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: true });
  const token = await es();
  const [h, p, s] = token.split('.');
  const other = (await es({ sub: 'admin' })).split('.')[1];
  const evil = await es({ iss: 'https://evil.example' });
  for (let i = 0; i < 3; i++) {
    assert.equal(await code(() => v.verify(`${h}.${other}.${s}`)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    assert.equal(await code(() => v.verify(evil)), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  }
  assert.equal(v.cacheSize, 0);
  await v.verify(token);
  assert.equal(await code(() => v.verifySync(`${h}.${other}.${s}`)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(await code(() => v.verifySync(`${h}.${p}.${s}x`)), 'ERR_JWS_INVALID');
  assert.equal(v.cacheSize, 1);
});

test('a hit re-checks the verifier\'s own claim options (a verifier per option set)', async () => {
  const token = await es();
  const loose = tc.createVerifier(keys, { ...options, cache: true });
  const strict = tc.createVerifier(keys, { ...options, cache: true, subject: 'user-2' });
  assert.equal(await code(() => loose.verify(token)), 'accepted');
  assert.equal(await code(() => strict.verify(token)), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.equal(await code(() => strict.verify(token)), 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  // options are read once: mutating the object afterwards changes nothing
  const o = { ...options, cache: true };
  const v = tc.createVerifier(keys, o);
  o.issuer = 'https://evil.example';
  assert.equal(await code(() => v.verify(token)), 'accepted');
});

test('the cache is bounded (LRU) and can be cleared', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: { maxEntries: 3 } });
  const tokens = [];
  for (let i = 0; i < 10; i++) tokens.push(await es({ jti: `t${i}` }));
  for (const t of tokens) await v.verify(t);
  assert.equal(v.cacheSize, 3);
  // every token still verifies (evicted ones verify afresh)
  for (const t of tokens) assert.equal((await v.verify(t)).payload.iss, ISS);
  assert.equal(v.cacheSize, 3);
  v.clearCache();
  assert.equal(v.cacheSize, 0);
  assert.equal(v.verifySync(tokens[0]).payload.jti, 't0');
  // a byte budget smaller than one token: verified, never stored
  const tiny = tc.createVerifier(keys, { ...options, cache: { maxBytes: 10 } });
  assert.equal((await tiny.verify(tokens[1])).payload.jti, 't1');
  assert.equal(tiny.cacheSize, 0);
});

// A repeat is found through a JS-side index (token end -> entry code) and
// then decided by the core (raw.hit): these check that the index never
// answers on its own.
test('repeats found by the index are still decided by the core', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: { maxEntries: 2 } });
  const [a, b, c] = [await es({ jti: 'a' }), await rs({ jti: 'b' }), await es({ jti: 'c' })];
  const first = v.verifySync(a);
  // another string object with the same text: the same entry
  const copy = Buffer.from(a, 'latin1').toString('latin1');
  assert.equal(v.verifySync(copy), first);
  assert.equal(await v.verify(copy), first);
  // the instant and the claims are checked by the core on every repeat
  assert.equal(await code(() => v.verifySync(copy, { currentDate: at(NOW + 601) })), 'ERR_JWT_EXPIRED');
  assert.equal(await code(() => v.verify(a, { currentDate: at(NOW - 3600) })), 'accepted');
  // the same signature under another payload shares the index key, not the entry
  const [h, , s] = a.split('.');
  const other = (await es({ jti: 'a', sub: 'admin' })).split('.')[1];
  assert.equal(await code(() => v.verifySync(`${h}.${other}.${s}`)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(await code(() => v.verify(`${h}.${other}.${s}`)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  // ... and a lookup that finds another token there leaves it in place
  assert.equal(v.verifySync(copy), first);
  // a evicted from the core (maxEntries 2) while the index still names it:
  // the stale code is a miss, and a is verified and stored afresh
  v.verifySync(b);
  v.verifySync(c);
  assert.equal(v.cacheSize, 2);
  const again = v.verifySync(a);
  assert.notEqual(again, first);
  assert.equal(again.payload.jti, 'a');
  assert.equal(v.cacheSize, 2);
  assert.equal(v.verifySync(a), again);
  // cleared: verified afresh
  v.clearCache();
  assert.equal(v.cacheSize, 0);
  assert.notEqual(v.verifySync(a), again);
  assert.equal(v.cacheSize, 1);
});

test('a member named __proto__ stays an own property on the cached path', async () => {
  const v = tc.createVerifier(keys, { ...options, cache: true });
  const token = await sign('ES256', 1, { alg: 'ES256', kid: 'ES256-1' }, `{"iss":"${ISS}","aud":"${AUD}","__proto__":{"admin":true}}`);
  for (const r of [await v.verify(token), v.verifySync(token)]) {
    assert.equal(r.payload.admin, undefined);
    assert.ok(Object.hasOwn(r.payload, '__proto__'));
    assert.equal(Object.getPrototypeOf(r.payload), Object.prototype);
  }
});

test('bad verifier options are refused with ERR_INVALID_OPTIONS', async () => {
  for (const o of [
    { ...options, cache: { maxEntries: 0 } },
    { ...options, cache: { maxEntries: 1.5 } },
    { ...options, cache: { maxEntries: 2 ** 21 } },
    { ...options, cache: { maxBytes: 0 } },
    { ...options, cache: { size: 10 } },
    { ...options, cache: 'yes' },
    { ...options, audiance: AUD },
    { ...options, algorithms: [] },
    { issuer: ISS },
  ]) {
    assert.equal(await code(() => tc.createVerifier(keys, o)), 'ERR_INVALID_OPTIONS', JSON.stringify(o));
  }
  const v = tc.createVerifier(keys, options);
  const token = await es();
  assert.equal(await code(() => v.verify(token, { issuer: 'x' })), 'ERR_INVALID_OPTIONS');
  assert.equal(await code(() => v.verifySync(token, { currentDate: 'yesterday' })), 'ERR_INVALID_OPTIONS');
  assert.equal(await code(() => v.verifySync(token, 5)), 'ERR_INVALID_OPTIONS');
  assert.equal(await code(() => tc.createVerifier({ keys: [{ kty: 'EC' }] }, options)), 'ERR_JWKS_INVALID');
  // a JWKS object is accepted as keys
  const fromObject = tc.createVerifier({ keys: [publicJwk(PRIVATE.ES256[0])] }, { ...options, algorithms: ['ES256'], cache: true });
  assert.equal((await fromObject.verify(token)).payload.sub, 'user-1');
  assert.ok(fromObject instanceof tc.JWTVerifier);
});
