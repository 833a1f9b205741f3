//! `States.StringToJson`, `States.JsonToString`, `States.JsonMerge`.

use serde_json::Value;

use super::Fail;
use crate::expr::intrinsic::Function;

pub(super) fn evaluate(function: Function, args: &[Value], fail: Fail) -> Result<Value, String> {
    match function {
        Function::StringToJson => match args[0].as_str() {
            Some(s) if s.trim().is_empty() => Ok(Value::Null),
            Some(s) => serde_json::from_str(s).or_else(|_| fail("the argument is not JSON text")),
            None => fail("the argument must be a string"),
        },
        Function::JsonToString => Ok(Value::String(args[0].to_string())),
        Function::JsonMerge => match (&args[0], &args[1], &args[2]) {
            (Value::Object(a), Value::Object(b), Value::Bool(false)) => {
                let mut out = a.clone();
                for (k, v) in b {
                    out.insert(k.clone(), v.clone());
                }
                Ok(Value::Object(out))
            }
            (_, _, Value::Bool(true)) => fail("only shallow merging (false) is supported"),
            _ => fail("takes two objects and false"),
        },
        _ => unreachable!("not a JSON function: {function:?}"),
    }
}
