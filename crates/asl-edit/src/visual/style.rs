//! How the document is written and how new text matches it: the document's [`Style`] (indent
//! unit, line ends, colon and separator spacing), one object's [`Layout`] (compact or not, member
//! indentation, separator), and rendering values in them. New text written with these follows the
//! surrounding text: tabs or N spaces, CRLF where used, one-line objects stay on one line.

use asl_core::syntax::json::Node;
use serde_json::Value;

use super::doc::quote;

#[derive(Clone, Debug)]
pub(super) struct Style {
    /// One indentation level: a tab or N spaces.
    unit: String,
    /// `\r\n` when the document uses it.
    nl: &'static str,
    /// Between a key and its value, as the root object writes it: `": "`, `":"`...
    colon: String,
    /// Between members written on one line, as the root object writes them: `", "`, `","`...
    item_sep: String,
}

impl Style {
    pub(super) fn of(text: &str, root: &Node) -> Style {
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut min_spaces = usize::MAX;
        let mut unit = None;
        for line in text.split('\n').skip(1) {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.trim().is_empty() {
                continue;
            }
            let ws = &line[..line.len() - trimmed.len()];
            if ws.starts_with('\t') {
                unit.get_or_insert("\t".to_string());
            } else if !ws.is_empty() {
                if unit.is_none() {
                    unit = Some(" ".into());
                }
                min_spaces = min_spaces.min(ws.len());
            }
        }
        let unit = match unit {
            Some(u) if u == "\t" => u,
            Some(_) => " ".repeat(min_spaces.clamp(1, 8)),
            None => "  ".to_string(),
        };
        let members = root.members();
        let colon = members
            .first()
            .map(|m| &text[m.key_span.end..m.value.span.start])
            .filter(|c| c.trim() == ":" && !c.contains('\n'))
            .unwrap_or(": ")
            .to_string();
        let item_sep = match members {
            [a, b, ..] => Some(&text[a.value.span.end..b.key_span.start]).filter(|s| !s.contains('\n')),
            _ => None,
        }
        // Minified text (no space after ':') has none after ',' either.
        .unwrap_or(if colon == ":" { "," } else { ", " })
        .to_string();
        Style { unit, nl, colon, item_sep }
    }
}

/// How one object's members are written.
#[derive(Clone, Debug)]
pub(super) struct Layout {
    /// Members on one line with `{`.
    pub(super) compact: bool,
    /// Leading whitespace of a member line (multi-line objects).
    pub(super) indent: String,
    /// Leading whitespace of the closing brace's line.
    pub(super) close: String,
    /// What goes between two members: the comma and whitespace.
    pub(super) sep: String,
    /// Between a key and its value: `": "` or `":"`...
    pub(super) colon: String,
    /// Between members and items of a new value written on one line.
    pub(super) item_sep: String,
    pub(super) unit: String,
    pub(super) nl: &'static str,
}

pub(super) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The leading whitespace of the line holding `pos`.
pub(super) fn line_indent(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

pub(super) fn layout(text: &str, obj: &Node, style: &Style) -> Layout {
    let members = obj.members();
    let open = obj.span.start;
    let close_at = obj.span.end.saturating_sub(1);
    let outer = line_indent(text, open).to_string();
    let (compact, indent) = match members.first() {
        Some(first) => {
            let compact = !text[open..first.key_span.start].contains('\n');
            (compact, line_indent(text, first.key_span.start).to_string())
        }
        // An empty object: one line only in a document written on one line.
        None => (!text.contains('\n'), format!("{outer}{}", style.unit)),
    };
    let close = if text[line_start(text, close_at)..close_at].trim().is_empty() {
        line_indent(text, close_at).to_string()
    } else {
        outer
    };
    let colon = members
        .first()
        .map(|m| &text[m.key_span.end..m.value.span.start])
        .filter(|c| c.trim() == ":" && !c.contains('\n'))
        .unwrap_or(&style.colon)
        .to_string();
    let sep = if members.len() >= 2 {
        let n = members.len();
        text[members[n - 2].value.span.end..members[n - 1].key_span.start].to_string()
    } else if compact {
        style.item_sep.clone()
    } else {
        format!(",{}{indent}", style.nl)
    };
    let item_sep = if compact && !sep.contains('\n') { sep.clone() } else { style.item_sep.clone() };
    Layout { compact, indent, close, sep, colon, item_sep, unit: style.unit.clone(), nl: style.nl }
}

/// Renders a value for a member of an object with this layout (nested levels one unit deeper).
pub(super) fn render(value: &Value, lay: &Layout) -> String {
    let mut out = String::new();
    write_value(&mut out, value, lay, &lay.indent);
    out
}

/// What goes before the `i`th member or element: a separator, and a new line when not compact.
fn separate(out: &mut String, i: usize, lay: &Layout, inner: &str) {
    if lay.compact {
        if i > 0 {
            out.push_str(&lay.item_sep);
        }
        return;
    }
    if i > 0 {
        out.push(',');
    }
    out.push_str(lay.nl);
    out.push_str(inner);
}

pub(super) fn write_value(out: &mut String, value: &Value, lay: &Layout, base: &str) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            let inner = format!("{base}{}", lay.unit);
            for (i, (k, v)) in map.iter().enumerate() {
                separate(out, i, lay, &inner);
                out.push_str(&quote(k));
                out.push_str(&lay.colon);
                write_value(out, v, lay, &inner);
            }
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(base);
            }
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            let inner = format!("{base}{}", lay.unit);
            for (i, v) in items.iter().enumerate() {
                separate(out, i, lay, &inner);
                write_value(out, v, lay, &inner);
            }
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(base);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON value typed by the user, placed as the value of a member written with `lay` at
/// indentation `base`: lines after the first keep their relative indentation under `base`; in a
/// one-line object the lines are joined.
pub(super) fn reindent(value: &str, base: &str, lay: &Layout) -> String {
    let lines: Vec<&str> = value.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    if lines.len() == 1 {
        return value.to_string();
    }
    if lay.compact {
        return lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    }
    // The value's own indent unit (its smallest step) becomes the document's.
    let ws = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let body: Vec<&str> = lines[1..].iter().copied().filter(|l| !l.trim().is_empty()).collect();
    let strip = body.iter().map(|l| ws(l)).min().unwrap_or(0);
    let step = body.iter().map(|l| ws(l) - strip).filter(|&r| r > 0).min().unwrap_or(1);
    let mut out = lines[0].trim_start().to_string();
    for line in &lines[1..] {
        out.push_str(lay.nl);
        if !line.trim().is_empty() {
            let relative = ws(line) - strip;
            out.push_str(base);
            for _ in 0..relative / step {
                out.push_str(&lay.unit);
            }
            out.push_str(&" ".repeat(relative % step));
            out.push_str(line.trim_start_matches([' ', '\t']));
        }
    }
    out
}
