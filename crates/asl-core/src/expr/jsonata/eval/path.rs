//! Location paths: steps over sequences, the `@`/`#` tuple streams, predicates and stages,
//! wildcards and descendants.

use std::rc::Rc;

use super::{as_items, flatten_into, seq, to_boolean, Env, Evaluator, Frame};
use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::parser::{Kind, Node, Stage};
use crate::expr::jsonata::value::{Arr, ObjMap, Value};

pub(super) fn frame_from_tuple(env: &Env, tuple: &Value) -> Env {
    let frame = Frame::child(env);
    if let Value::Object(o) = tuple {
        for (k, v) in o.borrow().iter() {
            frame.bind(k, v.clone());
        }
    }
    frame
}

pub(super) fn tuple_focus(t: &Value) -> Value {
    t.get("@")
}

fn new_tuple(focus: Value) -> Value {
    let mut m = ObjMap::new();
    m.insert("@", focus);
    Value::object(m)
}

pub(super) fn copy_tuple(t: &Value) -> ObjMap {
    match t {
        Value::Object(o) => o.borrow().clone(),
        _ => ObjMap::new(),
    }
}

impl<'e> Evaluator<'e> {
    pub(super) fn wildcard(&mut self, input: &Value) -> Value {
        let mut input = input;
        if let Value::Array(a) = input {
            if a.outer_wrapper && !a.items.is_empty() {
                input = &a.items[0];
            }
        }
        let mut results: Vec<Value> = Vec::new();
        let mut plain = false;
        let mut add = |value: &Value, results: &mut Vec<Value>| {
            if let Value::Array(_) = value {
                let mut flat = Vec::new();
                flatten_into(value, &mut flat);
                results.extend(flat);
                plain = true;
            } else {
                results.push(value.clone());
            }
        };
        match input {
            Value::Object(o) => {
                for (_, v) in o.borrow().iter() {
                    add(v, &mut results);
                }
            }
            Value::Array(a) => {
                for v in &a.items {
                    add(v, &mut results);
                }
            }
            _ => {}
        }
        // Appending an array yields a plain array in the reference (`concat`).
        if plain {
            Value::array(results)
        } else {
            Value::from_arr(seq(results))
        }
    }

    #[inline(never)]
    pub(super) fn path(&mut self, node: &Node, steps: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let mut input_seq: Vec<Value> = match input {
            Value::Array(a) if !matches!(steps[0].kind, Kind::Variable(_)) => a.items.clone(),
            v => vec![v.clone()],
        };
        let mut result: Value = Value::Undefined;
        let mut is_tuple_stream = false;
        let mut tuples: Option<Vec<Value>> = None;
        let last = steps.len() - 1;
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                is_tuple_stream = true;
            }
            if i == 0 && step.consarray {
                let inp = Value::from_arr(seq(input_seq.clone()));
                result = self.evaluate(step, &inp, env)?;
            } else if is_tuple_stream {
                tuples = Some(self.tuple_step(step, &input_seq, tuples, env)?);
            } else {
                result = self.step(step, &input_seq, env, i == last)?;
            }
            if !is_tuple_stream {
                match &result {
                    Value::Undefined => break,
                    Value::Array(a) if a.items.is_empty() => break,
                    _ => {}
                }
            }
            // The next step's input (none after the last: copying a long result would be waste).
            if step.focus.is_none() && i < last {
                // `result` is replaced by the next step (or the tuple stream), so it is moved.
                match std::mem::take(&mut result) {
                    Value::Array(a) => input_seq = Rc::try_unwrap(a).map_or_else(|a| a.items.clone(), |a| a.items),
                    Value::Undefined => input_seq.clear(),
                    v => {
                        input_seq.clear();
                        input_seq.push(v);
                    }
                }
            }
        }
        let tuples = tuples.unwrap_or_default();
        if is_tuple_stream {
            if node.tuple {
                result = Value::from_arr(Arr {
                    items: tuples.clone(),
                    sequence: true,
                    tuple_stream: true,
                    ..Arr::default()
                });
            } else {
                result = Value::from_arr(seq(tuples.iter().map(tuple_focus).collect()));
            }
        }
        if node.keep_singleton_array {
            let mut arr = match result {
                Value::Array(a) if a.cons && !a.sequence => seq(vec![Value::Array(a)]),
                Value::Array(a) => (*a).clone(),
                Value::Undefined => seq(Vec::new()),
                v => seq(vec![v]),
            };
            arr.keep_singleton = true;
            result = Value::from_arr(arr);
        }
        if let Some(group) = &node.group {
            let data = if is_tuple_stream {
                Value::from_arr(Arr { items: tuples, sequence: true, tuple_stream: true, ..Arr::default() })
            } else {
                result
            };
            result = self.group(group, data, env)?;
        }
        Ok(result)
    }

    #[inline(never)]
    fn step(&mut self, step: &Node, input: &[Value], env: &Env, last_step: bool) -> Result<Value> {
        if let Kind::Sort(_) = step.kind {
            let mut r = self.sort_step(step, input.to_vec(), false, env)?;
            if !step.stages.is_empty() {
                r = self.stages(&step.stages, r, env)?;
            }
            return Ok(r);
        }
        if let ([item], true) = (input, step.stages.is_empty()) {
            return self.single_step(step, item, env, last_step);
        }
        let mut results: Vec<Value> = Vec::new();
        for item in input {
            let mut res = self.evaluate(step, item, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    res = self.filter(p, res, env)?;
                }
            }
            if !res.is_undefined() {
                results.push(res);
            }
        }
        if last_step && results.len() == 1 {
            if let Value::Array(a) = &results[0] {
                if !a.sequence {
                    return Ok(results.pop().unwrap_or_default());
                }
            }
        }
        let mut out = Vec::new();
        for res in results {
            match res {
                Value::Array(a) if !a.cons => out.extend(a.items.iter().cloned()),
                v => out.push(v),
            }
        }
        Ok(Value::from_arr(seq(out)))
    }

    /// `step` on one input item without stages (the common case of a field step), as the loop in
    /// `step` would do it, without its vectors: an intermediate step may give a bare value.
    fn single_step(&mut self, step: &Node, item: &Value, env: &Env, last_step: bool) -> Result<Value> {
        Ok(match self.evaluate(step, item, env)? {
            Value::Undefined => Value::from_arr(seq(Vec::new())),
            Value::Array(a) if last_step && !a.sequence => Value::Array(a),
            Value::Array(a) if a.cons => Value::from_arr(seq(vec![Value::Array(a)])),
            Value::Array(a) => {
                let plain_sequence = a.sequence && !a.keep_singleton && !a.outer_wrapper && !a.tuple_stream;
                if plain_sequence {
                    Value::Array(a)
                } else {
                    Value::from_arr(seq(a.items.clone()))
                }
            }
            v if last_step => Value::from_arr(seq(vec![v])),
            v => v,
        })
    }

    #[inline(never)]
    fn tuple_step(
        &mut self,
        step: &Node,
        input: &[Value],
        tuples: Option<Vec<Value>>,
        env: &Env,
    ) -> Result<Vec<Value>> {
        if let Kind::Sort(_) = step.kind {
            let mut result = match tuples {
                Some(t) => {
                    let v = self.sort_step(step, t, true, env)?;
                    as_items(&v)
                }
                None => {
                    let sorted = self.sort_step(step, input.to_vec(), false, env)?;
                    let mut out = Vec::new();
                    for (i, item) in as_items(&sorted).into_iter().enumerate() {
                        let mut m = ObjMap::new();
                        m.insert("@", item);
                        if let Some(idx) = &step.index {
                            m.insert(idx, Value::Number(i as f64));
                        }
                        out.push(Value::object(m));
                    }
                    out
                }
            };
            if !step.stages.is_empty() {
                let v = Value::from_arr(Arr { items: result, sequence: true, tuple_stream: true, ..Arr::default() });
                result = as_items(&self.stages(&step.stages, v, env)?);
            }
            return Ok(result);
        }
        let tuples = tuples.unwrap_or_else(|| input.iter().map(|i| new_tuple(i.clone())).collect());
        let mut result = Vec::new();
        for tuple in &tuples {
            let step_env = frame_from_tuple(env, tuple);
            let focus = tuple_focus(tuple);
            let res = self.evaluate(step, &focus, &step_env)?;
            if res.is_undefined() {
                continue;
            }
            let (items, is_stream) = match &res {
                Value::Array(a) => (a.items.clone(), a.tuple_stream),
                v => (vec![v.clone()], false),
            };
            for (bb, item) in items.into_iter().enumerate() {
                let mut t = copy_tuple(tuple);
                if is_stream {
                    if let Value::Object(o) = &item {
                        for (k, v) in o.borrow().iter() {
                            t.insert(k, v.clone());
                        }
                    }
                } else {
                    if let Some(f) = &step.focus {
                        t.insert(f, item);
                        t.insert("@", focus.clone());
                    } else {
                        t.insert("@", item);
                    }
                    if let Some(idx) = &step.index {
                        t.insert(idx, Value::Number(bb as f64));
                    }
                    if let Some(anc) = &step.ancestor {
                        t.insert(&anc.borrow().label, focus.clone());
                    }
                }
                result.push(Value::object(t));
            }
        }
        if !step.stages.is_empty() {
            let v = Value::from_arr(Arr { items: result, sequence: true, tuple_stream: true, ..Arr::default() });
            result = as_items(&self.stages(&step.stages, v, env)?);
        }
        Ok(result)
    }

    fn stages(&mut self, stages: &[Stage], input: Value, env: &Env) -> Result<Value> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter(p) => result = self.filter(p, result, env)?,
                Stage::Index(name) => {
                    if let Value::Array(a) = &result {
                        for (i, t) in a.items.iter().enumerate() {
                            if let Value::Object(o) = t {
                                o.borrow_mut().insert(name, Value::Number(i as f64));
                            }
                        }
                    }
                }
            }
        }
        Ok(result)
    }

    #[inline(never)]
    pub(super) fn filter(&mut self, predicate: &Node, input: Value, env: &Env) -> Result<Value> {
        let tuple_stream = matches!(&input, Value::Array(a) if a.tuple_stream);
        let items = match &input {
            Value::Array(a) => a.items.clone(),
            v => vec![v.clone()],
        };
        let mut results = Arr { sequence: true, tuple_stream, ..Arr::default() };
        if let Kind::Num(n) = predicate.kind {
            let mut index = n.floor();
            if index < 0.0 {
                index += items.len() as f64;
            }
            if index >= 0.0 {
                if let Some(item) = items.get(index as usize) {
                    match item {
                        Value::Array(_) => return Ok(item.clone()),
                        Value::Undefined => {}
                        v => results.items.push(v.clone()),
                    }
                }
            }
            return Ok(Value::from_arr(results));
        }
        let len = items.len() as f64;
        for (index, item) in items.iter().enumerate() {
            let (context, env2) = if tuple_stream {
                (tuple_focus(item), frame_from_tuple(env, item))
            } else {
                (item.clone(), env.clone())
            };
            let res = self.evaluate(predicate, &context, &env2)?;
            let nums: Option<Vec<f64>> = match &res {
                Value::Number(n) if n.is_finite() => Some(vec![*n]),
                Value::Array(a) if a.items.iter().all(|i| matches!(i, Value::Number(_))) => {
                    Some(a.items.iter().filter_map(Value::as_f64).collect())
                }
                _ => None,
            };
            if let Some(nums) = nums {
                for n in nums {
                    let mut ii = n.floor();
                    if ii < 0.0 {
                        ii += len;
                    }
                    if ii == index as f64 {
                        results.items.push(item.clone());
                    }
                }
            } else if to_boolean(&res) == Some(true) {
                results.items.push(item.clone());
            }
        }
        Ok(Value::from_arr(results))
    }
}

pub(super) fn descendants(input: &Value, out: &mut Vec<Value>) {
    match input {
        Value::Array(a) => a.items.iter().for_each(|m| descendants(m, out)),
        Value::Object(o) => {
            out.push(input.clone());
            for (_, v) in o.borrow().iter() {
                descendants(v, out);
            }
        }
        v => out.push(v.clone()),
    }
}
