//! Editing commands on the definition text: auto-indent, indent/outdent, bracket matching.
//! Each command returns the [`Edit`] to apply and the selection after it, so it goes through the
//! undo store like any other edit.

use crate::undo::{Edit, Selection};

/// Spaces per indentation level (the samples and the Format command use two).
pub const INDENT: &str = "  ";

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i)
}

fn leading_ws(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Enter: a new line indented like the current one, one level deeper after `{` or `[`; between
/// a bracket pair (`{|}`) the closer goes on its own line at the outer indentation.
pub fn newline(text: &str, sel: Selection) -> (Edit, Selection) {
    let start = line_start(text, sel.start);
    let indent = leading_ws(&text[start..sel.start]).to_string();
    let before = text[start..sel.start].trim_end().chars().last();
    let after = text[sel.end..].trim_start_matches([' ', '\t']).chars().next();
    let opens = matches!(before, Some('{' | '['));
    let mut inserted = format!("\n{indent}");
    if opens {
        inserted.push_str(INDENT);
    }
    let caret = sel.start + inserted.len();
    if opens && matches!((before, after), (Some('{'), Some('}')) | (Some('['), Some(']'))) {
        inserted.push('\n');
        inserted.push_str(&indent);
    }
    (Edit { at: sel.start, removed: text[sel.start..sel.end].to_string(), inserted }, Selection::caret(caret))
}

/// Tab / Shift-Tab. A caret with Tab inserts one level; a selection (or Shift-Tab) indents or
/// outdents every line it touches. `None` when nothing changes (outdent at column 0).
pub fn indent(text: &str, sel: Selection, outdent: bool) -> Option<(Edit, Selection)> {
    if !outdent && sel.start == sel.end {
        let edit = Edit { at: sel.start, removed: String::new(), inserted: INDENT.to_string() };
        return Some((edit, Selection::caret(sel.start + INDENT.len())));
    }
    let from = line_start(text, sel.start);
    // A selection ending at the start of a line does not touch that line.
    let last = if sel.end > sel.start && text[..sel.end].ends_with('\n') { sel.end - 1 } else { sel.end };
    let to = line_end(text, last.max(from));
    let block = &text[from..to];
    let mut out = String::with_capacity(block.len() + 16);
    let (mut first_delta, mut total_delta) = (0isize, 0isize);
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let delta = if outdent {
            let n = line.len() - line.trim_start_matches(' ').len();
            let n = if line.starts_with('\t') { 1 } else { n.min(INDENT.len()) };
            out.push_str(&line[n..]);
            -(n as isize)
        } else {
            out.push_str(INDENT);
            out.push_str(line);
            INDENT.len() as isize
        };
        if i == 0 {
            first_delta = delta;
        }
        total_delta += delta;
    }
    if out == block {
        return None;
    }
    let shift = |pos: usize, d: isize| (pos as isize + d).max(from as isize) as usize;
    let after = Selection { start: shift(sel.start, first_delta), end: shift(sel.end, total_delta) };
    Some((Edit { at: from, removed: block.to_string(), inserted: out }, after))
}

/// Byte offsets of the brackets of `line` outside strings (JSON strings never span lines).
fn brackets(line: &str) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    for (i, b) in line.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b'{' | b'}' | b'[' | b']') {
            out.push((i, b));
        }
    }
    out
}

/// The bracket touching the caret (just before it, else just after) and its partner, as byte
/// offsets; `None` when there is none or it is unmatched. Scans line by line, skipping strings.
pub fn matching_bracket(text: &str, caret: usize) -> Option<(usize, usize)> {
    let caret = caret.min(text.len());
    let start = line_start(text, caret);
    let end = line_end(text, caret);
    let here = brackets(&text[start..end]);
    let at = |pos: usize| here.iter().find(|(i, _)| start + i == pos).map(|&(_, b)| b);
    let (pos, b) = caret
        .checked_sub(1)
        .filter(|&p| p >= start)
        .and_then(|p| at(p).map(|b| (p, b)))
        .or_else(|| at(caret).map(|b| (caret, b)))?;
    let (open, close, forward) = match b {
        b'{' => (b'{', b'}', true),
        b'[' => (b'[', b']', true),
        b'}' => (b'{', b'}', false),
        _ => (b'[', b']', false),
    };
    let mut depth = 0usize;
    let mut visit = |abs: usize, c: u8| -> Option<usize> {
        if c == open || c == close {
            let opening = (c == open) == forward;
            if opening {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    return Some(abs);
                }
            }
        }
        None
    };
    if forward {
        let mut line_from = start;
        let mut first = true;
        loop {
            let line_to = line_end(text, line_from);
            for (i, c) in brackets(&text[line_from..line_to]) {
                if first && line_from + i < pos {
                    continue;
                }
                if let Some(m) = visit(line_from + i, c) {
                    return Some((pos, m));
                }
            }
            first = false;
            if line_to >= text.len() {
                return None;
            }
            line_from = line_to + 1;
        }
    } else {
        let mut line_to = end;
        let mut first = true;
        loop {
            let line_from = line_start(text, line_to);
            for (i, c) in brackets(&text[line_from..line_to]).into_iter().rev() {
                if first && line_from + i > pos {
                    continue;
                }
                if let Some(m) = visit(line_from + i, c) {
                    return Some((pos, m));
                }
            }
            first = false;
            if line_from == 0 {
                return None;
            }
            line_to = line_from - 1;
        }
    }
}

/// Converts a byte offset to a UTF-16 offset (what the DOM counts) and back.
/// What the textarea did on an input event, worked out from the selection it had before:
/// typing or pasting over it, Backspace, or Delete. `None` when the change is none of these
/// (a drop, an IME composition, a spell-check replacement): then the caller asks the textarea.
/// Reading the textarea's selection costs about a millisecond on a large text, and a plain
/// diff places an edit beside a repeated character ambiguously; this does neither.
pub fn input_edit(old: &str, new: &str, before: Selection) -> Option<(Edit, Selection)> {
    let (s, e) = (before.start.min(before.end), before.start.max(before.end));
    let (o, n) = (old.as_bytes(), new.as_bytes());
    if e > o.len() || !old.is_char_boundary(s) || !old.is_char_boundary(e) {
        return None;
    }
    // Typing or pasting over the selection: old[..s] + X + old[e..].
    let kept = o.len() - (e - s);
    if n.len() >= kept && n[..s] == o[..s] && n[n.len() - (o.len() - e)..] == o[e..] {
        let x = &new[s..n.len() - (o.len() - e)];
        if s != e || !x.is_empty() {
            let edit = Edit { at: s, removed: old[s..e].to_string(), inserted: x.to_string() };
            return Some((edit, Selection::caret(s + x.len())));
        }
    }
    if s != e || n.len() >= o.len() {
        return None;
    }
    let d = o.len() - n.len();
    // Backspace: the d bytes before the caret; Delete: the d bytes after it.
    for at in [s.checked_sub(d), Some(s)].into_iter().flatten() {
        let end = at + d;
        if end <= o.len()
            && old.is_char_boundary(at)
            && old.is_char_boundary(end)
            && n[..at] == o[..at]
            && n[at..] == o[end..]
        {
            let edit = Edit { at, removed: old[at..end].to_string(), inserted: String::new() };
            return Some((edit, Selection::caret(at)));
        }
    }
    None
}

pub fn utf16_of(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    let mut b = byte;
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    if text.is_ascii() {
        return b;
    }
    text[..b].encode_utf16().count()
}

pub fn byte_of(text: &str, utf16: usize) -> usize {
    if text.is_ascii() {
        return utf16.min(text.len());
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, edit: &Edit) -> String {
        let mut t = text.to_string();
        assert!(edit.apply(&mut t));
        t
    }

    #[test]
    fn enter_keeps_the_indentation_and_opens_a_bracket_pair() {
        let text = "{\n  \"A\": {}\n}";
        let caret = text.find("{}").unwrap() + 1;
        let (edit, sel) = newline(text, Selection::caret(caret));
        let out = run(text, &edit);
        assert_eq!(out, "{\n  \"A\": {\n    \n  }\n}");
        assert_eq!(&out[..sel.start], "{\n  \"A\": {\n    ");
        // After a plain value: same indentation.
        let text = "{\n  \"A\": 1,";
        let (edit, sel) = newline(text, Selection::caret(text.len()));
        assert_eq!(run(text, &edit), "{\n  \"A\": 1,\n  ");
        assert_eq!(sel.start, text.len() + 3);
    }

    #[test]
    fn tab_and_shift_tab_indent_and_outdent_the_selected_lines() {
        let text = "a\n  b\nc";
        let (edit, sel) = indent(text, Selection { start: 0, end: text.len() }, false).unwrap();
        let out = run(text, &edit);
        assert_eq!(out, "  a\n    b\n  c");
        assert_eq!((sel.start, sel.end), (2, out.len()));
        let (edit, _) = indent(&out, Selection { start: 0, end: out.len() }, true).unwrap();
        assert_eq!(run(&out, &edit), text);
        assert_eq!(indent("a", Selection::caret(0), true), None);
        let (edit, sel) = indent("ab", Selection::caret(1), false).unwrap();
        assert_eq!((run("ab", &edit).as_str(), sel.start), ("a  b", 3));
    }

    #[test]
    fn brackets_match_across_lines_and_ignore_strings() {
        let text = "{\n  \"a\": [1, \"]{\"],\n  \"b\": {}\n}";
        assert_eq!(matching_bracket(text, 1), Some((0, text.len() - 1)));
        assert_eq!(matching_bracket(text, text.len()), Some((text.len() - 1, 0)));
        let open = text.find('[').unwrap();
        let close = text.rfind(']').unwrap();
        assert_eq!(matching_bracket(text, open), Some((open, close)));
        assert_eq!(matching_bracket("{ x", 1), None);
        assert_eq!(matching_bracket("abc", 2), None);
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let text = "a😀é\nb";
        let b = text.find('\n').unwrap();
        let u = utf16_of(text, b);
        assert_eq!(u, 4);
        assert_eq!(byte_of(text, u), b);
        assert_eq!(asl_core::syntax::json::line_starts(text), vec![0, b + 1]);
    }

    #[test]
    fn input_edit_places_the_edit_at_the_caret() {
        let caret = Selection::caret;
        // Typing "a" between "b" and "a": a diff would say the insertion is after the "a".
        let (edit, after) = input_edit("ba", "baa", caret(1)).unwrap();
        assert_eq!((edit.at, edit.inserted.as_str(), after), (1, "a", caret(2)));
        // Pasting over a selection.
        let (edit, after) = input_edit("hello world", "hello there", Selection { start: 6, end: 11 }).unwrap();
        assert_eq!((edit.at, edit.removed.as_str(), edit.inserted.as_str(), after), (6, "world", "there", caret(11)));
        // Backspace and Delete beside repeated characters.
        let (edit, after) = input_edit("aa", "a", caret(1)).unwrap();
        assert_eq!((edit.at, after), (0, caret(0)), "Backspace first");
        let (edit, after) = input_edit("xé", "x", caret(3)).unwrap();
        assert_eq!((edit.at, edit.removed.as_str(), after), (1, "é", caret(1)));
        let (edit, _) = input_edit("abc", "ac", caret(1)).unwrap();
        assert_eq!((edit.at, edit.removed.as_str()), (1, "b"), "Delete");
        // Deleting a selection.
        let (edit, after) = input_edit("abcd", "ad", Selection { start: 1, end: 3 }).unwrap();
        assert_eq!((edit.removed.as_str(), after), ("bc", caret(1)));
        // Something else (a drop elsewhere): the caller asks the textarea.
        assert_eq!(input_edit("abcd", "abXcd", caret(0)), None);
        assert_eq!(input_edit("ab", "ab", caret(5)), None);
        // Applying the edit gives the new text.
        for (old, new, sel) in [("ba", "baa", caret(1)), ("abc", "ac", caret(2)), ("abc", "ac", caret(1))] {
            let (edit, _) = input_edit(old, new, sel).unwrap();
            let mut t = old.to_string();
            assert!(edit.apply(&mut t));
            assert_eq!(t, new);
        }
    }
}
