//! The model: one `App` holding the current screen and popup. The messages and effects that
//! drive it are in the leaf module `msg` (re-exported here).

use std::path::PathBuf;

use crate::aws::AppSummary;

pub use super::msg::{Effect, Load, Msg, Request, Target};

use super::keys::Keys;
use super::screens::apps::AppsView;
use super::screens::checklist::ChecklistView;
use super::screens::compare::CompareView;
use super::screens::config_view::ConfigView;
use super::screens::env::EnvView;
use super::screens::env_add::EnvAddForm;
use super::screens::envs::EnvsView;
use super::screens::frontend::FrontendView;
use super::screens::gen2::Gen2View;
use super::screens::import::ImportForm;
use super::screens::job::JobPane;
use super::screens::jobs::JobsView;
use super::screens::overview::OverviewView;
use super::widgets::{LineInput, TextInput};
use super::wizard::{Step, Wizard};

#[derive(Debug)]
pub enum Screen {
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
    Setup(Box<super::screens::setup::SetupView>),
    /// The profile and region picker.
    Switch(Box<super::screens::switch::SwitchView>),
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
        draft: Box<super::draft_file::Draft>,
        /// How many more drafts wait after this one.
        more: usize,
    },
    /// At start-up: a file in the drafts directory that is not a draft we can read.
    BadDraft {
        id: String,
        path: PathBuf,
        reason: String,
    },
}

impl Popup {
    /// The delete confirmation, its typed name empty.
    pub fn delete(target: Target, then_create: Option<Box<super::msg::Guard>>) -> Popup {
        Popup::ConfirmDelete {
            target,
            input: Default::default(),
            then_create,
        }
    }
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
    /// watching quietly. [`super::screens::job::LONG_JOB_MS`] unless a test shortens it.
    pub long_job_ms: u64,
    pub quit: bool,
    /// The signal that ended the app, for the exit code.
    pub signal: Option<&'static str>,
    pub size: (u16, u16),
    /// Where drafts are saved; `None` turns drafts off (tests that do not test them).
    pub draft_dir: Option<PathBuf>,
    /// Drafts found at start-up and not offered yet.
    pub drafts_waiting: Vec<super::draft_file::Found>,
    /// A resumed edit draft waiting for its resource's config to be read.
    pub resume_pending: Option<(Box<super::draft_file::Draft>, String)>,
    /// The account behind the connection and what the pickers need to know of it.
    pub account: super::account_state::AccountState,
    /// `edit --input FILE`: the file the wizard saves to with Ctrl-S.
    pub edit_file: Option<Box<super::edit_file::EditFile>>,
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
            long_job_ms: super::screens::job::LONG_JOB_MS,
            quit: false,
            signal: None,
            size: (80, 24),
            draft_dir: None,
            drafts_waiting: Vec::new(),
            resume_pending: None,
            account: Default::default(),
            edit_file: None,
            typeahead: Default::default(),
            help_scroll: 0,
        }
    }

    /// The list of a list screen (its filter, cursor and marks).
    pub fn list_mut(&mut self) -> Option<&mut super::screens::list::ListState> {
        match &mut self.screen {
            Screen::Apps(v) => Some(&mut v.list),
            Screen::Envs(v) => Some(&mut v.list),
            Screen::Env(v) => Some(&mut v.list),
            Screen::Jobs(v) => Some(&mut v.list),
            Screen::Overview(v) => Some(&mut v.list),
            _ => None,
        }
    }

    /// Whether the screen on display is still reading what its keys act on (a key pressed now
    /// waits in `typeahead` instead of doing nothing).
    pub fn loading(&self) -> bool {
        let busy = |l: &Load<_>| matches!(l, Load::Loading);
        match &self.screen {
            Screen::Apps(_) => matches!(self.apps, Load::Loading),
            Screen::Envs(v) => busy(&v.backend),
            Screen::Env(v) => busy(&v.backend),
            Screen::Config(v) => matches!(v.config, Load::Loading) || v.meta_loading,
            Screen::Jobs(v) => matches!(v.jobs, Load::Loading),
            _ => false,
        }
    }

    /// Whether the terminal is below [`MIN_WIDTH`]×[`MIN_HEIGHT`].
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// The keys of the screen on display as they apply now. In a file-backed wizard
    /// (`edit --input`) Ctrl-S saves the file (`update::on_key` takes it before the wizard's
    /// table) and F2 steps on, so footer and help say that.
    pub fn screen_keys(&self) -> Keys {
        let mut keys = self.screen.keys(self.now_ms);
        if self.edit_file.is_some() && matches!(self.screen, Screen::Wizard(_)) {
            for list in [&mut keys.footer, &mut keys.help] {
                if let Some(at) = list.iter().position(|k| k.0 == "Ctrl-S") {
                    list[at] = ("Ctrl-S", "save file");
                    list.insert(at + 1, ("F2", "next/submit"));
                }
            }
        }
        keys
    }

    pub fn next_generation(&mut self) -> u64 {
        self.next_gen += 1;
        self.next_gen
    }

    /// Whether the runner should send ticks (a spinner and elapsed time are on screen).
    pub fn animating(&self) -> bool {
        matches!(&self.screen, Screen::Job(j) if !j.is_finished())
    }

    /// Unsaved input that quitting would lose.
    pub fn is_dirty(&self) -> bool {
        let dirty = |s: &Screen| match s {
            Screen::Wizard(w) => w.dirty,
            Screen::Job(j) => !j.is_finished(),
            Screen::Import(f) => f.dirty,
            Screen::EnvAdd(f) => f.dirty,
            _ => false,
        };
        dirty(&self.screen) || self.back.iter().any(dirty)
    }
}

/// The screens' common face: each screen file has its key table and handler; this is the one
/// place that lists them (with `Screen` above, the title and `view::render`).
impl Screen {
    /// The keys of the screen in its current state (its table, filtered), for footer and help.
    pub fn keys(&self, now_ms: u64) -> Keys {
        match self {
            Screen::Apps(v) => v.keys(),
            Screen::Envs(v) => v.keys(),
            Screen::Env(v) => v.keys(),
            Screen::Config(v) => v.keys(),
            Screen::Jobs(v) => v.keys(),
            Screen::Import(f) => f.keys(),
            Screen::Wizard(w) => w.keys(),
            Screen::Job(j) => j.keys(now_ms),
            Screen::EnvAdd(f) => f.keys(),
            Screen::Compare(v) => v.keys(),
            Screen::Overview(v) => v.keys(),
            Screen::Setup(v) => v.keys(),
            Screen::Switch(v) => v.keys(),
            Screen::Frontend(v) => v.keys(),
            Screen::Checklist(v) => v.keys(),
            Screen::Gen2(v) => v.keys(),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Screen::Wizard(w) if w.is_edit() => "Edit auth resource",
            Screen::Wizard(w) if w.is_recreate() => "DELETE AND RECREATE auth resource",
            Screen::Wizard(_) => "Create auth resource",
            Screen::Job(_) => "Job",
            Screen::Apps(_) => "Apps",
            Screen::Envs(_) => "Environments",
            Screen::Env(_) => "Environment",
            Screen::Config(_) => "Auth config",
            Screen::Jobs(_) => "Job history",
            Screen::Import(_) => "Import",
            Screen::EnvAdd(f) if f.envs.is_empty() => "Set up a backend",
            Screen::EnvAdd(_) => "Add environment",
            Screen::Compare(_) => "Compare",
            Screen::Overview(_) => "Account overview",
            Screen::Setup(_) => "Set up",
            Screen::Switch(_) => "Switch account",
            Screen::Frontend(_) => "Frontend config file",
            Screen::Checklist(_) => "Provider checklist",
            Screen::Gen2(_) => "Gen 2 backend",
        }
    }
}

impl App {
    /// Whether a text input on the screen has the focus (printable keys are text then).
    pub fn screen_typing(&self) -> bool {
        match &self.screen {
            Screen::Wizard(w) => w.typing(),
            Screen::Import(_) | Screen::EnvAdd(_) | Screen::Frontend(_) => true,
            Screen::Apps(v) => v.list.filtering,
            Screen::Envs(v) => v.list.filtering,
            Screen::Env(v) => v.list.filtering,
            Screen::Jobs(v) => v.list.filtering,
            Screen::Overview(v) => v.list.filtering,
            Screen::Setup(v) => v.picker.typing(),
            Screen::Switch(v) => v.picker.typing(),
            Screen::Config(_)
            | Screen::Job(_)
            | Screen::Compare(_)
            | Screen::Checklist(_)
            | Screen::Gen2(_) => false,
        }
    }

    /// The text input that has the focus, if any: typed keys and pastes go here, whatever the
    /// screen or popup (the delete confirmation, a wizard field, an Import field, a list filter).
    pub fn focused_input(&mut self) -> Option<&mut dyn TextInput> {
        match &mut self.popup {
            Some(Popup::ConfirmDelete { input, .. }) => return Some(input),
            Some(_) => return None,
            None => {}
        }
        match &mut self.screen {
            Screen::Wizard(w) => {
                let id = w.focused().filter(|_| w.step != Step::Review)?;
                if w.is_read_only(id) {
                    return None;
                }
                Some(w.field_mut(id))
            }
            Screen::Import(f) => Some(f.focused_input()),
            Screen::EnvAdd(f) => Some(f.focused_input()),
            Screen::Frontend(v) => Some(&mut v.path),
            Screen::Apps(v) => v.list.filter_input().map(|i| i as &mut dyn TextInput),
            Screen::Envs(v) => v.list.filter_input().map(|i| i as &mut dyn TextInput),
            Screen::Env(v) => v.list.filter_input().map(|i| i as &mut dyn TextInput),
            Screen::Jobs(v) => v.list.filter_input().map(|i| i as &mut dyn TextInput),
            Screen::Overview(v) => v.list.filter_input().map(|i| i as &mut dyn TextInput),
            Screen::Setup(v) => v.picker.input().map(|i| i as &mut dyn TextInput),
            Screen::Switch(v) => v.picker.input().map(|i| i as &mut dyn TextInput),
            Screen::Config(_)
            | Screen::Job(_)
            | Screen::Compare(_)
            | Screen::Checklist(_)
            | Screen::Gen2(_) => None,
        }
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
