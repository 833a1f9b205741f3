// Never lose work: a delete can be undone; a second tab changing the open document is asked
// about instead of overwritten; a reload with invalid text shows the text and the last valid
// diagram, stale; a full storage says so and keeps the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir } from "./harness.mjs";

const app = session();
const value = (page) => page.$eval("#definition", (t) => t.value);

/** Types at the end of the definition and waits past the autosave delay. */
async function typeAtEnd(page, text) {
  await page.click("#definition");
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
  await page.waitForTimeout(600);
}

test("deleting a document offers Undo, which brings it back where it was and opens it", async () => {
  const { page, context, errors } = await app.open();
  await typeAtEnd(page, "\n");
  const edited = await value(page);
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Wait X Seconds"));
  await page.click("#documents summary");
  const names = () => page.$$eval("#document-list .doc-name", (i) => i.map((x) => x.value));
  const before = await names();
  assert.equal(before.length, 2);
  // Delete the open one: the other opens, and the toast offers Undo.
  await page.click("#document-list li.current .doc-delete");
  await page.waitForFunction((t) => document.querySelector("#definition").value === t, edited);
  assert.equal((await names()).length, 1);
  assert.match(await page.textContent("#toast"), /Deleted “Poll for Job Status/);
  await page.screenshot({ path: join(outputDir, "delete-undo.png") });
  await page.click("#toast-undo");
  await page.waitForFunction(() => document.querySelector("#definition").value.includes("Wait X Seconds"));
  assert.deepEqual(await names(), before, "back where it was");
  assert.equal(await page.locator("#toast").count(), 0);
  // And it is stored again: a reload opens it.
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector('#diagram g.node[data-state="Wait X Seconds"]');
  assert.deepEqual(errors, []);
  await context.close();
});

test("a second tab that changes the open document is asked about, not overwritten", async () => {
  const { page: first, context, errors } = await app.open();
  await typeAtEnd(first, "\n");
  const second = await context.newPage();
  await second.goto(app.url);
  await second.waitForSelector("#diagram g.node");
  // The first tab types on; the second learns of it and stops saving.
  await typeAtEnd(first, " ");
  const theirs = await value(first);
  await second.waitForSelector("#conflict");
  await second.screenshot({ path: join(outputDir, "two-tabs.png") });
  // The second tab edits anyway: the first tab's version stays stored.
  await typeAtEnd(second, "\n\n");
  const stored = await second.evaluate(() => {
    const index = JSON.parse(localStorage.getItem("asl-studio/documents"));
    return JSON.parse(localStorage.getItem(`asl-studio/document/${index.current}`)).text;
  });
  assert.equal(stored, theirs);
  // Keep this tab's as a copy: a new document with this tab's text; theirs unchanged.
  const mine = await value(second);
  await second.click("#conflict-copy");
  assert.equal(await second.locator("#conflict").count(), 0);
  await second.click("#documents summary");
  assert.equal(await second.locator("#document-list li").count(), 2);
  assert.match(await second.$eval("#document-list li.current .doc-name", (i) => i.value), /\(this tab\)$/);
  await second.waitForTimeout(600);
  const texts = await second.evaluate(() => {
    const index = JSON.parse(localStorage.getItem("asl-studio/documents"));
    return index.docs.map((d) => JSON.parse(localStorage.getItem(`asl-studio/document/${d.id}`)).text);
  });
  assert.deepEqual(texts, [theirs, mine]);
  // The first tab lists the copy too (the index is merged, not overwritten).
  await first.click("#documents summary");
  await first.waitForFunction(() => document.querySelectorAll("#document-list li").length === 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a reload with invalid text shows that text and the last valid diagram, marked stale", async () => {
  const { page, context, errors } = await app.open();
  const states = await page.locator("#diagram g.node").count();
  await page.click("#definition");
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.waitForTimeout(600);
  const broken = await value(page);
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await value(page), broken);
  assert.equal(await page.locator("#diagram g.node").count(), states);
  assert.equal(await page.locator("svg#diagram.stale").count(), 1);
  assert.notEqual((await page.textContent("#problem-summary")).trim(), "No problems");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a full storage says the work is not saved, keeps the text, and recovers", async () => {
  const { page, context, errors } = await app.open();
  await page.evaluate(() => {
    const real = Storage.prototype.setItem;
    window.restoreStorage = () => (Storage.prototype.setItem = real);
    Storage.prototype.setItem = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await typeAtEnd(page, "\n");
  const text = await value(page);
  assert.match(await page.textContent("#message"), /^Not saved: .*storage is full.*export it/);
  assert.equal(await value(page), text, "the text stays");
  await page.evaluate(() => window.restoreStorage());
  await typeAtEnd(page, " ");
  assert.equal(await page.locator("#message").count(), 0, "a save that works clears the message");
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await value(page), text + " ");
  assert.deepEqual(errors, []);
  await context.close();
});
