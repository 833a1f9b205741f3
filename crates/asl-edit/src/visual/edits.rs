//! Edits as byte ranges of the original text, collected in any order and normalised into a
//! [`Change`]: sorted, touching ranges merged, no-op edits dropped, then listed in descending
//! order of offset. Overlapping ranges or ranges outside the text (or off a character boundary)
//! are refused as an internal error rather than applied.

use asl_core::syntax::json::{Member, Node, Span};

use super::doc::quote;
use super::style::Layout;
use super::{Change, VisualError};
use crate::undo::Edit;

#[derive(Default)]
pub(super) struct Edits {
    list: Vec<(usize, usize, String)>,
}

impl Edits {
    pub(super) fn replace(&mut self, span: Span, with: impl Into<String>) {
        self.list.push((span.start, span.end, with.into()));
    }

    pub(super) fn insert(&mut self, at: usize, with: impl Into<String>) {
        self.list.push((at, at, with.into()));
    }

    /// Inserts member `"key": value` (value already rendered) before member `index` of `obj`
    /// (`index == len` appends).
    pub(super) fn insert_member(&mut self, text: &str, obj: &Node, lay: &Layout, index: usize, key: &str, value: &str) {
        let members = obj.members();
        let member = format!("{}{}{value}", quote(key), lay.colon);
        if members.is_empty() {
            let inside = Span::new(obj.span.start + 1, obj.span.end.saturating_sub(1).max(obj.span.start + 1));
            if lay.compact {
                self.replace(inside, member);
            } else {
                self.replace(inside, format!("{nl}{}{member}{nl}{}", lay.indent, lay.close, nl = lay.nl));
            }
        } else if index >= members.len() {
            let last = &members[members.len() - 1];
            self.insert(last.value.span.end, format!("{}{member}", lay.sep));
        } else {
            let sep = if index > 0 {
                text[members[index - 1].value.span.end..members[index].key_span.start].to_string()
            } else if members.len() >= 2 {
                text[members[0].value.span.end..members[1].key_span.start].to_string()
            } else {
                lay.sep.clone()
            };
            self.insert(members[index].key_span.start, format!("{member}{sep}"));
        }
    }

    /// Removes member `index` of `obj` with its comma, leaving the rest as written.
    pub(super) fn remove_member(&mut self, obj: &Node, index: usize) {
        let members = obj.members();
        let n = members.len();
        if index >= n {
            return;
        }
        if n == 1 {
            self.replace(Span::new(obj.span.start + 1, obj.span.end - 1), "");
        } else if index + 1 < n {
            self.replace(Span::new(members[index].key_span.start, members[index + 1].key_span.start), "");
        } else {
            self.replace(Span::new(members[index - 1].value.span.end, members[index].value.span.end), "");
        }
    }

    /// Replaces a whole member (key and value) by `"key": value`.
    pub(super) fn replace_member(&mut self, m: &Member, lay: &Layout, key: &str, value: &str) {
        self.replace(Span::new(m.key_span.start, m.value.span.end), format!("{}{}{value}", quote(key), lay.colon));
    }

    pub(super) fn finish(mut self, text: &str, label: &str, select: Option<String>) -> Result<Change, VisualError> {
        asl_core::sort::sort_by_key(&mut self.list, |e| (e.0, e.1));
        let mut merged: Vec<(usize, usize, String)> = Vec::with_capacity(self.list.len());
        for (start, end, with) in self.list {
            if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(VisualError::Unsupported("Internal error: an edit outside the text".into()));
            }
            match merged.last_mut() {
                Some(last) if start < last.1 => {
                    return Err(VisualError::Unsupported("Internal error: overlapping edits".into()));
                }
                Some(last) if start == last.1 => {
                    last.1 = end;
                    last.2.push_str(&with);
                }
                _ => merged.push((start, end, with)),
            }
        }
        let edits = merged
            .into_iter()
            .rev()
            .filter(|(s, e, w)| text[*s..*e] != *w)
            .map(|(s, e, w)| Edit { at: s, removed: text[s..e].to_string(), inserted: w })
            .collect();
        Ok(Change { label: label.to_string(), edits, select })
    }
}
