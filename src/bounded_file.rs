//! Reading a file the user named, without being led anywhere else: every file the tool reads
//! (input files, secret references, CA bundles, `serve --cognito`) goes through [`read_regular`],
//! which refuses anything but a regular file and anything above a size cap *before* reading.
//!
//! - The file is opened with `O_NONBLOCK`, so a named pipe (FIFO) cannot make the open wait for a
//!   writer forever; the type is then checked on the open handle (`fstat`), not on the path, so a
//!   file swapped between the check and the read is still checked.
//! - Devices (`/dev/zero`, `/dev/stdin`), directories, sockets and FIFOs are refused by type.
//! - The size is checked from the metadata, and the read itself is bounded too (a file growing
//!   while read, or a `/proc` file that reports size 0).
//! - The bytes are held in a buffer wiped on drop: a secret file's content does not linger.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use p256::elliptic_curve::zeroize::Zeroizing;

/// Why a file was not read. `Display` says it in a few words, naming no content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadProblem {
    /// Opening or reading failed (missing, no permission, …): the OS's words.
    Io(String),
    /// Not a regular file: what it is instead.
    NotRegular(&'static str),
    /// Above the cap: the size when the metadata said it, and the cap.
    TooLarge { size: Option<u64>, cap: u64 },
}

impl std::fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadProblem::Io(e) => write!(f, "cannot read it ({e})"),
            ReadProblem::NotRegular(kind) => {
                write!(f, "it is {kind}, not a regular file")
            }
            ReadProblem::TooLarge { size: Some(n), cap } => {
                write!(f, "it is {n} bytes, more than the {} limit", bytes(*cap))
            }
            ReadProblem::TooLarge { size: None, cap } => {
                write!(f, "it is larger than the {} limit", bytes(*cap))
            }
        }
    }
}

impl std::error::Error for ReadProblem {}

/// `64 KiB`, `16 MiB`, `300 bytes`.
pub fn bytes(n: u64) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{} MiB", n / (1024 * 1024))
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// What a non-regular file is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading without blocking on a FIFO, and checks on the handle that it is a
/// regular file no larger than `cap`.
pub fn open_regular(path: &Path, cap: u64) -> Result<(File, u64), ReadProblem> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| ReadProblem::Io(e.to_string()))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadProblem::Io(e.to_string()))?;
    if !meta.file_type().is_file() {
        return Err(ReadProblem::NotRegular(kind_of(meta.file_type())));
    }
    if meta.len() > cap {
        return Err(ReadProblem::TooLarge {
            size: Some(meta.len()),
            cap,
        });
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, at most `cap` of them (see the module notes).
pub fn read_regular(path: &Path, cap: u64) -> Result<Zeroizing<Vec<u8>>, ReadProblem> {
    let (file, len) = open_regular(path, cap)?;
    let mut buf = Zeroizing::new(Vec::with_capacity(len.min(cap) as usize));
    file.take(cap + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ReadProblem::Io(e.to_string()))?;
    if buf.len() as u64 > cap {
        return Err(ReadProblem::TooLarge { size: None, cap });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_under_the_cap_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"hello").unwrap();
        assert_eq!(&read_regular(&p, 5).unwrap()[..], b"hello");
        assert_eq!(
            read_regular(&p, 4).unwrap_err(),
            ReadProblem::TooLarge {
                size: Some(5),
                cap: 4
            }
        );
    }

    #[test]
    fn devices_directories_and_fifos_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_regular(Path::new("/dev/zero"), 1024).unwrap_err(),
            ReadProblem::NotRegular("a character device")
        );
        assert_eq!(
            read_regular(dir.path(), 1024).unwrap_err(),
            ReadProblem::NotRegular("a directory")
        );
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // No writer: a blocking open would wait forever; this one returns at once.
        assert_eq!(
            read_regular(&fifo, 1024).unwrap_err(),
            ReadProblem::NotRegular("a named pipe (FIFO)")
        );
    }

    #[test]
    fn a_proc_file_reporting_size_zero_is_still_bounded() {
        // /proc files say 0 bytes in their metadata and then give more.
        let got = read_regular(Path::new("/proc/self/status"), 16);
        assert_eq!(
            got.unwrap_err(),
            ReadProblem::TooLarge {
                size: None,
                cap: 16
            }
        );
    }
}
