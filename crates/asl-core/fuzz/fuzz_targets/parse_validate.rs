//! parse + validate (and, when the definition is valid, layout and a bounded simulation) never
//! panic and always end, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for parsed in [asl_core::parse(text), asl_core::parse_state(text)] {
        for d in &parsed.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            let _ = parsed.line_index.line_col(text, d.span.start);
        }
        if let (Some(machine), false) = (&parsed.machine, parsed.has_errors()) {
            let _ = asl_core::layout::layout(machine);
            let options = asl_core::Options { max_events: 500, ..asl_core::Options::default() };
            let run = asl_core::simulate(machine, serde_json::json!({"a": [1, 2], "wait_time": 1}), &asl_core::Scenario::new(), &options);
            assert!(run.history.len() <= options.max_events + 1);
        }
    }
});
