//! Helpers for the headless command tests: an in-process sandbox, the real command line parsed
//! with clap, and the commands run in-process on captured streams.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use amplify_auth::aws::{self, Clients, Timeouts};
use amplify_auth::cli::{Cli, Command};
use amplify_auth::headless::{self, Scope, Streams, Terminal};
use amplify_auth::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};
use clap::Parser;

/// A running sandbox and clients pointed at it (static credentials: no AWS files are read).
pub struct Env {
    pub sandbox: SandboxHandle,
    pub clients: Clients,
    pub dir: tempfile::TempDir,
}

/// What a command did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

pub const APP: &str = "d0headless01";
pub const ENV: &str = "dev";

pub async fn start(job_duration: Duration) -> Env {
    start_in(
        StatePath::Memory,
        job_duration,
        tempfile::tempdir().expect("temp dir"),
    )
    .await
}

/// Like [`with_backend`], on a sandbox started with `return_secrets` (GetBackendAuth gives the
/// Facebook / Google / Amazon client secrets back, never the Apple key): the client's path for a
/// service that returns them.
pub async fn with_backend_returning_secrets(job_duration: Duration) -> Env {
    with_backend_opts(SandboxOptions {
        job_duration,
        return_secrets: true,
        ..SandboxOptions::default()
    })
    .await
}

/// Like [`with_backend`], with other sandbox options (in-memory state).
pub async fn with_backend_opts(opts: SandboxOptions) -> Env {
    let env = start_with(
        SandboxOptions {
            state: StatePath::Memory,
            ..opts
        },
        tempfile::tempdir().expect("temp dir"),
    )
    .await;
    env.add_backend(APP, ENV).await;
    env
}

async fn start_in(state: StatePath, job_duration: Duration, dir: tempfile::TempDir) -> Env {
    let opts = SandboxOptions {
        state,
        job_duration,
        ..SandboxOptions::default()
    };
    start_with(opts, dir).await
}

/// A sandbox started with `opts` (demo apps, a rate limit, …) and clients pointed at it.
pub async fn start_with(opts: SandboxOptions, dir: tempfile::TempDir) -> Env {
    let sandbox = sandbox::start(opts).await.expect("sandbox starts");
    let clients = aws::clients_from_static(
        &sandbox.endpoint,
        &sandbox.access_key_id,
        &sandbox.secret_access_key,
        &sandbox.region,
        Timeouts::default(),
    );
    Env {
        sandbox,
        clients,
        dir,
    }
}

/// Like [`with_backend`], with the state in a file, so [`Env::restart`] can change the job
/// duration once the backend exists (its own job must finish before auth jobs can start).
pub async fn with_backend_on_disk(job_duration: Duration) -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = StatePath::File(dir.path().join("sandbox.sqlite"));
    let env = start_in(state, job_duration, dir).await;
    env.add_backend(APP, ENV).await;
    env
}

/// A sandbox with app [`APP`] and environment [`ENV`] ready for auth jobs.
pub async fn with_backend(job_duration: Duration) -> Env {
    let env = start(job_duration).await;
    env.add_backend(APP, ENV).await;
    env
}

impl Env {
    /// Creates the app's backend environment and waits for its job, so the next job can start.
    pub async fn add_backend(&self, app: &str, env: &str) {
        let job = self
            .clients
            .create_backend(app, "headless-test", env)
            .await
            .expect("CreateBackend");
        self.wait_job(app, env, job.job_id.as_deref().expect("job id"))
            .await;
    }

    /// Polls a job until it finishes (no timing assertions: only the end state matters).
    pub async fn wait_job(&self, app: &str, env: &str, job_id: &str) -> String {
        for _ in 0..600 {
            let job = self
                .clients
                .get_job(app, env, job_id)
                .await
                .expect("GetBackendJob");
            if job.status.is_finished() {
                return job.status.to_string();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("job {job_id} did not finish");
    }

    /// Writes a file into the test's temp dir and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p: PathBuf = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write test file");
        p.to_string_lossy().into_owned()
    }

    /// Runs the command line (without the program name) with no terminal and empty stdin.
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, "", Terminal::default()).await
    }

    pub async fn run_with(&self, args: &[&str], stdin: &str, terminal: Terminal) -> Run {
        run_cli(Some(&self.clients), args, stdin, terminal).await
    }

    /// The jobs of the test app and environment, straight from the service.
    pub async fn job_count(&self) -> usize {
        self.clients
            .list_jobs(APP, ENV, &Default::default())
            .await
            .expect("ListBackendJobs")
            .len()
    }

    /// Restarts the sandbox on the same state with another job duration.
    pub async fn restart(self, job_duration: Duration) -> Env {
        let state = self.sandbox.state.clone();
        assert!(
            matches!(state, StatePath::File(_)),
            "restart needs state on disk"
        );
        self.sandbox.shutdown().await;
        start_in(state, job_duration, self.dir).await
    }

    pub async fn stop(self) {
        self.sandbox.shutdown().await;
    }
}

/// Parses `args` with the real command line and runs the headless command in-process.
pub async fn run_cli(
    clients: Option<&Clients>,
    args: &[&str],
    stdin: &str,
    terminal: Terminal,
) -> Run {
    let cli = Cli::try_parse_from(std::iter::once("amplify-auth").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("the command line {args:?} does not parse: {e}"));
    let Some(Command::Headless(cmd)) = &cli.command else {
        panic!("{args:?} is not a headless command");
    };
    let scope = Scope {
        app_id: cli.app_id.clone(),
        env: cli.env.clone(),
    };
    let mut input = stdin.as_bytes();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = {
        let mut io = Streams {
            stdin: &mut input,
            stdout: &mut out,
            stderr: &mut err,
            terminal,
        };
        headless::run_command(cmd, &scope, clients, &mut io).await
    };
    Run {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// A `create-backend-auth --cli-input-json` document for the test app.
pub fn create_doc(resource: &str, config: &amplify_auth::domain::AuthConfig) -> String {
    let v = serde_json::json!({
        "AppId": APP,
        "BackendEnvironmentName": ENV,
        "ResourceName": resource,
        "ResourceConfig": config,
    });
    serde_json::to_string_pretty(&v).expect("encode")
}

/// `default_config(project)` with a hosted UI (domain `<project>-headless-test`, code grant,
/// email and openid scopes) and the given social providers.
pub fn with_hosted_ui(
    project: &str,
    providers: amplify_auth::domain::SocialProviders,
) -> amplify_auth::domain::AuthConfig {
    use amplify_auth::domain::*;
    let mut cfg = samples::default_config(project);
    cfg.user_pool.oauth = Some(OAuthConfig {
        domain_prefix: Some(format!("{project}-headless-test")),
        grant_type: OAuthGrantType::Code,
        scopes: vec![OAuthScope::Email, OAuthScope::OpenId],
        redirect_sign_in_uris: vec!["https://app.example.com/".into()],
        redirect_sign_out_uris: vec!["https://app.example.com/signout/".into()],
        social_providers: Some(providers),
    });
    cfg
}
