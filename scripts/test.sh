#!/usr/bin/env bash
# Installs what is missing, then runs every test layer: native core tests, component tests in
# headless Chromium (wasm-bindgen-test), and end-to-end tests of the built app in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

printf '\n== 1/3 native: the ASL core and the editing logic (unit, data-driven, property tests)\n'
cargo test -p asl-core -p asl-edit -- --nocapture

printf '\n== 2/3 components: wasm-bindgen-test in headless Chromium\n'
cargo test --target wasm32-unknown-unknown --test web

printf '\n== 3/3 end to end: release build served on 127.0.0.1, driven in Chromium\n'
trunk build --release
node --test tests/e2e/app.test.mjs tests/e2e/diagram.test.mjs tests/e2e/editor.test.mjs tests/e2e/visual.test.mjs
printf '\nScreenshots: tests/e2e/output/\n'
