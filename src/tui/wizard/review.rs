//! Step 10: the diff when editing, every finding (Enter jumps to its field), a readable summary
//! of the config (`review_summary`, derived from the field declarations), and the exact request
//! with secrets masked. Submit is refused while errors remain.

use crate::tui::time_text::count;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use serde_json::Value;

use crate::domain::diff::{Change, update_changes};
use crate::domain::finding::Severity;
use crate::domain::secret::mask_json;
use crate::domain::update::UpdateAuthInput;
use crate::domain::update_plan::plan_update;
use crate::domain::{AuthConfig, CreateAuthInput};
use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::keys::{self, Binding, Keys, code, ctrl, help_only, key, show};
use crate::tui::msg::{Cmd, Request, Target};
use crate::tui::theme;
use crate::tui::widgets::wrapped::hanging;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::mode::Mode;
use crate::tui::wizard::state::Wizard;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Submit,
    Down,
    Up,
    GoTo,
    Scroll(i16),
    Top,
    End,
    Back,
    /// Ctrl-N, the steps' next-step key: nothing comes after Review, and it does not submit (a
    /// key pressed once too often walking the steps must not send), so it says which key does.
    LastStep,
    Help,
    Quit,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(ctrl('s'), Action::Submit)], "Ctrl-S", "submit"),
    show(
        &[
            (code(KeyCode::Up), Action::Up),
            (code(KeyCode::Down), Action::Down),
            (key('k'), Action::Up),
            (key('j'), Action::Down),
        ],
        "↑/↓",
        "findings",
    ),
    show(
        &[(code(KeyCode::Enter), Action::GoTo)],
        "Enter",
        "go to field",
    ),
    show(
        &[
            (code(KeyCode::PageUp), Action::Scroll(-10)),
            (code(KeyCode::PageDown), Action::Scroll(10)),
        ],
        "PgUp/PgDn",
        "scroll",
    ),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    help_only(
        &[(code(KeyCode::F(2)), Action::Submit)],
        "F2",
        "submit, as Ctrl-S",
    ),
    help_only(
        &[(ctrl('n'), Action::LastStep)],
        "Ctrl-N",
        "nothing next: Review is the last step",
    ),
    help_only(
        &[(ctrl('p'), Action::Back)],
        "Ctrl-P",
        "previous step, as Esc",
    ),
    help_only(
        &[
            (code(KeyCode::Home), Action::Top),
            (code(KeyCode::End), Action::End),
        ],
        "Home/End",
        "top / end",
    ),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
];

impl Wizard {
    /// Review's keys; while file-backed, `edit --input`'s Ctrl-S, Ctrl-N and F2 replace its submit
    /// and its Ctrl-N.
    pub fn review_keys(&self) -> Keys {
        Keys::of(KEYS, |a| self.review_enabled(a), false)
            .and(keys::global_footer(|g| g == keys::Global::Help))
    }

    fn review_enabled(&self, a: Action) -> bool {
        !matches!(a, Action::Submit | Action::LastStep) || !self.file_backed
    }

    pub fn review_key(&mut self, k: &KeyEvent) -> Cmd {
        match keys::action(KEYS, k, |a| self.review_enabled(a)) {
            Some(Action::Submit) => return self.submit(),
            Some(Action::Down) => {
                self.review_cursor =
                    (self.review_cursor + 1).min(self.findings.len().saturating_sub(1));
            }
            Some(Action::Up) => self.review_cursor = self.review_cursor.saturating_sub(1),
            Some(Action::Scroll(n)) => self.review_scroll.by(n),
            Some(Action::Top) => self.review_scroll.by(i16::MIN),
            Some(Action::End) => self.review_scroll.by(i16::MAX),
            Some(Action::Back) => self.prev_step(),
            Some(Action::LastStep) => {
                self.flash = Some(format!(
                    "Review is the last step: {} submits.",
                    keys::key_of(KEYS, Action::Submit)
                ));
            }
            Some(Action::GoTo) => {
                if let Some(f) = self.findings.get(self.review_cursor).cloned()
                    && let Some((step, id)) = self.field_for(&f)
                {
                    self.goto(step);
                    self.touched.touch(id);
                    self.focus = self
                        .visible(step)
                        .iter()
                        .position(|x| *x == id)
                        .unwrap_or(0);
                }
            }
            Some(Action::Help) => return Cmd::Help,
            Some(Action::Quit) => return Cmd::Quit,
            None => {}
        }
        Cmd::None
    }

    /// The request the wizard would send now.
    pub fn request(&self) -> Option<Request> {
        let cfg = self.config.clone()?;
        Some(match &self.mode {
            Mode::Create | Mode::Recreate { .. } => Request::Create(cfg),
            Mode::Edit { original } => Request::Update(plan_update(original, &cfg).request),
        })
    }

    /// What the service should hold after the job completes.
    pub fn expected_after(&self) -> Option<AuthConfig> {
        let cfg = self.config.clone()?;
        Some(match &self.mode {
            Mode::Create | Mode::Recreate { .. } => cfg,
            Mode::Edit { original } => plan_update(original, &cfg).expected,
        })
    }

    /// The changes an edit makes (empty when creating), and apart from them the secrets it
    /// sends that the service does not return, which cannot be compared (`update_changes`).
    pub fn changes_and_not_compared(&self) -> (Vec<Change>, Vec<String>) {
        match (&self.mode, &self.expected_after()) {
            (Mode::Edit { original } | Mode::Recreate { original }, Some(after)) => {
                update_changes(original.as_ref(), after)
            }
            _ => (vec![], vec![]),
        }
    }

    /// The changes an edit makes (empty when creating).
    pub fn changes(&self) -> Vec<Change> {
        self.changes_and_not_compared().0
    }

    /// The request as the AWS CLI's `--cli-input-json` would carry it, secrets masked.
    pub fn request_json_masked(&self) -> String {
        let Target {
            app_id: app,
            env,
            resource: res,
        } = self.target();
        let mut v: Value = match self.request() {
            Some(Request::Create(cfg)) => serde_json::to_value(CreateAuthInput {
                app_id: app,
                backend_environment_name: env,
                resource_config: cfg,
                resource_name: res,
            }),
            Some(Request::Update(cfg)) => serde_json::to_value(UpdateAuthInput {
                app_id: app,
                backend_environment_name: env,
                resource_config: cfg,
                resource_name: res,
            }),
            _ => Ok(Value::Null),
        }
        .unwrap_or(Value::Null);
        mask_json(&mut v);
        whole_numbers(&mut v);
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// `8.0` shown as `8` (the same JSON number; the model's doubles hold whole values here).
fn whole_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// `submit_key`: the key the footer says submits (Ctrl-N where Ctrl-S saves a file).
pub fn render(w: &Wizard, frame: &mut Frame, area: Rect, submit_key: &str) {
    // What needs the user first: the destructive warning, the changes and the findings (↑/↓
    // selects among them, so they stay on the first screen); then the whole config and the
    // exact request, for reading on.
    let mut lines = changes_lines(w);
    if !lines.is_empty() {
        lines.push(Line::from(""));
    }
    let width = usize::from(area.width.saturating_sub(2));
    lines.extend(findings_lines(w, width));
    lines.extend(posture_lines(w, width));
    lines.push(Line::from(""));
    lines.extend(secret_read_lines(w));
    lines.push(Line::styled("Config", theme::title()));
    lines.extend(crate::tui::wizard::review_summary::summary(
        w,
        area.width.saturating_sub(2),
    ));
    lines.push(Line::from(""));
    lines.extend(request_lines(w));
    let errors = w.error_count();
    let title = if errors > 0 {
        format!(" Review: {} to fix before submit ", count(errors, "error"))
    } else {
        format!(" Review: {submit_key} submits ")
    };
    let lines: Vec<Line<'static>> = lines
        .into_iter()
        .map(crate::tui::safe_text::clean_line)
        .collect();
    w.review_scroll.render(
        frame,
        area,
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Block::bordered().title(title),
        keys::hint(KEYS, Action::Top),
    );
}

/// An edit's or a recreate's changes from what was read (a recreate's warning first).
fn changes_lines(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if w.is_edit() || w.is_recreate() {
        if w.is_recreate() {
            lines.push(Line::styled(
                "DELETE AND RECREATE: submit deletes this resource (its users and pools are lost), then creates it with this config.",
                theme::error(),
            ));
        }
        if w.is_recreate() {
            lines.push(Line::from(""));
        }
        let (changes, not_compared) = w.changes_and_not_compared();
        lines.push(Line::styled(
            format!("Changes ({})", changes.len()),
            theme::title(),
        ));
        if changes.is_empty() && not_compared.is_empty() {
            lines.push(Line::from(
                "  No changes yet: submitting is refused until something differs.",
            ));
        }
        for c in changes {
            lines.push(Line::from(format!(
                "  {} [{}]: {} → {}",
                c.path,
                c.kind(),
                c.before.as_deref().unwrap_or("(none)"),
                c.after.as_deref().unwrap_or("(none)")
            )));
        }
        for p in not_compared {
            lines.push(Line::from(format!(
                "  {p} [sent, not compared: the service does not return it]"
            )));
        }
    }
    lines
}

/// The findings, errors and warnings, the selected one marked (Enter jumps to its field).
fn findings_lines(w: &Wizard, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let errors = w.error_count();
    let warnings = w.findings.len() - errors;
    lines.push(Line::styled(
        format!(
            "Findings: {}, {}  ({} select, {} jumps to the field)",
            count(errors, "error"),
            count(warnings, "warning"),
            keys::hint(KEYS, Action::Down),
            keys::hint(KEYS, Action::GoTo),
        ),
        theme::title(),
    ));
    if w.findings.is_empty() {
        lines.push(Line::styled(
            "  ✓ Everything checks out against Cognito's rules.",
            theme::ok(),
        ));
    }
    for (i, f) in w.findings.iter().enumerate() {
        let (mark, style) = match f.severity {
            Severity::Error => ("✗", theme::error()),
            Severity::Warning => ("!", theme::warning()),
        };
        let sel = i == w.review_cursor;
        let lead = format!("{} {mark} ", if sel { "›" } else { " " });
        let text = format!("{}: {} {}", f.path, f.message, f.fix);
        let style = if sel {
            style.patch(theme::focus())
        } else {
            style
        };
        lines.extend(hanging(&lead, &text, width, style));
    }
    lines
}

/// The audit's posture rules on the config being made: legal but weak settings, said here
/// rather than by `audit` and the overview after the deploy.
fn posture_lines(w: &Wizard, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(cfg) = &w.config {
        let env = w.trimmed(crate::tui::wizard::fields::FieldId::EnvName);
        // A secret the edit keeps as stored is held by the service: the audit's evidence rule.
        let kept: Vec<String> = w.kept_secrets().into_iter().collect();
        let posture = crate::domain::posture::config_findings_kept(&env, cfg, &kept);
        lines.push(Line::from(""));
        lines.push(Line::styled(
            format!(
                "Posture: {} (the rules audit and the overview apply)",
                count(posture.len(), "finding")
            ),
            theme::title(),
        ));
        if posture.is_empty() {
            lines.push(Line::styled(
                "  ✓ None: audit will not flag this config.",
                theme::ok(),
            ));
        }
        for f in posture {
            // The rule id last, as the overview's findings pane has it: the message already
            // says what the rule is about.
            let text = format!("{} ({}). Fix: {}", f.message, f.id, f.fix);
            lines.extend(hanging("  ! ", &text, width, theme::warning()));
        }
    }
    lines
}

/// `edit --input`: the secret references the file's wizard read (never their values).
fn secret_read_lines(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !w.secret_reads.is_empty() {
        lines.push(Line::styled(
            "Secret references read (size and SHA-256 fingerprint; values never shown)",
            theme::title(),
        ));
        lines.extend(w.secret_reads.iter().map(|r| Line::from(format!("  {r}"))));
        lines.push(Line::from(""));
    }
    lines
}

/// The exact request, secrets masked.
fn request_lines(w: &Wizard) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(Line::styled(
        format!(
            "Request: {} (secrets masked)",
            if w.is_edit() {
                "UpdateBackendAuth"
            } else {
                "CreateBackendAuth"
            }
        ),
        theme::title(),
    ));
    lines.extend(
        w.request_json_masked()
            .lines()
            .map(|l| Line::from(format!("  {l}"))),
    );
    lines
}
