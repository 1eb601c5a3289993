//! Adding a backend environment: a name (the Amplify CLI's rule, checked as it is typed) and what
//! it starts from: nothing (CreateBackend) or a copy of another environment (CloneBackend).
//!
//! An app with no environment at all reaches this as its set-up, proposing `staging` (the name
//! Amplify Studio gives the first one). The job is followed in the job pane like any other.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::aws::{ApiError, BackendInfo};
use crate::domain::AuthConfig;
use crate::domain::hosted_ui::check_domain_for;
use crate::domain::validate::validate_env_name;
use crate::tui::keys::{self, Binding, Keys, code, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Expect, Request, Submission, Target};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::widgets::LineInput;
use crate::tui::widgets::TextInput;

/// The name proposed when the app has no environment yet.
pub const FIRST_ENV: &str = "staging";

#[derive(Clone, Debug)]
pub struct EnvAddForm {
    pub app_id: String,
    /// CreateBackend needs the app's name (empty when it could not be read).
    pub app_name: String,
    /// The app's environments: clone sources, and names already taken.
    pub envs: Vec<String>,
    pub name: LineInput,
    /// `None`: start empty; `Some(i)`: clone `envs[i]`.
    pub from: Option<usize>,
    /// Input not sent yet (leaving asks first).
    pub dirty: bool,
    /// Before a clone is sent: the source's auth resources re-judged in the new environment.
    pub check: CloneCheck,
}

/// A clone deploys each copied auth resource again in the new environment, where its hosted UI
/// domain becomes `<prefix>-<name>`; the copy is refused before anything is sent when that domain
/// cannot be made (the same check as `env add --from`, `domain::hosted_ui::check_domain_for`).
/// A source that cannot be read is left to the service to judge, as the headless command does.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum CloneCheck {
    #[default]
    Idle,
    /// Reading the source environment, then each of its auth resources in turn.
    Reading {
        generation: u64,
        name: String,
        from: String,
        /// Resources still to read; `current` is being read.
        queue: Vec<String>,
        current: Option<String>,
        findings: Vec<String>,
    },
    /// The copy of `from` cannot be made as environment `name`: what would fail, by resource.
    Refused {
        name: String,
        from: String,
        findings: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Submit,
    Prev,
    Next,
    Back,
}

/// The name has the focus, so no printable key is bound: ←/→ pick the source.
pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Submit)], "Enter", "add"),
    show(
        &[
            (code(KeyCode::Left), Action::Prev),
            (code(KeyCode::Right), Action::Next),
        ],
        "←/→",
        "empty or clone from",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
];

impl EnvAddForm {
    /// With no environment yet the name is `staging`; otherwise it is left to type, and the
    /// environment selected on the list (if any) is the proposed clone source.
    pub fn new(app_id: &str, app_name: &str, envs: Vec<String>, from: Option<&str>) -> EnvAddForm {
        let name = if envs.is_empty() { FIRST_ENV } else { "" };
        EnvAddForm {
            app_id: app_id.into(),
            app_name: app_name.into(),
            from: from.and_then(|f| envs.iter().position(|e| e == f)),
            envs,
            name: LineInput::new(name),
            dirty: false,
            check: CloneCheck::Idle,
        }
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, true)
    }

    pub fn focused_input(&mut self) -> &mut LineInput {
        &mut self.name
    }

    /// What is wrong with the name as typed, if anything (shown under it as it is typed).
    pub fn problem(&self) -> Option<String> {
        let name = self.name.value().trim();
        if let Some(f) = validate_env_name(name) {
            return Some(format!("{} {}", f.message, f.fix));
        }
        if self.envs.iter().any(|e| e == name) {
            return Some(format!(
                "Environment {name} already exists in this app; pick another name."
            ));
        }
        None
    }

    /// The refusal of the clone as it is now set (name and source), if the check found one.
    pub fn refused(&self) -> Option<&[String]> {
        match (&self.check, self.from) {
            (
                CloneCheck::Refused {
                    name,
                    from,
                    findings,
                },
                Some(i),
            ) if name == self.name.value().trim() && *from == self.envs[i] => Some(findings),
            _ => None,
        }
    }

    /// Starts the clone's check (`generation` is the app's next): the source environment is
    /// read first, to list its auth resources.
    pub fn start_check(&mut self, generation: u64) -> Vec<Effect> {
        let Some(i) = self.from else {
            return vec![];
        };
        let from = self.envs[i].clone();
        self.check = CloneCheck::Reading {
            generation,
            name: self.name.value().trim().to_string(),
            from: from.clone(),
            queue: Vec::new(),
            current: None,
            findings: Vec::new(),
        };
        vec![Effect::LoadBackend {
            generation,
            app_id: self.app_id.clone(),
            env: Some(from),
        }]
    }

    /// The source environment read for the check: its resources (not imported ones, which the
    /// clone does not deploy) are read next. Unreadable: the service judges.
    pub fn on_backend(&mut self, generation: u64, result: Result<BackendInfo, ApiError>) -> Cmd {
        let CloneCheck::Reading {
            generation: g,
            queue,
            ..
        } = &mut self.check
        else {
            return Cmd::None;
        };
        if *g != generation {
            return Cmd::None;
        }
        match result {
            Ok(b) => {
                *queue = b
                    .auth_resources
                    .iter()
                    .filter(|r| !r.imported)
                    .map(|r| r.name.clone())
                    .collect();
                self.next_read()
            }
            Err(_) => {
                self.check = CloneCheck::Idle;
                self.send()
            }
        }
    }

    /// One source resource read: its hosted UI domain judged in the new environment.
    pub fn on_auth(&mut self, generation: u64, result: Result<AuthConfig, ApiError>) -> Cmd {
        let CloneCheck::Reading {
            generation: g,
            name,
            current,
            findings,
            ..
        } = &mut self.check
        else {
            return Cmd::None;
        };
        if *g != generation {
            return Cmd::None;
        }
        if let (Ok(cfg), Some(resource)) = (&result, current.as_deref()) {
            findings.extend(
                check_domain_for(resource, cfg, name)
                    .into_iter()
                    .map(|f| format!("{} {}", f.message, f.fix)),
            );
        }
        self.next_read()
    }

    /// The next resource to read, or the verdict: sent, or refused naming what would fail.
    fn next_read(&mut self) -> Cmd {
        let CloneCheck::Reading {
            generation,
            name,
            from,
            queue,
            current,
            findings,
        } = &mut self.check
        else {
            return Cmd::None;
        };
        if !queue.is_empty() {
            let resource = queue.remove(0);
            *current = Some(resource.clone());
            return Cmd::Effects(vec![Effect::LoadAuth {
                generation: *generation,
                target: Target::new(&self.app_id, from, &resource),
            }]);
        }
        if findings.is_empty() {
            self.check = CloneCheck::Idle;
            return self.send();
        }
        self.check = CloneCheck::Refused {
            name: std::mem::take(name),
            from: std::mem::take(from),
            findings: std::mem::take(findings),
        };
        Cmd::None
    }

    /// The job, sent.
    fn send(&self) -> Cmd {
        Cmd::StartJob(Box::new(Submission {
            target: Target::new(&self.app_id, self.name.value(), ""),
            request: self.request(),
            expect: Expect::Nothing,
            guard: None,
        }))
    }

    /// The job this form starts.
    pub fn request(&self) -> Request {
        match self.from {
            Some(i) => Request::CloneBackend {
                from: self.envs[i].clone(),
            },
            None => Request::CreateBackend {
                app_name: self.app_name.clone(),
            },
        }
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        let n = self.envs.len();
        // The choices cycle: empty, then each environment to clone.
        let step = |from: Option<usize>, forward: bool| -> Option<usize> {
            let pos = from.map_or(0, |i| i + 1);
            let next = if forward {
                (pos + 1) % (n + 1)
            } else {
                (pos + n) % (n + 1)
            };
            next.checked_sub(1)
        };
        Some(match keys::action(KEYS, k, |_| true)? {
            Action::Submit => {
                if self.problem().is_some() || matches!(self.check, CloneCheck::Reading { .. }) {
                    return Some(Cmd::None);
                }
                match self.from {
                    Some(_) => Cmd::CheckClone,
                    None => self.send(),
                }
            }
            Action::Prev => {
                self.from = step(self.from, false);
                Cmd::None
            }
            Action::Next => {
                self.from = step(self.from, true);
                Cmd::None
            }
            Action::Back => Cmd::Back,
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let first = self.envs.is_empty();
        let mut lines = vec![
            Line::styled(format!("App {}", self.app_id), theme::title()),
            Line::from(if first {
                "This app has no backend environment yet. Set one up: Amplify keeps each environment's auth, storage and API apart."
            } else {
                "A new backend environment, empty or with a copy of another's auth."
            }),
            Line::from(""),
            Line::from(vec![
                Span::styled("Name        ", theme::title()),
                Span::styled(format!("{}▏", self.name.value()), theme::focus()),
            ]),
        ];
        lines.push(match self.problem() {
            Some(p) => Line::styled(format!("            ✗ {p}"), theme::error()),
            None => Line::styled(
                "            ✓ 2 to 10 lower-case letters (the Amplify CLI's rule)",
                theme::ok(),
            ),
        });
        let from = match self.from {
            Some(i) => format!("a copy of {} (CloneBackend)", self.envs[i]),
            None => "empty (CreateBackend)".into(),
        };
        lines.push(Line::from(vec![
            Span::styled("Starts as   ", theme::title()),
            Span::raw(format!("◂ {from} ▸")),
        ]));
        if !first {
            lines.push(Line::styled(
                format!(
                    "            {} choose: empty, or clone one of {}",
                    keys::hint(KEYS, Action::Next),
                    self.envs.join(", ")
                ),
                theme::dim(),
            ));
        }
        if let CloneCheck::Reading { from, name, .. } = &self.check {
            lines.push(Line::styled(
                format!("            Checking {from}'s auth for environment {name}…"),
                theme::dim(),
            ));
        }
        for f in self.refused().unwrap_or_default() {
            lines.push(Line::styled(format!("            ✗ {f}"), theme::error()));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled(
            match self.from {
                Some(_) => "A clone copies the source's auth resources (new user pools, no users). The environment exists as soon as the job starts: if the job fails it stays, empty, and promote can fill it.",
                None => "The job takes a few minutes on AWS; the job pane follows it.",
            },
            theme::dim(),
        ));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(if first {
                    " Set up a backend environment "
                } else {
                    " Add a backend environment "
                })),
            area,
        );
    }
}

impl ScreenView for EnvAddForm {
    fn title(&self) -> &'static str {
        if self.envs.is_empty() {
            "Set up a backend"
        } else {
            "Add environment"
        }
    }

    fn keys(&self, _: &Ctx) -> Keys {
        EnvAddForm::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        EnvAddForm::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        EnvAddForm::render(self, frame, area)
    }

    fn typing(&self) -> bool {
        true
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        Some(EnvAddForm::focused_input(self))
    }

    fn input_changed(&mut self) -> Option<Cmd> {
        self.dirty = true;
        None
    }

    fn is_dirty(&self) -> bool {
        self.dirty
    }
}
