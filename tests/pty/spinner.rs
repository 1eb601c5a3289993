//! The compiled binary in a pseudo-terminal, headless: `create --input FILE --wait` on a
//! terminal draws indicatif's spinner on stderr while the job runs, keeps the lines that stay
//! (the end) above it, and exits. A spinner drawing on stderr from its own thread while the
//! command held stderr locked once hung here, found by hand; this is the test for it.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::samples::default_config;
use amplify_auth::sandbox::demo::DEMO_APP_ID;
use support::app::pty::{Pty, command, sandbox_env};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_on_a_terminal_spins_and_exits() {
    // Long enough for several of the spinner's 100 ms ticks.
    let sb = support::app::sandbox(true, Duration::from_millis(1500)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("auth.json");
    let doc = serde_json::json!({
        "AppId": DEMO_APP_ID,
        "BackendEnvironmentName": "dev",
        "ResourceName": "spinauth",
        "ResourceConfig": default_config("spinauth"),
    });
    std::fs::write(&file, doc.to_string()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::spawn(command(
        &[
            "--endpoint-url",
            &sb.endpoint,
            "create",
            "--input",
            file.to_str().unwrap(),
            "--wait",
        ],
        home.path(),
        &sandbox_env(&sb),
        &[],
    ));
    p.wait_for("COMPLETED after").await;
    assert!(p.wait_exit().success(), "exit 0: {}", p.text());
    let raw = p.raw_text();
    // indicatif's spinner: a braille tick, the message, the elapsed time, redrawn in place
    // (the line cleared and written again), many times while the job ran.
    let braille = |c: char| ('\u{2800}'..='\u{28ff}').contains(&c);
    let drawn = raw
        .match_indices("CreateBackendAuth job ")
        .filter(|(i, _)| {
            raw[..*i]
                .trim_end_matches(' ')
                .chars()
                .last()
                .is_some_and(braille)
        })
        .count();
    assert!(
        drawn >= 3,
        "the spinner was drawn {drawn} time(s); output: {raw:?}"
    );
    // Plain progress lines are for pipes: on a terminal each status is in the spinner, and only
    // the end is a line that stays.
    let plain_status = raw
        .split("\r\n")
        .filter(|l| l.starts_with("CreateBackendAuth job ") && l.contains("RUNNING"))
        .count();
    assert_eq!(plain_status, 0, "plain status lines on a terminal: {raw:?}");
    // The spinner is cleared before the end line, not drawn again under it.
    let end = raw.find("COMPLETED after").unwrap();
    assert!(
        !raw[end..].contains("RUNNING"),
        "the spinner came back after the end: {:?}",
        &raw[end..]
    );
    // The line that stays and the result (stdout) are on screen after the spinner is cleared.
    let screen = p.text();
    assert!(screen.contains("COMPLETED after"), "{screen}");
    assert!(
        screen.lines().any(|l| l.contains("CreateBackendAuth")
            && l.contains("COMPLETED")
            && !l.contains("after")),
        "the job's row on stdout: {screen}"
    );
    assert!(
        !screen.contains("RUNNING"),
        "the spinner was cleared: {screen}"
    );
    sb.shutdown().await;
}
