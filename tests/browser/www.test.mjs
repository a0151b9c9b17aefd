// The demo page (www/) in real headless Chromium (Debian `chromium`, driven by
// playwright-core; no browser is downloaded). scripts/setup-chromium.sh
// installs /usr/bin/chromium when it is absent (scripts/test.sh calls it).
//
// Served by scripts/serve-www.mjs on 127.0.0.1. Every built-in sample is
// verified in the page, under its profile and as a generic JWT, and the page's
// verdict and every check line (id, status, code) must equal what the same
// package computes in Node. A PKCE pair generated in the page is checked with
// node:crypto. The page must make no request off 127.0.0.1, log no error,
// and fit a 360 px wide screen. Screenshots go to test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as jose from 'jose';
import { verificationReport, calculateJwkThumbprintSync, jwtVerifySync, TokenCheckError } from 'tokencheck';
import { createStaticServer, listen } from '../../scripts/serve-www.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
const samples = JSON.parse(readFileSync(new URL('../../samples/samples.json', import.meta.url), 'utf8'));
const sampleDate = new Date(samples.verifyAt * 1000);

let server;
let base;
let context;
let page;
let profileDir;
const offsite = [];
const problems = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup-chromium.sh (scripts/test.sh does)`);
  assert.ok(existsSync(new URL('../../pkg/dist/web/tokencheck_bg.wasm', import.meta.url)), 'pkg/dist is missing: run scripts/build-pkg.sh');
  mkdirSync(OUT, { recursive: true });
  server = createStaticServer();
  base = await listen(server, 0);
  profileDir = mkdtempSync(join(tmpdir(), 'tokencheck-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
  });
  context.on('request', (r) => {
    if (!r.url().startsWith(`${base}/`) && !r.url().startsWith('data:')) offsite.push(r.url());
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(`${base}/www/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Submit the verify form (click, or `press` a key on the focused button) and wait until the page handled it. */
async function submitVerify(press) {
  const before = await page.getAttribute('#verify-form', 'data-submits');
  if (press) await page.keyboard.press(press);
  else await page.click('#verify-button');
  await page.waitForFunction((n) => document.getElementById('verify-form').dataset.submits !== n, before ?? undefined);
  const error = await page.isVisible('#form-error');
  assert.equal(error, false, error ? await page.textContent('#form-error') : '');
}

/** What the page shows: the verdict and every check line. */
async function shown() {
  return page.evaluate(() => ({
    valid: document.getElementById('verdict').dataset.valid === 'true',
    code: document.getElementById('verdict').dataset.code || null,
    verdictText: document.getElementById('verdict').textContent,
    checks: [...document.querySelectorAll('#checks tbody tr')].map((tr) => ({ id: tr.dataset.checkId, status: tr.dataset.status, code: tr.dataset.code || null })),
    thumbprint: document.getElementById('thumbprint')?.textContent ?? null,
    timing: document.getElementById('timing').textContent,
  }));
}

const lines = (r) => r.checks.map((c) => ({ id: c.id, status: c.status, code: c.code ?? null }));

test('the page is cross-origin isolated, accessible markup, every control labelled', async () => {
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
      .map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('#result', 'aria-live'), 'polite');
  assert.equal(await page.getAttribute('#form-error', 'role'), 'alert');
  assert.equal(await page.locator('input[name="profile"]').count(), 3);
});

test('every built-in sample: the verdict and every check line equal the package in Node', async () => {
  const regs = { lti: { issuer: 'https://lms.school.example', clientId: 'tool-client-123', authLoginUrl: 'https://lms.school.example/auth', acceptAnyDeployment: true } };
  for (const s of samples.samples) {
    await page.selectOption('#sample', s.id);
    assert.equal(await page.isChecked('input[name="clock"][value="sample"]'), true, `${s.id}: sample clock`);
    assert.equal(await page.isChecked(`input[name="profile"][value="${s.profile}"]`), true, `${s.id}: profile`);
    await submitVerify();
    const got = await shown();

    // the recorded verdict
    assert.equal(got.valid, s.expect.valid, `${s.id}: ${got.verdictText}`);
    if (!s.expect.valid) assert.equal(got.code, s.expect.code, s.id);
    else assert.equal(got.code, null, s.id);

    // the same report computed in Node from the same inputs
    const keys = samples.jwks[s.jwks];
    const sibling = samples.samples.find((x) => x.jwks === s.jwks && x.options.issuer);
    const options = s.profile === 'iua'
      ? { profile: 'iua', algorithms: s.options.algorithms, issuer: s.options.issuer ?? sibling.options.issuer, audience: s.options.audience ?? sibling.options.audience, requiredScopes: [], currentDate: sampleDate }
      : { profile: 'lti', registration: { ...regs.lti, algorithms: s.options.algorithms }, currentDate: sampleDate };
    const expected = verificationReport(s.token, keys, options);
    assert.deepEqual(got.checks, lines(expected), `${s.id}: check lines`);
    assert.equal(got.valid, expected.valid, s.id);
    if (expected.key) assert.equal(got.thumbprint, calculateJwkThumbprintSync(keys.keys[expected.key.index]), `${s.id}: thumbprint`);
    if (s.profile === 'lti') {
      assert.equal(got.checks.filter((c) => c.status === 'needs_context').length, 5, s.id);
      assert.match(got.verdictText, /5 checks need the login flow/);
    }
    assert.match(got.timing, /^Verification took \d+\.\d{3} ms \(mean of \d+ runs/);

    // the same sample as a generic JWT: jwtVerifySync's verdict in Node
    await page.check('input[name="profile"][value="generic"]');
    await submitVerify();
    const generic = await shown();
    let nodeVerdict;
    try {
      jwtVerifySync(s.token, keys, { ...s.options, currentDate: sampleDate });
      nodeVerdict = { valid: true, code: null };
    } catch (e) {
      assert.ok(e instanceof TokenCheckError);
      nodeVerdict = { valid: false, code: e.code };
    }
    assert.deepEqual({ valid: generic.valid, code: generic.code }, nodeVerdict, `${s.id}: generic`);
    assert.deepEqual(generic.checks, lines(verificationReport(s.token, keys, { ...s.options, currentDate: sampleDate })), `${s.id}: generic lines`);
    if (s.id === 'alg-confusion') {
      const failing = generic.checks.find((c) => c.status === 'fail');
      assert.deepEqual(failing, { id: 'jwk.selected', status: 'fail', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    }
    if (s.id === 'iua-expired') assert.equal(generic.checks.find((c) => c.status === 'fail').id, 'claim.exp');
  }
});

test('screenshots: a verified sample (desktop) and the page at 360 px', async () => {
  const shoot = async (sample, file) => {
    await page.selectOption('#sample', sample);
    await submitVerify();
    await page.evaluate(() => window.scrollTo(0, window.scrollY + document.getElementById('result').getBoundingClientRect().top - 170));
    await page.screenshot({ path: join(OUT, file) });
  };
  await shoot('iua-current', 'www-result.png'); // docs/demo.png is a copy of this one
  await shoot('alg-confusion', 'www-attack.png');
  await shoot('lti-resource-link', 'www-lti.png');
  await page.screenshot({ path: join(OUT, 'www-desktop-full.png'), fullPage: true });

  await page.setViewportSize({ width: 360, height: 800 });
  await page.selectOption('#sample', 'alg-confusion');
  await page.check('input[name="profile"][value="generic"]');
  await submitVerify();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360px screen`);
  await page.screenshot({ path: join(OUT, 'www-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });
  for (const f of ['www-result.png', 'www-attack.png', 'www-lti.png', 'www-desktop-full.png', 'www-phone.png']) assert.ok(existsSync(join(OUT, f)), f);
});

test('a pasted token: the real clock, and a chosen instant', async () => {
  const secret = new TextEncoder().encode('a-pasted-hs256-secret-of-32-bytes!!');
  const jwk = { kty: 'oct', kid: 'pasted', k: jose.base64url.encode(secret) };
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({ sub: 'someone' }).setProtectedHeader({ alg: 'HS256', kid: 'pasted' })
    .setIssuer('https://issuer.example').setAudience('api').setIssuedAt(now).setExpirationTime(now + 600).sign(secret);
  await page.selectOption('#sample', '');
  assert.equal(await page.isChecked('input[name="clock"][value="now"]'), true, 'pasted tokens default to the real clock');
  await page.check('input[name="profile"][value="generic"]');
  await page.fill('#token', token);
  await page.fill('#jwks', JSON.stringify({ keys: [jwk] }));
  await page.fill('#algorithms', 'HS256');
  await page.fill('#issuer', 'https://issuer.example');
  await page.fill('#audience', 'api');
  // keyboard: submit with Enter on the focused button
  await page.focus('#verify-button');
  await submitVerify('Enter');
  let got = await shown();
  assert.equal(got.valid, true, got.verdictText);
  assert.equal(got.thumbprint, calculateJwkThumbprintSync(jwk));

  await page.check('input[name="clock"][value="custom"]');
  await page.fill('#custom-time', new Date((now + 601) * 1000).toISOString());
  await submitVerify();
  got = await shown();
  assert.equal(got.code, 'ERR_JWT_EXPIRED');

  // the wrong key set: a clear message, no result
  await page.fill('#jwks', '{"keys":[{"kty":"oct","k":"c2hvcnQ"}]}');
  await assert.rejects(submitVerify(), /ERR_JWKS_INVALID/);
  assert.match(await page.textContent('#form-error'), /ERR_JWKS_INVALID/);
});

test('PKCE panel: the pair made in the page checks out in Node (node:crypto S256)', async () => {
  for (const length of ['', '64', '128']) {
    await page.fill('#pkce-length', length);
    const before = await page.getAttribute('#pkce-out', 'data-run');
    await page.click('#pkce-button');
    await page.waitForFunction((n) => document.getElementById('pkce-out').dataset.run !== n, before ?? undefined);
    const v = await page.inputValue('#out-verifier');
    const c = await page.inputValue('#out-challenge');
    assert.equal(v.length, length === '' ? 43 : Number(length));
    assert.match(v, /^[A-Za-z0-9\-._~]+$/);
    assert.equal(c, createHash('sha256').update(v, 'ascii').digest('base64url'), 'S256 in Node');
    const state = await page.inputValue('#out-state');
    const nonce = await page.inputValue('#out-nonce');
    assert.equal(Buffer.from(state, 'base64url').length, 32);
    assert.equal(Buffer.from(nonce, 'base64url').length, 32);
    assert.notEqual(state, nonce);
    assert.match(await page.textContent('#pkce-check'), /→ true/);
  }
  await page.click('#az-button');
  const url = new URL(await page.inputValue('#az-url'));
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('code_challenge'), await page.inputValue('#out-challenge'));
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('state'), await page.inputValue('#out-state'));

  await page.fill('#pkce-length', '42');
  await page.click('#pkce-button');
  await page.waitForSelector('#pkce-error:not([hidden])');
  assert.match(await page.textContent('#pkce-error'), /ERR_PKCE_INVALID \(verifier_length\)/);
  await page.screenshot({ path: join(OUT, 'www-pkce.png'), fullPage: true });
});

test('offline and clean: no request off 127.0.0.1, no console error', () => {
  assert.deepEqual(offsite, []);
  assert.deepEqual(problems, []);
});
