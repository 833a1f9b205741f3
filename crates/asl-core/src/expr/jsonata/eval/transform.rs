//! The transform operator `| pattern | update, delete |`, applied to a deep copy of its input.

use super::{as_items, Env, Evaluator};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::parser::TransformDef;
use crate::expr::jsonata::value::Value;

impl<'e> Evaluator<'e> {
    #[inline(never)]
    pub(super) fn transform(&mut self, def: &TransformDef, obj: Value, env: &Env, pos: usize) -> Result<Value> {
        match &obj {
            Value::Undefined => return Ok(Value::Undefined),
            Value::Object(_) | Value::Array(_) => {}
            _ => return Err(Error::new("T0410", pos)),
        }
        let result = obj.deep_clone();
        let matches = self.evaluate(&def.pattern, &result, env)?;
        if matches.is_undefined() {
            return Ok(result);
        }
        for m in as_items(&matches) {
            let update = self.evaluate(&def.update, &m, env)?;
            match &update {
                Value::Undefined => {}
                Value::Object(u) => {
                    if let Value::Object(target) = &m {
                        let entries: Vec<(String, Value)> =
                            u.borrow().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                        let mut t = target.borrow_mut();
                        for (k, v) in entries {
                            t.insert(&k, v);
                        }
                    }
                }
                _ => return Err(Error::new("T2011", def.update.pos)),
            }
            if let Some(del) = &def.delete {
                let deletions = self.evaluate(del, &m, env)?;
                if deletions.is_undefined() {
                    continue;
                }
                let keys = as_items(&deletions);
                if !keys.iter().all(|k| matches!(k, Value::String(_))) {
                    return Err(Error::new("T2012", del.pos));
                }
                if let Value::Object(target) = &m {
                    let mut t = target.borrow_mut();
                    for k in keys {
                        if let Value::String(k) = k {
                            t.remove(&k);
                        }
                    }
                }
            }
        }
        Ok(result)
    }
}
