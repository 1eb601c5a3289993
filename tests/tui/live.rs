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
            throttled: false,
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
    // Each live fact's name is set off from its value, the longest too ("Threat protection
    // (AdvancedSecurityMode)OFF" ran together).
    let v = config_view(&app);
    let Load::Loaded(c) = &v.config else {
        unreachable!()
    };
    let lines = v.lines(c);
    let from = lines
        .iter()
        .position(|l| l.to_string() == "Live pool only")
        .unwrap();
    let facts: Vec<_> = lines[from + 1..]
        .iter()
        .filter(|l| l.spans.len() == 2)
        .collect();
    assert!(
        facts
            .iter()
            .any(|l| l.to_string().contains("AdvancedSecurityMode")),
        "{shown}"
    );
    for l in facts {
        assert!(l.spans[0].content.ends_with(' '), "{:?}", l.to_string());
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
        Screen::Job(j) => format!(
            "job status={} phase={:?} verify={:?}",
            j.status, j.phase, j.verify
        ),
        _ => "other".into(),
    }
}

/// The demo's staging pool with its minimum length set to 11 in the "console" (UpdateUserPool
/// through the SDK, the rest of the pool's state given as it was), and the TUI driven to the
/// review of an edit that sets the minimum length to 14. Returns the sandbox, clients, app,
/// resource, pool id and the driver.
async fn console_change_then_edit() -> (
    amplify_auth::sandbox::SandboxHandle,
    amplify_auth::aws::Clients,
    String,
    String,
    String,
    Driver,
) {
    use aws_sdk_cognitoidentityprovider::types::{
        PasswordPolicyType, UserPoolMfaType, UserPoolPolicyType, VerifiedAttributeType,
    };
    let (sb, clients, app_id) = support::app::demo(true, Duration::from_millis(300)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let pool = support::app::first_user_pool(&clients, &app_id, "staging").await;
    clients
        .cognito_idp()
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
    d.key(ctrl('n'));
    d.wait_for("step=Password").await;
    d.keys(&[ctrl('u'), key(KeyCode::End), ctrl('u')]);
    d.type_text("14");
    for _ in 0..3 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Social").await;
    d.key(ctrl('n'));
    d.wait_for_screen("Changes").await;
    (sb, clients, app_id, resource, pool, d)
}

/// The minimum length the live pool holds now, read with the app's own Cognito reader (the peer
/// test holds it to boto3 and the AWS CLI).
async fn live_min_length(clients: &amplify_auth::aws::Clients, pool: &str) -> i32 {
    let meta = AuthResourceMeta {
        user_pool_id: Some(pool.to_string()),
        ..Default::default()
    };
    let live = clients.read_live_pool(&meta).await;
    live.user_pool
        .and_then(|p| p.password_policy)
        .and_then(|p| p.minimum_length)
        .expect("a minimum length") as i32
}

async fn record_min_length(
    clients: &amplify_auth::aws::Clients,
    app_id: &str,
    resource: &str,
) -> f64 {
    clients
        .get_auth(app_id, "staging", resource)
        .await
        .unwrap()
        .user_pool
        .password_policy
        .unwrap()
        .minimum_length
}

/// Through the real runner and SDK against the sandbox: a console change to the demo's staging
/// pool shows beside its member in the config view; an edit that would set it back is not sent
/// but offered per member, with the record's, the live and the user's value; Esc cancels and
/// nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_change_is_offered_per_member_and_cancelling_sends_nothing() {
    let (sb, clients, app_id, resource, pool, mut d) = console_change_then_edit().await;
    d.key(ctrl('s'));
    let screen = d.wait_for_screen("Changed outside Amplify").await;
    assert!(
        screen.contains("UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "the member is named: {screen}"
    );
    assert!(
        screen.contains("record 8 · live 11 (changed outside Amplify) · yours 14"),
        "the three values: {screen}"
    );
    // The footer comes from the popup's table: sending waits until every member is chosen.
    assert!(screen.contains("adopt the live value"), "{screen}");
    assert!(!screen.contains("send with these choices"), "{screen}");
    d.key(key(KeyCode::Esc));
    d.wait_for("status=NOT SENT").await;
    d.finish().await;
    assert_eq!(record_min_length(&clients, &app_id, &resource).await, 8.0);
    assert_eq!(
        live_min_length(&clients, &pool).await,
        11,
        "nothing was sent"
    );
    sb.shutdown().await;
}

/// Past the popup with `choice` (the popup then shows `marked`): the job completes and is
/// verified; the live pool and the record then hold `want`. Returns the screen at the end.
async fn choose_and_send(choice: char, marked: &str, want: i32) -> String {
    let (sb, clients, app_id, resource, pool, mut d) = console_change_then_edit().await;
    d.key(ctrl('s'));
    d.wait_for_screen("Changed outside Amplify").await;
    d.key(key(KeyCode::Char(choice)));
    let screen = d.wait_for_screen(marked).await;
    assert!(screen.contains("send with these choices"), "{screen}");
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    let (_, screen) = d.wait_for("verify=Some(Matches)").await;
    d.finish().await;
    assert_eq!(live_min_length(&clients, &pool).await, want, "{choice}");
    assert_eq!(
        record_min_length(&clients, &app_id, &resource).await,
        f64::from(want)
    );
    sb.shutdown().await;
    screen
}

/// Adopting the live value: the update goes with it, the job completes, the record takes it and
/// the live pool keeps it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adopting_the_live_value_sends_it_and_the_live_pool_keeps_it() {
    let screen = choose_and_send('a', "→ adopt live", 11).await;
    assert!(
        screen.contains("live value adopted: UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{screen}"
    );
}

/// Overwriting (for all members at once): the update goes as the user made it, and the console's
/// change is reverted, as asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overwriting_sends_the_users_value_and_reverts_the_live_change() {
    let screen = choose_and_send('O', "→ overwrite", 14).await;
    assert!(
        screen.contains("overwritten as chosen: UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{screen}"
    );
}

/// When the live pool cannot be read before sending (Cognito denies the caller), the TUI says so
/// and asks; Esc sends nothing, a retry asks again, and sending without the check sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_live_pool_is_said_and_asked_about_before_sending() {
    let (sb, clients, app_id, resource, _pool, mut d) = console_change_then_edit().await;
    sb.set_faults(amplify_auth::sandbox::FaultConfig {
        deny_cognito: true,
        ..Default::default()
    });
    d.key(ctrl('s'));
    let screen = d.wait_for_screen("could not be read").await;
    assert!(
        screen.contains("DescribeUserPool failed") && screen.contains("AccessDeniedException"),
        "says which read failed: {screen}"
    );
    assert!(screen.contains("send without the live check"), "{screen}");
    d.key(key(KeyCode::Esc));
    d.wait_for("status=NOT SENT").await;
    assert_eq!(record_min_length(&clients, &app_id, &resource).await, 8.0);
    // A retry reads again, and asks again.
    d.key(key(KeyCode::Char('r')));
    d.wait_for("status=LIVE POOL NOT READ").await;
    d.key(key(KeyCode::Char('s')));
    d.wait_for("job status=COMPLETED").await;
    d.finish().await;
    assert_eq!(record_min_length(&clients, &app_id, &resource).await, 14.0);
    sb.shutdown().await;
}

/// The job pane of an edit setting the minimum length from 8 to 14, sent (guarded), whose live
/// check found the console's 11; the live pool also has a group (reset by every update).
fn pane_asking() -> App {
    use amplify_auth::domain::update_plan::plan_update;
    use amplify_auth::tui::live_gate::{Found, LiveCheck};
    use amplify_auth::tui::msg::{Expect, Guard, Request, Submission, Target};
    let base = default_config("shop");
    let mut mine = base.clone();
    mine.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 14.0;
    let plan = plan_update(&base, &mine);
    let target = Target::new("d1a2b3c4demo", "staging", "shopauth");
    let mut app =
        support::app::screen::at_fixed_time(support::app::screen::home("us-east-1").screen);
    let fx = amplify_auth::tui::job_open::start_job(
        &mut app,
        Submission {
            target: target.clone(),
            request: Request::Update(plan.request),
            expect: Expect::Config(Box::new(plan.expected)),
            guard: Some(Box::new(Guard {
                base: base.clone(),
                mine: mine.clone(),
            })),
        },
    );
    let [Effect::ReadBeforeSend { generation, .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let generation = *generation;
    let fx = update(
        &mut app,
        Msg::ReadBeforeSend {
            generation,
            result: Ok(base.clone()),
        },
    );
    let [
        Effect::Submit {
            request,
            live: gate,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(*gate, amplify_auth::tui::live_gate::LiveGate::Check);
    let Request::Update(u) = &**request else {
        panic!("{request:?}")
    };
    let edited = amplify_auth::domain::update::apply_update(&base, u);
    let conflicts = amplify_auth::domain::drift::conflicts(&base, &edited, &live());
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    update(
        &mut app,
        Msg::LiveBeforeSend {
            generation,
            check: Box::new(LiveCheck::Found(Box::new(Found {
                record: base,
                live: live(),
                conflicts,
                resets: amplify_auth::domain::drift::reset_by_update(&live()),
            }))),
        },
    );
    app.now_ms = 1500;
    app
}

/// The popup over the job pane: each member with the record's, the live and the user's value,
/// what every update resets with its source, and the footer from the popup's key table.
#[test]
fn the_live_choice_popup_lists_each_member_with_three_values() {
    let app = pane_asking();
    let screen = support::app::screen::draw(&app, 120, 40);
    insta::assert_snapshot!("live_choice_popup", screen);
    let keys = app.screen.keys(app.now_ms);
    assert!(keys.clashes.is_empty(), "{:?}", keys.clashes);
    let footer: Vec<&str> = keys.footer.iter().map(|(k, _)| *k).collect();
    assert!(
        !footer.contains(&"Ctrl-S"),
        "nothing chosen yet: {footer:?}"
    );
    assert!(footer.contains(&"a") && footer.contains(&"O"), "{footer:?}");
}

/// Adopting: the update is planned again with the live value, read and merged again, and sent
/// with the choice; overwriting: the user's value is sent, with the live value it overwrites seen.
#[test]
fn the_choices_are_planned_into_the_update_and_sent_through_the_same_reads() {
    use amplify_auth::tui::live_gate::{LiveGate, Seen};
    use amplify_auth::tui::msg::Request;
    for (k, want_min, want_gate) in [
        ('a', 12.0, LiveGate::Chosen(vec![])),
        (
            'o',
            14.0,
            LiveGate::Chosen(vec![Seen {
                path: "UserPoolConfigs.PasswordPolicy.MinimumLength".into(),
                live: serde_json::json!(12),
            }]),
        ),
    ] {
        let mut app = pane_asking();
        update(&mut app, Msg::Key(key(KeyCode::Char(k))));
        let fx = update(&mut app, Msg::Key(ctrl('s')));
        let [Effect::ReadBeforeSend { generation, .. }] = fx.as_slice() else {
            panic!("{k}: {fx:?}")
        };
        let fx = update(
            &mut app,
            Msg::ReadBeforeSend {
                generation: *generation,
                result: Ok(default_config("shop")),
            },
        );
        let [Effect::Submit { request, live, .. }] = fx.as_slice() else {
            panic!("{k}: {fx:?}")
        };
        assert_eq!(*live, want_gate, "{k}");
        let Request::Update(u) = &**request else {
            panic!("{request:?}")
        };
        let sent = amplify_auth::domain::update::apply_update(&default_config("shop"), u);
        assert_eq!(
            sent.user_pool.password_policy.unwrap().minimum_length,
            want_min,
            "{k}"
        );
    }
}
