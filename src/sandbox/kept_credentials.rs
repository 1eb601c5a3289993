//! `serve --state FILE` keeps its access key beside the state (`FILE.credentials`, mode 0600), so a
//! client that follows a job across a restart of the sandbox still signs with valid credentials
//! (issue 24: every restart made new ones, and such a client got 403). The file is made on the
//! first start with a state file and read on the next; a file that cannot be read or does not
//! hold a key is a setup problem named with its path, never silently replaced.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::SandboxError;

/// Where the credentials of the state at `state` are kept.
pub fn path_for(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".credentials");
    PathBuf::from(name)
}

fn problem(path: &Path, what: impl std::fmt::Display) -> SandboxError {
    SandboxError::Other(format!(
        "the sandbox credentials file {}: {what}",
        crate::term_text::shown(&path.display().to_string())
    ))
}

/// The credentials kept for `state`, made (by `fresh`) and written when there are none yet.
pub fn load_or_make(
    state: &Path,
    fresh: impl FnOnce() -> (String, String),
) -> Result<(String, String), SandboxError> {
    let path = path_for(state);
    match std::fs::symlink_metadata(&path) {
        Ok(_) => read(&path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let creds = fresh();
            write(&path, &creds).map_err(|e| problem(&path, format!("cannot be written ({e})")))?;
            Ok(creds)
        }
        Err(e) => Err(problem(&path, format!("cannot be read ({e})"))),
    }
}

fn read(path: &Path) -> Result<(String, String), SandboxError> {
    let bytes = crate::bounded_file::read_regular(path, 4096).map_err(|e| problem(path, e))?;
    // Someone widened it: it holds a secret, so it goes back to the owner alone.
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| problem(path, format!("cannot be made 0600 ({e})")))?;
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| problem(path, "it is not text"))?;
    let mut lines = text.lines().map(str::trim);
    let (Some(key), Some(secret)) = (lines.next(), lines.next()) else {
        return Err(problem(
            path,
            "it does not hold an access key id and a secret key, one a line",
        ));
    };
    let key_ok = (16..=128).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let secret_ok = !secret.is_empty() && secret.chars().all(|c| c.is_ascii_graphic());
    if !key_ok || !secret_ok {
        return Err(problem(
            path,
            "its first line is not an access key id or its second not a secret key; delete it to make new credentials",
        ));
    }
    Ok((key.to_string(), secret.to_string()))
}

/// Written to a temp file created 0600, then renamed: the secret never exists in a wider file.
fn write(path: &Path, (key, secret): &(String, String)) -> std::io::Result<()> {
    let tmp = {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{}.tmp", std::process::id()));
        PathBuf::from(name)
    };
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(format!("{key}\n{secret}\n").as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
