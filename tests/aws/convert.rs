//! Domain config ↔ SDK types: lossless both ways for full configs, tolerant of partial answers.

use amplify_auth::aws::convert::*;
use amplify_auth::domain::samples::{default_config, maximal_config};
use amplify_auth::domain::update::update_request;
use amplify_auth::domain::*;
use aws_sdk_amplifybackend::types as sdk;
use base64::Engine;

/// Any base64 text serves as the Apple key here: conversion does not parse it.
fn fake_key() -> String {
    let bytes: Vec<u8> = (0..64).map(|_| rand::random::<u8>()).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn maximal_config_round_trips_through_the_sdk_types() {
    let key = fake_key();
    let domain = maximal_config(&key);
    let back = auth_config_from_sdk(&auth_config_to_sdk(&domain));
    assert_eq!(back, domain);
}

#[test]
fn default_config_round_trips_through_the_sdk_types() {
    let domain = default_config("demo");
    assert_eq!(auth_config_from_sdk(&auth_config_to_sdk(&domain)), domain);
}

#[test]
fn secrets_reach_the_sdk_request_in_clear() {
    let key = fake_key();
    let s = auth_config_to_sdk(&maximal_config(&key));
    let social = s
        .user_pool_configs
        .as_ref()
        .and_then(|u| u.o_auth.as_ref())
        .and_then(|o| o.social_provider_settings.as_ref())
        .unwrap();
    assert_eq!(
        social.facebook.as_ref().unwrap().client_secret.as_deref(),
        Some("facebook-secret-value")
    );
    assert_eq!(
        social
            .sign_in_with_apple
            .as_ref()
            .unwrap()
            .private_key
            .as_deref(),
        Some(key.as_str())
    );
}

#[test]
fn enums_cross_by_their_wire_spelling() {
    let c = auth_config_to_sdk(&maximal_config("a2V5"));
    let up = c.user_pool_configs.as_ref().unwrap();
    assert_eq!(
        up.sign_in_method.as_ref().unwrap().as_str(),
        "EMAIL_AND_PHONE_NUMBER"
    );
    assert_eq!(
        c.auth_resources.as_ref().unwrap(),
        &sdk::AuthResources::IdentityPoolAndUserPool
    );
    let scopes: Vec<&str> = up
        .o_auth
        .as_ref()
        .unwrap()
        .o_auth_scopes
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert!(scopes.contains(&"AWS_COGNITO_SIGNIN_USER_ADMIN"));
}

#[test]
fn unknown_enum_values_survive_both_ways() {
    let mut domain = default_config("demo");
    domain.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::Unknown("REQUIRED_LATER".into()),
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp, MfaType::Unknown("PASSKEY".into())]),
            ..Default::default()
        }),
        ..Default::default()
    });
    domain.user_pool.required_sign_up_attributes =
        vec![SignUpAttribute::Unknown("FAVOURITE_COLOUR".into())];
    let s = auth_config_to_sdk(&domain);
    let up = s.user_pool_configs.as_ref().unwrap();
    assert_eq!(
        up.mfa.as_ref().unwrap().mfa_mode.as_ref().unwrap().as_str(),
        "REQUIRED_LATER"
    );
    assert_eq!(auth_config_from_sdk(&s), domain);
}

#[test]
fn the_update_conversion_carries_every_update_member() {
    let key = fake_key();
    let update = update_request(&maximal_config(&key));
    let s = update_config_to_sdk(&update);
    let up = s.user_pool_configs.as_ref().unwrap();
    assert!(up.forgot_password.is_some());
    assert!(up.mfa.as_ref().unwrap().settings.is_some());
    assert!(
        up.o_auth
            .as_ref()
            .unwrap()
            .social_provider_settings
            .is_some()
    );
    assert!(
        up.password_policy
            .as_ref()
            .unwrap()
            .additional_constraints
            .is_some()
    );
    assert!(
        up.verification_message
            .as_ref()
            .unwrap()
            .sms_settings
            .is_some()
    );
    assert_eq!(
        s.identity_pool_configs
            .as_ref()
            .unwrap()
            .unauthenticated_login,
        Some(true)
    );
    // Read back, nothing was lost.
    assert_eq!(update_config_from_sdk(&s), update);
}

#[test]
fn an_update_without_optional_members_sends_none_of_them() {
    let mut update = update_request(&default_config("demo"));
    update.identity_pool = None;
    update.user_pool = Default::default();
    let s = update_config_to_sdk(&update);
    let up = s.user_pool_configs.as_ref().unwrap();
    assert!(up.forgot_password.is_none() && up.mfa.is_none() && up.o_auth.is_none());
    assert!(up.password_policy.is_none() && up.verification_message.is_none());
    assert!(s.identity_pool_configs.is_none());
}

#[test]
fn a_partial_sdk_config_converts_without_panic() {
    let partial = sdk::CreateBackendAuthResourceConfig::builder()
        .user_pool_configs(
            sdk::CreateBackendAuthUserPoolConfig::builder()
                .user_pool_name("")
                .password_policy(
                    sdk::CreateBackendAuthPasswordPolicyConfig::builder()
                        .minimum_length(10.0)
                        .build(),
                )
                .mfa(
                    sdk::CreateBackendAuthMfaConfig::builder()
                        .mfa_mode(sdk::MfaMode::Off)
                        .build(),
                )
                .o_auth(
                    sdk::CreateBackendAuthOAuthConfig::builder()
                        .domain_prefix("")
                        .build(),
                )
                .verification_message(
                    sdk::CreateBackendAuthVerificationMessageConfig::builder().build(),
                )
                .build(),
        )
        .identity_pool_configs(sdk::CreateBackendAuthIdentityPoolConfig::builder().build())
        .build();
    let c = auth_config_from_sdk(&partial);
    // An identity pool is present, so both resources exist even though the member is missing.
    assert_eq!(c.auth_resources, AuthResources::IdentityPoolAndUserPool);
    assert_eq!(c.service, Service::Cognito);
    let ip = c.identity_pool.as_ref().unwrap();
    assert_eq!(ip.identity_pool_name, "");
    assert!(!ip.unauthenticated_login);
    let up = &c.user_pool;
    assert_eq!(up.user_pool_name, "");
    assert_eq!(up.sign_in_method, SignInMethod::Unknown(String::new()));
    assert!(up.required_sign_up_attributes.is_empty());
    let pp = up.password_policy.as_ref().unwrap();
    assert_eq!(pp.minimum_length, 10.0);
    assert_eq!(pp.additional_constraints, None);
    let mfa = up.mfa.as_ref().unwrap();
    assert_eq!(mfa.mode, MfaMode::Off);
    assert_eq!(mfa.settings, None);
    let oauth = up.oauth.as_ref().unwrap();
    assert_eq!(oauth.domain_prefix.as_deref(), Some(""));
    assert_eq!(oauth.grant_type, OAuthGrantType::Unknown(String::new()));
    assert!(oauth.scopes.is_empty() && oauth.redirect_sign_in_uris.is_empty());
    assert_eq!(
        up.verification_message.as_ref().unwrap().delivery_method,
        DeliveryMethod::Unknown(String::new())
    );
}

#[test]
fn an_empty_sdk_config_converts_to_an_empty_user_pool_only_config() {
    let c = auth_config_from_sdk(&sdk::CreateBackendAuthResourceConfig::builder().build());
    assert_eq!(c.auth_resources, AuthResources::UserPoolOnly);
    assert!(c.identity_pool.is_none());
    assert_eq!(c.user_pool.user_pool_name, "");
    assert!(c.user_pool.mfa.is_none() && c.user_pool.oauth.is_none());
    let u = update_config_from_sdk(&sdk::UpdateBackendAuthResourceConfig::builder().build());
    assert_eq!(u.auth_resources, AuthResources::UserPoolOnly);
    assert!(u.user_pool.mfa.is_none());
}
