//! First start with nothing usable: the TUI opens here instead of crashing when it cannot build
//! a working client (no region, no credentials, an expired SSO session, an unknown profile, an
//! MFA role). It says what is missing and offers the ways on: a profile, a region, or the
//! embedded sandbox. Quitting from here returns the problem's exit code (the headless table's).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, ConnectTo, Problem};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::account_picker::AccountPicker;

#[derive(Clone, Debug)]
pub struct SetupView {
    /// What stops the app from connecting now (the latest attempt's problem).
    pub problem: Problem,
    pub picker: AccountPicker,
    /// `--app-id` / `--env` given at start: opened once connected.
    pub then_open: Option<(String, Option<String>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Sandbox,
    Reread,
    Help,
    Quit,
    /// Esc: quit too, and works while a region is typed.
    Leave,
}

pub const KEYS: &[Binding<Action>] = &[
    show(
        &[(key('s'), Action::Sandbox)],
        "s",
        "open the local sandbox",
    ),
    show(&[(key('r'), Action::Reread)], "r", "re-read profiles"),
    // As on every other first screen (the README's five keys): `?` was dropped here silently.
    show(&[(key('?'), Action::Help)], "?", "help"),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(code(KeyCode::Esc), Action::Leave)], "Esc", "quit"),
];

impl SetupView {
    pub fn new(problem: Problem, picker: AccountPicker) -> SetupView {
        SetupView {
            problem,
            picker,
            then_open: None,
        }
    }

    /// The picker's keys, then these; the printable ones step aside while a region is typed.
    pub fn keys(&self) -> Keys {
        let typing = self.picker.typing();
        self.picker
            .keys()
            .and(Keys::of(KEYS, |a| !typing || a == Action::Leave, typing))
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        if let Some(pick) = self.picker.on_key(k) {
            return Some(pick.map_or(Cmd::None, Cmd::Connect));
        }
        let typing = self.picker.typing();
        let action = keys::action(KEYS, k, |a| !typing || a == Action::Leave)?;
        if self.picker.connecting && !matches!(action, Action::Quit | Action::Leave) {
            return Some(Cmd::None);
        }
        Some(match action {
            Action::Sandbox => Cmd::Connect(ConnectTo::Sandbox),
            Action::Reread => Cmd::ListProfiles,
            Action::Help => Cmd::Help,
            Action::Quit | Action::Leave => Cmd::Quit,
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let mut text = vec![
            Line::styled("amplify-auth cannot connect yet:", theme::title()),
            Line::styled(
                crate::aws::sanitize_text(&self.problem.message),
                theme::error(),
            ),
            Line::from(""),
            Line::from(
                "Pick a profile and a region and press Enter, or press s to open the local \
                 sandbox (no AWS account needed).",
            ),
        ];
        if let Some(n) = self.picker.note_line() {
            text.push(n);
        }
        let [top, bottom] =
            Layout::vertical([Constraint::Length(9), Constraint::Min(5)]).areas(area);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" What is missing ")),
            top,
        );
        self.picker.render(frame, bottom);
    }
}

impl ScreenView for SetupView {
    fn title(&self) -> &'static str {
        "Set up"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        SetupView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        SetupView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        SetupView::render(self, frame, area)
    }

    fn typing(&self) -> bool {
        self.picker.typing()
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        let input = self.picker.input()?;
        Some(input)
    }
}
