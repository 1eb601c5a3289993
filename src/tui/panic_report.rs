//! Panic reports: what a bug report needs (message, location, backtrace, version), in a file only
//! the user can read, and nothing of the model. The model holds client secrets and the Apple key,
//! so it is never formatted here; panic messages in this crate never format secrets either
//! (`Secret`'s `Debug` is a mask).

use std::backtrace::Backtrace;
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

/// `<data dir>/amplify-auth/crashes`.
pub fn default_dir() -> Option<PathBuf> {
    Some(dirs::data_local_dir()?.join("amplify-auth").join("crashes"))
}

/// The report's text.
pub fn text(info: &PanicHookInfo<'_>, backtrace: &Backtrace) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".into());
    let location = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_else(|| "(unknown)".into());
    let thread = std::thread::current()
        .name()
        .unwrap_or("(unnamed)")
        .to_string();
    format!(
        "amplify-auth {version} panicked.\n\
         Please attach this file to a bug report.\n\
         It holds the panic message, where it happened and a backtrace; no input, no secrets.\n\n\
         message:  {message}\n\
         location: {location}\n\
         thread:   {thread}\n\
         os:       {os}/{arch}\n\n\
         backtrace:\n{backtrace}\n",
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
    )
}

/// Writes the report as `panic-<unix time>-<pid>.txt` (0600) and returns its path.
pub fn write(dir: &Path, info: &PanicHookInfo<'_>) -> std::io::Result<PathBuf> {
    let backtrace = Backtrace::force_capture();
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!("panic-{secs}-{}.txt", std::process::id());
    crate::private_file::write_atomic(dir, &name, text(info, &backtrace).as_bytes())
}
