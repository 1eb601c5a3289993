//! The frontend config files the Amplify libraries read, written from a deployed auth resource.
//!
//! Deploying auth is half the job: the app then needs the file its library loads. The Amplify CLI
//! writes it on `pull`; here it is built from two reads of the service, with no CLI:
//! - GetBackend's `amplify-meta.json` gives what only the deployment knows: the region, the pool
//!   and client ids, and the hosted UI domain as deployed (`<DomainPrefix>-<env>`: the CLI's auth
//!   stack joins the env onto the prefix, so the prefix in the config is NOT the domain);
//! - GetBackendAuth's config gives the settings (sign-in method, attributes, MFA, password
//!   policy, OAuth flow, scopes and redirect URIs, providers).
//!
//! Three files, keys and value mappings as `service-behaviour-evidence.md` §4 records them from
//! the Amplify CLI and amplify-backend sources:
//! - Gen 1 `amplifyconfiguration.json` and `aws-exports.js`: one object, two spellings;
//! - Gen 2 `amplify_outputs.json`, schema version 1.x, `auth` section (checked against
//!   `assets/schemas/amplify_outputs_auth_v1.5.json` in the tests).
//!
//! Pure functions: no I/O, nothing secret goes in or out.

use serde_json::{Map, Value, json};

use super::config::AuthConfig;
use super::enums::*;

/// The Gen 2 schema version written (the newest the evidence names; its `auth` part is what
/// `assets/schemas/amplify_outputs_auth_v1.5.json` holds).
pub const OUTPUTS_VERSION: &str = "1.5";

/// Which file to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FrontendFormat {
    /// Gen 1 `amplifyconfiguration.json` (the JavaScript libraries' shape).
    #[default]
    AmplifyConfiguration,
    /// Gen 1 `aws-exports.js`: the same object as an ES module.
    AwsExports,
    /// Gen 2 `amplify_outputs.json` (schema version 1.x), `auth` section.
    AmplifyOutputs,
}

impl FrontendFormat {
    /// Every format, with the name the command line uses for it.
    pub const ALL: [(&'static str, FrontendFormat); 3] = [
        ("amplifyconfiguration", FrontendFormat::AmplifyConfiguration),
        ("aws-exports", FrontendFormat::AwsExports),
        ("amplify_outputs", FrontendFormat::AmplifyOutputs),
    ];

    /// The format a command-line name stands for.
    pub fn from_name(name: &str) -> Option<FrontendFormat> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The name the libraries look for.
    pub fn file_name(self) -> &'static str {
        match self {
            FrontendFormat::AmplifyConfiguration => "amplifyconfiguration.json",
            FrontendFormat::AwsExports => "aws-exports.js",
            FrontendFormat::AmplifyOutputs => "amplify_outputs.json",
        }
    }
}

/// What only the deployment knows, from GetBackend's `amplify-meta.json` for one auth resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeployedAuth {
    pub region: String,
    pub user_pool_id: String,
    /// `AppClientIDWeb`: the app client without a secret, the one browser code may hold.
    pub web_client_id: String,
    pub identity_pool_id: Option<String>,
    /// `HostedUIDomain` as deployed: the Cognito domain prefix with the env suffix.
    pub hosted_ui_domain: Option<String>,
}

/// Why a file cannot be written: what is missing or cannot be expressed, by where it lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontendError {
    pub problems: Vec<String>,
}

impl std::fmt::Display for FrontendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problems.join("; "))
    }
}

impl std::error::Error for FrontendError {}

impl DeployedAuth {
    /// Reads the outputs of auth resource `resource` from an `amplify-meta.json` object. The
    /// region comes from `providers.awscloudformation.Region`, else `fallback_region` (the
    /// region the client talks to, which is where the backend lives).
    pub fn from_meta(
        meta: &Value,
        resource: &str,
        fallback_region: &str,
    ) -> Result<DeployedAuth, FrontendError> {
        let Some(entry) = meta.get("auth").and_then(|a| a.get(resource)) else {
            return Err(FrontendError {
                problems: vec![format!(
                    "the backend meta (GetBackend AmplifyMetaConfig) has no auth.{resource}: the resource is not deployed yet"
                )],
            });
        };
        let out = |key: &str| {
            entry
                .get("output")
                .and_then(|o| o.get(key))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let region = meta
            .pointer("/providers/awscloudformation/Region")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(fallback_region)
            .to_string();
        let mut problems = Vec::new();
        let mut need = |key: &str| {
            out(key).unwrap_or_else(|| {
                problems.push(format!(
                    "auth.{resource}.output.{key} is missing from the backend meta"
                ));
                String::new()
            })
        };
        let user_pool_id = need("UserPoolId");
        let web_client_id = need("AppClientIDWeb");
        if !problems.is_empty() {
            return Err(FrontendError { problems });
        }
        Ok(DeployedAuth {
            region,
            user_pool_id,
            web_client_id,
            identity_pool_id: out("IdentityPoolId"),
            hosted_ui_domain: out("HostedUIDomain"),
        })
    }

    /// The hosted UI's host name: `<HostedUIDomain>.auth.<region>.amazoncognito.com`. A value
    /// that is already a host name (a custom domain) is used as it is.
    pub fn hosted_ui_host(&self) -> Option<String> {
        self.hosted_ui_domain.as_ref().map(|d| {
            if d.contains('.') {
                d.clone()
            } else {
                format!("{d}.auth.{}.amazoncognito.com", self.region)
            }
        })
    }
}

/// The file's text, ready to write.
pub fn render(
    format: FrontendFormat,
    cfg: &AuthConfig,
    deployed: &DeployedAuth,
) -> Result<String, FrontendError> {
    Ok(match format {
        FrontendFormat::AmplifyConfiguration => pretty(&gen1_config(cfg, deployed)?),
        FrontendFormat::AwsExports => aws_exports_js(&gen1_config(cfg, deployed)?),
        FrontendFormat::AmplifyOutputs => pretty(&amplify_outputs(cfg, deployed)?),
    })
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a JSON value always serialises");
    s.push('\n');
    s
}

/// `aws-exports.js`: the Gen 1 object as the default export of an ES module.
pub fn aws_exports_js(gen1: &Value) -> String {
    format!(
        "/* eslint-disable */\n// Generated by amplify-auth from the deployed auth resource; `amplify-auth outputs --format aws-exports` writes it again.\n\nconst awsmobile = {};\n\nexport default awsmobile;\n",
        serde_json::to_string_pretty(gen1).expect("a JSON value always serialises")
    )
}

/// The unknown enum values a file cannot express, as problems naming their member.
fn unknown<T: std::fmt::Display>(problems: &mut Vec<String>, path: &str, v: &T, known: bool) {
    if !known {
        problems.push(format!(
            "ResourceConfig.{path} is {v}, a value this version does not know how to write to the frontend file"
        ));
    }
}

/// Facts both generations share, with problems collected once.
struct Common {
    oauth_domain: Option<String>,
}

fn common(cfg: &AuthConfig, d: &DeployedAuth) -> Result<Common, FrontendError> {
    let mut problems = Vec::new();
    let up = &cfg.user_pool;
    unknown(
        &mut problems,
        "UserPoolConfigs.SignInMethod",
        &up.sign_in_method,
        up.sign_in_method.is_known(),
    );
    if let Some(m) = &up.mfa {
        unknown(
            &mut problems,
            "UserPoolConfigs.Mfa.MFAMode",
            &m.mode,
            m.mode.is_known(),
        );
    }
    let oauth_domain = match &up.oauth {
        Some(o) => {
            unknown(
                &mut problems,
                "UserPoolConfigs.OAuth.OAuthGrantType",
                &o.grant_type,
                o.grant_type.is_known(),
            );
            let host = d.hosted_ui_host();
            if host.is_none() {
                problems.push("the config has OAuth but the backend meta has no output.HostedUIDomain: the hosted UI is not deployed (yet)".into());
            }
            host
        }
        None => None,
    };
    if cfg.auth_resources == AuthResources::IdentityPoolAndUserPool && d.identity_pool_id.is_none()
    {
        problems.push("AuthResources is IDENTITY_POOL_AND_USER_POOL but the backend meta has no output.IdentityPoolId".into());
    }
    if problems.is_empty() {
        Ok(Common { oauth_domain })
    } else {
        Err(FrontendError { problems })
    }
}

fn response_type(g: &OAuthGrantType) -> &'static str {
    match g {
        OAuthGrantType::Implicit => "token",
        _ => "code",
    }
}

/// The Gen 1 name of a social provider (`aws_cognito_social_providers`), and the Gen 2 one.
const PROVIDER_NAMES: [(&str, &str); 4] = [
    ("FACEBOOK", "FACEBOOK"),
    ("GOOGLE", "GOOGLE"),
    ("AMAZON", "LOGIN_WITH_AMAZON"),
    ("APPLE", "SIGN_IN_WITH_APPLE"),
];

/// Which providers are configured, in the order of [`PROVIDER_NAMES`].
fn providers(cfg: &AuthConfig) -> [bool; 4] {
    cfg.social_providers().map_or([false; 4], |p| {
        [
            p.facebook.is_some(),
            p.google.is_some(),
            p.login_with_amazon.is_some(),
            p.sign_in_with_apple.is_some(),
        ]
    })
}

fn provider_names(cfg: &AuthConfig, gen2: bool) -> Vec<&'static str> {
    PROVIDER_NAMES
        .iter()
        .zip(providers(cfg))
        .filter(|(_, on)| *on)
        .map(|((g1, g2), _)| if gen2 { *g2 } else { *g1 })
        .collect()
}

fn mfa_types(cfg: &AuthConfig) -> Vec<String> {
    cfg.user_pool
        .mfa
        .as_ref()
        .and_then(|m| m.settings.as_ref())
        .and_then(|s| s.mfa_types.as_ref())
        .map(|t| t.iter().map(|x| x.as_str().to_string()).collect())
        .unwrap_or_default()
}

fn mfa_mode(cfg: &AuthConfig) -> MfaMode {
    cfg.user_pool
        .mfa
        .as_ref()
        .map_or(MfaMode::Off, |m| m.mode.clone())
}

/// Gen 1 `frontendAuthConfig.usernameAttributes`: USERNAME sign-in has none.
fn username_attributes(m: &SignInMethod) -> Vec<&'static str> {
    match m {
        SignInMethod::Email => vec!["EMAIL"],
        SignInMethod::PhoneNumber => vec!["PHONE_NUMBER"],
        SignInMethod::EmailAndPhoneNumber => vec!["EMAIL", "PHONE_NUMBER"],
        _ => vec![],
    }
}

/// Verification: the delivery method of the verification message (SMS verifies the phone).
fn verification(cfg: &AuthConfig) -> Vec<&'static str> {
    match cfg
        .user_pool
        .verification_message
        .as_ref()
        .map(|v| &v.delivery_method)
    {
        Some(DeliveryMethod::Email) => vec!["EMAIL"],
        Some(DeliveryMethod::Sms) => vec!["PHONE_NUMBER"],
        _ => vec![],
    }
}

fn constraints(cfg: &AuthConfig) -> Vec<PasswordConstraint> {
    cfg.user_pool
        .password_policy
        .as_ref()
        .and_then(|p| p.additional_constraints.clone())
        .unwrap_or_default()
}

/// The Gen 1 object (`amplifyconfiguration.json`, and `aws-exports.js`'s `awsmobile`).
pub fn gen1_config(cfg: &AuthConfig, d: &DeployedAuth) -> Result<Value, FrontendError> {
    let c = common(cfg, d)?;
    let up = &cfg.user_pool;
    let mut m = Map::new();
    m.insert("aws_project_region".into(), json!(d.region));
    if let Some(id) = &d.identity_pool_id
        && cfg.auth_resources == AuthResources::IdentityPoolAndUserPool
    {
        m.insert("aws_cognito_identity_pool_id".into(), json!(id));
    }
    m.insert("aws_cognito_region".into(), json!(d.region));
    m.insert("aws_user_pools_id".into(), json!(d.user_pool_id));
    m.insert(
        "aws_user_pools_web_client_id".into(),
        json!(d.web_client_id),
    );
    // Without a hosted UI every oauth field is undefined and the key serialises as `{}`, which
    // amplify-js reads as "no OAuth".
    let oauth = match (&up.oauth, &c.oauth_domain) {
        (Some(o), Some(domain)) => json!({
            "domain": domain,
            "scope": o.scopes.iter().map(|s| s.cognito_name()).collect::<Vec<_>>(),
            "redirectSignIn": o.redirect_sign_in_uris.join(","),
            "redirectSignOut": o.redirect_sign_out_uris.join(","),
            "responseType": response_type(&o.grant_type),
        }),
        _ => json!({}),
    };
    let has_oauth = up.oauth.is_some();
    m.insert("oauth".into(), oauth);
    if has_oauth {
        m.insert(
            "federationTarget".into(),
            json!(match cfg.auth_resources {
                AuthResources::IdentityPoolAndUserPool => "COGNITO_USER_AND_IDENTITY_POOLS",
                _ => "COGNITO_USER_POOLS",
            }),
        );
    }
    m.insert(
        "aws_cognito_username_attributes".into(),
        json!(username_attributes(&up.sign_in_method)),
    );
    m.insert(
        "aws_cognito_social_providers".into(),
        json!(provider_names(cfg, false)),
    );
    // The Cognito attribute name upper-cased, as the CLI writes it: ZONE_INFO is `ZONEINFO`
    // (amplify-js lower-cases these back to Cognito's `zoneinfo`).
    m.insert(
        "aws_cognito_signup_attributes".into(),
        json!(
            up.required_sign_up_attributes
                .iter()
                .map(|a| a.claim_name().to_ascii_uppercase())
                .collect::<Vec<_>>()
        ),
    );
    m.insert(
        "aws_cognito_mfa_configuration".into(),
        json!(mfa_mode(cfg).as_str()),
    );
    m.insert("aws_cognito_mfa_types".into(), json!(mfa_types(cfg)));
    let min = up
        .password_policy
        .as_ref()
        .map_or(8, |p| p.minimum_length.round() as i64);
    m.insert(
        "aws_cognito_password_protection_settings".into(),
        json!({
            "passwordPolicyMinLength": min,
            "passwordPolicyCharacters": constraints(cfg).iter().map(|c| match c {
                PasswordConstraint::RequireLowercase => "REQUIRES_LOWERCASE".to_string(),
                PasswordConstraint::RequireUppercase => "REQUIRES_UPPERCASE".to_string(),
                PasswordConstraint::RequireDigit => "REQUIRES_NUMBERS".to_string(),
                PasswordConstraint::RequireSymbol => "REQUIRES_SYMBOLS".to_string(),
                PasswordConstraint::Unknown(s) => s.clone(),
            }).collect::<Vec<_>>(),
        }),
    );
    m.insert(
        "aws_cognito_verification_mechanisms".into(),
        json!(verification(cfg)),
    );
    Ok(Value::Object(m))
}

/// The Gen 2 `amplify_outputs.json` with its `auth` section.
pub fn amplify_outputs(cfg: &AuthConfig, d: &DeployedAuth) -> Result<Value, FrontendError> {
    let c = common(cfg, d)?;
    let up = &cfg.user_pool;
    let mut problems = Vec::new();
    let mut a = Map::new();
    a.insert("aws_region".into(), json!(d.region));
    a.insert("user_pool_id".into(), json!(d.user_pool_id));
    a.insert("user_pool_client_id".into(), json!(d.web_client_id));
    if let Some(id) = &d.identity_pool_id
        && cfg.auth_resources == AuthResources::IdentityPoolAndUserPool
    {
        a.insert("identity_pool_id".into(), json!(id));
    }
    if let Some(p) = &up.password_policy {
        let has = |x: PasswordConstraint| constraints(cfg).contains(&x);
        a.insert(
            "password_policy".into(),
            json!({
                "min_length": p.minimum_length.round() as i64,
                "require_numbers": has(PasswordConstraint::RequireDigit),
                "require_lowercase": has(PasswordConstraint::RequireLowercase),
                "require_uppercase": has(PasswordConstraint::RequireUppercase),
                "require_symbols": has(PasswordConstraint::RequireSymbol),
            }),
        );
    }
    if let (Some(o), Some(domain)) = (&up.oauth, &c.oauth_domain) {
        a.insert("oauth".into(), oauth_outputs(cfg, o, domain, &mut problems));
    }
    let mut attrs: Vec<String> = Vec::new();
    for at in &up.required_sign_up_attributes {
        if !at.is_known() {
            unknown(
                &mut problems,
                "UserPoolConfigs.RequiredSignUpAttributes",
                at,
                false,
            );
        } else if !attrs.contains(&at.claim_name()) {
            attrs.push(at.claim_name());
        }
    }
    a.insert("standard_required_attributes".into(), json!(attrs));
    let username: Vec<&str> = match up.sign_in_method {
        SignInMethod::Email => vec!["email"],
        SignInMethod::PhoneNumber => vec!["phone_number"],
        SignInMethod::EmailAndPhoneNumber => vec!["email", "phone_number"],
        _ => vec!["username"],
    };
    a.insert("username_attributes".into(), json!(username));
    a.insert(
        "user_verification_types".into(),
        json!(
            verification(cfg)
                .iter()
                .map(|v| v.to_ascii_lowercase())
                .collect::<Vec<_>>()
        ),
    );
    if let Some(ip) = &cfg.identity_pool
        && cfg.auth_resources == AuthResources::IdentityPoolAndUserPool
    {
        a.insert(
            "unauthenticated_identities_enabled".into(),
            json!(ip.unauthenticated_login),
        );
    }
    mfa_outputs(cfg, &mut a);
    if !problems.is_empty() {
        return Err(FrontendError { problems });
    }
    Ok(json!({ "version": OUTPUTS_VERSION, "auth": Value::Object(a) }))
}

/// The hosted UI's part. The schema wants at least one URI of each kind; a config without one
/// cannot be written as a valid file, so which list is empty goes to `problems` instead.
fn oauth_outputs(
    cfg: &AuthConfig,
    o: &super::config::OAuthConfig,
    domain: &str,
    problems: &mut Vec<String>,
) -> Value {
    for (list, name) in [
        (&o.redirect_sign_in_uris, "RedirectSignInURIs"),
        (&o.redirect_sign_out_uris, "RedirectSignOutURIs"),
    ] {
        if list.is_empty() {
            problems.push(format!(
                "ResourceConfig.UserPoolConfigs.OAuth.{name} is empty; amplify_outputs.json needs at least one (add one with `update`)"
            ));
        }
    }
    let mut scopes: Vec<&str> = Vec::new();
    for s in &o.scopes {
        if !scopes.contains(&s.cognito_name()) {
            scopes.push(s.cognito_name());
        }
    }
    json!({
        "identity_providers": provider_names(cfg, true),
        "domain": domain,
        "scopes": scopes,
        "redirect_sign_in_uri": o.redirect_sign_in_uris,
        "redirect_sign_out_uri": o.redirect_sign_out_uris,
        "response_type": response_type(&o.grant_type),
    })
}

/// The MFA mode in the outputs' words, and the methods when MFA is not off.
fn mfa_outputs(cfg: &AuthConfig, a: &mut Map<String, Value>) {
    let mode = mfa_mode(cfg);
    a.insert(
        "mfa_configuration".into(),
        json!(match mode {
            MfaMode::On => "REQUIRED",
            MfaMode::Optional => "OPTIONAL",
            _ => "NONE",
        }),
    );
    if mode != MfaMode::Off {
        let mut methods = Vec::new();
        for t in mfa_types(cfg) {
            if !methods.contains(&t) {
                methods.push(t);
            }
        }
        a.insert("mfa_methods".into(), json!(methods));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::samples::{default_config, maximal_config};

    fn deployed(domain: Option<&str>) -> DeployedAuth {
        DeployedAuth {
            region: "eu-west-1".into(),
            user_pool_id: "eu-west-1_AbC123xyZ".into(),
            web_client_id: "webclient".into(),
            identity_pool_id: Some("eu-west-1:0000-1111".into()),
            hosted_ui_domain: domain.map(str::to_string),
        }
    }

    #[test]
    fn the_meta_outputs_are_read_with_the_region_of_the_stack() {
        let meta = json!({
            "providers": {"awscloudformation": {"Region": "eu-west-1"}},
            "auth": {"r1": {"service": "Cognito", "output": {
                "UserPoolId": "eu-west-1_AbC123xyZ", "AppClientIDWeb": "webclient",
                "IdentityPoolId": "eu-west-1:0000-1111", "HostedUIDomain": "myapp-dev"}}}
        });
        let d = DeployedAuth::from_meta(&meta, "r1", "us-east-1").unwrap();
        assert_eq!(d, deployed(Some("myapp-dev")));
        assert_eq!(
            d.hosted_ui_host().unwrap(),
            "myapp-dev.auth.eu-west-1.amazoncognito.com"
        );
        let err = DeployedAuth::from_meta(&meta, "other", "us-east-1").unwrap_err();
        assert!(err.to_string().contains("auth.other"), "{err}");
        let bare = json!({"auth": {"r1": {"output": {"UserPoolId": "p"}}}});
        let err = DeployedAuth::from_meta(&bare, "r1", "us-east-1").unwrap_err();
        assert_eq!(
            err.problems,
            vec!["auth.r1.output.AppClientIDWeb is missing from the backend meta"]
        );
    }

    #[test]
    fn gen1_maps_values_as_the_cli_does() {
        let cfg = maximal_config("k");
        let v = gen1_config(&cfg, &deployed(Some("maxapp-dev"))).unwrap();
        assert_eq!(v["aws_user_pools_id"], "eu-west-1_AbC123xyZ");
        assert_eq!(v["aws_cognito_region"], "eu-west-1");
        let oauth = &v["oauth"];
        assert_eq!(
            oauth["domain"],
            "maxapp-dev.auth.eu-west-1.amazoncognito.com"
        );
        for s in oauth["scope"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert_eq!(s, s.to_lowercase());
        }
        let grant = cfg.user_pool.oauth.as_ref().unwrap().grant_type.clone();
        assert_eq!(oauth["responseType"], response_type(&grant));
        assert_eq!(
            v["aws_cognito_social_providers"],
            json!(["FACEBOOK", "GOOGLE", "AMAZON", "APPLE"])
        );
        let chars = v["aws_cognito_password_protection_settings"]["passwordPolicyCharacters"]
            .as_array()
            .unwrap();
        assert!(
            chars
                .iter()
                .all(|c| c.as_str().unwrap().starts_with("REQUIRES_"))
        );
        assert!(v["aws_cognito_password_protection_settings"]["passwordPolicyMinLength"].is_i64());
    }

    #[test]
    fn no_hosted_ui_gives_an_empty_oauth_object() {
        let cfg = default_config("p");
        assert!(cfg.user_pool.oauth.is_none());
        let v = gen1_config(&cfg, &deployed(None)).unwrap();
        assert_eq!(v["oauth"], json!({}));
        assert!(v.get("federationTarget").is_none());
        let js = aws_exports_js(&v);
        assert!(js.contains("const awsmobile = {"), "{js}");
        assert!(js.trim_end().ends_with("export default awsmobile;"), "{js}");
    }

    #[test]
    fn oauth_without_a_deployed_domain_is_refused_not_guessed() {
        let cfg = maximal_config("k");
        let err = gen1_config(&cfg, &deployed(None)).unwrap_err();
        assert!(err.to_string().contains("HostedUIDomain"), "{err}");
        assert!(amplify_outputs(&cfg, &deployed(None)).is_err());
    }

    #[test]
    fn gen2_maps_mfa_providers_and_attributes() {
        let mut cfg = maximal_config("k");
        cfg.user_pool.required_sign_up_attributes = vec![SignUpAttribute::ZoneInfo];
        let v = amplify_outputs(&cfg, &deployed(Some("maxapp-dev"))).unwrap();
        assert_eq!(v["version"], OUTPUTS_VERSION);
        let a = &v["auth"];
        assert_eq!(a["standard_required_attributes"], json!(["zoneinfo"]));
        assert_eq!(
            a["oauth"]["identity_providers"],
            json!([
                "FACEBOOK",
                "GOOGLE",
                "LOGIN_WITH_AMAZON",
                "SIGN_IN_WITH_APPLE"
            ])
        );
        let expected = match mfa_mode(&cfg) {
            MfaMode::On => "REQUIRED",
            MfaMode::Optional => "OPTIONAL",
            _ => "NONE",
        };
        assert_eq!(a["mfa_configuration"], expected);
        cfg.user_pool.oauth.as_mut().unwrap().redirect_sign_out_uris = vec![];
        let err = amplify_outputs(&cfg, &deployed(Some("x-dev"))).unwrap_err();
        assert!(err.to_string().contains("RedirectSignOutURIs"), "{err}");
    }
}
