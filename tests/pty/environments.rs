//! The environments screens in the compiled binary, in a terminal, against an in-process sandbox
//! seeded with the demo app (`dev` without auth, `staging` with its auth resource): add `qa`
//! cloned from staging and follow the CloneBackend job to COMPLETED, then mark staging and qa and
//! compare them; after qa drifts, promote staging to qa from the compare view. The service is
//! asked afterwards whether qa exists and holds staging's config.

use crate::support;

use std::time::Duration;

use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use support::app::pty::Pty;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_an_environment_cloned_from_staging_then_compare_the_two() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &[], &[]);
    p.wait_for("demo-app").await;
    p.send(ENTER);
    p.wait_for("a add env").await;
    p.wait_for("staging").await;

    // a on staging: the add form proposes cloning it; the name is checked as it is typed.
    p.send(DOWN);
    p.send("a");
    p.wait_for("Add a backend environment").await;
    p.wait_for("a copy of staging (CloneBackend)").await;
    p.send("Q");
    p.wait_for("not a valid environment name").await;
    p.send("\x7f"); // Backspace
    p.send("qa");
    p.wait_for("✓ 2 to 10 lower-case letters").await;
    p.send(ENTER);
    p.wait_for("CloneBackend on").await;
    p.wait_for("COMPLETED").await;

    // Done: back on the environments, re-read: qa is listed.
    p.send(ENTER);
    let screen = p.wait_for("qa").await;
    assert!(screen.contains("Environments"), "{screen}");

    // Mark staging, pick qa with the filter, compare.
    p.send("/");
    p.send("staging");
    p.send(ENTER);
    p.send(" ");
    p.wait_for("staging marked").await;
    p.send("/");
    p.send("\x15qa"); // Ctrl-U clears the filter first
    p.send(ENTER);
    p.send("d");
    let screen = p.wait_for("✓ The same").await;
    assert!(
        screen.contains(&format!("staging / {DEMO_AUTH_RESOURCE}")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("qa / {DEMO_AUTH_RESOURCE}")),
        "{screen}"
    );
    // The Apple key is never returned: shown as such, not as a difference.
    assert!(screen.contains("(not returned by the service)"), "{screen}");
    assert!(screen.contains("p promote left → right"), "{screen}");

    // qa drifts (its password minimum changes behind the app's back); r shows it.
    let clients = support::app::clients(&sb);
    support::headless::set_demo_min_length(&clients, "qa", 14.0).await;
    p.send("r");
    let screen = p.wait_for("≠ 1 member differs").await;
    assert!(screen.contains("MinimumLength"), "{screen}");

    // p: staging's config to qa, through the wizard's Review (the diff against qa), submitted.
    p.send("p");
    let screen = p.wait_for("Promote to qa").await;
    assert!(
        screen.contains("UserPoolConfigs.PasswordPolicy.MinimumLength [changed]: 14 → 8"),
        "{screen}"
    );
    p.send("\x13"); // Ctrl-S submits on Review
    p.wait_for("UpdateBackendAuth on").await;
    p.wait_for("COMPLETED").await;
    p.send(ENTER);
    p.wait_for("✓ The same").await;
    p.send("q");
    p.wait_exit();

    // The service agrees: qa exists and holds staging's auth.
    let backend = clients.get_backend(DEMO_APP_ID, None).await.unwrap();
    assert!(
        backend.environments.iter().any(|e| e == "qa"),
        "{backend:?}"
    );
    let staging = clients
        .get_auth(DEMO_APP_ID, "staging", DEMO_AUTH_RESOURCE)
        .await
        .unwrap();
    let qa = clients
        .get_auth(DEMO_APP_ID, "qa", DEMO_AUTH_RESOURCE)
        .await
        .unwrap();
    assert!(amplify_auth::domain::compare::compare(&staging, &qa).is_same());
}
