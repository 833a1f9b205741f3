//! The definition editor and its problems list.
//!
//! A transparent `<textarea>` (native caret, selection, IME, find, accessibility) over a `<pre>`
//! that shows the highlighted text with the same font metrics. Only the lines on screen are
//! highlighted, so a keystroke costs the same on 10 lines or 5,000. Editing commands and undo
//! go through [`DocState`], so every change is an entry of the one history.

use std::sync::Arc;

use asl_core::{Parsed, Severity};
use asl_edit::highlight::{render_line, render_yaml_line, Mark};
use asl_edit::text::{byte_of, indent, matching_bracket, newline};
use asl_edit::{Gesture, Selection};
use leptos::html::{Pre, Span, Textarea};
use leptos::prelude::*;

use crate::documents::open::{dom_selection, set_dom_selection, DocState, TEXTAREA_ID};

/// Must match `line-height` and `padding` of `.code-area` in style/main.css.
const LINE_HEIGHT: i32 = 18;
const PADDING: i32 = 6;
/// Lines rendered above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 20;
/// sessionStorage: "1" when Tab moves the focus instead of indenting (Ctrl+M toggles it).
const TAB_MODE_KEY: &str = "asl-studio/tab-moves-focus";
/// localStorage: "1" when long lines wrap (`#editor-wrap`, Alt+Z), as the theme is remembered.
pub const WRAP_KEY: &str = "asl-studio/editor-wrap";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn tab_moves_focus_saved() -> bool {
    session().and_then(|s| s.get_item(TAB_MODE_KEY).ok().flatten()).is_some_and(|v| v == "1")
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn wrap_saved() -> bool {
    local().and_then(|s| s.get_item(WRAP_KEY).ok().flatten()).is_some_and(|v| v == "1")
}

/// The highlight layer of the editor whose textarea this is, when its lines wrap (then every
/// line is drawn, one `div.ln` per line, so a line's place is its element's). The textarea's
/// `wrap` attribute is the one switch: the stylesheet follows it too.
fn wrapped_layer(textarea: &web_sys::HtmlTextAreaElement) -> Option<web_sys::Element> {
    if textarea.get_attribute("wrap").as_deref() != Some("soft") {
        return None;
    }
    textarea.parent_element()?.query_selector("pre.highlight").ok().flatten()
}

/// Where a line starts in the textarea's content, in pixels from its top padding: a fixed
/// height per line, or when lines wrap, where the highlight layer put it.
fn line_y(textarea: &web_sys::HtmlTextAreaElement, line: usize) -> i32 {
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
fn shown_end(text: &str, d: &asl_core::Diagnostic) -> usize {
    let (start, end) = (d.span.start.min(text.len()), d.span.end.min(text.len()));
    let within = text.as_bytes().get(start..end.max(start)).unwrap_or_default();
    within.iter().position(|&b| b == b'\n').map_or(end, |i| start + i)
}

/// Selects `start..end` (byte offsets) in the textarea and scrolls it into view.
/// `focus`: move the keyboard there too (a problem clicked in the list); a state selected in the
/// diagram leaves the focus in the diagram, so that Delete deletes the state, not its text.
fn select_range(doc: DocState, textarea: &web_sys::HtmlTextAreaElement, start: usize, end: usize, focus: bool) {
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

#[component]
pub fn Editor(
    doc: DocState,
    parsed: ReadSignal<Arc<Parsed>>,
    selected_state: RwSignal<Option<String>>,
    /// The top bar's message (Format's refusal).
    message: RwSignal<Option<String>>,
    /// JSON or YAML: how the text is highlighted and whether Format applies.
    syntax: RwSignal<asl_core::Syntax>,
) -> impl IntoView {
    let text = doc.text;
    let textarea: NodeRef<Textarea> = NodeRef::new();
    let measure: NodeRef<Span> = NodeRef::new();
    let highlight: NodeRef<Pre> = NodeRef::new();
    // (scroll top, scroll left, visible height) of the textarea, in pixels.
    let viewport = RwSignal::new((0i32, 0i32, 1200i32));
    let hover: RwSignal<Option<String>> = RwSignal::new(None);
    // Tab indents unless Ctrl+M made it move the focus (for the session), or Escape was the
    // key just before: then the next Tab leaves the editor, as in common code editors.
    let tab_moves_focus = RwSignal::new(tab_moves_focus_saved());
    let escaped = StoredValue::new(false);
    // Long lines wrap (soft wrap) or scroll sideways; remembered in localStorage.
    let wrap = RwSignal::new(wrap_saved());

    // Line starts of the text itself (the parse may lag behind it); a memo so the gutter and
    // the drawn window change only when the lines do.
    let starts: Memo<Arc<Vec<usize>>> =
        Memo::new(move |_| text.with(|t| Arc::new(asl_core::syntax::json::line_starts(t))));

    // The state the caret is in, innermost first (by the last analysis).
    let state_at_caret = move || -> Option<String> {
        let caret = doc.selection.with_untracked(|s| s.start);
        parsed.with_untracked(|p| p.machine.as_ref()?.state_at(caret).map(|s| s.name.clone()))
    };
    // Moving the caret into a state selects it in the diagram.
    Effect::new(move |_| {
        doc.selection.track();
        parsed.track();
        let here = state_at_caret();
        if here.is_some() && here != selected_state.get_untracked() {
            selected_state.set(here);
        }
    });
    // When a state is selected elsewhere (the diagram), select its JSON in the editor, unless
    // the caret is already in it (the selection came from the editor).
    Effect::new(move |_| {
        let Some(name) = selected_state.get() else { return };
        if state_at_caret().as_deref() == Some(name.as_str()) {
            return;
        }
        let parsed = parsed.get_untracked();
        let Some(state) = parsed.machine.as_ref().and_then(|m| m.find(&name)) else { return };
        if let Some(el) = textarea.get_untracked() {
            select_range(doc, &el, state.name_span.start, state.span.end, false);
        }
    });

    // Once mounted (and on reload), put back the saved cursor and scroll to it.
    Effect::new(move |_| {
        let Some(el) = textarea.get() else { return };
        let sel = doc.selection.get_untracked();
        text.with_untracked(|t| {
            el.set_value(t);
            set_dom_selection(&el, t, sel);
            let line = t.get(..sel.start).map_or(0, |b| b.matches('\n').count());
            el.set_scroll_top((line_y(&el, line) - 3 * LINE_HEIGHT).max(0));
        });
    });

    let update_viewport = move || {
        if let Some(el) = textarea.get_untracked() {
            let v = (el.scroll_top(), el.scroll_left(), el.client_height().max(LINE_HEIGHT * 10));
            if v != viewport.get_untracked() {
                viewport.set(v);
            }
        }
    };

    // First and last line (exclusive) drawn. Wrapped, every line is drawn: a line's height
    // is then what the browser makes of it, the same in the layer as in the textarea (same
    // font, width and wrapping rules), so the layer needs no model of where lines break.
    // (Wrapped, it reads no scroll position: scrolling redraws no line.)
    let window = move || {
        let lines = starts.with(|s| s.len());
        if wrap.get() {
            return (0, lines);
        }
        let (top, _, height) = viewport.get();
        let first = ((top - PADDING).max(0) / LINE_HEIGHT) as usize;
        let first = first.saturating_sub(OVERSCAN).min(lines.saturating_sub(1));
        let last = (first + (height / LINE_HEIGHT) as usize + 2 * OVERSCAN + 2).min(lines);
        (first, last)
    };
    let transform = move |first: usize, horizontal: bool| {
        let (top, left, _) = viewport.get();
        let left = if horizontal { left } else { 0 };
        format!("translate({}px, {}px)", -left, first as i32 * LINE_HEIGHT - top)
    };

    // The drawn lines as HTML, one string per line.
    let highlighted = move || -> Vec<String> {
        let (first, last) = window();
        let parsed = parsed.get();
        let sel = doc.selection.get();
        let starts = starts.get();
        let render = if syntax.get() == asl_core::Syntax::Yaml { render_yaml_line } else { render_line };
        text.with(|t| {
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
        })
    };
    // Only the lines whose HTML changed are written to the DOM: a keystroke rewrites one line,
    // not the whole window (which cost several milliseconds of layout per key on large texts).
    Effect::new(move |previous: Option<Vec<String>>| {
        let lines = highlighted();
        let Some(pre) = highlight.get() else { return Vec::new() };
        let previous = previous.unwrap_or_default();
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
        lines
    });
    // Wrapped, the numbers are drawn by the layer itself (a CSS counter beside each line, in a
    // column of the textarea's own), so each stands at the first row of its line.
    let gutter = move || {
        if wrap.get() {
            return String::new();
        }
        let (first, last) = window();
        (first + 1..=last).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")
    };
    let gutter_width = move || format!("{}ch", starts.with(|s| s.len()).to_string().len().max(2) + 2);

    // Hovering a diagnostic shows its message (the textarea is on top, so it carries the title).
    let on_mousemove = move |ev: web_sys::MouseEvent| {
        let (Some(el), Some(m)) = (textarea.get_untracked(), measure.get_untracked()) else { return };
        let char_width = m.get_bounding_client_rect().width() / 10.0;
        let rect = el.get_bounding_client_rect();
        let y = ev.client_y() as f64 - rect.top() - PADDING as f64 + el.scroll_top() as f64;
        let x = ev.client_x() as f64 - rect.left() - PADDING as f64 + el.scroll_left() as f64;
        let (line, col) = match wrapped_layer(&el) {
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
                let (left, width) = line_el(lo)
                    .map_or((0.0, 1.0), |l| (l.get_bounding_client_rect().left(), f64::from(l.offset_width())));
                let row = ((y - f64::from(tops(lo))) / LINE_HEIGHT as f64).floor();
                let cols = (width / char_width).floor().max(1.0);
                (f64::from(lo), row * cols + ((f64::from(ev.client_x()) - left) / char_width).floor())
            }
            None => ((y / LINE_HEIGHT as f64).floor(), (x / char_width).floor()),
        };
        let found = if line < 0.0 || col < 0.0 || char_width <= 0.0 {
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
        };
        if found != hover.get_untracked() {
            hover.set(found);
        }
    };

    let toggle_wrap = move || {
        let on = !wrap.get_untracked();
        wrap.set(on);
        if let Some(s) = local() {
            // Only the preference is lost when storage refuses it.
            let _ = s.set_item(WRAP_KEY, if on { "1" } else { "0" });
        }
        // The caret's line stays in view, and a wrapped text has no column to scroll to.
        request_animation_frame(move || {
            reveal_caret(doc);
            update_viewport();
        });
    };

    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let (shift, alt) = (ev.shift_key(), ev.alt_key());
        if textarea.get_untracked().is_none() {
            return;
        }
        // Read only by the keys that need it: reading the selection of a large textarea costs
        // about a millisecond, and plain typing reports it with its input event.
        let selection = move || {
            doc.sync_selection_from_dom();
            doc.selection.get_untracked()
        };
        // Escape arms the next Tab to leave; any other key (modifiers aside) disarms it.
        let leave_on_tab = escaped.get_value();
        if !matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") {
            escaped.set_value(key == "Escape" && !ctrl && !alt && !shift);
        }
        let handled = match key.as_str() {
            // Alt+Z, as in VS Code (on a Mac, Alt+Z types "Ω").
            "z" | "Z" | "Ω" if alt && !ctrl && !shift => {
                toggle_wrap();
                true
            }
            "m" | "M" if ctrl && !alt && !shift => {
                let moves = !tab_moves_focus.get_untracked();
                tab_moves_focus.set(moves);
                if let Some(s) = session() {
                    let _ = s.set_item(TAB_MODE_KEY, if moves { "1" } else { "0" });
                }
                true
            }
            // The browser's own Tab: the focus moves on.
            "Tab" if leave_on_tab || tab_moves_focus.get_untracked() => false,
            "z" | "Z" if ctrl && !alt => {
                if shift {
                    doc.redo();
                } else {
                    doc.undo();
                }
                true
            }
            "y" | "Y" if ctrl && !alt && !shift => {
                doc.redo();
                true
            }
            // Shift+Alt+F, as in VS Code (on a Mac, Alt+Shift+F types "Ï").
            "f" | "F" | "Ï" if shift && alt && !ctrl => {
                selection();
                message.set(if syntax.get_untracked() == asl_core::Syntax::Yaml {
                    Some("Format re-indents JSON; a YAML definition is kept as written.".into())
                } else {
                    doc.format().err()
                });
                true
            }
            "Enter" if !ctrl && !alt && !shift => {
                let sel = selection();
                let (edit, after) = text.with_untracked(|t| newline(t, sel));
                doc.apply("New line", Gesture::Other, edit, after);
                true
            }
            "Tab" if !ctrl && !alt => {
                let sel = selection();
                if let Some((edit, after)) = text.with_untracked(|t| indent(t, sel, shift)) {
                    doc.apply(if shift { "Outdent" } else { "Indent" }, Gesture::Other, edit, after);
                }
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
            update_viewport();
        }
    };

    let problems = move || {
        let parsed = parsed.get();
        // Positions first, under a borrow of the text (no copy of it per keystroke).
        let positions: Vec<(usize, usize)> = text.with_untracked(|t| {
            parsed.diagnostics.iter().map(|d| parsed.line_index.line_col(t, d.span.start)).collect()
        });
        parsed
            .diagnostics
            .iter()
            .zip(positions)
            .map(|(d, (line, col))| {
                let span = d.span;
                let class = match d.severity {
                    Severity::Error => "problem error",
                    Severity::Warning => "problem warning",
                };
                let jump = move |_| {
                    if let Some(el) = textarea.get_untracked() {
                        select_range(doc, &el, span.start, span.end, true);
                        update_viewport();
                    }
                };
                let on_key = move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        if let Some(el) = textarea.get_untracked() {
                            select_range(doc, &el, span.start, span.end, true);
                            update_viewport();
                        }
                    }
                };
                view! {
                    <li class=class on:click=jump on:keydown=on_key tabindex="0" title="Go to the problem (Enter)">
                        <span class="position">{format!("Line {line}, column {col}")}</span>
                        <span class="code">{d.code}</span>
                        <span class="text">{d.message.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let summary = move || {
        let parsed = parsed.get();
        let errors = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = parsed.diagnostics.len() - errors;
        match (errors, warnings) {
            (0, 0) => "No problems".to_string(),
            (e, w) => format!("{e} error(s), {w} warning(s)"),
        }
    };

    view! {
        <div class="code-editor">
            <div class="gutter" style:width=gutter_width aria-hidden="true">
                <pre style:transform=move || transform(window().0, false)>{gutter}</pre>
            </div>
            <div class="code-area">
                <pre class="highlight" aria-hidden="true" node_ref=highlight style:transform=move || transform(window().0, true)></pre>
                <span class="measure" node_ref=measure aria-hidden="true">"0123456789"</span>
                <textarea
                    id=TEXTAREA_ID
                    node_ref=textarea
                    spellcheck="false"
                    autocomplete="off"
                    // The one switch of soft wrap: the stylesheet follows it (style/main.css).
                    wrap=move || if wrap.get() { "soft" } else { "off" }
                    aria-label="State machine definition (JSON)"
                    aria-describedby="tab-mode"
                    title=move || hover.get()
                    on:input=move |ev| {
                        // No selection or viewport read unless needed: on a large text each
                        // read costs about a millisecond (the second forces a layout) in the
                        // middle of the keystroke; a caret that scrolls the textarea sends
                        // `scroll`.
                        let read = |value: &str| textarea.get_untracked().map(|el| dom_selection(&el, value)).unwrap_or_default();
                        doc.record_input(event_target_value(&ev), read);
                    }
                    on:beforeinput=move |ev: web_sys::InputEvent| {
                        // The browser's own undo (menu, gestures) would bypass the history.
                        let kind = ev.input_type();
                        if kind == "historyUndo" || kind == "historyRedo" {
                            ev.prevent_default();
                            if kind == "historyUndo" { doc.undo(); } else { doc.redo(); }
                        }
                    }
                    on:keydown=on_keydown
                    on:keyup=move |_| { doc.sync_selection_from_dom(); update_viewport(); }
                    on:mouseup=move |_| doc.sync_selection_from_dom()
                    on:select=move |_| doc.sync_selection_from_dom()
                    on:scroll=move |_| update_viewport()
                    on:mousemove=on_mousemove
                ></textarea>
            </div>
        </div>
        <div class="editor-status">
            <span id="tab-mode" data-mode=move || if tab_moves_focus.get() { "focus" } else { "indent" }
                title="Ctrl+M toggles whether Tab indents or moves the focus; Esc then Tab always leaves the editor">
                {move || if tab_moves_focus.get() {
                    "Tab moves focus (Ctrl+M: indent)"
                } else {
                    "Tab indents (Esc then Tab leaves; Ctrl+M: move focus)"
                }}
            </span>
            <button id="editor-wrap" aria-pressed=move || wrap.get().to_string()
                aria-keyshortcuts="Alt+Z" title="Wrap long lines (Alt+Z)" on:click=move |_| toggle_wrap()>
                "Wrap"
            </button>
        </div>
        <div class="problems">
            <div id="problem-summary" class="summary">{summary}</div>
            <ul id="problems">{problems}</ul>
        </div>
    }
}

/// After a change of the whole text (Format): back to column 1, with the caret's line in view.
pub fn reveal_caret(doc: DocState) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(TEXTAREA_ID))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(e).ok())
    else {
        return;
    };
    let start = doc.selection.get_untracked().start;
    let line = doc.text.with_untracked(|t| t.get(..start).map_or(0, |b| b.matches('\n').count()));
    el.set_scroll_left(0);
    let (top, height) = (el.scroll_top(), el.client_height());
    let caret = line_y(&el, line);
    if caret < top || caret + LINE_HEIGHT > top + height {
        el.set_scroll_top((caret - height / 2).max(0));
    }
}
