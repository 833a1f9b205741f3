use super::*;

fn sample() -> TestCases {
    let mut t = TestCases::with_input(r#"{"n": 1}"#);
    t.cases[0].name = "Happy".into();
    t.cases[0].outcomes.insert(
        "Call".into(),
        Script {
            response: None,
            steps: vec![
                Step { times: 3, ..Step::returning(r#"{"status": "RUNNING"}"#) },
                Step { every_later: true, ..Step::returning(r#"{"status": "DONE"}"#) },
            ],
        },
    );
    t.add("Sad");
    t.cases[1].outcomes.insert("Call".into(), Script { response: None, steps: vec![Step::throwing("E", "c")] });
    t.cases[1].expect.status = Some("FAILED".into());
    t
}

#[test]
fn exports_a_mock_config_with_ranges_and_reads_it_back() {
    let t = sample();
    let config = t.to_mock_config();
    assert_eq!(
        config["MockedResponses"]["Happy.Call"],
        json!({"0-2": {"Return": {"status": "RUNNING"}}, "3-24999": {"Return": {"status": "DONE"}}})
    );
    assert_eq!(config["StateMachines"]["StateMachine"]["TestCases"]["Sad"]["Call"], json!("Sad.Call"));
    let back = TestCases::from_mock_config(&config, None, r#"{"n": 1}"#).unwrap();
    assert_eq!(back.to_mock_config(), config, "import then export gives the same JSON value");
    assert!(back.cases[0].outcomes["Call"].steps[1].every_later);
}

#[test]
fn bad_mock_configs_name_the_path() {
    let err = |v: Value| TestCases::from_mock_config(&v, None, "{}").unwrap_err();
    assert!(err(json!({})).contains("StateMachines"));
    let two = json!({"StateMachines": {"A": {"TestCases": {}}, "B": {"TestCases": {}}}});
    assert!(err(two).contains("pick one"));
    let missing = json!({"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {}});
    assert_eq!(err(missing), "StateMachines.M.TestCases.T.S: \"R\" is not in MockedResponses");
    let bad_key = json!({"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
        "MockedResponses": {"R": {"x": {"Return": 1}}}});
    assert_eq!(err(bad_key), "MockedResponses.R.\"x\": not an invocation number or range");
}

#[test]
fn renames_follow_and_orphans_are_listed() {
    let mut t = sample();
    t.cases[0].expect.visited = vec!["Call".into()];
    t.rename_state("Call", "Invoke");
    assert!(t.cases.iter().all(|c| c.outcomes.contains_key("Invoke")));
    assert_eq!(t.cases[0].expect.visited, vec!["Invoke".to_string()]);
    assert_eq!(t.orphans(&["Other".into()]), vec![(0, "Invoke".into()), (1, "Invoke".into())]);
    assert!(t.orphans(&["Invoke".into()]).is_empty());
}

#[test]
fn problems_point_at_the_field() {
    let mut t = sample();
    assert!(t.problems().is_empty());
    t.cases[1].outcomes.get_mut("Call").unwrap().steps[0] = Step::returning("{oops");
    t.cases[0].input = "[".into();
    let p = t.problems();
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].case, p[0].state.as_deref()), (0, None));
    assert_eq!((p[1].case, p[1].state.as_deref(), p[1].step), (1, Some("Call"), Some(0)));
}

#[test]
fn saves_and_restores_exactly() {
    let mut t = sample();
    t.cases[0].expect.output = Some("{\"a\": 1}".into());
    t.cases[1].outcomes.get_mut("Call").unwrap().steps.push(Step::returning("{half"));
    assert_eq!(TestCases::from_json(&t.to_json()), Some(t));
    assert_eq!(TestCases::from_json(&json!({"cases": []})), None);
}

#[test]
fn tests_json_carries_inputs_and_expectations() {
    let v = sample().to_tests_json();
    assert_eq!(v["StateMachine"], "StateMachine");
    assert_eq!(
        v["Tests"][1],
        json!({"Name": "Sad", "TestCase": "Sad", "Input": {"n": 1}, "Expect": {"Status": "FAILED"}})
    );
    assert!(v["Tests"][0].get("Expect").is_none());
}

#[test]
fn run_all_judges_each_case_and_measures_coverage() {
    let machine = asl_core::parse(
        r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "OutputPath": "$.Payload", "End": true}}}"#,
    )
    .machine
    .unwrap();
    let mut t = sample();
    t.cases[0].outcomes.get_mut("Call").unwrap().steps = vec![Step::returning(r#"{"Payload": 1}"#)];
    t.cases[0].expect.output = Some("1".into());
    t.cases[1].expect.status = Some("SUCCEEDED".into());
    let (results, cov) = run_all(&machine, &t, &asl_core::Options::default());
    assert!(results[0].passed(), "{:?}", results[0]);
    assert_eq!(results[1].differences[0].to_string(), "Status: expected SUCCEEDED, got FAILED");
    assert_eq!(cov.states.covered, 1);
    // One case alone runs as Run all runs it.
    assert_eq!(run_case(&machine, &t, 1, &asl_core::Options::default()).unwrap(), results[1].run);
    assert!(run_case(&machine, &t, 9, &asl_core::Options::default()).is_err());
    t.cases[0].input = "{".into();
    assert_eq!(run_all(&machine, &t, &asl_core::Options::default()).0[0].differences[0].what, "Input");
    assert!(run_case(&machine, &t, 0, &asl_core::Options::default()).is_err());
}

#[test]
fn coverage_counts_the_states_of_distributed_map_children() {
    let machine = asl_core::parse(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}}}}"#,
    )
    .machine
    .unwrap();
    let t = TestCases::with_input("[1, 2]");
    let (results, cov) = run_all(&machine, &t, &asl_core::Options::default());
    assert!(!results[0].run.map_runs.is_empty(), "the Map ran child executions");
    assert_eq!((cov.states.covered, cov.states.total), (2, 2), "{cov:?}");
}

#[test]
fn cases_are_added_renamed_and_removed() {
    let mut t = TestCases::default();
    assert_eq!(t.add("Default"), 1);
    assert_eq!(t.cases[1].name, "Default 2");
    assert_eq!(t.rename_case(1, "Default").as_deref(), Some("Default 2"));
    assert!(t.remove(1));
    assert!(!t.remove(0), "a document keeps one case");
    assert_eq!(t.active, 0);
}
