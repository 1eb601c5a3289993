//! The log file (issue 24): only the user can read it, and it does not grow without bound.
//!
//! - `amplify-auth.log` is created 0600 in a 0700 folder; a folder or file found wider (made by
//!   an older version, or by hand) is tightened before anything is written.
//! - When the file reaches [`MAX_LOG_BYTES`] it is rotated, at start and while running:
//!   `.log` becomes `.log.1`, `.log.1` becomes `.log.2`, …, and the oldest beyond [`KEEP`] goes.
//!   So the logs take at most `(KEEP + 1) × MAX_LOG_BYTES` on disk.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A log file is rotated when it reaches this size.
pub const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;
/// Rotated files kept beside the current one.
pub const KEEP: usize = 3;

/// An append-only log file that rotates itself by size.
pub struct RotatingLog {
    path: PathBuf,
    file: File,
    size: u64,
    max: u64,
}

impl RotatingLog {
    /// Opens (or creates) `dir/name`, making `dir` 0700 and the file 0600, rotating it first if
    /// it is already full.
    pub fn open(dir: &Path, name: &str) -> io::Result<RotatingLog> {
        Self::open_with_max(dir, name, MAX_LOG_BYTES)
    }

    pub fn open_with_max(dir: &Path, name: &str, max: u64) -> io::Result<RotatingLog> {
        crate::private_file::ensure_dir(dir)?;
        let path = dir.join(name);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() >= max) {
            rotate(&path)?;
        }
        let (file, size) = open_private(&path)?;
        Ok(RotatingLog {
            path,
            file,
            size,
            max,
        })
    }
}

/// `path` opened for appending, 0600 (tightened when it was wider), and its size.
fn open_private(path: &Path) -> io::Result<(File, u64)> {
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    let meta = file.metadata()?;
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok((file, meta.len()))
}

/// `x.log.{KEEP-1}` → `x.log.{KEEP}`, …, `x.log` → `x.log.1`; the oldest is overwritten.
fn rotate(path: &Path) -> io::Result<()> {
    let numbered = |n: usize| {
        let mut s = path.as_os_str().to_owned();
        s.push(format!(".{n}"));
        PathBuf::from(s)
    };
    for n in (1..KEEP).rev() {
        let from = numbered(n);
        if from.exists() {
            std::fs::rename(&from, numbered(n + 1))?;
        }
    }
    std::fs::rename(path, numbered(1))
}

impl Write for RotatingLog {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size + buf.len() as u64 > self.max && self.size > 0 {
            self.file.flush()?;
            rotate(&self.path)?;
            let (file, size) = open_private(&self.path)?;
            self.file = file;
            self.size = size;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_wide_folder_and_file_are_tightened_and_the_log_rotates_by_size() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("logs");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.join("a.log");
        std::fs::write(&file, "old\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();

        let mut log = RotatingLog::open_with_max(&dir, "a.log", 100).unwrap();
        assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
        for i in 0..40 {
            writeln!(log, "line {i:02} of the log, long enough").unwrap();
        }
        log.flush().unwrap();
        let names: Vec<String> = {
            let mut v: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names, ["a.log", "a.log.1", "a.log.2", "a.log.3"]);
        for n in &names {
            let p = dir.join(n);
            assert_eq!(mode(&p), 0o600, "{n}");
            assert!(std::fs::metadata(&p).unwrap().len() <= 100, "{n}");
        }
        // The newest lines are in the current file, the oldest gone.
        let current = std::fs::read_to_string(&file).unwrap();
        assert!(current.contains("line 39"), "{current}");
        let all: String = names
            .iter()
            .map(|n| std::fs::read_to_string(dir.join(n)).unwrap())
            .collect();
        assert!(!all.contains("old\n") && !all.contains("line 00"), "{all}");
    }
}
