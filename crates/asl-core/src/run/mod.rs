//! Running a machine on the virtual clock: the [`interp`]reter (deterministic: same definition,
//! input and scenario give the same history), JSONPath [`dataflow`], [`choice`] rules, scripted
//! outcomes ([`scenario`]) and the integrations' defaults ([`services`]); stepping through a
//! finished run ([`execution`], [`replay`]); two runs side by side ([`compare`]) and a run as a
//! [`timeline`] of state visits; the [`test_state`] API; virtual [`time`].

pub mod aws_history;
pub mod choice;
pub mod compare;
pub mod dataflow;
pub mod event;
pub mod execution;
pub mod interp;
pub mod iterations;
pub mod replay;
pub mod scenario;
pub mod services;
pub mod shapes;
pub mod test_state;
pub mod time;
pub mod timeline;
pub mod verdict;

use serde_json::Value;

/// A JSON object of `fields`, moved in. `json!` would copy each interpolated value through
/// serde's serializer, which in a run's hot path (event details, the context object) costs more
/// than the state's own evaluation.
pub(crate) fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}
