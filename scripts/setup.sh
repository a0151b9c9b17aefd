#!/usr/bin/env bash
# Idempotent setup: everything the build and the tests need, installed by the
# project itself (nothing installed by hand survives to the next machine).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown wasm32v1-none >/dev/null
