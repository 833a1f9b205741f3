//! The definition editor and its problems list.
//!
//! A transparent `<textarea>` (native caret, selection, IME, find, accessibility) over a `<pre>`
//! that shows the highlighted text with the same font metrics. Only the lines on screen are
//! highlighted, so a keystroke costs the same on 10 lines or 5,000. Editing commands and undo
//! go through [`DocState`], so every change is an entry of the one history.

use std::sync::Arc;

use asl_core::Parsed;
use asl_edit::highlight::{render_line, render_yaml_line};
use leptos::html::{Pre, Span, Textarea};
use leptos::prelude::*;

use crate::documents::open::{dom_selection, set_dom_selection, DocState, TEXTAREA_ID};

mod hover;
mod keys;
mod layer;
mod lines;
mod problems;

use lines::{line_y, select_range, LINE_HEIGHT, PADDING};

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

/// The textarea, its highlight layer and gutter share one viewport, wrap switch and node refs, so
/// they stay in this one view; what each key, hover, line and problem does is in the submodules.
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

    follow_selection(doc, parsed, selected_state, textarea);

    // Once mounted (and on reload), put back the saved cursor and scroll to it.
    Effect::new(move |_| {
        let Some(el) = textarea.get() else { return };
        let sel = doc.selection.get_untracked();
        text.with_untracked(|t| {
            el.set_value(t);
            set_dom_selection(&el, t, sel);
            let line = t.get(..sel.start).map_or(0, |b| b.matches('\n').count());
            // Setting it forces a layout of the whole page before its first paint (on a first
            // visit, ~150 ms): only when the view has to move.
            let target = (line_y(&el, line) - 3 * LINE_HEIGHT).max(0);
            if target > 0 {
                el.set_scroll_top(target);
            }
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

    // The drawn lines as HTML, one string per line; only those that changed reach the DOM.
    let highlighted = move || {
        let render = if syntax.get() == asl_core::Syntax::Yaml { render_yaml_line } else { render_line };
        let (parsed, sel, starts) = (parsed.get(), doc.selection.get(), starts.get());
        text.with(|t| layer::lines(t, &starts, window(), &parsed, sel, render))
    };
    Effect::new(move |previous: Option<Vec<String>>| {
        let lines = highlighted();
        if let Some(pre) = highlight.get() {
            layer::write(&pre, previous.as_deref().unwrap_or_default(), &lines);
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
        let found = hover::diagnostic_under(&ev, &el, &m, starts, doc.text, parsed);
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
        let keys = keys::Keys { doc, tab_moves_focus, escaped, message, syntax };
        let handled = keys.handle(&key, ctrl, shift, alt, &toggle_wrap);
        if handled {
            ev.prevent_default();
            update_viewport();
        }
    };

    // A problem chosen in the list: select its range, with the keyboard there too.
    let jump = Callback::new(move |(start, end): (usize, usize)| {
        if let Some(el) = textarea.get_untracked() {
            select_range(doc, &el, start, end, true);
            update_viewport();
        }
    });

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
        <EditorStatus tab_moves_focus wrap toggle_wrap=Callback::new(move |()| toggle_wrap()) />
        <problems::Problems doc parsed jump />
    }
}

/// The editor's selection and the selected state follow each other.
fn follow_selection(
    doc: DocState,
    parsed: ReadSignal<Arc<Parsed>>,
    selected_state: RwSignal<Option<String>>,
    textarea: NodeRef<Textarea>,
) {
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
}

/// The line under the editor: the Tab mode and the Wrap switch.
#[component]
fn EditorStatus(tab_moves_focus: RwSignal<bool>, wrap: RwSignal<bool>, toggle_wrap: Callback<()>) -> impl IntoView {
    view! {
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
                aria-keyshortcuts="Alt+Z" title="Wrap long lines (Alt+Z)" on:click=move |_| toggle_wrap.run(())>
                "Wrap"
            </button>
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
