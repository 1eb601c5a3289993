//! The sandbox's state in SQLite: apps, backend environments, auth resources and jobs.
//!
//! Every request runs in one IMMEDIATE transaction behind one mutex, so checks and writes (the
//! one-pending-job rule above all) cannot interleave. WAL with `synchronous=FULL` makes an
//! acknowledged write survive a kill. A file that is not ours is refused, never reset.

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::{
    Connection, ErrorCode, MAIN_DB, OptionalExtension, Transaction, TransactionBehavior, params,
};

use super::StatePath;
use super::cognito_names::{AuthIds, env_suffixed};
use super::errors::ApiError;
use super::files;
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

/// The live Cognito pools' table (issue 26; its rows are `cognito_live`'s documents). The store
/// owns every table, so this module needs nothing from the Cognito endpoint that reads it.
///
/// `DescribeUserPoolDomain` finds a pool by its domain: the index on the document's domain keeps
/// that one lookup, not a parse of every pool (an audit of 10,000 apps asks it 20,000 times). An
/// expression index needs no new column, so a state file written before it opens unchanged.
const COGNITO_LIVE_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS cognito_live (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cognito_live_domain
    ON cognito_live (kind, json_extract(doc, '$.Domain.Domain'));";

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

impl Store {
    pub fn open(state: &StatePath) -> Result<Store, StateError> {
        let (conn, label) = match state {
            StatePath::Memory => (
                Connection::open_in_memory()
                    .map_err(|e| StateError(format!("cannot open an in-memory state: {e}")))?,
                ":memory:".to_string(),
            ),
            StatePath::File(path) => {
                files::create_private_file(path).map_err(|e| {
                    StateError(format!("cannot create state file {}: {e}", path.display()))
                })?;
                let conn = Connection::open(path).map_err(|e| {
                    StateError(format!("cannot open state file {}: {e}", path.display()))
                })?;
                // SQLite quietly falls back to read-only; every write would then fail with a 500.
                if conn.is_readonly(MAIN_DB).unwrap_or(false) {
                    return Err(StateError(format!(
                        "state file {} is read-only; the sandbox must be able to write it (and create files next to it)",
                        path.display()
                    )));
                }
                (conn, path.display().to_string())
            }
        };
        init(&conn, &label)?;
        // The live Cognito pools (issue 26): a table older states lack, made when missing.
        conn.execute_batch(COGNITO_LIVE_SCHEMA)
            .map_err(|e| StateError(format!("cannot add the Cognito table to {label}: {e}")))?;
        if let StatePath::File(path) = state {
            files::restrict_to_owner(path).map_err(|e| {
                StateError(format!(
                    "cannot make state file {} private to its owner: {e}",
                    path.display()
                ))
            })?;
        }
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
    let damaged = |why: String| {
        StateError(format!(
            "{label} is a damaged amplify-auth sandbox state ({why}); refusing to use or reset it. \
             Move it away to start with an empty state (`sqlite3 FILE .recover` may save its data)."
        ))
    };
    // Only a file that is not SQLite at all is foreign for certain; any other failure to read
    // (permissions, a full disk, a lock) is reported as what it is.
    let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => foreign(e.to_string()),
        Some(ErrorCode::DatabaseCorrupt) => damaged(e.to_string()),
        _ => StateError(format!("cannot read the state in {label}: {e}")),
    };
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(unreadable)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(unreadable)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(unreadable)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(unreadable)?;
    if tables == 0 && app_id == 0 {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(unreadable)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(unreadable)?;
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
        .map_err(|e| damaged(format!("no readable version: {e}")))?
        .parse()
        .map_err(|_| damaged("its version is not a number".into()))?;
    if version != VERSION {
        return Err(StateError(format!(
            "{label} holds sandbox state version {version}; this build reads version {VERSION}. \
             Use the amplify-auth that wrote it, or another --state path."
        )));
    }
    // A kill cannot damage the file (WAL, full sync), but a disk or a copy can; serving from a
    // damaged file would turn into 500s later, or worse, answers built from half a record.
    let problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(5)")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| damaged(format!("integrity check failed: {e}")))?;
    if problems != ["ok"] {
        let first: Vec<&str> = problems
            .iter()
            .flat_map(|p| p.lines())
            .filter(|l| !l.starts_with("***"))
            .take(3)
            .collect();
        return Err(damaged(format!("integrity check: {}", first.join("; "))));
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(unreadable)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(unreadable)?;
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

/// The hosted UI domains (`<prefix>-<env>`) of every auth resource in the store except one, with
/// the region-wide uniqueness Cognito gives domains in mind.
pub fn hosted_ui_domains_except(
    tx: &Transaction<'_>,
    app_id: &str,
    env: &str,
    resource: &str,
) -> Result<Vec<String>, ApiError> {
    let mut st = tx.prepare(
        "SELECT app_id, env, resource_name, config FROM auth WHERE NOT (app_id = ?1 AND env = ?2 AND resource_name = ?3)",
    )?;
    let rows: Vec<(String, String, String, String)> = st
        .query_map([app_id, env, resource], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(_, env, _, config)| {
            let v: serde_json::Value = serde_json::from_str(&config).ok()?;
            let prefix = v.pointer("/UserPoolConfigs/OAuth/DomainPrefix")?.as_str()?;
            Some(env_suffixed(prefix, "-", &env))
        })
        .collect())
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

    #[cfg(unix)]
    fn mode(p: &std::path::Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    /// A state file with a few apps in it, closed (so its WAL is checkpointed into it).
    fn closed_state(dir: &std::path::Path, apps: usize) -> std::path::PathBuf {
        let path = dir.join("state.sqlite3");
        let s = Store::open(&StatePath::File(path.clone())).unwrap();
        s.transaction(|tx| {
            for i in 0..apps {
                insert_app(tx, &format!("d{i:04}"), &"n".repeat(200), i as i64)?;
            }
            Ok(())
        })
        .unwrap();
        drop(s);
        path
    }

    #[cfg(unix)]
    #[test]
    fn created_directories_and_side_files_are_private_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a").join("b").join("state.sqlite3");
        let s = Store::open(&StatePath::File(path.clone())).unwrap();
        s.transaction(|tx| insert_app(tx, "dabc", "one", 1))
            .unwrap();
        // While it runs, SQLite keeps the WAL and the shared-memory index next to the file.
        for f in files::state_files(&path) {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a").join("b")), 0o700);
        drop(s);
    }

    #[cfg(unix)]
    #[test]
    fn a_state_readable_by_others_is_made_private_when_opened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = closed_state(dir.path(), 1);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let s = Store::open(&StatePath::File(path.clone())).unwrap();
        for f in files::state_files(&path) {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
        assert_eq!(s.transaction(list_apps).unwrap().len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_foreign_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(Store::open(&StatePath::File(path.clone())).is_err());
        assert_eq!(mode(&path), 0o644);
    }

    #[test]
    fn a_newer_state_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_state(dir.path(), 1);
        Connection::open(&path)
            .unwrap()
            .execute("UPDATE meta SET value = '2' WHERE key = 'version'", [])
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&StatePath::File(path.clone())).err().unwrap();
        assert!(
            err.0.contains("version 2") && err.0.contains("reads version 1"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_damaged_state_is_refused_not_served_or_reset() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_state(dir.path(), 300);
        let mut bytes = std::fs::read(&path).unwrap();
        let page = 4096;
        assert!(bytes.len() > 6 * page, "{} bytes", bytes.len());
        // Pages past the schema hold the apps table; wreck two of them, keep the header.
        for b in &mut bytes[3 * page..5 * page] {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&StatePath::File(path.clone())).err().unwrap();
        assert!(
            err.0.contains("damaged amplify-auth sandbox state"),
            "{err}"
        );
        assert!(err.0.contains("refusing to use or reset it"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn a_truncated_state_is_refused_not_served_or_reset() {
        // A copy cut short (a full disk, an interrupted transfer).
        let dir = tempfile::tempdir().unwrap();
        let path = closed_state(dir.path(), 300);
        let bytes = std::fs::read(&path).unwrap();
        let cut = &bytes[..bytes.len() / 2];
        std::fs::write(&path, cut).unwrap();
        let err = Store::open(&StatePath::File(path.clone())).err().unwrap();
        assert!(
            err.0.contains("damaged amplify-auth sandbox state"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), cut);
    }

    #[test]
    fn an_empty_file_becomes_a_new_state() {
        // What a kill between creating the file and writing the schema leaves behind.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite3");
        std::fs::write(&path, b"").unwrap();
        let s = Store::open(&StatePath::File(path)).unwrap();
        assert!(s.transaction(is_empty).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_state_is_refused_up_front() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = closed_state(dir.path(), 1);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
        if std::fs::OpenOptions::new().write(true).open(&path).is_ok() {
            // Running as root (as CI does): mode 0400 does not stop root's writes, so the file
            // is not read-only for us, and the sandbox must not call it so: it opens and writes.
            let s = Store::open(&StatePath::File(path)).expect("a writable state opens");
            s.transaction(|tx| {
                insert_app(tx, "droot1", "root", 1)?;
                get_app(tx, "droot1")
            })
            .expect("and takes writes")
            .expect("the app was written");
            return;
        }
        let err = Store::open(&StatePath::File(path)).err().unwrap();
        assert!(err.0.contains("read-only"), "{err}");
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
