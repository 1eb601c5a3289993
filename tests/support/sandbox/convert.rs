//! Domain config ↔ SDK types, so the tests drive the sandbox through the real SDK serialisers and
//! parsers and compare what comes back with the domain values they started from.

use amplify_auth::domain::update::UpdateAuthConfig;
use amplify_auth::domain::*;
use aws_sdk_amplifybackend::types as t;

fn msg_create_fp(m: &MessageConfig) -> t::CreateBackendAuthForgotPasswordConfig {
    t::CreateBackendAuthForgotPasswordConfig::builder()
        .delivery_method(t::DeliveryMethod::from(m.delivery_method.as_str()))
        .set_email_settings(m.email.as_ref().map(email))
        .set_sms_settings(m.sms.as_ref().map(sms))
        .build()
}

fn msg_create_vm(m: &MessageConfig) -> t::CreateBackendAuthVerificationMessageConfig {
    t::CreateBackendAuthVerificationMessageConfig::builder()
        .delivery_method(t::DeliveryMethod::from(m.delivery_method.as_str()))
        .set_email_settings(m.email.as_ref().map(email))
        .set_sms_settings(m.sms.as_ref().map(sms))
        .build()
}

fn email(e: &EmailSettings) -> t::EmailSettings {
    t::EmailSettings::builder()
        .set_email_message(e.message.clone())
        .set_email_subject(e.subject.clone())
        .build()
}

fn sms(s: &SmsSettings) -> t::SmsSettings {
    t::SmsSettings::builder()
        .set_sms_message(s.message.clone())
        .build()
}

fn settings(s: &MfaSettings) -> t::Settings {
    t::Settings::builder()
        .set_mfa_types(s.mfa_types.as_ref().map(|v| {
            v.iter()
                .map(|x| t::MfaTypesElement::from(x.as_str()))
                .collect()
        }))
        .set_sms_message(s.sms_message.clone())
        .build()
}

fn provider(p: &ProviderClient) -> t::BackendAuthSocialProviderConfig {
    t::BackendAuthSocialProviderConfig::builder()
        .set_client_id(p.client_id.clone())
        .set_client_secret(p.client_secret.as_ref().map(|s| s.expose().to_string()))
        .build()
}

fn social(s: &SocialProviders) -> t::SocialProviderSettings {
    t::SocialProviderSettings::builder()
        .set_facebook(s.facebook.as_ref().map(provider))
        .set_google(s.google.as_ref().map(provider))
        .set_login_with_amazon(s.login_with_amazon.as_ref().map(provider))
        .set_sign_in_with_apple(s.sign_in_with_apple.as_ref().map(|a| {
            t::BackendAuthAppleProviderConfig::builder()
                .set_client_id(a.client_id.clone())
                .set_key_id(a.key_id.clone())
                .set_private_key(a.private_key.as_ref().map(|k| k.expose().to_string()))
                .set_team_id(a.team_id.clone())
                .build()
        }))
        .build()
}

fn scopes(v: &[OAuthScope]) -> Vec<t::OAuthScopesElement> {
    v.iter()
        .map(|x| t::OAuthScopesElement::from(x.as_str()))
        .collect()
}

fn constraints(
    v: &Option<Vec<PasswordConstraint>>,
) -> Option<Vec<t::AdditionalConstraintsElement>> {
    v.as_ref().map(|v| {
        v.iter()
            .map(|x| t::AdditionalConstraintsElement::from(x.as_str()))
            .collect()
    })
}

pub fn create_config(c: &AuthConfig) -> t::CreateBackendAuthResourceConfig {
    let up = &c.user_pool;
    t::CreateBackendAuthResourceConfig::builder()
        .auth_resources(t::AuthResources::from(c.auth_resources.as_str()))
        .service(t::Service::from(c.service.as_str()))
        .set_identity_pool_configs(c.identity_pool.as_ref().map(|i| {
            t::CreateBackendAuthIdentityPoolConfig::builder()
                .identity_pool_name(&i.identity_pool_name)
                .unauthenticated_login(i.unauthenticated_login)
                .build()
        }))
        .user_pool_configs(
            t::CreateBackendAuthUserPoolConfig::builder()
                .set_forgot_password(up.forgot_password.as_ref().map(msg_create_fp))
                .set_mfa(up.mfa.as_ref().map(|m| {
                    t::CreateBackendAuthMfaConfig::builder()
                        .mfa_mode(t::MfaMode::from(m.mode.as_str()))
                        .set_settings(m.settings.as_ref().map(settings))
                        .build()
                }))
                .set_o_auth(up.oauth.as_ref().map(|o| {
                    t::CreateBackendAuthOAuthConfig::builder()
                        .set_domain_prefix(o.domain_prefix.clone())
                        .o_auth_grant_type(t::OAuthGrantType::from(o.grant_type.as_str()))
                        .set_o_auth_scopes(Some(scopes(&o.scopes)))
                        .set_redirect_sign_in_uris(Some(o.redirect_sign_in_uris.clone()))
                        .set_redirect_sign_out_uris(Some(o.redirect_sign_out_uris.clone()))
                        .set_social_provider_settings(o.social_providers.as_ref().map(social))
                        .build()
                }))
                .set_password_policy(up.password_policy.as_ref().map(|p| {
                    t::CreateBackendAuthPasswordPolicyConfig::builder()
                        .set_additional_constraints(constraints(&p.additional_constraints))
                        .minimum_length(p.minimum_length)
                        .build()
                }))
                .set_required_sign_up_attributes(Some(
                    up.required_sign_up_attributes
                        .iter()
                        .map(|a| t::RequiredSignUpAttributesElement::from(a.as_str()))
                        .collect(),
                ))
                .sign_in_method(t::SignInMethod::from(up.sign_in_method.as_str()))
                .user_pool_name(&up.user_pool_name)
                .set_verification_message(up.verification_message.as_ref().map(msg_create_vm))
                .build(),
        )
        .build()
}

pub fn update_config(u: &UpdateAuthConfig) -> t::UpdateBackendAuthResourceConfig {
    let up = &u.user_pool;
    t::UpdateBackendAuthResourceConfig::builder()
        .auth_resources(t::AuthResources::from(u.auth_resources.as_str()))
        .service(t::Service::from(u.service.as_str()))
        .set_identity_pool_configs(u.identity_pool.as_ref().map(|i| {
            t::UpdateBackendAuthIdentityPoolConfig::builder()
                .set_unauthenticated_login(i.unauthenticated_login)
                .build()
        }))
        .user_pool_configs(
            t::UpdateBackendAuthUserPoolConfig::builder()
                .set_forgot_password(up.forgot_password.as_ref().map(|m| {
                    t::UpdateBackendAuthForgotPasswordConfig::builder()
                        .delivery_method(t::DeliveryMethod::from(m.delivery_method.as_str()))
                        .set_email_settings(m.email.as_ref().map(email))
                        .set_sms_settings(m.sms.as_ref().map(sms))
                        .build()
                }))
                .set_mfa(up.mfa.as_ref().map(|m| {
                    t::UpdateBackendAuthMfaConfig::builder()
                        .mfa_mode(t::MfaMode::from(m.mode.as_str()))
                        .set_settings(m.settings.as_ref().map(settings))
                        .build()
                }))
                .set_o_auth(up.oauth.as_ref().map(|o| {
                    let Some(o) = o.config() else {
                        return t::UpdateBackendAuthOAuthConfig::builder().build();
                    };
                    t::UpdateBackendAuthOAuthConfig::builder()
                        .set_domain_prefix(o.domain_prefix.clone())
                        .o_auth_grant_type(t::OAuthGrantType::from(o.grant_type.as_str()))
                        .set_o_auth_scopes(Some(scopes(&o.scopes)))
                        .set_redirect_sign_in_uris(Some(o.redirect_sign_in_uris.clone()))
                        .set_redirect_sign_out_uris(Some(o.redirect_sign_out_uris.clone()))
                        .set_social_provider_settings(o.social_providers.as_ref().map(social))
                        .build()
                }))
                .set_password_policy(up.password_policy.as_ref().map(|p| {
                    t::UpdateBackendAuthPasswordPolicyConfig::builder()
                        .set_additional_constraints(constraints(&p.additional_constraints))
                        .minimum_length(p.minimum_length)
                        .build()
                }))
                .set_verification_message(up.verification_message.as_ref().map(|m| {
                    t::UpdateBackendAuthVerificationMessageConfig::builder()
                        .delivery_method(t::DeliveryMethod::from(m.delivery_method.as_str()))
                        .set_email_settings(m.email.as_ref().map(email))
                        .set_sms_settings(m.sms.as_ref().map(sms))
                        .build()
                }))
                .build(),
        )
        .build()
}

fn back_msg(
    d: Option<&t::DeliveryMethod>,
    e: Option<&t::EmailSettings>,
    s: Option<&t::SmsSettings>,
) -> MessageConfig {
    MessageConfig {
        delivery_method: DeliveryMethod::parse(d.map(|x| x.as_str()).unwrap_or("")),
        email: e.map(|e| EmailSettings {
            message: e.email_message().map(str::to_string),
            subject: e.email_subject().map(str::to_string),
        }),
        sms: s.map(|s| SmsSettings {
            message: s.sms_message().map(str::to_string),
        }),
    }
}

fn back_provider(p: &t::BackendAuthSocialProviderConfig) -> ProviderClient {
    ProviderClient {
        client_id: p.client_id().map(str::to_string),
        client_secret: p.client_secret().map(Secret::new),
    }
}

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

/// GetBackendAuth's `ResourceConfig` back to the domain type. Members the SDK reports as absent
/// become empty values, so a missing member shows up as a difference in the comparison.
pub fn from_sdk(c: &t::CreateBackendAuthResourceConfig) -> AuthConfig {
    let up = c.user_pool_configs().expect("userPoolConfigs");
    AuthConfig {
        auth_resources: AuthResources::parse(c.auth_resources().map(|x| x.as_str()).unwrap_or("")),
        identity_pool: c.identity_pool_configs().map(|i| IdentityPoolConfig {
            identity_pool_name: s(i.identity_pool_name()),
            unauthenticated_login: i.unauthenticated_login().expect("unauthenticatedLogin"),
        }),
        service: Service::parse(c.service().map(|x| x.as_str()).unwrap_or("")),
        user_pool: UserPoolConfig {
            forgot_password: up
                .forgot_password()
                .map(|f| back_msg(f.delivery_method(), f.email_settings(), f.sms_settings())),
            mfa: up.mfa().map(|m| MfaConfig {
                mode: MfaMode::parse(m.mfa_mode().map(|x| x.as_str()).unwrap_or("")),
                settings: m.settings().map(|st| MfaSettings {
                    mfa_types: st
                        .mfa_types
                        .as_ref()
                        .map(|v| v.iter().map(|x| MfaType::parse(x.as_str())).collect()),
                    sms_message: st.sms_message().map(str::to_string),
                }),
            }),
            oauth: up.o_auth().map(|o| OAuthConfig {
                domain_prefix: o.domain_prefix().map(str::to_string),
                grant_type: OAuthGrantType::parse(
                    o.o_auth_grant_type().map(|x| x.as_str()).unwrap_or(""),
                ),
                scopes: o
                    .o_auth_scopes()
                    .iter()
                    .map(|x| OAuthScope::parse(x.as_str()))
                    .collect(),
                redirect_sign_in_uris: o.redirect_sign_in_uris().to_vec(),
                redirect_sign_out_uris: o.redirect_sign_out_uris().to_vec(),
                social_providers: o.social_provider_settings().map(|sp| SocialProviders {
                    facebook: sp.facebook().map(back_provider),
                    google: sp.google().map(back_provider),
                    login_with_amazon: sp.login_with_amazon().map(back_provider),
                    sign_in_with_apple: sp.sign_in_with_apple().map(|a| AppleProvider {
                        client_id: a.client_id().map(str::to_string),
                        key_id: a.key_id().map(str::to_string),
                        private_key: a.private_key().map(Secret::new),
                        team_id: a.team_id().map(str::to_string),
                    }),
                }),
            }),
            password_policy: up.password_policy().map(|p| PasswordPolicy {
                additional_constraints: p.additional_constraints.as_ref().map(|v| {
                    v.iter()
                        .map(|x| PasswordConstraint::parse(x.as_str()))
                        .collect()
                }),
                minimum_length: p.minimum_length().expect("minimumLength"),
            }),
            required_sign_up_attributes: up
                .required_sign_up_attributes()
                .iter()
                .map(|x| SignUpAttribute::parse(x.as_str()))
                .collect(),
            sign_in_method: SignInMethod::parse(
                up.sign_in_method().map(|x| x.as_str()).unwrap_or(""),
            ),
            user_pool_name: s(up.user_pool_name()),
            verification_message: up
                .verification_message()
                .map(|v| back_msg(v.delivery_method(), v.email_settings(), v.sms_settings())),
        },
    }
}
