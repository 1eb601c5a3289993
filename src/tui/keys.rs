//! Key tables: every screen and popup declares its keys once, as a table of [`Binding`]s from
//! keys to that screen's action enum, each with the label the footer and F1 help show.
//!
//! The same table dispatches the key (`action`), draws the footer (`footer`) and fills the help
//! (`help`), so what the screen says and what it does cannot drift apart. A binding that only
//! applies in some states (retry once a job failed) is filtered by the screen's `enabled`
//! function, for dispatch and display alike.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key a binding reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pat {
    /// The key with no modifier but Shift (Shift is how `R`, `?` and Shift-Tab arrive).
    Key(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
    /// Any key not bound otherwise ("any key stays").
    Any,
}

impl Pat {
    pub fn matches(self, key: &KeyEvent) -> bool {
        let mods = key.modifiers.difference(KeyModifiers::SHIFT);
        match self {
            Pat::Key(code) => mods.is_empty() && key.code == code,
            Pat::Ctrl(c) => mods == KeyModifiers::CONTROL && key.code == KeyCode::Char(c),
            Pat::Any => true,
        }
    }

    /// Whether a focused text field would take this key as typing (a printable character).
    pub fn is_printable(self) -> bool {
        matches!(self, Pat::Key(KeyCode::Char(_)))
    }
}

/// A key as the footer would name it ("Enter", "↓", "Ctrl-R", "c"), to say which keys wait.
pub fn key_name(k: &KeyEvent) -> String {
    let base = code_name(k.code);
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

fn code_name(code: KeyCode) -> String {
    match code {
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Delete => "Delete".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        _ => "a key".to_string(),
    }
}

impl Pat {
    /// The key's name as labels write it (`None` for `Any`, which has no name).
    pub fn name(self) -> Option<String> {
        match self {
            Pat::Key(code) => Some(code_name(code)),
            Pat::Ctrl(c) => Some(format!("Ctrl-{}", c.to_ascii_uppercase())),
            Pat::Any => None,
        }
    }
}

pub const fn key(c: char) -> Pat {
    Pat::Key(KeyCode::Char(c))
}
pub const fn code(c: KeyCode) -> Pat {
    Pat::Key(c)
}
pub const fn ctrl(c: char) -> Pat {
    Pat::Ctrl(c)
}

/// One row of a key table: the keys (each with the action it triggers, so "↑↓ scroll" is one
/// row), the key label and what it does as help shows them, and the word the footer shows (none:
/// the row is only in help).
#[derive(Debug)]
pub struct Binding<A: 'static> {
    pub keys: &'static [(Pat, A)],
    pub label: &'static str,
    pub what: &'static str,
    pub footer: Option<&'static str>,
}

/// Shorthand for a table row that the footer shows.
pub const fn show<A>(
    keys: &'static [(Pat, A)],
    label: &'static str,
    what: &'static str,
) -> Binding<A> {
    Binding {
        keys,
        label,
        what,
        footer: Some(what),
    }
}

/// Shorthand for a table row only F1 help lists.
pub const fn help_only<A>(
    keys: &'static [(Pat, A)],
    label: &'static str,
    what: &'static str,
) -> Binding<A> {
    Binding {
        keys,
        label,
        what,
        footer: None,
    }
}

/// The label of the row that binds `action`: what popup bodies, titles and prose write for the
/// key, so a sentence naming a key says what the footer says and changes with the table.
pub fn hint<A: Copy + PartialEq>(table: &[Binding<A>], action: A) -> &'static str {
    match table
        .iter()
        .find(|b| b.keys.iter().any(|(_, a)| *a == action))
    {
        Some(b) => b.label,
        None => {
            debug_assert!(false, "no row of the table binds the action");
            ""
        }
    }
}

/// The name of the first key bound to `action` ("Backspace" of the editing row "Ctrl-U,
/// Ctrl-W"): for prose naming one key of a row whose label names others.
pub fn key_of<A: Copy + PartialEq>(table: &[Binding<A>], action: A) -> String {
    let first = key_names(table, action).into_iter().next();
    first.unwrap_or_else(|| {
        debug_assert!(false, "no key of the table is bound to the action");
        String::new()
    })
}

/// The names of every key bound to `action`, in table order (`e`, `Esc` for "back to your
/// input").
pub fn key_names<A: Copy + PartialEq>(table: &[Binding<A>], action: A) -> Vec<String> {
    table
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter(|(_, a)| *a == action)
        .filter_map(|(p, _)| p.name())
        .collect()
}

/// The action the key triggers, if an enabled binding has it. Exact keys win over `Any`.
pub fn action<A: Copy>(
    table: &[Binding<A>],
    key: &KeyEvent,
    enabled: impl Fn(A) -> bool,
) -> Option<A> {
    let all = || {
        table
            .iter()
            .flat_map(|b| b.keys.iter())
            .filter(|(_, a)| enabled(*a))
    };
    all()
        .find(|(p, _)| *p != Pat::Any && p.matches(key))
        .or_else(|| all().find(|(p, _)| *p == Pat::Any))
        .map(|(_, a)| *a)
}

fn enabled_rows<A: Copy>(
    table: &[Binding<A>],
    enabled: impl Fn(A) -> bool,
) -> impl Iterator<Item = &Binding<A>> {
    table
        .iter()
        .filter(move |b| b.keys.iter().any(|(_, a)| enabled(*a)))
}

/// The footer: the enabled rows marked for it, in table order.
pub fn footer<A: Copy>(
    table: &[Binding<A>],
    enabled: impl Fn(A) -> bool,
) -> Vec<(&'static str, &'static str)> {
    enabled_rows(table, enabled)
        .filter_map(|b| Some((b.label, b.footer?)))
        .collect()
}

/// F1 help: every enabled row, in table order.
pub fn help<A: Copy>(
    table: &[Binding<A>],
    enabled: impl Fn(A) -> bool,
) -> Vec<(&'static str, &'static str)> {
    enabled_rows(table, enabled)
        .map(|b| (b.label, b.what))
        .collect()
}

/// The keys of the enabled bindings.
fn bound<A: Copy>(table: &[Binding<A>], enabled: impl Fn(A) -> bool) -> Vec<Pat> {
    table
        .iter()
        .flat_map(|b| b.keys.iter())
        .filter(|(_, a)| enabled(*a))
        .map(|(p, _)| *p)
        .collect()
}

/// Keys bound more than once; with `typing`, printable keys belong to the focused text field
/// and must not be bound at all.
fn clashes_in(pats: &[Pat], typing: bool) -> Vec<String> {
    let mut out = vec![];
    for (i, p) in pats.iter().enumerate() {
        if pats[..i].contains(p) {
            out.push(format!("{p:?} bound twice"));
        }
        if typing && p.is_printable() {
            out.push(format!("{p:?} is bound while a text field takes typing"));
        }
    }
    out
}

pub fn clashes<A: Copy>(
    table: &[Binding<A>],
    enabled: impl Fn(A) -> bool,
    typing: bool,
) -> Vec<String> {
    clashes_in(&bound(table, enabled), typing)
}

/// Keys that work on every screen (popups have their own). `update` takes them before the
/// screen's table; F1 help lists them once, under "Everywhere".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Global {
    Help,
    Quit,
}

pub const GLOBAL_KEYS: &[Binding<Global>] = &[
    Binding {
        keys: &[(Pat::Key(KeyCode::F(1)), Global::Help)],
        label: "F1",
        what: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[(Pat::Ctrl('c'), Global::Quit)],
        label: "Ctrl-C",
        what: "quit; asks first if input would be lost",
        footer: Some("quit"),
    },
];

/// The keys of a terminal too small to draw in: nothing on screen takes typing, so q and Esc
/// leave.
pub const TOO_SMALL_KEYS: &[Binding<Global>] = &[help_only(
    &[
        (Pat::Key(KeyCode::Char('q')), Global::Quit),
        (Pat::Key(KeyCode::Esc), Global::Quit),
    ],
    "q",
    "quit",
)];

/// Keys pressed while a screen loads wait for it (`update::waits`), except this one: it drops
/// them (and then does what it does on the screen, going back).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    Drop,
}

pub const WAITING_KEYS: &[Binding<Waiting>] = &[help_only(
    &[(Pat::Key(KeyCode::Esc), Waiting::Drop)],
    "Esc",
    "drop the keys waiting for the screen",
)];

/// The global keys a screen names in its footer (the wizard, where no other way out shows): in
/// the footer only, since help lists them under "Everywhere".
pub fn global_footer(shown: impl Fn(Global) -> bool + Copy) -> Keys {
    let mut k = Keys::of(GLOBAL_KEYS, shown, false);
    k.help.clear();
    k
}

/// The table as the footer/help see it and as dispatch sees it, for a screen in its current
/// state. Screens return this so `view` and tests need not know each action enum.
pub struct Keys {
    pub footer: Vec<(&'static str, &'static str)>,
    pub help: Vec<(&'static str, &'static str)>,
    /// Keys bound twice, or bound although typing has them (should be empty).
    pub clashes: Vec<String>,
    bound: Vec<Pat>,
    typing: bool,
}

impl Keys {
    /// No keys (a field that takes only typing).
    pub fn none() -> Keys {
        Keys {
            footer: vec![],
            help: vec![],
            clashes: vec![],
            bound: vec![],
            typing: false,
        }
    }

    pub fn of<A: Copy>(
        table: &[Binding<A>],
        enabled: impl Fn(A) -> bool + Copy,
        typing: bool,
    ) -> Keys {
        let bound = bound(table, enabled);
        Keys {
            footer: footer(table, enabled),
            help: help(table, enabled),
            clashes: clashes_in(&bound, typing),
            bound,
            typing,
        }
    }

    /// A screen made of two tables (its own, then a shared one such as a list's movement keys):
    /// rows in that order, and clashes checked across both.
    pub fn and(mut self, more: Keys) -> Keys {
        self.footer.extend(more.footer);
        self.help.extend(more.help);
        self.bound.extend(more.bound);
        self.typing |= more.typing;
        self.clashes = clashes_in(&self.bound, self.typing);
        self
    }

    /// The names of the keys bound now ("Enter", "Ctrl-R", "r"), for checking what the screen
    /// says against what it binds.
    pub fn names(&self) -> Vec<String> {
        self.bound.iter().filter_map(|p| p.name()).collect()
    }
}
