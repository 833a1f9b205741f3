// End-to-end checks of the diagram: every state visible without overlap, containers, zoom and
// pan, export as SVG and PNG, and a 1,000-state definition staying responsive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, typeDefinition, generated } from "./harness.mjs";

const app = session();

/** Screen rectangles of the state boxes and of the visible drawing area. */
async function boxes(page) {
  return page.evaluate(() => {
    const view = document.querySelector(".diagram-view").getBoundingClientRect();
    const nodes = [...document.querySelectorAll("#diagram g.node")].map((g) => {
      const r = g.querySelector("rect.box").getBoundingClientRect();
      return { name: g.dataset.state, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    });
    return { view: { x0: view.left, y0: view.top, x1: view.right, y1: view.bottom }, nodes };
  });
}

function assertVisibleAndApart({ view, nodes }) {
  for (const n of nodes) {
    assert.ok(n.x0 >= view.x0 - 0.5 && n.x1 <= view.x1 + 0.5 && n.y0 >= view.y0 - 0.5 && n.y1 <= view.y1 + 0.5, `${n.name} is visible`);
  }
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const [a, b] = [nodes[i], nodes[j]];
      const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
      assert.ok(!overlap, `${a.name} overlaps ${b.name}`);
    }
  }
}

async function scale(page) {
  const t = await page.getAttribute("#viewport", "transform");
  return Number(/scale\(([\d.]+)\)/.exec(t)[1]);
}

const NESTED = JSON.stringify({
  Comment: "Parallel branches side by side, a Map's item processor inside its box, nested twice",
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Next: "Fan out" },
    "Fan out": {
      Type: "Parallel",
      Next: "Done?",
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Report failure" }],
      Branches: [
        { StartAt: "Resize", States: { Resize: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Next: "Store" }, Store: { Type: "Pass", End: true } } },
        {
          StartAt: "Each item",
          States: {
            "Each item": {
              Type: "Map",
              End: true,
              ItemProcessor: { StartAt: "Check item", States: {
                "Check item": { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Keep" }], Default: "Drop" },
                Keep: { Type: "Pass", End: true },
                Drop: { Type: "Pass", End: true },
              } },
            },
          },
        },
      ],
    },
    "Done?": { Type: "Choice", Choices: [{ Variable: "$.again", BooleanEquals: true, Next: "Fan out" }], Default: "Finished" },
    "Report failure": { Type: "Fail", Error: "Failed" },
    Finished: { Type: "Succeed" },
  },
}, null, 2);

test("the seeds render with every state visible and no overlap; screenshots saved", async () => {
  const { page, context, errors } = await app.open();
  for (const sample of ["manage-a-batch-job", "poll-for-job-status"]) {
    await page.selectOption("#sample-menu", sample);
    await page.waitForFunction((n) => document.querySelectorAll("#diagram g.node").length === n, sample === "manage-a-batch-job" ? 3 : 6);
    assertVisibleAndApart(await boxes(page));
    await page.locator(".diagram-view").screenshot({ path: join(outputDir, `diagram-${sample}.png`) });
  }
  // Choice labels, the Default mark, and the loop drawn as a back edge.
  assert.equal(await page.locator('#diagram g.edge.back[data-from="Job Complete?"][data-to="Wait X Seconds"]').count(), 1);
  assert.match(await page.textContent('#diagram g.edge.choice[data-to="Job Failed"] .edge-label'), /\$\.status == "FAILED"/);
  assert.equal((await page.textContent('#diagram g.edge.default .edge-label')).trim(), "Default");
  assert.deepEqual(errors, []);
  await context.close();
});

test("zoom with keys, wheel and buttons; pan by dragging; fit; centre on the selection", async () => {
  const { page, context } = await app.open();
  const fitted = await scale(page);
  await page.focus(".diagram-wrap");
  await page.keyboard.press("+");
  assert.ok((await scale(page)) > fitted, "+ zooms in");
  await page.keyboard.press("-");
  await page.keyboard.press("-");
  assert.ok((await scale(page)) < fitted, "- zooms out");
  await page.keyboard.press("f");
  assert.equal(await scale(page), fitted, "f fits again");
  const view = await page.locator(".diagram-view").boundingBox();
  await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((s) => !document.querySelector("#viewport").getAttribute("transform").includes(`scale(${s})`), fitted.toFixed(4));
  assert.ok((await scale(page)) > fitted, "the wheel zooms");
  const before = await page.getAttribute("#viewport", "transform");
  await page.mouse.move(view.x + 20, view.y + 20);
  await page.mouse.down();
  await page.mouse.move(view.x + 80, view.y + 60, { steps: 4 });
  await page.mouse.up();
  assert.notEqual(await page.getAttribute("#viewport", "transform"), before, "dragging pans");
  await page.click("#diagram-fit");
  assert.equal(await scale(page), fitted);
  // Select a state, then centre on it: its box centre is the view's centre.
  await page.click('#diagram g.node[data-state="Notify Failure"]');
  await page.click("#zoom-in");
  await page.click("#diagram-centre");
  const r = await page.locator('#diagram g.node[data-state="Notify Failure"] rect.box').boundingBox();
  assert.ok(Math.abs(r.x + r.width / 2 - (view.x + view.width / 2)) < 2, "centred horizontally");
  assert.ok(Math.abs(r.y + r.height / 2 - (view.y + view.height / 2)) < 2, "centred vertically");
  assert.equal(await page.locator('#diagram g.node.selected[data-state="Notify Failure"]').count(), 1);
  await context.close();
});

test("export the diagram as SVG and as PNG", async () => {
  const { page, context, errors } = await app.open();
  const [svgDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
  assert.equal(svgDownload.suggestedFilename(), "manage-a-batch-job.svg");
  const svg = (await readFile(await svgDownload.path())).toString("utf8");
  assert.match(svg, /^<svg/);
  assert.match(svg, /viewBox="0 0 \d+ \d+"/);
  assert.match(svg, /data-state="Notify Failure"/);
  assert.match(svg, /<style>/, "styles travel with the file");
  const [pngDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-png")]);
  assert.equal(pngDownload.suggestedFilename(), "manage-a-batch-job.png");
  const png = await readFile(await pngDownload.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 2000, `a real picture (${png.length} bytes)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a nested Parallel/Map definition draws its containers; screenshot saved", async () => {
  const { page, context, errors } = await app.open();
  await typeDefinition(page, NESTED, 11);
  assert.equal((await page.textContent("#problem-summary")).trim(), "No problems");
  assert.equal(await page.locator("#diagram g.container").count(), 4, "Parallel, two branches, Map");
  assert.equal(await page.locator('#diagram g.container.kind-branch').count(), 2);
  assertVisibleAndApart(await boxes(page));
  // Inner states sit inside their boxes.
  const inside = await page.evaluate(() => {
    const box = document.querySelector('#diagram g.container.kind-map rect').getBoundingClientRect();
    return ["Check item", "Keep", "Drop"].every((name) => {
      const r = document.querySelector(`#diagram g.node[data-state="${name}"] rect`).getBoundingClientRect();
      return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    });
  });
  assert.ok(inside, "the Map's item processor is inside the Map box");
  assert.equal(await page.locator("#diagram g.edge.catch").count(), 1);
  assert.equal(await page.locator('#diagram g.edge.back[data-to="Fan out"]').count(), 1);
  await page.locator(".diagram-view").screenshot({ path: join(outputDir, "diagram-nested-parallel-map.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a 1,000-state definition stays responsive", async () => {
  const { page, context, errors } = await app.open();
  const text = generated(1000);
  const count = JSON.stringify(JSON.parse(text)).match(/"Type"/g).length;
  const ms = await typeDefinition(page, text, count);
  console.log(`1,000-state definition (${count} states, ${text.length} bytes): typing to diagram update ${ms.toFixed(0)} ms`);
  // A small edit (one more state at the end) redraws too.
  const def = JSON.parse(text);
  const last = Object.keys(def.States).at(-1);
  delete def.States[last].End;
  def.States[last].Next = "Added";
  def.States.Added = { Type: "Succeed" };
  const editMs = await typeDefinition(page, JSON.stringify(def, null, 2), count + 1);
  console.log(`edit of the 1,000-state definition: typing to diagram update ${editMs.toFixed(0)} ms`);
  const zoomMs = await page.evaluate(
    () =>
      new Promise((done) => {
        const start = performance.now();
        document.querySelector("#zoom-in").click();
        requestAnimationFrame(() => done(performance.now() - start));
      }),
  );
  console.log(`zoom with 1,000 states: ${zoomMs.toFixed(0)} ms to the next frame`);
  assert.ok(ms < 10_000 && editMs < 10_000, "the diagram follows the text within seconds even on a loaded machine");
  assert.ok(zoomMs < 1_000, "zooming does not redraw the diagram");
  await page.click("#diagram-fit");
  await page.locator(".diagram-view").screenshot({ path: join(outputDir, "diagram-1000-states.png") });
  assert.deepEqual(errors, []);
  await context.close();
});
