//! The operations the sandbox implements. Each takes the validated input in the CLI shape and
//! returns the output in the CLI shape; the server renames both to and from the wire with the
//! model facts, so a member the model does not have can never be written.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::Transaction;
use serde_json::{Value, json};

use super::errors::ApiError;
use super::jobs::{self, Effect, Outcome};
use super::meta::{self, ACCOUNT_ID, AuthIds};
use super::rules::events::{Deploy, job_error};
use super::rules::{self, Place};
use super::store::{self, AppRow, EnvRow};
use super::{read_back, update_semantics};
use crate::domain::{AuthConfig, AuthResources};
use crate::model;

mod clone;

/// Settings the operations need.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub region: String,
    pub job_duration_ms: i64,
    /// GetBackendAuth returns Facebook / Google / Amazon client secrets (`serve --return-secrets`).
    pub return_secrets: bool,
    /// `FaultConfig::clone_failure_rate`: the share of CloneBackend jobs that fail.
    pub clone_failure_rate: f64,
    /// The Cognito pools in the sandbox's account (what an import can name).
    pub cognito: std::sync::Arc<super::CognitoAccount>,
    /// `FaultConfig::auth_job_error`: the Error text auth jobs fail with.
    pub auth_job_error: Option<String>,
}

/// The operations answered for real. Every other operation of the model is recognised and refused
/// with a message naming it.
pub const IMPLEMENTED: &[&str] = &[
    "CreateBackend",
    "CloneBackend",
    "GetBackend",
    "CreateBackendAuth",
    "GetBackendAuth",
    "UpdateBackendAuth",
    "DeleteBackendAuth",
    "ImportBackendAuth",
    "GetBackendJob",
    "ListBackendJobs",
    "CreateApp",
    "ListApps",
    "ListBackendEnvironments",
];

/// Every input member the handlers read, by shape. A test checks each against the model facts, and
/// [`In::get`] refuses (in debug builds) to read a member that is not listed here, so the list and
/// the code cannot drift apart unnoticed.
pub const MEMBERS_READ: &[(&str, &[&str])] = &[
    (
        "CreateBackendRequest",
        &["AppId", "AppName", "BackendEnvironmentName"],
    ),
    (
        "CloneBackendRequest",
        &["AppId", "BackendEnvironmentName", "TargetEnvironmentName"],
    ),
    ("GetBackendRequest", &["AppId", "BackendEnvironmentName"]),
    (
        "CreateBackendAuthRequest",
        &[
            "AppId",
            "BackendEnvironmentName",
            "ResourceConfig",
            "ResourceName",
        ],
    ),
    (
        "GetBackendAuthRequest",
        &["AppId", "BackendEnvironmentName", "ResourceName"],
    ),
    (
        "UpdateBackendAuthRequest",
        &[
            "AppId",
            "BackendEnvironmentName",
            "ResourceConfig",
            "ResourceName",
        ],
    ),
    (
        "DeleteBackendAuthRequest",
        &["AppId", "BackendEnvironmentName", "ResourceName"],
    ),
    (
        "ImportBackendAuthRequest",
        &[
            "AppId",
            "BackendEnvironmentName",
            "IdentityPoolId",
            "NativeClientId",
            "UserPoolId",
            "WebClientId",
        ],
    ),
    (
        "GetBackendJobRequest",
        &["AppId", "BackendEnvironmentName", "JobId"],
    ),
    (
        "ListBackendJobsRequest",
        &[
            "AppId",
            "BackendEnvironmentName",
            "JobId",
            "MaxResults",
            "NextToken",
            "Operation",
            "Status",
        ],
    ),
    ("CreateAppRequest", &["name"]),
    ("ListAppsRequest", &["maxResults", "nextToken"]),
    (
        "ListBackendEnvironmentsRequest",
        &["appId", "environmentName", "maxResults", "nextToken"],
    ),
];

/// A validated input in the CLI shape, read member by member.
struct In<'a> {
    shape: &'static str,
    v: &'a Value,
}

impl<'a> In<'a> {
    fn get(&self, member: &str) -> Option<&'a Value> {
        debug_assert!(
            MEMBERS_READ
                .iter()
                .any(|(s, ms)| *s == self.shape && ms.contains(&member)),
            "{}.{member} is read but not listed in MEMBERS_READ",
            self.shape
        );
        self.v.get(member).filter(|v| !v.is_null())
    }

    fn str(&self, member: &str) -> Option<&'a str> {
        self.get(member).and_then(Value::as_str)
    }

    /// A member the validator already required.
    fn req(&self, member: &str) -> Result<&'a str, ApiError> {
        self.str(member).ok_or_else(|| {
            ApiError::internal(format!(
                "{}.{member} passed validation but is missing",
                self.shape
            ))
        })
    }
}

/// A call on one backend environment: `AppId`, `BackendEnvironmentName`, the member that names
/// what in it (a resource, a job, the target of a clone), and the app's row.
type EnvCall<'a> = (&'a str, &'a str, &'a str, AppRow);

/// The call's environment and `member`, the environment checked to exist (NotFound otherwise).
fn env_call<'a>(tx: &Transaction<'_>, inp: &In<'a>, member: &str) -> Result<EnvCall<'a>, ApiError> {
    let app_id = inp.req("AppId")?;
    let env = inp.req("BackendEnvironmentName")?;
    let name = inp.req(member)?;
    let (app, _) = store::require_env(tx, app_id, env)?;
    Ok((app_id, env, name, app))
}

/// [`env_call`] for a call that starts a job: refused while one of the environment's jobs is
/// still running, as the service does.
fn job_call<'a>(tx: &Transaction<'_>, inp: &In<'a>, member: &str) -> Result<EnvCall<'a>, ApiError> {
    let call = env_call(tx, inp, member)?;
    jobs::ensure_no_pending(tx, call.0, call.1)?;
    Ok(call)
}

/// Runs one implemented operation inside the caller's transaction.
pub fn dispatch(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    op: &str,
    input_shape: &'static str,
    input: &Value,
    now: i64,
) -> Result<Value, ApiError> {
    jobs::settle(tx, now)?;
    let inp = In {
        shape: input_shape,
        v: input,
    };
    match op {
        "CreateBackend" => create_backend(ctx, tx, &inp, now),
        "CloneBackend" => clone::clone_backend(ctx, tx, &inp, now),
        "GetBackend" => get_backend(ctx, tx, &inp),
        "CreateBackendAuth" => create_backend_auth(ctx, tx, &inp, now),
        "GetBackendAuth" => get_backend_auth(ctx, tx, &inp),
        "UpdateBackendAuth" => update_backend_auth(ctx, tx, &inp, now),
        "DeleteBackendAuth" => delete_backend_auth(ctx, tx, &inp, now),
        "ImportBackendAuth" => import_backend_auth(ctx, tx, &inp, now),
        "GetBackendJob" => get_backend_job(tx, &inp),
        "ListBackendJobs" => list_backend_jobs(tx, &inp),
        "CreateApp" => create_app(ctx, tx, &inp, now),
        "ListApps" => list_apps(ctx, tx, &inp),
        "ListBackendEnvironments" => list_backend_environments(ctx, tx, &inp),
        other => Err(not_implemented(other)),
    }
}

pub fn not_implemented(op: &str) -> ApiError {
    ApiError::not_implemented(format!(
        "{op} is not implemented by the amplify-auth sandbox (your request may be fine; the real service would answer it). The sandbox serves {}.",
        IMPLEMENTED.join(", ")
    ))
}

/// Checks a value against a shape of the Amplify model (bounds), as Amplify would for an app.
fn check_amplify(shape: &str, value: &str, wire_path: &str) -> Result<(), ApiError> {
    let v = model::amplify().validate(shape, &json!(value), wire_path);
    match v.first() {
        Some(x) => Err(ApiError::bad_request(x.message.clone())),
        None => Ok(()),
    }
}

/// Records a new backend environment (CreateBackend, CloneBackend): a name the app already has
/// is refused, and the environment gets its own stack suffix, as `amplify env add` makes one.
fn new_env(tx: &Transaction<'_>, app_id: &str, env: &str, now: i64) -> Result<(), ApiError> {
    if store::get_env(tx, app_id, env)?.is_some() {
        return Err(ApiError::bad_request(format!(
            "Backend environment {env} already exists for app {app_id}"
        )));
    }
    let suffix = format!("{:06}", rand::random::<u32>() % 1_000_000);
    store::insert_env(tx, app_id, env, &suffix, now)?;
    Ok(())
}

fn create_backend(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let app_id = inp.req("AppId")?;
    let app_name = inp.req("AppName")?;
    let env = inp.req("BackendEnvironmentName")?;
    check_amplify("AppId", app_id, "appId")?;
    // The Amplify model's AppId pattern is `d[a-z0-9]+`; ids the sandbox hands out elsewhere
    // (ListApps) must satisfy it, so it is enforced here.
    if !super::ids::is_app_id(app_id) {
        return Err(ApiError::bad_request(format!(
            "Value '{app_id}' at 'appId' failed to satisfy constraint: Member must satisfy regular expression pattern: d[a-z0-9]+"
        )));
    }
    check_amplify("Name", app_name, "appName")?;
    check_amplify("EnvironmentName", env, "backendEnvironmentName")?;
    // Rule create-backend-unknown-app: the app must exist (Amplify CreateApp, the console);
    // CreateBackend adds a backend to it and never makes one.
    store::require_app(tx, app_id)?;
    // The environment exists at once, so the job can be polled and listed (both are addressed
    // by app and environment); the job itself carries no further change.
    new_env(tx, app_id, env, now)?;
    // Rule env-name: the environment is recorded (as a failed clone leaves one), the job fails.
    let outcome = if clone::cli_accepts(env) {
        Outcome::complete(Effect::Nothing)
    } else {
        Outcome::fail(clone::ENV_NAME_FAILURE)
    };
    let job = jobs::start(
        tx,
        app_id,
        env,
        "CreateBackend",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

fn get_backend(ctx: &Ctx, tx: &Transaction<'_>, inp: &In<'_>) -> Result<Value, ApiError> {
    let app_id = inp.req("AppId")?;
    let app = store::require_app(tx, app_id)?;
    let envs = store::list_envs(tx, app_id)?;
    let selected: Option<&EnvRow> = match inp.str("BackendEnvironmentName") {
        Some(name) => Some(envs.iter().find(|e| e.env == name).ok_or_else(|| {
            ApiError::not_found(
                "BackendEnvironment",
                format!("Backend environment {name} was not found for app {app_id}"),
            )
        })?),
        None => envs.first(),
    };
    let mut out = json!({
        "AppId": app.app_id,
        "AppName": app.name,
        "BackendEnvironmentList": envs.iter().map(|e| e.env.as_str()).collect::<Vec<_>>(),
    });
    if let Some(env) = selected {
        let auth = store::list_auth(tx, app_id, &env.env)?;
        let meta = meta::amplify_meta(&ctx.region, &app, env, &auth);
        out["BackendEnvironmentName"] = json!(env.env);
        out["AmplifyMetaConfig"] = json!(meta.to_string());
    }
    Ok(out)
}

/// The rules' verdict on a config about to be deployed to `app_id`/`env` as `resource`.
fn place_of(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
) -> Result<Vec<String>, ApiError> {
    store::hosted_ui_domains_except(tx, app_id, env, resource)
}

fn create_backend_auth(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let (app_id, env, resource, _) = job_call(tx, inp, "ResourceName")?;
    let raw = inp.get("ResourceConfig").cloned().unwrap_or(Value::Null);
    let applied = update_semantics::created(raw);
    let mut config: AuthConfig = serde_json::from_value(applied.config)
        .map_err(|e| ApiError::bad_request(format!("Invalid resourceConfig: {e}")))?;
    if config.auth_resources == AuthResources::UserPoolOnly {
        // Cognito creates no identity pool for a user-pool-only resource.
        config.identity_pool = None;
    }
    let existing = store::list_auth(tx, app_id, env)?;
    let ids = AuthIds::generate(&ctx.region, config.identity_pool.is_some());
    // Rule resource-name.
    let outcome = if resource.is_empty()
        || resource.len() > 128
        || !resource.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Outcome::fail(format!(
            "Resource name '{resource}' is invalid: use 1 to 128 letters and digits (it becomes part of CloudFormation logical ids)"
        ))
    } else if let Some(a) = existing.first() {
        // Rule one-auth-per-env (sandbox::rules::RULES).
        Outcome::fail(format!(
            "An auth resource already exists in backend environment {env}: {}. Update it, or remove it first.",
            a.resource_name
        ))
    } else if let Some(f) = rules::create_failure(
        &config,
        &Place {
            env,
            taken_domains: &place_of(tx, app_id, env, resource)?,
            user_pool_id: &ids.user_pool_id,
            providers_not_created: &applied.providers_not_created,
        },
    ) {
        Outcome::fail(job_error(&f, Deploy::Create, now))
    } else {
        Outcome::complete(Effect::CreateAuth {
            resource: resource.to_string(),
            config,
            ids,
            imported: None,
        })
    };
    let outcome = super::faults::auth_job(outcome, ctx.auth_job_error.as_deref());
    let job = jobs::start(
        tx,
        app_id,
        env,
        "CreateBackendAuth",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

fn get_backend_auth(ctx: &Ctx, tx: &Transaction<'_>, inp: &In<'_>) -> Result<Value, ApiError> {
    let (app_id, env, resource, _) = env_call(tx, inp, "ResourceName")?;
    let auth = store::require_auth(tx, app_id, env, resource)?;
    let config = read_back::resource_config(&auth.config, ctx.return_secrets)?;
    Ok(json!({
        "AppId": app_id,
        "BackendEnvironmentName": env,
        "ResourceConfig": config,
        "ResourceName": auth.resource_name,
    }))
}

fn update_backend_auth(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let (app_id, env, resource, app) = job_call(tx, inp, "ResourceName")?;
    let current = store::require_auth(tx, app_id, env, resource)?;
    // Rule imported-not-updatable.
    let outcome = if current.imported.is_some() {
        Outcome::fail(format!(
            "Auth resource {resource} is imported from existing Cognito pools; change them in Cognito, or remove the import and create a new resource"
        ))
    } else {
        let stored = serde_json::to_value(&current.config)
            .map_err(|e| ApiError::internal(format!("cannot encode the config: {e}")))?;
        let update = inp.get("ResourceConfig").cloned().unwrap_or(Value::Null);
        let applied = update_semantics::apply(
            model::amplifybackend(),
            &stored,
            &update,
            &default_identity_pool_name(&app.name),
        );
        match serde_json::from_value::<AuthConfig>(applied.config) {
            Err(e) => Outcome::fail(format!(
                "InvalidParameterException: the update cannot be applied to the stored configuration: {e}"
            )),
            Ok(next) => match rules::update_failure(
                &current.config,
                &next,
                &update,
                &Place {
                    env,
                    taken_domains: &place_of(tx, app_id, env, resource)?,
                    user_pool_id: &current.ids.user_pool_id,
                    providers_not_created: &applied.providers_not_created,
                },
            ) {
                Some(f) => Outcome::fail(job_error(&f, Deploy::Update, now)),
                None => Outcome::complete(Effect::UpdateAuth {
                    resource: resource.to_string(),
                    config: next,
                }),
            },
        }
    };
    let outcome = super::faults::auth_job(outcome, ctx.auth_job_error.as_deref());
    let job = jobs::start(
        tx,
        app_id,
        env,
        "UpdateBackendAuth",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

/// The identity pool name the Amplify CLI's defaults give (`cognito-defaults.js`:
/// `<project>_identitypool_<8 hex>`, the project name reduced to letters, digits and `_`, at most
/// 100 characters).
fn default_identity_pool_name(app_name: &str) -> String {
    let project: String = app_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(100)
        .collect();
    format!("{project}_identitypool_{}", super::ids::lower_hex(8))
}

fn delete_backend_auth(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let (app_id, env, resource, _) = job_call(tx, inp, "ResourceName")?;
    store::require_auth(tx, app_id, env, resource)?;
    let outcome = Outcome::complete(Effect::DeleteAuth {
        resource: resource.to_string(),
    });
    let job = jobs::start(
        tx,
        app_id,
        env,
        "DeleteBackendAuth",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

fn import_backend_auth(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
    now: i64,
) -> Result<Value, ApiError> {
    let app_id = inp.req("AppId")?;
    let env = inp.req("BackendEnvironmentName")?;
    let user_pool_id = inp.req("UserPoolId")?;
    let web_client_id = inp.req("WebClientId")?;
    let native_client_id = inp.req("NativeClientId")?;
    let identity_pool_id = inp.str("IdentityPoolId");
    store::require_env(tx, app_id, env)?;
    jobs::ensure_no_pending(tx, app_id, env)?;
    let existing = store::list_auth(tx, app_id, env)?;
    // The pools must exist in the account, as Cognito would say; a malformed id cannot.
    let pool = ctx.cognito.user_pool(user_pool_id).ok_or_else(|| {
        ApiError::not_found(
            "UserPool",
            format!("User pool {user_pool_id} does not exist."),
        )
    })?;
    let web = pool.client(web_client_id);
    for id in [web_client_id, native_client_id] {
        if pool.client(id).is_none() {
            return Err(ApiError::not_found(
                "UserPoolClient",
                format!("User pool client {id} does not exist in user pool {user_pool_id}."),
            ));
        }
    }
    let identity = match identity_pool_id {
        Some(id) => Some(ctx.cognito.identity_pool(id).ok_or_else(|| {
            ApiError::not_found("IdentityPool", format!("IdentityPool '{id}' not found."))
        })?),
        None => None,
    };
    // Rule one-auth-per-env (sandbox::rules::RULES).
    let outcome = if let Some(a) = existing.first() {
        Outcome::fail(format!(
            "An auth resource already exists in backend environment {env}: {}. Remove it before importing.",
            a.resource_name
        ))
    } else {
        // The import request names no resource; Amplify derives one. The sandbox uses the pool
        // id's suffix so the name is stable and alphanumeric.
        let suffix: String = user_pool_id
            .split_once('_')
            .map(|(_, s)| s)
            .unwrap_or(user_pool_id)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let resource = format!("imported{suffix}");
        // What the account's pools say, and nothing else.
        let web = web.ok_or_else(|| ApiError::internal("the web client vanished"))?;
        let config = pool.config(web, identity);
        let ids = AuthIds {
            user_pool_id: user_pool_id.to_string(),
            app_client_id_web: web_client_id.to_string(),
            app_client_id: native_client_id.to_string(),
            identity_pool_id: identity_pool_id.map(str::to_string),
        };
        Outcome::complete(Effect::CreateAuth {
            resource,
            config,
            ids,
            imported: Some(json!({
                "UserPoolId": user_pool_id,
                "WebClientId": web_client_id,
                "NativeClientId": native_client_id,
                "IdentityPoolId": identity_pool_id,
            })),
        })
    };
    let job = jobs::start(
        tx,
        app_id,
        env,
        "ImportBackendAuth",
        &outcome,
        now,
        ctx.job_duration_ms,
    )?;
    Ok(job.to_started_cli())
}

fn get_backend_job(tx: &Transaction<'_>, inp: &In<'_>) -> Result<Value, ApiError> {
    let (app_id, env, job_id, _) = env_call(tx, inp, "JobId")?;
    let job = jobs::get(tx, app_id, env, job_id)?.ok_or_else(|| {
        ApiError::not_found(
            "Job",
            format!("Job {job_id} was not found for app {app_id} and backend environment {env}"),
        )
    })?;
    Ok(job.to_cli())
}

fn list_backend_jobs(tx: &Transaction<'_>, inp: &In<'_>) -> Result<Value, ApiError> {
    let app_id = inp.req("AppId")?;
    let env = inp.req("BackendEnvironmentName")?;
    store::require_env(tx, app_id, env)?;
    let s = |m: &str| inp.str(m).map(str::to_string);
    let q = jobs::ListQuery {
        job_id: s("JobId"),
        operation: s("Operation"),
        status: s("Status"),
        max_results: inp
            .get("MaxResults")
            .and_then(Value::as_u64)
            .map(|n| n as usize)
            .unwrap_or(jobs::DEFAULT_PAGE),
        next_token: s("NextToken"),
    };
    let (page, next) = jobs::list(tx, app_id, env, &q)?;
    let mut out = json!({ "Jobs": page.iter().map(|j| j.to_cli()).collect::<Vec<_>>() });
    if let Some(t) = next {
        out["NextToken"] = json!(t);
    }
    Ok(out)
}

// ----- Amplify -----

/// Epoch seconds, the rest-json default timestamp format of the Amplify model.
fn epoch_seconds(ms: i64) -> Value {
    json!(ms as f64 / 1000.0)
}

/// Offset paging for the Amplify lists; the token is opaque to clients.
/// A token the sandbox did not hand out (crafted, or from another list) is a 400, never a panic:
/// offsets are capped at what a list can hold, so `offset + size` cannot overflow.
fn page_offset(kind: &str, token: Option<&str>) -> Result<usize, ApiError> {
    let Some(t) = token else { return Ok(0) };
    URL_SAFE_NO_PAD
        .decode(t)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix(&format!("{kind}\n")).map(str::to_string))
        .and_then(|n| n.parse::<u32>().ok())
        .map(|n| n as usize)
        .ok_or_else(|| ApiError::bad_request("Invalid nextToken"))
}

fn page_token(kind: &str, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}\n{offset}"))
}

/// maxResults of 0 or absent means the model's maximum.
fn page_size(inp: &In<'_>, shape_max: usize) -> usize {
    match inp.get("maxResults").and_then(Value::as_u64) {
        Some(0) | None => shape_max,
        Some(n) => n as usize,
    }
}

fn app_json(region: &str, app: &AppRow) -> Value {
    json!({
        "appId": app.app_id,
        "appArn": format!("arn:aws:amplify:{region}:{ACCOUNT_ID}:apps/{}", app.app_id),
        "name": app.name,
        "description": "",
        "repository": "",
        "platform": "WEB",
        "createTime": epoch_seconds(app.create_ms),
        "updateTime": epoch_seconds(app.update_ms),
        "environmentVariables": {},
        "defaultDomain": format!("{}.amplifyapp.com", app.app_id),
        "enableBranchAutoBuild": false,
        "enableBranchAutoDeletion": false,
        "enableBasicAuth": false,
        "enableAutoBranchCreation": false,
        "customRules": [],
    })
}

/// Amplify CreateApp, as far as an app matters to its backend: a new app id (the model's pattern
/// `d[a-z0-9]+`, 14 characters as the console's ids are) under the given name. The hosting
/// settings are not kept; the answer carries the defaults ListApps shows.
fn create_app(ctx: &Ctx, tx: &Transaction<'_>, inp: &In<'_>, now: i64) -> Result<Value, ApiError> {
    let name = inp.req("name")?;
    let app_id = loop {
        let id = format!("d{}", super::ids::lower_alnum(13));
        if store::get_app(tx, &id)?.is_none() {
            break id;
        }
    };
    store::insert_app(tx, &app_id, name, now)?;
    let app = store::require_app(tx, &app_id)?;
    Ok(json!({ "app": app_json(&ctx.region, &app) }))
}

fn shape_max(shape: &str) -> usize {
    model::amplify().shape(shape).max.unwrap_or(50.0) as usize
}

fn list_apps(ctx: &Ctx, tx: &Transaction<'_>, inp: &In<'_>) -> Result<Value, ApiError> {
    let offset = page_offset("apps", inp.str("nextToken"))?;
    let size = page_size(inp, shape_max("MaxResultsForListApps"));
    let apps = store::list_apps(tx)?;
    let page: Vec<Value> = apps
        .iter()
        .skip(offset)
        .take(size)
        .map(|a| app_json(&ctx.region, a))
        .collect();
    let mut out = json!({ "apps": page });
    if offset.saturating_add(size) < apps.len() {
        out["nextToken"] = json!(page_token("apps", offset.saturating_add(size)));
    }
    Ok(out)
}

fn list_backend_environments(
    ctx: &Ctx,
    tx: &Transaction<'_>,
    inp: &In<'_>,
) -> Result<Value, ApiError> {
    let app_id = inp.req("appId")?;
    let app = store::require_app(tx, app_id)?;
    let offset = page_offset("envs", inp.str("nextToken"))?;
    let size = page_size(inp, shape_max("MaxResults"));
    let envs: Vec<EnvRow> = store::list_envs(tx, app_id)?
        .into_iter()
        .filter(|e| inp.str("environmentName").is_none_or(|n| n == e.env))
        .collect();
    let page: Vec<Value> = envs
        .iter()
        .skip(offset)
        .take(size)
        .map(|e| {
            let stack = meta::stack_name(&app, e);
            json!({
                "backendEnvironmentArn": format!(
                    "arn:aws:amplify:{}:{ACCOUNT_ID}:apps/{app_id}/backendenvironments/{}",
                    ctx.region, e.env
                ),
                "environmentName": e.env,
                "stackName": stack,
                "deploymentArtifacts": format!("{stack}-deployment"),
                "createTime": epoch_seconds(e.create_ms),
                "updateTime": epoch_seconds(e.update_ms),
            })
        })
        .collect();
    let mut out = json!({ "backendEnvironments": page });
    if offset.saturating_add(size) < envs.len() {
        out["nextToken"] = json!(page_token("envs", offset.saturating_add(size)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_the_handlers_read_is_in_the_facts() {
        for (shape, members) in MEMBERS_READ {
            let facts = if model::amplifybackend().shapes.contains_key(*shape) {
                model::amplifybackend()
            } else {
                model::amplify()
            };
            for m in *members {
                assert!(
                    facts.has_member(shape, m),
                    "{shape}.{m} is not in the model"
                );
            }
        }
    }

    #[test]
    fn the_amplify_shapes_used_for_checks_and_page_sizes_exist() {
        let f = model::amplify();
        for shape in ["AppId", "Name", "EnvironmentName"] {
            assert_eq!(f.shape(shape).kind, "string", "{shape}");
        }
        assert_eq!(shape_max("MaxResultsForListApps"), 100);
        assert_eq!(shape_max("MaxResults"), 50);
    }

    #[test]
    fn every_implemented_operation_is_in_a_model_and_has_a_listed_input() {
        for op in IMPLEMENTED {
            let o = model::amplifybackend()
                .operation(op)
                .or_else(|| model::amplify().operation(op))
                .unwrap_or_else(|| panic!("{op} is in no model"));
            let input = o.input.as_deref().unwrap();
            assert!(
                MEMBERS_READ.iter().any(|(s, _)| *s == input),
                "{op}'s input {input} is not listed"
            );
        }
    }

    #[test]
    fn outputs_written_by_the_handlers_are_model_members() {
        // Representative outputs of each writer, renamed strictly (an unknown member fails).
        let job = jobs::JobRow {
            job_id: "j".into(),
            app_id: "d1".into(),
            env: "dev".into(),
            operation: "CreateBackendAuth".into(),
            status: "FAILED".into(),
            error: Some("x".into()),
            create_ms: 1,
            update_ms: 2,
        };
        let b = model::amplifybackend();
        b.to_wire("GetBackendJobResponse", &job.to_cli()).unwrap();
        b.to_wire("CreateBackendAuthResponse", &job.to_started_cli())
            .unwrap();
        b.to_wire("BackendJobRespObj", &job.to_cli()).unwrap();
        let app = AppRow {
            app_id: "d1".into(),
            name: "n".into(),
            create_ms: 1,
            update_ms: 1,
        };
        model::amplify()
            .to_wire("App", &app_json("us-east-1", &app))
            .unwrap();
    }

    #[test]
    fn crafted_page_tokens_are_refused_not_overflowed() {
        assert_eq!(page_offset("apps", Some(&page_token("apps", 50))), Ok(50));
        let huge = URL_SAFE_NO_PAD.encode(format!("apps\n{}", usize::MAX));
        assert_eq!(
            page_offset("apps", Some(&huge))
                .unwrap_err()
                .status
                .as_u16(),
            400
        );
        assert!(page_offset("envs", Some(&page_token("apps", 1))).is_err());
    }
}
