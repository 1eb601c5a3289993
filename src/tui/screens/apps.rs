//! Home: the Amplify apps in this account and region.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::AppSummary;
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::{Cmd, Ctx, Load};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::widgets::list::{ListState, MOVE_KEYS};

#[derive(Clone, Debug, Default)]
pub struct AppsView {
    pub list: ListState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    Create,
    Overview,
    Filter,
    Reload,
    Switch,
    Help,
    Quit,
    Back,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Open)], "Enter", "open"),
    show(&[(key('c'), Action::Create)], "c", "create auth"),
    show(&[(key('o'), Action::Overview)], "o", "account overview"),
    show(&[(key('/'), Action::Filter)], "/", "filter"),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(key('a'), Action::Switch)], "a", "account/region"),
    show(&[(key('?'), Action::Help)], "?", "help"),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(
        &[(code(KeyCode::Esc), Action::Back)],
        "Esc",
        "back (at the start: asks to quit)",
    ),
];

impl AppsView {
    pub fn keys(&self) -> Keys {
        self.list.keys(KEYS, MOVE_KEYS)
    }

    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx) -> Option<Cmd> {
        let apps: &[AppSummary] = match ctx.apps {
            Load::Loaded(a) => a,
            _ => &[],
        };
        let rows = rows(apps);
        if self.list.filtering {
            return self.list.filter_key(k, &rows).then_some(Cmd::None);
        }
        if self.list.move_key(MOVE_KEYS, k, &rows) {
            return Some(Cmd::None);
        }
        let selected = self.list.selected(&rows).map(|i| apps[i].app_id.clone());
        Some(match keys::action(KEYS, k, |_| true) {
            Some(Action::Open) => match selected {
                Some(app_id) => Cmd::OpenEnvs { app_id },
                None => Cmd::None,
            },
            Some(Action::Create) => Cmd::Create {
                app_id: selected.unwrap_or_default(),
                env: String::new(),
            },
            Some(Action::Overview) => Cmd::OpenOverview,
            Some(Action::Filter) => {
                self.list.start_filter();
                Cmd::None
            }
            Some(Action::Reload) => Cmd::Reload,
            Some(Action::Switch) => Cmd::SwitchAccount,
            Some(Action::Help) => Cmd::Help,
            Some(Action::Quit) => Cmd::Quit,
            Some(Action::Back) => Cmd::Back,
            None => Cmd::None,
        })
    }
}

pub fn rows(apps: &[AppSummary]) -> Vec<String> {
    apps.iter()
        .map(|a| format!("{:<28} {:<16} {}", a.name, a.app_id, a.platform))
        .collect()
}

pub fn render(view: &AppsView, apps: &Load<Vec<AppSummary>>, frame: &mut Frame, area: Rect) {
    let (head, rows, empty) = match apps {
        Load::NotAsked | Load::Loading => (vec![Line::styled("Loading apps…", theme::dim())], vec![], String::new()),
        Load::Failed(e) => (
            vec![
                Line::styled(format!("✗ Could not list apps: {e}"), theme::error()),
                Line::from("r retries. Check the profile, region and credentials, or pass --app-id."),
            ],
            vec![],
            String::new(),
        ),
        Load::Loaded(apps) => (
            vec![Line::styled(format!("  {:<28} {:<16} {}", "NAME", "APP ID", "PLATFORM"), theme::title())],
            rows(apps),
            "No Amplify apps in this account and region. Create one in the Amplify console, or run with --sandbox to try the demo.".to_string(),
        ),
    };
    view.list.render(frame, area, "Apps", head, &rows, &empty);
}

impl ScreenView for AppsView {
    fn title(&self) -> &'static str {
        "Apps"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        AppsView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, cx: &Ctx) -> Option<Cmd> {
        AppsView::on_key(self, k, *cx)
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        render(self, cx.apps, frame, area)
    }

    /// The apps list is the app's, not the screen's: the wizard's pickers use it too.
    fn load(&mut self, _: u64, cx: &mut LoadCx) -> Vec<crate::tui::msg::Effect> {
        *cx.apps = Load::Loading;
        vec![crate::tui::msg::Effect::LoadApps]
    }

    fn loading(&self, cx: &Ctx) -> bool {
        matches!(cx.apps, Load::Loading)
    }

    /// Under `--overview` the apps were never read.
    fn reloads_on_return(&self, cx: &Ctx) -> bool {
        matches!(cx.apps, Load::NotAsked)
    }

    crate::tui::screen::list_screen!(list);
}
