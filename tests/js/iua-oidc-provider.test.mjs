// End to end against a real OAuth 2.0 authorization server: `oidc-provider`
// (npm) started on 127.0.0.1 by this test, issuing RFC 9068 JWT access tokens
// for resource indicators (RFC 8707), signed RS256 or ES256. The test
// discovers it (with the explicit loopback opt-in), fetches its JWKS through
// createRemoteJWKSet (counting fetches), obtains client-credentials tokens and
// verifies them with verifyIuaToken; tampered, expired, wrong-audience and
// key-rotated cases behave as iua.md says (rotation: exactly one refetch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as jose from 'jose';
import { TokenCheckError, verifyIuaToken, createIuaVerifier, discover, atnaUserName, introspectionRequestBody, verifyIntrospectionResponse } from 'tokencheck';

const RS = 'https://fhir.example.com/r4'; // this resource server, RS256 tokens
const ES = 'https://fhir.example.com/es'; // a resource server whose tokens are ES256
const OTHER = 'https://billing.example.com/api'; // somebody else's API
const OPAQUE = 'https://fhir.example.com/opaque'; // opaque tokens (introspection)
const CLIENT = { id: 'mhd-consumer', secret: 'consumer-secret-for-tests' };
const RS_CLIENT = { id: 'fhir-rs', secret: 'rs-secret-for-tests' };

let Provider;
let server;
let issuer;
let current; // the provider answering requests (swapped to rotate keys)
const keys = {};
let jwksFetches = 0;
let jwksUri;

// Every fetch the library makes goes through here: JWKS requests are counted.
async function countingFetch(url, init) {
  if (jwksUri !== undefined && String(url) === jwksUri) jwksFetches += 1;
  return fetch(url, init);
}

async function privateJwk(alg, kid) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { ...(await jose.exportJWK(privateKey)), kid, alg, use: 'sig' };
}

function makeProvider(signingKeys) {
  return new Provider(issuer, {
    clients: [
      { client_id: CLIENT.id, client_secret: CLIENT.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
      { client_id: RS_CLIENT.id, client_secret: RS_CLIENT.secret, grant_types: [], redirect_uris: [], response_types: [] },
    ],
    jwks: { keys: signingKeys },
    ttl: { ClientCredentials: 300 },
    scopes: ['ITI-67', 'ITI-68'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // only the resource server's own client may introspect
      introspection: { enabled: true, allowedPolicy: async (_ctx, client) => client.clientId === RS_CLIENT.id },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RS,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: 'ITI-67 ITI-68',
          audience: resource,
          accessTokenTTL: 300,
          accessTokenFormat: resource === OPAQUE ? 'opaque' : 'jwt',
          jwt: { sign: { alg: resource === ES ? 'ES256' : 'RS256' } },
        }),
      },
    },
    // the IUA extension claims an IUA authorization server adds
    extraTokenClaims: async () => ({
      extensions: {
        ihe_iua: {
          subject_organization: 'Central Hospital',
          subject_organization_id: 'urn:oid:1.2.3.4',
          purpose_of_use: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' },
        },
      },
    }),
  });
}

async function tokenFor(resource, scope = 'ITI-67') {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + btoa(`${CLIENT.id}:${CLIENT.secret}`),
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.token_type, 'Bearer');
  return body.access_token;
}

let discovered;
const options = (extra = {}) => ({ issuer, audience: RS, algorithms: ['RS256', 'ES256'], requiredScopes: ['ITI-67'], realm: 'fhir', ...extra });

async function refusal(p) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TokenCheckError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

before(async () => {
  ({ default: Provider } = await import('oidc-provider'));
  keys.rsa1 = await privateJwk('RS256', 'rsa-2026-1');
  keys.ec1 = await privateJwk('ES256', 'ec-2026-1');
  keys.rsa2 = await privateJwk('RS256', 'rsa-2026-2');
  server = http.createServer((req, res) => current.callback()(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${server.address().port}`;
  current = makeProvider([keys.rsa1, keys.ec1]);
});

after(() => {
  server.closeAllConnections();
  server.close();
});

test('discover: metadata over loopback only with the explicit test opt-in, then the JWKS once', async () => {
  const refused = await refusal(discover(issuer, { fetch: countingFetch }));
  assert.equal(refused.code, 'ERR_INVALID_OPTIONS');
  discovered = await discover(issuer, { fetch: countingFetch, allowInsecureLoopbackForTests: true, cooldownMs: 1000 });
  jwksUri = discovered.metadata.jwks_uri;
  assert.equal(discovered.metadata.issuer, issuer);
  assert.equal(discovered.metadata.token_endpoint, `${issuer}/token`);
  assert.equal(jwksUri, `${issuer}/jwks`);
  // discover() fetched the keys before jwksUri was known to the counter
  assert.equal(discovered.jwks.fetchCount, 1);
  assert.ok(discovered.jwks.fresh);
});

test('a client-credentials token (RS256, at+jwt) is accepted; the typed result', async () => {
  const token = await tokenFor(RS);
  assert.deepEqual(jose.decodeProtectedHeader(token), { alg: 'RS256', typ: 'at+jwt', kid: 'rsa-2026-1' });
  const r = await verifyIuaToken(`Bearer ${token}`, discovered.jwks, options());
  assert.equal(r.form, 'current');
  assert.equal(r.alg, 'RS256');
  assert.equal(r.typ, 'at+jwt');
  assert.equal(r.issuer, issuer);
  assert.equal(r.subject, CLIENT.id); // no user: sub = client_id
  assert.equal(r.clientId, CLIENT.id);
  assert.deepEqual(r.audience, [RS]);
  assert.deepEqual(r.scopes, ['ITI-67']);
  assert.equal(r.iua.subjectOrganization, 'Central Hospital');
  assert.deepEqual(r.iua.purposeOfUse, [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }]);
  assert.equal(atnaUserName(r), `${RS}<${CLIENT.id}@${issuer}>`);
  // the strict RFC 9068 mode accepts oidc-provider's tokens too
  await verifyIuaToken(token, discovered.jwks, options({ strict: true }));
  assert.equal(discovered.jwks.fetchCount, 1, 'no further JWKS fetch');
});

test('an ES256 token for another resource indicator', async () => {
  const token = await tokenFor(ES, 'ITI-67 ITI-68');
  assert.equal(jose.decodeProtectedHeader(token).alg, 'ES256');
  const r = await verifyIuaToken(token, discovered.jwks, options({ audience: ES, requiredScopes: ['ITI-67', 'ITI-68'] }));
  assert.equal(r.alg, 'ES256');
  assert.equal(r.kid, 'ec-2026-1');
  // the RS256-only allow-list refuses it
  const e = await refusal(verifyIuaToken(token, discovered.jwks, options({ audience: ES, algorithms: ['RS256'] })));
  assert.equal(e.code, 'ERR_JOSE_ALG_NOT_ALLOWED');
});

test('tampered, expired, wrong audience, missing scope', async () => {
  const token = await tokenFor(RS);
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'ITI-67 ITI-65' })).toString('base64url')}.${s}`;
  const tampered = await refusal(verifyIuaToken(`Bearer ${forged}`, discovered.jwks, options()));
  assert.equal(tampered.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(tampered.status, 401);
  assert.equal(tampered.wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token signature is invalid"');

  const expired = await refusal(verifyIuaToken(token, discovered.jwks, options({ currentDate: new Date((claims.exp + 1) * 1000) })));
  assert.equal(expired.code, 'ERR_JWT_EXPIRED');
  assert.equal(expired.wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token expired"');
  // within a configured leeway it still passes
  await verifyIuaToken(token, discovered.jwks, options({ currentDate: new Date((claims.exp + 1) * 1000), clockTolerance: '5s' }));

  const theirs = await tokenFor(OTHER);
  const aud = await refusal(verifyIuaToken(theirs, discovered.jwks, options()));
  assert.equal(aud.code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.equal(aud.claim, 'aud');
  assert.equal(aud.wwwAuthenticate, 'Bearer realm="fhir", error="invalid_token", error_description="The access token is not intended for this resource server"');

  const scope = await refusal(verifyIuaToken(token, discovered.jwks, options({ requiredScopes: ['ITI-68'] })));
  assert.equal(scope.status, 403);
  assert.equal(scope.wwwAuthenticate, 'Bearer realm="fhir", error="insufficient_scope", error_description="The access token lacks a required scope", scope="ITI-68"');
  assert.equal(discovered.jwks.fetchCount, 1, 'none of these refetched the JWKS');
});

test('key rotation: a new kid triggers exactly one JWKS refetch', async () => {
  const before = jwksFetches;
  const fetchesBefore = discovered.jwks.fetchCount;
  const oldToken = await tokenFor(RS);
  // the authorization server rotates: a new RS256 key signs, the old one is still published
  current = makeProvider([keys.rsa2, keys.rsa1, keys.ec1]);
  const newToken = await tokenFor(RS);
  assert.equal(jose.decodeProtectedHeader(newToken).kid, 'rsa-2026-2');
  const { privateKey: attackerKey } = await jose.generateKeyPair('RS256');
  await new Promise((r) => setTimeout(r, 1050)); // past the 1 s cooldown of the first fetch
  const verifier = createIuaVerifier(options());
  const results = await Promise.all(Array.from({ length: 8 }, () => verifier.verify(`Bearer ${newToken}`, discovered.jwks)));
  assert.ok(results.every((r) => r.kid === 'rsa-2026-2'));
  assert.equal(jwksFetches - before, 1, 'eight concurrent verifications of the new kid, one refetch');
  assert.equal(discovered.jwks.fetchCount - fetchesBefore, 1);
  // both keys work afterwards, without fetching
  await verifier.verify(oldToken, discovered.jwks);
  await verifier.verify(newToken, discovered.jwks);
  // a kid the AS never published: refused, no refetch inside the cooldown
  const stranger = await new jose.SignJWT(JSON.parse(Buffer.from(newToken.split('.')[1], 'base64url').toString()))
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'rsa-attacker' })
    .sign(attackerKey);
  const e = await refusal(verifier.verify(stranger, discovered.jwks));
  assert.equal(e.code, 'ERR_JWKS_NO_MATCHING_KEY');
  assert.equal(e.status, 401);
  assert.equal(jwksFetches - before, 1);
});

test('introspection (ITI-102) against the same server: inactive -> 401; oidc-provider omits sub/jti, which ITI-102 requires', async () => {
  const metadata = discovered.metadata;
  assert.equal(metadata.introspection_endpoint, `${issuer}/token/introspection`);
  const introspect = async (token) => {
    const res = await fetch(metadata.introspection_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + btoa(`${RS_CLIENT.id}:${RS_CLIENT.secret}`) },
      body: introspectionRequestBody(token, 'access_token'),
    });
    assert.equal(res.status, 200);
    return res.text();
  };
  const unknown = await introspect('not-a-token-this-server-issued');
  assert.deepEqual(JSON.parse(unknown), { active: false });
  const inactive = await refusal(Promise.resolve().then(() => verifyIntrospectionResponse(unknown, options({ audience: OPAQUE }))));
  assert.equal(inactive.code, 'ERR_IUA_TOKEN_INACTIVE');
  assert.equal(inactive.status, 401);

  const opaque = await tokenFor(OPAQUE);
  const body = JSON.parse(await introspect(opaque));
  assert.equal(body.active, true);
  assert.equal(body.client_id, CLIENT.id);
  assert.equal(body.extensions.ihe_iua.subject_organization, 'Central Hospital');
  // ITI-102 §3.102.4.2.2: an active response carries the JWT claims; for a
  // client-credentials token oidc-provider leaves out `sub` (and `jti`), so
  // the response is refused rather than half-trusted.
  const missing = await refusal(Promise.resolve().then(() => verifyIntrospectionResponse(body, options({ audience: OPAQUE }))));
  assert.equal(missing.code, 'ERR_JWT_CLAIM_VALIDATION_FAILED');
  assert.equal(missing.reason, 'missing');
  // with the claims ITI-102 asks for, the same response gives the typed result
  const completed = verifyIntrospectionResponse({ ...body, sub: CLIENT.id, jti: 'introspected-1' }, options({ audience: OPAQUE, maxCacheTtl: 60 }));
  assert.equal(completed.result.source, 'introspection');
  assert.equal(completed.result.iua.subjectOrganization, 'Central Hospital');
  assert.ok(completed.cacheTtl > 0 && completed.cacheTtl <= 60);
});
