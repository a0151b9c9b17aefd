#!/usr/bin/env bash
# README "main job": set up everything, build, and run the demo on the
# built-in sample keys and tokens (samples/samples.json).
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
