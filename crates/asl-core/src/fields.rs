//! Which fields each object of a definition accepts, and under which query language.
//!
//! AWS rejects any other field with `Field '<name>' is not supported`, and a field of the other
//! query language with `The QueryLanguage is set to '<L>', but field '<F>' is only supported for
//! the '<other>' QueryLanguage`, both located at the object that holds the field.

use crate::model::QueryLanguage;

/// Under which query language a field is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Only {
    Any,
    JsonPath,
    Jsonata,
}

use Only::*;

const STATE_COMMON: &[(&str, Only)] = &[("Type", Any), ("Comment", Any), ("QueryLanguage", Any)];
const FLOW: &[(&str, Only)] = &[("Next", Any), ("End", Any)];
const IO_PATHS: &[(&str, Only)] = &[("InputPath", JsonPath), ("OutputPath", JsonPath), ("Output", Jsonata)];
const RESULT: &[(&str, Only)] =
    &[("Parameters", JsonPath), ("ResultSelector", JsonPath), ("ResultPath", JsonPath), ("Arguments", Jsonata)];
const ERRORS: &[(&str, Only)] = &[("Retry", Any), ("Catch", Any)];

/// The fields a state of `type_name` accepts, beyond `Type`, `Comment` and `QueryLanguage`.
fn state_specific(type_name: &str) -> &'static [&'static [(&'static str, Only)]] {
    match type_name {
        "Pass" => &[FLOW, IO_PATHS, &[("Parameters", JsonPath), ("ResultPath", JsonPath), ("Result", JsonPath), ("Assign", Any)]],
        "Task" => &[
            FLOW,
            IO_PATHS,
            RESULT,
            ERRORS,
            &[
                ("Resource", Any),
                ("Assign", Any),
                ("TimeoutSeconds", Any),
                ("TimeoutSecondsPath", JsonPath),
                ("HeartbeatSeconds", Any),
                ("HeartbeatSecondsPath", JsonPath),
                ("Credentials", Any),
            ],
        ],
        "Choice" => &[IO_PATHS, &[("Choices", Any), ("Default", Any), ("Assign", Any)]],
        "Wait" => &[
            FLOW,
            IO_PATHS,
            &[("Seconds", Any), ("Timestamp", Any), ("SecondsPath", JsonPath), ("TimestampPath", JsonPath), ("Assign", Any)],
        ],
        "Succeed" => &[IO_PATHS],
        "Fail" => &[&[("Error", Any), ("Cause", Any), ("ErrorPath", JsonPath), ("CausePath", JsonPath)]],
        "Parallel" => &[FLOW, IO_PATHS, RESULT, ERRORS, &[("Branches", Any), ("Assign", Any)]],
        "Map" => &[
            FLOW,
            IO_PATHS,
            RESULT,
            ERRORS,
            &[
                ("Assign", Any),
                ("ItemProcessor", Any),
                ("Iterator", Any),
                ("ItemsPath", JsonPath),
                ("Items", Jsonata),
                ("ItemSelector", Any),
                ("ItemReader", Any),
                ("ItemBatcher", Any),
                ("ResultWriter", Any),
                ("MaxConcurrency", Any),
                ("MaxConcurrencyPath", JsonPath),
                ("ToleratedFailureCount", Any),
                ("ToleratedFailureCountPath", JsonPath),
                ("ToleratedFailurePercentage", Any),
                ("ToleratedFailurePercentagePath", JsonPath),
                ("Label", Any),
            ],
        ],
        _ => &[],
    }
}

pub(crate) const MACHINE: &[(&str, Only)] =
    &[("StartAt", Any), ("States", Any), ("Comment", Any), ("Version", Any), ("TimeoutSeconds", Any), ("QueryLanguage", Any)];
pub(crate) const BRANCH: &[(&str, Only)] = &[("StartAt", Any), ("States", Any), ("Comment", Any)];
pub(crate) const ITEM_PROCESSOR: &[(&str, Only)] =
    &[("StartAt", Any), ("States", Any), ("Comment", Any), ("ProcessorConfig", Any)];
pub(crate) const RETRIER: &[(&str, Only)] = &[
    ("ErrorEquals", Any),
    ("IntervalSeconds", Any),
    ("MaxAttempts", Any),
    ("BackoffRate", Any),
    ("MaxDelaySeconds", Any),
    ("JitterStrategy", Any),
    ("Comment", Any),
];
pub(crate) const CATCHER: &[(&str, Only)] =
    &[("ErrorEquals", Any), ("Next", Any), ("ResultPath", JsonPath), ("Output", Jsonata), ("Assign", Any), ("Comment", Any)];

/// What is wrong with one field: `None` when it is accepted.
pub(crate) fn check(table: &[&[(&str, Only)]], field: &str, language: QueryLanguage) -> Option<String> {
    let Some(only) = table.iter().flat_map(|t| t.iter()).find(|(name, _)| *name == field).map(|(_, only)| *only) else {
        return Some(format!("Field '{field}' is not supported"));
    };
    let (set, needed) = match (only, language) {
        (JsonPath, QueryLanguage::Jsonata) => ("JSONata", "JSONPath"),
        (Jsonata, QueryLanguage::JsonPath) => ("JSONPath", "JSONata"),
        _ => return None,
    };
    Some(format!("The QueryLanguage is set to '{set}', but field '{field}' is only supported for the '{needed}' QueryLanguage"))
}

/// The table of a state type: the common fields plus its own.
pub(crate) fn state_table(type_name: &str) -> Vec<&'static [(&'static str, Only)]> {
    let mut table = vec![STATE_COMMON];
    table.extend_from_slice(state_specific(type_name));
    table
}
