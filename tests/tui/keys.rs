//! The key tables: for every screen and popup, in each state that changes which keys apply, the
//! footer and F1 help on screen are the table's rows, no key is bound twice, and a focused text
//! field keeps every printable key. A table row pressed does what its label says (spot checks).

use crate::support;

use amplify_auth::aws::{AppSummary, BackendInfo};
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::keys::{GLOBAL_KEYS, Keys};
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
    let draft = amplify_auth::tui::wizard::draft_file::Draft::of(&full_wizard(), &a.ctx);
    vec![
        (
            "resume".into(),
            Popup::ResumeDraft {
                id: draft.id.clone(),
                draft: Box::new(draft),
                more: 1,
                note: Some("being applied by job j-1: follow it in the job history".into()),
            },
        ),
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
        let global = amplify_auth::tui::keys::help(GLOBAL_KEYS, |_| true);
        for row in &keys.footer {
            let listed = keys.help.contains(row) || global.iter().any(|g| g.0 == row.0);
            assert!(listed, "{name}: help lists footer row {row:?}");
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
    // Wizard: F2 is in help ("next step, as Ctrl-N") and does it.
    let mut a = app(Screen::Wizard(Box::new(full_wizard())));
    assert!(
        a.screen
            .keys(0)
            .help
            .contains(&("F2", "next step, as Ctrl-N"))
    );
    press(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    let Screen::Wizard(w) = &a.screen else {
        panic!()
    };
    assert_ne!(w.step, Step::Target);
}

/// A key a line of screen text names, and the verb after it when the text says what it does
/// ("r retries": `r`, "retries").
#[derive(Debug, PartialEq)]
struct Named {
    key: String,
    verb: Option<String>,
}

const NAMED_KEYS: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "Shift-Tab",
    "Space",
    "Backspace",
    "Home",
    "End",
    "PgUp",
    "PgDn",
];

fn is_arrow(c: char) -> bool {
    "↑↓←→".contains(c)
}

/// A word that is a key by its name alone ("Enter", "Ctrl-r" as "Ctrl-R", "F1").
fn named_key(w: &str) -> Option<String> {
    if NAMED_KEYS.contains(&w) {
        return Some(w.to_string());
    }
    if let Some(rest) = w.strip_prefix("Ctrl-").or_else(|| w.strip_prefix("Alt-")) {
        let prefix = &w[..w.len() - rest.len()];
        return Some(format!("{prefix}{}", rest.to_uppercase()));
    }
    let f = w.strip_prefix('F')?;
    (!f.is_empty() && f.len() <= 2 && f.chars().all(|c| c.is_ascii_digit())).then(|| w.to_string())
}

fn single_char(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_ascii_alphabetic() || c == '?' || c == '/')
}

/// A word of keys joined by slashes, every part a key ("j/k", "Esc/F1", "Tab/↑↓"): its keys.
fn slashed_keys(w: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = w.split('/').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut out = vec![];
    for p in parts {
        if let Some(n) = named_key(p) {
            out.push(n);
        } else if p.chars().all(is_arrow) {
            out.extend(p.chars().map(String::from));
        } else if single_char(p) {
            out.push(p.to_string());
        } else {
            return None;
        }
    }
    Some(out)
}

/// The keys a line of screen text names: named keys ("Enter", "Ctrl-R", "PgUp"), arrows written
/// as keys ("↑↓", "←/→"; a lone "→" is prose), keys joined by a slash ("j/k", "Esc/F1"), and
/// single characters written as a key: "`r`", "(R)", "press a", or followed by what the key
/// does ("r retries", "e edits", "i to import"). "a", "A" and "I" count only after "press".
fn keys_named_in(line: &str) -> Vec<Named> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let core = |w: &str| {
        w.trim_matches(|c: char| "(){},.;:`'\"·".contains(c))
            .to_string()
    };
    // The next word, when it is a verb saying what the key does ("retries", "opens").
    let verb_after = |i: usize| {
        let n = core(words.get(i + 1)?);
        let verb = n.len() > 2
            && n != "yes"
            && n.ends_with('s')
            && n.chars().all(|c| c.is_ascii_lowercase());
        verb.then_some(n)
    };
    let mut out = vec![];
    for (i, w) in words.iter().enumerate() {
        let c = core(w);
        let mut push = |key: String| {
            out.push(Named {
                key,
                verb: verb_after(i),
            })
        };
        if c.is_empty() {
            continue;
        }
        if let Some(n) = named_key(&c) {
            push(n);
        } else if c.chars().count() >= 2 && c.chars().all(is_arrow) {
            c.chars().for_each(|a| push(a.to_string()));
        } else if let Some(keys) = slashed_keys(&c) {
            keys.into_iter().for_each(push);
        } else if single_char(&c) {
            let prev = i.checked_sub(1).map(|p| core(words[p]).to_lowercase());
            let pressed = prev.as_deref() == Some("press");
            let quoted = w.contains('`') || (w.starts_with('(') && w.ends_with(')'));
            // "y / n": single keys either side of a lone slash (a slash itself is the filter key
            // only when written as one: "(/ edits it").
            let around_slash =
                c != "/" && (words.get(i + 1) == Some(&"/") || (i > 0 && words[i - 1] == "/"));
            let next = words.get(i + 1).map(|n| core(n));
            let does = verb_after(i).is_some() || matches!(next.as_deref(), Some("to" | "again"));
            let does = does && (c != "/" || w.starts_with('('));
            let article = ["a", "A", "I"].contains(&c.as_str());
            if pressed || ((quoted || does || around_slash) && !article) {
                push(c);
            }
        }
    }
    out
}

fn key_names_in(line: &str) -> Vec<String> {
    keys_named_in(line).into_iter().map(|n| n.key).collect()
}

/// The keys a table row's label names ("e/Esc", "Ctrl-N, F2", "←/→ Space", "y").
fn label_keys(label: &str) -> Vec<String> {
    label
        .split([' ', ',', '/'])
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            if p.chars().all(is_arrow) {
                p.chars().map(String::from).collect()
            } else {
                vec![named_key(p).unwrap_or_else(|| p.to_string())]
            }
        })
        .collect()
}

/// Whether a verb in prose is the word a row uses ("reveals" and "reveal secrets"): the same
/// first three letters as the row's first word.
fn same_verb(verb: &str, what: &str) -> bool {
    let stem = |w: &str| w.chars().take(3).collect::<String>().to_lowercase();
    let first = what.split_whitespace().next().unwrap_or("");
    first.len() >= 3 && stem(verb) == stem(first)
}

#[test]
fn the_key_name_scanner_finds_keys_written_as_keys_and_not_prose() {
    let found = |s: &str| key_names_in(s);
    assert_eq!(found("Secret (r reveals)"), ["r"]);
    assert_eq!(found("✗ Could not list jobs: boom (r retries)"), ["r"]);
    assert_eq!(
        found("Type x and press Enter to delete; Esc cancels."),
        ["Enter", "Esc"]
    );
    assert_eq!(found("press a to set one up"), ["a"]);
    assert_eq!(found("Quit anyway? y / n"), ["y", "n"]);
    assert_eq!(
        found(" ↑↓ j/k move  Home/End g/G ends  Ctrl-r: shown"),
        ["↑", "↓", "j", "k", "Home", "End", "g", "G", "Ctrl-R"]
    );
    assert_eq!(found("open it and mark the two (Space, then d)"), ["Space"]);
    assert_eq!(found("then d compares"), ["d"]);
    assert_eq!(found("or i to import, (e) or (R)"), ["i", "e", "R"]);
    // Prose: arrows between words, articles, a slash between words, a lone letter.
    assert!(found("App ID → Services ID, a key (download the .p8 once)").is_empty());
    assert!(found("A wizard was left unfinished: BEGIN/END lines, and/or x").is_empty());
    assert!(found("app1 : dev / res  ⇄  prod / res").is_empty());
    assert_eq!(
        keys_named_in("Secret (r reveals)"),
        [Named {
            key: "r".into(),
            verb: Some("reveals".into())
        }]
    );
    assert_eq!(label_keys("Ctrl-N, F2"), ["Ctrl-N", "F2"]);
    assert_eq!(label_keys("←/→ Space"), ["←", "→", "Space"]);
    assert!(same_verb("reveals", "reveal secrets") && !same_verb("reveals", "reload"));
}

/// The names of the keys a screen binds: its table now, and for a wizard step every field's
/// (F1 help describes every field of the step, whichever has the focus).
fn bound_names(a: &App) -> Vec<String> {
    let mut names = a.screen.keys(a.now_ms).names();
    names.extend(amplify_auth::tui::help::editing_keys(a).names());
    if let Screen::Wizard(w) = &a.screen {
        let mut each = w.clone();
        for focus in 0..w.visible(w.step).len() {
            each.focus = focus;
            names.extend(each.keys().names());
            let at = app(Screen::Wizard(each.clone()));
            names.extend(amplify_auth::tui::help::editing_keys(&at).names());
        }
    }
    names
}

#[test]
fn every_key_named_on_screen_is_one_the_screen_or_its_popup_binds() {
    let global = Keys::of(GLOBAL_KEYS, |_| true, false).names();
    // Each wrong key and line once, with the first state that shows it.
    let mut wrong: Vec<(String, String, String)> = vec![];
    let mut check = |what: &str, text: &str, allowed: &[String], rows: &[(&str, &str)]| {
        for line in text.lines() {
            let line = line.trim_matches(|c: char| c == '│' || c.is_whitespace());
            for n in keys_named_in(line) {
                // Bound, and when the text says what it does and a row does that, that row's key
                // ("r reveals" where the reveal row is Ctrl-R's).
                let doing: Vec<&(&str, &str)> = match &n.verb {
                    Some(v) => rows.iter().filter(|r| same_verb(v, r.1)).collect(),
                    None => vec![],
                };
                let ok = allowed.contains(&n.key)
                    && (doing.is_empty() || doing.iter().any(|r| label_keys(r.0).contains(&n.key)));
                let k = n.key;
                if !ok && !wrong.iter().any(|w| w.1 == k && w.2 == line) {
                    wrong.push((what.to_string(), k, line.to_string()));
                }
            }
        }
    };
    for (name, mut a) in all_states() {
        let mut allowed = bound_names(&a);
        allowed.extend(global.iter().cloned());
        let rows = a.screen.keys(a.now_ms).help;
        check(&name, &draw(&a), &allowed, &rows);
        for (pname, p) in popups_over(&a) {
            let mut with = allowed.clone();
            let pk = popups::keys(&p);
            with.extend(pk.names());
            let mut rows = rows.clone();
            rows.extend(pk.help);
            a.popup = Some(p);
            check(&format!("{name} + {pname}"), &draw(&a), &with, &rows);
            a.popup = None;
        }
    }
    let report: Vec<String> = wrong
        .iter()
        .map(|(what, k, line)| format!("{what}: {k:?} is not bound, in {line:?}"))
        .collect();
    assert!(
        report.is_empty(),
        "{} keys named but not bound:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// Help over the focused field: what Ctrl-U does depends on the input (a one-line field clears
/// the line, a multi-line box undoes), and F1 and Ctrl-C are listed once, under "Everywhere".
#[test]
fn help_lists_the_focused_inputs_own_editing_keys_and_the_global_keys_once() {
    let help_over = |id: FieldId| {
        let mut w = full_wizard();
        let step = w
            .steps()
            .into_iter()
            .find(|s| w.visible(*s).contains(&id))
            .expect("a step shows the field");
        w.goto(step);
        w.focus = w.visible(step).iter().position(|f| *f == id).unwrap();
        let mut a = app(Screen::Wizard(Box::new(w)));
        a.popup = Some(Popup::Help);
        draw(&a)
    };
    let boxed = help_over(FieldId::SignInUris);
    assert!(
        boxed.contains(&format!(
            "  {:<24}{}",
            "Ctrl-U, Ctrl-W", "undo, delete word"
        )),
        "{boxed}"
    );
    assert!(!boxed.contains("clear line"), "{boxed}");
    let line = help_over(FieldId::ResourceName);
    assert!(
        line.contains(&format!(
            "  {:<24}{}",
            "Ctrl-U, Ctrl-W", "clear line, delete word"
        )),
        "{line}"
    );
    for text in [&boxed, &line] {
        for k in ["  F1 ", "  Ctrl-C "] {
            assert_eq!(text.matches(k).count(), 1, "{k:?} listed once:\n{text}");
        }
    }
}

#[test]
fn the_field_keys_help_lists_are_the_keys_the_field_takes() {
    use amplify_auth::tui::widgets::KeyOutcome;
    // Every key of a field kind's table does something to that field (none is listed idle).
    let fields = [
        Field::Toggle(false),
        Field::choice(&["a", "b", "c"], 1),
        Field::multi(&["a", "b"], &[]),
    ];
    for f in fields {
        let keys = f.keys();
        assert!(keys.clashes.is_empty(), "{f:?}: {:?}", keys.clashes);
        for name in keys.names() {
            let code = match name.as_str() {
                "←" => KeyCode::Left,
                "→" => KeyCode::Right,
                "Space" => KeyCode::Char(' '),
                c => KeyCode::Char(c.chars().next().unwrap()),
            };
            let mut g = f.clone();
            let out = g.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            assert_ne!(
                out,
                KeyOutcome::Ignored,
                "{f:?} ignores {name}, listed in help"
            );
        }
    }
}
