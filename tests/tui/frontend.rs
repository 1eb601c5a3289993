//! The config screen's way to a working app (issue 15): the frontend config file screen, the
//! provider checklist screen, and a FAILED job's decoded error in the job pane with `f` back to
//! the wizard's field. Update tests drive `update` with keys; snapshots at 80x24 and 120x40.

use crate::support;

use amplify_auth::aws::{AuthResourceMeta, Job, JobRef, JobStatus};
use amplify_auth::domain::frontend::{DeployedAuth, FrontendFormat, render as render_file};
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::domain::{AuthConfig, MfaMode};
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::job_open::start_job;
use amplify_auth::tui::msg::{Effect, Load, Msg, Target};
use amplify_auth::tui::msg::{Expect, Request, Submission, WriteOutcome};
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::wizard::state::Wizard;
use crossterm::event::KeyCode;
use support::app::screen::draw;
use support::app::{fixed_key, key};

const REGION: &str = "us-east-1";

fn app(screen: Screen) -> App {
    App::new(screen, support::app::context(REGION, "sandbox"))
}

fn config() -> AuthConfig {
    maximal_config(&fixed_key().0)
}

fn meta() -> AuthResourceMeta {
    AuthResourceMeta {
        name: "demoauth".into(),
        user_pool_id: Some("us-east-1_AbCdEf123".into()),
        user_pool_name: Some("demo_userpool".into()),
        app_client_id_web: Some("web0client0id".into()),
        app_client_id: Some("native0client0id".into()),
        identity_pool_id: Some("us-east-1:0000-1111".into()),
        hosted_ui_domain: Some("demo-auth-dev".into()),
        imported: false,
    }
}

fn deployed() -> DeployedAuth {
    let m = meta();
    DeployedAuth {
        region: REGION.into(),
        user_pool_id: m.user_pool_id.unwrap(),
        web_client_id: m.app_client_id_web.unwrap(),
        identity_pool_id: m.identity_pool_id,
        hosted_ui_domain: m.hosted_ui_domain,
    }
}

/// The config screen of a deployed resource, its config loaded.
fn config_screen() -> App {
    let mut v = ConfigView::new("app1", "dev", "demoauth", Some(meta()), 0);
    v.config = Load::Loaded(config());
    app(Screen::Config(Box::new(v)))
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(key(code)))
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

#[test]
fn w_on_the_config_screen_previews_and_writes_the_frontend_file() {
    let mut a = config_screen();
    assert!(press(&mut a, KeyCode::Char('w')).is_empty());
    let Screen::Frontend(v) = &a.screen else {
        panic!("w opens the frontend screen, got {:?}", a.screen.title());
    };
    assert_eq!(v.format, FrontendFormat::AmplifyConfiguration);
    assert_eq!(v.path.value(), "amplifyconfiguration.json");
    let expected =
        render_file(FrontendFormat::AmplifyConfiguration, &config(), &deployed()).unwrap();
    // The preview is the file: its lines are on screen.
    let screen = draw(&a, 120, 40);
    assert!(
        screen.contains("\"aws_user_pools_id\": \"us-east-1_AbCdEf123\""),
        "{screen}"
    );
    assert!(
        screen.contains("demo-auth-dev.auth.us-east-1.amazoncognito.com"),
        "{screen}"
    );

    let fx = press(&mut a, KeyCode::Enter);
    match fx.as_slice() {
        [
            Effect::WriteFile {
                path,
                text,
                overwrite,
            },
        ] => {
            assert_eq!(path.to_str(), Some("amplifyconfiguration.json"));
            assert_eq!(text, &expected);
            assert!(!overwrite, "an existing file is not replaced unasked");
        }
        other => panic!("Enter writes the file: {other:?}"),
    }

    // The file exists: the screen asks, and the next Enter replaces it.
    update(
        &mut a,
        Msg::FileWritten {
            path: "amplifyconfiguration.json".into(),
            outcome: WriteOutcome::Exists,
        },
    );
    assert!(draw(&a, 120, 40).contains("exists. Enter again replaces it"));
    let fx = press(&mut a, KeyCode::Enter);
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::WriteFile {
                overwrite: true,
                ..
            }]
        ),
        "{fx:?}"
    );
    update(
        &mut a,
        Msg::FileWritten {
            path: "amplifyconfiguration.json".into(),
            outcome: WriteOutcome::Written,
        },
    );
    assert!(draw(&a, 120, 40).contains("✓ Wrote amplifyconfiguration.json"));
}

#[test]
fn the_path_follows_the_format_until_typed_and_q_is_text() {
    let mut a = config_screen();
    press(&mut a, KeyCode::Char('w'));
    press(&mut a, KeyCode::Tab);
    let path = |a: &App| match &a.screen {
        Screen::Frontend(v) => (v.format, v.path.value().to_string()),
        _ => panic!("left the frontend screen"),
    };
    assert_eq!(
        path(&a),
        (FrontendFormat::AwsExports, "aws-exports.js".into())
    );
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        path(&a),
        (
            FrontendFormat::AmplifyOutputs,
            "amplify_outputs.json".into()
        )
    );
    // Typed text goes into the path (q included: it does not quit here).
    typed(&mut a, "q");
    assert!(!a.quit);
    assert_eq!(path(&a).1, "amplify_outputs.jsonq");
    press(&mut a, KeyCode::Backspace);
    for _ in 0.."amplify_outputs.json".len() {
        press(&mut a, KeyCode::Backspace);
    }
    typed(&mut a, "web/src/amplify_outputs.json");
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        path(&a),
        (
            FrontendFormat::AmplifyConfiguration,
            "web/src/amplify_outputs.json".into()
        ),
        "a typed path stays when the format changes"
    );
    let fx = press(&mut a, KeyCode::Enter);
    assert!(
        matches!(fx.as_slice(), [Effect::WriteFile { path, .. }] if path.to_str() == Some("web/src/amplify_outputs.json"))
    );
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Config(_)), "Esc goes back");
}

#[test]
fn no_format_carries_a_secret() {
    let cfg = config();
    let sp = cfg.social_providers().unwrap().clone();
    let secrets = [
        sp.facebook.unwrap().client_secret.unwrap(),
        sp.google.unwrap().client_secret.unwrap(),
        sp.login_with_amazon.unwrap().client_secret.unwrap(),
        sp.sign_in_with_apple.unwrap().private_key.unwrap(),
    ];
    let mut a = config_screen();
    press(&mut a, KeyCode::Char('w'));
    for _ in FrontendFormat::ALL {
        let fx = press(&mut a, KeyCode::Enter);
        let [Effect::WriteFile { text, .. }] = fx.as_slice() else {
            panic!("{fx:?}")
        };
        for s in &secrets {
            assert!(!text.contains(s.expose()), "a secret in\n{text}");
        }
        press(&mut a, KeyCode::Tab);
    }
}

#[test]
fn an_undeployed_resource_says_why_there_is_no_file() {
    let mut v = ConfigView::new("app1", "dev", "demoauth", None, 0);
    v.config = Load::Loaded(config());
    let mut a = app(Screen::Config(Box::new(v)));
    press(&mut a, KeyCode::Char('w'));
    assert!(press(&mut a, KeyCode::Enter).is_empty(), "nothing to write");
    let s = draw(&a, 120, 40);
    assert!(s.contains("not deployed yet"), "{s}");
}

#[test]
fn p_opens_the_checklists_and_enter_copies_the_selected_value() {
    let mut a = config_screen();
    press(&mut a, KeyCode::Char('p'));
    let Screen::Checklist(v) = &a.screen else {
        panic!("p opens the checklist, got {}", a.screen.title());
    };
    assert_eq!(v.lists.len(), 4);
    assert_eq!(v.lists[0].provider, "Facebook");
    // Row 0 is the console URL; the first item is the redirect URI.
    let fx = press(&mut a, KeyCode::Enter);
    assert!(
        matches!(fx.as_slice(), [Effect::Copy { text, .. }] if text == "https://developers.facebook.com/apps/"),
        "{fx:?}"
    );
    press(&mut a, KeyCode::Down);
    let fx = press(&mut a, KeyCode::Char('c'));
    let redirect = "https://demo-auth-dev.auth.us-east-1.amazoncognito.com/oauth2/idpresponse";
    assert!(
        matches!(fx.as_slice(), [Effect::Copy { label, text }] if text == redirect && label == "Valid OAuth Redirect URIs"),
        "{fx:?}"
    );
    update(
        &mut a,
        Msg::Copied(Ok("Copied it to the terminal's clipboard (OSC 52).".into())),
    );
    assert!(draw(&a, 120, 40).contains("✓ Copied it"));
    // Apple is the last page; ← wraps to it.
    press(&mut a, KeyCode::Left);
    let s = draw(&a, 120, 40);
    assert!(s.contains("Sign in with Apple (4/4)"), "{s}");
    assert!(s.contains("Return URLs"), "{s}");
    assert!(s.contains(redirect), "{s}");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Config(_)));
}

#[test]
fn without_a_hosted_ui_the_checklist_says_so() {
    let mut m = meta();
    m.hosted_ui_domain = None;
    let mut v = ConfigView::new("app1", "dev", "demoauth", Some(m), 0);
    v.config = Load::Loaded(config());
    let mut a = app(Screen::Config(Box::new(v)));
    press(&mut a, KeyCode::Char('p'));
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(draw(&a, 120, 40).contains("no hosted UI domain deployed"));
}

/// A recreate wizard filled with `submitted` that sent it (its own request), its job pane on
/// top, the job FAILED with `error`.
fn failed_edit(submitted: &AuthConfig, error: &str) -> App {
    let mut w = Wizard::new_recreate("app1", "dev", "demoauth", submitted, REGION);
    w.dirty = true;
    let request = w.request().expect("a valid config makes a request");
    let expect = Expect::Config(Box::new(w.expected_after().unwrap()));
    assert!(matches!(request, Request::Create(_)));
    let mut a = app(Screen::Wizard(Box::new(w)));
    let target = Target::new("app1", "dev", "demoauth");
    let fx = start_job(
        &mut a,
        Submission {
            target: target.clone(),
            request,
            expect,
            guard: None,
        },
    );
    let generation = match fx.as_slice() {
        [Effect::Submit { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    update(
        &mut a,
        Msg::Submitted {
            generation,
            result: Ok(JobRef {
                app_id: "app1".into(),
                env: "dev".into(),
                job_id: Some("job1".into()),
                operation: None,
                status: JobStatus::Running,
                error: None,
            }),
        },
    );
    update(
        &mut a,
        Msg::JobPolled {
            generation,
            result: Ok(Job {
                app_id: "app1".into(),
                env: "dev".into(),
                job_id: "job1".into(),
                operation: Some("CreateBackendAuth".into()),
                status: JobStatus::Failed,
                error: Some(error.into()),
                create_time: None,
                update_time: None,
            }),
        },
    );
    a
}

#[test]
fn a_failed_job_is_decoded_and_f_goes_to_the_field() {
    let cfg = config();
    let mut a = failed_edit(
        &cfg,
        "Resource handler returned message: \"Provided private key cannot be used for Sign in with Apple.\" (Service: CognitoIdentityProvider)",
    );
    let s = draw(&a, 120, 40);
    assert!(s.contains("What it means"), "{s}");
    assert!(
        s.contains(
            "Field  UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey"
        ),
        "{s}"
    );
    assert!(
        s.contains("Cause  Cognito refused the Sign in with Apple private key"),
        "{s}"
    );
    assert!(s.contains("f opens the wizard on that field"), "{s}");
    press(&mut a, KeyCode::Char('f'));
    let Screen::Wizard(w) = &a.screen else {
        panic!("f goes back to the wizard, got {}", a.screen.title());
    };
    let focused = w.focused().expect("a field has the focus");
    assert_eq!(
        focused.meta().path,
        "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey"
    );
    assert!(w.flash.as_deref().unwrap().contains("failed on this field"));
    assert!(
        a.back.iter().all(|s| !matches!(s, Screen::Job(_))),
        "the job pane is gone"
    );
}

#[test]
fn mfa_on_after_creation_goes_to_the_mfa_mode() {
    let mut cfg = config();
    cfg.user_pool.mfa.as_mut().unwrap().mode = MfaMode::On;
    let mut a = failed_edit(
        &cfg,
        "Cannot turn MFA functionality ON, once the user pool has been created.",
    );
    press(&mut a, KeyCode::Char('f'));
    let Screen::Wizard(w) = &a.screen else {
        panic!("{}", a.screen.title())
    };
    assert_eq!(
        w.focused().unwrap().meta().path,
        "UserPoolConfigs.Mfa.MFAMode"
    );
}

#[test]
fn an_undecoded_failure_offers_no_f() {
    let mut a = failed_edit(&config(), "Something nobody has seen before.");
    let s = draw(&a, 120, 40);
    assert!(!s.contains("What it means"), "{s}");
    press(&mut a, KeyCode::Char('f'));
    assert!(matches!(a.screen, Screen::Job(_)), "f is not bound");
}

#[test]
fn snapshots() {
    let mut a = config_screen();
    insta::assert_snapshot!("config_80x24", draw(&a, 80, 24));
    press(&mut a, KeyCode::Char('w'));
    insta::assert_snapshot!("frontend_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("frontend_120x40", draw(&a, 120, 40));
    // Back on the config screen it is read again; a fresh one stands in for that.
    let mut a = config_screen();
    press(&mut a, KeyCode::Char('p'));
    press(&mut a, KeyCode::Down);
    insta::assert_snapshot!("checklist_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("checklist_120x40", draw(&a, 120, 40));
    let a = failed_edit(&config(), "Domain not available");
    insta::assert_snapshot!("job_failed_decoded_80x24", draw(&a, 80, 24));
    insta::assert_snapshot!("job_failed_decoded_120x40", draw(&a, 120, 40));
}

/// Issue 28 (help and scrolling): the preview's PgDn stops at its end (it scrolled on into an
/// empty pane), the border says which lines show, and a line wider than the pane wraps rather
/// than being cut at the edge (an id cut short reads as another id).
#[test]
fn the_preview_scrolls_to_its_end_and_no_further_and_wraps_long_lines() {
    // An identity pool id as long as a real one: its line is wider than the pane at 80.
    let mut v = ConfigView::new(
        "app1",
        "dev",
        "demoauth",
        Some(AuthResourceMeta {
            identity_pool_id: Some("us-east-1:f99afc73-3b09-4f90-b900-bc64df731d00".into()),
            ..meta()
        }),
        0,
    );
    v.config = Load::Loaded(config());
    let mut a = app(Screen::Config(Box::new(v)));
    press(&mut a, KeyCode::Char('w'));
    let first = draw(&a, 80, 24);
    assert!(first.contains("lines 1–"), "{first}");
    let mut last = String::new();
    for _ in 0..30 {
        press(&mut a, KeyCode::PageDown);
        last = draw(&a, 80, 24);
    }
    let Screen::Frontend(v) = &a.screen else {
        unreachable!()
    };
    let file = v.text().unwrap();
    let end = file.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.contains(end.trim()), "the last line shows:\n{last}");
    let total = last
        .split(" of ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .unwrap();
    assert!(last.contains(&format!("–{total} of {total}")), "{last}");
    // Every line of the file is there whole, the wider ones wrapped onto more rows.
    assert!(file.lines().any(|l| l.chars().count() > 78), "{file}");
    let narrow = draw(&a, 80, 200);
    let shown: String = narrow
        .lines()
        .map(|l| l.trim_matches('│'))
        .collect::<String>()
        .split_whitespace()
        .collect();
    for l in file.lines() {
        let l: String = l.split_whitespace().collect();
        assert!(shown.contains(&l), "{l:?} cut:\n{narrow}");
    }
}

#[tokio::test]
async fn the_writer_replaces_a_file_only_when_told() {
    use amplify_auth::tui::user_files::write;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("amplifyconfiguration.json");
    assert_eq!(write(&p, "one", false).await, WriteOutcome::Written);
    assert_eq!(write(&p, "two", false).await, WriteOutcome::Exists);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
    assert_eq!(write(&p, "three", true).await, WriteOutcome::Written);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "three");
    let missing = dir.path().join("no/such/dir/x.json");
    assert!(matches!(
        write(&missing, "x", false).await,
        WriteOutcome::Failed(_)
    ));
}

#[test]
fn the_console_link_is_drawn_over_the_url_itself() {
    let mut a = config_screen();
    press(&mut a, KeyCode::Char('p'));
    for page in 0..4 {
        let s = draw(&a, 80, 24);
        let Screen::Checklist(v) = &a.screen else {
            panic!()
        };
        // The body as the view lays it out: below the header row, above the two footer rows.
        let url = v.lists[v.page].console_url;
        let Some((x, y, url)) = v.link(ratatui::layout::Rect::new(0, 1, 80, 21)) else {
            // Too long for the row: it wraps, and no link is drawn over a broken line.
            assert!(
                !s.contains(&format!("Console  {url}")),
                "page {page}: {url} fits on the console row:\n{s}"
            );
            press(&mut a, KeyCode::Tab);
            continue;
        };
        let row = s.lines().nth(y as usize).unwrap();
        let at: String = row
            .chars()
            .skip(x as usize)
            .take(url.chars().count())
            .collect();
        assert_eq!(at, url, "page {page}:\n{s}");
        press(&mut a, KeyCode::Tab);
    }
}
