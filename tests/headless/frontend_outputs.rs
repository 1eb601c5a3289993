//! `outputs`: the frontend config files of a deployed auth resource, against the demo sandbox.

use crate::support;

use std::time::Duration;

use amplify_auth::aws::{AuthResourceMeta, Clients};
use amplify_auth::headless::Terminal;
use amplify_auth::sandbox::SandboxHandle;
use amplify_auth::sandbox::demo::{DEMO_APP_ID, DEMO_AUTH_RESOURCE};
use serde_json::{Value, json};
use support::headless::{Run, run_cli};

const SCHEMA: &str = include_str!("../../assets/schemas/amplify_outputs_auth_v1.5.json");

async fn demo() -> (SandboxHandle, Clients) {
    let h = support::app::sandbox(true, Duration::from_millis(50)).await;
    let c = support::app::clients(&h);
    (h, c)
}

async fn outputs(c: &Clients, env: &str, extra: &[&str]) -> Run {
    let mut args = vec!["outputs", "--app-id", DEMO_APP_ID, "--env", env];
    args.extend_from_slice(extra);
    run_cli(Some(c), &args, "", Terminal::default()).await
}

/// What GetBackend's meta says about the demo staging resource.
async fn staging_meta(c: &Clients) -> AuthResourceMeta {
    let info = c
        .get_backend(DEMO_APP_ID, Some("staging"))
        .await
        .expect("GetBackend");
    info.auth_resources
        .into_iter()
        .find(|r| r.name == DEMO_AUTH_RESOURCE)
        .expect("the demo resource is in the meta")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amplifyconfiguration_for_staging_matches_the_meta_outputs() {
    let (h, c) = demo().await;
    let meta = staging_meta(&c).await;
    let run = outputs(&c, "staging", &["--format", "amplifyconfiguration"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    assert_eq!(v["aws_user_pools_id"], json!(meta.user_pool_id.unwrap()));
    assert_eq!(
        v["aws_user_pools_web_client_id"],
        json!(meta.app_client_id_web.unwrap())
    );
    assert_eq!(
        v["aws_cognito_identity_pool_id"],
        json!(meta.identity_pool_id.unwrap())
    );
    assert_eq!(v["aws_project_region"], json!(h.region));
    // The domain is the deployed one from the meta (`<prefix>-<env>` once the sandbox suffixes
    // it as the CLI's stack does), never the config's bare DomainPrefix.
    let deployed = meta.hosted_ui_domain.expect("HostedUIDomain in the meta");
    let oauth = &v["oauth"];
    assert_eq!(
        oauth["domain"],
        json!(format!("{deployed}.auth.{}.amazoncognito.com", h.region))
    );
    assert_eq!(
        oauth["scope"],
        json!([
            "email",
            "openid",
            "profile",
            "aws.cognito.signin.user.admin"
        ])
    );
    assert_eq!(oauth["responseType"], "code");
    assert_eq!(
        oauth["redirectSignIn"],
        "https://staging.demo-app.example.com/,http://localhost:3000/"
    );
    assert_eq!(
        v["aws_cognito_social_providers"],
        json!(["GOOGLE", "APPLE"])
    );
    assert_eq!(v["aws_cognito_mfa_configuration"], "OPTIONAL");
    assert_eq!(v["aws_cognito_mfa_types"], json!(["TOTP"]));
    // Nothing secret reaches a file meant for the browser.
    assert!(!run.stdout.contains("GOCSPX-"), "{}", run.stdout);
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amplify_outputs_passes_the_gen2_schema() {
    let (h, c) = demo().await;
    let schema: Value = serde_json::from_str(SCHEMA).expect("the committed schema is JSON");
    let run = outputs(&c, "staging", &["--format", "amplify_outputs"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    let problems = support::schema::validate(&schema, &v);
    assert!(problems.is_empty(), "{problems:#?}\n{v:#}");
    let auth = &v["auth"];
    assert_eq!(
        auth["oauth"]["identity_providers"],
        json!(["GOOGLE", "SIGN_IN_WITH_APPLE"])
    );
    assert_eq!(auth["mfa_configuration"], "OPTIONAL");
    assert_eq!(auth["mfa_methods"], json!(["TOTP"]));
    assert_eq!(auth["username_attributes"], json!(["email"]));

    // The checker is not vacuous: the same file with a required member gone, an unknown member
    // and a wrong enum value fails on each.
    let mut broken = v.clone();
    let a = broken["auth"].as_object_mut().unwrap();
    a.remove("user_pool_id");
    a.insert("userPoolId".into(), json!("x"));
    a.insert("mfa_configuration".into(), json!("ON"));
    let problems = support::schema::validate(&schema, &broken);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_exports_goes_to_a_file_and_holds_the_same_object() {
    let (h, c) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aws-exports.js");
    let path_s = path.to_string_lossy().into_owned();
    let run = outputs(
        &c,
        "staging",
        &["--format", "aws-exports", "--out", &path_s],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("wrote"), "{run:?}");
    let js = std::fs::read_to_string(&path).unwrap();
    let body = js
        .split_once("const awsmobile = ")
        .and_then(|(_, rest)| rest.split_once(";\n\nexport default awsmobile;"))
        .map(|(obj, _)| obj)
        .unwrap_or_else(|| panic!("not an aws-exports module:\n{js}"));
    let from_js: Value = serde_json::from_str(body).unwrap();
    let json_run = outputs(&c, "staging", &[]).await;
    assert_eq!(from_js, json_run.json());
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_environment_without_auth_is_a_usage_error() {
    let (h, c) = demo().await;
    let run = outputs(&c, "dev", &[]).await;
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no auth resource"), "{run:?}");
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_gives_each_provider_the_deployed_redirect_url() {
    let (h, c) = demo().await;
    let meta = staging_meta(&c).await;
    let host = format!(
        "{}.auth.{}.amazoncognito.com",
        meta.hosted_ui_domain.expect("HostedUIDomain in the meta"),
        h.region
    );
    let redirect = format!("https://{host}/oauth2/idpresponse");
    let args = ["--app-id", DEMO_APP_ID, "--env", "staging", "checklist"];
    let run = run_cli(
        Some(&c),
        &[&args[..], &["--output", "json"]].concat(),
        "",
        Terminal::default(),
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    let v = run.json();
    let value = |provider: &str, label: &str| -> String {
        let list = v
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["Provider"] == provider)
            .unwrap_or_else(|| panic!("no {provider}: {v:#}"));
        list["Items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["Label"] == label)
            .unwrap_or_else(|| panic!("no {label}: {list:#}"))["Value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(v.as_array().unwrap().len(), 2, "{v:#}");
    assert_eq!(value("Google", "Authorised redirect URIs"), redirect);
    assert_eq!(
        value("Google", "Authorised JavaScript origins"),
        format!("https://{host}")
    );
    assert_eq!(value("SignInWithApple", "Return URLs"), redirect);
    assert_eq!(value("SignInWithApple", "Domains and Subdomains"), host);
    assert_eq!(
        value("SignInWithApple", "Services ID (identifier)"),
        "com.example.demoapp.signin"
    );

    let table = run_cli(Some(&c), &args, "", Terminal::default()).await;
    assert_eq!(table.code, 0, "{table:?}");
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.starts_with("Sign in with Apple  https://")),
        "{table:?}"
    );
    assert!(table.stdout.contains(&redirect), "{table:?}");
    h.shutdown().await;
}

/// Every shape the generator can meet, checked against the schema without a service: the
/// richest sample config (all providers, MFA, password classes, identity pool) and the
/// user-pool-only example.
#[test]
fn every_sample_config_gives_a_schema_valid_file() {
    use amplify_auth::domain::AuthConfig;
    use amplify_auth::domain::frontend::{DeployedAuth, amplify_outputs};
    use amplify_auth::domain::samples::maximal_config;
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let example: Value =
        serde_json::from_str(include_str!("../../assets/examples/user-pool-only.json")).unwrap();
    let pool_only: AuthConfig =
        serde_json::from_value(example.get("ResourceConfig").cloned().unwrap_or(example)).unwrap();
    let deployed = DeployedAuth {
        region: "eu-west-1".into(),
        user_pool_id: "eu-west-1_AbC123xyZ".into(),
        web_client_id: "webclient".into(),
        identity_pool_id: Some("eu-west-1:0000-1111".into()),
        hosted_ui_domain: Some("maxapp-prod".into()),
    };
    for (name, cfg) in [
        ("maximal", maximal_config("k")),
        ("user-pool-only", pool_only),
    ] {
        let v = amplify_outputs(&cfg, &deployed).unwrap_or_else(|e| panic!("{name}: {e}"));
        let problems = support::schema::validate(&schema, &v);
        assert!(problems.is_empty(), "{name}: {problems:#?}\n{v:#}");
        let has_ip = v["auth"].get("identity_pool_id").is_some();
        assert_eq!(has_ip, name == "maximal", "{name}: {v:#}");
    }
}
