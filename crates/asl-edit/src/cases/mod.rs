//! A document's test cases as plain data: per case, the execution input, what each Task's
//! invocations return or throw (a Step Functions Local MockConfig test case), and what the run
//! is expected to give. The workbench edits this; it is saved with the document, exported as a
//! MockConfig and a TESTS.json (the files `asl test` reads), and imported from a MockConfig.
//!
//! Values the user types stay text (`Return` JSON, the input, the expected output), so a half
//! typed value is kept as typed and reported by [`TestCases::problems`] instead of being lost.
//!
//! The types and their editing live here; `mock_config.rs` reads and writes Step Functions
//! Local's MockConfig, `tests_json.rs` the TESTS.json expectations, `saved.rs` the record saved
//! with the document, `run.rs` runs the cases as `asl test` does.

use std::collections::BTreeMap;

mod mock_config;
mod run;
mod saved;
mod tests_json;

pub use run::{run_all, run_case};

use serde_json::{json, Map, Value};

/// The state machine name a MockConfig gets when the document has none yet.
pub const DEFAULT_MACHINE: &str = "StateMachine";

/// "And every later call" exports as a range ending here: AWS's limit of 25,000 history events
/// bounds the number of invocations any run can make.
pub const LAST_INVOCATION: u32 = 24_999;

#[derive(Clone, Debug, PartialEq)]
pub struct TestCases {
    /// The key under `StateMachines` in the MockConfig.
    pub machine: String,
    pub cases: Vec<TestCase>,
    /// Index into `cases` of the one the simulation panel runs.
    pub active: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TestCase {
    pub name: String,
    /// The execution input, as typed.
    pub input: String,
    /// Per Task state name, its scripted invocations. A state not here gets the integration's
    /// default result.
    pub outcomes: BTreeMap<String, Script>,
    pub expect: Expect,
}

/// The successive invocations of one Task in one test case.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    /// The `MockedResponses` name it was imported under, kept so an export gives the same file.
    pub response: Option<String>,
    pub steps: Vec<Step>,
}

/// One outcome, for `times` invocations in a row; on the last step, `every_later` makes it
/// answer every later invocation too.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub outcome: StepOutcome,
    pub times: u32,
    pub every_later: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepOutcome {
    /// The service's response (for a `.waitForTaskToken` Task: the callback's output), as JSON text.
    Return(String),
    /// The call fails (for a callback: `SendTaskFailure`; `States.Timeout` for no callback).
    /// `cause: None`: the simulator writes the one the service would give (Batch's job description).
    Throw { error: String, cause: Option<String> },
}

/// What a run of the case must give; every part is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expect {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: Option<String>,
    /// The output as JSON text.
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub visited: Vec<String>,
    pub not_visited: Vec<String>,
}

/// Something in the test cases that cannot be run as it is, with where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub case: usize,
    /// The state whose outcome is wrong; `None` for the input or an expectation.
    pub state: Option<String>,
    pub step: Option<usize>,
    pub message: String,
}

impl Step {
    pub fn returning(json_text: &str) -> Step {
        Step { outcome: StepOutcome::Return(json_text.to_string()), times: 1, every_later: false }
    }

    pub fn throwing(error: &str, cause: &str) -> Step {
        let cause = (!cause.is_empty()).then(|| cause.to_string());
        Step { outcome: StepOutcome::Throw { error: error.into(), cause }, times: 1, every_later: false }
    }
}

impl TestCase {
    pub fn new(name: &str, input: &str) -> TestCase {
        TestCase { name: name.into(), input: input.into(), outcomes: BTreeMap::new(), expect: Expect::default() }
    }
}

impl Default for TestCases {
    fn default() -> Self {
        TestCases::with_input("{}")
    }
}

impl TestCases {
    /// One test case, "Default", with this input and no scripted outcomes.
    pub fn with_input(input: &str) -> TestCases {
        TestCases { machine: DEFAULT_MACHINE.into(), cases: vec![TestCase::new("Default", input)], active: 0 }
    }

    pub fn active(&self) -> &TestCase {
        &self.cases[self.active.min(self.cases.len() - 1)]
    }

    pub fn active_mut(&mut self) -> &mut TestCase {
        let i = self.active.min(self.cases.len() - 1);
        &mut self.cases[i]
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.cases.iter().position(|c| c.name == name)
    }

    /// A case name not taken yet: `base`, else `base 2`, `base 3`, ...
    pub fn unique_name(&self, base: &str) -> String {
        let base = if base.trim().is_empty() { "Test case" } else { base.trim() };
        let mut name = base.to_string();
        let mut i = 2;
        while self.index_of(&name).is_some() {
            name = format!("{base} {i}");
            i += 1;
        }
        name
    }

    /// Adds a case (a copy of the active one's input, nothing scripted) and makes it active.
    pub fn add(&mut self, name: &str) -> usize {
        let name = self.unique_name(name);
        let input = self.active().input.clone();
        self.cases.push(TestCase::new(&name, &input));
        self.active = self.cases.len() - 1;
        self.active
    }

    /// Removes a case; the last one cannot be removed (a document always has one).
    pub fn remove(&mut self, index: usize) -> bool {
        if self.cases.len() <= 1 || index >= self.cases.len() {
            return false;
        }
        self.cases.remove(index);
        if self.active >= index && self.active > 0 {
            self.active -= 1;
        }
        true
    }

    /// Renames a case (made unique); returns the name given.
    pub fn rename_case(&mut self, index: usize, name: &str) -> Option<String> {
        let current = self.cases.get(index)?.name.clone();
        if current == name.trim() {
            return Some(current);
        }
        let taken_by_other = |n: &str| self.cases.iter().enumerate().any(|(i, c)| i != index && c.name == n);
        let base = if name.trim().is_empty() { "Test case" } else { name.trim() };
        let mut candidate = base.to_string();
        let mut i = 2;
        while taken_by_other(&candidate) {
            candidate = format!("{base} {i}");
            i += 1;
        }
        self.cases[index].name = candidate.clone();
        Some(candidate)
    }

    /// A state was renamed in the definition: its outcomes and expectations follow.
    pub fn rename_state(&mut self, old: &str, new: &str) {
        if old == new {
            return;
        }
        for case in &mut self.cases {
            if let Some(script) = case.outcomes.remove(old) {
                case.outcomes.insert(new.to_string(), script);
            }
            for name in case.expect.visited.iter_mut().chain(case.expect.not_visited.iter_mut()) {
                if name == old {
                    *name = new.to_string();
                }
            }
        }
    }

    /// Scripted states that are not (or no longer) Task states of the definition: shown as
    /// orphaned, never dropped silently. `(case index, state name)`.
    pub fn orphans(&self, tasks: &[String]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, case) in self.cases.iter().enumerate() {
            for state in case.outcomes.keys() {
                if !tasks.iter().any(|t| t == state) {
                    out.push((i, state.clone()));
                }
            }
        }
        out
    }

    /// What cannot be run as it is: invalid JSON in an input, a `Return` or an expected output;
    /// a `Throw` without an error name; a repeat count of zero.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for (i, case) in self.cases.iter().enumerate() {
            let problem = |state: Option<&str>, step: Option<usize>, message: String| Problem {
                case: i,
                state: state.map(str::to_string),
                step,
                message,
            };
            if let Err(e) = serde_json::from_str::<Value>(&case.input) {
                out.push(problem(None, None, format!("the execution input is not valid JSON: {e}")));
            }
            if let Some(Err(e)) = case.expect.output.as_deref().map(serde_json::from_str::<Value>) {
                out.push(problem(None, None, format!("the expected output is not valid JSON: {e}")));
            }
            for (state, script) in &case.outcomes {
                for (k, step) in script.steps.iter().enumerate() {
                    let at = Some(state.as_str());
                    match &step.outcome {
                        StepOutcome::Return(text) => {
                            if let Err(e) = serde_json::from_str::<Value>(text) {
                                out.push(problem(at, Some(k), format!("the result is not valid JSON: {e}")));
                            }
                        }
                        StepOutcome::Throw { error, .. } if error.trim().is_empty() => {
                            out.push(problem(at, Some(k), "an error needs a name (e.g. States.TaskFailed)".into()))
                        }
                        StepOutcome::Throw { .. } => {}
                    }
                    if step.times == 0 {
                        out.push(problem(at, Some(k), "an outcome repeats at least once".into()));
                    }
                }
            }
        }
        out
    }
}

/// `"0"` or `"1-3"`: Step Functions Local's invocation keys (0-based, inclusive).
pub(super) fn range_key(first: u32, last: u32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

pub(super) fn outcome_json(outcome: &StepOutcome) -> Value {
    match outcome {
        StepOutcome::Return(text) => {
            // Checked by `problems` before any export that matters; as text otherwise, not lost.
            json!({ "Return": serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.clone())) })
        }
        StepOutcome::Throw { error, cause: None } => json!({ "Throw": { "Error": error } }),
        StepOutcome::Throw { error, cause: Some(cause) } => json!({ "Throw": { "Error": error, "Cause": cause } }),
    }
}

impl Script {
    /// The `MockedResponses` entry: invocation ranges to outcomes.
    pub fn mocked_response(&self) -> Value {
        let mut out = Map::new();
        let mut next = 0u32;
        for (k, step) in self.steps.iter().enumerate() {
            let first = next;
            let last_step = k + 1 == self.steps.len();
            let last =
                if last_step && step.every_later { LAST_INVOCATION.max(first) } else { first + step.times.max(1) - 1 };
            out.insert(range_key(first, last), outcome_json(&step.outcome));
            next = last + 1;
        }
        Value::Object(out)
    }

    /// Reads a `MockedResponses` entry (already checked by the core's MockConfig parser):
    /// ranges in order become steps; a last range that reaches [`LAST_INVOCATION`] is "and
    /// every later call".
    pub fn from_mocked_response(name: &str, response: &Value) -> Result<Script, String> {
        let Value::Object(ranges) = response else {
            return Err(format!("MockedResponses.{name} is not an object"));
        };
        let mut parsed: Vec<(u32, u32, &Value)> = Vec::new();
        for (key, outcome) in ranges {
            let bounds = match key.split_once('-') {
                Some((a, b)) => a.trim().parse::<u32>().ok().zip(b.trim().parse::<u32>().ok()),
                None => key.trim().parse::<u32>().ok().map(|a| (a, a)),
            };
            let Some((first, last)) = bounds.filter(|(a, b)| a <= b) else {
                return Err(format!("MockedResponses.{name}.\"{key}\": not an invocation number or range"));
            };
            parsed.push((first, last, outcome));
        }
        asl_core::sort::sort_by_key(&mut parsed, |p| p.0);
        let mut steps = Vec::new();
        for (i, &(first, last, outcome)) in parsed.iter().enumerate() {
            let at = || format!("MockedResponses.{name}.\"{}\"", range_key(first, last));
            let outcome = if let Some(v) = outcome.get("Return") {
                StepOutcome::Return(serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
            } else if let Some(t) = outcome.get("Throw") {
                let text = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                let cause = t.get("Cause").and_then(Value::as_str).map(str::to_string);
                StepOutcome::Throw { error: text("Error"), cause }
            } else {
                return Err(format!("{}: needs \"Return\" or \"Throw\"", at()));
            };
            let every_later = i + 1 == parsed.len() && last >= LAST_INVOCATION;
            steps.push(Step { outcome, times: last - first + 1, every_later });
        }
        Ok(Script { response: Some(name.to_string()), steps })
    }
}

#[cfg(test)]
mod tests;
