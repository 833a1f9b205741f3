//! The path parser: a byte cursor over the text, one method per part of the grammar.

use serde_json::Value;

use super::{CompareOp, Filter, Operand, Path, PathSyntaxError, Root, Segment, Selector};

pub(super) fn parse(text: &str) -> Result<Path, PathSyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
    let path = p.path()?;
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected character"));
    }
    Ok(path)
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
