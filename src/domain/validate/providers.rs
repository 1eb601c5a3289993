//! Social providers: client IDs and secrets, Sign in with Apple, and which provider can supply
//! which required attribute.

use super::super::apple_key::parse_apple_key;
use super::super::config::*;
use super::super::enums::*;
use super::{Out, PoolFacts, quote};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Provider {
    Facebook,
    Google,
    Amazon,
    Apple,
}

impl Provider {
    /// The key in SocialProviderSettings.
    fn key(self) -> &'static str {
        match self {
            Provider::Facebook => "Facebook",
            Provider::Google => "Google",
            Provider::Amazon => "LoginWithAmazon",
            Provider::Apple => "SignInWithApple",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Provider::Facebook => "Facebook",
            Provider::Google => "Google",
            Provider::Amazon => "Login with Amazon",
            Provider::Apple => "Sign in with Apple",
        }
    }
}

/// Which providers can supply each standard attribute: the Amplify CLI's `attributeProviderMap`
/// (amplify-category-auth string-maps.js). A provider that cannot supply a required attribute
/// cannot create users, so the CLI disables it; so do we.
fn attribute_sources(attr: &SignUpAttribute) -> &'static [Provider] {
    use Provider::*;
    use SignUpAttribute as A;
    match attr {
        A::Email => &[Facebook, Google, Amazon, Apple],
        A::Name => &[Facebook, Google, Amazon, Apple],
        A::GivenName => &[Facebook, Google, Apple],
        A::FamilyName => &[Facebook, Google, Apple],
        A::Birthdate => &[Facebook, Google],
        A::Gender => &[Facebook, Google],
        A::Picture => &[Facebook, Google],
        A::PhoneNumber => &[Google],
        A::MiddleName => &[Facebook],
        A::UpdatedAt => &[Facebook],
        A::Locale => &[Amazon],
        A::Address => &[],
        A::Nickname => &[],
        A::PreferredUsername => &[],
        A::Profile => &[],
        A::Website => &[],
        A::ZoneInfo => &[],
        A::Unknown(_) => &[],
    }
}

pub(super) fn check_social_providers(out: &mut Out, p: &SocialProviders, facts: &PoolFacts<'_>) {
    let base = "UserPoolConfigs.OAuth.SocialProviderSettings";
    let clients = [
        (Provider::Facebook, p.facebook.as_ref()),
        (Provider::Google, p.google.as_ref()),
        (Provider::Amazon, p.login_with_amazon.as_ref()),
    ];
    for (provider, client) in clients {
        if let Some(c) = client {
            check_provider_client(out, &format!("{base}.{}", provider.key()), provider, c);
        }
    }
    if let Some(apple) = &p.sign_in_with_apple {
        check_apple(out, &format!("{base}.SignInWithApple"), apple);
    }

    let Some(required) = facts.required else {
        return;
    };
    let configured = [
        (Provider::Facebook, p.facebook.is_some()),
        (Provider::Google, p.google.is_some()),
        (Provider::Amazon, p.login_with_amazon.is_some()),
        (Provider::Apple, p.sign_in_with_apple.is_some()),
    ];
    for (provider, on) in configured {
        let missing: Vec<String> = required
            .iter()
            .filter(|a| a.is_known() && !attribute_sources(a).contains(&provider))
            .map(|a| a.claim_name())
            .collect();
        if on && !missing.is_empty() {
            out.error(
                format!("{base}.{}", provider.key()),
                format!(
                    "{} cannot supply the required sign-up attribute{} {}, so users could not sign up with it.",
                    provider.label(),
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", ")
                ),
                format!(
                    "Remove {}, or stop requiring {} (required attributes are fixed once the pool exists).",
                    provider.label(),
                    missing.join(", ")
                ),
            );
        }
    }
}

/// Facebook, Google, Login with Amazon: Cognito refuses a provider without both client_id and
/// client_secret ("client_id, client_secret and authorize_scopes are all required idp details",
/// amplify-cli #8149). ID formats from the Cognito model's ProviderDetails examples.
fn check_provider_client(out: &mut Out, base: &str, provider: Provider, c: &ProviderClient) {
    let id_path = format!("{base}.ClientId");
    match c.client_id.as_deref().filter(|s| !s.trim().is_empty()) {
        None => out.error(
            &id_path,
            format!("The {} client ID is missing.", provider.label()),
            format!(
                "Enter the client ID from the {} developer console.",
                provider.label()
            ),
        ),
        Some(id) if id.trim() != id => out.error(
            &id_path,
            format!(
                "The {} client ID {} has spaces around it.",
                provider.label(),
                quote(id)
            ),
            format!("Use {}.", quote(id.trim())),
        ),
        // A block needs evidence that the value cannot work (Cognito stores ProviderDetails
        // unchecked, so a bad id deploys and then breaks sign-in): Google documents its client IDs
        // as ending in `.apps.googleusercontent.com`. For Amazon the only source is the Cognito
        // model's example, which is not evidence that no other form exists: a warning.
        Some(id) => match provider {
            Provider::Google => {
                let ok = id
                    .strip_suffix(".apps.googleusercontent.com")
                    .is_some_and(|head| !head.is_empty());
                if !ok {
                    out.error(
                        &id_path,
                        format!("The Google client ID {} does not end with .apps.googleusercontent.com.", quote(id)),
                        "Copy the OAuth 2.0 Web client ID from the Google Cloud console (APIs & Services > Credentials).",
                    );
                }
            }
            Provider::Amazon => {
                let ok = id
                    .strip_prefix("amzn1.application-oa2-client.")
                    .is_some_and(|tail| !tail.is_empty());
                if !ok {
                    out.warn(
                        &id_path,
                        format!("The Login with Amazon client ID {} does not start with amzn1.application-oa2-client., as Login with Amazon client IDs usually do.", quote(id)),
                        "Copy the Client ID from the Login with Amazon security profile's Web Settings.",
                    );
                }
            }
            // Meta documents no format for App IDs; every one seen is numeric, so only warn.
            Provider::Facebook => {
                if !id.chars().all(|c| c.is_ascii_digit()) {
                    out.warn(
                        &id_path,
                        format!("The Facebook App ID {} is not numeric; Facebook App IDs usually are.", quote(id)),
                        "Check you copied the App ID (App settings > Basic), not the app name or secret.",
                    );
                }
            }
            Provider::Apple => {}
        },
    }
    let secret_path = format!("{base}.ClientSecret");
    match &c.client_secret {
        Some(s) if !s.expose().trim().is_empty() => {
            if s.expose().trim() != s.expose() {
                out.error(
                    secret_path,
                    format!(
                        "The {} client secret has spaces or line breaks around it.",
                        provider.label()
                    ),
                    "Paste the secret again without surrounding whitespace.",
                );
            }
        }
        _ => out.error(
            secret_path,
            format!("The {} client secret is missing.", provider.label()),
            format!(
                "Enter the client secret from the {} developer console.",
                provider.label()
            ),
        ),
    }
}

/// Sign in with Apple (Cognito guide social-idp-apple; Apple: 10-character Team and Key IDs).
fn check_apple(out: &mut Out, base: &str, a: &AppleProvider) {
    // Services ID: a reverse-domain identifier such as com.example.app.
    let path = format!("{base}.ClientId");
    match a.client_id.as_deref().filter(|s| !s.is_empty()) {
        None => out.error(
            path,
            "The Services ID (ClientId) is missing.",
            "Enter the Services ID from Apple Developer > Identifiers > Services IDs, e.g. \"com.example.app.signin\".",
        ),
        Some(id) => {
            let parts: Vec<&str> = id.split('.').collect();
            let ok = parts.len() >= 2
                && parts.iter().all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if !ok {
                out.error(
                    path,
                    format!("The Services ID {} is not in reverse-domain form.", quote(id)),
                    "Use the Services ID identifier, e.g. \"com.example.app.signin\" (not the App ID prefix or Team ID).",
                );
            }
        }
    }
    // Evidence for blocking: Apple's Team IDs and Key IDs are 10 characters (Apple developer
    // documentation; the key file is `AuthKey_<10-char KEYID>.p8`). Any other value deploys
    // (Cognito stores it unchecked) and then fails every Sign in with Apple.
    check_apple_id(
        out,
        &format!("{base}.TeamId"),
        "Team ID",
        a.team_id.as_deref(),
        "Find it at the top right of the Apple Developer account page (Membership details).",
    );
    check_apple_id(
        out,
        &format!("{base}.KeyId"),
        "Key ID",
        a.key_id.as_deref(),
        "Find it under Certificates, Identifiers & Profiles > Keys; it is also in the file name AuthKey_<KEYID>.p8.",
    );

    // The key must parse and already be the bare base64 body: the AmplifyBackend job passes it
    // through unchanged, and Cognito refuses armoured keys (amplify-cli #8939, #11526).
    let path = format!("{base}.PrivateKey");
    let Some(key) = a
        .private_key
        .as_ref()
        .filter(|k| !k.expose().trim().is_empty())
    else {
        out.error(
            path,
            "The Sign in with Apple private key is missing.",
            "Load the AuthKey_<KEYID>.p8 file or paste its contents.",
        );
        return;
    };
    match parse_apple_key(key.expose().as_bytes()) {
        Err(e) => out.error(path, e.problem(), e.fix()),
        Ok(parsed) if parsed.body.expose() != key.expose() => {
            let what = if key.expose().contains("-----") {
                "The private key still has its BEGIN/END lines"
            } else if key.expose().chars().any(char::is_whitespace) {
                "The private key contains line breaks or spaces"
            } else {
                "The private key is not in the bare base64 form"
            };
            out.error(
                path,
                format!("{what}; Cognito rejects such keys with \"Provided private key cannot be used for Sign in with Apple\"."),
                "Send only the base64 body: remove the -----BEGIN/END PRIVATE KEY----- lines and every line break (loading the .p8 file in this app does it for you).",
            );
        }
        Ok(_) => {}
    }
}

fn check_apple_id(out: &mut Out, path: &str, what: &str, v: Option<&str>, where_: &str) {
    match v.filter(|s| !s.is_empty()) {
        None => out.error(path, format!("The Apple {what} is missing."), where_),
        Some(id) => {
            let ok = id.len() == 10
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !ok {
                let upper = id.trim().to_ascii_uppercase();
                let fix = if upper.len() == 10 && upper.chars().all(|c| c.is_ascii_alphanumeric()) {
                    format!("Use {}.", quote(&upper))
                } else {
                    where_.to_string()
                };
                out.error(
                    path,
                    format!(
                        "The Apple {what} {} must be exactly 10 upper-case letters or digits.",
                        quote(id)
                    ),
                    fix,
                );
            }
        }
    }
}
