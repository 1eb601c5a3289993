//! The config view and the live Cognito pool (issue 26): opening a config whose meta names a pool
//! reads the pool beside the record; members where the two differ show the live value beside
//! them, and a "Live pool only" section lists what the record cannot hold and the reads that
//! failed.

use crate::support;
use support::app::ctx;

use std::time::Duration;

use amplify_auth::aws::AuthResourceMeta;
use amplify_auth::domain::live::*;
use amplify_auth::domain::samples::default_config;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::{Effect, Load, Msg};
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::update::update;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key};

fn meta() -> AuthResourceMeta {
    AuthResourceMeta {
        name: "shopauth".into(),
        user_pool_id: Some("us-east-1_abcdefghi".into()),
        ..Default::default()
    }
}

/// A live pool that matches `default_config` except the minimum length (12, set in the console),
/// with a custom attribute and a group; GetIdentityPoolRoles was denied.
fn live() -> LivePool {
    LivePool {
        user_pool: Some(LiveUserPool {
            id: "us-east-1_abcdefghi".into(),
            password_policy: Some(LivePasswordPolicy {
                minimum_length: Some(12),
                ..Default::default()
            }),
            mfa_configuration: Some("OFF".into()),
            schema_attributes: vec![
                LiveAttribute {
                    name: "email".into(),
                    required: true,
                    ..Default::default()
                },
                LiveAttribute {
                    name: "custom:tenant".into(),
                    ..Default::default()
                },
            ],
            username_attributes: vec!["email".into()],
            auto_verified_attributes: vec!["email".into()],
            user_pool_tier: Some("ESSENTIALS".into()),
            ..Default::default()
        }),
        groups: vec![LiveGroup {
            group_name: "admins".into(),
            ..Default::default()
        }],
        failures: vec![ReadFailure {
            action: "cognito-identity:GetIdentityPoolRoles".into(),
            not_shown: "the identity pool's roles".into(),
            message: "AccessDeniedException: not allowed".into(),
        }],
        ..Default::default()
    }
}

fn text(v: &ConfigView) -> String {
    let Load::Loaded(c) = &v.config else {
        panic!("no config")
    };
    v.lines(c)
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn config_view(app: &App) -> &ConfigView {
    match &app.screen {
        Screen::Config(v) => v,
        other => panic!("expected the config view, got {other:?}"),
    }
}

#[test]
fn opening_a_config_reads_the_live_pool_and_shows_where_it_differs() {
    let view = ConfigView::new("app", "dev", "shopauth", Some(meta()), 0);
    let mut app = App::new(Screen::Config(Box::new(view)), ctx());
    let fx = amplify_auth::tui::browse::load(&mut app);
    let generation = config_view(&app).generation;
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::LoadLive { meta, generation: g }
            if meta.user_pool_id.as_deref() == Some("us-east-1_abcdefghi") && *g == generation)),
        "{fx:?}"
    );
    update(
        &mut app,
        Msg::AuthLoaded {
            generation,
            result: Ok(default_config("shop")),
        },
    );
    let before = text(config_view(&app));
    assert!(before.contains("Reading the live Cognito pool"), "{before}");
    update(
        &mut app,
        Msg::LiveLoaded {
            generation,
            live: Box::new(live()),
        },
    );
    let shown = text(config_view(&app));
    let lines: Vec<&str> = shown.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Minimum length"))
        .expect("the minimum length row");
    assert!(lines[at].contains('8'), "{}", lines[at]);
    assert!(
        lines[at + 1].contains("· live 12, changed outside Amplify"),
        "the live value is beside the member: {shown}"
    );
    // Only the member that differs carries a live note.
    assert_eq!(
        shown.matches("changed outside Amplify").count(),
        1,
        "{shown}"
    );
    assert!(shown.contains("Live pool only"), "{shown}");
    for want in [
        "custom:tenant",
        "admins",
        "ESSENTIALS",
        "✗ cognito-identity:GetIdentityPoolRoles failed: the identity pool's roles not shown",
    ] {
        assert!(shown.contains(want), "{want} missing: {shown}");
    }
}

#[test]
fn a_live_pool_of_an_older_load_is_dropped_and_without_meta_nothing_is_read() {
    let view = ConfigView::new("app", "dev", "shopauth", Some(meta()), 0);
    let mut app = App::new(Screen::Config(Box::new(view)), ctx());
    amplify_auth::tui::browse::load(&mut app);
    let generation = config_view(&app).generation;
    update(
        &mut app,
        Msg::LiveLoaded {
            generation: generation + 100,
            live: Box::new(live()),
        },
    );
    assert!(matches!(config_view(&app).live, Load::Loading));

    let view = ConfigView::new("app", "dev", "shopauth", None, 0);
    let mut app = App::new(Screen::Config(Box::new(view)), ctx());
    let fx = amplify_auth::tui::browse::load(&mut app);
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::LoadLive { .. })),
        "{fx:?}"
    );
    let generation = config_view(&app).generation;
    update(
        &mut app,
        Msg::AuthLoaded {
            generation,
            result: Ok(default_config("shop")),
        },
    );
    assert!(text(config_view(&app)).contains("(not read: the environment's meta names no pool)"));
}

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
            "config loaded={} live={}",
            matches!(v.config, Load::Loaded(_)),
            matches!(v.live, Load::Loaded(_))
        ),
        Screen::Wizard(w) => format!("wizard step={:?}", w.step),
        Screen::Job(j) => format!("job status={} phase={:?}", j.status, j.phase),
        _ => "other".into(),
    }
}

/// Through the real runner and SDK against the sandbox: a console change to the demo's staging
/// pool shows beside its member in the config view, and an edit that would set it back is not
/// sent, the member named.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_change_shows_in_the_config_view_and_an_edit_that_reverts_it_is_not_sent() {
    use aws_sdk_cognitoidentityprovider::types::{
        PasswordPolicyType, UserPoolMfaType, UserPoolPolicyType, VerifiedAttributeType,
    };
    let (sb, clients, app_id) = support::app::demo(true, Duration::from_millis(300)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let pool = clients
        .get_backend(&app_id, Some("staging"))
        .await
        .unwrap()
        .auth_resources[0]
        .user_pool_id
        .clone()
        .unwrap();
    // The console: minimum length 11, the rest of the pool's state as it was.
    clients
        .cognito_idp
        .update_user_pool()
        .user_pool_id(&pool)
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(PasswordPolicyType::builder().minimum_length(11).build())
                .build(),
        )
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .mfa_configuration(UserPoolMfaType::Optional)
        .send()
        .await
        .expect("UpdateUserPool");

    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded=true").await;
    d.key(key(KeyCode::Char('/')));
    d.type_text("stag");
    d.key(key(KeyCode::Enter));
    d.key(key(KeyCode::Enter));
    d.wait_for("env staging loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("config loaded=true live=true").await;
    d.wait_for_screen("· live 11, changed outside Amplify")
        .await;

    // Edit the minimum length to 14: the update would set the console's 11 to 14.
    d.key(key(KeyCode::Char('e')));
    d.wait_for("wizard step=Mfa").await;
    d.key(ctrl('s'));
    d.wait_for("step=Password").await;
    d.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
    d.type_text("14");
    for _ in 0..3 {
        d.key(ctrl('s'));
    }
    d.wait_for("step=Social").await;
    d.key(ctrl('s'));
    d.wait_for_screen("Changes").await;
    d.key(ctrl('s'));
    let screen = d.wait_for_screen("not sent: the update would revert").await;
    assert!(
        screen.contains("MinimumLength"),
        "the member is named: {screen}"
    );
    d.finish().await;
    let after = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(
        after.user_pool.password_policy.unwrap().minimum_length,
        8.0,
        "nothing was sent"
    );
    sb.shutdown().await;
}
