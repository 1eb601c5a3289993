//! The live Cognito pool in the headless commands (issue 26): `drift`, `get --live`, and the
//! check before an update that would revert changes made outside Amplify.
//!
//! The record (GetBackendAuth) and the environment's meta (GetBackend, for the pool ids) are read
//! in parallel, then the live pool's reads (`aws::live`, in parallel themselves).

use std::io::Write;

use clap::Args;
use serde_json::{Value, json};

use super::output::{Human, OutputArgs, emit, table};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::{AuthResourceMeta, Clients, sanitize_text};
use crate::domain::AuthConfig;
use crate::domain::drift::{self, Conflict, Drift};
use crate::domain::live::LivePool;
use crate::exit_code::{self, Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct DriftArgs {
    /// The auth resource (default: the environment's only auth resource).
    #[arg(long)]
    pub resource: Option<String>,
    /// Exit 1 when the record and the live pool differ, 0 when they agree.
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The record, the resource's meta and the live pool of one auth resource.
pub struct Sides {
    pub record: AuthConfig,
    pub meta: AuthResourceMeta,
    pub live: LivePool,
}

/// Reads the record and the meta in parallel, then the live pool.
pub async fn read_sides(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
) -> Result<Sides, Failure> {
    let (record, backend) = tokio::join!(
        clients.get_auth(app, env, resource),
        clients.get_backend(app, Some(env))
    );
    let record = record.map_err(|e| {
        Failure::service(
            &format!("could not read auth resource {resource} of app {app}, environment {env}"),
            &e,
        )
    })?;
    let meta = backend
        .map_err(|e| {
            Failure::service(
                &format!("could not read the meta of app {app}, environment {env}, which names the Cognito pools"),
                &e,
            )
        })?
        .auth_resources
        .into_iter()
        .find(|r| r.name == resource)
        .unwrap_or_else(|| AuthResourceMeta {
            name: resource.to_string(),
            ..AuthResourceMeta::default()
        });
    let live = clients.read_live_pool(&meta).await;
    Ok(Sides { record, meta, live })
}

fn failures_json(live: &LivePool) -> Value {
    json!(
        live.failures
            .iter()
            .map(|f| json!({"Action": f.action, "NotShown": f.not_shown, "Message": f.message}))
            .collect::<Vec<_>>()
    )
}

/// Prints each failed read on stderr: the IAM action, what is not shown, why.
pub fn write_failures(live: &LivePool, err: &mut dyn Write) {
    for f in &live.failures {
        let _ = writeln!(
            err,
            "note: {} failed, so {} {} not shown: {}",
            sanitize_text(&f.action),
            sanitize_text(&f.not_shown),
            if f.not_shown.ends_with('s') {
                "are"
            } else {
                "is"
            },
            sanitize_text(&f.message)
        );
    }
}

/// `drift`: each member where the record and the live pool differ, and the live pool's facts the
/// record cannot hold.
pub async fn run_drift(
    args: &DriftArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "drift")?;
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "drift").await?;
    let sides = read_sides(clients, app, env, &resource).await?;
    let found = drift::drift(&sides.record, &sides.live);
    let only = drift::live_only(&sides.live);
    let doc = json!({
        "AppId": app,
        "BackendEnvironmentName": env,
        "ResourceName": resource,
        "UserPoolId": sides.meta.user_pool_id,
        "Drift": found,
        "LivePoolOnly": only,
        "NotRead": failures_json(&sides.live),
    });
    let mut own = String::new();
    if found.is_empty() {
        let _ = writeln!(
            io.stderr,
            "no drift: the live pool matches the record of auth resource {resource} in every mapped member"
        );
    } else {
        own.push_str(&drift_table(&found));
    }
    emit(io.stdout, &doc, &args.output, Human::Table(own))?;
    write_failures(&sides.live, io.stderr);
    if args.exit_code && !found.is_empty() {
        return Err(Failure::silent(exit_code::DIFFERENT));
    }
    Ok(())
}

fn drift_table(found: &[Drift]) -> String {
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|d| {
            vec![
                d.path.clone(),
                sanitize_text(&drift::show(&d.record)),
                sanitize_text(&drift::show(&d.live)),
            ]
        })
        .collect();
    table(&["MEMBER", "RECORD", "LIVE"], &rows)
}

/// `get --live`: the live pool's facts as a document.
pub async fn print_live(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
    output: &OutputArgs,
    io: &mut Streams<'_>,
) -> Outcome {
    let sides = read_sides(clients, app, env, resource).await?;
    let doc = json!({
        "AppId": app,
        "BackendEnvironmentName": env,
        "ResourceName": resource,
        "LivePool": sides.live,
    });
    emit(io.stdout, &doc, output, Human::Document)?;
    write_failures(&sides.live, io.stderr);
    Ok(())
}

/// What to do with members changed outside Amplify that an update would set back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveChoice {
    /// Refuse (exit 3) naming each member.
    Refuse,
    /// `--adopt-live`: take the live values into the update.
    Adopt,
    /// `--overwrite-live`: send the update as it is.
    Overwrite,
}

/// The live check's flags, shared by the commands that send UpdateBackendAuth.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct LiveCheckArgs {
    /// Members changed outside Amplify that the update would set back keep their live values
    /// (taken into the update).
    #[arg(long, conflicts_with_all = ["overwrite_live", "no_live_check"])]
    pub adopt_live: bool,
    /// Members changed outside Amplify are set to the update's values (the live change is
    /// reverted, as asked).
    #[arg(long, conflicts_with = "no_live_check")]
    pub overwrite_live: bool,
    /// Do not read the live Cognito pool before the update (nothing protects changes made
    /// outside Amplify).
    #[arg(long)]
    pub no_live_check: bool,
}

impl LiveCheckArgs {
    fn choice(&self) -> LiveChoice {
        if self.adopt_live {
            LiveChoice::Adopt
        } else if self.overwrite_live {
            LiveChoice::Overwrite
        } else {
            LiveChoice::Refuse
        }
    }
}

/// Before an update: reads the live pool and returns the config to send. Members the update
/// would set to something other than their live value, where the live value was changed outside
/// Amplify, are refused (exit 3, each named) unless `--adopt-live` (live values taken into
/// `edited`) or `--overwrite-live`. What the evidence says every update resets is listed when the
/// live pool has any. When the user pool cannot be read, refuses unless `--no-live-check`.
pub async fn check_before_update(
    flags: &LiveCheckArgs,
    clients: &Clients,
    target: (&str, &str, &str),
    record: &AuthConfig,
    edited: AuthConfig,
    err: &mut dyn Write,
) -> Result<AuthConfig, Failure> {
    let (app, env, resource) = target;
    if flags.no_live_check {
        let _ = writeln!(
            err,
            "note: --no-live-check: the live Cognito pool was not read; changes made outside Amplify may be reverted"
        );
        return Ok(edited);
    }
    let meta = clients
        .get_backend(app, Some(env))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read the meta of app {app}, environment {env} to check the live Cognito pool (pass --no-live-check to update without it)"),
                &e,
            )
        })?
        .auth_resources
        .into_iter()
        .find(|r| r.name == resource)
        .unwrap_or_default();
    let live = clients.read_live_pool(&meta).await;
    write_failures(&live, err);
    if live.user_pool.is_none() {
        return Err(Failure::new(
            exit_code::SERVICE,
            format!(
                "the live Cognito user pool of auth resource {resource} could not be read, so the update cannot check what it would revert; fix the access ({}), or pass --no-live-check to update without the check",
                live.failures
                    .iter()
                    .map(|f| f.action.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for line in drift::reset_by_update(&live) {
        let _ = writeln!(err, "note: the update resets {}", sanitize_text(&line));
    }
    let found = drift::conflicts(record, &edited, &live);
    if found.is_empty() {
        return Ok(edited);
    }
    match flags.choice() {
        LiveChoice::Refuse => Err(Failure::invalid(conflict_message(resource, &found))),
        LiveChoice::Overwrite => {
            for c in &found {
                let _ = writeln!(
                    err,
                    "note: --overwrite-live: {} goes back from {} (changed outside Amplify) to {}",
                    c.path,
                    sanitize_text(&drift::show(&c.live)),
                    sanitize_text(&drift::show(&c.update))
                );
            }
            Ok(edited)
        }
        LiveChoice::Adopt => {
            let mut adopted = edited;
            for c in &found {
                drift::adopt(&mut adopted, &live, &c.path);
                let _ = writeln!(
                    err,
                    "note: --adopt-live: {} keeps its live value {}",
                    c.path,
                    sanitize_text(&drift::show(&c.live))
                );
            }
            Ok(adopted)
        }
    }
}

/// The refusal: each member with the record's, the live and the update's value, and the fix.
pub fn conflict_message(resource: &str, found: &[Conflict]) -> String {
    let mut msg = format!(
        "the update of auth resource {resource} would revert {} changed in the live Cognito pool outside Amplify:",
        if found.len() == 1 {
            "a member".to_string()
        } else {
            format!("{} members", found.len())
        }
    );
    for c in found {
        msg.push_str(&format!(
            "\n  {}: live {} (the record says {}); the update sets {}",
            c.path,
            sanitize_text(&drift::show(&c.live)),
            sanitize_text(&drift::show(&c.record)),
            sanitize_text(&drift::show(&c.update))
        ));
    }
    msg.push_str(
        "\nPass --adopt-live to keep the live values (they are taken into the update), or --overwrite-live to set them as the update says.",
    );
    msg
}
