//! Where AmplifyBackend's record and the live Cognito pool part ways, and which of those an update
//! would revert.
//!
//! Each [`Member`] maps one member of the record (`UserPoolConfigs.PasswordPolicy.MinimumLength`)
//! to the live pool's value that an AmplifyBackend job sets from it (the Amplify CLI's auth stack,
//! which the service runs: `auth-cognito-stack-builder.ts` for the pool's properties, its custom
//! resources `mfaLambda`, `oauthLambda` and `hostedUIProviderLambda` for MFA types, the clients'
//! OAuth settings and the providers). A job applies the whole record, so a live value
//! that differs from the record was changed outside Amplify (the Cognito console, the AWS CLI,
//! `amplify update auth` not yet recorded).
//!
//! An update that sets a member to something other than its live value, where the live value was
//! changed outside Amplify, reverts that change: [`conflicts`] lists those, [`adopt`] takes the
//! live value into the update instead.

use serde::Serialize;
use serde_json::{Value, json};

use super::config::*;
use super::enums::*;
use super::live::{LiveClient, LivePool};

/// One member where the record and the live pool differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Drift {
    /// The record's member, in the AWS CLI's JSON path spelling.
    pub path: String,
    pub record: Value,
    pub live: Value,
}

/// An update's value for a member whose live value was changed outside Amplify.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Conflict {
    pub path: String,
    /// What the record holds (and what the job last applied).
    pub record: Value,
    /// What the live pool holds now.
    pub live: Value,
    /// What the update would set.
    pub update: Value,
}

/// One mapped member: how to read it from the record and from the live pool, and how to take the
/// live value into a config.
pub struct Member {
    pub path: &'static str,
    /// The live pool property it maps to, for help texts.
    pub live_name: &'static str,
    record: fn(&AuthConfig) -> Value,
    /// `None` when the live pool does not have the part (not read, or absent).
    live: fn(&LivePool) -> Option<Value>,
    adopt: fn(&mut AuthConfig, &LivePool),
}

fn sorted(mut v: Vec<String>) -> Value {
    v.sort();
    v.dedup();
    json!(v)
}

fn constraints(c: &AuthConfig) -> Vec<PasswordConstraint> {
    c.user_pool
        .password_policy
        .as_ref()
        .and_then(|p| p.additional_constraints.clone())
        .unwrap_or_default()
}

fn live_constraints(live: &LivePool) -> Option<Vec<PasswordConstraint>> {
    let p = live
        .user_pool
        .as_ref()?
        .password_policy
        .clone()
        .unwrap_or_default();
    let mut out = Vec::new();
    for (on, k) in [
        (p.require_numbers, PasswordConstraint::RequireDigit),
        (p.require_lowercase, PasswordConstraint::RequireLowercase),
        (p.require_symbols, PasswordConstraint::RequireSymbol),
        (p.require_uppercase, PasswordConstraint::RequireUppercase),
    ] {
        if on {
            out.push(k);
        }
    }
    Some(out)
}

fn min_length(c: &AuthConfig) -> u32 {
    // The CLI's default when the record has no policy (cognito-defaults.js: 8).
    c.user_pool
        .password_policy
        .as_ref()
        .map(|p| p.minimum_length as u32)
        .unwrap_or(8)
}

fn policy_mut(c: &mut AuthConfig) -> &mut PasswordPolicy {
    c.user_pool.password_policy.get_or_insert(PasswordPolicy {
        minimum_length: 8.0,
        ..Default::default()
    })
}

fn mfa_mode(c: &AuthConfig) -> String {
    c.user_pool
        .mfa
        .as_ref()
        .map(|m| m.mode.as_str().to_string())
        .unwrap_or_else(|| "OFF".into())
}

fn mfa_types(c: &AuthConfig) -> Vec<String> {
    c.user_pool
        .mfa
        .as_ref()
        .filter(|m| m.mode != MfaMode::Off)
        .and_then(|m| m.settings.as_ref())
        .and_then(|s| s.mfa_types.clone())
        .unwrap_or_default()
        .iter()
        .map(|t| t.as_str().to_string())
        .collect()
}

fn live_mfa_types(live: &LivePool) -> Option<Vec<String>> {
    let p = live.user_pool.as_ref()?;
    if p.mfa_configuration.as_deref().unwrap_or("OFF") == "OFF" {
        return Some(Vec::new());
    }
    let mut v = Vec::new();
    if p.mfa.sms {
        v.push("SMS".to_string());
    }
    if p.mfa.software_token {
        v.push("TOTP".to_string());
    }
    Some(v)
}

fn required_attrs(c: &AuthConfig) -> Vec<String> {
    c.user_pool
        .required_sign_up_attributes
        .iter()
        .map(|a| a.as_str().to_string())
        .collect()
}

fn live_required(live: &LivePool) -> Option<Vec<SignUpAttribute>> {
    let p = live.user_pool.as_ref()?;
    Some(
        p.schema_attributes
            .iter()
            .filter(|a| a.required && !a.is_custom())
            .filter_map(|a| {
                SignUpAttribute::ALL
                    .iter()
                    .find(|s| s.claim_name() == a.name)
                    .cloned()
            })
            .collect(),
    )
}

fn sign_in(live: &LivePool) -> Option<SignInMethod> {
    let p = live.user_pool.as_ref()?;
    let has = |a: &str| p.username_attributes.iter().any(|x| x == a);
    Some(match (has("email"), has("phone_number")) {
        (true, true) => SignInMethod::EmailAndPhoneNumber,
        (true, false) => SignInMethod::Email,
        (false, true) => SignInMethod::PhoneNumber,
        (false, false) => SignInMethod::Username,
    })
}

fn delivery(c: &AuthConfig) -> Value {
    c.user_pool
        .verification_message
        .as_ref()
        .map(|v| json!(v.delivery_method.as_str()))
        .unwrap_or(Value::Null)
}

fn live_delivery(live: &LivePool) -> Option<Option<DeliveryMethod>> {
    let p = live.user_pool.as_ref()?;
    Some(
        p.auto_verified_attributes
            .iter()
            .find_map(|a| match a.as_str() {
                "email" => Some(DeliveryMethod::Email),
                "phone_number" => Some(DeliveryMethod::Sms),
                _ => None,
            }),
    )
}

fn oauth(c: &AuthConfig) -> Option<&OAuthConfig> {
    c.user_pool.oauth.as_ref()
}

/// The web client, only when the record has OAuth (without it the job leaves the client's OAuth
/// settings alone, so there is nothing to compare).
fn web(live: &LivePool) -> Option<&LiveClient> {
    live.web_client()
}

fn grant(client: &LiveClient) -> Option<OAuthGrantType> {
    if client.allowed_oauth_flows.iter().any(|f| f == "code") {
        Some(OAuthGrantType::Code)
    } else if client.allowed_oauth_flows.iter().any(|f| f == "implicit") {
        Some(OAuthGrantType::Implicit)
    } else {
        None
    }
}

fn live_scopes(client: &LiveClient) -> Vec<OAuthScope> {
    client
        .allowed_oauth_scopes
        .iter()
        .map(|s| {
            OAuthScope::ALL
                .iter()
                .find(|x| x.cognito_name() == s)
                .cloned()
                .unwrap_or_else(|| OAuthScope::Unknown(s.clone()))
        })
        .collect()
}

fn scope_names(v: &[OAuthScope]) -> Vec<String> {
    v.iter().map(|s| s.cognito_name().to_string()).collect()
}

/// The mapped members, in the record's order. Sources: the Amplify CLI's auth stack
/// (`auth-cognito-stack-builder.ts`: pool properties; `mfaLambda`, `oauthLambda`,
/// `hostedUIProviderLambda` custom resources).
pub const MEMBERS: &[Member] = &[
    Member {
        path: "UserPoolConfigs.PasswordPolicy.MinimumLength",
        live_name: "Policies.PasswordPolicy.MinimumLength",
        record: |c| json!(min_length(c)),
        live: |l| {
            let p = l.user_pool.as_ref()?;
            Some(json!(
                p.password_policy
                    .as_ref()
                    .and_then(|p| p.minimum_length)
                    .unwrap_or(8)
            ))
        },
        adopt: |c, l| {
            if let Some(n) = l
                .user_pool
                .as_ref()
                .and_then(|p| p.password_policy.as_ref())
                .and_then(|p| p.minimum_length)
            {
                policy_mut(c).minimum_length = f64::from(n);
            }
        },
    },
    Member {
        path: "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
        live_name: "Policies.PasswordPolicy.Require*",
        record: |c| {
            sorted(
                constraints(c)
                    .iter()
                    .map(|x| x.as_str().to_string())
                    .collect(),
            )
        },
        live: |l| {
            live_constraints(l).map(|v| sorted(v.iter().map(|x| x.as_str().to_string()).collect()))
        },
        adopt: |c, l| {
            if let Some(v) = live_constraints(l) {
                policy_mut(c).additional_constraints = Some(v);
            }
        },
    },
    Member {
        path: "UserPoolConfigs.Mfa.MFAMode",
        live_name: "MfaConfiguration",
        record: |c| json!(mfa_mode(c)),
        live: |l| {
            let p = l.user_pool.as_ref()?;
            Some(json!(p.mfa_configuration.as_deref().unwrap_or("OFF")))
        },
        adopt: |c, l| {
            if let Some(m) = l
                .user_pool
                .as_ref()
                .and_then(|p| p.mfa_configuration.as_deref())
            {
                let mode = MfaMode::parse(m);
                match &mut c.user_pool.mfa {
                    Some(x) => x.mode = mode,
                    None => {
                        c.user_pool.mfa = Some(MfaConfig {
                            mode,
                            ..Default::default()
                        })
                    }
                }
            }
        },
    },
    Member {
        path: "UserPoolConfigs.Mfa.Settings.MfaTypes",
        live_name: "GetUserPoolMfaConfig (SmsMfaConfiguration, SoftwareTokenMfaConfiguration)",
        record: |c| sorted(mfa_types(c)),
        live: |l| live_mfa_types(l).map(sorted),
        adopt: |c, l| {
            if let (Some(types), Some(m)) = (live_mfa_types(l), c.user_pool.mfa.as_mut()) {
                let settings = m.settings.get_or_insert_with(MfaSettings::default);
                settings.mfa_types = Some(types.iter().map(|t| MfaType::parse(t)).collect());
            }
        },
    },
    Member {
        path: "UserPoolConfigs.RequiredSignUpAttributes",
        live_name: "SchemaAttributes[].Required",
        record: |c| sorted(required_attrs(c)),
        live: |l| {
            live_required(l).map(|v| sorted(v.iter().map(|a| a.as_str().to_string()).collect()))
        },
        adopt: |c, l| {
            if let Some(v) = live_required(l) {
                c.user_pool.required_sign_up_attributes = v;
            }
        },
    },
    Member {
        path: "UserPoolConfigs.SignInMethod",
        live_name: "UsernameAttributes",
        record: |c| json!(c.user_pool.sign_in_method.as_str()),
        live: |l| sign_in(l).map(|s| json!(s.as_str())),
        adopt: |c, l| {
            if let Some(s) = sign_in(l) {
                c.user_pool.sign_in_method = s;
            }
        },
    },
    Member {
        path: "UserPoolConfigs.VerificationMessage.DeliveryMethod",
        live_name: "AutoVerifiedAttributes",
        record: delivery,
        live: |l| live_delivery(l).map(|d| d.map(|d| json!(d.as_str())).unwrap_or(Value::Null)),
        adopt: |c, l| match live_delivery(l) {
            Some(Some(d)) => match &mut c.user_pool.verification_message {
                Some(v) => v.delivery_method = d,
                None => {
                    c.user_pool.verification_message = Some(MessageConfig {
                        delivery_method: d,
                        ..Default::default()
                    })
                }
            },
            Some(None) => c.user_pool.verification_message = None,
            None => {}
        },
    },
    Member {
        path: "UserPoolConfigs.OAuth.RedirectSignInURIs",
        live_name: "web client CallbackURLs",
        record: |c| {
            oauth(c)
                .map(|o| sorted(o.redirect_sign_in_uris.clone()))
                .unwrap_or(Value::Null)
        },
        live: |l| web(l).map(|w| sorted(w.callback_urls.clone())),
        adopt: |c, l| {
            if let (Some(w), Some(o)) = (web(l), c.user_pool.oauth.as_mut()) {
                o.redirect_sign_in_uris = w.callback_urls.clone();
            }
        },
    },
    Member {
        path: "UserPoolConfigs.OAuth.RedirectSignOutURIs",
        live_name: "web client LogoutURLs",
        record: |c| {
            oauth(c)
                .map(|o| sorted(o.redirect_sign_out_uris.clone()))
                .unwrap_or(Value::Null)
        },
        live: |l| web(l).map(|w| sorted(w.logout_urls.clone())),
        adopt: |c, l| {
            if let (Some(w), Some(o)) = (web(l), c.user_pool.oauth.as_mut()) {
                o.redirect_sign_out_uris = w.logout_urls.clone();
            }
        },
    },
    Member {
        path: "UserPoolConfigs.OAuth.OAuthScopes",
        live_name: "web client AllowedOAuthScopes",
        record: |c| {
            oauth(c)
                .map(|o| sorted(scope_names(&o.scopes)))
                .unwrap_or(Value::Null)
        },
        live: |l| web(l).map(|w| sorted(w.allowed_oauth_scopes.clone())),
        adopt: |c, l| {
            if let (Some(w), Some(o)) = (web(l), c.user_pool.oauth.as_mut()) {
                o.scopes = live_scopes(w);
            }
        },
    },
    Member {
        path: "UserPoolConfigs.OAuth.OAuthGrantType",
        live_name: "web client AllowedOAuthFlows",
        record: |c| {
            oauth(c)
                .map(|o| json!(o.grant_type.as_str()))
                .unwrap_or(Value::Null)
        },
        live: |l| web(l).map(|w| grant(w).map(|g| json!(g.as_str())).unwrap_or(Value::Null)),
        adopt: |c, l| {
            if let (Some(g), Some(o)) = (web(l).and_then(grant), c.user_pool.oauth.as_mut()) {
                o.grant_type = g;
            }
        },
    },
    Member {
        path: "IdentityPoolConfigs.UnauthenticatedLogin",
        live_name: "AllowUnauthenticatedIdentities",
        record: |c| {
            c.identity_pool
                .as_ref()
                .map(|i| json!(i.unauthenticated_login))
                .unwrap_or(Value::Null)
        },
        live: |l| {
            l.identity_pool
                .as_ref()
                .map(|i| json!(i.allow_unauthenticated_identities))
        },
        adopt: |c, l| {
            if let (Some(i), Some(r)) = (l.identity_pool.as_ref(), c.identity_pool.as_mut()) {
                r.unauthenticated_login = i.allow_unauthenticated_identities;
            }
        },
    },
];

/// Whether a member is comparable for this record: OAuth members only when the record has OAuth
/// (the job leaves the client's OAuth settings alone otherwise), identity pool members only when
/// it has an identity pool.
fn applies(m: &Member, c: &AuthConfig) -> bool {
    if m.path.starts_with("UserPoolConfigs.OAuth.") {
        return c.user_pool.oauth.is_some();
    }
    if m.path.starts_with("IdentityPoolConfigs.") {
        return c.identity_pool.is_some();
    }
    true
}

/// Each mapped member whose record value differs from the live one. Members the live pool could
/// not be read for are left out (the read failures say what is not shown).
pub fn drift(record: &AuthConfig, live: &LivePool) -> Vec<Drift> {
    MEMBERS
        .iter()
        .filter(|m| applies(m, record))
        .filter_map(|m| {
            let l = (m.live)(live)?;
            let r = (m.record)(record);
            (r != l).then(|| Drift {
                path: m.path.to_string(),
                record: r,
                live: l,
            })
        })
        .collect()
}

/// The members an update would set to something other than the live value, where the live value
/// was changed outside Amplify (differs from the record). A member the update already sets to the
/// live value is no conflict; nor is one the update itself changes where the live pool still
/// matches the record.
pub fn conflicts(record: &AuthConfig, update: &AuthConfig, live: &LivePool) -> Vec<Conflict> {
    drift(record, live)
        .into_iter()
        .filter_map(|d| {
            let m = MEMBERS.iter().find(|m| m.path == d.path)?;
            if !applies(m, update) {
                return None;
            }
            let u = (m.record)(update);
            (u != d.live).then(|| Conflict {
                path: d.path,
                record: d.record,
                live: d.live,
                update: u,
            })
        })
        .collect()
}

/// Takes the live value of the member at `path` into `update`. Unknown paths change nothing.
pub fn adopt(update: &mut AuthConfig, live: &LivePool, path: &str) {
    if let Some(m) = MEMBERS.iter().find(|m| m.path == path) {
        (m.adopt)(update, live);
    }
}

/// What an update resets that only the Amplify CLI configures, when the live pool has it: one line
/// each, with its source (service-behaviour evidence §2.4 and §8.10: the CLI adaptor's defaults
/// for an omitted member).
pub fn reset_by_update(live: &LivePool) -> Vec<String> {
    let mut out = Vec::new();
    if !live.groups.is_empty() {
        let names: Vec<&str> = live.groups.iter().map(|g| g.group_name.as_str()).collect();
        out.push(format!(
            "user pool groups ({}): the update's CLI defaults set userPoolGroups to false and [] \
             (amplify-cli auth-request-adaptors.ts, getUpdateAuthRequestAdaptor)",
            names.join(", ")
        ));
    }
    let rw = live
        .clients
        .iter()
        .any(|c| !c.read_attributes.is_empty() || !c.write_attributes.is_empty());
    if rw {
        out.push(
            "app clients' read/write attributes: the update's CLI defaults set them to [] \
             (amplify-cli auth-request-adaptors.ts, getUpdateAuthRequestAdaptor)"
                .to_string(),
        );
    }
    if let Some(ip) = &live.identity_pool
        && !ip.supported_login_providers.is_empty()
    {
        out.push(format!(
            "identity pool federation ({}): the update's CLI defaults set thirdPartyAuth to false \
             and authProviders to [] (amplify-cli auth-request-adaptors.ts)",
            ip.supported_login_providers
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}

/// One fact only the live pool has (AmplifyBackend cannot express it), for the "Live pool only"
/// section: a label in Cognito's terms and its value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveOnly {
    pub name: String,
    pub value: Value,
}

/// The live pool's facts the record cannot hold: custom attributes, groups, triggers, feature
/// plan, managed login version, deletion protection, threat protection, token revocation,
/// refresh-token rotation, first factors, email MFA. Parts that were not read are left out.
pub fn live_only(live: &LivePool) -> Vec<LiveOnly> {
    let mut out = Vec::new();
    let mut push = |name: &str, value: Value| {
        out.push(LiveOnly {
            name: name.to_string(),
            value,
        })
    };
    if let Some(p) = &live.user_pool {
        let custom: Vec<&str> = live
            .custom_attributes()
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        push("Custom attributes", json!(custom));
        push(
            "Lambda triggers",
            json!(p.lambda_triggers.keys().collect::<Vec<_>>()),
        );
        push(
            "Feature plan (UserPoolTier)",
            json!(p.user_pool_tier.as_deref().unwrap_or("(not reported)")),
        );
        push(
            "Deletion protection",
            json!(p.deletion_protection.as_deref().unwrap_or("INACTIVE")),
        );
        push(
            "Threat protection (AdvancedSecurityMode)",
            json!(p.advanced_security_mode.as_deref().unwrap_or("OFF")),
        );
        push("First factors", json!(p.allowed_first_auth_factors));
        push("Email MFA", json!(p.mfa.email));
    }
    if live.read_ok() || !live.groups.is_empty() {
        push(
            "Groups",
            json!(
                live.groups
                    .iter()
                    .map(|g| g.group_name.as_str())
                    .collect::<Vec<_>>()
            ),
        );
    }
    if let Some(d) = &live.domain {
        push(
            "Managed login version",
            match d.managed_login_version {
                Some(2) => json!("2 (managed login)"),
                Some(v) => json!(format!("{v} (classic hosted UI)")),
                None => json!("(not reported)"),
            },
        );
    }
    if let Some(c) = live.web_client() {
        push(
            "Token revocation (web client)",
            json!(c.enable_token_revocation.unwrap_or(false)),
        );
        push(
            "Refresh-token rotation (web client)",
            json!(c.refresh_token_rotation.as_deref().unwrap_or("DISABLED")),
        );
    }
    out
}

/// A short text for a value in a sentence: strings unquoted, lists joined, null as "(none)".
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "(none)".into(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::live::*;

    fn record() -> AuthConfig {
        serde_json::from_value(json!({
            "AuthResources": "USER_POOL_ONLY",
            "Service": "COGNITO",
            "UserPoolConfigs": {
                "UserPoolName": "shop",
                "SignInMethod": "EMAIL",
                "RequiredSignUpAttributes": ["EMAIL"],
                "PasswordPolicy": {"MinimumLength": 8, "AdditionalConstraints": ["REQUIRE_DIGIT"]},
                "Mfa": {"MFAMode": "OFF"}
            }
        }))
        .unwrap()
    }

    fn live_matching() -> LivePool {
        LivePool {
            user_pool: Some(LiveUserPool {
                id: "us-east-1_abcdefghi".into(),
                name: "shop-dev".into(),
                password_policy: Some(LivePasswordPolicy {
                    minimum_length: Some(8),
                    require_numbers: true,
                    ..Default::default()
                }),
                mfa_configuration: Some("OFF".into()),
                schema_attributes: vec![LiveAttribute {
                    name: "email".into(),
                    required: true,
                    ..Default::default()
                }],
                username_attributes: vec!["email".into()],
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_pool_that_matches_its_record_has_no_drift() {
        assert_eq!(drift(&record(), &live_matching()), vec![]);
    }

    #[test]
    fn a_console_change_shows_as_drift_and_an_update_of_another_member_conflicts() {
        let mut live = live_matching();
        live.user_pool
            .as_mut()
            .unwrap()
            .password_policy
            .as_mut()
            .unwrap()
            .minimum_length = Some(12);
        let d = drift(&record(), &live);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "UserPoolConfigs.PasswordPolicy.MinimumLength");
        assert_eq!(
            (d[0].record.clone(), d[0].live.clone()),
            (json!(8), json!(12))
        );

        // An update of MFA carries MinimumLength 8 from the record: it would revert the 12.
        let mut update = record();
        update.user_pool.mfa = Some(MfaConfig {
            mode: MfaMode::Optional,
            settings: Some(MfaSettings {
                mfa_types: Some(vec![MfaType::Totp]),
                ..Default::default()
            }),
            ..Default::default()
        });
        let c = conflicts(&record(), &update, &live);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].path, "UserPoolConfigs.PasswordPolicy.MinimumLength");
        assert_eq!(c[0].update, json!(8));

        // Adopting takes the live value in, and then nothing conflicts; the MFA change stays.
        adopt(&mut update, &live, &c[0].path);
        assert_eq!(
            update
                .user_pool
                .password_policy
                .as_ref()
                .unwrap()
                .minimum_length,
            12.0
        );
        assert_eq!(conflicts(&record(), &update, &live), vec![]);
        assert_eq!(
            update.user_pool.mfa.as_ref().unwrap().mode,
            MfaMode::Optional
        );
    }

    #[test]
    fn members_the_pool_could_not_be_read_for_are_not_reported() {
        let live = LivePool::default();
        assert_eq!(drift(&record(), &live), vec![]);
    }

    #[test]
    fn every_member_adopts_what_it_compares() {
        // For each member, a live pool that differs everywhere: adopting the member makes that
        // member's drift disappear (the getter and the setter agree).
        let mut rec = record();
        rec.user_pool.oauth = Some(OAuthConfig {
            domain_prefix: Some("shop".into()),
            grant_type: OAuthGrantType::Code,
            scopes: vec![OAuthScope::OpenId],
            redirect_sign_in_uris: vec!["https://a.example/".into()],
            redirect_sign_out_uris: vec!["https://a.example/out".into()],
            ..Default::default()
        });
        rec.identity_pool = Some(IdentityPoolConfig {
            identity_pool_name: "shop_ip".into(),
            unauthenticated_login: false,
            ..Default::default()
        });
        // MFA on in the record, so its types compare on their own.
        rec.user_pool.mfa = Some(MfaConfig {
            mode: MfaMode::On,
            settings: Some(MfaSettings {
                mfa_types: Some(vec![MfaType::Sms]),
                ..Default::default()
            }),
            ..Default::default()
        });
        let mut live = live_matching();
        {
            let p = live.user_pool.as_mut().unwrap();
            p.password_policy = Some(LivePasswordPolicy {
                minimum_length: Some(14),
                require_symbols: true,
                ..Default::default()
            });
            p.mfa_configuration = Some("OPTIONAL".into());
            p.mfa.software_token = true;
            p.schema_attributes.push(LiveAttribute {
                name: "name".into(),
                required: true,
                ..Default::default()
            });
            p.username_attributes = vec!["phone_number".into()];
            p.auto_verified_attributes = vec!["email".into()];
        }
        live.clients.push(LiveClient {
            client_id: "web".into(),
            client_name: "shop_app_clientWeb".into(),
            callback_urls: vec!["https://b.example/".into()],
            logout_urls: vec!["https://b.example/out".into()],
            allowed_oauth_flows: vec!["implicit".into()],
            allowed_oauth_scopes: vec!["openid".into(), "email".into()],
            ..Default::default()
        });
        live.identity_pool = Some(LiveIdentityPool {
            identity_pool_name: "shop_ip__dev".into(),
            allow_unauthenticated_identities: true,
            ..Default::default()
        });
        let all = drift(&rec, &live);
        assert_eq!(all.len(), MEMBERS.len(), "{all:#?}");
        for m in MEMBERS {
            let mut u = rec.clone();
            adopt(&mut u, &live, m.path);
            let left = drift(&u, &live);
            assert!(
                !left.iter().any(|d| d.path == m.path),
                "{} still drifts after adopt: {left:?}",
                m.path
            );
            assert_eq!(left.len(), MEMBERS.len() - 1, "{}", m.path);
        }
    }

    #[test]
    fn groups_and_federation_are_listed_as_reset_with_their_source() {
        let mut live = live_matching();
        assert!(reset_by_update(&live).is_empty());
        live.groups.push(LiveGroup {
            group_name: "admins".into(),
            ..Default::default()
        });
        let r = reset_by_update(&live);
        assert_eq!(r.len(), 1);
        assert!(
            r[0].contains("admins") && r[0].contains("auth-request-adaptors.ts"),
            "{r:?}"
        );
    }
}
