#!/usr/bin/env bash
# Installs what is missing, then checks the format and the lints, and runs every test layer:
# native core tests, component tests in headless Chromium (wasm-bindgen-test), and end-to-end
# tests of the built app in Chromium. CI sets CI=true, which this script keeps: under it the
# conformance tests fail, instead of skipping, when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

printf '\n== 1/6 format: cargo fmt --check (rustfmt.toml)\n'
cargo fmt --all --check

printf '\n== 2/6 lints: clippy on the workspace, native, warnings denied\n'
cargo clippy --workspace --all-targets -- -D warnings

printf '\n== 3/6 lints: clippy on the app for wasm32, warnings denied\n'
cargo clippy --target wasm32-unknown-unknown -p asl-studio --all-targets -- -D warnings

printf '\n== 4/6 native: the ASL core and the editing logic (unit, data-driven, property tests)\n'
cargo test -p asl-core -p asl-edit -p asl-cli -- --nocapture

printf '\n== 5/6 components: wasm-bindgen-test in headless Chromium\n'
cargo test --target wasm32-unknown-unknown --test web

printf '\n== 6/6 end to end: release build served on 127.0.0.1, driven in Chromium\n'
trunk build --release
# The download size (wasm + JS + CSS, gzipped): fails over the limit in tools/size-check.mjs.
node tools/size-check.mjs
# Every tests/e2e/*.test.mjs, so that a new file runs without being listed here.
shopt -s nullglob
e2e=(tests/e2e/*.test.mjs)
shopt -u nullglob
if [ ${#e2e[@]} -eq 0 ]; then
  echo "no tests/e2e/*.test.mjs found" >&2
  exit 1
fi
printf 'running %s\n' "${e2e[*]}"
node --test "${e2e[@]}"
printf '\nScreenshots: tests/e2e/output/\n'
