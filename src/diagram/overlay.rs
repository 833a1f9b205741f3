//! What the drawing shows of a run: each state's status and the playback's step (replayed once
//! per step, not once per node and per use), each Map's counts and each Parallel branch's
//! status at the playback's position. A Map iteration picked in the history shows that
//! iteration's path in the Map's states.

use std::collections::BTreeMap;
use std::sync::Arc;

use asl_core::layout::Layout;
use asl_core::run::iterations::{self, Iteration, MapCounts, MapProgress};
use asl_core::run::replay::{BranchStatus, Replayer, Snapshot, StateStatus};
use leptos::prelude::*;

use crate::app::Playback;
use crate::diagram::nodes::NodeOverlay;

#[derive(Clone, Copy)]
pub struct RunOverlay {
    playback: RwSignal<Option<Playback>>,
    snapshot: Memo<Option<Snapshot>>,
    /// Each Map's counts at the current position (AWS's Map Run view).
    progress: Memo<Option<BTreeMap<String, MapProgress>>>,
}

impl RunOverlay {
    pub fn new(playback: RwSignal<Option<Playback>>, iteration: RwSignal<Option<Iteration>>) -> Self {
        let snapshot = Memo::new(move |_| {
            let picked = iteration.get();
            playback.with(|p| {
                let p = p.as_ref()?;
                Some(match picked {
                    Some(it) => iteration_snapshot(p, &it),
                    None => p.snapshot(),
                })
            })
        });
        let progress = Memo::new(move |_| {
            playback.with(|p| p.as_ref().map(|p| iterations::progress_with_children(p.shown(), &p.run().map_runs)))
        });
        RunOverlay { playback, snapshot, progress }
    }

    pub fn counts_of(self, map: &str) -> Option<MapCounts> {
        self.progress.with(|m| m.as_ref().and_then(|m| m.get(map)).map(|p| p.counts()))
    }

    /// A Parallel branch's status (the layout says which states are its).
    pub fn branch_of(self, l: Arc<Layout>) -> impl Fn(usize) -> Option<BranchStatus> + Clone + Send + Sync + 'static {
        move |c: usize| self.snapshot.with(|s| s.as_ref().map(|s| asl_core::run::replay::branch_status(&l, c, s)))
    }
}

/// The statuses along one Map iteration's path, up to the playback's position. A distributed
/// Map's iteration ran as a child execution: its own history goes where the Map Run began,
/// while the Map is still running.
fn iteration_snapshot(p: &Playback, it: &Iteration) -> Snapshot {
    let mut replayer = Replayer::default();
    let child = iterations::child_of(&p.run().map_runs, it);
    for e in iterations::seen_by(p.shown(), it) {
        replayer.apply(e);
        let opens =
            e.event_type == asl_core::EventType::MapRunStarted && e.state.as_deref() == Some(it.map_state.as_str());
        if let Some(child) = child.filter(|_| opens) {
            child.history.iter().for_each(|c| replayer.apply(c));
        }
    }
    replayer.into_snapshot()
}

impl NodeOverlay for RunOverlay {
    fn status_of(&self, name: &str) -> Option<StateStatus> {
        self.snapshot.with(|s| s.as_ref().and_then(|s| s.statuses.get(name).copied()))
    }
    fn is_current(&self, name: &str) -> bool {
        self.snapshot.with(|s| s.as_ref().is_some_and(|s| s.current.iter().any(|c| c == name)))
    }
    fn running(&self) -> bool {
        self.playback.with(Option::is_some)
    }
}
