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
/// Past the end of a list the last outcome repeats; a state with no list gets the integration's
/// default (see [`crate::services`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub by_state: BTreeMap<String, Vec<Outcome>>,
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
