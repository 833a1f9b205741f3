//! The definition editor (a textarea for now) and its problems list.

use std::sync::Arc;

use asl_core::{Parsed, Severity};
use leptos::html::Textarea;
use leptos::prelude::*;

/// Selects `start..end` (byte offsets) in the textarea and scrolls it into view.
fn select_range(textarea: &web_sys::HtmlTextAreaElement, text: &str, start: usize, end: usize) {
    // The DOM counts UTF-16 code units, the core counts bytes.
    let utf16 = |byte: usize| text.get(..byte.min(text.len())).map_or(0, |s| s.encode_utf16().count()) as u32;
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(utf16(start), utf16(end));
    // Scroll so the selection's first line is near the top.
    let line = text.get(..start).map_or(0, |before| before.matches('\n').count()) as i32;
    let line_height = 18;
    textarea.set_scroll_top((line - 3).max(0) * line_height);
}

#[component]
pub fn Editor(
    text: RwSignal<String>,
    parsed: Memo<Arc<Parsed>>,
    selected_state: RwSignal<Option<String>>,
) -> impl IntoView {
    let textarea: NodeRef<Textarea> = NodeRef::new();

    // When a state is selected elsewhere (the diagram), select its JSON in the editor.
    Effect::new(move |_| {
        let Some(name) = selected_state.get() else { return };
        let parsed = parsed.get_untracked();
        let Some(state) = parsed.machine.as_ref().and_then(|m| m.state(&name)) else { return };
        if let Some(el) = textarea.get_untracked() {
            text.with_untracked(|t| select_range(&el, t, state.name_span.start, state.span.end));
        }
    });

    let problems = move || {
        let parsed = parsed.get();
        let t = text.get();
        parsed
            .diagnostics
            .iter()
            .map(|d| {
                let (line, col) = parsed.line_index.line_col(&t, d.span.start);
                let span = d.span;
                let class = match d.severity {
                    Severity::Error => "problem error",
                    Severity::Warning => "problem warning",
                };
                let jump = move |_| {
                    if let Some(el) = textarea.get_untracked() {
                        text.with_untracked(|t| select_range(&el, t, span.start, span.end));
                    }
                };
                view! {
                    <li class=class on:click=jump title="Go to the problem">
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
        <textarea
            id="definition"
            node_ref=textarea
            spellcheck="false"
            wrap="off"
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
        ></textarea>
        <div class="problems">
            <div id="problem-summary" class="summary">{summary}</div>
            <ul id="problems">{problems}</ul>
        </div>
    }
}
