//! A Task's service call: its history events (`TaskScheduled`, `LambdaFunctionStarted`, ...), the
//! scripted outcome or the integration's default result.

use std::borrow::Cow;

use serde_json::{json, Value};

use crate::run::object;

use super::*;

impl Interp<'_> {
    /// `raw` is owned when nothing reads the input after this attempt (no Retriers or Catchers).
    pub(super) fn task_attempt(&mut self, state: &State, task: &Task, raw: Cow<'_, Value>) -> Step<Value> {
        let name = state.name.as_str();
        let ctx = self.context(state);
        let effective = self.effective_input(state, &raw, &ctx)?;
        for path in [&task.timeout_seconds_path, &task.heartbeat_seconds_path].into_iter().flatten() {
            self.query(path, &effective, &ctx)?;
        }
        let parameters = self.arguments(state, &raw, effective, &ctx)?;
        let resource = task.resource.value.as_str();
        let integration = Integration::from_resource(resource);
        let caller = integration.caller();
        let (resource_type, resource_name) = integration.resource_type_and_name(resource);
        let base = |extra: Value| -> Value {
            let mut details = match caller {
                Caller::Task => object([
                    ("resourceType", Value::String(resource_type.to_string())),
                    ("resource", Value::String(resource_name.to_string())),
                ]),
                _ => object([("resource", Value::String(resource.to_string()))]),
            };
            if let (Value::Object(d), Value::Object(e)) = (&mut details, extra) {
                d.extend(e);
            }
            details
        };
        let scheduled = match caller {
            Caller::Task => base(object([("region", REGION.into()), ("parameters", parameters.clone())])),
            _ => base(object([("input", parameters.clone())])),
        };
        self.emit(caller.scheduled(), Some(name), scheduled)?;
        self.emit(caller.started(), Some(name), base(json!({})))?;
        let invocation = self.invocations.entry(state.name.clone()).or_insert(0);
        let number = *invocation;
        let outcome = match self.scenario.scripted(name, number) {
            Scripted::Outcome(o) => Some(o.clone()),
            Scripted::Default => None,
            // Step Functions Local fails a mocked Task that has no response for self call.
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
            self.emit(EventType::TaskSubmitted, Some(name), base(object([("output", submitted)])))?;
        }
        let result = match outcome {
            Some(Outcome::Return(v)) => v,
            None => {
                let v = services::default_result(&integration, &parameters, &mut self.ids);
                self.emit(caller.succeeded(), Some(name), base(object([("output", v.clone())])))?;
                // The UI says which results nobody scripted.
                if let Some(e) = self.children.last_mut().map_or(self.events.last_mut(), |c| c.history.last_mut()) {
                    e.default_result = true;
                }
                return self.finish(state, raw, v, &ctx);
            }
            Some(Outcome::Throw { error, cause }) => {
                let cause =
                    cause.unwrap_or_else(|| services::default_cause(&integration, &parameters, &error, &mut self.ids));
                // A Task that ran out of time or heartbeats ends with `TaskTimedOut` (`ActivityTimedOut`, ...).
                let timed_out = error == "States.Timeout" || error == "States.HeartbeatTimeout";
                let event = if timed_out { caller.timed_out() } else { caller.failed() };
                self.emit(event, Some(name), base(json!({"error": error, "cause": cause})))?;
                return Err(Halt::Fail(Failure { error, cause, announced: false }));
            }
        };
        self.emit(caller.succeeded(), Some(name), base(object([("output", result.clone())])))?;
        self.finish(state, raw, result, &ctx)
    }
}
