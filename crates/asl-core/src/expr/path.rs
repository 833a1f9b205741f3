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
    /// Fails when a segment runs into a non-object, as AWS's `States.ResultPathMatchFailure`.
    /// Whether [`RefPath::set`] succeeds on `target`. Checked first, a failing `set` never
    /// leaves `target` half changed (it creates missing objects on the way).
    pub fn can_set(&self, target: &Value) -> bool {
        let Some((last, init)) = self.segments.split_last() else { return true };
        // `None`: an object `set` would create on the way.
        let mut current = Some(target);
        for segment in init {
            current = match (segment, current) {
                (Segment::Field(name), Some(Value::Object(map))) => map.get(name),
                (Segment::Field(_), None) => None,
                (Segment::Index(i), Some(Value::Array(items))) if *i < items.len() => Some(&items[*i]),
                _ => return false,
            };
        }
        match (last, current) {
            (Segment::Field(_), Some(Value::Object(_)) | None) => true,
            (Segment::Index(i), Some(Value::Array(items))) => *i < items.len(),
            _ => false,
        }
    }

    pub fn set(&self, target: &mut Value, value: Value) -> Result<(), PathError> {
        let Some((last, init)) = self.segments.split_last() else {
            *target = value;
            return Ok(());
        };
        let mut current = target;
        for segment in init {
            current = match (segment, current) {
                (Segment::Field(name), Value::Object(map)) => {
                    map.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()))
                }
                (Segment::Index(i), Value::Array(items)) if *i < items.len() => &mut items[*i],
                _ => return Err(PathError("the path does not match the input's structure".into())),
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
            _ => Err(PathError("the path does not match the input's structure".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn can_set_says_what_set_does() {
        let input = json!({"a": {"b": 1}, "list": [0, 1], "n": 3});
        for path in
            ["$", "$.a.b", "$.a.c", "$.new.deep", "$.list[1]", "$.list[2]", "$.n.x", "$.new[0]", "$.a[0]", "$.list.x"]
        {
            let p = RefPath::parse(path).unwrap();
            let mut target = input.clone();
            assert_eq!(p.can_set(&input), p.set(&mut target, json!(true)).is_ok(), "{path}");
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
