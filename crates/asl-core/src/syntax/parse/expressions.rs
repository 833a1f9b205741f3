//! Checks of a state's expressions: JSONPath fields and payload templates under JSONPath, `{% %}`
//! strings under JSONata.

use crate::check::diagnostic::{code, Diagnostic};
use crate::model::*;
use crate::syntax::json::{pointer_segment, Kind, Node};

use super::Builder;

impl Builder<'_> {
    /// A state's expressions, as its query language writes them.
    pub(super) fn check_expressions(&mut self, node: &Node, language: QueryLanguage, pointer: &str) {
        match language {
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
        if language == QueryLanguage::JsonPath {
            for key in ["Parameters", "ResultSelector", "ItemSelector", "Assign"] {
                if let Some(template) = node.get(key) {
                    self.payload_template(template, &format!("{pointer}/{key}"));
                }
            }
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
}
