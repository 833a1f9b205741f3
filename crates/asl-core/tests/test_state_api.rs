//! TestState emulation against the `TestState` cases recorded on AWS (execution.jsonl, skipped
//! with a message when `../shared/conformance` is absent; a failure under `CI=true`): status,
//! output, error, cause and nextState. Prints the pass count; the failures must be exactly the
//! ones listed under "TestState" in `tests/known_failures.json`.

mod support;

use serde_json::Value;
use support::{case_id, jsonl, shared, Tally};

#[test]
fn recorded_test_state_calls() {
    let Some(path) = shared("conformance/localstack/execution.jsonl") else { return };
    let cases: Vec<Value> = jsonl(&path).into_iter().filter(|c| c["api"] == "TestState").collect();
    let mut tally = Tally::new("TestState");
    for case in &cases {
        let mut request = case["test_state_args"].clone();
        request["definition"] = case["definition"].clone();
        request["input"] = case["input"].clone();
        let expect = &case["expect"];
        let got = asl_core::run::test_state::run(&request);
        let ok = match &got {
            Err(_) => false,
            Ok(response) => {
                let output: Option<Value> = response["output"].as_str().and_then(|o| serde_json::from_str(o).ok());
                response["status"] == expect["status"]
                    && expect.get("output").is_none_or(|o| output.as_ref() == Some(o))
                    && ["error", "cause", "nextState"].iter().all(|k| expect.get(*k).is_none_or(|v| &response[*k] == v))
            }
        };
        tally.record(&case_id(case), if ok { Ok(()) } else { Err(format!("expected {expect}, got {got:?}")) });
    }
    tally.finish();
}
