// scripts/serve-www.mjs: only www/, pkg/ and samples/, right MIME types, no
// way out of the served directories (raw requests: no client-side URL
// normalisation), loopback only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticServer, listen } from '../../scripts/serve-www.mjs';

let root;
let server;
let port;

before(async () => {
  // a fake repository with a secret next to the served directories
  root = mkdtempSync(join(tmpdir(), 'serve-www-'));
  for (const d of ['www', 'pkg/dist/web', 'samples', 'scripts']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'www/index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'www/app.js'), 'export {};');
  writeFileSync(join(root, 'www/x.mjs'), 'export {};');
  writeFileSync(join(root, 'www/style.css'), 'body{}');
  writeFileSync(join(root, 'www/.hidden'), 'hidden');
  writeFileSync(join(root, 'pkg/dist/web/tokencheck_bg.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(root, 'pkg/web.js'), 'export {};');
  writeFileSync(join(root, 'samples/samples.json'), '{}');
  writeFileSync(join(root, 'SECRET.txt'), 'secret');
  writeFileSync(join(root, 'scripts/demo.sh'), 'secret');
  symlinkSync(join(root, 'SECRET.txt'), join(root, 'www/escape.txt'));
  symlinkSync(join(root, 'scripts'), join(root, 'www/scripts-link'));
  server = createStaticServer({ root });
  const base = await listen(server, 0);
  port = Number(new URL(base).port);
  assert.ok(base.startsWith('http://127.0.0.1:'));
});

after(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

/** A raw request: the path goes on the wire exactly as given. */
function get(path, method = 'GET') {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('serves the three directories with the right MIME types and headers', async () => {
  const cases = [
    ['/www/', 'text/html; charset=utf-8'],
    ['/www/index.html', 'text/html; charset=utf-8'],
    ['/www/app.js', 'text/javascript; charset=utf-8'],
    ['/www/x.mjs', 'text/javascript; charset=utf-8'],
    ['/www/style.css', 'text/css; charset=utf-8'],
    ['/pkg/web.js', 'text/javascript; charset=utf-8'],
    ['/pkg/dist/web/tokencheck_bg.wasm', 'application/wasm'],
    ['/samples/samples.json', 'application/json; charset=utf-8'],
    ['/www/app.js?v=1', 'text/javascript; charset=utf-8'],
  ];
  for (const [path, type] of cases) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  }
  const root = await get('/');
  assert.equal(root.status, 302);
  assert.equal(root.headers.location, '/www/');
  const dir = await get('/www');
  assert.equal(dir.status, 301);
  assert.equal(dir.headers.location, '/www/');
  const head = await get('/www/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get('/www/app.js', 'POST')).status, 405);
});

test('no path leaves www/, pkg/ or samples/', async () => {
  const attempts = [
    '/SECRET.txt',
    '/scripts/demo.sh',
    '/www/../SECRET.txt',
    '/www/%2e%2e/SECRET.txt',
    '/www/%2E%2E/SECRET.txt',
    '/www/..%2fSECRET.txt',
    '/www/..%2FSECRET.txt',
    '/www/..%5cSECRET.txt',
    '/www/..\\SECRET.txt',
    '/pkg/dist/../../SECRET.txt',
    '/pkg/dist/web/%2e%2e/%2e%2e/%2e%2e/SECRET.txt',
    '/samples/%252e%252e/SECRET.txt',
    '/%2e%2e/SECRET.txt',
    '//SECRET.txt',
    '//etc/passwd',
    '/www//index.html',
    '/www/./index.html',
    '/www/.hidden',
    '/www/%2ehidden',
    '/www/index.html%00.js',
    '/www/escape.txt',
    '/www/scripts-link/demo.sh',
    '/www/%',
    '/www/%zz',
    '/etc/passwd',
    '/www/../../../../../../etc/passwd',
    'http://127.0.0.1/SECRET.txt',
    '*',
  ];
  for (const path of attempts) {
    const r = await get(path);
    assert.ok([404, 400, 302].includes(r.status), `${path}: ${r.status}`);
    assert.ok(!r.body.includes('secret'), `${path} leaked`);
    if (r.status === 302) assert.equal(r.headers.location, '/www/', path);
  }
});
