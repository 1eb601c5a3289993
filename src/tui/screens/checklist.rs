//! Provider checklists: for each social provider of the resource, what to enter in that
//! provider's console (`domain::checklist`), one provider at a time, each value selectable and
//! copyable.
//!
//! Copying is an effect: the runner sends OSC 52 (the clipboard of the terminal the user sits
//! at, also over SSH) and, on a local session with a clipboard tool, that tool as well. The
//! console URL becomes an OSC 8 hyperlink where the terminal supports them (the runner draws it
//! over the plain text at [`ChecklistView::link`]'s position).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::checklist::ProviderChecklist;
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Target};
use crate::tui::screen::ScreenView;
use crate::tui::theme;

#[derive(Clone, Debug)]
pub struct ChecklistView {
    pub target: Target,
    /// One per provider; empty with a reason in `empty_reason`.
    pub lists: Vec<ProviderChecklist>,
    pub empty_reason: Option<String>,
    /// Which provider is shown.
    pub page: usize,
    /// Which row of it is selected: 0 is the console URL, then the items.
    pub cursor: usize,
    /// The outcome of the last copy.
    pub status: Option<Result<String, String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Copy,
    Move(i8),
    Page(i8),
    Back,
    Quit,
}

pub const KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Enter), Action::Copy),
            (key('c'), Action::Copy),
        ],
        "Enter/c",
        "copy",
    ),
    show(
        &[
            (code(KeyCode::Up), Action::Move(-1)),
            (code(KeyCode::Down), Action::Move(1)),
        ],
        "↑↓",
        "select",
    ),
    show(
        &[
            (code(KeyCode::Tab), Action::Page(1)),
            (code(KeyCode::BackTab), Action::Page(-1)),
            (code(KeyCode::Right), Action::Page(1)),
            (code(KeyCode::Left), Action::Page(-1)),
        ],
        "Tab/←→",
        "next provider",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
];

/// The console link's row inside the frame (the provider title is row 1).
const LINK_ROW: u16 = 2;

impl ChecklistView {
    /// `hosted_ui_host` is the deployed hosted UI host, or why there is none.
    pub fn new(
        target: Target,
        config: &crate::domain::AuthConfig,
        hosted_ui_host: Result<String, String>,
    ) -> ChecklistView {
        let (lists, empty_reason) = match hosted_ui_host {
            Ok(host) => {
                let lists = crate::domain::checklist::provider_checklists(config, &host);
                let why = lists.is_empty().then(|| {
                    "No social provider is configured: there is nothing to enter on a provider's side."
                        .to_string()
                });
                (lists, why)
            }
            Err(e) => (Vec::new(), Some(e)),
        };
        ChecklistView {
            target,
            lists,
            empty_reason,
            page: 0,
            cursor: 0,
            status: None,
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, false)
    }

    fn current(&self) -> Option<&ProviderChecklist> {
        self.lists.get(self.page)
    }

    /// The selected value: the console URL or an item's value.
    pub fn selected(&self) -> Option<(&str, String)> {
        let list = self.current()?;
        match self.cursor {
            0 => Some(("Console", list.console_url.to_string())),
            i => list.items.get(i - 1).map(|it| (it.label, it.value.clone())),
        }
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let cmd = match keys::action(KEYS, k, |_| true)? {
            Action::Copy => match self.selected() {
                Some((label, value)) if !value.is_empty() => Cmd::Effects(vec![Effect::Copy {
                    label: label.to_string(),
                    text: value,
                }]),
                Some((label, _)) => {
                    self.status = Some(Err(format!("{label} is empty in the config.")));
                    Cmd::None
                }
                None => Cmd::None,
            },
            Action::Move(d) => {
                let rows = self.current().map_or(0, |l| l.items.len() + 1);
                if rows > 0 {
                    self.cursor =
                        (self.cursor as isize + d as isize).clamp(0, rows as isize - 1) as usize;
                }
                Cmd::None
            }
            Action::Page(d) => {
                let n = self.lists.len();
                if n > 0 {
                    self.page = (self.page as isize + d as isize).rem_euclid(n as isize) as usize;
                    self.cursor = 0;
                    self.status = None;
                }
                Cmd::None
            }
            Action::Back => Cmd::Back,
            Action::Quit => Cmd::Quit,
        };
        Some(cmd)
    }

    /// The runner's answer to a copy: how the value got onto a clipboard, or why not.
    pub fn on_copied(&mut self, result: Result<String, String>) {
        self.status = Some(result);
    }

    /// Where the console URL is drawn inside `area` (the screen's body), for the runner to draw
    /// it again as an OSC 8 hyperlink: (column, row, url).
    pub fn link(&self, area: Rect) -> Option<(u16, u16, &'static str)> {
        let list = self.current()?;
        // Border, the selection marker and a space, the label, two spaces.
        let x = area.x + 1 + 2 + CONSOLE_LABEL.chars().count() as u16 + 2;
        let fits = x as usize + list.console_url.len() < (area.x + area.width) as usize;
        fits.then_some((x, area.y + 1 + LINK_ROW - 1, list.console_url))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let title = format!(
            " Provider checklist · {}/{}/{} ",
            self.target.app_id, self.target.env, self.target.resource
        );
        let Some(list) = self.current() else {
            let why = self.empty_reason.clone().unwrap_or_default();
            frame.render_widget(
                Paragraph::new(Line::styled(why, theme::warning()))
                    .block(Block::bordered().title(title))
                    .wrap(Wrap { trim: false }),
                area,
            );
            return;
        };
        // The first two rows stay one line each (no wrapping there): the runner draws the
        // console link over row 2 (`link`).
        let mut lines = vec![Line::styled(
            format!("{} ({}/{})", list.title, self.page + 1, self.lists.len()),
            theme::title(),
        )];
        let marker = |sel: bool| if sel { "›" } else { " " };
        let style = |sel: bool| if sel { theme::focus() } else { theme::title() };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {CONSOLE_LABEL}", marker(self.cursor == 0)),
                style(self.cursor == 0),
            ),
            Span::raw("  "),
            Span::raw(list.console_url),
        ]));
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "Enter these in the provider's console:",
            theme::dim(),
        ));
        for (i, it) in list.items.iter().enumerate() {
            let sel = self.cursor == i + 1;
            let mut head = vec![Span::styled(
                format!("{} {}", marker(sel), it.label),
                style(sel),
            )];
            if let Some(n) = it.note {
                head.push(Span::styled(format!("  ({n})"), theme::dim()));
            }
            lines.push(Line::from(head));
            lines.push(Line::raw(format!("    {}", it.value)));
        }
        lines.push(Line::from(""));
        match &self.status {
            Some(Ok(s)) => lines.push(Line::styled(format!("✓ {s}"), theme::ok())),
            Some(Err(s)) => lines.push(Line::styled(format!("✗ {s}"), theme::error())),
            None => lines.push(Line::styled(
                "Copies go to the terminal's clipboard (OSC 52, works over SSH) and to the system clipboard on a local session.",
                theme::dim(),
            )),
        }
        let pages: Vec<&str> = self.lists.iter().map(|l| l.title).collect();
        lines.push(Line::styled(
            format!("Providers: {}", pages.join(" · ")),
            theme::dim(),
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .block(Block::bordered().title(title))
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

const CONSOLE_LABEL: &str = "Console";

impl ScreenView for ChecklistView {
    fn title(&self) -> &'static str {
        "Provider checklist"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        ChecklistView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        ChecklistView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        ChecklistView::render(self, frame, area)
    }
}
