//! The top-level component: owns every piece of state and derives the rest from the text.

use std::sync::Arc;

use asl_core::layout::Layout;
use leptos::prelude::*;

use crate::a11y::{Announcer, Shortcuts};
use crate::analysis::Analysis;
use crate::diagram::palette::{Drag, Palette};
use crate::diagram::viewport::Viewport;
use crate::diagram::visual::{DeleteDialog, VisualEdits};
use crate::diagram::Diagram;
use crate::documents::files::FileActions;
use crate::documents::open::DocState;
use crate::documents::saved::{DocumentsMenu, SafetyNotices};
use crate::documents::template::{TemplatePicker, TemplateSource};
use crate::editor::Editor;
use crate::gallery::samples::{by_stem, file_stem, load, sample, sample_tests, Files, SampleId, SAMPLES};
use crate::gallery::Gallery;
use crate::inspector::test_state::TestState;
use crate::inspector::Inspector;
use crate::simulation::SimulationPanel;
use crate::store::Store;
use crate::theme::ThemePicker;
use crate::workspace::{remembered_sizes, PaneHead, PaneSizes, Side, Splitter};

/// What the diagram draws: the layout of the last definition without errors, and whether the
/// text has moved on. Only what is drawn is here, so an edit that leaves the layout as it was
/// (a Comment, a Parameters value) does not redraw the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramModel {
    pub layout: Arc<Layout>,
    pub stale: bool,
}

/// A simulated execution and how far the user has stepped into it.
pub type Playback = asl_core::Execution;

/// Opens the document of the last visit (or a share link, or the first sample) and starts
/// deriving from its text; the store saves it and follows other tabs from here on.
fn boot() -> (Store, Analysis) {
    let boot = crate::documents::saved::boot();
    let doc = DocState::new(boot.doc.text, boot.doc.selection);
    let store = Store::new(doc, boot.library, boot.sample_id, boot.tests);
    store.template.set(TemplateSource::from_json(&boot.doc.template));
    store.message.set(boot.message);
    store.autosave();
    store.watch_other_tabs();
    if boot.doc.yaml {
        store.syntax.set(asl_core::Syntax::Yaml);
    }
    store.express.set(boot.doc.express);
    let analysis = Analysis::follow(doc, store.syntax, move |old, new| store.state_renamed(old, new));
    // A definition from a template is checked as AWS checks it there: `${…}` placeholders allowed.
    Effect::new(move |_| {
        let allow_substitutions = store.template.with(Option::is_some);
        let express = store.express.get();
        analysis.set_options(asl_core::ParseOptions { allow_substitutions, express, ..Default::default() });
    });
    if let Some(valid) = &boot.doc.valid_text {
        analysis.show_stale(valid);
        store.valid_text.set_value(Some(valid.clone()));
    }
    // What was last drawable is saved beside a text that is not (see `SavedDoc::valid_text`).
    Effect::new(move |_| {
        if analysis.diagram.with(|d| d.as_ref().is_some_and(|d| !d.stale)) {
            store.valid_text.set_value(Some(doc.text.get_untracked()));
        }
    });
    // The restored document's sample, if its files are not embedded: fetched in the background,
    // so that opening another sample can tell whether this one was left untouched.
    if let Some(id) = store.sample_id.get_untracked().filter(|&id| sample(id).files().is_none()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = load(id).await;
        });
    }
    (store, analysis)
}

#[component]
pub fn App() -> impl IntoView {
    let (store, analysis) = boot();
    let viewport = RwSignal::new(Viewport::default());
    let file_stem = Signal::derive(move || file_stem(store.sample_id.get()).to_string());
    let edits = VisualEdits::new(store, analysis);
    let load_sample = Callback::new(move |id: SampleId| {
        let open = move |files: Files| {
            // A new document: the one that was open stays in Documents.
            store.open_new(&sample(id).info.title, files.definition.to_string(), Some(id), sample_tests(id));
            store.message.set(None);
            viewport.set(Viewport::default());
        };
        match sample(id).files() {
            Some(files) => open(files),
            None => wasm_bindgen_futures::spawn_local(async move {
                match load(id).await {
                    Ok(files) => open(files),
                    Err(e) => {
                        store.message.set(Some(e));
                        // The menu shows the pick: back to the sample that is open.
                        store.sample_id.notify();
                    }
                }
            }),
        }
    });
    let gallery_open = RwSignal::new(false);
    let shortcuts_open = RwSignal::new(false);
    let sizes = remembered_sizes();
    let parsed = analysis.parsed.read_only();
    view! {
        <TopBar store file_stem load_sample gallery_open shortcuts_open />
        <main class="workspace" style:grid-template-columns=move || sizes.with(PaneSizes::columns)>
            <section class="pane editor-pane" id="editor-pane" class:collapsed=move || sizes.with(|s| s.editor_collapsed)>
                <PaneHead side=Side::Editor sizes=sizes title="Definition" />
                {move || {
                    (store.syntax.get() == asl_core::Syntax::Yaml)
                        .then(|| {
                            view! {
                                <p id="doc-syntax" class="doc-syntax" title="Edits in the diagram and the inspector are written back into the YAML; Export JSON converts it">
                                    "YAML, kept as YAML"
                                </p>
                            }
                        })
                }}
                <Editor doc=store.doc parsed=parsed selected_state=store.selected_state message=store.message syntax=store.syntax />
            </section>
            <Splitter side=Side::Editor sizes=sizes controls="editor-pane" />
            <DiagramPane store analysis edits viewport file_stem />
            <Splitter side=Side::Simulation sizes=sizes controls="simulation-pane" />
            <section class="pane simulation-pane" id="simulation-pane" class:collapsed=move || sizes.with(|s| s.simulation_collapsed)>
                <PaneHead side=Side::Simulation sizes=sizes title="Simulation" />
                <SimulationPanel store=store analysis=analysis />
            </section>
        </main>
        <DeleteDialog edits=edits />
        <SafetyNotices store=store />
        <TemplatePicker store=store pending=store.template_pending />
        <Gallery open=gallery_open on_pick=load_sample />
        <Shortcuts open=shortcuts_open />
        <Announcer store=store parsed=parsed />
    }
}

/// The sample menu, the gallery, export, files, documents, theme and keys; the last message.
#[component]
fn TopBar(
    store: Store,
    file_stem: Signal<String>,
    load_sample: Callback<SampleId>,
    gallery_open: RwSignal<bool>,
    shortcuts_open: RwSignal<bool>,
) -> impl IntoView {
    let sample_id = store.sample_id;
    let export = move |_| {
        let name = format!("{}.asl.json", file_stem.get_untracked());
        let json = store.doc.text.with_untracked(|t| asl_edit::convert::to_json_text(t, store.syntax.get_untracked()));
        if let Err(e) = json.and_then(|json| crate::download::download(&name, &json)) {
            store.message.set(Some(e));
        }
    };
    view! {
        <header class="topbar">
            <h1>"ASL Studio"</h1>
            <label class="sample-picker">
                "Sample "
                <select
                    id="sample-menu"
                    prop:value=move || sample_id.get().map_or("", |id| sample(id).file_stem)
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(id) = by_stem(&value) {
                            load_sample.run(id);
                        }
                    }
                >
                    {SAMPLES
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.file_stem selected=move || sample_id.get() == Some(s.id)>
                                    {s.info.title.clone()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button
                id="gallery-open"
                aria-haspopup="dialog"
                title="Browse the sample workflows: search, filter, open one as a new document"
                on:click=move |_| gallery_open.set(true)
            >
                "Gallery…"
            </button>
            <button id="export" on:click=export title="Download the definition as JSON (a YAML definition converted)">
                "Export JSON"
            </button>
            <FileActions persist=store />
            <DocumentsMenu store=store />
            <ThemePicker />
            <button
                id="shortcuts-open"
                aria-haspopup="dialog"
                aria-keyshortcuts="?"
                title="Keyboard shortcuts (?)"
                on:click=move |_| shortcuts_open.set(true)
            >
                "Keys"
            </button>
            {move || store.message.get().map(|m| view! { <span id="message" class="message">{m}</span> })}
        </header>
    }
}

/// The diagram with its palette, and the inspector of the selected state.
#[component]
fn DiagramPane(
    store: Store,
    analysis: Analysis,
    edits: VisualEdits,
    viewport: RwSignal<Viewport>,
    file_stem: Signal<String>,
) -> impl IntoView {
    let (parsed, diagram) = (analysis.parsed.read_only(), analysis.diagram.read_only());
    let selected_state = store.selected_state;
    let drag: RwSignal<Option<Drag>> = RwSignal::new(None);
    let marks = Signal::derive(move || store.node_marks());
    view! {
        <section class="pane diagram-pane">
            <h2>"Diagram"</h2>
            <div class="diagram-row">
                <Palette edits=edits diagram=diagram viewport=viewport selected_state=selected_state drag=drag />
                <Diagram
                    diagram=diagram
                    playback=store.playback
                    selected_state=selected_state
                    viewport=viewport
                    file_stem=file_stem
                    edits=edits
                    doc=store.doc
                    palette_drag=drag
                    marks=marks
                    iteration=store.iteration
                />
            </div>
            <section class="inspector" id="inspector" aria-label="Inspector">
                <h3>"Inspector"</h3>
                <Inspector edits=edits parsed=parsed text=store.doc.text selected_state=selected_state />
                <TestState store=store parsed=parsed />
            </section>
        </section>
    }
}
