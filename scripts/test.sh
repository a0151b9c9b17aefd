#!/usr/bin/env bash
# Set up everything this project needs and run every test.
# README "Run all tests" command; .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n=== %s ===\n' "$*"; }

stage "setup"
bash scripts/setup.sh

stage "rust: unit + integration tests"
cargo test --all-targets

stage "rust: doc tests"
cargo test --doc

stage "rust: clippy -D warnings"
cargo clippy --all-targets -- -D warnings

stage "rust: no_std core (wasm32v1-none) and wasm32-unknown-unknown"
cargo rustc --lib --crate-type rlib --no-default-features --target wasm32v1-none
cargo rustc --lib --crate-type rlib --no-default-features --target wasm32-unknown-unknown

echo
echo "ALL TESTS PASSED"
