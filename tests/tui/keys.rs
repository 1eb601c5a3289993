//! The key tables: for every screen and popup, in each state that changes which keys apply, the
//! footer and F1 help on screen are the table's rows, no key is bound twice, and a focused text
//! field keeps every printable key. A table row pressed does what its label says (spot checks).

use crate::support;

use amplify_auth::aws::{AppSummary, BackendInfo};
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::keys::Keys;
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::{Load, Msg, Target};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::checklist::ChecklistView;
use amplify_auth::tui::screens::compare::CompareView;
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::screens::env_add::EnvAddForm;
use amplify_auth::tui::screens::environment::EnvView;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::screens::frontend;
use amplify_auth::tui::screens::import::ImportForm;
use amplify_auth::tui::screens::job_history::JobsView;
use amplify_auth::tui::screens::job_pane::{JobPane, Phase};
use amplify_auth::tui::screens::overview::OverviewView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::view::keys_for;
use amplify_auth::tui::widgets::Field;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use amplify_auth::tui::{popups, widgets::LineInput};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn app(screen: Screen) -> App {
    let mut a = support::app::screen::at_fixed_time(screen);
    a.size = (160, 50);
    a
}

fn draw(app: &App) -> String {
    support::app::screen::draw_full(app, 160, 50)
}

fn backend() -> BackendInfo {
    BackendInfo {
        app_id: "app1".into(),
        app_name: "demo".into(),
        env: Some("dev".into()),
        environments: vec!["dev".into(), "prod".into()],
        auth_resources: vec![],
        raw_meta: None,
        error: None,
    }
}

fn apps() -> Vec<AppSummary> {
    vec![AppSummary {
        app_id: "app1".into(),
        name: "demo".into(),
        description: None,
        platform: "WEB".into(),
        default_domain: None,
        repository: None,
        update_time: None,
    }]
}

/// A wizard with every optional step and field on, so every field kind gets the focus.
fn full_wizard() -> Wizard {
    let mut w = Wizard::new_create("app1", "dev", "demo", "us-east-1", "abcd1234");
    for id in [
        FieldId::OAuthEnabled,
        FieldId::FacebookEnabled,
        FieldId::GoogleEnabled,
        FieldId::AmazonEnabled,
        FieldId::AppleEnabled,
        FieldId::ForgotEnabled,
    ] {
        *w.field_mut(id) = Field::Toggle(true);
    }
    w.refresh();
    w
}

/// Every screen in every state that changes its keys, and the name of that state.
fn all_states() -> Vec<(String, App)> {
    let mut out: Vec<(String, App)> = vec![];
    let mut a = app(Screen::Apps(AppsView::default()));
    a.apps = Load::Loaded(apps());
    out.push(("apps".into(), a));
    let mut v = AppsView::default();
    v.list.filtering = true;
    out.push(("apps filtering".into(), app(Screen::Apps(v))));
    // The setup screen and the account picker: profiles column, regions column, typing a region.
    let problem = amplify_auth::tui::msg::Problem {
        message: "no AWS region is configured".into(),
        exit_code: 5,
    };
    let profiles = amplify_auth::aws::Profiles {
        profiles: vec![amplify_auth::aws::ProfileInfo {
            name: "default".into(),
            region: Some("eu-west-1".into()),
            kind: amplify_auth::aws::ProfileKind::Keys,
            endpoint_url: None,
            mfa_serial: None,
        }],
        selected: "default".into(),
        ..Default::default()
    };
    let ctx = Context {
        region: "us-east-1".into(),
        target: "sandbox".into(),
    };
    let mut setup =
        amplify_auth::tui::account::setup_app(problem, Load::Loaded(profiles.clone()), None, ctx);
    setup.size = (160, 50);
    out.push(("setup".into(), setup));
    let mut switch = app(Screen::Apps(AppsView::default()));
    update(
        &mut switch,
        Msg::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE)),
    );
    update(&mut switch, Msg::ProfilesListed(Ok(profiles)));
    out.push(("switch".into(), switch));
    let mut typing = app(Screen::Apps(AppsView::default()));
    for k in [KeyCode::Char('a'), KeyCode::Tab, KeyCode::Up] {
        update(&mut typing, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)));
    }
    for _ in 0..40 {
        update(
            &mut typing,
            Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        );
    }
    assert!(typing.screen_typing(), "on the free-text region row");
    out.push(("switch typing a region".into(), typing));
    out.push((
        "envs".into(),
        app(Screen::Envs(EnvsView {
            app_id: "app1".into(),
            generation: 0,
            backend: Load::Loaded(backend()),
            list: Default::default(),
        })),
    ));
    out.push((
        "env".into(),
        app(Screen::Env(EnvView::new("app1", "dev", 0))),
    ));
    out.push((
        "env set-up".into(),
        app(Screen::EnvAdd(EnvAddForm::new(
            "app1",
            "demo",
            vec![],
            None,
        ))),
    ));
    out.push((
        "env add".into(),
        app(Screen::EnvAdd(EnvAddForm::new(
            "app1",
            "demo",
            vec!["dev".into(), "prod".into()],
            Some("dev"),
        ))),
    ));
    let mut cmp = CompareView::new(
        Target::new("app1", "dev", "res"),
        Target::new("app1", "prod", "res"),
    );
    cmp.left.config = Load::Loaded(Some(maximal_config("")));
    cmp.right.config = Load::Loaded(None);
    out.push(("compare".into(), app(Screen::Compare(Box::new(cmp)))));
    let mut cv = ConfigView::new("app1", "dev", "res", None, 0);
    cv.config = Load::Loaded(maximal_config(""));
    out.push(("config".into(), app(Screen::Config(Box::new(cv)))));
    out.push((
        "jobs".into(),
        app(Screen::Jobs(JobsView::new("app1", "dev", 0))),
    ));
    let ov = OverviewView::new(Default::default(), 1);
    out.push((
        "overview".into(),
        app(Screen::Overview(Box::new(ov.clone()))),
    ));
    let mut ovf = ov;
    ovf.list.filtering = true;
    out.push((
        "overview filtering".into(),
        app(Screen::Overview(Box::new(ovf))),
    ));
    out.push((
        "import".into(),
        app(Screen::Import(ImportForm::new("app1", "dev"))),
    ));
    // The wizard: every step, every field focused in turn (the field kind changes the keys).
    let w = full_wizard();
    for step in w.steps() {
        let mut ws = w.clone();
        ws.goto(step);
        let n = ws.visible(step).len().max(1);
        for focus in 0..n {
            ws.focus = focus;
            let name = format!("wizard {step:?} field {:?}", ws.focused());
            out.push((name, app(Screen::Wizard(Box::new(ws.clone())))));
        }
    }
    // The job pane: running, long-running, failed, refused with a blocking job, completed.
    let pane = |phase: Phase| {
        let mut p = JobPane::new(
            2,
            Target::new("app1", "dev", "res"),
            "CreateBackendAuth",
            Expect::Nothing,
            0,
        );
        p.phase = phase;
        p
    };
    out.push((
        "job running".into(),
        app(Screen::Job(Box::new(pane(Phase::Running)))),
    ));
    let mut long = app(Screen::Job(Box::new(pane(Phase::Running))));
    long.now_ms = long.long_job_ms + 1;
    out.push(("job long".into(), long));
    out.push((
        "job failed".into(),
        app(Screen::Job(Box::new(pane(Phase::Failed("no".into()))))),
    ));
    let mut blocked = pane(Phase::Blocked("busy".into()));
    blocked.blocking = Some(amplify_auth::aws::Job {
        app_id: "app1".into(),
        env: "dev".into(),
        job_id: "j0".into(),
        operation: None,
        status: amplify_auth::aws::JobStatus::Running,
        error: None,
        create_time: None,
        update_time: None,
    });
    out.push(("job blocked".into(), app(Screen::Job(Box::new(blocked)))));
    out.push((
        "job completed".into(),
        app(Screen::Job(Box::new(pane(Phase::Completed)))),
    ));
    // A FAILED job whose error is decoded, with the submission known: `f` is offered.
    let cfg = maximal_config("k");
    let mut decoded = JobPane::new(
        2,
        Target::new("app1", "dev", "res"),
        "CreateBackendAuth",
        Expect::Config(Box::new(cfg.clone())),
        0,
    );
    decoded.retry = Some(amplify_auth::tui::msg::Submission {
        target: Target::new("app1", "dev", "res"),
        request: amplify_auth::tui::msg::Request::Create(cfg.clone()),
        expect: Expect::Config(Box::new(cfg.clone())),
        guard: None,
    });
    decoded.on_polled(
        Ok(amplify_auth::aws::Job {
            app_id: "app1".into(),
            env: "dev".into(),
            job_id: "j1".into(),
            operation: None,
            status: amplify_auth::aws::JobStatus::Failed,
            error: Some("Domain not available".into()),
            create_time: None,
            update_time: None,
        }),
        10,
    );
    assert!(decoded.decoded.is_some());
    out.push((
        "job failed decoded".into(),
        app(Screen::Job(Box::new(decoded))),
    ));
    let meta = amplify_auth::aws::AuthResourceMeta {
        name: "res".into(),
        user_pool_id: Some("us-east-1_abc".into()),
        app_client_id_web: Some("web123".into()),
        hosted_ui_domain: Some("maxapp-dev".into()),
        ..Default::default()
    };
    let deployed = frontend::deployed_from(Some(&meta), "us-east-1");
    out.push((
        "frontend".into(),
        app(Screen::Frontend(Box::new(frontend::FrontendView::new(
            Target::new("app1", "dev", "res"),
            cfg.clone(),
            deployed,
        )))),
    ));
    out.push((
        "checklist".into(),
        app(Screen::Checklist(Box::new(ChecklistView::new(
            Target::new("app1", "dev", "res"),
            &cfg,
            Ok("maxapp-dev.auth.us-east-1.amazoncognito.com".into()),
        )))),
    ));
    out.push((
        "gen2".into(),
        app(Screen::Gen2(Box::new(
            amplify_auth::tui::screens::gen2::Gen2View::new(
                Target::new("app1", "dev", "res"),
                cfg.clone(),
                "us-east-1",
                amplify_auth::tui::screens::gen2::ids_from(Some(&meta)),
                Default::default(),
            ),
        ))),
    ));
    out
}

fn popups_over(a: &App) -> Vec<(String, Popup)> {
    let _ = a;
    vec![
        ("help".into(), Popup::Help),
        ("quit".into(), Popup::ConfirmQuit),
        ("discard".into(), Popup::ConfirmDiscard),
        (
            "delete".into(),
            Popup::ConfirmDelete {
                target: Target::new("app1", "dev", "res"),
                input: LineInput::default(),
                then_create: None,
            },
        ),
        (
            "bad draft".into(),
            Popup::BadDraft {
                id: "x".into(),
                path: "/tmp/x.json".into(),
                reason: "not json".into(),
            },
        ),
    ]
}

/// The footer line (the last two rows) shows exactly the table's footer rows, in order.
fn assert_footer_from_table(name: &str, a: &App, keys: &Keys) {
    let shown = keys_for(a);
    assert_eq!(
        shown, keys.footer,
        "{name}: the footer is the table's footer rows"
    );
    assert!(
        !shown.is_empty(),
        "{name}: a screen with no keys on its footer"
    );
    let screen = draw(a);
    let footer: String = screen.lines().rev().take(2).collect::<Vec<_>>().join("\n");
    let mut rest = footer.as_str();
    for (k, what) in &shown {
        let text = format!(" {k} {what}");
        let at = rest
            .find(&text)
            .unwrap_or_else(|| panic!("{name}: footer lacks {text:?} (in order):\n{footer}"));
        rest = &rest[at + text.len()..];
    }
}

#[test]
fn every_screen_footer_and_help_come_from_its_table_with_no_key_bound_twice() {
    let states = all_states();
    assert!(states.len() > 30, "the wizard's fields are all visited");
    for (name, mut a) in states {
        let keys = a.screen.keys(a.now_ms);
        assert!(
            keys.clashes.is_empty(),
            "{name}: {:?} (typing: {})",
            keys.clashes,
            a.screen_typing()
        );
        for row in &keys.footer {
            assert!(
                keys.help.contains(row),
                "{name}: help lists footer row {row:?}"
            );
        }
        assert_footer_from_table(&name, &a, &keys);
        // F1 help lists every row of the table that applies now.
        a.popup = Some(Popup::Help);
        let help = draw(&a);
        for (k, what) in &keys.help {
            let line = format!("  {k:<24}{what}");
            assert!(help.contains(&line), "{name}: help lacks {line:?}:\n{help}");
        }
        a.popup = None;
        for (pname, p) in popups_over(&a) {
            let pk = popups::keys(&p);
            assert!(pk.clashes.is_empty(), "popup {pname}: {:?}", pk.clashes);
            a.popup = Some(p);
            assert_footer_from_table(&format!("{name} + popup {pname}"), &a, &pk);
            a.popup = None;
        }
    }
}

fn press(a: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<amplify_auth::tui::msg::Effect> {
    update(a, Msg::Key(KeyEvent::new(code, mods)))
}

#[test]
fn the_keys_the_footer_names_do_what_it_says() {
    // Env: `j` opens the jobs (the footer says "j jobs"), it does not move the list. (Loaded:
    // while a screen loads, its keys wait for it, `tui_first_contact`.)
    let mut env = EnvView::new("app1", "dev", 0);
    env.backend = Load::Loaded(backend());
    let mut a = app(Screen::Env(env));
    assert!(keys_for(&a).contains(&("j", "jobs")));
    press(&mut a, KeyCode::Char('j'), KeyModifiers::NONE);
    assert!(matches!(a.screen, Screen::Jobs(_)));
    // Config: "↑↓ scroll".
    let mut cv = ConfigView::new("app1", "dev", "res", None, 0);
    cv.config = Load::Loaded(maximal_config(""));
    let mut a = app(Screen::Config(Box::new(cv)));
    assert!(keys_for(&a).contains(&("↑↓", "scroll")));
    draw(&a); // drawn once: the pane knows how far it can scroll
    press(&mut a, KeyCode::Down, KeyModifiers::NONE);
    let Screen::Config(v) = &a.screen else {
        panic!()
    };
    assert_eq!(v.scroll.offset, 1);
    // Wizard: Ctrl-N is in help ("next step, as Ctrl-S") and does it.
    let mut a = app(Screen::Wizard(Box::new(full_wizard())));
    assert!(
        a.screen
            .keys(0)
            .help
            .contains(&("Ctrl-N, F2", "next step, as Ctrl-S"))
    );
    press(&mut a, KeyCode::Char('n'), KeyModifiers::CONTROL);
    let Screen::Wizard(w) = &a.screen else {
        panic!()
    };
    assert_ne!(w.step, Step::Target);
}
