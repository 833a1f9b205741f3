//! Speed goals of the core, printed by criterion (`cargo bench -p asl-core`):
//! parse + validate of a generated 1,000-state definition: target < 2 ms.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};

/// `n` states: Pass chains with Parameters, a Choice every 10th state, and every 50th state a
/// Parallel with two branches holding a Map each (nested states count towards `n`).
pub fn generated_definition(n: usize) -> String {
    let mut states = Map::new();
    let mut i = 0;
    let mut counter = 0;
    let mut fresh = |prefix: &str| {
        counter += 1;
        format!("{prefix}{counter}")
    };
    let mut top = 0;
    while i < n {
        let name = format!("S{top}");
        let next = format!("S{}", top + 1);
        let last = i + 1 >= n;
        let mut state = if top % 50 == 49 && n - i > 8 {
            let branch = |f: &mut dyn FnMut(&str) -> String| {
                let (map, inner) = (f("M"), f("I"));
                json!({"StartAt": map, "States": {map.clone(): {
                    "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 4, "End": true,
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": inner, "States": {
                        inner.clone(): {"Type": "Pass", "Parameters": {"item.$": "$", "n": 1}, "End": true}}}}}})
            };
            i += 4;
            json!({"Type": "Parallel", "Branches": [branch(&mut fresh), branch(&mut fresh)], "ResultPath": "$.parallel"})
        } else if top % 10 == 9 && !last {
            i += 1;
            json!({"Type": "Choice", "Choices": [
                {"Variable": "$.count", "NumericGreaterThan": 10, "Next": next},
                {"And": [{"Variable": "$.status", "StringEquals": "DONE"}, {"Not": {"Variable": "$.flag", "BooleanEquals": true}}], "Next": next}
            ], "Default": next})
        } else {
            i += 1;
            json!({"Type": "Pass", "Parameters": {"value.$": "$.value", "index": top, "nested": {"ctx.$": "$$.Execution.Id"}}, "ResultPath": "$.out"})
        };
        if state["Type"] != "Choice" {
            if i >= n { state["End"] = Value::Bool(true) } else { state["Next"] = Value::String(next) }
        }
        states.insert(name, state);
        top += 1;
    }
    serde_json::to_string_pretty(&json!({"Comment": "generated", "StartAt": "S0", "States": states})).unwrap()
}

fn parse_and_validate(c: &mut Criterion) {
    let text = generated_definition(1000);
    let parsed = asl_core::parse(&text);
    assert!(!parsed.has_errors(), "{:?}", &parsed.diagnostics[..parsed.diagnostics.len().min(3)]);
    println!("generated definition: {} bytes", text.len());
    c.bench_function("parse+validate 1000 states", |b| b.iter(|| asl_core::parse(black_box(&text))));
}

criterion_group!(benches, parse_and_validate);
criterion_main!(benches);
