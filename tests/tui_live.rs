//! The config view and the live Cognito pool (issue 26): opening a config whose meta names a pool
//! reads the pool beside the record; members where the two differ show the live value beside
//! them, and a "Live pool only" section lists what the record cannot hold and the reads that
//! failed.

use amplify_auth::aws::AuthResourceMeta;
use amplify_auth::domain::live::*;
use amplify_auth::domain::samples::default_config;
use amplify_auth::tui::app::{App, Context, Effect, Load, Msg, Screen};
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::update::update;

fn ctx() -> Context {
    Context {
        region: "us-east-1".into(),
        target: "test".into(),
    }
}

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
