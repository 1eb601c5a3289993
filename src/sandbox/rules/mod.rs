//! What the sandbox refuses and what makes its jobs FAIL, decided as the service would decide it.
//!
//! The sandbox stands in for the service when the client is tested, so its rules come from
//! sources independent of the client: the AWS service models (derived into `crate::model`) and the
//! documented behaviours in the project's evidence notes. It never calls the client's
//! `domain::validate`; where the two disagree, `docs/divergence.md` (written by a test) lists it.
//!
//! The service runs the Amplify CLI for every job (evidence §2.1), and the CLI turns the config
//! into Cognito calls, so a config the AmplifyBackend model accepts still fails the job when the
//! Cognito value it becomes breaks a Cognito model constraint. The job's Error then reads like
//! the Cognito error: exception name, then its message.
//!
//! [`RULES`] lists every rule with its source; each check below names the rule it implements.

mod apple;
pub(crate) mod constraint;

use crate::domain::{AuthConfig, AuthResources, DeliveryMethod, MfaMode};
use crate::model::{cognito_identity, cognito_idp};

use super::meta::env_suffixed;

/// Where a rule acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The request is refused with a 4xx before any job starts.
    Door,
    /// The request is accepted and its job ends FAILED with an Error.
    Job,
    /// The job completes, but part of the request is not applied.
    Skipped,
}

/// One rule of the sandbox, for the divergence table and for review.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub stage: Stage,
    /// What it checks, in a few words.
    pub checks: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

/// Every rule the sandbox applies, beyond the AmplifyBackend model's own shapes (required
/// members, types, enums), which the server checks for every operation at the door.
pub const RULES: &[Rule] = &[
    Rule {
        id: "ab-model-shapes",
        stage: Stage::Door,
        checks: "required members, types, enums and bounds of the AmplifyBackend input shapes",
        source: "AmplifyBackend model (src/model/amplifybackend.json)",
    },
    Rule {
        id: "pending-job",
        stage: Stage::Door,
        checks: "one job at a time per app and environment",
        source: "\"There is already a pending job …\" (amplify-cli#9295, amplify-studio#336, #417)",
    },
    Rule {
        id: "one-auth-per-env",
        stage: Stage::Job,
        checks: "a CreateBackendAuth or ImportBackendAuth in an environment that already has an auth resource",
        source: "the Amplify CLI keeps one auth resource per environment: `amplify add auth` answers \"Auth has already been added to this project. To update run amplify update auth.\" (amplify-category-auth, commands/auth/add). The service's own answer is not public; conservative (inference): the job FAILs, the late failure a client that does not check first would meet",
    },
    Rule {
        id: "user-pool-name",
        stage: Stage::Job,
        checks: "`<UserPoolName>-<env>` against UserPoolNameType (1–128, `[\\w\\s+=,.@-]+`)",
        source: "cognito-idp model CreateUserPool.PoolName; name suffix from the CLI's auth stack (auth-cognito-stack-builder.ts)",
    },
    Rule {
        id: "identity-pool-name",
        stage: Stage::Job,
        checks: "`<IdentityPoolName>__<env>` against IdentityPoolName (1–128, `[\\w\\s+=,.@-]+`)",
        source: "cognito-identity model CreateIdentityPool.IdentityPoolName; suffix from the CLI's auth stack",
    },
    Rule {
        id: "identity-pool-config",
        stage: Stage::Job,
        checks: "IDENTITY_POOL_AND_USER_POOL needs IdentityPoolConfigs (the pool's name)",
        source: "AB model: the identity pool's name is only in CreateBackendAuthIdentityPoolConfig, and an update cannot carry it (inference: the pool cannot be made without it)",
    },
    Rule {
        id: "domain",
        stage: Stage::Job,
        checks: "`<DomainPrefix>-<env>` against DomainType (1–63, `^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$`)",
        source: "cognito-idp model CreateUserPoolDomain.Domain; `Fn::Join('-', [hostedUIDomainName, env])` in the CLI's auth stack",
    },
    Rule {
        id: "domain-taken",
        stage: Stage::Job,
        checks: "a hosted UI domain another resource already has fails with `Error: Domain not available`",
        source: "hostedUILambda.js (amplify-category-auth/resources/auth-custom-resource)",
    },
    Rule {
        id: "password-length",
        stage: Stage::Job,
        checks: "PasswordPolicy.MinimumLength a whole number 6–99",
        source: "cognito-idp model PasswordPolicyMinLengthType",
    },
    Rule {
        id: "sms-messages",
        stage: Stage::Job,
        checks: "SMS verification and MFA messages: 6–140 characters containing `{####}`",
        source: "cognito-idp model SmsVerificationMessageType",
    },
    Rule {
        id: "email-message",
        stage: Stage::Job,
        checks: "verification email: message 6–20000 with `{####}`, subject 1–140",
        source: "cognito-idp model EmailVerificationMessageType, EmailVerificationSubjectType",
    },
    Rule {
        id: "redirect-urls",
        stage: Stage::Job,
        checks: "sign-in / sign-out URIs: each 1–1024 without whitespace, at most 100",
        source: "cognito-idp model RedirectUrlType, CallbackURLsListType, LogoutURLsListType",
    },
    Rule {
        id: "apple-key",
        stage: Stage::Job,
        checks: "the Apple private key is a bare base64 PKCS#8 EC key (no PEM armour)",
        source: "\"Provided private key cannot be used for Sign in with Apple\" (InvalidParameterException; amplify-cli#11526, #8939, amplify-studio#792)",
    },
    Rule {
        id: "mfa-on-after-creation",
        stage: Stage::Job,
        checks: "an update cannot turn MFA to ON (required) on an existing pool",
        source: "Cognito guide user-pool-settings-mfa.md: Required only at creation; the CLI disables ON on edit (disableOptionsOnEdit)",
    },
    Rule {
        id: "provider-without-secret",
        stage: Stage::Skipped,
        checks: "a provider without its secret (Apple: without client, team, key id or key) is not applied; a stored one stays",
        source: "hostedUIProviderLambda.js skips incomplete creds (evidence §2.6)",
    },
    Rule {
        id: "provider-details-unchecked",
        stage: Stage::Skipped,
        checks: "(not a check) provider client ids, team and key ids are stored as sent",
        source: "cognito-idp model ProviderDetailsType: a string map with no constraints",
    },
];

/// Facts about the place a config is deployed to that the rules need.
pub struct Place<'a> {
    pub env: &'a str,
    /// Hosted UI domains other resources hold (`<prefix>-<env>`).
    pub taken_domains: &'a [String],
}

/// Why a CreateBackendAuth job fails, or `None` when it completes.
pub fn create_failure(cfg: &AuthConfig, place: &Place<'_>) -> Option<String> {
    config_failure(cfg, place)
}

/// Why an UpdateBackendAuth job fails, given the stored config and what it would become.
pub fn update_failure(
    before: &AuthConfig,
    after: &AuthConfig,
    place: &Place<'_>,
) -> Option<String> {
    // Rule mfa-on-after-creation.
    let mode = |c: &AuthConfig| c.user_pool.mfa.as_ref().map(|m| m.mode.clone());
    if mode(after) == Some(MfaMode::On) && mode(before) != Some(MfaMode::On) {
        // Cognito's own words (amplify-studio #482), which is what clients see and decode.
        return Some(
            "InvalidParameterException: Cannot turn MFA functionality ON, once the user pool has been created.".into(),
        );
    }
    config_failure(after, place)
}

fn config_failure(cfg: &AuthConfig, place: &Place<'_>) -> Option<String> {
    let idp = cognito_idp();
    let up = &cfg.user_pool;
    // Rule identity-pool-config.
    if cfg.auth_resources == AuthResources::IdentityPoolAndUserPool && cfg.identity_pool.is_none() {
        return Some("InvalidParameterException: IdentityPoolConfigs (with IdentityPoolName) is required when AuthResources is IDENTITY_POOL_AND_USER_POOL".into());
    }
    let mut checks: Vec<Option<String>> = Vec::new();
    // Rule user-pool-name.
    checks.push(constraint::string(
        idp,
        "UserPoolNameType",
        &env_suffixed(&up.user_pool_name, "-", place.env),
        "poolName",
    ));
    // Rule identity-pool-name.
    if let Some(ip) = &cfg.identity_pool {
        checks.push(constraint::string(
            cognito_identity(),
            "IdentityPoolName",
            &env_suffixed(&ip.identity_pool_name, "__", place.env),
            "identityPoolName",
        ));
    }
    // Rule password-length.
    if let Some(p) = &up.password_policy {
        checks.push(constraint::integer(
            idp,
            "PasswordPolicyMinLengthType",
            p.minimum_length,
            "policies.passwordPolicy.minimumLength",
        ));
    }
    // Rules sms-messages and email-message. The CLI sends the verification message as the pool's
    // SmsVerificationMessage / EmailVerificationMessage and Subject, the MFA one as its
    // SmsAuthenticationMessage.
    if let Some(v) = &up.verification_message {
        match v.delivery_method {
            DeliveryMethod::Sms => {
                if let Some(m) = v.sms.as_ref().and_then(|s| s.message.as_deref()) {
                    checks.push(constraint::string(
                        idp,
                        "SmsVerificationMessageType",
                        m,
                        "smsVerificationMessage",
                    ));
                }
            }
            DeliveryMethod::Email => {
                if let Some(e) = &v.email {
                    if let Some(m) = e.message.as_deref() {
                        checks.push(constraint::string(
                            idp,
                            "EmailVerificationMessageType",
                            m,
                            "emailVerificationMessage",
                        ));
                    }
                    if let Some(s) = e.subject.as_deref() {
                        checks.push(constraint::string(
                            idp,
                            "EmailVerificationSubjectType",
                            s,
                            "emailVerificationSubject",
                        ));
                    }
                }
            }
            DeliveryMethod::Unknown(_) => {}
        }
    }
    if let Some(m) = up
        .mfa
        .as_ref()
        .and_then(|m| m.settings.as_ref())
        .and_then(|s| s.sms_message.as_deref())
    {
        checks.push(constraint::string(
            idp,
            "SmsVerificationMessageType",
            m,
            "smsAuthenticationMessage",
        ));
    }
    if let Some(o) = &up.oauth {
        // Rule redirect-urls.
        for (list, uris) in [
            ("callbackURLs", &o.redirect_sign_in_uris),
            ("logoutURLs", &o.redirect_sign_out_uris),
        ] {
            let shape = idp.shape(if list == "callbackURLs" {
                "CallbackURLsListType"
            } else {
                "LogoutURLsListType"
            });
            if shape.max.is_some_and(|m| uris.len() as f64 > m) {
                checks.push(Some(format!(
                    "InvalidParameterException: 1 validation error detected: Value at '{list}' failed to satisfy constraint: Member must have length less than or equal to {}",
                    shape.max.unwrap_or_default()
                )));
            }
            for (i, u) in uris.iter().enumerate() {
                checks.push(constraint::string(
                    idp,
                    "RedirectUrlType",
                    u,
                    &format!("{list}.{}.member", i + 1),
                ));
            }
        }
        // Rules domain and domain-taken.
        if let Some(prefix) = &o.domain_prefix {
            let domain = env_suffixed(prefix, "-", place.env);
            checks.push(constraint::string(idp, "DomainType", &domain, "domain"));
            if place.taken_domains.contains(&domain) {
                checks.push(Some(format!(
                    "Error: Domain not available: {domain} is already taken by another user pool"
                )));
            }
        }
        // Rule apple-key.
        if let Some(key) = o
            .social_providers
            .as_ref()
            .and_then(|p| p.sign_in_with_apple.as_ref())
            .and_then(|a| a.private_key.as_ref())
        {
            checks.push(apple::problem(key.expose()));
        }
    }
    checks.into_iter().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::{default_config, maximal_config};

    fn place(env: &str) -> Place<'_> {
        Place {
            env,
            taken_domains: &[],
        }
    }

    fn apple_key() -> String {
        crate::domain::apple_key::generate_key().1
    }

    #[test]
    fn the_samples_pass() {
        assert_eq!(create_failure(&default_config("d"), &place("dev")), None);
        assert_eq!(
            create_failure(&maximal_config(&apple_key()), &place("dev")),
            None
        );
    }

    #[test]
    fn provider_ids_are_not_checked() {
        let mut cfg = maximal_config(&apple_key());
        let sp = cfg
            .user_pool
            .oauth
            .as_mut()
            .unwrap()
            .social_providers
            .as_mut()
            .unwrap();
        sp.google.as_mut().unwrap().client_id = Some("12345".into());
        sp.sign_in_with_apple.as_mut().unwrap().team_id = Some("TEAM12".into());
        assert_eq!(create_failure(&cfg, &place("dev")), None);
    }

    #[test]
    fn the_domain_is_checked_with_its_env_suffix() {
        let mut cfg = maximal_config(&apple_key());
        let o = cfg.user_pool.oauth.as_mut().unwrap();
        o.domain_prefix = Some("Upper".into());
        let e = create_failure(&cfg, &place("dev")).unwrap();
        assert!(e.contains("Value 'Upper-dev' at 'domain'"), "{e}");
        // 60 characters fit alone but not with "-dev".
        let o = cfg.user_pool.oauth.as_mut().unwrap();
        o.domain_prefix = Some("a".repeat(60));
        let e = create_failure(&cfg, &place("dev")).unwrap();
        assert!(e.contains("less than or equal to 63"), "{e}");
        assert_eq!(create_failure(&cfg, &place("NONE")), None);
    }

    #[test]
    fn a_taken_domain_fails_as_the_cli_lambda_says() {
        let cfg = maximal_config(&apple_key());
        let prefix = cfg
            .user_pool
            .oauth
            .as_ref()
            .unwrap()
            .domain_prefix
            .clone()
            .unwrap();
        let taken = vec![format!("{prefix}-dev")];
        let p = Place {
            env: "dev",
            taken_domains: &taken,
        };
        assert!(
            create_failure(&cfg, &p)
                .unwrap()
                .contains("Domain not available")
        );
        assert_eq!(create_failure(&cfg, &place("prod")), None);
    }

    #[test]
    fn mfa_cannot_become_on_after_creation() {
        let before = default_config("d");
        let mut after = before.clone();
        after.user_pool.mfa = Some(crate::domain::MfaConfig {
            mode: MfaMode::On,
            settings: Some(crate::domain::MfaSettings {
                mfa_types: Some(vec![crate::domain::MfaType::Totp]),
                sms_message: None,
            }),
        });
        assert!(
            update_failure(&before, &after, &place("dev"))
                .unwrap()
                .contains("ON")
        );
        assert_eq!(update_failure(&after, &after, &place("dev")), None);
    }

    #[test]
    fn every_rule_has_an_id_and_a_source() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert!(
            RULES
                .iter()
                .all(|r| !r.source.is_empty() && !r.checks.is_empty())
        );
    }
}
