//! AWS CLI habits (issue 23, item 8): a mistyped app or environment is a usage error (exit 2)
//! naming the ones that exist, not a service error (exit 5).

mod headless_support;

use amplify_auth::headless::exit;
use amplify_auth::sandbox::SandboxOptions;
use amplify_auth::sandbox::demo::DEMO_APP_ID;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_environment_or_app_is_a_usage_error_listing_the_existing_ones() {
    let env = headless_support::demo_with(SandboxOptions::default()).await;
    let run = env
        .run(&[
            "--app-id",
            DEMO_APP_ID,
            "--env",
            "staging",
            "diff",
            "--other-env",
            "nosuch",
        ])
        .await;
    assert_eq!(run.code, exit::USAGE, "{run:?}");
    assert!(
        run.stderr.contains("no backend environment \"nosuch\"")
            && run.stderr.contains("dev, staging"),
        "{run:?}"
    );
    let run = env
        .run(&["--app-id", "d9nosuchapp", "--env", "staging", "get"])
        .await;
    assert_eq!(run.code, exit::USAGE, "{run:?}");
    assert!(
        run.stderr.contains("no app \"d9nosuchapp\"") && run.stderr.contains(DEMO_APP_ID),
        "{run:?}"
    );
    env.stop().await;
}

/// `audit` with stderr not a terminal (CI logs): plain progress lines, the first at once, so a
/// long audit does not look hung (it printed nothing until the end).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_prints_plain_progress_lines_when_stderr_is_not_a_terminal() {
    let env = headless_support::demo_with(SandboxOptions::default()).await;
    let run = env.run(&["audit"]).await;
    assert_eq!(run.code, exit::OK, "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("auditing: "), "{run:?}");
    env.stop().await;
}
