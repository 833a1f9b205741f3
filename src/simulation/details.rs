//! What the panel shows of the run at the playback's position: the status line (status,
//! progress, virtual time, and at the end the output or the error) and the event at the cursor
//! with its state visit's input, output and data-flow stages.

use asl_core::HistoryEvent;
use leptos::prelude::*;
use serde_json::Value;

use crate::app::Playback;
use crate::simulation::{elapsed, pretty};

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

/// `#execution-status` with the progress, and the run's output or error once it has ended.
#[component]
pub fn StatusLine(playback: RwSignal<Option<Playback>>) -> impl IntoView {
    move || {
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
    }
}

/// `#event-details`: the event at the cursor (the scrubber, the keys and a click on a history
/// row move it) and its state visit.
#[component]
pub fn EventDetails(playback: RwSignal<Option<Playback>>) -> impl IntoView {
    move || {
        playback.with(|p| {
            let p = p.as_ref()?;
            let shown = p.shown();
            let index = shown.len() - 1;
            let event = &shown[index];
            let visit = state_visit(shown, index).map(visit_view);
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
    }
}

fn visit_view(visit: Visit) -> impl IntoView {
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
}
