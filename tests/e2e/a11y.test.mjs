// Accessibility: axe-core on the main views in both themes (no serious or critical violation),
// the app driven by the keyboard alone (a sample loaded, the editor left, the diagram walked
// along its edges, a state opened in the inspector, a run started and stepped while the live
// region follows), the history rows, the shortcut list, duplicate/delete/centre keys, and the
// theme: remembered across a reload, following the system, exports light unless asked; the
// count of problems announced once the text rests; every modal dialog keeping Tab inside,
// closing on Escape and giving the focus back to its opener.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, repoRoot, dropFile } from "./harness.mjs";

const app = session();

/** axe's violations of impact serious or critical on the page as it is, one line per node. */
async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ url: "/__e2e/axe.min.js" });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(" ")} — ${n.failureSummary.split("\n")[1] ?? ""}`));
  });
}

const active = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { id: el?.id ?? "", tag: el?.tagName ?? "", state: el?.getAttribute?.("data-state") ?? null, cls: el?.getAttribute?.("class") ?? "" };
  });
const announced = (page) => page.textContent("#announcer").then((t) => t.trim());

/** Presses Tab until `done(active)` holds; returns the stops visited. */
async function tabUntil(page, done, limit = 200) {
  const stops = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const a = await active(page);
    stops.push(a.id || a.state || a.tag);
    if (done(a)) return stops;
  }
  throw new Error(`not reached in ${limit} Tabs: ${stops.join(", ")}`);
}

async function views(page, theme) {
  const found = {};
  found[`${theme}: seed loaded`] = await axe(page);
  await page.click("#sim-start");
  await page.click("#sim-end");
  await page.waitForFunction(() => document.querySelector("#execution-status").textContent.trim() === "SUCCEEDED");
  found[`${theme}: run finished`] = await axe(page);
  await page.click('#diagram g.node[data-state="Submit Batch Job"]');
  await page.waitForFunction(() => document.querySelector("#inspector-name")?.value === "Submit Batch Job");
  found[`${theme}: inspector open`] = await axe(page);
  await page.keyboard.press("Escape");
  await page.click("#gallery-open");
  await page.waitForSelector("#gallery-list .sample-card");
  found[`${theme}: gallery open`] = await axe(page);
  await page.click("#gallery-close");
  await page.focus("body");
  await page.keyboard.press("?");
  await page.waitForSelector("#shortcuts");
  found[`${theme}: shortcut list`] = await axe(page);
  await page.keyboard.press("Escape");
  return found;
}

test("axe-core: no serious or critical violation on the main views, light and dark", async () => {
  const { page, context, errors } = await app.open();
  const light = await views(page, "light");
  await page.screenshot({ path: join(outputDir, "a11y-light.png") });
  await page.selectOption("#theme-toggle", "dark");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  await page.click("#sim-reset");
  const dark = await views(page, "dark");
  await page.screenshot({ path: join(outputDir, "a11y-dark.png") });
  const all = { ...light, ...dark };
  for (const [view, found] of Object.entries(all)) console.log(`axe ${view}: ${found.length} serious/critical`);
  assert.deepEqual(Object.fromEntries(Object.entries(all).filter(([, v]) => v.length)), {});
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard only: load a sample, leave the editor, walk the diagram, open a state, run and step it", async () => {
  const { page, context, errors } = await app.open();
  // The sample menu is the first stop after the title; ↓ picks the next sample.
  await page.focus("body");
  await tabUntil(page, (a) => a.id === "sample-menu", 5);
  await page.keyboard.press("ArrowDown");
  await page.waitForSelector('#diagram g.node[data-state="Wait X Seconds"]');
  assert.equal(await page.inputValue("#sample-menu"), "poll-for-job-status");

  // Into the editor: Tab indents there; Escape then Tab leaves it, the text unchanged.
  await tabUntil(page, (a) => a.id === "definition");
  const text = await page.inputValue("#definition");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  assert.notEqual((await active(page)).id, "definition", "Esc, Tab leaves the editor");
  assert.equal(await page.inputValue("#definition"), text, "the Tab did not indent");

  // On to the diagram: its states are one Tab stop, with a focus ring and an accessible name.
  const stops = await tabUntil(page, (a) => a.state !== null, 60);
  const first = (await active(page)).state;
  assert.equal(first, "Submit Job", `the start state takes the Tab stop (via ${stops.join(", ")})`);
  assert.equal(await page.getAttribute(`#diagram g.node[data-state="${first}"]`, "role"), "button");
  assert.equal(await page.getAttribute(`#diagram g.node[data-state="${first}"]`, "aria-label"), "Submit Job, Task, mock");
  assert.equal(await page.locator('#diagram g.node[tabindex="0"]').count(), 1, "one node in the Tab order (roving)");
  const ring = await page.$eval(`#diagram g.node[data-state="${first}"]`, (g) => getComputedStyle(g).outlineStyle);
  assert.equal(ring, "solid", "a visible focus ring");

  // ↓ follows an edge to a successor, ↑ comes back; the Tab stop follows the focus.
  await page.keyboard.press("ArrowDown");
  const second = (await active(page)).state;
  assert.equal(await page.locator(`#diagram g.edge[data-from="${first}"][data-to="${second}"]`).count(), 1, `${first} → ${second} is an edge`);
  await page.keyboard.press("ArrowDown");
  const third = (await active(page)).state;
  assert.equal(await page.locator(`#diagram g.edge[data-from="${second}"][data-to="${third}"]`).count(), 1, `${second} → ${third}`);
  await page.keyboard.press("ArrowUp");
  assert.equal((await active(page)).state, second, "↑ goes back where the focus came from");
  assert.equal(await page.getAttribute(`#diagram g.node[data-state="${second}"]`, "tabindex"), "0");
  // A Choice's successors are siblings: → and ← move among them.
  const choice = await page.$eval("#diagram g.node.type-choice", (g) => g.dataset.state);
  while ((await active(page)).state !== choice) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const a = (await active(page)).state;
  await page.keyboard.press("ArrowRight");
  const b = (await active(page)).state;
  assert.notEqual(a, b);
  for (const s of [a, b]) assert.equal(await page.locator(`#diagram g.edge[data-from="${choice}"][data-to="${s}"]`).count(), 1, `${choice} → ${s}`);
  await page.keyboard.press("Home");
  assert.equal((await active(page)).state, first, "Home: the start state");

  // Enter selects it and moves the focus to the inspector's first field.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "inspector-name");
  assert.equal(await page.inputValue("#inspector-name"), second);
  assert.equal(await page.locator(`#diagram g.node.selected[data-state="${second}"]`).count(), 1);

  // Start a run and step it: the live region says so.
  const quiet = await announced(page);
  await tabUntil(page, (a) => a.id === "sim-start");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /running/i.test(document.querySelector("#announcer").textContent));
  const running = await announced(page);
  assert.notEqual(running, quiet);
  assert.equal(await page.locator("#events li").count(), 1);
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator("#events li").count(), 2, "→ steps the run");
  assert.match(await page.getAttribute(`#diagram g.node[data-state="${first}"]`, "aria-label"), /^Submit Job, Task, (in-progress|succeeded)/);
  await page.keyboard.press("End");
  await page.waitForFunction(() => /succeeded|failed/i.test(document.querySelector("#announcer").textContent));
  const finished = await announced(page);
  assert.notEqual(finished, running, "the live region follows the status");
  console.log(`announcer: "${quiet}" → "${running}" → "${finished}"`);
  assert.match(await page.getAttribute(`#diagram g.node[data-state="${first}"]`, "aria-label"), /, succeeded/);
  await page.screenshot({ path: join(outputDir, "a11y-keyboard.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("history rows: one Tab stop, ↑/↓ between rows, Enter moves the run there", async () => {
  const { page, context, errors } = await app.open();
  await page.click("#sim-start");
  await page.click("#sim-end");
  const total = await page.locator("#events li").count();
  assert.equal(await page.locator('#events li[tabindex="0"]').count(), 1);
  await page.focus('#events li[tabindex="0"]');
  assert.equal(await page.getAttribute("#events li:focus", "data-row"), String(total - 1), "the cursor's row");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.getAttribute("#events li:focus", "data-row"), String(total - 3));
  assert.equal(await page.locator("#events li").count(), total, "moving the focus does not move the run");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#events li").length === n, total - 2);
  assert.equal(await page.inputValue("#sim-scrubber"), String(total - 2));
  await page.keyboard.press("Home");
  assert.equal(await page.getAttribute("#events li:focus", "data-row"), "0");
  assert.deepEqual(errors, []);
  await context.close();
});

test("editor: Ctrl+M toggles whether Tab indents, with a visible indicator", async () => {
  const { page, context } = await app.open();
  await page.$eval("#definition", (t) => { t.focus(); t.setSelectionRange(1, 1); t.dispatchEvent(new Event("select")); });
  const before = await page.inputValue("#definition");
  await page.keyboard.press("Tab");
  assert.notEqual(await page.inputValue("#definition"), before, "Tab indents");
  assert.equal((await active(page)).id, "definition");
  await page.keyboard.press("Control+z");
  assert.equal(await page.getAttribute("#tab-mode", "data-mode"), "indent");
  await page.keyboard.press("Control+m");
  assert.equal(await page.getAttribute("#tab-mode", "data-mode"), "focus");
  assert.match(await page.textContent("#tab-mode"), /Tab moves focus/);
  await page.keyboard.press("Tab");
  assert.notEqual((await active(page)).id, "definition", "Tab moves on");
  assert.equal(await page.inputValue("#definition"), before);
  // Remembered for the session.
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await page.getAttribute("#tab-mode", "data-mode"), "focus");
  await context.close();
});

test("diagram keys: Ctrl+D duplicates, Delete deletes, Alt+C centres; ? lists the keys", async () => {
  const { page, context, errors } = await app.open();
  await page.focus('#diagram g.node[data-state="Notify Success"]');
  await page.keyboard.press("Control+d");
  await page.waitForSelector('#diagram g.node[data-state="Notify Success (copy)"]');
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-state") === "Notify Success (copy)");
  assert.equal(await page.locator('#diagram g.edge[data-to="Notify Success (copy)"]').count(), 0, "nothing leads to the copy");
  const def = JSON.parse(await page.inputValue("#definition"));
  assert.deepEqual(def.States["Notify Success (copy)"], def.States["Notify Success"]);
  assert.equal(await page.inputValue("#inspector-name"), "Notify Success (copy)", "the copy is selected");
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => !document.querySelector('#diagram g.node[data-state="Notify Success (copy)"]'));
  assert.ok((await active(page)).state, "the focus stays on a state");
  // Alt+C centres the focused state.
  await page.click("#zoom-in");
  await page.click("#zoom-in");
  await page.focus('#diagram g.node[data-state="Notify Failure"]');
  await page.keyboard.press("Alt+c");
  const view = await page.locator(".diagram-view").boundingBox();
  const r = await page.locator('#diagram g.node[data-state="Notify Failure"] rect.box').boundingBox();
  assert.ok(Math.abs(r.x + r.width / 2 - (view.x + view.width / 2)) < 2, "centred horizontally");
  assert.ok(Math.abs(r.y + r.height / 2 - (view.y + view.height / 2)) < 2, "centred vertically");
  // ? opens the shortcut list (not in a text field), Escape closes it and gives the focus back.
  await page.keyboard.press("?");
  await page.waitForSelector("#shortcuts");
  await page.waitForFunction(() => document.activeElement?.id === "shortcuts-close");
  for (const key of ["Ctrl+M", "Ctrl+D", "Alt+C", "Delete", "Enter"]) assert.ok((await page.textContent("#shortcuts")).includes(key), key);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#shortcuts").count(), 0);
  assert.equal((await active(page)).state, "Notify Failure");
  await page.focus("#definition");
  await page.keyboard.press("?");
  assert.equal(await page.locator("#shortcuts").count(), 0, "? in the editor is typed");
  await page.keyboard.press("Control+z");
  assert.deepEqual(errors, []);
  await context.close();
});

test("dark theme: remembered across a reload, follows the system, exports light unless asked", async () => {
  const { page, context, errors } = await app.open();
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  await page.selectOption("#theme-toggle", "dark");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  const bg = await page.$eval("body", (b) => getComputedStyle(b).backgroundColor);
  assert.equal(bg, "rgb(13, 17, 23)");
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark", "remembered");
  assert.equal(await page.inputValue("#theme-toggle"), "dark");
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-studio/theme")), "dark");
  await page.locator(".diagram-pane").screenshot({ path: join(outputDir, "a11y-diagram-dark.png") });

  // An export is light even in the dark theme; dark when asked.
  const [light] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
  const lightSvg = (await readFile(await light.path())).toString("utf8");
  assert.doesNotMatch(lightSvg.slice(0, lightSvg.indexOf(">")), /data-theme/);
  assert.doesNotMatch(lightSvg, /tabindex="/, "no keyboard attributes in a picture");
  await page.check("#export-dark");
  const [dark] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
  const darkSvg = (await readFile(await dark.path())).toString("utf8");
  assert.match(darkSvg.slice(0, darkSvg.indexOf(">")), /data-theme="dark"/);
  // Both are well-formed XML (an image viewer, and the PNG export, parse them as such).
  const xmlErrors = await page.evaluate(
    (svgs) => svgs.map((t) => new DOMParser().parseFromString(t, "image/svg+xml").querySelector("parsererror")?.textContent ?? null),
    [lightSvg, darkSvg],
  );
  assert.deepEqual(xmlErrors, [null, null]);

  // "System" follows prefers-color-scheme, also when it changes.
  await page.selectOption("#theme-toggle", "system");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
  assert.equal(await page.evaluate(() => localStorage.getItem("asl-studio/theme")), null);
  await page.locator(".diagram-pane").screenshot({ path: join(outputDir, "a11y-diagram-light.png") });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the live region announces the count of problems once the text rests, and no problems once fixed", async () => {
  const { page, context, errors } = await app.open();
  assert.equal(await page.getAttribute("#announcer", "role"), "status");
  assert.equal(await page.getAttribute("#announcer", "aria-live"), "polite");
  assert.equal(await page.textContent("#problem-summary"), "No problems");
  const quiet = await announced(page);
  assert.doesNotMatch(quiet, /problem/, "what the page opened with is not announced");

  // Typed into the editor: a transition to a state that does not exist.
  const text = await page.inputValue("#definition");
  const at = text.indexOf('"Next": "') + '"Next": "'.length;
  await page.$eval("#definition", (t, at) => { t.focus(); t.setSelectionRange(at, at); t.dispatchEvent(new Event("select")); }, at);
  await page.keyboard.type("Nowhere ");
  const typed = Date.now();
  assert.doesNotMatch(await announced(page), /problem/, "nothing is said while typing");
  await page.waitForFunction(() => /problem/.test(document.querySelector("#announcer").textContent), null, { timeout: 5000 });
  const waited = Date.now() - typed;
  const said = await announced(page);
  // The same count as the problems list shows.
  const summary = await page.textContent("#problem-summary");
  const [, e, w] = summary.match(/(\d+) error\(s\), (\d+) warning\(s\)/);
  const total = Number(e) + Number(w);
  assert.ok(total >= 1, summary);
  assert.match(said, new RegExp(`^${total} problems?: ${e} errors?`), `"${said}" vs "${summary}"`);
  assert.ok(waited >= 900, `announced after the text rested (${waited} ms)`);

  // Fixed (undone): "No problems".
  await page.keyboard.press("Control+z");
  assert.equal(await page.inputValue("#definition"), text);
  await page.waitForFunction(() => /^No problems/.test(document.querySelector("#announcer").textContent.trim()), null, { timeout: 5000 });
  assert.equal(await page.textContent("#problem-summary"), "No problems");
  console.log(`announcer: "${quiet}" → "${said}" → "${await announced(page)}"`);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Presses Tab (or Shift+Tab) `times` times; every stop must lie inside `#dialog`. */
async function tabsStayIn(page, dialog, times, key = "Tab") {
  const stops = [];
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    const where = await page.evaluate((d) => {
      const a = document.activeElement;
      return { inside: Boolean(document.getElementById(d)?.contains(a)), id: a?.id || a?.className || a?.tagName };
    }, dialog);
    stops.push(where.id);
    assert.ok(where.inside, `${key} ${i + 1} left #${dialog}: ${stops.join(", ")}`);
  }
  return stops;
}

test("dialogs keep the focus: Tab and Shift+Tab cycle inside, Escape closes, the focus goes back to the opener", async () => {
  const { page, context, errors } = await app.open();

  // The gallery: opened by keyboard, the search box first; Tab goes round its controls.
  await page.focus("#gallery-open");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#gallery-list .sample-card");
  await page.waitForFunction(() => document.activeElement?.id === "gallery-search");
  const controls = await page.$$eval(
    "#gallery button, #gallery input, #gallery select",
    (els) => els.filter((e) => e.offsetParent !== null && !e.disabled).length,
  );
  const round = await tabsStayIn(page, "gallery", controls + 2);
  assert.equal(round[controls - 1], "gallery-search", `after ${controls} Tabs the search box again: ${round.join(", ")}`);
  await page.focus("#gallery-search");
  const back = await tabsStayIn(page, "gallery", 2, "Shift+Tab");
  assert.deepEqual(back, ["gallery-close", "sample-open"], "Shift+Tab from the first control: the last card");
  assert.equal(
    await page.evaluate(() => document.activeElement === [...document.querySelectorAll("#gallery .sample-open")].at(-1)),
    true,
  );
  // A filter that hides cards: the hidden ones are skipped.
  await page.focus("#gallery-search");
  await page.keyboard.type("poll");
  const shown = await page.locator("#gallery-list .sample-card:not([hidden])").count();
  const fewer = await page.$$eval(
    "#gallery button, #gallery input, #gallery select",
    (els) => els.filter((e) => e.offsetParent !== null && !e.disabled).length,
  );
  assert.equal(fewer, controls - (await page.locator("#gallery-list .sample-card").count()) + shown);
  await tabsStayIn(page, "gallery", fewer);
  assert.equal((await active(page)).id, "gallery-search", "round again, over the cards shown");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#gallery", { state: "detached" });
  assert.equal((await active(page)).id, "gallery-open", "the focus is back on the opener");

  // The shortcut list: its one control keeps the focus; Escape gives it back.
  await page.focus("#shortcuts-open");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#shortcuts");
  await page.waitForFunction(() => document.activeElement?.id === "shortcuts-close");
  await tabsStayIn(page, "shortcuts", 3);
  await tabsStayIn(page, "shortcuts", 2, "Shift+Tab");
  // A click on the dialog's text moves the focus off the button; Tab brings it back inside.
  await page.click("#shortcuts-heading");
  await tabsStayIn(page, "shortcuts", 1);
  assert.ok((await page.textContent("#shortcuts")).includes("Alt+Z"), "the wrap key is listed");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#shortcuts", { state: "detached" });
  assert.equal((await active(page)).id, "shortcuts-open");

  // The delete question, opened by Delete on a diagram node: select, Delete, Cancel in a ring.
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForSelector('#diagram g.node[data-state="Job Complete?"]');
  await page.focus('#diagram g.node[data-state="Job Complete?"]');
  await page.keyboard.press("Delete");
  await page.waitForSelector("#delete-dialog");
  await page.waitForFunction(() => document.activeElement?.id === "delete-rewire");
  assert.deepEqual(await tabsStayIn(page, "delete-dialog", 3), ["delete-confirm", "delete-cancel", "delete-rewire"]);
  assert.deepEqual(await tabsStayIn(page, "delete-dialog", 1, "Shift+Tab"), ["delete-cancel"]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#delete-dialog", { state: "detached" });
  assert.equal((await active(page)).state, "Job Complete?", "back on the state it was asked about");
  assert.equal(await page.locator('#diagram g.node[data-state="Job Complete?"]').count(), 1, "nothing deleted");
  // Confirmed: the state goes, and the focus stays in the diagram, on the state with its Tab stop.
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => document.activeElement?.id === "delete-rewire");
  await page.click("#delete-confirm");
  await page.waitForSelector('#diagram g.node[data-state="Job Complete?"]', { state: "detached" });
  await page.waitForFunction(() => document.activeElement?.matches('#diagram g.node[tabindex="0"]'));

  // The template picker (a dropped template with two machines): its enabled machine, Cancel.
  await page.focus("#export");
  const cfn = await readFile(join(repoRoot, "crates/asl-edit/tests/templates/cloudformation.json"), "utf8");
  await dropFile(page, "stack.json", cfn);
  await page.waitForSelector("#template-machines");
  await page.waitForFunction(() => document.getElementById("template-machines")?.contains(document.activeElement));
  // Three controls: Ingest, Report and Cancel, in turn either way (the focus starts on Ingest).
  const ring = await tabsStayIn(page, "template-machines", 4);
  assert.deepEqual(ring, ["template-machine", "BUTTON", "template-machine", "template-machine"], ring.join(", "));
  assert.deepEqual(await tabsStayIn(page, "template-machines", 2, "Shift+Tab"), ["template-machine", "BUTTON"]);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#template-machines", { state: "detached" });
  assert.equal((await active(page)).id, "export", "the focus is back where it was");
  assert.deepEqual(errors, []);
  await context.close();
});
