// Times the reference JSONata (npm) and the core's JSONata (Rust, native, bench profile) on the
// same expressions and data, and prints the ratio. Run: npm install && node bench.mjs
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import jsonata from "jsonata";

const here = dirname(fileURLToPath(import.meta.url));
const cases = JSON.parse(readFileSync(join(here, "cases.json"), "utf8"));
const items = Array.from({ length: 1000 }, (_, i) => ({ id: `item-${i}`, price: (i * 37) % 100, qty: i % 7 }));
const states = { input: { order: { id: "A-17", customer: { name: "Ada" } }, items } };

async function timeReference(expr) {
  const compiled = jsonata(expr);
  const bindings = { states };
  let n = 0;
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 500_000_000n) {
    await compiled.evaluate(undefined, bindings);
    n++;
  }
  return Number(process.hrtime.bigint() - start) / 1000 / n; // µs per evaluation
}

const rust = JSON.parse(
  execFileSync("cargo", ["run", "-q", "--profile", "bench", "-p", "asl-core", "--example", "jsonata_bench", "--", join(here, "cases.json")], {
    cwd: join(here, "..", ".."),
    encoding: "utf8",
  }),
);
console.log("| expression | reference (node) µs | asl-core µs | ratio |");
console.log("|---|---:|---:|---:|");
for (const c of cases) {
  const ref = await timeReference(c.expr);
  const ours = rust[c.name];
  console.log(`| ${c.name} | ${ref.toFixed(1)} | ${ours.toFixed(1)} | ${(ref / ours).toFixed(1)}× |`);
}
