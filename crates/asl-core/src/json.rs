//! Spanned JSON: a JSON tree in which every value and every object key keeps its byte range in the
//! source text, so that diagnostics, the editor and the diagram can point at the exact text.
//!
//! Lexing and parsing are done by `jsonc-parser` with every JSONC/JSON5 extension switched off, so
//! the accepted language is strict JSON (RFC 8259) as AWS accepts it. Duplicate keys are kept in
//! order (not merged) so that the validator can report them.

use std::fmt;

use jsonc_parser::ast;
use serde_json::{Map, Number, Value};

/// A byte range `start..end` in the definition text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A JSON value with the byte range it was parsed from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Members in source order; duplicate keys are kept.
    Object(Vec<Member>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// Why the text is not JSON. `span` is where the parser gave up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses strict JSON into a spanned tree.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = jsonc_parser::CollectOptions::default();
    match jsonc_parser::parse_to_ast(text, &collect, &options) {
        Ok(result) => match result.value {
            Some(value) => Ok(convert(&value)),
            None => Err(SyntaxError {
                message: "The definition is empty: expected a JSON object".to_string(),
                span: Span::new(text.len(), text.len()),
            }),
        },
        Err(err) => {
            let range = err.range();
            Err(SyntaxError { message: err.kind().to_string(), span: Span::new(range.start, range.end) })
        }
    }
}

fn span_of(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: &ast::Value<'_>) -> Node {
    match value {
        ast::Value::NullKeyword(n) => Node { span: span_of(n.range), kind: Kind::Null },
        ast::Value::BooleanLit(b) => Node { span: span_of(b.range), kind: Kind::Bool(b.value) },
        ast::Value::NumberLit(n) => Node { span: span_of(n.range), kind: Kind::Number(number(n.value)) },
        ast::Value::StringLit(s) => {
            Node { span: span_of(s.range), kind: Kind::String(s.value.to_string()) }
        }
        ast::Value::Array(a) => Node {
            span: span_of(a.range),
            kind: Kind::Array(a.elements.iter().map(convert).collect()),
        },
        ast::Value::Object(o) => Node {
            span: span_of(o.range),
            kind: Kind::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        let (key, key_span) = match &p.name {
                            ast::ObjectPropName::String(s) => (s.value.to_string(), span_of(s.range)),
                            ast::ObjectPropName::Word(w) => (w.value.to_string(), span_of(w.range)),
                        };
                        Member { key, key_span, value: convert(&p.value) }
                    })
                    .collect(),
            ),
        },
    }
}

/// JSON numbers keep integers exact; anything else becomes the nearest f64 (as AWS does).
fn number(text: &str) -> Number {
    if let Ok(n) = text.parse::<Number>() {
        return n;
    }
    let f: f64 = text.parse().unwrap_or(0.0);
    Number::from_f64(f).unwrap_or_else(|| Number::from(0))
}

impl Node {
    /// The first member named `key`, when this is an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.kind {
            Kind::Object(members) => members.iter().find(|m| m.key == key),
            _ => None,
        }
    }

    pub fn members(&self) -> &[Member] {
        match &self.kind {
            Kind::Object(members) => members,
            _ => &[],
        }
    }

    pub fn elements(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, Kind::Object(_))
    }

    /// The JSON type name AWS uses in its messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }

    /// The plain value; with duplicate keys, the last one wins (as in most JSON readers).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(n.clone()),
            Kind::String(s) => Value::String(s.clone()),
            Kind::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Kind::Object(members) => {
                let mut map = Map::new();
                for m in members {
                    map.insert(m.key.clone(), m.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// Converts byte offsets to 1-based lines and columns (columns count characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// `(line, column)`, both 1-based. Offsets past the end clamp to the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line + 1, column)
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_keys_and_values() {
        let text = r#"{"a": [1, "x"], "b": null}"#;
        let node = parse(text).unwrap();
        let a = node.member("a").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "\"a\"");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "[1, \"x\"]");
        assert_eq!(node.to_value(), serde_json::json!({"a": [1, "x"], "b": null}));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let node = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(node.members().len(), 2);
    }

    #[test]
    fn strict_json_only() {
        for bad in ["{\"a\": 1,}", "{a: 1}", "// c\n{}", "{'a': 1}", "[NaN]", "", "{\"a\" 1}"] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn line_and_column() {
        let text = "{\n  \"é\": x\n}";
        let err = parse(text).unwrap_err();
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, err.span.start), (2, 8));
    }
}
