//! "Test state" under the inspector: runs the selected state alone, as AWS's TestState API
//! does — no retries (`RETRIABLE` instead), Catchers apply (`CAUGHT_ERROR`), the service call
//! answered by a mocked result or error — and shows the status, output, next state and each
//! data-flow stage. The form and the request live in [`asl_edit::test_state`]; this file only
//! wires them to the page. The form is filled anew when another state is selected.

use std::sync::Arc;

use asl_core::model::StateKind;
use asl_core::run::shapes;
use asl_core::Parsed;
use asl_edit::test_state::{takes_mock, Answer, Form, Mock, AWS_COMMAND};
use leptos::prelude::*;
use serde_json::Value;

use crate::store::Store;

/// What the form depends on: it is rebuilt only when one of these changes, never on an edit
/// elsewhere in the text (which would throw away what was typed).
#[derive(Clone, Debug, PartialEq)]
struct Subject {
    name: String,
    type_name: String,
    takes_mock: bool,
    container: bool,
    has_retry: bool,
    usual_errors: Vec<&'static str>,
}

/// The input the state got in the run on show: its latest entry up to the current event.
fn seen_input(store: Store, name: &str) -> Option<Value> {
    store.playback.with_untracked(|p| {
        let shown = p.as_ref()?.shown();
        let entered =
            shown.iter().rev().find(|e| e.state.as_deref() == Some(name) && e.event_type.is_state_entered())?;
        entered.details.get("input").cloned()
    })
}

#[component]
pub fn TestState(store: Store, parsed: ReadSignal<Arc<Parsed>>) -> impl IntoView {
    let subject = Memo::new(move |previous: Option<&Option<Subject>>| {
        let name = store.selected_state.get()?;
        let mut parses = true;
        let found = parsed.with(|p| {
            parses = p.machine.is_some();
            let state = p.machine.as_ref()?.find(&name)?;
            let resource = match &state.kind {
                StateKind::Task(t) => Some(t.resource.value.as_str()),
                _ => None,
            };
            Some(Subject {
                name: name.clone(),
                type_name: state.kind.type_name().to_string(),
                takes_mock: takes_mock(state),
                container: matches!(state.kind, StateKind::Map(_) | StateKind::Parallel(_)),
                has_retry: !state.retry.is_empty(),
                usual_errors: resource.map(shapes::usual_errors).unwrap_or_default(),
            })
        });
        // While the text does not parse, the form stays as it was for the same state; a state
        // that a parsed text does not have has no form.
        found.or_else(|| previous.cloned().flatten().filter(|s| !parses && s.name == name))
    });
    // Open or folded stays as the user left it from one state to the next.
    let open = RwSignal::new(false);
    move || subject.get().map(|subject| view! { <TestForm store=store parsed=parsed subject=subject open=open /> })
}

type Problem = RwSignal<Option<(&'static str, String)>>;

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct Fields {
    /// "none", "return" or "throw".
    mode: RwSignal<&'static str>,
    input: RwSignal<String>,
    result: RwSignal<String>,
    error: RwSignal<String>,
    cause: RwSignal<String>,
    retry_count: RwSignal<String>,
    variables: RwSignal<String>,
}

impl Fields {
    fn new(form: Form) -> Self {
        let (result, error, cause) = match &form.mock {
            Mock::Return(r) => (r.clone(), String::new(), String::new()),
            Mock::Throw { error, cause } => (String::new(), error.clone(), cause.clone()),
            Mock::None => ("{}".to_string(), String::new(), String::new()),
        };
        let mode = RwSignal::new(match form.mock {
            Mock::None => "none",
            Mock::Return(_) => "return",
            Mock::Throw { .. } => "throw",
        });
        Fields {
            mode,
            input: RwSignal::new(form.input),
            result: RwSignal::new(result),
            error: RwSignal::new(error),
            cause: RwSignal::new(cause),
            retry_count: RwSignal::new(form.retry_count),
            variables: RwSignal::new(form.variables),
        }
    }

    /// The form as filled in now.
    fn form(self) -> Form {
        Form {
            input: self.input.get_untracked(),
            mock: match self.mode.get_untracked() {
                "return" => Mock::Return(self.result.get_untracked()),
                "throw" => Mock::Throw { error: self.error.get_untracked(), cause: self.cause.get_untracked() },
                _ => Mock::None,
            },
            retry_count: self.retry_count.get_untracked(),
            variables: self.variables.get_untracked(),
        }
    }
}

/// The form as first shown for the state `name`: from its script, the run on show, the case's input.
fn prefilled(store: Store, parsed: ReadSignal<Arc<Parsed>>, name: &str) -> Form {
    let form = parsed.with_untracked(|p| {
        let machine = p.machine.as_ref()?;
        let state = machine.find(name)?;
        let (script, start_input) = store.tests.with_untracked(|t| {
            let case = t.active();
            let is_start = machine.start_at.as_ref().is_some_and(|s| s.value == name);
            (case.outcomes.get(name).cloned(), is_start.then(|| case.input.clone()))
        });
        Some(Form::prefill(state, script.as_ref(), seen_input(store, name).as_ref(), start_input.as_deref()))
    });
    form.unwrap_or(Form { input: "{}".into(), mock: Mock::None, retry_count: "0".into(), variables: String::new() })
}

/// `aria-invalid` of a field: whether the last problem is in it.
fn invalid(problem: Problem, field: &'static str) -> impl Fn() -> String + Send + Sync + 'static {
    move || problem.with(|p| p.as_ref().is_some_and(|(f, _)| *f == field)).to_string()
}

#[component]
fn TestForm(store: Store, parsed: ReadSignal<Arc<Parsed>>, subject: Subject, open: RwSignal<bool>) -> impl IntoView {
    let name = subject.name.clone();
    let fields = Fields::new(prefilled(store, parsed, &name));
    let Fields { input, variables, .. } = fields;
    let answer: RwSignal<Option<Answer>> = RwSignal::new(None);
    let problem: Problem = RwSignal::new(None);
    let request_text: RwSignal<Option<String>> = RwSignal::new(None);

    let run = {
        let name = name.clone();
        move || {
            let form = fields.form();
            answer.set(None);
            problem.set(None);
            let definition = store.doc.text.get_untracked();
            let request = match form.request(&definition, &name) {
                Ok(request) => request,
                Err(e) => return problem.set(Some((e.field, e.message))),
            };
            request_text.set(serde_json::to_string_pretty(&request).ok());
            match asl_core::run::test_state::run(&request) {
                Ok(response) => answer.set(Some(Answer::of(&response))),
                Err(e) => problem.set(Some(("definition", e))),
            }
        }
    };
    let mock =
        subject.takes_mock.then(|| view! { <MockFields subject=subject.clone() fields=fields problem=problem /> });
    let retries = subject.has_retry.then(|| view! { <RetryField fields=fields problem=problem /> });
    let run_click = run.clone();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        // Ctrl+Enter runs from any field of the form, as in a console.
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run();
        }
    };

    view! {
        <details id="test-state" class="test-state" data-state=name.clone() on:keydown=on_key
            prop:open=move || open.get_untracked()
            on:toggle=move |ev| {
                use wasm_bindgen::JsCast;
                let details = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                open.set(details.is_some_and(|d| d.has_attribute("open")));
            }>
            <summary>"Test state"</summary>
            <p class="hint">
                {format!("Runs this {} alone, as AWS's TestState API does: no retries, Catchers apply, the service call mocked.", subject.type_name)}
            </p>
            <div class="field">
                <label for="test-state-input">"Input"</label>
                <textarea id="test-state-input" rows="4" spellcheck="false" aria-invalid=invalid(problem, "input")
                    prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))></textarea>
            </div>
            <FromRun store=store name=name.clone() input=input />
            {mock}
            {retries}
            <div class="field">
                <label for="test-state-variables">"Variables"</label>
                <textarea id="test-state-variables" rows="2" spellcheck="false" placeholder="{\"name\": \"value\"}"
                    aria-invalid=invalid(problem, "variables")
                    prop:value=move || variables.get() on:input=move |ev| variables.set(event_target_value(&ev))></textarea>
            </div>
            <button id="test-state-run" type="button" title="Run this state alone (Ctrl+Enter)" on:click=move |_| run_click()>"Test state"</button>
            <TestAnswer answer=answer problem=problem />
            {move || request_text.get().map(|r| view! {
                <details class="test-state-request">
                    <summary>"As an AWS request"</summary>
                    <p class="hint">"Save as request.json and send it with "<code>{AWS_COMMAND}</code>" (add a roleArn to call the real service)."</p>
                    <pre id="test-state-request">{r}</pre>
                </details>
            })}
        </details>
    }
}

/// "Input from the run": while the run on show entered the state, copies that input.
#[component]
fn FromRun(store: Store, name: String, input: RwSignal<String>) -> impl IntoView {
    let from_run = {
        let name = name.clone();
        move |_| {
            if let Some(v) = seen_input(store, &name) {
                input.set(serde_json::to_string_pretty(&v).unwrap_or_default());
            }
        }
    };
    let has_run = move || {
        store.playback.track();
        seen_input(store, &name).is_some()
    };
    move || {
        has_run().then(|| view! {
            <div class="field"><span></span><div><button id="test-state-from-run" type="button" on:click=from_run.clone()>"Input from the run"</button></div></div>
        })
    }
}

/// The mocked service call: the default, a result, or an error and cause.
#[component]
fn MockFields(subject: Subject, fields: Fields, problem: Problem) -> impl IntoView {
    let Fields { mode, result, error, cause, .. } = fields;
    let (default_label, return_label) =
        if subject.container { ("Run its states", "Its result is") } else { ("Default result", "Return") };
    let errors = subject.usual_errors.iter().map(|e| view! { <option value=*e></option> }).collect_view();
    view! {
        <div class="field">
            <label for="test-state-mock">"Mock"</label>
            <select id="test-state-mock" on:change=move |ev| {
                mode.set(match event_target_value(&ev).as_str() {
                    "return" => "return",
                    "throw" => "throw",
                    _ => "none",
                })
            }>
                <option value="none" selected=move || mode.get() == "none">{default_label}</option>
                <option value="return" selected=move || mode.get() == "return">{return_label}</option>
                <option value="throw" selected=move || mode.get() == "throw">"Throw an error"</option>
            </select>
        </div>
        <div class="field" hidden=move || mode.get() != "return">
            <label for="test-state-result">"Result"</label>
            <textarea id="test-state-result" rows="5" spellcheck="false" aria-invalid=invalid(problem, "result")
                prop:value=move || result.get() on:input=move |ev| result.set(event_target_value(&ev))></textarea>
        </div>
        <div class="field" hidden=move || mode.get() != "throw">
            <label for="test-state-error">"Error"</label>
            <input id="test-state-error" type="text" list="test-state-errors" placeholder="States.TaskFailed"
                aria-invalid=invalid(problem, "error")
                prop:value=move || error.get() on:input=move |ev| error.set(event_target_value(&ev)) />
            <datalist id="test-state-errors">{errors}</datalist>
            <label for="test-state-cause">"Cause"</label>
            <input id="test-state-cause" type="text"
                prop:value=move || cause.get() on:input=move |ev| cause.set(event_target_value(&ev)) />
        </div>
    }
}

#[component]
fn RetryField(fields: Fields, problem: Problem) -> impl IntoView {
    let retry_count = fields.retry_count;
    view! {
        <div class="field">
            <label for="test-state-retry-count">"Retries made"</label>
            <input id="test-state-retry-count" type="number" min="0" step="1" title="How many times a Retrier has already run the state (stateConfiguration.retrierRetryCount)"
                aria-invalid=invalid(problem, "retry-count")
                prop:value=move || retry_count.get() on:input=move |ev| retry_count.set(event_target_value(&ev)) />
        </div>
    }
}

/// The last test's problem, or its answer: status, failure, output, next state, data flow.
#[component]
fn TestAnswer(answer: RwSignal<Option<Answer>>, problem: Problem) -> impl IntoView {
    move || {
        if let Some((_, message)) = problem.get() {
            return view! { <div class="field-error" id="test-state-problem" role="alert">{message}</div> }.into_any();
        }
        let Some(a) = answer.get() else { return ().into_any() };
        answer_view(a).into_any()
    }
}

fn answer_view(a: Answer) -> impl IntoView {
    let class = format!("status {}", a.status.to_lowercase().replace('_', "-"));
    let failure = a.error.clone().map(|e| {
        view! {
            <div id="test-state-failure">
                <div><b>"Error: "</b>{e}</div>
                <div><b>"Cause: "</b>{a.cause.clone().unwrap_or_default()}</div>
            </div>
        }
    });
    let output = a.output.clone().map(|o| view! { <div><b>"Output"</b><pre id="test-state-output">{o}</pre></div> });
    let next = a.next_state.clone().map(|n| view! { <div><b>"Next: "</b><span id="test-state-next">{n}</span></div> });
    let stages = a
        .inspection
        .iter()
        .map(|(stage, value)| view! { <dt>{stage.clone()}</dt><dd><pre>{value.clone()}</pre></dd> })
        .collect_view();
    view! {
        <div class="test-state-answer" aria-live="polite">
            <div><span id="test-state-status" class=class>{a.status.clone()}</span>" "<span class="hint">{a.explanation()}</span></div>
            {failure}
            {output}
            {next}
            <details open>
                <summary>"Data flow"</summary>
                <dl id="test-state-inspection" class="stages">{stages}</dl>
            </details>
        </div>
    }
}
