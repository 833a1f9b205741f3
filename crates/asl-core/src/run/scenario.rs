//! Scripted outcomes: what each Task invocation returns instead of calling AWS.

use std::collections::BTreeMap;

use serde_json::Value;

/// What one invocation of a Task does.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The service call succeeds with this result (for a bare Lambda ARN, the function's payload).
    Return(Value),
    /// The call fails. With `cause: None` the simulator writes the cause the service would give
    /// (for AWS Batch, the failed job's description).
    Throw { error: String, cause: Option<String> },
}

/// Per state name, the outcomes of its successive invocations (index 0 is the first call).
/// Past the end of a list the last outcome repeats, unless the scenario is `strict`; a state with
/// no list gets the integration's default (see [`crate::run::services`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub by_state: BTreeMap<String, Vec<Outcome>>,
    /// Step Functions Local's semantics, for a scenario read from a MockConfig: a scripted state
    /// needs an outcome for every invocation, and one past the last fails the execution.
    pub strict: bool,
    /// The MockConfig test case it came from, named in that failure.
    pub test_case: Option<String>,
}

/// What a Task invocation gets from a scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum Scripted<'a> {
    Outcome(&'a Outcome),
    /// The state is not scripted: the integration's default result.
    Default,
    /// A strict scenario scripts only `scripted` invocations of this state.
    Exhausted {
        scripted: usize,
    },
}

impl Scenario {
    pub fn new() -> Scenario {
        Scenario::default()
    }

    /// Adds the next outcome of `state`.
    pub fn then(mut self, state: &str, outcome: Outcome) -> Scenario {
        self.by_state.entry(state.to_string()).or_default().push(outcome);
        self
    }

    pub fn outcome(&self, state: &str, invocation: usize) -> Option<&Outcome> {
        let list = self.by_state.get(state)?;
        list.get(invocation).or(list.last())
    }

    /// The outcome of invocation `invocation` (0-based) of `state`, under this scenario's rules.
    pub fn scripted(&self, state: &str, invocation: usize) -> Scripted<'_> {
        match self.by_state.get(state) {
            None => Scripted::Default,
            Some(list) if self.strict => match list.get(invocation) {
                Some(o) => Scripted::Outcome(o),
                None => Scripted::Exhausted { scripted: list.len() },
            },
            Some(list) => list.get(invocation).or(list.last()).map_or(Scripted::Default, Scripted::Outcome),
        }
    }

    /// Reads `{"State name": [{"Return": ...} | {"Throw": {"Error": ..., "Cause": ...}}, ...]}`.
    pub fn from_json(value: &Value) -> Result<Scenario, String> {
        let Value::Object(states) = value else {
            return Err("a scenario is an object of state names to lists of outcomes".into());
        };
        let mut scenario = Scenario::new();
        for (state, list) in states {
            let Value::Array(items) = list else {
                return Err(format!("the outcomes of '{state}' must be an array"));
            };
            for item in items {
                let outcome = if let Some(v) = item.get("Return") {
                    Outcome::Return(v.clone())
                } else if let Some(t) = item.get("Throw") {
                    Outcome::Throw {
                        error: t.get("Error").and_then(Value::as_str).unwrap_or("States.TaskFailed").to_string(),
                        cause: t.get("Cause").and_then(Value::as_str).map(str::to_string),
                    }
                } else {
                    return Err(format!("each outcome of '{state}' is {{\"Return\": ...}} or {{\"Throw\": ...}}"));
                };
                scenario = scenario.then(state, outcome);
            }
        }
        Ok(scenario)
    }
}

/// Step Functions Local's MockConfig: `StateMachines → TestCases → {state: response name}` and
/// `MockedResponses → {name: {"0": {Return|Throw}, "1-2": ...}}`.
impl Scenario {
    /// The scenario of one test case of one state machine.
    pub fn from_mock_config(config: &Value, state_machine: &str, test_case: &str) -> Result<Scenario, String> {
        let machines = config
            .get("StateMachines")
            .and_then(Value::as_object)
            .ok_or("the MockConfig has no 'StateMachines' object")?;
        let machine = machines.get(state_machine).ok_or_else(|| {
            let known: Vec<&String> = machines.keys().collect();
            format!("the MockConfig has no state machine '{state_machine}' (it has {known:?})")
        })?;
        let cases = machine
            .get("TestCases")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("'{state_machine}' has no 'TestCases' object"))?;
        let case = cases.get(test_case).and_then(Value::as_object).ok_or_else(|| {
            let known: Vec<&String> = cases.keys().collect();
            format!("'{state_machine}' has no test case '{test_case}' (it has {known:?})")
        })?;
        let responses = config
            .get("MockedResponses")
            .and_then(Value::as_object)
            .ok_or("the MockConfig has no 'MockedResponses' object")?;
        let mut scenario = Scenario::new();
        for (state, response_name) in case {
            let name = response_name.as_str().ok_or_else(|| format!("the response of '{state}' must be a name"))?;
            let response = responses
                .get(name)
                .and_then(Value::as_object)
                .ok_or_else(|| format!("no mocked response named '{name}'"))?;
            // "0", "1-2", ...: invocation indexes, in order.
            let mut ranges = Vec::new();
            for (key, outcome) in response {
                let (from, to) = match key.split_once('-') {
                    Some((a, b)) => (a.trim().parse::<usize>(), b.trim().parse::<usize>()),
                    None => (key.trim().parse::<usize>(), key.trim().parse::<usize>()),
                };
                let (Ok(from), Ok(to)) = (from, to) else {
                    return Err(format!("'{key}' in '{name}' is not an invocation index or range like \"1-2\""));
                };
                if to < from || to > 100_000 {
                    return Err(format!("'{key}' in '{name}' is not a valid range"));
                }
                let outcome = if let Some(v) = outcome.get("Return") {
                    Outcome::Return(v.clone())
                } else if let Some(t) = outcome.get("Throw") {
                    Outcome::Throw {
                        error: t.get("Error").and_then(Value::as_str).unwrap_or("States.TaskFailed").to_string(),
                        cause: t.get("Cause").and_then(Value::as_str).map(str::to_string),
                    }
                } else {
                    return Err(format!("'{key}' in '{name}' needs 'Return' or 'Throw'"));
                };
                ranges.push((from, to, outcome));
            }
            crate::sort::sort_by_key(&mut ranges, |r| r.0);
            let mut list: Vec<Outcome> = Vec::new();
            for (from, to, outcome) in ranges {
                // An index the config skips repeats the outcome before it.
                while list.len() < from {
                    let filler = list.last().cloned().unwrap_or_else(|| outcome.clone());
                    list.push(filler);
                }
                while list.len() <= to {
                    list.push(outcome.clone());
                }
            }
            scenario.by_state.insert(state.clone(), list);
        }
        scenario.strict = true;
        scenario.test_case = Some(test_case.to_string());
        Ok(scenario)
    }

    /// This scenario as a MockConfig with one state machine and one test case; runs of equal
    /// outcomes become ranges (`"1-3"`).
    pub fn to_mock_config(&self, state_machine: &str, test_case: &str) -> Value {
        let mut case = serde_json::Map::new();
        let mut responses = serde_json::Map::new();
        for (state, outcomes) in &self.by_state {
            let name = format!("{state}Response");
            case.insert(state.clone(), Value::String(name.clone()));
            let mut by_index = serde_json::Map::new();
            let mut i = 0;
            while i < outcomes.len() {
                let mut j = i;
                while j + 1 < outcomes.len() && outcomes[j + 1] == outcomes[i] {
                    j += 1;
                }
                let key = if i == j { i.to_string() } else { format!("{i}-{j}") };
                let value = match &outcomes[i] {
                    Outcome::Return(v) => serde_json::json!({"Return": v}),
                    Outcome::Throw { error, cause: Some(cause) } => {
                        serde_json::json!({"Throw": {"Error": error, "Cause": cause}})
                    }
                    Outcome::Throw { error, cause: None } => serde_json::json!({"Throw": {"Error": error}}),
                };
                by_index.insert(key, value);
                i = j + 1;
            }
            responses.insert(name, Value::Object(by_index));
        }
        serde_json::json!({
            "StateMachines": {state_machine: {"TestCases": {test_case: case}}},
            "MockedResponses": responses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mock_config_round_trip() {
        let config = json!({
            "StateMachines": {"poller": {"TestCases": {"TwoRuns": {"Get Job Status": "CheckJob", "Submit Job": "Submit"}}}},
            "MockedResponses": {
                "CheckJob": {"0-1": {"Return": "RUNNING"}, "2": {"Return": "SUCCEEDED"}},
                "Submit": {"0": {"Throw": {"Error": "Lambda.Unknown", "Cause": "boom"}}}
            }
        });
        let scenario = Scenario::from_mock_config(&config, "poller", "TwoRuns").unwrap();
        assert_eq!(scenario.outcome("Get Job Status", 1), Some(&Outcome::Return(json!("RUNNING"))));
        assert_eq!(scenario.outcome("Get Job Status", 2), Some(&Outcome::Return(json!("SUCCEEDED"))));
        assert_eq!(scenario.outcome("Get Job Status", 9), Some(&Outcome::Return(json!("SUCCEEDED"))));
        let exported = scenario.to_mock_config("poller", "TwoRuns");
        assert_eq!(Scenario::from_mock_config(&exported, "poller", "TwoRuns").unwrap(), scenario);
        assert_eq!(exported["MockedResponses"]["Get Job StatusResponse"]["0-1"], json!({"Return": "RUNNING"}));
        assert!(Scenario::from_mock_config(&config, "poller", "Nope").unwrap_err().contains("TwoRuns"));
        assert!(Scenario::from_mock_config(&json!({}), "poller", "TwoRuns").is_err());
    }
}
