//! The compiled binary in a pseudo-terminal: from the demo's staging config screen, `g` previews
//! the Gen 2 backend, `w` twice writes `amplify/auth/resource.ts` and `amplify/backend.ts` into the
//! directory the app runs in (making the folders), the same text as the export of the config the service holds; a second write keeps the existing backend.ts.

use crate::support;

use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use support::app::pty::{DemoConfigScreen, demo_staging_config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g_then_w_twice_writes_the_gen2_files() {
    let DemoConfigScreen {
        sb,
        home: _home,
        project,
        mut p,
    } = demo_staging_config(&[]).await;
    // `g` maps the live pool's facts once the config screen has read it (End shows that section).
    p.send("\x1b[F");
    p.wait_for("Feature plan (UserPoolTier)").await;
    p.send("\x1b[H");
    p.send("g");
    p.wait_for("defineAuth (a new pool)").await;
    p.send("w");
    p.wait_for("w again writes").await;
    p.send("w");
    p.wait_for("Wrote ./amplify/backend.ts").await;
    // Again: resource.ts exists (asked first), backend.ts is kept and the lines to add are shown.
    p.send("w");
    p.send("w");
    p.wait_for("exists and was kept").await;
    p.send("\x1b");
    p.wait_for("Hosted UI domain").await;
    p.send("q");
    assert!(p.wait_exit().success(), "q quits cleanly");

    let resource = std::fs::read_to_string(project.path().join("amplify/auth/resource.ts"))
        .expect("resource.ts written where the app runs");
    let backend = std::fs::read_to_string(project.path().join("amplify/backend.ts")).unwrap();
    assert!(resource.contains("export const auth = defineAuth({"));
    assert!(resource.contains("secret('SIWA_PRIVATE_KEY')"));
    assert!(backend.contains("cfnIdentityPool.allowUnauthenticatedIdentities = false;"));
    // The same files as the headless command prints.
    let clients = support::app::clients(&sb);
    let cfg = clients
        .get_auth(DEMO_APP_ID, "staging", DEMO_AUTH_RESOURCE)
        .await
        .unwrap();
    let meta = clients
        .get_backend(DEMO_APP_ID, Some("staging"))
        .await
        .unwrap()
        .auth_resources
        .remove(0);
    let live =
        amplify_auth::domain::gen2::from_live::gen2_live(&clients.read_live_pool(&meta).await);
    assert!(
        !live.providers.is_empty(),
        "the demo's live pool has providers"
    );
    let cx = amplify_auth::domain::gen2::Gen2Context {
        app_id: DEMO_APP_ID.into(),
        env: "staging".into(),
        region: "us-east-1".into(),
        resource: DEMO_AUTH_RESOURCE.into(),
        live,
        ..Default::default()
    };
    let ex = amplify_auth::domain::gen2::export(&cfg, &cx).unwrap();
    assert_eq!(resource, ex.resource_ts);
    assert_eq!(backend, ex.backend_ts);
}
