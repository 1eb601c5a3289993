//! The failure decoder in headless output, end to end against the sandbox, for the failures the
//! sandbox can produce: an armoured Apple key (the job FAILs in a custom resource whose reason is
//! only in CloudWatch) and the pending-job refusal. The other known failures are decoded from their text in
//! `domain::failure`'s unit tests.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::*;
use support::headless::*;

fn apple_config(key: &str) -> AuthConfig {
    with_hosted_ui(
        "decode",
        SocialProviders {
            sign_in_with_apple: Some(apple("decode", key)),
            ..Default::default()
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_apple_key_is_decoded_to_where_its_reason_is_in_job_output() {
    let env = with_backend(Duration::from_millis(100)).await;
    // The key with its BEGIN/END lines, sent past the local rules through the SDK directly, as
    // another client would: the service fails the job in the providers' custom resource, whose
    // reason is only in CloudWatch (amplify-cli#11526). The decoder points at what that resource
    // deploys and says where the reason is, instead of guessing it.
    let (pem, _) = generate_key();
    let started = env
        .clients
        .create_auth(APP, ENV, "decodeauth", &apple_config(&pem))
        .await
        .expect("the request is accepted");
    let job_id = started.job_id.unwrap();
    for extra in [&["--wait"][..], &[][..]] {
        let mut args = vec!["job", "--app-id", APP, "--env", ENV, "--job-id", &job_id];
        args.extend_from_slice(extra);
        let run = env.run(&args).await;
        assert_eq!(run.code, 4, "{run:?}");
        assert!(
            run.stderr.contains("FAILED: CREATE_FAILED HostedUIProvidersCustomResourceInputs (Custom::LambdaCallout): Received response status [FAILED] from custom resource."),
            "{run:?}"
        );
        assert!(
            run.stderr.contains("\n  field: ResourceConfig.UserPoolConfigs.OAuth.SocialProviderSettings\n  cause: The auth stack's custom resource HostedUIProvidersCustomResource failed while deploying the social providers. The service's error gives no reason: the Lambda wrote it to CloudWatch Logs only."),
            "{run:?}"
        );
        assert!(
            run.stderr.contains("\n  fix: Open CloudWatch Logs in the app's Region, log group /aws/lambda/<auth stack>-HostedUIProvidersCustomResource-"),
            "{run:?}"
        );
        assert!(
            run.stderr.contains(&format!(
                "amplify-<app name>-{ENV}-<number>-auth<resource>-… of app {APP}"
            )),
            "{run:?}"
        );
    }
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pending_job_refusal_is_decoded() {
    // The backend's own job must finish first; then jobs last long enough to block.
    let env = with_backend_on_disk(Duration::from_millis(100))
        .await
        .restart(Duration::from_secs(600))
        .await;
    let (_, body) = generate_key();
    env.clients
        .create_auth(APP, ENV, "decodeauth", &apple_config(&body))
        .await
        .expect("the first job starts");
    let input = env.file(
        "second.json",
        &create_doc("other", &default_config("other")),
    );
    let run = env.run(&["create", "--input", &input]).await;
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "\n  cause: Another job is still running for app {APP}, environment {ENV}"
        )),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(&format!(
            "amplify-auth jobs --app-id {APP} --env {ENV} --status RUNNING"
        )),
        "{run:?}"
    );
    // No field: nothing in the config is wrong.
    assert!(!run.stderr.contains("field:"), "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_failure_is_shown_as_the_service_said_it() {
    let env = with_backend(Duration::from_millis(100)).await;
    // A job error no decoder rule knows (the sandbox's fault hook: a real job, FAILED with it).
    let odd = "InternalFailure: the deployment bucket could not be read";
    env.sandbox.set_faults(amplify_auth::sandbox::FaultConfig {
        auth_job_error: Some(odd.into()),
        ..Default::default()
    });
    let file = env.file(
        "second.json",
        &create_doc("second", &default_config("second")),
    );
    let run = env.run(&["create", "--input", &file, "--wait"]).await;
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.contains(odd), "{run:?}");
    assert!(!run.stderr.contains("cause:"), "{run:?}");
    env.stop().await;
}
