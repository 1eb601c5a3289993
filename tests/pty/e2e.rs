//! End to end: the compiled binary in a pseudo-terminal against an in-process sandbox, driven by
//! keystrokes and a bracketed paste, read back through the SDK afterwards.

use crate::support;

use std::time::Duration;

use support::app::pty::Pty;

const TAB: &str = "\t";
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";
const CTRL_N: &str = "\x0e";
const CTRL_U: &str = "\x15";
const SPACE: &str = " ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_creates_auth_with_a_pasted_apple_key() {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(500)).await;
    let (pem, body) = amplify_auth::domain::apple_key::generate_key();
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &[], &[]);
    p.create_to_social_step("ptytest-auth").await;
    for _ in 0..3 {
        p.send(TAB);
    }
    p.send(SPACE);
    p.send(TAB);
    p.send("com.example.pty.signin");
    p.send(TAB);
    p.send("TEAM123456");
    p.send(TAB);
    p.send("KEYID12345");
    p.send(TAB);
    p.send(TAB);
    // A real paste: bracketed, with the CRLF line ends some terminals send.
    p.send(&format!("\x1b[200~{}\x1b[201~", pem.replace('\n', "\r\n")));
    p.wait_for("EC P-256 PKCS#8 key").await;
    let screen = p.text();
    assert!(!screen.contains(&body[..20]), "the key is masked on screen");
    p.send(CTRL_N);
    p.wait_for("Review: Ctrl-S submits").await;
    p.send(CTRL_S);
    p.wait_for("COMPLETED").await;
    let screen = p.wait_for("Confirmed").await;
    let resource = screen
        .lines()
        .find_map(|l| {
            l.split("Resource")
                .nth(1)
                .map(|r| r.trim().trim_end_matches('│').trim().to_string())
        })
        .expect("resource line");
    p.send("q");
    assert!(
        p.wait_exit().success(),
        "q quits cleanly with nothing unsaved"
    );
    let got = clients.get_auth(&app_id, "dev", &resource).await.unwrap();
    // Every field: the wizard's defaults for app "demo-app", plus what was typed and pasted.
    use amplify_auth::domain::*;
    let mut expected = samples::default_config("demoapp");
    // The wizard starts from the Cognito console's security defaults.
    amplify_auth::tui::wizard::state::console_defaults(&mut expected);
    let suffix = resource
        .strip_prefix("demoapp")
        .expect("resource named from the app");
    expected.user_pool.user_pool_name = format!("demoapp_userpool_{suffix}");
    expected.identity_pool.as_mut().unwrap().identity_pool_name =
        format!("demoapp_identitypool_{suffix}");
    expected.user_pool.oauth = Some(OAuthConfig {
        domain_prefix: Some("ptytest-auth".into()),
        grant_type: OAuthGrantType::Code,
        scopes: OAuthScope::ALL.to_vec(),
        redirect_sign_in_uris: vec!["http://localhost:3000/".into()],
        redirect_sign_out_uris: vec!["http://localhost:3000/".into()],
        social_providers: Some(SocialProviders {
            sign_in_with_apple: Some(AppleProvider {
                client_id: Some("com.example.pty.signin".into()),
                key_id: Some("KEYID12345".into()),
                // Never given back by the service (Cognito does not return it).
                private_key: None,
                team_id: Some("TEAM123456".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    });
    assert_eq!(
        got, expected,
        "the service holds exactly what the wizard sent, less the Apple key"
    );
    let apple = got
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap();
    // The key itself is not returned; the job COMPLETED, and the sandbox fails it for a key that
    // is armoured or not a PKCS#8 EC key, so the wizard sent the bare body.
    assert!(apple.private_key.is_none() && !body.is_empty());
    assert_eq!(apple.client_id.as_deref(), Some("com.example.pty.signin"));
    assert_eq!(apple.team_id.as_deref(), Some("TEAM123456"));
    assert_eq!(apple.key_id.as_deref(), Some("KEYID12345"));
    let oauth = got.user_pool.oauth.clone().unwrap();
    assert_eq!(oauth.domain_prefix.as_deref(), Some("ptytest-auth"));
    assert_eq!(oauth.redirect_sign_in_uris, vec!["http://localhost:3000/"]);
    assert_eq!(
        got.user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
        8.0
    );
    assert_eq!(
        got.user_pool.required_sign_up_attributes,
        vec![amplify_auth::domain::SignUpAttribute::Email]
    );
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_browses_edits_and_submits() {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(500)).await;
    // A resource without social providers, in `dev`: the service gives no secrets back, so
    // editing the demo's social resource in `staging` needs the client to re-enter or keep them
    // (issue 12), which is not what this test is about.
    let cfg = amplify_auth::domain::samples::default_config("plain");
    clients
        .create_auth(&app_id, "dev", "plainauth", &cfg)
        .await
        .unwrap();
    let resource = "plainauth".to_string();
    for _ in 0..200 {
        if clients.get_auth(&app_id, "dev", &resource).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let home = tempfile::tempdir().unwrap();
    let mut p = Pty::on_sandbox(&sb, home.path(), &[], &[]);
    p.wait_for("demo").await;
    p.send(ENTER);
    p.wait_for("staging").await;
    p.send(ENTER); // dev, the first environment
    p.wait_for(&resource).await;
    p.send(ENTER);
    p.wait_for("Minimum length").await;
    p.send("e");
    p.wait_for("Edit auth resource").await;
    p.send(CTRL_N); // MFA → password
    p.wait_for("Minimum length").await;
    p.send(CTRL_U);
    p.send("\x1b[F"); // End
    p.send(CTRL_U);
    p.send("16");
    // On to the review, however many steps this resource has (no hosted UI: fewer).
    for _ in 0..8 {
        if p.text().contains("Changes (1)") {
            break;
        }
        p.send(CTRL_N);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    p.wait_for("Changes (1)").await;
    p.send(CTRL_S);
    p.wait_for("Confirmed").await;
    p.send(ENTER);
    p.wait_for("Minimum length        16").await;
    p.send("q");
    assert!(
        p.wait_exit().success(),
        "q quits cleanly with nothing unsaved"
    );
    let got = clients.get_auth(&app_id, "dev", &resource).await.unwrap();
    assert_eq!(got.user_pool.password_policy.unwrap().minimum_length, 16.0);
    sb.shutdown().await;
}
