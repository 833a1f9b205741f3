//! The document an edit works on: the definition text parsed twice, as spanned JSON (where things
//! are written) and as the model (states, scopes, transitions), with how it is written
//! ([`Style`]). Building one refuses text that is not JSON and a definition that is not an object;
//! looking a state up refuses a name no state has. Plus the small helpers every edit uses
//! (member lookup, JSON quoting).

use std::collections::HashSet;

use asl_core::model::{Machine, State};
use asl_core::syntax::json::{self, Kind, LineIndex, Node};

use super::style::Style;
use super::VisualError;

pub(super) struct Doc<'t> {
    pub(super) root: Node<'t>,
    pub(super) machine: Machine,
    pub(super) style: Style,
}

impl<'t> Doc<'t> {
    /// A definition from a template may hold placeholders as whole values (`"Seconds": ${Delay}`):
    /// they are read as numbers of the same length, so every span is the text's own and edits
    /// leave them as written.
    pub(super) fn new(text: &'t str) -> Result<Doc<'t>, VisualError> {
        let masked = json::mask_placeholders(text);
        let not_json = |e: json::SyntaxError| {
            let (line, col) = LineIndex::new(text).line_col(text, e.span.start);
            VisualError::DefinitionNotJson(format!("line {line}, column {col}: {}", e.message))
        };
        let root = match &masked {
            std::borrow::Cow::Borrowed(_) => json::parse(text).map_err(not_json)?,
            std::borrow::Cow::Owned(m) => json::parse(m).map_err(not_json)?.into_owned(),
        };
        if !root.is_object() {
            return Err(VisualError::NotJsonObject);
        }
        let options = asl_core::ParseOptions { allow_substitutions: true, ..Default::default() };
        let machine = asl_core::parse_with(text, &options).machine.ok_or(VisualError::NotJsonObject)?;
        let style = Style::of(text, &root);
        Ok(Doc { root, machine, style })
    }

    /// The state named `name` anywhere in the machine, with the machine whose `States` holds it.
    pub(super) fn find(&self, name: &str) -> Result<(&Machine, &State), VisualError> {
        let scope = self.machine.scope_of(name);
        scope.and_then(|m| Some((m, m.state(name)?))).ok_or_else(|| VisualError::NotFound(name.to_string()))
    }

    pub(super) fn node(&self, pointer: &str) -> Option<&Node<'t>> {
        resolve(&self.root, pointer)
    }

    /// A state's object node.
    pub(super) fn state_node(&self, state: &State) -> Result<&Node<'t>, VisualError> {
        self.node(&state.pointer).filter(|n| n.is_object()).ok_or(VisualError::NotJsonObject)
    }

    /// The `States` object of a machine and the index of the member `name` in it.
    pub(super) fn states_node(&self, machine: &Machine) -> Result<&Node<'t>, VisualError> {
        self.node(&format!("{}/States", machine.pointer)).filter(|n| n.is_object()).ok_or(VisualError::NotJsonObject)
    }

    pub(super) fn all_names(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        collect_names(&self.machine, &mut out);
        out
    }
}

fn collect_names(machine: &Machine, out: &mut HashSet<String>) {
    for state in &machine.states {
        out.insert(state.name.clone());
        for inner in state.children() {
            collect_names(inner, out);
        }
    }
}

/// The node at a JSON pointer (RFC 6901); with duplicate keys, the first (as the model reads).
fn resolve<'n, 't>(root: &'n Node<'t>, pointer: &str) -> Option<&'n Node<'t>> {
    let mut node = root;
    if pointer.is_empty() {
        return Some(node);
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        let segment = json::unescape_pointer_segment(raw);
        node = match &node.kind {
            Kind::Object(_) => node.get(&segment)?,
            Kind::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

pub(super) fn member_index(obj: &Node, key: &str) -> Option<usize> {
    obj.members().iter().position(|m| m.key == key)
}

pub(super) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}
