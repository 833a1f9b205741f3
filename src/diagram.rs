//! The SVG diagram: state boxes from the core's layout, transitions as arrows, and the
//! simulation overlay (current state, each visited state's result).

use asl_core::history::StateStatus;
use asl_core::layout::{EdgeStyle, NODE_HEIGHT};
use leptos::prelude::*;

use crate::app::{DiagramModel, Playback};

fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

#[component]
pub fn Diagram(
    diagram: Memo<Option<DiagramModel>>,
    playback: RwSignal<Option<Playback>>,
    selected_state: RwSignal<Option<String>>,
) -> impl IntoView {
    let status_of = move |name: &str| -> Option<StateStatus> {
        playback.with(|p| {
            p.as_ref().and_then(|p| p.snapshot().statuses.get(name).copied())
        })
    };
    let is_current = move |name: &str| -> bool {
        playback.with(|p| {
            p.as_ref().is_some_and(|p| p.snapshot().current.iter().any(|s| s == name))
        })
    };

    move || match diagram.get() {
        None => view! {
            <div class="diagram-empty">"Fix the definition to see its diagram."</div>
        }
        .into_any(),
        Some(model) => {
            let l = model.layout.clone();
            let view_box = format!("0 0 {:.0} {:.0}", l.width, l.height);
            let edges = l
                .edges
                .iter()
                .map(|e| {
                    let class = match e.style {
                        EdgeStyle::Next => "edge next",
                        EdgeStyle::Choice => "edge choice",
                        EdgeStyle::Default => "edge default",
                        EdgeStyle::Catch => "edge catch",
                    };
                    let label = e.label.clone().map(|text| {
                        view! {
                            <text class="edge-label" x=e.label_at.0 y=e.label_at.1>
                                {text}
                            </text>
                        }
                    });
                    view! {
                        <g class=class data-from=l.nodes[e.from].name.clone() data-to=l.nodes[e.to].name.clone()>
                            <polyline points=points_attr(&e.points) marker-end="url(#arrow)" />
                            {label}
                        </g>
                    }
                })
                .collect_view();
            let start_marker = l.start.map(|i| {
                let n = &l.nodes[i];
                let (cx, top) = (n.center_x(), n.y);
                view! {
                    <g class="marker start">
                        <circle cx=cx cy=top - 28.0 r="9" />
                        <line x1=cx y1=top - 19.0 x2=cx y2=top - 2.0 marker-end="url(#arrow)" />
                    </g>
                }
            });
            let nodes = l
                .nodes
                .iter()
                .map(|n| {
                    let name = n.name.clone();
                    let (name_a, name_b, name_d) = (name.clone(), name.clone(), name.clone());
                    let base_class = format!("node type-{}", n.type_name.to_lowercase());
                    let class = move || {
                        let mut c = base_class.clone();
                        if let Some(s) = status_of(&name_a) {
                            c.push_str(" status-");
                            c.push_str(s.as_str());
                        }
                        if is_current(&name_a) {
                            c.push_str(" current");
                        }
                        if selected_state.get().as_deref() == Some(name_a.as_str()) {
                            c.push_str(" selected");
                        }
                        c
                    };
                    let end_marker = n.terminal.then(|| {
                        let (cx, bottom) = (n.center_x(), n.y + NODE_HEIGHT);
                        view! {
                            <g class="marker end">
                                <line x1=cx y1=bottom x2=cx y2=bottom + 14.0 />
                                <circle cx=cx cy=bottom + 22.0 r="8" />
                            </g>
                        }
                    });
                    let status_text = move || status_of(&name_d).map(|s| s.as_str());
                    view! {
                        <g
                            class=class
                            data-state=name.clone()
                            on:click=move |_| selected_state.set(Some(name_b.clone()))
                        >
                            <title>{format!("{} ({})", name, n.type_name)}</title>
                            <rect x=n.x y=n.y width=n.width height=n.height rx="8" />
                            <text class="name" x=n.center_x() y=n.y + 19.0>
                                {name.clone()}
                            </text>
                            <text class="type" x=n.center_x() y=n.y + 35.0>
                                {n.type_name.clone()}
                                {move || status_text().map(|s| format!(" · {s}"))}
                            </text>
                        </g>
                        {end_marker}
                    }
                })
                .collect_view();
            view! {
                <div class="diagram-wrap">
                    {model
                        .stale
                        .then(|| {
                            view! {
                                <div class="stale-banner" id="stale-banner">
                                    "The definition has errors: showing the last valid diagram."
                                </div>
                            }
                        })}
                    <svg
                        id="diagram"
                        class:stale=model.stale
                        viewBox=view_box
                        width=l.width
                        height=l.height
                        xmlns="http://www.w3.org/2000/svg"
                    >
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M 0 0 L 10 5 L 0 10 z" />
                            </marker>
                        </defs>
                        {start_marker}
                        <g class="edges">{edges}</g>
                        <g class="nodes">{nodes}</g>
                    </svg>
                    <Legend />
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend">
            <li><span class="swatch status-in-progress"></span>"In progress"</li>
            <li><span class="swatch status-succeeded"></span>"Succeeded"</li>
            <li><span class="swatch status-failed"></span>"Failed"</li>
            <li><span class="swatch status-caught"></span>"Caught"</li>
            <li><span class="swatch catch-edge"></span>"Catch"</li>
        </ul>
    }
}
