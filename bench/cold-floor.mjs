// The floor under tokencheck's cold import in Node (bench/cold.mjs `floor`,
// in a fresh process): read, compile and instantiate the same .wasm with
// no-op imports and no JavaScript around it — what any package shipping this
// module pays — and, timed apart, compile without running the JavaScript
// that require() loads (dist/node.cjs: the wasm-bindgen glue and the API).
// Exports the two times (ms); bench/run.mjs adds Node's first-import cost
// (the `empty` subject) to the first.
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';

// in the order tokencheck's import does them: its JavaScript is compiled
// before the glue reads the .wasm
const t0 = performance.now();
new Script(readFileSync(new URL('../pkg/dist/node.cjs', import.meta.url), 'utf8'), { filename: 'node.cjs' });
const t1 = performance.now();
const module = new WebAssembly.Module(readFileSync(new URL('../pkg/dist/node/tokencheck_bg.wasm', import.meta.url)));
const imports = {};
for (const i of WebAssembly.Module.imports(module)) {
  if (i.kind !== 'function') throw new Error(`the .wasm imports a ${i.kind}: give cold-floor.mjs one`);
  (imports[i.module] ??= {})[i.name] = () => {};
}
new WebAssembly.Instance(module, imports);
const t2 = performance.now();

export const parts = { jsCompileMs: t1 - t0, wasmMs: t2 - t1 };
