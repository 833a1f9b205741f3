//! The inspector: a form for the selected state's fields, by type. Every field checks what is
//! typed as it is typed (a number, JSON) and writes it to the text (one undo step) when it is
//! committed: Enter or leaving the field. Emptying a field removes it. The state's problems
//! from the validator are listed under the form, so a commit shows at once what AWS would say.

pub mod test_state;

use std::sync::Arc;

use asl_core::model::{fields, QueryLanguage};
use asl_core::{Parsed, Severity};
use asl_edit::visual::{check_name, check_value, state_fields};
use leptos::prelude::*;

use crate::diagram::visual::VisualEdits;

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

#[component]
pub fn Inspector(
    edits: VisualEdits,
    parsed: ReadSignal<Arc<Parsed>>,
    text: RwSignal<String>,
    selected_state: RwSignal<Option<String>>,
) -> impl IntoView {
    let syntax = edits.syntax();
    let info = Memo::new(move |_| -> Option<Info> {
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
    });
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
            .map(|(key, kind)| {
                let raw = info.raw(key).map(str::to_string);
                let rows = List::of(key).map(|list| {
                    view! { <ListRows edits=edits state=name.clone() list=list raw=raw.clone() siblings=info.siblings.clone() lang=info.lang /> }
                });
                let field = view! { <Field edits=edits state=name.clone() key=key kind=kind raw=raw /> };
                match rows {
                    // The whole list as JSON, folded under its rows.
                    Some(rows) => view! { {rows}<details class="list-json"><summary>{format!("{key} as JSON")}</summary>{field}</details> }.into_any(),
                    None => field.into_any(),
                }
            })
            .collect_view();
        // A Parallel's branches: how many, and one more (its states are edited in the diagram).
        let branches = (info.type_name == "Parallel").then(|| {
            let count = info.raw("Branches").and_then(|r| serde_json::from_str::<Vec<serde_json::Value>>(r).ok()).map_or(0, |b| b.len());
            let name = name.clone();
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
        });
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
            {branches}
            {fields}
            {problems}
        }
        .into_any()
    }
}

/// The lists the inspector edits row by row (the JSON of the whole list stays editable too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Retry,
    Catch,
    Choices,
}

impl List {
    fn of(key: &str) -> Option<List> {
        match key {
            "Retry" => Some(List::Retry),
            "Catch" => Some(List::Catch),
            "Choices" => Some(List::Choices),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            List::Retry => "Retry",
            List::Catch => "Catch",
            List::Choices => "Choices",
        }
    }

    /// A new row, as the AWS console writes one.
    fn new_row(self, lang: QueryLanguage, first_sibling: &str) -> serde_json::Value {
        use serde_json::json;
        match self {
            List::Retry => {
                json!({ "ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2 })
            }
            List::Catch => json!({ "ErrorEquals": ["States.ALL"], "Next": first_sibling }),
            List::Choices if lang == QueryLanguage::Jsonata => {
                json!({ "Condition": "{% $states.input.value = 1 %}", "Next": first_sibling })
            }
            List::Choices => json!({ "Variable": "$.value", "NumericEquals": 1, "Next": first_sibling }),
        }
    }
}

/// Rows of a Retry, Catch or Choices list. Each change writes the whole list back as one undo
/// step; fields a row does not show (MaxDelaySeconds, Assign...) are kept as they are.
#[component]
fn ListRows(
    edits: VisualEdits,
    state: String,
    list: List,
    raw: Option<String>,
    siblings: Vec<String>,
    lang: QueryLanguage,
) -> impl IntoView {
    use serde_json::Value;
    let rows: Vec<Value> = match raw.as_deref().map(serde_json::from_str::<Value>) {
        None => Vec::new(),
        Some(Ok(Value::Array(rows))) => rows,
        // Not a list (the validator says so): only the JSON field below can mend it.
        Some(_) => return None,
    };
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let write = {
        let state = state.clone();
        move |rows: Vec<Value>| {
            let json =
                (!rows.is_empty()).then(|| serde_json::to_string_pretty(&Value::Array(rows)).unwrap_or_default());
            error.set(edits.set_field(&state, list.key(), json.as_deref()).err());
        }
    };
    let target_options = |current: Option<&str>| {
        let missing = current.filter(|c| !siblings.iter().any(|s| s == c)).map(|m| {
            view! { <option value=m.to_string() selected=true>{format!("{m} (missing)")}</option> }
        });
        let options = siblings
            .iter()
            .map(|s| view! { <option value=s.clone() selected=current == Some(s.as_str())>{s.clone()}</option> })
            .collect_view();
        view! { {options}{missing} }
    };
    let items = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let edit = {
                let (rows, write) = (rows.clone(), write.clone());
                move |f: &RowEdit| {
                    let mut rows = rows.clone();
                    let Some(Value::Object(obj)) = rows.get_mut(i) else { return };
                    match f(obj) {
                        Ok(()) => write(rows),
                        Err(e) => error.set(Some(e)),
                    }
                }
            };
            let remove = {
                let (rows, write) = (rows.clone(), write.clone());
                move |_| {
                    let mut rows = rows.clone();
                    rows.remove(i);
                    write(rows);
                }
            };
            let get = |k: &str| row.get(k).cloned().unwrap_or(Value::Null);
            let num = |k: &str| row.get(k).map(Value::to_string).unwrap_or_default();
            let errors = row
                .get("ErrorEquals")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let set_errors = {
                let edit = edit.clone();
                move |ev: web_sys::Event| {
                    let v = event_target_value(&ev);
                    let list: Vec<Value> = v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect();
                    edit(&move |o| {
                        o.insert("ErrorEquals".into(), Value::Array(list.clone()));
                        Ok(())
                    });
                }
            };
            let set_number = |k: &'static str| {
                let edit = edit.clone();
                move |ev: web_sys::Event| {
                    let v = event_target_value(&ev);
                    edit(&move |o| {
                        if v.trim().is_empty() {
                            o.remove(k);
                            return Ok(());
                        }
                        let n: serde_json::Number = v.trim().parse().map_err(|_| format!("{k}: a number"))?;
                        o.insert(k.into(), Value::Number(n));
                        Ok(())
                    });
                }
            };
            let set_next = {
                let edit = edit.clone();
                move |ev: web_sys::Event| {
                    let v = event_target_value(&ev);
                    edit(&move |o| {
                        o.insert("Next".into(), Value::String(v.clone()));
                        Ok(())
                    });
                }
            };
            let next = get("Next");
            let next_select = view! {
                <select class="row-next" aria-label="Next" on:change=set_next>{target_options(next.as_str())}</select>
            };
            let body = match list {
                List::Retry => view! {
                    <input class="row-errors" type="text" aria-label="ErrorEquals" prop:value=errors on:change=set_errors />
                    <input class="row-num" type="text" aria-label="IntervalSeconds" title="IntervalSeconds" prop:value=num("IntervalSeconds") on:change=set_number("IntervalSeconds") />
                    <input class="row-num" type="text" aria-label="MaxAttempts" title="MaxAttempts" prop:value=num("MaxAttempts") on:change=set_number("MaxAttempts") />
                    <input class="row-num" type="text" aria-label="BackoffRate" title="BackoffRate" prop:value=num("BackoffRate") on:change=set_number("BackoffRate") />
                }
                .into_any(),
                List::Catch => view! {
                    <input class="row-errors" type="text" aria-label="ErrorEquals" prop:value=errors on:change=set_errors />
                    {next_select}
                }
                .into_any(),
                List::Choices => {
                    // The rule without its Next, as JSON.
                    let mut rule = row.as_object().cloned().unwrap_or_default();
                    rule.remove("Next");
                    let text = serde_json::to_string(&Value::Object(rule)).unwrap_or_default();
                    let set_rule = {
                        let edit = edit.clone();
                        move |ev: web_sys::Event| {
                            let v = event_target_value(&ev);
                            edit(&move |o| {
                                let Ok(Value::Object(rule)) = serde_json::from_str::<Value>(&v) else {
                                    return Err("the rule must be a JSON object".to_string());
                                };
                                let next = o.get("Next").cloned();
                                *o = rule;
                                if let Some(next) = next {
                                    o.insert("Next".into(), next);
                                }
                                Ok(())
                            });
                        }
                    };
                    view! {
                        <input class="row-rule" type="text" aria-label="Rule" prop:value=text on:change=set_rule />
                        {next_select}
                    }
                    .into_any()
                }
            };
            view! {
                <li class="list-row" data-index=i>
                    {body}
                    <button class="row-remove" title="Remove" on:click=remove>"×"</button>
                </li>
            }
        })
        .collect_view();
    let add = {
        let first = siblings.first().cloned().unwrap_or_default();
        move |_| {
            let mut rows = rows.clone();
            rows.push(list.new_row(lang, &first));
            write(rows);
        }
    };
    let (label, add_label, head) = match list {
        List::Retry => ("Retry", "Add retrier", "ErrorEquals · Interval · Attempts · Backoff"),
        List::Catch => ("Catch", "Add catcher", "ErrorEquals · Next"),
        List::Choices => ("Choice rules", "Add rule", "Rule · Next"),
    };
    Some(view! {
        <div class="field list-field" id=format!("list-{}", list.key())>
            <label>{label}</label>
            <div>
                <div class="list-head muted">{head}</div>
                <ul class="list-rows">{items}</ul>
                <button class="row-add" on:click=add>{add_label}</button>
                {move || error.get().map(|e| view! { <div class="field-error">{e}</div> })}
            </div>
        </div>
    })
}

/// An edit of one row object (a Retrier, Catcher or Choice rule); `Err` is shown at the row.
type RowEdit = dyn Fn(&mut serde_json::Map<String, serde_json::Value>) -> Result<(), String>;
