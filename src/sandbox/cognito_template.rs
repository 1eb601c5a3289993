//! What an AmplifyBackend job makes in Cognito from an auth record: the Amplify CLI's auth stack,
//! built headlessly by the service (service-behaviour evidence §2.1). Each mapping names its
//! source in aws-amplify/amplify-cli `packages/amplify-category-auth/src/provider-utils/
//! awscloudformation/` (below: `stack-builder` = `auth-stack-builder/auth-cognito-stack-builder.ts`,
//! `resources/` = `amplify-category-auth/resources/auth-custom-resource/`).
//!
//! The result is shaped as Cognito's own requests and answers (cognito-idp / cognito-identity
//! models): the pool part is an UpdateUserPool request, so a job that changes the pool goes
//! through the same reset-what-is-not-given rule as a console UpdateUserPool (`cognito_live`).
//!
//! | Record member | Live property | Source |
//! |---|---|---|
//! | `UserPoolName` | pool `Name` `<name>-<env>` | stack-builder `userPoolName` + `auth-stack-transform.ts` env join |
//! | `PasswordPolicy` | `Policies.PasswordPolicy` | stack-builder `passwordPolicyMinLength`, `passwordPolicyCharacters` |
//! | `Mfa.MFAMode` | `MfaConfiguration` | stack-builder `mfaConfiguration`; `resources/mfaLambda.js` SetUserPoolMfaConfig |
//! | `Mfa.Settings.MfaTypes` | SMS / software token MFA config | `resources/mfaLambda.js` |
//! | `Mfa.Settings.SmsMessage` | `SmsAuthenticationMessage` | stack-builder `mfaAuthenticationMessage` |
//! | `RequiredSignUpAttributes` | `SchemaAttributes[].Required` | stack-builder `requiredAttributes` |
//! | `SignInMethod` | `UsernameAttributes` | stack-builder `usernameAttributes` |
//! | `VerificationMessage` | `AutoVerifiedAttributes`, `VerificationMessageTemplate` | stack-builder `autoVerifiedAttributes`, `emailVerificationMessage`/`Subject`, `smsVerificationMessage` |
//! | `OAuth` | both app clients' `CallbackURLs`, `LogoutURLs`, `AllowedOAuthFlows`, `AllowedOAuthScopes`, `SupportedIdentityProviders` | `resources/oauthLambda.js` UpdateUserPoolClient |
//! | `OAuth.DomainPrefix` | domain `<prefix>-<env>` (classic hosted UI, ManagedLoginVersion 1) | `resources/hostedUILambda.js` CreateUserPoolDomain |
//! | `OAuth.SocialProviderSettings` | identity providers (`client_id`, `client_secret`, `authorize_scopes`) | `resources/hostedUIProviderLambda.js` |
//! | `IdentityPoolConfigs` | identity pool `<name>__<env>`, `AllowUnauthenticatedIdentities`, both clients as providers, auth/unauth roles | stack-builder `identityPoolName`, `allowUnauthenticatedIdentities` |
//!
//! What the CLI's template does not set is left to Cognito's defaults (feature plan Essentials
//! for new pools, deletion protection off, threat protection off, token revocation on for new
//! clients: cognito-idp API reference for CreateUserPool / CreateUserPoolClient).

use serde_json::{Map, Value, json};

use super::cognito_names::{AuthIds, env_suffixed};
use crate::domain::config::*;
use crate::domain::enums::*;

/// The Cognito parts an auth record amounts to.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// An UpdateUserPool request (without `UserPoolId`): the pool's whole template state.
    pub pool: Value,
    /// A SetUserPoolMfaConfig request (without `UserPoolId`).
    pub mfa: Value,
    /// The members the CLI's OAuth step sets on both clients (an UpdateUserPoolClient request's
    /// OAuth part); `None` without OAuth.
    pub oauth: Option<Value>,
    /// The identity providers, as DescribeIdentityProvider's `IdentityProvider` (without
    /// `UserPoolId`).
    pub providers: Vec<Value>,
    /// The hosted UI domain prefix with the env suffix.
    pub domain: Option<String>,
    /// The identity pool, as UpdateIdentityPool's input (without `IdentityPoolId`).
    pub identity: Option<Value>,
}

/// The standard attributes (cognito-idp developer guide, "standard attributes"), in the order
/// DescribeUserPool lists them, with their data types.
const STANDARD: &[(&str, &str)] = &[
    ("sub", "String"),
    ("name", "String"),
    ("given_name", "String"),
    ("family_name", "String"),
    ("middle_name", "String"),
    ("nickname", "String"),
    ("preferred_username", "String"),
    ("profile", "String"),
    ("picture", "String"),
    ("website", "String"),
    ("email", "String"),
    ("email_verified", "Boolean"),
    ("gender", "String"),
    ("birthdate", "String"),
    ("zoneinfo", "String"),
    ("locale", "String"),
    ("phone_number", "String"),
    ("phone_number_verified", "Boolean"),
    ("address", "String"),
    ("updated_at", "Number"),
];

/// The pool's `SchemaAttributes` for a new pool: every standard attribute, required as the
/// record says (stack-builder `requiredAttributes`).
pub fn schema(cfg: &AuthConfig) -> Value {
    let required: Vec<String> = cfg
        .user_pool
        .required_sign_up_attributes
        .iter()
        .map(SignUpAttribute::claim_name)
        .collect();
    Value::Array(
        STANDARD
            .iter()
            .map(|(name, ty)| {
                json!({
                    "Name": name,
                    "AttributeDataType": ty,
                    "DeveloperOnlyAttribute": false,
                    "Mutable": *name != "sub",
                    "Required": *name == "sub" || required.iter().any(|r| r == name),
                })
            })
            .collect(),
    )
}

/// `UsernameAttributes` from the sign-in method (stack-builder `usernameAttributes`).
pub fn username_attributes(m: &SignInMethod) -> Value {
    match m {
        SignInMethod::Email => json!(["email"]),
        SignInMethod::PhoneNumber => json!(["phone_number"]),
        SignInMethod::EmailAndPhoneNumber => json!(["email", "phone_number"]),
        _ => json!([]),
    }
}

fn mfa_types(cfg: &AuthConfig) -> Vec<MfaType> {
    cfg.user_pool
        .mfa
        .as_ref()
        .filter(|m| m.mode != MfaMode::Off)
        .and_then(|m| m.settings.as_ref())
        .and_then(|s| s.mfa_types.clone())
        .unwrap_or_default()
}

/// The CLI's default MFA text when SMS MFA has none (evidence §8.4).
const DEFAULT_SMS_MFA: &str = "Your authentication code is {####}";

/// The Cognito parts of `cfg` in environment `env` (names get the env suffix).
pub fn template(cfg: &AuthConfig, env: &str) -> Template {
    let up = &cfg.user_pool;
    let providers = social_providers(cfg);
    let provider_names: Vec<&str> = std::iter::once("COGNITO")
        .chain(providers.iter().filter_map(|p| p["ProviderName"].as_str()))
        .collect();
    let oauth = up.oauth.as_ref().map(|o| {
        json!({
            "CallbackURLs": o.redirect_sign_in_uris,
            "LogoutURLs": o.redirect_sign_out_uris,
            "AllowedOAuthFlows": [o.grant_type.as_str().to_ascii_lowercase()],
            "AllowedOAuthScopes": o.scopes.iter().map(|s| s.cognito_name()).collect::<Vec<_>>(),
            "AllowedOAuthFlowsUserPoolClient": true,
            "SupportedIdentityProviders": provider_names,
        })
    });
    let domain = up
        .oauth
        .as_ref()
        .and_then(|o| o.domain_prefix.as_ref())
        .map(|p| env_suffixed(p, "-", env));
    let identity = cfg.identity_pool.as_ref().map(|i| {
        json!({
            "IdentityPoolName": env_suffixed(&i.identity_pool_name, "__", env),
            "AllowUnauthenticatedIdentities": i.unauthenticated_login,
        })
    });
    Template {
        pool: pool_settings(cfg, env),
        mfa: mfa_settings(cfg),
        oauth,
        providers,
        domain,
        identity,
    }
}

/// The MFA mode as the pool holds it (`OFF` when the config has no MFA).
fn mfa_mode(cfg: &AuthConfig) -> String {
    let mfa = cfg.user_pool.mfa.as_ref();
    mfa.map(|m| m.mode.as_str().to_string())
        .unwrap_or_else(|| "OFF".into())
}

/// The SMS MFA message: the config's, or the CLI's default.
fn sms_mfa_message(cfg: &AuthConfig) -> String {
    let settings = cfg.user_pool.mfa.as_ref().and_then(|m| m.settings.as_ref());
    settings
        .and_then(|s| s.sms_message.clone())
        .unwrap_or_else(|| DEFAULT_SMS_MFA.into())
}

/// The UpdateUserPool input of the template: password policy, MFA, verification messages and
/// the pool's name.
fn pool_settings(cfg: &AuthConfig, env: &str) -> Value {
    let up = &cfg.user_pool;
    let mut pool = Map::new();
    let policy = up.password_policy.as_ref();
    let has = |c: PasswordConstraint| {
        policy
            .and_then(|p| p.additional_constraints.as_ref())
            .is_some_and(|v| v.contains(&c))
    };
    pool.insert(
        "Policies".into(),
        json!({"PasswordPolicy": {
            "MinimumLength": policy.map(|p| p.minimum_length as i64).unwrap_or(8),
            "RequireUppercase": has(PasswordConstraint::RequireUppercase),
            "RequireLowercase": has(PasswordConstraint::RequireLowercase),
            "RequireNumbers": has(PasswordConstraint::RequireDigit),
            "RequireSymbols": has(PasswordConstraint::RequireSymbol),
            "TemporaryPasswordValidityDays": 7,
        }}),
    );
    pool.insert("MfaConfiguration".into(), json!(mfa_mode(cfg)));
    let verify = up.verification_message.as_ref();
    let auto: Vec<&str> = match verify.map(|v| &v.delivery_method) {
        Some(DeliveryMethod::Email) => vec!["email"],
        Some(DeliveryMethod::Sms) => vec!["phone_number"],
        _ => vec![],
    };
    pool.insert("AutoVerifiedAttributes".into(), json!(auto));
    let email = verify.and_then(|v| v.email.as_ref());
    let sms = verify.and_then(|v| v.sms.as_ref());
    let mut template = Map::new();
    template.insert("DefaultEmailOption".into(), json!("CONFIRM_WITH_CODE"));
    if let Some(m) = email.and_then(|e| e.message.as_ref()) {
        template.insert("EmailMessage".into(), json!(m));
        pool.insert("EmailVerificationMessage".into(), json!(m));
    }
    if let Some(s) = email.and_then(|e| e.subject.as_ref()) {
        template.insert("EmailSubject".into(), json!(s));
        pool.insert("EmailVerificationSubject".into(), json!(s));
    }
    if let Some(m) = sms.and_then(|s| s.message.as_ref()) {
        template.insert("SmsMessage".into(), json!(m));
        pool.insert("SmsVerificationMessage".into(), json!(m));
    }
    pool.insert(
        "VerificationMessageTemplate".into(),
        Value::Object(template),
    );
    if mfa_types(cfg).contains(&MfaType::Sms) {
        pool.insert(
            "SmsAuthenticationMessage".into(),
            json!(sms_mfa_message(cfg)),
        );
    }
    // The pool keeps its name (PoolName is sent so UpdateUserPool does not change it).
    pool.insert(
        "PoolName".into(),
        json!(env_suffixed(&up.user_pool_name, "-", env)),
    );
    Value::Object(pool)
}

/// The SetUserPoolMfaConfig input of the template.
fn mfa_settings(cfg: &AuthConfig) -> Value {
    let mut mfa = Map::new();
    mfa.insert("MfaConfiguration".into(), json!(mfa_mode(cfg)));
    let types = mfa_types(cfg);
    if types.contains(&MfaType::Sms) {
        mfa.insert(
            "SmsMfaConfiguration".into(),
            json!({"SmsAuthenticationMessage": sms_mfa_message(cfg)}),
        );
    }
    if types.contains(&MfaType::Totp) {
        mfa.insert(
            "SoftwareTokenMfaConfiguration".into(),
            json!({"Enabled": true}),
        );
    }
    Value::Object(mfa)
}

/// The social providers as CreateIdentityProvider inputs, in the CLI's order (Facebook,
/// Google, Login with Amazon, Sign in with Apple), each with the scopes and attribute mapping
/// the CLI's provider Lambda sends.
fn social_providers(cfg: &AuthConfig) -> Vec<Value> {
    let Some(p) = cfg.social_providers() else {
        return Vec::new();
    };
    let secret = |c: &ProviderClient| {
        c.client_secret
            .as_ref()
            .map(|s| s.expose().to_string())
            .unwrap_or_default()
    };
    let client = |c: &ProviderClient, scopes: &str| json!({"client_id": c.client_id.clone().unwrap_or_default(), "client_secret": secret(c), "authorize_scopes": scopes});
    let mut out = Vec::new();
    let mut add = |name: &str, details: Value, mapping: Value| {
        out.push(json!({
            "ProviderName": name,
            "ProviderType": name,
            "ProviderDetails": details,
            "AttributeMapping": mapping,
            "IdpIdentifiers": [],
        }));
    };
    let clients = [
        ("Facebook", &p.facebook, "email,public_profile", "id"),
        ("Google", &p.google, "openid email profile", "sub"),
        (
            "LoginWithAmazon",
            &p.login_with_amazon,
            "profile profile:user_id",
            "user_id",
        ),
    ];
    for (name, c, scopes, username) in clients {
        if let Some(c) = c {
            add(
                name,
                client(c, scopes),
                json!({"email": "email", "username": username}),
            );
        }
    }
    if let Some(a) = &p.sign_in_with_apple {
        add(
            "SignInWithApple",
            json!({
                "client_id": a.client_id.clone().unwrap_or_default(),
                "team_id": a.team_id.clone().unwrap_or_default(),
                "key_id": a.key_id.clone().unwrap_or_default(),
                "private_key": a.private_key.as_ref().map(|k| k.expose().to_string()).unwrap_or_default(),
                "authorize_scopes": "email name",
            }),
            json!({"email": "email"}),
        );
    }
    out
}

/// The identity pool's trusted clients (stack-builder: both app clients of the pool).
pub fn identity_providers(region: &str, ids: &AuthIds) -> Value {
    let name = format!("cognito-idp.{region}.amazonaws.com/{}", ids.user_pool_id);
    json!([
        {"ProviderName": name, "ClientId": ids.app_client_id, "ServerSideTokenCheck": false},
        {"ProviderName": name, "ClientId": ids.app_client_id_web, "ServerSideTokenCheck": false},
    ])
}
