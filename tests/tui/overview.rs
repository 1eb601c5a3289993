//! The account overview screen driven through the pure `update`: opened from the apps screen,
//! rows fed in as the loader's messages, then sorted, filtered, opened and left. Snapshots show
//! each state at 120x40 (the width its columns are made for) and one at 80x24.

use crate::support;

use std::time::{Duration, SystemTime};
use support::app::screen::draw;

use amplify_auth::aws::overview::{AuthSummary, OverviewEvent, OverviewProgress, OverviewRow};
use amplify_auth::aws::{ApiError, ErrorKind, Job, JobStatus};
use amplify_auth::domain::finding::Severity;
use amplify_auth::domain::posture::{self, JobFact, JobState};
use amplify_auth::domain::samples::{default_config, hardened_config, maximal_config};
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::{Effect, Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::overview::{Column, Pane, Phase};
use amplify_auth::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::app::key;

fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

fn ch(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(key(code)))
}

/// The apps screen, `o` pressed: the overview is open and asked the runner to load.
fn opened() -> (App, u64) {
    let mut app = App::new(
        Screen::Apps(AppsView::default()),
        Context {
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    );
    app.wall_now = Some(now());
    app.size = (120, 40);
    app.apps = Load::Loaded(vec![]);
    let fx = update(&mut app, ch('o'));
    let generation = match fx.as_slice() {
        [
            Effect::LoadOverview {
                generation,
                request,
            },
        ] => {
            assert_eq!(request.app_id, None, "the whole account");
            *generation
        }
        other => panic!("expected one LoadOverview, got {other:?}"),
    };
    assert!(matches!(app.screen, Screen::Overview(_)));
    (app, generation)
}

fn job(status: JobStatus, op: &str, secs_ago: u64) -> Job {
    Job {
        app_id: String::new(),
        env: String::new(),
        job_id: format!("job-{op}-{secs_ago}"),
        operation: Some(op.into()),
        status,
        error: None,
        create_time: Some(now() - Duration::from_secs(secs_ago)),
        update_time: None,
    }
}

fn fact(j: &Job) -> JobFact {
    JobFact {
        job_id: j.job_id.clone(),
        operation: j.operation.clone(),
        state: match j.status {
            JobStatus::Failed => JobState::Failed,
            JobStatus::Running => JobState::Running,
            _ => JobState::Completed,
        },
        error: j.error.clone(),
        create_time: j.create_time,
    }
}

/// A row of a resource with `cfg`, its findings from the real rules.
fn resource_row(
    app: &str,
    env: &str,
    res: &str,
    cfg: amplify_auth::domain::AuthConfig,
    last: Job,
) -> OverviewRow {
    let mut findings = posture::config_findings(env, &cfg);
    findings.extend(posture::job_findings(&[fact(&last)], now()));
    OverviewRow {
        app_id: format!("d{app}0001"),
        app_name: app.into(),
        env: Some(env.into()),
        resource: Some(res.into()),
        auth: Some(Box::new(AuthSummary::of(&cfg))),
        last_job: Some(last),
        findings,
        errors: vec![],
    }
}

fn no_auth_row(app: &str, env: &str, last: Job) -> OverviewRow {
    OverviewRow {
        app_id: format!("d{app}0001"),
        app_name: app.into(),
        env: Some(env.into()),
        resource: None,
        auth: None,
        findings: posture::job_findings(&[fact(&last)], now()),
        last_job: Some(last),
        errors: vec![],
    }
}

fn error_row() -> OverviewRow {
    OverviewRow {
        app_id: "dcrm0001".into(),
        app_name: "crm".into(),
        env: Some("staging".into()),
        resource: Some("crmauth".into()),
        auth: None,
        last_job: None,
        findings: vec![],
        errors: vec![ApiError::new(
            "GetBackendAuth",
            ErrorKind::Service {
                code: "NotFoundException".into(),
                message: "The auth resource crmauth was not found".into(),
                status: Some(404),
            },
            "",
        )],
    }
}

fn progress(done: usize, found: usize, rows: usize, errors: usize) -> OverviewProgress {
    OverviewProgress {
        apps_found: 4,
        apps_complete: true,
        apps_listed: if done == found { 4 } else { 2 },
        envs_found: found,
        envs_done: done,
        rows,
        rows_with_errors: errors,
    }
}

fn feed(app: &mut App, generation: u64, event: OverviewEvent) {
    let fx = update(app, Msg::Overview { generation, event });
    assert!(fx.is_empty(), "rows arriving start nothing: {fx:?}");
}

/// Two environments read of five, the first two rows in.
fn loading() -> (App, u64) {
    let (mut app, g) = opened();
    feed(&mut app, g, OverviewEvent::Progress(progress(0, 5, 0, 0)));
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![resource_row(
                "shop",
                "prod",
                "shopauth",
                maximal_config(""),
                job(JobStatus::Completed, "UpdateBackendAuth", 7200),
            )],
            progress: progress(1, 5, 1, 0),
        },
    );
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![resource_row(
                "blog",
                "dev",
                "blogauth",
                default_config("blog"),
                job(JobStatus::Running, "CreateBackendAuth", 3 * 3600),
            )],
            progress: progress(2, 5, 2, 0),
        },
    );
    (app, g)
}

/// Every environment read, with an environment without auth and a row whose read failed.
fn loaded() -> (App, u64) {
    loaded_with(vec![])
}

/// As [`loaded`], with `more` rows among the others.
fn loaded_with(more: Vec<OverviewRow>) -> (App, u64) {
    let (mut app, g) = loading();
    let mut rows = vec![
        resource_row(
            "shop",
            "dev",
            "shopauth",
            hardened_config("shop"),
            job(JobStatus::Completed, "CreateBackendAuth", 86400 * 3),
        ),
        no_auth_row(
            "api",
            "main",
            Job {
                error: Some("Stack update failed".into()),
                ..job(JobStatus::Failed, "CreateBackendAuth", 600)
            },
        ),
        error_row(),
    ];
    rows.extend(more);
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows,
            progress: progress(5, 5, 5, 1),
        },
    );
    feed(&mut app, g, OverviewEvent::Done(progress(5, 5, 5, 1)));
    (app, g)
}

fn view(app: &App) -> &amplify_auth::tui::screens::overview::OverviewView {
    match &app.screen {
        Screen::Overview(v) => v,
        s => panic!("not on the overview: {}", s.title()),
    }
}

#[test]
fn loading_shows_the_rows_so_far_and_the_progress() {
    let (app, _) = loading();
    let text = draw(&app, 120, 40);
    assert!(text.contains("Loading: 2 of 5 environments read"), "{text}");
    assert!(
        text.contains("shopauth") && text.contains("blogauth"),
        "{text}"
    );
    insta::assert_snapshot!("overview_loading", text);
    insta::assert_snapshot!("overview_loading_80x24", draw(&app, 80, 24));
}

#[test]
fn loaded_lists_every_row_with_its_error_row() {
    let (app, _) = loaded();
    assert_eq!(view(&app).phase, Phase::Done);
    let text = draw(&app, 120, 40);
    assert!(
        text.contains("Loaded: 5 of 5 environments read (4 apps), 1 with errors"),
        "{text}"
    );
    assert!(text.contains("(no auth)"), "{text}");
    assert!(
        text.contains("✗ GetBackendAuth failed: NotFoundException"),
        "the failed read shows its error in its row: {text}"
    );
    insta::assert_snapshot!("overview_loaded", text);
}

#[test]
fn rows_of_an_older_load_are_dropped() {
    let (mut app, g) = loaded();
    let before = view(&app).rows.len();
    // `r` starts again under a new generation; late rows of the first load must not land.
    let fx = update(&mut app, ch('r'));
    let g2 = match fx.as_slice() {
        [Effect::LoadOverview { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    assert_ne!(g, g2);
    assert!(view(&app).rows.is_empty());
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![error_row()],
            progress: progress(1, 1, 1, 1),
        },
    );
    assert!(view(&app).rows.is_empty(), "had {before} rows before");
}

#[test]
fn s_sorts_by_the_next_column_and_capital_s_reverses() {
    let (mut app, _) = loaded();
    // App first: api, blog, crm, shop, shop.
    let first = |app: &App| view(app).rows[view(app).shown()[0]].app_name.clone();
    assert_eq!(first(&app), "api");
    // Move the sort to FIND (the last column), then most findings first.
    while view(&app).sort != Column::Findings {
        update(&mut app, ch('s'));
    }
    update(&mut app, ch('S'));
    let counts: Vec<usize> = view(&app)
        .shown()
        .iter()
        .map(|&i| view(&app).rows[i].findings.len())
        .collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(counts, sorted, "descending by findings");
    assert!(counts[0] > counts[counts.len() - 1]);
    let text = draw(&app, 120, 40);
    assert!(text.contains("sorted by FIND ↓"), "{text}");
    insta::assert_snapshot!("overview_sorted", text);
}

#[test]
fn slash_filters_through_the_focused_input() {
    let (mut app, _) = loaded();
    update(&mut app, ch('/'));
    assert!(app.screen_typing());
    // A paste and typed keys reach the filter the same way.
    update(&mut app, Msg::Paste("sho".into()));
    update(&mut app, ch('p'));
    assert_eq!(view(&app).shown().len(), 2, "the shop rows");
    press(&mut app, KeyCode::Enter);
    assert!(!app.screen_typing());
    let text = draw(&app, 120, 40);
    assert!(
        text.contains("Filter: shop") && !text.contains("blogauth"),
        "{text}"
    );
    insta::assert_snapshot!("overview_filtered", text);
}

#[test]
fn the_error_row_shows_its_error_in_the_findings_pane() {
    let (mut app, _) = loaded();
    update(&mut app, ch('/'));
    update(&mut app, Msg::Paste("crm".into()));
    press(&mut app, KeyCode::Enter);
    update(&mut app, ch('f'));
    assert_eq!(view(&app).pane, Pane::Row);
    let text = draw(&app, 120, 40);
    assert!(
        text.contains("Findings of crm / staging / crmauth"),
        "{text}"
    );
    assert!(
        text.contains("The auth resource crmauth was not found"),
        "{text}"
    );
    insta::assert_snapshot!("overview_error_row", text);
}

/// A row whose findings do not fit: the pane grows up to 60 % of the screen, then scrolls with
/// J/K, which its border names; another row starts at the top again.
#[test]
fn a_findings_pane_too_small_for_its_row_grows_then_scrolls() {
    let (mut app, g) = loading();
    // A resource with every finding the default config has, twice over.
    let mut many = resource_row(
        "many",
        "dev",
        "manyauth",
        default_config("many"),
        job(JobStatus::Running, "CreateBackendAuth", 3 * 3600),
    );
    many.findings.extend(many.findings.clone());
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![many],
            progress: progress(3, 5, 3, 0),
        },
    );
    update(&mut app, ch('/'));
    update(&mut app, Msg::Paste("many".into()));
    press(&mut app, KeyCode::Enter);
    update(&mut app, ch('f'));
    let (w, h) = (80, 24);
    let text = draw(&app, w, h);
    let lines: Vec<&str> = text.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("Findings of many / dev / manyauth"))
        .unwrap_or_else(|| panic!("{text}"));
    let bottom = lines[top..]
        .iter()
        .position(|l| l.starts_with('└'))
        .map(|p| top + p)
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        bottom - top + 1 > usize::from(h) * 2 / 5,
        "the pane grew past 40 %:\n{text}"
    );
    assert!(
        lines[bottom].contains("lines 1–") && lines[bottom].contains("J/K"),
        "the border says which lines show and how to scroll:\n{text}"
    );
    let first = lines[top + 1].to_string();
    update(&mut app, ch('J'));
    let scrolled = draw(&app, w, h);
    assert!(scrolled.contains("lines 4–"), "{scrolled}");
    let now_first = scrolled.lines().nth(top + 1).unwrap_or_default();
    assert_ne!(now_first, first, "{scrolled}");
    assert!(
        text.contains(now_first),
        "the fourth line is now the first:\n{scrolled}"
    );
    // Another row, and back: its findings from the top.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Down);
    assert!(draw(&app, w, h).contains("lines 1–"));
}

#[test]
fn the_findings_pane_shows_the_row_then_every_row() {
    let (mut app, _) = loaded();
    // The first row by app is api/main: its FAILED job.
    update(&mut app, ch('f'));
    let text = draw(&app, 120, 40);
    assert!(text.contains("Findings of api / main"), "{text}");
    assert!(text.contains(posture::ids::LAST_JOB_FAILED), "{text}");
    update(&mut app, ch('f'));
    assert_eq!(view(&app).pane, Pane::All);
    let count = |s| {
        view(&app)
            .rows
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    assert!(
        e > 0 && w > 2,
        "the fixture has findings of both kinds in several rows"
    );
    let text = draw(&app, 120, 40);
    assert!(
        text.contains(&format!("All findings: {e} errors, {w} warnings")),
        "{text}"
    );
    assert!(
        text.contains("blog / dev / blogauth: multi-factor"),
        "{text}"
    );
    insta::assert_snapshot!("overview_findings_pane", text);
    // The pane follows the cursor: from the last row down, only its findings are left.
    press(&mut app, KeyCode::End);
    let text = draw(&app, 120, 40);
    assert!(!text.contains("blog / dev / blogauth:"), "{text}");
    assert!(text.contains("shop / prod / shopauth:"), "{text}");
    update(&mut app, ch('f'));
    assert_eq!(view(&app).pane, Pane::Off);
}

#[test]
fn enter_opens_the_config_and_rows_keep_arriving_underneath() {
    let (mut app, g) = loading();
    // Sorted by app: blog/dev/blogauth first.
    let fx = press(&mut app, KeyCode::Enter);
    match &app.screen {
        Screen::Config(v) => {
            assert_eq!((v.app_id.as_str(), v.env.as_str()), ("dblog0001", "dev"));
            assert_eq!(v.resource, "blogauth");
        }
        s => panic!("expected the config, got {}", s.title()),
    }
    assert!(
        fx.iter().any(|f| matches!(f, Effect::LoadAuth { .. })),
        "{fx:?}"
    );
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![error_row()],
            progress: progress(3, 5, 3, 1),
        },
    );
    // Back on the overview: the row that came meanwhile is there, and nothing reloads.
    let fx = press(&mut app, KeyCode::Esc);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(view(&app).rows.len(), 3);
    assert_eq!(view(&app).progress.envs_done, 3);
}

#[test]
fn enter_on_an_environment_without_auth_opens_the_environment() {
    let (mut app, _) = loaded();
    // api/main, no auth, is first.
    press(&mut app, KeyCode::Enter);
    match &app.screen {
        Screen::Env(v) => assert_eq!((v.app_id.as_str(), v.env.as_str()), ("dapi0001", "main")),
        s => panic!("expected the environment, got {}", s.title()),
    }
}

#[test]
fn esc_while_loading_stops_the_loader_and_goes_back() {
    let (mut app, g) = loading();
    let fx = press(&mut app, KeyCode::Esc);
    assert!(
        fx.iter()
            .any(|f| matches!(f, Effect::StopOverview { generation } if *generation == g)),
        "{fx:?}"
    );
    assert!(matches!(app.screen, Screen::Apps(_)));
    // Once everything is loaded there is nothing to stop: Esc only goes back.
    let (mut app, _) = loaded();
    let fx = press(&mut app, KeyCode::Esc);
    assert!(
        !fx.iter().any(|f| matches!(f, Effect::StopOverview { .. })),
        "{fx:?}"
    );
    assert!(matches!(app.screen, Screen::Apps(_)));
}

#[test]
fn a_failed_load_says_why() {
    let (mut app, g) = opened();
    feed(
        &mut app,
        g,
        OverviewEvent::Failed(ApiError::new(
            "ListApps",
            ErrorKind::Service {
                code: "AccessDeniedException".into(),
                message: "not allowed".into(),
                status: Some(403),
            },
            "",
        )),
    );
    let text = draw(&app, 120, 40);
    assert!(
        text.contains("✗ Could not load the account: ListApps failed"),
        "{text}"
    );
    assert!(matches!(view(&app).phase, Phase::Failed(_)));
}

/// The table's lines (header and rows) of a drawn screen, inside the border.
fn table_lines(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with("│  APP"))
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Issue 28: at 80 columns the findings column (the point of the overview) stays whole and the
/// other columns give way, each cut value ending with …; at 120 and 200 nothing is cut that fits.
#[test]
fn the_findings_column_stays_at_every_width_and_cut_values_end_with_an_ellipsis() {
    let (app, _) = loaded();
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        let text = draw(&app, w, h);
        let lines = table_lines(&text);
        assert!(lines[0].trim_end().ends_with("FIND"), "{w}: {}", lines[0]);
        // The rows that loaded end with their count of findings, whole.
        for l in &lines[1..] {
            if !l.contains('✗') {
                let last = l.split_whitespace().last().unwrap_or("");
                assert!(last.parse::<usize>().is_ok(), "{w}: no count in {l:?}");
            }
        }
        // Nothing runs into the border: the last character before it is blank or a cut's ….
        for l in text.lines().filter(|l| l.starts_with('│')) {
            let inner: Vec<char> = l.trim_end_matches('│').chars().collect();
            let last = inner.last().copied().unwrap_or(' ');
            assert!(
                last == ' ' || last == '…' || last.is_ascii_digit() || l.ends_with("FIND│"),
                "{w}: cut at the border without …: {l:?}"
            );
        }
        insta::assert_snapshot!(format!("overview_loaded_{w}x{h}"), text);
    }
}

/// Issue 28: at 120 columns the last job's age was cut ("COMPLETED Create 2…"), with a row as
/// wide as the demo's staging (OAuth, two providers, MFA with TOTP). The other columns give way
/// first.
#[test]
fn the_last_jobs_age_stays_whole_at_120_columns() {
    let (app, _) = loaded_with(vec![resource_row(
        "demo-app",
        "staging",
        "demoappauth",
        maximal_config(""),
        job(JobStatus::Completed, "CreateBackendAuth", 86400 - 600),
    )]);
    let text = draw(&app, 120, 40);
    let lines = table_lines(&text);
    let demo = lines.iter().find(|l| l.contains("demo")).expect(&text);
    assert!(demo.contains("COMPLETED Create 23h"), "{text}");
    // No last job cut: the cells under LAST JOB (in characters) hold no ….
    let at = |name: &str| lines[0][..lines[0].find(name).unwrap()].chars().count();
    let (from, to) = (at("LAST JOB"), at("FIND"));
    for l in &lines[1..] {
        let cell: String = l.chars().skip(from).take(to - from).collect();
        assert!(!cell.contains('…'), "a last job cut at 120: {l:?}\n{text}");
    }
    insta::assert_snapshot!("overview_wide_row_120x40", text);
}

/// The sort mark shows on a header cut to fit: the name gives way, not the mark.
#[test]
fn the_sort_mark_shows_on_a_cut_header() {
    let (mut app, _) = loaded();
    while view(&app).sort != Column::Providers {
        update(&mut app, ch('s'));
    }
    let text = draw(&app, 80, 24);
    let header = table_lines(&text)[0].clone();
    assert!(header.contains("…*"), "{header}");
    assert!(!header.contains("PROVIDERS"), "cut at 80: {header}");
    insta::assert_snapshot!("overview_sorted_cut_80x24", text);
}

/// After a new order the cursor stays on its resource, not on its row number.
#[test]
fn the_cursor_follows_its_resource_when_the_order_changes() {
    let (mut app, _) = loaded();
    press(&mut app, KeyCode::Down);
    let on = |app: &App| {
        let v = view(app);
        let r = &v.rows[v.shown()[v.list.cursor]];
        (r.app_name.clone(), r.env.clone())
    };
    let before = on(&app);
    assert_eq!(before.0, "blog");
    update(&mut app, ch('S'));
    assert_eq!(on(&app), before, "after S");
    while view(&app).sort != Column::Findings {
        update(&mut app, ch('s'));
        assert_eq!(on(&app), before, "after s to {:?}", view(&app).sort);
    }
}

/// Issue 24: names holding ESC, BEL, NUL and U+202E are shown escaped in the overview, never
/// stripped or rewritten, and the columns after them line up with their headers (an escaped name
/// is wider than its characters; the widths are counted on what is shown).
#[test]
fn hostile_names_are_shown_escaped_and_the_columns_stay_aligned() {
    use amplify_auth::term_text::{is_hostile, shown};
    let app_name = "shop\u{1b}[2J\u{7}";
    let env = "pr\u{0}od\u{202e}x";
    let res = "auth\u{1b}]52;c;cHduZWQ=\u{7}";
    let (mut app, g) = opened();
    let mut row = resource_row(
        app_name,
        env,
        res,
        default_config("shop"),
        job(JobStatus::Completed, "CreateBackendAuth", 60),
    );
    row.app_id = "dhostile01".into();
    feed(
        &mut app,
        g,
        OverviewEvent::Rows {
            rows: vec![row],
            progress: progress(1, 1, 1, 0),
        },
    );
    feed(&mut app, g, OverviewEvent::Done(progress(1, 1, 1, 0)));
    let text = draw(&app, 200, 30);
    assert!(
        !text.chars().any(|c| is_hostile(c) && c != '\n'),
        "a raw control reached the buffer: {text:?}"
    );
    for name in [app_name, env, res] {
        assert!(
            text.contains(shown(name).as_ref()),
            "{name:?} not shown escaped: {text}"
        );
    }
    assert!(text.contains(r"shop\x1b[2J\x07"), "{text}");
    assert!(text.contains(r"pr\x00od\u{202e}x"), "{text}");
    let lines = table_lines(&text);
    let (header, row) = (&lines[0], &lines[1]);
    let at = |l: &str, s: &str| l.find(s).map(|b| l[..b].chars().count());
    assert_eq!(at(header, "ENV"), at(row, r"pr\x00"), "{header}\n{row}");
    assert_eq!(
        at(header, "RESOURCE"),
        at(row, r"auth\x1b"),
        "{header}\n{row}"
    );
    assert_eq!(
        at(header, "LAST JOB"),
        at(row, "COMPLETED Create"),
        "{header}\n{row}"
    );
    // `/` finds the row by what is shown.
    update(&mut app, ch('/'));
    for c in r"od\u{202e}".chars() {
        update(&mut app, ch(c));
    }
    assert_eq!(view(&app).shown().len(), 1, "found by its escaped name");
    insta::assert_snapshot!("overview_hostile_names_200x30", draw(&app, 200, 30));
}
