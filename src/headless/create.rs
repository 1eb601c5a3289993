//! `create --input FILE|-`: validate locally, then CreateBackendAuth.

use super::args::CreateArgs;
use super::jobrun::{after_start, refuse_if_auth_exists, start_refused};
use super::output::{Human, emit};
use super::{Scope, Streams, pick_targets, refuse_on_errors, rules, split_name_findings};
use crate::aws::Clients;
use crate::config_file::read::{ConfigInput, parse, read_source};
use crate::domain::CreateAuthInput;
use crate::domain::secret::mask_json;
use crate::exit_code::{Failure, Outcome};

pub async fn run(
    args: &CreateArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let source = read_source(&args.input, io.stdin)?;
    let mut doc = parse(source)?;
    let secrets =
        super::secret_refs::resolve_document(&mut doc, false, &args.secrets.access(), io.stderr)?;
    let name = doc.source.name.clone();
    let ConfigInput::Full(config) = &doc.config else {
        return Err(Failure::invalid(format!(
            "{name}: this is an update request (its UserPoolConfigs has no UserPoolName, SignInMethod or RequiredSignUpAttributes); create needs the whole config, e.g. from `amplify-auth get` or `aws amplifybackend create-backend-auth --generate-cli-skeleton`"
        )));
    };
    let [app, env, resource] = pick_targets(scope, args.resource.as_deref(), &doc, io.stderr);
    let (Some(app), Some(env), Some(resource)) = (&app, &env, &resource) else {
        let missing: Vec<&str> = [
            (app.is_none(), "--app-id (or AppId in the file)"),
            (
                env.is_none(),
                "--env (or BackendEnvironmentName in the file)",
            ),
            (
                resource.is_none(),
                "--resource (or ResourceName in the file)",
            ),
        ]
        .into_iter()
        .filter_map(|(m, what)| m.then_some(what))
        .collect();
        return Err(Failure::usage(format!(
            "create needs {}",
            missing.join(", ")
        )));
    };

    let name_findings = rules::check_ids(Some(&app.value), Some(&env.value), Some(&resource.value));
    let (mut file_findings, flag_findings) = split_name_findings(
        name_findings,
        &[
            ("AppId", "--app-id", Some(app)),
            ("BackendEnvironmentName", "--env", Some(env)),
            ("ResourceName", "--resource", Some(resource)),
        ],
    );
    file_findings.extend(rules::check_config(config));
    file_findings.extend(rules::check_domain_in_env(config, &env.value));
    refuse_on_errors(Some(&doc), &file_findings, &flag_findings, &name, io.stderr)?;
    rules::print_notes(&doc.config, io.stderr);

    if args.dry_run {
        let request = CreateAuthInput {
            app_id: app.value.clone(),
            backend_environment_name: env.value.clone(),
            resource_config: config.clone(),
            resource_name: resource.value.clone(),
        };
        let mut v = serde_json::to_value(&request).map_err(|e| {
            Failure::new(
                crate::exit_code::OTHER,
                format!("could not encode the request: {e}"),
            )
        })?;
        mask_json(&mut v);
        emit(io.stdout, &v, &args.output, Human::Document)?;
        super::secret_refs::write_reads(io.stderr, &doc, &secrets.read);
        let _ = writeln!(
            io.stderr,
            "dry run: the request above (secrets masked) was not sent"
        );
        return Ok(());
    }

    refuse_if_auth_exists(clients, &app.value, &env.value, |existing| {
        format!(
            "this create would fail; nothing was sent. To change {existing}: `amplify-auth update --input {name}` (with ResourceName {existing}), or `amplify-auth edit --input {name}`; to replace it: `amplify-auth delete` first"
        )
    })
    .await?;
    let what = format!(
        "create auth resource {} in app {}, environment {}",
        resource.value, app.value, env.value
    );
    let started = clients
        .create_auth(&app.value, &env.value, &resource.value, config)
        .await
        .map_err(|e| start_refused(&what, &app.value, &env.value, &e))?;
    after_start(clients, started, &what, &args.wait, &args.output, io).await
}
