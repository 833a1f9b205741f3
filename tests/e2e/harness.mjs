// Serves the built app (dist/) on 127.0.0.1 and drives Debian's Chromium through playwright-core.
import { before, after } from "node:test";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, "..", "..");
export const distDir = process.env.DIST_DIR ?? join(repoRoot, "dist");
export const outputDir = join(here, "output");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
};

/** Content-Security-Policy violations and requests to any host but the app's own, over every
 * page the harness opened; `session()` fails the file when there are any. */
export const violations = [];

/** A static file server for dist/ on an ephemeral loopback port. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    // Test tools served from the app's own origin, so the page's CSP (script-src 'self') allows them.
    if (path === "/__e2e/axe.min.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(await readFile(join(repoRoot, "node_modules/axe-core/axe.min.js")));
      return;
    }
    const file = normalize(join(distDir, path === "/" ? "index.html" : path));
    if (!file.startsWith(distDir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  await mkdir(outputDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return browser;
}

/** Opens the app in a fresh page and waits until the diagram is drawn. */
export async function openApp(browser, url, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 950 }, ...options });
  const page = await context.newPage();
  const errors = [];
  const origin = new URL(url).origin;
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    ),
  );
  page.on("console", (m) => {
    if (m.text().startsWith("CSP violation")) violations.push(m.text());
  });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) violations.push(`request to ${u}`);
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector("#diagram g.node");
  return { page, context, errors };
}

/** One server and one browser per test file, started before its tests and closed after them. */
export function session() {
  const s = {
    server: null,
    browser: null,
    get url() {
      return s.server.url;
    },
    /** `options`: more of Playwright's context options. */
    open: (options) => openApp(s.browser, s.server.url, options),
  };
  before(async () => {
    s.server = await serveDist();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
    assert.deepEqual(violations, [], "no CSP violation and no request to another host");
  });
  return s;
}

/** Replaces the definition the way typing does, and resolves once the diagram shows `count`
 * states: the time from the input event to the updated diagram, measured in the page. */
export async function typeDefinition(page, text, count) {
  return page.evaluate(
    ([text, count]) =>
      new Promise((done, fail) => {
        const area = document.querySelector("#definition");
        const start = performance.now();
        area.value = text;
        area.dispatchEvent(new Event("input", { bubbles: true }));
        const poll = () => {
          const shown = document.querySelectorAll("#diagram g.node").length;
          if (shown === count) done(performance.now() - start);
          else if (performance.now() - start > 30_000) fail(new Error(`${shown} states shown, expected ${count}`));
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    [text, count],
  );
}

/** Drags the scrubber to position `k` the way the range input reports it: set, then `input`. */
export async function scrubTo(page, k) {
  await page.$eval(
    "#sim-scrubber",
    (el, k) => {
      el.value = String(k);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    k,
  );
}

/** Drops a file named `name` holding `content` on the diagram pane, as a person drags one in. */
export async function dropFile(page, name, content) {
  const dt = await page.evaluateHandle(([n, c]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([c], n));
    return dt;
  }, [name, content]);
  await page.dispatchEvent(".diagram-pane", "drop", { dataTransfer: dt });
}

/** Like the benchmarks' generated definition: Pass chains, a Choice every 10th state and every
 * 50th a Parallel of two branches with a Map each (4 states). */
export function generated(n) {
  const states = {};
  let i = 0;
  let top = 0;
  let counter = 0;
  while (i < n) {
    const name = `S${top}`;
    const next = `S${top + 1}`;
    let state;
    if (top % 50 === 49 && n - i > 8) {
      const branch = () => {
        const map = `M${++counter}`;
        const inner = `I${++counter}`;
        return { StartAt: map, States: { [map]: { Type: "Map", End: true, ItemProcessor: { StartAt: inner, States: { [inner]: { Type: "Pass", End: true } } } } } };
      };
      state = { Type: "Parallel", Branches: [branch(), branch()] };
      i += 5;
    } else if (top % 10 === 9 && i + 1 < n) {
      state = { Type: "Choice", Choices: [{ Variable: "$.count", NumericGreaterThan: 10, Next: next }], Default: next };
      i += 1;
    } else {
      state = { Type: "Pass", Parameters: { "value.$": "$.value", index: top } };
      i += 1;
    }
    if (state.Type !== "Choice") {
      if (i >= n) state.End = true;
      else state.Next = next;
    }
    states[name] = state;
    top++;
  }
  return JSON.stringify({ Comment: "generated", StartAt: "S0", States: states }, null, 2);
}
