//! `update --input FILE|-`: read the current config, derive the update request, validate it,
//! show the changes, then UpdateBackendAuth.
//!
//! The file is either the whole config (what `get` prints, edited) or an `update-backend-auth`
//! request. Either way the request sent carries the whole mutable state the file means, so a
//! member left out of a whole config is removed (or the update is refused naming it, when the
//! API cannot remove it), never silently kept. A whole config may not change what Cognito fixes at creation (user pool name, sign-in
//! method, required attributes, identity pool name): the update request cannot carry those, so a
//! change there would silently not happen; it is refused instead.

use super::args::UpdateArgs;
use super::jobrun::{after_start, start_refused};
use super::output::{Human, emit};
use super::{Scope, Streams, pick_targets, refuse_on_errors, resolve_resource};
use crate::aws::overview::throttled;
use crate::aws::{Clients, sanitize_text};
use crate::config_file::read::{ConfigInput, parse, read_source};
use crate::domain::diff::update_changes;
use crate::domain::finding::Severity;
use crate::domain::kept_secrets::KeptHow;
use crate::domain::secret::mask_json;
use crate::domain::update::{UpdateAuthInput, apply_update, immutable_changes};
use crate::domain::update_plan::plan_update;
use crate::exit_code::{Failure, Outcome};

pub async fn run(
    args: &UpdateArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let source = read_source(&args.input, io.stdin)?;
    let mut doc = parse(source)?;
    // A reference that does not resolve (a CI without the secret variables) matters only where
    // the secret is needed: decided below, against what is deployed.
    let (unresolved, secrets_read) =
        super::secret_refs::resolve_document_deferred(&mut doc, &args.secrets.access(), io.stderr)?;
    let name = doc.source.name.clone();
    let [app, env, resource_flag] = pick_targets(scope, args.resource.as_deref(), &doc, io.stderr);
    let (Some(app), Some(env)) = (app, env) else {
        return Err(Failure::usage(
            "update needs --app-id and --env (or AppId and BackendEnvironmentName in the file)",
        ));
    };
    let (app, env) = (app.value, env.value);
    let resource = resolve_resource(
        clients,
        &app,
        &env,
        resource_flag.as_ref().map(|n| n.value.as_str()),
        "update",
    )
    .await?;

    if super::is_imported(clients, &app, &env, &resource).await? {
        return Err(Failure::invalid(format!(
            "{}; nothing was sent",
            super::imported_way_on(&resource)
        )));
    }
    let current = throttled(|| clients.get_auth(&app, &env, &resource)).await.map_err(|e| {
        Failure::service(
            &format!("could not read the current config of auth resource {resource} (app {app}, environment {env}), which update needs to derive the request"),
            &e,
        )
    })?;

    // What the file means, as a whole config: an update-shaped file changes only the members it
    // has (a present member replaces the stored one whole, `OAuth: {}` removes the hosted UI).
    let edited = match &doc.config {
        ConfigInput::Full(edited) => {
            let fixed = immutable_changes(&current, edited);
            if !fixed.is_empty() {
                let mut msg = format!(
                    "{name}: {} cannot change after the auth resource is created, and the file changes {}:",
                    if fixed.len() == 1 {
                        "this member"
                    } else {
                        "these members"
                    },
                    if fixed.len() == 1 { "it" } else { "them" },
                );
                for c in &fixed {
                    msg.push_str(&format!(
                        "\n  {}: now {:?}, the file says {:?}",
                        doc.json_path(c.path),
                        sanitize_text(&c.before),
                        sanitize_text(&c.after)
                    ));
                }
                msg.push_str("\nPut the current values back to update the rest, or delete the resource and create it again (that deletes every user of its user pool).");
                return Err(Failure::invalid(msg));
            }
            edited.clone()
        }
        ConfigInput::Update(u) => apply_update(&current, u),
    };
    // Changes made to the live pool outside Amplify that this update would revert: refused,
    // adopted or overwritten as the flags say (`live::check_before_update`).
    let edited = Box::pin(super::live::check_before_update(
        &args.live,
        clients,
        (&app, &env, &resource),
        &current,
        edited,
        io.stderr,
    ))
    .await?;
    // The whole-state request: every mutable member, removals said the way the service
    // understands them, and refusals for what it cannot do (see `domain::update_plan`).
    let mut plan = plan_update(&current, &edited);
    plan.findings
        .extend(super::rules::check_domain_in_env(&edited, &env));
    let unresolved_paths: Vec<String> = unresolved.iter().map(|u| u.path.clone()).collect();
    for u in unresolved {
        match plan
            .findings
            .iter_mut()
            .find(|f| f.path == u.path && f.severity == Severity::Error)
        {
            Some(f) => {
                f.message = format!("{}; the secret is needed here: {}", u.message, f.message);
                f.fix = u.fix;
            }
            None => {
                let _ = writeln!(
                    io.stderr,
                    "note: {}: {}; not needed: the provider is deployed and unchanged, so it is sent without it and the service keeps the stored secret",
                    doc.json_path(&u.path),
                    u.message
                );
            }
        }
    }
    for k in plan
        .kept
        .iter()
        .filter(|k| !unresolved_paths.contains(&k.path))
    {
        let how = match k.how {
            KeptHow::ByService => {
                "the provider is sent unchanged without it, so the service keeps the stored one"
            }
            KeptHow::Returned => "sending the value the service returned",
        };
        let _ = writeln!(
            io.stderr,
            "note: {} is not in {name}; {how}",
            doc.json_path(&k.path)
        );
    }
    refuse_on_errors(Some(&doc), &plan.findings, &[], &name, io.stderr)?;
    let request = plan.request;

    // A secret the service does not return cannot be compared: it is neither a change nor a
    // reason to send (the drift gate must be able to pass on an unchanged file).
    let (changes, not_compared) = update_changes(&current, &plan.expected);
    for p in &not_compared {
        let _ = writeln!(
            io.stderr,
            "note: {}: not compared (the service does not return it)",
            doc.json_path(p)
        );
    }
    if changes.is_empty() {
        let _ = writeln!(
            io.stderr,
            "auth resource {resource} already has this config; nothing to update{}",
            if not_compared.is_empty() {
                ""
            } else {
                " (a secret is sent with the next change to its provider)"
            }
        );
        return Ok(());
    }
    // The config's notes (the SES one) go with a change, not with every run of a CI gate.
    super::rules::print_notes(&doc.config, io.stderr);
    let _ = writeln!(io.stderr, "changes to auth resource {resource}:");
    for c in &changes {
        let show = |v: &Option<String>| v.as_deref().map_or_else(|| "(none)".into(), sanitize_text);
        let _ = writeln!(
            io.stderr,
            "  {} {}: {} -> {}",
            c.kind(),
            doc.json_path(&c.path),
            show(&c.before),
            show(&c.after)
        );
    }

    if args.dry_run {
        let input = UpdateAuthInput {
            app_id: app.clone(),
            backend_environment_name: env.clone(),
            resource_config: request,
            resource_name: resource.clone(),
        };
        let mut v = serde_json::to_value(&input).map_err(|e| {
            Failure::new(
                crate::exit_code::OTHER,
                format!("could not encode the request: {e}"),
            )
        })?;
        mask_json(&mut v);
        emit(io.stdout, &v, &args.output, Human::Document)?;
        super::secret_refs::write_reads(io.stderr, &doc, &secrets_read);
        let _ = writeln!(
            io.stderr,
            "dry run: the request above (secrets masked) was not sent"
        );
        // Drift check: the deployed config differs from the file.
        if args.exit_code {
            return Err(Failure::silent(crate::exit_code::DIFFERENT));
        }
        return Ok(());
    }

    let what = format!("update auth resource {resource} in app {app}, environment {env}");
    let started = clients
        .update_auth(&app, &env, &resource, &request)
        .await
        .map_err(|e| start_refused(&what, &app, &env, &e))?;
    after_start(clients, started, &what, &args.wait, &args.output, io).await
}
