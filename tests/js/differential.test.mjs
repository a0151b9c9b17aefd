// tokencheck vs jose (the oracle) on the generated corpus: the same verdict on
// every token, the same error code wherever both libraries have it (expected
// differences: CODE_NOTES in corpus.mjs), the same payload and header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tc from 'tokencheck';
import { ALGS, buildCorpus, keySets, joseResolver, joseVerdict, tokencheckVerdict, disagreement } from './corpus.mjs';

const cases = await buildCorpus();
const sets = keySets();
const resolvers = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, joseResolver(s)]));
const tcSets = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, new tc.JWKSet(s)]));

test('the corpus is large and covers every algorithm', () => {
  assert.ok(cases.length >= 500, `only ${cases.length} cases`);
  for (const alg of ALGS) {
    const mine = cases.filter((c) => c.alg === alg);
    assert.ok(mine.length >= 30, `${alg}: ${mine.length} cases`);
  }
});

for (const alg of ALGS) {
  test(`tokencheck agrees with jose: ${alg}`, async () => {
    const problems = [];
    let accepted = 0;
    let rejected = 0;
    for (const c of cases.filter((x) => x.alg === alg)) {
      const j = await joseVerdict(c, resolvers);
      const t = tokencheckVerdict(tc, c, tcSets);
      // the Promise form gives the same verdict
      let p;
      try {
        const r = await tc.jwtVerify(c.token, tcSets[c.set], { ...c.options, currentDate: new Date(c.options.currentDate * 1000) });
        p = { ok: true, payload: r.payload, protectedHeader: r.protectedHeader };
      } catch (e) {
        p = { ok: false, code: e instanceof tc.TokenCheckError ? e.code : `not a TokenCheckError: ${e}`, claim: e.claim, reason: e.reason };
      }
      const d = disagreement(c, j, t) ?? (p.ok !== t.ok || p.code !== t.code ? `jwtVerify (${p.code}) differs from jwtVerifySync (${t.code})` : null);
      if (d) problems.push(`${c.id}: ${d}`);
      if (j.ok) accepted++;
      else rejected++;
    }
    assert.ok(accepted >= 15 && rejected >= 15, `${alg}: jose accepted ${accepted}, rejected ${rejected}`);
    assert.deepEqual(problems, [], `${problems.length} disagreement(s) with jose on ${alg}:\n${problems.join('\n')}`);
  });
}
