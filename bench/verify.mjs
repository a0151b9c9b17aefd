// Indicative µs per jwtVerifySync in Node (tokencheck vs jose jwtVerify).
// Run: node bench/verify.mjs   (after scripts/build-pkg.sh)
import { JWKSet, jwtVerifySync } from 'tokencheck';
import * as jose from 'jose';

const algs = process.argv.slice(2).length ? process.argv.slice(2) : ['HS256', 'ES256', 'EdDSA', 'RS256'];
const now = Math.floor(Date.now() / 1000);
for (const alg of algs) {
  const { privateKey, publicKey } = alg.startsWith('HS')
    ? await (async () => { const k = await jose.generateSecret(alg, { extractable: true }); return { privateKey: k, publicKey: k }; })()
    : await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', alg };
  const token = await new jose.SignJWT({ iss: 'https://issuer.example', aud: 'api', sub: 'user-1', scope: 'read write', n: 1 })
    .setProtectedHeader({ alg, kid: 'k1', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + 3600).sign(privateKey);
  const keys = new JWKSet({ keys: [jwk] });
  const options = { algorithms: [alg], issuer: 'https://issuer.example', audience: 'api' };
  const time = (n, f) => { for (let i = 0; i < Math.min(n, 50); i++) f(); const t0 = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - t0) * 1000) / n; };
  const n = alg.startsWith('HS') ? 20000 : 500;
  const tc = time(n, () => jwtVerifySync(token, keys, options));
  // jose's local JWK Set refuses symmetric keys: HS* gets the key itself
  const local = alg.startsWith('HS') ? publicKey : jose.createLocalJWKSet({ keys: [jwk] });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await jose.jwtVerify(token, local, options);
  const jo = ((performance.now() - t0) * 1000) / n;
  console.log(`${alg.padEnd(6)} tokencheck jwtVerifySync ${tc.toFixed(1).padStart(8)} µs   jose jwtVerify ${jo.toFixed(1).padStart(8)} µs`);
}
