//! Map: reads its items, checks its limits, runs the item processor per item (a distributed
//! Map's iterations as child executions with histories of their own), tolerates failures as
//! configured.

use serde_json::{json, Map, Value};

use super::*;

impl Interp<'_> {
    /// One attempt of a Map state (its Retriers may make more).
    pub(super) fn map_attempt(&mut self, state: &State, m: &crate::model::Map, raw: &Value) -> Step<Value> {
        let name = state.name.as_str();
        let ctx = self.context(state);
        let effective = self.effective_input(state, raw, &ctx)?;
        let items = self.map_items(state, m, raw, &effective, &ctx)?;
        self.max_concurrency(m, &effective, &ctx)?;
        self.emit(EventType::MapStateStarted, Some(name), json!({"length": items.len()}))?;
        let (count, percentage) = self.map_limits(m, &effective, &ctx)?;
        let tolerance = Tolerance { count, percentage };
        let total = items.len();
        if let Some(mock) = self.test.mock.clone() {
            return self.mocked_map(state, raw, &ctx, mock, tolerance, total);
        }
        if m.distributed {
            // A Map Run: the iterations are child executions with histories of their own.
            self.emit(EventType::MapRunStarted, Some(name), json!({}))?;
        }
        let outer = self.vars.clone();
        // With an `ItemBatcher`, each iteration gets a batch of items (selected one by one first).
        let (inputs, selected) = match &m.item_batcher {
            Some(batcher) => (self.batches(state, m, batcher, raw, &effective, &ctx, items)?, true),
            None => (items.into_iter().map(|item| (item, 1)).collect(), false),
        };
        let mut results = Vec::new();
        let mut failure = None;
        let mut failed = 0u64;
        for (index, (item, size)) in inputs.into_iter().enumerate() {
            self.vars = outer.clone();
            match self.map_iteration(state, m, raw, &effective, index, item, selected)? {
                Ok(v) => results.push(v),
                Err(Halt::Fail(f)) => {
                    // Every item of a failed batch counts as failed.
                    failed += size;
                    if tolerance.allows(failed, total) {
                        results.push(json!({"Error": f.error, "Cause": f.cause}));
                        continue;
                    }
                    failure = Some(if tolerance.is_set() { exceeded_threshold() } else { Halt::Fail(f) });
                    break;
                }
                Err(other) => {
                    failure = Some(other);
                    break;
                }
            }
        }
        // What the iterations assigned stays inside them.
        self.vars = outer;
        if m.distributed {
            let event = if failure.is_some() { EventType::MapRunFailed } else { EventType::MapRunSucceeded };
            self.emit(event, Some(name), json!({}))?;
        }
        if let Some(failure) = failure {
            return Err(failure);
        }
        self.emit(EventType::MapStateSucceeded, Some(name), json!({}))?;
        self.finish(state, std::borrow::Cow::Borrowed(raw), Value::Array(results), &ctx)
    }

    /// The items: `ItemsPath` (JSONPath), `Items` (JSONata) or the input; they must be an array.
    fn map_items(
        &mut self,
        state: &State,
        m: &crate::model::Map,
        raw: &Value,
        effective: &Value,
        ctx: &Context,
    ) -> Step<Vec<Value>> {
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        if let Some(reader) = &m.item_reader {
            if let Some(items) = self.read_items(state, reader, raw, effective, ctx)? {
                return Ok(items);
            }
        }
        let items = match (&m.items_path, &m.items) {
            (Some(p), _) if !jsonata => self.query(p, effective, ctx)?,
            (_, Some(items)) if jsonata => {
                self.ja(raw, ctx, None, None).typed(items, "Items", "array").map_err(|e| self.field(e))?
            }
            _ => effective.clone(),
        };
        let Value::Array(items) = items else {
            if let (Some(p), false) = (&m.items_path, jsonata) {
                // AWS names the path relative to the object it reads ($$ → $).
                let shown = p.strip_prefix('$').filter(|rest| rest.starts_with('$')).unwrap_or(p);
                return Err(fail("States.Runtime", format!("Reference path \"{shown}\" must point to array.")));
            }
            let message = format!("Map state input must be an array but was: {items}");
            let error = if jsonata { "States.QueryEvaluationError" } else { "States.Runtime" };
            return Err(self.field(FieldError { error, message }));
        };
        Ok(items)
    }

    /// What an `ItemReader` reads: the scenario scripts it under the Map's name, a `Return` of the
    /// items (the objects `s3:listObjectsV2` lists, the array of a JSON file, the rows of a CSV
    /// file) or a `Throw` (a missing bucket or key: the Map fails and may be retried or caught);
    /// `ReaderConfig.MaxItems` cuts the list. `None` when nothing scripts it: the Map reads its
    /// input instead.
    fn read_items(
        &mut self,
        state: &State,
        reader: &crate::model::ItemReader,
        raw: &Value,
        effective: &Value,
        ctx: &Context,
    ) -> Step<Option<Vec<Value>>> {
        let name = state.name.as_str();
        let invocation = self.invocations.entry(state.name.clone()).or_insert(0);
        let number = *invocation;
        *invocation += 1;
        let items = match self.scenario.scripted(name, number) {
            Scripted::Default => return Ok(None),
            Scripted::Outcome(Outcome::Return(v)) => v.clone(),
            Scripted::Outcome(Outcome::Throw { error, cause }) => {
                let cause = cause.clone().unwrap_or_else(|| format!("Scripted failure: {error}"));
                return Err(Halt::Fail(Failure { error: error.clone(), cause, announced: false }));
            }
            Scripted::Exhausted { scripted } => {
                let case = self.scenario.test_case.as_deref().unwrap_or("the scenario");
                return Err(fail(
                    "States.Runtime",
                    format!(
                        "No mocked response for read {} of the ItemReader of '{name}' in test case '{case}': it scripts {scripted}",
                        number + 1
                    ),
                ));
            }
        };
        let Value::Array(mut items) = items else {
            return Err(fail(
                "States.Runtime",
                format!("The ItemReader of '{name}' must be scripted with an array of the items it reads, not {items}"),
            ));
        };
        let config = &reader["ReaderConfig"];
        let max = match (config.get("MaxItems"), &reader.max_items_path) {
            (Some(v), _) => Some(self.whole_number(state, v, "ItemReader/ReaderConfig/MaxItems", raw, ctx)?),
            (None, Some(path)) => Some(self.query(path, effective, ctx)?),
            _ => None,
        };
        // 0 means no limit, as in AWS.
        if let Some(max) = max.and_then(|v| v.as_u64()).filter(|&n| n > 0) {
            items.truncate(max as usize);
        }
        Ok(Some(items))
    }

    /// A field that holds a whole number, or a JSONata expression giving one.
    fn whole_number(&self, state: &State, v: &Value, field: &str, raw: &Value, ctx: &Context) -> Step<Value> {
        if state.query_language == QueryLanguage::Jsonata && v.is_string() {
            return self.ja(raw, ctx, None, None).typed(v, field, "number").map_err(|e| self.field(e));
        }
        Ok(v.clone())
    }

    /// The inputs of a batching Map's iterations, with the number of items in each:
    /// `{"BatchInput": ..., "Items": [...]}`, the items selected one by one by `ItemSelector`
    /// and grouped by `MaxItemsPerBatch` and `MaxInputBytesPerBatch` (256 KiB at most).
    #[allow(clippy::too_many_arguments)]
    fn batches(
        &mut self,
        state: &State,
        m: &crate::model::Map,
        batcher: &crate::model::ItemBatcher,
        raw: &Value,
        effective: &Value,
        ctx: &Context,
        items: Vec<Value>,
    ) -> Step<Vec<(Value, u64)>> {
        let jsonata = state.query_language == QueryLanguage::Jsonata;
        let limit = |this: &Self, field: &str| -> Step<Option<u64>> {
            let v = match (batcher.value.get(field), batcher.path(field)) {
                (Some(v), _) => this.whole_number(state, v, &format!("ItemBatcher/{field}"), raw, ctx)?,
                (None, Some(path)) => this.query(path, effective, ctx)?,
                _ => return Ok(None),
            };
            match v.as_u64() {
                Some(n) if n > 0 => Ok(Some(n)),
                _ => Err(this.state_error(format!("The ItemBatcher's {field} must be a positive integer, not {v}"))),
            }
        };
        let max_items = limit(self, "MaxItemsPerBatch")?.unwrap_or(u64::MAX);
        let max_bytes =
            limit(self, "MaxInputBytesPerBatch")?.unwrap_or(MAX_PAYLOAD_BYTES as u64).min(MAX_PAYLOAD_BYTES as u64);
        let batch_input = match &batcher.batch_input {
            Some(v) if jsonata => Some(
                self.ja(raw, ctx, None, None)
                    .template(v.value(), "ItemBatcher/BatchInput")
                    .map_err(|e| self.field(e))?,
            ),
            Some(v) => Some(self.template(v.template(), effective, ctx)?),
            None => None,
        };
        let mut selected = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            selected.push(self.select_item(state, m, raw, effective, index, item)?);
        }
        let mut batches: Vec<(Vec<Value>, u64)> = Vec::new();
        for item in selected {
            let size = item.to_string().len() as u64;
            match batches.last_mut() {
                Some((batch, bytes)) if (batch.len() as u64) < max_items && *bytes + size <= max_bytes => {
                    batch.push(item);
                    *bytes += size;
                }
                _ => batches.push((vec![item], size)),
            }
        }
        Ok(batches
            .into_iter()
            .map(|(batch, _)| {
                let count = batch.len() as u64;
                let mut input = Map::new();
                if let Some(b) = &batch_input {
                    input.insert("BatchInput".into(), b.clone());
                }
                input.insert("Items".into(), Value::Array(batch));
                (Value::Object(input), count)
            })
            .collect())
    }

    /// One item through the Map's `ItemSelector`, with `$$.Map.Item` set to it.
    fn select_item(
        &mut self,
        state: &State,
        m: &crate::model::Map,
        raw: &Value,
        effective: &Value,
        index: usize,
        item: Value,
    ) -> Step<Value> {
        if m.item_selector.is_none() {
            return Ok(item);
        }
        self.push_map_item(index, item.clone());
        let selected = self.apply_item_selector(state, m, raw, effective, item);
        self.map_item.pop();
        selected
    }

    /// Sets `$$.Map.Item` to item `index` for what runs until it is popped.
    fn push_map_item(&mut self, index: usize, item: Value) {
        let mut entry = Map::with_capacity(2);
        entry.insert("Index".to_string(), Value::from(index));
        entry.insert("Value".to_string(), item);
        self.map_item.push(Rc::new(Value::Object(entry)));
    }

    /// `ItemSelector` applied to `item` (the input itself without one), with `$$.Map.Item`
    /// already set.
    fn apply_item_selector(
        &mut self,
        state: &State,
        m: &crate::model::Map,
        raw: &Value,
        effective: &Value,
        item: Value,
    ) -> Step<Value> {
        let Some(selector) = &m.item_selector else { return Ok(item) };
        let item_ctx = self.context(state);
        if state.query_language == QueryLanguage::Jsonata {
            self.ja(raw, &item_ctx, None, None).template(selector.value(), "ItemSelector").map_err(|e| self.field(e))
        } else {
            self.template(selector.template(), effective, &item_ctx)
        }
    }

    /// TestState with `mock`: the Map's result or error without running an iteration, and
    /// `mapIterationFailureCount` failures checked against the tolerance.
    fn mocked_map(
        &mut self,
        state: &State,
        raw: &Value,
        ctx: &Context,
        mock: Result<Value, (String, String)>,
        tolerance: Tolerance,
        total: usize,
    ) -> Step<Value> {
        let result = match mock {
            Ok(result) => result,
            Err((error, cause)) => return Err(Halt::Fail(Failure { error, cause, announced: false })),
        };
        let failures = self.test.map_iteration_failures.unwrap_or(0);
        if failures > 0 && !tolerance.allows(failures, total) {
            return Err(exceeded_threshold());
        }
        self.finish(state, std::borrow::Cow::Borrowed(raw), result, ctx)
    }

    /// Runs one item through the item processor, between its `MapIteration…` events (in a child
    /// history for a distributed Map). `Err`: the run must stop (the event limit); `Ok`: what
    /// the iteration gave.
    ///
    /// `selected`: `item` is already the iteration's input (a batch), `ItemSelector` is not applied.
    #[allow(clippy::too_many_arguments)]
    fn map_iteration(
        &mut self,
        state: &State,
        m: &crate::model::Map,
        raw: &Value,
        effective: &Value,
        index: usize,
        item: Value,
        selected: bool,
    ) -> Step<Step<Value>> {
        let name = state.name.as_str();
        if m.distributed {
            self.children.push(ChildRun { map_state: name.to_string(), index, history: Vec::new() });
        }
        self.emit(EventType::MapIterationStarted, Some(name), json!({"name": name, "index": index}))?;
        self.push_map_item(index, item.clone());
        // A batch: its items were selected before they were grouped.
        let item_input = if selected { Ok(item) } else { self.apply_item_selector(state, m, raw, effective, item) };
        let result = item_input.and_then(|input| match &m.processor {
            Some(processor) => self.run_machine(processor, input),
            None => Ok(input),
        });
        self.map_item.pop();
        let ended = match &result {
            Ok(_) => self.emit(EventType::MapIterationSucceeded, Some(name), json!({"name": name, "index": index})),
            Err(Halt::Fail(_)) => {
                self.emit(EventType::MapIterationFailed, Some(name), json!({"name": name, "index": index}))
            }
            Err(_) => Ok(()),
        };
        if m.distributed {
            if let Some(child) = self.children.pop() {
                self.map_runs.push(child);
            }
        }
        ended?;
        Ok(result)
    }

    /// `MaxConcurrencyPath` must lead to a whole number (a string that reads as one will do).
    pub(super) fn max_concurrency(&self, m: &crate::model::Map, effective: &Value, ctx: &Context) -> Step<()> {
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
    pub(super) fn map_limits(
        &self,
        m: &crate::model::Map,
        effective: &Value,
        ctx: &Context,
    ) -> Step<(Option<u64>, Option<f64>)> {
        let shown = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        let from_path = |field: &str, path: &Option<PathText>, kind: &str| -> Step<Option<Value>> {
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
}

/// A Map's tolerated failures: a count, a percentage of the items, or both (either suffices).
#[derive(Clone, Copy)]
struct Tolerance {
    count: Option<u64>,
    percentage: Option<f64>,
}

impl Tolerance {
    fn is_set(self) -> bool {
        self.count.is_some() || self.percentage.is_some()
    }

    fn allows(self, failed: u64, total: usize) -> bool {
        self.count.is_some_and(|c| failed <= c)
            || self.percentage.is_some_and(|p| failed as f64 * 100.0 / total.max(1) as f64 <= p)
    }
}

fn exceeded_threshold() -> Halt {
    fail("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded")
}
