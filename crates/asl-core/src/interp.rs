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

use crate::choice;
use crate::model::{Catcher, Machine, QueryLanguage, Retrier, State, StateKind, Task, WaitFor};
use crate::path::RefPath;
use crate::scenario::{Outcome, Scenario};
use crate::services::{self, Ids, Integration};
use crate::time::{format_rfc3339, parse_rfc3339};

#[derive(Clone, Debug)]
pub struct Options {
    pub execution_name: String,
    /// Virtual start time, milliseconds since the Unix epoch.
    pub start_time_ms: i64,
    pub max_events: usize,
    /// Seeds generated ids (job ids, message ids).
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            execution_name: "simulation".to_string(),
            // 2024-01-01T00:00:00Z: a fixed virtual epoch keeps histories reproducible.
            start_time_ms: 1_704_067_200_000,
            max_events: 25_000,
            seed: 0,
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
    pub event_type: String,
    /// The state the event belongs to, if any.
    pub state: Option<String>,
    /// The event's details, with AWS's field names (`input`, `output`, `error`, `cause`, ...).
    pub details: Value,
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
}

/// Runs `machine` to its end. Never panics and always ends (bounded by `max_events`).
pub fn simulate(machine: &Machine, input: Value, scenario: &Scenario, options: &Options) -> Run {
    let mut interp = Interp {
        scenario,
        options,
        events: Vec::new(),
        clock: options.start_time_ms,
        ids: Ids::new(options.seed),
        invocations: HashMap::new(),
        map_item: Vec::new(),
        deadline: machine.timeout_seconds.map(|s| options.start_time_ms + s as i64 * 1000),
        input: input.clone(),
    };
    let started = interp.emit("ExecutionStarted", None, json!({"input": input, "roleArn": ROLE_ARN}));
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
        Err(Halt::Limit) => (
            Status::Failed,
            None,
            Some("States.Runtime".to_string()),
            Some(format!("The execution history reached the limit of {} events", options.max_events)),
        ),
    };
    let closing = match status {
        Status::Succeeded => ("ExecutionSucceeded", json!({"output": output})),
        Status::Failed => ("ExecutionFailed", error_details(error.as_deref(), cause.as_deref())),
        Status::TimedOut => ("ExecutionTimedOut", error_details(error.as_deref(), cause.as_deref())),
    };
    interp.push(closing.0, None, closing.1);
    Run { status, output, error: error.filter(|e| !e.is_empty()), cause: cause.filter(|c| !c.is_empty()), history: interp.events }
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
}

/// Why a machine stopped early. Only `Fail` can be retried or caught.
enum Halt {
    Fail(Failure),
    Timeout,
    Limit,
}

fn fail(error: &str, cause: impl Into<String>) -> Halt {
    Halt::Fail(Failure { error: error.to_string(), cause: cause.into() })
}

fn runtime(cause: impl Into<String>) -> Halt {
    fail("States.Runtime", cause)
}

type Step<T> = Result<T, Halt>;

/// Whether an `ErrorEquals` list matches `error`, with AWS's wildcard rules.
pub fn error_matches(error_equals: &[String], error: &str) -> bool {
    // States.ALL never matches these terminal errors.
    let terminal = error == "States.Runtime" || error == "States.DataLimitExceeded";
    error_equals.iter().any(|e| {
        e == error
            || (e == "States.ALL" && !terminal)
            || (e == "States.TaskFailed" && !terminal && error != "States.Timeout")
    })
}

struct Interp<'a> {
    scenario: &'a Scenario,
    options: &'a Options,
    events: Vec<HistoryEvent>,
    clock: i64,
    ids: Ids,
    invocations: HashMap<String, usize>,
    /// `$$.Map.Item` of the Map iterations we are inside, innermost last.
    map_item: Vec<Value>,
    deadline: Option<i64>,
    input: Value,
}

impl Interp<'_> {
    fn push(&mut self, event_type: &str, state: Option<&str>, details: Value) {
        let id = self.events.len() + 1;
        self.events.push(HistoryEvent {
            id,
            previous_event_id: id - 1,
            timestamp_ms: self.clock,
            event_type: event_type.to_string(),
            state: state.map(str::to_string),
            details,
        });
    }

    fn emit(&mut self, event_type: &str, state: Option<&str>, details: Value) -> Step<()> {
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

    fn context(&self, state: &State, retry_count: u64) -> Value {
        let mut ctx = json!({
            "Execution": {
                "Id": format!("arn:aws:states:{REGION}:123456789012:execution:simulation:{}", self.options.execution_name),
                "Input": self.input,
                "Name": self.options.execution_name,
                "RoleArn": ROLE_ARN,
                "StartTime": format_rfc3339(self.options.start_time_ms),
            },
            "State": {"Name": state.name, "EnteredTime": format_rfc3339(self.clock), "RetryCount": retry_count},
            "StateMachine": {
                "Id": format!("arn:aws:states:{REGION}:123456789012:stateMachine:simulation"),
                "Name": "simulation",
            },
        });
        if let Some(item) = self.map_item.last() {
            ctx["Map"] = json!({"Item": item});
        }
        ctx
    }

    fn run_machine(&mut self, machine: &Machine, input: Value) -> Step<Value> {
        let Some(start) = &machine.start_at else { return Err(runtime("The machine has no StartAt")) };
        let mut name = start.value.clone();
        let mut data = input;
        loop {
            let Some(state) = machine.state(&name) else {
                return Err(runtime(format!("No state named '{name}' in this machine")));
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
        let type_name = state.kind.type_name().to_string();
        let name = state.name.as_str();
        self.emit(&format!("{type_name}StateEntered"), Some(name), json!({"name": name, "input": raw}))?;
        if state.query_language == QueryLanguage::Jsonata {
            return Err(runtime(choice::JSONATA_NOT_YET));
        }
        let next = state.next.as_ref().map(|n| n.value.clone());
        let (output, next) = match &state.kind {
            StateKind::Pass => {
                let effective = self.input_path(state, &raw)?;
                let result = match (&state.result, &state.parameters) {
                    (Some(result), _) => result.value().clone(),
                    (None, Some(params)) => self.template(params.value(), &effective, &self.context(state, 0), "Parameters")?,
                    (None, None) => effective,
                };
                (self.result_and_output(state, &raw, result)?, next)
            }
            StateKind::Succeed => (self.output_path(state, self.input_path(state, &raw)?)?, None),
            StateKind::Fail(f) => {
                let effective = self.input_path(state, &raw)?;
                let ctx = self.context(state, 0);
                let from = |literal: &Option<String>, path: &Option<String>| -> Step<String> {
                    match (literal, path) {
                        (Some(s), _) => Ok(s.clone()),
                        (None, Some(p)) => match choice::resolve(p, &effective, &ctx) {
                            Ok(Some(Value::String(s))) => Ok(s.clone()),
                            Ok(_) => Err(runtime(format!("The path '{p}' does not lead to a string"))),
                            Err(e) => Err(runtime(e.0)),
                        },
                        (None, None) => Ok(String::new()),
                    }
                };
                let (error, cause) = (from(&f.error, &f.error_path)?, from(&f.cause, &f.cause_path)?);
                return Err(Halt::Fail(Failure { error, cause }));
            }
            StateKind::Choice(c) => {
                let effective = self.input_path(state, &raw)?;
                let ctx = self.context(state, 0);
                let mut chosen = None;
                for rule in &c.choices {
                    if choice::evaluate(&rule.condition, &effective, &ctx).map_err(|e| runtime(e.0))? {
                        chosen = rule.next.as_ref().map(|n| n.value.clone());
                        break;
                    }
                }
                let Some(next) = chosen.or_else(|| c.default.as_ref().map(|d| d.value.clone())) else {
                    return Err(fail("States.NoChoiceMatched", "No Matches!"));
                };
                (self.output_path(state, effective)?, Some(next))
            }
            StateKind::Wait(w) => {
                let effective = self.input_path(state, &raw)?;
                let ms = self.wait_ms(state, w.wait_for.as_ref(), &effective)?;
                self.advance(ms)?;
                (self.output_path(state, effective)?, next)
            }
            StateKind::Task(task) => {
                let out = self.with_retry_catch(state, &raw, &mut |this| this.task_attempt(state, task, &raw))?;
                (out.0, out.1.or(next))
            }
            StateKind::Parallel(p) => {
                let out = self.with_retry_catch(state, &raw, &mut |this| {
                    this.emit("ParallelStateStarted", Some(name), json!({}))?;
                    let effective = this.input_path(state, &raw)?;
                    let branch_input = match &state.parameters {
                        Some(params) => this.template(params.value(), &effective, &this.context(state, 0), "Parameters")?,
                        None => effective,
                    };
                    let mut results = Vec::new();
                    for branch in &p.branches {
                        match this.run_machine(branch, branch_input.clone()) {
                            Ok(v) => results.push(v),
                            Err(Halt::Fail(f)) => {
                                this.emit("ParallelStateFailed", Some(name), json!({"error": f.error, "cause": f.cause}))?;
                                return Err(Halt::Fail(f));
                            }
                            Err(other) => return Err(other),
                        }
                    }
                    this.selected_result(state, &raw, Value::Array(results))
                })?;
                (out.0, out.1.or(next))
            }
            StateKind::Map(m) => {
                let out = self.with_retry_catch(state, &raw, &mut |this| {
                    let effective = this.input_path(state, &raw)?;
                    let items = match &m.items_path {
                        None => Some(&effective),
                        Some(p) => choice::resolve(p, &effective, &Value::Null).map_err(|e| runtime(e.0))?,
                    };
                    let Some(Value::Array(items)) = items.cloned() else {
                        return Err(runtime("The Map state's ItemsPath does not lead to an array"));
                    };
                    this.emit("MapStateStarted", Some(name), json!({"length": items.len()}))?;
                    let mut results = Vec::new();
                    for (index, item) in items.into_iter().enumerate() {
                        this.emit("MapIterationStarted", Some(name), json!({"name": name, "index": index}))?;
                        this.map_item.push(json!({"Index": index, "Value": item}));
                        let item_input = match &state.parameters {
                            Some(params) => this.template(params.value(), &effective, &this.context(state, 0), "Parameters"),
                            None => Ok(item),
                        };
                        let result = item_input.and_then(|input| match &m.processor {
                            Some(processor) => this.run_machine(processor, input),
                            None => Ok(input),
                        });
                        this.map_item.pop();
                        match result {
                            Ok(v) => {
                                this.emit("MapIterationSucceeded", Some(name), json!({"name": name, "index": index}))?;
                                results.push(v);
                            }
                            Err(Halt::Fail(f)) => {
                                this.emit("MapIterationFailed", Some(name), json!({"name": name, "index": index}))?;
                                this.emit("MapStateFailed", Some(name), json!({}))?;
                                return Err(Halt::Fail(f));
                            }
                            Err(other) => return Err(other),
                        }
                    }
                    this.emit("MapStateSucceeded", Some(name), json!({}))?;
                    this.selected_result(state, &raw, Value::Array(results))
                })?;
                (out.0, out.1.or(next))
            }
            StateKind::Unknown(t) => return Err(runtime(format!("Unknown state type '{t}'"))),
        };
        self.emit(&format!("{type_name}StateExited"), Some(name), json!({"name": name, "output": output}))?;
        Ok((output, next))
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
        loop {
            let failure = match attempt(self) {
                Ok(output) => return Ok((output, None)),
                Err(Halt::Fail(f)) => f,
                Err(other) => return Err(other),
            };
            if let Some(i) = state.retry.iter().position(|r| error_matches(&r.error_equals, &failure.error)) {
                let retrier: &Retrier = &state.retry[i];
                if counts[i] < retrier.max_attempts {
                    let mut delay = retrier.interval_seconds as f64 * retrier.backoff_rate.powi(counts[i] as i32);
                    if let Some(max) = retrier.max_delay_seconds {
                        delay = delay.min(max as f64);
                    }
                    counts[i] += 1;
                    self.advance((delay * 1000.0) as i64)?;
                    continue;
                }
            }
            let catcher: Option<&Catcher> = state.catch.iter().find(|c| error_matches(&c.error_equals, &failure.error));
            let Some(catcher) = catcher else { return Err(Halt::Fail(failure)) };
            let error_output = json!({"Error": failure.error, "Cause": failure.cause});
            let output = apply_result_path(catcher.result_path.as_ref(), raw, error_output)?;
            return Ok((output, catcher.next.as_ref().map(|n| n.value.clone())));
        }
    }

    fn task_attempt(&mut self, state: &State, task: &Task, raw: &Value) -> Step<Value> {
        let name = state.name.as_str();
        let effective = self.input_path(state, raw)?;
        let parameters = match &state.parameters {
            Some(params) => self.template(params.value(), &effective, &self.context(state, 0), "Parameters")?,
            None => effective,
        };
        let resource = task.resource.value.as_str();
        let integration = Integration::from_resource(resource);
        let prefix = integration.event_prefix();
        let (resource_type, resource_name) = integration.resource_type_and_name(resource);
        let base = |extra: Value| -> Value {
            let mut details = match prefix {
                "Task" => json!({"resourceType": resource_type, "resource": resource_name}),
                _ => json!({"resource": resource}),
            };
            if let (Value::Object(d), Value::Object(e)) = (&mut details, extra) {
                d.extend(e);
            }
            details
        };
        let scheduled = match prefix {
            "Task" => base(json!({"region": REGION, "parameters": parameters})),
            _ => base(json!({"input": parameters})),
        };
        self.emit(&format!("{prefix}Scheduled"), Some(name), scheduled)?;
        self.emit(&format!("{prefix}Started"), Some(name), base(json!({})))?;
        let invocation = self.invocations.entry(state.name.clone()).or_insert(0);
        let outcome = self.scenario.outcome(name, *invocation).cloned();
        *invocation += 1;
        if integration.is_sync() {
            let submitted = services::submitted_output(&integration, &parameters, &mut self.ids);
            self.emit("TaskSubmitted", Some(name), base(json!({"output": submitted})))?;
        }
        let result = match outcome {
            Some(Outcome::Return(v)) => v,
            None => services::default_result(&integration, &parameters, &mut self.ids),
            Some(Outcome::Throw { error, cause }) => {
                let cause = cause.unwrap_or_else(|| services::default_cause(&integration, &parameters, &error, &mut self.ids));
                self.emit(&format!("{prefix}Failed"), Some(name), base(json!({"error": error, "cause": cause})))?;
                return Err(Halt::Fail(Failure { error, cause }));
            }
        };
        self.emit(&format!("{prefix}Succeeded"), Some(name), base(json!({"output": result})))?;
        self.selected_result(state, raw, result)
    }

    /// `ResultSelector`, then `ResultPath` and `OutputPath`.
    fn selected_result(&mut self, state: &State, raw: &Value, result: Value) -> Step<Value> {
        let result = match &state.result_selector {
            Some(selector) => self.template(selector.value(), &result, &self.context(state, 0), "ResultSelector")?,
            None => result,
        };
        self.result_and_output(state, raw, result)
    }

    fn result_and_output(&self, state: &State, raw: &Value, result: Value) -> Step<Value> {
        let merged = apply_result_path(state.result_path.as_ref(), raw, result)?;
        self.output_path(state, merged)
    }

    fn input_path(&self, state: &State, raw: &Value) -> Step<Value> {
        select_path(state.input_path.as_ref(), raw, "InputPath")
    }

    fn output_path(&self, state: &State, data: Value) -> Step<Value> {
        select_path(state.output_path.as_ref(), &data, "OutputPath")
    }

    fn wait_ms(&self, state: &State, wait_for: Option<&WaitFor>, effective: &Value) -> Step<i64> {
        let ctx = self.context(state, 0);
        let lookup = |p: &str| -> Step<Value> {
            match choice::resolve(p, effective, &ctx) {
                Ok(Some(v)) => Ok(v.clone()),
                Ok(None) => Err(runtime(format!("Invalid path '{p}': no value at this path in the input"))),
                Err(e) => Err(runtime(e.0)),
            }
        };
        let until = |ts: &str| -> Step<i64> {
            parse_rfc3339(ts)
                .map(|t| (t - self.clock).max(0))
                .ok_or_else(|| runtime(format!("'{ts}' is not an RFC 3339 timestamp")))
        };
        match wait_for {
            None => Ok(0),
            Some(WaitFor::Seconds(s)) => Ok(*s as i64 * 1000),
            Some(WaitFor::SecondsExpression(_)) => Err(runtime(choice::JSONATA_NOT_YET)),
            Some(WaitFor::SecondsPath(p)) => match lookup(p)? {
                Value::Number(n) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or(0) as i64 * 1000),
                other => Err(runtime(format!("The SecondsPath '{p}' gave {other}, not a non-negative integer"))),
            },
            Some(WaitFor::Timestamp(ts)) => until(ts),
            Some(WaitFor::TimestampPath(p)) => match lookup(p)? {
                Value::String(ts) => until(&ts),
                other => Err(runtime(format!("The TimestampPath '{p}' gave {other}, not a timestamp string"))),
            },
        }
    }

    /// A payload template (`Parameters`, `ResultSelector`): keys ending in `.$` take the value of
    /// their path in `input` (or, with `$$`, in the context object).
    fn template(&self, template: &Value, input: &Value, ctx: &Value, field: &str) -> Step<Value> {
        match template {
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, value) in map {
                    match (key.strip_suffix(".$"), value) {
                        (Some(short), Value::String(expr)) => {
                            out.insert(short.to_string(), self.dynamic_value(expr, input, ctx, key)?);
                        }
                        _ => {
                            out.insert(key.clone(), self.template(value, input, ctx, field)?);
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => {
                Ok(Value::Array(items.iter().map(|v| self.template(v, input, ctx, field)).collect::<Step<_>>()?))
            }
            other => Ok(other.clone()),
        }
    }

    fn dynamic_value(&self, expr: &str, input: &Value, ctx: &Value, key: &str) -> Step<Value> {
        if expr.starts_with("States.") {
            return Err(fail(
                "States.IntrinsicFailure",
                format!("The intrinsic function in '{key}' ({expr}) is not supported by this simulator yet"),
            ));
        }
        match choice::resolve(expr, input, ctx) {
            Ok(Some(v)) => Ok(v.clone()),
            Ok(None) => Err(runtime(format!(
                "The JSONPath '{expr}' specified for the field '{key}' could not be found in the input '{input}'"
            ))),
            Err(e) => Err(runtime(e.0)),
        }
    }
}

/// `InputPath`/`OutputPath`: absent means `$`, `null` means `{}`.
fn select_path(path: Option<&Option<String>>, data: &Value, field: &str) -> Step<Value> {
    match path {
        None => Ok(data.clone()),
        Some(None) => Ok(json!({})),
        Some(Some(p)) => {
            let parsed = RefPath::parse(p).map_err(|e| runtime(e.0))?;
            let source = if parsed.context { &Value::Null } else { data };
            parsed.select(source).cloned().ok_or_else(|| {
                runtime(format!("Invalid path '{p}' : No results for path: {field} '{p}' in the input '{data}'"))
            })
        }
    }
}

/// `ResultPath`: absent means `$` (the result replaces the input), `null` keeps the input.
fn apply_result_path(path: Option<&Option<String>>, raw: &Value, result: Value) -> Step<Value> {
    match path {
        None => Ok(result),
        Some(None) => Ok(raw.clone()),
        Some(Some(p)) => {
            let parsed = RefPath::parse(p).map_err(|e| runtime(e.0))?;
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
