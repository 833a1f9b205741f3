//! Variable scopes: `Frame`s chained to their parents, and the per-evaluation registry that
//! empties them afterwards to break lambda–frame reference cycles.

use std::cell::RefCell;
use std::rc::Rc;

use super::Func;
use crate::expr::jsonata::functions;
use crate::expr::jsonata::value::Value;

/// A scope of variable bindings.
#[derive(Debug, Default)]
pub struct Frame {
    vars: RefCell<Vec<(Rc<str>, Value)>>,
    parent: Option<Env>,
}
pub type Env = Rc<Frame>;

thread_local! {
    /// Every frame made during the current evaluation: a lambda bound in the frame it closes
    /// over is a reference cycle, so the frames are emptied once the evaluation is over.
    static FRAMES: RefCell<Vec<std::rc::Weak<Frame>>> = const { RefCell::new(Vec::new()) };
}

/// Marks where an evaluation starts in the frame registry.
pub fn frames_mark() -> usize {
    FRAMES.with(|f| f.borrow().len())
}

/// Empties the frames made since `mark`, breaking lambda–frame cycles so they are freed.
pub fn frames_release(mark: usize) {
    let frames: Vec<_> = FRAMES.with(|f| {
        let mut f = f.borrow_mut();
        let at = mark.min(f.len());
        f.split_off(at)
    });
    for frame in frames.iter().filter_map(std::rc::Weak::upgrade) {
        // Taken out first: dropping the values may drop other frames.
        let vars = std::mem::take(&mut *frame.vars.borrow_mut());
        drop(vars);
    }
}

impl Frame {
    pub fn child(parent: &Env) -> Env {
        let frame = Rc::new(Frame { vars: RefCell::new(Vec::new()), parent: Some(parent.clone()) });
        FRAMES.with(|f| f.borrow_mut().push(Rc::downgrade(&frame)));
        frame
    }
    pub fn bind(&self, name: &str, value: Value) {
        let mut vars = self.vars.borrow_mut();
        if let Some(slot) = vars.iter_mut().find(|(k, _)| &**k == name) {
            slot.1 = value;
        } else {
            vars.push((Rc::from(name), value));
        }
    }
    pub fn lookup(&self, name: &str) -> Option<Value> {
        if let Some((_, v)) = self.vars.borrow().iter().find(|(k, _)| &**k == name) {
            return Some(v.clone());
        }
        match &self.parent {
            Some(p) => p.lookup(name),
            None => functions::lookup(name).map(|b| Value::Function(Rc::new(Func::Builtin(b)))),
        }
    }
}
