//! Job history of an environment, newest first, filterable by status and operation.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::{Job, sanitize_text};
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::{Cmd, Load};
use crate::tui::msg::{Ctx, Effect};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::time_text::age;
use crate::tui::widgets::list::{ListState, MOVE_KEYS};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Watch,
    StatusFilter,
    OperationFilter,
    Filter,
    Reload,
    Back,
    Quit,
    Help,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Watch)], "Enter", "watch"),
    show(&[(key('s'), Action::StatusFilter)], "s", "status filter"),
    show(
        &[(key('o'), Action::OperationFilter)],
        "o",
        "operation filter",
    ),
    show(&[(key('/'), Action::Filter)], "/", "filter"),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

impl JobsView {
    pub fn keys(&self) -> Keys {
        self.list.keys(KEYS, MOVE_KEYS)
    }

    pub fn on_key(&mut self, k: &KeyEvent, now: Option<SystemTime>) -> Option<Cmd> {
        let rows = self.rows(now);
        if self.list.filtering {
            return self.list.filter_key(k, &rows).then_some(Cmd::None);
        }
        if self.list.move_key(MOVE_KEYS, k, &rows) {
            return Some(Cmd::None);
        }
        Some(match keys::action(KEYS, k, |_| true) {
            Some(Action::Watch) => match self.list.selected(&rows) {
                Some(i) => Cmd::Follow(Box::new(self.shown()[i].clone())),
                None => Cmd::None,
            },
            Some(Action::StatusFilter) => {
                self.status_filter = (self.status_filter + 1) % STATUS_FILTERS.len();
                self.list.cursor = 0;
                Cmd::None
            }
            Some(Action::OperationFilter) => {
                self.operation_filter = (self.operation_filter + 1) % OPERATION_FILTERS.len();
                self.list.cursor = 0;
                Cmd::None
            }
            Some(Action::Filter) => {
                self.list.start_filter();
                Cmd::None
            }
            Some(Action::Reload) => Cmd::Reload,
            Some(Action::Back) => Cmd::Back,
            Some(Action::Quit) => Cmd::Quit,
            Some(Action::Help) => Cmd::Help,
            None => Cmd::None,
        })
    }

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
                crate::term_text::shown(&self.app_id),
                crate::term_text::shown(&self.env),
                STATUS_FILTERS[self.status_filter],
                OPERATION_FILTERS[self.operation_filter]
            ),
            theme::title(),
        )];
        match &self.jobs {
            Load::Failed(e) => head.push(Line::styled(
                format!(
                    "✗ Could not list jobs: {e} ({} retries)",
                    keys::hint(KEYS, Action::Reload)
                ),
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
        self.list.render(
            frame,
            area,
            "Jobs",
            head,
            &self.rows(now),
            self.jobs.empty_note(empty),
        );
    }
}

impl ScreenView for JobsView {
    fn title(&self) -> &'static str {
        "Job history"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        JobsView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, cx: &Ctx) -> Option<Cmd> {
        JobsView::on_key(self, k, cx.wall_now)
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        JobsView::render(self, frame, area, cx.wall_now)
    }

    fn load(&mut self, generation: u64, _: &mut LoadCx) -> Vec<Effect> {
        self.generation = generation;
        self.jobs = Load::Loading;
        vec![Effect::LoadJobs {
            generation,
            app_id: self.app_id.clone(),
            env: self.env.clone(),
        }]
    }

    fn loading(&self, _: &Ctx) -> bool {
        matches!(self.jobs, Load::Loading)
    }

    fn reloads_on_return(&self, _: &Ctx) -> bool {
        true
    }

    crate::tui::screen::list_screen!(list);
}
