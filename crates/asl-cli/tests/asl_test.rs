//! `asl test`: the samples' shipped MockConfig and TESTS.json pass in CI exactly as in the app;
//! a failing expectation exits 1 with what differed and JUnit XML; bad files exit 2.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl")).args(args).current_dir(root()).output().expect("asl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("asl-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_samples_test_cases_pass() {
    for (stem, count) in [("manage-a-batch-job", 2), ("poll-for-job-status", 3)] {
        let (def, mock, tests) = (
            format!("public/samples/{stem}.asl.json"),
            format!("public/samples/{stem}.mock.json"),
            format!("public/samples/{stem}.tests.json"),
        );
        let (code, out, err) = asl(&["test", &def, "--mock", &mock, "--tests", &tests]);
        assert_eq!(code, 0, "{stem}: {out}{err}");
        assert_eq!(out.lines().filter(|l| l.starts_with("PASS ")).count(), count, "{out}");
        assert_eq!(out.lines().last(), Some(format!("{count} passed, 0 failed").as_str()));
    }
}

#[test]
fn a_failing_expectation_exits_one_and_writes_junit() {
    let tests = temp_file(
        "fail.tests.json",
        r#"{"Tests": [
            {"Name": "job fails", "TestCase": "RUNNING once, then FAILED", "Input": {"wait_time": 1},
             "Expect": {"Status": "FAILED", "Error": "DescribeJob returned FAILED"}},
            {"Name": "wrong on purpose", "TestCase": "RUNNING once, then FAILED", "Input": {"wait_time": 1},
             "Expect": {"Status": "SUCCEEDED", "Visited": ["Get Final Job Status"]}}]}"#,
    );
    let junit = std::env::temp_dir().join(format!("asl-test-{}.xml", std::process::id()));
    let junit = junit.to_string_lossy().into_owned();
    let (code, out, _) = asl(&[
        "test",
        "public/samples/poll-for-job-status.asl.json",
        "--mock",
        "public/samples/poll-for-job-status.mock.json",
        "--tests",
        &tests,
        "--junit",
        &junit,
    ]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "PASS job fails");
    assert_eq!(
        lines[1],
        "FAIL wrong on purpose: Status: expected SUCCEEDED, got FAILED; Visited: expected Get Final Job Status, got not visited"
    );
    assert_eq!(lines[2], "1 passed, 1 failed");
    let xml = std::fs::read_to_string(&junit).expect("JUnit written");
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert!(xml.contains(r#"tests="2" failures="1""#), "{xml}");
}

#[test]
fn bad_arguments_and_files_exit_two() {
    let def = "public/samples/poll-for-job-status.asl.json";
    let mock = "public/samples/poll-for-job-status.mock.json";
    let not_json = temp_file("bad.json", "{");
    let bad_expect = temp_file("bad-expect.json", r#"{"Tests": [{"Name": "x", "Expect": {"Visited": "Wait"}}]}"#);
    let unknown_case = temp_file("unknown.json", r#"{"Tests": [{"Name": "x", "TestCase": "Nope"}]}"#);
    for (args, says) in [
        (vec!["test", def], "--tests"),
        (vec!["test", def, "--tests", "missing.json"], "missing.json"),
        (vec!["test", def, "--tests", &not_json], "bad.json"),
        (vec!["test", def, "--mock", mock, "--tests", &bad_expect], "Tests[0].Expect.Visited"),
        (vec!["test", def, "--mock", mock, "--tests", &unknown_case], "Nope"),
        (vec!["test", def, "--tests", &unknown_case], "no MockConfig"),
        (vec!["test", def, "--frobnicate"], "--frobnicate"),
    ] {
        let (code, out, err) = asl(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
