//! Secrets a file leaves out, for `validate --allow-missing-secrets` (files kept in git without
//! their secrets). What `update` does with a missing secret is the domain's call
//! (`domain::kept_secrets`): kept when the provider is unchanged, refused when it changed.

use crate::domain::{OAuthConfig, Secret, SocialProviders};

fn missing(s: &Option<Secret>) -> bool {
    s.as_ref().is_none_or(|s| s.expose().trim().is_empty())
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
    fn missing_secrets_are_listed_by_path() {
        let full = maximal_config("MIGHAgEAkey");
        assert!(missing_secret_paths(full.user_pool.oauth.as_ref()).is_empty());
        let bare = full.without_secrets();
        assert_eq!(missing_secret_paths(bare.user_pool.oauth.as_ref()).len(), 4);
    }
}
