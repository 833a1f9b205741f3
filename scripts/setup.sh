#!/usr/bin/env bash
# Installs what is missing to build (and, with --test, to test) ASL Studio. Idempotent: every
# step is skipped when its tool is already there at the right version.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14 # trunk 0.22 needs a newer rustc than 1.95
# wasm-bindgen-cli must be exactly the wasm-bindgen version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

step() { printf '\n== setup: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  step "installing trunk $TRUNK_VERSION (takes 15-25 minutes the first time)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependency versions is missing from the registry.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

# Trunk.toml has offline = true (trunk must never download), which makes cargo offline too.
step "fetching crates"
cargo fetch --quiet

# npm tools (package.json): wasm-opt from binaryen for release builds; playwright-core for tests.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm tools (binaryen's wasm-opt, playwright-core; no browser download)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    step "installing Debian's chromium and chromium-driver"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
