//! Phase 5, routing: a polyline and a label position per edge.
//!
//! Needs: the layered graph and its positions; nodes are top-aligned in their layer's band.
//! Guarantees: a polyline starts on its source's border and ends on its target's; it runs
//! vertically inside a band (below its upper end, above its lower end, or through its own
//! dummy slot) and crosses the gaps between bands in straight segments, so it never enters a
//! node it does not connect. Forward edges leave the bottom and enter the top; back edges
//! (loops) leave the top of the later state and climb through their own slots into the bottom
//! of the earlier one; self-loops are a small hook on the right side. Several edges on one side
//! of a node get separate ports, ordered by where the edge goes, so they do not cross there.

use super::position::Positions;
use super::rank::Layered;

pub struct Route {
    pub points: Vec<(f64, f64)>,
    pub label_at: (f64, f64),
}

/// How far a self-loop reaches right of its node (less than any gap).
const SELF_LOOP_REACH: f64 = 16.0;

/// `port_span[v]`: the centred width edges may attach to (a container's header, say).
pub fn route(g: &Layered, p: &Positions, edges: &[(usize, usize)], back: &[bool], port_span: &[f64]) -> Vec<Route> {
    let top_of = |v: usize| p.band_top[g.layer_of[v]];
    // Ports: (vertex, side) → edges attached there, sorted by the x they head to.
    let n = port_span.len();
    let mut bottom: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    let mut top: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
    for (e, chain) in g.chains.iter().enumerate() {
        if let Some(c) = chain {
            let (first, last) = (c[0], c[c.len() - 1]);
            bottom[first].push((p.x[c[1]], e));
            top[last].push((p.x[c[c.len() - 2]], e));
        }
    }
    let mut port_x = vec![(0.0, 0.0); g.chains.len()];
    for (v, (bs, ts)) in bottom.iter_mut().zip(top.iter_mut()).enumerate() {
        for (side, list) in [(0, bs), (1, ts)] {
            crate::sort::sort_by(list, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let m = list.len() as f64;
            for (k, &(_, e)) in list.iter().enumerate() {
                let x = p.x[v] - port_span[v] / 2.0 + port_span[v] * (k as f64 + 1.0) / (m + 1.0);
                if side == 0 {
                    port_x[e].0 = x
                } else {
                    port_x[e].1 = x
                }
            }
        }
    }
    g.chains
        .iter()
        .enumerate()
        .map(|(e, chain)| match chain {
            None => self_loop(g, p, edges[e].0),
            Some(c) => {
                let (first, last) = (c[0], c[c.len() - 1]);
                let (x0, x1) = port_x[e];
                let mut pts = vec![(x0, top_of(first) + g.height[first])];
                let band_bottom = p.band_bottom(g.layer_of[first]);
                if pts[0].1 < band_bottom {
                    pts.push((x0, band_bottom));
                }
                let leave = pts.len() - 1;
                for &d in &c[1..c.len() - 1] {
                    let l = g.layer_of[d];
                    pts.push((p.x[d], p.band_top[l]));
                    pts.push((p.x[d], p.band_bottom(l)));
                }
                pts.push((x1, top_of(last)));
                // The label sits in the gap next to the edge's source.
                // Two thirds of the way along, edges fanning out of one node are well apart.
                let label_at = if back[e] {
                    along(pts[pts.len() - 1], pts[pts.len() - 2])
                } else {
                    along(pts[leave], pts[leave + 1])
                };
                if back[e] {
                    pts.reverse();
                }
                Route { points: pts, label_at }
            }
        })
        .collect()
}

/// A point two thirds of the way from `a` to `b`.
fn along(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 + (b.0 - a.0) * 2.0 / 3.0, a.1 + (b.1 - a.1) * 2.0 / 3.0)
}

/// A self-loop: a small hook on the right side of its node, inside the gap to the next box.
fn self_loop(g: &Layered, p: &Positions, v: usize) -> Route {
    let right = p.x[v] + g.width[v] / 2.0;
    let top = p.band_top[g.layer_of[v]];
    let h = g.height[v].min(super::NODE_HEIGHT);
    let (y0, y1) = (top + h * 0.3, top + h * 0.7);
    let reach = right + SELF_LOOP_REACH;
    Route { points: vec![(right, y0), (reach, y0), (reach, y1), (right, y1)], label_at: (reach + 2.0, top + h / 2.0) }
}
