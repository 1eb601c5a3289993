//! The Cognito hosted UI domain an auth resource gets, and the provider redirect URL users
//! register with Facebook, Google, Amazon and Apple.
//!
//! The service deploys through the Amplify CLI, whose auth stack names the Cognito domain
//! `<DomainPrefix>-<env>` (`Fn::Join('-', [hostedUIDomainName, env])` in
//! `auth-cognito-stack-builder.ts` and `auth-stack-transform.ts`), unless the env is `NONE`. The
//! bare prefix is not a domain that exists, so a redirect URL built from it breaks sign-in.

use super::config::AuthConfig;
use super::finding::{Finding, Severity};

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

/// Cognito's reserved words for prefix domains (Cognito developer guide, "Using the Amazon Cognito
/// prefix domain").
const RESERVED: [&str; 3] = ["aws", "amazon", "cognito"];

/// The findings for a config whose hosted UI domain could not be made in environment `env`: the
/// service names it `<DomainPrefix>-<env>`, so a prefix that is fine alone can still fail the
/// deployment once the env is added: past Cognito's 63 characters, or with a reserved word the
/// env name brings (env `newcognito` gives "Domain cannot contain reserved word: cognito",
/// amplify-cli#3854). A reserved word in the prefix itself is the prefix's own finding
/// (`validate_config`), so it is not repeated here.
pub fn check_domain_in_env(cfg: &AuthConfig, env: &str) -> Vec<Finding> {
    let Some(prefix) = cfg
        .user_pool
        .oauth
        .as_ref()
        .and_then(|o| o.domain_prefix.as_deref())
    else {
        return Vec::new();
    };
    let path = "UserPoolConfigs.OAuth.DomainPrefix";
    let mut out = Vec::new();
    if let Some(message) = domain_too_long(prefix, env) {
        out.push(Finding {
            path: path.into(),
            severity: Severity::Error,
            message,
            fix: "Shorten the domain prefix so that it, '-' and the environment name fit in 63 characters."
                .into(),
        });
    }
    let domain = cognito_domain(prefix, env).to_lowercase();
    let own = prefix.to_lowercase();
    if let Some(word) = RESERVED
        .into_iter()
        .find(|w| domain.contains(w) && !own.contains(w))
    {
        out.push(Finding {
            path: path.into(),
            severity: Severity::Error,
            message: format!(
                "The hosted UI domain becomes {} with the environment name added, and it contains \"{word}\", which Cognito reserves; the deployment would fail with \"Domain cannot contain reserved word: {word}\".",
                cognito_domain(prefix, env)
            ),
            fix: format!(
                "Use an environment whose name does not bring \"{word}\" into the domain, or turn the hosted UI off in it."
            ),
        });
    }
    out
}

/// [`check_domain_in_env`] for a resource deployed into another environment (promote, a clone:
/// the headless commands and the TUI's add-environment screen), each message naming the resource.
pub fn check_domain_for(resource: &str, cfg: &AuthConfig, env: &str) -> Vec<Finding> {
    check_domain_in_env(cfg, env)
        .into_iter()
        .map(|mut f| {
            f.message = format!(
                "auth resource {resource} in environment {env}: {}",
                f.message
            );
            f
        })
        .collect()
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
        let f = check_domain_in_env(&cfg, "dev");
        assert_eq!(f.len(), 1, "too long with -dev: {f:?}");
        assert_eq!(f[0].path, "UserPoolConfigs.OAuth.DomainPrefix");
        assert!(f[0].message.contains("64 characters"), "{}", f[0].message);
        assert!(check_domain_in_env(&cfg, "NONE").is_empty());
    }

    #[test]
    fn a_reserved_word_the_environment_brings_is_refused_naming_the_domain() {
        let mut cfg = crate::domain::samples::maximal_config("k");
        cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("shop".into());
        let f = check_domain_in_env(&cfg, "newcognito");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("shop-newcognito"), "{}", f[0].message);
        assert!(f[0].message.contains("\"cognito\""), "{}", f[0].message);
        // The join itself can make a word: "aw" + "-" cannot, but "saws" + env "dev" has it in
        // the prefix, which is the prefix's own finding.
        assert!(check_domain_in_env(&cfg, "staging").is_empty());
        cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("saws".into());
        assert!(check_domain_in_env(&cfg, "dev").is_empty());
    }
}
