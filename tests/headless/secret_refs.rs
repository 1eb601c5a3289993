//! Secret references in input files (`file://`, `env://`), end to end against the sandbox: the
//! in-process commands, and the real binary with secrets in its environment as CI would run it.

use crate::support;

use std::time::Duration;

use amplify_auth::domain::apple_key::generate_key;
use amplify_auth::domain::*;
use serde_json::{Value, json};
use support::headless::*;

const GOOGLE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings.Google.ClientSecret";
const APPLE: &str = "UserPoolConfigs.OAuth.SocialProviderSettings.SignInWithApple.PrivateKey";

/// Google and Apple with the given secret values (plain or references).
fn config(google_secret: &str, apple_key: &str) -> AuthConfig {
    with_hosted_ui(
        "refs",
        SocialProviders {
            google: Some(google("refs", google_secret)),
            sign_in_with_apple: Some(apple("refs", apple_key)),
            ..Default::default()
        },
    )
}

fn member<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(&doc["ResourceConfig"], |v, k| v.get(k))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_reads_the_p8_file_beside_the_input_and_leaves_the_file_alone() {
    let env = with_backend(Duration::from_millis(100)).await;
    env.file("AuthKey_KEYID12345.p8", &generate_key().0);
    let text = create_doc(
        "refsauth",
        &config("GOCSPX-plain-secret-0001", "file://AuthKey_KEYID12345.p8"),
    );
    let input = env.file("auth.json", &text);
    let run = env
        .run(&["create", "--input", &input, "--wait", "--output", "json"])
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["Status"], "COMPLETED", "{run:?}");
    // Resolved for the request only; the file keeps its reference.
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unresolved_reference_is_exit_3_naming_the_member_and_sends_nothing() {
    let env = with_backend(Duration::from_millis(100)).await;
    let before = env.job_count().await;
    let input = env.file(
        "auth.json",
        &create_doc(
            "refsauth",
            &config("env://AMPLIFY_AUTH_TEST_UNSET_VAR_7", "file://missing.p8"),
        ),
    );
    let run = env.run(&["create", "--input", &input]).await;
    assert_eq!(run.code, 3, "{run:?}");
    for (path, what) in [
        (GOOGLE, "AMPLIFY_AUTH_TEST_UNSET_VAR_7 is not set"),
        (APPLE, "file://missing.p8"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(&format!("ResourceConfig.{path}")))
            .unwrap_or_else(|| panic!("{path} not named: {run:?}"));
        assert!(line.contains("error") && line.contains(what), "{line}");
    }
    assert!(run.stderr.contains("nothing was sent"), "{run:?}");
    assert_eq!(env.job_count().await, before);

    // `validate --allow-missing-secrets` treats them as secrets left out, as in git.
    let run = env
        .run(&["validate", "--input", &input, "--allow-missing-secrets"])
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("left out"), "{run:?}");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_writes_references_only_for_secrets_the_service_does_not_return() {
    let env = with_backend(Duration::from_millis(100)).await;
    let (_, body) = generate_key();
    let input = env.file(
        "auth.json",
        &create_doc("refsauth", &config("GOCSPX-plain-secret-0001", &body)),
    );
    assert_eq!(
        env.run(&["create", "--input", &input, "--wait"]).await.code,
        0
    );
    let scope = ["--app-id", APP, "--env", ENV];
    let with = env
        .run(&[&scope[..], &["get", "--include-secrets"]].concat())
        .await;
    let refs = env
        .run(&[&scope[..], &["get", "--secrets-as-refs"]].concat())
        .await;
    assert_eq!((with.code, refs.code), (0, 0), "{with:?} {refs:?}");
    let (with, refs_doc) = (with.json(), refs.json());
    for (path, var) in [
        (GOOGLE, "AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET"),
        (APPLE, "AMPLIFY_AUTH_APPLE_PRIVATE_KEY"),
    ] {
        match member(&with, path) {
            // Returned by the service: left out, `update` keeps the stored one.
            Some(_) => assert_eq!(member(&refs_doc, path), None, "{refs:?}"),
            // Not returned (Cognito never returns the Apple key): a reference to fill in CI.
            None => {
                assert_eq!(
                    member(&refs_doc, path),
                    Some(&json!(format!("env://{var}")))
                );
                assert!(refs.stderr.contains(var), "{refs:?}");
            }
        }
    }
    env.stop().await;
}

/// The binary, as CI runs it: no AWS files, static credentials, and only the given variables.
fn binary(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> std::process::Output {
    let empty = env.file("empty-aws-config", "");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_amplify-auth"));
    cmd.args(["--endpoint-url", &env.sandbox.endpoint])
        .args(args)
        .env_clear()
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path())
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", &env.sandbox.access_key_id)
        .env("AWS_SECRET_ACCESS_KEY", &env.sandbox.secret_access_key)
        .env("AWS_REGION", &env.sandbox.region);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    tokio::task::block_in_place(|| cmd.output().unwrap())
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// The binary, as CI runs it: a committed file with references, secrets in the environment.
/// Without them, an unchanged provider is sent without its secret (the service keeps it); a
/// changed one needs it, and the refusal names the reference.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_applies_a_file_with_env_references_from_its_environment() {
    let env = with_backend(Duration::from_millis(100)).await;
    let (pem, body) = generate_key();
    let create = env.file(
        "create.json",
        &create_doc("refsauth", &config("GOCSPX-first-secret-0001", &body)),
    );
    assert_eq!(
        env.run(&["create", "--input", &create, "--wait"])
            .await
            .code,
        0
    );
    let refs = |min: f64, google_id: Option<&str>| {
        let mut edited = config(
            "env://AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET",
            "env://AMPLIFY_AUTH_APPLE_PRIVATE_KEY",
        );
        edited
            .user_pool
            .password_policy
            .as_mut()
            .unwrap()
            .minimum_length = min;
        if let Some(id) = google_id {
            let sp = edited.user_pool.oauth.as_mut().unwrap();
            sp.social_providers
                .as_mut()
                .unwrap()
                .google
                .as_mut()
                .unwrap()
                .client_id = Some(id.into());
        }
        env.file("committed.json", &create_doc("refsauth", &edited))
    };
    let secrets = [
        ("AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET", "GOCSPX-from-ci-0002"),
        ("AMPLIFY_AUTH_APPLE_PRIVATE_KEY", pem.as_str()),
    ];
    let update = |input: &str, vars: &[(&str, &str)]| {
        binary(&env, &["update", "--input", input, "--wait"], vars)
    };

    let input = refs(12.0, None);
    let ok = update(&input, &secrets);
    let (out, err) = (text(&ok.stdout), text(&ok.stderr));
    assert!(ok.status.success(), "{out}\n{err}");
    assert!(out.contains("COMPLETED"), "{out}\n{err}");
    assert!(!err.contains("GOCSPX-from-ci") && !out.contains("GOCSPX-from-ci"));
    let now = env.clients.get_auth(APP, ENV, "refsauth").await.unwrap();
    assert_eq!(now.user_pool.password_policy.unwrap().minimum_length, 12.0);

    // No secret variables, providers unchanged: not needed, the change goes through.
    let input = refs(13.0, None);
    let ok = update(&input, &[]);
    let (out, err) = (text(&ok.stdout), text(&ok.stderr));
    assert!(ok.status.success(), "{out}\n{err}");
    assert!(err.contains("not needed"), "{err}");
    let now = env.clients.get_auth(APP, ENV, "refsauth").await.unwrap();
    assert_eq!(now.user_pool.password_policy.unwrap().minimum_length, 13.0);

    // No secret variables and the Google client changes: its secret is needed.
    let before = env.job_count().await;
    let input = refs(13.0, Some("other-client.apps.googleusercontent.com"));
    let refused = update(&input, &[]);
    let err = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(3), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains(GOOGLE))
        .unwrap_or_else(|| panic!("{GOOGLE} not named: {err}"));
    assert!(
        line.contains("AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET") && line.contains("needed"),
        "{line}"
    );
    assert_eq!(env.job_count().await, before, "nothing was sent");
    env.stop().await;
}

/// The README's CI recipe, as written, on a service that does not return client secrets (the
/// sandbox's default) with Google and Sign in with Apple: `get --secrets-as-refs` once, then the
/// review dry run, the drift gate and the apply on the unchanged file, with and without the
/// secret variables. The gate passes (exit 0) and nothing is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_drift_gate_passes_on_an_unchanged_file_with_and_without_the_secret_variables() {
    let env = with_backend(Duration::from_millis(100)).await;
    let (pem, body) = generate_key();
    env.create_wait("refsauth", &config("GOCSPX-first-secret-0001", &body))
        .await;
    let got = binary(
        &env,
        &["get", "--app-id", APP, "--env", ENV, "--secrets-as-refs"],
        &[],
    );
    assert!(got.status.success(), "{}", text(&got.stderr));
    let committed = env.file("prod.json", &text(&got.stdout));
    for var in [
        "env://AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET",
        "env://AMPLIFY_AUTH_APPLE_PRIVATE_KEY",
    ] {
        assert!(text(&got.stdout).contains(var), "{}", text(&got.stdout));
    }
    let jobs = env.job_count().await;
    let secrets = [
        ("AMPLIFY_AUTH_GOOGLE_CLIENT_SECRET", "GOCSPX-from-ci-0002"),
        ("AMPLIFY_AUTH_APPLE_PRIVATE_KEY", pem.as_str()),
    ];
    let scope = [
        "--app-id", APP, "--env", ENV, "update", "--input", &committed,
    ];
    for vars in [&[][..], &secrets[..]] {
        for tail in [
            &["--dry-run"][..],
            &["--dry-run", "--exit-code"][..],
            &["--wait", "--timeout", "20m"][..],
        ] {
            let run = binary(&env, &[&scope[..], tail].concat(), vars);
            let err = text(&run.stderr);
            assert_eq!(
                run.status.code(),
                Some(0),
                "{tail:?} with {} variables: {err}",
                vars.len()
            );
            assert!(err.contains("nothing to update"), "{err}");
            // Set, the secrets cannot be compared; unset, they are not needed.
            for p in [GOOGLE, APPLE] {
                let line = err
                    .lines()
                    .find(|l| l.contains(&format!("ResourceConfig.{p}:")))
                    .unwrap_or_else(|| panic!("{p} is not named: {err}"));
                let want = if vars.is_empty() {
                    "not needed"
                } else {
                    "not compared"
                };
                assert!(line.contains(want), "{line}");
            }
            assert!(!err.contains("GOCSPX-from-ci"), "{err}");
            // The config's notes go with a change, not with every run of the gate.
            assert!(!err.contains("Amazon SES"), "{err}");
        }
    }
    assert_eq!(env.job_count().await, jobs, "no job was started");
    env.stop().await;
}

/// Issue 24: a file from someone else (a pull request applied by CI) cannot send local files or
/// the process's credentials to a provider; nothing is sent and the member is named.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_outside_the_input_folder_or_to_other_variables_are_refused() {
    let env = with_backend(Duration::from_millis(100)).await;
    let before = env.job_count().await;
    let (_, key) = generate_key();
    let fifo = env.dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (google_ref, why) in [
        ("file:///proc/self/environ", "an absolute path"),
        ("file://../../etc/passwd", "its ../ leads outside"),
        ("file://pipe", "named pipe"),
        (
            "env://AWS_SECRET_ACCESS_KEY",
            "only AMPLIFY_AUTH_* variables",
        ),
    ] {
        let input = env.file(
            "auth.json",
            &create_doc("refsauth", &config(google_ref, &key)),
        );
        for cmd in ["create", "update", "validate"] {
            let mut args = vec![cmd, "--input", &input];
            if cmd != "validate" {
                args.push("--dry-run");
            }
            let run = env.run(&args).await;
            assert_eq!(run.code, 3, "{cmd} {google_ref}: {run:?}");
            let line = run
                .stderr
                .lines()
                .find(|l| l.contains(&format!("ResourceConfig.{GOOGLE}")))
                .unwrap_or_else(|| panic!("{cmd} {google_ref}: member not named: {run:?}"));
            assert!(line.contains(why), "{cmd} {google_ref}: {line}");
            assert!(run.stdout.is_empty(), "{run:?}");
        }
    }
    assert_eq!(env.job_count().await, before);
    env.stop().await;
}

/// `--dry-run` lists every reference read by member, name, size and fingerprint, never the
/// value; `--allow-secret-file` / `--allow-secret-env` let the person running it name more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_lists_each_reference_read_and_the_command_line_can_allow_more() {
    let env = with_backend(Duration::from_millis(100)).await;
    let (pem, _) = generate_key();
    let secret = "GOCSPX-outside-the-folder-0003\n";
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("google.txt");
    std::fs::write(&secret_file, secret).unwrap();
    env.file("AuthKey_KEYID12345.p8", &pem);
    let google_ref = format!("file://{}", secret_file.display());
    let input = env.file(
        "auth.json",
        &create_doc(
            "refsauth",
            &config(&google_ref, "file://AuthKey_KEYID12345.p8"),
        ),
    );
    let refused = env.run(&["create", "--input", &input, "--dry-run"]).await;
    assert_eq!(refused.code, 3, "{refused:?}");
    let allow = secret_file.to_str().unwrap();
    let run = env
        .run(&[
            "create",
            "--input",
            &input,
            "--dry-run",
            "--allow-secret-file",
            allow,
        ])
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let fp = |b: &[u8]| amplify_auth::domain::secret_ref::fingerprint(b);
    for (path, reference, size, print) in [
        (
            GOOGLE,
            google_ref.clone(),
            secret.len(),
            fp(secret.as_bytes()),
        ),
        (
            APPLE,
            "file://AuthKey_KEYID12345.p8".to_string(),
            pem.len(),
            fp(pem.as_bytes()),
        ),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("read secret reference ResourceConfig.{path}:")))
            .unwrap_or_else(|| panic!("{path} not listed: {run:?}"));
        assert!(line.contains(&reference), "{line}");
        assert!(line.contains(&format!("{size} bytes, {print}")), "{line}");
    }
    assert!(!run.stderr.contains("GOCSPX-outside") && !run.stdout.contains("GOCSPX-outside"));
    assert!(!run.stderr.contains(pem.lines().nth(1).unwrap()), "{run:?}");

    let input = env.file(
        "env.json",
        &create_doc(
            "refsauth",
            &config("env://HOME", "file://AuthKey_KEYID12345.p8"),
        ),
    );
    let refused = env.run(&["validate", "--input", &input]).await;
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(
        refused.stderr.contains("--allow-secret-env HOME"),
        "{refused:?}"
    );
    let ok = env
        .run(&["validate", "--input", &input, "--allow-secret-env", "HOME"])
        .await;
    assert_eq!(ok.code, 0, "{ok:?}");
    env.stop().await;
}
