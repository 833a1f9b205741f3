//! The samples of the gallery: `public/samples/index.json` says what each is (title,
//! description, tags, example input) and `build.rs` embeds its files: the definition, a
//! MockConfig (`<stem>.mock.json`) and a TESTS.json (`<stem>.tests.json`), the files `asl test`
//! reads, opened through the same import as any user's files.

use std::sync::LazyLock;

use asl_edit::cases::TestCases;
use asl_edit::gallery::{read_index, SampleInfo};

include!(concat!(env!("OUT_DIR"), "/sample_files.rs"));

/// A sample, by its place in the index (the seeds first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SampleId(usize);

pub struct Sample {
    pub id: SampleId,
    pub info: SampleInfo,
    /// Base name of the exported file (`<file_stem>.asl.json`).
    pub file_stem: &'static str,
    pub definition: &'static str,
    pub mock: &'static str,
    pub tests: &'static str,
}

/// Every sample, in index order; never empty (`build.rs` refuses an empty index). An index the
/// app cannot read (a native test reads the shipped one) leaves the files under their stems.
pub static SAMPLES: LazyLock<Vec<Sample>> = LazyLock::new(|| {
    let infos = read_index(SAMPLE_INDEX).unwrap_or_else(|_| {
        SAMPLE_FILES
            .iter()
            .map(|f| SampleInfo { stem: f.0.into(), title: f.0.into(), ..SampleInfo::default() })
            .collect()
    });
    infos
        .into_iter()
        .filter_map(|info| {
            let &(stem, definition, mock, tests) = SAMPLE_FILES.iter().find(|f| f.0 == info.stem)?;
            Some((info, stem, definition, mock, tests))
        })
        .enumerate()
        .map(|(i, (info, file_stem, definition, mock, tests))| Sample {
            id: SampleId(i),
            info,
            file_stem,
            definition,
            mock,
            tests,
        })
        .collect()
});

/// The first sample: what a first visit opens.
pub const FIRST: SampleId = SampleId(0);

pub fn sample(id: SampleId) -> &'static Sample {
    SAMPLES.get(id.0).unwrap_or(&SAMPLES[0])
}

/// The sample saved or shown under its file name (`manage-a-batch-job`).
pub fn by_stem(stem: &str) -> Option<SampleId> {
    SAMPLES.iter().find(|s| s.file_stem == stem).map(|s| s.id)
}

/// The sample's shipped test cases (its example input alone if they could not be read, which a
/// native test rules out).
pub fn sample_tests(id: SampleId) -> TestCases {
    let s = sample(id);
    let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    read(s.mock)
        .zip(read(s.tests))
        .and_then(|(mock, tests)| TestCases::from_files(Some(&mock), &tests).ok())
        .unwrap_or_else(|| TestCases::with_input(&s.info.input))
}

/// Base name of exported files: the sample's, else a generic one.
pub fn file_stem(id: Option<SampleId>) -> &'static str {
    id.map_or("state-machine", |id| sample(id).file_stem)
}
