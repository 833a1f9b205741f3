//! Definition text → [`Machine`] + diagnostics. Never fails and never panics: whatever could be
//! built is returned, and everything wrong is a [`Diagnostic`] with a span and a JSON pointer.
//!
//! Pipeline: spanned JSON ([`crate::syntax::json`]) → model builder (this module, which also reports
//! field-level schema errors) → graph checks ([`crate::check::validate`]).

mod checks;
mod choice;
mod expressions;
mod machine;
mod parallel_map;
mod retry;
mod task;
mod wait_fail;

use serde_json::Value;

use crate::check::diagnostic::{code, Diagnostic};
use crate::model::*;
use crate::syntax::json::{self, LineIndex, Node, Span};

/// The result of parsing a definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// `None` only when the text is not a JSON object at all.
    pub machine: Option<Machine>,
    pub diagnostics: Vec<Diagnostic>,
    pub line_index: LineIndex,
}

/// How the message of a duplicate key starts (AWS's wording).
pub(crate) const DUPLICATE_FIELD: &str = "Duplicate field";

impl Parsed {
    /// Whether two keys of one `States` object are the same name. The model keeps the first of
    /// them, so the machine alone cannot tell; the validator's `DUPLICATE_STATE_NAME` (across
    /// nested machines) waits for a valid schema, and this does not.
    pub fn has_duplicate_state_keys(&self) -> bool {
        self.diagnostics.iter().any(|d| {
            d.code == code::SCHEMA_VALIDATION_FAILED
                && d.pointer.ends_with("/States")
                && d.message.starts_with(DUPLICATE_FIELD)
        })
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == crate::Severity::Error)
    }

    /// The machine, when a diagram can show it as it is: its only errors, if any, are states
    /// that nothing names (drawn unconnected, which is how a state added on empty space
    /// starts). Any other error (syntax, schema, a target that does not exist) is not drawable.
    pub fn drawable(&self) -> Option<&Machine> {
        let machine = self.machine.as_ref()?;
        let unconnected = |d: &Diagnostic| {
            let name = d.pointer.rsplit('/').next().map(json::unescape_pointer_segment).unwrap_or_default();
            d.code == code::MISSING_TRANSITION_TARGET && machine.find(&name).is_some_and(|s| s.pointer == d.pointer)
        };
        let ok = self.diagnostics.iter().all(|d| d.severity != crate::Severity::Error || unconnected(d));
        ok.then_some(machine)
    }
}

/// A JSON syntax error, located as AWS's parser (Jackson) locates it:
/// `[Source: (String)"<text>"; line: L, column: C]`. A stray word gets Jackson's own wording.
fn json_error(text: &str, index: &LineIndex, err: json::SyntaxError) -> Diagnostic {
    let word_len = text[err.span.start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let unrecognized = err.message.starts_with("Unexpected word") && word_len > 0;
    // Jackson reports the position after the token it could not read.
    let at = if unrecognized { err.span.start + word_len } else { err.span.start };
    let (line, column) = index.line_col(text, at);
    const SHOWN: usize = 500;
    let source = match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}\"[truncated {} chars]", &text[..cut], text[cut..].chars().count()),
        None => format!("{text}\""),
    };
    let location = format!("[Source: (String)\"{source}; line: {line}, column: {column}]");
    let message = if unrecognized {
        let word = &text[err.span.start..err.span.start + word_len];
        format!("Unrecognized token '{word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at {location}")
    } else {
        err.message
    };
    Diagnostic::error(code::INVALID_JSON, message, err.span, location)
}

fn too_large(text: &str) -> Diagnostic {
    Diagnostic::error(
        code::DEFINITION_TOO_LARGE,
        format!("The definition is {} bytes; Step Functions accepts at most {MAX_DEFINITION_BYTES}", text.len()),
        Span::new(0, 0),
        "/",
    )
}

/// A YAML syntax error, at its line and column.
fn yaml_error(text: &str, index: &LineIndex, err: json::SyntaxError) -> Diagnostic {
    let (line, column) = index.line_col(text, err.span.start);
    let message = format!("{} (line {line}, column {column})", err.message);
    Diagnostic::error(code::INVALID_YAML, message, err.span, "/")
}

/// The largest definition Step Functions accepts.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// How the definition text is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Syntax {
    /// JSON, as AWS takes it.
    #[default]
    Json,
    /// YAML (an `.asl.yaml` file): spans and diagnostics point into the YAML text.
    Yaml,
}

/// Choices that change what is accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// JSON or YAML.
    pub syntax: Syntax,
    /// Accept CloudFormation `${...}` placeholders where an ARN is expected (a definition inside a
    /// CloudFormation template, before substitution).
    pub allow_substitutions: bool,
    /// Validate for an Express state machine, which supports neither activities nor the `.sync`
    /// and `.waitForTaskToken` integration patterns.
    pub express: bool,
}

/// Parses and validates a definition.
pub fn parse(text: &str) -> Parsed {
    parse_with(text, &ParseOptions::default())
}

/// [`parse`] with options.
pub fn parse_with(text: &str, options: &ParseOptions) -> Parsed {
    let line_index = LineIndex::new(text);
    let mut diagnostics = Vec::new();
    // AWS refuses a definition over the limit before reading it: so do we, at once (a pasted
    // 5 MB text costs no parse, and the editor stays responsive while it is cut down).
    if text.len() > MAX_DEFINITION_BYTES {
        diagnostics.push(too_large(text));
        return Parsed { machine: None, diagnostics, line_index };
    }
    // Placeholders written as whole values read as numbers of the same length (offsets kept).
    let masked = match (options.syntax, options.allow_substitutions) {
        (Syntax::Json, true) => json::mask_placeholders(text),
        _ => std::borrow::Cow::Borrowed(text),
    };
    let text: &str = &masked;
    let tree = match options.syntax {
        Syntax::Json => json::parse(text),
        Syntax::Yaml => crate::syntax::yaml::parse(text),
    };
    let machine = match tree {
        // AWS's wording for an empty definition.
        Err(err) if text.trim().is_empty() => {
            diagnostics.push(Diagnostic::error(
                code::SCHEMA_VALIDATION_FAILED,
                "Definition must be a valid JSON object",
                err.span,
                "/",
            ));
            None
        }
        Err(err) if options.syntax == Syntax::Yaml => {
            diagnostics.push(yaml_error(text, &line_index, err));
            None
        }
        Err(err) => {
            diagnostics.push(json_error(text, &line_index, err));
            None
        }
        Ok(root) if !root.is_object() => {
            diagnostics.push(Diagnostic::error(
                code::SCHEMA_VALIDATION_FAILED,
                "Definition must be a valid JSON object",
                root.span,
                "/",
            ));
            None
        }
        Ok(root) => {
            let mut builder = Builder {
                text,
                yaml: options.syntax == Syntax::Yaml,
                options,
                diagnostics: &mut diagnostics,
                top_language: QueryLanguage::JsonPath,
                language: QueryLanguage::JsonPath,
                depth: 0,
            };
            let machine = builder.machine(&root, "", MachineKind::Top);
            // As AWS: graph checks only once the schema is right.
            if !diagnostics.iter().any(|d| d.code == code::SCHEMA_VALIDATION_FAILED) {
                crate::check::validate::validate(&machine, &mut diagnostics);
            }
            Some(machine)
        }
    };
    crate::sort::sort_by_key(&mut diagnostics, |d| (d.span.start, d.severity));
    Parsed { machine, diagnostics, line_index }
}

/// Parses one state's definition on its own, as the TestState API takes it: the state's fields
/// are checked, its transitions are not (their targets are outside the text).
pub fn parse_state(text: &str) -> Parsed {
    let line_index = LineIndex::new(text);
    let mut diagnostics = Vec::new();
    let options = ParseOptions::default();
    let machine = match json::parse(text) {
        Err(err) => {
            diagnostics.push(json_error(text, &line_index, err));
            None
        }
        Ok(root) => {
            let mut builder = Builder {
                text,
                yaml: false,
                options: &options,
                diagnostics: &mut diagnostics,
                top_language: QueryLanguage::JsonPath,
                language: QueryLanguage::JsonPath,
                depth: 0,
            };
            let state = builder.state("State", root.span, &root, "");
            let mut machine = Machine { states: vec![state], span: root.span, ..Machine::default() };
            machine.reindex();
            Some(machine)
        }
    };
    Parsed { machine, diagnostics, line_index }
}

struct Builder<'d> {
    /// The definition text, for keeping payloads as [`RawJson`].
    text: &'d str,
    /// The text is YAML: payloads are kept as the JSON of their value, not as written.
    yaml: bool,
    options: &'d ParseOptions,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The top-level machine's `QueryLanguage`, which nested machines inherit.
    top_language: QueryLanguage,
    /// The effective language of the state being built.
    language: QueryLanguage,
    /// How many machines enclose the state being built (1 for the top level's states).
    depth: usize,
}

impl Builder<'_> {
    /// A payload value kept for evaluation: its JSON text as written, or from YAML the JSON of
    /// its value.
    fn raw(&self, node: &Node) -> RawJson {
        if self.yaml {
            RawJson::new(&node.to_value().to_string())
        } else {
            RawJson::new(&self.text[node.span.start..node.span.end])
        }
    }
}

/// What kind of object holds `StartAt` and `States`; decides which other fields it may have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MachineKind {
    Top,
    Branch,
    ItemProcessor,
}

fn is_jsonata(value: &Node) -> bool {
    value.as_str().is_some_and(|s| s.starts_with("{%") && s.ends_with("%}"))
}

fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".to_string()
    } else {
        pointer.to_string()
    }
}

/// Convenience for callers that only need the value of a parsed definition's JSON.
pub fn to_value(text: &str) -> Option<Value> {
    json::parse(text).ok().map(|n| n.to_value())
}
