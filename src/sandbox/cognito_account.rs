//! The Cognito user pools, app clients and identity pools that exist in the sandbox's account, for
//! ImportBackendAuth: an import names pools that must exist (else NotFoundException), and the
//! config read back afterwards is built from those pools' facts, never invented.
//!
//! They come from `serve --cognito FILE` (a JSON list) and from the demo data. Each entry is
//! shaped like Cognito's own describe answers (DescribeUserPool's `UserPoolType`, with the pool's
//! `Clients` as DescribeUserPoolClient's `UserPoolClientType`, and DescribeIdentityPool), keeping
//! only the members an auth config can show. Example:
//!
//! ```json
//! [
//!   {"Id": "us-east-1_AbC123xyZ", "Name": "shop_userpool", "UsernameAttributes": ["email"],
//!    "SchemaAttributes": [{"Name": "email", "Required": true}], "MfaConfiguration": "OFF",
//!    "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireNumbers": true}},
//!    "AutoVerifiedAttributes": ["email"],
//!    "Clients": [{"ClientId": "1example23456789", "ClientName": "web"},
//!                {"ClientId": "2example23456789", "ClientName": "native", "HasSecret": true}]},
//!   {"IdentityPoolId": "us-east-1:0a1b2c3d-0000-4000-8000-000000000000",
//!    "IdentityPoolName": "shop_identitypool", "AllowUnauthenticatedIdentities": false}
//! ]
//! ```

use serde::Deserialize;

// Config types only: the sandbox never reaches the client's rules (see rules/mod.rs).
use crate::domain::config::*;
use crate::domain::enums::*;
use crate::model::{cognito_identity, cognito_idp};

#[derive(Clone, Debug, Default)]
pub struct CognitoAccount {
    pub user_pools: Vec<UserPool>,
    pub identity_pools: Vec<IdentityPool>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserPool {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub username_attributes: Vec<String>,
    #[serde(default)]
    pub schema_attributes: Vec<SchemaAttribute>,
    #[serde(default)]
    pub mfa_configuration: Option<String>,
    #[serde(default)]
    pub policies: Option<Policies>,
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    /// The hosted UI domain prefix, when the pool has one.
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub clients: Vec<AppClient>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SchemaAttribute {
    pub name: String,
    #[serde(default)]
    pub required: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Policies {
    pub password_policy: Option<CognitoPasswordPolicy>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CognitoPasswordPolicy {
    pub minimum_length: Option<u32>,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_symbols: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AppClient {
    pub client_id: String,
    #[serde(default)]
    pub client_name: Option<String>,
    /// Whether the client has a secret (the value itself is never needed here).
    #[serde(default)]
    pub has_secret: bool,
    #[serde(default, rename = "CallbackURLs")]
    pub callback_urls: Vec<String>,
    #[serde(default, rename = "LogoutURLs")]
    pub logout_urls: Vec<String>,
    #[serde(default, rename = "AllowedOAuthFlows")]
    pub allowed_oauth_flows: Vec<String>,
    #[serde(default, rename = "AllowedOAuthScopes")]
    pub allowed_oauth_scopes: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IdentityPool {
    pub identity_pool_id: String,
    pub identity_pool_name: String,
    #[serde(default)]
    pub allow_unauthenticated_identities: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Identity(IdentityPool),
    User(UserPool),
}

impl CognitoAccount {
    /// Parses a `--cognito` file: a JSON list of user pools and identity pools. Ids must have
    /// Cognito's formats (cognito-idp / cognito-identity models), so an import can find them.
    pub fn from_json(text: &str) -> Result<CognitoAccount, String> {
        let entries: Vec<serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| format!("not a JSON list of Cognito pools: {e}"))?;
        let mut out = CognitoAccount::default();
        for (i, v) in entries.into_iter().enumerate() {
            let entry: Entry = serde_json::from_value(v).map_err(|_| {
                format!(
                    "entry [{i}] is neither a user pool (Id, Name, …) nor an identity pool (IdentityPoolId, IdentityPoolName, …)"
                )
            })?;
            match entry {
                Entry::Identity(p) => {
                    check_id(cognito_identity(), "IdentityPoolId", &p.identity_pool_id, i)?;
                    out.identity_pools.push(p);
                }
                Entry::User(p) => {
                    check_id(cognito_idp(), "UserPoolIdType", &p.id, i)?;
                    for c in &p.clients {
                        check_id(cognito_idp(), "ClientIdType", &c.client_id, i)?;
                    }
                    out.user_pools.push(p);
                }
            }
        }
        Ok(out)
    }

    pub fn extend(&mut self, other: CognitoAccount) {
        self.user_pools.extend(other.user_pools);
        self.identity_pools.extend(other.identity_pools);
    }

    pub fn user_pool(&self, id: &str) -> Option<&UserPool> {
        self.user_pools.iter().find(|p| p.id == id)
    }

    pub fn identity_pool(&self, id: &str) -> Option<&IdentityPool> {
        self.identity_pools
            .iter()
            .find(|p| p.identity_pool_id == id)
    }
}

fn check_id(facts: &crate::model::Facts, shape: &str, id: &str, i: usize) -> Result<(), String> {
    match super::rules::constraint::string(facts, shape, id, shape) {
        None => Ok(()),
        Some(e) => Err(format!("entry [{i}]: {e}")),
    }
}

impl UserPool {
    pub fn client(&self, id: &str) -> Option<&AppClient> {
        self.clients.iter().find(|c| c.client_id == id)
    }

    /// The auth config these pools amount to, from their facts only.
    pub fn config(&self, web: &AppClient, identity: Option<&IdentityPool>) -> AuthConfig {
        let has = |a: &str| self.username_attributes.iter().any(|x| x == a);
        let sign_in = match (has("email"), has("phone_number")) {
            (true, true) => SignInMethod::EmailAndPhoneNumber,
            (true, false) => SignInMethod::Email,
            (false, true) => SignInMethod::PhoneNumber,
            (false, false) => SignInMethod::Username,
        };
        let required = self
            .schema_attributes
            .iter()
            .filter(|a| a.required)
            .filter_map(|a| {
                SignUpAttribute::ALL
                    .iter()
                    .find(|s| s.claim_name() == a.name)
                    .cloned()
            })
            .collect();
        let password_policy = self.password_policy();
        let verification = self
            .auto_verified_attributes
            .iter()
            .find_map(|a| match a.as_str() {
                "email" => Some(DeliveryMethod::Email),
                "phone_number" => Some(DeliveryMethod::Sms),
                _ => None,
            })
            .map(|d| MessageConfig {
                delivery_method: d,
                email: None,
                sms: None,
            });
        let oauth = self.oauth(web);
        AuthConfig {
            auth_resources: if identity.is_some() {
                AuthResources::IdentityPoolAndUserPool
            } else {
                AuthResources::UserPoolOnly
            },
            identity_pool: identity.map(|i| IdentityPoolConfig {
                identity_pool_name: i.identity_pool_name.clone(),
                unauthenticated_login: i.allow_unauthenticated_identities,
            }),
            service: Service::Cognito,
            user_pool: UserPoolConfig {
                forgot_password: None,
                mfa: self.mfa_configuration.as_deref().map(|m| MfaConfig {
                    mode: MfaMode::parse(m),
                    settings: None,
                }),
                oauth,
                password_policy,
                required_sign_up_attributes: required,
                sign_in_method: sign_in,
                user_pool_name: self.name.clone(),
                verification_message: verification,
            },
        }
    }

    /// The password policy the config reads back from the pool's (constraints in the CLI's order).
    fn password_policy(&self) -> Option<PasswordPolicy> {
        self.policies
            .as_ref()
            .and_then(|p| p.password_policy.as_ref())
            .map(|p| {
                let mut c = Vec::new();
                for (on, k) in [
                    (p.require_numbers, PasswordConstraint::RequireDigit),
                    (p.require_lowercase, PasswordConstraint::RequireLowercase),
                    (p.require_symbols, PasswordConstraint::RequireSymbol),
                    (p.require_uppercase, PasswordConstraint::RequireUppercase),
                ] {
                    if on {
                        c.push(k);
                    }
                }
                PasswordPolicy {
                    additional_constraints: Some(c),
                    minimum_length: f64::from(p.minimum_length.unwrap_or(8)),
                }
            })
    }

    /// The OAuth settings the config reads back: a pool with a domain and a web client with
    /// callback URLs has the hosted UI.
    fn oauth(&self, web: &AppClient) -> Option<OAuthConfig> {
        self.domain
            .as_ref()
            .filter(|_| !web.callback_urls.is_empty())
            .map(|d| OAuthConfig {
                domain_prefix: Some(d.clone()),
                grant_type: if web.allowed_oauth_flows.iter().any(|f| f == "code") {
                    OAuthGrantType::Code
                } else {
                    OAuthGrantType::Implicit
                },
                scopes: web
                    .allowed_oauth_scopes
                    .iter()
                    .filter_map(|s| {
                        OAuthScope::ALL
                            .iter()
                            .find(|x| x.cognito_name() == s)
                            .cloned()
                    })
                    .collect(),
                redirect_sign_in_uris: web.callback_urls.clone(),
                redirect_sign_out_uris: web.logout_urls.clone(),
                social_providers: None,
            })
    }
}

/// The demo account's pools: one user pool with a web and a native client, and an identity pool,
/// ready to be imported.
pub fn demo_account(region: &str) -> CognitoAccount {
    let text = format!(
        r#"[
  {{"Id": "{region}_DemoLegcy1", "Name": "legacy_userpool", "UsernameAttributes": ["email"],
    "SchemaAttributes": [{{"Name": "email", "Required": true}}, {{"Name": "name", "Required": true}}],
    "MfaConfiguration": "OPTIONAL",
    "Policies": {{"PasswordPolicy": {{"MinimumLength": 10, "RequireNumbers": true, "RequireUppercase": true}}}},
    "AutoVerifiedAttributes": ["email"],
    "Clients": [
      {{"ClientId": "legacyweb0000000000000000a", "ClientName": "legacy_web"}},
      {{"ClientId": "legacynative00000000000000", "ClientName": "legacy_native", "HasSecret": true}}
    ]}},
  {{"IdentityPoolId": "{region}:5e1f0d2c-0000-4000-8000-00000000de00", "IdentityPoolName": "legacy_identitypool",
    "AllowUnauthenticatedIdentities": false}}
]"#
    );
    CognitoAccount::from_json(&text).expect("the demo account is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_account_loads_and_gives_a_config_from_its_facts() {
        let a = demo_account("us-east-1");
        let pool = a.user_pool("us-east-1_DemoLegcy1").unwrap();
        let web = pool.client("legacyweb0000000000000000a").unwrap();
        let ip = a.identity_pools.first();
        let cfg = pool.config(web, ip);
        assert_eq!(cfg.user_pool.user_pool_name, "legacy_userpool");
        assert_eq!(cfg.user_pool.sign_in_method, SignInMethod::Email);
        assert_eq!(
            cfg.user_pool.required_sign_up_attributes,
            vec![SignUpAttribute::Email, SignUpAttribute::Name]
        );
        assert_eq!(cfg.user_pool.mfa.unwrap().mode, MfaMode::Optional);
        assert_eq!(cfg.user_pool.password_policy.unwrap().minimum_length, 10.0);
        assert_eq!(
            cfg.identity_pool.unwrap().identity_pool_name,
            "legacy_identitypool"
        );
    }

    #[test]
    fn bad_files_are_refused_with_the_entry_named() {
        assert!(CognitoAccount::from_json("{}").is_err());
        let e = CognitoAccount::from_json(r#"[{"Id": "not a pool id", "Name": "x"}]"#).unwrap_err();
        assert!(
            e.contains("entry [0]") && e.contains("UserPoolIdType"),
            "{e}"
        );
        let e = CognitoAccount::from_json(r#"[{"Nope": 1}]"#).unwrap_err();
        assert!(e.contains("neither"), "{e}");
    }
}
