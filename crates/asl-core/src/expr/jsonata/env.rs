//! What evaluation is given besides the input; shared by the evaluator and the measuring-only
//! stub (`jsonata_stub.rs`), which includes this file as it is.

use std::collections::HashMap;

/// Variables bound before evaluation (`$name` → value), e.g. `$states`.
pub type Bindings = HashMap<String, serde_json::Value>;

/// What evaluation may depend on besides the input: a virtual clock, a random seed, and limits
/// that turn a runaway expression into an error (`U1001`) rather than a hang or a crash.
#[derive(Clone, Debug)]
pub struct Environment {
    /// What `$now()` and `$millis()` return, in milliseconds since the Unix epoch.
    pub now_millis: i64,
    /// Seed of `$random()`, `$shuffle()` and `$uuid()`.
    pub random_seed: u64,
    /// Maximum nesting of evaluation (the reference's stack-depth guard).
    pub max_depth: usize,
    /// Maximum number of evaluation steps (the reference's time limit, as a budget).
    pub max_steps: u64,
    /// Maximum native stack the evaluation may use, in bytes (the browser's stack is 1 MiB).
    pub max_stack_bytes: usize,
}

impl Default for Environment {
    fn default() -> Self {
        Environment {
            now_millis: 0,
            random_seed: 0,
            max_depth: 500,
            max_steps: 10_000_000,
            max_stack_bytes: 512 * 1024,
        }
    }
}
