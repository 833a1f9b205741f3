//! ASL Studio, the Leptos app. Domain logic lives in the `asl-core` crate; this crate is views.
//!
//! State lives at the top ([`app::App`]); children get the signals they need. The definition
//! text is the single source of truth: the parse, diagnostics and diagram are derived from it.

pub mod analysis;
pub mod app;
pub mod diagram;
pub mod document;
pub mod documents;
pub mod drawing;
pub mod editor;
pub mod export;
pub mod files;
pub mod inspector;
pub mod palette;
pub mod samples;
pub mod simulation;
pub mod viewport;
pub mod visual;

pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
