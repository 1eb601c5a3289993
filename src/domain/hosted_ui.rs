//! The Cognito hosted UI domain an auth resource gets, and the provider redirect URL users
//! register with Facebook, Google, Amazon and Apple.
//!
//! The service deploys through the Amplify CLI, whose auth stack names the Cognito domain
//! `<DomainPrefix>-<env>` (`Fn::Join('-', [hostedUIDomainName, env])` in
//! `auth-cognito-stack-builder.ts` and `auth-stack-transform.ts`), unless the env is `NONE`. The
//! bare prefix is not a domain that exists, so a redirect URL built from it breaks sign-in.

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
    }
}
