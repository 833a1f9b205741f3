//! The diagram pane: the SVG of the core's layout (see [`crate::diagram::drawing`]) with the simulation
//! overlay ([`overlay`]), a toolbar (fit, zoom, centre on the selected state, export SVG/PNG), wheel zoom,
//! drag to pan ([`camera`]), and keyboard shortcuts when focused (`f` fit, `+`/`-` zoom, `c` or Alt+C centre,
//! Delete, Ctrl+D duplicate). The states are in the Tab order as one stop (a roving tabindex:
//! the state last focused, else the selected one, else the start state); arrows move along the
//! edges ([`keys`], [`focus`]), Enter selects the state and moves the focus to the inspector.

pub mod camera;
pub mod drawing;
pub mod fanout;
pub mod focus;
pub mod keyed;
pub mod keys;
pub mod nodes;
pub mod overlay;
pub mod palette;
pub mod viewport;
pub mod visual;

use asl_core::run::iterations::Iteration;
use leptos::prelude::*;

use crate::app::{DiagramModel, Playback};
use crate::diagram::camera::{Camera, PanZoom, ZOOM_STEP};
use crate::diagram::drawing::LayoutMemo;
use crate::diagram::focus::Focus;
use crate::diagram::overlay::RunOverlay;
use crate::diagram::palette::{drop_highlight, Drag};
use crate::diagram::viewport::Viewport;
use crate::diagram::visual::VisualEdits;
use crate::documents::open::DocState;

const DIAGRAM_CSS: &str = include_str!("../../style/diagram.css");

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
    // The drawing depends on the layout alone: the text turning invalid (stale) or valid again
    // with the same layout toggles a class and a banner, and redraws nothing.
    let layout = Memo::new(move |_| diagram.with(|d| d.as_ref().map(|d| d.layout.clone())));
    let camera = Camera { layout, viewport };
    camera.follow(selected_state);
    let focus = Focus::new(camera, selected_state);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if focus.on_pane_key(&ev, edits, doc) {
            ev.prevent_default();
        }
    };
    let stale = Memo::new(move |_| diagram.with(|d| d.as_ref().is_some_and(|d| d.stale)));
    let shown = Memo::new(move |_| layout.with(Option::is_some));
    let run = RunOverlay::new(playback, iteration);
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
            <PanZoom viewport>
                <DiagramSvg layout viewport stale palette_drag>
                    <Drawing layout run selected_state marks focus />
                </DiagramSvg>
            </PanZoom>
        }
        .into_any()
    };

    view! {
        <div class="diagram-wrap" tabindex="0" aria-label="Diagram pane" on:keydown=on_key>
            <Toolbar camera selected_state diagram file_stem />
            {view_or_empty}
            <Legend />
        </div>
    }
}

/// The `svg` element: its styles and arrow marker, the view's transform, the palette's drop
/// highlight over the drawing.
#[component]
fn DiagramSvg(
    layout: LayoutMemo,
    viewport: RwSignal<Viewport>,
    stale: Memo<bool>,
    palette_drag: RwSignal<Option<Drag>>,
    children: Children,
) -> impl IntoView {
    let size = move || layout.with(|l| l.as_ref().map_or((0.0, 0.0), |l| (l.width, l.height)));
    view! {
        <svg id="diagram" role="group" aria-label="Diagram: Tab reaches the states, arrows follow the transitions" class:stale=move || stale.get() xmlns="http://www.w3.org/2000/svg" data-width=move || size().0 data-height=move || size().1>
            <style>{DIAGRAM_CSS}</style>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            <g id="viewport" transform=move || viewport.get().transform()>
                {children()}
                <g class="drop-layer">{move || layout.get().and_then(|l| drop_highlight(&l, palette_drag.get()))}</g>
            </g>
        </svg>
    }
}

/// The layers of the drawing. Keyed parts: a layout change updates what changed, it does not
/// rebuild the drawing.
#[component]
fn Drawing(
    layout: LayoutMemo,
    run: RunOverlay,
    selected_state: RwSignal<Option<String>>,
    marks: Signal<drawing::NodeMarks>,
    focus: Focus,
) -> impl IntoView {
    let counts_of = move |map: &str| run.counts_of(map);
    view! {
        <g class="containers">{drawing::containers(layout)}</g>
        <g class="map-counts">{move || layout.get().map(|l| drawing::map_counts(&l, counts_of))}</g>
        <g class="branch-statuses">{move || layout.get().map(|l| drawing::branch_statuses(&l, run.branch_of(l.clone())))}</g>
        {drawing::start_marker(layout)}
        <g class="edges">{drawing::edges(layout)}</g>
        <g class="nodes">{nodes::nodes(layout, run, selected_state, marks, focus.node_keys())}</g>
    }
}

#[component]
fn Toolbar(
    camera: Camera,
    selected_state: RwSignal<Option<String>>,
    diagram: ReadSignal<Option<DiagramModel>>,
    file_stem: Signal<String>,
) -> impl IntoView {
    // Exports are light unless the dark one is asked for.
    let export_dark = RwSignal::new(false);
    let export = move |png: bool| {
        if let Some(model) = diagram.get_untracked() {
            export_drawing(&model, &file_stem.get_untracked(), export_dark.get_untracked(), png);
        }
    };
    view! {
        <div class="diagram-tools">
            <button id="diagram-fit" title="Fit to screen (f)" on:click=move |_| camera.fit()>"Fit"</button>
            <button id="zoom-in" title="Zoom in (+)" on:click=move |_| camera.zoom(ZOOM_STEP)>"+"</button>
            <button id="zoom-out" title="Zoom out (-)" on:click=move |_| camera.zoom(1.0 / ZOOM_STEP)>"−"</button>
            <button id="diagram-centre" title="Centre on the selected state (c, Alt+C)" on:click=move |_| camera.centre(selected_state, false)>"Centre"</button>
            <button id="export-svg" on:click=move |_| export(false)>"Export SVG"</button>
            <button id="export-png" on:click=move |_| export(true)>"Export PNG"</button>
            <label class="export-theme" title="Exports are in the light theme unless this is checked">
                <input type="checkbox" id="export-dark" prop:checked=move || export_dark.get()
                    on:change=move |ev| export_dark.set(event_target_checked(&ev)) />
                "dark export"
            </label>
        </div>
    }
}

/// Downloads the drawing as `{stem}.svg` or `{stem}.png`, in the light or the dark theme.
fn export_drawing(model: &DiagramModel, stem: &str, dark: bool, png: bool) {
    let (w, h) = (model.layout.width, model.layout.height);
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
