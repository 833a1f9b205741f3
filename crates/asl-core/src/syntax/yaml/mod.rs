//! Spanned YAML: a YAML document read into the same spanned tree as [`json`], with every span a
//! byte range of the YAML text, so a definition written in YAML is validated, drawn and pointed
//! at (diagnostics at YAML line:column, selection shared with the diagram) like a JSON one.
//!
//! The reader is libyaml (`unsafe-libyaml`, the Rust translation of the C library: the one YAML
//! reader of the workspace). Its marks are byte offsets for UTF-8 input.
//! Scalars resolve as YAML 1.2's core schema does (`null`/`~`/empty, `true`/`false`, integers
//! including `0x`/`0o`, floats); quoted and block scalars are strings; `!!str`, `!!int`,
//! `!!float`, `!!bool` and `!!null` tags are honoured; any other tag is refused (a
//! CloudFormation `!Sub` belongs in a template), unless the caller says what it means
//! ([`parse_with_tags`]: the template reader turns `!Sub x` into `{"Fn::Sub": "x"}`).
//! Anchors and aliases are expanded. One document only.
//!
//! **Guarantees**: never panics, on any text; an error has a message and the span where libyaml
//! gave up.

// The one place the crate may use `unsafe` (lib.rs denies it everywhere else).
#[allow(unsafe_code)]
mod events;
mod scalar;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::syntax::json::{Kind, Member, Node, Span, SyntaxError, MAX_DEPTH};
use events::{Event, Events};
use scalar::{is_core, resolve, scalar};

/// Whether a file name says YAML (`.yaml`, `.yml`, also `.asl.yaml`).
pub fn is_yaml_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// What a tag outside YAML's core schema means: given the tag as written (`!Sub`) and the
/// value it tags (a tagged scalar unresolved, as a string), the value it stands for.
pub type TagHandler = fn(&str, Node<'static>) -> Result<Node<'static>, String>;

/// Parses one YAML document into a spanned tree whose spans index `text`.
pub fn parse(text: &str) -> Result<Node<'static>, SyntaxError> {
    parse_with_tags(text, None)
}

/// Whether `s` written as a plain scalar reads back as the string `s` (not `null`, a boolean or
/// a number). What else a plain scalar must avoid (indicators, `: `, ` #`) is the writer's care.
pub fn plain_is_string(s: &str) -> bool {
    resolve(s).is_none()
}

/// [`parse`], with `on_tag` saying what tags outside the core schema mean.
pub fn parse_with_tags(text: &str, on_tag: Option<TagHandler>) -> Result<Node<'static>, SyntaxError> {
    // libyaml skips a byte-order mark without counting it in its marks.
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (3, rest),
        None => (0, text),
    };
    let mut events = Events::new(body);
    let mut reader = Reader { events: &mut events, anchors: HashMap::new(), depth: 0, nodes: 0, shift: bom, on_tag };
    reader.document()
}

/// The most nodes a document may expand to (a 1 MB definition holds far fewer).
const MAX_NODES: usize = 2_000_000;

struct Reader<'e, 't> {
    events: &'e mut Events<'t>,
    /// Each anchor's node and how many nodes it holds.
    anchors: HashMap<String, (Node<'static>, usize)>,
    depth: usize,
    /// Nodes built so far, aliases counted as what they expand to: a few lines of aliases can
    /// stand for billions of nodes, so the expansion stops at [`MAX_NODES`].
    nodes: usize,
    /// Bytes before what libyaml reads (a byte-order mark).
    shift: usize,
    on_tag: Option<TagHandler>,
}

impl Reader<'_, '_> {
    fn next(&mut self) -> Result<(Event, Span), SyntaxError> {
        let (event, span) = self.events.next().map_err(|e| self.shifted_error(e))?;
        Ok((event, Span::new(span.start + self.shift, span.end + self.shift)))
    }

    fn shifted_error(&self, mut e: SyntaxError) -> SyntaxError {
        e.span = Span::new(e.span.start + self.shift, e.span.end + self.shift);
        e
    }

    fn document(&mut self) -> Result<Node<'static>, SyntaxError> {
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd => {}
                Event::DocumentStart if root.is_some() => {
                    return Err(SyntaxError {
                        message: "YAML: a definition is one document; a second one starts here".into(),
                        span,
                    });
                }
                Event::DocumentStart => {
                    let (event, span) = self.next()?;
                    root = Some(self.node(event, span)?);
                }
                Event::StreamEnd => {
                    return root.ok_or(SyntaxError { message: "YAML: the text holds no document".into(), span });
                }
                _ => return Err(SyntaxError { message: "YAML: unexpected content".into(), span }),
            }
        }
    }

    fn node(&mut self, event: Event, span: Span) -> Result<Node<'static>, SyntaxError> {
        match event {
            Event::Alias { anchor } => match self.anchors.get(&anchor) {
                Some((_, size)) if self.nodes + size > MAX_NODES => Err(SyntaxError {
                    message: format!("YAML: the aliases expand to more than {MAX_NODES} values"),
                    span,
                }),
                Some((node, size)) => {
                    self.nodes += size;
                    Ok(node.clone())
                }
                None => Err(SyntaxError { message: format!("YAML: unknown alias *{anchor}"), span }),
            },
            Event::Scalar { anchor, tag, value, plain } => {
                let kind = match tag.as_deref() {
                    Some(t) if !is_core(t) => Kind::String(Cow::Owned(value)),
                    t => scalar(&value, t, plain).map_err(|message| SyntaxError { message, span })?,
                };
                self.nodes += 1;
                let node = self.tagged(tag, Node { span, kind })?;
                Ok(self.anchored(anchor, node, 1))
            }
            Event::SequenceStart { anchor, tag, flow } => {
                let before = self.enter(span)?;
                let mut items = Vec::new();
                let end = loop {
                    let (event, at) = self.next()?;
                    if let Event::SequenceEnd = event {
                        break at;
                    }
                    items.push(self.node(event, at)?);
                };
                self.depth -= 1;
                let end = collection_end(flow, end, items.last().map(|n| n.span.end), span);
                let size = self.nodes - before;
                let node = self.tagged(tag, Node { span: Span::new(span.start, end), kind: Kind::Array(items) })?;
                Ok(self.anchored(anchor, node, size))
            }
            Event::MappingStart { anchor, tag, flow } => {
                let before = self.enter(span)?;
                let mut members = Vec::new();
                let end = loop {
                    let (event, at) = self.next()?;
                    let key = match event {
                        Event::MappingEnd => break at,
                        Event::Scalar { value, .. } => value,
                        Event::Alias { anchor } => match self.anchors.get(&anchor).map(|(n, _)| &n.kind) {
                            Some(Kind::String(s)) => s.to_string(),
                            _ => return Err(SyntaxError { message: "YAML: a key must be a string".into(), span: at }),
                        },
                        _ => {
                            return Err(SyntaxError {
                                message: "YAML: a key must be a string, not a list or a mapping".into(),
                                span: at,
                            })
                        }
                    };
                    let (event, value_span) = self.next()?;
                    let value = self.node(event, value_span)?;
                    members.push(Member { key: Cow::Owned(key), key_span: at, value });
                };
                self.depth -= 1;
                let end = collection_end(flow, end, members.last().map(|m| m.value.span.end), span);
                let size = self.nodes - before;
                let node = self.tagged(tag, Node { span: Span::new(span.start, end), kind: Kind::Object(members) })?;
                Ok(self.anchored(anchor, node, size))
            }
            _ => Err(SyntaxError { message: "YAML: unexpected content".into(), span }),
        }
    }

    /// A node with a tag outside the core schema, as the caller's handler reads it.
    fn tagged(&self, tag: Option<String>, node: Node<'static>) -> Result<Node<'static>, SyntaxError> {
        let Some(tag) = tag.filter(|t| !is_core(t)) else { return Ok(node) };
        let span = node.span;
        match self.on_tag {
            Some(handler) => handler(&tag, node).map_err(|message| SyntaxError { message: format!("YAML: {message}"), span }),
            None => Err(SyntaxError {
                message: format!("YAML: the tag {tag} has no meaning in a definition (CloudFormation tags such as !Sub belong in a template: open the template itself)"),
                span,
            }),
        }
    }

    /// Starts a collection; the count of nodes before it.
    fn enter(&mut self, span: Span) -> Result<usize, SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError { message: format!("YAML: nested deeper than {MAX_DEPTH} levels"), span });
        }
        self.nodes += 1;
        Ok(self.nodes - 1)
    }

    fn anchored(&mut self, anchor: Option<String>, node: Node<'static>, size: usize) -> Node<'static> {
        if let Some(anchor) = anchor {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        node
    }
}

/// Where a collection ends: a flow one at its closing bracket; a block one with its last entry
/// (libyaml's block end is where the next, less indented line starts, after blank lines and
/// comments that belong to what follows).
fn collection_end(flow: bool, end: Span, last: Option<usize>, start: Span) -> usize {
    match (flow, last) {
        (true, _) => end.end,
        (false, Some(last)) => last,
        (false, None) => start.end.max(start.start),
    }
}

#[cfg(test)]
mod tests;
