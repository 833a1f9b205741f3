//! Every sample of `public/samples/index.json` is ready to run: its definition parses with no
//! diagnostic, its tags say what the definition holds, its tests (at least two) pass through the
//! same runner as `asl test`, and the app's test-case import reads them. Together the samples
//! cover every feature the gallery promises.

use std::collections::BTreeSet;
use std::path::PathBuf;

use asl_core::run::verdict::TestSuite;
use asl_edit::cases::TestCases;
use asl_edit::gallery::{read_index, state_types_used, SampleInfo};
use serde_json::Value;

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/samples")
}

fn read(file: &str) -> String {
    std::fs::read_to_string(samples_dir().join(file)).unwrap_or_else(|e| panic!("public/samples/{file}: {e}"))
}

fn json(file: &str) -> Value {
    serde_json::from_str(&read(file)).unwrap_or_else(|e| panic!("public/samples/{file}: {e}"))
}

fn index() -> Vec<SampleInfo> {
    read_index(&read("index.json")).expect("index.json")
}

#[test]
fn every_sample_parses_clean_and_its_tests_pass() {
    let samples = index();
    let (mut tests, mut passed) = (0, 0);
    for s in &samples {
        let stem = &s.stem;
        let parsed = asl_core::parse(&read(&format!("{stem}.asl.json")));
        let problems: Vec<_> = parsed.diagnostics.iter().map(|d| format!("{} {}", d.code, d.message)).collect();
        assert!(problems.is_empty(), "{stem}: {problems:?}");
        let machine = parsed.machine.expect("a machine");
        assert_eq!(s.state_types, state_types_used(&machine), "{stem}: StateTypes in index.json");
        assert_eq!(s.query_language, machine.query_language.as_str(), "{stem}: QueryLanguage in index.json");
        assert!(["STANDARD", "EXPRESS"].contains(&s.workflow_type.as_str()), "{stem}: Type");
        assert!(!s.title.is_empty() && s.description.len() > 40, "{stem}: a title and a real description");
        assert!(serde_json::from_str::<Value>(&s.input).is_ok(), "{stem}: Input");

        let (mock, tests_json) = (json(&format!("{stem}.mock.json")), json(&format!("{stem}.tests.json")));
        let suite = TestSuite::from_json(&tests_json).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let results = suite.run(&machine, Some(&mock)).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(results.len() >= 2, "{stem}: at least two tests");
        for r in &results {
            tests += 1;
            passed += usize::from(r.passed());
            assert!(r.passed(), "{stem}: {}", r.line());
        }
        // The app opens the same files as its test cases.
        let cases = TestCases::from_files(Some(&mock), &tests_json).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(cases.cases.len(), results.len(), "{stem}: the app's cases");
    }
    println!("gallery: {} samples, {passed}/{tests} tests pass", samples.len());
}

#[test]
fn the_index_lists_every_sample_file_once_and_the_seeds_first() {
    let samples = index();
    let listed: Vec<&str> = samples.iter().map(|s| s.stem.as_str()).collect();
    assert_eq!(listed[..2], ["manage-a-batch-job", "poll-for-job-status"], "the seeds come first");
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), listed.len(), "a stem listed twice");
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(samples_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".asl.json") {
            on_disk.insert(stem.to_string());
        }
    }
    assert_eq!(on_disk, listed.iter().map(|s| s.to_string()).collect(), "samples on disk vs index.json");
}

#[test]
fn the_samples_cover_the_language() {
    let samples = index();
    let mut have: BTreeSet<&str> = BTreeSet::new();
    for s in &samples {
        have.extend(s.state_types.iter().map(String::as_str));
        have.extend(s.features.iter().map(String::as_str));
        have.insert(&s.query_language);
        have.insert(&s.workflow_type);
    }
    let wanted = [
        "Pass",
        "Task",
        "Choice",
        "Wait",
        "Succeed",
        "Fail",
        "Parallel",
        "Map",
        "JSONPath",
        "JSONata",
        "STANDARD",
        "EXPRESS",
        "Wait Seconds",
        "Wait SecondsPath",
        "Wait Timestamp",
        "Wait TimestampPath",
        "Inline Map",
        "Distributed Map",
        "ItemReader",
        "ItemBatcher",
        "Tolerated failures",
        "Variables",
        "Retry",
        "Backoff",
        "MaxDelaySeconds",
        "Jitter",
        "Catch",
        "ResultPath",
        "Callback",
        "Saga",
        "Job poller (.sync)",
        "Nested workflow",
        "Intrinsic functions",
    ];
    let missing: Vec<_> = wanted.iter().filter(|w| !have.contains(*w)).collect();
    assert!(missing.is_empty(), "no sample covers {missing:?}");
}
