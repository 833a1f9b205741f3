// Security and offline: the page runs under a strict Content-Security-Policy (no violation
// anywhere in the suite: the harness fails any file that has one), markup in state names stays
// text, and after one visit the app opens and works with the network cut.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { session, outputDir, typeDefinition } from "./harness.mjs";

const app = session();

test("the page carries a strict CSP: no inline script or style allowed but by hash", async () => {
  const { page, context, errors } = await app.open();
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives["default-src"], ["'self'"]);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  assert.deepEqual(directives["base-uri"], ["'none'"]);
  for (const d of ["script-src", "style-src"]) {
    assert.ok(!directives[d].includes("'unsafe-inline'") && !directives[d].includes("'unsafe-eval'"), `${d}: ${directives[d]}`);
    assert.ok(directives[d].every((v) => ["'self'", "'wasm-unsafe-eval'"].includes(v) || v.startsWith("'sha256-")), d);
  }
  // The meta comes before anything it governs.
  const order = await page.evaluate(() => [...document.head.children].map((e) => e.getAttribute("http-equiv") ?? e.tagName));
  assert.ok(order.indexOf("Content-Security-Policy") < Math.min(order.indexOf("SCRIPT"), order.indexOf("LINK")), order.join());
  assert.deepEqual(errors, []);
  await context.close();
});

test("markup in a state name stays text in the diagram, inspector and history", async () => {
  const { page, context, errors } = await app.open();
  const name = `<img src=x onerror="window.pwned=1"><b>Bold</b>`;
  const def = JSON.stringify({ StartAt: name, States: { [name]: { Type: "Pass", Comment: "<script>window.pwned=2</script>", End: true } } }, null, 2);
  await typeDefinition(page, def, 1);
  assert.equal(await page.$eval("#diagram g.node", (n) => n.dataset.state), name);
  await page.click("#diagram g.node");
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  const injected = await page.evaluate(() => ({
    pwned: window.pwned ?? null,
    tags: document.querySelectorAll("#diagram b, #diagram img, #inspector b, #inspector img, #events b, #events img").length,
  }));
  assert.deepEqual(injected, { pwned: null, tags: 0 });
  assert.ok((await page.textContent("#events")).includes(name), "the history shows the name as text");
  assert.deepEqual(errors, []);
  await context.close();
});

test("after one visit the app opens and runs a workflow with the network off", async () => {
  const { page, context, errors } = await app.open();
  // The service worker is installed and controls the page once it has claimed it.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("#diagram g.node");
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await page.selectOption("#sample-menu", "poll-for-job-status");
  await page.waitForSelector('#diagram g.node[data-state="Wait X Seconds"]');
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  await page.screenshot({ path: join(outputDir, "offline.png") });
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});
