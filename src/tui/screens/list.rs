//! A filterable list shared by the browse screens: `/` starts a filter, typing narrows the list,
//! Enter or Esc ends filtering. Rendering marks the selection with › and reverse video.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::tui::theme;
use crate::tui::widgets::LineInput;

#[derive(Clone, Debug, Default)]
pub struct ListState {
    pub filter: LineInput,
    pub filtering: bool,
    pub cursor: usize,
}

pub enum ListKey {
    /// The list used the key.
    Used,
    /// Enter on an item (index into the *filtered* rows).
    Open(usize),
    /// Not a list key.
    Ignored,
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

    pub fn handle_key(&mut self, key: KeyEvent, rows: &[String]) -> ListKey {
        let n = self.matching(rows).len();
        if self.filtering {
            match key.code {
                KeyCode::Esc | KeyCode::Enter => self.filtering = false,
                KeyCode::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
                KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
                _ => {
                    self.filter.handle_key(key);
                    self.cursor = 0;
                }
            }
            return ListKey::Used;
        }
        match key.code {
            KeyCode::Char('/') => {
                self.filtering = true;
                ListKey::Used
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                ListKey::Used
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.cursor = self.cursor.saturating_sub(1);
                ListKey::Used
            }
            KeyCode::Home | KeyCode::Char('g') => {
                self.cursor = 0;
                ListKey::Used
            }
            KeyCode::End | KeyCode::Char('G') => {
                self.cursor = n.saturating_sub(1);
                ListKey::Used
            }
            KeyCode::Enter if n > 0 => match self.matching(rows).get(self.cursor) {
                Some(i) => ListKey::Open(*i),
                None => ListKey::Used,
            },
            _ => ListKey::Ignored,
        }
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
        let mut lines = head;
        if self.filtering || !self.filter.value().is_empty() {
            lines.push(Line::styled(
                format!(
                    "Filter: {}{}",
                    self.filter.value(),
                    if self.filtering { "▏" } else { "" }
                ),
                theme::title(),
            ));
        }
        let shown = self.matching(rows);
        if rows.is_empty() {
            lines.push(Line::styled(empty.to_string(), theme::dim()));
        } else if shown.is_empty() {
            lines.push(Line::styled(
                "No match for the filter (Esc, then Backspace it away).",
                theme::dim(),
            ));
        }
        let height = area.height.saturating_sub(2 + lines.len() as u16) as usize;
        let first = self.cursor.saturating_sub(height.saturating_sub(1));
        for (pos, i) in shown.iter().enumerate().skip(first).take(height) {
            let sel = pos == self.cursor;
            let text = format!("{} {}", if sel { "›" } else { " " }, rows[*i]);
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
