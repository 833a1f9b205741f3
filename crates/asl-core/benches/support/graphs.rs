//! Generated state machines shared by the layout property tests, the benchmarks and the
//! `layout_graphs` example (included with `#[path]`, so it is not a crate of its own).
#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift), so one `u64` seed names a whole machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Shape knobs for [`random_machine`].
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub states: usize,
    /// Maximum Parallel/Map nesting below this machine.
    pub depth: usize,
    /// Out of 10: how often a state is a Choice (rules to random states, loops included).
    pub choices: usize,
    /// Out of 10: how often a state is a Task with a Catch to a random (often far) state.
    pub catches: usize,
    /// Out of 10: how often a state is a Parallel or Map (while depth allows).
    pub nesting: usize,
}

/// A machine mixing chains, wide Choices, loops, far Catches and nested Parallel/Map.
pub fn random_machine(rng: &mut Rng, shape: Shape) -> Value {
    let mut counter = 0;
    machine(rng, shape, &mut counter)
}

fn machine(rng: &mut Rng, shape: Shape, counter: &mut usize) -> Value {
    let n = shape.states.max(1);
    let base = *counter;
    *counter += n;
    let name = |i: usize| format!("S{}", base + i);
    let mut states = Map::new();
    for i in 0..n {
        let next = if i + 1 < n { Some(name(i + 1)) } else { None };
        let roll = rng.below(10);
        let mut state = if roll < shape.choices {
            let rules: Vec<Value> = (0..1 + rng.below(5))
                .map(|k| json!({"Variable": "$.x", "NumericEquals": k, "Next": name(rng.below(n))}))
                .collect();
            let default = next.clone().unwrap_or_else(|| name(rng.below(n)));
            json!({"Type": "Choice", "Choices": rules, "Default": default})
        } else if roll < shape.choices + shape.catches {
            json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": name(rng.below(n))}]})
        } else if roll < shape.choices + shape.catches + shape.nesting && shape.depth > 0 {
            let inner = Shape { states: 1 + rng.below(4), depth: shape.depth - 1, ..shape };
            if rng.below(2) == 0 {
                let branches: Vec<Value> = (0..1 + rng.below(3)).map(|_| machine(rng, inner, counter)).collect();
                json!({"Type": "Parallel", "Branches": branches})
            } else {
                json!({"Type": "Map", "ItemProcessor": machine(rng, inner, counter)})
            }
        } else {
            json!({"Type": "Pass"})
        };
        if state["Type"] != "Choice" {
            match next {
                Some(next) => state["Next"] = json!(next),
                None => state["End"] = json!(true),
            }
        }
        states.insert(name(i), state);
    }
    json!({"StartAt": name(0), "States": states})
}

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
            if i >= n {
                state["End"] = Value::Bool(true)
            } else {
                state["Next"] = Value::String(next)
            }
        }
        states.insert(name, state);
        top += 1;
    }
    serde_json::to_string_pretty(&json!({"Comment": "generated", "StartAt": "S0", "States": states})).unwrap()
}

/// Named graphs for the dagre comparison and the benchmarks.
pub fn corpus() -> Vec<(String, String)> {
    let mut out = vec![
        (
            "manage-a-batch-job".to_string(),
            include_str!("../../../../public/samples/manage-a-batch-job.asl.json").to_string(),
        ),
        (
            "poll-for-job-status".to_string(),
            include_str!("../../../../public/samples/poll-for-job-status.asl.json").to_string(),
        ),
    ];
    let wide = {
        let rules: Vec<Value> =
            (0..8).map(|k| json!({"Variable": "$.k", "NumericEquals": k, "Next": format!("T{k}")})).collect();
        let mut states = Map::new();
        states.insert("Route".into(), json!({"Type": "Choice", "Choices": rules, "Default": "T0"}));
        for k in 0..8 {
            states.insert(format!("T{k}"), json!({"Type": "Pass", "Next": if k % 2 == 0 { "Join" } else { "Done" }}));
        }
        states.insert("Join".into(), json!({"Type": "Pass", "Next": "Done"}));
        states.insert("Done".into(), json!({"Type": "Succeed"}));
        json!({"StartAt": "Route", "States": states}).to_string()
    };
    out.push(("wide-choice".into(), wide));
    let shapes = [
        ("loops-and-catches-30", 30, 0, 3, 3, 0),
        ("nested-40", 12, 3, 1, 1, 4),
        ("mixed-60", 60, 2, 2, 2, 1),
        ("mixed-100", 100, 2, 2, 2, 1),
    ];
    for (k, (name, states, depth, choices, catches, nesting)) in shapes.into_iter().enumerate() {
        let mut rng = Rng::new(k as u64 + 7);
        let m = random_machine(&mut rng, Shape { states, depth, choices, catches, nesting });
        out.push((name.to_string(), m.to_string()));
    }
    out.push(("generated-100".into(), generated_definition(100)));
    out.push(("generated-1000".into(), generated_definition(1000)));
    out
}
