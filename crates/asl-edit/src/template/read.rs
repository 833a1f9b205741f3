//! A template's text as a plain JSON value: JSON as it is, YAML with CloudFormation's short tags
//! (`!Sub x`, `!GetAtt A.B`, ...) read as the long forms CloudFormation itself expands them to,
//! so the rest of the module sees one shape. Errors name the line and column.

use std::borrow::Cow;

use asl_core::syntax::json::{Kind, Member, Node};
use serde_json::Value;

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
    let root = asl_core::syntax::yaml::parse_with_tags(text, Some(long_form_of)).map_err(|e| {
        let (line, column) = asl_core::syntax::json::LineIndex::new(text).line_col(text, e.span.start);
        let message = e.message.strip_prefix("YAML: ").unwrap_or(&e.message);
        format!("{name} is not valid YAML (line {line}, column {column}): {message}")
    })?;
    Ok(root.to_value())
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

/// A short tag's value as its long form: `!Sub x` → `{"Fn::Sub": "x"}`, and `!GetAtt A.B`
/// split at the first dot into `["A", "B"]`.
fn long_form_of(tag: &str, node: Node<'static>) -> Result<Node<'static>, String> {
    let tag = tag.trim_start_matches('!');
    let Some(long) = long_form(tag) else {
        return Err(format!("unknown tag !{tag}"));
    };
    let span = node.span;
    let value = match (&node.kind, long) {
        (Kind::String(s), "Fn::GetAtt") if s.contains('.') => {
            let (res, attr) = s.split_once('.').unwrap_or_default();
            let part = |s: &str| Node { span, kind: Kind::String(Cow::Owned(s.to_string())) };
            Node { span, kind: Kind::Array(vec![part(res), part(attr)]) }
        }
        _ => node,
    };
    Ok(Node { span, kind: Kind::Object(vec![Member { key: Cow::Borrowed(long), key_span: span, value }]) })
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
