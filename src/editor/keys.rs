//! The editor's own keys: undo/redo, Format, Enter and Tab (indent), wrap and the Tab mode.

use asl_edit::text::{indent, newline};
use asl_edit::Gesture;
use leptos::prelude::*;

use super::{session, TAB_MODE_KEY};
use crate::documents::open::DocState;

/// What the keys change besides the document.
#[derive(Clone, Copy)]
pub struct Keys {
    pub doc: DocState,
    /// Tab moves the focus instead of indenting (Ctrl+M toggles it, for the session).
    pub tab_moves_focus: RwSignal<bool>,
    /// Escape was the key just before: the next Tab leaves the editor.
    pub escaped: StoredValue<bool>,
    /// The top bar's message (Format's refusal).
    pub message: RwSignal<Option<String>>,
    pub syntax: RwSignal<asl_core::Syntax>,
}

impl Keys {
    /// Runs the key's command; false leaves the key to the browser.
    pub fn handle(self, key: &str, ctrl: bool, shift: bool, alt: bool, toggle_wrap: &dyn Fn()) -> bool {
        let Keys { doc, tab_moves_focus, escaped, message, syntax } = self;
        let text = doc.text;
        // Read only by the keys that need it: reading the selection of a large textarea costs
        // about a millisecond, and plain typing reports it with its input event.
        let selection = move || {
            doc.sync_selection_from_dom();
            doc.selection.get_untracked()
        };
        // Escape arms the next Tab to leave; any other key (modifiers aside) disarms it.
        let leave_on_tab = escaped.get_value();
        if !matches!(key, "Shift" | "Control" | "Alt" | "Meta") {
            escaped.set_value(key == "Escape" && !ctrl && !alt && !shift);
        }
        match key {
            // Alt+Z, as in VS Code (on a Mac, Alt+Z types "Ω").
            "z" | "Z" | "Ω" if alt && !ctrl && !shift => {
                toggle_wrap();
                true
            }
            "m" | "M" if ctrl && !alt && !shift => {
                let moves = !tab_moves_focus.get_untracked();
                tab_moves_focus.set(moves);
                if let Some(s) = session() {
                    let _ = s.set_item(TAB_MODE_KEY, if moves { "1" } else { "0" });
                }
                true
            }
            // The browser's own Tab: the focus moves on.
            "Tab" if leave_on_tab || tab_moves_focus.get_untracked() => false,
            "z" | "Z" if ctrl && !alt => {
                if shift {
                    doc.redo();
                } else {
                    doc.undo();
                }
                true
            }
            "y" | "Y" if ctrl && !alt && !shift => {
                doc.redo();
                true
            }
            // Shift+Alt+F, as in VS Code (on a Mac, Alt+Shift+F types "Ï").
            "f" | "F" | "Ï" if shift && alt && !ctrl => {
                selection();
                message.set(if syntax.get_untracked() == asl_core::Syntax::Yaml {
                    Some("Format re-indents JSON; a YAML definition is kept as written.".into())
                } else {
                    doc.format().err()
                });
                true
            }
            "Enter" if !ctrl && !alt && !shift => {
                let sel = selection();
                let (edit, after) = text.with_untracked(|t| newline(t, sel));
                doc.apply("New line", Gesture::Other, edit, after);
                true
            }
            "Tab" if !ctrl && !alt => {
                let sel = selection();
                if let Some((edit, after)) = text.with_untracked(|t| indent(t, sel, shift)) {
                    doc.apply(if shift { "Outdent" } else { "Indent" }, Gesture::Other, edit, after);
                }
                true
            }
            _ => false,
        }
    }
}
