//! Parsing: the pattern's text to a `Node` tree (JavaScript's syntax, errors as static texts).

use super::{Class, Node};

struct Parser<'p> {
    chars: Vec<char>,
    at: usize,
    groups: usize,
    /// Groups in the whole pattern (a `\N` above it is a backreference, else an octal escape).
    total_groups: usize,
    /// The first error met.
    err: Option<&'static str>,
    _p: std::marker::PhantomData<&'p ()>,
}

/// The pattern's tree and how many capturing groups it has.
pub(super) fn parse(pattern: &str) -> Parse<(Node, usize)> {
    let chars: Vec<char> = pattern.chars().collect();
    let total_groups = count_groups(&chars);
    let mut p = Parser { chars, at: 0, groups: 0, total_groups, err: None, _p: std::marker::PhantomData };
    let root = p.alternation(0);
    if let Some(e) = p.err {
        return Err(e);
    }
    if p.at < p.chars.len() {
        return Err("unmatched ')'");
    }
    Ok((root, p.groups))
}

/// Capturing groups: `(` not followed by `?`, or `(?<name>`; escapes and classes skipped.
fn count_groups(chars: &[char]) -> usize {
    let mut total_groups = 0;
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                let named = chars.get(i + 1) == Some(&'?')
                    && chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=' | '!'));
                if chars.get(i + 1) != Some(&'?') || named {
                    total_groups += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    total_groups
}

/// Parse errors are static texts (a `String` per error site would cost code at each).
pub(super) type Parse<T> = std::result::Result<T, &'static str>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }
    /// Records the first error and ends the input, so that every loop stops and parsing unwinds
    /// with stand-in nodes (no early returns and their drops at every call).
    #[cold]
    #[inline(never)]
    fn fail(&mut self, e: &'static str) -> Node {
        self.err.get_or_insert(e);
        self.at = self.chars.len();
        Node::Concat(Vec::new())
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self, depth: usize) -> Node {
        if depth > 100 {
            return self.fail("the pattern nests too deeply");
        }
        let mut alts = vec![self.concat(depth)];
        while self.eat('|') {
            alts.push(self.concat(depth));
        }
        if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alts)
        }
    }

    fn concat(&mut self, depth: usize) -> Node {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth);
            let atom = self.quantified(atom);
            items.push(atom);
        }
        if items.len() == 1 {
            items.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Concat(items)
        }
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        if digits.is_empty() {
            None
        } else {
            Some(digits.parse().unwrap_or(u32::MAX))
        }
    }

    /// `{n}`, `{n,}`, `{n,m}`; anything else leaves `{` a literal, as JavaScript does.
    fn braces(&mut self) -> Option<(u32, u32)> {
        let save = self.at;
        self.at += 1;
        let range = self.number().map(|min| {
            if self.eat(',') {
                match self.number() {
                    Some(max) => (min, max),
                    None => (min, u32::MAX),
                }
            } else {
                (min, min)
            }
        });
        match range {
            Some(r) if self.eat('}') => Some(r),
            _ => {
                self.at = save;
                None
            }
        }
    }

    fn quantified(&mut self, atom: Node) -> Node {
        let (min, max) = match self.peek() {
            Some('*') => (0, u32::MAX),
            Some('+') => (1, u32::MAX),
            Some('?') => (0, 1),
            Some('{') => match self.braces() {
                Some(r) => {
                    self.at -= 1; // `}` is consumed below with the other quantifiers
                    r
                }
                None => return atom,
            },
            _ => return atom,
        };
        self.at += 1;
        if min > max {
            return self.fail("numbers out of order in {} quantifier");
        }
        if matches!(atom, Node::Start | Node::End | Node::WordBoundary(_) | Node::Look(..)) {
            return self.fail("nothing to repeat");
        }
        let greedy = !self.eat('?');
        Node::Repeat { node: Box::new(atom), min, max, greedy }
    }

    fn atom(&mut self, depth: usize) -> Node {
        let Some(c) = self.peek() else { return self.fail("unexpected end of pattern") };
        self.at += 1;
        match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '*' | '+' | '?' => self.fail("nothing to repeat"),
            '{' => {
                self.at -= 1;
                if self.braces().is_some() {
                    return self.fail("nothing to repeat");
                }
                self.at += 1;
                Node::Char('{')
            }
            '[' => Node::Class(Box::new(self.class())),
            '(' => {
                let capture = if self.eat('?') {
                    if self.eat(':') {
                        None
                    } else if self.eat('=') || self.eat('!') {
                        let positive = self.chars[self.at - 1] == '=';
                        let inner = self.alternation(depth + 1);
                        if !self.eat(')') {
                            return self.fail("unterminated group");
                        }
                        return Node::Look(Box::new(inner), positive);
                    } else if self.eat('<') {
                        if matches!(self.peek(), Some('=' | '!')) {
                            return self.fail("lookbehind is not supported");
                        }
                        while self.peek().is_some_and(|c| c != '>') {
                            self.at += 1;
                        }
                        if !self.eat('>') {
                            return self.fail("invalid group name");
                        }
                        self.groups += 1;
                        Some(self.groups)
                    } else {
                        return self.fail("invalid group");
                    }
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alternation(depth + 1);
                if !self.eat(')') {
                    return self.fail("unterminated group");
                }
                Node::Group(Box::new(inner), capture)
            }
            ')' => self.fail("unmatched ')'"),
            '\\' => self.escape(false),
            c => Node::Char(c),
        }
    }

    /// After a backslash; in a class, `\b` is a backspace and there are no assertions.
    fn escape(&mut self, in_class: bool) -> Node {
        let Some(c) = self.peek() else { return self.fail("\\ at end of pattern") };
        self.at += 1;
        let class =
            |negated: bool, ranges: &[(char, char)]| Node::Class(Box::new(Class { negated, ranges: ranges.to_vec() }));
        const DIGIT: &[(char, char)] = &[('0', '9')];
        const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        const SPACE: &[(char, char)] = &[
            ('\t', '\r'),
            (' ', ' '),
            ('\u{a0}', '\u{a0}'),
            ('\u{1680}', '\u{1680}'),
            ('\u{2000}', '\u{200a}'),
            ('\u{2028}', '\u{2029}'),
            ('\u{202f}', '\u{202f}'),
            ('\u{205f}', '\u{205f}'),
            ('\u{3000}', '\u{3000}'),
            ('\u{feff}', '\u{feff}'),
        ];
        match c {
            'd' => class(false, DIGIT),
            'D' => class(true, DIGIT),
            'w' => class(false, WORD),
            'W' => class(true, WORD),
            's' => class(false, SPACE),
            'S' => class(true, SPACE),
            'b' if in_class => Node::Char('\u{8}'),
            'b' => Node::WordBoundary(true),
            'B' if !in_class => Node::WordBoundary(false),
            'n' => Node::Char('\n'),
            'r' => Node::Char('\r'),
            't' => Node::Char('\t'),
            'f' => Node::Char('\u{c}'),
            'v' => Node::Char('\u{b}'),
            'x' | 'u' => {
                let len = if c == 'x' { 2 } else { 4 };
                let hex: String = self.chars.iter().skip(self.at).take(len).collect();
                match u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                {
                    Some(code) => {
                        self.at += len;
                        Node::Char(char::from_u32(code).unwrap_or_else(|| crate::syntax::json::lone_surrogate(code)))
                    }
                    None => Node::Char(c),
                }
            }
            '1'..='9' if !in_class => {
                self.at -= 1;
                let save = self.at;
                let n = self.number().unwrap_or(0) as usize;
                if n <= self.total_groups {
                    Node::BackRef(n)
                } else {
                    self.at = save + 1;
                    Node::Char(c)
                }
            }
            '0' => Node::Char('\0'),
            c => Node::Char(c),
        }
    }

    fn class(&mut self) -> Class {
        let mut class = Class { negated: self.eat('^'), ranges: Vec::new() };
        loop {
            let Some(c) = self.peek() else {
                self.fail("unterminated character class");
                return class;
            };
            self.at += 1;
            if c == ']' {
                return class;
            }
            let lo = match c {
                '\\' => match self.escape(true) {
                    Node::Char(c) => c,
                    Node::Class(inner) => {
                        // `\d`, `\w`, `\s` and their negations inside a class.
                        if inner.negated {
                            class.ranges.extend(complement(&inner.ranges));
                        } else {
                            class.ranges.extend(inner.ranges.iter().copied());
                        }
                        continue;
                    }
                    _ => {
                        self.fail("invalid escape in class");
                        return class;
                    }
                },
                c => c,
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']');
            if !is_range {
                class.ranges.push((lo, lo));
                continue;
            }
            self.at += 1;
            let Some(c) = self.peek() else {
                self.fail("unterminated character class");
                return class;
            };
            self.at += 1;
            let hi = match c {
                '\\' => match self.escape(true) {
                    Node::Char(c) => c,
                    Node::Class(inner) => {
                        // `[a-\d]`: JavaScript takes `a`, `-` and the class literally.
                        class.ranges.push((lo, lo));
                        class.ranges.push(('-', '-'));
                        class.ranges.extend(inner.ranges.iter().copied());
                        continue;
                    }
                    _ => {
                        self.fail("invalid escape in class");
                        return class;
                    }
                },
                c => c,
            };
            if lo > hi {
                self.fail("range out of order in character class");
                return class;
            }
            class.ranges.push((lo, hi));
        }
    }
}

/// The code points not in `ranges` (which need not be sorted).
fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut sorted: Vec<(u32, u32)> = ranges.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
    // Insertion sort: a handful of ranges, and no sort implementation pulled into the wasm.
    for i in 1..sorted.len() {
        let mut j = i;
        while j > 0 && sorted[j - 1] > sorted[j] {
            sorted.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut out = Vec::new();
    let mut next = 0u32;
    for (a, b) in sorted {
        if a > next {
            out.extend(char::from_u32(next).zip(char::from_u32(a - 1)).filter(|(x, y)| x <= y));
        }
        next = next.max(b + 1);
    }
    if next <= 0x10FFFF {
        out.extend(char::from_u32(next.clamp(0xE000, 0x10FFFF)).map(|c| (c, '\u{10FFFF}')));
        if next < 0xD800 {
            out.extend(char::from_u32(next).map(|c| (c, '\u{D7FF}')));
        }
    }
    out
}
