//! Backend jobs: what Create/Update/Delete/Import start, and what GetBackendJob and
//! ListBackendJobs report. The service has no waiter, so callers poll these.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::error::sanitize_text;

/// A job's state. The API documents no status list; COMPLETED and FAILED are the final ones seen
/// in practice, so anything else (RUNNING, an unknown word, nothing at all) counts as running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Running,
    Completed,
    Failed,
    /// A status this build does not know (or an empty one), kept verbatim; still running.
    Other(String),
}

impl JobStatus {
    pub fn parse(s: &str) -> JobStatus {
        match s {
            "RUNNING" => JobStatus::Running,
            "COMPLETED" => JobStatus::Completed,
            "FAILED" => JobStatus::Failed,
            other => JobStatus::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Running => "RUNNING",
            JobStatus::Completed => "COMPLETED",
            JobStatus::Failed => "FAILED",
            JobStatus::Other(s) => s,
        }
    }

    /// Whether polling can stop.
    pub fn is_finished(&self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Failed)
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a mutating call returns: the job it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    pub app_id: String,
    pub env: String,
    /// Missing only if the service left it out; then the job can only be found by listing.
    pub job_id: Option<String>,
    pub operation: Option<String>,
    pub status: JobStatus,
    pub error: Option<String>,
}

/// A job as GetBackendJob and ListBackendJobs report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub app_id: String,
    pub env: String,
    pub job_id: String,
    pub operation: Option<String>,
    pub status: JobStatus,
    pub error: Option<String>,
    pub create_time: Option<SystemTime>,
    pub update_time: Option<SystemTime>,
}

/// Filters for ListBackendJobs; `None` matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobFilter {
    pub job_id: Option<String>,
    pub operation: Option<String>,
    pub status: Option<String>,
}

/// Optional service text, sanitised, with empty values treated as absent.
/// An identifier from the service (an app id, an environment, a resource or job name), exactly
/// as sent: commands must use the exact name, so it is never rewritten; what shows it escapes it
/// (`term_text`). Empty counts as absent.
pub(crate) fn exact(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

pub(crate) fn clean(s: Option<&str>) -> Option<String> {
    s.map(sanitize_text).filter(|s| !s.trim().is_empty())
}

pub(crate) fn status_of(s: Option<&str>) -> JobStatus {
    JobStatus::parse(&sanitize_text(s.unwrap_or_default()))
}

/// The service sends times as strings of epoch milliseconds (`"1610499932490"`). Plain epoch
/// seconds and RFC 3339 dates are accepted too, so a different server does not lose them.
pub fn parse_job_time(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(n) = s.parse::<u64>() {
        // Below 10^11 a value is seconds (that many ms would be early 1973).
        let d = if n < 100_000_000_000 {
            Duration::from_secs(n)
        } else {
            Duration::from_millis(n)
        };
        return UNIX_EPOCH.checked_add(d);
    }
    if let Ok(f) = s.parse::<f64>()
        && f.is_finite()
        && f >= 0.0
    {
        let secs = if f < 1e11 { f } else { f / 1000.0 };
        return UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?);
    }
    let dt = aws_smithy_types::DateTime::from_str(s, aws_smithy_types::date_time::Format::DateTime)
        .ok()?;
    SystemTime::try_from(dt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_completed_and_failed_are_final() {
        assert!(JobStatus::parse("COMPLETED").is_finished());
        assert!(JobStatus::parse("FAILED").is_finished());
        assert!(!JobStatus::parse("RUNNING").is_finished());
        let odd = JobStatus::parse("IN_REVIEW");
        assert_eq!(odd, JobStatus::Other("IN_REVIEW".into()));
        assert!(!odd.is_finished());
        assert_eq!(odd.as_str(), "IN_REVIEW");
        assert!(!status_of(None).is_finished());
    }

    #[test]
    fn job_times_parse_from_epoch_millis() {
        let t = parse_job_time("1610499932490").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_610_499_932_490)
        );
        let secs = parse_job_time("1610499932").unwrap();
        assert_eq!(
            secs.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_610_499_932
        );
        let iso = parse_job_time("2021-01-13T01:05:32Z").unwrap();
        assert_eq!(
            iso.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_610_499_932
        );
        assert_eq!(parse_job_time(""), None);
        assert_eq!(parse_job_time("soon"), None);
    }
}
