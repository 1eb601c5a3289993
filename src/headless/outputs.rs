//! `outputs`: the frontend config file (`amplifyconfiguration.json`, `aws-exports.js` or
//! `amplify_outputs.json`) of a deployed auth resource, on stdout or into `--out FILE`.
//!
//! Two reads: GetBackend for what the deployment assigned (ids, region, the hosted UI domain with
//! its env suffix) and GetBackendAuth for the settings. The mapping is `domain::frontend`.

use super::args::OutputsArgs;
use super::exit::{self, Failure, Outcome};
use super::{Scope, Streams, require_scope, resolve_resource};
use crate::aws::Clients;
use crate::aws::meta::parse_meta;
use crate::aws::overview::throttled;
use crate::domain::AuthConfig;
use crate::domain::frontend::{DeployedAuth, render};

pub async fn run(
    args: &OutputsArgs,
    scope: &Scope,
    clients: &Clients,
    io: &mut Streams<'_>,
) -> Outcome {
    let (app, env) = require_scope(scope, "outputs")?;
    let resource = resolve_resource(clients, app, env, args.resource.as_deref(), "outputs").await?;
    let deployed = read_deployed(clients, app, env, &resource)
        .await
        .map_err(|e| prefix(e, args.format.file_name()))?;
    let config = read_config(clients, app, env, &resource).await?;
    let text = render(args.format, &config, &deployed).map_err(|e| {
        Failure::new(
            exit::SERVICE,
            format!("cannot write {}: {e}", args.format.file_name()),
        )
    })?;
    match &args.out {
        None => io.stdout.write_all(text.as_bytes())?,
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| Failure::usage(format!("could not write {path}: {e}")))?;
            let _ = writeln!(
                io.stderr,
                "wrote {path} ({}) for auth resource {resource} of app {app}, environment {env}",
                args.format.file_name()
            );
        }
    }
    Ok(())
}

fn prefix(mut f: Failure, file: &str) -> Failure {
    f.message = format!("cannot write {file}: {}", f.message);
    f
}

/// What GetBackend's meta says the deployment of `resource` assigned (also used by `checklist`).
pub(super) async fn read_deployed(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
) -> Result<DeployedAuth, Failure> {
    let info = throttled(|| clients.get_backend(app, Some(env)))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read the backend of app {app}, environment {env}"),
                &e,
            )
        })?;
    let meta = info.raw_meta.as_deref().and_then(parse_meta).ok_or_else(|| {
        Failure::new(
            exit::SERVICE,
            format!("GetBackend for app {app}, environment {env} returned no readable AmplifyMetaConfig, so the deployed ids are unknown"),
        )
    })?;
    DeployedAuth::from_meta(&meta, resource, &clients.region)
        .map_err(|e| Failure::new(exit::SERVICE, e.to_string()))
}

/// GetBackendAuth: the resource's config (also used by `checklist`).
pub(super) async fn read_config(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
) -> Result<AuthConfig, Failure> {
    throttled(|| clients.get_auth(app, env, resource))
        .await
        .map_err(|e| {
            Failure::service(
                &format!("could not read auth resource {resource} of app {app}, environment {env}"),
                &e,
            )
        })
}
