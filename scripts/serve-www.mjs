// A tiny static server for the demo page: serves only the repository's www/,
// pkg/ and samples/ on 127.0.0.1, with the right MIME types (application/wasm
// for .wasm, text/javascript for .js/.mjs). No dependencies.
//
//   node scripts/serve-www.mjs [--port N]      (default: $DEMO_PORT or 8787;
//                                                a busy port falls back to a free one)
//
// Also imported by tests/browser/ (createStaticServer, listen).
//
// Path rules: the URL path is percent-decoded once; a decoded path with a NUL,
// a backslash, an empty / "." / ".." segment or a segment starting with "."
// is refused (404); the first segment must be www, pkg or samples; the file's
// real path (symlinks resolved) must still lie inside that directory.
import { createServer } from 'node:http';
import { realpath, stat, readFile } from 'node:fs/promises';
import { join, sep, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVED_DIRS = ['www', 'pkg', 'samples'];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.cts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Everything the page needs is same-origin; wasm compilation needs
// 'wasm-unsafe-eval'. COOP + COEP make the page cross-origin isolated, which
// gives performance.now() its fine resolution (the timing on the page).
const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** The file a request path maps to, or null (never outside root/<served dir>). */
export async function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.slice(1).split('/');
  const trailingSlash = segments.length > 1 && segments[segments.length - 1] === '';
  if (trailingSlash) segments.pop();
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return null;
  if (!SERVED_DIRS.includes(segments[0])) return null;
  const base = await realpath(join(root, segments[0])).catch(() => null);
  if (base === null) return null;
  let file = await realpath(join(root, ...segments)).catch(() => null);
  if (file === null || (file !== base && !file.startsWith(base + sep))) return null;
  const info = await stat(file).catch(() => null);
  if (info === null) return null;
  if (info.isDirectory()) {
    if (!trailingSlash) return { redirect: `${urlPath}/` };
    file = await realpath(join(file, 'index.html')).catch(() => null);
    if (file === null || !file.startsWith(base + sep)) return null;
    const i = await stat(file).catch(() => null);
    if (i === null || !i.isFile()) return null;
  } else if (!info.isFile()) {
    return null;
  }
  return { file };
}

/** An http.Server serving root's www/, pkg/ and samples/. */
export function createStaticServer({ root = fileURLToPath(new URL('..', import.meta.url)) } = {}) {
  const absRoot = resolve(root);
  return createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8', extra = {}) => {
      res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', undefined, { Allow: 'GET, HEAD' });
      const path = (req.url ?? '/').split('?')[0].split('#')[0];
      if (path === '/' || path === '') return send(302, 'see /www/\n', undefined, { Location: '/www/' });
      const hit = await resolveRequestPath(absRoot, path);
      if (hit === null) return send(404, 'not found\n');
      if (hit.redirect) return send(301, 'moved\n', undefined, { Location: hit.redirect });
      const body = await readFile(hit.file);
      return send(200, body, MIME[extname(hit.file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      return send(500, 'internal error\n');
    }
  });
}

/** Listen on 127.0.0.1:port (0 = any free port); resolves to the base URL. */
export function listen(server, port) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok(`http://127.0.0.1:${server.address().port}`);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const wanted = Number(i > 0 ? process.argv[i + 1] : process.env.DEMO_PORT ?? 8787);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    console.error(`serve-www: bad port ${wanted}`);
    process.exit(2);
  }
  let server = createStaticServer();
  let base;
  try {
    base = await listen(server, wanted);
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e;
    server = createStaticServer();
    base = await listen(server, 0);
    console.log(`serve-www: port ${wanted} is busy, using another one`);
  }
  console.log(`\nDemo page: ${base}/www/   (serving www/, pkg/, samples/ on 127.0.0.1 only; Ctrl-C to stop)`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
