// One cold start, in a fresh process (bench/run.mjs spawns this several
// times per subject, interleaved): the time to import a package's Node entry
// and then its first verification.
//
//   node bench/cold.mjs [tokencheck | jose | fast-jwt | empty]
//
// tokencheck's import reads, compiles and instantiates the .wasm
// synchronously, so "import" includes instantiation. `empty` imports
// bench/cold-empty.mjs (no code): Node's own cost of a first dynamic ESM
// import in this process, the floor under every package's figure.
// Prints JSON: { subject, importMs, importCpuMs, firstVerifyMs }.
const subject = process.argv[2] ?? 'tokencheck';
const SPECIFIERS = { tokencheck: 'tokencheck', jose: 'jose', 'fast-jwt': 'fast-jwt', empty: './cold-empty.mjs' };
if (!(subject in SPECIFIERS)) throw new Error(`unknown subject ${subject}`);

const c0 = process.cpuUsage();
const t0 = performance.now();
const lib = await import(SPECIFIERS[subject]);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);

// {"alg":"HS256","kid":"k"} . {"iss":"i"} with a forged signature: a complete
// verification that ends in the signature check, the same for every subject
const token = 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJpIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const k = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
const expectFailure = (e, code) => {
  if (e.code !== code) throw e;
};
if (subject === 'tokencheck') {
  const keys = new lib.JWKSet({ keys: [{ kty: 'oct', kid: 'k', k }] });
  try {
    lib.jwtVerifySync(token, keys, { algorithms: ['HS256'] });
    throw new Error('forged token verified');
  } catch (e) {
    expectFailure(e, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  }
} else if (subject === 'jose') {
  try {
    await lib.jwtVerify(token, Buffer.from(k, 'base64url'), { algorithms: ['HS256'] });
    throw new Error('forged token verified');
  } catch (e) {
    expectFailure(e, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  }
} else if (subject === 'fast-jwt') {
  try {
    lib.createVerifier({ key: Buffer.from(k, 'base64url'), algorithms: ['HS256'] })(token);
    throw new Error('forged token verified');
  } catch (e) {
    expectFailure(e, 'FAST_JWT_INVALID_SIGNATURE');
  }
}
const t2 = performance.now();
// CPU time of the import (all threads of this process): less sensitive than
// wall time to other processes competing for the cores
console.log(JSON.stringify({ subject, importMs: t1 - t0, importCpuMs: (c1.user + c1.system) / 1000, firstVerifyMs: t2 - t1 }));
