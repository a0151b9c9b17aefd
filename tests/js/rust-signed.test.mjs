// The other direction: tokens signed by tokencheck's Rust core (SigningKey,
// examples/sign_fixture.rs) must verify in jose — and in tokencheck — and a
// tampered copy must fail in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import * as tc from 'tokencheck';
import { NOW, PRIVATE, publicJwk } from './corpus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const keysPath = fileURLToPath(new URL('./fixtures/keys.json', import.meta.url));

function rustTokens() {
  try {
    const out = execFileSync('cargo', ['run', '--quiet', '--example', 'sign_fixture', '--', keysPath, String(NOW)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 << 20,
    });
    return JSON.parse(out);
  } catch (e) {
    throw new Error(`could not run the Rust signer (cargo run --example sign_fixture): ${e.message}`);
  }
}

const entries = rustTokens();

test('the Rust signer covers HS*, ES* and EdDSA', () => {
  const algs = new Set(entries.map((e) => e.alg));
  assert.deepEqual([...algs].sort(), ['ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512']);
});

for (const e of entries) {
  test(`jose verifies a ${e.alg} token signed by the Rust core (${e.claims.sub})`, async () => {
    const jwk = publicJwk(PRIVATE[e.alg][0]);
    assert.equal(e.kid, jwk.kid);
    const key = await jose.importJWK(jwk, e.alg);
    const options = { algorithms: [e.alg], issuer: 'https://issuer.example', audience: 'api://default', currentDate: new Date(NOW * 1000) };
    const r = await jose.jwtVerify(e.token, key, options);
    assert.deepEqual(r.payload, e.claims);
    assert.equal(r.protectedHeader.alg, e.alg);
    assert.equal(r.protectedHeader.kid, e.kid);

    const mine = tc.jwtVerifySync(e.token, new tc.JWKSet({ keys: [jwk] }), options);
    assert.deepEqual(mine.payload, r.payload);
    assert.deepEqual(mine.protectedHeader, r.protectedHeader);

    // tampered: another subject under the same signature
    const [h, , s] = e.token.split('.');
    const forged = `${h}.${jose.base64url.encode(JSON.stringify({ ...e.claims, sub: 'admin' }))}.${s}`;
    await assert.rejects(jose.jwtVerify(forged, key, options), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    assert.throws(() => tc.jwtVerifySync(forged, new tc.JWKSet({ keys: [jwk] }), options), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });
}
