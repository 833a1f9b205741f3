//! The machine (top level, a Parallel branch, a Map's ItemProcessor) and the fields every state has:
//! `Type`, `QueryLanguage`, `Comment`, `Next`/`End`, the paths and the payload fields.

use crate::model::fields;
use crate::model::*;
use crate::syntax::json::{pointer_segment, Node, Span};

use super::{Builder, MachineKind};

impl Builder<'_> {
    pub(super) fn machine(&mut self, node: &Node, pointer: &str, kind: MachineKind) -> Machine {
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
    pub(super) fn state(&mut self, name: &str, name_span: Span, node: &Node, pointer: &str) -> State {
        let mut state = self.blank_state(name, name_span, node, pointer);
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
        self.check_expressions(node, state.query_language, pointer);
        let raw = |key: &str| node.get(key).map(|v| self.raw(v));
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
        self.check_type_fields(node, &type_name, pointer);
        state.kind = self.kind(&type_name, node, pointer);
        if matches!(state.kind, StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)) {
            state.retry = self.retriers(node, pointer);
            state.catch = self.catchers(node, pointer);
        }
        self.check_flow(node, &state, pointer);
        state
    }

    /// A state with only its name and place, before any of its fields is read.
    fn blank_state(&self, name: &str, name_span: Span, node: &Node, pointer: &str) -> State {
        State {
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
        }
    }

    /// The fields the state's type accepts, and which of them exclude each other.
    fn check_type_fields(&mut self, node: &Node, type_name: &str, pointer: &str) {
        if fields::is_state_type(type_name) {
            for m in node.members() {
                if let Some(message) = fields::check_state_field(type_name, &m.key, self.language) {
                    self.schema(message, m.key_span, pointer);
                }
            }
        }
        let pairs: &[(&str, &str)] = match type_name {
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
            self.check_map_fields(node, pointer);
        }
    }

    /// The state's type and its own fields, built by the type's builder.
    fn kind(&mut self, type_name: &str, node: &Node, pointer: &str) -> StateKind {
        match type_name {
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
        }
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
}
