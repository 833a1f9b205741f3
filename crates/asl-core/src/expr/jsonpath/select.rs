//! Applying a parsed path: selectors, descendants and filters, in document order.

use serde_json::Value;

use super::{index_in, CompareOp, Filter, Operand, Segment, Selector};

pub(super) fn apply<'v>(segment: &Segment, nodes: Vec<&'v Value>) -> Vec<&'v Value> {
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
        (Selector::Index(i), Value::Array(items)) => out.extend(index_in(*i, items.len()).map(|at| &items[at])),
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
