//! The `gen2` export without Node: the report names every member of the config, no secret value
//! reaches the files or the report, text from the service cannot reach the terminal raw, the
//! files of the examples (snapshots), and the command against the sandbox (an imported resource
//! becomes `referenceAuth`, `--out` never replaces what the user has). The generated files are
//! type-checked and synthesized with Gen 2 itself in `tests/headless/gen2_synth.rs`.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use amplify_auth::domain::gen2::{Gen2Context, Kind, Mode, export};
use amplify_auth::domain::{AuthConfig, CreateAuthInput};
use amplify_auth::exit_code;
use support::headless::{APP, ENV};

fn example(name: &str) -> CreateAuthInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cx(env: &str) -> Gen2Context {
    Gen2Context {
        app_id: "d1exampleapp0".into(),
        env: env.into(),
        region: "us-east-1".into(),
        resource: "myauth".into(),
        mode: Mode::Define,
        ..Default::default()
    }
}

/// Every leaf path of the config's JSON, array indices dropped.
fn leaf_paths(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_paths(x, &p, out);
            }
        }
        serde_json::Value::Array(a) if a.iter().any(|x| x.is_object()) => {
            for x in a {
                leaf_paths(x, prefix, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

fn drop_indices(p: &str) -> String {
    let mut s = String::new();
    let mut skip = false;
    for c in p.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            c if !skip => s.push(c),
            _ => {}
        }
    }
    s
}

fn maximal() -> (AuthConfig, String) {
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    (amplify_auth::domain::samples::maximal_config(&key), key)
}

#[test]
fn the_report_names_every_member_of_the_config() {
    let inputs = [
        maximal().0,
        example("email-mfa.json").resource_config,
        example("user-pool-only.json").resource_config,
    ];
    for cfg in inputs {
        for mode in [Mode::Define, Mode::Reference] {
            let mut c = cx("dev");
            c.mode = mode;
            c.ids = amplify_auth::domain::gen2::Gen2Ids {
                user_pool_id: Some("us-east-1_Abc123456".into()),
                web_client_id: Some("web".into()),
                identity_pool_id: Some("us-east-1:1".into()),
                auth_role_arn: Some("arn:aws:iam::1:role/a".into()),
                unauth_role_arn: Some("arn:aws:iam::1:role/u".into()),
                ..Default::default()
            };
            let ex = export(&cfg, &c).unwrap();
            let named: BTreeSet<String> =
                ex.members.iter().map(|m| drop_indices(&m.path)).collect();
            let mut leaves = BTreeSet::new();
            leaf_paths(&serde_json::to_value(&cfg).unwrap(), "", &mut leaves);
            let missing: Vec<&String> = leaves
                .iter()
                .filter(|p| {
                    // A member may be named whole (`UserPoolConfigs.ForgotPassword` when unset)
                    // or by its leaves.
                    !named.contains(*p) && !named.iter().any(|n| p.starts_with(&format!("{n}.")))
                })
                .collect();
            assert!(
                missing.is_empty(),
                "{mode:?}: not in the report: {missing:?}"
            );
            // Every member says what it becomes.
            assert!(ex.members.iter().all(|m| !m.gen2.is_empty()));
        }
    }
}

#[test]
fn no_secret_value_is_written_or_reported() {
    let (cfg, key) = maximal();
    let secrets = [
        "facebook-secret-value",
        "google-secret-value",
        "amazon-secret-value",
        key.as_str(),
    ];
    let ex = export(&cfg, &cx("dev")).unwrap();
    let report = serde_json::to_string(&(&ex.members, &ex.secrets, &ex.steps)).unwrap();
    for text in [
        &ex.resource_ts,
        &ex.backend_ts,
        &ex.backend_additions,
        &report,
    ] {
        for s in secrets {
            assert!(!text.contains(s), "a secret value leaked");
        }
    }
    // Each provider credential is a named secret with where its value comes from.
    let names: Vec<&str> = ex.secrets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "FACEBOOK_CLIENT_ID",
            "FACEBOOK_CLIENT_SECRET",
            "GOOGLE_CLIENT_ID",
            "GOOGLE_CLIENT_SECRET",
            "LOGINWITHAMAZON_CLIENT_ID",
            "LOGINWITHAMAZON_CLIENT_SECRET",
            "SIWA_CLIENT_ID",
            "SIWA_KEY_ID",
            "SIWA_PRIVATE_KEY",
            "SIWA_TEAM_ID",
        ]
    );
    for n in &names {
        assert!(ex.resource_ts.contains(&format!("secret('{n}')")), "{n}");
        assert!(
            ex.steps
                .iter()
                .any(|s| s.contains(&format!("npx ampx sandbox secret set {n}"))),
            "{n}"
        );
    }
    let siwa = ex
        .secrets
        .iter()
        .find(|s| s.name == "SIWA_PRIVATE_KEY")
        .unwrap();
    assert!(siwa.source.contains(".p8"), "{siwa:?}");
}

#[test]
fn text_from_the_service_cannot_break_out_or_reach_the_terminal_raw() {
    let mut cfg = example("email-mfa.json").resource_config;
    let email = cfg
        .user_pool
        .verification_message
        .as_mut()
        .unwrap()
        .email
        .as_mut()
        .unwrap();
    email.message = Some("Code `${process.exit(1)}` {####}\u{1b}[2J".into());
    email.subject = Some("It's here\u{7}".into());
    let ex = export(&cfg, &cx("dev")).unwrap();
    assert!(
        ex.resource_ts
            .contains(r"verificationEmailBody: (createCode) => `Code \`\${process.exit(1)}\` ${createCode()}\u{1b}[2J`"),
        "{}",
        ex.resource_ts
    );
    assert!(ex.resource_ts.contains(r"'It\'s here\u{7}'"));
    let report = serde_json::to_string(&ex.members).unwrap();
    for text in [&ex.resource_ts, &ex.backend_ts, &report] {
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
    }
}

#[test]
fn what_gen2_cannot_say_is_an_override_or_a_finding() {
    // USERNAME sign-in, no identity pool: overrides and a finding, never silence.
    let cfg = example("user-pool-only.json").resource_config;
    let ex = export(&cfg, &cx("dev")).unwrap();
    assert!(
        ex.backend_ts
            .contains("cfnUserPool.usernameAttributes = undefined;")
    );
    assert!(
        ex.backend_ts
            .contains("cfnIdentityPool.allowUnauthenticatedIdentities = false;")
    );
    let ar = ex
        .members
        .iter()
        .find(|m| m.path == "AuthResources")
        .unwrap();
    assert_eq!(ar.kind, Kind::NotExpressible);
    assert!(ex.steps.iter().any(|s| s.contains("USER_POOL_ONLY")));
    // The domain prefix: a finding giving both ways and the redirect URLs side by side.
    let cfg = example("social-apple.json").resource_config;
    let ex = export(&cfg, &cx("dev")).unwrap();
    let d = ex
        .members
        .iter()
        .find(|m| m.path == "UserPoolConfigs.OAuth.DomainPrefix")
        .unwrap();
    assert_eq!(d.kind, Kind::NotExpressible);
    assert!(d.note.contains("--keep-domain"), "{d:?}");
    assert!(ex.steps.iter().any(|s| s.contains(
        "Gen 1 https://shop-example-auth-dev.auth.us-east-1.amazoncognito.com/oauth2/idpresponse; Gen 2 https://"
    )));
    let mut keep = cx("dev");
    keep.keep_domain = true;
    let ex = export(&cfg, &keep).unwrap();
    assert!(
        ex.backend_ts
            .contains("userPoolDomain.domain = 'shop-example-auth-dev';")
    );
    assert!(
        ex.backend_additions
            .contains("import { CfnUserPoolDomain } from 'aws-cdk-lib/aws-cognito';")
    );
    // referenceAuth for a user-pool-only resource: refused, naming why and the way on.
    let mut r = cx("dev");
    r.mode = Mode::Reference;
    let err = export(&example("user-pool-only.json").resource_config, &r).unwrap_err();
    assert!(
        err.0.contains("identityPoolId") && err.0.contains("--mode define"),
        "{err}"
    );
}

#[test]
fn the_examples_files_are_stable() {
    for name in ["email-mfa", "social-apple", "user-pool-only"] {
        let input = example(&format!("{name}.json"));
        let ex = export(&input.resource_config, &cx(&input.backend_environment_name)).unwrap();
        insta::assert_snapshot!(
            format!("{name}_files"),
            format!(
                "// amplify/auth/resource.ts\n{}\n// amplify/backend.ts\n{}",
                ex.resource_ts, ex.backend_ts
            )
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_resource_becomes_reference_auth_and_out_keeps_the_users_files() {
    let account = amplify_auth::sandbox::CognitoAccount::from_json(
        r#"[{"Id": "us-east-1_AbCdEf123", "Name": "existing_pool", "UsernameAttributes": ["email"],
             "Clients": [{"ClientId": "1example23456789web0000000"},
                         {"ClientId": "2example23456789native00000", "HasSecret": true}]},
            {"IdentityPoolId": "us-east-1:0a1b2c3d-0000-4000-8000-000000000000",
             "IdentityPoolName": "existing_identitypool", "AllowUnauthenticatedIdentities": false}]"#,
    )
    .unwrap();
    let env = support::headless::with_backend_opts(amplify_auth::sandbox::SandboxOptions {
        job_duration: Duration::from_millis(200),
        cognito: account,
        ..Default::default()
    })
    .await;
    let run = env
        .run(&[
            "--app-id",
            APP,
            "--env",
            ENV,
            "import",
            "--user-pool-id",
            "us-east-1_AbCdEf123",
            "--web-client-id",
            "1example23456789web0000000",
            "--native-client-id",
            "2example23456789native00000",
            "--identity-pool-id",
            "us-east-1:0a1b2c3d-0000-4000-8000-000000000000",
            "--wait",
        ])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");

    let run = env
        .run(&["--app-id", APP, "--env", ENV, "gen2", "--output", "json"])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    let v = run.json();
    assert_eq!(v["Auth"], "referenceAuth");
    let resource = v["Files"]["amplify/auth/resource.ts"].as_str().unwrap();
    for s in [
        "referenceAuth({",
        "userPoolId: 'us-east-1_AbCdEf123'",
        "userPoolClientId: '1example23456789web0000000'",
        "identityPoolId: 'us-east-1:0a1b2c3d-0000-4000-8000-000000000000'",
        "authRoleArn: 'arn:aws:iam::",
        "unauthRoleArn: 'arn:aws:iam::",
    ] {
        assert!(resource.contains(s), "{s} missing from\n{resource}");
    }
    // --mode define gives a new pool for the same resource.
    let run = env
        .run(&[
            "--app-id", APP, "--env", ENV, "gen2", "--mode", "define", "--output", "json",
        ])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert_eq!(run.json()["Auth"], "defineAuth");

    // --out: an existing, different resource.ts is refused without --force; backend.ts is never
    // replaced.
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_string_lossy().to_string();
    std::fs::create_dir_all(out.path().join("amplify/auth")).unwrap();
    std::fs::write(out.path().join("amplify/auth/resource.ts"), "// mine\n").unwrap();
    std::fs::write(out.path().join("amplify/backend.ts"), "// my backend\n").unwrap();
    let run = env
        .run(&["--app-id", APP, "--env", ENV, "gen2", "--out", &dir])
        .await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(run.stderr.contains("--force"), "{run:?}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("amplify/auth/resource.ts")).unwrap(),
        "// mine\n"
    );
    let run = env
        .run(&[
            "--app-id", APP, "--env", ENV, "gen2", "--out", &dir, "--force", "--output", "json",
        ])
        .await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(
        std::fs::read_to_string(out.path().join("amplify/auth/resource.ts"))
            .unwrap()
            .contains("referenceAuth")
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("amplify/backend.ts")).unwrap(),
        "// my backend\n"
    );
    assert!(
        run.json()["BackendAdditions"]
            .as_str()
            .unwrap()
            .contains("import { auth }")
    );
    env.stop().await;
}

/// A cloned environment (CloneBackend) exports like its source, with its own env in the names of
/// the deployed domain.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cloned_environment_exports_like_its_source() {
    let env = support::headless::demo_with(amplify_auth::sandbox::SandboxOptions {
        job_duration: Duration::from_millis(200),
        ..Default::default()
    })
    .await;
    let app = amplify_auth::sandbox::demo::DEMO_APP_ID;
    let r = env
        .run(&[
            "--app-id", app, "env", "add", "qa", "--from", "staging", "--wait",
        ])
        .await;
    assert_eq!(r.code, exit_code::OK, "{r:?}");
    let export_of = |e: &'static str| {
        let env = &env;
        async move {
            let r = env
                .run(&["--app-id", app, "--env", e, "gen2", "--output", "json"])
                .await;
            assert_eq!(r.code, exit_code::OK, "{r:?}");
            r.json()
        }
    };
    let (staging, qa) = (export_of("staging").await, export_of("qa").await);
    assert_eq!(qa["Auth"], "defineAuth");
    assert_eq!(
        qa["Files"]["amplify/auth/resource.ts"]
            .as_str()
            .unwrap()
            .replace("environment qa", "environment staging"),
        staging["Files"]["amplify/auth/resource.ts"]
            .as_str()
            .unwrap()
    );
    let steps = qa["Steps"].to_string();
    assert!(steps.contains("https://demoapp-qa.auth."), "{steps}");
    env.stop().await;
}

/// A service that returns the provider secrets (GetBackendAuth with them): the command's files,
/// report and messages still hold none, in every output format.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_prints_no_secret_even_when_the_service_returns_them() {
    let env = support::headless::with_backend_returning_secrets(Duration::from_millis(200)).await;
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    let cfg = support::headless::with_hosted_ui(
        "gen2",
        amplify_auth::domain::SocialProviders {
            google: Some(support::headless::google(
                "gen2",
                "GOCSPX-gen2-test-secret-0001",
            )),
            sign_in_with_apple: Some(support::headless::apple("gen2", &key)),
            ..Default::default()
        },
    );
    env.create_wait("gen2auth", &cfg).await;
    let returned = env.clients.get_auth(APP, ENV, "gen2auth").await.unwrap();
    assert!(
        returned
            .social_providers()
            .and_then(|p| p.google.as_ref())
            .is_some_and(|g| g.client_secret.is_some()),
        "the service returns the Google secret here, so the command's own care is tested"
    );
    for format in ["table", "json", "yaml", "text"] {
        let run = env
            .run(&["--app-id", APP, "--env", ENV, "gen2", "--output", format])
            .await;
        assert_eq!(run.code, exit_code::OK, "{run:?}");
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains("GOCSPX-gen2-test-secret-0001"), "{format}");
            assert!(!text.contains(&key), "{format}");
        }
        assert!(run.stdout.contains("GOOGLE_CLIENT_SECRET"), "{format}");
    }
    env.stop().await;
}
