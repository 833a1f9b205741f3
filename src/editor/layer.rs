//! The highlight layer under the editor's textarea: the drawn window of lines as HTML.

use asl_core::{Parsed, Severity};
use asl_edit::highlight::Mark;
use asl_edit::text::matching_bracket;
use asl_edit::Selection;

use super::lines::shown_end;

/// How one line is drawn: JSON's or YAML's highlighter.
pub type Render = fn(&mut String, &str, usize, &[Mark]);

/// The lines `first..last` of `t` as HTML, with the diagnostics on them underlined and the
/// bracket matching the caret's marked.
pub fn lines(
    t: &str,
    starts: &[usize],
    (first, last): (usize, usize),
    parsed: &Parsed,
    sel: Selection,
    render: Render,
) -> Vec<String> {
    let from = starts[first];
    let to = starts.get(last).copied().unwrap_or(t.len());
    let mut marks: Vec<Mark> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= to && d.span.end >= from)
        .map(|d| Mark {
            range: d.span.start..shown_end(t, d),
            class: if d.severity == Severity::Error { "mk-error" } else { "mk-warning" },
        })
        .collect();
    if sel.start == sel.end {
        if let Some((a, b)) = matching_bracket(t, sel.start) {
            marks.extend([a, b].map(|p| Mark { range: p..p + 1, class: "mk-bracket" }));
        }
    }
    (first..last)
        .map(|i| {
            let end = starts.get(i + 1).map_or(t.len(), |&s| s - 1);
            let mut html = String::new();
            render(&mut html, &t[starts[i]..end], starts[i], &marks);
            html
        })
        .collect()
}

/// Writes only the lines whose HTML changed since `previous`: a keystroke rewrites one line,
/// not the whole window (which cost several milliseconds of layout per key on large texts).
pub fn write(pre: &web_sys::HtmlPreElement, previous: &[String], lines: &[String]) {
    let children = pre.children();
    let document = web_sys::window().and_then(|w| w.document());
    for (i, html) in lines.iter().enumerate() {
        match children.item(i as u32) {
            Some(line) if previous.get(i) == Some(html) => drop(line),
            Some(line) => line.set_inner_html(html),
            None => {
                let Some(line) = document.as_ref().and_then(|d| d.create_element("div").ok()) else { break };
                line.set_class_name("ln");
                line.set_inner_html(html);
                let _ = pre.append_child(&line);
            }
        }
    }
    while children.length() > lines.len() as u32 {
        match pre.last_element_child() {
            Some(extra) => extra.remove(),
            None => break,
        }
    }
}
