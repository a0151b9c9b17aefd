// One cold start, in a fresh process (bench/run.mjs spawns this several
// times per subject, interleaved): the time to import a package's Node entry
// and then its first verification.
//
//   node bench/cold.mjs [tokencheck | jose | fast-jwt | empty | floor]
//
// tokencheck's import reads, compiles and instantiates the .wasm
// synchronously, so "import" includes instantiation. `empty` imports
// bench/cold-empty.mjs (no code): Node's own cost of a first dynamic ESM
// import in this process, the floor under every package's figure.
// `floor` imports bench/cold-floor.mjs, which times inside itself the .wasm's
// read, compile and instantiation (what any package shipping this module
// pays on this runtime) and, apart, the compile of the package's JavaScript.
// Prints JSON: { subject, importMs, importCpuMs, firstVerifyMs } (and, for
// `floor`, wasmMs and jsCompileMs).

// {"alg":"HS256","kid":"k"} . {"iss":"i"} with a forged signature: a complete
// verification that ends in the signature check, the same for every subject
const token = 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJpIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const k = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
const secret = () => Buffer.from(k, 'base64url');
// per subject: what to import, its first verification of the forged token
// (a Promise for jose), and the error code that verification must end in
const SUBJECTS = {
  tokencheck: {
    specifier: 'tokencheck',
    verify: (lib) => lib.jwtVerifySync(token, new lib.JWKSet({ keys: [{ kty: 'oct', kid: 'k', k }] }), { algorithms: ['HS256'] }),
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  jose: {
    specifier: 'jose',
    verify: (lib) => lib.jwtVerify(token, secret(), { algorithms: ['HS256'] }),
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  },
  'fast-jwt': {
    specifier: 'fast-jwt',
    verify: (lib) => lib.createVerifier({ key: secret(), algorithms: ['HS256'] })(token),
    code: 'FAST_JWT_INVALID_SIGNATURE',
  },
  empty: { specifier: './cold-empty.mjs' },
  floor: { specifier: './cold-floor.mjs' },
};
const subject = process.argv[2] ?? 'tokencheck';
if (!Object.hasOwn(SUBJECTS, subject)) throw new Error(`unknown subject ${subject}`);
const { specifier, verify, code } = SUBJECTS[subject];

const c0 = process.cpuUsage();
const t0 = performance.now();
const lib = await import(specifier);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);

if (verify) {
  try {
    const r = verify(lib);
    if (r instanceof Promise) await r;
    throw new Error(`${subject} verified a forged token`);
  } catch (e) {
    if (e.code !== code) throw e;
  }
}
const t2 = performance.now();
// CPU time of the import (all threads of this process): less sensitive than
// wall time to other processes competing for the cores
console.log(JSON.stringify({ subject, importMs: t1 - t0, importCpuMs: (c1.user + c1.system) / 1000, firstVerifyMs: t2 - t1, ...(subject === 'floor' ? lib.parts : {}) }));
