//! The compiled binary in a pseudo-terminal: `edit --input auth.yaml` for the demo's staging
//! resource (which exists) opens on the review with the file's change against what is deployed,
//! F2 submits an update, and Ctrl-S writes the file as YAML again. This is the wiring in `cli.rs` the in-process
//! tests cannot reach: the lookup that decides between create and update.

use crate::support;

use std::time::Duration;

use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use support::app::pty::{Pty, command, sandbox_env};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_input_on_a_deployed_resource_submits_an_update() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let before = clients
        .get_auth(DEMO_APP_ID, "staging", DEMO_AUTH_RESOURCE)
        .await
        .unwrap();
    let deployed = before
        .user_pool
        .password_policy
        .as_ref()
        .unwrap()
        .minimum_length;
    let wanted = deployed + 3.0;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth.yaml");
    // The file as a user would write it by hand: YAML, one member changed.
    let doc = serde_json::json!({
        "AppId": DEMO_APP_ID,
        "BackendEnvironmentName": "staging",
        "ResourceName": DEMO_AUTH_RESOURCE,
        "ResourceConfig": serde_json::to_value(&{
            let mut c = before.clone();
            c.user_pool.password_policy.as_mut().unwrap().minimum_length = wanted;
            c
        }).unwrap(),
    });
    std::fs::write(&path, amplify_auth::config_file::yaml_write::yaml(&doc)).unwrap();

    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(command(
        &[
            "--endpoint-url",
            &sb.endpoint,
            "edit",
            "--input",
            path.to_str().unwrap(),
        ],
        home.path(),
        &sandbox_env(&sb),
        &[],
    ));
    p.wait_for("its resource exists, submit updates it").await;
    p.wait_for("MinimumLength [changed]").await;
    p.send("\x1bOQ"); // F2
    p.wait_for("UpdateBackendAuth").await;
    p.wait_for("Confirmed").await;
    p.send("\r");
    p.wait_for("Applied and confirmed").await;
    std::fs::write(&path, "").unwrap();
    p.send("\x13"); // Ctrl-S: write the file again, in its own format
    p.wait_for("Saved").await;
    p.send("q");
    assert!(p.wait_exit().success(), "q quits cleanly");

    let after = clients
        .get_auth(DEMO_APP_ID, "staging", DEMO_AUTH_RESOURCE)
        .await
        .unwrap();
    assert_eq!(
        after
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
        wanted
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("AppId: "), "saved as YAML: {text}");
    let back = amplify_auth::config_file::yaml_read::to_json_value(&text).unwrap();
    assert_eq!(
        back.pointer("/ResourceConfig/UserPoolConfigs/PasswordPolicy/MinimumLength")
            .and_then(|v| v.as_f64()),
        Some(wanted)
    );
    sb.shutdown().await;
}
