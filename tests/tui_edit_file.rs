//! `edit --input FILE` (issue 15 item 4): the wizard opens prefilled from a config file, Ctrl-S
//! writes it back with secret references kept (never the secrets), in a stable member order.

mod common;
mod headless_support;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::domain::{AuthConfig, Secret};
use amplify_auth::tui::app::{App, Context, Effect, Msg, Screen};
use amplify_auth::tui::edit_file::open;
use amplify_auth::tui::fields::FieldId;
use amplify_auth::tui::fix_field::focus_path;
use amplify_auth::tui::msg::WriteOutcome;
use amplify_auth::tui::update::update;
use amplify_auth::tui::view::keys_for;
use common::{ctrl, key};
use crossterm::event::KeyCode;

const GOOGLE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret";

/// A config file whose Google secret and Apple key are `file://` references to files beside it.
fn fixture(dir: &std::path::Path) -> (std::path::PathBuf, String, String) {
    let (pem, body) = generate_key();
    std::fs::write(dir.join("AuthKey_KEYID12345.p8"), &pem).unwrap();
    std::fs::write(dir.join("google.secret"), "google-secret-from-file\n").unwrap();
    let mut cfg: AuthConfig = maximal_config(&body);
    let sp = cfg
        .user_pool
        .oauth
        .as_mut()
        .unwrap()
        .social_providers
        .as_mut()
        .unwrap();
    sp.google.as_mut().unwrap().client_secret = Some(Secret::new("file://google.secret"));
    let apple = sp.sign_in_with_apple.as_mut().unwrap();
    apple.private_key = Some(Secret::new("file://AuthKey_KEYID12345.p8"));
    apple.key_id = Some("KEYID12345".into());
    let doc = serde_json::json!({
        "AppId": "d0edit",
        "BackendEnvironmentName": "dev",
        "ResourceName": "editauth",
        "ResourceConfig": cfg,
    });
    let path = dir.join("auth.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    (path, body, "google-secret-from-file".into())
}

fn app_on(path: &std::path::Path) -> App {
    let (w, file) = open(path, "us-east-1").unwrap_or_else(|e| panic!("{e}"));
    let mut a = App::new(
        Screen::Wizard(Box::new(w)),
        Context {
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    );
    a.edit_file = Some(Box::new(file));
    a
}

fn save(a: &mut App) -> String {
    let fx = update(a, Msg::Key(ctrl('s')));
    match fx.as_slice() {
        [
            Effect::WriteFile {
                text,
                overwrite: true,
                path,
            },
        ] => {
            let text = text.clone();
            update(
                a,
                Msg::FileWritten {
                    path: path.clone(),
                    outcome: WriteOutcome::Written,
                },
            );
            text
        }
        other => panic!("Ctrl-S saves the file: {other:?}"),
    }
}

fn member(text: &str, pointer: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v.pointer(pointer).cloned().unwrap_or_default()
}

const SP: &str = "/ResourceConfig/UserPoolConfigs/OAuth/SocialProviderSettings";

#[test]
fn the_wizard_opens_prefilled_resolved_and_saves_references_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, apple_body, google) = fixture(dir.path());
    let mut a = app_on(&path);
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert_eq!(w.trimmed(FieldId::AppId), "d0edit");
    assert_eq!(w.trimmed(FieldId::ResourceName), "editauth");
    // The references were resolved for the wizard: the key checks, nothing is in error.
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    assert!(!w.is_edit() && !w.is_recreate());
    // The footer says what Ctrl-S does here.
    let keys = keys_for(&a);
    assert!(keys.contains(&("Ctrl-S", "save file")), "{keys:?}");
    assert!(keys.contains(&("F2", "next/submit")), "{keys:?}");

    let text = save(&mut a);
    assert_eq!(member(&text, "/AppId"), "d0edit");
    assert_eq!(
        member(&text, &format!("{SP}/Google/ClientSecret")),
        "file://google.secret"
    );
    assert_eq!(
        member(&text, &format!("{SP}/SignInWithApple/PrivateKey")),
        "file://AuthKey_KEYID12345.p8"
    );
    assert!(!text.contains(&google), "a secret in the file");
    // A secret the file held as a plain value is left as the file had it.
    assert_eq!(
        member(&text, &format!("{SP}/Facebook/ClientSecret")),
        "facebook-secret-value"
    );
    assert!(!text.contains(&apple_body[..40]), "the key in the file");
    // Members in a stable order: saving what was saved gives the same text.
    std::fs::write(&path, &text).unwrap();
    let mut again = app_on(&path);
    assert_eq!(save(&mut again), text);
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(
        w.flash.as_deref().unwrap().contains("Saved"),
        "{:?}",
        w.flash
    );
    assert!(!w.dirty);
}

#[test]
fn a_secret_typed_in_the_wizard_goes_into_the_file_as_an_env_reference() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = fixture(dir.path());
    let mut a = app_on(&path);
    if let Screen::Wizard(w) = &mut a.screen {
        assert!(focus_path(w, GOOGLE), "the Google secret has a field");
    }
    update(&mut a, Msg::Key(ctrl('u')));
    for c in "typed-new-secret".chars() {
        update(&mut a, Msg::Key(key(KeyCode::Char(c))));
    }
    let text = save(&mut a);
    assert!(
        !text.contains("typed-new-secret"),
        "a typed secret in the file"
    );
    assert_eq!(
        member(&text, &format!("{SP}/Google/ClientSecret")),
        "env://AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET"
    );
    // The untouched key keeps its own reference.
    assert_eq!(
        member(&text, &format!("{SP}/SignInWithApple/PrivateKey")),
        "file://AuthKey_KEYID12345.p8"
    );
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    let flash = w.flash.clone().unwrap();
    assert!(
        flash.contains("set AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET"),
        "{flash}"
    );
}

#[test]
fn an_invalid_config_is_not_saved_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = fixture(dir.path());
    let mut a = app_on(&path);
    if let Screen::Wizard(w) = &mut a.screen {
        assert!(focus_path(
            w,
            "UserPoolConfigs.PasswordPolicy.MinimumLength"
        ));
    }
    update(&mut a, Msg::Key(ctrl('u')));
    update(&mut a, Msg::Key(key(KeyCode::Char('x'))));
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(w.error_count() > 0, "validated as typed");
    let fx = update(&mut a, Msg::Key(ctrl('s')));
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(fx.is_empty(), "nothing written: {fx:?}");
    assert!(
        w.flash.as_deref().unwrap().starts_with("Not saved"),
        "{:?}",
        w.flash
    );
}

#[test]
fn an_unresolvable_reference_is_named_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = fixture(dir.path());
    std::fs::remove_file(dir.path().join("google.secret")).unwrap();
    let mut a = app_on(&path);
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    let flash = w.flash.clone().unwrap();
    assert!(flash.contains("Google.ClientSecret"), "{flash}");
    // The wizard flags the empty secret, but the file keeps its reference, so saving works.
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(
        w.findings.iter().any(|f| f.path == GOOGLE),
        "{:?}",
        w.findings
    );
    let text = save(&mut a);
    assert_eq!(
        member(&text, &format!("{SP}/Google/ClientSecret")),
        "file://google.secret",
        "a reference that did not resolve stays as it was"
    );
}

#[test]
fn an_update_request_file_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("update.json");
    std::fs::write(
        &path,
        r#"{"AppId":"a","BackendEnvironmentName":"dev","ResourceName":"r","ResourceConfig":{"AuthResources":"USER_POOL_ONLY","Service":"COGNITO","UserPoolConfigs":{"PasswordPolicy":{"MinimumLength":8}}}}"#,
    )
    .unwrap();
    let e = open(&path, "us-east-1").unwrap_err();
    assert!(e.contains("update request"), "{e}");
    let e = open(&dir.path().join("missing.json"), "us-east-1").unwrap_err();
    assert!(e.contains("missing.json"), "{e}");
}

/// The file-backed wizard against the sandbox, through the real runner: Ctrl-S writes the file
/// on disk, F2 walks to the review and submits, the create completes with the secrets the
/// references name, and the file still holds only the references.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_and_submitting_from_the_file_creates_the_resource() {
    let (sb, clients, app_id) = common::demo(false, std::time::Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, apple_body, google) = fixture(dir.path());
    // The fixture's app is made up; point the file at the demo app's dev environment.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"d0edit\"", &format!("\"{app_id}\""));
    std::fs::write(&path, text).unwrap();
    let (w, file) = open(&path, &sb.region).unwrap();
    let mut a = App::new(
        Screen::Wizard(Box::new(w)),
        Context {
            region: sb.region.clone(),
            target: "sandbox".into(),
        },
    );
    a.edit_file = Some(Box::new(file));
    fn describe(app: &App) -> String {
        match &app.screen {
            Screen::Wizard(w) => format!(
                "wizard step={:?} dirty={} flash={:?}",
                w.step, w.dirty, w.flash
            ),
            Screen::Job(j) => format!("job status={} verify={:?}", j.status, j.verify),
            _ => "elsewhere".into(),
        }
    }
    let mut d = common::driver::Driver::start(a, clients.clone(), describe);
    d.key(ctrl('s'));
    d.wait_for("flash=Some(\"Saved").await;
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("file://google.secret") && !saved.contains(&google));
    for _ in 0..12 {
        d.key(key(KeyCode::F(2)));
    }
    d.wait_for("job status=COMPLETED").await;
    d.wait_for("verify=Some(Matches)").await;
    d.finish().await;
    let got = clients.get_auth(&app_id, "dev", "editauth").await.unwrap();
    let sp = got.social_providers().unwrap();
    assert_eq!(
        sp.google.as_ref().unwrap().client_id.as_deref(),
        Some("123456789012-abcdefghijklmnop.apps.googleusercontent.com")
    );
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains(&apple_body[..40])
    );
    sb.shutdown().await;
}

/// A file from `get --secrets-as-refs` (the scripted way's artefact) comes back byte for byte
/// when saved unchanged: same members, same order, same references.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_from_get_round_trips_unchanged() {
    let (sb, clients, app_id) = common::demo(false, std::time::Duration::from_millis(200)).await;
    let run = headless_support::run_cli(
        Some(&clients),
        &[
            "get",
            "--app-id",
            &app_id,
            "--env",
            "staging",
            "--secrets-as-refs",
        ],
        "",
        Default::default(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("env://"), "{run:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth.json");
    std::fs::write(&path, &run.stdout).unwrap();
    let mut a = app_on(&path);
    assert_eq!(save(&mut a), run.stdout);
    sb.shutdown().await;
}
