//! The compiled binary in a pseudo-terminal: from the demo's staging config screen, `w` and
//! Enter write `amplifyconfiguration.json` into the directory the app runs in; the file holds
//! the deployment's ids (as GetBackend's meta has them) and no secret.

use crate::support;

use amplify_auth::aws::meta::parse_meta;
use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use support::app::pty::{DemoConfigScreen, demo_staging_config};

const ENTER: &str = "\r";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_screen_writes_amplifyconfiguration_json() {
    let DemoConfigScreen {
        sb,
        home: _home,
        project,
        mut p,
    } = demo_staging_config(&[("FORCE_HYPERLINK", "1")]).await;
    p.send("w");
    p.wait_for("Preview: amplifyconfiguration.json").await;
    p.send(ENTER);
    p.wait_for("✓ Wrote amplifyconfiguration.json").await;
    // Again: the file exists now, so the screen asks before replacing it.
    p.send(ENTER);
    p.wait_for("exists. Enter again replaces it").await;
    p.send("\x1b"); // Esc: back to the config screen
    p.wait_for("Hosted UI domain").await;
    // The checklist: Enter copies the selected value (the console URL) through OSC 52, and the
    // console URL is drawn as an OSC 8 hyperlink (FORCE_HYPERLINK=1).
    p.send("p");
    p.wait_for("Provider checklist").await;
    let url = "https://console.cloud.google.com/apis/credentials";
    p.wait_for(url).await;
    p.send(ENTER);
    p.wait_for("✓ Copied Console").await;
    let raw = p.raw_text();
    let osc52 = format!("\x1b]52;c;{}\x07", base64_of(url));
    assert!(
        raw.contains(&osc52),
        "no OSC 52 copy of {url} in the output"
    );
    assert!(
        raw.contains(&format!("\x1b]8;;{url}\x1b\\{url}\x1b]8;;\x1b\\")),
        "no OSC 8 link to {url} in the output"
    );
    p.send("\x1b");
    p.wait_for("Hosted UI domain").await;
    p.send("q");
    assert!(p.wait_exit().success(), "q quits cleanly");

    let text = std::fs::read_to_string(project.path().join("amplifyconfiguration.json"))
        .expect("the file was written where the app runs");
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let clients = support::app::clients(&sb);
    let backend = clients
        .get_backend(DEMO_APP_ID, Some("staging"))
        .await
        .unwrap();
    let meta = parse_meta(backend.raw_meta.as_deref().unwrap()).unwrap();
    let out = &meta["auth"][DEMO_AUTH_RESOURCE]["output"];
    assert_eq!(file["aws_user_pools_id"], out["UserPoolId"]);
    assert_eq!(file["aws_user_pools_web_client_id"], out["AppClientIDWeb"]);
    assert_eq!(file["aws_cognito_identity_pool_id"], out["IdentityPoolId"]);
    assert_eq!(file["oauth"]["responseType"], "code");
    let domain = file["oauth"]["domain"].as_str().unwrap();
    assert!(domain.starts_with("demoapp-staging.auth."), "{domain}");
    for secret in ["Secret", "PRIVATE KEY", "client_secret"] {
        assert!(!text.contains(secret), "{secret:?} in\n{text}");
    }
    sb.shutdown().await;
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}
