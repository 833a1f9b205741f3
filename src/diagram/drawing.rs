//! The SVG elements of one layout: containers, edges with labels, state boxes, start and end
//! markers. Pure rendering; the status overlay comes in as closures.

use std::sync::Arc;

use asl_core::layout::{ContainerKind, EdgeStyle, Layout, NodeBox};
use asl_core::run::iterations::MapCounts;
use asl_core::run::replay::{BranchStatus, StateStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::diagram::keyed::{keyed, part, Drawn, Parts};

fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

/// The drawn layout, shared by the keyed parts of the drawing.
pub type LayoutMemo = Memo<Option<Arc<Layout>>>;

/// The parts of each layout that `of` lists, as a memo.
pub fn parts_of<E: PartialEq + Send + Sync + 'static>(layout: LayoutMemo, of: fn(&Layout) -> Drawn<E>) -> Parts<E> {
    Memo::new(move |_| layout.with(|l| Arc::new(l.as_deref().map(of).unwrap_or_default())))
}

/// A container as drawn: its class and title (its identity) and its box.
#[derive(Clone, Debug, Default, PartialEq)]
struct ContainerPart {
    class: &'static str,
    /// A branch's title is drawn; a Parallel or Map shows its name in its header state.
    title: Option<String>,
    name: String,
    at: (f64, f64, f64, f64),
}

fn container_parts(l: &Layout) -> Drawn<ContainerPart> {
    Drawn::new(l.containers.iter().map(|c| {
        let class = match c.kind {
            ContainerKind::Parallel => "container kind-parallel",
            ContainerKind::Branch => "container kind-branch",
            ContainerKind::Map => "container kind-map",
        };
        let state = l.nodes.get(c.state).map_or("", |n| n.name.as_str());
        let identity = format!("{class}\u{1f}{}\u{1f}{state}\u{1f}{}", c.title, c.branch);
        let title = (c.kind == ContainerKind::Branch).then(|| c.title.clone());
        (identity, ContainerPart { class, title, name: c.title.clone(), at: (c.x, c.y, c.width, c.height) })
    }))
}

/// Container boxes, keyed: a layout that moves or resizes one updates its attributes only.
pub fn containers(layout: LayoutMemo) -> impl IntoView {
    let parts = parts_of(layout, container_parts);
    keyed(parts, move |_, fixed, slot| {
        let at = part(&slot, |c| c.at);
        let heading = fixed.title.map(|title| {
            view! { <text x=move || at.get().0 + 8.0 y=move || at.get().1 + 14.0>{title}</text> }
        });
        view! {
            <g class=fixed.class data-container=fixed.name>
                <rect x=move || at.get().0 y=move || at.get().1 width=move || at.get().2 height=move || at.get().3 rx="10" />
                {heading}
            </g>
        }
        .into_any()
    })
}

/// A Map container's counts for the current position, at its top right: succeeded, failed and,
/// while it runs, running and pending (AWS's Map Run view).
pub fn map_counts<F>(l: &Layout, counts_of: F) -> impl IntoView
where
    F: Fn(&str) -> Option<MapCounts> + Copy + Send + Sync + 'static,
{
    l.containers
        .iter()
        .filter(|c| c.kind == ContainerKind::Map)
        .filter_map(|c| {
            let map = l.nodes.get(c.state)?.name.clone();
            let (x, y) = (c.x + c.width - 8.0, c.y + c.height - 8.0);
            let label = move || {
                counts_of(&map).map(|n| {
                    let mut parts = vec![format!("{} ✓", n.succeeded), format!("{} ✗", n.failed)];
                    if n.running > 0 {
                        parts.push(format!("{} running", n.running));
                    }
                    if n.pending > 0 {
                        parts.push(format!("{} pending", n.pending));
                    }
                    if n.aborted > 0 {
                        parts.push(format!("{} aborted", n.aborted));
                    }
                    // The figure a ToleratedFailurePercentage is compared with.
                    let ended = n.succeeded + n.failed + n.aborted;
                    if n.failed > 0 && ended > 0 {
                        parts.push(format!("{:.0}% failed", 100.0 * n.failed as f64 / (ended + n.running + n.pending) as f64));
                    }
                    view! {
                        <text class="map-count" x=x y=y text-anchor="end" data-map=map.clone()
                            data-succeeded=n.succeeded data-failed=n.failed data-running=n.running data-pending=n.pending>
                            <title>"Iterations succeeded, failed, running and pending at this point of the run"</title>
                            {parts.join(" · ")}
                        </text>
                    }
                })
            };
            Some(label)
        })
        .collect_view()
}

/// Each Parallel branch's status for the current position, at its box's top right.
pub fn branch_statuses<F>(l: &Layout, status_of: F) -> impl IntoView
where
    F: Fn(usize) -> Option<BranchStatus> + Clone + Send + Sync + 'static,
{
    l.parallel_branches()
        .map(|(i, c, parallel)| {
            let key = format!("{parallel}:{}", c.branch);
            let (x, y) = (c.x + c.width - 8.0, c.y + 14.0);
            let status_of = status_of.clone();
            let label = move || {
                status_of(i).map(|st| {
                    let text = match st {
                        BranchStatus::Succeeded => "✓ succeeded",
                        BranchStatus::Failed => "✗ failed",
                        BranchStatus::Running => "running",
                        BranchStatus::Pending => "pending",
                        BranchStatus::Aborted => "aborted",
                    };
                    view! {
                        <text class=format!("branch-status status-{}", st.as_str()) x=x y=y text-anchor="end"
                            data-branch=key.clone() data-status=st.as_str()>
                            {text}
                        </text>
                    }
                })
            };
            label
        })
        .collect_view()
}

/// An edge as drawn: its ends, class and label (its identity) and its route.
#[derive(Clone, Debug, Default, PartialEq)]
struct EdgePart {
    from: String,
    to: String,
    class: String,
    /// The label as drawn (cut when long) and whole (the tooltip).
    label: Option<(String, String)>,
    points: String,
    label_at: (f64, f64),
}

fn edge_parts(l: &Layout) -> Drawn<EdgePart> {
    Drawn::new(l.edges.iter().map(|e| {
        let name = |i: usize| l.nodes.get(i).map(|n| n.name.clone()).unwrap_or_default();
        let mut class = match e.style {
            EdgeStyle::Next => "edge next",
            EdgeStyle::Choice => "edge choice",
            EdgeStyle::Default => "edge default",
            EdgeStyle::Catch => "edge catch",
        }
        .to_string();
        if e.back_edge {
            class.push_str(" back");
        }
        let label = e.label_text.clone().zip(e.label.clone());
        let part = EdgePart {
            from: name(e.from),
            to: name(e.to),
            class,
            label,
            points: points_attr(&e.points),
            label_at: e.label_at,
        };
        let identity = format!("{}\u{1f}{}\u{1f}{}\u{1f}{:?}", part.from, part.to, part.class, part.label);
        (identity, part)
    }))
}

/// Edges, keyed: a layout that reroutes one updates its points only.
pub fn edges(layout: LayoutMemo) -> impl IntoView {
    let parts = parts_of(layout, edge_parts);
    keyed(parts, move |_, fixed, slot| {
        let points = part(&slot, |e| e.points.clone());
        let at = part(&slot, |e| e.label_at);
        // Long rules are cut in the drawing (the layout says how); the tooltip has them whole.
        let label = fixed.label.map(|(shown, text)| {
            view! {
                <text class="edge-label" x=move || at.get().0 y=move || at.get().1 + 4.0>
                    {shown}
                </text>
                <title>{text}</title>
            }
        });
        view! {
            <g class=fixed.class data-from=fixed.from data-to=fixed.to>
                <polyline points=move || points.get() marker-end="url(#arrow)" />
                {label}
            </g>
        }
        .into_any()
    })
}

pub fn start_marker(layout: LayoutMemo) -> impl IntoView {
    let at = Memo::new(move |_| {
        layout.with(|l| {
            let l = l.as_ref()?;
            l.start.and_then(|i| l.nodes.get(i)).map(|n| (n.center_x(), n.y))
        })
    });
    move || {
        at.get().map(|(cx, top)| {
            view! {
                <g class="marker start">
                    <circle cx=cx cy=top - 28.0 r="9" />
                    <line x1=cx y1=top - 19.0 x2=cx y2=top - 2.0 marker-end="url(#arrow)" />
                </g>
            }
        })
    }
}

/// A double-click renames: the inspector's name field, once drawn for the state, gets the keyboard.
pub(crate) fn rename_soon() {
    request_animation_frame(|| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("inspector-name"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
            field.select();
        }
    });
}

/// The bottom of what a node occupies: its container's, if it heads one.
pub(crate) fn bottom(l: &Layout, n: &NodeBox) -> f64 {
    match n.container.and_then(|c| l.containers.get(c)) {
        Some(c) => c.y + c.height,
        None => n.y + n.height,
    }
}

/// Per-state marks from the test cases: scripted by the active case (a badge), and not
/// exercised by any case in the last "Run all" (coverage).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeMarks {
    pub mocked: std::collections::BTreeSet<String>,
    pub uncovered: std::collections::BTreeSet<String>,
    pub breakpoints: std::collections::BTreeSet<String>,
}

/// What the keyboard needs of the nodes: the one that is in the Tab order (roving tabindex),
/// and what a node's focus and keys do.
#[derive(Clone, Copy)]
pub struct NodeKeys {
    pub roving: Memo<Option<String>>,
    pub on_focus: Callback<String>,
    pub on_key: Callback<(String, web_sys::KeyboardEvent)>,
}

/// What a node shows, for its accessible name.
pub struct NodeState {
    pub status: Option<StateStatus>,
    pub mocked: bool,
    pub running: bool,
    pub current: bool,
    pub breakpoint: bool,
}

/// A node's accessible name: "Submit Batch Job, Task, succeeded, mock, current step". Its
/// visible text comes first and in the drawing's order (name, type, status, badge), as assistive
/// technology and speech input expect of a name; then what only colour shows.
pub fn node_label(type_name: &str, name: &str, s: &NodeState) -> String {
    let mut parts = vec![name.to_string(), type_name.to_string()];
    if let Some(status) = s.status {
        parts.push(status.as_str().to_string());
    }
    if s.mocked {
        parts.push("mock".into());
    }
    if s.status.is_none() && s.running {
        parts.push("not reached".into());
    }
    if s.current {
        parts.push("current step".into());
    }
    if s.breakpoint {
        parts.push("breakpoint".into());
    }
    parts.join(", ")
}
