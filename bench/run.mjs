// Side-by-side benchmark: tokencheck vs jose vs fast-jwt, in Node and in
// workerd, on the same tokens, keys and options. One command:
//
//   node bench/run.mjs            (npm run bench)   — after scripts/build-pkg.sh
//   node bench/run.mjs --quick    smoke run (tiny batches; what the tests run)
//   options: --rounds N  --batch-ms N  --no-workerd  --kinds IUA,LTI  --algs RS256,...
//            --json FILE (all figures)  --markdown FILE (the tables)
//
// Prints µs per verification (median of interleaved rounds, ± half the
// min–max spread) and each figure's ratio to jose's (t / t_jose: 0.05 means
// 20× faster than jose; the median of the ratios taken round by round), then
// the cold start, the .wasm gzip size and the issue's targets with MET /
// NOT MET. Timings are never asserted by the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import * as tc from 'tokencheck';
import * as jose from 'jose';
import { createVerifier as fastJwtVerifier } from 'fast-jwt';
import { ALGS, KINDS, makeFixtures } from './fixtures.mjs';
import { measure, sinkValue } from './measure.mjs';
import { tokencheckCases, joseCases, primitiveCases } from './cases.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const quick = flag('--quick');
const rounds = Number(value('--rounds', quick ? 1 : 9));
const batchMs = Number(value('--batch-ms', quick ? 1 : 25));
const kinds = value('--kinds', quick ? 'IUA' : KINDS.join(',')).split(',');
const algs = value('--algs', ALGS.join(',')).split(',');
const coldRuns = quick ? 2 : 15;

const log = (...a) => console.error(...a);
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

// ---------------------------------------------------------------- fixtures
const fixtures = await makeFixtures();

// ---------------------------------------------------------------- Node
function fastJwtCases(fx, kind) {
  const key = fx.alg === 'HS256' ? Buffer.from(fx.secret) : fx.pem;
  const o = { key, algorithms: [fx.alg], allowedIss: fx.options[kind].issuer, allowedAud: fx.options[kind].audience };
  const plain = fastJwtVerifier(o);
  const cached = fastJwtVerifier({ ...o, cache: 1000 });
  const token = fx.tokens[kind];
  const cases = [
    { name: 'fast-jwt', fn: () => plain(token) },
    { name: 'fast-jwt cached', fn: () => cached(token) },
  ];
  for (const c of cases) if (c.fn().iss !== fx.options[kind].issuer) throw new Error(`fast-jwt ${fx.alg} did not verify`);
  return cases;
}

// node:crypto's verify with a KeyObject made once (as a server would keep it).
function nodeCryptoCase(fx) {
  if (fx.alg === 'HS256') return [];
  const token = fx.tokens.IUA;
  const dot = token.lastIndexOf('.');
  const data = Buffer.from(token.slice(0, dot));
  const sig = Buffer.from(token.slice(dot + 1), 'base64url');
  const key = createPublicKey(fx.pem);
  const fn = {
    RS256: () => nodeVerify('sha256', data, key, sig),
    PS256: () => nodeVerify('sha256', data, { key, padding: 6, saltLength: 32 }, sig), // 6: RSA_PKCS1_PSS_PADDING
    ES256: () => nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig),
    EdDSA: () => nodeVerify(null, data, key, sig),
  }[fx.alg];
  if (fn() !== true) throw new Error(`node:crypto ${fx.alg} did not verify`);
  return [{ name: 'node:crypto verify', fn }];
}

// The wasm primitive in Node: an API without node:crypto over a second copy
// of the package's generated file (its own glue and wasm instance), since
// the package in Node hands RSA, ECDSA and HMAC to node:crypto (pkg/lib/api.js,
// "node:crypto in Node"). A second API over the
// package's own glue is avoided: Node 20's V8 can crash with two APIs
// calling one glue (tests/js/node-crypto.test.mjs says more).
function wasmOnlyApi() {
  const require = createRequire(import.meta.url);
  const dist = join(root, 'pkg/dist/node.cjs');
  require(dist);
  const own = require.cache[dist];
  delete require.cache[dist];
  const second = require(dist);
  require.cache[dist] = own;
  return second.createApi(second.raw, () => true);
}
const tcWasm = wasmOnlyApi();

// In Node the package answers RSA, ECDSA and HMAC with node:crypto, sync and
// async: each fresh async case must have exactly one node:crypto verdict
// that passed (none for EdDSA, in wasm) and none from WebCrypto, or the
// benchmark would time another path under the async name.
async function checkNodeHandOff(id, c, alg) {
  const nodeCrypto = createRequire(import.meta.url)('node:crypto'); // the object the package calls
  const { verify, timingSafeEqual } = nodeCrypto;
  const subtle = globalThis.crypto.subtle;
  const webVerify = subtle.verify;
  const answers = [];
  let web = 0;
  nodeCrypto.verify = function (...args) {
    const ok = verify.apply(this, args);
    answers.push(ok);
    return ok;
  };
  nodeCrypto.timingSafeEqual = function (...args) {
    const ok = timingSafeEqual.apply(this, args);
    answers.push(ok);
    return ok;
  };
  subtle.verify = function (...args) {
    web++;
    return webVerify.apply(this, args);
  };
  try {
    await c.fn();
  } finally {
    nodeCrypto.verify = verify;
    nodeCrypto.timingSafeEqual = timingSafeEqual;
    subtle.verify = webVerify;
  }
  const expected = alg === 'EdDSA' ? 0 : 1;
  if (web !== 0 || answers.length !== expected || answers.some((a) => a !== true)) {
    throw new Error(`bench case ${id}: node:crypto verdicts ${JSON.stringify(answers)} (expected ${expected}), WebCrypto calls ${web}`);
  }
}

log(`bench: Node ${process.version}, ${rounds} round(s) × ~${batchMs} ms batches, kinds ${kinds.join(',')}, algs ${algs.join(',')}`);
const nodeCases = [];
for (const kind of kinds) {
  for (const alg of algs) {
    const fx = fixtures[alg];
    for (const c of [...(await tokencheckCases(tc, fx, kind, checkNodeHandOff)), ...(await joseCases(jose, fx, kind)), ...fastJwtCases(fx, kind)]) {
      nodeCases.push({ ...c, id: `${kind} ${alg} ${c.name}` });
    }
  }
}
for (const alg of algs) {
  for (const c of [...(await primitiveCases(tcWasm, fixtures[alg])), ...nodeCryptoCase(fixtures[alg])]) nodeCases.push({ ...c, id: `PRIM ${alg} ${c.name}` });
}
log(`bench: timing ${nodeCases.length} Node cases`);
const node = await measure(nodeCases, { rounds, batchMs, clock: () => performance.now() });

// ---------------------------------------------------------------- workerd
let workerd = null;
if (!flag('--no-workerd')) {
  const dir = join(root, 'test-output', 'bench-workerd');
  mkdirSync(dir, { recursive: true });
  const rel = (p) => relative(dir, join(root, p));
  const joseDir = join(root, 'node_modules/jose/dist/webapi');
  const joseFiles = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.js')) joseFiles.push(relative(root, p));
    }
  };
  walk(joseDir);
  const fixturesForWorker = {};
  for (const alg of algs) {
    const { secret, pem, ...rest } = fixtures[alg];
    void secret;
    void pem;
    fixturesForWorker[alg] = rest;
  }
  // Date.now() in Workers has millisecond resolution: batches twice as long
  writeFileSync(join(dir, 'fixtures.json'), JSON.stringify({ fixtures: fixturesForWorker, kinds, algs, rounds, batchMs: batchMs * 2 }));
  const mod = (name, kind, path) => `    (name = ${JSON.stringify(name)}, ${kind} = embed ${JSON.stringify(path)}),`;
  const config = `# GENERATED by bench/run.mjs — the benchmark inside workerd.
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "bench", worker = .bench), (name = "echo", worker = .echo) ],
);
const echo :Workerd.Worker = (
  modules = [ ${mod('echo.js', 'esModule', rel('bench/workerd/echo.js')).trim().replace(/,$/, '')} ],
  compatibilityDate = "2025-09-01",
);
const bench :Workerd.Worker = (
  modules = [
${mod('bench.js', 'esModule', rel('bench/workerd/bench.js'))}
${mod('bench/measure.mjs', 'esModule', rel('bench/measure.mjs'))}
${mod('bench/cases.mjs', 'esModule', rel('bench/cases.mjs'))}
${mod('fixtures.json', 'json', 'fixtures.json')}
${mod('tokencheck', 'esModule', rel('pkg/workerd.js'))}
${readdirSync(join(root, 'pkg/lib')).filter((f) => f.endsWith('.js')).map((f) => mod(`lib/${f}`, 'esModule', rel(`pkg/lib/${f}`))).join('\n')}
${mod('dist/web/tokencheck.js', 'esModule', rel('pkg/dist/web/tokencheck.js'))}
${mod('dist/web/tokencheck_bg.wasm', 'wasm', rel('pkg/dist/web/tokencheck_bg.wasm'))}
${joseFiles.map((f) => mod(f, 'esModule', rel(f))).join('\n')}
  ],
  bindings = [ (name = "ECHO", service = "echo") ],
  compatibilityDate = "2025-09-01",
);
`;
  writeFileSync(join(dir, 'config.capnp'), config);
  log('bench: timing inside workerd');
  const r = spawnSync(join(root, 'node_modules/.bin/workerd'), ['test', join(dir, 'config.capnp')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${r.stdout}\n${r.stderr}`;
  const line = out.split('\n').find((l) => l.includes('BENCH_RESULT '));
  if (r.status !== 0 || !line) throw new Error(`workerd bench failed (exit ${r.status}):\n${out.slice(-4000)}`);
  for (const l of out.split('\n')) if (l.includes('skipped in workerd')) log(`bench: ${l.trim()}`);
  workerd = JSON.parse(line.slice(line.indexOf('BENCH_RESULT ') + 13));
}

// ---------------------------------------------------------------- cold start, size
// tokencheck, jose, fast-jwt, an empty module (Node's own floor for a
// first dynamic import) and `floor` (bench/cold-floor.mjs: the .wasm's read,
// compile and instantiation and the compile of the package's JavaScript,
// timed inside the module), interleaved run by run so drift hits all alike
const COLD_SUBJECTS = ['tokencheck', 'jose', 'fast-jwt', 'empty', 'floor'];
const coldBy = Object.fromEntries(COLD_SUBJECTS.map((s) => [s, []]));
for (let i = 0; i < coldRuns; i++) {
  for (const s of COLD_SUBJECTS) {
    const out = execFileSync(process.execPath, [join(root, 'bench/cold.mjs'), s], { cwd: root, encoding: 'utf8' });
    coldBy[s].push(JSON.parse(out));
  }
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// per subject: medians of import wall / CPU time and of the first
// verification, and the spread of the wall times
const coldSummary = Object.fromEntries(COLD_SUBJECTS.map((s) => {
  const wall = coldBy[s].map((c) => c.importMs);
  return [s, {
    importMs: med(wall),
    importCpuMs: med(coldBy[s].map((c) => c.importCpuMs)),
    firstVerifyMs: med(coldBy[s].map((c) => c.firstVerifyMs)),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
  }];
}));
// The floor under tokencheck's import on this runtime: Node's first import
// (the empty module) plus reading, compiling and instantiating the .wasm,
// which any package shipping this module pays. The JavaScript's compile is
// reported beside it: it depends on how much JS the package loads at import.
// Only the parts timed inside cold-floor.mjs count (its import figure also
// holds loading node:fs and node:vm, which tokencheck does not pay).
const floor = {
  wasmMs: med(coldBy.floor.map((c) => c.wasmMs)),
  jsCompileMs: med(coldBy.floor.map((c) => c.jsCompileMs)),
};
floor.totalMs = coldSummary.empty.importMs + floor.wasmMs;
const wasm = readFileSync(join(root, 'pkg/dist/web/tokencheck_bg.wasm'));
const wasmGzip = gzipSync(wasm, { level: 9 }).length;

// ---------------------------------------------------------------- report
// t_a / t_b round by round (the two batches ran in the same round, close in
// time, so most of the machine's drift cancels), summarised by the median of
// those ratios; the ratio of the medians for results without per-round
// samples. On a shared machine this is far steadier than dividing two
// medians taken over the whole run.
const pairedRatios = (res, a, b) => {
  const x = res && res[a];
  const y = res && res[b];
  if (!x || !y) return null;
  if (!x.samples || !y.samples || x.samples.length !== y.samples.length) return [x.us / y.us];
  return x.samples.map((v, i) => v / y.samples[i]);
};
const ratio = (res, a, b) => {
  const r = pairedRatios(res, a, b);
  return r ? med(r) : NaN;
};
const ratioSpread = (res, a, b) => {
  const r = pairedRatios(res, a, b);
  return r ? `per round ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}` : '';
};
const lines = [];
const say = (s = '') => lines.push(s);
const cell = (res, id, joseId) => {
  const r = res[id];
  if (!r) return '–';
  const spread = r.us > 0 ? Math.round(((r.max - r.min) / 2 / r.us) * 100) : 0;
  const j = joseId && res[joseId];
  return `${fmt(r.us)} ±${spread}%${j ? ` (${ratio(res, id, joseId).toFixed(2)})` : ''}`;
};

function table(title, res, columns) {
  say(`### ${title}`);
  say();
  say(`| token | alg | ${columns.join(' | ')} |`);
  say(`|---|---|${columns.map(() => '---:').join('|')}|`);
  for (const kind of kinds) {
    for (const alg of algs) {
      const base = `${kind} ${alg}`;
      say(`| ${kind} | ${alg} | ${columns.map((c) => cell(res, `${base} ${c}`, c === 'jose' ? null : `${base} jose`)).join(' | ')} |`);
    }
  }
  say();
}

const tcColumns = ['tc sync', 'tc async', 'tc verifier sync', 'tc verifier async', 'tc cached sync', 'tc cached async', 'tc IUA sync', 'tc IUA async', 'tc IUA cached', 'jose'];
say(`## Benchmark: µs per verification (median of ${rounds} interleaved rounds ± half the spread), (t / t_jose: median of the ${rounds} per-round ratios)`);
say();
say(`Node ${process.version} on ${process.platform}/${process.arch}; tokens: IHE IUA access token (${fixtures.RS256.tokens.IUA.length} bytes as RS256) and LTI 1.3 id_token (${fixtures.RS256.tokens.LTI.length} bytes); a JWKS of 3 keys per algorithm; options { algorithms: [alg], issuer, audience } for every library.`);
say();
table('Node', node.results, [...tcColumns, 'fast-jwt', 'fast-jwt cached']);
if (workerd) {
  table('workerd (tokencheck and jose)', workerd.results, tcColumns);
  say(`workerd timing: every batch runs between two awaited fetches to a second service (Workers advance their clock only at I/O; an empty boundary pair, ${workerd.boundaryMs.toFixed(2)} ms here, is subtracted). Clock advanced during synchronous code in this workerd build: ${workerd.clockMovesWithoutIo ? 'yes (local workerd; production Workers freeze it — the method is the same either way)' : 'no'}.`);
  say();
}
say('### Signature primitives alone (IUA token signing input; µs)');
say();
say('| alg | WebCrypto verify | wasm primitive | node:crypto verify | WebCrypto (workerd) | wasm primitive (workerd) |');
say('|---|---:|---:|---:|---:|---:|');
for (const alg of algs) {
  const p = (res, n) => (res && res[`PRIM ${alg} ${n}`] ? fmt(res[`PRIM ${alg} ${n}`].us) : '–');
  say(`| ${alg} | ${p(node.results, 'WebCrypto verify')} | ${p(node.results, 'wasm primitive')} | ${p(node.results, 'node:crypto verify')} | ${p(workerd?.results, 'WebCrypto verify')} | ${p(workerd?.results, 'wasm primitive')} |`);
}
say();
say('"wasm primitive": compactVerifySync of a minimal JWS (header {alg,kid}, payload "x") — the signature check plus a few µs of framing; in Node on an instance without node:crypto (in Node the package hands RSA, ECDSA and HMAC to node:crypto, sync and async: the "tc" columns).');
say();
say(`### Cold start (Node, fresh process per run, median of ${coldRuns} runs each, interleaved; ms)`);
say();
say('| subject | import wall | import CPU (all threads) | spread (wall) | first verification after import |');
say('|---|---:|---:|---:|---:|');
for (const s of COLD_SUBJECTS.filter((s) => s !== 'floor')) {
  const c = coldSummary[s];
  const first = s === 'empty' ? '–' : c.firstVerifyMs.toFixed(2);
  say(`| ${s === 'empty' ? 'empty ES module (Node\'s floor)' : s} | ${c.importMs.toFixed(2)} | ${c.importCpuMs.toFixed(2)} | ${c.minMs.toFixed(1)}–${c.maxMs.toFixed(1)} | ${first} |`);
}
say();
say("tokencheck's import includes reading, compiling and instantiating the .wasm; the first verification is an HS256 token with a forged signature (every check up to the signature), with jose's jwtVerify and fast-jwt's createVerifier for theirs.");
say();
say(`Floor, in the same fresh processes (bench/cold-floor.mjs, medians): reading, compiling and instantiating this .wasm alone, with no-op imports and no JavaScript, takes ${floor.wasmMs.toFixed(2)} ms; with Node's first import (${coldSummary.empty.importMs.toFixed(2)} ms) that is ${floor.totalMs.toFixed(2)} ms that any package shipping this module pays in Node ${process.versions.node} (V8 ${process.versions.v8}). Compiling, without running, the JavaScript that tokencheck's Node entry loads (the wasm-bindgen glue and the API) takes ${floor.jsCompileMs.toFixed(2)} ms more.`);
say();
say(`tokencheck_bg.wasm: ${wasm.length} bytes raw, ${wasmGzip} bytes gzip (Node zlib, level 9; ${(wasmGzip / 1000).toFixed(1)} KB, ${(wasmGzip / 1024).toFixed(1)} KiB).`);
say();

// targets
const targets = [];
const target = (name, ok, detail) => targets.push(`| ${ok === null ? 'n/a' : ok ? 'MET' : 'NOT MET'} | ${name} | ${detail} |`);
const rows = kinds.flatMap((k) => algs.map((a) => `${k} ${a}`));
const worst = (res, f) => rows.map((r) => [r, f(r)]).filter(([, x]) => Number.isFinite(x)).reduce((w, x) => (w === null || x[1] < w[1] ? x : w), null);
for (const mode of ['sync', 'async']) {
  const w = worst(node.results, (r) => ratio(node.results, `${r} jose`, `${r} tc cached ${mode}`));
  if (w) target(`cached (${mode}) >= 20x faster than jose (Node)`, w[1] >= 20, `slowest row ${w[0]}: ${w[1].toFixed(1)}x`);
  const f = worst(node.results, (r) => ratio(node.results, `${r} fast-jwt cached`, `${r} tc cached ${mode}`));
  if (f) target(`cached (${mode}) faster than fast-jwt's cache (Node)`, f[1] > 1, `slowest row ${f[0]}: fast-jwt cached / tc cached = ${f[1].toFixed(2)}`);
  if (workerd) {
    const ww = worst(workerd.results, (r) => ratio(workerd.results, `${r} jose`, `${r} tc cached ${mode}`));
    if (ww) target(`cached (${mode}) >= 20x faster than jose (workerd)`, ww[1] >= 20, `slowest row ${ww[0]}: ${ww[1].toFixed(1)}x`);
  }
}
for (const [where, res] of [['Node', node.results], ['workerd', workerd?.results]]) {
  if (!res) continue;
  for (const alg of algs) {
    const rs = kinds.map((k) => [k, ratio(res, `${k} ${alg} tc async`, `${k} ${alg} jose`)]).filter(([, x]) => Number.isFinite(x));
    if (!rs.length) continue;
    const [wk, w] = rs.reduce((a, b) => (b[1] > a[1] ? b : a));
    const limit = ['RS256', 'ES256', 'PS256'].includes(alg) ? 1.1 : 1.0;
    const name = limit > 1 ? `async ${alg} within 1.1x of jose (${where})` : `async ${alg} faster than jose (${where})`;
    const others = rs.filter(([k]) => k !== wk).map(([k, x]) => `, ${k} ${x.toFixed(2)}`).join('');
    target(name, limit > 1 ? w <= limit : w < limit, `worst t/t_jose ${w.toFixed(2)} (${wk}; ${ratioSpread(res, `${wk} ${alg} tc async`, `${wk} ${alg} jose`)})${others}`);
  }
}
if (algs.includes('RS256')) {
  const r = ratio(node.results, 'PRIM RS256 wasm primitive', 'PRIM RS256 WebCrypto verify');
  const e = kinds.map((k) => ratio(node.results, `${k} RS256 tc sync`, 'PRIM RS256 WebCrypto verify')).filter(Number.isFinite);
  target('sync RS256 <= 2x WebCrypto (Node)', r <= 2, `wasm primitive / WebCrypto = ${r.toFixed(2)}; whole jwtVerifySync (node:crypto in Node) / WebCrypto primitive = ${e.map((x) => x.toFixed(2)).join(', ')}`);
}
if (algs.includes('EdDSA')) {
  const r = ratio(node.results, 'PRIM EdDSA wasm primitive', 'PRIM EdDSA WebCrypto verify');
  target('EdDSA in wasm faster than WebCrypto (Node)', r < 1, `wasm primitive / WebCrypto = ${r.toFixed(2)}`);
  if (workerd) {
    const w = ratio(workerd.results, 'PRIM EdDSA wasm primitive', 'PRIM EdDSA WebCrypto verify');
    target('EdDSA in wasm faster than WebCrypto (workerd)', Number.isFinite(w) ? w < 1 : null, Number.isFinite(w) ? `wasm primitive / WebCrypto = ${w.toFixed(2)}` : 'no Ed25519 in this WebCrypto');
  }
}
target('.wasm <= 150 KB gzip', wasmGzip <= 150000, `${wasmGzip} bytes gzip (Node zlib, level 9; ${(wasmGzip / 1000).toFixed(1)} KB, ${(wasmGzip / 1024).toFixed(1)} KiB)`);
const coldTc = coldSummary.tokencheck;
target('cold import + instantiate <= 5 ms (Node)', coldTc.importMs <= 5, `${coldTc.importMs.toFixed(2)} ms wall, ${coldTc.importCpuMs.toFixed(2)} ms CPU (median of ${coldRuns} fresh processes); jose ${coldSummary.jose.importMs.toFixed(2)} ms, fast-jwt ${coldSummary['fast-jwt'].importMs.toFixed(2)} ms, empty module ${coldSummary.empty.importMs.toFixed(2)} ms; floor: the .wasm alone plus Node's first import ${floor.totalMs.toFixed(2)} ms, its JS compile ${floor.jsCompileMs.toFixed(2)} ms more`);
say('### Targets (issue 7), from this run');
say();
say('| result | target | measured |');
say('|---|---|---|');
for (const t of targets) say(t);
say();
if (quick) say('(--quick: smoke run with tiny batches; the figures are not meaningful)');

const text = lines.join('\n');
console.log(text);
const md = value('--markdown', null);
if (md) writeFileSync(md, text + '\n');
const jsonOut = value('--json', null);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ node, workerd, cold: coldBy, coldFloor: floor, wasmGzip, wasmRaw: wasm.length, sink: sinkValue() }, null, 1));
