//! Names and IDs outside the resource config: resource, environment and app names, and the
//! ImportBackendAuth IDs.

use super::super::finding::Finding;
use super::{Out, describe, error, keep, quote};

/// A resource name (the auth resource's name in the Amplify project): ASCII letters and digits,
/// 1 to 128 (Amplify CLI rule; Amplify builds CloudFormation logical IDs from it).
pub fn validate_resource_name(name: &str) -> Option<Finding> {
    let path = "ResourceName";
    if name.is_empty() || name.chars().count() > 128 {
        return Some(error(
            path,
            format!(
                "The resource name {} must have 1 to 128 characters.",
                quote(name)
            ),
            "Use a short name of letters and digits, e.g. \"myappauth\".",
        ));
    }
    if let Some(c) = name.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Some(error(
            path,
            format!(
                "The resource name {} contains {}; only ASCII letters and digits are allowed.",
                quote(name),
                describe(c)
            ),
            format!("Use {}.", quote(&keep(name, |c| c.is_ascii_alphanumeric()))),
        ));
    }
    None
}

/// The backend environment name rule, as the Amplify CLI writes it
/// (`amplify-cli/src/init-steps/s0-analyzeProject.ts`). AmplifyBackend's jobs run the CLI, so a
/// name it refuses fails the job; the hosting API's own `EnvironmentName` (1-255, anything) is
/// looser and would let such a name through to fail later.
pub const ENV_NAME_PATTERN: &str = "^[a-z]{2,10}$";
/// The CLI's own message for a name outside [`ENV_NAME_PATTERN`].
pub const ENV_NAME_MESSAGE: &str =
    "Environment name must be between 2 and 10 characters, and lowercase only.";

/// A backend environment name: [`ENV_NAME_PATTERN`], with the CLI's message [`ENV_NAME_MESSAGE`].
pub fn validate_env_name(name: &str) -> Option<Finding> {
    let ok =
        (2..=10).contains(&name.chars().count()) && name.chars().all(|c| c.is_ascii_lowercase());
    (!ok).then(|| {
        error(
            "BackendEnvironmentName",
            format!(
                "{} is not a valid environment name. {ENV_NAME_MESSAGE} (Amplify CLI rule {ENV_NAME_PATTERN})",
                quote(name)
            ),
            format!(
                "Use a name such as \"dev\", \"staging\" or \"prod\"{}.",
                match keep(&name.to_ascii_lowercase(), |c| c.is_ascii_lowercase()) {
                    k if (2..=10).contains(&k.chars().count()) && k != name =>
                        format!(", or {}", quote(&k)),
                    _ => String::new(),
                }
            ),
        )
    })
}

/// An Amplify app ID: `d` and lower-case letters or digits, up to 20 (Amplify model `AppId`).
pub fn validate_app_id(app_id: &str) -> Option<Finding> {
    let ok = app_id.len() <= 20
        && app_id.starts_with('d')
        && app_id.len() > 1
        && app_id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (!ok).then(|| {
        error(
            "AppId",
            format!(
                "The app ID {} is not an Amplify app ID (\"d\" and up to 19 lower-case letters or digits).",
                quote(app_id)
            ),
            "Copy the app ID from the Amplify console (App settings > General) or `aws amplify list-apps`.",
        )
    })
}

/// The ImportBackendAuth inputs, in Cognito's formats. Paths are the request's member names.
pub fn validate_import(
    user_pool_id: &str,
    web_client_id: &str,
    native_client_id: &str,
    identity_pool_id: Option<&str>,
) -> Vec<Finding> {
    let mut out = Out::default();
    // Cognito model UserPoolIdType: 1-55, `[\w-]+_[0-9a-zA-Z]+`; the part before `_` is the Region.
    let pool_region = match user_pool_id.split_once('_') {
        Some((region, id))
            if user_pool_id.len() <= 55
                && is_region(region)
                && !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Some(region)
        }
        _ => {
            out.error(
                "UserPoolId",
                format!(
                    "{} is not a user pool ID (Region, \"_\", letters and digits).",
                    quote(user_pool_id)
                ),
                "Copy it from the Cognito console, e.g. \"us-east-1_AbCdEf123\".",
            );
            None
        }
    };
    // Cognito model ClientIdType: 1-128, `[\w+]+`.
    for (path, id) in [
        ("WebClientId", web_client_id),
        ("NativeClientId", native_client_id),
    ] {
        let ok = (1..=128).contains(&id.chars().count())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
        if !ok {
            out.error(
                path,
                format!("{} is not an app client ID.", quote(id)),
                "Copy the client ID from the user pool's App integration tab (26 letters and digits).",
            );
        }
    }
    // The Amplify CLI wants a web client (no secret) and a native client (with a secret) and
    // warns when one client serves both (import/messages.ts).
    if !web_client_id.is_empty() && web_client_id == native_client_id {
        out.warn(
            "NativeClientId",
            "The web and native client are the same app client.",
            "Use a client without a secret for web and one with a secret for native apps, unless you only have one kind of app.",
        );
    }
    if let Some(ip) = identity_pool_id {
        // Cognito Identity model IdentityPoolId: 1-55, `[\w-]+:[0-9a-f-]+`; the service issues
        // `<region>:<uuid>`.
        match ip.split_once(':') {
            Some((region, uuid)) if is_region(region) && is_uuid(uuid) => {
                if let Some(pr) = pool_region.filter(|pr| *pr != region) {
                    out.warn(
                        "IdentityPoolId",
                        format!("The identity pool is in {region} but the user pool is in {pr}."),
                        "Import an identity pool from the user pool's Region.",
                    );
                }
            }
            _ => out.error(
                "IdentityPoolId",
                format!(
                    "{} is not an identity pool ID (Region, \":\", lower-case UUID).",
                    quote(ip)
                ),
                "Copy it from the Cognito console, e.g. \"us-east-1:0b5c6a2e-1d4f-4e8a-9c3b-2f7e8d9a0b1c\".",
            ),
        }
    }
    out.finish()
}

/// An AWS Region name such as `us-east-1` or `us-gov-west-1`.
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// A lower-case UUID `8-4-4-4-12`, the form Cognito issues.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| {
            g.len() == n
                && g.chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_follow_the_cli_rule_with_its_message() {
        for ok in ["dev", "qa", "staging", "abcdefghij"] {
            assert_eq!(validate_env_name(ok), None, "{ok}");
        }
        let f = validate_env_name("QA").unwrap();
        assert_eq!(f.path, "BackendEnvironmentName");
        assert!(f.message.contains(ENV_NAME_MESSAGE), "{}", f.message);
        assert!(f.message.contains("^[a-z]{2,10}$"), "{}", f.message);
        assert!(f.fix.contains("\"qa\""), "{}", f.fix);
        for bad in ["a", "abcdefghijk", "dev1", "my-env", ""] {
            assert!(validate_env_name(bad).is_some(), "{bad}");
        }
    }
}
