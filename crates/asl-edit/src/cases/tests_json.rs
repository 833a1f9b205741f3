//! TESTS.json, the expectations `asl test` checks: each case's `Expect` object.

use super::*;

impl Expect {
    pub fn is_empty(&self) -> bool {
        *self == Expect::default()
    }

    /// TESTS.json's `Expect` object (absent parts left out).
    pub fn to_json(&self) -> Value {
        let mut e = Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                e.insert(k.into(), json!(v));
            }
        };
        put("Status", &self.status);
        put("Error", &self.error);
        put("Cause", &self.cause);
        if let Some(output) = &self.output {
            e.insert("Output".into(), serde_json::from_str(output).unwrap_or(Value::String(output.clone())));
        }
        if !self.visited.is_empty() {
            e.insert("Visited".into(), json!(self.visited));
        }
        if !self.not_visited.is_empty() {
            e.insert("NotVisited".into(), json!(self.not_visited));
        }
        Value::Object(e)
    }

    pub fn from_json(v: &Value) -> Expect {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let list = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        Expect {
            status: text("Status"),
            output: v.get("Output").map(|o| serde_json::to_string_pretty(o).unwrap_or_default()),
            error: text("Error"),
            cause: text("Cause"),
            visited: list("Visited"),
            not_visited: list("NotVisited"),
        }
    }
}
