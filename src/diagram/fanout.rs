//! One answer per key, each a signal of its own: a node reads its own key's answer, so a change
//! in what the answers read (the selection, the run's step) notifies only the nodes whose answer
//! changed, and no shared signal has a subscriber per node. reactive_graph removes a
//! subscriber by shifting the ones after it: a thousand nodes re-running over one source cost
//! a million moves (a rename at 1,000 states spent ~290 ms there).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

type Answer<V> = Arc<dyn Fn(&str) -> V + Send + Sync>;

/// `answer(key)` for every key asked so far, kept up to date by one effect.
pub struct FanOut<V: Send + Sync + 'static> {
    slots: StoredValue<HashMap<Arc<str>, ArcRwSignal<V>>>,
    answer: StoredValue<Answer<V>>,
}

impl<V: Send + Sync + 'static> Clone for FanOut<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V: Send + Sync + 'static> Copy for FanOut<V> {}

impl<V: Clone + PartialEq + Send + Sync + 'static> FanOut<V> {
    /// `track` reads (tracked) every signal `answer` depends on.
    pub fn new(track: impl Fn() + Send + Sync + 'static, answer: impl Fn(&str) -> V + Send + Sync + 'static) -> Self {
        let fan = FanOut { slots: StoredValue::new(HashMap::new()), answer: StoredValue::new(Arc::new(answer)) };
        Effect::new(move |_| {
            track();
            let answer = fan.answer.get_value();
            let slots: Vec<_> = fan.slots.with_value(|s| s.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
            for (key, slot) in slots {
                let now = untrack(|| answer(&key));
                if slot.with_untracked(|old| *old != now) {
                    slot.set(now);
                }
            }
        });
        fan
    }

    /// `key`'s answer, tracked.
    pub fn get(self, key: &str) -> V {
        let slot = self.slots.with_value(|s| s.get(key).cloned()).unwrap_or_else(|| {
            let first = untrack(|| self.answer.get_value()(key));
            let slot = ArcRwSignal::new(first);
            self.slots.update_value(|s| {
                s.insert(Arc::from(key), slot.clone());
            });
            slot
        });
        slot.get()
    }

    /// Forgets `key` (its node is gone).
    pub fn remove(self, key: &str) {
        self.slots.update_value(|s| {
            s.remove(key);
        });
    }
}
