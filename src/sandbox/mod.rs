//! The local AmplifyBackend sandbox: a real HTTP server that the AWS SDKs, boto3 and the AWS CLI
//! talk to unchanged (point `AWS_ENDPOINT_URL` at it).
//!
//! - Routes, member names and input constraints come from the model facts (`crate::model`).
//! - Requests must be signed (SigV4) with the sandbox's own key pair, for the sandbox's region.
//! - Mutating calls start jobs that finish after [`SandboxOptions::job_duration`]; their change
//!   becomes visible only then, and one job at a time runs per app and environment.
//! - State lives in SQLite (a file, or memory for tests) and survives restarts.
//!
//! Implemented: CreateBackend, CloneBackend (see `handlers/clone`), GetBackend, Create/Get/Update/Delete/ImportBackendAuth,
//! GetBackendJob, ListBackendJobs, and Amplify CreateApp, ListApps and ListBackendEnvironments
//! (CreateBackend answers 404 for an app that does not exist). The other
//! AmplifyBackend operations are recognised and answered with a 400 naming them.
//! ListBackendJobs lists newest first, 25 per page by default (the model's maximum).

mod cognito_account;
mod cognito_live;
mod cognito_names;
mod cognito_template;
pub mod conn;
pub mod demo;
pub mod demo_apps;
mod errors;
mod faults;
mod files;
mod handlers;
mod ids;
mod jobs;
pub mod kept_credentials;
mod meta;
mod rate_limit;
mod read_back;
mod request_framing;
mod request_head;
pub mod rules;
pub mod serve_flags;
mod server;
pub mod sigv4;
mod store;
mod sts;
mod tls;
mod update_semantics;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use cognito_account::CognitoAccount;
pub use errors::ApiError;
pub use faults::{FailingRead, FaultConfig};
pub use files::create_private_dir_all;
pub use handlers::IMPLEMENTED;
pub use serve_flags::ServeFlags;
pub use store::{StateError, default_state_path};
pub use tls::default_ca_dir;

/// Where the state lives.
#[derive(Clone, Debug, PartialEq)]
pub enum StatePath {
    /// An SQLite file, created (mode 0600) when missing.
    File(PathBuf),
    /// Memory only, gone when the sandbox stops (tests).
    Memory,
}

#[derive(Clone)]
pub struct SandboxOptions {
    /// Address to listen on; port 0 picks a free port. Default `127.0.0.1:0`.
    pub listen: SocketAddr,
    pub state: StatePath,
    /// How long a job stays RUNNING. Default 3 s.
    pub job_duration: Duration,
    /// `(access key id, secret access key)`; a random pair per start when `None`.
    pub credentials: Option<(String, String)>,
    /// The one region requests may be signed for. Default `us-east-1`.
    pub region: String,
    /// Seed the demo app into an empty store.
    pub demo: bool,
    /// Seed this many generated apps (`serve --demo-apps`, see `demo_apps`).
    pub demo_apps: usize,
    /// Requests per second beyond which requests get 429 (`serve --rate-limit`).
    pub rate_limit: Option<f64>,
    pub faults: FaultConfig,
    /// Larger request bodies get 413. Default 1 MiB (auth configs are a few KiB).
    pub max_body_bytes: usize,
    /// GetBackendAuth returns the Facebook, Google and Amazon client secrets it stored. Off by
    /// default: the evidence does not settle whether the service returns them, and leaving them
    /// out is the answer a client must cope with (`serve --return-secrets` turns it on, so the
    /// client's other path stays testable). The Apple private key is never returned.
    pub return_secrets: bool,
    /// Serve HTTPS with a fresh CA whose certificate is written into this directory
    /// (`serve --tls`, see `tls.rs`); `None`: plain HTTP.
    pub tls_ca_dir: Option<PathBuf>,
    /// The Cognito pools that exist in the sandbox's account, which ImportBackendAuth can import
    /// (`serve --cognito FILE`); `demo` adds the demo account's pools.
    pub cognito: CognitoAccount,
    /// Timeouts and the connection limit (see `conn.rs`).
    pub connections: conn::ConnLimits,
}

impl std::fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("listen", &self.listen)
            .field("state", &self.state)
            .field("job_duration", &self.job_duration)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|(k, _)| (k, "••••••••")),
            )
            .field("region", &self.region)
            .field("demo", &self.demo)
            .field("demo_apps", &self.demo_apps)
            .field("rate_limit", &self.rate_limit)
            .field("faults", &self.faults)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("return_secrets", &self.return_secrets)
            .field("tls_ca_dir", &self.tls_ca_dir)
            .field("cognito_user_pools", &self.cognito.user_pools.len())
            .field("connections", &self.connections)
            .finish()
    }
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            state: StatePath::Memory,
            job_duration: Duration::from_secs(3),
            credentials: None,
            region: "us-east-1".into(),
            demo: false,
            demo_apps: 0,
            rate_limit: None,
            faults: FaultConfig::default(),
            max_body_bytes: 1024 * 1024,
            return_secrets: false,
            tls_ca_dir: None,
            cognito: CognitoAccount::default(),
            connections: conn::ConnLimits::default(),
        }
    }
}

/// Why the sandbox could not start.
#[derive(Debug)]
pub enum SandboxError {
    /// The state file is unusable (not ours, corrupt, newer version, unwritable).
    State(StateError),
    /// Listening or serving failed.
    Io(std::io::Error),
    Other(String),
}

impl std::fmt::Display for SandboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SandboxError::State(e) => write!(f, "sandbox state: {e}"),
            SandboxError::Io(e) => write!(f, "sandbox server: {e}"),
            SandboxError::Other(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for SandboxError {}

/// A running sandbox. Dropping it leaves the server running until the runtime ends; call
/// [`SandboxHandle::shutdown`] to stop it cleanly.
pub struct SandboxHandle {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    pub local_addr: SocketAddr,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub region: String,
    pub state: StatePath,
    /// The CA certificate to trust (`AWS_CA_BUNDLE`) when serving HTTPS.
    pub ca_file: Option<PathBuf>,
    faults: Arc<RwLock<FaultConfig>>,
    job_duration: Arc<AtomicI64>,
    store: Arc<store::Store>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for SandboxHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHandle")
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"••••••••")
            .field("region", &self.region)
            .field("state", &self.state)
            .finish()
    }
}

impl SandboxHandle {
    /// Replaces the fault settings; takes effect on the next request.
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    pub fn faults(&self) -> FaultConfig {
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Changes how long jobs started from now on stay RUNNING.
    pub fn set_job_duration(&self, d: Duration) {
        self.job_duration.store(millis(d), Ordering::Relaxed);
    }

    /// Makes app `app_id` named `name` if it does not exist yet, as the Amplify console would
    /// have (Amplify `CreateApp` picks the id itself; tests that address a known id use this).
    /// The id must match the Amplify model's `d[a-z0-9]+`, as every id ListApps returns does.
    pub async fn seed_app(&self, app_id: &str, name: &str) -> Result<(), ApiError> {
        if !ids::is_app_id(app_id) {
            return Err(ApiError::bad_request(format!(
                "app id {app_id:?} does not match d[a-z0-9]+"
            )));
        }
        let store = self.store.clone();
        let (app_id, name) = (app_id.to_string(), name.to_string());
        tokio::task::spawn_blocking(move || {
            store.transaction(|tx| {
                if store::get_app(tx, &app_id)?.is_none() {
                    store::insert_app(tx, &app_id, &name, ids::now_ms())?;
                }
                Ok(())
            })
        })
        .await
        .map_err(|e| ApiError::internal(format!("seeding app {e}")))?
    }

    /// Stops accepting connections, lets requests in flight finish (up to 5 s), then returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

fn millis(d: Duration) -> i64 {
    d.as_millis().min(i64::MAX as u128) as i64
}

/// Starts the sandbox on a background task of the current tokio runtime.
pub async fn start(opts: SandboxOptions) -> Result<SandboxHandle, SandboxError> {
    let mut cognito = opts.cognito.clone();
    if opts.demo {
        cognito.extend(cognito_account::demo_account(&opts.region));
    }
    let store = open_and_seed(&opts, cognito.clone()).await?;

    let fresh = || {
        (
            format!("AKIASBX{}", ids::upper_alnum(13)),
            ids::mixed_alnum(40),
        )
    };
    // A state on disk keeps its credentials beside it, so clients survive a restart.
    let (access_key_id, secret_access_key) = match (&opts.credentials, &opts.state) {
        (Some(c), _) => c.clone(),
        (None, StatePath::File(p)) => kept_credentials::load_or_make(p, fresh)?,
        (None, StatePath::Memory) => fresh(),
    };
    let faults = Arc::new(RwLock::new(opts.faults.clone()));
    let job_duration = Arc::new(AtomicI64::new(millis(opts.job_duration)));
    let store = Arc::new(store);
    let shared = Arc::new(server::Shared {
        store: store.clone(),
        creds: sigv4::Credentials {
            access_key_id: access_key_id.clone(),
            secret_access_key: secret_access_key.clone(),
        },
        region: opts.region.clone(),
        job_duration_ms: job_duration.clone(),
        faults: faults.clone(),
        max_body_bytes: opts.max_body_bytes,
        return_secrets: opts.return_secrets,
        cognito: Arc::new(cognito),
    });
    let (listener, local_addr, tls) = listen(&opts).await?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = rate_limit::wrap(server::router(shared), opts.rate_limit);
    let ca_file = tls.as_ref().map(|(_, path)| path.clone());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let acceptor = tls.map(|(acceptor, _)| acceptor);
    let task = tokio::spawn(conn::serve(
        listener,
        app,
        acceptor,
        opts.connections,
        stopped,
    ));
    Ok(SandboxHandle {
        endpoint: format!("{scheme}://{local_addr}"),
        ca_file,
        local_addr,
        access_key_id,
        secret_access_key,
        region: opts.region,
        state: opts.state,
        faults,
        job_duration,
        store,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Opens the state (blocking: SQLite) and seeds it: the demo data and apps when asked, and the
/// live Cognito pools, the account's and one set per auth resource that has none yet.
async fn open_and_seed(
    opts: &SandboxOptions,
    account: CognitoAccount,
) -> Result<store::Store, SandboxError> {
    let state = opts.state.clone();
    let region = opts.region.clone();
    let demo = opts.demo;
    let demo_apps = opts.demo_apps;
    tokio::task::spawn_blocking(move || {
        let store = store::Store::open(&state).map_err(SandboxError::State)?;
        if demo {
            store
                .transaction(|tx| demo::seed(tx, &region, ids::now_ms()))
                .map_err(|e| SandboxError::Other(format!("seeding the demo data failed: {e}")))?;
        }
        if demo_apps > 0 {
            store
                .transaction(|tx| demo_apps::seed(tx, &region, ids::now_ms(), demo_apps))
                .map_err(|e| SandboxError::Other(format!("seeding the demo apps failed: {e}")))?;
        }
        store
            .transaction(|tx| cognito_live::seed(tx, &account, &region))
            .map_err(|e| SandboxError::Other(format!("seeding the Cognito pools failed: {e}")))?;
        Ok::<_, SandboxError>(store)
    })
    .await
    .map_err(|e| SandboxError::Other(format!("opening the state failed: {e}")))?
}

type Listening = (
    tokio::net::TcpListener,
    SocketAddr,
    Option<(tokio_rustls::TlsAcceptor, PathBuf)>,
);

/// The listening socket, its address and, with `--tls`, the acceptor and the CA file written
/// for clients (the certificate names the bound address, so it is made after binding).
async fn listen(opts: &SandboxOptions) -> Result<Listening, SandboxError> {
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .map_err(|e| {
            SandboxError::Io(std::io::Error::new(
                e.kind(),
                format!("cannot listen on {}: {e}", opts.listen),
            ))
        })?;
    let local_addr = listener.local_addr().map_err(SandboxError::Io)?;
    let tls = match &opts.tls_ca_dir {
        Some(dir) => {
            let id = tls::generate(local_addr)?;
            Some((
                id.acceptor,
                tls::write_ca(dir, local_addr.port(), &id.ca_pem)?,
            ))
        }
        None => None,
    };
    Ok((listener, local_addr, tls))
}

/// Shell lines that point the AWS CLI, boto3 and the SDKs at the sandbox.
pub fn export_lines(handle: &SandboxHandle) -> String {
    let ca = match &handle.ca_file {
        Some(p) => format!("export AWS_CA_BUNDLE={}\n", p.display()),
        None => String::new(),
    };
    ca + &format!(
        "export AWS_ENDPOINT_URL={}\n\
         export AWS_ACCESS_KEY_ID={}\n\
         export AWS_SECRET_ACCESS_KEY={}\n\
         export AWS_REGION={}\n\
         export AWS_DEFAULT_REGION={}\n",
        handle.endpoint,
        handle.access_key_id,
        handle.secret_access_key,
        handle.region,
        handle.region
    )
}

/// What to tell the user when the sandbox is to listen where other machines can reach it; `None`
/// on a loopback address (the default).
pub fn exposure_warning(listen: &SocketAddr) -> Option<String> {
    let ip = listen.ip().to_canonical();
    if ip.is_loopback() {
        return None;
    }
    let reach = if ip.is_unspecified() {
        "every network interface of this machine"
    } else {
        "a network interface of this machine"
    };
    Some(format!(
        "warning: --listen {listen} is not a loopback address: the sandbox will accept connections on {reach}, \
         from any machine that can reach it. Requests must still be signed with the printed key pair, \
         but the traffic is plain HTTP, and the auth settings it carries include client secrets and private keys. \
         Use 127.0.0.1 (the default) unless you mean it."
    ))
}

/// Starts the sandbox, prints the export lines on stdout (first, so `eval "$(… | head -5)"`
/// works), serves until Ctrl-C or SIGTERM, then shuts down cleanly.
pub async fn serve_until_signal(opts: SandboxOptions) -> Result<(), SandboxError> {
    use std::io::Write;
    // Listening for the signals starts before the export lines go out: whoever reads them may
    // send SIGTERM at once, and without a handler that would kill the process mid-write instead
    // of stopping it cleanly.
    let stop = StopSignals::install().map_err(SandboxError::Io)?;
    if let Some(w) = exposure_warning(&opts.listen) {
        eprintln!("{w}");
    }
    let handle = start(opts).await?;
    {
        let mut out = std::io::stdout().lock();
        out.write_all(export_lines(&handle).as_bytes())
            .and_then(|_| out.flush())
            .map_err(SandboxError::Io)?;
    }
    match &handle.state {
        StatePath::File(p) => eprintln!(
            "amplify-auth sandbox listening on {} (state: {}). Ctrl-C stops it.",
            handle.endpoint,
            p.display()
        ),
        StatePath::Memory => eprintln!(
            "amplify-auth sandbox listening on {} (state in memory). Ctrl-C stops it.",
            handle.endpoint
        ),
    }
    stop.wait().await;
    eprintln!("amplify-auth sandbox stopping");
    handle.shutdown().await;
    Ok(())
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), caught from the moment of [`StopSignals::install`].
struct StopSignals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                int: signal(SignalKind::interrupt())?,
                term: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_non_loopback_addresses_are_warned_about() {
        let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
        for quiet in [
            "127.0.0.1:0",
            "127.0.0.2:8080",
            "[::1]:0",
            "[::ffff:127.0.0.1]:0",
        ] {
            assert_eq!(exposure_warning(&addr(quiet)), None, "{quiet}");
        }
        let all = exposure_warning(&addr("0.0.0.0:4000")).unwrap();
        assert!(all.contains("0.0.0.0:4000"), "{all}");
        assert!(all.contains("every network interface"), "{all}");
        for loud in ["[::]:0", "192.168.1.20:0", "10.0.0.1:0"] {
            let w = exposure_warning(&addr(loud)).unwrap();
            assert!(w.starts_with("warning:") && w.contains("127.0.0.1"), "{w}");
        }
        assert_eq!(
            SandboxOptions::default().listen,
            addr("127.0.0.1:0"),
            "loopback unless told otherwise"
        );
    }

    #[test]
    fn debug_output_never_shows_the_secret_key() {
        let opts = SandboxOptions {
            credentials: Some(("AKIAEXAMPLE".into(), "very-secret-value".into())),
            ..Default::default()
        };
        let text = format!("{opts:?}");
        assert!(text.contains("AKIAEXAMPLE"));
        assert!(!text.contains("very-secret-value"), "{text}");
    }
}
