//! The top-level component: owns every piece of state and derives the rest from the text.

use std::sync::Arc;

use asl_core::layout::Layout;
use leptos::prelude::*;

use crate::analysis::Analysis;
use crate::diagram::palette::{Drag, Palette};
use crate::diagram::viewport::Viewport;
use crate::diagram::visual::{DeleteDialog, VisualEdits};
use crate::diagram::Diagram;
use crate::documents::files::FileActions;
use crate::documents::open::DocState;
use crate::documents::saved::{DocumentsMenu, Persist};
use crate::editor::Editor;
use crate::inspector::Inspector;
use crate::simulation::samples::{by_stem, sample, Outcomes, SampleId, SAMPLES};
use crate::simulation::SimulationPanel;

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

#[component]
pub fn App() -> impl IntoView {
    // The document open at the last visit (or a share link, or the first sample).
    let boot = crate::documents::saved::boot();
    let sample_id = RwSignal::new(boot.sample_id);
    let doc = DocState::new(boot.doc.text, boot.doc.selection);
    let text = doc.text;
    let input = RwSignal::new(sample(boot.sample_id).input.to_string());
    let outcomes = RwSignal::new(Outcomes::default());
    let playback: RwSignal<Option<Playback>> = RwSignal::new(None);
    let selected_state: RwSignal<Option<String>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(boot.message);
    let viewport = RwSignal::new(Viewport::default());
    let file_stem = Signal::derive(move || sample(sample_id.get()).file_stem.to_string());
    let persist = Persist { doc, library: RwSignal::new(boot.library), sample_id, message };
    persist.autosave();

    let analysis = Analysis::follow(text);
    let parsed = analysis.parsed.read_only();
    let diagram = analysis.diagram.read_only();
    let edits = VisualEdits::new(doc, analysis, selected_state, message);
    let drag: RwSignal<Option<Drag>> = RwSignal::new(None);

    let load_sample = move |id: SampleId| {
        let s = sample(id);
        // A new document: the one that was open stays in Documents.
        persist.open_new(s.title, s.definition.to_string(), id);
        input.set(s.input.to_string());
        playback.set(None);
        selected_state.set(None);
        message.set(None);
        viewport.set(Viewport::default());
    };

    let export = move |_| {
        let name = format!("{}.asl.json", sample(sample_id.get_untracked()).file_stem);
        if let Err(e) = crate::download::download(&name, &text.get_untracked()) {
            message.set(Some(e));
        }
    };

    view! {
        <header class="topbar">
            <h1>"ASL Studio"</h1>
            <label class="sample-picker">
                "Sample "
                <select
                    id="sample-menu"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(id) = by_stem(&value) {
                            load_sample(id);
                        }
                    }
                >
                    {SAMPLES
                        .iter()
                        .map(|s| {
                            view! {
                                <option value=s.file_stem selected=move || sample_id.get() == s.id>
                                    {s.title}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button id="export" on:click=export title="Download the definition as it is in the editor">
                "Export JSON"
            </button>
            <FileActions persist=persist />
            <DocumentsMenu persist=persist />
            {move || message.get().map(|m| view! { <span id="message" class="message">{m}</span> })}
        </header>
        <main class="workspace">
            <section class="pane editor-pane">
                <h2>"Definition"</h2>
                <Editor doc=doc parsed=parsed selected_state=selected_state message=message />
            </section>
            <section class="pane diagram-pane">
                <h2>"Diagram"</h2>
                <div class="diagram-row">
                    <Palette edits=edits diagram=diagram viewport=viewport selected_state=selected_state drag=drag />
                    <Diagram
                        diagram=diagram
                        playback=playback
                        selected_state=selected_state
                        viewport=viewport
                        file_stem=file_stem
                        edits=edits
                        doc=doc
                        palette_drag=drag
                    />
                </div>
                <section class="inspector" id="inspector" aria-label="Inspector">
                    <h3>"Inspector"</h3>
                    <Inspector edits=edits parsed=parsed text=text selected_state=selected_state />
                </section>
            </section>
            <section class="pane simulation-pane">
                <h2>"Simulation"</h2>
                <SimulationPanel
                    sample_id=sample_id
                    analysis=analysis
                    input=input
                    outcomes=outcomes
                    playback=playback
                    selected_state=selected_state
                />
            </section>
        </main>
        <DeleteDialog edits=edits />
    }
}
