//! Snapshots of the browse screens in their normal, empty, error and partial-config states.

use crate::support;

use std::time::{Duration, SystemTime};

use amplify_auth::aws::{AppSummary, AuthResourceMeta, BackendInfo, Job, JobStatus};
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::domain::*;
use amplify_auth::tui::app::{App, Popup, Screen};
use amplify_auth::tui::msg::Load;
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::screens::environment::EnvView;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::screens::import::{ImportField, ImportForm};
use amplify_auth::tui::screens::job_history::JobsView;
use support::app::fixed_key;
use support::app::screen::at_fixed_time as app;

fn draw(app: &App) -> String {
    support::app::screen::draw(app, 110, 28)
}

fn apps() -> Vec<AppSummary> {
    ["demo-app", "shop", "blog"]
        .iter()
        .enumerate()
        .map(|(i, n)| AppSummary {
            app_id: format!("d{i}a2b3c4demo"),
            name: n.to_string(),
            description: None,
            platform: "WEB".into(),
            default_domain: None,
            repository: None,
            update_time: None,
        })
        .collect()
}

fn backend(resources: bool) -> BackendInfo {
    BackendInfo {
        app_id: "d0a2b3c4demo".into(),
        app_name: "demo-app".into(),
        env: Some("staging".into()),
        environments: vec!["dev".into(), "staging".into()],
        auth_resources: if resources {
            vec![AuthResourceMeta {
                name: "demoappauth".into(),
                user_pool_id: Some("us-east-1_AbCdEfGhI".into()),
                user_pool_name: Some("demo_userpool".into()),
                app_client_id_web: Some("1example23456789".into()),
                app_client_id: Some("2example23456789".into()),
                identity_pool_id: Some("us-east-1:11111111-2222-3333-4444-555555555555".into()),
                hosted_ui_domain: Some("demo-auth".into()),
                imported: false,
            }]
        } else {
            vec![]
        },
        raw_meta: None,
        error: None,
    }
}

fn job(op: &str, status: &str, secs_ago: u64, error: Option<&str>) -> Job {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 - secs_ago);
    Job {
        app_id: "d0a2b3c4demo".into(),
        env: "staging".into(),
        job_id: format!("job-{op}-{secs_ago}"),
        operation: Some(op.into()),
        status: JobStatus::parse(status),
        error: error.map(str::to_string),
        create_time: Some(t),
        update_time: Some(t),
    }
}

#[test]
fn apps_screen_states() {
    let mut a = app(Screen::Apps(AppsView::default()));
    a.apps = Load::Loaded(apps());
    insta::assert_snapshot!("apps_loaded", draw(&a));
    a.apps = Load::Loaded(vec![]);
    insta::assert_snapshot!("apps_empty", draw(&a));
    a.apps = Load::Failed("ListApps failed: UnrecognizedClientException: The security token included in the request is invalid.".into());
    insta::assert_snapshot!("apps_error", draw(&a));
    let mut v = AppsView::default();
    v.list.filter.set("sh");
    v.list.filtering = true;
    let mut a = app(Screen::Apps(v));
    a.apps = Load::Loaded(apps());
    insta::assert_snapshot!("apps_filtered", draw(&a));
}

#[test]
fn environments_and_environment_states() {
    let v = EnvsView {
        app_id: "d0a2b3c4demo".into(),
        generation: 0,
        backend: Load::Loaded(backend(true)),
        list: Default::default(),
    };
    insta::assert_snapshot!("envs_loaded", draw(&app(Screen::Envs(v))));
    let mut e = EnvView::new("d0a2b3c4demo", "staging", 0);
    e.backend = Load::Loaded(backend(true));
    e.jobs = Load::Loaded(vec![job("UpdateBackendAuth", "COMPLETED", 600, None)]);
    insta::assert_snapshot!("env_with_resource", draw(&app(Screen::Env(e))));
    let mut e = EnvView::new("d0a2b3c4demo", "dev", 0);
    e.backend = Load::Loaded(backend(false));
    e.jobs = Load::Loaded(vec![job("CreateBackendAuth", "RUNNING", 7_400, None)]);
    insta::assert_snapshot!("env_empty_with_pending_job", draw(&app(Screen::Env(e))));
    let mut e = EnvView::new("d0a2b3c4demo", "dev", 0);
    e.backend =
        Load::Failed("GetBackend failed: NotFoundException: App d0a2b3c4demo not found".into());
    e.jobs = Load::Loaded(vec![]);
    insta::assert_snapshot!("env_error", draw(&app(Screen::Env(e))));
}

#[test]
fn config_view_states() {
    let (_, body) = fixed_key();
    let meta = backend(true).auth_resources[0].clone();
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "demoappauth", Some(meta), 0);
    v.config = Load::Loaded(maximal_config(&body));
    insta::assert_snapshot!(
        "config_full",
        draw(&app(Screen::Config(Box::new(v.clone()))))
    );
    v.scroll.offset = 30;
    insta::assert_snapshot!(
        "config_full_scrolled",
        draw(&app(Screen::Config(Box::new(v.clone()))))
    );
    // A partial answer: only the required members, no optional sections at all.
    let partial = AuthConfig {
        auth_resources: AuthResources::UserPoolOnly,
        service: Service::Cognito,
        user_pool: UserPoolConfig {
            password_policy: Some(PasswordPolicy {
                minimum_length: 8.0,
                ..Default::default()
            }),
            required_sign_up_attributes: vec![],
            sign_in_method: SignInMethod::Unknown("".into()),
            user_pool_name: "legacy_pool".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "legacyauth", None, 0);
    v.config = Load::Loaded(partial);
    insta::assert_snapshot!("config_partial", draw(&app(Screen::Config(Box::new(v)))));
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "gone", None, 0);
    v.config =
        Load::Failed("GetBackendAuth failed: NotFoundException: Resource gone not found".into());
    insta::assert_snapshot!("config_error", draw(&app(Screen::Config(Box::new(v)))));
}

#[test]
fn secrets_are_masked_until_revealed() {
    let (_, body) = fixed_key();
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "demoappauth", None, 0);
    v.config = Load::Loaded(maximal_config(&body));
    v.scroll.offset = 30;
    let masked = draw(&app(Screen::Config(Box::new(v.clone()))));
    assert!(!masked.contains("google-secret-value"));
    v.revealed = true;
    let shown = draw(&app(Screen::Config(Box::new(v))));
    assert!(shown.contains("google-secret-value"), "{shown}");
}

#[test]
fn jobs_import_and_delete_states() {
    let mut j = JobsView::new("d0a2b3c4demo", "staging", 0);
    j.jobs = Load::Loaded(vec![
        job("CreateBackendAuth", "COMPLETED", 86_400, None),
        job(
            "UpdateBackendAuth",
            "FAILED",
            3_600,
            Some("Provided private key cannot be used for Sign in with Apple."),
        ),
        job("UpdateBackendAuth", "RUNNING", 30, None),
    ]);
    insta::assert_snapshot!("jobs_all", draw(&app(Screen::Jobs(j.clone()))));
    j.status_filter = 3;
    insta::assert_snapshot!("jobs_failed_only", draw(&app(Screen::Jobs(j.clone()))));
    j.jobs = Load::Loaded(vec![]);
    insta::assert_snapshot!("jobs_empty", draw(&app(Screen::Jobs(j))));

    let mut f = ImportForm::new("d0a2b3c4demo", "dev");
    f.input_mut(ImportField::UserPoolId).set("eu-west-1_bad id");
    insta::assert_snapshot!("import_with_errors", draw(&app(Screen::Import(f))));

    let (_, body) = fixed_key();
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "demoappauth", None, 0);
    v.config = Load::Loaded(maximal_config(&body));
    let mut a = app(Screen::Config(Box::new(v)));
    let mut input = amplify_auth::tui::widgets::LineInput::default();
    input.insert_str("demoapp");
    a.popup = Some(Popup::ConfirmDelete {
        target: amplify_auth::tui::msg::Target::new("d0a2b3c4demo", "staging", "demoappauth"),
        input,
        then_create: None,
    });
    insta::assert_snapshot!("delete_confirmation", draw(&a));
}

/// Issue 28: a form just opened does not shout errors for fields nobody has typed in; a field's
/// errors show once it has text or the focus left it, and every field's once an import was tried.
#[test]
fn the_import_form_shows_errors_once_a_field_was_touched_or_on_submit() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut f = ImportForm::new("d0a2b3c4demo", "dev");
    let fresh = draw(&app(Screen::Import(f.clone())));
    assert!(!fresh.contains('✗'), "errors before typing:\n{fresh}");
    // Typed into the first field: its error shows, the others' still do not.
    f.input_mut(ImportField::UserPoolId).set("eu-west-1_bad id");
    let typed = draw(&app(Screen::Import(f.clone())));
    assert!(typed.contains("is not a user pool ID"), "{typed}");
    assert!(!typed.contains("is not an app client ID"), "{typed}");
    // Left empty: the web client's error shows once the focus moves on from it.
    f.on_key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    f.on_key(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    let left = draw(&app(Screen::Import(f.clone())));
    assert_eq!(left.matches("is not an app client ID").count(), 1, "{left}");
    // Ctrl-S refused: every field's errors.
    f.on_key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let tried = draw(&app(Screen::Import(f)));
    assert_eq!(
        tried.matches("is not an app client ID").count(),
        2,
        "{tried}"
    );
    insta::assert_snapshot!("import_refused_shows_every_error", tried);
}

#[test]
fn help_lists_the_keys_of_the_screen_it_opens_on() {
    let mut e = EnvView::new("d0a2b3c4demo", "dev", 0);
    e.backend = Load::Loaded(backend(false));
    e.jobs = Load::Loaded(vec![]);
    let mut a = app(Screen::Env(e));
    a.popup = Some(Popup::Help);
    let out = draw(&a);
    assert!(out.contains("Keys on this screen"), "{out}");
    assert!(out.contains("import") && out.contains("jobs"), "{out}");
    assert!(
        !out.contains("next / previous field"),
        "no wizard keys on a browse screen:\n{out}"
    );
}
