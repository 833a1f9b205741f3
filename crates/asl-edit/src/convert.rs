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

use asl_core::syntax::yaml::is_yaml_name;
use asl_core::Syntax;

/// The editor text for a file and its syntax: a file named `.yaml`/`.yml` stays YAML (the
/// editor shows and edits the YAML itself); anything else is [`import`]ed as JSON.
pub fn import_as(name: &str, content: &str) -> Result<(String, Syntax), String> {
    if !is_yaml_name(name) {
        return import(name, content).map(|text| (text, Syntax::Json));
    }
    if content.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, content.len() as u64).unwrap_or_default());
    }
    let value = crate::yaml::value(content).map_err(|e| {
        format!("{name} was not opened: it is not valid YAML ({e}). The current document is unchanged.")
    })?;
    check_definition(name, &value)?;
    Ok((content.to_string(), Syntax::Yaml))
}

/// Whether a text that is not JSON reads as a YAML definition (a share link's text).
pub fn is_yaml_definition(text: &str) -> bool {
    asl_core::syntax::json::parse(text).is_err()
        && crate::yaml::value(text).is_ok_and(|v| matches!(v.get("States"), Some(Value::Object(_))))
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
    let value: Value = crate::yaml::value(content).map_err(|e| {
        format!("{name} was not opened: it is neither JSON nor YAML ({e}). The current document is unchanged.")
    })?;
    check_definition(name, &value)?;
    serde_json::to_string_pretty(&value).map_err(|e| format!("{name} was not opened: {e}"))
}

/// The definition as JSON text whatever its syntax (a YAML text's value, two-space indented).
pub fn to_json_text(text: &str, syntax: Syntax) -> Result<String, String> {
    match syntax {
        Syntax::Json => Ok(text.to_string()),
        Syntax::Yaml => crate::yaml::to_json(text),
    }
}

/// The definition as YAML (keys in the editor's order), or why not.
pub fn to_yaml(text: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("Export as YAML needs valid JSON: {e}"))?;
    Ok(crate::yaml::to_string(&value))
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
    fn yaml_files_stay_yaml() {
        let yaml = "# kept\nStartAt: A\nStates:\n  A: {Type: Pass, End: true}\n";
        assert_eq!(import_as("m.asl.yaml", yaml).unwrap(), (yaml.to_string(), Syntax::Yaml));
        assert_eq!(import_as("m.json", DEF).unwrap(), (DEF.to_string(), Syntax::Json));
        let e = import_as("m.yml", "StartAt: [").unwrap_err();
        assert!(e.contains("not valid YAML") && e.contains("line 1"), "{e}");
        assert!(import_as("m.yml", "a: 1").unwrap_err().contains("not a state-machine definition"));
        assert!(is_yaml_definition(yaml));
        assert!(!is_yaml_definition(DEF));
        assert_eq!(serde_json::from_str::<Value>(&to_json_text(yaml, Syntax::Yaml).unwrap()).unwrap()["StartAt"], "A");
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
