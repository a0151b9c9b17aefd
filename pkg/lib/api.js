// The public API of tokencheck, built once per runtime around the raw
// wasm-bindgen exports (`raw`). Every entry (node, browser, workerd) calls
// createApi exactly once, so each runtime has ONE TokenCheckError class and
// ONE JWKSet class.
//
// This file is the single source: the entries for ESM import it, and the build
// (scripts/build-pkg.sh) writes it into dist/node.cjs for require(), next to
// the wasm-bindgen glue, dropping only the final `export { createApi };` line.
//
// It holds no validation logic: arguments go to the Rust core unchanged, and
// what comes back is turned into jose-shaped values (JSON.parse for claims
// and headers, so members such as "__proto__" stay ordinary own properties).
//
// Sections in their own files (lib/oauth.js, lib/report.js) are merged into
// the API below; the build inlines them into dist/node.cjs.
import { createOauthApi } from './oauth.js';
import { createReportApi } from './report.js';

// `host.webCryptoEd25519`: hand Ed25519 signatures to WebCrypto too. Only
// for hosts whose Ed25519 is BoringSSL's cofactorless RFC 8032 check and
// faster than wasm (workerd); `host.webCryptoHmac`: HMAC tags too (workerd,
// whose native HMAC beats wasm's software SHA-2 on all but small tokens).
// `host.nodeCrypto`: a function returning node:crypto (the Node entry): the
// sync and async paths then hand RSA, ECDSA and HMAC signatures to it (see
// "node:crypto in Node" below).
// See src/jws/external.rs (HostChecks) for why the verdicts stay identical.
//
// A parenthesized function expression, not a declaration: every runtime
// calls createApi once, at import, and V8 compiles a parenthesized function
// with the file instead of pre-parsing it there and parsing its 60 KB again
// on that call (Node 20, fresh processes, median of 15: createApi 0.53 ->
// 0.22 ms, the file's compile +0.11 ms).
const createApi = (function createApi(raw, isReady, host) {
  // the core's host flags (src/wasm/verifier.rs, host_checks): bit 0
  // Ed25519, bit 1 HMAC
  const HOST_CHECKS = (host && host.webCryptoEd25519 ? 1 : 0) | (host && host.webCryptoHmac ? 2 : 0);
  // ... and for node:crypto (Node): HMAC too, Ed25519 not (wasm is faster
  // than node:crypto there)
  const NODE_HOST_CHECKS = 2;

  class TokenCheckError extends Error {
    /**
     * @param {string} message
     * @param {string} code  a stable code such as ERR_JWT_EXPIRED
     * @param {{ reason?: string, claim?: string, cause?: unknown, status?: number, wwwAuthenticate?: string }} [detail]
     */
    constructor(message, code, detail) {
      super(message, detail && 'cause' in detail ? { cause: detail.cause } : undefined);
      this.name = 'TokenCheckError';
      this.code = code;
      this.reason = detail && detail.reason !== undefined ? detail.reason : undefined;
      this.claim = detail && detail.claim !== undefined ? detail.claim : undefined;
      // IUA / bearer-token failures: the HTTP answer (RFC 6750 §3)
      if (detail && detail.status !== undefined) this.status = detail.status;
      if (detail && detail.wwwAuthenticate !== undefined) this.wwwAuthenticate = detail.wwwAuthenticate;
    }
  }

  // Whatever was thrown below becomes a TokenCheckError.
  function convert(e) {
    if (e instanceof TokenCheckError) return e;
    if (e instanceof Error && typeof e.code === 'string' && e.code.startsWith('ERR_')) {
      // thrown by the Rust layer (src/wasm/errors.rs)
      return new TokenCheckError(e.message, e.code, { reason: e.reason, claim: e.claim, status: e.status, wwwAuthenticate: e.wwwAuthenticate });
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

  // ---- jwtVerify's options, converted once per distinct values -----------
  // Reading an options object with js-sys takes ≈12 boundary crossings per
  // call (4–8 µs, more than an HS256 signature). jwtVerify / jwtVerifySync
  // instead keep the core's conversion (a RawJwtOptions) per distinct option
  // VALUES: every call reads the object once, here, into a key, and a known
  // key reuses the conversion the core made from equal values. Mutating an
  // options object, or a getter that answers differently, therefore takes
  // effect on the next call, as before. Only plain values take this path
  // (strings, finite numbers, arrays of strings, a Date as currentDate,
  // which is per call and not part of the key); any other shape, an unknown
  // name included, goes to the core as the object itself, so every error and
  // its order stay what they were (tests/js/options-fast-path.test.mjs).
  const JWT_OPTION_NAMES = new Set(['algorithms', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxTokenAge', 'requiredClaims']);
  const CONVERTED_MAX = 64; // distinct option sets kept (oldest dropped first)
  const CONVERTED_KEY_MAX = 4096; // longer keys are converted per call, not kept
  const converted = new Map(); // key -> RawJwtOptions, or null: the core refused those values
  let convertedNow = 0; // the instant for the RawJwtOptions jwtOptions returned last

  // The values the previous call read (name, value, ...) and the entry they
  // gave: the same values again, the usual case (one options object or
  // literal per call site), reuse it without building and hashing the key.
  let lastValues = null;
  let lastEntry = null;

  // A RawJwtOptions for `options` (its instant in convertedNow), or what to
  // hand the core as options instead: the object itself, or a copy of the
  // values read.
  function jwtOptions(options) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
    const names = Object.keys(options);
    const values = []; // name, value, name, value, ... as read once (arrays copied); not currentDate
    let date;
    for (let k = 0; k < names.length; k++) {
      const name = names[k];
      let value = options[name];
      if (value === undefined || value === null) {
        if (!JWT_OPTION_NAMES.has(name) && name !== 'currentDate') return options;
        continue;
      }
      if (name === 'currentDate') {
        if (!(value instanceof Date)) return options;
        date = value;
        continue;
      }
      if (!JWT_OPTION_NAMES.has(name)) return options;
      if (typeof value === 'number') {
        if (!Number.isFinite(value) || Object.is(value, -0)) return options;
      } else if (Array.isArray(value)) {
        const n = value.length;
        const copy = new Array(n);
        for (let i = 0; i < n; i++) {
          const item = value[i];
          if (typeof item !== 'string') return options;
          copy[i] = item;
        }
        value = copy;
      } else if (typeof value !== 'string') {
        return options;
      }
      values.push(name, value);
    }
    let now;
    try {
      now = date === undefined ? Date.now() : Date.prototype.getTime.call(date);
    } catch {
      return options; // not a real Date after all
    }
    let entry;
    if (sameValues(lastValues, values)) {
      entry = lastEntry;
    } else {
      const key = optionsKey(values);
      if (key.length > CONVERTED_KEY_MAX) return snapshot(values, date);
      entry = converted.get(key);
      if (entry === undefined) {
        try {
          entry = new raw.RawJwtOptions(snapshot(values, undefined));
        } catch {
          entry = null; // refused: the core says why on the call below
        }
        if (converted.size >= CONVERTED_MAX) {
          const [oldestKey, oldest] = converted.entries().next().value;
          converted.delete(oldestKey);
          // calls in flight hold their own copy; when this is the previous
          // call's entry, lastEntry is replaced just below
          if (oldest !== null) oldest.free();
        }
        converted.set(key, entry);
      }
      lastValues = values;
      lastEntry = entry;
    }
    if (entry === null) return snapshot(values, date);
    convertedNow = now;
    return entry;
  }

  // The key spells out each name, type and length, so two different sets of
  // values never share a key.
  function optionsKey(values) {
    let key = '';
    for (let i = 0; i < values.length; i += 2) {
      const name = values[i];
      const value = values[i + 1];
      if (typeof value === 'string') {
        key += name + ' s' + value.length + ' ' + value;
      } else if (typeof value === 'number') {
        key += name + ' n' + value + ' ';
      } else {
        key += name + ' a' + value.length;
        for (let j = 0; j < value.length; j++) key += ' ' + value[j].length + ' ' + value[j];
      }
    }
    return key;
  }

  // Equal lists of names and values (strings, finite numbers other than -0,
  // arrays of strings), in the same order.
  function sameValues(a, b) {
    if (a === null || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
    }
    return true;
  }

  // The options object of the values jwtOptions read (name, value, ...),
  // with currentDate when `date` is given.
  function snapshot(values, date) {
    const o = {};
    for (let i = 0; i < values.length; i += 2) o[values[i]] = values[i + 1];
    if (date !== undefined) o.currentDate = date;
    return o;
  }

  // `fast(bytes, rawOptions, nowMs)` when the options convert and the token
  // is a string (encoded here) or a Uint8Array; otherwise
  // `plain(token, options)`, the object way, for the core's own error.
  function withOptions(jwt, options, fast, plain) {
    const o = jwtOptions(options);
    if (!(o instanceof raw.RawJwtOptions)) return plain(tokenArg(jwt), o);
    const bytes = typeof jwt === 'string' ? tokenArg(jwt) : jwt instanceof Uint8Array ? jwt : undefined;
    return bytes === undefined ? plain(jwt, options) : fast(bytes, o, convertedNow);
  }

  function jwtVerifySync(jwt, keys, options) {
    try {
      const c = isKeySet(keys) ? nodeCrypto() : null;
      const r = c ? jwtVerifyNode(c, jwt, handleOf(keys), options) : withKeys(keys, (k) => withOptions(jwt, options,
        (bytes, o, now) => raw.jwtVerifyWith(bytes, k, o, now),
        (token, o) => raw.jwtVerify(token, k, o)));
      return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  // jwtVerifySync's hand-off to node:crypto (see "node:crypto in Node")
  function jwtVerifyNode(c, jwt, k, options) {
    const r = withOptions(jwt, options,
      (bytes, o, now) => raw.jwtVerifyBeginWith(bytes, k, o, now, NODE_HOST_CHECKS),
      (token, o) => raw.jwtVerifyBegin(token, k, o, NODE_HOST_CHECKS));
    return Array.isArray(r) ? r : finishPendingSync(c, r, k);
  }

  // ---- the async path: WebCrypto for RSA and ECDSA (browsers, workerd) ------
  // jwtVerify / compactVerify let the host's WebCrypto check RSA (RS*, PS*
  // with a salt of hash length) and ECDSA (raw r || s) signatures, which it
  // does several times faster than wasm. The core still parses the token,
  // applies the header rules, the allow-list and key selection, checks the
  // signature's length and range (src/jws/external.rs), then hands out exactly
  // the signing input and signature; it takes back only the boolean verdict
  // and does every claim check itself. Ed25519 stays in wasm unless the entry
  // passed `webCryptoEd25519` (workerd, whose BoringSSL Ed25519 is faster
  // than wasm; the core first refuses what BoringSSL would accept and
  // verify_strict would not), and HMAC unless it passed `webCryptoHmac`
  // (workerd; the core first refuses tags of the wrong length, the host
  // compares the full tag). Without crypto.subtle, or
  // when WebCrypto refuses a key, the signature is checked in wasm: the
  // verdict is the same either way (tests/js/async-webcrypto.test.mjs runs the
  // differential corpus through both paths, in Node and in workerd).
  // In Node, node:crypto answers instead (see "node:crypto in Node").
  // Looked up at the first async call, not when the package loads: in Node,
  // the first read of `globalThis.crypto` loads node's WebCrypto module and
  // its streams (3.5–7 ms measured), which a caller of only the sync
  // functions should not pay at import.
  let subtleLookedUp = false;
  let subtleValue;
  function hostSubtle() {
    if (!subtleLookedUp) {
      const c = globalThis.crypto;
      subtleValue = c && c.subtle ? c.subtle : undefined;
      subtleLookedUp = true;
    }
    return subtleValue;
  }
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
    EdDSA: [{ name: 'Ed25519' }, { name: 'Ed25519' }],
    HS256: [{ name: 'HMAC', hash: 'SHA-256' }, { name: 'HMAC' }],
    HS384: [{ name: 'HMAC', hash: 'SHA-384' }, { name: 'HMAC' }],
    HS512: [{ name: 'HMAC', hash: 'SHA-512' }, { name: 'HMAC' }],
  };
  // Imported CryptoKeys per raw key set, per (alg, key index): a Promise of
  // the key (or of null when WebCrypto refused it: then wasm checks) until
  // it settles, then the key (or null) itself, so that later calls skip an
  // await.
  const cryptoKeys = new WeakMap();

  // A non-extractable WebCrypto key for the key at `index`, or null. Public
  // keys from the minimal JWK the core builds; an HMAC secret (only asked
  // for when the entry hands HMAC over) as raw bytes, zeroed once
  // importKey has copied them (it does before returning, W3C WebCrypto).
  function importHostKey(rawKeys, index, alg) {
    const params = WEBCRYPTO[alg][0];
    if (params.name === 'HMAC') {
      const secret = rawKeys.hmacSecret(index);
      if (secret === undefined) return null;
      try {
        return hostSubtle().importKey('raw', secret, params, false, ['verify']);
      } finally {
        secret.fill(0);
      }
    }
    const jwk = rawKeys.publicJwk(index);
    return jwk === undefined ? null : hostSubtle().importKey('jwk', JSON.parse(jwk), params, false, ['verify']);
  }

  function cryptoKey(rawKeys, index, alg) {
    let perSet = cryptoKeys.get(rawKeys);
    if (perSet === undefined) cryptoKeys.set(rawKeys, (perSet = new Map()));
    const id = alg + ':' + index;
    let key = perSet.get(id);
    if (key === undefined) {
      key = WEBCRYPTO[alg] === undefined ? Promise.resolve(null) : Promise.resolve().then(() => importHostKey(rawKeys, index, alg)).catch(() => null);
      perSet.set(id, key);
      key.then((settled) => perSet.set(id, settled));
    }
    return key;
  }

  // WebCrypto's verdict on a pending signature, or null (check it in wasm).
  // The signature and the signing input go to verify() as views of the wasm
  // memory, not copies: they are the pending's own bytes, which nothing
  // writes until complete()/verifyHere() consume it after the verdict, and
  // WebCrypto copies both within verify() (W3C WebCrypto, "get a copy of the
  // bytes held by" each argument, before its promise is returned). The views
  // are made right before the call, so no wasm allocation can grow (and
  // detach) the memory in between. A host that read them later could at
  // worst find the buffer detached by a later growth: verify() then throws
  // or rejects, which is null here (checked in wasm), never a `true`.
  // Plain functions returning promise chains rather than async functions:
  // each async layer costs an extra promise and microtask per verification.
  // The returned promise never rejects.
  let wasmMemory; // the WebAssembly.Memory (its .buffer changes as it grows)
  let words; // a Uint32Array over wasmMemory's current buffer
  let algorithmNames; // RawPending's algorithm indexes -> names
  const verdictOf = (ok) => (ok === true ? true : ok === false ? false : null);
  const noVerdict = () => null;
  function hostVerdict(pending, rawKeys) {
    try {
      const check = pendingCheck(pending);
      const alg = algorithmNames[check[0]];
      const key = cryptoKey(rawKeys, check[1], alg);
      if (key instanceof Promise) return key.then((k) => hostVerify(check, alg, k), noVerdict);
      return hostVerify(check, alg, key);
    } catch {
      return Promise.resolve(null);
    }
  }

  // RawPending.layout, read: [alg index (into algorithmNames), key index,
  // signing input address, length, signature address, length]
  // (src/wasm/verifier.rs). The calls into wasm come first (the names, once,
  // allocate there), then the view of the memory as it is now.
  function pendingCheck(pending) {
    algorithmNames ??= raw.algorithmNames().split(',');
    const at = pending.layout >>> 2;
    const memory = (wasmMemory ??= raw.wasmMemory()).buffer;
    if (words === undefined || words.buffer !== memory) words = new Uint32Array(memory);
    return [words[at], words[at + 1], words[at + 2], words[at + 3], words[at + 4], words[at + 5]];
  }

  function hostVerify([, , inputAt, inputLength, signatureAt, signatureLength], alg, key) {
    try {
      if (key === null) return Promise.resolve(null); // WebCrypto refused the key
      const memory = wasmMemory.buffer;
      const signature = new Uint8Array(memory, signatureAt, signatureLength);
      const data = new Uint8Array(memory, inputAt, inputLength);
      return Promise.resolve(hostSubtle().verify(WEBCRYPTO[alg][1], key, signature, data)).then(verdictOf, noVerdict);
    } catch {
      return Promise.resolve(null);
    }
  }

  // Finish a RawPending from jwtVerifyBegin / compactVerifyBegin: a promise
  // of the result pair (rejects with the core's error).
  function finishPending(pending, rawKeys) {
    return hostVerdict(pending, rawKeys).then((ok) => (ok === null ? pending.verifyHere(rawKeys) : pending.complete(ok)));
  }

  // ---- node:crypto in Node: RSA, ECDSA and HMAC ---------------------------
  // jwtVerifySync, compactVerifySync and a verifier's verifySync, with a
  // JWKSet, make the async path's hand-off and answer it synchronously with
  // node:crypto (OpenSSL, the same code Node's WebCrypto calls, without its
  // threadpool round trip): RS256 / ES256 signatures several times faster
  // than in wasm, and than through WebCrypto. The async forms (jwtVerify,
  // compactVerify, a verifier's verify) take the same sync path in Node:
  // WebCrypto's RS256 verify costs 89 µs there against node:crypto's 22.
  // The core parses the token, applies the header rules, the allow-list and
  // key selection, checks the signature's length and range
  // (src/jws/external.rs), hands out exactly the signing input and signature
  // as views of its memory (node:crypto reads them before returning), takes
  // back only the boolean verdict and does every claim check itself. HMAC:
  // the core has refused a tag of the wrong length; node:crypto computes the
  // tag over the signing input and timingSafeEqual compares the two in
  // constant time. Ed25519 stays in wasm (faster than node:crypto here). A
  // key node:crypto does not import, or any exception, is null: checked in
  // wasm, with the same verdict (tests/js/node-crypto.test.mjs runs the
  // differential corpus through both). Plain JWKS objects or texts (a key
  // set for one call) stay in wasm: importing their keys would cost more
  // than it saves.
  let nodeCryptoModule; // node:crypto once looked up; null: none
  function nodeCrypto() {
    if (nodeCryptoModule === undefined) {
      try {
        nodeCryptoModule = host && typeof host.nodeCrypto === 'function' ? host.nodeCrypto() ?? null : null;
      } catch {
        nodeCryptoModule = null;
      }
    }
    return nodeCryptoModule;
  }
  // per alg: the digest, and how a public key is passed (RSA PKCS #1 v1.5,
  // RSA-PSS with a salt of hash length, ECDSA as raw r || s), or `hmac`
  const pkcs1 = (key) => key;
  const pss = (saltLength) => (key, c) => ({ key, padding: c.constants.RSA_PKCS1_PSS_PADDING, saltLength });
  const ecdsa = (key) => ({ key, dsaEncoding: 'ieee-p1363' });
  const NODE_CRYPTO = {
    RS256: ['sha256', pkcs1], RS384: ['sha384', pkcs1], RS512: ['sha512', pkcs1],
    PS256: ['sha256', pss(32)], PS384: ['sha384', pss(48)], PS512: ['sha512', pss(64)],
    ES256: ['sha256', ecdsa], ES384: ['sha384', ecdsa], ES512: ['sha512', ecdsa],
    HS256: ['sha256', 'hmac'], HS384: ['sha384', 'hmac'], HS512: ['sha512', 'hmac'],
  };
  // Imported keys per raw key set, per (key index, alg): [digest, key
  // argument] or [digest, secret KeyObject, true] for HMAC; null when
  // node:crypto refused the key (then wasm checks).
  const nodeKeys = new WeakMap();
  function nodeKey(c, rawKeys, index, algIndex) {
    let perSet = nodeKeys.get(rawKeys);
    if (perSet === undefined) nodeKeys.set(rawKeys, (perSet = new Map()));
    const id = index * 64 + algIndex;
    let key = perSet.get(id);
    if (key === undefined) {
      try {
        key = importNodeKey(c, rawKeys, index, algorithmNames[algIndex]);
      } catch {
        key = null;
      }
      perSet.set(id, key);
    }
    return key;
  }
  function importNodeKey(c, rawKeys, index, alg) {
    const how = NODE_CRYPTO[alg];
    if (how === undefined) return null;
    if (how[1] === 'hmac') {
      const secret = rawKeys.hmacSecret(index);
      if (secret === undefined) return null;
      try {
        return [how[0], c.createSecretKey(secret), true]; // copies the bytes
      } finally {
        secret.fill(0);
      }
    }
    const jwk = rawKeys.publicJwk(index);
    return jwk === undefined ? null : [how[0], how[1](c.createPublicKey({ key: JSON.parse(jwk), format: 'jwk' }), c)];
  }

  // node:crypto's verdict on a pending signature, or null (check it in wasm).
  function nodeVerdict(c, pending, rawKeys) {
    try {
      const [algIndex, index, inputAt, inputLength, signatureAt, signatureLength] = pendingCheck(pending);
      const key = nodeKey(c, rawKeys, index, algIndex);
      if (key === null) return null;
      const memory = wasmMemory.buffer; // after the key import, which may have grown it
      const data = new Uint8Array(memory, inputAt, inputLength);
      const signature = new Uint8Array(memory, signatureAt, signatureLength);
      if (key.length === 3) {
        const tag = c.createHmac(key[0], key[1]).update(data).digest();
        return tag.length === signature.length && c.timingSafeEqual(tag, signature);
      }
      return c.verify(key[0], data, key[1], signature) === true;
    } catch {
      return null;
    }
  }

  // Finish a RawPending synchronously: the result pair (or the core's error).
  function finishPendingSync(c, pending, rawKeys) {
    const ok = nodeVerdict(c, pending, rawKeys);
    return ok === null ? pending.verifyHere(rawKeys) : pending.complete(ok);
  }

  async function jwtVerify(jwt, keys, options) {
    if (!isKeySet(keys) || nodeCrypto() || hostSubtle() === undefined) return jwtVerifySync(jwt, keys, options);
    try {
      const k = handleOf(keys);
      let r = withOptions(jwt, options,
        (bytes, o, now) => raw.jwtVerifyBeginWith(bytes, k, o, now, HOST_CHECKS),
        (token, o) => raw.jwtVerifyBegin(token, k, o, HOST_CHECKS));
      if (!Array.isArray(r)) r = await finishPending(r, k);
      return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  function compactVerifySync(jws, keys, options) {
    try {
      const c = isKeySet(keys) ? nodeCrypto() : null;
      let r;
      if (c) {
        const k = handleOf(keys);
        r = raw.compactVerifyBegin(tokenArg(jws), k, options, NODE_HOST_CHECKS);
        if (!Array.isArray(r)) r = finishPendingSync(c, r, k);
      } else {
        r = withKeys(keys, (k) => raw.compactVerify(tokenArg(jws), k, options));
      }
      return { payload: r[1], protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  async function compactVerify(jws, keys, options) {
    if (!isKeySet(keys) || nodeCrypto() || hostSubtle() === undefined) return compactVerifySync(jws, keys, options);
    try {
      const k = handleOf(keys);
      let r = raw.compactVerifyBegin(tokenArg(jws), k, options, HOST_CHECKS);
      if (!Array.isArray(r)) r = await finishPending(r, k);
      return { payload: r[1], protectedHeader: JSON.parse(r[0]) };
    } catch (e) {
      throw convert(e);
    }
  }

  // ---- compiled verifier and verified-token cache -------------------------
  // createVerifier(keys, options) converts the options once (not even
  // reading them per call, as jwtVerify must) and, with `cache`, keeps verified
  // tokens in the core's bounded LRU (src/jwt/cache.rs: exact token bytes,
  // key set identity, allow-list and limits as the key; claims and times
  // re-checked on every hit; failures never stored). The JS side of the
  // cache, shared with IuaVerifier's, is CacheMirror below.
  const SLOTS = 1048576; // 2^20: entry code = slot + stamp * SLOTS
  // CacheMirror's index key for an input: a number from its length (mod 16)
  // and its last 7 characters, 7 bits each (the end of a token's signature),
  // 53 bits in all, so an exact function of them (inputs that share them
  // share the key). A number, not the characters themselves: a new string
  // key is hashed at every lookup (64 characters were ≈7% of a hit).
  function seenKey(jwt) {
    const n = jwt.length;
    let k = n & 15;
    for (let i = n > 7 ? n - 7 : 0; i < n; i++) k = k * 128 + (jwt.charCodeAt(i) & 127);
    return k;
  }
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

  // The JS side of a verifier's cache in the core (JWTVerifier, IuaVerifier).
  // - An index of the inputs the verifier answered from an entry, with the
  //   entry's code, so that a repeat asks the core about the entry (raw.hit:
  //   still stored? claims at this instant?) without copying the input into
  //   wasm again. Only an index: the core decides every hit, and a stale
  //   code is a miss. Keyed by seenKey (the end of the signature: hashing a
  //   whole 1-2 KB string per lookup would cost as much as the copy it
  //   saves), and a hit needs the whole stored input to equal the presented
  //   one; inputs whose keys collide take each other's place (a later miss,
  //   never a wrong answer; a lookup never evicts, so a forged token cannot
  //   push one out). Bounded like the core's cache (entries and
  //   characters), oldest out first.
  // - The parsed result of each entry, DEEP-FROZEN, by code: every hit
  //   returns that same object, so freezing is what stops one caller's
  //   mutation from reaching the next caller (tests/js/verifier.test.mjs).
  class CacheMirror {
    #seen = new Map();
    #chars = 0;
    #maxEntries;
    #maxChars;
    #results = [];

    constructor(maxEntries, maxChars) {
      this.#maxEntries = maxEntries;
      this.#maxChars = maxChars;
    }

    /** The code the core answered `input` with before, or undefined. */
    code(input) {
      const seen = this.#seen.get(seenKey(input));
      return seen !== undefined && seen.token === input ? seen.code : undefined;
    }

    /** After the core answered `code` -1 (entry gone) for `input`. */
    forget(input) {
      const key = seenKey(input);
      const seen = this.#seen.get(key);
      if (seen !== undefined && seen.token === input) this.#drop(key, seen);
    }

    #drop(key, seen) {
      this.#seen.delete(key);
      this.#chars -= seen.token.length;
    }

    /** The core stored `input`'s answer as entry `code`. */
    remember(input, code) {
      if (typeof input !== 'string' || !(code >= 0) || input.length > this.#maxChars) return;
      const key = seenKey(input);
      const old = this.#seen.get(key);
      if (old !== undefined) this.#drop(key, old);
      this.#seen.set(key, { token: input, code });
      this.#chars += input.length;
      while (this.#seen.size > this.#maxEntries || this.#chars > this.#maxChars) {
        const [oldestKey, oldest] = this.#seen.entries().next().value;
        this.#drop(oldestKey, oldest);
      }
    }

    /** The result kept for entry `code`, or undefined. */
    result(code) {
      const kept = this.#results[code % SLOTS];
      return kept !== undefined && kept.code === code ? kept.value : undefined;
    }

    /** Keep `value` (deep-frozen here) as entry `code`'s result; returns it. */
    keep(code, value) {
      deepFreeze(value);
      if (code >= 0) this.#results[code % SLOTS] = { code, value };
      return value;
    }

    clear() {
      this.#seen.clear();
      this.#chars = 0;
      this.#results = [];
    }
  }

  class JWTVerifier {
    #raw;
    #keys;
    // the JS side of the cache (undefined without one)
    #mirror;

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
        if (maxEntries > 0) this.#mirror = new CacheMirror(maxEntries, maxBytes);
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
      if (this.#mirror) this.#mirror.clear();
    }

    // The result of a token seen before, or undefined (verify it in full).
    #repeat(jwt, now) {
      const m = this.#mirror;
      if (m === undefined || typeof jwt !== 'string') return undefined;
      const code = m.code(jwt);
      if (code === undefined) return undefined;
      const r = this.#raw.hit(code, now); // throws what a fresh check would for the claims
      if (r >= 0) return this.#result(r);
      m.forget(jwt);
      return undefined;
    }

    // The result of a full verification; with a cache, remember which entry
    // the core answered for this token string.
    #answer(jwt, r) {
      const value = this.#result(r);
      if (this.#mirror) this.#mirror.remember(jwt, typeof r === 'number' ? r : r[0]);
      return value;
    }

    // An answer of the raw verifier as { payload, protectedHeader }.
    #result(r) {
      const m = this.#mirror;
      if (m === undefined) return { payload: JSON.parse(r[1]), protectedHeader: JSON.parse(r[0]) };
      if (typeof r === 'number') {
        const kept = m.result(r);
        if (kept !== undefined) return kept;
        // not kept on this side (should not happen): fetch it again
        const pair = this.#raw.entry(r);
        if (pair === undefined) throw new TokenCheckError('internal error: cache entry vanished', 'ERR_TOKENCHECK_INTERNAL');
        r = [r, pair[0], pair[1]];
      }
      return m.keep(r[0], { payload: JSON.parse(r[2]), protectedHeader: JSON.parse(r[1]) });
    }

    /** Verify synchronously (in Node, RSA / ECDSA / HMAC signatures with node:crypto; elsewhere all in wasm). */
    verifySync(jwt, callOptions) {
      try {
        const now = callOptions === undefined ? NaN : callInstant(callOptions);
        const seen = this.#repeat(jwt, now);
        if (seen !== undefined) return seen;
        const t = tokenArg(jwt);
        const c = nodeCrypto();
        let r;
        if (c) {
          r = t instanceof Uint8Array ? this.#raw.beginBytes(t, now, NODE_HOST_CHECKS) : this.#raw.begin(t, now, NODE_HOST_CHECKS);
          if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
            const k = handleOf(this.#keys);
            const ok = nodeVerdict(c, r, k);
            r = ok === null ? this.#raw.completeHere(r) : this.#raw.complete(r, ok);
          }
        } else {
          r = t instanceof Uint8Array ? this.#raw.verifyBytes(t, now) : this.#raw.verify(t, now);
        }
        return this.#answer(jwt, r);
      } catch (e) {
        throw convert(e);
      }
    }

    /** Verify, with WebCrypto for RSA / ECDSA signatures when present. */
    async verify(jwt, callOptions) {
      if (nodeCrypto() || hostSubtle() === undefined) return this.verifySync(jwt, callOptions);
      try {
        const now = callOptions === undefined ? NaN : callInstant(callOptions);
        const seen = this.#repeat(jwt, now);
        if (seen !== undefined) return seen;
        const t = tokenArg(jwt);
        let r = t instanceof Uint8Array ? this.#raw.beginBytes(t, now, HOST_CHECKS) : this.#raw.begin(t, now, HOST_CHECKS);
        if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
          const k = handleOf(this.#keys);
          const ok = await hostVerdict(r, k);
          r = ok === null ? this.#raw.completeHere(r) : this.#raw.complete(r, ok);
        }
        return this.#answer(jwt, r);
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
      return JSON.parse(raw.decodeJwt(tokenArg(jwt)));
    } catch (e) {
      throw convert(e);
    }
  }

  function decodeProtectedHeader(token) {
    try {
      return JSON.parse(raw.decodeProtectedHeader(tokenArg(token)));
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

  // ---------------------------------------------------------------- IUA
  // iua.md. Every rule is the core's (src/profiles/iua, src/oauth); here:
  // argument conversion, the caller's clock and own check, and I/O (AS
  // metadata, remote key sets). A refused token is a TokenCheckError with
  // `status` and `wwwAuthenticate` (RFC 6750 §3) ready for the response.

  function optionError(message) {
    return new TokenCheckError(message, 'ERR_INVALID_OPTIONS', { reason: 'option' });
  }

  function plainObject(o, what) {
    if (o === undefined) return {};
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw optionError(`${what} must be an object`);
    return o;
  }

  // JSON text for the core's option reader. JSON.stringify would drop a
  // function or undefined silently, so a function-valued name is refused
  // here (the core refuses every other unknown name).
  function optionsText(o, what) {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw optionError(`${what}: unknown or invalid option ${JSON.stringify(k)}`);
    }
    return JSON.stringify(o);
  }

  function dateMs(d) {
    if (d === undefined) return Date.now();
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw optionError('currentDate must be a valid Date');
    return d.getTime();
  }

  // Per-request options, common to verify / verifyIntrospectionResponse.
  function requestOptions(o) {
    const { currentDate, patientId, requirePatientBinding, requestContext, ...rest } = plainObject(o, 'options');
    const unknown = Object.keys(rest);
    if (unknown.length) throw optionError(`unknown option ${JSON.stringify(unknown[0])} (allowed per request: currentDate, patientId, requirePatientBinding, requestContext)`);
    if (patientId !== undefined && typeof patientId !== 'string') throw optionError('patientId must be a string');
    if (requirePatientBinding !== undefined && typeof requirePatientBinding !== 'boolean') throw optionError('requirePatientBinding must be a boolean');
    if (requirePatientBinding && patientId === undefined) throw optionError('requirePatientBinding needs patientId');
    return { nowMs: dateMs(currentDate), patientId, requirePatientBinding: requirePatientBinding === true, requestContext };
  }

  // Errors of the I/O done here (the authorization server is unreachable or
  // answers badly): a server-side fault, 503, no challenge.
  function upstreamError(message, code, cause) {
    return new TokenCheckError(message, code, { reason: 'upstream', status: 503, cause });
  }

  async function fetchWithTimeout(fetchImpl, url, timeoutMs, init) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchImpl(url, { ...init, redirect: 'error', signal: controller.signal });
      const body = res.status === 200 ? await res.text() : undefined;
      return { status: res.status, body };
    } catch (e) {
      if (controller.signal.aborted) return { timedOut: true, error: e };
      return { error: e };
    } finally {
      clearTimeout(timer);
    }
  }

  function fetchFunction(f) {
    const impl = f === undefined ? globalThis.fetch : f;
    if (typeof impl !== 'function') throw optionError('no fetch function available: pass options.fetch');
    return f === undefined ? impl.bind(globalThis) : impl;
  }

  function milliseconds(v, dflt, name, allowZero) {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
      throw optionError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds`);
    }
    return v;
  }

  /**
   * A JWKS fetched from `url` and cached. Keys are validated by the core
   * (JWKSet); this class only fetches.
   *
   * - fetched once, then reused for `cacheMaxAgeMs` (default 10 min);
   * - a token whose `kid` is unknown refetches at most once per `cooldownMs`
   *   (default 30 s, counted from the start of the previous fetch, for all
   *   callers together);
   * - concurrent callers that need a fetch share one request — except in
   *   Cloudflare workerd, where a promise created by one request must never be
   *   awaited by another (the runtime refuses cross-request I/O and such a
   *   wait can hang): there, only calls passing the same `requestContext`
   *   object (e.g. the Request) share a fetch; other requests share only the
   *   settled key set (plain data, safe across requests);
   * - `exportCache()` / `options.cache` carry the fetched set across cold
   *   starts (KV, a file); the keys are validated again on import.
   */
  class RemoteJWKSet {
    #url;
    #fetch;
    #timeoutMs;
    #cooldownMs;
    #cacheMaxAgeMs;
    #headers;
    #share;
    #loopback;
    #keys = null;
    #jwks = null;
    #fetchedAt = 0;
    #lastFetchStart = -Infinity;
    #shared = undefined; // the in-flight fetch shared by all callers (not in workerd)
    #byContext = new WeakMap(); // requestContext -> in-flight fetch
    #fetches = 0;

    constructor(url, options) {
      const o = plainObject(options, 'options');
      const { fetch: f, timeoutMs, cooldownMs, cacheMaxAgeMs, headers, cache, shareInflightFetches, allowInsecureLoopbackForTests, ...rest } = o;
      const unknown = Object.keys(rest);
      if (unknown.length) throw optionError(`unknown option ${JSON.stringify(unknown[0])} (allowed: fetch, timeoutMs, cooldownMs, cacheMaxAgeMs, headers, cache, shareInflightFetches, allowInsecureLoopbackForTests)`);
      this.#loopback = allowInsecureLoopbackForTests === true;
      const u = url instanceof URL ? url.href : url;
      if (typeof u !== 'string') throw optionError('url must be a string or URL');
      try {
        raw.iuaCheckEndpointUrl(u, JSON.stringify({ allowInsecureLoopbackForTests: this.#loopback }));
      } catch (e) {
        throw convert(e);
      }
      this.#url = u;
      this.#fetch = fetchFunction(f);
      this.#timeoutMs = milliseconds(timeoutMs, 5000, 'timeoutMs', false);
      this.#cooldownMs = milliseconds(cooldownMs, 30000, 'cooldownMs', true);
      this.#cacheMaxAgeMs = milliseconds(cacheMaxAgeMs, 600000, 'cacheMaxAgeMs', false);
      this.#headers = headers === undefined ? {} : plainObject(headers, 'headers');
      if (shareInflightFetches !== undefined && typeof shareInflightFetches !== 'boolean') throw optionError('shareInflightFetches must be a boolean');
      const workerd = typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers';
      this.#share = shareInflightFetches === undefined ? !workerd : shareInflightFetches;
      if (cache !== undefined) this.importCache(cache);
    }

    /** The JWKS URL. */
    get url() {
      return this.#url;
    }

    /** Fetch attempts made so far (for monitoring and tests). */
    get fetchCount() {
      return this.#fetches;
    }

    /** Whether a key set younger than cacheMaxAgeMs is held. */
    get fresh() {
      return this.#keys !== null && Date.now() - this.#fetchedAt < this.#cacheMaxAgeMs;
    }

    /** Plain data to persist and pass back as `options.cache` (undefined before the first fetch). */
    exportCache() {
      if (this.#keys === null) return undefined;
      return { url: this.#url, fetchedAt: this.#fetchedAt, jwks: JSON.parse(JSON.stringify(this.#jwks)) };
    }

    /** Load what exportCache() returned; the keys are validated again. */
    importCache(data) {
      if (data === null || typeof data !== 'object' || data.url !== this.#url) throw optionError('cache is malformed or was exported for another URL');
      const fetchedAt = data.fetchedAt;
      if (typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt) || fetchedAt > Date.now() + 60000) throw optionError('cache.fetchedAt is not a valid time');
      const keys = new JWKSet(data.jwks);
      this.#keys = keys;
      this.#jwks = typeof data.jwks === 'string' ? JSON.parse(data.jwks) : JSON.parse(JSON.stringify(data.jwks));
      this.#fetchedAt = fetchedAt;
    }

    /** The key set: the cached one while fresh, fetched otherwise. */
    async getKeySet(requestContext) {
      if (this.fresh) return this.#keys;
      return this.#load(requestContext);
    }

    /** Fetch now, ignoring the cache age and the cooldown. */
    async reload(requestContext) {
      return this.#load(requestContext);
    }

    /**
     * `fn(keySet)`; when it fails with ERR_JWKS_NO_MATCHING_KEY (a `kid` not
     * in the set: key rotation), use a newer set if one arrived meanwhile,
     * else join a fetch this caller may share, else refetch once if the
     * cooldown allows — then run `fn` again.
     */
    async run(fn, requestContext) {
      const keys = await this.getKeySet(requestContext);
      try {
        return fn(keys);
      } catch (e) {
        if (!(e && e.code === 'ERR_JWKS_NO_MATCHING_KEY')) throw e;
        if (this.#keys !== null && this.#keys !== keys) return fn(this.#keys);
        const pending = this.#pending(requestContext);
        if (pending) return fn(await pending);
        if (Date.now() - this.#lastFetchStart < this.#cooldownMs) throw e;
      }
      return fn(await this.#load(requestContext));
    }

    #pending(requestContext) {
      if (isContext(requestContext)) return this.#byContext.get(requestContext);
      return this.#share ? this.#shared : undefined;
    }

    #load(requestContext) {
      const existing = this.#pending(requestContext);
      if (existing) return existing;
      const p = this.#fetchOnce();
      // Record the promise only where it may be shared; forget it once settled.
      if (isContext(requestContext)) {
        this.#byContext.set(requestContext, p);
        p.then(() => this.#byContext.delete(requestContext), () => this.#byContext.delete(requestContext));
      } else if (this.#share) {
        this.#shared = p;
        const clear = () => {
          if (this.#shared === p) this.#shared = undefined;
        };
        p.then(clear, clear);
      }
      return p;
    }

    async #fetchOnce() {
      this.#lastFetchStart = Date.now();
      this.#fetches += 1;
      const r = await fetchWithTimeout(this.#fetch, this.#url, this.#timeoutMs, {
        method: 'GET',
        headers: { accept: 'application/jwk-set+json, application/json', ...this.#headers },
      });
      if (r.timedOut) throw upstreamError(`JWKS fetch timed out after ${this.#timeoutMs} ms`, 'ERR_JWKS_TIMEOUT', r.error);
      if (r.error) throw upstreamError('JWKS fetch failed: ' + String((r.error && r.error.message) || r.error), 'ERR_JWKS_FETCH_FAILED', r.error);
      if (r.status !== 200) throw upstreamError(`JWKS fetch failed: HTTP ${r.status}`, 'ERR_JWKS_FETCH_FAILED');
      let keys;
      try {
        keys = new JWKSet(r.body); // strict parse + every key validated by the core
      } catch (e) {
        throw new TokenCheckError(e.message, e.code, { reason: e.reason, status: 503, cause: e });
      }
      this.#keys = keys;
      this.#jwks = JSON.parse(r.body);
      this.#fetchedAt = Date.now();
      return keys;
    }
  }
  const isRemote = (k) => k instanceof RemoteJWKSet;
  const isContext = (c) => (typeof c === 'object' && c !== null) || typeof c === 'function';

  /** A remote JWK Set (see RemoteJWKSet). */
  function createRemoteJWKSet(url, options) {
    return new RemoteJWKSet(url, options);
  }

  /**
   * An IUA resource-server verifier built once (options as verifyIuaToken,
   * without the per-request ones). `check(result)` runs last on a token that
   * passed every rule: return `false` or `{ error: 'invalid_token' |
   * 'insufficient_scope', description }` to refuse it.
   */
  class IuaVerifier {
    #raw;
    #check;
    // the JS side of the verified-token cache (undefined without one)
    #mirror;
    constructor(options) {
      const { check, cache, ...config } = plainObject(options, 'options');
      if (check !== undefined && typeof check !== 'function') throw optionError('check must be a function');
      try {
        const [maxEntries, maxBytes] = cacheLimits(cache);
        this.#raw = new raw.RawIuaVerifier(optionsText(config, 'options'), maxEntries, maxBytes);
        if (maxEntries > 0) this.#mirror = new CacheMirror(maxEntries, maxBytes);
      } catch (e) {
        throw convert(e);
      }
      this.#check = check;
    }

    /** Tokens in the cache (0 without one). */
    get cacheSize() {
      return this.#raw.size;
    }

    /** Empty the cache. */
    clearCache() {
      this.#raw.clear();
      if (this.#mirror) this.#mirror.clear();
    }

    #refuseByCheck(result) {
      if (this.#check === undefined) return;
      const verdict = this.#check(result);
      if (verdict === undefined || verdict === true) return;
      const r = verdict === false ? { error: 'invalid_token' } : verdict;
      if (r === null || typeof r !== 'object' || typeof r.error !== 'string' || (r.description !== undefined && typeof r.description !== 'string')) {
        throw optionError("check() must return undefined, true, false or { error: 'invalid_token' | 'insufficient_scope', description? }");
      }
      let err;
      try {
        err = this.#raw.reject(r.error, r.description === undefined ? 'The access token is not accepted' : r.description);
      } catch (e) {
        throw convert(e);
      }
      throw convert(err);
    }

    /** Verify synchronously with local keys (a JWKSet or a JWKS). */
    verifySync(input, keys, options) {
      const req = requestOptions(options);
      if (isRemote(keys)) throw optionError('a RemoteJWKSet needs verify() (asynchronous)');
      const text = iuaInput(input);
      let json;
      try {
        // In Node, with a JWKSet: the signature by node:crypto (see
        // "node:crypto in Node"); else in wasm, at once. Everything else in
        // the core.
        const c = isKeySet(keys) ? nodeCrypto() : null;
        json = withKeys(keys, (k) => {
          const r = this.#begin(text, k, req, c ? NODE_HOST_CHECKS : 0);
          return isAnswer(r) ? r : c ? finishPendingSync(c, r, k) : r.verifyHere(k);
        });
      } catch (e) {
        throw convert(e);
      }
      return this.#answer(text, json);
    }

    // The core's first step: an answer (see #answer), or a RawPending for
    // the signature (the `flags` say which algorithms go to the host). With
    // a cache, the code of the entry this very input was answered with
    // before goes along: while that entry is stored for these keys, the
    // core decides from it (claims and request checked now; no parse, no
    // signature) and answers the code again; else it verifies in full.
    #begin(text, k, req, flags) {
      const m = this.#mirror;
      const code = m === undefined ? undefined : m.code(text);
      const r = this.#raw.begin(tokenArg(text), k, req.nowMs, req.patientId, req.requirePatientBinding, flags, code === undefined ? -1 : code);
      if (code !== undefined && r !== code) m.forget(text);
      return r;
    }

    // The typed result, then the caller's check (on every call, cached or
    // not). The core answers with the result's JSON text; with a cache, with
    // the code of the entry it accepted again (a number), or `[code, text]`
    // for a token it verified now (code -1: not stored).
    #answer(input, r) {
      let result;
      try {
        if (typeof r === 'string') result = JSON.parse(r);
        else if (typeof r === 'number') {
          result = this.#mirror.result(r);
          // every stored entry's result is kept when the core answers it
          if (result === undefined) throw new TokenCheckError('internal error: cache entry vanished', 'ERR_TOKENCHECK_INTERNAL');
        } else {
          result = this.#mirror.keep(r[0], JSON.parse(r[1]));
          this.#mirror.remember(input, r[0]);
        }
      } catch (e) {
        throw convert(e);
      }
      this.#refuseByCheck(result);
      return result;
    }

    /** Verify; `keys` may also be a RemoteJWKSet (fetched as needed). */
    async verify(input, keys, options) {
      if (isRemote(keys)) {
        const req = plainObject(options, 'options');
        return keys.run((set) => this.#verifyLocal(input, set, options), req.requestContext);
      }
      return this.#verifyLocal(input, keys, options);
    }

    // verify() with local keys: with a JWKSet, where verifySync checks the
    // signature in wasm (no node:crypto: browsers, workerd), the host's
    // WebCrypto checks it, as for jwtVerify (see "the async path"). What the
    // core refuses before the signature is thrown here, synchronously (so
    // RemoteJWKSet.run sees an unknown kid); later refusals reject.
    #verifyLocal(input, keys, options) {
      if (!isKeySet(keys) || nodeCrypto() || hostSubtle() === undefined) return this.verifySync(input, keys, options);
      const req = requestOptions(options);
      const text = iuaInput(input);
      const k = handleOf(keys);
      let r;
      try {
        r = this.#begin(text, k, req, HOST_CHECKS);
      } catch (e) {
        throw convert(e);
      }
      if (isAnswer(r)) return this.#answer(text, r);
      return finishPending(r, k).then((json) => this.#answer(text, json), (e) => {
        throw convert(e);
      });
    }

    /**
     * ITI-102: validate an introspection response (`body`: the response text,
     * bytes, or the parsed object). Resolves to `{ result, cacheTtl }`
     * (seconds; bounded by `exp` and `maxCacheTtl`, default 300).
     */
    verifyIntrospectionResponse(body, options) {
      const { maxCacheTtl, ...rest } = plainObject(options, 'options');
      const req = requestOptions(rest);
      const max = maxCacheTtl === undefined ? 300 : maxCacheTtl;
      if (typeof max !== 'number' || !Number.isFinite(max) || max < 0) throw optionError('maxCacheTtl must be a non-negative number of seconds');
      let text;
      if (typeof body === 'string') text = body;
      else if (body instanceof Uint8Array) text = new TextDecoder('utf-8', { fatal: false }).decode(body);
      else if (body !== null && typeof body === 'object') text = JSON.stringify(body);
      else throw optionError('body must be the response text, bytes or object');
      let r;
      try {
        r = JSON.parse(this.#raw.verifyIntrospection(text, req.nowMs, req.patientId, req.requirePatientBinding, Math.floor(max)));
      } catch (e) {
        throw convert(e);
      }
      this.#refuseByCheck(r.result);
      return r;
    }

    /** `{ status, wwwAuthenticate }` for a request without any credentials (RFC 6750 §3.1). */
    challengeWithoutCredentials() {
      const [status, wwwAuthenticate] = this.#raw.challengeWithoutCredentials();
      return { status, wwwAuthenticate };
    }
  }

  // An answer of RawIuaVerifier.begin rather than a RawPending.
  function isAnswer(r) {
    return typeof r !== 'object' || Array.isArray(r);
  }

  // verifyIuaToken's input: a token or an `Authorization` value; none is ''
  function iuaInput(input) {
    const text = input === undefined || input === null ? '' : input;
    if (typeof text !== 'string') throw optionError('input must be a string (a token or an Authorization header value)');
    return text;
  }

  function createIuaVerifier(options) {
    return new IuaVerifier(options);
  }

  const PER_REQUEST = ['currentDate', 'patientId', 'requirePatientBinding', 'requestContext'];
  function splitOptions(options) {
    const o = plainObject(options, 'options');
    // a verifier made for one call would keep its cache for nothing
    if (o.cache !== undefined) throw optionError('cache needs a verifier built once: createIuaVerifier({ ..., cache })');
    const config = {};
    const request = {};
    for (const [k, v] of Object.entries(o)) (PER_REQUEST.includes(k) ? request : config)[k] = v;
    return { config, request };
  }

  /**
   * IUA access-token verification (ITI-72): `input` is a token or a whole
   * `Authorization` value (null/undefined = no credentials). Resolves to the
   * typed result; rejects with a TokenCheckError carrying `status` and
   * `wwwAuthenticate`. Build a verifier once with createIuaVerifier for hot paths.
   */
  async function verifyIuaToken(input, keys, options) {
    const { config, request } = splitOptions(options);
    return new IuaVerifier(config).verify(input, keys, request);
  }

  /** verifyIuaToken, synchronously, with local keys. */
  function verifyIuaTokenSync(input, keys, options) {
    const { config, request } = splitOptions(options);
    return new IuaVerifier(config).verifySync(input, keys, request);
  }

  /** ITI-102 response validation with verifyIuaToken's options (+ maxCacheTtl). */
  function verifyIntrospectionResponse(body, options) {
    const { config, request } = splitOptions(options);
    const { maxCacheTtl, ...cfg } = config;
    return new IuaVerifier(cfg).verifyIntrospectionResponse(body, { ...request, maxCacheTtl });
  }

  /** RFC 6750 §2.1: `{ scheme: 'Bearer' | 'IHE-JWT' | 'IHE-SAML' | '', token }` (scheme '' = a bare token). */
  function parseAuthorizationHeader(value) {
    if (typeof value !== 'string' && value !== undefined && value !== null) throw optionError('the header value must be a string');
    try {
      return JSON.parse(raw.iuaParseAuthorization(value === undefined || value === null ? '' : value));
    } catch (e) {
      throw convert(e);
    }
  }

  /**
   * ATNA UserName `alias<user@issuer>` (IUA 2013 §3.72.5.1.1): alias = the
   * `aud` entry that named this resource server (`result.matchedAudience`),
   * user = `sub`, issuer = `iss`.
   */
  function atnaUserName(result) {
    const r = plainObject(result, 'result');
    for (const k of ['matchedAudience', 'subject', 'issuer']) {
      if (typeof r[k] !== 'string') throw optionError(`result.${k} must be a string (pass a verifyIuaToken result)`);
    }
    return raw.iuaAtnaUserName(r.matchedAudience, r.subject, r.issuer);
  }

  function metadataOptionsText(o) {
    return JSON.stringify({
      requireJwksUri: o.requireJwksUri === true,
      requireIntrospection: o.requireIntrospection === true,
      allowInsecureLoopbackForTests: o.allowInsecureLoopbackForTests === true,
    });
  }

  /**
   * RFC 8414 / ITI-103: validate a metadata document for `expectedIssuer`.
   * Returns the document (with `issuer`, `token_endpoint`, `jwks_uri`, ...).
   * Options: requireJwksUri, requireIntrospection, allowInsecureLoopbackForTests (TEST ONLY).
   */
  function validateAuthorizationServerMetadata(document, expectedIssuer, options) {
    const o = plainObject(options, 'options');
    if (typeof expectedIssuer !== 'string') throw optionError('expectedIssuer must be a string');
    try {
      const text = typeof document === 'string' ? document : JSON.stringify(document);
      // option names and values are checked by the core
      return JSON.parse(raw.iuaValidateMetadata(text === undefined ? '' : text, expectedIssuer, optionsText(o, 'options')));
    } catch (e) {
      throw convert(e);
    }
  }

  /**
   * Fetch and validate the AS metadata (RFC 8414 location first, then OpenID
   * Connect Discovery), then its JWKS. Resolves to `{ metadata, jwks }` where
   * `jwks` is a RemoteJWKSet already loaded.
   */
  async function discover(issuer, options) {
    const o = plainObject(options, 'options');
    const { fetch: f, timeoutMs, cooldownMs, cacheMaxAgeMs, requireIntrospection, allowInsecureLoopbackForTests, requestContext, shareInflightFetches, ...rest } = o;
    const unknown = Object.keys(rest);
    if (unknown.length) throw optionError(`unknown option ${JSON.stringify(unknown[0])} (allowed: fetch, timeoutMs, cooldownMs, cacheMaxAgeMs, requireIntrospection, allowInsecureLoopbackForTests, requestContext, shareInflightFetches)`);
    const fetchImpl = fetchFunction(f);
    const timeout = milliseconds(timeoutMs, 5000, 'timeoutMs', false);
    const metaOpts = metadataOptionsText({ requireJwksUri: true, requireIntrospection, allowInsecureLoopbackForTests });
    let urls;
    try {
      urls = raw.iuaMetadataUrls(issuer, metaOpts);
    } catch (e) {
      throw convert(e);
    }
    for (const url of urls) {
      const r = await fetchWithTimeout(fetchImpl, url, timeout, { method: 'GET', headers: { accept: 'application/json' } });
      if (r.timedOut) throw upstreamError(`metadata fetch timed out after ${timeout} ms`, 'ERR_IUA_METADATA_FETCH_FAILED', r.error);
      if (r.error) throw upstreamError('metadata fetch failed: ' + String((r.error && r.error.message) || r.error), 'ERR_IUA_METADATA_FETCH_FAILED', r.error);
      if (r.status === 404) continue; // not published at this location: try the next
      if (r.status !== 200) throw upstreamError(`metadata fetch failed: HTTP ${r.status}`, 'ERR_IUA_METADATA_FETCH_FAILED');
      let metadata;
      try {
        metadata = JSON.parse(raw.iuaValidateMetadata(r.body, issuer, metaOpts));
      } catch (e) {
        throw convert(e);
      }
      const jwks = new RemoteJWKSet(metadata.jwks_uri, { fetch: fetchImpl, timeoutMs: timeout, cooldownMs, cacheMaxAgeMs, shareInflightFetches, allowInsecureLoopbackForTests });
      await jwks.getKeySet(requestContext);
      return { metadata, jwks };
    }
    throw upstreamError(`no metadata document at ${urls.join(' or ')}`, 'ERR_IUA_METADATA_FETCH_FAILED');
  }

  /** RFC 7662 §2.1 body: `token=...` (form-encoded), optional `token_type_hint`. */
  function introspectionRequestBody(token, tokenTypeHint) {
    if (typeof token !== 'string') throw optionError('token must be a string');
    if (tokenTypeHint !== undefined && typeof tokenTypeHint !== 'string') throw optionError('tokenTypeHint must be a string');
    try {
      return raw.iuaIntrospectionRequestBody(token, tokenTypeHint);
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
    verifyIuaToken,
    verifyIuaTokenSync,
    createIuaVerifier,
    IuaVerifier,
    parseAuthorizationHeader,
    atnaUserName,
    validateAuthorizationServerMetadata,
    discover,
    introspectionRequestBody,
    verifyIntrospectionResponse,
    createRemoteJWKSet,
    RemoteJWKSet,
    ...createOauthApi(raw, convert),
    ...createReportApi(raw, convert, withKeys),
    createVerifier,
    JWTVerifier,
  };
});

export { createApi };
