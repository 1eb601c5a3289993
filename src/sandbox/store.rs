//! The sandbox's state in SQLite: apps, backend environments, auth resources and jobs.
//!
//! Every request runs in one IMMEDIATE transaction behind one mutex, so checks and writes (the
//! one-pending-job rule above all) cannot interleave. WAL with `synchronous=FULL` makes an
//! acknowledged write survive a kill. A file that is not ours is refused, never reset.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::StatePath;
use super::errors::ApiError;
use super::meta::AuthIds;
use crate::domain::AuthConfig;

/// `PRAGMA application_id` of a sandbox state file ("AMAU").
const APPLICATION_ID: i64 = 0x414D_4155;
const FORMAT: &str = "amplify-auth-sandbox";
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE apps (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    create_ms INTEGER NOT NULL,
    update_ms INTEGER NOT NULL
);
CREATE TABLE envs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT NOT NULL REFERENCES apps(app_id),
    env TEXT NOT NULL,
    stack_suffix TEXT NOT NULL,
    create_ms INTEGER NOT NULL,
    update_ms INTEGER NOT NULL,
    UNIQUE (app_id, env)
);
CREATE TABLE auth (
    app_id TEXT NOT NULL,
    env TEXT NOT NULL,
    resource_name TEXT NOT NULL,
    config TEXT NOT NULL,
    imported TEXT,
    ids TEXT NOT NULL,
    create_ms INTEGER NOT NULL,
    update_ms INTEGER NOT NULL,
    PRIMARY KEY (app_id, env, resource_name),
    FOREIGN KEY (app_id, env) REFERENCES envs(app_id, env)
);
CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE,
    app_id TEXT NOT NULL,
    env TEXT NOT NULL,
    operation TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    create_ms INTEGER NOT NULL,
    update_ms INTEGER NOT NULL,
    due_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX jobs_running ON jobs (status, due_ms);
CREATE INDEX jobs_by_env ON jobs (app_id, env, seq);
";

/// Why the state could not be opened.
#[derive(Debug)]
pub struct StateError(pub String);

impl std::fmt::Display for StateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StateError {}

pub struct Store {
    conn: Mutex<Connection>,
}

#[derive(Clone, Debug)]
pub struct AppRow {
    pub app_id: String,
    pub name: String,
    pub create_ms: i64,
    pub update_ms: i64,
}

#[derive(Clone, Debug)]
pub struct EnvRow {
    pub env: String,
    pub stack_suffix: String,
    pub create_ms: i64,
    pub update_ms: i64,
}

#[derive(Clone, Debug)]
pub struct AuthRow {
    pub resource_name: String,
    pub config: AuthConfig,
    /// The ImportBackendAuth request (CLI shape) for imported pools.
    pub imported: Option<serde_json::Value>,
    pub ids: AuthIds,
    pub update_ms: i64,
}

/// Creates the file readable by its owner only: it holds client secrets and private keys.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    match o.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

impl Store {
    pub fn open(state: &StatePath) -> Result<Store, StateError> {
        let (conn, label) = match state {
            StatePath::Memory => (
                Connection::open_in_memory()
                    .map_err(|e| StateError(format!("cannot open an in-memory state: {e}")))?,
                ":memory:".to_string(),
            ),
            StatePath::File(path) => {
                create_private_file(path).map_err(|e| {
                    StateError(format!("cannot create state file {}: {e}", path.display()))
                })?;
                let conn = Connection::open(path).map_err(|e| {
                    StateError(format!("cannot open state file {}: {e}", path.display()))
                })?;
                (conn, path.display().to_string())
            }
        };
        init(&conn, &label)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` in one IMMEDIATE transaction: committed when `f` succeeds, rolled back otherwise.
    pub fn transaction<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        // A panic while holding the lock leaves no half transaction behind (it rolls back on
        // drop), so a poisoned mutex is safe to keep using.
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn init(conn: &Connection, label: &str) -> Result<(), StateError> {
    let foreign = |why: String| {
        StateError(format!(
            "{label} is not an amplify-auth sandbox state file ({why}); refusing to use or reset it. \
             Choose another --state path, or move the file away if it is a broken sandbox state."
        ))
    };
    // The first read fails on a file that is not SQLite at all.
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| foreign(e.to_string()))?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| foreign(e.to_string()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| foreign(e.to_string()))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| foreign(e.to_string()))?;
    if tables == 0 && app_id == 0 {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| foreign(e.to_string()))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| foreign(e.to_string()))?;
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA} INSERT INTO meta VALUES ('format', '{FORMAT}'), ('version', '{VERSION}'); \
             PRAGMA application_id = {APPLICATION_ID}; COMMIT;"
        ))
        .map_err(|e| StateError(format!("cannot create the state in {label}: {e}")))?;
        return Ok(());
    }
    if app_id != APPLICATION_ID {
        return Err(foreign(format!(
            "its SQLite application id is {app_id:#x}, not {APPLICATION_ID:#x}"
        )));
    }
    let format: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| foreign(format!("no readable marker: {e}")))?;
    if format.as_deref() != Some(FORMAT) {
        return Err(foreign("its format marker is missing".into()));
    }
    let version: i64 = conn
        .query_row("SELECT value FROM meta WHERE key = 'version'", [], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|e| foreign(format!("no readable version: {e}")))?
        .parse()
        .map_err(|_| foreign("its version is not a number".into()))?;
    if version != VERSION {
        return Err(StateError(format!(
            "{label} holds sandbox state version {version}; this build reads version {VERSION}. \
             Use the amplify-auth that wrote it, or another --state path."
        )));
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| foreign(e.to_string()))?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(|e| foreign(e.to_string()))?;
    Ok(())
}

// ----- apps and environments -----

pub fn is_empty(tx: &Transaction<'_>) -> Result<bool, ApiError> {
    Ok(tx.query_row("SELECT count(*) FROM apps", [], |r| r.get::<_, i64>(0))? == 0)
}

fn app_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AppRow> {
    Ok(AppRow {
        app_id: r.get(0)?,
        name: r.get(1)?,
        create_ms: r.get(2)?,
        update_ms: r.get(3)?,
    })
}

pub fn get_app(tx: &Transaction<'_>, app_id: &str) -> Result<Option<AppRow>, ApiError> {
    Ok(tx
        .query_row(
            "SELECT app_id, name, create_ms, update_ms FROM apps WHERE app_id = ?1",
            [app_id],
            app_from,
        )
        .optional()?)
}

/// The app, or 404 NotFoundException.
pub fn require_app(tx: &Transaction<'_>, app_id: &str) -> Result<AppRow, ApiError> {
    get_app(tx, app_id)?
        .ok_or_else(|| ApiError::not_found("App", format!("App with id {app_id} was not found")))
}

pub fn list_apps(tx: &Transaction<'_>) -> Result<Vec<AppRow>, ApiError> {
    let mut st = tx.prepare("SELECT app_id, name, create_ms, update_ms FROM apps ORDER BY seq")?;
    let rows = st.query_map([], app_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_app(
    tx: &Transaction<'_>,
    app_id: &str,
    name: &str,
    now: i64,
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO apps (app_id, name, create_ms, update_ms) VALUES (?1, ?2, ?3, ?3)",
        params![app_id, name, now],
    )?;
    Ok(())
}

fn env_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EnvRow> {
    Ok(EnvRow {
        env: r.get(0)?,
        stack_suffix: r.get(1)?,
        create_ms: r.get(2)?,
        update_ms: r.get(3)?,
    })
}

pub fn list_envs(tx: &Transaction<'_>, app_id: &str) -> Result<Vec<EnvRow>, ApiError> {
    let mut st = tx.prepare(
        "SELECT env, stack_suffix, create_ms, update_ms FROM envs WHERE app_id = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([app_id], env_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_env(tx: &Transaction<'_>, app_id: &str, env: &str) -> Result<Option<EnvRow>, ApiError> {
    Ok(tx
        .query_row(
            "SELECT env, stack_suffix, create_ms, update_ms FROM envs WHERE app_id = ?1 AND env = ?2",
            [app_id, env],
            env_from,
        )
        .optional()?)
}

/// The app and environment, or 404 NotFoundException naming the one that is missing.
pub fn require_env(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
) -> Result<(AppRow, EnvRow), ApiError> {
    let app = require_app(tx, app_id)?;
    let env_row = get_env(tx, app_id, env)?.ok_or_else(|| {
        ApiError::not_found(
            "BackendEnvironment",
            format!("Backend environment {env} was not found for app {app_id}"),
        )
    })?;
    Ok((app, env_row))
}

pub fn insert_env(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    stack_suffix: &str,
    now: i64,
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO envs (app_id, env, stack_suffix, create_ms, update_ms) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![app_id, env, stack_suffix, now],
    )?;
    Ok(())
}

// ----- auth resources -----

fn auth_from(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, Option<String>, String, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn decode_auth(
    (resource_name, config, imported, ids, update_ms): (
        String,
        String,
        Option<String>,
        String,
        i64,
    ),
) -> Result<AuthRow, ApiError> {
    let bad = |e: serde_json::Error| {
        ApiError::internal(format!(
            "stored auth resource {resource_name} is unreadable: {e}"
        ))
    };
    Ok(AuthRow {
        config: serde_json::from_str(&config).map_err(bad)?,
        imported: imported
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(bad)?,
        ids: serde_json::from_str(&ids).map_err(bad)?,
        update_ms,
        resource_name,
    })
}

pub fn list_auth(tx: &Transaction<'_>, app_id: &str, env: &str) -> Result<Vec<AuthRow>, ApiError> {
    let mut st = tx.prepare(
        "SELECT resource_name, config, imported, ids, update_ms FROM auth WHERE app_id = ?1 AND env = ?2 ORDER BY create_ms, resource_name",
    )?;
    let rows: Vec<_> = st
        .query_map([app_id, env], auth_from)?
        .collect::<Result<_, _>>()?;
    rows.into_iter().map(decode_auth).collect()
}

pub fn get_auth(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
) -> Result<Option<AuthRow>, ApiError> {
    tx.query_row(
        "SELECT resource_name, config, imported, ids, update_ms FROM auth WHERE app_id = ?1 AND env = ?2 AND resource_name = ?3",
        [app_id, env, resource],
        auth_from,
    )
    .optional()?
    .map(decode_auth)
    .transpose()
}

/// The auth resource, or 404 NotFoundException.
pub fn require_auth(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
) -> Result<AuthRow, ApiError> {
    get_auth(tx, app_id, env, resource)?.ok_or_else(|| {
        ApiError::not_found(
            "Auth",
            format!(
                "Auth resource {resource} was not found in backend environment {env} of app {app_id}"
            ),
        )
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|e| ApiError::internal(format!("cannot store state: {e}")))
}

#[allow(clippy::too_many_arguments)]
pub fn insert_auth(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
    config: &AuthConfig,
    imported: Option<&serde_json::Value>,
    ids: &AuthIds,
    now: i64,
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO auth (app_id, env, resource_name, config, imported, ids, create_ms, update_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            app_id,
            env,
            resource,
            to_json(config)?,
            imported.map(to_json).transpose()?,
            to_json(ids)?,
            now
        ],
    )?;
    Ok(())
}

pub fn update_auth_config(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
    config: &AuthConfig,
    now: i64,
) -> Result<(), ApiError> {
    tx.execute(
        "UPDATE auth SET config = ?4, update_ms = ?5 WHERE app_id = ?1 AND env = ?2 AND resource_name = ?3",
        params![app_id, env, resource, to_json(config)?, now],
    )?;
    Ok(())
}

pub fn delete_auth(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
) -> Result<(), ApiError> {
    tx.execute(
        "DELETE FROM auth WHERE app_id = ?1 AND env = ?2 AND resource_name = ?3",
        [app_id, env, resource],
    )?;
    Ok(())
}

/// Where a state file lives by default: the user's data directory.
pub fn default_state_path() -> PathBuf {
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("amplify-auth")
        .join("sandbox.sqlite3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_private_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("state.sqlite3");
        let state = StatePath::File(path.clone());
        let s = Store::open(&state).unwrap();
        s.transaction(|tx| insert_app(tx, "dabc", "one", 1))
            .unwrap();
        drop(s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let s = Store::open(&state).unwrap();
        let apps = s.transaction(list_apps).unwrap();
        assert_eq!(apps.len(), 1);
        assert_eq!(apps[0].name, "one");
    }

    #[test]
    fn garbage_and_foreign_databases_are_refused_not_reset() {
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk");
        std::fs::write(
            &junk,
            b"this is not a database at all, not even close......",
        )
        .unwrap();
        let err = Store::open(&StatePath::File(junk.clone())).err().unwrap();
        assert!(err.0.contains("not an amplify-auth sandbox state"), "{err}");
        assert_eq!(
            std::fs::read(&junk).unwrap(),
            b"this is not a database at all, not even close......"
        );

        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let err = Store::open(&StatePath::File(foreign.clone()))
            .err()
            .unwrap();
        assert!(err.0.contains("application id"), "{err}");
        let n: i64 = Connection::open(&foreign)
            .unwrap()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn default_path_is_in_a_data_directory() {
        let p = default_state_path();
        assert!(
            p.ends_with("amplify-auth/sandbox.sqlite3"),
            "{}",
            p.display()
        );
    }
}
