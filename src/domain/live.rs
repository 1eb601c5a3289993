//! The live Cognito resources behind an auth resource, as Cognito itself describes them: the user
//! pool, its app clients, hosted UI domain, identity providers and groups, and the identity pool.
//!
//! AmplifyBackend's record (GetBackendAuth) is written by AmplifyBackend jobs only; a change made
//! in the Cognito console, with the AWS CLI or by `amplify update auth` shows only here, and so does
//! everything Cognito added that AmplifyBackend cannot express (feature plan, managed login,
//! passkeys and other first factors, email MFA, threat protection, token revocation, refresh-token
//! rotation, deletion protection).
//!
//! Plain data, no SDK types: `crate::aws::live` fills it from the cognito-idp and
//! cognito-identity describe calls. Member names follow Cognito's own (cognito-idp /
//! cognito-identity service models), and it serialises in Cognito's PascalCase spelling, so
//! `get --live` prints what `aws cognito-idp describe-user-pool` would call each member.
//! String-valued enums are kept as Cognito spells them (for example `UserPoolTier` is `LITE`,
//! `ESSENTIALS` or `PLUS`), so values a newer Cognito adds pass through unchanged.
//!
//! Never holds a secret: client secrets and identity providers' `client_secret` /
//! `private_key` are dropped by the conversion (only whether a client has a secret is kept).
//!
//! A read that failed leaves its part empty (`None` or an empty list) and adds a [`ReadFailure`]
//! naming the IAM action and what is therefore not shown; an empty list is "none" only when no
//! failure names that part ([`LivePool::read_ok`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Everything read from Cognito for one auth resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LivePool {
    /// DescribeUserPool plus GetUserPoolMfaConfig; `None` when there is no user pool id in the
    /// environment's meta or the read failed.
    pub user_pool: Option<LiveUserPool>,
    /// ListUserPoolClients then DescribeUserPoolClient for each, in the order listed.
    pub clients: Vec<LiveClient>,
    /// The web client's id from the environment's meta (`AppClientIDWeb`): the client whose
    /// OAuth settings the record's `OAuth` member describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_client_id: Option<String>,
    /// DescribeUserPoolDomain for the pool's domain, when it has one.
    pub domain: Option<LiveDomain>,
    /// ListIdentityProviders then DescribeIdentityProvider for each (never their secrets).
    pub identity_providers: Vec<LiveIdentityProvider>,
    /// ListGroups.
    pub groups: Vec<LiveGroup>,
    /// DescribeIdentityPool plus GetIdentityPoolRoles, when the resource has an identity pool.
    pub identity_pool: Option<LiveIdentityPool>,
    /// The reads that failed (denied, missing, unreachable): what is not shown and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<ReadFailure>,
}

/// The user pool (cognito-idp `UserPoolType` and `GetUserPoolMfaConfigResponse`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveUserPool {
    pub id: String,
    pub name: String,
    pub arn: Option<String>,
    /// `Policies.PasswordPolicy`.
    pub password_policy: Option<LivePasswordPolicy>,
    /// `MfaConfiguration`: `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: Option<String>,
    /// The second factors GetUserPoolMfaConfig reports as enabled.
    pub mfa: LiveMfa,
    /// `SchemaAttributes`, standard and custom (custom ones are named `custom:…`).
    pub schema_attributes: Vec<LiveAttribute>,
    /// `UsernameAttributes` (`email`, `phone_number`): what users sign in with instead of a name.
    pub username_attributes: Vec<String>,
    /// `AliasAttributes` (`email`, `phone_number`, `preferred_username`).
    pub alias_attributes: Vec<String>,
    /// `UsernameConfiguration.CaseSensitive`; `None` when Cognito did not say (older pools).
    pub username_case_sensitive: Option<bool>,
    /// `AutoVerifiedAttributes` (`email`, `phone_number`).
    pub auto_verified_attributes: Vec<String>,
    /// `VerificationMessageTemplate` (with the older top-level members folded in).
    pub verification_message: LiveVerificationMessage,
    /// `SmsAuthenticationMessage`: the MFA code text.
    pub sms_authentication_message: Option<String>,
    /// `LambdaConfig`: trigger name (`PreSignUp`, `CustomMessage`, …) → Lambda ARN. Versioned
    /// triggers (`PreTokenGenerationConfig`, `CustomSMSSender`, `CustomEmailSender`) give their
    /// `LambdaArn`.
    pub lambda_triggers: BTreeMap<String, String>,
    /// `UserPoolTier`, the feature plan: `LITE`, `ESSENTIALS` or `PLUS`.
    pub user_pool_tier: Option<String>,
    /// `DeletionProtection`: `ACTIVE` or `INACTIVE`.
    pub deletion_protection: Option<String>,
    /// `UserPoolAddOns.AdvancedSecurityMode` (threat protection): `OFF`, `AUDIT` or `ENFORCED`.
    pub advanced_security_mode: Option<String>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: `PASSWORD`, `EMAIL_OTP`, `SMS_OTP`,
    /// `WEB_AUTHN` (passkeys).
    pub allowed_first_auth_factors: Vec<String>,
    /// `Domain`: the hosted UI domain prefix, if any.
    pub domain: Option<String>,
    /// `CustomDomain`, if any.
    pub custom_domain: Option<String>,
}

/// `PasswordPolicyType`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LivePasswordPolicy {
    pub minimum_length: Option<u32>,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub password_history_size: Option<u32>,
    pub temporary_password_validity_days: Option<u32>,
}

/// GetUserPoolMfaConfig: which second factors are enabled.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveMfa {
    /// `SmsMfaConfiguration` is present.
    pub sms: bool,
    /// `SoftwareTokenMfaConfiguration.Enabled` (TOTP).
    pub software_token: bool,
    /// `EmailMfaConfiguration` is present (email MFA, Essentials or Plus).
    pub email: bool,
    /// `WebAuthnConfiguration.RelyingPartyId`, when passkeys are configured.
    pub web_authn_relying_party_id: Option<String>,
    /// `WebAuthnConfiguration.UserVerification`: `required` or `preferred`.
    pub web_authn_user_verification: Option<String>,
}

/// One `SchemaAttributeType`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveAttribute {
    /// `email`, `custom:tenant`, …
    pub name: String,
    /// `AttributeDataType`: `String`, `Number`, `DateTime` or `Boolean`.
    pub attribute_data_type: Option<String>,
    pub required: bool,
    pub mutable: bool,
    pub developer_only_attribute: bool,
    /// `StringAttributeConstraints` / `NumberAttributeConstraints` as `MinLength`/`MaxLength` or
    /// `MinValue`/`MaxValue` strings, as Cognito gives them.
    pub min: Option<String>,
    pub max: Option<String>,
}

impl LiveAttribute {
    /// A custom attribute (`custom:` prefix), which AmplifyBackend cannot express.
    pub fn is_custom(&self) -> bool {
        self.name.starts_with("custom:")
    }
}

/// `VerificationMessageTemplateType`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveVerificationMessage {
    /// `DefaultEmailOption`: `CONFIRM_WITH_CODE` or `CONFIRM_WITH_LINK`.
    pub default_email_option: Option<String>,
    pub email_message: Option<String>,
    pub email_subject: Option<String>,
    pub email_message_by_link: Option<String>,
    pub email_subject_by_link: Option<String>,
    pub sms_message: Option<String>,
}

/// One app client (`UserPoolClientType`), without its secret.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveClient {
    pub client_id: String,
    pub client_name: String,
    /// Whether the client has a secret (the value is never read into this type).
    pub has_secret: bool,
    #[serde(rename = "CallbackURLs")]
    pub callback_urls: Vec<String>,
    #[serde(rename = "LogoutURLs")]
    pub logout_urls: Vec<String>,
    /// `AllowedOAuthFlows`: `code`, `implicit`, `client_credentials`.
    #[serde(rename = "AllowedOAuthFlows")]
    pub allowed_oauth_flows: Vec<String>,
    /// `AllowedOAuthScopes` as Cognito spells them (`openid`, `aws.cognito.signin.user.admin`, …).
    #[serde(rename = "AllowedOAuthScopes")]
    pub allowed_oauth_scopes: Vec<String>,
    #[serde(rename = "AllowedOAuthFlowsUserPoolClient")]
    pub allowed_oauth_flows_user_pool_client: bool,
    /// `ExplicitAuthFlows` (`ALLOW_USER_SRP_AUTH`, `ALLOW_USER_AUTH`, …).
    pub explicit_auth_flows: Vec<String>,
    /// `SupportedIdentityProviders` (`COGNITO`, `Google`, …).
    pub supported_identity_providers: Vec<String>,
    pub read_attributes: Vec<String>,
    pub write_attributes: Vec<String>,
    pub enable_token_revocation: Option<bool>,
    /// `RefreshTokenRotation.Feature`: `ENABLED` or `DISABLED`.
    pub refresh_token_rotation: Option<String>,
    /// `PreventUserExistenceErrors`: `ENABLED` or `LEGACY`.
    pub prevent_user_existence_errors: Option<String>,
}

/// DescribeUserPoolDomain's `DomainDescriptionType`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveDomain {
    pub domain: String,
    /// `ManagedLoginVersion`: 1 is the classic hosted UI, 2 is managed login (passkeys need it or
    /// the USER_AUTH flow).
    pub managed_login_version: Option<i32>,
    /// `Status`: `ACTIVE`, `CREATING`, …
    pub status: Option<String>,
    /// A custom domain's certificate, when the domain is a custom one.
    pub custom_domain_certificate_arn: Option<String>,
}

/// One identity provider (`IdentityProviderType`), without its secrets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveIdentityProvider {
    pub provider_name: String,
    /// `Facebook`, `Google`, `LoginWithAmazon`, `SignInWithApple`, `SAML`, `OIDC`.
    pub provider_type: String,
    /// `ProviderDetails.client_id`, when the provider has one.
    pub client_id: Option<String>,
    /// `ProviderDetails.authorize_scopes`, split on spaces or commas.
    pub authorize_scopes: Vec<String>,
    /// `AttributeMapping`: user pool attribute → provider attribute.
    pub attribute_mapping: BTreeMap<String, String>,
    pub idp_identifiers: Vec<String>,
}

/// One group (`GroupType`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveGroup {
    pub group_name: String,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub precedence: Option<i32>,
}

/// The identity pool (cognito-identity `IdentityPool` and `GetIdentityPoolRolesResponse`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveIdentityPool {
    pub identity_pool_id: String,
    pub identity_pool_name: String,
    pub allow_unauthenticated_identities: bool,
    pub allow_classic_flow: Option<bool>,
    /// `SupportedLoginProviders`: provider domain → app id (for example
    /// `graph.facebook.com` → the Facebook app id).
    pub supported_login_providers: BTreeMap<String, String>,
    /// `CognitoIdentityProviders`: `ProviderName` (`cognito-idp.<region>.amazonaws.com/<pool>`)
    /// and `ClientId` of each user pool client the identity pool trusts.
    pub cognito_identity_providers: Vec<LiveCognitoProvider>,
    /// `Roles.authenticated`.
    pub authenticated_role_arn: Option<String>,
    /// `Roles.unauthenticated`.
    pub unauthenticated_role_arn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LiveCognitoProvider {
    pub provider_name: String,
    pub client_id: String,
}

/// One read that failed: the IAM action (`cognito-idp:ListGroups`), what is therefore not shown
/// and the service's message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReadFailure {
    pub action: String,
    pub not_shown: String,
    pub message: String,
    /// The service kept throttling the read, past every retry: a permission would not help.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub throttled: bool,
}

impl LivePool {
    /// Whether every read succeeded, so empty lists mean "none" rather than "unknown".
    pub fn read_ok(&self) -> bool {
        self.failures.is_empty()
    }

    /// The custom attributes (`custom:…`) of the user pool.
    pub fn custom_attributes(&self) -> Vec<&LiveAttribute> {
        self.user_pool
            .iter()
            .flat_map(|p| p.schema_attributes.iter())
            .filter(|a| a.is_custom())
            .collect()
    }

    /// The web client: the one the meta names ([`LivePool::web_client_id`]), else the one
    /// without a secret whose name ends in `_app_clientWeb` (the Amplify CLI's naming), else the
    /// first without a secret.
    pub fn web_client(&self) -> Option<&LiveClient> {
        let named = self.web_client_id.as_deref();
        self.clients
            .iter()
            .find(|c| Some(c.client_id.as_str()) == named)
            .or_else(|| {
                self.clients
                    .iter()
                    .find(|c| !c.has_secret && c.client_name.ends_with("_app_clientWeb"))
            })
            .or_else(|| self.clients.iter().find(|c| !c.has_secret))
    }
}
