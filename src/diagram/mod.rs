//! The diagram pane: the SVG of the core's layout (see [`crate::diagram::drawing`]) with the simulation
//! overlay, a toolbar (fit, zoom, centre on the selected state, export SVG/PNG), wheel zoom,
//! drag to pan, and keyboard shortcuts when focused (`f` fit, `+`/`-` zoom, `c` or Alt+C centre,
//! Delete, Ctrl+D duplicate). The states are in the Tab order as one stop (a roving tabindex:
//! the state last focused, else the selected one, else the start state); arrows move along the
//! edges ([`keys`]), Enter selects the state and moves the focus to the inspector.

pub mod drawing;
pub mod keyed;
pub mod keys;
pub mod nodes;
pub mod palette;
pub mod viewport;
pub mod visual;

use asl_core::run::iterations::{self, Iteration};
use asl_core::run::replay::Replayer;
use asl_core::run::replay::StateStatus;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{DiagramModel, Playback};
use crate::diagram::palette::{drop_highlight, Drag};
use crate::diagram::viewport::Viewport;
use crate::diagram::visual::VisualEdits;
use crate::documents::open::DocState;

const DIAGRAM_CSS: &str = include_str!("../../style/diagram.css");
const ZOOM_STEP: f64 = 1.25;

/// Focuses the node of the state `name` once it is drawn (it may be redrawn by an edit first),
/// trying for a few frames; `false` if it is not there.
fn focus_node_now(name: &str) -> bool {
    let Ok(list) = document().query_selector_all("#diagram g.node") else { return false };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok()) else { continue };
        if el.get_attribute("data-state").as_deref() == Some(name) {
            return el.focus().is_ok();
        }
    }
    false
}

fn focus_node_soon(name: String, tries: u32) {
    request_animation_frame(move || {
        if !focus_node_now(&name) && tries > 0 {
            focus_node_soon(name, tries - 1);
        }
    });
}

/// The size of the drawing area on screen, once it is laid out.
fn view_size() -> Option<(f64, f64)> {
    let el = web_sys::window()?.document()?.get_element_by_id("diagram")?;
    let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
    (w > 0.0 && h > 0.0).then_some((w, h))
}

#[component]
pub fn Diagram(
    diagram: ReadSignal<Option<DiagramModel>>,
    playback: RwSignal<Option<Playback>>,
    selected_state: RwSignal<Option<String>>,
    viewport: RwSignal<Viewport>,
    /// Base name of exported files.
    file_stem: Signal<String>,
    /// Delete (the Delete key) and undo/redo (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) while focused.
    edits: VisualEdits,
    doc: DocState,
    /// A palette entry being dragged: what dropping it here would do is highlighted.
    palette_drag: RwSignal<Option<Drag>>,
    /// Scripted and uncovered states.
    marks: Signal<drawing::NodeMarks>,
    /// A Map iteration picked in the history: the Map's states show that iteration's path.
    iteration: RwSignal<Option<Iteration>>,
) -> impl IntoView {
    // Replayed once per step, not once per node and per use.
    let snapshot = Memo::new(move |_| {
        let picked = iteration.get();
        playback.with(|p| {
            let p = p.as_ref()?;
            Some(match picked {
                Some(it) => {
                    let mut replayer = Replayer::default();
                    // A distributed Map's iteration ran as a child execution: its own history
                    // goes where the Map Run began, while the Map is still running.
                    let child = iterations::child_of(&p.run().map_runs, &it);
                    for e in iterations::seen_by(p.shown(), &it) {
                        replayer.apply(e);
                        let opens = e.event_type == asl_core::EventType::MapRunStarted
                            && e.state.as_deref() == Some(it.map_state.as_str());
                        if let Some(child) = child.filter(|_| opens) {
                            child.history.iter().for_each(|c| replayer.apply(c));
                        }
                    }
                    replayer.into_snapshot()
                }
                None => p.snapshot(),
            })
        })
    });
    // Each Map's counts at the current position (AWS's Map Run view).
    let progress = Memo::new(move |_| {
        playback.with(|p| p.as_ref().map(|p| iterations::progress_with_children(p.shown(), &p.run().map_runs)))
    });
    let counts_of = move |map: &str| progress.with(|m| m.as_ref().and_then(|m| m.get(map)).map(|p| p.counts()));
    // A Parallel branch's status at the current position (the layout says which states are its).
    let branch_of = move |l: std::sync::Arc<asl_core::layout::Layout>| {
        move |c: usize| snapshot.with(|s| s.as_ref().map(|s| asl_core::run::replay::branch_status(&l, c, s)))
    };
    let status_of = move |name: &str| -> Option<StateStatus> {
        snapshot.with(|s| s.as_ref().and_then(|s| s.statuses.get(name).copied()))
    };
    let is_current = move |name: &str| -> bool {
        snapshot.with(|s| s.as_ref().is_some_and(|s| s.current.iter().any(|c| c == name)))
    };
    let running = move || playback.with(Option::is_some);
    // The drawing depends on the layout alone: the text turning invalid (stale) or valid again
    // with the same layout toggles a class and a banner, and redraws nothing.
    let layout = Memo::new(move |_| diagram.with(|d| d.as_ref().map(|d| d.layout.clone())));

    // Fits the drawing to the view (a no-op when it already is).
    let fit = move || {
        let (Some(l), Some((vw, vh))) = (layout.get_untracked(), view_size()) else { return };
        let next = Viewport::fit(l.width, l.height, vw, vh);
        if viewport.get_untracked() != next {
            viewport.set(next);
        }
    };
    // Follow the drawing (a new sample, an edit) until the user zooms or pans. Reading the
    // element's size is the outside world, hence an effect.
    Effect::new(move |_| {
        layout.track();
        if viewport.with(|v| v.auto_fit) {
            fit();
        }
    });
    // A resized window refits a diagram that still follows the drawing.
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if viewport.with_untracked(|v| v.auto_fit) {
            fit();
        }
    });
    on_cleanup(move || resize.remove());
    let zoom = move |factor: f64| {
        if let Some((vw, vh)) = view_size() {
            viewport.update(|v| *v = v.zoom_at(factor, vw / 2.0, vh / 2.0));
        }
    };
    // Centres the view on the selected state; `if_hidden`: only when it is out of view.
    // Centres the view on a state; `if_hidden`: only when it is out of view.
    let centre_on = move |name: &str, if_hidden: bool| {
        let (Some(l), Some((vw, vh))) = (layout.get_untracked(), view_size()) else { return };
        let Some(n) = l.nodes.iter().find(|n| n.name == *name) else { return };
        let v = viewport.get_untracked();
        if !if_hidden || !v.shows((n.x, n.y, n.width, n.height), vw, vh) {
            viewport.set(v.centre_on(n.center_x(), n.y + n.height / 2.0, vw, vh));
        }
    };
    let centre = move |if_hidden: bool| {
        if let Some(name) = selected_state.get_untracked() {
            centre_on(&name, if_hidden);
        }
    };
    // A state selected elsewhere (the caret in the editor, the inspector) that is out of view
    // is brought into view; one already visible does not move the drawing, and while the view
    // follows the drawing the fit shows every state already.
    Effect::new(move |_| {
        selected_state.track();
        if !viewport.with_untracked(|v| v.auto_fit) {
            centre(true);
        }
    });
    // Exports are light unless the dark one is asked for.
    let export_dark = RwSignal::new(false);
    let export = move |png: bool| {
        let Some(model) = diagram.get_untracked() else { return };
        let (w, h) = (model.layout.width, model.layout.height);
        let stem = file_stem.get_untracked();
        let dark = export_dark.get_untracked();
        let result = crate::download::diagram_svg(w, h, dark).and_then(|svg| {
            if png {
                crate::download::download_png(&format!("{stem}.png"), &svg, w, h, dark)
            } else {
                crate::download::download_typed(&format!("{stem}.svg"), &svg, "image/svg+xml")
            }
        });
        if let Err(e) = result {
            web_sys::console::error_1(&e.into());
        }
    };

    // The state the keyboard is on: the focused node's, else the selected one. A key on a node
    // acts on that node (selecting it first).
    let focus_node: RwSignal<Option<String>> = RwSignal::new(None);
    let came_from: StoredValue<Option<String>> = StoredValue::new(None);
    let node_focused = StoredValue::new(false);
    let roving = Memo::new(move |_| {
        let l = layout.get()?;
        let has = |name: &Option<String>| name.as_ref().filter(|n| l.nodes.iter().any(|b| b.name == **n)).cloned();
        has(&focus_node.get())
            .or_else(|| has(&selected_state.get()))
            .or_else(|| l.start.or((!l.nodes.is_empty()).then_some(0)).map(|i| l.nodes[i].name.clone()))
    });
    let target_state = move || {
        if node_focused.get_value() {
            if let Some(name) = focus_node.get_untracked() {
                if selected_state.get_untracked().as_deref() != Some(name.as_str()) {
                    selected_state.set(Some(name));
                }
            }
        }
        selected_state.get_untracked()
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.tag_name() != "DIV")) {
            return; // a button of the toolbar
        }
        node_focused.set_value(ev.target().is_some_and(|t| t.dyn_ref::<web_sys::SvgElement>().is_some()));
        let handled = match ev.key().as_str() {
            "d" | "D" if ctrl && !ev.shift_key() && !ev.alt_key() => {
                if let Some(name) = target_state() {
                    if let Some(copy) = edits.duplicate(&name) {
                        focus_node.set(Some(copy.clone()));
                        focus_node_soon(copy, 5);
                    }
                }
                true
            }
            // Alt+C (by the key's place: on a Mac, Alt+C types "ç").
            _ if ev.alt_key() && !ctrl && ev.code() == "KeyC" => {
                if let Some(name) = target_state() {
                    centre_on(&name, false);
                }
                true
            }
            "z" | "Z" if ctrl => {
                if ev.shift_key() {
                    doc.redo()
                } else {
                    doc.undo()
                };
                true
            }
            "y" | "Y" if ctrl => {
                doc.redo();
                true
            }
            "Delete" | "Backspace" => {
                if let Some(name) = target_state() {
                    let on_node = node_focused.get_value();
                    edits.delete(&name, None);
                    // The focus stays in the diagram: on the state that takes the Tab stop.
                    if on_node && edits.pending_delete.with_untracked(Option::is_none) {
                        request_animation_frame(move || {
                            if let Some(next) = roving.get_untracked() {
                                focus_node_soon(next, 5);
                            }
                        });
                    }
                }
                true
            }
            _ if ctrl || ev.alt_key() => false,
            "f" | "F" => {
                fit();
                true
            }
            "+" | "=" => {
                zoom(ZOOM_STEP);
                true
            }
            "-" | "_" => {
                zoom(1.0 / ZOOM_STEP);
                true
            }
            "c" | "C" => {
                match target_state() {
                    Some(name) => centre_on(&name, false),
                    None => centre(false),
                }
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    // Keys on a focused node: move along the edges, Enter opens the state in the inspector,
    // Space selects it. The rest (Delete, Ctrl+D...) bubble to the pane's handler.
    let node_keys = drawing::NodeKeys {
        roving,
        on_focus: Callback::new(move |name: String| {
            if focus_node.get_untracked().as_deref() != Some(name.as_str()) {
                focus_node.set(Some(name.clone()));
            }
            centre_on(&name, true);
        }),
        on_key: Callback::new(move |(name, ev): (String, web_sys::KeyboardEvent)| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let key = ev.key();
            match key.as_str() {
                "Enter" => {
                    ev.prevent_default();
                    selected_state.set(Some(name));
                    crate::a11y::focus_soon("inspector-name");
                }
                " " => {
                    ev.prevent_default();
                    selected_state.set(Some(name));
                }
                _ => {
                    let Some(l) = layout.get_untracked() else { return };
                    let before = came_from.get_value();
                    let Some(next) = keys::target(&l, &name, &key, before.as_deref()) else {
                        if key.starts_with("Arrow") || key == "Home" {
                            ev.prevent_default(); // nowhere to go: not the playback's step either
                        }
                        return;
                    };
                    ev.prevent_default();
                    came_from.set_value(Some(name));
                    focus_node.set(Some(next.clone()));
                    focus_node_now(&next);
                }
            }
        }),
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(target) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let r = target.get_bounding_client_rect();
        let (px, py) = (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top());
        let factor = (-ev.delta_y() * 0.0015).exp();
        viewport.update(|v| *v = v.zoom_at(factor, px, py));
    };
    // The last pointer position while dragging (gesture state, local to the view).
    let drag: RwSignal<Option<(i32, i32)>> = RwSignal::new(None);
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() == 0 {
            drag.set(Some((ev.client_x(), ev.client_y())));
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((x, y)) = drag.get_untracked() else { return };
        let (dx, dy) = (ev.client_x() - x, ev.client_y() - y);
        if dx != 0 || dy != 0 {
            viewport.update(|v| *v = v.pan(f64::from(dx), f64::from(dy)));
            drag.set(Some((ev.client_x(), ev.client_y())));
        }
    };
    let on_up = move |_: web_sys::PointerEvent| drag.set(None);

    let stale = Memo::new(move |_| diagram.with(|d| d.as_ref().is_some_and(|d| d.stale)));
    let shown = Memo::new(move |_| layout.with(Option::is_some));
    let size = move || layout.with(|l| l.as_ref().map_or((0.0, 0.0), |l| (l.width, l.height)));
    // Keyed parts: a layout change updates what changed, it does not rebuild the drawing.
    let overlay = nodes::Overlay { status_of, is_current, running };
    let drawing = move || {
        view! {
            <g class="containers">{drawing::containers(layout)}</g>
            <g class="map-counts">{move || layout.get().map(|l| drawing::map_counts(&l, counts_of))}</g>
            <g class="branch-statuses">{move || layout.get().map(|l| drawing::branch_statuses(&l, branch_of(l.clone())))}</g>
            {drawing::start_marker(layout)}
            <g class="edges">{drawing::edges(layout)}</g>
            <g class="nodes">{nodes::nodes(layout, overlay, selected_state, marks, node_keys)}</g>
        }
    };
    let view_or_empty = move || {
        if !shown.get() {
            return view! { <div class="diagram-empty">"Fix the definition to see its diagram."</div> }.into_any();
        }
        view! {
            <Show when=move || stale.get()>
                <div class="stale-banner" id="stale-banner">
                    "The definition has errors: showing the last valid diagram."
                </div>
            </Show>
            <div
                class="diagram-view"
                class:panning=move || drag.with(Option::is_some)
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=on_up
            >
                <svg id="diagram" role="group" aria-label="Diagram: Tab reaches the states, arrows follow the transitions" class:stale=move || stale.get() xmlns="http://www.w3.org/2000/svg" data-width=move || size().0 data-height=move || size().1>
                    <style>{DIAGRAM_CSS}</style>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    <g id="viewport" transform=move || viewport.get().transform()>
                        {drawing}
                        <g class="drop-layer">{move || layout.get().and_then(|l| drop_highlight(&l, palette_drag.get()))}</g>
                    </g>
                </svg>
            </div>
        }
        .into_any()
    };

    view! {
        <div class="diagram-wrap" tabindex="0" aria-label="Diagram pane" on:keydown=on_key>
            <div class="diagram-tools">
                <button id="diagram-fit" title="Fit to screen (f)" on:click=move |_| fit()>"Fit"</button>
                <button id="zoom-in" title="Zoom in (+)" on:click=move |_| zoom(ZOOM_STEP)>"+"</button>
                <button id="zoom-out" title="Zoom out (-)" on:click=move |_| zoom(1.0 / ZOOM_STEP)>"−"</button>
                <button id="diagram-centre" title="Centre on the selected state (c, Alt+C)" on:click=move |_| centre(false)>"Centre"</button>
                <button id="export-svg" on:click=move |_| export(false)>"Export SVG"</button>
                <button id="export-png" on:click=move |_| export(true)>"Export PNG"</button>
                <label class="export-theme" title="Exports are in the light theme unless this is checked">
                    <input type="checkbox" id="export-dark" prop:checked=move || export_dark.get()
                        on:change=move |ev| export_dark.set(event_target_checked(&ev)) />
                    "dark export"
                </label>
            </div>
            {view_or_empty}
            <Legend />
        </div>
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend">
            <li><span class="swatch status-in-progress"></span>"In progress"</li>
            <li><span class="swatch status-succeeded"></span>"Succeeded"</li>
            <li><span class="swatch status-failed"></span>"Failed"</li>
            <li><span class="swatch status-caught"></span>"Caught"</li>
            <li><span class="swatch unreached"></span>"Not reached"</li>
            <li><span class="swatch selected"></span>"Selected"</li>
            <li><span class="swatch catch-edge"></span>"Catch"</li>
            <li><span class="swatch default-edge"></span>"Default"</li>
            <li><span class="swatch loop-edge"></span>"Loop"</li>
        </ul>
    }
}
