// Lays out the graphs exported by `cargo run --profile bench -p asl-core --example layout_graphs` with
// dagre (same node sizes and gaps as ours) and prints, per graph: edge crossings, drawing area
// and layout time for dagre and for ours. Both are measured on the drawn polylines the same way.
//   node compare.mjs graphs.json
import { readFileSync } from "node:fs";
import dagre from "@dagrejs/dagre";

const graphs = JSON.parse(readFileSync(process.argv[2] ?? "graphs.json", "utf8"));

// Proper crossings between segments of different edges (touching at an end does not count).
function crossings(polylines) {
  const segs = [];
  polylines.forEach((pts, e) => {
    for (let i = 0; i + 1 < pts.length; i++) segs.push([e, pts[i], pts[i + 1]]);
  });
  const orient = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  let count = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [e1, a, b] = segs[i];
      const [e2, c, d] = segs[j];
      if (e1 === e2) continue;
      const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
      if (o1 * o2 < 0 && o3 * o4 < 0) count++;
    }
  }
  return count;
}

// Bounding box of nodes and edge points.
function area(nodes, polylines) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x, y) => { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); };
  for (const n of nodes) { add(n.x, n.y); add(n.x + n.width, n.y + n.height); }
  for (const pts of polylines) for (const [x, y] of pts) add(x, y);
  return nodes.length ? (x1 - x0) * (y1 - y0) : 0;
}

function dagreLevel(level) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 64, edgesep: 20, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  level.nodes.forEach((n, i) => g.setNode(String(i), { width: n.width, height: n.height }));
  level.edges.forEach((e, k) => g.setEdge(String(e.from), String(e.to), {}, `e${k}`));
  dagre.layout(g);
  return g;
}

const rows = [];
for (const graph of graphs) {
  let ours = { crossings: 0, area: 0 };
  let theirs = { crossings: 0, area: 0 };
  for (const level of graph.levels) {
    const ourLines = level.edges.map((e) => e.points);
    ours.crossings += crossings(ourLines);
    ours.area += area(level.nodes, ourLines);
    const g = dagreLevel(level);
    const nodes = g.nodes().map((v) => { const n = g.node(v); return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height }; });
    const lines = g.edges().map((e) => g.edge(e).points.map((p) => [p.x, p.y]));
    theirs.crossings += crossings(lines);
    theirs.area += area(nodes, lines);
  }
  // dagre's time: all levels, averaged over enough runs.
  let runs = 0;
  const start = performance.now();
  while (runs < 3 || performance.now() - start < 300) {
    for (const level of graph.levels) dagreLevel(level);
    runs++;
  }
  const dagreMs = (performance.now() - start) / runs;
  rows.push({ graph: graph.name, states: graph.states, oursX: ours.crossings, dagreX: theirs.crossings,
    oursArea: ours.area / 1e3, dagreArea: theirs.area / 1e3, oursMs: graph.ms, dagreMs });
}

const fmt = (v, d = 0) => v.toFixed(d);
console.log("| graph | states | crossings ours | crossings dagre | area ours (k px²) | area dagre (k px²) | time ours (ms) | time dagre (ms) | dagre / ours |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.graph} | ${r.states} | ${r.oursX} | ${r.dagreX} | ${fmt(r.oursArea)} | ${fmt(r.dagreArea)} | ${fmt(r.oursMs, 3)} | ${fmt(r.dagreMs, 2)} | ${fmt(r.dagreMs / r.oursMs, 0)}× |`);
}
const worse = rows.filter((r) => r.oursX > r.dagreX).map((r) => r.graph);
console.log(worse.length ? `\nMore crossings than dagre on: ${worse.join(", ")}` : "\nNo more crossings than dagre on any graph.");
