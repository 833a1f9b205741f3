//! The samples' test cases ship as data (`public/samples/<stem>.mock.json` and `.tests.json`)
//! and reproduce the seed scenarios of `crates/asl-core/tests/cases/` exactly: the same event
//! sequence, status and output, through the same path the app takes (MockConfig → scenario).

use std::path::PathBuf;

use asl_core::{simulate, Options, Scenario};
use asl_edit::cases::TestCases;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn events(case: &Value) -> Vec<(String, Option<String>)> {
    case["expect"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e[0].as_str().unwrap().to_string(), e[1].as_str().map(str::to_string)))
        .collect()
}

#[test]
fn sample_test_cases_reproduce_the_seed_scenarios() {
    let pairs = [
        ("manage-a-batch-job", "Batch job succeeds", "batch-job-succeeds"),
        ("manage-a-batch-job", "Batch job fails", "batch-job-fails"),
        ("poll-for-job-status", "SUCCEEDED at once", "poller-succeeds-at-once"),
        ("poll-for-job-status", "RUNNING twice, then SUCCEEDED", "poller-running-twice-then-succeeded"),
        ("poll-for-job-status", "RUNNING once, then FAILED", "poller-running-once-then-failed"),
    ];
    for (stem, test_case, seed) in pairs {
        let mock = read(&format!("public/samples/{stem}.mock.json"));
        let tests = TestCases::from_files(Some(&mock), &read(&format!("public/samples/{stem}.tests.json"))).unwrap();
        let case = &tests.cases[tests.index_of(test_case).expect(test_case)];
        let exported = tests.to_mock_config();
        let scenario = Scenario::from_mock_config(&exported, &tests.machine, &case.name).unwrap();
        let text = std::fs::read_to_string(root().join(format!("public/samples/{stem}.asl.json"))).unwrap();
        let machine = asl_core::parse(&text).machine.unwrap();
        let input: Value = serde_json::from_str(&case.input).unwrap();
        let run = simulate(&machine, input, &scenario, &Options::default());
        let seed_case = read(&format!("crates/asl-core/tests/cases/{seed}.json"));
        let got: Vec<(String, Option<String>)> =
            run.history.iter().map(|e| (e.event_type.to_string(), e.state.clone())).collect();
        assert_eq!(got, events(&seed_case), "{stem} / {test_case}: the event sequence of {seed}");
        assert_eq!(run.status.as_str(), seed_case["expect"]["status"], "{test_case}");
        // The import → export round trip keeps the file as shipped.
        assert_eq!(exported, mock, "{stem}: MockConfig round trip");
    }
}
