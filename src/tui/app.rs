//! The model: one `App` holding the current screen, and the `Msg` and `Effect` types that drive it.

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::aws::{ApiError, AppSummary, BackendInfo, Job, JobRef};
use crate::domain::AuthConfig;
use crate::domain::update::UpdateAuthConfig;

use super::screens::apps::AppsView;
use super::screens::config_view::ConfigView;
use super::screens::env::EnvView;
use super::screens::envs::EnvsView;
use super::screens::import::ImportForm;
use super::screens::job::JobPane;
use super::screens::jobs::JobsView;
use super::widgets::LineInput;
use super::wizard::Wizard;

/// Everything that can happen to the app. `Debug` is written by hand below: a paste or a key file
/// may be a private key.
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// SIGTERM, SIGHUP, SIGQUIT: leave now, through the normal restore path.
    Signal(&'static str),
    /// Time passed (only sent while something animates, e.g. a job is running).
    Tick,
    AppsLoaded(Result<Vec<AppSummary>, ApiError>),
    EnvsLoaded {
        app_id: String,
        result: Result<Vec<String>, ApiError>,
    },
    KeyFileRead {
        path: PathBuf,
        result: Result<Vec<u8>, String>,
    },
    Submitted {
        generation: u64,
        result: Result<JobRef, ApiError>,
    },
    JobPolled {
        generation: u64,
        result: Result<Job, ApiError>,
    },
    Verified {
        generation: u64,
        result: Result<AuthConfig, ApiError>,
    },
    BackendLoaded {
        generation: u64,
        result: Result<BackendInfo, ApiError>,
    },
    AuthLoaded {
        generation: u64,
        result: Result<AuthConfig, ApiError>,
    },
    JobsLoaded {
        generation: u64,
        result: Result<Vec<Job>, ApiError>,
    },
    /// The SDK is retrying a call made for the job pane `generation` ("retrying 2/3").
    Attempt {
        generation: u64,
        note: crate::aws::progress::AttemptNote,
    },
    /// A draft could not be written or deleted.
    DraftError(String),
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Msg::Key(k) => write!(f, "Key({k:?})"),
            Msg::Paste(t) => write!(f, "Paste({} bytes)", t.len()),
            Msg::Resize(w, h) => write!(f, "Resize({w}, {h})"),
            Msg::Signal(s) => write!(f, "Signal({s})"),
            Msg::Tick => write!(f, "Tick"),
            Msg::AppsLoaded(r) => write!(f, "AppsLoaded({r:?})"),
            Msg::EnvsLoaded { app_id, result } => write!(f, "EnvsLoaded({app_id}, {result:?})"),
            Msg::KeyFileRead { path, result } => write!(
                f,
                "KeyFileRead({}, {})",
                path.display(),
                match result {
                    Ok(b) => format!("{} bytes", b.len()),
                    Err(e) => e.clone(),
                }
            ),
            Msg::Submitted { generation, result } => {
                write!(f, "Submitted({generation}, {result:?})")
            }
            Msg::JobPolled { generation, result } => {
                write!(f, "JobPolled({generation}, {result:?})")
            }
            // Configs print their secrets masked (`Secret`'s Debug).
            Msg::Verified { generation, result } => write!(f, "Verified({generation}, {result:?})"),
            Msg::BackendLoaded { generation, result } => {
                write!(f, "BackendLoaded({generation}, {result:?})")
            }
            Msg::AuthLoaded { generation, result } => {
                write!(f, "AuthLoaded({generation}, {result:?})")
            }
            Msg::JobsLoaded { generation, result } => {
                write!(f, "JobsLoaded({generation}, {result:?})")
            }
            Msg::Attempt { generation, note } => write!(f, "Attempt({generation}, {note:?})"),
            Msg::DraftError(e) => write!(f, "DraftError({e})"),
        }
    }
}

/// What to submit.
#[derive(Clone, Debug)]
pub enum Request {
    Create(AuthConfig),
    Update(UpdateAuthConfig),
    Delete,
    Import {
        user_pool_id: String,
        web_client_id: String,
        native_client_id: String,
        identity_pool_id: Option<String>,
    },
}

impl Request {
    pub fn operation(&self) -> &'static str {
        match self {
            Request::Create(_) => "CreateBackendAuth",
            Request::Update(_) => "UpdateBackendAuth",
            Request::Delete => "DeleteBackendAuth",
            Request::Import { .. } => "ImportBackendAuth",
        }
    }
}

/// Work for the runner; results come back as `Msg`s.
#[derive(Debug)]
pub enum Effect {
    LoadApps,
    LoadEnvs {
        app_id: String,
    },
    ReadKeyFile {
        path: PathBuf,
    },
    Submit {
        generation: u64,
        app_id: String,
        env: String,
        resource: String,
        request: Box<Request>,
    },
    PollJob {
        generation: u64,
        app_id: String,
        env: String,
        job_id: String,
        after: Duration,
    },
    ReadAuth {
        generation: u64,
        app_id: String,
        env: String,
        resource: String,
    },
    LoadBackend {
        generation: u64,
        app_id: String,
        env: Option<String>,
    },
    LoadAuth {
        generation: u64,
        app_id: String,
        env: String,
        resource: String,
    },
    LoadJobs {
        generation: u64,
        app_id: String,
        env: String,
    },
    /// Write the wizard's draft (secrets already left out) as `<dir>/<id>.json`.
    SaveDraft {
        dir: PathBuf,
        draft: Box<super::draft::Draft>,
    },
    DeleteDraft {
        dir: PathBuf,
        id: String,
    },
    Quit,
}

/// Something loaded from the service.
#[derive(Clone, Debug, Default)]
pub enum Load<T> {
    #[default]
    NotAsked,
    Loading,
    Loaded(T),
    Failed(String),
}

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
}

#[derive(Clone, Debug, PartialEq)]
pub enum Popup {
    Help,
    ConfirmQuit,
    /// Leaving a wizard with input asks first.
    ConfirmDiscard,
    /// Delete asks for the resource name to be typed. With `then_create`, the resource is
    /// created again with that config once the delete has completed (delete and recreate).
    ConfirmDelete {
        app_id: String,
        env: String,
        resource: String,
        input: LineInput,
        then_create: Option<Box<AuthConfig>>,
    },
    /// At start-up: a wizard left unfinished; resume or discard it.
    ResumeDraft {
        id: String,
        draft: Box<super::draft::Draft>,
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

/// Where the app is talking to, for the header.
#[derive(Clone, Debug)]
pub struct Context {
    pub region: String,
    /// "sandbox http://127.0.0.1:…" or "AWS profile default".
    pub target: String,
}

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
    pub drafts_waiting: Vec<super::draft::Found>,
    /// A resumed edit draft waiting for its resource's config to be read.
    pub resume_pending: Option<(Box<super::draft::Draft>, String)>,
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
        }
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
            _ => false,
        };
        dirty(&self.screen) || self.back.iter().any(dirty)
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
