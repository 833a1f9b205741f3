//! The execution history: `#events`, one row per shown event with `data-type` = AWS's event type
//! and `data-iteration` = the innermost Map iteration (`Map:index`). While there are few rows,
//! every row is in the page; past [`VIRTUAL_FROM`] only the rows in view and a margin are, between
//! two spacers, so a 25,000-event run scrolls and scrubs within a frame. The list follows the
//! playback cursor. Above it, a picker shows one Map iteration's events alone.

use std::sync::Arc;

use std::collections::BTreeMap;

use asl_core::layout::Layout;
use asl_core::run::iterations::{self, Iteration, MapProgress};
use asl_core::{HistoryEvent, Run};
use leptos::html::Ol;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::Playback;
use crate::simulation::elapsed;
use crate::store::{BranchPick, Store};

/// Every row has this height (CSS `.event`), so a row's place is its index times it.
const ROW_PX: f64 = 20.0;
/// From this many rows on, only those in view are rendered.
pub const VIRTUAL_FROM: usize = 400;
/// Rows rendered above and below the view, so a fast scroll does not show a gap first.
const OVERSCAN: usize = 12;

/// A value computed from a whole run, once per run rather than once per step, and kept while
/// that run is on show. A run is told apart by its history's address and length.
pub(crate) struct PerRun<T: Send + Sync + 'static>(StoredValue<Option<(usize, T)>>);

impl<T: Clone + Send + Sync + 'static> Clone for PerRun<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Clone + Send + Sync + 'static> Copy for PerRun<T> {}

impl<T: Clone + Send + Sync + 'static> PerRun<T> {
    pub(crate) fn new() -> Self {
        PerRun(StoredValue::new(None))
    }

    pub(crate) fn get(self, run: &Run, compute: impl FnOnce(&Run) -> T) -> T {
        let key = (run.history.as_ptr() as usize).wrapping_add(run.history.len());
        if let Some((k, value)) = self.0.get_value() {
            if k == key {
                return value;
            }
        }
        let value = compute(run);
        self.0.set_value(Some((key, value.clone())));
        value
    }
}

/// The indexes (into the shown events) of the rows listed: all, or one iteration's or branch's.
fn listed(
    p: &Playback,
    (picked, branch): (Option<Iteration>, Option<BranchPick>),
    enclosing: impl Fn(&Run) -> Arc<Vec<Vec<Iteration>>>,
) -> Vec<usize> {
    let shown = p.shown();
    // A distributed Map's iteration: its child execution's own history, whole.
    if let Some(child) = picked.as_ref().and_then(|it| iterations::child_of(&p.run().map_runs, it)) {
        return (0..child.history.len()).collect();
    }
    match (picked, branch) {
        (Some(it), _) => {
            let inside = enclosing(p.run());
            (0..shown.len()).filter(|&i| inside[i].contains(&it)).collect::<Vec<usize>>()
        }
        (None, Some(b)) => {
            (0..shown.len()).filter(|&i| shown[i].state.as_ref().is_some_and(|s| b.states.contains(s))).collect()
        }
        (None, None) => (0..shown.len()).collect(),
    }
}

/// The list's state, which its handlers and rows share.
#[derive(Clone, Copy)]
struct List {
    store: Store,
    rows: Memo<Vec<usize>>,
    /// The row the keyboard is on (an index into the shown events).
    focused_row: RwSignal<Option<usize>>,
    /// The row in the Tab order (a roving tabindex): the focused one, else the cursor's.
    roving: Memo<Option<usize>>,
    list: NodeRef<Ol>,
    scroll_top: RwSignal<f64>,
}

impl List {
    /// ↑/↓ between rows, Home/End to the first and last, Enter moves the run there.
    fn on_row_key(self, i: usize, ev: web_sys::KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let key = ev.key();
        if key == "Enter" || key == " " {
            ev.prevent_default();
            seek(self.store, i);
            // The list is redrawn for the new cursor, which may take the focus from its row.
            request_animation_frame(move || {
                focus_row(i);
            });
            return;
        }
        let next = self.rows.with_untracked(|r| {
            let at = r.binary_search(&i).ok()?;
            match key.as_str() {
                "ArrowDown" => r.get(at + 1).copied(),
                "ArrowUp" => at.checked_sub(1).and_then(|a| r.get(a).copied()),
                "Home" => r.first().copied(),
                "End" => r.last().copied(),
                _ => None,
            }
            .map(|row| (row, r.binary_search(&row).unwrap_or(0)))
        });
        if matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            ev.prevent_default();
        }
        let Some((row, at)) = next else { return };
        self.focused_row.set(Some(row));
        // Into view first (a virtual list draws the rows in view), then the focus.
        if let Some(el) = self.list.get_untracked() {
            let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
            let row_top = at as f64 * ROW_PX;
            if row_top < top || row_top + ROW_PX > top + height {
                el.set_scroll_top((row_top + ROW_PX / 2.0 - height / 2.0).max(0.0) as i32);
                self.scroll_top.set(el.scroll_top() as f64);
            }
        }
        // At once when the row is drawn (the next key then starts from it), else once drawn.
        if !focus_row(row) {
            request_animation_frame(move || {
                focus_row(row);
            });
        }
    }
}

/// Focuses the drawn row `row`; false when it is not drawn.
fn focus_row(row: usize) -> bool {
    let found = document().query_selector(&format!("#events li[data-row=\"{row}\"]")).ok().flatten();
    found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|li| li.focus().is_ok())
}

#[component]
pub fn HistoryList(store: Store, layout: Signal<Option<Arc<Layout>>>) -> impl IntoView {
    let playback = store.playback;
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(240.0f64);
    let list: NodeRef<Ol> = NodeRef::new();
    // The iterations each event is inside: a prefix's answer is a prefix of the run's.
    let per_run = PerRun::new();
    let enclosing = move |run: &Run| per_run.get(run, |run| Arc::new(iterations::enclosing(&run.history)));
    let rows = Memo::new(move |_| {
        let picks = (store.iteration.get(), store.branch.get());
        playback.with(|p| p.as_ref().map(|p| listed(p, picks, enclosing)).unwrap_or_default())
    });

    // Keep the current event in view as the run moves (the list is outside Leptos' reach:
    // its scroll position belongs to the page).
    Effect::new(move |_| {
        let cursor = playback.with(|p| p.as_ref().map(|p| p.cursor()));
        let (Some(cursor), Some(el)) = (cursor, list.get()) else { return };
        let at = rows.with_untracked(|r| r.partition_point(|&i| i < cursor - 1));
        let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
        let row_top = at as f64 * ROW_PX;
        if row_top < top || row_top + ROW_PX > top + height {
            el.set_scroll_top((row_top + ROW_PX - height).max(0.0) as i32);
        }
    });
    // The row the keyboard is on (an index into the shown events), in the Tab order alone (a
    // roving tabindex); the cursor's row when none is.
    let focused_row: RwSignal<Option<usize>> = RwSignal::new(None);
    let roving = Memo::new(move |_| {
        let cursor = playback.with(|p| p.as_ref().map(|p| p.cursor() - 1));
        rows.with(|r| focused_row.get().filter(|i| r.binary_search(i).is_ok()).or(cursor))
    });
    let state = List { store, rows, focused_row, roving, list, scroll_top };
    let on_scroll = move |_| {
        if let Some(el) = list.get() {
            scroll_top.set(el.scroll_top() as f64);
            view_height.set(el.client_height() as f64);
        }
    };

    let events = move || {
        let virtual_window = rows.with(|r| r.len() >= VIRTUAL_FROM).then(|| (scroll_top.get(), view_height.get()));
        playback.with(|p| {
            let Some(p) = p else { return ().into_any() };
            let run = p.run();
            let child = store.iteration.with(|it| it.as_ref().and_then(|it| iterations::child_of(&run.map_runs, it)));
            let (shown, highlighted) = match child {
                Some(c) => (c.history.as_slice(), usize::MAX),
                None => (p.shown(), p.cursor() - 1),
            };
            let inside = match child {
                Some(c) => Arc::new(iterations::enclosing(&c.history)),
                None => enclosing(run),
            };
            // A redriven run: its events from the redrive on are marked.
            let redriven_from = shown.iter().position(|e| e.event_type == asl_core::EventType::ExecutionRedriven);
            let drawn = Drawn { run, shown, inside: &inside, highlighted, redriven_from, is_child: child.is_some() };
            rows.with(|rows| drawn.rows(state, rows, virtual_window)).into_any()
        })
    };

    view! {
        <IterationPicker store=store layout=layout />
        <ol id="events" aria-label="Execution history: ↑/↓ between events, Enter moves the run there" node_ref=list on:scroll=on_scroll>{events}</ol>
    }
}

/// The events the rows are drawn from: the run's shown events, or a child execution's.
struct Drawn<'a> {
    run: &'a Run,
    shown: &'a [HistoryEvent],
    inside: &'a [Vec<Iteration>],
    /// The cursor's row (none in a child execution).
    highlighted: usize,
    redriven_from: Option<usize>,
    /// A child execution's events are not positions of the run.
    is_child: bool,
}

impl Drawn<'_> {
    /// The rows listed, or past [`VIRTUAL_FROM`] those in `virtual_window` (scroll top and
    /// height) between two spacers.
    fn rows(&self, state: List, rows: &[usize], virtual_window: Option<(f64, f64)>) -> impl IntoView {
        let total = rows.len();
        let (first, last) = visible_rows(total, virtual_window, ROW_PX, OVERSCAN);
        let gap = |rows: usize| virtual_window.map(|_| spacer(rows, ROW_PX));
        let listed = rows[first..last].iter().map(|&i| self.row(state, i)).collect_view();
        view! { {gap(first)}{listed}{gap(total - last)} }
    }

    fn row(&self, list: List, i: usize) -> impl IntoView {
        let (store, focused_row, roving, is_child) = (list.store, list.focused_row, list.roving, self.is_child);
        let (e, highlighted) = (&self.shown[i], self.highlighted);
        // The innermost iteration the event is in, as `Map:index`.
        let iteration = self.inside[i].last().map(|it| format!("{}:{}", it.map_state, it.index));
        let odd = if i.is_multiple_of(2) { " odd" } else { "" };
        let mut class = if i == highlighted { format!("event selected{odd}") } else { format!("event{odd}") };
        if self.redriven_from.is_some_and(|r| i >= r) {
            class.push_str(" redriven");
        }
        let state = e.state.clone();
        let tabindex = move || if roving.get() == Some(i) { "0" } else { "-1" };
        view! {
            <li
                class=class
                data-type=e.event_type.as_str()
                data-iteration=iteration
                data-row=i
                tabindex=tabindex
                aria-current=(i == highlighted).then_some("step")
                on:click=move |_| {
                    focused_row.set(Some(i));
                    // A child execution's events are not positions of the run.
                    if !is_child {
                        seek(store, i);
                    } else if let Some(s) = &state {
                        store.selected_state.set(Some(s.clone()));
                    }
                }
                on:keydown=move |ev| list.on_row_key(i, ev)
            >
                <span class="id">{e.id}</span>
                <span class="time">{elapsed(self.run, e)}</span>
                <span class="type">{e.event_type.as_str()}</span>
                <span class="state">{e.state.clone().unwrap_or_default()}</span>
                {e.default_result.then(|| view! {
                    <span class="default-tag" title="No test case scripts this state: the integration's default result">
                        "default result"
                    </span>
                })}
            </li>
        }
    }
}

/// Moves the run to the shown event `i`, as the scrubber would: the diagram, the details and the
/// scrubber all follow, and its state is selected.
fn seek(store: Store, i: usize) {
    let mut state = None;
    store.playback.update(|p| {
        if let Some(p) = p {
            state = p.shown().get(i).and_then(|e| e.state.clone());
            p.seek(i + 1);
        }
    });
    if let Some(s) = state {
        store.selected_state.set(Some(s));
    }
}

/// The iterations listed per Map; past those, an index field.
const LISTED: usize = 500;

fn branch_value(b: &BranchPick) -> String {
    format!("{}\u{1f}{}", b.parallel, b.branch)
}

/// The branches of every Parallel in the drawing, each with the states inside it (any depth).
fn parallel_branches(l: &Layout) -> Vec<BranchPick> {
    l.parallel_branches()
        .map(|(i, c, parallel)| {
            let states = l.nodes.iter().filter(|n| l.is_within(n.parent, i)).map(|n| n.name.clone()).collect();
            BranchPick { parallel: parallel.to_string(), branch: c.branch, states: Arc::new(states) }
        })
        .collect()
}

/// Picks one Map iteration or one Parallel branch (or all events): the history lists only its
/// events, and for an iteration the diagram shows its path inside the Map. Lists each iteration
/// of the run with how it ended (the first 500 per Map; past those, an index field).
#[component]
fn IterationPicker(store: Store, layout: Signal<Option<Arc<Layout>>>) -> impl IntoView {
    // The statuses at the end of the run: they change once per run, not at every step (a list
    // of hundreds of options rebuilt per step would cost more than the step).
    let per_run = PerRun::new();
    let progress = Memo::new(move |_| {
        store.playback.with(|p| match p {
            Some(p) => per_run.get(p.run(), |run| iterations::progress_with_children(&run.history, &run.map_runs)),
            None => BTreeMap::new(),
        })
    });
    // Every Parallel branch the diagram draws: (Parallel, branch index, its states).
    let branches = Memo::new(move |_| layout.with(|l| l.as_deref().map(parallel_branches).unwrap_or_default()));
    let pick = move |ev| {
        let value = event_target_value(&ev);
        if let Some(key) = value.strip_prefix("branch\u{1f}") {
            let picked = branches.with_untracked(|b| b.iter().find(|b| branch_value(b) == key).cloned());
            store.iteration.set(None);
            store.branch.set(picked);
            return;
        }
        let picked = value
            .split_once('\u{1f}')
            .and_then(|(map, index)| Some(Iteration { map_state: map.to_string(), index: index.parse().ok()? }));
        store.branch.set(None);
        store.iteration.set(picked);
    };
    move || {
        let maps = progress.get();
        let has_run = store.playback.with(Option::is_some);
        let branch_list = branches.get();
        if maps.is_empty() && (branch_list.is_empty() || !has_run) {
            return None;
        }
        let current = store.iteration.get();
        let current_branch = store.branch.get();
        Some(view! {
            <label class="iteration-picker">
                "Show "
                <select id="history-iteration" on:change=pick>
                    <option value="" selected=current.is_none() && current_branch.is_none()>"all events"</option>
                    {iteration_groups(&maps, current.as_ref())}
                    {branch_groups(&branch_list, current_branch.as_ref())}
                </select>
                {index_fields(store, &maps, current.as_ref())}
            </label>
        })
    }
}

/// One group of options per Parallel: its branches.
fn branch_groups(branch_list: &[BranchPick], current_branch: Option<&BranchPick>) -> impl IntoView {
    branch_list
        .chunk_by(|a, b| a.parallel == b.parallel)
        .map(|group| {
            let options = group
                .iter()
                .map(|b| {
                    let selected = current_branch.is_some_and(|c| branch_value(c) == branch_value(b));
                    view! {
                        <option value=format!("branch\u{1f}{}", branch_value(b)) selected=selected>
                            {format!("{} · branch {}", b.parallel, b.branch + 1)}
                        </option>
                    }
                })
                .collect_view();
            view! { <optgroup label=format!("Parallel {}", group[0].parallel)>{options}</optgroup> }
        })
        .collect_view()
}

/// One group of options per Map: its first [`LISTED`] iterations with how each ended.
fn iteration_groups(maps: &BTreeMap<String, MapProgress>, current: Option<&Iteration>) -> impl IntoView {
    let value_of = |it: &Iteration| format!("{}\u{1f}{}", it.map_state, it.index);
    maps.iter()
        .map(|(map, p)| {
            let c = p.counts();
            let label = format!("{map}: {} of {} succeeded, {} failed", c.succeeded, p.total, c.failed);
            let options = p
                .iterations
                .iter()
                .take(LISTED)
                .map(|(&index, status)| {
                    let it = Iteration { map_state: map.clone(), index };
                    let selected = current == Some(&it);
                    view! {
                        <option value=value_of(&it) selected=selected>
                            {format!("{map} · iteration {index} · {}", status.as_str())}
                        </option>
                    }
                })
                .collect_view();
            view! { <optgroup label=label>{options}</optgroup> }
        })
        .collect_view()
}

/// Past the list: an index field per Map that has more iterations.
fn index_fields(store: Store, maps: &BTreeMap<String, MapProgress>, current: Option<&Iteration>) -> impl IntoView {
    maps.iter()
        .filter(|(_, p)| p.iterations.len() > LISTED)
        .map(|(map, p)| {
            let map = map.clone();
            let value = current.filter(|it| it.map_state == map).map(|it| it.index.to_string());
            let last = p.total.saturating_sub(1);
            let label = format!("{map} iteration (0–{last})");
            let on_change = move |ev| {
                let index = event_target_value(&ev).trim().parse::<usize>().ok();
                store.iteration.set(index.map(|index| Iteration { map_state: map.clone(), index }));
            };
            view! {
                <input class="iteration-index" type="number" min="0" max=last aria-label=label
                    prop:value=value.unwrap_or_default() on:change=on_change />
            }
        })
        .collect_view()
}

/// The rows `first..last` of `total` to draw: all of them, or with `virtual_window` (scroll top
/// and height, in pixels) those in view and `overscan` more on each side. Shared by the history
/// and the timeline, whose rows differ only in height.
pub fn visible_rows(total: usize, virtual_window: Option<(f64, f64)>, row_px: f64, overscan: usize) -> (usize, usize) {
    match virtual_window {
        None => (0, total),
        Some((top, height)) => {
            let first = ((top / row_px) as usize).saturating_sub(overscan).min(total);
            let count = (height / row_px).ceil() as usize + 2 * overscan;
            (first, (first + count).min(total))
        }
    }
}

/// The empty row that stands for `rows` rows not drawn, so the scroll height stays true.
pub fn spacer(rows: usize, row_px: f64) -> impl IntoView {
    let height = format!("{}px", rows as f64 * row_px);
    view! { <li class="spacer" aria-hidden="true" style:height=height></li> }
}
