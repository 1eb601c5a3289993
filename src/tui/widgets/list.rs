//! A filterable list shared by the browse screens: `/` starts a filter, typing narrows the list,
//! Enter or Esc ends filtering. Rendering marks the selection with › and reverse video.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::keys::{self, Binding, Keys, code, help_only, key, show};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::tui::theme;
use crate::tui::widgets::LineInput;
use crate::tui::widgets::line_input::{EDIT_KEYS, Edit};

#[derive(Clone, Debug, Default)]
pub struct ListState {
    pub filter: LineInput,
    pub filtering: bool,
    pub cursor: usize,
    /// Rows marked for comparing (indexes into the full rows, so a filter does not move them);
    /// at most two, oldest first.
    pub marked: Vec<usize>,
}

/// Moving in a list; each list screen's table binds these (the Env screen without `j`, which
/// opens its jobs there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
    First,
    Last,
}

/// Moving in a list, for the list screens; help shows these rows after the screen's own.
pub const MOVE_KEYS: &[Binding<Move>] = &[
    help_only(
        &[
            (code(KeyCode::Down), Move::Down),
            (key('j'), Move::Down),
            (code(KeyCode::Up), Move::Up),
            (key('k'), Move::Up),
        ],
        "↑↓ j/k",
        "move",
    ),
    FIRST_LAST,
];

/// The same without `j`, for a screen where `j` means something else (Env: its jobs).
pub const MOVE_KEYS_NO_J: &[Binding<Move>] = &[
    help_only(
        &[
            (code(KeyCode::Down), Move::Down),
            (code(KeyCode::Up), Move::Up),
            (key('k'), Move::Up),
        ],
        "↑↓ k",
        "move",
    ),
    FIRST_LAST,
];

const FIRST_LAST: Binding<Move> = help_only(
    &[
        (code(KeyCode::Home), Move::First),
        (key('g'), Move::First),
        (code(KeyCode::End), Move::Last),
        (key('G'), Move::Last),
    ],
    "Home/End g/G",
    "first / last",
);

/// A filter typed and ended with Enter is kept: Esc clears it before it would leave the screen
/// (`update` asks `clear_kept_filter` first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    Clear,
}

pub const KEPT_FILTER_KEYS: &[Binding<Kept>] = &[help_only(
    &[(code(KeyCode::Esc), Kept::Clear)],
    "Esc",
    "clear the kept filter",
)];

fn kept_clear() -> &'static str {
    keys::hint(KEPT_FILTER_KEYS, Kept::Clear)
}

/// Keys while the filter is being typed: these two rows, and every other key edits the filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterAction {
    End,
    Move(Move),
}

pub const FILTER_KEYS: &[Binding<FilterAction>] = &[
    show(
        &[
            (code(KeyCode::Enter), FilterAction::End),
            (code(KeyCode::Esc), FilterAction::End),
        ],
        "Enter/Esc",
        "end the filter",
    ),
    help_only(
        &[
            (code(KeyCode::Down), FilterAction::Move(Move::Down)),
            (code(KeyCode::Up), FilterAction::Move(Move::Up)),
        ],
        "↑↓",
        "move",
    ),
];

/// The filter's table, for footer, help and the key test.
pub fn filter_keys() -> Keys {
    Keys::of(FILTER_KEYS, |_| true, true)
}

impl ListState {
    /// Indexes of the rows matching the filter (case-insensitive substring).
    pub fn matching(&self, rows: &[String]) -> Vec<usize> {
        let f = self.filter.value().to_lowercase();
        rows.iter()
            .enumerate()
            .filter(|(_, r)| f.is_empty() || r.to_lowercase().contains(&f))
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected row's index in `rows`, if any.
    pub fn selected(&self, rows: &[String]) -> Option<usize> {
        self.matching(rows).get(self.cursor).copied()
    }

    /// While filtering: the filter's own keys; every other key (and a paste) goes to the
    /// filter through the focused-input path (`filter_input`). Returns false for such a key.
    pub fn filter_key(&mut self, key: &KeyEvent, rows: &[String]) -> bool {
        self.filter_key_in(key, |s| s.matching(rows).len())
    }

    /// [`Self::filter_key`] for a list that keeps its own index of the matching rows: `matches`
    /// counts them, and is called only for a move.
    pub fn filter_key_in(&mut self, key: &KeyEvent, matches: impl FnOnce(&Self) -> usize) -> bool {
        match crate::tui::keys::action(FILTER_KEYS, key, |_| true) {
            Some(FilterAction::End) => self.filtering = false,
            Some(FilterAction::Move(m)) => self.go_in(m, matches(self)),
            None => return false,
        }
        true
    }

    /// The filter while it is being typed: the focused text input of a list screen.
    pub fn filter_input(&mut self) -> Option<&mut LineInput> {
        if self.filtering {
            Some(&mut self.filter)
        } else {
            None
        }
    }

    /// After the filter's text changed: the first match is selected.
    pub fn filter_changed(&mut self) {
        self.cursor = 0;
    }

    /// Marks the selected row, or unmarks it; a third mark drops the oldest.
    pub fn toggle_mark(&mut self, rows: &[String]) {
        let Some(i) = self.selected(rows) else {
            return;
        };
        if let Some(pos) = self.marked.iter().position(|m| *m == i) {
            self.marked.remove(pos);
            return;
        }
        self.marked.push(i);
        if self.marked.len() > 2 {
            self.marked.remove(0);
        }
    }

    /// The two rows to compare: the two marked ones, or the one marked and the selected one.
    pub fn pair(&self, rows: &[String]) -> Option<(usize, usize)> {
        let marked: Vec<usize> = self
            .marked
            .iter()
            .copied()
            .filter(|i| *i < rows.len())
            .collect();
        match marked.as_slice() {
            [a, b] => Some((*a, *b)),
            [a] => self.selected(rows).filter(|s| s != a).map(|s| (*a, s)),
            _ => None,
        }
    }

    /// Esc with a filter kept (typed, then ended with Enter): clears it, instead of leaving the
    /// screen. Returns whether it did.
    pub fn clear_kept_filter(&mut self, key: &KeyEvent) -> bool {
        if self.filtering
            || self.filter.value().is_empty()
            || keys::action(KEPT_FILTER_KEYS, key, |_| true).is_none()
        {
            return false;
        }
        self.filter = LineInput::default();
        self.filter_changed();
        true
    }

    pub fn start_filter(&mut self) {
        self.filtering = true;
    }

    /// The keys of a list screen: the filter's while it is typed, else the screen's table
    /// followed by the list's movement keys (`moves`).
    pub fn keys<A: Copy>(&self, table: &[Binding<A>], moves: &[Binding<Move>]) -> Keys {
        self.keys_when(table, moves, |_| true)
    }

    /// Like [`Self::keys`], with only the actions `enabled` allows (the same predicate the
    /// screen's dispatch uses, so the footer never offers a key that does nothing).
    pub fn keys_when<A: Copy>(
        &self,
        table: &[Binding<A>],
        moves: &[Binding<Move>],
        enabled: impl Fn(A) -> bool + Copy,
    ) -> Keys {
        if self.filtering {
            return filter_keys();
        }
        Keys::of(table, enabled, false).and(Keys::of(moves, |_| true, false))
    }

    /// A movement key of `moves`; returns whether it was one.
    pub fn move_key(&mut self, moves: &[Binding<Move>], k: &KeyEvent, rows: &[String]) -> bool {
        self.move_key_in(moves, k, |s| s.matching(rows).len())
    }

    /// [`Self::move_key`] for a list that counts its matching rows itself (`matches`, called
    /// only for a movement key).
    pub fn move_key_in(
        &mut self,
        moves: &[Binding<Move>],
        k: &KeyEvent,
        matches: impl FnOnce(&Self) -> usize,
    ) -> bool {
        match keys::action(moves, k, |_| true) {
            Some(m) => {
                self.go_in(m, matches(self));
                true
            }
            None => false,
        }
    }

    pub fn go(&mut self, m: Move, rows: &[String]) {
        self.go_in(m, self.matching(rows).len());
    }

    /// Moves the cursor among `n` matching rows.
    pub fn go_in(&mut self, m: Move, n: usize) {
        self.cursor = match m {
            Move::Down => (self.cursor + 1).min(n.saturating_sub(1)),
            Move::Up => self.cursor.saturating_sub(1),
            Move::First => 0,
            Move::Last => n.saturating_sub(1),
        };
    }

    /// Draws the list with a title, header lines above it, and an empty-state message.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        head: Vec<Line<'static>>,
        rows: &[String],
        empty: &str,
    ) {
        self.render_shown(frame, area, title, head, rows, rows, empty);
    }

    /// [`render`](Self::render) for a list that shows rows other than those the filter reads:
    /// `rows` are matched (whole values), `shown` drawn (cut to fit the screen), index by index.
    #[allow(clippy::too_many_arguments)]
    pub fn render_shown(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        head: Vec<Line<'static>>,
        rows: &[String],
        shown_rows: &[String],
        empty: &str,
    ) {
        let shown = self.matching(rows);
        let empty = rows.is_empty().then_some(empty);
        self.render_window(frame, area, title, head, empty, shown.len(), |pos| {
            let i = shown[pos];
            (shown_rows[i].clone(), self.marked.contains(&i))
        });
    }

    /// Draws the list from what is on screen only, for a list that keeps its own index of the
    /// matching rows: `matches` of them, `row(pos)` the text of the `pos`th and whether it is
    /// marked, asked only for the rows in the visible window. `empty` is the message when the
    /// list has no rows at all (`None`: it has some).
    #[allow(clippy::too_many_arguments)]
    pub fn render_window(
        &self,
        frame: &mut Frame,
        area: Rect,
        title: &str,
        head: Vec<Line<'static>>,
        empty: Option<&str>,
        matches: usize,
        row: impl Fn(usize) -> (String, bool),
    ) {
        let mut lines = head;
        if self.filtering || !self.filter.value().is_empty() {
            lines.push(Line::styled(
                format!(
                    "Filter: {}{}",
                    crate::term_text::shown(self.filter.value()),
                    if self.filtering {
                        "▏".to_string()
                    } else {
                        // Editing it again is each list screen's own filter key, in its footer.
                        format!("  ({} clears it)", kept_clear())
                    }
                ),
                theme::title(),
            ));
        }
        if let Some(empty) = empty {
            lines.push(Line::styled(empty.to_string(), theme::dim()));
        } else if matches == 0 {
            lines.push(Line::styled(
                if self.filtering {
                    format!(
                        "No match for the filter ({} or {} edits it away).",
                        keys::key_of(EDIT_KEYS, Edit::Backspace),
                        keys::key_of(EDIT_KEYS, Edit::ClearBefore),
                    )
                } else {
                    format!("No match for the filter ({} clears it).", kept_clear())
                },
                theme::dim(),
            ));
        }
        // An error or a warning above the rows wraps at the box's edge instead of being cut.
        let width = area.width.saturating_sub(2) as usize;
        let lines: Vec<Line<'static>> = lines
            .into_iter()
            .flat_map(|l| wrap_message(l, width))
            .collect();
        let mut lines = lines;
        let height = area.height.saturating_sub(2 + lines.len() as u16) as usize;
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        for pos in (first..matches).take(height) {
            let sel = pos == self.cursor;
            let (text, marked) = row(pos);
            // A marked row shows ✓ (reverse video still shows the selection).
            let mark = match (marked, sel) {
                (true, _) => "✓",
                (false, true) => "›",
                (false, false) => " ",
            };
            // Rows hold names exactly as the service gave them; shown escaped (issue 24).
            let text = format!("{mark} {}", crate::term_text::shown(&text));
            lines.push(if sel {
                Line::styled(text, theme::focus())
            } else {
                Line::from(text)
            });
        }
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
            area,
        );
    }
}

/// A one-style line starting with ✗ or ! (an error or a warning), broken at spaces into lines of
/// `width`; any other line as it is (rows and column headers are cut, not wrapped).
fn wrap_message(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let message = text.starts_with('✗') || text.starts_with('!');
    if !message || line.spans.len() > 1 || width == 0 || text.chars().count() <= width {
        return vec![line];
    }
    let style = line.spans.first().map(|s| s.style).unwrap_or_default();
    let mut out = vec![];
    let mut cur = String::new();
    for word in text.split(' ') {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(Line::styled(std::mem::take(&mut cur), style));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    out.push(Line::styled(cur, style));
    out
}
