//! An environment's auth as an Amplify Gen 2 backend: `amplify/auth/resource.ts` (`defineAuth`,
//! or `referenceAuth` to keep the Gen 1 pools), `amplify/backend.ts` (`defineBackend` plus CDK
//! overrides on `backend.auth.resources.cfnResources` for what `defineAuth` cannot say), and a
//! report naming every member of the config and what it becomes, the secrets Gen 2 needs (names
//! and where the values come from, never the values) and the steps left to do by hand.
//!
//! Facts from amplify-backend 1.x (`@aws-amplify/backend` 1.25, `auth-construct` 1.12, read from
//! the published packages' `types.d.ts`, `construct.js`, `defaults.js` and `backend-auth`'s
//! `factory.js`), recorded in `service-behaviour-evidence.md` §9:
//! - `loginWith.email` / `.phone` become `UsernameAttributes`; email or phone login makes that
//!   attribute required and auto-verified unless `userAttributes` says otherwise;
//! - the password policy is fixed to 8 characters with all four classes (`DEFAULTS.PASSWORD_POLICY`);
//! - an identity pool is always made, guests allowed (`ALLOW_UNAUTHENTICATED_IDENTITIES: true`);
//! - OAuth flows are fixed to the code grant; scopes default to all five when not given;
//! - `defineAuth` takes no domain prefix: `backend-auth` sets it to the backend's stable hash;
//! - sign-in is case-insensitive (`SIGN_IN_CASE_SENSITIVE: false`);
//! - phone login with MFA on requires SMS among the MFA types (the construct throws otherwise).
//!
//! Pure: no I/O, and no secret value goes in the output (providers' credentials are
//! `secret('NAME')`).

pub mod from_live;
pub mod names;
pub mod ts;
pub mod verify;

use serde::Serialize;

use super::config::*;
use super::enums::*;
use names::{Provider, gen1_provider_defaults, gen2_attribute, gen2_sign_up_attribute};
use ts::{Js, Obj, code_template, string};

/// What a member becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Said by `defineAuth` itself.
    Native,
    /// Said by a CDK override in `backend.ts`.
    Override,
    /// Gen 2 cannot say it: the note says what to do.
    NotExpressible,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Native => "native",
            Kind::Override => "override",
            Kind::NotExpressible => "not-expressible",
        }
    }
}

/// One member of the config (or of the live pool) and what it becomes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Member {
    /// Its JSON path below `ResourceConfig` (`Live.…` for facts only the live pool has).
    pub path: String,
    /// Its value (a secret shows as `(secret)`).
    pub value: String,
    /// Where it lives in Gen 2 (a `defineAuth` path or the override's target).
    pub gen2: String,
    pub kind: Kind,
    pub note: String,
}

/// A secret Gen 2 reads with `secret('NAME')`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecretNeed {
    pub name: String,
    pub provider: String,
    /// Where the value comes from (never the value).
    pub source: String,
}

/// A custom attribute of the live pool.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveCustomAttribute {
    /// Without the `custom:` prefix.
    pub name: String,
    /// `String`, `Number`, `Boolean` or `DateTime`.
    pub data_type: String,
    pub mutable: bool,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// A social provider as the live pool has it (DescribeIdentityProvider).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveProvider {
    /// Cognito's `ProviderName` (`Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`).
    pub name: String,
    /// `ProviderDetails.authorize_scopes`, split.
    pub scopes: Vec<String>,
    /// `AttributeMapping`: user pool attribute (claim name) → provider attribute.
    pub attribute_mapping: Vec<(String, String)>,
}

/// What the live Cognito pools have beyond the AmplifyBackend record. Everything is optional:
/// the mapping works from the record alone, and uses each fact given here instead of the
/// record's (or the Gen 1 CLI's defaults) where it is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gen2Live {
    /// The required standard attributes (claim names), from `SchemaAttributes`.
    pub required_attributes: Option<Vec<String>>,
    pub custom_attributes: Vec<LiveCustomAttribute>,
    /// Groups by precedence (lowest first), from ListGroups.
    pub groups: Vec<String>,
    /// `LambdaConfig` triggers set (their member names, e.g. `PreSignUp`).
    pub triggers: Vec<String>,
    pub providers: Vec<LiveProvider>,
    /// `UsernameConfiguration.CaseSensitive`.
    pub case_sensitive: Option<bool>,
    /// `UserPoolTier` (LITE, ESSENTIALS, PLUS).
    pub user_pool_tier: Option<String>,
    /// GetIdentityPoolRoles.
    pub auth_role_arn: Option<String>,
    pub unauth_role_arn: Option<String>,
}

/// What the deployment assigned (GetBackend's `amplify-meta.json`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gen2Ids {
    pub user_pool_id: Option<String>,
    pub web_client_id: Option<String>,
    pub identity_pool_id: Option<String>,
    /// `providers.awscloudformation.AuthRoleArn` / `UnauthRoleArn`: the roles the Gen 1 identity
    /// pool uses.
    pub auth_role_arn: Option<String>,
    pub unauth_role_arn: Option<String>,
    /// `HostedUIDomain` as deployed (the prefix with the env suffix).
    pub hosted_ui_domain: Option<String>,
    pub imported: bool,
}

/// `defineAuth` (a new pool) or `referenceAuth` (keep the Gen 1 pools).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// `referenceAuth` for an imported resource, `defineAuth` otherwise.
    #[default]
    Auto,
    Define,
    Reference,
}

/// Where the resource is and how to map it.
#[derive(Clone, Debug, Default)]
pub struct Gen2Context {
    pub app_id: String,
    pub env: String,
    pub region: String,
    pub resource: String,
    pub ids: Gen2Ids,
    pub live: Gen2Live,
    pub mode: Mode,
    /// Keep the Gen 1 hosted UI domain with a CDK override (else Gen 2's generated one).
    pub keep_domain: bool,
}

/// The files and the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Gen2Export {
    /// Whether `referenceAuth` was used.
    pub reference: bool,
    pub resource_ts: String,
    /// A complete `amplify/backend.ts`.
    pub backend_ts: String,
    /// What to add to an existing `backend.ts` (imports, then the statements after
    /// `defineBackend`), for a project that already has one.
    pub backend_additions: String,
    pub members: Vec<Member>,
    pub secrets: Vec<SecretNeed>,
    pub steps: Vec<String>,
}

/// Why the files cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gen2Error(pub String);

impl std::fmt::Display for Gen2Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Gen2Error {}

/// Control characters shown escaped, so a value from the service never reaches a terminal raw.
fn shown(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

fn list(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let v: Vec<String> = items.into_iter().map(|s| shown(s.as_ref())).collect();
    format!("[{}]", v.join(", "))
}

fn strs(items: impl IntoIterator<Item = impl AsRef<str>>) -> Js {
    Js::Arr(
        items
            .into_iter()
            .map(|s| Js::Str(s.as_ref().to_string()))
            .collect(),
    )
}

/// Gen 2's code being built: `defineAuth`'s props and `backend.ts`'s overrides.
#[derive(Default)]
struct Build {
    auth: Obj,
    imports: Vec<String>,
    /// Statements after `defineBackend`, each with its comment.
    overrides: Vec<String>,
    members: Vec<Member>,
    secrets: Vec<SecretNeed>,
    /// Manual steps gathered along the way (provider consoles, not-expressible members).
    todo: Vec<String>,
}

impl Build {
    fn member(&mut self, path: &str, value: String, gen2: &str, kind: Kind, note: &str) {
        self.members.push(Member {
            path: path.to_string(),
            value,
            gen2: gen2.to_string(),
            kind,
            note: note.to_string(),
        });
    }

    fn override_stmt(&mut self, comment: &str, code: String) {
        self.overrides.push(format!("// {comment}\n{code}"));
    }
}

/// The Gen 1 auto-verified attributes: the verification message's delivery method (the CLI's
/// `autoVerifiedAttributes`), else the sign-in attribute.
fn gen1_auto_verified(up: &UserPoolConfig) -> Vec<&'static str> {
    match up.verification_message.as_ref().map(|v| &v.delivery_method) {
        Some(DeliveryMethod::Sms) => vec!["phone_number"],
        Some(_) => vec!["email"],
        None => match up.sign_in_method {
            SignInMethod::PhoneNumber => vec!["phone_number"],
            _ => vec!["email"],
        },
    }
}

/// Which login methods Gen 2 gets for a sign-in method: (email, phone).
fn login_methods(m: &SignInMethod) -> (bool, bool) {
    match m {
        SignInMethod::PhoneNumber => (false, true),
        SignInMethod::EmailAndPhoneNumber => (true, true),
        _ => (true, false),
    }
}

/// The required standard attributes as claim names: the live pool's when known, else the
/// record's.
pub fn required_claims(cfg: &AuthConfig, live: &Gen2Live) -> Vec<String> {
    match &live.required_attributes {
        Some(r) => r.clone(),
        None => cfg
            .user_pool
            .required_sign_up_attributes
            .iter()
            .filter(|a| a.is_known())
            .map(|a| a.claim_name())
            .collect(),
    }
}

/// A provider's scopes and attribute mapping: the live pool's, else the Gen 1 CLI's defaults.
pub fn provider_scopes_and_mapping(
    provider: Provider,
    cfg: &AuthConfig,
    live: &Gen2Live,
) -> (Vec<String>, Vec<(String, String)>, bool) {
    match live
        .providers
        .iter()
        .find(|p| p.name == provider.config_name())
    {
        Some(p) => (p.scopes.clone(), p.attribute_mapping.clone(), true),
        None => {
            let (s, m) = gen1_provider_defaults(provider, &required_claims(cfg, live));
            (s, m, false)
        }
    }
}

/// Maps an auth config to Gen 2.
pub fn export(cfg: &AuthConfig, cx: &Gen2Context) -> Result<Gen2Export, Gen2Error> {
    let reference = match cx.mode {
        Mode::Reference => true,
        Mode::Define => false,
        Mode::Auto => cx.ids.imported,
    };
    let mut b = Build::default();
    let resource_ts = if reference {
        reference_auth(cfg, cx, &mut b)?
    } else {
        define_auth(cfg, cx, &mut b);
        let mut text = String::from("import { defineAuth");
        if !b.secrets.is_empty() {
            text.push_str(", secret");
        }
        text.push_str(" } from '@aws-amplify/backend';\n\n");
        text.push_str(&format!(
            "/**\n * Auth resource {} of app {}, environment {} (Amplify Gen 1), as amplify-auth mapped it.\n * What defineAuth cannot say is in ../backend.ts.\n */\nexport const auth = defineAuth({});\n",
            shown_comment(&cx.resource),
            shown_comment(&cx.app_id),
            shown_comment(&cx.env),
            ts::print(&Js::Obj(std::mem::take(&mut b.auth)), 0)
        ));
        text
    };
    let (backend_ts, backend_additions) = backend_files(&b, cx);
    let steps = steps(cfg, cx, &b, reference);
    Ok(Gen2Export {
        reference,
        resource_ts,
        backend_ts,
        backend_additions,
        members: b.members,
        secrets: b.secrets,
        steps,
    })
}

/// A name inside a comment: no line breaks, no `*/`.
fn shown_comment(s: &str) -> String {
    shown(s).replace("*/", "* /")
}

fn backend_files(b: &Build, cx: &Gen2Context) -> (String, String) {
    let mut imports = vec!["import { defineBackend } from '@aws-amplify/backend';".to_string()];
    imports.extend(b.imports.iter().cloned());
    imports.push("import { auth } from './auth/resource';".to_string());
    let mut full = imports.join("\n");
    full.push_str("\n\nconst backend = defineBackend({\n  auth,\n});\n");
    let body = override_body(b, cx);
    if !body.is_empty() {
        full.push('\n');
        full.push_str(&body);
    }
    let mut add = String::from(
        "// Add to your amplify/backend.ts: `auth` in defineBackend({ … }), these imports at the top,\n// and the statements after the defineBackend call.\n",
    );
    for line in b.imports.iter() {
        add.push_str(line);
        add.push('\n');
    }
    add.push_str("import { auth } from './auth/resource';\n");
    if !body.is_empty() {
        add.push('\n');
        add.push_str(&body);
    }
    (full, add)
}

fn override_body(b: &Build, cx: &Gen2Context) -> String {
    if b.overrides.is_empty() {
        return String::new();
    }
    let all = b.overrides.join("\n");
    let used: Vec<&str> = ["cfnUserPool", "cfnUserPoolClient", "cfnIdentityPool"]
        .into_iter()
        .filter(|n| all.contains(&format!("{n}.")))
        .collect();
    let mut s = format!(
        "// What defineAuth cannot say about Gen 1 auth {} (environment {}): CDK overrides.\n",
        shown_comment(&cx.resource),
        shown_comment(&cx.env)
    );
    if !used.is_empty() {
        s.push_str(&format!(
            "const {{ {} }} = backend.auth.resources.cfnResources;\n",
            used.join(", ")
        ));
    }
    for o in &b.overrides {
        s.push('\n');
        s.push_str(o);
        s.push('\n');
    }
    s
}

fn reference_auth(cfg: &AuthConfig, cx: &Gen2Context, b: &mut Build) -> Result<String, Gen2Error> {
    let ids = &cx.ids;
    let live = &cx.live;
    let need = [
        ("userPoolId", ids.user_pool_id.clone(), "UserPoolId"),
        (
            "identityPoolId",
            ids.identity_pool_id.clone(),
            "IdentityPoolId",
        ),
        (
            "userPoolClientId",
            ids.web_client_id.clone(),
            "AppClientIDWeb",
        ),
        (
            "authRoleArn",
            live.auth_role_arn.clone().or(ids.auth_role_arn.clone()),
            "AuthRoleArn",
        ),
        (
            "unauthRoleArn",
            live.unauth_role_arn.clone().or(ids.unauth_role_arn.clone()),
            "UnauthRoleArn",
        ),
    ];
    let missing: Vec<String> = need
        .iter()
        .filter(|(_, v, _)| v.as_deref().is_none_or(str::is_empty))
        .map(|(k, _, meta)| format!("{k} (the backend meta's {meta})"))
        .collect();
    if !missing.is_empty() {
        let why = if cfg.auth_resources == AuthResources::UserPoolOnly {
            " Gen 2's referenceAuth requires an identity pool, and this resource has none: use defineAuth (--mode define) or import an identity pool first."
        } else {
            ""
        };
        return Err(Gen2Error(format!(
            "referenceAuth needs {} and the deployment does not say {}.{why}",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        )));
    }
    let mut o = Obj::new();
    for (k, v, meta) in &need {
        let v = v.clone().unwrap_or_default();
        o.set(k, Js::Str(v.clone()));
        b.member(
            &format!("Deployed.{meta}"),
            shown(&v),
            &format!("referenceAuth.{k}"),
            Kind::Native,
            "the Gen 1 resource, kept: Gen 2 refers to it and changes nothing in it",
        );
    }
    if !live.groups.is_empty() {
        b.member(
            "Live.Groups",
            list(&live.groups),
            "referenceAuth.groups",
            Kind::NotExpressible,
            "referenceAuth takes each group's role ARN, which the record does not hold: add `groups: { name: roleArn }` by hand for groups whose role Gen 2 code uses",
        );
    }
    for (path, value) in leaf_members(cfg) {
        b.member(
            &path,
            value,
            "(the referenced pool)",
            Kind::Native,
            "kept as it is: referenceAuth uses the Gen 1 pools unchanged; change it with amplify-auth or the console",
        );
    }
    Ok(format!(
        "import {{ referenceAuth }} from '@aws-amplify/backend';\n\n/**\n * Auth resource {} of app {}, environment {} (Amplify Gen 1), kept as it is:\n * Gen 2 refers to the existing pools and changes nothing in them.\n */\nexport const auth = referenceAuth({});\n",
        shown_comment(&cx.resource),
        shown_comment(&cx.app_id),
        shown_comment(&cx.env),
        ts::print(&Js::Obj(o), 0)
    ))
}

/// Every leaf member of the config with its shown value (secrets as `(secret)`), for the
/// reference report.
fn leaf_members(cfg: &AuthConfig) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let v = serde_json::to_value(cfg.without_secrets()).unwrap_or_default();
    walk("", &v, &mut out);
    for p in secret_paths(cfg) {
        out.push((p, "(secret)".into()));
    }
    out
}

fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                walk(&p, x, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            out.push((
                prefix.to_string(),
                list(items.iter().map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })),
            ));
        }
        Value::Array(items) => {
            for (n, x) in items.iter().enumerate() {
                walk(&format!("{prefix}[{n}]"), x, out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), shown(s))),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

fn secret_paths(cfg: &AuthConfig) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = cfg.social_providers() {
        let base = "UserPoolConfigs.OAuth.SocialProviderSettings";
        for (name, has) in [
            (
                "Facebook",
                p.facebook.as_ref().map(|c| c.client_secret.is_some()),
            ),
            (
                "Google",
                p.google.as_ref().map(|c| c.client_secret.is_some()),
            ),
            (
                "LoginWithAmazon",
                p.login_with_amazon
                    .as_ref()
                    .map(|c| c.client_secret.is_some()),
            ),
        ] {
            if has == Some(true) {
                out.push(format!("{base}.{name}.ClientSecret"));
            }
        }
        if p.sign_in_with_apple
            .as_ref()
            .is_some_and(|a| a.private_key.is_some())
        {
            out.push(format!("{base}.SignInWithApple.PrivateKey"));
        }
    }
    out
}

fn define_auth(cfg: &AuthConfig, cx: &Gen2Context, b: &mut Build) {
    let up = &cfg.user_pool;
    let (email_login, phone_login) = login_methods(&up.sign_in_method);
    b.member(
        "Service",
        cfg.service.to_string(),
        "defineAuth",
        Kind::Native,
        "Gen 2's auth is Cognito",
    );
    sign_in(cfg, b, email_login, phone_login);
    attributes(cfg, &cx.live, b, email_login, phone_login);
    mfa(up, b, phone_login);
    password(up, b);
    messages(up, b, email_login, phone_login);
    match &up.oauth {
        Some(o) => oauth(cfg, o, cx, b),
        None => {
            b.member(
                "UserPoolConfigs.OAuth",
                "(not set)".into(),
                "cfnUserPoolClient.allowedOAuthFlowsUserPoolClient",
                Kind::Override,
                "no hosted UI in Gen 1; Gen 2's app client would otherwise allow the code flow with all scopes and https://example.com as a callback URL",
            );
            b.override_stmt(
                "No UserPoolConfigs.OAuth: the app client allows no OAuth flow, as in Gen 1 (Gen 2's would\n// allow the code flow, all scopes and https://example.com as a callback URL).",
                "cfnUserPoolClient.allowedOAuthFlowsUserPoolClient = false;\ncfnUserPoolClient.allowedOAuthFlows = undefined;\ncfnUserPoolClient.allowedOAuthScopes = undefined;\ncfnUserPoolClient.callbackUrLs = undefined;".into(),
            );
        }
    }
    pools(cfg, b);
    live_extras(&cx.live, b);
}

fn sign_in(cfg: &AuthConfig, b: &mut Build, email_login: bool, phone_login: bool) {
    let up = &cfg.user_pool;
    let path = "UserPoolConfigs.SignInMethod";
    let value = up.sign_in_method.to_string();
    let login = b.auth.obj("loginWith");
    if email_login {
        login.set("email", Js::Bool(true));
    }
    if phone_login {
        login.set("phone", Js::Bool(true));
    }
    match &up.sign_in_method {
        SignInMethod::Email => b.member(path, value, "loginWith.email", Kind::Native, ""),
        SignInMethod::PhoneNumber => b.member(path, value, "loginWith.phone", Kind::Native, ""),
        SignInMethod::EmailAndPhoneNumber => b.member(
            path,
            value,
            "loginWith.email + loginWith.phone",
            Kind::Native,
            "",
        ),
        SignInMethod::Username => {
            b.member(
                path,
                value,
                "loginWith.email + cfnUserPool.usernameAttributes",
                Kind::Override,
                "Gen 2 signs in with email or phone only; the override removes UsernameAttributes so users sign in with a username, as in Gen 1",
            );
            b.override_stmt(
                "UserPoolConfigs.SignInMethod USERNAME: users sign in with a username, not their email.",
                "cfnUserPool.usernameAttributes = undefined;".into(),
            );
        }
        SignInMethod::Unknown(s) => b.member(
            path,
            shown(s),
            "loginWith",
            Kind::NotExpressible,
            "a sign-in method this build does not know; email login is used: set loginWith by hand",
        ),
    }
    // Auto-verified attributes follow the login methods in Gen 2 and the delivery method in Gen 1.
    let gen1 = gen1_auto_verified(up);
    let mut gen2 = Vec::new();
    if email_login {
        gen2.push("email");
    }
    if phone_login {
        gen2.push("phone_number");
    }
    if gen1 != gen2 {
        let arr = format!(
            "[{}]",
            gen1.iter()
                .map(|a| string(a))
                .collect::<Vec<_>>()
                .join(", ")
        );
        b.override_stmt(
            "Auto-verified attributes as in Gen 1 (its verification message's delivery method); Cognito\n// requires the attributes verified before an update to be among them.",
            format!(
                "cfnUserPool.autoVerifiedAttributes = {arr};\ncfnUserPool.userAttributeUpdateSettings = {{ attributesRequireVerificationBeforeUpdate: {arr} }};"
            ),
        );
    }
}

fn attributes(
    cfg: &AuthConfig,
    live: &Gen2Live,
    b: &mut Build,
    email_login: bool,
    phone_login: bool,
) {
    let up = &cfg.user_pool;
    let required = required_claims(cfg, live);
    let from_live = live.required_attributes.is_some();
    let mut attrs = Obj::new();
    record_attributes(up, &required, from_live, b);
    for claim in &required {
        if let Some(name) = gen2_attribute(claim) {
            let mut o = Obj::new();
            o.set("required", Js::Bool(true));
            o.set("mutable", Js::Bool(true));
            attrs.set(name, Js::Obj(o));
        }
    }
    if from_live {
        live_only_required(up, &required, b);
    }
    // Email or phone login makes that attribute required in Gen 2 unless it is said otherwise.
    for (login, claim) in [(email_login, "email"), (phone_login, "phone_number")] {
        let name = gen2_attribute(claim).unwrap_or(claim);
        if login && !required.iter().any(|c| c == claim) {
            let mut o = Obj::new();
            o.set("required", Js::Bool(false));
            o.set("mutable", Js::Bool(true));
            attrs.set(name, Js::Obj(o));
        }
    }
    for c in &live.custom_attributes {
        let (key, o) = custom_attribute(c, b);
        attrs.set(&key, Js::Obj(o));
    }
    if !attrs.is_empty() {
        b.auth.set("userAttributes", Js::Obj(attrs));
    }
}

/// The record's required sign-up attributes, each as a member: required in Gen 2 unless the
/// live pool, when read, does not require it.
fn record_attributes(up: &UserPoolConfig, required: &[String], from_live: bool, b: &mut Build) {
    for (n, a) in up.required_sign_up_attributes.iter().enumerate() {
        let path = format!("UserPoolConfigs.RequiredSignUpAttributes[{n}]");
        match gen2_sign_up_attribute(a) {
            Some(name) if !from_live || required.contains(&a.claim_name()) => {
                b.member(
                    &path,
                    a.to_string(),
                    &format!("userAttributes.{name}"),
                    Kind::Native,
                    "{ required: true, mutable: true }: schema attributes cannot change once the pool exists",
                );
            }
            Some(name) => b.member(
                &path,
                a.to_string(),
                &format!("userAttributes.{name}"),
                Kind::Native,
                "the live pool does not require it, so Gen 2 does not either (the live schema wins: Cognito cannot change it)",
            ),
            None => b.member(
                &path,
                shown(a.as_str()),
                "userAttributes",
                Kind::NotExpressible,
                "an attribute this build does not know: add it to userAttributes by hand",
            ),
        }
    }
}

/// Attributes the live pool requires that the record does not list.
fn live_only_required(up: &UserPoolConfig, required: &[String], b: &mut Build) {
    for claim in required {
        let in_record = up
            .required_sign_up_attributes
            .iter()
            .any(|a| &a.claim_name() == claim);
        if !in_record {
            b.member(
                &format!("Live.SchemaAttributes.{claim}"),
                "required".into(),
                &format!(
                    "userAttributes.{}",
                    gen2_attribute(claim).unwrap_or("(unknown)")
                ),
                if gen2_attribute(claim).is_some() {
                    Kind::Native
                } else {
                    Kind::NotExpressible
                },
                "required by the live pool though the record does not list it",
            );
        }
    }
}

/// A custom attribute of the live pool, declared exactly (its key and its Gen 2 declaration).
fn custom_attribute(c: &LiveCustomAttribute, b: &mut Build) -> (String, Obj) {
    let mut o = Obj::new();
    o.set("dataType", Js::Str(c.data_type.clone()));
    o.set("mutable", Js::Bool(c.mutable));
    let (lo, hi) = if c.data_type == "Number" {
        ("min", "max")
    } else {
        ("minLen", "maxLen")
    };
    if matches!(c.data_type.as_str(), "String" | "Number") {
        for (k, v) in [(lo, &c.min), (hi, &c.max)] {
            if let Some(n) = v.as_deref().and_then(|s| s.parse::<f64>().ok()) {
                o.set(k, Js::Num(n));
            }
        }
    }
    let key = format!("custom:{}", c.name);
    b.member(
        &format!("Live.SchemaAttributes.custom:{}", shown(&c.name)),
        format!(
            "{} ({})",
            shown(&c.data_type),
            if c.mutable { "mutable" } else { "immutable" }
        ),
        &format!("userAttributes['{}']", shown(&key)),
        Kind::Native,
        "a custom attribute of the live pool: the schema cannot change, so Gen 2 declares it exactly",
    );
    (key, o)
}

fn mfa(up: &UserPoolConfig, b: &mut Build, phone_login: bool) {
    let Some(m) = &up.mfa else {
        b.member(
            "UserPoolConfigs.Mfa",
            "(not set)".into(),
            "multifactor",
            Kind::Native,
            "left out: Gen 2's default is OFF, as Cognito's",
        );
        return;
    };
    let types: Vec<MfaType> = m
        .settings
        .as_ref()
        .and_then(|s| s.mfa_types.clone())
        .unwrap_or_default();
    let mut o = Obj::new();
    let mode = match &m.mode {
        MfaMode::Off => "OFF",
        MfaMode::Optional => "OPTIONAL",
        MfaMode::On => "REQUIRED",
        MfaMode::Unknown(_) => "OFF",
    };
    o.set("mode", Js::Str(mode.into()));
    b.member(
        "UserPoolConfigs.Mfa.MFAMode",
        shown(m.mode.as_str()),
        &format!("multifactor.mode '{mode}'"),
        if m.mode.is_known() {
            Kind::Native
        } else {
            Kind::NotExpressible
        },
        if m.mode.is_known() {
            ""
        } else {
            "a mode this build does not know: OFF is written, set it by hand"
        },
    );
    let on = mode != "OFF";
    let has_sms = types.contains(&MfaType::Sms);
    let has_totp = types.contains(&MfaType::Totp);
    if m.settings
        .as_ref()
        .and_then(|s| s.mfa_types.as_ref())
        .is_some()
    {
        b.member(
            "UserPoolConfigs.Mfa.Settings.MfaTypes",
            list(types.iter().map(|t| t.as_str())),
            "multifactor.sms / multifactor.totp",
            Kind::Native,
            if on {
                ""
            } else {
                "MFA is OFF: no type applies"
            },
        );
    }
    if on {
        mfa_factors(m, has_sms, has_totp, phone_login, b, &mut o);
    } else if let Some(text) = m.settings.as_ref().and_then(|s| s.sms_message.as_ref()) {
        b.member(
            "UserPoolConfigs.Mfa.Settings.SmsMessage",
            shown(text),
            "multifactor.sms.smsMessage",
            Kind::NotExpressible,
            "MFA is OFF, so Cognito never sends it; left out",
        );
    }
    b.auth.set("multifactor", Js::Obj(o));
}

/// With MFA on: the factors (TOTP, SMS and its message), SMS declared where the construct
/// insists on it.
fn mfa_factors(
    m: &MfaConfig,
    has_sms: bool,
    has_totp: bool,
    phone_login: bool,
    b: &mut Build,
    o: &mut Obj,
) {
    if has_totp {
        o.set("totp", Js::Bool(true));
    }
    let sms_message = m.settings.as_ref().and_then(|s| s.sms_message.clone());
    if has_sms {
        match &sms_message {
            Some(text) => {
                let mut s = Obj::new();
                s.set("smsMessage", Js::Raw(code_template(text)));
                o.set("sms", Js::Obj(s));
            }
            None => o.set("sms", Js::Bool(true)),
        }
    } else if phone_login {
        // The construct refuses phone login with MFA but without SMS; SMS is declared to
        // satisfy it and the override below leaves TOTP alone, as in Gen 1.
        o.set("sms", Js::Bool(true));
        b.override_stmt(
            "UserPoolConfigs.Mfa.Settings.MfaTypes: TOTP only (defineAuth insists on SMS with phone login).",
            "cfnUserPool.enabledMfas = ['SOFTWARE_TOKEN_MFA'];".into(),
        );
    } else if !has_totp {
        o.set("sms", Js::Bool(true));
        b.todo.push("MFA is on without MFA types in the record: SMS was written (the Gen 1 CLI's default, inference); check the live pool's MFA types".into());
    }
    if let Some(text) = &sms_message {
        b.member(
            "UserPoolConfigs.Mfa.Settings.SmsMessage",
            shown(text),
            "multifactor.sms.smsMessage",
            if has_sms {
                Kind::Native
            } else {
                Kind::NotExpressible
            },
            if has_sms {
                "{####} becomes ${createCode()}"
            } else {
                "SMS is not an MFA type, so Cognito never sends it; left out"
            },
        );
    }
}

fn password(up: &UserPoolConfig, b: &mut Build) {
    let Some(p) = &up.password_policy else {
        b.member(
            "UserPoolConfigs.PasswordPolicy",
            "(not set)".into(),
            "cfnUserPool.policies.passwordPolicy",
            Kind::Override,
            "not in the record: Gen 2's default (8 characters, all four classes) applies; check the live pool's policy",
        );
        return;
    };
    let cs = p.additional_constraints.clone().unwrap_or_default();
    let has = |c: PasswordConstraint| cs.contains(&c);
    b.member(
        "UserPoolConfigs.PasswordPolicy.MinimumLength",
        ts::number(p.minimum_length),
        "cfnUserPool.policies.passwordPolicy.minimumLength",
        Kind::Override,
        "Gen 2 fixes 8 with all four classes: leaving it out is not neutral",
    );
    b.member(
        "UserPoolConfigs.PasswordPolicy.AdditionalConstraints",
        list(cs.iter().map(|c| c.as_str())),
        "cfnUserPool.policies.passwordPolicy.require*",
        Kind::Override,
        "each class not listed is set to false explicitly",
    );
    let mut pp = Obj::new();
    pp.set("minimumLength", Js::Num(p.minimum_length));
    pp.set(
        "requireNumbers",
        Js::Bool(has(PasswordConstraint::RequireDigit)),
    );
    pp.set(
        "requireLowercase",
        Js::Bool(has(PasswordConstraint::RequireLowercase)),
    );
    pp.set(
        "requireUppercase",
        Js::Bool(has(PasswordConstraint::RequireUppercase)),
    );
    pp.set(
        "requireSymbols",
        Js::Bool(has(PasswordConstraint::RequireSymbol)),
    );
    let mut pol = Obj::new();
    pol.set("passwordPolicy", Js::Obj(pp));
    b.override_stmt(
        "UserPoolConfigs.PasswordPolicy (Gen 2's default is 8 characters with all four classes).",
        format!("cfnUserPool.policies = {};", ts::print(&Js::Obj(pol), 0)),
    );
}

fn messages(up: &UserPoolConfig, b: &mut Build, email_login: bool, phone_login: bool) {
    let base = VERIFICATION;
    if let Some(v) = &up.verification_message {
        b.member(
            &format!("{base}.DeliveryMethod"),
            v.delivery_method.to_string(),
            "cfnUserPool.autoVerifiedAttributes",
            Kind::Native,
            "the attribute verified at sign-up; an override sets it where Gen 2's login methods would differ",
        );
        if let Some(e) = &v.email {
            verification_email(e, b, email_login);
        }
        if let Some(text) = v.sms.as_ref().and_then(|s| s.message.clone()) {
            verification_sms(&text, b, phone_login);
        }
    } else {
        b.member(
            base,
            "(not set)".into(),
            "loginWith.email / loginWith.phone",
            Kind::Native,
            "left out: Gen 2's default messages apply",
        );
    }
    forgot_password(up, b);
}

const VERIFICATION: &str = "UserPoolConfigs.VerificationMessage";

/// The verification email: `loginWith.email` when email is a login method, an override of the
/// pool's template otherwise (defineAuth has no other place for it).
fn verification_email(e: &EmailSettings, b: &mut Build, email_login: bool) {
    let base = VERIFICATION;
    let subject = e.subject.clone();
    let body = e.message.clone();
    if email_login {
        let login = b.auth.obj("loginWith");
        let mut o = Obj::new();
        o.set("verificationEmailStyle", Js::Str("CODE".into()));
        if let Some(s) = &subject {
            o.set("verificationEmailSubject", Js::Str(s.clone()));
        }
        if let Some(m) = &body {
            o.set("verificationEmailBody", Js::Raw(code_template(m)));
        }
        login.set("email", Js::Obj(o));
    } else {
        let mut stmts = Vec::new();
        if let Some(s) = &subject {
            stmts.push(format!("cfnUserPool.emailVerificationSubject = {};\ncfnUserPool.addPropertyOverride('VerificationMessageTemplate.EmailSubject', {});", string(s), string(s)));
        }
        if let Some(m) = &body {
            stmts.push(format!("cfnUserPool.emailVerificationMessage = {};\ncfnUserPool.addPropertyOverride('VerificationMessageTemplate.EmailMessage', {});", string(m), string(m)));
        }
        if !stmts.is_empty() {
            b.override_stmt(
                "UserPoolConfigs.VerificationMessage.EmailSettings (email is not a login method here).",
                stmts.join("\n"),
            );
        }
    }
    let (gen2s, gen2b, kind) = if email_login {
        (
            "loginWith.email.verificationEmailSubject",
            "loginWith.email.verificationEmailBody",
            Kind::Native,
        )
    } else {
        (
            "cfnUserPool.emailVerificationSubject",
            "cfnUserPool.emailVerificationMessage",
            Kind::Override,
        )
    };
    if let Some(s) = &subject {
        b.member(
            &format!("{base}.EmailSettings.EmailSubject"),
            shown(s),
            gen2s,
            kind,
            "",
        );
    }
    if let Some(m) = &body {
        b.member(
            &format!("{base}.EmailSettings.EmailMessage"),
            shown(m),
            gen2b,
            kind,
            "{####} becomes ${createCode()}",
        );
    }
}

/// The verification SMS: `loginWith.phone` when phone is a login method, an override otherwise.
fn verification_sms(text: &str, b: &mut Build, phone_login: bool) {
    let base = VERIFICATION;
    if phone_login {
        let login = b.auth.obj("loginWith");
        let mut o = Obj::new();
        o.set("verificationMessage", Js::Raw(code_template(text)));
        login.set("phone", Js::Obj(o));
        b.member(
            &format!("{base}.SmsSettings.SmsMessage"),
            shown(text),
            "loginWith.phone.verificationMessage",
            Kind::Native,
            "{####} becomes ${createCode()}",
        );
    } else {
        b.override_stmt(
            "UserPoolConfigs.VerificationMessage.SmsSettings (phone is not a login method here).",
            format!(
                "cfnUserPool.smsVerificationMessage = {};\ncfnUserPool.addPropertyOverride('VerificationMessageTemplate.SmsMessage', {});",
                string(text),
                string(text)
            ),
        );
        b.member(
            &format!("{base}.SmsSettings.SmsMessage"),
            shown(text),
            "cfnUserPool.smsVerificationMessage",
            Kind::Override,
            "phone is not a login method, so defineAuth has no place for it",
        );
    }
}

/// Account recovery; a reset message of its own needs a CustomMessage trigger.
fn forgot_password(up: &UserPoolConfig, b: &mut Build) {
    let base = "UserPoolConfigs.ForgotPassword";
    match &up.forgot_password {
        Some(f) => {
            let (rec, ok) = match f.delivery_method {
                DeliveryMethod::Email => ("EMAIL_ONLY", true),
                DeliveryMethod::Sms => ("PHONE_ONLY_WITHOUT_MFA", true),
                DeliveryMethod::Unknown(_) => ("", false),
            };
            if ok {
                b.auth.set("accountRecovery", Js::Str(rec.into()));
            }
            b.member(
                &format!("{base}.DeliveryMethod"),
                shown(f.delivery_method.as_str()),
                &format!("accountRecovery '{rec}'"),
                if ok {
                    Kind::Native
                } else {
                    Kind::NotExpressible
                },
                "",
            );
            let texts = [
                (
                    "EmailSettings.EmailMessage",
                    f.email.as_ref().and_then(|e| e.message.clone()),
                ),
                (
                    "EmailSettings.EmailSubject",
                    f.email.as_ref().and_then(|e| e.subject.clone()),
                ),
                (
                    "SmsSettings.SmsMessage",
                    f.sms.as_ref().and_then(|s| s.message.clone()),
                ),
            ];
            for (p, t) in texts {
                if let Some(t) = t {
                    b.member(
                        &format!("{base}.{p}"),
                        shown(&t),
                        "triggers.customMessage",
                        Kind::NotExpressible,
                        "Cognito has one verification message; a different reset message needs a CustomMessage trigger (defineFunction + triggers.customMessage)",
                    );
                }
            }
            if f.email.is_some() || f.sms.is_some() {
                b.todo.push("The password-reset message differs from the verification message only through a CustomMessage trigger: write one (defineFunction, triggers.customMessage) if the text matters".into());
            }
        }
        None => b.member(
            base,
            "(not set)".into(),
            "accountRecovery",
            Kind::Native,
            "left out: Gen 2 picks the recovery method from the login methods",
        ),
    }
}

fn oauth(cfg: &AuthConfig, o: &OAuthConfig, cx: &Gen2Context, b: &mut Build) {
    let base = OAUTH;
    let mut ext = Obj::new();
    if let Some(p) = cfg.social_providers() {
        providers(cfg, p, cx, b, &mut ext);
    }
    let scopes: Vec<&str> = o
        .scopes
        .iter()
        .filter_map(|s| match s {
            OAuthScope::Phone => Some("PHONE"),
            OAuthScope::Email => Some("EMAIL"),
            OAuthScope::OpenId => Some("OPENID"),
            OAuthScope::Profile => Some("PROFILE"),
            OAuthScope::AwsCognitoSigninUserAdmin => Some("COGNITO_ADMIN"),
            OAuthScope::Unknown(_) => None,
        })
        .collect();
    ext.set("scopes", strs(&scopes));
    ext.set("callbackUrls", strs(&o.redirect_sign_in_uris));
    ext.set("logoutUrls", strs(&o.redirect_sign_out_uris));
    b.member(
        &format!("{base}.OAuthScopes"),
        list(o.scopes.iter().map(|s| s.as_str())),
        "loginWith.externalProviders.scopes",
        if o.scopes.iter().all(|s| s.is_known()) {
            Kind::Native
        } else {
            Kind::NotExpressible
        },
        "always written: Gen 2 allows all five when scopes are left out (AWS_COGNITO_SIGNIN_USER_ADMIN is COGNITO_ADMIN)",
    );
    for (member, uris, gen2) in [
        (
            "RedirectSignInURIs",
            &o.redirect_sign_in_uris,
            "callbackUrls",
        ),
        (
            "RedirectSignOutURIs",
            &o.redirect_sign_out_uris,
            "logoutUrls",
        ),
    ] {
        b.member(
            &format!("{base}.{member}"),
            list(uris),
            &format!("loginWith.externalProviders.{gen2}"),
            if uris.is_empty() {
                Kind::NotExpressible
            } else {
                Kind::Native
            },
            if uris.is_empty() {
                "Gen 2 refuses an empty list: add at least one URL"
            } else {
                "add the Gen 2 hosting URL of each branch (https://<branch>.<appId>.amplifyapp.com/) when the frontend moves"
            },
        );
    }
    grant_type(o, b);
    domain(o, cx, b);
    b.auth
        .obj("loginWith")
        .set("externalProviders", Js::Obj(ext));
}

/// The grant: Gen 2 has only the code grant, so the implicit one is an override.
fn grant_type(o: &OAuthConfig, b: &mut Build) {
    let base = OAUTH;
    match &o.grant_type {
        OAuthGrantType::Code => b.member(
            &format!("{base}.OAuthGrantType"),
            "CODE".into(),
            "(Gen 2's only flow)",
            Kind::Native,
            "",
        ),
        other => {
            b.member(
                &format!("{base}.OAuthGrantType"),
                shown(other.as_str()),
                "cfnUserPoolClient.allowedOAuthFlows",
                Kind::Override,
                "Gen 2 fixes the code grant",
            );
            b.override_stmt(
                "UserPoolConfigs.OAuth.OAuthGrantType IMPLICIT (Gen 2 fixes the code grant).",
                "cfnUserPoolClient.allowedOAuthFlows = ['implicit'];".into(),
            );
        }
    }
}

/// The hosted UI domain: kept with a CDK override (`--keep-domain`) or left to Gen 2.
fn domain(o: &OAuthConfig, cx: &Gen2Context, b: &mut Build) {
    let base = OAUTH;
    match &o.domain_prefix {
        Some(prefix) => {
            let old = cx
                .ids
                .hosted_ui_domain
                .clone()
                .unwrap_or_else(|| format!("{prefix}-{}", cx.env));
            if cx.keep_domain {
                b.imports
                    .push("import { CfnUserPoolDomain } from 'aws-cdk-lib/aws-cognito';".into());
                b.override_stmt(
                    "UserPoolConfigs.OAuth.DomainPrefix: the Gen 1 hosted UI domain (Cognito domains are unique per\n// region: this deploys once the Gen 1 pool has released it, and only in one branch).",
                    format!(
                        "const userPoolDomain = backend.auth.resources.userPool.node.findChild('UserPoolDomain').node\n  .defaultChild as CfnUserPoolDomain;\nuserPoolDomain.domain = {};",
                        string(&old)
                    ),
                );
                b.member(
                    &format!("{base}.DomainPrefix"),
                    shown(prefix),
                    "UserPoolDomain.domain",
                    Kind::Override,
                    &format!(
                        "keeps https://{}.auth.{}.amazoncognito.com; it deploys only after the Gen 1 pool releases the domain, and in one branch only",
                        shown(&old),
                        shown(&cx.region)
                    ),
                );
            } else {
                b.member(
                    &format!("{base}.DomainPrefix"),
                    shown(prefix),
                    "(Gen 2's generated domain)",
                    Kind::NotExpressible,
                    &format!(
                        "defineAuth takes no domain prefix (Gen 2 names the domain after the backend's hash). Either keep https://{}.auth.{}.amazoncognito.com with the CDK override (--keep-domain), or use the new domain and register its redirect URL with each provider",
                        shown(&old),
                        shown(&cx.region)
                    ),
                );
            }
        }
        None => b.member(
            &format!("{base}.DomainPrefix"),
            "(not set)".into(),
            "(Gen 2's generated domain)",
            Kind::Native,
            "Gen 2 makes a domain for the hosted UI",
        ),
    }
}

const OAUTH: &str = "UserPoolConfigs.OAuth";

fn providers(
    cfg: &AuthConfig,
    p: &SocialProviders,
    cx: &Gen2Context,
    b: &mut Build,
    ext: &mut Obj,
) {
    let present: Vec<(Provider, Option<&ProviderClient>, Option<&AppleProvider>)> = vec![
        (Provider::Facebook, p.facebook.as_ref(), None),
        (Provider::Google, p.google.as_ref(), None),
        (
            Provider::LoginWithAmazon,
            p.login_with_amazon.as_ref(),
            None,
        ),
        (
            Provider::SignInWithApple,
            None,
            p.sign_in_with_apple.as_ref(),
        ),
    ];
    for (provider, client, apple) in present {
        if client.is_none() && apple.is_none() {
            continue;
        }
        let mut o = Obj::new();
        if let Some(c) = client {
            client_secrets(provider, c, b, &mut o);
        }
        if let Some(a) = apple {
            apple_secrets(a, cx, b, &mut o);
        }
        scopes_and_mapping(provider, cfg, cx, b, &mut o);
        ext.set(provider.gen2_name(), Js::Obj(o));
    }
}

const PROVIDERS: &str = "UserPoolConfigs.OAuth.SocialProviderSettings";

/// A provider's credential as a Gen 2 secret (`secret('<PREFIX>_<SUFFIX>')` under `key`), with
/// where its value comes from for the steps; returns the secret's name.
fn secret(
    b: &mut Build,
    o: &mut Obj,
    provider: Provider,
    key: &str,
    suffix: &str,
    source: String,
) -> String {
    let sname = format!("{}_{suffix}", provider.secret_prefix());
    o.set(key, Js::Raw(format!("secret({})", string(&sname))));
    b.secrets.push(SecretNeed {
        name: sname.clone(),
        provider: provider.config_name().to_string(),
        source,
    });
    sname
}

/// Facebook, Google and Login with Amazon: the client ID and secret, both as secrets.
fn client_secrets(provider: Provider, c: &ProviderClient, b: &mut Build, o: &mut Obj) {
    let base = PROVIDERS;
    let name = provider.config_name();
    let gen2 = provider.gen2_name();
    let id = c.client_id.clone().unwrap_or_default();
    let s = secret(
        b,
        o,
        provider,
        "clientId",
        "CLIENT_ID",
        format!("{base}.{name}.ClientId in the Gen 1 config (`amplify-auth get` prints it)"),
    );
    b.member(
        &format!("{base}.{name}.ClientId"),
        shown(&id),
        &format!("externalProviders.{gen2}.clientId = secret('{s}')"),
        Kind::Native,
        "Gen 2 reads provider client IDs from secrets too",
    );
    let s = secret(
        b,
        o,
        provider,
        "clientSecret",
        "CLIENT_SECRET",
        format!(
            "the {name} developer console (the service does not return it; `amplify-auth get --include-secrets` prints it where the service does)"
        ),
    );
    b.member(
        &format!("{base}.{name}.ClientSecret"),
        if c.client_secret.is_some() {
            "(secret)".into()
        } else {
            "(not returned by the service)".into()
        },
        &format!("externalProviders.{gen2}.clientSecret = secret('{s}')"),
        Kind::Native,
        "never written: set the secret",
    );
}

/// Sign in with Apple: the Services ID, key ID, private key and team ID, all as secrets.
fn apple_secrets(a: &AppleProvider, cx: &Gen2Context, b: &mut Build, o: &mut Obj) {
    let base = PROVIDERS;
    for (key, suffix, member, value, source) in [
        (
            "clientId",
            "CLIENT_ID",
            "ClientId",
            a.client_id.clone(),
            format!("{base}.SignInWithApple.ClientId (the Services ID) in the Gen 1 config"),
        ),
        (
            "keyId",
            "KEY_ID",
            "KeyId",
            a.key_id.clone(),
            format!("{base}.SignInWithApple.KeyId in the Gen 1 config"),
        ),
        (
            "privateKey",
            "PRIVATE_KEY",
            "PrivateKey",
            None,
            format!(
                "your AuthKey_<KeyId>.p8 file, its base64 body without the BEGIN/END lines (Cognito never returns it; Gen 1 keeps a copy in SSM at /amplify/{}/{}/AMPLIFY_SIWA_PRIVATE_KEY)",
                shown(&cx.app_id),
                shown(&cx.env)
            ),
        ),
        (
            "teamId",
            "TEAM_ID",
            "TeamId",
            a.team_id.clone(),
            format!("{base}.SignInWithApple.TeamId in the Gen 1 config"),
        ),
    ] {
        let s = secret(b, o, Provider::SignInWithApple, key, suffix, source);
        let shown_value = if member == "PrivateKey" {
            if a.private_key.is_some() {
                "(secret)".to_string()
            } else {
                "(not returned by the service)".to_string()
            }
        } else {
            shown(&value.unwrap_or_default())
        };
        b.member(
            &format!("{base}.SignInWithApple.{member}"),
            shown_value,
            &format!("externalProviders.signInWithApple.{key} = secret('{s}')"),
            Kind::Native,
            "",
        );
    }
}

/// A provider's scopes and attribute mapping, from the live pool when it was read.
fn scopes_and_mapping(
    provider: Provider,
    cfg: &AuthConfig,
    cx: &Gen2Context,
    b: &mut Build,
    o: &mut Obj,
) {
    let name = provider.config_name();
    let gen2 = provider.gen2_name();
    let (scopes, mapping, live) = provider_scopes_and_mapping(provider, cfg, &cx.live);
    let source = if live {
        "the live pool's DescribeIdentityProvider"
    } else {
        "the Gen 1 CLI's attribute table for the required attributes (inference; the live pool's provider wins when read)"
    };
    if !scopes.is_empty() {
        o.set("scopes", strs(&scopes));
    }
    let mut m = Obj::new();
    let mut custom = Obj::new();
    for (claim, attr) in &mapping {
        match gen2_attribute(claim) {
            Some(k) => m.set(k, Js::Str(attr.clone())),
            None => custom.set(claim, Js::Str(attr.clone())),
        }
    }
    if !custom.is_empty() {
        m.set("custom", Js::Obj(custom));
    }
    if !m.is_empty() {
        o.set("attributeMapping", Js::Obj(m));
    }
    b.member(
        &format!("Live.Providers.{name}.Scopes"),
        list(&scopes),
        &format!("externalProviders.{gen2}.scopes"),
        Kind::Native,
        &format!("from {source}"),
    );
    b.member(
        &format!("Live.Providers.{name}.AttributeMapping"),
        list(mapping.iter().map(|(c, a)| format!("{c}={a}"))),
        &format!("externalProviders.{gen2}.attributeMapping"),
        Kind::Native,
        &format!("from {source}"),
    );
}

fn pools(cfg: &AuthConfig, b: &mut Build) {
    let name = &cfg.user_pool.user_pool_name;
    b.member(
        "UserPoolConfigs.UserPoolName",
        shown(name),
        "cfnUserPool.userPoolName",
        Kind::Override,
        "Gen 1 deployed it with the env suffix; every Gen 2 branch's pool gets this name (names need not be unique)",
    );
    b.override_stmt(
        "UserPoolConfigs.UserPoolName.",
        format!("cfnUserPool.userPoolName = {};", string(name)),
    );
    b.member(
        "AuthResources",
        cfg.auth_resources.to_string(),
        "cfnIdentityPool",
        match cfg.auth_resources {
            AuthResources::IdentityPoolAndUserPool => Kind::Native,
            _ => Kind::NotExpressible,
        },
        match cfg.auth_resources {
            AuthResources::IdentityPoolAndUserPool => "",
            _ => "Gen 2 always makes an identity pool; it is kept closed to guests (allowUnauthenticatedIdentities false), so nothing gets AWS credentials without signing in",
        },
    );
    let allow = match &cfg.identity_pool {
        Some(ip) if cfg.auth_resources != AuthResources::UserPoolOnly => {
            b.member(
                "IdentityPoolConfigs.IdentityPoolName",
                shown(&ip.identity_pool_name),
                "cfnIdentityPool.identityPoolName",
                Kind::Override,
                "Gen 1 deployed it with the env suffix",
            );
            b.override_stmt(
                "IdentityPoolConfigs.IdentityPoolName.",
                format!(
                    "cfnIdentityPool.identityPoolName = {};",
                    string(&ip.identity_pool_name)
                ),
            );
            b.member(
                "IdentityPoolConfigs.UnauthenticatedLogin",
                ip.unauthenticated_login.to_string(),
                "cfnIdentityPool.allowUnauthenticatedIdentities",
                Kind::Override,
                "Gen 2 allows guests by default: always written",
            );
            ip.unauthenticated_login
        }
        other => {
            if let Some(ip) = other {
                for (p, v) in [
                    ("IdentityPoolName", shown(&ip.identity_pool_name)),
                    ("UnauthenticatedLogin", ip.unauthenticated_login.to_string()),
                ] {
                    b.member(
                        &format!("IdentityPoolConfigs.{p}"),
                        v,
                        "(no identity pool in Gen 1)",
                        Kind::NotExpressible,
                        "USER_POOL_ONLY: the Gen 1 resource has no identity pool, so this is unused",
                    );
                }
            }
            b.todo.push("Gen 2 makes an identity pool the Gen 1 resource does not have (USER_POOL_ONLY); it is closed to guests. Grant its authenticated role nothing you do not mean to".into());
            false
        }
    };
    b.override_stmt(
        "IdentityPoolConfigs.UnauthenticatedLogin (Gen 2 allows guests by default).",
        format!("cfnIdentityPool.allowUnauthenticatedIdentities = {allow};"),
    );
}

fn live_extras(live: &Gen2Live, b: &mut Build) {
    if !live.groups.is_empty() {
        b.auth.set("groups", strs(&live.groups));
        b.member(
            "Live.Groups",
            list(&live.groups),
            "groups",
            Kind::Native,
            "in precedence order; Gen 2 makes a role per group without permissions: attach the Gen 1 groups' policies by hand",
        );
    }
    for t in &live.triggers {
        b.member(
            &format!("Live.LambdaConfig.{}", shown(t)),
            "(a Lambda function)".into(),
            "triggers",
            Kind::NotExpressible,
            "the function's code is not part of the auth record: port it with defineFunction and set it under triggers",
        );
        b.todo.push(format!(
            "Port the {} trigger: defineFunction with its code, then triggers in defineAuth",
            shown(t)
        ));
    }
    match live.case_sensitive {
        Some(true) => {
            b.member(
                "Live.UsernameConfiguration.CaseSensitive",
                "true".into(),
                "cfnUserPool.usernameConfiguration",
                Kind::Override,
                "Gen 2 makes sign-in case-insensitive",
            );
            b.override_stmt(
                "The live pool's sign-in is case-sensitive (Gen 2's default is not).",
                "cfnUserPool.usernameConfiguration = { caseSensitive: true };".into(),
            );
        }
        Some(false) => b.member(
            "Live.UsernameConfiguration.CaseSensitive",
            "false".into(),
            "(Gen 2's default)",
            Kind::Native,
            "",
        ),
        None => b.member(
            "Live.UsernameConfiguration.CaseSensitive",
            "(not read)".into(),
            "(Gen 2's default: case-insensitive)",
            Kind::Native,
            "not in the record: pools made before 2020 may be case-sensitive; Gen 2's is not",
        ),
    }
    if let Some(tier) = &live.user_pool_tier {
        b.member(
            "Live.UserPoolTier",
            shown(tier),
            "cfnUserPool.userPoolTier",
            Kind::Override,
            "the feature plan (billing)",
        );
        b.override_stmt(
            "The live pool's feature plan.",
            format!("cfnUserPool.userPoolTier = {};", string(tier)),
        );
    }
}

fn steps(cfg: &AuthConfig, cx: &Gen2Context, b: &Build, reference: bool) -> Vec<String> {
    let mut s = vec![
        "In the app's repository: npm add --save-dev @aws-amplify/backend@1 @aws-amplify/backend-cli@1 aws-cdk-lib constructs typescript (or npm create amplify@latest)".to_string(),
        "Put amplify/auth/resource.ts and amplify/backend.ts in place (where a backend.ts exists, add the lines printed for it)".to_string(),
    ];
    for sec in &b.secrets {
        s.push(format!(
            "Set secret {}: npx ampx sandbox secret set {} (for a branch: Amplify console > the app > Hosting > Secrets); the value: {}",
            sec.name, sec.name, sec.source
        ));
    }
    s.push("Deploy a sandbox and check it: npx ampx sandbox".into());
    if reference {
        s.push("Nothing changes in the Gen 1 pools: Gen 2 refers to them. Users, providers and the hosted UI stay as they are".into());
        return s;
    }
    if let Some(o) = &cfg.user_pool.oauth {
        let old = cx
            .ids
            .hosted_ui_domain
            .clone()
            .or_else(|| o.domain_prefix.as_ref().map(|p| format!("{p}-{}", cx.env)));
        let providers: Vec<&str> = cfg
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
                    .map(|x| x.config_name())
                    .collect()
            })
            .unwrap_or_default();
        let new = if cx.keep_domain {
            old.clone()
                .map(|d| {
                    format!(
                        "https://{d}.auth.{}.amazoncognito.com/oauth2/idpresponse (kept)",
                        shown(&cx.region)
                    )
                })
                .unwrap_or_default()
        } else {
            "https://<the domain in amplify_outputs.json auth.oauth.domain after the deploy>/oauth2/idpresponse".to_string()
        };
        if !providers.is_empty() {
            let was = old
                .map(|d| {
                    format!(
                        "https://{}.auth.{}.amazoncognito.com/oauth2/idpresponse",
                        shown(&d),
                        shown(&cx.region)
                    )
                })
                .unwrap_or_else(|| "(no Gen 1 domain)".into());
            s.push(format!(
                "In each provider's console ({}), add the Gen 2 redirect URL beside the Gen 1 one: Gen 1 {was}; Gen 2 {new}",
                providers.join(", ")
            ));
        }
        s.push("Add the Gen 2 hosting URL of each branch (https://<branch>.<appId>.amplifyapp.com/) to callbackUrls and logoutUrls when the frontend moves".into());
    }
    s.push("The new user pool starts empty: move the users (a userMigration trigger, or an import job), or keep the Gen 1 pool with --mode reference".into());
    s.push("Point the frontend at amplify_outputs.json (npx ampx generate outputs) instead of amplifyconfiguration.json / aws-exports.js".into());
    s.extend(b.todo.iter().cloned());
    for m in &b.members {
        if m.kind == Kind::NotExpressible {
            s.push(format!("By hand: {} ({}): {}", m.path, m.value, m.note));
        }
    }
    s
}
