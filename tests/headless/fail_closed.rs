//! A check that cannot answer fails closed (issue 23, item 6): the "environment already has auth"
//! read before `create` gets a 504 on every attempt (the sandbox's failing-read fault), so
//! nothing is sent, the command exits 5 naming the check, and the service (read again once the
//! fault is gone) holds no new job. And throttling is not such a failure: it is waited out,
//! for the check and for the submit alike, so a create under steady throttling completes.

use crate::support;

use amplify_auth::exit_code;
use amplify_auth::sandbox::demo::DEMO_APP_ID;
use amplify_auth::sandbox::{FailingRead, FaultConfig, SandboxOptions, StatePath};
use support::headless::start_with;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_is_not_sent_when_the_one_auth_check_cannot_answer() {
    let dir = tempfile::tempdir().unwrap();
    let state = StatePath::File(dir.path().join("sandbox.sqlite"));
    let env = start_with(
        SandboxOptions {
            state: state.clone(),
            demo: true,
            faults: FaultConfig {
                failing_reads: vec![FailingRead::parse(&format!("{DEMO_APP_ID}/dev")).unwrap()],
                ..Default::default()
            },
            ..Default::default()
        },
        dir,
    )
    .await;
    let input = env.file(
        "auth.json",
        include_str!("../../assets/examples/email-mfa.json"),
    );
    let run = env
        .run(&[
            "--app-id",
            DEMO_APP_ID,
            "--env",
            "dev",
            "create",
            "--input",
            &input,
        ])
        .await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(
        run.stderr
            .contains("could not check whether environment dev of app"),
        "{run:?}"
    );
    assert!(run.stderr.contains("nothing was sent"), "{run:?}");
    assert!(run.stderr.contains("GetBackend"), "names the read: {run:?}");

    // The same state without the fault: dev has only the job that created the environment.
    let support::headless::Env { sandbox, dir, .. } = env;
    sandbox.shutdown().await;
    let env = start_with(
        SandboxOptions {
            state,
            ..Default::default()
        },
        dir,
    )
    .await;
    let jobs = env
        .clients
        .list_jobs(DEMO_APP_ID, "dev", &Default::default())
        .await
        .unwrap();
    assert!(
        jobs.iter()
            .all(|j| j.operation.as_deref() != Some("CreateBackendAuth")),
        "{jobs:?}"
    );
    assert!(!jobs.is_empty(), "the environment's own job is listed");
    env.stop().await;
}

/// Headless, the same series as the TUI's (issue 23, item 6): `create --input --wait` under
/// steady throttling (`serve --throttle-rate 0.3`) completes and reads back in 20 runs of 20.
/// The "already has auth" check, the submit and the job polls may each be throttled; none of
/// them gives up while the shared back-off can still wait. Between runs the resource is deleted
/// with the faults off (set-up, not under test).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_under_steady_throttling_completes_in_twenty_runs_of_twenty() {
    let dir = tempfile::tempdir().unwrap();
    let env = start_with(
        SandboxOptions {
            state: StatePath::Memory,
            demo: true,
            job_duration: std::time::Duration::from_millis(100),
            ..Default::default()
        },
        dir,
    )
    .await;
    let input = env.file(
        "auth.json",
        include_str!("../../assets/examples/email-mfa.json"),
    );
    let file: amplify_auth::domain::AuthConfig = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(include_str!(
            "../../assets/examples/email-mfa.json"
        ))
        .unwrap()["ResourceConfig"]
            .clone(),
    )
    .unwrap();
    for run in 1..=20 {
        env.sandbox.set_faults(FaultConfig {
            throttle_rate: 0.3,
            latency: std::time::Duration::from_millis(5),
            ..Default::default()
        });
        let r = env
            .run(&[
                "--app-id",
                DEMO_APP_ID,
                "--env",
                "dev",
                "create",
                "--input",
                &input,
                "--wait",
                "--output",
                "json",
            ])
            .await;
        assert_eq!(r.code, exit_code::OK, "run {run} of 20: {r:?}");
        assert_eq!(r.json()["Status"], "COMPLETED", "run {run} of 20: {r:?}");
        env.sandbox.set_faults(FaultConfig::default());
        let back = env
            .clients
            .get_auth(DEMO_APP_ID, "dev", "myappauth")
            .await
            .expect("read back");
        assert_eq!(
            back.user_pool.password_policy, file.user_pool.password_policy,
            "run {run} of 20"
        );
        assert_eq!(back.user_pool.mfa, file.user_pool.mfa, "run {run} of 20");
        env.clients
            .delete_auth(DEMO_APP_ID, "dev", "myappauth")
            .await
            .expect("DeleteBackendAuth");
        while !env
            .clients
            .get_backend(DEMO_APP_ID, Some("dev"))
            .await
            .expect("GetBackend")
            .auth_resources
            .is_empty()
        {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    env.stop().await;
}
