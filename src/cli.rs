//! Command-line interface: global flags, the TUI (no subcommand) and the subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use color_eyre::Result;

use crate::aws::{self, AwsSettings, Clients};
use crate::headless::{self, HeadlessCommand};
use crate::sandbox::{self, SandboxOptions, StatePath};
use crate::term_text::{SafeWriter, shown_block};
use crate::tui;

/// `--version`: the package version and the commit it was built from (see `build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("AMPLIFY_AUTH_COMMIT"),
    ")"
);

#[derive(Parser, Debug)]
#[command(
    name = "amplify-auth",
    version = VERSION,
    about = "Set up, browse and change the auth of AWS Amplify apps"
)]
pub struct Cli {
    /// AWS profile to use (default: AWS_PROFILE, then `default`).
    #[arg(long, global = true, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, then the profile's region).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send every call to this endpoint instead of AWS (e.g. a sandbox from `amplify-auth serve`).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Trust only the CA certificates in this PEM file for HTTPS (default: AWS_CA_BUNDLE, then
    /// the profile's `ca_bundle`, then the system's roots).
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_bundle: Option<PathBuf>,
    /// Run against an embedded local sandbox (no AWS account needed).
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// The Amplify app (the app opens on it; commands act on it).
    #[arg(long, global = true)]
    pub app_id: Option<String>,
    /// The backend environment (the app opens on it; commands act on it).
    #[arg(long = "env", global = true)]
    pub env: Option<String>,
    /// Open on the account overview: every app, environment and auth resource with its findings
    /// (only `--app-id`'s app and `--env`'s environments when given).
    #[arg(long)]
    pub overview: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the local AmplifyBackend sandbox server (prints `export` lines for `eval`).
    Serve {
        /// Address to listen on (loopback by default; port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: std::net::SocketAddr,
        /// State file (SQLite). Default: in the user's data directory. `:memory:` keeps nothing.
        #[arg(long)]
        state: Option<String>,
        /// How long a job runs before it completes.
        #[arg(long, default_value_t = 3.0)]
        job_seconds: f64,
        /// Seed a demo app with `dev` and `staging` environments.
        #[arg(long)]
        demo: bool,
        /// GetBackendAuth returns the Facebook/Google/Amazon client secrets (never Apple's key).
        #[arg(long)]
        return_secrets: bool,
        /// Serve HTTPS with a certificate made at start; its CA file is printed as an
        /// `AWS_CA_BUNDLE` export line.
        #[arg(long)]
        tls: bool,
        /// Run detached and return once it is up: prints the export lines and
        /// `AMPLIFY_AUTH_SANDBOX_PID` (`kill` it to stop), for `eval "$(…)"` in scripts.
        #[arg(long)]
        background: bool,
        #[command(flatten)]
        not_here: ClientFlags,
        #[command(flatten)]
        flags: sandbox::ServeFlags,
        /// A JSON list of Cognito user pools (with their app clients) and identity pools that
        /// exist in the sandbox's account, for ImportBackendAuth (format: README).
        #[arg(long, value_name = "FILE")]
        cognito: Option<PathBuf>,
    },
    #[command(flatten)]
    Headless(HeadlessCommand),
    /// Open a config file (the create --input shape, JSON or YAML) in the wizard: Ctrl-S saves
    /// it back with secret references kept, Ctrl-N (or F2) steps on and submits from the review
    /// (saving the file first). When its resource exists, the wizard edits it and submits an update (an
    /// update-shaped file is applied to what is deployed).
    Edit {
        /// The config file to edit.
        #[arg(long)]
        input: PathBuf,
        #[command(flatten)]
        secrets: headless::args::SecretAccessArgs,
    },
    /// Print shell completions, e.g. `amplify-auth completions bash`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        not_here: ClientFlags,
    },
    /// Print the man page (roff), e.g. `amplify-auth man | man -l -`; `--dir` writes one page
    /// per command instead.
    Man {
        /// Write amplify-auth.1 and a page per subcommand into this directory.
        #[arg(long, value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
}

/// The global flags that choose an AWS account, endpoint or app, declared again (hidden) on the
/// commands they mean nothing to, so their `--help` does not offer them (clap does not copy a
/// global flag into a command that has one of the same id) and giving one is an error.
#[derive(clap::Args, Debug, Default)]
pub struct ClientFlags {
    #[arg(long, id = "profile", hide = true)]
    profile: Option<String>,
    #[arg(long, id = "region", hide = true)]
    region: Option<String>,
    #[arg(long, id = "endpoint_url", hide = true)]
    endpoint_url: Option<String>,
    #[arg(long, id = "sandbox", hide = true)]
    sandbox: bool,
    #[arg(long, id = "app_id", hide = true)]
    app_id: Option<String>,
    #[arg(long = "env", id = "env", hide = true)]
    env: Option<String>,
}

impl ClientFlags {
    /// Given to a command that does not use them: a usage error naming them (exit code 2, as
    /// clap's own), rather than silently ignored.
    fn refuse(&self, command: &str) {
        let given: Vec<&str> = [
            (self.profile.is_some(), "--profile"),
            (self.region.is_some(), "--region"),
            (self.endpoint_url.is_some(), "--endpoint-url"),
            (self.sandbox, "--sandbox"),
            (self.app_id.is_some(), "--app-id"),
            (self.env.is_some(), "--env"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect();
        if !given.is_empty() {
            <Cli as clap::CommandFactory>::command()
                .error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "{} {} not apply to `amplify-auth {command}`; leave {} out",
                        given.join(", "),
                        if given.len() == 1 { "does" } else { "do" },
                        if given.len() == 1 { "it" } else { "them" },
                    ),
                )
                .exit();
        }
    }
}

/// `serve --cognito`: a list of pools is a few KiB; a file above this is the wrong file (and
/// `/dev/zero` or a FIFO is refused before reading).
const MAX_COGNITO_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A command line clap refused (or `--help` / `--version`): printed and its exit code returned.
/// An error may quote a flag's value, so it goes out through the terminal escaping, without
/// colour; help and version text are ours and keep clap's own printing.
pub fn usage_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return e.exit_code();
    }
    use std::io::Write as _;
    let mut err = SafeWriter::new(std::io::stderr());
    let _ = write!(err, "{}", e.render());
    e.exit_code()
}

/// Where logs go: a file, never the terminal the TUI owns.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = dirs::data_local_dir()?.join("amplify-auth").join("logs");
    // 0600 in a 0700 folder (tightened when found wider, and the data folder above it too),
    // rotated by size (`log_file`).
    crate::private_file::ensure_dir(dir.parent()?).ok()?;
    let file = crate::log_file::RotatingLog::open(&dir, "amplify-auth.log").ok()?;
    // The default queue holds 128,000 lines and is allocated up front: 4 MiB touched at every
    // start, a quarter of a headless command's memory (issue 8). Lines beyond the queue are
    // dropped (lossy), never blocking the UI.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(4096)
        .lossy(true)
        .finish(file);
    // The SDK's HTTP layer logs whole request bodies (with client secrets and the Apple key) at
    // trace level, so its caps always apply on top of the user's filter.
    use tracing_subscriber::Layer;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let user = std::env::var("AMPLIFY_AUTH_LOG").unwrap_or_else(|_| "amplify_auth=info".into());
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .with_ansi(false)
        .with_filter(aws::log::capped_filter(&user));
    tracing_subscriber::registry().with(layer).try_init().ok()?;
    Some(guard)
}

fn state_path(arg: Option<&str>) -> StatePath {
    match arg {
        Some(":memory:") => StatePath::Memory,
        Some(p) => StatePath::File(PathBuf::from(p)),
        None => StatePath::File(sandbox::default_state_path()),
    }
}

/// Whether this command runs on a single-threaded runtime: headless commands and completions.
pub fn wants_one_thread(cli: &Cli) -> bool {
    matches!(
        cli.command,
        Some(Command::Headless(_)) | Some(Command::Completions { .. }) | Some(Command::Man { .. })
    )
}

pub async fn run(cli: Cli) -> Result<i32> {
    let _guard = init_logging();
    if cli.overview && cli.command.is_some() {
        // The overview is a screen; `audit` is its headless form. Said, not ignored.
        <Cli as clap::CommandFactory>::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--overview opens the terminal UI and takes no command; for the same rows \
                 headless, run `amplify-auth audit`",
            )
            .exit();
    }
    match &cli.command {
        Some(Command::Serve {
            listen,
            state,
            job_seconds,
            demo,
            return_secrets,
            tls,
            background,
            not_here,
            flags,
            cognito,
        }) => {
            not_here.refuse("serve");
            if *background {
                return Ok(crate::serve_background::run());
            }
            let cognito = match cognito {
                None => sandbox::CognitoAccount::default(),
                Some(path) => match crate::bounded_file::read_regular(path, MAX_COGNITO_FILE_BYTES)
                    .map_err(|e| e.to_string())
                    .and_then(|b| {
                        String::from_utf8(b.to_vec()).map_err(|_| "it is not UTF-8 text".into())
                    })
                    .and_then(|t| sandbox::CognitoAccount::from_json(&t))
                {
                    Ok(account) => account,
                    // A bad seed file is a setup problem: a sentence, not a crash report.
                    Err(e) => {
                        eprintln!(
                            "amplify-auth: --cognito {}",
                            shown_block(&format!("{}: {e}", path.display()))
                        );
                        return Ok(crate::exit_code::USAGE);
                    }
                },
            };
            let opts = flags.apply(SandboxOptions {
                listen: *listen,
                state: state_path(state.as_deref()),
                job_duration: std::time::Duration::from_secs_f64(job_seconds.max(0.0)),
                demo: *demo,
                return_secrets: *return_secrets,
                tls_ca_dir: tls.then(sandbox::default_ca_dir),
                cognito,
                ..SandboxOptions::default()
            });
            // A state file or port that cannot be used is a setup problem: a sentence, not a
            // crash report.
            if let Err(e) = sandbox::serve_until_signal(opts).await {
                eprintln!(
                    "amplify-auth: the sandbox could not start: {}",
                    shown_block(&e.to_string())
                );
                return Ok(crate::exit_code::OTHER);
            }
            Ok(0)
        }
        Some(Command::Headless(cmd)) => Ok(run_headless(&cli, cmd).await),
        Some(Command::Completions { shell, not_here }) => {
            not_here.refuse("completions");
            let mut out = std::io::stdout().lock();
            Ok(headless::completions::write(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                &mut out,
            ))
        }
        Some(Command::Man { dir }) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = std::io::stdout().lock();
            Ok(headless::man::write(cmd, dir.as_deref(), &mut out))
        }
        None | Some(Command::Edit { .. }) => run_tui(&cli).await,
    }
}

/// A headless command on the process's own streams; returns its exit code (see `exit_code`).
async fn run_headless(cli: &Cli, cmd: &HeadlessCommand) -> i32 {
    let scope = headless::Scope {
        app_id: cli.app_id.clone(),
        env: cli.env.clone(),
    };
    let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
    // Both output streams show every control and bidi character escaped (`term_text`): whatever
    // a command prints of a file, a flag or a service answer cannot act on the terminal.
    let (mut stdin, mut stdout) = (stdin.lock(), SafeWriter::new(stdout.lock()));
    // Not locked for the whole command: the progress spinner (indicatif) draws on stderr from its
    // own thread, and a lock held here would deadlock it with the next status update.
    let mut stderr = SafeWriter::new(std::io::stderr());
    let mut io = headless::Streams {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
        terminal: headless::Terminal::detect(),
    };
    if cmd.is_offline() {
        return headless::run_command(cmd, &scope, None, &mut io).await;
    }
    let (clients, _target, sandbox) = match clients_for(cli).await {
        Ok(c) => c,
        Err(e) => {
            let (message, code) = start_failure(&e);
            let _ = writeln!(io.stderr, "error: {message}");
            return code;
        }
    };
    let code = headless::run_command(cmd, &scope, Some(&clients), &mut io).await;
    if let Some(h) = sandbox {
        h.shutdown().await;
    }
    code
}

/// The clients for this run, and the sandbox that must live as long as they are used.
pub async fn clients_for(cli: &Cli) -> Result<(Clients, String, Option<sandbox::SandboxHandle>)> {
    if cli.sandbox {
        let s = crate::session::embedded_sandbox().await?;
        return Ok((s.clients, s.info.label(), s.sandbox));
    }
    // Headless needs no header: the clients alone, without reading the profiles again.
    let clients = aws::try_connect(&base_settings(cli, true)).await?;
    let label = format!("AWS {}", clients.region);
    Ok((clients, label, None))
}

/// The connection the flags ask for: the embedded sandbox (`--sandbox`) or AWS, checked up front.
pub async fn session_for(cli: &Cli) -> Result<crate::session::Session> {
    if cli.sandbox {
        return Ok(crate::session::embedded_sandbox().await?);
    }
    Ok(crate::session::connect(&base_settings(cli, true)).await?)
}

/// The flags' AWS settings; without `profile_and_region`, only what a switch inside the TUI keeps
/// (the endpoint and CA bundle), the profile and region being picked there.
fn base_settings(cli: &Cli, profile_and_region: bool) -> AwsSettings {
    AwsSettings {
        profile: cli.profile.clone().filter(|_| profile_and_region),
        region: cli.region.clone().filter(|_| profile_and_region),
        endpoint_url: cli.endpoint_url.clone(),
        ca_bundle: cli.ca_bundle.clone(),
        ..AwsSettings::default()
    }
}

/// Home is the app list; `--app-id` and `--env` open their screens on top of it, so Esc still
/// walks back up.
pub fn start_screen(cli: &Cli, ctx: tui::app::Context) -> tui::app::App {
    use tui::app::{App, Screen};
    use tui::msg::Load;
    use tui::screens::{apps::AppsView, environment::EnvView, environments::EnvsView};
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx);
    if cli.overview {
        let request = aws::overview::OverviewRequest {
            app_id: cli.app_id.clone(),
            env: cli.env.clone(),
            ..Default::default()
        };
        let view = tui::screens::overview::OverviewView::new(request, 0);
        app.push(Screen::Overview(Box::new(view)));
        return app;
    }
    if let Some(id) = &cli.app_id {
        app.push(Screen::Envs(EnvsView {
            app_id: id.clone(),
            generation: 0,
            backend: Load::Loading,
            list: Default::default(),
        }));
        if let Some(env) = &cli.env {
            app.push(Screen::Env(EnvView::new(id, env, 0)));
        }
    }
    app
}

/// What to print and which exit code to return when no clients could be built: a setup problem
/// (no region, no credentials, an unknown profile, …) is a plain sentence with its code from the
/// headless table, not a crash report with source locations.
pub fn start_failure(e: &color_eyre::Report) -> (String, i32) {
    if let Some(p) = e.downcast_ref::<aws::ConnectProblem>() {
        return (p.to_string(), p.exit_code());
    }
    if let Some(s) = e.downcast_ref::<sandbox::SandboxError>() {
        return (
            format!("the sandbox could not start: {s}"),
            crate::exit_code::OTHER,
        );
    }
    (format!("could not connect: {e}"), crate::exit_code::SERVICE)
}

async fn run_tui(cli: &Cli) -> Result<i32> {
    // `--region`, else AWS_REGION: what the pickers' "default" region row stands for.
    let env_region = cli.region.clone().or_else(|| {
        ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|r| !r.trim().is_empty()))
    });
    // A setup problem opens the setup screen (issue 17): what is missing and the ways on.
    let (mut app, link, setup) = match session_for(cli).await {
        Ok(s) => {
            let ctx = tui::app::Context {
                region: s.info.region.clone(),
                target: s.info.label(),
            };
            let mut app = match &cli.command {
                Some(Command::Edit { input, secrets }) => {
                    match tui::wizard::edit_file::open_checked_with(
                        &s.clients,
                        input,
                        &s.info.region,
                        &secrets.access(),
                    )
                    .await
                    {
                        Ok((w, file)) => {
                            let mut app =
                                tui::app::App::new(tui::app::Screen::Wizard(Box::new(w)), ctx);
                            app.edit_file = Some(Box::new(file));
                            app
                        }
                        Err((e, code)) => {
                            eprintln!("amplify-auth: {}", shown_block(&e));
                            if let Some(h) = s.sandbox {
                                h.shutdown().await;
                            }
                            return Ok(code);
                        }
                    }
                }
                _ => start_screen(cli, ctx),
            };
            app.account.env_region = env_region;
            tui::account::started(&mut app, &s.info);
            let link = tui::runner::Link {
                clients: Some(s.clients),
                sandbox: s.sandbox,
                base: base_settings(cli, false),
            };
            (app, link, false)
        }
        Err(e) => match setup_screen(cli, &e, env_region).await {
            Ok(app) => {
                let link = tui::runner::Link {
                    clients: None,
                    sandbox: None,
                    base: base_settings(cli, false),
                };
                (app, link, true)
            }
            Err(code) => return Ok(code),
        },
    };
    offer_drafts(&mut app, &link, setup).await;
    // The terminal UI needs a terminal to draw on and read keys from: without one (a script, a
    // pipe, CI) a sentence and the usage code, never a crash report.
    {
        use std::io::IsTerminal;
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            let what = match &cli.command {
                Some(Command::Edit { .. }) => "`amplify-auth edit` opens the terminal UI",
                _ => "amplify-auth without a command opens the terminal UI",
            };
            eprintln!(
                "amplify-auth: {what}, which needs a terminal (stdin and stdout are not both one); in scripts use the headless commands, e.g. `amplify-auth get`, `amplify-auth update --input FILE` (see --help)"
            );
            return Ok(crate::exit_code::USAGE);
        }
    }
    let mut terminal = tui::terminal::enter(tui::panic_report::default_dir())?;
    let input = tui::terminal::input_stream();
    let result = tui::runner::run_linked(&mut terminal, app, input, link, |_, _| {}).await;
    tui::terminal::leave();
    let app = result?;
    Ok(exit_code(&app))
}

/// Without a session: the setup screen (issue 17), or `Err(code)` when there is no terminal to
/// show it on (a script, a pipe) or the command cannot run without a connection.
async fn setup_screen(
    cli: &Cli,
    e: &color_eyre::Report,
    env_region: Option<String>,
) -> std::result::Result<tui::app::App, i32> {
    let (message, exit_code) = start_failure(e);
    // No terminal to show a screen on (a script, a pipe): the plain sentence and code.
    // `edit --input` needs a connection to open the file's wizard on: the same.
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal())
        || matches!(cli.command, Some(Command::Edit { .. }))
    {
        eprintln!("amplify-auth: {}", shown_block(&message));
        return Err(exit_code);
    }
    let profiles = match aws::list_profiles().await {
        Ok(p) => tui::msg::Load::Loaded(p),
        Err(e) => tui::msg::Load::Failed(e.to_string()),
    };
    let ctx = tui::app::Context {
        region: cli.region.clone().unwrap_or_else(|| "no region".into()),
        target: "not connected".into(),
    };
    let problem = tui::msg::Problem { message, exit_code };
    let mut app = tui::account::setup_app(problem, profiles, env_region, ctx);
    if let tui::app::Screen::Setup(v) = &mut app.screen {
        v.then_open = cli.app_id.clone().map(|id| (id, cli.env.clone()));
    }
    Ok(app)
}

/// Drafts left by an earlier run (a crash, a kill, a closed terminal) are offered first (on
/// the setup screen: once connected). Under `edit --input` the file is the draft: none are
/// kept or offered beside it.
async fn offer_drafts(app: &mut tui::app::App, link: &tui::runner::Link, setup: bool) {
    if app.edit_file.is_none() {
        app.draft_dir = tui::wizard::draft_store::default_dir();
    }
    if let Some(dir) = &app.draft_dir {
        let mut found = tui::wizard::draft_store::scan(dir);
        // A draft that was submitted is checked against its job first (issue 24): applied ones
        // are retired, the others offered with what became of their job. On the setup screen
        // the check waits for the connection (`draft::check_waiting`).
        match &link.clients {
            Some(c) if !setup => found = tui::wizard::draft_job::reconcile(c, dir, found).await,
            _ => tui::wizard::draft_job::unchecked(&mut found),
        }
        if setup {
            tui::wizard::draft::queue(app, found);
        } else {
            tui::wizard::draft::offer(app, found);
        }
    }
}

/// The process's exit code when the terminal UI ends.
fn exit_code(app: &tui::app::App) -> i32 {
    // Ended by a signal: the shell convention, 128 + its number.
    match app.signal {
        Some("SIGHUP") => 129,
        Some("SIGINT") => 130,
        Some("SIGQUIT") => 131,
        Some("SIGTERM") => 143,
        // Quit from the setup screen: the problem's code, as headless would exit.
        _ => match &app.screen {
            tui::app::Screen::Setup(v) => v.problem.exit_code,
            _ => 0,
        },
    }
}
