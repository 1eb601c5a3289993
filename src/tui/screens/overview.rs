//! The whole account at a glance (issue 16): one row per app × environment × auth resource, and
//! one per environment without auth, filled in as the loader (`aws::overview`) streams them in.
//! Sortable by any column, filterable with `/`, with a findings pane for the selected row or for
//! every row.
//!
//! The rows are kept as the loader sent them, in arrival order; sorting and filtering only change
//! which index is shown where, so a row arriving mid-sort lands in its sorted place.

use std::cmp::Ordering;
use std::time::SystemTime;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::list::{ListState, MOVE_KEYS};
use crate::aws::overview::{OverviewEvent, OverviewProgress, OverviewRequest, OverviewRow};
use crate::aws::sanitize_text;
use crate::domain::posture::{PostureFinding, Severity};
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::{Cmd, Effect, Target};
use crate::tui::theme;

/// Where loading has got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Loading,
    Done,
    /// Esc or a reload stopped it; what arrived stays.
    Stopped,
    /// Nothing could be read (the list of apps, or the one app asked for).
    Failed(String),
}

/// What the findings pane shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    #[default]
    Off,
    /// The selected row's findings and errors.
    Row,
    /// Every row's findings, most severe first.
    All,
}

/// The columns, in screen order; `s` moves the sort to the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    App,
    Env,
    Resource,
    SignIn,
    Mfa,
    Password,
    Providers,
    Guest,
    Grant,
    LastJob,
    Findings,
}

pub const COLUMNS: [Column; 11] = [
    Column::App,
    Column::Env,
    Column::Resource,
    Column::SignIn,
    Column::Mfa,
    Column::Password,
    Column::Providers,
    Column::Guest,
    Column::Grant,
    Column::LastJob,
    Column::Findings,
];

impl Column {
    /// Header, and the narrowest the column gets when the screen is short of room (values
    /// are cut with … below their full width only when every column cannot fit).
    fn head(self) -> (&'static str, usize) {
        match self {
            Column::App => ("APP", 10),
            Column::Env => ("ENV", 5),
            Column::Resource => ("RESOURCE", 12),
            Column::SignIn => ("SIGN-IN", 5),
            Column::Mfa => ("MFA", 7),
            Column::Password => ("PASSWORD", 4),
            Column::Providers => ("PROVIDERS", 8),
            Column::Guest => ("GUEST", 5),
            Column::Grant => ("GRANT/DOMAIN", 8),
            Column::LastJob => ("LAST JOB", 16),
            Column::Findings => ("FIND", 4),
        }
    }
}

#[derive(Clone, Debug)]
pub struct OverviewView {
    /// Which load the rows belong to: events of an older one are dropped.
    pub generation: u64,
    pub request: OverviewRequest,
    pub rows: Vec<OverviewRow>,
    pub progress: OverviewProgress,
    pub phase: Phase,
    pub sort: Column,
    pub descending: bool,
    pub pane: Pane,
    pub list: ListState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    Sort,
    Reverse,
    Filter,
    Findings,
    Reload,
    Back,
    Quit,
    Help,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(code(KeyCode::Enter), Action::Open)], "Enter", "open"),
    show(&[(key('s'), Action::Sort)], "s", "sort column"),
    show(&[(key('S'), Action::Reverse)], "S", "reverse"),
    show(&[(key('/'), Action::Filter)], "/", "filter"),
    show(&[(key('f'), Action::Findings)], "f", "findings"),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "stop / back"),
    help_only(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

impl OverviewView {
    pub fn new(request: OverviewRequest, generation: u64) -> OverviewView {
        OverviewView {
            generation,
            request,
            rows: Vec::new(),
            progress: OverviewProgress::default(),
            phase: Phase::Loading,
            sort: Column::App,
            descending: false,
            pane: Pane::Off,
            list: ListState::default(),
        }
    }

    /// Starts (again) from nothing: the effect that loads, under a new generation.
    pub fn restart(&mut self, generation: u64) -> Effect {
        self.generation = generation;
        self.rows.clear();
        self.progress = OverviewProgress::default();
        self.phase = Phase::Loading;
        self.list.cursor = 0;
        Effect::LoadOverview {
            generation,
            request: self.request.clone(),
        }
    }

    /// Takes in what the loader sent, if it belongs to the current load.
    pub fn on_event(&mut self, generation: u64, event: OverviewEvent) {
        if generation != self.generation || self.phase != Phase::Loading {
            return;
        }
        match event {
            OverviewEvent::Rows { rows, progress } => {
                self.rows.extend(rows);
                self.progress = progress;
            }
            OverviewEvent::Progress(p) => self.progress = p,
            OverviewEvent::Done(p) => {
                self.progress = p;
                self.phase = Phase::Done;
            }
            OverviewEvent::Failed(e) => {
                self.phase = Phase::Failed(sanitize_text(&e.to_string()));
            }
        }
    }

    pub fn keys(&self) -> Keys {
        self.list.keys(KEYS, MOVE_KEYS)
    }

    pub fn on_key(&mut self, k: &KeyEvent, now: Option<SystemTime>) -> Option<Cmd> {
        let (order, lines) = self.table(now);
        if self.list.filtering {
            return self.list.filter_key(k, &lines).then_some(Cmd::None);
        }
        if self.list.move_key(MOVE_KEYS, k, &lines) {
            return Some(Cmd::None);
        }
        let picked = self.list.selected(&lines).map(|i| order[i]);
        let selected = picked.map(|i| &self.rows[i]);
        let cmd = match keys::action(KEYS, k, |_| true) {
            Some(Action::Open) => selected.map_or(Cmd::None, open),
            Some(Action::Sort) => {
                let i = COLUMNS.iter().position(|c| *c == self.sort).unwrap_or(0);
                self.sort = COLUMNS[(i + 1) % COLUMNS.len()];
                self.descending = false;
                Cmd::None
            }
            Some(Action::Reverse) => {
                self.descending = !self.descending;
                Cmd::None
            }
            Some(Action::Filter) => {
                self.list.start_filter();
                Cmd::None
            }
            Some(Action::Findings) => {
                self.pane = match self.pane {
                    Pane::Off => Pane::Row,
                    Pane::Row => Pane::All,
                    Pane::All => Pane::Off,
                };
                Cmd::None
            }
            Some(Action::Reload) => Cmd::Reload,
            // Leaving stops the load: nobody would see what it reads.
            Some(Action::Back) if self.phase == Phase::Loading => {
                self.phase = Phase::Stopped;
                Cmd::Leave(vec![Effect::StopOverview {
                    generation: self.generation,
                }])
            }
            Some(Action::Back) => Cmd::Back,
            Some(Action::Quit) => Cmd::Quit,
            Some(Action::Help) => Cmd::Help,
            None => Cmd::None,
        };
        // A new order: the cursor stays on the resource it was on, not on the row number.
        if let (Some(row), Some(Action::Sort | Action::Reverse)) =
            (picked, keys::action(KEYS, k, |_| true))
        {
            let (order, lines) = self.table(now);
            let shown = self.list.matching(&lines);
            if let Some(pos) = shown.iter().position(|&i| order[i] == row) {
                self.list.cursor = pos;
            }
        }
        Some(cmd)
    }

    /// The rows in display order (indexes into `rows`) and their whole text (what `/` reads).
    pub fn table(&self, now: Option<SystemTime>) -> (Vec<usize>, Vec<String>) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        // Stable: rows equal in the sort column keep app, env, resource order.
        order.sort_by(|&a, &b| natural(&self.rows[a], &self.rows[b]));
        order.sort_by(|&a, &b| {
            let o = compare(self.sort, &self.rows[a], &self.rows[b]);
            if self.descending { o.reverse() } else { o }
        });
        let lines = order
            .iter()
            .map(|&i| {
                let r = &self.rows[i];
                line(r, &cells(r, now), &[])
            })
            .collect();
        (order, lines)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now: Option<SystemTime>) {
        let (order, lines) = self.table(now);
        let area = match self.pane {
            Pane::Off => area,
            _ => {
                let [list, pane] =
                    Layout::vertical([Constraint::Min(6), Constraint::Percentage(40)]).areas(area);
                // The rows the list shows, in its order, from the selected one down: the pane
                // follows the cursor, so ↑↓ scroll through every row's findings.
                let matching = self.list.matching(&lines);
                let shown: Vec<&OverviewRow> =
                    matching.iter().map(|&i| &self.rows[order[i]]).collect();
                let from = self.list.cursor.min(shown.len());
                self.render_pane(frame, pane, &shown, from);
                list
            }
        };
        // Column widths fitted to what is in them and to the screen: inside the border, after
        // the selection mark, with a space between columns.
        let all: Vec<[String; 11]> = order.iter().map(|&i| cells(&self.rows[i], now)).collect();
        let room = (area.width as usize).saturating_sub(2 + 2 + COLUMNS.len() - 1);
        let widths = fit(&all, room);
        let shown: Vec<String> = order
            .iter()
            .zip(&all)
            .map(|(&i, c)| line(&self.rows[i], c, &widths))
            .collect();
        let mut head = vec![self.status_line()];
        if let Phase::Failed(e) = &self.phase {
            head.push(Line::styled(
                format!("✗ Could not load the account: {e} (r retries)"),
                theme::error(),
            ));
        }
        head.push(Line::styled(
            format!("  {}", self.header(&widths)),
            theme::title(),
        ));
        let empty = match self.phase {
            Phase::Loading => "Waiting for the first environment…",
            _ => "No apps or environments here.",
        };
        self.list
            .render_shown(frame, area, "Account overview", head, &lines, &shown, empty);
    }

    /// The progress line: environments read of those found, rows with errors, and the sort.
    fn status_line(&self) -> Line<'static> {
        let (word, style) = match self.phase {
            Phase::Loading => ("Loading", theme::warning()),
            Phase::Done => ("Loaded", theme::ok()),
            Phase::Stopped => ("Stopped", theme::warning()),
            Phase::Failed(_) => ("Failed", theme::error()),
        };
        let (name, _) = self.sort.head();
        Line::styled(
            format!(
                "{word}: {} · sorted by {name} {} (s, S)",
                self.progress.describe(),
                if self.descending { "↓" } else { "↑" }
            ),
            style,
        )
    }

    fn header(&self, widths: &[usize]) -> String {
        let cells: Vec<String> = COLUMNS
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                let mark = if *c == self.sort { "*" } else { "" };
                pad(&format!("{}{mark}", c.head().0), *w)
            })
            .collect();
        cells.join(" ")
    }

    fn render_pane(&self, frame: &mut Frame, area: Rect, shown: &[&OverviewRow], from: usize) {
        let mut lines = Vec::new();
        let selected = shown.get(from).copied();
        let title = match self.pane {
            Pane::All => {
                let count = |s: Severity| {
                    shown
                        .iter()
                        .flat_map(|r| &r.findings)
                        .filter(|f| f.severity == s)
                        .count()
                };
                let (e, w) = (count(Severity::Error), count(Severity::Warning));
                let all: Vec<(&OverviewRow, &PostureFinding)> = shown[from..]
                    .iter()
                    .flat_map(|r| {
                        let mut fs: Vec<&PostureFinding> = r.findings.iter().collect();
                        fs.sort_by_key(|f| severity_rank(f.severity));
                        fs.into_iter().map(move |f| (*r, f))
                    })
                    .collect();
                let errors = shown.iter().filter(|r| !r.errors.is_empty()).count();
                if errors > 0 {
                    lines.push(Line::styled(
                        format!(
                            "✗ {errors} row{} could not be read fully: each shows its error",
                            if errors == 1 { "" } else { "s" }
                        ),
                        theme::error(),
                    ));
                }
                for (r, f) in &all {
                    lines.push(finding_line(f, Some(r)));
                }
                if all.is_empty() {
                    lines.push(Line::styled(
                        "No findings from the selected row down.",
                        theme::dim(),
                    ));
                }
                format!(
                    " All findings: {e} errors, {w} warnings · from the selected row down · f hides "
                )
            }
            _ => match selected {
                None => {
                    lines.push(Line::styled("No row selected.", theme::dim()));
                    " Findings · f: all rows ".to_string()
                }
                Some(r) => {
                    for e in &r.errors {
                        lines.push(Line::styled(
                            format!("✗ {}", sanitize_text(&e.to_string())),
                            theme::error(),
                        ));
                    }
                    for f in &r.findings {
                        lines.push(finding_line(f, None));
                        lines.push(Line::styled(
                            format!("    fix: {}", sanitize_text(&f.fix)),
                            theme::dim(),
                        ));
                    }
                    if r.errors.is_empty() && r.findings.is_empty() {
                        lines.push(Line::styled("No findings.", theme::ok()));
                    }
                    format!(" Findings of {} · f: all rows ", place(r))
                }
            },
        };
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(title)),
            area,
        );
    }
}

/// Enter on a row: its config; an environment without auth opens the environment, an app whose
/// environments could not be listed opens its environments.
fn open(r: &OverviewRow) -> Cmd {
    match (&r.env, &r.resource) {
        (Some(env), Some(res)) => Cmd::OpenConfig {
            target: Target::new(&r.app_id, env, res),
            meta: None,
        },
        (Some(env), None) => Cmd::OpenEnv {
            app_id: r.app_id.clone(),
            env: env.clone(),
        },
        (None, _) => Cmd::OpenEnvs {
            app_id: r.app_id.clone(),
        },
    }
}

fn place(r: &OverviewRow) -> String {
    let mut s = app_label(r);
    if let Some(e) = &r.env {
        s.push_str(&format!(" / {e}"));
    }
    if let Some(res) = &r.resource {
        s.push_str(&format!(" / {res}"));
    }
    sanitize_text(&s)
}

fn app_label(r: &OverviewRow) -> String {
    if r.app_name.is_empty() {
        r.app_id.clone()
    } else {
        r.app_name.clone()
    }
}

fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}

fn finding_line(f: &PostureFinding, row: Option<&OverviewRow>) -> Line<'static> {
    let (mark, style) = match f.severity {
        Severity::Error => ("✗ error  ", theme::error()),
        Severity::Warning => ("! warning", theme::warning()),
    };
    let at = row.map(|r| format!("{}: ", place(r))).unwrap_or_default();
    Line::styled(
        format!("{mark} {at}{} ({})", sanitize_text(&f.message), f.id),
        style,
    )
}

/// Rows in app, environment, resource order (also the tie-break of every other sort).
fn natural(a: &OverviewRow, b: &OverviewRow) -> Ordering {
    (app_label(a).to_lowercase(), &a.app_id, &a.env, &a.resource).cmp(&(
        app_label(b).to_lowercase(),
        &b.app_id,
        &b.env,
        &b.resource,
    ))
}

/// Order by one column: numbers as numbers, the last job by its time, the rest as shown.
fn compare(c: Column, a: &OverviewRow, b: &OverviewRow) -> Ordering {
    match c {
        Column::Password => {
            let min = |r: &OverviewRow| r.auth.as_ref().and_then(|s| s.password_minimum);
            min(a).partial_cmp(&min(b)).unwrap_or(Ordering::Equal)
        }
        Column::Findings => a.findings.len().cmp(&b.findings.len()),
        Column::LastJob => {
            let t = |r: &OverviewRow| r.last_job.as_ref().and_then(|j| j.create_time);
            t(a).cmp(&t(b))
        }
        Column::App => natural(a, b),
        _ => cell(c, a, None).cmp(&cell(c, b, None)),
    }
}

/// Widths for the columns: each as wide as its widest value (or header, with room for the sort
/// mark), then, while they do not fit in `room`, the column with the most to spare above its
/// minimum loses a character.
fn fit(rows: &[[String; 11]], room: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
            widest.max(c.head().0.len() + 1)
        })
        .collect();
    while widths.iter().sum::<usize>() > room {
        let shrinkable = (0..widths.len())
            .filter(|&i| widths[i] > COLUMNS[i].head().1)
            .max_by_key(|&i| widths[i] - COLUMNS[i].head().1);
        match shrinkable {
            Some(i) => widths[i] -= 1,
            None => break, // the screen is too narrow; the border cuts the rest
        }
    }
    widths
}

/// One row: the cells, each padded (or cut) to its width when `widths` has them, else whole
/// (what `/` matches against).
fn line(r: &OverviewRow, cells: &[String; 11], widths: &[usize]) -> String {
    let cells: Vec<String> = match widths {
        [] => cells.to_vec(),
        w => cells.iter().zip(w).map(|(c, w)| pad(c, *w)).collect(),
    };
    // Everything the service did not let us read says why, after what did load.
    match r.errors.first() {
        Some(e) if r.auth.is_none() => {
            let keep: String = cells[..3].join(" ");
            format!("{keep} ✗ {}", sanitize_text(&e.to_string()))
        }
        _ => cells.join(" "),
    }
}

fn cells(r: &OverviewRow, now: Option<SystemTime>) -> [String; 11] {
    COLUMNS.map(|c| cell(c, r, now))
}

fn cell(c: Column, r: &OverviewRow, now: Option<SystemTime>) -> String {
    let auth = r.auth.as_ref();
    let none = || "—".to_string();
    match c {
        Column::App => app_label(r),
        Column::Env => r.env.clone().unwrap_or_else(none),
        Column::Resource => match (&r.env, &r.resource) {
            (_, Some(res)) => res.clone(),
            (Some(_), None) if r.errors.is_empty() => "(no auth)".into(),
            _ => none(),
        },
        Column::SignIn => auth.map_or_else(none, |a| a.sign_in_method.clone()),
        Column::Mfa => auth.map_or_else(none, |a| {
            let mode = a.mfa_mode.clone().unwrap_or_else(|| "OFF".into());
            if a.mfa_types.is_empty() {
                mode
            } else {
                format!("{mode} {}", a.mfa_types.join("+"))
            }
        }),
        Column::Password => auth.map_or_else(none, |a| {
            let min = a
                .password_minimum
                .map_or_else(|| "?".to_string(), |m| format!("{m}"));
            // One letter per class: d(igit) l(ower) s(ymbol) u(pper).
            let classes: String = a
                .password_classes
                .iter()
                .filter_map(|c| c.strip_prefix("REQUIRE_"))
                .filter_map(|c| c.chars().next())
                .map(|ch| ch.to_ascii_lowercase())
                .collect();
            format!("{min} {classes}").trim_end().to_string()
        }),
        Column::Providers => auth.map_or_else(none, |a| {
            if a.providers.is_empty() {
                return "none".into();
            }
            a.providers
                .iter()
                .map(|p| match p.as_str() {
                    "LoginWithAmazon" => "Amazon",
                    "SignInWithApple" => "Apple",
                    other => other,
                })
                .collect::<Vec<_>>()
                .join(",")
        }),
        Column::Guest => {
            auth.map_or_else(none, |a| if a.guest_access { "on" } else { "off" }.into())
        }
        Column::Grant => auth.map_or_else(none, |a| match (&a.oauth_grant, &a.domain_prefix) {
            (None, _) => "no OAuth".into(),
            (Some(g), Some(d)) => format!("{g} {d}"),
            (Some(g), None) => g.clone(),
        }),
        Column::LastJob => match &r.last_job {
            None => "none".into(),
            Some(j) => {
                // "UpdateBackendAuth" → "Update": the verb is what tells jobs apart here.
                let op = j.operation.as_deref().unwrap_or("?");
                let op = op.split("Backend").next().unwrap_or(op);
                format!(
                    "{} {op} {}",
                    j.status.as_str(),
                    short_age(j.create_time, now)
                )
            }
        },
        Column::Findings => r.findings.len().to_string(),
    }
}

/// "40s", "12m", "3h", "5d": a job's age in a narrow column.
fn short_age(t: Option<SystemTime>, now: Option<SystemTime>) -> String {
    let Some(d) = t.zip(now).and_then(|(t, n)| n.duration_since(t).ok()) else {
        return "?".into();
    };
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

/// Exactly `w` characters: cut with … or padded.
fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
        out.push('…');
        out
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_or_padded_to_their_width() {
        assert_eq!(pad("abc", 5), "abc  ");
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(pad("", 2), "  ");
    }

    #[test]
    fn ages_fit_the_column() {
        let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let ago = |s| Some(now - std::time::Duration::from_secs(s));
        assert_eq!(short_age(ago(5), Some(now)), "5s");
        assert_eq!(short_age(ago(125), Some(now)), "2m");
        assert_eq!(short_age(ago(7300), Some(now)), "2h");
        assert_eq!(short_age(ago(90_000), Some(now)), "1d");
        assert_eq!(short_age(None, Some(now)), "?");
    }
}
