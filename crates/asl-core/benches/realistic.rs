//! Runs of realistic definitions (`cargo bench -p asl-core --bench realistic`): payload templates
//! with JSONPath and intrinsics, Choice rules, Maps whose iterations run such states, each with
//! and without the data-flow record the UI keeps. What they measure is the evaluation of a
//! state's fields, visited thousands of times per run.

use std::hint::black_box;
use std::time::Duration;

use asl_core::{Machine, Options, Scenario, Status};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use serde_json::{json, Map, Value};

/// Parameters of the kind real workflows write: paths, the context object, intrinsics, literals.
fn parameters() -> Value {
    json!({
        "id.$": "$.order.id",
        "customer.$": "$.order.customer.name",
        "label.$": "States.Format('order {} for {}', $.order.id, $.order.customer.name)",
        "total.$": "States.MathAdd($.order.count, 1)",
        "lines.$": "States.ArrayLength($.order.lines)",
        "first.$": "States.ArrayGetItem($.order.lines, 0)",
        "state.$": "$$.State.Name",
        "static": {"region": "eu-west-1", "retries": [1, 2, 3], "flags": {"audit": true}}
    })
}

/// A chain of `n` states alternating a Pass and a Task, both with `Parameters`; the Task also
/// has a `ResultSelector` (on the Lambda integration's default result); both keep the input and
/// write under `$.out`.
fn chain(n: usize) -> Value {
    let mut states = Map::new();
    for i in 0..n {
        let mut s = if i % 2 == 0 {
            json!({"Type": "Pass", "Parameters": parameters(), "ResultPath": "$.out"})
        } else {
            json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": parameters(),
                   "ResultSelector": {"code.$": "$.StatusCode", "n.$": "States.MathAdd($.StatusCode, 1)",
                                      "v.$": "States.Format('version {}', $.ExecutedVersion)"},
                   "ResultPath": "$.out", "OutputPath": "$"})
        };
        link(&mut s, i, n);
        states.insert(format!("S{i}"), s);
    }
    json!({"StartAt": "S0", "States": states})
}

fn link(state: &mut Value, i: usize, n: usize) {
    if i + 1 < n {
        state["Next"] = json!(format!("S{}", i + 1));
    } else {
        state["End"] = json!(true);
    }
}

/// `n` states alternating a Choice of five rules (paths, `...Path` operators, And/Not) and a Pass.
fn choices(n: usize) -> Value {
    let mut states = Map::new();
    for i in 0..n {
        let next = if i + 1 < n { format!("S{}", i + 1) } else { "Done".to_string() };
        let s = if i % 2 == 0 {
            json!({"Type": "Choice", "Default": next, "Choices": [
                {"Variable": "$.order.status", "StringEquals": "CANCELLED", "Next": "Done"},
                {"And": [{"Variable": "$.order.count", "NumericGreaterThan": 100},
                         {"Variable": "$.order.customer.vip", "BooleanEquals": true}], "Next": "Done"},
                {"Not": {"Variable": "$.order.customer.name", "IsPresent": true}, "Next": "Done"},
                {"Variable": "$.order.count", "NumericGreaterThanPath": "$.limits.max", "Next": "Done"},
                {"Variable": "$.order.lines[0]", "NumericEquals": 1, "Next": next}
            ]})
        } else {
            let mut p = json!({"Type": "Pass", "Parameters": {"seen.$": "$.order.id", "i": i}, "ResultPath": "$.last"});
            p["Next"] = json!(next);
            p
        };
        states.insert(format!("S{i}"), s);
    }
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    json!({"StartAt": "S0", "States": states})
}

/// A Map whose iterations run three states with templates: ItemSelector, Pass, Task, Pass (whose
/// small output keeps the Map's result under AWS's 256 KiB).
fn map() -> Value {
    json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemsPath": "$.items",
    "ItemSelector": {"order.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "limits.$": "$.limits"},
    "ItemProcessor": {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": parameters(), "ResultPath": "$.out", "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": parameters(),
              "ResultSelector": {"n.$": "States.MathAdd($.StatusCode, 1)"}, "ResultPath": "$.task", "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.task.n, $.index)"}, "End": true}
    }}}}})
}

/// A chain of JSONata Pass states with `Output` and `Assign` expressions.
fn jsonata_chain(n: usize) -> Value {
    let mut states = Map::new();
    for i in 0..n {
        let mut s = json!({"Type": "Pass", "QueryLanguage": "JSONata",
            "Assign": {"seen": "{% $states.input.order.id %}"},
            "Output": {"order": "{% $states.input.order %}", "limits": "{% $states.input.limits %}",
                       "label": "{% 'order ' & $states.input.order.id & ' for ' & $states.input.order.customer.name %}",
                       "total": "{% $sum($states.input.order.lines) + $states.input.order.count %}"}});
        link(&mut s, i, n);
        states.insert(format!("S{i}"), s);
    }
    json!({"StartAt": "S0", "States": states})
}

fn order(id: usize) -> Value {
    json!({"id": id, "status": "NEW", "count": 3 + id % 7, "lines": [1, 2, 3, 4, 5],
           "customer": {"name": format!("customer {id}"), "vip": id.is_multiple_of(3), "address": {"city": "Lyon", "zip": "69001"}}})
}

fn input() -> Value {
    json!({"order": order(7), "limits": {"max": 50}})
}

fn map_input(n: usize) -> Value {
    json!({"items": (0..n).map(order).collect::<Vec<_>>(), "limits": {"max": 50}})
}

fn machine(definition: &Value) -> Machine {
    let parsed = asl_core::parse(&definition.to_string());
    assert!(!parsed.has_errors(), "{:?}", &parsed.diagnostics[..parsed.diagnostics.len().min(3)]);
    parsed.machine.expect("valid")
}

/// A benchmark's label, its machine, and how to make each run's input.
type Case = (&'static str, Machine, fn() -> Value);

fn runs(c: &mut Criterion) {
    let plain = Options { max_events: 1_000_000, record_data_flow: false, ..Options::default() };
    let recording = Options { record_data_flow: true, ..plain.clone() };
    let scenario = Scenario::new();
    let cases: [Case; 5] = [
        ("chain 1000 Pass/Task with templates", machine(&chain(1000)), input),
        ("choice-heavy 1000 states", machine(&choices(1000)), input),
        ("map 1000 items x 3 states", machine(&map()), || map_input(1000)),
        ("map 10000 items x 3 states", machine(&map()), || map_input(10_000)),
        ("jsonata chain 1000 Pass", machine(&jsonata_chain(1000)), input),
    ];
    let mut group = c.benchmark_group("realistic");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (label, m, make_input) in &cases {
        let run = asl_core::simulate(m, make_input(), &scenario, &plain);
        assert_eq!(run.status, Status::Succeeded, "{label}: {:?} {:?}", run.error, run.cause);
        for (suffix, options) in [("", &plain), (", data flow recorded", &recording)] {
            group.bench_function(format!("{label}{suffix}"), |b| {
                b.iter_batched(
                    make_input,
                    |input| black_box(asl_core::simulate(m, input, &scenario, options)),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, runs);
criterion_main!(benches);
