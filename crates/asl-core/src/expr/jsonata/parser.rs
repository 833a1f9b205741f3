//! The parser: a Pratt parser over the tokens into a raw tree, then a pass (`process`) that turns
//! dotted expressions into path steps with predicates/stages, binds `@`/`#` variables to steps,
//! resolves the parent operator `%` to ancestor slots, and marks tail calls in lambdas.

use std::cell::RefCell;
use std::rc::Rc;

use super::error::{Error, Result};
use super::lexer::{Lexer, Tok, Token};
use super::signature::Signature;

/// A compiled JSONata expression.
#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    /// Byte offset of the node's token in the expression.
    pub pos: usize,
    pub keep_array: bool,
    /// Filters applied to the value of a non-path expression.
    pub predicate: Vec<Stage>,
    /// Filters and index bindings applied within a path step.
    pub stages: Vec<Stage>,
    pub group: Option<Rc<Group>>,
    /// `@$var` focus binding on a step.
    pub focus: Option<String>,
    /// `#$var` index binding on a step.
    pub index: Option<String>,
    /// The step takes part in a tuple stream (carries variable bindings).
    pub tuple: bool,
    /// The slot a `%` below binds this step's input to.
    pub ancestor: Option<SlotRef>,
    pub seeking_parent: Vec<SlotRef>,
    /// An array constructor as a path's first or last step (not flattened).
    pub consarray: bool,
    pub keep_singleton_array: bool,
}

#[derive(Debug)]
pub enum Kind {
    Path(Vec<Node>),
    Binary(&'static str, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    ArrayCons(Vec<Node>),
    ObjectCons(Rc<Group>),
    Name(String),
    /// Shared, so that evaluating a literal copies no text.
    Str(Rc<str>),
    Num(f64),
    /// `true`, `false`, or `null` (None).
    Value(Option<bool>),
    Wildcard,
    Descendant,
    Parent(SlotRef),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `a ?: b` (false) and `a ?? b` (true): `a` if it is true (exists), else `b`.
    Default(Box<Node>, Box<Node>, bool),
    Block(Vec<Node>),
    Bind(String, Box<Node>),
    Regex(Rc<Regex>),
    Function(Box<Node>, Vec<Node>),
    Partial(Box<Node>, Vec<Node>),
    Placeholder,
    Variable(String),
    Lambda(Rc<LambdaDef>),
    Apply(Box<Node>, Box<Node>),
    Transform(Rc<TransformDef>),
    Sort(Vec<(Node, bool)>),
}

#[derive(Debug)]
pub enum Stage {
    Filter(Node),
    Index(String),
}

#[derive(Debug)]
pub struct Group {
    pub pairs: Vec<(Node, Node)>,
    pub pos: usize,
}

#[derive(Debug)]
pub struct LambdaDef {
    pub params: Vec<String>,
    pub signature: Option<Rc<Signature>>,
    pub body: Node,
    /// A deferred tail call (evaluated by the trampoline in `apply`).
    pub thunk: bool,
}

#[derive(Debug)]
pub struct TransformDef {
    pub pattern: Node,
    pub update: Node,
    pub delete: Option<Node>,
}

#[derive(Debug)]
pub struct Regex {
    pub source: String,
    pub regex: super::regex::Pattern,
}

#[derive(Debug)]
pub struct Slot {
    pub label: String,
    pub level: i32,
}
pub type SlotRef = Rc<RefCell<Slot>>;

impl Node {
    // Not inlined: it is called at some 40 places, each of which would write every field.
    #[inline(never)]
    pub fn new(kind: Kind, pos: usize) -> Node {
        Node {
            kind,
            pos,
            keep_array: false,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            seeking_parent: Vec::new(),
            consarray: false,
            keep_singleton_array: false,
        }
    }
    fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Path(_) => "path",
            Kind::Binary(..) => "binary",
            Kind::Neg(_) | Kind::ArrayCons(_) | Kind::ObjectCons(_) => "unary",
            Kind::Name(_) => "name",
            Kind::Str(_) => "string",
            Kind::Num(_) => "number",
            Kind::Value(_) => "value",
            Kind::Wildcard => "wildcard",
            Kind::Descendant => "descendant",
            Kind::Parent(_) => "parent",
            Kind::Condition(..) | Kind::Default(..) => "condition",
            Kind::Block(_) => "block",
            Kind::Bind(..) => "bind",
            Kind::Regex(_) => "regex",
            Kind::Function(..) => "function",
            Kind::Partial(..) => "partial",
            Kind::Placeholder => "operator",
            Kind::Variable(_) => "variable",
            Kind::Lambda(_) => "lambda",
            Kind::Apply(..) => "apply",
            Kind::Transform(_) => "transform",
            Kind::Sort(_) => "sort",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw tree (before `process`)

#[derive(Debug)]
struct Raw {
    r: R,
    pos: usize,
    keep_array: bool,
}

#[derive(Debug)]
enum R {
    Num(f64),
    Str(String),
    Val(Option<bool>),
    Regex(String, String),
    Name(String),
    Var(String),
    Wildcard,
    Descendant,
    Parent,
    /// `and`/`or`/`in` used as a name, or `?` as a placeholder.
    Op(&'static str),
    Binary(&'static str, Box<Raw>, Box<Raw>),
    Predicate(Box<Raw>, Box<Raw>),
    Group(Box<Raw>, Vec<(Raw, Raw)>),
    Sort(Box<Raw>, Vec<(Raw, bool)>),
    Focus(Box<Raw>, String),
    Index(Box<Raw>, String),
    Neg(Box<Raw>),
    Array(Vec<Raw>),
    Object(Vec<(Raw, Raw)>),
    Call(Box<Raw>, Vec<Raw>, bool),
    Lambda(Vec<String>, Option<Rc<Signature>>, Box<Raw>),
    Cond(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
    /// `??`: the condition is `$exists(lhs)`.
    Coalesce(Box<Raw>, Box<Raw>),
    Elvis(Box<Raw>, Box<Raw>),
    Transform(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
    Block(Vec<Raw>),
}

fn raw(r: R, pos: usize) -> Raw {
    Raw { r, pos, keep_array: false }
}

/// Left binding powers of the infix operators (a table: a `match` on strings compiles to a
/// comparison call per operator).
const BINDING: &[(&str, u32)] = &[
    (".", 75),
    ("[", 80),
    ("(", 80),
    ("@", 80),
    ("#", 80),
    ("{", 70),
    ("?", 20),
    ("+", 50),
    ("-", 50),
    ("&", 50),
    ("*", 60),
    ("/", 60),
    ("%", 60),
    ("=", 40),
    ("<", 40),
    (">", 40),
    ("^", 40),
    ("!=", 40),
    ("<=", 40),
    (">=", 40),
    ("~>", 40),
    ("?:", 40),
    ("??", 40),
    ("in", 40),
    ("and", 30),
    ("or", 25),
    (":=", 10),
];

fn lbp(t: &Tok) -> u32 {
    match t {
        Tok::Operator(op) => BINDING.iter().find(|b| b.0 == *op).map_or(0, |b| b.1),
        _ => 0,
    }
}

fn token_text(t: &Tok) -> String {
    match t {
        Tok::Operator(op) => op.to_string(),
        Tok::Name(n) => n.clone(),
        Tok::Variable(v) => format!("${v}"),
        Tok::Str(s) => s.clone(),
        Tok::Number(n) => super::value::js_number_string(*n),
        Tok::Value(Some(b)) => b.to_string(),
        Tok::Value(None) => "null".into(),
        Tok::Regex { pattern, .. } => format!("/{pattern}/"),
        Tok::End => "(end)".into(),
    }
}

struct Parser<'a> {
    lx: Lexer<'a>,
    tok: Token,
    depth: usize,
    error: Option<Error>,
}

/// Deeper nesting than this is refused, so that parsing (and later evaluating and dropping the
/// tree) cannot overflow the stack.
const MAX_NESTING: usize = 100;

impl<'a> Parser<'a> {
    #[inline(never)]
    fn is_op(&self, op: &str) -> bool {
        matches!(self.tok.tok, Tok::Operator(o) if o == op)
    }

    fn advance(&mut self, expect: Option<&str>, infix: bool) {
        if self.error.is_some() {
            return;
        }
        if let Some(id) = expect {
            if !self.is_op(id) {
                let code = if self.tok.tok == Tok::End { "S0203" } else { "S0202" };
                self.fail(
                    Error::new(code, self.tok.pos)
                        .with_message(format!("Expected \"{id}\", got \"{}\"", token_text(&self.tok.tok)))
                        .with_token(token_text(&self.tok.tok)),
                );
                return;
            }
        }
        match self.lx.next(infix) {
            Ok(Token { tok: Tok::Operator(op @ ("!" | "~")), pos }) => {
                self.fail(Error::new("S0204", pos).with_token(op));
            }
            Ok(t) => self.tok = t,
            Err(e) => {
                self.fail(e);
            }
        }
    }

    /// Records the first error and ends the token stream, so that every loop stops and parsing
    /// unwinds with stand-in nodes: without `?` at every call, the many early returns and
    /// their drops stay out of the code.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, e: Error) -> Raw {
        if self.error.is_none() {
            self.error = Some(e);
            self.tok.tok = Tok::End;
        }
        raw(R::Val(None), 0)
    }

    fn expression(&mut self, rbp: u32) -> Raw {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.fail(Error::new("U1001", self.tok.pos).with_message("The expression nests too deeply"));
        }
        let r = self.expression_inner(rbp);
        self.depth -= 1;
        r
    }

    fn expression_inner(&mut self, rbp: u32) -> Raw {
        let t = self.tok.clone();
        self.advance(None, true);
        let mut left = self.nud(t);
        // Each operator applied here wraps `left` once more (`a + b + c` is left-deep): the tree
        // must stay within the nesting limit too, or walking and dropping it overflows the stack.
        let mut chain = 0;
        while rbp < lbp(&self.tok.tok) {
            chain += 1;
            if self.depth + chain > MAX_NESTING {
                return self.fail(Error::new("U1001", self.tok.pos).with_message("The expression nests too deeply"));
            }
            let t = self.tok.clone();
            self.advance(None, false);
            left = self.led(t, left);
        }
        left
    }

    fn nud(&mut self, t: Token) -> Raw {
        let pos = t.pos;
        let r = match t.tok {
            Tok::Name(n) => R::Name(n),
            Tok::Variable(v) => R::Var(v),
            Tok::Str(s) => R::Str(s),
            Tok::Number(n) => R::Num(n),
            Tok::Value(v) => R::Val(v),
            Tok::Regex { pattern, flags } => R::Regex(pattern, flags),
            Tok::End => return self.fail(Error::new("S0207", pos).with_token("(end)")),
            Tok::Operator(op) => match op {
                "and" | "or" | "in" => R::Op(op),
                "-" => R::Neg(Box::new(self.expression(70))),
                "*" => R::Wildcard,
                "**" => R::Descendant,
                "%" => R::Parent,
                "(" => {
                    let mut exprs = Vec::new();
                    while !self.is_op(")") {
                        exprs.push(self.expression(0));
                        if !self.is_op(";") {
                            break;
                        }
                        self.advance(Some(";"), false);
                    }
                    self.advance(Some(")"), true);
                    R::Block(exprs)
                }
                "[" => {
                    let mut items = Vec::new();
                    if !self.is_op("]") {
                        loop {
                            let mut item = self.expression(0);
                            if self.is_op("..") {
                                let rpos = self.tok.pos;
                                self.advance(Some(".."), false);
                                let rhs = self.expression(0);
                                item = raw(R::Binary("..", Box::new(item), Box::new(rhs)), rpos);
                            }
                            items.push(item);
                            if !self.is_op(",") {
                                break;
                            }
                            self.advance(Some(","), false);
                        }
                    }
                    self.advance(Some("]"), true);
                    R::Array(items)
                }
                "{" => R::Object(self.object_pairs()),
                "|" => {
                    let pattern = self.expression(0);
                    self.advance(Some("|"), false);
                    let update = self.expression(0);
                    let delete = if self.is_op(",") {
                        self.advance(Some(","), false);
                        Some(Box::new(self.expression(0)))
                    } else {
                        None
                    };
                    self.advance(Some("|"), false);
                    R::Transform(Box::new(pattern), Box::new(update), delete)
                }
                _ => return self.fail(Error::new("S0211", pos).with_token(op)),
            },
        };
        raw(r, pos)
    }

    fn object_pairs(&mut self) -> Vec<(Raw, Raw)> {
        let mut pairs = Vec::new();
        if !self.is_op("}") {
            loop {
                let k = self.expression(0);
                self.advance(Some(":"), false);
                let v = self.expression(0);
                pairs.push((k, v));
                if !self.is_op(",") {
                    break;
                }
                self.advance(Some(","), false);
            }
        }
        self.advance(Some("}"), true);
        pairs
    }

    fn led(&mut self, t: Token, left: Raw) -> Raw {
        let pos = t.pos;
        let Tok::Operator(op) = t.tok else {
            return self.fail(Error::new("S0201", pos).with_token(token_text(&t.tok)));
        };
        let r = match op {
            ":=" => {
                if !matches!(left.r, R::Var(_)) {
                    return self.fail(Error::new("S0212", left.pos));
                }
                let rhs = self.expression(9);
                R::Binary(":=", Box::new(left), Box::new(rhs))
            }
            "(" => return self.call(left, pos),
            "[" => {
                if self.is_op("]") {
                    // `[]`: keep singleton arrays in the output.
                    let mut left = left;
                    {
                        let mut step = &mut left;
                        while let R::Predicate(lhs, _) = &mut step.r {
                            step = lhs;
                        }
                        step.keep_array = true;
                    }
                    self.advance(Some("]"), false);
                    return left;
                }
                let rhs = self.expression(0);
                self.advance(Some("]"), true);
                R::Predicate(Box::new(left), Box::new(rhs))
            }
            "^" => {
                self.advance(Some("("), false);
                let mut terms = Vec::new();
                loop {
                    let mut descending = false;
                    if self.is_op("<") {
                        self.advance(Some("<"), false);
                    } else if self.is_op(">") {
                        descending = true;
                        self.advance(Some(">"), false);
                    }
                    terms.push((self.expression(0), descending));
                    if !self.is_op(",") {
                        break;
                    }
                    self.advance(Some(","), false);
                }
                self.advance(Some(")"), false);
                R::Sort(Box::new(left), terms)
            }
            "{" => R::Group(Box::new(left), self.object_pairs()),
            "@" | "#" => {
                let rhs = self.expression(80);
                let R::Var(name) = rhs.r else {
                    return self.fail(Error::new("S0214", rhs.pos).with_token(op));
                };
                if op == "@" {
                    R::Focus(Box::new(left), name)
                } else {
                    R::Index(Box::new(left), name)
                }
            }
            "?" => {
                let then = self.expression(0);
                let els = if self.is_op(":") {
                    self.advance(Some(":"), false);
                    Some(Box::new(self.expression(0)))
                } else {
                    None
                };
                R::Cond(Box::new(left), Box::new(then), els)
            }
            "?:" => R::Elvis(Box::new(left), Box::new(self.expression(0))),
            "??" => R::Coalesce(Box::new(left), Box::new(self.expression(0))),
            // The other infix operators: "." "+" "-" "*" "/" "%" "=" "<" ">" "!=" "<=" ">=" "&"
            // "and" "or" "in" "~>" (the rest of the binding table).
            _ => {
                let bp = lbp(&Tok::Operator(op));
                if bp == 0 {
                    return self.fail(Error::new("S0201", pos).with_token(op));
                }
                let rhs = self.expression(bp);
                R::Binary(op, Box::new(left), Box::new(rhs))
            }
        };
        raw(r, pos)
    }

    fn call(&mut self, procedure: Raw, pos: usize) -> Raw {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is_op(")") {
            loop {
                if self.is_op("?") {
                    partial = true;
                    args.push(raw(R::Op("?"), self.tok.pos));
                    self.advance(Some("?"), false);
                } else {
                    args.push(self.expression(0));
                }
                if !self.is_op(",") {
                    break;
                }
                self.advance(Some(","), false);
            }
        }
        self.advance(Some(")"), true);
        let is_lambda = matches!(&procedure.r, R::Name(n) if n == "function" || n == "\u{3bb}");
        if !is_lambda {
            return raw(R::Call(Box::new(procedure), args, partial), pos);
        }
        let mut params = Vec::new();
        for (i, a) in args.into_iter().enumerate() {
            match a.r {
                R::Var(v) => params.push(v),
                _ => {
                    return self.fail(Error::new("S0208", a.pos).with_message(format!(
                        "Parameter {} of a function definition must be a variable name (start with $)",
                        i + 1
                    )))
                }
            }
        }
        let mut signature = None;
        if self.is_op("<") {
            let start = self.tok.pos;
            match self.lx.scan_signature(start).and_then(|sig| {
                Signature::parse(&sig).map_err(|mut e| {
                    e.position = start;
                    e
                })
            }) {
                Ok(parsed) => signature = Some(Rc::new(parsed)),
                Err(e) => return self.fail(e),
            }
            self.advance(None, false);
        }
        self.advance(Some("{"), false);
        let body = self.expression(0);
        self.advance(Some("}"), false);
        raw(R::Lambda(params, signature, Box::new(body)), pos)
    }
}

/// Parses an expression into its evaluable tree.
pub fn parse(src: &str) -> Result<Node> {
    let mut lx = Lexer::new(src);
    let tok = lx.next(false)?;
    let mut p = Parser { lx, tok, depth: 0, error: None };
    let tree = p.expression(0);
    if let Some(e) = p.error {
        return Err(e);
    }
    if p.tok.tok != Tok::End {
        return Err(Error::new("S0201", p.tok.pos).with_token(token_text(&p.tok.tok)));
    }
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

// ---------------------------------------------------------------------------------------------
// Processing into path steps

struct Processor {
    next_label: usize,
    error: Option<Error>,
}

fn push_ancestry(result: &mut Node, value: &Node) {
    result.seeking_parent.extend(value.seeking_parent.iter().cloned());
    if let Kind::Parent(slot) = &value.kind {
        result.seeking_parent.push(slot.clone());
    }
}

fn seek_parent(node: &mut Node, slot: SlotRef) -> Result<SlotRef> {
    match &mut node.kind {
        Kind::Name(_) | Kind::Wildcard => {
            let level = {
                let mut s = slot.borrow_mut();
                s.level -= 1;
                s.level
            };
            if level == 0 {
                if let Some(existing) = &node.ancestor {
                    // Reuse the existing label for this step.
                    let label = existing.borrow().label.clone();
                    slot.borrow_mut().label = label;
                }
                node.ancestor = Some(slot.clone());
                node.tuple = true;
            }
            Ok(slot)
        }
        Kind::Parent(_) => {
            slot.borrow_mut().level += 1;
            Ok(slot)
        }
        Kind::Block(exprs) => {
            if let Some(last) = exprs.last_mut() {
                node.tuple = true;
                return seek_parent(last, slot);
            }
            Ok(slot)
        }
        Kind::Path(steps) => {
            node.tuple = true;
            let mut index = steps.len() as isize - 1;
            let mut slot = seek_parent(&mut steps[index as usize], slot)?;
            index -= 1;
            while slot.borrow().level > 0 && index >= 0 {
                slot = seek_parent(&mut steps[index as usize], slot)?;
                index -= 1;
            }
            Ok(slot)
        }
        _ => Err(Error::new("S0217", node.pos).with_token(node.type_name())),
    }
}

fn resolve_ancestry(path: &mut Node) -> Result<()> {
    let Kind::Path(steps) = &mut path.kind else { return Ok(()) };
    let Some(last) = steps.last() else { return Ok(()) };
    let mut slots = last.seeking_parent.clone();
    if let Kind::Parent(s) = &last.kind {
        slots.push(s.clone());
    }
    let mut unresolved = Vec::new();
    for slot in slots {
        let mut slot = slot;
        let mut index = steps.len() as isize - 2;
        while slot.borrow().level > 0 {
            if index < 0 {
                unresolved.push(slot.clone());
                break;
            }
            let mut i = index as usize;
            index -= 1;
            // Contiguous steps that bind the focus are skipped together.
            while index >= 0 && steps[i].focus.is_some() && steps[index as usize].focus.is_some() {
                i = index as usize;
                index -= 1;
            }
            slot = seek_parent(&mut steps[i], slot)?;
        }
    }
    path.seeking_parent.extend(unresolved);
    Ok(())
}

fn tail_call_optimize(mut expr: Node) -> Node {
    match expr.kind {
        Kind::Function(..) if expr.predicate.is_empty() => {
            let pos = expr.pos;
            Node::new(
                Kind::Lambda(Rc::new(LambdaDef { params: Vec::new(), signature: None, body: expr, thunk: true })),
                pos,
            )
        }
        Kind::Condition(c, t, e) => {
            expr.kind =
                Kind::Condition(c, Box::new(tail_call_optimize(*t)), e.map(|e| Box::new(tail_call_optimize(*e))));
            expr
        }
        Kind::Default(a, b, coalesce) => {
            expr.kind = Kind::Default(a, Box::new(tail_call_optimize(*b)), coalesce);
            expr
        }
        Kind::Block(mut exprs) => {
            if let Some(last) = exprs.pop() {
                exprs.push(tail_call_optimize(last));
            }
            expr.kind = Kind::Block(exprs);
            expr
        }
        _ => expr,
    }
}

fn with_last_step<T>(node: &mut Node, f: impl FnOnce(&mut Node) -> T) -> T {
    if let Kind::Path(steps) = &mut node.kind {
        if let Some(last) = steps.last_mut() {
            return f(last);
        }
    }
    f(node)
}

impl Processor {
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
            R::Name(n) => {
                let mut step = Node::new(Kind::Name(n), pos);
                step.keep_array = keep_array;
                let mut path = Node::new(Kind::Path(vec![step]), pos);
                path.keep_singleton_array = keep_array;
                path
            }
            R::Op("?") => Node::new(Kind::Placeholder, pos),
            R::Op(op) => {
                let mut step = Node::new(Kind::Name(op.to_string()), pos);
                step.keep_array = keep_array;
                let mut path = Node::new(Kind::Path(vec![step]), pos);
                path.keep_singleton_array = keep_array;
                path
            }
            R::Parent => {
                let label = format!("!{}", self.next_label);
                self.next_label += 1;
                Node::new(Kind::Parent(Rc::new(RefCell::new(Slot { label, level: 1 }))), pos)
            }
            R::Binary(".", lhs, rhs) => {
                let lstep = self.process(*lhs);
                let mut result = if matches!(lstep.kind, Kind::Path(_)) {
                    lstep
                } else {
                    let seeking = if let Kind::Parent(s) = &lstep.kind { vec![s.clone()] } else { Vec::new() };
                    let mut p = Node::new(Kind::Path(vec![lstep]), pos);
                    p.seeking_parent = seeking;
                    p
                };
                let mut rest = self.process(*rhs);
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
            R::Predicate(lhs, rhs) => {
                let mut result = self.process(*lhs);
                let is_path = matches!(result.kind, Kind::Path(_));
                let predicate = self.process(*rhs);
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
            R::Group(lhs, pairs) => {
                let mut result = self.process(*lhs);
                if result.group.is_some() {
                    return self.fail(Error::new("S0210", pos));
                }
                let pairs = self.process_pairs(pairs);
                result.group = Some(Rc::new(Group { pairs, pos }));
                result
            }
            R::Sort(lhs, terms) => {
                let lhs = self.process(*lhs);
                let mut result =
                    if matches!(lhs.kind, Kind::Path(_)) { lhs } else { Node::new(Kind::Path(vec![lhs]), pos) };
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
            R::Binary(":=", lhs, rhs) => {
                let R::Var(name) = lhs.r else { return self.fail(Error::new("S0212", lhs.pos)) };
                let rhs = self.process(*rhs);
                let mut result = Node::new(Kind::Bind(name, Box::new(Node::new(Kind::Num(0.0), pos))), pos);
                push_ancestry(&mut result, &rhs);
                if let Kind::Bind(_, slot) = &mut result.kind {
                    **slot = rhs;
                }
                result
            }
            R::Focus(lhs, var) => {
                let mut result = self.process(*lhs);
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
            R::Index(lhs, var) => {
                let lhs = self.process(*lhs);
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
            R::Binary("~>", lhs, rhs) => {
                let lhs = self.process(*lhs);
                let rhs = self.process(*rhs);
                let keep = lhs.keep_array || rhs.keep_array;
                let mut n = Node::new(Kind::Apply(Box::new(lhs), Box::new(rhs)), pos);
                n.keep_array = keep;
                n
            }
            R::Binary(op, lhs, rhs) => {
                let lhs = self.process(*lhs);
                let rhs = self.process(*rhs);
                let mut n = Node::new(Kind::Num(0.0), pos);
                push_ancestry(&mut n, &lhs);
                push_ancestry(&mut n, &rhs);
                n.kind = Kind::Binary(op, Box::new(lhs), Box::new(rhs));
                n
            }
            R::Neg(expr) => {
                let expr = self.process(*expr);
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
            R::Array(items) => {
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
            R::Object(pairs) => {
                let mut n = Node::new(Kind::Num(0.0), pos);
                let pairs = self.process_pairs(pairs);
                for (k, v) in &pairs {
                    push_ancestry(&mut n, k);
                    push_ancestry(&mut n, v);
                }
                n.kind = Kind::ObjectCons(Rc::new(Group { pairs, pos }));
                n
            }
            R::Call(procedure, args, partial) => {
                let mut n = Node::new(Kind::Num(0.0), pos);
                let mut out = Vec::new();
                for a in args {
                    let v = self.process(a);
                    push_ancestry(&mut n, &v);
                    out.push(v);
                }
                let procedure = Box::new(self.process(*procedure));
                n.kind = if partial { Kind::Partial(procedure, out) } else { Kind::Function(procedure, out) };
                n
            }
            R::Lambda(params, sig, body) => {
                let signature = sig;
                let body = tail_call_optimize(self.process(*body));
                Node::new(Kind::Lambda(Rc::new(LambdaDef { params, signature, body, thunk: false })), pos)
            }
            R::Cond(c, t, e) => {
                let mut n = Node::new(Kind::Num(0.0), pos);
                let c = self.process(*c);
                push_ancestry(&mut n, &c);
                let t = self.process(*t);
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
            r @ (R::Elvis(..) | R::Coalesce(..)) => {
                let coalesce = matches!(r, R::Coalesce(..));
                let (R::Elvis(lhs, rhs) | R::Coalesce(lhs, rhs)) = r else {
                    return self.fail(Error::new("S0206", pos));
                };
                // Processed once: the reference processes (and evaluates) the left side twice,
                // which makes a chain `a ?? b ?? c ...` exponential in size.
                let lhs = self.process(*lhs);
                let rhs = self.process(*rhs);
                let mut n = Node::new(Kind::Num(0.0), pos);
                push_ancestry(&mut n, &lhs);
                push_ancestry(&mut n, &rhs);
                n.kind = Kind::Default(Box::new(lhs), Box::new(rhs), coalesce);
                n
            }
            R::Transform(pattern, update, delete) => {
                let pattern = self.process(*pattern);
                let update = self.process(*update);
                let delete = delete.map(|d| self.process(*d));
                Node::new(Kind::Transform(Rc::new(TransformDef { pattern, update, delete })), pos)
            }
            R::Block(exprs) => {
                let mut n = Node::new(Kind::Num(0.0), pos);
                let mut out = Vec::new();
                for item in exprs {
                    let part = self.process(item);
                    push_ancestry(&mut n, &part);
                    let cons = part.consarray
                        || matches!(&part.kind, Kind::Path(steps) if steps.first().is_some_and(|s| s.consarray));
                    if cons {
                        n.consarray = true;
                    }
                    out.push(part);
                }
                n.kind = Kind::Block(out);
                n
            }
        };
        if keep_array {
            result.keep_array = true;
        }
        result
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
        Kind::Num(n) => super::value::js_number_string(*n),
        Kind::Value(Some(b)) => b.to_string(),
        _ => "null".into(),
    }
}

/// Compiles a JSONata regular expression (JavaScript syntax; flags `i` and `m`).
pub fn compile_regex(pattern: &str, flags: &str, pos: usize) -> Result<Regex> {
    match super::regex::Pattern::new(pattern, flags.contains('i'), flags.contains('m')) {
        Ok(regex) => Ok(Regex { source: pattern.to_string(), regex }),
        Err(e) => Err(Error::new("S0303", pos).with_message(format!("Unsupported regular expression: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> Error {
        parse(src).expect_err(src)
    }

    #[test]
    fn errors_carry_codes_and_byte_positions() {
        let e = err("1 + ");
        assert_eq!(e.code, "S0207");
        let e = err("foo bar");
        assert_eq!((e.code, e.position), ("S0201", 4));
        let e = err("'abc");
        assert_eq!((e.code, e.position), ("S0101", 0));
        let e = err("(1; 2");
        assert_eq!(e.code, "S0203");
        let e = err("a.1");
        assert_eq!((e.code, e.position), ("S0213", 2));
        let e = err("/* open");
        assert_eq!(e.code, "S0106");
        let e = err("[1, 2 ]]");
        assert_eq!((e.code, e.position), ("S0201", 7));
        let e = err("function(a){1}");
        assert_eq!((e.code, e.position), ("S0208", 9));
        let e = err("%");
        assert_eq!(e.code, "S0217");
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(err(&deep).code, "U1001");
        // A long operator chain is as deep as nesting (found by the fuzzer: a stack overflow).
        let chain = vec!["a"; 5_000].join(" + ");
        assert_eq!(err(&chain).code, "U1001");
    }

    #[test]
    fn paths_become_steps() {
        let n = parse("a.b[0].c").expect("parses");
        let Kind::Path(steps) = &n.kind else { panic!("a path") };
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[1].stages.len(), 1);
    }
}
