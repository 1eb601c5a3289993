//! Micro-benchmarks of the hot paths (issue 8): drawing each screen at 120×40, `update` per key,
//! validating a maximal config, and one signed GetBackendAuth round trip against an in-process
//! sandbox. Run `cargo bench` (or `cargo bench -- render` for one group). Whole-process figures
//! (start-up, keypress latency in a pty, RSS, throughput) are in `scripts/bench.sh`.
//!
//! One bench binary on purpose: each one links the whole SDK, so a second would double the
//! link time for nothing. The models are built the way the snapshot tests build them.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use amplify_auth::aws::overview::{AuthSummary, OverviewEvent, OverviewRow};
use amplify_auth::aws::{self, AppSummary, AuthResourceMeta, BackendInfo, Job, JobStatus};
use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::posture;
use amplify_auth::domain::samples::{default_config, hardened_config, maximal_config};
use amplify_auth::domain::validate::validate_config;
use amplify_auth::sandbox::{self, SandboxOptions, StatePath, demo};
use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::msg::Expect;
use amplify_auth::tui::msg::{Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::screens::environment::EnvView;
use amplify_auth::tui::screens::environments::EnvsView;
use amplify_auth::tui::screens::import::ImportForm;
use amplify_auth::tui::screens::job_history::JobsView;
use amplify_auth::tui::screens::job_pane::{JobPane, Phase, Verify};
use amplify_auth::tui::screens::overview::OverviewView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::view::render;
use amplify_auth::tui::widgets::Field;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 120;
const H: u16 = 40;

fn ctx() -> Context {
    Context {
        region: "us-east-1".into(),
        target: "sandbox http://127.0.0.1:PORT".into(),
    }
}

fn app(screen: Screen) -> App {
    let mut a = App::new(screen, ctx());
    a.size = (W, H);
    a.wall_now = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000));
    a
}

/// A create wizard with every conditional field showing: OAuth, all four providers, forgot
/// password, an Apple key pasted.
fn full_wizard(pem: &str) -> Wizard {
    let mut w = Wizard::new_create("d1a2b3c4demo", "dev", "", "us-east-1", "abcd1234");
    w.set_text(FieldId::DomainPrefix, "myapp-auth");
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
    for (id, v) in [
        (FieldId::GoogleId, "1234-abc.apps.googleusercontent.com"),
        (FieldId::GoogleSecret, "google-secret"),
        (FieldId::FacebookId, "1234567890"),
        (FieldId::FacebookSecret, "fb-secret"),
        (FieldId::AmazonId, "amzn1.application-oa2-client.abc"),
        (FieldId::AmazonSecret, "amzn-secret"),
        (FieldId::AppleServicesId, "com.example.app.signin"),
        (FieldId::AppleTeamId, "TEAM123456"),
        (FieldId::AppleKeyId, "ABCDEFGH12"),
    ] {
        w.set_text(id, v);
    }
    if let Field::Key { text, .. } = w.field_mut(FieldId::AppleKey) {
        text.paste(pem);
    }
    w.refresh();
    w
}

fn at(mut w: Wizard, step: Step, focus: usize) -> Wizard {
    w.step = step;
    w.focus = focus;
    w.visited
        .extend(Step::ALL.iter().copied().filter(|s| *s < step));
    w.refresh();
    w
}

fn backend_info() -> BackendInfo {
    BackendInfo {
        app_id: "d0a2b3c4demo".into(),
        app_name: "demo-app".into(),
        env: Some("staging".into()),
        environments: vec!["dev".into(), "staging".into()],
        auth_resources: vec![AuthResourceMeta {
            name: "demoappauth".into(),
            user_pool_id: Some("us-east-1_AbCdEfGhI".into()),
            user_pool_name: Some("demo_userpool".into()),
            app_client_id_web: Some("1example23456789".into()),
            app_client_id: Some("2example23456789".into()),
            identity_pool_id: Some("us-east-1:11111111-2222-3333-4444-555555555555".into()),
            hosted_ui_domain: Some("demo-auth".into()),
            imported: false,
        }],
        raw_meta: None,
        error: None,
    }
}

fn job(i: u64) -> Job {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 - i * 600);
    Job {
        app_id: "d0a2b3c4demo".into(),
        env: "staging".into(),
        job_id: format!("8f3e2a10-0000-4000-8000-{i:012}"),
        operation: Some(
            if i == 0 {
                "CreateBackendAuth"
            } else {
                "UpdateBackendAuth"
            }
            .into(),
        ),
        status: JobStatus::parse(if i == 1 { "FAILED" } else { "COMPLETED" }),
        error: (i == 1)
            .then(|| "Provided private key cannot be used for Sign in with Apple.".into()),
        create_time: Some(t),
        update_time: Some(t),
    }
}

fn job_pane(body: &str, phase: Phase) -> App {
    let mut j = JobPane::new(
        2,
        amplify_auth::tui::msg::Target::new("d1a2b3c4demo", "dev", "amplifyauthabcd1234"),
        "CreateBackendAuth",
        Expect::Config(Box::new(maximal_config(body))),
        0,
    );
    j.job_id = Some("8f3e2a10-0000-4000-8000-000000000001".into());
    j.timeline.push((800, "RUNNING".into()));
    j.status = "RUNNING".into();
    j.last_update_ms = Some(2800);
    if matches!(phase, Phase::Completed) {
        j.timeline.push((3900, "COMPLETED".into()));
        j.status = "COMPLETED".into();
        j.verify = Some(Verify::Matches);
    }
    j.phase = phase;
    let mut a = app(Screen::Job(Box::new(j)));
    a.now_ms = 4200;
    a
}

fn apps_app() -> App {
    let mut a = app(Screen::Apps(AppsView::default()));
    a.apps = Load::Loaded(
        (0..30)
            .map(|i| AppSummary {
                app_id: format!("d{i:02}a2b3c4demo"),
                name: format!("app-{i}"),
                description: None,
                platform: "WEB".into(),
                default_domain: None,
                repository: None,
                update_time: None,
            })
            .collect(),
    );
    a
}

/// Every screen the user can reach, by name.
fn screens(pem: &str, body: &str) -> Vec<(String, App)> {
    let mut out = Vec::new();
    let full = full_wizard(pem);
    for step in Step::ALL {
        out.push((
            format!("wizard_{step:?}"),
            app(Screen::Wizard(Box::new(at(full.clone(), step, 0)))),
        ));
    }
    let cfg = maximal_config(body);
    let mut edit = Wizard::new_edit("d1a2b3c4demo", "staging", "demoauth", &cfg, "us-east-1");
    edit.set_text(FieldId::MinLength, "14");
    out.push((
        "wizard_edit_review_diff".into(),
        app(Screen::Wizard(Box::new(at(edit, Step::Review, 0)))),
    ));
    out.push(("job_running".into(), job_pane(body, Phase::Running)));
    out.push(("job_completed".into(), job_pane(body, Phase::Completed)));

    out.push(("apps_30".into(), apps_app()));
    out.push((
        "envs".into(),
        app(Screen::Envs(EnvsView {
            app_id: "d0a2b3c4demo".into(),
            generation: 0,
            backend: Load::Loaded(backend_info()),
            list: Default::default(),
        })),
    ));
    let mut e = EnvView::new("d0a2b3c4demo", "staging", 0);
    e.backend = Load::Loaded(backend_info());
    e.jobs = Load::Loaded((0..5).map(job).collect());
    out.push(("env".into(), app(Screen::Env(e))));
    let meta = backend_info().auth_resources[0].clone();
    let mut v = ConfigView::new("d0a2b3c4demo", "staging", "demoappauth", Some(meta), 0);
    v.config = Load::Loaded(cfg.clone());
    out.push(("config".into(), app(Screen::Config(Box::new(v.clone())))));
    let mut j = JobsView::new("d0a2b3c4demo", "staging", 0);
    j.jobs = Load::Loaded((0..25).map(job).collect());
    out.push(("jobs_25".into(), app(Screen::Jobs(j))));
    out.push((
        "import".into(),
        app(Screen::Import(ImportForm::new("d0a2b3c4demo", "dev"))),
    ));
    let mut a = app(Screen::Wizard(Box::new(full.clone())));
    a.popup = Some(Popup::Help);
    out.push(("help_popup".into(), a));
    out
}

/// A full repaint: the view, ratatui's diff against a cleared buffer, and the backend write. This
/// is the worst case per frame; a keypress usually changes a few cells only.
fn bench_render(c: &mut Criterion) {
    let (pem, body) = generate_key();
    let mut g = c.benchmark_group("render_120x40");
    for (name, app) in screens(&pem, &body) {
        let mut t = Terminal::new(TestBackend::new(W, H)).expect("test backend");
        g.bench_function(&name, |b| {
            b.iter(|| {
                t.clear().expect("clear");
                t.draw(|f| render(black_box(&app), f)).expect("draw");
            })
        });
    }
    g.finish();
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// `update` for one key, on a fresh copy of the model each time (the copy is not timed).
fn bench_update(c: &mut Criterion) {
    let (pem, _) = generate_key();
    let full = full_wizard(&pem);
    let user_pool = at(full.clone(), Step::UserPool, 0);
    let social = at(full.clone(), Step::Social, 1);
    let mut g = c.benchmark_group("update_key");
    let plain = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    let cases = [
        // A text field: every key re-reads the fields and re-validates the whole config.
        (
            "type_char_user_pool_name",
            &user_pool,
            plain(KeyCode::Char('x')),
        ),
        // Same on the social step, where the Apple key is parsed again on each change.
        ("type_char_social", &social, plain(KeyCode::Char('x'))),
        ("tab", &user_pool, plain(KeyCode::Tab)),
        (
            "next_step_ctrl_s",
            &user_pool,
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        ),
    ];
    for (name, w, k) in cases {
        g.bench_function(name, |b| {
            b.iter_batched(
                || app(Screen::Wizard(Box::new(w.clone()))),
                |mut a| {
                    let fx = update(&mut a, Msg::Key(k));
                    black_box((a, fx))
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.bench_function("apps_list_down", |b| {
        b.iter_batched(
            apps_app,
            |mut a| {
                let fx = update(&mut a, key(KeyCode::Down));
                black_box((a, fx))
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// The Apple key check is the costly part (two P-256 multiplications); the parser keeps its last
/// answer, so `same_key` is what the wizard pays per keystroke and `new_key` what a first check
/// (or alternating keys) costs.
fn bench_validate(c: &mut Criterion) {
    let configs = [generate_key().1, generate_key().1].map(|body| maximal_config(&body));
    let mut g = c.benchmark_group("validate_maximal_config");
    g.bench_function("same_key", |b| {
        b.iter(|| validate_config(black_box(&configs[0])))
    });
    let mut i = 0;
    g.bench_function("new_key", |b| {
        b.iter(|| {
            i += 1;
            validate_config(black_box(&configs[i % 2]))
        })
    });
    g.finish();
}

/// One GetBackendAuth through the real SDK client: signing, HTTP on loopback, the sandbox's
/// SigV4 check, the SQLite read, and parsing the answer.
fn bench_sandbox(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (handle, clients) = rt.block_on(async {
        let h = sandbox::start(SandboxOptions {
            state: StatePath::Memory,
            demo: true,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox starts");
        let c = aws::clients_from_static(
            &h.endpoint,
            &h.access_key_id,
            &h.secret_access_key,
            &h.region,
            aws::Timeouts::default(),
        );
        (h, c)
    });
    let get = || clients.get_auth(demo::DEMO_APP_ID, "staging", demo::DEMO_AUTH_RESOURCE);
    rt.block_on(get()).expect("the demo resource reads back");
    c.bench_function("sandbox_get_backend_auth_sdk", |b| {
        b.iter(|| rt.block_on(get()).expect("GetBackendAuth"))
    });
    rt.block_on(handle.shutdown());
}

/// The rows of an account of `apps` demo-like apps, one to three environments each, in the
/// order a loader might send them (apps interleaved, as concurrent reads finish).
fn fleet_rows(apps: usize) -> Vec<OverviewRow> {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    let mut rows = Vec::new();
    for i in 0..apps {
        // Scattered, so that arrivals land all over the sorted order.
        let a = (i * 7919) % apps;
        for (k, env) in ["dev", "staging", "prod"]
            .iter()
            .take(1 + a % 3)
            .enumerate()
        {
            let cfg = if (a + k).is_multiple_of(2) {
                hardened_config("fleet")
            } else {
                default_config("fleet")
            };
            let job = Job {
                app_id: format!("dfleet{a:06}"),
                env: env.to_string(),
                job_id: format!("job{a}{k}"),
                operation: Some("UpdateBackendAuth".into()),
                status: JobStatus::Completed,
                error: None,
                create_time: Some(now - Duration::from_secs((a as u64 * 3_677) % 9_000_000)),
                update_time: None,
            };
            rows.push(OverviewRow {
                app_id: format!("dfleet{a:06}"),
                app_name: format!("fleet-app-{:03}", a + 1),
                env: Some(env.to_string()),
                resource: Some(format!("fleet{a:06}auth")),
                auth: Some(Box::new(AuthSummary::of(&cfg))),
                findings: posture::config_findings(env, &cfg),
                last_job: Some(job),
                errors: vec![],
            });
        }
    }
    rows
}

/// The overview with these rows taken in, two per message.
fn overview_app(rows: &[OverviewRow]) -> App {
    let mut a = app(Screen::Overview(Box::new(OverviewView::new(
        Default::default(),
        0,
    ))));
    feed(&mut a, rows);
    a
}

fn feed(a: &mut App, rows: &[OverviewRow]) {
    for pair in rows.chunks(2) {
        let event = OverviewEvent::Rows {
            rows: pair.to_vec(),
            progress: Default::default(),
        };
        update(
            a,
            Msg::Overview {
                generation: 0,
                event,
            },
        );
    }
}

/// The account overview (issue 29) at 1,000 and 10,000 apps: taking in every row (per row, the
/// time must not grow with the rows already there), one key of each kind on the loaded screen,
/// and a full repaint, which must not grow with the rows at all.
fn bench_overview(c: &mut Criterion) {
    let mut g = c.benchmark_group("overview");
    for apps in [1_000, 10_000] {
        let rows = fleet_rows(apps);
        let n = rows.len();
        g.bench_function(format!("take_in_all_{n}_rows_{apps}_apps"), |b| {
            b.iter_batched(
                || (rows.clone(), overview_app(&[])),
                |(rows, mut a)| {
                    feed(&mut a, &rows);
                    black_box(a)
                },
                BatchSize::LargeInput,
            )
        });
        let mut a = overview_app(&rows);
        // Alternating keys, so the screen ends where it started and every iteration is alike.
        let pairs: [(&str, KeyCode, KeyCode); 3] = [
            ("key_j_k", KeyCode::Char('j'), KeyCode::Char('k')),
            (
                "key_sort_s_then_reverse_S",
                KeyCode::Char('s'),
                KeyCode::Char('S'),
            ),
            ("key_findings_f", KeyCode::Char('f'), KeyCode::Char('f')),
        ];
        for (name, k1, k2) in pairs {
            g.bench_function(format!("{name}_{apps}_apps"), |b| {
                b.iter(|| {
                    black_box(update(&mut a, key(k1)));
                    black_box(update(&mut a, key(k2)));
                })
            });
        }
        // Typing one more character of the filter (narrowing) and deleting it (all rows matched
        // again).
        update(&mut a, key(KeyCode::Char('/')));
        for ch in "fleet-app-1".chars() {
            update(&mut a, key(KeyCode::Char(ch)));
        }
        g.bench_function(format!("key_filter_type_and_delete_{apps}_apps"), |b| {
            b.iter(|| {
                black_box(update(&mut a, key(KeyCode::Char('2'))));
                black_box(update(&mut a, key(KeyCode::Backspace)));
            })
        });
        update(&mut a, key(KeyCode::Esc));
        let mut t = Terminal::new(TestBackend::new(W, H)).expect("test backend");
        g.bench_function(format!("render_120x40_{apps}_apps"), |b| {
            b.iter(|| {
                t.clear().expect("clear");
                t.draw(|f| render(black_box(&a), f)).expect("draw");
            })
        });
        // The all-findings pane open.
        update(&mut a, key(KeyCode::Char('f')));
        update(&mut a, key(KeyCode::Char('f')));
        g.bench_function(format!("render_120x40_all_findings_{apps}_apps"), |b| {
            b.iter(|| {
                t.clear().expect("clear");
                t.draw(|f| render(black_box(&a), f)).expect("draw");
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    // Short runs: the figures are far from their budgets, and the machine is shared.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50);
    targets = bench_render, bench_update, bench_validate, bench_sandbox, bench_overview
}
criterion_main!(benches);
