//! The setup screen and the account switcher (issue 17): snapshots of both, and what `update`
//! does when a connection is picked, made, refused or superseded.

use crate::support;

use std::path::PathBuf;
use support::app::screen::draw;

use amplify_auth::aws::{AppSummary, ProfileInfo, ProfileKind, Profiles};
use amplify_auth::session::SessionInfo;
use amplify_auth::tui::account;
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::{ConnectTo, Problem};
use amplify_auth::tui::msg::{Effect, Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::app::key;

fn profile(name: &str, region: Option<&str>, kind: ProfileKind) -> ProfileInfo {
    ProfileInfo {
        name: name.into(),
        region: region.map(str::to_string),
        kind,
        endpoint_url: None,
        mfa_serial: None,
    }
}

fn profiles() -> Profiles {
    let mut mfa = profile("admin-mfa", Some("us-east-1"), ProfileKind::Role);
    mfa.mfa_serial = Some("arn:aws:iam::111122223333:mfa/me".into());
    Profiles {
        profiles: vec![
            mfa,
            profile("client-a", Some("eu-west-1"), ProfileKind::Keys),
            profile("corp-sso", Some("ap-southeast-2"), ProfileKind::Sso),
            profile("default", None, ProfileKind::Keys),
        ],
        selected: "default".into(),
        config_file: PathBuf::from("/home/me/.aws/config"),
        credentials_file: PathBuf::from("/home/me/.aws/credentials"),
    }
}

fn ctx() -> Context {
    support::app::context("no region", "not connected")
}

fn setup_app() -> App {
    let problem = Problem {
        message: "no AWS region is configured for profile default: pass --region, set AWS_REGION, or set `region` in your AWS profile".into(),
        exit_code: 5,
    };
    let mut a = account::setup_app(problem, Load::Loaded(profiles()), None, ctx());
    a.size = (120, 40);
    a
}

fn apps(names: &[&str]) -> Vec<AppSummary> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| AppSummary {
            app_id: format!("app{i}"),
            name: n.to_string(),
            description: None,
            platform: "WEB".into(),
            default_domain: None,
            repository: None,
            update_time: None,
        })
        .collect()
}

fn connected_app() -> App {
    let mut a = App::new(
        Screen::Apps(AppsView::default()),
        Context {
            region: "us-east-1".into(),
            target: "x".into(),
        },
    );
    a.size = (120, 40);
    let info = SessionInfo {
        profile: Some("default".into()),
        region: "us-east-1".into(),
        endpoint: None,
        sandbox: false,
    };
    account::started(&mut a, &info);
    assert!(matches!(account::init(&a)[..], [Effect::LoadAccount]));
    a.apps = Load::Loaded(apps(&["old-account-app"]));
    a
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(key(code)))
}

fn connect_generation(fx: &[Effect]) -> (u64, ConnectTo) {
    match fx {
        [Effect::Connect { generation, to }] => (*generation, to.clone()),
        _ => panic!("expected one Connect, got {fx:?}"),
    }
}

#[test]
fn setup_screen_snapshots() {
    let a = setup_app();
    insta::assert_snapshot!("setup_120x40", draw(&a, 120, 40));
    insta::assert_snapshot!("setup_80x24", draw(&a, 80, 24));
    let none = account::setup_app(
        Problem {
            message: "no AWS credentials were found: pass --profile, run `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
            exit_code: 5,
        },
        Load::Loaded(Profiles {
            selected: "default".into(),
            config_file: "/tmp/h/.aws/config".into(),
            credentials_file: "/tmp/h/.aws/credentials".into(),
            ..Profiles::default()
        }),
        None,
        ctx(),
    );
    insta::assert_snapshot!("setup_no_profiles_80x24", draw(&none, 80, 24));
}

#[test]
fn switch_picker_snapshots() {
    let mut a = connected_app();
    update(&mut a, Msg::AccountLoaded(Ok("111122223333".into())));
    let fx = press(&mut a, KeyCode::Char('a'));
    assert!(matches!(fx[..], [Effect::ListProfiles]), "{fx:?}");
    assert!(matches!(a.screen, Screen::Switch(_)));
    insta::assert_snapshot!("switch_loading", draw(&a, 120, 40));
    update(&mut a, Msg::ProfilesListed(Ok(profiles())));
    insta::assert_snapshot!("switch_120x40", draw(&a, 120, 40));
    // The region column, on the free-text row, with a typo.
    press(&mut a, KeyCode::Tab);
    for _ in 0..40 {
        press(&mut a, KeyCode::Down);
    }
    for c in "EU-west".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    let fx = press(&mut a, KeyCode::Enter);
    assert!(fx.is_empty(), "a malformed region is not sent: {fx:?}");
    insta::assert_snapshot!("switch_bad_region_80x24", draw(&a, 80, 24));
}

#[test]
fn the_apps_screen_offers_the_switch_in_footer_and_help() {
    let a = connected_app();
    let keys = a.screen.keys(0);
    assert!(
        keys.footer.contains(&("a", "account/region")),
        "{:?}",
        keys.footer
    );
    assert!(keys.help.contains(&("a", "account/region")));
}

#[test]
fn the_header_shows_profile_account_and_region_and_marks_the_sandbox() {
    let mut a = connected_app();
    let top = |a: &App| draw(a, 120, 40).lines().next().unwrap().to_string();
    assert!(
        top(&a).contains("profile default · us-east-1 · account …"),
        "{}",
        top(&a)
    );
    update(&mut a, Msg::AccountLoaded(Ok("111122223333".into())));
    assert!(
        top(&a).contains("profile default · us-east-1 · account 111122223333"),
        "{}",
        top(&a)
    );
    update(&mut a, Msg::AccountLoaded(Err("AccessDenied".into())));
    assert!(top(&a).contains("account unknown"), "{}", top(&a));

    let mut s = App::new(Screen::Apps(AppsView::default()), ctx());
    account::started(
        &mut s,
        &SessionInfo {
            profile: None,
            region: "us-east-1".into(),
            endpoint: Some("http://127.0.0.1:1".into()),
            sandbox: true,
        },
    );
    assert!(
        account::init(&s).is_empty(),
        "the sandbox has no account to ask about"
    );
    assert!(
        top(&s).contains("SANDBOX (local, no AWS account) · us-east-1"),
        "{}",
        top(&s)
    );
}

#[test]
fn choosing_a_profile_and_region_connects_and_a_new_account_keeps_nothing_of_the_old() {
    let mut a = connected_app();
    update(&mut a, Msg::AccountLoaded(Ok("111122223333".into())));
    a.envs
        .insert("app0".into(), Load::Loaded(vec!["dev".into()]));
    press(&mut a, KeyCode::Char('a'));
    update(&mut a, Msg::ProfilesListed(Ok(profiles())));
    // The cursor starts on the profile in use (`default`); one up is corp-sso.
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Down); // the first named region: the profiles' own come first
    let fx = press(&mut a, KeyCode::Enter);
    let (generation, to) = connect_generation(&fx);
    assert_eq!(
        to,
        ConnectTo::Aws {
            profile: Some("corp-sso".into()),
            region: Some("us-east-1".into()),
        }
    );
    // While connecting, another Enter sends nothing and Esc waits for the answer.
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert!(matches!(a.screen, Screen::Switch(_)));
    let text = draw(&a, 120, 40);
    assert!(
        text.contains("Connecting with profile corp-sso in us-east-1"),
        "{text}"
    );

    let info = SessionInfo {
        profile: Some("corp-sso".into()),
        region: "us-east-1".into(),
        endpoint: None,
        sandbox: false,
    };
    let fx = update(
        &mut a,
        Msg::Connected {
            generation,
            result: Ok(info),
        },
    );
    assert!(
        matches!(fx[..], [Effect::LoadApps, Effect::LoadAccount]),
        "{fx:?}"
    );
    assert!(matches!(a.screen, Screen::Apps(_)));
    assert!(a.back.is_empty());
    assert!(
        matches!(a.apps, Load::Loading),
        "the old account's apps are gone"
    );
    assert!(a.envs.is_empty(), "and its environments");
    let text = draw(&a, 120, 40);
    assert!(!text.contains("old-account-app"), "{text}");
    assert!(
        !text.contains("111122223333"),
        "the old account id is gone: {text}"
    );
    assert!(
        text.contains("profile corp-sso · us-east-1 · account …"),
        "{text}"
    );
}

#[test]
fn a_refused_connection_keeps_the_current_one_and_says_why() {
    let mut a = connected_app();
    press(&mut a, KeyCode::Char('a'));
    update(&mut a, Msg::ProfilesListed(Ok(profiles())));
    let (generation, _) = connect_generation(&press(&mut a, KeyCode::Enter));
    let problem = Problem {
        message: "the SSO session of profile corp-sso has expired: run `aws sso login --profile corp-sso`, then try again".into(),
        exit_code: 5,
    };
    let fx = update(
        &mut a,
        Msg::Connected {
            generation,
            result: Err(problem),
        },
    );
    assert!(fx.is_empty());
    assert!(matches!(a.screen, Screen::Switch(_)));
    let text = draw(&a, 120, 40);
    assert!(text.contains("aws sso login --profile corp-sso"), "{text}");
    // Esc goes back to the apps of the connection still in use.
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Apps(_)));
    assert!(draw(&a, 120, 40).contains("old-account-app"));
}

#[test]
fn an_answer_to_an_older_choice_is_ignored() {
    let mut a = setup_app();
    let (first, _) = connect_generation(&press(&mut a, KeyCode::Char('s')));
    // The user changed their mind (the runner only keeps the latest too).
    let fx = account::connect(&mut a, ConnectTo::Sandbox);
    let (second, _) = connect_generation(&fx);
    assert_ne!(first, second);
    let fx = update(
        &mut a,
        Msg::Connected {
            generation: first,
            result: Ok(SessionInfo::default()),
        },
    );
    assert!(fx.is_empty());
    assert!(matches!(a.screen, Screen::Setup(_)));
}

#[test]
fn the_setup_screen_connects_to_the_sandbox_and_opens_what_the_flags_asked_for() {
    let mut a = setup_app();
    if let Screen::Setup(v) = &mut a.screen {
        v.then_open = Some(("d1a2b3c4demo".into(), None));
    }
    let (generation, to) = connect_generation(&press(&mut a, KeyCode::Char('s')));
    assert_eq!(to, ConnectTo::Sandbox);
    assert!(draw(&a, 120, 40).contains("Starting the local sandbox"));
    let info = SessionInfo {
        profile: None,
        region: "us-east-1".into(),
        endpoint: Some("http://127.0.0.1:1".into()),
        sandbox: true,
    };
    let fx = update(
        &mut a,
        Msg::Connected {
            generation,
            result: Ok(info),
        },
    );
    assert!(matches!(&a.screen, Screen::Envs(EnvsView { app_id, .. }) if app_id == "d1a2b3c4demo"));
    assert!(matches!(fx[0], Effect::LoadApps), "{fx:?}");
    assert!(
        fx.iter().any(|f| matches!(f, Effect::LoadBackend { .. })),
        "{fx:?}"
    );
    assert!(!fx.iter().any(|f| matches!(f, Effect::LoadAccount)));
}

#[test]
fn a_failed_try_on_the_setup_screen_shows_the_new_problem_and_its_exit_code() {
    let mut a = setup_app();
    // corp-sso is one up from default.
    press(&mut a, KeyCode::Up);
    let (generation, to) = connect_generation(&press(&mut a, KeyCode::Enter));
    assert_eq!(
        to,
        ConnectTo::Aws {
            profile: Some("corp-sso".into()),
            region: None,
        }
    );
    let problem = Problem {
        message: "there is no AWS profile named \"x\"".into(),
        exit_code: 2,
    };
    update(
        &mut a,
        Msg::Connected {
            generation,
            result: Err(problem),
        },
    );
    match &a.screen {
        Screen::Setup(v) => assert_eq!(v.problem.exit_code, 2),
        _ => panic!("still on the setup screen"),
    }
    assert!(draw(&a, 120, 40).contains("no AWS profile named"));
    // q quits from here (the CLI returns the problem's exit code).
    press(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn a_typed_region_takes_q_and_s_as_text() {
    let mut a = setup_app();
    press(&mut a, KeyCode::Tab);
    for _ in 0..40 {
        press(&mut a, KeyCode::Down);
    }
    for c in "us-isob-east-1".chars() {
        let fx = update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        assert!(fx.is_empty());
    }
    assert!(!a.quit);
    let fx = press(&mut a, KeyCode::Enter);
    let (_, to) = connect_generation(&fx);
    assert_eq!(
        to,
        ConnectTo::Aws {
            profile: Some("default".into()),
            region: Some("us-isob-east-1".into()),
        }
    );
    assert!(a.screen.keys(0).clashes.is_empty());
}

/// `?` opens the help on the setup screen too (it was dropped silently there, though the
/// README's five keys promise it on every screen), and a key other than Esc leaves it open.
#[test]
fn question_mark_opens_the_help_on_the_setup_screen() {
    let mut a = setup_app();
    press(&mut a, KeyCode::Char('?'));
    let screen = draw(&a, 80, 24);
    assert!(screen.contains("Help (Esc closes)"), "{screen}");
    assert!(screen.contains("re-read profiles"), "{screen}");
    assert!(matches!(a.screen, Screen::Setup(_)));
}
