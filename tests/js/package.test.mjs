// The package as published: the files `npm pack` would ship, the error-code
// union in the types against the codes the Rust core can produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../../pkg/', import.meta.url));

test('npm pack ships every file the entries and types need', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = new Set(JSON.parse(out)[0].files.map((f) => f.path));
  for (const f of ['package.json', 'README.md', 'index.d.ts', 'index.d.cts', 'node.cjs', 'node.mjs', 'web.js', 'workerd.js', 'lib/api.js', 'dist/node.cjs',
    'dist/node/tokencheck_bg.wasm', 'dist/web/tokencheck.js', 'dist/web/tokencheck_bg.wasm']) {
    assert.ok(files.has(f), `missing from the package: ${f}`);
  }
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${pkgDir}`), 'utf8'));
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v.slice(2)) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  assert.ok(targets.length >= 10);
  for (const t of targets) assert.ok(files.has(t), `exports points at a file not shipped: ${t}`);
});

test('index.d.ts lists every error code the Rust core can produce', () => {
  const rust = readFileSync(new URL('../../src/error.rs', import.meta.url), 'utf8');
  const dts = readFileSync(new URL('index.d.ts', `file://${pkgDir}`), 'utf8');
  const codes = new Set(rust.match(/"ERR_[A-Z0-9_]+"/g).map((s) => s.slice(1, -1)));
  assert.ok(codes.size >= 13);
  for (const code of codes) assert.ok(dts.includes(`'${code}'`), `${code} missing from the ErrorCode union`);
  for (const code of ['ERR_TOKENCHECK_NOT_INITIALIZED', 'ERR_TOKENCHECK_INTERNAL']) {
    assert.ok(readFileSync(new URL('lib/api.js', `file://${pkgDir}`), 'utf8').includes(code) && dts.includes(`'${code}'`));
  }
});

// node.mjs, web.js and workerd.js each list the API's names (ESM named exports
// are static); a name missing from one entry would be missing in that runtime.
test('every entry exports every name of the API (node.mjs, web.js, workerd.js, node.cjs)', async () => {
  const { createRequire } = await import('node:module');
  const api = createRequire(import.meta.url)('tokencheck');
  const want = Object.keys(api).filter((n) => n !== 'init').sort();
  for (const entry of ['node.mjs', 'web.js', 'workerd.js']) {
    const src = readFileSync(pkgDir + entry, 'utf8');
    const block = src.match(/^export const \{([^}]*)\} = api;$/m);
    assert.ok(block, `${entry}: one "export const { ... } = api;" block`);
    const names = block[1].split('\n').map((l) => l.replace(/\/\/.*$/, '').trim().replace(/,$/, '')).filter(Boolean);
    if (!names.includes('initSync') && /^export function initSync\(/m.test(src)) names.push('initSync');
    assert.deepEqual([...new Set(names)].sort(), want, entry);
    assert.match(src, /^export default /m, `${entry}: default export (init)`);
  }
});

// Cold start (bench/cold.mjs): Node 20's V8 compiles a TurboFan JS-to-wasm
// wrapper for every export signature with more than one result while
// `new WebAssembly.Module` runs (≈9 of its ≈12 ms with wasm-bindgen's
// multi-value exports). scripts/wasm-drop-multivalue.mjs keeps every export
// single-result; this reads the shipped modules' type, function and export
// sections and fails if a wasm-bindgen upgrade or a build change undoes it.
function exportResultCounts(bytes) {
  let pos = 8;
  const uleb = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[pos++];
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
  };
  const skipLimits = () => { const flags = uleb(); uleb(); if (flags & 1) uleb(); };
  const types = [];
  const funcTypes = []; // imported functions first, as in the index space
  const exported = [];
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = uleb();
    const end = pos + size;
    if (id === 1) {
      for (let n = uleb(); n > 0; n--) {
        assert.equal(bytes[pos++], 0x60, 'only function types expected');
        const params = uleb();
        pos += params; // value types are one byte each in this module's features
        const results = uleb();
        pos += results;
        types.push(results);
      }
    } else if (id === 2) {
      for (let n = uleb(); n > 0; n--) {
        for (let names = 0; names < 2; names++) { // module and field name
          const length = uleb();
          pos += length;
        }
        const kind = bytes[pos++];
        if (kind === 0) funcTypes.push(uleb());
        else if (kind === 1) { pos++; skipLimits(); } else if (kind === 2) skipLimits(); else if (kind === 3) pos += 2;
        else assert.fail(`unexpected import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = uleb(); n > 0; n--) funcTypes.push(uleb());
    } else if (id === 7) {
      for (let n = uleb(); n > 0; n--) {
        const length = uleb();
        const name = Buffer.from(bytes.subarray(pos, pos + length)).toString();
        pos += length;
        const kind = bytes[pos++];
        const index = uleb();
        if (kind === 0) exported.push([name, types[funcTypes[index]]]);
      }
    }
    pos = end;
  }
  return exported;
}

test('every export of the shipped .wasm has at most one result (cold start in Node 20)', () => {
  for (const dir of ['node', 'web']) {
    const exported = exportResultCounts(readFileSync(new URL(`dist/${dir}/tokencheck_bg.wasm`, `file://${pkgDir}`)));
    assert.ok(exported.length >= 40, `${dir}: only ${exported.length} exported functions found`);
    const multi = exported.filter(([, results]) => results > 1).map(([name]) => name);
    assert.deepEqual(multi, [], `${dir}: exports with several results (V8 11 compiles a wrapper for each signature)`);
  }
});

test('neither importing the package nor verifying reads globalThis.crypto in Node (Node loads its WebCrypto then)', () => {
  // In a fresh process: a getter on globalThis.crypto counts the reads made
  // while the package loads and verifies (node:crypto answers in Node, sync
  // and async); a read of our own at the end proves the getter counts.
  const script = `
    let reads = 0;
    const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { configurable: true, get() { reads++; return real.get ? real.get.call(globalThis) : real.value; } });
    const tc = await import(${JSON.stringify(new URL('node.mjs', `file://${pkgDir}`).href)});
    const atImport = reads;
    const keys = new tc.JWKSet({ keys: [{ kty: 'RSA', kid: 'r', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw', e: 'AQAB' }] });
    await tc.jwtVerify('a.b.c', keys, { algorithms: ['RS256'] }).catch(() => {});
    const afterAsync = reads;
    void globalThis.crypto;
    console.log(JSON.stringify({ atImport, afterAsync, counted: reads - afterAsync }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.equal(out.atImport, 0, 'globalThis.crypto read while the package loaded');
  assert.equal(out.afterAsync, 0, 'globalThis.crypto read by jwtVerify in Node');
  assert.equal(out.counted, 1, 'the getter did not count (the test would prove nothing)');
});
