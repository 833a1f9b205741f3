//! The palette: every state type and common service tasks as [`Template`]s, and the state each
//! one inserts, written in the query language of where it goes (JSONPath `Parameters`/`ItemsPath`
//! or JSONata `Arguments`/`Items`). A template's body has no Next/End: the insert adds them.

use asl_core::model::QueryLanguage;
use serde_json::{json, Map, Value};

/// Which palette entry: the ids the page and a drag carry (`data-template`) are [`TemplateId::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateId {
    Pass,
    Choice,
    Wait,
    Parallel,
    Map,
    Succeed,
    Fail,
    Task,
    LambdaInvoke,
    SnsPublish,
    BatchSubmitJob,
}

impl TemplateId {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::Pass => "pass",
            TemplateId::Choice => "choice",
            TemplateId::Wait => "wait",
            TemplateId::Parallel => "parallel",
            TemplateId::Map => "map",
            TemplateId::Succeed => "succeed",
            TemplateId::Fail => "fail",
            TemplateId::Task => "task",
            TemplateId::LambdaInvoke => "lambda-invoke",
            TemplateId::SnsPublish => "sns-publish",
            TemplateId::BatchSubmitJob => "batch-submit-job",
        }
    }

    /// The entry an id names, if any.
    pub fn parse(id: &str) -> Option<TemplateId> {
        templates().iter().map(|t| t.id).find(|t| t.as_str() == id)
    }
}

/// One entry of the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: TemplateId,
    pub label: &'static str,
    /// "Flow" (state types) or "Actions" (Task and service integrations).
    pub group: &'static str,
    /// The new state's name, made unique with " 2", " 3"...
    pub base_name: &'static str,
    /// The ASL `Type` it inserts.
    pub state_type: &'static str,
    /// A one-line description for a tooltip.
    pub description: &'static str,
}

static TEMPLATES: [Template; 11] = [
    Template {
        id: TemplateId::Pass,
        label: "Pass",
        group: "Flow",
        base_name: "Pass",
        state_type: "Pass",
        description: "Passes its input to its output",
    },
    Template {
        id: TemplateId::Choice,
        label: "Choice",
        group: "Flow",
        base_name: "Choice",
        state_type: "Choice",
        description: "Branches on a condition",
    },
    Template {
        id: TemplateId::Wait,
        label: "Wait",
        group: "Flow",
        base_name: "Wait",
        state_type: "Wait",
        description: "Waits a number of seconds",
    },
    Template {
        id: TemplateId::Parallel,
        label: "Parallel",
        group: "Flow",
        base_name: "Parallel",
        state_type: "Parallel",
        description: "Runs branches at the same time",
    },
    Template {
        id: TemplateId::Map,
        label: "Map",
        group: "Flow",
        base_name: "Map",
        state_type: "Map",
        description: "Runs steps for each item of an array",
    },
    Template {
        id: TemplateId::Succeed,
        label: "Succeed",
        group: "Flow",
        base_name: "Success",
        state_type: "Succeed",
        description: "Ends the execution successfully",
    },
    Template {
        id: TemplateId::Fail,
        label: "Fail",
        group: "Flow",
        base_name: "Fail",
        state_type: "Fail",
        description: "Ends the execution with an error",
    },
    Template {
        id: TemplateId::Task,
        label: "Task",
        group: "Actions",
        base_name: "Task",
        state_type: "Task",
        description: "Calls a Lambda function by its ARN",
    },
    Template {
        id: TemplateId::LambdaInvoke,
        label: "Lambda: Invoke",
        group: "Actions",
        base_name: "Lambda Invoke",
        state_type: "Task",
        description: "Invokes a Lambda function (with the console's Retry)",
    },
    Template {
        id: TemplateId::SnsPublish,
        label: "SNS: Publish",
        group: "Actions",
        base_name: "SNS Publish",
        state_type: "Task",
        description: "Publishes a message to an SNS topic",
    },
    Template {
        id: TemplateId::BatchSubmitJob,
        label: "Batch: SubmitJob (sync)",
        group: "Actions",
        base_name: "Batch SubmitJob",
        state_type: "Task",
        description: "Submits an AWS Batch job and waits for it to finish",
    },
];

/// The palette: every state type and common service tasks.
pub fn templates() -> &'static [Template] {
    &TEMPLATES
}

const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:MyFunction";

/// The members of an object value (none for any other value).
fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The state a template inserts (without Next/End), in the given query language. `to` is where
/// a Choice's rule and Default lead; `inner` names the state inside a Parallel or Map.
pub(super) fn template_body(id: TemplateId, lang: QueryLanguage, to: &str, inner: &str) -> Map<String, Value> {
    let jsonata = lang == QueryLanguage::Jsonata;
    let inner_machine = json!({ "StartAt": inner, "States": { inner: { "Type": "Pass", "End": true } } });
    let body = match id {
        TemplateId::Pass => json!({ "Type": "Pass" }),
        TemplateId::Choice => choice(jsonata, to),
        TemplateId::Wait => json!({ "Type": "Wait", "Seconds": 5 }),
        TemplateId::Parallel => json!({ "Type": "Parallel", "Branches": [inner_machine] }),
        TemplateId::Map => map(jsonata, inner_machine),
        TemplateId::Succeed => json!({ "Type": "Succeed" }),
        TemplateId::Fail => json!({ "Type": "Fail", "Error": "ErrorCode", "Cause": "Something went wrong" }),
        TemplateId::Task => json!({ "Type": "Task", "Resource": FUNCTION_ARN }),
        TemplateId::LambdaInvoke => lambda_invoke(jsonata),
        TemplateId::SnsPublish => sns_publish(jsonata),
        TemplateId::BatchSubmitJob => batch_submit_job(jsonata),
    };
    obj(body)
}

fn choice(jsonata: bool, to: &str) -> Value {
    if jsonata {
        json!({
            "Type": "Choice",
            "Choices": [{ "Condition": "{% $states.input.status = 'SUCCEEDED' %}", "Next": to }],
            "Default": to
        })
    } else {
        json!({
            "Type": "Choice",
            "Choices": [{ "Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": to }],
            "Default": to
        })
    }
}

fn map(jsonata: bool, inner_machine: Value) -> Value {
    let mut processor = Map::new();
    processor.insert("ProcessorConfig".into(), json!({ "Mode": "INLINE" }));
    processor.extend(obj(inner_machine));
    let mut map = obj(json!({ "Type": "Map" }));
    if jsonata {
        map.insert("Items".into(), json!("{% $states.input.items %}"));
    } else {
        map.insert("ItemsPath".into(), json!("$.items"));
    }
    map.insert("ItemProcessor".into(), Value::Object(processor));
    Value::Object(map)
}

fn lambda_invoke(jsonata: bool) -> Value {
    let retry = json!([{
        "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
        ],
        "IntervalSeconds": 1,
        "MaxAttempts": 3,
        "BackoffRate": 2,
        "JitterStrategy": "FULL"
    }]);
    if jsonata {
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Output": "{% $states.result.Payload %}",
            "Arguments": { "FunctionName": format!("{FUNCTION_ARN}:$LATEST"), "Payload": "{% $states.input %}" },
            "Retry": retry
        })
    } else {
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "OutputPath": "$.Payload",
            "Parameters": { "Payload.$": "$", "FunctionName": format!("{FUNCTION_ARN}:$LATEST") },
            "Retry": retry
        })
    }
}

fn sns_publish(jsonata: bool) -> Value {
    let topic = "arn:aws:sns:us-east-1:123456789012:MyTopic";
    if jsonata {
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Arguments": { "TopicArn": topic, "Message": "{% $states.input %}" }
        })
    } else {
        json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": { "TopicArn": topic, "Message.$": "$" }
        })
    }
}

fn batch_submit_job(jsonata: bool) -> Value {
    let args = json!({
        "JobName": "MyJob",
        "JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/my-job-definition:1",
        "JobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/my-job-queue"
    });
    let key = if jsonata { "Arguments" } else { "Parameters" };
    let mut map = obj(json!({ "Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync" }));
    map.insert(key.into(), args);
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_reads_back_and_every_template_has_a_body() {
        for t in templates() {
            assert_eq!(TemplateId::parse(t.id.as_str()), Some(t.id));
            let body = template_body(t.id, QueryLanguage::JsonPath, "Next", "Inner");
            assert_eq!(body.get("Type").and_then(Value::as_str), Some(t.state_type), "{}", t.id.as_str());
        }
        assert_eq!(TemplateId::parse("nope"), None);
    }
}
