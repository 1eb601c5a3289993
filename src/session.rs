//! What the app is connected to: the clients, the embedded sandbox when that is the target, and
//! how to name the connection in the header. The CLI builds the first one; the TUI builds the
//! next ones when the user picks another profile, region or the sandbox, without restarting.

use crate::aws::{self, AwsSettings, Clients, ConnectProblem};
use crate::sandbox::{self, SandboxHandle, SandboxOptions, StatePath};

/// Where the clients point, as the header and the pickers show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionInfo {
    /// The profile in use (named, or the one the SDK selected), `None` without one.
    pub profile: Option<String>,
    pub region: String,
    /// An endpoint override (`--endpoint-url`, the profile's `endpoint_url`), when known.
    pub endpoint: Option<String>,
    /// The embedded sandbox: no AWS account behind it.
    pub sandbox: bool,
}

impl SessionInfo {
    /// The header's words for the target: the sandbox is marked as such in capitals, so it is
    /// never mistaken for an account.
    pub fn label(&self) -> String {
        if self.sandbox {
            return "SANDBOX (local, no AWS account)".to_string();
        }
        let who = match &self.profile {
            Some(p) => format!("profile {p}"),
            None => "no profile (environment)".to_string(),
        };
        match &self.endpoint {
            Some(url) => format!("{who} → {url}"),
            None => who,
        }
    }
}

/// Working clients and, for the embedded sandbox, the server they talk to (it must live as long
/// as the clients are used).
pub struct Session {
    pub clients: Clients,
    pub sandbox: Option<SandboxHandle>,
    pub info: SessionInfo,
}

/// The embedded sandbox, as `--sandbox` starts it: the state file in the user's data directory,
/// seeded with the demo app.
pub async fn embedded_sandbox() -> Result<Session, sandbox::SandboxError> {
    let opts = SandboxOptions {
        state: StatePath::File(sandbox::default_state_path()),
        demo: true,
        ..SandboxOptions::default()
    };
    let handle = sandbox::start(opts).await?;
    let clients = aws::clients_from_static(
        &handle.endpoint,
        &handle.access_key_id,
        &handle.secret_access_key,
        &handle.region,
        aws::Timeouts::default(),
    );
    let info = SessionInfo {
        profile: None,
        region: handle.region.clone(),
        endpoint: Some(handle.endpoint.clone()),
        sandbox: true,
    };
    Ok(Session {
        clients,
        sandbox: Some(handle),
        info,
    })
}

/// Clients for `settings`, checked up front ([`aws::try_connect`]), with the profile the SDK
/// used and where the calls go.
pub async fn connect(settings: &AwsSettings) -> Result<Session, ConnectProblem> {
    let clients = aws::try_connect(settings).await?;
    // The profile the SDK picked when none was named: AWS_PROFILE, else `default` if it exists.
    let profile = match &settings.profile {
        Some(p) => Some(p.clone()),
        None => aws::list_profiles()
            .await
            .ok()
            .filter(|ps| ps.get(&ps.selected).is_some())
            .map(|ps| ps.selected),
    };
    let overridden = settings.endpoint_url.is_some()
        || clients.backend_endpoint.starts_with("http://")
        || !clients.backend_endpoint.contains(".amazonaws.com");
    let info = SessionInfo {
        profile,
        region: clients.region.clone(),
        endpoint: overridden.then(|| clients.backend_endpoint.clone()),
        sandbox: false,
    };
    Ok(Session {
        clients,
        sandbox: None,
        info,
    })
}
