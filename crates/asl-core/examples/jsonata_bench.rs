//! The core's side of `tools/jsonata-bench`: microseconds per evaluation of each expression of a
//! cases file, as one JSON object `{name: µs}`.
use asl_core::expr::jsonata::{evaluate_prepared, parse, Bindings, Environment, Prepared};
use serde_json::json;

fn main() {
    let path = std::env::args().nth(1).expect("usage: jsonata_bench CASES.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("cases file")).expect("JSON");
    let items: Vec<_> =
        (0..1000).map(|i| json!({"id": format!("item-{i}"), "price": (i * 37) % 100, "qty": i % 7})).collect();
    let states = json!({"input": {"order": {"id": "A-17", "customer": {"name": "Ada"}}, "items": items}});
    let mut bindings = Bindings::new();
    bindings.insert("states".into(), states);
    let env = Environment::default();
    // As the reference keeps its JavaScript objects, the data is converted once.
    let prepared = Prepared::new(&bindings);
    let mut out = serde_json::Map::new();
    for case in &cases {
        let expr = parse(case["expr"].as_str().unwrap()).expect("expression parses");
        let start = std::time::Instant::now();
        let mut n = 0u32;
        while start.elapsed().as_millis() < 500 {
            std::hint::black_box(evaluate_prepared(&expr, None, &prepared, &env).expect("evaluates"));
            n += 1;
        }
        out.insert(
            case["name"].as_str().unwrap().to_string(),
            json!(start.elapsed().as_secs_f64() * 1e6 / f64::from(n)),
        );
    }
    println!("{}", serde_json::Value::Object(out));
}
