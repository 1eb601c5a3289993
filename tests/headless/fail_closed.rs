//! A check that cannot answer fails closed (issue 23, item 6): the "environment already has auth"
//! read before `create` gets a 504 on every attempt (the sandbox's failing-read fault), so
//! nothing is sent, the command exits 5 naming the check, and the service (read again once the
//! fault is gone) holds no new job.

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
