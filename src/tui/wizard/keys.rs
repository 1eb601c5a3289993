//! The wizard's key table and handler (the steps with fields; Review's are in
//! `review.rs`), and its step navigation: one `goto` resets focus, cursor and scroll.

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::apple_key;
use crate::tui::keys::{self, Binding, Keys, code, ctrl, help_only, key, show};
use crate::tui::msg::{Cmd, Effect, Expect, Guard, Submission};
use crate::tui::widgets::{Field, TextBox};
use crate::tui::wizard::fields::FieldId;
use crate::tui::wizard::fields::FieldValues;
use crate::tui::wizard::mode::Mode;
use crate::tui::wizard::state::Wizard;
use crate::tui::wizard::steps::Step;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NextField,
    PrevField,
    /// ↓ and ↑ move between fields, except in a multi-line box (where they move the cursor).
    FieldDown,
    FieldUp,
    /// Ctrl-N, F2: the next step (Review has its own table: F2 submits there, Ctrl-N says it is
    /// the last step).
    NextStep,
    /// Ctrl-S on a step: it commits work everywhere (submit, import, save), never steps on, so
    /// here it only says where it submits and which key steps on instead of doing nothing.
    SubmitHint,
    /// Esc: the previous step; on the first step, leave the wizard.
    Back,
    PrevStep,
    /// Enter in a multi-line box: the box takes it (listed so the footer says what it does).
    NewLine,
    LoadFile,
    /// Enter in a one-line field: the next field, or the next step after the last one.
    Enter,
    /// `?` and `q`: only while no text field has the focus (then they are text).
    HelpKey,
    QuitKey,
}

pub const KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Tab), Action::NextField),
            (code(KeyCode::BackTab), Action::PrevField),
            (code(KeyCode::Down), Action::FieldDown),
            (code(KeyCode::Up), Action::FieldUp),
        ],
        "Tab/↑↓",
        "field",
    ),
    show(&[(ctrl('n'), Action::NextStep)], "Ctrl-N", "next"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    show(
        &[(code(KeyCode::Enter), Action::NewLine)],
        "Enter",
        "new line",
    ),
    show(
        &[(code(KeyCode::Enter), Action::LoadFile)],
        "Enter",
        "load file",
    ),
    help_only(
        &[(code(KeyCode::Enter), Action::Enter)],
        "Enter",
        "next field; after the last, next step",
    ),
    help_only(
        &[(code(KeyCode::F(2)), Action::NextStep)],
        "F2",
        "next step, as Ctrl-N",
    ),
    help_only(
        &[(ctrl('s'), Action::SubmitHint)],
        "Ctrl-S",
        "submits from Review (here it only says so)",
    ),
    help_only(&[(ctrl('p'), Action::PrevStep)], "Ctrl-P", "previous step"),
    help_only(&[(key('?'), Action::HelpKey)], "?", "help"),
    help_only(&[(key('q'), Action::QuitKey)], "q", "quit"),
];

/// `edit --input`'s keys, on every step and on Review: Ctrl-S saves the file (committing work,
/// as it does everywhere), Ctrl-N (or F2) steps on and on Review submits, since Ctrl-S is taken.
/// While the wizard is file-backed they replace the wizard's own Ctrl-S, Ctrl-N and F2, and
/// Review's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKey {
    Save,
    Next,
}

pub const FILE_KEYS: &[Binding<FileKey>] = &[
    show(&[(ctrl('s'), FileKey::Save)], "Ctrl-S", "save file"),
    show(&[(ctrl('n'), FileKey::Next)], "Ctrl-N", "next/submit"),
    help_only(
        &[(code(KeyCode::F(2)), FileKey::Next)],
        "F2",
        "next/submit, as Ctrl-N",
    ),
];

impl Wizard {
    /// Goes to a step: the first field has the focus, Review's cursor and scroll start at the top.
    pub fn goto(&mut self, step: Step) {
        if step == Step::Review {
            // Review lists every finding; from then on each field shows its own too.
            let all: Vec<FieldId> = self
                .steps()
                .into_iter()
                .flat_map(|s| self.visible(s))
                .collect();
            self.touched.touch_all(all);
        }
        self.step = step;
        self.focus = 0;
        self.review_cursor = 0;
        self.review_scroll.by(i16::MIN);
    }

    /// Whether the focused field takes typed characters (then `q` and `?` are text).
    pub fn typing(&self) -> bool {
        self.step != Step::Review && self.focused().is_some_and(|f| self.field(f).takes_text())
    }

    fn enabled(&self, a: Action) -> bool {
        let focused = self.focused();
        let field = focused.map(|f| self.field(f));
        let multiline = field.is_some_and(|f| f.is_multiline());
        let key_file = focused == Some(FieldId::AppleKeyFile);
        match a {
            Action::FieldDown | Action::FieldUp => !multiline,
            Action::NextStep | Action::SubmitHint => !self.file_backed,
            Action::NewLine => matches!(field, Some(Field::Lines(_))),
            Action::LoadFile => key_file,
            Action::Enter => !multiline && !key_file,
            Action::HelpKey | Action::QuitKey => !self.typing(),
            _ => true,
        }
    }

    /// The keys of the wizard in its current state, for the footer and help: `edit --input`'s
    /// while file-backed, the step's (or Review's), the focused field's own, and the global keys
    /// the footer names.
    pub fn keys(&self) -> Keys {
        let file = Keys::of(FILE_KEYS, |_| self.file_backed, false);
        if self.step == Step::Review {
            return file.and(self.review_keys());
        }
        let field = match self.focused() {
            Some(f) => self.field(f).keys(),
            None => Keys::none(),
        };
        file.and(Keys::of(KEYS, |a| self.enabled(a), self.typing()))
            .and(field)
            .and(keys::global_footer(|_| true))
    }

    /// A key on a step with fields. `None`: the key is for the focused field (typing, editing).
    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        self.flash = None;
        // "Again" is the very next key: anything else in between and the refusal stands anew.
        let again = self.refused_step.take() == Some(self.step);
        match keys::action(FILE_KEYS, k, |_| self.file_backed) {
            Some(FileKey::Save) => return Some(Cmd::SaveFile),
            Some(FileKey::Next) => return Some(self.next_step(again)),
            None => {}
        }
        if self.step == Step::Review {
            return Some(self.review_key(k));
        }
        let n = self.visible(self.step).len();
        let action = keys::action(KEYS, k, |a| self.enabled(a))?;
        // The focus leaves the field: from now on it shows its findings, even blank.
        if matches!(
            action,
            Action::NextField
                | Action::PrevField
                | Action::FieldDown
                | Action::FieldUp
                | Action::Enter
                | Action::PrevStep
                | Action::Back
        ) && let Some(f) = self.focused()
        {
            self.touched.touch(f);
        }
        Some(match action {
            Action::NextField => {
                self.focus = if n == 0 { 0 } else { (self.focus + 1) % n };
                Cmd::None
            }
            Action::PrevField => {
                self.focus = if n == 0 { 0 } else { (self.focus + n - 1) % n };
                Cmd::None
            }
            Action::FieldDown => {
                self.focus = (self.focus + 1).min(n.saturating_sub(1));
                Cmd::None
            }
            Action::FieldUp => {
                self.focus = self.focus.saturating_sub(1);
                Cmd::None
            }
            Action::NextStep => self.next_step(again),
            Action::SubmitHint => {
                self.flash = Some(self.submit_hint());
                Cmd::None
            }
            Action::PrevStep => {
                self.prev_step();
                Cmd::None
            }
            Action::Back if self.step == self.steps()[0] => Cmd::LeaveWizard,
            Action::Back => {
                self.prev_step();
                Cmd::None
            }
            Action::LoadFile => {
                let path = self.trimmed(FieldId::AppleKeyFile);
                if path.is_empty() {
                    self.flash = Some("Type the path of the .p8 file first.".into());
                    return Some(Cmd::None);
                }
                Cmd::Effects(vec![Effect::ReadKeyFile {
                    path: expand_home(&path),
                }])
            }
            Action::Enter if self.focus + 1 >= n => self.next_step(again),
            Action::Enter => {
                self.focus += 1;
                Cmd::None
            }
            // The focused field takes these keys itself.
            Action::NewLine => return None,
            Action::HelpKey => Cmd::Help,
            Action::QuitKey => Cmd::Quit,
        })
    }

    /// A key for a read-only field: said so, instead of silently ignored.
    pub fn refuse_read_only(&mut self, k: &KeyEvent) {
        if matches!(
            k.code,
            KeyCode::Char(_)
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Left
                | KeyCode::Right
        ) && let Some(id) = self.focused()
        {
            self.flash = Some(format!(
                "{} is fixed after creation; only delete and recreate changes it, and that deletes every user.",
                id.meta().label.trim()
            ));
        }
    }

    /// The next step, or on Review the submit. `again`: the key that asked was pressed right
    /// after a refusal on this step.
    pub fn next_step(&mut self, again: bool) -> Cmd {
        // A running job may have ended since it was read: each next-step attempt reads it again.
        if matches!(
            self.target_facts.running,
            crate::tui::msg::Load::Loaded(Some(_))
        ) {
            self.target_facts.stale = true;
        }
        if self.step == Step::Review {
            return self.submit();
        }
        // What the service said of the target is refused here, not after the nine steps.
        let refusals = crate::tui::wizard::steps::target::facts_findings(self, &self.target_facts);
        if self.step == Step::Target
            && let Some(first) = refusals.first()
        {
            self.flash = Some(format!("Not this target: {} {}", first.message, first.fix));
            return Cmd::None;
        }
        // Every field of the step shows its findings now; the first attempt with errors stays
        // here to show them, rather than leaving them for Review to find.
        self.touched.touch_all(self.visible(self.step));
        let errors = self.step_errors(self.step);
        if errors > 0 && !again {
            self.refused_step = Some(self.step);
            self.flash = Some(format!(
                "{} on this step, shown under {}: fix {}, or {} again to go on (Review lists what is left).",
                crate::tui::time_text::count(errors, "error"),
                if errors == 1 {
                    "its field"
                } else {
                    "their fields"
                },
                if errors == 1 { "it" } else { "them" },
                self.next_key(),
            ));
            return Cmd::None;
        }
        self.visited.insert(self.step);
        let steps = self.steps();
        if let Some(i) = steps.iter().position(|s| *s == self.step)
            && let Some(next) = steps.get(i + 1)
        {
            self.goto(*next);
        }
        Cmd::None
    }

    /// Ctrl-S on a step: where it submits, and the key that steps on instead.
    fn submit_hint(&self) -> String {
        format!(
            "{} submits from Review, the last step; {} goes to the next step.",
            keys::key_of(
                crate::tui::wizard::review::KEYS,
                crate::tui::wizard::review::Action::Submit
            ),
            self.next_key(),
        )
    }

    /// The key that steps on, as the footer names it.
    fn next_key(&self) -> &'static str {
        if self.file_backed {
            keys::hint(FILE_KEYS, FileKey::Next)
        } else {
            keys::hint(KEYS, Action::NextStep)
        }
    }

    pub fn prev_step(&mut self) {
        let steps = self.steps();
        if let Some(i) = steps.iter().position(|s| *s == self.step)
            && i > 0
        {
            self.visited.insert(self.step);
            self.goto(steps[i - 1]);
        }
    }

    /// Submit: refused with errors or with nothing changed; a recreate asks for the name first.
    pub fn submit(&mut self) -> Cmd {
        let errors = self.error_count();
        if errors > 0 {
            self.flash = Some(format!(
                "Submit refused: {} to fix first. Review lists them; {} on one jumps to its field.",
                crate::tui::time_text::count(errors, "error"),
                keys::hint(
                    crate::tui::wizard::review::KEYS,
                    crate::tui::wizard::review::Action::GoTo
                ),
            ));
            self.goto(Step::Review);
            return Cmd::None;
        }
        let (changes, not_compared) = self.changes_and_not_compared();
        // A secret typed in the edit is sent even though it cannot be compared.
        if self.is_edit() && changes.is_empty() && not_compared.is_empty() {
            self.flash = Some("Nothing to submit: the config is unchanged.".into());
            return Cmd::None;
        }
        if self.is_recreate() {
            // The destructive part is confirmed by typing the resource name.
            return match self.guard() {
                Some(guard) => Cmd::ConfirmRecreate {
                    target: self.target(),
                    guard,
                },
                None => Cmd::None,
            };
        }
        let (Some(request), Some(expected)) = (self.request(), self.expected_after()) else {
            return Cmd::None;
        };
        Cmd::StartJob(Box::new(Submission {
            target: self.target(),
            request,
            expect: Expect::Config(Box::new(expected)),
            guard: self.guard(),
        }))
    }

    /// For an edit or a recreate: the config it was made from and the edited one, so the job
    /// pane reads the resource again and merges before sending (a create has nothing to merge).
    pub fn guard(&self) -> Option<Box<Guard>> {
        let original = match &self.mode {
            Mode::Edit { original } | Mode::Recreate { original } => original,
            Mode::Create => return None,
        };
        Some(Box::new(Guard {
            base: original.as_ref().clone(),
            mine: self.config.clone()?,
        }))
    }
}

impl Wizard {
    /// A `.p8` file read for the Apple key field: its normalised body, and the key id from
    /// its name when the key id field is empty.
    pub fn load_key_file(&mut self, path: &std::path::Path, result: Result<Vec<u8>, String>) {
        let bytes = match result {
            Ok(b) => b,
            Err(e) => {
                self.flash = Some(format!("Could not read {}: {e}", path.display()));
                return;
            }
        };
        match apple_key::parse_apple_key(&bytes) {
            Ok(key) => {
                // The box holds the normalised body: what will be sent, nothing more.
                *self.field_mut(FieldId::AppleKey) = Field::Key {
                    text: TextBox::from_lines(vec![key.body.expose().to_string()]),
                    revealed: false,
                };
                self.key_file_id = apple_key::key_id_from_filename(path);
                if let Some(id) = self.key_file_id.clone()
                    && self.trimmed(FieldId::AppleKeyId).is_empty()
                {
                    self.set_text(FieldId::AppleKeyId, &id);
                }
                self.flash = Some(format!(
                    "Loaded {} (fingerprint {}).",
                    path.display(),
                    key.fingerprint
                ));
                self.dirty = true;
                self.refresh();
            }
            Err(e) => self.flash = Some(format!("{}: {e}", path.display())),
        }
    }
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => std::path::PathBuf::from(path),
    }
}
