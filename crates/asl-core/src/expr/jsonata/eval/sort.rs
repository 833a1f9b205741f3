//! Sorting: the `^(...)` step; the stable merge sort (`crate::sort::merge_sort`) it shares with
//! `$sort` and the rest of the core.

use super::path::{frame_from_tuple, tuple_focus};
use super::{cmp_js_str, Env, Evaluator};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::parser::{Kind, Node};
use crate::expr::jsonata::value::{Arr, Value};
use crate::sort::merge_sort;

impl<'e> Evaluator<'e> {
    #[inline(never)]
    pub(super) fn sort_step(&mut self, node: &Node, items: Vec<Value>, tuples: bool, env: &Env) -> Result<Value> {
        let Kind::Sort(terms) = &node.kind else { return Ok(Value::array(items)) };
        if items.len() <= 1 {
            // The reference returns a short input as it is (still a sequence).
            return Ok(Value::from_arr(Arr { items, sequence: true, tuple_stream: tuples, ..Arr::default() }));
        }
        let pos = node.pos;
        let mut keyed: Vec<(Vec<Value>, Value)> = Vec::new();
        for item in items {
            let (context, env2) =
                if tuples { (tuple_focus(&item), frame_from_tuple(env, &item)) } else { (item.clone(), env.clone()) };
            let mut keys = Vec::new();
            for (expr, _) in terms {
                keys.push(self.evaluate(expr, &context, &env2)?);
            }
            keyed.push((keys, item));
        }
        let mut err = None;
        let mut cmp = |a: usize, b: usize| -> bool {
            let (a, b) = (&keyed[a], &keyed[b]);
            for (i, (_, desc)) in terms.iter().enumerate() {
                let (aa, bb) = (&a.0[i], &b.0[i]);
                let c: i32 = match (aa, bb) {
                    (Value::Undefined, Value::Undefined) => 0,
                    (Value::Undefined, _) => 1,
                    (_, Value::Undefined) => -1,
                    (Value::Number(x), Value::Number(y)) => {
                        let c = if x == y {
                            0
                        } else if x < y {
                            -1
                        } else {
                            1
                        };
                        if *desc {
                            -c
                        } else {
                            c
                        }
                    }
                    (Value::String(x), Value::String(y)) => {
                        let c = match cmp_js_str(x, y) {
                            std::cmp::Ordering::Less => -1,
                            std::cmp::Ordering::Equal => 0,
                            std::cmp::Ordering::Greater => 1,
                        };
                        if *desc {
                            -c
                        } else {
                            c
                        }
                    }
                    (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
                        err.get_or_insert(Error::new("T2007", pos));
                        0
                    }
                    _ => {
                        err.get_or_insert(Error::new("T2008", pos));
                        0
                    }
                };
                if c != 0 {
                    return c == 1;
                }
            }
            false
        };
        let order = merge_sort(keyed.len(), &mut cmp);
        if let Some(e) = err {
            return Err(e);
        }
        Ok(Value::array(order.into_iter().map(|i| keyed[i].1.clone()).collect()))
    }
}
