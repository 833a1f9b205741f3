//! Simulation (bounded to 300 events) of any definition that validates never panics, always ends,
//! and gives the same history twice.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = asl_core::parse(text);
    let (Some(machine), false) = (&parsed.machine, parsed.has_errors()) else { return };
    let options = asl_core::Options { max_events: 300, ..asl_core::Options::default() };
    let input = serde_json::json!({"items": [1, 2, 3], "wait_time": 1, "value": "x", "n": 2});
    let scenario = asl_core::Scenario::new();
    let run = asl_core::simulate(machine, input.clone(), &scenario, &options);
    assert!(run.history.len() <= options.max_events + 1);
    assert_eq!(run, asl_core::simulate(machine, input, &scenario, &options));
});
