//! The keys a wizard field takes itself (switching a toggle, cycling a choice, ticking options,
//! the editing keys of a multi-line box): one table per field kind, which `Field::handle_key`
//! dispatches from and the footer, F1 help and the form's hints are drawn from.

use crossterm::event::KeyCode;

use crate::tui::keys::{Binding, code, ctrl, help_only, key, show};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKey {
    /// The next option (a choice, a suggestion) or the next item (a multi-choice's cursor).
    Next,
    Prev,
    /// Switch a toggle, tick or untick a multi-choice's item.
    Flip,
    On,
    Off,
    /// Show or hide a secret.
    Reveal,
    /// A multi-line box's own editing keys (the textarea handles them).
    Edit,
}

pub const TOGGLE_KEYS: &[Binding<FieldKey>] = &[
    show(
        &[
            (code(KeyCode::Left), FieldKey::Flip),
            (code(KeyCode::Right), FieldKey::Flip),
        ],
        "←/→",
        "change",
    ),
    help_only(&[(key(' '), FieldKey::Flip)], "Space", "switch on or off"),
    help_only(
        &[(key('y'), FieldKey::On), (key('n'), FieldKey::Off)],
        "y/n",
        "on, off",
    ),
];

pub const CHOICE_KEYS: &[Binding<FieldKey>] = &[
    show(
        &[
            (code(KeyCode::Left), FieldKey::Prev),
            (code(KeyCode::Right), FieldKey::Next),
        ],
        "←/→",
        "change",
    ),
    help_only(
        &[
            (key('h'), FieldKey::Prev),
            (key('l'), FieldKey::Next),
            (key(' '), FieldKey::Next),
        ],
        "h/l, Space",
        "previous, next option",
    ),
];

pub const MULTI_KEYS: &[Binding<FieldKey>] = &[
    show(
        &[
            (code(KeyCode::Left), FieldKey::Prev),
            (code(KeyCode::Right), FieldKey::Next),
            (key(' '), FieldKey::Flip),
        ],
        "←/→ Space",
        "pick",
    ),
    help_only(
        &[
            (key('h'), FieldKey::Prev),
            (key('l'), FieldKey::Next),
            (key('x'), FieldKey::Flip),
        ],
        "h/l, x",
        "move, tick",
    ),
];

/// A secret (a client secret, the Apple key): masked until revealed.
pub const SECRET_KEYS: &[Binding<FieldKey>] =
    &[show(&[(ctrl('r'), FieldKey::Reveal)], "Ctrl-R", "reveal")];

/// A free-text field with suggestions: ←/→ cycle them while the text is empty or one of them
/// (otherwise they move in the text).
pub const COMBO_KEYS: &[Binding<FieldKey>] = &[help_only(
    &[
        (code(KeyCode::Left), FieldKey::Prev),
        (code(KeyCode::Right), FieldKey::Next),
    ],
    "←/→",
    "pick from the suggestions",
)];

/// A multi-line box's editing keys, for help: the textarea binds them (Ctrl-U is its undo,
/// not a line clear as in a one-line input).
pub const BOX_KEYS: &[Binding<FieldKey>] = &[
    help_only(
        &[
            (code(KeyCode::Left), FieldKey::Edit),
            (code(KeyCode::Right), FieldKey::Edit),
            (code(KeyCode::Up), FieldKey::Edit),
            (code(KeyCode::Down), FieldKey::Edit),
            (code(KeyCode::Home), FieldKey::Edit),
            (code(KeyCode::End), FieldKey::Edit),
        ],
        "←/→ ↑/↓, Home/End",
        "move in the text",
    ),
    help_only(
        &[(ctrl('u'), FieldKey::Edit), (ctrl('w'), FieldKey::Edit)],
        "Ctrl-U, Ctrl-W",
        "undo, delete word",
    ),
];
