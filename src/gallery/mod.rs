//! The sample gallery: a searchable, filterable grid of every sample in
//! `public/samples/index.json` with its title, description, tags and a thumbnail of its
//! diagram. Opening a card opens the sample as a new document (through the callback the app
//! gives). Keyboard: the search box has the focus, ↓ goes to the cards, arrow keys move between
//! cards, Enter opens one, Escape closes.

pub mod samples;
pub mod thumbnail;

use std::rc::Rc;

use asl_edit::gallery::{facets, Filter};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::samples::{load, Sample, SampleId, SAMPLES};
use self::thumbnail::{sample_layout, Thumbnail};

#[component]
pub fn Gallery(open: RwSignal<bool>, on_pick: Callback<SampleId>) -> impl IntoView {
    // The search box first; Tab kept inside, Escape closes, the focus back on the opener.
    crate::a11y::modal(
        "gallery",
        Some("gallery-search"),
        Rc::new(move || open.get()),
        Rc::new(move || open.set(false)),
    );
    move || open.get().then(|| view! { <GalleryDialog open=open on_pick=on_pick /> })
}

#[component]
fn GalleryDialog(open: RwSignal<bool>, on_pick: Callback<SampleId>) -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let shown = Memo::new(move |_| filter.with(|f| SAMPLES.iter().filter(|s| f.keeps(&s.info)).count()));
    let close = move || open.set(false);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp" | "ArrowLeft" | "ArrowRight" | "Home" | "End")
            && move_focus(&ev)
        {
            ev.prevent_default();
        }
    };
    let cards = SAMPLES
        .iter()
        .map(|s| view! { <SampleCard sample=s filter=filter open=open on_pick=on_pick /> })
        .collect_view();
    view! {
        <div class="dialog-backdrop" on:click=move |ev| {
            // A click on the backdrop itself (not inside the dialog) closes it.
            if ev.target() == ev.current_target() {
                close();
            }
        }>
            <div class="dialog gallery" id="gallery" role="dialog" aria-modal="true" aria-labelledby="gallery-heading" on:keydown=on_key>
                <header class="gallery-head">
                    <h2 id="gallery-heading">"Sample gallery"</h2>
                    <button id="gallery-close" aria-label="Close the gallery" on:click=move |_| close()>"×"</button>
                </header>
                <GalleryFilters filter=filter shown=shown />
                <ul id="gallery-list" class="gallery-grid">{cards}</ul>
                <p class="muted" hidden=move || shown.get() != 0>"No sample matches. Clear the search or a filter."</p>
            </div>
        </div>
    }
}

/// The search box, one `<select>` per facet, and how many samples are shown.
#[component]
fn GalleryFilters(filter: RwSignal<Filter>, shown: Memo<usize>) -> impl IntoView {
    let infos: Vec<_> = SAMPLES.iter().map(|s| s.info.clone()).collect();
    let f = facets(&infos);
    view! {
        <div class="gallery-filters">
            <input
                id="gallery-search"
                type="search"
                placeholder="Search samples"
                aria-label="Search samples"
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    filter.update(|f| f.search = value);
                }
            />
            <FilterSelect id="gallery-service" label="Service" values=f.services field=|f| &mut f.service filter=filter />
            <FilterSelect id="gallery-state-type" label="State type" values=f.state_types field=|f| &mut f.state_type filter=filter />
            <FilterSelect id="gallery-query-language" label="Query language" values=f.query_languages
                field=|f| &mut f.query_language filter=filter />
            <FilterSelect id="gallery-feature" label="Feature" values=f.features field=|f| &mut f.feature filter=filter />
            <span id="gallery-count" role="status" aria-live="polite">
                {move || match shown.get() {
                    1 => "1 sample".to_string(),
                    n => format!("{n} samples"),
                }}
            </span>
        </div>
    }
}

/// A filter `<select>`: its options, "any" first, writing one field of the filter.
#[component]
fn FilterSelect(
    id: &'static str,
    label: &'static str,
    values: Vec<String>,
    field: fn(&mut Filter) -> &mut String,
    filter: RwSignal<Filter>,
) -> impl IntoView {
    view! {
        <label class="gallery-filter">
            {label}
            " "
            <select
                id=id
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    filter.update(|f| *field(f) = value);
                }
            >
                <option value="">"Any"</option>
                {values.into_iter().map(|v| view! { <option value=v.clone()>{v.clone()}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// One sample: its thumbnail, title (the button that opens it), description and tags; hidden
/// while the filter leaves it out.
#[component]
fn SampleCard(
    sample: &'static Sample,
    filter: RwSignal<Filter>,
    open: RwSignal<bool>,
    on_pick: Callback<SampleId>,
) -> impl IntoView {
    let s = sample;
    let info = &s.info;
    let id = s.id;
    let keep_info = info.clone();
    let hidden = move || filter.with(|f| !f.keeps(&keep_info));
    let tags = std::iter::once(info.query_language.clone())
        .chain(info.services.iter().cloned())
        .chain(info.state_types.iter().cloned())
        .chain(info.features.iter().cloned())
        .map(|t| view! { <li class="tag">{t}</li> })
        .collect_view();
    let title_id = format!("sample-title-{}", info.stem);
    // The thumbnail once the sample's files are here (fetched the first time the gallery opens).
    let files = RwSignal::new(s.files());
    if s.files().is_none() {
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(f) = load(id).await {
                let _ = files.try_set(Some(f)); // the gallery may have closed meanwhile
            }
        });
    }
    view! {
        <li class="sample-card" data-stem=info.stem.clone() hidden=hidden>
            {move || view! { <Thumbnail layout=files.get().and_then(|f| sample_layout(f.definition)) /> }}
            <h3 id=title_id>
                <button
                    class="sample-open"
                    aria-describedby=format!("sample-desc-{}", info.stem)
                    on:click=move |_| {
                        open.set(false);
                        on_pick.run(id);
                    }
                >
                    {info.title.clone()}
                </button>
            </h3>
            <p id=format!("sample-desc-{}", info.stem) class="sample-description">{info.description.clone()}</p>
            <ul class="tags" aria-label="Tags">{tags}</ul>
            <span class="sample-kind">{info.workflow_type.clone()}</span>
        </li>
    }
}

/// Arrow keys among the visible cards: ←/→ one card, ↑/↓ one row (cards whose left edge lines
/// up), Home/End the first/last; ↓ from the search box goes to the first card. Returns whether
/// the focus moved.
fn move_focus(ev: &web_sys::KeyboardEvent) -> bool {
    let doc = document();
    let Ok(list) = doc.query_selector_all("#gallery-list .sample-card:not([hidden]) .sample-open") else {
        return false;
    };
    let cards: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
    if cards.is_empty() {
        return false;
    }
    let active = doc.active_element();
    let at = cards.iter().position(|c| active.as_ref() == Some(c.unchecked_ref()));
    let key = ev.key();
    let target = match (at, key.as_str()) {
        (None, "ArrowDown") if active.as_ref().is_some_and(|a| a.id() == "gallery-search") => Some(0),
        (None, _) => None,
        (Some(_), "Home") => Some(0),
        (Some(_), "End") => Some(cards.len() - 1),
        (Some(i), "ArrowLeft") => i.checked_sub(1),
        (Some(i), "ArrowRight") => (i + 1 < cards.len()).then_some(i + 1),
        (Some(i), "ArrowUp" | "ArrowDown") => {
            let left = |c: &web_sys::HtmlElement| c.get_bounding_client_rect().left().round() as i64;
            let column = left(&cards[i]);
            if key == "ArrowDown" {
                cards.iter().enumerate().skip(i + 1).find(|(_, c)| left(c) == column).map(|(j, _)| j)
            } else {
                cards.iter().enumerate().take(i).rev().find(|(_, c)| left(c) == column).map(|(j, _)| j)
            }
        }
        _ => None,
    };
    match target {
        Some(j) => cards[j].focus().is_ok(),
        None => false,
    }
}
