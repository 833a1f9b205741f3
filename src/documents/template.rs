//! Definitions that live in a CloudFormation, SAM or CDK template: opening one of its state
//! machines as a document (a picker when it holds several), the values its `${…}`
//! placeholders get for simulation, and writing the edited definition back into the template
//! in the form it came in ("Export template"). The template logic is `asl_edit::template`.

use std::rc::Rc;

use asl_edit::cases::TestCases;
use asl_edit::template::{self, Placeholder};
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::store::Store;

/// Where the open document's definition came from, and what its placeholders are set to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TemplateSource {
    /// The template's file name (also the exported file's).
    pub file_name: String,
    /// The template as it was opened (or last exported).
    pub text: String,
    pub logical_id: String,
    /// Why it cannot be written back (a CDK-synthesised template), if so.
    pub read_only: Option<String>,
    /// The template's own placeholders: name, default, where it is defined.
    pub placeholders: Vec<(String, String, String)>,
    /// The values the user gave, by name.
    pub values: Vec<(String, String)>,
}

impl TemplateSource {
    pub fn to_json(&self) -> Value {
        json!({"fileName": self.file_name, "text": self.text, "logicalId": self.logical_id,
               "readOnly": self.read_only, "placeholders": self.placeholders, "values": self.values})
    }

    /// `None` for `Null` or anything unreadable.
    pub fn from_json(v: &Value) -> Option<TemplateSource> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let pairs = |k: &str| -> Vec<Vec<String>> {
            v.get(k).and_then(|x| serde_json::from_value(x.clone()).ok()).unwrap_or_default()
        };
        Some(TemplateSource {
            file_name: text("fileName")?,
            text: text("text")?,
            logical_id: text("logicalId")?,
            read_only: text("readOnly"),
            placeholders: pairs("placeholders")
                .into_iter()
                .filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone(), p.get(2).cloned().unwrap_or_default())))
                .collect(),
            values: pairs("values").into_iter().filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone()))).collect(),
        })
    }

    /// Every placeholder of `definition` (the text as edited now): name, the value used, and
    /// where it comes from. One the user typed in gets a fake of the right kind.
    pub fn rows(&self, definition: &str) -> Vec<(String, String, String)> {
        template::names(definition)
            .into_iter()
            .map(|name| {
                let own = self.placeholders.iter().find(|p| p.0 == name);
                let value = self
                    .values
                    .iter()
                    .find(|v| v.0 == name)
                    .map(|v| v.1.clone())
                    .or_else(|| own.map(|p| p.1.clone()))
                    .unwrap_or_else(|| template::fake(definition, &name, None));
                let source = own.map_or_else(|| "not defined in the template".to_string(), |p| p.2.clone());
                (name, value, source)
            })
            .collect()
    }

    /// The definition as simulated: each placeholder replaced by its value.
    pub fn substituted(&self, definition: &str) -> String {
        let rows = self.rows(definition);
        template::substitute(definition, |name, _| rows.iter().find(|r| r.0 == name).map(|r| r.1.clone()))
    }
}

/// Opens a template file: one state machine opens at once, several are offered in a picker.
pub fn open_template(store: Store, name: &str, content: &str, pending: RwSignal<Option<Pending>>) {
    match template::open(name, content) {
        Err(e) => store.message.set(Some(format!("{name} was not opened: {e}"))),
        Ok(t) if t.machines.is_empty() => store.message.set(Some(format!(
            "{name} holds no state machine (AWS::StepFunctions::StateMachine or AWS::Serverless::StateMachine)."
        ))),
        Ok(t) if t.machines.len() == 1 => open_machine(store, name, content, &t.machines[0].logical_id),
        Ok(t) => {
            let machines = t.machines.iter().map(|m| (m.logical_id.clone(), m.problem())).collect();
            pending.set(Some(Pending { name: name.to_string(), content: content.to_string(), machines }));
        }
    }
}

/// A template with several state machines, waiting for the user's pick.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub name: String,
    pub content: String,
    /// Each machine's logical id and why it cannot be opened, if so.
    pub machines: Vec<(String, Option<String>)>,
}

/// Opens `logical_id` of the template as a new document.
pub fn open_machine(store: Store, name: &str, content: &str, logical_id: &str) {
    let opened = template::open(name, content).and_then(|t| {
        let m = t.get(logical_id)?.clone();
        if let Some(problem) = m.problem() {
            return Err(problem);
        }
        Ok(m)
    });
    let m = match opened {
        Ok(m) => m,
        Err(e) => {
            // DefinitionUri/S3: the definition is another file, which the user can open instead.
            store
                .message
                .set(Some(format!("{logical_id} was not opened: {e}. Open the definition file itself with Open….")));
            return;
        }
    };
    let Ok(definition) = m.definition.clone() else { return };
    let placeholders = m
        .placeholders
        .iter()
        .map(|Placeholder { name, default, source }| (name.clone(), default.clone(), source.clone()))
        .collect();
    let source = TemplateSource {
        file_name: name.to_string(),
        text: content.to_string(),
        logical_id: logical_id.to_string(),
        read_only: m.read_only.clone(),
        placeholders,
        values: Vec::new(),
    };
    let read_only = source.read_only.clone();
    store.open_new(&format!("{logical_id} ({name})"), definition, None, TestCases::default());
    store.template.set(Some(source));
    store.save_now();
    let note = read_only
        .map_or(String::new(), |why| format!(" Read-only template: {why}; Export JSON gives the plain definition."));
    store.message.set(Some(format!("Opened {logical_id} from {name}.{note}")));
}

/// The picker shown when a template holds several state machines.
#[component]
pub fn TemplatePicker(store: Store, pending: RwSignal<Option<Pending>>) -> impl IntoView {
    // Its first machine takes the focus; Tab kept inside, Escape cancels, the focus back.
    let open = Rc::new(move || pending.with(Option::is_some));
    crate::a11y::modal("template-machines", None, open, Rc::new(move || pending.set(None)));
    move || {
        let p = pending.get()?;
        let buttons = p
            .machines
            .iter()
            .map(|(id, problem)| {
                let (id, name, content) = (id.clone(), p.name.clone(), p.content.clone());
                let label = id.clone();
                let disabled = problem.is_some();
                view! {
                    <li>
                        <button class="template-machine" data-logical-id=id.clone() disabled=disabled on:click=move |_| {
                            pending.set(None);
                            open_machine(store, &name, &content, &id);
                        }>{label}</button>
                        {problem.clone().map(|why| view! { <span class="muted">" "{why}</span> })}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="dialog-backdrop">
                <div class="dialog" id="template-machines" role="dialog" aria-modal="true" aria-label="Pick a state machine">
                    <p>{format!("{} holds {} state machines. Open which?", p.name, p.machines.len())}</p>
                    <ul class="template-list">{buttons}</ul>
                    <div class="dialog-actions"><button on:click=move |_| pending.set(None)>"Cancel"</button></div>
                </div>
            </div>
        })
    }
}

/// The placeholders' values for simulation (`#substitutions`), when the document came from a
/// template, and "Export template".
#[component]
pub fn TemplatePanel(store: Store) -> impl IntoView {
    let export = move |_| {
        let Some(t) = store.template.get_untracked() else { return };
        let edited = store.doc.text.get_untracked();
        match template::write_back(&t.file_name, &t.text, &t.logical_id, &edited) {
            Ok(text) => match crate::download::download(&t.file_name, &text) {
                Ok(()) => {
                    store.template.update(|s| {
                        if let Some(s) = s {
                            s.text = text;
                        }
                    });
                    store.message.set(Some(format!("Exported {} with {} written back", t.file_name, t.logical_id)));
                }
                Err(e) => store.message.set(Some(e)),
            },
            Err(e) => store.message.set(Some(format!("The template was not exported: {e}"))),
        }
    };
    move || {
        let t = store.template.get()?;
        let rows = store.doc.text.with(|d| t.rows(d));
        let list = rows
            .into_iter()
            .map(|(name, value, source)| {
                let key = name.clone();
                let set = move |ev| {
                    let v = event_target_value(&ev);
                    store.template.update(|s| {
                        if let Some(s) = s {
                            s.values.retain(|x| x.0 != key);
                            s.values.push((key.clone(), v));
                        }
                    });
                };
                view! {
                    <li class="substitution">
                        <label>
                            <code>{format!("${{{name}}}")}</code>
                            <input data-placeholder=name.clone() prop:value=value on:change=set aria-label=format!("Value of ${{{name}}}") />
                        </label>
                        <span class="muted">{source}</span>
                    </li>
                }
            })
            .collect_view();
        let read_only = t.read_only.clone();
        Some(view! {
            <details id="substitutions" class="substitutions" open>
                <summary><h3>{format!("Template: {} in {}", t.logical_id, t.file_name)}</h3></summary>
                <p class="muted">"Placeholders get these values when the workflow runs here; the template keeps its own."</p>
                <ul>{list}</ul>
                <button id="export-template" on:click=export disabled=read_only.is_some()
                    title=read_only.unwrap_or_else(|| "Download the template with this definition written back in its place".into())>
                    "Export template"
                </button>
            </details>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_win_over_defaults_and_round_trip() {
        let t = TemplateSource {
            file_name: "t.yaml".into(),
            text: "x".into(),
            logical_id: "M".into(),
            read_only: None,
            placeholders: vec![(
                "Fn".into(),
                "arn:aws:lambda:us-east-1:123456789012:function:Fn".into(),
                "GetAtt".into(),
            )],
            values: vec![("Fn".into(), "my-fn".into())],
        };
        let def = r#"{"A": "${Fn}", "B": "${Other}"}"#;
        let rows = t.rows(def);
        assert_eq!(rows[0].1, "my-fn");
        assert_eq!(rows[1].2, "not defined in the template");
        assert!(t.substituted(def).contains(r#""A": "my-fn""#));
        assert_eq!(TemplateSource::from_json(&t.to_json()), Some(t));
        assert_eq!(TemplateSource::from_json(&Value::Null), None);
    }
}
