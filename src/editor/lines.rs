//! Where the editor's lines are on screen, and moving its selection there.

use asl_edit::Selection;
use leptos::prelude::*;

use crate::documents::open::{set_dom_selection, DocState};

/// Must match `line-height` and `padding` of `.code-area` in style/main.css.
pub const LINE_HEIGHT: i32 = 18;
pub const PADDING: i32 = 6;

/// The highlight layer of the editor whose textarea this is, when its lines wrap (then every
/// line is drawn, one `div.ln` per line, so a line's place is its element's). The textarea's
/// `wrap` attribute is the one switch: the stylesheet follows it too.
pub fn wrapped_layer(textarea: &web_sys::HtmlTextAreaElement) -> Option<web_sys::Element> {
    if textarea.get_attribute("wrap").as_deref() != Some("soft") {
        return None;
    }
    textarea.parent_element()?.query_selector("pre.highlight").ok().flatten()
}

/// Where a line starts in the textarea's content, in pixels from its top padding: a fixed
/// height per line, or when lines wrap, where the highlight layer put it.
pub fn line_y(textarea: &web_sys::HtmlTextAreaElement, line: usize) -> i32 {
    let drawn = wrapped_layer(textarea)
        .and_then(|pre| pre.children().item(line as u32))
        .and_then(|l| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(l).ok());
    drawn.map_or(line as i32 * LINE_HEIGHT, |l| l.offset_top() - PADDING)
}

/// Where the underline of a diagnostic ends: a range over several lines (a whole state, the
/// whole definition) is marked on its first line only, as underlining a block hides more than
/// it shows; the problems list still selects the whole range.
///
/// The diagnostics may be a few keystrokes older than the text (see [`crate::analysis`]), so
/// their spans are only hints here: never trusted to fall on character boundaries.
pub fn shown_end(text: &str, d: &asl_core::Diagnostic) -> usize {
    let (start, end) = (d.span.start.min(text.len()), d.span.end.min(text.len()));
    let within = text.as_bytes().get(start..end.max(start)).unwrap_or_default();
    within.iter().position(|&b| b == b'\n').map_or(end, |i| start + i)
}

/// Selects `start..end` (byte offsets) in the textarea and scrolls it into view.
/// `focus`: move the keyboard there too (a problem clicked in the list); a state selected in the
/// diagram leaves the focus in the diagram, so that Delete deletes the state, not its text.
pub fn select_range(doc: DocState, textarea: &web_sys::HtmlTextAreaElement, start: usize, end: usize, focus: bool) {
    let sel = Selection { start, end };
    if focus {
        let _ = textarea.focus();
    }
    doc.text.with_untracked(|text| {
        set_dom_selection(textarea, text, sel);
        // Scroll so the selection's first line is near the top.
        let line = text.get(..start).map_or(0, |before| before.matches('\n').count());
        textarea.set_scroll_top((line_y(textarea, line) - 3 * LINE_HEIGHT).max(0));
    });
    doc.selection.set(sel);
}
