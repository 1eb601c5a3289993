//! The editable field kinds a wizard step is made of, and how each takes keys and pastes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::field_keys::{CHOICE_KEYS, COMBO_KEYS, FieldKey, MULTI_KEYS, SECRET_KEYS, TOGGLE_KEYS};
use super::line_input::LineInput;
use crate::tui::keys::{self, Binding, Keys};
// Pastes are cleaned in one place, beside the trait every input takes them through.
use super::text_input::{TextInput, normalise_newlines};

/// A multi-line text box (redirect URI lists, the Apple private key). Wraps the textarea so its
/// content never reaches `Debug` output: the key box holds a private key.
#[derive(Clone, Default)]
pub struct TextBox {
    pub area: TextArea<'static>,
}

impl std::fmt::Debug for TextBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextBox({} lines)", self.area.lines().len())
    }
}

/// Most lines and bytes a multi-line box takes: a `.p8` key is ~250 bytes and 100 URIs of 1024
/// chars are ~100 KiB; anything beyond is a mistake (a pasted binary, a log) and is cut off.
pub const MAX_BOX_BYTES: usize = 128 * 1024;

impl TextBox {
    pub fn from_lines(lines: Vec<String>) -> Self {
        let lines = if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        };
        TextBox {
            area: TextArea::new(lines),
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// Non-empty lines with surrounding spaces removed.
    pub fn items(&self) -> Vec<String> {
        self.area
            .lines()
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Inserts pasted text, with `\r\n` and lone `\r` turned into `\n` (terminals send either) and
    /// other control characters dropped, bounded to [`MAX_BOX_BYTES`] in all.
    pub fn paste(&mut self, text: &str) {
        let room = MAX_BOX_BYTES.saturating_sub(self.text().len());
        let clean = normalise_newlines(text);
        let mut cut: String = String::new();
        for c in clean.chars() {
            if cut.len() + c.len_utf8() > room {
                break;
            }
            cut.push(c);
        }
        self.area.insert_str(cut);
    }
}

/// `Debug` is written by hand below: a `Secret` field's value must not reach Debug output.
#[derive(Clone)]
pub enum Field {
    Text(LineInput),
    /// A client secret: masked unless revealed.
    Secret {
        input: LineInput,
        revealed: bool,
    },
    Toggle(bool),
    /// One of a few options, cycled with its keys (`field_keys::CHOICE_KEYS`).
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    /// Any subset of options (`field_keys::MULTI_KEYS`).
    Multi {
        options: Vec<String>,
        selected: Vec<bool>,
        cursor: usize,
    },
    /// Free text with suggestions (apps, environments) cycled with `field_keys::COMBO_KEYS`.
    Combo {
        input: LineInput,
        /// (value, label) pairs.
        options: Vec<(String, String)>,
    },
    /// One item per line (redirect URIs).
    Lines(TextBox),
    /// The Apple private key box: masked unless revealed.
    Key {
        text: TextBox,
        revealed: bool,
    },
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Text(i) => f.debug_tuple("Text").field(i).finish(),
            Field::Secret { input, revealed } => f
                .debug_struct("Secret")
                .field("chars", &input.value().chars().count())
                .field("revealed", revealed)
                .finish(),
            Field::Toggle(b) => f.debug_tuple("Toggle").field(b).finish(),
            Field::Choice { options, selected } => f
                .debug_struct("Choice")
                .field("options", options)
                .field("selected", selected)
                .finish(),
            Field::Multi {
                options,
                selected,
                cursor,
            } => f
                .debug_struct("Multi")
                .field("options", options)
                .field("selected", selected)
                .field("cursor", cursor)
                .finish(),
            Field::Combo { input, options } => f
                .debug_struct("Combo")
                .field("input", input)
                .field("options", options)
                .finish(),
            // `TextBox`'s own Debug shows only its line count.
            Field::Lines(t) => f.debug_tuple("Lines").field(t).finish(),
            Field::Key { text, revealed } => f
                .debug_struct("Key")
                .field("text", text)
                .field("revealed", revealed)
                .finish(),
        }
    }
}

/// What a key did to a field.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyOutcome {
    /// The field used the key and its value may have changed.
    Changed,
    /// The field used the key but nothing changed (cursor move).
    Moved,
    /// Not for this field: the step handles it (Tab, Enter, Esc, …).
    Ignored,
}

impl Field {
    pub fn text(v: impl Into<String>) -> Field {
        Field::Text(LineInput::new(v))
    }

    pub fn secret(v: impl Into<String>) -> Field {
        Field::Secret {
            input: LineInput::new(v),
            revealed: false,
        }
    }

    pub fn choice(options: &[&str], selected: usize) -> Field {
        Field::Choice {
            options: options.iter().map(|s| s.to_string()).collect(),
            selected,
        }
    }

    pub fn multi(options: &[&str], selected: &[&str]) -> Field {
        Field::Multi {
            options: options.iter().map(|s| s.to_string()).collect(),
            selected: options.iter().map(|o| selected.contains(o)).collect(),
            cursor: 0,
        }
    }

    pub fn lines(items: &[String]) -> Field {
        Field::Lines(TextBox::from_lines(items.to_vec()))
    }

    /// Whether typing printable characters goes into this field (then `q` and `?` are text).
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Field::Text(_)
                | Field::Secret { .. }
                | Field::Combo { .. }
                | Field::Lines(_)
                | Field::Key { .. }
        )
    }

    /// Whether Enter belongs to the field (a newline) rather than moving on.
    pub fn is_multiline(&self) -> bool {
        matches!(self, Field::Lines(_) | Field::Key { .. })
    }

    pub fn is_secret(&self) -> bool {
        matches!(self, Field::Secret { .. } | Field::Key { .. })
    }

    /// Shows or hides a secret; returns whether the field is a secret at all.
    pub fn toggle_reveal(&mut self) -> bool {
        match self {
            Field::Secret { revealed, .. } | Field::Key { revealed, .. } => {
                *revealed = !*revealed;
                true
            }
            _ => false,
        }
    }

    pub fn value(&self) -> String {
        match self {
            Field::Text(i) | Field::Secret { input: i, .. } | Field::Combo { input: i, .. } => {
                i.value().to_string()
            }
            Field::Toggle(b) => b.to_string(),
            Field::Choice { options, selected } => {
                options.get(*selected).cloned().unwrap_or_default()
            }
            Field::Multi {
                options, selected, ..
            } => options
                .iter()
                .zip(selected)
                .filter(|(_, s)| **s)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join(","),
            Field::Lines(t) | Field::Key { text: t, .. } => t.text(),
        }
    }

    pub fn is_on(&self) -> bool {
        matches!(self, Field::Toggle(true))
    }

    pub fn selected_options(&self) -> Vec<String> {
        match self {
            Field::Multi {
                options, selected, ..
            } => options
                .iter()
                .zip(selected)
                .filter(|(_, s)| **s)
                .map(|(o, _)| o.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn items(&self) -> Vec<String> {
        match self {
            Field::Lines(t) => t.items(),
            _ => Vec::new(),
        }
    }

    /// Pasted text: single-line fields take it without line breaks, boxes take it whole.
    pub fn paste(&mut self, text: &str) -> KeyOutcome {
        match self {
            Field::Text(i) | Field::Secret { input: i, .. } | Field::Combo { input: i, .. } => {
                i.paste_text(text);
                KeyOutcome::Changed
            }
            Field::Lines(t) | Field::Key { text: t, .. } => {
                t.paste(text);
                KeyOutcome::Changed
            }
            _ => KeyOutcome::Ignored,
        }
    }

    /// A key for this field, by its kind (see the functions below).
    pub fn handle_key(&mut self, key: KeyEvent) -> KeyOutcome {
        if keys::action(SECRET_KEYS, &key, |_| self.is_secret()).is_some() {
            self.toggle_reveal();
            return KeyOutcome::Moved;
        }
        match self {
            Field::Text(i) | Field::Secret { input: i, .. } => line_key(i, key),
            Field::Combo { input, options } => combo_key(input, options, key),
            Field::Toggle(b) => toggle_key(b, key),
            Field::Choice { options, selected } => choice_key(options.len(), selected, key),
            Field::Multi {
                options,
                selected,
                cursor,
            } => multi_key(options.len(), selected, cursor, key),
            Field::Lines(t) | Field::Key { text: t, .. } => box_key(t, key),
        }
    }
}

/// Whether a key that was taken changed the value (else it only moved the cursor).
fn changed(b: bool) -> KeyOutcome {
    if b {
        KeyOutcome::Changed
    } else {
        KeyOutcome::Moved
    }
}

/// One line of text (a text field, a secret): the line input's editing keys.
fn line_key(i: &mut LineInput, key: KeyEvent) -> KeyOutcome {
    let before = i.value().to_string();
    if i.handle_key(key) {
        changed(before != i.value())
    } else {
        KeyOutcome::Ignored
    }
}

/// A combo: its keys step through the options while the value is empty or one of them;
/// otherwise it is a line of text.
fn combo_key(input: &mut LineInput, options: &[(String, String)], key: KeyEvent) -> KeyOutcome {
    let step = keys::action(COMBO_KEYS, &key, |_| true).filter(|_| {
        !options.is_empty()
            && (input.value().is_empty() || options.iter().any(|(v, _)| v == input.value()))
    });
    let Some(step) = step else {
        return line_key(input, key);
    };
    let pos = options.iter().position(|(v, _)| v == input.value());
    let n = options.len();
    let next = match (pos, step) {
        (None, FieldKey::Next) => 0,
        (None, _) => n - 1,
        (Some(p), FieldKey::Next) => (p + 1) % n,
        (Some(p), _) => (p + n - 1) % n,
    };
    input.set(options[next].0.clone());
    KeyOutcome::Changed
}

fn toggle_key(b: &mut bool, key: KeyEvent) -> KeyOutcome {
    match keys::action(TOGGLE_KEYS, &key, |_| true) {
        Some(FieldKey::On) => *b = true,
        Some(FieldKey::Off) => *b = false,
        Some(_) => *b = !*b,
        None => return KeyOutcome::Ignored,
    }
    KeyOutcome::Changed
}

fn choice_key(options: usize, selected: &mut usize, key: KeyEvent) -> KeyOutcome {
    let n = options.max(1);
    match keys::action(CHOICE_KEYS, &key, |_| true) {
        Some(FieldKey::Prev) => *selected = (*selected + n - 1) % n,
        Some(_) => *selected = (*selected + 1) % n,
        None => return KeyOutcome::Ignored,
    }
    KeyOutcome::Changed
}

fn multi_key(
    options: usize,
    selected: &mut [bool],
    cursor: &mut usize,
    key: KeyEvent,
) -> KeyOutcome {
    match keys::action(MULTI_KEYS, &key, |_| true) {
        Some(FieldKey::Next) => {
            *cursor = (*cursor + 1).min(options.saturating_sub(1));
            KeyOutcome::Moved
        }
        Some(FieldKey::Prev) => {
            *cursor = cursor.saturating_sub(1);
            KeyOutcome::Moved
        }
        Some(_) => {
            if let Some(s) = selected.get_mut(*cursor) {
                *s = !*s;
            }
            KeyOutcome::Changed
        }
        None => KeyOutcome::Ignored,
    }
}

/// A multi-line box (lines, a key file's text): everything edits it but the keys that leave it
/// (Tab, Esc) and the wizard's Ctrl keys.
fn box_key(t: &mut TextBox, key: KeyEvent) -> KeyOutcome {
    if matches!(key.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc)
        || key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(
                key.code,
                KeyCode::Char('s')
                    | KeyCode::Char('r')
                    | KeyCode::Char('c')
                    | KeyCode::Char('n')
                    | KeyCode::Char('p')
            )
    {
        return KeyOutcome::Ignored;
    }
    let before = t.text();
    if t.text().len() >= MAX_BOX_BYTES && matches!(key.code, KeyCode::Char(_) | KeyCode::Enter) {
        return KeyOutcome::Moved;
    }
    t.area.input(key);
    changed(before != t.text())
}

impl TextInput for Field {
    fn edit_key(&mut self, key: KeyEvent) -> bool {
        self.handle_key(key) == KeyOutcome::Changed
    }

    fn paste_text(&mut self, text: &str) -> bool {
        self.paste(text) == KeyOutcome::Changed
    }
}

impl Field {
    /// This field kind's table (empty for plain text: its keys are the editing keys).
    pub fn table(&self) -> &'static [Binding<FieldKey>] {
        match self {
            Field::Toggle(_) => TOGGLE_KEYS,
            Field::Choice { .. } => CHOICE_KEYS,
            Field::Multi { .. } => MULTI_KEYS,
            Field::Combo { .. } => COMBO_KEYS,
            Field::Secret { .. } | Field::Key { .. } => SECRET_KEYS,
            Field::Text(_) | Field::Lines(_) => &[],
        }
    }

    /// The keys the focused field takes, for the screen's footer and help.
    pub fn keys(&self) -> Keys {
        Keys::of(self.table(), |_| true, false)
    }
}
