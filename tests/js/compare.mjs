// Verdict comparison shared by the Node tests and the workerd test (no Node
// APIs here: tests/workerd/config.capnp embeds this file as a module).

// Expected code differences, by case. Everything else must match exactly.
export const CODE_NOTES = {
  // The token's kid names a key whose family or own `alg` does not fit the
  // token's alg. jose's JWK Set filters that key out and reports no key;
  // tokencheck finds the key by kid and refuses the algorithm for it
  // (RFC 8725 §3.1 key/algorithm binding) — the more precise diagnosis.
  'kid-alg-binding': { jose: 'ERR_JWKS_NO_MATCHING_KEY', tokencheck: 'ERR_JOSE_ALG_NOT_ALLOWED' },
  // An `alg` tokencheck does not implement (ES256K) is refused while the
  // header is parsed, as unsupported (shared/specs/attacks.md #40); jose checks
  // its allow-list first and reports "not allowed". Both reject.
  'unknown-alg': { jose: 'ERR_JOSE_ALG_NOT_ALLOWED', tokencheck: 'ERR_JOSE_NOT_SUPPORTED' },
};

// Dates for a case's options.
export function runtimeOptions(options) {
  const o = { ...options };
  if (o.currentDate !== undefined) o.currentDate = new Date(o.currentDate * 1000);
  return o;
}

export const pick = (e) => ({ ok: false, code: e.code ?? `(no code: ${e.name}: ${e.message})`, ...(e.claim !== undefined ? { claim: e.claim } : {}), ...(e.reason !== undefined ? { reason: e.reason } : {}) });

/** tokencheck's verdict on a case (sync API; `tc` is the imported package). */
export function tokencheckVerdict(tc, c, keySetsByName) {
  try {
    const r = tc.jwtVerifySync(c.token, keySetsByName[c.set], runtimeOptions(c.options));
    return { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
  } catch (e) {
    if (!(e instanceof tc.TokenCheckError)) return { ok: false, code: `(not a TokenCheckError: ${e})` };
    return pick(e);
  }
}

const canon = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));

/** null when the verdicts agree, else a description of the disagreement. */
export function disagreement(c, j, t) {
  if (j.ok !== t.ok) return `verdict: jose ${j.ok ? 'accepts' : `rejects (${j.code})`}, tokencheck ${t.ok ? 'accepts' : `rejects (${t.code})`}`;
  if (j.ok) {
    if (canon(j.payload) !== canon(t.payload)) return `payload differs: jose ${canon(j.payload)} tokencheck ${canon(t.payload)}`;
    if (canon(j.protectedHeader) !== canon(t.protectedHeader)) return 'protectedHeader differs';
    return null;
  }
  const note = c.allow && CODE_NOTES[c.allow];
  if (j.code !== t.code && !(note && note.jose === j.code && note.tokencheck === t.code)) return `code: jose ${j.code}, tokencheck ${t.code}`;
  if (j.code === t.code && j.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (j.claim !== t.claim || j.reason !== t.reason)) {
    return `claim/reason: jose ${j.claim}/${j.reason}, tokencheck ${t.claim}/${t.reason}`;
  }
  if (j.code === t.code && j.code === 'ERR_JWT_EXPIRED' && j.claim !== t.claim) return `expired claim: jose ${j.claim}, tokencheck ${t.claim}`;
  return null;
}
