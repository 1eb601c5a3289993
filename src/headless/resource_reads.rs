//! The two reads of one deployed auth resource that several commands share (`outputs`, `gen2`,
//! `checklist`, `get-hosted-ui`): what the deployment assigned, from GetBackend's meta, and the
//! resource's config, from GetBackendAuth. Kept apart from any one command so commands depend on
//! it and never on each other.

use crate::aws::Clients;
use crate::aws::meta::parse_meta;
use crate::aws::overview::throttled;
use crate::domain::AuthConfig;
use crate::domain::frontend::DeployedAuth;
use crate::exit_code::{self, Failure};

/// What GetBackend's meta says the deployment of `resource` assigned.
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
            exit_code::SERVICE,
            format!("GetBackend for app {app}, environment {env} returned no readable AmplifyMetaConfig, so the deployed ids are unknown"),
        )
    })?;
    DeployedAuth::from_meta(&meta, resource, &clients.region)
        .map_err(|e| Failure::new(exit_code::SERVICE, e.to_string()))
}

/// GetBackendAuth: the resource's config.
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
