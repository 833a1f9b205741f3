// Definitions that live in templates: a SAM template dropped on the page opens its state machine
// with `${…}` placeholders, runs with substitution values, and exports back into the template
// with nothing outside the definition changed; a template with two machines asks which.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, repoRoot, typeDefinition, dropFile } from "./harness.mjs";

const app = session();
const TEMPLATES = join(repoRoot, "crates/asl-edit/tests/templates");

test("a SAM template opens, runs with substitution values and exports back in place", async () => {
  const { page, context, errors } = await app.open();
  const sam = await readFile(join(TEMPLATES, "sam.yaml"), "utf8");
  await dropFile(page, "sam.yaml", sam);
  await page.waitForSelector('#diagram g.node[data-state="Save"]');
  const text = await page.$eval("#definition", (t) => t.value);
  assert.match(text, /\$\{ProcessFunctionArn\}/);
  assert.equal((await page.textContent("#problem-summary")).trim(), "No problems", "placeholders are allowed");
  const values = await page.$$eval("#substitutions input[data-placeholder]", (i) => Object.fromEntries(i.map((x) => [x.dataset.placeholder, x.value])));
  assert.deepEqual(Object.keys(values).sort(), ["AlertsTopicArn", "ProcessFunctionArn", "TableName"]);
  assert.equal(values.TableName, "orders", "the template's literal value");
  assert.match(values.ProcessFunctionArn, /^arn:aws:lambda:/, "a fake Lambda ARN");
  await page.fill('#substitutions input[data-placeholder="TableName"]', "orders-test");
  await page.press('#substitutions input[data-placeholder="TableName"]', "Tab");

  // Edit one state, run with the values, and see the value reach the call.
  await typeDefinition(page, text.replace('"Type": "Task"', '"Type": "Task",\n      "Comment": "edited here"'), 3);
  await page.fill("#execution-input", JSON.stringify({ id: "order-1" }));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  await page.locator('#events li[data-type="TaskStateExited"]', { hasText: "Save" }).click();
  assert.match(await page.textContent('#data-flow li[data-stage="afterParameters"] pre'), /orders-test/);

  // Export: the edit is in the template; every line outside the definition is as it was.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-template")]);
  assert.equal(download.suggestedFilename(), "sam.yaml");
  const exported = await readFile(await download.path(), "utf8");
  assert.match(exported, /edited here/);
  const [head, tail] = [sam.slice(0, sam.indexOf("      Definition:")), sam.slice(sam.indexOf("      DefinitionSubstitutions:"))];
  assert.ok(exported.startsWith(head), "the bytes before the definition are unchanged");
  assert.ok(exported.endsWith(tail), "the bytes after the definition are unchanged");
  assert.match(exported, /ProcessFunctionArn: !GetAtt ProcessFunction.Arn/);
  // A reload keeps the document's template and values.
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector("#substitutions");
  assert.equal(await page.$eval('#substitutions input[data-placeholder="TableName"]', (i) => i.value), "orders-test");
  await page.screenshot({ path: join(outputDir, "template.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a template with two state machines asks which to open", async () => {
  const { page, context, errors } = await app.open();
  const cfn = await readFile(join(TEMPLATES, "cloudformation.json"), "utf8");
  await dropFile(page, "stack.json", cfn);
  await page.waitForSelector("#template-machines");
  const ids = await page.$$eval("#template-machines .template-machine", (b) => b.map((x) => x.dataset.logicalId));
  assert.deepEqual(ids, ["Ingest", "Report"]);
  // Report's definition is JSON only once `${Delay}` is substituted: it opens all the same, the
  // placeholder checked as a number where it stands, and runs with the template's value.
  assert.ok(!(await page.isDisabled('#template-machines .template-machine[data-logical-id="Report"]')));
  await page.click('#template-machines .template-machine[data-logical-id="Report"]');
  await page.waitForSelector("#template-machines", { state: "detached" });
  await page.waitForSelector('#diagram g.node[data-state="Wait"]');
  assert.match(await page.$eval("#definition", (t) => t.value), /"Seconds": \$\{Delay\}/);
  assert.equal((await page.textContent("#problem-summary")).trim(), "No problems");
  assert.equal(await page.$eval('#substitutions input[data-placeholder="Delay"]', (i) => i.value), "5");
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.ok(await page.locator('#events li[data-type="WaitStateEntered"]').count() >= 1);
  // The other machine of the same template.
  await dropFile(page, "stack.json", cfn);
  await page.waitForSelector("#template-machines");
  await page.click('#template-machines .template-machine[data-logical-id="Ingest"]');
  await page.waitForSelector("#template-machines", { state: "detached" });
  await page.waitForFunction(() => document.querySelector("#substitutions h3")?.textContent.includes("Ingest"));
  assert.equal((await page.textContent("#problem-summary")).trim(), "No problems");
  // Not a template at all: a clear message, the document unchanged.
  const before = await page.$eval("#definition", (t) => t.value);
  await dropFile(page, "broken.yaml", "Resources: [unclosed\n");
  await page.waitForFunction(() => /not opened|could not|not JSON|YAML/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.equal(await page.$eval("#definition", (t) => t.value), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Export Mermaid downloads the seed's stateDiagram-v2 text, as the CLI writes it", async () => {
  const { page, context, errors } = await app.open();
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-mermaid")]);
  assert.equal(download.suggestedFilename(), "manage-a-batch-job.mmd");
  const got = await readFile(await download.path(), "utf8");
  const expected = await readFile(join(repoRoot, "crates/asl-core/tests/mermaid/manage-a-batch-job.mmd"), "utf8");
  assert.equal(got, expected);
  assert.deepEqual(errors, []);
  await context.close();
});
