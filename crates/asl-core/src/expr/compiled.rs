//! Compiled forms of a definition's JSONPath expressions: paths, payload templates and their
//! intrinsic calls, parsed once and kept in the model, so the interpreter never parses text per
//! visit. Each is compiled on first use (parsing, run on every keystroke, stays as fast), and a
//! text that does not parse keeps its error, so a run reports it as it always did.
//!
//! JSONata expressions are not kept here: their syntax trees share `Rc`s and the model must stay
//! `Send + Sync`; the interpreter caches them per run instead (`run::dataflow::JsonataCache`).

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde_json::Value;

use crate::expr::intrinsic::{self, Call, IntrinsicError};
use crate::expr::jsonpath::{Path, PathSyntaxError, Selector};
use crate::expr::path::{PathError, RefPath};

/// A JSONPath, parsed, with its text for messages.
#[derive(Clone, Debug, PartialEq)]
pub struct CompiledPath {
    pub text: Box<str>,
    pub parsed: Result<Path, PathSyntaxError>,
    /// No wildcard, filter, slice, union or descendant: the path names one place.
    pub definite: bool,
}

impl CompiledPath {
    pub fn new(text: &str) -> CompiledPath {
        let parsed = Path::parse(text);
        let definite = parsed.as_ref().is_ok_and(|p| {
            p.segments.iter().all(|s| !s.descendant && matches!(s.selector, Selector::Name(_) | Selector::Index(_)))
        });
        CompiledPath { text: text.into(), parsed, definite }
    }
}

/// A path field of the model (`InputPath`, `ItemsPath`, a Choice `Variable` ...): the text as
/// written, which the editor reads, and its compiled forms, made on first use.
#[derive(Clone, Default)]
pub struct PathText {
    text: String,
    // Boxed: most are never compiled, and the model's enums stay small.
    query: OnceLock<Box<CompiledPath>>,
    reference: OnceLock<Box<Result<RefPath, PathError>>>,
    dynamic: OnceLock<Box<DynamicExpr>>,
}

impl PathText {
    pub fn new(text: impl Into<String>) -> PathText {
        PathText { text: text.into(), ..PathText::default() }
    }

    /// A path the parser has already compiled (to check it): kept, not parsed again.
    pub fn compiled(query: CompiledPath) -> PathText {
        let text = query.text.to_string();
        PathText { text, query: OnceLock::from(Box::new(query)), ..PathText::default() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// As a JSONPath query (what `InputPath`, `...Path` fields and `Variable` take).
    pub fn query(&self) -> &CompiledPath {
        self.query.get_or_init(|| Box::new(CompiledPath::new(&self.text)))
    }

    /// As a `.$` value: a path or an intrinsic call (what `ErrorPath` and `CausePath` take).
    pub fn dynamic(&self) -> &DynamicExpr {
        self.dynamic.get_or_init(|| Box::new(DynamicExpr::compile(&self.text)))
    }

    /// As a reference path (what `ResultPath` takes).
    pub fn reference(&self) -> &Result<RefPath, PathError> {
        self.reference.get_or_init(|| Box::new(RefPath::parse(&self.text)))
    }
}

impl Deref for PathText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for PathText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl fmt::Display for PathText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for PathText {
    fn eq(&self, other: &PathText) -> bool {
        self.text == other.text
    }
}

impl PartialEq<str> for PathText {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for PathText {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<String> for PathText {
    fn from(text: String) -> PathText {
        PathText::new(text)
    }
}

impl From<&str> for PathText {
    fn from(text: &str) -> PathText {
        PathText::new(text)
    }
}

/// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// A value without any `.$` key inside: used as written.
    Literal(Value),
    /// Output keys in order, each with its template.
    Object(Vec<(String, Template)>),
    Array(Vec<Template>),
    /// A `key.$` value.
    Dynamic(Box<Dynamic>),
}

/// A `key.$` entry: its key as written (for messages) and what it evaluates.
#[derive(Clone, Debug, PartialEq)]
pub struct Dynamic {
    pub key: String,
    pub expr: DynamicExpr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DynamicExpr {
    /// `States.Format(...)`: the call, or why its text is invalid, with the text for messages.
    Call { text: Box<str>, call: Result<Call, IntrinsicError> },
    /// `$.a`, `$$.b`, `$var.c`.
    Path(CompiledPath),
}

impl Template {
    pub fn compile(value: &Value) -> Template {
        if !has_dynamic(value) {
            return Template::Literal(value.clone());
        }
        match value {
            Value::Object(map) => Template::Object(
                map.iter()
                    .map(|(key, v)| match (key.strip_suffix(".$"), v) {
                        (Some(short), Value::String(text)) => {
                            (short.to_string(), Template::Dynamic(Box::new(Dynamic::compile(key, text))))
                        }
                        _ => (key.clone(), Template::compile(v)),
                    })
                    .collect(),
            ),
            Value::Array(items) => Template::Array(items.iter().map(Template::compile).collect()),
            other => Template::Literal(other.clone()),
        }
    }
}

impl Dynamic {
    fn compile(key: &str, text: &str) -> Dynamic {
        Dynamic { key: key.to_string(), expr: DynamicExpr::compile(text) }
    }
}

impl DynamicExpr {
    pub fn compile(text: &str) -> DynamicExpr {
        if intrinsic::is_call(text) {
            DynamicExpr::Call { text: text.into(), call: intrinsic::parse(text) }
        } else {
            DynamicExpr::Path(CompiledPath::new(text))
        }
    }
}

/// Whether a `key.$` with a string value occurs anywhere in `value`.
fn has_dynamic(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| (k.ends_with(".$") && v.is_string()) || has_dynamic(v)),
        Value::Array(items) => items.iter().any(has_dynamic),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_keep_literals_whole_and_compile_dynamic_keys() {
        let t = Template::compile(&json!({"a": {"b": [1]}, "c.$": "$.x", "d.$": "States.UUID()", "e.$": 1}));
        let Template::Object(entries) = t else { panic!("an object") };
        assert_eq!(entries[0], ("a".to_string(), Template::Literal(json!({"b": [1]}))));
        assert!(matches!(&entries[1].1, Template::Dynamic(d) if matches!(d.expr, DynamicExpr::Path(_))));
        assert!(matches!(&entries[2].1, Template::Dynamic(d) if matches!(d.expr, DynamicExpr::Call { .. })));
        assert_eq!(entries[3], ("e.$".to_string(), Template::Literal(json!(1))), "a non-string `.$` stays as written");
    }

    #[test]
    fn path_text_reads_as_its_text() {
        let p = PathText::new("$.a[0]");
        assert_eq!(&*p, "$.a[0]");
        assert!(p.query().definite);
        assert!(!PathText::new("$.a[*]").query().definite);
        assert!(PathText::new("$.a[").query().parsed.is_err());
    }
}
