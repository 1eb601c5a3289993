//! AWS CLI habits (issue 23, item 8): a mistyped app or environment is a usage error (exit 2)
//! naming the ones that exist, not a service error (exit 5).

use crate::support;

use amplify_auth::exit_code;
use amplify_auth::sandbox::SandboxOptions;
use amplify_auth::sandbox::demo::DEMO_APP_ID;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_environment_or_app_is_a_usage_error_listing_the_existing_ones() {
    let env = support::headless::demo_with(SandboxOptions::default()).await;
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
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(
        run.stderr.contains("no backend environment \"nosuch\"")
            && run.stderr.contains("dev, staging"),
        "{run:?}"
    );
    let run = env
        .run(&["--app-id", "d9nosuchapp", "--env", "staging", "get"])
        .await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
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
    let env = support::headless::demo_with(SandboxOptions::default()).await;
    let run = env.run(&["audit"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("auditing: "), "{run:?}");
    env.stop().await;
}

/// `get` → `update --input` round trips for every resource kind (item 4): a created and a cloned
/// resource come back unchanged (nothing sent, exit 0); an imported one, which the tool does not
/// update, is said so by `get` and refused up front by `update` with the way on, never with
/// errors about members `get` itself left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_then_update_round_trips_for_created_cloned_and_imported_resources() {
    let env = support::headless::demo_with(SandboxOptions {
        job_duration: std::time::Duration::from_millis(100),
        ..Default::default()
    })
    .await;
    let scope = |e: &'static str| ["--app-id", DEMO_APP_ID, "--env", e];
    let clone = env
        .run(
            &[
                &scope("staging")[..],
                &["env", "add", "qa", "--from", "staging", "--wait"],
            ]
            .concat(),
        )
        .await;
    assert_eq!(clone.code, exit_code::OK, "{clone:?}");
    let import = env
        .run(
            &[
                &scope("dev")[..],
                &[
                    "import",
                    "--user-pool-id",
                    "us-east-1_DemoLegcy1",
                    "--web-client-id",
                    "legacyweb0000000000000000a",
                    "--native-client-id",
                    "legacynative00000000000000",
                    "--identity-pool-id",
                    "us-east-1:5e1f0d2c-0000-4000-8000-00000000de00",
                    "--wait",
                ],
            ]
            .concat(),
        )
        .await;
    assert_eq!(import.code, exit_code::OK, "{import:?}");
    let jobs_before = |e: &'static str| {
        let c = env.clients.clone();
        async move {
            c.list_jobs(DEMO_APP_ID, e, &Default::default())
                .await
                .unwrap()
                .len()
        }
    };
    for e in ["staging", "qa", "dev"] {
        let got = env.run(&[&scope(e)[..], &["get"]].concat()).await;
        assert_eq!(got.code, exit_code::OK, "{e}: {got:?}");
        let file = env.file(&format!("{e}.json"), &got.stdout);
        let before = jobs_before(e).await;
        let run = env
            .run(&[&scope(e)[..], &["update", "--input", &file]].concat())
            .await;
        if e == "dev" {
            assert!(got.stderr.contains("was imported"), "{got:?}");
            assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
            assert!(run.stderr.contains("was imported"), "{run:?}");
            assert!(run.stderr.contains("Cognito"), "{run:?}");
            assert!(!run.stderr.contains("MfaTypes"), "{run:?}");
        } else {
            assert_eq!(run.code, exit_code::OK, "{e}: {run:?}");
            assert!(run.stderr.contains("nothing to update"), "{e}: {run:?}");
        }
        assert_eq!(jobs_before(e).await, before, "{e}: nothing was sent");
    }
    env.stop().await;
}
