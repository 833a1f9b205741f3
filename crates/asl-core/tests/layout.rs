//! Property tests of the diagram layout on generated machines (chains, wide Choices, loops,
//! Catch to far states, nested Parallel/Map): nothing overlaps, containers enclose their own
//! states and nothing else, no edge passes through a node it does not connect, forward edges
//! point downward, no edge label covers a node or another label, and the output is
//! deterministic and stable under small edits.

#[path = "../benches/support/graphs.rs"]
mod graphs;

use asl_core::layout::{layout, EdgePath, Layout};
use asl_core::parse;
use graphs::{random_machine, Rng, Shape};
use proptest::prelude::*;

/// Rectangles as (x0, y0, x1, y1).
type Rect = (f64, f64, f64, f64);

fn node_rect(l: &Layout, i: usize) -> Rect {
    let n = &l.nodes[i];
    (n.x, n.y, n.x + n.width, n.y + n.height)
}

fn box_rect(l: &Layout, c: usize) -> Rect {
    let b = &l.containers[c];
    (b.x, b.y, b.x + b.width, b.y + b.height)
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn inside(a: Rect, outer: Rect) -> bool {
    a.0 >= outer.0 && a.1 >= outer.1 && a.2 <= outer.2 && a.3 <= outer.3
}

/// Does the segment enter the open interior of `r`? (Liang–Barsky clipping; touching a border
/// is allowed, so the rectangle is shrunk by a hair.)
fn segment_enters(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
    let eps = 1e-6;
    let (x0, y0, x1, y1) = (r.0 + eps, r.1 + eps, r.2 - eps, r.3 - eps);
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - x0), (dx, x1 - a.0), (-dy, a.1 - y0), (dy, y1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t)
            } else {
                t1 = t1.min(t)
            }
        }
    }
    t0 < t1
}

/// Containers from `c` outwards.
fn ancestors(l: &Layout, mut c: Option<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    while let Some(k) = c {
        out.push(k);
        c = l.containers[k].parent;
    }
    out
}

fn check(l: &Layout, states: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(l.nodes.len(), states);
    check_nodes(l)?;
    check_containers(l)?;
    check_labels(l)?;
    for e in &l.edges {
        prop_assert!(e.points.len() >= 2);
        check_edge_avoids_obstacles(l, e)?;
        if !e.back_edge {
            check_forward_edge(l, e)?;
        }
    }
    Ok(())
}

/// Nodes lie inside the drawing at finite, non-negative positions and do not overlap.
fn check_nodes(l: &Layout) -> Result<(), TestCaseError> {
    for n in &l.nodes {
        prop_assert!(n.x.is_finite() && n.y.is_finite() && n.x >= 0.0 && n.y >= 0.0);
        prop_assert!(n.x + n.width <= l.width && n.y + n.height <= l.height, "{} outside the drawing", n.name);
    }
    for i in 0..l.nodes.len() {
        for j in i + 1..l.nodes.len() {
            prop_assert!(
                !overlap(node_rect(l, i), node_rect(l, j)),
                "{} overlaps {}",
                l.nodes[i].name,
                l.nodes[j].name
            );
        }
    }
    Ok(())
}

/// Containers enclose their own states (at any depth) and nothing else.
fn check_containers(l: &Layout) -> Result<(), TestCaseError> {
    for c in 0..l.containers.len() {
        let r = box_rect(l, c);
        for (i, n) in l.nodes.iter().enumerate() {
            let own = ancestors(l, n.parent).contains(&c);
            if own || n.container == Some(c) {
                prop_assert!(inside(node_rect(l, i), r), "{} not inside box {}", n.name, l.containers[c].title);
            } else {
                prop_assert!(!overlap(node_rect(l, i), r), "{} inside foreign box {}", n.name, l.containers[c].title);
            }
        }
        for d in c + 1..l.containers.len() {
            let (rd, nested) = (box_rect(l, d), ancestors(l, Some(d)).contains(&c));
            prop_assert!(nested || !overlap(r, rd), "boxes {} and {} overlap", c, d);
        }
    }
    Ok(())
}

/// Labels: each has a box inside the drawing that covers no node and no other label.
fn check_labels(l: &Layout) -> Result<(), TestCaseError> {
    let labels: Vec<(usize, Rect)> = l
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.label_box().map(|b| (i, (b.0, b.1, b.0 + b.2, b.1 + b.3))))
        .collect();
    prop_assert_eq!(labels.len(), l.edges.iter().filter(|e| e.label.is_some()).count());
    for (k, &(i, r)) in labels.iter().enumerate() {
        let name = |i: usize| format!("{} -> {}", l.nodes[l.edges[i].from].name, l.nodes[l.edges[i].to].name);
        prop_assert!(
            r.0 >= 0.0 && r.1 >= 0.0 && r.2 <= l.width + 0.5 && r.3 <= l.height + 0.5,
            "label of {} outside",
            name(i)
        );
        for n in 0..l.nodes.len() {
            prop_assert!(!overlap(r, node_rect(l, n)), "label of {} covers {}", name(i), l.nodes[n].name);
        }
        for &(j, q) in &labels[k + 1..] {
            prop_assert!(!overlap(r, q), "labels of {} and {} overlap", name(i), name(j));
        }
    }
    Ok(())
}

/// Obstacles: every node but the ends; every box but the ends' and the edge's own.
fn check_edge_avoids_obstacles(l: &Layout, e: &EdgePath) -> Result<(), TestCaseError> {
    let mut allowed_boxes = ancestors(l, e.container);
    for end in [e.from, e.to] {
        allowed_boxes.extend((0..l.containers.len()).filter(|&c| l.containers[c].state == end));
    }
    for seg in e.points.windows(2) {
        for i in (0..l.nodes.len()).filter(|&i| i != e.from && i != e.to) {
            prop_assert!(
                !segment_enters(seg[0], seg[1], node_rect(l, i)),
                "edge {} -> {} passes through {}",
                l.nodes[e.from].name,
                l.nodes[e.to].name,
                l.nodes[i].name
            );
        }
        for c in (0..l.containers.len()).filter(|c| !allowed_boxes.contains(c)) {
            prop_assert!(
                !segment_enters(seg[0], seg[1], box_rect(l, c)),
                "edge {} -> {} passes through box {}",
                l.nodes[e.from].name,
                l.nodes[e.to].name,
                l.containers[c].title
            );
        }
    }
    Ok(())
}

/// A forward edge ends lower than it starts and never climbs on the way.
fn check_forward_edge(l: &Layout, e: &EdgePath) -> Result<(), TestCaseError> {
    prop_assert!(
        l.nodes[e.to].y > l.nodes[e.from].y,
        "forward edge {} -> {} points down",
        l.nodes[e.from].name,
        l.nodes[e.to].name
    );
    for seg in e.points.windows(2) {
        prop_assert!(seg[1].1 >= seg[0].1, "forward edge {} -> {} climbs", l.nodes[e.from].name, l.nodes[e.to].name);
    }
    Ok(())
}

fn count_states(v: &serde_json::Value) -> usize {
    let own = v["States"].as_object().map_or(0, |s| s.len());
    let nested: usize = v["States"].as_object().map_or(0, |s| {
        s.values()
            .map(|st| {
                st["Branches"].as_array().map_or(0, |b| b.iter().map(count_states).sum())
                    + if st["ItemProcessor"].is_object() { count_states(&st["ItemProcessor"]) } else { 0 }
            })
            .sum()
    });
    own + nested
}

fn shape() -> impl Strategy<Value = (u64, Shape)> {
    (any::<u64>(), 1usize..40, 0usize..4, 0usize..5, 0usize..4, 0usize..4).prop_map(
        |(seed, states, depth, choices, catches, nesting)| (seed, Shape { states, depth, choices, catches, nesting }),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_machines_lay_out_cleanly((seed, shape) in shape()) {
        let def = random_machine(&mut Rng::new(seed), shape);
        let machine = parse(&def.to_string()).machine.unwrap();
        let l = layout(&machine);
        check(&l, count_states(&def))?;
        prop_assert_eq!(layout(&machine), l, "deterministic");
    }

    /// Renaming a state to a name of the same width moves nothing; adding a state after the last
    /// one keeps every other state on its row.
    #[test]
    fn small_edits_move_little(seed in any::<u64>(), states in 2usize..30, victim in 0usize..30) {
        let shape = Shape { states, depth: 0, choices: 3, catches: 2, nesting: 0 };
        let def = random_machine(&mut Rng::new(seed), shape).to_string();
        let before = layout(&parse(&def).machine.unwrap());
        let old = format!("\"S{}\"", victim % states);
        let renamed = def.replace(&old, &format!("\"R{}\"", victim % states));
        let after = layout(&parse(&renamed).machine.unwrap());
        for (a, b) in before.nodes.iter().zip(&after.nodes) {
            prop_assert_eq!((a.x, a.y), (b.x, b.y));
        }
        // Append: the last state (a Pass or Task with End) now leads to a new Succeed.
        let last = format!("S{}", states - 1);
        let mut v: serde_json::Value = serde_json::from_str(&def).unwrap();
        let st = &mut v["States"][&last];
        if st.get("End").is_some() {
            st.as_object_mut().unwrap().remove("End");
            st["Next"] = serde_json::json!("Added");
            v["States"]["Added"] = serde_json::json!({"Type": "Succeed"});
            let grown = layout(&parse(&v.to_string()).machine.unwrap());
            for (a, b) in before.nodes.iter().zip(&grown.nodes) {
                prop_assert_eq!(a.y, b.y, "{} changed row", a.name);
            }
        }
    }
}

#[test]
fn corpus_lays_out_cleanly() {
    let (mut along, mut beside) = (0, 0);
    for (name, text) in graphs::corpus() {
        let def: serde_json::Value = serde_json::from_str(&text).unwrap();
        let l = layout(&parse(&text).machine.unwrap());
        if let Err(e) = check(&l, count_states(&def)) {
            panic!("{name}: {e}");
        }
        // A label right of every state sat nowhere free along its edge.
        let right = l.nodes.iter().map(|n| n.x + n.width).fold(0.0, f64::max);
        for b in l.edges.iter().filter_map(|e| e.label_box()) {
            if b.0 >= right {
                beside += 1;
            } else {
                along += 1;
            }
        }
    }
    println!("corpus edge labels: {along} along their edge, {beside} beside the drawing");
}

#[test]
fn containers_nest_and_loops_climb() {
    let text = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Map", "End": true,
                "ItemProcessor": {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}}}}]},
        "M": {"Type": "Choice", "Choices": [{"Variable": "$.again", "BooleanEquals": true, "Next": "P"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}}"#;
    let l = layout(&parse(text).machine.unwrap());
    check(&l, 6).unwrap();
    let names: Vec<&str> = l.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(&names[..3], ["P", "M", "Done"], "top-level states first, in definition order");
    let boxes: Vec<(&str, Option<usize>)> = l.containers.iter().map(|c| (c.title.as_str(), c.parent)).collect();
    assert_eq!(boxes, [("P", None), ("Branch 1", Some(0)), ("Branch 2", Some(0)), ("B", Some(2))]);
    let c = l.nodes.iter().find(|n| n.name == "C").unwrap();
    assert_eq!(c.parent, Some(3));
    let back: Vec<_> = l.edges.iter().filter(|e| e.back_edge).collect();
    assert_eq!(back.len(), 1);
    assert_eq!(l.nodes[back[0].to].name, "P");
    // The loop is labelled with its rule and climbs.
    assert_eq!(back[0].label.as_deref(), Some("$.again == true"));
    assert!(back[0].points.last().unwrap().1 < back[0].points[0].1);
}
