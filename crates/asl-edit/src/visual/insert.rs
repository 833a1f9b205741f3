//! Inserting a state from a palette [`Template`]: on an edge (the edge's transition now leads to
//! the new state, which leads where the edge did) or on empty space of a States object (appended,
//! ending, unconnected; StartAt names it when the object was empty). Names are made unique across
//! the machine. Also where a drop on the diagram inserts ([`drop_target`]).

use std::collections::HashSet;

use asl_core::layout::{self as diagram, ContainerKind};
use asl_core::model::{Machine, QueryLanguage, State, StateKind, TransitionKind};
use serde_json::{json, Map, Value};

use super::doc::{member_index, quote, Doc};
use super::edits::Edits;
use super::style::{layout, render};
use super::templates::{template_body, templates, Template, TemplateId};
use super::{Change, VisualError};

/// Where a new state goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// On the edge `from` → `to` of kind `kind`: that transition of `from` now targets the new
    /// state, whose Next is `to` (a Choice template: its rule Next and Default are `to`;
    /// Succeed/Fail: terminal, `to` left as is).
    Edge { from: String, to: String, kind: TransitionKind },
    /// On empty space of a States object: `scope` None = the top level, Some((state, branch)) =
    /// branch `branch` of that Parallel (or 0 for a Map's ItemProcessor/Iterator). The new state
    /// is appended with `"End": true` (unless Succeed/Fail; a Choice's rule and Default name the
    /// Choice itself, a placeholder to rewire) and starts unconnected; if the States object is
    /// empty, StartAt is set to it.
    Empty { scope: Option<(String, usize)> },
}

/// What a drop at a point of the drawing means, and what to highlight while dragging there.
#[derive(Clone, Debug, PartialEq)]
pub struct DropTarget {
    pub place: Place,
    /// The edge (index into the layout's edges) a drop would insert on.
    pub edge: Option<usize>,
    /// The container a drop would add into.
    pub container: Option<usize>,
}

/// Where the diagram's point `(x, y)` (layout coordinates) drops a new state.
pub fn drop_target(l: &diagram::Layout, x: f64, y: f64, tolerance: f64) -> DropTarget {
    if let Some(i) = l.edge_near(x, y, tolerance) {
        let e = &l.edges[i];
        let place =
            Place::Edge { from: l.nodes[e.from].name.clone(), to: l.nodes[e.to].name.clone(), kind: e.kind.clone() };
        return DropTarget { place, edge: Some(i), container: None };
    }
    // A Parallel's own box (between its branches) counts as the scope around it.
    let mut container = l.container_at(x, y);
    while let Some(c) = container.filter(|&c| l.containers[c].kind == ContainerKind::Parallel) {
        container = l.containers[c].parent;
    }
    let scope = container.map(|c| {
        let b = &l.containers[c];
        (l.nodes[b.state].name.clone(), b.branch)
    });
    DropTarget { place: Place::Empty { scope }, edge: None, container }
}

/// `base`, or `base 2`, `base 3`... the first not in `taken` (which then holds it).
pub(super) fn unique_name(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base} {n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Inserts a state from a template; its name is `base_name` or `base_name 2`, `3`... made unique
/// across the machine (nested names of Parallel/Map templates too). Inserted after `from` in the
/// members order for an edge, at the end for empty space. `select` = the new state's name.
pub fn insert_state(text: &str, template_id: &str, place: &Place) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let template = TemplateId::parse(template_id)
        .and_then(|id| templates().iter().find(|t| t.id == id))
        .ok_or_else(|| VisualError::UnknownTemplate(template_id.to_string()))?;
    let mut taken = doc.all_names();
    let name = unique_name(template.base_name, &mut taken);
    let inner_base = if template.id == TemplateId::Map { "Process Item" } else { "Branch Step" };
    let inner = unique_name(inner_base, &mut taken);
    let mut edits = Edits::default();
    let target = resolve_place(&doc, place, &name, &mut edits)?;
    let body = new_state(template, place, &target, doc.machine.query_language, &inner)
        .ok_or_else(|| VisualError::UnknownTemplate(template_id.to_string()))?;

    let states_node = doc.states_node(target.scope)?;
    let lay = layout(text, states_node, &doc.style);
    let index = match target.after {
        Some(from) => {
            states_node.members().iter().position(|m| m.key_span == from.name_span).map_or(usize::MAX, |i| i + 1)
        }
        None => usize::MAX,
    };
    let rendered = render(&Value::Object(body), &lay);
    edits.insert_member(text, states_node, &lay, index, &name, &rendered);

    if states_node.members().is_empty() {
        start_at(&doc, text, target.scope, &name, &mut edits)?;
    }
    edits.finish(text, "Insert state", Some(name))
}

/// A [`Place`] found in the document.
struct Target<'d> {
    /// The machine whose `States` gets the new state.
    scope: &'d Machine,
    /// The state whose member the new one follows (an edge's source).
    after: Option<&'d State>,
    /// Where the new state leads (and a Choice's rule and Default).
    to: String,
    /// The new state's query language: its neighbour's on an edge, else the machine's.
    language: QueryLanguage,
}

/// Finds `place` in the document; on an edge, also points the edge's transition at `name`.
fn resolve_place<'d>(doc: &'d Doc, place: &Place, name: &str, edits: &mut Edits) -> Result<Target<'d>, VisualError> {
    let top_language = doc.machine.query_language;
    Ok(match place {
        Place::Edge { from, to, kind } => {
            let (scope, from_state) = doc.find(from)?;
            let transition = from_state
                .transitions()
                .into_iter()
                .find(|t| t.kind == *kind && t.target.value == *to)
                .ok_or_else(|| VisualError::NoSuchTransition { from: from.clone(), to: to.clone() })?;
            edits.replace(transition.target.span, quote(name));
            Target { scope, after: Some(from_state), to: to.clone(), language: from_state.query_language }
        }
        Place::Empty { scope: None } => {
            Target { scope: &doc.machine, after: None, to: name.to_string(), language: top_language }
        }
        Place::Empty { scope: Some((container, branch)) } => {
            let (_, state) = doc.find(container)?;
            let machine = match &state.kind {
                StateKind::Parallel(p) => p.branches.get(*branch),
                StateKind::Map(m) if *branch == 0 => m.processor.as_ref(),
                _ => None,
            };
            let machine =
                machine.ok_or_else(|| VisualError::NoSuchBranch { state: container.clone(), branch: *branch })?;
            Target { scope: machine, after: None, to: name.to_string(), language: top_language }
        }
    })
}

/// The new state's members: the template's body, its `QueryLanguage` when it differs from the
/// machine's, and `Next` (on an edge) or `End` (on empty space) unless it is terminal or a Choice.
fn new_state(
    template: &Template,
    place: &Place,
    target: &Target,
    top_language: QueryLanguage,
    inner: &str,
) -> Option<Map<String, Value>> {
    let terminal = matches!(template.state_type, "Succeed" | "Fail");
    let is_choice = template.state_type == "Choice";
    let mut body = template_body(template.id, target.language, &target.to, inner);
    if target.language != top_language {
        // The neighbour declares its own language: so does the new state (right after Type).
        let mut with = Map::new();
        let ty = body.remove("Type").unwrap_or(Value::Null);
        with.insert("Type".into(), ty);
        with.insert("QueryLanguage".into(), json!(target.language.as_str()));
        with.extend(body);
        body = with;
    }
    if !terminal && !is_choice {
        match place {
            Place::Edge { .. } => body.insert("Next".into(), json!(target.to)),
            Place::Empty { .. } => body.insert("End".into(), json!(true)),
        };
    }
    Some(body)
}

/// Sets StartAt of `scope` (its value, or a new member before `States`) to `name`.
fn start_at(doc: &Doc, text: &str, scope: &Machine, name: &str, edits: &mut Edits) -> Result<(), VisualError> {
    let machine_node = doc.node(&scope.pointer).ok_or(VisualError::NotJsonObject)?;
    let machine_lay = layout(text, machine_node, &doc.style);
    match machine_node.members().iter().find(|m| m.key == "StartAt") {
        Some(start) => edits.replace(start.value.span, quote(name)),
        None => {
            let at = member_index(machine_node, "States").unwrap_or(usize::MAX);
            edits.insert_member(text, machine_node, &machine_lay, at, "StartAt", &quote(name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod drop_tests {
    use super::*;

    #[test]
    fn a_drop_near_an_edge_inserts_on_it_and_elsewhere_adds() {
        let text = include_str!("../../../../public/samples/manage-a-batch-job.asl.json");
        let l = asl_core::layout::layout(&asl_core::parse(text).machine.unwrap());
        let e = &l.edges[0];
        let (x, y) = e.points[0];
        let t = drop_target(&l, x + 1.0, y + 5.0, 6.0);
        assert_eq!(t.edge, Some(0));
        assert!(matches!(t.place, Place::Edge { .. }));
        assert_eq!(drop_target(&l, -50.0, -50.0, 6.0).place, Place::Empty { scope: None });
    }
}
