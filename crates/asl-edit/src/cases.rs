//! A document's test cases as plain data: per case, the execution input, what each Task's
//! invocations return or throw (a Step Functions Local MockConfig test case), and what the run
//! is expected to give. The workbench edits this; it is saved with the document, exported as a
//! MockConfig and a TESTS.json (the files `asl test` reads), and imported from a MockConfig.
//!
//! Values the user types stay text (`Return` JSON, the input, the expected output), so a half
//! typed value is kept as typed and reported by [`TestCases::problems`] instead of being lost.

use std::collections::BTreeMap;

use asl_core::run::verdict::{coverage, Coverage, Difference, TestResult, TestSuite};
use asl_core::Machine;
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
fn range_key(first: u32, last: u32) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

fn outcome_json(outcome: &StepOutcome) -> Value {
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

impl TestCases {
    /// The MockConfig Step Functions Local accepts: `StateMachines.<machine>.TestCases.<case>` maps
    /// each scripted state to a `MockedResponses` entry. Imported response names are kept; new
    /// ones are `<case>.<state>`; two cases that script a state the same way share one entry.
    pub fn to_mock_config(&self) -> Value {
        let mut responses: Map<String, Value> = Map::new();
        let mut cases = Map::new();
        for case in &self.cases {
            let mut mapping = Map::new();
            for (state, script) in &case.outcomes {
                let response = script.mocked_response();
                let wanted = script.response.clone().unwrap_or_else(|| format!("{}.{state}", case.name));
                let name = match responses.get(&wanted) {
                    None => wanted,
                    Some(existing) if *existing == response => wanted,
                    Some(_) => {
                        let mut i = 2;
                        while responses.contains_key(&format!("{wanted} ({i})")) {
                            i += 1;
                        }
                        format!("{wanted} ({i})")
                    }
                };
                responses.insert(name.clone(), response);
                mapping.insert(state.clone(), Value::String(name));
            }
            cases.insert(case.name.clone(), Value::Object(mapping));
        }
        json!({
            "StateMachines": { self.machine.clone(): { "TestCases": cases } },
            "MockedResponses": responses,
        })
    }

    /// The test cases of one state machine of a MockConfig: the one named `machine`, else the
    /// only one whatever its name. Inputs and expectations are not in a MockConfig: each case
    /// gets `input`. Errors name the path of the problem and change nothing.
    pub fn from_mock_config(config: &Value, machine: Option<&str>, input: &str) -> Result<TestCases, String> {
        let machines =
            config.get("StateMachines").and_then(Value::as_object).ok_or("the file has no \"StateMachines\" object")?;
        let responses = match config.get("MockedResponses") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => return Err("MockedResponses is not an object".into()),
        };
        let name = match machine.filter(|m| machines.contains_key(*m)) {
            Some(m) => m.to_string(),
            None if machines.len() == 1 => machines.keys().next().cloned().unwrap_or_default(),
            None => {
                let names: Vec<&str> = machines.keys().map(String::as_str).collect();
                return Err(format!(
                    "the MockConfig has {} state machines ({}): pick one",
                    names.len(),
                    names.join(", ")
                ));
            }
        };
        let test_cases = machines[&name]
            .get("TestCases")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("StateMachines.{name}.TestCases is missing or not an object"))?;
        let mut cases = Vec::new();
        for (case_name, mapping) in test_cases {
            let Value::Object(mapping) = mapping else {
                return Err(format!("StateMachines.{name}.TestCases.{case_name} is not an object"));
            };
            let mut case = TestCase::new(case_name, input);
            for (state, response) in mapping {
                let at = format!("StateMachines.{name}.TestCases.{case_name}.{state}");
                let response = response.as_str().ok_or_else(|| format!("{at}: not a response name"))?;
                let entry =
                    responses.get(response).ok_or_else(|| format!("{at}: \"{response}\" is not in MockedResponses"))?;
                case.outcomes.insert(state.clone(), Script::from_mocked_response(response, entry)?);
            }
            cases.push(case);
        }
        if cases.is_empty() {
            return Err(format!("StateMachines.{name}.TestCases has no test case"));
        }
        Ok(TestCases { machine: name, cases, active: 0 })
    }

    /// A MockConfig with a TESTS.json (as `asl test` reads them, and as the samples ship): each
    /// test becomes a case with its input, expectations and its MockConfig test case's outcomes.
    pub fn from_files(config: Option<&Value>, tests: &Value) -> Result<TestCases, String> {
        let machine = tests.get("StateMachine").and_then(Value::as_str);
        let list = tests.get("Tests").and_then(Value::as_array).ok_or("the tests file has no \"Tests\" array")?;
        let mocked = match config {
            Some(c) => Some(TestCases::from_mock_config(c, machine, "{}")?),
            None => None,
        };
        let mut out = TestCases {
            machine: mocked.as_ref().map_or(machine.unwrap_or(DEFAULT_MACHINE).to_string(), |m| m.machine.clone()),
            cases: Vec::new(),
            active: 0,
        };
        for (i, test) in list.iter().enumerate() {
            let name = test.get("Name").and_then(Value::as_str).ok_or(format!("Tests[{i}].Name is missing"))?;
            let mut case = match test.get("TestCase").and_then(Value::as_str) {
                None => TestCase::new(name, "{}"),
                Some(tc) => {
                    let found = mocked.as_ref().and_then(|m| m.index_of(tc).map(|k| m.cases[k].clone()));
                    found.ok_or(format!("Tests[{i}].TestCase: \"{tc}\" is not a test case of the MockConfig"))?
                }
            };
            case.name = out.unique_name(name);
            let input = test.get("Input").cloned().unwrap_or(json!({}));
            case.input = serde_json::to_string_pretty(&input).unwrap_or_else(|_| "{}".into());
            case.expect = test.get("Expect").map(Expect::from_json).unwrap_or_default();
            out.cases.push(case);
        }
        if out.cases.is_empty() {
            return Err("the tests file has no test".into());
        }
        Ok(out)
    }

    /// The TESTS.json `asl test` reads: every case with its input and expectations, run against
    /// the MockConfig of [`TestCases::to_mock_config`].
    pub fn to_tests_json(&self) -> Value {
        let tests: Vec<Value> = self
            .cases
            .iter()
            .map(|case| {
                let mut test = Map::new();
                test.insert("Name".into(), json!(case.name));
                test.insert("TestCase".into(), json!(case.name));
                let input = serde_json::from_str::<Value>(&case.input).unwrap_or(Value::String(case.input.clone()));
                test.insert("Input".into(), input);
                let expect = case.expect.to_json();
                if expect.as_object().is_some_and(|e| !e.is_empty()) {
                    test.insert("Expect".into(), expect);
                }
                Value::Object(test)
            })
            .collect();
        json!({ "StateMachine": self.machine, "Tests": tests })
    }
}

impl Expect {
    pub fn is_empty(&self) -> bool {
        *self == Expect::default()
    }

    /// TESTS.json's `Expect` object (absent parts left out).
    pub fn to_json(&self) -> Value {
        let mut e = Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                e.insert(k.into(), json!(v));
            }
        };
        put("Status", &self.status);
        put("Error", &self.error);
        put("Cause", &self.cause);
        if let Some(output) = &self.output {
            e.insert("Output".into(), serde_json::from_str(output).unwrap_or(Value::String(output.clone())));
        }
        if !self.visited.is_empty() {
            e.insert("Visited".into(), json!(self.visited));
        }
        if !self.not_visited.is_empty() {
            e.insert("NotVisited".into(), json!(self.not_visited));
        }
        Value::Object(e)
    }

    pub fn from_json(v: &Value) -> Expect {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let list = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        Expect {
            status: text("Status"),
            output: v.get("Output").map(|o| serde_json::to_string_pretty(o).unwrap_or_default()),
            error: text("Error"),
            cause: text("Cause"),
            visited: list("Visited"),
            not_visited: list("NotVisited"),
        }
    }
}

/// Saving with the document: `{"machine", "active", "cases": [{"name", "input", "expect",
/// "outcomes": {state: {"response", "steps": [{"return"|"error","cause", "times", "later"}]}}}]}`.
/// Texts are kept as typed; a damaged record gives `None` (the caller keeps its default).
impl TestCases {
    pub fn to_json(&self) -> Value {
        let cases: Vec<Value> = self
            .cases
            .iter()
            .map(|c| {
                let outcomes: Map<String, Value> = c
                    .outcomes
                    .iter()
                    .map(|(state, script)| {
                        let steps: Vec<Value> = script
                            .steps
                            .iter()
                            .map(|s| {
                                let mut o = match &s.outcome {
                                    StepOutcome::Return(t) => json!({ "return": t }),
                                    StepOutcome::Throw { error, cause } => json!({ "error": error, "cause": cause }),
                                };
                                o["times"] = json!(s.times);
                                o["later"] = json!(s.every_later);
                                o
                            })
                            .collect();
                        (state.clone(), json!({ "response": script.response, "steps": steps }))
                    })
                    .collect();
                // The expected output as typed (TESTS.json's `Expect` holds it as a value).
                let mut expect = c.expect.to_json();
                if let Some(output) = &c.expect.output {
                    expect["Output"] = json!(output);
                }
                json!({ "name": c.name, "input": c.input, "expect": expect, "outcomes": outcomes })
            })
            .collect();
        json!({ "machine": self.machine, "active": self.active, "cases": cases })
    }

    pub fn from_json(v: &Value) -> Option<TestCases> {
        let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let mut cases = Vec::new();
        for c in v.get("cases")?.as_array()? {
            let mut case = TestCase::new(&str_of(c, "name")?, &str_of(c, "input").unwrap_or_else(|| "{}".into()));
            case.expect = c.get("expect").map(Expect::from_json).unwrap_or_default();
            case.expect.output = c.get("expect").and_then(|e| str_of(e, "Output"));
            for (state, script) in c.get("outcomes").and_then(Value::as_object).into_iter().flatten() {
                let steps = script
                    .get("steps")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|s| {
                        let outcome = match str_of(s, "return") {
                            Some(t) => StepOutcome::Return(t),
                            None => StepOutcome::Throw {
                                error: str_of(s, "error").unwrap_or_default(),
                                cause: str_of(s, "cause"),
                            },
                        };
                        let times = s.get("times").and_then(Value::as_u64).unwrap_or(1).clamp(1, 25_000) as u32;
                        Step { outcome, times, every_later: s.get("later").and_then(Value::as_bool).unwrap_or(false) }
                    })
                    .collect();
                case.outcomes.insert(state.clone(), Script { response: str_of(script, "response"), steps });
            }
            cases.push(case);
        }
        if cases.is_empty() {
            return None;
        }
        let active = v.get("active").and_then(Value::as_u64).unwrap_or(0) as usize;
        Some(TestCases {
            machine: str_of(v, "machine").unwrap_or_else(|| DEFAULT_MACHINE.into()),
            active: active.min(cases.len() - 1),
            cases,
        })
    }
}

/// Case `i` run and judged as [`run_all`] does; `Err` when it cannot run (why).
fn judge(
    machine: &Machine,
    tests: &TestCases,
    config: &serde_json::Value,
    i: usize,
) -> Result<Vec<TestResult>, String> {
    let case = tests.cases.get(i).ok_or_else(|| format!("there is no test case #{}", i + 1))?;
    if let Some(p) = tests.problems().into_iter().find(|p| p.case == i && p.state.is_none()) {
        return Err(p.message);
    }
    let one = TestCases { cases: vec![case.clone()], active: 0, machine: tests.machine.clone() };
    TestSuite::from_json(&one.to_tests_json()).and_then(|suite| suite.run(machine, Some(config)))
}

/// The run of case `i`, made exactly as [`run_all`] makes it (to compare two cases' runs).
pub fn run_case(machine: &Machine, tests: &TestCases, i: usize) -> Result<asl_core::Run, String> {
    let mut results = judge(machine, tests, &tests.to_mock_config(), i)?;
    results.pop().map(|r| r.run).ok_or_else(|| "the test case made no run".to_string())
}

/// Runs every case on `machine` with the code `asl test` runs: the document's TESTS.json
/// against its MockConfig, so the browser and CI agree. Coverage is over all the runs. A case
/// whose input or expected output is not JSON yet fails with that as its difference.
pub fn run_all(machine: &Machine, tests: &TestCases) -> (Vec<TestResult>, Coverage) {
    let config = tests.to_mock_config();
    let mut results = Vec::new();
    for (i, case) in tests.cases.iter().enumerate() {
        match judge(machine, tests, &config, i) {
            Ok(mut r) => results.append(&mut r),
            Err(why) => results.push(TestResult {
                name: case.name.clone(),
                differences: vec![Difference { what: "Input", expected: "a runnable case".into(), got: why }],
                run: asl_core::Run {
                    status: asl_core::Status::Failed,
                    output: None,
                    error: None,
                    cause: None,
                    history: Vec::new(),
                    map_runs: Vec::new(),
                },
            }),
        }
    }
    // A distributed Map's child executions count too: their states are the Map's own.
    let histories: Vec<&[asl_core::HistoryEvent]> = results
        .iter()
        .flat_map(|r| {
            std::iter::once(r.run.history.as_slice()).chain(r.run.map_runs.iter().map(|c| c.history.as_slice()))
        })
        .collect();
    let coverage = coverage(machine, &histories);
    (results, coverage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TestCases {
        let mut t = TestCases::with_input(r#"{"n": 1}"#);
        t.cases[0].name = "Happy".into();
        t.cases[0].outcomes.insert(
            "Call".into(),
            Script {
                response: None,
                steps: vec![
                    Step { times: 3, ..Step::returning(r#"{"status": "RUNNING"}"#) },
                    Step { every_later: true, ..Step::returning(r#"{"status": "DONE"}"#) },
                ],
            },
        );
        t.add("Sad");
        t.cases[1].outcomes.insert("Call".into(), Script { response: None, steps: vec![Step::throwing("E", "c")] });
        t.cases[1].expect.status = Some("FAILED".into());
        t
    }

    #[test]
    fn exports_a_mock_config_with_ranges_and_reads_it_back() {
        let t = sample();
        let config = t.to_mock_config();
        assert_eq!(
            config["MockedResponses"]["Happy.Call"],
            json!({"0-2": {"Return": {"status": "RUNNING"}}, "3-24999": {"Return": {"status": "DONE"}}})
        );
        assert_eq!(config["StateMachines"]["StateMachine"]["TestCases"]["Sad"]["Call"], json!("Sad.Call"));
        let back = TestCases::from_mock_config(&config, None, r#"{"n": 1}"#).unwrap();
        assert_eq!(back.to_mock_config(), config, "import then export gives the same JSON value");
        assert!(back.cases[0].outcomes["Call"].steps[1].every_later);
    }

    #[test]
    fn bad_mock_configs_name_the_path() {
        let err = |v: Value| TestCases::from_mock_config(&v, None, "{}").unwrap_err();
        assert!(err(json!({})).contains("StateMachines"));
        let two = json!({"StateMachines": {"A": {"TestCases": {}}, "B": {"TestCases": {}}}});
        assert!(err(two).contains("pick one"));
        let missing = json!({"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {}});
        assert_eq!(err(missing), "StateMachines.M.TestCases.T.S: \"R\" is not in MockedResponses");
        let bad_key = json!({"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
            "MockedResponses": {"R": {"x": {"Return": 1}}}});
        assert_eq!(err(bad_key), "MockedResponses.R.\"x\": not an invocation number or range");
    }

    #[test]
    fn renames_follow_and_orphans_are_listed() {
        let mut t = sample();
        t.cases[0].expect.visited = vec!["Call".into()];
        t.rename_state("Call", "Invoke");
        assert!(t.cases.iter().all(|c| c.outcomes.contains_key("Invoke")));
        assert_eq!(t.cases[0].expect.visited, vec!["Invoke".to_string()]);
        assert_eq!(t.orphans(&["Other".into()]), vec![(0, "Invoke".into()), (1, "Invoke".into())]);
        assert!(t.orphans(&["Invoke".into()]).is_empty());
    }

    #[test]
    fn problems_point_at_the_field() {
        let mut t = sample();
        assert!(t.problems().is_empty());
        t.cases[1].outcomes.get_mut("Call").unwrap().steps[0] = Step::returning("{oops");
        t.cases[0].input = "[".into();
        let p = t.problems();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].case, p[0].state.as_deref()), (0, None));
        assert_eq!((p[1].case, p[1].state.as_deref(), p[1].step), (1, Some("Call"), Some(0)));
    }

    #[test]
    fn saves_and_restores_exactly() {
        let mut t = sample();
        t.cases[0].expect.output = Some("{\"a\": 1}".into());
        t.cases[1].outcomes.get_mut("Call").unwrap().steps.push(Step::returning("{half"));
        assert_eq!(TestCases::from_json(&t.to_json()), Some(t));
        assert_eq!(TestCases::from_json(&json!({"cases": []})), None);
    }

    #[test]
    fn tests_json_carries_inputs_and_expectations() {
        let v = sample().to_tests_json();
        assert_eq!(v["StateMachine"], "StateMachine");
        assert_eq!(
            v["Tests"][1],
            json!({"Name": "Sad", "TestCase": "Sad", "Input": {"n": 1}, "Expect": {"Status": "FAILED"}})
        );
        assert!(v["Tests"][0].get("Expect").is_none());
    }

    #[test]
    fn run_all_judges_each_case_and_measures_coverage() {
        let machine = asl_core::parse(
            r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "OutputPath": "$.Payload", "End": true}}}"#,
        )
        .machine
        .unwrap();
        let mut t = sample();
        t.cases[0].outcomes.get_mut("Call").unwrap().steps = vec![Step::returning(r#"{"Payload": 1}"#)];
        t.cases[0].expect.output = Some("1".into());
        t.cases[1].expect.status = Some("SUCCEEDED".into());
        let (results, cov) = run_all(&machine, &t);
        assert!(results[0].passed(), "{:?}", results[0]);
        assert_eq!(results[1].differences[0].to_string(), "Status: expected SUCCEEDED, got FAILED");
        assert_eq!(cov.states.covered, 1);
        // One case alone runs as Run all runs it.
        assert_eq!(run_case(&machine, &t, 1).unwrap(), results[1].run);
        assert!(run_case(&machine, &t, 9).is_err());
        t.cases[0].input = "{".into();
        assert_eq!(run_all(&machine, &t).0[0].differences[0].what, "Input");
        assert!(run_case(&machine, &t, 0).is_err());
    }

    #[test]
    fn coverage_counts_the_states_of_distributed_map_children() {
        let machine = asl_core::parse(
            r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}}}}"#,
        )
        .machine
        .unwrap();
        let t = TestCases::with_input("[1, 2]");
        let (results, cov) = run_all(&machine, &t);
        assert!(!results[0].run.map_runs.is_empty(), "the Map ran child executions");
        assert_eq!((cov.states.covered, cov.states.total), (2, 2), "{cov:?}");
    }

    #[test]
    fn cases_are_added_renamed_and_removed() {
        let mut t = TestCases::default();
        assert_eq!(t.add("Default"), 1);
        assert_eq!(t.cases[1].name, "Default 2");
        assert_eq!(t.rename_case(1, "Default").as_deref(), Some("Default 2"));
        assert!(t.remove(1));
        assert!(!t.remove(0), "a document keeps one case");
        assert_eq!(t.active, 0);
    }
}
