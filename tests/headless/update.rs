//! `update --input` drops nothing silently: a whole config that leaves a member out removes it (or
//! is refused naming it), providers come and go, MFA turns on and off, and secrets the service
//! keeps are kept or asked for. Each case runs the real command line against an in-process
//! sandbox and reads the result back from it.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::samples::default_config;
use amplify_auth::domain::{
    AuthConfig, MfaMode, OAuthScope, PasswordConstraint, ProviderClient, Secret, SocialProviders,
};
use amplify_auth::exit_code;
use serde_json::{Value, json};
use support::headless::{
    APP, ENV, Env, apple, google, with_backend, with_backend_returning_secrets,
    with_hosted_ui_scopes,
};

const SHORT: Duration = Duration::from_millis(200);
const RES: &str = "hostedauth";

fn hosted_ui(apple_key: &str) -> AuthConfig {
    with_hosted_ui_scopes(
        "upd",
        vec![OAuthScope::Email, OAuthScope::OpenId, OAuthScope::Profile],
        SocialProviders {
            google: Some(google("update", "GOCSPX-update-test-secret-0001")),
            facebook: Some(ProviderClient {
                client_id: Some("1234567890123456".into()),
                client_secret: Some(Secret::new("facebook-update-test-secret")),
                ..Default::default()
            }),
            sign_in_with_apple: Some(apple("update", apple_key)),
            ..Default::default()
        },
    )
}

/// What `get` prints (no secrets), as JSON to edit.
async fn get(env: &Env) -> Value {
    let run = env.run(&["get", "--app-id", APP, "--env", ENV]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    run.json()
}

async fn update(env: &Env, doc: &Value, extra: &[&str]) -> support::headless::Run {
    let file = env.file("edited.json", &serde_json::to_string_pretty(doc).unwrap());
    let mut args = vec!["update", "--input", &file];
    args.extend_from_slice(extra);
    env.run(&args).await
}

async fn read_back(env: &Env) -> AuthConfig {
    env.clients
        .get_auth(APP, ENV, RES)
        .await
        .expect("GetBackendAuth")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_config_without_oauth_removes_the_hosted_ui() {
    let env = with_backend(SHORT).await;
    let (_, key) = generate_key();
    env.create_wait(RES, &hosted_ui(&key)).await;
    let mut doc = get(&env).await;
    doc["ResourceConfig"]["UserPoolConfigs"]
        .as_object_mut()
        .unwrap()
        .remove("OAuth");

    // The dry run shows the removal and the request that says it.
    let jobs = env.job_count().await;
    let run = update(&env, &doc, &["--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr.contains(
            "removed ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix: upd-headless-test -> (none)"
        ),
        "{run:?}"
    );
    assert_eq!(
        run.json()["ResourceConfig"]["UserPoolConfigs"]["OAuth"],
        json!({})
    );
    assert_eq!(env.job_count().await, jobs, "a dry run sends nothing");

    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stdout.contains("COMPLETED"), "{run:?}");
    let after = read_back(&env).await;
    assert_eq!(after.user_pool.oauth, None, "the hosted UI is gone");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_provider_removes_it_and_keeps_the_others_without_their_secrets() {
    let env = with_backend(SHORT).await;
    let (_, key) = generate_key();
    env.create_wait(RES, &hosted_ui(&key)).await;
    let mut doc = get(&env).await;
    let sp = &mut doc["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"];
    sp.as_object_mut().unwrap().remove("Facebook");
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr.contains(
            "removed ResourceConfig.UserPoolConfigs.OAuth.SocialProviderSettings.Facebook.ClientId"
        ),
        "{run:?}"
    );
    // The unchanged providers were sent without their secrets, which is how the service keeps them.
    assert!(
        run.stderr.contains("SignInWithApple.PrivateKey is not in")
            && run.stderr.contains("the service keeps the stored one"),
        "{run:?}"
    );
    let after = read_back(&env).await;
    let sp = after.social_providers().expect("providers");
    assert!(sp.facebook.is_none(), "{sp:?}");
    assert!(
        sp.google.is_some() && sp.sign_in_with_apple.is_some(),
        "{sp:?}"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_apple_team_id_without_the_key_is_refused_naming_private_key() {
    let env = with_backend(SHORT).await;
    let (_, key) = generate_key();
    env.create_wait(RES, &hosted_ui(&key)).await;
    let mut doc = get(&env).await;
    const APPLE: &str =
        "/ResourceConfig/UserPoolConfigs/OAuth/SocialProviderSettings/SignInWithApple";
    doc.pointer_mut(APPLE).unwrap()["TeamId"] = json!("NEWTEAM123");
    let jobs = env.job_count().await;
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains(
            "ResourceConfig.UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("never gives the stored private key back"),
        "{run:?}"
    );
    assert!(run.stderr.contains(".p8"), "the way to supply it: {run:?}");
    assert_eq!(env.job_count().await, jobs, "nothing was sent");

    // A masked value is no key either.
    doc.pointer_mut(APPLE).unwrap()["PrivateKey"] = json!(amplify_auth::domain::secret::MASK);
    let run = update(&env, &doc, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stderr.contains("masked placeholder"), "{run:?}");

    // With the key, the change goes through.
    let (_, new_key) = generate_key();
    doc["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["SignInWithApple"]
        ["PrivateKey"] = json!(new_key);
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(!run.stdout.contains(&new_key) && !run.stderr.contains(&new_key));
    let after = read_back(&env).await;
    let apple = after
        .social_providers()
        .unwrap()
        .sign_in_with_apple
        .clone()
        .unwrap();
    assert_eq!(apple.team_id.as_deref(), Some("NEWTEAM123"));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_on_and_off_oauth_on_password_classes_removed_and_messages_not_removable() {
    let env = with_backend(SHORT).await;
    let mut cfg = default_config("mfa");
    cfg.user_pool
        .password_policy
        .as_mut()
        .unwrap()
        .additional_constraints = Some(vec![
        PasswordConstraint::RequireDigit,
        PasswordConstraint::RequireSymbol,
    ]);
    // MFA ON can only be chosen when the pool is created (Cognito).
    cfg.user_pool.mfa = Some(amplify_auth::domain::MfaConfig {
        mode: MfaMode::On,
        settings: Some(amplify_auth::domain::MfaSettings {
            mfa_types: Some(vec![amplify_auth::domain::MfaType::Totp]),
            ..Default::default()
        }),
        ..Default::default()
    });
    env.create_wait(RES, &cfg).await;

    // MFA ON → OFF by leaving Mfa out of a whole config: shown as a change and applied.
    let mut doc = get(&env).await;
    doc["ResourceConfig"]["UserPoolConfigs"]
        .as_object_mut()
        .unwrap()
        .remove("Mfa");
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(run.stderr.contains("Mfa.MFAMode: ON -> OFF"), "{run:?}");
    assert!(
        run.stderr.contains("Turning MFA OFF"),
        "the warning: {run:?}"
    );
    let after = read_back(&env).await;
    assert_eq!(after.user_pool.mfa.unwrap().mode, MfaMode::Off);

    // OFF → ON cannot be done by an update: refused before sending, naming the member.
    let mut doc = get(&env).await;
    doc["ResourceConfig"]["UserPoolConfigs"]["Mfa"] =
        json!({"MFAMode": "ON", "Settings": {"MfaTypes": ["TOTP"]}});
    let jobs = env.job_count().await;
    let run = update(&env, &doc, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr
            .contains("ResourceConfig.UserPoolConfigs.Mfa.MFAMode")
            && run.stderr.contains("OPTIONAL"),
        "{run:?}"
    );
    assert_eq!(env.job_count().await, jobs, "nothing was sent");

    // OFF → OPTIONAL, OAuth turned on for a resource that had none, password classes removed.
    let up = &mut doc["ResourceConfig"]["UserPoolConfigs"];
    up["Mfa"] = json!({"MFAMode": "OPTIONAL", "Settings": {"MfaTypes": ["TOTP"]}});
    up["PasswordPolicy"]["AdditionalConstraints"] = json!([]);
    up["OAuth"] = json!({
        "DomainPrefix": "mfa-headless-test",
        "OAuthGrantType": "CODE",
        "OAuthScopes": ["EMAIL", "OPENID"],
        "RedirectSignInURIs": ["https://mfa.example.com/"],
        "RedirectSignOutURIs": ["https://mfa.example.com/out/"],
    });
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let after = read_back(&env).await;
    assert_eq!(
        after.user_pool.mfa.as_ref().unwrap().mode,
        MfaMode::Optional
    );
    assert_eq!(
        after
            .user_pool
            .password_policy
            .as_ref()
            .unwrap()
            .additional_constraints,
        Some(vec![])
    );
    assert_eq!(
        after
            .user_pool
            .oauth
            .as_ref()
            .unwrap()
            .domain_prefix
            .as_deref(),
        Some("mfa-headless-test")
    );

    // An update-shaped file that leaves Mfa out keeps it: the request still carries it (the
    // service would read an omitted Mfa as OFF).
    let partial = json!({
        "AppId": APP, "BackendEnvironmentName": ENV, "ResourceName": RES,
        "ResourceConfig": {
            "AuthResources": "IDENTITY_POOL_AND_USER_POOL", "Service": "COGNITO",
            "UserPoolConfigs": {"PasswordPolicy": {"MinimumLength": 11}}
        }
    });
    let run = update(&env, &partial, &["--dry-run"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(
        run.json()["ResourceConfig"]["UserPoolConfigs"]["Mfa"]["MFAMode"],
        "OPTIONAL",
        "{run:?}"
    );
    let run = update(&env, &partial, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let after = read_back(&env).await;
    assert_eq!(
        after.user_pool.mfa.as_ref().unwrap().mode,
        MfaMode::Optional,
        "kept"
    );
    assert!(after.user_pool.oauth.is_some(), "kept");
    assert_eq!(
        after.user_pool.password_policy.unwrap().minimum_length,
        11.0
    );

    // The verification message cannot be removed by an update: refused, naming it and the way out.
    let mut doc = get(&env).await;
    doc["ResourceConfig"]["UserPoolConfigs"]
        .as_object_mut()
        .unwrap()
        .remove("VerificationMessage");
    let jobs = env.job_count().await;
    let run = update(&env, &doc, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr
            .contains("ResourceConfig.UserPoolConfigs.VerificationMessage")
            && run.stderr.contains("recreate"),
        "{run:?}"
    );
    assert_eq!(env.job_count().await, jobs);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_that_returns_client_secrets_has_them_kept_without_asking() {
    let env = with_backend_returning_secrets(SHORT).await;
    let (_, key) = generate_key();
    env.create_wait(RES, &hosted_ui(&key)).await;
    let mut doc = get(&env).await; // `get` leaves the returned secrets out of its output
    let oauth = &mut doc["ResourceConfig"]["UserPoolConfigs"]["OAuth"];
    oauth["RedirectSignInURIs"] = json!(["https://app.example.com/", "http://localhost:3000/"]);
    let run = update(&env, &doc, &["--wait"]).await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        run.stderr.contains("Google.ClientSecret is not in")
            && run
                .stderr
                .contains("sending the value the service returned"),
        "{run:?}"
    );
    let after = read_back(&env).await;
    let google = after.social_providers().unwrap().google.clone().unwrap();
    assert_eq!(
        google.client_secret.unwrap().expose(),
        "GOCSPX-update-test-secret-0001"
    );
    assert_eq!(
        after.user_pool.oauth.unwrap().redirect_sign_in_uris.len(),
        2
    );

    // A new client ID does not inherit the old client's secret.
    let mut doc = get(&env).await;
    doc["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Google"]["ClientId"] =
        json!("999999999999-other.apps.googleusercontent.com");
    let run = update(&env, &doc, &[]).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stderr.contains("Google.ClientSecret"), "{run:?}");
    env.stop().await;
}
