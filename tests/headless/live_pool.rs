//! The live Cognito pool (issue 26): the sandbox makes the pools a job's record amounts to and
//! serves Cognito's reads and console writes; the app reads them through the SDK's Cognito
//! clients, shows where they part from the record (`drift`, `get --live`) and refuses an update
//! that would revert a change made outside Amplify unless told to adopt or overwrite it.
//!
//! The console changes go through the SDK's own cognito-idp client against the sandbox, as the
//! AWS console or CLI would send them (the peer test sends the same with the AWS CLI and boto3).

use crate::support;

use std::time::Duration;

use amplify_auth::aws::AuthResourceMeta;
use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::{AuthConfig, MfaConfig, MfaMode, MfaSettings, MfaType, SocialProviders};
use amplify_auth::exit_code;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, PasswordPolicyType, SchemaAttributeType, UserPoolPolicyType,
    VerifiedAttributeType,
};
use serde_json::{Value, json};
use support::headless::{
    APP, ENV, Env, console_custom_attribute_and_group, google, with_backend, with_hosted_ui,
};

const SHORT: Duration = Duration::from_millis(200);
const RES: &str = "liveauth";

async fn meta(env: &Env) -> AuthResourceMeta {
    env.clients
        .get_backend(APP, Some(ENV))
        .await
        .expect("GetBackend")
        .auth_resources
        .into_iter()
        .find(|r| r.name == RES)
        .expect("the resource is in the meta")
}

async fn pool_id(env: &Env) -> String {
    meta(env).await.user_pool_id.expect("a user pool id")
}

/// What the console sends when someone sets the minimum length to `n`: UpdateUserPool with the
/// pool's whole state as the console shows it (password policy, auto-verified email, MFA off).
async fn console_min_length(env: &Env, pool: &str, n: i32) {
    let idp = &env.clients.cognito_idp();
    let now = idp
        .describe_user_pool()
        .user_pool_id(pool)
        .send()
        .await
        .expect("DescribeUserPool");
    let p = now
        .user_pool()
        .and_then(|p| p.policies())
        .and_then(|p| p.password_policy())
        .expect("a password policy");
    let policy = PasswordPolicyType::builder()
        .minimum_length(n)
        .require_uppercase(p.require_uppercase())
        .require_lowercase(p.require_lowercase())
        .require_numbers(p.require_numbers())
        .require_symbols(p.require_symbols())
        .build();
    idp.update_user_pool()
        .user_pool_id(pool)
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(policy)
                .build(),
        )
        .auto_verified_attributes(VerifiedAttributeType::Email)
        .mfa_configuration(aws_sdk_cognitoidentityprovider::types::UserPoolMfaType::Off)
        .send()
        .await
        .expect("UpdateUserPool");
}

async fn live_min_length(env: &Env, pool: &str) -> i32 {
    env.clients
        .cognito_idp()
        .describe_user_pool()
        .user_pool_id(pool)
        .send()
        .await
        .expect("DescribeUserPool")
        .user_pool()
        .and_then(|p| p.policies())
        .and_then(|p| p.password_policy())
        .and_then(|p| p.minimum_length())
        .expect("a minimum length")
}

/// `get`'s config with MFA turned to OPTIONAL with TOTP: an update of another member than the
/// password policy.
async fn mfa_update_file(env: &Env) -> String {
    let run = env.run(&["get", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let mut doc = run.json();
    doc["ResourceConfig"]["UserPoolConfigs"]["Mfa"] =
        json!({"MFAMode": "OPTIONAL", "Settings": {"MfaTypes": ["TOTP"]}});
    env.file("mfa.json", &serde_json::to_string_pretty(&doc).unwrap())
}

async fn record(env: &Env) -> AuthConfig {
    env.clients
        .get_auth(APP, ENV, RES)
        .await
        .expect("GetBackendAuth")
}

async fn changed_outside(env: &Env) -> String {
    env.create_wait(RES, &default_config("live")).await;
    let pool = pool_id(env).await;
    console_min_length(env, &pool, 12).await;
    console_custom_attribute_and_group(env, &pool).await;
    pool
}

/// `drift --exit-code --output json` on the test resource.
async fn drift_exit_code(env: &Env) -> support::headless::Run {
    env.run_scoped("drift", &["--exit-code", "--output", "json"])
        .await
}

/// A console change (minimum length 12, a custom attribute, a group), then `update` of MFA with
/// `flags`: the run, the pool, and the job count before the update.
async fn update_after_console_change(
    env: &Env,
    flags: &[&str],
) -> (support::headless::Run, String, usize) {
    let pool = changed_outside(env).await;
    let file = mfa_update_file(env).await;
    let jobs = env.job_count().await;
    let mut args = vec!["update", "--input", &file, "--wait"];
    args.extend_from_slice(flags);
    (env.run(&args).await, pool, jobs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_created_resource_has_live_pools_that_match_its_record_and_no_secret_is_printed() {
    let env = with_backend(SHORT).await;
    let cfg = with_hosted_ui(
        "livehui",
        SocialProviders {
            google: Some(google("live", "GOCSPX-live-pool-test-secret-01")),
            ..Default::default()
        },
    );
    env.create_wait(RES, &cfg).await;

    let run = drift_exit_code(&env).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(run.json()["Drift"], json!([]), "{run:?}");
    assert_eq!(run.json()["NotRead"], json!([]), "{run:?}");

    let run = env
        .run(&["get", "--live", "--app-id", APP, "--env", ENV])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let live = &run.json()["LivePool"];
    assert_eq!(live["UserPool"]["Name"], "livehui_userpool-dev");
    assert_eq!(live["UserPool"]["MfaConfiguration"], "OFF");
    assert_eq!(live["UserPool"]["UserPoolTier"], "ESSENTIALS");
    assert_eq!(live["Domain"]["Domain"], "livehui-headless-test-dev");
    assert_eq!(live["Domain"]["ManagedLoginVersion"], 1);
    let clients = live["Clients"].as_array().unwrap();
    assert_eq!(clients.len(), 2, "web and native clients: {live}");
    let web = clients.iter().find(|c| c["HasSecret"] == false).unwrap();
    assert_eq!(web["CallbackURLs"], json!(["https://app.example.com/"]));
    assert_eq!(web["AllowedOAuthFlows"], json!(["code"]));
    assert!(
        web["SupportedIdentityProviders"]
            .as_array()
            .unwrap()
            .contains(&json!("Google")),
        "{web}"
    );
    let google = &live["IdentityProviders"][0];
    assert_eq!(google["ProviderName"], "Google");
    assert_eq!(
        google["ClientId"],
        "123456789012-live.apps.googleusercontent.com"
    );
    assert_eq!(
        google["AuthorizeScopes"],
        json!(["openid", "email", "profile"])
    );
    assert_eq!(
        live["IdentityPool"]["IdentityPoolName"],
        "livehui_identitypool__dev"
    );
    assert!(
        live["IdentityPool"]["AuthenticatedRoleArn"]
            .as_str()
            .unwrap()
            .ends_with("-authRole"),
        "{live}"
    );
    // The sandbox returns the provider's client_secret and the native client's secret, as
    // Cognito does; neither reaches the output.
    assert!(
        !run.stdout.contains("GOCSPX-live-pool-test-secret-01"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("ClientSecret"), "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_change_shows_as_drift_and_in_the_live_only_facts() {
    let env = with_backend(SHORT).await;
    changed_outside(&env).await;
    let run = drift_exit_code(&env).await;
    assert_eq!(run.code, exit_code::DIFFERENT, "{run:?}");
    let doc = run.json();
    assert_eq!(
        doc["Drift"],
        json!([{"Path": "UserPoolConfigs.PasswordPolicy.MinimumLength", "Record": 8, "Live": 12}]),
        "{doc}"
    );
    let only = doc["LivePoolOnly"].as_array().unwrap();
    let fact = |name: &str| {
        only.iter()
            .find(|f| f["Name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {only:?}"))["Value"]
            .clone()
    };
    assert_eq!(fact("Custom attributes"), json!(["custom:tenant"]));
    assert_eq!(fact("Groups"), json!(["admins"]));
    assert_eq!(fact("Feature plan (UserPoolTier)"), json!("ESSENTIALS"));
    assert_eq!(fact("Deletion protection"), json!("INACTIVE"));

    // The default table names the member with both values.
    let run = env.run(&["drift", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(
        run.code,
        exit_code::OK,
        "without --exit-code drift is no failure: {run:?}"
    );
    assert!(
        run.stdout
            .contains("UserPoolConfigs.PasswordPolicy.MinimumLength")
            && run.stdout.contains("12"),
        "{run:?}"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_that_would_revert_a_console_change_is_refused_naming_the_member() {
    let env = with_backend(SHORT).await;
    let (run, pool, jobs) = update_after_console_change(&env, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains(
            "UserPoolConfigs.PasswordPolicy.MinimumLength: live 12 (the record says 8); the update sets 8"
        ),
        "{run:?}"
    );
    assert!(run.stderr.contains("--adopt-live") && run.stderr.contains("--overwrite-live"));
    // The groups the live pool has are listed with the evidence's source.
    assert!(
        run.stderr.contains("user pool groups (admins)")
            && run.stderr.contains("auth-request-adaptors.ts"),
        "{run:?}"
    );
    assert_eq!(env.job_count().await, jobs, "nothing was sent");
    assert_eq!(live_min_length(&env, &pool).await, 12);
    assert_eq!(record(&env).await.user_pool.mfa.unwrap().mode, MfaMode::Off);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adopt_live_keeps_the_console_change_and_applies_the_update() {
    let env = with_backend(SHORT).await;
    let (run, pool, _) = update_after_console_change(&env, &["--adopt-live"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr.contains(
            "--adopt-live: UserPoolConfigs.PasswordPolicy.MinimumLength keeps its live value 12"
        ),
        "{run:?}"
    );
    assert_eq!(
        live_min_length(&env, &pool).await,
        12,
        "the live value is still there"
    );
    let rec = record(&env).await;
    assert_eq!(rec.user_pool.password_policy.unwrap().minimum_length, 12.0);
    assert_eq!(
        rec.user_pool.mfa,
        Some(MfaConfig {
            mode: MfaMode::Optional,
            settings: Some(MfaSettings {
                mfa_types: Some(vec![MfaType::Totp]),
                ..Default::default()
            }),
            ..Default::default()
        })
    );
    // The record now agrees with the live pool on every mapped member.
    let run = drift_exit_code(&env).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overwrite_live_reverts_the_console_change_as_asked() {
    let env = with_backend(SHORT).await;
    let (run, pool, _) = update_after_console_change(&env, &["--overwrite-live"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr.contains(
            "--overwrite-live: UserPoolConfigs.PasswordPolicy.MinimumLength goes back from 12 (changed outside Amplify) to 8"
        ),
        "{run:?}"
    );
    // The job applied the record's whole pool state: the console's 12 is gone. The custom
    // attribute stays (a pool's schema cannot lose attributes).
    assert_eq!(live_min_length(&env, &pool).await, 8);
    let run = env
        .run(&["get", "--live", "--app-id", APP, "--env", ENV])
        .await;
    let live: Value = run.json()["LivePool"].clone();
    assert!(
        live["UserPool"]["SchemaAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "custom:tenant"),
        "{live}"
    );
    assert_eq!(live["UserPool"]["MfaConfiguration"], "OPTIONAL");
    assert_eq!(live["UserPool"]["Mfa"]["SoftwareToken"], true);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_live_check_sends_without_reading_the_pool_and_says_so() {
    let env = with_backend(SHORT).await;
    let (run, pool, _) = update_after_console_change(&env, &["--no-live-check"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stderr.contains("--no-live-check"), "{run:?}");
    assert_eq!(
        live_min_length(&env, &pool).await,
        8,
        "reverted, unseen, as the flag allows"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_that_fail_name_their_action_and_what_is_not_shown() {
    let env = with_backend(SHORT).await;
    let missing = AuthResourceMeta {
        name: "gone".into(),
        user_pool_id: Some("us-east-1_Missing01".into()),
        identity_pool_id: Some("us-east-1:00000000-0000-4000-8000-000000000000".into()),
        ..Default::default()
    };
    let live = env.clients.read_live_pool(&missing).await;
    assert!(live.user_pool.is_none() && live.identity_pool.is_none());
    let actions: Vec<&str> = live.failures.iter().map(|f| f.action.as_str()).collect();
    for a in [
        "cognito-idp:DescribeUserPool",
        "cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:ListUserPoolClients",
        "cognito-idp:ListIdentityProviders",
        "cognito-idp:ListGroups",
        "cognito-identity:DescribeIdentityPool",
    ] {
        assert!(actions.contains(&a), "{a} not named in {actions:?}");
    }
    let f = live
        .failures
        .iter()
        .find(|f| f.action == "cognito-idp:DescribeUserPool")
        .unwrap();
    assert_eq!(f.not_shown, "the user pool");
    assert!(f.message.contains("ResourceNotFoundException"), "{f:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_applies_cognitos_rules_to_console_writes() {
    let env = with_backend(SHORT).await;
    env.create_wait(RES, &default_config("rules")).await;
    let pool = pool_id(&env).await;
    let idp = &env.clients.cognito_idp();

    // UpdateUserPool without Policies or AutoVerifiedAttributes sets them to Cognito's defaults.
    idp.update_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .expect("UpdateUserPool");
    let p = idp
        .describe_user_pool()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap();
    let p = p.user_pool().unwrap();
    let policy = p.policies().unwrap().password_policy().unwrap();
    assert_eq!(policy.minimum_length(), Some(8));
    assert!(
        policy.require_symbols(),
        "Cognito's default policy requires symbols"
    );
    assert!(p.auto_verified_attributes().is_empty());
    let run = env.run_scoped("drift", &["--output", "json"]).await;
    let paths: Vec<Value> = run.json()["Drift"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["Path"].clone())
        .collect();
    assert!(
        paths.contains(&json!(
            "UserPoolConfigs.PasswordPolicy.AdditionalConstraints"
        )) && paths.contains(&json!("UserPoolConfigs.VerificationMessage.DeliveryMethod")),
        "{paths:?}"
    );

    // An existing custom attribute cannot be added again; a group name is taken once.
    console_custom_attribute_and_group(&env, &pool).await;
    let again = idp
        .add_custom_attributes()
        .user_pool_id(&pool)
        .custom_attributes(
            SchemaAttributeType::builder()
                .name("tenant")
                .attribute_data_type(AttributeDataType::String)
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    let e = again.into_service_error();
    assert!(e.is_invalid_parameter_exception(), "{e:?}");
    assert!(
        e.to_string()
            .contains("Existing schema attributes cannot be modified or deleted"),
        "{e}"
    );
    let dup = idp
        .create_group()
        .user_pool_id(&pool)
        .group_name("admins")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(dup.is_group_exists_exception(), "{dup:?}");
    // A pool that does not exist is Cognito's ResourceNotFoundException.
    let nf = idp
        .describe_user_pool()
        .user_pool_id("us-east-1_Missing01")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(nf.is_resource_not_found_exception(), "{nf:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promote_refuses_to_revert_a_console_change_in_the_target_unless_told() {
    let env = with_backend(SHORT).await;
    env.create_wait(RES, &default_config("live")).await;
    let r = env
        .run(&["--app-id", APP, "env", "add", "prod", "--wait"])
        .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let promote = |extra: &'static [&'static str]| {
        let mut args = vec![
            "--app-id", APP, "--env", ENV, "promote", "--to-env", "prod", "--wait",
        ];
        args.extend_from_slice(extra);
        args
    };
    // prod gets dev's auth (a create: nothing live to check yet).
    let r = env.run(&promote(&[])).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let prod_pool = env
        .clients
        .get_backend(APP, Some("prod"))
        .await
        .unwrap()
        .auth_resources[0]
        .user_pool_id
        .clone()
        .unwrap();
    // The console raises prod's minimum length; dev then changes MFA.
    console_min_length(&env, &prod_pool, 12).await;
    let file = mfa_update_file(&env).await;
    let r = env.run(&["update", "--input", &file, "--wait"]).await;
    assert_eq!(r.code, exit_code::OK, "dev has no drift: {r:?}");

    let r = env.run(&promote(&[])).await;
    assert_eq!(r.code, exit_code::INVALID_INPUT, "{r:?}");
    assert!(
        r.stderr
            .contains("UserPoolConfigs.PasswordPolicy.MinimumLength: live 12"),
        "{r:?}"
    );
    assert_eq!(live_min_length(&env, &prod_pool).await, 12);

    let r = env.run(&promote(&["--adopt-live"])).await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    assert_eq!(
        live_min_length(&env, &prod_pool).await,
        12,
        "kept, as asked"
    );
    let prod = env.clients.get_auth(APP, "prod", RES).await.unwrap();
    assert_eq!(prod.user_pool.mfa.unwrap().mode, MfaMode::Optional);
    env.stop().await;
}

/// `gen2` reads the live pool: a custom attribute and a group added in the console (which the
/// AmplifyBackend record cannot hold) are in the generated resource.ts and the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gen2_exports_the_console_s_custom_attribute_and_group_from_the_live_pool() {
    let env = with_backend(SHORT).await;
    changed_outside(&env).await;
    let run = env
        .run(&["--app-id", APP, "--env", ENV, "gen2", "--output", "json"])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let doc = run.json();
    let ts = doc["Files"]["amplify/auth/resource.ts"]
        .as_str()
        .expect("resource.ts in the report");
    assert!(ts.contains("'custom:tenant'"), "{ts}");
    assert!(ts.contains("dataType: 'String'"), "{ts}");
    assert!(ts.contains("groups: ['admins']"), "{ts}");
    let members = doc["Members"].as_array().expect("members");
    let member = |path: &str| {
        members
            .iter()
            .find(|m| m["Path"] == path)
            .unwrap_or_else(|| panic!("no member {path}: {doc}"))
    };
    assert_eq!(
        member("Live.SchemaAttributes.custom:tenant")["Gen2"],
        "userAttributes['custom:tenant']"
    );
    assert_eq!(member("Live.Groups")["Value"], "[admins]");
    assert!(doc.get("LiveReadFailures").is_none(), "{doc}");
    assert!(!run.stderr.contains("from the record only"), "{run:?}");
}
