//! File and clipboard actions of the top bar: open (picker or drop: a definition, a
//! CloudFormation/SAM template, a MockConfig or a recorded execution history), Format, export as YAML, copy, share link. Every refusal is a message; the document is never changed by a refusal.

use asl_core::Syntax;
use asl_edit::convert::{import_as, to_yaml, too_large};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use asl_edit::cases::TestCases;
use serde_json::Value;

use crate::gallery::samples::file_stem;
use crate::store::Store;

/// Imports a MockConfig into the open document: its test cases replace the document's (each
/// keeps the active input). A bad file is reported with the path of the problem; nothing changes.
pub fn import_mock_config(store: Store, name: &str, content: &str) {
    let result = serde_json::from_str::<Value>(content).map_err(|e| format!("not JSON: {e}")).and_then(|config| {
        let (machine, input) = store.tests.with_untracked(|t| (t.machine.clone(), t.active().input.clone()));
        TestCases::from_mock_config(&config, Some(&machine), &input)
    });
    match result {
        Ok(tests) => {
            let n = tests.cases.len();
            store.tests.set(tests);
            store.clear_run();
            store.message.set(Some(format!("Imported {n} test case(s) from {name}")));
        }
        Err(e) => store.message.set(Some(format!("{name} was not imported: {e}"))),
    }
}

/// Shows a recorded execution history (`aws stepfunctions get-execution-history`) on the open
/// definition, with playback from its first event. A file that is not one changes nothing.
pub fn import_history(store: Store, name: &str, content: &str) {
    let machine = store.parsed_now().machine;
    match asl_core::run::aws_history::read(content, machine.as_ref()) {
        Ok(imported) => {
            let run = imported.run;
            let mut message = format!("Replaying {name}: {} events, {}", run.history.len(), run.status.as_str());
            for warning in &imported.warnings {
                message.push_str(". ");
                message.push_str(warning);
            }
            store.show_recorded(run);
            store.message.set(Some(message));
        }
        Err(e) => store.message.set(Some(format!("{name} was not opened: {e}"))),
    }
}

/// Whether a JSON file is an execution history rather than a definition.
fn is_history(content: &str) -> bool {
    // The first JSON value only: several pages one after the other are not one value.
    let first = serde_json::Deserializer::from_str(content).into_iter::<Value>().next();
    matches!(first, Some(Ok(v)) if asl_core::run::aws_history::looks_like(&v))
}

/// Whether a JSON file is a Step Functions Local MockConfig rather than a definition.
fn is_mock_config(content: &str) -> bool {
    serde_json::from_str::<Value>(content).is_ok_and(|v| v.get("StateMachines").is_some() && v.get("States").is_none())
}

/// Reads a dropped or picked file: a MockConfig is imported into the open document; anything
/// else opens as a new document (the current one is kept).
pub fn open_file(persist: Store, file: web_sys::File) {
    let name = file.name();
    if let Some(refusal) = too_large(&name, file.size() as u64) {
        persist.message.set(Some(refusal));
        return;
    }
    spawn_local(async move {
        let content = match JsFuture::from(file.text()).await {
            Ok(v) => v.as_string().unwrap_or_default(),
            Err(_) => {
                persist.message.set(Some(format!("{name} could not be read.")));
                return;
            }
        };
        if is_mock_config(&content) {
            import_mock_config(persist, &name, &content);
            return;
        }
        if is_history(&content) {
            import_history(persist, &name, &content);
            return;
        }
        if asl_edit::template::looks_like_template(&content) {
            crate::documents::template::open_template(persist, &name, &content, persist.template_pending);
            return;
        }
        match import_as(&name, &content) {
            Ok((text, syntax)) => {
                persist.open_new_as(&name, text, syntax, None, TestCases::default());
                persist.message.set(Some(format!("Opened {name}")));
            }
            Err(e) => persist.message.set(Some(e)),
        }
    });
}

/// Opens a share link pasted into the address bar of an open page (no reload happens).
fn open_share_link(persist: Store) {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let Some(shared) = asl_edit::share::parse_fragment(&hash) else { return };
    match &shared.definition {
        Ok(text) => {
            let mut notes = vec!["Opened the shared definition".to_string()];
            let tests = crate::documents::saved::shared_tests(&shared, &mut notes);
            let syntax = if asl_edit::convert::is_yaml_definition(text) { Syntax::Yaml } else { Syntax::Json };
            persist.open_new_as("Shared definition", text.clone(), syntax, None, tests);
            persist.message.set(Some(notes.join(". ")));
        }
        Err(e) => persist.message.set(Some(e.clone())),
    }
    crate::documents::saved::clear_hash();
}

async fn copy_text(text: &str) -> Result<(), String> {
    let w = web_sys::window().ok_or("no window")?;
    JsFuture::from(w.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".to_string())
}

/// Files dropped anywhere on the page, and share links pasted into the address bar: window
/// listeners for as long as the top bar is there.
fn listen_for_files(persist: Store) {
    // Files dropped anywhere on the page. Drops of text (not files) keep the browser's own
    // behaviour, so dragging text inside the editor still works.
    let over = window_event_listener(leptos::ev::dragover, |ev| {
        if ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) else { return };
        ev.prevent_default();
        open_file(persist, file);
    });
    let hash = window_event_listener(leptos::ev::hashchange, move |_| open_share_link(persist));
    on_cleanup(move || {
        over.remove();
        drop.remove();
        hash.remove();
    });
}

fn format(persist: Store) {
    let (doc, message) = (persist.doc, persist.message);
    if persist.syntax.get_untracked() == Syntax::Yaml {
        message.set(Some("Format re-indents JSON; a YAML definition is kept as written.".into()));
        return;
    }
    let result = doc.format();
    if result.is_ok() {
        // Once the new text is in the textarea: column 1, the caret's line in view.
        request_animation_frame(move || crate::editor::reveal_caret(doc));
    }
    message.set(result.err());
}

fn export_yaml(persist: Store) {
    let doc = persist.doc;
    let yaml = match persist.syntax.get_untracked() {
        Syntax::Json => doc.text.with_untracked(|t| to_yaml(t)),
        Syntax::Yaml => Ok(doc.text.get_untracked()),
    };
    let result = yaml.and_then(|yaml| {
        let name = format!("{}.asl.yaml", file_stem(persist.sample_id.get_untracked()));
        crate::download::download_typed(&name, &yaml, "application/yaml")
    });
    if let Err(e) = result {
        persist.message.set(Some(e));
    }
}

fn export_mermaid(persist: Store) {
    let parsed = persist.parsed_now();
    let ok = !parsed.has_errors();
    let result = match parsed.machine.filter(|_| ok) {
        Some(m) => {
            let name = format!("{}.mmd", file_stem(persist.sample_id.get_untracked()));
            crate::download::download_typed(&name, &asl_core::export::mermaid(&m), "text/plain")
        }
        None => Err("Mermaid export needs a definition without errors.".into()),
    };
    if let Err(e) = result {
        persist.message.set(Some(e));
    }
}

fn copy(persist: Store) {
    let (text, message) = (persist.doc.text.get_untracked(), persist.message);
    spawn_local(async move {
        message.set(Some(match copy_text(&text).await {
            Ok(()) => "Definition copied to the clipboard".into(),
            Err(e) => format!("Not copied: {e}"),
        }));
    });
}

/// Makes the share link, shows it in `share_url` and copies it.
fn share(persist: Store, share_url: RwSignal<Option<String>>) {
    let Some(w) = web_sys::window() else { return };
    let location = w.location();
    let base = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
    // The active test case travels with its MockConfig (`#def=…&mock=…&test-case=…`).
    let (mock, case) = persist.tests.with_untracked(|t| (t.to_mock_config().to_string(), t.active().name.clone()));
    let url = format!(
        "{base}#{}",
        persist.doc.text.with_untracked(|t| asl_edit::share::fragment_with(t, Some(&mock), Some(&case)))
    );
    share_url.set(Some(url.clone()));
    let message = persist.message;
    spawn_local(async move {
        message.set(Some(match copy_text(&url).await {
            Ok(()) => format!("Share link copied ({} characters)", url.len()),
            Err(_) => "Share link ready: copy it from the box".into(),
        }));
    });
}

#[component]
pub fn FileActions(persist: Store) -> impl IntoView {
    let share_url: RwSignal<Option<String>> = RwSignal::new(None);
    listen_for_files(persist);

    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            open_file(persist, file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };

    view! {
        <label class="button" for="open-file" title="Open a JSON or YAML definition (or drop a file on the page)">
            "Open…"
        </label>
        <input id="open-file" type="file" accept=".json,.yaml,.yml,.template,application/json,application/yaml" on:change=on_pick />
        <button id="format" on:click=move |_| format(persist) title="Re-indent the JSON, keeping the key order (Shift+Alt+F)">
            "Format"
        </button>
        <button id="export-yaml" on:click=move |_| export_yaml(persist) title="Download the definition as YAML">
            "Export YAML"
        </button>
        <button id="export-mermaid" on:click=move |_| export_mermaid(persist) title="Download the diagram as Mermaid stateDiagram-v2 text (renders in Markdown on common code hosts)">
            "Export Mermaid"
        </button>
        <button id="copy" on:click=move |_| copy(persist) title="Copy the definition to the clipboard">
            "Copy"
        </button>
        <button id="share" on:click=move |_| share(persist, share_url) title="A link that carries the definition in its URL">
            "Share link"
        </button>
        {move || {
            share_url
                .get()
                .map(|url| {
                    view! {
                        <input id="share-url" readonly prop:value=url on:focus=|ev| {
                            if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                i.select();
                            }
                        } />
                    }
                })
        }}
    }
}
