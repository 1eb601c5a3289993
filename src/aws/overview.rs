//! The whole account at a glance (issue 16): every app, backend environment and auth resource,
//! with the posture findings of each, loaded concurrently and streamed out row by row.
//!
//! UI-independent: `audit` prints what arrives, a TUI screen shows rows as they come. The reads,
//! per app: ListBackendEnvironments; per environment: GetBackend (its auth resources),
//! ListBackendJobs (all pages) and GetBackendAuth per resource. ListApps is read page by page,
//! and the next page only once the apps of the last are under way, so memory stays flat however
//! many apps the account has: what is held is one page of apps, the environments waiting for a
//! slot, and the rows in the channel (bounded, so a slow reader slows the loader down).
//!
//! At most `concurrency` requests are in flight: each slot runs one app's listing or one
//! environment's reads, one call after another. Throttling the SDK could not absorb with its own
//! three attempts (it also stops retrying when its retry quota runs dry) is retried here with
//! exponential back-off and full jitter; every call still runs under the client's connect,
//! attempt and operation timeouts. A failed read becomes an error in its row; the rest loads.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::FuturesUnordered;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::client::Clients;
use super::error::{ApiError, ErrorKind};
use super::jobs::{Job, JobFilter, JobStatus};
use crate::domain::AuthConfig;
use crate::domain::posture::{self, JobFact, JobState, PostureFinding};

/// `--concurrency` when not given.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// Attempts per call at this level when the service throttles (each one is a whole SDK call with
/// its own retries). The deadline below is the real bound: 16 rather than 8 since a live pool's
/// reads (about ten at once per resource) joined the record's, so that under a limit far below
/// the demand a read keeps its turn until the deadline instead of giving up while slots free
/// (`serve --rate-limit 3` with 8 slots lost 1–2 of 5 live pools at 8 attempts).
const THROTTLE_ATTEMPTS: u32 = 16;
/// Back-off before the first retry here, doubling each time up to [`BACKOFF_CAP`]; the actual wait
/// is random between zero and that (full jitter), so many slots do not retry in step.
const BACKOFF_BASE: Duration = Duration::from_millis(250);
const BACKOFF_CAP: Duration = Duration::from_secs(4);
/// How long the back-off may go on, counted from the first attempt: a wait that would end after
/// it is not started, so a call throttled without end gives up within about this long (plus the
/// attempt in flight, which has the client's own attempt and operation timeouts).
const BACKOFF_DEADLINE: Duration = Duration::from_secs(30);

/// What to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverviewRequest {
    /// Only this app (no ListApps call).
    pub app_id: Option<String>,
    /// Only environments with this name.
    pub env: Option<String>,
    /// Requests in flight at most (0 counts as 1).
    pub concurrency: usize,
    /// Also read each resource's live Cognito pool (issue 26) for the live posture findings.
    pub live: bool,
}

impl Default for OverviewRequest {
    fn default() -> Self {
        OverviewRequest {
            app_id: None,
            env: None,
            concurrency: DEFAULT_CONCURRENCY,
            live: true,
        }
    }
}

/// An auth resource's settings as the overview shows them; no secrets, no message templates.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthSummary {
    pub auth_resources: Word,
    pub sign_in_method: Word,
    pub mfa_mode: Option<Word>,
    pub mfa_types: Vec<Word>,
    pub password_minimum: Option<f64>,
    pub password_classes: Vec<Word>,
    /// Facebook, Google, LoginWithAmazon, SignInWithApple: those configured.
    pub providers: Vec<Word>,
    /// Unauthenticated identities allowed by the identity pool.
    pub guest_access: bool,
    pub oauth_grant: Option<Word>,
    pub domain_prefix: Option<String>,
}

/// A service enum's value as a summary keeps it: borrowed when this build knows the value, so an
/// overview of 10,000 apps holds no copies of "EMAIL" (issue 29: its peak RSS).
pub type Word = std::borrow::Cow<'static, str>;

impl AuthSummary {
    pub fn of(cfg: &AuthConfig) -> Self {
        let pool = &cfg.user_pool;
        let mut providers = Vec::new();
        if let Some(sp) = cfg.social_providers() {
            for (name, on) in [
                ("Facebook", sp.facebook.is_some()),
                ("Google", sp.google.is_some()),
                ("LoginWithAmazon", sp.login_with_amazon.is_some()),
                ("SignInWithApple", sp.sign_in_with_apple.is_some()),
            ] {
                if on {
                    providers.push(Word::Borrowed(name));
                }
            }
        }
        AuthSummary {
            auth_resources: cfg.auth_resources.to_word(),
            sign_in_method: pool.sign_in_method.to_word(),
            mfa_mode: pool.mfa.as_ref().map(|m| m.mode.to_word()),
            mfa_types: pool
                .mfa
                .as_ref()
                .and_then(|m| m.settings.as_ref())
                .and_then(|s| s.mfa_types.as_ref())
                .map(|v| v.iter().map(|x| x.to_word()).collect())
                .unwrap_or_default(),
            password_minimum: pool.password_policy.as_ref().map(|p| p.minimum_length),
            password_classes: pool
                .password_policy
                .as_ref()
                .and_then(|p| p.additional_constraints.as_ref())
                .map(|v| v.iter().map(|x| x.to_word()).collect())
                .unwrap_or_default(),
            providers,
            guest_access: cfg
                .identity_pool
                .as_ref()
                .is_some_and(|i| i.unauthenticated_login),
            oauth_grant: pool.oauth.as_ref().map(|o| o.grant_type.to_word()),
            domain_prefix: pool.oauth.as_ref().and_then(|o| o.domain_prefix.clone()),
        }
    }
}

/// One row: an auth resource of an environment, an environment without auth (`resource` and
/// `auth` are `None`), or an app whose environments could not be listed (`env` is `None` too).
#[derive(Clone, Debug)]
pub struct OverviewRow {
    pub app_id: String,
    /// Empty when unknown (`--app-id` given and GetBackend failed).
    pub app_name: String,
    pub env: Option<String>,
    pub resource: Option<String>,
    /// Boxed: a third of an account's rows have no auth, and a summary is about 250 bytes.
    pub auth: Option<Box<AuthSummary>>,
    /// The environment's newest job by creation time.
    pub last_job: Option<Job>,
    /// The resource's config findings, then the environment's job findings.
    pub findings: Vec<PostureFinding>,
    /// Reads that failed for this row; whatever did load is still filled in.
    pub errors: Vec<ApiError>,
}

/// How far loading has got. The totals grow as apps and environments are discovered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OverviewProgress {
    /// Apps found so far, and whether every page of apps has been read.
    pub apps_found: usize,
    pub apps_complete: bool,
    /// Apps whose environments have been listed (or failed to).
    pub apps_listed: usize,
    /// Environments found so far, and those fully read (rows sent).
    pub envs_found: usize,
    pub envs_done: usize,
    pub rows: usize,
    /// Rows with at least one failed read.
    pub rows_with_errors: usize,
}

impl OverviewProgress {
    /// "12 of 40 environments (3 of 20 apps listed…), 1 error": for a status line.
    pub fn describe(&self) -> String {
        let apps = if self.apps_complete && self.apps_listed == self.apps_found {
            let s = if self.apps_found == 1 { "" } else { "s" };
            format!("{} app{s}", self.apps_found)
        } else {
            let s = if self.apps_found == 1 && self.apps_complete {
                ""
            } else {
                "s"
            };
            format!(
                "{} of {}{} app{s} listed",
                self.apps_listed,
                self.apps_found,
                if self.apps_complete { "" } else { "+" }
            )
        };
        let errors = match self.rows_with_errors {
            0 => String::new(),
            1 => ", 1 with errors".to_string(),
            n => format!(", {n} with errors"),
        };
        let s = if self.envs_found == 1 { "" } else { "s" };
        format!(
            "{} of {} environment{s} read ({apps}){errors}",
            self.envs_done, self.envs_found
        )
    }
}

/// What the loader sends, in order: any number of `Rows` and `Progress`, then exactly one of
/// `Done` or `Failed` (unless it was cancelled or the receiver went away).
#[derive(Clone, Debug)]
pub enum OverviewEvent {
    /// The rows of one environment (or one app-level error row), complete.
    Rows {
        rows: Vec<OverviewRow>,
        progress: OverviewProgress,
    },
    /// Totals changed without new rows (a page of apps, an app's environments listed).
    Progress(OverviewProgress),
    /// Everything is loaded.
    Done(OverviewProgress),
    /// Nothing could be loaded: the first read (ListApps, or the app given) failed.
    Failed(ApiError),
}

/// A running load: events arrive on `events`; dropping the handle or calling
/// [`OverviewHandle::cancel`] stops it (requests in flight are abandoned).
pub struct OverviewHandle {
    pub events: mpsc::Receiver<OverviewEvent>,
    task: JoinHandle<()>,
}

impl OverviewHandle {
    pub fn cancel(&self) {
        self.task.abort();
    }
}

impl Drop for OverviewHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts loading on a task of the current runtime.
pub fn spawn_overview(clients: Clients, request: OverviewRequest) -> OverviewHandle {
    let (tx, events) = mpsc::channel(request.concurrency.max(1) * 2);
    let task = tokio::spawn(async move { load_overview(&clients, &request, tx).await });
    OverviewHandle { events, task }
}

/// An app as the loader carries it.
struct App {
    id: String,
    name: String,
}

/// One slot's work and its result.
enum Finished {
    AppsPage(Result<(Vec<App>, Option<String>), ApiError>),
    Envs(Arc<App>, Result<Vec<String>, ApiError>),
    Env(Vec<OverviewRow>),
}

/// Loads and sends events until everything is read, the receiver is dropped, or the task is
/// aborted. Runs on the caller's task (for a caller that manages its own).
pub async fn load_overview(
    clients: &Clients,
    request: &OverviewRequest,
    tx: mpsc::Sender<OverviewEvent>,
) {
    let slots = request.concurrency.max(1);
    let mut progress = OverviewProgress::default();
    let mut apps: VecDeque<Arc<App>> = VecDeque::new();
    let mut envs: VecDeque<(Arc<App>, String)> = VecDeque::new();
    // `Some(token)`: another ListApps page to read (`Some(None)` is the first one).
    let mut next_page: Option<Option<String>> = None;
    let mut page_in_flight = false;
    match &request.app_id {
        Some(id) => {
            apps.push_back(Arc::new(App {
                id: id.clone(),
                name: String::new(),
            }));
            progress.apps_found = 1;
            progress.apps_complete = true;
        }
        None => next_page = Some(None),
    }
    let mut running: FuturesUnordered<BoxFuture<'_, Finished>> = FuturesUnordered::new();
    let mut first_read = true;
    loop {
        // Environments first (they make rows), then apps to list, then the next page of apps
        // once no app is waiting, so only one page is held at a time.
        while running.len() < slots {
            if let Some((app, env)) = envs.pop_front() {
                let live = request.live;
                running.push(Box::pin(async move {
                    Finished::Env(load_env(clients, &app, &env, live).await)
                }));
            } else if let Some(app) = apps.pop_front() {
                running.push(Box::pin(list_envs(clients, app)));
            } else if !page_in_flight && let Some(token) = next_page.take() {
                page_in_flight = true;
                running.push(Box::pin(list_apps_page(clients, token)));
            } else {
                break;
            }
        }
        let Some(done) = running.next().await else {
            break;
        };
        let event = match done {
            Finished::AppsPage(Ok((page, next))) => {
                page_in_flight = false;
                first_read = false;
                progress.apps_found += page.len();
                apps.extend(page.into_iter().map(Arc::new));
                next_page = next.map(Some);
                progress.apps_complete = next_page.is_none();
                OverviewEvent::Progress(progress)
            }
            Finished::AppsPage(Err(e)) => {
                // Without the list of apps nothing else can load.
                let _ = tx.send(OverviewEvent::Failed(e)).await;
                return;
            }
            Finished::Envs(_, Err(e)) if first_read && request.app_id.is_some() => {
                // The one app asked for cannot be read: say so once, as a failure.
                let _ = tx.send(OverviewEvent::Failed(e)).await;
                return;
            }
            Finished::Envs(app, listed) => {
                first_read = false;
                envs_listed(app, listed, request, &mut progress, &mut envs)
            }
            Finished::Env(rows) => {
                progress.envs_done += 1;
                progress.rows += rows.len();
                progress.rows_with_errors += rows.iter().filter(|r| !r.errors.is_empty()).count();
                OverviewEvent::Rows { rows, progress }
            }
        };
        if tx.send(event).await.is_err() {
            return; // nobody is listening any more
        }
    }
    let _ = tx.send(OverviewEvent::Done(progress)).await;
}

/// An app's environments listed: the wanted ones queued to load, or the app's error as a row.
fn envs_listed(
    app: Arc<App>,
    listed: Result<Vec<String>, ApiError>,
    request: &OverviewRequest,
    progress: &mut OverviewProgress,
    envs: &mut VecDeque<(Arc<App>, String)>,
) -> OverviewEvent {
    progress.apps_listed += 1;
    match listed {
        Ok(names) => {
            let wanted = names
                .into_iter()
                .filter(|n| request.env.as_ref().is_none_or(|e| e == n));
            for name in wanted {
                progress.envs_found += 1;
                envs.push_back((app.clone(), name));
            }
            OverviewEvent::Progress(*progress)
        }
        Err(e) => {
            let row = app_error_row(&app, e);
            progress.rows += 1;
            progress.rows_with_errors += 1;
            OverviewEvent::Rows {
                rows: vec![row],
                progress: *progress,
            }
        }
    }
}

/// One page of ListApps.
async fn list_apps_page(clients: &Clients, token: Option<String>) -> Finished {
    let page = throttled(|| clients.list_apps_page(token.as_deref()))
        .await
        .map(|(apps, next)| {
            let apps = apps
                .into_iter()
                .map(|a| App {
                    id: a.app_id,
                    name: a.name,
                })
                .collect();
            (apps, next)
        });
    Finished::AppsPage(page)
}

/// The names of one app's backend environments.
async fn list_envs(clients: &Clients, app: Arc<App>) -> Finished {
    let listed = throttled(|| clients.list_backend_environments(&app.id))
        .await
        .map(|v| v.into_iter().map(|e| e.name).collect());
    Finished::Envs(app, listed)
}

/// The row of an app whose environments cannot be listed: the error is shown where the app is.
fn app_error_row(app: &App, e: ApiError) -> OverviewRow {
    OverviewRow {
        app_id: app.id.clone(),
        app_name: app.name.clone(),
        env: None,
        resource: None,
        auth: None,
        last_job: None,
        findings: Vec::new(),
        errors: vec![e],
    }
}

/// Reads one environment: its auth resources, its jobs and each resource's config.
async fn load_env(clients: &Clients, app: &App, env: &str, live: bool) -> Vec<OverviewRow> {
    let backend = throttled(|| clients.get_backend(&app.id, Some(env))).await;
    let all = JobFilter::default();
    let jobs = throttled(|| clients.list_jobs(&app.id, env, &all)).await;
    let now = SystemTime::now();
    let app_name = match &backend {
        Ok(b) if app.name.is_empty() => b.app_name.clone(),
        _ => app.name.clone(),
    };
    let (last_job, job_findings, job_error) = match jobs {
        Ok(jobs) => {
            let facts: Vec<JobFact> = jobs.iter().map(job_fact).collect();
            let findings = posture::job_findings(&facts, now);
            let last = jobs.into_iter().max_by_key(|j| j.create_time);
            (last, findings, None)
        }
        Err(e) => (None, Vec::new(), Some(e)),
    };
    let row = |resource: Option<String>| OverviewRow {
        app_id: app.id.clone(),
        app_name: app_name.clone(),
        env: Some(env.to_string()),
        resource,
        auth: None,
        last_job: last_job.clone(),
        findings: Vec::new(),
        errors: job_error.iter().cloned().collect(),
    };
    let resources = match backend {
        Ok(b) => b.auth_resources,
        Err(e) => {
            let mut r = row(None);
            r.errors.insert(0, e);
            r.findings = job_findings;
            return vec![r];
        }
    };
    if resources.is_empty() {
        let mut r = row(None);
        r.findings = job_findings;
        return vec![r];
    }
    let mut rows = Vec::with_capacity(resources.len());
    for res in resources {
        let mut r = row(Some(res.name.clone()));
        // The record and the live pool in parallel (the live reads never fail as a whole).
        let (record, live) = tokio::join!(
            throttled(|| clients.get_auth(&app.id, env, &res.name)),
            async {
                match live {
                    true => Some(Box::pin(clients.read_live_pool(&res)).await),
                    false => None,
                }
            }
        );
        match record {
            Ok(cfg) => {
                r.findings = posture::config_findings(env, &cfg);
                if let Some(l) = &live {
                    r.findings
                        .extend(crate::domain::live_posture::live_findings(&cfg, l));
                }
                r.auth = Some(Box::new(AuthSummary::of(&cfg)));
            }
            Err(e) => r.errors.insert(0, e),
        }
        r.findings.extend(job_findings.iter().cloned());
        // Kept for as long as the overview is open, for every resource of the account.
        r.findings.shrink_to_fit();
        rows.push(r);
    }
    rows
}

fn job_fact(j: &Job) -> JobFact {
    JobFact {
        job_id: j.job_id.clone(),
        operation: j.operation.clone(),
        state: match j.status {
            JobStatus::Running => JobState::Running,
            JobStatus::Completed => JobState::Completed,
            JobStatus::Failed => JobState::Failed,
            JobStatus::Other(_) => JobState::Other,
        },
        error: j.error.clone(),
        create_time: j.create_time,
    }
}

/// How [`throttled`] backs off: `attempts` calls at most, and no wait that would end after
/// `deadline` (from the first attempt); before retry `n` a random wait between zero and
/// `base × 2^(n-1)`, capped at `cap` (full jitter, so many slots do not retry in step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub attempts: u32,
    pub base: Duration,
    pub cap: Duration,
    pub deadline: Duration,
}

impl Backoff {
    pub const DEFAULT: Backoff = Backoff {
        attempts: THROTTLE_ATTEMPTS,
        base: BACKOFF_BASE,
        cap: BACKOFF_CAP,
        deadline: BACKOFF_DEADLINE,
    };

    /// The upper bound of the wait after failed attempt `n` (1-based).
    fn bound(&self, n: u32) -> Duration {
        self.base
            .saturating_mul(1u32 << (n.saturating_sub(1)).min(16))
            .min(self.cap)
    }
}

/// Runs `call` again while the service throttles it, as [`Backoff::DEFAULT`] says; any other
/// result is returned as it is.
///
/// Safe for the calls that change something too (CreateBackendAuth, UpdateBackendAuth, …): a
/// throttled request is refused before it is carried out, which is why the AWS SDKs and CLI
/// retry throttling errors for every operation, mutating ones included (the Rust SDK's standard
/// retry mode retries `TooManyRequestsException` by its code, whatever the operation: see
/// perf-reliability-anchors.md §3); this only goes on longer than their three attempts. No
/// AmplifyBackend-specific statement on throttling exists (service-behaviour-evidence.md §3.6);
/// the sandbox's throttle answers before the operation runs, as a throttle in front of a service
/// does. Any other error (a timeout, a 5xx, after which the request may have been carried out)
/// is returned at once.
pub async fn throttled<T, F, Fut>(call: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    throttled_with(Backoff::DEFAULT, call).await
}

pub async fn throttled_with<T, F, Fut>(backoff: Backoff, mut call: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let started = tokio::time::Instant::now();
    let mut attempt = 1;
    loop {
        match call().await {
            Err(e)
                if matches!(e.kind, ErrorKind::Throttled { .. }) && attempt < backoff.attempts =>
            {
                let left = backoff.deadline.saturating_sub(started.elapsed());
                let bound = backoff.bound(attempt).min(left);
                let wait = bound.mul_f64(rand::random::<f64>());
                if left.is_zero() {
                    // The deadline is reached: the throttling is reported as it is.
                    tracing::debug!(
                        operation = e.operation,
                        attempt,
                        "throttled; deadline reached"
                    );
                    return Err(e);
                }
                // "throttled, retrying" on the job pane, like the SDK's own retries.
                super::progress::note_throttled(e.operation, attempt, backoff.attempts, bound);
                tracing::debug!(
                    operation = e.operation,
                    attempt,
                    ?wait,
                    "throttled; backing off"
                );
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Issue 28: one app, one environment, one error row are said in the singular.
    #[test]
    fn progress_counts_say_one_in_the_singular() {
        let one = OverviewProgress {
            apps_found: 1,
            apps_complete: true,
            apps_listed: 1,
            envs_found: 1,
            envs_done: 1,
            rows: 1,
            rows_with_errors: 1,
        };
        assert_eq!(
            one.describe(),
            "1 of 1 environment read (1 app), 1 with errors"
        );
        let listing = OverviewProgress {
            apps_listed: 0,
            envs_done: 0,
            ..one
        };
        assert_eq!(
            listing.describe(),
            "0 of 1 environment read (0 of 1 app listed), 1 with errors"
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let b = Backoff::DEFAULT;
        assert_eq!(b.bound(1), Duration::from_millis(250));
        assert_eq!(b.bound(2), Duration::from_millis(500));
        assert_eq!(b.bound(4), Duration::from_secs(2));
        assert_eq!(b.bound(5), BACKOFF_CAP);
        assert_eq!(b.bound(40), BACKOFF_CAP);
    }

    const FAST: Backoff = Backoff {
        attempts: THROTTLE_ATTEMPTS,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(2),
        deadline: Duration::from_secs(30),
    };

    fn throttle() -> ApiError {
        ApiError::new(
            "GetBackend",
            ErrorKind::Throttled {
                code: Some("TooManyRequestsException".into()),
                message: "Rate exceeded".into(),
            },
            "",
        )
    }

    #[tokio::test]
    async fn throttling_is_retried_and_other_errors_are_not() {
        let calls = AtomicU32::new(0);
        let got = throttled_with(FAST, || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0..=2 => Err(throttle()),
                _ => Ok(7),
            }
        })
        .await;
        assert_eq!(got.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 4);

        let calls = AtomicU32::new(0);
        let got: Result<(), _> = throttled_with(FAST, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(ApiError::new("GetBackend", ErrorKind::Timeout, "slow"))
        })
        .await;
        assert!(matches!(got.unwrap_err().kind, ErrorKind::Timeout));
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // Endless throttling gives up after a bounded number of attempts, with the error.
        let calls = AtomicU32::new(0);
        let got: Result<(), _> = throttled_with(FAST, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(throttle())
        })
        .await;
        assert!(matches!(got.unwrap_err().kind, ErrorKind::Throttled { .. }));
        assert_eq!(calls.load(Ordering::SeqCst), THROTTLE_ATTEMPTS);
    }

    #[tokio::test]
    async fn the_back_off_ends_at_its_deadline_whatever_the_attempts_allow() {
        let endless = |deadline| Backoff {
            attempts: u32::MAX,
            deadline,
            ..FAST
        };
        // No time left: the first throttling is the answer, nothing is waited.
        let calls = AtomicU32::new(0);
        let got: Result<(), _> = throttled_with(endless(Duration::ZERO), || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(throttle())
        })
        .await;
        assert!(matches!(got.unwrap_err().kind, ErrorKind::Throttled { .. }));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Some time: retried, and it still ends (with the throttling) although the attempts
        // never run out.
        let calls = AtomicU32::new(0);
        let got: Result<(), _> = throttled_with(endless(Duration::from_millis(30)), || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(throttle())
        })
        .await;
        assert!(matches!(got.unwrap_err().kind, ErrorKind::Throttled { .. }));
        assert!(calls.load(Ordering::SeqCst) > 1);
    }

    #[test]
    fn progress_reads_as_a_status_line() {
        let p = OverviewProgress {
            apps_found: 20,
            apps_complete: false,
            apps_listed: 3,
            envs_found: 40,
            envs_done: 12,
            rows: 12,
            rows_with_errors: 1,
        };
        assert_eq!(
            p.describe(),
            "12 of 40 environments read (3 of 20+ apps listed), 1 with errors"
        );
        let done = OverviewProgress {
            apps_complete: true,
            apps_listed: 20,
            rows_with_errors: 0,
            ..p
        };
        assert_eq!(done.describe(), "12 of 40 environments read (20 apps)");
    }
}
