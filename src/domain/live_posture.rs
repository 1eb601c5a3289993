//! Posture findings from the live Cognito pool (issue 26): what AmplifyBackend cannot express or
//! cannot see, so each fix says where to make it (the Cognito console, a Gen 2 backend, or the
//! exact `aws cognito-idp` call, with its trap named: UpdateUserPool and UpdateUserPoolClient
//! reset every setting they are not given).

use super::config::AuthConfig;
use super::drift;
use super::finding::Severity;
use super::live::{LivePool, LiveUserPool};
use super::posture::{FindingText, PostureFinding};

/// Rule ids, stable across releases.
pub mod ids {
    pub const DRIFT: &str = "live-drift";
    pub const MFA_OFF: &str = "live-mfa-off";
    pub const DELETION_PROTECTION_OFF: &str = "live-deletion-protection-off";
    pub const THREAT_PROTECTION_OFF: &str = "live-threat-protection-off";
    pub const TOKEN_REVOCATION_OFF: &str = "live-token-revocation-off";
    pub const CLASSIC_HOSTED_UI: &str = "live-classic-hosted-ui";
    pub const FEATURE_PLAN: &str = "live-feature-plan";
    pub const NOT_READ: &str = "live-not-read";
}

const RESETS: &str = "it resets every setting it is not given, so pass the whole current state \
                      (see `aws cognito-idp describe-user-pool`)";

fn finding(
    id: &'static str,
    severity: Severity,
    message: impl Into<FindingText>,
    fix: impl Into<FindingText>,
) -> PostureFinding {
    PostureFinding::new(id, severity, message, fix)
}

/// The findings of one auth resource's live pool, beside its record's.
pub fn live_findings(record: &AuthConfig, live: &LivePool) -> Vec<PostureFinding> {
    let mut out = Vec::new();
    read_and_drift(record, live, &mut out);
    let Some(pool) = &live.user_pool else {
        return out;
    };
    let id = pool.id.as_str();
    let live_mfa = pool.mfa_configuration.as_deref().unwrap_or("OFF");
    let record_off = record
        .user_pool
        .mfa
        .as_ref()
        .is_none_or(|m| m.mode.as_str() == "OFF");
    if live_mfa == "OFF" && !record_off {
        out.push(finding(
            ids::MFA_OFF,
            Severity::Error,
            "multi-factor authentication is OFF in the live pool although the record has it on",
            FindingText::filled(
                &[
                    "aws cognito-idp set-user-pool-mfa-config --user-pool-id ",
                    " --software-token-mfa-configuration Enabled=true --mfa-configuration OPTIONAL",
                ],
                [id],
            ),
        ));
    }
    if pool.deletion_protection.as_deref() != Some("ACTIVE") {
        out.push(finding(
            ids::DELETION_PROTECTION_OFF,
            Severity::Warning,
            "deletion protection is off: deleting the stack or the pool deletes every user",
            FindingText::filled(
                &[
                    "turn it on in the Cognito console (user pool, Settings), or `aws cognito-idp update-user-pool --user-pool-id ",
                    " --deletion-protection ACTIVE` (",
                    RESETS,
                    "); a Gen 2 backend can set it in its CDK overrides",
                ],
                [id],
            ),
        ));
    }
    plan_findings(pool, &mut out);
    for c in &live.clients {
        if c.enable_token_revocation != Some(true) {
            out.push(finding(
                ids::TOKEN_REVOCATION_OFF,
                Severity::Warning,
                FindingText::filled(
                    &[
                        "app client ",
                        " has token revocation off: a signed-out user's refresh token keeps working",
                    ],
                    [&c.client_name],
                ),
                FindingText::filled(
                    &[
                        "turn it on in the Cognito console (app client, Advanced security), or `aws cognito-idp update-user-pool-client --user-pool-id ",
                        " --client-id ",
                        " --enable-token-revocation` (it too resets what it is not given)",
                    ],
                    [id, &c.client_id],
                ),
            ));
        }
    }
    if let Some(d) = &live.domain
        && d.managed_login_version.unwrap_or(1) < 2
    {
        out.push(finding(
            ids::CLASSIC_HOSTED_UI,
            Severity::Warning,
            FindingText::filled(
                &[
                    "the domain ",
                    " serves the classic hosted UI: no passkeys and no managed login branding",
                ],
                [&d.domain],
            ),
            FindingText::filled(
                &[
                    "aws cognito-idp update-user-pool-domain --user-pool-id ",
                    " --domain ",
                    " --managed-login-version 2 (then create a managed login style in the console)",
                ],
                [id, &d.domain],
            ),
        ));
    }
    out
}

/// What could not be read, and where the live pool differs from the record.
fn read_and_drift(record: &AuthConfig, live: &LivePool, out: &mut Vec<PostureFinding>) {
    if !live.failures.is_empty() {
        let actions: Vec<&str> = live.failures.iter().map(|f| f.action.as_str()).collect();
        out.push(finding(
            ids::NOT_READ,
            Severity::Warning,
            format!(
                "the live Cognito pool was not fully read ({} failed), so its findings may be missing",
                actions.join(", ")
            ),
            // Throttling past every retry is no missing permission: say which it was.
            match live.failures.iter().all(|f| f.throttled) {
                true => "the service kept throttling these reads past every retry: run it again later, or with a lower --concurrency",
                false if live.failures.iter().any(|f| f.throttled) => "allow the read actions listed in the README (The live Cognito pool) to the caller; some reads were only throttled, so a later run may get them",
                false => "allow the read actions listed in the README (The live Cognito pool) to the caller",
            },
        ));
    }
    let found = drift::drift(record, live);
    if !found.is_empty() {
        let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
        out.push(finding(
            ids::DRIFT,
            Severity::Warning,
            format!(
                "the live pool differs from AmplifyBackend's record in {} (changed outside Amplify); an update would revert it",
                paths.join(", ")
            ),
            "see `amplify-auth drift`; take the live values into the record with `update --adopt-live`",
        ));
    }
}

/// Threat protection and the feature plan: what the pool's plan gives and what it costs.
fn plan_findings(pool: &LiveUserPool, out: &mut Vec<PostureFinding>) {
    if pool.advanced_security_mode.as_deref().unwrap_or("OFF") == "OFF" {
        let plan = pool.user_pool_tier.as_deref().unwrap_or("ESSENTIALS");
        out.push(finding(
            ids::THREAT_PROTECTION_OFF,
            Severity::Warning,
            FindingText::filled(
                &[
                    "threat protection (compromised credentials, adaptive authentication) is off (feature plan ",
                    ")",
                ],
                [plan],
            ),
            "threat protection needs the Plus plan: set it in the Cognito console (user pool, Threat protection); AmplifyBackend cannot",
        ));
    }
    match pool.user_pool_tier.as_deref() {
        Some("LITE") => out.push(finding(
            ids::FEATURE_PLAN,
            Severity::Warning,
            "the feature plan is Lite: no managed login, passkeys, email MFA or access-token customisation",
            "choose Essentials (the default for new pools) in the Cognito console (user pool, Feature plan); Essentials and Plus are billed per monthly active user above the free tier",
        )),
        Some("PLUS") if pool.advanced_security_mode.as_deref().unwrap_or("OFF") == "OFF" => {
            out.push(finding(
                ids::FEATURE_PLAN,
                Severity::Warning,
                "the feature plan is Plus, billed per monthly active user above Essentials, but its threat protection is off",
                "turn threat protection on in the Cognito console, or choose Essentials there",
            ))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::live::*;
    use crate::domain::samples::default_config;

    fn ids_of(f: &[PostureFinding]) -> Vec<&'static str> {
        f.iter().map(|x| x.id).collect()
    }

    /// A read the service kept throttling is no missing permission, and the fix says so.
    #[test]
    fn a_pool_not_read_names_throttling_or_permissions_as_the_cause() {
        let record = default_config("shop");
        let fail = |throttled: bool| ReadFailure {
            action: "cognito-idp:DescribeUserPool".into(),
            not_shown: "the user pool".into(),
            message: "Rate exceeded".into(),
            throttled,
        };
        let fix_of = |failures: Vec<ReadFailure>| {
            let live = LivePool {
                failures,
                ..Default::default()
            };
            let f = live_findings(&record, &live);
            let nr = f.iter().find(|x| x.id == ids::NOT_READ).expect("not read");
            nr.fix.to_string()
        };
        let throttled = fix_of(vec![fail(true)]);
        assert!(throttled.contains("throttling"), "{throttled}");
        assert!(!throttled.contains("allow the read actions"), "{throttled}");
        let denied = fix_of(vec![fail(false)]);
        assert!(denied.contains("allow the read actions"), "{denied}");
        assert!(!denied.contains("throttl"), "{denied}");
        let both = fix_of(vec![fail(false), fail(true)]);
        assert!(both.contains("allow the read actions") && both.contains("throttled"));
    }

    #[test]
    fn a_pool_with_the_defaults_an_amplify_job_leaves_has_the_live_findings() {
        let record = default_config("shop");
        let live = LivePool {
            user_pool: Some(LiveUserPool {
                id: "us-east-1_abcdefghi".into(),
                mfa_configuration: Some("OFF".into()),
                deletion_protection: Some("INACTIVE".into()),
                advanced_security_mode: Some("OFF".into()),
                user_pool_tier: Some("ESSENTIALS".into()),
                ..Default::default()
            }),
            clients: vec![LiveClient {
                client_id: "c1".into(),
                client_name: "shop_app_clientWeb".into(),
                enable_token_revocation: Some(false),
                ..Default::default()
            }],
            domain: Some(LiveDomain {
                domain: "shop-dev".into(),
                managed_login_version: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        };
        let f = live_findings(&record, &live);
        let got = ids_of(&f);
        assert!(got.contains(&ids::DELETION_PROTECTION_OFF), "{got:?}");
        assert!(got.contains(&ids::THREAT_PROTECTION_OFF), "{got:?}");
        assert!(got.contains(&ids::TOKEN_REVOCATION_OFF), "{got:?}");
        assert!(got.contains(&ids::CLASSIC_HOSTED_UI), "{got:?}");
        // The record says MFA is off too: no live-mfa-off (the record's own finding covers it).
        assert!(!got.contains(&ids::MFA_OFF), "{got:?}");
        let domain = f.iter().find(|x| x.id == ids::CLASSIC_HOSTED_UI).unwrap();
        assert!(
            domain.fix.contains("--managed-login-version 2") && domain.fix.contains("shop-dev"),
            "{domain:?}"
        );
        let dp = f
            .iter()
            .find(|x| x.id == ids::DELETION_PROTECTION_OFF)
            .unwrap();
        assert!(dp.fix.contains("resets every setting"), "{dp:?}");
    }

    #[test]
    fn a_hardened_live_pool_has_none_and_mfa_turned_off_outside_amplify_is_an_error() {
        let mut record = default_config("shop");
        record.user_pool.mfa = Some(crate::domain::MfaConfig {
            mode: crate::domain::MfaMode::On,
            settings: Some(crate::domain::MfaSettings {
                mfa_types: Some(vec![crate::domain::MfaType::Totp]),
                ..Default::default()
            }),
            ..Default::default()
        });
        let mut live = LivePool {
            user_pool: Some(LiveUserPool {
                id: "us-east-1_abcdefghi".into(),
                mfa_configuration: Some("ON".into()),
                mfa: LiveMfa {
                    software_token: true,
                    ..Default::default()
                },
                deletion_protection: Some("ACTIVE".into()),
                advanced_security_mode: Some("ENFORCED".into()),
                user_pool_tier: Some("PLUS".into()),
                password_policy: Some(LivePasswordPolicy {
                    minimum_length: Some(8),
                    ..Default::default()
                }),
                schema_attributes: vec![LiveAttribute {
                    name: "email".into(),
                    required: true,
                    ..Default::default()
                }],
                username_attributes: vec!["email".into()],
                auto_verified_attributes: vec!["email".into()],
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(ids_of(&live_findings(&record, &live)), Vec::<&str>::new());
        live.user_pool.as_mut().unwrap().mfa_configuration = Some("OFF".into());
        let f = live_findings(&record, &live);
        let mfa = f
            .iter()
            .find(|x| x.id == ids::MFA_OFF)
            .expect("live-mfa-off");
        assert_eq!(mfa.severity, Severity::Error);
        assert!(ids_of(&f).contains(&ids::DRIFT));
    }
}
