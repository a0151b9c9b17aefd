// One cold start, in a fresh process (bench/run.mjs spawns this several
// times): the time to import the package's Node entry, which reads, compiles
// and instantiates the .wasm synchronously, and then the first verification.
// Prints JSON: { importMs, importCpuMs, firstVerifyMs }.
const c0 = process.cpuUsage();
const t0 = performance.now();
const tc = await import('tokencheck');
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
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
// CPU time of the import (all threads of this process): less sensitive than
// wall time to other processes competing for the cores
console.log(JSON.stringify({ importMs: t1 - t0, importCpuMs: (c1.user + c1.system) / 1000, firstVerifyMs: t2 - t1 }));
