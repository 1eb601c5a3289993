//! Rendering: a function of the model. Header, step list, the current screen, footer keys, popups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Popup, Screen};
use super::keys;
use super::msg::Load;
use super::popups;
use super::theme;
use super::wizard::form_view::step_lines;
use super::wizard::review;
use super::wizard::state::Wizard;
use super::wizard::steps::Step;
use crate::tui::wizard::fields::FieldValues;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &App, frame: &mut Frame) {
    draw(app, frame);
    no_hostile_cells(frame.buffer_mut());
}

/// The last guard before the terminal: ratatui drops C0 and C1 controls from cells, but not the
/// bidi controls, which would reorder the screen; any cell still holding a character
/// `term_text::is_hostile` names shows U+FFFD instead. Screens escape what they show
/// (`term_text::shown`); this catches what one missed.
fn no_hostile_cells(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if cell.symbol().chars().any(crate::term_text::is_hostile) {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_height(app, area.width)),
    ])
    .areas(area);
    let title = app.screen.title();
    // The region and the account ID are never cut (a cut ID is a wrong ID): the target gives
    // way, with an ellipsis.
    let whole = format!(" · {}{}", app.ctx.region, header_account(app));
    let room = (area.width as usize)
        .saturating_sub(" amplify-auth ".len() + title.chars().count() + 3 + whole.chars().count());
    frame.render_widget(
        Line::from(vec![
            Span::styled(" amplify-auth ", theme::focus()),
            Span::styled(format!(" {title} "), theme::title()),
            Span::styled(
                format!(
                    " {}{whole}",
                    super::wizard::form_view::truncate(&app.ctx.target, room)
                ),
                theme::dim(),
            ),
        ]),
        header,
    );
    match &app.screen {
        Screen::Wizard(w) => wizard(w, frame, body, submit_key(app)),
        Screen::Job(j) => j.render(frame, body, app.now_ms, app.wall_now),
        Screen::Apps(v) => super::screens::apps::render(v, &app.apps, frame, body),
        Screen::Envs(v) => v.render(frame, body),
        Screen::Env(v) => v.render(frame, body, app.wall_now),
        Screen::Config(v) => v.render(frame, body),
        Screen::Jobs(v) => v.render(frame, body, app.wall_now),
        Screen::Import(f) => f.render(frame, body),
        Screen::EnvAdd(f) => f.render(frame, body),
        Screen::Compare(v) => v.render(frame, body),
        Screen::Overview(v) => v.render(frame, body, app.wall_now),
        Screen::Setup(v) => v.render(frame, body),
        Screen::Switch(v) => v.render(frame, body),
        Screen::Frontend(v) => v.render(frame, body),
        Screen::Checklist(v) => v.render(frame, body),
        Screen::Gen2(v) => v.render(frame, body),
    }
    footer_keys(app, frame, footer);
    match &app.popup {
        Some(Popup::Help) => help(app, frame, area),
        Some(Popup::ConfirmQuit) => confirm_quit(app, frame, area),
        Some(Popup::ConfirmDiscard) => confirm(
            frame,
            area,
            " Discard? ",
            vec![
                Line::from("Leave the wizard and lose what you typed?"),
                Line::from(""),
                Line::styled(
                    format!(
                        "{} discards · any other key stays",
                        keys::hint(popups::DISCARD_KEYS, popups::Action::Discard)
                    ),
                    theme::title(),
                ),
            ],
        ),
        Some(Popup::ConfirmDelete {
            target: crate::tui::msg::Target { resource, .. },
            input,
            then_create,
            ..
        }) => confirm(
            frame,
            area,
            if then_create.is_some() {
                " Delete and recreate "
            } else {
                " Delete auth resource "
            },
            vec![
                Line::styled(
                    format!("This deletes {resource}: its user pool, users and identity pool."),
                    theme::error(),
                ),
                Line::from(if then_create.is_some() {
                    "Once the delete has completed, it is created again from the wizard's config."
                } else {
                    "Nothing is created again."
                }),
                Line::from("Apps signed in through it stop working. This cannot be undone."),
                Line::from(""),
                Line::from(format!(
                    "Type {resource} and press {} to delete; {} cancels.",
                    keys::hint(popups::DELETE_KEYS, popups::Action::Delete),
                    keys::hint(popups::DELETE_KEYS, popups::Action::Cancel),
                )),
                Line::from(vec![
                    Span::styled("› ", theme::title()),
                    Span::raw(input.value().to_string()),
                    Span::styled(" ", theme::focus()),
                ]),
            ],
        ),
        Some(Popup::ResumeDraft {
            draft, more, note, ..
        }) => {
            let clean = crate::aws::sanitize_text;
            let mut lines = vec![
                Line::from("A wizard was left unfinished:"),
                Line::styled(format!("  {}", draft.describe()), theme::title()),
                Line::from(format!(
                    "  saved {} · {} · {}",
                    super::time_text::age_secs(draft.saved_at, app.wall_now)
                        .unwrap_or_else(|| "earlier".into()),
                    clean(&draft.target),
                    clean(&draft.region)
                )),
            ];
            if let Some(note) = note {
                lines.push(Line::styled(
                    format!("  {}", crate::aws::sanitize_text(note)),
                    theme::warning(),
                ));
            }
            if !draft.secrets_left_out.is_empty() {
                lines.push(Line::styled(
                    "  Secrets are never saved in drafts: they must be typed again.",
                    theme::warning(),
                ));
            }
            lines.push(Line::from(""));
            let hint = |a| keys::hint(popups::RESUME_KEYS, a);
            lines.push(Line::styled(
                format!(
                    "{} resumes · {} discards it · {} decides later",
                    hint(popups::Action::Resume),
                    hint(popups::Action::Discard),
                    hint(popups::Action::Later),
                ),
                theme::title(),
            ));
            if *more > 0 {
                lines.push(Line::from(format!("({more} more waiting)")));
            }
            confirm(frame, area, " Resume your draft? ", lines)
        }
        Some(Popup::DraftApplied { line }) => confirm(
            frame,
            area,
            " A draft was applied ",
            vec![
                Line::from(crate::aws::sanitize_text(line)),
                Line::from(""),
                Line::styled("any key continues", theme::title()),
            ],
        ),
        Some(Popup::BadDraft { path, reason, .. }) => confirm(
            frame,
            area,
            " A draft could not be read ",
            vec![
                Line::from(crate::aws::sanitize_text(&path.display().to_string())),
                Line::styled(crate::aws::sanitize_text(reason), theme::error()),
                Line::from("It is left as it is, for you to look at."),
                Line::from(""),
                Line::styled(
                    format!(
                        "{} deletes it · any other key keeps it",
                        keys::hint(popups::BAD_DRAFT_KEYS, popups::Action::Delete)
                    ),
                    theme::title(),
                ),
            ],
        ),
        None => {}
    }
}

/// The header's account part: " · account 123456789012" once asked (nothing before, so a
/// connection that never asks looks as it always did).
pub fn header_account(app: &App) -> String {
    match &app.account.id {
        Load::NotAsked => String::new(),
        Load::Loading => " · account …".to_string(),
        Load::Loaded(id) => format!(" · account {id}"),
        Load::Failed(_) => " · account unknown".to_string(),
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small: need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{}. Enlarge it, or press {} to quit.",
        area.width,
        area.height,
        keys::hint(keys::TOO_SMALL_KEYS, keys::Global::Quit),
    );
    frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}

/// The key the footer says submits (the review's title names it too), from the key table.
fn submit_key(app: &App) -> &'static str {
    keys_for(app)
        .iter()
        .find(|(_, what)| what.ends_with("submit"))
        .map_or("Ctrl-S", |(k, _)| k)
}

fn wizard(w: &Wizard, frame: &mut Frame, area: Rect, submit_key: &str) {
    let [side, main] =
        Layout::horizontal([Constraint::Length(25), Constraint::Min(40)]).areas(area);
    let steps = w.steps();
    let mut lines = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let current = *s == w.step;
        let state = if w.step_has_errors(*s) && (w.visited.contains(s) || *s == Step::Review) {
            "✗"
        } else if w.visited.contains(s) && !current {
            "✓"
        } else {
            " "
        };
        let text = format!(
            "{}{} {:>2}. {}",
            if current { "›" } else { " " },
            state,
            i + 1,
            s.title()
        );
        let style = if current {
            theme::focus()
        } else if state == "✗" {
            theme::error()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::from(""));
    let errors = w.error_count();
    lines.push(if errors == 0 {
        Line::styled(" ✓ no errors", theme::ok())
    } else {
        Line::styled(
            format!(" ✗ {}", super::time_text::count(errors, "error")),
            theme::error(),
        )
    });
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Steps ")),
        side,
    );

    if w.step == Step::Review {
        review::render(w, frame, main, submit_key);
        return;
    }
    let index = steps.iter().position(|s| *s == w.step).unwrap_or(0) + 1;
    let block =
        Block::bordered().title(format!(" {}/{} · {} ", index, steps.len(), w.step.title()));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    let sl = step_lines(w, inner.width);
    // Scroll so the whole focused field (with its findings and help) is in view.
    let height = inner.height as usize;
    let scroll = if sl.focus_range.1 > height {
        (sl.focus_range.1 - height).min(sl.focus_range.0)
    } else {
        0
    };
    frame.render_widget(Paragraph::new(sl.lines).scroll((scroll as u16, 0)), inner);
}

/// The keys that apply now, always on screen: the popup's table while one is open, else the
/// screen's. Both come from the key tables that dispatch the keys.
pub fn keys_for(app: &App) -> Vec<(&'static str, &'static str)> {
    match &app.popup {
        Some(p) => popups::keys(p).footer,
        None => app.screen.keys(app.now_ms).footer,
    }
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
    let full = app.typeahead.len() >= super::update::TYPEAHEAD_MAX;
    format!(
        "⧗ Still loading: {} {} once it has loaded{} · {} drops {}",
        names.join(" "),
        if names.len() == 1 { "acts" } else { "act" },
        if full { " (no more are taken)" } else { "" },
        keys::hint(keys::WAITING_KEYS, keys::Waiting::Drop),
        if names.len() == 1 { "it" } else { "them" },
    )
}

/// Two lines for the keys, or a message above one line of keys: as many lines as the message
/// needs at this width (up to three), so a long one is wrapped, never cut off.
fn footer_height(app: &App, width: u16) -> u16 {
    match flash_of(app) {
        Some(f) => 1 + flash_paragraph(&f).line_count(width).clamp(1, 3) as u16,
        None => 2,
    }
}

/// The message line, wrapped: one definition for measuring it and drawing it.
fn flash_paragraph(f: &str) -> Paragraph<'static> {
    Paragraph::new(Line::styled(format!(" {f}"), theme::warning())).wrap(Wrap { trim: false })
}

fn footer_keys(app: &App, frame: &mut Frame, area: Rect) {
    let lines = footer_lines(&keys_for(app), area.width as usize);
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
fn footer_lines(keys: &[(&'static str, &'static str)], width: usize) -> Vec<Line<'static>> {
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

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Where help is drawn: over the screen's body, between the header and the footer (which shows
/// help's own keys), at most 96 wide and no taller than its lines; with the number of its lines
/// (wrapped) and how many fit.
fn help_layout(app: &App, area: Rect) -> (Rect, u16, u16) {
    let avail = area
        .height
        .saturating_sub(1 + footer_height(app, area.width));
    let w = area.width.min(96);
    let total = Paragraph::new(help_lines(app))
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
pub fn help_max_scroll(app: &App) -> u16 {
    let (_, total, room) = help_layout(app, Rect::new(0, 0, app.size.0, app.size.1));
    total.saturating_sub(room)
}

fn help(app: &App, frame: &mut Frame, area: Rect) {
    let (rect, total, room) = help_layout(app, area);
    let scroll = app.help_scroll.min(total.saturating_sub(room));
    let hint = |a| keys::hint(popups::HELP_KEYS, a);
    let mut block = Block::bordered().title(format!(
        " Help ({} closes) ",
        keys::key_of(popups::HELP_KEYS, popups::Action::Close)
    ));
    if total > room {
        block = block.title_bottom(
            Line::from(format!(
                " lines {}–{} of {total} · {} {} {} ",
                scroll + 1,
                (scroll + room).min(total),
                hint(popups::Action::Scroll(1)),
                hint(popups::Action::Scroll(10)),
                hint(popups::Action::Scroll(i16::MAX)),
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(help_lines(app))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        rect,
    );
}

fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Keys on this screen", theme::title())];
    // Every enabled row of the screen's key table, footer or not.
    let screen = app.screen.keys(app.now_ms).and(editing_keys(app));
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

fn confirm(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    let rect = centered(area, 70, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(title.to_string())),
        rect,
    );
}

fn confirm_quit(app: &App, frame: &mut Frame, area: Rect) {
    let what = match &app.screen {
        // Honest about what is left behind: only a job that exists keeps running.
        Screen::Job(j) => {
            use super::screens::job_pane::Phase;
            match &j.phase {
                Phase::Running => {
                    "The job keeps running on the service; this app stops following it."
                }
                Phase::Submitting => {
                    "The request is on its way: the service may start the job, and this app will not follow it."
                }
                Phase::SubmitFailed(_) if j.maybe_sent => {
                    "No answer came back: the service may have started the job; this app stops looking for it."
                }
                Phase::SubmitFailed(_) | Phase::Blocked(_) => {
                    "The service did not take the request: no job of yours is running."
                }
                Phase::Conflicts => {
                    "Nothing was sent: the change waits on your picks and is dropped if you quit."
                }
                Phase::Completed | Phase::Failed(_) => {
                    "The job has ended; nothing is left running."
                }
            }
        }
        _ if app.draft_dir.is_some() => {
            "Your input is kept as a draft (secrets left out); the next start offers it."
        }
        _ => "Your input in the wizard will be lost.",
    };
    let rect = centered(area, 60, 6);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(what),
            Line::from(""),
            Line::styled("Quit anyway? y / n", theme::title()),
        ])
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(" Quit? ")),
        rect,
    );
}
