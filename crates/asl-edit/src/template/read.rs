//! A template's text as a plain JSON value: JSON as it is, YAML with CloudFormation's short tags
//! (`!Sub x`, `!GetAtt A.B`, ...) read as the long forms CloudFormation itself expands them to,
//! so the rest of the module sees one shape. Errors name the line and column.

use serde_json::{Map, Value};

/// How the template was written; write-back keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// JSON when the text starts like a JSON object (a JSON template is also YAML, but reading it as
/// JSON keeps byte spans and gives JSON's messages); YAML otherwise.
pub fn format_of(text: &str) -> Format {
    if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// The YAML text as a JSON value, or a message with the line and column of the problem.
pub fn yaml(name: &str, text: &str) -> Result<Value, String> {
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(|e| match e.location() {
        Some(at) => format!("{name} is not valid YAML (line {}, column {}): {e}", at.line(), at.column()),
        None => format!("{name} is not valid YAML: {e}"),
    })?;
    to_json(value).map_err(|e| format!("{name}: {e}"))
}

/// The long form of a short tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`.
fn long_form(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "Sub" => "Fn::Sub",
        "GetAtt" => "Fn::GetAtt",
        "Join" => "Fn::Join",
        "If" => "Fn::If",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "ImportValue" => "Fn::ImportValue",
        "Base64" => "Fn::Base64",
        "Equals" => "Fn::Equals",
        "Not" => "Fn::Not",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "GetAZs" => "Fn::GetAZs",
        "Cidr" => "Fn::Cidr",
        "Transform" => "Fn::Transform",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        _ => return None,
    })
}

fn to_json(value: serde_yaml_ng::Value) -> Result<Value, String> {
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).map_err(|e| e.to_string())?,
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => return Err(format!("a mapping key is not a scalar: {other:?}")),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let Some(long) = long_form(tag) else {
                return Err(format!("unknown tag !{tag}"));
            };
            let inner = to_json(tagged.value)?;
            // `!GetAtt Res.Attr` is the one short form whose scalar is split, at the first dot.
            let inner = match (long, inner) {
                ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
                    Some((res, attr)) => Value::Array(vec![res.into(), attr.into()]),
                    None => Value::String(s),
                },
                (_, inner) => inner,
            };
            let mut out = Map::new();
            out.insert(long.to_string(), inner);
            Value::Object(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_tags_read_as_long_forms() {
        let v = yaml(
            "t.yaml",
            "a: !Ref X\nb: !GetAtt Fn.Arn\nc: !Sub ['${A}', {A: !Ref B}]\nd: !If [C, !Base64 x, !GetAZs '']\ne: !Condition C\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["Fn", "Arn"]},
                   "c": {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]},
                   "d": {"Fn::If": ["C", {"Fn::Base64": "x"}, {"Fn::GetAZs": ""}]}, "e": {"Condition": "C"}})
        );
        let e = yaml("t.yaml", "a: [\n").unwrap_err();
        assert!(e.starts_with("t.yaml is not valid YAML (line 2, column 1)"), "{e}");
        assert!(yaml("t.yaml", "a: !Nope x").unwrap_err().contains("unknown tag !Nope"));
    }
}
