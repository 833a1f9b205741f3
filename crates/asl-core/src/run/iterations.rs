//! Map iterations in a history, read from the events alone (so a recorded AWS history works
//! the same): which iterations each event is inside, each Map's counts at a position (AWS's Map
//! Run view: succeeded, failed, running, pending), each iteration's status, and the history as
//! one iteration sees it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::run::event::EventType;
use crate::run::interp::{ChildRun, HistoryEvent};

/// One iteration of a Map state: `mapIterationStartedEventDetails.name` and `.index`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iteration {
    pub map_state: String,
    pub index: usize,
}

/// The Map state and index an iteration event (`MapIterationStarted`, ...) is about, read in
/// place: `mapIteration…EventDetails.name` (or the event's state) and `.index`.
fn iteration_fields(event: &HistoryEvent) -> Option<(&str, usize)> {
    let map_state = event.details.get("name").and_then(Value::as_str).or(event.state.as_deref())?;
    let index = event.details.get("index").and_then(Value::as_u64)? as usize;
    Some((map_state, index))
}

impl Iteration {
    fn of(event: &HistoryEvent) -> Option<Iteration> {
        iteration_fields(event).map(|(map_state, index)| Iteration { map_state: map_state.to_string(), index })
    }
}

fn ends_iteration(t: EventType) -> bool {
    matches!(t, EventType::MapIterationSucceeded | EventType::MapIterationFailed | EventType::MapIterationAborted)
}

/// Calls `f` with each event and the iterations it is inside, outermost first. An iteration's
/// own `MapIterationStarted` and its ending event are inside it.
fn walk<'e>(events: &'e [HistoryEvent], mut f: impl FnMut(&'e HistoryEvent, &[Iteration])) {
    let mut open: Vec<Iteration> = Vec::new();
    for event in events {
        if event.event_type == EventType::MapIterationStarted {
            if let Some(it) = Iteration::of(event) {
                open.push(it);
            }
        }
        f(event, &open);
        if ends_iteration(event.event_type) {
            if let Some((map_state, index)) = iteration_fields(event) {
                // Normally the innermost; a malformed history may close another one.
                if let Some(at) = open.iter().rposition(|o| o.map_state == map_state && o.index == index) {
                    open.truncate(at);
                }
            }
        }
    }
}

/// For each event, the iterations it is inside, outermost first.
pub fn enclosing(events: &[HistoryEvent]) -> Vec<Vec<Iteration>> {
    let mut out = Vec::with_capacity(events.len());
    walk(events, |_, open| out.push(open.to_vec()));
    out
}

/// The history as iteration `it` sees it: every event outside `it.map_state`'s iterations, and
/// the events inside `it`. Replaying it colours the Map's states by that iteration's path.
pub fn seen_by<'e>(events: &'e [HistoryEvent], it: &Iteration) -> Vec<&'e HistoryEvent> {
    let mut out = Vec::new();
    walk(events, |event, open| {
        if open.contains(it) || !open.iter().any(|o| o.map_state == it.map_state) {
            out.push(event);
        }
    });
    out
}

/// Where an iteration is at a position of the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IterationStatus {
    Running,
    Succeeded,
    Failed,
    Aborted,
}

impl IterationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IterationStatus::Running => "running",
            IterationStatus::Succeeded => "succeeded",
            IterationStatus::Failed => "failed",
            IterationStatus::Aborted => "aborted",
        }
    }
}

/// A Map's latest visit at a position: its item count and each started iteration's status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapProgress {
    /// `mapStateStartedEventDetails.length`.
    pub total: usize,
    /// By index, the iterations started so far.
    pub iterations: BTreeMap<usize, IterationStatus>,
}

/// The counts AWS's Map Run view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapCounts {
    pub succeeded: usize,
    pub failed: usize,
    pub running: usize,
    pub aborted: usize,
    /// Not started yet.
    pub pending: usize,
}

impl MapProgress {
    pub fn counts(&self) -> MapCounts {
        let mut c = MapCounts::default();
        for status in self.iterations.values() {
            match status {
                IterationStatus::Running => c.running += 1,
                IterationStatus::Succeeded => c.succeeded += 1,
                IterationStatus::Failed => c.failed += 1,
                IterationStatus::Aborted => c.aborted += 1,
            }
        }
        c.pending = self.total.saturating_sub(self.iterations.len());
        c
    }
}

/// Per Map state, its latest visit in `events` (a Map inside another Map's iterations shows
/// the iteration that ran it last).
pub fn progress(events: &[HistoryEvent]) -> BTreeMap<String, MapProgress> {
    let mut out: BTreeMap<String, MapProgress> = BTreeMap::new();
    for event in events {
        let status = match event.event_type {
            EventType::MapStateStarted => {
                if let Some(state) = &event.state {
                    let total = event.details.get("length").and_then(Value::as_u64).unwrap_or(0) as usize;
                    out.insert(state.clone(), MapProgress { total, iterations: BTreeMap::new() });
                }
                continue;
            }
            EventType::MapIterationStarted => IterationStatus::Running,
            EventType::MapIterationSucceeded => IterationStatus::Succeeded,
            EventType::MapIterationFailed => IterationStatus::Failed,
            EventType::MapIterationAborted => IterationStatus::Aborted,
            _ => continue,
        };
        // Read in place: this runs at every step of the playback, over every event shown.
        if let Some((map_state, index)) = iteration_fields(event) {
            if !out.contains_key(map_state) {
                out.insert(map_state.to_string(), MapProgress::default());
            }
            if let Some(map) = out.get_mut(map_state) {
                map.iterations.insert(index, status);
                // A history without `MapStateStarted` still counts what it shows.
                map.total = map.total.max(map.iterations.len());
            }
        }
    }
    out
}

/// [`progress`] with the child executions of distributed Maps counted in: their iteration
/// events are in the children's histories, not in `events`. Once the shown part of the run
/// has a Map Run's end, its iterations are its children's (the children of its latest visit);
/// while the Map Run is open, all are running.
pub fn progress_with_children(events: &[HistoryEvent], children: &[ChildRun]) -> BTreeMap<String, MapProgress> {
    let mut out = progress(events);
    // Per Map, how many of its Map Runs began, and whether the last one ended, in `events`.
    let mut runs: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for e in events {
        let Some(state) = e.state.as_deref() else { continue };
        match e.event_type {
            EventType::MapRunStarted => {
                let r = runs.entry(state).or_default();
                *r = (r.0 + 1, false);
            }
            EventType::MapRunSucceeded | EventType::MapRunFailed | EventType::MapRunAborted => {
                runs.entry(state).or_default().1 = true;
            }
            _ => {}
        }
    }
    for (map, (visits, ended)) in runs {
        let Some(group) = child_group(children, map, visits) else { continue };
        let progress = out.entry(map.to_string()).or_default();
        for child in group {
            let status = if !ended { IterationStatus::Running } else { child_status(child) };
            progress.iterations.insert(child.index, status);
        }
        progress.total = progress.total.max(progress.iterations.len());
    }
    out
}

/// The children of the `visit`-th (1-based) Map Run of `map`: each visit's children run from
/// index 0 on, in order.
fn child_group<'c>(children: &'c [ChildRun], map: &str, visit: usize) -> Option<Vec<&'c ChildRun>> {
    let mut groups: Vec<Vec<&ChildRun>> = Vec::new();
    for c in children.iter().filter(|c| c.map_state == map) {
        match groups.last_mut() {
            Some(g) if c.index > g.last().map_or(0, |l| l.index) => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    groups.into_iter().nth(visit.checked_sub(1)?)
}

/// How a child execution ended: its last iteration event says.
pub fn child_status(child: &ChildRun) -> IterationStatus {
    match child.history.iter().rev().find(|e| is_iteration_event(e.event_type)).map(|e| e.event_type) {
        Some(EventType::MapIterationSucceeded) => IterationStatus::Succeeded,
        Some(EventType::MapIterationFailed) => IterationStatus::Failed,
        _ => IterationStatus::Aborted,
    }
}

fn is_iteration_event(t: EventType) -> bool {
    matches!(
        t,
        EventType::MapIterationStarted
            | EventType::MapIterationSucceeded
            | EventType::MapIterationFailed
            | EventType::MapIterationAborted
    )
}

/// The child execution that ran iteration `it` of a distributed Map (its latest visit), if
/// the Map is distributed.
pub fn child_of<'c>(children: &'c [ChildRun], it: &Iteration) -> Option<&'c ChildRun> {
    children.iter().rev().find(|c| c.map_state == it.map_state && c.index == it.index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, simulate, Options, Outcome, Scenario};
    use serde_json::json;

    const MAP: &str = r#"{
      "StartAt": "Each",
      "States": {
        "Each": {
          "Type": "Map",
          "ToleratedFailureCount": 1,
          "ItemProcessor": {"StartAt": "Work", "States": {
            "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "w"}, "Next": "After"},
            "After": {"Type": "Pass", "End": true}
          }},
          "End": true
        }
      }
    }"#;

    fn run() -> crate::Run {
        let machine = parse(MAP).machine.unwrap();
        let ok = Outcome::Return(json!({"Payload": 1}));
        let scenario = Scenario::new()
            .then("Work", ok.clone())
            .then("Work", ok.clone())
            .then("Work", Outcome::Throw { error: "Boom".into(), cause: None });
        let scenario = scenario.then("Work", ok);
        simulate(&machine, json!([10, 20, 30, 40]), &scenario, &Options::default())
    }

    #[test]
    fn counts_follow_the_position() {
        let run = run();
        let end = progress(&run.history);
        let each = &end["Each"];
        assert_eq!(each.total, 4);
        assert_eq!(each.iterations[&2], IterationStatus::Failed);
        assert_eq!(
            each.counts(),
            MapCounts { succeeded: 3, failed: 1, running: 0, aborted: 0, pending: 0 },
            "{:?}",
            run.history.iter().map(|e| e.event_type.as_str()).collect::<Vec<_>>()
        );
        // Just after the second iteration started: one done, one running, two to go.
        let second = run
            .history
            .iter()
            .position(|e| e.event_type == EventType::MapIterationStarted && e.details["index"] == 1)
            .unwrap();
        let c = progress(&run.history[..=second])["Each"].counts();
        assert_eq!(c, MapCounts { succeeded: 1, failed: 0, running: 1, aborted: 0, pending: 2 });
    }

    #[test]
    fn each_event_knows_its_iteration_and_an_iteration_sees_its_own_path() {
        let run = run();
        let inside = enclosing(&run.history);
        let third = Iteration { map_state: "Each".into(), index: 2 };
        let own: Vec<&str> = run
            .history
            .iter()
            .zip(&inside)
            .filter(|(_, its)| its.contains(&third))
            .map(|(e, _)| e.event_type.as_str())
            .collect();
        assert_eq!(own.first(), Some(&"MapIterationStarted"));
        assert_eq!(own.last(), Some(&"MapIterationFailed"));
        assert!(own.contains(&"TaskFailed") && !own.contains(&"PassStateEntered"), "{own:?}");
        // Outside every iteration: the execution's and the Map's own events.
        assert!(inside[0].is_empty() && inside.last().unwrap().is_empty());

        let replay = |events: Vec<&HistoryEvent>| {
            let mut replayer = crate::run::replay::Replayer::default();
            events.into_iter().for_each(|e| replayer.apply(e));
            replayer.into_snapshot()
        };
        let snap = replay(seen_by(&run.history, &third));
        assert_eq!(snap.statuses.get("Work"), Some(&crate::run::replay::StateStatus::Failed));
        assert_eq!(snap.statuses.get("After"), None, "iteration 2 never reached After");
        let snap = replay(seen_by(&run.history, &Iteration { map_state: "Each".into(), index: 0 }));
        assert_eq!(snap.statuses.get("After"), Some(&crate::run::replay::StateStatus::Succeeded));
    }

    #[test]
    fn a_distributed_maps_children_count_once_its_map_run_ends() {
        let text = MAP.replace(
            r#""ItemProcessor": {"#,
            r#""ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},"#,
        );
        let machine = parse(&text).machine.unwrap();
        let ok = Outcome::Return(json!({"Payload": 1}));
        let scenario = Scenario::new()
            .then("Work", ok.clone())
            .then("Work", Outcome::Throw { error: "Boom".into(), cause: None })
            .then("Work", ok);
        let run = simulate(&machine, json!([1, 2, 3]), &scenario, &Options::default());
        assert_eq!(run.map_runs.len(), 3);
        assert!(progress(&run.history)["Each"].iterations.is_empty(), "no iteration events in the parent");
        let at_end = progress_with_children(&run.history, &run.map_runs)["Each"].counts();
        assert_eq!((at_end.succeeded, at_end.failed, at_end.pending), (2, 1, 0));
        let open = run.history.iter().position(|e| e.event_type == EventType::MapRunStarted).unwrap() + 1;
        let during = progress_with_children(&run.history[..open], &run.map_runs)["Each"].counts();
        assert_eq!(during.running, 3);
        let before = progress_with_children(&run.history[..open - 1], &run.map_runs)["Each"].counts();
        assert_eq!((before.running, before.pending), (0, 3));
        let second = child_of(&run.map_runs, &Iteration { map_state: "Each".into(), index: 1 }).unwrap();
        assert_eq!(child_status(second), IterationStatus::Failed);
    }
}
