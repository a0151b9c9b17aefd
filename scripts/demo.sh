#!/usr/bin/env bash
# README "main job": set up everything, build, and run the demo on the
# built-in sample keys and tokens (samples/samples.json), then serve the demo
# page (www/) on 127.0.0.1 and print its URL.
#   DEMO_SERVE=0  skip serving (everything else still runs; for scripts)
#   DEMO_PORT=N   the port to try first (default 8787; a busy one falls back to a free one)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "=== Rust core: built-in samples ==="
cargo run --quiet --example demo

echo
echo "=== npm package: build (scripts/build-pkg.sh) ==="
bash scripts/build-pkg.sh

echo
echo "=== npm package in Node: the same samples ==="
node examples/demo-npm.mjs

echo
echo "=== the demo page (www/) ==="
if [ "${DEMO_SERVE:-1}" = 0 ]; then
  echo "DEMO_SERVE=0: not serving the page. Serve it with: node scripts/serve-www.mjs"
else
  exec node scripts/serve-www.mjs
fi
