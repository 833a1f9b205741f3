//! One state machine resource read into a `StateMachine`: its definition as editor text in
//! whichever form the template holds it, its placeholders and how positions map back.

use asl_core::syntax::json::{self, Kind, LineIndex, Node};
use serde_json::Value;

use super::{fake, names, yaml_spot, Form, Format, Origin, Placeholder, StateMachine};

/// What an intrinsic piece becomes: the placeholder name, the logical id it refers to, and a
/// description. `None` when `v` is not an intrinsic (an object with one `Ref` or `Fn::` key).
fn intrinsic(v: &Value, counter: &mut usize) -> Option<(String, Option<String>, String)> {
    let map = v.as_object().filter(|m| m.len() == 1)?;
    let (key, arg) = map.iter().next()?;
    let compact = || serde_json::to_string(arg).unwrap_or_default();
    match (key.as_str(), arg) {
        ("Ref", Value::String(id)) => Some((id.clone(), Some(id.clone()), format!("Ref {id}"))),
        ("Fn::GetAtt", Value::Array(parts)) if parts.len() == 2 => {
            let (res, attr) = (parts[0].as_str()?, parts[1].as_str()?);
            Some((format!("{res}.{attr}"), Some(res.to_string()), format!("Fn::GetAtt {res}.{attr}")))
        }
        ("Fn::GetAtt", Value::String(s)) => {
            Some((s.clone(), s.split('.').next().map(str::to_string), format!("Fn::GetAtt {s}")))
        }
        ("Fn::ImportValue", Value::String(s)) => Some((s.clone(), None, format!("Fn::ImportValue {s}"))),
        (k, _) if k.starts_with("Fn::") => {
            *counter += 1;
            let short = k.trim_start_matches("Fn::");
            Some((format!("{short}{counter}"), None, format!("{k} {}", compact())))
        }
        _ => None,
    }
}

pub(super) fn machine(
    text: &str,
    format: Format,
    id: &str,
    kind: &str,
    resource: &Value,
    spans: Option<&Node>,
) -> StateMachine {
    let props = resource.get("Properties").cloned().unwrap_or(Value::Null);
    let property = ["Definition", "DefinitionString", "DefinitionUri", "DefinitionS3Location"]
        .into_iter()
        .find(|p| props.get(p).is_some())
        .unwrap_or("Definition");
    let cdk = resource.get("Metadata").and_then(|m| m.get("aws:cdk:path")).and_then(Value::as_str);
    let mut m = StateMachine {
        logical_id: id.to_string(),
        resource_type: kind.to_string(),
        property: property.to_string(),
        form: Form::Object,
        definition: Err(String::new()),
        placeholders: Vec::new(),
        read_only: cdk.map(|path| {
            format!("{id} was synthesised by the AWS CDK ({path}): change its source code; here it opens read-only")
        }),
        origin: Origin { line: 1, column: 1, indents: None },
        restore: Vec::new(),
    };
    // Values the template gives placeholders: name → (value, description).
    let mut given: Vec<(String, Value, String)> = Vec::new();
    if let Some(Value::Object(subs)) = props.get("DefinitionSubstitutions") {
        given.extend(subs.iter().map(|(k, v)| (k.clone(), v.clone(), "DefinitionSubstitutions".to_string())));
    }
    let node = spans.and_then(|s| s.get(property));
    let value = props.get(property).cloned().unwrap_or(Value::Null);
    let mut counter = 0;
    m.definition = match (property, &value) {
        ("Definition", Value::Object(_)) => {
            m.form = Form::Object;
            Ok(object_text(text, node, &value, &mut m, &mut counter))
        }
        ("Definition", other) => Err(format!("{id}: its Definition is not an object but {}", type_name(other))),
        ("DefinitionString", Value::String(s)) => {
            m.form = Form::String;
            Ok(s.clone())
        }
        ("DefinitionString", Value::Object(map)) if map.len() == 1 && map.contains_key("Fn::Sub") => {
            m.form = Form::Sub;
            sub_text(id, &map["Fn::Sub"], &mut given)
        }
        ("DefinitionString", Value::Object(map)) if map.len() == 1 && map.contains_key("Fn::Join") => {
            m.form = Form::Join;
            m.read_only.get_or_insert_with(|| {
                format!("{id} has a DefinitionString built with Fn::Join, as the AWS CDK writes it: change its source code; here it opens read-only")
            });
            join_text(&map["Fn::Join"], &mut given, &mut counter)
                .ok_or_else(|| format!("{id}: its DefinitionString is an Fn::Join that is not [separator, [pieces]]"))
        }
        ("DefinitionString", other) => Err(format!(
            "{id}: its DefinitionString is {}; a string, an Fn::Sub or an Fn::Join can be read",
            describe(other)
        )),
        ("DefinitionUri" | "DefinitionS3Location", location) => {
            m.form = Form::File;
            Err(format!(
                "{id}: the definition is not in the template but in {} ({property}); open that file instead",
                file_name(location)
            ))
        }
        _ => Err(format!("{id}: it has no Definition, DefinitionString, DefinitionUri or DefinitionS3Location")),
    };
    m.origin = origin(text, format, &m, node);
    if let Ok(def) = &m.definition {
        m.placeholders = placeholders(def, m.form, &given, &m.restore);
    }
    m
}

/// The template of an `Fn::Sub` (a string, or `[string, variables]`; the variables go in `given`).
fn sub_text(id: &str, sub: &Value, given: &mut Vec<(String, Value, String)>) -> Result<String, String> {
    match sub {
        Value::String(s) => Ok(s.clone()),
        Value::Array(parts) if parts.len() == 2 && parts[0].is_string() => {
            if let Value::Object(vars) = &parts[1] {
                given.extend(vars.iter().map(|(k, v)| (k.clone(), v.clone(), "Fn::Sub variable".to_string())));
            }
            Ok(parts[0].as_str().unwrap_or_default().to_string())
        }
        _ => Err(format!("{id}: its DefinitionString is an Fn::Sub of neither a string nor [string, variables]")),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(v: &Value) -> String {
    match v.as_object().filter(|m| m.len() == 1).and_then(|m| m.keys().next()) {
        Some(k) if k.starts_with("Fn::") || k == "Ref" => format!("an {k}"),
        _ => type_name(v).to_string(),
    }
}

/// `s3://bucket/key` of an S3 location object, the path of a string.
fn file_name(location: &Value) -> String {
    match location {
        Value::String(s) => s.clone(),
        Value::Object(o) => format!(
            "s3://{}/{}",
            o.get("Bucket").and_then(Value::as_str).unwrap_or("?"),
            o.get("Key").and_then(Value::as_str).unwrap_or("?")
        ),
        other => other.to_string(),
    }
}

/// An `Fn::Join`'s pieces as one string, each intrinsic piece a placeholder (recorded in `given`).
fn join_text(args: &Value, given: &mut Vec<(String, Value, String)>, counter: &mut usize) -> Option<String> {
    let [sep, Value::Array(pieces)] = args.as_array()?.as_slice() else { return None };
    let sep = sep.as_str()?;
    let mut parts = Vec::new();
    for piece in pieces {
        match piece {
            Value::String(s) => parts.push(s.clone()),
            other => {
                let (name, _, _) = intrinsic(other, counter)?;
                parts.push(format!("${{{name}}}"));
                given.push((name, other.clone(), "Fn::Join piece".into()));
            }
        }
    }
    Some(parts.join(sep))
}

/// The editor text of a `Definition` object: in a JSON template its own bytes with the
/// template's indentation removed (so positions map back line by line), in YAML pretty JSON.
/// Intrinsics inside become `"${Name}"` strings, remembered in `m.restore` for write-back.
fn object_text(text: &str, node: Option<&Node>, value: &Value, m: &mut StateMachine, counter: &mut usize) -> String {
    let Some(node) = node else {
        let mut value = value.clone();
        replace_intrinsics(&mut value, &mut m.restore, counter);
        return serde_json::to_string_pretty(&value).unwrap_or_default();
    };
    // Intrinsic objects inside, replaced from the end so earlier spans stay right.
    let mut found = Vec::new();
    find_intrinsics(node, &mut found, counter);
    let mut raw = text[node.span.start..node.span.end].to_string();
    for (span, name) in found.iter().rev() {
        let original = text[span.start..span.end].to_string();
        raw.replace_range(span.start - node.span.start..span.end - node.span.start, &format!("\"${{{name}}}\""));
        if !m.restore.iter().any(|(n, _)| n == name) {
            m.restore.push((name.clone(), original));
        }
    }
    let (text, _) = dedent(&raw, indentation(text, node.span.start));
    text
}

/// The leading whitespace of the line holding byte `at`.
pub(super) fn indentation(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// `raw` with up to `indent.len()` whitespace characters removed from each line after the first,
/// and how many were removed from each.
fn dedent(raw: &str, indent: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(raw.len());
    let mut removed = Vec::new();
    for (i, line) in raw.split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let n = line.len() - line.trim_start_matches([' ', '\t']).len();
        let n = n.min(indent.len());
        removed.push(n);
        out.push_str(&line[n..]);
    }
    (out, removed)
}

fn find_intrinsics(node: &Node, out: &mut Vec<(json::Span, String)>, counter: &mut usize) {
    match &node.kind {
        Kind::Object(members) => {
            if let Some((name, _, _)) = intrinsic(&node.to_value(), counter) {
                out.push((node.span, name));
            } else {
                members.iter().for_each(|m| find_intrinsics(&m.value, out, counter));
            }
        }
        Kind::Array(items) => items.iter().for_each(|n| find_intrinsics(n, out, counter)),
        _ => {}
    }
}

fn replace_intrinsics(value: &mut Value, restore: &mut Vec<(String, String)>, counter: &mut usize) {
    if let Some((name, _, _)) = intrinsic(value, counter) {
        if !restore.iter().any(|(n, _)| *n == name) {
            restore.push((name.clone(), serde_json::to_string(value).unwrap_or_default()));
        }
        *value = Value::String(format!("${{{name}}}"));
        return;
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| replace_intrinsics(v, restore, counter)),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_intrinsics(v, restore, counter)),
        _ => {}
    }
}

/// Where the definition starts in the template, and how its lines map.
fn origin(text: &str, format: Format, m: &StateMachine, node: Option<&Node>) -> Origin {
    let index = LineIndex::new(text);
    let at = |offset: usize| index.line_col(text, offset);
    match (format, node) {
        (Format::Json, Some(node)) => match m.form {
            Form::Object => {
                let (line, column) = at(node.span.start);
                let raw = &text[node.span.start..node.span.end];
                let (_, removed) = dedent(raw, indentation(text, node.span.start));
                // Lines collapsed by an intrinsic's replacement make later lines approximate.
                Origin { line, column, indents: Some(removed) }
            }
            Form::Sub => {
                let inner = node.get("Fn::Sub").map(|s| s.elements().and_then(|e| e.first()).unwrap_or(s));
                let (line, column) = at(inner.unwrap_or(node).span.start);
                Origin { line, column, indents: None }
            }
            _ => {
                let (line, column) = at(node.span.start);
                Origin { line, column, indents: None }
            }
        },
        _ => yaml_origin(text, m).unwrap_or(Origin { line: 1, column: 1, indents: None }),
    }
}

fn yaml_origin(text: &str, m: &StateMachine) -> Option<Origin> {
    let lines = yaml_spot::lines(text);
    let key = super::write::yaml_key(text, &lines, &m.logical_id, &m.property).ok()?;
    let index = LineIndex::new(text);
    if matches!(m.form, Form::String | Form::Sub) {
        if let Ok(scalar) = yaml_spot::string_scalar(text, &lines, &key) {
            if let Some(first) = scalar.first_line {
                let count = m.definition.as_ref().map_or(0, |d| d.lines().count());
                let indent = lines[first].indent;
                return Some(Origin { line: first + 1, column: indent + 1, indents: Some(vec![indent; count]) });
            }
            let (line, column) = index.line_col(text, scalar.start);
            return Some(Origin { line, column, indents: None });
        }
    }
    let (line, _) = index.line_col(text, lines[key.line].start);
    Some(Origin { line, column: key.indent + 1, indents: None })
}

/// Each placeholder of `def` with its default and where it comes from.
fn placeholders(
    def: &str,
    form: Form,
    given: &[(String, Value, String)],
    restore: &[(String, String)],
) -> Vec<Placeholder> {
    let mut counter = usize::MAX / 2;
    names(def)
        .into_iter()
        .map(|name| {
            let from_given = given.iter().rev().find(|(n, _, _)| *n == name);
            let (default, source) = match from_given {
                Some((_, v, place)) => match v {
                    Value::String(s) => (s.clone(), format!("{place}: {s}")),
                    Value::Number(_) | Value::Bool(_) => (v.to_string(), format!("{place}: {v}")),
                    other => {
                        let (target, what) = match intrinsic(other, &mut counter) {
                            Some((_, target, what)) => (target, what),
                            None => (None, other.to_string()),
                        };
                        (fake(def, &name, target.as_deref()), format!("{place}: {what}"))
                    }
                },
                None if super::placeholders::pseudo(&name).is_some() => {
                    (fake(def, &name, None), "pseudo parameter".into())
                }
                None if restore.iter().any(|(n, _)| *n == name) => {
                    let original = &restore.iter().find(|(n, _)| *n == name).unwrap_or(&restore[0]).1;
                    let target = serde_json::from_str::<Value>(original)
                        .ok()
                        .and_then(|v| intrinsic(&v, &mut counter))
                        .and_then(|(_, t, _)| t);
                    (fake(def, &name, target.as_deref()), format!("intrinsic in the definition: {original}"))
                }
                None if form == Form::Sub => {
                    let target = name.split('.').next().map(str::to_string);
                    let what = if name.contains('.') { format!("Fn::GetAtt {name}") } else { format!("Ref {name}") };
                    (fake(def, &name, target.as_deref()), format!("Fn::Sub: {what}"))
                }
                None => (fake(def, &name, None), "not defined in the template".into()),
            };
            Placeholder { name, default, source }
        })
        .collect()
}
