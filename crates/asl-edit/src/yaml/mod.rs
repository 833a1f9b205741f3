//! Definitions that stay YAML: the editor holds YAML text (`.asl.yaml`, `.asl.yml`), the core
//! reads it with spans ([`asl_core::syntax::yaml`]), and every edit made outside the text (the
//! diagram, the inspector, a rename) is made on the JSON the YAML stands for and written back
//! into the YAML by [`patch`]: only the changed part, comments and layout elsewhere kept.

mod patch;
mod write;

pub use patch::patch;
pub use write::to_string;

use serde_json::Value;

use crate::undo::Edit;
use crate::visual::{Change, VisualError};

/// The value of YAML text, or the YAML error: `line L, column C: what`.
pub fn value(text: &str) -> Result<Value, String> {
    asl_core::syntax::yaml::parse(text).map(|n| n.to_value()).map_err(|e| {
        let (line, column) = asl_core::syntax::json::LineIndex::new(text).line_col(text, e.span.start);
        format!("line {line}, column {column}: {}", e.message.strip_prefix("YAML: ").unwrap_or(&e.message))
    })
}

/// The JSON text (two-space indented, keys in the YAML's order) a YAML text stands for.
pub fn to_json(text: &str) -> Result<String, String> {
    value(text).and_then(|v| serde_json::to_string_pretty(&v).map_err(|e| e.to_string()))
}

/// The JSON text of the YAML value written at `start..end` of `text` (a state's mapping, for the
/// inspector): read at its column, so a block mapping's later lines keep their indentation.
pub fn part_to_json(text: &str, start: usize, end: usize) -> Option<String> {
    let part = text.get(start..end)?;
    let column = text[..start].rsplit('\n').next().map_or(0, |l| l.chars().count());
    let padded = format!("{}{part}", " ".repeat(column));
    to_json(&padded).ok()
}

/// A whole value as YAML text (block style, two-space indents, keys in order).
pub fn from_value(v: &Value) -> String {
    write::to_string(v)
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

use write::scalar;

/// A value as a YAML block whose lines after the first are indented by `column` (the first
/// starts where the old value started); no final line break.
fn block(v: &Value, column: usize) -> String {
    let yaml = write::to_string(v);
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
