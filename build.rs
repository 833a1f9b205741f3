//! Embeds `public/samples/index.json` and the first sample's files (what a first visit opens):
//! its definition, MockConfig and TESTS.json. The other samples are fetched from `samples/`
//! when picked (the service worker keeps them for offline use), which keeps ~24 KiB (gzipped)
//! out of the wasm. Adding a sample is adding files, never code; a listed file that is missing
//! fails the build with its name.
//!
//! The definition is embedded byte for byte (the editor shows it as the file is); the index,
//! MockConfig and TESTS.json are only read as values, so they are embedded minified (same
//! values, same key order).

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/samples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let index = dir.join("index.json");
    let text = std::fs::read_to_string(&index).unwrap_or_else(|e| panic!("{}: {e}", index.display()));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", index.display()));
    let samples = v["Samples"].as_array().unwrap_or_else(|| panic!("{}: no \"Samples\" array", index.display()));
    assert!(!samples.is_empty(), "{}: the gallery needs at least one sample", index.display());
    let out_dir = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    // The same value without white space, in the same key order (serde_json's preserve_order).
    let minified = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().expect("a file name");
        let dest = out_dir.join(name);
        std::fs::write(&dest, value.to_string()).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        format!("include_str!({:?})", dest.display().to_string())
    };
    let mut out =
        format!("/// `public/samples/index.json`, minified.\npub static SAMPLE_INDEX: &str = {};\n", minified(&index));
    out.push_str("/// The stem of each sample, in index order.\npub static SAMPLE_STEMS: &[&str] = &[\n");
    let mut first = None;
    for s in samples {
        let stem = s["Stem"].as_str().unwrap_or_else(|| panic!("{}: a sample without a Stem", index.display()));
        let file = |ext: &str| {
            let path = dir.join(format!("{stem}.{ext}"));
            println!("cargo:rerun-if-changed={}", path.display());
            assert!(path.is_file(), "{} is listed in index.json but {} is missing", stem, path.display());
            path
        };
        let files = [file("asl.json"), file("mock.json"), file("tests.json")];
        first.get_or_insert(files);
        let _ = writeln!(out, "    {stem:?},");
    }
    out.push_str("];\n");
    let [definition, mock, tests] = first.expect("a first sample");
    let _ = writeln!(
        out,
        "/// `(definition, MockConfig, TESTS.json)` of the first sample.\npub static FIRST_FILES: (&str, &str, &str) = (include_str!({:?}), {}, {});",
        definition.display().to_string(),
        minified(&mock),
        minified(&tests)
    );
    let dest = out_dir.join("sample_files.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
