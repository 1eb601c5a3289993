//! File modes of the state: it holds client secrets and Sign in with Apple private keys, so the
//! file, SQLite's side files and any directory the sandbox creates for it are the user's alone.

use std::path::{Path, PathBuf};

/// Creates `dir` and any missing parents with mode 0700. Directories that already exist are left
/// as they are: they may be shared on purpose (a project directory, `/tmp`).
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Creates the state file with mode 0600 when it is missing (and its directory with 0700).
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir_all(dir)?;
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

/// The state file and the side files SQLite keeps next to it in WAL mode.
pub fn state_files(path: &Path) -> [PathBuf; 3] {
    let side = |suffix: &str| {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    [path.to_path_buf(), side("-wal"), side("-shm")]
}

/// Removes group and other permissions from the state file and its side files. SQLite creates
/// the side files with the main file's mode, so a state file made readable by others (a copy, an
/// old version) would otherwise keep leaking through them. Called only once the file is known to
/// be a sandbox state, so nobody else's file is ever changed.
pub fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    for f in state_files(path) {
        use std::os::unix::fs::PermissionsExt;
        let meta = match std::fs::metadata(&f) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(mode & 0o700))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
