//! A single-line text input: a string and a cursor, edited with the keys terminal users expect.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::keys::{self, Binding, code, ctrl, help_only};

/// Longest value a single-line field accepts: far above any Cognito limit (1024 for a URI, 20,000
/// for an email body is a multi-line field), low enough that a runaway paste cannot hurt.
pub const MAX_LINE_CHARS: usize = 4096;

#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct LineInput {
    value: String,
    /// Cursor position in chars (not bytes).
    cursor: usize,
}

impl LineInput {
    pub fn new(value: impl Into<String>) -> Self {
        let value: String = value.into();
        let cursor = value.chars().count();
        LineInput { value, cursor }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, value: impl Into<String>) {
        *self = LineInput::new(value);
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    /// Inserts text at the cursor. Line breaks and other control characters are dropped: a
    /// single-line field never holds them, and terminal escapes must not reach the screen.
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            if self.value.chars().count() >= MAX_LINE_CHARS {
                break;
            }
            if c.is_control() {
                continue;
            }
            let at = self.byte_at(self.cursor);
            self.value.insert(at, c);
            self.cursor += 1;
        }
    }

    /// Handles an editing key (`EDIT_KEYS`, or a character typed); returns whether it was used.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(edit) = keys::action(EDIT_KEYS, &key, |_| true) else {
            return match key.code {
                KeyCode::Char(c) if !ctrl => {
                    self.insert_str(&c.to_string());
                    true
                }
                _ => false,
            };
        };
        let end = self.value.chars().count();
        match edit {
            Edit::ClearBefore => {
                let at = self.byte_at(self.cursor);
                self.value.drain(..at);
                self.cursor = 0;
            }
            Edit::ClearAfter => {
                let at = self.byte_at(self.cursor);
                self.value.truncate(at);
            }
            Edit::Start => self.cursor = 0,
            Edit::End => self.cursor = end,
            Edit::DeleteWord => {
                let chars: Vec<char> = self.value.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.value.drain(a..b);
                self.cursor = start;
            }
            Edit::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            Edit::Delete => {
                if self.cursor < end {
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(end),
        }
        true
    }
}

/// What an editing key does to a one-line input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    Start,
    End,
    /// Ctrl-U: everything before the cursor (the whole line with the cursor at its end).
    ClearBefore,
    ClearAfter,
    DeleteWord,
    Backspace,
    Delete,
}

/// The editing keys of every one-line input (the Import form, filters, the delete confirmation,
/// a wizard's text field): `handle_key` dispatches from it and F1 help lists it.
pub const EDIT_KEYS: &[Binding<Edit>] = &[
    help_only(
        &[
            (code(KeyCode::Left), Edit::Left),
            (code(KeyCode::Right), Edit::Right),
            (code(KeyCode::Home), Edit::Start),
            (code(KeyCode::End), Edit::End),
            (ctrl('a'), Edit::Start),
            (ctrl('e'), Edit::End),
        ],
        "←/→, Home/End",
        "move in the text",
    ),
    help_only(
        &[
            (ctrl('u'), Edit::ClearBefore),
            (ctrl('w'), Edit::DeleteWord),
            (ctrl('k'), Edit::ClearAfter),
            (code(KeyCode::Backspace), Edit::Backspace),
            (code(KeyCode::Delete), Edit::Delete),
        ],
        "Ctrl-U, Ctrl-W",
        "clear line, delete word",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut l = LineInput::new("héllo");
        l.handle_key(key(KeyCode::Left));
        l.handle_key(key(KeyCode::Left));
        l.handle_key(key(KeyCode::Backspace));
        assert_eq!(l.value(), "hélo");
        l.handle_key(key(KeyCode::Char('X')));
        assert_eq!(l.value(), "héXlo");
        l.handle_key(key(KeyCode::Home));
        l.handle_key(key(KeyCode::Delete));
        assert_eq!(l.value(), "éXlo");
    }

    #[test]
    fn paste_drops_control_characters_and_is_bounded() {
        let mut l = LineInput::default();
        l.insert_str("a\r\nb\x1b[31mc");
        assert_eq!(l.value(), "ab[31mc");
        l.insert_str(&"x".repeat(MAX_LINE_CHARS * 2));
        assert_eq!(l.value().chars().count(), MAX_LINE_CHARS);
    }

    #[test]
    fn ctrl_w_deletes_the_previous_word() {
        let mut l = LineInput::new("one two  ");
        l.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(l.value(), "one ");
    }
}
