//! A layered (Sugiyama-style) layout of one machine's states, top to bottom: plain geometry that
//! the app turns into SVG.
//!
//! Phases: back edges are found by a depth-first search from `StartAt` (so loops point upward),
//! layers are longest paths over forward edges, each layer is ordered by the barycentre of its
//! predecessors, nodes are centred per layer, and edges are routed: forward edges as straight
//! segments, back edges around the right side of the drawing.
//!
//! Guarantees: deterministic (same machine → same layout); nodes of a layer never overlap;
//! every forward edge points downward. Nested Parallel/Map states are drawn as single nodes.

use crate::model::{Comparison, Condition, Machine, Operand, StateKind, TransitionKind};

pub const NODE_HEIGHT: f64 = 44.0;
const LAYER_GAP: f64 = 70.0;
const NODE_GAP: f64 = 40.0;
const MARGIN: f64 = 40.0;
const CHAR_WIDTH: f64 = 7.4;
const MIN_WIDTH: f64 = 120.0;
const BACK_EDGE_GAP: f64 = 18.0;

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub name: String,
    pub type_name: String,
    /// Top-left corner.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub terminal: bool,
}

impl NodeBox {
    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeStyle {
    Next,
    Choice,
    Default,
    /// Drawn dashed.
    Catch,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    pub from: usize,
    pub to: usize,
    pub style: EdgeStyle,
    pub label: Option<String>,
    pub points: Vec<(f64, f64)>,
    /// Where to put the label.
    pub label_at: (f64, f64),
    pub back_edge: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    /// Index of the `StartAt` state, if it exists.
    pub start: Option<usize>,
    pub width: f64,
    pub height: f64,
}

/// The text of a state's box width: long names make wide boxes (counted in characters, so
/// non-ASCII names are not over-wide).
fn node_width(name: &str, type_name: &str) -> f64 {
    let chars = name.chars().count().max(type_name.chars().count()) as f64;
    (chars * CHAR_WIDTH + 32.0).max(MIN_WIDTH)
}

/// A short form of a Choice rule for an edge label: `$.status == "FAILED"`.
pub fn rule_label(condition: &Condition) -> String {
    match condition {
        Condition::And(all) => all.iter().map(rule_label).collect::<Vec<_>>().join(" && "),
        Condition::Or(any) => any.iter().map(rule_label).collect::<Vec<_>>().join(" || "),
        Condition::Not(inner) => format!("!({})", rule_label(inner)),
        Condition::Jsonata(v) => match v.as_str() {
            Some(e) => e.trim_start_matches("{%").trim_end_matches("%}").trim().to_string(),
            None => v.to_string(),
        },
        Condition::Compare { variable, op, operand } => {
            let rhs = match operand {
                Operand::Literal(v) => v.to_string(),
                Operand::Path(p) => p.clone(),
            };
            let name = op.name();
            let sym = match op {
                _ if name.ends_with("GreaterThanEquals") => ">=",
                _ if name.ends_with("LessThanEquals") => "<=",
                _ if name.ends_with("GreaterThan") => ">",
                _ if name.ends_with("LessThan") => "<",
                _ if name.ends_with("Equals") => "==",
                Comparison::StringMatches => "matches",
                _ => return format!("{name}({variable}) == {rhs}"),
            };
            format!("{variable} {sym} {rhs}")
        }
    }
}

pub fn layout(machine: &Machine) -> Layout {
    let n = machine.states.len();
    if n == 0 {
        return Layout::default();
    }
    // Edges by index, skipping targets that do not exist (reported by the validator).
    let mut raw_edges = Vec::new();
    for (i, state) in machine.states.iter().enumerate() {
        for t in state.transitions() {
            let Some(j) = machine.state_index(&t.target.value) else { continue };
            let (style, label) = match t.kind {
                TransitionKind::Next => (EdgeStyle::Next, None),
                TransitionKind::Default => (EdgeStyle::Default, Some("Default".to_string())),
                TransitionKind::Choice(k) => match &state.kind {
                    StateKind::Choice(c) => (EdgeStyle::Choice, Some(rule_label(&c.choices[k].condition))),
                    _ => (EdgeStyle::Choice, None),
                },
                TransitionKind::Catch(k) => {
                    (EdgeStyle::Catch, Some(format!("Catch {}", state.catch[k].error_equals.join(", "))))
                }
            };
            raw_edges.push((i, j, style, label));
        }
    }
    let start = machine.start_at.as_ref().and_then(|s| machine.state_index(&s.value));

    // Phase 1: depth-first search from the start (then any unvisited state, in definition order)
    // marks edges into a state on the current path as back edges.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, (i, _, _, _)) in raw_edges.iter().enumerate() {
        succ[*i].push(e);
    }
    let mut back = vec![false; raw_edges.len()];
    let mut visit = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut discovery = Vec::with_capacity(n);
    let roots: Vec<usize> = start.into_iter().chain(0..n).collect();
    for root in roots {
        if visit[root] != 0 {
            continue;
        }
        // Iterative DFS: (node, next edge position).
        let mut stack = vec![(root, 0usize)];
        visit[root] = 1;
        discovery.push(root);
        while let Some(&mut (v, ref mut pos)) = stack.last_mut() {
            if let Some(&e) = succ[v].get(*pos) {
                *pos += 1;
                let w = raw_edges[e].1;
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

    // Phase 2: layer = longest path over forward edges (Kahn's order on the DAG).
    let mut indegree = vec![0usize; n];
    for (e, (_, j, _, _)) in raw_edges.iter().enumerate() {
        if !back[e] {
            indegree[*j] += 1;
        }
    }
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = discovery.iter().copied().filter(|&v| indegree[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &e in &succ[v] {
            if back[e] {
                continue;
            }
            let w = raw_edges[e].1;
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push(w);
            }
        }
    }
    let layers_count = layer.iter().max().map_or(0, |m| m + 1);

    // Phase 3: order each layer by discovery, then by the barycentre of forward predecessors.
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layers_count];
    for &v in &discovery {
        layers[layer[v]].push(v);
    }
    let mut position = vec![0f64; n];
    for l in &layers {
        for (k, &v) in l.iter().enumerate() {
            position[v] = k as f64;
        }
    }
    for l in 1..layers_count {
        let mut keyed: Vec<(f64, usize)> = layers[l]
            .iter()
            .map(|&v| {
                let preds: Vec<f64> = raw_edges
                    .iter()
                    .enumerate()
                    .filter(|(e, (i, j, _, _))| *j == v && !back[*e] && layer[*i] + 1 == l)
                    .map(|(_, (i, _, _, _))| position[*i])
                    .collect();
                let bary = if preds.is_empty() { position[v] } else { preds.iter().sum::<f64>() / preds.len() as f64 };
                (bary, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(position[a.1].total_cmp(&position[b.1])));
        layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
        for (k, &v) in layers[l].iter().enumerate() {
            position[v] = k as f64;
        }
    }

    // Phase 4: coordinates. Each layer is centred on the widest one.
    let widths: Vec<f64> =
        machine.states.iter().map(|s| node_width(&s.name, s.kind.type_name())).collect();
    let layer_width = |l: &Vec<usize>| l.iter().map(|&v| widths[v]).sum::<f64>() + NODE_GAP * (l.len().saturating_sub(1)) as f64;
    let content_width = layers.iter().map(layer_width).fold(0.0, f64::max);
    let mut nodes: Vec<NodeBox> = machine
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| NodeBox {
            name: s.name.clone(),
            type_name: s.kind.type_name().to_string(),
            x: 0.0,
            y: 0.0,
            width: widths[i],
            height: NODE_HEIGHT,
            terminal: s.is_terminal(),
        })
        .collect();
    let top = MARGIN + 30.0; // room for the start marker
    for (l, members) in layers.iter().enumerate() {
        let mut x = MARGIN + (content_width - layer_width(members)) / 2.0;
        for &v in members {
            nodes[v].x = x;
            nodes[v].y = top + l as f64 * (NODE_HEIGHT + LAYER_GAP);
            x += widths[v] + NODE_GAP;
        }
    }

    // Phase 5: routing.
    let right = MARGIN + content_width;
    let mut back_lanes = 0;
    let mut edges = Vec::with_capacity(raw_edges.len());
    let mut ports_out = vec![0usize; n];
    let mut ports_in = vec![0usize; n];
    let out_count: Vec<usize> = (0..n).map(|v| raw_edges.iter().enumerate().filter(|(e, r)| r.0 == v && !back[*e]).count()).collect();
    let in_count: Vec<usize> = (0..n).map(|v| raw_edges.iter().enumerate().filter(|(e, r)| r.1 == v && !back[*e]).count()).collect();
    for (e, (i, j, style, label)) in raw_edges.into_iter().enumerate() {
        let (a, b) = (&nodes[i], &nodes[j]);
        let (points, label_at) = if back[e] || i == j {
            back_lanes += 1;
            let lane = right + BACK_EDGE_GAP * back_lanes as f64;
            let (ay, by) = (a.y + NODE_HEIGHT / 2.0, b.y + NODE_HEIGHT / 2.0);
            let pts = vec![(a.x + a.width, ay), (lane, ay), (lane, by), (b.x + b.width, by)];
            (pts, (lane + 4.0, (ay + by) / 2.0))
        } else {
            // Spread several edges over the bottom/top side of a node.
            ports_out[i] += 1;
            ports_in[j] += 1;
            let ax = a.x + a.width * ports_out[i] as f64 / (out_count[i] + 1) as f64;
            let bx = b.x + b.width * ports_in[j] as f64 / (in_count[j] + 1) as f64;
            let (ay, by) = (a.y + NODE_HEIGHT, b.y);
            let pts = if layer[j] == layer[i] + 1 {
                vec![(ax, ay), (ax, ay + LAYER_GAP / 2.0), (bx, ay + LAYER_GAP / 2.0), (bx, by)]
            } else {
                vec![(ax, ay), (bx, by - LAYER_GAP / 2.0), (bx, by)]
            };
            // Labels sit on the last, vertical segment, where edges from one node have parted.
            (pts, (bx + 4.0, by - 10.0))
        };
        edges.push(EdgePath { from: i, to: j, style, label, points, label_at, back_edge: back[e] });
    }
    let width = right + MARGIN + BACK_EDGE_GAP * back_lanes as f64 + 120.0;
    let height = top + layers_count as f64 * (NODE_HEIGHT + LAYER_GAP) + MARGIN;
    Layout { nodes, edges, start, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn poller_loop_is_a_back_edge_and_nothing_overlaps() {
        let text = include_str!("../../../public/samples/poll-for-job-status.asl.json");
        let machine = crate::parse(text).machine.unwrap();
        let l = layout(&machine);
        assert_eq!(l.nodes.len(), 6);
        for (i, a) in l.nodes.iter().enumerate() {
            for b in &l.nodes[i + 1..] {
                assert!(!overlap(a, b), "{} overlaps {}", a.name, b.name);
            }
        }
        let back: Vec<_> = l.edges.iter().filter(|e| e.back_edge).collect();
        assert_eq!(back.len(), 1);
        assert_eq!(l.nodes[back[0].to].name, "Wait X Seconds");
        for e in l.edges.iter().filter(|e| !e.back_edge) {
            assert!(l.nodes[e.to].y > l.nodes[e.from].y, "forward edges point down");
        }
        assert_eq!(layout(&machine), l, "deterministic");
    }
}
