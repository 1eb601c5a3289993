//! The model drawn on a test terminal, as text to match and snapshot.
#![allow(dead_code)]

use amplify_auth::tui::app::App;
use amplify_auth::tui::view::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::driver::screen_text;

/// `app` drawn on a `w`×`h` terminal: a line a row, each with its trailing blanks cut (the form
/// the snapshots hold).
pub fn draw(app: &App, w: u16, h: u16) -> String {
    draw_full(app, w, h)
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}

/// `app` drawn on a `w`×`h` terminal: a line a row, every cell kept.
pub fn draw_full(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    screen_text(&t)
}
