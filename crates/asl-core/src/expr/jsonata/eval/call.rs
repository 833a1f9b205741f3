//! Function values and calls: lambdas, builtins, partial application, `~>` chains, and
//! `apply`, which runs deferred tail calls to completion.

use std::cell::RefCell;
use std::rc::Rc;

use super::{at, Env, Evaluator, Frame, UNSET};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::functions::{self, Builtin};
use crate::expr::jsonata::parser::{Kind, LambdaDef, Node, Regex, TransformDef};
use crate::expr::jsonata::signature::Signature;
use crate::expr::jsonata::value::Value;

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

impl<'e> Evaluator<'e> {
    #[inline(never)]
    pub(super) fn apply_expr(
        &mut self,
        node: &Node,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Env,
    ) -> Result<Value> {
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
    pub(super) fn call(
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
    pub(super) fn partial(
        &mut self,
        node: &Node,
        procedure: &Node,
        args: &[Node],
        input: &Value,
        env: &Env,
    ) -> Result<Value> {
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
