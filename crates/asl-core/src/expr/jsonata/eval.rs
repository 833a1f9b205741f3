//! The evaluator: a port of the reference implementation's semantics (sequences, singleton
//! unwrapping, tuple streams for `@`/`#`/`%`, lambdas with tail calls, partial application).

use std::cell::RefCell;
use std::rc::Rc;

use super::error::{Error, Result};
use super::functions::{self, Builtin};
use super::parser::{BinaryOp, Group, Kind, LambdaDef, Node, Regex, Stage, TransformDef};
use super::signature::Signature;
use super::value::{deep_equal, Arr, ObjMap, Value};
use super::Environment;

/// Marks an error whose position the enclosing function call fills in.
pub const UNSET: usize = usize::MAX;

/// A scope of variable bindings.
#[derive(Debug, Default)]
pub struct Frame {
    vars: RefCell<Vec<(Rc<str>, Value)>>,
    parent: Option<Env>,
}
pub type Env = Rc<Frame>;

thread_local! {
    /// Every frame made during the current evaluation: a lambda bound in the frame it closes
    /// over is a reference cycle, so the frames are emptied once the evaluation is over.
    static FRAMES: RefCell<Vec<std::rc::Weak<Frame>>> = const { RefCell::new(Vec::new()) };
}

/// Marks where an evaluation starts in the frame registry.
pub fn frames_mark() -> usize {
    FRAMES.with(|f| f.borrow().len())
}

/// Empties the frames made since `mark`, breaking lambda–frame cycles so they are freed.
pub fn frames_release(mark: usize) {
    let frames: Vec<_> = FRAMES.with(|f| {
        let mut f = f.borrow_mut();
        let at = mark.min(f.len());
        f.split_off(at)
    });
    for frame in frames.iter().filter_map(std::rc::Weak::upgrade) {
        // Taken out first: dropping the values may drop other frames.
        let vars = std::mem::take(&mut *frame.vars.borrow_mut());
        drop(vars);
    }
}

impl Frame {
    pub fn child(parent: &Env) -> Env {
        let frame = Rc::new(Frame { vars: RefCell::new(Vec::new()), parent: Some(parent.clone()) });
        FRAMES.with(|f| f.borrow_mut().push(Rc::downgrade(&frame)));
        frame
    }
    pub fn bind(&self, name: &str, value: Value) {
        let mut vars = self.vars.borrow_mut();
        if let Some(slot) = vars.iter_mut().find(|(k, _)| &**k == name) {
            slot.1 = value;
        } else {
            vars.push((Rc::from(name), value));
        }
    }
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some((_, v)) = self.vars.borrow().iter().find(|(k, _)| &**k == name) {
            return Some(v.clone());
        }
        match &self.parent {
            Some(p) => p.lookup(name),
            None => functions::lookup(name).map(|b| Value::Function(Rc::new(Func::Builtin(b)))),
        }
    }
}

/// A function value.
#[derive(Debug)]
pub enum Func {
    Lambda {
        def: Rc<LambdaDef>,
        input: Value,
        env: Env,
    },
    Builtin(&'static Builtin),
    /// A partial application: `None` marks a `?` placeholder.
    Partial {
        func: Value,
        args: Vec<Option<Value>>,
    },
    /// `f ~> g`: applies `f` then `g`.
    Chain(Value, Value),
    Regex(Rc<Regex>),
    Transform {
        def: Rc<TransformDef>,
        env: Env,
        pos: usize,
    },
}

impl Func {
    /// The number of arguments higher-order functions pass to it.
    pub fn arity(&self) -> usize {
        match self {
            Func::Lambda { def, .. } => def.params.len(),
            Func::Builtin(b) => usize::from(b.arity),
            Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Func::Chain(..) | Func::Regex(_) | Func::Transform { .. } => 1,
        }
    }
}

pub struct Evaluator<'e> {
    pub cfg: &'e Environment,
    depth: usize,
    steps: u64,
    pub rng_state: u64,
    stack_base: usize,
}

fn seq(items: Vec<Value>) -> Arr {
    Arr { items, sequence: true, ..Arr::default() }
}

fn as_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.items.clone(),
        v => vec![v.clone()],
    }
}

/// `fn.append`: concatenation into a plain (non-sequence) array.
pub fn append(a: Value, b: Value) -> Value {
    if a.is_undefined() {
        return b;
    }
    if b.is_undefined() {
        return a;
    }
    let mut items = as_items(&a);
    items.extend(as_items(&b));
    Value::array(items)
}

pub fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten_into(i, out)),
        v => out.push(v.clone()),
    }
}

/// `fn.lookup`: a field of an object, mapped over arrays.
pub fn lookup_field(input: &Value, key: &str) -> Value {
    match input {
        Value::Array(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup_field(item, key) {
                    Value::Undefined => {}
                    Value::Array(r) => out.extend(r.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            Value::from_arr(seq(out))
        }
        Value::Object(o) => o.borrow().get(key).cloned().unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// `fn.boolean`: JSONata truthiness (`None` for undefined).
pub fn to_boolean(v: &Value) -> Option<bool> {
    Some(match v {
        Value::Undefined => return None,
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => match a.items.len() {
            0 => false,
            1 => to_boolean(&a.items[0]).unwrap_or(false),
            _ => a.items.iter().any(|i| to_boolean(i) == Some(true)),
        },
        Value::Object(o) => !o.borrow().is_empty(),
        Value::Function(_) => false,
    })
}

fn frame_from_tuple(env: &Env, tuple: &Value) -> Env {
    let frame = Frame::child(env);
    if let Value::Object(o) = tuple {
        for (k, v) in o.borrow().iter() {
            frame.bind(k, v.clone());
        }
    }
    frame
}

fn tuple_focus(t: &Value) -> Value {
    t.get("@")
}

fn new_tuple(focus: Value) -> Value {
    let mut m = ObjMap::new();
    m.insert("@", focus);
    Value::object(m)
}

fn copy_tuple(t: &Value) -> ObjMap {
    match t {
        Value::Object(o) => o.borrow().clone(),
        _ => ObjMap::new(),
    }
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
    fn condition(&mut self, c: &Node, t: &Node, e: Option<&Node>, input: &Value, env: &Env) -> Result<Value> {
        let cond = self.evaluate(c, input, env)?;
        if to_boolean(&cond) == Some(true) {
            self.evaluate(t, input, env)
        } else if let Some(e) = e {
            self.evaluate(e, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    /// `a ?: b`, `a ?? b`: the left side once, as its value and as the condition.
    #[inline(never)]
    fn default(&mut self, a: &Node, b: &Node, coalesce: bool, input: &Value, env: &Env) -> Result<Value> {
        let v = self.evaluate(a, input, env)?;
        let keep = if coalesce { !v.is_undefined() } else { to_boolean(&v) == Some(true) };
        if keep {
            Ok(v)
        } else {
            self.evaluate(b, input, env)
        }
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
    fn apply_expr(&mut self, node: &Node, lhs: &Node, rhs: &Node, input: &Value, env: &Env) -> Result<Value> {
        let l = self.evaluate(lhs, input, env)?;
        if let Kind::Function(procedure, args) = &rhs.kind {
            return self.call(rhs, procedure, args, input, env, Some(l));
        }
        let f = self.evaluate(rhs, input, env)?;
        if !f.is_function() {
            return Err(Error::new("T2006", node.pos));
        }
        if l.is_function() {
            Ok(Value::Function(Rc::new(Func::Chain(l, f))))
        } else {
            self.apply(&f, vec![l], &Value::Null, env).map_err(|e| at(e, node.pos))
        }
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

    fn wildcard(&mut self, input: &Value) -> Value {
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

    // -----------------------------------------------------------------------------------------
    // Paths

    #[inline(never)]
    fn path(&mut self, node: &Node, steps: &[Node], input: &Value, env: &Env) -> Result<Value> {
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
    fn filter(&mut self, predicate: &Node, input: Value, env: &Env) -> Result<Value> {
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

    // -----------------------------------------------------------------------------------------
    // Grouping and sorting

    #[inline(never)]
    fn group(&mut self, group: &Group, input: Value, env: &Env) -> Result<Value> {
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

    #[inline(never)]
    fn sort_step(&mut self, node: &Node, items: Vec<Value>, tuples: bool, env: &Env) -> Result<Value> {
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

    // -----------------------------------------------------------------------------------------
    // Operators

    #[inline(never)]
    fn binary(&mut self, node: &Node, op: BinaryOp, lhs: &Node, rhs: &Node, input: &Value, env: &Env) -> Result<Value> {
        let l = self.evaluate(lhs, input, env)?;
        let pos = node.pos;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let lb = to_boolean(&l).unwrap_or(false);
            if op == BinaryOp::And && !lb {
                return Ok(Value::Bool(false));
            }
            if op == BinaryOp::Or && lb {
                return Ok(Value::Bool(true));
            }
        }
        let r = self.evaluate(rhs, input, env)?;
        let e = |code: &'static str| Error::new(code, pos).with_token(op.as_str());
        Ok(match op {
            BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => {
                // An infinite operand is out of range (the reference's `isNumeric`).
                if matches!(l, Value::Number(n) if n.is_infinite()) || matches!(r, Value::Number(n) if n.is_infinite())
                {
                    return Err(e("D1001"));
                }
                if !l.is_undefined() && !l.is_numeric() {
                    return Err(e("T2001"));
                }
                if !r.is_undefined() && !r.is_numeric() {
                    return Err(e("T2002"));
                }
                let (Value::Number(a), Value::Number(b)) = (&l, &r) else { return Ok(Value::Undefined) };
                let n = match op {
                    BinaryOp::Add => a + b,
                    BinaryOp::Subtract => a - b,
                    BinaryOp::Multiply => a * b,
                    BinaryOp::Divide => a / b,
                    _ => super::value::js_rem(*a, *b),
                };
                Value::Number(n)
            }
            BinaryOp::Equal | BinaryOp::NotEqual => {
                if l.is_undefined() || r.is_undefined() {
                    return Ok(Value::Bool(false));
                }
                Value::Bool(deep_equal(&l, &r) == (op == BinaryOp::Equal))
            }
            BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual => {
                let comparable = |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
                if !comparable(&l) || !comparable(&r) {
                    return Err(e("T2010"));
                }
                if l.is_undefined() || r.is_undefined() {
                    return Ok(Value::Undefined);
                }
                let ord = match (&l, &r) {
                    (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
                    (Value::String(a), Value::String(b)) => Some(cmp_js_str(a, b)),
                    _ => return Err(e("T2009")),
                };
                let Some(ord) = ord else { return Ok(Value::Bool(false)) };
                use std::cmp::Ordering::*;
                Value::Bool(match op {
                    BinaryOp::Less => ord == Less,
                    BinaryOp::LessEqual => ord != Greater,
                    BinaryOp::Greater => ord == Greater,
                    _ => ord != Less,
                })
            }
            BinaryOp::Concat => {
                let mut s = String::new();
                if !l.is_undefined() {
                    s.push_str(&functions::string_of(&l, false).map_err(|x| at(x, pos))?);
                }
                if !r.is_undefined() {
                    s.push_str(&functions::string_of(&r, false).map_err(|x| at(x, pos))?);
                }
                Value::str(&s)
            }
            BinaryOp::Range => {
                let int = |v: &Value| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.is_finite());
                if !l.is_undefined() && !int(&l) {
                    return Err(e("T2003"));
                }
                if !r.is_undefined() && !int(&r) {
                    return Err(e("T2004"));
                }
                let (Value::Number(a), Value::Number(b)) = (&l, &r) else { return Ok(Value::Undefined) };
                if a > b {
                    return Ok(Value::Undefined);
                }
                let size = b - a + 1.0;
                if size > 1e7 {
                    return Err(e("D2014"));
                }
                let (a, b) = (*a as i64, *b as i64);
                Value::from_arr(seq((a..=b).map(|i| Value::Number(i as f64)).collect()))
            }
            BinaryOp::In => {
                if l.is_undefined() || r.is_undefined() {
                    return Ok(Value::Bool(false));
                }
                let items = as_items(&r);
                Value::Bool(items.iter().any(|i| strict_equal(i, &l)))
            }
            // The left side did not decide: the right one does.
            BinaryOp::And | BinaryOp::Or => Value::Bool(to_boolean(&r).unwrap_or(false)),
        })
    }

    // -----------------------------------------------------------------------------------------
    // Functions

    #[inline(never)]
    fn call(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        input: &Value,
        env: &Env,
        applyto: Option<Value>,
    ) -> Result<Value> {
        let proc = self.evaluate(procedure, input, env)?;
        let name = proc_name(procedure);
        if proc.is_undefined() {
            if let Kind::Path(steps) = &procedure.kind {
                if let Kind::Name(n) = &steps[0].kind {
                    if env.lookup(n).is_some() {
                        return Err(Error::new("T1005", node.pos).with_token(n.clone()));
                    }
                }
            }
        }
        let mut evaluated = Vec::new();
        if let Some(ctx) = applyto {
            evaluated.push(ctx);
        }
        for a in args {
            evaluated.push(self.evaluate(a, input, env)?);
        }
        self.apply(&proc, evaluated, input, env).map_err(|e| {
            let mut e = at(e, node.pos);
            if e.token.is_none() && !name.is_empty() {
                e.token = Some(name.clone());
                e
            } else {
                e
            }
        })
    }

    #[inline(never)]
    fn partial(&mut self, node: &Node, procedure: &Node, args: &[Node], input: &Value, env: &Env) -> Result<Value> {
        let mut evaluated = Vec::new();
        for a in args {
            if let Kind::Placeholder = a.kind {
                evaluated.push(None);
            } else {
                evaluated.push(Some(self.evaluate(a, input, env)?));
            }
        }
        let proc = self.evaluate(procedure, input, env)?;
        if !proc.is_function() {
            if let Kind::Path(steps) = &procedure.kind {
                if let Kind::Name(n) = &steps[0].kind {
                    if proc.is_undefined() && env.lookup(n).is_some() {
                        return Err(Error::new("T1007", node.pos).with_token(n.clone()));
                    }
                }
            }
            return Err(Error::new("T1008", node.pos).with_token(proc_name(procedure)));
        }
        Ok(Value::Function(Rc::new(Func::Partial { func: proc, args: evaluated })))
    }

    /// Applies a function value to arguments, running deferred tail calls to completion.
    pub fn apply(&mut self, proc: &Value, args: Vec<Value>, input: &Value, env: &Env) -> Result<Value> {
        let mut result = self.apply_inner(proc, args, input, env)?;
        while let Value::Function(f) = &result {
            let Func::Lambda { def, input: tin, env: tenv } = &**f else { break };
            if !def.thunk {
                break;
            }
            let Kind::Function(procedure, args) = &def.body.kind else { break };
            let next = self.evaluate(procedure, tin, tenv)?;
            let mut evaluated = Vec::new();
            for a in args {
                evaluated.push(self.evaluate(a, tin, tenv)?);
            }
            let pos = def.body.pos;
            result = self.apply_inner(&next, evaluated, input, env).map_err(|e| at(e, pos))?;
        }
        Ok(result)
    }

    #[inline(never)]
    fn apply_inner(&mut self, proc: &Value, args: Vec<Value>, input: &Value, env: &Env) -> Result<Value> {
        let Value::Function(f) = proc else {
            return Err(Error::new("T1006", UNSET));
        };
        match &**f {
            Func::Lambda { def, input: linput, env: lenv } => {
                let args = match &def.signature {
                    Some(sig) => sig.validate(&args, input).map_err(|e| at(e, UNSET))?,
                    None => args,
                };
                let frame = Frame::child(lenv);
                for (i, p) in def.params.iter().enumerate() {
                    frame.bind(p, args.get(i).cloned().unwrap_or_default());
                }
                self.evaluate(&def.body, linput, &frame)
            }
            Func::Builtin(b) => {
                let sig = self.signature(b)?;
                let args = sig.validate(&args, input)?;
                (b.imp)(self, args, input, env)
            }
            Func::Partial { func, args: bound } => {
                let mut supplied = args.into_iter();
                let full: Vec<Value> = bound
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or_default(),
                    })
                    .collect();
                self.apply(func, full, input, env)
            }
            Func::Chain(f, g) => {
                let x = args.into_iter().next().unwrap_or_default();
                let y = self.apply(f, vec![x], input, env)?;
                self.apply(g, vec![y], input, env)
            }
            Func::Regex(r) => {
                let s = args.into_iter().next().unwrap_or_default();
                match s {
                    Value::String(s) => functions::regex_match_object(r, &s, 0),
                    _ => Ok(Value::Undefined),
                }
            }
            Func::Transform { def, env: tenv, pos } => {
                let obj = args.into_iter().next().unwrap_or_default();
                self.transform(def, obj, tenv, *pos)
            }
        }
    }

    /// A builtin's signature, parsed once per thread (they never change).
    fn signature(&mut self, b: &'static Builtin) -> Result<Rc<Signature>> {
        // A list keyed by the builtin's address: some 70 entries at most, and no hash table code.
        thread_local! {
            static SIGNATURES: RefCell<Vec<(&'static Builtin, Rc<Signature>)>> = const { RefCell::new(Vec::new()) };
        }
        let known = SIGNATURES.with(|m| m.borrow().iter().find(|(k, _)| std::ptr::eq(*k, b)).map(|(_, s)| s.clone()));
        if let Some(s) = known {
            return Ok(s);
        }
        let s = Rc::new(Signature::parse(b.signature())?);
        SIGNATURES.with(|m| m.borrow_mut().push((b, s.clone())));
        Ok(s)
    }

    #[inline(never)]
    fn transform(&mut self, def: &TransformDef, obj: Value, env: &Env, pos: usize) -> Result<Value> {
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

fn proc_name(procedure: &Node) -> String {
    match &procedure.kind {
        Kind::Path(steps) => match &steps[0].kind {
            Kind::Name(n) => n.clone(),
            _ => String::new(),
        },
        Kind::Variable(v) => v.clone(),
        _ => String::new(),
    }
}

fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        _ => deep_equal(a, b),
    }
}

/// JavaScript compares strings by UTF-16 code units.
pub fn cmp_js_str(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn descendants(input: &Value, out: &mut Vec<Value>) {
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

/// A stable merge sort where `greater(a, b)` says `a` must come after `b`.
/// A stable merge sort (as the reference's) of the indices `0..n`: `greater(i, j)` compares the
/// items at two indices. Indices, so that one copy of the code serves every item type.
pub fn merge_sort(n: usize, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    sort_indices((0..n).collect(), greater)
}

fn sort_indices(items: Vec<usize>, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    if items.len() <= 1 {
        return items;
    }
    let mid = items.len() / 2;
    let right = items[mid..].to_vec();
    let mut left = items;
    left.truncate(mid);
    let left = sort_indices(left, greater);
    let right = sort_indices(right, greater);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if greater(left[i], right[j]) {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    out
}
