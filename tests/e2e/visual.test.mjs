// End-to-end checks of visual editing: the palette (drop on an edge, on empty space, click),
// the inspector (rename, fields validated as typed, Next), delete with rewiring (and the
// question when it is ambiguous), the caret selecting its state in the diagram, and one undo
// history across text and visual edits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, typeDefinition } from "./harness.mjs";

const app = session();

const value = (page) => page.inputValue("#definition");
const nodeCount = (page) => page.$$eval("#diagram g.node", (gs) => gs.length);

/** The screen point in the middle of the first segment of the edge `from` → `to`. */
async function edgePoint(page, from, to) {
  return page.evaluate(([from, to]) => {
    const g = [...document.querySelectorAll("#diagram g.edge")].find((e) => e.dataset.from === from && e.dataset.to === to);
    const line = g.querySelector("polyline");
    const pts = line.points;
    const svg = line.ownerSVGElement;
    const m = line.getScreenCTM();
    const p = svg.createSVGPoint();
    p.x = (pts[0].x + pts[1].x) / 2;
    p.y = (pts[0].y + pts[1].y) / 2;
    const s = p.matrixTransform(m);
    return { x: s.x, y: s.y };
  }, [from, to]);
}

/** Drags the palette entry `template` to the screen point `to`, as a person does. */
async function dragFromPalette(page, template, to) {
  const item = await page.$(`.palette-item[data-template="${template}"]`);
  const box = await item.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x - 40, to.y - 20, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

async function clickNode(page, name) {
  await page.click(`#diagram g.node[data-state="${name}"] rect.box`);
  await page.waitForFunction((n) => document.querySelector("#inspector-name")?.value === n, name);
}

test("dropping a palette entry on an edge inserts the state there; undo and redo cover it", async () => {
  const { page, context, errors } = await app.open();
  const before = await value(page);
  const at = await edgePoint(page, "Submit Batch Job", "Notify Success");
  await dragFromPalette(page, "wait", at);
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 4);
  const after = await value(page);
  const def = JSON.parse(after);
  assert.equal(def.States["Submit Batch Job"].Next, "Wait", "the edge's source now leads to the new state");
  assert.deepEqual(def.States.Wait, { Type: "Wait", Seconds: 5, Next: "Notify Success" }, "the new state leads to the edge's target");
  // Formatting elsewhere is kept: the text before the change is untouched.
  const untouched = before.slice(0, before.indexOf('"Next": "Notify Success"'));
  assert.ok(after.startsWith(untouched), "the text before the edit is byte for byte the same");
  assert.match(after, /\n    "Wait": \{\n      "Type": "Wait",/, "the new state follows the document's indentation");
  assert.equal(await page.textContent("#problem-summary"), "No problems");
  assert.equal(await page.inputValue("#inspector-name"), "Wait", "the new state is selected");
  await page.locator(".diagram-pane").screenshot({ path: join(outputDir, "visual-inserted-on-edge.png") });

  // One undo step takes the whole gesture back, in the editor or in the diagram.
  await page.focus("#definition");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 3);
  assert.equal(await value(page), before);
  await page.focus(".diagram-wrap");
  await page.keyboard.press("Control+y");
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 4);
  assert.equal(await value(page), after);
  assert.deepEqual(errors, []);
  await context.close();
});

test("dropping on empty space adds an unconnected state; clicking an entry adds it after the selected state", async () => {
  const { page, context } = await app.open();
  const view = await page.$eval(".diagram-view", (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left + 12, y: r.bottom - 12 };
  });
  await dragFromPalette(page, "succeed", view);
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 4);
  let def = JSON.parse(await value(page));
  assert.deepEqual(def.States.Success, { Type: "Succeed" });
  // Nothing leads to it yet: the validator says so, at the new state.
  assert.match(await page.textContent("#problems"), /Success/);

  // Click (no drag): inserted on the selected state's Next.
  await clickNode(page, "Submit Batch Job");
  await page.click('.palette-item[data-template="lambda-invoke"]');
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 5);
  def = JSON.parse(await value(page));
  assert.equal(def.States["Submit Batch Job"].Next, "Lambda Invoke");
  assert.equal(def.States["Lambda Invoke"].Resource, "arn:aws:states:::lambda:invoke");
  assert.equal(def.States["Lambda Invoke"].Next, "Notify Success");
  await context.close();
});

test("renaming in the inspector renames every reference; a taken name is refused", async () => {
  const { page, context } = await app.open();
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Wait X Seconds"));
  await clickNode(page, "Get Job Status");
  // A taken name: said while typing, and nothing changes on commit.
  const before = await value(page);
  await page.fill("#inspector-name", "Submit Job");
  await page.press("#inspector-name", "Enter");
  await page.waitForSelector("#name-error");
  assert.match(await page.textContent("#name-error"), /Submit Job/);
  assert.equal(await value(page), before);

  await page.fill("#inspector-name", "Check Status");
  await page.press("#inspector-name", "Enter");
  await page.waitForFunction(() => document.querySelector('#diagram g.node[data-state="Check Status"]'));
  const text = await value(page);
  assert.ok(!text.includes('"Get Job Status"'), "no reference to the old name is left");
  const def = JSON.parse(text);
  assert.equal(def.States["Wait X Seconds"].Next, "Check Status");
  assert.equal(def.States["Check Status"].Next, "Job Complete?");
  assert.equal(await page.textContent("#problem-summary"), "No problems");
  // A double-click on a state puts the keyboard in its name, all selected: type, Enter.
  await page.dblclick('#diagram g.node[data-state="Check Status"] rect.box');
  await page.waitForFunction(() => document.activeElement?.id === "inspector-name");
  await page.keyboard.type("Poll Status");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector('#diagram g.node[data-state="Poll Status"]'));
  await page.focus("#definition");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector('#diagram g.node[data-state="Get Job Status"]'));
  assert.equal(await value(page), before);
  await context.close();
});

test("the inspector's fields check what is typed and write it as one undo step", async () => {
  const { page, context } = await app.open();
  await clickNode(page, "Submit Batch Job");
  const before = await value(page);
  await page.fill("#field-TimeoutSeconds", "soon");
  await page.waitForSelector("#field-TimeoutSeconds[aria-invalid=true]");
  await page.press("#field-TimeoutSeconds", "Tab");
  assert.equal(await value(page), before, "an invalid number is not written");
  await page.fill("#field-TimeoutSeconds", "300");
  await page.press("#field-TimeoutSeconds", "Tab");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes('"TimeoutSeconds": 300'));
  assert.equal(JSON.parse(await value(page)).States["Submit Batch Job"].TimeoutSeconds, 300);

  // JSON fields: invalid JSON is flagged as typed; valid JSON is written re-indented.
  await page.fill("#field-Parameters", '{"JobName": ');
  await page.waitForSelector("#field-Parameters[aria-invalid=true]");
  await page.fill("#field-Parameters", '{\n  "JobName": "Nightly",\n  "JobQueue": "q",\n  "JobDefinition": "d"\n}');
  await page.locator("#field-Parameters").blur();
  await page.waitForFunction(() => document.querySelector("#definition").value.includes('"JobName": "Nightly"'));
  assert.match(await value(page), /\n      "Parameters": \{\n        "JobName": "Nightly",/);

  // Next → End through the select; Choice-less states offer every state of the scope.
  await clickNode(page, "Notify Failure");
  await page.selectOption("#inspector-next", "Notify Success");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Notify Failure"].Next === "Notify Success");
  assert.equal(JSON.parse(await value(page)).States["Notify Failure"].End, undefined);
  // Three visual edits, three undo steps.
  await page.focus("#definition");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+z");
  await page.waitForFunction((b) => document.querySelector("#definition").value === b, before);
  await context.close();
});

test("delete rewires predecessors to the successor, and asks when that is ambiguous", async () => {
  const { page, context } = await app.open();
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Wait X Seconds"));
  const before = await value(page);
  // Unambiguous: "Wait X Seconds" has one successor.
  // Clicking the state leaves the keyboard in the diagram (on the state's node, which is
  // focusable): Delete deletes the state.
  await clickNode(page, "Wait X Seconds");
  assert.equal(await page.evaluate(() => document.activeElement.closest(".diagram-wrap") !== null), true);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-state")), "Wait X Seconds");
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => !document.querySelector('#diagram g.node[data-state="Wait X Seconds"]'));
  let def = JSON.parse(await value(page));
  assert.equal(def.States["Submit Job"].Next, "Get Job Status");
  assert.equal(await page.textContent("#problem-summary"), "No problems");

  // Ambiguous: the Choice has several successors; the user is asked.
  await clickNode(page, "Job Complete?");
  // Escape cancels the question and changes nothing.
  const asked = await value(page);
  await page.click("#inspector-delete");
  await page.waitForSelector("#delete-dialog");
  await page.waitForFunction(() => document.activeElement?.id === "delete-rewire");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#delete-dialog", { state: "detached" });
  assert.equal(await value(page), asked);
  await page.click("#inspector-delete");
  await page.waitForSelector("#delete-dialog");
  await page.screenshot({ path: join(outputDir, "visual-delete-dialog.png") });
  const options = await page.$$eval("#delete-rewire option", (os) => os.map((o) => o.textContent));
  assert.ok(options.some((o) => o.includes("Get Final Job Status")), options.join(", "));
  const pick = options.findIndex((o) => o.includes("Get Final Job Status"));
  await page.selectOption("#delete-rewire", String(pick));
  await page.click("#delete-confirm");
  await page.waitForFunction(() => !document.querySelector('#diagram g.node[data-state="Job Complete?"]'));
  def = JSON.parse(await value(page));
  assert.equal(def.States["Get Job Status"].Next, "Get Final Job Status");
  assert.equal(await page.$("#delete-dialog"), null);
  // Both deletes undo in two steps.
  await page.focus("#definition");
  await page.keyboard.press("Control+z");
  await page.keyboard.press("Control+z");
  await page.waitForFunction((b) => document.querySelector("#definition").value === b, before);
  await context.close();
});

test("moving the caret into a state selects it in the diagram, nested states too", async () => {
  const { page, context } = await app.open();
  const text = JSON.stringify(
    {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", Next: "Done", Branches: [{ StartAt: "Inner", States: { Inner: { Type: "Pass", End: true } } }] },
        Done: { Type: "Succeed" },
      },
    },
    null,
    2,
  );
  await typeDefinition(page, text, 3);
  const selected = () => page.$$eval("#diagram g.node.selected", (gs) => gs.map((g) => g.dataset.state));
  const caretAt = async (needle) => {
    await page.evaluate((i) => {
      const t = document.querySelector("#definition");
      t.focus();
      t.setSelectionRange(i, i);
    }, text.indexOf(needle) + 2);
    await page.keyboard.press("ArrowRight");
  };
  // Zoomed in so far that "Done" is out of view: selecting it from the editor brings it back.
  const doneInView = () => {
    const v = document.querySelector(".diagram-view").getBoundingClientRect();
    const r = document.querySelector('#diagram g.node[data-state="Done"] rect.box').getBoundingClientRect();
    const [x, y] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
    return x >= v.left && x <= v.right && y >= v.top && y <= v.bottom;
  };
  for (let i = 0; i < 6; i++) await page.click("#zoom-in");
  assert.ok(!(await page.evaluate(doneInView)), "out of view before");
  await caretAt('"Type": "Succeed"');
  await page.waitForFunction(() => document.querySelector("#diagram g.node.selected")?.dataset.state === "Done");
  await page.waitForFunction(doneInView);
  await page.click("#diagram-fit");
  await caretAt('"Type": "Pass"');
  await page.waitForFunction(() => document.querySelector("#diagram g.node.selected")?.dataset.state === "Inner");
  assert.deepEqual(await selected(), ["Inner"]);
  assert.equal(await page.inputValue("#inspector-name"), "Inner");
  // The caret stays where it was put: selecting from the editor does not select the JSON.
  const sel = await page.evaluate(() => {
    const t = document.querySelector("#definition");
    return t.selectionEnd - t.selectionStart;
  });
  assert.equal(sel, 0);
  // Dropping into the branch adds the state inside it.
  const inner = await page.$eval('#diagram g.container.kind-branch rect', (r) => {
    const b = r.getBoundingClientRect();
    return { x: b.right - 6, y: b.bottom - 6 };
  });
  await dragFromPalette(page, "pass", inner);
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 4);
  const def = JSON.parse(await value(page));
  assert.deepEqual(Object.keys(def.States.P.Branches[0].States), ["Inner", "Pass"]);
  assert.equal(await nodeCount(page), 4);
  // One more branch for the Parallel, from the inspector: a second branch box, its state selected.
  await clickNode(page, "P");
  assert.equal(await page.textContent("#branch-count"), "1");
  await page.click("#add-branch");
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.container.kind-branch").length === 2);
  assert.equal(await page.inputValue("#inspector-name"), "Pass 2");
  assert.equal(JSON.parse(await value(page)).States.P.Branches.length, 2);
  // The one problem left is the unconnected state dropped into the first branch.
  assert.equal(await page.textContent("#problem-summary"), "1 error(s), 0 warning(s)");
  assert.match(await page.textContent("#problems"), /State "Pass" is not reachable/);
  await context.close();
});

test("Retry, Catch and Choice rules are edited row by row", async () => {
  const { page, context } = await app.open();
  await clickNode(page, "Notify Success");
  // A retrier added, then its attempts changed: two undo steps, the JSON follows.
  await page.click("#list-Retry .row-add");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Notify Success"].Retry?.length === 1);
  await page.fill('#list-Retry .list-row[data-index="0"] input[aria-label="MaxAttempts"]', "5");
  await page.press('#list-Retry .list-row[data-index="0"] input[aria-label="MaxAttempts"]', "Enter");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Notify Success"].Retry[0].MaxAttempts === 5);
  let def = JSON.parse(await value(page));
  assert.deepEqual(def.States["Notify Success"].Retry, [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 }]);
  // A catcher whose Next is picked from the states of the scope: a new Catch edge.
  await page.click("#list-Catch .row-add");
  await page.waitForSelector('#list-Catch .list-row[data-index="0"]');
  await page.fill('#list-Catch .list-row[data-index="0"] input[aria-label="ErrorEquals"]', "States.Timeout, States.TaskFailed");
  await page.press('#list-Catch .list-row[data-index="0"] input[aria-label="ErrorEquals"]', "Enter");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Notify Success"].Catch?.[0].ErrorEquals.length === 2);
  await page.selectOption('#list-Catch .list-row[data-index="0"] select', "Notify Failure");
  await page.waitForSelector('#diagram g.edge.catch[data-from="Notify Success"][data-to="Notify Failure"]');
  def = JSON.parse(await value(page));
  assert.deepEqual(def.States["Notify Success"].Catch, [{ ErrorEquals: ["States.Timeout", "States.TaskFailed"], Next: "Notify Failure" }]);
  assert.equal(await page.textContent("#problem-summary"), "No problems");
  // Removing the row removes the field when the list is empty.
  await page.click('#list-Catch .list-row[data-index="0"] .row-remove');
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Notify Success"].Catch === undefined);
  await page.locator("#inspector").screenshot({ path: join(outputDir, "visual-inspector-lists.png") });

  // Choice rules: a rule's condition as JSON and its Next.
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Wait X Seconds"));
  await clickNode(page, "Job Complete?");
  assert.equal(await page.locator("#list-Choices .list-row").count(), 2);
  await page.fill('#list-Choices .list-row[data-index="1"] input[aria-label="Rule"]', '{"Variable": "$.status", "StringEquals": "DONE"}');
  await page.press('#list-Choices .list-row[data-index="1"] input[aria-label="Rule"]', "Enter");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#definition").value).States["Job Complete?"].Choices[1].StringEquals === "DONE");
  def = JSON.parse(await value(page));
  assert.equal(def.States["Job Complete?"].Choices[1].Next, "Get Final Job Status", "the rule keeps its Next");
  await context.close();
});
