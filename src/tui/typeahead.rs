//! Keys typed ahead of a load: pressed while the screen on display is still reading what they
//! act on (Enter on a list not read yet), they wait in `App::typeahead` and act, in order, once
//! it has loaded (`update::replay`); the footer says they wait.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Screen};

/// Keys typed ahead of a load wait this many deep; more are refused (the footer says so).
pub const MAX: usize = 64;

/// Whether `key` waits for the screen's load instead of acting now. Esc never waits (it leaves
/// and drops what waited); with nothing waiting and no filter being typed, neither do the keys
/// that need nothing loaded.
pub fn waits(app: &App, key: &KeyEvent) -> bool {
    let drops = crate::tui::keys::action(crate::tui::keys::WAITING_KEYS, key, |_| true).is_some();
    if !app.loading() || drops {
        return false;
    }
    if !app.typeahead.is_empty() || app.screen_typing() || !key.modifiers.is_empty() {
        return true;
    }
    // Keys that need nothing loaded: quit, help, reload, and the jobs of an environment.
    let jobs = matches!(app.screen, Screen::Env(_) | Screen::Config(_));
    let acts_now = matches!(key.code, KeyCode::Char('q' | '?' | 'r'))
        || (jobs && key.code == KeyCode::Char('j'));
    !acts_now
}

/// Keeps `key` to act later, unless [`MAX`] already wait.
pub fn hold(app: &mut App, key: KeyEvent) {
    if app.typeahead.len() < MAX {
        app.typeahead.push_back(key);
    }
}
