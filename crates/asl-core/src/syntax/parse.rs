//! Definition text → [`Machine`] + diagnostics. Never fails and never panics: whatever could be
//! built is returned, and everything wrong is a [`Diagnostic`] with a span and a JSON pointer.
//!
//! Pipeline: spanned JSON ([`crate::syntax::json`]) → model builder (this module, which also reports
//! field-level schema errors) → graph checks ([`crate::check::validate`]).

use serde_json::Value;

use crate::check::diagnostic::{code, Diagnostic};
use crate::model::fields;
use crate::model::*;
use crate::syntax::json::{self, pointer_segment, Kind, LineIndex, Node, Span};

/// The result of parsing a definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// `None` only when the text is not a JSON object at all.
    pub machine: Option<Machine>,
    pub diagnostics: Vec<Diagnostic>,
    pub line_index: LineIndex,
}

impl Parsed {
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

/// The largest definition Step Functions accepts.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// Choices that change what is accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
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
    let machine = match json::parse(text) {
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
    if text.len() > MAX_DEFINITION_BYTES {
        diagnostics.push(Diagnostic::error(
            code::DEFINITION_TOO_LARGE,
            format!("The definition is {} bytes; Step Functions accepts at most {MAX_DEFINITION_BYTES}", text.len()),
            Span::new(0, 0),
            "/",
        ));
    }
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
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
    options: &'d ParseOptions,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The top-level machine's `QueryLanguage`, which nested machines inherit.
    top_language: QueryLanguage,
    /// The effective language of the state being built.
    language: QueryLanguage,
    /// How many machines enclose the state being built (1 for the top level's states).
    depth: usize,
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

impl Builder<'_> {
    fn schema(&mut self, message: impl Into<String>, span: Span, pointer: &str) {
        self.diagnostics.push(Diagnostic::error(code::SCHEMA_VALIDATION_FAILED, message, span, at(pointer)));
    }

    /// Reports duplicate keys of an object; AWS rejects them.
    fn check_duplicates(&mut self, node: &Node, pointer: &str) {
        let members = node.members();
        let report = |this: &mut Self, m: &json::Member| {
            this.schema(format!("Duplicate field '{}'", m.key), m.key_span, pointer)
        };
        // Most objects are small: a scan beats hashing there.
        if members.len() <= 16 {
            for (i, m) in members.iter().enumerate() {
                if members[..i].iter().any(|p| p.key == m.key) {
                    report(self, m);
                }
            }
        } else {
            let mut seen = rustc_hash::FxHashSet::default();
            for m in members {
                if !seen.insert(m.key.as_ref()) {
                    report(self, m);
                }
            }
        }
    }

    /// Reports every field of `node` that its table does not accept (under the current language).
    fn check_fields(&mut self, node: &Node, table: &[(&str, fields::Only)], pointer: &str) {
        for m in node.members() {
            if let Some(message) = fields::check(table, &m.key, self.language) {
                self.schema(message, m.key_span, pointer);
            }
        }
    }

    /// Fields that exclude each other, such as `TimeoutSeconds` and `TimeoutSecondsPath`.
    fn exclusive(&mut self, node: &Node, pairs: &[(&str, &str)], pointer: &str) {
        for (a, b) in pairs {
            if let (Some(_), Some(second)) = (node.member(a), node.member(b)) {
                self.schema(
                    format!("There should only be one of the following fields: [{a}, {b}]"),
                    second.key_span,
                    pointer,
                );
            }
        }
    }

    /// A number field with bounds, as AWS words them (`Maximum value is 100.0`).
    fn bounded(&mut self, node: &Node, key: &str, min: f64, max: f64, pointer: &str) {
        let Some(value) = node.get(key) else { return };
        let at = format!("{pointer}/{key}");
        match value.as_f64() {
            Some(v) if v < min => self.schema(format!("Minimum value is {min:.1}"), value.span, &at),
            Some(v) if v > max => self.schema(format!("Maximum value is {max:.1}"), value.span, &at),
            Some(_) => {}
            None if self.language == QueryLanguage::Jsonata && is_jsonata(value) => {}
            None => self.schema(format!("The value of '{key}' must be a number"), value.span, &at),
        }
    }

    /// A JSONPath payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`):
    /// a key and its `.$` twin would collide once evaluated, and a `.$` value must be a path or
    /// an intrinsic function call.
    fn payload_template(&mut self, node: &Node, pointer: &str) {
        match &node.kind {
            Kind::Object(members) => {
                for m in members {
                    let at = || format!("{pointer}/{}", pointer_segment(&m.key));
                    if let Some(plain) = m.key.strip_suffix(".$") {
                        if members.iter().any(|o| o.key == plain) {
                            self.schema(format!("Duplicate field '{plain}' once '.$' is removed"), m.key_span, pointer);
                        }
                        let problem = match m.value.as_str() {
                            Some(v) if crate::expr::intrinsic::is_call(v) => {
                                crate::expr::intrinsic::parse(v).err().map(|e| e.to_string())
                            }
                            Some(v) => crate::expr::jsonpath::Path::parse(v).err().map(|e| e.to_string()),
                            None => Some("it is not a string".to_string()),
                        };
                        if let Some(problem) = problem {
                            self.schema(
                                format!(
                                    "The value for the field '{}' must be a valid JSONPath or a valid intrinsic function call: {problem}",
                                    m.key
                                ),
                                m.value.span,
                                &at(),
                            );
                        }
                    } else if matches!(m.value.kind, Kind::Object(_) | Kind::Array(_)) {
                        self.payload_template(&m.value, &at());
                    }
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.payload_template(item, &format!("{pointer}/{i}"));
                }
            }
            _ => {}
        }
    }

    fn string(&mut self, node: &Node, key: &str, pointer: &str) -> Option<Spanned<String>> {
        let value = node.get(key)?;
        match value.as_str() {
            Some(s) => Some(Spanned { value: s.to_string(), span: value.span }),
            None => {
                self.schema(format!("The value of '{key}' must be a string"), value.span, &format!("{pointer}/{key}"));
                None
            }
        }
    }

    /// A non-negative integer field.
    fn natural(&mut self, node: &Node, key: &str, pointer: &str) -> Option<u64> {
        let value = node.get(key)?;
        match &value.kind {
            Kind::Number(n) if n.as_u64().is_some() => n.as_u64(),
            // Evaluated at run time.
            Kind::String(_) if self.language == QueryLanguage::Jsonata && is_jsonata(value) => None,
            _ => {
                self.schema(
                    format!("The value of '{key}' must be a non-negative integer"),
                    value.span,
                    &format!("{pointer}/{key}"),
                );
                None
            }
        }
    }

    /// Every JSONPath-valued field of a state parses; `ResultPath` is a reference path into the
    /// input (it says where to write).
    fn check_paths(&mut self, node: &Node, pointer: &str) {
        const PATH_FIELDS: [&str; 12] = [
            "InputPath",
            "OutputPath",
            "ItemsPath",
            "SecondsPath",
            "TimestampPath",
            "ErrorPath",
            "CausePath",
            "TimeoutSecondsPath",
            "HeartbeatSecondsPath",
            "MaxConcurrencyPath",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath",
        ];
        for m in node.members() {
            let Some(text) = m.value.as_str() else { continue };
            let at = || format!("{pointer}/{}", m.key);
            if m.key == "ResultPath" {
                let ok = crate::expr::jsonpath::Path::parse(text)
                    .is_ok_and(|p| p.root == crate::expr::jsonpath::Root::Input && p.is_reference());
                if !ok {
                    self.schema(
                        "The value for the field 'ResultPath' must be a valid ReferencePath",
                        m.value.span,
                        &at(),
                    );
                }
            } else if PATH_FIELDS.contains(&m.key.as_ref()) {
                // ErrorPath and CausePath may also be intrinsic function calls.
                let intrinsic =
                    matches!(m.key.as_ref(), "ErrorPath" | "CausePath") && crate::expr::intrinsic::is_call(text);
                if intrinsic {
                    if let Err(e) = crate::expr::intrinsic::parse(text) {
                        self.schema(
                            format!("The value for the field '{}' must be a valid JSONPath or a valid intrinsic function call: {e}", m.key),
                            m.value.span,
                            &at(),
                        );
                    }
                } else if let Err(e) = crate::expr::jsonpath::Path::parse(text) {
                    self.schema(
                        format!("The value for the field '{}' must be a valid JSONPath: {e}", m.key),
                        m.value.span,
                        &at(),
                    );
                }
            }
        }
    }

    /// Every `{% %}` string below `node` is a whole, parsable JSONata expression.
    fn check_jsonata(&mut self, node: &Node, pointer: &str) {
        match &node.kind {
            Kind::String(text) => {
                let (opens, closes) = (text.starts_with("{%"), text.ends_with("%}"));
                let problem = match (opens, closes) {
                    (false, false) => None,
                    (true, false) => Some("a JSONata expression '{% ... %}' must end with '%}'".to_string()),
                    (false, true) => Some("a JSONata expression '{% ... %}' must start with '{%'".to_string()),
                    // Written `{% expression %}` (asl-validator refuses `{%10%}`; multi-line
                    // expressions are accepted, as AWS accepts them).
                    (true, true)
                        if text.len() < 5
                            || !text[2..].starts_with(char::is_whitespace)
                            || !text[..text.len() - 2].ends_with(char::is_whitespace) =>
                    {
                        Some(
                            "a JSONata expression is written '{% expression %}', with white space inside the braces"
                                .to_string(),
                        )
                    }
                    (true, true) => {
                        let expr = crate::run::dataflow::jsonata_expression(text).unwrap_or_default();
                        match crate::expr::jsonata::parse(expr) {
                            // AWS words it with the parser's own message.
                            Err(e) => Some(e.message.clone()),
                            Ok(parsed) => {
                                for name in crate::expr::jsonata::top_level_names(&parsed) {
                                    self.diagnostics.push(Diagnostic::error(
                                        code::UNSUPPORTED_JSONATA,
                                        format!("Reference to '{name}' at the top level is not supported."),
                                        node.span,
                                        pointer,
                                    ));
                                }
                                None
                            }
                        }
                    }
                };
                if let Some(message) = problem {
                    self.diagnostics.push(Diagnostic::error(code::INVALID_JSONATA, message, node.span, pointer));
                }
            }
            Kind::Object(members) => {
                for m in members.iter().filter(|m| m.key != "Comment") {
                    self.check_jsonata(&m.value, &format!("{pointer}/{}", pointer_segment(&m.key)));
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_jsonata(item, &format!("{pointer}/{i}"));
                }
            }
            _ => {}
        }
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: a string path or `null`.
    fn path_or_null(&mut self, node: &Node, key: &str, pointer: &str) -> Option<Option<String>> {
        let value = node.get(key)?;
        match &value.kind {
            Kind::Null => Some(None),
            Kind::String(s) if s.starts_with('$') => Some(Some(s.to_string())),
            _ => {
                self.schema(
                    format!("The value of '{key}' must be a path starting with '$' or null"),
                    value.span,
                    &format!("{pointer}/{key}"),
                );
                None
            }
        }
    }

    fn error_equals(&mut self, node: &Node, pointer: &str) -> Vec<String> {
        let Some(value) = node.get("ErrorEquals") else {
            self.schema("These fields are required: [ErrorEquals]", node.span, pointer);
            return Vec::new();
        };
        let items = value.elements().unwrap_or(&[]);
        if value.elements().is_none() || items.is_empty() || items.iter().any(|n| n.as_str().is_none()) {
            self.schema(
                "The value of 'ErrorEquals' must be a non-empty array of strings",
                value.span,
                &format!("{pointer}/ErrorEquals"),
            );
        }
        items.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()
    }

    fn machine(&mut self, node: &Node, pointer: &str, kind: MachineKind) -> Machine {
        self.check_duplicates(node, pointer);
        let table = match kind {
            MachineKind::Top => fields::MACHINE,
            MachineKind::Branch => fields::BRANCH,
            MachineKind::ItemProcessor => fields::ITEM_PROCESSOR,
        };
        self.check_fields(node, table, pointer);
        if kind == MachineKind::Top {
            if let Some(language) = self.query_language(node, pointer) {
                self.top_language = language;
            }
        }
        let outer_language = self.language;
        self.depth += 1;
        let mut missing = Vec::new();
        if node.get("StartAt").is_none() {
            missing.push("StartAt");
        }
        if node.get("States").is_none() {
            missing.push("States");
        }
        if !missing.is_empty() {
            self.schema(format!("These fields are required: [{}]", missing.join(", ")), node.span, pointer);
        }
        let start_at = self.string(node, "StartAt", pointer);
        let comment = self.string(node, "Comment", pointer).map(|s| s.value);
        let timeout_seconds = self.natural(node, "TimeoutSeconds", pointer);
        let mut states = Vec::new();
        if let Some(states_node) = node.get("States") {
            let states_pointer = format!("{pointer}/States");
            if !states_node.is_object() {
                self.schema("The value of 'States' must be an object", states_node.span, &states_pointer);
            }
            self.check_duplicates(states_node, &states_pointer);
            let mut names = rustc_hash::FxHashSet::default();
            for member in states_node.members() {
                let state_pointer = format!("{states_pointer}/{}", pointer_segment(&member.key));
                if member.key.chars().count() > 80 {
                    self.schema("State names must be at most 80 characters long", member.key_span, &state_pointer);
                }
                if !names.insert(member.key.as_ref()) {
                    continue; // already reported as a duplicate field
                }
                states.push(self.state(&member.key, member.key_span, &member.value, &state_pointer));
            }
        }
        self.language = outer_language;
        self.depth -= 1;
        let mut machine = Machine {
            start_at,
            states,
            comment,
            timeout_seconds,
            query_language: self.top_language,
            pointer: pointer.to_string(),
            span: node.span,
            index: Default::default(),
        };
        machine.reindex();
        machine
    }

    /// A `QueryLanguage` field's value, if present and valid.
    fn query_language(&mut self, node: &Node, pointer: &str) -> Option<QueryLanguage> {
        let value = node.get("QueryLanguage")?;
        match value.as_str() {
            Some("JSONPath") => Some(QueryLanguage::JsonPath),
            Some("JSONata") => Some(QueryLanguage::Jsonata),
            _ => {
                self.schema(
                    "The value of 'QueryLanguage' must be 'JSONPath' or 'JSONata'",
                    value.span,
                    &format!("{pointer}/QueryLanguage"),
                );
                None
            }
        }
    }

    fn state(&mut self, name: &str, name_span: Span, node: &Node, pointer: &str) -> State {
        let mut state = State {
            name: name.to_string(),
            name_span,
            span: node.span,
            pointer: pointer.to_string(),
            kind: StateKind::Unknown(String::new()),
            query_language: self.top_language,
            comment: None,
            next: None,
            end: false,
            input_path: None,
            output_path: None,
            result_path: None,
            parameters: None,
            result_selector: None,
            result: None,
            assign: None,
            arguments: None,
            output: None,
            retry: Vec::new(),
            catch: Vec::new(),
        };
        if !node.is_object() {
            self.schema("A state must be a JSON object", node.span, pointer);
            return state;
        }
        self.check_duplicates(node, pointer);
        let declared = self.query_language(node, pointer);
        let top_level_state = self.depth == 1;
        if declared == Some(QueryLanguage::JsonPath) && self.top_language == QueryLanguage::Jsonata && top_level_state {
            self.schema(
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                node.get("QueryLanguage").map_or(node.span, |q| q.span),
                pointer,
            );
        }
        state.query_language = declared.unwrap_or(self.top_language);
        self.language = state.query_language;
        state.comment = self.string(node, "Comment", pointer).map(|s| s.value);
        state.next = self.string(node, "Next", pointer);
        if let Some(end) = node.get("End") {
            match end.as_bool() {
                Some(b) => state.end = b,
                None => self.schema("The value of 'End' must be a boolean", end.span, &format!("{pointer}/End")),
            }
        }
        state.input_path = self.path_or_null(node, "InputPath", pointer);
        state.output_path = self.path_or_null(node, "OutputPath", pointer);
        state.result_path = self.path_or_null(node, "ResultPath", pointer);
        match state.query_language {
            QueryLanguage::JsonPath => self.check_paths(node, pointer),
            QueryLanguage::Jsonata => {
                for m in node.members() {
                    // Comments are never evaluated; nested states are checked on their own.
                    if !matches!(m.key.as_ref(), "Comment" | "ItemProcessor" | "Iterator" | "Branches") {
                        self.check_jsonata(&m.value, &format!("{pointer}/{}", pointer_segment(&m.key)));
                    }
                }
            }
        }
        if state.query_language == QueryLanguage::JsonPath {
            for key in ["Parameters", "ResultSelector", "ItemSelector", "Assign"] {
                if let Some(template) = node.get(key) {
                    self.payload_template(template, &format!("{pointer}/{key}"));
                }
            }
        }
        let raw = |key: &str| node.get(key).map(|v| RawJson::new(&self.text[v.span.start..v.span.end]));
        state.parameters = raw("Parameters");
        state.result_selector = raw("ResultSelector");
        state.result = raw("Result");
        state.assign = raw("Assign");
        state.arguments = raw("Arguments");
        state.output = raw("Output");

        let type_name = match node.get("Type") {
            None => {
                self.schema("These fields are required: [Type]", node.span, pointer);
                return state;
            }
            Some(t) => match t.as_str() {
                Some(s) => s.to_string(),
                None => {
                    self.schema("The value of 'Type' must be a string", t.span, &format!("{pointer}/Type"));
                    return state;
                }
            },
        };
        if fields::is_state_type(&type_name) {
            for m in node.members() {
                if let Some(message) = fields::check_state_field(&type_name, &m.key, self.language) {
                    self.schema(message, m.key_span, pointer);
                }
            }
        }
        let pairs: &[(&str, &str)] = match type_name.as_str() {
            "Task" => &[("TimeoutSeconds", "TimeoutSecondsPath"), ("HeartbeatSeconds", "HeartbeatSecondsPath")],
            "Fail" => &[("Error", "ErrorPath"), ("Cause", "CausePath")],
            "Map" => &[
                ("MaxConcurrency", "MaxConcurrencyPath"),
                ("ToleratedFailureCount", "ToleratedFailureCountPath"),
                ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
                ("ItemSelector", "Parameters"),
                ("ItemProcessor", "Iterator"),
            ],
            _ => &[],
        };
        self.exclusive(node, pairs, pointer);
        if type_name == "Map" {
            self.bounded(node, "ToleratedFailurePercentage", 0.0, 100.0, pointer);
            self.bounded(node, "ToleratedFailureCount", 0.0, f64::MAX, pointer);
            if let Some(batcher) = node.get("ItemBatcher") {
                let at = format!("{pointer}/ItemBatcher");
                self.exclusive(
                    batcher,
                    &[
                        ("MaxItemsPerBatch", "MaxItemsPerBatchPath"),
                        ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
                    ],
                    &at,
                );
            }
            if let Some(config) = node.get("ItemReader").and_then(|r| r.get("ReaderConfig")) {
                self.exclusive(config, &[("MaxItems", "MaxItemsPath")], &format!("{pointer}/ItemReader/ReaderConfig"));
            }
        }
        state.kind = match type_name.as_str() {
            "Pass" => StateKind::Pass,
            "Succeed" => StateKind::Succeed,
            "Task" => StateKind::Task(self.task(node, pointer)),
            "Choice" => StateKind::Choice(self.choice(node, pointer)),
            "Wait" => StateKind::Wait(self.wait(node, pointer)),
            "Fail" => StateKind::Fail(self.fail(node, pointer)),
            "Parallel" => StateKind::Parallel(self.parallel(node, pointer)),
            "Map" => StateKind::Map(self.map(node, pointer)),
            other => {
                let t = node.get("Type").map_or(node.span, |t| t.span);
                self.schema(
                    format!(
                        "The value of 'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map, not '{other}'"
                    ),
                    t,
                    &format!("{pointer}/Type"),
                );
                StateKind::Unknown(other.to_string())
            }
        };
        if matches!(state.kind, StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)) {
            state.retry = self.retriers(node, pointer);
            state.catch = self.catchers(node, pointer);
        }
        self.check_flow(node, &state, pointer);
        state
    }

    /// `Next`/`End` rules: Choice, Succeed and Fail take neither; the others exactly one.
    fn check_flow(&mut self, node: &Node, state: &State, pointer: &str) {
        let takes_flow = !matches!(
            state.kind,
            StateKind::Choice(_) | StateKind::Succeed | StateKind::Fail(_) | StateKind::Unknown(_)
        );
        let next = node.member("Next");
        let end = node.member("End");
        if !takes_flow {
            for m in [next, end].into_iter().flatten() {
                self.schema(
                    format!("Field '{}' is not supported by a {} state", m.key, state.kind.type_name()),
                    m.key_span,
                    &format!("{pointer}/{}", m.key),
                );
            }
        } else if next.is_some() && state.end {
            self.schema("Only one of 'Next' or 'End' is allowed", node.span, pointer);
        } else if next.is_none() && !state.end {
            self.schema("These fields are required: [Next] or [End]", node.span, pointer);
        }
    }

    fn task(&mut self, node: &Node, pointer: &str) -> Task {
        // A CloudFormation template may give `{"Fn::GetAtt": [...]}` or `{"Ref": ...}`: resolved at deploy time.
        let cfn = node.get("Resource").is_some_and(|r| {
            r.members().len() == 1 && r.members().iter().all(|m| m.key == "Ref" || m.key.starts_with("Fn::"))
        });
        let resource = if cfn { None } else { self.string(node, "Resource", pointer) };
        let resource = resource.unwrap_or_else(|| {
            if node.get("Resource").is_none() {
                self.schema("These fields are required: [Resource]", node.span, pointer);
            }
            Spanned { value: String::new(), span: node.span }
        });
        let substitution =
            self.options.allow_substitutions && resource.value.starts_with("${") && resource.value.ends_with('}');
        if !cfn
            && !substitution
            && !resource.value.starts_with("arn:")
            && node.get("Resource").is_some_and(|r| r.as_str().is_some())
        {
            self.schema("The value of 'Resource' must be an ARN", resource.span, &format!("{pointer}/Resource"));
        }
        if self.options.express {
            let at = format!("{pointer}/Resource");
            let r = resource.value.as_str();
            if r.split(':').nth(5) == Some("activity") {
                self.schema("Express state machine does not support Activity ARN", resource.span, &at);
            } else if r.starts_with("arn:aws:states:::") && r.contains(".sync") {
                self.schema("Express state machine does not support '.sync' service integration", resource.span, &at);
            } else if r.starts_with("arn:aws:states:::") && r.ends_with(".waitForTaskToken") {
                // AWS's message ends with a space.
                self.schema(
                    "Express state machine does not support '.waitForTaskToken' service integration ",
                    resource.span,
                    &at,
                );
            }
        }
        if let Some(why) = lambda_arn_problem(&resource.value) {
            self.schema(why, resource.span, &format!("{pointer}/Resource"));
        }
        let credentials = node.get("Credentials").map(|c| {
            let at = format!("{pointer}/Credentials");
            match &c.kind {
                Kind::Object(_) if c.get("RoleArn").is_none() && c.get("RoleArn.$").is_none() => {
                    self.schema("The field 'RoleArn' is required but was missing", c.span, &at)
                }
                Kind::Object(_) => {}
                _ => self.schema("The value of 'Credentials' must be an object", c.span, &at),
            }
            c.to_value()
        });
        Task {
            resource,
            credentials,
            timeout_seconds: self.natural(node, "TimeoutSeconds", pointer),
            timeout_seconds_path: self.string(node, "TimeoutSecondsPath", pointer).map(|s| s.value),
            heartbeat_seconds: self.natural(node, "HeartbeatSeconds", pointer),
            heartbeat_seconds_path: self.string(node, "HeartbeatSecondsPath", pointer).map(|s| s.value),
        }
    }

    fn choice(&mut self, node: &Node, pointer: &str) -> Choice {
        let default = self.string(node, "Default", pointer);
        let mut choices = Vec::new();
        match node.get("Choices").map(|c| (c, c.elements())) {
            None => self.schema("These fields are required: [Choices]", node.span, pointer),
            Some((c, None)) | Some((c, Some([]))) => {
                self.schema("The value of 'Choices' must be a non-empty array", c.span, &format!("{pointer}/Choices"))
            }
            Some((_, Some(rules))) => {
                for (i, rule) in rules.iter().enumerate() {
                    let rule_pointer = format!("{pointer}/Choices/{i}");
                    let next = self.string(rule, "Next", &rule_pointer);
                    if next.is_none() && rule.get("Next").is_none() {
                        self.schema("These fields are required: [Next]", rule.span, &rule_pointer);
                    }
                    if let Some(condition) = self.condition(rule, &rule_pointer) {
                        let raw = |k: &str| rule.get(k).map(|v| RawJson::new(&self.text[v.span.start..v.span.end]));
                        let (assign, output) = (raw("Assign"), raw("Output"));
                        choices.push(ChoiceRule { condition, next, assign, output, span: rule.span });
                    }
                }
            }
        }
        Choice { choices, default }
    }

    /// One boolean expression. Top-level rules also carry `Next`, nested ones must not.
    fn condition(&mut self, node: &Node, pointer: &str) -> Option<Condition> {
        if !node.is_object() {
            self.schema("A Choice rule must be a JSON object", node.span, pointer);
            return None;
        }
        self.check_duplicates(node, pointer);
        if self.language == QueryLanguage::Jsonata {
            return match node.get("Condition") {
                Some(c) if is_jsonata(c) || c.as_bool().is_some() => Some(Condition::Jsonata(c.to_value())),
                Some(c) => {
                    self.schema(
                        "The value of 'Condition' must be a JSONata expression '{% ... %}' or a boolean",
                        c.span,
                        &format!("{pointer}/Condition"),
                    );
                    None
                }
                None => {
                    self.schema("These fields are required: [Condition]", node.span, pointer);
                    None
                }
            };
        }
        for (key, make) in [("And", Condition::And as fn(Vec<Condition>) -> Condition), ("Or", Condition::Or)] {
            if let Some(list) = node.get(key) {
                let Some(items) = list.elements().filter(|items| !items.is_empty()) else {
                    self.schema(
                        format!("The value of '{key}' must be a non-empty array"),
                        list.span,
                        &format!("{pointer}/{key}"),
                    );
                    return None;
                };
                let inner: Vec<_> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| self.condition(n, &format!("{pointer}/{key}/{i}")))
                    .collect();
                return Some(make(inner));
            }
        }
        if let Some(inner) = node.get("Not") {
            return self.condition(inner, &format!("{pointer}/Not")).map(|c| Condition::Not(Box::new(c)));
        }
        let variable = self.string(node, "Variable", pointer);
        // The rule's operator: the first member named after one (`StringEquals`) or its path form
        // (`StringEqualsPath`). Matching members, not trying all 23 names, keeps this cheap.
        let found = node.members().iter().find_map(|m| {
            let key: &str = &m.key;
            Comparison::ALL.iter().find_map(|op| {
                let name = op.name();
                match key.strip_prefix(name) {
                    Some("") => Some((*op, &m.value, false)),
                    Some("Path") if !op.is_type_test() => Some((*op, &m.value, true)),
                    _ => None,
                }
            })
        });
        if let Some((op, operand_node, is_path)) = found {
            let name = op.name();
            let Some(variable) = variable else {
                self.schema("These fields are required: [Variable]", node.span, pointer);
                return None;
            };
            if let Err(e) = crate::expr::jsonpath::Path::parse(&variable.value) {
                self.schema(
                    format!("The value for the field 'Variable' must be a valid JSONPath: {e}"),
                    variable.span,
                    &format!("{pointer}/Variable"),
                );
                return None;
            }
            let operand = if is_path {
                match operand_node.as_str() {
                    Some(p) if crate::expr::jsonpath::Path::parse(p).is_ok() => Operand::Path(p.to_string()),
                    _ => {
                        let path_name = format!("{name}Path");
                        self.schema(
                            format!("The value for the field '{path_name}' must be a valid JSONPath"),
                            operand_node.span,
                            &format!("{pointer}/{path_name}"),
                        );
                        return None;
                    }
                }
            } else {
                let value = operand_node.to_value();
                let ok = match op.name() {
                    n if n.starts_with("String") || n.starts_with("Timestamp") => value.is_string(),
                    n if n.starts_with("Numeric") => value.is_number(),
                    _ => value.is_boolean(),
                };
                if !ok {
                    self.schema(
                        format!("The value of '{name}' has the wrong type"),
                        operand_node.span,
                        &format!("{pointer}/{name}"),
                    );
                    return None;
                }
                Operand::Literal(value)
            };
            return Some(Condition::Compare { variable: variable.value, op, operand });
        }
        self.schema("A Choice rule needs a comparison operator, And, Or or Not", node.span, pointer);
        None
    }

    fn wait(&mut self, node: &Node, pointer: &str) -> Wait {
        let present: Vec<&str> = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
            .into_iter()
            .filter(|k| node.get(k).is_some())
            .collect();
        if present.len() != 1 {
            self.schema(
                "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required",
                node.span,
                pointer,
            );
        }
        let wait_for = match present.first().copied() {
            Some("Seconds") => match node.get("Seconds") {
                Some(v) if self.language == QueryLanguage::Jsonata && is_jsonata(v) => {
                    v.as_str().map(|e| WaitFor::SecondsExpression(e.to_string()))
                }
                _ => self.natural(node, "Seconds", pointer).map(WaitFor::Seconds),
            },
            Some("SecondsPath") => self.string(node, "SecondsPath", pointer).map(|s| WaitFor::SecondsPath(s.value)),
            Some("Timestamp") => self.string(node, "Timestamp", pointer).map(|s| WaitFor::Timestamp(s.value)),
            Some("TimestampPath") => {
                self.string(node, "TimestampPath", pointer).map(|s| WaitFor::TimestampPath(s.value))
            }
            _ => None,
        };
        Wait { wait_for }
    }

    fn fail(&mut self, node: &Node, pointer: &str) -> Fail {
        Fail {
            error: self.string(node, "Error", pointer).map(|s| s.value),
            cause: self.string(node, "Cause", pointer).map(|s| s.value),
            error_path: self.string(node, "ErrorPath", pointer).map(|s| s.value),
            cause_path: self.string(node, "CausePath", pointer).map(|s| s.value),
        }
    }

    fn parallel(&mut self, node: &Node, pointer: &str) -> Parallel {
        let mut branches = Vec::new();
        match node.get("Branches").map(|b| (b, b.elements())) {
            None => self.schema("These fields are required: [Branches]", node.span, pointer),
            Some((b, None)) => {
                self.schema("The value of 'Branches' must be an array", b.span, &format!("{pointer}/Branches"))
            }
            Some((_, Some(items))) => {
                for (i, branch) in items.iter().enumerate() {
                    let branch_pointer = format!("{pointer}/Branches/{i}");
                    if branch.is_object() {
                        branches.push(self.machine(branch, &branch_pointer, MachineKind::Branch));
                    } else {
                        self.schema("A branch must be a JSON object", branch.span, &branch_pointer);
                    }
                }
            }
        }
        Parallel { branches }
    }

    fn map(&mut self, node: &Node, pointer: &str) -> Map {
        let key = if node.get("ItemProcessor").is_some() { "ItemProcessor" } else { "Iterator" };
        let processor = match node.get(key) {
            Some(p) if p.is_object() => Some(self.machine(p, &format!("{pointer}/{key}"), MachineKind::ItemProcessor)),
            Some(p) => {
                self.schema(format!("The value of '{key}' must be an object"), p.span, &format!("{pointer}/{key}"));
                None
            }
            None => {
                self.schema("These fields are required: [ItemProcessor]", node.span, pointer);
                None
            }
        };
        let distributed =
            node.get(key).and_then(|p| p.get("ProcessorConfig")).and_then(|c| c.get("Mode")).and_then(Node::as_str)
                == Some("DISTRIBUTED");
        let raw = |k: &str| node.get(k).map(Node::to_value);
        Map {
            processor,
            items_path: self.string(node, "ItemsPath", pointer).map(|s| s.value),
            items: raw("Items"),
            item_selector: ["ItemSelector", "Parameters"]
                .iter()
                .find_map(|k| node.get(k))
                .map(|v| RawJson::new(&self.text[v.span.start..v.span.end])),
            item_reader: raw("ItemReader"),
            item_batcher: raw("ItemBatcher"),
            result_writer: raw("ResultWriter"),
            max_concurrency: self.natural(node, "MaxConcurrency", pointer),
            max_concurrency_path: self.string(node, "MaxConcurrencyPath", pointer).map(|s| s.value),
            tolerated_failure_count: raw("ToleratedFailureCount"),
            tolerated_failure_count_path: self.string(node, "ToleratedFailureCountPath", pointer).map(|s| s.value),
            tolerated_failure_percentage: raw("ToleratedFailurePercentage"),
            tolerated_failure_percentage_path: self
                .string(node, "ToleratedFailurePercentagePath", pointer)
                .map(|s| s.value),
            label: self.string(node, "Label", pointer).map(|label| {
                if let Some(why) = label_problem(&label.value) {
                    self.schema(why, label.span, &format!("{pointer}/Label"));
                }
                label.value
            }),
            distributed,
        }
    }

    fn objects<'n, 'a>(&mut self, node: &'n Node<'a>, key: &str, pointer: &str) -> Vec<(&'n Node<'a>, String)> {
        let Some(list) = node.get(key) else { return Vec::new() };
        let Some(items) = list.elements() else {
            self.schema(format!("The value of '{key}' must be an array"), list.span, &format!("{pointer}/{key}"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{key}/{i}");
            if item.is_object() {
                self.check_duplicates(item, &item_pointer);
                out.push((item, item_pointer));
            } else {
                self.schema("Each entry must be a JSON object", item.span, &item_pointer);
            }
        }
        out
    }

    fn retriers(&mut self, node: &Node, pointer: &str) -> Vec<Retrier> {
        let mut out = Vec::new();
        for (item, p) in self.objects(node, "Retry", pointer) {
            self.check_fields(item, fields::RETRIER, &p);
            let full_jitter = match item.get("JitterStrategy") {
                None => false,
                Some(j) => match j.as_str() {
                    Some("FULL") => true,
                    Some("NONE") => false,
                    _ => {
                        self.schema(
                            "The value of 'JitterStrategy' must be 'FULL' or 'NONE'",
                            j.span,
                            &format!("{p}/JitterStrategy"),
                        );
                        false
                    }
                },
            };
            let backoff_rate = match item.get("BackoffRate") {
                None => 2.0,
                Some(b) => match b.as_f64() {
                    Some(r) if r >= 1.0 => r,
                    _ => {
                        self.schema(
                            "The value of 'BackoffRate' must be a number >= 1.0",
                            b.span,
                            &format!("{p}/BackoffRate"),
                        );
                        2.0
                    }
                },
            };
            out.push(Retrier {
                error_equals: self.error_equals(item, &p),
                interval_seconds: self.natural(item, "IntervalSeconds", &p).unwrap_or(1),
                max_attempts: self.natural(item, "MaxAttempts", &p).unwrap_or(3),
                backoff_rate,
                max_delay_seconds: self.natural(item, "MaxDelaySeconds", &p),
                full_jitter,
                span: item.span,
            });
        }
        out
    }

    fn catchers(&mut self, node: &Node, pointer: &str) -> Vec<Catcher> {
        let mut out = Vec::new();
        for (item, p) in self.objects(node, "Catch", pointer) {
            self.check_fields(item, fields::CATCHER, &p);
            let next = self.string(item, "Next", &p);
            if item.get("Next").is_none() {
                self.schema("These fields are required: [Next]", item.span, &p);
            }
            out.push(Catcher {
                error_equals: self.error_equals(item, &p),
                next,
                result_path: self.path_or_null(item, "ResultPath", &p),
                output: item.get("Output").map(Node::to_value),
                assign: item.get("Assign").map(Node::to_value),
                span: item.span,
            });
        }
        out
    }
}

/// A Lambda function ARN is `arn:<partition>:lambda:<region>:<account>:function:<name>[:<alias or version>]`.
fn lambda_arn_problem(resource: &str) -> Option<String> {
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function" {
        return None;
    }
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let name_ok = word(parts[6]);
    let qualifier_ok = match parts.get(7) {
        None => true,
        Some(q) => *q == "$LATEST" || word(q),
    };
    (parts.len() > 8 || !name_ok || !qualifier_ok).then(|| format!("'{resource}' is not a valid Lambda function ARN"))
}

/// A Map `Label` names child executions: at most 40 characters, none of whitespace, brackets,
/// wildcards, `"#%\\^|~`$&,;:/` or control characters.
fn label_problem(label: &str) -> Option<String> {
    const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";
    if label.chars().count() > 40 {
        return Some("The value of 'Label' must be at most 40 characters long".to_string());
    }
    let bad = label.chars().find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(*c))?;
    Some(format!("The value of 'Label' contains a character that is not allowed: {bad:?}"))
}

/// Convenience for callers that only need the value of a parsed definition's JSON.
pub fn to_value(text: &str) -> Option<Value> {
    json::parse(text).ok().map(|n| n.to_value())
}
