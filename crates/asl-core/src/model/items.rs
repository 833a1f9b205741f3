//! Where a Map's items come from and how they are grouped: `ItemReader` and `ItemBatcher`,
//! with their paths and `BatchInput` ready to evaluate.

use std::ops::Deref;

use serde_json::Value;

use super::{PathText, RawJson};

/// `ItemBatcher` as written, plus its `…Path` fields and `BatchInput` held compiled, so a run
/// never parses them again (the value keeps the numbers, and JSONata strings, as written).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemBatcher {
    pub value: Value,
    pub max_items_per_batch_path: Option<PathText>,
    pub max_input_bytes_per_batch_path: Option<PathText>,
    pub batch_input: Option<RawJson>,
}

impl ItemBatcher {
    /// `MaxItemsPerBatchPath` or `MaxInputBytesPerBatchPath`, by the name of the field it sets.
    pub fn path(&self, field: &str) -> Option<&PathText> {
        match field {
            "MaxItemsPerBatch" => self.max_items_per_batch_path.as_ref(),
            "MaxInputBytesPerBatch" => self.max_input_bytes_per_batch_path.as_ref(),
            _ => None,
        }
    }
}

/// `ItemReader` as written (it reads as that JSON value: `reader.get("Resource")`), plus
/// `ReaderConfig.MaxItemsPath` held compiled.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemReader {
    pub value: Value,
    pub max_items_path: Option<PathText>,
}

impl Deref for ItemReader {
    type Target = Value;

    fn deref(&self) -> &Value {
        &self.value
    }
}
