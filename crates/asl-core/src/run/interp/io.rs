//! A state's input and output fields: `InputPath`, `Parameters`/`Arguments`, `ResultSelector`,
//! `ResultPath`, `OutputPath`, `Assign`, `Output`, each stage noted for the data-flow view.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use crate::expr::compiled::CompiledPath;
use crate::expr::jsonpath::{index_in, Root, Selector};

use super::*;

impl Interp<'_> {
    /// Records one data-flow stage of the current state.
    pub(super) fn note(&self, stage: &str, value: &Value) {
        if self.options.record_data_flow {
            if let Some(top) = self.stages.borrow_mut().last_mut() {
                top.insert(stage.to_string(), value.clone());
            }
        }
    }

    /// A problem while evaluating one of the current state's fields, worded as AWS does.
    pub(super) fn field(&self, e: FieldError) -> Halt {
        let (name, id) = self.entered.last().cloned().unwrap_or_default();
        fail(
            e.error,
            format!(
                "An error occurred while executing the state '{name}' (entered at the event id #{id}). {}",
                e.message
            ),
        )
    }

    pub(super) fn state_error(&self, message: impl Into<String>) -> Halt {
        self.field(FieldError { error: "States.Runtime", message: message.into() })
    }

    pub(super) fn query(&self, path: &PathText, input: &Value, ctx: &Context) -> Step<Value> {
        Scope { input, context: ctx, vars: &self.vars }.query(path.query()).map_err(|e| self.field(e))
    }

    pub(super) fn lookup(&self, path: &PathText, input: &Value, ctx: &Context) -> Step<Option<Value>> {
        Scope { input, context: ctx, vars: &self.vars }.lookup(path.query()).map_err(|e| self.field(e))
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
    pub(super) fn template(&mut self, template: &Template, input: &Value, ctx: &Context) -> Step<Value> {
        let result = Scope { input, context: ctx, vars: &self.vars }.template(template, &mut self.ids);
        result.map_err(|e| self.field(e))
    }

    /// `Assign`: every value is evaluated first (with the variables as they were), then set.
    pub(super) fn assign(&mut self, assign: Option<&Template>, input: &Value, ctx: &Context) -> Step<()> {
        let Some(assign) = assign else { return Ok(()) };
        if let Value::Object(values) = self.template(assign, input, ctx)? {
            self.note("assignedVariables", &Value::Object(values.clone()));
            self.vars.extend(values);
        }
        Ok(())
    }

    /// `InputPath`/`OutputPath`: absent means `$`, `null` means `{}`.
    pub(super) fn select(&self, path: Option<&Option<PathText>>, mut data: Value, ctx: &Context) -> Step<Value> {
        match path {
            None => Ok(data),
            Some(None) => Ok(json!({})),
            Some(Some(p)) => match take_definite(p.query(), &mut data) {
                Some(v) => Ok(v),
                None => self.query(p, &data, ctx),
            },
        }
    }

    /// `ResultPath`: absent means `$` (the result replaces the input), `null` keeps the input;
    /// missing objects on the way are created.
    /// `raw` is the state's input: owned when nothing needs it afterwards (a Pass; a Task, Map or
    /// Parallel keeps it for its Retriers and Catchers), so that it is not copied.
    pub(super) fn result_path(
        &self,
        path: Option<&Option<PathText>>,
        raw: Cow<'_, Value>,
        result: Value,
    ) -> Step<Value> {
        match path {
            None => Ok(result),
            Some(None) => Ok(raw.into_owned()),
            Some(Some(p)) => {
                let parsed = p.reference().as_ref().map_err(|e| self.state_error(e.0.clone()))?;
                let mut out = raw.into_owned();
                // A failing `set` leaves the input as it was, for the message.
                parsed.set(&mut out, result).map_err(|e| {
                    fail(
                        "States.ResultPathMatchFailure",
                        format!("Unable to apply ResultPath '{p}' to input '{out}': {}", e.0),
                    )
                })?;
                Ok(out)
            }
        }
    }

    /// JSONata's view of the state: `$states` and the variables, on the virtual clock.
    pub(super) fn ja<'s>(
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
        JsonataScope { input, context, result, error_output, vars: &self.vars, env, cache: &self.jsonata }
    }

    /// What the state works on: after `InputPath` (JSONPath), the raw input (JSONata). Borrowed
    /// when it is the raw input: most states read it through templates and never need a copy.
    pub(super) fn effective_input<'v>(&self, state: &State, raw: &'v Value, ctx: &Context) -> Step<Cow<'v, Value>> {
        match (state.query_language, state.input_path.as_ref()) {
            (QueryLanguage::JsonPath, path @ Some(_)) => {
                let effective = self.select(path, raw.clone(), ctx)?;
                self.note("afterInputPath", &effective);
                Ok(Cow::Owned(effective))
            }
            (QueryLanguage::JsonPath, None) => {
                self.note("afterInputPath", raw);
                Ok(Cow::Borrowed(raw))
            }
            (QueryLanguage::Jsonata, _) => Ok(Cow::Borrowed(raw)),
        }
    }

    /// What a Task, Parallel or Map passes on: `Parameters` (JSONPath) or `Arguments` (JSONata).
    pub(super) fn arguments(
        &mut self,
        state: &State,
        raw: &Value,
        effective: Cow<'_, Value>,
        ctx: &Context,
    ) -> Step<Value> {
        let (stage, value) = match (state.query_language, &state.parameters, &state.arguments) {
            (QueryLanguage::JsonPath, Some(params), _) => {
                ("afterParameters", self.template(params.template(), &effective, ctx)?)
            }
            (QueryLanguage::Jsonata, _, Some(arguments)) => {
                let v = self
                    .ja(raw, ctx, None, None)
                    .template(arguments.value(), "Arguments")
                    .map_err(|e| self.field(e))?;
                ("afterArguments", v)
            }
            (QueryLanguage::JsonPath, ..) => ("afterParameters", effective.into_owned()),
            (QueryLanguage::Jsonata, ..) => ("afterArguments", effective.into_owned()),
        };
        self.note(stage, &value);
        Ok(value)
    }

    /// JSONata `Assign` and `Output`: both read the variables as they were before the state.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn jsonata_out(
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
    pub(super) fn finish_plain(
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
                self.assign(assign.map(RawJson::template), &effective, ctx)?;
                self.select(state.output_path.as_ref(), effective, ctx)
            }
            QueryLanguage::Jsonata => {
                self.jsonata_out(raw, ctx, None, None, assign.map(|a| a.value()), output.map(|o| o.value()), effective)
            }
        }
    }

    /// After a Task, Parallel or Map produced its result. JSONPath: `ResultSelector`, `Assign`,
    /// `ResultPath`, `OutputPath`; JSONata: `Assign` and `Output` with `$states.result`.
    /// `raw` is owned when nothing reads the state's input afterwards (see [`Interp::with_retry_catch`]).
    pub(super) fn finish(&mut self, state: &State, raw: Cow<'_, Value>, result: Value, ctx: &Context) -> Step<Value> {
        self.note("result", &result);
        if state.query_language == QueryLanguage::Jsonata {
            let (assign, output) = (state.assign.as_ref().map(|a| a.value()), state.output.as_ref().map(|o| o.value()));
            return self.jsonata_out(&raw, ctx, Some(&result), None, assign, output, result.clone());
        }
        let result = match &state.result_selector {
            Some(selector) => self.template(selector.template(), &result, ctx)?,
            None => result,
        };
        self.note("afterResultSelector", &result);
        self.assign(state.assign.as_ref().map(RawJson::template), &result, ctx)?;
        let merged = self.result_path(state.result_path.as_ref(), raw, result)?;
        self.note("afterResultPath", &merged);
        self.select(state.output_path.as_ref(), merged, ctx)
    }
}

/// The value a definite `$...` path names, moved out of `data` rather than copied (the rest of
/// `data` is dropped anyway); `None` when the path is not such a path or finds nothing, and
/// `data` is then untouched, for [`Scope::query`] to word the error.
fn take_definite(path: &CompiledPath, data: &mut Value) -> Option<Value> {
    let parsed = path.parsed.as_ref().ok().filter(|p| path.definite && p.root == Root::Input)?;
    parsed.select_definite(data)?;
    let mut current = data;
    for segment in &parsed.segments {
        current = match (&segment.selector, current) {
            (Selector::Name(name), Value::Object(map)) => map.get_mut(name)?,
            (Selector::Index(i), Value::Array(items)) => {
                let at = index_in(*i, items.len())?;
                &mut items[at]
            }
            _ => return None,
        };
    }
    Some(current.take())
}
