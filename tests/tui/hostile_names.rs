//! Issue 24 item 2 in the TUI: names with control characters (`a\0b`, ESC sequences, bidi
//! controls) served by the sandbox are kept exact in the model, used exact in requests (the
//! environment is read with them), and only shown escaped, never rewritten.

use crate::support;

use std::time::Duration;

use amplify_auth::aws::{Clients, Job};
use amplify_auth::term_text::shown;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::Load;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::key;

/// An environment name the Amplify model accepts (`(?s).+`): a screen clear, a NUL and a bidi
/// override inside it.
const ENV: &str = "q\u{1b}[2Jx\u{0}y\u{202e}z";
/// An app name with an OSC 52 clipboard write.
const APP_NAME: &str = "shop\u{1b}]52;c;cHduZWQ=\u{7}";
const APP_ID: &str = "d0hostile";

async fn wait_job(c: &Clients, app: &str, env: &str, job: Option<String>) -> Job {
    let job = job.expect("a job id");
    for _ in 0..300 {
        let j = c.get_job(app, env, &job).await.unwrap();
        if j.status.is_finished() {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} did not finish");
}

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Envs(v) => format!("envs loaded={}", matches!(v.backend, Load::Loaded(_))),
        Screen::Env(v) => format!(
            "env {:?} loaded={}",
            v.env,
            matches!(v.backend, Load::Loaded(_))
        ),
        _ => "other".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_are_kept_exact_used_exact_and_shown_escaped() {
    let (sb, clients, _) = support::app::demo(false, Duration::from_millis(100)).await;
    // The app as the console would have made it; the environment is recorded at once (its
    // CreateBackend job fails the CLI's name rule, as the service's does).
    sb.seed_app(APP_ID, APP_NAME).await.unwrap();
    let job = clients.create_backend(APP_ID, APP_NAME, ENV).await.unwrap();
    wait_job(&clients, APP_ID, ENV, job.job_id).await;
    let envs = clients
        .get_backend(APP_ID, None)
        .await
        .unwrap()
        .environments;
    assert_eq!(envs, vec![ENV.to_string()], "served exactly");

    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    // Shown escaped in the apps list: whole, nothing of it acting on the terminal.
    let screen = d.wait_for_screen(&shown(APP_NAME)).await;
    assert!(screen.contains(r"shop\x1b]52;c;cHduZWQ=\x07"), "{screen}");
    d.key(key(KeyCode::Char('/')));
    d.type_text(APP_ID);
    d.key(key(KeyCode::Enter));
    d.key(key(KeyCode::Enter));
    d.wait_for("envs loaded=true").await;
    let screen = d.wait_for_screen(&shown(ENV)).await;
    assert!(screen.contains(r"q\x1b[2Jx\x00y\u{202e}z"), "{screen}");
    assert!(
        screen.contains(&format!("App {}", shown(APP_NAME))),
        "{screen}"
    );
    d.key(key(KeyCode::Enter));
    // The model holds the exact name, and GetBackend and ListBackendJobs with it answered.
    let (_, screen) = d.wait_for(&format!("env {ENV:?} loaded=true")).await;
    assert!(
        screen.contains(&format!("{APP_ID} / {}", shown(ENV))),
        "{screen}"
    );
    let app = d.finish().await;
    let Screen::Env(v) = &app.screen else {
        panic!("{:?}", describe(&app))
    };
    assert_eq!((v.app_id.as_str(), v.env.as_str()), (APP_ID, ENV));
    // Nothing hostile was drawn (the view's last guard would show U+FFFD for a bidi control).
    let drawn = support::app::screen::draw(&app, 120, 40);
    assert!(
        !drawn
            .chars()
            .any(|c| c != '\n' && amplify_auth::term_text::is_hostile(c))
            && !drawn.contains('\u{fffd}'),
        "{drawn}"
    );
    sb.shutdown().await;
}
