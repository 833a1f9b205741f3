// Where a keystroke's time goes: a CPU profile of edits at 1,000 states, summed per function.
// ui-bench.mjs says how long an edit takes; this says which functions take it. It needs a build
// that keeps the wasm name section (wasm-opt drops it), made beside dist/:
//
//   sed 's/data-wasm-opt="z"[^/]*/data-wasm-opt="0" data-keep-debug="true" /' index.html > index-prof.html
//   trunk build index-prof.html --release=true --dist /tmp/dist-prof
//   DIST_DIR=/tmp/dist-prof node tools/ui-profile.mjs [states] [edit]
//
// `edit`: `comment` (a keystroke in the Comment: the diagram does not change, the default),
// `label` (a Choice rule's number: one edge label changes) or `rename` (a state renamed in the
// inspector), or `startup` (one load of the page, from navigation to the first diagram, with
// nothing saved: the first sample). Prints the functions with the most self time and the most total time (a function's
// own time plus its callees', each sample counted once per function).
import { serveDist, launch, generated } from "../tests/e2e/harness.mjs";

const states = Number(process.argv[2] ?? 1000);
const edit = process.argv[3] ?? "comment";
const KEYS = edit === "startup" ? 1 : 10;
const TOP = Number(process.env.TOP ?? 30);

const server = await serveDist();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
const page = await context.newPage();
let count = 0;
if (edit !== "startup") {
  await page.goto(server.url);
  await page.waitForSelector("#diagram g.node");
  const text = generated(states);
  count = (text.match(/"Type": /g) ?? []).length;
  await page.evaluate((text) => {
    const area = document.querySelector("#definition");
    area.value = text;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  await page.waitForFunction((n) => document.querySelectorAll("#diagram g.node").length === n, count, { timeout: 120_000 });
  await page.waitForTimeout(500);
}

/** One edit, resolved once the page has painted after it and gone idle. */
async function once(i) {
  if (edit === "startup") {
    await page.goto(server.url);
    await page.waitForSelector("#diagram g.node");
    count = await page.locator("#diagram g.node").count();
    await page.waitForTimeout(300);
    return;
  }
  if (edit === "rename") {
    // Dispatched: at 1,000 states the node may be outside the viewport.
    await page.locator(`#diagram g.node[data-state="S${2 * i + 1}"]`).dispatchEvent("click");
    await page.fill("#inspector-name", `Renamed ${i}`);
    await page.press("#inspector-name", "Enter");
    await page.waitForSelector(`#diagram g.node[data-state="Renamed ${i}"]`, { timeout: 120_000 });
    return;
  }
  const needle = edit === "label" ? '"NumericGreaterThan": ' : 'generated"';
  await page.evaluate(
    ([needle]) =>
      new Promise((ok) => {
        const area = document.querySelector("#definition");
        const at = area.value.indexOf(needle) + needle.length;
        area.focus();
        area.setSelectionRange(at, at);
        area.dispatchEvent(new Event("select", { bubbles: true }));
        area.setRangeText("1", at, at, "end");
        area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: "1" }));
        requestAnimationFrame(() => setTimeout(ok, 0));
      }),
    [needle],
  );
  await page.waitForTimeout(400);
}

const cdp = await context.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
for (let i = 0; i < KEYS; i++) await once(i);
const { profile } = await cdp.send("Profiler.stop");
await browser.close();
await server.close();

// Sum the samples per function name: self time, and total time (once per sample per function).
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => {
  const f = n.callFrame;
  const fn = f.functionName || "(anonymous)";
  return f.url && !f.url.endsWith(".wasm") && !fn.startsWith("(") ? `${fn} (${f.url.split("/").pop()}:${f.lineNumber + 1})` : fn;
};
const self = new Map();
const total = new Map();
const deltas = profile.timeDeltas;
let busy = 0;
profile.samples.forEach((id, i) => {
  const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
  const leaf = byId.get(id);
  const leafName = name(leaf);
  if (leafName === "(idle)" || leafName === "(program)") return;
  busy += ms;
  self.set(leafName, (self.get(leafName) ?? 0) + ms);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const n = name(byId.get(at));
    if (seen.has(n)) continue;
    seen.add(n);
    total.set(n, (total.get(n) ?? 0) + ms);
  }
});

const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [n, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${(ms / KEYS).toFixed(2).padStart(9)} ms/edit  ${n.slice(0, 140)}`);
  }
};
console.log(`${edit} × ${KEYS} at ${count} states: ${(busy / KEYS).toFixed(1)} ms busy per edit`);
print("self time", self);
print("total time", total);

// CALLERS=<part of a function name>: the stacks that lead to it, most time first.
if (process.env.CALLERS) {
  const stacks = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const chain = [];
    for (let at = id; at !== undefined; at = parent.get(at)) chain.push(name(byId.get(at)));
    const hit = chain.findIndex((n) => n.includes(process.env.CALLERS));
    if (hit < 0) return;
    const key = chain.slice(hit, hit + Number(process.env.DEPTH ?? 8)).map((n) => n.slice(0, 90)).join("\n      < ");
    stacks.set(key, (stacks.get(key) ?? 0) + ms);
  });
  console.log(`\nstacks into ${process.env.CALLERS}`);
  for (const [k, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`${(ms / KEYS).toFixed(2).padStart(9)} ms  ${k}`);
}
