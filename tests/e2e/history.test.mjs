// End-to-end benchmark and check: a run of 24,006 events (a Map over 6,000 items). The history
// renders only the rows in view (so the page stays small), follows the scrubber to any
// position, and scrolls; the time from each input to the next painted frame is printed — a
// figure, not an assert (a loaded machine must not fail the build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { session, typeDefinition } from "./harness.mjs";

const app = session();

const DEFINITION = `{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemProcessor": { "StartAt": "Item", "States": { "Item": { "Type": "Pass", "End": true } } },
      "End": true
    }
  }
}`;
const ITEMS = 6000;
const EVENTS = 3 + 4 * ITEMS + 3;

/** Runs `action` in the page and resolves with the milliseconds until the frame after it. */
const timed = (page, action, arg) =>
  page.evaluate(
    ([action, arg]) =>
      new Promise((done) => {
        const start = performance.now();
        new Function("arg", action)(arg);
        // After the next frame is painted: rAF runs before the paint, the task after it.
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
      }),
    [action, arg],
  );

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms over ${xs.length}`;

test(`history of ${EVENTS} events: virtual rows, scrubbing and scrolling (figures printed)`, async () => {
  const { page, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 2);
  await page.fill("#execution-input", JSON.stringify([...Array(ITEMS).keys()]));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  const toEnd = await timed(page, 'document.querySelector("#sim-end").click()');
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.equal(Number(await page.getAttribute("#sim-scrubber", "max")), EVENTS);
  const rendered = await page.locator("#events li[data-type]").count();
  assert.ok(rendered > 5 && rendered < 100, `${rendered} rows in the page`);
  // The list follows the cursor: the last event is in view.
  await page.waitForSelector("#events li.selected");
  assert.equal((await page.textContent("#events li.selected .id")).trim(), String(EVENTS));

  const scrub = [];
  for (const k of [1, 500, 12000, 23999, 7, 18000, EVENTS, 3000, 9000, 15000]) {
    scrub.push(
      await timed(
        page,
        `const el = document.querySelector("#sim-scrubber"); el.value = String(arg); el.dispatchEvent(new Event("input", { bubbles: true }));`,
        k,
      ),
    );
    await page.waitForFunction((k) => document.querySelector("#events li.selected .id")?.textContent === String(k), k);
  }
  await page.click("#sim-end");

  const scroll = [];
  for (const top of [0, 100000, 250000, 400000, 480000, 20000, 300000, 60000]) {
    scroll.push(await timed(page, 'document.querySelector("#events").scrollTop = arg;', top));
  }
  // Where it was scrolled to, the rows are there (no blank list).
  const visible = await page.$$eval("#events li[data-type] .id", (ids) => ids.map((i) => Number(i.textContent)));
  assert.ok(visible.some((id) => id > 2900 && id < 3100), `rows ${visible[0]}..${visible.at(-1)}`);

  console.log(`history of ${EVENTS} events: ${rendered} rows in the page; Run to end ${toEnd.toFixed(1)} ms`);
  console.log(`  scrubber to a position → next frame: ${fmt(scrub)}`);
  console.log(`  scroll the list → next frame: ${fmt(scroll)}`);
  assert.deepEqual(errors, []);
});
