// End-to-end: a Map over 20 items whose iteration 7 fails (scripted by an imported MockConfig),
// tolerated: the container counts 19 succeeded / 1 failed at the end; picking iteration 7
// lists only its events and shows its failed path on the diagram; another iteration shows its
// own path; scrubbing back, the counts follow the position.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, typeDefinition, scrubTo } from "./harness.mjs";

const app = session();

const DEFINITION = `{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ToleratedFailureCount": 1,
      "ItemProcessor": {
        "StartAt": "Work",
        "States": {
          "Work": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": { "FunctionName": "work", "Payload.$": "$" },
            "Next": "After"
          },
          "After": { "Type": "Pass", "End": true }
        }
      },
      "End": true
    }
  }
}`;

const MOCK = {
  StateMachines: { Items: { TestCases: { "Iteration 7 fails": { Work: "WorkResponses" } } } },
  MockedResponses: {
    WorkResponses: {
      "0-6": { Return: { StatusCode: 200, Payload: "done" } },
      7: { Throw: { Error: "Lambda.ServiceException", Cause: "item 7 is broken" } },
      "8-19": { Return: { StatusCode: 200, Payload: "done" } },
    },
  },
};

const counts = (page) =>
  page.$eval('#diagram text.map-count[data-map="Each"]', (t) => ({
    succeeded: Number(t.dataset.succeeded),
    failed: Number(t.dataset.failed),
    running: Number(t.dataset.running),
    pending: Number(t.dataset.pending),
  }));
const rows = (page) =>
  page.$$eval("#events li", (rs) => rs.map((r) => ({ type: r.dataset.type, iteration: r.dataset.iteration ?? null })));
const status = (page, state) =>
  page.$eval(`#diagram g.node[data-state="${state}"]`, (n) => [...n.classList].find((c) => c.startsWith("status-")) ?? "none");

test("a Map of 20 with iteration 7 failing: counts, one iteration's events and path", async () => {
  const { page, errors } = await app.open();
  await typeDefinition(page, DEFINITION, 3);
  await page.setInputFiles("#import-mock", {
    name: "items.mock.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(MOCK)),
  });
  await page.waitForFunction(() => /Imported 1 test case/.test(document.querySelector("#message")?.textContent ?? ""));
  await page.fill("#execution-input", JSON.stringify({ items: [...Array(20).keys()] }));
  await page.locator("#execution-input").blur();
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED", "one failure is tolerated");
  assert.deepEqual(await counts(page), { succeeded: 19, failed: 1, running: 0, pending: 0 });
  const all = await rows(page);

  // Iteration 7 alone: its own events, from its start to its failure; its failed path.
  await page.selectOption("#history-iteration", { label: "Each · iteration 7 · failed" });
  const seven = await rows(page);
  assert.ok(seven.length > 3 && seven.every((r) => r.iteration === "Each:7"), JSON.stringify(seven));
  assert.equal(seven[0].type, "MapIterationStarted");
  assert.equal(seven.at(-1).type, "MapIterationFailed");
  assert.ok(seven.some((r) => r.type === "TaskFailed"));
  assert.equal(await status(page, "Work"), "status-failed");
  assert.equal(await status(page, "After"), "none");
  await page.screenshot({ path: join(outputDir, "map-iteration-7.png"), fullPage: true });

  // Another iteration took the whole path.
  await page.selectOption("#history-iteration", { label: "Each · iteration 0 · succeeded" });
  assert.equal(await status(page, "Work"), "status-succeeded");
  assert.equal(await status(page, "After"), "status-succeeded");
  assert.ok((await rows(page)).every((r) => r.iteration === "Each:0"));

  // All events again; scrubbing back to iteration 3's start, the counts follow the position.
  await page.selectOption("#history-iteration", "");
  assert.equal((await rows(page)).length, all.length);
  const k = all.findIndex((r) => r.type === "MapIterationStarted" && r.iteration === "Each:3") + 1;
  await scrubTo(page, k);
  assert.deepEqual(await counts(page), { succeeded: 3, failed: 0, running: 1, pending: 16 });

  assert.deepEqual(errors, []);
});

test("a Parallel shows each branch's status as the run goes, and the history filters by branch", async () => {
  const { page, context, errors } = await app.open();
  await page.selectOption("#sample-menu", "parallel-fan-out");
  await page.waitForSelector('#diagram g.node[data-state="Run Checks"]');
  await page.click("#sim-start");
  await page.click("#sim-end");
  const statuses = () =>
    page.$$eval("#diagram text.branch-status", (t) => t.map((x) => [x.dataset.branch, x.dataset.status]));
  assert.deepEqual(await statuses(), [
    ["Run Checks:0", "succeeded"],
    ["Run Checks:1", "succeeded"],
    ["Run Checks:2", "succeeded"],
  ]);
  await scrubTo(page, 3);
  assert.deepEqual((await statuses()).map(([, s]) => s), ["pending", "pending", "pending"]);
  await page.click("#sim-end");
  // Only the second branch's events.
  const label = await page.$eval('#history-iteration option[value*="Run Checks"][value$="1"]', (o) => o.value);
  await page.selectOption("#history-iteration", label);
  const states = await page.$$eval("#events li .state", (s) => [...new Set(s.map((x) => x.textContent))]);
  assert.ok(states.length > 0 && states.every((s) => ["Score Fraud Risk", "Fraud Score Unavailable"].includes(s)), states.join());
  await page.selectOption("#history-iteration", "");
  assert.ok((await page.locator("#events li").count()) > 10);

  // A branch that fails uncaught: it fails, the one that never began is aborted.
  const failing = {
    StartAt: "P",
    States: {
      P: {
        Type: "Parallel",
        End: true,
        Branches: [
          { StartAt: "Boom", States: { Boom: { Type: "Fail", Error: "Broken" } } },
          { StartAt: "Fine", States: { Fine: { Type: "Pass", End: true } } },
        ],
      },
    },
  };
  await typeDefinition(page, JSON.stringify(failing, null, 2), 3);
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "FAILED");
  const ended = Object.fromEntries(await statuses());
  assert.equal(ended["P:0"], "failed");
  assert.ok(["aborted", "succeeded"].includes(ended["P:1"]), JSON.stringify(ended));
  await page.screenshot({ path: join(outputDir, "parallel-branches.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a distributed Map shows its child executions: counts, each child's own history and path", async () => {
  const { page, context, errors } = await app.open();
  await page.selectOption("#sample-menu", "image-batch-distributed-map");
  await page.waitForSelector('#diagram g.node[data-state="Generate Thumbnails"]');
  await page.selectOption("#test-case", { label: "One corrupt image (20%) is tolerated and queued" });
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  const count = await page.$eval('#diagram text.map-count[data-map="Generate Thumbnails"]', (t) => ({
    succeeded: Number(t.dataset.succeeded),
    failed: Number(t.dataset.failed),
    text: t.textContent,
  }));
  assert.ok(count.failed >= 1 && count.succeeded >= 1, JSON.stringify(count));
  assert.match(count.text, /% failed/);
  // The parent's history has the Map Run, not the children's events.
  const parent = await rows(page);
  assert.ok(parent.some((r) => r.type === "MapRunStarted") && !parent.some((r) => r.type === "MapIterationStarted"));
  // A failed child: its own history, from its start to its failure, and its path on the diagram.
  const failed = await page.$eval('#history-iteration option[value^="Generate Thumbnails"]:is([value])', () =>
    [...document.querySelectorAll("#history-iteration option")].find((o) => /failed$/.test(o.textContent))?.value,
  );
  assert.ok(failed, "a failed child is listed");
  await page.selectOption("#history-iteration", failed);
  const child = await rows(page);
  assert.equal(child[0].type, "MapIterationStarted");
  assert.equal(child[child.length - 1].type, "MapIterationFailed");
  assert.equal(await status(page, "Create Thumbnails"), "status-failed");
  await page.selectOption("#history-iteration", "");
  assert.deepEqual(await rows(page), parent);
  await page.screenshot({ path: join(outputDir, "distributed-map.png") });
  assert.deepEqual(errors, []);
  await context.close();
});
