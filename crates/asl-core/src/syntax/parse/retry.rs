//! `Retry` and `Catch`: the lists of retriers and catchers of Task, Parallel and Map states, and
//! their `ErrorEquals`.

use crate::model::fields;
use crate::model::*;
use crate::syntax::json::Node;

use super::Builder;

impl Builder<'_> {
    fn objects<'n, 'a>(&mut self, node: &'n Node<'a>, key: &str, pointer: &str) -> Vec<(&'n Node<'a>, String)> {
        let Some(list) = node.get(key) else { return Vec::new() };
        let Some(items) = list.elements() else {
            self.schema(format!("The value of '{key}' must be an array"), list.span, &format!("{pointer}/{key}"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_pointer = format!("{pointer}/{key}/{i}");
            if item.is_object() {
                self.check_duplicates(item, &item_pointer);
                out.push((item, item_pointer));
            } else {
                self.schema("Each entry must be a JSON object", item.span, &item_pointer);
            }
        }
        out
    }

    pub(super) fn retriers(&mut self, node: &Node, pointer: &str) -> Vec<Retrier> {
        let mut out = Vec::new();
        for (item, p) in self.objects(node, "Retry", pointer) {
            self.check_fields(item, fields::RETRIER, &p);
            let full_jitter = match item.get("JitterStrategy") {
                None => false,
                Some(j) => match j.as_str() {
                    Some("FULL") => true,
                    Some("NONE") => false,
                    _ => {
                        self.schema(
                            "The value of 'JitterStrategy' must be 'FULL' or 'NONE'",
                            j.span,
                            &format!("{p}/JitterStrategy"),
                        );
                        false
                    }
                },
            };
            let backoff_rate = match item.get("BackoffRate") {
                None => 2.0,
                Some(b) => match b.as_f64() {
                    Some(r) if r >= 1.0 => r,
                    _ => {
                        self.schema(
                            "The value of 'BackoffRate' must be a number >= 1.0",
                            b.span,
                            &format!("{p}/BackoffRate"),
                        );
                        2.0
                    }
                },
            };
            out.push(Retrier {
                error_equals: self.error_equals(item, &p),
                interval_seconds: self.natural(item, "IntervalSeconds", &p).unwrap_or(1),
                max_attempts: self.natural(item, "MaxAttempts", &p).unwrap_or(3),
                backoff_rate,
                max_delay_seconds: self.natural(item, "MaxDelaySeconds", &p),
                full_jitter,
                span: item.span,
            });
        }
        out
    }

    pub(super) fn catchers(&mut self, node: &Node, pointer: &str) -> Vec<Catcher> {
        let mut out = Vec::new();
        for (item, p) in self.objects(node, "Catch", pointer) {
            self.check_fields(item, fields::CATCHER, &p);
            let next = self.string(item, "Next", &p);
            if item.get("Next").is_none() {
                self.schema("These fields are required: [Next]", item.span, &p);
            }
            out.push(Catcher {
                error_equals: self.error_equals(item, &p),
                next,
                result_path: self.path_or_null(item, "ResultPath", &p),
                output: item.get("Output").map(|v| self.raw(v)),
                assign: item.get("Assign").map(|v| self.raw(v)),
                span: item.span,
            });
        }
        out
    }

    fn error_equals(&mut self, node: &Node, pointer: &str) -> Vec<String> {
        let Some(value) = node.get("ErrorEquals") else {
            self.schema("These fields are required: [ErrorEquals]", node.span, pointer);
            return Vec::new();
        };
        let items = value.elements().unwrap_or(&[]);
        if value.elements().is_none() || items.is_empty() || items.iter().any(|n| n.as_str().is_none()) {
            self.schema(
                "The value of 'ErrorEquals' must be a non-empty array of strings",
                value.span,
                &format!("{pointer}/ErrorEquals"),
            );
        }
        items.iter().filter_map(|n| n.as_str().map(str::to_string)).collect()
    }
}
