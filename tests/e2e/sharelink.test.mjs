// End-to-end: the share-link contract `#def=<D>&mock=<M>&test-case=<T>` over the recorded AWS
// executions that script their Task results (../shared/conformance/localstack/execution.jsonl,
// `scripted_task_results`). Each case opens from a link built here, is run from the page's
// controls, and its status and output are read off the screen; the native runner (`asl simulate`
// with the same MockConfig) runs the same cases, and both must agree case by case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { session, repoRoot, outputDir } from "./harness.mjs";

const app = session();
const shared = join(repoRoot, "..", "shared", "conformance", "localstack", "execution.jsonl");

const b64url = (text) => deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");

/** The recorded results as a MockConfig with one test case, "Recorded". */
export function mockConfigOf(c) {
  const byState = new Map();
  for (const r of c.scripted_task_results) {
    let outcome;
    const cause = r.cause == null ? "" : typeof r.cause === "string" ? r.cause : JSON.stringify(r.cause);
    if (r.event.endsWith("Succeeded")) outcome = { Return: r.output };
    else if (r.event.endsWith("Failed")) outcome = { Throw: { Error: r.error ?? "", Cause: cause } };
    else if (r.event.endsWith("TimedOut")) outcome = { Throw: { Error: "States.Timeout", Cause: cause } };
    else continue;
    if (!byState.has(r.state)) byState.set(r.state, []);
    byState.get(r.state).push(outcome);
  }
  const responses = {};
  const mapping = {};
  for (const [state, list] of byState) {
    const name = `Recorded.${state}`;
    // Past the recording the last result repeats, as the native conformance runner scripts it.
    responses[name] = Object.fromEntries(list.map((o, i) => [i === list.length - 1 ? `${i}-24999` : `${i}`, o]));
    mapping[state] = name;
  }
  return { StateMachines: { Recorded: { TestCases: { Recorded: mapping } } }, MockedResponses: responses };
}

/** Recorded values may be placeholders (`<uuid:1>`, `date`): they match any non-null value. */
function same(expected, actual) {
  if (typeof expected === "string" && ((expected.startsWith("<") && expected.endsWith(">")) || expected === "date"))
    return actual !== null && actual !== undefined;
  if (Array.isArray(expected))
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => same(e, actual[i]));
  if (expected && typeof expected === "object")
    return (
      actual && typeof actual === "object" && !Array.isArray(actual) &&
      Object.keys(expected).length === Object.keys(actual).length &&
      Object.keys(expected).every((k) => same(expected[k], actual[k]))
    );
  return expected === actual;
}

function verdict(expect, got) {
  if (expect.status !== got.status) return false;
  if ("output" in expect) return same(expect.output, got.output);
  return expect.error === undefined || expect.error === got.error;
}

function nativeRun(dir, c, mock) {
  const def = join(dir, `${c.id}.asl.json`);
  const mockFile = join(dir, `${c.id}.mock.json`);
  return Promise.all([writeFile(def, c.definition), writeFile(mockFile, JSON.stringify(mock))]).then(() => {
    const bin = join(repoRoot, "target", "debug", "asl");
    const args = ["simulate", def, "--input", c.input ?? "{}", "--mock", mockFile, "--test-case", "Recorded",
      "--state-machine", "Recorded", "--json"];
    let out;
    try {
      out = existsSync(bin)
        ? execFileSync(bin, args, { encoding: "utf8" })
        : execFileSync("cargo", ["run", "-q", "--bin", "asl", "--", ...args], { encoding: "utf8", cwd: repoRoot });
    } catch (e) {
      out = e.stdout; // exit 1 for a failed execution still prints the result
    }
    const r = JSON.parse(out);
    return { status: r.status, output: r.output, error: r.error, cause: r.cause };
  });
}

test("share links with a MockConfig: the browser and the native runner agree on the recorded cases", async (t) => {
  if (!existsSync(shared)) {
    if (process.env.CI === "true") assert.fail(`${shared} is absent: CI needs ../shared beside the clone`);
    t.skip(`${shared} is absent`);
    return;
  }
  const cases = (await readFile(shared, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((c) => c.api === "StartExecution" && c.scripted_task_results?.length && c.scripted_task_results.every((r) => r.state));
  assert.ok(cases.length >= 20, `only ${cases.length} recorded cases script their results`);
  const dir = await mkdtemp(join(tmpdir(), "asl-share-"));
  const { page, context } = await app.open();
  let browserPass = 0, nativePass = 0;
  const disagreements = [];
  for (const c of cases) {
    const mock = mockConfigOf(c);
    const url = `${app.url}#def=${b64url(c.definition)}&mock=${b64url(JSON.stringify(mock))}&test-case=Recorded`;
    await page.goto("about:blank");
    await page.goto(url);
    await page.waitForSelector("#diagram g.node");
    await page.fill("#execution-input", c.input ?? "{}");
    await page.click("#sim-start");
    await page.click("#sim-end");
    const status = (await page.textContent("#execution-status")).trim();
    const got = { status };
    if (await page.locator("#execution-output").count()) got.output = JSON.parse(await page.textContent("#execution-output"));
    if (await page.locator("#execution-error").count()) {
      const text = await page.textContent("#execution-error");
      got.error = /Error:\s*(.*?)\s*Cause:/s.exec(text)?.[1] ?? "";
    }
    const types = await page.$$eval("#events [data-type]", (rows) => rows.map((r) => r.dataset.type));
    assert.equal(types[0], "ExecutionStarted", c.id);
    const native = await nativeRun(dir, c, mock);
    const b = verdict(c.expect, got), n = verdict(c.expect, native);
    browserPass += b;
    nativePass += n;
    if (b !== n || status !== native.status || (got.output !== undefined && JSON.stringify(got.output) !== JSON.stringify(native.output)))
      disagreements.push(`${c.id}: browser ${JSON.stringify(got)} vs native ${JSON.stringify(native)}`);
  }
  await page.screenshot({ path: join(outputDir, "share-link-last-case.png"), fullPage: true });
  console.log(`share-link cases: browser ${browserPass}/${cases.length} pass, native ${nativePass}/${cases.length} pass`);
  assert.deepEqual(disagreements, []);
  assert.equal(browserPass, nativePass);
  await context.close();
});

test("a damaged mock parameter gets a clear message and the definition still opens", async () => {
  const { page, context } = await app.open();
  const def = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}';
  await page.goto("about:blank");
  await page.goto(`${app.url}#def=${b64url(def)}&mock=@@notdeflate&test-case=X`);
  await page.waitForSelector('#diagram g.node[data-state="A"]');
  assert.match(await page.textContent("#message"), /MockConfig in the share link is damaged/);
  await page.click("#sim-start");
  await page.click("#sim-end");
  assert.equal((await page.textContent("#execution-status")).trim(), "SUCCEEDED");
  await context.close();
});
