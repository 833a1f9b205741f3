//! Moving the keyboard's focus along the diagram's edges. ↓ goes to a successor (the first, in
//! the definition's order; a Parallel or Map leads into its branches first), ↑ back to the state
//! the focus came from when it is a predecessor, else the first predecessor (the enclosing
//! Parallel or Map for a branch's first state). → and ← go among the siblings — the other
//! successors of that same predecessor, left to right — and, when there is none that way, to a
//! successor or a predecessor. Home goes to the start state. Pure: reads the layout only.

use asl_core::layout::Layout;

/// The nodes a node leads to: its edges' targets, then (for a Parallel or Map) the first state of
/// each of its branches or its processor; no self-loop, no repeat.
fn successors(l: &Layout, i: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut add = |j: usize| {
        if j != i && !out.contains(&j) {
            out.push(j);
        }
    };
    // Inside first: a container's states come before what follows it.
    for (c, _) in l.containers.iter().enumerate().filter(|(_, c)| c.state == i) {
        let inside: Vec<usize> = (0..l.nodes.len()).filter(|&n| l.nodes[n].parent == Some(c)).collect();
        let entry = inside
            .iter()
            .copied()
            .filter(|&n| !l.edges.iter().any(|e| e.to == n && e.from != n && inside.contains(&e.from)))
            .min_by(|&a, &b| l.nodes[a].y.total_cmp(&l.nodes[b].y));
        if let Some(n) = entry {
            add(n);
        }
    }
    for e in l.edges.iter().filter(|e| e.from == i) {
        add(e.to);
    }
    out
}

/// The nodes that lead to a node; a branch's first state is led to by its Parallel or Map.
fn predecessors(l: &Layout, i: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for e in l.edges.iter().filter(|e| e.to == i && e.from != i) {
        if !out.contains(&e.from) {
            out.push(e.from);
        }
    }
    if out.is_empty() {
        if let Some(c) = l.nodes[i].parent {
            out.push(l.containers[c].state);
        }
    }
    out
}

fn index_of(l: &Layout, name: &str) -> Option<usize> {
    l.nodes.iter().position(|n| n.name == name)
}

/// Where `key` moves the focus from the state `from`; `came_from` is the state the focus was on
/// before, if it moved here by a key. `None`: the key does not move it (or there is nowhere to go).
pub fn target(l: &Layout, from: &str, key: &str, came_from: Option<&str>) -> Option<String> {
    let i = index_of(l, from)?;
    let preds = predecessors(l, i);
    let back = came_from.and_then(|c| index_of(l, c)).filter(|c| preds.contains(c));
    let parent = back.or_else(|| preds.first().copied());
    let sibling = |step: isize| -> Option<usize> {
        let mut siblings = successors(l, parent?);
        siblings.sort_by(|&a, &b| l.nodes[a].center_x().total_cmp(&l.nodes[b].center_x()));
        let at = siblings.iter().position(|&s| s == i)? as isize + step;
        (at >= 0).then(|| siblings.get(at as usize).copied()).flatten()
    };
    let j = match key {
        "ArrowDown" => successors(l, i).first().copied(),
        "ArrowUp" => parent,
        "ArrowRight" => sibling(1).or_else(|| successors(l, i).first().copied()),
        "ArrowLeft" => sibling(-1).or(parent),
        "Home" => l.start.or(if l.nodes.is_empty() { None } else { Some(0) }),
        _ => None,
    }?;
    (j != i).then(|| l.nodes[j].name.clone())
}
