//! The evaluator: a port of the reference implementation's semantics (sequences, singleton
//! unwrapping, tuple streams for `@`/`#`/`%`, lambdas with tail calls, partial application).
//! Split by concern: frames, sequence helpers, paths and tuple streams, operators, calls,
//! grouping, sorting and transforms; this file holds the evaluator and its node dispatch.

mod call;
mod frame;
mod group;
mod operators;
mod path;
mod sequence;
mod sort;
mod transform;

use std::rc::Rc;

use super::error::{Error, Result};
use super::parser::{Kind, Node, Stage};
use super::value::{Arr, Value};
use super::Environment;

pub use crate::sort::merge_sort;
pub use call::Func;
pub use frame::{frames_mark, frames_release, Env, Frame};
pub use operators::cmp_js_str;
pub use sequence::{append, flatten_into, lookup_field, to_boolean};

use path::descendants;
use sequence::{as_items, seq};

/// Marks an error whose position the enclosing function call fills in.
pub const UNSET: usize = usize::MAX;

pub struct Evaluator<'e> {
    pub cfg: &'e Environment,
    depth: usize,
    steps: u64,
    pub rng_state: u64,
    stack_base: usize,
}

fn at(mut e: Error, pos: usize) -> Error {
    if e.position == UNSET {
        e.position = pos;
        e
    } else {
        e
    }
}

impl<'e> Evaluator<'e> {
    pub fn new(cfg: &'e Environment) -> Self {
        Evaluator { cfg, depth: 0, steps: 0, rng_state: cfg.random_seed ^ 0x9E37_79B9_7F4A_7C15, stack_base: 0 }
    }

    pub fn evaluate(&mut self, node: &Node, input: &Value, env: &Env) -> Result<Value> {
        // The native stack in use since evaluation began, from the address of a local: deep
        // recursion ends with U1001 before it can overflow the (small, in the browser) stack.
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        if self.stack_base == 0 {
            self.stack_base = here;
        }
        if self.stack_base.abs_diff(here) > self.cfg.max_stack_bytes {
            return Err(Error::new("U1001", node.pos));
        }
        self.depth += 1;
        self.steps += 1;
        if self.depth > self.cfg.max_depth {
            return Err(Error::new("U1001", node.pos));
        }
        if self.steps > self.cfg.max_steps {
            return Err(
                Error::new("U1001", node.pos).with_message("Expression evaluation timeout: Check for infinite loop")
            );
        }
        let mut result = self.evaluate_kind(node, input, env)?;
        for stage in &node.predicate {
            if let Stage::Filter(p) = stage {
                result = self.filter(p, result, env)?;
            }
        }
        if !matches!(node.kind, Kind::Path(_)) {
            if let Some(group) = &node.group {
                result = self.group(group, result, env)?;
            }
        }
        self.depth -= 1;
        if let Value::Array(a) = &mut result {
            if a.sequence && !a.tuple_stream {
                if node.keep_array && !a.keep_singleton {
                    Rc::make_mut(a).keep_singleton = true;
                }
                match a.items.len() {
                    0 => return Ok(Value::Undefined),
                    1 if !a.keep_singleton => return Ok(a.items[0].clone()),
                    _ => {}
                }
            }
        }
        Ok(result)
    }

    /// Dispatch only: the work is in small functions so that each level of recursion keeps
    /// little on the stack.
    fn evaluate_kind(&mut self, node: &Node, input: &Value, env: &Env) -> Result<Value> {
        match &node.kind {
            Kind::Path(steps) => self.path(node, steps, input, env),
            Kind::Binary(op, lhs, rhs) => self.binary(node, *op, lhs, rhs, input, env),
            Kind::ArrayCons(items) => self.array_cons(node, items, input, env),
            Kind::Name(name) => Ok(lookup_field(input, name)),
            Kind::Str(s) => Ok(Value::String(s.clone())),
            Kind::Num(n) => Ok(Value::Number(*n)),
            Kind::Value(Some(b)) => Ok(Value::Bool(*b)),
            Kind::Value(None) => Ok(Value::Null),
            Kind::Condition(c, t, e) => self.condition(c, t, e.as_deref(), input, env),
            Kind::Default(a, b, coalesce) => self.default(a, b, *coalesce, input, env),
            Kind::Block(exprs) => self.block(exprs, input, env),
            Kind::Function(procedure, args) => self.call(node, procedure, args, input, env, None),
            Kind::Placeholder => Ok(Value::Undefined),
            Kind::Variable(name) => Ok(if name.is_empty() {
                match input {
                    Value::Array(a) if a.outer_wrapper => a.items.first().cloned().unwrap_or_default(),
                    v => v.clone(),
                }
            } else {
                env.lookup(name).unwrap_or_default()
            }),
            Kind::Apply(lhs, rhs) => self.apply_expr(node, lhs, rhs, input, env),
            _ => self.other_kind(node, input, env),
        }
    }

    #[inline(never)]
    fn array_cons(&mut self, node: &Node, items: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let mut out: Vec<Value> = Vec::new();
        for item in items {
            let v = self.evaluate(item, input, env)?;
            if v.is_undefined() {
                continue;
            }
            if matches!(item.kind, Kind::ArrayCons(_)) {
                out.push(v);
            } else {
                match v {
                    Value::Array(a) => out.extend(a.items.iter().cloned()),
                    v => out.push(v),
                }
            }
        }
        Ok(Value::from_arr(Arr { items: out, cons: node.consarray, ..Arr::default() }))
    }

    #[inline(never)]
    fn block(&mut self, exprs: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let frame = Frame::child(env);
        let mut result = Value::Undefined;
        for e in exprs {
            result = self.evaluate(e, input, &frame)?;
        }
        Ok(result)
    }

    #[inline(never)]
    fn other_kind(&mut self, node: &Node, input: &Value, env: &Env) -> Result<Value> {
        Ok(match &node.kind {
            Kind::Neg(e) => match self.evaluate(e, input, env)? {
                Value::Undefined => Value::Undefined,
                Value::Number(n) if n.is_finite() => Value::Number(-n),
                Value::Number(_) => return Err(Error::new("D1001", node.pos).with_token("-")),
                _ => return Err(Error::new("D1002", node.pos).with_token("-")),
            },
            Kind::Descendant => {
                if input.is_undefined() {
                    Value::Undefined
                } else {
                    let mut out = Vec::new();
                    descendants(input, &mut out);
                    if out.len() == 1 {
                        out.pop().unwrap_or_default()
                    } else {
                        Value::from_arr(seq(out))
                    }
                }
            }
            Kind::Wildcard => self.wildcard(input),
            Kind::Parent(slot) => env.lookup(&slot.borrow().label).unwrap_or_default(),
            Kind::Regex(r) => Value::Function(Rc::new(Func::Regex(r.clone()))),
            Kind::Partial(procedure, args) => self.partial(node, procedure, args, input, env)?,
            Kind::Lambda(def) => {
                Value::Function(Rc::new(Func::Lambda { def: def.clone(), input: input.clone(), env: env.clone() }))
            }
            Kind::Transform(def) => {
                Value::Function(Rc::new(Func::Transform { def: def.clone(), env: env.clone(), pos: node.pos }))
            }
            Kind::Sort(_) => {
                let items = as_items(input);
                self.sort_step(node, items, false, env)?
            }
            Kind::ObjectCons(group) => self.group(group, input.clone(), env)?,
            Kind::Bind(name, rhs) => {
                let v = self.evaluate(rhs, input, env)?;
                env.bind(name, v.clone());
                v
            }
            _ => Value::Undefined,
        })
    }

    /// A pseudo-random number in [0, 1) from the environment's seeded generator (xorshift*).
    pub fn next_random(&mut self) -> f64 {
        let mut x = self.rng_state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng_state = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}
