//! Visual edits, wired: each one is an [`asl_edit::visual`] change of the text, applied as one
//! undo entry, after which the analysis is brought up to date and the state it concerns is
//! selected. Refusals come back as messages for the user; nothing is changed then.

use std::rc::Rc;

use asl_edit::visual::{self, Change, DeleteError, Place, Rewire, VisualError};
use asl_edit::Selection;
use leptos::prelude::*;

use crate::analysis::Analysis;
use crate::documents::open::DocState;
use crate::store::Store;

/// A delete that needs the user to say where the transitions into the state should go.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingDelete {
    pub name: String,
    pub message: String,
    pub options: Vec<Rewire>,
}

#[derive(Clone, Copy)]
pub struct VisualEdits {
    doc: DocState,
    analysis: Analysis,
    selected_state: RwSignal<Option<String>>,
    /// The top bar's message: refusals of gestures that have no form of their own (a drop).
    message: RwSignal<Option<String>>,
    pub pending_delete: RwSignal<Option<PendingDelete>>,
    /// Test cases follow a rename.
    store: Store,
}

impl VisualEdits {
    pub fn new(store: Store, analysis: Analysis) -> VisualEdits {
        VisualEdits {
            doc: store.doc,
            analysis,
            selected_state: store.selected_state,
            message: store.message,
            store,
            pending_delete: RwSignal::new(None),
        }
    }

    /// How the definition is written (the inspector reads a YAML state as JSON).
    pub fn syntax(&self) -> RwSignal<asl_core::Syntax> {
        self.store.syntax
    }

    fn text(&self) -> String {
        self.doc.text.get_untracked()
    }

    /// Runs a visual edit on the definition: on its JSON text directly, or for a YAML document
    /// on the JSON it stands for, written back into the YAML ([`asl_edit::yaml::through_json`]).
    fn edit(&self, op: impl FnOnce(&str) -> Result<Change, VisualError>) -> Result<Change, VisualError> {
        self.edit_or(op, |e| e)
    }

    fn edit_or<E>(
        &self,
        op: impl FnOnce(&str) -> Result<Change, E>,
        refuse: impl Fn(VisualError) -> E,
    ) -> Result<Change, E> {
        let text = self.text();
        match self.store.syntax.get_untracked() {
            asl_core::Syntax::Json => op(&text),
            asl_core::Syntax::Yaml => asl_edit::yaml::through_json(&text, op, refuse),
        }
    }

    /// Applies `change`; `Err` with the reason when it was refused.
    fn apply(&self, change: Result<Change, VisualError>) -> Result<(), String> {
        let change = change.map_err(|e| e.to_string())?;
        if self.doc.apply_change(&change) {
            self.analysis.flush();
            if let Some(name) = change.select {
                // The editor selects the state's JSON too, so the caret agrees with the diagram.
                let span = self.analysis.parsed.with_untracked(|p| {
                    p.machine.as_ref()?.find(&name).map(|s| Selection { start: s.name_span.start, end: s.span.end })
                });
                if let Some(sel) = span {
                    self.doc.select(sel);
                }
                self.selected_state.set(Some(name));
            }
        }
        Ok(())
    }

    /// Drops (or clicks) a palette entry: refusals go to the top bar.
    pub fn insert(&self, template: &str, place: &Place) {
        let result = self.apply(self.edit(|t| visual::insert_state(t, template, place)));
        self.message.set(result.err().map(|e| format!("Could not add the state: {e}")));
    }

    pub fn rename(&self, old: &str, new: &str) -> Result<(), String> {
        self.apply(self.edit(|t| visual::rename_state(t, old, new)))?;
        self.store.state_renamed(old, new);
        Ok(())
    }

    /// Sets (or with `None` removes) a field; `value` is JSON text.
    pub fn set_field(&self, state: &str, key: &str, value: Option<&str>) -> Result<(), String> {
        self.apply(self.edit(|t| visual::set_field(t, state, key, value)))
    }

    /// Adds a branch (one Pass state, selected) to a Parallel state.
    pub fn add_branch(&self, state: &str) -> Result<(), String> {
        self.apply(self.edit(|t| visual::add_branch(t, state)))
    }

    pub fn set_next(&self, state: &str, next: Option<&str>) -> Result<(), String> {
        self.apply(self.edit(|t| visual::set_next(t, state, next)))
    }

    /// Duplicates a state (the copy unconnected, selected); its name, or `None` when refused
    /// (the reason goes to the top bar).
    pub fn duplicate(&self, name: &str) -> Option<String> {
        let change = self.edit(|t| visual::duplicate_state(t, name));
        let copy = change.as_ref().ok().and_then(|c| c.select.clone());
        let result = self.apply(change);
        self.message.set(result.as_ref().err().map(|e| format!("Could not duplicate the state: {e}")));
        result.ok().and(copy)
    }

    /// Deletes a state; when its predecessors cannot be rewired unambiguously, asks the user
    /// (through [`Self::pending_delete`]) unless `rewire` already says.
    pub fn delete(&self, name: &str, rewire: Option<Rewire>) {
        self.pending_delete.set(None);
        match self.edit_or(|t| visual::delete_state(t, name, rewire), DeleteError::Other) {
            Ok(change) => {
                self.selected_state.set(None);
                let _ = self.apply(Ok(change));
                self.message.set(None);
            }
            Err(DeleteError::Ambiguous { options, message }) => {
                self.pending_delete.set(Some(PendingDelete { name: name.to_string(), message, options }));
            }
            Err(DeleteError::Other(e)) => self.message.set(Some(format!("Could not delete the state: {e}"))),
        }
    }
}

/// Asks where the transitions into a state being deleted should go.
#[component]
pub fn DeleteDialog(edits: VisualEdits) -> impl IntoView {
    let choice = RwSignal::new(0usize);
    // The keyboard goes to the question; Tab kept inside, Escape cancels, the focus back.
    let pending = edits.pending_delete;
    let open = Rc::new(move || pending.with(Option::is_some));
    crate::a11y::modal("delete-dialog", Some("delete-rewire"), open, Rc::new(move || pending.set(None)));
    move || {
        let pending = edits.pending_delete.get()?;
        choice.set(0);
        let options = pending.options.clone();
        let name = pending.name.clone();
        let confirm = move |_| {
            if let Some(rewire) = options.get(choice.get_untracked()).cloned() {
                edits.delete(&name, Some(rewire));
                crate::diagram::focus::refocus_if_lost(10);
            }
        };
        Some(view! {
            <div class="dialog-backdrop">
                <div class="dialog" id="delete-dialog" role="dialog" aria-modal="true" aria-label="Delete state">
                    <p>{format!("Delete “{}”?", pending.name)}</p>
                    <p class="muted">{pending.message.clone()}</p>
                    <label>
                        "Send its transitions to "
                        <select id="delete-rewire" on:change=move |ev| choice.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {pending
                                .options
                                .iter()
                                .enumerate()
                                .map(|(i, o)| view! { <option value=i.to_string()>{o.to_string()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <div class="dialog-actions">
                        <button id="delete-confirm" class="danger" on:click=confirm>"Delete"</button>
                        <button id="delete-cancel" on:click=move |_| edits.pending_delete.set(None)>"Cancel"</button>
                    </div>
                </div>
            </div>
        })
    }
}
