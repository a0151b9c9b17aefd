// Runs inside real workerd (`workerd test tests/workerd/iua.capnp`): the IUA
// API through the package's workerd entry, and the Worker of
// the README (IUA resource server) answering 401/403 with its challenge. Keys and tokens
// are made here with WebCrypto; the JWKS endpoint is a function (no network).
import * as tc from 'tokencheck';

const ISS = 'https://as.example.com/realms/iua';
const AUD = 'https://fhir.example.com/r4';
const enc = new TextEncoder();
const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function keyPair(kid) {
  const { privateKey, publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  return { privateKey, jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' } };
}

async function sign(key, claims) {
  const input = `${b64u(enc.encode(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: key.jwk.kid })))}.${b64u(enc.encode(JSON.stringify(claims)))}`;
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, enc.encode(input));
  return `${input}.${b64u(sig)}`;
}

// ---- the Worker of the README (IUA resource server) (JWKS fetched through `env.fetchJwks` here) ----
function makeWorker(jwks) {
  const verifier = tc.createIuaVerifier({ issuer: ISS, audience: AUD, algorithms: ['RS256', 'ES256'], requiredScopes: ['ITI-67'], realm: 'fhir', clockTolerance: 30, cache: true });
  return {
    async fetch(request) {
      try {
        const token = await verifier.verify(request.headers.get('authorization'), jwks, {
          patientId: new URL(request.url).searchParams.get('patient') ?? undefined,
          requestContext: request, // merge JWKS fetches within this request only
        });
        return Response.json({ user: tc.atnaUserName(token), scopes: token.scopes });
      } catch (e) {
        if (!(e instanceof tc.TokenCheckError) || e.status === undefined) throw e;
        const headers = e.wwwAuthenticate ? { 'WWW-Authenticate': e.wwwAuthenticate } : {};
        return new Response(null, { status: e.status, headers });
      }
    },
  };
}

export default {
  async test() {
    const problems = [];
    const check = (ok, what) => { if (!ok) problems.push(what); };
    check(navigator.userAgent === 'Cloudflare-Workers', `navigator.userAgent is ${navigator.userAgent}`);

    const key = await keyPair('ec-1');
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: ISS, sub: 'dr.smith', aud: AUD, exp: now + 300, iat: now, jti: 'w1', client_id: 'portal', scope: 'ITI-67',
      extensions: { ihe_iua: { person_id: 'P42', subject_role: { system: 'http://snomed.info/sct', code: '46255001' } } } };
    const token = await sign(key, claims);
    let fetches = 0;
    const jwksFetch = async () => {
      fetches += 1;
      await scheduler.wait(5);
      return Response.json({ keys: [key.jwk] });
    };

    // workerd: no in-flight fetch is shared between calls without a common requestContext
    const remote = tc.createRemoteJWKSet('https://as.example.com/jwks', { fetch: jwksFetch });
    const opts = { issuer: ISS, audience: AUD, algorithms: ['ES256'] };
    await Promise.all([tc.verifyIuaToken(token, remote, opts), tc.verifyIuaToken(token, remote, opts)]);
    check(fetches === 2, `two calls without a shared context fetched ${fetches} time(s), expected 2`);
    fetches = 0;
    const shared = tc.createRemoteJWKSet('https://as.example.com/jwks', { fetch: jwksFetch });
    const ctx = {};
    await Promise.all([tc.verifyIuaToken(token, shared, { ...opts, requestContext: ctx }), tc.verifyIuaToken(token, shared, { ...opts, requestContext: ctx })]);
    check(fetches === 1, `one request context fetched ${fetches} time(s), expected 1`);
    await tc.verifyIuaToken(token, shared, opts);
    check(fetches === 1, 'the settled key set is reused across requests');

    // the Worker example: 200, 401 (no token / expired / other patient), 403 (scope)
    const worker = makeWorker(tc.createRemoteJWKSet('https://as.example.com/jwks', { fetch: jwksFetch }));
    const call = (auth, q = '') => worker.fetch(new Request(`https://fhir.example.com/r4/Patient${q}`, { headers: auth ? { authorization: auth } : {} }));
    let r = await call(`Bearer ${token}`, '?patient=P42');
    check(r.status === 200, `valid token: ${r.status}`);
    const body = r.status === 200 ? await r.json() : {};
    check(body.user === `${AUD}<dr.smith@${ISS}>`, `ATNA user: ${body.user}`);
    r = await call(undefined);
    check(r.status === 401 && r.headers.get('www-authenticate') === 'Bearer realm="fhir"', `no token: ${r.status} ${r.headers.get('www-authenticate')}`);
    r = await call(`Bearer ${token}`, '?patient=P43');
    check(r.status === 401 && r.headers.get('www-authenticate') === 'Bearer realm="fhir", error="invalid_token", error_description="The access token does not match the request"', `other patient: ${r.status} ${r.headers.get('www-authenticate')}`);
    r = await call(`Bearer ${await sign(key, { ...claims, scope: 'ITI-68' })}`);
    check(r.status === 403 && r.headers.get('www-authenticate') === 'Bearer realm="fhir", error="insufficient_scope", error_description="The access token lacks a required scope", scope="ITI-67"', `scope: ${r.status} ${r.headers.get('www-authenticate')}`);
    r = await call(`Bearer ${await sign(key, { ...claims, exp: now - 60 })}`);
    check(r.status === 401 && r.headers.get('www-authenticate') === 'Bearer realm="fhir", error="invalid_token", error_description="The access token expired"', `expired: ${r.status} ${r.headers.get('www-authenticate')}`);
    r = await call(`Bearer ${token} ${token}`);
    check(r.status === 400, `two tokens: ${r.status}`);

    // verify() hands the signature to workerd's WebCrypto (verifySync checks
    // it in wasm): the same answers, one WebCrypto verdict per verification
    const subtle = crypto.subtle;
    const realVerify = subtle.verify;
    let verdicts = 0;
    subtle.verify = function (...args) {
      verdicts += 1;
      return realVerify.apply(this, args);
    };
    try {
      const set = new tc.JWKSet({ keys: [key.jwk] });
      const v = tc.createIuaVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], realm: 'fhir' });
      const outcome = async (f) => {
        try {
          const t = await f();
          return `ok ${t.subject} ${t.scopes.join(' ')}`;
        } catch (e) {
          return `${e.code} ${e.status} ${e.wwwAuthenticate}`;
        }
      };
      const [h, p, sig] = token.split('.');
      const forged = `${h}.${b64u(enc.encode(JSON.stringify({ ...claims, sub: 'mallory' })))}.${sig}`;
      const inputs = [`Bearer ${token}`, token, forged, `${h}.${p}.${sig.slice(0, -2)}`, await sign(key, { ...claims, exp: now - 60 })];
      for (const input of inputs) {
        const before = verdicts;
        const viaSync = await outcome(() => v.verifySync(input, set));
        check(verdicts === before, `verifySync asked WebCrypto (${input.slice(-12)})`);
        const viaWebCrypto = await outcome(() => v.verify(input, set));
        check(viaWebCrypto === viaSync, `verify() ${viaWebCrypto} but verifySync ${viaSync}`);
      }
      check(verdicts === 4, `${verdicts} WebCrypto verdicts for 4 well-formed signatures (the truncated one is refused before)`);
      // with a verified-token cache: the same answers; a repeat of an
      // accepted input needs no WebCrypto verdict, a refused one does
      const cached = tc.createIuaVerifier({ issuer: ISS, audience: AUD, algorithms: ['ES256'], realm: 'fhir', cache: true });
      for (const input of inputs) {
        const want = await outcome(() => v.verifySync(input, set));
        const start = verdicts;
        const first = await outcome(() => cached.verify(input, set));
        const firstVerdicts = verdicts - start;
        const again = await outcome(() => cached.verify(input, set));
        const againVerdicts = verdicts - start - firstVerdicts;
        check(first === want && again === want, `cached verify() ${first} / ${again} but verifySync ${want}`);
        // an accepted token is answered from its entry; a refused one is checked again in full
        const expected = want.startsWith('ok') ? 0 : firstVerdicts;
        check(againVerdicts === expected, `a repeat of ${input.slice(-12)} asked WebCrypto ${againVerdicts} time(s), not ${expected}`);
      }
      check(cached.cacheSize === 1, `${cached.cacheSize} cache entries for one accepted token`);
      const other = await outcome(() => cached.verify(token, set, { patientId: 'P43' }));
      check(other.startsWith('ERR_IUA_REQUEST_MISMATCH 401'), `a hit for another patient: ${other}`);
      check((await outcome(() => v.verify(forged, set))).startsWith('ERR_JWS_SIGNATURE_VERIFICATION_FAILED 401'), 'a forged payload is refused with its challenge');
    } finally {
      subtle.verify = realVerify;
    }

    console.log(`workerd IUA: ${problems.length} problem(s)`);
    if (problems.length) throw new Error(problems.join('\n'));
  },
};
