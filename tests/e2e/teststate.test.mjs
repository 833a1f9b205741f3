// End-to-end: the inspector's "Test state", as a user tries one state alone: pick a Task on the
// diagram, mock what the service returns, read the status, output, next state and data flow;
// throw an error and see the Retrier (RETRIABLE) and then the Catcher (CAUGHT_ERROR) take it;
// a bad input is reported at its field; after a run, the input the state got is one click away.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, typeDefinition } from "./harness.mjs";

const app = session();

const DEFINITION = `{
  "StartAt": "Get",
  "States": {
    "Get": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "lookup", "Payload.$": "$" },
      "ResultSelector": { "id.$": "$.Payload.id" },
      "ResultPath": "$.got",
      "Retry": [{ "ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2 }],
      "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Oops" }],
      "Next": "Done"
    },
    "Done": { "Type": "Pass", "Parameters": { "n.$": "$.got.id" }, "End": true },
    "Oops": { "Type": "Fail", "Error": "LookupFailed" }
  }
}`;

async function select(page, name) {
  await page.click(`#diagram g.node[data-state="${name}"] rect.box`);
  await page.waitForSelector(`#test-state[data-state="${name}"]`);
}

async function testState(page) {
  await page.click("#test-state-run");
  await page.waitForSelector("#test-state-status, #test-state-problem");
  return (await page.textContent("#test-state-status")).trim();
}

test("test one state: mocked Return, Throw with Retrier and Catcher, bad input, input from the run", async () => {
  const { page, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 3);
  await page.waitForSelector('#diagram g.node[data-state="Get"]');
  // Whatever was selected in the sample before is not in this definition: no form for it.
  assert.equal(await page.locator("#test-state").count(), 0, await page.getAttribute("#test-state", "data-state").catch(() => ""));
  await select(page, "Get");
  await page.click("#test-state > summary");

  // Prefilled: the Lambda invoke envelope as the mocked result.
  assert.equal(await page.inputValue("#test-state-mock"), "return");
  const prefill = JSON.parse(await page.inputValue("#test-state-result"));
  assert.equal(prefill.StatusCode, 200);
  assert.equal(await page.isVisible("#test-state-error"), false, "only the chosen mock's fields show");

  await page.fill("#test-state-input", '{"k": 1}');
  await page.fill("#test-state-result", '{"StatusCode": 200, "Payload": {"id": 7}}');
  assert.equal(await testState(page), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await page.textContent("#test-state-output")), { k: 1, got: { id: 7 } });
  assert.equal((await page.textContent("#test-state-next")).trim(), "Done");
  const stages = await page.$$eval("#test-state-inspection dt", (dts) => dts.map((d) => d.textContent));
  assert.equal(stages[0], "input");
  for (const stage of ["afterParameters", "result", "afterResultSelector", "afterResultPath"]) {
    assert.ok(stages.includes(stage), `${stage} in ${stages}`);
  }
  const request = JSON.parse(await page.textContent("#test-state-request"));
  assert.equal(request.stateName, "Get");
  assert.equal(request.inspectionLevel, "DEBUG");
  await page.screenshot({ path: join(outputDir, "test-state.png"), fullPage: true });

  // A Throw the Retrier matches: RETRIABLE; once its two retries are spent, the Catcher takes it.
  await page.selectOption("#test-state-mock", "throw");
  assert.equal(await page.isVisible("#test-state-result"), false);
  await page.fill("#test-state-error", "Lambda.ServiceException");
  await page.fill("#test-state-cause", "the service is down");
  assert.equal(await testState(page), "RETRIABLE");
  assert.match(await page.textContent("#test-state-failure"), /Lambda\.ServiceException[\s\S]*the service is down/);
  await page.fill("#test-state-retry-count", "2");
  assert.equal(await testState(page), "CAUGHT_ERROR");
  assert.equal((await page.textContent("#test-state-next")).trim(), "Oops");
  const caught = JSON.parse(await page.textContent("#test-state-output"));
  assert.equal(caught.error.Error, "Lambda.ServiceException");

  // Bad input: said at the field, nothing run.
  await page.fill("#test-state-input", '{"k": ');
  await page.click("#test-state-run");
  await page.waitForSelector("#test-state-problem");
  assert.match(await page.textContent("#test-state-problem"), /input is not JSON/);
  assert.equal(await page.getAttribute("#test-state-input", "aria-invalid"), "true");
  assert.equal(await page.locator("#test-state-status").count(), 0);

  // After a run (the default Lambda result echoes the input as Payload), the form of a state the
  // run entered starts from the input it got there; Ctrl+Enter runs the form.
  await page.fill("#execution-input", '{"id": 5}');
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  await select(page, "Done");
  assert.equal(await page.getAttribute("#test-state", "open"), "", "stays open from state to state");
  assert.deepEqual(JSON.parse(await page.inputValue("#test-state-input")), { id: 5, got: { id: 5 } });
  assert.equal(await page.locator("#test-state-mock").count(), 0, "a Pass state takes no mock");
  await page.fill("#test-state-input", '{"got": {"id": 42}}');
  await page.press("#test-state-input", "Control+Enter");
  await page.waitForSelector("#test-state-status");
  assert.equal((await page.textContent("#test-state-status")).trim(), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await page.textContent("#test-state-output")), { n: 42 });
  await page.click("#test-state-from-run");
  assert.deepEqual(JSON.parse(await page.inputValue("#test-state-input")), { id: 5, got: { id: 5 } });

  // A state the run did not enter has no input from it; a Fail state fails with its Error.
  await select(page, "Oops");
  assert.equal(await page.getAttribute("#test-state", "open"), "", "stays open from state to state");
  assert.equal(await page.locator("#test-state-from-run").count(), 0);
  assert.equal(await testState(page), "FAILED");
  assert.match(await page.textContent("#test-state-failure"), /LookupFailed/);

  assert.deepEqual(errors, []);
});
