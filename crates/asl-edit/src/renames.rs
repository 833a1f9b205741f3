//! Renames made in the text. The inspector renames a state with one visual edit and says so;
//! typing over a state's key in the editor is only a new text. To let the test cases (and the
//! breakpoints) follow such a rename, the app compares the states of two successive parses:
//! when every state is where it was, of the same type, and exactly one has a new name, that
//! state was renamed.
//!
//! Typing a name one key at a time is a chain of renames (`Check` → `Chec` → `Check2`), each
//! seen by this comparison. A name that for a moment equals another state's name is not a
//! rename of either, so [`States::of`] gives `None` for a definition with duplicate names (or
//! none at all) and the caller keeps comparing against the last one without them.

use std::collections::HashSet;

use asl_core::{Machine, Parsed};

/// Every state of a machine and its nested machines, depth first in document order: its
/// nesting depth, its `Type` and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct States(Vec<(usize, String, String)>);

impl States {
    /// The states of the parsed definition; `None` when it is no machine (a JSON syntax error)
    /// or two states share a name. Two keys of one `States` object are one state to the model
    /// (the first is kept), so they are found in the parser's report.
    pub fn of(parsed: &Parsed) -> Option<States> {
        let machine = parsed.machine.as_ref()?;
        if parsed.has_duplicate_state_keys() {
            return None;
        }
        let mut out = Vec::new();
        collect(machine, 0, &mut out);
        // Not the validator's DUPLICATE_STATE_NAME: it is not reported while the schema has
        // errors, which is most of the time while a name is being typed.
        let mut seen = HashSet::new();
        out.iter().all(|(_, _, name)| seen.insert(name.as_str())).then_some(States(out))
    }

    /// `(old, new)` when `after` is `self` with exactly one state renamed.
    pub fn renamed(&self, after: &States) -> Option<(String, String)> {
        if self.0.len() != after.0.len() {
            return None;
        }
        let mut found = None;
        for ((d0, t0, n0), (d1, t1, n1)) in self.0.iter().zip(&after.0) {
            if d0 != d1 || t0 != t1 {
                return None;
            }
            if n0 != n1 {
                if found.is_some() {
                    return None;
                }
                found = Some((n0.clone(), n1.clone()));
            }
        }
        found
    }
}

/// Follows successive parses of one document and reports each rename between them.
#[derive(Clone, Debug, Default)]
pub struct Tracker {
    /// The last definition whose states could be compared.
    last: Option<States>,
}

impl Tracker {
    pub fn new(parsed: &Parsed) -> Tracker {
        Tracker { last: States::of(parsed) }
    }

    /// The rename `parsed` makes, if any, against the last comparable parse.
    pub fn next(&mut self, parsed: &Parsed) -> Option<(String, String)> {
        let now = States::of(parsed)?;
        let renamed = self.last.as_ref().and_then(|last| last.renamed(&now));
        self.last = Some(now);
        renamed
    }
}

fn collect(machine: &Machine, depth: usize, out: &mut Vec<(usize, String, String)>) {
    for s in &machine.states {
        out.push((depth, s.kind.type_name().to_string(), s.name.clone()));
        for child in s.children() {
            collect(child, depth + 1, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(text: &str) -> Option<States> {
        States::of(&asl_core::parse(text))
    }

    fn renamed(before: &str, after: &str) -> Option<(String, String)> {
        states(before)?.renamed(&states(after)?)
    }

    const TWO: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Next":"B"},"B":{"Type":"Succeed"}}}"#;

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn a_top_level_key_typed_over_is_a_rename() {
        assert_eq!(renamed(TWO, &TWO.replace(r#""A":{"#, r#""Work":{"#)), pair("A", "Work"));
        // The references need not follow for the state to count as renamed.
        assert_eq!(renamed(TWO, &TWO.replace(r#""B""#, r#""Done""#)), pair("B", "Done"));
    }

    #[test]
    fn nested_states_are_compared_too() {
        let map = r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}}}}"#;
        assert_eq!(renamed(map, &map.replace(r#""T""#, r#""Inner""#)), pair("T", "Inner"));
        let parallel = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},{"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}}]}}}"#;
        assert_eq!(renamed(parallel, &parallel.replace(r#""Y""#, r#""Z""#)), pair("Y", "Z"));
    }

    #[test]
    fn typing_a_name_key_by_key_is_a_chain_of_renames() {
        let steps = ["A", "", "W", "Wo", "Wor", "Work"];
        let texts: Vec<String> = steps.iter().map(|n| TWO.replace(r#""A":{"#, &format!(r#""{n}":{{"#))).collect();
        for (i, w) in texts.windows(2).enumerate() {
            assert_eq!(renamed(&w[0], &w[1]), pair(steps[i], steps[i + 1]));
        }
    }

    #[test]
    fn anything_else_is_not_a_rename() {
        assert_eq!(renamed(TWO, TWO), None, "nothing changed");
        let both = TWO.replace(r#""A":{"#, r#""X":{"#).replace(r#""B":{"#, r#""Y":{"#);
        assert_eq!(renamed(TWO, &both), None, "two names changed");
        let retyped = TWO.replace(r#""B":{"Type":"Succeed"}"#, r#""C":{"Type":"Pass","End":true}"#);
        assert_eq!(renamed(TWO, &retyped), None, "another type: a different state");
        let added =
            TWO.replace(r#""B":{"Type":"Succeed"}"#, r#""B":{"Type":"Succeed"},"C":{"Type":"Pass","End":true}"#);
        assert_eq!(renamed(TWO, &added), None, "a state added");
    }

    #[test]
    fn the_tracker_looks_past_a_moment_of_two_equal_names_and_a_syntax_error() {
        let name = |n: &str| TWO.replace(r#""A":{"#, &format!(r#""{n}":{{"#));
        let mut tracker = Tracker::new(&asl_core::parse(&name("B2")));
        let mut step = |text: &str| tracker.next(&asl_core::parse(text));
        assert_eq!(step(&name("B")), None, "two states named B: neither is renamed");
        assert_eq!(step(&name("B3")), pair("B2", "B3"));
        assert_eq!(step(&name("B3").replace(r#""B3":{"#, r#"B3":{"#)), None, "not JSON");
        assert_eq!(step(&name("B4")), pair("B3", "B4"));
        assert_eq!(
            step(&TWO.replace(r#""B":{"Type":"Succeed"}"#, r#""B":{"Type":"Succeed"},"C":{"Type":"Pass","End":true}"#)),
            None
        );
    }

    #[test]
    fn a_name_shared_by_two_states_is_no_snapshot() {
        let same_object = TWO.replace(r#""A":{"Type":"Task""#, r#""B":{"Type":"Task""#);
        assert_eq!(states(&same_object), None);
        let nested = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}]}}}"#;
        assert_eq!(states(nested), None);
        assert_eq!(states("{"), None, "not JSON");
    }
}
