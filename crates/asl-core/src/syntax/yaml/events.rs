//! libyaml's parser as a stream of owned events with byte spans: the only unsafe code of the
//! crate, kept to the calls libyaml's API needs.

use std::mem::MaybeUninit;
use std::ptr::NonNull;

use unsafe_libyaml as unsafe_sys;

use crate::syntax::json::{Span, SyntaxError};

/// One libyaml event, copied out of the parser.
pub(super) enum Event {
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
pub(super) struct Events<'t> {
    parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    initialised: bool,
    _text: &'t str,
}

impl<'t> Events<'t> {
    pub(super) fn new(text: &'t str) -> Events<'t> {
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
    pub(super) fn next(&mut self) -> Result<(Event, Span), SyntaxError> {
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
