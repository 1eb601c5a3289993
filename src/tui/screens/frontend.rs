//! Write the frontend config file (`amplifyconfiguration.json`, `aws-exports.js` or
//! `amplify_outputs.json`) of the resource the config screen shows: the format, where to write
//! it, and a preview of exactly the text that will be written.
//!
//! The text is `domain::frontend::render` of the config just read and of the ids the deployment
//! assigned (the environment's meta), the same as headless `outputs`. It holds no secret: the
//! Amplify libraries need none, and the renderer takes none.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::aws::AuthResourceMeta;
use crate::domain::AuthConfig;
use crate::domain::frontend::{DeployedAuth, FrontendFormat, render};
use crate::tui::keys::{self, Binding, Keys, code, ctrl, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Target, WriteOutcome};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::widgets::LineInput;
use crate::tui::widgets::TextInput;

#[derive(Clone, Debug)]
pub struct FrontendView {
    pub target: Target,
    pub config: AuthConfig,
    /// What the deployment assigned, or why it is not known (not deployed yet).
    pub deployed: Result<DeployedAuth, String>,
    pub format: FrontendFormat,
    /// Where to write; relative paths start at the directory the app was started in.
    pub path: LineInput,
    /// The path still follows the format (the user has not typed one).
    pub path_is_default: bool,
    /// The preview's offset, clamped to its end (`tui::scroll`).
    pub scroll: crate::tui::scroll::Scroll,
    /// The outcome of the last write, for the status line.
    pub status: Option<Result<String, String>>,
    /// The file exists: the next Enter replaces it.
    pub confirm_overwrite: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Write,
    Format,
    Scroll(i16),
    Back,
}

/// Every printable key types into the path, so the table binds none.
pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Write)], "Enter", "write"),
    show(
        &[(code(KeyCode::Tab), Action::Format)],
        "Tab",
        "next format",
    ),
    show(
        &[
            (code(KeyCode::Up), Action::Scroll(-1)),
            (code(KeyCode::Down), Action::Scroll(1)),
            (code(KeyCode::PageUp), Action::Scroll(-10)),
            (code(KeyCode::PageDown), Action::Scroll(10)),
            (ctrl('p'), Action::Scroll(-10)),
            (ctrl('n'), Action::Scroll(10)),
        ],
        "↑↓/PgUp/PgDn",
        "scroll the preview",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
];

/// The deployment's ids as the frontend renderer takes them, from the environment's meta entry
/// for the resource. The region is the one the client talks to (where the backend lives).
pub fn deployed_from(
    meta: Option<&AuthResourceMeta>,
    region: &str,
) -> Result<DeployedAuth, String> {
    let none = "the environment's meta (GetBackend) has no outputs for this resource: it is not deployed yet";
    let m = meta.ok_or_else(|| none.to_string())?;
    let need = |v: &Option<String>, what: &str| {
        v.clone()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| format!("the environment's meta has no {what} for {}", m.name))
    };
    Ok(DeployedAuth {
        region: region.to_string(),
        user_pool_id: need(&m.user_pool_id, "UserPoolId")?,
        web_client_id: need(&m.app_client_id_web, "AppClientIDWeb")?,
        identity_pool_id: m.identity_pool_id.clone(),
        hosted_ui_domain: m.hosted_ui_domain.clone(),
    })
}

impl FrontendView {
    pub fn new(target: Target, config: AuthConfig, deployed: Result<DeployedAuth, String>) -> Self {
        let format = FrontendFormat::default();
        FrontendView {
            target,
            config,
            deployed,
            format,
            path: LineInput::new(format.file_name()),
            path_is_default: true,
            scroll: Default::default(),
            status: None,
            confirm_overwrite: false,
        }
    }

    /// The file's text, or why there is none.
    pub fn text(&self) -> Result<String, String> {
        let d = self.deployed.as_ref().map_err(Clone::clone)?;
        render(self.format, &self.config, d).map_err(|e| e.to_string())
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, true)
    }

    /// The path was typed in: it no longer follows the format, and a pending overwrite question
    /// was about another file.
    pub fn path_changed(&mut self) {
        self.path_is_default = false;
        self.confirm_overwrite = false;
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let cmd = match keys::action(KEYS, k, |_| true)? {
            Action::Write => match self.text() {
                Ok(text) => {
                    let path = PathBuf::from(self.path.value().trim());
                    if path.as_os_str().is_empty() {
                        self.status = Some(Err("Type the path to write to.".into()));
                        Cmd::None
                    } else {
                        Cmd::Effects(vec![Effect::WriteFile {
                            path,
                            text,
                            overwrite: self.confirm_overwrite,
                        }])
                    }
                }
                Err(e) => {
                    self.status = Some(Err(format!("Nothing to write: {e}.")));
                    Cmd::None
                }
            },
            Action::Format => {
                let all = FrontendFormat::ALL;
                let i = all.iter().position(|(_, f)| *f == self.format).unwrap_or(0);
                self.format = all[(i + 1) % all.len()].1;
                if self.path_is_default {
                    self.path.set(self.format.file_name());
                }
                self.confirm_overwrite = false;
                self.scroll.by(i16::MIN);
                Cmd::None
            }
            Action::Scroll(n) => {
                self.scroll.by(n);
                Cmd::None
            }
            Action::Back => Cmd::Back,
        };
        Some(cmd)
    }

    /// The runner's answer to a write.
    pub fn on_written(&mut self, path: &std::path::Path, outcome: WriteOutcome) {
        self.confirm_overwrite = false;
        self.status = Some(match outcome {
            // The format is named when the file name does not say it.
            WriteOutcome::Written if path.ends_with(self.format.file_name()) => {
                Ok(format!("Wrote {}.", path.display()))
            }
            WriteOutcome::Written => Ok(format!(
                "Wrote {} ({}).",
                path.display(),
                self.format.file_name()
            )),
            WriteOutcome::Exists => {
                self.confirm_overwrite = true;
                Err(format!(
                    "{} exists. {} again replaces it; edit the path to keep it.",
                    path.display(),
                    keys::hint(KEYS, Action::Write)
                ))
            }
            WriteOutcome::Failed(e) => Err(format!("Could not write {}: {e}", path.display())),
        });
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let [top, preview] =
            Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(area);
        let formats: Vec<Span> = FrontendFormat::ALL
            .iter()
            .flat_map(|(name, f)| {
                let style = if *f == self.format {
                    theme::focus()
                } else {
                    theme::dim()
                };
                [Span::styled(format!(" {name} "), style), Span::raw(" ")]
            })
            .collect();
        let mut head = vec![
            Line::from([vec![Span::styled("Format  ", theme::title())], formats].concat()),
            Line::from(vec![
                Span::styled("Path    ", theme::title()),
                Span::raw(self.path.value().to_string()),
                Span::styled("▏", theme::focus()),
            ]),
            Line::styled(
                "        relative to the directory amplify-auth was started in; no secret goes into the file",
                theme::dim(),
            ),
        ];
        match &self.status {
            Some(Ok(s)) => head.push(Line::styled(format!("✓ {s}"), theme::ok())),
            Some(Err(s)) => head.push(Line::styled(format!("✗ {s}"), theme::error())),
            None => {}
        }
        let title = format!(
            " {} · {}/{} ",
            self.target.resource, self.target.app_id, self.target.env
        );
        frame.render_widget(
            Paragraph::new(head)
                .block(Block::bordered().title(title))
                .wrap(Wrap { trim: false }),
            top,
        );
        let body: Vec<Line> = match self.text() {
            Ok(t) => t.lines().map(|l| Line::raw(l.to_string())).collect(),
            Err(e) => vec![Line::styled(
                format!("✗ Cannot write it: {e}"),
                theme::error(),
            )],
        };
        // Wrapped, not cut at the edge: an id cut short would read as another id.
        self.scroll.render(
            frame,
            preview,
            Paragraph::new(body).wrap(Wrap { trim: false }),
            Block::bordered().title(format!(
                " Preview: {} (exactly what is written) ",
                self.format.file_name()
            )),
            keys::hint(KEYS, Action::Scroll(10)),
        );
    }
}

impl ScreenView for FrontendView {
    fn title(&self) -> &'static str {
        "Frontend config file"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        FrontendView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        FrontendView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        FrontendView::render(self, frame, area)
    }

    /// The path to write to is always being typed.
    fn typing(&self) -> bool {
        true
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        Some(&mut self.path)
    }

    fn input_changed(&mut self) -> Option<Cmd> {
        self.path_changed();
        None
    }
}
