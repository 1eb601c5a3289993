//! The model made for a screen test, and drawn on a test terminal as text to match and snapshot.
#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::view::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::driver::screen_text;

/// The app on its home screen (the apps list) in `region`, its target named "sandbox".
pub fn home(region: &str) -> App {
    App::new(
        Screen::Apps(AppsView::default()),
        Context {
            region: region.into(),
            target: "sandbox".into(),
        },
    )
}

/// The app on `screen` in us-east-1 against "sandbox", its clock fixed at 1 800 000 000 s after
/// the epoch so the times on screen stay the same from run to run.
pub fn at_fixed_time(screen: Screen) -> App {
    let mut a = App::new(
        screen,
        Context {
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    );
    a.wall_now = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    a
}

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
