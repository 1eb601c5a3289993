//! From an edited config to the UpdateBackendAuth request.
//!
//! The update shape cannot carry the user pool name, the sign-in method, the required sign-up
//! attributes or the identity pool name: Cognito fixes them when the pools are created. Everything
//! else is sent whole, so a member present in the request replaces the stored one.
//!
//! The request never relies on "omitted = unchanged": the service runs the Amplify CLI's headless
//! update, whose adaptor turns an omitted `Mfa` into OFF, so every request carries the whole
//! mutable state it means (see [`plan`](super::update_plan) for the removals and secrets).

use serde::de::{self, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::config::*;
use super::enums::*;

/// The identity pool name an update that adds the pool expects: the service chooses it.
pub const SERVICE_NAMES_IT: &str = "(named by the service)";

/// `UpdateBackendAuthResourceConfig`.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
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
    pub oauth: Option<OAuthUpdate>,
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

/// The update request that makes the service hold `edited`: every mutable member it has, `Mfa`
/// always (omitted would mean OFF to the service), and `OAuth: {}` when it has no hosted UI (the
/// removal signal; omitted would keep a stored one). Secrets are sent as `edited` has them; use
/// [`plan_update`](super::update_plan::plan_update) to get the ones the service keeps right.
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
            mfa: Some(up.mfa.clone().unwrap_or_else(mfa_off)),
            oauth: Some(match &up.oauth {
                Some(o) => OAuthUpdate::Set(o.clone()),
                None => OAuthUpdate::Remove,
            }),
            password_policy: up.password_policy.clone(),
            verification_message: up.verification_message.clone(),
        },
    }
}

/// MFA off, as the service stores an omitted `Mfa`.
pub fn mfa_off() -> MfaConfig {
    MfaConfig {
        mode: MfaMode::Off,
        settings: None,
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

/// What an update request means for `current`, read by the documented headless rule (the
/// comment in the CLI's `amplify-headless-interface` `update.ts`): a member present in the request
/// replaces the stored one whole, `OAuth: {}` removes the hosted UI, a member left out keeps its
/// value, and immutable members never change. `update --input` reads an update-shaped file with
/// this, then plans the whole-state request from the result, so a member the file leaves out is
/// sent as stored (the service itself would turn an omitted `Mfa` OFF).
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
        // The service adds the pool, named by the Amplify CLI's defaults (evidence §8.7).
        (AuthResources::IdentityPoolAndUserPool, pool @ None, u) => {
            *pool = Some(IdentityPoolConfig {
                identity_pool_name: SERVICE_NAMES_IT.into(),
                unauthenticated_login: u
                    .as_ref()
                    .and_then(|u| u.unauthenticated_login)
                    .unwrap_or(false),
            })
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
    match &u.oauth {
        // The service keeps the stored domain when the request has none (the adaptor's
        // `assignDefaults` skips undefined; evidence §8.3).
        Some(OAuthUpdate::Set(v)) => {
            let mut v = v.clone();
            if v.domain_prefix.is_none() {
                v.domain_prefix = up.oauth.as_ref().and_then(|o| o.domain_prefix.clone());
            }
            up.oauth = Some(v);
        }
        Some(OAuthUpdate::Remove) => up.oauth = None,
        None => {}
    }
    if let Some(v) = &u.password_policy {
        up.password_policy = Some(v.clone());
    }
    if let Some(v) = &u.verification_message {
        up.verification_message = Some(v.clone());
    }
    next
}

/// The `OAuth` member of an update: the hosted UI as it should be, or `{}`, which removes it (the
/// headless rule: "`oAuth: {}` removes OAuth"; the model's `UpdateBackendAuthOAuthConfig` has no
/// required member, so `{}` is a valid value).
// One per request and never in a collection, so boxing the config would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum OAuthUpdate {
    Remove,
    Set(OAuthConfig),
}

impl OAuthUpdate {
    /// The hosted UI settings, unless this removes them.
    pub fn config(&self) -> Option<&OAuthConfig> {
        match self {
            OAuthUpdate::Set(c) => Some(c),
            OAuthUpdate::Remove => None,
        }
    }

    pub fn config_mut(&mut self) -> Option<&mut OAuthConfig> {
        match self {
            OAuthUpdate::Set(c) => Some(c),
            OAuthUpdate::Remove => None,
        }
    }
}

impl Serialize for OAuthUpdate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OAuthUpdate::Set(c) => c.serialize(s),
            OAuthUpdate::Remove => {
                use serde::ser::SerializeMap;
                s.serialize_map(Some(0))?.end()
            }
        }
    }
}

/// `{}` is [`OAuthUpdate::Remove`]; anything else must be a whole `OAuthConfig`. The first key
/// is read to tell the two apart and then handed back, so errors inside keep their JSON path
/// (the headless input reports them with `serde_path_to_error`).
impl<'de> Deserialize<'de> for OAuthUpdate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OAuthUpdate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an OAuth object, or {} to remove the hosted UI")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OAuthUpdate, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(OAuthUpdate::Remove);
                };
                let replay = Replay {
                    first: Some(first),
                    rest: map,
                };
                OAuthConfig::deserialize(de::value::MapAccessDeserializer::new(replay))
                    .map(OAuthUpdate::Set)
            }
        }
        d.deserialize_map(V)
    }
}

/// A map whose first key was already read: yields it again, then the rest.
struct Replay<A> {
    first: Option<String>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(k) => seed.deserialize(k.into_deserializer()).map(Some),
            None => self.rest.next_key_seed(seed),
        }
    }
    fn next_value_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, A::Error> {
        self.rest.next_value_seed(seed)
    }
}
