//! Secrets across a `get` → edit → `update` round trip.
//!
//! `get` leaves secrets out, and the rules require them on every update (the request replaces
//! the provider settings whole). When the file leaves a secret out and the current config read
//! from the service has one for the same client, the stored one is kept: that is what the person
//! editing the file meant. A changed client ID never inherits the old client's secret.

use crate::domain::{OAuthConfig, ProviderClient, Secret, SocialProviders};

fn missing(s: &Option<Secret>) -> bool {
    s.as_ref().is_none_or(|s| s.expose().trim().is_empty())
}

fn present(s: &Option<Secret>) -> Option<&Secret> {
    s.as_ref().filter(|s| !s.expose().trim().is_empty())
}

/// Fills the secrets `edited` leaves out from `current`, for providers with the same client (and
/// for Apple the same key ID). Returns the paths filled, relative to `UserPoolConfigs.OAuth`.
pub fn carry_oauth_secrets(
    current: Option<&OAuthConfig>,
    edited: Option<&mut OAuthConfig>,
) -> Vec<String> {
    let mut out = Vec::new();
    let (Some(cur), Some(ed)) = (
        current.and_then(|o| o.social_providers.as_ref()),
        edited.and_then(|o| o.social_providers.as_mut()),
    ) else {
        return out;
    };
    let pairs: [(&str, Option<&ProviderClient>, Option<&mut ProviderClient>); 3] = [
        ("Facebook", cur.facebook.as_ref(), ed.facebook.as_mut()),
        ("Google", cur.google.as_ref(), ed.google.as_mut()),
        (
            "LoginWithAmazon",
            cur.login_with_amazon.as_ref(),
            ed.login_with_amazon.as_mut(),
        ),
    ];
    for (name, c, e) in pairs {
        if let (Some(c), Some(e)) = (c, e)
            && c.client_id == e.client_id
            && missing(&e.client_secret)
            && let Some(s) = present(&c.client_secret)
        {
            e.client_secret = Some(s.clone());
            out.push(format!("SocialProviderSettings.{name}.ClientSecret"));
        }
    }
    if let (Some(c), Some(e)) = (
        cur.sign_in_with_apple.as_ref(),
        ed.sign_in_with_apple.as_mut(),
    ) && c.client_id == e.client_id
        && c.key_id == e.key_id
        && missing(&e.private_key)
        && let Some(k) = present(&c.private_key)
    {
        e.private_key = Some(k.clone());
        out.push("SocialProviderSettings.SignInWithApple.PrivateKey".to_string());
    }
    out
}

/// The paths (relative to `UserPoolConfigs.OAuth`) of the secrets a config leaves out, for
/// providers it configures.
pub fn missing_secret_paths(oauth: Option<&OAuthConfig>) -> Vec<String> {
    let Some(sp) = oauth.and_then(|o| o.social_providers.as_ref()) else {
        return Vec::new();
    };
    let SocialProviders {
        facebook,
        google,
        login_with_amazon,
        sign_in_with_apple,
    } = sp;
    let mut out = Vec::new();
    for (name, p) in [
        ("Facebook", facebook),
        ("Google", google),
        ("LoginWithAmazon", login_with_amazon),
    ] {
        if p.as_ref().is_some_and(|p| missing(&p.client_secret)) {
            out.push(format!("SocialProviderSettings.{name}.ClientSecret"));
        }
    }
    if sign_in_with_apple
        .as_ref()
        .is_some_and(|a| missing(&a.private_key))
    {
        out.push("SocialProviderSettings.SignInWithApple.PrivateKey".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::maximal_config;

    #[test]
    fn stored_secrets_fill_gaps_for_the_same_client_only() {
        let current = maximal_config("MIGHAgEAkey");
        let mut edited = current.without_secrets();
        let oauth = edited.user_pool.oauth.as_mut().unwrap();
        let sp = oauth.social_providers.as_mut().unwrap();
        sp.facebook.as_mut().unwrap().client_id = Some("999".into());
        sp.google.as_mut().unwrap().client_secret = Some(Secret::new("new-google-secret"));
        let filled = carry_oauth_secrets(current.user_pool.oauth.as_ref(), Some(oauth));
        assert_eq!(
            filled,
            vec![
                "SocialProviderSettings.LoginWithAmazon.ClientSecret",
                "SocialProviderSettings.SignInWithApple.PrivateKey"
            ]
        );
        let sp = edited.social_providers().unwrap();
        assert_eq!(sp.facebook.as_ref().unwrap().client_secret, None);
        assert_eq!(
            sp.google
                .as_ref()
                .unwrap()
                .client_secret
                .as_ref()
                .unwrap()
                .expose(),
            "new-google-secret"
        );
        assert_eq!(
            sp.login_with_amazon
                .as_ref()
                .unwrap()
                .client_secret
                .as_ref()
                .unwrap()
                .expose(),
            "amazon-secret-value"
        );
        assert_eq!(
            sp.sign_in_with_apple
                .as_ref()
                .unwrap()
                .private_key
                .as_ref()
                .unwrap()
                .expose(),
            "MIGHAgEAkey"
        );
    }

    #[test]
    fn missing_secrets_are_listed_by_path() {
        let full = maximal_config("MIGHAgEAkey");
        assert!(missing_secret_paths(full.user_pool.oauth.as_ref()).is_empty());
        let bare = full.without_secrets();
        assert_eq!(missing_secret_paths(bare.user_pool.oauth.as_ref()).len(), 4);
    }
}
