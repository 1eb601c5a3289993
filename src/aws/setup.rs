//! Connecting with everything checked up front: the profile exists, it can be used, a region is
//! known and credentials load. Each way this fails is a [`ConnectProblem`] with text that says
//! what to do, so the TUI's setup screen and the headless commands show the same words.
//!
//! The credentials are loaded once here and handed to the clients, so checking them does not
//! cost a second round trip for SSO, role or process credentials: the clients' first request
//! uses the credentials loaded here, and later refreshes go back to the SDK's chain.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};

use super::client::{AwsSettings, Clients, finish, load_sdk};
use super::error::{ApiError, ErrorKind, cause_chain};
use super::profiles::{self, ProfileInfo, ProfileKind, Profiles};

/// Why no working clients could be built, in terms of what the user can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectProblem {
    /// `--profile` (or `AWS_PROFILE`) names a profile neither file has.
    UnknownProfile {
        name: String,
        known: Vec<String>,
        config_file: String,
        credentials_file: String,
    },
    /// No region from `--region`, `AWS_REGION` or the profile.
    NoRegion { profile: Option<String> },
    /// No credentials anywhere, or they could not be loaded; `detail` says what the SDK found.
    NoCredentials {
        profile: Option<String>,
        detail: String,
    },
    /// An SSO profile whose session expired or was never started.
    SsoLoginNeeded { profile: String, detail: String },
    /// A role profile that needs an MFA code (`mfa_serial`), which the SDK cannot supply.
    MfaNotSupported { profile: String, mfa_serial: String },
    /// The config or credentials file cannot be parsed.
    ProfileFiles(String),
    /// Anything else that stops the clients being built (a malformed endpoint URL, an unusable
    /// CA bundle).
    Other(String),
}

impl ConnectProblem {
    /// The headless exit code (`exit_code`): a profile that does not exist is a usage
    /// error (2); every other credential, region or setup problem is 5.
    pub fn exit_code(&self) -> i32 {
        match self {
            ConnectProblem::UnknownProfile { .. } => 2,
            _ => 5,
        }
    }

    /// The profile the problem is about, if it is about one.
    pub fn profile(&self) -> Option<&str> {
        match self {
            ConnectProblem::UnknownProfile { name, .. } => Some(name),
            ConnectProblem::NoRegion { profile }
            | ConnectProblem::NoCredentials { profile, .. } => profile.as_deref(),
            ConnectProblem::SsoLoginNeeded { profile, .. }
            | ConnectProblem::MfaNotSupported { profile, .. } => Some(profile),
            ConnectProblem::ProfileFiles(_) | ConnectProblem::Other(_) => None,
        }
    }
}

impl std::fmt::Display for ConnectProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectProblem::UnknownProfile {
                name,
                known,
                config_file,
                credentials_file,
            } => {
                write!(
                    f,
                    "there is no AWS profile named {name:?} in {config_file} or {credentials_file}; "
                )?;
                if known.is_empty() {
                    write!(
                        f,
                        "no profiles are set up: run `aws configure --profile {name}` or `aws configure sso`"
                    )
                } else {
                    write!(f, "the known profiles are: {}", known.join(", "))
                }
            }
            ConnectProblem::NoRegion { profile } => {
                write!(f, "no AWS region is configured")?;
                if let Some(p) = profile {
                    write!(f, " for profile {p}")?;
                }
                write!(
                    f,
                    ": pass --region, set AWS_REGION, or set `region` in your AWS profile"
                )
            }
            ConnectProblem::NoCredentials { profile, detail } => {
                match profile {
                    Some(p) => write!(f, "no usable AWS credentials for profile {p}")?,
                    None => write!(f, "no AWS credentials were found")?,
                }
                if !detail.is_empty() {
                    write!(f, " ({detail})")?;
                }
                match profile {
                    Some(p) => write!(
                        f,
                        ": check the profile, or run `aws configure --profile {p}`"
                    ),
                    None => write!(
                        f,
                        ": pass --profile, run `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    ),
                }
            }
            ConnectProblem::SsoLoginNeeded { profile, .. } => write!(
                f,
                "the SSO session of profile {profile} has expired or was never started: \
                 run `aws sso login --profile {profile}`, then try again"
            ),
            ConnectProblem::MfaNotSupported {
                profile,
                mfa_serial,
            } => write!(
                f,
                "profile {profile} assumes a role that needs an MFA code (mfa_serial = {mfa_serial}), \
                 and amplify-auth cannot ask for it: the AWS SDK for Rust's profile credentials \
                 provider has no MFA token provider and would ask STS for the role without the \
                 code, which STS refuses. Get temporary credentials first, for example \
                 `eval \"$(aws configure export-credentials --profile {profile} --format env)\"` \
                 (it asks for the code), and run without --profile"
            ),
            ConnectProblem::ProfileFiles(e) => {
                write!(f, "the AWS config files cannot be read: {e}")
            }
            ConnectProblem::Other(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for ConnectProblem {}

impl From<ConnectProblem> for ApiError {
    fn from(p: ConnectProblem) -> ApiError {
        let kind = match &p {
            ConnectProblem::NoRegion { .. } => ErrorKind::Region,
            ConnectProblem::NoCredentials { .. }
            | ConnectProblem::SsoLoginNeeded { .. }
            | ConnectProblem::MfaNotSupported { .. } => ErrorKind::Credentials,
            _ => ErrorKind::Other,
        };
        ApiError::new("Connect", kind, p.to_string())
    }
}

/// Builds clients for `settings` (profile, region, endpoint, CA bundle) and proves they can be
/// used: the profile exists and is usable, a region is known and credentials load (within the
/// operation timeout). No AmplifyBackend call is made. This is what a setup screen or a
/// profile/region picker calls; on success the clients replace the old ones whole.
pub async fn try_connect(settings: &AwsSettings) -> Result<Clients, ConnectProblem> {
    let set = profiles::load_set()
        .await
        .map_err(|e| ConnectProblem::ProfileFiles(e.0))?;
    let known = profiles::describe(&set);
    let chosen = chosen_profile(settings, &known)?;
    let env_keys = std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty());
    // Keys in the environment come before any profile in the SDK's chain, so a profile's MFA
    // role would not be used at all then.
    if let Some(p) = chosen.filter(|_| !env_keys)
        && let Some(serial) = &p.mfa_serial
    {
        return Err(ConnectProblem::MfaNotSupported {
            profile: p.name.clone(),
            mfa_serial: serial.clone(),
        });
    }
    let profile_name = chosen.map(|p| p.name.clone());
    let sdk = load_sdk(settings, Some(&set))
        .await
        .map_err(|e| ConnectProblem::Other(e.detail))?;
    if sdk.region().is_none_or(|r| r.as_ref().trim().is_empty()) {
        return Err(ConnectProblem::NoRegion {
            profile: profile_name,
        });
    }
    let Some(provider) = sdk.credentials_provider() else {
        return Err(ConnectProblem::NoCredentials {
            profile: profile_name,
            detail: String::new(),
        });
    };
    let creds =
        match tokio::time::timeout(settings.timeouts.operation, provider.provide_credentials())
            .await
        {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => return Err(classify(&e, chosen, env_keys)),
            Err(_) => {
                return Err(ConnectProblem::NoCredentials {
                    profile: profile_name,
                    detail: format!(
                        "loading them took longer than {} s",
                        settings.timeouts.operation.as_secs()
                    ),
                });
            }
        };
    let sdk = sdk
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(FirstThen {
            first: Mutex::new(Some(creds)),
            then: provider,
        }))
        .build();
    finish(&sdk)
        .await
        .map_err(|e| ConnectProblem::Other(e.detail))
}

/// The profile the SDK will use: the one named, else `AWS_PROFILE`/`default` when it exists.
fn chosen_profile<'a>(
    settings: &AwsSettings,
    known: &'a Profiles,
) -> Result<Option<&'a ProfileInfo>, ConnectProblem> {
    match &settings.profile {
        Some(name) => match known.get(name) {
            Some(p) => Ok(Some(p)),
            None => Err(ConnectProblem::UnknownProfile {
                name: name.clone(),
                known: known.names(),
                config_file: known.config_file.display().to_string(),
                credentials_file: known.credentials_file.display().to_string(),
            }),
        },
        None => Ok(known.get(&known.selected)),
    }
}

/// A credentials failure in the user's terms: an SSO profile whose token is missing, expired or
/// refused needs `aws sso login`; anything else is shown with the SDK's reason.
fn classify(
    err: &CredentialsError,
    chosen: Option<&ProfileInfo>,
    env_keys: bool,
) -> ConnectProblem {
    let detail = cause_chain(err as &(dyn std::error::Error + 'static));
    let profile = chosen.map(|p| p.name.clone());
    if let Some(p) = chosen.filter(|p| p.kind == ProfileKind::Sso && !env_keys) {
        let lower = detail.to_ascii_lowercase();
        let login = [
            "sso token has expired",
            "cached sso token",
            "sso/cache",
            "sso\\cache",
            "unauthorizedexception",
            "session token not found or invalid",
        ];
        if login.iter().any(|k| lower.contains(k)) {
            return ConnectProblem::SsoLoginNeeded {
                profile: p.name.clone(),
                detail,
            };
        }
    }
    // "Not loaded" means no source had any: the SDK's words for that ("no providers in chain
    // provided credentials") add nothing, and neither does the instance-metadata lookup that
    // ends the chain off EC2. Say what the profile lacks instead, when there is one.
    let nothing_found = matches!(err, CredentialsError::CredentialsNotLoaded(_))
        || (detail.contains("IMDS") && chosen.is_none_or(|p| p.kind == ProfileKind::SettingsOnly));
    let detail = match chosen {
        Some(p) if nothing_found && p.kind == ProfileKind::SettingsOnly => {
            "it has no keys, SSO, role or credential_process".to_string()
        }
        _ if nothing_found => String::new(),
        _ => detail,
    };
    ConnectProblem::NoCredentials { profile, detail }
}

/// Hands out the credentials [`try_connect`] already loaded until they are close to expiring,
/// then asks the SDK's chain as usual.
#[derive(Debug)]
struct FirstThen {
    first: Mutex<Option<Credentials>>,
    then: SharedCredentialsProvider,
}

/// Loaded credentials this close to their expiry are not handed out again.
const FRESH_FOR: Duration = Duration::from_secs(60);

impl ProvideCredentials for FirstThen {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = first.as_ref() {
            let fresh = c
                .expiry()
                .is_none_or(|at| at > SystemTime::now() + FRESH_FOR);
            if fresh {
                return future::ProvideCredentials::ready(Ok(c.clone()));
            }
            *first = None;
        }
        self.then.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(key: &str, expires_in: Option<Duration>) -> Credentials {
        Credentials::new(
            key,
            "secret",
            None,
            expires_in.map(|d| SystemTime::now() + d),
            "test",
        )
    }

    async fn key_of(p: &FirstThen) -> String {
        p.provide_credentials()
            .await
            .unwrap()
            .access_key_id()
            .to_string()
    }

    #[tokio::test]
    async fn loaded_credentials_are_reused_until_close_to_expiry() {
        let later = SharedCredentialsProvider::new(creds("LATER", None));
        let fresh = FirstThen {
            first: Mutex::new(Some(creds("FIRST", Some(Duration::from_secs(3600))))),
            then: later.clone(),
        };
        assert_eq!(key_of(&fresh).await, "FIRST");
        assert_eq!(key_of(&fresh).await, "FIRST");
        let stale = FirstThen {
            first: Mutex::new(Some(creds("FIRST", Some(Duration::from_secs(10))))),
            then: later,
        };
        assert_eq!(key_of(&stale).await, "LATER");
        assert!(stale.first.lock().unwrap().is_none(), "dropped for good");
    }

    #[test]
    fn only_an_unknown_profile_is_a_usage_error() {
        let unknown = ConnectProblem::UnknownProfile {
            name: "x".into(),
            known: vec![],
            config_file: "c".into(),
            credentials_file: "k".into(),
        };
        assert_eq!(unknown.exit_code(), 2);
        assert!(unknown.to_string().contains("aws configure"), "{unknown}");
        let region = ConnectProblem::NoRegion { profile: None };
        assert_eq!(region.exit_code(), 5);
        assert_eq!(ApiError::from(region).kind, ErrorKind::Region);
        let sso = ConnectProblem::SsoLoginNeeded {
            profile: "p".into(),
            detail: String::new(),
        };
        assert_eq!(sso.exit_code(), 5);
        assert_eq!(ApiError::from(sso).kind, ErrorKind::Credentials);
    }
}
