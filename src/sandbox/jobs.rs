//! Backend jobs: a mutating call answers at once with a RUNNING job that carries its pending
//! change; the change is applied when the job's due time has passed, the next time anyone looks
//! (every request settles due jobs first). Due times are stored, so jobs finish across restarts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::errors::ApiError;
use super::meta::AuthIds;
use super::store;
use crate::domain::AuthConfig;

pub const RUNNING: &str = "RUNNING";
pub const COMPLETED: &str = "COMPLETED";
pub const FAILED: &str = "FAILED";

/// The change a job makes when it completes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Effect {
    Nothing,
    CreateAuth {
        resource: String,
        config: AuthConfig,
        ids: AuthIds,
        imported: Option<serde_json::Value>,
    },
    UpdateAuth {
        resource: String,
        config: AuthConfig,
    },
    DeleteAuth {
        resource: String,
    },
    /// Several changes at once (CloneBackend copies every auth resource).
    Many {
        effects: Vec<Effect>,
    },
}

/// How a job will end, decided when it starts (one job at a time per environment means nothing
/// else can change the environment meanwhile).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// `Some` ends the job FAILED with this message and no change.
    pub error: Option<String>,
    pub effect: Effect,
}

impl Outcome {
    pub fn complete(effect: Effect) -> Self {
        Outcome {
            error: None,
            effect,
        }
    }

    pub fn fail(message: impl Into<String>) -> Self {
        Outcome {
            error: Some(message.into()),
            effect: Effect::Nothing,
        }
    }
}

#[derive(Clone, Debug)]
pub struct JobRow {
    pub job_id: String,
    pub app_id: String,
    pub env: String,
    pub operation: String,
    pub status: String,
    pub error: Option<String>,
    pub create_ms: i64,
    pub update_ms: i64,
}

impl JobRow {
    /// The job in the CLI shape of `BackendJobRespObj` / `GetBackendJobResponse`.
    pub fn to_cli(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "AppId": self.app_id,
            "BackendEnvironmentName": self.env,
            "JobId": self.job_id,
            "Operation": self.operation,
            "Status": self.status,
            "CreateTime": self.create_ms.to_string(),
            "UpdateTime": self.update_ms.to_string(),
        });
        if let Some(e) = &self.error {
            v["Error"] = serde_json::json!(e);
        }
        v
    }

    /// The immediate answer of a mutating call (`CreateBackendAuthResponse` and friends).
    pub fn to_started_cli(&self) -> serde_json::Value {
        serde_json::json!({
            "AppId": self.app_id,
            "BackendEnvironmentName": self.env,
            "JobId": self.job_id,
            "Operation": self.operation,
            "Status": self.status,
        })
    }
}

const COLUMNS: &str = "job_id, app_id, env, operation, status, error, create_ms, update_ms";

fn job_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<JobRow> {
    Ok(JobRow {
        job_id: r.get(0)?,
        app_id: r.get(1)?,
        env: r.get(2)?,
        operation: r.get(3)?,
        status: r.get(4)?,
        error: r.get(5)?,
        create_ms: r.get(6)?,
        update_ms: r.get(7)?,
    })
}

/// Completes every running job whose due time has passed, in due order, applying its change.
pub fn settle(tx: &Transaction<'_>, now: i64) -> Result<(), ApiError> {
    let due: Vec<(i64, String, String, i64, String)> = {
        let mut st = tx.prepare(
            "SELECT seq, app_id, env, due_ms, outcome FROM jobs WHERE status = ?1 AND due_ms <= ?2 ORDER BY due_ms, seq",
        )?;
        st.query_map(params![RUNNING, now], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?
    };
    for (seq, app, env, due_ms, outcome) in due {
        let (status, error) = match serde_json::from_str::<Outcome>(&outcome) {
            Ok(Outcome { error: Some(e), .. }) => (FAILED, Some(e)),
            Ok(Outcome {
                error: None,
                effect,
            }) => match apply(tx, &app, &env, &effect, due_ms) {
                Ok(()) => (COMPLETED, None),
                Err(e) => (FAILED, Some(e.message)),
            },
            Err(e) => (
                FAILED,
                Some(format!("the sandbox could not read this job: {e}")),
            ),
        };
        tx.execute(
            "UPDATE jobs SET status = ?2, error = ?3, update_ms = ?4 WHERE seq = ?1",
            params![seq, status, error, due_ms],
        )?;
    }
    Ok(())
}

fn apply(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    effect: &Effect,
    at: i64,
) -> Result<(), ApiError> {
    match effect {
        Effect::Nothing => Ok(()),
        Effect::CreateAuth {
            resource,
            config,
            ids,
            imported,
        } => {
            store::insert_auth(tx, app, env, resource, config, imported.as_ref(), ids, at)?;
            // An import names pools that exist; a create makes them (cognito_live).
            if imported.is_none() {
                apply_live(tx, app, env, ids, None, config, at)?;
            }
            Ok(())
        }
        Effect::UpdateAuth { resource, config } => {
            let before = store::get_auth(tx, app, env, resource)?;
            store::update_auth_config(tx, app, env, resource, config, at)?;
            match before {
                Some(b) if b.imported.is_none() => {
                    apply_live(tx, app, env, &b.ids, Some(&b.config), config, at)
                }
                _ => Ok(()),
            }
        }
        Effect::DeleteAuth { resource } => {
            if let Some(b) = store::get_auth(tx, app, env, resource)?
                && b.imported.is_none()
            {
                super::cognito_live::remove(tx, &b.ids)?;
            }
            store::delete_auth(tx, app, env, resource)
        }
        Effect::Many { effects } => effects.iter().try_for_each(|e| apply(tx, app, env, e, at)),
    }
}

/// The job's record applied to the live Cognito pools (`cognito_live::apply_record`). The region
/// is the pool id's prefix (`us-east-1_…`), as Cognito names pools.
fn apply_live(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    ids: &AuthIds,
    old: Option<&AuthConfig>,
    new: &AuthConfig,
    at: i64,
) -> Result<(), ApiError> {
    let region = ids.user_pool_id.split('_').next().unwrap_or_default();
    let stack = match (store::get_app(tx, app)?, store::get_env(tx, app, env)?) {
        (Some(a), Some(e)) => super::meta::stack_name(&a, &e),
        _ => format!("amplify-{app}-{env}"),
    };
    super::cognito_live::apply_record(tx, region, env, &stack, ids, old, new, at)
}

/// 400 when a job is still running for the environment (the service's wording).
pub fn ensure_no_pending(tx: &Transaction<'_>, app: &str, env: &str) -> Result<(), ApiError> {
    let pending: Option<String> = tx
        .query_row(
            "SELECT job_id FROM jobs WHERE app_id = ?1 AND env = ?2 AND status = ?3 LIMIT 1",
            params![app, env, RUNNING],
            |r| r.get(0),
        )
        .optional()?;
    match pending {
        Some(_) => Err(ApiError::bad_request(format!(
            "There is already a pending job for the requested appId: {app} and backendEnvironmentName: {env}, wait for it to complete before creating a new job"
        ))),
        None => Ok(()),
    }
}

/// Starts a job that ends as `outcome` says after `duration_ms`. Call inside the transaction that
/// checked [`ensure_no_pending`] (it checks again, so the rule holds whatever the caller did).
pub fn start(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    operation: &str,
    outcome: &Outcome,
    now: i64,
    duration_ms: i64,
) -> Result<JobRow, ApiError> {
    ensure_no_pending(tx, app, env)?;
    let job_id = super::ids::uuid_v4();
    let outcome = serde_json::to_string(outcome)
        .map_err(|e| ApiError::internal(format!("cannot store the job: {e}")))?;
    tx.execute(
        "INSERT INTO jobs (job_id, app_id, env, operation, status, error, create_ms, update_ms, due_ms, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?6, ?7, ?8)",
        params![job_id, app, env, operation, RUNNING, now, now + duration_ms.max(0), outcome],
    )?;
    Ok(JobRow {
        job_id,
        app_id: app.into(),
        env: env.into(),
        operation: operation.into(),
        status: RUNNING.into(),
        error: None,
        create_ms: now,
        update_ms: now,
    })
}

/// A job already finished, for seeded history.
pub fn insert_finished(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    operation: &str,
    create_ms: i64,
    update_ms: i64,
) -> Result<(), ApiError> {
    let outcome = serde_json::to_string(&Outcome::complete(Effect::Nothing))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    tx.execute(
        "INSERT INTO jobs (job_id, app_id, env, operation, status, error, create_ms, update_ms, due_ms, outcome)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?7, ?8)",
        params![super::ids::uuid_v4(), app, env, operation, COMPLETED, create_ms, update_ms, outcome],
    )?;
    Ok(())
}

pub fn get(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    job_id: &str,
) -> Result<Option<JobRow>, ApiError> {
    Ok(tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM jobs WHERE app_id = ?1 AND env = ?2 AND job_id = ?3"),
            [app, env, job_id],
            job_from,
        )
        .optional()?)
}

/// Filters and paging of ListBackendJobs.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub job_id: Option<String>,
    pub operation: Option<String>,
    pub status: Option<String>,
    pub max_results: usize,
    pub next_token: Option<String>,
}

/// The page size when MaxResults is absent: the model's maximum.
pub const DEFAULT_PAGE: usize = 25;

fn token_for(app: &str, env: &str, seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("jobs\n{app}\n{env}\n{seq}"))
}

fn token_seq(app: &str, env: &str, token: &str) -> Result<i64, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "Invalid nextToken: pass back exactly the token of the previous ListBackendJobs page for the same appId and backendEnvironmentName",
        )
    };
    let text = URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let parts: Vec<&str> = text.split('\n').collect();
    match parts[..] {
        ["jobs", a, e, seq] if a == app && e == env => seq.parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// Newest first. Returns the page and the token of the next one.
pub fn list(
    tx: &Transaction<'_>,
    app: &str,
    env: &str,
    q: &ListQuery,
) -> Result<(Vec<JobRow>, Option<String>), ApiError> {
    let before = match &q.next_token {
        Some(t) => token_seq(app, env, t)?,
        None => i64::MAX,
    };
    let mut st = tx.prepare(&format!(
        "SELECT seq, {COLUMNS} FROM jobs
         WHERE app_id = ?1 AND env = ?2 AND seq < ?3
           AND (?4 IS NULL OR job_id = ?4)
           AND (?5 IS NULL OR operation = ?5)
           AND (?6 IS NULL OR status = ?6)
         ORDER BY seq DESC LIMIT ?7"
    ))?;
    let limit = q.max_results.max(1);
    let rows: Vec<(i64, JobRow)> = st
        .query_map(
            params![
                app,
                env,
                before,
                q.job_id,
                q.operation,
                q.status,
                (limit + 1) as i64
            ],
            |r| {
                Ok((
                    r.get(0)?,
                    JobRow {
                        job_id: r.get(1)?,
                        app_id: r.get(2)?,
                        env: r.get(3)?,
                        operation: r.get(4)?,
                        status: r.get(5)?,
                        error: r.get(6)?,
                        create_ms: r.get(7)?,
                        update_ms: r.get(8)?,
                    },
                ))
            },
        )?
        .collect::<Result<_, _>>()?;
    let more = rows.len() > limit;
    let page: Vec<(i64, JobRow)> = rows.into_iter().take(limit).collect();
    let next = match (more, page.last()) {
        (true, Some((seq, _))) => Some(token_for(app, env, *seq)),
        _ => None,
    };
    Ok((page.into_iter().map(|(_, j)| j).collect(), next))
}
