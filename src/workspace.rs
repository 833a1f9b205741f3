//! The workspace's three panes: the editor and the simulation panel have widths the user sets by
//! dragging the splitter beside them (or by keyboard on it: ←/→, Shift for bigger steps,
//! Home/End, Enter collapses or expands), and can be collapsed to a strip; the diagram takes the
//! rest and never gets narrower than [`MIN_DIAGRAM`]. Sizes are remembered in localStorage.

use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;

const KEY: &str = "asl-studio/layout";
/// The narrowest a side pane can be dragged to (narrower: collapse it).
pub const MIN_SIDE: f64 = 220.0;
/// The narrowest the diagram pane gets while side panes are resized: this, or 40% of the
/// window when that is more (the diagram is what the app is about).
pub const MIN_DIAGRAM: f64 = 320.0;

fn min_diagram(viewport: f64) -> f64 {
    MIN_DIAGRAM.max(0.4 * viewport)
}
/// Width of a collapsed pane's strip, and of a splitter.
const STRIP: f64 = 34.0;
const SPLITTER: f64 = 8.0;
const STEP: f64 = 16.0;

/// Which side pane a splitter resizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Editor,
    Simulation,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaneSizes {
    pub editor: f64,
    pub simulation: f64,
    pub editor_collapsed: bool,
    pub simulation_collapsed: bool,
}

impl PaneSizes {
    /// What a first visit gets: each side pane about a quarter of the window.
    pub fn default_for(viewport: f64) -> PaneSizes {
        let side = (viewport * 0.26).clamp(MIN_SIDE, 560.0);
        PaneSizes { editor: side, simulation: side, editor_collapsed: false, simulation_collapsed: false }
            .fitted(viewport)
    }

    pub fn width(&self, side: Side) -> f64 {
        match side {
            Side::Editor => self.editor,
            Side::Simulation => self.simulation,
        }
    }

    pub fn collapsed(&self, side: Side) -> bool {
        match side {
            Side::Editor => self.editor_collapsed,
            Side::Simulation => self.simulation_collapsed,
        }
    }

    /// The widest `side` may be in a window `viewport` wide: the diagram keeps its minimum.
    pub fn max_width(&self, side: Side, viewport: f64) -> f64 {
        let other = match side {
            Side::Editor => self.shown(Side::Simulation),
            Side::Simulation => self.shown(Side::Editor),
        };
        (viewport - other - min_diagram(viewport) - 2.0 * SPLITTER - 24.0).max(MIN_SIDE)
    }

    fn shown(&self, side: Side) -> f64 {
        if self.collapsed(side) {
            STRIP
        } else {
            self.width(side)
        }
    }

    /// `side` set to `width`, kept between the minimum and what leaves the diagram its room.
    pub fn with_width(mut self, side: Side, width: f64, viewport: f64) -> PaneSizes {
        let width = width.clamp(MIN_SIDE, self.max_width(side, viewport));
        match side {
            Side::Editor => self.editor = width,
            Side::Simulation => self.simulation = width,
        }
        self
    }

    pub fn toggled(mut self, side: Side) -> PaneSizes {
        match side {
            Side::Editor => self.editor_collapsed = !self.editor_collapsed,
            Side::Simulation => self.simulation_collapsed = !self.simulation_collapsed,
        }
        self
    }

    /// Both widths brought within what a window `viewport` wide allows (a smaller window than
    /// the one they were set in): shrunk in proportion, so neither takes the other's share.
    pub fn fitted(mut self, viewport: f64) -> PaneSizes {
        let room = viewport - min_diagram(viewport) - 2.0 * SPLITTER - 24.0;
        let open: f64 =
            [Side::Editor, Side::Simulation].iter().filter(|s| !self.collapsed(**s)).map(|s| self.width(*s)).sum();
        let strips = [Side::Editor, Side::Simulation].iter().filter(|s| self.collapsed(**s)).count() as f64 * STRIP;
        if open > 0.0 && open + strips > room {
            let k = ((room - strips) / open).max(0.0);
            self.editor = (self.editor * k).max(MIN_SIDE);
            self.simulation = (self.simulation * k).max(MIN_SIDE);
        }
        let s = self.with_width(Side::Editor, self.editor, viewport);
        s.with_width(Side::Simulation, s.simulation, viewport)
    }

    /// The workspace grid's columns: editor, splitter, diagram, splitter, simulation.
    pub fn columns(&self) -> String {
        format!(
            "{:.0}px {SPLITTER}px minmax({MIN_DIAGRAM}px, 1fr) {SPLITTER}px {:.0}px",
            self.shown(Side::Editor),
            self.shown(Side::Simulation)
        )
    }

    pub fn to_json(&self) -> String {
        json!({"editor": self.editor, "simulation": self.simulation,
               "editorCollapsed": self.editor_collapsed, "simulationCollapsed": self.simulation_collapsed})
        .to_string()
    }

    /// Lenient: what cannot be read keeps the default.
    pub fn from_json(text: &str, default: PaneSizes) -> PaneSizes {
        let Ok(v) = serde_json::from_str::<Value>(text) else { return default };
        let num = |k: &str, d: f64| v.get(k).and_then(Value::as_f64).filter(|x| x.is_finite()).unwrap_or(d);
        let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
        PaneSizes {
            editor: num("editor", default.editor),
            simulation: num("simulation", default.simulation),
            editor_collapsed: flag("editorCollapsed"),
            simulation_collapsed: flag("simulationCollapsed"),
        }
    }
}

fn viewport_width() -> f64 {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).unwrap_or(1280.0)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered sizes (fitted to this window), saved again whenever they change.
pub fn remembered_sizes() -> RwSignal<PaneSizes> {
    let w = viewport_width();
    let default = PaneSizes::default_for(w);
    let stored = storage().and_then(|s| s.get_item(KEY).ok().flatten());
    let sizes = RwSignal::new(stored.map_or(default, |t| PaneSizes::from_json(&t, default)).fitted(w));
    Effect::new(move |_| {
        let json = sizes.with(PaneSizes::to_json);
        if let Some(s) = storage() {
            // Only the layout is lost when storage refuses it.
            let _ = s.set_item(KEY, &json);
        }
    });
    // A smaller window: the side panes give way so the diagram keeps its room.
    let listener = window_event_listener(leptos::ev::resize, move |_| {
        let w = viewport_width();
        sizes.update(|s| *s = s.fitted(w));
    });
    std::mem::forget(listener);
    sizes
}

/// The bar between a side pane and the diagram.
#[component]
pub fn Splitter(side: Side, sizes: RwSignal<PaneSizes>, controls: &'static str) -> impl IntoView {
    let (id, label) = match side {
        Side::Editor => ("splitter-editor", "Resize the definition editor"),
        Side::Simulation => ("splitter-simulation", "Resize the simulation panel"),
    };
    // Dragging right widens the editor (left of it) and narrows the simulation panel (right).
    let sign = if side == Side::Editor { 1.0 } else { -1.0 };
    let drag: StoredValue<Option<(f64, f64)>> = StoredValue::new(None);
    let resize = move |width: f64| sizes.update(|s| *s = s.with_width(side, width, viewport_width()));
    let on_down = move |ev: web_sys::PointerEvent| {
        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let s = sizes.get_untracked();
        if s.collapsed(side) {
            sizes.set(s.toggled(side));
        }
        drag.set_value(Some((ev.client_x() as f64, s.width(side))));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let Some((x0, w0)) = drag.get_value() {
            resize(w0 + sign * (ev.client_x() as f64 - x0));
        }
    };
    let on_up = move |_: web_sys::PointerEvent| drag.set_value(None);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let s = sizes.get_untracked();
        let step = if ev.shift_key() { 4.0 * STEP } else { STEP };
        let w = s.width(side);
        match ev.key().as_str() {
            "ArrowRight" => resize(w + sign * step),
            "ArrowLeft" => resize(w - sign * step),
            "Home" => resize(MIN_SIDE),
            "End" => resize(s.max_width(side, viewport_width())),
            "Enter" | " " => sizes.set(s.toggled(side)),
            _ => return,
        }
        ev.prevent_default();
    };
    view! {
        <div
            id=id
            class="splitter"
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label=label
            aria-controls=controls
            aria-valuemin=MIN_SIDE
            aria-valuemax=move || sizes.with(|s| s.max_width(side, viewport_width()).round())
            aria-valuenow=move || sizes.with(|s| s.width(side).round())
            title="Drag to resize; Enter or double-click collapses"
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:dblclick=move |_| sizes.update(|s| *s = s.toggled(side))
            on:keydown=on_key
        ></div>
    }
}

/// A side pane's header: its title and a button that collapses or expands it.
#[component]
pub fn PaneHead(side: Side, sizes: RwSignal<PaneSizes>, title: &'static str) -> impl IntoView {
    let id = match side {
        Side::Editor => "collapse-editor",
        Side::Simulation => "collapse-simulation",
    };
    let collapsed = move || sizes.with(|s| s.collapsed(side));
    view! {
        <div class="pane-head">
            <h2>{title}</h2>
            <button
                id=id
                class="pane-collapse"
                aria-expanded=move || (!collapsed()).to_string()
                aria-label=move || format!("{} the {}", if collapsed() { "Expand" } else { "Collapse" }, title.to_lowercase())
                title=move || if collapsed() { "Expand" } else { "Collapse" }
                on:click=move |_| sizes.update(|s| *s = s.toggled(side))
            >
                {move || match (side, collapsed()) {
                    (Side::Editor, false) | (Side::Simulation, true) => "«",
                    _ => "»",
                }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_keep_the_diagram_its_room_and_round_trip() {
        let s = PaneSizes::default_for(1500.0);
        assert!(s.editor >= MIN_SIDE && s.editor <= 560.0);
        let wide = s.with_width(Side::Editor, 5000.0, 1500.0);
        assert_eq!(wide.editor, wide.max_width(Side::Editor, 1500.0));
        assert!(1500.0 - wide.editor - wide.simulation - 2.0 * SPLITTER >= min_diagram(1500.0));
        assert_eq!(s.with_width(Side::Simulation, 10.0, 1500.0).simulation, MIN_SIDE);
        let collapsed = s.toggled(Side::Editor);
        assert!(collapsed.columns().starts_with("34px"));
        assert_eq!(PaneSizes::from_json(&collapsed.to_json(), s), collapsed);
        assert_eq!(PaneSizes::from_json("garbage", s), s);
        // Set in a wide window, opened in a small one: fitted.
        let small = PaneSizes::default_for(1500.0).fitted(1024.0);
        let diagram = 1024.0 - small.editor - small.simulation - 2.0 * SPLITTER - 24.0;
        assert!(diagram >= min_diagram(1024.0) - 0.5, "{small:?}");
        assert!((small.editor - small.simulation).abs() < 0.5, "shrunk in proportion: {small:?}");
    }
}
