//! The wizard as a screen: its title by mode, its keys (with `edit --input`'s file keys), the
//! step list beside the step (or the review), and its focused field as the text input.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::fields::{FieldId, FieldValues};
use super::form_view::step_lines;
use super::review;
use super::state::Wizard;
use super::steps::Step;
use crate::tui::keys::Keys;
use crate::tui::msg::{Cmd, Ctx};
use crate::tui::screen::ScreenView;
use crate::tui::theme;
use crate::tui::widgets::TextInput;

impl ScreenView for Wizard {
    fn title(&self) -> &'static str {
        if self.is_edit() {
            "Edit auth resource"
        } else if self.is_recreate() {
            "DELETE AND RECREATE auth resource"
        } else {
            "Create auth resource"
        }
    }

    /// `edit --input`'s keys are in the wizard's own (`FILE_KEYS`, while file-backed).
    fn keys(&self, _: &Ctx) -> Keys {
        Wizard::keys(self)
    }

    fn on_key(&mut self, k: &KeyEvent, _: &Ctx) -> Option<Cmd> {
        Wizard::on_key(self, k)
    }

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx) {
        // The key the footer says submits (the review's title names it too).
        let keys = ScreenView::keys(self, cx);
        let submit = keys
            .footer
            .iter()
            .find(|(_, what)| what.ends_with("submit"))
            .map_or(
                crate::tui::keys::hint(review::KEYS, review::Action::Submit),
                |(k, _)| k,
            );
        draw(self, frame, area, submit)
    }

    fn typing(&self) -> bool {
        Wizard::typing(self)
    }

    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        let id = self.focused().filter(|_| self.step != Step::Review)?;
        if self.is_read_only(id) {
            return None;
        }
        Some(self.field_mut(id))
    }

    /// Re-validate; a new app id also fills (or reads) its environments.
    fn input_changed(&mut self) -> Option<Cmd> {
        let id = self.focused()?;
        self.dirty = true;
        self.touched.touch(id);
        self.refresh();
        (id == FieldId::AppId).then_some(Cmd::AppChanged)
    }

    fn refuses_typing(&mut self, key: &KeyEvent) -> bool {
        if self.focused().is_some_and(|id| self.is_read_only(id)) {
            self.refuse_read_only(key);
            return true;
        }
        false
    }

    fn is_dirty(&self) -> bool {
        self.dirty
    }
}

/// The step list (✓ visited, ✗ with errors) beside the step's fields, or the review.
fn draw(w: &Wizard, frame: &mut Frame, area: Rect, submit_key: &str) {
    let [side, main] =
        Layout::horizontal([Constraint::Length(25), Constraint::Min(40)]).areas(area);
    let steps = w.steps();
    let mut lines = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let current = *s == w.step;
        let state = if w.step_has_errors(*s) && (w.visited.contains(s) || *s == Step::Review) {
            "✗"
        } else if w.visited.contains(s) && !current {
            "✓"
        } else {
            " "
        };
        let text = format!(
            "{}{} {:>2}. {}",
            if current { "›" } else { " " },
            state,
            i + 1,
            s.title()
        );
        let style = if current {
            theme::focus()
        } else if state == "✗" {
            theme::error()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::from(""));
    let errors = w.error_count();
    lines.push(if errors == 0 {
        Line::styled(" ✓ no errors", theme::ok())
    } else {
        Line::styled(
            format!(" ✗ {}", crate::tui::time_text::count(errors, "error")),
            theme::error(),
        )
    });
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Steps ")),
        side,
    );

    if w.step == Step::Review {
        review::render(w, frame, main, submit_key);
        return;
    }
    let index = steps.iter().position(|s| *s == w.step).unwrap_or(0) + 1;
    let block =
        Block::bordered().title(format!(" {}/{} · {} ", index, steps.len(), w.step.title()));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    let sl = step_lines(w, inner.width);
    // Scroll so the whole focused field (with its findings and help) is in view.
    let height = inner.height as usize;
    let scroll = if sl.focus_range.1 > height {
        (sl.focus_range.1 - height).min(sl.focus_range.0)
    } else {
        0
    };
    frame.render_widget(Paragraph::new(sl.lines).scroll((scroll as u16, 0)), inner);
}
