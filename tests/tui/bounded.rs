//! Bounded inputs on the app side: huge pastes, huge or odd files given as a `.p8`, binary data,
//! very long lines, and terminal escape sequences in what the service sends (names, errors,
//! configs). Nothing crashes, every field stays within its bound, the screen still renders, and
//! no control character reaches the rendered buffer.

use crate::support;
use support::app::{ctx, shop_wizard, wizard_app};

use std::time::Duration;

use amplify_auth::aws::{self, Clients};
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::{Load, Msg};
use amplify_auth::tui::screens::apps::AppsView;
use amplify_auth::tui::update::update;
use amplify_auth::tui::widgets::Field;
use amplify_auth::tui::widgets::field::MAX_BOX_BYTES;
use amplify_auth::tui::widgets::line_input::MAX_LINE_CHARS;
use amplify_auth::tui::wizard::fields::FieldId;
use amplify_auth::tui::wizard::fields::FieldValues;
use amplify_auth::tui::wizard::mode::KeyState;
use amplify_auth::tui::wizard::state::Wizard;
use amplify_auth::tui::wizard::steps::Step;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::app::driver::{Driver, screen_text};
use support::app::{ctrl, key};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn wiz(app: &App) -> &Wizard {
    match &app.screen {
        Screen::Wizard(w) => w,
        _ => panic!("expected the wizard"),
    }
}

fn wiz_mut(app: &mut App) -> &mut Wizard {
    match &mut app.screen {
        Screen::Wizard(w) => w,
        _ => panic!("expected the wizard"),
    }
}

fn focus(app: &mut App, step: Step, id: FieldId) {
    let w = wiz_mut(app);
    w.step = step;
    w.focus = w
        .visible(step)
        .iter()
        .position(|f| *f == id)
        .expect("visible");
}

/// Renders at a size and checks no control character made it into any cell.
fn render_clean(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| amplify_auth::tui::view::render(app, f)).unwrap();
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
    screen_text(&t)
}

/// A few MB of mixed text: long lines, newlines, CRs, tabs, escapes, multi-byte characters.
fn huge_paste(bytes: usize) -> String {
    let unit = "abcdefghij-0123456789 ünïcødé 🦀\t\x1b[31mred\x1b[0m\r\n";
    unit.repeat(bytes / unit.len() + 1)
}

/// Deterministic "binary" data: every byte value, shuffled by a fixed LCG.
fn binary(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn a_5_mb_paste_into_a_text_field_is_cut_to_its_bound() {
    let mut app = wizard_app(shop_wizard(), ctx());
    focus(&mut app, Step::Target, FieldId::ResourceName);
    let big = huge_paste(5 * 1024 * 1024);
    assert!(big.len() >= 5 * 1024 * 1024);
    update(&mut app, Msg::Paste(big.clone()));
    let v = wiz(&app).text(FieldId::ResourceName);
    assert_eq!(v.chars().count(), MAX_LINE_CHARS);
    assert!(
        !v.chars().any(char::is_control),
        "no control characters kept"
    );
    // The field is flagged, not silently accepted, and the screen still draws at both sizes.
    assert!(wiz(&app).error_count() > 0);
    let screen = render_clean(&app, 120, 40);
    assert!(screen.contains("Create auth resource"), "{screen}");
    render_clean(&app, 80, 24);
    // Typing on at the bound is refused without a crash; the review renders too.
    update(&mut app, Msg::Key(key(KeyCode::Char('x'))));
    assert_eq!(
        wiz(&app).text(FieldId::ResourceName).chars().count(),
        MAX_LINE_CHARS
    );
    wiz_mut(&mut app).step = Step::Review;
    render_clean(&app, 120, 40);
}

#[test]
fn a_5_mb_paste_into_the_key_box_is_cut_masked_and_refused() {
    let mut app = wizard_app(shop_wizard(), ctx());
    {
        let w = wiz_mut(&mut app);
        *w.field_mut(FieldId::OAuthEnabled) = Field::Toggle(true);
        *w.field_mut(FieldId::AppleEnabled) = Field::Toggle(true);
        w.refresh();
    }
    focus(&mut app, Step::Social, FieldId::AppleKey);
    update(&mut app, Msg::Paste(huge_paste(5 * 1024 * 1024)));
    let v = wiz(&app).text(FieldId::AppleKey);
    assert!(
        v.len() <= MAX_BOX_BYTES && v.len() > MAX_BOX_BYTES - 64,
        "{}",
        v.len()
    );
    assert!(!v.contains('\x1b') && !v.contains('\r'));
    assert!(matches!(wiz(&app).key_state, KeyState::Invalid(_)));
    let screen = render_clean(&app, 120, 40);
    assert!(!screen.contains("abcdefghij"), "the key box stays masked");
    // More keys at the bound change nothing and do not crash.
    update(&mut app, Msg::Key(key(KeyCode::Char('x'))));
    update(&mut app, Msg::Key(key(KeyCode::Enter)));
    assert!(wiz(&app).text(FieldId::AppleKey).len() <= MAX_BOX_BYTES);
    update(&mut app, Msg::Key(ctrl('r')));
    render_clean(&app, 120, 40);
    wiz_mut(&mut app).step = Step::Review;
    render_clean(&app, 120, 40);
}

#[test]
fn binary_data_pasted_anywhere_is_cleaned() {
    let junk = String::from_utf8_lossy(&binary(64 * 1024)).to_string();
    assert!(junk.chars().any(|c| c == '\x1b' || c == '\0'));
    for (step, id) in [
        (Step::Target, FieldId::ResourceName),
        (Step::Messages, FieldId::VerifyBody),
        (Step::OAuth, FieldId::SignInUris),
    ] {
        let mut app = wizard_app(shop_wizard(), ctx());
        if step == Step::OAuth {
            *wiz_mut(&mut app).field_mut(FieldId::OAuthEnabled) = Field::Toggle(true);
            wiz_mut(&mut app).refresh();
        }
        focus(&mut app, step, id);
        update(&mut app, Msg::Paste(junk.clone()));
        let v = wiz(&app).text(id);
        assert!(!v.is_empty(), "{id:?} took the printable part");
        assert!(
            !v.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{id:?} kept a control character"
        );
        render_clean(&app, 120, 40);
    }
}

#[test]
fn very_long_lines_render_and_stay_bounded() {
    let mut app = wizard_app(shop_wizard(), ctx());
    *wiz_mut(&mut app).field_mut(FieldId::OAuthEnabled) = Field::Toggle(true);
    wiz_mut(&mut app).refresh();
    focus(&mut app, Step::OAuth, FieldId::SignInUris);
    let line = format!("https://example.com/{}", "a".repeat(1_000_000));
    update(&mut app, Msg::Paste(line));
    let v = wiz(&app).text(FieldId::SignInUris);
    assert!(v.len() <= MAX_BOX_BYTES);
    assert!(wiz(&app).error_count() > 0, "an over-long URI is an error");
    render_clean(&app, 120, 40);
    render_clean(&app, 80, 24);
    wiz_mut(&mut app).step = Step::Review;
    let screen = render_clean(&app, 120, 40);
    assert!(screen.contains("Review"), "{screen}");
}

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Envs(v) => format!("envs {}", v.backend.clone().map_loaded()),
        Screen::Env(v) => format!(
            "env backend={} jobs={}",
            v.backend.clone().map_loaded(),
            matches!(v.jobs, Load::Failed(_))
        ),
        Screen::Config(v) => format!("config loaded={}", matches!(v.config, Load::Loaded(_))),
        Screen::Wizard(w) => format!("wizard step={:?} flash={:?}", w.step, w.flash),
        Screen::Job(j) => format!("job phase={:?}", j.phase),
        _ => "other".into(),
    }
}

trait MapLoaded {
    fn map_loaded(self) -> &'static str;
}

impl<T> MapLoaded for Load<T> {
    fn map_loaded(self) -> &'static str {
        match self {
            Load::Loaded(_) => "loaded",
            Load::Failed(_) => "failed",
            _ => "loading",
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_a_binary_and_a_pipe_given_as_p8_are_refused_without_hanging() {
    let sb = support::app::sandbox(true, Duration::from_millis(200)).await;
    let clients = support::app::clients(&sb);
    let dir = tempfile::tempdir().unwrap();
    // 1 GiB, sparse: reading it would take the memory; the size alone refuses it.
    let huge = dir.path().join("AuthKey_HUGE123456.p8");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let bin = dir.path().join("AuthKey_BIN1234567.p8");
    std::fs::write(&bin, binary(4096)).unwrap();
    // A named pipe would block a plain read forever.
    let fifo = dir.path().join("AuthKey_FIFO123456.p8");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid C string path in our own temp dir.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);

    let mut app = wizard_app(shop_wizard(), ctx());
    {
        let w = wiz_mut(&mut app);
        *w.field_mut(FieldId::OAuthEnabled) = Field::Toggle(true);
        *w.field_mut(FieldId::AppleEnabled) = Field::Toggle(true);
        w.refresh();
    }
    focus(&mut app, Step::Social, FieldId::AppleKeyFile);
    let mut d = Driver::start(app, clients, describe);
    for (path, want) in [
        // The domain's bounded reader's wording (the TUI reads key files through it).
        (&huge, "more than the 16384-byte limit"),
        (&bin, "AuthKey_BIN1234567.p8:"),
        (&fifo, "not a regular file"),
    ] {
        d.key(ctrl('u'));
        d.type_text(path.to_str().unwrap());
        d.key(key(KeyCode::Enter));
        let (state, screen) = d.wait_for(want).await;
        assert!(!state.contains("Loaded"), "{state}");
        assert!(!screen.chars().any(|c| c.is_control() && c != '\n'));
    }
    let app = d.finish().await;
    assert_eq!(wiz(&app).text(FieldId::AppleKey), "", "nothing was loaded");
    sb.shutdown().await;
}

// ---- a hostile service: escape sequences in names, errors and configs ----

/// OSC title, CSI clear screen, SGR colours, an OSC 8 hyperlink and a C1 CSI: what a hostile or
/// broken service (or a proxy) could put in any string.
const APP_NAME: &str = "\\u001b[31mEVIL\\u001b]0;pwned\\u0007app\\u001b[2J";
const ENV_A: &str = "dev\\u001b[2J";
const ENV_B: &str = "\\u001b]8;;http://evil.example\\u0007linked\\u001b]8;;\\u0007";
const ERROR: &str =
    "service says \\u001b[1mno\\u001b[0m \\u001b]0;owned\\u0007entry \\u009b2Jthere";
const POOL: &str = "\\u001b[5mblinkpool\\u001b[0m";

/// What must never be seen: the escapes' remains (a stripped ESC leaves `[31m` behind) and the
/// payloads of title-setting sequences.
const DEBRIS: &[&str] = &[
    "[31m", "[2J", "[1m", "[0m", "[5m", "]0;", "]8;;", "pwned", "owned",
];

fn response(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{extra}content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn answer(method: &str, path: &str, body: &str) -> Vec<u8> {
    // The second environment (`linked`) has no auth yet, so a create there is sent, and refused
    // by this service with its escape-laden message; `dev` has `evilauth`.
    let meta = if body.contains("linked") {
        serde_json::json!({}).to_string()
    } else {
        serde_json::json!({
            "auth": {"evilauth": {"service": "Cognito", "output": {"UserPoolName": "\u{1b}[31mmeta"}}}
        })
        .to_string()
    };
    let meta = serde_json::to_string(&meta).unwrap();
    match (method, path.split('?').next().unwrap()) {
        ("GET", "/apps") => response(
            "200 OK",
            "",
            &format!(
                r#"{{"apps":[{{"appId":"d1evil","appArn":"arn:aws:amplify:us-east-1:123456789012:apps/d1evil","name":"{APP_NAME}","description":"{ERROR}","repository":"","platform":"WEB","createTime":1700000000,"updateTime":1700000000,"environmentVariables":{{}},"defaultDomain":"d1evil.amplifyapp.com","enableBranchAutoBuild":false,"enableBasicAuth":false}}]}}"#
            ),
        ),
        ("POST", "/backend/d1evil/details") => response(
            "200 OK",
            "",
            &format!(
                r#"{{"appId":"d1evil","appName":"{APP_NAME}","backendEnvironmentList":["{ENV_A}","{ENV_B}"],"backendEnvironmentName":"dev","amplifyMetaConfig":{meta}}}"#
            ),
        ),
        // `dev`'s auth, asked for with the environment's exact name (its escapes percent-encoded).
        ("POST", p) if p.starts_with("/backend/d1evil/auth/dev") && p.ends_with("/details") => {
            response(
                "200 OK",
                "",
                &format!(
                    r#"{{"appId":"d1evil","backendEnvironmentName":"dev","resourceName":"evilauth","resourceConfig":{{"authResources":"USER_POOL_ONLY","service":"COGNITO","userPoolConfigs":{{"signInMethod":"EMAIL","requiredSignUpAttributes":["EMAIL"],"userPoolName":"{POOL}","verificationMessage":{{"deliveryMethod":"EMAIL","emailSettings":{{"emailSubject":"{ERROR}","emailMessage":"code {{####}} {POOL}"}}}}}}}}}}"#
                ),
            )
        }
        _ => response(
            "400 Bad Request",
            "x-amzn-errortype: BadRequestException\r\n",
            &format!(r#"{{"message":"{ERROR}"}}"#),
        ),
    }
}

/// Answers every request on every connection from `answer`, keeping connections alive.
async fn hostile_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let head_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                    let len = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    while buf.len() < head_end + len {
                        let mut chunk = [0u8; 4096];
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let body = String::from_utf8_lossy(&buf[head_end..head_end + len]).to_string();
                    buf.drain(..head_end + len);
                    let mut first = head.lines().next().unwrap_or("").split(' ');
                    let (method, path) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
                    if sock.write_all(&answer(method, path, &body)).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn hostile_clients(endpoint: &str) -> Clients {
    aws::clients_from_static(
        endpoint,
        "AKIDHOSTILETEST",
        "hostile-test-secret",
        "us-east-1",
        aws::Timeouts::default(),
    )
}

/// A name as the service's JSON means it (the constants hold it JSON-escaped).
fn decoded(json: &str) -> String {
    serde_json::from_str(&format!("\"{json}\"")).unwrap()
}

/// The screen without the names, which are shown whole and escaped (issue 24: names are never
/// rewritten, only shown escaped, so `\x1b[31m` is on screen as text); what is left must hold no
/// escape debris.
fn without_names(screen: &str) -> String {
    let mut s = screen.to_string();
    for name in [APP_NAME, ENV_A, ENV_B] {
        s = s.replace(
            amplify_auth::term_text::shown(&decoded(name)).as_ref(),
            "NAME",
        );
    }
    s
}

fn assert_no_debris(screen: &str, where_: &str) {
    let screen = &without_names(screen);
    assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "{where_}: a control character on screen"
    );
    for d in DEBRIS {
        assert!(
            !screen.contains(d),
            "{where_}: escape debris {d:?} on screen:\n{screen}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_sequences_from_the_service_never_reach_the_screen() {
    let endpoint = hostile_server().await;
    let app = App::new(Screen::Apps(AppsView::default()), ctx());
    let mut d = Driver::start(app, hostile_clients(&endpoint), describe);
    // App names.
    d.wait_for("apps loaded=true").await;
    let shown = |n: &str| amplify_auth::term_text::shown(&decoded(n)).into_owned();
    let screen = d.wait_for_screen(&shown(APP_NAME)).await;
    assert_no_debris(&screen, "app list");
    // Environment names.
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded").await;
    let screen = d.wait_for_screen(&shown(ENV_B)).await;
    assert!(screen.contains(&shown(ENV_A)), "{screen}");
    assert_no_debris(&screen, "environment list");
    // An error message (the job list fails) beside the resources of the environment.
    d.key(key(KeyCode::Enter));
    d.wait_for("env backend=loaded jobs=true").await;
    let screen = d.wait_for_screen("evilauth").await;
    assert_no_debris(&screen, "environment");
    // A config whose strings carry escapes.
    d.key(key(KeyCode::Enter));
    d.wait_for("config loaded=true").await;
    let screen = d.wait_for_screen("blinkpool").await;
    assert_no_debris(&screen, "config");
    // The email subject carries the error text too.
    let screen = d.wait_for_screen("Email subject").await;
    assert!(screen.contains("says no entry there"), "{screen}");
    // A submit the service refuses with an escape-laden message: a create in the environment
    // without auth (`dev` has one, so it offers no create).
    d.key(key(KeyCode::Esc));
    d.wait_for("env backend").await;
    d.key(key(KeyCode::Esc));
    d.wait_for("envs loaded").await;
    d.key(key(KeyCode::Down));
    d.key(key(KeyCode::Enter));
    d.wait_for("env backend=loaded").await;
    d.key(key(KeyCode::Char('c')));
    d.wait_for("wizard").await;
    for _ in 0..8 {
        d.key(ctrl('n'));
    }
    d.wait_for("step=Review").await;
    d.key(ctrl('s'));
    d.wait_for("phase=SubmitFailed").await;
    let screen = d.wait_for_screen("says no").await;
    assert_no_debris(&screen, "job pane");
    let _ = d.finish().await;
}
