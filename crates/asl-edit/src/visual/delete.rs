//! Deleting a state (and everything nested in it), with the comma handling of
//! [`Edits::remove_member`], and rewiring what named it: every transition into it (and StartAt)
//! leads where the user chose, or where the state led when that is unambiguous. After a delete
//! every transition names an existing state; a state only the deleted one named may be left
//! unnamed. The only state of a States object is never deleted.

use std::fmt;

use asl_core::model::{Machine, State, TransitionKind};
use asl_core::syntax::json::Span;

use super::doc::{quote, Doc};
use super::edits::Edits;
use super::style::layout;
use super::{Change, VisualError};

/// What the transitions that led to a deleted state lead to instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rewire {
    /// This state of the same States object.
    To(String),
    /// The states that went there with `Next` end instead (`"End": true`).
    End,
}

impl fmt::Display for Rewire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rewire::To(name) => write!(f, "\"{name}\""),
            Rewire::End => f.write_str("End"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeleteError {
    /// The state's successor is not obvious: ask the user (options in the order to offer them:
    /// its successors, End where allowed, the other states of its scope) and call again with
    /// `rewire`.
    Ambiguous {
        options: Vec<Rewire>,
        message: String,
    },
    Other(VisualError),
}

impl From<VisualError> for DeleteError {
    fn from(e: VisualError) -> DeleteError {
        DeleteError::Other(e)
    }
}

impl fmt::Display for DeleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeleteError::Ambiguous { message, .. } => f.write_str(message),
            DeleteError::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DeleteError {}

/// One place that names the deleted state.
struct Reference<'m> {
    /// The referencing state (`None`: StartAt).
    from: Option<&'m State>,
    kind: Option<TransitionKind>,
    span: Span,
}

/// Deletes a state (and everything nested in it) with correct comma handling. Every reference to
/// it in its States object (StartAt, Next, Default, Choice rules, Catchers) is rewired to its
/// successor when unambiguous: it has exactly one distinct transition target; or it is terminal
/// (End: true / Succeed / Fail) and every reference is a plain `Next` (those become `"End": true`,
/// and a reference from StartAt is ambiguous). Otherwise `Err(Ambiguous)` listing the options
/// (its distinct successors, plus End where allowed, plus the other states of the scope) unless
/// `rewire` says what to do. Refuses to delete the only state of a States object.
pub fn delete_state(text: &str, name: &str, rewire: Option<Rewire>) -> Result<Change, DeleteError> {
    let doc = Doc::new(text)?;
    let (scope, state) = doc.find(name)?;
    if scope.states.len() <= 1 {
        return Err(VisualError::OnlyState(name.to_string()).into());
    }
    let refs = references(scope, name);
    let successors = successors(scope, state, name);
    let decided = decide(scope, state, name, &refs, &successors, rewire)?;
    let states_node = doc.states_node(scope)?;
    let index = states_node
        .members()
        .iter()
        .position(|m| m.key_span == state.name_span)
        .ok_or_else(|| VisualError::NotFound(name.to_string()))?;
    let mut edits = Edits::default();
    edits.remove_member(states_node, index);
    let select = rewire_references(&doc, text, &refs, decided, &mut edits)?;
    edits.finish(text, "Delete state", select).map_err(DeleteError::Other)
}

/// Every place of `scope` that names `name`: StartAt first, then the other states' transitions.
fn references<'m>(scope: &'m Machine, name: &str) -> Vec<Reference<'m>> {
    let mut refs = Vec::new();
    if let Some(start) = scope.start_at.as_ref().filter(|s| s.value == name) {
        refs.push(Reference { from: None, kind: None, span: start.span });
    }
    for s in scope.states.iter().filter(|s| s.name != name) {
        for t in s.transitions() {
            if t.target.value == name {
                refs.push(Reference { from: Some(s), kind: Some(t.kind), span: t.target.span });
            }
        }
    }
    refs
}

/// The distinct states of `scope` that `state` (named `name`) leads to, other than itself.
fn successors<'m>(scope: &Machine, state: &'m State, name: &str) -> Vec<&'m str> {
    let mut successors: Vec<&str> = Vec::new();
    for t in state.transitions() {
        let target = t.target.value.as_str();
        if target != name && scope.state(target).is_some() && !successors.contains(&target) {
            successors.push(target);
        }
    }
    successors
}

/// What the references lead to instead (`None`: nothing names the state): the user's `rewire`
/// if it is possible, else the obvious successor, else `Ambiguous` with the options.
fn decide(
    scope: &Machine,
    state: &State,
    name: &str,
    refs: &[Reference],
    successors: &[&str],
    rewire: Option<Rewire>,
) -> Result<Option<Rewire>, DeleteError> {
    let end_allowed = refs.iter().all(|r| r.kind == Some(TransitionKind::Next));
    Ok(match rewire {
        _ if refs.is_empty() => None,
        Some(Rewire::To(target)) => {
            if target == name || scope.state(&target).is_none() {
                return Err(VisualError::InvalidRewire(format!(
                    "\"{target}\" is not another state of the States object that holds \"{name}\""
                ))
                .into());
            }
            Some(Rewire::To(target))
        }
        Some(Rewire::End) if end_allowed => Some(Rewire::End),
        Some(Rewire::End) => {
            return Err(VisualError::InvalidRewire(format!(
                "\"{name}\" is named by StartAt, a Choice rule, a Default or a Catcher, which cannot end the workflow"
            ))
            .into());
        }
        None if successors.len() == 1 => Some(Rewire::To(successors[0].to_string())),
        None if successors.is_empty() && state.is_terminal() && end_allowed => Some(Rewire::End),
        None => return Err(ambiguous(scope, name, refs, successors, end_allowed)),
    })
}

/// The question to ask: the options in the order to offer them (successors, End where allowed,
/// the other states of the scope) and why it is asked.
fn ambiguous(scope: &Machine, name: &str, refs: &[Reference], successors: &[&str], end_allowed: bool) -> DeleteError {
    let mut options: Vec<Rewire> = successors.iter().map(|s| Rewire::To(s.to_string())).collect();
    if end_allowed {
        options.push(Rewire::End);
    }
    for s in &scope.states {
        if s.name != name && !successors.contains(&s.name.as_str()) {
            options.push(Rewire::To(s.name.clone()));
        }
    }
    let message = if successors.len() > 1 {
        format!(
            "\"{name}\" leads to {} states ({}): choose what the transitions into it lead to instead",
            successors.len(),
            successors.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
        )
    } else if refs.iter().any(|r| r.kind.is_none()) {
        format!("\"{name}\" is the start state: choose the new start state")
    } else {
        format!("\"{name}\" has no next state: choose what the transitions into it lead to instead")
    };
    DeleteError::Ambiguous { options, message }
}

/// Points every reference where `decided` says (a `Next` that ends becomes `"End": true`);
/// returns the state to select afterwards.
fn rewire_references(
    doc: &Doc,
    text: &str,
    refs: &[Reference],
    decided: Option<Rewire>,
    edits: &mut Edits,
) -> Result<Option<String>, VisualError> {
    match decided {
        None => Ok(None),
        Some(Rewire::To(target)) => {
            let quoted = quote(&target);
            for r in refs {
                edits.replace(r.span, quoted.clone());
            }
            Ok(Some(target))
        }
        Some(Rewire::End) => {
            for r in refs {
                let Some(from) = r.from else { continue };
                let node = doc.state_node(from)?;
                let lay = layout(text, node, &doc.style);
                if let Some(m) = node.members().iter().find(|m| m.key == "Next") {
                    edits.replace_member(m, &lay, "End", "true");
                }
            }
            Ok(None)
        }
    }
}
