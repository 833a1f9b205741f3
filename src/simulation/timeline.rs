//! The timeline: the run as a table of state visits (`#timeline`, one row per visit with
//! `data-state`, `data-result`, `data-depth`), each with its start and duration on the virtual
//! clock, its result, and a Gantt-style bar on the run's time axis: a Task's attempts as
//! segments (failed ones red, `.tl-attempt.failed`) with the Retrier's backoff waits between them
//! in grey (`.tl-wait`). Rows inside Map iterations and Parallel branches are indented.
//!
//! The visits come from `asl_core::run::timeline` once per run; the cursor only clips them
//! (`Visit::at`), so the table follows the playback. Like the history, only the rows in view are
//! rendered past [`VIRTUAL_FROM`], so a 25,000-event run stays responsive. A click on a row
//! moves the run to that visit's entered event.

use std::sync::Arc;

use asl_core::run::timeline::{self, Scope, Visit};
use asl_core::Machine;
use leptos::html::Ol;
use leptos::prelude::*;

use crate::simulation::events::{spacer, visible_rows, PerRun};
use crate::simulation::playback::span;
use crate::store::Store;

/// Every row has this height (CSS `.tl-row`).
const ROW_PX: f64 = 22.0;
/// From this many rows on, only those in view are rendered.
const VIRTUAL_FROM: usize = 300;
const OVERSCAN: usize = 10;
/// The narrowest bar, in % of the axis, so an instant visit is still seen.
const MIN_WIDTH: f64 = 0.6;

fn percent(ms: i64, total: i64) -> f64 {
    (ms as f64 / total.max(1) as f64 * 100.0).clamp(0.0, 100.0)
}

/// A bar segment from `start` to `end` (ms) on an axis of `total` ms, as `left` and `width`.
fn place(start: i64, end: i64, total: i64) -> (String, String) {
    let left = percent(start, total).min(100.0 - MIN_WIDTH);
    let width = (percent(end, total) - left).max(MIN_WIDTH);
    (format!("{left:.3}%"), format!("{width:.3}%"))
}

fn scope_tag(scope: &Scope) -> String {
    match scope {
        Scope::Iteration { index, .. } => format!("#{index}"),
        Scope::Branch { index, .. } => format!("branch {}", index + 1),
    }
}

fn scope_attr(scope: &Scope) -> String {
    match scope {
        Scope::Iteration { map_state, index } => format!("{map_state}:{index}"),
        Scope::Branch { parallel, index } => format!("{parallel}/{index}"),
    }
}

/// The bar of one visit: its attempts and waits, or one segment; up to `now` while it runs.
fn bar(v: &Visit, now: i64, total: i64) -> impl IntoView {
    let end = v.end_ms.unwrap_or(now);
    let mut segments = Vec::new();
    if v.attempts.is_empty() {
        let (left, width) = place(v.start_ms, end, total);
        segments.push(view! { <span class="tl-seg" style:left=left style:width=width></span> }.into_any());
    } else {
        for (k, a) in v.attempts.iter().enumerate() {
            let (left, width) = place(a.start_ms, a.end_ms.unwrap_or(now), total);
            let class = if a.failed() { "tl-attempt failed" } else { "tl-attempt" };
            let title = match &a.error {
                Some(e) => format!("attempt {} failed: {e}", k + 1),
                None => format!("attempt {}", k + 1),
            };
            segments.push(view! { <span class=class title=title style:left=left style:width=width></span> }.into_any());
        }
        for (from, to) in v.waits() {
            let (left, width) = place(from, to, total);
            let title = format!("backoff {}", span(to - from));
            segments
                .push(view! { <span class="tl-wait" title=title style:left=left style:width=width></span> }.into_any());
        }
    }
    view! { <span class="tl-bar">{segments}</span> }
}

/// Keeps the current visit in view as the run moves.
fn follow_cursor(shown: Memo<Option<(usize, Option<usize>)>>, list: NodeRef<Ol>, scroll_top: RwSignal<f64>) {
    Effect::new(move |_| {
        let Some((_, Some(at))) = shown.get() else { return };
        let Some(el) = list.get() else { return };
        let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
        let row_top = at as f64 * ROW_PX;
        if row_top < top || row_top + ROW_PX > top + height {
            let target = (row_top + ROW_PX - height).max(0.0);
            // The rows around the target are rendered at once; the list may only be tall
            // enough to scroll there after that render, so scroll again on the next frame.
            scroll_top.set(target);
            el.set_scroll_top(target as i32);
            request_animation_frame(move || {
                if let Some(el) = list.get_untracked() {
                    el.set_scroll_top(target as i32);
                }
            });
        }
    });
}

#[component]
pub fn Timeline(store: Store, machine: Signal<Option<Arc<Machine>>>) -> impl IntoView {
    let playback = store.playback;
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(260.0f64);
    let list: NodeRef<Ol> = NodeRef::new();
    // The whole run's visits, once per run (the definition tells Parallel branches apart).
    let per_run = PerRun::new();
    let visits = move |run: &asl_core::Run| {
        per_run.get(run, |run| {
            let m = machine.get_untracked();
            Arc::new(timeline::timeline_in(&run.history, m.as_deref()))
        })
    };
    // How many visits are entered at the cursor, and which one the cursor's event is in.
    let shown = Memo::new(move |_| {
        playback.with(|p| {
            let p = p.as_ref()?;
            let all = visits(p.run());
            let cursor = p.cursor();
            let count = all.partition_point(|v| v.entered < cursor);
            let event = &p.run().history[cursor - 1];
            let current = event.state.as_ref().and_then(|s| all[..count].iter().rposition(|v| &v.state == s));
            Some((count, current))
        })
    });

    follow_cursor(shown, list, scroll_top);
    let on_scroll = move |_| {
        if let Some(el) = list.get() {
            scroll_top.set(el.scroll_top() as f64);
            view_height.set(el.client_height() as f64);
        }
    };

    let rows = move || {
        let Some((count, current)) = shown.get() else { return ().into_any() };
        let virtual_window = (count >= VIRTUAL_FROM).then(|| (scroll_top.get(), view_height.get()));
        playback.with(|p| {
            let Some(p) = p else { return ().into_any() };
            let run = p.run();
            let all = visits(run);
            let cursor = p.cursor();
            let t0 = run.history.first().map_or(0, |e| e.timestamp_ms);
            let total = run.history.last().map_or(0, |e| e.timestamp_ms) - t0;
            let now = run.history[cursor - 1].timestamp_ms - t0;
            let (first, last) = visible_rows(count, virtual_window, ROW_PX, OVERSCAN);
            let gap = |rows: usize| virtual_window.map(|_| spacer(rows, ROW_PX));
            let listed = (first..last)
                .map(|k| visit_row(store, &all[k].at(cursor), current == Some(k), now, total))
                .collect_view();
            view! { {gap(first)}{listed}{gap(count - last)} }.into_any()
        })
    };
    view! {
        <TimelineHead store=store />
        <ol id="timeline" node_ref=list on:scroll=on_scroll aria-label="Timeline of state visits">{rows}</ol>
    }
}

/// One visit's row: its name (indented by depth, with its iteration or branch), start,
/// duration, result and bar. A click moves the run to the visit's entry.
fn visit_row(store: Store, v: &Visit, current: bool, now: i64, total: i64) -> impl IntoView {
    let depth = v.depth();
    let indent = format!("{}px", 4 + depth * 14);
    let duration = span(v.end_ms.unwrap_or(now) - v.start_ms);
    let duration = if v.end_ms.is_some() { duration } else { format!("{duration}…") };
    let scope = v.scopes.last();
    let title = v.scopes.iter().map(ToString::to_string).collect::<Vec<_>>().join(" › ");
    let retries = v.attempts.iter().filter(|a| a.failed()).count();
    let result = match retries {
        0 => v.result.as_str().to_string(),
        n => format!("{} ×{n}", v.result.as_str()),
    };
    let result_title = match retries {
        0 => format!("{} attempt(s)", v.attempts.len()),
        n => format!("{n} failed attempt{} of {}", if n == 1 { "" } else { "s" }, v.attempts.len()),
    };
    let class = if current { "tl-row current" } else { "tl-row" };
    let (entered, state) = (v.entered, v.state.clone());
    view! {
        <li
            class=class
            data-state=v.state.clone()
            data-result=v.result.as_str()
            data-depth=depth
            data-scope=scope.map(scope_attr)
            data-attempts=v.attempts.len()
            on:click=move |_| {
                // As a click on a history row: the run moves to the visit's entry.
                store.playback.update(|p| {
                    if let Some(p) = p {
                        p.seek(entered + 1);
                    }
                });
                store.selected_state.set(Some(state.clone()));
            }
        >
            <span class="tl-name" style:padding-left=indent title=title>
                {v.state.clone()}
                {scope.map(|s| view! { <span class="tl-scope">{scope_tag(s)}</span> })}
            </span>
            <span class="tl-start">{format!("+{}", span(v.start_ms))}</span>
            <span class="tl-duration">{duration}</span>
            <span class="tl-result" title=result_title>{result}</span>
            {bar(v, now, total)}
        </li>
    }
}

/// The column heads, and the run's time axis with the cursor's time on it.
#[component]
fn TimelineHead(store: Store) -> impl IntoView {
    let playback = store.playback;
    let now_line = move || {
        playback.with(|p| {
            let p = p.as_ref()?;
            let h = &p.run().history;
            let t0 = h.first()?.timestamp_ms;
            let total = h.last()?.timestamp_ms - t0;
            let left = format!("{:.3}%", percent(h[p.cursor() - 1].timestamp_ms - t0, total));
            Some(view! { <span class="tl-now" title="The cursor's time" style:left=left></span> })
        })
    };
    let axis = move || {
        playback.with(|p| {
            let h = &p.as_ref()?.run().history;
            let total = h.last()?.timestamp_ms - h.first()?.timestamp_ms;
            Some(format!("0 … {}", span(total)))
        })
    };
    view! {
        <div class="timeline-head" aria-hidden="true">
            <span class="tl-name">"State"</span>
            <span class="tl-start">"Start"</span>
            <span class="tl-duration">"Duration"</span>
            <span class="tl-result">"Result"</span>
            <span class="tl-axis">{axis}<span class="tl-axis-line">{now_line}</span></span>
        </div>
    }
}
