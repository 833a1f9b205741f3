//! ASL's JSONPath: `$` (the input), `$$` (the context object) or `$name` (a variable), then
//! `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*`, `..name`, `[start:end:step]`, unions
//! `[0,2]` / `['a','b']`, and filters `[?(@.price < 10 && @.tag == 'x')]`.
//!
//! A *reference path* (what `ResultPath` takes) uses only `.name`, `['name']` and `[n]`: it
//! selects at most one node and can say where to write.

use std::fmt;

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$`: the state's input (or whatever the field applies to).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable set by `Assign`.
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Union(Vec<Selector>),
    Filter(Filter),
    /// `[(@.length-1)]`: a script expression; `@.length - n` selects the n-th item from the end.
    Script(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// `..`: the selector applies to every descendant too.
    pub descendant: bool,
    pub selector: Selector,
}

/// A filter expression, `?( ... )`.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `@.a.b` alone: the member exists.
    Exists(Vec<Segment>),
    Compare(Operand, CompareOp, Operand),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// `@...`: relative to the current item.
    Current(Vec<Segment>),
    Literal(Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub root: Root,
    pub segments: Vec<Segment>,
}

/// Why a path does not parse: a message and the byte offset in the path text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSyntaxError {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for PathSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, PathSyntaxError> {
        let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
        let path = p.path()?;
        if p.pos < p.bytes.len() {
            return Err(p.error("unexpected character"));
        }
        Ok(path)
    }

    /// Only names and indexes: selects at most one node, and can be written to.
    pub fn is_reference(&self) -> bool {
        self.segments.iter().all(|s| {
            !s.descendant
                && match s.selector {
                    Selector::Name(_) => true,
                    Selector::Index(i) => i >= 0,
                    _ => false,
                }
        })
    }

    /// Every node the path selects, in document order.
    pub fn select<'v>(&self, root: &'v Value) -> Vec<&'v Value> {
        let mut current = vec![root];
        for segment in &self.segments {
            current = apply(segment, current);
        }
        current
    }
}

fn apply<'v>(segment: &Segment, nodes: Vec<&'v Value>) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for node in nodes {
        if segment.descendant {
            let mut all = Vec::new();
            descendants(node, &mut all);
            for n in all {
                select_one(&segment.selector, n, &mut out);
            }
        } else {
            select_one(&segment.selector, node, &mut out);
        }
    }
    out
}

fn descendants<'v>(node: &'v Value, out: &mut Vec<&'v Value>) {
    out.push(node);
    match node {
        Value::Array(items) => items.iter().for_each(|v| descendants(v, out)),
        Value::Object(map) => map.values().for_each(|v| descendants(v, out)),
        _ => {}
    }
}

fn select_one<'v>(selector: &Selector, node: &'v Value, out: &mut Vec<&'v Value>) {
    match (selector, node) {
        (Selector::Name(name), Value::Object(map)) => out.extend(map.get(name)),
        (Selector::Index(i), Value::Array(items)) => {
            let i = if *i < 0 { items.len() as i64 + i } else { *i };
            out.extend(usize::try_from(i).ok().and_then(|i| items.get(i)));
        }
        (Selector::Wildcard, Value::Array(items)) => out.extend(items.iter()),
        (Selector::Wildcard, Value::Object(map)) => out.extend(map.values()),
        (Selector::Slice { start, end, step }, Value::Array(items)) => {
            let len = items.len() as i64;
            let step = step.unwrap_or(1);
            if step == 0 {
                return;
            }
            let norm = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
            if step > 0 {
                let (mut i, end) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
                while i < end {
                    out.push(&items[i as usize]);
                    i += step;
                }
            } else {
                let mut i = start.map_or(len - 1, |s| if s < 0 { len + s } else { s.min(len - 1) });
                let end = end.map_or(-1, |e| if e < 0 { (len + e).max(-1) } else { e });
                while i > end && i >= 0 {
                    out.push(&items[i as usize]);
                    i += step;
                }
            }
        }
        (Selector::Union(parts), _) => parts.iter().for_each(|p| select_one(p, node, out)),
        (Selector::Script(script), Value::Array(items)) => {
            let from_end = script.replace(' ', "").strip_prefix("@.length").and_then(|rest| {
                if rest.is_empty() {
                    Some(0)
                } else {
                    rest.strip_prefix('-')?.parse::<usize>().ok()
                }
            });
            if let Some(n) = from_end {
                out.extend(items.len().checked_sub(n).and_then(|i| items.get(i)));
            }
        }
        (Selector::Filter(filter), Value::Array(items)) => out.extend(items.iter().filter(|item| holds(filter, item))),
        (Selector::Filter(filter), Value::Object(map)) => out.extend(map.values().filter(|item| holds(filter, item))),
        _ => {}
    }
}

fn relative<'v>(segments: &[Segment], item: &'v Value) -> Option<&'v Value> {
    let mut current = vec![item];
    for s in segments {
        current = apply(s, current);
    }
    current.into_iter().next()
}

fn holds(filter: &Filter, item: &Value) -> bool {
    match filter {
        Filter::And(a, b) => holds(a, item) && holds(b, item),
        Filter::Or(a, b) => holds(a, item) || holds(b, item),
        Filter::Not(inner) => !holds(inner, item),
        Filter::Exists(segments) => relative(segments, item).is_some(),
        Filter::Compare(a, op, b) => {
            let value = |o: &Operand| -> Option<Value> {
                match o {
                    Operand::Current(segments) => relative(segments, item).cloned(),
                    Operand::Literal(v) => Some(v.clone()),
                }
            };
            let (Some(a), Some(b)) = (value(a), value(b)) else { return false };
            let ordering = match (&a, &b) {
                (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
                (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                _ => None,
            };
            use std::cmp::Ordering::*;
            match op {
                CompareOp::Eq => ordering.map_or(a == b, |o| o == Equal),
                CompareOp::Ne => ordering.map_or(a != b, |o| o != Equal),
                CompareOp::Lt => ordering == Some(Less),
                CompareOp::Le => matches!(ordering, Some(Less | Equal)),
                CompareOp::Gt => ordering == Some(Greater),
                CompareOp::Ge => matches!(ordering, Some(Greater | Equal)),
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Filters within filters and brackets: bounded so that a long path cannot overflow the stack.
    depth: usize,
}

const MAX_FILTER_DEPTH: usize = 32;

fn is_name_byte(b: u8) -> bool {
    // Anything but the characters that end a name in dot notation; non-ASCII names are fine.
    !matches!(
        b,
        b'.' | b'['
            | b']'
            | b' '
            | b'('
            | b')'
            | b','
            | b'\''
            | b'"'
            | b'='
            | b'!'
            | b'<'
            | b'>'
            | b'&'
            | b'|'
            | b'@'
            | b'?'
    )
}

impl Parser<'_> {
    fn error(&self, message: &str) -> PathSyntaxError {
        PathSyntaxError { message: message.to_string(), offset: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn path(&mut self) -> Result<Path, PathSyntaxError> {
        if !self.eat(b'$') {
            return Err(self.error("a path starts with '$'"));
        }
        let root = if self.eat(b'$') {
            Root::Context
        } else if self.peek().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_') {
            Root::Variable(self.name())
        } else {
            Root::Input
        };
        Ok(Path { root, segments: self.segments()? })
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_name_byte) {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    fn segments(&mut self) -> Result<Vec<Segment>, PathSyntaxError> {
        let mut segments = Vec::new();
        loop {
            match self.peek() {
                Some(b'.') => {
                    self.pos += 1;
                    let descendant = self.eat(b'.');
                    let selector = if self.eat(b'*') {
                        Selector::Wildcard
                    } else if descendant && self.peek() == Some(b'[') {
                        self.bracket()?
                    } else {
                        let name = self.name();
                        if name.is_empty() {
                            return Err(self.error("expected a name after '.'"));
                        }
                        Selector::Name(name)
                    };
                    segments.push(Segment { descendant, selector });
                }
                Some(b'[') => {
                    let selector = self.bracket()?;
                    segments.push(Segment { descendant: false, selector });
                }
                _ => return Ok(segments),
            }
        }
    }

    /// `[...]` at `self.pos`.
    fn bracket(&mut self) -> Result<Selector, PathSyntaxError> {
        self.pos += 1;
        self.skip_ws();
        let selector = if self.eat(b'*') {
            Selector::Wildcard
        } else if self.peek() == Some(b'(') {
            let start = self.pos + 1;
            let mut depth = 0;
            while let Some(b) = self.peek() {
                self.pos += 1;
                match b {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if depth != 0 {
                return Err(self.error("expected ')' to close the script expression"));
            }
            Selector::Script(self.text[start..self.pos - 1].to_string())
        } else if self.eat(b'?') {
            self.skip_ws();
            if !self.eat(b'(') {
                return Err(self.error("expected '(' after '?'"));
            }
            let filter = self.filter_or()?;
            self.skip_ws();
            if !self.eat(b')') {
                return Err(self.error("expected ')' to close the filter"));
            }
            Selector::Filter(filter)
        } else {
            let mut parts = vec![self.bracket_item()?];
            self.skip_ws();
            while self.eat(b',') {
                self.skip_ws();
                parts.push(self.bracket_item()?);
                self.skip_ws();
            }
            if parts.len() == 1 {
                parts.pop().unwrap_or(Selector::Wildcard)
            } else {
                Selector::Union(parts)
            }
        };
        self.skip_ws();
        if !self.eat(b']') {
            return Err(self.error("expected ']'"));
        }
        Ok(selector)
    }

    fn bracket_item(&mut self) -> Result<Selector, PathSyntaxError> {
        match self.peek() {
            Some(q @ (b'\'' | b'"')) => Ok(Selector::Name(self.quoted(q)?)),
            Some(b'-' | b'0'..=b'9' | b':') => {
                let start = self.int()?;
                if !self.eat(b':') {
                    return start.map(Selector::Index).ok_or_else(|| self.error("expected an index"));
                }
                let end = self.int()?;
                let step = if self.eat(b':') { self.int()? } else { None };
                Ok(Selector::Slice { start, end, step })
            }
            _ => Err(self.error("expected an index, a slice, a quoted name, '*' or '?('")),
        }
    }

    fn int(&mut self) -> Result<Option<i64>, PathSyntaxError> {
        let start = self.pos;
        self.eat(b'-');
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        match &self.text[start..self.pos] {
            "" => Ok(None),
            digits => digits.parse().map(Some).map_err(|_| self.error("expected a whole number")),
        }
    }

    fn quoted(&mut self, quote: u8) -> Result<String, PathSyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated quoted name")),
                Some(b) if b == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                // As in Jayway JsonPath, a backslash escapes the quote only; otherwise it is literal.
                Some(b'\\') if self.bytes.get(self.pos + 1) == Some(&quote) => {
                    out.push(quote as char);
                    self.pos += 2;
                }
                Some(_) => {
                    let c = self.text[self.pos..].chars().next().unwrap_or('\u{FFFD}');
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn filter_or(&mut self) -> Result<Filter, PathSyntaxError> {
        let mut left = self.filter_and()?;
        loop {
            self.skip_ws();
            if self.text[self.pos..].starts_with("||") {
                self.pos += 2;
                // A chain is as deep as nesting once built.
                self.chain()?;
                left = Filter::Or(Box::new(left), Box::new(self.filter_and()?));
            } else {
                return Ok(left);
            }
        }
    }

    fn filter_and(&mut self) -> Result<Filter, PathSyntaxError> {
        let mut left = self.filter_unary()?;
        loop {
            self.skip_ws();
            if self.text[self.pos..].starts_with("&&") {
                self.pos += 2;
                self.chain()?;
                left = Filter::And(Box::new(left), Box::new(self.filter_unary()?));
            } else {
                return Ok(left);
            }
        }
    }

    /// Counts one more link of an `&&`/`||` chain against the depth limit (for the rest of
    /// the parse: links are few in any real path).
    fn chain(&mut self) -> Result<(), PathSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error("the filter nests too deeply"));
        }
        Ok(())
    }

    fn filter_unary(&mut self) -> Result<Filter, PathSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error("the filter nests too deeply"));
        }
        let filter = self.filter_unary_inner();
        self.depth -= 1;
        filter
    }

    fn filter_unary_inner(&mut self) -> Result<Filter, PathSyntaxError> {
        self.skip_ws();
        if self.peek() == Some(b'!') && self.bytes.get(self.pos + 1) != Some(&b'=') {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.filter_unary()?)));
        }
        if self.eat(b'(') {
            let inner = self.filter_or()?;
            self.skip_ws();
            if !self.eat(b')') {
                return Err(self.error("expected ')'"));
            }
            return Ok(inner);
        }
        let left = self.operand()?;
        self.skip_ws();
        let op = [
            ("==", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
        ]
        .into_iter()
        .find(|(sym, _)| self.text[self.pos..].starts_with(sym));
        match (op, left) {
            (Some((sym, op)), left) => {
                self.pos += sym.len();
                self.skip_ws();
                let right = self.operand()?;
                Ok(Filter::Compare(left, op, right))
            }
            (None, Operand::Current(segments)) => Ok(Filter::Exists(segments)),
            (None, Operand::Literal(_)) => Err(self.error("expected a comparison")),
        }
    }

    fn operand(&mut self) -> Result<Operand, PathSyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some(b'@') => {
                self.pos += 1;
                Ok(Operand::Current(self.segments()?))
            }
            Some(q @ (b'\'' | b'"')) => Ok(Operand::Literal(Value::String(self.quoted(q)?))),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                self.eat(b'-');
                while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E') {
                    self.pos += 1;
                }
                serde_json::from_str(&self.text[start..self.pos])
                    .map(Operand::Literal)
                    .map_err(|_| self.error("invalid number"))
            }
            _ => {
                for (word, value) in [("true", Value::Bool(true)), ("false", Value::Bool(false)), ("null", Value::Null)]
                {
                    if self.text[self.pos..].starts_with(word) {
                        self.pos += word.len();
                        return Ok(Operand::Literal(value));
                    }
                }
                // Jayway JsonPath (what AWS runs) reads a bare word as a string.
                let word = self.name();
                if word.is_empty() {
                    return Err(self.error("expected '@', a string, a number, true, false or null"));
                }
                Ok(Operand::Literal(Value::String(word)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(path: &str, v: &Value) -> Vec<Value> {
        Path::parse(path).unwrap().select(v).into_iter().cloned().collect()
    }

    #[test]
    fn parses_and_selects() {
        let v = json!({"store": {"book": [{"price": 8, "t": "a"}, {"price": 12, "t": "b"}, {"price": 5, "t": "c"}]}, "x y": 1});
        assert_eq!(sel("$.store.book[0].t", &v), vec![json!("a")]);
        assert_eq!(sel("$.store.book[-1].t", &v), vec![json!("c")]);
        assert_eq!(sel("$['x y']", &v), vec![json!(1)]);
        assert_eq!(sel("$.store.book[*].t", &v), vec![json!("a"), json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[1:].t", &v), vec![json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[0,2].t", &v), vec![json!("a"), json!("c")]);
        assert_eq!(sel("$..t", &v), vec![json!("a"), json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[?(@.price < 10)].t", &v), vec![json!("a"), json!("c")]);
        assert_eq!(sel("$.store.book[?(@.price > 6 && @.t != 'b')].t", &v), vec![json!("a")]);
        assert_eq!(sel("$.store.book[::-1].t", &v), vec![json!("c"), json!("b"), json!("a")]);
        assert_eq!(sel("$.store.book[(@.length-1)].t", &v), vec![json!("c")]);
        assert_eq!(sel("$.store.book[?(@.t == b)].price", &v), vec![json!(12)]);
        assert!(Path::parse("$.a['b'][0]").unwrap().is_reference());
        assert!(!Path::parse("$.a[*]").unwrap().is_reference());
        assert_eq!(Path::parse("$$.Execution.Id").unwrap().root, Root::Context);
        assert_eq!(Path::parse("$myVar.field").unwrap().root, Root::Variable("myVar".into()));
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let deep = format!("$[?({}@.a{})]", "(".repeat(50), ")".repeat(50));
        assert_eq!(Path::parse(&deep).unwrap_err().message, "the filter nests too deeply");
        let long = format!("$[?({})]", vec!["@.a == 1"; 100].join(" && "));
        assert_eq!(Path::parse(&long).unwrap_err().message, "the filter nests too deeply");
        for (text, offset) in
            [("a", 0), ("$.", 2), ("$[", 2), ("$[?(@.a < )]", 10), ("$['a", 4), ("$.a]", 3), ("$[1:2:x]", 6)]
        {
            let err = Path::parse(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text}: {err}");
        }
    }
}
