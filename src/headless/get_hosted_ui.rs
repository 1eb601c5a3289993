//! `get`'s note on the hosted UI: the Cognito domain and the `/oauth2/idpresponse` URL to register
//! with each social provider. The deployed value comes from GetBackend's meta output
//! (`HostedUIDomain`, which carries the env suffix); before it is deployed the domain is computed
//! the way the service's auth stack names it (`domain::hosted_ui`).

use super::resource_reads::read_deployed;
use crate::aws::Clients;
use crate::domain::AuthConfig;
use crate::domain::hosted_ui::{cognito_domain, hosted_ui_url};

/// The lines to print on stderr, none when the resource has no hosted UI.
pub(super) async fn hosted_ui_lines(
    clients: &Clients,
    app: &str,
    env: &str,
    resource: &str,
    config: &AuthConfig,
) -> Vec<String> {
    let Some(prefix) = config
        .user_pool
        .oauth
        .as_ref()
        .and_then(|o| o.domain_prefix.as_deref())
    else {
        return vec![];
    };
    let deployed = read_deployed(clients, app, env, resource)
        .await
        .ok()
        .and_then(|d| d.hosted_ui_host());
    let (host_url, whence) = match deployed {
        Some(host) => (
            format!("https://{host}"),
            "as deployed, from the backend meta",
        ),
        None => (
            hosted_ui_url(&cognito_domain(prefix, env), &clients.region),
            "computed from DomainPrefix and the environment: not in the backend meta yet",
        ),
    };
    vec![
        format!("note: hosted UI {host_url} ({whence})"),
        format!(
            "note: redirect URL to register with each social provider: {host_url}/oauth2/idpresponse"
        ),
    ]
}
