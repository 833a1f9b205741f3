// The in-browser benchmark of issue 17: the release build in dist/ served on 127.0.0.1, driven in
// headless Chromium, printing what a person feels as figures (a benchmark prints; it asserts
// nothing). Run after `trunk build --release`:   node tools/ui-bench.mjs
//
// Figures, each the median of several tries (max in brackets):
// - first diagram after navigation (performance.now() when the first state box appears);
// - at 10 / 100 / 1,000 states and for a ~1 MB definition: a keystroke in a Comment → the next
//   painted frame; a keystroke that changes a Choice label → the diagram updated; structural
//   edits (duplicate with Ctrl+D, rename in the inspector, delete) → the diagram updated;
// - Start → result and history shown, for a run of ~1,000 and ~25,000 events;
// - the longest main-thread task seen in each part (PerformanceObserver "longtask").
import { serveDist, launch, generated } from "../tests/e2e/harness.mjs";

const TRIES = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (xs) => `${median(xs).toFixed(1)} ms [${Math.max(...xs).toFixed(1)}]`;
const rows = [];
const row = (what, value) => {
  rows.push([what, value]);
  console.log(`${what.padEnd(58)} ${value}`);
};

const server = await serveDist();
const browser = await launch();

/** A fresh page with a long-task observer installed before the app starts. */
async function fresh() {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  await context.addInitScript(() => {
    window.__longest = 0;
    window.__firstNode = null;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector("#diagram g.node")) {
        window.__firstNode = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector("#diagram g.node");
  return { context, page };
}

const longest = async (page, reset = true) => {
  const ms = await page.evaluate(() => window.__longest);
  if (reset) await page.evaluate(() => (window.__longest = 0));
  return ms;
};

// What to wait for is data (the page's Content-Security-Policy forbids eval): `{ nodes: n }`
// state boxes drawn, `{ diagramNot: text }` the diagram's text changed, `{}` nothing.

/** Sets the editor's text as typing does and resolves when `done` holds. */
const setText = (page, text, done) =>
  page.evaluate(
    ([text, done]) =>
      new Promise((ok, fail) => {
        const area = document.querySelector("#definition");
        const start = performance.now();
        area.value = text;
        area.dispatchEvent(new Event("input", { bubbles: true }));
        const check = () =>
          done.nodes !== undefined ? document.querySelectorAll("#diagram g.node").length === done.nodes
          : done.diagramNot !== undefined ? document.querySelector("#diagram").textContent !== done.diagramNot
          : true;
        const poll = () => {
          if (check()) ok(performance.now() - start);
          else if (performance.now() - start > 60_000) fail(new Error("timed out"));
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    [text, done],
  );

/** Types one character at `index` (a UTF-16 index, as the textarea counts; the texts here are ASCII) and
 * resolves with [ms to the next painted frame, ms until `done` holds]. */
const keystroke = (page, index, ch, done) =>
  page.evaluate(
    ([index, ch, done]) =>
      new Promise((ok) => {
        const area = document.querySelector("#definition");
        area.focus();
        area.setSelectionRange(index, index);
        area.dispatchEvent(new Event("select", { bubbles: true }));
        const start = performance.now();
        area.setRangeText(ch, index, index, "end");
        area.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: ch }));
        const check = () =>
          done.nodes !== undefined ? document.querySelectorAll("#diagram g.node").length === done.nodes
          : done.diagramNot !== undefined ? document.querySelector("#diagram").textContent !== done.diagramNot
          : true;
        let paint = null;
        requestAnimationFrame(() => setTimeout(() => (paint = performance.now() - start), 0));
        const poll = () => {
          if (paint !== null && check()) ok([paint, performance.now() - start]);
          else if (performance.now() - start > 60_000) ok([paint ?? -1, -1]);
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    [index, ch, done],
  );


/** A definition of about `bytes` bytes: the generated chain with large Parameters payloads. */
function megabyte(bytes) {
  const def = JSON.parse(generated(1000));
  const filler = "x".repeat(900);
  for (const s of Object.values(def.States)) if (s.Type === "Pass") s.Parameters.note = filler;
  let text = JSON.stringify(def, null, 2);
  while (text.length > bytes) {
    const names = Object.keys(def.States).filter((n) => def.States[n].Parameters);
    def.States[names[0]].Parameters.note = "";
    text = JSON.stringify(def, null, 2);
  }
  return text;
}

// First diagram after navigation.
{
  const first = [];
  const task = [];
  for (let i = 0; i < TRIES; i++) {
    const { context, page } = await fresh();
    first.push(await page.evaluate(() => window.__firstNode));
    task.push(await longest(page));
    await context.close();
  }
  row("first diagram after navigation", show(first));
  row("  longest main-thread task while starting", show(task));
}

// Editing at several sizes.
for (const [label, text] of [
  ["10 states", generated(10)],
  ["100 states", generated(100)],
  ["1,000 states", generated(1000)],
  ["1 MB definition", megabyte(1_000_000)],
]) {
  const { context, page } = await fresh();
  const count = (text.match(/"Type": /g) ?? []).length;
  const load = await setText(page, text, { nodes: count });
  row(`${label} (${count} states, ${(text.length / 1024).toFixed(0)} KiB): load → diagram`, `${load.toFixed(0)} ms`);
  row(`  longest main-thread task while loading`, `${(await longest(page)).toFixed(0)} ms`);
  await page.waitForTimeout(300);

  // A keystroke inside the generated Comment: only the text changes.
  const paints = [];
  for (let i = 0; i < TRIES; i++) {
    const at = await page.$eval("#definition", (t) => t.value.indexOf('generated"'));
    const [paint] = await keystroke(page, at, "g", {});
    paints.push(paint);
    await page.waitForTimeout(150);
  }
  row(`  keystroke → next paint`, show(paints));

  // A keystroke that changes what the diagram shows: a Choice rule's number (its edge label).
  const label10 = [];
  const hasChoice = text.includes("NumericGreaterThan");
  for (let i = 0; hasChoice && i < TRIES; i++) {
    const at = await page.$eval("#definition", (t) => t.value.indexOf('"NumericGreaterThan": ') + '"NumericGreaterThan": '.length);
    const before = await page.$eval("#diagram", (d) => d.textContent);
    const [, updated] = await keystroke(page, at, "1", { diagramNot: before });
    label10.push(updated);
    await page.waitForTimeout(150);
  }
  if (hasChoice) row(`  keystroke → diagram updated (a Choice label)`, show(label10));

  // Structural edits through the diagram and the inspector.
  const struct = { duplicate: [], rename: [], delete: [] };
  for (let i = 0; i < 3; i++) {
    const n = await page.locator("#diagram g.node").count();
    // By keyboard, as the diagram is scrolled: focus the state, Ctrl+D.
    struct.duplicate.push(
      await page.evaluate(
        ([n]) =>
          new Promise((ok) => {
            const start = performance.now();
            const node = document.querySelector('#diagram g.node[data-state="S1"]');
            node.focus();
            node.dispatchEvent(new KeyboardEvent("keydown", { key: "d", ctrlKey: true, bubbles: true }));
            const poll = () =>
              document.querySelectorAll("#diagram g.node").length > n ? ok(performance.now() - start)
              : performance.now() - start > 20_000 ? ok(-1) : requestAnimationFrame(poll);
            poll();
          }),
        [n],
      ),
    );
    // The copy is selected: rename it in the inspector (Playwright's fill and Enter, so this
    // figure includes a few milliseconds of driving the browser).
    await page.waitForFunction(() => /S1/.test(document.querySelector("#inspector-name")?.value ?? "") && document.querySelector("#inspector-name").value !== "S1");
    await page.fill("#inspector-name", `Renamed ${i}`);
    const t0 = await page.evaluate(() => performance.now());
    await page.press("#inspector-name", "Enter", { timeout: 120_000 });
    await page.waitForSelector(`#diagram g.node[data-state="Renamed ${i}"]`, { timeout: 120_000 });
    struct.rename.push((await page.evaluate(() => performance.now())) - t0);
    struct.delete.push(
      await page.evaluate(
        ([i]) =>
          new Promise((ok) => {
            const node = document.querySelector(`#diagram g.node[data-state="Renamed ${i}"]`);
            const n = document.querySelectorAll("#diagram g.node").length;
            if (!node) return ok(-1);
            node.focus();
            const start = performance.now();
            node.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true }));
            const poll = () =>
              document.querySelectorAll("#diagram g.node").length < n ? ok(performance.now() - start)
              : performance.now() - start > 20_000 ? ok(-1) : requestAnimationFrame(poll);
            poll();
          }),
        [i],
      ),
    );
    await page.waitForTimeout(150);
  }
  for (const [what, xs] of Object.entries(struct)) row(`  ${what} → diagram updated`, show(xs));
  row(`  longest main-thread task while editing`, `${(await longest(page)).toFixed(0)} ms`);
  await context.close();
}

// Runs: Start → status and history shown. 6,248 items make 24,998 events, just under the
// 25,000-event limit of a Standard execution (one more item and the run fails on the limit).
for (const items of [250, 6248]) {
  const { context, page } = await fresh();
  const def = JSON.stringify({
    StartAt: "Each",
    States: { Each: { Type: "Map", ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } }, End: true } },
  });
  await setText(page, def, { nodes: 2 });
  await page.fill("#execution-input", JSON.stringify([...Array(items).keys()]));
  await page.locator("#execution-input").blur();
  const events = 6 + 4 * items;
  const times = [];
  for (let i = 0; i < 3; i++) {
    await longest(page);
    times.push(
      await page.evaluate(
        () =>
          new Promise((ok) => {
            const start = performance.now();
            document.querySelector("#sim-start").click();
            document.querySelector("#sim-end").click();
            // Any final status ends the wait; one that is not SUCCEEDED is reported, not timed.
            const poll = () => {
              const status = document.querySelector("#execution-status")?.textContent ?? "";
              if (/SUCCEEDED|FAILED|TIMED_OUT|ABORTED/.test(status) && document.querySelector("#events li[data-type]"))
                requestAnimationFrame(() => setTimeout(() => ok(/SUCCEEDED/.test(status) ? performance.now() - start : -1), 0));
              else if (performance.now() - start > 60_000) ok(-1);
              else requestAnimationFrame(poll);
            };
            poll();
          }),
      ),
    );
  }
  row(`Start → result and history shown, ${events} events`, show(times));
  row(`  longest main-thread task`, `${(await longest(page)).toFixed(0)} ms`);
  await context.close();
}

await browser.close();
await server.close();
console.log("\n| figure | value |\n|---|---|");
for (const [what, value] of rows) console.log(`| ${what.trim()} | ${value} |`);
