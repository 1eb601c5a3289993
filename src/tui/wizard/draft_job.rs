//! A draft that was submitted, checked against its job at the next start (issue 24): a kill -9
//! after the request went out leaves the draft on disk with the submit it went out as
//! ([`SubmittedAs`], written before sending); this decides what becomes of it.
//!
//! - The job COMPLETED: the draft is retired, and one line says which job applied it and when.
//! - The job FAILED: the draft is offered with the job's failure, decoded.
//! - The job is still running: the draft is offered, saying it is being applied.
//! - No job can be told (the answer never came, the service cannot be read, no job matches): the
//!   draft is offered as before, with a word saying why it could not be checked. Never retired on
//!   a guess.
//!
//! Without the job id (the kill came before the answer), the job is looked for among the
//! environment's jobs: the same operation, created at or after the submit (less a minute of
//! clock skew). Several such jobs: the oldest is taken, the one the submit most likely started.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::aws::{Clients, Job, JobFilter, JobStatus};
use crate::domain::failure::{FailureContext, decode_failure};

use super::draft_file::{Found, SubmittedAs};

/// How long the whole check may take before the drafts are offered unchecked.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);

/// What the check found.
#[derive(Clone, Debug, PartialEq)]
pub enum JobCheck {
    Completed(Job),
    Failed(Job),
    Running(Job),
    Unknown(String),
}

/// Finds the job a submit became.
pub async fn check(c: &Clients, s: &SubmittedAs) -> JobCheck {
    let job = match &s.job_id {
        Some(id) => c.get_job(&s.app_id, &s.env, id).await.map(Some),
        None => {
            let filter = JobFilter {
                operation: Some(s.operation.clone()),
                ..JobFilter::default()
            };
            let since = UNIX_EPOCH + Duration::from_secs(s.sent_at.saturating_sub(60));
            c.list_jobs(&s.app_id, &s.env, &filter).await.map(|jobs| {
                jobs.into_iter()
                    .filter(|j| j.operation.as_deref() == Some(s.operation.as_str()))
                    .filter(|j| j.create_time.is_some_and(|t| t >= since))
                    .min_by_key(|j| j.create_time)
            })
        }
    };
    match job {
        Ok(Some(j)) => match j.status {
            JobStatus::Completed => JobCheck::Completed(j),
            JobStatus::Failed => JobCheck::Failed(j),
            _ => JobCheck::Running(j),
        },
        Ok(None) => JobCheck::Unknown(
            "no job of it was found: the request may not have reached the service".into(),
        ),
        Err(e) => JobCheck::Unknown(format!(
            "its job could not be read ({})",
            crate::aws::sanitize_text(&e.to_string())
        )),
    }
}

/// ", 3 min ago", or nothing when the service gave no time.
fn at(t: Option<SystemTime>) -> String {
    match t {
        Some(_) => format!(
            ", {}",
            crate::tui::time_text::age(t, Some(SystemTime::now()))
        ),
        None => String::new(),
    }
}

/// Checks every submitted draft against its job: applied ones are deleted from `dir` and become
/// [`Found::Applied`]; the others carry a note. Drafts never submitted pass unchanged.
pub async fn reconcile(c: &Clients, dir: &Path, found: Vec<Found>) -> Vec<Found> {
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let Found::Draft { id, draft, note } = f else {
            out.push(f);
            continue;
        };
        let Some(s) = draft.submitted.clone() else {
            out.push(Found::Draft { id, draft, note });
            continue;
        };
        let checked = tokio::time::timeout(CHECK_TIMEOUT, check(c, &s))
            .await
            .unwrap_or_else(|_| JobCheck::Unknown("its job could not be read in time".into()));
        out.push(settle(dir, id, draft, &s, checked));
    }
    out
}

/// What a draft becomes after its check.
pub fn settle(
    dir: &Path,
    id: String,
    draft: Box<super::draft_file::Draft>,
    s: &SubmittedAs,
    checked: JobCheck,
) -> Found {
    let clean = crate::aws::sanitize_text;
    let note = match checked {
        JobCheck::Completed(j) => {
            let line = format!(
                "Your draft \"{}\" was applied by job {} ({}){}.",
                draft.describe(),
                clean(&j.job_id),
                clean(&s.operation),
                at(j.update_time.or(j.create_time))
            );
            match super::draft_store::delete(dir, &id) {
                Ok(()) => return Found::Applied { id, line },
                // Still on disk: offered, saying it was applied.
                Err(e) => format!("{line} (The draft file could not be deleted: {e}.)"),
            }
        }
        JobCheck::Failed(j) => {
            let raw = j.error.clone().unwrap_or_default();
            let ctx = FailureContext {
                app: Some(&s.app_id),
                env: Some(&s.env),
                submitted: None,
            };
            let why = match decode_failure(&raw, &ctx) {
                Some(d) => format!("{} {}", d.cause, d.fix),
                None if raw.is_empty() => "the service gave no reason".into(),
                None => raw,
            };
            format!(
                "It was submitted as job {}, which FAILED: {}",
                clean(&j.job_id),
                clean(&why)
            )
        }
        JobCheck::Running(j) => format!(
            "It is being applied by job {} ({}): follow the job in the environment's jobs before resuming.",
            clean(&j.job_id),
            clean(j.status.as_str())
        ),
        JobCheck::Unknown(why) => format!(
            "It was submitted ({}) but whether that was applied is not known: {why}.",
            clean(&s.operation)
        ),
    };
    Found::Draft {
        id,
        draft,
        note: Some(note),
    }
}

/// Without a connection at start the jobs cannot be read: each submitted draft says so.
pub fn unchecked(found: &mut [Found]) {
    for f in found {
        if let Found::Draft { draft, note, .. } = f
            && let Some(s) = &draft.submitted
        {
            *note = Some(format!(
                "It was submitted ({}) but whether that was applied is not known: there was no connection to check its job at start; look at the environment's jobs before resuming.",
                crate::aws::sanitize_text(&s.operation)
            ));
        }
    }
}
