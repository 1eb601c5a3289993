//! The compiled binary against a slow sandbox (300 ms before every answer, as a real network to
//! AWS can be): Enter pressed the instant each screen appears, before its list has loaded, is
//! kept and acts once the list is there, down to a config, whose IDs `w` then writes.

use crate::support;

use std::time::Duration;

use amplify_auth::sandbox::{self, FaultConfig, SandboxOptions, StatePath};
use support::app::pty::Pty;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_pressed_as_each_screen_appears_is_kept_down_to_a_config() {
    let sb = sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        job_duration: Duration::from_millis(300),
        demo: true,
        faults: FaultConfig {
            latency: Duration::from_millis(300),
            ..Default::default()
        },
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts");
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &[], &[]);

    // Each key goes in while the screen still says it is loading.
    let screen = p.wait_for("Loading apps…").await;
    assert!(!screen.contains("demo-app"), "{screen}");
    p.send(ENTER);
    let screen = p
        .wait_for("Still loading: Enter acts once it has loaded")
        .await;
    assert!(screen.contains("Loading apps…"), "{screen}");

    p.wait_for("Loading environments…").await;
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for("Still loading: ↓ Enter act once it has loaded")
        .await;

    p.wait_for("d1a2b3c4demo / staging").await;
    p.send(ENTER);

    p.wait_for("Reading the config (GetBackendAuth)…").await;
    p.send("w");

    // The frontend file of staging's resource, with the IDs from the environment's meta.
    let screen = p.wait_for("aws_user_pools_web_client_id").await;
    assert!(screen.contains("Frontend config file"), "{screen}");
    assert!(
        screen.contains("\"aws_user_pools_id\": \"us-east-1_"),
        "{screen}"
    );
    assert!(!screen.contains("Still loading"), "{screen}");
    p.send("\x1b");
    let screen = p.wait_for("User pool id").await;
    assert!(screen.contains("Web client id"), "{screen}");
    p.send("\x03");
    p.wait_exit();
    sb.shutdown().await;
}
