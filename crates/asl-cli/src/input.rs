//! What a FILE argument holds: a definition (JSON or YAML) or a
//! CloudFormation/SAM/CDK template, and the definitions to work on, with their placeholders'
//! values for simulation.

use asl_core::Syntax;
use asl_edit::template::{self, Origin, StateMachine, Template};

/// A file read as a definition or a template.
pub enum Loaded {
    Definition(String, Syntax),
    Template(Template),
}

/// One definition to validate, simulate or test.
pub struct Picked {
    /// The template's logical id, for a template.
    pub logical_id: Option<String>,
    /// The text as the editor shows it (placeholders kept).
    pub text: String,
    /// Maps positions of `text` to the template file.
    pub origin: Option<Origin>,
    /// How `text` is written: a YAML definition is validated as YAML (positions in the file).
    pub syntax: Syntax,
    machine: Option<StateMachine>,
}

pub fn read_text(file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{file} is not UTF-8 text"))
}

pub fn read_json(what: &str, text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))
}

/// A template when it looks like one (`Resources`, `AWSTemplateFormatVersion` or `Transform`);
/// a definition as it is, JSON or (named `.yaml`/`.yml`) YAML.
pub fn load(file: &str) -> Result<Loaded, String> {
    let text = read_text(file)?;
    // A YAML template too broken to read still says what it is, so its own message is shown.
    let template_keys = ["Resources:", "AWSTemplateFormatVersion:", "Transform:"];
    if template::looks_like_template(&text) || text.lines().any(|l| template_keys.iter().any(|k| l.starts_with(k))) {
        return template::open(file, &text).map(Loaded::Template);
    }
    if asl_core::syntax::yaml::is_yaml_name(file) {
        return asl_edit::convert::import_as(file, &text).map(|(text, syntax)| Loaded::Definition(text, syntax));
    }
    Ok(Loaded::Definition(text, Syntax::Json))
}

impl Loaded {
    /// The definitions to work on: the one named by `--state-machine`, else all of a template.
    pub fn pick_all(self, logical_id: Option<&str>) -> Result<Vec<Result<Picked, String>>, String> {
        match self {
            Loaded::Definition(text, syntax) => {
                Ok(vec![Ok(Picked { logical_id: None, text, origin: None, syntax, machine: None })])
            }
            Loaded::Template(t) => {
                let machines: Vec<&StateMachine> = match logical_id {
                    Some(id) => vec![t.get(id)?],
                    None => t.machines.iter().collect(),
                };
                Ok(machines.into_iter().map(|m| picked(m.clone())).collect())
            }
        }
    }

    /// The one definition to simulate or test: with several in a template and no
    /// `--state-machine`, an error listing them.
    pub fn pick_one(self, logical_id: Option<&str>) -> Result<Picked, String> {
        if let (Loaded::Template(t), None) = (&self, logical_id) {
            if t.machines.len() > 1 {
                return Err(format!(
                    "the template has several state machines: {}; pick one with --state-machine",
                    t.logical_ids().join(", ")
                ));
            }
        }
        self.pick_all(logical_id)?.remove(0)
    }
}

fn picked(m: StateMachine) -> Result<Picked, String> {
    let text = m.definition.clone()?;
    Ok(Picked {
        logical_id: Some(m.logical_id.clone()),
        text,
        origin: Some(m.origin.clone()),
        syntax: Syntax::Json,
        machine: Some(m),
    })
}

impl Picked {
    /// The template's (or the file's) line and column of byte `offset` of `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        match &self.origin {
            Some(origin) => origin.position(text, offset),
            None => asl_core::syntax::json::LineIndex::new(text).line_col(text, offset),
        }
    }

    /// The text to validate: a template's with placeholders outside JSON strings filled in.
    pub fn validation_text(&self) -> Result<String, String> {
        match &self.machine {
            Some(m) => m.validation_text(),
            None => Ok(self.text.clone()),
        }
    }

    /// The text to run: each placeholder replaced by the value given for it, else its default
    /// (the template's value or a fake of the right kind).
    pub fn simulation_text(&self, values: &[(String, String)]) -> Result<String, String> {
        match &self.machine {
            Some(m) => m.simulation_text(values),
            None => {
                // Placeholders are filled in JSON text: a YAML definition runs as its JSON.
                let text = asl_edit::convert::to_json_text(&self.text, self.syntax)?;
                Ok(template::substitute(&text, |name, _| {
                    let given = values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone());
                    given.or_else(|| Some(template::fake(&text, name, None)))
                }))
            }
        }
    }
}

/// `--substitutions FILE.json`: an object of names to values (numbers and booleans as written).
pub fn substitutions_file(path: &str) -> Result<Vec<(String, String)>, String> {
    let value = read_json(path, &read_text(path)?)?;
    let map = value.as_object().ok_or(format!("{path}: substitutions must be a JSON object of names to values"))?;
    map.iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k.clone(), s.clone())),
            serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Ok((k.clone(), v.to_string())),
            _ => Err(format!("{path}: the value of {k} is not a string, number or boolean")),
        })
        .collect()
}

/// `--substitution NAME=VALUE`.
pub fn substitution(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .filter(|(n, _)| !n.is_empty())
        .ok_or(format!("--substitution takes NAME=VALUE, not '{arg}'"))
}
