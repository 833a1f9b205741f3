//! TestState emulation against the `TestState` cases recorded on AWS (execution.jsonl):
//! status, output, error, cause and nextState. Prints the pass count; asserts a floor.

use std::io::BufRead;
use std::path::PathBuf;

use serde_json::Value;

#[test]
fn recorded_test_state_calls() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/localstack/execution.jsonl");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let cases: Vec<Value> = std::io::BufReader::new(file)
        .lines()
        .map(|l| serde_json::from_str(&l.expect("line")).expect("JSON case"))
        .filter(|c: &Value| c["api"] == "TestState")
        .collect();
    let mut passed = 0;
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
        if ok {
            passed += 1;
        } else if std::env::var_os("SHOW_FAILURES").is_some() {
            println!("{} expected {expect}\n   got {got:?}", case["id"]);
        }
    }
    println!("execution.jsonl TestState: {passed} passed, {} failed", cases.len() - passed);
    let floor = 95;
    assert!(passed >= floor, "TestState regressed: {passed} < {floor}");
}
