//! Number formatting by picture strings: `$formatNumber`, `$formatInteger`, `$parseInteger`.

use super::{arg, err};
use crate::jsonata::error::Result;
use crate::jsonata::eval::{Env, Evaluator};
use crate::jsonata::value::Value;

type R = Result<Value>;

pub fn format_number(_: &mut Evaluator, _args: Vec<Value>, _: &Value, _: &Env) -> R {
    Err(err("D3080"))
}

pub fn format_integer(_: &mut Evaluator, _args: Vec<Value>, _: &Value, _: &Env) -> R {
    Err(err("D3130"))
}

pub fn parse_integer(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let _ = arg(&args, 0);
    Err(err("D3130"))
}

pub fn picture_datetime(_ms: i64, _picture: &Value, _tz: &Value) -> R {
    Err(err("D3132"))
}

pub fn parse_datetime(_s: &str, _picture: &Value) -> R {
    Err(err("D3136"))
}
