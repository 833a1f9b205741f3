//! The colour theme: light, dark, or the system's (`prefers-color-scheme`), chosen in the top
//! bar (`#theme-toggle`) and remembered in localStorage (`asl-studio/theme`). Applied as
//! `data-theme="light|dark"` on `<html>` — by [`init`] before the app mounts, so the first paint
//! of the app is already in the right theme — and the stylesheets take every colour from
//! variables under it. While the choice is "system", a change of the system's scheme follows.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub const STORAGE_KEY: &str = "asl-studio/theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    System,
    Light,
    Dark,
}

impl Choice {
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::System => "system",
            Choice::Light => "light",
            Choice::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Choice {
        match s {
            "light" => Choice::Light,
            "dark" => Choice::Dark,
            _ => Choice::System,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered choice (system when none, or storage is unavailable).
pub fn saved() -> Choice {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).map_or(Choice::System, |v| Choice::parse(&v))
}

fn save(choice: Choice) {
    if let Some(s) = storage() {
        let _ = match choice {
            Choice::System => s.remove_item(STORAGE_KEY),
            other => s.set_item(STORAGE_KEY, other.as_str()),
        };
    }
}

fn system_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(DARK_QUERY).ok().flatten()
}

/// Whether the page shows dark for this choice now.
pub fn is_dark(choice: Choice) -> bool {
    match choice {
        Choice::Light => false,
        Choice::Dark => true,
        Choice::System => system_query().is_some_and(|q| q.matches()),
    }
}

/// Sets `data-theme` on `<html>` for `choice`.
pub fn apply(choice: Choice) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-theme", if is_dark(choice) { "dark" } else { "light" });
        let _ = root.set_attribute("data-theme-choice", choice.as_str());
    }
}

/// Applies the remembered theme; called before the app mounts.
pub fn init() {
    apply(saved());
}

/// The top bar's theme select: System, Light, Dark.
#[component]
pub fn ThemePicker() -> impl IntoView {
    let choice = RwSignal::new(saved());
    // A change of the system's scheme applies while the choice is "system" (the outside world:
    // a media query listener, kept for the page's life).
    if let Some(query) = system_query() {
        let on_change = Closure::<dyn Fn()>::new(move || {
            if choice.get_untracked() == Choice::System {
                apply(Choice::System);
            }
        });
        let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    view! {
        <label class="theme-picker">
            "Theme "
            <select
                id="theme-toggle"
                title="Colour theme: the system's, light or dark (remembered)"
                prop:value=move || choice.get().as_str()
                on:change=move |ev| {
                    let picked = Choice::parse(&event_target_value(&ev));
                    choice.set(picked);
                    save(picked);
                    apply(picked);
                }
            >
                <option value="system">"System"</option>
                <option value="light">"Light"</option>
                <option value="dark">"Dark"</option>
            </select>
        </label>
    }
}
