//! What is wrong with a definition: user-facing [`diagnostic`]s with AWS's codes, and the graph
//! checks ([`validate`]) that need the whole built model. Field-level checks run while parsing.

pub mod diagnostic;
pub(crate) mod validate;
