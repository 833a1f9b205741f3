//! Definitions that stay YAML: the editor holds YAML text (`.asl.yaml`, `.asl.yml`), the core
//! reads it with spans ([`asl_core::syntax::yaml`]), and every edit made outside the text (the
//! diagram, the inspector, a rename) is made on the JSON the YAML stands for and written back
//! into the YAML by [`patch`]: only the changed part, comments and layout elsewhere kept.

mod patch;

pub use patch::patch;

use serde_json::Value;

use crate::undo::Edit;
use crate::visual::{Change, VisualError};

/// The value of YAML text, or the YAML error with its line and column.
pub fn value(text: &str) -> Result<Value, String> {
    asl_core::syntax::yaml::parse(text).map(|n| n.to_value()).map_err(|e| {
        let (line, column) = asl_core::syntax::json::LineIndex::new(text).line_col(text, e.span.start);
        format!("{} (line {line}, column {column})", e.message)
    })
}

/// The JSON text (two-space indented, keys in the YAML's order) a YAML text stands for.
pub fn to_json(text: &str) -> Result<String, String> {
    value(text).and_then(|v| serde_json::to_string_pretty(&v).map_err(|e| e.to_string()))
}

/// A whole value as YAML text (block style, two-space indents, keys in order).
pub fn from_value(v: &Value) -> Result<String, String> {
    serde_yaml_ng::to_string(v).map_err(|e| format!("Writing YAML failed: {e}"))
}

/// A visual edit made on a YAML definition: `op` runs on the JSON it stands for, and its result
/// is written back into the YAML as one [`Change`] (one text edit, the rest of the YAML as it
/// was). `refuse` turns a write-back failure into `op`'s error type.
pub fn through_json<E>(
    text: &str,
    op: impl FnOnce(&str) -> Result<Change, E>,
    refuse: impl Fn(VisualError) -> E,
) -> Result<Change, E> {
    let json = to_json(text).map_err(|e| refuse(VisualError::DefinitionNotJson(e)))?;
    let change = op(&json)?;
    let mut edited = json;
    if !change.apply(&mut edited) {
        return Err(refuse(VisualError::DefinitionNotJson("the edit did not apply".into())));
    }
    let new: Value = serde_json::from_str(&edited).map_err(|e| refuse(VisualError::InvalidJson(e.to_string())))?;
    let yaml = patch(text, &new).map_err(|e| refuse(VisualError::DefinitionNotJson(e)))?;
    Ok(Change { label: change.label, edits: Edit::diff(text, &yaml).into_iter().collect(), select: change.select })
}

/// A scalar (or an empty collection) as YAML writes it inline.
fn scalar(v: &Value) -> String {
    match v {
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::String(_) => {
            let yaml = serde_yaml_ng::to_string(v).unwrap_or_default();
            let yaml = yaml.trim_end_matches('\n');
            // A block scalar (`|-`) needs lines of its own; inline, a JSON string is YAML too.
            if yaml.contains('\n') {
                serde_json::to_string(v).unwrap_or_default()
            } else {
                yaml.to_string()
            }
        }
        Value::Object(_) | Value::Array(_) => serde_json::to_string(v).unwrap_or_default(),
        _ => v.to_string(),
    }
}

/// A value as a YAML block whose lines after the first are indented by `column` (the first
/// starts where the old value started); no final line break.
fn block(v: &Value, column: usize) -> String {
    let yaml = serde_yaml_ng::to_string(v).unwrap_or_default();
    let pad = " ".repeat(column);
    let mut out = String::with_capacity(yaml.len() + 16);
    for (i, line) in yaml.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests;
