//! The open document: its text (the single source of truth), its selection and its undo store.
//! Every change goes through here as an [`Edit`], so typing, commands and (later) visual edits
//! share one history. The textarea is kept in step directly, because its value and caret are
//! DOM state that signals alone cannot place.

use asl_edit::text::{byte_of, input_edit, utf16_of};
use asl_edit::{Edit, Entry, Gesture, History, Selection};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of the editor's textarea.
pub const TEXTAREA_ID: &str = "definition";

pub fn now() -> f64 {
    js_sys::Date::now()
}

fn textarea() -> Option<web_sys::HtmlTextAreaElement> {
    web_sys::window()?.document()?.get_element_by_id(TEXTAREA_ID)?.dyn_into().ok()
}

/// The textarea's selection in byte offsets of `text`.
pub fn dom_selection(el: &web_sys::HtmlTextAreaElement, text: &str) -> Selection {
    let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = el.selection_end().ok().flatten().unwrap_or(start as u32) as usize;
    Selection { start: byte_of(text, start), end: byte_of(text, end) }
}

/// Puts `sel` into the textarea (which must already hold `text`).
pub fn set_dom_selection(el: &web_sys::HtmlTextAreaElement, text: &str, sel: Selection) {
    let _ = el.set_selection_range(utf16_of(text, sel.start) as u32, utf16_of(text, sel.end) as u32);
}

#[derive(Clone, Copy)]
pub struct DocState {
    pub text: RwSignal<String>,
    /// Byte offsets; follows the textarea (keyboard, mouse) and is saved with the document.
    pub selection: RwSignal<Selection>,
    pub history: StoredValue<History>,
    /// Counts [`DocState::reset`]s: texts of two generations belong to different documents, so
    /// nothing is compared across them (a rename between two documents is no rename).
    pub generation: StoredValue<u64>,
}

impl DocState {
    pub fn new(text: String, selection: Selection) -> DocState {
        DocState {
            text: RwSignal::new(text),
            selection: RwSignal::new(selection),
            history: StoredValue::new(History::new()),
            generation: StoredValue::new(0),
        }
    }

    /// Shows `text` and `sel` in the textarea, then in the signals (the textarea first, so that
    /// the value binding finds it already equal and leaves the caret alone).
    fn show(&self, text: String, sel: Selection) {
        if let Some(el) = textarea() {
            el.set_value(&text);
            set_dom_selection(&el, &text, sel);
        }
        self.selection.set(sel);
        self.text.set(text);
    }

    /// Applies one edit as one undoable entry and places the selection after it.
    pub fn apply(&self, label: &str, gesture: Gesture, edit: Edit, after: Selection) {
        self.apply_edits(label, gesture, vec![edit], after);
    }

    /// Applies a visual edit (all its text edits) as one undoable entry; the caret goes to
    /// where it starts. `false` (nothing changed) when it does not apply to the current text.
    pub fn apply_change(&self, change: &asl_edit::visual::Change) -> bool {
        let first = change.edits.iter().map(|e| e.at).min().unwrap_or(0);
        self.apply_edits(&change.label, Gesture::Other, change.edits.clone(), Selection::caret(first))
    }

    /// Applies `edits` in order, all or none, as one undoable entry.
    fn apply_edits(&self, label: &str, gesture: Gesture, edits: Vec<Edit>, after: Selection) -> bool {
        let mut text = self.text.get_untracked();
        if edits.is_empty() || !edits.iter().all(|e| e.apply(&mut text)) {
            return false;
        }
        let before = self.selection.get_untracked();
        self.history.update_value(|h| h.push(Entry::new(label, gesture, edits, before, after, now())));
        self.show(text, after);
        true
    }

    /// Selects `sel` in the textarea and the signal (after a visual edit: the state it made).
    pub fn select(&self, sel: Selection) {
        if let Some(el) = textarea() {
            self.text.with_untracked(|t| set_dom_selection(&el, t, sel));
        }
        self.selection.set(sel);
    }

    /// Replaces the whole text as one undoable entry (Format, a loaded file kept in history).
    pub fn replace_all(&self, label: &str, new_text: String) {
        let Some(edit) = self.text.with_untracked(|old| Edit::diff(old, &new_text)) else { return };
        let caret = self.selection.get_untracked().start.min(new_text.len());
        let caret = (0..=caret).rev().find(|&c| new_text.is_char_boundary(c)).unwrap_or(0);
        self.apply(label, Gesture::Other, edit, Selection::caret(caret));
    }

    /// Format: re-indents the JSON as one undo step, keeping the key order; refuses text that is
    /// not JSON, saying where.
    pub fn format(&self) -> Result<(), String> {
        let formatted = self.text.with_untracked(|t| asl_edit::reindent::format_json(t))?;
        self.replace_all("Format", formatted);
        Ok(())
    }

    /// Records what the textarea itself changed (typing, paste, cut, drop of text). The edit and
    /// the caret after it follow from the selection before (see [`input_edit`]); only when they
    /// do not is the textarea asked for its selection (`read_selection`).
    pub fn record_input(&self, new_text: String, read_selection: impl FnOnce(&str) -> Selection) {
        let before = self.selection.get_untracked();
        let known = self.text.with_untracked(|old| input_edit(old, &new_text, before));
        let (edit, after) = match known {
            Some((edit, after)) => (Some(edit), after),
            None => (self.text.with_untracked(|old| Edit::diff(old, &new_text)), read_selection(&new_text)),
        };
        if let Some(edit) = edit {
            let gesture = Gesture::of(&edit);
            let label = match gesture {
                Gesture::Typing => "Typing",
                Gesture::Deleting => "Delete",
                Gesture::Other => "Edit",
            };
            self.history.update_value(|h| h.push(Entry::new(label, gesture, vec![edit], before, after, now())));
        }
        self.selection.set(after);
        self.text.set(new_text);
    }

    pub fn undo(&self) -> bool {
        self.step(History::undo)
    }

    pub fn redo(&self) -> bool {
        self.step(History::redo)
    }

    fn step(&self, f: fn(&mut History, &mut String) -> Option<Selection>) -> bool {
        let mut text = self.text.get_untracked();
        let Some(sel) = self.history.try_update_value(|h| f(h, &mut text)).flatten() else { return false };
        self.show(text, sel);
        true
    }

    /// Follows the textarea's selection (after keys, clicks).
    pub fn sync_selection_from_dom(&self) {
        if let Some(el) = textarea() {
            let sel = self.text.with_untracked(|t| dom_selection(&el, t));
            if sel != self.selection.get_untracked() {
                self.selection.set(sel);
            }
        }
    }

    /// Another document: new text and selection, a fresh history.
    pub fn reset(&self, text: String, sel: Selection) {
        self.history.update_value(History::clear);
        self.generation.update_value(|g| *g += 1);
        self.show(text, sel);
    }
}
