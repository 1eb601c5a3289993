//! Issue 24 item 6: the quit dialog over a job pane says what is really left behind. It said
//! "the job keeps running" even for a submit that was never sent.

use crate::support;

use amplify_auth::tui::app::{App, Context, Popup, Screen};
use amplify_auth::tui::msg::{Expect, Target};
use amplify_auth::tui::screens::job_pane::{JobPane, Phase};

fn quit_text(phase: Phase, maybe_sent: bool) -> String {
    let mut pane = JobPane::new(
        0,
        Target::new("d0abc", "dev", "auth"),
        "CreateBackendAuth",
        Expect::Nothing,
        0,
    );
    pane.phase = phase;
    pane.maybe_sent = maybe_sent;
    let mut app = App::new(
        Screen::Job(Box::new(pane)),
        Context {
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    );
    app.popup = Some(Popup::ConfirmQuit);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| amplify_auth::tui::view::render(&app, f))
        .unwrap();
    support::app::driver::screen_text(&t)
}

#[test]
fn the_quit_dialog_says_a_job_runs_only_when_one_may() {
    let running = quit_text(Phase::Running, false);
    assert!(running.contains("The job keeps running"), "{running}");
    let not_sent = quit_text(Phase::SubmitFailed("connection refused".into()), false);
    assert!(not_sent.contains("did not take the request"), "{not_sent}");
    assert!(!not_sent.contains("keeps running"), "{not_sent}");
    let no_answer = quit_text(Phase::SubmitFailed("timed out".into()), true);
    assert!(
        no_answer.contains("may have started the job"),
        "{no_answer}"
    );
    let ended = quit_text(Phase::Completed, false);
    assert!(ended.contains("The job has ended"), "{ended}");
}
