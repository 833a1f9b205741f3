//! CloudFormation, SAM and CDK templates: the state machines they hold, opened as definitions.
//!
//! [`open`] reads a template (JSON, or YAML with CloudFormation's short tags) and lists its
//! `AWS::StepFunctions::StateMachine` and `AWS::Serverless::StateMachine` resources by logical id.
//! Each [`StateMachine`] carries its definition as JSON text for the editor, whatever form the
//! template holds it in ([`Form`]): intrinsic pieces become `${Name}` placeholders (a `Ref X`
//! piece `${X}`, an `Fn::GetAtt X.Attr` piece `${X.Attr}`), listed in
//! [`StateMachine::placeholders`] with a fake default of the right kind for simulation
//! ([`StateMachine::simulation_text`]). [`write_back`] puts an edited definition back in the
//! form it came in, changing no byte outside it. A CDK-synthesised machine is read-only: its
//! source is code.
//!
//! Positions: [`StateMachine::origin`] maps a position in the editor text to the template's
//! line and column. For a `Definition` object in a JSON template and for a YAML block scalar
//! (`|`) the mapping is exact line by line; for a JSON string, an `Fn::Join` or a YAML mapping
//! every position maps to where the definition starts in the template.

mod placeholders;
mod read;
mod resource;
mod write;
mod yaml_spot;

pub use placeholders::{fake, names, substitute};
pub use read::Format;
pub use write::write_back;

use resource::{indentation, machine};

use asl_core::syntax::json::{self, LineIndex};
use serde_json::Value;

/// The resource types that are state machines.
pub const STATE_MACHINE_TYPES: [&str; 2] = ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"];

/// A template and the state machines in it, in the template's order.
#[derive(Clone, Debug)]
pub struct Template {
    pub format: Format,
    pub machines: Vec<StateMachine>,
}

/// How a template holds a definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `Definition:` an object (a mapping in YAML).
    Object,
    /// `DefinitionString:` a string.
    String,
    /// `DefinitionString: !Sub` a string, or `[string, variables]`.
    Sub,
    /// `DefinitionString: !Join` strings and intrinsic pieces, as the CDK writes it.
    Join,
    /// `DefinitionUri` or `DefinitionS3Location`: the definition is another file.
    File,
}

/// One `${Name}` placeholder of a definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub name: String,
    /// The value used for simulation unless the user gives another: the template's literal
    /// value when it has one, else a fake of the right kind.
    pub default: String,
    /// Where the template defines it, for people (`DefinitionSubstitutions: Fn::GetAtt
    /// ProcessFunction.Arn`, `pseudo parameter`, `not defined in the template`).
    pub source: String,
}

/// Maps positions in the editor text to the template file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Where the definition's first character is (1-based).
    pub line: usize,
    pub column: usize,
    /// For each later line of the editor text, the columns that were removed from its start (the
    /// template's indentation); `None` when the editor text's lines are not the template's.
    pub indents: Option<Vec<usize>>,
}

impl Origin {
    /// The template's 1-based (line, column) for byte `offset` of the editor text `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let Some(indents) = &self.indents else { return (self.line, self.column) };
        let (line, column) = LineIndex::new(text).line_col(text, offset);
        if line == 1 {
            (self.line, self.column + column - 1)
        } else {
            (self.line + line - 1, indents.get(line - 2).copied().unwrap_or(0) + column)
        }
    }
}

/// One state machine resource.
#[derive(Clone, Debug)]
pub struct StateMachine {
    pub logical_id: String,
    pub resource_type: String,
    /// `Definition`, `DefinitionString`, `DefinitionUri` or `DefinitionS3Location`.
    pub property: String,
    pub form: Form,
    /// The definition as JSON text for the editor, or why there is none to open.
    pub definition: Result<String, String>,
    pub placeholders: Vec<Placeholder>,
    /// Why the definition cannot be written back (synthesised by the CDK), if so.
    pub read_only: Option<String>,
    pub origin: Origin,
    /// The intrinsic (as JSON text) each `"${Name}"` string of an object definition replaced.
    restore: Vec<(String, String)>,
}

impl StateMachine {
    /// The definition with every placeholder replaced: by `values` where it names one, else by
    /// its default.
    pub fn simulation_text(&self, values: &[(String, String)]) -> Result<String, String> {
        let text = self.definition.as_ref().map_err(Clone::clone)?;
        Ok(substitute(text, |name, _| {
            values
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .or_else(|| self.placeholders.iter().find(|p| p.name == name).map(|p| p.default.clone()))
        }))
    }

    /// The definition as validated: placeholders inside JSON strings kept (AWS checks a
    /// template's definition with them, `ParseOptions::allow_substitutions`), those standing for
    /// a whole JSON value (`"Seconds": ${Wait}`) replaced by their defaults so the text is JSON.
    pub fn validation_text(&self) -> Result<String, String> {
        let text = self.definition.as_ref().map_err(Clone::clone)?;
        Ok(substitute(text, |name, in_string| {
            (!in_string).then(|| self.placeholders.iter().find(|p| p.name == name).map(|p| p.default.clone()))?
        }))
    }

    /// Why this machine cannot be opened as a definition, if so: no definition in the template,
    /// or one that is not JSON or has no `States` object. Diagnostics say more.
    pub fn problem(&self) -> Option<String> {
        let text = match &self.definition {
            Err(e) => return Some(e.clone()),
            Ok(text) => text,
        };
        // Placeholders as whole values (`"Seconds": ${Delay}`) are checked as numbers.
        match json::parse(&json::mask_placeholders(text)) {
            Err(e) => {
                let (line, column) = self.origin.position(text, e.span.start);
                Some(format!(
                    "{}: its definition is not JSON (template line {line}, column {column}: {})",
                    self.logical_id, e.message
                ))
            }
            Ok(root) if !matches!(root.get("States"), Some(n) if n.is_object()) => Some(format!(
                "{}: its definition is not a state-machine definition (no \"States\" object)",
                self.logical_id
            )),
            Ok(_) => None,
        }
    }
}

/// Whether `text` looks like a CloudFormation or SAM template rather than a definition: an
/// object with `Resources`, `AWSTemplateFormatVersion` or `Transform` and no `States`.
pub fn looks_like_template(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = match read::format_of(text) {
        Format::Json => json::parse(text).ok().map(|n| n.to_value()),
        Format::Yaml => read::yaml("", text).ok(),
    };
    value.is_some_and(|v| {
        v.get("States").is_none()
            && ["Resources", "AWSTemplateFormatVersion", "Transform"].iter().any(|k| v.get(k).is_some())
    })
}

/// Opens a template; `name` is used in messages. `Err` when it is not JSON or YAML (with the line
/// and column), not a template, or holds no state machine.
pub fn open(name: &str, text: &str) -> Result<Template, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = read::format_of(text);
    let (root, node) = match format {
        Format::Json => {
            let node = json::parse(text).map_err(|e| {
                let (line, column) = LineIndex::new(text).line_col(text, e.span.start);
                format!("{name} is not valid JSON (line {line}, column {column}: {})", e.message)
            })?;
            (node.to_value(), Some(node))
        }
        Format::Yaml => (read::yaml(name, text)?, None),
    };
    let Some(resources) = root.get("Resources").and_then(Value::as_object) else {
        return Err(format!("{name} is not a CloudFormation or SAM template: it has no \"Resources\" object"));
    };
    let mut machines = Vec::new();
    for (id, resource) in resources {
        let Some(kind) = resource.get("Type").and_then(Value::as_str).filter(|t| STATE_MACHINE_TYPES.contains(t))
        else {
            continue;
        };
        let spans = node.as_ref().and_then(|n| n.get("Resources")?.get(id)?.get("Properties"));
        machines.push(machine(text, format, id, kind, resource, spans));
    }
    if machines.is_empty() {
        return Err(format!(
            "{name} holds no state machine: no resource of type {} or {}",
            STATE_MACHINE_TYPES[0], STATE_MACHINE_TYPES[1]
        ));
    }
    Ok(Template { format, machines })
}

impl Template {
    /// The machine with this logical id, or a message listing the ones there are.
    pub fn get(&self, logical_id: &str) -> Result<&StateMachine, String> {
        self.machines.iter().find(|m| m.logical_id == logical_id).ok_or_else(|| {
            format!("the template has no state machine '{logical_id}'; it has: {}", self.logical_ids().join(", "))
        })
    }

    pub fn logical_ids(&self) -> Vec<&str> {
        self.machines.iter().map(|m| m.logical_id.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_definition_object_keeps_its_bytes_and_maps_lines() {
        let text = "{\"Resources\": {\n  \"M\": {\n    \"Type\": \"AWS::StepFunctions::StateMachine\",\n    \"Properties\": {\n      \"Definition\": {\n        \"StartAt\": \"A\",\n        \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": {\"Fn::GetAtt\": [\"Fn\", \"Arn\"]}, \"End\": true}}\n      }\n    }\n  }\n}}";
        let t = open("t.json", text).unwrap();
        let m = &t.machines[0];
        let def = m.definition.as_ref().unwrap();
        assert_eq!(
            def,
            "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Task\", \"Resource\": \"${Fn.Arn}\", \"End\": true}}\n}"
        );
        assert_eq!(m.placeholders[0].default, "arn:aws:lambda:us-east-1:123456789012:function:Fn");
        assert_eq!(m.origin.position(def, def.find("\"StartAt").unwrap()), (6, 9));
        assert_eq!(m.problem(), None);
    }
}
