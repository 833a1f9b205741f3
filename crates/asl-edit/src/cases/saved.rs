//! The test cases as saved with the document, and read back leniently.

use super::*;

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
