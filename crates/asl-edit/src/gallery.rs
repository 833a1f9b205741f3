//! The sample gallery as data: `public/samples/index.json` lists each sample's title,
//! description and tags; this module reads it, offers the filter values (services, state types,
//! query languages, features) and answers which samples a search and the filters keep. Adding a
//! sample is adding its three files and one index entry; no code names a sample.

use asl_core::model::{Machine, StateKind};
use serde_json::Value;

/// The order state types are listed in (filters, tags): the order of the ASL spec.
pub const STATE_TYPES: [&str; 8] = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

/// One entry of the index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SampleInfo {
    /// Base name of its files: `<stem>.asl.json`, `<stem>.mock.json`, `<stem>.tests.json`.
    pub stem: String,
    pub title: String,
    pub description: String,
    pub services: Vec<String>,
    pub state_types: Vec<String>,
    /// `JSONPath` or `JSONata`: the top-level `QueryLanguage`.
    pub query_language: String,
    /// `STANDARD` or `EXPRESS`: the workflow type it suits.
    pub workflow_type: String,
    pub features: Vec<String>,
    /// The example input, pretty-printed.
    pub input: String,
}

/// Reads `index.json`: `{"Samples": [{"Stem", "Title", "Description", "Services", "StateTypes",
/// "QueryLanguage", "Type", "Features", "Input"}]}`. The error names the entry and field.
pub fn read_index(text: &str) -> Result<Vec<SampleInfo>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("index.json: {e}"))?;
    let list = v.get("Samples").and_then(Value::as_array).ok_or("index.json has no \"Samples\" array")?;
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |field: &str| format!("index.json: Samples[{i}].{field}");
            let text = |field: &str| {
                s.get(field).and_then(Value::as_str).map(str::to_string).ok_or_else(|| at(field) + " must be a string")
            };
            let list = |field: &str| -> Result<Vec<String>, String> {
                let items = s.get(field).and_then(Value::as_array).ok_or_else(|| at(field) + " must be an array")?;
                items
                    .iter()
                    .map(|x| x.as_str().map(str::to_string).ok_or_else(|| at(field) + " must hold strings"))
                    .collect()
            };
            let input = s.get("Input").cloned().unwrap_or_else(|| serde_json::json!({}));
            Ok(SampleInfo {
                stem: text("Stem")?,
                title: text("Title")?,
                description: text("Description")?,
                services: list("Services")?,
                state_types: list("StateTypes")?,
                query_language: text("QueryLanguage")?,
                workflow_type: text("Type")?,
                features: list("Features")?,
                input: serde_json::to_string_pretty(&input).unwrap_or_else(|_| "{}".into()),
            })
        })
        .collect()
}

/// The state types a machine uses anywhere (branches and Map processors too), in [`STATE_TYPES`]
/// order: what a sample's `StateTypes` tag must say.
pub fn state_types_used(machine: &Machine) -> Vec<&'static str> {
    fn visit(machine: &Machine, seen: &mut [bool; 8]) {
        for state in &machine.states {
            if let Some(i) = STATE_TYPES.iter().position(|t| *t == state.kind.type_name()) {
                seen[i] = true;
            }
            match &state.kind {
                StateKind::Parallel(p) => p.branches.iter().for_each(|b| visit(b, seen)),
                StateKind::Map(m) => m.processor.iter().for_each(|p| visit(p, seen)),
                _ => {}
            }
        }
    }
    let mut seen = [false; 8];
    visit(machine, &mut seen);
    STATE_TYPES.iter().zip(seen).filter(|(_, s)| *s).map(|(t, _)| *t).collect()
}

/// What the gallery's search box and filters hold. Empty strings mean "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub search: String,
    pub service: String,
    pub state_type: String,
    pub query_language: String,
    pub feature: String,
}

impl Filter {
    /// Every word of the search appears (case-insensitively) in the title, description or a
    /// tag, and each chosen filter value is among the sample's tags.
    pub fn keeps(&self, s: &SampleInfo) -> bool {
        let has = |list: &[String], value: &str| value.is_empty() || list.iter().any(|x| x == value);
        let haystack = [&s.title, &s.description, &s.query_language, &s.workflow_type, &s.stem]
            .into_iter()
            .chain(&s.services)
            .chain(&s.state_types)
            .chain(&s.features)
            .map(|x| x.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        self.search.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
            && has(&s.services, &self.service)
            && has(&s.state_types, &self.state_type)
            && (self.query_language.is_empty() || s.query_language == self.query_language)
            && has(&s.features, &self.feature)
    }
}

/// The values each filter offers: every value some sample has, services and features sorted,
/// state types in ASL order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub services: Vec<String>,
    pub state_types: Vec<String>,
    pub query_languages: Vec<String>,
    pub features: Vec<String>,
}

pub fn facets(samples: &[SampleInfo]) -> Facets {
    let collect = |pick: &dyn Fn(&SampleInfo) -> Vec<String>| {
        let mut all: Vec<String> = samples.iter().flat_map(pick).collect();
        asl_core::sort::sort_by_key(&mut all, |x| x.to_lowercase());
        all.dedup();
        all
    };
    let used = collect(&|s| s.state_types.clone());
    Facets {
        services: collect(&|s| s.services.clone()),
        state_types: STATE_TYPES.iter().filter(|t| used.iter().any(|u| u == *t)).map(|t| t.to_string()).collect(),
        query_languages: collect(&|s| vec![s.query_language.clone()]),
        features: collect(&|s| s.features.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"{"Samples": [
        {"Stem": "a", "Title": "Order saga", "Description": "Compensates on failure.", "Services": ["AWS Lambda"],
         "StateTypes": ["Task", "Fail"], "QueryLanguage": "JSONPath", "Type": "STANDARD", "Features": ["Saga", "Catch"],
         "Input": {"order": 1}},
        {"Stem": "b", "Title": "Transform", "Description": "Reshapes data.", "Services": [],
         "StateTypes": ["Pass", "Map"], "QueryLanguage": "JSONata", "Type": "EXPRESS", "Features": ["Inline Map"]}]}"#;

    fn stems(samples: &[SampleInfo], f: &Filter) -> Vec<String> {
        samples.iter().filter(|s| f.keeps(s)).map(|s| s.stem.clone()).collect()
    }

    #[test]
    fn search_words_and_filters_narrow_the_list() {
        let samples = read_index(INDEX).unwrap();
        assert_eq!(samples[0].input, "{\n  \"order\": 1\n}");
        assert_eq!(samples[1].input, "{}");
        assert_eq!(stems(&samples, &Filter::default()), ["a", "b"]);
        let search = |s: &str| Filter { search: s.into(), ..Filter::default() };
        assert_eq!(stems(&samples, &search("SAGA failure")), ["a"]);
        assert_eq!(stems(&samples, &search("saga reshapes")), Vec::<String>::new());
        assert_eq!(stems(&samples, &search("lambda")), ["a"], "services are searched");
        assert_eq!(stems(&samples, &Filter { state_type: "Map".into(), ..Filter::default() }), ["b"]);
        assert_eq!(stems(&samples, &Filter { query_language: "JSONPath".into(), ..Filter::default() }), ["a"]);
        assert_eq!(
            stems(
                &samples,
                &Filter { service: "AWS Lambda".into(), feature: "Inline Map".into(), ..Filter::default() }
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn facets_list_every_value_once_in_order() {
        let f = facets(&read_index(INDEX).unwrap());
        assert_eq!(f.state_types, ["Pass", "Task", "Fail", "Map"]);
        assert_eq!(f.query_languages, ["JSONata", "JSONPath"]);
        assert_eq!(f.features, ["Catch", "Inline Map", "Saga"]);
    }

    #[test]
    fn a_bad_entry_names_its_field() {
        let e = read_index(r#"{"Samples": [{"Stem": "a", "Title": 3}]}"#).unwrap_err();
        assert_eq!(e, "index.json: Samples[0].Title must be a string");
        assert!(read_index("[]").unwrap_err().contains("Samples"));
    }

    #[test]
    fn state_types_are_found_in_branches_and_map_processors() {
        let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}]},
            "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail"}}}}}}"#;
        let machine = asl_core::parse(text).machine.unwrap();
        assert_eq!(state_types_used(&machine), ["Wait", "Fail", "Parallel", "Map"]);
    }
}
