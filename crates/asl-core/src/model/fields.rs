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

/// State types as bits, so that one `match` on the field name answers for every type.
const PASS: u8 = 1;
const TASK: u8 = 2;
const CHOICE: u8 = 4;
const WAIT: u8 = 8;
const SUCCEED: u8 = 16;
const FAIL: u8 = 32;
const PARALLEL: u8 = 64;
const MAP: u8 = 128;
const ALL: u8 = 255;
const FLOWING: u8 = PASS | TASK | WAIT | PARALLEL | MAP;
const IO: u8 = ALL & !FAIL;
const RESULTS: u8 = TASK | PARALLEL | MAP;

fn type_bit(type_name: &str) -> u8 {
    match type_name {
        "Pass" => PASS,
        "Task" => TASK,
        "Choice" => CHOICE,
        "Wait" => WAIT,
        "Succeed" => SUCCEED,
        "Fail" => FAIL,
        "Parallel" => PARALLEL,
        "Map" => MAP,
        _ => 0,
    }
}

/// Whether `type_name` is one of the eight state types.
pub fn is_state_type(type_name: &str) -> bool {
    type_bit(type_name) != 0
}

/// Which state types accept a field, and under which language.
fn state_field(field: &str) -> Option<(u8, Only)> {
    Some(match field {
        "Type" | "Comment" | "QueryLanguage" => (ALL, Any),
        "Next" | "End" => (FLOWING, Any),
        "InputPath" | "OutputPath" => (IO, JsonPath),
        "Output" => (IO, Jsonata),
        "Assign" => (ALL & !(SUCCEED | FAIL), Any),
        "Parameters" => (PASS | RESULTS, JsonPath),
        "ResultPath" => (PASS | RESULTS, JsonPath),
        "Result" => (PASS, JsonPath),
        "ResultSelector" => (RESULTS, JsonPath),
        "Arguments" => (RESULTS, Jsonata),
        "Retry" | "Catch" => (RESULTS, Any),
        "Resource" | "Credentials" | "TimeoutSeconds" | "HeartbeatSeconds" => (TASK, Any),
        "TimeoutSecondsPath" | "HeartbeatSecondsPath" => (TASK, JsonPath),
        "Choices" | "Default" => (CHOICE, Any),
        "Seconds" | "Timestamp" => (WAIT, Any),
        "SecondsPath" | "TimestampPath" => (WAIT, JsonPath),
        "Error" | "Cause" => (FAIL, Any),
        "ErrorPath" | "CausePath" => (FAIL, JsonPath),
        "Branches" => (PARALLEL, Any),
        "ItemProcessor"
        | "Iterator"
        | "ItemSelector"
        | "ItemReader"
        | "ItemBatcher"
        | "ResultWriter"
        | "MaxConcurrency"
        | "ToleratedFailureCount"
        | "ToleratedFailurePercentage"
        | "Label" => (MAP, Any),
        "ItemsPath" | "MaxConcurrencyPath" | "ToleratedFailureCountPath" | "ToleratedFailurePercentagePath" => {
            (MAP, JsonPath)
        }
        "Items" => (MAP, Jsonata),
        _ => return None,
    })
}

/// Whether a state of `type_name` accepts `field` under `language` (the inspector's form lists
/// only these, so it never offers a field AWS would refuse).
pub fn accepts(type_name: &str, field: &str, language: QueryLanguage) -> bool {
    check_state_field(type_name, field, language).is_none()
}

/// What is wrong with one field of a state of `type_name`: `None` when it is accepted.
pub(crate) fn check_state_field(type_name: &str, field: &str, language: QueryLanguage) -> Option<String> {
    match state_field(field) {
        Some((types, only)) if types & type_bit(type_name) != 0 => language_problem(field, only, language),
        _ => Some(format!("Field '{field}' is not supported")),
    }
}

pub(crate) const MACHINE: &[(&str, Only)] = &[
    ("StartAt", Any),
    ("States", Any),
    ("Comment", Any),
    ("Version", Any),
    ("TimeoutSeconds", Any),
    ("QueryLanguage", Any),
];
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
pub(crate) const CATCHER: &[(&str, Only)] = &[
    ("ErrorEquals", Any),
    ("Next", Any),
    ("ResultPath", JsonPath),
    ("Output", Jsonata),
    ("Assign", Any),
    ("Comment", Any),
];

/// What is wrong with one field of an object whose fields `table` lists: `None` when accepted.
pub(crate) fn check(table: &[(&str, Only)], field: &str, language: QueryLanguage) -> Option<String> {
    match table.iter().find(|(name, _)| *name == field) {
        Some((_, only)) => language_problem(field, *only, language),
        None => Some(format!("Field '{field}' is not supported")),
    }
}

fn language_problem(field: &str, only: Only, language: QueryLanguage) -> Option<String> {
    let (set, needed) = match (only, language) {
        (JsonPath, QueryLanguage::Jsonata) => ("JSONata", "JSONPath"),
        (Jsonata, QueryLanguage::JsonPath) => ("JSONPath", "JSONata"),
        _ => return None,
    };
    Some(format!(
        "The QueryLanguage is set to '{set}', but field '{field}' is only supported for the '{needed}' QueryLanguage"
    ))
}
