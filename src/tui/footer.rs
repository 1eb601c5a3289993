//! The footer: the keys that apply now (from the key tables), and above them, when there is one,
//! a message (the wizard's flash, or the keys waiting for a load). Help measures it too, to stay
//! clear of it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen};
use super::keys;
use super::theme;
use super::typeahead;

fn flash_of(app: &App) -> Option<String> {
    if !app.typeahead.is_empty() {
        return Some(typeahead_note(app));
    }
    match &app.screen {
        Screen::Wizard(w) => w.flash.clone(),
        _ => None,
    }
}

/// Keys pressed before the screen had loaded: they are kept and said to be waiting.
fn typeahead_note(app: &App) -> String {
    let mut names: Vec<String> = app.typeahead.iter().take(8).map(keys::key_name).collect();
    if app.typeahead.len() > 8 {
        names.push(format!("and {} more", app.typeahead.len() - 8));
    }
    let full = app.typeahead.len() >= typeahead::MAX;
    format!(
        "⧗ Still loading: {} {} once it has loaded{} · {} drops {}",
        names.join(" "),
        if names.len() == 1 { "acts" } else { "act" },
        if full { " (no more are taken)" } else { "" },
        super::keys::hint(super::keys::WAITING_KEYS, super::keys::Waiting::Drop),
        if names.len() == 1 { "it" } else { "them" },
    )
}

/// Two lines for the keys, or a message above one line of keys: as many lines as the message
/// needs at this width (up to three), so a long one is wrapped, never cut off.
pub fn height(app: &App, width: u16) -> u16 {
    match flash_of(app) {
        Some(f) => 1 + flash_paragraph(&f).line_count(width).clamp(1, 3) as u16,
        None => 2,
    }
}

/// The message line, wrapped: one definition for measuring it and drawing it.
fn flash_paragraph(f: &str) -> Paragraph<'static> {
    Paragraph::new(Line::styled(format!(" {f}"), theme::warning())).wrap(Wrap { trim: false })
}

/// Draws `keys` (the popup's or the screen's) and the message, if any.
pub fn draw(app: &App, keys: &[(&'static str, &'static str)], frame: &mut Frame, area: Rect) {
    let lines = lines(keys, area.width as usize);
    // Keys get both lines unless a message needs the first ones.
    match flash_of(app) {
        Some(f) => {
            let [message, keys] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
            frame.render_widget(flash_paragraph(&f), message);
            frame.render_widget(
                Paragraph::new(lines.into_iter().next().unwrap_or_default()),
                keys,
            );
        }
        None => frame.render_widget(Paragraph::new(lines), area),
    }
}

/// The footer's bindings packed into lines of `width`, a binding never split across two (F1
/// help lists any that do not fit).
fn lines(keys: &[(&'static str, &'static str)], width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = vec![Line::default()];
    let mut used = 0;
    for (k, what) in keys {
        let len = k.chars().count() + what.chars().count() + 3;
        if used + len > width && used > 0 {
            lines.push(Line::default());
            used = 0;
        }
        used += len;
        let line = lines.last_mut().expect("one line at least");
        line.push_span(Span::styled(format!(" {k} "), theme::key()));
        line.push_span(Span::raw(format!("{what} ")));
    }
    lines
}
