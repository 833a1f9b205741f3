//! The saved documents (the "Documents" menu) as plain data: an index of documents and one
//! record per document, each stored as JSON under its own localStorage key by the app.

use serde_json::{json, Value};

use crate::undo::Selection;

/// localStorage key of the index.
pub const INDEX_KEY: &str = "asl-studio/documents";

/// localStorage key of one document's record.
pub fn doc_key(id: &str) -> String {
    format!("asl-studio/document/{id}")
}

#[derive(Clone, Debug, PartialEq)]
pub struct DocMeta {
    pub id: String,
    pub name: String,
    /// Milliseconds since the epoch of the last save.
    pub updated: f64,
}

/// What is saved of one document: its text, where the cursor was, which sample it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedDoc {
    pub text: String,
    pub selection: Selection,
    /// `file_stem` of the sample the document was opened from (empty for others).
    pub sample: String,
    /// The document's test cases ([`crate::cases::TestCases::to_json`]); `Null` in records saved
    /// before test cases existed.
    pub tests: Value,
    /// The last text that could be drawn, kept while `text` cannot: a reload then shows the
    /// diagram it had, marked stale, beside the text as it was left.
    pub valid_text: Option<String>,
    /// The template the definition was opened from (the app's `TemplateSource` as JSON), `Null`
    /// for a plain definition.
    pub template: Value,
    /// The text is YAML (an `.asl.yaml` definition kept as YAML); records without the field are JSON.
    pub yaml: bool,
    /// The state machine is an Express workflow (`"type": "EXPRESS"`); records without it are Standard.
    pub express: bool,
}

impl SavedDoc {
    pub fn to_json(&self) -> String {
        let mut v = json!({
            "text": self.text,
            "selection": [self.selection.start, self.selection.end],
            "sample": self.sample,
            "tests": self.tests,
        });
        if let Some(valid) = &self.valid_text {
            v["validText"] = json!(valid);
        }
        if !self.template.is_null() {
            v["template"] = self.template.clone();
        }
        if self.yaml {
            v["syntax"] = json!("yaml");
        }
        if self.express {
            v["type"] = json!("EXPRESS");
        }
        v.to_string()
    }

    /// `None` for anything unreadable (an old or damaged record).
    pub fn from_json(s: &str) -> Option<SavedDoc> {
        let v: Value = serde_json::from_str(s).ok()?;
        let text = v.get("text")?.as_str()?.to_string();
        let sel = v.get("selection").and_then(Value::as_array);
        let at = |i: usize| sel.and_then(|s| s.get(i)).and_then(Value::as_u64).unwrap_or(0) as usize;
        // On a character boundary too: a damaged record must not make slicing the text panic.
        let (start, end) = (text.floor_char_boundary(at(0)), text.floor_char_boundary(at(1)));
        let sample = v.get("sample").and_then(Value::as_str).unwrap_or_default().to_string();
        let tests = v.get("tests").cloned().unwrap_or(Value::Null);
        let valid_text = v.get("validText").and_then(Value::as_str).map(str::to_string);
        let template = v.get("template").cloned().unwrap_or(Value::Null);
        let yaml = v.get("syntax").and_then(Value::as_str) == Some("yaml");
        let express = v.get("type").and_then(Value::as_str) == Some("EXPRESS");
        Some(SavedDoc {
            text,
            selection: Selection { start: start.min(end), end },
            sample,
            tests,
            valid_text,
            template,
            yaml,
            express,
        })
    }
}

/// The index of saved documents, most recently created last.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub current: Option<String>,
    pub docs: Vec<DocMeta>,
    next_id: u64,
}

impl Library {
    /// Lenient: a missing or damaged index is an empty library (documents are never deleted
    /// because of it; their records stay in storage).
    pub fn from_json(s: &str) -> Library {
        let Ok(v) = serde_json::from_str::<Value>(s) else { return Library::default() };
        let docs: Vec<DocMeta> = v
            .get("docs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| {
                Some(DocMeta {
                    id: d.get("id")?.as_str()?.to_string(),
                    name: d.get("name")?.as_str()?.to_string(),
                    updated: d.get("updated").and_then(Value::as_f64).unwrap_or(0.0),
                })
            })
            .collect();
        let current =
            v.get("current").and_then(Value::as_str).map(str::to_string).filter(|c| docs.iter().any(|d| &d.id == c));
        let next_id = v.get("next").and_then(Value::as_u64).unwrap_or(docs.len() as u64 + 1);
        Library { current, docs, next_id }
    }

    pub fn to_json(&self) -> String {
        let docs: Vec<Value> =
            self.docs.iter().map(|d| json!({"id": d.id, "name": d.name, "updated": d.updated})).collect();
        json!({"current": self.current, "docs": docs, "next": self.next_id}).to_string()
    }

    /// Adds a document named `name` (made unique) and makes it current; returns its id.
    /// `stored` says whether a record already exists under an id: after a damaged index, the
    /// records it lost are still in storage and must not be overwritten.
    pub fn create(&mut self, name: &str, now: f64, stored: impl Fn(&str) -> bool) -> String {
        self.next_id += 1;
        let mut id = format!("d{}", self.next_id);
        while self.get(&id).is_some() || stored(&id) {
            self.next_id += 1;
            id = format!("d{}", self.next_id);
        }
        let name = self.unique_name(name, None);
        self.docs.push(DocMeta { id: id.clone(), name, updated: now });
        self.current = Some(id.clone());
        id
    }

    fn unique_name(&self, name: &str, except: Option<&str>) -> String {
        let base = if name.trim().is_empty() { "Untitled" } else { name.trim() };
        let taken = |n: &str| self.docs.iter().any(|d| d.name == n && Some(d.id.as_str()) != except);
        let mut candidate = base.to_string();
        let mut i = 2;
        while taken(&candidate) {
            candidate = format!("{base} ({i})");
            i += 1;
        }
        candidate
    }

    pub fn get(&self, id: &str) -> Option<&DocMeta> {
        self.docs.iter().find(|d| d.id == id)
    }

    pub fn touch(&mut self, id: &str, now: f64) {
        if let Some(d) = self.docs.iter_mut().find(|d| d.id == id) {
            d.updated = now;
        }
    }

    /// Renames (made unique among the others); returns the name given.
    pub fn rename(&mut self, id: &str, name: &str) -> Option<String> {
        let name = self.unique_name(name, Some(id));
        let d = self.docs.iter_mut().find(|d| d.id == id)?;
        d.name = name.clone();
        Some(name)
    }

    /// Removes a document from the index; the current one moves to the newest remaining.
    /// Returns where it was and what it was, for [`Library::restore`].
    pub fn remove(&mut self, id: &str) -> Option<(usize, DocMeta)> {
        let at = self.docs.iter().position(|d| d.id == id)?;
        let meta = self.docs.remove(at);
        if self.current.as_deref() == Some(id) {
            self.current = self.docs.last().map(|d| d.id.clone());
        }
        Some((at, meta))
    }

    /// Puts a removed document back where it was (undoing [`Library::remove`]); its name is made
    /// unique again in case another took it meanwhile.
    pub fn restore(&mut self, at: usize, mut meta: DocMeta) {
        if self.get(&meta.id).is_some() {
            return;
        }
        meta.name = self.unique_name(&meta.name, None);
        self.docs.insert(at.min(self.docs.len()), meta);
    }

    /// The index another tab wrote, taken in without losing what this tab has open: its current
    /// document stays current, listed again if the other tab removed it.
    pub fn merged_from(&self, stored: &str) -> Library {
        let mut other = Library::from_json(stored);
        if let Some(mine) = self.current.as_deref().and_then(|id| self.get(id)) {
            if other.get(&mine.id).is_none() {
                other.docs.push(mine.clone());
            }
        }
        other.current = self.current.clone();
        other.next_id = other.next_id.max(self.next_id);
        other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_rename_remove_and_round_trip() {
        let mut lib = Library::default();
        let a = lib.create("Poll", 1.0, |_| false);
        let b = lib.create("Poll", 2.0, |_| false);
        assert_ne!(a, b);
        assert_eq!(lib.get(&b).unwrap().name, "Poll (2)");
        assert_eq!(lib.current.as_deref(), Some(b.as_str()));
        assert_eq!(lib.rename(&a, "Mine").as_deref(), Some("Mine"));
        assert_eq!(lib.rename(&b, "Mine").as_deref(), Some("Mine (2)"));
        let back = Library::from_json(&lib.to_json());
        assert_eq!(back, lib);
        let before = lib.clone();
        let (at, meta) = lib.remove(&b).unwrap();
        assert_eq!(lib.current.as_deref(), Some(a.as_str()));
        assert!(lib.remove(&b).is_none());
        lib.restore(at, meta);
        assert_eq!(lib.docs, before.docs, "restored where it was");
        lib.remove(&b);
        let c = lib.create("x", 3.0, |_| false);
        assert!(c != a && c != b);
        assert_eq!(Library::from_json("garbage"), Library::default());
        // A damaged index starts over, but not on top of the records still stored.
        let mut fresh = Library::from_json("garbage");
        assert_eq!(fresh.create("y", 4.0, |id| id == "d1" || id == "d2"), "d3");
    }

    #[test]
    fn another_tabs_index_is_merged_keeping_what_is_open_here() {
        let mut mine = Library::default();
        let a = mine.create("A", 1.0, |_| false);
        let b = mine.create("B", 2.0, |_| false);
        let mut theirs = mine.clone();
        theirs.remove(&b);
        theirs.current = Some(a.clone());
        let c = theirs.create("C", 3.0, |_| false);
        let merged = mine.merged_from(&theirs.to_json());
        assert_eq!(merged.current.as_deref(), Some(b.as_str()), "what is open here stays current");
        let ids: Vec<&str> = merged.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, [a.as_str(), c.as_str(), b.as_str()], "their new one listed, mine kept");
    }

    #[test]
    fn saved_doc_round_trips_and_clamps_the_selection() {
        let doc = SavedDoc {
            text: "abc".into(),
            selection: Selection { start: 1, end: 2 },
            sample: "s".into(),
            tests: json!({"cases": []}),
            valid_text: None,
            template: Value::Null,
            yaml: false,
            express: false,
        };
        assert_eq!(SavedDoc::from_json(&doc.to_json()), Some(doc.clone()));
        let express = SavedDoc { express: true, ..doc.clone() };
        assert_eq!(SavedDoc::from_json(&express.to_json()), Some(express));
        let yaml = SavedDoc { yaml: true, text: "StartAt: A".into(), ..doc.clone() };
        assert_eq!(SavedDoc::from_json(&yaml.to_json()), Some(yaml));
        assert!(!doc.to_json().contains("syntax"));
        assert!(!doc.to_json().contains("validText"));
        let broken = SavedDoc { text: "{ }".into(), valid_text: Some("{}".into()), ..doc };
        assert_eq!(SavedDoc::from_json(&broken.to_json()), Some(broken));
        let odd = SavedDoc::from_json(r#"{"text": "ab", "selection": [9, 9]}"#).unwrap();
        assert_eq!(odd.selection, Selection { start: 2, end: 2 });
        let inside = SavedDoc::from_json(r#"{"text": "é", "selection": [1, 1]}"#).unwrap();
        assert_eq!(inside.selection, Selection { start: 0, end: 0 });
        assert_eq!(SavedDoc::from_json("{}"), None);
    }
}
