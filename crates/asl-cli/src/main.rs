//! `asl`: the ASL core on the command line, for CI users. Every FILE may be a definition (JSON,
//! or YAML) or a CloudFormation/SAM/CDK template; `--state-machine LOGICAL_ID` picks one of a
//! template's state machines.
//!
//! - `asl validate [--format text|json|sarif|github] [--json] [--allow-substitutions] [--express]
//!   [--state-machine ID] FILE` prints each diagnostic as `FILE:LINE:COL: SEVERITY CODE message`
//!   (`--json`: one JSON object; `sarif`: a SARIF 2.1.0 log; `github`: `::error file=…` lines)
//!   and exits 1 when there are errors, 0 otherwise. A template's machines are all checked unless
//!   one is picked, each message names its logical id, placeholders are allowed (as
//!   `--allow-substitutions`), and lines and columns point into the template (see
//!   `asl_edit::template::Origin`).
//! - `asl simulate FILE [--input JSON|@FILE] [--mock MockConfig.json --test-case NAME]
//!   [--state-machine NAME] [--substitution NAME=VALUE]... [--substitutions FILE.json] [--express] [--json]`
//!   runs the machine on the virtual clock and prints the history and the result; exits 0 when it
//!   SUCCEEDED, 1 when it FAILED or TIMED_OUT. `--express` (simulate and test) checks and runs it as
//!   an Express workflow: the patterns Express forbids refused, five minutes at most
//!   (`States.Timeout`), no 25,000-event history limit. `--state-machine` names the MockConfig's machine
//!   (default: the file's base name), and in a template also picks the machine by logical id.
//!   Placeholders get the values given, else the template's or a fake of the right kind.
//! - `asl test-state REQUEST.json` answers a TestState API request body.
//! - `asl test FILE [--mock MockConfig.json] --tests TESTS.json [--junit OUT.xml]
//!   [--state-machine ID] [--substitution NAME=VALUE]... [--substitutions FILE.json] [--express]` runs each
//!   test of TESTS.json with its MockConfig test case and checks its expectations: `PASS name` /
//!   `FAIL name: what differed` and a summary line; exits 0 when all pass, 1 when any fails.
//! - `asl export --format mermaid FILE [--state-machine ID]` prints Mermaid `stateDiagram-v2`.
//!
//! Bad arguments or an unreadable file (or a template's definition that is elsewhere, or several
//! machines and none picked for simulate/test): one line on stderr and exit 2.

mod input;
mod report;

use std::io::Write;
use std::process::ExitCode;

/// Prints a line; a reader that went away (`asl ... | head`) is not an error worth a panic.
macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

use asl_core::{parse_with, ParseOptions, Severity};
use input::{load, read_json, read_text, Picked};
use serde_json::json;

const USAGE: &str = "usage: asl validate [--format text|json|sarif|github] [--json] [--allow-substitutions] [--express] [--state-machine ID] FILE
       asl simulate FILE [--input JSON|@FILE] [--mock MOCKCONFIG --test-case NAME] [--state-machine NAME] [--substitution NAME=VALUE]... [--substitutions FILE.json] [--express] [--json]
       asl test-state REQUEST.json
       asl test FILE [--mock MOCKCONFIG] --tests TESTS.json [--junit OUT.xml] [--state-machine ID] [--substitution NAME=VALUE]... [--substitutions FILE.json] [--express]
       asl export --format mermaid FILE [--state-machine ID]
FILE is a definition (JSON or YAML) or a CloudFormation/SAM/CDK template.";

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
        return Err("a command is needed: validate, simulate, test, test-state or export; see asl --help".into());
    };
    match command.as_str() {
        "validate" => validate(rest),
        "simulate" => simulate(rest),
        "test-state" => test_state(rest),
        "test" => test(rest),
        "export" => export(rest),
        "-h" | "--help" | "help" => {
            outln!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!(
            "unknown command '{other}': use validate, simulate, test, test-state or export; see asl --help"
        )),
    }
}

fn validate(args: &[String]) -> Result<ExitCode, String> {
    let (mut format, mut options, mut file, mut machine) = (report::Format::Text, ParseOptions::default(), None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        match arg.as_str() {
            "--json" => format = report::Format::Json,
            "--format" => format = report::Format::parse(&value("--format")?)?,
            "--allow-substitutions" => options.allow_substitutions = true,
            "--express" => options.express = true,
            "--state-machine" => machine = Some(value("--state-machine")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one file at a time; see asl --help".into()),
        }
    }
    let file = file.ok_or("validate needs a FILE; see asl --help")?;
    let loaded = load(&file)?;
    let is_template = matches!(loaded, input::Loaded::Template(_));
    // A definition inside a template is checked before substitution, as CloudFormation sends it.
    options.allow_substitutions |= is_template;
    let (mut found, mut ids, mut elsewhere) = (Vec::new(), Vec::new(), Vec::new());
    for picked in loaded.pick_all(machine.as_deref())? {
        let picked = match picked {
            Ok(p) => p,
            Err(why) => {
                elsewhere.push(why);
                continue;
            }
        };
        ids.extend(picked.logical_id.clone());
        let text = picked.validation_text()?;
        let parsed = parse_with(&text, &ParseOptions { syntax: picked.syntax, ..options.clone() });
        for d in &parsed.diagnostics {
            let (line, column) = picked.position(&text, d.span.start);
            found.push(report::Found {
                logical_id: picked.logical_id.clone(),
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                pointer: d.pointer.clone(),
                line,
                column,
            });
        }
    }
    match format {
        report::Format::Text => {
            for line in report::text(&file, &found) {
                outln!("{line}");
            }
            // A template names each machine and its verdict, so a clean one is seen checked too.
            for id in &ids {
                let errors =
                    found.iter().filter(|d| d.logical_id.as_ref() == Some(id) && d.severity == Severity::Error);
                match errors.count() {
                    0 => outln!("{file}: {id}: valid"),
                    n => outln!("{file}: {id}: {n} error{}", if n == 1 { "" } else { "s" }),
                }
            }
        }
        report::Format::Json => outln!("{}", report::json(&found, is_template.then_some(ids.as_slice()))),
        report::Format::Sarif => outln!("{:#}", report::sarif(&file, &found)),
        report::Format::Github => {
            for line in report::github(&file, &found) {
                outln!("{line}");
            }
        }
    }
    if !elsewhere.is_empty() {
        return Err(elsewhere.join("; "));
    }
    let has_errors = found.iter().any(|d| d.severity == Severity::Error);
    Ok(if has_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The flags simulate and test share: the machine, its placeholders' values, and whether it is
/// an Express workflow (checked as one: no `.sync`/`.waitForTaskToken`, no activities; run as
/// one: five minutes at most, no 25,000-event history limit).
#[derive(Default)]
struct Pick {
    machine: Option<String>,
    values: Vec<(String, String)>,
    express: bool,
}

impl Pick {
    /// Takes `arg` (and its value) when it is one of these flags.
    fn take(&mut self, arg: &str, value: &mut dyn FnMut(&str) -> Result<String, String>) -> Result<bool, String> {
        match arg {
            "--state-machine" => self.machine = Some(value(arg)?),
            "--express" => self.express = true,
            "--substitution" => self.values.push(input::substitution(&value(arg)?)?),
            "--substitutions" => {
                let mut from_file = input::substitutions_file(&value(arg)?)?;
                // Values given one by one win over the file's, wherever they are on the line.
                from_file.append(&mut self.values);
                self.values = from_file;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The machine to run, parsed after substitution; `Err` (exit 2) when it is not valid.
    fn machine(&self, file: &str) -> Result<(Picked, asl_core::Machine), String> {
        let picked = load(file)?.pick_one(self.machine.as_deref())?;
        let text = picked.simulation_text(&self.values)?;
        let parsed = parse_with(&text, &ParseOptions { express: self.express, ..ParseOptions::default() });
        let place = picked.logical_id.as_ref().map_or(String::new(), |id| format!(" ({id})"));
        if let Some(d) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            let (line, column) = picked.position(&text, d.span.start);
            return Err(format!(
                "{file}:{line}:{column}: the definition{place} is not valid: {} {}",
                d.code, d.message
            ));
        }
        let machine = parsed.machine.ok_or(format!("the definition{place} is not valid"))?;
        Ok((picked, machine))
    }

    /// The options every run gets.
    fn options(&self) -> asl_core::Options {
        asl_core::Options::express(self.express)
    }
}

fn simulate(args: &[String]) -> Result<ExitCode, String> {
    let (mut file, mut input, mut mock, mut test_case, mut as_json) = (None, None, None, None, false);
    let mut pick = Pick::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        if pick.take(arg, &mut value)? {
            continue;
        }
        match arg.as_str() {
            "--input" => input = Some(value("--input")?),
            "--mock" => mock = Some(value("--mock")?),
            "--test-case" => test_case = Some(value("--test-case")?),
            "--json" => as_json = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one definition file at a time; see asl --help".into()),
        }
    }
    let file = file.ok_or("simulate needs a FILE; see asl --help")?;
    let (picked, machine) = pick.machine(&file)?;
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
            // The MockConfig names the machine as told, else by its logical id in a template,
            // else by the definition's base name.
            let name = pick.machine.clone().or(picked.logical_id.clone()).unwrap_or_else(|| {
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
    let run = asl_core::simulate(&machine, input, &scenario, &pick.options());
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
    let mut pick = Pick::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        if pick.take(arg, &mut value)? {
            continue;
        }
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
    let (_, machine) = pick.machine(&file)?;
    let mock = match mock {
        Some(path) => Some(read_json(&path, &read_text(&path)?)?),
        None => None,
    };
    let suite = asl_core::run::verdict::TestSuite::from_json(&read_json(&tests, &read_text(&tests)?)?)
        .map_err(|e| format!("{tests}: {e}"))?;
    let results = suite.run_with(&machine, mock.as_ref(), &pick.options())?;
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

fn export(args: &[String]) -> Result<ExitCode, String> {
    let (mut file, mut format) = (None, None);
    let mut pick = Pick::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value; see asl --help"));
        if arg == "--state-machine" && pick.take(arg, &mut value)? {
            continue;
        }
        match arg.as_str() {
            "--format" => format = Some(value("--format")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'; see asl --help")),
            path if file.is_none() => file = Some(path.to_string()),
            _ => return Err("one definition file at a time; see asl --help".into()),
        }
    }
    match format.as_deref() {
        Some("mermaid") => {}
        Some(other) => return Err(format!("unknown export format '{other}': use mermaid")),
        None => return Err("export needs --format mermaid; see asl --help".into()),
    }
    let file = file.ok_or("export needs a FILE; see asl --help")?;
    let (_, machine) = pick.machine(&file)?;
    let _ = write!(std::io::stdout(), "{}", asl_core::export::mermaid(&machine));
    Ok(ExitCode::SUCCESS)
}
