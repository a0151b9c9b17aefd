// Writes test-output/workerd-corpus.json: the differential corpus with jose's
// verdict on every case (computed here, in Node), for tests/workerd/worker.js
// to check tokencheck against inside workerd.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildCorpus, keySets, joseResolver, joseVerdict, ed25519EdgeCases } from '../js/corpus.mjs';

const sets = keySets();
const resolvers = Object.fromEntries(Object.entries(sets).map(([n, s]) => [n, joseResolver(s)]));
const cases = await buildCorpus();
for (const c of cases) c.jose = await joseVerdict(c, resolvers);
const out = new URL('../../test-output/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('workerd-corpus.json', out), JSON.stringify({ sets, cases, ed25519Edge: await ed25519EdgeCases() }));
console.log(`workerd corpus: ${cases.length} cases`);
