//! Processing the raw tree into the evaluable one (the reference's `processAST`): dotted
//! expressions become one path of steps, predicates become step stages (in a path) or value
//! predicates (elsewhere), `@`/`#` bind focus and index variables on a step (a tuple stream),
//! groups and sorts attach to their step, `%` slots are resolved ([`super::ancestry`]), and
//! lambda bodies get their tail calls marked. Errors (S02xx) are recorded, the first one wins,
//! and processing goes on with stand-in nodes.

use std::cell::RefCell;
use std::rc::Rc;

use super::ancestry::{push_ancestry, resolve_ancestry, seek_parent, tail_call_optimize};
use super::ast::{BinaryOp, Group, Kind, LambdaDef, Node, Regex, Slot, Stage, TransformDef};
use super::{Raw, R};
use crate::expr::jsonata::error::{Error, Result};

/// The evaluable tree of a parsed raw tree, or the first error processing met (a `%` left
/// unresolved at the top is S0217).
pub(super) fn process(tree: Raw) -> Result<Node> {
    let mut pr = Processor { next_label: 0, error: None };
    let node = pr.process(tree);
    if let Some(e) = pr.error {
        return Err(e);
    }
    if matches!(node.kind, Kind::Parent(_)) || !node.seeking_parent.is_empty() {
        return Err(Error::new("S0217", node.pos).with_token(node.type_name()));
    }
    Ok(node)
}

struct Processor {
    next_label: usize,
    error: Option<Error>,
}

fn with_last_step<T>(node: &mut Node, f: impl FnOnce(&mut Node) -> T) -> T {
    if let Kind::Path(steps) = &mut node.kind {
        if let Some(last) = steps.last_mut() {
            return f(last);
        }
    }
    f(node)
}

/// A field name as a path of one step.
fn name_path(name: String, pos: usize, keep_array: bool) -> Node {
    let mut step = Node::new(Kind::Name(name), pos);
    step.keep_array = keep_array;
    let mut path = Node::new(Kind::Path(vec![step]), pos);
    path.keep_singleton_array = keep_array;
    path
}

/// `expr` as a path: itself if it is one, else a path of it as the only step.
fn as_path(expr: Node, pos: usize) -> Node {
    if matches!(expr.kind, Kind::Path(_)) {
        expr
    } else {
        Node::new(Kind::Path(vec![expr]), pos)
    }
}

impl Processor {
    /// Dispatch only: each kind of raw node is processed by a function of its own.
    fn process(&mut self, e: Raw) -> Node {
        let pos = e.pos;
        let keep_array = e.keep_array;
        let mut result = match e.r {
            R::Num(n) => Node::new(Kind::Num(n), pos),
            R::Str(s) => Node::new(Kind::Str(Rc::from(s)), pos),
            R::Val(v) => Node::new(Kind::Value(v), pos),
            R::Var(v) => Node::new(Kind::Variable(v), pos),
            R::Wildcard => Node::new(Kind::Wildcard, pos),
            R::Descendant => Node::new(Kind::Descendant, pos),
            R::Regex(pattern, flags) => match compile_regex(&pattern, &flags, pos) {
                Ok(r) => Node::new(Kind::Regex(Rc::new(r)), pos),
                Err(e) => return self.fail(e),
            },
            R::Name(n) => name_path(n, pos, keep_array),
            R::Placeholder => Node::new(Kind::Placeholder, pos),
            R::Parent => {
                let label = format!("!{}", self.next_label);
                self.next_label += 1;
                Node::new(Kind::Parent(Rc::new(RefCell::new(Slot { label, level: 1 }))), pos)
            }
            R::Dot(lhs, rhs) => self.dot(*lhs, *rhs, pos),
            R::Predicate(lhs, rhs) => self.predicate(*lhs, *rhs, pos),
            R::Group(lhs, pairs) => self.group(*lhs, pairs, pos),
            R::Sort(lhs, terms) => self.sort(*lhs, terms, pos),
            R::Bind(lhs, rhs) => self.bind(*lhs, *rhs, pos),
            R::Focus(lhs, var) => self.focus(*lhs, var, keep_array, pos),
            R::Index(lhs, var) => self.index(*lhs, var, pos),
            R::Apply(lhs, rhs) => {
                let lhs = self.process(*lhs);
                let rhs = self.process(*rhs);
                let keep = lhs.keep_array || rhs.keep_array;
                let mut n = Node::new(Kind::Apply(Box::new(lhs), Box::new(rhs)), pos);
                n.keep_array = keep;
                n
            }
            R::Binary(op, lhs, rhs) => self.binary(op, *lhs, *rhs, pos),
            R::Neg(expr) => self.neg(*expr, pos),
            R::Array(items) => self.array(items, pos),
            R::Object(pairs) => self.object(pairs, pos),
            R::Call(procedure, args, partial) => self.call(*procedure, args, partial, pos),
            R::Lambda(params, signature, body) => {
                let body = tail_call_optimize(self.process(*body));
                Node::new(Kind::Lambda(Rc::new(LambdaDef { params, signature, body, thunk: false })), pos)
            }
            R::Cond(c, t, e) => self.condition(*c, *t, e, pos),
            // Processed once: the reference processes (and evaluates) the left side twice,
            // which makes a chain `a ?? b ?? c ...` exponential in size.
            R::Elvis(lhs, rhs) => self.default(*lhs, *rhs, false, pos),
            R::Coalesce(lhs, rhs) => self.default(*lhs, *rhs, true, pos),
            R::Transform(pattern, update, delete) => {
                let pattern = self.process(*pattern);
                let update = self.process(*update);
                let delete = delete.map(|d| self.process(*d));
                Node::new(Kind::Transform(Rc::new(TransformDef { pattern, update, delete })), pos)
            }
            R::Block(exprs) => self.block(exprs, pos),
        };
        if keep_array {
            result.keep_array = true;
        }
        result
    }

    /// `lhs.rhs`: the steps of both sides as one path.
    fn dot(&mut self, lhs: Raw, rhs: Raw, pos: usize) -> Node {
        let lstep = self.process(lhs);
        let mut result = if matches!(lstep.kind, Kind::Path(_)) {
            lstep
        } else {
            let seeking = if let Kind::Parent(s) = &lstep.kind { vec![s.clone()] } else { Vec::new() };
            let mut p = Node::new(Kind::Path(vec![lstep]), pos);
            p.seeking_parent = seeking;
            p
        };
        let mut rest = self.process(rhs);
        let Kind::Path(steps) = &mut result.kind else { return self.fail(Error::new("S0206", pos)) };
        match rest.kind {
            Kind::Path(rsteps) => steps.extend(rsteps),
            _ => {
                if !rest.predicate.is_empty() {
                    rest.stages = std::mem::take(&mut rest.predicate);
                }
                steps.push(rest);
            }
        }
        for step in steps.iter_mut() {
            match &step.kind {
                Kind::Num(_) | Kind::Value(_) => {
                    return self.fail(Error::new("S0213", step.pos).with_token(step_literal(step)));
                }
                Kind::Str(s) => step.kind = Kind::Name(s.to_string()),
                _ => {}
            }
        }
        if let Some(first) = steps.first_mut() {
            if matches!(first.kind, Kind::ArrayCons(_)) {
                first.consarray = true;
            }
        }
        if let Some(last) = steps.last_mut() {
            if matches!(last.kind, Kind::ArrayCons(_)) {
                last.consarray = true;
            }
        }
        if steps.iter().any(|s| s.keep_array) {
            result.keep_singleton_array = true;
        }
        self.check(resolve_ancestry(&mut result));
        result
    }

    /// `lhs[rhs]`: a stage of the last step in a path, a predicate of any other value.
    fn predicate(&mut self, lhs: Raw, rhs: Raw, pos: usize) -> Node {
        let mut result = self.process(lhs);
        let is_path = matches!(result.kind, Kind::Path(_));
        let predicate = self.process(rhs);
        let r = with_last_step(&mut result, |step| -> Result<()> {
            if step.group.is_some() {
                return Err(Error::new("S0209", pos));
            }
            if !predicate.seeking_parent.is_empty() {
                for slot in predicate.seeking_parent.clone() {
                    if slot.borrow().level == 1 {
                        seek_parent(step, slot)?;
                    } else {
                        slot.borrow_mut().level -= 1;
                    }
                }
                push_ancestry(step, &predicate);
            }
            if is_path {
                step.stages.push(Stage::Filter(predicate));
            } else {
                step.predicate.push(Stage::Filter(predicate));
            }
            Ok(())
        });
        self.check(r);
        result
    }

    /// `lhs{k: v}`: grouping, at most once per expression.
    fn group(&mut self, lhs: Raw, pairs: Vec<(Raw, Raw)>, pos: usize) -> Node {
        let mut result = self.process(lhs);
        if result.group.is_some() {
            return self.fail(Error::new("S0210", pos));
        }
        let pairs = self.process_pairs(pairs);
        result.group = Some(Rc::new(Group { pairs, pos }));
        result
    }

    /// `lhs^(terms)`: a sort step appended to the path.
    fn sort(&mut self, lhs: Raw, terms: Vec<(Raw, bool)>, pos: usize) -> Node {
        let lhs = self.process(lhs);
        let mut result = as_path(lhs, pos);
        let mut sort = Node::new(Kind::Sort(Vec::new()), pos);
        let mut processed = Vec::new();
        for (t, desc) in terms {
            let expr = self.process(t);
            push_ancestry(&mut sort, &expr);
            processed.push((expr, desc));
        }
        sort.kind = Kind::Sort(processed);
        if let Kind::Path(steps) = &mut result.kind {
            steps.push(sort);
        }
        self.check(resolve_ancestry(&mut result));
        result
    }

    /// `$name := rhs`.
    fn bind(&mut self, lhs: Raw, rhs: Raw, pos: usize) -> Node {
        let R::Var(name) = lhs.r else { return self.fail(Error::new("S0212", lhs.pos)) };
        let rhs = self.process(rhs);
        let mut result = Node::new(Kind::Bind(name, Box::new(Node::new(Kind::Num(0.0), pos))), pos);
        push_ancestry(&mut result, &rhs);
        if let Kind::Bind(_, slot) = &mut result.kind {
            **slot = rhs;
        }
        result
    }

    /// `lhs@$var`: the last step binds its focus (no stages or sort before it).
    fn focus(&mut self, lhs: Raw, var: String, keep_array: bool, pos: usize) -> Node {
        let mut result = self.process(lhs);
        let r = with_last_step(&mut result, |step| -> Result<()> {
            if !step.stages.is_empty() || !step.predicate.is_empty() {
                return Err(Error::new("S0215", pos).with_token("@"));
            }
            if matches!(step.kind, Kind::Sort(_)) {
                return Err(Error::new("S0216", pos).with_token("@"));
            }
            if keep_array {
                step.keep_array = true;
            }
            step.focus = Some(var);
            step.tuple = true;
            Ok(())
        });
        self.check(r);
        result
    }

    /// `lhs#$var`: the last step binds its index (as a stage after its filters).
    fn index(&mut self, lhs: Raw, var: String, pos: usize) -> Node {
        let lhs = self.process(lhs);
        let mut result = if matches!(lhs.kind, Kind::Path(_)) {
            lhs
        } else {
            let mut lhs = lhs;
            if !lhs.predicate.is_empty() {
                lhs.stages = std::mem::take(&mut lhs.predicate);
            }
            Node::new(Kind::Path(vec![lhs]), pos)
        };
        with_last_step(&mut result, |step| {
            if step.stages.is_empty() {
                step.index = Some(var);
            } else {
                step.stages.push(Stage::Index(var));
            }
            step.tuple = true;
        });
        result
    }

    fn binary(&mut self, op: BinaryOp, lhs: Raw, rhs: Raw, pos: usize) -> Node {
        let lhs = self.process(lhs);
        let rhs = self.process(rhs);
        let mut n = Node::new(Kind::Num(0.0), pos);
        push_ancestry(&mut n, &lhs);
        push_ancestry(&mut n, &rhs);
        n.kind = Kind::Binary(op, Box::new(lhs), Box::new(rhs));
        n
    }

    /// `-expr`: a negative literal is folded.
    fn neg(&mut self, expr: Raw, pos: usize) -> Node {
        let expr = self.process(expr);
        if let Kind::Num(v) = expr.kind {
            let mut n = expr;
            n.kind = Kind::Num(-v);
            n
        } else {
            let mut n = Node::new(Kind::Num(0.0), pos);
            push_ancestry(&mut n, &expr);
            n.kind = Kind::Neg(Box::new(expr));
            n
        }
    }

    fn array(&mut self, items: Vec<Raw>, pos: usize) -> Node {
        let mut n = Node::new(Kind::Num(0.0), pos);
        let mut out = Vec::new();
        for item in items {
            let v = self.process(item);
            push_ancestry(&mut n, &v);
            out.push(v);
        }
        n.kind = Kind::ArrayCons(out);
        n
    }

    fn object(&mut self, pairs: Vec<(Raw, Raw)>, pos: usize) -> Node {
        let mut n = Node::new(Kind::Num(0.0), pos);
        let pairs = self.process_pairs(pairs);
        for (k, v) in &pairs {
            push_ancestry(&mut n, k);
            push_ancestry(&mut n, v);
        }
        n.kind = Kind::ObjectCons(Rc::new(Group { pairs, pos }));
        n
    }

    /// A call, or a partial application when an argument is `?`.
    fn call(&mut self, procedure: Raw, args: Vec<Raw>, partial: bool, pos: usize) -> Node {
        let mut n = Node::new(Kind::Num(0.0), pos);
        let mut out = Vec::new();
        for a in args {
            let v = self.process(a);
            push_ancestry(&mut n, &v);
            out.push(v);
        }
        let procedure = Box::new(self.process(procedure));
        n.kind = if partial { Kind::Partial(procedure, out) } else { Kind::Function(procedure, out) };
        n
    }

    fn condition(&mut self, c: Raw, t: Raw, e: Option<Box<Raw>>, pos: usize) -> Node {
        let mut n = Node::new(Kind::Num(0.0), pos);
        let c = self.process(c);
        push_ancestry(&mut n, &c);
        let t = self.process(t);
        push_ancestry(&mut n, &t);
        let e = match e {
            Some(e) => {
                let e = self.process(*e);
                push_ancestry(&mut n, &e);
                Some(Box::new(e))
            }
            None => None,
        };
        n.kind = Kind::Condition(Box::new(c), Box::new(t), e);
        n
    }

    /// `lhs ?: rhs` (`coalesce` false) and `lhs ?? rhs` (true).
    fn default(&mut self, lhs: Raw, rhs: Raw, coalesce: bool, pos: usize) -> Node {
        let lhs = self.process(lhs);
        let rhs = self.process(rhs);
        let mut n = Node::new(Kind::Num(0.0), pos);
        push_ancestry(&mut n, &lhs);
        push_ancestry(&mut n, &rhs);
        n.kind = Kind::Default(Box::new(lhs), Box::new(rhs), coalesce);
        n
    }

    /// `(a; b; ...)`: an array constructor first in a part makes the block one too.
    fn block(&mut self, exprs: Vec<Raw>, pos: usize) -> Node {
        let mut n = Node::new(Kind::Num(0.0), pos);
        let mut out = Vec::new();
        for item in exprs {
            let part = self.process(item);
            push_ancestry(&mut n, &part);
            let cons =
                part.consarray || matches!(&part.kind, Kind::Path(steps) if steps.first().is_some_and(|s| s.consarray));
            if cons {
                n.consarray = true;
            }
            out.push(part);
        }
        n.kind = Kind::Block(out);
        n
    }

    fn process_pairs(&mut self, pairs: Vec<(Raw, Raw)>) -> Vec<(Node, Node)> {
        pairs.into_iter().map(|(k, v)| (self.process(k), self.process(v))).collect()
    }

    /// Records the first error (processing goes on with a stand-in node: without `?` at every
    /// call, the many early returns and their drops stay out of the code).
    #[cold]
    #[inline(never)]
    fn fail(&mut self, e: Error) -> Node {
        if self.error.is_none() {
            self.error = Some(e);
        }
        Node::new(Kind::Value(None), 0)
    }

    fn check(&mut self, r: Result<()>) {
        if let Err(e) = r {
            self.fail(e);
        }
    }
}

fn step_literal(step: &Node) -> String {
    match &step.kind {
        Kind::Num(n) => crate::expr::jsonata::value::js_number_string(*n),
        Kind::Value(Some(b)) => b.to_string(),
        _ => "null".into(),
    }
}

/// Compiles a JSONata regular expression (JavaScript syntax; flags `i` and `m`).
pub fn compile_regex(pattern: &str, flags: &str, pos: usize) -> Result<Regex> {
    match crate::expr::jsonata::regex::Pattern::new(pattern, flags.contains('i'), flags.contains('m')) {
        Ok(regex) => Ok(Regex { source: pattern.to_string(), regex }),
        Err(e) => Err(Error::new("S0303", pos).with_message(format!("Unsupported regular expression: {e}"))),
    }
}
