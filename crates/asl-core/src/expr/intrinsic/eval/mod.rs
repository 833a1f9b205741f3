//! Running a checked intrinsic call: its arguments are resolved (paths read, inner calls run),
//! then the function's family computes the value. `Err` is the cause of a
//! `States.IntrinsicFailure`.

use serde_json::Value;

use super::{Arg, Call, Function};
use crate::expr::jsonpath::Selector;
use crate::run::dataflow::{normalized, Scope};
use crate::run::services::Ids;

mod arrays;
mod json;
mod math;
mod text;

/// Evaluates a checked call.
pub(crate) fn evaluate(call: &Call, scope: &Scope, ids: &mut Ids) -> Result<Value, String> {
    let name = || format!("States.{}", call.function.name());
    let mut args = Vec::with_capacity(call.args.len());
    for arg in &call.args {
        args.push(match arg {
            Arg::Literal(v) => v.clone(),
            Arg::Path(p) => {
                let root = scope.root(p);
                let definite = p
                    .segments
                    .iter()
                    .all(|s| !s.descendant && matches!(s.selector, Selector::Name(_) | Selector::Index(_)));
                if definite {
                    let found = root.as_deref().and_then(|r| p.select_definite(r)).cloned();
                    found.ok_or_else(|| format!("The path {} of {} does not match the input", normalized(p), name()))?
                } else {
                    let found = root.as_deref().map(|r| p.select(r)).unwrap_or_default();
                    Value::Array(found.into_iter().cloned().collect())
                }
            }
            Arg::Call(inner) => evaluate(inner, scope, ids)?,
        });
    }
    let fail = |why: &str| -> Result<Value, String> { Err(format!("{}: {why}", name())) };
    let fail: Fail = &fail;
    use Function::*;
    match call.function {
        Format | Base64Encode | Base64Decode | Hash | StringSplit => text::evaluate(call.function, &args, fail),
        StringToJson | JsonToString | JsonMerge => json::evaluate(call.function, &args, fail),
        Array | ArrayPartition | ArrayContains | ArrayRange | ArrayGetItem | ArrayLength | ArrayUnique => {
            arrays::evaluate(call.function, args, fail)
        }
        MathRandom | MathAdd | Uuid => math::evaluate(call.function, &args, ids, fail),
    }
}

/// How a family says why a call failed: `States.Name: why`.
type Fail<'a> = &'a dyn Fn(&str) -> Result<Value, String>;

/// A whole number, as the functions that take one read it (`2.0` will do).
fn int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
}
