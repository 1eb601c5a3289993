//! Drafts: the wizard's input is saved as the user goes (without secrets), survives a failed
//! submit, is deleted once its job completed, and is offered for resuming at the next start, with
//! damaged or foreign files reported and kept.

use crate::support;
use support::app::{ctx, shop_wizard};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use amplify_auth::sandbox::FaultConfig;
use amplify_auth::tui::app::{App, Popup, Screen};
use amplify_auth::tui::msg::{Effect, Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::widgets::{Field, TextBox};
use amplify_auth::tui::wizard::draft;
use amplify_auth::tui::wizard::draft_file::{self, Draft, Value};
use amplify_auth::tui::wizard::draft_store;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use proptest::prelude::*;
use support::app::driver::{Driver, screen_text};
use support::app::{ctrl, key};

const FB: &str = "fb-secret-DRAFTTEST-5d1e0c";
const GOOGLE: &str = "GOCSPX-google-DRAFTTEST-77aa";
const AMAZON: &str = "amzn-secret-DRAFTTEST-9f3b2c";

/// A create wizard with every kind of field changed and all four secrets filled in.
fn wizard_with_secrets() -> (Wizard, String) {
    let (pem, body) = support::app::fixed_key();
    let mut w = shop_wizard();
    w.set_text(FieldId::ResourceName, "shopdraft");
    w.set_text(FieldId::MinLength, "12");
    *w.field_mut(FieldId::Mfa) = Field::choice(&["OFF", "OPTIONAL", "ON"], 2);
    *w.field_mut(FieldId::OAuthEnabled) = Field::Toggle(true);
    w.set_text(FieldId::DomainPrefix, "shop-draft");
    *w.field_mut(FieldId::SignInUris) = Field::lines(&[
        "https://shop.example.com/in".into(),
        "myapp://callback".into(),
    ]);
    for (on, id, secret, value) in [
        (
            FieldId::FacebookEnabled,
            FieldId::FacebookId,
            FieldId::FacebookSecret,
            FB,
        ),
        (
            FieldId::GoogleEnabled,
            FieldId::GoogleId,
            FieldId::GoogleSecret,
            GOOGLE,
        ),
        (
            FieldId::AmazonEnabled,
            FieldId::AmazonId,
            FieldId::AmazonSecret,
            AMAZON,
        ),
    ] {
        *w.field_mut(on) = Field::Toggle(true);
        w.set_text(id, "client-id-1");
        w.set_text(secret, value);
    }
    *w.field_mut(FieldId::AppleEnabled) = Field::Toggle(true);
    w.set_text(FieldId::AppleServicesId, "com.example.shop.signin");
    w.set_text(FieldId::AppleTeamId, "TEAM123456");
    w.set_text(FieldId::AppleKeyId, "KEYID12345");
    *w.field_mut(FieldId::AppleKey) = Field::Key {
        text: TextBox::from_lines(pem.lines().map(str::to_string).collect()),
        revealed: false,
    };
    w.step = Step::Social;
    w.dirty = true;
    w.refresh();
    (w, body)
}

/// Every string an attacker could look for: the secrets, and pieces of the key's base64 body.
fn secret_needles(body: &str) -> Vec<String> {
    let mut v = vec![FB.to_string(), GOOGLE.to_string(), AMAZON.to_string()];
    v.extend(
        body.as_bytes()
            .chunks(16)
            .map(|c| String::from_utf8_lossy(c).to_string()),
    );
    v
}

fn assert_no_secret(text: &str, body: &str, what: &str) {
    for n in secret_needles(body) {
        assert!(!text.contains(&n), "{what} contains secret material {n:?}");
    }
}

#[test]
fn a_draft_keeps_every_input_but_no_secret() {
    let (w, body) = wizard_with_secrets();
    let d = Draft::of(&w, &ctx());
    let json = serde_json::to_string_pretty(&d).unwrap();
    assert_no_secret(&json, &body, "the draft");
    assert_eq!(
        d.secrets_left_out,
        vec!["FacebookSecret", "GoogleSecret", "AmazonSecret", "AppleKey"]
    );
    assert_eq!(
        d.fields.get("DomainPrefix"),
        Some(&Value::Text("shop-draft".into()))
    );
    assert_eq!(d.fields.get("OAuthEnabled"), Some(&Value::Flag(true)));
    assert_eq!(d.step, "Social");
    // Round trip through the file format, then into a fresh wizard.
    let back = draft_file::parse(json.as_bytes()).expect("our own draft parses");
    assert_eq!(back, d);
    let mut fresh = Wizard::new_create("", "", "", "us-east-1", "ffffffff");
    draft::apply(&mut fresh, &back);
    let again = Draft::of(&fresh, &ctx());
    assert_eq!(again.fields, d.fields, "every non-secret value comes back");
    assert_eq!(fresh.step, Step::Social);
    assert!(fresh.dirty);
    for id in [
        FieldId::FacebookSecret,
        FieldId::GoogleSecret,
        FieldId::AmazonSecret,
        FieldId::AppleKey,
    ] {
        assert_eq!(fresh.text(id), "", "{id:?} must be typed again");
    }
    // The same config but for the secrets.
    let (a, b) = (w.config.clone().unwrap(), fresh.config.clone().unwrap());
    assert_eq!(a.without_secrets(), b.without_secrets());
    assert_eq!(
        draft::secrets_to_retype(&back, &fresh),
        vec![
            "the Facebook app secret",
            "the Google client secret",
            "the Amazon client secret",
            "the Apple private key"
        ]
    );
}

#[test]
fn debug_output_of_the_model_holds_no_secret() {
    let (w, body) = wizard_with_secrets();
    let app = App::new(Screen::Wizard(Box::new(w)), ctx());
    assert_no_secret(&format!("{app:?}"), &body, "the model's Debug output");
    let pasted = format!("{:?}", Msg::Paste(FB.into()));
    assert!(!pasted.contains(FB), "{pasted}");
}

#[test]
fn damaged_and_foreign_drafts_are_refused_with_a_reason() {
    let (w, _) = wizard_with_secrets();
    let good = serde_json::to_value(Draft::of(&w, &ctx())).unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"\x00\xffgarbage".to_vec(), "not valid JSON"),
        (
            b"{\"name\": \"something else\"}".to_vec(),
            "not an amplify-auth draft",
        ),
        (
            {
                let mut v = good.clone();
                v["version"] = 99.into();
                v.to_string().into_bytes()
            },
            "another version",
        ),
        (
            {
                let mut v = good.clone();
                v["fields"] = 5.into();
                v.to_string().into_bytes()
            },
            "damaged",
        ),
        (
            good.to_string().as_bytes()[..good.to_string().len() / 2].to_vec(),
            "not valid JSON",
        ),
    ];
    for (bytes, want) in cases {
        let e = draft_file::parse(&bytes).expect_err("refused");
        assert!(e.contains(want), "{e:?} should say {want:?}");
    }
}

#[test]
fn a_hostile_draft_cannot_overflow_a_field_or_smuggle_escapes() {
    let (w, _) = wizard_with_secrets();
    let mut d = Draft::of(&w, &ctx());
    d.fields.insert(
        "UserPoolName".into(),
        Value::Text(format!("\x1b]0;owned\x07{}", "x".repeat(1_000_000))),
    );
    d.fields.insert("MinLength".into(), Value::Flag(true)); // wrong kind: ignored
    d.fields.insert(
        "SignOutUris".into(),
        Value::List(vec!["y".repeat(300_000), "\x1b[2Jz".into()]),
    );
    d.step = "NoSuchStep".into();
    let mut fresh = Wizard::new_create("", "", "", "us-east-1", "ffffffff");
    draft::apply(&mut fresh, &d);
    let name = fresh.text(FieldId::UserPoolName);
    assert!(!name.contains('\x1b') && !name.contains('\x07'));
    assert!(name.chars().count() <= amplify_auth::tui::widgets::line_input::MAX_LINE_CHARS);
    assert_eq!(
        fresh.text(FieldId::MinLength),
        "8",
        "a wrong kind is ignored"
    );
    let out = fresh.text(FieldId::SignOutUris);
    assert!(out.len() <= amplify_auth::tui::widgets::field::MAX_BOX_BYTES);
    assert!(!out.contains('\x1b'));
    assert_eq!(
        fresh.step,
        Step::Target,
        "an unknown step starts at the top"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Whatever is in the file, reading it gives a draft or a reason, never a panic.
    #[test]
    fn parsing_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = draft_file::parse(&bytes);
    }

    /// A real draft cut anywhere or with a byte changed: a reason or a draft, never a panic, and
    /// applying whatever parses never panics either.
    #[test]
    fn damaged_real_drafts_never_panic(cut in 0usize..4000, pos in 0usize..4000, byte in any::<u8>()) {
        let (w, _) = wizard_with_secrets();
        let mut bytes = serde_json::to_vec(&Draft::of(&w, &ctx())).unwrap();
        if pos < bytes.len() {
            bytes[pos] = byte;
        }
        bytes.truncate(cut.min(bytes.len()));
        if let Ok(d) = draft_file::parse(&bytes) {
            let mut fresh = Wizard::new_create("", "", "", "us-east-1", "ffffffff");
            draft::apply(&mut fresh, &d);
        }
    }
}

fn wizard_app(dir: Option<PathBuf>) -> App {
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = dir;
    let w = shop_wizard();
    app.push(Screen::Wizard(Box::new(w)));
    app
}

fn saves(fx: &[Effect]) -> Vec<&Draft> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SaveDraft { draft, .. } => Some(&**draft),
            _ => None,
        })
        .collect()
}

#[test]
fn typing_saves_a_draft_and_moving_around_does_not() {
    let dir = PathBuf::from("/nonexistent/drafts");
    let mut app = wizard_app(Some(dir.clone()));
    // Focus is on the app id; Tab to the resource name changes nothing.
    assert!(saves(&update(&mut app, Msg::Key(key(KeyCode::Tab)))).is_empty());
    assert!(saves(&update(&mut app, Msg::Key(key(KeyCode::Tab)))).is_empty());
    let fx = update(&mut app, Msg::Key(key(KeyCode::Char('z'))));
    let saved = saves(&fx);
    assert_eq!(saved.len(), 1, "{fx:?}");
    assert_eq!(saved[0].id, "create-0badcafe");
    assert!(matches!(&fx[fx.len() - 1], Effect::SaveDraft { dir: d, .. } if *d == dir));
    let Some(Value::Text(name)) = saved[0].fields.get("ResourceName") else {
        panic!("resource name saved")
    };
    assert!(name.ends_with('z'), "{name}");
    // Cursor moves and a paste of nothing change nothing.
    assert!(saves(&update(&mut app, Msg::Key(key(KeyCode::Left)))).is_empty());
    assert!(saves(&update(&mut app, Msg::Paste(String::new()))).is_empty());
    // A step change is saved: resuming lands on it.
    let fx = update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(saves(&fx)[0].step, "Resources");
    // Drafts off: nothing is saved.
    let mut off = wizard_app(None);
    update(&mut off, Msg::Key(key(KeyCode::Tab)));
    assert!(saves(&update(&mut off, Msg::Key(key(KeyCode::Char('z'))))).is_empty());
}

#[test]
fn discarding_deletes_the_draft_and_quitting_keeps_it() {
    let dir = PathBuf::from("/nonexistent/drafts");
    let mut app = wizard_app(Some(dir.clone()));
    update(&mut app, Msg::Key(key(KeyCode::Tab)));
    update(&mut app, Msg::Key(key(KeyCode::Char('z'))));
    // Quit asks, says the input is kept, and deletes nothing.
    update(&mut app, Msg::Key(ctrl('c')));
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    t.draw(|f| amplify_auth::tui::view::render(&app, f))
        .unwrap();
    assert!(
        screen_text(&t).contains("kept as a draft"),
        "{}",
        screen_text(&t)
    );
    update(&mut app, Msg::Key(key(KeyCode::Char('n'))));
    // Esc on the first step asks to discard; y deletes the draft.
    update(&mut app, Msg::Key(key(KeyCode::Esc)));
    assert_eq!(app.popup, Some(Popup::ConfirmDiscard));
    let fx = update(&mut app, Msg::Key(key(KeyCode::Char('y'))));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::DeleteDraft { dir: d, id } if *d == dir && id == "create-0badcafe")),
        "{fx:?}"
    );
    assert!(matches!(app.screen, Screen::Apps(_)));
    // Quitting for real keeps drafts: only Quit comes out.
    let mut app = wizard_app(Some(dir));
    update(&mut app, Msg::Key(key(KeyCode::Tab)));
    update(&mut app, Msg::Key(key(KeyCode::Char('z'))));
    update(&mut app, Msg::Key(ctrl('c')));
    let fx = update(&mut app, Msg::Key(key(KeyCode::Char('y'))));
    assert!(matches!(fx.as_slice(), [Effect::Quit]), "{fx:?}");
}

fn saved_draft(dir: &Path, w: &Wizard, saved_at: u64) -> Draft {
    let mut d = Draft::of(w, &ctx());
    d.saved_at = saved_at;
    draft_store::save(dir, &d).unwrap();
    d
}

fn render(app: &App) -> String {
    support::app::screen::draw_full(app, 120, 40)
}

#[test]
fn the_next_start_offers_drafts_newest_first_and_reports_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut w, _) = wizard_with_secrets();
    saved_draft(dir.path(), &w, 1_000);
    w.draft_id = "create-newer".into();
    w.set_text(FieldId::ResourceName, "newerone");
    saved_draft(dir.path(), &w, 2_000);
    std::fs::write(dir.path().join("junk.json"), b"{ not json").unwrap();
    // Temp files of a write cut short are not offered.
    std::fs::write(dir.path().join(".x.json.1.0.tmp"), b"{").unwrap();
    let found = draft_store::scan(dir.path());
    assert_eq!(found.len(), 3, "{found:?}");
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(dir.path().to_path_buf());
    app.wall_now = Some(std::time::UNIX_EPOCH + Duration::from_secs(2_000 + 180));
    draft::offer(&mut app, found);
    // First the file that could not be read; a key other than d keeps it.
    let Some(Popup::BadDraft { reason, .. }) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    assert!(reason.contains("not valid JSON"), "{reason}");
    let screen = render(&app);
    assert!(
        screen.contains("junk.json") && screen.contains("left as it is"),
        "{screen}"
    );
    assert!(update(&mut app, Msg::Key(key(KeyCode::Esc))).is_empty());
    // Then the newest draft.
    let screen = render(&app);
    assert!(screen.contains("Resume your draft?"), "{screen}");
    assert!(
        screen.contains("Create auth resource newerone in d1234abcd/dev"),
        "{screen}"
    );
    assert!(screen.contains("3 min ago"), "{screen}");
    assert!(screen.contains("must be typed again"), "{screen}");
    assert!(screen.contains("(1 more waiting)"), "{screen}");
    // d discards it.
    let fx = update(&mut app, Msg::Key(key(KeyCode::Char('d'))));
    assert!(
        matches!(fx.as_slice(), [Effect::DeleteDraft { id, .. }] if id == "create-newer"),
        "{fx:?}"
    );
    // Then the older one; Esc leaves it for later.
    assert!(matches!(&app.popup, Some(Popup::ResumeDraft { id, .. }) if id == "create-0badcafe"));
    assert!(update(&mut app, Msg::Key(key(KeyCode::Esc))).is_empty());
    assert_eq!(app.popup, None);
    assert!(
        dir.path().join("junk.json").exists(),
        "never deleted silently"
    );
}

#[test]
fn resuming_a_create_draft_opens_the_wizard_where_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (w, body) = wizard_with_secrets();
    saved_draft(dir.path(), &w, 5);
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(dir.path().to_path_buf());
    draft::offer(&mut app, draft_store::scan(dir.path()));
    let fx = update(&mut app, Msg::Key(key(KeyCode::Enter)));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadEnvs { app_id } if app_id == "d1234abcd")),
        "{fx:?}"
    );
    let Screen::Wizard(r) = &app.screen else {
        panic!("the wizard opens")
    };
    assert_eq!(r.step, Step::Social);
    assert_eq!(
        r.draft_id, "create-0badcafe",
        "saves go on to the same file"
    );
    assert_eq!(r.trimmed(FieldId::DomainPrefix), "shop-draft");
    assert_eq!(r.trimmed(FieldId::ResourceName), "shopdraft");
    assert_eq!(r.text(FieldId::GoogleSecret), "");
    let screen = render(&app);
    assert!(screen.contains("type the Facebook app secret"), "{screen}");
    assert_no_secret(&screen, &body, "the screen");
    // Esc on the first step asks before dropping the resumed input.
    assert_eq!(app.back.len(), 1, "the app list waits underneath");
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(std::time::Instant::now() < deadline, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Config(v) => format!("config loaded={}", matches!(v.config, Load::Loaded(_))),
        Screen::Wizard(w) => format!(
            "wizard step={:?} env={} errors={} flash={:?}",
            w.step,
            w.trimmed(FieldId::EnvName),
            w.error_count(),
            w.flash
        ),
        Screen::Job(j) => format!("job status={} phase={:?}", j.status, j.phase),
        _ => "other".into(),
    }
}

/// Opens the create wizard from the app list and changes the resource name.
async fn open_wizard_and_type(d: &mut Driver) {
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Char('c')));
    d.wait_for("env=dev").await;
    d.keys(&[key(KeyCode::Tab), key(KeyCode::Tab)]);
    d.type_text("draftx");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runner_writes_drafts_privately_keeps_them_on_failure_and_deletes_them_when_done() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("amplify-auth/drafts");
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(drafts.clone());
    let mut d = Driver::start(app, clients, describe);
    open_wizard_and_type(&mut d).await;
    let path = typed_draft(&drafts);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&drafts).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // A failed submit: the service answers 504 to everything.
    sb.set_faults(FaultConfig {
        gateway_timeout_rate: 1.0,
        ..Default::default()
    });
    // Target → … → OAuth → Review: eight steps on.
    for _ in 0..8 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.key(ctrl('s'));
    d.wait_for("phase=SubmitFailed").await;
    assert!(path.exists(), "a failed submit keeps the draft");
    // Back to the input, unchanged; then the submit goes through and the draft goes away.
    sb.set_faults(FaultConfig::default());
    d.key(key(KeyCode::Char('r')));
    d.wait_for("job status=COMPLETED").await;
    wait_until("the draft is deleted", || !path.exists());
    let _ = d.finish().await;
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_draft_resumes_on_the_service_config_with_the_services_secrets() {
    // The service's secrets are what this test resumes on, so this sandbox returns them.
    let (sb, clients, app_id) = support::app::demo(true, Duration::from_millis(200)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let cfg = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    let google = cfg
        .social_providers()
        .and_then(|s| s.google.clone())
        .and_then(|g| g.client_secret)
        .expect("the demo resource has a Google secret");
    // An edit in progress: the password minimum changed, and the Google secret too.
    let mut w = Wizard::new_edit(&app_id, "staging", &resource, &cfg, &sb.region);
    w.set_text(FieldId::MinLength, "17");
    w.set_text(FieldId::GoogleSecret, "GOCSPX-typed-in-the-edit-0000");
    w.dirty = true;
    w.refresh();
    let dir = tempfile::tempdir().unwrap();
    let d = saved_draft(dir.path(), &w, 10);
    assert_eq!(
        d.secrets_left_out,
        vec!["GoogleSecret"],
        "only the changed secret"
    );
    let json = std::fs::read_to_string(dir.path().join(format!("{}.json", d.id))).unwrap();
    assert!(!json.contains(google.expose()) && !json.contains("GOCSPX-typed"));

    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(dir.path().to_path_buf());
    draft::offer(&mut app, draft_store::scan(dir.path()));
    let mut drv = Driver::start(app, clients, describe);
    drv.key(key(KeyCode::Enter));
    let (state, _) = drv.wait_for("wizard step=Mfa").await;
    assert!(
        state.contains("type the Google client secret again"),
        "{state}"
    );
    let app = drv.finish().await;
    let Screen::Wizard(r) = &app.screen else {
        panic!("the edit wizard opens")
    };
    assert!(r.is_edit());
    assert_eq!(r.trimmed(FieldId::MinLength), "17");
    assert_eq!(
        r.text(FieldId::GoogleSecret),
        google.expose(),
        "the service's secret is back; only the typed change must be typed again"
    );
    assert_eq!(r.draft_id, d.id);
    assert!(
        matches!(app.back.last(), Some(Screen::Config(_))),
        "Esc leads back to the resource"
    );
    sb.shutdown().await;
}

#[test]
fn temp_files_of_dead_writers_are_cleaned_and_live_ones_kept() {
    use amplify_auth::tui::wizard::draft_store::scan;
    let dir = tempfile::tempdir().unwrap();
    // A pid far above any real one: its writer is certainly gone.
    let dead = dir.path().join(".abc.json.4194999.0.tmp");
    let live = dir
        .path()
        .join(format!(".abc.json.{}.1.tmp", std::process::id()));
    let other = dir.path().join("notes.txt");
    for p in [&dead, &live, &other] {
        std::fs::write(p, b"{").unwrap();
    }
    let found = scan(dir.path());
    assert!(found.is_empty(), "temp files are never drafts");
    assert!(!dead.exists(), "a dead writer's temp file is removed");
    assert!(live.exists(), "a temp file being written now is left alone");
    assert!(other.exists(), "files that are not ours are left alone");
}

/// Issue 24: a kill -9 after a submit went out left its draft behind, and the next start offered
/// it again although the job had completed with it. The draft now names the submit before the
/// request is sent (and the job once the service answers); the next start checks that job.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_left_by_a_kill_during_a_submit_is_reconciled_with_its_job() {
    use amplify_auth::tui::wizard::draft_file::Found;
    use amplify_auth::tui::wizard::draft_job;
    let sb = support::app::sandbox(true, Duration::from_millis(1500)).await;
    let clients = support::app::clients(&sb);
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("amplify-auth/drafts");
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(drafts.clone());
    let mut d = Driver::start(app, clients.clone(), describe);
    open_wizard_and_type(&mut d).await;
    let path = typed_draft(&drafts);
    for _ in 0..8 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.key(ctrl('s'));
    // What a kill -9 at this point leaves: the draft naming its submit and job.
    let mut left = String::new();
    wait_until("the draft names its job", || {
        left = std::fs::read_to_string(&path).unwrap_or_default();
        left.contains("\"job_id\": \"")
    });
    let draft = draft_store::scan(&drafts)
        .into_iter()
        .find_map(|f| match f {
            Found::Draft { draft, .. } => Some(draft),
            _ => None,
        })
        .unwrap();
    let s = draft.submitted.clone().expect("the draft names its submit");
    assert_eq!(s.operation, "CreateBackendAuth");
    let job_id = s.job_id.clone().unwrap();
    d.wait_for("job status=COMPLETED").await;
    wait_until("the draft is deleted", || !path.exists());
    let _ = d.finish().await;

    // The job completed: the draft is retired, and one line says by which job.
    std::fs::write(&path, &left).unwrap();
    let found = draft_job::reconcile(&clients, &drafts, draft_store::scan(&drafts)).await;
    match found.as_slice() {
        [Found::Applied { line, .. }] => {
            assert!(line.contains(&format!("applied by job {job_id}")), "{line}");
            assert!(line.contains("draftx"), "{line}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!path.exists(), "an applied draft is retired");
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    draft::offer(
        &mut app,
        vec![Found::Applied {
            id: "x".into(),
            line: format!("Your draft was applied by job {job_id}."),
        }],
    );
    let screen = render(&app);
    assert!(
        screen.contains(&format!("applied by job {job_id}")),
        "{screen}"
    );

    // Killed before the answer named the job: it is found among the environment's jobs.
    let without_id = left.replace(&format!("\"job_id\": \"{job_id}\""), "\"job_id\": null");
    assert_ne!(without_id, left);
    std::fs::write(&path, &without_id).unwrap();
    let found = draft_job::reconcile(&clients, &drafts, draft_store::scan(&drafts)).await;
    assert!(
        matches!(found.as_slice(), [Found::Applied { line, .. }] if line.contains(&job_id)),
        "{found:?}"
    );

    // A job the service does not know: offered as before, with a word.
    std::fs::write(&path, left.replace(&job_id, "no-such-job")).unwrap();
    let found = draft_job::reconcile(&clients, &drafts, draft_store::scan(&drafts)).await;
    match found.as_slice() {
        [Found::Draft { note: Some(n), .. }] => assert!(n.contains("not known"), "{n}"),
        other => panic!("{other:?}"),
    }
    assert!(path.exists(), "never retired on a guess");
    sb.shutdown().await;
}

/// A FAILED job offers the draft with its failure; a running one says it is being applied.
#[test]
fn a_failed_or_running_job_offers_the_draft_with_what_became_of_it() {
    use amplify_auth::aws::{Job, JobStatus};
    use amplify_auth::tui::wizard::draft_file::{Found, SubmittedAs};
    use amplify_auth::tui::wizard::draft_job::{JobCheck, settle};
    let dir = tempfile::tempdir().unwrap();
    let (w, _) = wizard_with_secrets();
    let d = saved_draft(dir.path(), &w, 5);
    let s = SubmittedAs {
        operation: "CreateBackendAuth".into(),
        app_id: d.app_id.clone(),
        env: d.env.clone(),
        resource: d.resource.clone(),
        target: d.target.clone(),
        sent_at: 5,
        job_id: Some("job-1".into()),
    };
    let job = |status, error: Option<&str>| Job {
        app_id: d.app_id.clone(),
        env: d.env.clone(),
        job_id: "job-1".into(),
        operation: Some("CreateBackendAuth".into()),
        status,
        error: error.map(str::to_string),
        create_time: None,
        update_time: None,
    };
    let failed = settle(
        dir.path(),
        d.id.clone(),
        Box::new(d.clone()),
        &s,
        JobCheck::Failed(job(JobStatus::Failed, Some("push failed: \u{1b}[2Jboom"))),
    );
    let Found::Draft { note: Some(n), .. } = &failed else {
        panic!("{failed:?}")
    };
    assert!(
        n.contains("job-1, which FAILED") && n.contains("boom"),
        "{n}"
    );
    assert!(!n.contains('\u{1b}'), "{n}");
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    draft::offer(&mut app, vec![failed]);
    assert!(render(&app).contains("which FAILED"));
    let running = settle(
        dir.path(),
        d.id.clone(),
        Box::new(d.clone()),
        &s,
        JobCheck::Running(job(JobStatus::Running, None)),
    );
    assert!(
        matches!(&running, Found::Draft { note: Some(n), .. } if n.contains("being applied by job job-1")),
        "{running:?}"
    );
    assert!(dir.path().join(format!("{}.json", d.id)).exists(), "kept");
}

/// Issue 24: started on the setup screen (no connection), a draft left by a kill during a submit
/// cannot be checked at start; once the setup screen connects, it is checked with the new
/// connection before anything is offered, and a draft whose job COMPLETED is retired with one
/// line instead of being offered again as unsent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_waiting_on_the_setup_screen_are_checked_against_their_jobs_once_connected() {
    use amplify_auth::aws::{ProfileInfo, ProfileKind, Profiles};
    use amplify_auth::tui::msg::{ConnectTo, Problem};
    use amplify_auth::tui::wizard::draft_file::SubmittedAs;
    use amplify_auth::tui::wizard::draft_job;
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(100)).await;
    // The submit the kill interrupted, completed meanwhile.
    let env = "drafted";
    let job = clients.create_backend(&app_id, "shop", env).await.unwrap();
    let job_id = job.job_id.expect("a job id");
    wait_until_async(&clients, &app_id, env, &job_id).await;

    let dir = tempfile::tempdir().unwrap();
    let (w, _) = wizard_with_secrets();
    let mut d = saved_draft(dir.path(), &w, 5);
    d.submitted = Some(SubmittedAs {
        operation: "CreateBackend".into(),
        app_id: app_id.clone(),
        env: env.into(),
        resource: d.resource.clone(),
        target: d.target.clone(),
        sent_at: 5,
        job_id: Some(job_id.clone()),
    });
    let path = draft_store::save(dir.path(), &d).unwrap();

    // What the start does on the setup screen: the drafts wait, unchecked.
    let profiles = Profiles {
        profiles: vec![ProfileInfo {
            name: "default".into(),
            region: None,
            kind: ProfileKind::Keys,
            endpoint_url: None,
            mfa_serial: None,
        }],
        selected: "default".into(),
        config_file: dir.path().join("config"),
        credentials_file: dir.path().join("credentials"),
    };
    let problem = Problem {
        message: "no AWS region is configured".into(),
        exit_code: 5,
    };
    let mut app =
        amplify_auth::tui::account::setup_app(problem, Load::Loaded(profiles), None, ctx());
    app.draft_dir = Some(dir.path().to_path_buf());
    let mut found = draft_store::scan(dir.path());
    draft_job::unchecked(&mut found);
    draft::queue(&mut app, found);
    assert!(app.popup.is_none(), "nothing offered before a connection");

    let fx = amplify_auth::tui::account::connect(&mut app, ConnectTo::Sandbox);
    let generation = match fx.as_slice() {
        [Effect::Connect { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    let info = amplify_auth::session::SessionInfo {
        profile: None,
        region: sb.region.clone(),
        endpoint: Some(sb.endpoint.clone()),
        sandbox: true,
    };
    let fx = update(
        &mut app,
        Msg::Connected {
            generation,
            result: Ok(info),
        },
    );
    assert!(matches!(app.screen, Screen::Apps(_)), "connected");
    assert!(app.popup.is_none(), "not offered before its job is checked");
    let check = fx
        .into_iter()
        .find(|f| matches!(f, Effect::CheckDrafts { .. }))
        .expect("the waiting drafts are checked with the new connection");
    assert!(path.exists(), "nothing retired before the check");

    // The runner performs the check with the new clients; its answer comes back as a message.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    amplify_auth::tui::calls::perform(check, &clients, &tx);
    let msg = rx.recv().await.expect("the check answers");
    assert!(matches!(msg, Msg::DraftsChecked(_)), "{msg:?}");
    update(&mut app, msg);
    match &app.popup {
        Some(Popup::DraftApplied { line }) => {
            assert!(line.contains(&format!("applied by job {job_id}")), "{line}")
        }
        other => panic!("expected the applied line, got {other:?}"),
    }
    assert!(!path.exists(), "an applied draft is retired");
    assert!(render(&app).contains(&format!("applied by job {job_id}")));
    sb.shutdown().await;
}

async fn wait_until_async(c: &amplify_auth::aws::Clients, app: &str, env: &str, job: &str) {
    for _ in 0..600 {
        if c.get_job(app, env, job).await.unwrap().status.is_finished() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} did not finish");
}

/// The draft `open_wizard_and_type` leaves, once written: the draft itself, not a writer's temp
/// file (`.<name>….tmp`, renamed over it when done).
fn typed_draft(drafts: &std::path::Path) -> std::path::PathBuf {
    let file = || {
        std::fs::read_dir(drafts).ok().and_then(|r| {
            r.map(|e| e.unwrap().path())
                .find(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        })
    };
    wait_until("the draft is written", || {
        file().is_some_and(|p| std::fs::read_to_string(p).unwrap().contains("draftx\""))
    });
    file().unwrap()
}
