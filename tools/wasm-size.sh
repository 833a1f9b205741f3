#!/usr/bin/env bash
# What JSONata adds to the app's release wasm, gzipped: builds the app twice with
# `trunk build --release` (index.html's wasm-opt settings), once as shipped and once with
# asl-core's `without-jsonata` stub, and prints the gzipped (-9) sizes of the wasm and the JS glue.
# Run from anywhere; honours CARGO_TARGET_DIR. Outputs go to a temporary folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gz() { gzip -9 -c "$1" | wc -c; }
measure() { # name, extra trunk arguments...
    local name="$1"; shift
    trunk build --release --dist "$out/$name" "$@" >"$out/$name.log" 2>&1 || { cat "$out/$name.log"; exit 1; }
    local wasm js
    wasm="$(ls "$out/$name"/*.wasm)"; js="$(ls "$out/$name"/*.js)"
    echo "$name $(stat -c %s "$wasm") $(gz "$wasm") $(stat -c %s "$js") $(gz "$js")"
}
with="$(measure app)"
without="$(measure without-jsonata --features asl-core/without-jsonata)"
printf '%-16s %10s %10s %8s %8s\n' build "wasm B" "wasm gz B" "js B" "js gz B"
printf '%-16s %10s %10s %8s %8s\n' $with
printf '%-16s %10s %10s %8s %8s\n' $without
read -r _ _ a _ ja <<<"$with"
read -r _ _ b _ jb <<<"$without"
echo "app total gzipped (wasm + js): $((a + ja)) B"
echo "JSONata's share, gzipped: $((a - b)) B wasm, $((ja - jb)) B js ($(( (a - b + ja - jb + 512) / 1024 )) KB)"
