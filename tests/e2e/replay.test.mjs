// End-to-end: replaying a real AWS execution on the diagram. The history file is written by
// hand exactly as `aws stepfunctions get-execution-history` prints it (JSON as text, ISO
// timestamps with microseconds, details under `…EventDetails`), with a Map whose second
// iteration fails and a Catcher that leads to a Fail state. Opened like any file, it plays on
// the diagram with the same controls; a file that is not a history changes nothing; the run
// exports in the same shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, typeDefinition, scrubTo } from "./harness.mjs";

const app = session();

const DEFINITION = `{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "StartAt": "Work",
        "States": {
          "Work": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": { "FunctionName": "work", "Payload.$": "$" },
            "End": true
          }
        }
      },
      "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
      "End": true
    },
    "Failed": { "Type": "Fail", "Error": "WorkFailed", "Cause": "an item failed" }
  }
}`;

const at = (s) => `2024-05-01T08:00:${String(s).padStart(2, "0")}.250000+00:00`;
const lambda = { resourceType: "lambda", resource: "invoke" };
const entered = (name, input) => ({ stateEnteredEventDetails: { name, input: JSON.stringify(input), inputDetails: { truncated: false } } });
const exited = (name, output) => ({ stateExitedEventDetails: { name, output: JSON.stringify(output), outputDetails: { truncated: false } } });
const TYPES_AND_DETAILS = [
  ["ExecutionStarted", { executionStartedEventDetails: { input: '{"items":[1,2]}', roleArn: "arn:aws:iam::123456789012:role/r" } }],
  ["MapStateEntered", entered("Each", { items: [1, 2] })],
  ["MapStateStarted", { mapStateStartedEventDetails: { length: 2 } }],
  ["MapIterationStarted", { mapIterationStartedEventDetails: { name: "Each", index: 0 } }],
  ["TaskStateEntered", entered("Work", 1)],
  ["TaskScheduled", { taskScheduledEventDetails: { ...lambda, region: "us-east-1", parameters: '{"FunctionName":"work","Payload":1}' } }],
  ["TaskStarted", { taskStartedEventDetails: lambda }],
  ["TaskSucceeded", { taskSucceededEventDetails: { ...lambda, output: '{"Payload":"one","StatusCode":200}' } }],
  ["TaskStateExited", exited("Work", { Payload: "one", StatusCode: 200 })],
  ["MapIterationSucceeded", { mapIterationSucceededEventDetails: { name: "Each", index: 0 } }],
  ["MapIterationStarted", { mapIterationStartedEventDetails: { name: "Each", index: 1 } }],
  ["TaskStateEntered", entered("Work", 2)],
  ["TaskScheduled", { taskScheduledEventDetails: { ...lambda, region: "us-east-1", parameters: '{"FunctionName":"work","Payload":2}' } }],
  ["TaskStarted", { taskStartedEventDetails: lambda }],
  ["TaskFailed", { taskFailedEventDetails: { ...lambda, error: "Lambda.ServiceException", cause: "the function is down" } }],
  ["MapIterationFailed", { mapIterationFailedEventDetails: { name: "Each", index: 1 } }],
  ["MapStateFailed", {}],
  ["MapStateExited", exited("Each", { Error: "Lambda.ServiceException", Cause: "the function is down" })],
  ["FailStateEntered", entered("Failed", { Error: "Lambda.ServiceException", Cause: "the function is down" })],
  ["ExecutionFailed", { executionFailedEventDetails: { error: "WorkFailed", cause: "an item failed" } }],
];
const HISTORY = {
  events: TYPES_AND_DETAILS.map(([type, details], i) => ({
    timestamp: at(i),
    type,
    id: i + 1,
    previousEventId: i,
    ...details,
  })),
};

const types = (page) => page.$$eval("#events [data-type]", (rows) => rows.map((r) => r.dataset.type));

test("a recorded AWS history replays on the diagram; a non-history changes nothing; export gives the same shape", async () => {
  const { page, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 3);
  await page.setInputFiles("#open-file", {
    name: "execution.history.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(HISTORY, null, 4)),
  });
  await page.waitForFunction(() => /Replaying/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.match(await page.textContent("#message"), /Replaying execution\.history\.json: 20 events, FAILED/);
  assert.equal((await page.textContent("#execution-status")).trim(), "RUNNING", "played from its first event");
  assert.equal(await page.inputValue("#definition"), DEFINITION, "the definition stays as it was");

  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "FAILED");
  assert.match(await page.textContent("#execution-error"), /WorkFailed[\s\S]*an item failed/);
  assert.deepEqual(await types(page), TYPES_AND_DETAILS.map(([t]) => t));
  assert.equal(await page.locator('#diagram g.node[data-state="Failed"].status-failed').count(), 1);
  assert.equal(await page.locator('#diagram g.node[data-state="Each"].status-caught').count(), 1);
  await page.screenshot({ path: join(outputDir, "replay.png"), fullPage: true });

  // The scrubber at 12: the second iteration's Work has just been entered.
  await scrubTo(page, 12);
  assert.equal((await types(page)).length, 12);
  const current = await page.$$eval('#diagram g.node[aria-current="step"]', (ns) => ns.map((n) => n.dataset.state));
  assert.ok(current.includes("Work"), current.join());
  // Its input, read back from AWS's JSON text.
  await page.click("#events li:nth-child(12)");
  assert.equal((await page.textContent("#detail-state")).trim(), "Work");
  assert.equal(JSON.parse(await page.textContent("#detail-input")), 2);

  // Export: the same events in the same shape.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-history")]);
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  assert.deepEqual(exported.events.map((e) => e.type), TYPES_AND_DETAILS.map(([t]) => t));
  assert.equal(exported.events[1].stateEnteredEventDetails.name, "Each");
  assert.equal(typeof exported.events[1].stateEnteredEventDetails.input, "string");

  // Not a history: a clear message; the run and the definition stay.
  await page.setInputFiles("#open-file", {
    name: "broken.history.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"events": [1, 2]}'),
  });
  await page.waitForFunction(() => /broken/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.match(await page.textContent("#message"), /broken\.history\.json was not opened: it is not an execution history/);
  assert.equal((await types(page)).length, 12);
  assert.equal(await page.inputValue("#definition"), DEFINITION);

  assert.deepEqual(errors, []);
});
