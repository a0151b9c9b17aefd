// End to end: this test plays the LTI platform (its own keys, its JWKS served
// on 127.0.0.1) against a tool built on tokencheck's LTI API, also served on
// 127.0.0.1: login initiation -> authentication request -> id_token form POST
// -> verifyLtiLaunch, with a replayed nonce, a wrong state and a key
// rotation; Deep Linking responses checked with jose (the oracle); LTI 1.1
// launches signed by an independent OAuth 1.0a signer, and the 1.1.2 relaunch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import * as jose from 'jose';
import {
  createLtiLoginRequest, verifyLtiLaunch, createLtiDeepLinkingResponse, verifyLti11Launch, createLti11Relaunch,
  LtiNonceStore, TokenCheckError, JWKSet,
} from 'tokencheck';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const CLIENT_ID = 'tool-e2e';
const DEPLOYMENT = 'dep-1';

let platformUrl; // http://127.0.0.1:<port>
let toolUrl;
let servers = [];
const platform = { keys: [], jwksFetches: 0 };
const tool = { records: new Map(), nonces: new LtiNonceStore(), keys: {} };

async function newPlatformKey(kid) {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  platform.keys.unshift({ kid, privateKey, jwk });
}

function registration() {
  return {
    issuer: platformUrl,
    clientId: CLIENT_ID,
    authLoginUrl: `${platformUrl}/auth`,
    redirectUris: [`${toolUrl}/launch`],
    deploymentIds: [DEPLOYMENT],
    jwksUri: `${platformUrl}/jwks`,
  };
}

function listen(handler) {
  return new Promise((resolve) => {
    const s = createServer(handler);
    s.listen(0, '127.0.0.1', () => {
      servers.push(s);
      resolve(`http://127.0.0.1:${s.address().port}`);
    });
  });
}

async function body(req) {
  let b = '';
  for await (const c of req) b += c;
  return b;
}

function cookie(req, name) {
  const m = (req.headers.cookie || '').split(/;\s*/).find((c) => c.startsWith(name + '='));
  return m ? decodeURIComponent(m.slice(name.length + 1)) : undefined;
}

before(async () => {
  await newPlatformKey('platform-1');
  // The platform: its JWKS (what the tool fetches).
  platformUrl = await listen((req, res) => {
    if (req.url === '/jwks') {
      platform.jwksFetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: platform.keys.map((k) => k.jwk) }));
    } else {
      res.writeHead(404).end();
    }
  });
  // The tool: /login (third-party initiated login) and /launch (form POST).
  toolUrl = await listen(async (req, res) => {
    try {
      const url = new URL(req.url, toolUrl);
      if (url.pathname === '/login') {
        const params = req.method === 'POST' ? await body(req) : url.searchParams;
        const login = createLtiLoginRequest(params, registration());
        tool.records.set(login.state, login.record);
        res.writeHead(302, {
          location: login.url,
          'set-cookie': `lti_state=${encodeURIComponent(login.state)}; Path=/; HttpOnly; Secure; SameSite=None`,
        });
        res.end();
      } else if (url.pathname === '/launch' && req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        const record = tool.records.get(form.get('state') || '') || tool.records.values().next().value;
        const launch = await verifyLtiLaunch(form, registration(), {
          record,
          browserState: cookie(req, 'lti_state') || '',
          nonceStore: tool.nonces,
          jwksCooldown: 0,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(launch));
      } else {
        res.writeHead(404).end();
      }
    } catch (e) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: e.code, claim: e.claim, isTokenCheckError: e instanceof TokenCheckError, message: e.message }));
    }
  });
});

after(() => {
  for (const s of servers) s.close();
});

// The platform's side of one launch: login initiation, follow the redirect
// to the auth endpoint (checked), mint the id_token, POST it back.
async function login(extraLogin = {}) {
  const q = new URLSearchParams({
    iss: platformUrl,
    login_hint: 'user hint/42 & more',
    target_link_uri: `${toolUrl}/launch`,
    lti_message_hint: '{"resource":"rl-9"}',
    lti_deployment_id: DEPLOYMENT,
    client_id: CLIENT_ID,
    ...extraLogin,
  });
  const res = await fetch(`${toolUrl}/login?${q}`, { redirect: 'manual' });
  assert.equal(res.status, 302, await res.clone().text());
  const auth = new URL(res.headers.get('location'));
  const stateCookie = res.headers.get('set-cookie').split(';')[0];
  return { auth, p: auth.searchParams, stateCookie };
}

async function idToken(p, claims = {}, kid = platform.keys[0].kid) {
  const key = platform.keys.find((k) => k.kid === kid);
  return new jose.SignJWT({
    nonce: p.get('nonce'),
    name: 'Ada Lovelace',
    email: 'ada@example.edu',
    [LTI + 'message_type']: 'LtiResourceLinkRequest',
    [LTI + 'version']: '1.3.0',
    [LTI + 'deployment_id']: DEPLOYMENT,
    [LTI + 'target_link_uri']: `${toolUrl}/launch`,
    [LTI + 'resource_link']: { id: 'rl-9', title: 'Week 9' },
    [LTI + 'roles']: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    [LTI + 'context']: { id: 'ctx-1', label: 'CS101' },
    [LTI + 'custom']: { chapter: '9' },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platformUrl)
    .setAudience(p.get('client_id'))
    .setSubject('user-42')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

async function post(p, token, cookieHeader, state = p.get('state')) {
  const res = await fetch(p.get('redirect_uri'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader },
    body: new URLSearchParams({ id_token: token, state }).toString(),
  });
  return { status: res.status, json: await res.json() };
}

test('login -> authentication request carries every parameter', async () => {
  const { auth, p } = await login();
  assert.equal(auth.origin + auth.pathname, `${platformUrl}/auth`);
  assert.equal(p.get('scope'), 'openid');
  assert.equal(p.get('response_type'), 'id_token');
  assert.equal(p.get('response_mode'), 'form_post');
  assert.equal(p.get('prompt'), 'none');
  assert.equal(p.get('client_id'), CLIENT_ID);
  assert.equal(p.get('redirect_uri'), `${toolUrl}/launch`);
  assert.equal(p.get('login_hint'), 'user hint/42 & more');
  assert.equal(p.get('lti_message_hint'), '{"resource":"rl-9"}');
  assert.match(p.get('state'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(p.get('nonce'), /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(p.get('state'), p.get('nonce'));
  assert.equal([...p.keys()].length, 10);
});

test('login errors are specific', async () => {
  const code = async (q) => {
    const res = await fetch(`${toolUrl}/login?${new URLSearchParams(q)}`, { redirect: 'manual' });
    return (await res.json()).code;
  };
  assert.equal(await code({ login_hint: 'x', target_link_uri: `${toolUrl}/launch` }), 'ERR_LTI_LOGIN_ISS_MISSING');
  assert.equal(await code({ iss: platformUrl, target_link_uri: `${toolUrl}/launch` }), 'ERR_LTI_LOGIN_HINT_MISSING');
  assert.equal(await code({ iss: platformUrl, login_hint: 'x' }), 'ERR_LTI_LOGIN_TARGET_LINK_URI_MISSING');
  assert.equal(await code({ iss: 'https://unknown.example', login_hint: 'x', target_link_uri: `${toolUrl}/launch` }), 'ERR_LTI_REGISTRATION_NOT_FOUND');
  assert.equal(await code({ iss: platformUrl, login_hint: 'x', target_link_uri: `${toolUrl}/launch`, client_id: 'other' }), 'ERR_LTI_CLIENT_ID_UNKNOWN');
  assert.throws(() => createLtiLoginRequest({ iss: platformUrl }, registration()), (e) => e instanceof TokenCheckError && e.code === 'ERR_LTI_LOGIN_HINT_MISSING');
});

test('full launch: login -> auth -> id_token POST -> verifyLtiLaunch; replayed nonce; wrong state', async () => {
  const { p, stateCookie } = await login();
  const token = await idToken(p);
  const ok = await post(p, token, stateCookie);
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  const launch = ok.json;
  assert.equal(launch.messageType, 'LtiResourceLinkRequest');
  assert.equal(launch.issuer, platformUrl);
  assert.equal(launch.clientId, CLIENT_ID);
  assert.equal(launch.deploymentId, DEPLOYMENT);
  assert.deepEqual(launch.user, { id: 'user-42', name: 'Ada Lovelace', email: 'ada@example.edu' });
  assert.deepEqual(launch.roles, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner']);
  assert.deepEqual(launch.resourceLink, { id: 'rl-9', title: 'Week 9' });
  assert.equal(launch.context.id, 'ctx-1');
  assert.deepEqual(launch.custom, { chapter: '9' });
  assert.equal(launch.kid, 'platform-1');
  assert.equal(launch.claims.sub, 'user-42');

  // the very same form POST again: the nonce is spent
  const replay = await post(p, token, stateCookie);
  assert.equal(replay.status, 400);
  assert.equal(replay.json.code, 'ERR_LTI_NONCE_REPLAYED');
  assert.equal(replay.json.isTokenCheckError, true);

  // a state that is not the one bound to this browser
  const second = await login();
  const t2 = await idToken(second.p);
  const wrongCookie = await post(second.p, t2, stateCookie); // the first login's cookie
  assert.equal(wrongCookie.json.code, 'ERR_LTI_STATE_MISMATCH');
  const wrongForm = await post(second.p, t2, second.stateCookie, 'not-the-state-of-this-login-at-all');
  assert.equal(wrongForm.json.code, 'ERR_LTI_STATE_MISMATCH');
  // and the honest POST still works afterwards
  assert.equal((await post(second.p, t2, second.stateCookie)).status, 200);
});

test('negative launches through the endpoint keep their codes', async () => {
  const cases = [
    [{ [LTI + 'version']: '11.3' }, 'ERR_LTI_VERSION_UNSUPPORTED'],
    [{ [LTI + 'roles']: undefined }, 'ERR_LTI_ROLES_MISSING'],
    [{ [LTI + 'deployment_id']: 'dep-unknown' }, 'ERR_LTI_DEPLOYMENT_ID_UNKNOWN'],
    [{ [LTI + 'resource_link']: undefined }, 'ERR_LTI_RESOURCE_LINK_MISSING'],
    [{ nonce: 'a-nonce-this-tool-never-issued-for-this-state' }, 'ERR_LTI_NONCE_MISMATCH'],
  ];
  for (const [claims, want] of cases) {
    const { p, stateCookie } = await login();
    const r = await post(p, await idToken(p, claims), stateCookie);
    assert.equal(r.json.code, want, JSON.stringify(claims));
  }
  // alg none and HS256 with the platform kid
  const { p, stateCookie } = await login();
  const payload = jose.decodeJwt(await idToken(p));
  const none = new jose.UnsecuredJWT(payload).encode();
  assert.equal((await post(p, none, stateCookie)).json.code, 'ERR_LTI_ALG_NOT_ALLOWED');
  const hs = await new jose.SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'platform-1' }).sign(new Uint8Array(32).fill(7));
  assert.equal((await post(p, hs, stateCookie)).json.code, 'ERR_LTI_ALG_NOT_ALLOWED');
});

test('key rotation: an unknown kid refetches the JWKS once, then verifies', async () => {
  const before = platform.jwksFetches;
  await newPlatformKey('platform-2');
  const { p, stateCookie } = await login();
  const r = await post(p, await idToken(p, {}, 'platform-2'), stateCookie);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.kid, 'platform-2');
  assert.equal(platform.jwksFetches, before + 1);
  // a kid the platform never had: one refetch, then ERR_LTI_KID_UNKNOWN
  const x = await login();
  const forged = await new jose.SignJWT({ nonce: x.p.get('nonce') }).setProtectedHeader({ alg: 'RS256', kid: 'nope' }).sign(platform.keys[0].privateKey);
  assert.equal((await post(x.p, forged, x.stateCookie)).json.code, 'ERR_LTI_KID_UNKNOWN');
});

test('deep linking: the response JWT verifies with jose, RS256 and ES256', async () => {
  const settings = {
    deep_link_return_url: `${platformUrl}/dl/return`,
    accept_types: ['ltiResourceLink', 'link'],
    accept_presentation_document_targets: ['iframe', 'window'],
    accept_multiple: true,
    data: 'opaque-platform-data-7',
  };
  const { p, stateCookie } = await login();
  const token = await idToken(p, { [LTI + 'message_type']: 'LtiDeepLinkingRequest', [LTI + 'resource_link']: undefined, [DL + 'deep_linking_settings']: settings });
  const r = await post(p, token, stateCookie);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const launch = r.json;
  assert.equal(launch.deepLinkingSettings.deepLinkReturnUrl, `${platformUrl}/dl/return`);

  for (const [alg, gen] of [['RS256', 'RS256'], ['ES256', 'ES256']]) {
    const { privateKey, publicKey } = await jose.generateKeyPair(gen, { extractable: true });
    const priv = { ...(await jose.exportJWK(privateKey)), kid: `tool-${alg}` };
    const pub = { ...(await jose.exportJWK(publicKey)), kid: `tool-${alg}`, alg };
    const items = [
      { type: 'ltiResourceLink', title: 'Quiz 1', url: `${toolUrl}/quiz/1` },
      { type: 'link', url: 'https://example.com/reading' },
    ];
    const resp = await createLtiDeepLinkingResponse(launch, items, { privateKey: priv, msg: 'added 2 items' });
    assert.equal(resp.returnUrl, `${platformUrl}/dl/return`);
    assert.match(resp.html, new RegExp(`name="JWT" value="${resp.jwt.replace(/\./g, '\\.')}"`));
    const { payload, protectedHeader } = await jose.jwtVerify(resp.jwt, jose.createLocalJWKSet({ keys: [pub] }), {
      issuer: CLIENT_ID,
      audience: platformUrl,
      algorithms: [alg],
    });
    assert.deepEqual(protectedHeader, { typ: 'JWT', alg, kid: `tool-${alg}` });
    assert.equal(payload[LTI + 'message_type'], 'LtiDeepLinkingResponse');
    assert.equal(payload[LTI + 'version'], '1.3.0');
    assert.equal(payload[LTI + 'deployment_id'], DEPLOYMENT);
    assert.equal(payload[DL + 'data'], 'opaque-platform-data-7');
    assert.deepEqual(payload[DL + 'content_items'], items);
    assert.equal(payload[DL + 'msg'], 'added 2 items');
    assert.match(payload.nonce, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(payload.exp - payload.iat, 300);
  }
  // content item rules
  const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const priv = { ...(await jose.exportJWK(privateKey)), kid: 'k' };
  await assert.rejects(createLtiDeepLinkingResponse(launch, [{ type: 'file' }], { privateKey: priv }), { code: 'ERR_LTI_DL_CONTENT_ITEM_TYPE_NOT_ACCEPTED' });
  await assert.rejects(createLtiDeepLinkingResponse(launch, [{ title: 'x' }], { privateKey: priv }), { code: 'ERR_LTI_DL_CONTENT_ITEM_INVALID' });
  const { kid, ...noKid } = priv;
  await assert.rejects(createLtiDeepLinkingResponse(launch, [], { privateKey: noKid }), { code: 'ERR_LTI_DL_SIGNING_KEY_INVALID' });
});

// ---------------------------------------------------------------- LTI 1.1

// An independent OAuth 1.0a (RFC 5849) signer, as a platform would run it.
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
function oauthSign(url, params, key, secret, { method = 'POST', sig = 'HMAC-SHA1', ts = Math.floor(Date.now() / 1000) } = {}) {
  const all = { ...params, oauth_consumer_key: key, oauth_signature_method: sig, oauth_timestamp: String(ts), oauth_nonce: randomBytes(16).toString('hex'), oauth_version: '1.0' };
  const norm = Object.entries(all).map(([k, v]) => [enc(k), enc(v)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const base = `${method}&${enc(url)}&${enc(norm)}`;
  const h = createHmac(sig === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${enc(secret)}&`).update(base).digest('base64');
  return { ...all, oauth_signature: h };
}

const LTI11_URL = 'https://tool.example.com/lti11';
const secrets = { 'consumer-1': 'secret & spaces' };

test('LTI 1.1: OAuth 1.0a launches (HMAC-SHA1 and HMAC-SHA256), replay refused', async () => {
  const store = new LtiNonceStore();
  for (const sig of ['HMAC-SHA1', 'HMAC-SHA256']) {
    const params = oauthSign(LTI11_URL, { lti_message_type: 'basic-lti-launch-request', lti_version: 'LTI-1p0', resource_link_id: 'r1', user_id: 'u1', custom_x: 'a+b c' }, 'consumer-1', secrets['consumer-1'], { sig });
    const r = await verifyLti11Launch({ url: LTI11_URL, params }, { consumerSecret: (k) => secrets[k], nonceStore: store });
    assert.equal(r.consumerKey, 'consumer-1');
    assert.equal(r.signatureMethod, sig);
    assert.equal(r.params.custom_x, 'a+b c');
    assert.equal(r.firstLaunch, null);
    await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params }, { consumerSecret: (k) => secrets[k], nonceStore: store }), { code: 'ERR_LTI_OAUTH_NONCE_REPLAYED' });
  }
  const tampered = { ...oauthSign(LTI11_URL, { user_id: 'u1' }, 'consumer-1', secrets['consumer-1']), user_id: 'admin' };
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: tampered }, { consumerSecret: (k) => secrets[k] }), { code: 'ERR_LTI_OAUTH_SIGNATURE_INVALID' });
  const unknown = oauthSign(LTI11_URL, {}, 'consumer-x', 's');
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: unknown }, { consumerSecret: (k) => secrets[k] }), { code: 'ERR_LTI_OAUTH_CONSUMER_KEY_UNKNOWN' });
  const old = oauthSign(LTI11_URL, {}, 'consumer-1', secrets['consumer-1'], { ts: Math.floor(Date.now() / 1000) - 3600 });
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: old }, { consumerSecret: secrets['consumer-1'] }), { code: 'ERR_LTI_OAUTH_TIMESTAMP_OUT_OF_WINDOW' });
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: old }, { consumerSecret: secrets['consumer-1'], timestampWindw: 7200 }), { code: 'ERR_INVALID_OPTIONS' });
  await assert.rejects(verifyLti11Launch(undefined, { consumerSecret: 's' }), { code: 'ERR_INVALID_OPTIONS' });
});

test('LTI 1.1.2: anonymous first launch -> tool_state relaunch -> accepted once', async () => {
  const store = new LtiNonceStore();
  const toolStateSecret = randomBytes(32);
  const opts = { consumerSecret: secrets['consumer-1'], nonceStore: store };
  const first = await verifyLti11Launch({
    url: LTI11_URL,
    params: oauthSign(LTI11_URL, { lti_message_type: 'basic-lti-launch-request', lti_version: 'LTI-1p0', resource_link_id: 'r1', relaunch_url: 'https://platform.example.edu/relaunch', platform_state: 'ps-123 opaque' }, 'consumer-1', secrets['consumer-1']),
  }, opts);
  assert.deepEqual(first.firstLaunch, { relaunchUrl: 'https://platform.example.edu/relaunch', platformState: 'ps-123 opaque' });
  const rel = createLti11Relaunch(first.firstLaunch, { toolStateSecret, method: 'GET' });
  assert.match(rel.browserBinding, /^[A-Za-z0-9_-]{43}$/);
  const u = new URL(rel.url);
  assert.equal(u.searchParams.get('platform_state'), 'ps-123 opaque');
  assert.equal(u.searchParams.get('tool_state'), rel.toolState);
  assert.equal(jose.decodeProtectedHeader(rel.toolState).typ, 'lti-tool-state+jwt');

  const relaunch = (extra = {}) => oauthSign(LTI11_URL, { lti_message_type: 'basic-lti-launch-request', lti_version: 'LTI-1p0', resource_link_id: 'r1', user_id: 'u-77', platform_state: 'ps-123 opaque', tool_state: rel.toolState, ...extra }, 'consumer-1', secrets['consumer-1']);
  const ok = await verifyLti11Launch({ url: LTI11_URL, params: relaunch() }, { ...opts, toolStateSecret, browserBinding: rel.browserBinding });
  assert.equal(ok.relaunched, true);
  assert.equal(ok.params.user_id, 'u-77');
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: relaunch() }, { ...opts, toolStateSecret, browserBinding: rel.browserBinding }), { code: 'ERR_LTI_TOOL_STATE_REPLAYED' });
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: relaunch() }, { ...opts, toolStateSecret, browserBinding: 'another-browser-binding-value-xx' }), { code: 'ERR_LTI_TOOL_STATE_BROWSER_MISMATCH' });
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: relaunch({ platform_state: 'changed' }) }, { ...opts, toolStateSecret, browserBinding: rel.browserBinding }), { code: 'ERR_LTI_TOOL_STATE_PLATFORM_STATE_MISMATCH' });
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: relaunch() }, { ...opts, toolStateSecret: randomBytes(32), browserBinding: rel.browserBinding }), { code: 'ERR_LTI_TOOL_STATE_INVALID' });
  const empty = oauthSign(LTI11_URL, { relaunch_url: 'https://platform.example.edu/relaunch', platform_state: '' }, 'consumer-1', secrets['consumer-1']);
  await assert.rejects(verifyLti11Launch({ url: LTI11_URL, params: empty }, opts), { code: 'ERR_LTI_RELAUNCH_PLATFORM_STATE_EMPTY' });
});

test('LtiNonceStore and JWKSet-valued registrations', async () => {
  const s = new LtiNonceStore({ capacity: 2 });
  const exp = Math.floor(Date.now() / 1000) + 60;
  assert.equal(s.consume('a', exp), true);
  assert.equal(s.consume('a', exp), false);
  assert.equal(s.size, 1);
  // a registration may carry a JWKSet instead of a jwksUri
  const { p, stateCookie } = await login();
  const token = await idToken(p);
  const { jwksUri, ...reg } = registration();
  const record = tool.records.get(p.get('state'));
  const launch = await verifyLtiLaunch(new URLSearchParams({ id_token: token, state: p.get('state') }), { ...reg, jwks: new JWKSet({ keys: platform.keys.map((k) => k.jwk) }) }, { record, browserState: p.get('state'), nonceStore: new LtiNonceStore() });
  assert.equal(launch.user.id, 'user-42');
  await assert.rejects(verifyLtiLaunch(token, { ...reg, jwks: { keys: [] } }, { record, browserState: p.get('state'), state: p.get('state') }), { code: 'ERR_LTI_KID_UNKNOWN' });
  await assert.rejects(verifyLtiLaunch(token, reg, { record }), { code: 'ERR_INVALID_OPTIONS' });
});
