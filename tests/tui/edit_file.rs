//! `edit --input FILE` (issue 15 item 4): the wizard opens prefilled from a config file, Ctrl-S
//! writes it back with secret references kept (never the secrets), in a stable member order and
//! in the file's own format; a file for a resource that exists edits it (an update).

use crate::support;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::finding::Severity;
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::domain::{AuthConfig, Secret};
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::WriteOutcome;
use amplify_auth::tui::msg::{Effect, Msg};
use amplify_auth::tui::update::update;
use amplify_auth::tui::view::keys_for;
use amplify_auth::tui::wizard::edit_file::{EditFile, open, open_checked};
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::fix_field::focus_path;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use support::app::{ctrl, key};

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
    let mut fx = update(a, Msg::Key(ctrl('s')));
    // The wizard also reads its target's environment (its auth, a running job) when first run.
    fx.retain(|e| !matches!(e, Effect::LoadBackend { .. } | Effect::LoadJobs { .. }));
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
    // The footer says what Ctrl-S does here, and which key steps on instead, each once.
    let keys = keys_for(&a);
    assert!(keys.contains(&("Ctrl-S", "save file")), "{keys:?}");
    assert!(keys.contains(&("Ctrl-N", "next/submit")), "{keys:?}");
    for k in &keys {
        assert_eq!(
            keys.iter().filter(|x| *x == k).count(),
            1,
            "{k:?} twice: {keys:?}"
        );
    }

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

/// Lists that are sets keep the order the file wrote them in when saved (issue 23, item 5): the
/// wizard holds them as check boxes in its own order, and a save must not re-sort them (noise in
/// git). An element added in the wizard goes after the file's.
#[test]
fn a_save_keeps_the_files_order_of_the_lists_that_are_sets() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = fixture(dir.path());
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let pool = "/ResourceConfig/UserPoolConfigs";
    let reverse = |doc: &mut serde_json::Value, at: &str| {
        let list = doc.pointer_mut(at).unwrap().as_array_mut().unwrap();
        assert!(list.len() >= 2, "{at}: {list:?}");
        list.reverse();
        list.clone()
    };
    let mfa = reverse(&mut doc, &format!("{pool}/Mfa/Settings/MfaTypes"));
    let constraints = reverse(
        &mut doc,
        &format!("{pool}/PasswordPolicy/AdditionalConstraints"),
    );
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let mut a = app_on(&path);
    let text = save(&mut a);
    assert_eq!(
        member(&text, &format!("{pool}/Mfa/Settings/MfaTypes")),
        serde_json::Value::Array(mfa)
    );
    assert_eq!(
        member(
            &text,
            &format!("{pool}/PasswordPolicy/AdditionalConstraints")
        ),
        serde_json::Value::Array(constraints)
    );
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
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::WriteFile { .. })),
        "nothing written: {fx:?}"
    );
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
    let (sb, clients, app_id) =
        support::app::demo(false, std::time::Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, apple_body, google) = fixture(dir.path());
    // The fixture's app is made up; point the file at the demo app's dev environment.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"d0edit\"", &format!("\"{app_id}\""));
    std::fs::write(&path, text).unwrap();
    // dev has no auth: the lookup says not found, so the wizard creates.
    let (w, file) = open_checked(&clients, &path, &sb.region).await.unwrap();
    assert!(!w.is_edit());
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
    let mut d = support::app::driver::Driver::start(a, clients.clone(), describe);
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
    let (sb, clients, app_id) =
        support::app::demo(false, std::time::Duration::from_millis(200)).await;
    let run = support::headless::run_cli(
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

/// A demo sandbox, and `get --secrets-as-refs` for its staging (which has auth) in `format`,
/// with a temp directory to write files into.
struct Staging {
    sb: amplify_auth::sandbox::SandboxHandle,
    clients: amplify_auth::aws::Clients,
    app_id: String,
    text: String,
    dir: tempfile::TempDir,
}

async fn staging(format: &str) -> Staging {
    let sb = support::app::sandbox(true, std::time::Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let app_id = clients.list_apps().await.unwrap()[0].app_id.clone();
    let run = support::headless::run_cli(
        Some(&clients),
        &[
            "get",
            "--app-id",
            &app_id,
            "--env",
            "staging",
            "--secrets-as-refs",
            "--output",
            format,
        ],
        "",
        Default::default(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    Staging {
        sb,
        clients,
        app_id,
        text: run.stdout,
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Staging {
    /// `get`'s output as JSON.
    fn doc(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap()
    }

    /// Writes `text` as `name` in the temp directory.
    fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Opens `path` as `edit --input` does, against this sandbox.
    async fn open(
        &self,
        path: &std::path::Path,
    ) -> (amplify_auth::tui::wizard::state::Wizard, EditFile) {
        open_checked(&self.clients, path, &self.sb.region)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"))
    }
}

fn app_with(w: amplify_auth::tui::wizard::state::Wizard, file: EditFile, region: &str) -> App {
    let mut a = support::app::wizard_app(w, support::app::context(region, "sandbox"));
    a.edit_file = Some(Box::new(file));
    a
}

const MIN_LENGTH: &str = "/ResourceConfig/UserPoolConfigs/PasswordPolicy/MinimumLength";

/// Issue 15 item 4, for a resource that exists: the file opens as an edit of what the service
/// holds (on the review, diffed against it), submitting saves the file first and sends an
/// update, and the service then holds what the file says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_for_a_deployed_resource_edits_it_and_submits_an_update() {
    let st = staging("json").await;
    let (sb, clients, app_id) = (&st.sb, &st.clients, &st.app_id);
    let mut doc = st.doc();
    let resource = doc["ResourceName"].as_str().unwrap().to_string();
    // Cognito's model types it as a double: `get` writes 12.0.
    let deployed = doc.pointer(MIN_LENGTH).and_then(|v| v.as_f64()).unwrap() as u64;
    // The file changes one member before it is opened...
    let in_file = deployed + 2;
    *doc.pointer_mut(MIN_LENGTH).unwrap() = in_file.into();
    let path = st.write("auth.json", &serde_json::to_string_pretty(&doc).unwrap());
    let (w, file) = st.open(&path).await;
    assert!(w.is_edit(), "the resource exists: an edit");
    assert_eq!(w.step, Step::Review, "opened on what the file changes");
    assert!(w.flash.as_deref().unwrap().contains("submit updates it"));
    let changes: Vec<String> = w.changes().into_iter().map(|c| c.path).collect();
    assert_eq!(
        changes,
        ["UserPoolConfigs.PasswordPolicy.MinimumLength"],
        "diffed against the deployed config; secrets not returned are no change"
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    let mut a = app_with(w, file, &sb.region);
    // ...and one more is typed in the wizard, so the file has unsaved edits at submit.
    let typed = in_file + 1;
    if let Screen::Wizard(w) = &mut a.screen {
        assert!(focus_path(
            w,
            "UserPoolConfigs.PasswordPolicy.MinimumLength"
        ));
    }
    update(&mut a, Msg::Key(ctrl('u')));
    for c in typed.to_string().chars() {
        update(&mut a, Msg::Key(key(KeyCode::Char(c))));
    }
    fn describe(app: &App) -> String {
        match &app.screen {
            Screen::Wizard(w) => format!(
                "wizard step={:?} changes={} flash={:?}",
                w.step,
                w.changes().len(),
                w.flash
            ),
            Screen::Job(j) => format!(
                "job op={} status={} verify={:?} timeline={:?}",
                j.operation, j.status, j.verify, j.timeline
            ),
            _ => "elsewhere".into(),
        }
    }
    let mut d = support::app::driver::Driver::start(a, clients.clone(), describe);
    for _ in 0..12 {
        d.key(key(KeyCode::F(2)));
    }
    d.wait_for("job op=UpdateBackendAuth status=COMPLETED")
        .await;
    d.wait_for("verify=Some(Matches)").await;
    d.wait_for("Saved ").await;
    // Done: back in the wizard, which now edits what was applied (nothing left to submit).
    d.key(key(KeyCode::Enter));
    d.wait_for("wizard step=Review changes=0 flash=Some(\"Applied and confirmed")
        .await;
    d.finish().await;
    let got = clients
        .get_auth(app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(
        got.user_pool
            .password_policy
            .as_ref()
            .map(|p| p.minimum_length),
        Some(typed as f64)
    );
    // The file says what reached the service, with its references, never a secret.
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(member(&saved, MIN_LENGTH).as_f64(), Some(typed as f64));
    assert!(saved.contains("env://"), "{saved}");
    st.sb.shutdown().await;
}

/// A member fixed at creation that the file changes is refused by name when submitting (with
/// the way out), but the file itself is a valid config, so Ctrl-S still saves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_member_the_file_changes_blocks_the_submit_not_the_save() {
    let st = staging("json").await;
    let mut doc = st.doc();
    let sign_in = doc
        .pointer_mut("/ResourceConfig/UserPoolConfigs/SignInMethod")
        .unwrap();
    let other = if sign_in == "USERNAME" {
        "EMAIL"
    } else {
        "USERNAME"
    };
    *sign_in = other.into();
    let path = st.write("auth.json", &serde_json::to_string_pretty(&doc).unwrap());
    let (w, file) = st.open(&path).await;
    let refusal = w
        .findings
        .iter()
        .find(|f| f.path == "UserPoolConfigs.SignInMethod")
        .unwrap_or_else(|| panic!("{:?}", w.findings));
    assert_eq!(refusal.severity, Severity::Error);
    let mut a = app_with(w, file, &st.sb.region);
    let fx = update(&mut a, Msg::Key(key(KeyCode::F(2))));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Submit { .. } | Effect::WriteFile { .. })),
        "nothing submitted: {fx:?}"
    );
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(w.flash.as_deref().unwrap().starts_with("Submit refused"));
    let saved = save(&mut a);
    assert_eq!(
        member(&saved, "/ResourceConfig/UserPoolConfigs/SignInMethod"),
        other
    );
    st.sb.shutdown().await;
}

/// A YAML file is written back as YAML: `get --output yaml --secrets-as-refs` comes back byte
/// for byte, and the comments a save cannot keep are named when the file is opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_yaml_file_saves_as_yaml_and_says_its_comments_go() {
    let st = staging("yaml").await;
    let path = st.write(
        "auth.yaml",
        &format!("# staging auth, from get\n{}", st.text),
    );
    let (w, file) = st.open(&path).await;
    let flash = w.flash.clone().unwrap();
    assert!(flash.contains("drops its 1 comment line(s)"), "{flash}");
    let mut a = app_with(w, file, &st.sb.region);
    assert_eq!(save(&mut a), st.text);
    st.sb.shutdown().await;
}

/// When the service cannot say whether the resource exists, nothing is guessed: the sentence
/// names the file and the resource, with the service's exit code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_lookup_stops_with_the_service_exit_code() {
    use amplify_auth::sandbox::{FailingRead, FaultConfig};
    let st = staging("json").await;
    let (sb, clients, app_id) = (&st.sb, &st.clients, &st.app_id);
    let path = st.write("auth.json", &st.text);
    sb.set_faults(FaultConfig {
        failing_reads: vec![FailingRead::parse(&format!("{app_id}/staging")).unwrap()],
        ..FaultConfig::default()
    });
    let Err((message, code)) = open_checked(clients, &path, &sb.region).await else {
        panic!("opened although the lookup failed");
    };
    assert_eq!(code, amplify_auth::exit_code::SERVICE);
    assert!(
        message.contains("could not tell whether") && message.contains("GatewayTimeout"),
        "{message}"
    );
    st.sb.shutdown().await;
}

/// Work in progress is kept: a config that breaks a rule (a provider without its client id) is
/// saved as typed, and only the submit is refused.
#[test]
fn a_broken_rule_blocks_the_submit_not_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = fixture(dir.path());
    let mut a = app_on(&path);
    if let Screen::Wizard(w) = &mut a.screen {
        assert!(focus_path(
            w,
            "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientId"
        ));
    }
    update(&mut a, Msg::Key(ctrl('u')));
    let Screen::Wizard(w) = &a.screen else {
        unreachable!()
    };
    assert!(w.error_count() > 0, "the empty client id is an error");
    let text = save(&mut a);
    assert_eq!(member(&text, &format!("{SP}/Google/ClientId")), "");
    let Screen::Wizard(w) = &mut a.screen else {
        unreachable!()
    };
    assert!(matches!(w.submit(), amplify_auth::tui::msg::Cmd::None));
    assert!(w.flash.as_deref().unwrap().starts_with("Submit refused"));
}

/// A file naming a new resource in an environment that already has auth opens as a create (the
/// resource it names does not exist), but it is refused at the Target step, before anything is
/// sent: an environment holds one auth resource, and the service would only FAIL the job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_where_the_environment_has_auth_is_not_sent() {
    let st = staging("json").await;
    let (sb, clients, app_id) = (&st.sb, &st.clients, &st.app_id);
    let mut doc = st.doc();
    let existing = doc["ResourceName"].as_str().unwrap().to_string();
    doc["ResourceName"] = "otherauth".into();
    // No secret references to resolve: a plain config of its own.
    let mut cfg = amplify_auth::domain::samples::default_config("otherauth");
    cfg.user_pool.oauth = None;
    doc["ResourceConfig"] = serde_json::to_value(&cfg).unwrap();
    let path = st.write("other.json", &serde_json::to_string_pretty(&doc).unwrap());
    let (w, file) = st.open(&path).await;
    assert!(!w.is_edit(), "otherauth does not exist: a create");
    let jobs_before = clients
        .list_jobs(app_id, "staging", &Default::default())
        .await
        .unwrap()
        .len();
    fn describe(app: &App) -> String {
        match &app.screen {
            Screen::Job(j) => format!("job status={} phase={:?}", j.status, j.phase),
            Screen::Wizard(w) => format!("wizard step={:?} flash={:?}", w.step, w.flash),
            _ => "elsewhere".into(),
        }
    }
    let mut d = support::app::driver::Driver::start(
        app_with(w, file, &sb.region),
        clients.clone(),
        describe,
    );
    // Said as soon as the environment has been read (issue 28: at the start, not the end).
    let screen = d
        .wait_for_screen(&format!(
            "staging already has its auth resource, {existing}"
        ))
        .await;
    assert!(screen.contains("Pick another environment"), "{screen}");
    for _ in 0..12 {
        d.key(key(KeyCode::F(2)));
    }
    // F2 stays on the Target step and says why.
    let (state, _) = d.wait_for("Not this target").await;
    assert!(state.contains("step=Target"), "{state}");
    d.finish().await;
    let jobs_after = clients
        .list_jobs(app_id, "staging", &Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(jobs_after, jobs_before, "nothing was sent");
    st.sb.shutdown().await;
}

/// An update request (the `update --input` shape) for a resource that exists opens as an edit of
/// what is deployed with the request applied (the headless rule: a member present replaces the
/// stored one, one left out keeps it), and is saved back as an update request carrying the
/// whole mutable state; one for a resource that does not exist is refused with the reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_request_file_edits_what_is_deployed() {
    let st = staging("json").await;
    let doc = st.doc();
    let update = serde_json::json!({
        "AppId": doc["AppId"],
        "BackendEnvironmentName": "staging",
        "ResourceName": doc["ResourceName"],
        "ResourceConfig": {
            "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
            "Service": "COGNITO",
            "UserPoolConfigs": {"PasswordPolicy": {"MinimumLength": 14}}
        }
    });
    let path = st.write(
        "update.json",
        &serde_json::to_string_pretty(&update).unwrap(),
    );
    let (w, file) = st.open(&path).await;
    assert!(w.is_edit());
    let changes: Vec<String> = w.changes().into_iter().map(|c| c.path).collect();
    assert_eq!(
        changes,
        ["UserPoolConfigs.PasswordPolicy.MinimumLength"],
        "only what the request changes; the members it leaves out keep their deployed values"
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    let mut a = app_with(w, file, &st.sb.region);
    let saved = save(&mut a);
    let back: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let pool = &back["ResourceConfig"]["UserPoolConfigs"];
    assert_eq!(pool["PasswordPolicy"]["MinimumLength"].as_f64(), Some(14.0));
    // Still the update shape (no members fixed at creation), now with the whole mutable state.
    assert!(
        pool.get("UserPoolName").is_none() && pool.get("SignInMethod").is_none(),
        "{saved}"
    );
    assert_eq!(pool["Mfa"]["MFAMode"], "OPTIONAL", "{saved}");
    // What `update --input` takes: the saved file is a valid update request.
    std::fs::write(&path, &saved).unwrap();
    let run = support::headless::run_cli(
        Some(&st.clients),
        &["update", "--input", path.to_str().unwrap(), "--dry-run"],
        "",
        Default::default(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");

    let mut missing = update.clone();
    missing["ResourceName"] = "nosuchauth".into();
    let path = st.write("missing.json", &missing.to_string());
    let Err((e, code)) = open_checked(&st.clients, &path, &st.sb.region).await else {
        panic!("opened an update for a resource that does not exist");
    };
    assert_eq!(code, amplify_auth::exit_code::INVALID_INPUT);
    assert!(e.contains("does not exist to apply it to"), "{e}");
    st.sb.shutdown().await;
}

/// Issue 24: the review lists every secret reference the file's wizard read (name, size, a short
/// SHA-256 fingerprint), never the value.
#[test]
fn the_review_lists_each_secret_reference_read_without_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, google) = fixture(dir.path());
    let mut a = app_on(&path);
    if let Screen::Wizard(w) = &mut a.screen {
        w.step = Step::Review;
    }
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 60)).unwrap();
    t.draw(|f| amplify_auth::tui::view::render(&a, f)).unwrap();
    let text = support::app::driver::screen_text(&t);
    let fp = amplify_auth::domain::secret_ref::fingerprint(format!("{google}\n").as_bytes());
    assert!(text.contains("Secret references read"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("file://google.secret ("))
        .unwrap_or_else(|| panic!("no line for the Google reference:\n{text}"));
    assert!(
        line.contains(&format!("{} bytes, {fp}", google.len() + 1)),
        "{line}"
    );
    assert!(text.contains("file://AuthKey_KEYID12345.p8 ("), "{text}");
    assert!(!text.contains(&google), "{text}");
}
