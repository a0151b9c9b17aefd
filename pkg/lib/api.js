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
//
// Sections in their own files (lib/oauth.js, lib/report.js) are merged into
// the API below; the build inlines them into dist/api.cjs.
import { createOauthApi } from './oauth.js';
import { createReportApi } from './report.js';

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
      const r = withKeys(keys, (k) => raw.jwtVerify(jwt, k, options));
      return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  async function jwtVerify(jwt, keys, options) {
    return jwtVerifySync(jwt, keys, options);
  }

  function compactVerifySync(jws, keys, options) {
    try {
      const r = withKeys(keys, (k) => raw.compactVerify(jws, k, options));
      return { payload: r[1], protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  async function compactVerify(jws, keys, options) {
    return compactVerifySync(jws, keys, options);
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
    ...createOauthApi(raw, convert),
    ...createReportApi(raw, convert, withKeys),
  };
}

export { createApi };
