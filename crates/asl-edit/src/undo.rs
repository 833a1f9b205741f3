//! The undo store. Every change to the definition is data (an [`Edit`]); the edits of one gesture
//! form one [`Entry`], and consecutive typing (or deleting) merges into one entry, so that undo
//! steps back over what a person sees as one action. Visual edits push entries here too.

/// A selection (or caret, when `start == end`) in byte offsets of the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
}

impl Selection {
    pub fn caret(at: usize) -> Selection {
        Selection { start: at, end: at }
    }
}

/// Replace `removed` at byte offset `at` with `inserted`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edit {
    pub at: usize,
    pub removed: String,
    pub inserted: String,
}

impl Edit {
    /// The one edit that turns `old` into `new` (common prefix and suffix kept), on character
    /// boundaries; `None` when they are equal. `O(n)`, a memory compare in practice.
    pub fn diff(old: &str, new: &str) -> Option<Edit> {
        if old == new {
            return None;
        }
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = a.len().min(b.len()) - prefix;
        let mut suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
        while !old.is_char_boundary(a.len() - suffix) || !new.is_char_boundary(b.len() - suffix) {
            suffix -= 1;
        }
        Some(Edit {
            at: prefix,
            removed: old[prefix..a.len() - suffix].to_string(),
            inserted: new[prefix..b.len() - suffix].to_string(),
        })
    }

    /// Applies the edit; refuses (returns `false`, text untouched) when the text does not hold
    /// `removed` at `at`, so a stale entry can never corrupt the document.
    pub fn apply(&self, text: &mut String) -> bool {
        let end = self.at + self.removed.len();
        if text.get(self.at..end) != Some(self.removed.as_str()) {
            return false;
        }
        text.replace_range(self.at..end, &self.inserted);
        true
    }

    pub fn inverse(&self) -> Edit {
        Edit { at: self.at, removed: self.inserted.clone(), inserted: self.removed.clone() }
    }
}

/// What kind of gesture made an entry; only typing and deleting merge with their neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gesture {
    Typing,
    Deleting,
    /// Paste, format, indent, load, a visual edit...: always an entry of its own.
    Other,
}

impl Gesture {
    /// Classifies a text edit the way editors do: one character typed or deleted merges. A
    /// character typed over a selection starts a typing run, so the run is one undo step.
    pub fn of(edit: &Edit) -> Gesture {
        let one = |s: &str| s.chars().count() == 1;
        if one(&edit.inserted) {
            Gesture::Typing
        } else if edit.inserted.is_empty() && one(&edit.removed) {
            Gesture::Deleting
        } else {
            Gesture::Other
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// For people (a future History panel): "Typing", "Format", "Move state"...
    pub label: String,
    pub gesture: Gesture,
    /// Applied in order by redo, undone in reverse order by undo.
    pub edits: Vec<Edit>,
    pub before: Selection,
    pub after: Selection,
    /// Milliseconds (any clock); merging needs entries close in time.
    pub time: f64,
}

impl Entry {
    pub fn new(
        label: &str,
        gesture: Gesture,
        edits: Vec<Edit>,
        before: Selection,
        after: Selection,
        time: f64,
    ) -> Entry {
        Entry { label: label.to_string(), gesture, edits, before, after, time }
    }

    /// Folds `next` into `self` when both are one-character typing (or deleting) that continue
    /// each other within `window` ms. A new line starts a new entry, so undo goes line by line.
    fn merge(&mut self, next: &Entry, window: f64) -> bool {
        if self.gesture != next.gesture || next.time - self.time > window {
            return false;
        }
        let ([last], [new]) = (self.edits.as_mut_slice(), next.edits.as_slice()) else { return false };
        let merged = match next.gesture {
            // Typing on where the run ends; typing over a selection starts a new run.
            Gesture::Typing
                if new.at == last.at + last.inserted.len() && new.removed.is_empty() && new.inserted != "\n" =>
            {
                last.inserted.push_str(&new.inserted);
                true
            }
            // Backspace: the new deletion ends where the group starts.
            Gesture::Deleting if new.at + new.removed.len() == last.at => {
                last.removed.insert_str(0, &new.removed);
                last.at = new.at;
                true
            }
            // Delete key: same position, removing what follows.
            Gesture::Deleting if new.at == last.at => {
                last.removed.push_str(&new.removed);
                true
            }
            _ => false,
        };
        if merged {
            self.after = next.after;
            self.time = next.time;
        }
        merged
    }
}

/// Undo and redo stacks over one document.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// Oldest entries are dropped beyond this many.
    pub limit: usize,
    /// Typing pauses longer than this start a new entry.
    pub merge_window_ms: f64,
}

impl Default for History {
    fn default() -> Self {
        History { undo: Vec::new(), redo: Vec::new(), limit: 500, merge_window_ms: 1000.0 }
    }
}

impl History {
    pub fn new() -> History {
        History::default()
    }

    /// Records an entry whose edits have already been applied to the text. Clears redo.
    pub fn push(&mut self, entry: Entry) {
        if entry.edits.is_empty() {
            return;
        }
        self.redo.clear();
        if let Some(top) = self.undo.last_mut() {
            if top.merge(&entry, self.merge_window_ms) {
                return;
            }
        }
        self.undo.push(entry);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
    }

    /// Undoes the last entry on `text`; returns the selection to restore. An entry that no
    /// longer applies (the text changed behind the store's back) clears the history instead.
    pub fn undo(&mut self, text: &mut String) -> Option<Selection> {
        let entry = self.undo.pop()?;
        let mut work = text.clone();
        if entry.edits.iter().rev().all(|e| e.inverse().apply(&mut work)) {
            *text = work;
            let before = entry.before;
            self.redo.push(entry);
            Some(before)
        } else {
            self.clear();
            None
        }
    }

    /// Redoes the last undone entry on `text`; returns the selection to restore.
    pub fn redo(&mut self, text: &mut String) -> Option<Selection> {
        let entry = self.redo.pop()?;
        let mut work = text.clone();
        if entry.edits.iter().all(|e| e.apply(&mut work)) {
            *text = work;
            let after = entry.after;
            self.undo.push(entry);
            Some(after)
        } else {
            self.clear();
            None
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Labels of the undoable entries, oldest first.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.undo.iter().map(|e| e.label.as_str())
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Types `s` at the end of `text` one character at a time, `dt` ms apart, recording each.
    fn type_chars(h: &mut History, text: &mut String, s: &str, t0: f64, dt: f64) {
        for (i, c) in s.chars().enumerate() {
            let old = text.clone();
            text.push(c);
            let edit = Edit::diff(&old, text).unwrap();
            let g = Gesture::of(&edit);
            h.push(Entry::new(
                "Typing",
                g,
                vec![edit],
                Selection::caret(old.len()),
                Selection::caret(text.len()),
                t0 + i as f64 * dt,
            ));
        }
    }

    #[test]
    fn typing_over_a_selection_is_one_undo_step_with_what_follows() {
        let mut h = History::default();
        let mut text = String::from("say abc");
        // "abc" selected and typed over with "x", then "yz".
        let replace = Edit { at: 4, removed: "abc".into(), inserted: "x".into() };
        assert_eq!(Gesture::of(&replace), Gesture::Typing);
        assert!(replace.apply(&mut text));
        h.push(Entry::new(
            "Typing",
            Gesture::Typing,
            vec![replace],
            Selection { start: 4, end: 7 },
            Selection::caret(5),
            0.0,
        ));
        type_chars(&mut h, &mut text, "yz", 10.0, 10.0);
        assert_eq!(text, "say xyz");
        assert_eq!(h.undo(&mut text), Some(Selection { start: 4, end: 7 }));
        assert_eq!(text, "say abc", "one step back to the selected text");
        // Typing over a selection right where a run ends starts a new step (it removed text).
        let mut h = History::default();
        let mut text = String::from("ab");
        type_chars(&mut h, &mut text, "cd", 0.0, 10.0);
        text.push_str("EF");
        let replace = Edit { at: 4, removed: "EF".into(), inserted: "g".into() };
        assert!(replace.apply(&mut text));
        h.push(Entry::new(
            "Typing",
            Gesture::Typing,
            vec![replace],
            Selection { start: 4, end: 6 },
            Selection::caret(5),
            30.0,
        ));
        assert_eq!(text, "abcdg");
        h.undo(&mut text);
        assert_eq!(text, "abcdEF");
    }

    #[test]
    fn diff_finds_the_changed_middle_on_char_boundaries() {
        let e = Edit::diff("abcdef", "abXYef").unwrap();
        assert_eq!((e.at, e.removed.as_str(), e.inserted.as_str()), (2, "cd", "XY"));
        // é (2 bytes) and è share their first byte: the edit must not split the character.
        let e = Edit::diff("aéb", "aèb").unwrap();
        assert_eq!((e.at, e.removed.as_str(), e.inserted.as_str()), (1, "é", "è"));
        // Repeated characters: insertion into a run.
        let e = Edit::diff("aaa", "aaaa").unwrap();
        assert_eq!((e.removed.as_str(), e.inserted.as_str()), ("", "a"));
        assert_eq!(Edit::diff("same", "same"), None);
        let mut t = "aaa".to_string();
        assert!(e.apply(&mut t));
        assert_eq!(t, "aaaa");
    }

    #[test]
    fn consecutive_typing_is_one_entry_and_undo_redo_round_trip() {
        let mut h = History::new();
        let mut text = String::from("{");
        type_chars(&mut h, &mut text, "\"abc\"", 0.0, 100.0);
        assert_eq!(h.labels().count(), 1);
        assert_eq!(h.undo(&mut text), Some(Selection::caret(1)));
        assert_eq!(text, "{");
        assert!(!h.can_undo());
        assert_eq!(h.redo(&mut text), Some(Selection::caret(6)));
        assert_eq!(text, "{\"abc\"");
    }

    #[test]
    fn a_pause_a_new_line_or_another_gesture_starts_a_new_entry() {
        let mut h = History::new();
        let mut text = String::new();
        type_chars(&mut h, &mut text, "ab", 0.0, 100.0);
        type_chars(&mut h, &mut text, "cd", 5000.0, 100.0);
        type_chars(&mut h, &mut text, "\nx", 5200.0, 100.0);
        assert_eq!(h.labels().count(), 3);
        // Backspace twice: one deleting entry.
        for t in [5400.0, 5500.0] {
            let old = text.clone();
            text.pop();
            let edit = Edit::diff(&old, &text).unwrap();
            assert_eq!(Gesture::of(&edit), Gesture::Deleting);
            h.push(Entry::new(
                "Delete",
                Gesture::Deleting,
                vec![edit],
                Selection::caret(old.len()),
                Selection::caret(text.len()),
                t,
            ));
        }
        assert_eq!(text, "abcd");
        assert_eq!(h.labels().count(), 4);
        h.undo(&mut text);
        assert_eq!(text, "abcd\nx");
        h.undo(&mut text);
        assert_eq!(text, "abcd");
        h.undo(&mut text);
        assert_eq!(text, "ab");
    }

    #[test]
    fn a_new_edit_clears_redo_and_a_stale_entry_is_refused() {
        let mut h = History::new();
        let mut text = String::new();
        type_chars(&mut h, &mut text, "ab", 0.0, 10.0);
        h.undo(&mut text);
        assert!(h.can_redo());
        type_chars(&mut h, &mut text, "x", 5000.0, 10.0);
        assert!(!h.can_redo());
        // The text changed behind the store's back: undo refuses and leaves the text alone.
        let mut other = String::from("unrelated");
        assert_eq!(h.undo(&mut other), None);
        assert_eq!(other, "unrelated");
        assert!(!h.can_undo());
    }

    #[test]
    fn multi_edit_entries_undo_in_reverse_order() {
        let mut h = History::new();
        let mut text = String::from("a b c");
        let edits = vec![
            Edit { at: 0, removed: "a".into(), inserted: "AA".into() },
            Edit { at: 3, removed: "b".into(), inserted: "BB".into() },
        ];
        for e in &edits {
            assert!(e.apply(&mut text));
        }
        assert_eq!(text, "AA BB c");
        h.push(Entry::new("Rename", Gesture::Other, edits, Selection::default(), Selection::default(), 0.0));
        h.undo(&mut text);
        assert_eq!(text, "a b c");
        h.redo(&mut text);
        assert_eq!(text, "AA BB c");
    }
}
