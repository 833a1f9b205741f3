//! What the app derives from the text (parse, diagnostics, layout), computed off the keystroke
//! path. The text and the editor change at once; the analysis runs once the browser has painted
//! the keystroke, and on large definitions (when the last analysis took more than [`SLOW_MS`])
//! only once typing pauses for [`PAUSE_MS`], or every [`MAX_WAIT_MS`] while it does not. So a
//! keystroke costs one frame on 10 lines or 5,000, and the diagram follows every edit.
//!
//! Each analysis is also compared with the one before it in the same document: a state whose
//! key was typed over is a rename ([`asl_edit::renames`]), and the test cases follow it as they
//! follow a rename in the inspector.

use std::sync::Arc;

use asl_core::layout::layout;
use asl_core::{parse_with, ParseOptions, Parsed, Syntax};
use asl_edit::renames::Tracker;
use leptos::prelude::*;
use std::time::Duration;

use crate::app::DiagramModel;
use crate::documents::open::DocState;

/// An analysis slower than this (parse + validate + layout, ms) waits for a pause in typing.
const SLOW_MS: f64 = 8.0;
const PAUSE_MS: u64 = 150;
/// Typing that never pauses still sees the diagram follow this often (ms).
const MAX_WAIT_MS: f64 = 1000.0;

#[derive(Default)]
struct Schedule {
    /// An analysis is scheduled and has not run yet.
    pending: bool,
    /// The text the current analysis is of (a flush right after an edit, before the effect
    /// that schedules it has run, must still see the text as changed).
    analysed: String,
    /// The syntax it was read in.
    analysed_syntax: Syntax,
    debounce: Option<TimeoutHandle>,
    /// When the pending analysis was first asked for.
    since: f64,
    slow: bool,
    /// The states of the last parse, and the document generation it was of.
    renames: (u64, Tracker),
}

/// Told `(old, new)` of a state renamed in the text.
type OnRename = Box<dyn Fn(&str, &str) + Send + Sync>;

/// The derived state, and the means to bring it up to date at once (before a run, an edit).
#[derive(Clone, Copy)]
pub struct Analysis {
    pub parsed: RwSignal<Arc<Parsed>>,
    /// The last definition without errors, laid out; marked stale while the text has errors.
    pub diagram: RwSignal<Option<DiagramModel>>,
    text: RwSignal<String>,
    generation: StoredValue<u64>,
    schedule: StoredValue<Schedule>,
    on_rename: StoredValue<OnRename>,
    /// How the text is parsed: a definition from a template allows `${…}` placeholders.
    options: StoredValue<ParseOptions>,
    /// JSON or YAML: the document's, read at each analysis (it changes with the document).
    syntax: RwSignal<Syntax>,
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// The diagram for `parsed`: a fresh layout when it can be drawn, else the previous one, stale.
fn next_diagram(previous: Option<&DiagramModel>, parsed: &Parsed) -> Option<DiagramModel> {
    match parsed.drawable() {
        Some(machine) => {
            let fresh = layout(machine);
            // The same drawing keeps its Arc: comparing it later is then a pointer check.
            let layout = match previous {
                Some(d) if *d.layout == fresh => d.layout.clone(),
                _ => Arc::new(fresh),
            };
            Some(DiagramModel { layout, stale: false })
        }
        None => previous.map(|d| DiagramModel { stale: true, ..d.clone() }),
    }
}

impl Analysis {
    /// Analyses the document's text now and follows its changes from then on; `on_rename(old,
    /// new)` is told of each state renamed in the text.
    pub fn follow(
        doc: DocState,
        syntax: RwSignal<Syntax>,
        on_rename: impl Fn(&str, &str) + Send + Sync + 'static,
    ) -> Analysis {
        let text = doc.text;
        let options = ParseOptions { syntax: syntax.get_untracked(), ..ParseOptions::default() };
        let parsed = text.with_untracked(|t| Arc::new(parse_with(t, &options)));
        let diagram = next_diagram(None, &parsed);
        let renames = (doc.generation.get_value(), Tracker::new(&parsed));
        let analysis = Analysis {
            parsed: RwSignal::new(parsed),
            diagram: RwSignal::new(diagram),
            text,
            generation: doc.generation,
            schedule: StoredValue::new(Schedule {
                analysed: text.get_untracked(),
                analysed_syntax: options.syntax,
                renames,
                ..Schedule::default()
            }),
            on_rename: StoredValue::new(Box::new(on_rename)),
            options: StoredValue::new(ParseOptions::default()),
            syntax,
        };
        Effect::new(move |previous: Option<()>| {
            text.track();
            syntax.track();
            if previous.is_some() {
                analysis.schedule();
            }
        });
        analysis
    }

    /// Shows `valid` (the last text that could be drawn, saved with the document) as a stale
    /// diagram while the text itself cannot be drawn: a reload keeps the picture.
    pub fn show_stale(self, valid: &str) {
        if self.diagram.with_untracked(Option::is_some) {
            return;
        }
        let parsed = parse_with(valid, &self.parse_options());
        if let Some(machine) = parsed.drawable() {
            self.diagram.set(Some(DiagramModel { layout: Arc::new(layout(machine)), stale: true }));
        }
    }

    /// The options of the next parse: those set, in the document's syntax.
    fn parse_options(self) -> ParseOptions {
        ParseOptions { syntax: self.syntax.get_untracked(), ..self.options.get_value() }
    }

    /// Parses with `options` from now on (and now).
    pub fn set_options(self, options: ParseOptions) {
        if self.options.with_value(|o| *o != options) {
            self.options.set_value(options);
            self.flush_now();
        }
    }

    fn schedule(self) {
        let (slow, pending, since) = self.schedule.with_value(|s| (s.slow, s.pending, s.since));
        if slow && pending && now() - since > MAX_WAIT_MS {
            // Waited long enough: the timer already set runs without being pushed back again.
        } else if slow {
            let Ok(handle) = set_timeout_with_handle(move || self.flush(), Duration::from_millis(PAUSE_MS)) else {
                return self.flush_now();
            };
            self.schedule.update_value(|s| {
                if let Some(old) = s.debounce.replace(handle) {
                    old.clear();
                }
                if !s.pending {
                    s.since = now();
                }
                s.pending = true;
            });
        } else if !pending {
            self.schedule.update_value(|s| s.pending = true);
            // A timeout set in an animation frame runs after that frame is painted.
            request_animation_frame(move || set_timeout(move || self.flush(), Duration::ZERO));
        }
    }

    /// Brings the analysis up to date with the text, if it is not.
    pub fn flush(self) {
        let changed = self.schedule.try_update_value(|s| {
            if let Some(t) = s.debounce.take() {
                t.clear();
            }
            s.pending = false;
            self.text.with_untracked(|t| *t != s.analysed) || self.syntax.get_untracked() != s.analysed_syntax
        });
        if changed == Some(true) {
            self.flush_now();
        }
    }

    fn flush_now(self) {
        let t0 = now();
        let options = self.parse_options();
        let parsed = self.text.with_untracked(|t| Arc::new(parse_with(t, &options)));
        let diagram = self.diagram.with_untracked(|d| next_diagram(d.as_ref(), &parsed));
        let cost = now() - t0;
        let analysed = self.text.get_untracked();
        let generation = self.generation.get_value();
        let renamed = self.schedule.try_update_value(|s| {
            s.slow = cost > SLOW_MS;
            s.analysed = analysed;
            s.analysed_syntax = options.syntax;
            if s.renames.0 != generation {
                s.renames = (generation, Tracker::new(&parsed));
                return None;
            }
            s.renames.1.next(&parsed)
        });
        if let Some((old, new)) = renamed.flatten() {
            self.on_rename.with_value(|f| f(&old, &new));
        }
        self.parsed.set(parsed);
        // An edit that leaves the drawing as it was (a Comment, a Parameters value) redraws nothing.
        if self.diagram.with_untracked(|d| *d != diagram) {
            self.diagram.set(diagram);
        }
    }
}
