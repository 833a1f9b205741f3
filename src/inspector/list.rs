//! The inspector's row-by-row editors of a Retry, Catch or Choices list.

// `ListRows` is long (~180 lines) because each row's inputs and their change handlers share
// the row's `edit` closure; a row component would need them all passed in.

use asl_core::model::QueryLanguage;
use leptos::prelude::*;

use crate::diagram::visual::VisualEdits;

/// The lists the inspector edits row by row (the JSON of the whole list stays editable too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum List {
    Retry,
    Catch,
    Choices,
}

impl List {
    pub(super) fn of(key: &str) -> Option<List> {
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
pub(super) fn ListRows(
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
