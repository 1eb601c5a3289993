//! `env add NAME [--from ENV]` and `env list`: backend environments of the app given by the
//! global `--app-id`.
//!
//! `env add` without `--from` is CreateBackend (an empty environment); with `--from` it is
//! CloneBackend (a copy of that environment's auth). Either way the environment exists as soon as
//! the call is answered, so a failed clone leaves it behind, empty; the command says so.

use crate::aws::overview::throttled;
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::jobrun::{after_start, start_refused};
use super::output::{Human, OutputArgs, emit, format_time, table};
use super::wait::WaitArgs;
use super::{Scope, Streams};
use crate::aws::Clients;
use crate::domain::validate::validate_env_name;
use crate::exit_code::{self, Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct EnvArgs {
    #[command(subcommand)]
    pub action: EnvAction,
}

#[derive(Subcommand, Debug, Clone, PartialEq)]
pub enum EnvAction {
    /// Add a backend environment, empty or cloned from another (`--from`).
    Add(EnvAddArgs),
    /// List the app's backend environments (Amplify ListBackendEnvironments).
    List(EnvListArgs),
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct EnvAddArgs {
    /// The new environment's name: 2 to 10 lower-case letters (the Amplify CLI's rule).
    pub name: String,
    /// Clone this environment's auth into the new one (CloneBackend) instead of starting empty.
    #[arg(long, value_name = "ENV")]
    pub from: Option<String>,
    #[command(flatten)]
    pub wait: WaitArgs,
    /// How to print the job.
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args, Debug, Clone, PartialEq)]
pub struct EnvListArgs {
    /// How to print the environments.
    #[command(flatten)]
    pub output: OutputArgs,
}

pub async fn run(
    args: &EnvArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    match &args.action {
        EnvAction::Add(a) => add(a, scope, clients, io).await,
        EnvAction::List(a) => list(a, scope, clients, io).await,
    }
}

fn require_app<'a>(scope: &'a Scope, command: &str) -> Result<&'a str, Failure> {
    scope
        .app_id
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Failure::usage(format!("{command} needs --app-id (the Amplify app ID)")))
}

/// CreateBackend wants the app's name; Amplify's ListApps has it.
async fn app_name(clients: &Clients, app: &str) -> Result<String, Failure> {
    let apps = throttled(|| clients.list_apps()).await.map_err(|e| {
        Failure::service(
            &format!("could not look up the name of app {app}, which CreateBackend needs"),
            &e,
        )
    })?;
    apps.into_iter()
        .find(|a| a.app_id == app)
        .map(|a| a.name)
        .ok_or_else(|| {
            Failure::usage(format!(
                "app {app} was not found in this region; list the apps with `aws amplify list-apps`"
            ))
        })
}

/// A clone deploys each copied auth resource again in the new environment, where its hosted UI
/// domain becomes `<prefix>-<name>`: refused before anything is sent when that domain cannot be
/// made (too long, or a reserved word the name brings), naming the resource and the domain. A
/// source that cannot be read is left to the service to judge, with a note.
async fn clone_domains_fit(
    clients: &Clients,
    app: &str,
    from: &str,
    name: &str,
    io: &mut Streams<'_>,
) -> Outcome {
    let resources = match clients.get_backend(app, Some(from)).await {
        Ok(b) => b.auth_resources,
        Err(e) => {
            let _ = writeln!(
                io.stderr,
                "note: could not read environment {from} to check its hosted UI domains in {name} ({e}); the service will judge them"
            );
            return Ok(());
        }
    };
    let mut findings = Vec::new();
    for r in resources.iter().filter(|r| !r.imported) {
        match clients.get_auth(app, from, &r.name).await {
            Ok(cfg) => findings.extend(super::rules::check_domain_for(&r.name, &cfg, name)),
            Err(e) => {
                let _ = writeln!(
                    io.stderr,
                    "note: could not read auth resource {} of environment {from} ({e}); the service will judge its hosted UI domain in {name}",
                    r.name
                );
            }
        }
    }
    super::refuse_on_errors(
        None,
        &findings,
        &[],
        &format!("env add {name} --from {from}"),
        io.stderr,
    )
}

async fn add(a: &EnvAddArgs, scope: &Scope, clients: &Clients, io: &mut Streams<'_>) -> Outcome {
    let app = require_app(scope, "env add")?;
    if let Some(mut f) = validate_env_name(&a.name) {
        f.path = "NAME".to_string();
        super::output::write_findings(io.stderr, None, &[f])?;
        return Err(Failure::invalid(format!(
            "env add: {:?} is not a valid environment name; nothing was sent",
            a.name
        )));
    }
    if a.from.as_deref() == Some(a.name.as_str()) {
        return Err(Failure::usage(format!(
            "env add: --from {} names the environment being added; clone from another one",
            a.name
        )));
    }
    if let Some(from) = &a.from {
        clone_domains_fit(clients, app, from, &a.name, io).await?;
    }
    let (what, started) = match &a.from {
        Some(from) => {
            let what = format!("clone environment {from} to {} in app {app}", a.name);
            let started = clients.clone_backend(app, from, &a.name).await;
            (what, started)
        }
        None => {
            let name = app_name(clients, app).await?;
            let what = format!("add environment {} to app {app}", a.name);
            (what, clients.create_backend(app, &name, &a.name).await)
        }
    };
    let started = started.map_err(|e| start_refused(&what, app, &a.name, &e))?;
    let result = after_start(clients, started, &what, &a.wait, &a.output, io).await;
    if let (Err(f), Some(from)) = (&result, &a.from)
        && f.code == exit_code::JOB_FAILED
    {
        let _ = writeln!(
            io.stderr,
            "note: a failed clone leaves environment {name} behind, without auth. Copy the auth into it with `amplify-auth promote --app-id {app} --env {from} --to-env {name}`, or delete it (`aws amplify delete-backend-environment --app-id {app} --environment-name {name}`) and clone again.",
            name = a.name
        );
    }
    result
}

async fn list(a: &EnvListArgs, scope: &Scope, clients: &Clients, io: &mut Streams<'_>) -> Outcome {
    let app = require_app(scope, "env list")?;
    let envs = throttled(|| clients.list_backend_environments(app))
        .await
        .map_err(|e| {
            Failure::service(&format!("could not list the environments of app {app}"), &e)
        })?;
    // The shape of `aws amplify list-backend-environments`.
    let items: Vec<Value> = envs
        .iter()
        .map(|e| {
            let mut v = json!({ "environmentName": e.name });
            if let Some(s) = &e.stack_name {
                v["stackName"] = json!(s);
            }
            if let Some(d) = &e.deployment_artifacts {
                v["deploymentArtifacts"] = json!(d);
            }
            if let Some(t) = e.update_time {
                v["updateTime"] = json!(format_time(t));
            }
            v
        })
        .collect();
    let dash = || "-".to_string();
    let rows: Vec<Vec<String>> = envs
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                e.stack_name.clone().unwrap_or_else(dash),
                e.update_time.map(format_time).unwrap_or_else(dash),
            ]
        })
        .collect();
    if envs.is_empty() {
        let _ = writeln!(
            io.stderr,
            "app {app} has no backend environment; add one with `amplify-auth env add staging --app-id {app}`"
        );
    }
    emit(
        io.stdout,
        &json!({ "backendEnvironments": items }),
        &a.output,
        Human::Table(table(&["NAME", "STACK", "UPDATED"], &rows)),
    )?;
    Ok(())
}
