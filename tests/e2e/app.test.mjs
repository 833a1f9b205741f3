// End-to-end: the built app in real Chromium, used the way a person uses it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir } from "./harness.mjs";

const app = session();

const BATCH = "manage-a-batch-job";
const POLLER = "poll-for-job-status";

/** Picks a sample and waits until the editor and the diagram (drawn once the browser has
 * painted the new text) both show it. */
async function pick(page, sample) {
  await page.selectOption("#sample-menu", sample);
  await page.waitForFunction(
    (s) => document.querySelector("#definition").value.includes(s) && document.querySelector(`#diagram g.node[data-state="${s}"]`),
    sample === BATCH ? "Submit Batch Job" : "Wait X Seconds",
  );
}

async function runToEnd(page) {
  await page.click("#sim-start");
  await page.click("#sim-end");
  return (await page.textContent("#execution-status")).trim();
}

async function eventTypes(page) {
  return page.$$eval("#events li", (rows) => rows.map((r) => r.dataset.type));
}

test("each sample from the menu draws every state; screenshots saved", async () => {
  const { page, context, errors } = await app.open();
  for (const [sample, states, title] of [
    [BATCH, ["Submit Batch Job", "Notify Success", "Notify Failure"], "Manage a Batch Job (Batch, SNS)"],
    [POLLER, ["Submit Job", "Wait X Seconds", "Get Job Status", "Job Complete?", "Job Failed", "Get Final Job Status"], "Poll for Job Status (Lambda, AWS Batch)"],
  ]) {
    await pick(page, sample);
    const menuText = await page.$eval("#sample-menu", (s) => s.options[s.selectedIndex].textContent.trim());
    assert.equal(menuText, title);
    const names = await page.$$eval("#diagram g.node", (nodes) => nodes.map((n) => n.dataset.state));
    assert.deepEqual([...names].sort(), [...states].sort());
    assert.equal(await page.locator("#diagram g.node").count(), states.length);
    assert.equal((await page.textContent("#problem-summary")).trim(), "No problems");
    await page.screenshot({ path: join(outputDir, `${sample}.png`), fullPage: true });
  }
  // The Catch edge is drawn dashed; the poller's loop exists as an edge back to the Wait.
  await pick(page, BATCH);
  assert.equal(await page.locator("#diagram g.edge.catch").count(), 1);
  const dash = await page.$eval("#diagram g.edge.catch polyline", (p) => getComputedStyle(p).strokeDasharray);
  assert.notEqual(dash, "none");
  await pick(page, POLLER);
  assert.equal(await page.locator('#diagram g.edge[data-from="Job Complete?"][data-to="Wait X Seconds"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Manage a Batch Job: the job succeeds, then the job fails and is caught", async () => {
  const { page, context } = await app.open();
  await pick(page, BATCH);
  await page.selectOption("#test-case", { label: "Batch job succeeds" });
  assert.equal(await runToEnd(page), "SUCCEEDED");
  assert.deepEqual(await eventTypes(page), [
    "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited",
    "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
  ]);
  assert.equal(await page.locator('#diagram g.node[data-state="Notify Success"].status-succeeded').count(), 1);
  assert.equal(await page.locator('#diagram g.node[data-state="Notify Failure"][class*="status-"]').count(), 0);

  await page.selectOption("#test-case", { label: "Batch job fails" });
  assert.equal(await runToEnd(page), "SUCCEEDED");
  const types = await eventTypes(page);
  assert.ok(types.includes("TaskFailed"), types.join());
  assert.equal(await page.locator('#diagram g.node[data-state="Submit Batch Job"].status-caught').count(), 1);
  assert.equal(await page.locator('#diagram g.node[data-state="Notify Failure"].status-succeeded').count(), 1);
  // The error output reached Notify Failure: a click on its TaskStateExited moves the run there
  // (its data flow complete); read its input.
  await page.locator('#events li[data-type="TaskStateExited"]', { hasText: "Notify Failure" }).click();
  assert.equal((await page.textContent("#detail-state")).trim(), "Notify Failure");
  const input = JSON.parse(await page.textContent("#detail-input"));
  assert.equal(input.Error, "States.TaskFailed");
  assert.match(input.Cause, /FAILED/);
  // Its data flow: what Parameters made of the input, and the SNS result.
  const parameters = await page.textContent('#data-flow li[data-stage="afterParameters"] pre');
  assert.match(parameters, /Batch job submitted through Step Functions failed/);
  assert.match(await page.textContent('#data-flow li[data-stage="result"] pre'), /MessageId/);
  await page.screenshot({ path: join(outputDir, `${BATCH}-job-fails.png`), fullPage: true });
  await context.close();
});

test("Poll for Job Status: RUNNING twice then SUCCEEDED, and RUNNING once then FAILED", async () => {
  const { page, context } = await app.open();
  await pick(page, POLLER);
  await page.selectOption("#test-case", { label: "RUNNING twice, then SUCCEEDED" });
  assert.equal(await runToEnd(page), "SUCCEEDED");
  let types = await eventTypes(page);
  assert.equal(types.filter((t) => t === "WaitStateEntered").length, 3);
  assert.match(await page.textContent(".progress"), /virtual time \+3m 0s/);
  assert.equal(await page.locator('#diagram g.node[data-state="Get Final Job Status"].status-succeeded').count(), 1);

  await page.selectOption("#test-case", { label: "RUNNING once, then FAILED" });
  assert.equal(await runToEnd(page), "FAILED");
  types = await eventTypes(page);
  assert.equal(types.at(-1), "ExecutionFailed");
  assert.equal(types.filter((t) => t === "WaitStateEntered").length, 2);
  const error = await page.textContent("#execution-error");
  assert.match(error, /DescribeJob returned FAILED/);
  assert.match(error, /AWS Batch Job Failed/);
  assert.equal(await page.locator('#diagram g.node[data-state="Job Failed"].status-failed').count(), 1);
  await page.screenshot({ path: join(outputDir, `${POLLER}-failed.png`), fullPage: true });
  await context.close();
});

test("Step back returns to exactly the earlier state of the run", async () => {
  const { page, context } = await app.open();
  await pick(page, POLLER);
  await page.selectOption("#test-case", { label: "RUNNING twice, then SUCCEEDED" });
  await page.click("#sim-start");
  // Step to the first Get Job Status entry and remember what is shown.
  for (let i = 0; i < 8; i++) await page.click("#sim-step");
  const snapshot = async () => ({
    events: await page.$$eval("#events li", (rows) => rows.map((r) => r.textContent)),
    state: (await page.textContent("#detail-state")).trim(),
    input: await page.textContent("#detail-input"),
    output: await page.textContent("#detail-output"),
    current: await page.$$eval("#diagram g.node.current", (n) => n.map((x) => x.dataset.state)),
    status: (await page.textContent("#execution-status")).trim(),
  });
  const before = await snapshot();
  await page.click("#sim-step");
  const after = await snapshot();
  assert.equal(after.events.length, before.events.length + 1);
  await page.click("#sim-back");
  assert.deepEqual(await snapshot(), before);
  assert.equal(before.status, "RUNNING");
  // And from the end: one step back shows the state of the run before its last event.
  await page.click("#sim-end");
  const end = await page.$$eval("#events li", (rows) => rows.length);
  await page.click("#sim-back");
  assert.equal(await page.locator("#events li").count(), end - 1);
  assert.equal((await page.textContent("#execution-status")).trim(), "RUNNING");
  assert.equal((await page.textContent("#detail-state")).trim(), "Get Final Job Status");
  await context.close();
});

test("Export downloads the editor text byte for byte", async () => {
  const { page, context } = await app.open();
  await pick(page, POLLER);
  // Edit first, so the export is the editor's text and not the shipped sample.
  await page.click("#definition");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  assert.equal(download.suggestedFilename(), `${POLLER}.asl.json`);
  const saved = await readFile(await download.path());
  const editor = await page.$eval("#definition", (t) => t.value);
  assert.ok(Buffer.from(editor, "utf8").equals(saved), "exported bytes equal the editor text");
  await context.close();
});

test("Invalid JSON shows an error with line and column and keeps the last good diagram", async () => {
  const { page, context } = await app.open();
  await pick(page, BATCH);
  await page.fill("#definition", '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass" "End": true}\n  }\n}');
  // The analysis follows once the browser has painted the new text.
  await page.waitForSelector("#stale-banner");
  const problem = await page.textContent("#problems");
  assert.match(problem, /Line 4, column 26/);
  assert.match(problem, /INVALID_JSON_DESCRIPTION/);
  assert.equal(await page.locator("#stale-banner").count(), 1);
  assert.equal(await page.locator("#diagram g.node").count(), 3, "the last good diagram stays");

  // A Next that names no state: located at the name, and the diagram still stays.
  await page.fill("#definition", '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass", "Next": "Nowhere"}\n  }\n}');
  await page.waitForFunction(() => document.querySelector("#problems").textContent.includes("Nowhere"));
  const problems = await page.textContent("#problems");
  assert.match(problems, /Line 4, column 35.*MISSING_TRANSITION_TARGET.*Missing 'Next' target: Nowhere/);
  assert.equal(await page.locator("#diagram g.node").count(), 3);

  // Valid again: the diagram follows the text.
  await page.fill("#definition", '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}');
  await page.waitForSelector("#stale-banner", { state: "detached" });
  assert.equal(await page.locator("#diagram g.node").count(), 1);
  await page.screenshot({ path: join(outputDir, "invalid-then-fixed.png"), fullPage: true });
  await context.close();
});
