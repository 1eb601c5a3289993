//! Domain config types ↔ the SDK's AmplifyBackend types.
//!
//! Enums cross by their wire spelling (`as_str()` one way, `parse`/`From<&str>` the other), so a
//! value either side does not know survives unchanged. Going domain → SDK is total. Going
//! SDK → domain tolerates partial answers (every SDK member is optional): missing lists become
//! empty, missing optional members stay `None`, and a missing required enum becomes
//! `Unknown("")`, which local validation flags, rather than a guessed value that would look real.

use aws_sdk_amplifybackend::types as sdk;

use crate::domain::update::{
    OAuthUpdate, UpdateAuthConfig, UpdateIdentityPoolConfig, UpdateUserPoolConfig,
};
use crate::domain::*;

/// Cognito's minimum password length when none is set; used when a policy arrives without one.
const DEFAULT_MIN_PASSWORD_LENGTH: f64 = 8.0;

/// A domain enum from an optional SDK enum; absent becomes `Unknown("")`.
macro_rules! enum_from_sdk {
    ($domain:ident, $value:expr) => {
        match $value {
            Some(v) => $domain::parse(v.as_str()),
            None => $domain::Unknown(String::new()),
        }
    };
}

/// A list of domain enums from an optional list of SDK enums.
macro_rules! enums_from_sdk {
    ($domain:ident, $value:expr) => {
        $value.map(|v| v.iter().map(|x| $domain::parse(x.as_str())).collect())
    };
}

/// The four message shapes (forgot-password and verification, create and update) have the same
/// members, so one macro converts each way.
macro_rules! message_to_sdk {
    ($ty:ty, $m:expr) => {{
        let m: &MessageConfig = $m;
        <$ty>::builder()
            .delivery_method(sdk::DeliveryMethod::from(m.delivery_method.as_str()))
            .set_email_settings(m.email.as_ref().map(email_to_sdk))
            .set_sms_settings(m.sms.as_ref().map(sms_to_sdk))
            .build()
    }};
}

macro_rules! message_from_sdk {
    ($m:expr) => {{
        let m = $m;
        MessageConfig {
            delivery_method: enum_from_sdk!(DeliveryMethod, m.delivery_method.as_ref()),
            email: m.email_settings.as_ref().map(email_from_sdk),
            sms: m.sms_settings.as_ref().map(sms_from_sdk),
        }
    }};
}

macro_rules! mfa_to_sdk {
    ($ty:ty, $m:expr) => {{
        let m: &MfaConfig = $m;
        <$ty>::builder()
            .mfa_mode(sdk::MfaMode::from(m.mode.as_str()))
            .set_settings(m.settings.as_ref().map(mfa_settings_to_sdk))
            .build()
    }};
}

macro_rules! mfa_from_sdk {
    ($m:expr) => {{
        let m = $m;
        MfaConfig {
            mode: enum_from_sdk!(MfaMode, m.mfa_mode.as_ref()),
            settings: m.settings.as_ref().map(mfa_settings_from_sdk),
        }
    }};
}

macro_rules! oauth_to_sdk {
    ($ty:ty, $o:expr) => {{
        let o: &OAuthConfig = $o;
        <$ty>::builder()
            .set_domain_prefix(o.domain_prefix.clone())
            .o_auth_grant_type(sdk::OAuthGrantType::from(o.grant_type.as_str()))
            .set_o_auth_scopes(Some(
                o.scopes
                    .iter()
                    .map(|s| sdk::OAuthScopesElement::from(s.as_str()))
                    .collect(),
            ))
            .set_redirect_sign_in_uris(Some(o.redirect_sign_in_uris.clone()))
            .set_redirect_sign_out_uris(Some(o.redirect_sign_out_uris.clone()))
            .set_social_provider_settings(o.social_providers.as_ref().map(social_to_sdk))
            .build()
    }};
}

macro_rules! oauth_from_sdk {
    ($o:expr) => {{
        let o = $o;
        OAuthConfig {
            domain_prefix: o.domain_prefix.clone(),
            grant_type: enum_from_sdk!(OAuthGrantType, o.o_auth_grant_type.as_ref()),
            scopes: enums_from_sdk!(OAuthScope, o.o_auth_scopes.as_ref()).unwrap_or_default(),
            redirect_sign_in_uris: o.redirect_sign_in_uris.clone().unwrap_or_default(),
            redirect_sign_out_uris: o.redirect_sign_out_uris.clone().unwrap_or_default(),
            social_providers: o.social_provider_settings.as_ref().map(social_from_sdk),
        }
    }};
}

macro_rules! password_to_sdk {
    ($ty:ty, $p:expr) => {{
        let p: &PasswordPolicy = $p;
        <$ty>::builder()
            .set_additional_constraints(p.additional_constraints.as_ref().map(|v| {
                v.iter()
                    .map(|c| sdk::AdditionalConstraintsElement::from(c.as_str()))
                    .collect()
            }))
            .minimum_length(p.minimum_length)
            .build()
    }};
}

macro_rules! password_from_sdk {
    ($p:expr) => {{
        let p = $p;
        PasswordPolicy {
            additional_constraints: enums_from_sdk!(
                PasswordConstraint,
                p.additional_constraints.as_ref()
            ),
            minimum_length: p.minimum_length.unwrap_or(DEFAULT_MIN_PASSWORD_LENGTH),
        }
    }};
}

/// The create request's resource config (also the shape GetBackendAuth returns).
pub fn auth_config_to_sdk(c: &AuthConfig) -> sdk::CreateBackendAuthResourceConfig {
    let up = &c.user_pool;
    let user_pool = sdk::CreateBackendAuthUserPoolConfig::builder()
        .set_forgot_password(
            up.forgot_password
                .as_ref()
                .map(|m| message_to_sdk!(sdk::CreateBackendAuthForgotPasswordConfig, m)),
        )
        .set_mfa(
            up.mfa
                .as_ref()
                .map(|m| mfa_to_sdk!(sdk::CreateBackendAuthMfaConfig, m)),
        )
        .set_o_auth(
            up.oauth
                .as_ref()
                .map(|o| oauth_to_sdk!(sdk::CreateBackendAuthOAuthConfig, o)),
        )
        .set_password_policy(
            up.password_policy
                .as_ref()
                .map(|p| password_to_sdk!(sdk::CreateBackendAuthPasswordPolicyConfig, p)),
        )
        .set_required_sign_up_attributes(Some(
            up.required_sign_up_attributes
                .iter()
                .map(|a| sdk::RequiredSignUpAttributesElement::from(a.as_str()))
                .collect(),
        ))
        .sign_in_method(sdk::SignInMethod::from(up.sign_in_method.as_str()))
        .user_pool_name(up.user_pool_name.clone())
        .set_verification_message(
            up.verification_message
                .as_ref()
                .map(|m| message_to_sdk!(sdk::CreateBackendAuthVerificationMessageConfig, m)),
        )
        .build();
    sdk::CreateBackendAuthResourceConfig::builder()
        .auth_resources(sdk::AuthResources::from(c.auth_resources.as_str()))
        .set_identity_pool_configs(c.identity_pool.as_ref().map(|ip| {
            sdk::CreateBackendAuthIdentityPoolConfig::builder()
                .identity_pool_name(ip.identity_pool_name.clone())
                .unauthenticated_login(ip.unauthenticated_login)
                .build()
        }))
        .service(sdk::Service::from(c.service.as_str()))
        .user_pool_configs(user_pool)
        .build()
}

/// The domain config from the SDK's, tolerating any member being absent.
pub fn auth_config_from_sdk(c: &sdk::CreateBackendAuthResourceConfig) -> AuthConfig {
    let identity_pool = c
        .identity_pool_configs
        .as_ref()
        .map(|ip| IdentityPoolConfig {
            identity_pool_name: ip.identity_pool_name.clone().unwrap_or_default(),
            unauthenticated_login: ip.unauthenticated_login.unwrap_or(false),
        });
    // Without the member, the presence of an identity pool says which resources exist.
    let auth_resources = match (&c.auth_resources, &identity_pool) {
        (Some(v), _) => AuthResources::parse(v.as_str()),
        (None, Some(_)) => AuthResources::IdentityPoolAndUserPool,
        (None, None) => AuthResources::UserPoolOnly,
    };
    let user_pool = match &c.user_pool_configs {
        Some(up) => UserPoolConfig {
            forgot_password: up.forgot_password.as_ref().map(|m| message_from_sdk!(m)),
            mfa: up.mfa.as_ref().map(|m| mfa_from_sdk!(m)),
            oauth: up.o_auth.as_ref().map(|o| oauth_from_sdk!(o)),
            password_policy: up.password_policy.as_ref().map(|p| password_from_sdk!(p)),
            required_sign_up_attributes: enums_from_sdk!(
                SignUpAttribute,
                up.required_sign_up_attributes.as_ref()
            )
            .unwrap_or_default(),
            sign_in_method: enum_from_sdk!(SignInMethod, up.sign_in_method.as_ref()),
            user_pool_name: up.user_pool_name.clone().unwrap_or_default(),
            verification_message: up
                .verification_message
                .as_ref()
                .map(|m| message_from_sdk!(m)),
        },
        // No user pool in the answer: every member not set (validation names the blank ones).
        None => UserPoolConfig::default(),
    };
    AuthConfig {
        auth_resources,
        identity_pool,
        service: c
            .service
            .as_ref()
            .map(|s| Service::parse(s.as_str()))
            .unwrap_or(Service::Cognito),
        user_pool,
    }
}

/// The update request's resource config; every member the domain update carries is sent.
pub fn update_config_to_sdk(u: &UpdateAuthConfig) -> sdk::UpdateBackendAuthResourceConfig {
    let up = &u.user_pool;
    let user_pool = sdk::UpdateBackendAuthUserPoolConfig::builder()
        .set_forgot_password(
            up.forgot_password
                .as_ref()
                .map(|m| message_to_sdk!(sdk::UpdateBackendAuthForgotPasswordConfig, m)),
        )
        .set_mfa(
            up.mfa
                .as_ref()
                .map(|m| mfa_to_sdk!(sdk::UpdateBackendAuthMfaConfig, m)),
        )
        // `OAuth: {}` (every member unset) is how an update removes the hosted UI.
        .set_o_auth(up.oauth.as_ref().map(|o| match o {
            OAuthUpdate::Set(o) => oauth_to_sdk!(sdk::UpdateBackendAuthOAuthConfig, o),
            OAuthUpdate::Remove => sdk::UpdateBackendAuthOAuthConfig::builder().build(),
        }))
        .set_password_policy(
            up.password_policy
                .as_ref()
                .map(|p| password_to_sdk!(sdk::UpdateBackendAuthPasswordPolicyConfig, p)),
        )
        .set_verification_message(
            up.verification_message
                .as_ref()
                .map(|m| message_to_sdk!(sdk::UpdateBackendAuthVerificationMessageConfig, m)),
        )
        .build();
    sdk::UpdateBackendAuthResourceConfig::builder()
        .auth_resources(sdk::AuthResources::from(u.auth_resources.as_str()))
        .set_identity_pool_configs(u.identity_pool.as_ref().map(|ip| {
            sdk::UpdateBackendAuthIdentityPoolConfig::builder()
                .set_unauthenticated_login(ip.unauthenticated_login)
                .build()
        }))
        .service(sdk::Service::from(u.service.as_str()))
        .user_pool_configs(user_pool)
        .build()
}

/// The domain update from the SDK's (for checking what a request carries, and for tools that
/// read requests back).
pub fn update_config_from_sdk(u: &sdk::UpdateBackendAuthResourceConfig) -> UpdateAuthConfig {
    let user_pool = u
        .user_pool_configs
        .as_ref()
        .map(|up| UpdateUserPoolConfig {
            forgot_password: up.forgot_password.as_ref().map(|m| message_from_sdk!(m)),
            mfa: up.mfa.as_ref().map(|m| mfa_from_sdk!(m)),
            oauth: up.o_auth.as_ref().map(|o| {
                if *o == sdk::UpdateBackendAuthOAuthConfig::builder().build() {
                    OAuthUpdate::Remove
                } else {
                    OAuthUpdate::Set(oauth_from_sdk!(o))
                }
            }),
            password_policy: up.password_policy.as_ref().map(|p| password_from_sdk!(p)),
            verification_message: up
                .verification_message
                .as_ref()
                .map(|m| message_from_sdk!(m)),
        })
        .unwrap_or_default();
    let identity_pool = u
        .identity_pool_configs
        .as_ref()
        .map(|ip| UpdateIdentityPoolConfig {
            unauthenticated_login: ip.unauthenticated_login,
        });
    UpdateAuthConfig {
        auth_resources: match (&u.auth_resources, &identity_pool) {
            (Some(v), _) => AuthResources::parse(v.as_str()),
            (None, Some(_)) => AuthResources::IdentityPoolAndUserPool,
            (None, None) => AuthResources::UserPoolOnly,
        },
        identity_pool,
        service: u
            .service
            .as_ref()
            .map(|s| Service::parse(s.as_str()))
            .unwrap_or(Service::Cognito),
        user_pool,
    }
}

fn email_to_sdk(e: &EmailSettings) -> sdk::EmailSettings {
    sdk::EmailSettings::builder()
        .set_email_message(e.message.clone())
        .set_email_subject(e.subject.clone())
        .build()
}

fn email_from_sdk(e: &sdk::EmailSettings) -> EmailSettings {
    EmailSettings {
        message: e.email_message.clone(),
        subject: e.email_subject.clone(),
    }
}

fn sms_to_sdk(s: &SmsSettings) -> sdk::SmsSettings {
    sdk::SmsSettings::builder()
        .set_sms_message(s.message.clone())
        .build()
}

fn sms_from_sdk(s: &sdk::SmsSettings) -> SmsSettings {
    SmsSettings {
        message: s.sms_message.clone(),
    }
}

fn mfa_settings_to_sdk(s: &MfaSettings) -> sdk::Settings {
    sdk::Settings::builder()
        .set_mfa_types(s.mfa_types.as_ref().map(|v| {
            v.iter()
                .map(|t| sdk::MfaTypesElement::from(t.as_str()))
                .collect()
        }))
        .set_sms_message(s.sms_message.clone())
        .build()
}

fn mfa_settings_from_sdk(s: &sdk::Settings) -> MfaSettings {
    MfaSettings {
        mfa_types: enums_from_sdk!(MfaType, s.mfa_types.as_ref()),
        sms_message: s.sms_message.clone(),
    }
}

fn social_to_sdk(p: &SocialProviders) -> sdk::SocialProviderSettings {
    let client = |c: &ProviderClient| {
        sdk::BackendAuthSocialProviderConfig::builder()
            .set_client_id(c.client_id.clone())
            .set_client_secret(c.client_secret.as_ref().map(|s| s.expose().to_string()))
            .build()
    };
    sdk::SocialProviderSettings::builder()
        .set_facebook(p.facebook.as_ref().map(client))
        .set_google(p.google.as_ref().map(client))
        .set_login_with_amazon(p.login_with_amazon.as_ref().map(client))
        .set_sign_in_with_apple(p.sign_in_with_apple.as_ref().map(|a| {
            sdk::BackendAuthAppleProviderConfig::builder()
                .set_client_id(a.client_id.clone())
                .set_key_id(a.key_id.clone())
                .set_private_key(a.private_key.as_ref().map(|s| s.expose().to_string()))
                .set_team_id(a.team_id.clone())
                .build()
        }))
        .build()
}

fn social_from_sdk(p: &sdk::SocialProviderSettings) -> SocialProviders {
    let client = |c: &sdk::BackendAuthSocialProviderConfig| ProviderClient {
        client_id: c.client_id.clone(),
        client_secret: c.client_secret.clone().map(Secret::new),
    };
    SocialProviders {
        facebook: p.facebook.as_ref().map(client),
        google: p.google.as_ref().map(client),
        login_with_amazon: p.login_with_amazon.as_ref().map(client),
        sign_in_with_apple: p.sign_in_with_apple.as_ref().map(|a| AppleProvider {
            client_id: a.client_id.clone(),
            key_id: a.key_id.clone(),
            private_key: a.private_key.clone().map(Secret::new),
            team_id: a.team_id.clone(),
        }),
    }
}
