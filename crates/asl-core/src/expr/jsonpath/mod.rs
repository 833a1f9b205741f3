//! ASL's JSONPath: `$` (the input), `$$` (the context object) or `$name` (a variable), then
//! `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*`, `..name`, `[start:end:step]`, unions
//! `[0,2]` / `['a','b']`, and filters `[?(@.price < 10 && @.tag == 'x')]`.
//!
//! A *reference path* (what `ResultPath` takes) uses only `.name`, `['name']` and `[n]`: it
//! selects at most one node and can say where to write.

use std::fmt;

use serde_json::Value;

mod parse;
mod select;

#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$`: the state's input (or whatever the field applies to).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable set by `Assign`.
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Union(Vec<Selector>),
    Filter(Filter),
    /// `[(@.length-1)]`: a script expression; `@.length - n` selects the n-th item from the end.
    Script(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// `..`: the selector applies to every descendant too.
    pub descendant: bool,
    pub selector: Selector,
}

/// A filter expression, `?( ... )`.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `@.a.b` alone: the member exists.
    Exists(Vec<Segment>),
    Compare(Operand, CompareOp, Operand),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// `@...`: relative to the current item.
    Current(Vec<Segment>),
    Literal(Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub root: Root,
    pub segments: Vec<Segment>,
}

/// Why a path does not parse: a message and the byte offset in the path text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSyntaxError {
    pub message: String,
    pub offset: usize,
}

impl fmt::Display for PathSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, PathSyntaxError> {
        parse::parse(text)
    }

    /// Only names and indexes: selects at most one node, and can be written to.
    pub fn is_reference(&self) -> bool {
        self.segments.iter().all(|s| {
            !s.descendant
                && match s.selector {
                    Selector::Name(_) => true,
                    Selector::Index(i) => i >= 0,
                    _ => false,
                }
        })
    }

    /// The one node a definite path (names and indexes only) selects, found without building
    /// the lists [`Path::select`] builds; `None` when it is absent.
    pub fn select_definite<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        select_definite_in(&self.segments, root)
    }

    /// Every node the path selects, in document order.
    pub fn select<'v>(&self, root: &'v Value) -> Vec<&'v Value> {
        let mut current = vec![root];
        for segment in &self.segments {
            current = select::apply(segment, current);
        }
        current
    }
}

/// Where `[i]` falls in an array of `len` items: from the end when negative; none outside.
pub fn index_in(i: i64, len: usize) -> Option<usize> {
    let at = if i < 0 { len as i64 + i } else { i };
    usize::try_from(at).ok().filter(|&at| at < len)
}

/// [`Path::select_definite`] over some of a path's segments (the rest of a path whose first
/// segments were resolved another way).
pub fn select_definite_in<'v>(segments: &[Segment], root: &'v Value) -> Option<&'v Value> {
    let mut current = root;
    for segment in segments {
        current = match (&segment.selector, current) {
            (Selector::Name(name), Value::Object(map)) => map.get(name)?,
            (Selector::Index(i), Value::Array(items)) => &items[index_in(*i, items.len())?],
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sel(path: &str, v: &Value) -> Vec<Value> {
        Path::parse(path).unwrap().select(v).into_iter().cloned().collect()
    }

    #[test]
    fn parses_and_selects() {
        let v = json!({"store": {"book": [{"price": 8, "t": "a"}, {"price": 12, "t": "b"}, {"price": 5, "t": "c"}]}, "x y": 1});
        assert_eq!(sel("$.store.book[0].t", &v), vec![json!("a")]);
        assert_eq!(sel("$.store.book[-1].t", &v), vec![json!("c")]);
        assert_eq!(sel("$['x y']", &v), vec![json!(1)]);
        assert_eq!(sel("$.store.book[*].t", &v), vec![json!("a"), json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[1:].t", &v), vec![json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[0,2].t", &v), vec![json!("a"), json!("c")]);
        assert_eq!(sel("$..t", &v), vec![json!("a"), json!("b"), json!("c")]);
        assert_eq!(sel("$.store.book[?(@.price < 10)].t", &v), vec![json!("a"), json!("c")]);
        assert_eq!(sel("$.store.book[?(@.price > 6 && @.t != 'b')].t", &v), vec![json!("a")]);
        assert_eq!(sel("$.store.book[::-1].t", &v), vec![json!("c"), json!("b"), json!("a")]);
        assert_eq!(sel("$.store.book[(@.length-1)].t", &v), vec![json!("c")]);
        assert_eq!(sel("$.store.book[?(@.t == b)].price", &v), vec![json!(12)]);
        assert!(Path::parse("$.a['b'][0]").unwrap().is_reference());
        assert!(!Path::parse("$.a[*]").unwrap().is_reference());
        assert_eq!(Path::parse("$$.Execution.Id").unwrap().root, Root::Context);
        assert_eq!(Path::parse("$myVar.field").unwrap().root, Root::Variable("myVar".into()));
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let deep = format!("$[?({}@.a{})]", "(".repeat(50), ")".repeat(50));
        assert_eq!(Path::parse(&deep).unwrap_err().message, "the filter nests too deeply");
        let long = format!("$[?({})]", vec!["@.a == 1"; 100].join(" && "));
        assert_eq!(Path::parse(&long).unwrap_err().message, "the filter nests too deeply");
        for (text, offset) in
            [("a", 0), ("$.", 2), ("$[", 2), ("$[?(@.a < )]", 10), ("$['a", 4), ("$.a]", 3), ("$[1:2:x]", 6)]
        {
            let err = Path::parse(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text}: {err}");
        }
    }
}
