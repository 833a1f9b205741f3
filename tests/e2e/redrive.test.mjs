// Redrive: a run that failed at a flaky call goes on from that state, keeping what succeeded
// before it, once its call succeeds; the redriven part follows an ExecutionRedriven event.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, typeDefinition } from "./harness.mjs";

const app = session();

const DEFINITION = JSON.stringify(
  {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Result: { order: 42 }, Next: "Charge Card" },
      "Charge Card": { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", OutputPath: "$.Payload", Next: "Done" },
      Done: { Type: "Succeed" },
    },
  },
  null,
  2,
);

// Call 0 (the first run) fails; call 1 (the redriven one) succeeds.
const MOCK = {
  StateMachines: { Orders: { TestCases: { "Card service down, then back": { "Charge Card": "Flaky" } } } },
  MockedResponses: {
    Flaky: {
      0: { Throw: { Error: "Lambda.ServiceException", Cause: "the card service is down" } },
      1: { Return: { StatusCode: 200, Payload: { charged: true } } },
    },
  },
};

const types = (page) => page.$$eval("#events li", (rows) => rows.map((r) => [r.dataset.type, r.querySelector(".state")?.textContent ?? ""]));

test("a failed run is redriven from the failed state once its call succeeds", async () => {
  const { page, context, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 3);
  await page.setInputFiles("#import-mock", { name: "orders.mock.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(MOCK)) });
  await page.waitForFunction(() => /Imported 1 test case/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.ok(await page.isDisabled("#sim-redrive"), "nothing to redrive yet");
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "FAILED");
  const failed = await types(page);
  assert.ok(await page.isEnabled("#sim-redrive"));
  await page.click("#sim-redrive");
  // Shown at the redrive event; run on to the end.
  const at = await types(page);
  assert.equal(at.length, failed.length + 1);
  assert.deepEqual(at[at.length - 1], ["ExecutionRedriven", ""]);
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await page.textContent("#execution-output")), { charged: true });
  const all = await types(page);
  assert.deepEqual(all.slice(0, failed.length), failed, "what happened before stays as it was");
  const after = all.slice(failed.length + 1);
  assert.deepEqual(after[0], ["TaskStateEntered", "Charge Card"], "resumes at the failed state");
  assert.ok(!after.some(([, s]) => s === "Prepare"), "Prepare is not run again");
  assert.equal(await page.locator("#events li.redriven").count(), after.length + 1);
  assert.ok(await page.isDisabled("#sim-redrive"), "a succeeded run cannot be redriven");
  await page.screenshot({ path: join(outputDir, "redrive.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
