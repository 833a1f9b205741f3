//! The inspector's "Test state" form as plain data. What the user typed becomes a TestState
//! request with AWS's field names — the body `aws stepfunctions test-state --cli-input-json`
//! takes — which [`asl_core::run::test_state::run`] answers; the answer becomes what the form
//! shows. The form is prefilled from what the document already knows: the input the state got in
//! the run on show, and the active test case's script for it.

use asl_core::model::{State, StateKind};
use asl_core::run::shapes;
use serde_json::{json, Map, Value};

use crate::cases::{Script, StepOutcome};

/// What the service call (or, for a Map or Parallel, the whole state) answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Mock {
    /// Tasks get the integration's default result; a Map or Parallel runs its states.
    None,
    /// `mock.result`, as JSON text.
    Return(String),
    /// `mock.errorOutput`.
    Throw { error: String, cause: String },
}

/// The form, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// JSON text.
    pub input: String,
    pub mock: Mock,
    /// `stateConfiguration.retrierRetryCount`: how many retries were already made.
    pub retry_count: String,
    /// A JSON object of variables in scope, or empty for none.
    pub variables: String,
}

/// A field of the form that cannot go into a request, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// `input`, `result`, `error`, `retry-count` or `variables`: the form names its fields so.
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether a state of this kind takes a mock at all: a Task (its service call) and a Map or
/// Parallel (the whole state's result, as AWS allows). Pass, Choice, Wait, Succeed and Fail run
/// on their input alone.
pub fn takes_mock(state: &State) -> bool {
    matches!(state.kind, StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_))
}

impl Form {
    /// The form for `state`: the input it got in the run on show (`seen_input`), else the case's
    /// execution input for the start state, else `{}`; a Task's first scripted outcome, else a
    /// Return of the integration's response shape.
    pub fn prefill(
        state: &State,
        script: Option<&Script>,
        seen_input: Option<&Value>,
        start_input: Option<&str>,
    ) -> Form {
        let input = match (seen_input, start_input) {
            (Some(value), _) => pretty(value),
            (None, Some(text)) if !text.trim().is_empty() => text.to_string(),
            _ => "{}".to_string(),
        };
        let mock = match &state.kind {
            StateKind::Task(task) => match script.and_then(|s| s.steps.first()).map(|s| &s.outcome) {
                Some(StepOutcome::Return(text)) => Mock::Return(text.clone()),
                Some(StepOutcome::Throw { error, cause }) => {
                    Mock::Throw { error: error.clone(), cause: cause.clone().unwrap_or_default() }
                }
                None => {
                    let parameters = state.parameters.as_ref().or(state.arguments.as_ref());
                    let parameters = parameters.map_or(Value::Null, |r| r.value().clone());
                    Mock::Return(pretty(&shapes::example_response(&task.resource.value, &parameters)))
                }
            },
            _ => Mock::None,
        };
        Form { input, mock, retry_count: "0".into(), variables: String::new() }
    }

    /// The TestState request for the state named `state_name` in `definition` (the whole text,
    /// so that the machine's `QueryLanguage` and the state's place in it count), at DEBUG level
    /// so that the answer carries the data-flow stages.
    pub fn request(&self, definition: &str, state_name: &str) -> Result<Value, FieldError> {
        let input = json_text("input", "The input", &self.input)?;
        let mut request = Map::new();
        request.insert("definition".into(), json!(definition));
        request.insert("stateName".into(), json!(state_name));
        request.insert("input".into(), json!(input.to_string()));
        match &self.mock {
            Mock::None => {}
            Mock::Return(text) => {
                let result = json_text("result", "The result", text)?;
                request.insert("mock".into(), json!({ "result": result.to_string() }));
            }
            Mock::Throw { error, cause } => {
                if error.trim().is_empty() {
                    return Err(FieldError {
                        field: "error",
                        message: "An error name is needed, e.g. States.TaskFailed".into(),
                    });
                }
                request.insert("mock".into(), json!({ "errorOutput": { "error": error.trim(), "cause": cause } }));
            }
        }
        let retries = self.retry_count.trim();
        let retries: u64 = if retries.is_empty() {
            0
        } else {
            retries.parse().map_err(|_| FieldError {
                field: "retry-count",
                message: "The retry count is a whole number of 0 or more".into(),
            })?
        };
        if retries > 0 {
            request.insert("stateConfiguration".into(), json!({ "retrierRetryCount": retries }));
        }
        if !self.variables.trim().is_empty() {
            match json_text("variables", "The variables", &self.variables)? {
                Value::Object(vars) => {
                    request.insert("variables".into(), json!(Value::Object(vars).to_string()));
                }
                _ => {
                    return Err(FieldError {
                        field: "variables",
                        message: "The variables are a JSON object of names and values".into(),
                    })
                }
            }
        }
        request.insert("inspectionLevel".into(), json!("DEBUG"));
        Ok(Value::Object(request))
    }
}

fn json_text(field: &'static str, what: &str, text: &str) -> Result<Value, FieldError> {
    serde_json::from_str(text).map_err(|e| FieldError { field, message: format!("{what} is not JSON: {e}") })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A TestState answer, as the form shows it: JSON texts pretty-printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// `SUCCEEDED`, `FAILED`, `RETRIABLE` or `CAUGHT_ERROR`.
    pub status: String,
    pub output: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub next_state: Option<String>,
    /// The data-flow stages in AWS's order (`input`, `afterInputPath`, `afterParameters`,
    /// `result`, `afterResultSelector`, `afterResultPath`, ...).
    pub inspection: Vec<(String, String)>,
}

impl Answer {
    /// Reads the response body that the TestState API (and the core) sends.
    pub fn of(response: &Value) -> Answer {
        let text = |key: &str| response[key].as_str().map(str::to_string);
        let json_shown = |value: &Value| match value.as_str().map(serde_json::from_str::<Value>) {
            Some(Ok(v)) => pretty(&v),
            _ => value.as_str().map_or_else(|| value.to_string(), str::to_string),
        };
        let inspection = response["inspectionData"]
            .as_object()
            .map(|data| data.iter().map(|(stage, value)| (stage.clone(), json_shown(value))).collect())
            .unwrap_or_default();
        Answer {
            status: text("status").unwrap_or_default(),
            output: response.get("output").map(json_shown),
            error: text("error"),
            cause: text("cause"),
            next_state: text("nextState"),
            inspection,
        }
    }

    /// One sentence on what the status means, for someone who has not read AWS's docs.
    pub fn explanation(&self) -> &'static str {
        match self.status.as_str() {
            "SUCCEEDED" => "The state completed.",
            "FAILED" => "The state failed, and no Retrier or Catcher handles the error.",
            "RETRIABLE" => "A Retrier matches the error: in an execution the state would run again.",
            "CAUGHT_ERROR" => "A Catcher matches the error: the execution would go on to its Next.",
            _ => "",
        }
    }
}

/// The shell command that sends the same request to AWS, for a request saved as `request.json`
/// (the API needs a `roleArn` as well when it calls the service for real).
pub const AWS_COMMAND: &str = "aws stepfunctions test-state --cli-input-json file://request.json";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::Step;

    const DEF: &str = r#"{
  "StartAt": "Get",
  "States": {
    "Get": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "f", "Payload.$": "$"},
      "ResultSelector": {"id.$": "$.Payload.id"},
      "ResultPath": "$.got",
      "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Oops"}],
      "Next": "Done"
    },
    "Done": {"Type": "Pass", "Parameters": {"n.$": "$var"}, "End": true},
    "Oops": {"Type": "Fail", "Error": "E"}
  }
}"#;

    fn state(name: &str) -> State {
        asl_core::parse(DEF).machine.unwrap().find(name).unwrap().clone()
    }

    fn run(form: &Form, name: &str) -> Answer {
        let request = form.request(DEF, name).unwrap();
        Answer::of(&asl_core::run::test_state::run(&request).unwrap())
    }

    #[test]
    fn prefill_takes_the_seen_input_then_the_script_then_the_shape() {
        let get = state("Get");
        let form = Form::prefill(&get, None, None, Some(r#"{"a": 1}"#));
        assert_eq!(form.input, r#"{"a": 1}"#);
        let Mock::Return(result) = &form.mock else { panic!("{:?}", form.mock) };
        assert!(result.contains("\"Payload\"") && result.contains("\"StatusCode\""), "{result}");

        let seen = json!({"b": 2});
        let script = Script { response: None, steps: vec![Step::throwing("Lambda.ServiceException", "down")] };
        let form = Form::prefill(&get, Some(&script), Some(&seen), Some("{}"));
        assert_eq!(form.input, "{\n  \"b\": 2\n}");
        assert_eq!(form.mock, Mock::Throw { error: "Lambda.ServiceException".into(), cause: "down".into() });

        let done = Form::prefill(&state("Done"), None, None, None);
        assert_eq!((done.input.as_str(), done.mock), ("{}", Mock::None));
        assert!(!takes_mock(&state("Done")) && takes_mock(&get));
    }

    #[test]
    fn a_return_runs_the_data_flow_to_next() {
        let form = Form {
            input: r#"{"k": 1}"#.into(),
            mock: Mock::Return(r#"{"Payload": {"id": 7}, "StatusCode": 200}"#.into()),
            retry_count: "0".into(),
            variables: String::new(),
        };
        let answer = run(&form, "Get");
        assert_eq!(answer.status, "SUCCEEDED");
        assert_eq!(answer.next_state.as_deref(), Some("Done"));
        let output: Value = serde_json::from_str(answer.output.as_deref().unwrap()).unwrap();
        assert_eq!(output, json!({"k": 1, "got": {"id": 7}}));
        let stages: Vec<&str> = answer.inspection.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(stages.first(), Some(&"input"));
        assert!(stages.contains(&"afterResultSelector") && stages.contains(&"afterResultPath"), "{stages:?}");
        assert_eq!(answer.explanation(), "The state completed.");
    }

    #[test]
    fn a_throw_is_retriable_then_caught_once_retries_are_spent() {
        let mut form = Form {
            input: "{}".into(),
            mock: Mock::Throw { error: "Lambda.ServiceException".into(), cause: "down".into() },
            retry_count: "0".into(),
            variables: String::new(),
        };
        assert_eq!(run(&form, "Get").status, "RETRIABLE");
        form.retry_count = "2".into();
        let caught = run(&form, "Get");
        assert_eq!(caught.status, "CAUGHT_ERROR");
        assert_eq!(caught.next_state.as_deref(), Some("Oops"));
        assert_eq!(caught.error.as_deref(), Some("Lambda.ServiceException"));
    }

    #[test]
    fn variables_reach_the_state() {
        let form = Form {
            input: "{}".into(),
            mock: Mock::None,
            retry_count: String::new(),
            variables: r#"{"var": "x"}"#.into(),
        };
        let output: Value = serde_json::from_str(run(&form, "Done").output.as_deref().unwrap()).unwrap();
        assert_eq!(output, json!({"n": "x"}));
    }

    #[test]
    fn bad_fields_are_named() {
        let base = Form { input: "{}".into(), mock: Mock::None, retry_count: "0".into(), variables: String::new() };
        let field = |form: Form| form.request(DEF, "Get").unwrap_err().field;
        assert_eq!(field(Form { input: "{".into(), ..base.clone() }), "input");
        assert_eq!(field(Form { mock: Mock::Return("nope".into()), ..base.clone() }), "result");
        assert_eq!(
            field(Form { mock: Mock::Throw { error: " ".into(), cause: String::new() }, ..base.clone() }),
            "error"
        );
        assert_eq!(field(Form { retry_count: "-1".into(), ..base.clone() }), "retry-count");
        assert_eq!(field(Form { variables: "[1]".into(), ..base.clone() }), "variables");
        let request = base.request(DEF, "Get").unwrap();
        assert_eq!(request["inspectionLevel"], "DEBUG");
        assert!(request.get("mock").is_none() && request.get("stateConfiguration").is_none());
    }
}
