//! Write-back: an edited definition put into the template in the form it came in, every other
//! byte as it was. JSON templates get the definition value's byte span replaced; YAML templates
//! get the definition's block replaced (a `|` block scalar for a string, a YAML mapping for an
//! object, indented as the block was; a mapping without short tags is patched in place by
//! [`crate::yaml::patch`], so its comments stay). The result is opened again and must give back the edited
//! definition, so a template this module misreads is refused, never corrupted.

use super::yaml_spot::{self, KeyAt, Line};
use super::{open, Form, Format, StateMachine};
use asl_core::syntax::json::{self, Kind, LineIndex, Node};
use serde_json::Value;

/// The template `text` with the definition of `logical_id` replaced by `edited`, or why not (a
/// CDK-synthesised or external definition, an object definition edited into invalid JSON, a YAML
/// layout write-back cannot follow).
pub fn write_back(name: &str, text: &str, logical_id: &str, edited: &str) -> Result<String, String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    };
    let template = open(name, body)?;
    let m = template.get(logical_id)?;
    if let Some(why) = &m.read_only {
        return Err(why.clone());
    }
    if let Err(why) = &m.definition {
        return Err(why.clone());
    }
    let (out, expected) = match template.format {
        Format::Json => json_write(body, m, edited)?,
        Format::Yaml => yaml_write(body, m, edited)?,
    };
    // Read back what was written: it must be the edited definition.
    let again = open(name, &out)
        .map_err(|e| format!("{logical_id}: writing back broke the template ({e}); it is unchanged"))?;
    let got = again.get(logical_id)?.definition.clone()?;
    let same = match m.form {
        Form::Object => serde_json::from_str::<Value>(&got).ok() == serde_json::from_str::<Value>(&expected).ok(),
        _ => got.replace("\r\n", "\n") == expected.replace("\r\n", "\n"),
    };
    if !same {
        return Err(format!(
            "{logical_id}: the template's layout could not be followed, so the definition was not written back; the template is unchanged"
        ));
    }
    Ok(format!("{bom}{out}"))
}

fn not_json(id: &str, edited: &str, e: json::SyntaxError) -> String {
    let (line, column) = LineIndex::new(edited).line_col(edited, e.span.start);
    format!(
        "{id}: the definition is not valid JSON (line {line}, column {column}: {}), so it cannot be written back as the Definition object",
        e.message
    )
}

/// `edited` with each `"${Name}"` string that stood for an intrinsic put back as that intrinsic.
fn restore_intrinsics(m: &StateMachine, edited: &str) -> Result<String, String> {
    let root = json::parse(edited).map_err(|e| not_json(&m.logical_id, edited, e))?;
    fn walk(node: &Node, m: &StateMachine, out: &mut Vec<(json::Span, String)>) {
        match &node.kind {
            Kind::String(s) => {
                let name = s.strip_prefix("${").and_then(|s| s.strip_suffix('}'));
                if let Some((_, original)) = name.and_then(|n| m.restore.iter().find(|(r, _)| r == n)) {
                    out.push((node.span, original.clone()));
                }
            }
            Kind::Array(items) => items.iter().for_each(|n| walk(n, m, out)),
            Kind::Object(members) => members.iter().for_each(|mm| walk(&mm.value, m, out)),
            _ => {}
        }
    }
    let mut spots = Vec::new();
    walk(&root, m, &mut spots);
    let mut text = edited.to_string();
    for (span, original) in spots.iter().rev() {
        text.replace_range(span.start..span.end, original);
    }
    Ok(text)
}

fn json_write(text: &str, m: &StateMachine, edited: &str) -> Result<(String, String), String> {
    let root = json::parse(text).map_err(|e| e.message)?;
    let node = root
        .get("Resources")
        .and_then(|r| r.get(&m.logical_id))
        .and_then(|r| r.get("Properties"))
        .and_then(|p| p.get(&m.property))
        .ok_or_else(|| format!("{}: its {} was not found", m.logical_id, m.property))?;
    let (span, value) = match m.form {
        Form::Object => {
            let restored = restore_intrinsics(m, edited)?;
            let indent = super::indentation(text, node.span.start);
            let mut value = String::with_capacity(restored.len());
            for (i, line) in restored.split_inclusive('\n').enumerate() {
                if i > 0 && !line.trim().is_empty() {
                    value.push_str(indent);
                }
                value.push_str(line);
            }
            (node.span, value)
        }
        Form::String => (node.span, serde_json::to_string(edited).map_err(|e| e.to_string())?),
        Form::Sub => {
            let sub = node.get("Fn::Sub").ok_or("no Fn::Sub")?;
            let inner = sub.elements().and_then(|e| e.first()).unwrap_or(sub);
            (inner.span, serde_json::to_string(edited).map_err(|e| e.to_string())?)
        }
        Form::Join | Form::File => return Err(format!("{}: its definition cannot be written back", m.logical_id)),
    };
    let mut out = text.to_string();
    out.replace_range(span.start..span.end, &value);
    Ok((out, edited.to_string()))
}

/// The key of the machine's definition property in a YAML template.
pub(super) fn yaml_key(text: &str, lines: &[Line], id: &str, property: &str) -> Result<KeyAt, String> {
    let missing =
        |what: &str| format!("{id}: its {what} was not found in the YAML text (write-back follows block style)");
    let resources =
        yaml_spot::find_key(text, lines, 0, lines.len(), "Resources").ok_or_else(|| missing("Resources"))?;
    let resource = yaml_spot::find_key(text, lines, resources.line + 1, resources.end_line, id)
        .ok_or_else(|| missing("resource"))?;
    let props = yaml_spot::find_key(text, lines, resource.line + 1, resource.end_line, "Properties")
        .ok_or_else(|| missing("Properties"))?;
    yaml_spot::find_key(text, lines, props.line + 1, props.end_line, property).ok_or_else(|| missing(property))
}

fn yaml_write(text: &str, m: &StateMachine, edited: &str) -> Result<(String, String), String> {
    let lines = yaml_spot::lines(text);
    let key = yaml_key(text, &lines, &m.logical_id, &m.property)?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = text.to_string();
    match m.form {
        Form::Object => {
            let restored = restore_intrinsics(m, edited)?;
            let value: Value = serde_json::from_str(&restored).map_err(|e| format!("{}: {e}", m.logical_id))?;
            // A mapping on the lines below its key that reads on its own (no short tags in it)
            // is patched: only the changed values are rewritten, its comments stay.
            let next_line = lines.get(key.line + 1).map(|l| l.start).filter(|&s| s <= key.end);
            let same_line = text[key.after_colon..].lines().next().unwrap_or_default().trim();
            if let Some(start) = next_line.filter(|_| same_line.is_empty() || same_line.starts_with('#')) {
                if let Ok(patched) = crate::yaml::patch(&text[start..key.end], &value) {
                    out.replace_range(start..key.end, &patched);
                    return Ok((out, edited.to_string()));
                }
            }
            let yaml = crate::yaml::to_string(&value);
            // The mapping goes where the old one was: at its indentation, else two deeper.
            let indent = (key.line + 1..key.end_line)
                .find(|&i| !lines[i].blank)
                .map_or(key.indent + 2, |i| lines[i].indent)
                .max(key.indent + 1);
            let pad = " ".repeat(indent);
            let mut block = String::new();
            for line in yaml.lines() {
                block.push_str(newline);
                if !line.is_empty() {
                    block.push_str(&pad);
                }
                block.push_str(line);
            }
            out.replace_range(key.after_colon..key.end, &block);
            Ok((out, edited.to_string()))
        }
        Form::String | Form::Sub => {
            let scalar = yaml_spot::string_scalar(text, &lines, &key).map_err(|e| format!("{}: {e}", m.logical_id))?;
            // A block scalar keeps one final line break or none; more would run into the next key.
            let body = edited.trim_end_matches('\n');
            let expected = if body.len() < edited.len() { format!("{body}\n") } else { body.to_string() };
            if body.starts_with([' ', '\t']) {
                return Err(format!(
                    "{}: the definition starts with whitespace, which a YAML block scalar cannot keep",
                    m.logical_id
                ));
            }
            let mut block = String::from(if body.len() < edited.len() { "|" } else { "|-" });
            let pad = " ".repeat(scalar.indent);
            for line in body.split('\n') {
                block.push_str(newline);
                let line = line.trim_end_matches('\r');
                if !line.is_empty() {
                    block.push_str(&pad);
                }
                block.push_str(line);
            }
            out.replace_range(scalar.start..scalar.end, &block);
            Ok((out, expected))
        }
        Form::Join | Form::File => Err(format!("{}: its definition cannot be written back", m.logical_id)),
    }
}
