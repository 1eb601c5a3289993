//! Job history of an environment, newest first, filterable by status and operation.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::env::age;
use super::list::ListState;
use crate::aws::{Job, sanitize_text};
use crate::tui::app::Load;
use crate::tui::theme;

pub const STATUS_FILTERS: [&str; 4] = ["all", "RUNNING", "COMPLETED", "FAILED"];
pub const OPERATION_FILTERS: [&str; 6] = [
    "all",
    "CreateBackendAuth",
    "UpdateBackendAuth",
    "DeleteBackendAuth",
    "ImportBackendAuth",
    "CreateBackend",
];

#[derive(Clone, Debug)]
pub struct JobsView {
    pub app_id: String,
    pub env: String,
    pub generation: u64,
    pub jobs: Load<Vec<Job>>,
    pub status_filter: usize,
    pub operation_filter: usize,
    pub list: ListState,
}

impl JobsView {
    pub fn new(app_id: &str, env: &str, generation: u64) -> JobsView {
        JobsView {
            app_id: app_id.into(),
            env: env.into(),
            generation,
            jobs: Load::Loading,
            status_filter: 0,
            operation_filter: 0,
            list: ListState::default(),
        }
    }

    /// The jobs passing the status and operation filters, newest first.
    pub fn shown(&self) -> Vec<Job> {
        let Load::Loaded(jobs) = &self.jobs else {
            return vec![];
        };
        let status = STATUS_FILTERS[self.status_filter];
        let op = OPERATION_FILTERS[self.operation_filter];
        let mut v: Vec<Job> = jobs
            .iter()
            .filter(|j| status == "all" || j.status.as_str() == status)
            .filter(|j| op == "all" || j.operation.as_deref() == Some(op))
            .cloned()
            .collect();
        v.sort_by_key(|j| std::cmp::Reverse(j.create_time));
        v
    }

    pub fn rows(&self, now: Option<SystemTime>) -> Vec<String> {
        self.shown()
            .iter()
            .map(|j| {
                format!(
                    "{:<14} {:<20} {:<10} {:<38} {}",
                    age(j.create_time, now),
                    j.operation.as_deref().unwrap_or("?"),
                    j.status.as_str(),
                    j.job_id,
                    sanitize_text(j.error.as_deref().unwrap_or(""))
                )
            })
            .collect()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now: Option<SystemTime>) {
        let mut head = vec![Line::styled(
            format!(
                "{} / {} · status: {} (s) · operation: {} (o)",
                self.app_id,
                self.env,
                STATUS_FILTERS[self.status_filter],
                OPERATION_FILTERS[self.operation_filter]
            ),
            theme::title(),
        )];
        match &self.jobs {
            Load::Failed(e) => head.push(Line::styled(
                format!("✗ Could not list jobs: {e} (r retries)"),
                theme::error(),
            )),
            Load::Loading | Load::NotAsked => {
                head.push(Line::styled("Loading jobs…", theme::dim()))
            }
            Load::Loaded(_) => head.push(Line::styled(
                format!(
                    "  {:<14} {:<20} {:<10} {:<38} {}",
                    "STARTED", "OPERATION", "STATUS", "JOB ID", "ERROR"
                ),
                theme::title(),
            )),
        }
        let empty = "No jobs match (s / o change the filters).";
        self.list
            .render(frame, area, "Jobs", head, &self.rows(now), empty);
    }
}
