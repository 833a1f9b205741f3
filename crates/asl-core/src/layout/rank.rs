//! Phase 2, layering: a layer (rank) per node, then dummy nodes on long edges.
//!
//! Needs: the edges and the `back` marks of [`super::acyclic`] (back edges are ranked reversed).
//! Guarantees: for every non-self-loop edge the upper end has a strictly smaller layer than the
//! lower end (longest path from the sources, so each node sits as high as its predecessors
//! allow); every layer up to the last holds at least one real node; each edge becomes a chain of
//! vertices, one per layer it spans, so later phases only see edges between adjacent layers
//! and a long edge keeps its own slot in every layer it crosses.

/// The layered graph: real vertices `0..n` are the nodes, dummies follow.
pub struct Layered {
    pub layer_of: Vec<usize>,
    /// For each vertex: the node it is, or `None` for a dummy.
    pub real: Vec<Option<usize>>,
    pub width: Vec<f64>,
    pub height: Vec<f64>,
    /// Neighbours in the layer above / below (one entry per edge, so multi-edges count twice).
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// Vertices of each layer, left to right (ordered by [`super::order`]).
    pub layers: Vec<Vec<usize>>,
    /// Per input edge: its vertices from the top layer to the bottom one; `None` for self-loops.
    pub chains: Vec<Option<Vec<usize>>>,
    /// Initial left-to-right key: the discovery rank of the node (or of a dummy's upper end).
    pub key: Vec<usize>,
}

/// The width of the slot a long edge takes in a layer it crosses.
pub const DUMMY_WIDTH: f64 = 10.0;

pub fn layer(sizes: &[(f64, f64)], edges: &[(usize, usize)], back: &[bool], discovery: &[usize]) -> Layered {
    let n = sizes.len();
    // Each edge oriented downward; self-loops take no part.
    let oriented: Vec<Option<(usize, usize)>> = edges
        .iter()
        .zip(back)
        .map(|(&(a, b), &is_back)| match (a == b, is_back) {
            (true, _) => None,
            (false, false) => Some((a, b)),
            (false, true) => Some((b, a)),
        })
        .collect();
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(a, b) in oriented.iter().flatten() {
        succ[a].push(b);
        indegree[b] += 1;
    }
    // Longest path by Kahn's algorithm, seeded in discovery order for determinism.
    let mut rank = vec![0usize; n];
    let mut queue: Vec<usize> = discovery.iter().copied().filter(|&v| indegree[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push(w);
            }
        }
    }
    let mut disc_rank = vec![0usize; n];
    for (k, &v) in discovery.iter().enumerate() {
        disc_rank[v] = k;
    }

    let mut g = Layered {
        layer_of: rank.clone(),
        real: (0..n).map(Some).collect(),
        width: sizes.iter().map(|s| s.0).collect(),
        height: sizes.iter().map(|s| s.1).collect(),
        up: vec![Vec::new(); n],
        down: vec![Vec::new(); n],
        layers: Vec::new(),
        chains: Vec::with_capacity(edges.len()),
        key: disc_rank.clone(),
    };
    for o in &oriented {
        let Some((a, b)) = *o else {
            g.chains.push(None);
            continue;
        };
        let mut chain = vec![a];
        for l in rank[a] + 1..rank[b] {
            let d = g.real.len();
            g.layer_of.push(l);
            g.real.push(None);
            g.width.push(DUMMY_WIDTH);
            g.height.push(0.0);
            g.up.push(Vec::new());
            g.down.push(Vec::new());
            g.key.push(disc_rank[a]);
            chain.push(d);
        }
        chain.push(b);
        for pair in chain.windows(2) {
            g.down[pair[0]].push(pair[1]);
            g.up[pair[1]].push(pair[0]);
        }
        g.chains.push(Some(chain));
    }
    let layers_count = g.layer_of.iter().max().map_or(0, |m| m + 1);
    g.layers = vec![Vec::new(); layers_count];
    for (v, &l) in g.layer_of.iter().enumerate() {
        g.layers[l].push(v);
    }
    g
}
