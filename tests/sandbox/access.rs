//! Who can reach the sandbox and its state: `amplify-auth serve` (the real binary) listens on
//! loopback unless told otherwise, says so loudly when told otherwise, and keeps its state file,
//! the file's SQLite side files and the directory it creates for them to the user alone.

use crate::support;

use std::path::Path;

use amplify_auth::cli::{Cli, Command};
use clap::Parser;
use support::sandbox::process::{Serve, command};

#[test]
fn serve_defaults_to_loopback() {
    let cli = Cli::try_parse_from(["amplify-auth", "serve"]).unwrap();
    let Some(Command::Serve { listen, .. }) = cli.command else {
        panic!("not serve: {cli:?}");
    };
    assert!(listen.ip().is_loopback(), "{listen}");
    assert_eq!(listen.to_string(), "127.0.0.1:0");

    let home = tempfile::tempdir().unwrap();
    let serve = Serve::start(home.path(), &["--state", ":memory:"]).expect("serve starts");
    let url = serve.endpoint.strip_prefix("http://").unwrap();
    let addr: std::net::SocketAddr = url.parse().unwrap();
    assert_eq!(addr.ip().to_string(), "127.0.0.1", "{}", serve.endpoint);
    assert_ne!(addr.port(), 0);
    // Nothing to warn about on loopback; the banner goes to stderr, never into the export lines.
    let stderr = serve.stderr_with("listening on http://127.0.0.1:");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(
        stderr.contains("listening on http://127.0.0.1:"),
        "{stderr}"
    );
    let status = serve.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_listen_address_off_loopback_is_warned_about() {
    // 192.0.2.1 is reserved for documentation (TEST-NET-1): no machine has it, so the bind fails
    // after the warning and nothing is ever opened beyond loopback.
    let home = tempfile::tempdir().unwrap();
    let stderr = match Serve::start(
        home.path(),
        &["--state", ":memory:", "--listen", "192.0.2.1:0"],
    ) {
        Err(failed) => {
            assert!(!failed.status.success());
            assert!(!failed.stdout.contains("export"), "{failed:?}");
            assert!(
                failed.stderr.contains("cannot listen on 192.0.2.1:0"),
                "{failed:?}"
            );
            failed.stderr
        }
        Ok(serve) => {
            // A machine that does own the address: the warning must be there all the same.
            let text = serve.stderr();
            serve.terminate();
            text
        }
    };
    assert!(
        stderr.contains("warning: --listen 192.0.2.1:0 is not a loopback address"),
        "{stderr}"
    );
    assert!(stderr.contains("127.0.0.1"), "says what to use: {stderr}");
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_state_and_its_directory_are_private() {
    let home = tempfile::tempdir().unwrap();
    let serve = Serve::start(home.path(), &[]).expect("serve starts");
    // Writes, so SQLite has its WAL and shared-memory files open next to the state.
    let app = support::sandbox::create_app(&serve.amplify_client(), "private").await;
    let out = serve
        .client()
        .create_backend()
        .app_id(&app)
        .app_name("private")
        .backend_environment_name("dev")
        .send()
        .await
        .expect("CreateBackend");
    assert!(out.job_id().is_some());

    let dir = home.path().join("data").join("amplify-auth");
    let state = dir.join("sandbox.sqlite3");
    assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    assert_eq!(mode(&home.path().join("data")), 0o700);
    for f in [
        state.clone(),
        dir.join("sandbox.sqlite3-wal"),
        dir.join("sandbox.sqlite3-shm"),
    ] {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    assert!(serve.terminate().success());
    assert_eq!(mode(&state), 0o600);
}

#[cfg(unix)]
#[test]
fn serve_makes_a_state_others_could_read_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("shared.sqlite3");
    let arg = state.to_str().unwrap();
    let serve = Serve::start(home.path(), &["--state", arg]).unwrap();
    let stderr_file = serve.stderr.clone();
    let status = serve.terminate();
    let stderr = std::fs::read_to_string(stderr_file).unwrap();
    assert!(status.success(), "{status:?}: {stderr}");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o644)).unwrap();
    let serve = Serve::start(home.path(), &["--state", arg]).unwrap();
    assert_eq!(mode(&state), 0o600);
    let stderr_file = serve.stderr.clone();
    let status = serve.terminate();
    let stderr = std::fs::read_to_string(stderr_file).unwrap();
    assert!(status.success(), "{status:?}: {stderr}");
}

#[test]
fn serve_help_says_the_default_is_loopback() {
    let out = command(tempfile::tempdir().unwrap().path(), &["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("loopback"), "{help}");
    assert!(help.contains("127.0.0.1:0"), "{help}");
}

#[test]
fn sigterm_right_after_the_export_lines_stops_cleanly() {
    // A supervisor may read the lines and stop the sandbox at once; the signal must be caught
    // from the moment the lines are out, or the process dies by it instead of shutting down.
    let home = tempfile::tempdir().unwrap();
    for _ in 0..10 {
        let serve = Serve::start(home.path(), &["--state", ":memory:"]).unwrap();
        let stderr_file = serve.stderr.clone();
        let status = serve.terminate();
        let stderr = std::fs::read_to_string(stderr_file).unwrap();
        assert!(status.success(), "{status:?}: {stderr}");
        assert!(stderr.contains("stopping"), "{stderr}");
    }
}
