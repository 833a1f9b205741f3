//! Phase 3, ordering: the left-to-right order of each layer, to reduce edge crossings.
//!
//! Needs: a [`Layered`] graph (edges only between adjacent layers).
//! Guarantees: each layer is a permutation of its vertices; the result has no more crossings
//! than the initial order (vertices by discovery, so definition order breaks ties and a small
//! edit leaves the rest in place); deterministic. Method: alternating down/up sweeps sorting by
//! the barycentre of the neighbours in the previous layer (the median on every other round),
//! each followed by adjacent transpositions; the best order seen is kept. Crossings between two
//! layers are counted in O(E log V) with a Fenwick tree.

use super::rank::Layered;

const MAX_ROUNDS: usize = 24;
const PATIENCE: usize = 4;
const MAX_TRANSPOSE_PASSES: usize = 6;

pub fn order(g: &mut Layered) {
    for layer in &mut g.layers {
        crate::sort::sort_by_key(layer, |&v| (g.key[v], v));
    }
    let mut pos = vec![0usize; g.real.len()];
    refresh(&g.layers, &mut pos);
    let mut best = total_crossings(g, &pos);
    let mut best_layers = g.layers.clone();
    let mut stale = 0;
    for round in 0..MAX_ROUNDS {
        if best == 0 {
            break;
        }
        let median = round % 4 >= 2;
        if round % 2 == 0 {
            for l in 1..g.layers.len() {
                sort_layer(g, &mut pos, l, true, median);
            }
        } else {
            for l in (0..g.layers.len().saturating_sub(1)).rev() {
                sort_layer(g, &mut pos, l, false, median);
            }
        }
        transpose(g, &mut pos);
        let c = total_crossings(g, &pos);
        if c < best {
            best = c;
            best_layers.clone_from(&g.layers);
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                break;
            }
        }
    }
    g.layers = best_layers;
}

fn refresh(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
}

/// Sorts layer `l` by its neighbours in the layer above (`from_above`) or below. Vertices with no
/// such neighbour keep their current position as key, so they stay where they were.
fn sort_layer(g: &mut Layered, pos: &mut [usize], l: usize, from_above: bool, median: bool) {
    let mut keyed: Vec<(f64, usize, usize)> = g.layers[l]
        .iter()
        .map(|&v| {
            let nbrs = if from_above { &g.up[v] } else { &g.down[v] };
            let key = if nbrs.is_empty() {
                pos[v] as f64
            } else if median {
                let mut p: Vec<usize> = nbrs.iter().map(|&u| pos[u]).collect();
                p.sort_unstable();
                let m = p.len() / 2;
                if p.len() % 2 == 1 {
                    p[m] as f64
                } else {
                    (p[m - 1] + p[m]) as f64 / 2.0
                }
            } else {
                nbrs.iter().map(|&u| pos[u] as f64).sum::<f64>() / nbrs.len() as f64
            };
            (key, pos[v], v)
        })
        .collect();
    crate::sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (i, &(_, _, v)) in keyed.iter().enumerate() {
        g.layers[l][i] = v;
        pos[v] = i;
    }
}

/// Crossings among the edges of `v` and `w` (to both neighbouring layers) if `v` is left of `w`.
fn pair_crossings(g: &Layered, pos: &[usize], v: usize, w: usize) -> usize {
    let count = |a: &[usize], b: &[usize]| {
        let mut c = 0;
        for &x in a {
            for &y in b {
                if pos[x] > pos[y] {
                    c += 1;
                }
            }
        }
        c
    };
    count(&g.up[v], &g.up[w]) + count(&g.down[v], &g.down[w])
}

/// Swaps adjacent vertices while that strictly lowers the crossings (so it terminates).
fn transpose(g: &mut Layered, pos: &mut [usize]) {
    for _ in 0..MAX_TRANSPOSE_PASSES {
        let mut improved = false;
        for l in 0..g.layers.len() {
            for i in 0..g.layers[l].len().saturating_sub(1) {
                let (v, w) = (g.layers[l][i], g.layers[l][i + 1]);
                if pair_crossings(g, pos, v, w) > pair_crossings(g, pos, w, v) {
                    g.layers[l].swap(i, i + 1);
                    pos[v] = i + 1;
                    pos[w] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

pub fn total_crossings(g: &Layered, pos: &[usize]) -> usize {
    (0..g.layers.len().saturating_sub(1)).map(|l| layer_crossings(g, pos, l)).sum()
}

/// Crossings between layer `l` and `l + 1`: inversions of the lower ends, taken in the order of
/// the upper ends (Barth, Jünger and Mutzel's accumulation, here with a Fenwick tree).
fn layer_crossings(g: &Layered, pos: &[usize], l: usize) -> usize {
    let below = g.layers.get(l + 1).map_or(0, Vec::len);
    let mut tree = vec![0usize; below + 1];
    let mut inserted = 0usize;
    let mut crossings = 0usize;
    let mut ends: Vec<usize> = Vec::new();
    for &v in &g.layers[l] {
        ends.clear();
        ends.extend(g.down[v].iter().map(|&w| pos[w]));
        ends.sort_unstable();
        for &p in &ends {
            // Edges already inserted that end strictly right of p cross this one.
            let mut at_most = 0;
            let mut i = p + 1;
            while i > 0 {
                at_most += tree[i];
                i &= i - 1;
            }
            crossings += inserted - at_most;
        }
        for &p in &ends {
            let mut i = p + 1;
            while i <= below {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
            inserted += 1;
        }
    }
    crossings
}
