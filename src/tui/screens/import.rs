//! Import existing Cognito pools (ImportBackendAuth): ids checked before anything is sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::validate::{Finding, Severity, has_errors, validate_import};
use crate::tui::fields::path_fits;
use crate::tui::keys::{self, Binding, Keys, code, ctrl, show};
use crate::tui::msg::{Cmd, Expect, Request, Submission, Target};
use crate::tui::theme;
use crate::tui::widgets::LineInput;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Prev,
    Submit,
    Back,
}

/// Every other key types into the focused field (so `q` and `?` are text here).
pub const KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Tab), Action::Next),
            (code(KeyCode::Down), Action::Next),
            (code(KeyCode::Enter), Action::Next),
            (code(KeyCode::BackTab), Action::Prev),
            (code(KeyCode::Up), Action::Prev),
        ],
        "Tab",
        "next field",
    ),
    show(&[(ctrl('s'), Action::Submit)], "Ctrl-S", "import"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
];

/// The form's fields, in order on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportField {
    UserPoolId,
    WebClientId,
    NativeClientId,
    IdentityPoolId,
}

/// Each field once: its label and the JSON path `validate_import` reports findings at.
pub const FIELDS: [(ImportField, &str, &str); 4] = [
    (ImportField::UserPoolId, "User pool id", "UserPoolId"),
    (ImportField::WebClientId, "Web client id", "WebClientId"),
    (
        ImportField::NativeClientId,
        "Native client id",
        "NativeClientId",
    ),
    (
        ImportField::IdentityPoolId,
        "Identity pool id (optional)",
        "IdentityPoolId",
    ),
];

#[derive(Clone, Debug)]
pub struct ImportForm {
    pub app_id: String,
    pub env: String,
    /// One input per entry of `FIELDS`, in the same order.
    pub inputs: [LineInput; 4],
    pub focus: usize,
    pub dirty: bool,
}

impl ImportForm {
    pub fn new(app_id: &str, env: &str) -> ImportForm {
        ImportForm {
            app_id: app_id.into(),
            env: env.into(),
            inputs: Default::default(),
            focus: 0,
            dirty: false,
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, true)
    }

    /// The field with the focus: the one text input typing and pastes go to.
    pub fn focused_input(&mut self) -> &mut LineInput {
        &mut self.inputs[self.focus]
    }

    /// Keys of the table; `None` for a key that belongs to the focused field.
    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let n = self.inputs.len();
        Some(match keys::action(KEYS, k, |_| true)? {
            Action::Next => {
                self.focus = (self.focus + 1) % n;
                Cmd::None
            }
            Action::Prev => {
                self.focus = (self.focus + n - 1) % n;
                Cmd::None
            }
            Action::Back => Cmd::Back,
            Action::Submit => {
                if has_errors(&self.findings()) {
                    return Some(Cmd::None);
                }
                Cmd::StartJob(Box::new(Submission {
                    target: Target::new(&self.app_id, &self.env, ""),
                    request: Request::Import {
                        user_pool_id: self.value(ImportField::UserPoolId),
                        web_client_id: self.value(ImportField::WebClientId),
                        native_client_id: self.value(ImportField::NativeClientId),
                        identity_pool_id: self.identity_pool_id(),
                    },
                    expect: Expect::Nothing,
                }))
            }
        })
    }

    fn index(field: ImportField) -> usize {
        FIELDS
            .iter()
            .position(|(f, _, _)| *f == field)
            .expect("every field is in FIELDS")
    }

    pub fn value(&self, field: ImportField) -> String {
        self.inputs[Self::index(field)].value().trim().to_string()
    }

    pub fn input_mut(&mut self, field: ImportField) -> &mut LineInput {
        &mut self.inputs[Self::index(field)]
    }

    /// The identity pool id, if one was given (it is optional).
    fn identity_pool_id(&self) -> Option<String> {
        Some(self.value(ImportField::IdentityPoolId)).filter(|ip| !ip.is_empty())
    }

    pub fn findings(&self) -> Vec<Finding> {
        validate_import(
            &self.value(ImportField::UserPoolId),
            &self.value(ImportField::WebClientId),
            &self.value(ImportField::NativeClientId),
            self.identity_pool_id().as_deref(),
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let findings = self.findings();
        let mut lines = vec![
            Line::from(
                "Link a user pool (and optionally an identity pool) made outside Amplify to this environment.",
            ),
            Line::from("The web client must have no secret; the native client may have one."),
            Line::from(""),
        ];
        for (i, (_, label, path)) in FIELDS.iter().enumerate() {
            let focused = i == self.focus;
            let value = self.inputs[i].value().to_string();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} {label:<28}", if focused { "›" } else { " " }),
                    if focused {
                        theme::focus()
                    } else {
                        theme::title()
                    },
                ),
                Span::raw(if value.is_empty() && !focused {
                    "(empty)".into()
                } else {
                    value
                }),
            ]));
            for f in findings.iter().filter(|f| path_fits(path, &f.path)) {
                let (mark, style) = match f.severity {
                    Severity::Error => ("✗", theme::error()),
                    Severity::Warning => ("!", theme::warning()),
                };
                lines.push(Line::styled(
                    format!("{:30}{mark} {} {}", "", f.message, f.fix),
                    style,
                ));
            }
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(
                    " Import into {}/{} · Ctrl-S submits ",
                    self.app_id, self.env
                ))),
            area,
        );
    }
}
