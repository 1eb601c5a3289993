//! The environments screens, pure: setting up a backend and adding an environment (empty or
//! cloned), marking two environments or resources and comparing them, and promoting from the
//! compare view into the wizard. Update tests feed keys and service answers to `update` and
//! check the state and the effects; snapshots show the new screens at 80x24 and 120x40.

use crate::support;

use support::app::screen::at_fixed_time as app;
use support::app::screen::draw;

use amplify_auth::aws::{AuthResourceMeta, BackendInfo, Job, JobRef, JobStatus};
use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::compare::NOT_RETURNED;
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::{Effect, Load, Msg, Request, Target};
use amplify_auth::tui::screens::compare::CompareView;
use amplify_auth::tui::screens::env_add::EnvAddForm;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::view::keys_for;
use amplify_auth::tui::wizard::mode::Mode;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use support::app::{ctrl, key};

const APP: &str = "d1a2b3c4demo";
const RES: &str = "demoappauth";

fn backend(envs: &[&str], env: Option<&str>, resources: &[&str]) -> BackendInfo {
    BackendInfo {
        app_id: APP.into(),
        app_name: "demo-app".into(),
        env: env.map(str::to_string),
        environments: envs.iter().map(|s| s.to_string()).collect(),
        auth_resources: resources
            .iter()
            .map(|r| AuthResourceMeta {
                name: r.to_string(),
                ..Default::default()
            })
            .collect(),
        raw_meta: None,
        error: None,
    }
}

fn envs_screen(envs: &[&str]) -> App {
    app(Screen::Envs(EnvsView {
        app_id: APP.into(),
        generation: 0,
        backend: Load::Loaded(backend(envs, None, &[])),
        list: Default::default(),
    }))
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(key(code)))
}

fn typed(a: &mut App, s: &str) {
    for c in s.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn form(a: &App) -> &EnvAddForm {
    match &a.screen {
        Screen::EnvAdd(f) => f,
        other => panic!("not the add form: {other:?}"),
    }
}

/// A job on qa as the service answers its start, and as a poll finds it done.
fn started(id: &str, op: &str) -> JobRef {
    JobRef {
        app_id: APP.into(),
        env: "qa".into(),
        job_id: Some(id.into()),
        operation: Some(op.into()),
        status: JobStatus::parse("IN_PROGRESS"),
        error: None,
    }
}

fn completed(id: &str, op: &str) -> Job {
    Job {
        app_id: APP.into(),
        env: "qa".into(),
        job_id: id.into(),
        operation: Some(op.into()),
        status: JobStatus::parse("COMPLETED"),
        error: None,
        create_time: None,
        update_time: None,
    }
}

fn submitted(fx: &[Effect]) -> (Target, Request) {
    fx.iter()
        .find_map(|e| match e {
            Effect::Submit {
                target, request, ..
            } => Some((target.clone(), (**request).clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no submit in {fx:?}"))
}

/// The staging config as the service returns it (no secrets), and qa's: the same but for its
/// password minimum length.
fn configs() -> (AuthConfig, AuthConfig) {
    let staging = maximal_config("").without_secrets();
    let mut qa = staging.clone();
    qa.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 14.0;
    (staging, qa)
}

#[test]
fn an_app_without_environments_offers_staging_and_checks_the_name_as_typed() {
    let mut a = envs_screen(&[]);
    assert!(draw(&a, 120, 40).contains("press a to set one up"));
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(form(&a).name.value(), "staging");
    assert_eq!(a.screen.title(), "Set up a backend");
    insta::assert_snapshot!("env_setup_80x24", draw(&a, 80, 24));

    update(&mut a, Msg::Key(ctrl('u')));
    typed(&mut a, "QA1");
    let problem = form(&a)
        .problem()
        .expect("an invalid name is flagged as typed");
    assert!(
        problem.contains("not a valid environment name"),
        "{problem}"
    );
    insta::assert_snapshot!("env_setup_bad_name_120x40", draw(&a, 120, 40));
    // Enter sends nothing while the name is wrong.
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(matches!(a.screen, Screen::EnvAdd(_)));

    update(&mut a, Msg::Key(ctrl('u')));
    typed(&mut a, "staging");
    assert_eq!(form(&a).problem(), None);
    let fx = press(&mut a, KeyCode::Enter);
    let (target, request) = submitted(&fx);
    assert_eq!(
        (target.app_id.as_str(), target.env.as_str()),
        (APP, "staging")
    );
    assert!(
        matches!(&request, Request::CreateBackend { app_name } if app_name == "demo-app"),
        "{request:?}"
    );
    assert!(matches!(a.screen, Screen::Job(_)));
}

#[test]
fn an_environment_cloned_from_the_selected_one_is_followed_to_completed_and_listed() {
    let mut a = envs_screen(&["dev", "staging"]);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(
        form(&a).name.value(),
        "",
        "no name is proposed once envs exist"
    );
    assert_eq!(
        form(&a).from,
        Some(1),
        "the selected environment is the source"
    );
    typed(&mut a, "dev");
    assert!(form(&a).problem().unwrap().contains("already exists"));
    update(&mut a, Msg::Key(ctrl('u')));
    typed(&mut a, "qa");
    insta::assert_snapshot!("env_add_clone_120x40", draw(&a, 120, 40));
    // ←/→ go through "empty" and each source.
    press(&mut a, KeyCode::Right);
    assert_eq!(form(&a).from, None);
    press(&mut a, KeyCode::Right);
    assert_eq!(form(&a).from, Some(0));
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    assert_eq!(form(&a).from, Some(1));

    // Before sending, the source's auth is read and judged in the new environment.
    let fx = press(&mut a, KeyCode::Enter);
    let (generation, fx) = read_clone_source(&mut a, &fx, "staging", configs().0);
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::LoadAuth { .. })),
        "one resource, read once: {fx:?}"
    );
    assert_ne!(generation, 0);
    let (target, request) = submitted(&fx);
    assert_eq!(target.env, "qa");
    assert!(
        matches!(&request, Request::CloneBackend { from } if from == "staging"),
        "{request:?}"
    );
    let Screen::Job(pane) = &a.screen else {
        panic!("job pane")
    };
    let generation = pane.generation;
    assert_eq!(pane.operation, "CloneBackend");
    let fx = update(
        &mut a,
        Msg::Submitted {
            generation,
            result: Ok(started("job-1", "CloneBackend")),
        },
    );
    assert!(
        fx.iter().any(
            |e| matches!(e, Effect::PollJob { env, job_id, .. } if env == "qa" && job_id == "job-1")
        ),
        "the job is polled on the new environment: {fx:?}"
    );
    let done = completed("job-1", "CloneBackend");
    update(
        &mut a,
        Msg::JobPolled {
            generation,
            result: Ok(done),
        },
    );
    assert!(draw(&a, 120, 40).contains("COMPLETED"));
    // Done: back past the form to the environments, re-read so the new one shows.
    let fx = press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen, Screen::Envs(_)), "{:?}", a.screen);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadBackend { env: None, .. })),
        "{fx:?}"
    );
}

/// Marks staging and qa on the environments screen, compares them, and answers the reads.
/// Answers the clone check started by `fx` (the Enter on the add form): the source `from` has
/// auth resource [`RES`] with config `cfg`. Returns the check's generation and the effects of the
/// last answer.
fn read_clone_source(
    a: &mut App,
    fx: &[Effect],
    from: &str,
    cfg: AuthConfig,
) -> (u64, Vec<Effect>) {
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Submit { .. })),
        "nothing is sent before the check: {fx:?}"
    );
    let generation = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadBackend {
                generation,
                env: Some(env),
                ..
            } if env == from => Some(*generation),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the source {from} is read: {fx:?}"));
    let fx = update(
        a,
        Msg::BackendLoaded {
            generation,
            result: Ok(backend(&["dev", "staging"], Some(from), &[RES])),
        },
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadAuth { generation: g, target }
            if *g == generation && target.env == from && target.resource == RES)),
        "its auth resource is read: {fx:?}"
    );
    let fx = update(
        a,
        Msg::AuthLoaded {
            generation,
            result: Ok(cfg),
        },
    );
    (generation, fx)
}

#[test]
fn a_clone_whose_hosted_ui_domain_cannot_be_made_in_the_new_environment_is_refused_before_sending()
{
    // The source's prefix `shop` is fine in staging; in `newcognito` the domain becomes
    // `shop-newcognito`, which brings Cognito's reserved word.
    let mut cfg = configs().0;
    cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("shop".into());
    let mut a = envs_screen(&["dev", "staging"]);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char('a'));
    typed(&mut a, "newcognito");
    let fx = press(&mut a, KeyCode::Enter);
    let (_, fx) = read_clone_source(&mut a, &fx, "staging", cfg.clone());
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Submit { .. })),
        "nothing is sent: {fx:?}"
    );
    let refused = form(&a).refused().expect("the clone is refused").to_vec();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(
        refused[0].contains(&format!("auth resource {RES} in environment newcognito"))
            && refused[0].contains("shop-newcognito")
            && refused[0].contains("\"cognito\""),
        "names the resource and the resulting domain: {refused:?}"
    );
    insta::assert_snapshot!("env_add_clone_refused_120x40", draw(&a, 120, 40));

    // Too long: a 55-character prefix fits in `staging` (63 characters) but not in `stagingzz`
    // (65).
    cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("a".repeat(55));
    update(&mut a, Msg::Key(ctrl('u')));
    typed(&mut a, "stagingzz");
    assert!(
        form(&a).refused().is_none(),
        "a verdict holds for its name only"
    );
    let fx = press(&mut a, KeyCode::Enter);
    let (_, fx) = read_clone_source(&mut a, &fx, "staging", cfg.clone());
    assert!(fx.iter().all(|e| !matches!(e, Effect::Submit { .. })));
    let refused = form(&a).refused().expect("refused").to_vec();
    assert!(
        refused[0].contains(&format!("auth resource {RES} in environment stagingzz"))
            && refused[0].contains(&format!("{}-stagingzz", "a".repeat(55))),
        "{refused:?}"
    );

    // A name the domain fits in: sent as the clone.
    update(&mut a, Msg::Key(ctrl('u')));
    typed(&mut a, "qa");
    let fx = press(&mut a, KeyCode::Enter);
    let (_, fx) = read_clone_source(&mut a, &fx, "staging", cfg);
    let (target, request) = submitted(&fx);
    assert_eq!(target.env, "qa");
    assert!(matches!(&request, Request::CloneBackend { from } if from == "staging"));
}

fn compared() -> App {
    let mut a = envs_screen(&["dev", "staging", "qa"]);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Char(' '));
    assert!(draw(&a, 120, 40).contains("staging and qa marked"));
    let fx = press(&mut a, KeyCode::Char('d'));
    let Screen::Compare(_) = &a.screen else {
        panic!("compare: {:?}", a.screen)
    };
    // Each side's environment is read to find its auth resource, then its config.
    let reads: Vec<(u64, String)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadBackend {
                generation,
                env: Some(env),
                ..
            } => Some((*generation, env.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        reads.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["staging", "qa"]
    );
    assert_ne!(reads[0].0, reads[1].0, "each side has its own generation");
    let (staging, qa) = configs();
    for (generation, env) in reads {
        let fx = update(
            &mut a,
            Msg::BackendLoaded {
                generation,
                result: Ok(backend(&["dev", "staging", "qa"], Some(&env), &[RES])),
            },
        );
        let [Effect::LoadAuth { target, .. }] = fx.as_slice() else {
            panic!("{fx:?}")
        };
        assert_eq!(
            (target.env.as_str(), target.resource.as_str()),
            (env.as_str(), RES)
        );
        let cfg = if env == "qa" {
            qa.clone()
        } else {
            staging.clone()
        };
        update(
            &mut a,
            Msg::AuthLoaded {
                generation,
                result: Ok(cfg),
            },
        );
    }
    a
}

fn compare_view(a: &App) -> &CompareView {
    match &a.screen {
        Screen::Compare(v) => v,
        other => panic!("not compare: {other:?}"),
    }
}

#[test]
fn two_marked_environments_compare_with_secrets_not_returned_never_a_difference() {
    let a = compared();
    let c = compare_view(&a).comparison().expect("both sides read");
    let diffs: Vec<&str> = c.differences().map(|r| r.path.as_str()).collect();
    assert_eq!(diffs, ["UserPoolConfigs.PasswordPolicy.MinimumLength"]);
    assert!(c.unknown().count() > 0, "secrets the service left out");
    let screen = draw(&a, 120, 40);
    assert!(screen.contains("≠ 1 member differs"), "{screen}");
    assert!(screen.contains("not returned by the service"), "{screen}");
    insta::assert_snapshot!("compare_120x40", screen);
    insta::assert_snapshot!("compare_80x24", draw(&a, 80, 24));
    // f: only the differing member and the secrets that cannot be compared.
    let mut a = a;
    press(&mut a, KeyCode::Char('f'));
    let screen = draw(&a, 120, 40);
    assert!(screen.contains("MinimumLength"));
    assert!(!screen.contains("UserPoolName"), "{screen}");
    assert!(screen.contains(NOT_RETURNED) || screen.contains("(not returned"));
    insta::assert_snapshot!("compare_differences_120x40", screen);
}

/// Issue 28: the compare view uses the width it has. At 200 columns every member path is whole
/// (the longest is over 70 columns) and the value columns share what is left, so values are cut
/// less than at 120 and a cut value's column reaches the box's edge; at 80 the paths give way
/// first, cut from the front.
#[test]
fn the_compare_columns_follow_the_width_the_longest_path_and_the_values() {
    let a = compared();
    let c = compare_view(&a).comparison().expect("both sides read");
    let longest = c.rows.iter().map(|r| r.path.chars().count()).max().unwrap();
    assert!(longest > 70, "the fixture has long paths: {longest}");
    let table = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .filter(|l| {
                c.rows
                    .iter()
                    .any(|r| l.contains(r.path.rsplit('.').next().unwrap()))
            })
            .map(|l| l.trim_end().trim_end_matches('│').trim_end().to_string())
            .collect()
    };
    // A value cut at its end: "…" then the padding (a path is cut at its front: "…" then text).
    let cut_values = |screen: &str| -> usize {
        table(screen)
            .iter()
            .map(|l| format!("{l} ").matches("… ").count())
            .sum()
    };
    let wide = draw(&a, 200, 50);
    for row in &c.rows {
        assert!(
            wide.contains(&row.path),
            "{} whole at 200:\n{wide}",
            row.path
        );
    }
    let mid = draw(&a, 120, 40);
    assert!(
        cut_values(&wide) < cut_values(&mid),
        "wider columns cut fewer values:\n{wide}\n{mid}"
    );
    let reach = table(&wide)
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        reach >= 200 - 3,
        "a cut value's column ends at the box's edge ({reach}):\n{wide}"
    );
    let narrow = draw(&a, 80, 24);
    // The paths give way (cut from the front); the values still show.
    assert!(
        narrow.contains("  …") && narrow.contains("COGNITO"),
        "{narrow}"
    );
    // compare_80x24 and compare_120x40 are the same screen at the other widths.
    insta::assert_snapshot!("compare_200x50", wide);
}

#[test]
fn promote_opens_the_wizard_on_the_target_with_the_sources_values_on_review() {
    let mut a = compared();
    let (staging, qa) = configs();
    press(&mut a, KeyCode::Char('p'));
    let Screen::Wizard(w) = &a.screen else {
        panic!("wizard: {:?}", a.screen)
    };
    let w = w.clone();
    assert_eq!(w.step, Step::Review);
    assert_eq!(w.target(), Target::new(APP, "qa", RES));
    assert!(
        matches!(&w.mode, Mode::Edit { original } if **original == qa),
        "judged against the target's config"
    );
    assert_eq!(w.error_count(), 0, "{:?}", w.findings);
    let changes: Vec<String> = w.changes().iter().map(|c| c.path.clone()).collect();
    assert_eq!(changes, ["UserPoolConfigs.PasswordPolicy.MinimumLength"]);
    let Some(Request::Update(req)) = w.request() else {
        panic!("an update")
    };
    assert_eq!(
        req.user_pool.password_policy.unwrap().minimum_length,
        staging.user_pool.password_policy.unwrap().minimum_length
    );
    insta::assert_snapshot!("promote_review_120x40", draw(&a, 120, 40));
    let expected = w.expected_after().unwrap();

    // Submit: an UpdateBackendAuth of qa, followed in the job pane; once done, the compare view
    // is read again (so it shows the two are now the same).
    let fx = update(&mut a, Msg::Key(ctrl('s')));
    // A whole-state submit reads the target again first; nobody changed it meanwhile.
    let [Effect::ReadBeforeSend { generation, target }] = fx.as_slice() else {
        panic!("the read before sending comes first: {fx:?}");
    };
    assert_eq!(*target, Target::new(APP, "qa", RES));
    let fx = update(
        &mut a,
        Msg::ReadBeforeSend {
            generation: *generation,
            result: Ok(qa.clone()),
        },
    );
    let (target, request) = submitted(&fx);
    assert_eq!(target, Target::new(APP, "qa", RES));
    assert!(matches!(request, Request::Update(_)), "{request:?}");
    let Screen::Job(pane) = &a.screen else {
        panic!("job pane: {:?}", a.screen)
    };
    let generation = pane.generation;
    update(
        &mut a,
        Msg::Submitted {
            generation,
            result: Ok(started("job-2", "UpdateBackendAuth")),
        },
    );
    let fx = update(
        &mut a,
        Msg::JobPolled {
            generation,
            result: Ok(completed("job-2", "UpdateBackendAuth")),
        },
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::VerifyAuth { .. })),
        "{fx:?}"
    );
    update(
        &mut a,
        Msg::Verified {
            generation,
            result: Ok(expected),
        },
    );
    let fx = press(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen, Screen::Compare(_)), "{:?}", a.screen);
    let reads: Vec<String> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadAuth { target, .. } => Some(target.env.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reads, ["staging", "qa"], "{fx:?}");
}

#[test]
fn promote_refuses_an_immutable_difference_by_name_and_creates_where_there_is_no_auth() {
    let (staging, mut other) = configs();
    other.user_pool.user_pool_name = "otherpool".into();
    let mut v = CompareView::new(
        Target::new(APP, "staging", RES),
        Target::new(APP, "qa", RES),
    );
    v.left.config = Load::Loaded(Some(staging.clone()));
    v.right.config = Load::Loaded(Some(other));
    let mut a = app(Screen::Compare(Box::new(v)));
    press(&mut a, KeyCode::Char('p'));
    let Screen::Wizard(w) = &a.screen else {
        panic!("wizard")
    };
    assert!(
        w.findings.iter().any(
            |f| f.path == "UserPoolConfigs.UserPoolName" && f.message.contains("cannot change")
        ),
        "{:?}",
        w.findings
    );

    // The target has no auth: a create of the source's resource, with its values.
    let mut v = CompareView::new(
        Target::new(APP, "staging", RES),
        Target::new(APP, "fresh", ""),
    );
    v.left.config = Load::Loaded(Some(staging.clone()));
    v.right.config = Load::Loaded(None);
    let mut a = app(Screen::Compare(Box::new(v)));
    assert!(draw(&a, 120, 40).contains("fresh has no auth resource"));
    press(&mut a, KeyCode::Char('p'));
    let Screen::Wizard(w) = &a.screen else {
        panic!("wizard")
    };
    assert_eq!(w.mode, Mode::Create);
    assert_eq!(w.target(), Target::new(APP, "fresh", RES));
    let Some(Request::Create(cfg)) = w.request() else {
        panic!("a create")
    };
    assert_eq!(
        cfg.user_pool.user_pool_name,
        staging.user_pool.user_pool_name
    );
}

#[test]
fn two_marked_resources_of_one_environment_compare() {
    use amplify_auth::tui::screens::environment::EnvView;
    let mut e = EnvView::new(APP, "staging", 0);
    e.backend = Load::Loaded(backend(
        &["staging"],
        Some("staging"),
        &["authone", "authtwo"],
    ));
    let mut a = app(Screen::Env(e));
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Down);
    let fx = press(&mut a, KeyCode::Char('d'));
    let targets: Vec<String> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadAuth { target, .. } => Some(target.resource.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        ["authone", "authtwo"],
        "the marked one and the selected one"
    );
}

/// An environment holds one auth resource: where it has one, create and import are neither in
/// the footer nor dispatched (their job would only FAIL), and the screen says why; where it has
/// none, both are offered.
#[test]
fn create_and_import_are_offered_only_where_the_environment_has_no_auth() {
    use amplify_auth::tui::screens::environment::EnvView;
    let mut with = EnvView::new(APP, "staging", 1);
    with.backend = Load::Loaded(backend(&["staging"], Some("staging"), &["demoappauth"]));
    let mut a = app(Screen::Env(with));
    let footer: Vec<&str> = keys_for(&a).iter().map(|k| k.0).collect();
    assert!(
        !footer.contains(&"c") && !footer.contains(&"i"),
        "{footer:?}"
    );
    assert!(press(&mut a, KeyCode::Char('c')).is_empty());
    assert!(matches!(a.screen, Screen::Env(_)), "c did nothing");
    let shown = draw(&a, 120, 30);
    assert!(
        shown.contains("One auth resource per environment: Enter opens demoappauth"),
        "{shown}"
    );

    let mut without = EnvView::new(APP, "dev", 1);
    without.backend = Load::Loaded(backend(&["dev"], Some("dev"), &[]));
    let mut a = app(Screen::Env(without));
    let footer: Vec<&str> = keys_for(&a).iter().map(|k| k.0).collect();
    assert!(footer.contains(&"c") && footer.contains(&"i"), "{footer:?}");
    press(&mut a, KeyCode::Char('c'));
    assert!(
        matches!(a.screen, Screen::Wizard(_)),
        "c opens the create wizard"
    );
}
