//! Grouping: object constructors `{k: v}` over a sequence or a tuple stream.

use super::path::{copy_tuple, frame_from_tuple, tuple_focus};
use super::{append, Env, Evaluator};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::parser::Group;
use crate::expr::jsonata::value::{ObjMap, Value};

impl<'e> Evaluator<'e> {
    #[inline(never)]
    pub(super) fn group(&mut self, group: &Group, input: Value, env: &Env) -> Result<Value> {
        let reduce = matches!(&input, Value::Array(a) if a.tuple_stream);
        let mut items = match &input {
            Value::Array(a) => a.items.clone(),
            v => vec![v.clone()],
        };
        if items.is_empty() {
            items.push(Value::Undefined);
        }
        // key -> (data, pair index), in first-seen order
        let mut groups: Vec<(String, Value, usize)> = Vec::new();
        for item in &items {
            let env2 = if reduce { frame_from_tuple(env, item) } else { env.clone() };
            let context = if reduce { tuple_focus(item) } else { item.clone() };
            for (pair_index, (k, _)) in group.pairs.iter().enumerate() {
                let key = self.evaluate(k, &context, &env2)?;
                let key = match key {
                    Value::Undefined => continue,
                    Value::String(s) => s.to_string(),
                    _ => return Err(Error::new("T1003", group.pos)),
                };
                if let Some(g) = groups.iter_mut().find(|g| g.0 == key) {
                    if g.2 != pair_index {
                        return Err(Error::new("D1009", group.pos).with_token(key));
                    }
                    g.1 = append(std::mem::take(&mut g.1), item.clone());
                } else {
                    groups.push((key, item.clone(), pair_index));
                }
            }
        }
        let mut result = ObjMap::new();
        for (key, data, pair_index) in groups {
            let (context, env2) = if reduce {
                let tuple = reduce_tuple_stream(&data);
                let focus = tuple.get("@").cloned().unwrap_or_default();
                let mut t = tuple;
                t.remove("@");
                (focus, frame_from_tuple(env, &Value::object(t)))
            } else {
                (data, env.clone())
            };
            let value = self.evaluate(&group.pairs[pair_index].1, &context, &env2)?;
            if !value.is_undefined() {
                result.insert(&key, value);
            }
        }
        Ok(Value::object(result))
    }
}

fn reduce_tuple_stream(data: &Value) -> ObjMap {
    match data {
        Value::Array(a) if !a.items.is_empty() => {
            let mut result = copy_tuple(&a.items[0]);
            for t in &a.items[1..] {
                if let Value::Object(o) = t {
                    for (k, v) in o.borrow().iter() {
                        let prev = result.get(k).cloned().unwrap_or_default();
                        result.insert(k, append(prev, v.clone()));
                    }
                }
            }
            result
        }
        v => copy_tuple(v),
    }
}
