//! The Task state: `Resource` (ARNs, CloudFormation references, Express limits), `Credentials`,
//! timeouts and heartbeats.

use crate::model::*;
use crate::syntax::json::{Kind, Node};

use super::checks::lambda_arn_problem;
use super::Builder;

impl Builder<'_> {
    pub(super) fn task(&mut self, node: &Node, pointer: &str) -> Task {
        // A CloudFormation template may give `{"Fn::GetAtt": [...]}` or `{"Ref": ...}`: resolved at deploy time.
        let cfn = node.get("Resource").is_some_and(|r| {
            r.members().len() == 1 && r.members().iter().all(|m| m.key == "Ref" || m.key.starts_with("Fn::"))
        });
        let resource = if cfn { None } else { self.string(node, "Resource", pointer) };
        let resource = resource.unwrap_or_else(|| {
            if node.get("Resource").is_none() {
                self.schema("These fields are required: [Resource]", node.span, pointer);
            }
            Spanned { value: String::new(), span: node.span }
        });
        let substitution =
            self.options.allow_substitutions && resource.value.starts_with("${") && resource.value.ends_with('}');
        if !cfn
            && !substitution
            && !resource.value.starts_with("arn:")
            && node.get("Resource").is_some_and(|r| r.as_str().is_some())
        {
            self.schema("The value of 'Resource' must be an ARN", resource.span, &format!("{pointer}/Resource"));
        }
        if self.options.express {
            let at = format!("{pointer}/Resource");
            let r = resource.value.as_str();
            if r.split(':').nth(5) == Some("activity") {
                self.schema("Express state machine does not support Activity ARN", resource.span, &at);
            } else if r.starts_with("arn:aws:states:::") && r.contains(".sync") {
                self.schema("Express state machine does not support '.sync' service integration", resource.span, &at);
            } else if r.starts_with("arn:aws:states:::") && r.ends_with(".waitForTaskToken") {
                // AWS's message ends with a space.
                self.schema(
                    "Express state machine does not support '.waitForTaskToken' service integration ",
                    resource.span,
                    &at,
                );
            }
        }
        if let Some(why) = lambda_arn_problem(&resource.value) {
            self.schema(why, resource.span, &format!("{pointer}/Resource"));
        }
        let credentials = node.get("Credentials").map(|c| {
            let at = format!("{pointer}/Credentials");
            match &c.kind {
                Kind::Object(_) if c.get("RoleArn").is_none() && c.get("RoleArn.$").is_none() => {
                    self.schema("The field 'RoleArn' is required but was missing", c.span, &at)
                }
                Kind::Object(_) => {}
                _ => self.schema("The value of 'Credentials' must be an object", c.span, &at),
            }
            c.to_value()
        });
        Task {
            resource,
            credentials,
            timeout_seconds: self.natural(node, "TimeoutSeconds", pointer),
            timeout_seconds_path: self.string(node, "TimeoutSecondsPath", pointer).map(|s| PathText::new(s.value)),
            heartbeat_seconds: self.natural(node, "HeartbeatSeconds", pointer),
            heartbeat_seconds_path: self.string(node, "HeartbeatSecondsPath", pointer).map(|s| PathText::new(s.value)),
        }
    }
}
