//! The Wait state (exactly one of `Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`) and the
//! Fail state (`Error`, `Cause` and their paths).

use crate::model::*;
use crate::syntax::json::Node;

use super::{is_jsonata, Builder};

impl Builder<'_> {
    pub(super) fn wait(&mut self, node: &Node, pointer: &str) -> Wait {
        let present: Vec<&str> = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
            .into_iter()
            .filter(|k| node.get(k).is_some())
            .collect();
        if present.len() != 1 {
            self.schema(
                "Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required",
                node.span,
                pointer,
            );
        }
        let wait_for = match present.first().copied() {
            Some("Seconds") => match node.get("Seconds") {
                Some(v) if self.language == QueryLanguage::Jsonata && is_jsonata(v) => {
                    v.as_str().map(|e| WaitFor::SecondsExpression(e.to_string()))
                }
                _ => self.natural(node, "Seconds", pointer).map(WaitFor::Seconds),
            },
            Some("SecondsPath") => {
                self.string(node, "SecondsPath", pointer).map(|s| WaitFor::SecondsPath(PathText::new(s.value)))
            }
            Some("Timestamp") => self.string(node, "Timestamp", pointer).map(|s| WaitFor::Timestamp(s.value)),
            Some("TimestampPath") => {
                self.string(node, "TimestampPath", pointer).map(|s| WaitFor::TimestampPath(PathText::new(s.value)))
            }
            _ => None,
        };
        Wait { wait_for }
    }

    pub(super) fn fail(&mut self, node: &Node, pointer: &str) -> Fail {
        Fail {
            error: self.string(node, "Error", pointer).map(|s| s.value),
            cause: self.string(node, "Cause", pointer).map(|s| s.value),
            error_path: self.string(node, "ErrorPath", pointer).map(|s| PathText::new(s.value)),
            cause_path: self.string(node, "CausePath", pointer).map(|s| PathText::new(s.value)),
        }
    }
}
