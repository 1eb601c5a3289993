//! Records the git commit the binary is built from, for `--version`.
//!
//! Falls back gracefully: a build outside a git checkout (`cargo install` from a tarball or the
//! registry, a source archive) has no `.git`, and a machine may have no `git`; then the commit is
//! `AMPLIFY_AUTH_COMMIT` from the environment if set (for packagers), else `unknown`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// Rebuild when HEAD moves (a commit, a checkout), and only then: the files git changes.
fn watch(dir: &Path) {
    let abs = |p: String| {
        let p = PathBuf::from(p);
        if p.is_absolute() { p } else { dir.join(p) }
    };
    let (Some(git_dir), Some(common)) = (
        git(dir, &["rev-parse", "--git-dir"]).map(abs),
        git(dir, &["rev-parse", "--git-common-dir"]).map(abs),
    ) else {
        return;
    };
    let mut files = vec![git_dir.join("HEAD"), common.join("packed-refs")];
    if let Some(r) = git(dir, &["rev-parse", "--symbolic-full-name", "HEAD"]) {
        files.push(common.join(r));
    }
    // A missing file would make cargo rerun this script at every build.
    for f in files.into_iter().filter(|f| f.exists()) {
        println!("cargo:rerun-if-changed={}", f.display());
    }
}

fn main() {
    println!("cargo:rerun-if-env-changed=AMPLIFY_AUTH_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    // Only a checkout of this crate itself counts (not a parent repository that vendors it).
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let own = top
        .as_deref()
        .and_then(|t| t.canonicalize().ok())
        .zip(dir.canonicalize().ok())
        .is_some_and(|(t, d)| t == d);
    let from_git = if own {
        watch(&dir);
        git(&dir, &["rev-parse", "--short=12", "HEAD"])
    } else {
        None
    };
    let commit = std::env::var("AMPLIFY_AUTH_COMMIT")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or(from_git)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=AMPLIFY_AUTH_COMMIT={commit}");
}
