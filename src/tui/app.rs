//! The model: one `App` holding the current screen, and the `Msg` and `Effect` types that drive it.

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::aws::{ApiError, AppSummary, Job, JobRef};
use crate::domain::AuthConfig;
use crate::domain::update::UpdateAuthConfig;

use super::screens::job::JobPane;
use super::wizard::Wizard;

/// Everything that can happen to the app.
#[derive(Debug)]
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
}

/// What to submit.
#[derive(Clone, Debug)]
pub enum Request {
    Create(AuthConfig),
    Update(UpdateAuthConfig),
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
    Wizard(Box<Wizard>),
    Job(Box<JobPane>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    Help,
    ConfirmQuit,
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
    /// The wizard as submitted, kept so a failed or refused submit can go back to it unchanged.
    pub last_wizard: Option<Box<Wizard>>,
    pub apps: Load<Vec<AppSummary>>,
    pub envs: std::collections::BTreeMap<String, Load<Vec<String>>>,
    pub popup: Option<Popup>,
    pub ctx: Context,
    /// Milliseconds since start, set by the runner before each update (tests set it by hand), so
    /// `update` and the view stay pure and snapshots stable.
    pub now_ms: u64,
    pub next_gen: u64,
    pub quit: bool,
    pub size: (u16, u16),
}

impl App {
    pub fn new(screen: Screen, ctx: Context) -> App {
        App {
            screen,
            last_wizard: None,
            apps: Load::NotAsked,
            envs: Default::default(),
            popup: None,
            ctx,
            now_ms: 0,
            next_gen: 1,
            quit: false,
            size: (80, 24),
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
        match &self.screen {
            Screen::Wizard(w) => w.dirty,
            Screen::Job(j) => !j.is_finished(),
        }
    }
}
