#!/usr/bin/env bash
# Idempotent setup: everything the build and the tests need, installed by the
# project itself (nothing installed by hand survives to the next machine).
# Fast when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown wasm32v1-none >/dev/null

# wasm-bindgen CLI: exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want"
fi

# Node.js + npm (Node 20 or newer) for the npm package's build and tests.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing nodejs and npm (Debian)"
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi

# Dev tooling from the root package.json / package-lock.json (jose, fast-jwt,
# workerd, typescript, binaryen; "tokencheck": "file:pkg"). `npm ci` only when
# the lock file changed since the last install.
stamp=node_modules/.tokencheck-lock.sha256
lock=$(sha256sum package-lock.json | awk '{ print $1 }')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  echo "$lock" > "$stamp"
fi
