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

/// A sandbox seeded with the demo app (as `serve --demo` seeds it), with in-memory state and
/// the other options from `opts`.
pub async fn demo_with(opts: SandboxOptions) -> Env {
    start_with(
        SandboxOptions {
            state: StatePath::Memory,
            demo: true,
            ..opts
        },
        tempfile::tempdir().expect("temp dir"),
    )
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
    /// Creates the app (if needed) and its backend environment and waits for its job, so the next job can start.
    pub async fn add_backend(&self, app: &str, env: &str) {
        // The app exists first, as the Amplify console makes it: CreateBackend answers 404 for
        // an app that does not exist.
        self.sandbox
            .seed_app(app, "headless-test")
            .await
            .expect("the app is seeded");
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
        wait_job(&self.clients, app, env, job_id).await
    }

    /// Writes a file into the test's temp dir and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p: PathBuf = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write test file");
        p.to_string_lossy().into_owned()
    }

    /// Creates auth resource `resource` of the test app from `cfg` with `create --input --wait`
    /// (the file is `<resource>.json` in the temp dir) and checks the job COMPLETED (exit 0).
    pub async fn create_wait(&self, resource: &str, cfg: &amplify_auth::domain::AuthConfig) {
        let file = self.file(&format!("{resource}.json"), &create_doc(resource, cfg));
        let run = self.run(&["create", "--input", &file, "--wait"]).await;
        assert_eq!(run.code, amplify_auth::exit_code::OK, "{run:?}");
    }

    /// Runs the command line (without the program name) with no terminal and empty stdin.
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, "", Terminal::default()).await
    }

    /// `command --app-id APP --env ENV args…`: a command on the test app and environment.
    pub async fn run_scoped(&self, command: &str, args: &[&str]) -> Run {
        let mut all = vec![command, "--app-id", APP, "--env", ENV];
        all.extend_from_slice(args);
        self.run(&all).await
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

/// Polls a job until it finishes and returns its status (no timing assertions: only the end
/// state matters).
pub async fn wait_job(clients: &Clients, app: &str, env: &str, job_id: &str) -> String {
    for _ in 0..600 {
        let job = clients
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

/// Changes only the password policy's minimum length of the demo app's auth in `env`, straight
/// through the SDK (as another client would), and waits for the job to complete.
pub async fn set_demo_min_length(clients: &Clients, env: &str, n: f64) {
    use amplify_auth::domain::update::{UpdateAuthConfig, UpdateUserPoolConfig};
    use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
    let cfg = clients
        .get_auth(DEMO_APP_ID, env, DEMO_AUTH_RESOURCE)
        .await
        .expect("GetBackendAuth");
    let mut policy = cfg.user_pool.password_policy.clone().expect("policy");
    policy.minimum_length = n;
    let update = UpdateAuthConfig {
        auth_resources: cfg.auth_resources.clone(),
        service: cfg.service.clone(),
        user_pool: UpdateUserPoolConfig {
            password_policy: Some(policy),
            // An omitted Mfa is MFA OFF on the service: send the current one back.
            mfa: cfg.user_pool.mfa.clone(),
            ..Default::default()
        },
        ..Default::default()
    };
    let job = clients
        .update_auth(DEMO_APP_ID, env, DEMO_AUTH_RESOURCE, &update)
        .await
        .expect("UpdateBackendAuth");
    let status = wait_job(
        clients,
        DEMO_APP_ID,
        env,
        job.job_id.as_deref().expect("job id"),
    )
    .await;
    assert_eq!(status, "COMPLETED");
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
    use amplify_auth::domain::OAuthScope;
    with_hosted_ui_scopes(
        project,
        vec![OAuthScope::Email, OAuthScope::OpenId],
        providers,
    )
}

/// Like [`with_hosted_ui`], with other OAuth scopes.
pub fn with_hosted_ui_scopes(
    project: &str,
    scopes: Vec<amplify_auth::domain::OAuthScope>,
    providers: amplify_auth::domain::SocialProviders,
) -> amplify_auth::domain::AuthConfig {
    use amplify_auth::domain::*;
    let mut cfg = samples::default_config(project);
    cfg.user_pool.oauth = Some(OAuthConfig {
        domain_prefix: Some(format!("{project}-headless-test")),
        grant_type: OAuthGrantType::Code,
        scopes,
        redirect_sign_in_uris: vec!["https://app.example.com/".into()],
        redirect_sign_out_uris: vec!["https://app.example.com/signout/".into()],
        social_providers: Some(providers),
        ..Default::default()
    });
    cfg
}

/// Google with client id `123456789012-<tag>.apps.googleusercontent.com` and `secret`.
pub fn google(tag: &str, secret: &str) -> amplify_auth::domain::ProviderClient {
    use amplify_auth::domain::*;
    ProviderClient {
        client_id: Some(format!("123456789012-{tag}.apps.googleusercontent.com")),
        client_secret: Some(Secret::new(secret)),
        ..Default::default()
    }
}

/// Sign in with Apple for service id `com.example.<tag>.signin`, with the tests' key id
/// `KEYID12345`, team id `TEAMID1234` and `private_key` (a key body or a reference).
pub fn apple(tag: &str, private_key: &str) -> amplify_auth::domain::AppleProvider {
    use amplify_auth::domain::*;
    AppleProvider {
        client_id: Some(format!("com.example.{tag}.signin")),
        key_id: Some("KEYID12345".into()),
        private_key: Some(Secret::new(private_key)),
        team_id: Some("TEAMID1234".into()),
        ..Default::default()
    }
}

/// What a console user does to pool `pool` outside the tool: adds the custom attribute `tenant`
/// and the group `admins`, through the SDK's own cognito-idp client against the sandbox.
pub async fn console_custom_attribute_and_group(env: &Env, pool: &str) {
    let idp = &env.clients.cognito_idp();
    idp.add_custom_attributes()
        .user_pool_id(pool)
        .custom_attributes(
            aws_sdk_cognitoidentityprovider::types::SchemaAttributeType::builder()
                .name("tenant")
                .attribute_data_type(
                    aws_sdk_cognitoidentityprovider::types::AttributeDataType::String,
                )
                .build(),
        )
        .send()
        .await
        .expect("AddCustomAttributes");
    idp.create_group()
        .user_pool_id(pool)
        .group_name("admins")
        .send()
        .await
        .expect("CreateGroup");
}
