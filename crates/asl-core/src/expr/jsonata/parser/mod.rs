//! The parser: a Pratt parser over the tokens into a raw tree, then a pass (`process`) that turns
//! dotted expressions into path steps with predicates/stages, binds `@`/`#` variables to steps,
//! resolves the parent operator `%` to ancestor slots, and marks tail calls in lambdas.

mod ancestry;
mod ast;
mod process;

use std::rc::Rc;

pub use ast::*;

use super::error::{Error, Result};
use super::lexer::{Lexer, Tok, Token};
use super::signature::Signature;

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
    /// `?` as an argument of a partial application.
    Placeholder,
    /// `lhs.rhs`
    Dot(Box<Raw>, Box<Raw>),
    /// `$var := rhs`
    Bind(Box<Raw>, Box<Raw>),
    /// `lhs ~> rhs`
    Apply(Box<Raw>, Box<Raw>),
    Binary(BinaryOp, Box<Raw>, Box<Raw>),
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
                "and" | "or" | "in" => R::Name(op.to_string()),
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
                                item = raw(R::Binary(BinaryOp::Range, Box::new(item), Box::new(rhs)), rpos);
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
                R::Bind(Box::new(left), Box::new(rhs))
            }
            "(" => return self.call(left, pos),
            "[" => return self.predicate(left, pos),
            "^" => self.order_by(left),
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
                let rhs = Box::new(self.expression(bp));
                match op {
                    "." => R::Dot(Box::new(left), rhs),
                    "~>" => R::Apply(Box::new(left), rhs),
                    _ => match BinaryOp::from_token(op) {
                        Some(op) => R::Binary(op, Box::new(left), rhs),
                        None => return self.fail(Error::new("S0201", pos).with_token(op)),
                    },
                }
            }
        };
        raw(r, pos)
    }

    /// `left[...]`, a filter or an index; `left[]` keeps singleton arrays.
    fn predicate(&mut self, left: Raw, pos: usize) -> Raw {
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
        raw(R::Predicate(Box::new(left), Box::new(rhs)), pos)
    }

    /// `left^(<a, >b)`: the sort terms, each ascending unless `>`.
    fn order_by(&mut self, left: Raw) -> R {
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

    fn call(&mut self, procedure: Raw, pos: usize) -> Raw {
        let mut args = Vec::new();
        let mut partial = false;
        if !self.is_op(")") {
            loop {
                if self.is_op("?") {
                    partial = true;
                    args.push(raw(R::Placeholder, self.tok.pos));
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
    process::process(tree)
}

#[cfg(test)]
mod tests;
