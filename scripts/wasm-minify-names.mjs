// Shorten the .wasm's import and export names, and rename them to match in
// the wasm-bindgen glue next to it.
//
// Why: wasm-bindgen names imports `__wbg_<name>_<16 hex digits>` and exports
// after the Rust items (`rawverifier_completeHere`, `__wbindgen_add_to_stack_pointer`):
// about 3 KB of names in the .wasm, 1.2 KB of it left after gzip. Binaryen's
// --minify-imports-and-exports-and-modules renames them all to one or two
// characters and prints the mapping, which this script applies to the glue.
//
// The glue has a fixed shape (wasm-bindgen 0.2.130, pinned by Cargo.lock):
// the module's exports are used as `wasm.<name>` and its imports are the
// keys of one object literal, `<name>: function(...)`, under one module
// name, `"./<out-name>_bg.js": import0`. Every name must be found exactly
// where expected, or the script fails and so does the build: a missed
// rename would otherwise only show when the module is instantiated.
//
// Usage: node scripts/wasm-minify-names.mjs wasm-opt dir/tokencheck_bg.wasm dir/tokencheck.js [wasm-opt feature flags...]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmOpt, wasmPath, gluePath, ...features] = process.argv.slice(2);
if (!wasmOpt || !wasmPath || !gluePath) {
  console.error('usage: node scripts/wasm-minify-names.mjs wasm-opt module.wasm glue.js [features...]');
  process.exit(2);
}
const die = (msg) => {
  console.error(`wasm-minify-names: ${gluePath}: ${msg}`);
  process.exit(1);
};

const out = execFileSync(wasmOpt, ['--minify-imports-and-exports-and-modules', ...features, wasmPath, '-o', wasmPath], {
  encoding: 'utf8',
  maxBuffer: 16 << 20,
});
let mapping;
try {
  mapping = JSON.parse(out.slice(out.indexOf('{')));
} catch (e) {
  die(`no mapping from wasm-opt (${e.message})`);
}
if (!Array.isArray(mapping.imports) || !Array.isArray(mapping.exports)) die('unexpected mapping shape');

let glue = readFileSync(gluePath, 'utf8');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// imports: one module, and each name once as a key of its object literal
const modules = new Set(mapping.imports.map(([module]) => module));
for (const [module, name, min] of mapping.imports) {
  const key = new RegExp(`^(\\s+)${escape(name)}(: function\\()`, 'gm');
  const found = glue.match(key);
  if (!found || found.length !== 1) die(`import ${module}.${name}: ${found ? found.length : 0} definitions in the glue`);
  glue = glue.replace(key, `$1${min}$2`);
}
// the module names: with --minify-...-and-modules the mapping has no module
// column, so the one module name is looked up and renamed from the .wasm
const wasmImports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath)));
const newModules = new Set(wasmImports.map((i) => i.module));
if (modules.size !== 1 || newModules.size !== 1) die(`expected one import module, got ${[...modules]} -> ${[...newModules]}`);
const [oldModule] = modules;
const [newModule] = newModules;
const moduleKey = new RegExp(`(["'])${escape(oldModule)}\\1: import0`, 'g');
const moduleFound = glue.match(moduleKey);
if (!moduleFound || moduleFound.length !== 1) die(`import module ${oldModule}: ${moduleFound ? moduleFound.length : 0} uses`);
glue = glue.replace(moduleKey, `${JSON.stringify(newModule)}: import0`);

// exports: every `wasm.<name>` at once (no name is a prefix match of another
// thanks to the word boundary, and a renamed name is never renamed again)
const exportsMap = new Map(mapping.exports.map(([name, min]) => [name, min]));
let uses = 0;
glue = glue.replace(/\bwasm\.([A-Za-z_$][A-Za-z0-9_$]*)/g, (all, name) => {
  const min = exportsMap.get(name);
  if (min === undefined) die(`wasm.${name} is not an export of the module`);
  uses++;
  return `wasm.${min}`;
});
if (uses === 0) die('no wasm.<export> uses found');
for (const [name] of exportsMap) {
  if (new RegExp(`['"]${escape(name)}['"]`).test(glue)) die(`export ${name} is named in a string too`);
}
writeFileSync(gluePath, glue);
console.log(`wasm-minify-names: ${gluePath}: ${mapping.imports.length} imports, ${exportsMap.size} exports (${uses} uses) renamed`);
