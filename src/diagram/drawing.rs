//! The SVG elements of one layout: containers, edges with labels, state boxes, start and end
//! markers. Pure rendering; the status overlay comes in as closures.

use asl_core::run::iterations::MapCounts;
use std::sync::Arc;

use asl_core::layout::{ContainerKind, EdgeStyle, Layout, NodeBox};
use asl_core::run::replay::{BranchStatus, StateStatus};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

pub fn containers(l: &Layout) -> impl IntoView {
    l.containers
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ContainerKind::Parallel => "parallel",
                ContainerKind::Branch => "branch",
                ContainerKind::Map => "map",
            };
            // Parallel and Map boxes show their name in the header state; branches get a title.
            let title = (c.kind == ContainerKind::Branch).then(|| {
                view! { <text x=c.x + 8.0 y=c.y + 14.0>{c.title.clone()}</text> }
            });
            view! {
                <g class=format!("container kind-{kind}") data-container=c.title.clone()>
                    <rect x=c.x y=c.y width=c.width height=c.height rx="10" />
                    {title}
                </g>
            }
        })
        .collect_view()
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
    l.containers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ContainerKind::Branch)
        .filter_map(|(i, c)| {
            let parallel = l.nodes.get(c.state)?.name.clone();
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
            Some(label)
        })
        .collect_view()
}

pub fn edges(l: &Layout) -> impl IntoView {
    l.edges
        .iter()
        .map(|e| {
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
            // Long rules are cut in the drawing (the layout says how); the tooltip has them whole.
            let label = e.label.clone().zip(e.label_text.clone()).map(|(text, shown)| {
                view! {
                    <text class="edge-label" x=e.label_at.0 y=e.label_at.1 + 4.0>
                        {shown}
                    </text>
                    <title>{text}</title>
                }
            });
            view! {
                <g class=class data-from=l.nodes[e.from].name.clone() data-to=l.nodes[e.to].name.clone()>
                    <polyline points=points_attr(&e.points) marker-end="url(#arrow)" />
                    {label}
                </g>
            }
        })
        .collect_view()
}

pub fn start_marker(l: &Layout) -> impl IntoView {
    l.start.and_then(|i| l.nodes.get(i)).map(|n| {
        let (cx, top) = (n.center_x(), n.y);
        view! {
            <g class="marker start">
                <circle cx=cx cy=top - 28.0 r="9" />
                <line x1=cx y1=top - 19.0 x2=cx y2=top - 2.0 marker-end="url(#arrow)" />
            </g>
        }
    })
}

/// A double-click renames: the inspector's name field, once drawn for the state, gets the keyboard.
fn rename_soon() {
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
fn bottom(l: &Layout, n: &NodeBox) -> f64 {
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

#[allow(clippy::too_many_arguments)]
pub fn nodes<S, C, P>(
    l: Arc<Layout>,
    status_of: S,
    is_current: C,
    running: P,
    selected: RwSignal<Option<String>>,
    marks: Signal<NodeMarks>,
    keys: NodeKeys,
) -> impl IntoView
where
    S: Fn(&str) -> Option<StateStatus> + Copy + Send + Sync + 'static,
    C: Fn(&str) -> bool + Copy + Send + Sync + 'static,
    P: Fn() -> bool + Copy + Send + Sync + 'static,
{
    l.nodes
        .iter()
        .map(|n| {
            let name = n.name.clone();
            let (n_right, n_top) = (n.x + n.width, n.y);
            let (name_a, name_b, name_c, name_d) = (name.clone(), name.clone(), name.clone(), name.clone());
            let type_class = n.type_name.to_lowercase();
            let base_class = format!("node type-{type_class}");
            let class = move || {
                let mut c = base_class.clone();
                match status_of(&name_a) {
                    Some(s) => {
                        c.push_str(" status-");
                        c.push_str(s.as_str());
                    }
                    None if running() => c.push_str(" unreached"),
                    None => {}
                }
                if is_current(&name_a) {
                    c.push_str(" current");
                }
                if selected.get().as_deref() == Some(name_a.as_str()) {
                    c.push_str(" selected");
                }
                marks.with(|m| {
                    if m.mocked.contains(&name_a) {
                        c.push_str(" mocked");
                    }
                    if m.uncovered.contains(&name_a) {
                        c.push_str(" uncovered");
                    }
                    if m.breakpoints.contains(&name_a) {
                        c.push_str(" breakpoint");
                    }
                });
                c
            };
            let name_m = name.clone();
            let badge = move || {
                marks.with(|m| m.mocked.contains(&name_m)).then(|| {
                    view! {
                        <text class="mock-badge" x=n_right - 8.0 y=n_top + 13.0 text-anchor="end">
                            <title>"Scripted by the active test case"</title>
                            "mock"
                        </text>
                    }
                })
            };
            let name_p = name.clone();
            let (n_left, n_mid) = (n.x, n.y + n.height / 2.0);
            let breakpoint = move || {
                marks.with(|m| m.breakpoints.contains(&name_p)).then(|| {
                    view! {
                        <circle class="breakpoint-dot" cx=n_left cy=n_mid r="5">
                            <title>"Breakpoint: playing pauses on entering this state"</title>
                        </circle>
                    }
                })
            };
            let rx = if matches!(type_class.as_str(), "choice" | "succeed" | "fail") { 22.0 } else { 8.0 };
            let end_marker = n.terminal.then(|| {
                let (cx, bottom) = (n.center_x(), bottom(&l, n));
                view! {
                    <g class="marker end">
                        <line x1=cx y1=bottom x2=cx y2=bottom + 14.0 />
                        <circle cx=cx cy=bottom + 22.0 r="8" />
                    </g>
                }
            });
            let status_text = move || status_of(&name_d).map(|s| s.as_str());
            let name_k = name.clone();
            // The state the playback cursor is in, for assistive technology and tests.
            let current = move || is_current(&name_k).then_some("step");
            let text_x = n.center_x() + 6.0;
            let (name_l, name_t, name_f, name_kd) = (name.clone(), name.clone(), name.clone(), name.clone());
            let type_name = n.type_name.clone();
            let label = move || {
                let (mocked, breakpoint) =
                    marks.with(|m| (m.mocked.contains(&name_l), m.breakpoints.contains(&name_l)));
                let state = NodeState {
                    status: status_of(&name_l),
                    mocked,
                    running: running(),
                    current: is_current(&name_l),
                    breakpoint,
                };
                node_label(&type_name, &name_l, &state)
            };
            let tabindex = move || if keys.roving.with(|r| r.as_deref() == Some(name_t.as_str())) { "0" } else { "-1" };
            view! {
                <g class=class data-state=name.clone() aria-current=current role="button" aria-label=label tabindex=tabindex
                    on:focus=move |_| keys.on_focus.run(name_f.clone())
                    on:keydown=move |ev| keys.on_key.run((name_kd.clone(), ev))
                    on:click=move |_| selected.set(Some(name_b.clone()))
                    on:dblclick=move |_| {
                        selected.set(Some(name_c.clone()));
                        rename_soon();
                    }
                >
                    <title>{format!("{} ({})", name, n.type_name)}</title>
                    <rect class="box" x=n.x y=n.y width=n.width height=n.height rx=rx />
                    <circle class="stripe" cx=n.x + 13.0 cy=n.y + n.height / 2.0 r="5" />
                    // The spaces between the texts keep the words apart in the node's text
                    // content, which its accessible name must contain.
                    <text class="name" x=text_x y=n.y + 19.0>{name.clone()}</text>
                    " "
                    <text class="type" x=text_x y=n.y + 35.0>
                        {n.type_name.clone()}
                        {move || status_text().map(|s| format!(" · {s}"))}
                    </text>
                    " "
                    {badge}
                    {breakpoint}
                </g>
                {end_marker}
            }
        })
        .collect_view()
}
