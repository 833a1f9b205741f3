//! AWS's execution history event types as one enum. The interpreter records them, replay,
//! verdicts and the UI match on the enum (never on parts of the name), and [`EventType::as_str`]
//! gives AWS's name (`TaskStateEntered`) for the history, its JSON and the `data-type` attribute.

use crate::model::StateKind;

macro_rules! event_types {
    ($($name:ident),* $(,)?) => {
        /// One of AWS's history event types (`HistoryEventType` in the API): those the simulator
        /// records and those a recorded history may hold.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum EventType {
            $($name),*
        }

        impl EventType {
            /// Every type, in declaration order.
            pub const ALL: &'static [EventType] = &[$(EventType::$name),*];

            /// AWS's name of the type, as `GetExecutionHistory` writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EventType::$name => stringify!($name)),*
                }
            }
        }
    };
}

event_types! {
    ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut, ExecutionAborted, ExecutionRedriven,
    PassStateEntered, PassStateExited,
    TaskStateEntered, TaskStateExited, TaskStateAborted,
    ChoiceStateEntered, ChoiceStateExited,
    WaitStateEntered, WaitStateExited, WaitStateAborted,
    SucceedStateEntered, SucceedStateExited,
    FailStateEntered, FailStateExited,
    ParallelStateEntered, ParallelStateExited, ParallelStateStarted, ParallelStateSucceeded, ParallelStateFailed,
    ParallelStateAborted,
    MapStateEntered, MapStateExited, MapStateStarted, MapStateSucceeded, MapStateFailed, MapStateAborted,
    MapIterationStarted, MapIterationSucceeded, MapIterationFailed, MapIterationAborted,
    MapRunStarted, MapRunSucceeded, MapRunFailed, MapRunAborted, MapRunRedriven,
    TaskScheduled, TaskStarted, TaskStartFailed, TaskSubmitted, TaskSubmitFailed, TaskSucceeded, TaskFailed,
    TaskTimedOut,
    LambdaFunctionScheduled, LambdaFunctionScheduleFailed, LambdaFunctionStarted, LambdaFunctionStartFailed,
    LambdaFunctionSucceeded, LambdaFunctionFailed, LambdaFunctionTimedOut,
    ActivityScheduled, ActivityScheduleFailed, ActivityStarted, ActivitySucceeded, ActivityFailed, ActivityTimedOut,
    EvaluationFailed,
}

impl EventType {
    /// The type named `name` by AWS, if this simulator knows it.
    pub fn parse(name: &str) -> Option<EventType> {
        EventType::ALL.iter().copied().find(|t| t.as_str() == name)
    }

    /// `<Type>StateEntered` for a state of `kind`. A state of an unknown `Type` never runs (the
    /// validator refuses it); its entry is recorded as a Pass state's so the history stays whole.
    pub fn state_entered(kind: &StateKind) -> EventType {
        use EventType::*;
        match kind {
            StateKind::Task(_) => TaskStateEntered,
            StateKind::Choice(_) => ChoiceStateEntered,
            StateKind::Wait(_) => WaitStateEntered,
            StateKind::Succeed => SucceedStateEntered,
            StateKind::Fail(_) => FailStateEntered,
            StateKind::Parallel(_) => ParallelStateEntered,
            StateKind::Map(_) => MapStateEntered,
            StateKind::Pass | StateKind::Unknown(_) => PassStateEntered,
        }
    }

    /// `<Type>StateExited` for a state of `kind` (see [`EventType::state_entered`]).
    pub fn state_exited(kind: &StateKind) -> EventType {
        use EventType::*;
        match kind {
            StateKind::Task(_) => TaskStateExited,
            StateKind::Choice(_) => ChoiceStateExited,
            StateKind::Wait(_) => WaitStateExited,
            StateKind::Succeed => SucceedStateExited,
            StateKind::Fail(_) => FailStateExited,
            StateKind::Parallel(_) => ParallelStateExited,
            StateKind::Map(_) => MapStateExited,
            StateKind::Pass | StateKind::Unknown(_) => PassStateExited,
        }
    }

    /// `MapStateFailed` / `ParallelStateFailed`: the event a container records when it fails.
    pub fn container_failed(kind: &StateKind) -> Option<EventType> {
        match kind {
            StateKind::Parallel(_) => Some(EventType::ParallelStateFailed),
            StateKind::Map(_) => Some(EventType::MapStateFailed),
            _ => None,
        }
    }

    pub fn is_state_entered(self) -> bool {
        use EventType::*;
        matches!(
            self,
            PassStateEntered
                | TaskStateEntered
                | ChoiceStateEntered
                | WaitStateEntered
                | SucceedStateEntered
                | FailStateEntered
                | ParallelStateEntered
                | MapStateEntered
        )
    }

    pub fn is_state_exited(self) -> bool {
        use EventType::*;
        matches!(
            self,
            PassStateExited
                | TaskStateExited
                | ChoiceStateExited
                | WaitStateExited
                | SucceedStateExited
                | FailStateExited
                | ParallelStateExited
                | MapStateExited
        )
    }

    /// A service call is scheduled: each attempt of a Task (a Retry's too) starts with one.
    pub fn is_scheduled(self) -> bool {
        matches!(self, EventType::TaskScheduled | EventType::LambdaFunctionScheduled | EventType::ActivityScheduled)
    }

    /// Something failed or timed out: a service call, an iteration, a container, an evaluation,
    /// the execution.
    pub fn is_failure(self) -> bool {
        use EventType::*;
        matches!(
            self,
            ExecutionFailed
                | ExecutionTimedOut
                | ParallelStateFailed
                | MapStateFailed
                | MapIterationFailed
                | MapRunFailed
                | TaskFailed
                | TaskStartFailed
                | TaskSubmitFailed
                | TaskTimedOut
                | LambdaFunctionFailed
                | LambdaFunctionScheduleFailed
                | LambdaFunctionStartFailed
                | LambdaFunctionTimedOut
                | ActivityFailed
                | ActivityScheduleFailed
                | ActivityTimedOut
                | EvaluationFailed
        )
    }

    /// About the execution as a whole (`ExecutionStarted`, ..., `ExecutionRedriven`), not a state.
    pub fn is_execution(self) -> bool {
        use EventType::*;
        matches!(
            self,
            ExecutionStarted
                | ExecutionSucceeded
                | ExecutionFailed
                | ExecutionTimedOut
                | ExecutionAborted
                | ExecutionRedriven
        )
    }

    /// The execution ended: succeeded, or not.
    pub fn ends_execution(self) -> bool {
        self == EventType::ExecutionSucceeded || self.ends_execution_unsuccessfully()
    }

    /// The execution ended without succeeding.
    pub fn ends_execution_unsuccessfully(self) -> bool {
        matches!(self, EventType::ExecutionFailed | EventType::ExecutionTimedOut | EventType::ExecutionAborted)
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that `{:<28}` lines up the CLI's history as it did with strings.
        f.pad(self.as_str())
    }
}

/// Who a Task's service events are about: AWS names them `Task…` for integrations,
/// `LambdaFunction…` for a Lambda ARN as the Resource, `Activity…` for an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Task,
    LambdaFunction,
    Activity,
}

impl Caller {
    pub fn scheduled(self) -> EventType {
        match self {
            Caller::Task => EventType::TaskScheduled,
            Caller::LambdaFunction => EventType::LambdaFunctionScheduled,
            Caller::Activity => EventType::ActivityScheduled,
        }
    }

    pub fn started(self) -> EventType {
        match self {
            Caller::Task => EventType::TaskStarted,
            Caller::LambdaFunction => EventType::LambdaFunctionStarted,
            Caller::Activity => EventType::ActivityStarted,
        }
    }

    pub fn succeeded(self) -> EventType {
        match self {
            Caller::Task => EventType::TaskSucceeded,
            Caller::LambdaFunction => EventType::LambdaFunctionSucceeded,
            Caller::Activity => EventType::ActivitySucceeded,
        }
    }

    pub fn failed(self) -> EventType {
        match self {
            Caller::Task => EventType::TaskFailed,
            Caller::LambdaFunction => EventType::LambdaFunctionFailed,
            Caller::Activity => EventType::ActivityFailed,
        }
    }

    pub fn timed_out(self) -> EventType {
        match self {
            Caller::Task => EventType::TaskTimedOut,
            Caller::LambdaFunction => EventType::LambdaFunctionTimedOut,
            Caller::Activity => EventType::ActivityTimedOut,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        let mut names = std::collections::BTreeSet::new();
        for &t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            assert!(names.insert(t.as_str()), "{t} twice");
        }
        assert_eq!(EventType::parse("TaskStateEntered"), Some(EventType::TaskStateEntered));
        assert_eq!(EventType::parse("StateEntered"), None);
        assert_eq!(format!("[{:<18}]", EventType::TaskStarted), "[TaskStarted       ]");
    }

    #[test]
    fn predicates_agree_with_aws_names() {
        // The names carry the meaning AWS gives them; the predicates are written out, so check
        // the two against each other once, here.
        for &t in EventType::ALL {
            let name = t.as_str();
            assert_eq!(t.is_state_entered(), name.ends_with("StateEntered"), "{name}");
            assert_eq!(t.is_state_exited(), name.ends_with("StateExited"), "{name}");
            assert_eq!(t.is_scheduled(), name.ends_with("Scheduled"), "{name}");
            assert_eq!(t.is_failure(), name.ends_with("Failed") || name.ends_with("TimedOut"), "{name}");
            assert_eq!(t.is_execution(), name.starts_with("Execution"), "{name}");
        }
    }

    #[test]
    fn callers_name_their_events() {
        for caller in [Caller::Task, Caller::LambdaFunction, Caller::Activity] {
            let prefix = format!("{caller:?}");
            for (t, happened) in [
                (caller.scheduled(), "Scheduled"),
                (caller.started(), "Started"),
                (caller.succeeded(), "Succeeded"),
                (caller.failed(), "Failed"),
                (caller.timed_out(), "TimedOut"),
            ] {
                assert_eq!(t.as_str(), format!("{prefix}{happened}"));
            }
        }
    }
}
