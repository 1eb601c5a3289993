//! `amplify-auth --overview`, the compiled binary in a pseudo-terminal against an in-process
//! sandbox seeded with demo apps (`serve --demo-apps`' seeding): the rows appear, the progress
//! line reaches the end, `/` filters, Enter opens a config read through the SDK, Esc comes back.

use crate::support;

use amplify_auth::sandbox::{self, FailingRead, FaultConfig, SandboxOptions, StatePath};
use support::app::pty::Pty;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const APPS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_lists_the_demo_account_and_enter_opens_a_config() {
    let sb = sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        demo_apps: APPS,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts");
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &["--overview"], &[]);
    p.wait_for("Account overview").await;
    // Every environment read: 12 apps have 1 + 2 + 3 environments in turn, 24 in all.
    let envs: usize = (0..APPS)
        .map(|i| sandbox::demo_apps::env_names(i).len())
        .sum();
    let screen = p
        .wait_for(&format!(
            "Loaded: {envs} of {envs} environments read ({APPS} apps)"
        ))
        .await;
    assert!(screen.contains("fleet-app-001"), "{screen}");
    assert!(screen.contains("(no auth)"), "{screen}");

    // Filter to the second app's resource (dev and a production environment), open the first.
    p.send("/");
    p.send("fleet000002auth");
    p.wait_for("Filter: fleet000002auth").await;
    p.send(ENTER);
    p.send(ENTER);
    let config = p.wait_for("Sign-in with").await;
    assert!(config.contains("Auth config"), "{config}");
    assert!(
        config.contains("fleet000002auth · dfleet000002/dev"),
        "the config of the row selected: {config}"
    );

    // Esc: back on the overview, its rows still there (not read again).
    p.send(ESC);
    let back = p.wait_for("Account overview").await;
    assert!(
        back.contains(&format!("Loaded: {envs} of {envs}")),
        "{back}"
    );
    p.send("q");
    let status = p.wait_exit();
    assert!(status.success(), "{status:?}");
    p.assert_restored();
    sb.shutdown().await;
}

/// Issue 16, item 4: one environment's reads always fail (the sandbox's targeted fault); its row
/// shows ✗ and the error, the progress line counts it, and every other environment loads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_environment_shows_its_error_in_its_row_while_the_rest_load() {
    let sb = sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        demo_apps: 3,
        faults: FaultConfig {
            failing_reads: vec![FailingRead::parse("dfleet000002/prod").unwrap()],
            ..FaultConfig::default()
        },
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts");
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &["--overview"], &[]);
    let screen = p
        .wait_for("Loaded: 6 of 6 environments read (3 apps), 1 with errors")
        .await;
    let failed: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("✗ GetBackend"))
        .collect();
    assert_eq!(failed.len(), 1, "{screen}");
    assert!(
        failed[0].contains("prod") && failed[0].contains("GatewayTimeoutException"),
        "{screen}"
    );
    // The other environments of the same app and of the others have their rows.
    for resource in ["fleet000002auth", "fleet000003auth"] {
        assert!(screen.contains(resource), "{screen}");
    }
    assert!(screen.contains("(no auth)"), "{screen}");
    p.send("q");
    let status = p.wait_exit();
    assert!(status.success(), "{status:?}");
    p.assert_restored();
    sb.shutdown().await;
}

/// `--overview` is the TUI's; given with a command it is refused, not silently dropped.
#[test]
fn overview_with_a_command_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_amplify-auth"))
        .args(["--overview", "audit"])
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--overview") && err.contains("amplify-auth audit"),
        "{err}"
    );
}
