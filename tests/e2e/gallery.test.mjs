// The sample gallery: every sample of public/samples/index.json is listed with its thumbnail;
// search and a filter narrow the grid; the keyboard reaches and opens a card; every sample opens
// as a new document whose "Run all" is green.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { session, outputDir, repoRoot } from "./harness.mjs";

const app = session();
const index = JSON.parse(await readFile(join(repoRoot, "public/samples/index.json"), "utf8")).Samples;

const visibleStems = (page) =>
  page.$$eval("#gallery-list .sample-card:not([hidden])", (cards) => cards.map((c) => c.dataset.stem));

/** Rectangles of each thumbnail's state boxes that overlap another's (none expected). */
const thumbnailOverlaps = (page) =>
  page.$$eval("#gallery-list .sample-card", (cards) =>
    cards.flatMap((card) => {
      const boxes = [...card.querySelectorAll(".thumb-node")].map((r) => r.getBBox());
      const out = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(card.dataset.stem);
        }),
      );
      return out;
    }),
  );

test("the gallery lists every sample; search and a filter narrow it; the keyboard opens one", async () => {
  const { page, context, errors } = await app.open();
  await page.click("#gallery-open");
  await page.waitForSelector("#gallery");
  assert.equal(await page.evaluate(() => document.activeElement.id), "gallery-search", "the search box has the focus");
  assert.deepEqual(await visibleStems(page), index.map((s) => s.Stem), "every sample, seeds first");
  assert.ok(index.length >= 14, `${index.length} samples`);
  assert.equal((await page.textContent("#gallery-count")).trim(), `${index.length} samples`);
  // Only the first sample is embedded: the others' thumbnails are drawn once their files arrive.
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#gallery-list .sample-card")].every((c) => c.querySelector(".thumb-node")),
  );
  for (const s of index) {
    const card = page.locator(`#gallery-list .sample-card[data-stem="${s.Stem}"]`);
    assert.equal((await card.locator("h3").textContent()).trim(), s.Title);
    assert.ok((await card.locator(".thumb-node").count()) > 0, `${s.Stem}: a thumbnail`);
  }
  assert.deepEqual(await thumbnailOverlaps(page), [], "no two states overlap in a thumbnail");
  await page.screenshot({ path: join(outputDir, "gallery.png") });

  // Search: every word must match; the count follows.
  await page.fill("#gallery-search", "batch");
  const batch = await visibleStems(page);
  assert.ok(batch.includes("manage-a-batch-job") && batch.length < index.length, `search "batch": ${batch}`);
  await page.fill("#gallery-search", "no such sample at all");
  assert.deepEqual(await visibleStems(page), []);
  assert.equal((await page.textContent("#gallery-count")).trim(), "0 samples");
  await page.fill("#gallery-search", "");

  // A filter: JSONata samples only, exactly those the index tags so.
  await page.selectOption("#gallery-query-language", "JSONata");
  const jsonata = index.filter((s) => s.QueryLanguage === "JSONata").map((s) => s.Stem);
  assert.ok(jsonata.length > 0);
  assert.deepEqual(await visibleStems(page), jsonata);
  await page.selectOption("#gallery-query-language", "");
  await page.selectOption("#gallery-state-type", "Parallel");
  assert.deepEqual(await visibleStems(page), index.filter((s) => s.StateTypes.includes("Parallel")).map((s) => s.Stem));
  await page.selectOption("#gallery-state-type", "");

  // Keyboard: ↓ from the search box to the first card, → to the second, Enter opens it.
  await page.focus("#gallery-search");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  const focused = await page.evaluate(() => document.activeElement.closest(".sample-card")?.dataset.stem);
  assert.equal(focused, index[1].Stem);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#gallery", { state: "detached" });
  assert.equal(await page.$eval("#sample-menu", (s) => s.value), index[1].Stem);

  // Escape closes without opening anything.
  await page.click("#gallery-open");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#gallery", { state: "detached" });
  assert.equal(await page.$eval("#sample-menu", (s) => s.value), index[1].Stem);
  assert.deepEqual(errors, []);
  await context.close();
});

test("every sample opens from the gallery as a new document and Run all is green", async () => {
  const { page, context, errors } = await app.open();
  const summary = [];
  for (const s of index) {
    await page.click("#gallery-open");
    await page.click(`#gallery-list .sample-card[data-stem="${s.Stem}"] .sample-open`);
    await page.waitForSelector("#gallery", { state: "detached" });
    const def = JSON.parse(await readFile(join(repoRoot, `public/samples/${s.Stem}.asl.json`), "utf8"));
    await page.waitForFunction((start) => document.querySelector(`#diagram g.node[data-state="${start}"]`), def.StartAt);
    assert.equal((await page.textContent("#problem-summary")).trim(), "No problems", s.Stem);
    await page.click("#run-all");
    await page.waitForSelector("#test-summary");
    const rows = await page.$$eval("#test-results li", (li) => li.map((l) => [l.dataset.case, l.dataset.result]));
    const tests = JSON.parse(await readFile(join(repoRoot, `public/samples/${s.Stem}.tests.json`), "utf8")).Tests;
    assert.equal(rows.length, tests.length, `${s.Stem}: every test case`);
    assert.ok(rows.length >= 2, s.Stem);
    assert.deepEqual(rows.filter(([, r]) => r !== "pass"), [], `${s.Stem}: all pass`);
    summary.push(`${s.Stem} ${rows.length}/${tests.length}`);
  }
  console.log(`gallery: ${index.length} samples opened, Run all green: ${summary.join(", ")}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a sample whose files cannot be fetched: the error shows, the menu and the document stay as they were", async () => {
  // No service worker: it would answer from its cache, past the failing route.
  const { page, context, errors } = await app.open({ serviceWorkers: "block" });
  const first = await page.inputValue("#sample-menu");
  const before = await page.inputValue("#definition");
  // A sample that is fetched, not embedded: its definition's request fails.
  const other = index.find((s) => s.Stem !== first).Stem;
  await context.route(`**/samples/${other}.asl.json`, (route) => route.abort());
  await page.selectOption("#sample-menu", other);
  await page.waitForSelector("#message");
  assert.match(await page.textContent("#message"), new RegExp(`Could not load the sample file samples/${other}\\.asl\\.json`));
  assert.equal(await page.inputValue("#sample-menu"), first, "the menu shows the sample that is open");
  assert.equal(await page.inputValue("#definition"), before, "the document is kept");
  // The request failed, as the route made it: that is the console error expected.
  assert.ok(errors.every((e) => /Failed to load resource|net::ERR_FAILED/.test(e)), String(errors));
  await context.close();
});
