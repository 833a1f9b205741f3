//! JavaScript regular expressions, matched by backtracking as JavaScript engines match them
//! (leftmost, alternatives in order, greedy or lazy quantifiers), over byte offsets of a `&str`.
//!
//! Written for the evaluator instead of a regex crate: it is a fraction of the wasm size, and it
//! has JavaScript's syntax and semantics (lookahead, backreferences, lazy quantifiers, `[^]`,
//! `\d` `\w` `\s` as JavaScript defines them). Flags: `i` (simple case folding) and `m`.
//! Backtracking can take exponential time and deep recursion, so every search has a step and a
//! nesting budget; running out is an error (`U1001`), never a hang or a stack overflow. A run of
//! one-character atoms (`a*`, `.+`, `[^,]*`) is matched with a loop, not recursion.

use super::error::{Error, Result};

#[derive(Debug)]
enum Node {
    Char(char),
    /// `.`: any character but a line terminator.
    Any,
    Class(Box<Class>),
    /// `^` and `$`.
    Start,
    End,
    /// `\b` (true) and `\B` (false).
    WordBoundary(bool),
    /// A group; `Some(i)` captures into group `i`.
    Group(Box<Node>, Option<usize>),
    /// `(?=...)` (true) and `(?!...)` (false).
    Look(Box<Node>, bool),
    BackRef(usize),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: u32, greedy: bool },
}

#[derive(Debug, Default)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

/// Group spans, by byte offsets; index 0 is the whole match.
pub type Captures = Vec<Option<(usize, usize)>>;

#[derive(Debug)]
pub struct Pattern {
    root: Node,
    groups: usize,
    ignore_case: bool,
    multiline: bool,
}

/// The most steps one search may take, and the deepest its recursion may go.
const MAX_STEPS: u64 = 5_000_000;
const MAX_DEPTH: usize = 1_000;
/// The most native stack one search may use (the evaluator keeps its own budget below that of
/// the browser's 1 MiB stack; this one fits in what is left).
const MAX_STACK_BYTES: usize = 192 * 1024;

fn stack_address() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

struct Parser<'p> {
    chars: Vec<char>,
    at: usize,
    groups: usize,
    /// Groups in the whole pattern (a `\N` above it is a backreference, else an octal escape).
    total_groups: usize,
    _p: std::marker::PhantomData<&'p ()>,
}

type Parse<T> = std::result::Result<T, String>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self, depth: usize) -> Parse<Node> {
        if depth > 100 {
            return Err("the pattern nests too deeply".into());
        }
        let mut alts = vec![self.concat(depth)?];
        while self.eat('|') {
            alts.push(self.concat(depth)?);
        }
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(Node::Concat(Vec::new())) } else { Node::Alt(alts) })
    }

    fn concat(&mut self, depth: usize) -> Parse<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(if items.len() == 1 { items.pop().unwrap_or(Node::Concat(Vec::new())) } else { Node::Concat(items) })
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
        let range = self.number().and_then(|min| {
            if self.eat(',') {
                match self.number() {
                    Some(max) => Some((min, max)),
                    None => Some((min, u32::MAX)),
                }
            } else {
                Some((min, min))
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

    fn quantified(&mut self, atom: Node) -> Parse<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, u32::MAX),
            Some('+') => (1, u32::MAX),
            Some('?') => (0, 1),
            Some('{') => match self.braces() {
                Some(r) => {
                    self.at -= 1; // `}` is consumed below with the other quantifiers
                    r
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        self.at += 1;
        if min > max {
            return Err("numbers out of order in {} quantifier".into());
        }
        if matches!(atom, Node::Start | Node::End | Node::WordBoundary(_) | Node::Look(..)) {
            return Err("nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat { node: Box::new(atom), min, max, greedy })
    }

    fn atom(&mut self, depth: usize) -> Parse<Node> {
        let c = self.peek().ok_or("unexpected end of pattern")?;
        self.at += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '*' | '+' | '?' => return Err("nothing to repeat".into()),
            '{' => {
                self.at -= 1;
                if self.braces().is_some() {
                    return Err("nothing to repeat".into());
                }
                self.at += 1;
                Node::Char('{')
            }
            '[' => Node::Class(Box::new(self.class()?)),
            '(' => {
                let capture = if self.eat('?') {
                    if self.eat(':') {
                        None
                    } else if self.eat('=') || self.eat('!') {
                        let positive = self.chars[self.at - 1] == '=';
                        let inner = self.alternation(depth + 1)?;
                        if !self.eat(')') {
                            return Err("unterminated group".into());
                        }
                        return Ok(Node::Look(Box::new(inner), positive));
                    } else if self.eat('<') {
                        if matches!(self.peek(), Some('=' | '!')) {
                            return Err("lookbehind is not supported".into());
                        }
                        while self.peek().is_some_and(|c| c != '>') {
                            self.at += 1;
                        }
                        if !self.eat('>') {
                            return Err("invalid group name".into());
                        }
                        self.groups += 1;
                        Some(self.groups)
                    } else {
                        return Err("invalid group".into());
                    }
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return Err("unterminated group".into());
                }
                Node::Group(Box::new(inner), capture)
            }
            ')' => return Err("unmatched ')'".into()),
            '\\' => self.escape(false)?,
            c => Node::Char(c),
        })
    }

    /// After a backslash; in a class, `\b` is a backspace and there are no assertions.
    fn escape(&mut self, in_class: bool) -> Parse<Node> {
        let c = self.peek().ok_or("\\ at end of pattern")?;
        self.at += 1;
        let class = |negated: bool, ranges: &[(char, char)]| Node::Class(Box::new(Class { negated, ranges: ranges.to_vec() }));
        const DIGIT: &[(char, char)] = &[('0', '9')];
        const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        const SPACE: &[(char, char)] = &[
            ('\t', '\r'), (' ', ' '), ('\u{a0}', '\u{a0}'), ('\u{1680}', '\u{1680}'), ('\u{2000}', '\u{200a}'),
            ('\u{2028}', '\u{2029}'), ('\u{202f}', '\u{202f}'), ('\u{205f}', '\u{205f}'), ('\u{3000}', '\u{3000}'), ('\u{feff}', '\u{feff}'),
        ];
        Ok(match c {
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
                match u32::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == len && hex.bytes().all(|b| b.is_ascii_hexdigit())) {
                    Some(code) => {
                        self.at += len;
                        Node::Char(char::from_u32(code).unwrap_or_else(|| crate::json::lone_surrogate(code)))
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
        })
    }

    fn class(&mut self) -> Parse<Class> {
        let mut class = Class { negated: self.eat('^'), ranges: Vec::new() };
        loop {
            let c = self.peek().ok_or("unterminated character class")?;
            self.at += 1;
            if c == ']' {
                return Ok(class);
            }
            let lo = match c {
                '\\' => match self.escape(true)? {
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
                    _ => return Err("invalid escape in class".into()),
                },
                c => c,
            };
            let is_range = self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']');
            if !is_range {
                class.ranges.push((lo, lo));
                continue;
            }
            self.at += 1;
            let c = self.peek().ok_or("unterminated character class")?;
            self.at += 1;
            let hi = match c {
                '\\' => match self.escape(true)? {
                    Node::Char(c) => c,
                    Node::Class(inner) => {
                        // `[a-\d]`: JavaScript takes `a`, `-` and the class literally.
                        class.ranges.push((lo, lo));
                        class.ranges.push(('-', '-'));
                        class.ranges.extend(inner.ranges.iter().copied());
                        continue;
                    }
                    _ => return Err("invalid escape in class".into()),
                },
                c => c,
            };
            if lo > hi {
                return Err("range out of order in character class".into());
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
        out.extend(char::from_u32(next.max(0xE000).min(0x10FFFF)).map(|c| (c, '\u{10FFFF}')));
        if next < 0xD800 {
            out.extend(char::from_u32(next).map(|c| (c, '\u{D7FF}')));
        }
    }
    out
}

impl Pattern {
    pub fn new(pattern: &str, ignore_case: bool, multiline: bool) -> std::result::Result<Pattern, String> {
        let chars: Vec<char> = pattern.chars().collect();
        // Capturing groups: `(` not followed by `?`, or `(?<name>`; escapes and classes skipped.
        let mut total_groups = 0;
        let mut i = 0;
        let mut in_class = false;
        while i < chars.len() {
            match chars[i] {
                '\\' => i += 1,
                '[' => in_class = true,
                ']' => in_class = false,
                '(' if !in_class => {
                    let named = chars.get(i + 1) == Some(&'?') && chars.get(i + 2) == Some(&'<') && !matches!(chars.get(i + 3), Some('=' | '!'));
                    if chars.get(i + 1) != Some(&'?') || named {
                        total_groups += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let mut p = Parser { chars, at: 0, groups: 0, total_groups, _p: std::marker::PhantomData };
        let root = p.alternation(0)?;
        if p.at < p.chars.len() {
            return Err("unmatched ')'".into());
        }
        Ok(Pattern { root, groups: p.groups, ignore_case, multiline })
    }

    /// The first match starting at or after byte `from` (a `^` still means the start of `s`).
    pub fn captures_at(&self, s: &str, from: usize) -> Result<Option<Captures>> {
        let mut m = Matcher { p: self, s, caps: vec![None; self.groups + 1], steps: 0, depth: 0, exhausted: false, stack_base: stack_address() };
        let mut start = from.min(s.len());
        while !s.is_char_boundary(start) {
            start += 1;
        }
        loop {
            m.caps.iter_mut().for_each(|c| *c = None);
            if let Some(end) = m.run(start) {
                m.caps[0] = Some((start, end));
                return Ok(Some(m.caps));
            }
            if m.exhausted {
                return Err(Error::new("U1001", super::eval::UNSET)
                    .with_message("The regular expression takes too long to match (it backtracks too much)"));
            }
            match s[start..].chars().next() {
                Some(c) => start += c.len_utf8(),
                None => return Ok(None),
            }
        }
    }

    pub fn is_match(&self, s: &str) -> Result<bool> {
        Ok(self.captures_at(s, 0)?.is_some())
    }
}

// ---------------------------------------------------------------------------------------------
// Matching

struct Matcher<'m> {
    p: &'m Pattern,
    s: &'m str,
    caps: Captures,
    steps: u64,
    depth: usize,
    exhausted: bool,
    stack_base: usize,
}

/// What to match after a node: the rest of the pattern, as a list of continuations.
type Cont<'c> = &'c mut dyn FnMut(&mut Matcher<'_>, usize) -> Option<usize>;

impl Matcher<'_> {
    fn run(&mut self, start: usize) -> Option<usize> {
        let root = &self.p.root;
        self.node(root, start, &mut |_, end| Some(end))
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.s.get(at..).and_then(|r| r.chars().next())
    }

    fn char_before(&self, at: usize) -> Option<char> {
        self.s.get(..at).and_then(|r| r.chars().next_back())
    }

    /// Whether the one-character node `n` matches `c`.
    fn single(&self, n: &Node, c: char) -> bool {
        match n {
            Node::Char(x) => *x == c || (self.p.ignore_case && fold(*x) == fold(c)),
            Node::Any => !is_line_end(c),
            Node::Class(class) => {
                let within = |c: char| class.ranges.iter().any(|&(a, b)| a <= c && c <= b);
                let hit = within(c)
                    || (self.p.ignore_case && {
                        let (l, u) = (fold(c), super::functions::case::upper_one(c));
                        within(l) || within(u)
                    });
                hit != class.negated
            }
            _ => false,
        }
    }

    fn node(&mut self, n: &Node, at: usize, k: Cont<'_>) -> Option<usize> {
        self.steps += 1;
        if self.steps > MAX_STEPS || self.depth > MAX_DEPTH || stack_address().abs_diff(self.stack_base) > MAX_STACK_BYTES {
            self.exhausted = true;
        }
        if self.exhausted {
            return None;
        }
        self.depth += 1;
        let r = self.node_inner(n, at, k);
        self.depth -= 1;
        r
    }

    fn node_inner(&mut self, n: &Node, at: usize, k: Cont<'_>) -> Option<usize> {
        match n {
            Node::Char(_) | Node::Any | Node::Class(_) => {
                let c = self.char_at(at)?;
                if self.single(n, c) {
                    k(self, at + c.len_utf8())
                } else {
                    None
                }
            }
            Node::Start => {
                let ok = at == 0 || (self.p.multiline && self.char_before(at).is_some_and(is_line_end));
                if ok { k(self, at) } else { None }
            }
            Node::End => {
                let ok = at == self.s.len() || (self.p.multiline && self.char_at(at).is_some_and(is_line_end));
                if ok { k(self, at) } else { None }
            }
            Node::WordBoundary(want) => {
                let a = self.char_before(at).is_some_and(is_word);
                let b = self.char_at(at).is_some_and(is_word);
                if (a != b) == *want { k(self, at) } else { None }
            }
            Node::Group(inner, index) => match index {
                None => self.node(inner, at, k),
                Some(i) => {
                    let i = *i;
                    self.node(inner, at, &mut |m: &mut Matcher<'_>, end| {
                        let old = m.caps[i];
                        m.caps[i] = Some((at, end));
                        let r = k(m, end);
                        if r.is_none() {
                            m.caps[i] = old;
                        }
                        r
                    })
                }
            },
            Node::Look(inner, positive) => {
                let saved = self.caps.clone();
                let found = self.node(inner, at, &mut |_, end| Some(end)).is_some();
                if found != *positive {
                    self.caps = saved;
                    return None;
                }
                if !found {
                    self.caps = saved.clone();
                }
                let r = k(self, at);
                if r.is_none() {
                    self.caps = saved;
                }
                r
            }
            Node::BackRef(i) => {
                let Some((a, b)) = self.caps.get(*i).copied().flatten() else { return k(self, at) };
                let want = &self.s[a..b];
                let have = self.s.get(at..)?;
                let mut end = at;
                let mut hs = have.chars();
                for w in want.chars() {
                    let h = hs.next()?;
                    if !(h == w || (self.p.ignore_case && fold(h) == fold(w))) {
                        return None;
                    }
                    end += h.len_utf8();
                }
                k(self, end)
            }
            Node::Concat(items) => self.seq(items, at, k),
            Node::Alt(alts) => {
                for alt in alts {
                    if let Some(end) = self.node(alt, at, k) {
                        return Some(end);
                    }
                    if self.exhausted {
                        return None;
                    }
                }
                None
            }
            Node::Repeat { node, min, max, greedy } => {
                if matches!(**node, Node::Char(_) | Node::Any | Node::Class(_)) {
                    self.repeat_single(node, *min, *max, *greedy, at, k)
                } else {
                    self.repeat(node, *min, *max, *greedy, 0, at, k)
                }
            }
        }
    }

    fn seq(&mut self, items: &[Node], at: usize, k: Cont<'_>) -> Option<usize> {
        match items.split_first() {
            None => k(self, at),
            Some((first, rest)) => self.node(first, at, &mut |m: &mut Matcher<'_>, next| m.seq(rest, next, &mut *k)),
        }
    }

    /// A quantified group or sequence: one iteration at a time, by recursion. An iteration that
    /// matches nothing once the minimum is reached ends the loop (JavaScript's empty check).
    #[allow(clippy::too_many_arguments)]
    fn repeat(&mut self, n: &Node, min: u32, max: u32, greedy: bool, count: u32, at: usize, k: Cont<'_>) -> Option<usize> {
        let again = |m: &mut Matcher<'_>, k: Cont<'_>| -> Option<usize> {
            if count >= max {
                return None;
            }
            m.node(n, at, &mut |m: &mut Matcher<'_>, next| {
                if next == at && count >= min {
                    return None;
                }
                m.repeat(n, min, max, greedy, count.saturating_add(1), next, &mut *k)
            })
        };
        if count < min {
            return again(self, k);
        }
        if greedy {
            if let Some(end) = again(self, k) {
                return Some(end);
            }
            if self.exhausted {
                return None;
            }
            k(self, at)
        } else {
            if let Some(end) = k(self, at) {
                return Some(end);
            }
            if self.exhausted {
                return None;
            }
            again(self, k)
        }
    }

    /// A quantified one-character atom, by a loop: the ends it can reach, tried longest first
    /// (greedy) or shortest first (lazy).
    fn repeat_single(&mut self, n: &Node, min: u32, max: u32, greedy: bool, at: usize, k: Cont<'_>) -> Option<usize> {
        let mut ends = vec![at];
        let mut pos = at;
        while ends.len() as u64 <= u64::from(max) {
            match self.char_at(pos) {
                Some(c) if self.single(n, c) => {
                    pos += c.len_utf8();
                    ends.push(pos);
                }
                _ => break,
            }
            if !greedy && ends.len() as u64 > u64::from(min) {
                // Lazy: no need to look further ahead than needed before trying.
                break;
            }
        }
        if greedy {
            for (count, &end) in ends.iter().enumerate().rev() {
                if (count as u64) < u64::from(min) {
                    break;
                }
                self.steps += 1;
                if self.steps > MAX_STEPS {
                    self.exhausted = true;
                }
                if self.exhausted {
                    return None;
                }
                if let Some(r) = k(self, end) {
                    return Some(r);
                }
            }
            None
        } else {
            // Lazy: the shortest first, extending one character at a time.
            let mut count = 0u64;
            let mut pos = at;
            loop {
                if count >= u64::from(min) {
                    self.steps += 1;
                    if self.steps > MAX_STEPS {
                        self.exhausted = true;
                    }
                    if self.exhausted {
                        return None;
                    }
                    if let Some(r) = k(self, pos) {
                        return Some(r);
                    }
                }
                if count >= u64::from(max) {
                    return None;
                }
                match self.char_at(pos) {
                    Some(c) if self.single(n, c) => {
                        pos += c.len_utf8();
                        count += 1;
                    }
                    _ => return None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, flags: &str, s: &str) -> Option<Vec<Option<String>>> {
        let re = Pattern::new(p, flags.contains('i'), flags.contains('m')).expect(p);
        re.captures_at(s, 0).unwrap().map(|caps| caps.iter().map(|c| c.map(|(a, b)| s[a..b].to_string())).collect())
    }

    fn whole(p: &str, s: &str) -> Option<String> {
        find(p, "", s).and_then(|c| c[0].clone())
    }

    #[test]
    fn javascript_semantics() {
        assert_eq!(whole("a+", "baaac"), Some("aaa".into()));
        assert_eq!(whole("a+?", "baaac"), Some("a".into()));
        assert_eq!(whole("a|ab", "ab"), Some("a".into()));
        assert_eq!(whole("(a|ab)c", "abc"), Some("abc".into()));
        assert_eq!(whole("x*", "abc"), Some("".into()));
        assert_eq!(whole("^b", "ab"), None);
        assert_eq!(find("^b", "m", "a\nb").map(|c| c[0].clone()), Some(Some("b".into())));
        assert_eq!(whole("\\d{2,3}", "a12345"), Some("123".into()));
        assert_eq!(whole("a{,2}", "a{,2}"), Some("a{,2}".into()));
        assert_eq!(whole("[^]", "\n"), Some("\n".into()));
        assert_eq!(whole("[]", "a"), None);
        assert_eq!(whole("[a-c\\d-]+", "xb2-c9y"), Some("b2-c9".into()));
        assert_eq!(whole("[\\W]+", "ab, cd"), Some(", ".into()));
        assert_eq!(whole("\\bcat\\b", "concat cat"), Some("cat".into()));
        assert_eq!(whole("(\\w)\\1", "abccd"), Some("cc".into()));
        assert_eq!(whole("a(?=b)", "acab"), Some("a".into()));
        assert_eq!(whole("a(?!b)", "abac"), Some("a".into()));
        assert_eq!(whole("(?<year>\\d{4})-(?:\\d\\d)", "on 2024-05"), Some("2024-05".into()));
        assert_eq!(find("HELLO", "i", "say hello").map(|c| c[0].clone()), Some(Some("hello".into())));
        assert_eq!(find("[a-z]+", "i", "ÀBC").map(|c| c[0].clone()), Some(Some("BC".into())));
        assert_eq!(find("(a)|(b)", "", "b"), Some(vec![Some("b".into()), None, Some("b".into())]));
        assert_eq!(find("(a*)+b", "", "aab"), Some(vec![Some("aab".into()), Some("aa".into())]));
        assert_eq!(whole("é+", "xééy"), Some("éé".into()));
        assert_eq!(whole("\\u00e9\\x41", "éA"), Some("éA".into()));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for p in ["(", "a)", "*a", "a**", "[b-a]", "[a", "(?x)", "\\"] {
            assert!(Pattern::new(p, false, false).is_err(), "{p}");
        }
    }

    #[test]
    fn runaway_backtracking_and_long_inputs_end() {
        let re = Pattern::new("(a+)+$", false, false).unwrap();
        let s = format!("{}b", "a".repeat(40));
        assert_eq!(re.captures_at(&s, 0).unwrap_err().code, "U1001");
        // A long repetition of a group recurses, within the nesting budget, on a stack the size
        // left to it (here 256 KiB, in an unoptimised build).
        let deep = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                let re = Pattern::new("(?:ab|(c)d)*$", false, false).unwrap();
                re.captures_at(&"ab".repeat(5000), 0).map(|c| c.is_some())
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(deep.unwrap_err().code, "U1001");
        // A long run of a one-character atom takes no recursion.
        let long = "x".repeat(200_000);
        assert_eq!(Pattern::new(".*", false, false).unwrap().captures_at(&long, 0).unwrap().unwrap()[0], Some((0, long.len())));
    }
}
