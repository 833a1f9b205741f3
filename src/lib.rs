//! ASL Studio, the Leptos app. Domain logic lives in the `asl-core` and `asl-edit` crates; this
//! crate is views, grouped by pane: [`editor`] (the JSON text), [`diagram`] (SVG, palette, visual
//! edits), [`inspector`], [`simulation`], [`documents`] (the open document, autosave, files), [`gallery`] (the samples).
//!
//! State lives at the top ([`app::App`]); children get the signals they need. The definition
//! text is the single source of truth: the parse, diagnostics and diagram are derived from it.

pub mod a11y;
pub mod analysis;
pub mod app;
pub mod diagram;
pub mod documents;
pub mod download;
pub mod editor;
pub mod gallery;
pub mod inspector;
pub mod offline;
pub mod simulation;
pub mod store;
pub mod theme;
pub mod workspace;

pub fn start() {
    // Before the first paint of the app: the remembered (or the system's) theme.
    theme::init();
    leptos::mount::mount_to_body(app::App);
    offline::register_service_worker();
}
