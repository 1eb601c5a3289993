//! The live Cognito resources in the sandbox's account, served over the awsJson1_1 protocol on the
//! same endpoint (`POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>` or
//! `AWSCognitoIdentityService.<Op>`, SigV4 for `cognito-idp` / `cognito-identity`), so a console
//! change can be rehearsed with the AWS CLI and the app reads the pool through the real SDK.
//!
//! Each pool is one row holding Cognito's own answer shapes (cognito-idp / cognito-identity
//! models): a user pool row is `{"UserPool": UserPoolType, "Mfa": GetUserPoolMfaConfig answer,
//! "Clients": [UserPoolClientType], "Groups": [GroupType], "IdentityProviders":
//! [IdentityProviderType], "Domain": DomainDescriptionType | null}`; an identity pool row is
//! `{"IdentityPool": IdentityPool, "Roles": {...}}`. Rows are made by the pools of
//! `serve --cognito FILE` and the demo, and by AmplifyBackend jobs ([`apply_record`]).
//!
//! Rules, each with its source:
//! - UpdateUserPool sets every member it is not given to its default (cognito-idp API reference,
//!   UpdateUserPool: "If you don't provide a value for an attribute, Amazon Cognito sets it to its
//!   default value"). UpdateUserPoolClient has the same sentence. UpdateIdentityPool replaces the
//!   pool's settings with the request (its input is the whole `IdentityPool`).
//! - AddCustomAttributes refuses an attribute that exists ("Existing schema attributes cannot be
//!   modified or deleted", the message amplify-cli#14975 quotes); names get the `custom:` prefix.
//! - CreateGroup refuses an existing name (GroupExistsException, cognito-idp model).
//! - A job that changes the pool applies the record's whole template state through the
//!   UpdateUserPool rule, so it reverts console changes to the pool (evidence §8.11, an inference
//!   for the CloudFormation path: the conservative reading, which exposes a client that does not
//!   check). Where evidence is silent (UserPoolTier on UpdateUserPool), the member is reset too,
//!   to Essentials, the default for new pools.

use axum::http::StatusCode;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Map, Value, json};

use super::cognito_account::CognitoAccount;
use super::cognito_names::AuthIds;
use super::cognito_template::{self, Template};
use super::errors::ApiError;
use super::ids;
use super::meta::ACCOUNT_ID;
use crate::domain::config::AuthConfig;
use crate::model::{self, Facts};

const USER_POOL: &str = "user_pool";
const IDENTITY_POOL: &str = "identity_pool";

/// Which Cognito service a request is for, from its `X-Amz-Target`.
pub fn target(headers: &axum::http::HeaderMap) -> Option<(&'static Facts, String)> {
    let t = headers.get("x-amz-target")?.to_str().ok()?;
    let (prefix, op) = t.split_once('.')?;
    let facts = match prefix {
        "AWSCognitoIdentityProviderService" => model::cognito_idp(),
        "AWSCognitoIdentityService" => model::cognito_identity(),
        _ => return None,
    };
    Some((facts, op.to_string()))
}

fn err(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

fn not_found(message: impl Into<String>) -> ApiError {
    err("ResourceNotFoundException", message)
}

fn load(tx: &Transaction<'_>, id: &str, kind: &str) -> Result<Option<Value>, ApiError> {
    let doc: Option<String> = tx
        .query_row(
            "SELECT doc FROM cognito_live WHERE id = ?1 AND kind = ?2",
            params![id, kind],
            |r| r.get(0),
        )
        .optional()?;
    doc.map(|d| {
        serde_json::from_str(&d)
            .map_err(|e| ApiError::internal(format!("a stored Cognito pool is damaged: {e}")))
    })
    .transpose()
}

fn save(tx: &Transaction<'_>, id: &str, kind: &str, doc: &Value) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO cognito_live (id, kind, doc) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, kind = excluded.kind",
        params![id, kind, doc.to_string()],
    )?;
    Ok(())
}

fn user_pool(tx: &Transaction<'_>, id: &str) -> Result<Value, ApiError> {
    load(tx, id, USER_POOL)?.ok_or_else(|| not_found(format!("User pool {id} does not exist.")))
}

fn identity_pool(tx: &Transaction<'_>, id: &str) -> Result<Value, ApiError> {
    load(tx, id, IDENTITY_POOL)?.ok_or_else(|| not_found(format!("IdentityPool '{id}' not found.")))
}

fn s<'a>(input: &'a Value, k: &str) -> &'a str {
    input.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn list_mut<'a>(doc: &'a mut Value, k: &str) -> &'a mut Vec<Value> {
    if !doc.get(k).is_some_and(Value::is_array) {
        doc[k] = json!([]);
    }
    doc[k].as_array_mut().expect("just made an array")
}

/// One page of `items`: `NextToken` is the index of the next item, as a string.
fn page(
    items: Vec<Value>,
    max: Option<i64>,
    token: Option<&str>,
) -> Result<(Vec<Value>, Option<String>), ApiError> {
    let start = match token {
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| err("InvalidParameterException", "The NextToken is not valid."))?,
        None => 0,
    };
    let max = max.unwrap_or(60).clamp(1, 60) as usize;
    let end = (start + max).min(items.len());
    let next = (end < items.len()).then(|| end.to_string());
    Ok((items.get(start..end).unwrap_or_default().to_vec(), next))
}

/// A list answer: one page of `items` under `key`, with `NextToken` when more follow; the page
/// size is the request's `max_key` member.
fn listing(items: Vec<Value>, input: &Value, max_key: &str, key: &str) -> Result<Value, ApiError> {
    let (items, next) = page(items, input[max_key].as_i64(), input["NextToken"].as_str())?;
    let mut out = Map::new();
    out.insert(key.to_string(), Value::Array(items));
    if let Some(n) = next {
        out.insert("NextToken".into(), json!(n));
    }
    Ok(Value::Object(out))
}

/// Answers one Cognito operation. The input was checked against the model's input shape.
pub fn dispatch(
    tx: &Transaction<'_>,
    region: &str,
    op: &str,
    input: &Value,
    now: i64,
) -> Result<Value, ApiError> {
    let now_s = json!(now as f64 / 1000.0);
    match op {
        "DescribeUserPool" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            Ok(json!({"UserPool": doc["UserPool"]}))
        }
        "GetUserPoolMfaConfig" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            Ok(mfa_answer(&doc))
        }
        "ListUserPoolClients" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            let keys = ["ClientId", "UserPoolId", "ClientName"];
            let items = summaries(&doc, "Clients", &keys, s(input, "UserPoolId"));
            listing(items, input, "MaxResults", "UserPoolClients")
        }
        "DescribeUserPoolClient" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            let id = s(input, "ClientId");
            let c = member(&doc, "Clients", "ClientId", id)
                .ok_or_else(|| not_found(format!("User pool client {id} does not exist.")))?;
            Ok(json!({"UserPoolClient": c}))
        }
        "DescribeUserPoolDomain" => describe_domain(tx, input),
        "ListIdentityProviders" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            let items = summaries(
                &doc,
                "IdentityProviders",
                &["ProviderName", "ProviderType"],
                "",
            );
            listing(items, input, "MaxResults", "Providers")
        }
        "DescribeIdentityProvider" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            let name = s(input, "ProviderName");
            let p = member(&doc, "IdentityProviders", "ProviderName", name)
                .ok_or_else(|| not_found(format!("Identity provider {name} does not exist.")))?;
            Ok(json!({"IdentityProvider": p}))
        }
        "ListGroups" => {
            let doc = user_pool(tx, s(input, "UserPoolId"))?;
            let items = doc["Groups"].as_array().cloned().unwrap_or_default();
            listing(items, input, "Limit", "Groups")
        }
        "UpdateUserPool" => {
            let id = s(input, "UserPoolId");
            let mut doc = user_pool(tx, id)?;
            update_user_pool(&mut doc, input, &now_s);
            save(tx, id, USER_POOL, &doc)?;
            Ok(json!({}))
        }
        "SetUserPoolMfaConfig" => {
            let id = s(input, "UserPoolId");
            let mut doc = user_pool(tx, id)?;
            set_mfa(&mut doc, input);
            save(tx, id, USER_POOL, &doc)?;
            Ok(mfa_answer(&doc))
        }
        "AddCustomAttributes" => add_custom_attributes(tx, input, now_s),
        "CreateGroup" => create_group(tx, input, now_s),
        "UpdateUserPoolClient" => update_user_pool_client(tx, input, &now_s),
        "UpdateIdentityProvider" => update_identity_provider(tx, input, now_s),
        "DescribeIdentityPool" => {
            Ok(identity_pool(tx, s(input, "IdentityPoolId"))?["IdentityPool"].clone())
        }
        "GetIdentityPoolRoles" => {
            let id = s(input, "IdentityPoolId");
            let doc = identity_pool(tx, id)?;
            Ok(json!({"IdentityPoolId": id, "Roles": doc["Roles"]}))
        }
        "UpdateIdentityPool" => {
            let id = s(input, "IdentityPoolId");
            let mut doc = identity_pool(tx, id)?;
            update_identity_pool(&mut doc, input);
            save(tx, id, IDENTITY_POOL, &doc)?;
            Ok(doc["IdentityPool"].clone())
        }
        other => {
            let _ = region;
            Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                format!("The sandbox does not serve the Cognito operation {other}."),
            ))
        }
    }
}

/// The member of the pool's list `list` whose `key` is `value`.
fn member<'a>(doc: &'a Value, list: &str, key: &str, value: &str) -> Option<&'a Value> {
    doc[list].as_array()?.iter().find(|m| m[key] == value)
}

fn member_mut<'a>(doc: &'a mut Value, list: &str, key: &str, value: &str) -> Option<&'a mut Value> {
    doc[list]
        .as_array_mut()?
        .iter_mut()
        .find(|m| m[key] == value)
}

/// A List operation's items: only the `keys` of each member (the summary types of the
/// cognito-idp model); `UserPoolId` is the pool's, which the members do not hold.
fn summaries(doc: &Value, list: &str, keys: &[&str], pool_id: &str) -> Vec<Value> {
    let members = doc[list].as_array().map(Vec::as_slice).unwrap_or_default();
    members
        .iter()
        .map(|m| {
            let pick = keys.iter().map(|&k| {
                let v = if k == "UserPoolId" {
                    json!(pool_id)
                } else {
                    m[k].clone()
                };
                (k.to_string(), v)
            });
            Value::Object(pick.collect())
        })
        .collect()
}

/// GetUserPoolMfaConfig's answer: the MFA settings with the pool's MfaConfiguration.
fn mfa_answer(doc: &Value) -> Value {
    let mut out = doc["Mfa"].as_object().cloned().unwrap_or_default();
    out.insert(
        "MfaConfiguration".into(),
        doc["UserPool"]["MfaConfiguration"].clone(),
    );
    Value::Object(out)
}

/// Cognito answers an unknown domain with an empty description, not an error.
/// A user pool by its domain; the same expression as the store's `cognito_live_domain` index, so
/// SQLite looks it up instead of reading every pool.
const DOMAIN_LOOKUP: &str = "SELECT doc FROM cognito_live
     WHERE kind = ?1 AND json_extract(doc, '$.Domain.Domain') = ?2 LIMIT 1";

fn describe_domain(tx: &Transaction<'_>, input: &Value) -> Result<Value, ApiError> {
    let doc: Option<String> = tx
        .query_row(DOMAIN_LOOKUP, params![USER_POOL, s(input, "Domain")], |r| {
            r.get(0)
        })
        .optional()?;
    // The query matched the domain already; a damaged document answers as no domain, as before.
    let found = doc.and_then(|d| serde_json::from_str::<Value>(&d).ok());
    Ok(json!({"DomainDescription": found.map_or_else(|| json!({}), |v| v["Domain"].clone())}))
}

/// AddCustomAttributes: existing names are refused (rule in the module doc).
fn add_custom_attributes(
    tx: &Transaction<'_>,
    input: &Value,
    now_s: Value,
) -> Result<Value, ApiError> {
    let id = s(input, "UserPoolId");
    let mut doc = user_pool(tx, id)?;
    let attrs = input["CustomAttributes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let schema = list_mut(&mut doc["UserPool"], "SchemaAttributes");
    for a in attrs {
        let bare = a["Name"].as_str().unwrap_or_default();
        let name = format!("custom:{}", bare.trim_start_matches("custom:"));
        if schema.iter().any(|x| x["Name"] == name.as_str()) {
            return Err(err(
                "InvalidParameterException",
                format!("Existing schema attributes cannot be modified or deleted. ({name})"),
            ));
        }
        let mut a = a.clone();
        a["Name"] = json!(name);
        if a.get("Mutable").is_none() {
            a["Mutable"] = json!(true);
        }
        a["Required"] = json!(false);
        a["DeveloperOnlyAttribute"] = json!(false);
        schema.push(a);
    }
    doc["UserPool"]["LastModifiedDate"] = now_s;
    save(tx, id, USER_POOL, &doc)?;
    Ok(json!({}))
}

/// CreateGroup: an existing name is refused (rule in the module doc).
fn create_group(tx: &Transaction<'_>, input: &Value, now_s: Value) -> Result<Value, ApiError> {
    let id = s(input, "UserPoolId");
    let mut doc = user_pool(tx, id)?;
    let name = s(input, "GroupName").to_string();
    let groups = list_mut(&mut doc, "Groups");
    if groups.iter().any(|g| g["GroupName"] == name.as_str()) {
        return Err(err(
            "GroupExistsException",
            format!("A group with the name {name} already exists."),
        ));
    }
    let mut g = json!({"GroupName": name, "UserPoolId": id, "CreationDate": now_s, "LastModifiedDate": now_s});
    for k in ["Description", "RoleArn", "Precedence"] {
        if let Some(v) = input.get(k) {
            g[k] = v.clone();
        }
    }
    groups.push(g.clone());
    save(tx, id, USER_POOL, &doc)?;
    Ok(json!({"Group": g}))
}

fn update_user_pool_client(
    tx: &Transaction<'_>,
    input: &Value,
    now_s: &Value,
) -> Result<Value, ApiError> {
    let id = s(input, "UserPoolId");
    let mut doc = user_pool(tx, id)?;
    let cid = s(input, "ClientId");
    let c = member_mut(&mut doc, "Clients", "ClientId", cid)
        .ok_or_else(|| not_found(format!("User pool client {cid} does not exist.")))?;
    update_client(c, input, now_s);
    let out = c.clone();
    save(tx, id, USER_POOL, &doc)?;
    Ok(json!({"UserPoolClient": out}))
}

fn update_identity_provider(
    tx: &Transaction<'_>,
    input: &Value,
    now_s: Value,
) -> Result<Value, ApiError> {
    let id = s(input, "UserPoolId");
    let mut doc = user_pool(tx, id)?;
    let name = s(input, "ProviderName");
    let p = member_mut(&mut doc, "IdentityProviders", "ProviderName", name)
        .ok_or_else(|| not_found(format!("Identity provider {name} does not exist.")))?;
    // Only the members given change (the API reference has no reset sentence here).
    for k in ["ProviderDetails", "AttributeMapping", "IdpIdentifiers"] {
        if let Some(v) = input.get(k) {
            p[k] = v.clone();
        }
    }
    p["LastModifiedDate"] = now_s;
    let out = p.clone();
    save(tx, id, USER_POOL, &doc)?;
    Ok(json!({"IdentityProvider": out}))
}

/// The Cognito operations served, for the 400 on others and the docs.
pub const SERVED: &[&str] = &[
    "DescribeUserPool",
    "GetUserPoolMfaConfig",
    "ListUserPoolClients",
    "DescribeUserPoolClient",
    "DescribeUserPoolDomain",
    "ListIdentityProviders",
    "DescribeIdentityProvider",
    "ListGroups",
    "UpdateUserPool",
    "SetUserPoolMfaConfig",
    "AddCustomAttributes",
    "CreateGroup",
    "UpdateUserPoolClient",
    "UpdateIdentityProvider",
    "DescribeIdentityPool",
    "GetIdentityPoolRoles",
    "UpdateIdentityPool",
];

/// Cognito's default password policy (cognito-idp API reference, PasswordPolicyType).
fn default_password_policy() -> Value {
    json!({"MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
           "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7})
}

/// UpdateUserPool: every member of the request is set, every member it does not give goes back
/// to its default (see the module comment). `PoolName` absent keeps the name.
fn update_user_pool(doc: &mut Value, input: &Value, now: &Value) {
    let pool = &mut doc["UserPool"];
    let given = |k: &str| input.get(k).filter(|v| !v.is_null()).cloned();
    let mut policies = given("Policies").unwrap_or_else(|| json!({}));
    if policies.get("PasswordPolicy").is_none() {
        policies["PasswordPolicy"] = default_password_policy();
    }
    if policies.get("SignInPolicy").is_none() {
        policies["SignInPolicy"] = json!({"AllowedFirstAuthFactors": ["PASSWORD"]});
    }
    pool["Policies"] = policies;
    pool["DeletionProtection"] = given("DeletionProtection").unwrap_or(json!("INACTIVE"));
    pool["LambdaConfig"] = given("LambdaConfig").unwrap_or(json!({}));
    pool["AutoVerifiedAttributes"] = given("AutoVerifiedAttributes").unwrap_or(json!([]));
    pool["MfaConfiguration"] = given("MfaConfiguration").unwrap_or(json!("OFF"));
    pool["UserPoolAddOns"] =
        given("UserPoolAddOns").unwrap_or(json!({"AdvancedSecurityMode": "OFF"}));
    pool["UserPoolTier"] = given("UserPoolTier").unwrap_or(json!("ESSENTIALS"));
    pool["VerificationMessageTemplate"] = given("VerificationMessageTemplate")
        .unwrap_or(json!({"DefaultEmailOption": "CONFIRM_WITH_CODE"}));
    for k in [
        "SmsVerificationMessage",
        "EmailVerificationMessage",
        "EmailVerificationSubject",
        "SmsAuthenticationMessage",
        "UserAttributeUpdateSettings",
        "DeviceConfiguration",
        "EmailConfiguration",
        "SmsConfiguration",
        "UserPoolTags",
        "AdminCreateUserConfig",
        "AccountRecoverySetting",
    ] {
        match given(k) {
            Some(v) => pool[k] = v,
            None => {
                if let Some(o) = pool.as_object_mut() {
                    o.remove(k);
                }
            }
        }
    }
    if let Some(n) = given("PoolName") {
        pool["Name"] = n;
    }
    // MFA off turns the second factors off with it.
    if pool["MfaConfiguration"] == "OFF" {
        doc["Mfa"] = json!({});
    }
    doc["UserPool"]["LastModifiedDate"] = now.clone();
}

fn set_mfa(doc: &mut Value, input: &Value) {
    let mut mfa = doc["Mfa"].as_object().cloned().unwrap_or_default();
    for k in [
        "SmsMfaConfiguration",
        "SoftwareTokenMfaConfiguration",
        "EmailMfaConfiguration",
        "WebAuthnConfiguration",
    ] {
        if let Some(v) = input.get(k) {
            mfa.insert(k.into(), v.clone());
        }
    }
    if let Some(m) = input.get("MfaConfiguration") {
        doc["UserPool"]["MfaConfiguration"] = m.clone();
    }
    doc["Mfa"] = Value::Object(mfa);
}

/// UpdateUserPoolClient: the request's members replace the client's; the ones it does not give
/// go back to their defaults (absent). Id, name default, secret and dates are kept.
fn update_client(c: &mut Value, input: &Value, now: &Value) {
    let mut out = Map::new();
    for k in [
        "UserPoolId",
        "ClientId",
        "ClientSecret",
        "CreationDate",
        "ClientName",
    ] {
        if let Some(v) = c.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    if let Some(o) = input.as_object() {
        for (k, v) in o {
            if k != "UserPoolId" && k != "ClientId" {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    // The documented defaults of what was not given: token revocation on (cognito-idp API
    // reference, EnableTokenRevocation), OAuth off for the client.
    out.entry("EnableTokenRevocation").or_insert(json!(true));
    out.entry("AllowedOAuthFlowsUserPoolClient")
        .or_insert(json!(false));
    out.insert("LastModifiedDate".into(), now.clone());
    *c = Value::Object(out);
}

fn update_identity_pool(doc: &mut Value, input: &Value) {
    let mut pool = input.clone();
    if let Some(o) = pool.as_object_mut() {
        o.remove("IdentityPoolTags");
    }
    doc["IdentityPool"] = pool;
}

/// Seeds the live pools: the account's (`serve --cognito FILE`, the demo) and, for every auth
/// resource made without a job (demo data), the pools its record amounts to. Each only once: a
/// restarted sandbox keeps what was changed since.
pub fn seed(tx: &Transaction<'_>, account: &CognitoAccount, region: &str) -> Result<(), ApiError> {
    seed_account(tx, account, region)?;
    for app in super::store::list_apps(tx)? {
        for env in super::store::list_envs(tx, &app.app_id)? {
            let stack = super::meta::stack_name(&app, &env);
            for a in super::store::list_auth(tx, &app.app_id, &env.env)? {
                if a.imported.is_some() || load(tx, &a.ids.user_pool_id, USER_POOL)?.is_some() {
                    continue;
                }
                let now = a.update_ms;
                apply_record(tx, region, &env.env, &stack, &a.ids, None, &a.config, now)?;
            }
        }
    }
    Ok(())
}

fn seed_account(
    tx: &Transaction<'_>,
    account: &CognitoAccount,
    region: &str,
) -> Result<(), ApiError> {
    let now = json!(ids::now_ms() as f64 / 1000.0);
    for p in &account.user_pools {
        if load(tx, &p.id, USER_POOL)?.is_some() {
            continue;
        }
        let policy = p.policies.as_ref().and_then(|x| x.password_policy.as_ref());
        let mut schema: Vec<Value> = Vec::new();
        for a in &p.schema_attributes {
            schema.push(
                json!({"Name": a.name, "AttributeDataType": "String", "Mutable": true,
                               "Required": a.required, "DeveloperOnlyAttribute": false}),
            );
        }
        let pool = json!({
            "Id": p.id, "Name": p.name,
            "Arn": format!("arn:aws:cognito-idp:{region}:{ACCOUNT_ID}:userpool/{}", p.id),
            "Policies": {
                "PasswordPolicy": policy.map(|pp| json!({
                    "MinimumLength": pp.minimum_length.unwrap_or(8),
                    "RequireUppercase": pp.require_uppercase, "RequireLowercase": pp.require_lowercase,
                    "RequireNumbers": pp.require_numbers, "RequireSymbols": pp.require_symbols,
                    "TemporaryPasswordValidityDays": 7,
                })).unwrap_or_else(default_password_policy),
                "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]},
            },
            "DeletionProtection": "INACTIVE",
            "LambdaConfig": {},
            "SchemaAttributes": schema,
            "AutoVerifiedAttributes": p.auto_verified_attributes,
            "UsernameAttributes": p.username_attributes,
            "MfaConfiguration": p.mfa_configuration.clone().unwrap_or_else(|| "OFF".into()),
            "UserPoolTier": "ESSENTIALS",
            "UserPoolAddOns": {"AdvancedSecurityMode": "OFF"},
            "UsernameConfiguration": {"CaseSensitive": false},
            "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
            "Domain": p.domain,
            "CreationDate": now, "LastModifiedDate": now,
        });
        let clients: Vec<Value> = p
            .clients
            .iter()
            .map(|c| {
                let mut v = json!({
                    "UserPoolId": p.id, "ClientId": c.client_id,
                    "ClientName": c.client_name.clone().unwrap_or_else(|| c.client_id.clone()),
                    "CallbackURLs": c.callback_urls, "LogoutURLs": c.logout_urls,
                    "AllowedOAuthFlows": c.allowed_oauth_flows, "AllowedOAuthScopes": c.allowed_oauth_scopes,
                    "EnableTokenRevocation": true, "RefreshTokenValidity": 30,
                    "CreationDate": now, "LastModifiedDate": now,
                });
                if c.has_secret {
                    v["ClientSecret"] = json!(ids::lower_alnum(51));
                }
                v
            })
            .collect();
        let domain = p
            .domain
            .as_ref()
            .map(|d| domain_description(&p.id, d, region));
        let doc = json!({"UserPool": pool, "Mfa": {}, "Clients": clients, "Groups": [],
                         "IdentityProviders": [], "Domain": domain});
        save(tx, &p.id, USER_POOL, &doc)?;
    }
    for i in &account.identity_pools {
        if load(tx, &i.identity_pool_id, IDENTITY_POOL)?.is_some() {
            continue;
        }
        let doc = json!({
            "IdentityPool": {"IdentityPoolId": i.identity_pool_id, "IdentityPoolName": i.identity_pool_name,
                              "AllowUnauthenticatedIdentities": i.allow_unauthenticated_identities,
                              "AllowClassicFlow": false},
            "Roles": {},
        });
        save(tx, &i.identity_pool_id, IDENTITY_POOL, &doc)?;
    }
    Ok(())
}

fn domain_description(pool_id: &str, domain: &str, region: &str) -> Value {
    json!({
        "UserPoolId": pool_id, "AWSAccountId": ACCOUNT_ID, "Domain": domain,
        "S3Bucket": format!("aws-cognito-prod-{region}-assets"),
        "CloudFrontDistribution": format!("{}.cloudfront.net", ids::lower_alnum(14)),
        "Version": "20260101000000", "Status": "ACTIVE",
        // The CLI's hostedUILambda calls CreateUserPoolDomain without ManagedLoginVersion: the
        // classic hosted UI (cognito-idp model: 1 is the classic hosted UI).
        "ManagedLoginVersion": 1,
    })
}

/// The names and settings an app client gets from the CLI's stack (stack-builder
/// `UserPoolClientWeb` / `UserPoolClient`): refresh token validity 30 days, no secret on the web
/// client, a secret on the native one.
fn new_client(pool_id: &str, id: &str, name: &str, secret: bool, now: &Value) -> Value {
    let mut c = json!({
        "UserPoolId": pool_id, "ClientId": id, "ClientName": name,
        "RefreshTokenValidity": 30, "TokenValidityUnits": {"RefreshToken": "days"},
        "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        "EnableTokenRevocation": true, "PreventUserExistenceErrors": "LEGACY",
        "AllowedOAuthFlowsUserPoolClient": false,
        "CreationDate": now, "LastModifiedDate": now,
    });
    if secret {
        c["ClientSecret"] = json!(ids::lower_alnum(51));
    }
    c
}

/// Applies an AmplifyBackend job's record to the live pools: a new resource makes them; an
/// update applies each part whose template changed, the whole part at once (see the module
/// comment). `old` is the record before the job (`None` for a new resource).
#[allow(clippy::too_many_arguments)]
pub fn apply_record(
    tx: &Transaction<'_>,
    region: &str,
    env: &str,
    stack: &str,
    ids: &AuthIds,
    old: Option<&AuthConfig>,
    new: &AuthConfig,
    now: i64,
) -> Result<(), ApiError> {
    let now_s = json!(now as f64 / 1000.0);
    let t = cognito_template::template(new, env);
    let before: Option<Template> = old.map(|o| cognito_template::template(o, env));
    let mut doc = match load(tx, &ids.user_pool_id, USER_POOL)? {
        Some(d) if old.is_some() => d,
        _ => new_user_pool(region, ids, new, &now_s),
    };
    let changed = |f: fn(&Template) -> &Value| before.as_ref().is_none_or(|b| f(b) != f(&t));
    if changed(|t| &t.pool) {
        update_user_pool(&mut doc, &t.pool, &now_s);
    }
    if changed(|t| &t.mfa) || changed(|t| &t.pool) {
        set_mfa(&mut doc, &t.mfa);
    }
    let oauth_changed = before
        .as_ref()
        .is_none_or(|b| b.oauth != t.oauth || b.providers != t.providers);
    if oauth_changed {
        apply_oauth(&mut doc, &t, ids, &now_s);
    }
    if before.as_ref().is_none_or(|b| b.domain != t.domain) {
        doc["Domain"] = match &t.domain {
            Some(d) => domain_description(&ids.user_pool_id, d, region),
            None => Value::Null,
        };
        doc["UserPool"]["Domain"] = t.domain.as_ref().map(|d| json!(d)).unwrap_or(Value::Null);
    }
    save(tx, &ids.user_pool_id, USER_POOL, &doc)?;
    apply_identity_pool(tx, region, stack, ids, before.as_ref(), &t)?;
    Ok(())
}

/// A user pool as a new resource's stack makes it: the schema and sign-in from the config, the
/// web and native app clients (`<short>_app_clientWeb` without a secret, `<short>_app_client`
/// with one), nothing else yet.
fn new_user_pool(region: &str, ids: &AuthIds, new: &AuthConfig, now_s: &Value) -> Value {
    json!({
        "UserPool": {
            "Id": ids.user_pool_id,
            "Arn": format!("arn:aws:cognito-idp:{region}:{ACCOUNT_ID}:userpool/{}", ids.user_pool_id),
            "SchemaAttributes": cognito_template::schema(new),
            "UsernameAttributes": cognito_template::username_attributes(&new.user_pool.sign_in_method),
            "UsernameConfiguration": {"CaseSensitive": false},
            "CreationDate": now_s,
            "EstimatedNumberOfUsers": 0,
        },
        "Mfa": {},
        "Clients": [
            new_client(&ids.user_pool_id, &ids.app_client_id_web, &format!("{}_app_clientWeb", short(&new.user_pool.user_pool_name)), false, now_s),
            new_client(&ids.user_pool_id, &ids.app_client_id, &format!("{}_app_client", short(&new.user_pool.user_pool_name)), true, now_s),
        ],
        "Groups": [],
        "IdentityProviders": [],
        "Domain": null,
    })
}

/// The OAuth part of a job: the identity providers and both app clients' OAuth settings.
fn apply_oauth(doc: &mut Value, t: &Template, ids: &AuthIds, now_s: &Value) {
    // hostedUIProviderLambda: create or update each provider, delete the others.
    doc["IdentityProviders"] = Value::Array(
        t.providers
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p["UserPoolId"] = json!(ids.user_pool_id);
                p["CreationDate"] = now_s.clone();
                p["LastModifiedDate"] = now_s.clone();
                p
            })
            .collect(),
    );
    // oauthLambda: UpdateUserPoolClient on both clients with the OAuth settings (the whole
    // client state the CLI knows, so the rest of each client goes back to its defaults).
    if let Some(clients) = doc["Clients"].as_array_mut() {
        for c in clients.iter_mut() {
            let mut input = json!({
                "ClientName": c["ClientName"], "RefreshTokenValidity": 30,
                "TokenValidityUnits": {"RefreshToken": "days"},
                "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            });
            if let Some(o) = t.oauth.as_ref().and_then(Value::as_object) {
                for (k, v) in o {
                    input[k] = v.clone();
                }
            }
            update_client(c, &input, now_s);
        }
    }
}

/// The identity pool part of a job: made when missing, replaced when its template changed.
fn apply_identity_pool(
    tx: &Transaction<'_>,
    region: &str,
    stack: &str,
    ids: &AuthIds,
    before: Option<&Template>,
    t: &Template,
) -> Result<(), ApiError> {
    let (Some(id), Some(ip)) = (&ids.identity_pool_id, &t.identity) else {
        return Ok(());
    };
    let existing = load(tx, id, IDENTITY_POOL)?;
    if existing.is_none() || before.is_none_or(|b| b.identity.as_ref() != Some(ip)) {
        let mut input = ip.clone();
        input["IdentityPoolId"] = json!(id);
        input["AllowClassicFlow"] = json!(false);
        input["CognitoIdentityProviders"] = cognito_template::identity_providers(region, ids);
        let mut doc = existing.unwrap_or_else(|| {
            json!({"IdentityPool": {}, "Roles": {
                "authenticated": format!("arn:aws:iam::{ACCOUNT_ID}:role/{stack}-authRole"),
                "unauthenticated": format!("arn:aws:iam::{ACCOUNT_ID}:role/{stack}-unauthRole"),
            }})
        });
        update_identity_pool(&mut doc, &input);
        save(tx, id, IDENTITY_POOL, &doc)?;
    }
    Ok(())
}

/// The first 8 characters of the pool name, as the CLI's resource names use (`<short>_app_client`).
fn short(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect()
}

/// Removes the pools of a deleted resource (CloudFormation deletes the stack's pools).
pub fn remove(tx: &Transaction<'_>, ids: &AuthIds) -> Result<(), ApiError> {
    tx.execute(
        "DELETE FROM cognito_live WHERE id = ?1",
        [&ids.user_pool_id],
    )?;
    if let Some(i) = &ids.identity_pool_id {
        tx.execute("DELETE FROM cognito_live WHERE id = ?1", [i])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::StatePath;
    use crate::sandbox::store::Store;

    /// The domain lookup goes through the index: an audit asks it once per environment, and a
    /// scan parsed every pool each time (20,000 pools at 10,000 apps: minutes, not seconds).
    #[test]
    fn the_domain_lookup_uses_the_index_and_finds_the_pool() {
        let store = Store::open(&StatePath::Memory).unwrap();
        store
            .transaction(|tx| {
                let plan: Vec<String> = tx
                    .prepare(&format!("EXPLAIN QUERY PLAN {DOMAIN_LOOKUP}"))?
                    .query_map(params![USER_POOL, "x"], |r| r.get::<_, String>(3))?
                    .collect::<Result<_, _>>()?;
                assert!(
                    plan.iter().any(|p| p.contains("INDEX cognito_live_domain")),
                    "{plan:?}"
                );
                for (id, domain) in [("p1", "one-dev"), ("p2", "two-dev")] {
                    let doc = json!({"UserPool": {"Id": id}, "Domain": {"Domain": domain}});
                    save(tx, id, USER_POOL, &doc)?;
                }
                let found = describe_domain(tx, &json!({"Domain": "two-dev"}))?;
                assert_eq!(found["DomainDescription"]["Domain"], "two-dev");
                let none = describe_domain(tx, &json!({"Domain": "three-dev"}))?;
                assert_eq!(none, json!({"DomainDescription": {}}));
                Ok(())
            })
            .unwrap();
    }
}
