//! First contact: what a newcomer met in the TUI. Every way to a config loads the same facts
//! (the config and the environment's meta: pool and client IDs), and keys pressed while a screen
//! loads act once it has loaded instead of being dropped.

use crate::support;
use support::app::ctx;

use std::time::Duration;

use amplify_auth::aws::AuthResourceMeta;
use amplify_auth::domain::AuthConfig;
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::{Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::wizard::draft_store;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use amplify_auth::tui::wizard::{draft, draft_file};
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::{ctrl, key};

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Envs(v) => format!("envs loaded={}", matches!(v.backend, Load::Loaded(_))),
        Screen::Env(v) => format!("env loaded={}", matches!(v.backend, Load::Loaded(_))),
        Screen::Config(v) => format!(
            "config ready={}",
            matches!(v.config, Load::Loaded(_)) && !v.meta_loading
        ),
        Screen::Overview(_) => "overview".into(),
        Screen::Wizard(w) => format!("wizard step={:?}", w.step),
        Screen::Job(j) => format!("job status={} phase={:?}", j.status, j.phase),
        _ => "other".into(),
    }
}

/// What the config screen holds once it has loaded: the meta and the config.
fn facts(app: &App) -> (Option<AuthResourceMeta>, AuthConfig) {
    let Screen::Config(v) = &app.screen else {
        panic!("on the config screen: {}", describe(app))
    };
    let Load::Loaded(c) = &v.config else {
        panic!("config loaded")
    };
    (v.meta.clone(), c.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_path_to_a_config_loads_the_same_facts() {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(200)).await;
    let resource = support::app::first_auth_resource(&clients, &app_id, "staging").await;
    let deployed = clients
        .get_backend(&app_id, Some("staging"))
        .await
        .unwrap()
        .auth_resources
        .into_iter()
        .find(|r| r.name == resource)
        .expect("staging's resource is in its meta");
    assert!(deployed.user_pool_id.is_some() && deployed.app_client_id_web.is_some());

    // 1. Apps → environments → environment → resource.
    let mut d = Driver::start(
        App::new(Screen::Apps(AppsView::default()), ctx()),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded=true").await;
    d.keys(&[key(KeyCode::Down), key(KeyCode::Enter)]);
    d.wait_for("env loaded=true").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("config ready=true").await;
    let by_apps = facts(&d.finish().await);
    assert_eq!(
        by_apps.0.as_ref(),
        Some(&deployed),
        "the IDs are the service's"
    );

    // 2. Apps → account overview → the staging row.
    let mut d = Driver::start(
        App::new(Screen::Apps(AppsView::default()), ctx()),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Char('o')));
    d.wait_for_screen("2 of 2 environments read").await;
    d.keys(&[key(KeyCode::Down), key(KeyCode::Enter)]);
    d.wait_for("config ready=true").await;
    let by_overview = facts(&d.finish().await);
    assert_eq!(by_overview, by_apps, "the overview opens the same facts");

    // 3. A resumed edit draft, submitted: the job ends back on the config.
    let mut w = Wizard::new_edit(&app_id, "staging", &resource, &by_apps.1, &sb.region);
    w.set_text(FieldId::MinLength, "12");
    w.step = Step::Review;
    w.dirty = true;
    w.refresh();
    let dir = tempfile::tempdir().unwrap();
    let mut saved = draft_file::Draft::of(&w, &ctx());
    saved.saved_at = 10;
    draft_store::save(dir.path(), &saved).unwrap();
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.draft_dir = Some(dir.path().to_path_buf());
    draft::offer(&mut app, draft_store::scan(dir.path()));
    let mut d = Driver::start(app, clients.clone(), describe);
    d.key(key(KeyCode::Enter));
    d.wait_for("wizard step=Review").await;
    d.key(ctrl('s'));
    d.wait_for("job status=COMPLETED").await;
    d.key(key(KeyCode::Enter));
    d.wait_for("config ready=true").await;
    let after_draft = facts(&d.finish().await);
    assert_eq!(after_draft.0, by_apps.0, "the IDs after a resumed draft");
    let now = clients
        .get_auth(&app_id, "staging", &resource)
        .await
        .unwrap();
    assert_eq!(after_draft.1, now, "the config as the service now holds it");
    assert_ne!(after_draft.1, by_apps.1, "the draft's change was applied");
    sb.shutdown().await;
}

fn envs_loading() -> App {
    let mut app = App::new(
        Screen::Envs(EnvsView {
            app_id: "d1a2b3c4demo".into(),
            generation: 0,
            backend: Load::Loading,
            list: Default::default(),
        }),
        ctx(),
    );
    let _ = amplify_auth::tui::browse::load(&mut app);
    app
}

fn backend(generation: u64) -> Msg {
    Msg::BackendLoaded {
        generation,
        result: Ok(amplify_auth::aws::BackendInfo {
            app_id: "d1a2b3c4demo".into(),
            app_name: "demo-app".into(),
            env: None,
            environments: vec!["dev".into(), "staging".into()],
            auth_resources: vec![],
            raw_meta: None,
            error: None,
        }),
    }
}

#[test]
fn keys_pressed_while_a_list_loads_wait_are_shown_and_act_once_it_has_loaded() {
    let mut app = envs_loading();
    let Screen::Envs(v) = &app.screen else {
        unreachable!()
    };
    let generation = v.generation;
    assert!(update(&mut app, Msg::Key(key(KeyCode::Down))).is_empty());
    assert!(update(&mut app, Msg::Key(key(KeyCode::Enter))).is_empty());
    assert_eq!(app.typeahead.len(), 2, "both keys wait");
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(
        screen.contains("⧗ Still loading: ↓ Enter act once it has loaded"),
        "{screen}"
    );
    let fx = update(&mut app, backend(generation));
    let Screen::Env(e) = &app.screen else {
        panic!("Enter opened the environment ↓ picked: {:?}", app.screen)
    };
    assert_eq!(e.env, "staging");
    assert!(app.typeahead.is_empty());
    assert!(
        fx.iter().any(|f| format!("{f:?}").contains("LoadBackend")),
        "the environment loads: {fx:?}"
    );
    assert!(!support::app::screen::draw(&app, 80, 24).contains("Still loading:"));
}

/// A list still being read, or whose read failed, does not say it is empty ("This app has no
/// backend environment yet" showed under "Loading environments…"); once read and empty, it does.
#[test]
fn a_list_still_loading_or_failed_does_not_say_it_is_empty() {
    use amplify_auth::tui::screens::environment::EnvView;
    use amplify_auth::tui::screens::job_history::JobsView;
    let (demo, dev) = ("d1a2b3c4demo", "dev");
    let mut env = EnvView::new(demo, dev, 0);
    let mut jobs = JobsView::new(demo, dev, 0);
    let empty = ["no backend environment yet", "No auth yet", "No jobs match"];
    let said = |app: &App| -> Vec<&str> {
        let screen = support::app::screen::draw(app, 120, 40);
        empty.into_iter().filter(|e| screen.contains(e)).collect()
    };
    for (state, failed) in [("loading", false), ("failed", true)] {
        let mut envs = envs_loading();
        if failed {
            let Screen::Envs(v) = &mut envs.screen else {
                unreachable!()
            };
            v.backend = Load::Failed("boom".into());
        }
        env.backend = if failed {
            Load::Failed("boom".into())
        } else {
            Load::Loading
        };
        jobs.jobs = if failed {
            Load::Failed("boom".into())
        } else {
            Load::Loading
        };
        for app in [
            envs,
            App::new(Screen::Env(env.clone()), ctx()),
            App::new(Screen::Jobs(jobs.clone()), ctx()),
        ] {
            assert_eq!(said(&app), Vec::<&str>::new(), "{state}");
        }
    }
    jobs.jobs = Load::Loaded(vec![]);
    assert_eq!(
        said(&App::new(Screen::Jobs(jobs), ctx())),
        ["No jobs match"]
    );
}

#[test]
fn esc_while_loading_drops_the_waiting_keys_and_goes_back_and_q_quits_at_once() {
    let mut app = envs_loading();
    app.back.push(Screen::Apps(AppsView::default()));
    update(&mut app, Msg::Key(key(KeyCode::Enter)));
    assert_eq!(app.typeahead.len(), 1);
    update(&mut app, Msg::Key(key(KeyCode::Esc)));
    assert!(app.typeahead.is_empty(), "Esc drops what waited");
    assert!(matches!(app.screen, Screen::Apps(_)), "and goes back");

    let mut app = envs_loading();
    update(&mut app, Msg::Key(key(KeyCode::Char('q'))));
    assert!(app.quit, "q does not wait for a load");
}

#[test]
fn a_config_opened_without_meta_reads_it_and_w_waits_for_the_ids() {
    // As the overview opens it: no meta passed along.
    let mut app = App::new(Screen::Apps(AppsView::default()), ctx());
    app.apps = Load::Loaded(vec![]);
    let target = amplify_auth::tui::msg::Target::new("app1", "staging", "res1");
    let view = amplify_auth::tui::screens::config_view::ConfigView::new(
        &target.app_id,
        &target.env,
        &target.resource,
        None,
        0,
    );
    let fx = amplify_auth::tui::browse::open(&mut app, Screen::Config(Box::new(view)));
    let calls: Vec<String> = fx.iter().map(|f| format!("{f:?}")).collect();
    assert!(calls.iter().any(|c| c.starts_with("LoadAuth")), "{calls:?}");
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("LoadBackend") && c.contains("Some(\"staging\")")),
        "the environment's meta is read with the config: {calls:?}"
    );
    // w before the IDs are known waits for them, then opens the frontend file on them.
    update(&mut app, Msg::Key(key(KeyCode::Char('w'))));
    let generation = match &app.screen {
        Screen::Config(v) => v.generation,
        _ => unreachable!(),
    };
    let cfg = amplify_auth::domain::samples::default_config("res1");
    update(
        &mut app,
        Msg::AuthLoaded {
            generation,
            result: Ok(cfg),
        },
    );
    assert!(
        matches!(app.screen, Screen::Config(_)),
        "still waiting for the IDs"
    );
    assert_eq!(app.typeahead.len(), 1);
    let meta = AuthResourceMeta {
        name: "res1".into(),
        user_pool_id: Some("us-east-1_abc".into()),
        app_client_id_web: Some("webclient1".into()),
        identity_pool_id: Some("us-east-1:0000-idp".into()),
        ..Default::default()
    };
    update(
        &mut app,
        Msg::BackendLoaded {
            generation,
            result: Ok(amplify_auth::aws::BackendInfo {
                app_id: "app1".into(),
                app_name: "app".into(),
                env: Some("staging".into()),
                environments: vec!["staging".into()],
                auth_resources: vec![meta],
                raw_meta: None,
                error: None,
            }),
        },
    );
    let Screen::Frontend(_) = &app.screen else {
        panic!("w opened the frontend file: {:?}", app.screen)
    };
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(screen.contains("us-east-1_abc"), "{screen}");
}

// --- The Target step says what the service would refuse, before the nine steps ---

const DEMO: &str = "d1a2b3c4demo";

/// The create wizard on `env` of the demo app, with the apps and environments listed.
fn create_on(env: &str) -> App {
    on_demo(Wizard::new_create(
        DEMO,
        env,
        "demo-app",
        "us-east-1",
        "0badcafe",
    ))
}

/// `w` on screen, with the demo app and its environments listed.
fn on_demo(w: Wizard) -> App {
    let mut app = App::new(Screen::Wizard(Box::new(w)), ctx());
    app.apps = Load::Loaded(vec![amplify_auth::aws::AppSummary {
        app_id: DEMO.into(),
        name: "demo-app".into(),
        description: None,
        platform: "WEB".into(),
        default_domain: None,
        repository: None,
        update_time: None,
    }]);
    app.envs.insert(
        DEMO.into(),
        Load::Loaded(vec!["dev".into(), "staging".into()]),
    );
    amplify_auth::tui::wizard::pickers::fill_pickers(&mut app);
    app
}

/// Lets `update` ask for the target's facts and answers them: `auth` resources, `running` job.
fn answer_target(app: &mut App, auth: &[&str], running: Option<&str>) {
    let fx = update(app, Msg::Resize(120, 40));
    answer(app, fx, auth, running);
}

/// Answers the reads of the target among `fx`.
fn answer(
    app: &mut App,
    fx: Vec<amplify_auth::tui::msg::Effect>,
    auth: &[&str],
    running: Option<&str>,
) {
    let generation = fx
        .iter()
        .find_map(|f| match f {
            amplify_auth::tui::msg::Effect::LoadBackend {
                generation, env, ..
            } => {
                assert!(env.is_some(), "the environment is read");
                Some(*generation)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("the target is read: {fx:?}"));
    assert!(
        fx.iter().any(|f| format!("{f:?}").starts_with("LoadJobs")),
        "its jobs too: {fx:?}"
    );
    let env = match &app.screen {
        Screen::Wizard(w) => w.trimmed(FieldId::EnvName),
        _ => unreachable!(),
    };
    update(
        app,
        Msg::BackendLoaded {
            generation,
            result: Ok(amplify_auth::aws::BackendInfo {
                app_id: DEMO.into(),
                app_name: "demo-app".into(),
                env: Some(env.clone()),
                environments: vec!["dev".into(), "staging".into()],
                auth_resources: auth
                    .iter()
                    .map(|n| AuthResourceMeta {
                        name: n.to_string(),
                        ..Default::default()
                    })
                    .collect(),
                raw_meta: None,
                error: None,
            }),
        },
    );
    let jobs = running
        .map(|id| amplify_auth::aws::Job {
            app_id: DEMO.into(),
            env: env.clone(),
            job_id: id.into(),
            operation: Some("UpdateBackendAuth".into()),
            status: amplify_auth::aws::JobStatus::Running,
            error: None,
            create_time: None,
            update_time: None,
        })
        .into_iter()
        .collect();
    update(
        app,
        Msg::JobsLoaded {
            generation,
            result: Ok(jobs),
        },
    );
}

fn wizard(app: &App) -> &Wizard {
    match &app.screen {
        Screen::Wizard(w) => w,
        other => panic!("the wizard: {other:?}"),
    }
}

/// With nothing refused, Ctrl-N leaves the Target step.
fn leaves_target(app: &mut App) {
    assert_eq!(wizard(app).error_count(), 0, "{:?}", wizard(app).findings);
    update(app, Msg::Key(ctrl('n')));
    assert_eq!(wizard(app).step, Step::Resources);
}

#[test]
fn the_target_step_refuses_an_environment_that_already_has_auth() {
    let mut app = create_on("staging");
    answer_target(&mut app, &["demoappauth"], None);
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("✗ staging already has its auth resource, demoappauth"),
        "{screen}"
    );
    assert!(screen.contains("✗ 1 error"), "{screen}");
    update(&mut app, Msg::Key(ctrl('n')));
    let w = wizard(&app);
    assert_eq!(w.step, Step::Target, "Ctrl-N does not leave the step");
    assert!(
        w.flash
            .as_deref()
            .unwrap_or_default()
            .contains("Not this target"),
        "{:?}",
        w.flash
    );
    // dev has no auth: the refusal goes and the step can be left.
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    w.set_text(FieldId::EnvName, "dev");
    w.refresh();
    answer_target(&mut app, &[], None);
    leaves_target(&mut app);
}

#[test]
fn a_running_job_is_refused_at_the_target_and_the_next_step_key_checks_again() {
    let mut app = create_on("dev");
    answer_target(&mut app, &[], Some("job-42"));
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("dev has a job running (UpdateBackendAuth job-42)"),
        "{screen}"
    );
    let fx = update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(wizard(&app).step, Step::Target);
    // The Ctrl-N asked again; the job has ended meanwhile.
    answer(&mut app, fx, &[], None);
    leaves_target(&mut app);
}

/// An edit opens past the Target step: a job running on its environment is said on the step it
/// opens on (and every step after), not first at Review.
#[test]
fn an_edit_opened_while_a_job_runs_says_so_on_the_step_it_opens_on() {
    let cfg = amplify_auth::domain::samples::default_config("demo");
    let w = Wizard::new_edit(DEMO, "staging", "demoappauth", &cfg, "us-east-1");
    let opens_on = w.step;
    assert_ne!(opens_on, Step::Target);
    let mut app = on_demo(w);
    let quiet = support::app::screen::draw(&app, 120, 40);
    assert!(!quiet.contains("has a job running"), "{quiet}");
    answer_target(&mut app, &["demoappauth"], Some("job-42"));
    assert_eq!(wizard(&app).step, opens_on);
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("! staging has a job running (UpdateBackendAuth job-42)"),
        "{screen}"
    );
}

#[test]
fn an_app_id_that_list_apps_does_not_list_is_an_error_naming_the_way_on() {
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    w.set_text(FieldId::AppId, "dnotanapp");
    w.refresh();
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("No app dnotanapp in this account and region (ListApps lists 1 app)"),
        "{screen}"
    );
    assert!(screen.contains("Pick one with ←/→"), "{screen}");
    update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(wizard(&app).step, Step::Target);
}

// --- Wrong or missing words ---

/// The config screen of app1/dev/res holding `cfg`.
fn config_app(cfg: amplify_auth::domain::AuthConfig) -> App {
    let mut v =
        amplify_auth::tui::screens::config_view::ConfigView::new("app1", "dev", "res", None, 0);
    v.config = Load::Loaded(cfg);
    App::new(Screen::Config(Box::new(v)), ctx())
}

#[test]
fn a_masked_secret_names_the_key_that_reveals_it() {
    let app = config_app(amplify_auth::domain::samples::maximal_config(""));
    let screen = support::app::screen::draw(&app, 120, 80);
    assert!(screen.contains("(Ctrl-R reveals)"), "{screen}");
    assert!(!screen.contains("(r reveals)"), "r reloads: {screen}");
}

#[test]
fn esc_clears_a_kept_filter_that_matches_nothing_instead_of_quitting() {
    let mut app = create_on("dev");
    app.screen = Screen::Apps(AppsView::default());
    update(&mut app, Msg::Key(key(KeyCode::Char('/'))));
    for c in "zzz".chars() {
        update(&mut app, Msg::Key(key(KeyCode::Char(c))));
    }
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(
        screen.contains("No match for the filter (Backspace or Ctrl-U edits it away)."),
        "{screen}"
    );
    update(&mut app, Msg::Key(key(KeyCode::Enter)));
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(
        screen.contains("No match for the filter (Esc clears it)."),
        "{screen}"
    );
    assert!(screen.contains("Filter: zzz  (Esc clears it)"), "{screen}");
    update(&mut app, Msg::Key(key(KeyCode::Esc)));
    assert!(!app.quit, "the first Esc clears the filter");
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(screen.contains("demo-app"), "{screen}");
    assert!(!screen.contains("Filter:"), "{screen}");
}

#[test]
fn a_failed_job_from_the_history_says_how_long_it_took_and_offers_only_what_works() {
    use amplify_auth::tui::screens::job_pane::JobPane;
    use std::time::SystemTime;
    let created = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let job = amplify_auth::aws::Job {
        app_id: DEMO.into(),
        env: "dev".into(),
        job_id: "job-7".into(),
        operation: Some("CreateBackendAuth".into()),
        status: amplify_auth::aws::JobStatus::Failed,
        error: Some("Error: Domain not available".into()),
        create_time: Some(created),
        update_time: Some(created + Duration::from_secs(3)),
    };
    let now = created + Duration::from_secs(86_280);
    let (pane, _) = JobPane::follow(1, &job, 0, Some(now));
    let mut app = App::new(Screen::Job(Box::new(pane)), ctx());
    app.wall_now = Some(now);
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("Took        3.0 s"),
        "the duration: {screen}"
    );
    assert!(!screen.contains("23h58m"), "not the age: {screen}");
    // When it ended, not when this pane read it ("Last update 0.0 s ago").
    assert!(screen.contains("Ended       23h57m ago"), "{screen}");
    assert!(!screen.contains("Last update"), "{screen}");
    assert!(!screen.contains("back to your input"), "no input: {screen}");
    assert!(!screen.contains("f opens the wizard"), "{screen}");
    assert!(screen.contains("Enter/Esc done: go back"), "{screen}");
    assert!(!screen.contains("<DomainPrefix>"), "{screen}");
    update(&mut app, Msg::Key(key(KeyCode::Char('f'))));
    assert!(matches!(app.screen, Screen::Job(_)), "f is not offered");
}

#[test]
fn the_header_never_cuts_the_account_id_and_the_footer_never_splits_a_binding() {
    for width in [80u16, 120] {
        let mut app = App::new(
            Screen::Apps(AppsView::default()),
            Context {
                region: "ap-southeast-2".into(),
                target: "no profile (environment) → http://127.0.0.1:39809".into(),
            },
        );
        app.account.id = Load::Loaded("123456789012".into());
        app.apps = Load::Loaded(vec![]);
        let screen = support::app::screen::draw(&app, width, 24);
        let header = screen.lines().next().unwrap();
        assert!(
            header.ends_with("ap-southeast-2 · account 123456789012"),
            "{width}: {header}"
        );
        // Every binding of the footer shows whole on one of its lines.
        for (name, screen) in [
            ("apps", Screen::Apps(AppsView::default())),
            ("wizard", create_on("dev").screen),
        ] {
            app.screen = screen;
            let shown = support::app::screen::draw(&app, width, 24);
            let footer: Vec<&str> = shown.lines().rev().take(2).collect();
            for (k, what) in amplify_auth::tui::view::keys_for(&app) {
                let text = format!(" {k} {what}");
                if !footer.iter().any(|l| l.contains(&text)) {
                    // Not shown at all is allowed (F1 lists it), split is not.
                    let joined = footer.join("");
                    assert!(
                        !joined.contains(k) || !joined.contains(what),
                        "{name} at {width}: {text:?} split:\n{}",
                        footer.join("\n")
                    );
                }
            }
        }
    }
}

#[test]
fn sms_verification_without_a_required_phone_number_is_warned_like_sms_mfa() {
    use amplify_auth::domain::finding::Severity;
    use amplify_auth::domain::validate::validate_config;
    let mut cfg = amplify_auth::domain::samples::default_config("shop");
    let m = cfg
        .user_pool
        .verification_message
        .as_mut()
        .expect("the default has a verification message");
    m.delivery_method = amplify_auth::domain::DeliveryMethod::Sms;
    m.sms = Some(amplify_auth::domain::SmsSettings {
        message: Some("Your code is {####}".into()),
        ..Default::default()
    });
    let findings = validate_config(&cfg);
    let w = findings
        .iter()
        .find(|f| f.path == "UserPoolConfigs.VerificationMessage.DeliveryMethod")
        .unwrap_or_else(|| panic!("a warning: {findings:?}"));
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.fix.contains("Require PHONE_NUMBER"), "{}", w.fix);
}

// --- Help and scrolling ---

#[test]
fn help_fits_80x24_above_the_footer_scrolls_to_its_end_and_stays_open_on_other_keys() {
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    w.goto(Step::Messages);
    app.size = (80, 24);
    update(&mut app, Msg::Key(key(KeyCode::F(1))));
    let screen = support::app::screen::draw(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines.len(), 24);
    assert!(
        lines[22..].join(" ").contains("Esc/F1 close help"),
        "the footer shows: {screen}"
    );
    assert!(screen.contains(" lines 1–"), "an indicator: {screen}");
    // Any other key leaves it open.
    update(&mut app, Msg::Key(key(KeyCode::Char('x'))));
    assert!(app.popup.is_some(), "x does not close help");
    // End shows the last field of the Messages step; further scrolling stays there.
    update(&mut app, Msg::Key(key(KeyCode::End)));
    let end = support::app::screen::draw(&app, 80, 24);
    let w = wizard(&app);
    let last = w
        .visible(Step::Messages)
        .last()
        .unwrap()
        .meta()
        .label
        .trim();
    assert!(end.contains(last), "{last} at the end: {end}");
    let at_end = app.help_scroll;
    update(&mut app, Msg::Key(key(KeyCode::PageDown)));
    assert_eq!(app.help_scroll, at_end, "clamped at the end");
    update(&mut app, Msg::Key(key(KeyCode::Home)));
    assert_eq!(app.help_scroll, 0);
    update(&mut app, Msg::Key(key(KeyCode::Esc)));
    assert!(app.popup.is_none());
}

#[test]
fn review_and_config_scrolling_stop_at_the_end_and_say_where_they_are() {
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    w.goto(Step::Review);
    support::app::screen::draw(&app, 80, 24);
    for _ in 0..50 {
        update(&mut app, Msg::Key(key(KeyCode::PageDown)));
    }
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(screen.contains("}"), "the request's end shows: {screen}");
    assert!(screen.contains(" lines "), "{screen}");
    update(&mut app, Msg::Key(key(KeyCode::PageUp)));
    let up = support::app::screen::draw(&app, 80, 24);
    assert_ne!(up, screen, "one PgUp moves at once");

    // The config view: End, then the content shrinks (a narrower answer): no empty pane.
    let mut v = amplify_auth::tui::screens::config_view::ConfigView::new("a", "dev", "r", None, 0);
    v.config = Load::Loaded(amplify_auth::domain::samples::maximal_config(""));
    let mut app = App::new(Screen::Config(Box::new(v)), ctx());
    support::app::screen::draw(&app, 80, 24);
    update(&mut app, Msg::Key(key(KeyCode::End)));
    let end = support::app::screen::draw(&app, 80, 24);
    assert!(end.contains(" lines "), "{end}");
    if let Screen::Config(v) = &mut app.screen {
        v.config = Load::Loaded(amplify_auth::domain::samples::default_config("r"));
    }
    let shrunk = support::app::screen::draw(&app, 80, 24);
    assert!(shrunk.contains("Password policy"), "{shrunk}");
    update(&mut app, Msg::Key(key(KeyCode::Home)));
    let top = support::app::screen::draw(&app, 80, 24);
    assert!(
        top.contains("Pools") && top.contains("Auth resources"),
        "{top}"
    );
}

// --- Review: the audit's posture rules, and defaults that pass them ---

#[test]
fn the_wizards_defaults_pass_the_audit_and_review_shows_posture_findings() {
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    let cfg = w.config.clone().expect("the defaults make a config");
    assert!(
        amplify_auth::domain::posture::config_findings("dev", &cfg).is_empty(),
        "the defaults pass the audit's rules"
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    w.goto(Step::Review);
    let screen = support::app::screen::draw(&app, 120, 60);
    assert!(screen.contains("Posture: 0 findings"), "{screen}");
    assert!(
        screen.contains("✓ None: audit will not flag this config."),
        "{screen}"
    );
    // MFA off and no character classes: Review says what audit would.
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    let mut weak = cfg.clone();
    weak.user_pool.mfa = None;
    if let Some(p) = weak.user_pool.password_policy.as_mut() {
        p.additional_constraints = Some(vec![]);
    }
    let mut weak_w = Wizard::new_edit(DEMO, "dev", "res", &weak, "us-east-1");
    weak_w.goto(Step::Review);
    **w = weak_w;
    let screen = support::app::screen::draw(&app, 120, 60);
    assert!(screen.contains("Posture: 2 findings"), "{screen}");
    assert!(
        screen.contains("! multi-factor authentication is OFF"),
        "{screen}"
    );
    assert!(screen.contains("(mfa-off)"), "{screen}");
    assert!(screen.contains("(weak-password-policy)"), "{screen}");
}

fn providers(c: &mut AuthConfig) -> &mut amplify_auth::domain::SocialProviders {
    c.user_pool
        .oauth
        .as_mut()
        .and_then(|o| o.social_providers.as_mut())
        .expect("the sample has social providers")
}

/// An edit of a resource whose provider secrets the service does not return: Review shows them
/// "kept as stored", and its posture applies the audit's evidence rule (issue 23): a secret kept
/// as stored is held by the service, so `provider-secret-missing` is not claimed, while a new
/// provider added without its secret still is.
#[test]
fn review_posture_does_not_call_a_secret_kept_as_stored_missing() {
    use amplify_auth::domain::posture::ids::PROVIDER_SECRET;
    let mut deployed = amplify_auth::domain::samples::maximal_config("").without_secrets();
    // What `audit` reads for it: no secret returned is no evidence of a missing one.
    assert!(
        !amplify_auth::domain::posture::config_findings("dev", &deployed)
            .iter()
            .any(|f| f.id == PROVIDER_SECRET)
    );
    let amazon = providers(&mut deployed).login_with_amazon.take();
    assert!(amazon.is_some(), "the sample has Login with Amazon");
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    let mut edit = Wizard::new_edit(DEMO, "dev", "res", &deployed, "us-east-1");
    edit.goto(Step::Review);
    **w = edit;
    let screen = support::app::screen::draw(&app, 160, 200);
    assert!(screen.contains("kept as stored"), "{screen}");
    assert!(!screen.contains(PROVIDER_SECRET), "{screen}");

    // Login with Amazon added in the edit, its secret left empty: nothing is stored to keep,
    // so by the same rule that one is missing.
    let mut added = deployed.clone();
    let mut amazon = amazon.unwrap();
    amazon.client_secret = Some(amplify_auth::domain::Secret::new(""));
    providers(&mut added).login_with_amazon = Some(amazon);
    let kept: Vec<String> = [
        "Facebook.ClientSecret",
        "Google.ClientSecret",
        "SignInWithApple.PrivateKey",
    ]
    .iter()
    .map(|m| format!("UserPoolConfigs.OAuth.SocialProviderSettings.{m}"))
    .collect();
    let findings = amplify_auth::domain::posture::config_findings_kept("dev", &added, &kept);
    let missing: Vec<String> = findings
        .iter()
        .filter(|f| f.id == PROVIDER_SECRET)
        .map(|f| f.message.to_string())
        .collect();
    assert!(
        matches!(missing.as_slice(), [m] if m.contains("LoginWithAmazon")),
        "{missing:?}"
    );
}

#[test]
fn an_error_above_a_list_wraps_at_the_box_edge_instead_of_being_cut() {
    let mut v = amplify_auth::tui::screens::environment::EnvView::new(DEMO, "dev", 0);
    v.backend = Load::Failed(
        "GetBackend failed: could not reach http://127.0.0.1:9: connection refused after three attempts (request id none) LAST-WORDS".into(),
    );
    let app = App::new(Screen::Env(v), ctx());
    let screen = support::app::screen::draw(&app, 80, 24);
    assert!(screen.contains("LAST-WORDS"), "{screen}");
    assert!(screen.contains("(r retries)"), "{screen}");
}

// --- The overview: the cursor follows its resource when the order changes ---

#[test]
fn after_a_sort_the_cursor_stays_on_the_same_resource() {
    use amplify_auth::aws::overview::{AuthSummary, OverviewRow};
    use amplify_auth::tui::screens::overview::OverviewView;
    let mk = |app: &str, min: f64| {
        let mut cfg = amplify_auth::domain::samples::default_config(app);
        if let Some(p) = cfg.user_pool.password_policy.as_mut() {
            p.minimum_length = min;
        }
        OverviewRow {
            app_id: format!("d{app}0001"),
            app_name: app.into(),
            env: Some("dev".into()),
            resource: Some(format!("{app}auth")),
            auth: Some(Box::new(AuthSummary::of(&cfg))),
            last_job: None,
            findings: vec![],
            errors: vec![],
        }
    };
    let mut v = OverviewView::new(Default::default(), 1);
    v.on_event(
        1,
        amplify_auth::aws::overview::OverviewEvent::Rows {
            rows: vec![mk("alpha", 14.0), mk("bravo", 8.0), mk("charlie", 10.0)],
            progress: Default::default(),
        },
    );
    let mut app = App::new(Screen::Overview(Box::new(v)), ctx());
    update(&mut app, Msg::Key(key(KeyCode::Down))); // bravo, second by app name
    let selected = |app: &App| match &app.screen {
        Screen::Overview(v) => v.selected_row().unwrap().app_name.clone(),
        _ => unreachable!(),
    };
    assert_eq!(selected(&app), "bravo");
    // Every column, each way: the password column (14, 8, 10) moves bravo to another row.
    let mut moved = false;
    for k in "SsSsSsSsSsSsSsSsSsSsSsS".chars() {
        update(&mut app, Msg::Key(key(KeyCode::Char(k))));
        assert_eq!(selected(&app), "bravo", "after {k}");
        if let Screen::Overview(v) = &app.screen {
            moved |= v.list.cursor != 1;
        }
    }
    assert!(moved, "some order put bravo on another row");
}

#[test]
fn the_domain_prefix_fix_suggests_a_prefix_that_passes_every_rule() {
    use amplify_auth::domain::validate::validate_config;
    const PATH: &str = "UserPoolConfigs.OAuth.DomainPrefix";
    let with_prefix = |p: &str| {
        let mut cfg = amplify_auth::domain::samples::maximal_config("");
        cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some(p.into());
        cfg
    };
    for bad in ["My_cognito", "AWS_shop", "Amazon", "shop--App"] {
        let findings = validate_config(&with_prefix(bad));
        let fix = findings
            .iter()
            .find(|f| f.path == PATH && f.fix.starts_with("Use \""))
            .unwrap_or_else(|| panic!("{bad}: {findings:?}"))
            .fix
            .clone();
        let suggested = fix.trim_start_matches("Use \"").trim_end_matches("\".");
        let again = validate_config(&with_prefix(suggested));
        assert!(
            !again.iter().any(|f| f.path == PATH),
            "{bad} → {suggested:?} is itself refused: {again:?}"
        );
    }
}

#[test]
fn the_pools_choice_is_not_called_create_and_the_hosted_ui_address_needs_the_hosted_ui() {
    let cfg = amplify_auth::domain::samples::maximal_config("");
    let mut w = Wizard::new_edit(DEMO, "dev", "res", &cfg, "us-east-1");
    w.goto(Step::Review);
    let app = App::new(Screen::Wizard(Box::new(w)), ctx());
    let review = support::app::screen::draw(&app, 120, 80);
    assert!(!review.contains("Create: User pool"), "{review}");
    assert!(
        review.contains("Auth resources: User pool + identity pool"),
        "{review}"
    );
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    w.set_text(FieldId::DomainPrefix, "myapp-auth");
    w.goto(Step::OAuth);
    w.refresh();
    let off = support::app::screen::draw(&app, 120, 40);
    assert!(!off.contains("Hosted UI: https://"), "hosted UI off: {off}");
}

#[test]
fn the_review_request_shows_a_whole_minimum_length_as_a_whole_number() {
    let mut app = create_on("dev");
    let Screen::Wizard(w) = &mut app.screen else {
        unreachable!()
    };
    let json = w.request_json_masked();
    assert!(json.contains("\"MinimumLength\": 8"), "{json}");
    assert!(!json.contains("8.0"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["ResourceConfig"]["UserPoolConfigs"]["PasswordPolicy"]["MinimumLength"],
        8
    );
}

#[test]
fn ctrl_r_on_a_config_says_what_it_did_even_with_no_secret_returned() {
    let mut app = config_app(amplify_auth::domain::samples::default_config("res"));
    update(&mut app, Msg::Key(ctrl('r')));
    let screen = support::app::screen::draw(&app, 120, 40);
    assert!(
        screen.contains("Ctrl-R: the service returned no secret to show"),
        "{screen}"
    );
    update(&mut app, Msg::Key(ctrl('r')));
    assert!(!support::app::screen::draw(&app, 120, 40).contains("Ctrl-R: the service"));
}

// --- Empty forms do not shout before typing ---

fn wizard_mut(app: &mut App) -> &mut Wizard {
    match &mut app.screen {
        Screen::Wizard(w) => w,
        other => panic!("the wizard: {other:?}"),
    }
}

/// The findings that belong to a field (shown or not), each by its first 40 characters: what
/// the screen holds on one line before the message wraps.
fn messages_of(app: &App, id: FieldId) -> Vec<String> {
    wizard(app)
        .findings_for(id)
        .iter()
        .map(|f| f.message.chars().take(40).collect())
        .collect()
}

/// Issue 28: a wizard step just opened shows no error under a blank field nobody has typed in;
/// a value typed shows its field's error at once; Ctrl-N on a step with an untouched blank field
/// in error shows that error and stays on the step (saying so), and Ctrl-N again goes on. The
/// same rule as the Import form's (one `widgets::Touched`).
#[test]
fn a_wizard_step_shows_a_fields_errors_once_typed_in_or_on_a_next_step_attempt() {
    let mut app = create_on("dev");
    answer_target(&mut app, &[], None);
    let w = wizard_mut(&mut app);
    for id in [FieldId::OAuthEnabled, FieldId::GoogleEnabled] {
        *w.field_mut(id) = amplify_auth::tui::widgets::Field::Toggle(true);
    }
    w.refresh();
    w.goto(Step::Social);
    let id_errors = messages_of(&app, FieldId::GoogleId);
    let secret_errors = messages_of(&app, FieldId::GoogleSecret);
    assert!(
        !id_errors.is_empty() && !secret_errors.is_empty(),
        "Google on needs its client ID and secret: {:?}",
        wizard(&app).findings
    );
    let fresh = support::app::screen::draw(&app, 120, 40);
    for m in id_errors.iter().chain(&secret_errors) {
        assert!(!fresh.contains(m.as_str()), "{m} before typing:\n{fresh}");
    }
    insta::assert_snapshot!("wizard_step_before_typing", fresh);

    // Typed into the client ID (through the one typing path): its error shows, the secret's not.
    while wizard(&app).focused() != Some(FieldId::GoogleId) {
        update(&mut app, Msg::Key(key(KeyCode::Tab)));
    }
    for c in "not-google".chars() {
        update(&mut app, Msg::Key(key(KeyCode::Char(c))));
    }
    let typed_errors = messages_of(&app, FieldId::GoogleId);
    assert!(
        !typed_errors.is_empty(),
        "not-google is not a Google client ID"
    );
    let typed = support::app::screen::draw(&app, 120, 40);
    assert!(typed.contains(typed_errors[0].as_str()), "{typed}");
    for m in &secret_errors {
        assert!(
            !typed.contains(m.as_str()),
            "{m} before the secret was touched:\n{typed}"
        );
    }

    // Ctrl-N: refused on this step, with the untouched secret's error shown.
    update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(wizard(&app).step, Step::Social, "the first Ctrl-N stays");
    let refused = support::app::screen::draw(&app, 120, 40);
    for m in &secret_errors {
        assert!(refused.contains(m.as_str()), "{m} after Ctrl-N:\n{refused}");
    }
    assert!(refused.contains("errors on this step"), "{refused}");
    insta::assert_snapshot!("wizard_next_step_refused_shows_the_errors", refused);

    // Ctrl-N again, at once: on to Review, which lists them.
    update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(wizard(&app).step, Step::Review);
    // A key in between: the refusal stands anew on the next Ctrl-N.
    update(&mut app, Msg::Key(key(KeyCode::Esc)));
    assert_eq!(wizard(&app).step, Step::Social);
    update(&mut app, Msg::Key(key(KeyCode::Tab)));
    update(&mut app, Msg::Key(ctrl('n')));
    assert_eq!(
        wizard(&app).step,
        Step::Social,
        "refused again after another key"
    );
}
