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
use crate::domain::failure::{DecodedFailure, FailureContext, decode_failure};
use crate::domain::merge::{Merge, Pick};
use crossterm::event::{KeyCode, KeyEvent};

use crate::term_text::shown;
use crate::tui::keys::{self, Binding, Keys, code, ctrl, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Expect, Submission, Target};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::time_text::{age, fmt_duration};

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
    /// Read again before sending, the resource had changes to members the edit changed too:
    /// nothing was sent; the person picks per member (`conflicts`).
    Conflicts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Done,
    Watch,
    Back,
    Retry,
    Keep,
    Leave,
    Fix,
    ConflictUp,
    ConflictDown,
    KeepMine,
    TakeTheirs,
    SendPicked,
    Quit,
}

/// Which rows apply depends on the job's state (`JobPane::enabled`): running, finished, done.
pub const KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Enter), Action::Done),
            (code(KeyCode::Esc), Action::Done),
        ],
        "Enter/Esc",
        "done: go back",
    ),
    show(&[(key('w'), Action::Watch)], "w", "watch the running job"),
    show(
        &[(key('e'), Action::Back), (code(KeyCode::Esc), Action::Back)],
        "e/Esc",
        "back to your input",
    ),
    show(&[(key('r'), Action::Retry)], "r", "retry"),
    show(&[(key('f'), Action::Fix)], "f", "fix that field"),
    show(&[(key('k'), Action::Keep)], "k", "keep watching quietly"),
    show(
        &[
            (code(KeyCode::Up), Action::ConflictUp),
            (code(KeyCode::Down), Action::ConflictDown),
        ],
        "↑/↓",
        "conflict",
    ),
    show(&[(key('m'), Action::KeepMine)], "m", "keep mine"),
    show(&[(key('t'), Action::TakeTheirs)], "t", "take theirs"),
    show(
        &[(ctrl('s'), Action::SendPicked)],
        "Ctrl-S",
        "send the picks",
    ),
    show(
        &[(code(KeyCode::Esc), Action::Leave)],
        "Esc",
        "leave (the job goes on)",
    ),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
];

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
    pub target: Target,
    pub operation: String,
    pub job_id: Option<String>,
    pub status: String,
    pub phase: Phase,
    pub started_ms: u64,
    /// How old the job already was when this pane started following it (a job picked from the
    /// history); elapsed times count from the job's creation.
    pub age_at_open_ms: u64,
    /// How long a job that had already ended when it was opened took (creation to last update).
    pub took_ms: Option<u64>,
    /// How long ago such a job ended, when it was opened: its header says that, not when this
    /// pane last read it ("Last update 0.0 s ago" for a job a day old).
    pub ended_at_open_ms: Option<u64>,
    pub last_update_ms: Option<u64>,
    /// (ms since start, status) each time the status changed.
    pub timeline: Vec<(u64, String)>,
    /// The last poll's error (sanitised) while polling goes on; see [`JobPane::poll_problem`].
    pub retry_note: Option<String>,
    /// When the next poll after an error is due (ms since start), for the countdown.
    pub next_poll_ms: Option<u64>,
    pub poll_failures: u32,
    /// What the SDK is doing inside the call in flight ("retrying 2/3 …"), if it is retrying.
    pub sdk_note: Option<String>,
    /// Past this much running time the pane offers to keep watching quietly.
    pub long_after_ms: u64,
    /// The user chose to keep watching a long job: slower polling, no more asking.
    pub quiet: bool,
    /// The submit failed in a way that leaves open whether the service took it (no answer, a
    /// cut-off answer, a gateway error).
    pub maybe_sent: bool,
    pub polls: u32,
    pub expect: Expect,
    /// What was submitted, to send again after a refusal or a failed submit.
    pub retry: Option<Submission>,
    /// The job that blocks this environment, when the submit was refused for it.
    pub blocking: Option<crate::aws::Job>,
    /// A job to start once this one completes and is verified (the create of delete-and-recreate).
    pub then: Option<Submission>,
    pub verify: Option<Verify>,
    /// A failure recognised from its text: the field, the cause and the fix.
    pub decoded: Option<DecodedFailure>,
    /// Conflicts found reading the resource again before sending (see `read_before_send`).
    pub conflicts: Option<ConflictPicker>,
    /// The live Cognito pool check before an update: the popup asking about it, if open.
    pub live_prompt: Option<crate::tui::live_gate::LivePrompt>,
    /// How the next update from this pane is checked against the live pool.
    pub live_gate: crate::tui::live_gate::LiveGate,
}

/// The status, resource, job id, elapsed and last-update lines and a blank one, above the rest.
const HEADER_LINES: usize = 6;

/// Jobs normally finish in minutes; past this the pane says so and offers to keep watching.
pub const LONG_JOB_MS: u64 = 10 * 60 * 1000;

/// How often a long job is checked once the user chose to keep watching quietly.
pub const QUIET_POLL_MS: u64 = 60 * 1000;

/// Conflicts found reading the resource again before sending (`read_before_send` fills it), and
/// the person's picks so far.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictPicker {
    pub merge: Merge,
    /// What the service holds now (the base of the next read-and-merge).
    pub theirs: AuthConfig,
    /// One per conflict, in order; `None` until picked.
    pub picks: Vec<Option<Pick>>,
    pub cursor: usize,
}

impl JobPane {
    pub fn new(
        generation: u64,
        target: Target,
        operation: &str,
        expect: Expect,
        now_ms: u64,
    ) -> JobPane {
        JobPane {
            generation,
            target,
            operation: operation.into(),
            job_id: None,
            status: "SUBMITTING".into(),
            phase: Phase::Submitting,
            started_ms: now_ms,
            age_at_open_ms: 0,
            took_ms: None,
            ended_at_open_ms: None,
            last_update_ms: None,
            timeline: vec![(now_ms, "SUBMITTING".into())],
            retry_note: None,
            next_poll_ms: None,
            poll_failures: 0,
            sdk_note: None,
            long_after_ms: LONG_JOB_MS,
            quiet: false,
            maybe_sent: false,
            polls: 0,
            expect,
            verify: None,
            retry: None,
            blocking: None,
            then: None,
            decoded: None,
            conflicts: None,
            live_prompt: None,
            live_gate: Default::default(),
        }
    }

    /// A pane following a job that already exists (picked from the job history).
    /// Its elapsed time counts from when the job was created (when the service says), so the
    /// long-job prompt and "Elapsed" are about the job, not about when the pane was opened.
    pub fn follow(
        generation: u64,
        job: &crate::aws::Job,
        now_ms: u64,
        wall_now: Option<std::time::SystemTime>,
    ) -> (JobPane, Vec<Effect>) {
        let mut pane = JobPane::new(
            generation,
            Target::new(&job.app_id, &job.env, ""),
            job.operation.as_deref().unwrap_or("(unknown operation)"),
            Expect::Nothing,
            now_ms,
        );
        pane.job_id = Some(job.job_id.clone());
        if let (Some(created), Some(now)) = (job.create_time, wall_now)
            && let Ok(age) = now.duration_since(created)
        {
            pane.age_at_open_ms = age.as_millis() as u64;
        }
        // A job that has ended took from its creation to its last update, however long ago.
        if let (true, Some(created), Some(updated)) =
            (job.status.is_finished(), job.create_time, job.update_time)
        {
            pane.took_ms = updated
                .duration_since(created)
                .ok()
                .map(|d| d.as_millis() as u64);
            // Its timeline counts from its creation too: it ended `took` after it.
            pane.age_at_open_ms = pane.took_ms.unwrap_or(pane.age_at_open_ms);
            pane.ended_at_open_ms = wall_now
                .and_then(|now| now.duration_since(updated).ok())
                .map(|d| d.as_millis() as u64);
        }
        pane.timeline.clear();
        pane.phase = Phase::Running;
        let fx = pane.on_polled(Ok(job.clone()), now_ms);
        pane.polls = 0;
        (pane, fx)
    }

    /// Time since the job was created (or since the submit, for a job started here).
    pub fn elapsed(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.started_ms) + self.age_at_open_ms
    }

    pub fn is_finished(&self) -> bool {
        !matches!(self.phase, Phase::Submitting | Phase::Running)
            && !matches!(self.verify, Some(Verify::Pending))
    }

    /// Delay before the next poll: quick at first (sandbox jobs take seconds), then backing off
    /// to 10 s (real jobs take minutes), or a minute once watching a long job quietly; after
    /// errors, longer, up to 30 s.
    pub fn next_delay(&self) -> Duration {
        let base = match self.polls {
            _ if self.quiet => QUIET_POLL_MS,
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
                app_id: self.target.app_id.clone(),
                env: self.target.env.clone(),
                job_id: id.clone(),
                after: self.next_delay(),
            }],
            None => vec![],
        }
    }

    pub(crate) fn set_status(&mut self, status: &str, now_ms: u64) {
        if self.status != status {
            self.status = status.to_string();
            self.timeline.push((now_ms, status.to_string()));
        }
        self.last_update_ms = Some(now_ms);
    }

    pub fn on_submitted(&mut self, result: Result<JobRef, ApiError>, now_ms: u64) -> Vec<Effect> {
        self.sdk_note = None;
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
                self.decode(&e.to_string());
                self.set_status("REFUSED", now_ms);
                // Find the job that blocks us, to show its age and offer to watch it.
                vec![Effect::LoadJobs {
                    generation: self.generation,
                    app_id: self.target.app_id.clone(),
                    env: self.target.env.clone(),
                }]
            }
            Err(e) => {
                self.phase = Phase::SubmitFailed(sanitize_text(&e.to_string()));
                self.decode(&e.to_string());
                self.maybe_sent = maybe_taken(&e);
                let status = match &e.kind {
                    _ if self.maybe_sent => "NO ANSWER",
                    crate::aws::ErrorKind::Service { .. }
                    | crate::aws::ErrorKind::Throttled { .. } => "NOT ACCEPTED",
                    _ => "NOT SENT",
                };
                self.set_status(status, now_ms);
                if !self.maybe_sent {
                    return vec![];
                }
                // A timeout, a cut-off answer or a dropped connection may come after the service
                // took the request: look for a job it started, to offer watching it.
                vec![Effect::LoadJobs {
                    generation: self.generation,
                    app_id: self.target.app_id.clone(),
                    env: self.target.env.clone(),
                }]
            }
        }
    }

    pub fn on_polled(&mut self, result: Result<Job, ApiError>, now_ms: u64) -> Vec<Effect> {
        self.polls += 1;
        self.sdk_note = None;
        match result {
            Ok(job) => {
                self.poll_failures = 0;
                self.retry_note = None;
                self.next_poll_ms = None;
                let status = job.status.as_str().to_string();
                self.set_status(&status, now_ms);
                match status.as_str() {
                    "COMPLETED" => {
                        self.phase = Phase::Completed;
                        if self.expect == Expect::Nothing || self.target.resource.is_empty() {
                            return vec![];
                        }
                        self.verify = Some(Verify::Pending);
                        vec![Effect::VerifyAuth {
                            generation: self.generation,
                            target: self.target.clone(),
                        }]
                    }
                    "FAILED" => {
                        let error = job
                            .error
                            .clone()
                            .unwrap_or_else(|| "The service gave no error text.".into());
                        self.phase = Phase::Failed(sanitize_text(&error));
                        self.decode(&error);
                        vec![]
                    }
                    // Anything else (RUNNING, IN_PROGRESS, a status we do not know) is still going.
                    _ => self.poll(),
                }
            }
            Err(e) => {
                // Every error keeps the pane following: the job runs in the service whatever
                // happens to this connection, and only polling can tell how it ends.
                self.poll_failures += 1;
                self.retry_note = Some(sanitize_text(&e.to_string()));
                self.next_poll_ms = Some(now_ms + self.next_delay().as_millis() as u64);
                self.poll()
            }
        }
    }

    /// What was submitted, when this pane sent a config (not for a delete, an import, or a job
    /// picked from the history).
    pub fn submitted(&self) -> Option<&AuthConfig> {
        match &self.expect {
            Expect::Config(c) if self.retry.is_some() => Some(c),
            _ => None,
        }
    }

    fn decode(&mut self, text: &str) {
        let ctx = FailureContext {
            app: Some(&self.target.app_id),
            env: Some(&self.target.env),
            submitted: self.submitted(),
        };
        self.decoded = decode_failure(text, &ctx).map(|mut d| {
            // The decoder quotes the service's text; it reaches the screen cleaned.
            d.cause = sanitize_text(&d.cause);
            d.fix = sanitize_text(&d.fix);
            d
        });
    }

    /// What went wrong with the last poll and what happens next, in words:
    /// "… — still following the job: retrying in 1.4 s (attempt 3)".
    pub fn poll_problem(&self, now_ms: u64) -> Option<String> {
        let error = self.retry_note.as_deref()?;
        let next = match self.next_poll_ms {
            Some(due) if due > now_ms => format!(
                "retrying in {:.1} s",
                Duration::from_millis(due - now_ms).as_secs_f64()
            ),
            _ => "retrying now".to_string(),
        };
        Some(format!(
            "{error} — still following the job: {next} (attempt {})",
            self.poll_failures + 1
        ))
    }

    /// A retry inside the call in flight (the SDK's own attempts). The submit's retries also go
    /// into the timeline, so they stay on record after the call ends; a poll's do not (an outage
    /// of hours would fill it).
    pub fn on_attempt(&mut self, note: &crate::aws::progress::AttemptNote, now_ms: u64) {
        let text = sanitize_text(&note.to_string());
        if matches!(self.phase, Phase::Submitting)
            && matches!(
                note.event,
                crate::aws::progress::AttemptEvent::Retrying { .. }
            )
        {
            self.timeline.push((now_ms, text.clone()));
        }
        self.sdk_note = Some(text);
    }

    /// Still running after far longer than jobs usually take.
    pub fn is_long(&self, now_ms: u64) -> bool {
        matches!(self.phase, Phase::Running) && self.elapsed(now_ms) > self.long_after_ms
    }

    /// The pane is asking whether to keep watching a long job (`k`) or leave (`Esc`).
    pub fn asks_to_keep_watching(&self, now_ms: u64) -> bool {
        self.is_long(now_ms) && !self.quiet
    }

    fn enabled(&self, a: Action, now_ms: u64) -> bool {
        let finished = self.is_finished();
        let completed = matches!(self.phase, Phase::Completed);
        let conflicts = matches!(self.phase, Phase::Conflicts) && self.conflicts.is_some();
        match a {
            // A job picked from the history has no input behind it to go back to.
            Action::Done => completed || (finished && self.retry.is_none()),
            Action::Watch => self.blocking.is_some() && !completed,
            Action::Back => finished && !completed && self.retry.is_some(),
            Action::Retry => finished && !completed && !conflicts && self.retry.is_some(),
            Action::ConflictUp | Action::ConflictDown | Action::KeepMine | Action::TakeTheirs => {
                conflicts
            }
            Action::SendPicked => conflicts && self.all_picked(),
            Action::Keep => !finished && self.asks_to_keep_watching(now_ms),
            Action::Fix => {
                finished
                    && !completed
                    && self.submitted().is_some()
                    && self.decoded.as_ref().is_some_and(|d| d.field.is_some())
            }
            Action::Leave => !finished,
            Action::Quit => true,
        }
    }

    /// The label of the key doing `a`, if it applies now: prose names only keys that work.
    fn key_for(&self, a: Action, now_ms: u64) -> Option<&'static str> {
        self.enabled(a, now_ms).then(|| keys::hint(KEYS, a))
    }

    /// The pane's keys in its current state, for the footer and help.
    pub fn keys(&self, now_ms: u64) -> Keys {
        if let Some(p) = &self.live_prompt {
            return p.keys();
        }
        Keys::of(KEYS, |a| self.enabled(a, now_ms), false)
    }

    pub fn on_key(&mut self, k: &KeyEvent, now_ms: u64) -> Cmd {
        if self.live_prompt.is_some() {
            return self.on_live_key(k, now_ms);
        }
        match keys::action(KEYS, k, |a| self.enabled(a, now_ms)) {
            Some(Action::Done) => Cmd::JobDone,
            Some(Action::Watch) => match &self.blocking {
                Some(job) => Cmd::Follow(Box::new(job.clone())),
                None => Cmd::None,
            },
            Some(Action::Back | Action::Leave) => Cmd::LeaveJob,
            Some(Action::Retry) => match &self.retry {
                Some(r) => Cmd::RetryJob(Box::new(r.clone())),
                None => Cmd::None,
            },
            Some(Action::Keep) => {
                self.quiet = true;
                Cmd::None
            }
            Some(Action::ConflictUp) => {
                self.move_conflict(-1);
                Cmd::None
            }
            Some(Action::ConflictDown) => {
                self.move_conflict(1);
                Cmd::None
            }
            Some(Action::KeepMine) => {
                self.pick(Pick::Mine);
                Cmd::None
            }
            Some(Action::TakeTheirs) => {
                self.pick(Pick::Theirs);
                Cmd::None
            }
            Some(Action::SendPicked) => Cmd::Effects(self.send_picked(now_ms)),
            Some(Action::Fix) => match (&self.retry, &self.decoded) {
                (Some(r), Some(d)) => Cmd::FixField {
                    field: d.field.clone(),
                    retry: Box::new(r.clone()),
                },
                _ => Cmd::None,
            },
            Some(Action::Quit) => Cmd::Quit,
            None => Cmd::None,
        }
    }

    pub fn on_verified(&mut self, result: Result<AuthConfig, ApiError>) {
        self.sdk_note = None;
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
        let spin = theme::SPINNER[((now_ms / 100) % theme::SPINNER.len() as u64) as usize];
        let mut lines = self.header_lines(now_ms, spin);
        lines.extend(self.timeline_lines());
        lines.extend(self.progress_lines(now_ms, spin));
        lines.extend(self.conflict_lines());
        lines.extend(self.phase_lines(now_ms, wall_now));
        // A decoded failure goes first, above the timeline: on a small terminal it is what must
        // not scroll out of sight.
        let what = self.decoded_lines(now_ms);
        lines.splice(HEADER_LINES..HEADER_LINES, what);
        lines.extend(self.verify_lines(spin));
        let p = Paragraph::new(lines)
            .block(Block::bordered().title(" Job "))
            .wrap(Wrap { trim: false });
        frame.render_widget(p, area);
        if let Some(prompt) = &self.live_prompt {
            prompt.render(frame, area);
        }
    }

    /// Status, operation, resource, job id, times: the first [`HEADER_LINES`] lines.
    fn header_lines(&self, now_ms: u64, spin: &str) -> Vec<Line<'static>> {
        let elapsed = self.elapsed(now_ms);
        let (marker, style) = match &self.phase {
            Phase::Submitting | Phase::Running => (spin.to_string(), theme::title()),
            Phase::Completed => ("✓".into(), theme::ok()),
            _ => ("✗".into(), theme::error()),
        };
        vec![
            Line::from(vec![
                Span::styled(format!("{marker} {}  ", self.status), style),
                Span::raw(format!(
                    "{} on {}/{}",
                    shown(&self.operation),
                    shown(&self.target.app_id),
                    shown(&self.target.env)
                )),
            ]),
            // Adding an environment is about the environment; there is no resource yet.
            Line::from(match self.operation.as_str() {
                "CreateBackend" | "CloneBackend" => {
                    format!("Environment {} (new)", shown(&self.target.env))
                }
                _ if self.target.resource.is_empty() => {
                    "Resource    (the job's record does not name it)".to_string()
                }
                _ => format!("Resource    {}", shown(&self.target.resource)),
            }),
            Line::from(format!(
                "Job id      {}",
                self.job_id
                    .as_deref()
                    .map(shown)
                    .unwrap_or("(not yet assigned)".into())
            )),
            Line::from(match self.took_ms {
                Some(took) => format!("Took        {}", fmt_duration(took)),
                None => format!("Elapsed     {}", fmt_duration(elapsed)),
            }),
            Line::from(match self.ended_at_open_ms {
                Some(ended) => format!(
                    "Ended       {} ago",
                    fmt_duration(ended + now_ms.saturating_sub(self.started_ms))
                ),
                None => format!(
                    "Last update {}",
                    self.last_update_ms
                        .map(|t| format!("{} ago", fmt_duration(now_ms.saturating_sub(t))))
                        .unwrap_or_else(|| "none yet".into())
                ),
            }),
            Line::from(""),
            Line::styled("Timeline", theme::title()),
        ]
    }

    fn timeline_lines(&self) -> Vec<Line<'static>> {
        let mut lines = vec![];
        for (t, s) in &self.timeline {
            lines.push(Line::from(format!(
                "  +{:<8} {s}",
                fmt_duration(t.saturating_sub(self.started_ms) + self.age_at_open_ms)
            )));
        }
        lines.push(Line::from(""));
        lines
    }

    /// Sending, reading again, retries and a job running far longer than usual.
    fn progress_lines(&self, now_ms: u64, spin: &str) -> Vec<Line<'static>> {
        let elapsed = self.elapsed(now_ms);
        let mut lines = vec![];
        if self.status == "CHECKING" && matches!(self.phase, Phase::Submitting) {
            lines.push(Line::from(format!(
                "{spin} Reading {} again before sending, to keep any change made meanwhile…",
                self.target.resource
            )));
        } else if matches!(self.phase, Phase::Submitting) {
            lines.push(Line::from(format!(
                "{spin} Sending the {} request… {} goes back to your input (if the request already reached the service, its job runs anyway).",
                self.operation,
                keys::hint(KEYS, Action::Leave),
            )));
        }
        if let Some(problem) = self.poll_problem(now_ms) {
            lines.push(Line::styled(format!("! {problem}"), theme::warning()));
        }
        if let Some(note) = &self.sdk_note {
            lines.push(Line::styled(format!("↻ {note}"), theme::warning()));
        }
        if self.is_long(now_ms) {
            if self.quiet {
                lines.push(Line::from(format!(
                    "Watching quietly: one check every {} s. {} leaves; the job goes on in the service.",
                    QUIET_POLL_MS / 1000,
                    keys::hint(KEYS, Action::Leave),
                )));
            } else {
                lines.push(Line::styled(
                    format!(
                        "! This job has been running for {}, far longer than usual: most finish within minutes, but real jobs have been stuck for hours.",
                        fmt_duration(elapsed)
                    ),
                    theme::warning(),
                ));
                lines.push(Line::styled(
                    format!(
                        "  {} keeps watching quietly (one check a minute) · {} leaves: the job goes on in the service (find it later under Jobs).",
                        keys::hint(KEYS, Action::Keep),
                        keys::hint(KEYS, Action::Leave),
                    ),
                    theme::title(),
                ));
            }
        }
        lines
    }

    /// What a failed, refused or blocked job said, and the ways on.
    fn phase_lines(
        &self,
        now_ms: u64,
        wall_now: Option<std::time::SystemTime>,
    ) -> Vec<Line<'static>> {
        let mut lines = vec![];
        match &self.phase {
            Phase::Failed(e) => {
                lines.push(Line::styled(
                    "✗ The job FAILED. The service said:",
                    theme::error(),
                ));
                lines.extend(e.lines().map(|l| Line::from(format!("  {l}"))));
                if self.decoded.is_none()
                    && self.enabled(Action::Back, now_ms)
                    && let [edit, back, ..] = keys::key_names(KEYS, Action::Back).as_slice()
                {
                    lines.push(Line::from(format!(
                        "Fix the field it names and submit again: {edit} edits, {back} goes back."
                    )));
                }
            }
            Phase::SubmitFailed(e) => {
                lines.push(Line::styled(
                    if self.maybe_sent {
                        "✗ No usable answer came back:"
                    } else {
                        "✗ The request was not accepted:"
                    },
                    theme::error(),
                ));
                lines.extend(e.lines().map(|l| Line::from(format!("  {l}"))));
                match &self.blocking {
                    Some(b) => lines.push(Line::styled(
                        format!(
                            "  A job is running on this environment now, perhaps started by this request: {} {} ({}), started {}. {} watches it.",
                            b.operation.as_deref().unwrap_or("?"),
                            b.job_id,
                            b.status.as_str(),
                            age(b.create_time, wall_now),
                            keys::hint(KEYS, Action::Watch),
                        ),
                        theme::warning(),
                    )),
                    None if self.maybe_sent => lines.push(Line::from(
                        "The service may have taken the request before the answer was lost. No running job is known here yet; one started meanwhile is offered to watch.",
                    )),
                    None => lines.push(Line::from("The service did not take it: nothing changed.")),
                }
                if self.enabled(Action::Retry, now_ms) && self.enabled(Action::Back, now_ms) {
                    lines.push(Line::from(format!(
                        "{} retries, {} edits (your input is kept).",
                        keys::key_of(KEYS, Action::Retry),
                        keys::key_of(KEYS, Action::Back),
                    )));
                }
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
                            "  Blocking job: {} {} ({}), started {}. {} watches it.",
                            b.operation.as_deref().unwrap_or("?"),
                            b.job_id,
                            b.status.as_str(),
                            age(b.create_time, wall_now),
                            keys::hint(KEYS, Action::Watch),
                        ),
                        theme::warning(),
                    ));
                }
                if let Some(retry) = self.key_for(Action::Retry, now_ms) {
                    lines.push(Line::from(format!(
                        "Only one job runs per environment. Wait for it, then {retry} retries (input kept)."
                    )));
                }
            }
            _ => {}
        }
        lines
    }

    /// A decoded failure: the field, the cause and the fix (nothing when not decoded).
    fn decoded_lines(&self, now_ms: u64) -> Vec<Line<'static>> {
        let Some(d) = &self.decoded else {
            return vec![];
        };
        let row = |k: &str, v: &str, style| {
            Line::from(vec![
                Span::styled(format!("  {k:<7}"), theme::dim()),
                Span::styled(v.to_string(), style),
            ])
        };
        let mut what = vec![Line::styled("What it means", theme::title())];
        if let Some(f) = &d.field {
            what.push(row("Field", f, theme::focus()));
        }
        what.push(row("Cause", &d.cause, ratatui::style::Style::default()));
        what.push(row("Fix", &d.fix, ratatui::style::Style::default()));
        if let Some(fix) = self.key_for(Action::Fix, now_ms) {
            what.push(Line::styled(
                format!("  {fix} opens the wizard on that field, with what was submitted."),
                theme::title(),
            ));
        }
        what.push(Line::from(""));
        what
    }

    /// Whether reading the resource back confirmed the job.
    fn verify_lines(&self, spin: &str) -> Vec<Line<'static>> {
        let mut lines = vec![];
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
        lines
    }
}

/// Whether a failed submit may still have reached the service and started a job: no answer in
/// time, an answer that could not be read, a dropped connection or a gateway error. A refused
/// connection, a 4xx refusal, or missing credentials mean it did not.
fn maybe_taken(e: &ApiError) -> bool {
    use crate::aws::ErrorKind;
    match &e.kind {
        ErrorKind::Timeout | ErrorKind::Parse => true,
        ErrorKind::Network => !e.detail.contains("connection refused"),
        ErrorKind::Service { status, .. } => status.is_some_and(|s| s >= 500),
        _ => false,
    }
}

impl ScreenView for JobPane {
    fn title(&self) -> &'static str {
        "Job"
    }

    fn keys(&self, cx: &Ctx) -> Keys {
        JobPane::keys(self, cx.now_ms)
    }

    fn on_key(&mut self, k: &KeyEvent, cx: &Ctx) -> Option<Cmd> {
        Some(JobPane::on_key(self, k, cx.now_ms))
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        JobPane::render(self, frame, area, cx.now_ms, cx.wall_now)
    }

    /// A job still running is left behind by quitting (the quit popup says what that means).
    fn is_dirty(&self) -> bool {
        !self.is_finished()
    }

    fn animating(&self) -> bool {
        !self.is_finished()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::progress::{AttemptEvent, AttemptNote};
    use crate::aws::{ErrorKind, JobStatus};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn running_pane() -> JobPane {
        let mut p = JobPane::new(
            1,
            Target::new("app", "dev", "res"),
            "CreateBackendAuth",
            Expect::Nothing,
            0,
        );
        let fx = p.on_submitted(
            Ok(JobRef {
                app_id: "app".into(),
                env: "dev".into(),
                job_id: Some("j1".into()),
                operation: None,
                status: JobStatus::Running,
                error: None,
            }),
            100,
        );
        assert!(matches!(fx.as_slice(), [Effect::PollJob { .. }]));
        p
    }

    fn screen(p: &JobPane, now_ms: u64) -> String {
        let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
        t.draw(|f| p.render(f, f.area(), now_ms, None)).unwrap();
        let buf = t.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    fn assert_clean(s: &str) {
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
        for residue in ["[2J", "]0;", "[31m", "pwned"] {
            assert!(!s.contains(residue), "{residue:?} in\n{s}");
        }
    }

    const HOSTILE: &str = "bad\u{1b}]0;pwned\u{7}\u{1b}[2J thing\u{1b}[31m\r\nhere\u{9b}2J";

    #[test]
    fn hostile_service_text_is_cleaned_before_it_reaches_the_screen() {
        let mut p = running_pane();
        // Built by hand, so nothing upstream has cleaned it.
        let err = ApiError::new(
            "GetBackendJob",
            ErrorKind::Service {
                code: "Bad\u{1b}[31mCode".into(),
                message: HOSTILE.into(),
                status: Some(502),
            },
            "",
        );
        p.on_polled(Err(err), 1000);
        p.on_attempt(
            &AttemptNote {
                operation: "GetBackendJob".into(),
                attempt: 1,
                max_attempts: 3,
                event: AttemptEvent::Failed {
                    reason: HOSTILE.into(),
                    within: Duration::from_secs(1),
                },
            },
            1100,
        );
        let s = screen(&p, 1200);
        assert_clean(&s);
        assert!(
            s.contains("GetBackendJob failed: BadCode: bad thing  here"),
            "{s}"
        );
        assert!(s.contains("retrying 2/3 in at most 1.0 s"), "{s}");
        p.on_polled(
            Ok(Job {
                app_id: "app".into(),
                env: "dev".into(),
                job_id: "j1".into(),
                operation: None,
                status: JobStatus::Failed,
                error: Some(HOSTILE.into()),
                create_time: None,
                update_time: None,
            }),
            3000,
        );
        let s = screen(&p, 3000);
        assert_clean(&s);
        assert!(s.contains("The job FAILED"), "{s}");
        assert!(s.contains("bad thing  here"), "{s}");

        let mut p = JobPane::new(
            2,
            Target::new("app", "dev", "res"),
            "CreateBackendAuth",
            Expect::Nothing,
            0,
        );
        let refused = ApiError::new(
            "CreateBackendAuth",
            ErrorKind::Service {
                code: "BadRequestException".into(),
                message: HOSTILE.into(),
                status: Some(400),
            },
            "",
        );
        let fx = p.on_submitted(Err(refused), 10);
        assert!(fx.is_empty(), "a 4xx refusal started nothing to look for");
        let s = screen(&p, 20);
        assert_clean(&s);
        assert!(
            s.contains("The service did not take it: nothing changed."),
            "{s}"
        );
    }

    #[test]
    fn poll_errors_count_down_to_the_next_try() {
        let mut p = running_pane();
        let err = ApiError::new("GetBackendJob", ErrorKind::Network, "could not reach x");
        p.on_polled(Err(err.clone()), 1000);
        assert_eq!(
            p.poll_problem(1000).as_deref(),
            Some(
                "GetBackendJob failed: could not reach x — still following the job: retrying in 2.0 s (attempt 2)"
            )
        );
        assert!(
            p.poll_problem(2400)
                .unwrap()
                .contains("retrying in 0.6 s (attempt 2)")
        );
        p.on_polled(Err(err), 3000);
        assert!(
            p.poll_problem(3000)
                .unwrap()
                .contains("retrying in 4.0 s (attempt 3)")
        );
        assert!(
            p.poll_problem(9000)
                .unwrap()
                .contains("retrying now (attempt 3)")
        );
    }

    #[test]
    fn a_long_job_asks_once_then_is_checked_once_a_minute() {
        let mut p = running_pane();
        p.long_after_ms = 5000;
        assert!(!p.asks_to_keep_watching(4000));
        assert!(!p.keys(4000).footer.iter().any(|(k, _)| *k == "k"));
        assert!(p.asks_to_keep_watching(6000));
        assert!(
            p.keys(6000)
                .footer
                .contains(&("k", "keep watching quietly"))
        );
        assert!(screen(&p, 6000).contains("far longer than usual"));
        p.quiet = true;
        assert!(!p.asks_to_keep_watching(6000));
        assert!(!p.keys(6000).footer.iter().any(|(k, _)| *k == "k"));
        assert!(screen(&p, 6000).contains("Watching quietly: one check every 60 s."));
        let fx = p.on_polled(
            Ok(Job {
                app_id: "app".into(),
                env: "dev".into(),
                job_id: "j1".into(),
                operation: None,
                status: JobStatus::Running,
                error: None,
                create_time: None,
                update_time: None,
            }),
            7000,
        );
        assert!(
            matches!(fx.as_slice(), [Effect::PollJob { after, .. }] if *after == Duration::from_millis(QUIET_POLL_MS)),
            "{fx:?}"
        );
        // Errors still back off from there, never faster.
        let err = ApiError::new("GetBackendJob", ErrorKind::Timeout, "slow");
        let fx = p.on_polled(Err(err), 8000);
        assert!(
            matches!(fx.as_slice(), [Effect::PollJob { after, .. }] if *after >= Duration::from_millis(QUIET_POLL_MS))
        );
    }

    #[test]
    fn ambiguous_submit_failures_look_for_a_started_job() {
        let cases = [
            (ApiError::new("C", ErrorKind::Timeout, "no answer"), true),
            (ApiError::new("C", ErrorKind::Parse, "cut off"), true),
            (
                ApiError::new(
                    "C",
                    ErrorKind::Network,
                    "could not reach x: the server closed the connection without answering",
                ),
                true,
            ),
            (
                ApiError::new(
                    "C",
                    ErrorKind::Network,
                    "could not reach x: connection refused",
                ),
                false,
            ),
            (
                ApiError::new(
                    "C",
                    ErrorKind::Throttled {
                        code: None,
                        message: "slow down".into(),
                    },
                    "",
                ),
                false,
            ),
            (ApiError::new("C", ErrorKind::Credentials, "none"), false),
        ];
        for (err, looks) in cases {
            let mut p = JobPane::new(
                3,
                Target::new("app", "dev", "res"),
                "CreateBackendAuth",
                Expect::Nothing,
                0,
            );
            let text = err.to_string();
            let fx = p.on_submitted(Err(err), 10);
            assert_eq!(
                matches!(fx.as_slice(), [Effect::LoadJobs { generation: 3, .. }]),
                looks,
                "{text}"
            );
            assert_eq!(p.maybe_sent, looks, "{text}");
        }
    }
}
