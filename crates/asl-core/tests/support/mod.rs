//! Shared by the data-driven tests (`mod support;` in each): where the shared conformance data
//! is, and the list of known failures each measured suite is held to.
//!
//! - [`shared`]: a path under `../shared/` (beside the clone). Absent, a test skips with a
//!   message, except under `CI=true`, where it fails: CI must measure, not skip.
//!   `ASL_SHARED_DIR` points elsewhere (to try the CI behaviour, point it at a missing folder).
//! - [`Tally`]: a suite's outcomes by case id against `tests/known_failures.json`. The test fails
//!   when a case fails that the list does not name, and when a listed case passes (the list
//!   must shrink with the fixes), so the list is always exactly the failures.

// Each test crate uses a part of this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The suites of `known_failures.json`, one key each: the file has exactly these, plus a
/// `_comment` saying what it is (JSON has no comments). A suite with no failures keeps its key.
pub const SUITES: [&str; 11] = [
    "validation.jsonl verdicts",
    "validation.jsonl causes",
    "validation.jsonl diagnostics",
    "asl-validator fixtures",
    "execution.jsonl definitions",
    "StartExecution status+output",
    "StartExecution event sequences",
    "jsonata suite",
    "TestState",
    "seeds simulation cases",
    "interpreter cases",
];

/// Whether the tests run in CI, which sets `CI=true` (any value but empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// The folder that holds `conformance/` and `seeds/`: `$ASL_SHARED_DIR`, else `shared/` beside
/// the clone.
pub fn shared_root() -> PathBuf {
    match std::env::var_os("ASL_SHARED_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// `relative` under the shared folder, when it exists. When it does not: `None` after a
/// message on stderr, or, under CI, a panic saying what is missing.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    let what = format!("../shared/{relative} is absent (looked at {})", path.display());
    if in_ci() {
        panic!(
            "{what}: CI needs ../shared beside the clone (see ARCHITECTURE.md, asl-core's tests/), \
             or ASL_SHARED_DIR naming it"
        );
    }
    eprintln!("skipped: {what}; outside CI the measurement is skipped (CI=true makes this a failure)");
    None
}

/// The cases of a `.jsonl` file, one JSON value per line.
pub fn jsonl(path: &Path) -> Vec<Value> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::io::BufReader::new(file)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let line = l.unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{}:{}: not JSON: {e}", path.display(), i + 1))
        })
        .collect()
}

/// A case's `id` field as text (`"1249fbfe6f0a"`).
pub fn case_id(case: &Value) -> String {
    case["id"].as_str().map_or_else(|| case["id"].to_string(), str::to_string)
}

/// `tests/known_failures.json`: per suite, case id → why it fails (one line).
fn known_failures(suite: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/known_failures.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let Value::Object(suites) = file else { panic!("{}: an object of suites", path.display()) };
    let keys: BTreeSet<&str> = suites.keys().map(String::as_str).filter(|k| *k != "_comment").collect();
    assert_eq!(keys, BTreeSet::from(SUITES), "{}: exactly the suites of support::SUITES", path.display());
    let Some(Value::Object(cases)) = suites.get(suite) else {
        panic!("{}: '{suite}' must be an object of case id to reason", path.display())
    };
    cases
        .iter()
        .map(|(id, why)| match why.as_str() {
            Some(why) if !why.trim().is_empty() && !why.contains('\n') => (id.clone(), why.to_string()),
            _ => panic!("{}: '{suite}' / '{id}': the reason is one non-empty line", path.display()),
        })
        .collect()
}

/// The outcomes of one suite's cases, checked against its known failures by [`Tally::finish`].
pub struct Tally {
    suite: &'static str,
    known: BTreeMap<String, String>,
    seen: BTreeSet<String>,
    passed: usize,
    /// Listed cases that failed, with what differed.
    known_failed: Vec<(String, String)>,
    /// Cases that failed and are not listed, with what differed.
    unexpected: Vec<(String, String)>,
    /// Listed cases that passed.
    now_pass: Vec<String>,
}

impl Tally {
    /// `suite` is a key of `known_failures.json`.
    pub fn new(suite: &'static str) -> Tally {
        assert!(SUITES.contains(&suite), "'{suite}' is not one of support::SUITES");
        Tally {
            suite,
            known: known_failures(suite),
            seen: BTreeSet::new(),
            passed: 0,
            known_failed: Vec::new(),
            unexpected: Vec::new(),
            now_pass: Vec::new(),
        }
    }

    /// One case's outcome; `Err` says what differed. Ids are unique within a suite.
    pub fn record(&mut self, id: &str, outcome: Result<(), String>) {
        assert!(self.seen.insert(id.to_string()), "{}: case id '{id}' occurs twice", self.suite);
        match (outcome, self.known.contains_key(id)) {
            (Ok(()), false) => self.passed += 1,
            (Ok(()), true) => {
                self.passed += 1;
                self.now_pass.push(id.to_string());
            }
            (Err(why), true) => self.known_failed.push((id.to_string(), why)),
            (Err(why), false) => self.unexpected.push((id.to_string(), why)),
        }
    }

    pub fn passed(&self) -> usize {
        self.passed
    }

    pub fn failed(&self) -> usize {
        self.known_failed.len() + self.unexpected.len()
    }

    /// Prints `<suite>: P passed, F failed` and the known failures; panics unless the failures
    /// are exactly the listed ones.
    pub fn finish(self) {
        if let Err(problems) = self.check() {
            panic!("{problems}");
        }
    }

    /// [`Tally::finish`] that returns the problems instead, for a test that keeps several tallies.
    pub fn check(self) -> Result<(), String> {
        let total = self.passed + self.failed();
        println!("{}: {} passed, {} failed (of {total})", self.suite, self.passed, self.failed());
        for (id, why) in &self.known_failed {
            println!("  known failure {id}: {} -- got: {}", self.known[id], shorten(why));
        }
        let mut problems = Vec::new();
        for id in &self.now_pass {
            problems.push(format!(
                "update the list: {id} now passes (remove it from \"{}\" in tests/known_failures.json)",
                self.suite
            ));
        }
        for id in self.known.keys().filter(|id| !self.seen.contains(*id)) {
            problems.push(format!(
                "update the list: {id} is listed under \"{}\" in tests/known_failures.json, but no such case ran",
                self.suite
            ));
        }
        for (id, why) in &self.unexpected {
            problems.push(format!("{id} failed, and tests/known_failures.json does not list it: {why}"));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{}: {} problem(s)\n{}", self.suite, problems.len(), problems.join("\n")))
        }
    }
}

/// At most 300 characters of a mismatch, for the listing of known failures.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}
