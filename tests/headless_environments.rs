//! Environments through the headless commands, against an in-process sandbox seeded with the demo
//! app (`dev` without auth, `staging` with a full auth resource): `env add` (CreateBackend and
//! CloneBackend, and a clone that fails), `env list`, `diff`, `promote` and `update --dry-run
//! --exit-code`. New environments are checked with the SDK's Amplify client
//! (ListBackendEnvironments), as `aws amplify list-backend-environments` would see them.

mod headless_support;

use std::time::Duration;

use amplify_auth::aws::{self, Timeouts};
use amplify_auth::domain::AuthConfig;
use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::update::update_request;
use amplify_auth::headless::exit;
use amplify_auth::sandbox::demo::{DEMO_APP_ID as APP, DEMO_AUTH_RESOURCE as AUTH};
use amplify_auth::sandbox::{self, FaultConfig, SandboxOptions, StatePath};
use headless_support::{Env, Run};

const SHORT: Duration = Duration::from_millis(300);

/// The demo app; `return_secrets` makes GetBackendAuth give the client secrets back (never the
/// Apple key), the other path a client must handle.
async fn demo_with(return_secrets: bool) -> Env {
    let sandbox = sandbox::start(SandboxOptions {
        state: StatePath::Memory,
        job_duration: SHORT,
        demo: true,
        return_secrets,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts");
    let clients = aws::clients_from_static(
        &sandbox.endpoint,
        &sandbox.access_key_id,
        &sandbox.secret_access_key,
        &sandbox.region,
        Timeouts::default(),
    );
    Env {
        sandbox,
        clients,
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

/// The demo app on a sandbox that returns no secrets (its default, as the evidence leaves it).
async fn demo() -> Env {
    demo_with(false).await
}

/// Runs a command for the demo app.
async fn run(env: &Env, args: &[&str]) -> Run {
    let mut all = vec!["--app-id", APP];
    all.extend_from_slice(args);
    env.run(&all).await
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

/// Edits `name`'s auth with `edit` and sends the whole state, as `update` does (a member left
/// out would not mean "unchanged": the service turns an omitted Mfa OFF), straight through the
/// SDK; providers go as read, without the secrets the service did not return, which it keeps.
/// Waits for the job.
async fn change(env: &Env, name: &str, edit: impl FnOnce(&mut AuthConfig)) {
    let mut cfg = auth_of(env, name).await;
    edit(&mut cfg);
    let job = env
        .clients
        .update_auth(APP, name, AUTH, &update_request(&cfg))
        .await
        .expect("UpdateBackendAuth");
    let status = env
        .wait_job(APP, name, job.job_id.as_deref().unwrap())
        .await;
    assert_eq!(status, "COMPLETED");
}

async fn set_min_length(env: &Env, name: &str, n: f64) {
    change(env, name, |c| {
        c.user_pool
            .password_policy
            .as_mut()
            .expect("policy")
            .minimum_length = n
    })
    .await
}

async fn set_redirect_uris(env: &Env, name: &str, uris: &[&str]) {
    change(env, name, |c| {
        c.user_pool
            .oauth
            .as_mut()
            .expect("hosted UI")
            .redirect_sign_in_uris = uris.iter().map(|u| u.to_string()).collect()
    })
    .await
}

// On a sandbox that returns the client secrets, so the checks that no secret is printed and that
// promote keeps them have a secret to look for (the Apple key is never returned: promote to an
// environment without auth needs it supplied).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_compare_change_and_promote_environments() {
    let env = demo_with(true).await;

    // env add qa --from staging --wait: a CloneBackend job that completes.
    let r = run(
        &env,
        &[
            "env", "add", "qa", "--from", "staging", "--wait", "--output", "json",
        ],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert_eq!(r.json()["Status"], "COMPLETED", "{r:?}");
    assert_eq!(r.json()["Operation"], "CloneBackend", "{r:?}");
    // env add fresh --wait: a CreateBackend job that completes.
    let r = run(&env, &["env", "add", "fresh", "--wait", "--output", "json"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert_eq!(r.json()["Operation"], "CreateBackend", "{r:?}");

    let names = env_names(&env).await;
    for n in ["dev", "staging", "qa", "fresh"] {
        assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
    }
    let r = run(&env, &["env", "list", "--output", "json"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
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
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "diff",
            "--other-env",
            "qa",
            "--exit-code",
        ],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert!(r.stderr.contains("no differences"), "{r:?}");

    // After a change to qa: exit 1, and the JSON names the changed member with both values.
    set_min_length(&env, "qa", 14.0).await;
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "diff",
            "--other-env",
            "qa",
            "--exit-code",
            "--output",
            "json",
        ],
    )
    .await;
    assert_eq!(r.code, exit::DIFFERENT, "{r:?}");
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
    let r = run(&env, &["--env", "staging", "diff", "--other-env", "qa"]).await;
    assert_eq!(
        r.code,
        exit::OK,
        "without --exit-code a difference is no failure: {r:?}"
    );
    assert!(
        r.stdout
            .contains("UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{r:?}"
    );
    let staging = auth_of(&env, "staging").await;
    let sp = staging.social_providers().unwrap();
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
    assert_eq!(r.code, exit::OK, "{r:?}");
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
    assert_eq!(r.code, exit::OK, "{r:?}");
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "diff",
            "--other-env",
            "qa",
            "--exit-code",
        ],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
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
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert!(r.stderr.contains("nothing to promote"), "{r:?}");

    // A target without auth gets it created; the Apple key, which the service never returns,
    // must be supplied, else nothing is sent.
    let r = run(
        &env,
        &["--env", "staging", "promote", "--to-env", "fresh", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit::INVALID_INPUT, "{r:?}");
    assert!(r.stderr.contains("SignInWithApple.PrivateKey"), "{r:?}");
    assert!(!r.stderr.contains("Google.ClientSecret"), "returned: {r:?}");
    assert!(r.stderr.contains("nothing was sent"), "{r:?}");
    let key = sandbox::demo::generate_apple_key();
    let secrets = env.file(
        "secrets.json",
        &serde_json::json!({ "SignInWithApple": key }).to_string(),
    );
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "promote",
            "--to-env",
            "fresh",
            "--secrets",
            &secrets,
            "--wait",
        ],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert!(r.stderr.contains("no auth resource"), "{r:?}");
    for out in [&r.stdout, &r.stderr] {
        assert!(!out.contains(google.expose()), "{out}");
        assert!(!out.contains(key.trim()), "{out}");
    }
    let r = run(
        &env,
        &[
            "--env",
            "staging",
            "diff",
            "--other-env",
            "fresh",
            "--exit-code",
        ],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    env.stop().await;
}

// The service's default answer holds no secrets at all. A hosted UI change is promoted with its
// unchanged providers sent without secrets (the service keeps them, issue 12); a new environment
// needs every secret supplied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_without_returned_secrets_sends_unchanged_providers_and_asks_for_new_ones() {
    let env = demo().await;
    let r = run(&env, &["env", "add", "qa", "--from", "staging", "--wait"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    let uris = ["https://qa.demo-app.example.com/"];
    set_redirect_uris(&env, "qa", &uris).await;

    let r = run(
        &env,
        &["--env", "qa", "promote", "--to-env", "staging", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert!(r.stderr.contains("RedirectSignInURIs"), "{r:?}");
    let staging = auth_of(&env, "staging").await;
    let oauth = staging.user_pool.oauth.as_ref().unwrap();
    assert_eq!(oauth.redirect_sign_in_uris, uris);
    assert_eq!(
        staging.social_providers(),
        auth_of(&env, "qa").await.social_providers(),
        "the providers are still there"
    );

    let r = run(&env, &["env", "add", "fresh", "--wait"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    let r = run(
        &env,
        &["--env", "staging", "promote", "--to-env", "fresh", "--wait"],
    )
    .await;
    assert_eq!(r.code, exit::INVALID_INPUT, "{r:?}");
    for path in ["Google.ClientSecret", "SignInWithApple.PrivateKey"] {
        assert!(r.stderr.contains(path), "{path}: {r:?}");
    }
    assert!(
        env.clients
            .get_backend(APP, Some("fresh"))
            .await
            .unwrap()
            .auth_resources
            .is_empty(),
        "nothing was sent"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_refuses_immutable_differences_by_name() {
    let env = demo().await;
    let r = run(&env, &["env", "add", "other", "--wait"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
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
    assert_eq!(r.code, exit::INVALID_INPUT, "{r:?}");
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
    assert_eq!(r.code, exit::JOB_FAILED, "{r:?}");
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
        assert_eq!(r.code, exit::SERVICE, "{args:?}: {r:?}");
        assert!(r.stderr.contains("already exists"), "{r:?}");
    }
    let before = env_names(&env).await;
    let r = run(&env, &["env", "add", "QA", "--from", "staging"]).await;
    assert_eq!(r.code, exit::INVALID_INPUT, "{r:?}");
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
    assert_eq!(r.code, exit::OK, "{r:?}");
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
    assert_eq!(r.code, exit::OK, "deployed equals the file: {r:?}");

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
    assert_eq!(r.code, exit::DIFFERENT, "a change would be sent: {r:?}");
    assert!(r.stderr.contains("MinimumLength"), "{r:?}");
    // Without --exit-code the dry run succeeds either way.
    let r = run(
        &env,
        &["--env", "staging", "update", "--input", &file, "--dry-run"],
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    env.stop().await;
}

// Issue 11: `get` names the hosted UI as deployed (the meta's HostedUIDomain, with the env
// suffix) and the redirect URL to register; `create` refuses a prefix that only overflows
// Cognito's 63 characters once the env is added, naming the member, and sends nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_shows_the_hosted_ui_with_the_env_suffix_and_create_checks_its_length() {
    let env = demo().await;
    let r = run(&env, &["--env", "staging", "get"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    let prefix = auth_of(&env, "staging")
        .await
        .user_pool
        .oauth
        .unwrap()
        .domain_prefix
        .unwrap();
    let url = format!(
        "https://{prefix}-staging.auth.{}.amazoncognito.com/oauth2/idpresponse",
        env.sandbox.region
    );
    assert!(r.stderr.contains(&url), "{url}: {r:?}");
    assert!(r.stderr.contains("deployed"), "{r:?}");
    assert!(
        !r.stdout.contains("idpresponse"),
        "stdout is the document only"
    );

    let doc = |prefix: String| {
        let mut cfg = sandbox::demo::demo_auth_config();
        cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some(prefix);
        serde_json::json!({
            "AppId": APP,
            "BackendEnvironmentName": "dev",
            "ResourceName": "longauth",
            "ResourceConfig": cfg,
        })
        .to_string()
    };
    // 60 characters + "-dev" is 64: refused.
    let file = env.file("long.json", &doc("a".repeat(60)));
    let r = env.run(&["create", "--input", &file, "--dry-run"]).await;
    assert_eq!(r.code, exit::INVALID_INPUT, "{r:?}");
    assert!(r.stderr.contains("DomainPrefix"), "{r:?}");
    assert!(r.stderr.contains("64 characters"), "{r:?}");
    // 59 + "-dev" is 63: fits.
    let file = env.file("fits.json", &doc("a".repeat(59)));
    let r = env.run(&["create", "--input", &file, "--dry-run"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    env.stop().await;
}

// `diff` prints through the shared emit(): `--query` picks from its JSON document and `--output
// text|yaml` format the result.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_takes_query_and_the_text_and_yaml_outputs() {
    let env = demo().await;
    let r = run(&env, &["env", "add", "qa", "--from", "staging", "--wait"]).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    set_min_length(&env, "qa", 15.0).await;
    let diff = |extra: &'static [&'static str]| {
        let mut args = vec!["--env", "staging", "diff", "--other-env", "qa"];
        args.extend_from_slice(extra);
        args
    };
    let r = run(
        &env,
        &diff(&["--query", "Differences[].Path", "--output", "text"]),
    )
    .await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert_eq!(
        r.stdout.trim(),
        "UserPoolConfigs.PasswordPolicy.MinimumLength",
        "{r:?}"
    );
    let r = run(
        &env,
        &diff(&["--query", "Differences[0].Right", "--output", "text"]),
    )
    .await;
    assert_eq!(r.stdout.trim(), "15", "{r:?}");
    let r = run(&env, &diff(&["--output", "yaml"])).await;
    assert_eq!(r.code, exit::OK, "{r:?}");
    assert!(r.stdout.contains("Same: false"), "{r:?}");
    assert!(
        r.stdout
            .contains("Path: UserPoolConfigs.PasswordPolicy.MinimumLength"),
        "{r:?}"
    );
    env.stop().await;
}
