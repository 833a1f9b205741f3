//! "Run all": every test case of the document run and judged against its expectations, with
//! the difference (expected vs got) for each failure, and the coverage (states, Choice rules,
//! Catchers, Retriers no case exercised are also marked on the diagram).

use std::sync::Arc;

use asl_core::Machine;
use leptos::prelude::*;

use crate::store::Store;

#[component]
pub fn RunAll(store: Store, machine: Signal<Option<Arc<Machine>>>) -> impl IntoView {
    let run_all = move |_| match machine.get_untracked() {
        Some(m) => store.run_all(&m),
        None => store.message.set(Some("Fix the definition's errors before running the tests.".into())),
    };
    let results = move || {
        store.results.with(|r| {
            let r = r.as_ref()?;
            let passed = r.cases.iter().filter(|c| c.passed()).count();
            let rows = r
                .cases
                .iter()
                .map(|c| {
                    let result = if c.passed() { "pass" } else { "fail" };
                    let diffs = c.differences.iter().map(|d| view! { <div class="difference">{d.to_string()}</div> }).collect_view();
                    view! {
                        <li data-result=result data-case=c.name.clone()>
                            <span class="verdict">{if c.passed() { "PASS" } else { "FAIL" }}</span>" "{c.name.clone()}
                            {diffs}
                        </li>
                    }
                })
                .collect_view();
            let untaken = r
                .coverage
                .untaken_rules
                .iter()
                .map(|(state, rule)| match rule {
                    Some(i) => format!("{state} rule #{}", i + 1),
                    None => format!("{state} Default"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            Some(view! {
                <div id="test-summary">{format!("{passed} of {} test cases pass", r.cases.len())}</div>
                {store.results_are_stale().then(|| view! {
                    <div class="stale-run">"These results are from an earlier version of the definition."</div>
                })}
                <ul id="test-results" class="test-results">{rows}</ul>
                <div id="coverage" title=format!("Not exercised: {}", r.coverage.unvisited.join(", "))>
                    "Coverage: "{r.coverage.to_string()}
                </div>
                {(!untaken.is_empty()).then(|| view! { <div class="hint" id="untaken-rules">"Choice branches never taken: "{untaken}</div> })}
            })
        })
    };
    view! {
        <div class="run-all">
            <button id="run-all" on:click=run_all title="Run every test case and check its expectations">"Run all"</button>
            {results}
        </div>
    }
}
