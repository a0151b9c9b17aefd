// Runs inside real workerd (`workerd test tests/workerd/config.capnp`): the
// package's workerd entry, imported by name, against jose's verdicts recorded
// by make-corpus.mjs. Any disagreement fails the test, listing every case.
import * as tc from 'tokencheck';
import { disagreement, tokencheckVerdict, runtimeOptions } from 'compare.mjs';
import corpus from 'corpus.json';

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export default {
  async test() {
    if (typeof WebAssembly.Module !== 'function' || !(tc.TokenCheckError.prototype instanceof Error)) throw new Error('bad runtime');
    const { sets, cases } = corpus;
    if (cases.length < 500) throw new Error(`corpus too small: ${cases.length}`);
    for (const alg of ALGS) if (!cases.some((c) => c.alg === alg)) throw new Error(`no case for ${alg}`);

    const keySets = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)]));
    const problems = [];
    let accepted = 0;
    for (const c of cases) {
      const t = tokencheckVerdict(tc, c, keySets);
      let p;
      try {
        const r = await tc.jwtVerify(c.token, keySets[c.set], runtimeOptions(c.options));
        p = { ok: true, payload: r.payload };
      } catch (e) {
        p = { ok: false, code: e instanceof tc.TokenCheckError ? e.code : `not a TokenCheckError: ${e}` };
      }
      const d = disagreement(c, c.jose, t) ?? (p.ok !== t.ok || p.code !== t.code ? `jwtVerify (${p.code}) differs from jwtVerifySync (${t.code})` : null);
      if (d) problems.push(`${c.id}: ${d}`);
      if (t.ok) accepted++;
    }
    // every other export once, inside workerd
    const thumb = await tc.calculateJwkThumbprint(sets.main.keys.find((k) => k.kty === 'EC'));
    if (typeof thumb !== 'string' || thumb.length !== 43) problems.push(`calculateJwkThumbprint: ${thumb}`);
    const sample = cases.find((c) => c.jose.ok);
    if (JSON.stringify(tc.decodeJwt(sample.token)) !== JSON.stringify(sample.jose.payload)) problems.push('decodeJwt differs');
    try {
      tc.decodeProtectedHeader('%');
      problems.push('decodeProtectedHeader accepted garbage');
    } catch (e) {
      if (!(e instanceof tc.TokenCheckError)) problems.push(`decodeProtectedHeader threw ${e}`);
    }

    console.log(`workerd: ${cases.length} cases, tokencheck accepted ${accepted}, ${problems.length} disagreement(s)`);
    if (problems.length) throw new Error(`${problems.length} disagreement(s) with jose inside workerd:\n${problems.join('\n')}`);
  },
};
