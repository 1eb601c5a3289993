//! The headless commands against an in-process sandbox, through the real command line and SDK
//! clients: each command's output and exit code, bad input files, a FAILED job, a timeout and
//! the get → edit → update → get round trip.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::{AuthConfig, CreateAuthInput, OAuthScope, SocialProviders};
use amplify_auth::exit_code;
use amplify_auth::headless::Terminal;
use support::headless::{
    APP, ENV, apple, create_doc, google, start, with_backend, with_backend_on_disk,
    with_backend_returning_secrets, with_hosted_ui_scopes,
};

const SHORT: Duration = Duration::from_millis(300);

fn hosted_ui_config(apple_key: &str) -> AuthConfig {
    with_hosted_ui_scopes(
        "social",
        vec![OAuthScope::Email, OAuthScope::OpenId, OAuthScope::Profile],
        SocialProviders {
            google: Some(google("headless", "GOCSPX-google-test-secret-0001")),
            sign_in_with_apple: Some(apple("headless", apple_key)),
            ..Default::default()
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_wait_then_get_prints_the_config_without_secrets() {
    // The sandbox returns client secrets here, so the client's own stripping is what is tested.
    let env = with_backend_returning_secrets(SHORT).await;
    let (_, apple_key) = amplify_auth::domain::apple_key::generate_key();
    let cfg = hosted_ui_config(&apple_key);
    let file = env.file("create.json", &create_doc("socialauth", &cfg));

    // --dry-run: the request with its secrets masked, and nothing sent.
    let jobs_before = env.job_count().await;
    let run = env.run(&["create", "--input", &file, "--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let request = run.json();
    let google =
        &request["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Google"];
    assert_eq!(google["ClientSecret"], amplify_auth::domain::secret::MASK);
    assert!(!run.stdout.contains("GOCSPX-google-test-secret-0001"));
    assert!(!run.stdout.contains(&apple_key));
    assert_eq!(env.job_count().await, jobs_before);

    let run = env
        .run(&["create", "--input", &file, "--wait", "--output", "json"])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let job = run.json();
    assert_eq!(job["Status"], "COMPLETED", "{run:?}");
    assert_eq!(job["Operation"], "CreateBackendAuth");
    // Without a terminal, progress is plain lines: the start, each status, the end.
    let job_id = job["JobId"].as_str().unwrap();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(&format!("started CreateBackendAuth job {job_id}"))),
        "{run:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("CreateBackendAuth job {job_id}: COMPLETED after "))),
        "{run:?}"
    );
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no escape sequences without a terminal: {run:?}"
    );

    // Default: no secrets anywhere in the output, and the output loads as the create shape.
    let get = env.run(&["get", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(get.code, exit_code::OK, "{get:?}");
    assert!(!get.stdout.contains("GOCSPX-google-test-secret-0001"));
    assert!(!get.stdout.contains(&apple_key));
    let doc: CreateAuthInput =
        serde_json::from_str(&get.stdout).expect("get prints the create shape");
    assert_eq!(doc.resource_name, "socialauth");
    assert_eq!(doc.app_id, APP);
    assert_eq!(doc.resource_config, cfg.without_secrets());
    assert!(get.stderr.contains("left out"), "{get:?}");

    // With --include-secrets: the whole config as the service returns it: every client secret,
    // never the Apple private key (Cognito does not give it back).
    let get = env
        .run_scoped("get", &["--resource", "socialauth", "--include-secrets"])
        .await;
    assert_eq!(get.code, exit_code::OK, "{get:?}");
    let doc: CreateAuthInput = serde_json::from_str(&get.stdout).unwrap();
    let mut returned = cfg.clone();
    let sp = returned.user_pool.oauth.as_mut().unwrap();
    sp.social_providers
        .as_mut()
        .unwrap()
        .sign_in_with_apple
        .as_mut()
        .unwrap()
        .private_key = None;
    assert_eq!(doc.resource_config, returned);
    assert!(get.stderr.contains("warning"), "{get:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_get_edit_update_wait_get() {
    let env = with_backend_returning_secrets(SHORT).await;
    let (_, apple_key) = amplify_auth::domain::apple_key::generate_key();
    let cfg = hosted_ui_config(&apple_key);
    env.create_wait("roundtrip", &cfg).await;

    // get → edit the JSON as a person would (secrets are not in it) → update --wait.
    let get = env.run(&["get", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(get.code, exit_code::OK, "{get:?}");
    let mut doc: serde_json::Value = get.json();
    let up = &mut doc["ResourceConfig"]["UserPoolConfigs"];
    up["PasswordPolicy"]["MinimumLength"] = serde_json::json!(12);
    // The service never returns the Apple key, so the person enters it again, as the client asks.
    up["OAuth"]["SocialProviderSettings"]["SignInWithApple"]["PrivateKey"] =
        serde_json::json!(apple_key);
    up["OAuth"]["RedirectSignInURIs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!("http://localhost:3000/"));
    let edited = env.file("edited.json", &serde_json::to_string_pretty(&doc).unwrap());
    let run = env.run(&["update", "--input", &edited, "--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr
            .contains("ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength: 8 -> 12"),
        "{run:?}"
    );
    // The stored secrets were kept for the unchanged providers.
    assert!(run.stderr.contains("Google.ClientSecret"), "{run:?}");
    assert!(run.stdout.contains("COMPLETED"), "{run:?}");

    let get = env.run_scoped("get", &["--include-secrets"]).await;
    let after: CreateAuthInput = serde_json::from_str(&get.stdout).unwrap();
    let pool = &after.resource_config.user_pool;
    assert_eq!(pool.password_policy.as_ref().unwrap().minimum_length, 12.0);
    assert_eq!(
        pool.oauth.as_ref().unwrap().redirect_sign_in_uris,
        vec!["https://app.example.com/", "http://localhost:3000/"]
    );
    let google = after
        .resource_config
        .social_providers()
        .unwrap()
        .google
        .clone()
        .unwrap();
    assert_eq!(
        google.client_secret.unwrap().expose(),
        "GOCSPX-google-test-secret-0001"
    );

    // The same file again changes nothing but the Apple key: the service never gives the key
    // back, so the client cannot tell it is the stored one (a dry run sends nothing).
    let jobs_before = env.job_count().await;
    let run = env.run(&["update", "--input", &edited, "--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stderr.contains("SignInWithApple.PrivateKey"), "{run:?}");
    assert!(!run.stderr.contains("MinimumLength: 8 -> 12"), "{run:?}");
    assert_eq!(env.job_count().await, jobs_before);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_refuses_immutable_changes_and_accepts_the_update_shape() {
    let env = with_backend(SHORT).await;
    env.create_wait("immutable", &default_config("imm")).await;
    let jobs_before = env.job_count().await;

    let mut cfg = default_config("imm");
    cfg.user_pool.user_pool_name = "renamed_userpool".into();
    let file = env.file("renamed.json", &create_doc("immutable", &cfg));
    let run = env.run(&["update", "--input", &file, "--wait"]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains("ResourceConfig.UserPoolConfigs.UserPoolName: now \"imm_userpool\", the file says \"renamed_userpool\""),
        "{run:?}"
    );
    assert!(run.stderr.contains("cannot change"), "{run:?}");
    assert_eq!(env.job_count().await, jobs_before, "nothing was sent");

    // The update-backend-auth shape: only what changes; the rest stays.
    let update = serde_json::json!({
        "AppId": APP,
        "BackendEnvironmentName": ENV,
        "ResourceName": "immutable",
        "ResourceConfig": {
            "AuthResources": "IDENTITY_POOL_AND_USER_POOL",
            "Service": "COGNITO",
            "UserPoolConfigs": { "PasswordPolicy": { "MinimumLength": 10 } }
        }
    });
    let file = env.file("update.json", &update.to_string());
    let run = env
        .run(&["update", "--input", &file, "--wait", "--output", "json"])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(run.json()["Status"], "COMPLETED");
    let got = env.clients.get_auth(APP, ENV, "immutable").await.unwrap();
    assert_eq!(got.user_pool.password_policy.unwrap().minimum_length, 10.0);
    assert_eq!(got.user_pool.user_pool_name, "imm_userpool");

    // --dry-run shows the request and sends nothing.
    let jobs_before = env.job_count().await;
    let update = update.to_string().replace("10", "14");
    let file = env.file("dry.json", &update);
    let run = env.run(&["update", "--input", &file, "--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(
        run.json()["ResourceConfig"]["UserPoolConfigs"]["PasswordPolicy"]["MinimumLength"],
        14.0
    );
    assert_eq!(env.job_count().await, jobs_before);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_files_send_nothing_and_exit_3() {
    let env = with_backend(SHORT).await;
    let jobs_before = env.job_count().await;
    let good = create_doc("badinput", &default_config("bad"));

    // Malformed JSON: line, column and the JSON path where it broke.
    let malformed = good.replacen("\"Service\": \"COGNITO\",", "\"Service\": \"COGNITO\"", 1);
    assert_ne!(malformed, good);
    let line = malformed
        .lines()
        .position(|l| l.contains("\"Service\""))
        .unwrap()
        + 2;
    let file = env.file("malformed.json", &malformed);
    let run = env.run(&["create", "--input", &file]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr
            .contains(&format!("malformed.json: line {line}, column ")),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("at ResourceConfig.Service: malformed JSON: expected `,` or `}`"),
        "{run:?}"
    );

    // An unknown member, named with its path.
    let unknown = good.replacen("\"UserPoolName\"", "\"UserPoolNmae\"", 1);
    let file = env.file("unknown.json", &unknown);
    let run = env.run(&["create", "--input", &file]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains(
            "at ResourceConfig.UserPoolConfigs.UserPoolNmae: unknown member `UserPoolNmae`; did you mean `UserPoolName`?"
        ),
        "{run:?}"
    );

    // A wrong type.
    let wrong = good.replacen(
        "\"UnauthenticatedLogin\": false",
        "\"UnauthenticatedLogin\": \"no\"",
        1,
    );
    assert_ne!(wrong, good);
    let file = env.file("wrong.json", &wrong);
    let run = env.run(&["create", "--input", &file]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains("at ResourceConfig.IdentityPoolConfigs.UnauthenticatedLogin: expected true or false, found string \"no\""),
        "{run:?}"
    );

    // A Cognito rule broken: found locally, located in the file.
    let mut cfg = default_config("bad");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 5.0;
    let text = create_doc("badinput", &cfg);
    let line = text
        .lines()
        .position(|l| l.contains("MinimumLength"))
        .unwrap()
        + 1;
    let file = env.file("rule.json", &text);
    let run = env.run(&["create", "--input", &file, "--wait"]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "rule.json:{line}:9: error: ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength:"
        )),
        "{run:?}"
    );
    assert!(run.stderr.contains("fix:"), "{run:?}");
    assert!(run.stderr.contains("nothing was sent"), "{run:?}");

    // A bad resource name from the flag is named by the flag.
    let file = env.file("good.json", &good);
    let run = env
        .run(&["create", "--input", &file, "--resource", "bad-name"])
        .await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stderr.contains("error: --resource:"), "{run:?}");

    // A file that is not there is a usage error; an update file cannot create.
    let run = env
        .run(&["create", "--input", "/nonexistent/create.json"])
        .await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    let update_shape = r#"{"ResourceConfig":{"AuthResources":"USER_POOL_ONLY","Service":"COGNITO","UserPoolConfigs":{}}}"#;
    let file = env.file("update-shape.json", update_shape);
    let run = env.run(&["create", "--input", &file]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stderr.contains("update request"), "{run:?}");

    assert_eq!(
        env.job_count().await,
        jobs_before,
        "no bad input reached the service"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_reads_stdin_and_names_come_from_flags() {
    let env = with_backend(SHORT).await;
    let bare = serde_json::to_string(&default_config("stdin")).unwrap();
    let run = env
        .run_with(
            &[
                "create",
                "--input",
                "-",
                "--app-id",
                APP,
                "--env",
                ENV,
                "--resource",
                "fromstdin",
            ],
            &bare,
            Terminal::default(),
        )
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    // Without --wait: the started job, as a table.
    assert!(run.stdout.starts_with("JOB ID"), "{run:?}");
    assert!(run.stdout.contains("RUNNING"), "{run:?}");
    let job_id = run
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(env.wait_job(APP, ENV, &job_id).await, "COMPLETED");
    assert!(env.clients.get_auth(APP, ENV, "fromstdin").await.is_ok());

    // No names anywhere: a usage error naming what is missing.
    let run = env
        .run_with(&["create", "--input", "-"], &bare, Terminal::default())
        .await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(
        run.stderr.contains("--app-id") && run.stderr.contains("--resource"),
        "{run:?}"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_job_exits_4_for_create_and_job() {
    let env = with_backend(SHORT).await;
    // The service (here the sandbox) fails jobs that break Cognito rules; sent past the local
    // rules through the SDK directly.
    let mut cfg = default_config("failing");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 5.0;
    let started = env
        .clients
        .create_auth(APP, ENV, "failing", &cfg)
        .await
        .unwrap();
    let job_id = started.job_id.unwrap();

    let run = env
        .run_scoped("job", &["--job-id", &job_id, "--wait", "--output", "json"])
        .await;
    assert_eq!(run.code, exit_code::JOB_FAILED, "{run:?}");
    assert_eq!(run.json()["Status"], "FAILED");
    assert!(
        run.stderr
            .contains(&format!("the CreateBackendAuth job {job_id} FAILED: ")),
        "{run:?}"
    );
    // The Error is the user pool's CloudFormation event with Cognito's text inside, naming the
    // member as Cognito's API does; the decoder traces it to the config's member.
    assert!(
        run.stderr.contains("CREATE_FAILED UserPool (AWS::Cognito::UserPool): Resource handler returned message: \"1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength'"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("\n  field: ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength\n"),
        "{run:?}"
    );

    // Showing the finished job without --wait exits 4 too.
    let run = env.run_scoped("job", &["--job-id", &job_id]).await;
    assert_eq!(run.code, exit_code::JOB_FAILED, "{run:?}");
    assert!(run.stdout.contains("FAILED"), "{run:?}");

    // A valid file for an environment that has auth already: the CLI refuses it up front
    // (exit 3, nothing sent, the way on named)...
    env.create_wait("first", &default_config("first")).await;
    let file = env.file(
        "second.json",
        &create_doc("second", &default_config("second")),
    );
    let jobs = env.job_count().await;
    let run = env.run(&["create", "--input", &file, "--wait"]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains("already has auth resource first")
            && run.stderr.contains("update --input")
            && run.stderr.contains("nothing was sent"),
        "{run:?}"
    );
    assert_eq!(env.job_count().await, jobs, "nothing was sent");
    // ...where the service would take the request and FAIL its job (sent past the check).
    let started = env
        .clients
        .create_auth(APP, ENV, "second", &default_config("second"))
        .await
        .unwrap();
    let job_id = started.job_id.unwrap();
    let run = env
        .run_scoped("job", &["--job-id", &job_id, "--wait"])
        .await;
    assert_eq!(run.code, exit_code::JOB_FAILED, "{run:?}");
    assert!(run.stderr.contains("already exists"), "{run:?}");
    assert!(run.stdout.contains("FAILED"), "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_timeout_exits_6_and_the_job_goes_on() {
    let env = with_backend_on_disk(SHORT).await;
    // From now on jobs run for an hour: no wait can see one finish.
    let env = env.restart(Duration::from_secs(3600)).await;
    let file = env.file(
        "slow.json",
        &create_doc("slowauth", &default_config("slow")),
    );
    let run = env
        .run(&[
            "create",
            "--input",
            &file,
            "--wait",
            "--timeout",
            "300ms",
            "--output",
            "json",
        ])
        .await;
    assert_eq!(run.code, exit_code::TIMEOUT, "{run:?}");
    let job = run.json();
    assert_eq!(job["Status"], "RUNNING", "{run:?}");
    let job_id = job["JobId"].as_str().unwrap().to_string();
    assert!(run.stderr.contains("gave up waiting"), "{run:?}");
    assert!(
        run.stderr.contains(&format!("--job-id {job_id} --wait")),
        "{run:?}"
    );

    // The job went on; `job --wait` times out the same way, and plain `job` shows it running.
    let run = env
        .run_scoped("job", &["--job-id", &job_id, "--wait", "--timeout", "0.2"])
        .await;
    assert_eq!(run.code, exit_code::TIMEOUT, "{run:?}");
    assert!(run.stdout.contains("RUNNING"), "{run:?}");
    let run = env.run_scoped("job", &["--job-id", &job_id]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stdout.contains("RUNNING"), "{run:?}");

    // Another job now is the service's refusal: exit 5 with its code and message.
    let run = env
        .run_scoped("delete", &["--resource", "slowauth", "--yes"])
        .await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(
        run.stderr
            .contains("DeleteBackendAuth failed: BadRequestException"),
        "{run:?}"
    );
    assert!(run.stderr.contains("pending job"), "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "amplify-auth jobs --app-id {APP} --env {ENV} --status RUNNING"
        )),
        "{run:?}"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_on_a_terminal_and_needs_yes_in_scripts() {
    let env = with_backend(SHORT).await;
    env.create_wait("todelete", &default_config("del")).await;
    let jobs_before = env.job_count().await;
    let args = ["delete", "--app-id", APP, "--env", ENV];

    // No terminal and no --yes: refused before anything is sent.
    let run = env.run(&args).await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(run.stderr.contains("--yes"), "{run:?}");

    // A terminal: the answer decides.
    let run = env.run_with(&args, "n\n", Terminal::interactive()).await;
    assert_eq!(run.code, exit_code::OTHER, "{run:?}");
    assert!(
        run.stderr.contains("Delete auth resource todelete"),
        "{run:?}"
    );
    assert!(run.stderr.contains("not deleted"), "{run:?}");
    assert_eq!(
        env.job_count().await,
        jobs_before,
        "declining sends nothing"
    );

    let mut with_wait = args.to_vec();
    with_wait.push("--wait");
    let run = env
        .run_with(&with_wait, "yes\n", Terminal::interactive())
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stdout.contains("DeleteBackendAuth") && run.stdout.contains("COMPLETED"),
        "{run:?}"
    );
    // A terminal gets indicatif's spinner (drawn on the process's own terminal, not the captured
    // stream) instead of a plain line per status; the final status stays as a line.
    assert!(!run.stderr.contains(": RUNNING ("), "{run:?}");
    assert!(run.stderr.contains(": COMPLETED after"), "{run:?}");

    // Gone: get reports the service's NotFoundException with exit 5.
    let run = env.run_scoped("get", &["--resource", "todelete"]).await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(
        run.stderr.contains("could not read auth resource todelete"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("GetBackendAuth failed: NotFoundException"),
        "{run:?}"
    );
    // And without --resource, there is nothing to pick.
    let run = env.run_scoped("delete", &["--yes"]).await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(run.stderr.contains("has no auth resource"), "{run:?}");
    env.stop().await;
}

/// The user pool, web and native client ids that `import_checks_ids_locally_then_imports`'s
/// sandbox account holds.
const HELD_POOL: [&str; 3] = [
    "us-east-1_AbCdEf123",
    "1example23456789web0000000",
    "2example23456789native00000",
];

/// `import` on the test app and environment: the user pool, web client and native client ids,
/// then `extra` flags.
async fn import(
    env: &support::headless::Env,
    [pool, web, native]: [&str; 3],
    extra: &[&str],
) -> support::headless::Run {
    let mut args = vec![
        "--user-pool-id",
        pool,
        "--web-client-id",
        web,
        "--native-client-id",
        native,
    ];
    args.extend_from_slice(extra);
    env.run_scoped("import", &args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_checks_ids_locally_then_imports() {
    // The pools exist in the sandbox's Cognito account, as they must for an import.
    let account = amplify_auth::sandbox::CognitoAccount::from_json(
        r#"[{"Id": "us-east-1_AbCdEf123", "Name": "existing_pool", "UsernameAttributes": ["email"],
             "Clients": [{"ClientId": "1example23456789web0000000"},
                         {"ClientId": "2example23456789native00000", "HasSecret": true}]}]"#,
    )
    .unwrap();
    let env = support::headless::with_backend_opts(amplify_auth::sandbox::SandboxOptions {
        job_duration: SHORT,
        cognito: account,
        ..Default::default()
    })
    .await;
    let jobs_before = env.job_count().await;
    let run = import(&env, ["not a pool", "abc", "def"], &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stderr.contains("error: --user-pool-id:"), "{run:?}");
    assert_eq!(env.job_count().await, jobs_before);

    // A pool the account does not hold: NotFound, as the service would say.
    let run = import(&env, ["us-east-1_Missing99", "abc", "def"], &[]).await;
    assert_ne!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stderr.contains("does not exist"), "{run:?}");

    let run = import(&env, HELD_POOL, &["--wait", "--output", "json"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(run.json()["Operation"], "ImportBackendAuth");
    assert_eq!(run.json()["Status"], "COMPLETED");
    let info = env.clients.get_backend(APP, Some(ENV)).await.unwrap();
    assert!(info.auth_resources.iter().any(|r| r.imported), "{info:?}");

    // The environment has auth now: a second import is refused before anything is sent.
    let jobs_before = env.job_count().await;
    let run = import(&env, HELD_POOL, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains("already has auth resource")
            && run
                .stderr
                .contains("this import would fail; nothing was sent"),
        "{run:?}"
    );
    assert_eq!(env.job_count().await, jobs_before);

    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_lists_every_page_with_filters() {
    // Jobs finish at once, so many can run one after another.
    let env = with_backend(Duration::ZERO).await;
    let mut bad = default_config("paging");
    bad.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .minimum_length = 5.0;
    for i in 0..30 {
        let started = env
            .clients
            .create_auth(APP, ENV, &format!("paging{i}"), &bad)
            .await
            .unwrap();
        assert_eq!(
            env.wait_job(APP, ENV, started.job_id.as_deref().unwrap())
                .await,
            "FAILED"
        );
    }

    let run = env.run_scoped("jobs", &["--output", "json"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let all = run.json()["Jobs"].as_array().unwrap().clone();
    assert_eq!(
        all.len(),
        31,
        "30 auth jobs and CreateBackend, across pages"
    );
    let mut ids: Vec<&str> = all.iter().map(|j| j["JobId"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 31, "no job twice");

    let run = env
        .run_scoped("jobs", &["--status", "failed", "--output", "json"])
        .await;
    assert_eq!(run.json()["Jobs"].as_array().unwrap().len(), 30, "{run:?}");
    let run = env
        .run_scoped(
            "jobs",
            &["--operation", "CreateBackend", "--output", "json"],
        )
        .await;
    let only = run.json()["Jobs"].as_array().unwrap().clone();
    assert_eq!(only.len(), 1, "{run:?}");
    assert_eq!(only[0]["Status"], "COMPLETED");

    // The table: a header and one line per job.
    let run = env.run(&["jobs", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 32);
    assert!(
        lines[0].starts_with("JOB ID") && lines[0].contains("STATUS"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.iter().filter(|l| l.contains("FAILED")).count(), 30);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_and_usage_errors_have_their_exit_codes() {
    let env = start(SHORT).await;
    // No --app-id.
    let run = env.run(&["jobs", "--env", ENV]).await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(run.stderr.contains("jobs needs --app-id"), "{run:?}");
    // An app that does not exist: the service's code and message.
    let run = env
        .run(&["jobs", "--app-id", "d0missing", "--env", ENV])
        .await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(
        run.stderr
            .contains("could not list the jobs of app d0missing"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("ListBackendJobs failed: NotFoundException"),
        "{run:?}"
    );
    let run = env
        .run(&[
            "job",
            "--app-id",
            "d0missing",
            "--env",
            ENV,
            "--job-id",
            "nope",
        ])
        .await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(run.stderr.contains("GetBackendJob failed"), "{run:?}");

    // A service that keeps failing (after the SDK's retries).
    env.add_backend(APP, ENV).await;
    env.sandbox.set_faults(amplify_auth::sandbox::FaultConfig {
        gateway_timeout_rate: 1.0,
        ..Default::default()
    });
    let run = env.run(&["jobs", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(run.stderr.contains("GatewayTimeoutException"), "{run:?}");
    env.stop().await;

    // Nothing listening: a network error, exit 5, naming the endpoint.
    let dead = amplify_auth::aws::clients_from_static(
        "http://127.0.0.1:9",
        "AKIDEXAMPLE",
        "secret",
        "us-east-1",
        amplify_auth::aws::Timeouts {
            connect: Duration::from_millis(500),
            attempt: Duration::from_secs(1),
            operation: Duration::from_secs(3),
        },
    );
    let run = support::headless::run_cli(
        Some(&dead),
        &["get", "--app-id", APP, "--env", ENV, "--resource", "x"],
        "",
        Terminal::default(),
    )
    .await;
    assert_eq!(run.code, exit_code::SERVICE, "{run:?}");
    assert!(run.stderr.contains("127.0.0.1:9"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_examples_create_real_resources() {
    let env = start(SHORT).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    for (name, env_name) in [
        ("email-mfa.json", "mfa"),
        ("social-apple.json", "social"),
        ("user-pool-only.json", "pool"),
    ] {
        env.add_backend(APP, env_name).await;
        let path = dir.join(name).to_string_lossy().into_owned();
        let run = env
            .run(&[
                "create", "--input", &path, "--app-id", APP, "--env", env_name, "--wait",
            ])
            .await;
        assert_eq!(run.code, exit_code::OK, "{name}: {run:?}");
        // The flags win over the example's placeholder app and environment, and say so.
        assert!(
            run.stderr.contains("--app-id d0headless01 overrides AppId"),
            "{run:?}"
        );
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let want: CreateAuthInput = serde_json::from_str(&text).unwrap();
        let got = env
            .clients
            .get_auth(APP, env_name, &want.resource_name)
            .await
            .unwrap();
        // Read back as the service answers: everything but the secrets.
        assert_eq!(
            got,
            want.resource_config.without_secrets(),
            "{name} is stored as written"
        );
    }
    env.stop().await;
}
