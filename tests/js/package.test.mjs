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
  for (const f of ['package.json', 'README.md', 'index.d.ts', 'index.d.cts', 'node.cjs', 'node.mjs', 'web.js', 'workerd.js', 'lib/api.js', 'dist/api.cjs',
    'dist/node/package.json', 'dist/node/tokencheck.js', 'dist/node/tokencheck_bg.wasm', 'dist/web/tokencheck.js', 'dist/web/tokencheck_bg.wasm']) {
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
