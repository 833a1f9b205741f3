// End-to-end: looking at runs — two runs compared (where they part, the states one entered
// only, a state's input/output difference), and the timeline of state visits (bars, a Retrier's
// failed attempts and backoff waits, nested Parallel branches, following and moving the cursor).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, scrubTo, typeDefinition } from "./harness.mjs";

const app = session();

async function openSample(page, stem, state) {
  await page.selectOption("#sample-menu", stem);
  await page.waitForFunction((s) => document.querySelector(`#diagram g.node[data-state="${s}"]`), state);
}

async function runCase(page, name) {
  await page.selectOption("#test-case", { label: name });
  await page.click("#sim-start");
  await page.waitForSelector("#execution-status:not(.idle)");
  await page.click("#sim-end");
}

const states = (page, sel) => page.$$eval(`${sel} li[data-state]`, (li) => li.map((l) => l.dataset.state));

async function compare(page, a, b) {
  await page.selectOption("#compare-a", { label: a });
  await page.selectOption("#compare-b", { label: b });
  await page.click("#compare-run");
  await page.waitForSelector("#compare-first-difference");
}

test("two test cases of the poller compared: where they part, the states only one entered, a state's difference", async () => {
  const { page, context, errors } = await app.open();
  await openSample(page, "poll-for-job-status", "Wait X Seconds");
  await page.click("#compare > summary");

  await compare(page, "Test case: SUCCEEDED at once", "Test case: RUNNING once, then FAILED");
  const first = page.locator("#compare-first-difference");
  // Both ran Submit Job, the Wait, one poll and the Choice alike (15 events); then one goes to
  // Get Final Job and the other waits again.
  assert.equal(await first.getAttribute("data-index-a"), "15");
  assert.equal(await first.getAttribute("data-index-b"), "15");
  const text = await first.textContent();
  assert.match(text, /#16 TaskStateEntered · Get Final Job Status/);
  assert.match(text, /#16 WaitStateEntered · Wait X Seconds/);
  assert.deepEqual(await states(page, "#compare-only-a"), ["Get Final Job Status"]);
  assert.deepEqual(await states(page, "#compare-only-b"), ["Job Failed"]);
  assert.match(await page.textContent("#compare-summary"), /SUCCEEDED, 21 events .* FAILED, 26 events/);
  // The data parted before the path: the poll's answer.
  assert.match(await page.textContent("#compare-first-data"), /Get Job Status/);
  assert.equal(await page.$eval("#compare-state", (s) => s.value), "Get Job Status");
  const changes = await page.$$eval("#compare-diff li.change", (li) => li.map((l) => [l.dataset.kind, l.dataset.path]));
  assert.ok(changes.length > 0, "the state's input or output differs");
  assert.ok(changes.every(([kind, path]) => ["added", "removed", "changed"].includes(kind) && path.startsWith("$")), JSON.stringify(changes));
  assert.match(await page.textContent("#compare-diff"), /A visit 1 of 1 · B visit 2 of 2/);
  // The first visit of the poll: the same input on both sides.
  await page.selectOption("#compare-visit", "1");
  assert.match(await page.textContent("#compare-diff ul[data-part=input]"), /Same input/);
  // A state both entered the same way: no change.
  await page.selectOption("#compare-state", "Submit Job");
  assert.equal(await page.locator("#compare-diff li.change").count(), 0);
  await page.screenshot({ path: join(outputDir, "runs-compare.png"), fullPage: true });
  await page.locator("#compare").screenshot({ path: join(outputDir, "runs-compare-section.png") });

  // Same states, another number of polls: nothing only in one.
  await compare(page, "Test case: SUCCEEDED at once", "Test case: RUNNING twice, then SUCCEEDED");
  assert.equal(await first.getAttribute("data-index-a"), "15");
  assert.deepEqual(await states(page, "#compare-only-a"), []);
  assert.deepEqual(await states(page, "#compare-only-b"), []);
  assert.equal(await page.textContent("#compare-only-a"), "none");

  // The run on show against the test case it was made from: no difference.
  await runCase(page, "RUNNING twice, then SUCCEEDED");
  await compare(page, "Run on show", "Test case: RUNNING twice, then SUCCEEDED");
  assert.match(await first.textContent(), /Same events on the same states throughout/);
  assert.equal(await page.locator("#compare-first-data").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the timeline: one row per visit with bars, a retried Task's failed attempts and waits, following the cursor", async () => {
  const { page, context, errors } = await app.open();
  await openSample(page, "flaky-api-retry", "Get Carrier Quote");
  await runCase(page, "Throttled twice, then quoted");
  await page.click("#view-timeline");
  assert.equal(await page.getAttribute("#view-timeline", "aria-pressed"), "true");
  assert.equal(await page.locator("#events").count(), 0, "the timeline replaces the event list");
  const rows = () => states(page, "#timeline");
  assert.deepEqual(await rows(), ["Build Quote Request", "Get Carrier Quote", "Quote Usable?", "Return Carrier Quote"]);
  assert.equal(await page.locator("#timeline li[data-state] .tl-bar").count(), 4, "every row has a bar");

  const call = page.locator('#timeline li[data-state="Get Carrier Quote"]');
  assert.equal(await call.getAttribute("data-result"), "retried");
  assert.equal(await call.locator(".tl-attempt.failed").count(), 2, "two failed attempts in red");
  assert.equal(await call.locator(".tl-attempt:not(.failed)").count(), 1, "then one that succeeded");
  assert.equal(await call.locator(".tl-wait").count(), 2, "a backoff wait after each failure");
  const red = await call.locator(".tl-attempt.failed").first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(red, "rgb(220, 38, 38)");
  // Bars are placed by style:left/width (no style attribute text in the markup the CSP sees).
  const waits = await call.locator(".tl-wait").evaluateAll((ws) => ws.map((w) => [parseFloat(w.style.left), parseFloat(w.style.width)]));
  // The retrier has JitterStrategy FULL, so each wait is a part of its backoff: the two waits
  // follow each other, in order, and fill the visit's time between the attempts.
  assert.ok(Math.abs(waits[0][0]) < 1 && waits[0][1] > 0, JSON.stringify(waits));
  assert.ok(Math.abs(waits[1][0] - (waits[0][0] + waits[0][1])) < 1 && waits[1][1] > 0, JSON.stringify(waits));
  assert.ok(Math.abs(waits[1][0] + waits[1][1] - 100) < 1, JSON.stringify(waits));
  assert.equal((await call.locator(".tl-result").textContent()).trim(), "retried ×2");
  assert.equal(await call.locator(".tl-result").getAttribute("title"), "2 failed attempts of 3");
  // Jittered waits: the call lasts what they add up to, and the next state starts when it ends.
  const lasted = (await call.locator(".tl-duration").textContent()).trim();
  assert.match(lasted, /^\d+ s$/);
  assert.equal((await page.textContent('#timeline li[data-state="Quote Usable?"] .tl-start')).trim(), `+${lasted}`);
  await page.screenshot({ path: join(outputDir, "runs-timeline-retry.png"), fullPage: true });
  await page.locator(".history").screenshot({ path: join(outputDir, "runs-timeline-retry-table.png") });

  // A click on a row moves the run to that visit's entry.
  await page.click('#timeline li[data-state="Quote Usable?"]');
  assert.equal(await page.$eval("#sim-scrubber", (s) => Number(s.value)), 15);
  assert.equal(await page.locator("#timeline li.current").getAttribute("data-state"), "Quote Usable?");
  await page.click('#timeline li[data-state="Get Carrier Quote"]');
  assert.equal(await page.$eval("#sim-scrubber", (s) => Number(s.value)), 4);

  // Only the events up to the cursor: the call is still running after its first attempt.
  await scrubTo(page, 7);
  assert.deepEqual(await rows(), ["Build Quote Request", "Get Carrier Quote"]);
  assert.equal(await call.getAttribute("data-result"), "running");
  assert.equal(await call.locator(".tl-attempt.failed").count(), 1);
  assert.equal(await call.locator(".tl-wait").count(), 0);
  await scrubTo(page, 9);
  assert.equal(await call.locator(".tl-wait").count(), 1, "the wait is known once the next attempt is scheduled");

  // Back to the events: the list is there again.
  await page.click("#view-history");
  assert.equal(await page.locator("#events li").count(), 9);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the timeline of the poller and of a Parallel: waits on the clock, branches nested", async () => {
  const { page, context, errors } = await app.open();
  await openSample(page, "poll-for-job-status", "Wait X Seconds");
  await runCase(page, "RUNNING twice, then SUCCEEDED");
  await page.click("#view-timeline");
  const rows = await states(page, "#timeline");
  assert.equal(rows.length, 11, rows.join(", "));
  assert.equal(rows.filter((s) => s === "Get Job Status").length, 3);
  const waits = await page.$$eval('#timeline li[data-state="Wait X Seconds"]', (li) =>
    li.map((l) => [l.querySelector(".tl-start").textContent, l.querySelector(".tl-duration").textContent]),
  );
  assert.deepEqual(waits, [["+0 s", "1 min 0 s"], ["+1 min 0 s", "1 min 0 s"], ["+2 min 0 s", "1 min 0 s"]]);
  const last = await page.$eval("#timeline li:last-child", (l) => [l.dataset.state, l.dataset.result, l.querySelector(".tl-start").textContent]);
  assert.deepEqual(last, ["Get Final Job Status", "succeeded", "+3 min 0 s"]);

  await openSample(page, "parallel-fan-out", "Check Credit");
  await runCase(page, "All checks pass");
  await page.click("#view-timeline");
  const nested = await page.$$eval("#timeline li[data-state]", (li) => li.map((l) => [l.dataset.state, l.dataset.depth, l.dataset.scope ?? ""]));
  const inside = nested.filter(([, depth]) => depth === "1");
  assert.ok(inside.length >= 3, JSON.stringify(nested));
  assert.equal(new Set(inside.map(([, , scope]) => scope)).size, 3, `three branches: ${JSON.stringify(inside)}`);
  assert.ok(inside.every(([, , scope]) => scope.startsWith("Run Checks/")), JSON.stringify(inside));
  const top = nested.find(([s]) => s === "Run Checks");
  assert.equal(top[1], "0");
  const indent = await page.$$eval("#timeline li[data-depth] .tl-name", (n) => n.map((e) => parseFloat(e.style.paddingLeft)));
  assert.ok(Math.max(...indent) > Math.min(...indent), "nested rows are indented");
  await page.screenshot({ path: join(outputDir, "runs-timeline-parallel.png"), fullPage: true });
  await page.locator(".history").screenshot({ path: join(outputDir, "runs-timeline-parallel-table.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

const BIG_MAP = `{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemProcessor": { "StartAt": "Item", "States": { "Item": { "Type": "Pass", "End": true } } },
      "End": true
    }
  }
}`;

test("the timeline of 24,006 events renders only the rows in view and follows the scrubber (figures printed)", async () => {
  const { page, context, errors } = await app.open();
  const items = 6000;
  await typeDefinition(page, BIG_MAP, 2);
  await page.fill("#execution-input", JSON.stringify([...Array(items).keys()]));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  const t0 = Date.now();
  await page.click("#view-timeline");
  await page.waitForSelector("#timeline li[data-state]");
  const open = Date.now() - t0;
  const rendered = await page.locator("#timeline li[data-state]").count();
  assert.ok(rendered > 5 && rendered < 100, `${rendered} rows in the page for ${items + 1} visits`);
  // Following the cursor: at the last iteration's exit its row is the current one, in view.
  await scrubTo(page, 24002);
  await page.waitForSelector('#timeline li.current[data-scope="Each:5999"]');
  // From the scrubber's input to the next painted frame, measured in the page.
  const times = [];
  for (const k of [12000, 30, 23990, 3, 18000, 6000]) {
    const ms = await page.evaluate(
      (k) =>
        new Promise((done) => {
          const start = performance.now();
          const el = document.querySelector("#sim-scrubber");
          el.value = String(k);
          el.dispatchEvent(new Event("input", { bubbles: true }));
          requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
        }),
      k,
    );
    times.push(ms.toFixed(1));
    await page.waitForFunction(() => document.querySelector("#timeline li.current"));
  }
  // Iteration rows are nested under the Map.
  const depths = await page.$$eval("#timeline li[data-state]", (li) => [...new Set(li.map((l) => l.dataset.depth))]);
  assert.ok(depths.includes("1"), JSON.stringify(depths));
  console.log(`timeline of 24,006 events: opened in ${open} ms; scrubber → next frame ${times.join(", ")} ms; ${rendered} rows rendered`);
  assert.deepEqual(errors, []);
  await context.close();
});
