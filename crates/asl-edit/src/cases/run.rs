//! Running the cases with the code `asl test` runs, so the browser and CI agree.

use super::*;
use asl_core::run::verdict::{coverage, Coverage, Difference, TestResult, TestSuite};
use asl_core::Machine;

/// Case `i` run and judged as [`run_all`] does; `Err` when it cannot run (why).
fn judge(
    machine: &Machine,
    tests: &TestCases,
    config: &serde_json::Value,
    i: usize,
    options: &asl_core::Options,
) -> Result<Vec<TestResult>, String> {
    let case = tests.cases.get(i).ok_or_else(|| format!("there is no test case #{}", i + 1))?;
    if let Some(p) = tests.problems().into_iter().find(|p| p.case == i && p.state.is_none()) {
        return Err(p.message);
    }
    let one = TestCases { cases: vec![case.clone()], active: 0, machine: tests.machine.clone() };
    TestSuite::from_json(&one.to_tests_json()).and_then(|suite| suite.run_with(machine, Some(config), options))
}

/// The run of case `i`, made exactly as [`run_all`] makes it (to compare two cases' runs).
/// `options` as every run of the document gets them (an Express workflow's, say).
pub fn run_case(
    machine: &Machine,
    tests: &TestCases,
    i: usize,
    options: &asl_core::Options,
) -> Result<asl_core::Run, String> {
    let mut results = judge(machine, tests, &tests.to_mock_config(), i, options)?;
    results.pop().map(|r| r.run).ok_or_else(|| "the test case made no run".to_string())
}

/// Runs every case on `machine` with the code `asl test` runs: the document's TESTS.json
/// against its MockConfig, so the browser and CI agree. Coverage is over all the runs. A case
/// whose input or expected output is not JSON yet fails with that as its difference.
pub fn run_all(machine: &Machine, tests: &TestCases, options: &asl_core::Options) -> (Vec<TestResult>, Coverage) {
    let config = tests.to_mock_config();
    let mut results = Vec::new();
    for (i, case) in tests.cases.iter().enumerate() {
        match judge(machine, tests, &config, i, options) {
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
