//! `--wait`: following a job to its end, with progress on stderr.
//!
//! The service has no waiter and no push, so this polls GetBackendJob: quickly at first (short
//! jobs, the sandbox), then backing off to a few seconds (real jobs take minutes). On a terminal an
//! indicatif spinner on stderr shows the status and the elapsed time; otherwise each status change
//! is one plain line, which reads well in CI logs. Nothing goes to stdout, which holds the result.
//! Progress is best effort: a failed write to stderr never fails the command.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use tokio::time::Instant;

use crate::aws::{ApiError, Clients, Job};

/// `--timeout` when none is given: longer than any auth job takes, short enough that a stuck CI
/// run ends.
pub const DEFAULT_TIMEOUT: &str = "30m";

const FIRST_POLL: Duration = Duration::from_millis(200);
const MAX_POLL: Duration = Duration::from_secs(5);
const SPINNER_TICK: Duration = Duration::from_millis(100);
/// Transient errors in a row (throttling, 5xx, network) tolerated while polling.
const MAX_TRANSIENT_ERRORS: u32 = 5;

// Here rather than in `args.rs`: the environment and promote commands take it too, and
// `args.rs` re-exports their flags, so this keeps the imports one way.
/// `--wait` and `--timeout`.
#[derive(Args, Debug, Clone, PartialEq)]
pub struct WaitArgs {
    /// Follow the job until it ends: exit 0 when it COMPLETED, 4 when it FAILED.
    #[arg(long)]
    pub wait: bool,
    /// How long `--wait` waits (e.g. 90s, 10m, 1h); exit 6 when it expires, the job goes on.
    #[arg(long, value_parser = parse_duration, default_value = DEFAULT_TIMEOUT, requires = "wait")]
    pub timeout: Duration,
}

/// Parses `--timeout`: a number with an optional unit (`ms`, `s`, `m`, `h`); seconds by default.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 90, 90s, 10m, 1h, 500ms)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => {
            return Err(format!(
                "unknown unit {other:?} in {s:?}: use ms, s, m or h"
            ));
        }
    };
    Duration::try_from_secs_f64(secs).map_err(|_| format!("{s:?} is out of range"))
}

/// `12s`, `3m05s`, `1h02m`.
pub fn format_elapsed(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// How a wait ended.
#[derive(Debug)]
pub enum WaitEnd {
    /// COMPLETED or FAILED.
    Finished(Job),
    /// The timeout came first; the last state seen, if any poll answered.
    TimedOut(Option<Job>),
}

/// Where the job is, for messages.
pub struct JobTarget<'a> {
    pub app_id: &'a str,
    pub env: &'a str,
    pub job_id: &'a str,
    /// The operation, when known before the first poll answers.
    pub operation: Option<&'a str>,
}

/// Progress on stderr: a spinner on a terminal, plain lines otherwise.
pub struct Progress<'a> {
    out: &'a mut dyn Write,
    /// The spinner, on a terminal only; it draws on the process's stderr by itself (indicatif
    /// hides it when that is not a terminal) and turns on its own thread.
    spinner: Option<indicatif::ProgressBar>,
}

impl<'a> Progress<'a> {
    pub fn new(out: &'a mut dyn Write, tty: bool) -> Self {
        let spinner = tty.then(|| {
            let pb = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            {
                pb.set_style(style);
            }
            pb.enable_steady_tick(SPINNER_TICK);
            pb
        });
        Progress { out, spinner }
    }

    /// What the spinner says (on a terminal; plain output has its lines instead).
    pub fn status(&mut self, text: &str) {
        if let Some(pb) = &self.spinner {
            // Drawn by indicatif straight on the terminal, past the streams' escaping.
            pb.set_message(crate::term_text::shown(text).into_owned());
        }
    }

    /// One line that stays, above the spinner.
    pub fn line(&mut self, text: &str) {
        let Progress { out, spinner } = self;
        let mut write = || {
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        };
        match spinner {
            Some(pb) => pb.suspend(write),
            None => write(),
        }
    }

    /// The last line: the spinner is cleared first, so it is not drawn again below the end.
    pub fn finish(&mut self, text: &str) {
        if let Some(pb) = self.spinner.take() {
            pb.finish_and_clear();
        }
        self.line(text);
    }

    pub fn is_spinner(&self) -> bool {
        self.spinner.is_some()
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        if let Some(pb) = self.spinner.take() {
            pb.finish_and_clear();
        }
    }
}

/// Polls the job until it finishes or `timeout` passes.
pub async fn follow(
    clients: &Clients,
    target: &JobTarget<'_>,
    timeout: Duration,
    stderr: &mut dyn Write,
    tty: bool,
) -> Result<WaitEnd, ApiError> {
    let start = Instant::now();
    let deadline = start
        .checked_add(timeout)
        .unwrap_or(start + MAX_POLL * 1_000_000);
    let mut progress = Progress::new(stderr, tty);
    let mut operation = target.operation.map(str::to_string);
    let label = |op: &Option<String>| match op {
        Some(op) => format!("{op} job {}", target.job_id),
        None => format!("job {}", target.job_id),
    };
    let mut status = "waiting".to_string();
    let mut last_reported: Option<String> = None;
    let mut last_job: Option<Job> = None;
    let mut interval = FIRST_POLL;
    let mut transient = 0u32;

    loop {
        // One poll, bounded by the deadline (the spinner turns on its own meanwhile).
        progress.status(&format!("{}: {status}", label(&operation)));
        let call = clients.get_job(target.app_id, target.env, target.job_id);
        let answer = tokio::select! {
            r = call => Some(r),
            _ = tokio::time::sleep_until(deadline) => None,
        };
        match answer {
            None => {
                return Ok(timed_out(
                    &mut progress,
                    &label(&operation),
                    &status,
                    last_job,
                    timeout,
                ));
            }
            Some(Ok(job)) => {
                transient = 0;
                if job.operation.is_some() {
                    operation = job.operation.clone();
                }
                status = job.status.to_string();
                if last_reported.as_deref() != Some(status.as_str()) {
                    last_reported = Some(status.clone());
                    if !job.status.is_finished() && !progress.is_spinner() {
                        progress.line(&format!(
                            "{}: {status} ({})",
                            label(&operation),
                            format_elapsed(start.elapsed())
                        ));
                    }
                }
                if job.status.is_finished() {
                    // A FAILED job's reason is part of the command's error message.
                    progress.finish(&format!(
                        "{}: {status} after {}",
                        label(&operation),
                        format_elapsed(start.elapsed())
                    ));
                    return Ok(WaitEnd::Finished(job));
                }
                last_job = Some(job);
            }
            Some(Err(e)) if e.is_retryable() && transient < MAX_TRANSIENT_ERRORS => {
                transient += 1;
                progress.line(&format!("{e}; polling again"));
            }
            Some(Err(e)) => return Err(e),
        }

        // Sleep until the next poll, or the deadline if sooner.
        progress.status(&format!("{}: {status}", label(&operation)));
        let wake = (Instant::now() + interval).min(deadline);
        tokio::time::sleep_until(wake).await;
        if Instant::now() >= deadline {
            return Ok(timed_out(
                &mut progress,
                &label(&operation),
                &status,
                last_job,
                timeout,
            ));
        }
        interval = (interval * 3 / 2).min(MAX_POLL);
    }
}

fn timed_out(
    progress: &mut Progress<'_>,
    label: &str,
    status: &str,
    last: Option<Job>,
    timeout: Duration,
) -> WaitEnd {
    progress.finish(&format!(
        "{label}: still {status} when the timeout of {} expired; the job goes on",
        format_elapsed(timeout)
    ));
    WaitEnd::TimedOut(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration(DEFAULT_TIMEOUT).is_ok());
    }

    #[test]
    fn elapsed_is_short() {
        assert_eq!(format_elapsed(Duration::from_secs(12)), "12s");
        assert_eq!(format_elapsed(Duration::from_secs(185)), "3m05s");
        assert_eq!(format_elapsed(Duration::from_secs(3720)), "1h02m");
    }
}
