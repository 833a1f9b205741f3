//! A sample's diagram in miniature, drawn from our own layout: boxes coloured by state type,
//! containers as frames, edges as lines. No labels (they would not be legible); the card's
//! title says what it is.

use asl_core::layout::{layout, Layout};
use leptos::prelude::*;

/// The layout of a definition, or none when it does not parse to a machine.
pub fn sample_layout(definition: &str) -> Option<Layout> {
    asl_core::parse(definition).machine.as_ref().map(layout)
}

#[component]
pub fn Thumbnail(layout: Option<Layout>) -> impl IntoView {
    let Some(l) = layout else {
        return view! { <svg class="thumbnail" viewBox="0 0 10 10" aria-hidden="true"></svg> }.into_any();
    };
    let pad = 8.0;
    let view_box = format!("{} {} {} {}", -pad, -pad, l.width + 2.0 * pad, l.height + 2.0 * pad);
    let containers = l
        .containers
        .iter()
        .map(|c| view! { <rect class="thumb-container" x=c.x y=c.y width=c.width height=c.height rx="6" /> })
        .collect_view();
    let edges = l
        .edges
        .iter()
        .map(|e| {
            let points = e.points.iter().map(|(x, y)| format!("{x:.0},{y:.0}")).collect::<Vec<_>>().join(" ");
            view! { <polyline class="thumb-edge" points=points /> }
        })
        .collect_view();
    let nodes = l
        .nodes
        .iter()
        .map(|n| {
            view! {
                <rect
                    class="thumb-node"
                    data-type=n.type_name.clone()
                    x=n.x
                    y=n.y
                    width=n.width
                    height=n.height
                    rx="4"
                />
            }
        })
        .collect_view();
    view! {
        <svg class="thumbnail" viewBox=view_box preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            {containers}
            {edges}
            {nodes}
        </svg>
    }
    .into_any()
}
