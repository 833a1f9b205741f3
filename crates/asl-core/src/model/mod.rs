//! The typed model of a state machine, built by [`crate::syntax::parse`] from spanned JSON.
//!
//! Plain data: every field that a diagnostic or the editor may point at keeps its [`Span`].
//! Fields the model does not interpret yet are still kept as raw JSON values so nothing is lost.

pub mod fields;
mod items;

use std::sync::OnceLock;

use serde_json::Value;

pub use crate::expr::compiled::PathText;
use crate::expr::compiled::Template;
use crate::syntax::json::Span;
pub use items::{ItemBatcher, ItemReader};

/// A JSON value of the definition kept as its text and turned into a [`Value`] on first use:
/// most payload templates are never evaluated, and parsing stays fast on large definitions.
#[derive(Clone, Debug)]
pub struct RawJson {
    text: Box<str>,
    value: OnceLock<Value>,
    /// As a JSONPath payload template, compiled on first evaluation.
    template: OnceLock<Template>,
}

impl RawJson {
    /// `text` must be valid JSON (it comes from the parsed definition).
    pub fn new(text: &str) -> RawJson {
        RawJson { text: text.into(), value: OnceLock::new(), template: OnceLock::new() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn value(&self) -> &Value {
        self.value.get_or_init(|| serde_json::from_str(&self.text).unwrap_or(Value::Null))
    }

    /// The value as a JSONPath payload template (`.$` keys compiled).
    pub fn template(&self) -> &Template {
        self.template.get_or_init(|| Template::compile(self.value()))
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.text == other.text
    }
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `QueryLanguage`: how a state's expressions are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueryLanguage {
    /// `$.path` references, `.$` keys, intrinsic functions.
    #[default]
    JsonPath,
    /// `{% expression %}` strings.
    Jsonata,
}

impl QueryLanguage {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// A state machine, or one Parallel branch, or a Map's `ItemProcessor`: all three have `StartAt`
/// and `States`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Machine {
    pub start_at: Option<Spanned<String>>,
    pub states: Vec<State>,
    pub comment: Option<String>,
    pub timeout_seconds: Option<u64>,
    /// The language its states use unless they say otherwise (inherited by nested machines).
    pub query_language: QueryLanguage,
    /// JSON pointer of this machine's object (`""` for the top level, `/States/P/Branches/0` ...).
    pub pointer: String,
    pub span: Span,
    /// State name → position in `states`.
    pub index: rustc_hash::FxHashMap<String, usize>,
}

impl Machine {
    pub fn state(&self, name: &str) -> Option<&State> {
        self.state_index(name).map(|i| &self.states[i])
    }

    pub fn state_index(&self, name: &str) -> Option<usize> {
        // A run follows thousands of transitions: look names up in the index, not the list.
        match self.index.get(name) {
            Some(&i) => Some(i),
            None if self.index.len() == self.states.len() => None,
            None => self.states.iter().position(|s| s.name == name),
        }
    }

    /// The state named `name` here or in any nested branch or item processor (names are unique
    /// across a whole machine).
    pub fn find(&self, name: &str) -> Option<&State> {
        self.scope_of(name)?.state(name)
    }

    /// The machine (this one, a branch, an item processor) whose `States` holds `name`.
    pub fn scope_of(&self, name: &str) -> Option<&Machine> {
        if self.state(name).is_some() {
            return Some(self);
        }
        self.states.iter().flat_map(State::children).find_map(|m| m.scope_of(name))
    }

    /// The innermost state whose text contains byte `offset` (its name included).
    pub fn state_at(&self, offset: usize) -> Option<&State> {
        let state = self.states.iter().find(|s| s.name_span.start <= offset && offset < s.span.end)?;
        Some(state.children().find_map(|m| m.state_at(offset)).unwrap_or(state))
    }

    /// Rebuilds the name index; call after changing `states`.
    pub fn reindex(&mut self) {
        let mut index = rustc_hash::FxHashMap::with_capacity_and_hasher(self.states.len(), Default::default());
        index.extend(self.states.iter().enumerate().map(|(i, s)| (s.name.clone(), i)));
        self.index = index;
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub name: String,
    pub name_span: Span,
    /// The state's whole object `{ ... }`.
    pub span: Span,
    /// `/States/<name>` (escaped), nested under its branch for inner states.
    pub pointer: String,
    pub kind: StateKind,
    /// The state's effective query language (its own `QueryLanguage` or its machine's).
    pub query_language: QueryLanguage,
    pub comment: Option<String>,
    pub next: Option<Spanned<String>>,
    pub end: bool,
    /// `None`: field absent (defaults to `$`); `Some(None)`: explicitly `null`.
    pub input_path: Option<Option<PathText>>,
    pub output_path: Option<Option<PathText>>,
    pub result_path: Option<Option<PathText>>,
    pub parameters: Option<RawJson>,
    pub result_selector: Option<RawJson>,
    /// Pass state's `Result`.
    pub result: Option<RawJson>,
    /// `Assign`: variables set when the state completes.
    pub assign: Option<RawJson>,
    /// JSONata `Arguments` (what the Task, Parallel or Map receives).
    pub arguments: Option<RawJson>,
    /// JSONata `Output`.
    pub output: Option<RawJson>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
}

// States are few per machine and matched everywhere; boxing the large variants buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum StateKind {
    Pass,
    Task(Task),
    Choice(Choice),
    Wait(Wait),
    Succeed,
    Fail(Fail),
    Parallel(Parallel),
    Map(Map),
    /// A missing or unknown `Type` (already reported); kept so the diagram can still draw it.
    Unknown(String),
}

impl StateKind {
    /// The `Type` value as written in ASL.
    pub fn type_name(&self) -> &str {
        match self {
            StateKind::Pass => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
            StateKind::Unknown(t) => t,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub resource: Spanned<String>,
    pub credentials: Option<Value>,
    pub timeout_seconds: Option<u64>,
    pub timeout_seconds_path: Option<PathText>,
    pub heartbeat_seconds: Option<u64>,
    pub heartbeat_seconds_path: Option<PathText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub choices: Vec<ChoiceRule>,
    pub default: Option<Spanned<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceRule {
    pub condition: Condition,
    pub next: Option<Spanned<String>>,
    /// Variables set when this rule is the one taken.
    pub assign: Option<RawJson>,
    /// JSONata `Output` when this rule is the one taken.
    pub output: Option<RawJson>,
    pub span: Span,
}

/// A Choice rule's boolean expression (JSONPath form).
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
    /// `Variable` compared with a literal or, for the `...Path` operators, the value at a path.
    Compare {
        variable: PathText,
        op: Comparison,
        operand: Operand,
    },
    /// A JSONata rule's `Condition`: a `{% %}` expression or a boolean.
    Jsonata(Value),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Literal(Value),
    Path(PathText),
}

/// Every data-test comparison operator of ASL, without its `Path` suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    StringEquals,
    StringLessThan,
    StringGreaterThan,
    StringLessThanEquals,
    StringGreaterThanEquals,
    StringMatches,
    NumericEquals,
    NumericLessThan,
    NumericGreaterThan,
    NumericLessThanEquals,
    NumericGreaterThanEquals,
    BooleanEquals,
    TimestampEquals,
    TimestampLessThan,
    TimestampGreaterThan,
    TimestampLessThanEquals,
    TimestampGreaterThanEquals,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

impl Comparison {
    pub const ALL: [Comparison; 23] = [
        Comparison::StringEquals,
        Comparison::StringLessThan,
        Comparison::StringGreaterThan,
        Comparison::StringLessThanEquals,
        Comparison::StringGreaterThanEquals,
        Comparison::StringMatches,
        Comparison::NumericEquals,
        Comparison::NumericLessThan,
        Comparison::NumericGreaterThan,
        Comparison::NumericLessThanEquals,
        Comparison::NumericGreaterThanEquals,
        Comparison::BooleanEquals,
        Comparison::TimestampEquals,
        Comparison::TimestampLessThan,
        Comparison::TimestampGreaterThan,
        Comparison::TimestampLessThanEquals,
        Comparison::TimestampGreaterThanEquals,
        Comparison::IsNull,
        Comparison::IsPresent,
        Comparison::IsNumeric,
        Comparison::IsString,
        Comparison::IsBoolean,
        Comparison::IsTimestamp,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Comparison::StringEquals => "StringEquals",
            Comparison::StringLessThan => "StringLessThan",
            Comparison::StringGreaterThan => "StringGreaterThan",
            Comparison::StringLessThanEquals => "StringLessThanEquals",
            Comparison::StringGreaterThanEquals => "StringGreaterThanEquals",
            Comparison::StringMatches => "StringMatches",
            Comparison::NumericEquals => "NumericEquals",
            Comparison::NumericLessThan => "NumericLessThan",
            Comparison::NumericGreaterThan => "NumericGreaterThan",
            Comparison::NumericLessThanEquals => "NumericLessThanEquals",
            Comparison::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            Comparison::BooleanEquals => "BooleanEquals",
            Comparison::TimestampEquals => "TimestampEquals",
            Comparison::TimestampLessThan => "TimestampLessThan",
            Comparison::TimestampGreaterThan => "TimestampGreaterThan",
            Comparison::TimestampLessThanEquals => "TimestampLessThanEquals",
            Comparison::TimestampGreaterThanEquals => "TimestampGreaterThanEquals",
            Comparison::IsNull => "IsNull",
            Comparison::IsPresent => "IsPresent",
            Comparison::IsNumeric => "IsNumeric",
            Comparison::IsString => "IsString",
            Comparison::IsBoolean => "IsBoolean",
            Comparison::IsTimestamp => "IsTimestamp",
        }
    }

    /// The `Is*` type tests take a boolean and have no `...Path` form.
    pub fn is_type_test(self) -> bool {
        self.name().starts_with("Is")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum WaitFor {
    Seconds(u64),
    /// JSONata `Seconds: "{% ... %}"`.
    SecondsExpression(String),
    SecondsPath(PathText),
    Timestamp(String),
    TimestampPath(PathText),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    /// `None` only when the definition lacks all four fields (already reported).
    pub wait_for: Option<WaitFor>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fail {
    pub error: Option<String>,
    pub cause: Option<String>,
    pub error_path: Option<PathText>,
    pub cause_path: Option<PathText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parallel {
    pub branches: Vec<Machine>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Map {
    /// `ItemProcessor` (or the older `Iterator`).
    pub processor: Option<Machine>,
    pub items_path: Option<PathText>,
    /// JSONata `Items`: an array or a `{% %}` expression.
    pub items: Option<Value>,
    pub item_selector: Option<RawJson>,
    pub item_reader: Option<ItemReader>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<Value>,
    pub max_concurrency: Option<u64>,
    pub max_concurrency_path: Option<PathText>,
    pub tolerated_failure_count: Option<Value>,
    pub tolerated_failure_count_path: Option<PathText>,
    pub tolerated_failure_percentage: Option<Value>,
    pub tolerated_failure_percentage_path: Option<PathText>,
    pub label: Option<String>,
    /// `ProcessorConfig.Mode` is `DISTRIBUTED`.
    pub distributed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Retrier {
    pub error_equals: Vec<String>,
    pub interval_seconds: u64,
    pub max_attempts: u64,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy: "FULL"`.
    pub full_jitter: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Catcher {
    pub error_equals: Vec<String>,
    pub next: Option<Spanned<String>>,
    pub result_path: Option<Option<PathText>>,
    /// `Output` and `Assign` as written; `Assign`'s JSONPath template compiles once, on first catch.
    pub output: Option<RawJson>,
    pub assign: Option<RawJson>,
    pub span: Span,
}

/// Why one state leads to another: the label and style of a diagram edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransitionKind {
    Next,
    /// The Choice rule at this index.
    Choice(usize),
    Default,
    /// The Catcher at this index.
    Catch(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Transition<'a> {
    pub target: &'a Spanned<String>,
    pub kind: TransitionKind,
}

impl State {
    /// Every outgoing transition, in the order they are written.
    pub fn transitions(&self) -> Vec<Transition<'_>> {
        let mut out = Vec::new();
        if let Some(next) = &self.next {
            out.push(Transition { target: next, kind: TransitionKind::Next });
        }
        if let StateKind::Choice(choice) = &self.kind {
            for (i, rule) in choice.choices.iter().enumerate() {
                if let Some(next) = &rule.next {
                    out.push(Transition { target: next, kind: TransitionKind::Choice(i) });
                }
            }
            if let Some(default) = &choice.default {
                out.push(Transition { target: default, kind: TransitionKind::Default });
            }
        }
        for (i, catcher) in self.catch.iter().enumerate() {
            if let Some(next) = &catcher.next {
                out.push(Transition { target: next, kind: TransitionKind::Catch(i) });
            }
        }
        out
    }

    /// The machines nested in this state: a Parallel's branches, a Map's item processor.
    pub fn children(&self) -> impl Iterator<Item = &Machine> {
        let (branches, processor): (&[Machine], Option<&Machine>) = match &self.kind {
            StateKind::Parallel(p) => (&p.branches, None),
            StateKind::Map(m) => (&[], m.processor.as_ref()),
            _ => (&[], None),
        };
        branches.iter().chain(processor)
    }

    /// Whether reaching this state can end its machine (Succeed, Fail, or `End: true`).
    pub fn is_terminal(&self) -> bool {
        self.end || matches!(self.kind, StateKind::Succeed | StateKind::Fail(_))
    }
}

#[cfg(test)]
mod tests {
    const NESTED: &str = r#"{"StartAt": "P", "States": {
  "P": {"Type": "Parallel", "Next": "M", "Branches": [
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
  "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}}
}}"#;

    #[test]
    fn find_and_state_at_reach_nested_states() {
        let machine = crate::parse(NESTED).machine.unwrap();
        assert_eq!(machine.find("B").map(|s| s.pointer.as_str()), Some("/States/M/ItemProcessor/States/B"));
        assert!(machine.find("Z").is_none());
        assert_eq!(machine.scope_of("A").map(|m| m.pointer.as_str()), Some("/States/P/Branches/0"));
        assert_eq!(machine.scope_of("M").map(|m| m.pointer.as_str()), Some(""));
        let at = |needle: &str| machine.state_at(NESTED.find(needle).unwrap()).map(|s| s.name.as_str());
        assert_eq!(at(r#""A": {"#), Some("A"), "the name itself belongs to the state");
        assert_eq!(at(r#""Next": "M""#), Some("P"));
        assert_eq!(at(r#""B", "States""#), Some("M"), "a processor's StartAt belongs to its Map");
        assert_eq!(at(r#"{"Type": "Pass", "End": true}}}}"#), Some("B"));
        assert_eq!(at(r#""StartAt": "P""#), None);
    }
}
