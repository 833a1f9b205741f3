//! The `asl` command line: output format and exit codes.

use std::process::Command;

fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl")).args(args).output().expect("asl runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("asl-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn valid_file_exits_zero() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/samples/poll-for-job-status.asl.json");
    assert_eq!(asl(&["validate", seed]), (0, String::new(), String::new()));
}

#[test]
fn errors_are_located_and_exit_one() {
    let file = temp_file("bad.json", "{\"StartAt\": \"A\",\n \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}, \"C\": {\"Type\": \"Succeed\"}}}");
    let (code, out, _) = asl(&["validate", &file]);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("{file}:2:43: error MISSING_TRANSITION_TARGET Missing 'Next' target: B")), "{out}");
    let (code, out, _) = asl(&["validate", "--json", &file]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["valid"], false);
    let d = v["diagnostics"].as_array().unwrap().iter().find(|d| d["pointer"] == "/States/A/Next").expect("reported");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["code"].as_str()), (Some(2), Some(43), Some("MISSING_TRANSITION_TARGET")));
}

#[test]
fn substitutions_behind_an_option() {
    let file = temp_file("cfn.json", r#"{"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "${fn}", "End": true}}}"#);
    assert_eq!(asl(&["validate", &file]).0, 1);
    assert_eq!(asl(&["validate", "--allow-substitutions", &file]).0, 0);
}

#[test]
fn bad_arguments_exit_two_with_one_line() {
    for args in [&[][..], &["validate"][..], &["validate", "--nope", "x"][..], &["frobnicate"][..], &["validate", "/no/such/file.json"][..]] {
        let (code, out, err) = asl(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
