// The app's download size: gzips (-9) the built wasm, JS and CSS in dist/ (what a first visit
// fetches, samples aside) with GNU gzip, as the issue measures (node's zlib comes out ~1% larger),
// prints each part and the total in KiB, and fails when the total
// exceeds LIMIT_KIB. The budget (issue 17) is 400 KiB; until the app fits, LIMIT_KIB is a
// ratchet set just above the size reached, so the bundle cannot grow unnoticed: lower it when a
// change makes the app smaller, never raise it without saying why in ARCHITECTURE.md.
// Usage: node tools/size-check.mjs [dist]
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const BUDGET_KIB = 400;
const LIMIT_KIB = 757; // 756.2 KiB in the seventh session (2026-12-08): erase_components, then the diagram's per-node answers (FanOut), slots and the ResizeObserver (see ARCHITECTURE.md, Download size)

const dist = process.argv[2] ?? "dist";
const parts = { wasm: /\.wasm$/, js: /\.js$/, css: /\.css$/ };
const files = readdirSync(dist);
let total = 0;
const rows = [];
for (const [part, re] of Object.entries(parts)) {
  // sw.js is the service worker, fetched after the app runs: not part of the first download.
  const names = files.filter((f) => re.test(f) && f !== "sw.js");
  if (names.length === 0) {
    console.error(`size-check: no ${part} file in ${dist}/ (run trunk build --release first)`);
    process.exit(1);
  }
  let raw = 0;
  let gz = 0;
  for (const name of names) {
    const path = join(dist, name);
    raw += statSync(path).size;
    gz += execFileSync("gzip", ["-9", "-c", path], { maxBuffer: 64 << 20 }).length;
  }
  total += gz;
  rows.push([part, raw, gz]);
}
const kib = (n) => (n / 1024).toFixed(1);
for (const [part, raw, gz] of rows) {
  console.log(`${part.padEnd(5)} ${kib(gz).padStart(7)} KiB gzipped (${kib(raw)} KiB raw)`);
}
console.log(`total ${kib(total).padStart(7)} KiB gzipped; limit ${LIMIT_KIB} KiB`);
const over = Math.ceil(total / 1024 - BUDGET_KIB);
if (over > 0) console.log(`budget ${BUDGET_KIB} KiB: ${over} KiB over`);
else console.log(`budget ${BUDGET_KIB} KiB: within it`);
if (total > LIMIT_KIB * 1024) {
  console.error(`size-check: ${kib(total)} KiB exceeds the limit of ${LIMIT_KIB} KiB`);
  process.exit(1);
}
