//! Drafts on disk: where they live, reading them at start-up, and the one task that writes them,
//! in order, so an older save can never land after a newer one or after the delete.

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::private_file;

use crate::tui::msg::Msg;
use crate::tui::wizard::draft_file::{Draft, Found, MAX_DRAFT_BYTES, parse};

/// `<data dir>/amplify-auth/drafts` (e.g. `~/.local/share/amplify-auth/drafts`).
pub fn default_dir() -> Option<PathBuf> {
    Some(dirs::data_local_dir()?.join("amplify-auth").join("drafts"))
}

/// Every `*.json` file in the directory, read as a draft or reported as unreadable. A file we
/// cannot read stays for the user to look at; the only thing removed is the temp file of a write
/// whose writer is gone (a kill in mid-write), which can never become a draft.
pub fn scan(dir: &Path) -> Vec<Found> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut found = vec![];
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        // Temp files of a write in progress (or cut short by a kill) start with a dot.
        if is_stale_temp(&name, &path) {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        let Some(id) = name.strip_suffix(".json") else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let id = id.to_string();
        let read = private_file::read_bounded(&path, MAX_DRAFT_BYTES)
            .map_err(|e| format!("could not read it ({e})"))
            .and_then(|b| parse(&b));
        found.push(match read {
            Ok(draft) => Found::Draft {
                id,
                draft: Box::new(draft),
            },
            Err(reason) => Found::Unreadable { id, path, reason },
        });
    }
    found
}

/// A temp file (`.<name>.<pid>.<n>.tmp`, see `private_file::write_atomic`) whose writer has
/// exited. Where `/proc` cannot tell, only temp files over an hour old count as stale.
pub fn is_stale_temp(name: &str, path: &Path) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else {
        return false;
    };
    let pid = rest.rsplit('.').nth(1).and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(p) if p == std::process::id() => false,
        Some(p) if Path::new("/proc/self").exists() => !Path::new(&format!("/proc/{p}")).exists(),
        _ => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(3600)),
    }
}

/// Writes one draft as `<id>.json`; returns where.
pub fn save(dir: &Path, draft: &Draft) -> std::io::Result<PathBuf> {
    let bytes = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
    private_file::write_atomic(dir, &format!("{}.json", draft.id), &bytes)
}

pub fn delete(dir: &Path, id: &str) -> std::io::Result<()> {
    private_file::remove(dir, &format!("{id}.json"))
}

enum Op {
    Save { dir: PathBuf, draft: Box<Draft> },
    Delete { dir: PathBuf, id: String },
}

impl Op {
    fn file(&self) -> (PathBuf, String) {
        match self {
            Op::Save { dir, draft } => (dir.clone(), draft.id.clone()),
            Op::Delete { dir, id } => (dir.clone(), id.clone()),
        }
    }
}

/// The draft writer: one task takes saves and deletes in order, and when several are queued
/// for one file only the last is done (typing fast costs one write, not one per key).
pub struct Writer {
    tx: mpsc::UnboundedSender<Op>,
    task: tokio::task::JoinHandle<()>,
}

impl Writer {
    /// Starts the writer; failures come back as `Msg::DraftError`.
    pub fn spawn(report: mpsc::UnboundedSender<Msg>) -> Writer {
        let (tx, mut rx) = mpsc::unbounded_channel::<Op>();
        let task = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut ops = vec![first];
                while let Ok(op) = rx.try_recv() {
                    ops.push(op);
                }
                let ops = last_per_file(ops);
                let done = tokio::task::spawn_blocking(move || {
                    ops.into_iter()
                        .filter_map(|op| match op {
                            Op::Save { dir, draft } => save(&dir, &draft)
                                .err()
                                .map(|e| format!("{}: {e}", dir.display())),
                            Op::Delete { dir, id } => delete(&dir, &id)
                                .err()
                                .map(|e| format!("{}: {e}", dir.display())),
                        })
                        .collect::<Vec<_>>()
                })
                .await;
                let errors = done.unwrap_or_else(|e| vec![e.to_string()]);
                for e in errors {
                    let _ = report.send(Msg::DraftError(e));
                }
            }
        });
        Writer { tx, task }
    }

    pub fn save(&self, dir: PathBuf, draft: Box<Draft>) {
        let _ = self.tx.send(Op::Save { dir, draft });
    }

    pub fn delete(&self, dir: PathBuf, id: String) {
        let _ = self.tx.send(Op::Delete { dir, id });
    }

    /// Waits until everything sent so far is on disk.
    pub async fn finish(self) {
        drop(self.tx);
        let _ = self.task.await;
    }
}

/// Keeps the last operation per file, in the order of those last operations.
fn last_per_file(ops: Vec<Op>) -> Vec<Op> {
    let mut seen = std::collections::HashSet::new();
    let mut keep: Vec<Op> = ops
        .into_iter()
        .rev()
        .filter(|op| seen.insert(op.file()))
        .collect();
    keep.reverse();
    keep
}
