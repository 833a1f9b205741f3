//! The states that hold machines: Parallel (`Branches`) and Map (`ItemProcessor`/`Iterator`,
//! `ItemReader`, `ItemBatcher`, concurrency and tolerated failures, `Label`).

use crate::model::*;
use crate::syntax::json::Node;

use super::checks::label_problem;
use super::{Builder, MachineKind};

impl Builder<'_> {
    pub(super) fn parallel(&mut self, node: &Node, pointer: &str) -> Parallel {
        let mut branches = Vec::new();
        match node.get("Branches").map(|b| (b, b.elements())) {
            None => self.schema("These fields are required: [Branches]", node.span, pointer),
            Some((b, None)) => {
                self.schema("The value of 'Branches' must be an array", b.span, &format!("{pointer}/Branches"))
            }
            Some((_, Some(items))) => {
                for (i, branch) in items.iter().enumerate() {
                    let branch_pointer = format!("{pointer}/Branches/{i}");
                    if branch.is_object() {
                        branches.push(self.machine(branch, &branch_pointer, MachineKind::Branch));
                    } else {
                        self.schema("A branch must be a JSON object", branch.span, &branch_pointer);
                    }
                }
            }
        }
        Parallel { branches }
    }

    pub(super) fn map(&mut self, node: &Node, pointer: &str) -> Map {
        let key = if node.get("ItemProcessor").is_some() { "ItemProcessor" } else { "Iterator" };
        let processor = match node.get(key) {
            Some(p) if p.is_object() => Some(self.machine(p, &format!("{pointer}/{key}"), MachineKind::ItemProcessor)),
            Some(p) => {
                self.schema(format!("The value of '{key}' must be an object"), p.span, &format!("{pointer}/{key}"));
                None
            }
            None => {
                self.schema("These fields are required: [ItemProcessor]", node.span, pointer);
                None
            }
        };
        let distributed =
            node.get(key).and_then(|p| p.get("ProcessorConfig")).and_then(|c| c.get("Mode")).and_then(Node::as_str)
                == Some("DISTRIBUTED");
        let raw = |k: &str| node.get(k).map(Node::to_value);
        Map {
            processor,
            items_path: self.string(node, "ItemsPath", pointer).map(|s| PathText::new(s.value)),
            items: raw("Items"),
            item_selector: ["ItemSelector", "Parameters"].iter().find_map(|k| node.get(k)).map(|v| self.raw(v)),
            item_reader: node.get("ItemReader").map(|r| ItemReader {
                value: r.to_value(),
                // Read without a word: a MaxItemsPath that is not a string is left out.
                max_items_path: r
                    .get("ReaderConfig")
                    .and_then(|c| c.get("MaxItemsPath"))
                    .and_then(Node::as_str)
                    .map(PathText::new),
            }),
            item_batcher: node.get("ItemBatcher").map(|b| {
                let path = |k: &str| b.get(k).and_then(Node::as_str).map(PathText::new);
                ItemBatcher {
                    value: b.to_value(),
                    max_items_per_batch_path: path("MaxItemsPerBatchPath"),
                    max_input_bytes_per_batch_path: path("MaxInputBytesPerBatchPath"),
                    batch_input: b.get("BatchInput").map(|v| self.raw(v)),
                }
            }),
            result_writer: raw("ResultWriter"),
            max_concurrency: self.natural(node, "MaxConcurrency", pointer),
            max_concurrency_path: self.string(node, "MaxConcurrencyPath", pointer).map(|s| PathText::new(s.value)),
            tolerated_failure_count: raw("ToleratedFailureCount"),
            tolerated_failure_count_path: self
                .string(node, "ToleratedFailureCountPath", pointer)
                .map(|s| PathText::new(s.value)),
            tolerated_failure_percentage: raw("ToleratedFailurePercentage"),
            tolerated_failure_percentage_path: self
                .string(node, "ToleratedFailurePercentagePath", pointer)
                .map(|s| PathText::new(s.value)),
            label: self.string(node, "Label", pointer).map(|label| {
                if let Some(why) = label_problem(&label.value) {
                    self.schema(why, label.span, &format!("{pointer}/Label"));
                }
                label.value
            }),
            distributed,
        }
    }
    /// A Map's bounded fields and the exclusive fields of its `ItemBatcher` and `ItemReader`.
    pub(super) fn check_map_fields(&mut self, node: &Node, pointer: &str) {
        self.bounded(node, "ToleratedFailurePercentage", 0.0, 100.0, pointer);
        self.bounded(node, "ToleratedFailureCount", 0.0, f64::MAX, pointer);
        if let Some(batcher) = node.get("ItemBatcher") {
            let at = format!("{pointer}/ItemBatcher");
            self.exclusive(
                batcher,
                &[("MaxItemsPerBatch", "MaxItemsPerBatchPath"), ("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")],
                &at,
            );
        }
        if let Some(config) = node.get("ItemReader").and_then(|r| r.get("ReaderConfig")) {
            self.exclusive(config, &[("MaxItems", "MaxItemsPath")], &format!("{pointer}/ItemReader/ReaderConfig"));
        }
    }
}
