//! JSONata parse + evaluate never panics, never overflows the stack and always ends (bounded by
//! the evaluator's step and depth budgets), whatever the expression and input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is the input document, the rest the expression.
    let (input, expr) = text.split_once('\n').unwrap_or(("{}", text));
    let input: Option<serde_json::Value> = serde_json::from_str(input).ok();
    if let Ok(parsed) = asl_core::expr::jsonata::parse(expr) {
        let env = asl_core::expr::jsonata::Environment { max_steps: 200_000, ..Default::default() };
        let _ = asl_core::expr::jsonata::evaluate(&parsed, input.as_ref(), &Default::default(), &env);
        let _ = asl_core::expr::jsonata::top_level_names(&parsed);
    }
});
