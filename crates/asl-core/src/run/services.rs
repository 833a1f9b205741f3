//! Service integrations: what a Task's `Resource` names, which history events it produces, and
//! the realistic default result when the scenario scripts nothing for it.

use crate::run::event::Caller;
use serde_json::{json, Value};

/// How Step Functions waits for the call (decides whether `TaskSubmitted` appears).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    RequestResponse,
    /// `.sync` / `.sync:2`: run a job and wait for it.
    Sync,
    /// `.waitForTaskToken`: wait for a callback.
    WaitForTaskToken,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integration {
    /// A bare Lambda function ARN: `LambdaFunction*` events, the result is the payload itself.
    LambdaFunction { arn: String },
    /// `arn:aws:states:::service:api[.pattern]`: `Task*` events.
    Service { service: String, api: String, pattern: Pattern },
    /// `arn:aws:states:region:account:activity:name`: `Activity*` events.
    Activity { arn: String },
    /// Anything else; invoked like a request-response service call.
    Other { resource: String },
}

impl Integration {
    pub fn from_resource(resource: &str) -> Integration {
        if let Some(rest) = resource.strip_prefix("arn:aws:states:::") {
            let (service, api) = rest.split_once(':').unwrap_or((rest, ""));
            let (api, pattern) = if let Some(api) = api.strip_suffix(".waitForTaskToken") {
                (api, Pattern::WaitForTaskToken)
            } else if let Some((api, _)) = api.split_once(".sync") {
                (api, Pattern::Sync)
            } else {
                (api, Pattern::RequestResponse)
            };
            return Integration::Service { service: service.to_string(), api: api.to_string(), pattern };
        }
        let parts: Vec<&str> = resource.split(':').collect();
        match parts.as_slice() {
            ["arn", _, "lambda", _, _, "function", ..] => Integration::LambdaFunction { arn: resource.to_string() },
            ["arn", _, "states", _, _, "activity", ..] => Integration::Activity { arn: resource.to_string() },
            _ => Integration::Other { resource: resource.to_string() },
        }
    }

    /// Who this integration's history events are about (`Task…`, `LambdaFunction…`, `Activity…`).
    pub fn caller(&self) -> Caller {
        match self {
            Integration::LambdaFunction { .. } => Caller::LambdaFunction,
            Integration::Activity { .. } => Caller::Activity,
            _ => Caller::Task,
        }
    }

    /// `resourceType` and `resource` as AWS writes them in `TaskScheduled` (`batch`, `submitJob.sync`).
    pub fn resource_type_and_name(&self, resource: &str) -> (String, String) {
        match resource.strip_prefix("arn:aws:states:::").and_then(|r| r.split_once(':')) {
            Some((service, api)) => (service.to_string(), api.to_string()),
            None => (String::new(), resource.to_string()),
        }
    }

    pub fn is_sync(&self) -> bool {
        matches!(self, Integration::Service { pattern: Pattern::Sync, .. })
    }
}

/// Deterministic ids: the same run gives the same ids.
pub struct Ids {
    state: u64,
}

impl Ids {
    pub fn new(seed: u64) -> Ids {
        Ids { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            (b >> 48) & 0x3fff | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

fn http_metadata(ids: &mut Ids) -> (Value, Value) {
    (
        json!({"AllHttpHeaders": {"Content-Type": ["text/xml"]}, "HttpHeaders": {"Content-Type": "text/xml"}, "HttpStatusCode": 200}),
        json!({"RequestId": ids.uuid()}),
    )
}

fn param<'a>(parameters: &'a Value, key: &str) -> &'a Value {
    parameters.get(key).unwrap_or(&Value::Null)
}

/// An AWS Batch job description, as `DescribeJobs` and the `.sync` integration return it.
fn batch_job(parameters: &Value, job_id: &str, status: &str) -> Value {
    let mut job = json!({
        "JobId": job_id,
        "JobName": param(parameters, "JobName"),
        "JobQueue": param(parameters, "JobQueue"),
        "JobDefinition": param(parameters, "JobDefinition"),
        "JobArn": format!("arn:aws:batch:us-east-1:123456789012:job/{job_id}"),
        "Status": status,
        "Attempts": [],
        "DependsOn": [],
        "Parameters": {},
        "Tags": {},
    });
    if status == "FAILED" {
        job["StatusReason"] = json!("Essential container in task exited");
    }
    job
}

/// The submit response of a `.sync` call, shown in `TaskSubmitted`.
pub(crate) fn submitted_output(integration: &Integration, parameters: &Value, ids: &mut Ids) -> Value {
    match integration {
        Integration::Service { service, .. } if service == "batch" => {
            let id = ids.uuid();
            json!({"JobArn": format!("arn:aws:batch:us-east-1:123456789012:job/{id}"), "JobId": id, "JobName": param(parameters, "JobName")})
        }
        _ => json!({"SubmittedAt": "virtual"}),
    }
}

/// The result of an unscripted, successful call.
pub(crate) fn default_result(integration: &Integration, parameters: &Value, ids: &mut Ids) -> Value {
    match integration {
        // The function "returns its input": the least surprising stand-in for user code.
        Integration::LambdaFunction { .. } => parameters.clone(),
        Integration::Service { service, api, pattern } => match (service.as_str(), api.as_str()) {
            ("batch", "submitJob") if *pattern == Pattern::Sync => batch_job(parameters, &ids.uuid(), "SUCCEEDED"),
            ("batch", "submitJob") => {
                let id = ids.uuid();
                json!({"JobArn": format!("arn:aws:batch:us-east-1:123456789012:job/{id}"), "JobId": id, "JobName": param(parameters, "JobName")})
            }
            ("sns", "publish") => {
                let message_id = ids.uuid();
                let (http, sdk) = http_metadata(ids);
                crate::run::object([
                    ("MessageId", message_id.into()),
                    ("SdkHttpMetadata", http),
                    ("SdkResponseMetadata", sdk),
                ])
            }
            ("lambda", "invoke") => {
                let (http, sdk) = http_metadata(ids);
                crate::run::object([
                    ("ExecutedVersion", "$LATEST".into()),
                    ("Payload", param(parameters, "Payload").clone()),
                    ("SdkHttpMetadata", http),
                    ("SdkResponseMetadata", sdk),
                    ("StatusCode", 200.into()),
                ])
            }
            _ => {
                json!({"Placeholder": format!("No scripted result for {service}:{api}; script one in the simulation panel")})
            }
        },
        Integration::Activity { .. } | Integration::Other { .. } => parameters.clone(),
    }
}

/// The cause a service gives for a failure when the scenario names only the error.
pub(crate) fn default_cause(integration: &Integration, parameters: &Value, error: &str, ids: &mut Ids) -> String {
    match integration {
        Integration::Service { service, api, pattern: Pattern::Sync } if service == "batch" && api == "submitJob" => {
            batch_job(parameters, &ids.uuid(), "FAILED").to_string()
        }
        _ => format!("Scripted failure: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            Integration::from_resource("arn:aws:states:::batch:submitJob.sync"),
            Integration::Service { service: "batch".into(), api: "submitJob".into(), pattern: Pattern::Sync }
        );
        assert_eq!(
            Integration::from_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            Integration::Service {
                service: "sqs".into(),
                api: "sendMessage".into(),
                pattern: Pattern::WaitForTaskToken
            }
        );
        assert!(matches!(
            Integration::from_resource("arn:aws:lambda:us-east-1:1:function:f"),
            Integration::LambdaFunction { .. }
        ));
        let mut ids = Ids::new(1);
        let a = ids.uuid();
        assert_eq!(a.len(), 36);
        assert_ne!(a, ids.uuid());
    }
}
