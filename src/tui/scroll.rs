//! Scrolling a long pane: the offset is clamped so the last line stops at the bottom (never an
//! empty pane past the end), and the pane's border says which lines show ("lines 21–40 of 97").

use std::cell::Cell;

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// A pane's scroll offset, and how far it could scroll when last drawn (the view records it, so
/// a key never moves the offset past the end, even after the content shrank).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scroll {
    pub offset: u16,
    max: Cell<u16>,
}

impl Scroll {
    /// Moves by `n` lines; `i16::MIN` goes to the top and `i16::MAX` to the end. The end is
    /// wherever it is when drawn: lines that arrive after End (a read still under way) still
    /// show the last one.
    pub fn by(&mut self, n: i16) {
        let max = self.max.get();
        self.offset = match n {
            i16::MIN => 0,
            i16::MAX => u16::MAX,
            n => self.offset.min(max).saturating_add_signed(n).min(max),
        };
    }

    /// `p` (wrapped, unbordered) in `block` over `area`: scrolled as far as it can be, and the
    /// block's bottom border telling which lines show when they do not all fit, and `ends`,
    /// the keys (from the screen's table) that go to the top and the end.
    pub fn render(
        &self,
        frame: &mut ratatui::Frame,
        area: Rect,
        p: Paragraph<'static>,
        block: Block<'static>,
        ends: &str,
    ) {
        let inner = block.inner(area);
        let total = p.line_count(inner.width) as u16;
        let max = total.saturating_sub(inner.height);
        self.max.set(max);
        let offset = self.offset.min(max);
        let block = if max > 0 {
            block.title_bottom(
                Line::from(format!(
                    " lines {}–{} of {total} · {ends} ",
                    offset + 1,
                    (offset + inner.height).min(total)
                ))
                .right_aligned(),
            )
        } else {
            block
        };
        frame.render_widget(p.scroll((offset, 0)).block(block), area);
    }
}
