//! The inspector's row-by-row editors of a Retry, Catch or Choices list.

use std::sync::Arc;

use asl_core::model::QueryLanguage;
use leptos::prelude::*;
use serde_json::Value;

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
    let rows: Vec<Value> = match raw.as_deref().map(serde_json::from_str::<Value>) {
        None => Vec::new(),
        Some(Ok(Value::Array(rows))) => rows,
        // Not a list (the validator says so): only the JSON field below can mend it.
        Some(_) => return None,
    };
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let write = Callback::new(move |rows: Vec<Value>| {
        let json = (!rows.is_empty()).then(|| serde_json::to_string_pretty(&Value::Array(rows)).unwrap_or_default());
        error.set(edits.set_field(&state, list.key(), json.as_deref()).err());
    });
    let rows = Rows { rows: Arc::new(rows), write, error };
    let items = rows.rows.iter().enumerate().map(|(i, row)| row_view(&rows, i, row, list, &siblings)).collect_view();
    let add = {
        let (rows, first) = (rows.clone(), siblings.first().cloned().unwrap_or_default());
        move |_| rows.change(|all| all.push(list.new_row(lang, &first)))
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

/// The list as last written, where a changed list goes, and where a row's error shows.
#[derive(Clone)]
struct Rows {
    rows: Arc<Vec<Value>>,
    write: Callback<Vec<Value>>,
    error: RwSignal<Option<String>>,
}

impl Rows {
    fn change(&self, f: impl FnOnce(&mut Vec<Value>)) {
        let mut rows = (*self.rows).clone();
        f(&mut rows);
        self.write.run(rows);
    }

    /// Edits row `i` (an object); an `Err` is shown instead of writing.
    fn edit(&self, i: usize, f: impl FnOnce(&mut serde_json::Map<String, Value>) -> Result<(), String>) {
        let mut rows = (*self.rows).clone();
        let Some(Value::Object(obj)) = rows.get_mut(i) else { return };
        match f(obj) {
            Ok(()) => self.write.run(rows),
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// A change handler of row `i`'s input: `f` gets the input's value and the row.
    fn on_change(
        &self,
        i: usize,
        f: impl Fn(&str, &mut serde_json::Map<String, Value>) -> Result<(), String> + 'static,
    ) -> impl Fn(web_sys::Event) + 'static {
        let rows = self.clone();
        move |ev| {
            let v = event_target_value(&ev);
            rows.edit(i, |o| f(&v, o));
        }
    }
}

/// The `Next` select of a Catcher or Choice rule: the sibling states, and the current target
/// even when no such state exists.
fn target_options(siblings: &[String], current: Option<&str>) -> impl IntoView {
    let missing = current
        .filter(|c| !siblings.iter().any(|s| s == c))
        .map(|m| view! { <option value=m.to_string() selected=true>{format!("{m} (missing)")}</option> });
    let options = siblings
        .iter()
        .map(|s| view! { <option value=s.clone() selected=current == Some(s.as_str())>{s.clone()}</option> })
        .collect_view();
    view! { {options}{missing} }
}

/// `ErrorEquals` typed as a comma-separated list.
fn set_errors(v: &str, o: &mut serde_json::Map<String, Value>) -> Result<(), String> {
    let list = v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect();
    o.insert("ErrorEquals".into(), Value::Array(list));
    Ok(())
}

/// A number field; empty removes it.
fn set_number(k: &'static str) -> impl Fn(&str, &mut serde_json::Map<String, Value>) -> Result<(), String> {
    move |v, o| {
        if v.trim().is_empty() {
            o.remove(k);
            return Ok(());
        }
        let n: serde_json::Number = v.trim().parse().map_err(|_| format!("{k}: a number"))?;
        o.insert(k.into(), Value::Number(n));
        Ok(())
    }
}

/// A Choice rule typed as JSON, keeping its `Next`.
fn set_rule(v: &str, o: &mut serde_json::Map<String, Value>) -> Result<(), String> {
    let Ok(Value::Object(rule)) = serde_json::from_str::<Value>(v) else {
        return Err("the rule must be a JSON object".to_string());
    };
    let next = o.get("Next").cloned();
    *o = rule;
    if let Some(next) = next {
        o.insert("Next".into(), next);
    }
    Ok(())
}

fn row_view(rows: &Rows, i: usize, row: &Value, list: List, siblings: &[String]) -> impl IntoView {
    let num = |k: &str| row.get(k).map(Value::to_string).unwrap_or_default();
    let errors = row
        .get("ErrorEquals")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let next = row.get("Next").cloned().unwrap_or(Value::Null);
    let set_next = |v: &str, o: &mut serde_json::Map<String, Value>| {
        o.insert("Next".into(), Value::String(v.to_string()));
        Ok(())
    };
    let next_select = view! {
        <select class="row-next" aria-label="Next" on:change=rows.on_change(i, set_next)>{target_options(siblings, next.as_str())}</select>
    };
    let body = match list {
        List::Retry => view! {
            <input class="row-errors" type="text" aria-label="ErrorEquals" prop:value=errors on:change=rows.on_change(i, set_errors) />
            <input class="row-num" type="text" aria-label="IntervalSeconds" title="IntervalSeconds" prop:value=num("IntervalSeconds") on:change=rows.on_change(i, set_number("IntervalSeconds")) />
            <input class="row-num" type="text" aria-label="MaxAttempts" title="MaxAttempts" prop:value=num("MaxAttempts") on:change=rows.on_change(i, set_number("MaxAttempts")) />
            <input class="row-num" type="text" aria-label="BackoffRate" title="BackoffRate" prop:value=num("BackoffRate") on:change=rows.on_change(i, set_number("BackoffRate")) />
        }
        .into_any(),
        List::Catch => view! {
            <input class="row-errors" type="text" aria-label="ErrorEquals" prop:value=errors on:change=rows.on_change(i, set_errors) />
            {next_select}
        }
        .into_any(),
        List::Choices => {
            // The rule without its Next, as JSON.
            let mut rule = row.as_object().cloned().unwrap_or_default();
            rule.remove("Next");
            let text = serde_json::to_string(&Value::Object(rule)).unwrap_or_default();
            view! {
                <input class="row-rule" type="text" aria-label="Rule" prop:value=text on:change=rows.on_change(i, set_rule) />
                {next_select}
            }
            .into_any()
        }
    };
    let remove = {
        let rows = rows.clone();
        move |_| rows.change(|all| drop(all.remove(i)))
    };
    view! {
        <li class="list-row" data-index=i>
            {body}
            <button class="row-remove" title="Remove" on:click=remove>"×"</button>
        </li>
    }
}
