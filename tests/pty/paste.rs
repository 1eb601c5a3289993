//! A bracketed paste reaches whichever text input has the focus, in the compiled binary in a
//! terminal: the apps filter, the Import form's user pool id, and the delete confirmation (which
//! only deletes when the pasted name matches). Before one focused-input path, only the wizard
//! took pastes and these three dropped them silently.

use crate::support;

use std::time::Duration;

use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use support::app::pty::Pty;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const CTRL_U: &str = "\x15";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paste_reaches_the_apps_filter_the_import_form_and_the_delete_confirmation() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &[], &[]);
    p.wait_for("demo-app").await;

    // The apps filter: a pasted text filters the list.
    p.send("/");
    p.paste("no-such-app");
    p.wait_for("Filter: no-such-app").await;
    p.wait_for("No match for the filter").await;
    p.send(CTRL_U);
    p.paste("demo");
    let screen = p.wait_for("Filter: demo▏").await;
    assert!(
        screen.contains(DEMO_APP_ID),
        "the demo app matches:\n{screen}"
    );
    p.send(ENTER); // ends the filter
    p.send(ENTER); // opens the app
    p.wait_for("staging").await;

    // The Import form of `dev` (no auth yet): the pasted pool id lands in the first field.
    p.send(ENTER);
    p.wait_for("No auth yet").await;
    p.send("i");
    p.wait_for("User pool id").await;
    p.paste("us-east-1_PastedPool\n");
    let screen = p.wait_for("us-east-1_PastedPool").await;
    assert!(
        screen.contains("Web client id"),
        "still on the Import form:\n{screen}"
    );
    p.send(ESC);
    p.wait_for("No auth yet").await;
    p.send(ESC);

    // The delete confirmation of staging's resource: the pasted name enables Enter.
    p.wait_for("staging").await;
    p.send(DOWN);
    p.send(ENTER);
    p.wait_for(DEMO_AUTH_RESOURCE).await;
    p.send(ENTER);
    p.wait_for("Auth config").await;
    p.send("d");
    p.wait_for("Type demoappauth and press Enter").await;
    p.paste(DEMO_AUTH_RESOURCE);
    p.wait_for(&format!("› {DEMO_AUTH_RESOURCE}")).await;
    p.send(ENTER);
    p.wait_for("DeleteBackendAuth").await;
    p.wait_for("COMPLETED").await;

    // The service agrees: the resource is gone.
    let clients = support::app::clients(&sb);
    let err = clients
        .get_auth(DEMO_APP_ID, "staging", DEMO_AUTH_RESOURCE)
        .await
        .expect_err("deleted");
    assert!(err.is_not_found(), "{err:?}");
    p.send("q");
    assert!(p.wait_exit().success());
    p.assert_restored();
    sb.shutdown().await;
}
