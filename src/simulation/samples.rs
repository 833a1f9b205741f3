//! The sample projects of the menu. Each ships beside its definition its test cases as data: a
//! MockConfig (`<stem>.mock.json`) and a TESTS.json (`<stem>.tests.json`), the files `asl test`
//! reads, opened through the same import as any user's files.

use asl_edit::cases::TestCases;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleId {
    ManageBatchJob,
    PollForJobStatus,
}

pub struct Sample {
    pub id: SampleId,
    pub title: &'static str,
    /// Base name of the exported file (`<file_stem>.asl.json`).
    pub file_stem: &'static str,
    pub definition: &'static str,
    pub input: &'static str,
    pub mock: &'static str,
    pub tests: &'static str,
}

pub const SAMPLES: [Sample; 2] = [
    Sample {
        id: SampleId::ManageBatchJob,
        title: "Manage a Batch Job (Batch, SNS)",
        file_stem: "manage-a-batch-job",
        definition: include_str!("../../public/samples/manage-a-batch-job.asl.json"),
        mock: include_str!("../../public/samples/manage-a-batch-job.mock.json"),
        tests: include_str!("../../public/samples/manage-a-batch-job.tests.json"),
        input: "{}",
    },
    Sample {
        id: SampleId::PollForJobStatus,
        title: "Poll for Job Status (Lambda, AWS Batch)",
        file_stem: "poll-for-job-status",
        definition: include_str!("../../public/samples/poll-for-job-status.asl.json"),
        mock: include_str!("../../public/samples/poll-for-job-status.mock.json"),
        tests: include_str!("../../public/samples/poll-for-job-status.tests.json"),
        input: r#"{
  "jobName": "my-job",
  "jobDefinition": "arn:aws:batch:us-east-2:123456789012:job-definition/SampleJobDefinition-343f54b445d5312:1",
  "jobQueue": "arn:aws:batch:us-east-2:123456789012:job-queue/SampleJobQueue-4d9d696031e1449",
  "wait_time": 60
}"#,
    },
];

pub fn sample(id: SampleId) -> &'static Sample {
    SAMPLES.iter().find(|s| s.id == id).unwrap_or(&SAMPLES[0])
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
        .unwrap_or_else(|| TestCases::with_input(s.input))
}

/// Base name of exported files: the sample's, else a generic one.
pub fn file_stem(id: Option<SampleId>) -> &'static str {
    id.map_or("state-machine", |id| sample(id).file_stem)
}
