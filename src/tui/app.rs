//! The model: one `App` holding the current screen and popup. The messages and effects that
//! drive it are in the leaf module `msg`.

use std::path::PathBuf;

use crate::aws::AppSummary;

use super::msg::{Load, Target};

use super::keys::Keys;
use super::msg::Ctx;
use super::screen::ScreenView;
use super::screens::apps::AppsView;
use super::screens::checklist::ChecklistView;
use super::screens::compare::CompareView;
use super::screens::config_view::ConfigView;
use super::screens::env_add::EnvAddForm;
use super::screens::environment::EnvView;
use super::screens::environments::EnvsView;
use super::screens::frontend::FrontendView;
use super::screens::gen2::Gen2View;
use super::screens::import::ImportForm;
use super::screens::job_history::JobsView;
use super::screens::job_pane::JobPane;
use super::screens::overview::OverviewView;
use super::screens::setup::SetupView;
use super::screens::switch::SwitchView;
use super::widgets::{LineInput, TextInput};
use super::wizard::state::Wizard;

/// Writes the `Screen` enum and the one match that makes each of its screens a [`ScreenView`]:
/// adding a screen is adding its line to the list below.
macro_rules! screens {
    ($($(#[$doc:meta])* $name:ident($ty:ty),)*) => {
        #[derive(Debug)]
        pub enum Screen {
            $($(#[$doc])* $name($ty),)*
        }

        impl Screen {
            /// The screen, whichever it is, as the trait the app talks to.
            pub fn view(&self) -> &dyn ScreenView {
                match self {
                    $(Screen::$name(s) => s.as_view(),)*
                }
            }

            pub fn view_mut(&mut self) -> &mut dyn ScreenView {
                match self {
                    $(Screen::$name(s) => s.as_view_mut(),)*
                }
            }
        }
    };
}

// The registry of screens: each line is a screen, its file holds the rest (`impl ScreenView`).
screens! {
    Apps(AppsView),
    Envs(EnvsView),
    Env(EnvView),
    Config(Box<ConfigView>),
    Jobs(JobsView),
    Import(ImportForm),
    Wizard(Box<Wizard>),
    Job(Box<JobPane>),
    EnvAdd(EnvAddForm),
    Compare(Box<CompareView>),
    Overview(Box<OverviewView>),
    /// No working connection at start: what is missing and the ways on.
    Setup(Box<SetupView>),
    /// The profile and region picker.
    Switch(Box<SwitchView>),
    Frontend(Box<FrontendView>),
    Checklist(Box<ChecklistView>),
    /// The resource as an Amplify Gen 2 backend, previewed before anything is written.
    Gen2(Box<Gen2View>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Popup {
    Help,
    ConfirmQuit,
    /// Leaving a wizard with input asks first.
    ConfirmDiscard,
    /// Delete asks for the resource name to be typed. With `then_create`, the resource is
    /// created again with its `mine` config once the delete has completed (delete and
    /// recreate); its `base` is what the recreate was made from, merged before the delete.
    ConfirmDelete {
        target: Target,
        input: LineInput,
        then_create: Option<Box<super::msg::Guard>>,
    },
    /// At start-up: a wizard left unfinished; resume or discard it.
    ResumeDraft {
        id: String,
        draft: Box<super::wizard::draft_file::Draft>,
        /// How many more drafts wait after this one.
        more: usize,
        /// What the check against the job it was submitted as found, when it was submitted.
        note: Option<String>,
    },
    /// At start-up: a draft whose job completed was retired; one line says so.
    DraftApplied {
        line: String,
    },
    /// At start-up: a file in the drafts directory that is not a draft we can read.
    BadDraft {
        id: String,
        path: PathBuf,
        reason: String,
    },
}

/// Where the app is talking to, for the header.
#[derive(Clone, Debug)]
pub struct Context {
    pub region: String,
    /// "sandbox http://127.0.0.1:…" or "AWS profile default".
    pub target: String,
}

/// The smallest terminal the screens are laid out for; below it only a "too small" note shows
/// (and q or Esc still quit, there being nothing to type into).
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Debug)]
pub struct App {
    pub screen: Screen,
    /// Screens to go back to (Esc). A submitted wizard waits here, so a failed or refused
    /// submit goes back to it unchanged.
    pub back: Vec<Screen>,
    pub apps: Load<Vec<AppSummary>>,
    pub envs: std::collections::BTreeMap<String, Load<Vec<String>>>,
    pub popup: Option<Popup>,
    pub ctx: Context,
    /// Milliseconds since start, set by the runner before each update (tests set it by hand), so
    /// `update` and the view stay pure and snapshots stable.
    pub now_ms: u64,
    /// Wall-clock time for ages of jobs ("3 min ago"); set by the runner, fixed in tests.
    pub wall_now: Option<std::time::SystemTime>,
    pub next_gen: u64,
    /// A job running longer than this is "far longer than usual": the job pane offers to keep
    /// watching quietly. [`super::screens::job_pane::LONG_JOB_MS`] unless a test shortens it.
    pub long_job_ms: u64,
    pub quit: bool,
    /// The signal that ended the app, for the exit code.
    pub signal: Option<&'static str>,
    pub size: (u16, u16),
    /// Where drafts are saved; `None` turns drafts off (tests that do not test them).
    pub draft_dir: Option<PathBuf>,
    /// Drafts found at start-up and not offered yet.
    pub drafts_waiting: Vec<super::wizard::draft_file::Found>,
    /// A resumed edit draft waiting for its resource's config to be read.
    pub resume_pending: Option<(Box<super::wizard::draft_file::Draft>, String)>,
    /// The draft a submit in flight went out as (with its [`super::wizard::draft_file::SubmittedAs`]),
    /// and where it is kept: the job id is added when the service answers.
    pub draft_in_flight: Option<(std::path::PathBuf, Box<super::wizard::draft_file::Draft>)>,
    /// The account behind the connection and what the pickers need to know of it.
    pub account: super::account_state::AccountState,
    /// `edit --input FILE`: the file the wizard saves to with Ctrl-S.
    pub edit_file: Option<Box<super::wizard::edit_file::EditFile>>,
    /// Keys pressed while the screen on display was still loading what they act on (Enter on a
    /// list not read yet): they act, in order, as soon as it has loaded (`update::replay`).
    pub typeahead: std::collections::VecDeque<crossterm::event::KeyEvent>,
    /// How far F1 help is scrolled (0 when it opens).
    pub help_scroll: u16,
}

impl App {
    pub fn new(screen: Screen, ctx: Context) -> App {
        App {
            screen,
            back: Vec::new(),
            apps: Load::NotAsked,
            envs: Default::default(),
            popup: None,
            ctx,
            now_ms: 0,
            wall_now: None,
            next_gen: 1,
            long_job_ms: super::screens::job_pane::LONG_JOB_MS,
            quit: false,
            signal: None,
            size: (80, 24),
            draft_dir: None,
            drafts_waiting: Vec::new(),
            resume_pending: None,
            draft_in_flight: None,
            account: Default::default(),
            edit_file: None,
            typeahead: Default::default(),
            help_scroll: 0,
        }
    }

    /// What the screens may read of the app (the apps list, the time).
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            apps: &self.apps,
            now_ms: self.now_ms,
            wall_now: self.wall_now,
        }
    }

    /// The screen on display, mutable, with what it may read of the rest of the app.
    pub fn screen_and_ctx(&mut self) -> (&mut dyn ScreenView, Ctx<'_>) {
        let cx = Ctx {
            apps: &self.apps,
            now_ms: self.now_ms,
            wall_now: self.wall_now,
        };
        (self.screen.view_mut(), cx)
    }

    /// The list of a list screen (its filter, cursor and marks).
    pub fn list_mut(&mut self) -> Option<&mut super::widgets::list::ListState> {
        self.screen.view_mut().list_mut()
    }

    /// Whether the screen on display is still reading what its keys act on (a key pressed now
    /// waits in `typeahead` instead of doing nothing).
    pub fn loading(&self) -> bool {
        self.screen.view().loading(&self.ctx())
    }

    /// Whether the terminal is below [`MIN_WIDTH`]×[`MIN_HEIGHT`].
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The keys of the screen on display as they apply now, for footer and help.
    pub fn screen_keys(&self) -> Keys {
        self.screen.view().keys(&self.ctx())
    }

    pub fn next_generation(&mut self) -> u64 {
        self.next_gen += 1;
        self.next_gen
    }

    /// Whether the runner should send ticks (a spinner and elapsed time are on screen).
    pub fn animating(&self) -> bool {
        self.screen.view().animating()
    }

    /// Unsaved input that quitting would lose.
    pub fn is_dirty(&self) -> bool {
        std::iter::once(&self.screen)
            .chain(&self.back)
            .any(|s| s.view().is_dirty())
    }

    /// Whether a text input on the screen has the focus (printable keys are text then).
    pub fn screen_typing(&self) -> bool {
        self.screen.view().typing()
    }

    /// The text input that has the focus, if any: typed keys and pastes go here, whatever the
    /// screen or popup (the delete confirmation, a wizard field, an Import field, a list filter).
    pub fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        match &mut self.popup {
            Some(Popup::ConfirmDelete { input, .. }) => Some(input),
            Some(_) => None,
            None => self.screen.view_mut().focused_input(),
        }
    }
}

impl Screen {
    /// The keys of the screen at `now_ms` (see [`App::screen_keys`] for them as they apply).
    pub fn keys(&self, now_ms: u64) -> Keys {
        static NOT_READ: Load<Vec<AppSummary>> = Load::NotAsked;
        self.view().keys(&Ctx {
            apps: &NOT_READ,
            now_ms,
            wall_now: None,
        })
    }

    pub fn title(&self) -> &'static str {
        self.view().title()
    }
}

impl App {
    /// Opens a screen on top of the current one (Esc comes back).
    pub fn push(&mut self, screen: Screen) {
        let old = std::mem::replace(&mut self.screen, screen);
        self.back.push(old);
    }

    /// Goes back one screen; returns false at the root.
    pub fn pop(&mut self) -> bool {
        match self.back.pop() {
            Some(s) => {
                self.screen = s;
                true
            }
            None => false,
        }
    }
}
