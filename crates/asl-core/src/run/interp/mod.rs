//! The interpreter: runs a [`Machine`] on an input, answering Task calls from a [`Scenario`],
//! and records the execution history with AWS's event types and details.
//!
//! Deterministic: the same definition, input, scenario and options give the same history. Time is
//! virtual: the clock starts at [`Options::start_time_ms`] and moves only for Wait states and Retry
//! intervals, so a one-hour wait costs nothing.
//!
//! The whole run is computed at once and bounded by [`Options::max_events`] (AWS's limit is
//! 25,000 events); stepping forward and back in the UI is a cursor over [`Run::history`].
//!
//! [`history`] holds the types a run is given and gives back; this file [`simulate`] and the
//! interpreter's core (events, clock,
//! context object, entering and leaving a state). The rest is split by what it runs:
//! [`flow`] (Pass, Succeed, Wait, Fail, Choice), [`task`], [`parallel`], [`map`], [`retry`]
//! (Retriers and Catchers), [`io`] (a state's input and output fields) and [`isolated`] (one
//! state alone, as the TestState API runs it).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::run::choice;
use std::rc::Rc;

use crate::expr::compiled::{PathText, Template};
use crate::model::{Catcher, Machine, QueryLanguage, RawJson, Retrier, State, StateKind, Task, WaitFor};
use crate::run::dataflow::{Context, FieldError, JsonataCache, JsonataScope, Scope};
use crate::run::event::{Caller, EventType};
use crate::run::scenario::{Outcome, Scenario, Scripted};
use crate::run::services::{self, Ids, Integration};
use crate::run::time::{format_rfc3339, parse_rfc3339};

mod flow;
mod history;
mod io;
mod isolated;
mod map;
mod parallel;
mod redrive;
mod retry;
mod task;

pub use history::{ChildRun, HistoryEvent, Options, Run, Status, EXPRESS_MAX_DURATION_MS, EXPRESS_MAX_EVENTS};
use isolated::TestMode;
pub use isolated::{test_state, TestStateOutcome, TestStateSettings, TestStateStatus};
pub use redrive::redrive;

/// Runs `machine` to its end. Never panics and always ends (bounded by `max_events`).
pub fn simulate(machine: &Machine, input: Value, scenario: &Scenario, options: &Options) -> Run {
    let mut interp = Interp::new(scenario, options, input.clone());
    interp.deadline = machine.timeout_seconds.map(|s| options.start_time_ms + s as i64 * 1000);
    if options.express {
        let limit = options.start_time_ms + EXPRESS_MAX_DURATION_MS;
        interp.deadline = Some(interp.deadline.map_or(limit, |d| d.min(limit)));
    }
    let started = interp.emit(
        EventType::ExecutionStarted,
        None,
        crate::run::object([("input", input.clone()), ("roleArn", ROLE_ARN.into())]),
    );
    let result = started.and_then(|()| interp.run_machine(machine, input));
    interp.end_run(result)
}

impl Interp<'_> {
    /// The run's end: its status and result, and the closing event.
    fn end_run(mut self, result: Step<Value>) -> Run {
        let options = self.options;
        let (status, output, error, cause) = match result {
            Ok(output) => (Status::Succeeded, Some(output), None, None),
            Err(Halt::Fail(f)) => (Status::Failed, None, Some(f.error), Some(f.cause)),
            Err(Halt::Timeout) => (
                Status::TimedOut,
                None,
                Some("States.Timeout".to_string()),
                Some(match self.deadline {
                    Some(d) if options.express && d == options.start_time_ms + EXPRESS_MAX_DURATION_MS => {
                        "The Express execution ran longer than its limit of 5 minutes".to_string()
                    }
                    _ => "The execution exceeded its TimeoutSeconds".to_string(),
                }),
            ),
            Err(Halt::Limit) | Err(Halt::Retriable(_)) => (
                Status::Failed,
                None,
                Some("States.Runtime".to_string()),
                Some(format!("The execution history reached the limit of {} events", options.max_events)),
            ),
        };
        let closing = match status {
            Status::Succeeded => Some((
                EventType::ExecutionSucceeded,
                crate::run::object([("output", output.clone().unwrap_or(Value::Null))]),
            )),
            Status::Failed => Some((EventType::ExecutionFailed, error_details(error.as_deref(), cause.as_deref()))),
            Status::TimedOut => Some((EventType::ExecutionTimedOut, error_details(error.as_deref(), cause.as_deref()))),
            // Not made by a simulation.
            Status::Aborted | Status::Running => None,
        };
        if let Some((event_type, details)) = closing {
            self.push(event_type, None, details);
        }
        Run {
            status,
            output,
            error: error.filter(|e| !e.is_empty()),
            cause: cause.filter(|c| !c.is_empty()),
            history: self.events,
            map_runs: self.map_runs,
        }
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
    /// The run's parsed JSONata expressions.
    jsonata: JsonataCache,
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
            jsonata: JsonataCache::default(),
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

    fn run_machine(&mut self, machine: &Machine, input: Value) -> Step<Value> {
        let Some(start) = &machine.start_at else { return Err(fail("States.Runtime", "The machine has no StartAt")) };
        self.run_machine_from(machine, start.value.clone(), input)
    }

    /// Runs `machine` from its state `name` (its `StartAt`, or where a redrive resumes).
    fn run_machine_from(&mut self, machine: &Machine, name: String, input: Value) -> Step<Value> {
        let mut name = name;
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

    /// The state's own work, by kind; a Task, Parallel or Map runs under its Retriers and Catchers.
    fn state_body(&mut self, state: &State, raw: Value) -> Step<(Value, Option<String>)> {
        let next = state.next.as_ref().map(|n| n.value.clone());
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        match &state.kind {
            StateKind::Pass if !jsonata => Ok((self.pass_jsonpath(state, raw)?, next)),
            StateKind::Pass | StateKind::Succeed | StateKind::Wait(_) => {
                let output = self.pass_through(state, &raw)?;
                Ok((output, if matches!(state.kind, StateKind::Succeed) { None } else { next }))
            }
            StateKind::Fail(f) => Err(match self.fail_state(state, f, &raw) {
                Ok(halt) | Err(halt) => halt,
            }),
            StateKind::Choice(c) => self.choice(state, c, &raw),
            StateKind::Task(task) => {
                let (output, caught) =
                    self.with_retry_catch(state, raw, &mut |this, raw| this.task_attempt(state, task, raw))?;
                Ok((output, caught.or(next)))
            }
            StateKind::Parallel(p) => {
                let (output, caught) =
                    self.with_retry_catch(state, raw, &mut |this, raw| this.parallel_attempt(state, p, &raw))?;
                Ok((output, caught.or(next)))
            }
            StateKind::Map(m) => {
                let (output, caught) =
                    self.with_retry_catch(state, raw, &mut |this, raw| this.map_attempt(state, m, &raw))?;
                Ok((output, caught.or(next)))
            }
            StateKind::Unknown(t) => Err(self.state_error(format!("Unknown state type '{t}'"))),
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
