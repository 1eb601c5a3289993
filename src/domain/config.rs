//! The auth resource config, shaped like the AmplifyBackend model and serialised in the AWS CLI's
//! `--cli-input-json` shape (PascalCase member names), so `--generate-cli-skeleton` files load and
//! what we write loads back into the AWS CLI.
//!
//! The wire protocol uses other key names (`userPoolConfigs`, `client_id`, …); `crate::model` maps
//! between the two, so these types exist once.
//!
//! `Default` on every type here means the service's "not set": no optional member, empty lists
//! and strings, `false`, 0, and for an enum the empty value (`Unknown("")`, which validation
//! names as not accepted). A default config is a blank, not a valid config: a literal states the
//! members it means and ends with `..Default::default()`, so adding an optional member to a type
//! touches none of the literals.

use serde::{Deserialize, Serialize};

use super::enums::*;
use super::secret::Secret;

/// `CreateBackendAuthResourceConfig`: the whole auth resource, also what GetBackendAuth returns.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    #[serde(rename = "AuthResources")]
    pub auth_resources: AuthResources,
    #[serde(
        rename = "IdentityPoolConfigs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_pool: Option<IdentityPoolConfig>,
    #[serde(rename = "Service")]
    pub service: Service,
    #[serde(rename = "UserPoolConfigs")]
    pub user_pool: UserPoolConfig,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityPoolConfig {
    #[serde(rename = "IdentityPoolName")]
    pub identity_pool_name: String,
    #[serde(rename = "UnauthenticatedLogin")]
    pub unauthenticated_login: bool,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPoolConfig {
    /// Deprecated by the model in favour of `VerificationMessage`, still accepted.
    #[serde(
        rename = "ForgotPassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub forgot_password: Option<MessageConfig>,
    #[serde(rename = "Mfa", default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaConfig>,
    #[serde(rename = "OAuth", default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuthConfig>,
    #[serde(
        rename = "PasswordPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_policy: Option<PasswordPolicy>,
    #[serde(rename = "RequiredSignUpAttributes")]
    pub required_sign_up_attributes: Vec<SignUpAttribute>,
    #[serde(rename = "SignInMethod")]
    pub sign_in_method: SignInMethod,
    #[serde(rename = "UserPoolName")]
    pub user_pool_name: String,
    #[serde(
        rename = "VerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_message: Option<MessageConfig>,
}

/// `ForgotPassword` and `VerificationMessage` have the same members.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageConfig {
    #[serde(rename = "DeliveryMethod")]
    pub delivery_method: DeliveryMethod,
    #[serde(
        rename = "EmailSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<EmailSettings>,
    #[serde(
        rename = "SmsSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms: Option<SmsSettings>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    #[serde(
        rename = "EmailMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
    #[serde(
        rename = "EmailSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSettings {
    #[serde(
        rename = "SmsMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfaConfig {
    #[serde(rename = "MFAMode")]
    pub mode: MfaMode,
    #[serde(rename = "Settings", default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<MfaSettings>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfaSettings {
    #[serde(rename = "MfaTypes", default, skip_serializing_if = "Option::is_none")]
    pub mfa_types: Option<Vec<MfaType>>,
    #[serde(
        rename = "SmsMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthConfig {
    #[serde(
        rename = "DomainPrefix",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub domain_prefix: Option<String>,
    #[serde(rename = "OAuthGrantType")]
    pub grant_type: OAuthGrantType,
    #[serde(rename = "OAuthScopes")]
    pub scopes: Vec<OAuthScope>,
    #[serde(rename = "RedirectSignInURIs")]
    pub redirect_sign_in_uris: Vec<String>,
    #[serde(rename = "RedirectSignOutURIs")]
    pub redirect_sign_out_uris: Vec<String>,
    #[serde(
        rename = "SocialProviderSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub social_providers: Option<SocialProviders>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialProviders {
    #[serde(rename = "Facebook", default, skip_serializing_if = "Option::is_none")]
    pub facebook: Option<ProviderClient>,
    #[serde(rename = "Google", default, skip_serializing_if = "Option::is_none")]
    pub google: Option<ProviderClient>,
    #[serde(
        rename = "LoginWithAmazon",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub login_with_amazon: Option<ProviderClient>,
    #[serde(
        rename = "SignInWithApple",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sign_in_with_apple: Option<AppleProvider>,
}

/// Facebook, Google and Login with Amazon: an OAuth client id and secret.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderClient {
    #[serde(rename = "ClientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(
        rename = "ClientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Secret>,
}

/// Sign in with Apple: Services ID (as ClientId), Team ID, Key ID and the private key.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppleProvider {
    #[serde(rename = "ClientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(rename = "KeyId", default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    #[serde(
        rename = "PrivateKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_key: Option<Secret>,
    #[serde(rename = "TeamId", default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    #[serde(
        rename = "AdditionalConstraints",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_constraints: Option<Vec<PasswordConstraint>>,
    /// A double in the model; validation insists on a whole number from 6 to 99.
    #[serde(rename = "MinimumLength")]
    pub minimum_length: f64,
}

/// The `create-backend-auth` input: where the resource goes and its config.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAuthInput {
    #[serde(rename = "AppId")]
    pub app_id: String,
    #[serde(rename = "BackendEnvironmentName")]
    pub backend_environment_name: String,
    #[serde(rename = "ResourceConfig")]
    pub resource_config: AuthConfig,
    #[serde(rename = "ResourceName")]
    pub resource_name: String,
}

impl SocialProviders {
    pub fn is_empty(&self) -> bool {
        self.facebook.is_none()
            && self.google.is_none()
            && self.login_with_amazon.is_none()
            && self.sign_in_with_apple.is_none()
    }

    fn strip_secrets(&mut self) {
        for p in [
            &mut self.facebook,
            &mut self.google,
            &mut self.login_with_amazon,
        ]
        .into_iter()
        .flatten()
        {
            p.client_secret = None;
        }
        if let Some(apple) = &mut self.sign_in_with_apple {
            apple.private_key = None;
        }
    }
}

impl AuthConfig {
    /// The same config with every client secret and private key removed, for printing and drafts.
    pub fn without_secrets(&self) -> AuthConfig {
        let mut c = self.clone();
        if let Some(p) = c
            .user_pool
            .oauth
            .as_mut()
            .and_then(|o| o.social_providers.as_mut())
        {
            p.strip_secrets();
        }
        c
    }

    /// The social providers that are configured, if OAuth is on.
    pub fn social_providers(&self) -> Option<&SocialProviders> {
        self.user_pool
            .oauth
            .as_ref()
            .and_then(|o| o.social_providers.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Default` is the service's "not set": nothing optional is sent, and what is required is
    /// blank, so validation refuses a default config instead of taking it for a chosen one.
    #[test]
    fn default_is_not_set() {
        let json = serde_json::to_value(AuthConfig::default()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "AuthResources": "",
                "Service": "",
                "UserPoolConfigs": {
                    "RequiredSignUpAttributes": [],
                    "SignInMethod": "",
                    "UserPoolName": "",
                },
            })
        );
        let findings = crate::domain::validate::validate_config(&AuthConfig::default());
        for path in ["AuthResources", "Service", "UserPoolConfigs.SignInMethod"] {
            assert!(
                findings.iter().any(|f| f.path == path),
                "no finding at {path}: {findings:#?}"
            );
        }
        assert!(crate::domain::finding::has_errors(&findings));
    }
}
