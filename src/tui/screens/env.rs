//! One environment: its auth resources, and the pending job that would block changes.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::list::ListState;
use crate::aws::{BackendInfo, Job};
use crate::tui::app::Load;
use crate::tui::theme;

#[derive(Clone, Debug)]
pub struct EnvView {
    pub app_id: String,
    pub env: String,
    pub generation: u64,
    pub backend: Load<BackendInfo>,
    pub jobs: Load<Vec<Job>>,
    pub list: ListState,
}

impl EnvView {
    pub fn new(app_id: &str, env: &str, generation: u64) -> EnvView {
        EnvView {
            app_id: app_id.into(),
            env: env.into(),
            generation,
            backend: Load::Loading,
            jobs: Load::Loading,
            list: ListState::default(),
        }
    }

    pub fn rows(&self) -> Vec<String> {
        match &self.backend {
            Load::Loaded(b) => b
                .auth_resources
                .iter()
                .map(|r| {
                    format!(
                        "{:<28} {:<26} {}",
                        r.name,
                        r.user_pool_id.as_deref().unwrap_or("-"),
                        if r.imported { "imported" } else { "" }
                    )
                })
                .collect(),
            _ => vec![],
        }
    }

    /// The newest job still running here: it blocks every other change to the environment.
    pub fn pending_job(&self) -> Option<&Job> {
        match &self.jobs {
            Load::Loaded(jobs) => jobs
                .iter()
                .filter(|j| !j.status.is_finished())
                .max_by_key(|j| j.create_time),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now: Option<SystemTime>) {
        let mut head = vec![Line::styled(
            format!("{} / {}", self.app_id, self.env),
            theme::title(),
        )];
        if let Some(job) = self.pending_job() {
            head.push(Line::styled(
                format!(
                    "! Pending job {} ({}), started {}: {}",
                    job.operation.as_deref().unwrap_or("?"),
                    job.status.as_str(),
                    age(job.create_time, now),
                    job.job_id,
                ),
                theme::warning(),
            ));
            head.push(Line::styled(
                "  Other changes to this environment wait until it ends. j shows the jobs; Enter there watches it.",
                theme::warning(),
            ));
        }
        if let Load::Failed(e) = &self.backend {
            head.push(Line::styled(
                format!("✗ Could not read the environment: {e} (r retries)"),
                theme::error(),
            ));
        }
        if matches!(self.backend, Load::Loading) {
            head.push(Line::styled("Loading…", theme::dim()));
        }
        if matches!(self.backend, Load::Loaded(_)) {
            head.push(Line::styled(
                format!("  {:<28} {:<26} {}", "AUTH RESOURCE", "USER POOL", ""),
                theme::title(),
            ));
        }
        let empty = "No auth yet: press c to create, or i to import existing Cognito pools.";
        self.list
            .render(frame, area, "Auth resources", head, &self.rows(), empty);
    }
}

/// "3 min ago", or "at an unknown time".
pub fn age(t: Option<SystemTime>, now: Option<SystemTime>) -> String {
    match (t, now) {
        (Some(t), Some(now)) => match now.duration_since(t) {
            Ok(d) => format!("{} ago", super::job::fmt_duration(d.as_millis() as u64)),
            Err(_) => "just now".into(),
        },
        _ => "at an unknown time".into(),
    }
}
