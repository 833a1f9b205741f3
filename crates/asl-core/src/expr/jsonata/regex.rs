//! JavaScript regular expressions, matched by backtracking as JavaScript engines match them
//! (leftmost, alternatives in order, greedy or lazy quantifiers), over byte offsets of a `&str`.
//!
//! Written for the evaluator instead of a regex crate: it is a fraction of the wasm size, and it
//! has JavaScript's syntax and semantics (lookahead, backreferences, lazy quantifiers, `[^]`,
//! `\d` `\w` `\s` as JavaScript defines them). Flags: `i` (simple case folding) and `m`.
//! The pattern is parsed to a tree, compiled to a small program, and run by a loop with an
//! explicit backtracking stack, so a long input never deepens the native stack. Backtracking can
//! take exponential time, so every search has a step budget and a backtracking-stack budget;
//! running out is an error (`U1001`), never a hang.

use super::error::{Error, Result};

#[derive(Clone, Debug)]
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
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
        greedy: bool,
    },
}

#[derive(Clone, Debug, Default)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

/// Group spans, by byte offsets; index 0 is the whole match.
pub type Captures = Vec<Option<(usize, usize)>>;

#[derive(Debug)]
pub struct Pattern {
    prog: Vec<Inst>,
    groups: usize,
    /// Registers for the empty-iteration check of unbounded repetitions.
    registers: usize,
    ignore_case: bool,
    multiline: bool,
}

/// The most steps one search may take, the most entries its backtracking stack may hold, and
/// the largest program a pattern may compile to (counted repetitions are unrolled).
const MAX_STEPS: u64 = 10_000_000;
const MAX_BACKTRACK: usize = 1 << 20;
const MAX_PROGRAM: usize = 100_000;

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
    /// The first error met.
    err: Option<&'static str>,
    _p: std::marker::PhantomData<&'p ()>,
}

/// Parse errors are static texts (a `String` per error site would cost code at each).
type Parse<T> = std::result::Result<T, &'static str>;

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

impl Pattern {
    pub fn new(pattern: &str, ignore_case: bool, multiline: bool) -> std::result::Result<Pattern, String> {
        Pattern::compile(pattern, ignore_case, multiline).map_err(String::from)
    }

    fn compile(pattern: &str, ignore_case: bool, multiline: bool) -> Parse<Pattern> {
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
        let mut p = Parser { chars, at: 0, groups: 0, total_groups, err: None, _p: std::marker::PhantomData };
        let root = p.alternation(0);
        if let Some(e) = p.err {
            return Err(e);
        }
        if p.at < p.chars.len() {
            return Err("unmatched ')'");
        }
        let mut c = Compiler { prog: Vec::new(), registers: 0 };
        c.emit(root)?;
        c.prog.push(Inst::Match);
        Ok(Pattern { prog: c.prog, groups: p.groups, registers: c.registers, ignore_case, multiline })
    }

    /// The first match starting at or after byte `from` (a `^` still means the start of `s`).
    pub fn captures_at(&self, s: &str, from: usize) -> Result<Option<Captures>> {
        let mut m = Matcher {
            p: self,
            s,
            slots: vec![None; 2 * (self.groups + 1)],
            registers: vec![0; self.registers],
            stack: Vec::new(),
            steps: 0,
            exhausted: false,
        };
        let mut start = from.min(s.len());
        while !s.is_char_boundary(start) {
            start += 1;
        }
        loop {
            m.slots.iter_mut().for_each(|c| *c = None);
            m.stack.clear();
            if let Some(end) = m.run(0, start) {
                let mut caps: Captures = m.slots.chunks(2).map(|p| p[0].zip(p[1])).collect();
                caps[0] = Some((start, end));
                return Ok(Some(caps));
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
// Compiling

#[derive(Debug)]
enum Inst {
    Char(char),
    Any,
    Class(Box<Class>),
    Start,
    End,
    WordBoundary(bool),
    /// Records the position in capture slot `n` (2 × group for its start, + 1 for its end).
    Save(usize),
    /// Continues at the first target; on failure, backtracks to the second.
    Split(usize, usize),
    Jmp(usize),
    BackRef(usize),
    /// A lookahead: its sub-program follows, up to a `Match`; then the program goes on at `next`.
    Look {
        positive: bool,
        next: usize,
    },
    /// The start of an iteration: the position goes in register `n`.
    Mark(usize),
    /// The end of an iteration: it fails if nothing was consumed since `Mark(n)`
    /// (JavaScript's empty check).
    Progress(usize),
    Match,
}

struct Compiler {
    prog: Vec<Inst>,
    registers: usize,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> usize {
        self.prog.push(inst);
        self.prog.len() - 1
    }

    fn emit(&mut self, n: Node) -> Parse<()> {
        if self.prog.len() > MAX_PROGRAM {
            return Err("the pattern is too large");
        }
        match n {
            Node::Char(c) => _ = self.push(Inst::Char(c)),
            Node::Any => _ = self.push(Inst::Any),
            Node::Class(c) => _ = self.push(Inst::Class(c)),
            Node::Start => _ = self.push(Inst::Start),
            Node::End => _ = self.push(Inst::End),
            Node::WordBoundary(b) => _ = self.push(Inst::WordBoundary(b)),
            Node::BackRef(i) => _ = self.push(Inst::BackRef(i)),
            Node::Group(inner, None) => self.emit(*inner)?,
            Node::Group(inner, Some(i)) => {
                self.push(Inst::Save(2 * i));
                self.emit(*inner)?;
                self.push(Inst::Save(2 * i + 1));
            }
            Node::Look(inner, positive) => {
                let at = self.push(Inst::Look { positive, next: 0 });
                self.emit(*inner)?;
                self.push(Inst::Match);
                self.prog[at] = Inst::Look { positive, next: self.prog.len() };
            }
            Node::Concat(items) => {
                for item in items {
                    self.emit(item)?;
                }
            }
            Node::Alt(alts) => {
                let last = alts.len().saturating_sub(1);
                let mut jumps = Vec::new();
                for (k, alt) in alts.into_iter().enumerate() {
                    if k == last {
                        self.emit(alt)?;
                    } else {
                        let split = self.push(Inst::Split(0, 0));
                        self.emit(alt)?;
                        jumps.push(self.push(Inst::Jmp(0)));
                        self.prog[split] = Inst::Split(split + 1, self.prog.len());
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.prog[j] = Inst::Jmp(end);
                }
            }
            Node::Repeat { node, min, max, greedy } => {
                for _ in 0..min {
                    self.emit((*node).clone())?;
                }
                // A one-character atom cannot match empty: no empty check needed.
                let single = matches!(*node, Node::Char(_) | Node::Any | Node::Class(_));
                let register = self.registers;
                if !single {
                    self.registers += 1;
                }
                let prefer =
                    |body: usize, exit: usize| if greedy { Inst::Split(body, exit) } else { Inst::Split(exit, body) };
                if max == u32::MAX {
                    let split = self.push(Inst::Split(0, 0));
                    if !single {
                        self.push(Inst::Mark(register));
                    }
                    self.emit(*node)?;
                    if !single {
                        self.push(Inst::Progress(register));
                    }
                    self.push(Inst::Jmp(split));
                    self.prog[split] = prefer(split + 1, self.prog.len());
                } else {
                    // Optional copies, each tried only after the one before it matched.
                    let mut splits = Vec::new();
                    for _ in min..max {
                        splits.push(self.push(Inst::Split(0, 0)));
                        if !single {
                            self.push(Inst::Mark(register));
                        }
                        self.emit((*node).clone())?;
                        if !single {
                            self.push(Inst::Progress(register));
                        }
                    }
                    let end = self.prog.len();
                    for s in splits {
                        self.prog[s] = prefer(s + 1, end);
                    }
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Matching

/// What backtracking undoes: a branch to resume, or a capture slot or register to restore.
enum Undo {
    Branch(usize, usize),
    Slot(usize, Option<usize>),
    Register(usize, usize),
}

struct Matcher<'m> {
    p: &'m Pattern,
    s: &'m str,
    slots: Vec<Option<usize>>,
    registers: Vec<usize>,
    stack: Vec<Undo>,
    steps: u64,
    exhausted: bool,
}

impl Matcher<'_> {
    fn char_at(&self, at: usize) -> Option<char> {
        self.s.get(at..).and_then(|r| r.chars().next())
    }

    fn char_before(&self, at: usize) -> Option<char> {
        self.s.get(..at).and_then(|r| r.chars().next_back())
    }

    /// Whether the one-character instruction `inst` matches `c`.
    fn single(&self, inst: &Inst, c: char) -> bool {
        match inst {
            Inst::Char(x) => *x == c || (self.p.ignore_case && fold(*x) == fold(c)),
            Inst::Any => !is_line_end(c),
            Inst::Class(class) => {
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

    /// Runs the program from `pc` at `pos` to a `Match`: its position, or `None` (with
    /// everything it changed undone). Backtracking stops at the stack height it started at.
    fn run(&mut self, mut pc: usize, mut pos: usize) -> Option<usize> {
        let base = self.stack.len();
        loop {
            self.steps += 1;
            if self.steps > MAX_STEPS || self.stack.len() > MAX_BACKTRACK {
                self.exhausted = true;
                return None;
            }
            let ok = match &self.p.prog[pc] {
                inst @ (Inst::Char(_) | Inst::Any | Inst::Class(_)) => match self.char_at(pos) {
                    Some(c) if self.single(inst, c) => {
                        pos += c.len_utf8();
                        true
                    }
                    _ => false,
                },
                Inst::Start => pos == 0 || (self.p.multiline && self.char_before(pos).is_some_and(is_line_end)),
                Inst::End => pos == self.s.len() || (self.p.multiline && self.char_at(pos).is_some_and(is_line_end)),
                Inst::WordBoundary(want) => {
                    let a = self.char_before(pos).is_some_and(is_word);
                    let b = self.char_at(pos).is_some_and(is_word);
                    (a != b) == *want
                }
                Inst::Save(slot) => {
                    self.stack.push(Undo::Slot(*slot, self.slots[*slot]));
                    self.slots[*slot] = Some(pos);
                    true
                }
                Inst::Split(first, second) => {
                    self.stack.push(Undo::Branch(*second, pos));
                    pc = *first;
                    continue;
                }
                Inst::Jmp(target) => {
                    pc = *target;
                    continue;
                }
                Inst::BackRef(i) => match self.backref(*i, pos) {
                    Some(end) => {
                        pos = end;
                        true
                    }
                    None => false,
                },
                Inst::Look { positive, next } => {
                    let (positive, next) = (*positive, *next);
                    let inner = self.stack.len();
                    let found = self.run(pc + 1, pos).is_some();
                    if self.exhausted {
                        return None;
                    }
                    if found {
                        // A lookahead is atomic: its branches go; its captures stay (undoable).
                        let mut keep = inner;
                        for k in inner..self.stack.len() {
                            if !matches!(self.stack[k], Undo::Branch(..)) {
                                self.stack.swap(keep, k);
                                keep += 1;
                            }
                        }
                        self.stack.truncate(keep);
                    }
                    if found == positive {
                        pc = next;
                        continue;
                    }
                    false
                }
                Inst::Mark(r) => {
                    self.stack.push(Undo::Register(*r, self.registers[*r]));
                    self.registers[*r] = pos;
                    true
                }
                Inst::Progress(r) => self.registers[*r] != pos,
                Inst::Match => return Some(pos),
            };
            if ok {
                pc += 1;
                continue;
            }
            // Backtrack to the latest branch, undoing what was recorded after it.
            loop {
                if self.stack.len() <= base {
                    return None;
                }
                match self.stack.pop() {
                    Some(Undo::Branch(p, q)) => {
                        pc = p;
                        pos = q;
                        break;
                    }
                    Some(Undo::Slot(slot, old)) => self.slots[slot] = old,
                    Some(Undo::Register(r, old)) => self.registers[r] = old,
                    None => return None,
                }
            }
        }
    }

    /// The end of a match of group `i`'s text at `at` (an unset group matches empty).
    fn backref(&self, i: usize, at: usize) -> Option<usize> {
        let (Some(a), Some(b)) =
            (self.slots.get(2 * i).copied().flatten(), self.slots.get(2 * i + 1).copied().flatten())
        else {
            return Some(at);
        };
        let want = self.s.get(a..b)?;
        let mut have = self.s.get(at..)?.chars();
        let mut end = at;
        for w in want.chars() {
            let h = have.next()?;
            if !(h == w || (self.p.ignore_case && fold(h) == fold(w))) {
                return None;
            }
            end += h.len_utf8();
        }
        Some(end)
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
        // Long inputs take no native stack: a group repeated 100,000 times, on a small stack.
        let deep = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(|| {
                let re = Pattern::new("^(?:ab|(c)d)*$", false, false).unwrap();
                let long = "ab".repeat(100_000);
                re.captures_at(&long, 0).map(|c| c.map(|c| c[0]))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(deep.unwrap(), Some(Some((0, 200_000))));
        let long = "x".repeat(200_000);
        assert_eq!(
            Pattern::new(".*", false, false).unwrap().captures_at(&long, 0).unwrap().unwrap()[0],
            Some((0, long.len()))
        );
        assert!(Pattern::new("a{1000}{1000}", false, false).is_err());
    }
}
