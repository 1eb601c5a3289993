//! The focused text input, whatever it is: a wizard field, an Import field, a list filter, the
//! delete confirmation. Typed characters, editing keys and pastes all reach it through this one
//! trait (`App::focused_input`), so a paste cannot be dropped on a screen that forgot it. The
//! wizard's `Field` implements it beside its own key handling (widgets/field.rs).

use crossterm::event::KeyEvent;

use super::line_input::LineInput;

pub trait TextInput {
    /// An editing key (a character, Backspace, ←/→, Ctrl-U …). Returns whether the text changed.
    fn edit_key(&mut self, key: KeyEvent) -> bool;
    /// Pasted text. Returns whether the text changed.
    fn paste_text(&mut self, text: &str) -> bool;
}

impl TextInput for LineInput {
    fn edit_key(&mut self, key: KeyEvent) -> bool {
        let before = self.value().to_string();
        self.handle_key(key);
        self.value() != before
    }

    fn paste_text(&mut self, text: &str) -> bool {
        let before = self.value().to_string();
        // An id copied with its trailing newline should not carry it into a one-line field.
        self.insert_str(normalise_newlines(text).trim_end_matches('\n'));
        self.value() != before
    }
}

/// `\r\n` and `\r` become `\n`; other control characters except tab are dropped.
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect()
}
