//! `asl`: the ASL core on the command line, for CI users.
//!
//! `asl validate [--json] [--allow-substitutions] [--express] FILE` prints each diagnostic as
//! `FILE:LINE:COL: SEVERITY CODE message` (or one JSON object with `--json`) and exits 1 when there
//! are errors, 0 otherwise. Bad arguments or an unreadable file: one line on stderr and exit 2.

use std::process::ExitCode;

use asl_core::{parse_with, ParseOptions, Severity};
use serde_json::json;

const USAGE: &str = "usage: asl validate [--json] [--allow-substitutions] [--express] FILE";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("asl: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else { return Err(USAGE.into()) };
    match command.as_str() {
        "validate" => validate(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}'; {USAGE}")),
    }
}

fn validate(args: &[String]) -> Result<ExitCode, String> {
    let (mut as_json, mut options, mut file) = (false, ParseOptions::default(), None);
    for arg in args {
        match arg.as_str() {
            "--json" => as_json = true,
            "--allow-substitutions" => options.allow_substitutions = true,
            "--express" => options.express = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; {USAGE}")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err(format!("one file at a time; {USAGE}")),
        }
    }
    let file = file.ok_or(USAGE)?;
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{file} is not UTF-8 text"))?;
    let parsed = parse_with(&text, &options);
    let has_errors = parsed.has_errors();
    if as_json {
        let diagnostics: Vec<_> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                let (line, column) = parsed.line_index.line_col(&text, d.span.start);
                json!({"code": d.code, "severity": d.severity.as_str(), "message": d.message, "pointer": d.pointer, "line": line, "column": column})
            })
            .collect();
        println!("{}", json!({"valid": !has_errors, "diagnostics": diagnostics}));
    } else {
        for d in &parsed.diagnostics {
            let (line, column) = parsed.line_index.line_col(&text, d.span.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!("{file}:{line}:{column}: {severity} {} {}", d.code, d.message);
        }
    }
    Ok(if has_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
