//! The live job pane: follows a backend job to the end, then re-reads the config to confirm the
//! service holds what was submitted.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::aws::{ApiError, Job, JobRef, sanitize_text};
use crate::domain::AuthConfig;
use crate::domain::diff::{Change, diff};
use crate::tui::app::Effect;
use crate::tui::theme;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Submitting,
    Running,
    Completed,
    Failed(String),
    /// The submit itself was refused or could not be sent.
    SubmitFailed(String),
    /// Another job is pending on this environment.
    Blocked(String),
}

/// A submit that can be sent again.
#[derive(Clone, Debug)]
pub struct Retry {
    pub app_id: String,
    pub env: String,
    pub resource: String,
    pub request: crate::tui::app::Request,
    pub expect: Expect,
}

/// What the service should hold once the job completes, checked by re-reading it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Config(Box<AuthConfig>),
    /// The resource is gone (a delete).
    Deleted,
    /// Nothing to check (an import, or a job picked from the history).
    Nothing,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verify {
    Pending,
    Matches,
    Differs(Vec<Change>),
    Error(String),
}

#[derive(Clone, Debug)]
pub struct JobPane {
    pub generation: u64,
    pub app_id: String,
    pub env: String,
    pub resource: String,
    pub operation: String,
    pub job_id: Option<String>,
    pub status: String,
    pub phase: Phase,
    pub started_ms: u64,
    pub last_update_ms: Option<u64>,
    /// (ms since start, status) each time the status changed.
    pub timeline: Vec<(u64, String)>,
    /// A transient problem while polling, with what is being done about it.
    pub retry_note: Option<String>,
    pub poll_failures: u32,
    pub polls: u32,
    pub expect: Expect,
    /// What was submitted, to send again after a refusal or a failed submit.
    pub retry: Option<Retry>,
    /// The job that blocks this environment, when the submit was refused for it.
    pub blocking: Option<crate::aws::Job>,
    /// A job to start once this one completes and is verified (the create of delete-and-recreate).
    pub then: Option<Retry>,
    pub verify: Option<Verify>,
}

/// Jobs normally finish in minutes; past this the pane says so and keeps watching.
pub const LONG_JOB_MS: u64 = 10 * 60 * 1000;

impl JobPane {
    pub fn new(
        generation: u64,
        app_id: &str,
        env: &str,
        resource: &str,
        operation: &str,
        expect: Expect,
        now_ms: u64,
    ) -> JobPane {
        JobPane {
            generation,
            app_id: app_id.into(),
            env: env.into(),
            resource: resource.into(),
            operation: operation.into(),
            job_id: None,
            status: "SUBMITTING".into(),
            phase: Phase::Submitting,
            started_ms: now_ms,
            last_update_ms: None,
            timeline: vec![(now_ms, "SUBMITTING".into())],
            retry_note: None,
            poll_failures: 0,
            polls: 0,
            expect,
            verify: None,
            retry: None,
            blocking: None,
            then: None,
        }
    }

    /// A pane following a job that already exists (picked from the job history).
    pub fn follow(generation: u64, job: &crate::aws::Job, now_ms: u64) -> (JobPane, Vec<Effect>) {
        let mut pane = JobPane::new(
            generation,
            &job.app_id,
            &job.env,
            "",
            job.operation.as_deref().unwrap_or("(unknown operation)"),
            Expect::Nothing,
            now_ms,
        );
        pane.job_id = Some(job.job_id.clone());
        pane.timeline.clear();
        pane.phase = Phase::Running;
        let fx = pane.on_polled(Ok(job.clone()), now_ms);
        pane.polls = 0;
        (pane, fx)
    }

    pub fn is_finished(&self) -> bool {
        !matches!(self.phase, Phase::Submitting | Phase::Running)
            && !matches!(self.verify, Some(Verify::Pending))
    }

    /// Delay before the next poll: quick at first (sandbox jobs take seconds), then backing off
    /// to 10 s (real jobs take minutes); after errors, longer, up to 30 s.
    pub fn next_delay(&self) -> Duration {
        let base = match self.polls {
            0..=2 => 1000,
            3..=5 => 2000,
            6..=10 => 5000,
            _ => 10_000,
        };
        let backoff = if self.poll_failures > 0 {
            (1000u64 << self.poll_failures.min(5)).min(30_000)
        } else {
            0
        };
        Duration::from_millis(base.max(backoff))
    }

    fn poll(&self) -> Vec<Effect> {
        match &self.job_id {
            Some(id) => vec![Effect::PollJob {
                generation: self.generation,
                app_id: self.app_id.clone(),
                env: self.env.clone(),
                job_id: id.clone(),
                after: self.next_delay(),
            }],
            None => vec![],
        }
    }

    fn set_status(&mut self, status: &str, now_ms: u64) {
        if self.status != status {
            self.status = status.to_string();
            self.timeline.push((now_ms, status.to_string()));
        }
        self.last_update_ms = Some(now_ms);
    }

    pub fn on_submitted(&mut self, result: Result<JobRef, ApiError>, now_ms: u64) -> Vec<Effect> {
        match result {
            Ok(job) => {
                self.phase = Phase::Running;
                self.set_status(job.status.as_str(), now_ms);
                match job.job_id {
                    Some(id) => {
                        self.job_id = Some(id);
                        self.poll()
                    }
                    None => {
                        self.phase = Phase::SubmitFailed(
                            "The service accepted the request but returned no job id to follow."
                                .into(),
                        );
                        vec![]
                    }
                }
            }
            Err(e) if e.is_pending_job() => {
                self.phase = Phase::Blocked(sanitize_text(&e.to_string()));
                self.set_status("REFUSED", now_ms);
                // Find the job that blocks us, to show its age and offer to watch it.
                vec![Effect::LoadJobs {
                    generation: self.generation,
                    app_id: self.app_id.clone(),
                    env: self.env.clone(),
                }]
            }
            Err(e) => {
                self.phase = Phase::SubmitFailed(sanitize_text(&e.to_string()));
                self.set_status("NOT SENT", now_ms);
                vec![]
            }
        }
    }

    pub fn on_polled(&mut self, result: Result<Job, ApiError>, now_ms: u64) -> Vec<Effect> {
        self.polls += 1;
        match result {
            Ok(job) => {
                self.poll_failures = 0;
                self.retry_note = None;
                let status = job.status.as_str().to_string();
                self.set_status(&status, now_ms);
                match status.as_str() {
                    "COMPLETED" => {
                        self.phase = Phase::Completed;
                        if self.expect == Expect::Nothing || self.resource.is_empty() {
                            return vec![];
                        }
                        self.verify = Some(Verify::Pending);
                        vec![Effect::ReadAuth {
                            generation: self.generation,
                            app_id: self.app_id.clone(),
                            env: self.env.clone(),
                            resource: self.resource.clone(),
                        }]
                    }
                    "FAILED" => {
                        let error = job
                            .error
                            .clone()
                            .unwrap_or_else(|| "The service gave no error text.".into());
                        self.phase = Phase::Failed(sanitize_text(&error));
                        vec![]
                    }
                    // Anything else (RUNNING, IN_PROGRESS, a status we do not know) is still going.
                    _ => self.poll(),
                }
            }
            Err(e) => {
                self.poll_failures += 1;
                let delay = self.next_delay();
                self.retry_note = Some(format!(
                    "{} — retrying in {:.0} s (attempt {})",
                    sanitize_text(&e.to_string()),
                    delay.as_secs_f64(),
                    self.poll_failures + 1
                ));
                self.poll()
            }
        }
    }

    pub fn on_verified(&mut self, result: Result<AuthConfig, ApiError>) {
        self.verify = Some(match (&self.expect, result) {
            (Expect::Config(expected), Ok(got)) => {
                // The service may not give secrets back; compare everything else.
                let changes = diff(&expected.without_secrets(), &got.without_secrets());
                if changes.is_empty() {
                    Verify::Matches
                } else {
                    Verify::Differs(changes)
                }
            }
            (Expect::Deleted, Err(e)) if e.is_not_found() => Verify::Matches,
            (Expect::Deleted, Ok(_)) => {
                Verify::Error("the resource can still be read after the delete completed".into())
            }
            (_, Err(e)) => Verify::Error(sanitize_text(&e.to_string())),
            (Expect::Nothing, Ok(_)) => Verify::Matches,
        });
    }

    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        now_ms: u64,
        wall_now: Option<std::time::SystemTime>,
    ) {
        let elapsed = now_ms.saturating_sub(self.started_ms);
        let spin = theme::SPINNER[((now_ms / 100) % theme::SPINNER.len() as u64) as usize];
        let (marker, style) = match &self.phase {
            Phase::Submitting | Phase::Running => (spin.to_string(), theme::title()),
            Phase::Completed => ("✓".into(), theme::ok()),
            _ => ("✗".into(), theme::error()),
        };
        let mut lines = vec![
            Line::from(vec![
                Span::styled(format!("{marker} {}  ", self.status), style),
                Span::raw(format!(
                    "{} on {}/{}",
                    self.operation, self.app_id, self.env
                )),
            ]),
            Line::from(format!("Resource    {}", self.resource)),
            Line::from(format!(
                "Job id      {}",
                self.job_id.as_deref().unwrap_or("(not yet assigned)")
            )),
            Line::from(format!("Elapsed     {}", fmt_duration(elapsed))),
            Line::from(format!(
                "Last update {}",
                self.last_update_ms
                    .map(|t| format!("{} ago", fmt_duration(now_ms.saturating_sub(t))))
                    .unwrap_or_else(|| "none yet".into())
            )),
            Line::from(""),
            Line::styled("Timeline", theme::title()),
        ];
        for (t, s) in &self.timeline {
            lines.push(Line::from(format!(
                "  +{:<8} {s}",
                fmt_duration(t.saturating_sub(self.started_ms))
            )));
        }
        lines.push(Line::from(""));
        if let Some(note) = &self.retry_note {
            lines.push(Line::styled(format!("! {note}"), theme::warning()));
        }
        if matches!(self.phase, Phase::Running) && elapsed > LONG_JOB_MS {
            lines.push(Line::styled(
                "! This job is taking far longer than usual (real jobs have been stuck for hours). Still watching; Esc leaves, the job goes on.",
                theme::warning(),
            ));
        }
        match &self.phase {
            Phase::Failed(e) => {
                lines.push(Line::styled(
                    "✗ The job FAILED. The service said:",
                    theme::error(),
                ));
                lines.extend(e.lines().map(|l| Line::from(format!("  {l}"))));
                lines.push(Line::from(
                    "Fix the field it names and submit again: e edits, Esc goes back.",
                ));
            }
            Phase::SubmitFailed(e) => {
                lines.push(Line::styled(
                    "✗ The request was not accepted:",
                    theme::error(),
                ));
                lines.extend(e.lines().map(|l| Line::from(format!("  {l}"))));
                lines.push(Line::from(
                    "Nothing changed. r retries, e edits (your input is kept).",
                ));
            }
            Phase::Blocked(e) => {
                lines.push(Line::styled(
                    "✗ Another job is pending on this environment:",
                    theme::error(),
                ));
                lines.extend(e.lines().map(|l| Line::from(format!("  {l}"))));
                if let Some(b) = &self.blocking {
                    lines.push(Line::styled(
                        format!(
                            "  Blocking job: {} {} ({}), started {}. w watches it.",
                            b.operation.as_deref().unwrap_or("?"),
                            b.job_id,
                            b.status.as_str(),
                            super::env::age(b.create_time, wall_now)
                        ),
                        theme::warning(),
                    ));
                }
                lines.push(Line::from(
                    "Only one job runs per environment. Wait for it, then r retries (input kept).",
                ));
            }
            _ => {}
        }
        match &self.verify {
            Some(Verify::Pending) => lines.push(Line::from(format!(
                "{spin} Re-reading the config to confirm…"
            ))),
            Some(Verify::Matches) => lines.push(Line::styled(
                if self.expect == Expect::Deleted {
                    "✓ Confirmed: GetBackendAuth no longer finds the resource."
                } else {
                    "✓ Confirmed: GetBackendAuth returns exactly what was submitted."
                },
                theme::ok(),
            )),
            Some(Verify::Differs(changes)) => {
                lines.push(Line::styled(
                    "! The service holds something else than submitted:",
                    theme::warning(),
                ));
                for c in changes {
                    lines.push(Line::from(format!(
                        "  {}: submitted {} → service has {}",
                        c.path,
                        c.before.as_deref().unwrap_or("(none)"),
                        c.after.as_deref().unwrap_or("(none)")
                    )));
                }
            }
            Some(Verify::Error(e)) => lines.push(Line::styled(
                format!("! Could not re-read the config: {e}"),
                theme::warning(),
            )),
            None => {}
        }
        let p = Paragraph::new(lines)
            .block(Block::bordered().title(" Job "))
            .wrap(Wrap { trim: false });
        frame.render_widget(p, area);
    }
}

pub fn fmt_duration(ms: u64) -> String {
    let s = ms / 1000;
    if s < 60 {
        format!("{}.{} s", s, (ms % 1000) / 100)
    } else if s < 3600 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    }
}
