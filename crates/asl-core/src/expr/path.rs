//! ASL reference paths: `$`, `$.a.b`, `$['a b']`, `$.list[0]`, and the context object `$$`.
//!
//! This is the subset of JSONPath that selects exactly one node (what `InputPath`, `OutputPath`,
//! `ResultPath`, `...Path` fields and `.$` parameters use most). Wildcards, filters and slices are
//! reported as unsupported rather than guessed at.

use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Field(String),
    Index(usize),
}

/// A parsed reference path. `context` is true for `$$...` (the context object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefPath {
    pub context: bool,
    pub segments: Vec<Segment>,
}

/// Why a path could not be parsed or applied. The message is shown to users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError(pub String);

impl RefPath {
    pub fn parse(text: &str) -> Result<RefPath, PathError> {
        let err = |why: &str| PathError(format!("Invalid path '{text}': {why}"));
        let (context, rest) = if let Some(rest) = text.strip_prefix("$$") {
            (true, rest)
        } else if let Some(rest) = text.strip_prefix('$') {
            (false, rest)
        } else {
            return Err(err("a path starts with '$'"));
        };
        let bytes = rest.as_bytes();
        let mut segments = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'.' => {
                    let start = i + 1;
                    let mut end = start;
                    while end < bytes.len() && bytes[end] != b'.' && bytes[end] != b'[' {
                        end += 1;
                    }
                    let name = &rest[start..end];
                    if name.is_empty() {
                        return Err(err("empty field name"));
                    }
                    if name == "*" {
                        return Err(err("wildcards are not supported in a reference path"));
                    }
                    segments.push(Segment::Field(name.to_string()));
                    i = end;
                }
                b'[' => {
                    let close = rest[i..].find(']').map(|c| c + i).ok_or_else(|| err("missing ']'"))?;
                    let inner = rest[i + 1..close].trim();
                    if let Some(quoted) = inner
                        .strip_prefix('\'')
                        .and_then(|s| s.strip_suffix('\''))
                        .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
                    {
                        segments.push(Segment::Field(quoted.to_string()));
                    } else if let Ok(index) = inner.parse::<usize>() {
                        segments.push(Segment::Index(index));
                    } else {
                        return Err(err("only [number] and ['name'] selectors are supported"));
                    }
                    i = close + 1;
                }
                _ => return Err(err("expected '.' or '['")),
            }
        }
        Ok(RefPath { context, segments })
    }

    /// The value at this path, or `None` when some segment is missing.
    pub fn select<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        let mut current = root;
        for segment in &self.segments {
            current = match (segment, current) {
                (Segment::Field(name), Value::Object(map)) => map.get(name)?,
                (Segment::Index(i), Value::Array(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// Writes `value` at this path inside `target`, creating objects on the way (ResultPath).
    /// Fails when a segment runs into a non-object, as AWS's `States.ResultPathMatchFailure`,
    /// and then leaves `target` as it was, so that the error can show the input.
    pub fn set(&self, target: &mut Value, value: Value) -> Result<(), PathError> {
        let mismatch = || PathError("the path does not match the input's structure".into());
        let Some((last, init)) = self.segments.split_last() else {
            *target = value;
            return Ok(());
        };
        let mut current = target;
        for (k, segment) in init.iter().enumerate() {
            current = match (segment, current) {
                (Segment::Field(name), Value::Object(map)) => {
                    // Objects made from here on are empty: an index into one can only fail, so
                    // that is known before anything is made.
                    if !map.contains_key(name) && self.segments[k + 1..].iter().any(|s| matches!(s, Segment::Index(_)))
                    {
                        return Err(mismatch());
                    }
                    map.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()))
                }
                (Segment::Index(i), Value::Array(items)) if *i < items.len() => &mut items[*i],
                _ => return Err(mismatch()),
            };
        }
        match (last, current) {
            (Segment::Field(name), Value::Object(map)) => {
                map.insert(name.clone(), value);
                Ok(())
            }
            (Segment::Index(i), Value::Array(items)) if *i < items.len() => {
                items[*i] = value;
                Ok(())
            }
            _ => Err(mismatch()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_failing_set_leaves_the_target_as_it_was() {
        let input = json!({"a": {"b": 1}, "list": [0, 1], "n": 3});
        for (path, ok) in [
            ("$", true),
            ("$.a.b", true),
            ("$.a.c", true),
            ("$.new.deep", true),
            ("$.list[1]", true),
            ("$.list[2]", false),
            ("$.n.x", false),
            ("$.new[0]", false),
            ("$.new.deep[0]", false),
            ("$.a[0]", false),
            ("$.list.x", false),
        ] {
            let mut target = input.clone();
            assert_eq!(RefPath::parse(path).unwrap().set(&mut target, json!(true)).is_ok(), ok, "{path}");
            if !ok {
                assert_eq!(target, input, "{path}: unchanged");
            }
        }
    }

    #[test]
    fn select_and_set() {
        let p = RefPath::parse("$.a['b c'][1]").unwrap();
        let v = json!({"a": {"b c": [0, 42]}});
        assert_eq!(p.select(&v), Some(&json!(42)));
        let mut t = json!({"x": 1});
        RefPath::parse("$.new.deep").unwrap().set(&mut t, json!(true)).unwrap();
        assert_eq!(t, json!({"x": 1, "new": {"deep": true}}));
        assert!(RefPath::parse("$.x.y").unwrap().set(&mut t, json!(1)).is_err());
        assert!(RefPath::parse("$$.Execution.Id").unwrap().context);
        assert!(RefPath::parse("a.b").is_err());
        assert!(RefPath::parse("$.a[*]").is_err());
    }
}
