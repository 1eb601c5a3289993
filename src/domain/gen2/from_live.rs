//! The live Cognito pool ([`LivePool`], read by `aws::live`) as the facts the Gen 2 mapping uses
//! ([`Gen2Live`]). Pure: what a failed read left empty stays unset here, so the mapping falls back
//! to the record for it ([`record_only`] names those facts for the report).

use super::{Gen2Live, LiveCustomAttribute, LiveProvider};
use crate::domain::live::LivePool;

/// The Gen 2 facts in a live pool: required standard attributes (not `sub`, not `custom:`),
/// custom attributes, groups by ascending precedence (groups without one last, by name), the
/// `LambdaConfig` triggers set, identity providers, case sensitivity, feature plan and the
/// identity pool's roles.
pub fn gen2_live(pool: &LivePool) -> Gen2Live {
    let up = pool.user_pool.as_ref();
    let required_attributes = up.map(|p| {
        p.schema_attributes
            .iter()
            .filter(|a| a.required && !a.is_custom() && a.name != "sub")
            .map(|a| a.name.clone())
            .collect()
    });
    let custom_attributes = pool
        .custom_attributes()
        .into_iter()
        .map(|a| LiveCustomAttribute {
            name: a.name.trim_start_matches("custom:").to_string(),
            data_type: a
                .attribute_data_type
                .clone()
                .unwrap_or_else(|| "String".to_string()),
            mutable: a.mutable,
            min: a.min.clone(),
            max: a.max.clone(),
        })
        .collect();
    let mut groups: Vec<_> = pool.groups.iter().collect();
    groups.sort_by(|a, b| {
        (a.precedence.is_none(), a.precedence, &a.group_name).cmp(&(
            b.precedence.is_none(),
            b.precedence,
            &b.group_name,
        ))
    });
    let providers = pool
        .identity_providers
        .iter()
        .map(|p| LiveProvider {
            name: p.provider_name.clone(),
            scopes: p
                .authorize_scopes
                .iter()
                .flat_map(|s| s.split([' ', ',']))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            attribute_mapping: p
                .attribute_mapping
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
        .collect();
    let idp = pool.identity_pool.as_ref();
    Gen2Live {
        required_attributes,
        custom_attributes,
        groups: groups.into_iter().map(|g| g.group_name.clone()).collect(),
        triggers: up
            .map(|p| p.lambda_triggers.keys().cloned().collect())
            .unwrap_or_default(),
        providers,
        case_sensitive: up.and_then(|p| p.username_case_sensitive),
        user_pool_tier: up.and_then(|p| p.user_pool_tier.clone()),
        auth_role_arn: idp.and_then(|i| i.authenticated_role_arn.clone()),
        unauth_role_arn: idp.and_then(|i| i.unauthenticated_role_arn.clone()),
    }
}

/// What a failed read leaves to the record: for each failed read of `pool` that the Gen 2 facts
/// depend on, its IAM action and the facts that therefore come from the record only (or are left
/// out). Reads the export does not use (app clients, MFA, domain) are not named.
pub fn record_only(pool: &LivePool) -> Vec<(String, String)> {
    pool.failures
        .iter()
        .filter_map(|f| {
            let action = f.action.as_str();
            let facts = if action.ends_with("DescribeUserPool") || action == "GetBackend" {
                "required attributes (from the record), custom attributes, triggers, case sensitivity and feature plan (left out)"
            } else if action.ends_with("ListGroups") {
                "groups (left out)"
            } else if action.contains("IdentityProvider") {
                "providers' scopes and attribute mappings (the Gen 1 CLI's defaults)"
            } else if action.contains("IdentityPool") {
                "the identity pool's roles (from the environment's meta)"
            } else {
                return None;
            };
            Some((action.to_string(), facts.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::live::{
        LiveAttribute, LiveGroup, LiveIdentityPool, LiveIdentityProvider, LiveUserPool, ReadFailure,
    };

    fn attr(name: &str, required: bool) -> LiveAttribute {
        LiveAttribute {
            name: name.into(),
            attribute_data_type: Some("String".into()),
            required,
            mutable: true,
            ..Default::default()
        }
    }

    fn pool() -> LivePool {
        LivePool {
            user_pool: Some(LiveUserPool {
                id: "us-east-1_X".into(),
                schema_attributes: vec![
                    attr("sub", true),
                    attr("email", true),
                    attr("name", false),
                    attr("phone_number", true),
                    LiveAttribute {
                        name: "custom:tenant".into(),
                        attribute_data_type: Some("String".into()),
                        required: false,
                        mutable: false,
                        min: Some("1".into()),
                        max: Some("64".into()),
                        ..Default::default()
                    },
                    LiveAttribute {
                        name: "custom:level".into(),
                        attribute_data_type: Some("Number".into()),
                        mutable: true,
                        min: Some("0".into()),
                        max: Some("9".into()),
                        ..Default::default()
                    },
                ],
                username_case_sensitive: Some(false),
                user_pool_tier: Some("ESSENTIALS".into()),
                lambda_triggers: BTreeMap::from([
                    ("PreSignUp".to_string(), "arn:aws:lambda:f1".to_string()),
                    ("CustomMessage".to_string(), "arn:aws:lambda:f2".to_string()),
                ]),
                ..Default::default()
            }),
            groups: vec![
                LiveGroup {
                    group_name: "readers".into(),
                    precedence: Some(5),
                    ..Default::default()
                },
                LiveGroup {
                    group_name: "zz-none".into(),
                    ..Default::default()
                },
                LiveGroup {
                    group_name: "admins".into(),
                    precedence: Some(1),
                    ..Default::default()
                },
            ],
            identity_providers: vec![LiveIdentityProvider {
                provider_name: "Google".into(),
                provider_type: "Google".into(),
                authorize_scopes: vec!["openid email,profile".into()],
                attribute_mapping: BTreeMap::from([
                    ("email".to_string(), "email".to_string()),
                    ("username".to_string(), "sub".to_string()),
                ]),
                ..Default::default()
            }],
            identity_pool: Some(LiveIdentityPool {
                authenticated_role_arn: Some("arn:aws:iam::1:role/auth".into()),
                unauthenticated_role_arn: Some("arn:aws:iam::1:role/unauth".into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn every_fact_comes_from_the_live_pool() {
        let g = gen2_live(&pool());
        assert_eq!(
            g.required_attributes,
            Some(vec!["email".to_string(), "phone_number".to_string()])
        );
        assert_eq!(
            g.custom_attributes,
            vec![
                LiveCustomAttribute {
                    name: "tenant".into(),
                    data_type: "String".into(),
                    mutable: false,
                    min: Some("1".into()),
                    max: Some("64".into()),
                },
                LiveCustomAttribute {
                    name: "level".into(),
                    data_type: "Number".into(),
                    mutable: true,
                    min: Some("0".into()),
                    max: Some("9".into()),
                },
            ]
        );
        assert_eq!(g.groups, vec!["admins", "readers", "zz-none"]);
        assert_eq!(g.triggers, vec!["CustomMessage", "PreSignUp"]);
        assert_eq!(
            g.providers,
            vec![LiveProvider {
                name: "Google".into(),
                scopes: vec!["openid".into(), "email".into(), "profile".into()],
                attribute_mapping: vec![
                    ("email".into(), "email".into()),
                    ("username".into(), "sub".into())
                ],
            }]
        );
        assert_eq!(g.case_sensitive, Some(false));
        assert_eq!(g.user_pool_tier.as_deref(), Some("ESSENTIALS"));
        assert_eq!(g.auth_role_arn.as_deref(), Some("arn:aws:iam::1:role/auth"));
        assert_eq!(
            g.unauth_role_arn.as_deref(),
            Some("arn:aws:iam::1:role/unauth")
        );
    }

    #[test]
    fn an_unread_pool_leaves_every_fact_to_the_record() {
        let failed = LivePool {
            failures: vec![ReadFailure {
                action: "cognito-idp:DescribeUserPool".into(),
                not_shown: "the user pool".into(),
                message: "AccessDenied".into(),
                throttled: false,
            }],
            ..Default::default()
        };
        assert_eq!(gen2_live(&failed), Gen2Live::default());
        let notes = record_only(&failed);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, "cognito-idp:DescribeUserPool");
        assert!(notes[0].1.contains("required attributes (from the record)"));
    }
}
