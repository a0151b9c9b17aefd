#!/usr/bin/env bash
# README "main job": set up everything, build, and run the demo on the
# built-in sample keys and tokens (samples/samples.json).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "=== Rust core: built-in samples ==="
cargo run --quiet --example demo
