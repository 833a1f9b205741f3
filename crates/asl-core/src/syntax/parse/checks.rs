//! Field-level checks and readers shared by every state: schema errors, duplicate and unknown fields,
//! exclusive and bounded fields, typed field values, and the `Resource` ARN and Map `Label` rules.

use crate::check::diagnostic::{code, Diagnostic};
use crate::model::fields;
use crate::model::*;
use crate::syntax::json::{self, Kind, Node, Span};

use super::{at, is_jsonata, Builder, DUPLICATE_FIELD};

impl Builder<'_> {
    pub(super) fn schema(&mut self, message: impl Into<String>, span: Span, pointer: &str) {
        self.diagnostics.push(Diagnostic::error(code::SCHEMA_VALIDATION_FAILED, message, span, at(pointer)));
    }

    /// Reports duplicate keys of an object ([`DUPLICATE_FIELD`]); AWS rejects them.
    pub(super) fn check_duplicates(&mut self, node: &Node, pointer: &str) {
        let members = node.members();
        let report = |this: &mut Self, m: &json::Member| {
            this.schema(format!("{DUPLICATE_FIELD} '{}'", m.key), m.key_span, pointer)
        };
        // Most objects are small: a scan beats hashing there.
        if members.len() <= 16 {
            for (i, m) in members.iter().enumerate() {
                if members[..i].iter().any(|p| p.key == m.key) {
                    report(self, m);
                }
            }
        } else {
            let mut seen = rustc_hash::FxHashSet::default();
            for m in members {
                if !seen.insert(m.key.as_ref()) {
                    report(self, m);
                }
            }
        }
    }

    /// Reports every field of `node` that its table does not accept (under the current language).
    pub(super) fn check_fields(&mut self, node: &Node, table: &[(&str, fields::Only)], pointer: &str) {
        for m in node.members() {
            if let Some(message) = fields::check(table, &m.key, self.language) {
                self.schema(message, m.key_span, pointer);
            }
        }
    }

    /// Fields that exclude each other, such as `TimeoutSeconds` and `TimeoutSecondsPath`.
    pub(super) fn exclusive(&mut self, node: &Node, pairs: &[(&str, &str)], pointer: &str) {
        for (a, b) in pairs {
            if let (Some(_), Some(second)) = (node.member(a), node.member(b)) {
                self.schema(
                    format!("There should only be one of the following fields: [{a}, {b}]"),
                    second.key_span,
                    pointer,
                );
            }
        }
    }

    /// A number field with bounds, as AWS words them (`Maximum value is 100.0`).
    pub(super) fn bounded(&mut self, node: &Node, key: &str, min: f64, max: f64, pointer: &str) {
        let Some(value) = node.get(key) else { return };
        let at = format!("{pointer}/{key}");
        match value.as_f64() {
            Some(v) if v < min => self.schema(format!("Minimum value is {min:.1}"), value.span, &at),
            Some(v) if v > max => self.schema(format!("Maximum value is {max:.1}"), value.span, &at),
            Some(_) => {}
            None if self.language == QueryLanguage::Jsonata && is_jsonata(value) => {}
            None => self.schema(format!("The value of '{key}' must be a number"), value.span, &at),
        }
    }

    pub(super) fn string(&mut self, node: &Node, key: &str, pointer: &str) -> Option<Spanned<String>> {
        let value = node.get(key)?;
        match value.as_str() {
            Some(s) => Some(Spanned { value: s.to_string(), span: value.span }),
            None => {
                self.schema(format!("The value of '{key}' must be a string"), value.span, &format!("{pointer}/{key}"));
                None
            }
        }
    }

    /// A non-negative integer field.
    pub(super) fn natural(&mut self, node: &Node, key: &str, pointer: &str) -> Option<u64> {
        let value = node.get(key)?;
        match &value.kind {
            Kind::Number(n) if n.as_u64().is_some() => n.as_u64(),
            // Evaluated at run time.
            Kind::String(_) if self.language == QueryLanguage::Jsonata && is_jsonata(value) => None,
            _ => {
                self.schema(
                    format!("The value of '{key}' must be a non-negative integer"),
                    value.span,
                    &format!("{pointer}/{key}"),
                );
                None
            }
        }
    }

    /// `InputPath`, `OutputPath`, `ResultPath`: a string path or `null`.
    pub(super) fn path_or_null(&mut self, node: &Node, key: &str, pointer: &str) -> Option<Option<PathText>> {
        let value = node.get(key)?;
        match &value.kind {
            Kind::Null => Some(None),
            Kind::String(s) if s.starts_with('$') => Some(Some(PathText::new(&**s))),
            _ => {
                self.schema(
                    format!("The value of '{key}' must be a path starting with '$' or null"),
                    value.span,
                    &format!("{pointer}/{key}"),
                );
                None
            }
        }
    }
}

/// A Lambda function ARN is `arn:<partition>:lambda:<region>:<account>:function:<name>[:<alias or version>]`.
pub(super) fn lambda_arn_problem(resource: &str) -> Option<String> {
    let parts: Vec<&str> = resource.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function" {
        return None;
    }
    let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let name_ok = word(parts[6]);
    let qualifier_ok = match parts.get(7) {
        None => true,
        Some(q) => *q == "$LATEST" || word(q),
    };
    (parts.len() > 8 || !name_ok || !qualifier_ok).then(|| format!("'{resource}' is not a valid Lambda function ARN"))
}

/// A Map `Label` names child executions: at most 40 characters, none of whitespace, brackets,
/// wildcards, `"#%\\^|~`$&,;:/` or control characters.
pub(super) fn label_problem(label: &str) -> Option<String> {
    const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";
    if label.chars().count() > 40 {
        return Some("The value of 'Label' must be at most 40 characters long".to_string());
    }
    let bad = label.chars().find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN.contains(*c))?;
    Some(format!("The value of 'Label' contains a character that is not allowed: {bad:?}"))
}
