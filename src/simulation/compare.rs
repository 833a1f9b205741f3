//! "Compare runs" (`#compare`): two runs side by side — two test cases of the document (each
//! run as "Run all" runs it, `asl_edit::cases::run_case`), or the run on show (simulated, or an
//! imported AWS history) against a test case. Picked in `#compare-a` / `#compare-b`, compared by
//! `#compare-run`: where the histories part (`#compare-first-difference`), the states only one
//! entered (`#compare-only-a`, `#compare-only-b`), and for the state picked in `#compare-state`
//! (and visit, `#compare-visit`) the difference of its input and output (`#compare-diff`: one
//! `li[data-kind][data-path]` per change). The logic is `asl_core::run::compare`.

use std::sync::Arc;

use asl_core::run::compare::{self, Change, Comparison};
use asl_core::{Machine, Run};
use leptos::prelude::*;

use crate::analysis::Analysis;
use crate::store::Store;

/// The run on show, as a choice of `#compare-a`.
const SHOWN: &str = "shown";

fn case_value(i: usize) -> String {
    format!("case:{i}")
}

/// Two runs and what tells them apart, with the text they ran on.
struct Compared {
    labels: (String, String),
    runs: (Run, Run),
    comparison: Comparison,
    text: Arc<str>,
}

fn changes_view(id: &'static str, what: &'static str, changes: &[Change]) -> impl IntoView {
    let body = if changes.is_empty() {
        view! { <li class="same">{format!("Same {}", what.to_lowercase())}</li> }.into_any()
    } else {
        changes
            .iter()
            .map(|c| {
                view! {
                    <li class=format!("change {}", c.kind.as_str()) data-kind=c.kind.as_str() data-path=c.path.clone()>
                        {c.to_string()}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="diff-part">
            <h4>{what}</h4>
            <ul class="changes" data-part=id>{body}</ul>
        </div>
    }
}

fn states_list(id: &'static str, states: &[String]) -> impl IntoView {
    let items = if states.is_empty() {
        view! { <li class="none">"none"</li> }.into_any()
    } else {
        states.iter().map(|s| view! { <li data-state=s.clone()>{s.clone()}</li> }).collect_view().into_any()
    };
    view! { <ul id=id class="state-list">{items}</ul> }
}

/// The label and the run of a choice of `#compare-a` / `#compare-b`.
fn run_of(store: Store, value: &str, m: &Machine) -> Result<(String, Run), String> {
    if value == SHOWN {
        return store
            .playback
            .with_untracked(|p| p.as_ref().map(|p| ("Run on show".to_string(), p.run().clone())))
            .ok_or_else(|| "There is no run on show: Start one, or open a history.".to_string());
    }
    let i = value.strip_prefix("case:").and_then(|i| i.parse::<usize>().ok()).unwrap_or(0);
    store.tests.with_untracked(|t| {
        let name = t.cases.get(i).map(|c| c.name.clone()).ok_or("That test case is gone.")?;
        let run = asl_edit::cases::run_case(m, t, i, &store.run_options())
            .map_err(|e| format!("'{name}' cannot run: {e}"))?;
        Ok((name, run))
    })
}

/// The choices of a run picker: the run on show (for A), then every test case.
fn options(store: Store, with_shown: bool, picked: RwSignal<String>) -> impl IntoView {
    let current = picked.get();
    let shown = (with_shown && store.playback.with(Option::is_some)).then(|| {
        view! { <option value=SHOWN selected=current == SHOWN>"Run on show"</option> }
    });
    let cases = store.tests.with(|t| {
        t.cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let value = case_value(i);
                let selected = current == value;
                view! { <option value=value selected=selected>{format!("Test case: {}", c.name)}</option> }
            })
            .collect_view()
    });
    view! { {shown}{cases} }
}

#[component]
pub fn Compare(store: Store, analysis: Analysis, machine: Signal<Option<Arc<Machine>>>) -> impl IntoView {
    let pick_a = RwSignal::new(case_value(0));
    let pick_b = RwSignal::new(case_value(1));
    let compared: RwSignal<Option<Arc<Compared>>> = RwSignal::new(None);
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let state: RwSignal<Option<String>> = RwSignal::new(None);
    // `None`: each run's last visit of the state.
    let visit: RwSignal<Option<usize>> = RwSignal::new(None);

    let run = move |_| {
        error.set(None);
        analysis.flush();
        let Some(m) = machine.get_untracked() else {
            error.set(Some("Fix the definition's errors before comparing runs.".into()));
            return;
        };
        let both = run_of(store, &pick_a.get_untracked(), &m)
            .and_then(|a| Ok((a, run_of(store, &pick_b.get_untracked(), &m)?)));
        match both {
            Err(e) => {
                error.set(Some(e));
                compared.set(None);
            }
            Ok(((label_a, a), (label_b, b))) => {
                let comparison = compare::compare(&a, &b);
                // The state to look at first: where the data first differs, else the first both entered.
                let first_data = comparison.first_data_difference.and_then(|i| a.history[i].state.clone());
                let pick = first_data.or_else(|| comparison.both.first().cloned());
                state.set(pick);
                visit.set(None);
                let text: Arc<str> = store.doc.text.get_untracked().into();
                compared.set(Some(Arc::new(Compared { labels: (label_a, label_b), runs: (a, b), comparison, text })));
            }
        }
    };

    view! {
        <details id="compare" class="compare">
            <summary><h3>"Compare runs"</h3></summary>
            <div class="compare-picks">
                <label>"A "
                    <select id="compare-a" on:change=move |ev| pick_a.set(event_target_value(&ev))>
                        {move || options(store, true, pick_a)}
                    </select>
                </label>
                <label>"B "
                    <select id="compare-b" on:change=move |ev| pick_b.set(event_target_value(&ev))>
                        {move || options(store, false, pick_b)}
                    </select>
                </label>
                <button id="compare-run" on:click=run title="Run both (test cases as Run all runs them) and show where they differ">
                    "Compare"
                </button>
            </div>
            {move || error.get().map(|e| view! { <div class="sim-error" id="compare-error">{e}</div> })}
            {move || compared.get().map(|c| results(store, &c, state, visit))}
        </details>
    }
}

/// "They part at …": the index of the first differing event on each side, and the sentence.
fn first_difference(cmp: &Comparison) -> (Option<usize>, Option<usize>, String) {
    let (index_a, index_b) = cmp
        .first_difference
        .as_ref()
        .map(|d| (d.a.as_ref().map(|e| e.index), d.b.as_ref().map(|e| e.index)))
        .unwrap_or_default();
    let first = match &cmp.first_difference {
        None => "Same events on the same states throughout.".to_string(),
        Some(d) => {
            let side = |e: &Option<compare::EventAt>| match e {
                Some(e) => format!("{e} (index {})", e.index),
                None => "its history ends".to_string(),
            };
            format!(
                "They part at position {}: A {}; B {}.",
                index_a.or(index_b).unwrap_or(0) + 1,
                side(&d.a),
                side(&d.b)
            )
        }
    };
    (index_a, index_b, first)
}

/// What tells the two runs apart (reads `state`, `visit` and the text: the caller tracks them).
fn results(
    store: Store,
    c: &Compared,
    state: RwSignal<Option<String>>,
    visit: RwSignal<Option<usize>>,
) -> impl IntoView {
    let cmp = &c.comparison;
    let (la, lb) = (&c.labels.0, &c.labels.1);
    let summary = format!(
        "A ({la}): {}, {} events · B ({lb}): {}, {} events",
        cmp.status.0.as_str(),
        cmp.events.0,
        cmp.status.1.as_str(),
        cmp.events.1
    );
    let (index_a, index_b, first) = first_difference(cmp);
    let data_note = cmp.first_data_difference.map(|i| {
        let e = compare::EventAt {
            index: i,
            id: c.runs.0.history[i].id,
            event_type: c.runs.0.history[i].event_type,
            state: c.runs.0.history[i].state.clone(),
        };
        view! { <div class="hint" id="compare-first-data">{format!("The data first differs at {e} (index {i}).")}</div> }
    });
    let stale = store.doc.text.with(|t| t.as_str() != &*c.text).then(|| {
        view! { <div class="stale-run" id="compare-stale">"Compared on an earlier version of the definition."</div> }
    });
    view! {
        <div class="compare-results">
            {stale}
            <div id="compare-summary">{summary}</div>
            <div id="compare-first-difference" data-index-a=index_a data-index-b=index_b>{first}</div>
            {data_note}
            <div class="compare-only">
                <div><h4>"Only in A"</h4>{states_list("compare-only-a", &cmp.only_a)}</div>
                <div><h4>"Only in B"</h4>{states_list("compare-only-b", &cmp.only_b)}</div>
            </div>
            <div class="compare-output">{changes_view("execution", "Execution output", &cmp.output)}</div>
            {state_pick(c, state, visit)}
        </div>
    }
}

/// The state and visit pickers, and the difference of that state's input and output.
fn state_pick(c: &Compared, state: RwSignal<Option<String>>, visit: RwSignal<Option<usize>>) -> impl IntoView {
    let cmp = &c.comparison;
    let visits = |s: &String| (cmp.visits.0.get(s).copied().unwrap_or(0), cmp.visits.1.get(s).copied().unwrap_or(0));
    // Every state either run entered, those both entered first.
    let states: Vec<String> = cmp.both.iter().chain(&cmp.only_a).chain(&cmp.only_b).cloned().collect();
    let picked = state.get();
    let state_options = states
        .iter()
        .map(|s| {
            let (na, nb) = visits(s);
            let label = format!("{s} (A ×{na}, B ×{nb})");
            view! { <option value=s.clone() selected=picked.as_deref() == Some(s)>{label}</option> }
        })
        .collect_view();
    let most = picked.as_ref().map(|s| visits(s).0.max(visits(s).1)).unwrap_or(0);
    let chosen_visit = visit.get();
    let visit_options = (1..=most)
        .map(|n| view! { <option value=n.to_string() selected=chosen_visit == Some(n)>{format!("visit {n}")}</option> })
        .collect_view();
    let diff = picked.as_ref().map(|s| {
        let d = compare::compare_state(&c.runs.0, &c.runs.1, s, chosen_visit);
        let which = |io: &Option<compare::StateIo>, n: usize| match io {
            Some(io) => format!("visit {} of {n}", io.visit),
            None => "no such visit".to_string(),
        };
        let (na, nb) = visits(s);
        view! {
            <div class="hint">{format!("{s}: A {} · B {}", which(&d.a, na), which(&d.b, nb))}</div>
            {changes_view("input", "Input", &d.input)}
            {changes_view("output", "Output", &d.output)}
        }
    });
    view! {
        <label class="compare-pick">
            "State "
            <select id="compare-state" on:change=move |ev| {
                let v = event_target_value(&ev);
                state.set((!v.is_empty()).then_some(v));
                visit.set(None);
            }>
                {state_options}
            </select>
            " "
            <select id="compare-visit" aria-label="Visit" on:change=move |ev| {
                visit.set(event_target_value(&ev).parse::<usize>().ok());
            }>
                <option value="" selected=chosen_visit.is_none()>"last visit"</option>
                {visit_options}
            </select>
        </label>
        <div id="compare-diff">{diff}</div>
    }
}
