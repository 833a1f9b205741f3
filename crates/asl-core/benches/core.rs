//! Speed goals of the core, printed by criterion (`cargo bench -p asl-core`):
//! parse + validate of a generated 1,000-state definition: target < 2 ms; layout of 100 and
//! 1,000 states: targets < 2 ms and < 50 ms.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};

#[path = "support/graphs.rs"]
mod graphs;
use graphs::generated_definition;

fn parse_and_validate(c: &mut Criterion) {
    let text = generated_definition(1000);
    let parsed = asl_core::parse(&text);
    assert!(!parsed.has_errors(), "{:?}", &parsed.diagnostics[..parsed.diagnostics.len().min(3)]);
    println!("generated definition: {} bytes", text.len());
    // The figure the goal (< 2 ms) is about: building the model and diagnostics. Freeing the
    // previous result is measured separately, as the editor pays it too.
    c.bench_function("parse+validate 1000 states", |b| b.iter_with_large_drop(|| asl_core::parse(black_box(&text))));
    c.bench_function("parse+validate 1000 states, drop included", |b| b.iter(|| asl_core::parse(black_box(&text))));
}

/// A chain of `n` Pass states.
fn pass_chain(n: usize) -> String {
    let mut states = Map::new();
    for i in 0..n {
        let mut s = json!({"Type": "Pass"});
        if i + 1 < n {
            s["Next"] = json!(format!("P{}", i + 1))
        } else {
            s["End"] = json!(true)
        }
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
    let mut elapsed = std::time::Duration::ZERO;
    let mut rounds = 0u32;
    while elapsed.as_millis() < 500 {
        // Building the input is not part of running either.
        let input = setup();
        let start = std::time::Instant::now();
        let finished = run(input);
        elapsed += start.elapsed();
        drop(finished);
        rounds += 1;
    }
    let per_run = elapsed.as_secs_f64() / f64::from(rounds);
    println!(
        "{label}: {:.2} ms per run, {:.2} million transitions/s",
        per_run * 1000.0,
        transitions as f64 / per_run / 1e6
    );
}

fn interpreter(c: &mut Criterion) {
    // Without the per-state data-flow record the UI keeps; the chain is also timed with it below.
    let options = asl_core::Options { max_events: 1_000_000, record_data_flow: false, ..asl_core::Options::default() };
    let recording = asl_core::Options { record_data_flow: true, ..options.clone() };
    let scenario = asl_core::Scenario::new();

    let chain = machine(&pass_chain(1000));
    let run_chain = |input: Value| black_box(asl_core::simulate(&chain, input, &scenario, &options));
    report("pass chain, 1000 states", 1000, || json!({"x": 1}), run_chain);
    report(
        "pass chain, 1000 states, data flow recorded",
        1000,
        || json!({"x": 1}),
        |input| black_box(asl_core::simulate(&chain, input, &scenario, &recording)),
    );
    c.bench_function("simulate pass chain 1000", |b| {
        b.iter_batched(|| json!({"x": 1}), run_chain, criterion::BatchSize::LargeInput)
    });

    let map = machine(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}"#,
    );
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

fn layout(c: &mut Criterion) {
    for n in [100, 1000] {
        let m = machine(&generated_definition(n));
        let l = asl_core::layout::layout(&m);
        println!(
            "layout of {n} states: {} nodes, {} edges, {:.0} x {:.0}",
            l.nodes.len(),
            l.edges.len(),
            l.width,
            l.height
        );
        c.bench_function(&format!("layout {n} states"), |b| b.iter(|| asl_core::layout::layout(black_box(&m))));
    }
}

criterion_group!(benches, parse_and_validate, interpreter, layout);
criterion_main!(benches);
