//! One environment: its auth resources, and the pending job that would block changes.

use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::{BackendInfo, Job};
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::{Cmd, Load, Target};
use crate::tui::msg::{Ctx, Effect};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::time_text::age;
use crate::tui::widgets::list::{ListState, MOVE_KEYS_NO_J};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    Create,
    Import,
    Jobs,
    Mark,
    Compare,
    Reload,
    Back,
    Quit,
    Filter,
    Help,
}

/// `j` is "jobs" here, not the list's vim-style down: an environment has one or two resources,
/// and ↓ still moves.
pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Open)], "Enter", "view"),
    show(&[(key('c'), Action::Create)], "c", "create"),
    show(&[(key('i'), Action::Import)], "i", "import"),
    show(&[(key('j'), Action::Jobs)], "j", "jobs"),
    help_only(
        &[(key(' '), Action::Mark)],
        "Space",
        "mark a resource to compare",
    ),
    help_only(
        &[(key('d'), Action::Compare)],
        "d",
        "compare the marked resources",
    ),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('/'), Action::Filter)], "/", "filter"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

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

    pub fn keys(&self) -> Keys {
        self.list
            .keys_when(KEYS, MOVE_KEYS_NO_J, |a| self.enabled(a))
    }

    /// The auth resource this environment has, once read. An environment holds one (the
    /// Amplify CLI's "Auth has already been added"; the sandbox's rule one-auth-per-env): a
    /// second create or import would only FAIL its job, so neither is offered then.
    fn existing_auth(&self) -> Option<&str> {
        match &self.backend {
            Load::Loaded(b) => b.auth_resources.first().map(|r| r.name.as_str()),
            _ => None,
        }
    }

    fn enabled(&self, a: Action) -> bool {
        !(matches!(a, Action::Create | Action::Import) && self.existing_auth().is_some())
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let rows = self.rows();
        if self.list.filtering {
            return self.list.filter_key(k, &rows).then_some(Cmd::None);
        }
        if self.list.move_key(MOVE_KEYS_NO_J, k, &rows) {
            return Some(Cmd::None);
        }
        let (app_id, env) = (self.app_id.clone(), self.env.clone());
        Some(match keys::action(KEYS, k, |a| self.enabled(a)) {
            Some(Action::Open) => {
                let (Some(i), Load::Loaded(b)) = (self.list.selected(&rows), &self.backend) else {
                    return Some(Cmd::None);
                };
                let meta = b.auth_resources.get(i).cloned();
                let name = meta.as_ref().map(|m| m.name.clone()).unwrap_or_default();
                Cmd::OpenConfig {
                    target: Target::new(&app_id, &env, &name),
                    meta,
                }
            }
            Some(Action::Create) => Cmd::Create { app_id, env },
            Some(Action::Import) => Cmd::OpenImport { app_id, env },
            Some(Action::Jobs) => Cmd::OpenJobs { app_id, env },
            Some(Action::Mark) => {
                self.list.toggle_mark(&rows);
                Cmd::None
            }
            Some(Action::Compare) => {
                let (Some((a, b)), Load::Loaded(bk)) = (self.list.pair(&rows), &self.backend)
                else {
                    return Some(Cmd::None);
                };
                let name = |i: usize| bk.auth_resources.get(i).map(|r| r.name.clone());
                match (name(a), name(b)) {
                    (Some(l), Some(r)) => Cmd::Compare {
                        left: Target::new(&app_id, &env, &l),
                        right: Target::new(&app_id, &env, &r),
                    },
                    _ => Cmd::None,
                }
            }
            Some(Action::Reload) => Cmd::Reload,
            Some(Action::Back) => Cmd::Back,
            Some(Action::Quit) => Cmd::Quit,
            Some(Action::Filter) => {
                self.list.start_filter();
                Cmd::None
            }
            Some(Action::Help) => Cmd::Help,
            None => Cmd::None,
        })
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
            format!(
                "{} / {}",
                crate::term_text::shown(&self.app_id),
                crate::term_text::shown(&self.env)
            ),
            theme::title(),
        )];
        if let Some(job) = self.pending_job() {
            head.push(Line::styled(
                format!(
                    "! Pending job {} ({}), started {}: {}",
                    job.operation.as_deref().unwrap_or("?"),
                    job.status.as_str(),
                    age(job.create_time, now),
                    crate::term_text::shown(&job.job_id),
                ),
                theme::warning(),
            ));
            head.push(Line::styled(
                format!(
                    "  Other changes to this environment wait until it ends. {} shows the jobs; {} there watches it.",
                    keys::hint(KEYS, Action::Jobs),
                    keys::hint(super::job_history::KEYS, super::job_history::Action::Watch),
                ),
                theme::warning(),
            ));
        }
        if let Load::Failed(e) = &self.backend {
            head.push(Line::styled(
                format!(
                    "✗ Could not read the environment: {e} ({} retries)",
                    keys::hint(KEYS, Action::Reload)
                ),
                theme::error(),
            ));
        }
        if matches!(self.backend, Load::Loading) {
            head.push(Line::styled("Loading…", theme::dim()));
        }
        if let Some(name) = self.existing_auth() {
            head.push(Line::styled(
                format!(
                    "One auth resource per environment: {} opens {} to change it.",
                    keys::hint(KEYS, Action::Open),
                    crate::term_text::shown(name)
                ),
                theme::dim(),
            ));
        }
        if matches!(self.backend, Load::Loaded(_)) {
            head.push(Line::styled(
                format!("  {:<28} {:<26} {}", "AUTH RESOURCE", "USER POOL", ""),
                theme::title(),
            ));
        }
        head.extend(mark_hint(
            &self.list,
            &self.rows(),
            "resource",
            (
                keys::hint(KEYS, Action::Mark),
                keys::hint(KEYS, Action::Compare),
            ),
        ));
        let empty = format!(
            "No auth yet: press {} to create, or {} to import existing Cognito pools.",
            keys::hint(KEYS, Action::Create),
            keys::hint(KEYS, Action::Import)
        );
        self.list.render(
            frame,
            area,
            "Auth resources",
            head,
            &self.rows(),
            self.backend.empty_note(&empty),
        );
    }
}

/// Above a list with marks (here and on the environments list): what is marked and what the
/// compare key (`compare`, the label of the screen's Compare row) will compare; `mark` is the
/// label of its Mark row.
pub fn mark_hint(
    list: &ListState,
    rows: &[String],
    what: &str,
    (mark, compare): (&str, &str),
) -> Option<Line<'static>> {
    let names: Vec<String> = list
        .marked
        .iter()
        .filter_map(|i| rows.get(*i))
        .map(|r| r.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    match names.len() {
        0 => None,
        1 => Some(Line::styled(
            format!(
                "✓ {} marked: mark another {what} ({mark}) or select one, then {compare} compares.",
                names[0]
            ),
            theme::title(),
        )),
        _ => Some(Line::styled(
            format!(
                "✓ {} and {} marked: {compare} compares them.",
                names[0], names[1]
            ),
            theme::title(),
        )),
    }
}

impl ScreenView for EnvView {
    fn title(&self) -> &'static str {
        "Environment"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        EnvView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        EnvView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        EnvView::render(self, frame, area, cx.wall_now)
    }

    /// The environment's backend (its auth resource) and its jobs.
    fn load(&mut self, generation: u64, _: &mut LoadCx) -> Vec<Effect> {
        self.generation = generation;
        self.backend = Load::Loading;
        self.jobs = Load::Loading;
        vec![
            Effect::LoadBackend {
                generation,
                app_id: self.app_id.clone(),
                env: Some(self.env.clone()),
            },
            Effect::LoadJobs {
                generation,
                app_id: self.app_id.clone(),
                env: self.env.clone(),
            },
        ]
    }

    fn loading(&self, _: &Ctx) -> bool {
        matches!(self.backend, Load::Loading)
    }

    fn reloads_on_return(&self, _: &Ctx) -> bool {
        true
    }

    crate::tui::screen::list_screen!(list);
}
