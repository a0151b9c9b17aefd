// The demo through the npm package: the built-in samples (samples/samples.json)
// verified in Node by `tokencheck` (imported by name, as a user would), with
// the verdicts recorded beside them. Exits non-zero on any difference.
// Run: bash scripts/build-pkg.sh && node examples/demo-npm.mjs
import { readFileSync } from 'node:fs';
import { JWKSet, jwtVerifySync, TokenCheckError } from 'tokencheck';

const samples = JSON.parse(readFileSync(new URL('../samples/samples.json', import.meta.url), 'utf8'));
const keySets = Object.fromEntries(Object.entries(samples.jwks).map(([name, jwks]) => [name, new JWKSet(jwks)]));
const currentDate = new Date(samples.verifyAt * 1000);
let failures = 0;

console.log(`npm package, Node ${process.version}: samples at ${currentDate.toISOString()}`);
for (const s of samples.samples) {
  let verdict;
  try {
    const { payload, protectedHeader } = jwtVerifySync(s.token, keySets[s.jwks], { ...s.options, currentDate });
    verdict = { valid: true };
    console.log(`\n  ${s.title}\n    VALID  alg=${protectedHeader.alg} kid=${protectedHeader.kid ?? '-'} sub=${payload.sub ?? '-'}`);
  } catch (e) {
    if (!(e instanceof TokenCheckError)) throw e;
    verdict = { valid: false, code: e.code, reason: e.reason };
    console.log(`\n  ${s.title}\n    REFUSED ${e.code} (${e.reason ?? '-'}${e.claim ? `, claim ${e.claim}` : ''})`);
  }
  const expected = s.expect;
  const same = verdict.valid === expected.valid && (expected.valid || (verdict.code === expected.code && (expected.reason === undefined || verdict.reason === expected.reason)));
  if (!same) {
    failures++;
    console.log(`    MISMATCH: recorded ${JSON.stringify(expected)}, got ${JSON.stringify(verdict)}`);
  }
}
console.log(failures ? `\n${failures} sample(s) differ from the recorded verdicts` : `\nall ${samples.samples.length} samples give the recorded verdicts`);
process.exit(failures ? 1 : 0);
