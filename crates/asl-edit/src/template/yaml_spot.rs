//! Where a state machine's definition sits in a YAML template's text, found by indentation
//! rather than by a YAML parser (written before `asl_core::syntax::yaml` gave positions; it also
//! copes with short tags around the definition), and write-back must replace exactly the
//! definition's bytes and no others. Block style is followed (mappings,
//! `- ` sequences, `|`/`>` block scalars, quoted and plain scalars, tags such as `!Sub`); a
//! definition written in flow style across several lines is refused for write-back rather than
//! guessed at. Whatever write-back produces is read again and compared, so a misreading here
//! fails loudly instead of corrupting the template.

/// One line of the text: byte range without its line break, indentation in spaces, and whether
/// it holds nothing (blank or only a comment).
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub indent: usize,
    pub blank: bool,
}

pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.trim_end_matches('\n').trim_end_matches('\r');
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = body[indent..].trim_start();
        out.push(Line { start, end: start + body.len(), indent, blank: rest.is_empty() || rest.starts_with('#') });
        start += piece.len();
    }
    out
}

/// A mapping key and the extent of its value.
#[derive(Clone, Copy, Debug)]
pub struct KeyAt {
    /// The key's line (index into `lines`) and indentation.
    pub line: usize,
    pub indent: usize,
    /// The byte just after the key's colon.
    pub after_colon: usize,
    /// The byte just after the value's last character (comments and blank lines after it excluded).
    pub end: usize,
    /// The first line after the value.
    pub end_line: usize,
}

/// The key `key` among the mapping entries of lines `from..to` (the entries are the lines at the
/// indentation of the first non-blank one).
pub fn find_key(text: &str, lines: &[Line], from: usize, to: usize, key: &str) -> Option<KeyAt> {
    let indent = lines[from..to].iter().find(|l| !l.blank)?.indent;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if line.blank || line.indent != indent {
            continue;
        }
        let body = &text[line.start + indent..line.end];
        for quoted in [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")] {
            if body.starts_with(&quoted) && body[quoted.len()..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
                let after_colon = line.start + indent + quoted.len();
                return Some(extent(text, lines, i, indent, after_colon, to));
            }
        }
    }
    None
}

/// The value of the key on line `i`: the rest of its line and the lines indented deeper (or
/// `- ` items at the key's own indentation), or up to the matching bracket of a flow value.
fn extent(text: &str, lines: &[Line], i: usize, indent: usize, after_colon: usize, to: usize) -> KeyAt {
    let mut end_line = i + 1;
    let mut last = i;
    while end_line < to {
        let l = lines[end_line];
        let item = !l.blank && l.indent == indent && text[l.start + indent..l.end].starts_with('-');
        if !l.blank && l.indent <= indent && !item {
            break;
        }
        if !l.blank {
            last = end_line;
        }
        end_line += 1;
    }
    let mut end = lines[last].end;
    // A flow value that closes on a line of its own at the key's indentation.
    let value = skip_tag(text, after_colon, lines[i].end);
    if text[value..].starts_with(['{', '[']) {
        if let Some(close) = matching_bracket(text, value) {
            end = end.max(close);
            while end_line < lines.len() && lines[end_line].start < end {
                end_line += 1;
            }
        }
    }
    KeyAt { line: i, indent, after_colon, end, end_line }
}

/// Past spaces and one `!Tag` at `at` (on a line ending at `line_end`).
fn skip_tag(text: &str, at: usize, line_end: usize) -> usize {
    let mut p = at + (text[at..line_end].len() - text[at..line_end].trim_start().len());
    if text[p..line_end].starts_with('!') {
        p += text[p..line_end].find([' ', '\t']).unwrap_or(line_end - p);
        p += text[p..line_end].len() - text[p..line_end].trim_start().len();
    }
    p
}

/// The byte after the bracket that closes the one at `open`, skipping quoted strings.
fn matching_bracket(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, open);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' | b'\'' => i = quoted_end(text, i)? - 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte after the quoted scalar starting at `open` (`\` escapes in `"…"`, `''` in `'…'`).
fn quoted_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A definition held as a string scalar: the bytes to replace and how to write the new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scalar {
    pub start: usize,
    pub end: usize,
    /// The indentation a block scalar's lines are written at.
    pub indent: usize,
    /// For a block scalar: its first content line (index into `lines`), for positions.
    pub first_line: Option<usize>,
}

/// The string scalar that holds the definition under `key` (`DefinitionString: |`, `!Sub |`,
/// `!Sub` then `- |`, `Fn::Sub:` then either, or a quoted or plain scalar).
pub fn string_scalar(text: &str, lines: &[Line], key: &KeyAt) -> Result<Scalar, String> {
    scalar_at(text, lines, key.after_colon, key.line, key.indent, key.end_line, 0)
}

fn scalar_at(
    text: &str,
    lines: &[Line],
    at: usize,
    line: usize,
    parent: usize,
    to: usize,
    depth: usize,
) -> Result<Scalar, String> {
    let flow = || "its definition is written in flow style ([...] or {...}); write-back needs block style".to_string();
    if depth > 4 {
        return Err("its definition string is nested too deeply to write back".into());
    }
    let p = skip_tag(text, at, lines[line].end);
    let rest = &text[p..lines[line].end];
    match rest.as_bytes().first() {
        None | Some(b'#') => {
            let next = (line + 1..to).find(|&i| !lines[i].blank).ok_or("its definition is empty")?;
            let l = lines[next];
            let body = &text[l.start + l.indent..l.end];
            if body == "-" || body.starts_with("- ") {
                let item_end = (next + 1..to)
                    .find(|&i| {
                        let n = lines[i];
                        !n.blank && n.indent <= l.indent
                    })
                    .unwrap_or(to);
                scalar_at(text, lines, l.start + l.indent + 1, next, l.indent, item_end, depth + 1)
            } else if let Some(sub) = find_key(text, lines, next, to, "Fn::Sub") {
                scalar_at(text, lines, sub.after_colon, sub.line, sub.indent, sub.end_line, depth + 1)
            } else {
                Err("its definition string is not where write-back can find it".into())
            }
        }
        Some(b'|' | b'>') => {
            let mut last = None;
            let mut first = None;
            for (i, l) in lines.iter().enumerate().take(to).skip(line + 1) {
                let empty = text[l.start..l.end].trim().is_empty();
                if !empty && l.indent <= parent {
                    break;
                }
                if !empty {
                    first = first.or(Some(i));
                    last = Some(i);
                }
            }
            let end = last.map_or(lines[line].end, |i| lines[i].end);
            let indent = first.map_or(parent + 2, |i| lines[i].indent);
            Ok(Scalar { start: p, end, indent, first_line: first })
        }
        Some(b'"' | b'\'') => {
            let end = quoted_end(text, p).ok_or("its definition string has no closing quote")?;
            Ok(Scalar { start: p, end, indent: parent + 2, first_line: None })
        }
        Some(b'[' | b'{') => Err(flow()),
        Some(_) => {
            let end = rest.find(" #").map_or(lines[line].end, |c| p + c);
            Ok(Scalar { start: p, end: p + text[p..end].trim_end().len(), indent: parent + 2, first_line: None })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_block_scalars_under_tags_and_sequences() {
        let text = "Resources:\n  M:\n    Properties:\n      DefinitionString: !Sub\n        - |\n          {\"a\": 1}\n        - X: y\n      Other: 1\n";
        let ls = lines(text);
        let r = find_key(text, &ls, 0, ls.len(), "Resources").unwrap();
        let m = find_key(text, &ls, r.line + 1, r.end_line, "M").unwrap();
        let p = find_key(text, &ls, m.line + 1, m.end_line, "Properties").unwrap();
        let d = find_key(text, &ls, p.line + 1, p.end_line, "DefinitionString").unwrap();
        let s = string_scalar(text, &ls, &d).unwrap();
        assert_eq!(&text[s.start..s.end], "|\n          {\"a\": 1}");
        assert_eq!(s.indent, 10);
        let o = find_key(text, &ls, p.line + 1, p.end_line, "Other").unwrap();
        assert_eq!(&text[o.after_colon..o.end], " 1");
    }
}
