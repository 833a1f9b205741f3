//! Property tests: parsing never panics, simulation always ends and is deterministic, and the
//! layout of generated machines has no overlapping nodes and downward forward edges.

use asl_core::layout::layout;
use asl_core::{parse, simulate, Options, Scenario};
use proptest::prelude::*;
use serde_json::json;

const SEEDS: [&str; 2] = [
    include_str!("../../../public/samples/manage-a-batch-job.asl.json"),
    include_str!("../../../public/samples/poll-for-job-status.asl.json"),
];

/// An edit a person might make: delete a range, or insert a snippet, at a char boundary.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, &'static str),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_string();
    for edit in edits {
        let clamp = |s: &str, i: usize| {
            let mut i = i % (s.len() + 1);
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match edit {
            Edit::Delete(at, len) => {
                let a = clamp(&s, *at);
                let b = clamp(&s, a + len);
                s.replace_range(a..b.max(a), "");
            }
            Edit::Insert(at, snippet) => {
                let a = clamp(&s, *at);
                s.insert_str(a, snippet);
            }
        }
    }
    s
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippets = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"Next\": \"Submit Job\",",
        "\"End\": true,",
        "null",
        "é",
        "\\u0000",
        "\"Type\": \"Wait\", \"Seconds\": 99999999,",
        "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 99999}],",
        "\"Default\": \"Job Complete?\",",
    ]);
    prop_oneof![
        (0usize..4000, 0usize..40).prop_map(|(a, l)| Edit::Delete(a, l)),
        (0usize..4000, snippets).prop_map(|(a, s)| Edit::Insert(a, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Seeking to any event and stepping on to the end gives the run's whole history, and what
    /// a position shows does not depend on how the cursor got there.
    #[test]
    fn seeking_back_then_forward_gives_the_same_history(seed in 0usize..2, edits in prop::collection::vec(edit(), 0..4), k in 0usize..400, j in 0usize..400) {
        let text = apply(SEEDS[seed], &edits);
        let parsed = parse(&text);
        if let (Some(machine), false) = (&parsed.machine, parsed.has_errors()) {
            let options = Options { max_events: 300, ..Options::default() };
            let input = json!({"wait_time": 1, "guid": "g"});
            let mut execution = asl_core::Execution::start(machine, input.clone(), &Scenario::new(), &options);
            let full = execution.run().history.clone();
            execution.to_end();
            execution.seek(k);
            let at_k = execution.snapshot();
            execution.seek(j);
            execution.seek(k);
            prop_assert_eq!(execution.snapshot(), at_k.clone());
            // Stepping there from the start shows the same.
            let mut fresh = asl_core::Execution::start(machine, input, &Scenario::new(), &options);
            while fresh.cursor() < execution.cursor() && fresh.step() {}
            prop_assert_eq!(fresh.snapshot(), at_k);
            while execution.step() {}
            prop_assert_eq!(execution.shown(), &full[..]);
            while execution.back() {}
            prop_assert_eq!(execution.cursor(), 1);
        }
    }

    #[test]
    fn edited_seeds_parse_and_run_without_panics(seed in 0usize..2, edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(SEEDS[seed], &edits);
        let parsed = parse(&text);
        for d in &parsed.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
        if let (Some(machine), false) = (&parsed.machine, parsed.has_errors()) {
            let options = Options { max_events: 2_000, ..Options::default() };
            let scenario = Scenario::new();
            let input = json!({"wait_time": 1, "guid": "g"});
            let run = simulate(machine, input.clone(), &scenario, &options);
            prop_assert!(run.history.len() <= options.max_events + 1);
            prop_assert_eq!(run.clone(), simulate(machine, input, &scenario, &options));
            let _ = layout(machine);
        }
    }

    #[test]
    fn generated_machines_lay_out_cleanly(n in 1usize..40, links in prop::collection::vec((0usize..40, 0usize..40), 0..60)) {
        // A chain of n states plus extra Choice rules between random states (loops included).
        let mut states = serde_json::Map::new();
        for i in 0..n {
            let extra: Vec<_> = links.iter().filter(|(a, _)| a % n == i).map(|(_, b)| b % n).collect();
            let state = if extra.is_empty() {
                if i + 1 < n { json!({"Type": "Pass", "Next": format!("S{}", i + 1)}) } else { json!({"Type": "Succeed"}) }
            } else {
                let rules: Vec<_> = extra.iter().map(|b| json!({"Variable": "$.x", "NumericEquals": *b as u64, "Next": format!("S{b}")})).collect();
                let default = if i + 1 < n { format!("S{}", i + 1) } else { format!("S{i}") };
                json!({"Type": "Choice", "Choices": rules, "Default": default})
            };
            states.insert(format!("S{i}"), state);
        }
        let definition = json!({"StartAt": "S0", "States": states}).to_string();
        let machine = parse(&definition).machine.unwrap();
        let l = layout(&machine);
        prop_assert_eq!(l.nodes.len(), n);
        for (i, a) in l.nodes.iter().enumerate() {
            for b in &l.nodes[i + 1..] {
                let overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
                prop_assert!(!overlap, "{} overlaps {}", a.name, b.name);
            }
        }
        for e in l.edges.iter().filter(|e| !e.back_edge && e.from != e.to) {
            prop_assert!(l.nodes[e.to].y > l.nodes[e.from].y, "forward edge {} -> {} points down", l.nodes[e.from].name, l.nodes[e.to].name);
        }
        prop_assert_eq!(layout(&machine), l);
    }
}
