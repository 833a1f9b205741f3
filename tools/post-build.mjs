// Trunk post-build hook (Trunk.toml): fits the built page to a strict Content-Security-Policy
// and writes the service worker's list of files. Runs on every build (serve and release) in
// trunk's staging directory, before trunk moves it to dist/.
//
// - CSP: trunk writes one inline module script (the wasm loader) and the diagram carries one
//   inline <style> (style/diagram.css, embedded so an exported SVG looks the same). Both are
//   allowed by their SHA-256, nothing else inline is. The policy goes in a <meta> right after
//   <meta charset>, so it covers everything after it.
// - Offline: sw.js gets the exact file names of this build and a version derived from their
//   contents, so a new build installs a new cache and drops the old one.
import { createHash } from "node:crypto";
import { readFile, writeFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

const htmlPath = join(staging, "index.html");
let html = await readFile(htmlPath, "utf8");
const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]));
const diagramCss = await readFile(join(source, "style/diagram.css"), "utf8");

// Each directive is as strict as the app allows; the reason is given where one is loosened.
const policy = [
  "default-src 'self'",
  // 'wasm-unsafe-eval': compiling the app's own WebAssembly; the hashes: trunk's loader.
  `script-src 'self' 'wasm-unsafe-eval' ${scripts.join(" ")}`,
  // The hash: the diagram's embedded stylesheet. Styles set from Rust go through the CSSOM
  // (`style:` in views), which CSP does not restrict; no style="" attribute is written.
  `style-src 'self' ${sha256(diagramCss)}`,
  // data: and blob: — the PNG export draws the SVG through an image.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // frame-ancestors is ignored in a <meta> policy; a server that can send headers should add it.
].join("; ");
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
if (html.includes('http-equiv="Content-Security-Policy"')) {
  console.error("post-build: index.html already has a CSP; this hook writes it");
  process.exit(1);
}
// Right after <meta charset> (which must stay first), before every script and stylesheet.
html = html.replace(/<meta charset="utf-8" \/>/, (charset) => `${charset}\n    ${meta}`);
if (!html.includes(meta)) {
  console.error('post-build: index.html has no <meta charset="utf-8" /> to put the CSP after');
  process.exit(1);
}
await writeFile(htmlPath, html);

// Every file of the build, for the service worker to cache on install.
async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push("/" + relative(staging, path).split("\\").join("/"));
  }
  return out;
}
const list = (await files(staging)).filter((f) => f !== "/sw.js").sort();
// The version follows every file's content, not only the names: the samples are fetched by
// fixed names, so a changed sample must install a new cache too.
const hash = createHash("sha256").update(html + list.join("\n"));
for (const f of list) hash.update(await readFile(join(staging, f)));
const version = hash.digest("hex").slice(0, 16);
const sw = (await readFile(join(source, "public/sw.js"), "utf8"))
  .replace("/*VERSION*/", JSON.stringify(version))
  .replace("/*FILES*/", JSON.stringify(["/", ...list], null, 2));
await writeFile(join(staging, "sw.js"), sw);
console.log(`post-build: CSP with ${scripts.length} script hash(es); sw.js caches ${list.length} files (version ${version})`);
