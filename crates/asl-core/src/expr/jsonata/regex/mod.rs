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

mod compile;
mod exec;
mod parse;
#[cfg(test)]
mod tests;

use compile::Inst;
use parse::Parse;

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

impl Pattern {
    pub fn new(pattern: &str, ignore_case: bool, multiline: bool) -> std::result::Result<Pattern, String> {
        Pattern::compile(pattern, ignore_case, multiline).map_err(String::from)
    }

    fn compile(pattern: &str, ignore_case: bool, multiline: bool) -> Parse<Pattern> {
        let (root, groups) = parse::parse(pattern)?;
        let (prog, registers) = compile::compile(root)?;
        Ok(Pattern { prog, groups, registers, ignore_case, multiline })
    }
}
