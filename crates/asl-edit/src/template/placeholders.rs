//! `${Name}` placeholders: which a definition text holds, a recognisable fake value of the right
//! kind for each (so a simulation runs without the stack being deployed), and substituting values
//! into the text.

use asl_core::syntax::json::{self, Kind, Node};

/// The account, region and partition every fake value uses, so they read as fakes.
const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

/// The names of the `${Name}` placeholders in `text`, each once, in order of first use.
/// `${!Literal}` is Fn::Sub's escape for a literal `${Literal}`, not a placeholder.
pub fn names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let after = &rest[at + 2..];
        match after.find('}') {
            Some(close) if !after.starts_with('!') && close > 0 => {
                let name = &after[..close];
                if !name.contains(['"', '\n', '{']) && !out.iter().any(|n| n == name) {
                    out.push(name.to_string());
                }
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// CloudFormation's pseudo parameters, as fakes.
pub fn pseudo(name: &str) -> Option<&'static str> {
    Some(match name {
        "AWS::Region" => REGION,
        "AWS::AccountId" => ACCOUNT,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => "my-stack",
        "AWS::StackId" => {
            "arn:aws:cloudformation:us-east-1:123456789012:stack/my-stack/00000000-0000-0000-0000-000000000000"
        }
        "AWS::NoValue" => "",
        _ => return None,
    })
}

/// The field a placeholder is used in (`Resource`, `FunctionName`, ...) and whether it is that
/// field's whole value: the surest sign of what kind of value it stands for.
fn usage(text: &str, name: &str) -> Option<(String, bool)> {
    fn walk(node: &Node, key: Option<&str>, needle: &str, found: &mut Option<(String, bool)>) {
        match &node.kind {
            Kind::String(s) if s.contains(needle) => {
                if let Some(key) = key {
                    let whole = s.as_ref() == needle;
                    // A whole-value use says more than a use inside a longer string.
                    if found.as_ref().is_none_or(|(_, w)| whole && !w) {
                        *found = Some((key.trim_end_matches(".$").to_string(), whole));
                    }
                }
            }
            Kind::Array(items) => items.iter().for_each(|n| walk(n, key, needle, found)),
            Kind::Object(members) => members.iter().for_each(|m| walk(&m.value, Some(&m.key), needle, found)),
            _ => {}
        }
    }
    let root = json::parse(text).ok()?;
    let mut found = None;
    walk(&root, None, &format!("${{{name}}}"), &mut found);
    found
}

/// The resource a placeholder is about: the target of its intrinsic when known, else its name
/// without a trailing `Arn`/`Name`/`Url` (`ProcessFunctionArn` → `ProcessFunction`).
fn base(name: &str, target: Option<&str>) -> String {
    if let Some(t) = target {
        return t.to_string();
    }
    let name = name.split('.').next().unwrap_or(name);
    for suffix in ["Arn", "ARN", "Name", "Url", "URL", "Id"] {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return stem.to_string();
        }
    }
    name.to_string()
}

/// A fake value of the right kind for placeholder `name` in `text`; `target` is the logical id
/// its intrinsic refers to, when the template says.
pub fn fake(text: &str, name: &str, target: Option<&str>) -> String {
    if let Some(v) = pseudo(name).or_else(|| target.and_then(pseudo)) {
        return v.to_string();
    }
    let b = base(name, target);
    let lambda = || format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{b}");
    let arn = |service: &str, kind: &str| format!("arn:aws:{service}:{REGION}:{ACCOUNT}:{kind}{b}");
    let lower = name.to_ascii_lowercase();
    if let Some((key, true)) = usage(text, name) {
        match key.as_str() {
            "Resource" if lower.contains("activity") => return arn("states", "activity:"),
            "Resource" | "FunctionName" => return lambda(),
            "TopicArn" => return arn("sns", ""),
            "QueueUrl" => return format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{b}"),
            "StateMachineArn" => return arn("states", "stateMachine:"),
            "JobQueue" => return arn("batch", "job-queue/"),
            "JobDefinition" => return arn("batch", "job-definition/"),
            "Cluster" => return arn("ecs", "cluster/"),
            "TaskDefinition" => return arn("ecs", "task-definition/"),
            "Bucket" => return b.to_ascii_lowercase(),
            "TableName" | "EventBusName" | "Name" => return b,
            _ => {}
        }
    }
    if lower.contains("function") || lower.contains("lambda") {
        lambda()
    } else if lower.contains("topic") {
        arn("sns", "")
    } else if lower.contains("queue") && lower.ends_with("url") {
        format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{b}")
    } else if lower.contains("queue") {
        arn("sqs", "")
    } else if lower.contains("statemachine") {
        arn("states", "stateMachine:")
    } else if lower.contains("activity") {
        arn("states", "activity:")
    } else if lower.contains("bucket") {
        b.to_ascii_lowercase()
    } else {
        b
    }
}

/// `text` with each `${Name}` that `value` knows replaced by its value (`value` is told the
/// name and whether the placeholder stands inside a JSON string). Inside a JSON string the
/// value is escaped as JSON string content, so a quote or backslash in it cannot break the
/// definition; outside one (`"Seconds": ${Wait}` in an Fn::Sub string) it goes in as it is.
pub fn substitute(text: &str, value: impl Fn(&str, bool) -> Option<String>) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied, mut in_string) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'$' if bytes.get(i + 1) == Some(&b'{') && bytes.get(i + 2) != Some(&b'!') => {
                if let Some(close) = text[i + 2..].find('}') {
                    let name = &text[i + 2..i + 2 + close];
                    if let Some(v) = value(name, in_string) {
                        out.push_str(&text[copied..i]);
                        if in_string {
                            let quoted = serde_json::to_string(&v).unwrap_or_default();
                            out.push_str(&quoted[1..quoted.len() - 1]);
                        } else {
                            out.push_str(&v);
                        }
                        i += close + 3;
                        copied = i;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fakes_and_substitution() {
        let def = r#"{"States": {"A": {"Resource": "${ProcessFunctionArn}", "Parameters": {"TopicArn": "${Topic}", "QueueUrl": "${Q}", "TableName": "${T}", "Literal": "${!Keep}"}}}}"#;
        assert_eq!(names(def), ["ProcessFunctionArn", "Topic", "Q", "T"]);
        assert_eq!(
            fake(def, "ProcessFunctionArn", None),
            "arn:aws:lambda:us-east-1:123456789012:function:ProcessFunction"
        );
        assert_eq!(fake(def, "Topic", Some("Alerts")), "arn:aws:sns:us-east-1:123456789012:Alerts");
        assert_eq!(fake(def, "Q", None), "https://sqs.us-east-1.amazonaws.com/123456789012/Q");
        assert_eq!(fake(def, "T", Some("Orders")), "Orders");
        assert_eq!(fake(def, "AWS::Region", None), "us-east-1");
        assert_eq!(fake(def, "Other", None), "Other");
        let text = r#"{"a": "x${V}y", "n": ${N}, "k": "${!Keep}"}"#;
        let out = substitute(text, |n, _| match n {
            "V" => Some("q\"b".into()),
            "N" => Some("5".into()),
            _ => None,
        });
        assert_eq!(out, r#"{"a": "xq\"by", "n": 5, "k": "${!Keep}"}"#);
    }
}
