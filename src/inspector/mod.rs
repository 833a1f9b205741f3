//! The inspector: a form for the selected state's fields, by type. Every field checks what is
//! typed as it is typed (a number, JSON) and writes it to the text (one undo step) when it is
//! committed: Enter or leaving the field. Emptying a field removes it. The state's problems
//! from the validator are listed under the form, so a commit shows at once what AWS would say.

mod list;
pub mod test_state;

use std::sync::Arc;

use asl_core::model::{fields, QueryLanguage};
use asl_core::{Parsed, Severity};
use asl_edit::visual::{check_name, check_value, state_fields};
use leptos::prelude::*;

use crate::diagram::visual::VisualEdits;
use list::{List, ListRows};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A JSON string, edited as plain text.
    Text,
    Number,
    /// Any JSON value (objects and arrays on several lines).
    Json,
}

/// The fields the form edits, in its order, with how each is typed. Which of them a state
/// shows is the core's field table (`model::fields::accepts`), not a second copy of it here;
/// the transitions, branches and item processor have controls of their own.
const FORM: &[(&str, Kind)] = {
    use Kind::*;
    &[
        ("Comment", Text),
        ("Resource", Text),
        ("TimeoutSeconds", Number),
        ("HeartbeatSeconds", Number),
        ("Seconds", Number),
        ("Timestamp", Text),
        ("SecondsPath", Text),
        ("TimestampPath", Text),
        ("Error", Text),
        ("Cause", Text),
        ("Choices", Json),
        ("Items", Json),
        ("ItemsPath", Text),
        ("MaxConcurrency", Number),
        ("ItemSelector", Json),
        ("Result", Json),
        ("Arguments", Json),
        ("InputPath", Text),
        ("OutputPath", Text),
        ("ResultPath", Text),
        ("Parameters", Json),
        ("ResultSelector", Json),
        ("Output", Json),
        ("Assign", Json),
        ("Retry", Json),
        ("Catch", Json),
    ]
};

/// The fields shown for a state, by `Type` and query language, in the order of the form.
fn fields_for(type_name: &str, lang: QueryLanguage) -> Vec<(&'static str, Kind)> {
    FORM.iter()
        .filter(|(field, _)| fields::accepts(type_name, field, lang))
        .map(|&(field, kind)| {
            // A JSONata Wait takes a number or a `{% %}` expression for either.
            let jsonata_wait = lang == QueryLanguage::Jsonata && matches!(field, "Seconds" | "Timestamp");
            (field, if jsonata_wait { Kind::Json } else { kind })
        })
        .collect()
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
    // A target that names no state is shown as it is, so the select never hides the problem.
    let none_selected = current.is_none();
    let missing = current.filter(|c| !siblings.contains(c));
    let missing_option =
        missing.map(|m| view! { <option value=m.clone() selected=true>{format!("{m} (missing)")}</option> });
    view! {
        <select id=id on:change=move |ev| {
            let v = event_target_value(&ev);
            on_pick((!v.is_empty()).then_some(v));
        }>
            <option value="" selected=none_selected>{none}</option>
            {options}
            {missing_option}
        </select>
    }
}

/// What the inspector shows of the selected state, derived from the text and its parse; `None`
/// when nothing is selected or the text cannot say where the state's fields are.
fn state_info(
    edits: VisualEdits,
    parsed: ReadSignal<Arc<Parsed>>,
    text: RwSignal<String>,
    selected_state: RwSignal<Option<String>>,
) -> Memo<Option<Info>> {
    let syntax = edits.syntax();
    Memo::new(move |_| -> Option<Info> {
        let name = selected_state.get()?;
        let parsed = parsed.get();
        let machine = parsed.machine.as_ref()?;
        let scope = machine.scope_of(&name)?;
        let state = scope.state(&name)?;
        // The parse is of the text as it is now (it ran just before this memo).
        let fields = text.with_untracked(|t| {
            let object = match syntax.get_untracked() {
                asl_core::Syntax::Json => t.get(state.span.start..state.span.end)?.to_string(),
                // The form edits JSON values; a YAML state shows as the JSON it stands for.
                asl_core::Syntax::Yaml => asl_edit::yaml::part_to_json(t, state.span.start, state.span.end)?,
            };
            state_fields(&object).ok()
        })?;
        let siblings = scope.states.iter().map(|s| s.name.clone()).collect();
        let problems = parsed
            .diagnostics
            .iter()
            .filter(|d| d.span.start >= state.name_span.start && d.span.end <= state.span.end)
            .map(|d| {
                format!("{} {}: {}", if d.severity == Severity::Error { "Error" } else { "Warning" }, d.code, d.message)
            })
            .collect();
        Some(Info {
            name,
            type_name: state.kind.type_name().to_string(),
            lang: state.query_language,
            fields,
            siblings,
            problems,
        })
    })
}

#[component]
pub fn Inspector(
    edits: VisualEdits,
    parsed: ReadSignal<Arc<Parsed>>,
    text: RwSignal<String>,
    selected_state: RwSignal<Option<String>>,
) -> impl IntoView {
    let info = state_info(edits, parsed, text, selected_state);
    let name_error: RwSignal<Option<String>> = RwSignal::new(None);
    let next_error: RwSignal<Option<String>> = RwSignal::new(None);
    move || {
        let Some(info) = info.get() else {
            let text = match selected_state.get() {
                // Selected, but the text cannot say where its fields are (not JSON, or renamed).
                Some(name) => format!("“{name}” cannot be edited here until the definition is valid JSON that has it."),
                None => "Select a state to edit its fields, or drag one from the palette.".to_string(),
            };
            return view! { <p class="muted inspector-empty">{text}</p> }.into_any();
        };
        name_error.set(None);
        next_error.set(None);
        view! {
            {head(&info, edits, name_error)}
            {move || name_error.get().map(|e| view! { <div class="field-error" id="name-error">{e}</div> })}
            {transition(&info, edits, next_error)}
            {move || next_error.get().map(|e| view! { <div class="field-error">{e}</div> })}
            {branches(&info, edits)}
            {fields(&info, edits)}
            {(!info.problems.is_empty()).then(|| {
                view! { <ul class="inspector-problems">{info.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> }
            })}
        }
        .into_any()
    }
}

/// The name (renamed on change), the type and Delete.
fn head(info: &Info, edits: VisualEdits, name_error: RwSignal<Option<String>>) -> impl IntoView {
    let name = info.name.clone();
    let rename = {
        let name = name.clone();
        move |new: String| {
            if new != name {
                name_error.set(edits.rename(&name, new.trim_end_matches('\n')).err());
            }
        }
    };
    let delete = {
        let name = name.clone();
        move |_| edits.delete(&name, None)
    };
    view! {
        <div class="inspector-head">
            <input id="inspector-name" type="text" aria-label="State name" prop:value=name
                on:input=move |ev| name_error.set(check_name(&event_target_value(&ev)).err().map(|e| e.to_string()))
                on:change=move |ev| rename(event_target_value(&ev))
            />
            <span class="type-badge">{info.type_name.clone()}</span>
            <button id="inspector-delete" class="danger" title="Delete this state (Delete)" on:click=delete>"Delete"</button>
        </div>
    }
}

/// Where the state goes: a Choice's `Default`, else `Next` (or the end); none for Succeed and Fail.
fn transition(info: &Info, edits: VisualEdits, next_error: RwSignal<Option<String>>) -> Option<impl IntoView> {
    let name = info.name.clone();
    match info.type_name.as_str() {
        "Choice" => {
            let current = info.raw("Default").and_then(|r| serde_json::from_str::<String>(r).ok());
            let pick = move |t: Option<String>| {
                let json = t.map(|t| serde_json::Value::String(t).to_string());
                next_error.set(edits.set_field(&name, "Default", json.as_deref()).err());
            };
            Some(view! { <div class="field"><label for="inspector-default">"Default"</label>{target_select("inspector-default", &info.siblings, current, "(none)", pick)}</div> }.into_any())
        }
        "Succeed" | "Fail" => None,
        _ => {
            let current = info.raw("Next").and_then(|r| serde_json::from_str::<String>(r).ok());
            let pick = move |t: Option<String>| next_error.set(edits.set_next(&name, t.as_deref()).err());
            Some(view! { <div class="field"><label for="inspector-next">"Next"</label>{target_select("inspector-next", &info.siblings, current, "(End)", pick)}</div> }.into_any())
        }
    }
}

/// The fields of the state's type; Retry, Catch and Choices row by row, with their JSON folded.
fn fields(info: &Info, edits: VisualEdits) -> impl IntoView {
    fields_for(&info.type_name, info.lang)
        .into_iter()
        .map(|(key, kind)| {
            let raw = info.raw(key).map(str::to_string);
            let state = info.name.clone();
            let rows = List::of(key).map(|list| {
                view! { <ListRows edits=edits state=state.clone() list=list raw=raw.clone() siblings=info.siblings.clone() lang=info.lang /> }
            });
            let field = view! { <Field edits=edits state=state key=key kind=kind raw=raw /> };
            match rows {
                // The whole list as JSON, folded under its rows.
                Some(rows) => view! { {rows}<details class="list-json"><summary>{format!("{key} as JSON")}</summary>{field}</details> }.into_any(),
                None => field.into_any(),
            }
        })
        .collect_view()
}

/// A Parallel's branches: how many, and one more (its states are edited in the diagram).
fn branches(info: &Info, edits: VisualEdits) -> Option<impl IntoView> {
    (info.type_name == "Parallel").then(|| {
        let count = info
            .raw("Branches")
            .and_then(|r| serde_json::from_str::<Vec<serde_json::Value>>(r).ok())
            .map_or(0, |b| b.len());
        let name = info.name.clone();
        let error: RwSignal<Option<String>> = RwSignal::new(None);
        view! {
            <div class="field">
                <label>"Branches"</label>
                <div>
                    <span id="branch-count">{count}</span>" "
                    <button id="add-branch" on:click=move |_| error.set(edits.add_branch(&name).err())>"Add branch"</button>
                    {move || error.get().map(|e| view! { <div class="field-error">{e}</div> })}
                </div>
            </div>
        }
    })
}
