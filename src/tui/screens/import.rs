//! Import existing Cognito pools (ImportBackendAuth): ids checked before anything is sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::finding::{Finding, has_errors};
use crate::domain::validate::validate_import;
use crate::tui::keys::{self, Binding, Keys, code, ctrl, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Expect, Request, Submission, Target};
use crate::tui::screen::ScreenView;
use crate::tui::widgets::{Field, LineInput};
use crate::tui::widgets::{TextInput, Touched};
use crate::tui::wizard::fields::path_fits;
use crate::tui::wizard::form_view::{self, FieldView};

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

/// Each field once: its label (at most 19 characters, the wizard's label column), the JSON path
/// `validate_import` reports findings at, and its help.
pub const FIELDS: [(ImportField, &str, &str, &str); 4] = [
    (
        ImportField::UserPoolId,
        "User pool id",
        "UserPoolId",
        "The pool's id, <region>_<letters and digits> (Cognito console, User pools).",
    ),
    (
        ImportField::WebClientId,
        "Web client id",
        "WebClientId",
        "An app client of that pool without a client secret.",
    ),
    (
        ImportField::NativeClientId,
        "Native client id",
        "NativeClientId",
        "An app client of that pool for native apps; it may have a secret.",
    ),
    (
        ImportField::IdentityPoolId,
        "Identity pool id",
        "IdentityPoolId",
        "Optional: <region>:<uuid>, an identity pool that trusts this user pool.",
    ),
];

#[derive(Clone, Debug)]
pub struct ImportForm {
    pub app_id: String,
    pub env: String,
    /// One text field per entry of `FIELDS`, in the same order (the wizard's `Field`, so typing,
    /// pastes and drawing work as in the wizard).
    /// Boxed so the `Screen` enum stays small.
    pub fields: Box<[Field; 4]>,
    pub focus: usize,
    pub dirty: bool,
    /// Which fields show their findings: typed in or left, or all after a refused import.
    pub touched: Touched<usize>,
}

impl ImportForm {
    pub fn new(app_id: &str, env: &str) -> ImportForm {
        ImportForm {
            app_id: app_id.into(),
            env: env.into(),
            fields: Box::new(std::array::from_fn(|_| Field::text(""))),
            focus: 0,
            dirty: false,
            touched: Touched::default(),
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, true)
    }

    /// The field with the focus: the one text input typing and pastes go to.
    pub fn focused_input(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    /// Keys of the table; `None` for a key that belongs to the focused field.
    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let n = self.fields.len();
        Some(match keys::action(KEYS, k, |_| true)? {
            Action::Next => {
                self.touched.touch(self.focus);
                self.focus = (self.focus + 1) % n;
                Cmd::None
            }
            Action::Prev => {
                self.touched.touch(self.focus);
                self.focus = (self.focus + n - 1) % n;
                Cmd::None
            }
            Action::Back => Cmd::Back,
            Action::Submit => {
                if has_errors(&self.findings()) {
                    // Refused: every field's errors show now, the untouched ones too.
                    self.touched.touch_all(0..n);
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
                    guard: None,
                }))
            }
        })
    }

    fn index(field: ImportField) -> usize {
        FIELDS
            .iter()
            .position(|(f, ..)| *f == field)
            .expect("every field is in FIELDS")
    }

    pub fn value(&self, field: ImportField) -> String {
        self.fields[Self::index(field)].value().trim().to_string()
    }

    pub fn input_mut(&mut self, field: ImportField) -> &mut LineInput {
        match &mut self.fields[Self::index(field)] {
            Field::Text(i) => i,
            _ => unreachable!("every Import field is a text field"),
        }
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
        let width = (area.width as usize)
            .saturating_sub(2 + form_view::LABEL_WIDTH + 1)
            .max(10);
        for (i, (_, label, path, help)) in FIELDS.iter().enumerate() {
            let mine = self.touched.showing(
                i,
                &self.fields[i],
                findings
                    .iter()
                    .filter(|f| path_fits(path, &f.path))
                    .collect(),
            );
            let view = FieldView {
                label,
                help,
                field: &self.fields[i],
                findings: &mine,
                read_only: false,
                extra: None,
                empty: form_view::EMPTY,
            };
            form_view::field_rows(&view, i == self.focus, width, &mut lines);
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(
                    " Import into {}/{} · {} submits ",
                    self.app_id,
                    self.env,
                    keys::hint(KEYS, Action::Submit)
                ))),
            area,
        );
    }
}

impl ScreenView for ImportForm {
    fn title(&self) -> &'static str {
        "Import"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        ImportForm::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        ImportForm::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        ImportForm::render(self, frame, area)
    }

    fn typing(&self) -> bool {
        true
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        Some(ImportForm::focused_input(self))
    }

    fn input_changed(&mut self) -> Option<Cmd> {
        self.dirty = true;
        self.touched.touch(self.focus);
        None
    }

    fn is_dirty(&self) -> bool {
        self.dirty
    }
}
