//! Retriers and Catchers around one attempt of a Task, Parallel or Map.

use std::borrow::Cow;

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
        raw: Value,
        attempt: &mut dyn FnMut(&mut Self, Cow<'_, Value>) -> Step<Value>,
    ) -> Step<(Value, Option<String>)> {
        // Without Retriers and Catchers there is one attempt and nothing reads the input after
        // it: the input is moved into it rather than copied by its `ResultPath`.
        let (mut once, kept) =
            if state.retry.is_empty() && state.catch.is_empty() { (Some(raw), None) } else { (None, Some(raw)) };
        let mut counts = vec![0u64; state.retry.len()];
        let already = if self.test.on { self.test.retry_count } else { 0 };
        loop {
            self.retries = already + counts.iter().sum::<u64>();
            let input = match &kept {
                Some(raw) => Cow::Borrowed(raw),
                None => Cow::Owned(once.take().unwrap_or_default()),
            };
            let failure = match attempt(self, input) {
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
                if retrier.full_jitter {
                    delay *= self.jitter();
                }
                counts[i] += 1;
                self.advance((delay * 1000.0) as i64)?;
                continue;
            }
            let catcher: Option<&Catcher> = state.catch.iter().find(|c| error_matches(&c.error_equals, &failure.error));
            let (Some(catcher), Some(raw)) = (catcher, kept.as_ref()) else { return Err(Halt::Fail(failure)) };
            self.test.caught = Some(failure.clone());
            let error_output = json!({"Error": failure.error, "Cause": failure.cause});
            let ctx = self.context(state);
            let output = match state.query_language {
                QueryLanguage::JsonPath => {
                    self.assign(catcher.assign.as_ref().map(RawJson::template), &error_output, &ctx)?;
                    self.result_path(catcher.result_path.as_ref(), Cow::Borrowed(raw), error_output)?
                }
                QueryLanguage::Jsonata => self.jsonata_out(
                    raw,
                    &ctx,
                    None,
                    Some(&error_output),
                    catcher.assign.as_ref().map(RawJson::value),
                    catcher.output.as_ref().map(RawJson::value),
                    error_output.clone(),
                )?,
            };
            return Ok((output, catcher.next.as_ref().map(|n| n.value.clone())));
        }
    }
}

impl Interp<'_> {
    /// `JitterStrategy: "FULL"`: AWS waits a random part of the backoff. Here the part is drawn
    /// from the run's seed and the history's length, so the same run waits the same, and the ids
    /// of everything else stay as they are without jitter.
    fn jitter(&self) -> f64 {
        let mut draw = crate::run::services::Ids::new(
            self.options.seed ^ (self.events.len() as u64).wrapping_mul(0xA24B_AED4_963E_E407),
        );
        (draw.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod jitter_tests {
    use crate::{parse, simulate, EventType, Options, Outcome, Scenario};
    use serde_json::json;

    /// The waits between a Task's attempts, in ms.
    fn waits(jitter: &str) -> Vec<i64> {
        let text = format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
               "Retry": [{{"ErrorEquals": ["E"], "IntervalSeconds": 10, "BackoffRate": 2, "MaxAttempts": 4, "JitterStrategy": "{jitter}"}}]}}}}}}"#
        );
        let machine = parse(&text).machine.unwrap();
        let boom = Outcome::Throw { error: "E".into(), cause: None };
        let scenario = (0..5).fold(Scenario::new(), |s, _| s.then("T", boom.clone()));
        let run = simulate(&machine, json!({}), &scenario, &Options::default());
        let times: Vec<i64> =
            run.history.iter().filter(|e| e.event_type == EventType::TaskScheduled).map(|e| e.timestamp_ms).collect();
        times.windows(2).map(|w| w[1] - w[0]).collect()
    }

    #[test]
    fn full_jitter_waits_part_of_the_backoff_the_same_each_run() {
        assert_eq!(waits("NONE"), [10_000, 20_000, 40_000, 80_000]);
        let jittered = waits("FULL");
        assert_eq!(jittered, waits("FULL"), "deterministic");
        assert!(
            jittered.iter().zip([10_000, 20_000, 40_000, 80_000]).all(|(j, full)| *j >= 0 && *j <= full),
            "{jittered:?}"
        );
        assert_ne!(jittered, waits("NONE"));
    }
}
