//! Parallel: every branch runs on the same input, in order (the virtual clock makes the order
//! invisible); the first failure ends the state.

use serde_json::{json, Value};

use super::*;

impl Interp<'_> {
    /// One attempt of a Parallel state (its Retriers may make more).
    pub(super) fn parallel_attempt(&mut self, state: &State, p: &crate::model::Parallel, raw: &Value) -> Step<Value> {
        let name = state.name.as_str();
        self.emit(EventType::ParallelStateStarted, Some(name), json!({}))?;
        let ctx = self.context(state);
        if let Some(mock) = self.test.mock.clone() {
            return match mock {
                Ok(result) => self.finish(state, std::borrow::Cow::Borrowed(raw), result, &ctx),
                Err((error, cause)) => Err(Halt::Fail(Failure { error, cause, announced: false })),
            };
        }
        let effective = self.effective_input(state, raw, &ctx)?;
        let branch_input = self.arguments(state, raw, effective, &ctx)?;
        let outer = self.vars.clone();
        let mut results = Vec::new();
        let mut failure = None;
        for branch in &p.branches {
            // A branch reads the outer variables; what it assigns stays inside.
            self.vars = outer.clone();
            match self.run_machine(branch, branch_input.clone()) {
                Ok(v) => results.push(v),
                Err(halt) => {
                    failure = Some(halt);
                    break;
                }
            }
        }
        self.vars = outer;
        if let Some(halt) = failure {
            return Err(halt);
        }
        self.finish(state, std::borrow::Cow::Borrowed(raw), Value::Array(results), &ctx)
    }
}
