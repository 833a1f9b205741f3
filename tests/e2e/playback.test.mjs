// End-to-end: watching a run unfold — Play/Pause at a speed, the scrubber, the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, scrubTo } from "./harness.mjs";

const app = session();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const shown = (page) => page.locator("#events li").count();

async function startPoller(page) {
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelector('#diagram g.node[data-state="Wait X Seconds"]'));
  await page.selectOption("#test-case", { label: "RUNNING twice, then SUCCEEDED" });
  await page.click("#sim-start");
  await page.waitForFunction(() => document.querySelectorAll("#events li").length === 1);
}

test("Play at 10 events/s shows events arriving over time; Pause stops; a higher speed is faster", async () => {
  const { page, context, errors } = await app.open();
  await startPoller(page);
  const total = Number(await page.getAttribute("#sim-scrubber", "max"));
  assert.ok(total > 15, `the run has ${total} events`);
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "false");

  await page.selectOption("#sim-speed", "10");
  await page.click("#sim-play");
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "true");
  await sleep(350);
  const first = await shown(page);
  await sleep(300);
  const second = await shown(page);
  assert.ok(second > first, `the count rises while playing (${first} → ${second})`);
  assert.ok(second < total, `not all at once (${second} of ${total})`);

  await page.click("#sim-play");
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "false");
  const paused = await shown(page);
  await sleep(500);
  assert.equal(await shown(page), paused, "paused: the count stays");

  // 25/s over the same time shows more events than 10/s did.
  await page.selectOption("#sim-speed", "25");
  const before = await shown(page);
  await page.click("#sim-play");
  await sleep(300);
  await page.click("#sim-play");
  const fast = (await shown(page)) - before;
  assert.ok(fast > second - first, `25/s moved ${fast} events in 300 ms, 10/s moved ${second - first}`);

  // Playing stops by itself at the end.
  await page.selectOption("#sim-speed", "instant");
  await page.click("#sim-play");
  assert.equal(await shown(page), total);
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "false");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the scrubber moves the run to position k: k events shown, the state of event k current", async () => {
  const { page, context, errors } = await app.open();
  await startPoller(page);
  for (const k of [7, 3, 12]) {
    await scrubTo(page, k);
    assert.equal(await shown(page), k);
    const types = await page.$$eval("#events li", (rows) => rows.map((r) => r.dataset.type));
    assert.equal(types.length, k);
    const current = await page.$$eval('#diagram g.node[aria-current="step"]', (ns) => ns.map((n) => n.dataset.state));
    const stateOfK = await page.$eval(`#events li:nth-child(${k})`, (r) => r.textContent);
    assert.ok(current.length <= 1, `one current state at most: ${current}`);
    if (current.length === 1) assert.ok(stateOfK.includes(current[0]), `event ${k} (${stateOfK}) is in ${current[0]}`);
  }
  assert.match(await page.textContent("#sim-clock"), /^\+\d+/);
  // A click on a history row moves the run there, the scrubber with it.
  await page.click("#events li:nth-child(5)");
  assert.equal(await page.$eval("#sim-scrubber", (s) => Number(s.value)), 5);
  assert.equal(await shown(page), 5);
  assert.equal(await page.locator("#events li.selected").count(), 1);
  assert.ok((await page.textContent("#events li.selected")).startsWith("5"), "the clicked row is the selected one");
  await page.screenshot({ path: join(outputDir, "playback-scrubbed.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: Space plays and pauses, arrows step, Home and End jump, not inside a text field", async () => {
  const { page, context, errors } = await app.open();
  await startPoller(page);
  const total = Number(await page.getAttribute("#sim-scrubber", "max"));
  await page.click("#status-line, .status-line");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await shown(page), 3);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await shown(page), 2);
  await page.keyboard.press("End");
  assert.equal(await shown(page), total);
  await page.keyboard.press("Home");
  assert.equal(await shown(page), 1);
  await page.selectOption("#sim-speed", "10");
  await page.click("#status-line, .status-line");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "true");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute("#sim-play", "aria-pressed"), "false");
  // In the execution input the keys are text.
  const at = await shown(page);
  await page.click("#execution-input");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await shown(page), at);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a breakpoint pauses playing when the run enters its state", async () => {
  const { page, context, errors } = await app.open();
  await startPoller(page);
  await page.click('#diagram g.node[data-state="Get Job Status"]');
  await page.click("#sim-breakpoint");
  assert.equal(await page.getAttribute("#sim-breakpoint", "aria-pressed"), "true");
  assert.equal(await page.locator('#diagram g.node.breakpoint[data-state="Get Job Status"] circle.breakpoint-dot').count(), 1);
  await page.selectOption("#sim-speed", "25");
  await page.click("#sim-play");
  await page.waitForFunction(() => document.querySelector("#sim-play").getAttribute("aria-pressed") === "false");
  const last = await page.$eval("#events li:last-child", (r) => [r.dataset.type, r.textContent]);
  assert.equal(last[0], "TaskStateEntered");
  assert.ok(last[1].includes("Get Job Status"), last[1]);
  const total = Number(await page.getAttribute("#sim-scrubber", "max"));
  assert.ok((await shown(page)) < total, "paused before the end");
  // Play again: it goes on, and pauses on the next entry into that state.
  const at = await shown(page);
  await page.click("#sim-play");
  await page.waitForFunction(() => document.querySelector("#sim-play").getAttribute("aria-pressed") === "false");
  assert.ok((await shown(page)) > at);
  assert.equal(await page.$eval("#events li:last-child", (r) => r.dataset.type), "TaskStateEntered");
  assert.deepEqual(errors, []);
  await context.close();
});
