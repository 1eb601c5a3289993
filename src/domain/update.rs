//! From an edited config to the UpdateBackendAuth request.
//!
//! The update shape cannot carry the user pool name, the sign-in method, the required sign-up
//! attributes or the identity pool name: Cognito fixes them when the pools are created. Everything
//! else is sent whole, so a member present in the request replaces the stored one.

use serde::{Deserialize, Serialize};

use super::config::*;
use super::enums::*;

/// `UpdateBackendAuthResourceConfig`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAuthConfig {
    #[serde(rename = "AuthResources")]
    pub auth_resources: AuthResources,
    #[serde(
        rename = "IdentityPoolConfigs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_pool: Option<UpdateIdentityPoolConfig>,
    #[serde(rename = "Service")]
    pub service: Service,
    #[serde(rename = "UserPoolConfigs")]
    pub user_pool: UpdateUserPoolConfig,
}

/// `UpdateBackendAuthIdentityPoolConfig`: only the guest-access switch can change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateIdentityPoolConfig {
    #[serde(
        rename = "UnauthenticatedLogin",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unauthenticated_login: Option<bool>,
}

/// `UpdateBackendAuthUserPoolConfig`: the mutable part of the user pool.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserPoolConfig {
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
    #[serde(
        rename = "VerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_message: Option<MessageConfig>,
}

/// The `update-backend-auth` input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAuthInput {
    #[serde(rename = "AppId")]
    pub app_id: String,
    #[serde(rename = "BackendEnvironmentName")]
    pub backend_environment_name: String,
    #[serde(rename = "ResourceConfig")]
    pub resource_config: UpdateAuthConfig,
    #[serde(rename = "ResourceName")]
    pub resource_name: String,
}

/// A field the update request cannot change, with the value it has now and the value asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ImmutableChange {
    pub path: &'static str,
    pub before: String,
    pub after: String,
}

/// The update request for an edited config: everything mutable, nothing immutable.
pub fn update_request(edited: &AuthConfig) -> UpdateAuthConfig {
    let up = &edited.user_pool;
    UpdateAuthConfig {
        auth_resources: edited.auth_resources.clone(),
        identity_pool: edited
            .identity_pool
            .as_ref()
            .map(|ip| UpdateIdentityPoolConfig {
                unauthenticated_login: Some(ip.unauthenticated_login),
            }),
        service: edited.service.clone(),
        user_pool: UpdateUserPoolConfig {
            forgot_password: up.forgot_password.clone(),
            mfa: up.mfa.clone(),
            oauth: up.oauth.clone(),
            password_policy: up.password_policy.clone(),
            verification_message: up.verification_message.clone(),
        },
    }
}

/// The immutable fields that differ between the current config and an edited one. An update cannot
/// carry them, so a caller that finds any must refuse (or offer delete and recreate) rather than
/// silently drop the user's change.
pub fn immutable_changes(current: &AuthConfig, edited: &AuthConfig) -> Vec<ImmutableChange> {
    let mut out = Vec::new();
    let (a, b) = (&current.user_pool, &edited.user_pool);
    if a.user_pool_name != b.user_pool_name {
        out.push(ImmutableChange {
            path: "UserPoolConfigs.UserPoolName",
            before: a.user_pool_name.clone(),
            after: b.user_pool_name.clone(),
        });
    }
    if a.sign_in_method != b.sign_in_method {
        out.push(ImmutableChange {
            path: "UserPoolConfigs.SignInMethod",
            before: a.sign_in_method.to_string(),
            after: b.sign_in_method.to_string(),
        });
    }
    let attrs = |v: &[SignUpAttribute]| {
        let mut s: Vec<&str> = v.iter().map(|a| a.as_str()).collect();
        s.sort_unstable();
        s.join(", ")
    };
    if attrs(&a.required_sign_up_attributes) != attrs(&b.required_sign_up_attributes) {
        out.push(ImmutableChange {
            path: "UserPoolConfigs.RequiredSignUpAttributes",
            before: attrs(&a.required_sign_up_attributes),
            after: attrs(&b.required_sign_up_attributes),
        });
    }
    let name = |c: &AuthConfig| {
        c.identity_pool
            .as_ref()
            .map(|i| i.identity_pool_name.clone())
    };
    if let (Some(x), Some(y)) = (name(current), name(edited))
        && x != y
    {
        out.push(ImmutableChange {
            path: "IdentityPoolConfigs.IdentityPoolName",
            before: x,
            after: y,
        });
    }
    out
}

/// What the stored config becomes after an update: members present in the request replace the
/// stored ones, members left out keep their value, and immutable members never change. The
/// sandbox applies updates with this, and the wizard uses it to predict the re-read.
pub fn apply_update(current: &AuthConfig, update: &UpdateAuthConfig) -> AuthConfig {
    let mut next = current.clone();
    next.auth_resources = update.auth_resources.clone();
    next.service = update.service.clone();
    match (
        &update.auth_resources,
        &mut next.identity_pool,
        &update.identity_pool,
    ) {
        (AuthResources::UserPoolOnly, pool, _) => *pool = None,
        (_, Some(pool), Some(u)) => {
            if let Some(v) = u.unauthenticated_login {
                pool.unauthenticated_login = v;
            }
        }
        _ => {}
    }
    let (up, u) = (&mut next.user_pool, &update.user_pool);
    if let Some(v) = &u.forgot_password {
        up.forgot_password = Some(v.clone());
    }
    if let Some(v) = &u.mfa {
        up.mfa = Some(v.clone());
    }
    if let Some(v) = &u.oauth {
        up.oauth = Some(v.clone());
    }
    if let Some(v) = &u.password_policy {
        up.password_policy = Some(v.clone());
    }
    if let Some(v) = &u.verification_message {
        up.verification_message = Some(v.clone());
    }
    next
}
