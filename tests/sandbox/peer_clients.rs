//! AWS's own clients against `amplify-auth serve`: boto3 and the AWS CLI go through create, get,
//! update, delete, jobs and the errors, so "AWS's clients work against the sandbox" is checked on
//! every change, and the sandbox's answers are the ones the evidence describes.
//!
//! The tools come from `AMPLIFY_AUTH_PEER_BIN` (a directory with `python` (with boto3) and `aws`),
//! which `.ci/run` sets after making a venv. Without it the test makes that venv itself, once,
//! under the target directory (`python3 -m venv`, then pip from `scripts/peer-requirements.txt`),
//! so the README's `cargo test` works on a fresh machine. A missing tool FAILS the test: it never
//! skips its point.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::{Value, json};
use support::sandbox::process::Serve;

fn peer_bin() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(dir) = std::env::var_os("AMPLIFY_AUTH_PEER_BIN") {
            return PathBuf::from(dir);
        }
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("peer-venv");
        let bin = venv.join("bin");
        if !(bin.join("aws").exists() && bin.join("python").exists()) {
            let run = |cmd: &mut Command, what: &str| {
                let out = cmd.output().unwrap_or_else(|e| {
                    panic!("{what}: cannot run ({e}); install python3 with venv, or set AMPLIFY_AUTH_PEER_BIN")
                });
                assert!(
                    out.status.success(),
                    "{what} failed; install python3 with venv and pip access, or set AMPLIFY_AUTH_PEER_BIN:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            };
            run(
                Command::new("python3").args(["-m", "venv"]).arg(&venv),
                "python3 -m venv",
            );
            let reqs = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/peer-requirements.txt");
            run(
                Command::new(bin.join("pip"))
                    .args(["install", "--quiet", "-r"])
                    .arg(reqs),
                "pip install boto3 awscli",
            );
        }
        bin
    })
}

/// The environment of a peer client: the sandbox's endpoint and keys, nothing of the developer's.
fn peer(home: &Path, s: &Serve, program: &str) -> Command {
    let aws = home.join("aws-empty");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(aws.join("config"), "").unwrap();
    std::fs::write(aws.join("credentials"), "").unwrap();
    let mut cmd = Command::new(peer_bin().join(program));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", aws.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", &s.endpoint)
        .env("AWS_ACCESS_KEY_ID", &s.key)
        .env("AWS_SECRET_ACCESS_KEY", &s.secret)
        .env("AWS_DEFAULT_REGION", &s.region)
        .env("AWS_MAX_ATTEMPTS", "1");
    cmd
}

fn serve(home: &Path) -> Serve {
    Serve::start(home, &["--state", ":memory:", "--job-seconds", "0.5"]).expect("serve starts")
}

#[test]
fn boto3_drives_the_sandbox_through_every_served_path() {
    let home = tempfile::tempdir().unwrap();
    let s = serve(home.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peer/boto3_flow.py");
    let (_, key) = amplify_auth::domain::apple_key::generate_key();
    let out = peer(home.path(), &s, "python")
        .arg(script)
        .env("PEER_APPLE_KEY", key)
        .output()
        .expect("python runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("boto3: all steps passed"), "{text}");
    s.terminate();
}

fn aws(home: &Path, s: &Serve, args: &[&str]) -> Output {
    peer(home, s, "aws")
        .arg("amplifybackend")
        .args(args)
        .args(["--output", "json"])
        .output()
        .expect("aws runs")
}

/// `aws amplify …` (the Amplify API, where apps are made).
fn aws_amplify_json(home: &Path, s: &Serve, args: &[&str]) -> Value {
    let out = peer(home, s, "aws")
        .arg("amplify")
        .args(args)
        .args(["--output", "json"])
        .output()
        .expect("aws runs");
    assert!(
        out.status.success(),
        "aws amplify {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn aws_json(home: &Path, s: &Serve, args: &[&str]) -> Value {
    let out = aws(home, s, args);
    assert!(
        out.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn aws_wait(home: &Path, s: &Serve, app: &str, env: &str, job: &str) -> Value {
    for _ in 0..100 {
        let j = aws_json(
            home,
            s,
            &[
                "get-backend-job",
                "--app-id",
                app,
                "--backend-environment-name",
                env,
                "--job-id",
                job,
            ],
        );
        if j["Status"] != "RUNNING" {
            return j;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("job {job} still RUNNING");
}

#[test]
fn the_aws_cli_drives_the_sandbox_and_reads_its_errors() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = serve(h);
    let env = "dev";
    // CreateBackend for an app that does not exist: 404 NotFoundException.
    let out = aws(
        h,
        &s,
        &[
            "create-backend",
            "--app-id",
            "dpeernoapp",
            "--app-name",
            "peer",
            "--backend-environment-name",
            env,
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("(NotFoundException)"), "{stderr}");
    // The app is made with `aws amplify create-app`, as a user would.
    let made = aws_amplify_json(h, &s, &["create-app", "--name", "peer"]);
    let app_id = made["app"]["appId"]
        .as_str()
        .expect("an app id")
        .to_string();
    let app = app_id.as_str();
    let out = aws_json(
        h,
        &s,
        &[
            "create-backend",
            "--app-id",
            app,
            "--app-name",
            "peer",
            "--backend-environment-name",
            env,
        ],
    );
    assert_eq!(
        aws_wait(h, &s, app, env, out["JobId"].as_str().unwrap())["Status"],
        "COMPLETED"
    );

    // create-backend-auth from a --cli-input-json file, as the AWS CLI's users write them.
    let input = json!({
        "AppId": app, "BackendEnvironmentName": env, "ResourceName": "cliauth",
        "ResourceConfig": {
            "AuthResources": "USER_POOL_ONLY", "Service": "COGNITO",
            "UserPoolConfigs": {
                "UserPoolName": "cli_userpool", "SignInMethod": "EMAIL",
                "RequiredSignUpAttributes": ["EMAIL"],
                "PasswordPolicy": {"MinimumLength": 8},
                "OAuth": {"DomainPrefix": "peer-cli", "OAuthGrantType": "CODE", "OAuthScopes": ["EMAIL"],
                          "RedirectSignInURIs": ["https://cli.example/"], "RedirectSignOutURIs": ["https://cli.example/"],
                          "SocialProviderSettings": {"Facebook": {"ClientId": "1", "ClientSecret": "fb-secret"}}}
            }
        }
    });
    let file = h.join("create.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let arg = format!("file://{}", file.display());
    let out = aws_json(h, &s, &["create-backend-auth", "--cli-input-json", &arg]);
    assert_eq!(out["Operation"], "CreateBackendAuth");
    let job = aws_wait(h, &s, app, env, out["JobId"].as_str().unwrap());
    assert_eq!(job["Status"], "COMPLETED", "{job}");

    let got = aws_json(
        h,
        &s,
        &[
            "get-backend-auth",
            "--app-id",
            app,
            "--backend-environment-name",
            env,
            "--resource-name",
            "cliauth",
        ],
    );
    let fb =
        &got["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["SocialProviderSettings"]["Facebook"];
    assert_eq!(fb["ClientId"], "1", "{got}");
    assert!(
        fb.get("ClientSecret").is_none(),
        "no secret by default: {got}"
    );

    // update: a bigger password minimum, OAuth left out (kept).
    let upd = json!({
        "AppId": app, "BackendEnvironmentName": env, "ResourceName": "cliauth",
        "ResourceConfig": {"AuthResources": "USER_POOL_ONLY", "Service": "COGNITO",
                           "UserPoolConfigs": {"PasswordPolicy": {"MinimumLength": 12}}}
    });
    let file = h.join("update.json");
    std::fs::write(&file, upd.to_string()).unwrap();
    let arg = format!("file://{}", file.display());
    let out = aws_json(h, &s, &["update-backend-auth", "--cli-input-json", &arg]);
    let job = aws_wait(h, &s, app, env, out["JobId"].as_str().unwrap());
    assert_eq!(job["Status"], "COMPLETED", "{job}");
    let got = aws_json(
        h,
        &s,
        &[
            "get-backend-auth",
            "--app-id",
            app,
            "--backend-environment-name",
            env,
            "--resource-name",
            "cliauth",
        ],
    );
    let up = &got["ResourceConfig"]["UserPoolConfigs"];
    assert_eq!(up["PasswordPolicy"]["MinimumLength"], 12.0, "{got}");
    assert_eq!(up["OAuth"]["DomainPrefix"], "peer-cli", "{got}");

    let jobs = aws_json(
        h,
        &s,
        &[
            "list-backend-jobs",
            "--app-id",
            app,
            "--backend-environment-name",
            env,
        ],
    );
    assert_eq!(jobs["Jobs"].as_array().unwrap().len(), 3, "{jobs}");

    let out = aws_json(
        h,
        &s,
        &[
            "delete-backend-auth",
            "--app-id",
            app,
            "--backend-environment-name",
            env,
            "--resource-name",
            "cliauth",
        ],
    );
    assert_eq!(
        aws_wait(h, &s, app, env, out["JobId"].as_str().unwrap())["Status"],
        "COMPLETED"
    );

    // Errors as the AWS CLI shows them: the error code in its message, a failing exit status.
    let out = aws(h, &s, &["get-backend", "--app-id", "dnosuchapp"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("NotFoundException"),
        "{err}"
    );
    let out = aws(
        h,
        &s,
        &[
            "delete-backend",
            "--app-id",
            app,
            "--backend-environment-name",
            env,
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("NotImplementedException")
            && err.contains("DeleteBackend"),
        "{err}"
    );
    s.terminate();
}

/// `amplify-auth ARGS` against the sandbox `s`, as a user runs it (the sandbox's keys in the
/// environment, empty AWS files).
fn amplify_auth(home: &Path, s: &Serve, args: &[&str]) -> Output {
    support::sandbox::process::command(home, args)
        .env("AWS_ENDPOINT_URL", &s.endpoint)
        .env("AWS_ACCESS_KEY_ID", &s.key)
        .env("AWS_SECRET_ACCESS_KEY", &s.secret)
        .env("AWS_DEFAULT_REGION", &s.region)
        .output()
        .expect("amplify-auth runs")
}

fn cognito(home: &Path, s: &Serve, service: &str, args: &[&str]) -> Output {
    peer(home, s, "aws")
        .arg(service)
        .args(args)
        .args(["--output", "json"])
        .output()
        .expect("aws runs")
}

fn cognito_json(home: &Path, s: &Serve, service: &str, args: &[&str]) -> Value {
    let out = cognito(home, s, service, args);
    assert!(
        out.status.success(),
        "aws {service} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if out.stdout.iter().all(u8::is_ascii_whitespace) {
        return json!({});
    }
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// Issue 26: the AWS CLI makes console changes to the live pool of the demo's staging auth
/// (UpdateUserPool with a new password policy, AddCustomAttributes, CreateGroup) and
/// `amplify-auth drift --exit-code` shows them (exit 1); boto3 goes through every Cognito
/// operation the sandbox serves, errors included.
#[test]
fn the_aws_cli_and_boto3_change_the_live_pool_and_drift_shows_it() {
    use amplify_auth::sandbox::demo::DEMO_APP_ID;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = Serve::start(
        h,
        &["--state", ":memory:", "--job-seconds", "0.5", "--demo"],
    )
    .expect("serve starts");
    let scope = ["--app-id", DEMO_APP_ID, "--env", "staging"];
    let live = |h: &Path| {
        let out = amplify_auth(h, &s, &[&scope[..], &["get", "--live"]].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")["LivePool"].clone()
    };
    let before = live(h);
    let pool = before["UserPool"]["Id"].as_str().unwrap().to_string();
    let identity_pool = before["IdentityPool"]["IdentityPoolId"]
        .as_str()
        .unwrap()
        .to_string();

    // The console user's change, sent with the whole state the console shows.
    let described = cognito_json(
        h,
        &s,
        "cognito-idp",
        &["describe-user-pool", "--user-pool-id", &pool],
    );
    let p = &described["UserPool"];
    assert_eq!(p["Id"], pool.as_str());
    let mut policy = p["Policies"]["PasswordPolicy"].clone();
    policy["MinimumLength"] = json!(14);
    let policies = json!({"PasswordPolicy": policy}).to_string();
    let mut args = vec![
        "update-user-pool".to_string(),
        "--user-pool-id".into(),
        pool.clone(),
        "--policies".into(),
        policies,
        "--mfa-configuration".into(),
        p["MfaConfiguration"].as_str().unwrap().to_string(),
    ];
    for a in p["AutoVerifiedAttributes"].as_array().unwrap() {
        args.push("--auto-verified-attributes".into());
        args.push(a.as_str().unwrap().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cognito_json(h, &s, "cognito-idp", &args);
    cognito_json(
        h,
        &s,
        "cognito-idp",
        &[
            "add-custom-attributes",
            "--user-pool-id",
            &pool,
            "--custom-attributes",
            "Name=tenant,AttributeDataType=String",
        ],
    );
    let g = cognito_json(
        h,
        &s,
        "cognito-idp",
        &[
            "create-group",
            "--user-pool-id",
            &pool,
            "--group-name",
            "admins",
        ],
    );
    assert_eq!(g["Group"]["GroupName"], "admins");
    let out = cognito(
        h,
        &s,
        "cognito-idp",
        &[
            "create-group",
            "--user-pool-id",
            &pool,
            "--group-name",
            "admins",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("GroupExistsException"),
        "{err}"
    );

    // The app sees it: drift exits 1 naming the member; the live-only facts list the rest.
    let out = amplify_auth(
        h,
        &s,
        &[&scope[..], &["drift", "--exit-code", "--output", "json"]].concat(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let drift = doc["Drift"].as_array().unwrap();
    assert!(
        drift.contains(&json!({"Path": "UserPoolConfigs.PasswordPolicy.MinimumLength", "Record": 8, "Live": 14})),
        "{doc}"
    );
    let only = doc["LivePoolOnly"].to_string();
    assert!(
        only.contains("custom:tenant") && only.contains("admins"),
        "{only}"
    );

    // boto3 through every served operation.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peer/boto3_cognito.py");
    let out = peer(h, &s, "python")
        .arg(script)
        .env("PEER_POOL", &pool)
        .env("PEER_IDENTITY_POOL", &identity_pool)
        .output()
        .expect("python runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("boto3 cognito: all steps passed"), "{text}");
    s.terminate();
}
