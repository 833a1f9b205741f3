//! The problems list under the editor: each diagnostic at its line and column, with AWS's code.

use std::sync::Arc;

use asl_core::{Parsed, Severity};
use leptos::prelude::*;

use crate::documents::open::DocState;

/// `jump`: select a problem's byte range in the editor (a click, Enter or Space on its row).
#[component]
pub fn Problems(doc: DocState, parsed: ReadSignal<Arc<Parsed>>, jump: Callback<(usize, usize)>) -> impl IntoView {
    let text = doc.text;
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
            let on_key = move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    jump.run((span.start, span.end));
                }
            };
            view! {
                <li class=class on:click=move |_| jump.run((span.start, span.end)) on:keydown=on_key tabindex="0" title="Go to the problem (Enter)">
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
        <div class="problems">
            <div id="problem-summary" class="summary">{summary}</div>
            <ul id="problems">{problems}</ul>
        </div>
    }
}
