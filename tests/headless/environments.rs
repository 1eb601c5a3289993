//! Environments through the headless commands, against an in-process sandbox seeded with the demo
//! app (`dev` without auth, `staging` with a full auth resource): `env add` (CreateBackend and
//! CloneBackend, and a clone that fails), `env list`, `diff`, `promote` and `update --dry-run
//! --exit-code`. New environments are checked with the SDK's Amplify client
//! (ListBackendEnvironments), as `aws amplify list-backend-environments` would see them.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::samples::default_config;
use amplify_auth::exit_code;
use amplify_auth::sandbox::demo::{DEMO_APP_ID as APP, DEMO_AUTH_RESOURCE as AUTH};
use amplify_auth::sandbox::{FaultConfig, SandboxOptions};
use support::headless::{Env, Run, set_demo_min_length};

const SHORT: Duration = Duration::from_millis(300);

async fn demo() -> Env {
    // The leak checks below need the secrets' values, so this sandbox returns them (and the
    // output must still mask them).
    support::headless::demo_with(SandboxOptions {
        job_duration: SHORT,
        return_secrets: true,
        ..SandboxOptions::default()
    })
    .await
}

/// Runs a command for the demo app.
async fn run(env: &Env, args: &[&str]) -> Run {
    let mut all = vec!["--app-id", APP];
    all.extend_from_slice(args);
    env.run(&all).await
}

/// `diff` from staging: `--env staging diff --other-env` and `args` (the other environment first).
async fn diff_staging(env: &Env, args: &[&str]) -> Run {
    let mut all = vec!["--env", "staging", "diff", "--other-env"];
    all.extend_from_slice(args);
    run(env, &all).await
}

async fn env_names(env: &Env) -> Vec<String> {
    env.clients
        .list_backend_environments(APP)
        .await
        .expect("ListBackendEnvironments")
        .into_iter()
        .map(|e| e.name)
        .collect()
}

async fn auth_of(env: &Env, name: &str) -> AuthConfig {
    env.clients
        .get_auth(APP, name, AUTH)
        .await
        .expect("GetBackendAuth")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_compare_change_and_promote_environments() {
    let env = demo().await;

    // env add qa --from staging --wait: a CloneBackend job that completes.
    let r = run(
        &env,
        &[
            "env", "add", "qa", "--from", "staging", "--wait", "--output", "json",
        ],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert_eq!(r.json()["Status"], "COMPLETED", "{r:?}");
    assert_eq!(r.json()["Operation"], "CloneBackend", "{r:?}");
    // env add fresh --wait: a CreateBackend job that completes.
    let r = run(&env, &["env", "add", "fresh", "--wait", "--output", "json"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert_eq!(r.json()["Operation"], "CreateBackend", "{r:?}");

    let names = env_names(&env).await;
    for n in ["dev", "staging", "qa", "fresh"] {
        assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
    }
    let r = run(&env, &["env", "list", "--output", "json"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let listed: Vec<String> = r.json()["backendEnvironments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["environmentName"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, names, "{r:?}");
    // The clone copied the auth resource; the fresh environment has none.
    assert_eq!(auth_of(&env, "qa").await, auth_of(&env, "staging").await);
    assert!(
        env.clients
            .get_backend(APP, Some("fresh"))
            .await
            .unwrap()
            .auth_resources
            .is_empty()
    );

    // Same config: exit 0.
    let r = diff_staging(&env, &["qa", "--exit-code"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert!(r.stderr.contains("no differences"), "{r:?}");

    // After a change to qa: exit 1, and the JSON names the changed member with both values.
    set_demo_min_length(&env.clients, "qa", 14.0).await;
    let r = diff_staging(&env, &["qa", "--exit-code", "--output", "json"]).await;
    assert_eq!(r.code, exit_code::DIFFERENT, "{r:?}");
    let j = r.json();
    assert_eq!(j["Same"], false);
    let diffs = j["Differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{j:#}");
    assert_eq!(
        diffs[0]["Path"],
        "UserPoolConfigs.PasswordPolicy.MinimumLength"
    );
    assert_eq!(diffs[0]["Right"], 14.0);
    assert_ne!(diffs[0]["Left"], 14.0);
    // The table shows it too; secrets are nowhere in the output.
    let r = diff_staging(&env, &["qa"]).await;
    assert_eq!(
        r.code,
        exit_code::OK,
        "without --exit-code a difference is no failure: {r:?}"
    );
    assert!(
        r.stdout
            .contains("UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{r:?}"
    );
    let staging = auth_of(&env, "staging").await;
    let sp = staging.social_providers().unwrap();
    // Google's client secret comes back from this sandbox; the Apple key never does (as on AWS).
    let google = sp.google.as_ref().unwrap().client_secret.as_ref().unwrap();
    for out in [&r.stdout, &r.stderr, &j.to_string()] {
        assert!(!out.contains(google.expose()), "{out}");
    }

    // promote --dry-run shows the change and sends nothing.
    let jobs_before = env
        .clients
        .list_jobs(APP, "staging", &Default::default())
        .await
        .unwrap()
        .len();
    let r = run(
        &env,
        &["--env", "qa", "promote", "--to-env", "staging", "--dry-run"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert!(
        r.stderr
            .contains("UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{r:?}"
    );
    assert_eq!(
        r.json()["ResourceConfig"]["UserPoolConfigs"]["PasswordPolicy"]["MinimumLength"],
        14.0
    );
    let jobs_after = env
        .clients
        .list_jobs(APP, "staging", &Default::default())
        .await
        .unwrap()
        .len();
    assert_eq!(jobs_before, jobs_after);

    // promote qa → staging, then they are the same again.
    let r = run(
        &env,
        &["--env", "qa", "promote", "--to-env", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let r = diff_staging(&env, &["qa", "--exit-code"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let after = auth_of(&env, "staging").await;
    assert_eq!(
        after
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .minimum_length,
        14.0
    );
    assert_eq!(
        after.social_providers(),
        staging.social_providers(),
        "secrets kept"
    );

    // Promoting again has nothing to do.
    let r = run(
        &env,
        &["--env", "qa", "promote", "--to-env", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert!(r.stderr.contains("nothing to promote"), "{r:?}");

    // A target without auth gets it created. The service never returns the Apple key, so the
    // create is refused naming it until it is supplied.
    let r = run(
        &env,
        &["--env", "staging", "promote", "--to-env", "fresh", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(r.stderr.contains("SignInWithApple.PrivateKey"), "{r:?}");
    let (_, body) = amplify_auth::domain::apple_key::generate_key();
    let secrets = env.dir.path().join("secrets.json");
    std::fs::write(
        &secrets,
        serde_json::json!({ "SignInWithApple": body }).to_string(),
    )
    .unwrap();
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "promote",
            "--to-env",
            "fresh",
            "--secrets",
            secrets.to_str().unwrap(),
            "--wait",
        ],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert!(r.stderr.contains("no auth resource"), "{r:?}");
    let r = diff_staging(&env, &["fresh", "--exit-code"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_refuses_immutable_differences_by_name() {
    let env = demo().await;
    let r = run(&env, &["env", "add", "other", "--wait"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let job = env
        .clients
        .create_auth(APP, "other", AUTH, &default_config("otherpool"))
        .await
        .unwrap();
    env.wait_job(APP, "other", job.job_id.as_deref().unwrap())
        .await;
    let r = run(
        &env,
        &["--env", "staging", "promote", "--to-env", "other", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(r.stderr.contains("UserPoolConfigs.UserPoolName"), "{r:?}");
    assert!(r.stderr.contains("nothing was sent"), "{r:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_clone_leaves_an_empty_environment() {
    let env = demo().await;
    env.sandbox.set_faults(FaultConfig {
        clone_failure_rate: 1.0,
        ..Default::default()
    });
    let r = run(
        &env,
        &["env", "add", "broken", "--from", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::JOB_FAILED, "{r:?}");
    assert!(r.stderr.contains("FAILED"), "{r:?}");
    assert!(
        r.stderr.contains("leaves environment broken behind"),
        "{r:?}"
    );
    assert!(env_names(&env).await.iter().any(|n| n == "broken"));
    let info = env.clients.get_backend(APP, Some("broken")).await.unwrap();
    assert!(info.auth_resources.is_empty(), "{info:?}");
    let err = env.clients.get_auth(APP, "broken", AUTH).await.unwrap_err();
    assert_eq!(err.code(), Some("NotFoundException"), "{err}");

    // A name the Amplify CLI refuses fails the job the same way (only a raw call can send one:
    // `env add` checks the name first).
    env.sandbox.set_faults(FaultConfig::default());
    let job = env
        .clients
        .clone_backend(APP, "staging", "Bad-Name")
        .await
        .expect("CloneBackend is answered");
    assert_eq!(job.env, "Bad-Name");
    let status = env
        .wait_job(APP, "Bad-Name", job.job_id.as_deref().unwrap())
        .await;
    assert_eq!(status, "FAILED");
    let failed = env
        .clients
        .get_job(APP, "Bad-Name", job.job_id.as_deref().unwrap())
        .await
        .unwrap();
    assert!(
        failed
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("lowercase only"),
        "{failed:?}"
    );
    assert!(
        env.clients
            .get_backend(APP, Some("Bad-Name"))
            .await
            .unwrap()
            .auth_resources
            .is_empty()
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_and_invalid_names_are_refused() {
    let env = demo().await;
    for args in [
        &["env", "add", "staging", "--from", "dev"][..],
        &["env", "add", "dev"][..],
    ] {
        let r = run(&env, args).await;
        assert_eq!(r.code, exit_code::SERVICE, "{args:?}: {r:?}");
        assert!(r.stderr.contains("already exists"), "{r:?}");
    }
    let before = env_names(&env).await;
    let r = run(&env, &["env", "add", "QA", "--from", "staging"]).await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(
        r.stderr
            .contains("Environment name must be between 2 and 10 characters, and lowercase only."),
        "{r:?}"
    );
    assert!(
        r.stderr.contains("\"qa\""),
        "the fix suggests a name: {r:?}"
    );
    assert_eq!(env_names(&env).await, before, "nothing was sent");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_dry_run_exit_code_reports_drift() {
    let env = demo().await;
    let r = run(&env, &["--env", "staging", "get"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let file = env.file("staging.json", &r.stdout);
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "update",
            "--input",
            &file,
            "--dry-run",
            "--exit-code",
        ],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "deployed equals the file: {r:?}");

    let mut doc =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&file).unwrap())
            .unwrap();
    doc["ResourceConfig"]["UserPoolConfigs"]["PasswordPolicy"]["MinimumLength"] = 16.into();
    let file = env.file("drift.json", &doc.to_string());
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "update",
            "--input",
            &file,
            "--dry-run",
            "--exit-code",
        ],
    )
    .await;
    assert_eq!(
        r.code,
        exit_code::DIFFERENT,
        "a change would be sent: {r:?}"
    );
    assert!(r.stderr.contains("MinimumLength"), "{r:?}");
    // Without --exit-code the dry run succeeds either way.
    let r = run(
        &env,
        &["--env", "staging", "update", "--input", &file, "--dry-run"],
    )
    .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    env.stop().await;
}

/// `diff --resource R --other-resource R2`: two differently named resources in two environments
/// are compared by name; an `--other-resource` that does not exist is an error naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_compares_named_resources_across_environments() {
    let env = demo().await;
    // dev has no auth: give it one under another name, with other settings.
    let job = env
        .clients
        .create_auth(APP, "dev", "devauth", &default_config("devpool"))
        .await
        .expect("CreateBackendAuth");
    let status = env
        .wait_job(APP, "dev", job.job_id.as_deref().unwrap())
        .await;
    assert_eq!(status, "COMPLETED");

    let args = |other: &'static str| {
        vec![
            "--env",
            "staging",
            "diff",
            "--resource",
            AUTH,
            "--other-env",
            "dev",
            "--other-resource",
            other,
            "--exit-code",
            "--output",
            "json",
        ]
    };
    let r = run(&env, &args("devauth")).await;
    assert_eq!(r.code, exit_code::DIFFERENT, "{r:?}");
    let j = r.json();
    assert_eq!(j["Left"]["ResourceName"], AUTH, "{j:#}");
    assert_eq!(j["Right"]["ResourceName"], "devauth", "{j:#}");
    assert_eq!(j["Right"]["BackendEnvironmentName"], "dev", "{j:#}");
    let paths: Vec<&str> = j["Differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["Path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"UserPoolConfigs.UserPoolName"),
        "the pools differ by name: {paths:?}"
    );

    let r = run(&env, &args("nosuch")).await;
    assert_ne!(r.code, exit_code::OK, "{r:?}");
    assert_ne!(r.code, exit_code::DIFFERENT, "{r:?}");
    assert!(r.stderr.contains("nosuch"), "{r:?}");
    env.stop().await;
}

/// A copy's hosted UI domain is made again in the new environment as `<prefix>-<env>`: `env add
/// --from` and `promote` refuse before sending anything when that domain cannot be made (past 63
/// characters, or a reserved word the environment name brings), naming the resource and the
/// domain; the same prefix copied into a name that fits goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_into_an_environment_whose_domain_cannot_be_made_are_refused_before_sending() {
    let env = demo().await;
    // 55 characters: `<prefix>-staging` is 63, Cognito's maximum.
    let mut cfg = auth_of(&env, "staging").await;
    cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("a".repeat(55));
    let plan =
        amplify_auth::domain::update_plan::plan_update(&auth_of(&env, "staging").await, &cfg);
    assert!(!plan.has_errors(), "{:?}", plan.findings);
    let job = env
        .clients
        .update_auth(APP, "staging", AUTH, &plan.request)
        .await
        .expect("UpdateBackendAuth");
    assert_eq!(
        env.wait_job(APP, "staging", &job.job_id.unwrap()).await,
        "COMPLETED"
    );
    assert_eq!(
        auth_of(&env, "staging")
            .await
            .user_pool
            .oauth
            .unwrap()
            .domain_prefix,
        Some("a".repeat(55))
    );

    let r = run(
        &env,
        &["env", "add", "stagingzz", "--from", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(
        r.stderr.contains(&format!(
            "auth resource {AUTH} in environment stagingzz: The hosted UI domain becomes {}-stagingzz (65 characters)",
            "a".repeat(55)
        )),
        "{r:?}"
    );
    assert!(r.stderr.contains("nothing was sent"), "{r:?}");
    assert!(!env_names(&env).await.iter().any(|n| n == "stagingzz"));

    // promote into an environment whose name brings a reserved word.
    let r = run(&env, &["env", "add", "newcognito", "--wait"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let r = run(
        &env,
        &[
            "promote",
            "--env",
            "staging",
            "--to-env",
            "newcognito",
            "--wait",
        ],
    )
    .await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(
        r.stderr
            .contains(&format!("auth resource {AUTH} in environment newcognito: ")),
        "{r:?}"
    );
    assert!(r.stderr.contains("contains \"cognito\""), "{r:?}");
    assert!(r.stderr.contains("nothing was sent"), "{r:?}");

    // The same prefix fits `qa`: the clone is sent and completes.
    let r = run(&env, &["env", "add", "qa", "--from", "staging", "--wait"]).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    env.stop().await;
}
