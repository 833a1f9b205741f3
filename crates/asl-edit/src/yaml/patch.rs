//! Write-back into YAML text: the text changed only where its value differs from the new
//! value, so comments, key order, quoting and layout elsewhere stay as written.
//!
//! **Needs**: YAML text that [`asl_core::syntax::yaml`] reads, and the value it should hold.
//! **Guarantees**: the result reads back as exactly that value (checked; otherwise an error and
//! nothing written). Within a block mapping, keys present in both keep their lines (their values
//! patched recursively); removed keys lose their lines; new keys are written at the mapping's
//! indentation after the key they follow in the new value; a key renamed in place (same position,
//! old name gone, new name new) has only its name replaced. A value that cannot be patched in
//! place (a changed scalar, a list of another length, a flow collection) is written anew in the
//! style of its place: scalars inline, block collections as blocks at their column, flow
//! collections as JSON (which is YAML flow).

use asl_core::syntax::json::{Kind, Member, Node, Span};
use serde_json::Value;

use super::{block, scalar};

/// `text` changed to hold `new`.
pub fn patch(text: &str, new: &Value) -> Result<String, String> {
    let root = asl_core::syntax::yaml::parse(text).map_err(|e| e.message)?;
    let mut edits = Vec::new();
    Patcher { text }.node(&root, new, &mut edits);
    // Apply from the end; at one offset a removal goes before an insertion.
    edits.sort_by(|a, b| {
        b.span.start.cmp(&a.span.start).then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
    });
    let mut out = text.to_string();
    for e in &edits {
        out.replace_range(e.span.start..e.span.end, &e.text);
    }
    let again = asl_core::syntax::yaml::parse(&out).map_err(|e| format!("writing YAML went wrong ({})", e.message))?;
    if again.to_value() != *new || !same_order(&again.to_value(), new) {
        return Err("the YAML layout could not be followed, so nothing was written".into());
    }
    Ok(out)
}

/// Maps compare without order; the key order is part of what is written.
fn same_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys().eq(y.keys()) && x.values().zip(y.values()).all(|(p, q)| same_order(p, q))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_order(p, q)),
        _ => true,
    }
}

struct Replace {
    span: Span,
    text: String,
}

struct Patcher<'t> {
    text: &'t str,
}

impl Patcher<'_> {
    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Just past the end of the line holding `at` (its line break included), or the text's end.
    fn line_end(&self, at: usize) -> usize {
        self.text[at..].find('\n').map_or(self.text.len(), |i| at + i + 1)
    }

    fn column(&self, at: usize) -> usize {
        self.text[self.line_start(at)..at].chars().count()
    }

    /// Whether only spaces stand between the line's start and `at`.
    fn starts_line(&self, at: usize) -> bool {
        self.text[self.line_start(at)..at].bytes().all(|b| b == b' ')
    }

    fn is_flow(&self, node: &Node) -> bool {
        self.text[node.span.start..].starts_with(['{', '['])
    }

    fn node(&self, old: &Node, new: &Value, out: &mut Vec<Replace>) {
        let was = old.to_value();
        if was == *new && same_order(&was, new) {
            return;
        }
        let block = !self.is_flow(old);
        let patched = match (&old.kind, new) {
            (Kind::Object(members), Value::Object(map)) if block && !members.is_empty() && !map.is_empty() => {
                // All of the mapping's edits, or none (then it is written anew).
                let mut edits = Vec::new();
                let done = self.mapping(members, map, &mut edits);
                if done {
                    out.extend(edits);
                }
                done
            }
            (Kind::Array(items), Value::Array(values)) if block && items.len() == values.len() && !items.is_empty() => {
                for (item, value) in items.iter().zip(values) {
                    self.node(item, value, out);
                }
                true
            }
            _ => false,
        };
        if !patched {
            out.push(Replace { span: old.span, text: self.anew(old, new) });
        }
    }

    /// `new` written in the place of `old`: a scalar inline, a collection as JSON where a flow
    /// collection stood, else as a block at the old value's column.
    fn anew(&self, old: &Node, new: &Value) -> String {
        let collection =
            matches!(new, Value::Object(m) if !m.is_empty()) || matches!(new, Value::Array(a) if !a.is_empty());
        if !collection {
            scalar(new)
        } else if self.is_flow(old) {
            serde_json::to_string(new).unwrap_or_default()
        } else {
            block(new, self.column(old.span.start))
        }
    }

    /// Where a member's text ends: its value's end, or past the colon when the value is empty.
    fn member_end(&self, m: &Member) -> usize {
        if m.value.span.start == m.value.span.end {
            let colon = self.text[m.key_span.end..].find(':').map_or(m.key_span.end, |i| m.key_span.end + i + 1);
            colon.min(self.text.len())
        } else {
            m.value.span.end
        }
    }

    /// Just past the line break ending the line where `end` is (`end` itself when a block
    /// scalar's span already took it).
    fn after_line(&self, end: usize) -> usize {
        if end > 0 && self.text[..end].ends_with('\n') {
            end
        } else {
            self.line_end(end)
        }
    }

    /// Patches a block mapping member by member; `false` when its layout does not allow it
    /// (then the caller writes the mapping anew).
    fn mapping(&self, members: &[Member], map: &serde_json::Map<String, Value>, out: &mut Vec<Replace>) -> bool {
        let first = &members[0];
        let column = self.column(first.key_span.start);
        // Every key on a line of its own (after a `- ` only for the first), one key per name.
        let own_lines = members.iter().skip(1).all(|m| self.starts_line(m.key_span.start));
        let unique = members.iter().enumerate().all(|(i, m)| members[..i].iter().all(|o| o.key != m.key));
        if !own_lines || !unique {
            return false;
        }
        let renamed = members.len() == map.len()
            && members
                .iter()
                .zip(map.keys())
                .all(|(m, k)| m.key == *k || (!map.contains_key(&*m.key) && !members.iter().any(|o| o.key == *k)));
        if renamed {
            for (m, (k, v)) in members.iter().zip(map) {
                if m.key != *k {
                    out.push(Replace { span: m.key_span, text: key(k) });
                }
                self.member_value(m, v, column, out);
            }
            return true;
        }
        // Keys in both must keep their relative order.
        let kept: Vec<&str> = members.iter().map(|m| &*m.key).filter(|k| map.contains_key(*k)).collect();
        let kept_new: Vec<&str> =
            map.keys().map(String::as_str).filter(|k| members.iter().any(|m| m.key == *k)).collect();
        if kept != kept_new {
            return false;
        }
        // A removed first key would take the `- ` of a list item with it.
        if !map.contains_key(&*first.key) && !self.starts_line(first.key_span.start) {
            return false;
        }
        for m in members.iter().filter(|m| !map.contains_key(&*m.key)) {
            let start = self.line_start(m.key_span.start);
            out.push(Replace { span: Span::new(start, self.after_line(self.member_end(m))), text: String::new() });
        }
        // New keys go after the key they follow (before the first line when they lead).
        let mut cursor =
            if self.starts_line(first.key_span.start) { self.line_start(first.key_span.start) } else { usize::MAX };
        let mut pending = String::new();
        for (k, v) in map {
            match members.iter().find(|m| m.key == *k) {
                Some(m) => {
                    if !pending.is_empty() {
                        if cursor == usize::MAX {
                            return false;
                        }
                        out.push(Replace { span: Span::new(cursor, cursor), text: std::mem::take(&mut pending) });
                    }
                    self.member_value(m, v, column, out);
                    cursor = self.after_line(self.member_end(m));
                }
                None => {
                    if cursor == self.text.len() && !self.text.ends_with('\n') && pending.is_empty() {
                        pending.push('\n');
                    }
                    pending.push_str(&" ".repeat(column));
                    pending.push_str(&member(k, v, column));
                    pending.push('\n');
                }
            }
        }
        if !pending.is_empty() {
            if cursor == usize::MAX {
                return false;
            }
            if cursor == self.text.len() && !self.text.ends_with('\n') && !pending.starts_with('\n') {
                pending.insert(0, '\n');
            }
            out.push(Replace { span: Span::new(cursor, cursor), text: pending });
        }
        true
    }

    /// The value of a kept member patched; an inline scalar (or an empty value) that becomes a
    /// block collection is written as a new member, since a block cannot start on its key's line.
    fn member_value(&self, m: &Member, new: &Value, column: usize, out: &mut Vec<Replace>) {
        let was = m.value.to_value();
        if was == *new && same_order(&was, new) {
            return;
        }
        let empty = m.value.span.start == m.value.span.end;
        let old_scalar = !matches!(m.value.kind, Kind::Object(_) | Kind::Array(_));
        let new_block =
            matches!(new, Value::Object(o) if !o.is_empty()) || matches!(new, Value::Array(a) if !a.is_empty());
        let inline = !self.text[m.key_span.end..m.value.span.start].contains('\n');
        if empty || (old_scalar && new_block && inline) {
            out.push(Replace {
                span: Span::new(m.key_span.start, self.member_end(m)),
                text: member(&m.key, new, column),
            });
        } else {
            self.node(&m.value, new, out);
        }
    }
}

/// A mapping key as YAML writes it.
fn key(k: &str) -> String {
    scalar(&Value::String(k.to_string()))
}

/// `key: value` at `column` (the first line without its indentation, no final line break).
fn member(k: &str, v: &Value, column: usize) -> String {
    let mut map = serde_json::Map::new();
    map.insert(k.to_string(), v.clone());
    block(&Value::Object(map), column)
}
