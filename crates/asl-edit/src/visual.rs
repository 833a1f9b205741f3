//! The text edits behind the diagram's visual editing: rename, delete and insert a state, set a
//! field, set a state's Next/End.
//!
//! **Needs**: the current definition text. Every operation reparses it (spanned JSON from
//! [`asl_core::syntax::json::parse`] for where things are written, the model from [`asl_core::parse`]
//! for states, scopes and transitions) and refuses text that is not JSON, a definition that is
//! not an object, and names it cannot find, with a [`VisualError`] whose `Display` is meant for
//! people.
//!
//! **Guarantees**: the result is a [`Change`], plain data: text edits in descending order of
//! their offset, each offset valid in the text before the change, so applying them in order is
//! correct, undoing them is applying their inverses in reverse order, and a history
//! [`crate::Entry`] can hold them as they are. Bytes outside the edited ranges are unchanged
//! (the user's formatting, key order, escapes and numbers elsewhere stay as written). New text
//! follows the surrounding style: the indent unit of the document (tabs or N spaces), the
//! indentation of the object's members, its separator and colon spacing, CRLF line ends, and
//! one-line (compact) objects stay on one line. Names and keys are JSON-escaped. No operation
//! panics on any input.
//!
//! A state nothing names is an error for AWS: a state inserted on empty space of a non-empty
//! `States` object starts unconnected (the diagram shows it so the user wires it), and deleting
//! a state may leave a state that only it named. Every transition after a delete names an
//! existing state.

use std::collections::HashSet;
use std::fmt;

use asl_core::layout::{self as diagram, ContainerKind};
use asl_core::model::{Machine, QueryLanguage, State, StateKind, TransitionKind};
use asl_core::syntax::json::{self, Kind, LineIndex, Member, Node, Span};
use serde_json::{json, Map, Value};

use crate::undo::Edit;

/// A visual edit as data: text edits in DESCENDING order of `at`, each offset in the text before
/// the change (so applying them one after another in this order is correct, and History entries
/// can hold them as they are), plus what to select afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// For the history: "Rename state", "Delete state", ...
    pub label: String,
    pub edits: Vec<Edit>,
    /// The state to select afterwards (by name).
    pub select: Option<String>,
}

impl Change {
    /// Applies all edits, or none (returns `false`, text untouched) when one does not apply.
    pub fn apply(&self, text: &mut String) -> bool {
        let mut work = text.clone();
        if self.edits.iter().all(|e| e.apply(&mut work)) {
            *text = work;
            true
        } else {
            false
        }
    }

    /// The edits that undo this change once it is applied, in the order to apply them.
    pub fn inverse_edits(&self) -> Vec<Edit> {
        self.edits.iter().rev().map(Edit::inverse).collect()
    }
}

/// Why a visual edit was refused. `Display` says it for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisualError {
    /// The definition text is not JSON (message with line and column).
    DefinitionNotJson(String),
    /// The definition (or the state being edited) is not a JSON object.
    NotJsonObject,
    /// No state of this name.
    NotFound(String),
    /// Another state already has this name.
    NameTaken(String),
    InvalidName(String),
    /// A field value is not JSON: line and column inside the value, and what was expected.
    InvalidJson(String),
    InvalidKey(String),
    UnknownTemplate(String),
    /// The edge to insert on does not exist (anymore).
    NoSuchTransition {
        from: String,
        to: String,
    },
    /// Empty space of a state that has no such branch (not a Parallel or Map, or out of range).
    NoSuchBranch {
        state: String,
        branch: usize,
    },
    /// A `States` object with a single state: deleting it would leave an invalid machine.
    OnlyState(String),
    /// A rewire the user chose that is not possible (End from StartAt, unknown target...).
    InvalidRewire(String),
    /// The operation does not apply to this state (Next on a Choice...).
    Unsupported(String),
}

impl fmt::Display for VisualError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisualError::DefinitionNotJson(m) => write!(f, "The definition is not valid JSON: {m}"),
            VisualError::NotJsonObject => f.write_str("The definition is not a JSON object with States"),
            VisualError::NotFound(n) => write!(f, "There is no state named \"{n}\""),
            VisualError::NameTaken(n) => {
                write!(f, "A state named \"{n}\" already exists (names are unique across the machine)")
            }
            VisualError::InvalidName(m) => write!(f, "Invalid state name: {m}"),
            VisualError::InvalidJson(m) => write!(f, "The value is not valid JSON: {m}"),
            VisualError::InvalidKey(m) => write!(f, "Invalid field name: {m}"),
            VisualError::UnknownTemplate(id) => write!(f, "Unknown state template \"{id}\""),
            VisualError::NoSuchTransition { from, to } => write!(f, "\"{from}\" has no such transition to \"{to}\""),
            VisualError::NoSuchBranch { state, branch } => {
                write!(f, "\"{state}\" has no branch {branch} (only a Parallel's branches and a Map's item processor hold states)")
            }
            VisualError::OnlyState(n) => {
                write!(f, "\"{n}\" is the only state of its States object; a States object needs at least one state")
            }
            VisualError::InvalidRewire(m) => write!(f, "Cannot rewire: {m}"),
            VisualError::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for VisualError {}

// ---------------------------------------------------------------------------------------------
// The document: text, spanned JSON, model.

struct Doc<'t> {
    root: Node<'t>,
    machine: Machine,
    style: Style,
}

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Result<Doc<'t>, VisualError> {
        let root = json::parse(text).map_err(|e| {
            let (line, col) = LineIndex::new(text).line_col(text, e.span.start);
            VisualError::DefinitionNotJson(format!("line {line}, column {col}: {}", e.message))
        })?;
        if !root.is_object() {
            return Err(VisualError::NotJsonObject);
        }
        let machine = asl_core::parse(text).machine.ok_or(VisualError::NotJsonObject)?;
        let style = Style::of(text, &root);
        Ok(Doc { root, machine, style })
    }

    /// The state named `name` anywhere in the machine, with the machine whose `States` holds it.
    fn find(&self, name: &str) -> Result<(&Machine, &State), VisualError> {
        let scope = self.machine.scope_of(name);
        scope.and_then(|m| Some((m, m.state(name)?))).ok_or_else(|| VisualError::NotFound(name.to_string()))
    }

    fn node(&self, pointer: &str) -> Option<&Node<'t>> {
        resolve(&self.root, pointer)
    }

    /// A state's object node.
    fn state_node(&self, state: &State) -> Result<&Node<'t>, VisualError> {
        self.node(&state.pointer).filter(|n| n.is_object()).ok_or(VisualError::NotJsonObject)
    }

    /// The `States` object of a machine and the index of the member `name` in it.
    fn states_node(&self, machine: &Machine) -> Result<&Node<'t>, VisualError> {
        self.node(&format!("{}/States", machine.pointer)).filter(|n| n.is_object()).ok_or(VisualError::NotJsonObject)
    }

    fn all_names(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        collect_names(&self.machine, &mut out);
        out
    }
}

/// The fields of a state as written: each key with its value's text (the inspector's forms
/// start from these). Duplicate keys are all listed, in order.
///
/// `object` is the state's own text (`State::span` of the current parse), so the caller's parse
/// serves and only that object is read again.
pub fn state_fields(object: &str) -> Result<Vec<(String, String)>, VisualError> {
    let node = json::parse(object).map_err(|e| VisualError::DefinitionNotJson(e.message))?;
    if !node.is_object() {
        return Err(VisualError::NotJsonObject);
    }
    Ok(node
        .members()
        .iter()
        .map(|m| (m.key.to_string(), object[m.value.span.start..m.value.span.end].to_string()))
        .collect())
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

fn member_index(obj: &Node, key: &str) -> Option<usize> {
    obj.members().iter().position(|m| m.key == key)
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

// ---------------------------------------------------------------------------------------------
// Style: how the document is written, and how an object's members are laid out.

#[derive(Clone, Debug)]
struct Style {
    /// One indentation level: a tab or N spaces.
    unit: String,
    /// `\r\n` when the document uses it.
    nl: &'static str,
    /// Between a key and its value, as the root object writes it: `": "`, `":"`...
    colon: String,
    /// Between members written on one line, as the root object writes them: `", "`, `","`...
    item_sep: String,
}

impl Style {
    fn of(text: &str, root: &Node) -> Style {
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut min_spaces = usize::MAX;
        let mut unit = None;
        for line in text.split('\n').skip(1) {
            let trimmed = line.trim_start_matches([' ', '\t']);
            if trimmed.trim().is_empty() {
                continue;
            }
            let ws = &line[..line.len() - trimmed.len()];
            if ws.starts_with('\t') {
                unit.get_or_insert("\t".to_string());
            } else if !ws.is_empty() {
                if unit.is_none() {
                    unit = Some(" ".into());
                }
                min_spaces = min_spaces.min(ws.len());
            }
        }
        let unit = match unit {
            Some(u) if u == "\t" => u,
            Some(_) => " ".repeat(min_spaces.clamp(1, 8)),
            None => "  ".to_string(),
        };
        let members = root.members();
        let colon = members
            .first()
            .map(|m| &text[m.key_span.end..m.value.span.start])
            .filter(|c| c.trim() == ":" && !c.contains('\n'))
            .unwrap_or(": ")
            .to_string();
        let item_sep = match members {
            [a, b, ..] => Some(&text[a.value.span.end..b.key_span.start]).filter(|s| !s.contains('\n')),
            _ => None,
        }
        // Minified text (no space after ':') has none after ',' either.
        .unwrap_or(if colon == ":" { "," } else { ", " })
        .to_string();
        Style { unit, nl, colon, item_sep }
    }
}

/// How one object's members are written.
#[derive(Clone, Debug)]
struct Layout {
    /// Members on one line with `{`.
    compact: bool,
    /// Leading whitespace of a member line (multi-line objects).
    indent: String,
    /// Leading whitespace of the closing brace's line.
    close: String,
    /// What goes between two members: the comma and whitespace.
    sep: String,
    /// Between a key and its value: `": "` or `":"`...
    colon: String,
    /// Between members and items of a new value written on one line.
    item_sep: String,
    unit: String,
    nl: &'static str,
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The leading whitespace of the line holding `pos`.
fn line_indent(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

fn layout(text: &str, obj: &Node, style: &Style) -> Layout {
    let members = obj.members();
    let open = obj.span.start;
    let close_at = obj.span.end.saturating_sub(1);
    let outer = line_indent(text, open).to_string();
    let (compact, indent) = match members.first() {
        Some(first) => {
            let compact = !text[open..first.key_span.start].contains('\n');
            (compact, line_indent(text, first.key_span.start).to_string())
        }
        // An empty object: one line only in a document written on one line.
        None => (!text.contains('\n'), format!("{outer}{}", style.unit)),
    };
    let close = if text[line_start(text, close_at)..close_at].trim().is_empty() {
        line_indent(text, close_at).to_string()
    } else {
        outer
    };
    let colon = members
        .first()
        .map(|m| &text[m.key_span.end..m.value.span.start])
        .filter(|c| c.trim() == ":" && !c.contains('\n'))
        .unwrap_or(&style.colon)
        .to_string();
    let sep = if members.len() >= 2 {
        let n = members.len();
        text[members[n - 2].value.span.end..members[n - 1].key_span.start].to_string()
    } else if compact {
        style.item_sep.clone()
    } else {
        format!(",{}{indent}", style.nl)
    };
    let item_sep = if compact && !sep.contains('\n') { sep.clone() } else { style.item_sep.clone() };
    Layout { compact, indent, close, sep, colon, item_sep, unit: style.unit.clone(), nl: style.nl }
}

/// Renders a value for a member of an object with this layout (nested levels one unit deeper).
fn render(value: &Value, lay: &Layout) -> String {
    let mut out = String::new();
    write_value(&mut out, value, lay, &lay.indent);
    out
}

/// What goes before the `i`th member or element: a separator, and a new line when not compact.
fn separate(out: &mut String, i: usize, lay: &Layout, inner: &str) {
    if lay.compact {
        if i > 0 {
            out.push_str(&lay.item_sep);
        }
        return;
    }
    if i > 0 {
        out.push(',');
    }
    out.push_str(lay.nl);
    out.push_str(inner);
}

fn write_value(out: &mut String, value: &Value, lay: &Layout, base: &str) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            let inner = format!("{base}{}", lay.unit);
            for (i, (k, v)) in map.iter().enumerate() {
                separate(out, i, lay, &inner);
                out.push_str(&quote(k));
                out.push_str(&lay.colon);
                write_value(out, v, lay, &inner);
            }
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(base);
            }
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            let inner = format!("{base}{}", lay.unit);
            for (i, v) in items.iter().enumerate() {
                separate(out, i, lay, &inner);
                write_value(out, v, lay, &inner);
            }
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(base);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON value typed by the user, placed as the value of a member written with `lay` at
/// indentation `base`: lines after the first keep their relative indentation under `base`; in a
/// one-line object the lines are joined.
fn reindent(value: &str, base: &str, lay: &Layout) -> String {
    let lines: Vec<&str> = value.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    if lines.len() == 1 {
        return value.to_string();
    }
    if lay.compact {
        return lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    }
    // The value's own indent unit (its smallest step) becomes the document's.
    let ws = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let body: Vec<&str> = lines[1..].iter().copied().filter(|l| !l.trim().is_empty()).collect();
    let strip = body.iter().map(|l| ws(l)).min().unwrap_or(0);
    let step = body.iter().map(|l| ws(l) - strip).filter(|&r| r > 0).min().unwrap_or(1);
    let mut out = lines[0].trim_start().to_string();
    for line in &lines[1..] {
        out.push_str(lay.nl);
        if !line.trim().is_empty() {
            let relative = ws(line) - strip;
            out.push_str(base);
            for _ in 0..relative / step {
                out.push_str(&lay.unit);
            }
            out.push_str(&" ".repeat(relative % step));
            out.push_str(line.trim_start_matches([' ', '\t']));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Edits as byte ranges of the original text, normalised into a Change.

#[derive(Default)]
struct Edits {
    list: Vec<(usize, usize, String)>,
}

impl Edits {
    fn replace(&mut self, span: Span, with: impl Into<String>) {
        self.list.push((span.start, span.end, with.into()));
    }

    fn insert(&mut self, at: usize, with: impl Into<String>) {
        self.list.push((at, at, with.into()));
    }

    /// Inserts member `"key": value` (value already rendered) before member `index` of `obj`
    /// (`index == len` appends).
    fn insert_member(&mut self, text: &str, obj: &Node, lay: &Layout, index: usize, key: &str, value: &str) {
        let members = obj.members();
        let member = format!("{}{}{value}", quote(key), lay.colon);
        if members.is_empty() {
            let inside = Span::new(obj.span.start + 1, obj.span.end.saturating_sub(1).max(obj.span.start + 1));
            if lay.compact {
                self.replace(inside, member);
            } else {
                self.replace(inside, format!("{nl}{}{member}{nl}{}", lay.indent, lay.close, nl = lay.nl));
            }
        } else if index >= members.len() {
            let last = &members[members.len() - 1];
            self.insert(last.value.span.end, format!("{}{member}", lay.sep));
        } else {
            let sep = if index > 0 {
                text[members[index - 1].value.span.end..members[index].key_span.start].to_string()
            } else if members.len() >= 2 {
                text[members[0].value.span.end..members[1].key_span.start].to_string()
            } else {
                lay.sep.clone()
            };
            self.insert(members[index].key_span.start, format!("{member}{sep}"));
        }
    }

    /// Removes member `index` of `obj` with its comma, leaving the rest as written.
    fn remove_member(&mut self, obj: &Node, index: usize) {
        let members = obj.members();
        let n = members.len();
        if index >= n {
            return;
        }
        if n == 1 {
            self.replace(Span::new(obj.span.start + 1, obj.span.end - 1), "");
        } else if index + 1 < n {
            self.replace(Span::new(members[index].key_span.start, members[index + 1].key_span.start), "");
        } else {
            self.replace(Span::new(members[index - 1].value.span.end, members[index].value.span.end), "");
        }
    }

    /// Replaces a whole member (key and value) by `"key": value`.
    fn replace_member(&mut self, m: &Member, lay: &Layout, key: &str, value: &str) {
        self.replace(Span::new(m.key_span.start, m.value.span.end), format!("{}{}{value}", quote(key), lay.colon));
    }

    fn finish(mut self, text: &str, label: &str, select: Option<String>) -> Result<Change, VisualError> {
        self.list.sort_by_key(|e| (e.0, e.1));
        let mut merged: Vec<(usize, usize, String)> = Vec::with_capacity(self.list.len());
        for (start, end, with) in self.list {
            if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(VisualError::Unsupported("Internal error: an edit outside the text".into()));
            }
            match merged.last_mut() {
                Some(last) if start < last.1 => {
                    return Err(VisualError::Unsupported("Internal error: overlapping edits".into()));
                }
                Some(last) if start == last.1 => {
                    last.1 = end;
                    last.2.push_str(&with);
                }
                _ => merged.push((start, end, with)),
            }
        }
        let edits = merged
            .into_iter()
            .rev()
            .filter(|(s, e, w)| text[*s..*e] != *w)
            .map(|(s, e, w)| Edit { at: s, removed: text[s..e].to_string(), inserted: w })
            .collect();
        Ok(Change { label: label.to_string(), edits, select })
    }
}

// ---------------------------------------------------------------------------------------------
// Rename.

/// Checks a new state name: non-empty, at most 80 characters.
pub fn check_name(name: &str) -> Result<(), VisualError> {
    if name.is_empty() {
        return Err(VisualError::InvalidName("a state name cannot be empty".into()));
    }
    if name.chars().count() > 80 {
        return Err(VisualError::InvalidName("a state name has at most 80 characters".into()));
    }
    if name.chars().any(char::is_control) {
        return Err(VisualError::InvalidName("a state name cannot contain control characters".into()));
    }
    Ok(())
}

/// Renames a state: its key, and StartAt, every Next, Default, Choice rule Next and Catcher Next
/// of its own States object (nested or not) that names it. New name: non-empty, at most 80
/// characters, not taken by another state anywhere in the machine; JSON-escaped in the text.
pub fn rename_state(text: &str, old: &str, new: &str) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (scope, state) = doc.find(old)?;
    if old == new {
        return Ok(Change { label: "Rename state".into(), edits: Vec::new(), select: Some(new.to_string()) });
    }
    check_name(new)?;
    if doc.all_names().contains(new) {
        return Err(VisualError::NameTaken(new.to_string()));
    }
    let mut edits = Edits::default();
    let quoted = quote(new);
    edits.replace(state.name_span, quoted.clone());
    if let Some(start) = scope.start_at.as_ref().filter(|s| s.value == old) {
        edits.replace(start.span, quoted.clone());
    }
    for s in &scope.states {
        for t in s.transitions() {
            if t.target.value == old {
                edits.replace(t.target.span, quoted.clone());
            }
        }
    }
    edits.finish(text, "Rename state", Some(new.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Delete.

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
    let mut successors: Vec<&str> = Vec::new();
    for t in state.transitions() {
        let target = t.target.value.as_str();
        if target != name && scope.state(target).is_some() && !successors.contains(&target) {
            successors.push(target);
        }
    }
    let end_allowed = refs.iter().all(|r| r.kind == Some(TransitionKind::Next));
    let decided = match rewire {
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
        None => {
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
            return Err(DeleteError::Ambiguous { options, message });
        }
    };
    let states_node = doc.states_node(scope)?;
    let index = states_node
        .members()
        .iter()
        .position(|m| m.key_span == state.name_span)
        .ok_or_else(|| VisualError::NotFound(name.to_string()))?;
    let mut edits = Edits::default();
    edits.remove_member(states_node, index);
    let mut select = None;
    match decided {
        None => {}
        Some(Rewire::To(target)) => {
            let quoted = quote(&target);
            for r in &refs {
                edits.replace(r.span, quoted.clone());
            }
            select = Some(target);
        }
        Some(Rewire::End) => {
            for r in &refs {
                let Some(from) = r.from else { continue };
                let node = doc.state_node(from)?;
                let lay = layout(text, node, &doc.style);
                if let Some(m) = node.members().iter().find(|m| m.key == "Next") {
                    edits.replace_member(m, &lay, "End", "true");
                }
            }
        }
    }
    edits.finish(text, "Delete state", select).map_err(DeleteError::Other)
}

// ---------------------------------------------------------------------------------------------
// Templates and insert.

/// One entry of the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    pub label: &'static str,
    /// "Flow" (state types) or "Actions" (Task and service integrations).
    pub group: &'static str,
    /// The new state's name, made unique with " 2", " 3"...
    pub base_name: &'static str,
    /// The ASL `Type` it inserts.
    pub state_type: &'static str,
    /// A one-line description for a tooltip.
    pub description: &'static str,
}

static TEMPLATES: [Template; 11] = [
    Template {
        id: "pass",
        label: "Pass",
        group: "Flow",
        base_name: "Pass",
        state_type: "Pass",
        description: "Passes its input to its output",
    },
    Template {
        id: "choice",
        label: "Choice",
        group: "Flow",
        base_name: "Choice",
        state_type: "Choice",
        description: "Branches on a condition",
    },
    Template {
        id: "wait",
        label: "Wait",
        group: "Flow",
        base_name: "Wait",
        state_type: "Wait",
        description: "Waits a number of seconds",
    },
    Template {
        id: "parallel",
        label: "Parallel",
        group: "Flow",
        base_name: "Parallel",
        state_type: "Parallel",
        description: "Runs branches at the same time",
    },
    Template {
        id: "map",
        label: "Map",
        group: "Flow",
        base_name: "Map",
        state_type: "Map",
        description: "Runs steps for each item of an array",
    },
    Template {
        id: "succeed",
        label: "Succeed",
        group: "Flow",
        base_name: "Success",
        state_type: "Succeed",
        description: "Ends the execution successfully",
    },
    Template {
        id: "fail",
        label: "Fail",
        group: "Flow",
        base_name: "Fail",
        state_type: "Fail",
        description: "Ends the execution with an error",
    },
    Template {
        id: "task",
        label: "Task",
        group: "Actions",
        base_name: "Task",
        state_type: "Task",
        description: "Calls a Lambda function by its ARN",
    },
    Template {
        id: "lambda-invoke",
        label: "Lambda: Invoke",
        group: "Actions",
        base_name: "Lambda Invoke",
        state_type: "Task",
        description: "Invokes a Lambda function (with the console's Retry)",
    },
    Template {
        id: "sns-publish",
        label: "SNS: Publish",
        group: "Actions",
        base_name: "SNS Publish",
        state_type: "Task",
        description: "Publishes a message to an SNS topic",
    },
    Template {
        id: "batch-submit-job",
        label: "Batch: SubmitJob (sync)",
        group: "Actions",
        base_name: "Batch SubmitJob",
        state_type: "Task",
        description: "Submits an AWS Batch job and waits for it to finish",
    },
];

/// The palette: every state type and common service tasks.
pub fn templates() -> &'static [Template] {
    &TEMPLATES
}

const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:MyFunction";

fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The state a template inserts (without Next/End), in the given query language. `to` is where
/// a Choice's rule and Default lead; `inner` names the state inside a Parallel or Map.
fn template_body(id: &str, lang: QueryLanguage, to: &str, inner: &str) -> Option<Map<String, Value>> {
    let jsonata = lang == QueryLanguage::Jsonata;
    let inner_machine = json!({ "StartAt": inner, "States": { inner: { "Type": "Pass", "End": true } } });
    let body = match id {
        "pass" => json!({ "Type": "Pass" }),
        "choice" if jsonata => json!({
            "Type": "Choice",
            "Choices": [{ "Condition": "{% $states.input.status = 'SUCCEEDED' %}", "Next": to }],
            "Default": to
        }),
        "choice" => json!({
            "Type": "Choice",
            "Choices": [{ "Variable": "$.status", "StringEquals": "SUCCEEDED", "Next": to }],
            "Default": to
        }),
        "wait" => json!({ "Type": "Wait", "Seconds": 5 }),
        "parallel" => json!({ "Type": "Parallel", "Branches": [inner_machine] }),
        "map" => {
            let mut processor = Map::new();
            processor.insert("ProcessorConfig".into(), json!({ "Mode": "INLINE" }));
            processor.extend(obj(inner_machine));
            let mut map = obj(json!({ "Type": "Map" }));
            if jsonata {
                map.insert("Items".into(), json!("{% $states.input.items %}"));
            } else {
                map.insert("ItemsPath".into(), json!("$.items"));
            }
            map.insert("ItemProcessor".into(), Value::Object(processor));
            Value::Object(map)
        }
        "succeed" => json!({ "Type": "Succeed" }),
        "fail" => json!({ "Type": "Fail", "Error": "ErrorCode", "Cause": "Something went wrong" }),
        "task" => json!({ "Type": "Task", "Resource": FUNCTION_ARN }),
        "lambda-invoke" => {
            let retry = json!([{
                "ErrorEquals": [
                    "Lambda.ServiceException",
                    "Lambda.AWSLambdaException",
                    "Lambda.SdkClientException",
                    "Lambda.TooManyRequestsException"
                ],
                "IntervalSeconds": 1,
                "MaxAttempts": 3,
                "BackoffRate": 2,
                "JitterStrategy": "FULL"
            }]);
            if jsonata {
                json!({
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Output": "{% $states.result.Payload %}",
                    "Arguments": { "FunctionName": format!("{FUNCTION_ARN}:$LATEST"), "Payload": "{% $states.input %}" },
                    "Retry": retry
                })
            } else {
                json!({
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "OutputPath": "$.Payload",
                    "Parameters": { "Payload.$": "$", "FunctionName": format!("{FUNCTION_ARN}:$LATEST") },
                    "Retry": retry
                })
            }
        }
        "sns-publish" => {
            let topic = "arn:aws:sns:us-east-1:123456789012:MyTopic";
            if jsonata {
                json!({
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sns:publish",
                    "Arguments": { "TopicArn": topic, "Message": "{% $states.input %}" }
                })
            } else {
                json!({
                    "Type": "Task",
                    "Resource": "arn:aws:states:::sns:publish",
                    "Parameters": { "TopicArn": topic, "Message.$": "$" }
                })
            }
        }
        "batch-submit-job" => {
            let args = json!({
                "JobName": "MyJob",
                "JobDefinition": "arn:aws:batch:us-east-1:123456789012:job-definition/my-job-definition:1",
                "JobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/my-job-queue"
            });
            let key = if jsonata { "Arguments" } else { "Parameters" };
            let mut map = obj(json!({ "Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync" }));
            map.insert(key.into(), args);
            Value::Object(map)
        }
        _ => return None,
    };
    Some(obj(body))
}

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

fn unique_name(base: &str, taken: &mut HashSet<String>) -> String {
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
    let template = templates()
        .iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| VisualError::UnknownTemplate(template_id.to_string()))?;
    let mut taken = doc.all_names();
    let name = unique_name(template.base_name, &mut taken);
    let inner_base = if template.id == "map" { "Process Item" } else { "Branch Step" };
    let inner = unique_name(inner_base, &mut taken);
    let top_language = doc.machine.query_language;
    let terminal = matches!(template.state_type, "Succeed" | "Fail");
    let is_choice = template.state_type == "Choice";
    let mut edits = Edits::default();

    let (scope, after, to, language): (&Machine, Option<&State>, String, QueryLanguage) = match place {
        Place::Edge { from, to, kind } => {
            let (scope, from_state) = doc.find(from)?;
            let transition = from_state
                .transitions()
                .into_iter()
                .find(|t| t.kind == *kind && t.target.value == *to)
                .ok_or_else(|| VisualError::NoSuchTransition { from: from.clone(), to: to.clone() })?;
            edits.replace(transition.target.span, quote(&name));
            (scope, Some(from_state), to.clone(), from_state.query_language)
        }
        Place::Empty { scope: None } => (&doc.machine, None, name.clone(), top_language),
        Place::Empty { scope: Some((container, branch)) } => {
            let (_, state) = doc.find(container)?;
            let machine = match &state.kind {
                StateKind::Parallel(p) => p.branches.get(*branch),
                StateKind::Map(m) if *branch == 0 => m.processor.as_ref(),
                _ => None,
            };
            let machine =
                machine.ok_or_else(|| VisualError::NoSuchBranch { state: container.clone(), branch: *branch })?;
            (machine, None, name.clone(), top_language)
        }
    };

    let mut body = template_body(template.id, language, &to, &inner)
        .ok_or_else(|| VisualError::UnknownTemplate(template_id.to_string()))?;
    if language != top_language {
        // The neighbour declares its own language: so does the new state (right after Type).
        let mut with = Map::new();
        let ty = body.remove("Type").unwrap_or(Value::Null);
        with.insert("Type".into(), ty);
        with.insert("QueryLanguage".into(), json!(language.as_str()));
        with.extend(body);
        body = with;
    }
    if !terminal && !is_choice {
        match place {
            Place::Edge { .. } => body.insert("Next".into(), json!(to)),
            Place::Empty { .. } => body.insert("End".into(), json!(true)),
        };
    }

    let states_node = doc.states_node(scope)?;
    let lay = layout(text, states_node, &doc.style);
    let index = match after {
        Some(from) => {
            states_node.members().iter().position(|m| m.key_span == from.name_span).map_or(usize::MAX, |i| i + 1)
        }
        None => usize::MAX,
    };
    let rendered = render(&Value::Object(body), &lay);
    edits.insert_member(text, states_node, &lay, index, &name, &rendered);

    if states_node.members().is_empty() {
        let machine_node = doc.node(&scope.pointer).ok_or(VisualError::NotJsonObject)?;
        let machine_lay = layout(text, machine_node, &doc.style);
        match machine_node.members().iter().find(|m| m.key == "StartAt") {
            Some(start) => edits.replace(start.value.span, quote(&name)),
            None => {
                let at = member_index(machine_node, "States").unwrap_or(usize::MAX);
                edits.insert_member(text, machine_node, &machine_lay, at, "StartAt", &quote(&name));
            }
        }
    }
    edits.finish(text, "Insert state", Some(name))
}

// ---------------------------------------------------------------------------------------------
// Fields.

/// Checks a field value typed by the user: JSON, or where it is not (line and column inside it).
pub fn check_value(value: &str) -> Result<(), VisualError> {
    json::parse(value).map(|_| ()).map_err(|e| {
        let (line, col) = LineIndex::new(value).line_col(value, e.span.start);
        VisualError::InvalidJson(format!("line {line}, column {col}: {}", e.message))
    })
}

/// Adds a branch to a Parallel state, after its last one: a machine of one Pass state (its name
/// made unique, and selected), written like the branches before it.
pub fn add_branch(text: &str, state: &str) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (_, st) = doc.find(state)?;
    if !matches!(st.kind, StateKind::Parallel(_)) {
        return Err(VisualError::Unsupported(format!("\"{state}\" is not a Parallel state")));
    }
    let obj = doc.state_node(st)?;
    let Some((branches, items)) = obj.get("Branches").and_then(|b| Some((b, b.elements()?))) else {
        return Err(VisualError::Unsupported(format!("\"{state}\" has no Branches list")));
    };
    let inner = unique_name("Pass", &mut doc.all_names());
    let value = json!({ "StartAt": inner, "States": { inner.clone(): { "Type": "Pass", "End": true } } });
    let lay = layout(text, obj, &doc.style);
    let mut edits = Edits::default();
    match items.last() {
        // Written like the last branch: on its own line at its indentation, or on the same line.
        Some(last) if text[line_start(text, last.span.start)..last.span.start].trim().is_empty() => {
            let indent = line_indent(text, last.span.start).to_string();
            let mut out = format!(",{}{indent}", lay.nl);
            write_value(&mut out, &value, &lay, &indent);
            edits.insert(last.span.end, out);
        }
        Some(last) => {
            let mut out = lay.item_sep.clone();
            write_value(&mut out, &value, &Layout { compact: true, ..lay.clone() }, "");
            edits.insert(last.span.end, out);
        }
        None => {
            let inside = Span::new(branches.span.start + 1, branches.span.end - 1);
            let indent = format!("{}{}", lay.indent, lay.unit);
            let mut out = if lay.compact { String::new() } else { format!("{}{indent}", lay.nl) };
            write_value(&mut out, &value, &lay, &indent);
            if !lay.compact {
                out.push_str(lay.nl);
                out.push_str(&lay.indent);
            }
            edits.replace(inside, out);
        }
    }
    edits.finish(text, "Add branch", Some(inner))
}

/// Sets, replaces or removes (value None) one field of a state. `value` is JSON text (validated:
/// invalid JSON → InvalidJson with where); multi-line values are re-indented to the member's
/// indentation. Adding appends after the last member. Keeps key order otherwise. Removing a
/// field that is not there changes nothing (a change without edits).
pub fn set_field(text: &str, state: &str, key: &str, value: Option<&str>) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (_, st) = doc.find(state)?;
    if key.is_empty() {
        return Err(VisualError::InvalidKey("a field name cannot be empty".into()));
    }
    if let Some(v) = value {
        check_value(v)?;
    }
    let node = doc.state_node(st)?;
    let lay = layout(text, node, &doc.style);
    let mut edits = Edits::default();
    let index = member_index(node, key);
    match (value.map(str::trim), index) {
        (None, None) => {}
        (None, Some(i)) => edits.remove_member(node, i),
        (Some(v), Some(i)) => {
            let m = &node.members()[i];
            let base = line_indent(text, m.key_span.start).to_string();
            edits.replace(m.value.span, reindent(v, &base, &lay));
        }
        (Some(v), None) => {
            let indent = lay.indent.clone();
            edits.insert_member(text, node, &lay, usize::MAX, key, &reindent(v, &indent, &lay));
        }
    }
    edits.finish(text, if value.is_some() { "Set field" } else { "Remove field" }, Some(state.to_string()))
}

/// Next/End: Some(target) sets "Next" (a state of the same States object) and removes "End";
/// None sets "End": true and removes "Next". Refused for Choice, Succeed and Fail states.
pub fn set_next(text: &str, state: &str, next: Option<&str>) -> Result<Change, VisualError> {
    let doc = Doc::new(text)?;
    let (scope, st) = doc.find(state)?;
    if matches!(st.kind, StateKind::Choice(_) | StateKind::Succeed | StateKind::Fail(_)) {
        return Err(VisualError::Unsupported(format!("A {} state has no Next or End", st.kind.type_name())));
    }
    if let Some(target) = next {
        if scope.state(target).is_none() {
            return Err(VisualError::NotFound(target.to_string()));
        }
    }
    let node = doc.state_node(st)?;
    let lay = layout(text, node, &doc.style);
    let members = node.members();
    let next_i = member_index(node, "Next");
    let end_i = member_index(node, "End");
    let mut edits = Edits::default();
    let (keep, drop, key, value) = match next {
        Some(t) => (next_i, end_i, "Next", quote(t)),
        None => (end_i, next_i, "End", "true".to_string()),
    };
    match (keep, drop) {
        (Some(k), d) => {
            edits.replace(members[k].value.span, value);
            if let Some(d) = d {
                edits.remove_member(node, d);
            }
        }
        (None, Some(d)) => edits.replace_member(&members[d], &lay, key, &value),
        (None, None) => edits.insert_member(text, node, &lay, usize::MAX, key, &value),
    }
    edits.finish(text, "Set next", Some(state.to_string()))
}

#[cfg(test)]
mod drop_tests {
    use super::*;

    #[test]
    fn a_drop_near_an_edge_inserts_on_it_and_elsewhere_adds() {
        let text = include_str!("../../../public/samples/manage-a-batch-job.asl.json");
        let l = asl_core::layout::layout(&asl_core::parse(text).machine.unwrap());
        let e = &l.edges[0];
        let (x, y) = e.points[0];
        let t = drop_target(&l, x + 1.0, y + 5.0, 6.0);
        assert_eq!(t.edge, Some(0));
        assert!(matches!(t.place, Place::Edge { .. }));
        assert_eq!(drop_target(&l, -50.0, -50.0, 6.0).place, Place::Empty { scope: None });
    }
}
