// The benchmark cases for tokencheck and jose (shared by Node and workerd: no
// Node APIs here). Every case is run once and its result checked before any
// timing: a case that does not verify the token is an error, not a figure.

const b64 = (s) => {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

export const WEBCRYPTO_PARAMS = {
  RS256: [{ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, { name: 'RSASSA-PKCS1-v1_5' }],
  PS256: [{ name: 'RSA-PSS', hash: 'SHA-256' }, { name: 'RSA-PSS', saltLength: 32 }],
  ES256: [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }],
  EdDSA: [{ name: 'Ed25519' }, { name: 'Ed25519' }],
  HS256: [{ name: 'HMAC', hash: 'SHA-256' }, { name: 'HMAC' }],
};

async function check(id, c, issuer) {
  const r = c.async ? await c.fn() : c.fn();
  const ok = r === true || (r && r.payload && r.payload.iss === issuer) || (r && r.iss === issuer);
  if (!ok) throw new Error(`bench case ${id} did not verify its token`);
}

// The async cases of RSA and ECDSA must have WebCrypto's own verdict (and
// EdDSA's, where the entry hands Ed25519 over too): a hand-off that
// WebCrypto refused falls back to wasm with the same verdict, and the
// benchmark would then time the wasm path under the async name.
const HANDED_OVER = new Set(['RS256', 'PS256', 'ES256']);
async function checkHandOff(id, c, alg) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return;
  const real = subtle.verify;
  const answers = [];
  subtle.verify = function (...args) {
    return real.apply(this, args).then((ok) => { answers.push(ok); return ok; }, (e) => { answers.push(e); throw e; });
  };
  try {
    await c.fn();
  } finally {
    subtle.verify = real;
  }
  if (answers.some((a) => a !== true)) throw new Error(`bench case ${id}: WebCrypto refused or rejected the hand-off (${answers.join(', ')})`);
  if (HANDED_OVER.has(alg) && answers.length !== 1) throw new Error(`bench case ${id}: ${answers.length} WebCrypto verdicts, expected 1`);
}

/** tokencheck's cases for one token kind and algorithm; `checkHost(id,
 * case, alg)` checks who answered each fresh async verification (by default
 * WebCrypto; in Node the package asks node:crypto instead: bench/run.mjs). */
export async function tokencheckCases(tc, fx, kind, checkHost = checkHandOff) {
  const token = fx.tokens[kind];
  const options = fx.options[kind];
  const keys = new tc.JWKSet(fx.jwks);
  const verifier = tc.createVerifier(keys, options);
  const cached = tc.createVerifier(keys, { ...options, cache: true });
  const cases = [
    { name: 'tc sync', fn: () => tc.jwtVerifySync(token, keys, options) },
    { name: 'tc async', async: true, fn: () => tc.jwtVerify(token, keys, options) },
    { name: 'tc verifier sync', fn: () => verifier.verifySync(token) },
    { name: 'tc verifier async', async: true, fn: () => verifier.verify(token) },
    { name: 'tc cached sync', fn: () => cached.verifySync(token) },
    { name: 'tc cached async', async: true, fn: () => cached.verify(token) },
  ];
  if (kind === 'IUA') {
    // the IHE IUA profile's own verifier (ITI-72: at+jwt typ, the IUA claim
    // forms and extensions, scopes, the typed result), built once, on the
    // same token and key set: it checks far more than the generic cases
    const iuaOptions = { issuer: options.issuer, audience: options.audience, algorithms: options.algorithms };
    const iua = tc.createIuaVerifier(iuaOptions);
    // and with its verified-token cache (a repeat: claims checked again, no signature)
    const iuaCached = tc.createIuaVerifier({ ...iuaOptions, cache: true });
    cases.push(
      { name: 'tc IUA sync', fn: () => iua.verifySync(token, keys) },
      { name: 'tc IUA async', async: true, fn: () => iua.verify(token, keys) },
      { name: 'tc IUA cached', async: true, fn: () => iuaCached.verify(token, keys) },
    );
  }
  for (const c of cases) await check(c.name, c, options.issuer);
  // fresh verifications only: a cached one answers without the host
  for (const c of cases) if (c.async && !c.name.includes('cached')) await checkHost(`${c.name} ${kind} ${fx.alg}`, c, fx.alg);
  return cases;
}

/** jose's case: jwtVerify with a local JWK Set (HS256: the CryptoKeys by kid). */
export async function joseCases(jose, fx, kind) {
  const token = fx.tokens[kind];
  const options = fx.options[kind];
  let resolver;
  if (fx.alg === 'HS256') {
    const byKid = new Map();
    for (const k of fx.jwks.keys) {
      byKid.set(k.kid, await crypto.subtle.importKey('raw', b64(k.k), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']));
    }
    resolver = (header) => byKid.get(header.kid);
  } else {
    resolver = jose.createLocalJWKSet(fx.jwks);
  }
  const cases = [{ name: 'jose', async: true, fn: () => jose.jwtVerify(token, resolver, options) }];
  for (const c of cases) await check(c.name, c, options.issuer);
  return cases;
}

/** The bare signature primitives on the IUA token: WebCrypto, and the wasm
 * primitive via compactVerifySync on a minimal JWS (a few µs of framing). */
export async function primitiveCases(tc, fx) {
  const token = fx.tokens.IUA;
  const dot = token.lastIndexOf('.');
  const data = new TextEncoder().encode(token.slice(0, dot));
  const sig = b64(token.slice(dot + 1));
  const [importParams, verifyParams] = WEBCRYPTO_PARAMS[fx.alg];
  const jwk = { ...fx.jwks.keys[0] };
  delete jwk.kid;
  delete jwk.use;
  delete jwk.alg;
  const key = await crypto.subtle.importKey('jwk', jwk, importParams, false, ['verify']);
  const keys = new tc.JWKSet(fx.jwks);
  const tiny = fx.tinyJws;
  const cases = [
    { name: 'WebCrypto verify', async: true, fn: () => crypto.subtle.verify(verifyParams, key, sig, data) },
    { name: 'wasm primitive', fn: () => tc.compactVerifySync(tiny, keys, { algorithms: [fx.alg] }) },
  ];
  for (const c of cases) {
    const r = c.async ? await c.fn() : c.fn();
    if (!(r === true || (r && r.payload))) throw new Error(`bench case ${c.name} ${fx.alg} failed`);
  }
  return cases;
}
