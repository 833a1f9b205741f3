//! Assistive technology and the keyboard, page-wide: the `#announcer` live region (the run's
//! status when it changes, the count of problems once edits settle), the shortcut list
//! (`#shortcuts`, opened by `?` outside text fields or the top bar's `#shortcuts-open`), and
//! [`modal`], what every modal dialog of the app does with the keyboard.

use std::rc::Rc;
use std::sync::Arc;

use asl_core::{Parsed, Severity};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::store::Store;

/// How long the text must rest before the count of problems is announced.
const SETTLE_MS: u32 = 1000;

/// Whether a key press belongs to a text field (the page's single-key shortcuts leave it alone).
pub fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    let input_kind = el.get_attribute("type").unwrap_or_default();
    // A range or a button keeps the keys for the page; text-like inputs take them.
    matches!(tag.as_str(), "textarea" | "select")
        || (tag == "input" && !matches!(input_kind.as_str(), "range" | "button" | "checkbox" | "radio"))
        || el.closest("[contenteditable]").ok().flatten().is_some()
}

/// Focuses the element with this id once it is drawn (the next frame).
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// The controls Tab can reach in a dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// Focuses an HTML or an SVG element (a diagram node is one): both have `focus()`, which the
/// binding calls by name.
fn focus_element(el: &web_sys::Element) {
    let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
}

/// The controls of `dialog` that are drawn (a hidden card is not), in document order.
fn focusable_in(dialog: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|el| el.offset_parent().is_some())
        .collect()
}

/// Makes the dialog `#id` modal for the keyboard, the same way for every dialog of the app:
/// while `is_open`, Tab and Shift+Tab cycle through its controls and never reach the page behind
/// it, Escape calls `close`; on opening the focus goes to `#first` (else the dialog's first
/// control), and on closing, by whatever means, back to the control that opened it (found again
/// by its id when it was redrawn meanwhile). Of two dialogs open at once the later in the page
/// (drawn on top) takes the keys. Called once by the dialog's owner, outside the view that
/// shows it. (Not generic, so its code is in the wasm once.)
pub fn modal(id: &'static str, first: Option<&'static str>, is_open: Rc<dyn Fn() -> bool>, close: Rc<dyn Fn()>) {
    let open_now = is_open.clone();
    let opener: StoredValue<Option<web_sys::Element>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |was: Option<bool>| {
        let open = open_now();
        if open && was != Some(true) {
            opener.set_value(document().active_element());
            request_animation_frame(move || {
                let doc = document();
                let target = first.and_then(|f| doc.get_element_by_id(f)).or_else(|| {
                    let dialog = doc.get_element_by_id(id)?;
                    focusable_in(&dialog).into_iter().next().map(Into::into)
                });
                if let Some(el) = target {
                    focus_element(&el);
                }
            });
        } else if !open && was == Some(true) {
            if let Some(el) = opener.get_value() {
                let again = match el.id() {
                    _ if el.is_connected() => Some(el),
                    id if id.is_empty() => None,
                    id => document().get_element_by_id(&id),
                };
                if let Some(el) = again {
                    focus_element(&el);
                }
            }
            opener.set_value(None);
        }
        open
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !untrack(|| is_open()) || !matches!(ev.key().as_str(), "Escape" | "Tab") {
            return;
        }
        let doc = document();
        let on_top = doc.query_selector_all("[aria-modal=\"true\"]").ok().and_then(|all| {
            let last = all.item(all.length().checked_sub(1)?)?;
            Some(last.dyn_into::<web_sys::Element>().ok()?.id() == id)
        });
        let Some(dialog) = doc.get_element_by_id(id).filter(|_| on_top == Some(true)) else { return };
        ev.prevent_default();
        if ev.key() == "Escape" {
            close();
            return;
        }
        let controls = focusable_in(&dialog);
        if controls.is_empty() {
            return;
        }
        let active = doc.active_element();
        let at = controls.iter().position(|c| active.as_ref() == Some(c.unchecked_ref()));
        let n = controls.len();
        let next = match (at, ev.shift_key()) {
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
            // The focus strayed (a click on the backdrop): back into the dialog.
            (None, false) => 0,
            (None, true) => n - 1,
        };
        let _ = controls[next].focus();
    });
    on_cleanup(move || keys.remove());
}

/// What the run on show is, for the announcer: `None` without a run.
fn run_status(store: Store) -> Option<String> {
    store.playback.with(|p| {
        let p = p.as_ref()?;
        let run = p.run();
        let position = format!("event {} of {}", p.cursor(), p.len());
        Some(if p.is_done() {
            let status = run.status.as_str().to_lowercase().replace('_', " ");
            match &run.error {
                Some(error) if status != "succeeded" => format!("Run {status}: {error}, {position}"),
                _ => format!("Run {status}, {position}"),
            }
        } else {
            format!("Run running, {position}")
        })
    })
}

/// "No problems", "1 problem: 1 error", "3 problems: 2 errors, 1 warning".
pub fn problems_text(parsed: &Parsed) -> String {
    let errors = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = parsed.diagnostics.len() - errors;
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    match (errors, warnings) {
        (0, 0) => "No problems".into(),
        (e, 0) => format!("{}: {}", plural(e, "problem"), plural(e, "error")),
        (0, w) => format!("{}: {}", plural(w, "problem"), plural(w, "warning")),
        (e, w) => format!("{}: {}, {}", plural(e + w, "problem"), plural(e, "error"), plural(w, "warning")),
    }
}

/// The polite live region. Announces a run's status when it changes (started, finished, stepped
/// back into running) and, once the text has rested a second, the count of problems when it
/// changed.
#[component]
pub fn Announcer(store: Store, parsed: ReadSignal<Arc<Parsed>>) -> impl IntoView {
    let said = RwSignal::new(String::new());
    // The same words twice in a row would not be read again: a no-break space tells them apart.
    let say = move |words: String| {
        let words = if said.with_untracked(|s| s.trim_end_matches('\u{a0}') == words)
            && !said.with_untracked(|s| s.ends_with('\u{a0}'))
        {
            format!("{words}\u{a0}")
        } else {
            words
        };
        said.set(words);
    };
    // The status part only (not the position): stepping within a running run says nothing.
    Effect::new(move |last: Option<Option<String>>| {
        let now = run_status(store);
        let kind = now.as_ref().map(|s| s.split(',').next().unwrap_or_default().to_string());
        if let Some(last) = last {
            if last != kind {
                match &now {
                    Some(words) => say(words.clone()),
                    None if last.is_some() => say("No run".into()),
                    None => {}
                }
            }
        }
        kind
    });
    let timer: StoredValue<Option<Timeout>, LocalStorage> = StoredValue::new_local(None);
    let last_count: StoredValue<Option<String>> = StoredValue::new(None);
    Effect::new(move |_| {
        let words = parsed.with(|p| problems_text(p));
        // The first analysis is what the page opened with: nothing to announce.
        if last_count.get_value().is_none() {
            last_count.set_value(Some(words));
            return;
        }
        timer.set_value(Some(Timeout::new(SETTLE_MS, move || {
            if last_count.get_value().as_deref() != Some(words.as_str()) {
                last_count.set_value(Some(words.clone()));
                say(words);
            }
        })));
    });
    on_cleanup(move || timer.set_value(None));
    view! {
        <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            {move || said.get()}
        </div>
    }
}

/// The keys of the app, by where they work.
const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Anywhere",
        &[
            ("?", "This list (outside text fields)"),
            ("Ctrl+Z", "Undo"),
            ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
            ("Esc", "Close a dialog"),
            ("Tab, Shift+Tab", "In a dialog: next, previous control"),
        ],
    ),
    (
        "Editor",
        &[
            ("Tab, Shift+Tab", "Indent, outdent"),
            ("Esc, then Tab", "Leave the editor"),
            ("Ctrl+M", "Toggle whether Tab indents or moves the focus"),
            ("Enter", "New line, indented"),
            ("Shift+Alt+F", "Format"),
            ("Alt+Z", "Wrap long lines, or not (remembered)"),
            ("Ctrl+F", "Find"),
        ],
    ),
    (
        "Diagram",
        &[
            ("Tab", "Reach the states (one stop), then the legend"),
            ("↓", "Next state (a successor)"),
            ("↑", "Previous state (a predecessor)"),
            ("→, ←", "The other successors of the same state; else next, previous"),
            ("Home", "The start state"),
            ("Enter", "Select the state and edit it in the inspector"),
            ("Space", "Select the state"),
            ("Delete", "Delete the selected state"),
            ("Ctrl+D", "Duplicate the selected state"),
            ("Alt+C, C", "Centre on the selected state"),
            ("F", "Fit to screen"),
            ("+, −", "Zoom in, out"),
        ],
    ),
    (
        "Run (outside text fields)",
        &[
            ("Space", "Play, pause"),
            ("→, ←", "Step, step back"),
            ("Home, End", "First, last event"),
            ("Ctrl+Enter", "Test state (in its fields)"),
        ],
    ),
    (
        "History",
        &[("↑, ↓", "Previous, next event"), ("Home, End", "First, last event"), ("Enter", "Move the run to the event")],
    ),
    ("Gallery", &[("Arrows", "Move between samples"), ("Enter", "Open the sample"), ("Esc", "Close")]),
];

/// The shortcut list as a dialog; `open` is shared with the top bar's button.
#[component]
pub fn Shortcuts(open: RwSignal<bool>) -> impl IntoView {
    let close = move || open.set(false);
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "?"
            && !ev.ctrl_key()
            && !ev.meta_key()
            && !ev.alt_key()
            && !in_text_field(&ev)
            && !open.get_untracked()
        {
            ev.prevent_default();
            open.set(true);
        }
    });
    on_cleanup(move || keys.remove());
    // Focus in, Tab kept inside (the close button is its one control), Escape, focus back.
    modal("shortcuts", Some("shortcuts-close"), Rc::new(move || open.get()), Rc::new(close));
    move || {
        open.get().then(|| {
            let sections = SHORTCUTS
                .iter()
                .map(|(title, keys)| {
                    let rows = keys
                        .iter()
                        .map(|(k, what)| {
                            let kbds = k
                                .split(", ")
                                .map(|one| view! { <kbd>{one.to_string()}</kbd> })
                                .collect::<Vec<_>>();
                            view! { <dt>{kbds}</dt><dd>{what.to_string()}</dd> }
                        })
                        .collect_view();
                    view! {
                        <section>
                            <h3>{title.to_string()}</h3>
                            <dl class="shortcut-list">{rows}</dl>
                        </section>
                    }
                })
                .collect_view();
            view! {
                <div class="dialog-backdrop" on:click=move |ev| {
                    if ev.target() == ev.current_target() {
                        close();
                    }
                }>
                    <div class="dialog shortcuts" id="shortcuts" role="dialog" aria-modal="true"
                        aria-labelledby="shortcuts-heading">
                        <header class="shortcuts-head">
                            <h2 id="shortcuts-heading">"Keyboard shortcuts"</h2>
                            <button id="shortcuts-close" aria-label="Close the shortcut list" on:click=move |_| close()>"×"</button>
                        </header>
                        {sections}
                    </div>
                </div>
            }
        })
    }
}
