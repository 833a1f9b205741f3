//! Starting a run and moving through it: Start, Step, Step back, Run to end, Reset, Redrive,
//! and the error that kept a run from starting.

use std::sync::Arc;

use asl_core::Machine;
use leptos::prelude::*;

use crate::analysis::Analysis;
use crate::app::Playback;
use crate::store::Store;

/// What starts a run of the machine the panel runs, and where it says why it could not.
#[derive(Clone, Copy)]
pub struct Runner {
    pub store: Store,
    pub analysis: Analysis,
    pub machine: Signal<Option<Arc<Machine>>>,
    pub error: RwSignal<Option<String>>,
}

impl Runner {
    /// Why the machine cannot run now, if it cannot.
    pub fn blocked(self) -> Option<String> {
        self.store.cannot_run(self.machine.get().as_deref())
    }

    pub fn start(self) {
        self.error.set(None);
        // The analysis may still be waiting for a pause in typing.
        self.analysis.flush();
        let m = self.machine.get_untracked();
        if let Some(why) = self.store.cannot_run(m.as_deref()) {
            self.error.set(Some(why));
            return;
        }
        if let Some(m) = m {
            if let Err(e) = self.store.run_active(&m) {
                self.error.set(Some(e));
            }
        }
    }

    fn can_redrive(self) -> bool {
        self.machine.with(Option::is_some)
            && self.store.playback.with(|p| {
                p.as_ref().is_some_and(|p| {
                    matches!(
                        p.run().status,
                        asl_core::Status::Failed | asl_core::Status::TimedOut | asl_core::Status::Aborted
                    )
                })
            })
    }

    fn redrive(self) {
        self.error.set(None);
        self.analysis.flush();
        let Some(m) = self.machine.get_untracked() else { return };
        if let Err(e) = self.store.redrive(&m) {
            self.error.set(Some(e));
        }
    }
}

#[component]
pub fn Controls(runner: Runner) -> impl IntoView {
    let playback = runner.store.playback;
    let move_cursor = move |f: fn(&mut Playback)| {
        playback.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        });
    };
    let no_run = move || playback.with(|p| p.is_none());
    let at_end = move || playback.with(|p| p.as_ref().is_none_or(Playback::is_done));
    let at_start = move || playback.with(|p| p.as_ref().is_none_or(|p| p.cursor() <= 1));
    view! {
        <div class="controls">
            <button id="sim-start" on:click=move |_| runner.start() title=move || runner.blocked().unwrap_or_default()>"Start"</button>
            <button id="sim-step" on:click=move |_| move_cursor(|p| {
                p.step();
            }) disabled=move || no_run() || at_end()>
                "Step"
            </button>
            <button id="sim-back" on:click=move |_| move_cursor(|p| {
                p.back();
            }) disabled=move || no_run() || at_start()>
                "Step back"
            </button>
            <button id="sim-end" on:click=move |_| move_cursor(Playback::to_end) disabled=move || no_run() || at_end()>
                "Run to end"
            </button>
            <button
                id="sim-reset"
                on:click=move |_| {
                    runner.store.clear_run();
                    runner.error.set(None);
                }
                disabled=no_run
            >
                "Reset"
            </button>
            <button
                id="sim-redrive"
                on:click=move |_| runner.redrive()
                disabled=move || !runner.can_redrive()
                title="Redrive the failed run as AWS does: on from the state that failed, keeping what succeeded, with the outcomes as scripted now"
            >
                "Redrive"
            </button>
        </div>
    }
}
