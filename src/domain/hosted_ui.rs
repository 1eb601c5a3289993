//! The Cognito hosted UI domain an auth resource gets, and the provider redirect URL users
//! register with Facebook, Google, Amazon and Apple.
//!
//! The service deploys through the Amplify CLI, whose auth stack names the Cognito domain
//! `<DomainPrefix>-<env>` (`Fn::Join('-', [hostedUIDomainName, env])` in
//! `auth-cognito-stack-builder.ts` and `auth-stack-transform.ts`), unless the env is `NONE`. The
//! bare prefix is not a domain that exists, so a redirect URL built from it breaks sign-in.

use super::config::AuthConfig;
use super::validate::{Finding, Severity};

/// Cognito's DomainType allows 1–63 characters (cognito-idp model).
pub const MAX_DOMAIN_LEN: usize = 63;

/// The Cognito domain for `prefix` in environment `env`.
pub fn cognito_domain(prefix: &str, env: &str) -> String {
    if env == "NONE" || env.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}-{env}")
    }
}

/// `https://<domain>.auth.<region>.amazoncognito.com`
pub fn hosted_ui_url(domain: &str, region: &str) -> String {
    format!("https://{domain}.auth.{region}.amazoncognito.com")
}

/// The `/oauth2/idpresponse` URL to register with each social provider.
pub fn idp_response_url(domain: &str, region: &str) -> String {
    format!("{}/oauth2/idpresponse", hosted_ui_url(domain, region))
}

/// Why `prefix` cannot become a domain in `env`: with the env suffix it exceeds Cognito's 63.
pub fn domain_too_long(prefix: &str, env: &str) -> Option<String> {
    let domain = cognito_domain(prefix, env);
    (domain.chars().count() > MAX_DOMAIN_LEN).then(|| {
        format!(
            "The hosted UI domain becomes {domain} ({} characters) with the environment name added; Cognito allows {MAX_DOMAIN_LEN}.",
            domain.chars().count()
        )
    })
}

/// The finding for a config whose hosted UI domain would not fit in environment `env`: the
/// service names it `<DomainPrefix>-<env>`, so a prefix that fits alone can still fail the
/// deployment once the env is added.
pub fn check_domain_in_env(cfg: &AuthConfig, env: &str) -> Option<Finding> {
    let prefix = cfg.user_pool.oauth.as_ref()?.domain_prefix.as_deref()?;
    domain_too_long(prefix, env).map(|message| Finding {
        path: "UserPoolConfigs.OAuth.DomainPrefix".into(),
        severity: Severity::Error,
        message,
        fix: "Shorten the domain prefix so that it, '-' and the environment name fit in 63 characters."
            .into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_env_suffix_is_part_of_the_domain_and_the_urls() {
        assert_eq!(cognito_domain("shop", "dev"), "shop-dev");
        assert_eq!(cognito_domain("shop", "NONE"), "shop");
        assert_eq!(
            idp_response_url(&cognito_domain("shop", "dev"), "eu-west-1"),
            "https://shop-dev.auth.eu-west-1.amazoncognito.com/oauth2/idpresponse"
        );
        assert!(domain_too_long(&"a".repeat(60), "dev").is_some());
        assert!(domain_too_long(&"a".repeat(59), "pr").is_none());
        let mut cfg = crate::domain::samples::maximal_config("k");
        cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("a".repeat(60));
        let f = check_domain_in_env(&cfg, "dev").expect("too long with -dev");
        assert_eq!(f.path, "UserPoolConfigs.OAuth.DomainPrefix");
        assert!(f.message.contains("64 characters"), "{}", f.message);
        assert!(check_domain_in_env(&cfg, "NONE").is_none());
    }
}
