//! What the pointer is over in the editor: the message of the diagnostic under it.

use std::sync::Arc;

use asl_core::Parsed;
use asl_edit::text::byte_of;
use leptos::prelude::*;

use super::lines::{shown_end, wrapped_layer, LINE_HEIGHT, PADDING};

/// The innermost diagnostic under the pointer, as `code: message` (the textarea is on top of the
/// highlight layer, so it carries the title). `measure` holds ten characters of the editor's font.
pub fn diagnostic_under(
    ev: &web_sys::MouseEvent,
    el: &web_sys::HtmlTextAreaElement,
    m: &web_sys::HtmlSpanElement,
    starts: Memo<Arc<Vec<usize>>>,
    text: RwSignal<String>,
    parsed: ReadSignal<Arc<Parsed>>,
) -> Option<String> {
    let char_width = m.get_bounding_client_rect().width() / 10.0;
    let rect = el.get_bounding_client_rect();
    let y = ev.client_y() as f64 - rect.top() - PADDING as f64 + el.scroll_top() as f64;
    let x = ev.client_x() as f64 - rect.left() - PADDING as f64 + el.scroll_left() as f64;
    let (line, col) = match wrapped_layer(el) {
        // Wrapped: the line whose element spans the pointer, the column counted over its
        // rows as if they were full (close enough for a hover; a row broken at a space is
        // shorter).
        Some(pre) => {
            let lines = pre.children();
            let line_el =
                |i: u32| lines.item(i).and_then(|l| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(l).ok());
            let tops = |i: u32| line_el(i).map_or(i32::MAX, |l| l.offset_top() - PADDING);
            // The last line starting at or above the pointer.
            let (mut lo, mut hi) = (0u32, lines.length());
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if f64::from(tops(mid)) <= y {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (left, width) =
                line_el(lo).map_or((0.0, 1.0), |l| (l.get_bounding_client_rect().left(), f64::from(l.offset_width())));
            let row = ((y - f64::from(tops(lo))) / LINE_HEIGHT as f64).floor();
            let cols = (width / char_width).floor().max(1.0);
            (f64::from(lo), row * cols + ((f64::from(ev.client_x()) - left) / char_width).floor())
        }
        None => ((y / LINE_HEIGHT as f64).floor(), (x / char_width).floor()),
    };
    if line < 0.0 || col < 0.0 || char_width <= 0.0 {
        None
    } else {
        let start = starts.with_untracked(|s| s.get(line as usize).copied());
        start.and_then(|start| {
            let offset = text.with_untracked(|t| {
                let line_text = &t[start..t[start..].find('\n').map_or(t.len(), |i| start + i)];
                (col as usize <= line_text.chars().count()).then(|| start + byte_of(line_text, col as usize))
            })?;
            parsed.with_untracked(|p| {
                text.with_untracked(|t| {
                    p.diagnostics
                        .iter()
                        .filter(|d| d.span.start <= offset && offset < shown_end(t, d).max(d.span.start + 1))
                        .min_by_key(|d| d.span.end - d.span.start)
                        .map(|d| format!("{}: {}", d.code, d.message))
                })
            })
        })
    }
}
