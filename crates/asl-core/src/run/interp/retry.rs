//! Retriers and Catchers around one attempt of a Task, Parallel or Map.

use serde_json::{json, Value};

use super::*;

impl Interp<'_> {
    /// Writes the events of a state's final failure: `EvaluationFailed` (once) for a JSONata
    /// evaluation error, and, for Map and Parallel, `MapStateFailed`/`ParallelStateFailed`
    /// (not for the runtime checks AWS makes before any iteration or branch starts).
    pub(super) fn announce(&mut self, state: &State, failure: &mut Failure, state_failed: bool) -> Step<()> {
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
    pub(super) fn with_retry_catch(
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
}
