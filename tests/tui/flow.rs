//! Flow tests: keys fed into the real runner loop, against an in-process sandbox, through the real
//! SDK clients. Covers the wizard end to end (with Sign in with Apple) and browse → edit → submit.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::AuthConfig;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::Load;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key, shift_tab};

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Envs(v) => format!("envs loaded={}", matches!(v.backend, Load::Loaded(_))),
        Screen::Env(v) => format!(
            "env {} loaded={} jobs={}",
            v.env,
            matches!(v.backend, Load::Loaded(_)),
            matches!(v.jobs, Load::Loaded(_))
        ),
        Screen::Config(v) => format!(
            "config {} loaded={}",
            v.resource,
            matches!(v.config, Load::Loaded(_))
        ),
        Screen::Jobs(_) => "jobs".into(),
        Screen::Import(_) => "import".into(),
        Screen::EnvAdd(f) => format!("env add {}", f.name.value()),
        Screen::Compare(v) => format!("compare same={:?}", v.comparison().map(|c| c.is_same())),
        Screen::Overview(v) => format!("overview rows={} phase={:?}", v.rows.len(), v.phase),
        Screen::Setup(_) => "setup".into(),
        Screen::Switch(_) => "switch".into(),
        Screen::Frontend(v) => format!("frontend {:?} status={:?}", v.format, v.status),
        Screen::Checklist(v) => format!("checklist page={} status={:?}", v.page, v.status),
        Screen::Gen2(v) => format!("gen2 tab={:?} status={:?}", v.tab, v.status),
        Screen::Wizard(w) => format!(
            "wizard step={:?} app={} env={} errors={} flash={:?}",
            w.step,
            w.trimmed(FieldId::AppId),
            w.trimmed(FieldId::EnvName),
            w.error_count(),
            w.flash
        ),
        Screen::Job(j) => format!(
            "job status={} phase={:?} verify={:?}",
            j.status, j.phase, j.verify
        ),
    }
}

fn submitted_config(app: &App) -> AuthConfig {
    let Screen::Job(j) = &app.screen else {
        panic!("expected the job pane")
    };
    match &j.expect {
        Expect::Config(c) => (**c).clone(),
        other => panic!("expected a config, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wizard_creates_auth_with_sign_in_with_apple_and_the_service_holds_it() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let clients = support::app::clients(&sb);
    let (pem, body) = amplify_auth::domain::apple_key::generate_key();
    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Char('c')));
    let (state, _) = d.wait_for("env=dev").await;
    let app_id = state
        .split("app=")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .to_string();
    // Target → Pools → User pool → Identity pool → MFA → Password → Messages → OAuth.
    for _ in 0..7 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=OAuth").await;
    d.key(key(KeyCode::Char(' '))); // OAuth on
    d.key(key(KeyCode::Tab));
    d.type_text("flowtest-auth");
    d.key(ctrl('n'));
    d.wait_for("step=Social").await;
    d.keys(&[
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Tab),
        key(KeyCode::Char(' ')),
    ]);
    d.key(key(KeyCode::Tab));
    d.type_text("com.example.flow.signin");
    d.key(key(KeyCode::Tab));
    d.type_text("TEAM123456");
    d.key(key(KeyCode::Tab));
    d.type_text("KEYID12345");
    d.keys(&[key(KeyCode::Tab), key(KeyCode::Tab)]);
    d.paste(&pem.replace('\n', "\r\n"));
    d.wait_for_screen("EC P-256 PKCS#8 key").await;
    d.key(ctrl('n'));
    d.wait_for("step=Review app").await;
    d.wait_for("errors=0").await;
    let screen = d.wait_for_screen("Review: Ctrl-S submits").await;
    assert!(
        !screen.contains(&body[..24]),
        "the review never shows the key"
    );
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    let app = d.finish().await;
    let expected = submitted_config(&app);
    let got = clients
        .get_auth(&app_id, "dev", &expected_resource(&app))
        .await
        .expect("read back with the SDK");
    // The service gives back every field but the Apple key (Cognito never returns it).
    assert_eq!(
        got,
        expected.without_secrets(),
        "every field the wizard sent is what the service holds"
    );
    let sent = expected
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone();
    assert_eq!(
        sent.unwrap().private_key.unwrap().expose(),
        body,
        "the bare key body was sent (and the sandbox, which fails armoured keys, completed)"
    );
    let apple = got
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap();
    assert!(apple.private_key.is_none());
    assert_eq!(apple.team_id.as_deref(), Some("TEAM123456"));
    assert_eq!(
        got.user_pool.oauth.unwrap().domain_prefix.as_deref(),
        Some("flowtest-auth")
    );
    sb.shutdown().await;
}

fn expected_resource(app: &App) -> String {
    let Screen::Job(j) = &app.screen else {
        panic!("expected the job pane")
    };
    j.target.resource.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browse_edit_password_and_apple_key_then_see_the_new_values() {
    // The demo resource has Google too: its secret comes back here, so only the Apple key is
    // entered again, which is what this test does.
    let (sb, clients, app_id) = support::app::demo(true, Duration::from_millis(300)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    let key_id = before
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap()
        .key_id
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (pem, new_body) = amplify_auth::domain::apple_key::generate_key();
    let key_path = dir.path().join(format!("AuthKey_{key_id}.p8"));
    std::fs::write(&key_path, pem).unwrap();

    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    // Filters the environments as a user would: / then type.
    d.edit_staging_min_length(&resource, "14").await;
    for _ in 0..3 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Social").await;
    // Shift-Tab twice from the first field: the .p8 path field (just above the key box).
    d.keys(&[shift_tab(), shift_tab()]);
    d.type_text(&key_path.display().to_string());
    d.key(key(KeyCode::Enter));
    d.wait_for("flash=Some(\"Loaded").await;
    d.key(ctrl('n'));
    let screen = d.wait_for_screen("Changes (1)").await;
    let before_min = amplify_auth::tui::wizard::steps::password::render_number(
        before
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
    );
    assert!(
        screen.contains(&format!("MinimumLength [changed]: {before_min} → 14")),
        "{screen}"
    );
    // The service never returns the stored key: the new one is sent, and cannot be compared.
    assert!(
        screen.contains("PrivateKey [sent, not") && screen.contains("does not return it]"),
        "{screen}"
    );
    assert!(!screen.contains(&new_body[..24]));
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.key(key(KeyCode::Enter));
    d.wait_for(&format!("config {resource} loaded=true")).await;
    d.wait_for_screen("Minimum length        14").await;

    // Editing again without a change: the service never returns the Apple key, and an unchanged
    // provider is sent without it (the service keeps the stored one), so nothing is asked for and
    // submit is refused as unchanged.
    d.key(key(KeyCode::Char('e')));
    let (state, _) = d.wait_for("wizard step=Mfa").await;
    assert!(state.contains("errors=0"), "{state}");
    for _ in 0..6 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.key(ctrl('s'));
    d.wait_for("unchanged").await;
    d.finish().await;

    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(
        after
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
        14.0
    );
    let apple = after
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap();
    assert!(apple.private_key.is_none(), "never given back");
    assert!(!new_body.is_empty());
    assert_eq!(
        after.user_pool.user_pool_name,
        before.user_pool.user_pool_name
    );
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_job_is_shown_and_blocks_a_new_submit() {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_secs(120)).await;
    // Someone else's job on dev, still running.
    let cfg = amplify_auth::domain::samples::default_config("blocker");
    clients
        .create_auth(&app_id, "dev", "blockerauth", &cfg)
        .await
        .unwrap();

    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("env dev loaded=true jobs=true").await;
    let screen = d.wait_for_screen("Pending job CreateBackendAuth").await;
    assert!(screen.contains("No auth yet"), "{screen}");
    d.key(key(KeyCode::Char('c')));
    d.wait_for("wizard step=Target").await;
    for _ in 0..8 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.key(ctrl('s'));
    d.wait_for("phase=Blocked").await;
    let screen = d.wait_for_screen("already a pending job").await;
    assert!(screen.contains("Another job is pending"), "{screen}");
    // Back to the wizard with the input kept.
    d.key(key(KeyCode::Char('e')));
    d.wait_for("wizard step=Review").await;
    d.finish().await;
    sb.shutdown().await;
}
