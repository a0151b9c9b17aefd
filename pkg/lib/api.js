// The public API of tokencheck, built once per runtime around the raw
// wasm-bindgen exports (`raw`). Every entry (node, browser, workerd) calls
// createApi exactly once, so each runtime has ONE TokenCheckError class and
// ONE JWKSet class.
//
// This file is the single source: the entries for ESM import it, and the build
// (scripts/build-pkg.sh) writes dist/api.cjs from it for require(), replacing
// only the final `export { createApi };` line.
//
// It holds no validation logic: arguments go to the Rust core unchanged, and
// what comes back is turned into jose-shaped values (JSON.parse for claims
// and headers, so members such as "__proto__" stay ordinary own properties).

function createApi(raw, isReady) {
  class TokenCheckError extends Error {
    /**
     * @param {string} message
     * @param {string} code  a stable code such as ERR_JWT_EXPIRED
     * @param {{ reason?: string, claim?: string, cause?: unknown }} [detail]
     */
    constructor(message, code, detail) {
      super(message, detail && 'cause' in detail ? { cause: detail.cause } : undefined);
      this.name = 'TokenCheckError';
      this.code = code;
      this.reason = detail && detail.reason !== undefined ? detail.reason : undefined;
      this.claim = detail && detail.claim !== undefined ? detail.claim : undefined;
    }
  }

  // Whatever was thrown below becomes a TokenCheckError.
  function convert(e) {
    if (e instanceof TokenCheckError) return e;
    if (e instanceof Error && typeof e.code === 'string' && e.code.startsWith('ERR_')) {
      // thrown by the Rust layer (src/wasm/errors.rs)
      return new TokenCheckError(e.message, e.code, { reason: e.reason, claim: e.claim });
    }
    if (!isReady()) {
      return new TokenCheckError(
        'tokencheck is not initialised: await init() or call initSync() first',
        'ERR_TOKENCHECK_NOT_INITIALIZED',
        { cause: e },
      );
    }
    // A trap or a glue failure: a bug in tokencheck, never a verdict.
    return new TokenCheckError('internal error: ' + String(e && e.message || e), 'ERR_TOKENCHECK_INTERNAL', { cause: e });
  }

  let handleOf;
  let isKeySet;

  class JWKSet {
    #raw;
    static {
      handleOf = (s) => s.#raw;
      isKeySet = (s) => typeof s === 'object' && s !== null && #raw in s;
    }
    /** @param {object | string} jwks `{ keys: [...] }` as an object or JSON text */
    constructor(jwks) {
      try {
        this.#raw = new raw.RawKeySet(jwks);
      } catch (e) {
        throw convert(e);
      }
    }
    /** Number of verification keys. */
    get size() {
      return this.#raw.size;
    }
    /** Number of well-formed keys set aside as not for signatures (use "enc", X25519, ...). */
    get skipped() {
      return this.#raw.skipped;
    }
  }

  // A string token as UTF-8 bytes for the wasm call. wasm-bindgen's glue
  // copies a string into wasm memory with a per-character JS loop (about
  // 7 µs for a 2 KB token here); TextEncoder.encodeInto into a reused buffer
  // takes well under 1 µs, and the bytes are copied with one memcpy. The
  // core reads them exactly as it reads a Uint8Array token (UTF-8, else
  // ERR_JWS_INVALID) — a JS string always encodes to valid UTF-8. Used
  // synchronously only, so the shared buffer is never seen twice.
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(8192);
  function tokenArg(jwt) {
    if (typeof jwt !== 'string') return jwt;
    if (jwt.length > 65536) return encoder.encode(jwt); // not kept around
    if (jwt.length * 3 > scratch.length) scratch = new Uint8Array(jwt.length * 3);
    const { written } = encoder.encodeInto(jwt, scratch);
    return scratch.subarray(0, written);
  }

  // Run fn with the raw key set for `keys`: a JWKSet, or a JWKS object / JSON
  // text parsed for this one call (slower: build a JWKSet once and reuse it).
  function withKeys(keys, fn) {
    if (isKeySet(keys)) return fn(handleOf(keys));
    const temp = new raw.RawKeySet(keys);
    try {
      return fn(temp);
    } finally {
      temp.free();
    }
  }

  function jwtVerifySync(jwt, keys, options) {
    try {
      const r = withKeys(keys, (k) => raw.jwtVerify(tokenArg(jwt), k, options));
      return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  // ---- the async path: WebCrypto for RSA and ECDSA --------------------------
  // jwtVerify / compactVerify let the host's WebCrypto check RSA (RS*, PS*
  // with a salt of hash length) and ECDSA (raw r || s) signatures, which it
  // does several times faster than wasm. The core still parses the token,
  // applies the header rules, the allow-list and key selection, checks the
  // signature's length and range (src/jws/external.rs), then hands out exactly
  // the signing input and signature; it takes back only the boolean verdict
  // and does every claim check itself. HMAC and Ed25519 stay in wasm (faster
  // there, and hosts differ in Ed25519 strictness). Without crypto.subtle, or
  // when WebCrypto refuses a key, the signature is checked in wasm: the
  // verdict is the same either way (tests/js/async-webcrypto.test.mjs runs the
  // differential corpus through both paths, in Node and in workerd).
  const subtle = globalThis.crypto && globalThis.crypto.subtle ? globalThis.crypto.subtle : undefined;
  const rsa = (name, hash, verify) => [{ name, hash }, verify];
  const WEBCRYPTO = {
    RS256: rsa('RSASSA-PKCS1-v1_5', 'SHA-256', { name: 'RSASSA-PKCS1-v1_5' }),
    RS384: rsa('RSASSA-PKCS1-v1_5', 'SHA-384', { name: 'RSASSA-PKCS1-v1_5' }),
    RS512: rsa('RSASSA-PKCS1-v1_5', 'SHA-512', { name: 'RSASSA-PKCS1-v1_5' }),
    PS256: rsa('RSA-PSS', 'SHA-256', { name: 'RSA-PSS', saltLength: 32 }),
    PS384: rsa('RSA-PSS', 'SHA-384', { name: 'RSA-PSS', saltLength: 48 }),
    PS512: rsa('RSA-PSS', 'SHA-512', { name: 'RSA-PSS', saltLength: 64 }),
    ES256: [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }],
    ES384: [{ name: 'ECDSA', namedCurve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }],
    ES512: [{ name: 'ECDSA', namedCurve: 'P-521' }, { name: 'ECDSA', hash: 'SHA-512' }],
  };
  // Imported CryptoKeys per raw key set, per (alg, key index): a Promise of
  // the key, or of null when WebCrypto refused it (then wasm checks).
  const cryptoKeys = new WeakMap();

  function cryptoKey(rawKeys, index, alg) {
    let perSet = cryptoKeys.get(rawKeys);
    if (perSet === undefined) cryptoKeys.set(rawKeys, (perSet = new Map()));
    const id = alg + ':' + index;
    let key = perSet.get(id);
    if (key === undefined) {
      const jwk = rawKeys.publicJwk(index);
      key = jwk === undefined || WEBCRYPTO[alg] === undefined
        ? Promise.resolve(null)
        : Promise.resolve()
          .then(() => subtle.importKey('jwk', JSON.parse(jwk), WEBCRYPTO[alg][0], false, ['verify']))
          .catch(() => null);
      perSet.set(id, key);
    }
    return key;
  }

  // WebCrypto's verdict on a pending signature, or null (check it in wasm).
  async function hostVerdict(pending, rawKeys) {
    try {
      const alg = pending.alg;
      const key = await cryptoKey(rawKeys, pending.keyIndex, alg);
      if (key === null) return null;
      const ok = await subtle.verify(WEBCRYPTO[alg][1], key, pending.signature, pending.signingInput);
      return ok === true ? true : ok === false ? false : null;
    } catch {
      return null;
    }
  }

  // Finish a RawPending from jwtVerifyBegin / compactVerifyBegin.
  async function finishPending(pending, rawKeys) {
    const ok = await hostVerdict(pending, rawKeys);
    return ok === null ? pending.verifyHere(rawKeys) : pending.complete(ok);
  }

  async function jwtVerify(jwt, keys, options) {
    if (subtle === undefined || !isKeySet(keys)) return jwtVerifySync(jwt, keys, options);
    try {
      const k = handleOf(keys);
      let r = raw.jwtVerifyBegin(tokenArg(jwt), k, options);
      if (!Array.isArray(r)) r = await finishPending(r, k);
      return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  function compactVerifySync(jws, keys, options) {
    try {
      const r = withKeys(keys, (k) => raw.compactVerify(tokenArg(jws), k, options));
      return { payload: r[1], protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  async function compactVerify(jws, keys, options) {
    if (subtle === undefined || !isKeySet(keys)) return compactVerifySync(jws, keys, options);
    try {
      const k = handleOf(keys);
      let r = raw.compactVerifyBegin(tokenArg(jws), k, options);
      if (!Array.isArray(r)) r = await finishPending(r, k);
      return { payload: r[1], protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  // ---- compiled verifier and verified-token cache -------------------------
  // createVerifier(keys, options) converts the options once (reading them
  // with js-sys is most of an HS256 call) and, with `cache`, keeps verified
  // tokens in the core's bounded LRU (src/jwt/cache.rs: exact token bytes,
  // key set identity, allow-list and limits as the key; claims and times
  // re-checked on every hit; failures never stored). The JS side keeps the
  // parsed result of each entry, DEEP-FROZEN: every hit returns that same
  // object, so freezing is what stops one caller's mutation from reaching
  // the next caller (tests/js/verifier.test.mjs).
  const SLOTS = 1048576; // 2^20: entry code = slot + stamp * SLOTS
  const DEFAULT_CACHE = { maxEntries: 1000, maxBytes: 4 * 1024 * 1024 };

  function deepFreeze(v) {
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const k of Object.keys(v)) deepFreeze(v[k]);
    }
    return v;
  }

  function invalidOptions(message) {
    return new TokenCheckError('invalid options: ' + message, 'ERR_INVALID_OPTIONS', { reason: undefined });
  }

  function cacheLimits(cache) {
    if (cache === undefined || cache === null || cache === false) return [0, 0];
    if (cache === true) return [DEFAULT_CACHE.maxEntries, DEFAULT_CACHE.maxBytes];
    if (typeof cache !== 'object' || Array.isArray(cache)) throw invalidOptions('cache must be true, false or { maxEntries, maxBytes }');
    for (const name of Object.keys(cache)) {
      if (name !== 'maxEntries' && name !== 'maxBytes') throw invalidOptions(`unknown cache option ${JSON.stringify(name)} (allowed: maxEntries, maxBytes)`);
    }
    const n = cache.maxEntries === undefined ? DEFAULT_CACHE.maxEntries : cache.maxEntries;
    const b = cache.maxBytes === undefined ? DEFAULT_CACHE.maxBytes : cache.maxBytes;
    if (!Number.isInteger(n) || n < 1 || n > SLOTS) throw invalidOptions('cache maxEntries must be an integer from 1 to 1048576');
    if (typeof b !== 'number' || !(b >= 1)) throw invalidOptions('cache maxBytes must be a positive number');
    return [n, b];
  }

  // The instant of one call: { currentDate } or nothing (the verifier's own
  // currentDate, else now).
  function callInstant(callOptions) {
    if (callOptions === undefined || callOptions === null) return NaN;
    if (typeof callOptions !== 'object') throw invalidOptions('the per-call options must be an object');
    for (const name of Object.keys(callOptions)) {
      if (name !== 'currentDate') throw invalidOptions(`unknown per-call option ${JSON.stringify(name)} (allowed: currentDate)`);
    }
    const d = callOptions.currentDate;
    if (d === undefined || d === null) return NaN;
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw invalidOptions('currentDate must be a valid Date');
    return d.getTime();
  }

  class JWTVerifier {
    #raw;
    #keys;
    #cached;
    #results = [];

    /**
     * @param {JWKSet | object | string} keys
     * @param {object} options jose's jwtVerify options, plus `cache`
     */
    constructor(keys, options) {
      try {
        if (!isKeySet(keys)) keys = new JWKSet(keys);
        let rest = options;
        let cache;
        if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'cache' in options) {
          ({ cache, ...rest } = options);
        }
        const [maxEntries, maxBytes] = cacheLimits(cache);
        this.#raw = new raw.RawVerifier(handleOf(keys), rest, maxEntries, maxBytes);
        this.#keys = keys;
        this.#cached = maxEntries > 0;
      } catch (e) {
        throw convert(e);
      }
    }

    /** Entries in the cache. */
    get cacheSize() {
      return this.#raw.size;
    }

    /** Empty the cache. */
    clearCache() {
      this.#raw.clear();
      this.#results = [];
    }

    // An answer of the raw verifier as { payload, protectedHeader }.
    #result(r) {
      if (!this.#cached) return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
      if (typeof r === 'number') {
        const kept = this.#results[r % SLOTS];
        if (kept !== undefined && kept.code === r) return kept.value;
        // not kept on this side (should not happen): fetch it again
        const pair = this.#raw.entry(r);
        if (pair === undefined) throw new TokenCheckError('internal error: cache entry vanished', 'ERR_TOKENCHECK_INTERNAL');
        r = [r, pair[0], pair[1]];
      }
      const value = deepFreeze({ payload: JSON.parse(r[2]), protectedHeader: JSON.parse(r[1]) });
      if (r[0] >= 0) this.#results[r[0] % SLOTS] = { code: r[0], value };
      return value;
    }

    /** Verify synchronously (all signatures in wasm). */
    verifySync(jwt, callOptions) {
      try {
        const now = callOptions === undefined ? NaN : callInstant(callOptions);
        const t = tokenArg(jwt);
        return this.#result(t instanceof Uint8Array ? this.#raw.verifyBytes(t, now) : this.#raw.verify(t, now));
      } catch (e) {
        throw convert(e);
      }
    }

    /** Verify, with WebCrypto for RSA / ECDSA signatures when present. */
    async verify(jwt, callOptions) {
      if (subtle === undefined) return this.verifySync(jwt, callOptions);
      try {
        const now = callOptions === undefined ? NaN : callInstant(callOptions);
        const t = tokenArg(jwt);
        let r = t instanceof Uint8Array ? this.#raw.beginBytes(t, now) : this.#raw.begin(t, now);
        if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
          const k = handleOf(this.#keys);
          const ok = await hostVerdict(r, k);
          r = ok === null ? this.#raw.completeHere(r) : this.#raw.complete(r, ok);
        }
        return this.#result(r);
      } catch (e) {
        throw convert(e);
      }
    }
  }

  /** A reusable JWT verifier (options converted once; optional verified-token cache). */
  function createVerifier(keys, options) {
    return new JWTVerifier(keys, options);
  }

  function decodeJwt(jwt) {
    try {
      return JSON.parse(raw.decodeJwt(jwt));
    } catch (e) {
      throw convert(e);
    }
  }

  function decodeProtectedHeader(token) {
    try {
      return JSON.parse(raw.decodeProtectedHeader(token));
    } catch (e) {
      throw convert(e);
    }
  }

  function calculateJwkThumbprintSync(jwk, digestAlgorithm) {
    try {
      return raw.calculateJwkThumbprint(jwk, digestAlgorithm);
    } catch (e) {
      throw convert(e);
    }
  }

  // A Promise, like jose's: `await` and `.then` both work.
  async function calculateJwkThumbprint(jwk, digestAlgorithm) {
    return calculateJwkThumbprintSync(jwk, digestAlgorithm);
  }

  function verifySignature(alg, jwk, data, signature) {
    try {
      return raw.verifySignature(alg, jwk, data, signature);
    } catch (e) {
      throw convert(e);
    }
  }

  return {
    TokenCheckError,
    JWKSet,
    jwtVerify,
    jwtVerifySync,
    compactVerify,
    compactVerifySync,
    decodeJwt,
    decodeProtectedHeader,
    calculateJwkThumbprint,
    calculateJwkThumbprintSync,
    verifySignature,
    createVerifier,
    JWTVerifier,
  };
}

export { createApi };
