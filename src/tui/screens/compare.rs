//! Two auth configs side by side (two environments, or two auth resources), from
//! `domain::compare`: differing members highlighted, secrets masked, and a secret the service
//! did not return shown as such and never counted as a difference. `p` promotes the left side's
//! config to the right (the wizard on the right, filled with the left's values).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::aws::{ApiError, BackendInfo};
use crate::domain::AuthConfig;
use crate::domain::compare::{Comparison, Row, RowStatus, compare};
use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use crate::tui::msg::Ctx;
use crate::tui::msg::{Cmd, Effect, Load, Target};
use crate::tui::screen::{LoadCx, ScreenView};
use crate::tui::theme;
use crate::tui::wizard::form_view::truncate;

/// One side: where it is and what was read. `Loaded(None)`: the environment has no auth.
#[derive(Clone, Debug)]
pub struct Side {
    pub target: Target,
    pub generation: u64,
    pub config: Load<Option<AuthConfig>>,
}

impl Side {
    pub fn new(target: Target) -> Side {
        Side {
            target,
            generation: 0,
            config: Load::NotAsked,
        }
    }

    /// "qa" or "qa / demoappauth".
    pub fn label(&self) -> String {
        if self.target.resource.is_empty() {
            self.target.env.clone()
        } else {
            format!("{} / {}", self.target.env, self.target.resource)
        }
    }

    /// The read that comes first: the environment (to find its auth resource) when none is named.
    fn load(&mut self, generation: u64) -> Effect {
        self.generation = generation;
        self.config = Load::Loading;
        if self.target.resource.is_empty() {
            Effect::LoadBackend {
                generation,
                app_id: self.target.app_id.clone(),
                env: Some(self.target.env.clone()),
            }
        } else {
            Effect::LoadAuth {
                generation,
                target: self.target.clone(),
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct CompareView {
    pub left: Side,
    pub right: Side,
    pub scroll: u16,
    /// Show only the members that differ (and the secrets that cannot be compared).
    pub only_differences: bool,
    /// Why `p` did nothing, until the next key.
    pub flash: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Promote,
    Swap,
    Differences,
    Up,
    Down,
    PageUp,
    PageDown,
    Reload,
    Back,
    Quit,
    Help,
}

pub const KEYS: &[Binding<Action>] = &[
    show(&[(key('p'), Action::Promote)], "p", "promote left → right"),
    show(&[(key('s'), Action::Swap)], "s", "swap sides"),
    show(&[(key('f'), Action::Differences)], "f", "only differences"),
    help_only(
        &[
            (code(KeyCode::Up), Action::Up),
            (key('k'), Action::Up),
            (code(KeyCode::Down), Action::Down),
            (key('j'), Action::Down),
        ],
        "↑↓ j/k",
        "scroll",
    ),
    help_only(
        &[
            (code(KeyCode::PageUp), Action::PageUp),
            (code(KeyCode::PageDown), Action::PageDown),
        ],
        "PgUp/PgDn",
        "scroll a page",
    ),
    show(&[(key('r'), Action::Reload)], "r", "reload"),
    show(&[(code(KeyCode::Esc), Action::Back)], "Esc", "back"),
    show(&[(key('q'), Action::Quit)], "q", "quit"),
    help_only(&[(key('?'), Action::Help)], "?", "help"),
];

impl CompareView {
    pub fn new(left: Target, right: Target) -> CompareView {
        CompareView {
            left: Side::new(left),
            right: Side::new(right),
            scroll: 0,
            only_differences: false,
            flash: None,
        }
    }

    /// The reads for both sides; `next` hands out generations.
    pub fn load(&mut self, mut next: impl FnMut() -> u64) -> Vec<Effect> {
        vec![self.left.load(next()), self.right.load(next())]
    }

    fn side_mut(&mut self, generation: u64) -> Option<&mut Side> {
        [&mut self.left, &mut self.right]
            .into_iter()
            .find(|s| s.generation == generation && matches!(s.config, Load::Loading))
    }

    /// An environment read: its auth resource is the one to compare (the only one, or the one
    /// named like the other side's); an environment without auth is `None` (promote creates).
    pub fn on_backend(
        &mut self,
        generation: u64,
        result: Result<BackendInfo, ApiError>,
    ) -> Vec<Effect> {
        let other: Vec<String> = [&self.left, &self.right]
            .iter()
            .filter(|s| s.generation != generation)
            .map(|s| s.target.resource.clone())
            .collect();
        let Some(side) = self.side_mut(generation) else {
            return vec![];
        };
        let b = match result {
            Ok(b) => b,
            Err(e) => {
                side.config = Load::from_api(Err(e));
                return vec![];
            }
        };
        let names: Vec<&str> = b.auth_resources.iter().map(|r| r.name.as_str()).collect();
        let pick = match names.as_slice() {
            [] => None,
            [one] => Some(one.to_string()),
            many => match many.iter().find(|n| other.iter().any(|o| o == *n)) {
                Some(n) => Some(n.to_string()),
                None => {
                    side.config = Load::Failed(format!(
                        "environment {} has several auth resources ({}): open it and mark the two to compare ({}, then {})",
                        side.target.env,
                        many.join(", "),
                        keys::hint(super::environment::KEYS, super::environment::Action::Mark),
                        keys::hint(
                            super::environment::KEYS,
                            super::environment::Action::Compare
                        ),
                    ));
                    return vec![];
                }
            },
        };
        match pick {
            None => {
                side.config = Load::Loaded(None);
                vec![]
            }
            Some(name) => {
                side.target.resource = name;
                vec![Effect::LoadAuth {
                    generation,
                    target: side.target.clone(),
                }]
            }
        }
    }

    pub fn on_auth(&mut self, generation: u64, result: Result<AuthConfig, ApiError>) {
        if let Some(side) = self.side_mut(generation) {
            side.config = match result {
                Ok(c) => Load::Loaded(Some(c)),
                Err(e) => Load::from_api(Err(e)),
            };
        }
    }

    /// Both configs, once both sides are read and both have auth.
    pub fn configs(&self) -> Option<(&AuthConfig, &AuthConfig)> {
        match (&self.left.config, &self.right.config) {
            (Load::Loaded(Some(l)), Load::Loaded(Some(r))) => Some((l, r)),
            _ => None,
        }
    }

    pub fn comparison(&self) -> Option<Comparison> {
        self.configs().map(|(l, r)| compare(l, r))
    }

    pub fn keys(&self) -> Keys {
        Keys::of(KEYS, |_| true, false)
    }

    pub fn on_key(&mut self, k: &KeyEvent) -> Option<Cmd> {
        self.flash = None;
        Some(match keys::action(KEYS, k, |_| true)? {
            Action::Promote => self.promote(),
            Action::Swap => {
                std::mem::swap(&mut self.left, &mut self.right);
                Cmd::None
            }
            Action::Differences => {
                self.only_differences = !self.only_differences;
                self.scroll = 0;
                Cmd::None
            }
            Action::Up => self.scroll_by(-1),
            Action::Down => self.scroll_by(1),
            Action::PageUp => self.scroll_by(-10),
            Action::PageDown => self.scroll_by(10),
            Action::Reload => Cmd::Reload,
            Action::Back => Cmd::Back,
            Action::Quit => Cmd::Quit,
            Action::Help => Cmd::Help,
        })
    }

    fn scroll_by(&mut self, by: i32) -> Cmd {
        self.scroll = (self.scroll as i32 + by).max(0) as u16;
        Cmd::None
    }

    /// The left side's config to the right side: the wizard, or why not yet.
    fn promote(&mut self) -> Cmd {
        let source = match &self.left.config {
            Load::Loaded(Some(c)) => c.clone(),
            Load::Loaded(None) => {
                self.flash = Some(format!(
                    "{} has no auth to promote (s swaps the sides).",
                    self.left.label()
                ));
                return Cmd::None;
            }
            _ => {
                self.flash = Some("Wait until both sides are read.".into());
                return Cmd::None;
            }
        };
        let target_config = match &self.right.config {
            Load::Loaded(c) => c.clone().map(Box::new),
            _ => {
                self.flash = Some("Wait until both sides are read.".into());
                return Cmd::None;
            }
        };
        if self.comparison().is_some_and(|c| c.is_same()) {
            self.flash = Some(format!(
                "{} already has the config of {}: nothing to promote.",
                self.right.label(),
                self.left.label()
            ));
            return Cmd::None;
        }
        Cmd::Promote {
            source: Box::new(source),
            source_resource: self.left.target.resource.clone(),
            target: self.right.target.clone(),
            target_config,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let (l, r) = (self.left.label(), self.right.label());
        let comparison = self.comparison();
        let rows = comparison
            .as_ref()
            .map_or_else(Vec::new, |c| self.shown_rows(c));
        // Inside the border, after the two-column mark.
        let (path_w, cell_w) = columns(area.width.saturating_sub(4) as usize, &rows, [&l, &r]);
        let mut lines = vec![Line::styled(
            format!("{} : {l}  ⇄  {r}", self.left.target.app_id),
            theme::title(),
        )];
        for side in [&self.left, &self.right] {
            match &side.config {
                Load::Failed(e) => lines.push(Line::styled(
                    format!(
                        "✗ {}: {e} ({} retries)",
                        side.label(),
                        keys::hint(KEYS, Action::Reload)
                    ),
                    theme::error(),
                )),
                Load::Loaded(None) => lines.push(Line::styled(
                    format!(
                        "{} has no auth resource: p on the other side creates it there.",
                        side.label()
                    ),
                    theme::warning(),
                )),
                Load::Loading | Load::NotAsked => lines.push(Line::styled(
                    format!("Reading {}…", side.label()),
                    theme::dim(),
                )),
                Load::Loaded(Some(_)) => {}
            }
        }
        let mut table = vec![];
        if let Some(c) = &comparison {
            let (d, u) = (c.differences().count(), c.unknown().count());
            lines.push(if d == 0 {
                Line::styled(format!("✓ The same{}", unknown_note(u)), theme::ok())
            } else {
                Line::styled(
                    format!(
                        "≠ {d} member{} differ{}{}",
                        if d == 1 { "" } else { "s" },
                        if d == 1 { "s" } else { "" },
                        unknown_note(u)
                    ),
                    theme::warning(),
                )
            });
            lines.push(Line::styled(
                format!(
                    "  {:<path_w$} {:<cell_w$} {:<cell_w$}",
                    "MEMBER",
                    truncate(&l, cell_w),
                    truncate(&r, cell_w)
                ),
                theme::title(),
            ));
            for row in &rows {
                let (mark, style) = match row.status {
                    RowStatus::Same => (" ", ratatui::style::Style::default()),
                    RowStatus::Differs => ("≠", theme::warning()),
                    RowStatus::Unknown => ("?", theme::dim()),
                };
                table.push(Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::styled(
                        format!(
                            "{:<path_w$} {:<cell_w$} {:<cell_w$}",
                            cut_front(&row.path, path_w),
                            truncate(&row.left.display(), cell_w),
                            truncate(&row.right.display(), cell_w)
                        ),
                        style,
                    ),
                ]));
            }
        }
        let room = area.height.saturating_sub(3 + lines.len() as u16) as usize;
        let max_scroll = table.len().saturating_sub(room);
        let first = (self.scroll as usize).min(max_scroll);
        lines.extend(table.into_iter().skip(first).take(room));
        if let Some(f) = &self.flash {
            lines.push(Line::styled(f.clone(), theme::warning()));
        }
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" Compare ")),
            area,
        );
    }
}

impl CompareView {
    /// The rows on display, what differs first, then what cannot be compared, then the rest (on
    /// a small screen the differences are what shows); without the rest under `f`.
    fn shown_rows<'a>(&self, c: &'a Comparison) -> Vec<&'a Row> {
        [RowStatus::Differs, RowStatus::Unknown, RowStatus::Same]
            .into_iter()
            .filter(|s| !(self.only_differences && *s == RowStatus::Same))
            .flat_map(|s| c.rows.iter().filter(move |r| r.status == s))
            .collect()
    }
}

/// The member column's width and each value column's, in `inner` columns. The member column is
/// as wide as the longest path shown when the values fit whole beside it, or when it needs no
/// more than 2/5 of the width; otherwise it gives way first (a path is cut from the front, so
/// the member's own name stays). The value columns share the rest: a wide screen shows longer
/// values, not blanks after the paths.
fn columns(inner: usize, rows: &[&Row], labels: [&str; 2]) -> (usize, usize) {
    let width = |s: &str| s.chars().count();
    let widest_path = rows.iter().map(|r| width(&r.path)).max().unwrap_or(0);
    let widest_value = rows
        .iter()
        .flat_map(|r| [width(&r.left.display()), width(&r.right.display())])
        .chain(labels.map(width))
        .max()
        .unwrap_or(0);
    // The two spaces between the three columns.
    let room = inner.saturating_sub(2);
    let path_w = if widest_path + 2 * widest_value <= room {
        widest_path
    } else {
        widest_path.min((room * 2 / 5).max(room.saturating_sub(2 * widest_value)))
    }
    .max("MEMBER".len().min(room));
    (path_w, room.saturating_sub(path_w) / 2)
}

fn unknown_note(u: usize) -> String {
    if u == 0 {
        String::new()
    } else {
        format!(
            " · {u} secret{} not returned by the service (not differences)",
            if u == 1 { "" } else { "s" }
        )
    }
}

/// Cuts a path to `w` characters from the front: the end names the member.
fn cut_front(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        s.to_string()
    } else {
        let tail: String = s.chars().skip(n - w.saturating_sub(1)).collect();
        format!("…{tail}")
    }
}

impl ScreenView for CompareView {
    fn title(&self) -> &'static str {
        "Compare"
    }

    fn keys(&self, _: &Ctx) -> Keys {
        CompareView::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        CompareView::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, _: &Ctx) {
        CompareView::render(self, frame, area)
    }

    /// Two sides, two reads, each with its own generation.
    fn load(&mut self, generation: u64, cx: &mut LoadCx) -> Vec<Effect> {
        let mut gens = [generation, cx.generation()].into_iter();
        CompareView::load(self, || gens.next().unwrap_or_default())
    }

    /// After a promote it shows whether the two are now the same.
    fn reloads_on_return(&self, _: &Ctx) -> bool {
        true
    }
}
