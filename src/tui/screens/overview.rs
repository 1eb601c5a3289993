//! The whole account at a glance (issue 16): one row per app × environment × auth resource, and
//! one per environment without auth, filled in as the loader (`aws::overview`) streams them in.
//! Sortable by any column, filterable with `/`, with a findings pane for the selected row or for
//! every row.
//!
//! The rows are kept as the loader sent them, in arrival order; sorting and filtering only change
//! which index is shown where, so a row arriving mid-sort lands in its sorted place.
//!
//! At a thousand apps and more (issue 29), nothing per key or per frame goes over every row: an
//! index of the rows in natural, display and filtered order is kept up to date as each row
//! arrives (a binary search and an insert), what the screen needs from a row is derived once
//! then (`RowFacts`), and a frame makes text of the rows in its window only. `/` matches every
//! cell but the last job's age, which changes while the screen is open.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::aws::overview::{OverviewEvent, OverviewProgress, OverviewRequest, OverviewRow};
use crate::aws::{Job, sanitize_text};
use crate::domain::finding::Severity;
use crate::domain::posture::PostureFinding;
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Target};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::scroll::Scroll;
use crate::tui::theme;
use crate::tui::widgets::list::{ListState, MOVE_KEYS};
use crate::tui::widgets::wrapped::hanging;

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
    /// In arrival order; only ever added to (or cleared by a reload). Boxed: a row is about
    /// half a kilobyte, and a vector of them doubling at 16,384 rows held 8 MiB unused and
    /// 26 MiB while it moved (issue 29: peak RSS at 10,000 apps).
    pub rows: Vec<Box<OverviewRow>>,
    pub progress: OverviewProgress,
    pub phase: Phase,
    pub sort: Column,
    pub descending: bool,
    pub pane: Pane,
    pub list: ListState,
    /// The findings pane's scroll; back to the top when the row or the pane changes.
    pub pane_scroll: Scroll,
    index: Index,
}

/// What the screen derives from one row, once, when it arrives: nothing here is worked out again
/// per key or per frame.
#[derive(Clone, Debug)]
struct RowFacts {
    /// The app's label in lower case: the first key of the natural order.
    label_key: Box<str>,
    /// Every cell, whole, in lower case: what `/` reads. The last job's age is left out: it
    /// changes while the screen is open.
    text: Box<str>,
    count: FindingCount,
}

/// Findings by severity, and rows whose reads failed; of one row or added over many.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindingCount {
    pub errors: usize,
    pub warnings: usize,
    pub rows_with_errors: usize,
}

impl FindingCount {
    /// The one place a row's findings are counted, once per row: a new kind of finding put in
    /// `row.findings` (a live user pool's posture, say) is counted in the pane's totals, as it
    /// shows in the FIND column, its sort and the pane, with nothing else to change here.
    pub fn of(row: &OverviewRow) -> FindingCount {
        let of = |s: Severity| row.findings.iter().filter(|f| f.severity == s).count();
        FindingCount {
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            rows_with_errors: usize::from(!row.errors.is_empty()),
        }
    }

    fn add(&mut self, o: FindingCount) {
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.rows_with_errors += o.rows_with_errors;
    }
}

/// The screen's index over its rows, kept up to date as rows arrive (a binary search and an
/// insert per row), so that a key or a frame costs what is on screen, not what is loaded.
#[derive(Clone, Debug, Default)]
struct Index {
    /// One per row, by row index.
    facts: Vec<RowFacts>,
    /// Every row in natural order (app, environment, resource): the tie-break of every sort.
    natural: Vec<usize>,
    /// Every row in display order (the sort column, then natural order).
    order: Vec<usize>,
    /// The rows of `order` the filter matches, in the same order: what the list shows.
    shown: Vec<usize>,
    /// The filter `shown` was made for, in lower case.
    filter: String,
    /// Over `shown`.
    totals: FindingCount,
    /// The widest cell of each column over every row (the last job's without its age).
    widest: [usize; 11],
    /// For each column but APP (which sorts by `natural`), by its place in [`COLUMNS`]: every
    /// row in ascending order of the column, ties in natural order, kept as rows arrive. A new
    /// sort column or a reversal is then a copy of one of these, never a sort.
    by_column: Vec<ColumnOrder>,
    /// The last jobs' creation times by the width of the job without its age: enough to know
    /// the widest job cell at any time with a few binary searches.
    jobs: BTreeMap<usize, JobTimes>,
}

/// Every row in ascending order of one column's key.
#[derive(Clone, Debug, Default)]
struct ColumnOrder {
    rows: Vec<u32>,
    /// By position: whether the row's key equals the previous row's (so the groups of equal
    /// keys can be reversed as groups).
    tied: Vec<bool>,
}

impl ColumnOrder {
    /// The rows in ascending or descending order of the key; rows with equal keys keep their
    /// natural order either way, as a stable sort by the key would leave them.
    fn order(&self, descending: bool) -> Vec<usize> {
        if !descending {
            return self.rows.iter().map(|&i| i as usize).collect();
        }
        let mut out = Vec::with_capacity(self.rows.len());
        let mut end = self.rows.len();
        while end > 0 {
            let mut start = end - 1;
            while start > 0 && self.tied[start] {
                start -= 1;
            }
            out.extend(self.rows[start..end].iter().map(|&i| i as usize));
            end = start;
        }
        out
    }
}

/// Creation times of jobs, sorted, and whether one has none (its age shows as "?").
#[derive(Clone, Debug, Default)]
struct JobTimes {
    times: Vec<SystemTime>,
    untimed: bool,
}

impl JobTimes {
    fn add(&mut self, t: Option<SystemTime>) {
        match t {
            Some(t) => {
                let at = self.times.partition_point(|x| *x <= t);
                self.times.insert(at, t);
            }
            None => self.untimed = true,
        }
    }

    /// The widest [`short_age`] of these jobs at `now`, without making each one: an age has
    /// two characters, three from 10s to 59s, 10m to 59m and 10h to 23h, and more only in days,
    /// where the oldest job has the most; "?" (one) for a job without a time or from the future.
    fn widest_age(&self, now: Option<SystemTime>) -> usize {
        let (Some(now), Some(oldest)) = (now, self.times.first()) else {
            return usize::from(self.untimed || !self.times.is_empty());
        };
        let mut w = usize::from(self.untimed || self.times.last().is_some_and(|t| *t > now));
        if *oldest > now {
            return w;
        }
        w = w.max(short_age(Some(*oldest), Some(now)).chars().count());
        // Any job whose age in seconds is in [lo, hi): created in (now - hi, now - lo].
        let any_aged = |lo: u64, hi: u64| {
            let Some(to) = now.checked_sub(Duration::from_secs(lo)) else {
                return false;
            };
            let i = match now.checked_sub(Duration::from_secs(hi)) {
                Some(from) => self.times.partition_point(|t| *t <= from),
                None => 0,
            };
            self.times.get(i).is_some_and(|t| *t <= to)
        };
        if [(10, 60), (600, 3600), (36_000, 86_400)]
            .iter()
            .any(|&(lo, hi)| any_aged(lo, hi))
        {
            w = w.max(3);
        }
        w
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Open,
    Sort,
    Reverse,
    Filter,
    Findings,
    /// Scrolls the findings pane by this many lines.
    PaneScroll(i16),
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
    // Said on the pane's border when its findings do not all fit.
    help_only(
        &[
            (key('J'), Action::PaneScroll(3)),
            (key('K'), Action::PaneScroll(-3)),
        ],
        "J/K",
        "scroll the findings pane",
    ),
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
            pane_scroll: Scroll::default(),
            index: Index::default(),
        }
    }

    /// Starts (again) from nothing: the effect that loads, under a new generation.
    pub fn restart(&mut self, generation: u64) -> Effect {
        self.generation = generation;
        self.rows.clear();
        let filter = std::mem::take(&mut self.index.filter);
        self.index = Index {
            filter,
            ..Index::default()
        };
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
                self.sync_filter();
                for row in rows {
                    self.add_row(row);
                }
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

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        self.sync_filter();
        let matches = self.index.shown.len();
        if self.list.filtering {
            return self.list.filter_key_in(k, |_| matches).then_some(Cmd::None);
        }
        if self.list.move_key_in(MOVE_KEYS, k, |_| matches) {
            self.pane_scroll = Scroll::default();
            return Some(Cmd::None);
        }
        let picked = self.index.shown.get(self.list.cursor).copied();
        let selected = picked.map(|i| &*self.rows[i]);
        let action = keys::action(KEYS, k, |_| true);
        let cmd = match action {
            Some(Action::Open) => selected.map_or(Cmd::None, open),
            Some(Action::Sort) => {
                let i = COLUMNS.iter().position(|c| *c == self.sort).unwrap_or(0);
                self.sort = COLUMNS[(i + 1) % COLUMNS.len()];
                self.descending = false;
                self.resort();
                Cmd::None
            }
            Some(Action::Reverse) => {
                self.descending = !self.descending;
                self.resort();
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
                self.pane_scroll = Scroll::default();
                Cmd::None
            }
            Some(Action::PaneScroll(n)) => {
                self.pane_scroll.by(n);
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
        if let (Some(row), Some(Action::Sort | Action::Reverse)) = (picked, action)
            && let Some(pos) = self.index.shown.iter().position(|&i| i == row)
        {
            self.list.cursor = pos;
        }
        Some(cmd)
    }

    /// After the filter's text changed: the first match is selected.
    pub fn filter_changed(&mut self) {
        self.list.filter_changed();
        self.sync_filter();
    }

    /// The rows the list shows, in display order (indexes into `rows`): sorted, filtered.
    pub fn shown(&self) -> &[usize] {
        &self.index.shown
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&OverviewRow> {
        self.index
            .shown
            .get(self.list.cursor)
            .map(|&i| &*self.rows[i])
    }

    /// Takes in one row: its facts derived, its place found in each order by binary search.
    fn add_row(&mut self, row: OverviewRow) {
        let i = self.rows.len();
        let cells = COLUMNS.map(|c| stable_cell(c, &row));
        let facts = RowFacts::of(&row, &cells);
        let ix = &mut self.index;
        for (w, c) in ix.widest.iter_mut().zip(&cells) {
            *w = (*w).max(c.chars().count());
        }
        if let Some(j) = &row.last_job {
            let head = job_head(j).chars().count();
            ix.jobs.entry(head).or_default().add(j.create_time);
        }
        let matches = facts.matches(&ix.filter);
        let count = facts.count;
        ix.facts.push(facts);
        self.rows.push(Box::new(row));
        // After every equal row: a stable sort of the rows in arrival order would put it there.
        let at = |list: &[usize], cmp: &dyn Fn(usize) -> Ordering| {
            list.partition_point(|&j| cmp(j) != Ordering::Greater)
        };
        let pos = at(&self.index.natural, &|j| self.natural_cmp(j, i));
        self.index.natural.insert(pos, i);
        if self.index.by_column.is_empty() {
            self.index.by_column = vec![ColumnOrder::default(); COLUMNS.len()];
        }
        for (ci, c) in COLUMNS.into_iter().enumerate() {
            if c == Column::App {
                continue;
            }
            let key = sort_key(c, &self.rows[i]);
            let key_of = |j: u32| sort_key(c, &self.rows[j as usize]);
            let col = &self.index.by_column[ci];
            let pos = col.rows.partition_point(|&j| {
                let o = key_of(j).cmp(&key);
                o.then_with(|| self.natural_cmp(j as usize, i)) != Ordering::Greater
            });
            let tied_before = pos > 0 && key_of(col.rows[pos - 1]) == key;
            let tied_after = col.rows.get(pos).map(|&j| key_of(j) == key);
            let col = &mut self.index.by_column[ci];
            col.rows.insert(pos, i as u32);
            col.tied.insert(pos, tied_before);
            if let Some(t) = tied_after {
                col.tied[pos + 1] = t;
            }
        }
        let key = sort_key(self.sort, &self.rows[i]);
        let by_display = |j: usize| self.display_cmp(j, i, &key);
        let pos = at(&self.index.order, &by_display);
        let shown_pos = matches.then(|| at(&self.index.shown, &by_display));
        self.index.order.insert(pos, i);
        if let Some(pos) = shown_pos {
            self.index.shown.insert(pos, i);
            self.index.totals.add(count);
        }
    }

    /// Rows `a` and `b` in natural order: app (as shown, case-blind), its id, environment,
    /// resource.
    fn natural_cmp(&self, a: usize, b: usize) -> Ordering {
        let (ra, rb) = (&self.rows[a], &self.rows[b]);
        let (fa, fb) = (&self.index.facts[a], &self.index.facts[b]);
        (&fa.label_key, &ra.app_id, &ra.env, &ra.resource).cmp(&(
            &fb.label_key,
            &rb.app_id,
            &rb.env,
            &rb.resource,
        ))
    }

    /// Row `a` against row `b` (whose sort key is `kb`) in display order.
    fn display_cmp(&self, a: usize, b: usize, kb: &SortKey) -> Ordering {
        let o = match self.sort {
            Column::App => self.natural_cmp(a, b),
            c => sort_key(c, &self.rows[a]).cmp(kb),
        };
        let o = if self.descending { o.reverse() } else { o };
        o.then_with(|| self.natural_cmp(a, b))
    }

    /// The display order made again after the sort changed, from the column's own order: rows
    /// equal in the column stay in natural order.
    fn resort(&mut self) {
        let ix = &self.index;
        let column = COLUMNS.iter().position(|c| *c == self.sort).unwrap_or(0);
        let order = match (self.sort, ix.by_column.get(column)) {
            (Column::App, _) if !self.descending => ix.natural.clone(),
            (Column::App, _) => {
                // Cheap comparisons (the keys are kept), and exact ties keep arrival order.
                let mut order = ix.natural.clone();
                order.sort_by(|&a, &b| self.natural_cmp(b, a));
                order
            }
            (_, Some(col)) => col.order(self.descending),
            (_, None) => Vec::new(), // no rows yet
        };
        self.index.order = order;
        self.refilter(false);
    }

    /// Brings `shown` in line with the filter being typed, if it changed.
    fn sync_filter(&mut self) {
        let f = self.list.filter.value().to_lowercase();
        if f == self.index.filter {
            return;
        }
        // A longer filter that contains the last one only narrows what it matched.
        let narrowing = f.contains(self.index.filter.as_str());
        self.index.filter = f;
        self.refilter(narrowing);
    }

    /// `shown` made again from `order` (or, `narrowing`, from itself), with its totals.
    fn refilter(&mut self, narrowing: bool) {
        let ix = &mut self.index;
        let (facts, f) = (&ix.facts, ix.filter.as_str());
        if narrowing {
            ix.shown.retain(|&i| facts[i].matches(f));
        } else if f.is_empty() {
            ix.shown.clone_from(&ix.order);
        } else {
            ix.shown = ix
                .order
                .iter()
                .copied()
                .filter(|&i| facts[i].matches(f))
                .collect();
        }
        ix.totals = FindingCount::default();
        for &i in &ix.shown {
            ix.totals.add(facts[i].count);
        }
    }

    /// Column widths for what every row holds: the widest cell of each, the last job's with
    /// its age at `now`.
    fn widths(&self, room: usize, now: Option<SystemTime>) -> Vec<usize> {
        let ix = &self.index;
        let mut widest = ix.widest;
        let job = COLUMNS
            .iter()
            .position(|c| *c == Column::LastJob)
            .unwrap_or(0);
        for (head, times) in &ix.jobs {
            widest[job] = widest[job].max(head + 1 + times.widest_age(now));
        }
        fit(&widest, room)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, now: Option<SystemTime>) {
        // The index follows the filter through `filter_changed`; should the filter have changed
        // some other way, the rows are matched here rather than shown stale.
        let f = self.list.filter.value().to_lowercase();
        let fresh: Vec<usize>;
        let shown = if f == self.index.filter {
            &self.index.shown
        } else {
            let facts = &self.index.facts;
            fresh = (self.index.order.iter().copied())
                .filter(|&i| facts[i].matches(&f))
                .collect();
            &fresh
        };
        let area = match self.pane {
            Pane::Off => area,
            _ => {
                // The rows the list shows, in its order, from the selected one down: the pane
                // follows the cursor, so ↑↓ scroll through every row's findings. It takes 40 %
                // of the screen, and up to 60 % when its findings need the room.
                let from = self.list.cursor.min(shown.len());
                let most = area.height * 3 / 5;
                let width = usize::from(area.width.saturating_sub(2));
                let (title, lines) = self.pane_lines(shown, from, width, most);
                let want = u16::try_from(lines.len())
                    .unwrap_or(u16::MAX)
                    .saturating_add(2);
                let height = want.clamp((area.height * 2).div_ceil(5), most.max(3));
                let [list, pane] =
                    Layout::vertical([Constraint::Min(6), Constraint::Length(height)]).areas(area);
                self.pane_scroll.render(
                    frame,
                    pane,
                    Paragraph::new(lines).wrap(Wrap { trim: false }),
                    Block::bordered().title(title),
                    keys::hint(KEYS, Action::PaneScroll(3)),
                );
                list
            }
        };
        // Column widths fitted to what is in them and to the screen: inside the border, after
        // the selection mark, with a space between columns.
        let room = (area.width as usize).saturating_sub(2 + 2 + COLUMNS.len() - 1);
        let widths = self.widths(room, now);
        let mut head = vec![self.status_line(area.width.saturating_sub(2) as usize)];
        if let Phase::Failed(e) = &self.phase {
            head.push(Line::styled(
                format!(
                    "✗ Could not load the account: {e} ({} retries)",
                    keys::hint(KEYS, Action::Reload)
                ),
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
        let empty = self.rows.is_empty().then_some(empty);
        // Only the rows in the window are made into text.
        self.list.render_window(
            frame,
            area,
            "Account overview",
            head,
            empty,
            shown.len(),
            |pos| {
                let r = &self.rows[shown[pos]];
                (line(r, &cells(r, now), &widths), false)
            },
        );
    }

    /// The progress line: environments read of those found, rows with errors, and the sort.
    fn status_line(&self, width: usize) -> Line<'static> {
        let (word, style) = match self.phase {
            Phase::Loading => ("Loading", theme::warning()),
            Phase::Done => ("Loaded", theme::ok()),
            Phase::Stopped => ("Stopped", theme::warning()),
            Phase::Failed(_) => ("Failed", theme::error()),
        };
        let (name, _) = self.sort.head();
        let text = format!(
            "{word}: {} · sorted by {name} {} (s, S)",
            self.progress.describe(),
            if self.descending { "↓" } else { "↑" }
        );
        // Cut with … where the screen is narrower, not mid-word at the border.
        let text = if text.chars().count() > width {
            pad(&text, width)
        } else {
            text
        };
        Line::styled(text, style)
    }

    fn header(&self, widths: &[usize]) -> String {
        let cells: Vec<String> = COLUMNS
            .iter()
            .zip(widths)
            .map(|(c, w)| {
                let name = c.head().0;
                if *c != self.sort {
                    pad(name, *w)
                } else if name.len() < *w {
                    pad(&format!("{name}*"), *w)
                } else {
                    // Cut, the name gives way and the mark stays: "PROVID…*".
                    format!("{}*", pad(name, w.saturating_sub(1)))
                }
            })
            .collect();
        cells.join(" ")
    }

    /// The findings pane's title and lines over `shown` (indexes into `rows`, in display order)
    /// from position `from`, wrapped to `width`; the all-rows pane reads rows only until
    /// `height` lines are filled.
    fn pane_lines(
        &self,
        shown: &[usize],
        from: usize,
        width: usize,
        height: u16,
    ) -> (String, Vec<Line<'static>>) {
        let mut lines = Vec::new();
        let selected = shown.get(from).map(|&i| &self.rows[i]);
        let title = match self.pane {
            Pane::All => {
                let totals = if std::ptr::eq(shown, self.index.shown.as_slice()) {
                    self.index.totals
                } else {
                    let mut t = FindingCount::default();
                    for &i in shown {
                        t.add(self.index.facts[i].count);
                    }
                    t
                };
                let (e, w) = (totals.errors, totals.warnings);
                let errors = totals.rows_with_errors;
                if errors > 0 {
                    lines.push(Line::styled(
                        format!(
                            "✗ {errors} row{} could not be read fully: each shows its error",
                            if errors == 1 { "" } else { "s" }
                        ),
                        theme::error(),
                    ));
                }
                // Enough rows to fill the pane at its largest.
                let room = usize::from(height.saturating_sub(2));
                let mut any = false;
                for &i in &shown[from..] {
                    if any && lines.len() >= room {
                        break;
                    }
                    let r = &self.rows[i];
                    let mut fs: Vec<&PostureFinding> = r.findings.iter().collect();
                    fs.sort_by_key(|f| severity_rank(f.severity));
                    for f in fs {
                        any = true;
                        lines.extend(finding_lines(f, Some(r), width));
                    }
                }
                if !any {
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
                        lines.extend(finding_lines(f, None, width));
                        let fix = sanitize_text(&f.fix.text());
                        lines.extend(hanging("    fix: ", &fix, width, theme::dim()));
                    }
                    if r.errors.is_empty() && r.findings.is_empty() {
                        lines.push(Line::styled("No findings.", theme::ok()));
                    }
                    format!(" Findings of {} · f: all rows ", place(r))
                }
            },
        };
        (title, lines)
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
    // Names exactly as the service gave them, shown escaped (issue 24).
    crate::term_text::shown(&s).into_owned()
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

/// A finding, wrapped to `width` under its text; `row` names where it is (the all-rows pane).
fn finding_lines(
    f: &PostureFinding,
    row: Option<&OverviewRow>,
    width: usize,
) -> Vec<Line<'static>> {
    let (mark, style) = match f.severity {
        Severity::Error => ("✗ error   ", theme::error()),
        Severity::Warning => ("! warning ", theme::warning()),
    };
    let at = row.map(|r| format!("{}: ", place(r))).unwrap_or_default();
    let text = format!("{at}{} ({})", sanitize_text(&f.message.text()), f.id);
    hanging(mark, &text, width, style)
}

impl RowFacts {
    /// From the row and its [`stable_cell`]s.
    fn of(r: &OverviewRow, cells: &[String; 11]) -> RowFacts {
        RowFacts {
            label_key: app_label(r).to_lowercase().into(),
            text: line(r, cells, &[]).to_lowercase().into(),
            count: FindingCount::of(r),
        }
    }

    /// Whether `/` with `filter` (in lower case) keeps the row.
    fn matches(&self, filter: &str) -> bool {
        filter.is_empty() || self.text.contains(filter)
    }
}

/// What a row is ordered by in one column (the App column orders by the natural order):
/// numbers as numbers, the last job by its time, the rest as shown.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey {
    Text(String),
    Number(Option<Number>),
    Count(usize),
    Time(Option<SystemTime>),
}

/// A password's minimum length, ordered as a number.
#[derive(Clone, Copy, Debug)]
struct Number(f64);

impl PartialEq for Number {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Number {}
impl PartialOrd for Number {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Number {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0)
    }
}

fn sort_key(c: Column, r: &OverviewRow) -> SortKey {
    match c {
        Column::Password => {
            SortKey::Number(r.auth.as_ref().and_then(|a| a.password_minimum).map(Number))
        }
        Column::Findings => SortKey::Count(r.findings.len()),
        Column::LastJob => SortKey::Time(r.last_job.as_ref().and_then(|j| j.create_time)),
        _ => SortKey::Text(cell(c, r, None)),
    }
}

/// Widths for the columns from the widest value of each (or header, with room for the sort
/// mark); then, while they do not fit in `room`, the column with the most to spare above its
/// minimum loses a character: the short facts first, the names that tell rows apart and the last
/// job (its age is what tells a stuck job) only once those are at their minimum, so both stay
/// whole at 120 columns; should every column be at its minimum and still not fit (80
/// columns), they give way again down to a floor, so FIND (the point of the overview, never
/// cut) stays on screen and every cut value ends with …
fn fit(widest: &[usize; 11], room: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = COLUMNS
        .iter()
        .zip(widest)
        .map(|(c, w)| (*w).max(c.head().0.len() + 1))
        .collect();
    let whole = widths.clone();
    let tiers: [&dyn Fn(usize) -> usize; 3] = [
        &|i| match COLUMNS[i] {
            Column::App | Column::Env | Column::Resource | Column::LastJob => whole[i],
            c => c.head().1,
        },
        &|i| COLUMNS[i].head().1,
        &|i| floor(COLUMNS[i]),
    ];
    for least in tiers {
        while widths.iter().sum::<usize>() > room {
            let shrinkable = (0..widths.len())
                .filter(|&i| widths[i] > least(i))
                .max_by_key(|&i| widths[i] - least(i));
            match shrinkable {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
    // Narrower still, the border cuts the rest.
    widths
}

/// The narrowest a column gets at all: two characters and … for the short facts; more for the
/// names that tell rows apart and the last job's status; FIND whole.
fn floor(c: Column) -> usize {
    match c {
        Column::App => 6,
        Column::Env => 4,
        Column::Resource => 8,
        Column::LastJob => 8,
        Column::Findings => "FIND".len() + 1,
        _ => 3,
    }
}

/// One row: the cells, each padded (or cut) to its width when `widths` has them, else whole
/// (what `/` matches against).
fn line(r: &OverviewRow, cells: &[String; 11], widths: &[usize]) -> String {
    let cells: Vec<String> = match widths {
        [] => cells.to_vec(),
        w => cells.iter().zip(w).map(|(c, w)| pad(c, *w)).collect(),
    };
    // Everything the service did not let us read says why, after what did load (cut with … at
    // the width of a row, the error pane has it whole).
    match r.errors.first() {
        Some(e) if r.auth.is_none() => {
            let keep: String = cells[..3].join(" ");
            let text = format!("{keep} ✗ {}", crate::term_text::shown(&e.to_string()));
            match widths {
                [] => text,
                w => pad(&text, w.iter().sum::<usize>() + w.len() - 1),
            }
        }
        _ => cells.join(" "),
    }
}

fn cells(r: &OverviewRow, now: Option<SystemTime>) -> [String; 11] {
    COLUMNS.map(|c| cell(c, r, now))
}

/// A cell as the screen shows it: names and values exactly as the service gave them, shown
/// escaped (issue 24), so widths, cuts, sorting and `/` all work on what is on screen.
fn cell(c: Column, r: &OverviewRow, now: Option<SystemTime>) -> String {
    let text = raw_cell(c, r, now);
    match crate::term_text::shown(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

fn raw_cell(c: Column, r: &OverviewRow, now: Option<SystemTime>) -> String {
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
        Column::SignIn => auth.map_or_else(none, |a| a.sign_in_method.to_string()),
        Column::Mfa => auth.map_or_else(none, |a| {
            let mode = a.mfa_mode.as_deref().unwrap_or("OFF");
            if a.mfa_types.is_empty() {
                mode.to_string()
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
                .map(|p| match &**p {
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
            (Some(g), None) => g.to_string(),
        }),
        Column::LastJob => match &r.last_job {
            None => "none".into(),
            Some(j) => format!("{} {}", job_head(j), short_age(j.create_time, now)),
        },
        Column::Findings => r.findings.len().to_string(),
    }
}

/// A cell as it stays while the screen is open: the last job without its age.
fn stable_cell(c: Column, r: &OverviewRow) -> String {
    match (c, &r.last_job) {
        (Column::LastJob, Some(j)) => job_head(j),
        _ => cell(c, r, None),
    }
}

/// The last job's status and verb: "UpdateBackendAuth" → "Update", the verb is what tells jobs
/// apart here.
fn job_head(j: &Job) -> String {
    let op = j.operation.as_deref().unwrap_or("?");
    let op = op.split("Backend").next().unwrap_or(op);
    // Escaped here too: the jobs' widths are counted from this, without the age.
    format!("{} {}", j.status.as_str(), crate::term_text::shown(op))
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

impl ScreenView for OverviewView {
    fn title(&self) -> &'static str {
        "Account overview"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        OverviewView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        OverviewView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        OverviewView::render(self, frame, area, cx.wall_now)
    }

    /// Its rows stream in (see the module's comment).
    fn load(&mut self, generation: u64, _: &mut LoadCx) -> Vec<Effect> {
        vec![self.restart(generation)]
    }

    fn input_changed(&mut self) -> Option<Cmd> {
        self.filter_changed();
        None
    }

    crate::tui::screen::list_screen!(list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::overview::AuthSummary;
    use crate::aws::{ApiError, ErrorKind, JobStatus};
    use crate::tui::widgets::TextInput;

    /// A small deterministic generator (xorshift), so a failure is reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
            xs[self.below(xs.len())]
        }
    }

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
    }

    /// Rows of every shape: names differing only in case, apps sharing a name, environments
    /// without auth, failed reads, job ages on each side of every width boundary, jobs without
    /// a time or from the future, findings of both severities.
    fn random_row(rng: &mut Rng, n: usize) -> OverviewRow {
        let name = rng.pick(&["shop", "Shop", "blog", "api", "CRM", "crm", "", "Ünïcode"]);
        let app_id = format!("d{}x{}", name.to_lowercase(), rng.below(4));
        let env = match rng.below(8) {
            0 => None,
            _ => Some(rng.pick(&["dev", "prod", "staging", "main"]).to_string()),
        };
        let resource = (env.is_some() && rng.below(5) > 0)
            // Unique per row, so that no two rows are the same place.
            .then(|| format!("{}auth{n}", rng.pick(&["a", "B", "c"])));
        let auth = (resource.is_some() && rng.below(6) > 0).then(|| {
            Box::new(AuthSummary {
                auth_resources: "USER_POOL_AND_IDENTITY_POOL".into(),
                sign_in_method: rng.pick(&["EMAIL", "USERNAME", "PHONE_NUMBER"]).into(),
                mfa_mode: [None, Some("ON".into()), Some("OPTIONAL".into())][rng.below(3)].clone(),
                mfa_types: vec!["TOTP".into(); rng.below(2)],
                password_minimum: [None, Some(6.0), Some(8.0), Some(12.0), Some(99.0)]
                    [rng.below(5)],
                password_classes: vec!["REQUIRE_DIGITS".into(); rng.below(2)],
                providers: vec!["Google".into(); rng.below(2)],
                guest_access: rng.below(2) == 0,
                oauth_grant: [None, Some("CODE".into())][rng.below(2)].clone(),
                domain_prefix: [None, Some(format!("p{}", rng.below(50)))][rng.below(2)].clone(),
            })
        });
        let secs = [
            0, 5, 9, 10, 59, 60, 599, 600, 3599, 3600, 35_999, 36_000, 86_399, 86_400, 863_999,
            864_000, 8_640_000, 86_400_000,
        ];
        let create_time = match rng.below(10) {
            0 => None,
            1 => Some(now() + Duration::from_secs(30)),
            _ => Some(now() - Duration::from_secs(secs[rng.below(secs.len())])),
        };
        let last_job = (rng.below(5) > 0).then(|| Job {
            app_id: app_id.clone(),
            env: env.clone().unwrap_or_default(),
            job_id: format!("j{n}"),
            operation: Some(
                rng.pick(&["CreateBackendAuth", "UpdateBackendAuth", "CreateBackend"])
                    .into(),
            ),
            status: [JobStatus::Completed, JobStatus::Failed, JobStatus::Running][rng.below(3)]
                .clone(),
            error: None,
            create_time,
            update_time: None,
        });
        let findings = (0..rng.below(4))
            .map(|k| PostureFinding {
                id: "test",
                severity: [Severity::Error, Severity::Warning][rng.below(2)],
                message: format!("finding {k} of row {n}").into(),
                fix: "fix it".into(),
            })
            .collect();
        let errors = match rng.below(6) {
            0 => vec![ApiError::new("GetBackendAuth", ErrorKind::Timeout, "slow")],
            _ => vec![],
        };
        OverviewRow {
            app_id,
            app_name: name.into(),
            env,
            resource,
            auth,
            last_job,
            findings,
            errors,
        }
    }

    /// The straightforward computation the index stands for, done from scratch as the screen
    /// once did on every key and frame: a stable sort of the arrival order by natural order,
    /// then by the column, then the filter over each row's whole text.
    fn from_scratch(v: &OverviewView) -> Vec<usize> {
        let natural = |a: &OverviewRow, b: &OverviewRow| {
            (app_label(a).to_lowercase(), &a.app_id, &a.env, &a.resource).cmp(&(
                app_label(b).to_lowercase(),
                &b.app_id,
                &b.env,
                &b.resource,
            ))
        };
        let compare = |a: &OverviewRow, b: &OverviewRow| match v.sort {
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
            c => cell(c, a, None).cmp(&cell(c, b, None)),
        };
        let rows = &v.rows;
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| natural(&rows[a], &rows[b]));
        order.sort_by(|&a, &b| {
            let o = compare(&rows[a], &rows[b]);
            if v.descending { o.reverse() } else { o }
        });
        let f = v.list.filter.value().to_lowercase();
        order
            .into_iter()
            .filter(|&i| {
                let cells = COLUMNS.map(|c| stable_cell(c, &rows[i]));
                line(&rows[i], &cells, &[]).to_lowercase().contains(&f)
            })
            .collect()
    }

    /// Widths from every row's cells as drawn at `now`, the way the screen once fitted them.
    fn widths_from_scratch(v: &OverviewView, room: usize, now: Option<SystemTime>) -> Vec<usize> {
        let mut widest = [0; 11];
        for r in &v.rows {
            for (w, c) in widest.iter_mut().zip(cells(r, now)) {
                *w = (*w).max(c.chars().count());
            }
        }
        fit(&widest, room)
    }

    fn check(v: &OverviewView, what: &str) {
        assert_eq!(v.shown(), from_scratch(v).as_slice(), "{what}");
        let mut totals = FindingCount::default();
        for &i in v.shown() {
            let r = &v.rows[i];
            totals.errors += r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            totals.warnings += r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count();
            totals.rows_with_errors += usize::from(!r.errors.is_empty());
        }
        assert_eq!(v.index.totals, totals, "{what}");
        // At several moments: ages cross their width boundaries as time passes.
        for later in [0, 1, 50, 541, 3000, 33_000, 80_000, 8_000_000] {
            let t = Some(now() + Duration::from_secs(later));
            for room in [200, 100, 60] {
                assert_eq!(
                    v.widths(room, t),
                    widths_from_scratch(v, room, t),
                    "{what} +{later}s"
                );
            }
        }
        assert_eq!(
            v.widths(200, None),
            widths_from_scratch(v, 200, None),
            "{what}"
        );
    }

    fn rows_event(rows: Vec<OverviewRow>) -> OverviewEvent {
        OverviewEvent::Rows {
            rows,
            progress: OverviewProgress::default(),
        }
    }

    #[test]
    fn the_index_gives_the_rows_order_filter_and_widths_of_the_straightforward_computation() {
        for seed in 1..=12u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut v = OverviewView::new(OverviewRequest::default(), 1);
            let mut n = 0;
            for step in 0..60 {
                let what = format!(
                    "seed {seed}, step {step}, sort {:?} {}",
                    v.sort, v.descending
                );
                match rng.below(10) {
                    // Rows arrive in batches, under whatever sort and filter are on.
                    0..=4 => {
                        let batch = (0..rng.below(6))
                            .map(|_| {
                                n += 1;
                                random_row(&mut rng, n)
                            })
                            .collect();
                        v.on_event(1, rows_event(batch));
                    }
                    5 => {
                        v.on_key(&KeyEvent::from(KeyCode::Char('s')));
                    }
                    6 => {
                        v.on_key(&KeyEvent::from(KeyCode::Char('S')));
                    }
                    // The filter typed a character further (narrowing), deleted, or replaced.
                    7 => {
                        let c = rng.pick(&["a", "o", "p", "d", "e", "1", "2", "✗", "?", "s"]);
                        v.list.filter.insert_str(c);
                        v.filter_changed();
                    }
                    8 => {
                        v.list.filter.edit_key(KeyEvent::from(KeyCode::Backspace));
                        v.filter_changed();
                    }
                    _ => {
                        let f = rng.pick(&["SHOP", "dev", "none", "failed create", "off", "cod"]);
                        v.list.filter.set(f);
                        v.filter_changed();
                    }
                }
                check(&v, &what);
            }
            assert!(n > 50, "seed {seed}: only {n} rows");
        }
    }

    #[test]
    fn a_filter_changed_behind_the_index_is_not_drawn_stale() {
        let mut rng = Rng(7);
        let mut v = OverviewView::new(OverviewRequest::default(), 1);
        let rows = (0..40).map(|n| random_row(&mut rng, n)).collect();
        v.on_event(1, rows_event(rows));
        // Set without `filter_changed`: the next key brings the index in line.
        v.list.filter.insert_str("dev");
        v.on_key(&KeyEvent::from(KeyCode::Char('j')));
        assert_eq!(v.shown(), from_scratch(&v).as_slice());
    }

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
