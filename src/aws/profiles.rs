//! The user's AWS profiles, read from the same files the SDK reads (`AWS_CONFIG_FILE`,
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and `~/.aws/credentials`), so a picker can
//! offer them with their region and the kind of credentials each holds.
//!
//! Parsing is the SDK's own (`aws_config::profile::load`): a profile this lists is a profile the
//! SDK will find, with the same merging of the two files and the same `[profile x]` rules.

use std::fmt;
use std::path::PathBuf;

use aws_config::profile::{Profile, ProfileSet};
use aws_runtime::env_config::file::EnvConfigFiles as ProfileFiles;
use aws_types::os_shim_internal::{Env, Fs};

/// Where a profile's credentials come from, as far as its settings say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileKind {
    /// `aws_access_key_id` and `aws_secret_access_key`.
    Keys,
    /// IAM Identity Center: `sso_session` or `sso_start_url`.
    Sso,
    /// `role_arn` with a `source_profile` or `credential_source`.
    Role,
    /// `credential_process`.
    Process,
    /// `web_identity_token_file` with `role_arn`.
    WebIdentity,
    /// None of the above: the profile holds settings only (a region, an endpoint).
    SettingsOnly,
}

impl ProfileKind {
    /// One word for a list.
    pub fn label(self) -> &'static str {
        match self {
            ProfileKind::Keys => "keys",
            ProfileKind::Sso => "SSO",
            ProfileKind::Role => "role",
            ProfileKind::Process => "process",
            ProfileKind::WebIdentity => "web identity",
            ProfileKind::SettingsOnly => "no credentials",
        }
    }
}

impl fmt::Display for ProfileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One profile, as a picker shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    pub region: Option<String>,
    pub kind: ProfileKind,
    /// `endpoint_url` of the profile (a sandbox, a proxy), when set.
    pub endpoint_url: Option<String>,
    /// `mfa_serial` of this profile or of a role profile its `source_profile` chain goes through:
    /// such a profile cannot be used (see [`crate::aws::ConnectProblem::MfaNotSupported`]).
    pub mfa_serial: Option<String>,
}

/// The profiles found, sorted by name, and which one applies when none is chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profiles {
    pub profiles: Vec<ProfileInfo>,
    /// `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
    pub selected: String,
    /// The files read, for messages ("no profiles in …").
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
}

impl Profiles {
    pub fn get(&self, name: &str) -> Option<&ProfileInfo> {
        self.profiles.iter().find(|p| p.name == name)
    }

    pub fn names(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.name.clone()).collect()
    }
}

/// The profile files could not be read or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFilesError(pub String);

impl fmt::Display for ProfileFilesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the AWS config files cannot be read: {}", self.0)
    }
}

impl std::error::Error for ProfileFilesError {}

/// Reads the user's AWS config and credentials files. Missing files are no error (no profiles).
pub async fn list_profiles() -> Result<Profiles, ProfileFilesError> {
    let set = load_set().await?;
    Ok(describe(&set))
}

pub(crate) async fn load_set() -> Result<ProfileSet, ProfileFilesError> {
    aws_config::profile::load(&Fs::real(), &Env::real(), &ProfileFiles::default(), None)
        .await
        .map_err(|e| {
            ProfileFilesError(crate::aws::error::cause_chain(
                &e as &(dyn std::error::Error + 'static),
            ))
        })
}

pub(crate) fn describe(set: &ProfileSet) -> Profiles {
    let mut profiles: Vec<ProfileInfo> = set
        .profiles()
        .filter_map(|name| set.get_profile(name))
        .map(|p| ProfileInfo {
            name: p.name().to_string(),
            region: non_empty(p.get("region")),
            kind: kind_of(p),
            endpoint_url: non_empty(p.get("endpoint_url")),
            mfa_serial: mfa_in_chain(set, p),
        })
        .collect();
    profiles.sort_by(|a, b| a.name.cmp(&b.name));
    Profiles {
        profiles,
        selected: set.selected_profile().to_string(),
        config_file: file_path("AWS_CONFIG_FILE", "config"),
        credentials_file: file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    }
}

fn non_empty(v: Option<&str>) -> Option<String> {
    v.map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The kind the SDK's profile provider will use, in its order: a role first (it wraps whatever
/// its source is), then web identity, SSO, static keys, a process.
fn kind_of(p: &Profile) -> ProfileKind {
    let has = |k: &str| non_empty(p.get(k)).is_some();
    if has("role_arn") && has("web_identity_token_file") {
        ProfileKind::WebIdentity
    } else if has("role_arn") {
        ProfileKind::Role
    } else if has("sso_session") || has("sso_start_url") || has("sso_account_id") {
        ProfileKind::Sso
    } else if has("aws_access_key_id") {
        ProfileKind::Keys
    } else if has("credential_process") {
        ProfileKind::Process
    } else {
        ProfileKind::SettingsOnly
    }
}

/// The first `mfa_serial` on a role profile along the `source_profile` chain starting at `p`.
/// The SDK would assume those roles without an MFA code and STS would refuse.
fn mfa_in_chain(set: &ProfileSet, p: &Profile) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut cur = Some(p);
    while let Some(profile) = cur {
        if seen.contains(&profile.name()) {
            return None;
        }
        seen.push(profile.name());
        // Only role profiles ask STS for anything; the chain ends at the first one that is not.
        non_empty(profile.get("role_arn"))?;
        if let Some(serial) = non_empty(profile.get("mfa_serial")) {
            return Some(serial);
        }
        cur = profile
            .get("source_profile")
            .and_then(|s| set.get_profile(s.trim()));
    }
    None
}

/// Where the SDK reads a file from, for messages: the variable, else `~/.aws/NAME`.
fn file_path(var: &str, name: &str) -> PathBuf {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => dirs::home_dir().unwrap_or_default().join(".aws").join(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse(config: &str, credentials: &str) -> Profiles {
        let fs = Fs::from_slice(&[("/c", config), ("/k", credentials)]);
        let env = Env::from_slice(&[
            ("AWS_CONFIG_FILE", "/c"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/k"),
        ]);
        let set = aws_config::profile::load(&fs, &env, &ProfileFiles::default(), None)
            .await
            .unwrap();
        describe(&set)
    }

    #[tokio::test]
    async fn profiles_from_both_files_with_region_and_kind() {
        let config = "\
[default]
region = eu-west-1
[profile corp]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = us-east-2
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
[profile mfa]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::111122223333:mfa/me
[profile chained]
role_arn = arn:aws:iam::111122223333:role/Other
source_profile = mfa
[profile tool]
credential_process = /usr/bin/get-creds
[profile local]
region = us-east-1
endpoint_url = http://127.0.0.1:4000
";
        let credentials = "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n";
        let p = parse(config, credentials).await;
        let row = |n: &str| p.get(n).unwrap().clone();
        assert_eq!(
            p.names(),
            [
                "admin", "chained", "corp", "default", "local", "mfa", "tool"
            ]
        );
        assert_eq!(row("default").kind, ProfileKind::Keys);
        assert_eq!(row("default").region.as_deref(), Some("eu-west-1"));
        assert_eq!(row("corp").kind, ProfileKind::Sso);
        assert_eq!(row("corp").region.as_deref(), Some("us-east-2"));
        assert_eq!(row("admin").kind, ProfileKind::Role);
        assert_eq!(row("admin").mfa_serial, None);
        assert_eq!(
            row("mfa").mfa_serial.as_deref(),
            Some("arn:aws:iam::111122223333:mfa/me")
        );
        assert!(row("chained").mfa_serial.is_some(), "MFA further down");
        assert_eq!(row("tool").kind, ProfileKind::Process);
        assert_eq!(row("local").kind, ProfileKind::SettingsOnly);
        assert_eq!(
            row("local").endpoint_url.as_deref(),
            Some("http://127.0.0.1:4000")
        );
        assert_eq!(p.selected, "default");
    }

    #[tokio::test]
    async fn a_source_profile_loop_does_not_hang() {
        let config = "\
[profile a]
role_arn = arn:aws:iam::1:role/A
source_profile = b
[profile b]
role_arn = arn:aws:iam::1:role/B
source_profile = a
";
        let p = parse(config, "").await;
        assert_eq!(p.get("a").unwrap().mfa_serial, None);
        assert_eq!(p.get("a").unwrap().kind, ProfileKind::Role);
    }
}
