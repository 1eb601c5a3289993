//! Rendering: a function of the model. Header, step list, the current screen, footer keys, popups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Popup, Screen};
use super::footer;
use super::help;
use super::keys;
use super::msg::Load;
use super::popups;
use super::theme;

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
    let [header_area, body_area, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer::height(app, area.width)),
    ])
    .areas(area);
    header(app, frame, header_area);
    body(app, frame, body_area);
    footer::draw(app, &keys_for(app), frame, footer_area);
    popup(app, frame, area);
}

/// The title line: the app, the screen's title, where it is connected.
fn header(app: &App, frame: &mut Frame, area: Rect) {
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
        area,
    );
}

fn body(app: &App, frame: &mut Frame, body: Rect) {
    app.screen.view().render(frame, body, &app.ctx());
}

/// The popup over everything, if one is open.
fn popup(app: &App, frame: &mut Frame, area: Rect) {
    match &app.popup {
        Some(Popup::Help) => help_popup(app, frame, area),
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
        }) => resume_popup(app, frame, area, draft, *more, note.as_deref()),
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
/// Help over the screen, with its own keys' labels read from its table.
fn help_popup(app: &App, frame: &mut Frame, area: Rect) {
    let hint = |a| keys::hint(popups::HELP_KEYS, a);
    let close = keys::key_of(popups::HELP_KEYS, popups::Action::Close);
    let scroll = [
        hint(popups::Action::Scroll(1)),
        hint(popups::Action::Scroll(10)),
        hint(popups::Action::Scroll(i16::MAX)),
    ];
    help::draw(app, frame, area, &close, scroll)
}

/// A draft left by an earlier run: whose it is, what became of its job, and the choices.
fn resume_popup(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    draft: &super::wizard::draft_file::Draft,
    more: usize,
    note: Option<&str>,
) {
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
    if more > 0 {
        lines.push(Line::from(format!("({more} more waiting)")));
    }
    confirm(frame, area, " Resume your draft? ", lines)
}

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

/// The keys that apply now, always on screen: the popup's table while one is open, else the
/// screen's. Both come from the key tables that dispatch the keys.
pub fn keys_for(app: &App) -> Vec<(&'static str, &'static str)> {
    match &app.popup {
        Some(p) => popups::keys(p).footer,
        None => app.screen_keys().footer,
    }
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
        // Asked with nothing to lose: Esc at a first screen other than the wizard (`nav::back`).
        _ if !app.is_dirty() && !matches!(app.screen, Screen::Wizard(_)) => {
            "Nothing to go back to: this is the first screen."
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
