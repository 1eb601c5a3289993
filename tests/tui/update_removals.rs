//! The TUI update path drops nothing silently: keys fed into the real runner loop against an
//! in-process sandbox (demo data, GetBackendAuth without secrets as the service answers), through
//! the real SDK clients. Turning the hosted UI off, removing a provider and turning MFA off each
//! show in Review's diff and are what the service holds once the job has COMPLETED; MFA ON is
//! refused on the MFA field, and OAuth turned on with a new provider and fewer password classes
//! apply.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::MfaMode;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::Load;
use amplify_auth::tui::wizard::fields::FieldId;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key};

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Envs(v) => format!("envs loaded={}", matches!(v.backend, Load::Loaded(_))),
        Screen::Env(v) => format!(
            "env {} loaded={}",
            v.env,
            matches!(v.backend, Load::Loaded(_))
        ),
        Screen::Config(v) => format!(
            "config {} loaded={}",
            v.resource,
            matches!(v.config, Load::Loaded(_))
        ),
        Screen::Wizard(w) => format!(
            "wizard step={:?} errors={} focus={:?} flash={:?}",
            w.step,
            w.error_count(),
            w.focused(),
            w.flash
        ),
        Screen::Job(j) => format!("job status={} verify={:?}", j.status, j.verify),
        _ => "other".into(),
    }
}

/// Opens an auth resource of the demo app in the wizard (edit), on its first mutable step.
async fn edit(d: &mut Driver, env: &str, resource: &str) {
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded=true").await;
    d.key(key(KeyCode::Char('/')));
    d.type_text(env);
    d.keys(&[key(KeyCode::Enter), key(KeyCode::Enter)]);
    d.wait_for(&format!("env {env} loaded=true")).await;
    d.key(key(KeyCode::Enter));
    d.wait_for(&format!("config {resource} loaded=true")).await;
    d.wait_for_screen("Minimum length").await;
    d.key(key(KeyCode::Char('e')));
    // Read without secrets, the unchanged providers are no error: the service keeps them.
    d.wait_for("wizard step=Mfa errors=0").await;
}

/// The TUI on `clients`, with `resource` of `env` open in the wizard ([`edit`]).
async fn editing(
    sb: &amplify_auth::sandbox::SandboxHandle,
    clients: &amplify_auth::aws::Clients,
    env: &str,
    resource: &str,
) -> Driver {
    let home = support::app::screen::home(&sb.region);
    let mut d = Driver::start(home, clients.clone(), describe);
    edit(&mut d, env, resource).await;
    d
}

/// The demo sandbox (GetBackendAuth returning client secrets or not), its app and the staging
/// environment's auth resource.
async fn staging_on(
    returning_secrets: bool,
) -> (
    amplify_auth::sandbox::SandboxHandle,
    amplify_auth::aws::Clients,
    String,
    String,
) {
    let (sb, clients, app_id) =
        support::app::demo(returning_secrets, Duration::from_millis(200)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    (sb, clients, app_id, resource)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_the_hosted_ui_off_shows_the_removal_and_the_service_has_no_hosted_ui() {
    let (sb, clients, app_id, resource) = staging_on(false).await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    let prefix = before
        .user_pool
        .oauth
        .as_ref()
        .unwrap()
        .domain_prefix
        .clone()
        .unwrap();

    let mut d = editing(&sb, &clients, "staging", &resource).await;
    for _ in 0..3 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=OAuth errors=0 focus=Some(OAuthEnabled)")
        .await;
    d.key(key(KeyCode::Char(' ')));
    d.key(ctrl('n'));
    d.wait_for("step=Review errors=0").await;
    let screen = d.wait_for_screen("Changes (").await;
    assert!(!screen.contains("Changes (0)"), "{screen}");
    assert!(
        screen.contains(&format!(
            "UserPoolConfigs.OAuth.DomainPrefix [removed]: {prefix} → (none)"
        )),
        "{screen}"
    );
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.key(key(KeyCode::Enter));
    d.wait_for(&format!("config {resource} loaded=true")).await;
    let screen = d.wait_for_screen("OAuth, hosted UI").await;
    let oauth_row = screen
        .lines()
        .find(|l| l.contains("OAuth ") && !l.contains("hosted UI"))
        .unwrap_or_default()
        .to_string();
    assert!(oauth_row.contains("off"), "{oauth_row:?}\n{screen}");
    // The hosted UI domain (prefix and env suffix) is gone from the config screen.
    assert!(!screen.contains(&format!("{prefix}-staging.")), "{screen}");
    assert!(!screen.contains("amazoncognito.com"), "{screen}");
    d.finish().await;

    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(after.user_pool.oauth, None);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_off_and_a_removed_provider_are_shown_and_applied_and_apple_is_kept_without_its_key() {
    let (sb, clients, app_id, resource) = staging_on(false).await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(
        before.user_pool.mfa.as_ref().unwrap().mode,
        MfaMode::Optional
    );
    let apple_before = before
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap();

    let mut d = editing(&sb, &clients, "staging", &resource).await;
    // OPTIONAL → OFF (the choices are OFF, OPTIONAL, ON).
    d.key(key(KeyCode::Left));
    d.wait_for_screen("Turning MFA OFF").await;
    for _ in 0..4 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Social").await;
    d.key(key(KeyCode::Tab));
    d.wait_for("focus=Some(GoogleEnabled)").await;
    d.key(key(KeyCode::Char(' ')));
    d.key(ctrl('n'));
    d.wait_for("step=Review errors=0").await;
    let screen = d.wait_for_screen("Changes (").await;
    assert!(
        screen.contains("UserPoolConfigs.Mfa.MFAMode [changed]: OPTIONAL → OFF"),
        "{screen}"
    );
    assert!(
        screen.contains("SocialProviderSettings.Google.ClientId [removed]"),
        "{screen}"
    );
    assert!(
        !screen.contains("SignInWithApple"),
        "Apple is unchanged: {screen}"
    );
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.finish().await;

    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(after.user_pool.mfa.unwrap().mode, MfaMode::Off);
    let sp = after.user_pool.oauth.unwrap().social_providers.unwrap();
    assert!(sp.google.is_none());
    assert_eq!(
        sp.sign_in_with_apple,
        Some(apple_before),
        "kept by the service"
    );
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_apple_change_without_the_key_is_an_error_on_the_key_field() {
    let (sb, clients, _app_id, resource) = staging_on(false).await;
    let mut d = editing(&sb, &clients, "staging", &resource).await;
    for _ in 0..4 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Social").await;
    // Facebook, Google, Google ID, Google secret, Amazon, Apple, Services ID, Team ID.
    for _ in 0..7 {
        d.key(key(KeyCode::Tab));
    }
    d.wait_for("focus=Some(AppleTeamId)").await;
    d.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
    d.type_text("NEWTEAM123");
    d.wait_for("errors=1").await;
    let (state, _) = d.wait_for("step=Social").await;
    assert!(state.contains("errors=1"), "{state}");
    let app = d.finish().await;
    let Screen::Wizard(w) = &app.screen else {
        panic!("still in the wizard")
    };
    let on_key = w.findings_for(FieldId::AppleKey);
    assert_eq!(on_key.len(), 1, "{:?}", w.findings);
    assert!(on_key[0].message.contains("TeamId"), "{:?}", on_key[0]);
    assert!(on_key[0].message.contains("never gives"), "{:?}", on_key[0]);
    sb.shutdown().await;
}

#[test]
fn the_request_on_review_says_the_removal_and_keeps_secrets_out() {
    let mut read = amplify_auth::sandbox::demo::demo_auth_config().without_secrets();
    read.user_pool.mfa = None; // as some services store MFA OFF
    let mut w = amplify_auth::tui::wizard::state::Wizard::new_edit(
        "app123",
        "staging",
        "demoappauth",
        &read,
        "us-east-1",
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    w.fields.insert(
        FieldId::OAuthEnabled,
        amplify_auth::tui::widgets::Field::Toggle(false),
    );
    w.refresh();
    let json = w.request_json_masked();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let up = &v["ResourceConfig"]["UserPoolConfigs"];
    assert_eq!(up["OAuth"], serde_json::json!({}), "{json}");
    assert_eq!(up["Mfa"]["MFAMode"], "OFF", "MFA is always sent: {json}");
    assert!(up.get("VerificationMessage").is_some(), "{json}");
}

/// The demo's dev environment with a plain auth resource (MFA OFF, no hosted UI, one password
/// class), created through the SDK before the TUI opens it.
async fn dev_with_plain_auth() -> (
    amplify_auth::sandbox::SandboxHandle,
    amplify_auth::aws::Clients,
    String,
) {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(200)).await;
    let mut cfg = amplify_auth::domain::samples::default_config("plain");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .additional_constraints =
        Some(vec![amplify_auth::domain::PasswordConstraint::RequireDigit]);
    let job = clients
        .create_auth(&app_id, "dev", "plainauth", &cfg)
        .await
        .unwrap();
    let id = job.job_id.unwrap();
    for _ in 0..200 {
        if clients
            .get_job(&app_id, "dev", &id)
            .await
            .unwrap()
            .status
            .is_finished()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (sb, clients, app_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_on_is_refused_and_oauth_with_a_new_provider_and_fewer_password_classes_apply() {
    let (sb, clients, app_id) = dev_with_plain_auth().await;
    let mut d = editing(&sb, &clients, "dev", "plainauth").await;

    // OFF → ON: an error on the MFA field (Cognito allows it only at creation).
    d.keys(&[key(KeyCode::Right), key(KeyCode::Right)]);
    d.wait_for("errors=1").await;
    d.wait_for_screen("MFA can be made ON (required for every user)")
        .await;
    // OFF → OPTIONAL instead.
    d.key(key(KeyCode::Left));
    d.wait_for("errors=0").await;

    d.key(ctrl('n'));
    d.wait_for("step=Password").await;
    d.key(key(KeyCode::Tab));
    d.wait_for("focus=Some(Constraints)").await;
    d.key(key(KeyCode::Char(' '))); // REQUIRE_DIGIT off
    d.keys(&[ctrl('n'), ctrl('n')]);
    d.wait_for("step=OAuth").await;
    d.key(key(KeyCode::Char(' ')));
    d.key(key(KeyCode::Tab));
    d.wait_for("focus=Some(DomainPrefix)").await;
    d.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
    d.type_text("plain-tui-test");
    d.key(ctrl('n'));
    d.wait_for("step=Social").await;
    d.key(key(KeyCode::Tab));
    d.wait_for("focus=Some(GoogleEnabled)").await;
    d.key(key(KeyCode::Char(' ')));
    d.key(key(KeyCode::Tab));
    d.type_text("123456789012-tuiadded.apps.googleusercontent.com");
    d.key(key(KeyCode::Tab));
    d.wait_for("focus=Some(GoogleSecret)").await;
    d.type_text("GOCSPX-tui-added-secret-01");
    d.key(ctrl('n'));
    let (state, screen) = d.wait_for("step=Review").await;
    assert!(state.contains("errors=0"), "{state}\n{screen}");
    let screen = d.wait_for_screen("Changes (").await;
    assert!(
        screen.contains("UserPoolConfigs.Mfa.MFAMode [changed]: OFF → OPTIONAL"),
        "{screen}"
    );
    assert!(
        screen.contains("UserPoolConfigs.OAuth.DomainPrefix [added]: (none) → plain-tui-test"),
        "{screen}"
    );
    assert!(
        screen.contains("PasswordPolicy.AdditionalConstraints [changed]: [REQUIRE_DIGIT] → []"),
        "{screen}"
    );
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.finish().await;

    let after = clients.get_auth(&app_id, "dev", "plainauth").await.unwrap();
    assert_eq!(
        after.user_pool.mfa.as_ref().unwrap().mode,
        MfaMode::Optional
    );
    assert_eq!(
        after
            .user_pool
            .password_policy
            .unwrap()
            .additional_constraints,
        Some(vec![])
    );
    let oauth = after.user_pool.oauth.expect("hosted UI on");
    assert_eq!(oauth.domain_prefix.as_deref(), Some("plain-tui-test"));
    let google = oauth
        .social_providers
        .unwrap()
        .google
        .expect("Google added");
    assert_eq!(
        google.client_id.as_deref(),
        Some("123456789012-tuiadded.apps.googleusercontent.com")
    );
    sb.shutdown().await;
}

#[test]
fn turning_forgot_password_off_is_refused_on_its_field_with_the_way_out() {
    let read = amplify_auth::domain::samples::maximal_config("k").without_secrets();
    let mut w = amplify_auth::tui::wizard::state::Wizard::new_edit(
        "app123",
        "staging",
        "demoauth",
        &read,
        "us-east-1",
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    w.fields.insert(
        FieldId::ForgotEnabled,
        amplify_auth::tui::widgets::Field::Toggle(false),
    );
    w.refresh();
    let on_field = w.findings_for(FieldId::ForgotEnabled);
    assert_eq!(on_field.len(), 1, "{:?}", w.findings);
    assert!(
        on_field[0].message.contains("ForgotPassword"),
        "{:?}",
        on_field[0]
    );
    assert!(
        on_field[0].fix.contains("R on its config screen"),
        "{:?}",
        on_field[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_that_returns_client_secrets_has_them_kept_by_an_edit_without_asking() {
    let (sb, clients, app_id, resource) = staging_on(true).await;
    let before = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    let secret = before
        .social_providers()
        .unwrap()
        .google
        .clone()
        .unwrap()
        .client_secret;
    assert!(secret.is_some(), "this sandbox returns client secrets");

    let mut d = editing(&sb, &clients, "staging", &resource).await;
    d.key(ctrl('n'));
    d.wait_for("step=Password").await;
    d.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
    d.type_text("15");
    for _ in 0..4 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review errors=0").await;
    let screen = d.wait_for_screen("Changes (1)").await;
    assert!(screen.contains("MinimumLength [changed]"), "{screen}");
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
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
        15.0
    );
    let google = after.social_providers().unwrap().google.clone().unwrap();
    assert_eq!(
        google.client_secret, secret,
        "the returned secret was sent back unchanged"
    );
    sb.shutdown().await;
}
