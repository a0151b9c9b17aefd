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

  // ---------------------------------------------------------------- LTI
  // lti.md. Every rule is the core's (src/profiles/lti, src/lti11); here:
  // argument conversion, the caller's clock, fetching a platform JWKS, and
  // consuming single-use values in the store the caller plugged in.

  function nowMs(options) {
    const d = options && options.currentDate;
    if (d === undefined) return Date.now();
    if (!(d instanceof Date)) throw new TokenCheckError('currentDate must be a Date', 'ERR_INVALID_OPTIONS', { reason: 'option' });
    return d.getTime();
  }

  // URLSearchParams, FormData, a query/body string, an object of strings, or
  // [name, value] pairs -> [name, value] pairs (duplicates kept: the core refuses them).
  function toPairs(input, what) {
    let entries;
    if (typeof input === 'string') entries = [...new URLSearchParams(input.startsWith('?') ? input.slice(1) : input)];
    else if (input instanceof URLSearchParams) entries = [...input];
    else if (typeof FormData !== 'undefined' && input instanceof FormData) entries = [...input];
    else if (Array.isArray(input)) entries = input;
    else if (input !== null && typeof input === 'object') entries = Object.entries(input);
    else throw new TokenCheckError(`${what} must be URLSearchParams, FormData, a string, an object or [name, value] pairs`, 'ERR_INVALID_OPTIONS', { reason: 'option' });
    for (const e of entries) {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string') {
        throw new TokenCheckError(`${what}: every parameter must be a string`, 'ERR_INVALID_OPTIONS', { reason: 'option' });
      }
    }
    return JSON.stringify(entries);
  }

  function ltiError(code, claim, message) {
    return new TokenCheckError(`LTI: ${code} (${claim})${message ? ': ' + message : ''}`, code, { reason: 'check_failed', claim });
  }

  /**
   * The default single-use store: bounded, in memory, per instance (per
   * isolate in a Worker). Any object with `consume(key, expiresAt)` returning
   * (a Promise of) `true` on first use and `false` on replay can replace it;
   * it must record atomically (a Durable Object or a database
   * insert-if-absent; Workers KV alone is eventually consistent).
   */
  class LtiNonceStore {
    #raw;
    /** @param {{ capacity?: number }} [options] */
    constructor(options) {
      const capacity = options && options.capacity !== undefined ? options.capacity : 0;
      try {
        this.#raw = new raw.RawNonceStore(capacity);
      } catch (e) {
        throw convert(e);
      }
    }
    /** `true` when `key` was unused (now recorded until `expiresAt`, seconds since the epoch). */
    consume(key, expiresAt, currentDate) {
      try {
        return this.#raw.useOnce(key, expiresAt, currentDate instanceof Date ? currentDate.getTime() : Date.now());
      } catch (e) {
        throw convert(e);
      }
    }
    get size() {
      return this.#raw.size;
    }
  }
  // Made on first use: the browser entry has no wasm until init().
  let defaultNonceStore;

  async function consumeOnce(store, key, expiresAt, currentDate) {
    if (store === undefined && defaultNonceStore === undefined) defaultNonceStore = new LtiNonceStore();
    const s = store === undefined ? defaultNonceStore : store;
    if (s === null || typeof s !== 'object' || typeof s.consume !== 'function') {
      throw new TokenCheckError('nonceStore must have a consume(key, expiresAt) method', 'ERR_INVALID_OPTIONS', { reason: 'option' });
    }
    return (await s.consume(key, expiresAt, currentDate)) === true;
  }

  function registrationText(registration) {
    const one = (r) => {
      if (r === null || typeof r !== 'object') throw new TokenCheckError('registration must be an object', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      const { jwks, jwksUri, ...rest } = r;
      return rest;
    };
    return JSON.stringify(Array.isArray(registration) ? registration.map(one) : one(registration));
  }

  /**
   * lti.md §A: the authentication request for a third-party initiated login.
   * Returns `{ url, params, state, nonce, record }`: redirect the browser to
   * `url` (or POST `params` to `registration.authLoginUrl`), bind `state` to
   * the browser (cookie) and keep `record` for the launch.
   */
  function createLtiLoginRequest(loginParams, registration, options) {
    try {
      const opts = options === undefined ? {} : options;
      const r = JSON.parse(raw.ltiLoginRequest(toPairs(loginParams, 'loginParams'), registrationText(registration), JSON.stringify(opts), nowMs(opts)));
      return { url: r.url, params: r.params, state: r.record.state, nonce: r.record.nonce, record: r.record };
    } catch (e) {
      throw convert(e);
    }
  }

  // Platform JWKS by URI: fetched once, refetched on an unknown kid at most
  // once per cooldown (lti.md §B.4).
  const jwksCache = new Map();
  async function fetchJwks(uri, fetchImpl) {
    const f = fetchImpl || globalThis.fetch;
    const res = await f(uri, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new TokenCheckError(`fetching the platform JWKS failed: HTTP ${res.status}`, 'ERR_LTI_JWKS_FETCH_FAILED', { reason: 'check_failed' });
    const set = new JWKSet(await res.text());
    const entry = { set, fetchedAt: Date.now() };
    jwksCache.set(uri, entry);
    return entry;
  }

  /**
   * lti.md §B: verify the launch form POST (`id_token` + `state`, or an OIDC
   * error response). `form`: URLSearchParams / FormData / body string /
   * object, or the `id_token` alone with `expected.state`.
   * `expected`: `{ record, browserState, nonceStore?, currentDate?,
   * clockTolerance?, maxTokenAge?, allowAnonymous?, messageTypes?, fetch?,
   * jwksCooldown? }`. Resolves to the typed launch.
   */
  async function verifyLtiLaunch(form, registration, expected) {
    const exp = expected === undefined ? {} : expected;
    try {
      const { record, browserState, state, nonceStore, fetch: fetchImpl, jwksCooldown, ...options } = exp;
      if (record === null || typeof record !== 'object') throw new TokenCheckError('expected.record (the login record) is required', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      if (typeof browserState !== 'string') throw new TokenCheckError('expected.browserState (the state bound to this browser) is required', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      if (registration === null || typeof registration !== 'object') throw new TokenCheckError('registration must be an object', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      const formText = typeof form === 'string' && !form.includes('=')
        ? JSON.stringify(state === undefined ? [['id_token', form]] : [['id_token', form], ['state', String(state)]])
        : toPairs(form, 'form');
      const now = nowMs(options);
      const regText = registrationText(registration);
      const recordText = JSON.stringify(record);
      const optionsText = JSON.stringify(options);
      const run = (set) => withKeys(set, (k) => raw.ltiVerifyLaunch(formText, browserState, recordText, regText, k, optionsText, now));

      let result;
      if (registration.jwks !== undefined) {
        result = run(registration.jwks);
      } else if (typeof registration.jwksUri === 'string') {
        let entry = jwksCache.get(registration.jwksUri) || (await fetchJwks(registration.jwksUri, fetchImpl));
        try {
          result = run(entry.set);
        } catch (e) {
          const cooldown = (jwksCooldown === undefined ? 300 : jwksCooldown) * 1000;
          if (!(e && e.code === 'ERR_LTI_KID_UNKNOWN') || Date.now() - entry.fetchedAt < cooldown) throw e;
          entry = await fetchJwks(registration.jwksUri, fetchImpl);
          result = run(entry.set);
        }
      } else {
        throw new TokenCheckError('registration needs jwks (a JWKSet or JWKS) or jwksUri', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      }
      const r = JSON.parse(result);
      if (!(await consumeOnce(nonceStore, r.nonce, r.nonceExpiresAt, options.currentDate))) {
        throw ltiError('ERR_LTI_NONCE_REPLAYED', 'nonce');
      }
      return r.launch;
    } catch (e) {
      throw convert(e);
    }
  }

  /**
   * lti.md §C: the signed LtiDeepLinkingResponse for a deep linking launch.
   * `options.privateKey`: the tool's private JWK (RSA -> RS256, EC P-256 ->
   * ES256, ...; signed with WebCrypto), with `kid` (or `options.kid`).
   * Resolves to `{ jwt, returnUrl, html }` (html: a self-submitting form).
   */
  async function createLtiDeepLinkingResponse(launch, contentItems, options) {
    try {
      const o = options === undefined ? {} : options;
      const { privateKey, kid, alg, currentDate, ...rest } = o;
      if (launch === null || typeof launch !== 'object' || typeof launch.clientId !== 'string') {
        throw new TokenCheckError('launch must be the result of verifyLtiLaunch', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      }
      if (privateKey === null || typeof privateKey !== 'object') throw new TokenCheckError('options.privateKey (a private JWK) is required', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      const claims = JSON.stringify(launch.claims);
      const items = JSON.stringify(contentItems === undefined ? [] : contentItems);
      const now = nowMs({ currentDate });
      // Signed by WebCrypto (RSASSA-PKCS1-v1_5 or ECDSA, whose P1363 output is
      // the JWS R || S form): no private-key code in the .wasm.
      const a = alg || privateKey.alg || (privateKey.kty === 'EC' ? { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[privateKey.crv] : 'RS256');
      const k = kid || privateKey.kid;
      const { signingInput, returnUrl } = JSON.parse(raw.ltiDeepLinkingSigningInput(claims, launch.clientId, items, JSON.stringify({ ...rest, alg: a || '', kid: k === undefined ? '' : k }), now));
      const hash = { RS256: 'SHA-256', RS384: 'SHA-384', RS512: 'SHA-512', ES256: 'SHA-256', ES384: 'SHA-384', ES512: 'SHA-512' }[a];
      const params = a.startsWith('RS') ? { name: 'RSASSA-PKCS1-v1_5', hash } : { name: 'ECDSA', namedCurve: privateKey.crv };
      const signParams = a.startsWith('RS') ? 'RSASSA-PKCS1-v1_5' : { name: 'ECDSA', hash };
      const { kid: _k, alg: _a, use: _u, key_ops: _o, ...jwk } = privateKey;
      let key;
      try {
        key = await globalThis.crypto.subtle.importKey('jwk', jwk, params, false, ['sign']);
      } catch (e) {
        throw new TokenCheckError('options.privateKey is not a usable private ' + a + ' JWK', 'ERR_JWK_INVALID', { reason: 'invalid', cause: e });
      }
      const sig = new Uint8Array(await globalThis.crypto.subtle.sign(signParams, key, new TextEncoder().encode(signingInput)));
      const r = JSON.parse(raw.ltiDeepLinkingAttach(signingInput, sig, returnUrl));
      return { jwt: r.jwt, returnUrl, html: r.html };
    } catch (e) {
      throw convert(e);
    }
  }

  /**
   * lti.md §E: verify an LTI 1.0/1.1 launch signed with OAuth 1.0a.
   * `request`: `{ method?, url, params }` (params as for the login).
   * `options`: `{ consumerSecret (string or (key) => secret), nonceStore?,
   * timestampWindow?, allowSha1?, currentDate?, toolStateSecret?,
   * browserBinding? }`. With `toolStateSecret`, a request carrying
   * `tool_state` is checked as an LTI 1.1.2 relaunch.
   * Resolves to `{ consumerKey, signatureMethod, params, pairs, firstLaunch, relaunched }`.
   */
  async function verifyLti11Launch(request, options) {
    try {
      const o = options === undefined ? {} : options;
      const { consumerSecret, nonceStore, toolStateSecret, browserBinding, currentDate, ...rest } = o;
      if (request === null || typeof request !== 'object' || typeof request.url !== 'string') {
        throw new TokenCheckError('request must be { method?, url, params }', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      }
      const pairsText = toPairs(request && request.params, 'request.params');
      const pairs = JSON.parse(pairsText);
      const keyPair = pairs.find((p) => p[0] === 'oauth_consumer_key');
      let secret = consumerSecret;
      if (typeof consumerSecret === 'function') secret = keyPair ? await consumerSecret(keyPair[1]) : undefined;
      if (secret !== undefined && secret !== null && typeof secret !== 'string') throw new TokenCheckError('consumerSecret must be a string or return one', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      const now = nowMs({ currentDate });
      const method = request.method === undefined ? 'POST' : request.method;
      const r = JSON.parse(raw.lti11Verify(method, request.url, pairsText, secret === null ? undefined : secret, JSON.stringify(rest), now));
      if (!(await consumeOnce(nonceStore, r.nonceKey, r.nonceExpiresAt, currentDate))) {
        throw ltiError('ERR_LTI_OAUTH_NONCE_REPLAYED', 'oauth_nonce');
      }
      let relaunched = false;
      if (toolStateSecret !== undefined && r.params.some((p) => p[0] === 'tool_state')) {
        const t = JSON.parse(raw.lti11VerifyRelaunch(r.consumerKey, JSON.stringify(r.params), toolStateSecret, browserBinding === undefined ? '' : browserBinding, now));
        if (!(await consumeOnce(nonceStore, t.key, t.expiresAt, currentDate))) throw ltiError('ERR_LTI_TOOL_STATE_REPLAYED', 'tool_state');
        relaunched = true;
      }
      const params = {};
      for (const [k, v] of r.params) if (!(k in params)) params[k] = v;
      return { consumerKey: r.consumerKey, signatureMethod: r.signatureMethod, params, pairs: r.params, firstLaunch: r.firstLaunch, relaunched };
    } catch (e) {
      throw convert(e);
    }
  }

  /**
   * LTI 1.1.2 step 2: send the browser back to the platform with
   * `platform_state` and a `tool_state` bound to `browserBinding` (generated
   * when absent: set it as an HttpOnly cookie). Returns
   * `{ url, method, params, html, toolState, browserBinding }`.
   */
  function createLti11Relaunch(firstLaunch, options) {
    try {
      const o = options === undefined ? {} : options;
      if (firstLaunch === null || typeof firstLaunch !== 'object') throw new TokenCheckError('firstLaunch must be verifyLti11Launch(...).firstLaunch', 'ERR_INVALID_OPTIONS', { reason: 'option' });
      const browserBinding = o.browserBinding === undefined ? raw.ltiRandomValue() : o.browserBinding;
      const r = JSON.parse(raw.lti11Relaunch(
        firstLaunch.relaunchUrl, firstLaunch.platformState, o.toolStateSecret, browserBinding,
        o.method === undefined ? 'POST' : o.method, o.expiresIn === undefined ? 300 : o.expiresIn, nowMs(o),
      ));
      return { ...r, browserBinding };
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
    LtiNonceStore,
    createLtiLoginRequest,
    verifyLtiLaunch,
    createLtiDeepLinkingResponse,
    verifyLti11Launch,
    createLti11Relaunch,
  };
}

export { createApi };
