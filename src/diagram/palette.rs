//! The palette: every state type and common service tasks, dragged onto the diagram (dropped on
//! an edge: inserted there; on empty space: added unconnected, inside the branch or Map under
//! the pointer) or clicked (inserted after the selected state, else added at the end).
//!
//! Dragging uses pointer capture on the palette entry, so the whole gesture arrives here and
//! needs no listener on the window.

use std::sync::Arc;

use asl_core::layout::Layout;
use asl_core::model::TransitionKind;
use asl_edit::visual::{drop_target, templates, DropTarget as Target, Place, Template};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::DiagramModel;
use crate::diagram::viewport::Viewport;
use crate::diagram::visual::VisualEdits;

/// How close to an edge (screen pixels) a drop counts as on it.
const EDGE_TOLERANCE_PX: f64 = 14.0;
/// A press that moves less than this is a click.
const CLICK_SLOP_PX: f64 = 4.0;

/// The drawing's coordinates of a point on screen, when it is over the diagram.
fn drawing_point(viewport: Viewport, client_x: f64, client_y: f64) -> Option<(f64, f64)> {
    let svg = web_sys::window()?.document()?.get_element_by_id("diagram")?;
    let r = svg.get_bounding_client_rect();
    let inside = r.left() <= client_x && client_x <= r.right() && r.top() <= client_y && client_y <= r.bottom();
    inside.then(|| {
        ((client_x - r.left() - viewport.tx) / viewport.scale, (client_y - r.top() - viewport.ty) / viewport.scale)
    })
}

/// A drag in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub label: &'static str,
    start: (f64, f64),
    pub at: (f64, f64),
    pub target: Option<Target>,
}

impl Drag {
    fn moved(&self) -> bool {
        (self.at.0 - self.start.0).hypot(self.at.1 - self.start.1) >= CLICK_SLOP_PX
    }
}

/// Where an entry lands: read from the diagram, the viewport and the selection at the moment
/// of the drop or click.
#[derive(Clone, Copy)]
struct Placing {
    diagram: ReadSignal<Option<DiagramModel>>,
    viewport: RwSignal<Viewport>,
    selected_state: RwSignal<Option<String>>,
}

impl Placing {
    fn layout(self) -> Option<Arc<Layout>> {
        self.diagram.with_untracked(|d| d.as_ref().map(|d| Arc::clone(&d.layout)))
    }

    /// What a drop at the screen point `(x, y)` would do.
    fn target_of(self, x: f64, y: f64) -> Option<Target> {
        let v = self.viewport.get_untracked();
        let (px, py) = drawing_point(v, x, y)?;
        Some(drop_target(&*self.layout()?, px, py, EDGE_TOLERANCE_PX / v.scale))
    }

    /// A click: after the selected state (on its Next), else at the end of the top level.
    fn click_place(self) -> Place {
        let l = self.layout();
        let sel = self.selected_state.get_untracked();
        let edge = l.as_ref().zip(sel.as_ref()).and_then(|(l, sel)| {
            l.edges.iter().find(|e| l.nodes[e.from].name == *sel && e.kind == TransitionKind::Next)
        });
        match (edge, &l) {
            (Some(e), Some(l)) => Place::Edge {
                from: l.nodes[e.from].name.clone(),
                to: l.nodes[e.to].name.clone(),
                kind: TransitionKind::Next,
            },
            _ => Place::Empty { scope: None },
        }
    }
}

#[component]
pub fn Palette(
    edits: VisualEdits,
    diagram: ReadSignal<Option<DiagramModel>>,
    viewport: RwSignal<Viewport>,
    selected_state: RwSignal<Option<String>>,
    drag: RwSignal<Option<Drag>>,
) -> impl IntoView {
    let placing = Placing { diagram, viewport, selected_state };
    let groups = ["Flow", "Actions"].map(|group| {
        let items = templates()
            .iter()
            .filter(|t| t.group == group)
            .map(|t| view! { <PaletteItem template=t edits=edits placing=placing drag=drag /> })
            .collect_view();
        view! {
            <h3>{group}</h3>
            <ul>{items}</ul>
        }
    });

    view! {
        <aside class="palette" id="palette" aria-label="States to add">
            {groups}
        </aside>
        {move || drag.get().filter(Drag::moved).map(|d| view! {
            <div class="drag-ghost" style:left=format!("{}px", d.at.0 + 8.0) style:top=format!("{}px", d.at.1 + 8.0)>{d.label}</div>
        })}
    }
}

/// One entry: dragged (pointer capture keeps the gesture here), clicked, or Enter/Space.
#[component]
fn PaletteItem(
    template: &'static Template,
    edits: VisualEdits,
    placing: Placing,
    drag: RwSignal<Option<Drag>>,
) -> impl IntoView {
    let t = template;
    let (id, label) = (t.id.as_str(), t.label);
    let down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        drag.set(Some(Drag { label, start: at, at, target: None }));
    };
    let moving = move |ev: web_sys::PointerEvent| {
        if drag.with_untracked(Option::is_none) {
            return;
        }
        let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let target = placing.target_of(at.0, at.1);
        drag.update(|d| {
            if let Some(d) = d {
                d.at = at;
                d.target = target;
            }
        });
    };
    let up = move |_: web_sys::PointerEvent| {
        let Some(d) = drag.get_untracked() else { return };
        drag.set(None);
        if !d.moved() {
            edits.insert(id, &placing.click_place());
        } else if let Some(t) = d.target {
            // What the preview showed at the last move.
            edits.insert(id, &t.place);
        }
    };
    let key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            edits.insert(id, &placing.click_place());
        }
    };
    view! {
        <li
            class="palette-item"
            data-template=id
            tabindex="0"
            title=format!("{} — drag onto an edge or empty space, or click to add after the selected state", t.description)
            on:pointerdown=down
            on:pointermove=moving
            on:pointerup=up
            on:pointercancel=move |_| drag.set(None)
            on:keydown=key
        >
            <span class=format!("swatch type-{}", t.state_type.to_lowercase())></span>
            {label}
        </li>
    }
}

/// What a drop would do, drawn over the diagram while dragging (in the drawing's coordinates).
pub fn drop_highlight(l: &Layout, drag: Option<Drag>) -> Option<AnyView> {
    let target = drag.filter(Drag::moved).and_then(|d| d.target)?;
    if let Some(e) = target.edge.and_then(|i| l.edges.get(i)) {
        let points = e.points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
        return Some(view! { <polyline class="drop-target" points=points /> }.into_any());
    }
    let (x, y, w, h) = match target.container.and_then(|c| l.containers.get(c)) {
        Some(c) => (c.x, c.y, c.width, c.height),
        None => (0.0, 0.0, l.width, l.height),
    };
    Some(view! { <rect class="drop-target" x=x y=y width=w height=h rx="10" /> }.into_any())
}
