//! The interpreter: runs a [`Machine`] on an input, answering Task calls from a [`Scenario`],
//! and records the execution history with AWS's event types and details.
//!
//! Deterministic: the same definition, input, scenario and options give the same history. Time is
//! virtual: the clock starts at [`Options::start_time_ms`] and moves only for Wait states and Retry
//! intervals, so a one-hour wait costs nothing.
//!
//! The whole run is computed at once and bounded by [`Options::max_events`] (AWS's limit is
//! 25,000 events); stepping forward and back in the UI is a cursor over [`Run::history`].

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::run::choice;
use std::rc::Rc;

use crate::expr::path::RefPath;
use crate::model::{Catcher, Machine, QueryLanguage, RawJson, Retrier, State, StateKind, Task, WaitFor};
use crate::run::dataflow::{Context, FieldError, JsonataScope, Scope};
use crate::run::event::{Caller, EventType};
use crate::run::scenario::{Outcome, Scenario, Scripted};
use crate::run::services::{self, Ids, Integration};
use crate::run::time::{format_rfc3339, parse_rfc3339};

#[derive(Clone, Debug)]
pub struct Options {
    pub execution_name: String,
    /// Virtual start time, milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    pub max_events: usize,
    /// Seeds generated ids (job ids, message ids).
    pub seed: u64,
    /// Record each state's data-flow stages (`HistoryEvent::data_flow`).
    pub record_data_flow: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            execution_name: "simulation".to_string(),
            // 2024-01-01T00:00:00Z: a fixed virtual epoch keeps histories reproducible.
            start_time_ms: 1_704_067_200_000,
            max_events: 25_000,
            seed: 0,
            record_data_flow: true,
        }
    }
}

/// One entry of the execution history, as AWS's `GetExecutionHistory` shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEvent {
    pub id: usize,
    pub previous_event_id: usize,
    pub timestamp_ms: i64,
    /// AWS's event type: `TaskStateEntered`, `TaskScheduled`, `ExecutionSucceeded`, ...
    pub event_type: EventType,
    /// The state the event belongs to, if any.
    pub state: Option<String>,
    /// The event's details, with AWS's field names (`input`, `output`, `error`, `cause`, ...).
    pub details: Value,
    /// On the event that ends a state's visit: its data-flow stages as the TestState API names
    /// them at DEBUG level (`afterInputPath`, `afterParameters`, `result`, `afterResultSelector`,
    /// `afterResultPath`; JSONata `afterArguments`, `result`; `assignedVariables`). Not part of
    /// AWS's history.
    pub data_flow: Option<Map<String, Value>>,
    /// On a Task's `...Succeeded` event: no scenario scripts this state, so the result is the
    /// integration's default (see [`crate::run::services`]). Not part of AWS's history.
    pub default_result: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

/// A finished simulated execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub status: Status,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<HistoryEvent>,
    /// The child executions of distributed Maps, each with its own history (the parent's
    /// shows `MapRunStarted` ... `MapRunSucceeded`), in the order they ran.
    pub map_runs: Vec<ChildRun>,
}

/// One iteration of a distributed Map: a child execution with a history of its own, bounded by
/// the same event limit as an execution.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRun {
    pub map_state: String,
    pub index: usize,
    pub history: Vec<HistoryEvent>,
}

/// Runs `machine` to its end. Never panics and always ends (bounded by `max_events`).
pub fn simulate(machine: &Machine, input: Value, scenario: &Scenario, options: &Options) -> Run {
    let mut interp = Interp::new(scenario, options, input.clone());
    interp.deadline = machine.timeout_seconds.map(|s| options.start_time_ms + s as i64 * 1000);
    let started = interp.emit(EventType::ExecutionStarted, None, json!({"input": input, "roleArn": ROLE_ARN}));
    let result = started.and_then(|()| interp.run_machine(machine, input));
    let (status, output, error, cause) = match result {
        Ok(output) => (Status::Succeeded, Some(output), None, None),
        Err(Halt::Fail(f)) => (Status::Failed, None, Some(f.error), Some(f.cause)),
        Err(Halt::Timeout) => (
            Status::TimedOut,
            None,
            Some("States.Timeout".to_string()),
            Some("The execution exceeded its TimeoutSeconds".to_string()),
        ),
        Err(Halt::Limit) | Err(Halt::Retriable(_)) => (
            Status::Failed,
            None,
            Some("States.Runtime".to_string()),
            Some(format!("The execution history reached the limit of {} events", options.max_events)),
        ),
    };
    let closing = match status {
        Status::Succeeded => (EventType::ExecutionSucceeded, json!({"output": output})),
        Status::Failed => (EventType::ExecutionFailed, error_details(error.as_deref(), cause.as_deref())),
        Status::TimedOut => (EventType::ExecutionTimedOut, error_details(error.as_deref(), cause.as_deref())),
    };
    interp.push(closing.0, None, closing.1);
    Run {
        status,
        output,
        error: error.filter(|e| !e.is_empty()),
        cause: cause.filter(|c| !c.is_empty()),
        history: interp.events,
        map_runs: interp.map_runs,
    }
}

/// What the TestState API answers for one state.
#[derive(Clone, Debug, PartialEq)]
pub struct TestStateOutcome {
    /// `SUCCEEDED`, `FAILED`, `RETRIABLE` or `CAUGHT_ERROR`.
    pub status: &'static str,
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
    let failed = |status: &'static str, f: Failure| TestStateOutcome {
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
                status: "CAUGHT_ERROR",
                output: Some(output),
                error: Some(f.error),
                cause: Some(f.cause),
                next_state: next,
                data_flow: data_flow.clone(),
            },
            None => TestStateOutcome {
                status: "SUCCEEDED",
                output: Some(output),
                error: None,
                cause: None,
                next_state: next,
                data_flow: data_flow.clone(),
            },
        },
        Err(Halt::Fail(f)) => failed("FAILED", f),
        Err(Halt::Retriable(f)) => failed("RETRIABLE", f),
        Err(Halt::Timeout) => {
            failed("FAILED", Failure { error: "States.Timeout".into(), cause: String::new(), announced: false })
        }
        Err(Halt::Limit) => failed(
            "FAILED",
            Failure { error: "States.Runtime".into(), cause: "The history limit was reached".into(), announced: false },
        ),
    }
}

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/asl-studio-simulator";
const REGION: &str = "us-east-1";

fn error_details(error: Option<&str>, cause: Option<&str>) -> Value {
    let mut details = Map::new();
    if let Some(e) = error.filter(|e| !e.is_empty()) {
        details.insert("error".into(), json!(e));
    }
    if let Some(c) = cause.filter(|c| !c.is_empty()) {
        details.insert("cause".into(), json!(c));
    }
    Value::Object(details)
}

/// A failure that Retry and Catch may handle.
#[derive(Clone, Debug)]
struct Failure {
    error: String,
    cause: String,
    /// A JSONata evaluation failure is announced once, by an `EvaluationFailed` event.
    announced: bool,
}

/// Why a machine stopped early. Only `Fail` can be retried or caught.
enum Halt {
    Fail(Failure),
    Timeout,
    Limit,
    /// TestState only: a Retrier would run the state again.
    Retriable(Failure),
}

fn fail(error: &str, cause: impl Into<String>) -> Halt {
    Halt::Fail(Failure { error: error.to_string(), cause: cause.into(), announced: false })
}

type Step<T> = Result<T, Halt>;

/// Whether an `ErrorEquals` list matches `error`, with AWS's wildcard rules.
pub fn error_matches(error_equals: &[String], error: &str) -> bool {
    // A runtime error (a broken path, say) ends the execution: no Retrier or Catcher takes it,
    // not even one that names it (AWS's recorded behaviour).
    if error == "States.Runtime" {
        return false;
    }
    error_equals
        .iter()
        .any(|e| e == error || e == "States.ALL" || (e == "States.TaskFailed" && error != "States.Timeout"))
}

/// The largest payload a state may pass on: AWS's 256 KiB.
const MAX_PAYLOAD_BYTES: usize = 262_144;

/// `{"name": name, key: value}` built directly: `json!` would serialise `value` anew, which is
/// most of the cost of entering and leaving a state.
fn name_and(name: &str, key: &str, value: Value) -> Value {
    let mut map = Map::with_capacity(2);
    map.insert("name".to_string(), Value::String(name.to_string()));
    map.insert(key.to_string(), value);
    Value::Object(map)
}

/// Whether `value` serialises to more than `limit` bytes. Serialising every state's output would
/// cost as much as the run itself, so a cheap upper bound answers first.
fn exceeds(value: &Value, limit: usize) -> bool {
    fn bound(v: &Value) -> usize {
        match v {
            Value::Null | Value::Bool(_) => 5,
            Value::Number(_) => 24,
            // Escaping can make a character six bytes (`\u0000`).
            Value::String(s) => s.len() * 6 + 2,
            Value::Array(items) => 2 + items.iter().map(|i| bound(i) + 1).sum::<usize>(),
            Value::Object(map) => 2 + map.iter().map(|(k, v)| k.len() * 6 + 4 + bound(v)).sum::<usize>(),
        }
    }
    bound(value) > limit && value.to_string().len() > limit
}

/// The longest a Wait may wait: an execution lasts at most a year.
const MAX_WAIT_MS: i64 = 365 * 24 * 3600 * 1000;

/// How the TestState API runs one state: it stops where an execution would retry, and a
/// mocked Map or Parallel does not run its iterations or branches.
#[derive(Default)]
struct TestMode {
    on: bool,
    /// The mocked result of a Map or Parallel: `Ok(result)` or `Err((error, cause))`.
    mock: Option<Result<Value, (String, String)>>,
    /// `stateConfiguration.mapIterationFailureCount`.
    map_iteration_failures: Option<u64>,
    /// `stateConfiguration.retrierRetryCount`.
    retry_count: u64,
    /// The failure a Catcher took, if one did.
    caught: Option<Failure>,
}

struct Interp<'a> {
    test: TestMode,
    scenario: &'a Scenario,
    options: &'a Options,
    events: Vec<HistoryEvent>,
    clock: i64,
    ids: Ids,
    invocations: HashMap<String, usize>,
    /// `$$.Map.Item` of the Map iterations we are inside, innermost last.
    map_item: Vec<Rc<Value>>,
    deadline: Option<i64>,
    /// Workflow variables visible to the state being run.
    vars: Map<String, Value>,
    /// The states being run and the ids of their `StateEntered` events, innermost last.
    entered: Vec<(String, usize)>,
    /// `$$.State.RetryCount` of the state being run: its retries so far.
    retries: u64,
    /// Inside a distributed Map: the histories of the child executions being run, innermost last.
    /// Events go there instead of the parent's history.
    children: Vec<ChildRun>,
    /// The finished child executions.
    map_runs: Vec<ChildRun>,
    /// TestState's `context`: fields that replace the context object's.
    context_override: Option<Rc<Value>>,
    /// The context object's `Execution` and `StateMachine`, built once.
    execution_ctx: Rc<Value>,
    /// The data-flow stages of the states being run, innermost last.
    stages: std::cell::RefCell<Vec<Map<String, Value>>>,
}

impl<'a> Interp<'a> {
    fn new(scenario: &'a Scenario, options: &'a Options, input: Value) -> Interp<'a> {
        Interp {
            test: TestMode::default(),
            scenario,
            options,
            events: Vec::new(),
            clock: options.start_time_ms,
            ids: Ids::new(options.seed),
            invocations: HashMap::new(),
            map_item: Vec::new(),
            deadline: None,
            vars: Map::new(),
            entered: Vec::new(),
            retries: 0,
            children: Vec::new(),
            map_runs: Vec::new(),
            context_override: None,
            stages: Default::default(),
            execution_ctx: Rc::new(json!({
                "Execution": {
                    "Id": format!("arn:aws:states:{REGION}:123456789012:execution:simulation:{}", options.execution_name),
                    "Input": input,
                    "Name": options.execution_name,
                    "RoleArn": ROLE_ARN,
                    "StartTime": format_rfc3339(options.start_time_ms),
                    "RedriveCount": 0,
                },
                "StateMachine": {
                    "Id": format!("arn:aws:states:{REGION}:123456789012:stateMachine:simulation"),
                    "Name": "simulation",
                },
            })),
        }
    }

    fn push(&mut self, event_type: EventType, state: Option<&str>, details: Value) {
        let id = self.events.len() + 1;
        self.events.push(HistoryEvent {
            id,
            previous_event_id: id - 1,
            timestamp_ms: self.clock,
            event_type,
            state: state.map(str::to_string),
            details,
            data_flow: None,
            default_result: false,
        });
    }

    fn emit(&mut self, event_type: EventType, state: Option<&str>, details: Value) -> Step<()> {
        if let Some(child) = self.children.last_mut() {
            // A child execution has the same limit as any: a loop inside a distributed Map's
            // item processor ends here instead of running forever.
            if child.history.len() >= self.options.max_events {
                return Err(Halt::Limit);
            }
            let id = child.history.len() + 1;
            let event = HistoryEvent {
                id,
                previous_event_id: id - 1,
                timestamp_ms: self.clock,
                event_type,
                state: state.map(str::to_string),
                details,
                data_flow: None,
                default_result: false,
            };
            child.history.push(event);
            return Ok(());
        }
        if self.events.len() >= self.options.max_events {
            return Err(Halt::Limit);
        }
        self.push(event_type, state, details);
        Ok(())
    }

    /// Moves the virtual clock; past the machine's `TimeoutSeconds` the execution times out.
    fn advance(&mut self, ms: i64) -> Step<()> {
        self.clock = self.clock.saturating_add(ms.max(0));
        match self.deadline {
            Some(deadline) if self.clock > deadline => Err(Halt::Timeout),
            _ => Ok(()),
        }
    }

    fn context(&self, state: &State) -> Context {
        let entered =
            self.entered.last().and_then(|(_, id)| self.events.get(id - 1)).map_or(self.clock, |e| e.timestamp_ms);
        let fields = (state.name.clone(), entered, self.retries);
        let ctx = Context::new(
            self.execution_ctx.clone(),
            fields,
            self.map_item.last().cloned(),
            self.context_override.clone(),
        );
        match &state.kind {
            StateKind::Task(t) if t.resource.value.ends_with(".waitForTaskToken") => {
                // Opaque to the workflow, but deterministic: the execution and the entry event.
                let id = self.entered.last().map_or(0, |(_, id)| *id);
                let depth = self.children.len();
                ctx.with_task_token(format!("simulated-token:{}:{depth}:{id}", self.options.execution_name))
            }
            _ => ctx,
        }
    }

    /// Records one data-flow stage of the current state.
    fn note(&self, stage: &str, value: &Value) {
        if self.options.record_data_flow {
            if let Some(top) = self.stages.borrow_mut().last_mut() {
                top.insert(stage.to_string(), value.clone());
            }
        }
    }

    /// A problem while evaluating one of the current state's fields, worded as AWS does.
    fn field(&self, e: FieldError) -> Halt {
        let (name, id) = self.entered.last().cloned().unwrap_or_default();
        fail(
            e.error,
            format!(
                "An error occurred while executing the state '{name}' (entered at the event id #{id}). {}",
                e.message
            ),
        )
    }

    fn state_error(&self, message: impl Into<String>) -> Halt {
        self.field(FieldError { error: "States.Runtime", message: message.into() })
    }

    fn query(&self, path: &str, input: &Value, ctx: &Context) -> Step<Value> {
        Scope { input, context: ctx, vars: &self.vars }.query(path).map_err(|e| self.field(e))
    }

    fn lookup(&self, path: &str, input: &Value, ctx: &Context) -> Step<Option<Value>> {
        Scope { input, context: ctx, vars: &self.vars }.lookup(path).map_err(|e| self.field(e))
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
    fn template(&mut self, template: &Value, input: &Value, ctx: &Context) -> Step<Value> {
        let result = Scope { input, context: ctx, vars: &self.vars }.template(template, &mut self.ids);
        result.map_err(|e| self.field(e))
    }

    /// `Assign`: every value is evaluated first (with the variables as they were), then set.
    fn assign(&mut self, assign: Option<&Value>, input: &Value, ctx: &Context) -> Step<()> {
        let Some(assign) = assign else { return Ok(()) };
        if let Value::Object(values) = self.template(assign, input, ctx)? {
            self.note("assignedVariables", &Value::Object(values.clone()));
            self.vars.extend(values);
        }
        Ok(())
    }

    /// `InputPath`/`OutputPath`: absent means `$`, `null` means `{}`.
    fn select(&self, path: Option<&Option<String>>, data: Value, ctx: &Context) -> Step<Value> {
        match path {
            None => Ok(data),
            Some(None) => Ok(json!({})),
            Some(Some(p)) => self.query(p, &data, ctx),
        }
    }

    /// `ResultPath`: absent means `$` (the result replaces the input), `null` keeps the input;
    /// missing objects on the way are created.
    fn result_path(&self, path: Option<&Option<String>>, raw: &Value, result: Value) -> Step<Value> {
        match path {
            None => Ok(result),
            Some(None) => Ok(raw.clone()),
            Some(Some(p)) => {
                let parsed = RefPath::parse(p).map_err(|e| self.state_error(e.0))?;
                let mut out = raw.clone();
                parsed.set(&mut out, result).map_err(|e| {
                    fail(
                        "States.ResultPathMatchFailure",
                        format!("Unable to apply ResultPath '{p}' to input '{raw}': {}", e.0),
                    )
                })?;
                Ok(out)
            }
        }
    }

    fn run_machine(&mut self, machine: &Machine, input: Value) -> Step<Value> {
        let Some(start) = &machine.start_at else { return Err(fail("States.Runtime", "The machine has no StartAt")) };
        let mut name = start.value.clone();
        let mut data = input;
        loop {
            let Some(state) = machine.state(&name) else {
                return Err(fail("States.Runtime", format!("No state named '{name}' in this machine")));
            };
            let (output, next) = self.run_state(state, data)?;
            match next {
                Some(next) => {
                    name = next;
                    data = output;
                }
                None => return Ok(output),
            }
        }
    }

    fn run_state(&mut self, state: &State, raw: Value) -> Step<(Value, Option<String>)> {
        let name = state.name.as_str();
        self.emit(EventType::state_entered(&state.kind), Some(name), name_and(name, "input", raw.clone()))?;
        self.entered.push((state.name.clone(), self.events.len()));
        self.stages.borrow_mut().push(Map::new());
        // A state inside a retried Parallel or Map counts its own retries.
        let outer_retries = std::mem::replace(&mut self.retries, 0);
        let mut result = self.state_body(state, raw);
        self.retries = outer_retries;
        self.entered.pop();
        let stages = self.stages.borrow_mut().pop().filter(|s| !s.is_empty());
        if let Err(Halt::Fail(f)) = &mut result {
            self.announce(state, f, false)?;
        }
        let (output, next) = match result {
            Ok(ok) => ok,
            Err(halt) => {
                // The visit ends with its last event (TaskFailed, FailStateEntered, ...).
                if let Some(last) = self.events.last_mut().filter(|e| e.state.as_deref() == Some(name)) {
                    last.data_flow = stages;
                }
                return Err(halt);
            }
        };
        if exceeds(&output, MAX_PAYLOAD_BYTES) {
            return Err(fail(
                "States.DataLimitExceeded",
                format!("The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit."),
            ));
        }
        self.emit(EventType::state_exited(&state.kind), Some(name), name_and(name, "output", output.clone()))?;
        if let Some(exited) = self.events.last_mut().filter(|e| e.state.as_deref() == Some(name)) {
            exited.data_flow = stages;
        }
        Ok((output, next))
    }

    fn state_body(&mut self, state: &State, raw: Value) -> Step<(Value, Option<String>)> {
        let name = state.name.as_str();
        let next = state.next.as_ref().map(|n| n.value.clone());
        let ctx = self.context(state);
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        match &state.kind {
            StateKind::Pass if !jsonata => {
                let effective = self.effective_input(state, &raw, &ctx)?;
                let result = match (&state.result, &state.parameters) {
                    (Some(result), _) => result.value().clone(),
                    (None, Some(params)) => {
                        let v = self.template(params.value(), &effective, &ctx)?;
                        self.note("afterParameters", &v);
                        v
                    }
                    (None, None) => effective,
                };
                self.note("result", &result);
                self.assign(state.assign.as_ref().map(|a| a.value()), &result, &ctx)?;
                let merged = self.result_path(state.result_path.as_ref(), &raw, result)?;
                self.note("afterResultPath", &merged);
                Ok((self.select(state.output_path.as_ref(), merged, &ctx)?, next))
            }
            StateKind::Pass | StateKind::Succeed | StateKind::Wait(_) => {
                let effective = self.effective_input(state, &raw, &ctx)?;
                if let StateKind::Wait(w) = &state.kind {
                    let ms = self.wait_ms(w.wait_for.as_ref(), &effective, &raw, &ctx, jsonata)?;
                    self.advance(ms)?;
                }
                let output =
                    self.finish_plain(state, &raw, effective, &ctx, state.assign.as_ref(), state.output.as_ref())?;
                let next = if matches!(state.kind, StateKind::Succeed) { None } else { next };
                Ok((output, next))
            }
            StateKind::Fail(f) => {
                let effective = self.effective_input(state, &raw, &ctx)?;
                let mut text = |literal: &Option<String>, path: &Option<String>, field: &str| -> Step<String> {
                    match (literal, path) {
                        (Some(s), _) if jsonata && crate::run::dataflow::jsonata_expression(s).is_some() => {
                            match self
                                .ja(&raw, &ctx, None, None)
                                .template(&Value::String(s.clone()), field)
                                .map_err(|e| self.field(e))?
                            {
                                Value::String(s) => Ok(s),
                                other => Ok(other.to_string()),
                            }
                        }
                        (Some(s), _) => Ok(s.clone()),
                        (None, Some(p)) => {
                            let result = Scope { input: &effective, context: &ctx, vars: &self.vars }.dynamic(
                                p,
                                field,
                                &mut self.ids,
                            );
                            match result.map_err(|e| self.field(e))? {
                                Value::String(s) => Ok(s),
                                other => Err(self.state_error(format!(
                                    "The {field} '{p}' does not lead to a string but to {other}"
                                ))),
                            }
                        }
                        (None, None) => Ok(String::new()),
                    }
                };
                let error = text(&f.error, &f.error_path, if jsonata { "Error" } else { "ErrorPath" })?;
                let cause = text(&f.cause, &f.cause_path, if jsonata { "Cause" } else { "CausePath" })?;
                Err(Halt::Fail(Failure { error, cause, announced: false }))
            }
            StateKind::Choice(c) => {
                let effective = self.effective_input(state, &raw, &ctx)?;
                let mut chosen = None;
                for rule in &c.choices {
                    let holds = match &rule.condition {
                        crate::model::Condition::Jsonata(condition) => {
                            let v = self
                                .ja(&raw, &ctx, None, None)
                                .typed(condition, "Condition", "boolean")
                                .map_err(|e| self.field(e))?;
                            v == Value::Bool(true)
                        }
                        condition => {
                            let holds = choice::evaluate(
                                condition,
                                &Scope { input: &effective, context: &ctx, vars: &self.vars },
                            );
                            holds.map_err(|e| self.field(e))?
                        }
                    };
                    if holds {
                        chosen = Some(rule);
                        break;
                    }
                }
                let (target, assign, output) = match chosen {
                    Some(rule) => {
                        (rule.next.as_ref().map(|n| n.value.clone()), rule.assign.as_ref(), rule.output.as_ref())
                    }
                    None => (c.default.as_ref().map(|d| d.value.clone()), state.assign.as_ref(), state.output.as_ref()),
                };
                let Some(target) = target else {
                    return Err(fail("States.NoChoiceMatched", "No Matches!"));
                };
                let output = self.finish_plain(state, &raw, effective, &ctx, assign, output)?;
                Ok((output, Some(target)))
            }
            StateKind::Task(task) => {
                let (output, caught) =
                    self.with_retry_catch(state, &raw, &mut |this| this.task_attempt(state, task, &raw))?;
                Ok((output, caught.or(next)))
            }
            StateKind::Parallel(p) => {
                let (output, caught) = self.with_retry_catch(state, &raw, &mut |this| {
                    this.emit(EventType::ParallelStateStarted, Some(name), json!({}))?;
                    let ctx = this.context(state);
                    if let Some(mock) = this.test.mock.clone() {
                        return match mock {
                            Ok(result) => this.finish(state, &raw, result, &ctx),
                            Err((error, cause)) => Err(Halt::Fail(Failure { error, cause, announced: false })),
                        };
                    }
                    let effective = this.effective_input(state, &raw, &ctx)?;
                    let branch_input = this.arguments(state, &raw, effective, &ctx)?;
                    let outer = this.vars.clone();
                    let mut results = Vec::new();
                    let mut failure = None;
                    for branch in &p.branches {
                        // A branch reads the outer variables; what it assigns stays inside.
                        this.vars = outer.clone();
                        match this.run_machine(branch, branch_input.clone()) {
                            Ok(v) => results.push(v),
                            Err(halt) => {
                                failure = Some(halt);
                                break;
                            }
                        }
                    }
                    this.vars = outer;
                    if let Some(halt) = failure {
                        return Err(halt);
                    }
                    this.finish(state, &raw, Value::Array(results), &ctx)
                })?;
                Ok((output, caught.or(next)))
            }
            StateKind::Map(m) => {
                let (output, caught) = self.with_retry_catch(state, &raw, &mut |this| {
                    let ctx = this.context(state);
                    let effective = this.effective_input(state, &raw, &ctx)?;
                    let items = match (&m.items_path, &m.items) {
                        (Some(p), _) if !jsonata => this.query(p, &effective, &ctx)?,
                        (_, Some(items)) if jsonata => {
                            this.ja(&raw, &ctx, None, None).typed(items, "Items", "array").map_err(|e| this.field(e))?
                        }
                        _ => effective.clone(),
                    };
                    let Value::Array(items) = items else {
                        if let (Some(p), false) = (&m.items_path, jsonata) {
                            // AWS names the path relative to the object it reads ($$ → $).
                            let shown = p.strip_prefix('$').filter(|rest| rest.starts_with('$')).unwrap_or(p);
                            return Err(fail(
                                "States.Runtime",
                                format!("Reference path \"{shown}\" must point to array."),
                            ));
                        }
                        let message = format!("Map state input must be an array but was: {items}");
                        let error = if jsonata { "States.QueryEvaluationError" } else { "States.Runtime" };
                        return Err(this.field(FieldError { error, message }));
                    };
                    this.max_concurrency(m, &effective, &ctx)?;
                    this.emit(EventType::MapStateStarted, Some(name), json!({"length": items.len()}))?;
                    let (tolerated_count, tolerated_percentage) = this.map_limits(m, &effective, &ctx)?;
                    let total = items.len();
                    if let Some(mock) = this.test.mock.clone() {
                        if let Err((error, cause)) = mock {
                            return Err(Halt::Fail(Failure { error, cause, announced: false }));
                        }
                        let failures = this.test.map_iteration_failures.unwrap_or(0);
                        let exceeded = failures > 0
                            && !(tolerated_count.is_some_and(|c| failures <= c)
                                || tolerated_percentage
                                    .is_some_and(|p| failures as f64 * 100.0 / total.max(1) as f64 <= p));
                        if exceeded {
                            return Err(fail(
                                "States.ExceedToleratedFailureThreshold",
                                "The specified tolerated failure threshold was exceeded",
                            ));
                        }
                        return match mock {
                            Ok(result) => this.finish(state, &raw, result, &ctx),
                            Err((error, cause)) => Err(Halt::Fail(Failure { error, cause, announced: false })),
                        };
                    }
                    if m.distributed {
                        // A Map Run: the iterations are child executions with histories of their own.
                        this.emit(EventType::MapRunStarted, Some(name), json!({}))?;
                    }
                    let outer = this.vars.clone();
                    let mut results = Vec::new();
                    let mut failure = None;
                    let mut failed = 0u64;
                    for (index, item) in items.into_iter().enumerate() {
                        if m.distributed {
                            this.children.push(ChildRun { map_state: name.to_string(), index, history: Vec::new() });
                        }
                        this.emit(EventType::MapIterationStarted, Some(name), json!({"name": name, "index": index}))?;
                        let mut entry = Map::with_capacity(2);
                        entry.insert("Index".to_string(), Value::from(index));
                        entry.insert("Value".to_string(), item.clone());
                        this.map_item.push(Rc::new(Value::Object(entry)));
                        this.vars = outer.clone();
                        let item_ctx = this.context(state);
                        let item_input = match &m.item_selector {
                            Some(selector) if jsonata => this
                                .ja(&raw, &item_ctx, None, None)
                                .template(selector.value(), "ItemSelector")
                                .map_err(|e| this.field(e)),
                            Some(selector) => this.template(selector.value(), &effective, &item_ctx),
                            None => Ok(item),
                        };
                        let result = item_input.and_then(|input| match &m.processor {
                            Some(processor) => this.run_machine(processor, input),
                            None => Ok(input),
                        });
                        this.map_item.pop();
                        let ended = match &result {
                            Ok(_) => this.emit(
                                EventType::MapIterationSucceeded,
                                Some(name),
                                json!({"name": name, "index": index}),
                            ),
                            Err(Halt::Fail(_)) => this.emit(
                                EventType::MapIterationFailed,
                                Some(name),
                                json!({"name": name, "index": index}),
                            ),
                            Err(_) => Ok(()),
                        };
                        if m.distributed {
                            if let Some(child) = this.children.pop() {
                                this.map_runs.push(child);
                            }
                        }
                        ended?;
                        match result {
                            Ok(v) => {
                                results.push(v);
                            }
                            Err(Halt::Fail(f)) => {
                                failed += 1;
                                let within = tolerated_count.is_some_and(|c| failed <= c)
                                    || tolerated_percentage.is_some_and(|p| failed as f64 * 100.0 / total as f64 <= p);
                                if within {
                                    results.push(json!({"Error": f.error, "Cause": f.cause}));
                                    continue;
                                }
                                failure = Some(if tolerated_count.is_some() || tolerated_percentage.is_some() {
                                    fail(
                                        "States.ExceedToleratedFailureThreshold",
                                        "The specified tolerated failure threshold was exceeded",
                                    )
                                } else {
                                    Halt::Fail(f)
                                });
                                break;
                            }
                            Err(other) => {
                                failure = Some(other);
                                break;
                            }
                        }
                    }
                    // What the iterations assigned stays inside them.
                    this.vars = outer;
                    if m.distributed {
                        let event =
                            if failure.is_some() { EventType::MapRunFailed } else { EventType::MapRunSucceeded };
                        this.emit(event, Some(name), json!({}))?;
                    }
                    if let Some(failure) = failure {
                        return Err(failure);
                    }
                    this.emit(EventType::MapStateSucceeded, Some(name), json!({}))?;
                    this.finish(state, &raw, Value::Array(results), &ctx)
                })?;
                Ok((output, caught.or(next)))
            }
            StateKind::Unknown(t) => Err(self.state_error(format!("Unknown state type '{t}'"))),
        }
    }

    /// `MaxConcurrencyPath` must lead to a whole number (a string that reads as one will do).
    fn max_concurrency(&self, m: &crate::model::Map, effective: &Value, ctx: &Context) -> Step<()> {
        let Some(p) = &m.max_concurrency_path else { return Ok(()) };
        let v = self.query(p, effective, ctx)?;
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        if matches!(v, Value::Number(_) | Value::String(_)) && text.parse::<i64>().is_ok() {
            return Ok(());
        }
        Err(self.state_error(format!(
            "The MaxConcurrencyPath field refers to value \"{text}\" which is not a valid integer: {p}"
        )))
    }

    /// A Map's tolerated failures, checked as AWS checks them when the
    /// Map starts. Returns the tolerated failure count and percentage.
    fn map_limits(&self, m: &crate::model::Map, effective: &Value, ctx: &Context) -> Step<(Option<u64>, Option<f64>)> {
        let shown = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        let from_path = |field: &str, path: &Option<String>, kind: &str| -> Step<Option<Value>> {
            let Some(p) = path else { return Ok(None) };
            let v = self.query(p, effective, ctx)?;
            // A number, or a string that reads as one ("1" is accepted).
            let text = shown(&v);
            let number = if kind == "integer" {
                text.parse::<i64>().ok().map(Value::from)
            } else {
                text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
            };
            match number {
                Some(n) if matches!(v, Value::Number(_) | Value::String(_)) => Ok(Some(n)),
                _ => Err(self.state_error(format!(
                    "The {field} field refers to value \"{text}\" which is not a valid {kind}: {p}"
                ))),
            }
        };
        let count = match from_path("ToleratedFailureCountPath", &m.tolerated_failure_count_path, "integer")? {
            Some(v) => Some(v),
            None => m.tolerated_failure_count.clone().filter(Value::is_number),
        };
        let count = match count.and_then(|v| v.as_i64()) {
            Some(c) if c < 0 => return Err(self.state_error("ToleratedFailureCount cannot be negative.")),
            other => other.map(|c| c as u64),
        };
        let percentage =
            match from_path("ToleratedFailurePercentagePath", &m.tolerated_failure_percentage_path, "float")? {
                Some(v) => Some(v),
                None => m.tolerated_failure_percentage.clone().filter(Value::is_number),
            };
        let percentage = match percentage.and_then(|v| v.as_f64()) {
            Some(p) if !(0.0..=100.0).contains(&p) => {
                return Err(self.state_error("ToleratedFailurePercentage must be between 0 and 100."))
            }
            other => other,
        };
        Ok((count, percentage))
    }

    /// JSONata's view of the state: `$states` and the variables, on the virtual clock.
    fn ja<'s>(
        &'s self,
        input: &'s Value,
        context: &'s Context,
        result: Option<&'s Value>,
        error_output: Option<&'s Value>,
    ) -> JsonataScope<'s> {
        let env = crate::expr::jsonata::Environment {
            now_millis: self.clock,
            random_seed: self.options.seed ^ (self.events.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            ..Default::default()
        };
        JsonataScope { input, context, result, error_output, vars: &self.vars, env }
    }

    /// What the state works on: after `InputPath` (JSONPath), the raw input (JSONata).
    fn effective_input(&self, state: &State, raw: &Value, ctx: &Context) -> Step<Value> {
        match state.query_language {
            QueryLanguage::JsonPath => {
                let effective = self.select(state.input_path.as_ref(), raw.clone(), ctx)?;
                self.note("afterInputPath", &effective);
                Ok(effective)
            }
            QueryLanguage::Jsonata => Ok(raw.clone()),
        }
    }

    /// What a Task, Parallel or Map passes on: `Parameters` (JSONPath) or `Arguments` (JSONata).
    fn arguments(&mut self, state: &State, raw: &Value, effective: Value, ctx: &Context) -> Step<Value> {
        let (stage, value) = match (state.query_language, &state.parameters, &state.arguments) {
            (QueryLanguage::JsonPath, Some(params), _) => {
                ("afterParameters", self.template(params.value(), &effective, ctx)?)
            }
            (QueryLanguage::Jsonata, _, Some(arguments)) => {
                let v = self
                    .ja(raw, ctx, None, None)
                    .template(arguments.value(), "Arguments")
                    .map_err(|e| self.field(e))?;
                ("afterArguments", v)
            }
            (QueryLanguage::JsonPath, ..) => ("afterParameters", effective),
            (QueryLanguage::Jsonata, ..) => ("afterArguments", effective),
        };
        self.note(stage, &value);
        Ok(value)
    }

    /// JSONata `Assign` and `Output`: both read the variables as they were before the state.
    #[allow(clippy::too_many_arguments)]
    fn jsonata_out(
        &mut self,
        input: &Value,
        ctx: &Context,
        result: Option<&Value>,
        error_output: Option<&Value>,
        assign: Option<&Value>,
        output: Option<&Value>,
        default: Value,
    ) -> Step<Value> {
        let scope = self.ja(input, ctx, result, error_output);
        let assigned = match assign {
            Some(Value::Object(map)) => {
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), scope.template(v, &format!("Assign/{k}")).map_err(|e| self.field(e))?);
                }
                Some(out)
            }
            Some(other) => Some(match scope.template(other, "Assign").map_err(|e| self.field(e))? {
                Value::Object(map) => map,
                _ => Map::new(),
            }),
            None => None,
        };
        let output = match output {
            Some(o) => scope.template(o, "Output").map_err(|e| self.field(e))?,
            None => default,
        };
        if let Some(values) = assigned {
            self.note("assignedVariables", &Value::Object(values.clone()));
            self.vars.extend(values);
        }
        Ok(output)
    }

    /// Pass (JSONata), Succeed, Wait and Choice: no result, the output comes from the input.
    fn finish_plain(
        &mut self,
        state: &State,
        raw: &Value,
        effective: Value,
        ctx: &Context,
        assign: Option<&RawJson>,
        output: Option<&RawJson>,
    ) -> Step<Value> {
        match state.query_language {
            QueryLanguage::JsonPath => {
                self.assign(assign.map(|a| a.value()), &effective, ctx)?;
                self.select(state.output_path.as_ref(), effective, ctx)
            }
            QueryLanguage::Jsonata => {
                self.jsonata_out(raw, ctx, None, None, assign.map(|a| a.value()), output.map(|o| o.value()), effective)
            }
        }
    }

    /// After a Task, Parallel or Map produced its result. JSONPath: `ResultSelector`, `Assign`,
    /// `ResultPath`, `OutputPath`; JSONata: `Assign` and `Output` with `$states.result`.
    fn finish(&mut self, state: &State, raw: &Value, result: Value, ctx: &Context) -> Step<Value> {
        self.note("result", &result);
        if state.query_language == QueryLanguage::Jsonata {
            let (assign, output) = (state.assign.as_ref().map(|a| a.value()), state.output.as_ref().map(|o| o.value()));
            return self.jsonata_out(raw, ctx, Some(&result), None, assign, output, result.clone());
        }
        let result = match &state.result_selector {
            Some(selector) => self.template(selector.value(), &result, ctx)?,
            None => result,
        };
        self.note("afterResultSelector", &result);
        self.assign(state.assign.as_ref().map(|a| a.value()), &result, ctx)?;
        let merged = self.result_path(state.result_path.as_ref(), raw, result)?;
        self.note("afterResultPath", &merged);
        self.select(state.output_path.as_ref(), merged, ctx)
    }

    /// Writes the events of a state's final failure: `EvaluationFailed` (once) for a JSONata
    /// evaluation error, and, for Map and Parallel, `MapStateFailed`/`ParallelStateFailed`
    /// (not for the runtime checks AWS makes before any iteration or branch starts).
    fn announce(&mut self, state: &State, failure: &mut Failure, state_failed: bool) -> Step<()> {
        let name = state.name.as_str();
        if failure.error == "States.QueryEvaluationError" && !failure.announced {
            failure.announced = true;
            let details = json!({"error": failure.error, "cause": failure.cause, "location": name});
            self.emit(EventType::EvaluationFailed, Some(name), details)?;
        }
        if let Some(failed) = EventType::container_failed(&state.kind).filter(|_| state_failed) {
            if failure.error != "States.Runtime" {
                self.emit(failed, Some(name), json!({}))?;
            }
        }
        Ok(())
    }

    /// Runs `attempt` under the state's Retriers and Catchers. On a catch, returns the error output
    /// placed by the Catcher's `ResultPath` and the Catcher's `Next`.
    fn with_retry_catch(
        &mut self,
        state: &State,
        raw: &Value,
        attempt: &mut dyn FnMut(&mut Self) -> Step<Value>,
    ) -> Step<(Value, Option<String>)> {
        let mut counts = vec![0u64; state.retry.len()];
        let already = if self.test.on { self.test.retry_count } else { 0 };
        loop {
            self.retries = already + counts.iter().sum::<u64>();
            let failure = match attempt(self) {
                Ok(output) => return Ok((output, None)),
                Err(Halt::Fail(f)) => f,
                Err(other) => return Err(other),
            };
            let retrier = state.retry.iter().position(|r| error_matches(&r.error_equals, &failure.error));
            let retrying = retrier.is_some_and(|i| counts[i] + already < state.retry[i].max_attempts);
            let mut failure = failure;
            if !retrying {
                self.announce(state, &mut failure, true)?;
            }
            if retrying && self.test.on {
                return Err(Halt::Retriable(failure));
            }
            // The decision made above, not a second test that forgets TestState's earlier retries.
            if let Some(i) = retrier.filter(|_| retrying) {
                let retrier: &Retrier = &state.retry[i];
                let mut delay = retrier.interval_seconds as f64 * retrier.backoff_rate.powi(counts[i] as i32);
                if let Some(max) = retrier.max_delay_seconds {
                    delay = delay.min(max as f64);
                }
                counts[i] += 1;
                self.advance((delay * 1000.0) as i64)?;
                continue;
            }
            let catcher: Option<&Catcher> = state.catch.iter().find(|c| error_matches(&c.error_equals, &failure.error));
            let Some(catcher) = catcher else { return Err(Halt::Fail(failure)) };
            self.test.caught = Some(failure.clone());
            let error_output = json!({"Error": failure.error, "Cause": failure.cause});
            let ctx = self.context(state);
            let output = match state.query_language {
                QueryLanguage::JsonPath => {
                    self.assign(catcher.assign.as_ref(), &error_output, &ctx)?;
                    self.result_path(catcher.result_path.as_ref(), raw, error_output)?
                }
                QueryLanguage::Jsonata => self.jsonata_out(
                    raw,
                    &ctx,
                    None,
                    Some(&error_output),
                    catcher.assign.as_ref(),
                    catcher.output.as_ref(),
                    error_output.clone(),
                )?,
            };
            return Ok((output, catcher.next.as_ref().map(|n| n.value.clone())));
        }
    }

    fn task_attempt(&mut self, state: &State, task: &Task, raw: &Value) -> Step<Value> {
        let name = state.name.as_str();
        let ctx = self.context(state);
        let effective = self.effective_input(state, raw, &ctx)?;
        for path in [&task.timeout_seconds_path, &task.heartbeat_seconds_path].into_iter().flatten() {
            self.query(path, &effective, &ctx)?;
        }
        let parameters = self.arguments(state, raw, effective, &ctx)?;
        let resource = task.resource.value.as_str();
        let integration = Integration::from_resource(resource);
        let caller = integration.caller();
        let (resource_type, resource_name) = integration.resource_type_and_name(resource);
        let base = |extra: Value| -> Value {
            let mut details = match caller {
                Caller::Task => json!({"resourceType": resource_type, "resource": resource_name}),
                _ => json!({"resource": resource}),
            };
            if let (Value::Object(d), Value::Object(e)) = (&mut details, extra) {
                d.extend(e);
            }
            details
        };
        let scheduled = match caller {
            Caller::Task => base(json!({"region": REGION, "parameters": parameters})),
            _ => base(json!({"input": parameters})),
        };
        self.emit(caller.scheduled(), Some(name), scheduled)?;
        self.emit(caller.started(), Some(name), base(json!({})))?;
        let invocation = self.invocations.entry(state.name.clone()).or_insert(0);
        let number = *invocation;
        let outcome = match self.scenario.scripted(name, number) {
            Scripted::Outcome(o) => Some(o.clone()),
            Scripted::Default => None,
            // Step Functions Local fails a mocked Task that has no response for this call.
            Scripted::Exhausted { scripted } => {
                let case = self.scenario.test_case.as_deref().unwrap_or("the scenario");
                Some(Outcome::Throw {
                    error: "States.Runtime".into(),
                    cause: Some(format!(
                        "No mocked response for invocation {} of state '{name}' in test case '{case}': it scripts {scripted}",
                        number + 1
                    )),
                })
            }
        };
        *invocation += 1;
        if integration.is_sync() {
            let submitted = services::submitted_output(&integration, &parameters, &mut self.ids);
            self.emit(EventType::TaskSubmitted, Some(name), base(json!({"output": submitted})))?;
        }
        let result = match outcome {
            Some(Outcome::Return(v)) => v,
            None => {
                let v = services::default_result(&integration, &parameters, &mut self.ids);
                self.emit(caller.succeeded(), Some(name), base(json!({"output": v})))?;
                // The UI says which results nobody scripted.
                if let Some(e) = self.children.last_mut().map_or(self.events.last_mut(), |c| c.history.last_mut()) {
                    e.default_result = true;
                }
                return self.finish(state, raw, v, &ctx);
            }
            Some(Outcome::Throw { error, cause }) => {
                let cause =
                    cause.unwrap_or_else(|| services::default_cause(&integration, &parameters, &error, &mut self.ids));
                let event = if error == "States.Timeout" { caller.timed_out() } else { caller.failed() };
                self.emit(event, Some(name), base(json!({"error": error, "cause": cause})))?;
                return Err(Halt::Fail(Failure { error, cause, announced: false }));
            }
        };
        self.emit(caller.succeeded(), Some(name), base(json!({"output": result})))?;
        self.finish(state, raw, result, &ctx)
    }

    fn wait_ms(
        &self,
        wait_for: Option<&WaitFor>,
        effective: &Value,
        raw: &Value,
        ctx: &Context,
        jsonata: bool,
    ) -> Step<i64> {
        let until = |ts: i64| -> Step<i64> {
            let ms = (ts - self.clock).max(0);
            if ms > MAX_WAIT_MS {
                return Err(self.state_error("Wait state delay is too long."));
            }
            Ok(ms)
        };
        match wait_for {
            None => Ok(0),
            Some(WaitFor::Seconds(s)) => Ok(*s as i64 * 1000),
            Some(WaitFor::SecondsExpression(expr)) => {
                                let v = self.ja(raw, ctx, None, None).typed(&Value::String(expr.clone()), "Seconds", "number").map_err(|e| self.field(e))?;
                match v.as_i64() {
                    Some(s) if s >= 0 => Ok(s.saturating_mul(1000)),
                    _ => Err(self.field(FieldError {
                        error: "States.QueryEvaluationError",
                        message: format!("The JSONata expression '{}' specified for the field 'Seconds' returned an unexpected result: {v}", crate::run::dataflow::jsonata_expression(expr).unwrap_or_default()),
                    })),
                }
            }
            Some(WaitFor::SecondsPath(p)) => match self.lookup(p, effective, ctx)? {
                None => Err(self.state_error(format!("The SecondsPath parameter does not reference an input value: {p}"))),
                Some(Value::Number(n)) if n.as_i64().is_some_and(|v| v < 0) => {
                    Err(self.state_error(format!("The SecondsPath parameter references a negative value: {p} == {n}")))
                }
                Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64().unwrap_or(0).saturating_mul(1000)),
                Some(other) => Err(self.state_error(format!("The SecondsPath parameter cannot be parsed as a long value: {p} == {other}"))),
            },
            Some(WaitFor::Timestamp(ts)) => {
                let ts = match crate::run::dataflow::jsonata_expression(ts) {
                    Some(_) if jsonata => {
                                                let v = self.ja(raw, ctx, None, None).typed(&Value::String(ts.clone()), "Timestamp", "string").map_err(|e| self.field(e))?;
                        v.as_str().unwrap_or_default().to_string()
                    }
                    _ => ts.clone(),
                };
                match parse_rfc3339(&ts) {
                    Some(t) => until(t),
                    None => Err(self.field(FieldError {
                        error: if jsonata { "States.QueryEvaluationError" } else { "States.Runtime" },
                        message: format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {ts}"),
                    })),
                }
            }
            Some(WaitFor::TimestampPath(p)) => match self.lookup(p, effective, ctx)? {
                Some(Value::String(ts)) if parse_rfc3339(&ts).is_some() => until(parse_rfc3339(&ts).unwrap_or(0)),
                None => Err(self.state_error(format!("The TimestampPath parameter does not reference an input value: {p}"))),
                Some(other) => Err(self.state_error(format!(
                    "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {p} == {}",
                    other.as_str().map_or_else(|| other.to_string(), str::to_string)
                ))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_errors() {
        let all = vec!["States.ALL".to_string()];
        assert!(error_matches(&all, "States.TaskFailed"));
        assert!(error_matches(&all, "Custom"));
        assert!(!error_matches(&all, "States.Runtime"));
        let task = vec!["States.TaskFailed".to_string()];
        assert!(!error_matches(&task, "States.Timeout"));
        assert!(error_matches(&task, "Lambda.Unknown"));
    }
}
