//! Planning an update: from the config read from the service and the config the person wants, the
//! whole-state request, what the service will hold afterwards, and every reason to refuse.
//!
//! The round-trip law this serves: after the update and a read-back, the service holds exactly
//! the edited config (apart from the members Cognito fixes at creation and the secrets it never
//! returns), or the update was refused before sending, with a finding that names the member.
//! The TUI wizard and `update --input` both plan through here, so they refuse the same things.

use super::config::*;
use super::finding::{Finding, Severity};
use super::kept_secrets::{self, KeptHow, KeptSecret};
use super::update::{
    SERVICE_NAMES_IT, UpdateAuthConfig, immutable_changes, mfa_off, update_request,
};
use super::validate::validate_update_against;

/// Everything a caller needs to show, refuse or send an update.
#[derive(Clone, Debug)]
pub struct UpdatePlan {
    /// The request to send (only when `findings` has no error).
    pub request: UpdateAuthConfig,
    /// What GetBackendAuth should give back afterwards (secrets as far as the edit has them).
    pub expected: AuthConfig,
    /// Errors first, then by path; any error means the update must not be sent.
    pub findings: Vec<Finding>,
    /// Secrets the edit leaves out that are kept anyway.
    pub kept: Vec<KeptSecret>,
}

impl UpdatePlan {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Plans the update that turns `current` (as read from the service) into `edited`.
pub fn plan_update(current: &AuthConfig, edited: &AuthConfig) -> UpdatePlan {
    let mut edited = normalise(edited);
    let mut findings = immutable_findings(current, &edited);
    findings.extend(removal_findings(current, &edited));
    let secrets = kept_secrets::resolve(current, &mut edited);
    findings.extend(secrets.findings);

    let request = update_request(&edited);
    let mut checked = validate_update_against(current, &request);
    // A secret that is not sent cannot be wrong; a refusal above already says what to do.
    checked.retain(|f| !secrets.settled.contains(&f.path));
    findings.extend(checked);
    findings.sort_by(|a, b| (a.severity, &a.path).cmp(&(b.severity, &b.path)));
    findings.dedup();

    let expected = expected_after(current, &edited, &secrets.kept);
    UpdatePlan {
        request,
        expected,
        findings,
        kept: secrets.kept,
    }
}

/// The same config, said the way the service stores it: no `Mfa` is MFA OFF (the service's
/// adaptor turns an omitted `Mfa` into OFF), and an empty secret is no secret.
fn normalise(edited: &AuthConfig) -> AuthConfig {
    let mut c = edited.clone();
    if c.user_pool.mfa.is_none() {
        c.user_pool.mfa = Some(mfa_off());
    }
    if let Some(sp) = c
        .user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
    {
        for p in [&mut sp.facebook, &mut sp.google, &mut sp.login_with_amazon]
            .into_iter()
            .flatten()
        {
            if kept_secrets::given(&p.client_secret).is_none() {
                p.client_secret = None;
            }
        }
        if let Some(a) = &mut sp.sign_in_with_apple
            && kept_secrets::given(&a.private_key).is_none()
        {
            a.private_key = None;
        }
    }
    c
}

const RECREATE: &str = "delete and recreate the resource (R on its config screen; that deletes every user of its user pool)";

fn immutable_findings(current: &AuthConfig, edited: &AuthConfig) -> Vec<Finding> {
    let mut out: Vec<Finding> = immutable_changes(current, edited)
        .into_iter()
        .map(|ch| Finding {
            path: ch.path.to_string(),
            severity: Severity::Error,
            message: format!(
                "{} cannot change after creation ({} → {}): the update request cannot carry it.",
                ch.path, ch.before, ch.after
            ),
            fix: format!("Keep the current value, or {RECREATE}."),
        })
        .collect();
    // An update can add an identity pool: the service's CLI gives it its default name
    // (`<project>_identitypool_<id>`, cognito-defaults.js; evidence §8.7, an inference), because
    // the update request cannot carry one. Said, so a chosen name is not dropped silently.
    if let (None, Some(ip)) = (&current.identity_pool, &edited.identity_pool) {
        out.push(Finding {
            path: "IdentityPoolConfigs.IdentityPoolName".into(),
            severity: Severity::Warning,
            message: format!(
                "The update adds the identity pool, but the request cannot carry its name: the service names it with the Amplify CLI's default (<project>_identitypool_<id>), not {:?}.",
                ip.identity_pool_name
            ),
            fix: format!(
                "Accept the default name, or to choose it, {RECREATE} with the identity pool."
            ),
        });
    }
    out
}

/// Members the person removed that the update API has no way to remove: the update shape's
/// `VerificationMessage` requires a `DeliveryMethod` (there is no "off"), and for `ForgotPassword`
/// and `PasswordPolicy` nothing says what an empty value does, while an omitted one is kept.
/// Sending the request anyway would silently keep them, so the plan refuses.
fn removal_findings(current: &AuthConfig, edited: &AuthConfig) -> Vec<Finding> {
    let (a, b) = (&current.user_pool, &edited.user_pool);
    let mut out = Vec::new();
    let mut refuse = |present: bool, gone: bool, member: &str, keep: &str| {
        if present && gone {
            out.push(Finding {
                path: format!("UserPoolConfigs.{member}"),
                severity: Severity::Error,
                message: format!(
                    "{member} cannot be removed by an update: the AmplifyBackend API has no value that turns it off, and leaving it out keeps the stored one."
                ),
                fix: format!("{keep}, or {RECREATE} without it."),
            });
        }
    };
    refuse(
        a.verification_message.is_some(),
        b.verification_message.is_none(),
        "VerificationMessage",
        "Keep the verification message (change its text or delivery if you like)",
    );
    refuse(
        a.forgot_password.is_some(),
        b.forgot_password.is_none(),
        "ForgotPassword",
        "Keep the forgot-password message (change its text or delivery if you like)",
    );
    refuse(
        a.password_policy.is_some(),
        b.password_policy.is_none(),
        "PasswordPolicy",
        "Keep a password policy (MinimumLength 8 with no AdditionalConstraints is the loosest)",
    );
    // An update with OAuth but no DomainPrefix keeps the stored domain (the adaptor maps
    // `hostedUIDomainName: oauthConfig.domainPrefix` and `assignDefaults` skips undefined;
    // evidence §8.3), so removing the prefix alone would silently not happen.
    let prefix = |u: &UserPoolConfig| u.oauth.as_ref().map(|o| o.domain_prefix.is_some());
    if prefix(a) == Some(true) && prefix(b) == Some(false) {
        out.push(Finding {
            path: "UserPoolConfigs.OAuth.DomainPrefix".into(),
            severity: Severity::Error,
            message: "DomainPrefix cannot be removed by an update while OAuth stays on: leaving it out keeps the stored hosted UI domain.".into(),
            fix: "Keep the domain prefix (or change it), or turn OAuth off to remove the hosted UI whole.".into(),
        });
    }
    // ForgotPassword is deprecated in the AmplifyBackend model since 2022-03, and edits of it
    // failed on the service with "ValidationException: null" (amplify-studio#282,
    // amplify-hosting#2069; evidence §8.6).
    if let (Some(x), Some(y)) = (&a.forgot_password, &b.forgot_password)
        && x != y
    {
        out.push(Finding {
            path: "UserPoolConfigs.ForgotPassword".into(),
            severity: Severity::Error,
            message: "ForgotPassword cannot be changed: it is deprecated in the AmplifyBackend API, and the service fails such edits with \"ValidationException: null\".".into(),
            fix: "Keep ForgotPassword as it is; set the code messages in VerificationMessage instead.".into(),
        });
    }
    out
}

/// What the service should hold once the update completes: the edit, with the members Cognito
/// fixed at creation as they are, and each provider whose secret the service keeps as stored.
fn expected_after(current: &AuthConfig, edited: &AuthConfig, kept: &[KeptSecret]) -> AuthConfig {
    let mut e = edited.clone();
    let (up, cur) = (&mut e.user_pool, &current.user_pool);
    up.user_pool_name = cur.user_pool_name.clone();
    up.sign_in_method = cur.sign_in_method.clone();
    up.required_sign_up_attributes = cur.required_sign_up_attributes.clone();
    // Refused above when removed; kept by the service if sent anyway.
    if up.verification_message.is_none() {
        up.verification_message = cur.verification_message.clone();
    }
    if up.forgot_password.is_none() {
        up.forgot_password = cur.forgot_password.clone();
    }
    if up.password_policy.is_none() {
        up.password_policy = cur.password_policy.clone();
    }
    match (&mut e.identity_pool, &current.identity_pool) {
        (Some(ip), Some(c)) => ip.identity_pool_name = c.identity_pool_name.clone(),
        // Added by the update: the service chooses the name (see `immutable_findings`).
        (Some(ip), None) => ip.identity_pool_name = SERVICE_NAMES_IT.into(),
        _ => {}
    }
    if let (Some(sp), Some(cur_sp)) = (
        e.user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut()),
        current.social_providers(),
    ) {
        let by_service = |name: &str| {
            kept.iter()
                .any(|k| k.how == KeptHow::ByService && k.path.contains(&format!(".{name}.")))
        };
        if by_service("Facebook") {
            sp.facebook = cur_sp.facebook.clone();
        }
        if by_service("Google") {
            sp.google = cur_sp.google.clone();
        }
        if by_service("LoginWithAmazon") {
            sp.login_with_amazon = cur_sp.login_with_amazon.clone();
        }
        if by_service("SignInWithApple") {
            sp.sign_in_with_apple = cur_sp.sign_in_with_apple.clone();
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::diff::diff;
    use crate::domain::samples::{default_config, maximal_config};
    use crate::domain::update::OAuthUpdate;
    use crate::domain::{MfaMode, secret::Secret};

    fn errors(p: &UpdatePlan) -> Vec<&str> {
        p.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.path.as_str())
            .collect()
    }

    #[test]
    fn an_unchanged_config_read_without_secrets_plans_no_change_and_no_error() {
        let read = maximal_config("MIGHAgEAkey").without_secrets();
        let plan = plan_update(&read, &read);
        assert!(errors(&plan).is_empty(), "{:?}", plan.findings);
        assert!(diff(&read, &plan.expected).is_empty());
        let sent = serde_json::to_value(&plan.request).unwrap();
        let apple = &sent["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["SignInWithApple"];
        assert!(
            apple.get("PrivateKey").is_none(),
            "never a placeholder: {apple}"
        );
        assert_eq!(apple["TeamId"], "TEAM123456");
    }

    #[test]
    fn dropping_oauth_sends_the_empty_object_and_the_diff_shows_the_removal() {
        let read = maximal_config("k").without_secrets();
        let mut edited = read.clone();
        edited.user_pool.oauth = None;
        let plan = plan_update(&read, &edited);
        assert!(errors(&plan).is_empty(), "{:?}", plan.findings);
        assert_eq!(plan.request.user_pool.oauth, Some(OAuthUpdate::Remove));
        let json = serde_json::to_value(&plan.request).unwrap();
        assert_eq!(json["UserPoolConfigs"]["OAuth"], serde_json::json!({}));
        let changes = diff(&read, &plan.expected);
        assert!(
            changes
                .iter()
                .any(|c| c.path == "UserPoolConfigs.OAuth.DomainPrefix" && c.kind() == "removed"),
            "{changes:?}"
        );
    }

    #[test]
    fn every_request_carries_mfa_and_a_missing_mfa_means_off() {
        let read = maximal_config("k").without_secrets();
        let mut edited = read.clone();
        edited.user_pool.mfa = None;
        let plan = plan_update(&read, &edited);
        assert_eq!(
            plan.request.user_pool.mfa.as_ref().unwrap().mode,
            MfaMode::Off
        );
        assert_eq!(
            plan.expected.user_pool.mfa.as_ref().unwrap().mode,
            MfaMode::Off
        );
        // Unchanged MFA is still sent, so the service's "omitted = OFF" never applies.
        let plan = plan_update(&read, &read);
        assert_eq!(
            plan.request.user_pool.mfa.as_ref().unwrap().mode,
            MfaMode::Optional
        );
    }

    #[test]
    fn removals_the_api_cannot_express_are_refused_naming_the_member_and_the_way_out() {
        let read = maximal_config("k").without_secrets();
        let mut edited = read.clone();
        edited.user_pool.verification_message = None;
        edited.user_pool.forgot_password = None;
        let plan = plan_update(&read, &edited);
        assert_eq!(
            errors(&plan),
            vec![
                "UserPoolConfigs.ForgotPassword",
                "UserPoolConfigs.VerificationMessage"
            ]
        );
        let f = &plan.findings[1];
        assert!(f.message.contains("VerificationMessage"), "{}", f.message);
        assert!(f.fix.contains("R on its config screen"), "{}", f.fix);
    }

    #[test]
    fn an_identity_pool_is_added_by_update_saying_who_names_it_and_fixed_members_cannot_change() {
        let mut read = default_config("p");
        read.identity_pool = None;
        read.auth_resources = crate::domain::AuthResources::UserPoolOnly;
        let mut edited = default_config("p");
        let plan = plan_update(&read, &edited);
        assert!(errors(&plan).is_empty(), "{:?}", plan.findings);
        assert_eq!(
            plan.request.auth_resources,
            crate::domain::AuthResources::IdentityPoolAndUserPool
        );
        assert!(plan.request.identity_pool.is_some());
        let w = plan
            .findings
            .iter()
            .find(|f| f.path == "IdentityPoolConfigs.IdentityPoolName")
            .expect("a warning about the name");
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.message.contains("default"), "{}", w.message);
        assert!(w.fix.contains("deletes every user"), "{}", w.fix);
        assert_eq!(
            plan.expected.identity_pool.unwrap().identity_pool_name,
            SERVICE_NAMES_IT
        );
        edited.user_pool.user_pool_name = "other".into();
        let plan = plan_update(&read, &edited);
        assert_eq!(errors(&plan), vec!["UserPoolConfigs.UserPoolName"]);
    }

    #[test]
    fn an_update_file_that_adds_an_identity_pool_or_omits_the_domain_means_what_the_service_does() {
        use crate::domain::AuthResources;
        use crate::domain::update::{UpdateIdentityPoolConfig, apply_update, update_request};
        let mut read = maximal_config("k").without_secrets();
        read.identity_pool = None;
        read.auth_resources = AuthResources::UserPoolOnly;
        let mut u = update_request(&read);
        u.auth_resources = AuthResources::IdentityPoolAndUserPool;
        u.identity_pool = Some(UpdateIdentityPoolConfig {
            unauthenticated_login: Some(true),
            ..Default::default()
        });
        let Some(OAuthUpdate::Set(o)) = u.user_pool.oauth.as_mut() else {
            panic!("the request sets OAuth");
        };
        o.domain_prefix = None;
        let next = apply_update(&read, &u);
        let ip = next.identity_pool.clone().unwrap();
        assert_eq!(ip.identity_pool_name, SERVICE_NAMES_IT);
        assert!(ip.unauthenticated_login);
        assert_eq!(
            next.user_pool.oauth.as_ref().unwrap().domain_prefix,
            read.user_pool.oauth.as_ref().unwrap().domain_prefix
        );
        let plan = plan_update(&read, &next);
        assert!(errors(&plan).is_empty(), "{:?}", plan.findings);
        assert!(
            plan.findings
                .iter()
                .any(|f| f.path == "IdentityPoolConfigs.IdentityPoolName")
        );
    }

    #[test]
    fn a_new_apple_key_is_sent_and_an_empty_field_is_no_key() {
        let read = maximal_config("k").without_secrets();
        let mut edited = read.clone();
        fn apple(c: &mut AuthConfig) -> &mut crate::domain::AppleProvider {
            c.user_pool
                .oauth
                .as_mut()
                .and_then(|o| o.social_providers.as_mut())
                .and_then(|p| p.sign_in_with_apple.as_mut())
                .unwrap()
        }
        apple(&mut edited).private_key = Some(Secret::new("  "));
        assert!(errors(&plan_update(&read, &edited)).is_empty());
        apple(&mut edited).team_id = Some("NEWTEAM123".into());
        let plan = plan_update(&read, &edited);
        assert_eq!(
            errors(&plan),
            vec!["UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey"]
        );
        let at_key: Vec<_> = plan
            .findings
            .iter()
            .filter(|f| f.path.ends_with("PrivateKey"))
            .collect();
        assert_eq!(
            at_key.len(),
            1,
            "one finding, not a generic one beside it: {at_key:?}"
        );
    }
}
