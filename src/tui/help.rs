//! F1 help: every key of the screen's table (footer or not), the editing keys while typing, the
//! keys every screen shares, and the fields of the wizard's step. Drawn over the screen's body,
//! scrolled with its own keys (`popups::HELP_KEYS`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Popup, Screen};
use super::footer;
use super::keys;
use super::theme;
use super::wizard::fields::FieldValues;

/// Opens help at its top.
pub fn open(app: &mut App) {
    app.popup = Some(Popup::Help);
    app.help_scroll = 0;
}

/// Scrolls by `n` lines (`i16::MIN`/`MAX`: to the top or the end), never past the last line at
/// the terminal's size.
pub fn scroll(app: &mut App, n: i16) {
    let max = max_scroll(app);
    app.help_scroll = match n {
        i16::MIN => 0,
        i16::MAX => max,
        n => app.help_scroll.saturating_add_signed(n).min(max),
    };
}

/// Where help is drawn: over the screen's body, between the header and the footer (which shows
/// help's own keys), at most 96 wide and no taller than its lines; with the number of its lines
/// (wrapped) and how many fit.
fn layout(app: &App, area: Rect) -> (Rect, u16, u16) {
    let avail = area
        .height
        .saturating_sub(1 + footer::height(app, area.width));
    let w = area.width.min(96);
    let total = Paragraph::new(lines(app))
        .wrap(Wrap { trim: false })
        .line_count(w.saturating_sub(2)) as u16;
    let h = avail.min(total + 2);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + 1 + (avail - h) / 2,
        w,
        h,
    );
    (rect, total, h.saturating_sub(2))
}

/// How far help can scroll at the terminal's size: its last line at the bottom of the box.
fn max_scroll(app: &App) -> u16 {
    let (_, total, room) = layout(app, Rect::new(0, 0, app.size.0, app.size.1));
    total.saturating_sub(room)
}

/// Draws help; `close` and `hints` (scrolling) are the labels of help's own keys (its table is the popup's,
/// `popups::HELP_KEYS`: the caller reads them there, so help never imports the popups).
pub fn draw(app: &App, frame: &mut Frame, area: Rect, close: &str, hints: [&str; 3]) {
    let (rect, total, room) = layout(app, area);
    let scroll = app.help_scroll.min(total.saturating_sub(room));
    let mut block = Block::bordered().title(format!(" Help ({close} closes) "));
    if total > room {
        block = block.title_bottom(
            Line::from(format!(
                " lines {}–{} of {total} · {} {} {} ",
                scroll + 1,
                (scroll + room).min(total),
                hints[0],
                hints[1],
                hints[2],
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines(app))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        rect,
    );
}

fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Keys on this screen", theme::title())];
    // Every enabled row of the screen's key table, footer or not.
    let screen = app.screen_keys().and(editing_keys(app));
    for (k, what) in screen.help {
        lines.push(Line::from(format!("  {k:<24}{what}")));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Everywhere", theme::title()));
    for (k, what) in keys::help(keys::GLOBAL_KEYS, |_| true) {
        lines.push(Line::from(format!("  {k:<24}{what}")));
    }
    lines.push(Line::from(""));
    if let Screen::Wizard(w) = &app.screen {
        lines.push(Line::styled(
            format!("This step: {}", w.step.title()),
            theme::title(),
        ));
        for id in w.visible(w.step) {
            let m = id.meta();
            lines.push(Line::from(format!("  {}: {}", m.label.trim(), m.help)));
        }
    }
    lines
}

/// The editing keys of the focused text input, for help: a wizard's multi-line box has the
/// textarea's (Ctrl-U undoes), every other input a one-line input's (Ctrl-U clears).
pub fn editing_keys(app: &App) -> keys::Keys {
    if !app.screen_typing() {
        return keys::Keys::none();
    }
    match &app.screen {
        Screen::Wizard(w) if w.focused().is_some_and(|f| w.field(f).is_multiline()) => {
            keys::Keys::of(super::widgets::field_keys::BOX_KEYS, |_| true, false)
        }
        _ => keys::Keys::of(super::widgets::line_input::EDIT_KEYS, |_| true, false),
    }
}
