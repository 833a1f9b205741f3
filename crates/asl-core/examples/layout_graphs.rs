//! Exports the layout corpus as JSON for `tools/layout-compare/` (dagre vs ours):
//! `cargo run --profile bench -p asl-core --example layout_graphs > graphs.json`.
//!
//! Each graph is split into its levels (the top level, every Parallel branch, every Map
//! processor), since dagre lays out flat graphs: per level, the nodes' sizes (a container is one
//! big node, as our outer level sees it), the edges, and our coordinates for them. Our time is
//! for the whole graph.

#[path = "../benches/support/graphs.rs"]
mod graphs;

use asl_core::layout::{layout, Layout};
use serde_json::{json, Value};

/// The rectangle a node occupies in its level: its container's, if it heads one.
fn rect(l: &Layout, i: usize) -> (f64, f64, f64, f64) {
    let n = &l.nodes[i];
    match n.container {
        Some(c) => {
            let b = &l.containers[c];
            (b.x, b.y, b.width, b.height)
        }
        None => (n.x, n.y, n.width, n.height),
    }
}

fn levels(l: &Layout) -> Vec<Value> {
    // A level is the set of nodes sharing a parent; branch boxes and Map boxes hold one each.
    let mut keys: Vec<Option<usize>> = vec![None];
    keys.extend((0..l.containers.len()).filter(|&c| l.nodes.iter().any(|n| n.parent == Some(c))).map(Some));
    keys.into_iter()
        .map(|key| {
            let members: Vec<usize> = (0..l.nodes.len()).filter(|&i| l.nodes[i].parent == key).collect();
            let local = |i: usize| members.iter().position(|&m| m == i);
            let nodes: Vec<Value> = members
                .iter()
                .map(|&i| {
                    let (x, y, w, h) = rect(l, i);
                    json!({"name": l.nodes[i].name, "x": x, "y": y, "width": w, "height": h})
                })
                .collect();
            let edges: Vec<Value> = l
                .edges
                .iter()
                .filter(|e| e.container == key)
                .filter_map(|e| {
                    Some(json!({"from": local(e.from)?, "to": local(e.to)?, "points": e.points, "back": e.back_edge}))
                })
                .collect();
            json!({"nodes": nodes, "edges": edges})
        })
        .collect()
}

fn main() {
    let mut out = Vec::new();
    for (name, text) in graphs::corpus() {
        let Some(machine) = asl_core::parse(&text).machine else { continue };
        let l = layout(&machine);
        // Mean of enough runs to be well above the clock's resolution.
        let start = std::time::Instant::now();
        let mut runs = 0u32;
        while runs < 5 || start.elapsed().as_millis() < 300 {
            std::hint::black_box(layout(&machine));
            runs += 1;
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        out.push(json!({"name": name, "states": l.nodes.len(), "ms": ms, "levels": levels(&l)}));
    }
    println!("{}", serde_json::to_string(&out).unwrap_or_default());
}
