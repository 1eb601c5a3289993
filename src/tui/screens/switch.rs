//! Switching account inside the app: the profile and region picker opened from the apps screen.
//! Choosing rebuilds the clients and reloads the apps; nothing of the previous account stays.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::keys::{self, Binding, Keys, code, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, ConnectTo};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::widgets::TextInput;
use crate::tui::widgets::account_picker::{AccountPicker, Pick};

#[derive(Clone, Debug)]
pub struct SwitchView {
    /// The connection in use, as the header names it.
    pub current: String,
    pub picker: AccountPicker,
    /// Why the last choice failed; the current connection stays in use.
    pub problem: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Sandbox,
    Reread,
    Back,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(key('s'), Action::Sandbox)], "s", "local sandbox"),
    show(&[(key('r'), Action::Reread)], "r", "re-read profiles"),
    show(
        &[(code(KeyCode::Esc), Action::Back)],
        "Esc",
        "back, no change",
    ),
];

impl SwitchView {
    pub fn new(current: String, picker: AccountPicker) -> SwitchView {
        SwitchView {
            current,
            picker,
            problem: None,
        }
    }

    /// While a connection is being made nothing else can start, and Esc waits too: the runner
    /// takes the new clients when they answer, so leaving would show one account while talking
    /// to another. The connect is bounded by the clients' timeouts.
    fn enabled(&self, a: Action) -> bool {
        if self.picker.connecting {
            return false;
        }
        !self.picker.typing() || a == Action::Back
    }

    pub fn keys(&self) -> Keys {
        self.picker
            .keys()
            .and(Keys::of(KEYS, |a| self.enabled(a), self.picker.typing()))
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        if let Some(pick) = self.picker.on_key(k) {
            return Some(pick.map_or(Cmd::None, Cmd::Connect));
        }
        if self.picker.connecting {
            return Some(Cmd::None);
        }
        let action = keys::action(KEYS, k, |a| self.enabled(a))?;
        Some(match action {
            Action::Sandbox => Cmd::Connect(ConnectTo::Sandbox),
            Action::Reread => Cmd::ListProfiles,
            Action::Back => Cmd::Back,
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let connect = keys::hint(
            crate::tui::widgets::account_picker::PICK_KEYS,
            Pick::Connect,
        );
        let mut now = format!(
            "Now: {}. Pick a profile and a region and press {connect}",
            self.current
        );
        // While a region is typed, `s` is text.
        if self.enabled(Action::Sandbox) {
            now += &format!(
                "; {} opens the local sandbox",
                keys::hint(KEYS, Action::Sandbox)
            );
        }
        let mut text = vec![Line::from(now + ".")];
        if let Some(p) = &self.problem {
            text.push(Line::styled(
                format!("✗ {}", crate::aws::sanitize_text(p)),
                theme::error(),
            ));
        }
        if let Some(n) = self.picker.note_line() {
            text.push(n);
        }
        let [top, bottom] =
            Layout::vertical([Constraint::Length(6), Constraint::Min(5)]).areas(area);
        frame.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" Switch account or region ")),
            top,
        );
        self.picker.render(frame, bottom);
    }
}

impl ScreenView for SwitchView {
    fn title(&self) -> &'static str {
        "Switch account"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        SwitchView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        SwitchView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        SwitchView::render(self, frame, area)
    }

    fn typing(&self) -> bool {
        self.picker.typing()
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        let input = self.picker.input()?;
        Some(input)
    }
}
