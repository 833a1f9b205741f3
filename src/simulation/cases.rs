//! The test case bar (pick, add, rename, delete; import and export the MockConfig and the
//! TESTS.json) and the active case's expectations.

use asl_edit::cases::{Expect, TestCases};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::gallery::samples::file_stem;
use crate::store::Store;

fn download_json(store: Store, name: &str, value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_default() + "\n";
    if let Err(e) = crate::download::download_typed(name, &text, "application/json") {
        store.message.set(Some(e));
    }
}

#[component]
pub fn TestCaseBar(store: Store) -> impl IntoView {
    let tests = store.tests;
    let options = move || {
        tests.with(|t| {
            t.cases
                .iter()
                .enumerate()
                .map(|(i, c)| view! { <option value=i.to_string() selected=i == t.active>{c.name.clone()}</option> })
                .collect_view()
        })
    };
    let add = move |_| {
        tests.update(|t| {
            t.add("Test case");
        });
        store.clear_run();
    };
    let remove = move |_| {
        let i = tests.with_untracked(|t| t.active);
        tests.update(|t| {
            t.remove(i);
        });
        store.clear_run();
    };
    let rename = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        tests.update(|t| {
            let i = t.active;
            t.rename_case(i, &name);
        });
    };
    view! {
        <div class="test-case-bar">
            <label>
                "Test case "
                <select id="test-case" on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                        store.select_case(i);
                    }
                }>{options}</select>
            </label>
            <input id="test-case-name" aria-label="Test case name" prop:value=move || tests.with(|t| t.active().name.clone())
                on:change=rename />
            <button id="test-case-add" on:click=add title="A new test case with this input and nothing scripted">"New"</button>
            <button id="test-case-delete" on:click=remove disabled=move || tests.with(|t| t.cases.len() <= 1)>"Delete"</button>
            <MockMenu store=store />
        </div>
    }
}

/// Import and export of the MockConfig and the TESTS.json, and the state machine name they use.
#[component]
fn MockMenu(store: Store) -> impl IntoView {
    let tests = store.tests;
    let stem = move || file_stem(store.sample_id.get_untracked());
    let export_mock = move |_| {
        download_json(store, &format!("{}.mock.json", stem()), &tests.with_untracked(TestCases::to_mock_config))
    };
    let export_tests = move |_| {
        download_json(store, &format!("{}.tests.json", stem()), &tests.with_untracked(TestCases::to_tests_json))
    };
    view! {
        <details class="menu" id="mock-menu">
            <summary>"MockConfig"</summary>
            <div class="menu-body">
                <label class="button" for="import-mock" title="Step Functions Local MockConfig: its test cases replace these">
                    "Import MockConfig…"
                </label>
                <input id="import-mock" type="file" accept=".json,application/json" on:change=move |ev| import(store, ev) />
                <button id="export-mock" on:click=export_mock>"Export MockConfig"</button>
                <button id="export-tests" on:click=export_tests title="TESTS.json for `asl test` in CI">"Export tests"</button>
                <label>
                    "State machine name "
                    <input id="mock-machine" prop:value=move || tests.with(|t| t.machine.clone()) on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if !v.trim().is_empty() {
                            tests.update(|t| t.machine = v.trim().to_string());
                        }
                    } />
                </label>
            </div>
        </details>
    }
}

/// Reads the picked MockConfig and imports it.
fn import(store: Store, ev: leptos::ev::Event) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    if let Some(file) = input.files().and_then(|f| f.get(0)) {
        spawn_local(async move {
            let name = file.name();
            match JsFuture::from(file.text()).await {
                Ok(v) => crate::documents::files::import_mock_config(store, &name, &v.as_string().unwrap_or_default()),
                Err(_) => store.message.set(Some(format!("{name} could not be read."))),
            }
        });
    }
    input.set_value("");
}

fn set_expect(store: Store, f: impl FnOnce(&mut Expect)) {
    store.tests.update(|t| f(&mut t.active_mut().expect));
}

fn opt(v: String) -> Option<String> {
    (!v.trim().is_empty()).then(|| v.trim().to_string())
}

fn names(v: &str) -> Vec<String> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// What the active case expects of a run; every part optional.
#[component]
pub fn ExpectEditor(store: Store) -> impl IntoView {
    let expect = Memo::new(move |_| store.tests.with(|t| t.active().expect.clone()));
    let output_error = move || {
        expect.with(|e| {
            e.output
                .as_deref()
                .and_then(|o| serde_json::from_str::<serde_json::Value>(o).err())
                .map(|e| format!("Not valid JSON: {e}"))
        })
    };
    let statuses = ["", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
    view! {
        <details id="expectations" class="expectations">
            <summary>{move || if expect.with(Expect::is_empty) { "Expectations (none)".to_string() } else { "Expectations".to_string() }}</summary>
            <label>"Status "
                <select id="expect-status" on:change=move |ev| set_expect(store, |e| e.status = opt(event_target_value(&ev)))>
                    {statuses.into_iter().map(|s| view! {
                        <option value=s selected=move || expect.with(|e| e.status.as_deref().unwrap_or("") == s)>
                            {if s.is_empty() { "(any)" } else { s }}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Output (JSON) "
                <textarea id="expect-output" spellcheck="false" prop:value=move || expect.with(|e| e.output.clone().unwrap_or_default())
                    on:change=move |ev| set_expect(store, |e| e.output = opt(event_target_value(&ev))) ></textarea>
            </label>
            {move || output_error().map(|e| view! { <div class="field-error">{e}</div> })}
            <label>"Error "
                <input id="expect-error" prop:value=move || expect.with(|e| e.error.clone().unwrap_or_default())
                    on:change=move |ev| set_expect(store, |e| e.error = opt(event_target_value(&ev))) />
            </label>
            <label>"Cause "
                <input id="expect-cause" prop:value=move || expect.with(|e| e.cause.clone().unwrap_or_default())
                    on:change=move |ev| set_expect(store, |e| e.cause = opt(event_target_value(&ev))) />
            </label>
            <label>"Visits (comma-separated) "
                <input id="expect-visited" prop:value=move || expect.with(|e| e.visited.join(", "))
                    on:change=move |ev| set_expect(store, |e| e.visited = names(&event_target_value(&ev))) />
            </label>
            <label>"Never visits "
                <input id="expect-not-visited" prop:value=move || expect.with(|e| e.not_visited.join(", "))
                    on:change=move |ev| set_expect(store, |e| e.not_visited = names(&event_target_value(&ev))) />
            </label>
        </details>
    }
}
