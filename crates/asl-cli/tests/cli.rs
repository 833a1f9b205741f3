//! The `asl` command line: output format and exit codes.

use std::process::Command;

fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl")).args(args).output().expect("asl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
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
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64(), d["code"].as_str()),
        (Some(2), Some(43), Some("MISSING_TRANSITION_TARGET"))
    );
}

#[test]
fn substitutions_behind_an_option() {
    let file = temp_file(
        "cfn.json",
        r#"{"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "${fn}", "End": true}}}"#,
    );
    assert_eq!(asl(&["validate", &file]).0, 1);
    assert_eq!(asl(&["validate", "--allow-substitutions", &file]).0, 0);
}

#[test]
fn bad_arguments_exit_two_with_one_line() {
    for args in [
        &[][..],
        &["validate"][..],
        &["validate", "--nope", "x"][..],
        &["frobnicate"][..],
        &["validate", "/no/such/file.json"][..],
    ] {
        let (code, out, err) = asl(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn simulate_prints_the_history_and_exits_by_status() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/samples/poll-for-job-status.asl.json");
    let mock = temp_file(
        "mock.json",
        r#"{"StateMachines": {"poll-for-job-status": {"TestCases": {"Fails": {"Get Job Status": "Check"}}}},
            "MockedResponses": {"Check": {"0-1": {"Return": "RUNNING"}, "2": {"Return": "FAILED"}}}}"#,
    );
    let (code, out, err) =
        asl(&["simulate", seed, "--input", r#"{"wait_time": 5}"#, "--mock", &mock, "--test-case", "Fails", "--json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["status"], "FAILED");
    assert_eq!(v["error"], "DescribeJob returned FAILED");
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.iter().filter(|e| e["type"] == "WaitStateEntered").count(), 3);
    assert_eq!(history[1]["stateEnteredEventDetails"]["name"], "Submit Job");
    assert!(history[1]["stateEnteredEventDetails"]["input"].is_string(), "inputs are JSON text, as AWS sends them");

    let (code, out, _) =
        asl(&["simulate", seed, "--input", r#"{"wait_time": 5}"#, "--mock", &mock, "--test-case", "Nope"]);
    assert_eq!((code, out.is_empty()), (2, true));

    let batch = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/samples/manage-a-batch-job.asl.json");
    let (code, out, _) = asl(&["simulate", batch]);
    assert_eq!(code, 0);
    assert!(out.contains("TaskSubmitted") && out.contains("status: SUCCEEDED"), "{out}");
}

#[test]
fn test_state_answers_a_request() {
    let request = temp_file(
        "request.json",
        r#"{"definition": "{\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.n\", \"NumericGreaterThan\": 1, \"Next\": \"Big\"}], \"Default\": \"Small\"}", "input": "{\"n\": 5}"}"#,
    );
    let (code, out, _) = asl(&["test-state", &request]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["status"].as_str(), v["nextState"].as_str()), (Some("SUCCEEDED"), Some("Big")));
}

#[test]
fn express_runs_past_the_history_limit_and_refuses_what_express_forbids() {
    let dir = std::env::temp_dir().join(format!("asl-express-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let map = dir.join("map.asl.json");
    std::fs::write(
        &map,
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Item",
            "States": {"Item": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
    )
    .unwrap();
    let items = format!("[{}]", (0..7000).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let map = map.to_string_lossy().into_owned();
    let (code, out, _) = asl(&["simulate", &map, "--input", &items, "--json"]);
    assert_eq!(code, 1, "Standard: the history limit");
    assert!(out.contains("25000 events"), "{}", &out[..out.len().min(300)]);
    let (code, out, err) = asl(&["simulate", &map, "--input", &items, "--express", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(r#""status":"SUCCEEDED""#));
    let sync = dir.join("sync.asl.json");
    std::fs::write(
        &sync,
        r#"{"StartAt": "Job", "States": {"Job": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "End": true}}}"#,
    )
    .unwrap();
    let sync = sync.to_string_lossy().into_owned();
    assert_eq!(asl(&["simulate", &sync]).0, 0);
    let (code, _, err) = asl(&["simulate", &sync, "--express"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not valid"), "{err}");
}
