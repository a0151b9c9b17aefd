// The demo page. No bundler: imports the browser entry of the npm package.
// Every check shown comes from the Rust core (verificationReport); this file
// only reads the form, calls it and renders what it returns — with
// textContent only, since tokens and keys are hostile input.
import init, {
  JWKSet,
  verificationReport,
  generateCodeVerifier,
  calculateCodeChallenge,
  verifyCodeChallenge,
  generateState,
  generateNonce,
  buildAuthorizationUrl,
  TokenCheckError,
} from '../pkg/web.js';

const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== undefined && c !== null) e.append(c);
  return e;
}

const STATUS_TEXT = {
  pass: '✓ pass',
  fail: '✗ FAIL',
  not_run: '– not run',
  not_configured: '○ not configured',
  needs_context: '? needs context',
};

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

let samples = null;

function iso(seconds) {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('.000Z', 'Z');
}

function list(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

// ---------------------------------------------------------------- the form

function profile() {
  return document.querySelector('input[name="profile"]:checked').value;
}

function setProfile(p) {
  document.querySelector(`input[name="profile"][value="${p}"]`).checked = true;
  $('verify-form').dataset.profile = p;
}

function setClock(mode) {
  document.querySelector(`input[name="clock"][value="${mode}"]`).checked = true;
}

function fillSample(id) {
  const s = samples.samples.find((x) => x.id === id);
  if (!s) {
    $('sample-hint').textContent = 'Paste a token and the keys to verify it with.';
    setClock('now');
    return;
  }
  $('token').value = s.token;
  $('jwks').value = JSON.stringify(samples.jwks[s.jwks], null, 2);
  $('algorithms').value = s.options.algorithms.join(', ');
  // A sample without issuer/audience (the attack) gets those of the other
  // samples with the same key set: the same deployment's configuration.
  const sibling = samples.samples.find((x) => x.jwks === s.jwks && x.options.issuer && x.options.audience);
  $('issuer').value = s.options.issuer ?? sibling?.options.issuer ?? '';
  $('audience').value = s.options.audience ?? sibling?.options.audience ?? '';
  $('scopes').value = '';
  $('deployment').value = '';
  setProfile(s.profile);
  setClock('sample');
  const expect = s.expect.valid ? 'expected: valid' : `expected: refused with ${s.expect.code}`;
  $('sample-hint').textContent = `${s.title} — ${expect}. Verified at the sample clock ${iso(samples.verifyAt)}.`;
}

/** The instant to verify at, from the clock choice. */
function currentDate() {
  const mode = document.querySelector('input[name="clock"]:checked').value;
  if (mode === 'sample') return new Date(samples.verifyAt * 1000);
  if (mode === 'custom') {
    const text = $('custom-time').value.trim();
    const d = new Date(text);
    if (!text || Number.isNaN(d.getTime())) throw new Error('Enter the instant as ISO 8601, e.g. 2026-11-01T10:00:00Z.');
    return d;
  }
  return new Date();
}

/** verificationReport options for the chosen profile. */
function reportOptions() {
  const p = profile();
  const algorithms = list($('algorithms').value);
  const issuer = $('issuer').value.trim();
  const audience = $('audience').value.trim();
  const at = currentDate();
  if (p === 'generic') {
    return { profile: 'generic', algorithms, issuer: issuer || undefined, audience: audience || undefined, currentDate: at };
  }
  if (p === 'iua') {
    if (!issuer || !audience) throw new Error('The IUA profile needs the expected issuer and this resource server’s audience.');
    return { profile: 'iua', algorithms, issuer, audience, requiredScopes: list($('scopes').value), currentDate: at };
  }
  if (!issuer || !audience) throw new Error('The LTI profile needs the platform issuer and the tool’s client_id (audience).');
  const deployment = $('deployment').value.trim();
  const registration = {
    issuer,
    clientId: audience,
    // not used when verifying an id_token (only by the login step)
    authLoginUrl: `${issuer.replace(/\/$/, '')}/auth`,
    algorithms,
    ...(deployment ? { deploymentIds: [deployment] } : { acceptAnyDeployment: true }),
  };
  return { profile: 'lti', registration, currentDate: at };
}

// ---------------------------------------------------------------- results

function valueCell(name, value) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const td = el('td', { class: 'value' }, text);
  if (TIME_CLAIMS.has(name) && typeof value === 'number') td.append(el('span', { class: 'detail' }, iso(value)));
  return td;
}

function fillTable(table, object) {
  const body = table.tBodies[0];
  body.replaceChildren();
  if (!object) {
    body.append(el('tr', {}, el('td', { colspan: 2, class: 'muted' }, 'Not decodable as a JSON object.')));
    return;
  }
  for (const [k, v] of Object.entries(object)) body.append(el('tr', {}, el('th', { scope: 'row' }, k), valueCell(k, v)));
}

function render(r, timing) {
  const verdict = $('verdict');
  verdict.dataset.valid = String(r.valid);
  verdict.dataset.code = r.error ? r.error.code : '';
  if (r.valid) {
    const needs = r.profile === 'lti' ? 'the login flow' : 'the HTTP request';
    verdict.textContent = r.needsContext
      ? `VALID as far as the token alone can show — ${r.needsContext} check${r.needsContext > 1 ? 's' : ''} need${r.needsContext > 1 ? '' : 's'} ${needs}`
      : 'VALID';
  } else {
    const e = r.error;
    verdict.textContent = `REFUSED: ${e.code}${e.reason ? ` (${e.reason}${e.claim ? `, claim ${e.claim}` : ''})` : ''} — ${e.message}`;
  }
  $('timing').textContent = timing;

  const note = $('context-note');
  note.hidden = r.needsContext === 0;
  note.textContent =
    r.profile === 'lti'
      ? 'A bare id_token has no login record: the state, the login record, the nonce’s match with the login and its single use, and target_link_uri against the login are decided by the launch flow (OIDC login, then the launch with its state and nonce stores), not here. Every other check ran exactly as in a launch.'
      : 'The request checks (the patient of the request against person_id / patient_id) need the HTTP request.';

  const body = $('checks').tBodies[0];
  body.replaceChildren();
  for (const c of r.checks) {
    const title = el('td', {}, c.title);
    if (c.note) title.append(el('span', { class: 'detail' }, c.note));
    if (c.message) title.append(el('span', { class: 'detail' }, c.message));
    const code = c.code ? `${c.code}${c.reason ? ` / ${c.reason}` : ''}${c.claim ? ` / ${c.claim}` : ''}` : '';
    body.append(
      el('tr', { 'data-check-id': c.id, 'data-status': c.status, 'data-code': c.code ?? '' },
        el('td', { class: 'status' }, STATUS_TEXT[c.status] ?? c.status),
        title,
        el('td', { class: 'code' }, el('code', {}, code)),
        el('td', { class: 'ref' }, c.ref)),
    );
  }

  const key = $('key');
  key.replaceChildren();
  if (r.key) {
    const j = r.key.jwk;
    key.append(el('dl', { class: 'key', 'data-thumbprint': r.key.thumbprint },
      el('dt', {}, 'kid'), el('dd', {}, j.kid ?? '(none)'),
      el('dt', {}, 'kty / crv / alg'), el('dd', {}, [j.kty, j.crv, j.alg].filter(Boolean).join(' / ')),
      el('dt', {}, 'Position in the set'), el('dd', {}, `#${r.key.index}`),
      el('dt', {}, 'RFC 7638 thumbprint (SHA-256)'), el('dd', { id: 'thumbprint' }, r.key.thumbprint)));
  } else {
    key.append(el('p', { class: 'muted' }, 'No key was selected (the verification stopped before key selection, or no key fits).'));
  }

  const state = r.signatureVerified ? 'signature verified' : 'NOT verified';
  for (const id of ['header-state', 'claims-state']) {
    $(id).textContent = state;
    $(id).dataset.verified = String(r.signatureVerified);
  }
  fillTable($('header-table'), r.header);
  fillTable($('claims-table'), r.claims);
  $('result').hidden = false;
}

/**
 * Verify with the report, then time it: the first call, and the mean over
 * repeated calls for at least 50 ms (performance.now() is coarse in
 * browsers; the page is cross-origin isolated, which makes it finer).
 */
function verify() {
  try {
    verifyOnce();
  } finally {
    const form = $('verify-form');
    form.dataset.submits = String(Number(form.dataset.submits ?? 0) + 1);
  }
}

function verifyOnce() {
  const err = $('form-error');
  err.hidden = true;
  let keys;
  let options;
  try {
    options = reportOptions();
    if (options.algorithms !== undefined && options.algorithms.length === 0) throw new Error('List at least one allowed algorithm.');
    keys = new JWKSet($('jwks').value);
  } catch (e) {
    err.textContent = e instanceof TokenCheckError ? `The keys or options were refused: ${e.code} — ${e.message}` : e.message;
    err.hidden = false;
    $('result').hidden = true;
    return;
  }
  const token = $('token').value.trim();
  try {
    const t0 = performance.now();
    const r = verificationReport(token, keys, options);
    const first = performance.now() - t0;
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 50 && runs < 2000) {
      verificationReport(token, keys, options);
      runs++;
      elapsed = performance.now() - start;
    }
    const mean = elapsed / runs;
    const timing = `Verification took ${mean.toFixed(3)} ms (mean of ${runs} runs in this browser; first run ${first.toFixed(3)} ms).`;
    render(r, timing);
    $('result').dataset.profile = r.profile;
    $('result').focus();
  } catch (e) {
    err.textContent = e instanceof TokenCheckError ? `${e.code} — ${e.message}` : String(e);
    err.hidden = false;
  }
}

// ---------------------------------------------------------------- PKCE panel

function generate() {
  const err = $('pkce-error');
  err.hidden = true;
  const text = $('pkce-length').value.trim();
  try {
    const verifier = generateCodeVerifier(text === '' ? undefined : Number(text));
    const challenge = calculateCodeChallenge(verifier);
    $('out-verifier').value = verifier;
    $('out-challenge').value = challenge;
    $('out-state').value = generateState();
    $('out-nonce').value = generateNonce();
    $('pkce-check').textContent = `verifyCodeChallenge(code_verifier, code_challenge) → ${verifyCodeChallenge(verifier, challenge)} · verifier ${verifier.length} characters`;
    $('pkce-out').hidden = false;
    $('pkce-out').dataset.run = String(Number($('pkce-out').dataset.run ?? 0) + 1);
    $('az-url').value = '';
  } catch (e) {
    err.textContent = e instanceof TokenCheckError ? `${e.code} (${e.reason}) — ${e.message}` : String(e);
    err.hidden = false;
  }
}

function buildUrl() {
  const err = $('pkce-error');
  err.hidden = true;
  try {
    $('az-url').value = buildAuthorizationUrl($('az-endpoint').value.trim(), {
      client_id: $('az-client').value.trim(),
      redirect_uri: $('az-redirect').value.trim(),
      scope: $('az-scope').value.trim() || undefined,
      state: $('out-state').value,
      nonce: $('out-nonce').value,
      code_challenge: $('out-challenge').value,
    });
  } catch (e) {
    err.textContent = e instanceof TokenCheckError ? `${e.code} (${e.reason}) — ${e.message}` : String(e);
    err.hidden = false;
  }
}

// ---------------------------------------------------------------- start

async function start() {
  const status = $('load-status');
  try {
    await init();
    const res = await fetch('../samples/samples.json');
    if (!res.ok) throw new Error(`samples.json: HTTP ${res.status}`);
    samples = await res.json();
  } catch (e) {
    status.textContent = `Could not load the page’s files: ${e.message}. Serve the repository with scripts/demo.sh.`;
    status.classList.add('error');
    return;
  }
  const select = $('sample');
  for (const s of samples.samples) select.append(el('option', { value: s.id }, s.title));
  $('sample-clock').textContent = `(${iso(samples.verifyAt)})`;
  select.addEventListener('change', () => fillSample(select.value));
  for (const r of document.querySelectorAll('input[name="profile"]')) r.addEventListener('change', () => setProfile(profile()));
  $('custom-time').addEventListener('focus', () => setClock('custom'));
  $('verify-form').addEventListener('submit', (e) => {
    e.preventDefault();
    verify();
  });
  $('pkce-form').addEventListener('submit', (e) => {
    e.preventDefault();
    generate();
  });
  $('az-button').addEventListener('click', buildUrl);
  setProfile(profile());
  status.textContent = `Ready: ${samples.samples.length} built-in samples, WebAssembly loaded.`;
  document.body.dataset.ready = 'true';
}

start();
