// Remove "multivalue" from a .wasm's `target_features` custom section, so
// that wasm-bindgen keeps return pointers instead of turning every export
// that returns a Result or a string into a multi-value function.
//
// Why: V8 before 12 (Node 20) cannot use its generic JS-to-wasm wrapper for a
// function with more than one result, so it compiles one wrapper per such
// export signature with TurboFan while `new WebAssembly.Module` runs. With
// multi-value exports that was ≈36 signatures and ≈9 of the ≈12 ms the
// synchronous compile took (perf: JSToWasmWrapperCompilationUnit); without
// them every export takes the generic wrapper and the compile is ≈3–5 ms.
//
// Only the metadata changes. Rust's wasm32 "C" ABI returns aggregates
// through a pointer, so the code itself has no multi-value functions; the
// section says "+multivalue" only because the precompiled std was built with
// that feature enabled. build-pkg.sh then runs wasm-opt WITHOUT
// --enable-multivalue, whose validation fails if any multi-value function or
// block is left in the module.
//
// Usage: node scripts/wasm-drop-multivalue.mjs in.wasm out.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const FEATURE = 'multivalue';
const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/wasm-drop-multivalue.mjs in.wasm out.wasm');
  process.exit(2);
}
const bytes = readFileSync(input);
if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) {
  console.error(`${input}: not a WebAssembly version 1 module`);
  process.exit(1);
}

let pos = 8;
function uleb() {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    if (pos >= bytes.length) throw new Error(`${input}: truncated LEB128 at byte ${pos}`);
    const b = bytes[pos++];
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return value;
    scale *= 128;
  }
  throw new Error(`${input}: LEB128 longer than 5 bytes at byte ${pos}`);
}
function encodeUleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
const encodeName = (s) => Buffer.concat([encodeUleb(Buffer.byteLength(s)), Buffer.from(s)]);

const parts = [bytes.subarray(0, 8)];
let sections = 0;
let dropped = 0;
while (pos < bytes.length) {
  const start = pos;
  const id = bytes[pos++];
  const size = uleb();
  const end = pos + size;
  if (end > bytes.length) throw new Error(`${input}: section at byte ${start} runs past the end`);
  if (id === 0) {
    const nameLength = uleb();
    const name = bytes.subarray(pos, pos + nameLength).toString();
    pos += nameLength;
    if (name === 'target_features') {
      sections++;
      const kept = [];
      const count = uleb();
      for (let i = 0; i < count; i++) {
        const prefix = bytes[pos++]; // '+', '-' or '='
        const length = uleb();
        const feature = bytes.subarray(pos, pos + length).toString();
        pos += length;
        if (feature === FEATURE) dropped++;
        else kept.push(Buffer.concat([Buffer.from([prefix]), encodeName(feature)]));
      }
      if (pos !== end) throw new Error(`${input}: malformed target_features section`);
      const body = Buffer.concat([encodeName(name), encodeUleb(kept.length), ...kept]);
      parts.push(Buffer.from([0]), encodeUleb(body.length), body);
      continue;
    }
  }
  parts.push(bytes.subarray(start, end));
  pos = end;
}
if (sections !== 1) {
  // Without the section wasm-bindgen would guess the features (and warn):
  // fail loudly rather than build a package with another glue format.
  console.error(`${input}: expected one target_features section, found ${sections}`);
  process.exit(1);
}
writeFileSync(output, Buffer.concat(parts));
console.error(`wasm-drop-multivalue: ${dropped ? 'dropped' : 'no'} "${FEATURE}" in target_features`);
