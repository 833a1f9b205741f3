//! The simulation panel: the document's test cases (execution input, scripted outcomes,
//! expectations), playback controls, the event history and the selected event's state input
//! and output.

pub mod cases;
pub mod compare;
pub mod history;
pub mod outcomes;
pub mod playback;
pub mod results;
pub mod timeline;

use std::sync::Arc;

use asl_core::{HistoryEvent, Run};
use leptos::prelude::*;
use serde_json::Value;

use crate::analysis::Analysis;
use crate::app::Playback;
use crate::documents::template::TemplatePanel;
use crate::simulation::cases::{ExpectEditor, TestCaseBar};
use crate::simulation::compare::Compare;
use crate::simulation::history::HistoryList;
use crate::simulation::outcomes::OutcomeEditor;
use crate::simulation::playback::PlaybackBar;
use crate::simulation::results::RunAll;
use crate::simulation::timeline::Timeline;
use crate::store::Store;

fn pretty(value: &Value) -> String {
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

/// The state visit an event belongs to, within the shown prefix: its input, its output once it
/// has exited, and its data-flow stages.
struct Visit {
    name: String,
    input: Value,
    output: Option<Value>,
    stages: Vec<(String, Value)>,
}

fn state_visit(shown: &[HistoryEvent], index: usize) -> Option<Visit> {
    let name = shown.get(index)?.state.clone()?;
    let entered = (0..=index)
        .rev()
        .find(|&i| shown[i].state.as_deref() == Some(&name) && shown[i].event_type.is_state_entered())?;
    let input = shown[entered].details.get("input").cloned().unwrap_or(Value::Null);
    let exit = shown[entered..].iter().find(|e| e.state.as_deref() == Some(&name) && e.event_type.is_state_exited());
    let output = exit.and_then(|e| e.details.get("output").cloned());
    // The stages are on the event that ends the visit (exit or failure), once shown.
    let stages = shown[entered..]
        .iter()
        .take_while(|e| {
            !(e.state.as_deref() == Some(&name) && e.event_type.is_state_entered()) || std::ptr::eq(*e, &shown[entered])
        })
        .filter(|e| e.state.as_deref() == Some(&name))
        .find_map(|e| e.data_flow.clone())
        .map(|m| m.into_iter().collect())
        .unwrap_or_default();
    Some(Visit { name, input, output, stages })
}

#[component]
pub fn SimulationPanel(store: Store, analysis: Analysis) -> impl IntoView {
    let playback = store.playback;
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    // The history as events (AWS's list) or as a timeline of state visits.
    let timeline_view = RwSignal::new(false);
    // What runs: the definition as parsed, or for one from a template, with its placeholders
    // replaced by their values (the template's own, fakes of the right kind, or the user's).
    // A memo: computed once per analysis (not per read), and readers wake only when it changed.
    let machine: Signal<Option<Arc<asl_core::Machine>>> = Memo::new(move |_| {
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
    .into();
    let layout = Signal::derive(move || analysis.diagram.with(|d| d.as_ref().map(|d| d.layout.clone())));
    let blocked = move || store.cannot_run(machine.get().as_deref());

    let start = move || {
        error.set(None);
        // The analysis may still be waiting for a pause in typing.
        analysis.flush();
        let m = machine.get_untracked();
        if let Some(why) = store.cannot_run(m.as_deref()) {
            error.set(Some(why));
            return;
        }
        if let Some(m) = m {
            if let Err(e) = store.run_active(&m) {
                error.set(Some(e));
            }
        }
    };
    let can_redrive = move || {
        machine.with(Option::is_some)
            && playback.with(|p| {
                p.as_ref().is_some_and(|p| {
                    matches!(
                        p.run().status,
                        asl_core::Status::Failed | asl_core::Status::TimedOut | asl_core::Status::Aborted
                    )
                })
            })
    };
    let redrive = move || {
        error.set(None);
        analysis.flush();
        let Some(m) = machine.get_untracked() else { return };
        if let Err(e) = store.redrive(&m) {
            error.set(Some(e));
        }
    };
    let move_cursor = move |f: fn(&mut Playback)| {
        playback.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        });
    };
    let no_run = move || playback.with(|p| p.is_none());
    let at_end = move || playback.with(|p| p.as_ref().is_none_or(Playback::is_done));
    let at_start = move || playback.with(|p| p.as_ref().is_none_or(|p| p.cursor() <= 1));

    let status_line = move || {
        playback.with(|p| match p {
            None => view! { <span id="execution-status" class="status idle">"Not started"</span> }.into_any(),
            Some(p) => {
                let done = p.is_done();
                let run = p.run();
                let status = if done { run.status.as_str() } else { "RUNNING" };
                let class = format!("status {}", status.to_lowercase());
                let shown = &run.history[p.cursor() - 1];
                let result = done.then(|| match (&run.output, &run.error) {
                    (Some(output), _) => view! {
                        <div class="result"><b>"Output"</b><pre id="execution-output" tabindex="0">{pretty(output)}</pre></div>
                    }
                    .into_any(),
                    (None, error) => view! {
                        <div class="result" id="execution-error">
                            <div><b>"Error: "</b>{error.clone().unwrap_or_default()}</div>
                            <div><b>"Cause: "</b>{run.cause.clone().unwrap_or_default()}</div>
                        </div>
                    }
                    .into_any(),
                });
                view! {
                    <div>
                        <span id="execution-status" class=class>{status}</span>
                        <span class="progress">
                            {format!(" event {} of {} · virtual time {}", p.cursor(), p.len(), elapsed(run, shown))}
                        </span>
                        {result}
                    </div>
                }
                .into_any()
            }
        })
    };

    let export_history = move |_| {
        let text = playback.with_untracked(|p| {
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
    };

    let details = move || {
        playback.with(|p| {
            let p = p.as_ref()?;
            let shown = p.shown();
            // The event at the cursor: the scrubber, the keys and a click on a history row move it.
            let index = shown.len() - 1;
            let event = &shown[index];
            let visit = state_visit(shown, index).map(|visit| {
                let stages = (!visit.stages.is_empty()).then(|| {
                    let rows = visit
                        .stages
                        .iter()
                        .map(|(stage, value)| {
                            view! {
                                <li data-stage=stage.clone()>
                                    <span class="stage">{stage.clone()}</span>
                                    <pre tabindex="0">{pretty(value)}</pre>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <details class="data-flow" open>
                            <summary>"Data flow"</summary>
                            <ol id="data-flow">{rows}</ol>
                        </details>
                    }
                });
                view! {
                    <div class="visit">
                        <div class="visit-state">"State: " <b id="detail-state">{visit.name}</b></div>
                        <div class="io">
                            <div><h4>"Input"</h4><pre id="detail-input" tabindex="0">{pretty(&visit.input)}</pre></div>
                            <div>
                                <h4>"Output"</h4>
                                <pre id="detail-output" tabindex="0">
                                    {visit.output.map(|o| pretty(&o)).unwrap_or_else(|| "(not exited yet)".into())}
                                </pre>
                            </div>
                        </div>
                        {stages}
                    </div>
                }
            });
            Some(view! {
                <div id="event-details">
                    <div class="event-title">
                        {format!("#{} {}", event.id, event.event_type)}
                    </div>
                    {visit}
                    <details>
                        <summary>"Event details"</summary>
                        <pre tabindex="0">{pretty(&event.details)}</pre>
                    </details>
                </div>
            })
        })
    };

    view! {
        <TestCaseBar store=store />
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
        <div class="controls">
            <button id="sim-start" on:click=move |_| start() title=move || blocked().unwrap_or_default()>"Start"</button>
            <button id="sim-step" on:click=move |_| move_cursor(|p| {
                p.step();
            }) disabled=move || no_run() || at_end()>
                "Step"
            </button>
            <button id="sim-back" on:click=move |_| move_cursor(|p| {
                p.back();
            }) disabled=move || no_run() || at_start()>
                "Step back"
            </button>
            <button id="sim-end" on:click=move |_| move_cursor(Playback::to_end) disabled=move || no_run() || at_end()>
                "Run to end"
            </button>
            <button
                id="sim-reset"
                on:click=move |_| {
                    store.clear_run();
                    error.set(None);
                }
                disabled=no_run
            >
                "Reset"
            </button>
            <button
                id="sim-redrive"
                on:click=move |_| redrive()
                disabled=move || !can_redrive()
                title="Redrive the failed run as AWS does: on from the state that failed, keeping what succeeded, with the outcomes as scripted now"
            >
                "Redrive"
            </button>
        </div>
        <PlaybackBar store=store />
        {move || error.get().or_else(blocked).map(|e| view! { <div class="sim-error" id="sim-error">{e}</div> })}
        {move || store.run_is_stale().then(|| view! {
            <div class="stale-run" id="stale-run">
                "This run was made on an earlier version of the definition. "
                <button id="sim-rerun" on:click=move |_| start()>"Re-run"</button>
            </div>
        })}
        <div class="status-line">{status_line}</div>
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
                <button id="export-history" disabled=no_run on:click=export_history
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
        {details}
    }
}
