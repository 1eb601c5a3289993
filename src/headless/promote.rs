//! `promote --env A --to-env B`: apply environment A's auth to environment B.
//!
//! Reads both configs, plans with [`crate::domain::promote::plan`] (create when B has no auth,
//! an update otherwise; immutable differences and missing secrets refused by name), validates the
//! request with the rules `create`/`update` use, shows the changes, then sends it.

use crate::aws::overview::throttled;
use clap::Args;
use serde::Serialize;

use super::jobrun::{after_start, start_refused};
use super::output::{OutputArgs, write_json};
use super::wait::WaitArgs;
use super::{Scope, Streams, refuse_on_errors, require_scope, resolve_resource, rules};
use crate::aws::{Clients, sanitize_text};
use crate::config_file::read::read_source;
use crate::domain::compare::SECRET_SLOTS;
use crate::domain::promote::{PromotePlan, SuppliedSecrets, plan};
use crate::domain::secret::{Secret, mask_json};
use crate::domain::update::UpdateAuthInput;
use crate::domain::{AuthConfig, CreateAuthInput};
use crate::exit_code::{self, Failure, Outcome};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct PromoteArgs {
    /// The environment to apply the auth of `--env` to.
    #[arg(long, value_name = "ENV")]
    pub to_env: String,
    /// The auth resource (default: the only one; in the target, the one of the same name, else
    /// its only one, else a new one of the source's name).
    #[arg(long)]
    pub resource: Option<String>,
    /// Secrets the service does not return, as a JSON object by provider:
    /// `{"Google": "…", "SignInWithApple": "-----BEGIN PRIVATE KEY-----…"}` (`-` for stdin).
    #[arg(long, value_name = "FILE|-", value_hint = clap::ValueHint::FilePath)]
    pub secrets: Option<String>,
    /// Plan, show the changes and print the request that would be sent; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub live: super::live::LiveCheckArgs,
    #[command(flatten)]
    pub wait: WaitArgs,
    /// How to print the job.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Reads `--secrets`: an object of provider name → secret string.
fn read_secrets(arg: &str, io: &mut Streams<'_>) -> Result<SuppliedSecrets, Failure> {
    let src = read_source(arg, io.stdin)?;
    let bad = |why: String| Failure::invalid(format!("{}: {why}", src.name));
    let v: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&src.text).map_err(|e| {
            bad(format!(
                "not a JSON object of provider name to secret ({e})"
            ))
        })?;
    let known: Vec<&str> = SECRET_SLOTS.iter().map(|(p, _)| *p).collect();
    let mut out = SuppliedSecrets::default();
    for (k, v) in v {
        if !known.contains(&k.as_str()) {
            return Err(bad(format!(
                "{k:?} is not a provider; use {}",
                known.join(", ")
            )));
        }
        let s = v
            .as_str()
            .ok_or_else(|| bad(format!("{k} must be a string (the secret)")))?;
        out.0.insert(k, Secret::new(s));
    }
    Ok(out)
}

/// Prints a request with its secrets masked (for `--dry-run`).
fn print_masked<T: Serialize>(request: &T, io: &mut Streams<'_>) -> Outcome {
    let mut v = serde_json::to_value(request).map_err(|e| {
        Failure::new(
            exit_code::OTHER,
            format!("could not encode the request: {e}"),
        )
    })?;
    mask_json(&mut v);
    write_json(io.stdout, &v)?;
    let _ = writeln!(
        io.stderr,
        "dry run: the request above (secrets masked) was not sent"
    );
    Ok(())
}

/// The target's auth resource to update, or `None` when it has none (promote creates one).
async fn target_resource(
    clients: &Clients,
    app: &str,
    to: &str,
    source_resource: &str,
) -> Result<Option<String>, Failure> {
    let info = throttled(|| clients.get_backend(app, Some(to)))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not look up the auth resources of app {app}, environment {to}"),
                &e,
            )
        })?;
    let names: Vec<&str> = info
        .auth_resources
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    match names.as_slice() {
        [] => Ok(None),
        _ if names.contains(&source_resource) => Ok(Some(source_resource.to_string())),
        [one] => Ok(Some(one.to_string())),
        many => Err(Failure::usage(format!(
            "promote: environment {to} has several auth resources ({}) and none is named {source_resource}; pass --resource",
            many.join(", ")
        ))),
    }
}

pub async fn run(
    args: &PromoteArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, from) = require_scope(scope, "promote")?;
    let to = args.to_env.as_str();
    if to == from {
        return Err(Failure::usage(
            "promote: --to-env names the same environment as --env",
        ));
    }
    let supplied = match &args.secrets {
        Some(f) => read_secrets(f, io)?,
        None => SuppliedSecrets::default(),
    };
    let src_res = resolve_resource(clients, app, from, args.resource.as_deref(), "promote").await?;
    let read = |env: &str, res: &str| {
        let (env, res) = (env.to_string(), res.to_string());
        async move {
            throttled(|| clients.get_auth(app, &env, &res))
                .await
                .map_err(|e| {
                    Failure::service(
                        &format!(
                            "could not read auth resource {res} of app {app}, environment {env}"
                        ),
                        &e,
                    )
                })
        }
    };
    let source = read(from, &src_res).await?;
    let tgt_res = target_resource(clients, app, to, &src_res).await?;
    let target: Option<AuthConfig> = match &tgt_res {
        Some(r) => Some(read(to, r).await?),
        None => None,
    };
    let resource = tgt_res.clone().unwrap_or(src_res);
    // The source's hosted UI domain is made again in the target as `<prefix>-<to>`.
    refuse_on_errors(
        None,
        &rules::check_domain_for(&resource, &source, to),
        &[],
        "promote",
        io.stderr,
    )?;
    // An update of the target must not revert changes made to its live pool outside Amplify
    // (refused, adopted or overwritten as the flags say).
    let source = match (&tgt_res, &target) {
        (Some(r), Some(t)) => {
            Box::pin(super::live::check_before_update(
                &args.live,
                clients,
                (app, to, r),
                t,
                source,
                io.stderr,
            ))
            .await?
        }
        _ => source,
    };
    let planned = plan(&source, target.as_ref(), &supplied)
        .map_err(|r| Failure::invalid(format!("promote {from} to {to}: {r}; nothing was sent")))?;
    match planned {
        PromotePlan::UpToDate => {
            let _ = writeln!(
                io.stderr,
                "auth resource {resource} in {to} already has the config of {from}; nothing to promote"
            );
            Ok(())
        }
        PromotePlan::Create { config } => {
            refuse_on_errors(
                None,
                &rules::check_config(&config),
                &[],
                "promote",
                io.stderr,
            )?;
            let _ = writeln!(
                io.stderr,
                "environment {to} has no auth resource; promote creates {resource} with the config of {from}"
            );
            if args.dry_run {
                return print_masked(
                    &CreateAuthInput {
                        app_id: app.to_string(),
                        backend_environment_name: to.to_string(),
                        resource_config: config,
                        resource_name: resource,
                    },
                    io,
                );
            }
            let what = format!("create auth resource {resource} in app {app}, environment {to}");
            let started = clients
                .create_auth(app, to, &resource, &config)
                .await
                .map_err(|e| start_refused(&what, app, to, &e))?;
            after_start(clients, started, &what, &args.wait, &args.output, io).await
        }
        PromotePlan::Update { request, changes } => {
            // Checked already: `plan` planned it through `plan_update`, which validates the
            // request against the target and refuses by name (secrets the service keeps settled).
            let _ = writeln!(io.stderr, "changes to auth resource {resource} in {to}:");
            for r in changes.differences() {
                let _ = writeln!(
                    io.stderr,
                    "  {}: {} -> {}",
                    r.path,
                    sanitize_text(&r.left.display()),
                    sanitize_text(&r.right.display())
                );
            }
            if args.dry_run {
                return print_masked(
                    &UpdateAuthInput {
                        app_id: app.to_string(),
                        backend_environment_name: to.to_string(),
                        resource_config: request,
                        resource_name: resource,
                    },
                    io,
                );
            }
            let what = format!("update auth resource {resource} in app {app}, environment {to}");
            let started = clients
                .update_auth(app, to, &resource, &request)
                .await
                .map_err(|e| start_refused(&what, app, to, &e))?;
            after_start(clients, started, &what, &args.wait, &args.output, io).await
        }
    }
}
