//! The JSONata evaluator against the reference implementation's test suite, read from
//! `../shared/conformance/jsonata/` (skipped, with a message, when that folder is absent; a
//! failure under `CI=true`).
//!
//! Each case expects a result, an undefined result, or an error code. The test prints the pass
//! figure per group and overall; its failures must be exactly the ones listed under
//! "jsonata suite" in `tests/known_failures.json`, by case id: `group/caseNNN`, with `[i]` for
//! the i-th case of a file that holds several.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use asl_core::expr::jsonata::{evaluate, parse, Bindings, Environment};
use serde_json::Value;
use support::{shared, Tally};

/// Numbers equal to 15 significant digits, the precision the reference renders numbers at
/// (its expected values are written at that precision, e.g. 90.57 for 90.57000000000001).
fn same_number(x: f64, y: f64) -> bool {
    x == y || (x - y).abs() <= 1e-15 * x.abs().max(y.abs())
}

/// JSON equality where numbers compare by value (1 == 1.0) and object key order is ignored.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => same_number(x, y),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A case or dataset file, read with the core's JSON reader: a few hold lone UTF-16 surrogates
/// (`"\uD800"`), which serde_json rejects and which the core reads as their stand-in characters
/// (`asl_core::syntax::json::lone_surrogate`), as it reads them in definitions and JSONata strings.
fn read(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let node =
        asl_core::syntax::json::parse(&text).map_err(|e| format!("unreadable case file {}: {e}", path.display()))?;
    Ok(node.to_value())
}

/// Runs one case; `Err` describes the mismatch.
fn run_case(dir: &Path, group_dir: &Path, case: &Value) -> Result<(), String> {
    let expr_text = match case.get("expr-file").and_then(Value::as_str) {
        Some(file) => std::fs::read_to_string(group_dir.join(file)).map_err(|e| e.to_string())?,
        None => case["expr"].as_str().ok_or("no expr")?.to_string(),
    };
    let expr = expr_text.as_str();
    let data = if let Some(d) = case.get("data") {
        Some(d.clone())
    } else {
        match case.get("dataset") {
            Some(Value::String(name)) => Some(read(&dir.join("datasets").join(format!("{name}.json")))?),
            _ => None,
        }
    };
    let mut bindings = Bindings::new();
    if let Some(Value::Object(b)) = case.get("bindings") {
        for (k, v) in b {
            bindings.insert(k.clone(), v.clone());
        }
    }
    // The suite runs on a thread with a 1 GiB stack.
    let mut env = Environment { max_depth: 2000, max_stack_bytes: 512 << 20, ..Environment::default() };
    if let Some(d) = case.get("depth").and_then(Value::as_u64) {
        env.max_depth = d as usize;
    }
    if let Some(t) = case.get("timelimit").and_then(Value::as_u64) {
        // The reference's time limit becomes a step budget (no clock in the core).
        env.max_steps = t.max(1000) * 20_000;
    }
    let outcome = parse(expr).and_then(|e| evaluate(&e, data.as_ref(), &bindings, &env));
    // The expected error is either `code` or `error: {code, message}`.
    let code = case.get("code").or_else(|| case.get("error").and_then(|e| e.get("code"))).and_then(Value::as_str);
    if let Some(code) = code {
        return match outcome {
            Err(e) if e.code == code => Ok(()),
            Err(e) => Err(format!("expected {code}, got error {} ({})", e.code, e.message)),
            Ok(v) => Err(format!("expected {code}, got {v:?}")),
        };
    }
    let got = outcome.map_err(|e| format!("error {}: {}", e.code, e.message))?;
    if case.get("undefinedResult").is_some_and(|u| u == true) {
        return match got {
            None => Ok(()),
            Some(v) => Err(format!("expected undefined, got {v}")),
        };
    }
    match (case.get("result"), got) {
        (Some(want), Some(got)) if same(want, &got) => Ok(()),
        (Some(want), got) => Err(format!("expected {want}, got {got:?}")),
        (None, got) => Err(format!("case has no expectation; got {got:?}")),
    }
}

#[test]
fn jsonata_reference_suite() {
    let Some(dir) = shared("conformance/jsonata") else { return };
    // Deeply recursive cases need more stack than the test harness thread has.
    let handle =
        std::thread::Builder::new().stack_size(1 << 30).spawn(move || run_suite(&dir)).expect("spawn the suite thread");
    handle.join().expect("suite thread").finish();
}

fn run_suite(dir: &Path) -> Tally {
    let mut tally = Tally::new("jsonata suite");
    let mut groups: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unreadable = 0;
    let mut group_dirs: Vec<PathBuf> =
        std::fs::read_dir(dir.join("groups")).expect("groups").filter_map(|e| e.ok().map(|e| e.path())).collect();
    group_dirs.sort();
    for gdir in group_dirs {
        let group = gdir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(&gdir).expect("group").filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "json")) {
            let stem = file.file_stem().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let file_id = format!("{group}/{stem}");
            // A few files hold an array of cases; an unreadable file counts as one failure.
            let cases = match read(&file) {
                Ok(Value::Array(items)) => {
                    items.into_iter().enumerate().map(|(i, c)| (format!("{file_id}[{i}]"), c)).collect()
                }
                Ok(c) => vec![(file_id, c)],
                Err(why) => {
                    groups.entry(group.clone()).or_default().1 += 1;
                    unreadable += 1;
                    tally.record(&file_id, Err(why));
                    continue;
                }
            };
            for (id, case) in cases {
                let entry = groups.entry(group.clone()).or_default();
                let result = std::panic::catch_unwind(|| run_case(dir, &gdir, &case))
                    .unwrap_or_else(|_| Err("panicked".to_string()));
                match &result {
                    Ok(()) => entry.0 += 1,
                    Err(_) => entry.1 += 1,
                }
                tally.record(&id, result.map_err(|why| format!("{} -- {why}", case["expr"])));
            }
        }
    }
    for (group, (p, f)) in &groups {
        println!("  {group}: {p}/{}", p + f);
    }
    if unreadable > 0 {
        println!("  (of the failures, {unreadable} are case files the JSON reader cannot read)");
    }
    tally
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// A picture marker that is only a comma and a width has no component: an error (it panicked).
    #[test]
    fn a_marker_without_component_is_an_error() {
        for picture in ["[,2]", "[,]", "[,*-3]"] {
            let expr = parse(&format!("$fromMillis(0, '{picture}')")).unwrap();
            let env = Environment::default();
            let got = evaluate(&expr, None, &Bindings::new(), &env);
            assert!(got.is_err(), "{picture}: {got:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Any text, parsed and evaluated against a small document, gives a value or an error.
        #[test]
        fn arbitrary_expressions(expr in r#"[a-c$.\[\]{}()*%#@^~>:=?,;'"/ 0-9+\-&|<!λ]{0,24}"#) {
            let input = serde_json::json!({"a": [1, {"b": "x"}, [2, 3]], "c": {"a": null}});
            let env = Environment { max_steps: 100_000, ..Environment::default() };
            let _ = parse(&expr).and_then(|e| evaluate(&e, Some(&input), &Bindings::new(), &env));
        }

        /// Calls of library functions with arbitrary literal arguments.
        #[test]
        fn arbitrary_calls(
            name in prop::sample::select(vec![
                "string", "substring", "pad", "split", "join", "match", "replace", "number", "round",
                "formatNumber", "formatBase", "formatInteger", "parseInteger", "fromMillis", "toMillis",
                "sort", "zip", "keys", "spread", "merge", "each", "sift", "reduce", "partition", "range",
                "hash", "parse", "base64decode", "decodeUrl", "eval", "distinct", "shuffle", "power",
            ]),
            args in prop::collection::vec(prop::sample::select(vec![
                "1", "-2.5", "0", "1e300", "'a,b'", "'#,##0.00'", "'[Y0001]-[M01]'", "'[,2]'", "'w'", "'%'", "[1,2]",
                "[]", "{'k': 1}", "null", "true", "/a+/", "function($x){$x}", "'SHA-1'", "'{\"a\":1}'",
            ]), 0..4),
        ) {
            let expr = format!("${name}({})", args.join(", "));
            let env = Environment { max_steps: 100_000, ..Environment::default() };
            let _ = parse(&expr).and_then(|e| evaluate(&e, None, &Bindings::new(), &env));
        }
    }
}
