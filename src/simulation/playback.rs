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

use crate::a11y::in_text_field;
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
    format!("+{}", seconds((shown.timestamp_ms - first.timestamp_ms).max(0) / 1000))
}

/// `3 min 0 s`: whole seconds as the clock shows them.
fn seconds(secs: i64) -> String {
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{} h {} min {} s", s / 3600, s % 3600 / 60, s % 60),
    }
}

/// A span of virtual time as the clock writes it (`3 min 0 s`), under a second in `ms`.
pub fn span(ms: i64) -> String {
    if ms > 0 && ms < 1000 {
        format!("{ms} ms")
    } else {
        seconds(ms.max(0) / 1000)
    }
}

/// The playback's own state and what it does; `Copy`, so every handler holds one.
#[derive(Clone, Copy)]
struct Player {
    store: Store,
    playing: RwSignal<bool>,
    /// Events per second; `None` is instant.
    speed: RwSignal<Option<u32>>,
    // The interval lives outside the reactive graph: dropping it cancels it.
    timer: StoredValue<Option<Interval>, LocalStorage>,
}

impl Player {
    fn move_cursor(self, f: impl Fn(&mut Playback)) {
        self.store.playback.update(|p| {
            if let Some(p) = p {
                f(p);
            }
        });
    }

    fn stop(self) {
        self.playing.set(false);
        self.timer.set_value(None);
    }

    /// One event more; stops at the end and on entering a state with a breakpoint.
    fn tick(self) {
        let mut more = false;
        self.store.playback.update(|p| {
            if let Some(p) = p {
                more = p.step() && !p.is_done();
                let entered = p.shown().last().filter(|e| e.event_type.is_state_entered());
                if let Some(state) = entered.and_then(|e| e.state.as_deref()) {
                    more &= !self.store.breakpoints.with_untracked(|b| b.contains(state));
                }
            }
        });
        if !more {
            self.stop();
        }
    }

    fn play(self) {
        let playback = self.store.playback;
        if playback.with_untracked(|p| p.is_none()) {
            return;
        }
        if playback.with_untracked(|p| p.as_ref().is_none_or(Playback::is_done)) {
            // Play at the end starts over, as a media player does.
            self.move_cursor(|p| p.seek(1));
        }
        match self.speed.get_untracked() {
            None => {
                self.move_cursor(Playback::to_end);
                self.stop();
            }
            Some(per_second) => {
                self.playing.set(true);
                let interval = Interval::new(1000 / per_second.max(1), move || self.tick());
                self.timer.set_value(Some(interval));
            }
        }
    }

    fn toggle(self) {
        if self.playing.get_untracked() {
            self.stop()
        } else {
            self.play()
        }
    }

    /// A key of the page: Space plays/pauses, arrows step, Home/End jump. True if handled.
    fn key(self, ev: &web_sys::KeyboardEvent) -> bool {
        // A key an element already used (arrows on a diagram node or a history row) is not
        // the playback's.
        if ev.default_prevented() || in_text_field(ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return false;
        }
        // Space on a focused button presses that button (the browser's own click).
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"));
        if (on_button && ev.key() == " ") || self.store.playback.with_untracked(|p| p.is_none()) {
            return false;
        }
        let step: fn(&mut Playback) = match ev.key().as_str() {
            " " => {
                self.toggle();
                return true;
            }
            "ArrowRight" => |p| {
                p.step();
            },
            "ArrowLeft" => |p| {
                p.back();
            },
            "Home" => |p| p.seek(1),
            "End" => Playback::to_end,
            _ => return false,
        };
        self.stop();
        self.move_cursor(step);
        true
    }
}

#[component]
pub fn PlaybackBar(store: Store) -> impl IntoView {
    let playback = store.playback;
    let player = Player {
        store,
        playing: RwSignal::new(false),
        speed: RwSignal::new(Some(5u32)),
        timer: StoredValue::new_local(None),
    };
    let Player { playing, timer, .. } = player;

    // A new run (Start, another test case, another document) stops the last one's playing.
    Effect::new(move |last: Option<usize>| {
        // The history's allocation identifies a run: a new run is a new vector.
        let id = playback.with(|p| p.as_ref().map_or(0, |p| p.run().history.as_ptr() as usize));
        if last.is_some_and(|l| l != id) {
            player.stop();
        }
        id
    });
    on_cleanup(move || timer.set_value(None));
    // The keyboard, for the whole page (the outside world: a window listener).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if player.key(&ev) {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());

    let no_run = move || playback.with(|p| p.is_none());

    view! {
        <div class="playback" role="group" aria-label="Playback">
            <button
                id="sim-play"
                aria-pressed=move || playing.get().to_string()
                on:click=move |_| player.toggle()
                disabled=no_run
                title="Play or pause (Space)"
            >
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <SpeedSelect player=player />
            <Scrubber player=player />
            <BreakpointButton store=store />
            <span id="sim-clock" class="clock" title="Virtual time at this event">
                {move || playback.with(|p| p.as_ref().map(clock).unwrap_or_default())}
            </span>
        </div>
    }
}

#[component]
fn SpeedSelect(player: Player) -> impl IntoView {
    let Player { playing, speed, timer, .. } = player;
    let speed_value = move || SPEEDS.iter().find(|(_, s)| *s == speed.get()).map_or("instant", |(v, _)| *v).to_string();
    view! {
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
                        player.play();
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
    }
}

#[component]
fn Scrubber(player: Player) -> impl IntoView {
    let playback = player.store.playback;
    let no_run = move || playback.with(|p| p.is_none());
    let len = move || playback.with(|p| p.as_ref().map_or(0, Playback::len));
    let cursor = move || playback.with(|p| p.as_ref().map_or(0, Playback::cursor));
    view! {
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
                player.stop();
                let k = event_target_value(&ev).parse::<usize>().unwrap_or(0);
                player.move_cursor(|p| p.seek(k));
            }
        />
    }
}

/// Sets or removes the selected state's breakpoint.
#[component]
fn BreakpointButton(store: Store) -> impl IntoView {
    let has_breakpoint =
        move || store.selected_state.with(|s| s.as_ref().is_some_and(|s| store.breakpoints.with(|b| b.contains(s))));
    view! {
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
    }
}
