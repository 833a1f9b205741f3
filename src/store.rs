//! The one app store: the open document (text, selection, undo), where it came from, its test
//! cases, the run on show and the results of "Run all", the selection shared by the panes, and
//! the top bar's message. Components read and write it through these typed methods; effects
//! only sync it with the outside world (localStorage in [`crate::documents::saved`]).

use std::sync::Arc;

use asl_core::run::iterations::Iteration;
use asl_core::run::verdict::Coverage;
use asl_core::run::verdict::TestResult;
use asl_core::{Machine, Options, Scenario};
use asl_edit::cases::TestCases;
use asl_edit::library::Library;
use leptos::prelude::*;
use serde_json::Value;

use crate::app::Playback;
use crate::diagram::drawing::NodeMarks;
use crate::documents::open::DocState;
use crate::documents::saved::Deleted;
use crate::documents::template::{Pending, TemplateSource};
use crate::gallery::samples::SampleId;

/// The results of "Run all" over every test case, and the definition text they ran on.
#[derive(Clone, Debug)]
pub struct Results {
    pub text: Arc<str>,
    pub cases: Vec<TestResult>,
    pub coverage: Coverage,
}

/// One branch of a Parallel picked in the history: its events are those of its states.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchPick {
    pub parallel: String,
    pub branch: usize,
    /// Every state inside the branch, at any depth.
    pub states: Arc<std::collections::BTreeSet<String>>,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub doc: DocState,
    pub library: RwSignal<Library>,
    /// The sample the document was opened from, if any (names its exports).
    pub sample_id: RwSignal<Option<SampleId>>,
    pub tests: RwSignal<TestCases>,
    pub playback: RwSignal<Option<Playback>>,
    /// The definition text the run on show was made on: after an edit the run is shown as made
    /// on an earlier version, never as if it were the current one.
    run_text: RwSignal<Option<Arc<str>>>,
    pub results: RwSignal<Option<Results>>,
    /// The Map iteration the diagram and the history show alone, if one is picked.
    pub iteration: RwSignal<Option<Iteration>>,
    /// The Parallel branch the history shows alone, if one is picked.
    pub branch: RwSignal<Option<BranchPick>>,
    pub selected_state: RwSignal<Option<String>>,
    /// States where playing pauses on entering them.
    pub breakpoints: RwSignal<std::collections::BTreeSet<String>>,
    pub message: RwSignal<Option<String>>,
    /// The last text that could be drawn (saved beside a text that cannot).
    pub valid_text: StoredValue<Option<String>>,
    /// The record this tab wrote last for the open document (to tell another tab's writes).
    pub last_saved: StoredValue<String>,
    /// Another tab changed the open document; saving waits for the user's choice.
    pub conflict: RwSignal<bool>,
    /// The document deleted last, while its Undo is offered.
    pub deleted: RwSignal<Option<Deleted>>,
    /// The template the open document's definition came from, if any.
    pub template: RwSignal<Option<TemplateSource>>,
    /// A template with several state machines, waiting for the user to pick one.
    pub template_pending: RwSignal<Option<Pending>>,
    /// How the open document's text is written: JSON, or YAML kept as YAML.
    pub syntax: RwSignal<asl_core::Syntax>,
    /// The open document's state machine is an Express workflow (checked and run as one).
    pub express: RwSignal<bool>,
}

impl Store {
    pub fn new(doc: DocState, library: Library, sample_id: Option<SampleId>, tests: TestCases) -> Store {
        Store {
            doc,
            library: RwSignal::new(library),
            sample_id: RwSignal::new(sample_id),
            tests: RwSignal::new(tests),
            playback: RwSignal::new(None),
            run_text: RwSignal::new(None),
            results: RwSignal::new(None),
            iteration: RwSignal::new(None),
            branch: RwSignal::new(None),
            selected_state: RwSignal::new(None),
            breakpoints: RwSignal::new(Default::default()),
            message: RwSignal::new(None),
            valid_text: StoredValue::new(None),
            last_saved: StoredValue::new(String::new()),
            conflict: RwSignal::new(false),
            deleted: RwSignal::new(None),
            template: RwSignal::new(None),
            template_pending: RwSignal::new(None),
            syntax: RwSignal::new(asl_core::Syntax::Json),
            express: RwSignal::new(false),
        }
    }

    /// The options of every run of the open document: a Standard or an Express workflow's.
    pub fn run_options(&self) -> Options {
        Options::express(self.express.get_untracked())
    }

    /// The open document parsed now, in its syntax (for one-off reads: an export, an import).
    pub fn parsed_now(&self) -> asl_core::Parsed {
        let options = asl_core::ParseOptions {
            syntax: self.syntax.get_untracked(),
            express: self.express.get_untracked(),
            ..Default::default()
        };
        self.doc.text.with_untracked(|t| asl_core::parse_with(t, &options))
    }

    /// Another document (or sample) is open: its own test cases, and no run from the last one.
    pub fn switched(&self, sample_id: Option<SampleId>, tests: TestCases) {
        self.sample_id.set(sample_id);
        self.template.set(None);
        self.tests.set(tests);
        self.clear_run();
        self.results.set(None);
        self.selected_state.set(None);
    }

    pub fn clear_run(&self) {
        self.playback.set(None);
        self.iteration.set(None);
        self.branch.set(None);
        self.run_text.set(None);
    }

    /// Whether the run on show was made on an earlier version of the definition.
    pub fn run_is_stale(&self) -> bool {
        let current = self.doc.text.with(|t| t.clone());
        self.run_text.with(|r| r.as_deref().is_some_and(|r| r != current))
    }

    pub fn set_input(&self, text: String) {
        self.tests.update(|t| t.active_mut().input = text);
    }

    pub fn select_case(&self, index: usize) {
        self.tests.update(|t| t.active = index.min(t.cases.len() - 1));
        self.clear_run();
    }

    /// The scripted outcomes of one case, as Step Functions Local reads them from the MockConfig
    /// the document exports (so the browser and `asl test` agree).
    pub fn scenario(tests: &TestCases, case: usize) -> Result<Scenario, String> {
        let config = tests.to_mock_config();
        Scenario::from_mock_config(&config, &tests.machine, &tests.cases[case].name)
    }

    /// Why the active case cannot run now, if it cannot.
    pub fn cannot_run(&self, machine: Option<&Machine>) -> Option<String> {
        if machine.is_none() {
            return Some("Fix the definition's errors before running it.".into());
        }
        self.tests.with(|t| {
            t.problems().into_iter().find(|p| p.case == t.active).map(|p| match p.state {
                Some(s) => format!("Fix the outcome of '{s}': {}", p.message),
                None => format!("Fix the test case: {}", p.message),
            })
        })
    }

    /// Runs the active case on `machine`; the run is shown from its first event.
    pub fn run_active(&self, machine: &Machine) -> Result<(), String> {
        let (input, scenario) = self.tests.with_untracked(|t| {
            let input: Result<Value, String> =
                serde_json::from_str(&t.active().input).map_err(|e| format!("The input is not valid JSON: {e}"));
            (input, Store::scenario(t, t.active))
        });
        self.show(Playback::start(machine, input?, &scenario?, &self.run_options()));
        Ok(())
    }

    /// Redrives the failed run on show (AWS's RedriveExecution) with the active case's outcomes
    /// as scripted now; the new run is shown at its `ExecutionRedriven` event.
    pub fn redrive(&self, machine: &Machine) -> Result<(), String> {
        if self.express.get_untracked() {
            return Err("Express executions cannot be redriven: AWS redrives Standard workflows only.".into());
        }
        let scenario = self.tests.with_untracked(|t| Store::scenario(t, t.active))?;
        let run = self
            .playback
            .with_untracked(|p| p.as_ref().map(|p| p.run().clone()))
            .ok_or("There is no run to redrive.")?;
        let at = run.history.len();
        let redriven = asl_core::run::interp::redrive(machine, &run, &scenario, &self.run_options())?;
        let mut playback = Playback::from_run(redriven);
        playback.seek(at + 1);
        self.show(playback);
        Ok(())
    }

    /// Shows a recorded run (an imported AWS history) from its first event, as made on the
    /// text open now.
    pub fn show_recorded(&self, run: asl_core::Run) {
        self.show(Playback::from_run(run));
    }

    /// Puts a run on show, as made on the text open now, with no iteration picked.
    fn show(&self, playback: Playback) {
        self.iteration.set(None);
        self.run_text.set(Some(self.doc.text.get_untracked().into()));
        self.playback.set(Some(playback));
    }

    /// Runs every case and keeps pass/fail, the differences and the coverage.
    pub fn run_all(&self, machine: &Machine) {
        let text: Arc<str> = self.doc.text.get_untracked().into();
        let options = self.run_options();
        let (cases, coverage) = self.tests.with_untracked(|t| asl_edit::cases::run_all(machine, t, &options));
        self.results.set(Some(Results { text, cases, coverage }));
    }

    pub fn results_are_stale(&self) -> bool {
        let current = self.doc.text.with(|t| t.clone());
        self.results.with(|r| r.as_ref().is_some_and(|r| *r.text != *current))
    }

    /// A state was renamed (inspector or diagram): every test case follows.
    pub fn state_renamed(&self, old: &str, new: &str) {
        self.tests.update(|t| t.rename_state(old, new));
        self.breakpoints.update(|b| {
            if b.remove(old) {
                b.insert(new.to_string());
            }
        });
    }

    /// Sets or clears a breakpoint on a state.
    pub fn toggle_breakpoint(&self, state: &str) {
        self.breakpoints.update(|b| {
            if !b.remove(state) {
                b.insert(state.to_string());
            }
        });
    }

    /// What the diagram marks: the states the active case scripts, those no case reached, and
    /// the breakpoints.
    pub fn node_marks(&self) -> NodeMarks {
        let mocked = self.tests.with(|t| t.active().outcomes.keys().cloned().collect());
        let uncovered = self
            .results
            .with(|r| r.as_ref().map(|r| r.coverage.unvisited.iter().cloned().collect()).unwrap_or_default());
        let breakpoints = self.breakpoints.get();
        NodeMarks { mocked, uncovered, breakpoints }
    }
}
