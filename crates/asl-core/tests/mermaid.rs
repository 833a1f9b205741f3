//! Mermaid export (`export::mermaid`) against the expected text of the two seeds, kept next to
//! this test as `tests/mermaid/<seed>.mmd`. `ASL_BLESS=1` rewrites the expected files.

use asl_core::export::mermaid;

#[test]
fn the_seeds_export_as_expected() {
    for seed in ["manage-a-batch-job", "poll-for-job-status"] {
        let root = env!("CARGO_MANIFEST_DIR");
        let text = std::fs::read_to_string(format!("{root}/../../public/samples/{seed}.asl.json")).unwrap();
        let got = mermaid(&asl_core::parse(&text).machine.unwrap());
        let path = format!("{root}/tests/mermaid/{seed}.mmd");
        if std::env::var_os("ASL_BLESS").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        assert_eq!(got, std::fs::read_to_string(&path).unwrap_or_default(), "{seed}");
    }
}

#[test]
fn composites_choice_labels_and_catch_edges() {
    let text = r#"{"StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "C", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
      "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "M"}], "Default": "Oops"},
      "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}},
      "Oops": {"Type": "Fail"}}}"#;
    let got = mermaid(&asl_core::parse(text).machine.unwrap());
    assert_eq!(
        got,
        "stateDiagram-v2
    state \"P\" as s1 {
        state \"A\" as s5
        [*] --> s5
        s5 --> [*]
        --
        state \"B\" as s6
        [*] --> s6
        s6 --> [*]
    }
    state \"C\" as s2
    state \"M\" as s3 {
        state \"I\" as s7
        [*] --> s7
        s7 --> [*]
    }
    state \"Oops\" as s4
    [*] --> s1
    s1 --> s2
    s1 --> s4 : Catch States.ALL
    s2 --> s3 : $.n > 1
    s2 --> s4 : Default
    s3 --> [*]
    s4 --> [*]
"
    );
}
