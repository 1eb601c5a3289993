//! A single-line text input: a string and a cursor, edited with the keys terminal users expect.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

    /// Handles an editing key; returns whether the key was used.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let at = self.byte_at(self.cursor);
                self.value.drain(..at);
                self.cursor = 0;
            }
            KeyCode::Char('k') if ctrl => {
                let at = self.byte_at(self.cursor);
                self.value.truncate(at);
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.value.chars().count(),
            KeyCode::Char('w') if ctrl => {
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
            KeyCode::Char(c) if !ctrl => self.insert_str(&c.to_string()),
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.value.chars().count() {
                    let at = self.byte_at(self.cursor);
                    self.value.remove(at);
                }
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            _ => return false,
        }
        true
    }
}

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
