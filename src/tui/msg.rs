//! The messages in and the effects out of `update`, and the small shapes they carry.
//!
//! A leaf: it imports no screen and not `app`, so screens can use `Load`, `Effect` and `Target`
//! without forming an import loop through `Screen` (which names every screen).

use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::aws::{ApiError, AppSummary, BackendInfo, Job, JobRef};
use crate::domain::AuthConfig;
use crate::domain::update::UpdateAuthConfig;

/// The app, environment and auth resource a change or a read is about. It travels together
/// through effects, the job pane, drafts and the delete confirmation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub app_id: String,
    pub env: String,
    /// Empty for an import (the service names the imported resource).
    pub resource: String,
}

impl Target {
    /// Trims what the user typed, once, here.
    pub fn new(app_id: &str, env: &str, resource: &str) -> Target {
        Target {
            app_id: app_id.trim().to_string(),
            env: env.trim().to_string(),
            resource: resource.trim().to_string(),
        }
    }
}

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
    /// The resource as read again just before a whole-state submit (`Effect::ReadBeforeSend`).
    ReadBeforeSend {
        generation: u64,
        result: Result<AuthConfig, ApiError>,
    },
    /// The live Cognito pool as read just before an update (`live_choice::check_live`): sent
    /// on, or what to ask.
    LiveBeforeSend {
        generation: u64,
        check: Box<super::live_gate::LiveCheck>,
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
    /// The live Cognito pool of the config view `generation` (issue 26; never fails as a whole:
    /// failed reads are in it).
    LiveLoaded {
        generation: u64,
        live: Box<crate::domain::live::LivePool>,
    },
    /// The SDK is retrying a call made for the job pane `generation` ("retrying 2/3").
    Attempt {
        generation: u64,
        note: crate::aws::progress::AttemptNote,
    },
    /// A draft could not be written or deleted.
    DraftError(String),
    /// The account overview's loader sent something (rows, progress, the end).
    Overview {
        generation: u64,
        event: crate::aws::overview::OverviewEvent,
    },
    /// The connection asked for by `Effect::Connect` `generation` is up (the runner already
    /// holds its clients) or could not be made.
    Connected {
        generation: u64,
        result: Result<crate::session::SessionInfo, Problem>,
    },
    /// The account id behind the clients (STS GetCallerIdentity), for the header.
    AccountLoaded(Result<String, String>),
    /// The user's AWS profiles, for a picker.
    ProfilesListed(Result<crate::aws::Profiles, String>),
    /// A file the user asked for (the frontend config) was written, or not.
    FileWritten {
        path: PathBuf,
        outcome: WriteOutcome,
    },
    /// A value was copied (`Ok`: how) or could not be.
    Copied(Result<String, String>),
    /// The drafts of `Effect::CheckDrafts`, each settled with its job, to offer.
    DraftsChecked(Vec<super::wizard::draft_file::Found>),
}

/// How writing a file the user asked for ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file exists and overwriting was not confirmed.
    Exists,
    Failed(String),
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
            Msg::ReadBeforeSend { generation, result } => {
                write!(f, "ReadBeforeSend({generation}, {result:?})")
            }
            Msg::LiveBeforeSend { generation, check } => match &**check {
                super::live_gate::LiveCheck::Found(x) => write!(
                    f,
                    "LiveBeforeSend({generation}, {} member(s) changed outside Amplify)",
                    x.conflicts.len()
                ),
                other => write!(f, "LiveBeforeSend({generation}, {other:?})"),
            },
            Msg::BackendLoaded { generation, result } => {
                write!(f, "BackendLoaded({generation}, {result:?})")
            }
            Msg::AuthLoaded { generation, result } => {
                write!(f, "AuthLoaded({generation}, {result:?})")
            }
            Msg::JobsLoaded { generation, result } => {
                write!(f, "JobsLoaded({generation}, {result:?})")
            }
            Msg::LiveLoaded { generation, live } => {
                write!(f, "LiveLoaded({generation}, {live:?})")
            }
            Msg::Attempt { generation, note } => write!(f, "Attempt({generation}, {note:?})"),
            Msg::DraftError(e) => write!(f, "DraftError({e})"),
            Msg::Overview { generation, event } => write!(f, "Overview({generation}, {event:?})"),
            Msg::Connected { generation, result } => {
                write!(f, "Connected({generation}, {result:?})")
            }
            Msg::AccountLoaded(r) => write!(f, "AccountLoaded({r:?})"),
            Msg::ProfilesListed(r) => write!(f, "ProfilesListed({r:?})"),
            Msg::FileWritten { path, outcome } => {
                write!(f, "FileWritten({}, {outcome:?})", path.display())
            }
            Msg::Copied(r) => write!(f, "Copied({r:?})"),
            Msg::DraftsChecked(found) => write!(f, "DraftsChecked({} found)", found.len()),
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
    /// CreateBackend: the target's environment, empty. CreateBackend wants the app's name.
    CreateBackend {
        app_name: String,
    },
    /// CloneBackend: the target's environment as a copy of `from`.
    CloneBackend {
        from: String,
    },
}

impl Request {
    pub fn operation(&self) -> &'static str {
        match self {
            Request::Create(_) => "CreateBackendAuth",
            Request::Update(_) => "UpdateBackendAuth",
            Request::Delete => "DeleteBackendAuth",
            Request::Import { .. } => "ImportBackendAuth",
            Request::CreateBackend { .. } => "CreateBackend",
            Request::CloneBackend { .. } => "CloneBackend",
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
        target: Target,
        request: Box<Request>,
        /// An update is first checked against the live Cognito pool (`live_choice`).
        live: super::live_gate::LiveGate,
    },
    PollJob {
        generation: u64,
        app_id: String,
        env: String,
        job_id: String,
        after: Duration,
    },
    /// Read the resource again just before a whole-state submit, to merge what changed meanwhile
    /// (`domain::merge`); the pane sends the request only after this.
    ReadBeforeSend {
        generation: u64,
        target: Target,
    },
    /// Re-read the resource after a job completed, to check it holds what was expected
    /// (`LoadAuth` is the plain load for the config view).
    VerifyAuth {
        generation: u64,
        target: Target,
    },
    LoadBackend {
        generation: u64,
        app_id: String,
        env: Option<String>,
    },
    LoadAuth {
        generation: u64,
        target: Target,
    },
    LoadJobs {
        generation: u64,
        app_id: String,
        env: String,
    },
    /// Read the live Cognito pool the meta names, for the config view `generation`.
    LoadLive {
        generation: u64,
        meta: Box<crate::aws::AuthResourceMeta>,
    },
    /// Write the wizard's draft (secrets already left out) as `<dir>/<id>.json`.
    SaveDraft {
        dir: PathBuf,
        draft: Box<super::wizard::draft_file::Draft>,
    },
    DeleteDraft {
        dir: PathBuf,
        id: String,
    },
    /// Write the draft marked with the submit it goes out as, and only once it is on disk (after
    /// every write queued before it) perform `submit`: a kill after sending leaves the trace.
    SubmitAfterDraft {
        dir: PathBuf,
        draft: Box<super::wizard::draft_file::Draft>,
        submit: Box<Effect>,
    },
    /// Check the submitted drafts among `found` against their jobs (`draft_job::reconcile`, which
    /// retires applied ones from `dir`); the drafts come back as `Msg::DraftsChecked`.
    CheckDrafts {
        dir: PathBuf,
        found: Vec<super::wizard::draft_file::Found>,
    },
    /// Start loading the account overview (replacing any load still running).
    LoadOverview {
        generation: u64,
        request: crate::aws::overview::OverviewRequest,
    },
    /// Stop the overview load `generation` (requests in flight are abandoned).
    StopOverview {
        generation: u64,
    },
    /// Build new clients for `to` and use them from now on (the runner replaces its clients;
    /// results of calls made with the old ones are dropped).
    Connect {
        generation: u64,
        to: ConnectTo,
    },
    /// Ask who the clients act for (once; the clients remember it).
    LoadAccount,
    /// Read the user's AWS config and credentials files for the profile picker.
    ListProfiles,
    /// Write a file the user asked for (the frontend config); an existing file only with
    /// `overwrite`.
    WriteFile {
        path: PathBuf,
        text: String,
        overwrite: bool,
    },
    /// Write project files (the Gen 2 export), making their folders; each `(path, text,
    /// overwrite)` answers with its own `FileWritten`.
    WriteProjectFiles {
        files: Vec<(PathBuf, String, bool)>,
    },
    /// Copy to the clipboard (OSC 52, and the system clipboard on a local session).
    Copy {
        label: String,
        text: String,
    },
    Quit,
}

/// What the user picked to connect to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectTo {
    /// A profile (`None`: the environment and the SDK's defaults) and a region (`None`: the
    /// profile's or `AWS_REGION`).
    Aws {
        profile: Option<String>,
        region: Option<String>,
    },
    /// The embedded sandbox, as `--sandbox` opens it.
    Sandbox,
}

/// Why a connection could not be made, in plain words, and the exit code quitting then returns
/// (the headless table's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub exit_code: i32,
}

/// A submit that can be sent again.
#[derive(Clone, Debug)]
pub struct Submission {
    pub target: Target,
    pub request: Request,
    pub expect: Expect,
    /// For a whole-state change (an edit, a delete-and-recreate): what it was made from, so the
    /// resource is read again and merged before anything is sent. `None`: sent as it is.
    pub guard: Option<Box<Guard>>,
}

/// A whole-state change and the read it was made from. Every update carries the whole state, so
/// sending it over a change someone made meanwhile would revert theirs without anyone seeing it:
/// the job pane reads the resource again, merges (`domain::merge::merge3`) and sends only a
/// merge with no conflict left.
#[derive(Clone, Debug, PartialEq)]
pub struct Guard {
    /// The config as read when the edit started.
    pub base: AuthConfig,
    /// The edited config (the whole state the person means).
    pub mine: AuthConfig,
}

/// What the service should hold once the job completes, checked by re-reading it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Config(Box<AuthConfig>),
    /// The resource is gone (a delete).
    Deleted,
    /// Nothing to check (an import, or a job picked from the history).
    Nothing,
}

/// What a screen's key handler asks of the app: the screen changes only its own state and
/// returns one of these for `update` to carry out (open another screen, start a job, quit).
/// Keeping screens off `App` is what keeps this a leaf and the screens free of import loops.
#[derive(Debug)]
pub enum Cmd {
    None,
    /// The add-environment form's clone: re-judge the source's auth in the new environment
    /// before sending (`EnvAddForm::start_check`).
    CheckClone,
    /// Effects for the runner, nothing else changes.
    Effects(Vec<Effect>),
    Quit,
    Help,
    /// `edit --input`: write the wizard back to its file (`edit_file_save`).
    SaveFile,
    /// Help: scroll by so many lines (`i16::MIN`/`MAX`: to the top or the end).
    ScrollHelp(i16),
    /// Back one screen (quit at the root), re-reading the one returned to.
    Back,
    /// Re-read what this screen shows.
    Reload,
    OpenEnvs {
        app_id: String,
    },
    /// The whole account at a glance.
    OpenOverview,
    /// Run these effects, then go back one screen (the overview: stop loading, then leave).
    Leave(Vec<Effect>),
    OpenEnv {
        app_id: String,
        env: String,
    },
    OpenConfig {
        target: Target,
        meta: Option<crate::aws::AuthResourceMeta>,
    },
    OpenJobs {
        app_id: String,
        env: String,
    },
    OpenImport {
        app_id: String,
        env: String,
    },
    /// The create wizard for this app and environment (either may be empty).
    Create {
        app_id: String,
        env: String,
    },
    /// The edit wizard, or with `recreate` the delete-and-recreate wizard, on a config.
    Edit {
        target: Target,
        config: Box<AuthConfig>,
        recreate: bool,
    },
    /// Ask for the resource name before deleting.
    ConfirmDelete(Target),
    /// Ask for the resource name before deleting and creating again with `config`.
    ConfirmRecreate {
        target: Target,
        /// The config to create (`mine`) and the one read when the wizard opened (`base`).
        guard: Box<Guard>,
    },
    /// The wizard's app field changed: fill its environment picker from what is loaded, or read
    /// the app's environments.
    AppChanged,
    /// Esc on the wizard's first step: leave it (asking first if input would be lost).
    LeaveWizard,
    /// The form adding a backend environment (empty, or cloned from `from`).
    AddEnv {
        app_id: String,
        app_name: String,
        envs: Vec<String>,
        from: Option<String>,
    },
    /// Two auth configs side by side; an empty `resource` means the environment's only one.
    Compare {
        left: Target,
        right: Target,
    },
    /// The wizard on `target` filled with `source`'s values: an edit of the target's config
    /// (`target_config`), or a create when the target has no auth yet.
    Promote {
        source: Box<AuthConfig>,
        source_resource: String,
        target: Target,
        target_config: Option<Box<AuthConfig>>,
    },
    /// Open a job pane over this screen and send the request.
    StartJob(Box<Submission>),
    /// Follow a job that already exists in a new job pane.
    Follow(Box<Job>),
    /// Job pane: it completed; back to where the change started.
    JobDone,
    /// Job pane: back to the input that started it, unchanged.
    LeaveJob,
    /// Job pane: leave it and send the same request again.
    RetryJob(Box<Submission>),
    /// Connect to another profile, region or the sandbox (setup screen, account picker).
    Connect(ConnectTo),
    /// Open the profile and region picker.
    SwitchAccount,
    /// Re-read the AWS profiles (after `aws configure` in another terminal).
    ListProfiles,
    /// Config screen: write the frontend config file of this resource.
    OpenFrontend {
        target: Target,
        config: Box<AuthConfig>,
        meta: Option<crate::aws::AuthResourceMeta>,
    },
    /// Config screen: the resource as a Gen 2 backend (preview, then write).
    OpenGen2 {
        target: Target,
        config: Box<AuthConfig>,
        meta: Option<crate::aws::AuthResourceMeta>,
        /// The config screen's live pool, when it is loaded: the export uses its facts.
        live: Option<Box<crate::domain::live::LivePool>>,
    },
    /// Config screen: the provider checklists of this resource.
    OpenChecklist {
        target: Target,
        config: Box<AuthConfig>,
        meta: Option<crate::aws::AuthResourceMeta>,
    },
    /// Job pane: a FAILED job's decoded field; back to the wizard with what was submitted,
    /// on that field (`field` is a JSON path below `ResourceConfig`, like a finding's).
    FixField {
        field: Option<String>,
        retry: Box<Submission>,
    },
}

/// What screens may read of the app while handling a key or drawing (read-only, owned by `App`).
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    pub apps: &'a Load<Vec<AppSummary>>,
    pub now_ms: u64,
    pub wall_now: Option<std::time::SystemTime>,
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

impl<T> Load<T> {
    /// A service answer as shown on screen: the error text sanitised (it may echo input).
    pub fn from_api(result: Result<T, ApiError>) -> Load<T> {
        match result {
            Ok(v) => Load::Loaded(v),
            Err(e) => Load::Failed(crate::aws::sanitize_text(&e.to_string())),
        }
    }

    /// A list's "nothing here" message, said only of a list that was read: while it loads or
    /// after a failed read, an empty list says nothing about what is there.
    pub fn empty_note<'a>(&self, note: &'a str) -> &'a str {
        if matches!(self, Load::Loaded(_)) {
            note
        } else {
            ""
        }
    }
}
