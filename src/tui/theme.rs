//! Styles. Every meaning also has a textual marker (›, ✗, !, ✓) or an attribute (bold,
//! reversed), so focus and errors stay visible with NO_COLOR, where colours are dropped.

use ratatui::style::{Color, Modifier, Style};

pub fn focus() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Labels and hints: the terminal's own foreground, dimmed, not a colour of our choosing.
/// Colour 8 ("bright black", what DarkGray asks for) is the background colour itself in
/// Solarized Dark and near it in other dark themes, so labels in it could not be read there;
/// the default foreground is by definition readable on the user's background, dark or light,
/// and DIM only fades it.
pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn ok() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// Read-only values: dimmed and italic on the default foreground, for the reason [`dim`] gives.
pub fn read_only() -> Style {
    Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC)
}

pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 28: nothing is drawn in colour 8, unreadable on Solarized Dark.
    #[test]
    fn no_style_uses_colour_8() {
        for s in [
            focus(),
            title(),
            dim(),
            error(),
            warning(),
            ok(),
            key(),
            read_only(),
        ] {
            assert_ne!(s.fg, Some(Color::DarkGray), "{s:?}");
            assert_ne!(s.fg, Some(Color::Indexed(8)), "{s:?}");
        }
    }
}
