//! Moving the view over the drawing: fit, zoom about the centre, centre on a state, and the
//! pan and wheel gestures of the drawing area. The [`Viewport`] arithmetic is in
//! [`crate::diagram::viewport`]; this reads the element's size on screen.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use crate::diagram::drawing::LayoutMemo;
use crate::diagram::viewport::Viewport;

pub const ZOOM_STEP: f64 = 1.25;

thread_local! {
    /// The drawing area's size as the last layout left it (a `ResizeObserver` keeps it): reading
    /// `clientWidth` after an edit would force the browser to lay out the page at once.
    static VIEW_SIZE: Cell<Option<(f64, f64)>> = const { Cell::new(None) };
}

/// The size of the drawing area on screen, once it is laid out: none before the observer's
/// first report, which comes after the first layout and before the first paint (and fits the
/// drawing then), so start-up never forces a layout of the page.
fn view_size() -> Option<(f64, f64)> {
    VIEW_SIZE.get()
}

fn measure(el: &web_sys::Element) -> Option<(f64, f64)> {
    let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
    (w > 0.0 && h > 0.0).then_some((w, h))
}

/// The view's controls over one layout.
#[derive(Clone, Copy)]
pub struct Camera {
    pub layout: LayoutMemo,
    pub viewport: RwSignal<Viewport>,
}

impl Camera {
    /// Fits the drawing to the view (a no-op when it already is).
    pub fn fit(self) {
        let (Some(l), Some((vw, vh))) = (self.layout.get_untracked(), view_size()) else { return };
        let next = Viewport::fit(l.width, l.height, vw, vh);
        if self.viewport.get_untracked() != next {
            self.viewport.set(next);
        }
    }

    pub fn zoom(self, factor: f64) {
        if let Some((vw, vh)) = view_size() {
            self.viewport.update(|v| *v = v.zoom_at(factor, vw / 2.0, vh / 2.0));
        }
    }

    /// Centres the view on a state; `if_hidden`: only when it is out of view.
    pub fn centre_on(self, name: &str, if_hidden: bool) {
        let (Some(l), Some((vw, vh))) = (self.layout.get_untracked(), view_size()) else { return };
        let Some(n) = l.nodes.iter().find(|n| n.name == *name) else { return };
        let v = self.viewport.get_untracked();
        if !if_hidden || !v.shows((n.x, n.y, n.width, n.height), vw, vh) {
            self.viewport.set(v.centre_on(n.center_x(), n.y + n.height / 2.0, vw, vh));
        }
    }

    /// Centres the view on the selected state, if any.
    pub fn centre(self, selected: RwSignal<Option<String>>, if_hidden: bool) {
        if let Some(name) = selected.get_untracked() {
            self.centre_on(&name, if_hidden);
        }
    }

    /// Follows the drawing (a new sample, an edit, a resized window) until the user zooms or
    /// pans, and brings a state selected elsewhere into view. Reading the element's size is the
    /// outside world, hence effects.
    pub fn follow(self, selected: RwSignal<Option<String>>) {
        Effect::new(move |_| {
            self.layout.track();
            if self.viewport.with(|v| v.auto_fit) {
                self.fit();
            }
        });
        // A resized window or pane: the size is read where the browser has just laid it out.
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(el) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>().ok().map(|e| e.target()) else {
                return;
            };
            VIEW_SIZE.set(measure(&el));
            if self.viewport.with_untracked(|v| v.auto_fit) {
                self.fit();
            }
        });
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
        let observed = StoredValue::new_local((observer, on_resize));
        Effect::new(move |_| {
            let el = document().get_element_by_id("diagram");
            observed.with_value(|(o, _)| o.as_ref().zip(el).map(|(o, el)| o.observe(&el)));
        });
        on_cleanup(move || {
            observed.with_value(|(o, _)| o.as_ref().map(web_sys::ResizeObserver::disconnect));
            VIEW_SIZE.set(None);
        });
        // One already visible does not move the drawing, and while the view follows the
        // drawing the fit shows every state already.
        Effect::new(move |_| {
            selected.track();
            if !self.viewport.with_untracked(|v| v.auto_fit) {
                self.centre(selected, true);
            }
        });
    }
}

/// The drawing area: drag to pan, wheel to zoom about the pointer.
#[component]
pub fn PanZoom(viewport: RwSignal<Viewport>, children: Children) -> impl IntoView {
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
    view! {
        <div
            class="diagram-view"
            class:panning=move || drag.with(Option::is_some)
            on:wheel=on_wheel
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointerleave=on_up
        >
            {children()}
        </div>
    }
}
