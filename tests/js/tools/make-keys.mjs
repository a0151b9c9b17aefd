// One-off generator of tests/js/fixtures/keys.json (committed): two private
// keys per algorithm, so every test run uses the same keys. Re-run only to
// rotate the fixtures: node tests/js/tools/make-keys.mjs > tests/js/fixtures/keys.json
import * as jose from 'jose';

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const out = {};
for (const alg of ALGS) {
  const keys = [];
  for (const n of [1, 2]) {
    let jwk;
    if (alg.startsWith('HS')) {
      const secret = await jose.generateSecret(alg, { extractable: true });
      jwk = await jose.exportJWK(secret);
    } else {
      const { privateKey } = await jose.generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
      jwk = await jose.exportJWK(privateKey);
    }
    keys.push({ ...jwk, kid: `${alg}-${n}`, alg });
  }
  out[alg] = keys;
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
