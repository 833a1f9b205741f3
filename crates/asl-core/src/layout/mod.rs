//! A layered (Sugiyama-style) layout of a state machine, top to bottom: plain geometry that the
//! app turns into SVG and tests can check.
//!
//! One machine (the top level, a Parallel branch, a Map's item processor) is laid out in phases,
//! one module each, in dagre's manner:
//! [`acyclic`] (loops become back edges) → [`rank`] (layers, dummy nodes on long edges) →
//! [`order`] (crossing reduction) → [`position`] (coordinates) → [`route`] (polylines).
//! Parallel and Map states with inner machines are containers: their inner machines are laid
//! out first (recursively, to any depth), the container's size is what the outer machine sees,
//! and the inner nodes are then moved to absolute coordinates. Last, on the whole drawing,
//! [`label`] finds each edge label a free spot. [`hit`] answers what lies under a point of the
//! finished drawing.
//!
//! Guarantees: deterministic; no panic on any machine; nodes never overlap; a container encloses
//! exactly its own inner nodes; forward edges point downward; no edge passes through a node it
//! does not connect; no edge label covers a node or another label. Node indices: the top-level states first, in definition order (so `start`
//! and `from`/`to` of top-level edges are state indices), inner states after them.

mod acyclic;
mod hit;
pub mod label;
mod order;
mod position;
mod rank;
mod route;

use crate::model::{Comparison, Condition, Machine, Operand, State, StateKind, TransitionKind};

pub const NODE_HEIGHT: f64 = 44.0;
const MARGIN: f64 = 40.0;
/// Room above the first node for the start marker.
const START_ROOM: f64 = 30.0;
/// Room below a terminal node for its end marker (inside containers too).
const END_ROOM: f64 = 34.0;
const MIN_WIDTH: f64 = 120.0;
/// Padding inside a container box, and above a branch's content for its title.
const PAD: f64 = 14.0;
const TITLE_ROOM: f64 = 20.0;
const BRANCH_GAP: f64 = 24.0;

#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub name: String,
    pub type_name: String,
    /// Top-left corner. For a Parallel or Map drawn as a container this is its header box.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub terminal: bool,
    /// The innermost container this node sits in (index into [`Layout::containers`]).
    pub parent: Option<usize>,
    /// The container this node heads, if it is a Parallel or Map with inner states.
    pub container: Option<usize>,
}

impl NodeBox {
    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    Parallel,
    /// One branch of a Parallel, inside the Parallel's box.
    Branch,
    Map,
}

/// A box drawn around inner states.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    pub kind: ContainerKind,
    pub title: String,
    /// The Parallel or Map state it belongs to (index into [`Layout::nodes`]).
    pub state: usize,
    /// The container it sits in (a branch sits in its Parallel).
    pub parent: Option<usize>,
    /// Which branch of the Parallel a `Branch` box holds (0 for the others).
    pub branch: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// Which transition of `from` this is (the diagram edits it when a state is dropped on it).
    pub kind: TransitionKind,
    pub label: Option<String>,
    pub points: Vec<(f64, f64)>,
    /// Where to put the label (its centre): a spot free of state boxes and other labels.
    pub label_at: (f64, f64),
    /// The label as drawn (cut when long; see [`label::shown`]).
    pub label_text: Option<String>,
    /// Its estimated drawn width.
    pub label_width: f64,
    /// A loop: drawn from the later state up to the earlier one.
    pub back_edge: bool,
    /// The container the edge runs in (`None`: the top level).
    pub container: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
    pub containers: Vec<ContainerBox>,
    /// Index of the `StartAt` state, if it exists.
    pub start: Option<usize>,
    pub width: f64,
    pub height: f64,
}

/// Estimated rendered width of a label: wide (CJK, emoji) characters count about double, so
/// non-ASCII names get neither clipped nor over-wide boxes.
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1FAFF
            | 0x20000..=0x3FFFD => 13.0,
            _ => 7.4,
        })
        .sum()
}

fn node_width(name: &str, type_name: &str) -> f64 {
    (text_width(name).max(text_width(type_name)) + 32.0).max(MIN_WIDTH)
}

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
                Operand::Path(p) => p.to_string(),
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
    let start = machine.start_at.as_ref().and_then(|s| machine.state_index(&s.value));
    let mut level = level(machine);
    if machine.states.is_empty() {
        return Layout::default();
    }
    level.shift(MARGIN, MARGIN + START_ROOM);
    let mut out = Layout {
        width: level.width + 2.0 * MARGIN,
        height: level.height + 2.0 * MARGIN + START_ROOM,
        nodes: level.nodes,
        edges: level.edges,
        containers: level.containers,
        start,
    };
    label::place(&mut out);
    out
}

impl Layout {
    /// Whether a node or box whose innermost container is `parent` lies inside container
    /// `container`, at any depth.
    pub fn is_within(&self, mut parent: Option<usize>, container: usize) -> bool {
        while let Some(k) = parent {
            if k == container {
                return true;
            }
            parent = self.containers.get(k).and_then(|c| c.parent);
        }
        false
    }

    /// Every Parallel branch's box: its index in `containers`, the box, and the name of the
    /// Parallel state it belongs to.
    pub fn parallel_branches(&self) -> impl Iterator<Item = (usize, &ContainerBox, &str)> {
        self.containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == ContainerKind::Branch)
            .filter_map(|(i, c)| Some((i, c, self.nodes.get(c.state)?.name.as_str())))
    }
}

/// One machine laid out at the origin, its own states first, with indices local to it.
struct Level {
    nodes: Vec<NodeBox>,
    edges: Vec<EdgePath>,
    containers: Vec<ContainerBox>,
    width: f64,
    height: f64,
}

impl Level {
    fn shift(&mut self, dx: f64, dy: f64) {
        for n in &mut self.nodes {
            n.x += dx;
            n.y += dy;
        }
        for c in &mut self.containers {
            c.x += dx;
            c.y += dy;
        }
        for e in &mut self.edges {
            for p in &mut e.points {
                p.0 += dx;
                p.1 += dy;
            }
            e.label_at.0 += dx;
            e.label_at.1 += dy;
        }
    }

    /// Moves `child` (laid out at the origin) to `(dx, dy)` inside container `within`.
    fn adopt(&mut self, mut child: Level, dx: f64, dy: f64, within: usize) {
        child.shift(dx, dy);
        let (node_base, box_base) = (self.nodes.len(), self.containers.len());
        let remap = |p: Option<usize>| Some(p.map_or(within, |p| p + box_base));
        for mut c in child.containers {
            c.state += node_base;
            c.parent = remap(c.parent);
            self.containers.push(c);
        }
        for mut n in child.nodes {
            n.parent = remap(n.parent);
            n.container = n.container.map(|c| c + box_base);
            self.nodes.push(n);
        }
        for mut e in child.edges {
            e.from += node_base;
            e.to += node_base;
            e.container = remap(e.container);
            self.edges.push(e);
        }
    }
}

/// A Parallel's branches or a Map's processor, laid out, with the container's size.
struct Inner {
    kind: ContainerKind,
    /// Each inner machine with its box (relative to the container's top-left).
    parts: Vec<(Level, f64, f64, f64, f64)>,
    width: f64,
    height: f64,
}

fn inner(state: &State, header_width: f64) -> Option<Inner> {
    let (kind, machines): (ContainerKind, Vec<&Machine>) = match &state.kind {
        StateKind::Parallel(p) => (ContainerKind::Parallel, p.branches.iter().collect()),
        StateKind::Map(m) => (ContainerKind::Map, m.processor.iter().collect()),
        _ => return None,
    };
    if machines.iter().all(|m| m.states.is_empty()) {
        return None;
    }
    let levels: Vec<Level> = machines.into_iter().map(level).collect();
    let top = NODE_HEIGHT + PAD;
    // Branch boxes have a title row and padding; a Map's processor sits directly in the box.
    let (side, head, foot) = if kind == ContainerKind::Parallel { (PAD, TITLE_ROOM, PAD) } else { (0.0, 0.0, 0.0) };
    let sizes: Vec<(f64, f64)> = levels.iter().map(|l| (l.width + 2.0 * side, l.height + head + foot)).collect();
    let row: f64 = sizes.iter().map(|s| s.0).sum::<f64>() + BRANCH_GAP * (sizes.len() - 1) as f64;
    let width = (row + 2.0 * PAD).max(header_width + 2.0 * PAD);
    let height = top + sizes.iter().map(|s| s.1).fold(0.0, f64::max) + PAD;
    let mut x = (width - row) / 2.0;
    let parts = levels
        .into_iter()
        .zip(sizes)
        .map(|(l, (w, h))| {
            let part = (l, x, top, w, h);
            x += w + BRANCH_GAP;
            part
        })
        .collect();
    Some(Inner { kind, parts, width, height })
}

fn transition_edges(machine: &Machine) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (i, state) in machine.states.iter().enumerate() {
        for t in state.transitions() {
            // Targets that do not exist are reported by the validator; nothing to draw.
            let Some(j) = machine.state_index(&t.target.value) else { continue };
            let (style, label) = match t.kind.clone() {
                TransitionKind::Next => (EdgeStyle::Next, None),
                TransitionKind::Default => (EdgeStyle::Default, Some("Default".to_string())),
                TransitionKind::Choice(k) => match &state.kind {
                    StateKind::Choice(c) => (EdgeStyle::Choice, c.choices.get(k).map(|r| rule_label(&r.condition))),
                    _ => (EdgeStyle::Choice, None),
                },
                TransitionKind::Catch(k) => {
                    (EdgeStyle::Catch, state.catch.get(k).map(|c| format!("Catch {}", c.error_equals.join(", "))))
                }
            };
            edges.push((i, j, style, t.kind, label));
        }
    }
    edges
}

fn level(machine: &Machine) -> Level {
    let n = machine.states.len();
    let header: Vec<f64> = machine.states.iter().map(|s| node_width(&s.name, s.kind.type_name())).collect();
    let inners: Vec<Option<Inner>> = machine.states.iter().zip(&header).map(|(s, &w)| inner(s, w)).collect();
    let sizes: Vec<(f64, f64)> = inners
        .iter()
        .zip(&header)
        .map(|(inner, &w)| inner.as_ref().map_or((w, NODE_HEIGHT), |i| (i.width, i.height)))
        .collect();
    let edges = transition_edges(machine);
    let pairs: Vec<(usize, usize)> = edges.iter().map(|e| (e.0, e.1)).collect();
    let start = machine.start_at.as_ref().and_then(|s| machine.state_index(&s.value));

    let acyclic = acyclic::find_back_edges(n, &pairs, start);
    let mut g = rank::layer(&sizes, &pairs, &acyclic.back, &acyclic.discovery);
    order::order(&mut g);
    let pos = position::assign(&g);
    // A node as wide as its header, or as its container when that is narrower.
    let port_span: Vec<f64> = (0..n).map(|v| header[v].min(sizes[v].0)).collect();
    let routes = route::route(&g, &pos, &pairs, &acyclic.back, &port_span);

    let mut out =
        Level { nodes: Vec::with_capacity(n), edges: Vec::new(), containers: Vec::new(), width: 0.0, height: 0.0 };
    let band_top: Vec<f64> = (0..n).map(|v| pos.band_top[g.layer_of[v]]).collect();
    out.place_nodes(machine, &pos.x, &band_top, &port_span);
    out.place_edges(edges, routes, acyclic.back);
    for (v, inner) in inners.into_iter().enumerate() {
        if let Some(inner) = inner {
            let x = pos.x[v] - inner.width / 2.0;
            out.place_container(machine, v, inner, x, band_top[v]);
        }
    }
    // Self-loops hook out to the right of their node.
    let hooks = if pairs.iter().any(|(a, b)| a == b) { 20.0 } else { 0.0 };
    out.width = pos.width + hooks;
    out.height = pos.height + END_ROOM;
    out
}

type Edge = (usize, usize, EdgeStyle, TransitionKind, Option<String>);

impl Level {
    /// One box per state, centred on `x`, at the top of its layer's band.
    fn place_nodes(&mut self, machine: &Machine, x: &[f64], band_top: &[f64], width: &[f64]) {
        for (v, s) in machine.states.iter().enumerate() {
            self.nodes.push(NodeBox {
                name: s.name.clone(),
                type_name: s.kind.type_name().to_string(),
                x: x[v] - width[v] / 2.0,
                y: band_top[v],
                width: width[v],
                height: NODE_HEIGHT,
                terminal: s.is_terminal(),
                parent: None,
                container: None,
            });
        }
    }

    fn place_edges(&mut self, edges: Vec<Edge>, routes: Vec<route::Route>, back: Vec<bool>) {
        for ((from, to, style, kind, label), (r, back)) in edges.into_iter().zip(routes.into_iter().zip(back)) {
            self.edges.push(EdgePath {
                from,
                to,
                style,
                kind,
                label,
                points: r.points,
                label_at: r.label_at,
                label_text: None,
                label_width: 0.0,
                back_edge: back || from == to,
                container: None,
            });
        }
    }

    /// State `v`'s container at (`x`, `y`), and its inner levels moved into it (a Parallel's
    /// each in a branch box of its own).
    fn place_container(&mut self, machine: &Machine, v: usize, inner: Inner, x: f64, y: f64) {
        let outer = self.containers.len();
        self.nodes[v].container = Some(outer);
        let name = &machine.states[v].name;
        self.containers.push(ContainerBox {
            kind: inner.kind,
            title: name.clone(),
            state: v,
            parent: None,
            branch: 0,
            x,
            y,
            width: inner.width,
            height: inner.height,
        });
        for (k, (lvl, bx, by, bw, bh)) in inner.parts.into_iter().enumerate() {
            let (within, dx, dy) = if inner.kind == ContainerKind::Parallel {
                let b = self.containers.len();
                self.containers.push(ContainerBox {
                    kind: ContainerKind::Branch,
                    title: format!("Branch {}", k + 1),
                    state: v,
                    parent: Some(outer),
                    branch: k,
                    x: x + bx,
                    y: y + by,
                    width: bw,
                    height: bh,
                });
                (b, x + bx + PAD, y + by + TITLE_ROOM)
            } else {
                (outer, x + bx, y + by)
            };
            self.adopt(lvl, dx, dy, within);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn poller_loop_is_a_back_edge_and_nothing_overlaps() {
        let text = include_str!("../../../../public/samples/poll-for-job-status.asl.json");
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
