//! Array, object, boolean and higher-order functions, and `$eval`.

use super::{arg, err, hof_args};
use crate::expr::jsonata::error::{Error, Result};
use crate::expr::jsonata::eval::{
    append as fn_append, cmp_js_str, lookup_field, merge_sort, to_boolean, Env, Evaluator,
};
use crate::expr::jsonata::value::{deep_equal, Arr, ObjMap, Value};

type R = Result<Value>;

pub fn count(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(Value::Number(match arg(&args, 0) {
        Value::Undefined => 0.0,
        Value::Array(a) => a.items.len() as f64,
        _ => 1.0,
    }))
}

pub fn boolean(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(to_boolean(arg(&args, 0)).map(Value::Bool).unwrap_or_default())
}

pub fn not(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(to_boolean(arg(&args, 0)).map(|b| Value::Bool(!b)).unwrap_or_default())
}

pub fn exists(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(Value::Bool(!arg(&args, 0).is_undefined()))
}

fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.items.clone(),
        Value::Undefined => Vec::new(),
        v => vec![v.clone()],
    }
}

pub fn map(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let arr = arg(&args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(&args, 1);
    let list = items(arr);
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let a = hof_args(ev, f, item.clone(), Value::Number(i as f64), arr.clone());
        let r = ev.apply(f, a, &Value::Null, env)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

pub fn filter(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let arr = arg(&args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(&args, 1);
    let mut out = Vec::new();
    for (i, item) in items(arr).into_iter().enumerate() {
        let a = hof_args(ev, f, item.clone(), Value::Number(i as f64), arr.clone());
        if to_boolean(&ev.apply(f, a, &Value::Null, env)?) == Some(true) {
            out.push(item);
        }
    }
    Ok(Value::sequence(out))
}

pub fn single(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let arr = arg(&args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(&args, 1);
    let mut found = None;
    for (i, item) in items(arr).into_iter().enumerate() {
        let ok = if f.is_undefined() {
            true
        } else {
            let a = hof_args(ev, f, item.clone(), Value::Number(i as f64), arr.clone());
            to_boolean(&ev.apply(f, a, &Value::Null, env)?) == Some(true)
        };
        if ok {
            if found.is_some() {
                return Err(err("D3138"));
            }
            found = Some(item);
        }
    }
    found.ok_or_else(|| err("D3139"))
}

pub fn reduce(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let arr = arg(&args, 0);
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(&args, 1);
    let arity = match &f {
        Value::Function(func) => func.arity(),
        _ => 0,
    };
    if arity < 2 {
        return Err(err("D3050"));
    }
    let list = items(arr);
    let init = arg(&args, 2).clone();
    let (mut acc, mut i) = if init.is_undefined() && !list.is_empty() { (list[0].clone(), 1) } else { (init, 0) };
    while i < list.len() {
        let mut a = vec![acc, list[i].clone()];
        if arity >= 3 {
            a.push(Value::Number(i as f64));
        }
        if arity >= 4 {
            a.push(arr.clone());
        }
        acc = ev.apply(f, a, &Value::Null, env)?;
        i += 1;
    }
    Ok(acc)
}

pub fn sift(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let obj = arg(&args, 0);
    let Value::Object(o) = &obj else { return Ok(Value::Undefined) };
    let f = arg(&args, 1);
    let entries: Vec<(String, Value)> = o.borrow().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let mut out = ObjMap::new();
    for (k, v) in entries {
        let a = hof_args(ev, f, v.clone(), Value::str(&k), obj.clone());
        if to_boolean(&ev.apply(f, a, &Value::Null, env)?) == Some(true) {
            out.insert(&k, v);
        }
    }
    Ok(if out.is_empty() { Value::Undefined } else { Value::object(out) })
}

pub fn each(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let obj = arg(&args, 0);
    let Value::Object(o) = &obj else { return Ok(Value::Undefined) };
    let f = arg(&args, 1);
    let entries: Vec<(String, Value)> = o.borrow().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let mut out = Vec::new();
    for (k, v) in entries {
        let a = hof_args(ev, f, v, Value::str(&k), obj.clone());
        let r = ev.apply(f, a, &Value::Null, env)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

pub fn zip(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let lists: Vec<Vec<Value>> = args.iter().map(items).collect();
    let len = lists.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Value::array((0..len).map(|i| Value::array(lists.iter().map(|l| l[i].clone()).collect())).collect()))
}

fn key_list(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| key_list(i, out)),
        Value::Object(o) => {
            for k in o.borrow().keys() {
                if !out.iter().any(|x| x == k) {
                    out.push(k.to_string());
                }
            }
        }
        _ => {}
    }
}

pub fn keys(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let mut out = Vec::new();
    key_list(arg(&args, 0), &mut out);
    Ok(Value::sequence(out.iter().map(|k| Value::str(k)).collect()))
}

pub fn lookup(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let key = arg(&args, 1);
    Ok(lookup_field(arg(&args, 0), key.as_str().unwrap_or_default()))
}

pub fn append(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(fn_append(arg(&args, 0).clone(), arg(&args, 1).clone()))
}

fn spread_value(v: &Value) -> Value {
    match v {
        Value::Array(a) => {
            let mut result = Value::sequence(Vec::new());
            for item in &a.items {
                result = fn_append(result, spread_value(item));
            }
            result
        }
        Value::Object(o) => Value::sequence(
            o.borrow()
                .iter()
                .map(|(k, v)| {
                    let mut m = ObjMap::new();
                    m.insert(k, v.clone());
                    Value::object(m)
                })
                .collect(),
        ),
        v => v.clone(),
    }
}

pub fn spread(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(spread_value(arg(&args, 0)))
}

pub fn merge(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = ObjMap::new();
    for item in items(v) {
        if let Value::Object(o) = item {
            for (k, v) in o.borrow().iter() {
                out.insert(k, v.clone());
            }
        }
    }
    Ok(Value::object(out))
}

pub fn reverse(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0).clone();
    match &v {
        Value::Array(a) if a.items.len() > 1 => {
            let mut items = a.items.clone();
            items.reverse();
            Ok(Value::array(items))
        }
        _ => Ok(v),
    }
}

pub fn sort(ev: &mut Evaluator, args: Vec<Value>, _: &Value, env: &Env) -> R {
    let v = arg(&args, 0).clone();
    let list = match &v {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Array(a) if a.items.len() > 1 => a.items.clone(),
        _ => return Ok(v),
    };
    let f = arg(&args, 1);
    if f.is_undefined() {
        let all_num = list.iter().all(|i| matches!(i, Value::Number(_)));
        let all_str = list.iter().all(|i| matches!(i, Value::String(_)));
        if !all_num && !all_str {
            return Err(err("D3070"));
        }
        let gt = |a: &Value, b: &Value| match (a, b) {
            (Value::Number(x), Value::Number(y)) => x > y,
            (Value::String(x), Value::String(y)) => cmp_js_str(x, y) == std::cmp::Ordering::Greater,
            _ => false,
        };
        return Ok(sorted(&list, merge_sort(list.len(), &mut |i, j| gt(&list[i], &list[j]))));
    }
    let mut error: Option<Error> = None;
    let mut gt = |a: &Value, b: &Value| {
        if error.is_some() {
            return false;
        }
        match ev.apply(f, vec![a.clone(), b.clone()], &Value::Null, env) {
            Ok(r) => to_boolean(&r) == Some(true),
            Err(e) => {
                error = Some(e);
                false
            }
        }
    };
    let order = merge_sort(list.len(), &mut |i, j| gt(&list[i], &list[j]));
    match error {
        Some(e) => Err(e),
        None => Ok(sorted(&list, order)),
    }
}

pub fn shuffle(ev: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0).clone();
    let Value::Array(a) = &v else { return Ok(v) };
    let mut items = a.items.clone();
    for i in (1..items.len()).rev() {
        let j = (ev.next_random() * (i + 1) as f64) as usize;
        items.swap(i, j.min(i));
    }
    Ok(Value::array(items))
}

pub fn distinct(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let v = arg(&args, 0).clone();
    let Value::Array(a) = &v else { return Ok(v) };
    if a.items.len() <= 1 {
        return Ok(v);
    }
    let mut out: Vec<Value> = Vec::new();
    for item in &a.items {
        if !out.iter().any(|o| deep_equal(o, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::from_arr(Arr { items: out, sequence: a.sequence, ..Arr::default() }))
}

pub fn error(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    let msg = arg(&args, 0).as_str().map(str::to_string).unwrap_or_else(|| "$error() function evaluated".into());
    Err(err("D3137").with_message(msg))
}

pub fn assert(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    if matches!(arg(&args, 0), Value::Bool(true)) {
        return Ok(Value::Undefined);
    }
    let msg = arg(&args, 1).as_str().map(str::to_string).unwrap_or_else(|| "$assert() statement failed".into());
    Err(err("D3141").with_message(msg))
}

pub fn type_of(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(arg(&args, 0).type_name().map(Value::str).unwrap_or_default())
}

pub fn clone(_: &mut Evaluator, args: Vec<Value>, _: &Value, _: &Env) -> R {
    Ok(arg(&args, 0).deep_clone())
}

pub fn eval(ev: &mut Evaluator, args: Vec<Value>, input: &Value, env: &Env) -> R {
    let Value::String(src) = arg(&args, 0) else { return Ok(Value::Undefined) };
    let focus = arg(&args, 1).clone();
    let input = match focus {
        Value::Undefined => input.clone(),
        Value::Array(a) if !a.sequence => {
            Value::from_arr(Arr { items: vec![Value::Array(a)], sequence: true, outer_wrapper: true, ..Arr::default() })
        }
        v => v,
    };
    let ast = crate::expr::jsonata::parser::parse(src)
        .map_err(|mut e| err("D3120").with_message(std::mem::take(&mut e.message)))?;
    ev.evaluate(&ast, &input, env).map_err(|mut e| {
        if e.code == "U1001" {
            e
        } else {
            err("D3121").with_message(std::mem::take(&mut e.message))
        }
    })
}

/// The items in the order `merge_sort` gave.
fn sorted(list: &[Value], order: Vec<usize>) -> Value {
    Value::array(order.into_iter().map(|i| list[i].clone()).collect())
}
