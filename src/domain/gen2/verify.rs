//! The judge of the mapping: compares the CloudFormation that Gen 2 synthesizes from the
//! generated files with the source config, member by member, in Cognito's own terms
//! (`AWS::Cognito::UserPool` and friends, property names from the CloudFormation resource
//! specification). The expectations are derived here from the config directly, not from the
//! generated code, so a wrong mapping shows as a difference.

use serde_json::Value;

use super::names::Provider;
use super::{Gen2Live, provider_scopes_and_mapping, required_claims};
use crate::domain::config::*;
use crate::domain::enums::*;

/// One compared member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The config member (or live fact) it comes from.
    pub member: String,
    pub expected: String,
    pub found: String,
}

impl Check {
    pub fn ok(&self) -> bool {
        self.expected == self.found
    }
}

/// The resources of a template with their type.
fn resources<'a>(template: &'a Value, ty: &str) -> Vec<&'a Value> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .map(|m| {
            m.values()
                .filter(|r| r.get("Type").and_then(Value::as_str) == Some(ty))
                .map(|r| r.get("Properties").unwrap_or(&Value::Null))
                .collect()
        })
        .unwrap_or_default()
}

/// A value as compared text: strings bare, string lists sorted (order does not matter to
/// Cognito in any compared list), absent as `(absent)`.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(absent)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => {
            let mut items: Vec<String> = a.iter().map(|i| text(Some(i))).collect();
            items.sort();
            format!("[{}]", items.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

fn sorted(items: impl IntoIterator<Item = impl Into<String>>) -> String {
    let mut v: Vec<String> = items.into_iter().map(Into::into).collect();
    v.sort();
    format!("[{}]", v.join(", "))
}

struct Checks(Vec<Check>);

impl Checks {
    fn push(&mut self, member: &str, expected: String, found: String) {
        self.0.push(Check {
            member: member.to_string(),
            expected,
            found,
        });
    }
}

/// Whether the template is the synthesized auth stack (it holds a user pool).
pub fn is_auth_template(template: &Value) -> bool {
    !resources(template, "AWS::Cognito::UserPool").is_empty()
}

/// Compares a synthesized auth stack with the config (and the live facts the mapping used).
/// `kept_domain`: the Gen 1 domain expected on the pool (with `--keep-domain`).
pub fn compare(
    cfg: &AuthConfig,
    live: &Gen2Live,
    kept_domain: Option<&str>,
    template: &Value,
) -> Vec<Check> {
    let mut c = Checks(Vec::new());
    let pools = resources(template, "AWS::Cognito::UserPool");
    c.push("(one user pool)", "1".into(), pools.len().to_string());
    let Some(pool) = pools.first() else {
        return c.0;
    };
    c.push(
        "UserPoolConfigs.UserPoolName",
        cfg.user_pool.user_pool_name.clone(),
        text(pool.get("UserPoolName")),
    );
    sign_in(&mut c, cfg, pool);
    schema(&mut c, cfg, live, pool);
    password_policy(&mut c, cfg, pool);
    mfa(&mut c, cfg, pool);
    messages(&mut c, cfg, live, pool);
    app_client(&mut c, cfg, kept_domain, template);
    social_providers(&mut c, cfg, live, template);
    identity_pool_and_groups(&mut c, cfg, live, template);
    c.0
}

/// Sign-in: the username attributes and the attributes verified automatically.
fn sign_in(c: &mut Checks, cfg: &AuthConfig, pool: &Value) {
    let up = &cfg.user_pool;
    let username_attrs = match up.sign_in_method {
        SignInMethod::Email => sorted(["email"]),
        SignInMethod::PhoneNumber => sorted(["phone_number"]),
        SignInMethod::EmailAndPhoneNumber => sorted(["email", "phone_number"]),
        _ => "(absent)".into(),
    };
    c.push(
        "UserPoolConfigs.SignInMethod",
        username_attrs,
        text(pool.get("UsernameAttributes")),
    );
    let auto = match up.verification_message.as_ref().map(|v| &v.delivery_method) {
        Some(DeliveryMethod::Sms) => sorted(["phone_number"]),
        Some(_) => sorted(["email"]),
        None if up.sign_in_method == SignInMethod::PhoneNumber => sorted(["phone_number"]),
        None => sorted(["email"]),
    };
    c.push(
        "UserPoolConfigs.VerificationMessage.DeliveryMethod",
        auto,
        text(pool.get("AutoVerifiedAttributes")),
    );
}

/// The schema: required standard attributes and the live pool's custom attributes.
fn schema(c: &mut Checks, cfg: &AuthConfig, live: &Gen2Live, pool: &Value) {
    let schema: Vec<&Value> = pool
        .get("Schema")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let required_found: Vec<String> = schema
        .iter()
        .filter(|a| a.get("Required") == Some(&Value::Bool(true)))
        .filter_map(|a| a.get("Name").and_then(Value::as_str).map(String::from))
        .collect();
    c.push(
        "UserPoolConfigs.RequiredSignUpAttributes",
        sorted(required_claims(cfg, live)),
        sorted(required_found),
    );
    for ca in &live.custom_attributes {
        let found = schema
            .iter()
            .find(|a| a.get("Name").and_then(Value::as_str) == Some(ca.name.as_str()));
        c.push(
            &format!("Live.SchemaAttributes.custom:{}", ca.name),
            format!("{} mutable={}", ca.data_type, ca.mutable),
            found
                .map(|a| {
                    format!(
                        "{} mutable={}",
                        text(a.get("AttributeDataType")),
                        text(a.get("Mutable"))
                    )
                })
                .unwrap_or_else(|| "(absent)".into()),
        );
    }
}

/// The password policy (Gen 2's default when the record has none).
fn password_policy(c: &mut Checks, cfg: &AuthConfig, pool: &Value) {
    let up = &cfg.user_pool;
    let pp = pool.pointer("/Policies/PasswordPolicy");
    let expected_pp = match &up.password_policy {
        Some(p) => {
            let cs = p.additional_constraints.clone().unwrap_or_default();
            [
                format!("MinimumLength={}", p.minimum_length as i64),
                format!(
                    "RequireLowercase={}",
                    cs.contains(&PasswordConstraint::RequireLowercase)
                ),
                format!(
                    "RequireNumbers={}",
                    cs.contains(&PasswordConstraint::RequireDigit)
                ),
                format!(
                    "RequireSymbols={}",
                    cs.contains(&PasswordConstraint::RequireSymbol)
                ),
                format!(
                    "RequireUppercase={}",
                    cs.contains(&PasswordConstraint::RequireUppercase)
                ),
            ]
            .join(" ")
        }
        // Gen 2's default when the record has none.
        None => "MinimumLength=8 RequireLowercase=true RequireNumbers=true RequireSymbols=true RequireUppercase=true".into(),
    };
    let found_pp = [
        "MinimumLength",
        "RequireLowercase",
        "RequireNumbers",
        "RequireSymbols",
        "RequireUppercase",
    ]
    .iter()
    .map(|k| format!("{k}={}", text(pp.and_then(|p| p.get(*k)))))
    .collect::<Vec<_>>()
    .join(" ");
    c.push("UserPoolConfigs.PasswordPolicy", expected_pp, found_pp);
}

/// MFA: the mode, and when it is on, the factors and the SMS message.
fn mfa(c: &mut Checks, cfg: &AuthConfig, pool: &Value) {
    let up = &cfg.user_pool;
    let mode = up.mfa.as_ref().map(|m| &m.mode);
    let expected_mode = match mode {
        Some(MfaMode::On) => "ON",
        Some(MfaMode::Optional) => "OPTIONAL",
        _ => "OFF",
    };
    c.push(
        "UserPoolConfigs.Mfa.MFAMode",
        expected_mode.into(),
        text(pool.get("MfaConfiguration")),
    );
    if expected_mode != "OFF" {
        let types: Vec<MfaType> = up
            .mfa
            .as_ref()
            .and_then(|m| m.settings.as_ref())
            .and_then(|s| s.mfa_types.clone())
            .unwrap_or_else(|| vec![MfaType::Sms]);
        let enabled: Vec<&str> = types
            .iter()
            .filter_map(|t| match t {
                MfaType::Sms => Some("SMS_MFA"),
                MfaType::Totp => Some("SOFTWARE_TOKEN_MFA"),
                MfaType::Unknown(_) => None,
            })
            .collect();
        c.push(
            "UserPoolConfigs.Mfa.Settings.MfaTypes",
            sorted(enabled),
            text(pool.get("EnabledMfas")),
        );
        if types.contains(&MfaType::Sms)
            && let Some(msg) = up
                .mfa
                .as_ref()
                .and_then(|m| m.settings.as_ref())
                .and_then(|s| s.sms_message.clone())
        {
            c.push(
                "UserPoolConfigs.Mfa.Settings.SmsMessage",
                msg,
                text(pool.get("SmsAuthenticationMessage")),
            );
        }
    }
}

/// Verification messages, account recovery and the username's case sensitivity.
fn messages(c: &mut Checks, cfg: &AuthConfig, live: &Gen2Live, pool: &Value) {
    let up = &cfg.user_pool;
    if let Some(v) = &up.verification_message {
        if let Some(e) = &v.email {
            if let Some(m) = &e.message {
                c.push(
                    "UserPoolConfigs.VerificationMessage.EmailSettings.EmailMessage",
                    m.clone(),
                    text(pool.pointer("/VerificationMessageTemplate/EmailMessage")),
                );
            }
            if let Some(s) = &e.subject {
                c.push(
                    "UserPoolConfigs.VerificationMessage.EmailSettings.EmailSubject",
                    s.clone(),
                    text(pool.pointer("/VerificationMessageTemplate/EmailSubject")),
                );
            }
        }
        if let Some(m) = v.sms.as_ref().and_then(|s| s.message.clone()) {
            c.push(
                "UserPoolConfigs.VerificationMessage.SmsSettings.SmsMessage",
                m,
                text(pool.pointer("/VerificationMessageTemplate/SmsMessage")),
            );
        }
    }
    if let Some(f) = &up.forgot_password {
        let expected = match f.delivery_method {
            // CloudFormation's RecoveryOption names.
            DeliveryMethod::Sms => "verified_phone_number",
            _ => "verified_email",
        };
        let found: Vec<String> = pool
            .pointer("/AccountRecoverySetting/RecoveryMechanisms")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|m| text(m.get("Name")))
                    .collect::<Vec<String>>()
            })
            .unwrap_or_default();
        c.push(
            "UserPoolConfigs.ForgotPassword.DeliveryMethod",
            sorted([expected]),
            sorted(found),
        );
    }
    if live.case_sensitive == Some(true) {
        c.push(
            "Live.UsernameConfiguration.CaseSensitive",
            "true".into(),
            text(pool.pointer("/UsernameConfiguration/CaseSensitive")),
        );
    }
}

/// The app client: no OAuth, or the OAuth settings and the hosted UI domain.
fn app_client(c: &mut Checks, cfg: &AuthConfig, kept_domain: Option<&str>, template: &Value) {
    let up = &cfg.user_pool;
    let clients = resources(template, "AWS::Cognito::UserPoolClient");
    c.push("(one app client)", "1".into(), clients.len().to_string());
    if let (Some(client), None) = (clients.first(), &up.oauth) {
        c.push(
            "UserPoolConfigs.OAuth",
            "flows=(absent) scopes=(absent) callbacks=(absent) oauth-client=false".into(),
            format!(
                "flows={} scopes={} callbacks={} oauth-client={}",
                text(client.get("AllowedOAuthFlows")),
                text(client.get("AllowedOAuthScopes")),
                text(client.get("CallbackURLs")),
                text(client.get("AllowedOAuthFlowsUserPoolClient")),
            ),
        );
    }
    if let (Some(client), Some(o)) = (clients.first(), &up.oauth) {
        c.push(
            "UserPoolConfigs.OAuth.RedirectSignInURIs",
            sorted(o.redirect_sign_in_uris.clone()),
            text(client.get("CallbackURLs")),
        );
        c.push(
            "UserPoolConfigs.OAuth.RedirectSignOutURIs",
            sorted(o.redirect_sign_out_uris.clone()),
            text(client.get("LogoutURLs")),
        );
        c.push(
            "UserPoolConfigs.OAuth.OAuthScopes",
            sorted(o.scopes.iter().map(|s| s.cognito_name().to_string())),
            text(client.get("AllowedOAuthScopes")),
        );
        c.push(
            "UserPoolConfigs.OAuth.OAuthGrantType",
            sorted([o.grant_type.as_str().to_ascii_lowercase()]),
            text(client.get("AllowedOAuthFlows")),
        );
        if let Some(d) = kept_domain {
            let domains = resources(template, "AWS::Cognito::UserPoolDomain");
            c.push(
                "UserPoolConfigs.OAuth.DomainPrefix",
                d.to_string(),
                text(domains.first().and_then(|x| x.get("Domain"))),
            );
        }
    }
}

/// One identity provider per social provider, with its scopes.
fn social_providers(c: &mut Checks, cfg: &AuthConfig, live: &Gen2Live, template: &Value) {
    let idps = resources(template, "AWS::Cognito::UserPoolIdentityProvider");
    let configured: Vec<Provider> = cfg
        .social_providers()
        .map(|p| {
            Provider::ALL
                .into_iter()
                .filter(|x| match x {
                    Provider::Facebook => p.facebook.is_some(),
                    Provider::Google => p.google.is_some(),
                    Provider::LoginWithAmazon => p.login_with_amazon.is_some(),
                    Provider::SignInWithApple => p.sign_in_with_apple.is_some(),
                })
                .collect()
        })
        .unwrap_or_default();
    c.push(
        "UserPoolConfigs.OAuth.SocialProviderSettings",
        sorted(configured.iter().map(|p| p.config_name())),
        sorted(
            idps.iter()
                .map(|i| text(i.get("ProviderName")))
                .collect::<Vec<_>>(),
        ),
    );
    for p in &configured {
        let idp = idps
            .iter()
            .find(|i| i.get("ProviderName").and_then(Value::as_str) == Some(p.config_name()));
        let (scopes, _, _) = provider_scopes_and_mapping(*p, cfg, live);
        if scopes.is_empty() {
            continue;
        }
        c.push(
            &format!("Live.Providers.{}.Scopes", p.config_name()),
            scopes.join(p.scope_separator()),
            text(idp.and_then(|i| i.pointer("/ProviderDetails/authorize_scopes"))),
        );
    }
}

/// The identity pool (guests, its name) and the live pool's groups.
fn identity_pool_and_groups(c: &mut Checks, cfg: &AuthConfig, live: &Gen2Live, template: &Value) {
    let ips = resources(template, "AWS::Cognito::IdentityPool");
    let guests = match (&cfg.auth_resources, &cfg.identity_pool) {
        (AuthResources::IdentityPoolAndUserPool, Some(ip)) => ip.unauthenticated_login,
        _ => false,
    };
    c.push(
        "IdentityPoolConfigs.UnauthenticatedLogin",
        guests.to_string(),
        text(
            ips.first()
                .and_then(|i| i.get("AllowUnauthenticatedIdentities")),
        ),
    );
    if let (AuthResources::IdentityPoolAndUserPool, Some(ip)) =
        (&cfg.auth_resources, &cfg.identity_pool)
    {
        c.push(
            "IdentityPoolConfigs.IdentityPoolName",
            ip.identity_pool_name.clone(),
            text(ips.first().and_then(|i| i.get("IdentityPoolName"))),
        );
    }
    if !live.groups.is_empty() {
        let groups = resources(template, "AWS::Cognito::UserPoolGroup");
        c.push(
            "Live.Groups",
            sorted(live.groups.clone()),
            sorted(
                groups
                    .iter()
                    .map(|g| text(g.get("GroupName")))
                    .collect::<Vec<_>>(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::hardened_config;
    use serde_json::json;

    fn template(min: i64, require_symbols: bool) -> Value {
        json!({"Resources": {
            "Pool": {"Type": "AWS::Cognito::UserPool", "Properties": {
                "UserPoolName": "demo_userpool",
                "UsernameAttributes": ["email"],
                "AutoVerifiedAttributes": ["email"],
                "Schema": [{"Name": "email", "Required": true, "Mutable": true}],
                "Policies": {"PasswordPolicy": {"MinimumLength": min, "RequireLowercase": true,
                    "RequireNumbers": true, "RequireSymbols": require_symbols, "RequireUppercase": true}},
                "MfaConfiguration": "ON",
                "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
                "VerificationMessageTemplate": {"EmailMessage": "Your verification code is {####}",
                    "EmailSubject": "Your verification code"}
            }},
            "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
                "AllowedOAuthFlowsUserPoolClient": false}},
            "Ids": {"Type": "AWS::Cognito::IdentityPool", "Properties": {
                "AllowUnauthenticatedIdentities": false, "IdentityPoolName": "demo_identitypool"}}
        }})
    }

    #[test]
    fn a_faithful_template_passes_every_check() {
        let cfg = hardened_config("demo");
        let checks = compare(&cfg, &Gen2Live::default(), None, &template(12, false));
        let bad: Vec<&Check> = checks.iter().filter(|c| !c.ok()).collect();
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(checks.len() >= 10, "{checks:#?}");
    }

    #[test]
    fn a_deliberately_wrong_mapping_is_caught_by_member() {
        // What a mapping that forgot the password override would give: Gen 2's default policy.
        let cfg = hardened_config("demo");
        let checks = compare(&cfg, &Gen2Live::default(), None, &template(8, true));
        let bad: Vec<&str> = checks
            .iter()
            .filter(|c| !c.ok())
            .map(|c| c.member.as_str())
            .collect();
        assert_eq!(bad, ["UserPoolConfigs.PasswordPolicy"]);
        // A guest-allowing identity pool (Gen 2's default) is caught too.
        let mut t = template(12, false);
        t["Resources"]["Ids"]["Properties"]["AllowUnauthenticatedIdentities"] = json!(true);
        let bad: Vec<String> = compare(&cfg, &Gen2Live::default(), None, &t)
            .into_iter()
            .filter(|c| !c.ok())
            .map(|c| c.member)
            .collect();
        assert_eq!(bad, ["IdentityPoolConfigs.UnauthenticatedLogin"]);
    }
}
