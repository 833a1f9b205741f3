// The workflow type: an Express machine is checked as AWS checks one (no `.sync`) and runs as
// one (no 25,000-event history limit); the choice is saved with the document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { session, typeDefinition } from "./harness.mjs";

const app = session();

const MAP = JSON.stringify(
  { StartAt: "Each", States: { Each: { Type: "Map", ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } }, End: true } } },
  null,
  2,
);

test("Express runs a Map over 7,000 items that Standard cannot, refuses .sync, and is remembered", async () => {
  const { page, context, errors } = await app.open();
  await typeDefinition(page, MAP, 2);
  await page.fill("#execution-input", JSON.stringify([...Array(7000).keys()]));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "FAILED", "Standard: the history limit");
  assert.match(await page.textContent("#execution-error"), /25000 events/);

  await page.selectOption("#workflow-type", "EXPRESS");
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.equal(Number(await page.getAttribute("#sim-scrubber", "max")), 6 + 4 * 7000);

  // What Express forbids is a problem while the machine is Express.
  const sync = MAP.replace('"Type": "Pass"', '"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync"');
  await typeDefinition(page, sync, 2);
  await page.waitForSelector("#problems li.error");
  await page.selectOption("#workflow-type", "STANDARD");
  await page.waitForFunction(() => document.querySelector("#problem-summary").textContent.trim() === "No problems");
  await page.selectOption("#workflow-type", "EXPRESS");
  await page.waitForSelector("#problems li.error");

  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await page.inputValue("#workflow-type"), "EXPRESS", "saved with the document");
  assert.deepEqual(errors, []);
  await context.close();
});
