//! Exit codes of both front ends (the headless commands, and the TUI when it quits with a cause:
//! `edit --input` on a file it cannot use, the setup screen), and the failure type that carries one.
//!
//! Scripts branch on these, so each cause has its own code and the codes never change meaning:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success (for `validate`: no errors; warnings alone do not fail); with `--exit-code`: no differences |
//! | 1 | with `--exit-code` (`diff`, `update --dry-run`): they differ / a change would be sent; otherwise anything else: declined at the confirmation prompt, output could not be written |
//! | 2 | usage: bad or missing flags (also what clap exits with), an input file that cannot be read; the terminal UI (no command, or `edit`) started without a terminal |
//! | 3 | invalid input: malformed JSON, unknown members, wrong types, rule violations, or an update that would change an immutable member; nothing was sent |
//! | 4 | the job ended FAILED (also `job` showing a FAILED job) |
//! | 5 | the service or the network: an error answer, no answer, no credentials or region |
//! | 6 | `--timeout` expired before the job finished (the job itself goes on) |
//! | 8 | `audit --fail-on`: findings at or above the given severity exist |

use std::fmt;

use crate::aws::ApiError;

pub const OK: i32 = 0;
pub const OTHER: i32 = 1;
/// `--exit-code`, like `git diff --exit-code`: the two sides differ (or a change would be sent).
pub const DIFFERENT: i32 = 1;
pub const USAGE: i32 = 2;
pub const INVALID_INPUT: i32 = 3;
pub const JOB_FAILED: i32 = 4;
pub const SERVICE: i32 = 5;
pub const TIMEOUT: i32 = 6;
/// `audit --fail-on warning|error` found something at or above that severity.
pub const FINDINGS: i32 = 8;

/// Why a command did not succeed: the exit code and the message for stderr. An empty message
/// means everything was already printed (findings, the failed job).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(USAGE, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Failure::new(INVALID_INPUT, message)
    }

    /// A failed AWS call; `what` says what the command was doing, the error adds the operation,
    /// the service's code and message and the request id.
    pub fn service(what: &str, err: &ApiError) -> Self {
        Failure::new(SERVICE, format!("{what}: {err}"))
    }

    /// Output could not be written (a full disk). A closed pipe (the reader stopped early, as
    /// `| head -1` does) ends the command quietly with exit 0: the reader has what it wanted.
    pub fn io(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::silent(OK);
        }
        Failure::new(OTHER, format!("could not write the output: {err}"))
    }

    /// Already reported; only the code is left to return.
    pub fn silent(code: i32) -> Self {
        Failure::new(code, "")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::io(e)
    }
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct() {
        let mut all = [
            OK,
            OTHER,
            USAGE,
            INVALID_INPUT,
            JOB_FAILED,
            SERVICE,
            TIMEOUT,
            FINDINGS,
        ];
        all.sort_unstable();
        let n = all.len();
        let mut dedup = all.to_vec();
        dedup.dedup();
        assert_eq!(dedup.len(), n);
    }
}
