//! `promote --env A --to-env B`: apply environment A's auth to environment B.
//!
//! Reads both configs, plans with [`crate::domain::promote::plan`] (create when B has no auth,
//! an update otherwise; immutable differences and missing secrets refused by name), validates the
//! request with the rules `create`/`update` use, shows the changes, then reads the target again
//! just before sending: a change made there meanwhile by someone else is kept when it touches
//! other members, and a member both changed refuses, naming it (`read_before_send`); a create
//! checks again that the target still has no auth.

use crate::aws::overview::throttled;
use clap::Args;
use serde::Serialize;

use super::jobrun::{after_start, refuse_if_auth_exists, start_refused};
use super::output::{DRY_RUN_NOTE, OutputArgs, masked_request, write_json};
use super::read_before_send::read_and_merge;
use super::wait::WaitArgs;
use super::{Scope, Streams, refuse_on_errors, require_scope, resolve_resource, rules};
use crate::aws::{Clients, sanitize_text};
use crate::config_file::read::read_source;
use crate::domain::compare::SECRET_SLOTS;
use crate::domain::promote::{PromotePlan, SuppliedSecrets, plan};
use crate::domain::secret::Secret;
use crate::domain::update::{UpdateAuthConfig, UpdateAuthInput};
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
    write_json(io.stdout, &masked_request(request)?)?;
    let _ = writeln!(io.stderr, "{DRY_RUN_NOTE}");
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

/// The two sides as read: the source's config, the target's (`None` when it has no auth) and
/// the resource promote writes there.
struct Sides {
    source: AuthConfig,
    target: Option<AuthConfig>,
    resource: String,
}

/// One read of an auth resource, throttling waited out; a failure names the resource.
async fn read_auth(
    clients: &Clients,
    app: &str,
    env: &str,
    res: &str,
) -> Result<AuthConfig, Failure> {
    throttled(|| clients.get_auth(app, env, res))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read auth resource {res} of app {app}, environment {env}"),
                &e,
            )
        })
}

/// Reads the source's auth and the target's, and decides which resource promote writes.
async fn read_sides(
    clients: &Clients,
    (app, from, to): (&str, &str, &str),
    resource: Option<&str>,
) -> Result<Sides, Failure> {
    let src_res = resolve_resource(clients, app, from, resource, "promote").await?;
    let source = read_auth(clients, app, from, &src_res).await?;
    let tgt_res = target_resource(clients, app, to, &src_res).await?;
    let target = match &tgt_res {
        Some(r) => Some(read_auth(clients, app, to, r).await?),
        None => None,
    };
    Ok(Sides {
        source,
        target,
        resource: tgt_res.unwrap_or(src_res),
    })
}

/// What the promote is about, for the steps after planning.
struct Promotion<'a> {
    app: &'a str,
    from: &'a str,
    to: &'a str,
    resource: &'a str,
    supplied: &'a SuppliedSecrets,
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
    let sides = read_sides(clients, (app, from, to), args.resource.as_deref()).await?;
    let p = Promotion {
        app,
        from,
        to,
        resource: &sides.resource,
        supplied: &supplied,
    };
    // The source's hosted UI domain is made again in the target as `<prefix>-<to>`.
    refuse_on_errors(
        None,
        &rules::check_domain_for(p.resource, &sides.source, to),
        &[],
        "promote",
        io.stderr,
    )?;
    // An update of the target must not revert changes made to its live pool outside Amplify
    // (refused, adopted or overwritten as the flags say).
    let source = match &sides.target {
        Some(t) => {
            Box::pin(super::live::check_before_update(
                &args.live,
                clients,
                (app, to, p.resource),
                t,
                sides.source.clone(),
                io.stderr,
            ))
            .await?
        }
        None => sides.source.clone(),
    };
    match plan_or_refuse(&p, &source, sides.target.as_ref())? {
        PromotePlan::UpToDate => up_to_date(&p, io),
        PromotePlan::Create { config } => create(&p, config, args, clients, io).await,
        PromotePlan::Update { request, changes } => {
            show_changes(&p, &changes, io);
            if args.dry_run {
                return print_masked(&update_input(&p, request), io);
            }
            let base = sides.target.as_ref().unwrap_or(&sides.source);
            let Some(request) = rebase(&p, base, source, request, clients, io).await? else {
                return up_to_date(&p, io);
            };
            let what = format!(
                "update auth resource {} in app {app}, environment {to}",
                p.resource
            );
            let started = clients
                .update_auth(app, to, p.resource, &request)
                .await
                .map_err(|e| start_refused(&what, app, to, &e))?;
            after_start(clients, started, &what, &args.wait, &args.output, io).await
        }
    }
}

/// The plan, or the refusal (immutable differences, missing secrets) naming the members.
fn plan_or_refuse(
    p: &Promotion<'_>,
    source: &AuthConfig,
    target: Option<&AuthConfig>,
) -> Result<PromotePlan, Failure> {
    plan(source, target, p.supplied).map_err(|r| {
        Failure::invalid(format!(
            "promote {} to {}: {r}; nothing was sent",
            p.from, p.to
        ))
    })
}

fn up_to_date(p: &Promotion<'_>, io: &mut Streams<'_>) -> Outcome {
    let _ = writeln!(
        io.stderr,
        "auth resource {} in {} already has the config of {}; nothing to promote",
        p.resource, p.to, p.from
    );
    Ok(())
}

fn show_changes(
    p: &Promotion<'_>,
    changes: &crate::domain::compare::Comparison,
    io: &mut Streams<'_>,
) {
    // Checked already: `plan` planned it through `plan_update`, which validates the request
    // against the target and refuses by name (secrets the service keeps settled).
    let _ = writeln!(
        io.stderr,
        "changes to auth resource {} in {}:",
        p.resource, p.to
    );
    for r in changes.differences() {
        let _ = writeln!(
            io.stderr,
            "  {}: {} -> {}",
            r.path,
            sanitize_text(&r.left.display()),
            sanitize_text(&r.right.display())
        );
    }
}

fn update_input(p: &Promotion<'_>, request: UpdateAuthConfig) -> UpdateAuthInput {
    UpdateAuthInput {
        app_id: p.app.to_string(),
        backend_environment_name: p.to.to_string(),
        resource_config: request,
        resource_name: p.resource.to_string(),
    }
}

/// Just before sending: the target read again and merged with the promote (three-way, from the
/// read the plan was made from). The request to send: the planned one when nobody changed the
/// target, one planned again from the merge when someone changed other members (`None`: with
/// their change the target already holds the source's config); a member both changed refuses.
async fn rebase(
    p: &Promotion<'_>,
    base: &AuthConfig,
    source: AuthConfig,
    planned: UpdateAuthConfig,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Result<Option<UpdateAuthConfig>, Failure> {
    let r = read_and_merge(
        clients,
        (p.app, p.to, p.resource),
        base,
        source,
        "promote",
        io.stderr,
    )
    .await?;
    if r.theirs_kept.is_empty() {
        return Ok(Some(planned));
    }
    match plan_or_refuse(p, &r.mine, Some(&r.theirs))? {
        PromotePlan::Update { request, changes } => {
            show_changes(p, &changes, io);
            Ok(Some(request))
        }
        PromotePlan::UpToDate => Ok(None),
        PromotePlan::Create { .. } => Err(Failure::new(
            exit_code::OTHER,
            "promote: the target was read again as having auth, yet planned as a create; nothing was sent",
        )),
    }
}

/// The target has no auth: promote creates the resource there, unless auth was added to it
/// meanwhile (read again just before sending; one per environment).
async fn create(
    p: &Promotion<'_>,
    config: AuthConfig,
    args: &PromoteArgs,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, to, resource) = (p.app, p.to, p.resource);
    refuse_on_errors(
        None,
        &rules::check_config(&config),
        &[],
        "promote",
        io.stderr,
    )?;
    let _ = writeln!(
        io.stderr,
        "environment {to} has no auth resource; promote creates {resource} with the config of {}",
        p.from
    );
    if args.dry_run {
        return print_masked(
            &CreateAuthInput {
                app_id: app.to_string(),
                backend_environment_name: to.to_string(),
                resource_config: config,
                resource_name: resource.to_string(),
            },
            io,
        );
    }
    refuse_if_auth_exists(clients, app, to, |existing| {
        format!(
            "it was added meanwhile; nothing was sent. Run promote again to update {existing} with the config of {}",
            p.from
        )
    })
    .await?;
    let what = format!("create auth resource {resource} in app {app}, environment {to}");
    let started = clients
        .create_auth(app, to, resource, &config)
        .await
        .map_err(|e| start_refused(&what, app, to, &e))?;
    after_start(clients, started, &what, &args.wait, &args.output, io).await
}
