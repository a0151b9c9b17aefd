#!/usr/bin/env bash
# Set up everything this project needs and run every test.
# README "Run all tests" command; .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { printf '\n=== %s ===\n' "$*"; }

stage "setup"
bash scripts/setup.sh

stage "rust: unit + integration tests (the workspace: tokencheck, tokencheck-json, tokencheck-json-decimal, tokencheck-base64url, tokencheck-ed25519)"
cargo test --workspace --all-targets

stage "rust: doc tests"
cargo test --workspace --doc

stage "rust: docs build without warnings (broken intra-doc links included)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

stage "rust: clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

stage "rust: no_std core (wasm32v1-none) and wasm32-unknown-unknown"
cargo rustc --lib --crate-type rlib --no-default-features --target wasm32v1-none
cargo rustc --lib --crate-type rlib --no-default-features --target wasm32-unknown-unknown

stage "rust: clippy -D warnings on the wasm bindings as the package builds them (no_std + feature wasm, wasm32-unknown-unknown)"
cargo clippy --lib --no-default-features --features wasm --target wasm32-unknown-unknown -- -D warnings

stage "npm package: build pkg/dist (scripts/build-pkg.sh)"
bash scripts/build-pkg.sh

stage "npm package: node --test tests/js/ (jose as the oracle, sync and async/WebCrypto paths; IUA end to end against oidc-provider)"
node --test tests/js/

stage "npm package: the differential corpus inside workerd (sync, and async with workerd's WebCrypto)"
node tests/workerd/make-corpus.mjs
node_modules/.bin/workerd test tests/workerd/config.capnp

stage "npm package: the IUA API and the readme's Worker (401/403 challenges) inside workerd"
node_modules/.bin/workerd test tests/workerd/iua.capnp

stage "npm package: the LTI API inside workerd"
node tests/workerd/make-lti.mjs
node_modules/.bin/workerd test tests/workerd/lti.capnp

stage "bench: smoke run (node bench/run.mjs --quick; keeps the benchmark working, asserts no timing)"
node bench/run.mjs --quick > test-output/bench-quick.md

stage "npm package: tsc --noEmit --strict (tests/types)"
node_modules/.bin/tsc --noEmit --strict -p tests/types

stage "browser: www/ in headless Chromium (Debian chromium + playwright-core; screenshots in test-output/browser/)"
bash scripts/setup-chromium.sh
node --test tests/browser/

echo
echo "ALL TESTS PASSED"
