//! Watching a run unfold: Play/Pause at a chosen speed (events per second, or instant), a
//! scrubber over the event positions, the virtual clock at the cursor, and the keyboard
//! (Space, ←/→, Home/End when focus is not in a text field), and breakpoints: playing pauses
//! when the run enters a state that has one.
//!
//! The run is already computed (see `asl_core::Execution`), so playing only moves the cursor:
//! a `gloo-timers` interval steps it, never a busy loop, and it stops at the end.

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::Playback;
use crate::store::Store;

/// The speeds offered, in events per second; `None` is "instant" (straight to the end).
const SPEEDS: [(&str, Option<u32>); 6] =
    [("1", Some(1)), ("2", Some(2)), ("5", Some(5)), ("10", Some(10)), ("25", Some(25)), ("instant", None)];

fn speed_of(value: &str) -> Option<u32> {
    SPEEDS.iter().find(|(v, _)| *v == value).and_then(|(_, s)| *s)
}

/// `+3 min 0 s` from the first event to the cursor, on the virtual clock.
pub fn clock(p: &Playback) -> String {
    let history = &p.run().history;
    let (Some(first), Some(shown)) = (history.first(), history.get(p.cursor().saturating_sub(1))) else {
        return "+0 s".into();
    };
    let secs = (shown.timestamp_ms - first.timestamp_ms).max(0) / 1000;
    match secs {
        s if s < 60 => format!("+{s} s"),
        s if s < 3600 => format!("+{} min {} s", s / 60, s % 60),
        s => format!("+{} h {} min {} s", s / 3600, s % 3600 / 60, s % 60),
    }
}

/// Whether a key press belongs to a text field (then the playback keys leave it alone).
fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    let input_kind = el.get_attribute("type").unwrap_or_default();
    // A range or a button keeps the keys for the page; text-like inputs take them.
    matches!(tag.as_str(), "textarea" | "select")
        || (tag == "input" && !matches!(input_kind.as_str(), "range" | "button" | "checkbox" | "radio"))
        || el.closest("[contenteditable]").ok().flatten().is_some()
}

#[component]
pub fn PlaybackBar(store: Store, #[prop(into)] on_move: Callback<()>) -> impl IntoView {
    let playback = store.playback;
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(Some(5u32));
    // The interval lives outside the reactive graph: dropping it cancels it.
    let timer: StoredValue<Option<Interval>, LocalStorage> = StoredValue::new_local(None);

    let move_cursor = move |f: &dyn Fn(&mut Playback)| {
        playback.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        });
        on_move.run(());
    };
    let stop = move || {
        playing.set(false);
        timer.set_value(None);
    };
    let tick = move || {
        let mut more = false;
        playback.update(|p| {
            if let Some(p) = p {
                more = p.step() && !p.is_done();
                let entered = p.shown().last().filter(|e| e.event_type.ends_with("StateEntered"));
                if let Some(state) = entered.and_then(|e| e.state.as_deref()) {
                    more &= !store.breakpoints.with_untracked(|b| b.contains(state));
                }
            }
        });
        on_move.run(());
        if !more {
            stop();
        }
    };
    let play = move || {
        if playback.with_untracked(|p| p.as_ref().is_none_or(Playback::is_done)) {
            // Play at the end starts over, as a media player does.
            if playback.with_untracked(|p| p.is_none()) {
                return;
            }
            move_cursor(&|p| p.seek(1));
        }
        match speed.get_untracked() {
            None => {
                move_cursor(&|p| p.to_end());
                stop();
            }
            Some(per_second) => {
                playing.set(true);
                let interval = Interval::new(1000 / per_second.max(1), tick);
                timer.set_value(Some(interval));
            }
        }
    };
    let toggle = move || if playing.get_untracked() { stop() } else { play() };

    // A new run (Start, another test case, another document) stops the last one's playing.
    Effect::new(move |last: Option<usize>| {
        // The history's allocation identifies a run: a new run is a new vector.
        let id = playback.with(|p| p.as_ref().map_or(0, |p| p.run().history.as_ptr() as usize));
        if last.is_some_and(|l| l != id) {
            stop();
        }
        id
    });
    on_cleanup(move || timer.set_value(None));

    // The keyboard, for the whole page (the outside world: a window listener).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if in_text_field(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        // Space on a focused button presses that button (the browser's own click).
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
        if on_button && ev.key() == " " {
            return;
        }
        if playback.with_untracked(|p| p.is_none()) {
            return;
        }
        let handled = match ev.key().as_str() {
            " " => {
                toggle();
                true
            }
            "ArrowRight" => {
                stop();
                move_cursor(&|p| {
                    p.step();
                });
                true
            }
            "ArrowLeft" => {
                stop();
                move_cursor(&|p| {
                    p.back();
                });
                true
            }
            "Home" => {
                stop();
                move_cursor(&|p| p.seek(1));
                true
            }
            "End" => {
                stop();
                move_cursor(&|p| p.to_end());
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());

    let no_run = move || playback.with(|p| p.is_none());
    let has_breakpoint =
        move || store.selected_state.with(|s| s.as_ref().is_some_and(|s| store.breakpoints.with(|b| b.contains(s))));
    let len = move || playback.with(|p| p.as_ref().map_or(0, Playback::len));
    let cursor = move || playback.with(|p| p.as_ref().map_or(0, Playback::cursor));
    let speed_value = move || SPEEDS.iter().find(|(_, s)| *s == speed.get()).map_or("instant", |(v, _)| *v).to_string();

    view! {
        <div class="playback" role="group" aria-label="Playback">
            <button
                id="sim-play"
                aria-pressed=move || playing.get().to_string()
                on:click=move |_| toggle()
                disabled=no_run
                title="Play or pause (Space)"
            >
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <label class="speed">
                "Speed "
                <select
                    id="sim-speed"
                    prop:value=speed_value
                    on:change=move |ev| {
                        speed.set(speed_of(&event_target_value(&ev)));
                        // A change while playing takes effect at once.
                        if playing.get_untracked() {
                            timer.set_value(None);
                            play();
                        }
                    }
                >
                    {SPEEDS
                        .iter()
                        .map(|(v, s)| {
                            let label = s.map_or("instant".to_string(), |n| format!("{n} / s"));
                            view! { <option value=*v>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <input
                id="sim-scrubber"
                type="range"
                min="0"
                max=move || len().to_string()
                prop:value=move || cursor().to_string()
                disabled=no_run
                aria-label="Event position"
                aria-valuetext=move || format!("event {} of {}", cursor(), len())
                on:input=move |ev| {
                    stop();
                    let k = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                    move_cursor(&|p| p.seek(k));
                }
            />
            <button
                id="sim-breakpoint"
                aria-pressed=move || has_breakpoint().to_string()
                disabled=move || store.selected_state.with(Option::is_none)
                on:click=move |_| {
                    if let Some(state) = store.selected_state.get_untracked() {
                        store.toggle_breakpoint(&state);
                    }
                }
                title="Pause when the run enters the selected state"
            >
                {move || if has_breakpoint() { "Remove breakpoint" } else { "Breakpoint" }}
            </button>
            <span id="sim-clock" class="clock" title="Virtual time at this event">
                {move || playback.with(|p| p.as_ref().map(clock).unwrap_or_default())}
            </span>
        </div>
    }
}
