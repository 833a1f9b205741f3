//! Phase 4, coordinates: an x centre per vertex and a vertical band per layer.
//!
//! Needs: an ordered [`Layered`] graph.
//! Guarantees: within a layer the vertices keep their order and are at least their half-widths
//! plus a gap apart (so nothing overlaps); bands are stacked top to bottom with a gap between
//! them; the leftmost box starts at x = 0; deterministic.
//! Method (a priority-free variant of the "pull to the neighbours" methods): alternating down
//! and up passes set each vertex's wish to the weighted mean of its neighbours in the previous
//! layer (long-edge dummies pull hardest, so long edges run straight), and each layer is then
//! placed as close to the wishes as its order and gaps allow, exactly, by pool-adjacent-
//! violators (least squares under the ordering constraints).

use super::rank::Layered;

pub const NODE_GAP: f64 = 40.0;
/// Gap next to a long edge's slot.
const DUMMY_GAP: f64 = 20.0;
pub const LAYER_GAP: f64 = 64.0;
const PASSES: usize = 12;

pub struct Positions {
    /// Centre x of every vertex.
    pub x: Vec<f64>,
    pub band_top: Vec<f64>,
    pub band_height: Vec<f64>,
    pub width: f64,
    pub height: f64,
}

impl Positions {
    pub fn band_bottom(&self, l: usize) -> f64 {
        self.band_top[l] + self.band_height[l]
    }
}

fn gap(g: &Layered, a: usize, b: usize) -> f64 {
    if g.real[a].is_some() && g.real[b].is_some() {
        NODE_GAP
    } else {
        DUMMY_GAP
    }
}

/// How strongly an edge segment between `a` and `b` wants to be vertical.
fn pull(g: &Layered, a: usize, b: usize) -> f64 {
    match (g.real[a].is_some(), g.real[b].is_some()) {
        (true, true) => 1.0,
        (false, false) => 8.0,
        _ => 2.0,
    }
}

pub fn assign(g: &Layered) -> Positions {
    let seps = separations(g);
    let mut x = packed(g, &seps);
    for pass in 0..PASSES {
        let (down, both) = (pass % 2 == 0, pass + 2 >= PASSES);
        let ls: Vec<usize> = if down { (0..g.layers.len()).collect() } else { (0..g.layers.len()).rev().collect() };
        for l in ls {
            let (wish, weight) = wishes(g, &x, &g.layers[l], down, both);
            let placed = fit(&wish, &weight, &seps[l]);
            for (&v, p) in g.layers[l].iter().zip(placed) {
                x[v] = p;
            }
        }
    }
    let width = shift_to_zero(g, &mut x);
    let (band_top, band_height, height) = bands(g);
    Positions { x, band_top, band_height, width, height }
}

/// Per layer, the least distance between each node's centre and the previous one's (0 first).
fn separations(g: &Layered) -> Vec<Vec<f64>> {
    g.layers
        .iter()
        .map(|layer| {
            (0..layer.len())
                .map(|i| {
                    if i == 0 {
                        0.0
                    } else {
                        let (a, b) = (layer[i - 1], layer[i]);
                        (g.width[a] + g.width[b]) / 2.0 + gap(g, a, b)
                    }
                })
                .collect()
        })
        .collect()
}

/// The start: every layer packed and centred on 0.
fn packed(g: &Layered, seps: &[Vec<f64>]) -> Vec<f64> {
    let mut x = vec![0.0; g.real.len()];
    for (layer, sep) in g.layers.iter().zip(seps) {
        let total: f64 = sep.iter().sum();
        let mut at = -total / 2.0;
        for (i, &v) in layer.iter().enumerate() {
            at += sep[i];
            x[v] = at;
        }
    }
    x
}

/// Where each node of `layer` would like to be (the weighted mean of its neighbours above,
/// below, or both), and how strongly.
fn wishes(g: &Layered, x: &[f64], layer: &[usize], down: bool, both: bool) -> (Vec<f64>, Vec<f64>) {
    let mut wish = Vec::with_capacity(layer.len());
    let mut weight = Vec::with_capacity(layer.len());
    for &v in layer {
        let mut sum = 0.0;
        let mut w = 0.0;
        let mut add = |nbrs: &[usize]| {
            for &u in nbrs {
                let p = pull(g, u, v);
                sum += p * x[u];
                w += p;
            }
        };
        if down || both {
            add(&g.up[v]);
        }
        if !down || both {
            add(&g.down[v]);
        }
        if w == 0.0 {
            // Nothing pulls: stay put, weakly.
            wish.push(x[v]);
            weight.push(0.05);
        } else {
            wish.push(sum / w);
            weight.push(w);
        }
    }
    (wish, weight)
}

/// Shifts `x` so the leftmost box edge is at 0; the width the boxes then take.
fn shift_to_zero(g: &Layered, x: &mut [f64]) -> f64 {
    let left = (0..x.len()).map(|v| x[v] - g.width[v] / 2.0).fold(f64::INFINITY, f64::min);
    let left = if left.is_finite() { left } else { 0.0 };
    for xv in x.iter_mut() {
        *xv -= left;
    }
    (0..x.len()).map(|v| x[v] + g.width[v] / 2.0).fold(0.0, f64::max)
}

/// Each layer's band: its top and height (its tallest node), and the height of them all.
fn bands(g: &Layered) -> (Vec<f64>, Vec<f64>, f64) {
    let mut band_top = Vec::with_capacity(g.layers.len());
    let mut band_height = Vec::with_capacity(g.layers.len());
    let mut y = 0.0;
    for layer in &g.layers {
        let h = layer.iter().map(|&v| g.height[v]).fold(0.0, f64::max);
        band_top.push(y);
        band_height.push(h);
        y += h + LAYER_GAP;
    }
    (band_top, band_height, (y - LAYER_GAP).max(0.0))
}

/// Positions closest (weighted least squares) to `wish` with `p[i] - p[i-1] >= sep[i]`:
/// substitute q[i] = p[i] - offset[i], then q must be non-decreasing: isotonic regression by
/// pool-adjacent-violators, linear time.
fn fit(wish: &[f64], weight: &[f64], sep: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(wish.len());
    let mut acc = 0.0;
    for &s in sep {
        acc += s;
        offset.push(acc);
    }
    // Blocks: (first index, total weight, weighted sum).
    let mut blocks: Vec<(usize, f64, f64)> = Vec::new();
    for i in 0..wish.len() {
        blocks.push((i, weight[i], weight[i] * (wish[i] - offset[i])));
        while blocks.len() >= 2 {
            let (_, w1, s1) = blocks[blocks.len() - 1];
            let (_, w0, s0) = blocks[blocks.len() - 2];
            if s0 / w0 > s1 / w1 {
                let last = blocks.len() - 2;
                blocks[last].1 += w1;
                blocks[last].2 += s1;
                blocks.pop();
            } else {
                break;
            }
        }
    }
    let mut out = vec![0.0; wish.len()];
    for (k, &(start, w, s)) in blocks.iter().enumerate() {
        let end = blocks.get(k + 1).map_or(wish.len(), |b| b.0);
        for i in start..end {
            out[i] = s / w + offset[i];
        }
    }
    out
}
