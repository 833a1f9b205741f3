//! `asl validate`'s output formats: text (`FILE:LINE:COL: SEVERITY CODE message`), `--json`,
//! SARIF 2.1.0 (`--format sarif`, for code-scanning uploads) and GitHub workflow commands
//! (`--format github`, which GitHub Actions shows as annotations).

use serde_json::{json, Value};

/// One diagnostic, located in the file.
pub struct Found {
    pub logical_id: Option<String>,
    pub code: &'static str,
    pub severity: asl_core::Severity,
    pub message: String,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format, String> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            other => return Err(format!("unknown format '{other}': use text, json, sarif or github")),
        })
    }
}

impl Found {
    /// The message, prefixed with the logical id in a template.
    fn text(&self) -> String {
        match &self.logical_id {
            Some(id) => format!("{id}: {}", self.message),
            None => self.message.clone(),
        }
    }

    fn json(&self) -> Value {
        let mut v = json!({"code": self.code, "severity": self.severity.as_str(), "message": self.message,
            "pointer": self.pointer, "line": self.line, "column": self.column});
        if let Some(id) = &self.logical_id {
            v["logicalId"] = json!(id);
        }
        v
    }
}

/// Plain text lines; for a template, the logical id before each message.
pub fn text(file: &str, found: &[Found]) -> Vec<String> {
    found
        .iter()
        .map(|d| format!("{file}:{}:{}: {} {} {}", d.line, d.column, d.severity.as_str(), d.code, d.text()))
        .collect()
}

/// One JSON object. A template's adds `stateMachines`, each logical id with its own verdict.
pub fn json(found: &[Found], machines: Option<&[String]>) -> Value {
    let valid = !found.iter().any(|d| d.severity == asl_core::Severity::Error);
    let mut out = json!({"valid": valid, "diagnostics": found.iter().map(Found::json).collect::<Vec<_>>()});
    if let Some(ids) = machines {
        out["stateMachines"] = ids
            .iter()
            .map(|id| {
                let mine: Vec<&Found> = found.iter().filter(|d| d.logical_id.as_deref() == Some(id)).collect();
                let valid = !mine.iter().any(|d| d.severity == asl_core::Severity::Error);
                json!({"logicalId": id, "valid": valid, "diagnostics": mine.iter().map(|d| d.json()).collect::<Vec<_>>()})
            })
            .collect();
    }
    out
}

/// A SARIF 2.1.0 log: one run, a rule per diagnostic code, a result per diagnostic.
pub fn sarif(file: &str, found: &[Found]) -> Value {
    let mut codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| json!({"id": c, "name": c, "shortDescription": {"text": format!("Amazon States Language check {c}")}}))
        .collect();
    let results: Vec<Value> = found
        .iter()
        .map(|d| {
            let level = match d.severity {
                asl_core::Severity::Error => "error",
                asl_core::Severity::Warning => "warning",
            };
            let logical = match &d.logical_id {
                Some(id) => format!("{id}{}", d.pointer),
                None => d.pointer.clone(),
            };
            json!({
                "ruleId": d.code,
                "ruleIndex": codes.iter().position(|c| *c == d.code),
                "level": level,
                "message": {"text": d.text()},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {"startLine": d.line, "startColumn": d.column}
                    },
                    "logicalLocations": [{"fullyQualifiedName": logical}]
                }]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "asl", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "artifacts": [{"location": {"uri": file}}],
            "results": results
        }]
    })
}

/// GitHub's escaping of a workflow command's message and of its property values.
fn escape(s: &str, property: bool) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

/// `::error file=…,line=…,col=…::CODE message` (or `::warning`) lines.
pub fn github(file: &str, found: &[Found]) -> Vec<String> {
    found
        .iter()
        .map(|d| {
            format!(
                "::{} file={},line={},col={}::{}",
                d.severity.as_str(),
                escape(file, true),
                d.line,
                d.column,
                escape(&format!("{} {}", d.code, d.text()), false)
            )
        })
        .collect()
}
