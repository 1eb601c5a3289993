//! Ready-made configs: the wizard's starting point, and a config that sets every member (used by
//! round-trip tests and the sandbox's demo data).

use super::config::*;
use super::enums::*;
use super::secret::Secret;

/// The wizard's defaults, close to the Amplify CLI's: email sign-in, email required, MFA off,
/// password minimum 8, email verification with a code.
pub fn default_config(project: &str) -> AuthConfig {
    let project = name_part(project);
    AuthConfig {
        auth_resources: AuthResources::IdentityPoolAndUserPool,
        identity_pool: Some(IdentityPoolConfig {
            identity_pool_name: format!("{project}_identitypool"),
            unauthenticated_login: false,
            ..Default::default()
        }),
        service: Service::Cognito,
        user_pool: UserPoolConfig {
            mfa: Some(MfaConfig {
                mode: MfaMode::Off,
                ..Default::default()
            }),
            password_policy: Some(PasswordPolicy {
                additional_constraints: Some(vec![]),
                minimum_length: 8.0,
                ..Default::default()
            }),
            required_sign_up_attributes: vec![SignUpAttribute::Email],
            sign_in_method: SignInMethod::Email,
            user_pool_name: format!("{project}_userpool"),
            verification_message: Some(MessageConfig {
                delivery_method: DeliveryMethod::Email,
                email: Some(EmailSettings {
                    message: Some("Your verification code is {####}".into()),
                    subject: Some("Your verification code".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// The wizard's defaults hardened: MFA ON with TOTP and a 12-character password with digits and
/// both cases. No posture finding applies to it (the audit's "clean" case).
pub fn hardened_config(project: &str) -> AuthConfig {
    let mut cfg = default_config(project);
    cfg.user_pool.mfa = Some(MfaConfig {
        mode: MfaMode::On,
        settings: Some(MfaSettings {
            mfa_types: Some(vec![MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    cfg.user_pool.password_policy = Some(PasswordPolicy {
        additional_constraints: Some(vec![
            PasswordConstraint::RequireDigit,
            PasswordConstraint::RequireLowercase,
            PasswordConstraint::RequireUppercase,
        ]),
        minimum_length: 12.0,
        ..Default::default()
    });
    cfg
}

/// The project name reduced the way the Amplify CLI does it (letters, digits and `_`, at most 100),
/// so a project called "my-app" still gives names the identity pool rule accepts.
/// A project name reduced the Amplify CLI's way: letters, digits and `_`, at most 100 chars.
pub fn name_part(project: &str) -> String {
    let s: String = project
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(100)
        .collect();
    if s.is_empty() { "amplify".into() } else { s }
}

/// A config that sets every member the model has, with valid values. `apple_key` is the bare
/// base64 body of a PKCS#8 P-256 key (tests generate one; nothing real is committed).
///
/// Unlike the other samples, its literals list every member, with no `..Default::default()`: a
/// new member does not compile until it has a value here, so the round-trip tests cover it.
pub fn maximal_config(apple_key: &str) -> AuthConfig {
    let provider = |id: &str, secret: &str| ProviderClient {
        client_id: Some(id.into()),
        client_secret: Some(Secret::new(secret)),
    };
    AuthConfig {
        auth_resources: AuthResources::IdentityPoolAndUserPool,
        identity_pool: Some(IdentityPoolConfig {
            identity_pool_name: "demo_identitypool".into(),
            unauthenticated_login: true,
        }),
        service: Service::Cognito,
        user_pool: UserPoolConfig {
            forgot_password: Some(MessageConfig {
                delivery_method: DeliveryMethod::Email,
                email: Some(EmailSettings {
                    message: Some("Your reset code is {####}".into()),
                    subject: Some("Reset your password".into()),
                }),
                sms: Some(SmsSettings {
                    message: Some("Your reset code is {####}".into()),
                }),
            }),
            mfa: Some(MfaConfig {
                mode: MfaMode::Optional,
                settings: Some(MfaSettings {
                    mfa_types: Some(vec![MfaType::Sms, MfaType::Totp]),
                    sms_message: Some("Your authentication code is {####}".into()),
                }),
            }),
            oauth: Some(OAuthConfig {
                domain_prefix: Some("demo-auth".into()),
                grant_type: OAuthGrantType::Code,
                scopes: vec![
                    OAuthScope::Phone,
                    OAuthScope::Email,
                    OAuthScope::OpenId,
                    OAuthScope::Profile,
                    OAuthScope::AwsCognitoSigninUserAdmin,
                ],
                redirect_sign_in_uris: vec![
                    "https://app.example.com/callback".into(),
                    "http://localhost:3000/".into(),
                    "myapp://signin".into(),
                ],
                redirect_sign_out_uris: vec![
                    "https://app.example.com/signout".into(),
                    "myapp://signout".into(),
                ],
                social_providers: Some(SocialProviders {
                    facebook: Some(provider("1234567890123456", "facebook-secret-value")),
                    google: Some(provider(
                        "123456789012-abcdefghijklmnop.apps.googleusercontent.com",
                        "google-secret-value",
                    )),
                    login_with_amazon: Some(provider(
                        "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef",
                        "amazon-secret-value",
                    )),
                    sign_in_with_apple: Some(AppleProvider {
                        client_id: Some("com.example.demo.signin".into()),
                        key_id: Some("ABCDEFGH12".into()),
                        private_key: Some(Secret::new(apple_key)),
                        team_id: Some("TEAM123456".into()),
                    }),
                }),
            }),
            password_policy: Some(PasswordPolicy {
                additional_constraints: Some(PasswordConstraint::ALL.to_vec()),
                minimum_length: 12.0,
            }),
            required_sign_up_attributes: vec![SignUpAttribute::Email, SignUpAttribute::Name],
            sign_in_method: SignInMethod::EmailAndPhoneNumber,
            user_pool_name: "demo_userpool".into(),
            verification_message: Some(MessageConfig {
                delivery_method: DeliveryMethod::Email,
                email: Some(EmailSettings {
                    message: Some("Your verification code is {####}".into()),
                    subject: Some("Verify your email".into()),
                }),
                sms: Some(SmsSettings {
                    message: Some("Your verification code is {####}".into()),
                }),
            }),
        },
    }
}
