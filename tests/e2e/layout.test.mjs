// Layout at the four usual window sizes: the main regions never overlap and stay inside the
// window; the side panes resize by dragging or by keyboard on their splitters, collapse, and are
// remembered across a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir } from "./harness.mjs";

const app = session();
const SIZES = [[1024, 700], [1280, 800], [1500, 950], [1920, 1080]];
const REGIONS = [".editor-pane", ".diagram-pane", ".simulation-pane", "#inspector", ".palette", ".legend", ".diagram-view"];

const boxes = (page) =>
  page.evaluate((sel) => sel.map((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return { s, x: r.x, y: r.y, w: r.width, h: r.height };
  }), REGIONS);

const overlap = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
const inside = (outer, inner) => inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.w <= outer.x + outer.w + 0.5 && inner.y + inner.h <= outer.y + outer.h + 0.5;

test("at 1024×700, 1280×800, 1500×950 and 1920×1080 no region overlaps another or leaves the window", async () => {
  const { page, context, errors } = await app.open();
  const widths = [];
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(100);
    const b = await boxes(page);
    const window = { x: 0, y: 0, w: width, h: height };
    for (const r of b) assert.ok(r.w > 0 && r.h > 0 && inside(window, r), `${width}×${height}: ${r.s} ${JSON.stringify(r)} inside the window`);
    // Regions that sit side by side or one under the other (a pane holds its own parts).
    const pairs = [
      [".editor-pane", ".diagram-pane"], [".diagram-pane", ".simulation-pane"], [".editor-pane", ".simulation-pane"],
      ["#inspector", ".palette"], ["#inspector", ".legend"], ["#inspector", ".diagram-view"],
      [".palette", ".legend"], [".palette", ".diagram-view"], [".legend", ".diagram-view"],
    ];
    for (const [p, q] of pairs) {
      const [a, c] = [b.find((r) => r.s === p), b.find((r) => r.s === q)];
      assert.ok(!overlap(a, c), `${width}×${height}: ${p} ${JSON.stringify(a)} overlaps ${q} ${JSON.stringify(c)}`);
    }
    const diagram = b.find((r) => r.s === ".diagram-pane");
    assert.ok(diagram.w >= Math.max(...b.filter((r) => r.s.endsWith("-pane")).map((r) => r.w)), `${width}: the diagram is the widest pane`);
    widths.push(`${width}×${height}: diagram ${Math.round(diagram.w)} px`);
    await page.screenshot({ path: join(outputDir, `layout-${width}x${height}.png`) });
  }
  console.log(`layout: ${widths.join(", ")}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("splitters resize by drag and keyboard, collapse, and the sizes are remembered", async () => {
  const { page, context, errors } = await app.open();
  const width = (s) => page.$eval(s, (e) => e.getBoundingClientRect().width);
  const editor0 = await width(".editor-pane");
  // Drag the editor's splitter 60 px to the right.
  const bar = await page.$eval("#splitter-editor", (e) => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; });
  await page.mouse.move(bar[0], bar[1]);
  await page.mouse.down();
  await page.mouse.move(bar[0] + 30, bar[1], { steps: 3 });
  await page.mouse.move(bar[0] + 60, bar[1], { steps: 3 });
  await page.mouse.up();
  assert.ok(Math.abs((await width(".editor-pane")) - (editor0 + 60)) <= 2, `dragged: ${await width(".editor-pane")} vs ${editor0 + 60}`);
  // Not so far that the diagram loses its room.
  await page.focus("#splitter-editor");
  await page.keyboard.press("End");
  assert.ok((await width(".diagram-pane")) >= 0.4 * 1500 - 1, "the diagram keeps 40% of the window");
  await page.keyboard.press("Home");
  assert.equal(Math.round(await width(".editor-pane")), 220);
  // Keyboard on the simulation splitter: ← widens the panel on its right by 16 px.
  const sim0 = await width(".simulation-pane");
  await page.focus("#splitter-simulation");
  await page.keyboard.press("ArrowLeft");
  assert.equal(Math.round(await width(".simulation-pane")), Math.round(sim0 + 16));
  assert.equal(await page.getAttribute("#splitter-simulation", "aria-valuenow"), String(Math.round(sim0 + 16)));
  // Collapse the simulation panel from its header; the diagram takes the room.
  const diagram0 = await width(".diagram-pane");
  await page.click("#collapse-simulation");
  assert.ok((await width(".simulation-pane")) < 40);
  assert.ok((await width(".diagram-pane")) > diagram0 + 200);
  assert.equal(await page.getAttribute("#collapse-simulation", "aria-expanded"), "false");
  const editor1 = await width(".editor-pane");
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(Math.round(await width(".editor-pane")), Math.round(editor1), "remembered");
  assert.ok((await width(".simulation-pane")) < 40, "still collapsed");
  // Enter on the splitter expands it again.
  await page.focus("#splitter-simulation");
  await page.keyboard.press("Enter");
  assert.equal(Math.round(await width(".simulation-pane")), Math.round(sim0 + 16));
  assert.deepEqual(errors, []);
  await context.close();
});

test("Format after a long one-line paste scrolls back to column 1 with the caret's line in view", async () => {
  const { page, context, errors } = await app.open();
  const states = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Step ${i}`, { Type: "Pass", ...(i < 39 ? { Next: `Step ${i + 1}` } : { End: true }) }]));
  const oneLine = JSON.stringify({ StartAt: "Step 0", States: states });
  await page.click("#definition");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(oneLine);
  await page.waitForFunction(() => document.querySelectorAll("#diagram g.node").length === 40);
  assert.ok((await page.$eval("#definition", (t) => t.scrollLeft)) > 1000, "scrolled far right after the paste");
  await page.click("#format");
  await page.waitForFunction(() => document.querySelector("#definition").value.split("\n").length > 100);
  await page.waitForTimeout(100);
  const view = await page.$eval("#definition", (t) => {
    const line = t.value.slice(0, t.selectionStart).split("\n").length - 1;
    return { left: t.scrollLeft, top: t.scrollTop, height: t.clientHeight, caretTop: line * 18 };
  });
  assert.equal(view.left, 0);
  assert.ok(view.caretTop >= view.top && view.caretTop + 18 <= view.top + view.height, JSON.stringify(view));
  assert.deepEqual(errors, []);
  await context.close();
});
