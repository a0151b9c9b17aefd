// One cold start, in a fresh process (bench/run.mjs spawns this several
// times): the time to import the package's Node entry, which reads, compiles
// and instantiates the .wasm synchronously, and then the first verification.
// Prints JSON: { importMs, firstVerifyMs }.
const t0 = performance.now();
const tc = await import('tokencheck');
const t1 = performance.now();
const keys = new tc.JWKSet({ keys: [{ kty: 'oct', kid: 'k', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' }] });
// {"alg":"HS256","kid":"k"} . {"iss":"i"} with a forged signature: a complete
// verification that ends in the signature check
const token = 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJpIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
try {
  tc.jwtVerifySync(token, keys, { algorithms: ['HS256'] });
} catch (e) {
  if (e.code !== 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw e;
}
const t2 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstVerifyMs: t2 - t1 }));
