//! The sample projects of the menu, with their example inputs and outcome controls.

use asl_core::{Outcome, Scenario};
use serde_json::json;

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
}

pub const SAMPLES: [Sample; 2] = [
    Sample {
        id: SampleId::ManageBatchJob,
        title: "Manage a Batch Job (Batch, SNS)",
        file_stem: "manage-a-batch-job",
        definition: include_str!("../../public/samples/manage-a-batch-job.asl.json"),
        input: "{}",
    },
    Sample {
        id: SampleId::PollForJobStatus,
        title: "Poll for Job Status (Lambda, AWS Batch)",
        file_stem: "poll-for-job-status",
        definition: include_str!("../../public/samples/poll-for-job-status.asl.json"),
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

/// The outcome controls of the simulation panel, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcomes {
    /// Manage a Batch Job: whether the Batch job succeeds.
    pub batch_job_succeeds: bool,
    /// Poll for Job Status: how many times CheckJob reports RUNNING before the final status.
    pub running_reports: u32,
    /// Poll for Job Status: the final status, `true` for SUCCEEDED, `false` for FAILED.
    pub poll_final_succeeded: bool,
}

impl Default for Outcomes {
    fn default() -> Self {
        Outcomes { batch_job_succeeds: true, running_reports: 2, poll_final_succeeded: true }
    }
}

/// What the Task states answer in this sample under these controls.
pub fn scenario(id: SampleId, outcomes: &Outcomes) -> Scenario {
    match id {
        SampleId::ManageBatchJob if outcomes.batch_job_succeeds => Scenario::new(),
        SampleId::ManageBatchJob => {
            Scenario::new().then("Submit Batch Job", Outcome::Throw { error: "States.TaskFailed".into(), cause: None })
        }
        SampleId::PollForJobStatus => {
            let status = if outcomes.poll_final_succeeded { "SUCCEEDED" } else { "FAILED" };
            let mut s = Scenario::new().then("Submit Job", Outcome::Return(json!("4f6e8a2c-job")));
            for _ in 0..outcomes.running_reports {
                s = s.then("Get Job Status", Outcome::Return(json!("RUNNING")));
            }
            s.then("Get Job Status", Outcome::Return(json!(status)))
                .then("Get Final Job Status", Outcome::Return(json!(status)))
        }
    }
}
