//! Text (JSON, or YAML through [`yaml`]) → spanned JSON ([`json`]) → the typed model ([`parse`]), with diagnostics at byte spans.
//! Invariant: parsing never fails and never panics; whatever could be built is returned.

pub mod json;
pub mod parse;
pub mod yaml;
