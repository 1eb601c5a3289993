//! The terminal is always restored, and a crash or a kill loses no input: the compiled binary in a
//! pty, ended by `q`, SIGTERM, SIGHUP, SIGINT, a panic (in the main loop and in a task), an error,
//! and SIGKILL. Each checks the pty afterwards: main screen, cursor shown, bracketed paste off,
//! cooked mode, the exit code, and (for a panic) the report file.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use support::app::pty::Pty;

const TAB: &str = "\t";
const ENTER: &str = "\r";
const F12: &str = "\x1b[24~";

fn start(sb: &amplify_auth::sandbox::SandboxHandle, home: &Path, extra: &[(&str, &str)]) -> Pty {
    Pty::on_sandbox(sb, home, &[], extra)
}

fn drafts(home: &Path) -> PathBuf {
    home.join("amplify-auth/drafts")
}

fn draft_files(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(drafts(home))
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default()
}

/// Opens the create wizard and types into the resource name; waits until the draft has it.
async fn type_into_wizard(p: &mut Pty, home: &Path, text: &str) {
    p.send("c");
    p.wait_for("Create auth resource").await;
    p.wait_for("dev").await;
    p.send(TAB);
    p.send(TAB);
    p.send(text);
    p.wait_for(text).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let saved = draft_files(home).iter().any(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .contains(text)
        });
        if saved {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the draft was not written"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The next start offers the draft; Enter resumes it with the text back in the wizard.
async fn resumes(sb: &amplify_auth::sandbox::SandboxHandle, home: &Path, text: &str) {
    let mut p = start(sb, home, &[]);
    p.wait_for("Resume your draft?").await;
    p.send(ENTER);
    p.wait_for("Draft resumed").await;
    p.wait_for(text).await;
    p.send("\x03"); // Ctrl-C: asks, since the input is unsaved on the service
    p.wait_for("kept as a draft").await;
    p.send("y");
    assert!(p.wait_exit().success());
    p.assert_restored();
    assert_eq!(draft_files(home).len(), 1, "quitting keeps the draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_restores_the_terminal() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = start(&sb, home.path(), &[]);
    p.wait_for("demo").await;
    p.assert_in_tui();
    p.send("q");
    let status = p.wait_exit();
    assert_eq!(status.exit_code(), 0);
    p.assert_restored();
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_sigint_and_sighup_restore_the_terminal_with_the_shell_exit_codes() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    for (sig, code) in [
        (libc::SIGTERM, 143),
        (libc::SIGINT, 130),
        (libc::SIGHUP, 129),
    ] {
        let home = tempfile::tempdir().unwrap();
        let mut p = start(&sb, home.path(), &[]);
        p.wait_for("demo").await;
        p.assert_in_tui();
        p.signal(sig);
        let status = p.wait_exit();
        assert_eq!(status.exit_code(), code, "signal {sig}");
        p.assert_restored();
    }
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_terminal_loses_no_input() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = start(&sb, home.path(), &[]);
    p.wait_for("demo").await;
    type_into_wizard(&mut p, home.path(), "hupdraft").await;
    p.signal(libc::SIGHUP);
    assert_eq!(p.wait_exit().exit_code(), 129);
    p.assert_restored();
    resumes(&sb, home.path(), "hupdraft").await;
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_9_loses_no_input() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = start(&sb, home.path(), &[]);
    p.wait_for("demo").await;
    type_into_wizard(&mut p, home.path(), "killdraft").await;
    p.signal(libc::SIGKILL);
    let status = p.wait_exit();
    assert!(!status.success());
    resumes(&sb, home.path(), "killdraft").await;
    sb.shutdown().await;
}

/// The report path the app printed after restoring the terminal.
fn report_path(out: &str) -> PathBuf {
    let marker = "is in ";
    let at = out
        .find(marker)
        .unwrap_or_else(|| panic!("no report path in:\n{out}"));
    let rest = &out[at + marker.len()..];
    PathBuf::from(rest.lines().next().unwrap().trim())
}

async fn crash(mode: &str) -> (String, PathBuf, portable_pty::ExitStatus, tempfile::TempDir) {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = start(&sb, home.path(), &[("AMPLIFY_AUTH_TEST_PANIC", mode)]);
    p.wait_for("demo").await;
    p.assert_in_tui();
    p.send(F12);
    let status = p.wait_exit();
    p.assert_restored();
    let out = p.raw_text();
    // The message comes after the restore, on the main screen where the user sees it.
    let restored_at = out.rfind("\x1b[?1049l").unwrap();
    let printed_at = out.rfind("amplify-auth crashed").expect("a crash message");
    assert!(printed_at > restored_at, "printed after the restore");
    let path = report_path(&out[printed_at..]);
    sb.shutdown().await;
    (out, path, status, home)
}

fn check_report(path: &Path, home: &Path, mode: &str) {
    assert!(
        path.starts_with(home.join("amplify-auth/crashes")),
        "{}",
        path.display()
    );
    let meta = std::fs::metadata(path).expect("the report exists");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(&format!("AMPLIFY_AUTH_TEST_PANIC={mode}")),
        "{text}"
    );
    assert!(text.contains("location: src/tui/runner.rs"), "{text}");
    assert!(text.contains("backtrace:"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_restores_the_terminal_and_leaves_a_report() {
    let (_, path, status, home) = crash("1").await;
    assert_eq!(status.exit_code(), 101);
    check_report(&path, home.path(), "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_task_ends_the_app_too() {
    let (_, path, status, home) = crash("task").await;
    assert_eq!(
        status.exit_code(),
        101,
        "the app does not draw on after a panic"
    );
    check_report(&path, home.path(), "task");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_restores_the_terminal_and_is_printed() {
    let sb = support::app::sandbox(true, Duration::from_millis(300)).await;
    let home = tempfile::tempdir().unwrap();
    let mut p = start(&sb, home.path(), &[("AMPLIFY_AUTH_TEST_PANIC", "error")]);
    p.wait_for("demo").await;
    p.send(F12);
    let status = p.wait_exit();
    assert_eq!(status.exit_code(), 1);
    p.assert_restored();
    let out = p.raw_text();
    let at = out.rfind("test error").expect("the error is printed");
    assert!(at > out.rfind("\x1b[?1049l").unwrap(), "after the restore");
    sb.shutdown().await;
}

/// Issue 24: the real binary killed with SIGKILL as soon as its submit went out (the screen shows
/// the job), against `serve --state FILE` in its own process. Started again once the job has
/// completed, the TUI does not offer the draft again as unsent: the draft names its submit, its
/// job is checked, and one line says which job applied it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_9_during_a_submit_leaves_no_draft_offered_as_unsent() {
    use amplify_auth::sandbox::demo::DEMO_APP_ID;
    use support::app::pty::command;
    use support::sandbox::process::Serve;
    let serve_home = tempfile::tempdir().unwrap();
    let state = serve_home.path().join("sandbox.sqlite");
    let serve = Serve::start(
        serve_home.path(),
        &[
            "--state",
            state.to_str().unwrap(),
            "--demo",
            "--job-seconds",
            "2",
        ],
    )
    .expect("serve starts");
    let aws = [
        ("AWS_ACCESS_KEY_ID", serve.key.as_str()),
        ("AWS_SECRET_ACCESS_KEY", serve.secret.as_str()),
        ("AWS_REGION", serve.region.as_str()),
    ];
    let home = tempfile::tempdir().unwrap();
    let tui = || {
        Pty::spawn(command(
            &["--endpoint-url", &serve.endpoint],
            home.path(),
            &aws,
            &[],
        ))
    };

    let mut p = tui();
    p.wait_for("demo").await;
    type_into_wizard(&mut p, home.path(), "killsubmit").await;
    for _ in 0..8 {
        p.send("\x0e"); // Ctrl-N: the next step
    }
    p.wait_for("Review: Ctrl-S submits").await;
    p.send("\x13");
    // The job the service answered with, as soon as the screen shows it; then the kill.
    let guard = std::time::Instant::now() + Duration::from_secs(60);
    let job_id = loop {
        let screen = p.text();
        let id = screen.lines().find_map(|l| {
            let id = l
                .split("Job id")
                .nth(1)?
                .trim()
                .trim_end_matches('│')
                .trim();
            (!id.is_empty() && !id.starts_with('(')).then(|| id.to_string())
        });
        if let Some(id) = id {
            break id;
        }
        assert!(
            !screen.contains("COMPLETED") && std::time::Instant::now() < guard,
            "no job id seen while the job ran: {screen}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    p.signal(libc::SIGKILL);
    assert!(!p.wait_exit().success());
    let left = draft_files(home.path());
    assert_eq!(left.len(), 1, "the kill left the draft");
    let draft = std::fs::read_to_string(&left[0]).unwrap();
    assert!(
        draft.contains("\"submitted\"") && draft.contains("CreateBackendAuth"),
        "the draft names its submit: {draft}"
    );

    // The job goes on in the sandbox's process and completes.
    let job = support::sandbox::wait_job(&serve.client(), DEMO_APP_ID, "dev", &job_id).await;
    assert_eq!(job.status(), Some("COMPLETED"));

    let mut p = tui();
    let screen = p.wait_for("A draft was applied").await;
    // The line wraps in the popup: its words are read across lines.
    let words = screen.replace('│', " ");
    let words: Vec<&str> = words.split_whitespace().collect();
    let said = words
        .windows(4)
        .any(|w| w == ["applied", "by", "job", job_id.as_str()]);
    assert!(said, "one line names the job that applied it: {screen}");
    assert!(
        !screen.contains("Resume your draft?"),
        "offered again as unsent: {screen}"
    );
    assert!(
        draft_files(home.path()).is_empty(),
        "the applied draft is retired"
    );
    p.send(ENTER);
    p.wait_for("demo").await;
    p.send("q");
    assert!(p.wait_exit().success());
    p.assert_restored();
    serve.kill9();
}
