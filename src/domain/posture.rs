//! Posture findings: the account-wide audit's rules (issue 16), run on one auth resource's config
//! and on its environment's job history.
//!
//! These are not validation: every config here is one the service accepted. They flag settings
//! that are legal but weak or risky, and jobs that need a person's attention. Each finding has a
//! stable id (scripts filter on it), a severity, a message naming the value, and a fix.

use std::time::{Duration, SystemTime};

use super::config::{AuthConfig, OAuthConfig, PasswordPolicy, ProviderClient, SocialProviders};
use super::enums::{AuthResources, MfaMode, OAuthGrantType};
use super::finding::Severity;
pub use super::finding_text::FindingText;

/// A job running longer than this is probably stuck (auth jobs take minutes, not hours).
pub const LONG_RUNNING: Duration = Duration::from_secs(30 * 60);

/// Below this a password is short by NIST SP 800-63B's floor and Cognito's own default.
pub const MIN_PASSWORD_LENGTH: f64 = 8.0;

/// Environment names that are taken to mean production (compared case-insensitively, whole name).
pub const PRODUCTION_NAMES: &[&str] = &["prod", "production", "main", "live"];

/// Rule ids, stable across releases.
pub mod ids {
    pub const MFA_OFF: &str = "mfa-off";
    pub const WEAK_PASSWORD: &str = "weak-password-policy";
    pub const IMPLICIT_GRANT: &str = "implicit-grant";
    pub const GUEST_ACCESS: &str = "guest-access";
    pub const LOOPBACK_REDIRECT: &str = "loopback-redirect-in-production";
    pub const PROVIDER_SECRET: &str = "provider-secret-missing";
    pub const LAST_JOB_FAILED: &str = "last-job-failed";
    pub const JOB_RUNNING_LONG: &str = "job-running-long";
}

/// One finding of the posture rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostureFinding {
    /// One of [`ids`].
    pub id: &'static str,
    pub severity: Severity,
    /// Fixed by the rule, or made for one resource: see [`FindingText`].
    pub message: FindingText,
    pub fix: FindingText,
}

impl PostureFinding {
    pub(crate) fn new(
        id: &'static str,
        severity: Severity,
        message: impl Into<FindingText>,
        fix: impl Into<FindingText>,
    ) -> Self {
        PostureFinding {
            id,
            severity,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

/// Whether `s` is at least as severe as `threshold` (errors are worse than warnings).
pub fn at_least(s: Severity, threshold: Severity) -> bool {
    match threshold {
        Severity::Warning => true,
        Severity::Error => s == Severity::Error,
    }
}

/// A job's state as the rules need it. The service has no status list: only RUNNING, COMPLETED
/// and FAILED are known; anything else is kept as `Other` and matches no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobState {
    Running,
    Completed,
    Failed,
    Other,
}

/// One entry of an environment's job history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobFact {
    pub job_id: String,
    pub operation: Option<String>,
    pub state: JobState,
    pub error: Option<String>,
    pub create_time: Option<SystemTime>,
}

/// Whether an environment name means production.
pub fn is_production_name(env: &str) -> bool {
    let env = env.trim();
    PRODUCTION_NAMES.iter().any(|p| env.eq_ignore_ascii_case(p))
}

/// Whether a redirect URI points at this machine (localhost, 127.0.0.0/8, [::1]), where anyone
/// running a server on the user's machine receives the tokens.
pub fn is_loopback_uri(uri: &str) -> bool {
    let rest = match uri.split_once("://") {
        Some((_, rest)) => rest,
        None => return false,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "::1"
        || host.starts_with("127.")
            && host.split('.').count() == 4
            && host.split('.').all(|p| p.parse::<u8>().is_ok())
}

/// The findings about one auth resource's config in environment `env`.
pub fn config_findings(env: &str, cfg: &AuthConfig) -> Vec<PostureFinding> {
    config_findings_kept(env, cfg, &[])
}

/// [`config_findings`] of a config being edited, where `kept` are the paths of the secrets the
/// edit leaves empty and the update keeps as stored (`kept_secrets::resolve`): the service holds
/// them, so they are evidence of a secret, never of a missing one. The one rule `audit`, the
/// overview and the wizard's review apply.
pub fn config_findings_kept(env: &str, cfg: &AuthConfig, kept: &[String]) -> Vec<PostureFinding> {
    let mut out = Vec::new();
    let pool = &cfg.user_pool;

    let mfa_mode = pool.mfa.as_ref().map(|m| &m.mode);
    if matches!(mfa_mode, None | Some(MfaMode::Off)) {
        out.push(PostureFinding::new(
            ids::MFA_OFF,
            Severity::Warning,
            "multi-factor authentication is OFF: a stolen password is enough to sign in",
            "set UserPoolConfigs.Mfa.MFAMode to OPTIONAL or ON, with TOTP as an MFA type",
        ));
    }

    if let Some(p) = &pool.password_policy {
        out.extend(weak_password(p));
    }
    if let Some(o) = &pool.oauth {
        oauth_findings(env, o, kept, &mut out);
    }

    let guest = cfg.auth_resources == AuthResources::IdentityPoolAndUserPool
        && cfg
            .identity_pool
            .as_ref()
            .is_some_and(|i| i.unauthenticated_login);
    if guest {
        out.push(PostureFinding::new(
            ids::GUEST_ACCESS,
            Severity::Warning,
            "guest access is on: anyone can get AWS credentials from the identity pool without signing in",
            "set IdentityPoolConfigs.UnauthenticatedLogin to false unless the app needs guests, and keep the guest role minimal",
        ));
    }
    out
}

/// A password policy that allows short passwords or needs no character classes. No policy at
/// all means Cognito's default (8 characters, every class), which is fine.
fn weak_password(p: &PasswordPolicy) -> Option<PostureFinding> {
    let short = p.minimum_length < MIN_PASSWORD_LENGTH;
    let no_classes = p.additional_constraints.as_ref().is_none_or(Vec::is_empty);
    if short || no_classes {
        let what = match (short, no_classes) {
            (true, true) => format!(
                "passwords may be {} characters and need no character classes",
                p.minimum_length
            ),
            (true, false) => format!("passwords may be {} characters", p.minimum_length),
            _ => "passwords need no character classes (digits, cases, symbols)".to_string(),
        };
        // The fix names only what is weak: a policy of 10 characters is not told to reach 8.
        const LENGTH: &str = "set PasswordPolicy.MinimumLength to 8 or more";
        const CLASSES: &str = "add AdditionalConstraints (REQUIRE_DIGIT, REQUIRE_LOWERCASE, REQUIRE_UPPERCASE, REQUIRE_SYMBOL)";
        let fix = match (short, no_classes) {
            (true, true) => FindingText::filled(&[LENGTH, " and ", CLASSES], []),
            (true, false) => LENGTH.into(),
            _ => CLASSES.into(),
        };
        return Some(PostureFinding::new(
            ids::WEAK_PASSWORD,
            Severity::Warning,
            format!("weak password policy: {what}"),
            fix,
        ));
    }
    None
}

/// The hosted UI's grant, redirects to this machine from production, and provider secrets.
fn oauth_findings(env: &str, o: &OAuthConfig, kept: &[String], out: &mut Vec<PostureFinding>) {
    if o.grant_type == OAuthGrantType::Implicit {
        out.push(PostureFinding::new(
            ids::IMPLICIT_GRANT,
            Severity::Warning,
            "the hosted UI uses the IMPLICIT grant: tokens travel in the redirect URL and there is no refresh token",
            "set OAuth.OAuthGrantType to CODE (authorization code with PKCE)",
        ));
    }
    if is_production_name(env) {
        let loopback: Vec<&str> = o
            .redirect_sign_in_uris
            .iter()
            .chain(&o.redirect_sign_out_uris)
            .map(String::as_str)
            .filter(|u| is_loopback_uri(u))
            .collect();
        if !loopback.is_empty() {
            out.push(PostureFinding::new(
                ids::LOOPBACK_REDIRECT,
                Severity::Error,
                format!(
                    "production environment {env} redirects to this machine: {}",
                    loopback.join(", ")
                ),
                "remove the localhost / 127.0.0.1 redirect URIs from this environment; keep them in a dev environment",
            ));
        }
    }
    if let Some(sp) = &o.social_providers {
        out.extend(missing_provider_secrets(sp, kept));
    }
}

/// The social providers whose client secret the service does not hold.
///
/// Apple is left out on purpose: the service never returns its private key (Cognito
/// does not give it back), so a missing key says nothing about what the service holds.
/// The client secrets are the same unless the service shows it returns them: an absent
/// secret is only evidence when another provider of the same config came back with one
/// (or the service returned an empty one). Otherwise it cannot be checked: no finding, so
/// the finding can be cleared and `audit --fail-on error` can pass (issue 23). A secret in
/// `kept` (left empty by an edit, kept as stored by the update) is held by the service.
fn missing_provider_secrets(sp: &SocialProviders, kept: &[String]) -> Vec<PostureFinding> {
    let clients: Vec<(&str, &ProviderClient)> = [
        ("Facebook", &sp.facebook),
        ("Google", &sp.google),
        ("LoginWithAmazon", &sp.login_with_amazon),
    ]
    .into_iter()
    .filter_map(|(name, p)| p.as_ref().map(|p| (name, p)))
    .collect();
    let returns_secrets = clients
        .iter()
        .any(|(_, p)| p.client_secret.as_ref().is_some_and(|s| !s.is_empty()));
    let is_kept = |name: &str| {
        let path = format!("UserPoolConfigs.OAuth.SocialProviderSettings.{name}.ClientSecret");
        kept.contains(&path)
    };
    let missing = clients.iter().filter(|(name, p)| {
        !is_kept(name)
            && match &p.client_secret {
                Some(s) => s.is_empty(),
                None => returns_secrets,
            }
    });
    let finding = |(name, _): &(&str, &ProviderClient)| {
        PostureFinding::new(
            ids::PROVIDER_SECRET,
            Severity::Error,
            format!("the service holds no client secret for {name}: sign-in with {name} fails"),
            format!(
                "send the {name} client secret again (SocialProviderSettings.{name}.ClientSecret) with an update"
            ),
        )
    };
    missing.map(finding).collect()
}

/// The findings about an environment's job history (in any order), as of `now`.
pub fn job_findings(jobs: &[JobFact], now: SystemTime) -> Vec<PostureFinding> {
    let mut out = Vec::new();
    // The newest job by creation time; jobs without a time count as oldest.
    if let Some(last) = jobs.iter().max_by_key(|j| j.create_time)
        && last.state == JobState::Failed
    {
        let op = last.operation.as_deref().unwrap_or("job");
        let why = last
            .error
            .as_deref()
            .map(|e| format!(": {e}"))
            .unwrap_or_default();
        out.push(PostureFinding::new(
            ids::LAST_JOB_FAILED,
            Severity::Error,
            format!("the last job ({op} {}) FAILED{why}", last.job_id),
            "read the job's error (amplify-auth job --job-id …), fix the config and apply it again",
        ));
    }
    for j in jobs.iter().filter(|j| j.state == JobState::Running) {
        let Some(age) = j
            .create_time
            .and_then(|t| now.duration_since(t).ok())
            .filter(|age| *age > LONG_RUNNING)
        else {
            continue;
        };
        let op = j.operation.as_deref().unwrap_or("job");
        out.push(PostureFinding::new(
            ids::JOB_RUNNING_LONG,
            Severity::Warning,
            format!(
                "{op} {} has been RUNNING for {} minutes; no other job can start until it ends",
                j.job_id,
                age.as_secs() / 60
            ),
            "check the app's CloudFormation stack in the AWS console; the service has no way to cancel a job",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::hardened_config;
    use crate::domain::*;

    fn ids_of(f: &[PostureFinding]) -> Vec<&'static str> {
        f.iter().map(|f| f.id).collect()
    }

    /// A config that trips no rule: MFA on, a strong policy, no OAuth, no guests.
    fn clean() -> AuthConfig {
        hardened_config("clean")
    }

    fn oauth(grant: OAuthGrantType, uris: &[&str]) -> OAuthConfig {
        OAuthConfig {
            domain_prefix: Some("x".into()),
            grant_type: grant,
            scopes: vec![OAuthScope::OpenId],
            redirect_sign_in_uris: uris.iter().map(|s| s.to_string()).collect(),
            redirect_sign_out_uris: vec![],
            ..Default::default()
        }
    }

    #[test]
    fn a_clean_config_has_no_findings() {
        assert_eq!(config_findings("prod", &clean()), vec![]);
    }

    #[test]
    fn mfa_off_or_absent_is_a_warning() {
        let mut cfg = clean();
        cfg.user_pool.mfa.as_mut().unwrap().mode = MfaMode::Off;
        let f = config_findings("dev", &cfg);
        assert_eq!(ids_of(&f), [ids::MFA_OFF]);
        assert_eq!(f[0].severity, Severity::Warning);
        cfg.user_pool.mfa = None;
        assert_eq!(ids_of(&config_findings("dev", &cfg)), [ids::MFA_OFF]);
        cfg.user_pool.mfa = Some(MfaConfig {
            mode: MfaMode::Optional,
            ..Default::default()
        });
        assert!(config_findings("dev", &cfg).is_empty());
    }

    #[test]
    fn short_passwords_or_no_classes_are_weak() {
        let mut cfg = clean();
        let policy = cfg.user_pool.password_policy.as_mut().unwrap();
        policy.minimum_length = 6.0;
        let f = config_findings("dev", &cfg);
        assert_eq!(ids_of(&f), [ids::WEAK_PASSWORD]);
        assert!(f[0].message.contains("6 characters"), "{}", f[0].message);

        let policy = cfg.user_pool.password_policy.as_mut().unwrap();
        policy.minimum_length = 8.0;
        policy.additional_constraints = Some(vec![]);
        let f = config_findings("dev", &cfg);
        assert_eq!(ids_of(&f), [ids::WEAK_PASSWORD]);
        assert!(f[0].message.contains("no character classes"));

        cfg.user_pool
            .password_policy
            .as_mut()
            .unwrap()
            .additional_constraints = None;
        assert_eq!(ids_of(&config_findings("dev", &cfg)), [ids::WEAK_PASSWORD]);

        // No policy: Cognito's default (8 and every class) applies.
        cfg.user_pool.password_policy = None;
        assert!(config_findings("dev", &cfg).is_empty());
    }

    /// The fix names only what is weak (seen on Review: a policy of 10 characters without
    /// classes was told to set the minimum length to 8 or more).
    #[test]
    fn the_weak_password_fix_names_only_what_is_weak() {
        let fix_for = |min: f64, classes: Vec<PasswordConstraint>| {
            let mut cfg = clean();
            let policy = cfg.user_pool.password_policy.as_mut().unwrap();
            policy.minimum_length = min;
            policy.additional_constraints = Some(classes);
            let f = config_findings("dev", &cfg);
            assert_eq!(ids_of(&f), [ids::WEAK_PASSWORD]);
            f[0].fix.to_string()
        };
        let long_no_classes = fix_for(10.0, vec![]);
        assert!(
            long_no_classes.contains("AdditionalConstraints"),
            "{long_no_classes}"
        );
        assert!(
            !long_no_classes.contains("MinimumLength"),
            "{long_no_classes}"
        );
        let short_with_classes = fix_for(6.0, vec![PasswordConstraint::RequireDigit]);
        assert!(
            short_with_classes.contains("MinimumLength"),
            "{short_with_classes}"
        );
        assert!(
            !short_with_classes.contains("AdditionalConstraints"),
            "{short_with_classes}"
        );
        let both = fix_for(6.0, vec![]);
        assert!(both.contains("MinimumLength") && both.contains("AdditionalConstraints"));
    }

    #[test]
    fn the_implicit_grant_is_flagged_and_code_is_not() {
        let mut cfg = clean();
        cfg.user_pool.oauth = Some(oauth(OAuthGrantType::Implicit, &["https://a.example/"]));
        assert_eq!(ids_of(&config_findings("dev", &cfg)), [ids::IMPLICIT_GRANT]);
        cfg.user_pool.oauth = Some(oauth(OAuthGrantType::Code, &["https://a.example/"]));
        assert!(config_findings("dev", &cfg).is_empty());
    }

    #[test]
    fn guest_access_needs_an_identity_pool_with_unauthenticated_login() {
        let mut cfg = clean();
        cfg.auth_resources = AuthResources::IdentityPoolAndUserPool;
        cfg.identity_pool = Some(IdentityPoolConfig {
            identity_pool_name: "ip".into(),
            unauthenticated_login: true,
            ..Default::default()
        });
        let f = config_findings("dev", &cfg);
        assert_eq!(ids_of(&f), [ids::GUEST_ACCESS]);
        cfg.identity_pool.as_mut().unwrap().unauthenticated_login = false;
        assert!(config_findings("dev", &cfg).is_empty());
    }

    #[test]
    fn loopback_redirects_are_an_error_only_in_production_names() {
        let mut cfg = clean();
        cfg.user_pool.oauth = Some(oauth(
            OAuthGrantType::Code,
            &["https://app.example.com/", "http://localhost:3000/"],
        ));
        for prod in ["prod", "PROD", "production", "main", "live"] {
            let f = config_findings(prod, &cfg);
            assert_eq!(ids_of(&f), [ids::LOOPBACK_REDIRECT], "{prod}");
            assert_eq!(f[0].severity, Severity::Error);
            assert!(f[0].message.contains("http://localhost:3000/"));
        }
        for other in ["dev", "staging", "prodtest", "maintenance"] {
            assert!(config_findings(other, &cfg).is_empty(), "{other}");
        }
        cfg.user_pool.oauth.as_mut().unwrap().redirect_sign_in_uris =
            vec!["https://app.example.com/".into()];
        cfg.user_pool.oauth.as_mut().unwrap().redirect_sign_out_uris =
            vec!["http://127.0.0.1:8080/out".into()];
        assert_eq!(
            ids_of(&config_findings("prod", &cfg)),
            [ids::LOOPBACK_REDIRECT]
        );
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for yes in [
            "http://localhost:3000/",
            "http://LOCALHOST/",
            "http://127.0.0.1:8080/cb",
            "http://127.1.2.3/",
            "http://[::1]:3000/",
            "http://app.localhost/",
            "http://user@localhost/",
        ] {
            assert!(is_loopback_uri(yes), "{yes}");
        }
        for no in [
            "https://app.example.com/",
            "https://localhost.example.com/",
            "http://127.example.com/",
            "myapp://callback",
            "not a uri",
        ] {
            assert!(!is_loopback_uri(no), "{no}");
        }
    }

    #[test]
    fn providers_without_a_secret_are_errors_but_apple_is_exempt() {
        let mut cfg = clean();
        let mut o = oauth(OAuthGrantType::Code, &["https://a.example/"]);
        o.social_providers = Some(SocialProviders {
            google: Some(ProviderClient {
                client_id: Some("g".into()),
                ..Default::default()
            }),
            facebook: Some(ProviderClient {
                client_id: Some("f".into()),
                client_secret: Some(Secret::new("held")),
                ..Default::default()
            }),
            login_with_amazon: Some(ProviderClient {
                client_id: Some("a".into()),
                client_secret: Some(Secret::new("")),
                ..Default::default()
            }),
            sign_in_with_apple: Some(AppleProvider {
                client_id: Some("com.example".into()),
                key_id: Some("K".into()),
                team_id: Some("T".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
        cfg.user_pool.oauth = Some(o);
        let f = config_findings("dev", &cfg);
        assert_eq!(ids_of(&f), [ids::PROVIDER_SECRET, ids::PROVIDER_SECRET]);
        assert!(f[0].message.contains("Google"));
        assert!(f[1].message.contains("LoginWithAmazon"));
        assert!(f.iter().all(|f| f.severity == Severity::Error));
        // The secret never appears in a finding.
        assert!(f.iter().all(|f| !f.message.contains("held")));
    }

    #[test]
    fn a_secret_the_service_does_not_return_cannot_be_checked_and_is_no_finding() {
        let mut cfg = clean();
        let mut o = oauth(OAuthGrantType::Code, &["https://a.example/"]);
        let no_secret = |id: &str| ProviderClient {
            client_id: Some(id.into()),
            ..Default::default()
        };
        o.social_providers = Some(SocialProviders {
            google: Some(no_secret("g")),
            facebook: Some(no_secret("f")),
            ..Default::default()
        });
        cfg.user_pool.oauth = Some(o);
        assert!(config_findings("dev", &cfg).is_empty());
    }

    fn job(id: &str, state: JobState, created_secs_ago: u64, now: SystemTime) -> JobFact {
        JobFact {
            job_id: id.into(),
            operation: Some("UpdateBackendAuth".into()),
            state,
            error: Some("InvalidParameterException: bad".into()).filter(|_| id == "f"),
            create_time: Some(now - Duration::from_secs(created_secs_ago)),
        }
    }

    #[test]
    fn only_a_failed_last_job_counts() {
        let now = SystemTime::now();
        let older_failed = [
            job("f", JobState::Failed, 3600, now),
            job("c", JobState::Completed, 60, now),
        ];
        assert!(job_findings(&older_failed, now).is_empty());
        // Order of the list does not matter: the newest by creation time is the last job.
        let last_failed = [
            job("c", JobState::Completed, 3600, now),
            job("f", JobState::Failed, 60, now),
        ];
        let f = job_findings(&last_failed, now);
        assert_eq!(ids_of(&f), [ids::LAST_JOB_FAILED]);
        assert!(f[0].message.contains("InvalidParameterException: bad"));
        assert!(job_findings(&[], now).is_empty());
    }

    #[test]
    fn a_job_running_over_thirty_minutes_is_flagged() {
        let now = SystemTime::now();
        assert!(job_findings(&[job("r", JobState::Running, 29 * 60, now)], now).is_empty());
        let f = job_findings(&[job("r", JobState::Running, 31 * 60, now)], now);
        assert_eq!(ids_of(&f), [ids::JOB_RUNNING_LONG]);
        assert!(f[0].message.contains("31 minutes"), "{}", f[0].message);
        // A RUNNING job with no creation time cannot be judged.
        let mut unknown = job("r", JobState::Running, 0, now);
        unknown.create_time = None;
        assert!(job_findings(&[unknown], now).is_empty());
    }

    #[test]
    fn severity_thresholds() {
        assert!(at_least(Severity::Error, Severity::Warning));
        assert!(at_least(Severity::Warning, Severity::Warning));
        assert!(at_least(Severity::Error, Severity::Error));
        assert!(!at_least(Severity::Warning, Severity::Error));
    }
}
