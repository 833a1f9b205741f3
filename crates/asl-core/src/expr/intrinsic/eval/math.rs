//! `States.MathRandom`, `States.MathAdd`, `States.UUID`: the run's seeded generator makes the
//! random ones repeatable.

use serde_json::Value;

use super::{int, Fail};
use crate::expr::intrinsic::Function;
use crate::run::services::Ids;

pub(super) fn evaluate(function: Function, args: &[Value], ids: &mut Ids, fail: Fail) -> Result<Value, String> {
    match function {
        Function::MathRandom => {
            let (Some(start), Some(end)) = (int(&args[0]), int(&args[1])) else { return fail("takes integers") };
            if end <= start {
                return fail("the end must be greater than the start");
            }
            // A given seed gives a fixed number; without one the run's own seeded generator.
            let r = match args.get(2).and_then(int) {
                Some(seed) => Ids::new(seed as u64).next_u64(),
                None => ids.next_u64(),
            };
            Ok(Value::from(start + (r % (end - start) as u64) as i64))
        }
        Function::MathAdd => match (&args[0], &args[1]) {
            // Each argument is rounded as Java's Math.round does (half up), then added.
            (Value::Number(a), Value::Number(b)) => {
                let round = |n: &serde_json::Number| {
                    n.as_i64().unwrap_or_else(|| (n.as_f64().unwrap_or(0.0) + 0.5).floor() as i64)
                };
                Ok(Value::from(round(a).saturating_add(round(b))))
            }
            _ => fail("takes two numbers"),
        },
        Function::Uuid => Ok(Value::String(ids.uuid())),
        _ => unreachable!("not a math function: {function:?}"),
    }
}
