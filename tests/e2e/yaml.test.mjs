// Definitions that stay YAML: an .asl.yaml file opens as YAML in the editor (highlighted as
// YAML, problems at YAML line and column), edits made in the inspector are written back into
// the YAML with its comments kept, it runs, survives a reload, and exports as YAML or JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, typeDefinition, dropFile } from "./harness.mjs";

const app = session();

const YAML = `# Greets whoever comes (kept as YAML).
Comment: Greets
StartAt: Greet
States:
  # The greeting itself.
  Greet:
    Type: Pass
    Parameters:
      greeting.$: States.Format('Hello, {}!', $.name)   # an intrinsic
    Next: Done
  Done: {Type: Succeed}
`;

const value = (page) => page.$eval("#definition", (t) => t.value);

test("an .asl.yaml definition opens, edits, runs and reloads as YAML", async () => {
  const { page, context, errors } = await app.open();
  await dropFile(page, "greet.asl.yaml", YAML);
  await page.waitForSelector('#diagram g.node[data-state="Greet"]');
  assert.equal(await value(page), YAML, "the editor holds the YAML as written");
  assert.match(await page.textContent("#doc-syntax"), /YAML/);
  assert.equal((await page.textContent("#problem-summary")).trim(), "No problems");
  assert.ok((await page.locator(".highlight .tk-comment").count()) >= 2, "comments are highlighted");
  assert.ok((await page.locator(".highlight .tk-key").count()) >= 6);

  // A problem points at its YAML line and column.
  await typeDefinition(page, YAML.replace("Next: Done", "Next: Nowhere"), 2);
  await page.waitForSelector("#problems li.error");
  const problem = await page.textContent("#problems li.error");
  assert.match(problem, /Line 10, column 11/);
  assert.match(problem, /MISSING_TRANSITION_TARGET/);
  await page.click("#problems li.error");
  const sel = await page.$eval("#definition", (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(sel, "Nowhere");
  await typeDefinition(page, YAML, 2);
  await page.waitForFunction(() => document.querySelector("#problem-summary").textContent.trim() === "No problems");

  // The inspector writes YAML: a rename and a field, comments kept, one undo step each.
  await page.click('#diagram g.node[data-state="Greet"] rect.box');
  await page.waitForFunction(() => document.querySelector("#inspector-name")?.value === "Greet");
  await page.fill("#inspector-name", "Say Hello");
  await page.press("#inspector-name", "Enter");
  await page.waitForSelector('#diagram g.node[data-state="Say Hello"]');
  await page.fill("#field-Comment", "first");
  await page.press("#field-Comment", "Tab");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Comment: first"));
  const edited = await value(page);
  assert.ok(!edited.trimStart().startsWith("{"), "still YAML");
  for (const line of YAML.split("\n").filter((l) => l.includes("#"))) {
    assert.ok(edited.includes(line), `comment line kept: ${line}\n${edited}`);
  }
  assert.match(edited, /StartAt: Say Hello/);
  assert.match(edited, /\n {2}Say Hello:\n {4}Type: Pass\n/);

  // It runs as the JSON it stands for.
  await page.fill("#execution-input", JSON.stringify({ name: "Ada" }));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await page.textContent("#execution-output")), { greeting: "Hello, Ada!" });

  // Format does not turn it into JSON; undo walks the visual edits back.
  await page.click("#format");
  await page.waitForFunction(() => /kept as written/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.equal(await value(page), edited);
  await page.focus("#definition");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await page.waitForFunction((y) => document.querySelector("#definition").value === y, YAML);

  // Exports: the YAML as it is, and the JSON it stands for.
  const [yamlFile] = await Promise.all([page.waitForEvent("download"), page.click("#export-yaml")]);
  assert.equal(await readFile(await yamlFile.path(), "utf8"), YAML);
  const [jsonFile] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const json = JSON.parse(await readFile(await jsonFile.path(), "utf8"));
  assert.equal(json.States.Greet.Parameters["greeting.$"], "States.Format('Hello, {}!', $.name)");

  // A reload keeps it YAML.
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector('#diagram g.node[data-state="Greet"]');
  assert.equal(await value(page), YAML);
  await page.waitForSelector("#doc-syntax");
  await page.screenshot({ path: join(outputDir, "yaml.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("YAML that does not parse shows a YAML error at its line, and a broken file opens nothing", async () => {
  const { page, context, errors } = await app.open();
  await dropFile(page, "greet.asl.yml", YAML);
  await page.waitForSelector('#diagram g.node[data-state="Greet"]');
  await typeDefinition(page, YAML.replace("  Done: {Type: Succeed}", "  Done: {Type: Succeed"), 2);
  await page.waitForSelector("#problems li.error");
  const problem = await page.textContent("#problems li.error");
  assert.match(problem, /INVALID_YAML/);
  assert.match(problem, /YAML: /);
  assert.equal(await page.locator("#diagram g.node").count(), 2, "the last diagram stays");
  const before = await value(page);
  await dropFile(page, "bad.asl.yaml", "StartAt: [\n");
  await page.waitForFunction(() => /not valid YAML/.test(document.querySelector("#message")?.textContent ?? ""));
  assert.equal(await value(page), before, "the open document is unchanged");
  assert.deepEqual(errors, []);
  await context.close();
});
