//! User-facing findings about a definition: AWS's error codes, a message, and where.

use std::fmt;

use crate::syntax::json::{LineIndex, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The codes this crate emits. Errors use AWS's own codes; warnings (which AWS does not give) have
/// codes of ours.
pub mod code {
    /// The text is not JSON. Input: `{"StartAt": }`.
    pub const INVALID_JSON: &str = "INVALID_JSON_DESCRIPTION";
    /// A definition written in YAML is not YAML (ours: AWS takes JSON only).
    /// Input: `States: [` as an `.asl.yaml` document.
    pub const INVALID_YAML: &str = "INVALID_YAML";
    /// A field is missing, has the wrong type or a value out of range.
    /// Input: `{"StartAt": "A"}` (no `States`).
    pub const SCHEMA_VALIDATION_FAILED: &str = "SCHEMA_VALIDATION_FAILED";
    /// `StartAt`, `Next`, `Default` or a Catcher's `Next` names no state of its machine
    /// (input: a state with `"Next": "Nowhere"`), or no transition names a state (input: a second
    /// state that nothing points to): AWS reports both under this code.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// No state of a machine can end it. Input: `A` → `B` → `A` with neither `End`.
    pub const MISSING_END_STATE: &str = "MISSING_END_STATE";
    /// A `{% %}` JSONata expression does not parse, or a string is only half a `{% %}`.
    /// Input: `"Output": "{% 10 + * 2 %}"` in a JSONata state.
    pub const INVALID_JSONATA: &str = "INVALID_JSONATA_EXPRESSION";
    /// A JSONata expression reads a bare name from the context item, which Step Functions does
    /// not give (the input is `$states.input`). Input: `"Output": "{% phone %}"`.
    pub const UNSUPPORTED_JSONATA: &str = "UNSUPPORTED_JSONATA_EXPRESSION";
    /// Two states anywhere in the definition share a name (names are global across branches).
    pub const DUPLICATE_STATE_NAME: &str = "DUPLICATE_STATE_NAME";
    /// The definition is larger than AWS accepts (1,048,576 bytes); AWS answers with a
    /// `ValidationException`. Input: any definition over 1 MiB.
    pub const DEFINITION_TOO_LARGE: &str = "DEFINITION_TOO_LARGE";
    /// Warning: a Choice without `Default` fails the run (`States.NoChoiceMatched`) when no rule
    /// matches. Input: a Choice with `Choices` and no `Default`.
    pub const CHOICE_WITHOUT_DEFAULT: &str = "CHOICE_WITHOUT_DEFAULT";
    /// Warning: a Catch or Retry entry whose errors are all taken by earlier entries.
    /// Input: `Catch: [{ErrorEquals: [States.ALL], ...}, {ErrorEquals: [Custom], ...}]`.
    pub const NEVER_MATCHES: &str = "NEVER_MATCHES";
    /// Warning: no path from this reachable state leads to an end, so a run loops until it times
    /// out. Input: a Choice whose `Default` is a Pass state whose `Next` is itself.
    pub const NO_WAY_TO_END: &str = "NO_WAY_TO_END";
    /// Warning: the state is named by transitions, but none of them can be reached from `StartAt`.
    /// Input: `A` (End) as StartAt, plus `B` → `C` → `B`.
    pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// JSON pointer of the offending value, `/` for the root (AWS's `location`).
    pub pointer: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span, pointer: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span, pointer: pointer.into() }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span, pointer: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Warning, message: message.into(), span, pointer: pointer.into() }
    }

    /// With a line and column, for people: `3:14 error MISSING_TRANSITION_TARGET ...`.
    pub fn render(&self, text: &str, index: &LineIndex) -> String {
        let (line, col) = index.line_col(text, self.span.start);
        format!("{line}:{col} {} {}: {}", self.severity.as_str(), self.code, self.message)
    }
}

/// As AWS words it: `<CODE>: <message> at <pointer>`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} at {}", self.code, self.message, self.pointer)
    }
}
