//! The MockConfig of Step Functions Local: written from the test cases, read back into them.

use super::*;

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
