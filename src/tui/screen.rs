//! What every screen is to the app: the one trait the router (`update`), the view and the model
//! use, so none of them names a screen to ask it something. A screen's file holds its state, its
//! key table and handler, its drawing, and its `impl ScreenView`; `app::screens!` lists them.
//!
//! Only `title`, `keys`, `on_key` and `render` must be written; the rest default to "nothing
//! here" (no text input, nothing to load, nothing unsaved). A list screen gives its list
//! (`list`, `list_mut`) and gets filtering for free: its filter is its text input.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keys::Keys;
use super::msg::{Cmd, Ctx, Effect, Load};
use super::widgets::TextInput;
use super::widgets::list::ListState;
use crate::aws::AppSummary;

/// What a screen's `load` may touch besides itself: the apps list (the Apps screen shows the
/// app-wide one) and further generations (the Compare screen reads two sides).
pub struct LoadCx<'a> {
    pub apps: &'a mut Load<Vec<AppSummary>>,
    pub next_gen: &'a mut u64,
}

impl LoadCx<'_> {
    /// Another generation, after the one `load` was given.
    pub fn generation(&mut self) -> u64 {
        *self.next_gen += 1;
        *self.next_gen
    }
}

/// In a list screen's `impl ScreenView`: its list is the field `$field`.
macro_rules! list_screen {
    ($field:ident) => {
        fn list(&self) -> Option<&$crate::tui::widgets::list::ListState> {
            Some(&self.$field)
        }

        fn list_mut(&mut self) -> Option<&mut $crate::tui::widgets::list::ListState> {
            Some(&mut self.$field)
        }
    };
}
pub(crate) use list_screen;

pub trait ScreenView: std::fmt::Debug {
    /// The header's title.
    fn title(&self) -> &'static str;

    /// The keys of the screen in its current state (its table, filtered), for footer and help.
    fn keys(&self, cx: &Ctx) -> Keys;

    /// A key: what to do (`Some`), or `None` to hand it to the focused text input.
    fn on_key(&mut self, key: &KeyEvent, cx: &Ctx) -> Option<Cmd>;

    fn render(&self, frame: &mut Frame, area: Rect, cx: &Ctx);

    /// Reads what the screen shows, as it opens and on reload (`r`, coming back to it);
    /// `generation` tags the answers, so those of an older read are dropped.
    fn load(&mut self, generation: u64, cx: &mut LoadCx) -> Vec<Effect> {
        let _ = (generation, cx);
        vec![]
    }

    /// Whether it is still reading what its keys act on (keys pressed now wait, `typeahead`).
    fn loading(&self, cx: &Ctx) -> bool {
        let _ = cx;
        false
    }

    /// Whether coming back to it from a screen above reads it again (it may have changed).
    fn reloads_on_return(&self, cx: &Ctx) -> bool {
        let _ = cx;
        false
    }

    /// The list of a list screen (its filter, cursor and marks).
    fn list(&self) -> Option<&ListState> {
        None
    }

    fn list_mut(&mut self) -> Option<&mut ListState> {
        None
    }

    /// Whether a text input has the focus (printable keys are text then).
    fn typing(&self) -> bool {
        self.list().is_some_and(|l| l.filtering)
    }

    /// The text input that has the focus: typed keys and pastes go here.
    fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        let filter = self.list_mut()?.filter_input()?;
        Some(filter)
    }

    /// After the focused input's text changed: what depends on it follows.
    fn input_changed(&mut self) -> Option<Cmd> {
        if let Some(l) = self.list_mut() {
            l.filter_changed();
        }
        None
    }

    /// A key for a focused field that takes no typing (read-only): refused, and said so.
    fn refuses_typing(&mut self, key: &KeyEvent) -> bool {
        let _ = key;
        false
    }

    /// Unsaved input that quitting would lose (or a job still running).
    fn is_dirty(&self) -> bool {
        false
    }

    /// Whether a spinner or elapsed time is on screen (the runner sends ticks).
    fn animating(&self) -> bool {
        false
    }

    /// The screen as the trait, for the registry (`app::screens!`), through a `Box` too.
    fn as_view(&self) -> &dyn ScreenView
    where
        Self: Sized,
    {
        self
    }

    fn as_view_mut(&mut self) -> &mut dyn ScreenView
    where
        Self: Sized,
    {
        self
    }
}
