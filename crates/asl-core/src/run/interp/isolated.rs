//! One state alone, as AWS's TestState API runs it: no retries (`RETRIABLE` instead), a
//! Catcher's output and target (`CAUGHT_ERROR`), mocked service results.

use serde_json::{Map, Value};

use super::*;

/// TestState's `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestStateStatus {
    Succeeded,
    Failed,
    /// A Retrier matches the error: an execution would run the state again.
    Retriable,
    /// A Catcher matches the error: `output` is the Catcher's, `next_state` its `Next`.
    CaughtError,
}

impl TestStateStatus {
    /// AWS's word: `SUCCEEDED`, `FAILED`, `RETRIABLE`, `CAUGHT_ERROR`.
    pub fn as_str(self) -> &'static str {
        match self {
            TestStateStatus::Succeeded => "SUCCEEDED",
            TestStateStatus::Failed => "FAILED",
            TestStateStatus::Retriable => "RETRIABLE",
            TestStateStatus::CaughtError => "CAUGHT_ERROR",
        }
    }
}

/// What the TestState API answers for one state.
#[derive(Clone, Debug, PartialEq)]
pub struct TestStateOutcome {
    pub status: TestStateStatus,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub next_state: Option<String>,
    /// The state's data-flow stages (the DEBUG `inspectionData`).
    pub data_flow: Map<String, Value>,
}

/// Settings of a TestState call beyond the state and its input.
#[derive(Clone, Debug, Default)]
pub struct TestStateSettings {
    /// `mock.result` / `mock.errorOutput` for a Map or Parallel (Tasks take theirs from the scenario).
    pub container_mock: Option<Result<Value, (String, String)>>,
    pub variables: Map<String, Value>,
    /// Replaces the context object's fields (`Execution`, `State`, ...).
    pub context: Option<Value>,
    pub map_iteration_failures: Option<u64>,
    pub retry_count: u64,
    /// Items a Map's `ItemReader` would read.
    pub item_reader_data: Option<Value>,
}

/// Runs one state as the TestState API does: no retries (`RETRIABLE` instead), a Catcher's
/// output and target (`CAUGHT_ERROR`), mocked service results.
pub fn test_state(
    state: &State,
    input: Value,
    scenario: &Scenario,
    settings: &TestStateSettings,
    options: &Options,
) -> TestStateOutcome {
    let mut interp = Interp::new(scenario, options, input.clone());
    interp.test = TestMode {
        on: true,
        mock: settings.container_mock.clone(),
        map_iteration_failures: settings.map_iteration_failures,
        retry_count: settings.retry_count,
        caught: None,
    };
    interp.vars = settings.variables.clone();
    interp.context_override = settings.context.clone().map(Rc::new);
    let input = match (&settings.item_reader_data, &state.kind) {
        (Some(items), StateKind::Map(_)) => items.clone(),
        _ => input,
    };
    let result = interp.run_state(state, input);
    let data_flow = interp.events.iter().rev().find_map(|e| e.data_flow.clone()).unwrap_or_default();
    let failed = |status: TestStateStatus, f: Failure| TestStateOutcome {
        status,
        output: None,
        error: Some(f.error),
        cause: Some(f.cause),
        next_state: None,
        data_flow: data_flow.clone(),
    };
    match result {
        Ok((output, next)) => match interp.test.caught.take() {
            Some(f) => TestStateOutcome {
                status: TestStateStatus::CaughtError,
                output: Some(output),
                error: Some(f.error),
                cause: Some(f.cause),
                next_state: next,
                data_flow: data_flow.clone(),
            },
            None => TestStateOutcome {
                status: TestStateStatus::Succeeded,
                output: Some(output),
                error: None,
                cause: None,
                next_state: next,
                data_flow: data_flow.clone(),
            },
        },
        Err(Halt::Fail(f)) => failed(TestStateStatus::Failed, f),
        Err(Halt::Retriable(f)) => failed(TestStateStatus::Retriable, f),
        Err(Halt::Timeout) => failed(
            TestStateStatus::Failed,
            Failure { error: "States.Timeout".into(), cause: String::new(), announced: false },
        ),
        Err(Halt::Limit) => failed(
            TestStateStatus::Failed,
            Failure { error: "States.Runtime".into(), cause: "The history limit was reached".into(), announced: false },
        ),
    }
}

/// How the TestState API runs one state: it stops where an execution would retry, and a
/// mocked Map or Parallel does not run its iterations or branches.
#[derive(Default)]
pub(super) struct TestMode {
    pub(super) on: bool,
    /// The mocked result of a Map or Parallel: `Ok(result)` or `Err((error, cause))`.
    pub(super) mock: Option<Result<Value, (String, String)>>,
    /// `stateConfiguration.mapIterationFailureCount`.
    pub(super) map_iteration_failures: Option<u64>,
    /// `stateConfiguration.retrierRetryCount`.
    pub(super) retry_count: u64,
    /// The failure a Catcher took, if one did.
    pub(super) caught: Option<Failure>,
}
