//! Compiling: the `Node` tree to a flat program for the matcher (counted repetitions unrolled).

use super::parse::Parse;
use super::{Class, Node, MAX_PROGRAM};

#[derive(Debug)]
pub(super) enum Inst {
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

/// The program for `root` and how many registers it needs.
pub(super) fn compile(root: Node) -> Parse<(Vec<Inst>, usize)> {
    let mut c = Compiler { prog: Vec::new(), registers: 0 };
    c.emit(root)?;
    c.prog.push(Inst::Match);
    Ok((c.prog, c.registers))
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
            Node::Alt(alts) => self.emit_alt(alts)?,
            Node::Repeat { node, min, max, greedy } => self.emit_repeat(*node, min, max, greedy)?,
        }
        Ok(())
    }

    /// Each alternative but the last behind a split to the next one, then a jump to the end.
    fn emit_alt(&mut self, alts: Vec<Node>) -> Parse<()> {
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
        Ok(())
    }

    /// `min` copies, then a loop (unbounded) or `max - min` optional copies.
    fn emit_repeat(&mut self, node: Node, min: u32, max: u32, greedy: bool) -> Parse<()> {
        for _ in 0..min {
            self.emit(node.clone())?;
        }
        // A one-character atom cannot match empty: no empty check needed.
        let single = matches!(node, Node::Char(_) | Node::Any | Node::Class(_));
        let register = self.registers;
        if !single {
            self.registers += 1;
        }
        let prefer = |body: usize, exit: usize| if greedy { Inst::Split(body, exit) } else { Inst::Split(exit, body) };
        if max == u32::MAX {
            let split = self.push(Inst::Split(0, 0));
            if !single {
                self.push(Inst::Mark(register));
            }
            self.emit(node)?;
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
                self.emit(node.clone())?;
                if !single {
                    self.push(Inst::Progress(register));
                }
            }
            let end = self.prog.len();
            for s in splits {
                self.prog[s] = prefer(s + 1, end);
            }
        }
        Ok(())
    }
}
