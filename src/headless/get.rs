//! `get`: the config as a `create-backend-auth --cli-input-json` document on stdout (JSON by
//! default; `--output yaml` writes the same document as YAML, which `update --input` reads back).

use super::args::GetArgs;
use super::output::{Human, emit};
use super::secrets::missing_secret_paths;
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::Clients;
use crate::aws::overview::throttled;
use crate::domain::CreateAuthInput;
use crate::domain::secret_ref::put_env_refs;
use crate::exit_code::{Failure, Outcome};

pub async fn run(
    args: &GetArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "get")?;
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "get").await?;
    if args.live {
        return super::live::print_live(clients, app, env, &resource, &args.output, io).await;
    }
    let config = throttled(|| clients.get_auth(app, env, &resource))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read auth resource {resource} of app {app}, environment {env}"),
                &e,
            )
        })?;
    let hosted_ui =
        super::get_hosted_ui::hosted_ui_lines(clients, app, env, &resource, &config).await;
    let stripped = config.without_secrets();
    let had_secrets = stripped != config;
    // The secrets the service did not return (Cognito never returns the Apple key).
    let absent: Vec<String> = missing_secret_paths(config.user_pool.oauth.as_ref())
        .into_iter()
        .map(|p| format!("UserPoolConfigs.OAuth.{p}"))
        .collect();
    let mut resource_config = if args.include_secrets {
        config
    } else {
        stripped
    };
    let refs = if args.secrets_as_refs {
        put_env_refs(resource_config.user_pool.oauth.as_mut(), &absent)
    } else {
        Vec::new()
    };
    let doc_resource = resource.clone();
    let doc = CreateAuthInput {
        app_id: app.to_string(),
        backend_environment_name: env.to_string(),
        resource_config,
        resource_name: resource,
    };
    let value = serde_json::to_value(&doc).map_err(|e| {
        Failure::new(
            crate::exit_code::OTHER,
            format!("could not encode the config: {e}"),
        )
    })?;
    emit(io.stdout, &value, &args.output, Human::Document)?;
    for line in &hosted_ui {
        let _ = writeln!(io.stderr, "{line}");
    }
    // Said here, not only when `update` refuses the file later.
    if super::is_imported(clients, app, env, &doc_resource).await? {
        let _ = writeln!(
            io.stderr,
            "note: {}; `update` refuses this file",
            super::imported_way_on(&doc_resource)
        );
    }
    for (path, reference) in &refs {
        let _ = writeln!(
            io.stderr,
            "note: ResourceConfig.{path} is {reference} (the service does not return it); set that variable where the file is applied"
        );
    }
    if had_secrets && !args.include_secrets {
        let _ = writeln!(
            io.stderr,
            "note: client secrets and private keys are left out (pass --include-secrets to include them); `update` keeps the stored ones where the service returns them"
        );
    } else if had_secrets {
        let _ = writeln!(
            io.stderr,
            "warning: the output contains client secrets or private keys; keep it out of git and logs"
        );
    }
    Ok(())
}
