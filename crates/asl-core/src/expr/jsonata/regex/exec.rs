//! Matching: the program run from each start position by a loop with an explicit backtracking
//! stack, under the step and stack budgets.

use super::compile::Inst;
use super::{fold, is_line_end, is_word, Captures, Pattern, MAX_BACKTRACK, MAX_STEPS};
use crate::expr::jsonata::error::{Error, Result};

impl Pattern {
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
                return Err(Error::new("U1001", crate::expr::jsonata::eval::UNSET)
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
                        let (l, u) = (fold(c), crate::expr::jsonata::functions::case::upper_one(c));
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
                    let found = self.lookahead(pc + 1, pos)?;
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
            (pc, pos) = self.backtrack(base)?;
        }
    }

    /// Runs a lookahead's sub-program at `pos`: whether it matched (`None`: out of budget).
    fn lookahead(&mut self, pc: usize, pos: usize) -> Option<bool> {
        let inner = self.stack.len();
        let found = self.run(pc, pos).is_some();
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
        Some(found)
    }

    /// Backtracks to the latest branch above `base`, undoing what was recorded after it: where
    /// to resume (`None`: no branch left).
    fn backtrack(&mut self, base: usize) -> Option<(usize, usize)> {
        loop {
            if self.stack.len() <= base {
                return None;
            }
            match self.stack.pop() {
                Some(Undo::Branch(p, q)) => return Some((p, q)),
                Some(Undo::Slot(slot, old)) => self.slots[slot] = old,
                Some(Undo::Register(r, old)) => self.registers[r] = old,
                None => return None,
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
