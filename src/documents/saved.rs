//! Never lose work: the open document is autosaved to localStorage (debounced), restored on
//! reload with its cursor and sample, and kept when another one is loaded. The Documents menu
//! lists the saved documents to open, rename and delete.

use asl_core::Syntax;
use asl_edit::library::{doc_key, Library, SavedDoc, INDEX_KEY};
use asl_edit::Selection;
use leptos::prelude::*;

use asl_edit::cases::TestCases;
use serde_json::Value;

use crate::documents::open::now;
use crate::documents::template::TemplateSource;
use crate::gallery::samples::{by_stem, first_files, sample, sample_tests, SampleId, FIRST};
use crate::store::Store;

/// How a failed save's message starts (a later save that works clears it).
const NOT_SAVED: &str = "Not saved";

/// How long the Undo of a delete stays offered.
const UNDO_DELETE_MS: u32 = 8000;

/// How long typing must pause before a save.
const AUTOSAVE_DELAY_MS: u64 = 300;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or("this browser gives no localStorage")?;
    s.set_item(key, value).map_err(|_| "the browser's storage is full or refused the write".to_string())
}

/// The saved document under `id`, if its record can be read.
fn read_doc(id: &str) -> Option<SavedDoc> {
    read(&doc_key(id)).and_then(|s| SavedDoc::from_json(&s))
}

/// Whether a record is stored under `id` (whatever the index says).
fn stored(id: &str) -> bool {
    read(&doc_key(id)).is_some()
}

/// What the app starts with: the shared definition of the URL, else the document open at the
/// last visit, else the first sample as a new document.
pub struct Boot {
    pub library: Library,
    pub doc: SavedDoc,
    pub sample_id: Option<SampleId>,
    pub tests: TestCases,
    pub message: Option<String>,
}

/// A saved document's test cases; records from before test cases existed get the sample's.
fn tests_of(doc: &SavedDoc) -> TestCases {
    TestCases::from_json(&doc.tests).unwrap_or_else(|| match by_stem(&doc.sample) {
        Some(id) => sample_tests(id),
        None => TestCases::default(),
    })
}

/// The test cases of a share link: its MockConfig imported (one state machine: applied whatever
/// its name) with the named case active. A damaged MockConfig is reported; the definition opens.
pub(crate) fn shared_tests(shared: &asl_edit::share::Shared, message: &mut Vec<String>) -> TestCases {
    let mut tests = TestCases::default();
    match &shared.mock {
        None => {}
        Some(Err(e)) => message.push(e.clone()),
        Some(Ok(text)) => {
            let imported = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("not JSON: {e}"))
                .and_then(|v| TestCases::from_mock_config(&v, None, "{}"));
            match imported {
                Ok(t) => tests = t,
                Err(e) => message.push(format!("The MockConfig in the share link was not imported: {e}")),
            }
        }
    }
    if let Some(case) = &shared.test_case {
        match tests.index_of(case) {
            Some(i) => tests.active = i,
            None => message.push(format!("The share link names test case '{case}', which its MockConfig lacks.")),
        }
    }
    tests
}

pub fn boot() -> Boot {
    let mut library = read(INDEX_KEY).map(|s| Library::from_json(&s)).unwrap_or_default();
    let mut message = None;
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if let Some(shared) = asl_edit::share::parse_fragment(&hash) {
        clear_hash();
        match &shared.definition {
            Ok(text) => {
                let mut notes = vec!["Opened the shared definition".to_string()];
                let tests = shared_tests(&shared, &mut notes);
                let id = library.create("Shared definition", now(), stored);
                let doc = SavedDoc {
                    text: text.clone(),
                    selection: Selection::default(),
                    sample: String::new(),
                    tests: tests.to_json(),
                    valid_text: None,
                    template: Value::Null,
                    yaml: asl_edit::convert::is_yaml_definition(text),
                    express: false,
                };
                let _ = write(&doc_key(&id), &doc.to_json());
                let _ = write(INDEX_KEY, &library.to_json());
                return Boot { library, doc, sample_id: None, tests, message: Some(notes.join(". ")) };
            }
            Err(e) => message = Some(e.clone()),
        }
    }
    let restored = library.current.as_deref().and_then(read_doc);
    let doc = match restored {
        Some(doc) => doc,
        None => {
            let s = sample(FIRST);
            library.create(&s.info.title, now(), stored);
            SavedDoc {
                text: first_files().definition.to_string(),
                selection: Selection::default(),
                sample: s.file_stem.to_string(),
                tests: Value::Null,
                valid_text: None,
                template: Value::Null,
                yaml: false,
                express: false,
            }
        }
    };
    let sample_id = by_stem(&doc.sample);
    let tests = tests_of(&doc);
    Boot { library, doc, sample_id, tests, message }
}

/// Drops the `#def=` fragment from the address (keeping the path and query) without a reload.
pub(crate) fn clear_hash() {
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_else(|_| "/".into());
        let search = w.location().search().unwrap_or_default();
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
        }
    }
}

/// The saving side of the store: the open document, its test cases and the index.
impl Store {
    /// Saves the open document and the index now. Not while another tab's version of it waits
    /// for the user's choice (see [`Store::watch_other_tabs`]): that would overwrite it.
    pub fn save_now(&self) {
        let Some(id) = self.library.with_untracked(|l| l.current.clone()) else { return };
        if self.conflict.get_untracked() {
            return;
        }
        let text = self.doc.text.get_untracked();
        let valid_text = self.valid_text.with_value(|v| v.clone().filter(|v| *v != text));
        let doc = SavedDoc {
            text,
            selection: self.doc.selection.get_untracked(),
            sample: self.sample_id.get_untracked().map(|id| sample(id).file_stem.to_string()).unwrap_or_default(),
            tests: self.tests.with_untracked(TestCases::to_json),
            valid_text,
            template: self.template.with_untracked(|t| t.as_ref().map_or(Value::Null, TemplateSource::to_json)),
            yaml: self.syntax.get_untracked() == Syntax::Yaml,
            express: self.express.get_untracked(),
        };
        self.library.update_untracked(|l| l.touch(&id, now()));
        let record = doc.to_json();
        let result = write(&doc_key(&id), &record)
            .and_then(|_| write(INDEX_KEY, &self.library.with_untracked(Library::to_json)));
        match result {
            Ok(()) => {
                self.last_saved.set_value(record);
                if self.message.with_untracked(|m| m.as_deref().is_some_and(|m| m.starts_with(NOT_SAVED))) {
                    self.message.set(None);
                }
            }
            Err(e) => {
                self.message.set(Some(format!("{NOT_SAVED}: {e}. The text stays in the editor; export it to keep it.")))
            }
        }
    }

    /// Saves on every change, once typing pauses, and when the page goes away.
    pub fn autosave(self) {
        let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
        Effect::new(move |first: Option<()>| {
            self.doc.text.track();
            self.doc.selection.track();
            self.sample_id.track();
            self.tests.track();
            self.template.track();
            if first.is_none() {
                // Nothing changed yet; but a new library (first visit) is written at once.
                self.save_now();
                return;
            }
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let handle =
                set_timeout_with_handle(move || self.save_now(), std::time::Duration::from_millis(AUTOSAVE_DELAY_MS));
            pending.set_value(handle.ok());
        });
        let listener = window_event_listener(leptos::ev::pagehide, move |_| self.save_now());
        // The app lives as long as the page: the listener is never removed.
        std::mem::forget(listener);
    }

    /// Whether the open document is still exactly its sample as shipped (nothing to keep).
    fn is_pristine_sample(&self) -> bool {
        let Some(id) = self.sample_id.get_untracked() else { return false };
        // A sample whose files are not here was not opened on this page: kept, to be safe.
        let Some(files) = sample(id).files() else { return false };
        self.doc.text.with_untracked(|t| t == files.definition)
            && self.tests.with_untracked(|t| t.to_json() == sample_tests(id).to_json())
    }

    /// Opens `text` as a new document named `name`. The document that was open stays saved
    /// (and listed in Documents), unless it was an untouched sample, which is simply replaced.
    pub fn open_new(&self, name: &str, text: String, sample_id: Option<SampleId>, tests: TestCases) {
        self.open_new_as(name, text, Syntax::Json, sample_id, tests);
    }

    /// [`Store::open_new`] for a text in `syntax` (a YAML definition stays YAML).
    pub fn open_new_as(&self, name: &str, text: String, syntax: Syntax, sample_id: Option<SampleId>, tests: TestCases) {
        let pristine = self.is_pristine_sample();
        self.save_now();
        let current = self.library.with_untracked(|l| l.current.clone());
        self.library.update(|l| match current.filter(|_| pristine) {
            Some(id) => {
                l.rename(&id, name);
                l.touch(&id, now());
            }
            None => {
                l.create(name, now(), stored);
            }
        });
        self.switched(sample_id, tests);
        self.syntax.set(syntax);
        self.express.set(false);
        self.doc.reset(text, Selection::default());
        self.save_now();
    }

    /// Puts a saved document on show: its text and cursor, sample, test cases and template.
    fn show_saved(&self, saved: SavedDoc) {
        self.switched(by_stem(&saved.sample), tests_of(&saved));
        self.template.set(TemplateSource::from_json(&saved.template));
        self.syntax.set(if saved.yaml { Syntax::Yaml } else { Syntax::Json });
        self.express.set(saved.express);
        self.doc.reset(saved.text, saved.selection);
    }

    /// Switches to a saved document.
    pub fn open(&self, id: &str) {
        let Some(saved) = read_doc(id) else {
            self.message.set(Some("That document could not be read from the browser's storage.".into()));
            return;
        };
        self.save_now();
        self.library.update(|l| l.current = Some(id.to_string()));
        self.show_saved(saved);
        self.save_now();
    }

    pub fn rename(&self, id: &str, name: &str) {
        self.library.update(|l| {
            l.rename(id, name);
        });
        self.save_now();
    }

    /// Deletes a saved document; deleting the open one opens the newest remaining one (or a
    /// fresh sample when none remain). Undo is offered for a while ([`Store::undo_delete`]).
    pub fn delete(&self, id: &str) {
        self.save_now();
        let was_current = self.library.with_untracked(|l| l.current.as_deref() == Some(id));
        let record = read(&doc_key(id));
        let Some((at, meta)) = self.library.try_update(|l| l.remove(id)).flatten() else { return };
        if let Some(s) = storage() {
            let _ = s.remove_item(&doc_key(id));
        }
        let _ = write(INDEX_KEY, &self.library.with_untracked(Library::to_json));
        if was_current {
            match self.library.with_untracked(|l| l.current.clone()) {
                Some(next) => {
                    // Open without saving the deleted document back.
                    if let Some(saved) = read_doc(&next) {
                        self.show_saved(saved);
                    }
                }
                None => {
                    // The document's sample again, if its files are here, else the first one.
                    let (id, files) = self
                        .sample_id
                        .get_untracked()
                        .and_then(|id| Some((id, sample(id).files()?)))
                        .unwrap_or((FIRST, first_files()));
                    self.library.update(|l| {
                        l.create(&sample(id).info.title, now(), stored);
                    });
                    self.switched(Some(id), sample_tests(id));
                    self.doc.reset(files.definition.to_string(), Selection::default());
                }
            }
            self.save_now();
        }
        let Some(record) = record else { return };
        let generation = self.deleted.with_untracked(|d| d.as_ref().map_or(0, |d| d.generation + 1));
        self.deleted.set(Some(Deleted { at, meta, record, was_current, generation }));
        // The offer ends on its own; a later delete replaces it (and its timer).
        let deleted = self.deleted;
        gloo_timers::callback::Timeout::new(UNDO_DELETE_MS, move || {
            if deleted.with_untracked(|d| d.as_ref().is_some_and(|d| d.generation == generation)) {
                deleted.set(None);
            }
        })
        .forget();
    }

    /// Brings back the document deleted last, where it was in the list, and opens it again if it
    /// was the open one.
    pub fn undo_delete(&self) {
        let Some(d) = self.deleted.get_untracked() else { return };
        self.deleted.set(None);
        if let Err(e) = write(&doc_key(&d.meta.id), &d.record) {
            self.message.set(Some(format!("Could not bring the document back: {e}.")));
            return;
        }
        let id = d.meta.id.clone();
        self.library.update(|l| l.restore(d.at, d.meta));
        if d.was_current {
            self.open(&id);
        } else {
            let _ = write(INDEX_KEY, &self.library.with_untracked(Library::to_json));
        }
    }

    /// Another tab of the app writes the same storage: its index is merged in; a change to the
    /// document open here (with other content than this tab's) stops saving it and asks
    /// whether to load that version or keep this one as a copy ([`Store::resolve_conflict`]).
    pub fn watch_other_tabs(self) {
        let listener = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
            let (Some(key), Some(value)) = (ev.key(), ev.new_value()) else { return };
            if key == INDEX_KEY {
                self.library.update(|l| *l = l.merged_from(&value));
                return;
            }
            let Some(id) = self.library.with_untracked(|l| l.current.clone()) else { return };
            if key != doc_key(&id) || self.last_saved.with_value(|s| *s == value) {
                return;
            }
            let same_text = SavedDoc::from_json(&value).is_some_and(|d| self.doc.text.with_untracked(|t| *t == d.text));
            if !same_text {
                self.conflict.set(true);
            }
        });
        std::mem::forget(listener);
    }

    /// The user's answer to a conflict: `load_theirs` opens the other tab's version here;
    /// otherwise this tab's text is saved as a new document, leaving theirs as it is.
    pub fn resolve_conflict(&self, load_theirs: bool) {
        let Some(id) = self.library.with_untracked(|l| l.current.clone()) else { return };
        self.conflict.set(false);
        if load_theirs {
            if let Some(saved) = read_doc(&id) {
                self.show_saved(saved);
                self.last_saved.set_value(read(&doc_key(&id)).unwrap_or_default());
            }
            return;
        }
        let name = self.library.with_untracked(|l| l.get(&id).map(|d| format!("{} (this tab)", d.name)));
        self.library.update(|l| {
            l.create(name.as_deref().unwrap_or("Copy"), now(), stored);
        });
        self.save_now();
    }
}

/// A document just deleted, kept so it can be brought back.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub at: usize,
    pub meta: asl_edit::library::DocMeta,
    /// Its stored record, as it was.
    pub record: String,
    pub was_current: bool,
    /// Counts deletes, so an old timer does not end a newer offer.
    pub generation: u64,
}

/// "Deleted …  Undo" after a delete, and the question when another tab changed the document.
#[component]
pub fn SafetyNotices(store: Store) -> impl IntoView {
    let toast = move || {
        store.deleted.with(|d| d.as_ref().map(|d| d.meta.name.clone())).map(|name| {
            view! {
                <div id="toast" class="toast" role="status">
                    {format!("Deleted “{name}”.")}
                    <button id="toast-undo" on:click=move |_| store.undo_delete()>"Undo"</button>
                </div>
            }
        })
    };
    let conflict = move || {
        store.conflict.get().then(|| {
            view! {
                <div id="conflict" class="conflict" role="alert">
                    "This document was changed in another tab. This tab stopped saving it. "
                    <button id="conflict-reload" on:click=move |_| store.resolve_conflict(true)>
                        "Load the other tab's version"
                    </button>
                    <button id="conflict-copy" on:click=move |_| store.resolve_conflict(false)>
                        "Keep this tab's as a copy"
                    </button>
                </div>
            }
        })
    };
    view! { {conflict} {toast} }
}

/// The Documents menu.
#[component]
pub fn DocumentsMenu(store: Store) -> impl IntoView {
    let library = store.library;
    let rows = move || {
        library.with(|l| {
            let current = l.current.clone();
            l.docs
                .iter()
                .rev()
                .map(|d| {
                    let id = d.id.clone();
                    let (open_id, rename_id, delete_id) = (id.clone(), id.clone(), id.clone());
                    let is_current = current.as_deref() == Some(id.as_str());
                    view! {
                        <li class="document" class:current=is_current data-id=id.clone()>
                            <input
                                class="doc-name"
                                aria-label="Document name"
                                prop:value=d.name.clone()
                                on:change=move |ev| store.rename(&rename_id, &event_target_value(&ev))
                            />
                            <button class="doc-open" disabled=is_current on:click=move |_| store.open(&open_id)>
                                "Open"
                            </button>
                            <button class="doc-delete" on:click=move |_| store.delete(&delete_id)>
                                "Delete"
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <details id="documents" class="menu">
            <summary>"Documents"</summary>
            <div class="menu-body">
                <ul id="document-list">{rows}</ul>
            </div>
        </details>
    }
}
