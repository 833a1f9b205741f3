//! The inspector: a form for the selected state's fields, by type. Every field checks what is
//! typed as it is typed (a number, JSON) and writes it to the text (one undo step) when it is
//! committed: Enter or leaving the field. Emptying a field removes it. The state's problems
//! from the validator are listed under the form, so a commit shows at once what AWS would say.

use std::sync::Arc;

use asl_core::model::{Machine, QueryLanguage};
use asl_core::{Parsed, Severity};
use asl_edit::visual::{check_name, check_value, state_fields};
use leptos::prelude::*;

use crate::visual::VisualEdits;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A JSON string, edited as plain text.
    Text,
    Number,
    /// Any JSON value (objects and arrays on several lines).
    Json,
}

/// The fields shown for a state, by `Type` and query language, in the order of the form.
fn fields_for(type_name: &str, lang: QueryLanguage) -> Vec<(&'static str, Kind)> {
    use Kind::*;
    let jsonata = lang == QueryLanguage::Jsonata;
    let mut out = vec![("Comment", Text)];
    match type_name {
        "Task" => out.extend([("Resource", Text), ("TimeoutSeconds", Number), ("HeartbeatSeconds", Number)]),
        "Wait" if jsonata => out.extend([("Seconds", Json), ("Timestamp", Json)]),
        "Wait" => out.extend([("Seconds", Number), ("Timestamp", Text), ("SecondsPath", Text), ("TimestampPath", Text)]),
        "Fail" => out.extend([("Error", Text), ("Cause", Text)]),
        "Choice" => out.push(("Choices", Json)),
        "Map" if jsonata => out.extend([("Items", Json), ("MaxConcurrency", Number), ("ItemSelector", Json)]),
        "Map" => out.extend([("ItemsPath", Text), ("MaxConcurrency", Number), ("ItemSelector", Json)]),
        "Pass" if !jsonata => out.push(("Result", Json)),
        _ => {}
    }
    let io = !matches!(type_name, "Succeed" | "Fail" | "Choice");
    let result = matches!(type_name, "Task" | "Parallel" | "Map");
    if jsonata {
        if matches!(type_name, "Task" | "Parallel") {
            out.push(("Arguments", Json));
        }
        if io {
            out.push(("Output", Json));
        }
        if type_name != "Fail" {
            out.push(("Assign", Json));
        }
    } else {
        if type_name != "Fail" {
            out.extend([("InputPath", Text), ("OutputPath", Text)]);
        }
        if io && type_name != "Wait" {
            out.push(("ResultPath", Text));
        }
        if matches!(type_name, "Task" | "Pass" | "Parallel") {
            out.push(("Parameters", Json));
        }
        if result {
            out.push(("ResultSelector", Json));
        }
        if type_name != "Fail" {
            out.push(("Assign", Json));
        }
    }
    if result {
        out.extend([("Retry", Json), ("Catch", Json)]);
    }
    out
}

/// The machine whose `States` holds `name`.
fn scope_of<'m>(machine: &'m Machine, name: &str) -> Option<&'m Machine> {
    if machine.state(name).is_some() {
        return Some(machine);
    }
    machine.states.iter().flat_map(|s| s.children()).find_map(|m| scope_of(m, name))
}

/// What the form shows, derived from the text's latest analysis.
#[derive(Clone, Debug, PartialEq)]
struct Info {
    name: String,
    type_name: String,
    lang: QueryLanguage,
    /// Each field as written: key and value text.
    fields: Vec<(String, String)>,
    /// The states of its `States` object (where Next, Default, Catch may lead).
    siblings: Vec<String>,
    problems: Vec<String>,
}

impl Info {
    fn raw(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The value as the form shows it: strings unquoted, the rest as written.
fn shown(kind: Kind, raw: Option<&str>) -> String {
    match (kind, raw) {
        (_, None) => String::new(),
        (Kind::Text, Some(raw)) => serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_string()),
        (_, Some(raw)) => dedent(raw),
    }
}

/// A multi-line value as written keeps the indentation of its place in the document on every
/// line but the first: the form shows it from the left margin.
fn dedent(raw: &str) -> String {
    let rest = raw.lines().skip(1).filter(|l| !l.trim().is_empty());
    let margin = rest.map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut lines = raw.lines();
    let first = lines.next().unwrap_or_default().to_string();
    lines.fold(first, |mut out, l| {
        out.push('\n');
        out.push_str(l.get(margin..).unwrap_or(l.trim_start()));
        out
    })
}

/// What to write for a form value (`None`: remove the field), or why it cannot be written.
fn to_json(kind: Kind, value: &str) -> Result<Option<String>, String> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match kind {
        Kind::Text => Ok(Some(serde_json::Value::String(value.to_string()).to_string())),
        Kind::Number => match value.trim().parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 => Ok(Some(value.trim().to_string())),
            _ => Err("a whole number of 0 or more".to_string()),
        },
        Kind::Json => check_value(value).map(|()| Some(value.to_string())).map_err(|e| e.to_string()),
    }
}

#[component]
fn Field(edits: VisualEdits, state: String, key: &'static str, kind: Kind, raw: Option<String>) -> impl IntoView {
    let initial = shown(kind, raw.as_deref());
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let id = format!("field-{key}");
    let check = move |value: &str| error.set(to_json(kind, value).err());
    let commit = {
        let state = state.clone();
        let initial = initial.clone();
        move |value: String| {
            if value == initial {
                return;
            }
            match to_json(kind, &value) {
                Ok(json) => error.set(edits.set_field(&state, key, json.as_deref()).err()),
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let input = match kind {
        Kind::Json => {
            let (commit, commit_key) = (commit.clone(), commit.clone());
            let rows = initial.lines().count().clamp(2, 12);
            view! {
                <textarea id=id.clone() class="field-json" rows=rows spellcheck="false" prop:value=initial.clone()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    on:input=move |ev| check(&event_target_value(&ev))
                    on:change=move |ev| commit(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        // Ctrl+Enter commits; plain Enter is a new line in JSON.
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            commit_key(event_target_value(&ev));
                        }
                    }
                ></textarea>
            }
            .into_any()
        }
        _ => view! {
            <input id=id.clone() type="text" prop:value=initial.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                on:input=move |ev| check(&event_target_value(&ev))
                on:change=move |ev| commit(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{key}</label>
            {input}
            {move || error.get().map(|e| view! { <div class="field-error">{e}</div> })}
        </div>
    }
}

/// A select of the states a transition may lead to; `none` is the first option's label.
fn target_select(
    id: &'static str,
    siblings: &[String],
    current: Option<String>,
    none: &'static str,
    on_pick: impl Fn(Option<String>) + 'static,
) -> impl IntoView {
    let options = siblings
        .iter()
        .map(|s| view! { <option value=s.clone() selected=current.as_deref() == Some(s.as_str())>{s.clone()}</option> })
        .collect_view();
    view! {
        <select id=id on:change=move |ev| {
            let v = event_target_value(&ev);
            on_pick((!v.is_empty()).then_some(v));
        }>
            <option value="" selected=current.is_none()>{none}</option>
            {options}
        </select>
    }
}

#[component]
pub fn Inspector(edits: VisualEdits, parsed: ReadSignal<Arc<Parsed>>, text: RwSignal<String>, selected_state: RwSignal<Option<String>>) -> impl IntoView {
    let info = Memo::new(move |_| -> Option<Info> {
        let name = selected_state.get()?;
        let parsed = parsed.get();
        let machine = parsed.machine.as_ref()?;
        let state = machine.find(&name)?;
        let fields = text.with_untracked(|t| state_fields(t, &name).ok())?;
        let siblings = scope_of(machine, &name).map(|m| m.states.iter().map(|s| s.name.clone()).collect()).unwrap_or_default();
        let problems = parsed
            .diagnostics
            .iter()
            .filter(|d| d.span.start >= state.name_span.start && d.span.end <= state.span.end)
            .map(|d| format!("{} {}: {}", if d.severity == Severity::Error { "Error" } else { "Warning" }, d.code, d.message))
            .collect();
        Some(Info { name, type_name: state.kind.type_name().to_string(), lang: state.query_language, fields, siblings, problems })
    });
    let name_error: RwSignal<Option<String>> = RwSignal::new(None);
    let next_error: RwSignal<Option<String>> = RwSignal::new(None);

    move || {
        let Some(info) = info.get() else {
            return view! { <p class="muted inspector-empty">"Select a state to edit its fields, or drag one from the palette."</p> }.into_any();
        };
        let name = info.name.clone();
        name_error.set(None);
        next_error.set(None);
        let rename = {
            let name = name.clone();
            move |new: String| {
                if new != name {
                    name_error.set(edits.rename(&name, new.trim_end_matches('\n')).err());
                }
            }
        };
        let transition = match info.type_name.as_str() {
            "Choice" => {
                let name = name.clone();
                let current = info.raw("Default").and_then(|r| serde_json::from_str::<String>(r).ok());
                let pick = move |t: Option<String>| {
                    let json = t.map(|t| serde_json::Value::String(t).to_string());
                    next_error.set(edits.set_field(&name, "Default", json.as_deref()).err());
                };
                Some(view! { <div class="field"><label for="inspector-default">"Default"</label>{target_select("inspector-default", &info.siblings, current, "(none)", pick)}</div> }.into_any())
            }
            "Succeed" | "Fail" => None,
            _ => {
                let name = name.clone();
                let current = info.raw("Next").and_then(|r| serde_json::from_str::<String>(r).ok());
                let pick = move |t: Option<String>| next_error.set(edits.set_next(&name, t.as_deref()).err());
                Some(view! { <div class="field"><label for="inspector-next">"Next"</label>{target_select("inspector-next", &info.siblings, current, "(End)", pick)}</div> }.into_any())
            }
        };
        let fields = fields_for(&info.type_name, info.lang)
            .into_iter()
            .map(|(key, kind)| view! { <Field edits=edits state=name.clone() key=key kind=kind raw=info.raw(key).map(str::to_string) /> })
            .collect_view();
        let problems = (!info.problems.is_empty()).then(|| {
            view! { <ul class="inspector-problems">{info.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> }
        });
        let delete = {
            let name = name.clone();
            move |_| edits.delete(&name, None)
        };
        view! {
            <div class="inspector-head">
                <input id="inspector-name" type="text" aria-label="State name" prop:value=name.clone()
                    on:input=move |ev| name_error.set(check_name(&event_target_value(&ev)).err().map(|e| e.to_string()))
                    on:change=move |ev| rename(event_target_value(&ev))
                />
                <span class="type-badge">{info.type_name.clone()}</span>
                <button id="inspector-delete" class="danger" title="Delete this state (Delete)" on:click=delete>"Delete"</button>
            </div>
            {move || name_error.get().map(|e| view! { <div class="field-error" id="name-error">{e}</div> })}
            {transition}
            {move || next_error.get().map(|e| view! { <div class="field-error">{e}</div> })}
            {fields}
            {problems}
        }
        .into_any()
    }
}
