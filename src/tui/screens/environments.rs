//! An app's backend environments.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::BackendInfo;
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::{Cmd, Load, Target};
use crate::tui::msg::{Ctx, Effect};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::widgets::list::{ListState, MOVE_KEYS};

#[derive(Clone, Debug)]
pub struct EnvsView {
    pub app_id: String,
    pub generation: u64,
    pub backend: Load<BackendInfo>,
    pub list: ListState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    Create,
    Add,
    Mark,
    Compare,
    Filter,
    Reload,
    Back,
    Quit,
    Help,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Open)], "Enter", "open"),
    show(&[(key('c'), Action::Create)], "c", "create auth"),
    show(&[(key('a'), Action::Add)], "a", "add env"),
    show(&[(key(' '), Action::Mark)], "Space", "mark"),
    show(&[(key('d'), Action::Compare)], "d", "compare marked"),
    show(&[(key('/'), Action::Filter)], "/", "filter"),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

impl EnvsView {
    pub fn keys(&self) -> Keys {
        self.list.keys(KEYS, MOVE_KEYS)
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let rows = self.rows();
        if self.list.filtering {
            return self.list.filter_key(k, &rows).then_some(Cmd::None);
        }
        if self.list.move_key(MOVE_KEYS, k, &rows) {
            return Some(Cmd::None);
        }
        let selected = self.list.selected(&rows).map(|i| rows[i].clone());
        Some(match keys::action(KEYS, k, |_| true) {
            Some(Action::Open) => match selected {
                Some(env) => Cmd::OpenEnv {
                    app_id: self.app_id.clone(),
                    env,
                },
                None => Cmd::None,
            },
            Some(Action::Create) => Cmd::Create {
                app_id: self.app_id.clone(),
                env: selected.unwrap_or_default(),
            },
            // With no environment yet this is the set-up: the form proposes `staging`.
            Some(Action::Add) => Cmd::AddEnv {
                app_id: self.app_id.clone(),
                app_name: match &self.backend {
                    Load::Loaded(b) => b.app_name.clone(),
                    _ => String::new(),
                },
                envs: rows.clone(),
                from: selected,
            },
            Some(Action::Mark) => {
                self.list.toggle_mark(&rows);
                Cmd::None
            }
            Some(Action::Compare) => match self.list.pair(&rows) {
                Some((a, b)) => Cmd::Compare {
                    left: Target::new(&self.app_id, &rows[a], ""),
                    right: Target::new(&self.app_id, &rows[b], ""),
                },
                None => Cmd::None,
            },
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

    pub fn rows(&self) -> Vec<String> {
        match &self.backend {
            Load::Loaded(b) => b.environments.clone(),
            _ => vec![],
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let mut head = match &self.backend {
            Load::Loaded(b) => vec![Line::styled(
                format!(
                    "App {} ({})",
                    crate::term_text::shown(&b.app_name),
                    crate::term_text::shown(&self.app_id)
                ),
                theme::title(),
            )],
            Load::Failed(e) => vec![
                Line::styled(
                    format!(
                        "✗ Could not read the backend of {}: {e}",
                        crate::term_text::shown(&self.app_id)
                    ),
                    theme::error(),
                ),
                Line::from("r retries · a sets up a backend environment if the app has none yet."),
            ],
            _ => vec![Line::styled("Loading environments…", theme::dim())],
        };
        let rows = self.rows();
        head.extend(super::environment::mark_hint(
            &self.list,
            &rows,
            "environment",
            (
                keys::hint(KEYS, Action::Mark),
                keys::hint(KEYS, Action::Compare),
            ),
        ));
        let empty = format!(
            "This app has no backend environment yet: press {} to set one up (it proposes staging, Amplify Studio's first).",
            keys::hint(KEYS, Action::Add)
        );
        self.list.render(
            frame,
            area,
            "Environments",
            head,
            &rows,
            self.backend.empty_note(&empty),
        );
    }
}

impl ScreenView for EnvsView {
    fn title(&self) -> &'static str {
        "Environments"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        EnvsView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        EnvsView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        EnvsView::render(self, frame, area)
    }

    fn load(&mut self, generation: u64, _: &mut LoadCx) -> Vec<Effect> {
        self.generation = generation;
        self.backend = Load::Loading;
        vec![Effect::LoadBackend {
            generation,
            app_id: self.app_id.clone(),
            env: None,
        }]
    }

    fn loading(&self, _: &Ctx) -> bool {
        matches!(self.backend, Load::Loading)
    }

    fn reloads_on_return(&self, _: &Ctx) -> bool {
        true
    }

    crate::tui::screen::list_screen!(list);
}
