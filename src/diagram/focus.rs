//! The keyboard in the diagram pane. The states are one Tab stop (a roving tabindex: the state
//! last focused, else the selected one, else the start state); a key on a focused node acts on
//! that node, selecting it first. Arrows follow the edges ([`crate::diagram::keys`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::diagram::camera::{Camera, ZOOM_STEP};
use crate::diagram::drawing::{LayoutMemo, NodeKeys};
use crate::diagram::keys;
use crate::diagram::visual::VisualEdits;
use crate::documents::open::DocState;

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

/// After a delete, the focus is on what is about to go: the deleted state's node, or (after the
/// dialog) the inspector's Delete. Once it is lost (on the page's body), it goes to the node
/// that now takes the diagram's Tab stop; checked for a few frames, as the diagram is redrawn
/// after the edit.
pub fn refocus_if_lost(tries: u32) {
    request_animation_frame(move || {
        let doc = document();
        let lost = doc.active_element().is_none_or(|a| a.tag_name() == "BODY");
        let stop = || doc.query_selector("#diagram g.node[tabindex=\"0\"]").ok().flatten();
        match lost.then(stop).flatten().and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok()) {
            Some(node) => {
                let _ = node.focus();
            }
            None if tries > 0 => refocus_if_lost(tries - 1),
            None => {}
        }
    });
}

/// Where the keyboard is in the diagram, and what its keys act on.
#[derive(Clone, Copy)]
pub struct Focus {
    camera: Camera,
    selected: RwSignal<Option<String>>,
    /// The state whose node has (or last had) the focus.
    node: RwSignal<Option<String>>,
    /// The state an arrow last left, so that the opposite arrow goes back to it.
    came_from: StoredValue<Option<String>>,
    /// Whether the key being handled was pressed on a node (rather than the pane).
    on_node: StoredValue<bool>,
    /// The state that takes the Tab stop.
    roving: Memo<Option<String>>,
}

impl Focus {
    pub fn new(camera: Camera, selected: RwSignal<Option<String>>) -> Self {
        let layout: LayoutMemo = camera.layout;
        let node: RwSignal<Option<String>> = RwSignal::new(None);
        let roving = Memo::new(move |_| {
            let l = layout.get()?;
            let has = |name: &Option<String>| name.as_ref().filter(|n| l.nodes.iter().any(|b| b.name == **n)).cloned();
            has(&node.get())
                .or_else(|| has(&selected.get()))
                .or_else(|| l.start.or((!l.nodes.is_empty()).then_some(0)).map(|i| l.nodes[i].name.clone()))
        });
        Focus { camera, selected, node, came_from: StoredValue::new(None), on_node: StoredValue::new(false), roving }
    }

    /// The state the keyboard is on: the focused node's (selected now), else the selected one.
    fn target_state(self) -> Option<String> {
        if self.on_node.get_value() {
            if let Some(name) = self.node.get_untracked() {
                if self.selected.get_untracked().as_deref() != Some(name.as_str()) {
                    self.selected.set(Some(name));
                }
            }
        }
        self.selected.get_untracked()
    }

    /// The pane's keys; `true` when the key was handled.
    pub fn on_pane_key(self, ev: &web_sys::KeyboardEvent, edits: VisualEdits, doc: DocState) -> bool {
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if ev.target().is_some_and(|t| t.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.tag_name() != "DIV")) {
            return false; // a button of the toolbar
        }
        self.on_node.set_value(ev.target().is_some_and(|t| t.dyn_ref::<web_sys::SvgElement>().is_some()));
        let camera = self.camera;
        match ev.key().as_str() {
            "d" | "D" if ctrl && !ev.shift_key() && !ev.alt_key() => self.duplicate(edits),
            // Alt+C (by the key's place: on a Mac, Alt+C types "ç").
            _ if ev.alt_key() && !ctrl && ev.code() == "KeyC" => {
                if let Some(name) = self.target_state() {
                    camera.centre_on(&name, false);
                }
            }
            "z" | "Z" if ctrl => {
                if ev.shift_key() {
                    doc.redo()
                } else {
                    doc.undo()
                };
            }
            "y" | "Y" if ctrl => {
                doc.redo();
            }
            "Delete" | "Backspace" => self.delete(edits),
            _ if ctrl || ev.alt_key() => return false,
            "f" | "F" => camera.fit(),
            "+" | "=" => camera.zoom(ZOOM_STEP),
            "-" | "_" => camera.zoom(1.0 / ZOOM_STEP),
            "c" | "C" => match self.target_state() {
                Some(name) => camera.centre_on(&name, false),
                None => camera.centre(self.selected, false),
            },
            _ => return false,
        }
        true
    }

    fn duplicate(self, edits: VisualEdits) {
        let Some(name) = self.target_state() else { return };
        if let Some(copy) = edits.duplicate(&name) {
            self.node.set(Some(copy.clone()));
            focus_node_soon(copy, 5);
        }
    }

    fn delete(self, edits: VisualEdits) {
        let Some(name) = self.target_state() else { return };
        let on_node = self.on_node.get_value();
        edits.delete(&name, None);
        // The focus stays in the diagram: on the state that takes the Tab stop. (Asked first,
        // the dialog does the same once the delete is confirmed.)
        if on_node && edits.pending_delete.with_untracked(Option::is_none) {
            refocus_if_lost(10);
        }
    }

    /// Keys on a focused node: move along the edges, Enter opens the state in the inspector,
    /// Space selects it. The rest (Delete, Ctrl+D...) bubble to the pane's handler.
    pub fn node_keys(self) -> NodeKeys {
        NodeKeys {
            roving: self.roving,
            on_focus: Callback::new(move |name: String| {
                if self.node.get_untracked().as_deref() != Some(name.as_str()) {
                    self.node.set(Some(name.clone()));
                }
                self.camera.centre_on(&name, true);
            }),
            on_key: Callback::new(move |(name, ev): (String, web_sys::KeyboardEvent)| {
                if !(ev.ctrl_key() || ev.meta_key() || ev.alt_key()) {
                    self.on_node_key(name, &ev);
                }
            }),
        }
    }

    fn on_node_key(self, name: String, ev: &web_sys::KeyboardEvent) {
        let key = ev.key();
        match key.as_str() {
            "Enter" => {
                ev.prevent_default();
                self.selected.set(Some(name));
                crate::a11y::focus_soon("inspector-name");
            }
            " " => {
                ev.prevent_default();
                self.selected.set(Some(name));
            }
            _ => {
                let Some(l) = self.camera.layout.get_untracked() else { return };
                let before = self.came_from.get_value();
                let Some(next) = keys::target(&l, &name, &key, before.as_deref()) else {
                    if key.starts_with("Arrow") || key == "Home" {
                        ev.prevent_default(); // nowhere to go: not the playback's step either
                    }
                    return;
                };
                ev.prevent_default();
                self.came_from.set_value(Some(name));
                self.node.set(Some(next.clone()));
                focus_node_now(&next);
            }
        }
    }
}
