//! Opening files (JSON or YAML) and exporting YAML. A file must hold a state-machine definition
//! (an object with a `States` object); otherwise it is refused with a message and nothing changes.

use serde_json::Value;

/// Files larger than this are refused before being read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file was refused, for people.
pub fn too_large(name: &str, size: u64) -> Option<String> {
    (size > MAX_FILE_BYTES).then(|| {
        format!("{name} was not opened: it is {:.1} MB, and files over 1 MB are refused. The current document is unchanged.", size as f64 / (1024.0 * 1024.0))
    })
}

fn check_definition(name: &str, value: &Value) -> Result<(), String> {
    match value.get("States") {
        Some(Value::Object(_)) => Ok(()),
        _ => Err(format!(
            "{name} was not opened: it is not a state-machine definition (no \"States\" object). The current document is unchanged."
        )),
    }
}

fn is_yaml_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The editor text for a file: JSON is kept byte for byte; YAML becomes two-space JSON in the
/// same key order. Files named `.yaml`/`.yml` are read as YAML; others as JSON, then as YAML.
pub fn import(name: &str, content: &str) -> Result<String, String> {
    if content.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, content.len() as u64).unwrap_or_default());
    }
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    if !is_yaml_name(name) {
        match asl_core::syntax::json::parse(content) {
            Ok(node) => {
                check_definition(name, &node.to_value())?;
                return Ok(content.to_string());
            }
            // Plain JSON that fails: say so, unless it reads as YAML (JSON is nearly YAML, so
            // try only when the text does not start like JSON).
            Err(e) if content.trim_start().starts_with(['{', '[']) => {
                let (line, col) = asl_core::syntax::json::LineIndex::new(content).line_col(content, e.span.start);
                return Err(format!(
                    "{name} was not opened: it is not valid JSON (line {line}, column {col}: {}). The current document is unchanged.",
                    e.message
                ));
            }
            Err(_) => {}
        }
    }
    let value: Value = serde_yaml_ng::from_str(content).map_err(|e| {
        format!("{name} was not opened: it is neither JSON nor YAML ({e}). The current document is unchanged.")
    })?;
    check_definition(name, &value)?;
    serde_json::to_string_pretty(&value).map_err(|e| format!("{name} was not opened: {e}"))
}

/// The definition as YAML (keys in the editor's order), or why not.
pub fn to_yaml(text: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("Export as YAML needs valid JSON: {e}"))?;
    serde_yaml_ng::to_string(&value).map_err(|e| format!("Export as YAML failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}\n}";

    #[test]
    fn json_is_kept_byte_for_byte_and_yaml_becomes_json_in_order() {
        assert_eq!(import("m.json", DEF).unwrap(), DEF);
        let yaml = to_yaml(DEF).unwrap();
        assert!(yaml.starts_with("StartAt: A\nStates:"), "{yaml}");
        let back = import("m.yaml", &yaml).unwrap();
        let v: Value = serde_json::from_str(&back).unwrap();
        assert_eq!(v, serde_json::from_str::<Value>(DEF).unwrap());
        assert!(back.find("StartAt").unwrap() < back.find("States").unwrap());
        // No extension: YAML after JSON fails.
        assert!(import("pasted", "StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n").is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_definition_or_too_large() {
        let e = import("package.json", "{\"name\": \"x\"}").unwrap_err();
        assert!(e.contains("not a state-machine definition"), "{e}");
        let e = import("bad.json", "{\"States\": ").unwrap_err();
        assert!(e.contains("not valid JSON (line 1, column 12"), "{e}");
        let e = import("list.yaml", "- a\n- b\n").unwrap_err();
        assert!(e.contains("not a state-machine definition"), "{e}");
        let e = import("x.yaml", "a: [").unwrap_err();
        assert!(e.contains("neither JSON nor YAML"), "{e}");
        assert!(too_large("big.json", MAX_FILE_BYTES + 1).unwrap().contains("over 1 MB"));
        assert_eq!(too_large("ok.json", MAX_FILE_BYTES), None);
        assert!(to_yaml("{").unwrap_err().contains("needs valid JSON"));
    }
}
