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

/// The part `key` as it is now (what the key says does not change; a `Memo` of its place
/// notifies only when the place changes).
pub fn part<E, T>(parts: Parts<E>, key: &str, pick: impl Fn(&E) -> T + Send + Sync + 'static) -> Memo<T>
where
    E: Send + Sync + 'static,
    T: Default + PartialEq + Send + Sync + 'static,
{
    let key = key.to_string();
    Memo::new(move |_| parts.with(|p| p.by_key.get(&key).map(&pick).unwrap_or_default()))
}

/// One element per key of `parts`, drawn by `child(key, part)` when the key first appears
/// (the part as it is then: what its key says stays so).
pub fn keyed<E: Clone + Default + Send + Sync + 'static>(
    parts: Parts<E>,
    child: impl Fn(String, E) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let draw = move |key: String| {
        let part = parts.with_untracked(|p| p.by_key.get(&key).cloned()).unwrap_or_default();
        child(key, part)
    };
    list(Signal::derive(move || parts.with(|p| p.order.clone())), Arc::new(draw))
}

fn list(order: Signal<Vec<String>>, child: Arc<dyn Fn(String) -> AnyView + Send + Sync>) -> AnyView {
    view! { <For each=move || order.get() key=|k: &String| k.clone() children=move |k: String| child(k) /> }.into_any()
}
