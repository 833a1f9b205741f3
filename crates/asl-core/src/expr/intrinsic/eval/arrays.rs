//! `States.Array` and the `States.Array...` functions.

use serde_json::Value;

use super::{int, Fail};
use crate::expr::intrinsic::Function;

pub(super) fn evaluate(function: Function, args: Vec<Value>, fail: Fail) -> Result<Value, String> {
    match function {
        Function::Array => Ok(Value::Array(args)),
        Function::ArrayPartition => {
            let (Some(items), Some(size)) = (args[0].as_array(), int(&args[1])) else {
                return fail("takes an array and a positive chunk size");
            };
            if size <= 0 {
                return fail("the chunk size must be positive");
            }
            Ok(Value::Array(items.chunks(size as usize).map(|c| Value::Array(c.to_vec())).collect()))
        }
        Function::ArrayContains => match args[0].as_array() {
            Some(items) => Ok(Value::Bool(items.contains(&args[1]))),
            None => fail("the first argument must be an array"),
        },
        Function::ArrayRange => range(&args, fail),
        Function::ArrayGetItem => match (args[0].as_array(), int(&args[1])) {
            (Some(items), Some(i)) if i >= 0 => {
                items.get(i as usize).cloned().map_or_else(|| fail("the index is out of bounds"), Ok)
            }
            _ => fail("takes an array and a non-negative index"),
        },
        Function::ArrayLength => {
            args[0].as_array().map_or_else(|| fail("the argument must be an array"), |a| Ok(Value::from(a.len())))
        }
        Function::ArrayUnique => match args[0].as_array() {
            Some(items) => {
                let mut out: Vec<Value> = Vec::new();
                for v in items {
                    if !out.contains(v) {
                        out.push(v.clone());
                    }
                }
                Ok(Value::Array(out))
            }
            None => fail("the argument must be an array"),
        },
        _ => unreachable!("not an array function: {function:?}"),
    }
}

/// `States.ArrayRange(start, end, step)`: at most 1000 items, as AWS allows.
fn range(args: &[Value], fail: Fail) -> Result<Value, String> {
    let (Some(start), Some(end), Some(step)) = (int(&args[0]), int(&args[1]), int(&args[2])) else {
        return fail("takes three integers");
    };
    if step == 0 {
        return fail("the step must not be 0");
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i <= end) || (step < 0 && i >= end) {
        if out.len() >= 1000 {
            return fail("the range has more than 1000 items");
        }
        out.push(Value::from(i));
        i += step;
    }
    Ok(Value::Array(out))
}
