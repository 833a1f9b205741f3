//! Graph checks on a built [`Machine`]: transition targets, terminal states, state-name
//! uniqueness across nested machines, reachability. Field-level checks happen while building the
//! model (see [`crate::syntax::parse`]).

use rustc_hash::FxHashMap as HashMap;

use crate::check::diagnostic::{code, Diagnostic};
use crate::model::{Machine, StateKind, TransitionKind};
use crate::syntax::json::Span;

pub(crate) fn validate(machine: &Machine, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, Span> = HashMap::default();
    check_names(machine, &mut seen, out);
    check_machine(machine, out);
}

/// State names must be unique in the whole definition, branches included.
fn check_names<'m>(machine: &'m Machine, seen: &mut HashMap<&'m str, Span>, out: &mut Vec<Diagnostic>) {
    for state in &machine.states {
        if seen.insert(&state.name, state.name_span).is_some() {
            out.push(Diagnostic::error(
                code::DUPLICATE_STATE_NAME,
                format!("Duplicate State name: {}", state.name),
                state.name_span,
                &state.pointer,
            ));
        }
        for inner in nested(&state.kind) {
            check_names(inner, seen, out);
        }
    }
}

fn nested(kind: &StateKind) -> Vec<&Machine> {
    match kind {
        StateKind::Parallel(p) => p.branches.iter().collect(),
        StateKind::Map(m) => m.processor.iter().collect(),
        _ => Vec::new(),
    }
}

/// State name → index (the machine's own), so that checks stay linear on large machines.
type Index = HashMap<String, usize>;

fn check_machine(machine: &Machine, out: &mut Vec<Diagnostic>) {
    let at = |suffix: &str| format!("{}/{suffix}", machine.pointer);
    let index = &machine.index;
    if let Some(start) = &machine.start_at {
        if !index.contains_key(start.value.as_str()) {
            // AWS says 'Next' here too.
            out.push(Diagnostic::error(
                code::MISSING_TRANSITION_TARGET,
                format!("Missing 'Next' target: {}", start.value),
                start.span,
                at("StartAt"),
            ));
        }
    }
    // Each state's targets, resolved once here for the three walks below.
    let mut succ: Vec<Vec<usize>> = Vec::with_capacity(machine.states.len());
    for state in &machine.states {
        let mut targets = Vec::new();
        for t in state.transitions() {
            if let Some(&to) = index.get(t.target.value.as_str()) {
                targets.push(to);
                continue;
            }
            let (field, pointer) = match t.kind {
                TransitionKind::Next => ("Next", format!("{}/Next", state.pointer)),
                TransitionKind::Default => ("Default", format!("{}/Default", state.pointer)),
                TransitionKind::Choice(i) => ("Next", format!("{}/Choices/{i}/Next", state.pointer)),
                TransitionKind::Catch(i) => ("Next", format!("{}/Catch/{i}/Next", state.pointer)),
            };
            out.push(Diagnostic::error(
                code::MISSING_TRANSITION_TARGET,
                format!("Missing '{field}' target: {}", t.target.value),
                t.target.span,
                pointer,
            ));
        }
        succ.push(targets);
        for inner in nested(&state.kind) {
            check_machine(inner, out);
        }
    }
    if !machine.states.is_empty() && !machine.states.iter().any(|s| s.is_terminal()) {
        out.push(Diagnostic::error(
            code::MISSING_END_STATE,
            "Workflow has no terminal state",
            machine.span,
            at("States"),
        ));
    }
    // AWS rejects a state that nothing names (not StartAt, no Next, Default or Catcher); a state
    // that is named but only from states that themselves cannot be reached gets our warning.
    let referenced = referenced(machine, index, &succ);
    let reached = reachable(machine, index, &succ);
    check_flow(machine, &succ, &reached, out);
    for (i, &reached) in reached.iter().enumerate() {
        let state = &machine.states[i];
        if !referenced[i] {
            out.push(Diagnostic::error(
                code::MISSING_TRANSITION_TARGET,
                format!("State \"{}\" is not reachable.", state.name),
                state.name_span,
                &state.pointer,
            ));
        } else if !reached {
            out.push(Diagnostic::warning(
                code::UNREACHABLE_STATE,
                format!("No path from StartAt leads to state '{}'", state.name),
                state.name_span,
                &state.pointer,
            ));
        }
    }
}

/// Warnings about flow that AWS accepts but that is almost always a mistake.
fn check_flow(machine: &Machine, succ: &[Vec<usize>], reached: &[bool], out: &mut Vec<Diagnostic>) {
    // States from which some path leads to an end (walked backwards from the terminal states).
    let n = machine.states.len();
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, targets) in succ.iter().enumerate() {
        for &to in targets {
            predecessors[to].push(from);
        }
    }
    let mut ends = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&i| machine.states[i].is_terminal()).collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut ends[i], true) {
            stack.extend(&predecessors[i]);
        }
    }
    let any_terminal = machine.states.iter().any(|s| s.is_terminal());
    for (i, state) in machine.states.iter().enumerate() {
        if any_terminal && reached[i] && !ends[i] {
            out.push(Diagnostic::warning(
                code::NO_WAY_TO_END,
                format!("No path from '{}' leads to an end: a run that gets here loops until it times out", state.name),
                state.name_span,
                &state.pointer,
            ));
        }
        if let StateKind::Choice(choice) = &state.kind {
            if choice.default.is_none() {
                out.push(Diagnostic::warning(
                    code::CHOICE_WITHOUT_DEFAULT,
                    format!(
                        "Choice '{}' has no Default: when no rule matches, the run fails with States.NoChoiceMatched",
                        state.name
                    ),
                    state.name_span,
                    &state.pointer,
                ));
            }
        }
        let lists = [
            ("Catch", state.catch.iter().map(|c| (&c.error_equals, c.span)).collect::<Vec<_>>()),
            ("Retry", state.retry.iter().map(|r| (&r.error_equals, r.span)).collect::<Vec<_>>()),
        ];
        for (field, entries) in lists {
            for (j, (errors, span)) in entries.iter().enumerate() {
                let covered = |e: &String| {
                    entries[..j].iter().any(|(earlier, _)| {
                        if e == "States.ALL" {
                            earlier.iter().any(|x| x == "States.ALL")
                        } else {
                            crate::run::interp::error_matches(earlier, e)
                        }
                    })
                };
                if !errors.is_empty() && errors.iter().all(covered) {
                    out.push(Diagnostic::warning(
                        code::NEVER_MATCHES,
                        format!("This {field} entry can never match: earlier entries take all of its errors"),
                        *span,
                        format!("{}/{field}/{j}", state.pointer),
                    ));
                }
            }
        }
    }
}

/// Which states are named by `StartAt` or by a transition of another state.
fn referenced(machine: &Machine, index: &Index, succ: &[Vec<usize>]) -> Vec<bool> {
    let mut named = vec![false; machine.states.len()];
    if let Some(&i) = machine.start_at.as_ref().and_then(|s| index.get(s.value.as_str())) {
        named[i] = true;
    }
    for (from, targets) in succ.iter().enumerate() {
        for &to in targets.iter().filter(|&&to| to != from) {
            named[to] = true;
        }
    }
    named
}

/// Which states a path from `StartAt` reaches (all false when `StartAt` is broken).
fn reachable(machine: &Machine, index: &Index, succ: &[Vec<usize>]) -> Vec<bool> {
    let mut reached = vec![false; machine.states.len()];
    let start = machine.start_at.as_ref().and_then(|s| index.get(s.value.as_str()).copied());
    let mut stack: Vec<usize> = start.into_iter().collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut reached[i], true) {
            stack.extend(&succ[i]);
        }
    }
    reached
}
