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

/// A chain of `n` Pass states.
fn pass_chain(n: usize) -> String {
    let mut states = Map::new();
    for i in 0..n {
        let mut s = json!({"Type": "Pass"});
        if i + 1 < n { s["Next"] = json!(format!("P{}", i + 1)) } else { s["End"] = json!(true) }
        states.insert(format!("P{i}"), s);
    }
    json!({"StartAt": "P0", "States": states}).to_string()
}

fn machine(text: &str) -> asl_core::Machine {
    asl_core::parse(text).machine.expect("valid")
}

/// Transitions per second, printed beside criterion's timing. The runs are dropped after the
/// clock stops: freeing a finished history is not part of running.
fn report<I, T>(label: &str, transitions: usize, setup: impl Fn() -> I, run: impl Fn(I) -> T) {
    let mut kept = Vec::new();
    let mut elapsed = std::time::Duration::ZERO;
    while elapsed.as_millis() < 500 {
        // Building the input is not part of running either.
        let input = setup();
        let start = std::time::Instant::now();
        kept.push(run(input));
        elapsed += start.elapsed();
    }
    let rounds = kept.len() as u32;
    drop(kept);
    let per_run = elapsed.as_secs_f64() / f64::from(rounds);
    println!("{label}: {:.2} ms per run, {:.2} million transitions/s", per_run * 1000.0, transitions as f64 / per_run / 1e6);
}

fn interpreter(c: &mut Criterion) {
    // Without the per-state data-flow record the UI keeps; the chain is also timed with it below.
    let options = asl_core::Options { max_events: 1_000_000, record_data_flow: false, ..asl_core::Options::default() };
    let recording = asl_core::Options { record_data_flow: true, ..options.clone() };
    let scenario = asl_core::Scenario::new();

    let chain = machine(&pass_chain(1000));
    let run_chain = |input: Value| black_box(asl_core::simulate(&chain, input, &scenario, &options));
    report("pass chain, 1000 states", 1000, || json!({"x": 1}), run_chain);
    report("pass chain, 1000 states, data flow recorded", 1000, || json!({"x": 1}), |input| {
        black_box(asl_core::simulate(&chain, input, &scenario, &recording))
    });
    c.bench_function("simulate pass chain 1000", |b| {
        b.iter_batched(|| json!({"x": 1}), run_chain, criterion::BatchSize::LargeInput)
    });

    let map = machine(r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#);
    let items: Vec<Value> = (0..10_000).map(|i| json!({"i": i})).collect();
    let run_map = |input: Value| black_box(asl_core::simulate(&map, input, &scenario, &options));
    report("map over 10,000 items", 10_001, || Value::Array(items.clone()), run_map);
    c.bench_function("simulate map 10000", |b| {
        b.iter_batched(|| Value::Array(items.clone()), run_map, criterion::BatchSize::LargeInput)
    });

    let poller = machine(include_str!("../../../public/samples/poll-for-job-status.asl.json"));
    let mut looping = asl_core::Scenario::new().then("Submit Job", asl_core::Outcome::Return(json!("job")));
    for _ in 0..1000 {
        looping = looping.then("Get Job Status", asl_core::Outcome::Return(json!("RUNNING")));
    }
    looping = looping.then("Get Job Status", asl_core::Outcome::Return(json!("SUCCEEDED")));
    let run_poller = |input: Value| black_box(asl_core::simulate(&poller, input, &looping, &options));
    // Each loop is three transitions: Wait, Get Job Status, Job Complete?.
    report("poller looping 1,000 times", 3 * 1001 + 2, || json!({"wait_time": 60}), run_poller);
    c.bench_function("simulate poller 1000 loops", |b| {
        b.iter_batched(|| json!({"wait_time": 60}), run_poller, criterion::BatchSize::LargeInput)
    });
}

criterion_group!(benches, parse_and_validate, interpreter);
criterion_main!(benches);
