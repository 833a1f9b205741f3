//! Phase 1, cycle handling: which edges to treat as reversed so that the rest is a DAG.
//!
//! Needs: `n` nodes, edges as `(from, to)` pairs (self-loops allowed), the start node if any.
//! Guarantees: reversing every edge marked `back` (and ignoring self-loops, which are also
//! marked) leaves an acyclic graph. The search runs from the start first, then from every
//! unvisited node in definition order, following edges in their given order, so loops point
//! back up to the state the execution enters first, and the result is deterministic.
//! Also returns the discovery order, which later phases use to break ties stably.

pub struct Acyclic {
    pub back: Vec<bool>,
    /// Nodes in the order the search first reached them (every node appears once).
    pub discovery: Vec<usize>,
}

pub fn find_back_edges(n: usize, edges: &[(usize, usize)], start: Option<usize>) -> Acyclic {
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(from, _)) in edges.iter().enumerate() {
        succ[from].push(e);
    }
    let mut back = vec![false; edges.len()];
    // 0 new, 1 on the current path, 2 finished.
    let mut visit = vec![0u8; n];
    let mut discovery = Vec::with_capacity(n);
    for root in start.into_iter().chain(0..n) {
        if visit[root] != 0 {
            continue;
        }
        // Iterative, so deep chains cannot overflow the stack: (node, next edge position).
        let mut stack = vec![(root, 0usize)];
        visit[root] = 1;
        discovery.push(root);
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&e) = succ[v].get(top.1) {
                top.1 += 1;
                let w = edges[e].1;
                match visit[w] {
                    0 => {
                        visit[w] = 1;
                        discovery.push(w);
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                visit[v] = 2;
                stack.pop();
            }
        }
    }
    Acyclic { back, discovery }
}
