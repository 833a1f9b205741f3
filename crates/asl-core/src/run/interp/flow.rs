//! The states that call nothing and hold nothing: Pass, Succeed, Wait (on the virtual clock),
//! Fail and Choice.

use serde_json::Value;

use super::*;

impl Interp<'_> {
    /// A JSONPath Pass: `Result` or `Parameters`, then `ResultPath` and `OutputPath`.
    pub(super) fn pass_jsonpath(&mut self, state: &State, raw: Value) -> Step<Value> {
        let ctx = self.context(state);
        let effective = self.effective_input(state, &raw, &ctx)?;
        let result = match (&state.result, &state.parameters) {
            (Some(result), _) => result.value().clone(),
            (None, Some(params)) => {
                let v = self.template(params.template(), &effective, &ctx)?;
                self.note("afterParameters", &v);
                v
            }
            (None, None) => effective.into_owned(),
        };
        self.note("result", &result);
        self.assign(state.assign.as_ref().map(RawJson::template), &result, &ctx)?;
        // Nothing needs the input after this: it is moved, not copied.
        let merged = self.result_path(state.result_path.as_ref(), std::borrow::Cow::Owned(raw), result)?;
        self.note("afterResultPath", &merged);
        self.select(state.output_path.as_ref(), merged, &ctx)
    }

    /// A JSONata Pass, a Succeed or a Wait: the output comes from the input (a Wait first waits).
    pub(super) fn pass_through(&mut self, state: &State, raw: &Value) -> Step<Value> {
        let ctx = self.context(state);
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        let effective = self.effective_input(state, raw, &ctx)?;
        if let StateKind::Wait(w) = &state.kind {
            let ms = self.wait_ms(w.wait_for.as_ref(), &effective, raw, &ctx, jsonata)?;
            self.advance(ms)?;
        }
        let output =
            self.finish_plain(state, raw, effective.into_owned(), &ctx, state.assign.as_ref(), state.output.as_ref())?;
        Ok(output)
    }

    /// The failure a Fail state ends with: its `Error` and `Cause` (literal, path or JSONata);
    /// `Err` when one of them cannot be evaluated.
    pub(super) fn fail_state(&mut self, state: &State, f: &crate::model::Fail, raw: &Value) -> Step<Halt> {
        let ctx = self.context(state);
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        let effective = self.effective_input(state, raw, &ctx)?;
        let mut text = |literal: &Option<String>, path: &Option<PathText>, field: &str| -> Step<String> {
            match (literal, path) {
                (Some(s), _) if jsonata && crate::run::dataflow::jsonata_expression(s).is_some() => {
                    match self
                        .ja(raw, &ctx, None, None)
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
                        p.dynamic(),
                        field,
                        &mut self.ids,
                    );
                    match result.map_err(|e| self.field(e))? {
                        Value::String(s) => Ok(s),
                        other => {
                            Err(self.state_error(format!("The {field} '{p}' does not lead to a string but to {other}")))
                        }
                    }
                }
                (None, None) => Ok(String::new()),
            }
        };
        let error = text(&f.error, &f.error_path, if jsonata { "Error" } else { "ErrorPath" })?;
        let cause = text(&f.cause, &f.cause_path, if jsonata { "Cause" } else { "CausePath" })?;
        Ok(Halt::Fail(Failure { error, cause, announced: false }))
    }

    /// The first rule that holds (else `Default`) names the next state.
    pub(super) fn choice(
        &mut self,
        state: &State,
        c: &crate::model::Choice,
        raw: &Value,
    ) -> Step<(Value, Option<String>)> {
        let ctx = self.context(state);
        let effective = self.effective_input(state, raw, &ctx)?;
        let mut chosen = None;
        for rule in &c.choices {
            let holds = match &rule.condition {
                crate::model::Condition::Jsonata(condition) => {
                    let v = self
                        .ja(raw, &ctx, None, None)
                        .typed(condition, "Condition", "boolean")
                        .map_err(|e| self.field(e))?;
                    v == Value::Bool(true)
                }
                condition => {
                    let holds =
                        choice::evaluate(condition, &Scope { input: &effective, context: &ctx, vars: &self.vars });
                    holds.map_err(|e| self.field(e))?
                }
            };
            if holds {
                chosen = Some(rule);
                break;
            }
        }
        let (target, assign, output) = match chosen {
            Some(rule) => (rule.next.as_ref().map(|n| n.value.clone()), rule.assign.as_ref(), rule.output.as_ref()),
            None => (c.default.as_ref().map(|d| d.value.clone()), state.assign.as_ref(), state.output.as_ref()),
        };
        let Some(target) = target else {
            return Err(fail("States.NoChoiceMatched", "No Matches!"));
        };
        let output = self.finish_plain(state, raw, effective.into_owned(), &ctx, assign, output)?;
        Ok((output, Some(target)))
    }

    pub(super) fn wait_ms(
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
