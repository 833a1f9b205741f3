//! `asl`: the ASL core on the command line, for CI users.
//!
//! - `asl validate [--json] [--allow-substitutions] [--express] FILE` prints each diagnostic as
//!   `FILE:LINE:COL: SEVERITY CODE message` (or one JSON object with `--json`) and exits 1 when
//!   there are errors, 0 otherwise.
//! - `asl simulate FILE [--input JSON|@FILE] [--mock MockConfig.json --test-case NAME
//!   [--state-machine NAME]] [--json]` runs the machine on the virtual clock and prints the
//!   history and the result; exits 0 when it SUCCEEDED, 1 when it FAILED or TIMED_OUT.
//! - `asl test-state REQUEST.json` answers a TestState API request body.
//! - `asl test FILE [--mock MockConfig.json] --tests TESTS.json [--junit OUT.xml]` runs each test
//!   of TESTS.json (the file the app's "Export tests" writes) with its MockConfig test case and
//!   checks its expectations: `PASS name` / `FAIL name: what differed` and a summary line; exits 0
//!   when all pass, 1 when any fails. `--junit` also writes JUnit XML.
//!
//! Bad arguments or an unreadable file: one line on stderr and exit 2.

use std::io::Write;
use std::process::ExitCode;

/// Prints a line; a reader that went away (`asl ... | head`) is not an error worth a panic.
macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

use asl_core::{parse_with, ParseOptions, Severity};
use serde_json::json;

const USAGE: &str = "usage: asl validate [--json] [--allow-substitutions] [--express] FILE\n       asl simulate FILE [--input JSON|@FILE] [--mock MOCKCONFIG --test-case NAME [--state-machine NAME]] [--json]\n       asl test-state REQUEST.json\n       asl test FILE [--mock MOCKCONFIG] --tests TESTS.json [--junit OUT.xml]";

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
    let Some((command, rest)) = args.split_first() else {
        return Err("a command is needed: validate, simulate, test or test-state; see asl --help".into());
    };
    match command.as_str() {
        "validate" => validate(rest),
        "simulate" => simulate(rest),
        "test-state" => test_state(rest),
        "test" => test(rest),
        "-h" | "--help" | "help" => {
            outln!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command '{other}': use validate, simulate, test or test-state; see asl --help")),
    }
}

fn validate(args: &[String]) -> Result<ExitCode, String> {
    let (mut as_json, mut options, mut file) = (false, ParseOptions::default(), None);
    for arg in args {
        match arg.as_str() {
            "--json" => as_json = true,
            "--allow-substitutions" => options.allow_substitutions = true,
            "--express" => options.express = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one file at a time; see asl --help".into()),
        }
    }
    let file = file.ok_or("validate needs a FILE; see asl --help")?;
    let text = read_text(&file)?;
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
        outln!("{}", json!({"valid": !has_errors, "diagnostics": diagnostics}));
    } else {
        for d in &parsed.diagnostics {
            let (line, column) = parsed.line_index.line_col(&text, d.span.start);
            outln!("{file}:{line}:{column}: {} {} {}", d.severity.as_str(), d.code, d.message);
        }
    }
    Ok(if has_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_text(file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{file} is not UTF-8 text"))
}

fn read_json(what: &str, text: &str) -> Result<serde_json::Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} is not JSON: {e}"))
}

fn simulate(args: &[String]) -> Result<ExitCode, String> {
    let (mut file, mut input, mut mock, mut test_case, mut machine_name, mut as_json) =
        (None, None, None, None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        match arg.as_str() {
            "--input" => input = Some(value("--input")?),
            "--mock" => mock = Some(value("--mock")?),
            "--test-case" => test_case = Some(value("--test-case")?),
            "--state-machine" => machine_name = Some(value("--state-machine")?),
            "--json" => as_json = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one definition file at a time; see asl --help".into()),
        }
    }
    let file = file.ok_or("simulate needs a FILE; see asl --help")?;
    let text = read_text(&file)?;
    let parsed = asl_core::parse(&text);
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        let (line, column) = parsed.line_index.line_col(&text, d.span.start);
        return Err(format!("{file}:{line}:{column}: the definition is not valid: {} {}", d.code, d.message));
    }
    let machine = parsed.machine.ok_or("the definition is not valid")?;
    let input = match input {
        None => json!({}),
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => read_json(path, &read_text(path)?)?,
            None => read_json("--input", &arg)?,
        },
    };
    let scenario = match (mock, test_case) {
        (None, None) => asl_core::Scenario::new(),
        (Some(path), Some(case)) => {
            let config = read_json(&path, &read_text(&path)?)?;
            // The MockConfig names the machine by the definition's base name unless told otherwise.
            let name = machine_name.unwrap_or_else(|| {
                let base: String = match std::path::Path::new(&file).file_name() {
                    Some(n) => n.to_string_lossy().into_owned(),
                    None => file.to_string(),
                };
                base.split('.').next().unwrap_or_default().to_string()
            });
            asl_core::Scenario::from_mock_config(&config, &name, &case)?
        }
        _ => return Err("--mock and --test-case go together; see asl --help".into()),
    };
    let run = asl_core::simulate(&machine, input, &scenario, &asl_core::Options::default());
    if as_json {
        let history: Vec<_> = run.history.iter().map(asl_core::run::replay::aws_event).collect();
        outln!(
            "{}",
            json!({"status": run.status.as_str(), "output": run.output, "error": run.error, "cause": run.cause, "history": history})
        );
    } else {
        let start = run.history.first().map_or(0, |e| e.timestamp_ms);
        outln!("{:>5}  {:>9}  {:<28} STATE", "ID", "TIME", "TYPE");
        for e in &run.history {
            let secs = (e.timestamp_ms - start) as f64 / 1000.0;
            outln!("{:>5}  {:>8.1}s  {:<28} {}", e.id, secs, e.event_type, e.state.as_deref().unwrap_or(""));
        }
        outln!("\nstatus: {}", run.status.as_str());
        match (&run.output, &run.error) {
            (Some(output), _) => outln!("output: {output}"),
            (None, error) => {
                outln!("error:  {}", error.as_deref().unwrap_or(""));
                outln!("cause:  {}", run.cause.as_deref().unwrap_or(""));
            }
        }
    }
    Ok(if run.status == asl_core::Status::Succeeded { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn test_state(args: &[String]) -> Result<ExitCode, String> {
    let [file] = args else { return Err("test-state takes one REQUEST.json; see asl --help".into()) };
    let request = read_json(file, &read_text(file)?)?;
    let response = asl_core::run::test_state::run(&request)?;
    outln!("{response}");
    Ok(ExitCode::SUCCESS)
}

fn test(args: &[String]) -> Result<ExitCode, String> {
    let (mut file, mut mock, mut tests, mut junit) = (None, None, None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        match arg.as_str() {
            "--mock" => mock = Some(value("--mock")?),
            "--tests" => tests = Some(value("--tests")?),
            "--junit" => junit = Some(value("--junit")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one definition file at a time; see asl --help".into()),
        }
    }
    let file = file.ok_or("test needs a FILE; see asl --help")?;
    let tests = tests.ok_or("test needs --tests TESTS.json; see asl --help")?;
    let text = read_text(&file)?;
    let parsed = asl_core::parse(&text);
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        let (line, column) = parsed.line_index.line_col(&text, d.span.start);
        return Err(format!("{file}:{line}:{column}: the definition is not valid: {} {}", d.code, d.message));
    }
    let machine = parsed.machine.ok_or("the definition is not valid")?;
    let mock = match mock {
        Some(path) => Some(read_json(&path, &read_text(&path)?)?),
        None => None,
    };
    let suite = asl_core::run::verdict::TestSuite::from_json(&read_json(&tests, &read_text(&tests)?)?)
        .map_err(|e| format!("{tests}: {e}"))?;
    let results = suite.run(&machine, mock.as_ref())?;
    for r in &results {
        outln!("{}", r.line());
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    outln!("{} passed, {failed} failed", results.len() - failed);
    if let Some(path) = junit {
        let name = std::path::Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        std::fs::write(&path, asl_core::run::verdict::junit(&name, &results))
            .map_err(|e| format!("{path}: cannot write: {e}"))?;
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
