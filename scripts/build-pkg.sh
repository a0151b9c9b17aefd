#!/usr/bin/env bash
# Build the npm package's generated part, pkg/dist/, from a clean tree:
#   cargo (wasm32-unknown-unknown, release: opt-level "z", lto, codegen-units 1,
#   panic abort) -> wasm-bindgen (CLI pinned to the crate's version in
#   Cargo.lock; glue for `nodejs` and `web`) -> wasm-opt (npm `binaryen`)
#   -> function order for gzip (scripts/wasm-order-functions.mjs)
# and print the raw and gzip size of the .wasm.
# Needs: scripts/setup.sh (rust target, wasm-bindgen CLI, npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "build-pkg: $*" >&2; exit 1; }

# wasm-bindgen's CLI and the crate must be the very same version: the glue
# format changes between releases.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
command -v wasm-bindgen >/dev/null || die "wasm-bindgen CLI not on PATH; run: cargo install wasm-bindgen-cli --version $want"
have=$(wasm-bindgen --version | awk '{ print $2 }')
[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have but Cargo.lock has wasm-bindgen $want; run: cargo install wasm-bindgen-cli --version $want (or bash scripts/setup.sh)"

wasm_opt=node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || die "$wasm_opt missing; run: npm ci (or bash scripts/setup.sh)"

# Source paths of dependencies in the .wasm (the file names of panic
# locations, data even though a panic only traps here) are written from the
# crate's folder, `hmac-0.13.0/src/utils.rs`, not under
# $CARGO_HOME/registry/src/index.crates.io-<hash>/: nothing of the build
# machine in the package, and 82 B gzip less (Node zlib 9). (core's and alloc's
# /rustc/<commit>/library/... come precompiled and stay.) `--config` adds
# this to the rustflags in .cargo/config.toml (cargo joins the two lists).
remap=()
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap+=("\"--remap-path-prefix=$dir=\"")
done
rustflags=$(IFS=,; echo "${remap[*]}")
cargo build --quiet --lib --release --target wasm32-unknown-unknown --no-default-features --features wasm \
  --config "target.wasm32-unknown-unknown.rustflags=[$rustflags]"
built=target/wasm32-unknown-unknown/release/tokencheck.wasm
# Single-result exports only (see the script): Node 20's V8 then compiles no
# per-signature JS-to-wasm wrappers, which was most of its cold start.
input=target/wasm32-unknown-unknown/release/tokencheck-single-result.wasm
node scripts/wasm-drop-multivalue.mjs "$built" "$input"

out=pkg/dist
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target nodejs --out-dir "$out/node" --out-name tokencheck --no-typescript "$input"
wasm-bindgen --target web --out-dir "$out/web" --out-name tokencheck --no-typescript "$input"

# Rust's wasm32-unknown-unknown target emits these post-MVP features by default;
# multivalue is left out on purpose: wasm-opt's validation then refuses the
# module if any multi-value function or block is in it (see above).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types)
# --converge repeats -Oz while it still shrinks (-0.2 KB).
# --reorder-functions-by-name puts each module's functions together, which
# gzip compresses better (-0.8 KB); the producers and target_features custom
# sections are only tooling notes (-0.2 KB).
# --low-memory-unused lets wasm-opt fold `ptr + C` (0 <= C < 1024) into the
# load/store offset (-0.4 KB). The two differ only when ptr + C wraps past
# 2^32: the add would wrap to a low address, the offset form traps out of
# bounds. Rust's pointer arithmetic never wraps (LLVM `inbounds`), so for
# this module the fold changes nothing but the size; a wrapped pointer could
# only turn from a silent low-memory access into a trap.
for dir in node web; do
  "$wasm_opt" -Oz --converge --reorder-functions-by-name --low-memory-unused --strip-producers --strip-target-features "${features[@]}" \
    "$out/$dir/tokencheck_bg.wasm" -o "$out/$dir/tokencheck_bg.wasm"
  # one- and two-character import/export names, renamed in the glue too (-1.2 KB)
  node scripts/wasm-minify-names.mjs "$wasm_opt" "$out/$dir/tokencheck_bg.wasm" "$out/$dir/tokencheck.js" "${features[@]}"
  # every import function declares its wasm parameter count: V8 then compiles
  # no arity-mismatch wrappers at instantiation (see the script)
  node scripts/glue-import-arity.mjs "$out/$dir/tokencheck_bg.wasm" "$out/$dir/tokencheck.js"
done

# Function order for gzip (see the script: a deterministic local search over
# the order of the code section, measured with zlib; -1.5 KB gzip in ~40 s on
# two cores). The two targets' modules are the same bytes (only their JS
# glue differs), so the search runs once and the result is copied.
cmp -s "$out/node/tokencheck_bg.wasm" "$out/web/tokencheck_bg.wasm" || die "the nodejs and web .wasm differ; order each on its own"
node scripts/wasm-order-functions.mjs "$wasm_opt" "$out/web/tokencheck_bg.wasm" 8000 "${features[@]}"
cp "$out/web/tokencheck_bg.wasm" "$out/node/tokencheck_bg.wasm"

# dist/node.cjs: everything require() loads, in ONE CommonJS file (Node
# resolves, reads and compiles each file it loads; three files took 0.35 ms
# more at import than one, median of 25 fresh processes): the wasm-bindgen
# `nodejs` glue in a function scope (it reads and instantiates
# dist/node/tokencheck_bg.wasm), then the API source for require(). The
# sections api.js imports from pkg/lib/ (`import { name } from './file.js';`)
# are inlined first, each without its one `export { name };` line; then
# api.js without those import lines and without its export line. The file
# exports { raw, createApi }; pkg/node.cjs builds the API from them.
[ "$(grep -c '^export { createApi };$' pkg/lib/api.js)" = 1 ] || die "pkg/lib/api.js must end with exactly one 'export { createApi };' line"
lib_import="^import { [A-Za-z]* } from '\./[a-z-]*\.js';\$"
if grep '^import ' pkg/lib/api.js | grep -qv "$lib_import"; then
  die "pkg/lib/api.js may only import sections of pkg/lib/ as: import { name } from './file.js';"
fi
glue="$out/node/tokencheck.js"
wasm_path='`${__dirname}/tokencheck_bg.wasm`'
[ "$(grep -cF "$wasm_path" "$glue")" = 1 ] || die "$glue: expected one $wasm_path (the wasm-bindgen nodejs glue changed)"
if grep -qE '^(module\.exports|import |export )' "$glue"; then die "$glue: expected CommonJS glue that only sets exports.<name>"; fi
{
  echo "'use strict';"
  echo "// GENERATED by scripts/build-pkg.sh from the wasm-bindgen nodejs glue and pkg/lib/*.js — do not edit."
  echo "// ---- the wasm-bindgen nodejs glue (reads and instantiates node/tokencheck_bg.wasm)"
  echo "const raw = (function () {"
  echo "const exports = {};"
  sed 's#`${__dirname}/tokencheck_bg.wasm`#`${__dirname}/node/tokencheck_bg.wasm`#' "$glue"
  echo "return exports;"
  echo "})();"
  for f in $(sed -n "s#^import { [A-Za-z]* } from '\./\([a-z-]*\.js\)';\$#\1#p" pkg/lib/api.js); do
    [ -f "pkg/lib/$f" ] || die "pkg/lib/api.js imports a missing pkg/lib/$f"
    [ "$(grep -c '^export { [A-Za-z]* };$' "pkg/lib/$f")" = 1 ] || die "pkg/lib/$f must end with exactly one 'export { name };' line"
    if grep -q '^import ' "pkg/lib/$f"; then die "pkg/lib/$f must not import (it is inlined into dist/node.cjs)"; fi
    echo "// ---- pkg/lib/$f"
    grep -v '^export { [A-Za-z]* };$' "pkg/lib/$f"
  done
  echo "// ---- pkg/lib/api.js"
  grep -v "$lib_import" pkg/lib/api.js | grep -v '^export { createApi };$'
  echo "module.exports = { raw, createApi };"
} > "$out/node.cjs"
# the glue now lives only inside dist/node.cjs
rm "$glue"

wasm="$out/web/tokencheck_bg.wasm"
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "pkg/dist built: tokencheck_bg.wasm ${raw} bytes raw, ${gz} bytes gzip -9"
