//! The samples of the gallery: `public/samples/index.json` says what each is (title,
//! description, tags, example input); each has a definition, a MockConfig (`<stem>.mock.json`)
//! and a TESTS.json (`<stem>.tests.json`), the files `asl test` reads, opened through the same
//! import as any user's files. `build.rs` embeds the first sample's files (what a first visit
//! opens); the others are fetched from `samples/` the first time they are needed ([`load`]),
//! and the service worker keeps them for offline use.

use std::sync::{LazyLock, OnceLock};

use asl_edit::cases::TestCases;
use asl_edit::gallery::{read_index, SampleInfo};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// A sample, by its place in the index (the seeds first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SampleId(usize);

/// A sample's texts.
#[derive(Clone, Copy, Debug)]
pub struct Files {
    pub definition: &'static str,
    pub mock: &'static str,
    pub tests: &'static str,
}

pub struct Sample {
    pub id: SampleId,
    pub info: SampleInfo,
    /// Base name of the exported file (`<file_stem>.asl.json`).
    pub file_stem: &'static str,
    /// Embedded (the first sample) or fetched; set once.
    files: OnceLock<Files>,
}

impl Sample {
    /// The sample's texts, once they are here ([`load`]).
    pub fn files(&self) -> Option<Files> {
        self.files.get().copied()
    }
}

/// Every sample, in index order; never empty (`build.rs` refuses an empty index). An index the
/// app cannot read (a native test reads the shipped one) leaves the files under their stems.
pub static SAMPLES: LazyLock<Vec<Sample>> = LazyLock::new(|| {
    let infos = read_index(SAMPLE_INDEX).unwrap_or_else(|_| {
        SAMPLE_STEMS
            .iter()
            .map(|&stem| SampleInfo { stem: stem.into(), title: stem.into(), ..SampleInfo::default() })
            .collect()
    });
    infos
        .into_iter()
        .filter_map(|info| Some((SAMPLE_STEMS.iter().copied().find(|&stem| stem == info.stem)?, info)))
        .enumerate()
        .map(|(i, (file_stem, info))| {
            let files = OnceLock::new();
            if file_stem == SAMPLE_STEMS[0] {
                let _ = files.set(first_files());
            }
            Sample { id: SampleId(i), info, file_stem, files }
        })
        .collect()
});

/// The first sample: what a first visit opens.
pub const FIRST: SampleId = SampleId(0);

pub fn sample(id: SampleId) -> &'static Sample {
    SAMPLES.get(id.0).unwrap_or(&SAMPLES[0])
}

/// The first sample's texts, which are always here (embedded).
pub fn first_files() -> Files {
    let (definition, mock, tests) = FIRST_FILES;
    Files { definition, mock, tests }
}

/// The sample's texts: at once when they are here, else fetched from `samples/` (once per page:
/// they are kept for the rest of its life). The error says which file could not be read.
pub async fn load(id: SampleId) -> Result<Files, String> {
    let s = sample(id);
    if let Some(files) = s.files() {
        return Ok(files);
    }
    let definition = fetch_text(&format!("samples/{}.asl.json", s.file_stem)).await?;
    let mock = fetch_text(&format!("samples/{}.mock.json", s.file_stem)).await?;
    let tests = fetch_text(&format!("samples/{}.tests.json", s.file_stem)).await?;
    // Kept for the page's life, as the embedded ones are: a few KB per sample, at most once.
    let files = Files { definition: definition.leak(), mock: mock.leak(), tests: tests.leak() };
    Ok(*s.files.get_or_init(|| files))
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let fail = |why: String| format!("Could not load the sample file {url}: {why}");
    let window = web_sys::window().ok_or_else(|| fail("no window".into()))?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| fail(js_text(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| fail(js_text(&e)))?;
    if !response.ok() {
        return Err(fail(format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|e| fail(js_text(&e)))?;
    let text = JsFuture::from(text).await.map_err(|e| fail(js_text(&e)))?;
    text.as_string().ok_or_else(|| fail("not text".into()))
}

/// A JavaScript exception's message (a failed fetch is a `TypeError`).
fn js_text(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default()
}

/// The sample saved or shown under its file name (`manage-a-batch-job`).
pub fn by_stem(stem: &str) -> Option<SampleId> {
    SAMPLES.iter().find(|s| s.file_stem == stem).map(|s| s.id)
}

/// The sample's shipped test cases: its example input alone if its files are not here yet or
/// could not be read (which a native test rules out for the shipped ones).
pub fn sample_tests(id: SampleId) -> TestCases {
    let s = sample(id);
    let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    s.files()
        .and_then(|f| read(f.mock).zip(read(f.tests)))
        .and_then(|(mock, tests)| TestCases::from_files(Some(&mock), &tests).ok())
        .unwrap_or_else(|| TestCases::with_input(&s.info.input))
}

/// Base name of exported files: the sample's, else a generic one.
pub fn file_stem(id: Option<SampleId>) -> &'static str {
    id.map_or("state-machine", |id| sample(id).file_stem)
}
