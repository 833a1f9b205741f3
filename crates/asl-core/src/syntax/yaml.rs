//! Spanned YAML: a YAML document read into the same spanned tree as [`json`], with every span a
//! byte range of the YAML text, so a definition written in YAML is validated, drawn and pointed
//! at (diagnostics at YAML line:column, selection shared with the diagram) like a JSON one.
//!
//! The reader is libyaml (`unsafe-libyaml`, the Rust translation that `serde_yaml_ng` also uses,
//! so the app carries one YAML reader, not two). Its marks are byte offsets for UTF-8 input.
//! Scalars resolve as YAML 1.2's core schema does (`null`/`~`/empty, `true`/`false`, integers
//! including `0x`/`0o`, floats); quoted and block scalars are strings; `!!str`, `!!int`,
//! `!!float`, `!!bool` and `!!null` tags are honoured; any other tag is refused (a
//! CloudFormation `!Sub` belongs in a template), unless the caller says what it means
//! ([`parse_with_tags`]: the template reader turns `!Sub x` into `{"Fn::Sub": "x"}`).
//! Anchors and aliases are expanded. One document only.
//!
//! **Guarantees**: never panics, on any text; an error has a message and the span where libyaml
//! gave up.

use std::borrow::Cow;
use std::collections::HashMap;
use std::mem::MaybeUninit;
use std::ptr::NonNull;

use serde_json::Number;
use unsafe_libyaml as unsafe_sys;

use crate::syntax::json::{Kind, Member, Node, Span, SyntaxError, MAX_DEPTH};

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

/// One libyaml event, copied out of the parser.
enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias { anchor: String },
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, plain: bool },
    SequenceStart { anchor: Option<String>, tag: Option<String>, flow: bool },
    SequenceEnd,
    MappingStart { anchor: Option<String>, tag: Option<String>, flow: bool },
    MappingEnd,
}

/// libyaml's parser over a borrowed text. It lives in a box because libyaml keeps pointers
/// into it; the text outlives it.
struct Events<'t> {
    parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    initialised: bool,
    _text: &'t str,
}

impl<'t> Events<'t> {
    fn new(text: &'t str) -> Events<'t> {
        let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` fills the whole struct; the input pointer stays
        // valid for `'t`, as long as the parser.
        let initialised = unsafe {
            let p = parser.as_mut_ptr();
            if unsafe_sys::yaml_parser_initialize(p).ok {
                unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
                unsafe_sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
                true
            } else {
                false
            }
        };
        Events { parser, initialised, _text: text }
    }

    /// The next event and its byte span, or the error.
    fn next(&mut self) -> Result<(Event, Span), SyntaxError> {
        if !self.initialised {
            return Err(SyntaxError { message: "The YAML reader could not start".into(), span: Span::default() });
        }
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser is initialised; a successful `yaml_parser_parse` fills `event`,
        // which is read before `yaml_event_delete` frees what it points to.
        unsafe {
            let parser = self.parser.as_mut_ptr();
            if (&*parser).error != unsafe_sys::YAML_NO_ERROR
                || unsafe_sys::yaml_parser_parse(parser, event.as_mut_ptr()).fail
            {
                return Err(parse_error(&*parser));
            }
            let e = event.as_mut_ptr();
            let span = Span::new((*e).start_mark.index as usize, (*e).end_mark.index as usize);
            let converted = convert(&*e);
            unsafe_sys::yaml_event_delete(e);
            Ok((converted, span))
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: initialised in `new` and deleted once.
            unsafe { unsafe_sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

/// # Safety
/// `p` must be null or a NUL-terminated string.
unsafe fn c_string(p: *const u8) -> Option<String> {
    let p = NonNull::new(p as *mut std::ffi::c_char)?;
    Some(unsafe { std::ffi::CStr::from_ptr(p.as_ptr()) }.to_string_lossy().into_owned())
}

/// # Safety
/// `e` must be an event filled by `yaml_parser_parse`.
unsafe fn convert(e: &unsafe_sys::yaml_event_t) -> Event {
    unsafe {
        match e.type_ {
            unsafe_sys::YAML_STREAM_START_EVENT => Event::StreamStart,
            unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
            unsafe_sys::YAML_ALIAS_EVENT => Event::Alias { anchor: c_string(e.data.alias.anchor).unwrap_or_default() },
            unsafe_sys::YAML_SCALAR_EVENT => {
                let s = e.data.scalar;
                let bytes =
                    if s.value.is_null() { &[][..] } else { std::slice::from_raw_parts(s.value, s.length as usize) };
                Event::Scalar {
                    anchor: c_string(s.anchor),
                    tag: c_string(s.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    plain: s.style == unsafe_sys::YAML_PLAIN_SCALAR_STYLE,
                }
            }
            unsafe_sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart {
                anchor: c_string(e.data.sequence_start.anchor),
                tag: c_string(e.data.sequence_start.tag),
                flow: e.data.sequence_start.style == unsafe_sys::YAML_FLOW_SEQUENCE_STYLE,
            },
            unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
            unsafe_sys::YAML_MAPPING_START_EVENT => Event::MappingStart {
                anchor: c_string(e.data.mapping_start.anchor),
                tag: c_string(e.data.mapping_start.tag),
                flow: e.data.mapping_start.style == unsafe_sys::YAML_FLOW_MAPPING_STYLE,
            },
            unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
            // STREAM_END, and NO_EVENT (which a successful parse does not return).
            _ => Event::StreamEnd,
        }
    }
}

fn parse_error(parser: &unsafe_sys::yaml_parser_t) -> SyntaxError {
    // SAFETY: libyaml's problem and context are static NUL-terminated strings or null.
    let (problem, context) = unsafe { (c_string(parser.problem.cast()), c_string(parser.context.cast())) };
    let problem = problem.unwrap_or_else(|| "the text is not YAML".into());
    let message = match context {
        Some(context) => format!("YAML: {problem}, {context}"),
        None => format!("YAML: {problem}"),
    };
    let at = parser.problem_mark.index as usize;
    let at = if at == 0 && parser.problem_offset != 0 { parser.problem_offset as usize } else { at };
    SyntaxError { message, span: Span::new(at, at) }
}

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

/// Tags the reader itself knows: the core schema's and the non-specific `!`.
fn is_core(tag: &str) -> bool {
    tag == "!"
        || matches!(
            tag.strip_prefix("tag:yaml.org,2002:"),
            Some("str" | "null" | "bool" | "int" | "float" | "map" | "seq")
        )
}

/// The value of a scalar: YAML 1.2's core schema for plain scalars, tags where written.
fn scalar(value: &str, tag: Option<&str>, plain: bool) -> Result<Kind<'static>, String> {
    let string = || Kind::String(Cow::Owned(value.to_string()));
    match tag {
        None if !plain => Ok(string()),
        None => Ok(resolve(value).unwrap_or_else(string)),
        Some("!" | "tag:yaml.org,2002:str") => Ok(string()),
        Some("tag:yaml.org,2002:null") => match resolve(value) {
            Some(Kind::Null) => Ok(Kind::Null),
            _ => Err(format!("YAML: !!null cannot be {value:?}")),
        },
        Some("tag:yaml.org,2002:bool") => match resolve(value) {
            Some(b @ Kind::Bool(_)) => Ok(b),
            _ => Err(format!("YAML: !!bool cannot be {value:?}")),
        },
        Some("tag:yaml.org,2002:int" | "tag:yaml.org,2002:float") => match resolve(value) {
            Some(n @ Kind::Number(_)) => Ok(n),
            _ => Err(format!("YAML: {value:?} is not a number")),
        },
        Some(other) => Err(format!("YAML: the tag {other} does not fit a scalar")),
    }
}

/// A plain scalar that is not a string, as the core schema reads it.
fn resolve(value: &str) -> Option<Kind<'static>> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Kind::Null),
        "true" | "True" | "TRUE" => return Some(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Kind::Bool(false)),
        _ => {}
    }
    let radix = |digits: &str, radix: u32| i64::from_str_radix(digits, radix).ok().map(|n| Kind::Number(n.into()));
    if let Some(hex) = value.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = value.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').map_or((mantissa, None), |(i, f)| (i, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number_like = (digits(int) || (int.is_empty() && frac.is_some_and(digits)))
        && frac.is_none_or(|f| f.is_empty() || digits(f))
        && exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    if !number_like {
        return None;
    }
    let negative = value.starts_with('-');
    if frac.is_none() && exponent.is_none() {
        let n = int.trim_start_matches('0');
        let n = if n.is_empty() { "0" } else { n };
        let text = if negative { format!("-{n}") } else { n.to_string() };
        if let Ok(n) = text.parse::<i64>() {
            return Some(Kind::Number(n.into()));
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Kind::Number(n.into()));
        }
    }
    let f: f64 = value.trim_start_matches('+').parse().ok().or_else(|| {
        // Rust reads neither "1." nor ".5" with a sign in every form; spell it out.
        let sign = if negative { "-" } else { "" };
        let int = if int.is_empty() { "0" } else { int };
        let frac = frac.filter(|f| !f.is_empty()).unwrap_or("0");
        let exp = exponent.map_or(String::new(), |e| format!("e{e}"));
        format!("{sign}{int}.{frac}{exp}").parse().ok()
    })?;
    Number::from_f64(f).map(Kind::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> serde_json::Value {
        parse(text).unwrap().to_value()
    }

    #[test]
    fn reads_block_and_flow_yaml_with_byte_spans() {
        let text = "# a comment\nStartAt: A\nStates:\n  A: {Type: Pass, End: true}\n  B:\n    Type: Succeed\n";
        let root = parse(text).unwrap();
        assert_eq!(
            root.to_value(),
            serde_json::json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}})
        );
        let states = root.get("States").unwrap();
        let a = states.member("A").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "A");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "{Type: Pass, End: true}");
        let b = states.get("B").unwrap();
        assert_eq!(&text[b.span.start..b.span.end], "Type: Succeed");
        assert_eq!(&text[states.span.start..states.span.end], "A: {Type: Pass, End: true}\n  B:\n    Type: Succeed");
    }

    #[test]
    fn resolves_scalars_as_the_core_schema() {
        assert_eq!(
            value("a: 1\nb: -2.5\nc: true\nd: ~\ne: '1'\nf: 0x1F\ng: 1e3\nh: hello world\ni:\nj: \"x\\ty\"\nk: .5\nl: !!str 12\n"),
            serde_json::json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "1", "f": 31, "g": 1000.0,
                "h": "hello world", "i": null, "j": "x\ty", "k": 0.5, "l": "12"})
        );
        assert_eq!(value("s: |\n  line 1\n  line 2\n"), serde_json::json!({"s": "line 1\nline 2\n"}));
        assert_eq!(value("v: 18446744073709551615"), serde_json::json!({"v": 18446744073709551615u64}));
        assert_eq!(value("v: 1.2.3"), serde_json::json!({"v": "1.2.3"}));
    }

    #[test]
    fn expands_aliases_and_keeps_duplicate_keys() {
        assert_eq!(value("a: &x {k: 1}\nb: *x\n"), serde_json::json!({"a": {"k": 1}, "b": {"k": 1}}));
        let root = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(root.members().len(), 2);
    }

    #[test]
    fn errors_have_a_message_and_where() {
        let text = "StartAt: A\nStates:\n  A: [\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.starts_with("YAML: "), "{e:?}");
        assert!(e.span.start <= text.len());
        assert!(parse("a: !Sub x").unwrap_err().message.contains("!Sub"));
        assert!(parse("a: !Sub [x]").unwrap_err().message.contains("!Sub"));
        fn sub(tag: &str, node: Node<'static>) -> Result<Node<'static>, String> {
            let key = tag.trim_start_matches('!').to_string();
            Ok(Node {
                span: node.span,
                kind: Kind::Object(vec![Member { key: key.into(), key_span: node.span, value: node }]),
            })
        }
        let tagged = parse_with_tags("a: !Sub 1\nb: !Join [x, [1]]\n", Some(sub)).unwrap().to_value();
        assert_eq!(tagged, serde_json::json!({"a": {"Sub": "1"}, "b": {"Join": ["x", [1]]}}));
        assert!(parse("").unwrap_err().message.contains("no document"));
        assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().message.contains("one document"));
        assert!(parse("[a, b]: 1").unwrap_err().message.contains("key"));
        assert!(parse("a: *nowhere").is_err());
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
        let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&laughs).unwrap_err().message.contains("aliases expand"));
    }

    #[test]
    fn a_byte_order_mark_keeps_spans_true() {
        let text = "\u{feff}a: xyz\n";
        let root = parse(text).unwrap();
        let v = root.get("a").unwrap();
        assert_eq!(&text[v.span.start..v.span.end], "xyz");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["\t", "a:\tb", "- - -", "{{{", "'unterminated", "a: b: c", "? x\n: y", "&a [*a]", "\0", "ä: ö\n"]
        {
            let _ = parse(text);
        }
    }
}
