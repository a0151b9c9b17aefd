// Give every import function of the wasm-bindgen glue exactly as many
// declared parameters as its wasm signature has, and check that they all do.
//
// Why: at instantiation, V8 compiles one wasm-to-JS wrapper per import
// signature and per "arity matches / does not match" (Node 20's V8 11.3 with
// TurboFan, ≈25 µs or more each). wasm-bindgen declares the imports it wraps
// in `handleError` (the ones that may throw) as `function() { return
// handleError(function (arg0, arg1) {...}, arguments); }`: zero parameters,
// so each needs an arity-mismatch wrapper of its own, 4 of this module's 21.
// Declaring the parameters (`function(arg0, arg1) { ... arguments ... }`,
// the same `arguments`) lets them share the wrappers of the other imports:
// 17 wrappers; Node 20, fresh processes, interleaved, median of 31 and 41:
// import 0.25–0.32 ms faster.
//
// The glue has a fixed shape (wasm-bindgen 0.2.130, pinned by Cargo.lock):
// the imports are the keys of one object literal, `<name>: function(<params>)
// {`. Every import of the .wasm must be found there once, and after the
// rewrite every one must declare its wasm parameter count, or the script
// fails and so does the build.
//
// Usage: node scripts/glue-import-arity.mjs module.wasm glue.js
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error('usage: node scripts/glue-import-arity.mjs module.wasm glue.js');
  process.exit(2);
}
const die = (msg) => {
  console.error(`glue-import-arity: ${gluePath}: ${msg}`);
  process.exit(1);
};

// ---- the parameter count of each imported function, from the .wasm's type
// and import sections (binary format: WebAssembly core spec §5.5)
const bytes = readFileSync(wasmPath);
if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) die(`${wasmPath}: not a WebAssembly version 1 module`);
let pos = 8;
function uleb() {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    if (pos >= bytes.length) die(`${wasmPath}: truncated LEB128 at byte ${pos}`);
    const b = bytes[pos++];
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return value;
    scale *= 128;
  }
  return die(`${wasmPath}: LEB128 longer than 5 bytes at byte ${pos}`);
}
const name = () => {
  const n = uleb();
  const s = bytes.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};
const limits = () => {
  const flags = bytes[pos++];
  uleb();
  if (flags & 1) uleb();
};
const params = []; // per type index: its parameter count
const imports = []; // [name, parameter count] of each imported function
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = uleb();
  const end = pos + size;
  if (id === 1) {
    for (let n = uleb(); n > 0; n--) {
      if (bytes[pos++] !== 0x60) die(`${wasmPath}: a type that is not a function type (GC proposal?)`);
      // value types are one byte each without the GC proposal
      const p = uleb();
      pos += p;
      const results = uleb();
      pos += results;
      params.push(p);
    }
  } else if (id === 2) {
    for (let n = uleb(); n > 0; n--) {
      name(); // module
      const field = name();
      const kind = bytes[pos++];
      if (kind === 0) {
        const t = uleb();
        if (!(t < params.length)) die(`${wasmPath}: import ${field} has type ${t}, beyond the type section`);
        imports.push([field, params[t]]);
      } else if (kind === 1) {
        pos++;
        limits();
      } else if (kind === 2) {
        limits();
      } else if (kind === 3) {
        pos += 2;
      } else {
        die(`${wasmPath}: import ${field} of unknown kind ${kind}`);
      }
    }
  }
  pos = end;
}
if (imports.length === 0) die(`${wasmPath}: no imported functions`);

// ---- the rewrite: `function() { return handleError(function (<params>) {`
// declares <params> on the outer function too
let glue = readFileSync(gluePath, 'utf8');
let rewritten = 0;
glue = glue.replace(/: function\(\) \{ return handleError\(function \(([A-Za-z0-9_$, ]*)\) \{/g, (all, p) => {
  rewritten++;
  return `: function(${p}) { return handleError(function (${p}) {`;
});

// ---- the check: each import declared once, with its wasm parameter count
for (const [field, count] of imports) {
  const re = new RegExp(`^\\s+${field.replace(/[$]/g, '\\$&')}: function\\(([^)]*)\\) \\{`, 'gm');
  const found = [...glue.matchAll(re)];
  if (found.length !== 1) die(`import ${field}: ${found.length} definitions in the glue`);
  const declared = found[0][1].trim() === '' ? 0 : found[0][1].split(',').length;
  if (declared !== count) die(`import ${field}: declares ${declared} parameters, its wasm signature has ${count}`);
}
writeFileSync(gluePath, glue);
console.log(`glue-import-arity: ${gluePath}: ${imports.length} imports declare their wasm parameter count (${rewritten} handleError wrappers rewritten)`);
