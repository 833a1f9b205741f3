//! The TestState API: run one state with an input, variables, a context and a mocked service
//! result, and answer as AWS does. Requests and responses use AWS's field names.

use serde_json::{json, Map, Value};

use crate::model::StateKind;
use crate::run::interp::{test_state, Options, TestStateOutcome, TestStateSettings};
use crate::run::scenario::{Outcome, Scenario};

/// A TestState request body, as AWS names its fields (`definition`, `input`, `stateName`,
/// `mock`, `variables`, `context`, `stateConfiguration`, `inspectionLevel`).
pub fn run(request: &Value) -> Result<Value, String> {
    let definition = request["definition"].as_str().ok_or("the request has no 'definition' string")?;
    let input = json_field(request, "input")?.unwrap_or_else(|| json!({}));
    let variables = match json_field(request, "variables")? {
        Some(Value::Object(map)) => map,
        Some(_) => return Err("'variables' must be a JSON object".into()),
        None => Map::new(),
    };

    let root: Value = serde_json::from_str(definition).map_err(|e| format!("the definition is not JSON: {e}"))?;
    let parsed = if root.get("States").is_some() { crate::parse(definition) } else { crate::parse_state(definition) };
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.severity == crate::Severity::Error) {
        return Err(format!("the definition is not valid: {d}"));
    }
    let machine = parsed.machine.ok_or("the definition is not valid")?;
    let state = match request["stateName"].as_str() {
        Some(name) => machine.find(name).ok_or_else(|| format!("no state named '{name}' in the definition"))?,
        None if root.get("States").is_some() => return Err("a state machine definition needs 'stateName'".into()),
        None => machine.states.first().ok_or("the definition has no state")?,
    };

    let mocked = mocked(&request["mock"])?;
    let mut scenario = Scenario::new();
    let context = json_field(request, "context")?;
    let mut settings = TestStateSettings { variables, context, ..TestStateSettings::default() };
    match (&state.kind, mocked) {
        (StateKind::Map(_) | StateKind::Parallel(_), Some(m)) => settings.container_mock = Some(m),
        (_, Some(Ok(result))) => scenario = scenario.then(&state.name, Outcome::Return(result)),
        (_, Some(Err((error, cause)))) => {
            scenario = scenario.then(&state.name, Outcome::Throw { error, cause: Some(cause) })
        }
        (_, None) => {}
    }
    configure(&mut settings, &request["stateConfiguration"])?;

    let request_input = input.clone();
    let outcome = test_state(state, input, &scenario, &settings, &Options::default());
    Ok(response(outcome, &request_input, &request["inspectionLevel"]))
}

/// A JSON field of the request: AWS sends JSON text; a JSON value is taken as it is.
fn json_field(request: &Value, name: &str) -> Result<Option<Value>, String> {
    match &request[name] {
        Value::Null => Ok(None),
        Value::String(text) => {
            serde_json::from_str(text).map(Some).map_err(|e| format!("'{name}' is not JSON text: {e}"))
        }
        other => Ok(Some(other.clone())),
    }
}

/// A mocked service result: the value, or the error and cause.
type Mocked = Result<Value, (String, String)>;

/// `mock`: a `result` (JSON text) or an `errorOutput` (error and cause).
fn mocked(mock: &Value) -> Result<Option<Mocked>, String> {
    if let Some(result) = mock.get("result") {
        let text = result.as_str().ok_or("'mock.result' must be a string of JSON")?;
        return Ok(Some(Ok(serde_json::from_str(text).map_err(|e| format!("'mock.result' is not JSON text: {e}"))?)));
    }
    Ok(mock.get("errorOutput").map(|e| {
        Err((e["error"].as_str().unwrap_or_default().to_string(), e["cause"].as_str().unwrap_or_default().to_string()))
    }))
}

/// `stateConfiguration`: the Retrier's count so far, a Map's failed iterations and read items.
fn configure(settings: &mut TestStateSettings, config: &Value) -> Result<(), String> {
    settings.retry_count = config["retrierRetryCount"].as_u64().unwrap_or(0);
    settings.map_iteration_failures = config["mapIterationFailureCount"].as_u64();
    if let Some(data) = config["mapItemReaderData"].as_str() {
        settings.item_reader_data = Some(
            serde_json::from_str(data)
                .map_err(|e| format!("'stateConfiguration.mapItemReaderData' is not JSON text: {e}"))?,
        );
    }
    Ok(())
}

/// The response as AWS words it: `status`, `output`, `error`, `cause`, `nextState`, and at the
/// `DEBUG` and `TRACE` levels `inspectionData`.
fn response(outcome: TestStateOutcome, request_input: &Value, level: &Value) -> Value {
    let mut response = Map::new();
    response.insert("status".into(), json!(outcome.status.as_str()));
    if let Some(output) = outcome.output {
        // AWS sends the output as JSON text.
        response.insert("output".into(), json!(output.to_string()));
    }
    for (key, value) in [("error", outcome.error), ("cause", outcome.cause), ("nextState", outcome.next_state)] {
        if let Some(v) = value {
            response.insert(key.into(), json!(v));
        }
    }
    if level == "DEBUG" || level == "TRACE" {
        // As AWS: each stage as JSON text, with the state's input first.
        let mut data = Map::new();
        data.insert("input".into(), json!(request_input.to_string()));
        for (stage, value) in &outcome.data_flow {
            data.insert(stage.clone(), json!(value.to_string()));
        }
        response.insert("inspectionData".into(), Value::Object(data));
    }
    Value::Object(response)
}
