//! Embeds the samples listed in `public/samples/index.json`: a table of `(stem, definition,
//! MockConfig, TESTS.json)` texts, so the gallery works offline and adding a sample is adding
//! files, never code. A listed file that is missing fails the build with its name.
//!
//! The definitions are embedded byte for byte (the editor shows them as the files are); the index,
//! MockConfigs and TESTS.json files are only read as values, so they are embedded minified (same
//! values, same key order), which keeps ~2 KB (gzipped) of white space out of the wasm.

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
    out.push_str("/// `(stem, definition, MockConfig, TESTS.json)` of each sample, in index order.\n");
    out.push_str("pub static SAMPLE_FILES: &[(&str, &str, &str, &str)] = &[\n");
    for s in samples {
        let stem = s["Stem"].as_str().unwrap_or_else(|| panic!("{}: a sample without a Stem", index.display()));
        let file = |ext: &str| {
            let path = dir.join(format!("{stem}.{ext}"));
            println!("cargo:rerun-if-changed={}", path.display());
            assert!(path.is_file(), "{} is listed in index.json but {} is missing", stem, path.display());
            path
        };
        let verbatim = format!("include_str!({:?})", file("asl.json").display().to_string());
        let (mock, tests) = (minified(&file("mock.json")), minified(&file("tests.json")));
        let _ = writeln!(out, "    ({stem:?}, {verbatim}, {mock}, {tests}),");
    }
    out.push_str("];\n");
    let dest = out_dir.join("sample_files.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
