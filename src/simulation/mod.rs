//! The simulation panel: the document's test cases (execution input, scripted outcomes,
//! expectations), playback controls, the event history and the selected event's state input
//! and output.

pub mod cases;
pub mod compare;
pub mod controls;
pub mod details;
pub mod events;
pub mod outcomes;
pub mod playback;
pub mod results;
pub mod timeline;

use std::sync::Arc;

use asl_core::{HistoryEvent, Machine, Run};
use leptos::prelude::*;
use serde_json::Value;

use crate::analysis::Analysis;
use crate::documents::template::TemplatePanel;
use crate::simulation::cases::{ExpectEditor, TestCaseBar};
use crate::simulation::compare::Compare;
use crate::simulation::controls::{Controls, Runner};
use crate::simulation::details::{EventDetails, StatusLine};
use crate::simulation::events::HistoryList;
use crate::simulation::outcomes::OutcomeEditor;
use crate::simulation::playback::PlaybackBar;
use crate::simulation::results::RunAll;
use crate::simulation::timeline::Timeline;
use crate::store::Store;

pub(crate) fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// `+2m 0s` since the start of the run.
pub(crate) fn elapsed(run: &Run, event: &HistoryEvent) -> String {
    let start = run.history.first().map_or(event.timestamp_ms, |e| e.timestamp_ms);
    let secs = (event.timestamp_ms - start) / 1000;
    match secs {
        s if s < 60 => format!("+{s}s"),
        s if s < 3600 => format!("+{}m {}s", s / 60, s % 60),
        s => format!("+{}h {}m {}s", s / 3600, s % 3600 / 60, s % 60),
    }
}

/// What runs: the definition as parsed, or for one from a template, with its placeholders
/// replaced by their values (the template's own, fakes of the right kind, or the user's).
/// A memo: computed once per analysis (not per read), and readers wake only when it changed.
fn run_machine(store: Store, analysis: Analysis) -> Signal<Option<Arc<Machine>>> {
    Memo::new(move |_| {
        let plain =
            analysis.parsed.with(|p| p.machine.as_ref().filter(|_| !p.has_errors()).map(|m| Arc::new(m.clone())));
        match store.template.get() {
            Some(t) if plain.is_some() => {
                // The text the analysis is of (it follows the text once typing pauses).
                let text = store.doc.text.with_untracked(|d| t.substituted(d));
                let parsed = asl_core::parse(&text);
                let ok = !parsed.has_errors();
                parsed.machine.filter(|_| ok).map(Arc::new).or(plain)
            }
            _ => plain,
        }
    })
    .into()
}

#[component]
pub fn SimulationPanel(store: Store, analysis: Analysis) -> impl IntoView {
    let machine = run_machine(store, analysis);
    let layout = Signal::derive(move || analysis.diagram.with(|d| d.as_ref().map(|d| d.layout.clone())));
    let runner = Runner { store, analysis, machine, error: RwSignal::new(None) };
    view! {
        <TestCaseBar store=store />
        <WorkflowType store=store />
        <div class="sim-input">
            <label for="execution-input">"Execution input"</label>
            <textarea
                id="execution-input"
                spellcheck="false"
                prop:value=move || store.tests.with(|t| t.active().input.clone())
                on:input=move |ev| store.set_input(event_target_value(&ev))
            ></textarea>
        </div>
        <TemplatePanel store=store />
        <details class="outcomes-panel" open>
            <summary><h3>"Scripted outcomes"</h3></summary>
            <OutcomeEditor store=store machine=machine layout=layout />
        </details>
        <ExpectEditor store=store />
        <RunAll store=store machine=machine />
        <Compare store=store analysis=analysis machine=machine />
        <Controls runner />
        <PlaybackBar store=store />
        {move || runner.error.get().or_else(move || runner.blocked()).map(|e| view! { <div class="sim-error" id="sim-error">{e}</div> })}
        {move || store.run_is_stale().then(|| view! {
            <div class="stale-run" id="stale-run">
                "This run was made on an earlier version of the definition. "
                <button id="sim-rerun" on:click=move |_| runner.start()>"Re-run"</button>
            </div>
        })}
        <div class="status-line"><StatusLine playback=store.playback /></div>
        <HistoryPane store machine layout />
        <EventDetails playback=store.playback />
    }
}

/// Standard or Express: a change clears the run, as it is checked and run differently.
#[component]
fn WorkflowType(store: Store) -> impl IntoView {
    view! {
        <label class="workflow-type">
            "Workflow type "
            <select
                id="workflow-type"
                title="Express: checked as AWS checks Express machines (no .sync, no callbacks, no activities); runs at most 5 minutes, with no 25,000-event history limit"
                on:change=move |ev| {
                    store.express.set(event_target_value(&ev) == "EXPRESS");
                    store.clear_run();
                    store.save_now();
                }
            >
                <option value="STANDARD" selected=move || !store.express.get()>"Standard"</option>
                <option value="EXPRESS" selected=move || store.express.get()>"Express"</option>
            </select>
        </label>
    }
}

/// The history as events (AWS's list) or as a timeline of state visits, and its export.
#[component]
fn HistoryPane(
    store: Store,
    machine: Signal<Option<Arc<Machine>>>,
    layout: Signal<Option<Arc<asl_core::layout::Layout>>>,
) -> impl IntoView {
    let timeline_view = RwSignal::new(false);
    let no_run = move || store.playback.with(|p| p.is_none());
    view! {
        <div class="history">
            <div class="history-head">
                <h3>{move || if timeline_view.get() { "Timeline" } else { "Execution history" }}</h3>
                <div class="view-tabs" role="group" aria-label="View">
                    <button id="view-history" aria-pressed=move || (!timeline_view.get()).to_string()
                        on:click=move |_| timeline_view.set(false) title="Every event, as AWS lists them">
                        "Events"
                    </button>
                    <button id="view-timeline" aria-pressed=move || timeline_view.get().to_string()
                        on:click=move |_| timeline_view.set(true) title="One row per state visit on the virtual clock, with attempts and backoff">
                        "Timeline"
                    </button>
                </div>
                <button id="export-history" disabled=no_run on:click=move |_| export_history(store)
                    title="Download the whole run as `aws stepfunctions get-execution-history` prints it; open such a file to replay it here">
                    "Export history"
                </button>
            </div>
            {move || if timeline_view.get() {
                view! { <Timeline store=store machine=machine /> }.into_any()
            } else {
                view! { <HistoryList store=store layout=layout /> }.into_any()
            }}
        </div>
    }
}

/// Downloads the run as `aws stepfunctions get-execution-history` prints it.
fn export_history(store: Store) {
    let text = store.playback.with_untracked(|p| {
        p.as_ref().map(|p| {
            let json = asl_core::run::aws_history::to_json(p.run());
            serde_json::to_string_pretty(&json).unwrap_or_default()
        })
    });
    if let Some(text) = text {
        let name = format!("{}.history.json", crate::gallery::samples::file_stem(store.sample_id.get_untracked()));
        if let Err(e) = crate::download::download(&name, &text) {
            store.message.set(Some(e));
        }
    }
}
