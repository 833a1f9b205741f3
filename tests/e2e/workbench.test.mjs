// End-to-end: scripted outcomes for a workflow typed by hand (not a sample), as a new user of
// the tool works: script a Lambda Task's Return and Throw, fix the default response, rename
// the Task (in the inspector and in the text) and see its outcomes follow, export and import the MockConfig, keep two test cases
// with expectations and run them all, read the coverage, reload and find everything again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, typeDefinition } from "./harness.mjs";

const app = session();

const DEFINITION = `{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "decide", "Payload.$": "$" },
      "ResultSelector": { "x.$": "$.Payload.x" },
      "Catch": [{ "ErrorEquals": ["States.TaskFailed", "Lambda.ServiceException"], "Next": "Failed" }],
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [{ "Variable": "$.x", "StringEquals": "yes", "Next": "Yes" }],
      "Default": "No"
    },
    "Yes": { "Type": "Succeed" },
    "No": { "Type": "Succeed" },
    "Failed": { "Type": "Fail", "Error": "CallFailed", "Cause": "the function failed" }
  }
}`;

async function run(page) {
  await page.click("#sim-start");
  await page.click("#sim-end");
  return (await page.textContent("#execution-status")).trim();
}

const visited = (page) =>
  page.$$eval("#diagram g.node[class*='status-']", (nodes) => nodes.map((n) => n.dataset.state).sort());

/** Sets a textarea or input the way a person does: replace its text, then leave the field. */
async function commit(page, selector, text) {
  await page.fill(selector, text);
  await page.locator(selector).blur();
}

test("a hand-typed workflow: script, fix, rename, export/import, run all, coverage, reload", async () => {
  const { page, context, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 5);
  // The document keeps the test cases it had (the first sample's); start from one, renamed.
  while ((await page.locator("#test-case option").count()) > 1) await page.click("#test-case-delete");
  await commit(page, "#test-case-name", "Default");
  await page.waitForFunction(() => document.querySelector("#test-case option")?.textContent === "Default");
  const call = (name = "Call") => `#outcomes li.task-outcomes[data-state="${name}"]`;
  await page.waitForSelector(call());
  // Not scripted: the default Lambda response echoes the input as Payload, so $.Payload.x is missing.
  assert.match(await page.textContent(`${call()} .badge`), /default result/);
  assert.equal(await run(page), "FAILED");
  assert.match(await page.textContent("#execution-error"), /States\.Runtime/);

  // Script it: the Return is prefilled with the Lambda invoke envelope; the shape check says what
  // the definition reads that the response lacks.
  await page.click(`${call()} .script-it`);
  const prefill = JSON.parse(await page.inputValue(`${call()} .step-return`));
  assert.equal(prefill.StatusCode, 200);
  assert.deepEqual(prefill.Payload, {});
  assert.match(await page.textContent(`${call()} .outcome-warnings`), /\$\.Payload\.x/);
  assert.equal(await page.locator('#diagram g.node[data-state="Call"].mocked').count(), 1, "the diagram badges it");
  // Invalid JSON is reported at the field and Start says why it cannot run.
  await commit(page, `${call()} .step-return`, '{"Payload": ');
  await page.waitForSelector(`${call()} .field-error`);
  assert.match(await page.textContent("#sim-error"), /Fix the outcome of 'Call'/);
  // Edit the response so $.Payload.x resolves: the Choice takes "Yes".
  await commit(page, `${call()} .step-return`, '{"StatusCode": 200, "Payload": {"x": "yes"}}');
  assert.equal(await page.locator(`${call()} .outcome-warnings`).count(), 0);
  assert.equal(await run(page), "SUCCEEDED");
  assert.deepEqual(await visited(page), ["Call", "Check", "Yes"]);
  const output = JSON.parse(await page.textContent("#execution-output"));
  assert.deepEqual(output, { x: "yes" });

  // A second test case: the call throws; the Catcher goes to Failed.
  await page.click("#test-case-add");
  await commit(page, "#test-case-name", "Call fails");
  await page.click(`${call()} .script-it`);
  await page.selectOption(`${call()} .step-kind`, "throw");
  await commit(page, `${call()} .step-error`, "Lambda.ServiceException");
  assert.equal(await run(page), "FAILED");
  assert.deepEqual(await visited(page), ["Call", "Failed"]);
  assert.match(await page.textContent("#execution-error"), /CallFailed/);
  const types = await page.$$eval("#events [data-type]", (r) => r.map((x) => x.dataset.type));
  assert.ok(types.includes("TaskFailed"), types.join());

  // Rename the Task in the inspector: both test cases follow.
  await page.click('#diagram g.node[data-state="Call"] rect.box');
  await commit(page, "#inspector-name", "Invoke");
  await page.waitForSelector(call("Invoke"));
  assert.equal(await page.locator(`${call("Invoke")} .step-error`).count(), 1);
  await page.selectOption("#test-case", { label: "Default" });
  assert.match(await page.inputValue(`${call("Invoke")} .step-return`), /"yes"/);

  // Rename it in the text, key by key, then the StartAt that names it: the test cases follow
  // every keystroke, and undo takes the name back with them.
  const retype = async (before, word) => {
    const at = (await page.inputValue("#definition")).indexOf(`${before}"Invoke"`) + before.length + 1;
    await page.$eval("#definition", (t, [a, b]) => { t.focus(); t.setSelectionRange(a, b); t.dispatchEvent(new Event("select")); }, [at, at + "Invoke".length]);
    await page.keyboard.type(word);
  };
  // (The sample's outcomes this case started with are orphans already: they stay as they are.)
  const orphans = () => page.$$eval("#orphans li.orphan", (l) => l.map((o) => o.dataset.state));
  const left = await orphans();
  await retype("\n    ", "Work");
  await retype('"StartAt": ', "Work");
  await page.waitForSelector(call("Work"));
  assert.match(await page.inputValue(`${call("Work")} .step-return`), /"yes"/);
  assert.deepEqual(await orphans(), left, "nothing left behind under the old name");
  // Typing over the selection is one step with the letters typed after it, as in other editors.
  for (let i = 0; i < 2; i++) await page.keyboard.press("Control+z");
  assert.equal((await page.inputValue("#definition")).match(/"Invoke"/g).length, 2);
  await page.waitForSelector(call("Invoke"));
  assert.match(await page.inputValue(`${call("Invoke")} .step-return`), /"yes"/);
  assert.deepEqual(await orphans(), left);

  // Expectations on both cases, one of them deliberately wrong; "Run all" judges both.
  await page.click("#expectations summary");
  await page.selectOption("#expect-status", "SUCCEEDED");
  await commit(page, "#expect-visited", "Yes");
  await page.selectOption("#test-case", { label: "Call fails" });
  await page.selectOption("#expect-status", "SUCCEEDED");
  await page.click("#run-all");
  await page.waitForSelector("#test-results li");
  assert.equal(await page.locator('#test-results li[data-result="pass"][data-case="Default"]').count(), 1);
  assert.equal(await page.locator('#test-results li[data-result="fail"][data-case="Call fails"]').count(), 1);
  assert.match(await page.textContent('#test-results li[data-result="fail"] .difference'), /Status: expected SUCCEEDED, got FAILED/);
  assert.equal((await page.textContent("#test-summary")).trim(), "1 of 2 test cases pass");
  // Coverage: "No" and the Default branch were never exercised, and the diagram marks them.
  assert.match(await page.textContent("#coverage"), /4 of 5 states, 1 of 2 Choice rules, 1 of 1 Catchers, 0 of 0 Retriers/);
  assert.equal(await page.locator('#diagram g.node[data-state="No"].uncovered').count(), 1);
  assert.equal(await page.locator("#diagram g.node.uncovered").count(), 1);
  await page.screenshot({ path: join(outputDir, "workbench-run-all.png"), fullPage: true });
  await page.selectOption("#test-case", { label: "Default" });

  // Export the MockConfig, import it back: the same JSON value.
  await page.click("#mock-menu summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-mock")]);
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  const machines = Object.values(exported.StateMachines);
  assert.equal(machines.length, 1);
  assert.deepEqual(Object.keys(machines[0].TestCases).sort(), ["Call fails", "Default"]);
  await page.setInputFiles("#import-mock", await download.path());
  await page.waitForFunction(() => /Imported 2 test case/.test(document.querySelector("#message")?.textContent ?? ""));
  const [again] = await Promise.all([page.waitForEvent("download"), page.click("#export-mock")]);
  assert.deepEqual(JSON.parse(await readFile(await again.path(), "utf8")), exported);

  // A bad MockConfig: a clear message naming the path, and nothing changes.
  const bad = { StateMachines: { M: { TestCases: { T: { Invoke: "Missing" } } } }, MockedResponses: {} };
  await page.setInputFiles("#import-mock", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  await page.waitForFunction(() => /not imported/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.match(await page.textContent("#message"), /StateMachines\.M\.TestCases\.T\.Invoke/);
  assert.equal(await page.locator("#test-case option").count(), 2);

  // Editing the definition marks the last run as made on an earlier version.
  await run(page);
  await typeDefinition(page, DEFINITION.replace('"Cause": "the function failed"', '"Cause": "it failed"').replaceAll('"Call"', '"Invoke"'), 5);
  await page.waitForSelector("#stale-run");
  await page.click("#sim-rerun");
  assert.equal(await page.locator("#stale-run").count(), 0);

  await page.screenshot({ path: join(outputDir, "workbench.png"), fullPage: true });

  // Reload: the definition, both test cases and their outcomes are still there.
  await page.reload();
  await page.waitForSelector(call("Invoke"));
  assert.equal(await page.locator("#test-case option").count(), 2);
  assert.match(await page.inputValue(`${call("Invoke")} .step-return`), /"yes"/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the samples' shipped test cases are there to pick, and switching documents switches them", async () => {
  const { page, context } = await app.open();
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelectorAll("#test-case option").length === 3);
  const labels = await page.$$eval("#test-case option", (o) => o.map((x) => x.textContent));
  assert.deepEqual(labels, ["SUCCEEDED at once", "RUNNING twice, then SUCCEEDED", "RUNNING once, then FAILED"]);
  await page.selectOption("#sample-menu", "manage-a-batch-job");
  await page.waitForFunction(() => document.querySelector("#test-case option")?.textContent === "Batch job succeeds");
  assert.equal(await page.locator("#test-case option").count(), 2);
  await context.close();
});
