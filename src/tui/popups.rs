//! The popups' key tables and handlers. A popup takes every key while it is open; what it does
//! reaches past any one screen (quit, leave the wizard, start a delete, resume a draft), so its
//! handler works on the whole `App`.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Popup, Screen};
use super::keys::{self, Binding, Keys, Pat, code, ctrl, help_only, key, show};
use super::msg::{Cmd, Effect, Expect, Request, Submission};
use super::wizard::draft;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Stay,
    Discard,
    Delete,
    Cancel,
    Resume,
    Later,
    Close,
    /// Help: scroll by so many lines (`i16::MIN`/`MAX`: to the top or the end).
    Scroll(i16),
    /// Help: a key it does not bind; help stays open (it said so in the footer).
    Ignore,
}

pub const HELP_KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Esc), Action::Close),
            (code(KeyCode::F(1)), Action::Close),
            (key('?'), Action::Close),
            (key('q'), Action::Close),
        ],
        "Esc/F1",
        "close help",
    ),
    show(
        &[
            (code(KeyCode::Up), Action::Scroll(-1)),
            (key('k'), Action::Scroll(-1)),
            (code(KeyCode::Down), Action::Scroll(1)),
            (key('j'), Action::Scroll(1)),
        ],
        "↑↓",
        "scroll",
    ),
    show(
        &[
            (code(KeyCode::PageUp), Action::Scroll(-10)),
            (code(KeyCode::PageDown), Action::Scroll(10)),
            (key(' '), Action::Scroll(10)),
        ],
        "PgUp/PgDn",
        "page",
    ),
    show(
        &[
            (code(KeyCode::Home), Action::Scroll(i16::MIN)),
            (key('g'), Action::Scroll(i16::MIN)),
            (code(KeyCode::End), Action::Scroll(i16::MAX)),
            (key('G'), Action::Scroll(i16::MAX)),
        ],
        "Home/End",
        "top / end",
    ),
    help_only(
        &[(Pat::Any, Action::Ignore)],
        "other keys",
        "do nothing here",
    ),
];

pub const QUIT_KEYS: &[Binding<Action>] = &[
    show(
        &[
            (key('y'), Action::Quit),
            (key('Y'), Action::Quit),
            (ctrl('c'), Action::Quit),
        ],
        "y",
        "quit",
    ),
    show(
        &[
            (key('n'), Action::Stay),
            (code(KeyCode::Esc), Action::Stay),
            (Pat::Any, Action::Stay),
        ],
        "n/Esc",
        "stay",
    ),
];

pub const DISCARD_KEYS: &[Binding<Action>] = &[
    show(
        &[(key('y'), Action::Discard), (key('Y'), Action::Discard)],
        "y",
        "discard",
    ),
    show(&[(Pat::Any, Action::Stay)], "any key", "stay"),
];

/// Every other key types the resource name.
pub const DELETE_KEYS: &[Binding<Action>] = &[
    show(
        &[(code(KeyCode::Enter), Action::Delete)],
        "Enter",
        "delete when the name matches",
    ),
    show(&[(code(KeyCode::Esc), Action::Cancel)], "Esc", "cancel"),
];

pub const RESUME_KEYS: &[Binding<Action>] = &[
    show(
        &[
            (code(KeyCode::Enter), Action::Resume),
            (key('r'), Action::Resume),
        ],
        "Enter",
        "resume",
    ),
    show(&[(key('d'), Action::Discard)], "d", "discard"),
    show(
        &[
            (code(KeyCode::Esc), Action::Later),
            (key('l'), Action::Later),
        ],
        "Esc",
        "later",
    ),
    help_only(
        &[(ctrl('c'), Action::Quit)],
        "Ctrl-C",
        "quit; every draft is kept",
    ),
];

pub const BAD_DRAFT_KEYS: &[Binding<Action>] = &[
    show(&[(key('d'), Action::Delete)], "d", "delete it"),
    show(&[(Pat::Any, Action::Later)], "any key", "keep it"),
    help_only(
        &[(ctrl('c'), Action::Quit)],
        "Ctrl-C",
        "quit; every draft is kept",
    ),
];

pub const APPLIED_KEYS: &[Binding<Action>] = &[
    show(&[(Pat::Any, Action::Later)], "any key", "continue"),
    help_only(&[(ctrl('c'), Action::Quit)], "Ctrl-C", "quit"),
];

pub fn table(p: &Popup) -> &'static [Binding<Action>] {
    match p {
        Popup::Help => HELP_KEYS,
        Popup::ConfirmQuit => QUIT_KEYS,
        Popup::ConfirmDiscard => DISCARD_KEYS,
        Popup::ConfirmDelete { .. } => DELETE_KEYS,
        Popup::ResumeDraft { .. } => RESUME_KEYS,
        Popup::BadDraft { .. } => BAD_DRAFT_KEYS,
        Popup::DraftApplied { .. } => APPLIED_KEYS,
    }
}

pub fn keys(p: &Popup) -> Keys {
    Keys::of(table(p), |_| true, matches!(p, Popup::ConfirmDelete { .. }))
}

/// Opens (or scrolls) the popup a command asks for: help, or the delete confirmation, which
/// asks for the resource name (with a guard: deleting, then creating again).
pub fn open(app: &mut App, cmd: Cmd) {
    let (target, then_create) = match cmd {
        Cmd::Help => return super::help::open(app),
        Cmd::ScrollHelp(n) => return super::help::scroll(app, n),
        Cmd::ConfirmDelete(target) => (target, None),
        Cmd::ConfirmRecreate { target, guard } => (target, Some(guard)),
        _ => return,
    };
    app.popup = Some(Popup::ConfirmDelete {
        target,
        input: Default::default(),
        then_create,
    });
}

/// The wizard is left and its input dropped: its draft goes, the screen under it is read again.
fn discard_wizard(app: &mut App) -> Vec<Effect> {
    let mut fx: Vec<Effect> = match &app.screen {
        Screen::Wizard(w) => draft::delete(app, w).into_iter().collect(),
        _ => vec![],
    };
    app.pop();
    fx.extend(super::browse::reload_after_pop(app));
    fx
}

/// A popup's key. `Cmd`s go back to `update` (quit, back); effects are returned as `Cmd::Effects`.
pub fn on_key(app: &mut App, k: &KeyEvent) -> Cmd {
    let Some(popup) = &app.popup else {
        return Cmd::None;
    };
    let Some(action) = keys::action(table(popup), k, |_| true) else {
        // Only the delete confirmation has a text field; the focused-input path types into it.
        return Cmd::None;
    };
    if let Action::Scroll(n) = action {
        return Cmd::ScrollHelp(n);
    }
    if action == Action::Ignore {
        return Cmd::None;
    }
    let popup = app.popup.take().expect("checked");
    match (popup, action) {
        (Popup::ConfirmQuit, Action::Quit) => {
            app.quit = true;
            Cmd::Effects(vec![Effect::Quit])
        }
        (Popup::ConfirmDiscard, Action::Discard) => Cmd::Effects(discard_wizard(app)),
        (
            Popup::ConfirmDelete {
                target,
                input,
                then_create,
            },
            Action::Delete,
        ) => {
            if input.value() != target.resource.as_str() {
                // Not the name yet: the popup stays.
                app.popup = Some(Popup::ConfirmDelete {
                    target,
                    input,
                    then_create,
                });
                return Cmd::None;
            }
            // Delete and recreate: the create follows once the delete is confirmed. The create is
            // set before the delete starts: reading the resource again before the delete may
            // merge changes made meanwhile into it.
            let then = then_create.as_ref().map(|g| Submission {
                target: target.clone(),
                request: Request::Create(g.mine.clone()),
                expect: Expect::Config(Box::new(g.mine.clone())),
                guard: None,
            });
            let fx = super::job_open::start_job_then(
                app,
                Submission {
                    target,
                    request: Request::Delete,
                    expect: Expect::Deleted,
                    guard: then_create,
                },
                then,
            );
            Cmd::Effects(fx)
        }
        (
            Popup::ResumeDraft { .. } | Popup::BadDraft { .. } | Popup::DraftApplied { .. },
            Action::Quit,
        ) => {
            // Quitting keeps every draft for the next start.
            app.quit = true;
            Cmd::Effects(vec![Effect::Quit])
        }
        (Popup::ResumeDraft { id, draft, .. }, Action::Resume) => {
            // The other drafts stay on disk for a later start.
            app.drafts_waiting.clear();
            Cmd::Effects(draft::resume(app, *draft, id))
        }
        (Popup::ResumeDraft { id, .. }, Action::Discard)
        | (Popup::BadDraft { id, .. }, Action::Delete) => {
            let fx = app
                .draft_dir
                .clone()
                .map(|dir| Effect::DeleteDraft { dir, id });
            draft::offer_next(app);
            Cmd::Effects(fx.into_iter().collect())
        }
        (
            Popup::ResumeDraft { .. } | Popup::BadDraft { .. } | Popup::DraftApplied { .. },
            Action::Later,
        ) => {
            draft::offer_next(app);
            Cmd::None
        }
        // Close, Stay, Cancel: the popup is gone.
        _ => Cmd::None,
    }
}
