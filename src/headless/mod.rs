//! The headless commands, for scripts and CI: `get`, `create`, `update`, `delete`, `import`,
//! `jobs`, `job` and `validate` (`completions` lives in `cli`, which owns the whole command line).
//!
//! Configs are read and written in the AWS CLI's `--cli-input-json` shape, so files move freely
//! between this tool, the AWS CLI and git. Machine output goes to stdout, progress and messages to
//! stderr, and each kind of failure has its own exit code (see [`crate::exit_code`]).
//!
//! Every command runs through [`run_command`], which takes its streams and clients as arguments,
//! so tests drive the real commands in-process against a sandbox.

pub mod args;
pub mod audit;
pub mod completions;
pub mod man;
pub mod output;
pub mod rules;
pub mod secret_refs;
pub mod secrets;
pub mod wait;

mod checklist;
mod create;
mod decode;
mod delete;
mod diff;
mod environments;
pub mod formats;
mod gen2;
mod get;
mod get_hosted_ui;
mod import;
mod jobrun;
mod jobs;
pub mod live;
mod outputs;
mod promote;
mod resource_reads;
mod update;
mod validate;

use crate::aws::overview::throttled;
use std::io::{BufRead, Write};

use crate::exit_code::{self, Failure, Outcome};
pub use args::HeadlessCommand;

use crate::aws::Clients;
use crate::domain::finding::{Finding, Severity};

/// The global flags the commands use: which app and environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub app_id: Option<String>,
    pub env: Option<String>,
}

impl Scope {
    pub fn new(app_id: &str, env: &str) -> Self {
        Scope {
            app_id: Some(app_id.to_string()),
            env: Some(env.to_string()),
        }
    }
}

/// Which streams are terminals: a prompt needs stdin and stderr, a spinner needs stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    pub stdin: bool,
    pub stderr: bool,
}

impl Terminal {
    /// The process's own streams.
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        Terminal {
            stdin: std::io::stdin().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
        }
    }

    /// Both streams terminals (tests of the interactive paths).
    pub fn interactive() -> Self {
        Terminal {
            stdin: true,
            stderr: true,
        }
    }

    fn can_prompt(self) -> bool {
        self.stdin && self.stderr
    }
}

/// The streams a command reads and writes.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn BufRead,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub terminal: Terminal,
}

/// Runs one command and returns its exit code (see [`crate::exit_code`]). Failures are reported on stderr
/// as `error: …`. `clients` may be `None` for `validate`, which never connects; the others need
/// them and fail with a usage error without.
pub async fn run_command(
    cmd: &HeadlessCommand,
    scope: &Scope,
    clients: Option<&Clients>,
    io: &mut Streams<'_>,
) -> i32 {
    let result = dispatch(cmd, scope, clients, io).await;
    let _ = io.stdout.flush();
    match result {
        Ok(()) => exit_code::OK,
        Err(f) => {
            if !f.message.is_empty() {
                let _ = writeln!(io.stderr, "error: {}", f.message);
            }
            let _ = io.stderr.flush();
            f.code
        }
    }
}

async fn dispatch(
    cmd: &HeadlessCommand,
    scope: &Scope,
    clients: Option<&Clients>,
    io: &mut Streams<'_>,
) -> Outcome {
    if let HeadlessCommand::Validate(a) = cmd {
        return validate::run(a, scope.env.as_deref(), io);
    }
    let Some(clients) = clients else {
        return Err(Failure::new(
            exit_code::OTHER,
            format!("{} needs a connection to the service", cmd.name()),
        ));
    };
    match cmd {
        HeadlessCommand::Get(a) => get::run(a, scope, clients, io).await,
        HeadlessCommand::Create(a) => create::run(a, scope, clients, io).await,
        HeadlessCommand::Update(a) => update::run(a, scope, clients, io).await,
        HeadlessCommand::Delete(a) => delete::run(a, scope, clients, io).await,
        HeadlessCommand::Import(a) => import::run(a, scope, clients, io).await,
        HeadlessCommand::Jobs(a) => jobs::run_list(a, scope, clients, io).await,
        HeadlessCommand::Job(a) => jobs::run_one(a, scope, clients, io).await,
        HeadlessCommand::Outputs(a) => outputs::run(a, scope, clients, io).await,
        HeadlessCommand::Checklist(a) => checklist::run(a, scope, clients, io).await,
        HeadlessCommand::Env(a) => environments::run(a, scope, clients, io).await,
        HeadlessCommand::Diff(a) => diff::run(a, scope, clients, io).await,
        HeadlessCommand::Promote(a) => promote::run(a, scope, clients, io).await,
        HeadlessCommand::Audit(a) => audit::run(a, scope, clients, io).await,
        HeadlessCommand::Drift(a) => Box::pin(live::run_drift(a, scope, clients, io)).await,
        HeadlessCommand::Gen2(a) => gen2::run(a, scope, clients, io).await,
        HeadlessCommand::Validate(_) => unreachable!("handled above"),
    }
}

/// The app ID and environment a command needs, from the global flags.
fn require_scope<'a>(scope: &'a Scope, command: &str) -> Result<(&'a str, &'a str), Failure> {
    let app = scope
        .app_id
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Failure::usage(format!("{command} needs --app-id (the Amplify app ID)")))?;
    let env = scope
        .env
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            Failure::usage(format!(
                "{command} needs --env (the backend environment, e.g. dev)"
            ))
        })?;
    Ok((app, env))
}

/// The auth resource to act on: `--resource`, or the environment's only auth resource.
async fn resolve_resource(
    clients: &Clients,
    app: &str,
    env: &str,
    given: Option<&str>,
    command: &str,
) -> Result<String, Failure> {
    if let Some(r) = given.filter(|r| !r.is_empty()) {
        return Ok(r.to_string());
    }
    let info = match throttled(|| clients.get_backend(app, Some(env))).await {
        Ok(info) => info,
        Err(e) if e.is_not_found() => {
            return Err(unknown_target(clients, app, env).await.unwrap_or_else(|| {
                Failure::service(
                    &format!("could not look up the auth resource of app {app}, environment {env} (pass --resource to skip this)"),
                    &e,
                )
            }));
        }
        Err(e) => {
            return Err(Failure::service(
                &format!(
                    "could not look up the auth resource of app {app}, environment {env} (pass --resource to skip this)"
                ),
                &e,
            ));
        }
    };
    match info.auth_resources.as_slice() {
        [one] => Ok(one.name.clone()),
        [] => Err(Failure::usage(format!(
            "{command}: app {app}, environment {env} has no auth resource; pass --resource if it has one the backend meta does not list"
        ))),
        many => Err(Failure::usage(format!(
            "{command}: app {app}, environment {env} has several auth resources ({}); pass --resource",
            many.iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Why an imported auth resource is not updated here, and the way on (for `get`'s note and
/// `update`'s refusal).
pub(crate) fn imported_way_on(resource: &str) -> String {
    format!(
        "auth resource {resource} was imported (ImportBackendAuth): its settings belong to the Cognito pools it names, and the Amplify CLI does not update imported auth (it sends you to the Cognito console, or to remove and import again). Change the pools in Cognito, or `delete` the resource and `import` again"
    )
}

/// Whether GetBackend's meta says `resource` was imported. A read that cannot answer is an error:
/// the check fails closed.
pub(crate) async fn is_imported(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
) -> Result<bool, Failure> {
    let info = throttled(|| clients.get_backend(app, Some(env)))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not check whether auth resource {resource} (app {app}, environment {env}) was imported; nothing was sent"),
                &e,
            )
        })?;
    Ok(info
        .auth_resources
        .iter()
        .any(|r| r.name == resource && r.imported))
}

/// After a NotFound: a mistyped app or environment is a usage error (exit 2, as the AWS CLI treats
/// a bad argument), naming the ones that exist; `None` when both exist (the NotFound was about
/// something else) or the lists cannot be read.
async fn unknown_target(clients: &Clients, app: &str, env: &str) -> Option<Failure> {
    let names = |v: Vec<String>| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    match throttled(|| clients.list_backend_environments(app)).await {
        Ok(envs) if envs.iter().any(|e| e.name == env) => None,
        Ok(envs) => Some(Failure::usage(format!(
            "app {app} has no backend environment {env:?}; its environments: {}",
            names(
                envs.into_iter()
                    .map(|e| crate::aws::sanitize_text(&e.name))
                    .collect()
            )
        ))),
        Err(e) if e.is_not_found() => {
            let apps = throttled(|| clients.list_apps()).await.ok()?;
            let ids: Vec<String> = apps
                .into_iter()
                .map(|a| crate::aws::sanitize_text(&format!("{} ({})", a.app_id, a.name)))
                .collect();
            Some(Failure::usage(format!(
                "there is no app {app:?} in this account and region; its apps: {}",
                names(ids)
            )))
        }
        Err(_) => None,
    }
}

/// A name given by a flag or by the file; the flag wins.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Named {
    value: String,
    from_file: bool,
}

/// The app, environment and resource a file-driven command acts on: each from its flag, else from
/// the input file, with a note when a flag overrides the file.
fn pick_targets(
    scope: &Scope,
    resource_flag: Option<&str>,
    doc: &crate::config_file::read::Document,
    stderr: &mut dyn Write,
) -> [Option<Named>; 3] {
    let name = &doc.source.name;
    [
        (
            scope.app_id.as_deref(),
            doc.app_id.as_deref(),
            "--app-id",
            "AppId",
        ),
        (
            scope.env.as_deref(),
            doc.env.as_deref(),
            "--env",
            "BackendEnvironmentName",
        ),
        (
            resource_flag,
            doc.resource_name.as_deref(),
            "--resource",
            "ResourceName",
        ),
    ]
    .map(|(flag, file, flag_name, member)| pick_name(flag, file, flag_name, member, name, stderr))
}

/// Picks a name from its flag or the input file, saying so when they disagree.
fn pick_name(
    flag: Option<&str>,
    file: Option<&str>,
    flag_name: &str,
    member: &str,
    source_name: &str,
    stderr: &mut dyn Write,
) -> Option<Named> {
    let flag = flag.filter(|s| !s.is_empty());
    match (flag, file) {
        (Some(f), Some(d)) if f != d => {
            let _ = writeln!(
                stderr,
                "note: {flag_name} {f} overrides {member} {d:?} in {source_name}"
            );
            Some(Named {
                value: f.to_string(),
                from_file: false,
            })
        }
        (Some(f), _) => Some(Named {
            value: f.to_string(),
            from_file: false,
        }),
        (None, Some(d)) => Some(Named {
            value: d.to_string(),
            from_file: true,
        }),
        (None, None) => None,
    }
}

/// Prints findings on stderr (those about the file located in it, those about flags alone);
/// with any error, fails with exit 3 and sends nothing.
fn refuse_on_errors(
    doc: Option<&crate::config_file::read::Document>,
    file_findings: &[Finding],
    flag_findings: &[Finding],
    what: &str,
    stderr: &mut dyn Write,
) -> Outcome {
    output::write_findings(stderr, None, flag_findings)?;
    output::write_findings(stderr, doc, file_findings)?;
    let errors = file_findings
        .iter()
        .chain(flag_findings)
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors == 0 {
        return Ok(());
    }
    Err(Failure::invalid(format!(
        "{what}: {errors} error{} found; nothing was sent",
        if errors == 1 { "" } else { "s" }
    )))
}

/// Splits the findings about names into those about values from the file and those about flags
/// (renamed to the flag, since the file does not hold them).
fn split_name_findings(
    findings: Vec<Finding>,
    names: &[(&str, &str, Option<&Named>)],
) -> (Vec<Finding>, Vec<Finding>) {
    let mut file = Vec::new();
    let mut flags = Vec::new();
    for mut f in findings {
        match names.iter().find(|(member, _, _)| *member == f.path) {
            Some((_, flag, Some(n))) if !n.from_file => {
                f.path = flag.to_string();
                flags.push(f);
            }
            _ => file.push(f),
        }
    }
    (file, flags)
}
