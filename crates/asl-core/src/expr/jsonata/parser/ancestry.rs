//! The parent operator `%` and tail calls, resolved on the processed tree: each `%` is a slot
//! that climbs the steps before it (one level per `%`) until it reaches the step whose input it
//! names, which then binds that input in the tuple stream; a `%` that finds no such step is left
//! seeking, and the whole expression is refused (S0217) if one is left at the top. A function
//! call in tail position of a lambda body becomes a thunk the evaluator runs in a loop.

use std::rc::Rc;

use super::ast::{Kind, LambdaDef, Node, SlotRef};
use crate::expr::jsonata::error::{Error, Result};

pub(super) fn push_ancestry(result: &mut Node, value: &Node) {
    result.seeking_parent.extend(value.seeking_parent.iter().cloned());
    if let Kind::Parent(slot) = &value.kind {
        result.seeking_parent.push(slot.clone());
    }
}

pub(super) fn seek_parent(node: &mut Node, slot: SlotRef) -> Result<SlotRef> {
    match &mut node.kind {
        Kind::Name(_) | Kind::Wildcard => {
            let level = {
                let mut s = slot.borrow_mut();
                s.level -= 1;
                s.level
            };
            if level == 0 {
                if let Some(existing) = &node.ancestor {
                    // Reuse the existing label for this step.
                    let label = existing.borrow().label.clone();
                    slot.borrow_mut().label = label;
                }
                node.ancestor = Some(slot.clone());
                node.tuple = true;
            }
            Ok(slot)
        }
        Kind::Parent(_) => {
            slot.borrow_mut().level += 1;
            Ok(slot)
        }
        Kind::Block(exprs) => {
            if let Some(last) = exprs.last_mut() {
                node.tuple = true;
                return seek_parent(last, slot);
            }
            Ok(slot)
        }
        Kind::Path(steps) => {
            node.tuple = true;
            let mut index = steps.len() as isize - 1;
            let mut slot = seek_parent(&mut steps[index as usize], slot)?;
            index -= 1;
            while slot.borrow().level > 0 && index >= 0 {
                slot = seek_parent(&mut steps[index as usize], slot)?;
                index -= 1;
            }
            Ok(slot)
        }
        _ => Err(Error::new("S0217", node.pos).with_token(node.type_name())),
    }
}

pub(super) fn resolve_ancestry(path: &mut Node) -> Result<()> {
    let Kind::Path(steps) = &mut path.kind else { return Ok(()) };
    let Some(last) = steps.last() else { return Ok(()) };
    let mut slots = last.seeking_parent.clone();
    if let Kind::Parent(s) = &last.kind {
        slots.push(s.clone());
    }
    let mut unresolved = Vec::new();
    for slot in slots {
        let mut slot = slot;
        let mut index = steps.len() as isize - 2;
        while slot.borrow().level > 0 {
            if index < 0 {
                unresolved.push(slot.clone());
                break;
            }
            let mut i = index as usize;
            index -= 1;
            // Contiguous steps that bind the focus are skipped together.
            while index >= 0 && steps[i].focus.is_some() && steps[index as usize].focus.is_some() {
                i = index as usize;
                index -= 1;
            }
            slot = seek_parent(&mut steps[i], slot)?;
        }
    }
    path.seeking_parent.extend(unresolved);
    Ok(())
}

pub(super) fn tail_call_optimize(mut expr: Node) -> Node {
    match expr.kind {
        Kind::Function(..) if expr.predicate.is_empty() => {
            let pos = expr.pos;
            Node::new(
                Kind::Lambda(Rc::new(LambdaDef { params: Vec::new(), signature: None, body: expr, thunk: true })),
                pos,
            )
        }
        Kind::Condition(c, t, e) => {
            expr.kind =
                Kind::Condition(c, Box::new(tail_call_optimize(*t)), e.map(|e| Box::new(tail_call_optimize(*e))));
            expr
        }
        Kind::Default(a, b, coalesce) => {
            expr.kind = Kind::Default(a, Box::new(tail_call_optimize(*b)), coalesce);
            expr
        }
        Kind::Block(mut exprs) => {
            if let Some(last) = exprs.pop() {
                exprs.push(tail_call_optimize(last));
            }
            expr.kind = Kind::Block(exprs);
            expr
        }
        _ => expr,
    }
}
