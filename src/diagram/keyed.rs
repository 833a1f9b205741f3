//! Keyed drawing: each part of the diagram (a container, an edge, a state) is an element keyed
//! by what it is, so a new layout adds, removes and moves elements instead of rebuilding them.
//! Every part goes through the one [`keyed`] list: one `<For>` instantiation keeps the wasm small.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

/// The parts of one layout: their keys in drawing order, and each part by key.
#[derive(Debug, PartialEq)]
pub struct Drawn<E> {
    pub order: Vec<String>,
    pub by_key: HashMap<String, E>,
}

impl<E> Default for Drawn<E> {
    fn default() -> Self {
        Drawn { order: Vec::new(), by_key: HashMap::new() }
    }
}

impl<E> Drawn<E> {
    /// `items` are (identity, part). A repeated identity (a name drawn twice in an invalid
    /// definition) gets a count, so keys stay distinct as `<For>` needs.
    pub fn new(items: impl Iterator<Item = (String, E)>) -> Drawn<E> {
        let mut drawn = Drawn::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (identity, part) in items {
            let count = seen.entry(identity.clone()).or_default();
            let key = format!("{identity}\u{1f}{count}");
            *count += 1;
            drawn.order.push(key.clone());
            drawn.by_key.insert(key, part);
        }
        drawn
    }
}

/// The parts of the drawn layout, rebuilt (cheaply, as data) with each layout.
pub type Parts<E> = Memo<Arc<Drawn<E>>>;

/// One key's part as it is now, a signal of its own: a new layout sets only the parts it
/// changed, so a node subscribes to its own slot and not to the whole layout (a source with a
/// thousand subscribers makes every re-run of each of them pay for the others: reactive_graph
/// removes a subscriber by shifting the rest).
pub type Slot<E> = ArcRwSignal<E>;

/// What the part in `slot` says of `pick`, notifying only when that changes.
pub fn part<E, T>(slot: &Slot<E>, pick: impl Fn(&E) -> T + Send + Sync + 'static) -> Memo<T>
where
    E: Send + Sync + 'static,
    T: PartialEq + Send + Sync + 'static,
{
    let slot = slot.clone();
    Memo::new(move |_| slot.with(&pick))
}

/// One element per key of `parts`, drawn by `child(key, part, slot)` when the key first
/// appears (`part` as it is then: what its key says stays so; the rest follows `slot`).
pub fn keyed<E: Clone + Default + PartialEq + Send + Sync + 'static>(
    parts: Parts<E>,
    child: impl Fn(String, E, Slot<E>) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let slots: StoredValue<HashMap<String, Slot<E>>> = StoredValue::new(HashMap::new());
    // The list's order is read once per layout: the slots are brought up to date there.
    let order = Memo::new(move |_| {
        parts.with(|p| {
            slots.update_value(|slots| {
                slots.retain(|key, _| p.by_key.contains_key(key));
                for (key, part) in &p.by_key {
                    match slots.get(key) {
                        Some(slot) if slot.with_untracked(|old| old != part) => slot.set(part.clone()),
                        Some(_) => {}
                        None => {
                            slots.insert(key.clone(), ArcRwSignal::new(part.clone()));
                        }
                    }
                }
            });
            p.order.clone()
        })
    });
    let draw = move |key: String| {
        let slot = slots.with_value(|s| s.get(&key).cloned()).unwrap_or_default();
        let part = slot.get_untracked();
        child(key, part, slot)
    };
    list(order.into(), Arc::new(draw))
}

fn list(order: Signal<Vec<String>>, child: Arc<dyn Fn(String) -> AnyView + Send + Sync>) -> AnyView {
    view! { <For each=move || order.get() key=|k: &String| k.clone() children=move |k: String| child(k) /> }.into_any()
}
