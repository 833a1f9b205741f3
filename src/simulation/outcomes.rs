//! The outcome editor: every state that calls out (Task states of every kind, also inside
//! Parallel branches and Map item processors), in diagram order, with the active test case's
//! scripted invocations: Return (JSON, prefilled with the integration's response shape) or
//! Throw (an error name, the integration's usual ones offered, and a cause), each repeated N
//! times, the last one optionally for every later call. A state with no script gets the
//! integration's default result. Scripts of states that no longer exist are listed as orphaned.

use std::sync::Arc;

use asl_core::layout::Layout;
use asl_core::model::{Machine, State, StateKind};
use asl_core::run::shapes;
use asl_edit::cases::{Script, Step, StepOutcome, TestCases};
use leptos::prelude::*;
use serde_json::Value;

use crate::simulation::pretty;
use crate::store::Store;

/// A state that calls a service.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskInfo {
    pub name: String,
    pub resource: String,
    /// The `Parameters`/`Arguments` as written, for the response prefill.
    pub parameters: Value,
    pub callback: bool,
    /// A Map's `ItemReader`: the script is the list of items read, not a service response.
    pub item_reader: bool,
}

fn collect(machine: &Machine, out: &mut Vec<TaskInfo>) {
    for s in &machine.states {
        match &s.kind {
            StateKind::Task(t) => out.push(task_info(s, &t.resource.value)),
            StateKind::Parallel(p) => p.branches.iter().for_each(|b| collect(b, out)),
            StateKind::Map(m) => {
                // A Map that reads its items (S3 listing, a CSV or JSON file) calls out too.
                let reader = m.item_reader.as_ref().and_then(|r| r.get("Resource")).and_then(Value::as_str);
                if let Some(resource) = reader {
                    out.push(TaskInfo { item_reader: true, ..task_info(s, resource) });
                }
                if let Some(p) = &m.processor {
                    collect(p, out)
                }
            }
            _ => {}
        }
    }
}

fn task_info(state: &State, resource: &str) -> TaskInfo {
    let parameters = state.parameters.as_ref().or(state.arguments.as_ref()).map(|r| r.value().clone());
    TaskInfo {
        name: state.name.clone(),
        resource: resource.to_string(),
        parameters: parameters.unwrap_or(Value::Null),
        callback: resource.ends_with(".waitForTaskToken") || resource.contains(":activity:"),
        item_reader: false,
    }
}

/// The Task states of `machine`, top to bottom and left to right as the diagram draws them
/// (definition order for any the layout lacks).
pub fn task_states(machine: &Machine, layout: Option<&Layout>) -> Vec<TaskInfo> {
    let mut tasks = Vec::new();
    collect(machine, &mut tasks);
    if let Some(l) = layout {
        let at = |name: &str| l.nodes.iter().find(|n| n.name == name).map_or((f64::MAX, f64::MAX), |n| (n.y, n.x));
        asl_core::sort::sort_by(&mut tasks, |a, b| {
            at(&a.name).partial_cmp(&at(&b.name)).unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    tasks
}

/// Edits the active case's script of `state`.
fn edit(store: Store, state: &str, f: impl FnOnce(&mut Script)) {
    store.tests.update(|t| {
        let script = t.active_mut().outcomes.entry(state.to_string()).or_default();
        f(script);
        if script.steps.is_empty() {
            t.active_mut().outcomes.remove(state);
        }
    });
}

fn edit_step(store: Store, state: &str, k: usize, f: impl FnOnce(&mut Step)) {
    edit(store, state, |s| {
        if let Some(step) = s.steps.get_mut(k) {
            f(step);
            // A script that was imported under a name is now the user's own.
            s.response = None;
        }
    });
}

#[component]
pub fn OutcomeEditor(
    store: Store,
    machine: Signal<Option<Arc<Machine>>>,
    layout: Signal<Option<Arc<Layout>>>,
) -> impl IntoView {
    let tasks = Memo::new(move |_| {
        let m = machine.get();
        let l = layout.get();
        m.map(|m| task_states(&m, l.as_deref())).unwrap_or_default()
    });
    let rows = move || {
        let selected = store.selected_state.get();
        tasks
            .get()
            .into_iter()
            .map(|task| {
                let is_selected = selected.as_deref() == Some(task.name.as_str());
                view! { <TaskOutcomes store=store machine=machine task=task selected=is_selected /> }
            })
            .collect_view()
    };
    let orphans = move || {
        let names: Vec<String> = tasks.get().into_iter().map(|t| t.name).collect();
        let list = store.tests.with(|t| t.orphans(&names));
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|(case, state)| {
                    let case_name = store.tests.with_untracked(|t| t.cases[case].name.clone());
                    let remove_state = state.clone();
                    view! {
                        <li class="orphan" data-state=state.clone()>
                            {format!("'{state}' (test case '{case_name}') is no longer a Task of the definition")}
                            <button class="orphan-remove" on:click=move |_| {
                                store.tests.update(|t: &mut TestCases| {
                                    t.cases[case].outcomes.remove(&remove_state);
                                })
                            }>"Remove"</button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul id="orphans" class="orphans">{items}</ul> }
        })
    };
    view! {
        <div id="outcomes" class="outcomes">
            {move || tasks.with(Vec::is_empty).then(|| view! {
                <p class="hint">"No state calls a service: nothing to script."</p>
            })}
            <ul class="task-list">{rows}</ul>
            {orphans}
        </div>
    }
}

#[component]
fn TaskOutcomes(store: Store, machine: Signal<Option<Arc<Machine>>>, task: TaskInfo, selected: bool) -> impl IntoView {
    let name = task.name.clone();
    let script = {
        let name = name.clone();
        Memo::new(move |_| store.tests.with(|t| t.active().outcomes.get(&name).cloned()))
    };
    let errors_id = format!("errors-{}", name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let usual = shapes::usual_errors(&task.resource);
    let example = if task.item_reader {
        pretty(&serde_json::json!([{ "Key": "item-1" }, { "Key": "item-2" }]))
    } else {
        pretty(&shapes::example_response(&task.resource, &task.parameters))
    };
    let script_it = {
        let (name, example) = (name.clone(), example.clone());
        move |_| edit(store, &name, |s| s.steps.push(Step::returning(&example)))
    };
    let mocked = move || script.with(Option::is_some);
    let scripted = {
        let (task, errors_id) = (task.clone(), errors_id.clone());
        move || {
            view! {
                <Scripted store=store machine=machine task=task.clone() script=script errors_id=errors_id.clone()
                    example=example.clone() />
            }
        }
    };
    view! {
        <li class="task-outcomes" class:selected=selected class:mocked=mocked data-state=name.clone()>
            <div class="task-head">
                <button class="task-name" on:click={
                    let name = name.clone();
                    move |_| store.selected_state.set(Some(name.clone()))
                }>{name.clone()}</button>
                <span class="resource" title=task.resource.clone()>{task.resource.clone()}</span>
                <span class="badge">{move || if mocked() { "scripted" } else { "default result" }}</span>
            </div>
            <datalist id=errors_id>{usual.into_iter().map(|e| view! { <option value=e></option> }).collect_view()}</datalist>
            {move || (!mocked()).then(|| view! {
                <div class="unscripted">
                    <span class="hint">"Not scripted: the integration's default result."</span>
                    <button class="script-it" on:click=script_it.clone()>"Script outcomes"</button>
                </div>
            })}
            {move || mocked().then(scripted.clone())}
        </li>
    }
}

/// A scripted state's invocations, the buttons that add or clear them, and the warnings.
#[component]
fn Scripted(
    store: Store,
    machine: Signal<Option<Arc<Machine>>>,
    task: TaskInfo,
    script: Memo<Option<Script>>,
    errors_id: String,
    example: String,
) -> impl IntoView {
    let name = task.name.clone();
    let no_callback = {
        let name = name.clone();
        move |_| edit(store, &name, |s| s.steps.push(Step::throwing("States.Timeout", "No callback arrived")))
    };
    let use_default = {
        let name = name.clone();
        move |_| edit(store, &name, |s| s.steps.clear())
    };
    let add_step = {
        let name = name.clone();
        move |_| edit(store, &name, |s| s.steps.push(Step::returning(&example)))
    };
    let warnings = {
        let name = name.clone();
        move || {
            let script = script.get()?;
            let m = machine.get()?;
            warnings(&script, &m, &name)
        }
    };
    let steps = move || {
        let steps = script.get().map(|s| s.steps).unwrap_or_default();
        let count = steps.len();
        steps
            .into_iter()
            .enumerate()
            .map(|(k, step)| {
                view! { <StepRow store=store state=name.clone() k=k step=step last=k + 1 == count errors_id=errors_id.clone() /> }
            })
            .collect_view()
    };
    let kind_note = if task.callback {
        "callback: Return = task success with this output; Throw = task failure"
    } else if task.item_reader {
        "ItemReader: Return = the items read; Throw = the read fails"
    } else {
        "service response"
    };
    view! {
        <div class="scripted">
            <div class="hint">{kind_note}</div>
            <ol class="steps">{steps}</ol>
            <button class="step-add" on:click=add_step>"Add invocation"</button>
            {task.callback.then(|| view! {
                <button class="step-no-callback" on:click=no_callback>"Add: no callback (timeout)"</button>
            })}
            <button class="script-clear" on:click=use_default>"Use the default"</button>
            {warnings}
        </div>
    }
}

/// What the definition reads from the result that a scripted Return lacks, and whether the
/// script may run out.
fn warnings(script: &Script, m: &Machine, name: &str) -> Option<impl IntoView> {
    let state = m.find(name)?.clone();
    let mut out = Vec::new();
    for (k, step) in script.steps.iter().enumerate() {
        if let StepOutcome::Return(text) = &step.outcome {
            if let Ok(v) = serde_json::from_str::<Value>(text) {
                for path in shapes::missing_fields(&state, &v) {
                    out.push(format!("Invocation {}: the ResultSelector reads {path}, which this result lacks", k + 1));
                }
            }
        }
    }
    let last_forever = script.steps.last().is_some_and(|s| s.every_later);
    if !last_forever {
        let scripted: usize = script.steps.iter().map(|s| s.times as usize).sum();
        if let Some(why) = shapes::may_need_more(m, name, scripted) {
            out.push(format!("{why}: a call past them fails the run (tick \"and every later call\")"));
        }
    }
    (!out.is_empty()).then(|| {
        view! { <ul class="outcome-warnings">{out.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul> }
    })
}

/// Switches an invocation between Return and Throw (a new Throw fails with `States.TaskFailed`).
fn set_kind(store: Store, state: &str, k: usize, to_return: bool) {
    edit_step(store, state, k, |s| {
        s.outcome = match (&s.outcome, to_return) {
            (StepOutcome::Return(_), false) => StepOutcome::Throw { error: "States.TaskFailed".into(), cause: None },
            (StepOutcome::Throw { .. }, true) => StepOutcome::Return("{}".into()),
            (o, _) => o.clone(),
        }
    })
}

/// A Return's JSON, with its parse error.
fn return_body(store: Store, state: String, k: usize, text: String) -> impl IntoView {
    let error = serde_json::from_str::<Value>(&text).err().map(|e| format!("Not valid JSON: {e}"));
    view! {
        <textarea class="step-return" spellcheck="false" aria-label="Result JSON" class:invalid=error.is_some()
            prop:value=text
            on:change=move |ev| {
                let v = event_target_value(&ev);
                edit_step(store, &state, k, |s| s.outcome = StepOutcome::Return(v));
            }
        ></textarea>
        {error.map(|e| view! { <div class="field-error">{e}</div> })}
    }
}

/// A Throw's error (the integration's usual ones offered by `errors_id`) and cause.
fn throw_body(
    store: Store,
    state: String,
    k: usize,
    (error, cause): (String, Option<String>),
    errors_id: String,
) -> impl IntoView {
    let (s1, s2) = (state.clone(), state);
    view! {
        <input class="step-error" aria-label="Error" list=errors_id prop:value=error on:change=move |ev| {
            let v = event_target_value(&ev);
            edit_step(store, &s1, k, |s| if let StepOutcome::Throw { error, .. } = &mut s.outcome { *error = v });
        } />
        <input class="step-cause" aria-label="Cause" placeholder="cause (the service's when empty)" prop:value=cause.unwrap_or_default()
            on:change=move |ev| {
                let v = event_target_value(&ev);
                edit_step(store, &s2, k, |s| {
                    if let StepOutcome::Throw { cause, .. } = &mut s.outcome {
                        *cause = (!v.is_empty()).then_some(v);
                    }
                });
            }
        />
    }
}

#[component]
fn StepRow(store: Store, state: String, k: usize, step: Step, last: bool, errors_id: String) -> impl IntoView {
    let is_return = matches!(step.outcome, StepOutcome::Return(_));
    let on_kind = {
        let state = state.clone();
        move |ev: leptos::ev::Event| set_kind(store, &state, k, event_target_value(&ev) == "return")
    };
    let body = match step.outcome.clone() {
        StepOutcome::Return(text) => return_body(store, state.clone(), k, text).into_any(),
        StepOutcome::Throw { error, cause } => {
            throw_body(store, state.clone(), k, (error, cause), errors_id).into_any()
        }
    };
    let (s_times, s_later, s_remove) = (state.clone(), state.clone(), state.clone());
    view! {
        <li class="step" data-step=k>
            <div class="step-head">
                <span class="step-no">{format!("#{}", k + 1)}</span>
                <select class="step-kind" aria-label="Outcome" on:change=on_kind>
                    <option value="return" selected=is_return>"Return"</option>
                    <option value="throw" selected=!is_return>"Throw"</option>
                </select>
                <label class="times">
                    "×"
                    <input class="step-times" type="number" min="1" max="25000" prop:value=step.times.to_string()
                        on:change=move |ev| {
                            let n = event_target_value(&ev).trim().parse::<u32>().unwrap_or(1).clamp(1, 25_000);
                            edit_step(store, &s_times, k, |s| s.times = n);
                        }
                    />
                </label>
                {last.then(|| view! {
                    <label class="later">
                        <input class="step-later" type="checkbox" prop:checked=step.every_later on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit_step(store, &s_later, k, |s| s.every_later = on);
                        } />
                        "and every later call"
                    </label>
                })}
                <button class="step-remove" aria-label="Remove this invocation" on:click=move |_| {
                    edit(store, &s_remove, |s| {
                        if k < s.steps.len() {
                            s.steps.remove(k);
                        }
                    })
                }>"✕"</button>
            </div>
            {body}
        </li>
    }
}
