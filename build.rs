//! Embeds the samples listed in `public/samples/index.json`: a table of `(stem, definition,
//! MockConfig, TESTS.json)` texts, so the gallery works offline and adding a sample is adding
//! files, never code. A listed file that is missing fails the build with its name.

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
    let mut out = String::from("/// `(stem, definition, MockConfig, TESTS.json)` of each sample, in index order.\n");
    out.push_str("pub static SAMPLE_FILES: &[(&str, &str, &str, &str)] = &[\n");
    for s in samples {
        let stem = s["Stem"].as_str().unwrap_or_else(|| panic!("{}: a sample without a Stem", index.display()));
        let file = |ext: &str| {
            let path = dir.join(format!("{stem}.{ext}"));
            println!("cargo:rerun-if-changed={}", path.display());
            assert!(path.is_file(), "{} is listed in index.json but {} is missing", stem, path.display());
            format!("include_str!({:?})", path.display().to_string())
        };
        let _ = writeln!(out, "    ({stem:?}, {}, {}, {}),", file("asl.json"), file("mock.json"), file("tests.json"));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("sample_files.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
