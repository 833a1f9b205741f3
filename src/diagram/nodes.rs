//! The state boxes, keyed by state: an edit that changes one state's text redraws that node
//! only, and a layout that moves the others updates their coordinates, not their elements. A
//! node's identity is its name and type (what its text shows); where it is drawn is looked up
//! by that key in a map built once per layout.

use std::sync::Arc;

use asl_core::layout::Layout;
use asl_core::run::replay::StateStatus;
use leptos::prelude::*;

use crate::diagram::drawing::{bottom, node_label, parts_of, rename_soon, LayoutMemo, NodeKeys, NodeMarks, NodeState};
use crate::diagram::fanout::FanOut;
use crate::diagram::keyed::{keyed, part, Drawn};

/// Where a node is drawn, and whether an end marker hangs under it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Place {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    /// The bottom of what the node occupies (its container's, if it heads one).
    bottom: f64,
    terminal: bool,
}

/// A node as drawn: its name and type (its identity: what its text shows) and its place.
#[derive(Clone, Debug, Default, PartialEq)]
struct NodePart {
    name: String,
    type_name: String,
    place: Place,
}

fn node_parts(l: &Layout) -> Drawn<NodePart> {
    Drawn::new(l.nodes.iter().map(|n| {
        let place =
            Place { x: n.x, y: n.y, width: n.width, height: n.height, bottom: bottom(l, n), terminal: n.terminal };
        let identity = format!("{}\u{1f}{}", n.name, n.type_name);
        (identity, NodePart { name: n.name.clone(), type_name: n.type_name.clone(), place })
    }))
}

/// What a node reads of the run: its status, whether it is the playback's step, whether a run
/// is shown at all ([`crate::diagram::overlay::RunOverlay`]).
pub trait NodeOverlay: Copy + Send + Sync + 'static {
    fn status_of(&self, name: &str) -> Option<StateStatus>;
    fn is_current(&self, name: &str) -> bool;
    fn running(&self) -> bool;
}

pub fn nodes(
    layout: LayoutMemo,
    overlay: impl NodeOverlay,
    selected: RwSignal<Option<String>>,
    marks: Signal<NodeMarks>,
    keys: NodeKeys,
) -> impl IntoView {
    let parts = parts_of(layout, node_parts);
    // Each node reads its own key's answers: moving the selection, the Tab stop or the run's
    // step notifies the nodes it changes, not all of them.
    let ons = Ons {
        selected: FanOut::new(move || selected.track(), move |k| selected.with(|s| s.as_deref() == Some(k))),
        roving: FanOut::new(move || keys.roving.track(), move |k| keys.roving.with(|r| r.as_deref() == Some(k))),
        run: FanOut::new(
            move || {
                overlay.running();
                overlay.status_of("");
            },
            move |k| (overlay.status_of(k), overlay.is_current(k), overlay.running()),
        ),
    };
    keyed(parts, move |_, fixed, slot| {
        let place = part(&slot, |n| n.place);
        node(fixed.name, fixed.type_name, place, ons, selected, marks, keys).into_any()
    })
}

/// Per node: whether it is selected, whether it is the Tab stop, and what the run says of it
/// (its status, whether it is the playback's step, whether a run is shown at all).
#[derive(Clone, Copy)]
struct Ons {
    selected: FanOut<bool>,
    roving: FanOut<bool>,
    run: FanOut<(Option<StateStatus>, bool, bool)>,
}

/// A node's class: its type, status, and the marks on it.
fn class_of(base: &str, look: &Look) -> String {
    let mut c = base.to_string();
    match look.status {
        Some(s) => {
            c.push_str(" status-");
            c.push_str(s.as_str());
        }
        None if look.running => c.push_str(" unreached"),
        None => {}
    }
    let flags = [
        (look.current, " current"),
        (look.selected, " selected"),
        (look.mocked, " mocked"),
        (look.uncovered, " uncovered"),
        (look.breakpoint, " breakpoint"),
    ];
    for (on, flag) in flags {
        if on {
            c.push_str(flag);
        }
    }
    c
}

/// What a node shows of the run, the selection and the marks: one memo per node reads the
/// shared signals, and the node's attributes read it (a shared signal then has one subscriber
/// per node, not one per attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Look {
    status: Option<StateStatus>,
    running: bool,
    current: bool,
    selected: bool,
    mocked: bool,
    uncovered: bool,
    breakpoint: bool,
}

impl Look {
    fn state(&self) -> NodeState {
        NodeState {
            status: self.status,
            mocked: self.mocked,
            running: self.running,
            current: self.current,
            breakpoint: self.breakpoint,
        }
    }
}

/// One state's box: its text is fixed (it is the key), its place and overlay follow signals.
#[allow(clippy::too_many_arguments)]
fn node(
    name: String,
    type_name: String,
    place: Memo<Place>,
    ons: Ons,
    selected: RwSignal<Option<String>>,
    marks: Signal<NodeMarks>,
    keys: NodeKeys,
) -> impl IntoView {
    let name = Arc::<str>::from(name);
    let type_name = Arc::<str>::from(type_name);
    let base_class = format!("node type-{}", type_name.to_lowercase());
    let rx = if matches!(&*type_name.to_lowercase(), "choice" | "succeed" | "fail") { 22.0 } else { 8.0 };
    let look = {
        let name = name.clone();
        Memo::new(move |_| {
            let (mocked, uncovered, breakpoint) = marks
                .with(|m| (m.mocked.contains(&*name), m.uncovered.contains(&*name), m.breakpoints.contains(&*name)));
            let (status, current, running) = ons.run.get(&name);
            Look { status, running, current, selected: ons.selected.get(&name), mocked, uncovered, breakpoint }
        })
    };
    let is_roving = {
        let name = name.clone();
        Memo::new(move |_| ons.roving.get(&name))
    };
    // A node gone from the drawing is gone from the answers too.
    let gone = name.clone();
    on_cleanup(move || {
        ons.selected.remove(&gone);
        ons.roving.remove(&gone);
        ons.run.remove(&gone);
    });
    let class = move || look.with(|l| class_of(&base_class, l));
    let status_text = move || look.with(|l| l.status.map(|s| format!(" · {}", s.as_str())));
    // The state the playback cursor is in, for assistive technology and tests.
    let current = move || look.with(|l| l.current.then_some("step"));
    let tabindex = move || if is_roving.get() { "0" } else { "-1" };
    let (on_focus, on_key, on_click, on_dblclick) = (name.clone(), name.clone(), name.clone(), name.clone());
    let text_x = move || place.with(|p| p.x + p.width / 2.0 + 6.0);
    let label = {
        let (name, type_name) = (name.clone(), type_name.clone());
        move || look.with(|l| node_label(&type_name, &name, &l.state()))
    };
    let (badge, breakpoint) = (mock_badge(place, look), breakpoint_dot(place, look));
    view! {
        <g class=class data-state=name.to_string() aria-current=current role="button"
            aria-label=label tabindex=tabindex
            on:focus=move |_| keys.on_focus.run(on_focus.to_string())
            on:keydown=move |ev| keys.on_key.run((on_key.to_string(), ev))
            on:click=move |_| selected.set(Some(on_click.to_string()))
            on:dblclick=move |_| {
                selected.set(Some(on_dblclick.to_string()));
                rename_soon();
            }
        >
            <title>{format!("{name} ({type_name})")}</title>
            <rect class="box" x=move || place.get().x y=move || place.get().y width=move || place.get().width
                height=move || place.get().height rx=rx />
            <circle class="stripe" cx=move || place.get().x + 13.0 cy=move || place.with(|p| p.y + p.height / 2.0) r="5" />
            // The spaces between the texts keep the words apart in the node's text
            // content, which its accessible name must contain.
            <text class="name" x=text_x y=move || place.get().y + 19.0>{name.to_string()}</text>
            " "
            <text class="type" x=text_x y=move || place.get().y + 35.0>
                {type_name.to_string()}
                {status_text}
            </text>
            " "
            {badge}
            {breakpoint}
        </g>
        {end_marker(place)}
    }
}

/// "mock" in the corner of a state the active test case scripts.
fn mock_badge(place: Memo<Place>, look: Memo<Look>) -> impl IntoView {
    move || {
        look.with(|l| l.mocked).then(|| {
            let p = place.get();
            view! {
                <text class="mock-badge" x=p.x + p.width - 8.0 y=p.y + 13.0 text-anchor="end">
                    <title>"Scripted by the active test case"</title>
                    "mock"
                </text>
            }
        })
    }
}

/// The dot on the left edge of a state with a breakpoint.
fn breakpoint_dot(place: Memo<Place>, look: Memo<Look>) -> impl IntoView {
    move || {
        look.with(|l| l.breakpoint).then(|| {
            let p = place.get();
            view! {
                <circle class="breakpoint-dot" cx=p.x cy=p.y + p.height / 2.0 r="5">
                    <title>"Breakpoint: playing pauses on entering this state"</title>
                </circle>
            }
        })
    }
}

/// The end marker under a terminal state (or under the container it heads).
fn end_marker(place: Memo<Place>) -> impl IntoView {
    move || {
        let p = place.get();
        p.terminal.then(|| {
            let cx = p.x + p.width / 2.0;
            view! {
                <g class="marker end">
                    <line x1=cx y1=p.bottom x2=cx y2=p.bottom + 14.0 />
                    <circle cx=cx cy=p.bottom + 22.0 r="8" />
                </g>
            }
        })
    }
}
