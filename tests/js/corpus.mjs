// The differential corpus: tokens over every algorithm, each verified by
// tokencheck and by jose (the oracle) with the same keys and options.
//
// Deterministic per run: fixed keys (fixtures/keys.json), a fixed instant
// (NOW) passed as `currentDate`, fixed claims. (ECDSA/RSA-PSS signatures made
// by WebCrypto are randomised, so token bytes vary; verdicts do not.)
//
// Used by differential.test.mjs (Node) and by tests/workerd/make-corpus.mjs,
// which records jose's verdicts for the run inside workerd.
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { runtimeOptions, pick } from './compare.mjs';

export { CODE_NOTES, runtimeOptions, tokencheckVerdict, disagreement } from './compare.mjs';

export const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export const NOW = 1_750_000_000; // seconds; every case verifies "at" this instant
export const ISS = 'https://issuer.example';
export const AUD = 'api://default';

export const PRIVATE = JSON.parse(readFileSync(new URL('./fixtures/keys.json', import.meta.url), 'utf8'));

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
export function publicJwk(jwk) {
  const out = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete out[m];
  return out;
}

// Key sets by name. `main`: key 1 of every asymmetric algorithm (kid
// "<alg>-1", with alg); `hmac`: key 1 of every HS* algorithm (tokencheck
// refuses sets mixing secret and public keys).
export function keySets() {
  const sets = {
    main: { keys: ALGS.filter((a) => !a.startsWith('HS')).map((a) => publicJwk(PRIVATE[a][0])) },
    hmac: { keys: ALGS.filter((a) => a.startsWith('HS')).map((a) => publicJwk(PRIVATE[a][0])) },
  };
  for (const a of ALGS) {
    sets[`single:${a}`] = { keys: [publicJwk(PRIVATE[a][0])] };
    sets[`pair:${a}`] = { keys: PRIVATE[a].map(publicJwk) };
  }
  return sets;
}

const enc = new TextEncoder();
const b64 = (bytes) => jose.base64url.encode(bytes);
const b64json = (v) => b64(enc.encode(typeof v === 'string' ? v : JSON.stringify(v)));
const family = (a) => (a.startsWith('HS') ? 'HS' : a.startsWith('RS') || a.startsWith('PS') ? 'RSA' : a);

const imported = new Map();
async function privateKey(alg, n) {
  const id = `${alg}-${n}`;
  if (!imported.has(id)) imported.set(id, await jose.importJWK(PRIVATE[alg][n - 1], alg));
  return imported.get(id);
}

/** Sign exactly these header and payload bytes (payload: object or raw string). */
export async function sign(alg, keyN, header, payload, signAlg = alg) {
  const bytes = enc.encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new jose.CompactSign(bytes).setProtectedHeader(header).sign(await privateKey(signAlg, keyN));
}

function flipChar(s, i) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const c = s[i];
  const r = alphabet[(alphabet.indexOf(c) + 17) % 64];
  return s.slice(0, i) + r + s.slice(i + 1);
}

function baseClaims(extra = {}) {
  return { iss: ISS, aud: AUD, sub: 'user-1', iat: NOW - 60, nbf: NOW - 60, exp: NOW + 600, jti: 'jti-1', ...extra };
}

/**
 * Every case: { id, alg, token, set, options, allow? }.
 * `options` is plain JSON; `currentDate` is in seconds and becomes a Date
 * when the case runs. `allow` names an expected code difference (CODE_NOTES).
 */
export async function buildCorpus() {
  const cases = [];
  for (const alg of ALGS) {
    const kid = `${alg}-1`;
    const h = (extra = {}) => ({ alg, kid, typ: 'JWT', ...extra });
    const opts = (extra = {}) => ({ algorithms: [alg], issuer: ISS, audience: AUD, currentDate: NOW, ...extra });
    const home = alg.startsWith('HS') ? 'hmac' : 'main';
    const add = (id, token, options = opts(), set = home, allow) => cases.push({ id: `${alg}/${id}`, alg, token, set, options, ...(allow ? { allow } : {}) });
    const good = await sign(alg, 1, h(), baseClaims());
    const [gh, gp, gs] = good.split('.');
    const other = ALGS.find((a) => family(a) === family(alg) && a !== alg) ?? (alg === 'EdDSA' ? 'ES256' : 'EdDSA');

    // ---- valid ----
    add('valid', good);
    add('valid-no-typ', await sign(alg, 1, { alg, kid }, baseClaims()));
    add('valid-aud-array', await sign(alg, 1, h(), baseClaims({ aud: ['other', AUD] })));
    add('valid-typ-at+jwt', await sign(alg, 1, h({ typ: 'at+jwt' }), baseClaims()), opts({ typ: 'at+jwt' }));
    add('valid-typ-normalised', await sign(alg, 1, h({ typ: 'application/AT+JWT' }), baseClaims()), opts({ typ: 'at+jwt' }));
    add('valid-subject', good, opts({ subject: 'user-1' }));
    add('valid-max-age', good, opts({ maxTokenAge: '10m' }));
    add('valid-max-age-number', good, opts({ maxTokenAge: 300 }));
    add('valid-exp-within-tolerance', await sign(alg, 1, h(), baseClaims({ exp: NOW - 30 })), opts({ clockTolerance: 120 }));
    add('valid-nbf-within-tolerance', await sign(alg, 1, h(), baseClaims({ nbf: NOW + 60 })), opts({ clockTolerance: '2m' }));
    add('valid-required-claims', good, opts({ requiredClaims: ['jti', 'sub'] }));
    add('valid-rich-claims', await sign(alg, 1, h(), baseClaims({ scope: 'read write', roles: ['a', 'b'], ctx: { n: 1.5, ok: true, none: null, deep: [{ x: [1, 2, 3] }] }, name: 'Zoë 😀 \u2028' })));
    add('valid-issuer-list', good, opts({ issuer: ['https://other.example', ISS] }));
    add('valid-audience-list', good, opts({ audience: ['x', AUD] }));
    add('valid-no-time-claims', await sign(alg, 1, h(), { iss: ISS, aud: AUD }));
    add('valid-exp-next-second', await sign(alg, 1, h(), baseClaims({ exp: NOW + 1 })));
    add('valid-nbf-now', await sign(alg, 1, h(), baseClaims({ nbf: NOW })));
    add('valid-allow-list-of-two', good, opts({ algorithms: [other, alg] }));
    add('valid-no-expectations', good, { algorithms: [alg], currentDate: NOW });
    add('valid-iat-future-without-max-age', await sign(alg, 1, h(), baseClaims({ iat: NOW + 3600 })));
    add('valid-no-kid', await sign(alg, 1, { alg }, baseClaims()), opts(), `single:${alg}`);

    // ---- tampered ----
    const h2 = b64json({ ...JSON.parse(new TextDecoder().decode(jose.base64url.decode(gh))), x: 'y' });
    add('tampered-header-member', `${h2}.${gp}.${gs}`);
    add('tampered-header-typ', `${b64json({ alg, kid, typ: 'at+jwt' })}.${gp}.${gs}`);
    add('tampered-header-not-json', `${b64json(`{"alg":"${alg}",`)}.${gp}.${gs}`);
    add('tampered-header-not-base64url', `${gh}*.${gp}.${gs}`);
    add('tampered-header-alg-sibling', `${b64json({ alg: other, kid, typ: 'JWT' })}.${gp}.${gs}`, opts({ algorithms: [alg, other] }), home, 'kid-alg-binding');
    add('tampered-payload-sub', `${gh}.${b64json(baseClaims({ sub: 'admin' }))}.${gs}`);
    add('tampered-payload-exp', `${gh}.${b64json(baseClaims({ exp: NOW + 99999 }))}.${gs}`);
    add('tampered-payload-not-json', `${gh}.${b64json('not json')}.${gs}`);
    add('tampered-signature-first', `${gh}.${gp}.${flipChar(gs, 0)}`);
    add('tampered-signature-middle', `${gh}.${gp}.${flipChar(gs, gs.length >> 1)}`);
    add('tampered-signature-truncated', `${gh}.${gp}.${b64(jose.base64url.decode(gs).slice(0, -3))}`);
    add('tampered-signature-extended', `${gh}.${gp}.${b64(new Uint8Array([...jose.base64url.decode(gs), 0]))}`);
    add('tampered-signature-empty', `${gh}.${gp}.`);
    add('tampered-signature-zero', `${gh}.${gp}.${b64(new Uint8Array(jose.base64url.decode(gs).length))}`);
    add('tampered-signature-swapped', `${gh}.${gp}.${(await sign(alg, 1, h(), baseClaims({ sub: 'other' }))).split('.')[2]}`);
    add('tampered-four-parts', `${good}.${gs}`);
    add('tampered-two-parts', `${gh}.${gp}`);

    // ---- time ----
    add('expired-now', await sign(alg, 1, h(), baseClaims({ exp: NOW })));
    add('expired-hour', await sign(alg, 1, h(), baseClaims({ exp: NOW - 3600 })));
    add('expired-beyond-tolerance', await sign(alg, 1, h(), baseClaims({ exp: NOW - 300 })), opts({ clockTolerance: '1m' }));
    add('not-yet-valid', await sign(alg, 1, h(), baseClaims({ nbf: NOW + 60 })));
    add('not-yet-valid-next-second', await sign(alg, 1, h(), baseClaims({ nbf: NOW + 1 })));
    add('too-old-for-max-age', await sign(alg, 1, h(), baseClaims({ iat: NOW - 3600 })), opts({ maxTokenAge: 600 }));
    add('iat-future-with-max-age', await sign(alg, 1, h(), baseClaims({ iat: NOW + 600 })), opts({ maxTokenAge: 600 }));
    add('iat-missing-with-max-age', await sign(alg, 1, h(), { iss: ISS, aud: AUD, exp: NOW + 60 }), opts({ maxTokenAge: 600 }));
    add('exp-not-a-number', await sign(alg, 1, h(), baseClaims({ exp: String(NOW + 600) })));
    add('nbf-not-a-number', await sign(alg, 1, h(), baseClaims({ nbf: true })));

    // ---- claims and typ ----
    add('wrong-iss', await sign(alg, 1, h(), baseClaims({ iss: 'https://evil.example' })));
    add('missing-iss', await sign(alg, 1, h(), baseClaims({ iss: undefined })));
    add('wrong-aud', await sign(alg, 1, h(), baseClaims({ aud: 'api://other' })));
    add('wrong-aud-array', await sign(alg, 1, h(), baseClaims({ aud: ['a', 'b'] })));
    add('missing-aud', await sign(alg, 1, h(), baseClaims({ aud: undefined })));
    add('wrong-sub', good, opts({ subject: 'user-2' }));
    add('wrong-typ', good, opts({ typ: 'at+jwt' }));
    add('missing-typ', await sign(alg, 1, { alg, kid }, baseClaims()), opts({ typ: 'at+jwt' }));
    add('missing-required-claim', good, opts({ requiredClaims: ['nonce'] }));
    add('payload-array', await sign(alg, 1, h(), '[1,2,3]'));
    add('payload-not-json', await sign(alg, 1, h(), 'hello'));

    // ---- keys and algorithms ----
    add('wrong-key', await sign(alg, 2, h(), baseClaims()));
    add('unknown-kid', await sign(alg, 1, h({ kid: 'nope' }), baseClaims()));
    add('kid-not-in-set', await sign(alg, 2, h({ kid: `${alg}-2` }), baseClaims()));
    add('alg-not-allowed', good, opts({ algorithms: [other] }));
    add('alg-none', `${b64json({ alg: 'none', kid })}.${gp}.`, opts({ algorithms: [alg] }));
    add('alg-unknown', `${b64json({ alg: 'ES256K', kid })}.${gp}.${gs}`, opts(), home, 'unknown-alg');
    add('no-kid-two-candidates', await sign(alg, 1, { alg }, baseClaims()), opts(), `pair:${alg}`);
    add('no-kid-wrong-key', await sign(alg, 2, { alg }, baseClaims()), opts(), `single:${alg}`);
    if (alg.startsWith('HS')) {
      // the HMAC secret of one algorithm, named by kid, used for another
      const hsOther = ALGS.find((a) => a.startsWith('HS') && a !== alg);
      add('kid-of-other-hmac-alg', await sign(alg, 1, h({ alg: hsOther, kid }), baseClaims(), hsOther), opts({ algorithms: [alg, hsOther] }), home, 'kid-alg-binding');
    } else {
      // key confusion: HS256 keyed with the public key, kid of the public key
      const pub = publicJwk(PRIVATE[alg][0]);
      const secret = enc.encode(JSON.stringify(pub));
      const forged = await new jose.CompactSign(enc.encode(JSON.stringify(baseClaims()))).setProtectedHeader({ alg: 'HS256', kid }).sign(secret);
      add('key-confusion-hs256', forged, opts({ algorithms: [alg, 'HS256'] }), home, 'kid-alg-binding');
    }
  }
  return cases;
}

/** A jose key resolver for a key set. */
export function joseResolver(set) {
  const asymmetric = set.keys.filter((k) => k.kty !== 'oct');
  const local = asymmetric.length ? jose.createLocalJWKSet({ keys: asymmetric }) : null;
  const oct = set.keys.filter((k) => k.kty === 'oct');
  return async (header, token) => {
    if (typeof header.alg === 'string' && header.alg.startsWith('HS')) {
      // jose's local JWK Set refuses symmetric keys ("Unsupported alg value for
      // a JSON Web Key Set"); the same selection rules (kid, kty, alg) by hand.
      const c = oct.filter((k) => (header.kid === undefined || k.kid === header.kid) && (k.alg === undefined || k.alg === header.alg));
      if (c.length === 0) throw new jose.errors.JWKSNoMatchingKey();
      if (c.length > 1) throw new jose.errors.JWKSMultipleMatchingKeys();
      return jose.importJWK(c[0], header.alg);
    }
    if (!local) throw new jose.errors.JWKSNoMatchingKey();
    return local(header, token);
  };
}

/** jose's verdict on a case. */
export async function joseVerdict(c, resolvers) {
  try {
    const r = await jose.jwtVerify(c.token, resolvers[c.set], runtimeOptions(c.options));
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    return pick(e);
  }
}


// ---- Ed25519 signatures on the edge of strictness -------------------------
// What a plain cofactorless RFC 8032 verifier (BoringSSL's, OpenSSL's) may
// accept and `verify_strict` refuses, plus malformed S and R. tokencheck
// refuses all of them; on the async path with `webCryptoEd25519` (workerd) the
// core refuses them before the host sees them (tests/workerd/async.js).
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;
const leToBig = (bytes) => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
const bigToLe32 = (n) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

export async function ed25519EdgeCases() {
  const { createHash } = await import('node:crypto');
  const sha512 = (...parts) => new Uint8Array(createHash('sha512').update(Buffer.concat(parts.map((p) => Buffer.from(p)))).digest());
  const jwk = PRIVATE.EdDSA[0];
  const seed = jose.base64url.decode(jwk.d);
  const A = jose.base64url.decode(jwk.x);
  const h = sha512(seed).slice(0, 32);
  h[0] &= 248;
  h[31] &= 127;
  h[31] |= 64;
  const a = leToBig(h);
  const header = b64json({ alg: 'EdDSA', kid: 'EdDSA-1', typ: 'JWT' });
  const payload = b64json(baseClaims());
  const input = enc.encode(`${header}.${payload}`);
  const token = (sig) => `${header}.${payload}.${b64(sig)}`;
  const cases = [];
  // R = the identity (order 1): [S]B = R + [k]A holds with S = k·a, so a
  // verifier without the small-order check accepts it; verify_strict does not
  const identity = new Uint8Array(32);
  identity[0] = 1;
  const k = leToBig(sha512(identity, A, input)) % ED25519_L;
  cases.push({ id: 'EdDSA/identity-R', token: token(new Uint8Array([...identity, ...bigToLe32((k * a) % ED25519_L)])) });
  // a valid signature with S + L (malleability: refused by RFC 8032's S < L)
  const good = jose.base64url.decode((await sign('EdDSA', 1, { alg: 'EdDSA', kid: 'EdDSA-1', typ: 'JWT' }, baseClaims())).split('.')[2]);
  const s = leToBig(good.slice(32));
  cases.push({ id: 'EdDSA/S-plus-L', token: token(new Uint8Array([...good.slice(0, 32), ...bigToLe32(s + ED25519_L)])) });
  // S = L exactly, and S with the top bits set
  cases.push({ id: 'EdDSA/S-equals-L', token: token(new Uint8Array([...good.slice(0, 32), ...bigToLe32(ED25519_L)])) });
  cases.push({ id: 'EdDSA/S-high-bits', token: token(new Uint8Array([...good.slice(0, 32), ...good.slice(32, 63), good[63] | 0xe0])) });
  // R of order 8, and a non-canonical encoding of the identity (y = p + 1)
  const order8 = Uint8Array.from(Buffer.from('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', 'hex'));
  cases.push({ id: 'EdDSA/order-8-R', token: token(new Uint8Array([...order8, ...good.slice(32)])) });
  const pPlus1 = new Uint8Array(32).fill(0xff);
  pPlus1[0] = 0xee;
  pPlus1[31] = 0x7f;
  cases.push({ id: 'EdDSA/non-canonical-identity-R', token: token(new Uint8Array([...pPlus1, ...bigToLe32((k * a) % ED25519_L)])) });
  // R with y = 2, which is not on the curve (x^2 = (y^2 - 1) / (d y^2 + 1) has
  // no root). The core does not decode R before handing a signature out (no
  // host can match bytes that encode no point), so this one reaches the host.
  const notPoint = new Uint8Array(32);
  notPoint[0] = 2;
  cases.push({ id: 'EdDSA/R-not-a-point', token: token(new Uint8Array([...notPoint, ...good.slice(32)])), reachesHost: true });
  return { set: { keys: [publicJwk(jwk)] }, options: { algorithms: ['EdDSA'], issuer: ISS, audience: AUD, currentDate: NOW }, cases };
}
