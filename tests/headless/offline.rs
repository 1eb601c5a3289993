//! The headless commands that need no service: `validate` (examples, skeletons, rule violations,
//! bad JSON), `completions`, and the command line's own usage errors.

use crate::support;

use amplify_auth::cli::Cli;
use amplify_auth::domain::CreateAuthInput;
use amplify_auth::exit_code;
use amplify_auth::headless::Terminal;
use amplify_auth::model;
use clap::{CommandFactory, Parser};
use serde_json::{Map, Value, json};
use support::headless::{Run, run_cli};

fn examples_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples")
}

fn examples() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(examples_dir())
        .expect("assets/examples exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

async fn validate(args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    run_cli(None, &all, stdin, Terminal::default()).await
}

fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

/// What `aws amplifybackend <op> --generate-cli-skeleton input` writes, built from the model the
/// way the AWS CLI builds it: every member, strings empty, enums one of their values, lists with
/// one element, numbers zero, booleans true.
fn skeleton(shape: &str) -> Value {
    let facts = model::amplifybackend();
    let s = facts.shape(shape);
    match s.kind.as_str() {
        "structure" => {
            let mut m = Map::new();
            for (name, member) in &s.members {
                m.insert(name.clone(), skeleton(&member.shape));
            }
            Value::Object(m)
        }
        "list" => json!([skeleton(s.member.as_deref().expect("list member"))]),
        "string" => match &s.enum_values {
            Some(values) => json!(values[0]),
            None => json!(""),
        },
        "integer" | "long" => json!(0),
        "double" | "float" => json!(0.0),
        "boolean" => json!(true),
        other => panic!("no skeleton for {other}"),
    }
}

#[tokio::test]
async fn every_example_validates_and_is_a_real_config() {
    let files = examples();
    assert!(files.len() >= 3, "{files:?}");
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in ["email-mfa.json", "social-apple.json", "user-pool-only.json"] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    for file in &files {
        let path = file.to_string_lossy();
        let run = validate(&["--input", &path], "").await;
        assert_eq!(run.code, exit_code::OK, "{run:?}");
        assert!(!run.stdout.contains(": error:"), "{run:?}");
        assert!(run.stderr.contains("config with 0 errors"), "{run:?}");
        let doc: CreateAuthInput =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).expect("create shape");
        if let Some(apple) = doc
            .resource_config
            .social_providers()
            .and_then(|s| s.sign_in_with_apple.as_ref())
        {
            let key = apple.private_key.as_ref().expect("the example has a key");
            let parsed = amplify_auth::domain::apple_key::parse_apple_key(key.expose().as_bytes())
                .expect("the example key is a real P-256 key");
            assert_eq!(parsed.body.expose(), key.expose());
        }
    }
}

/// With an environment (`--env`, or the file's BackendEnvironmentName) the hosted UI domain is
/// judged as the service makes it, `<prefix>-<env>`: a reserved word the environment brings is
/// an error naming the resulting domain (amplify-cli#3854).
#[tokio::test]
async fn validate_with_an_environment_judges_the_domain_it_makes_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = amplify_auth::domain::samples::maximal_config(
        &amplify_auth::domain::apple_key::generate_key().1,
    );
    cfg.user_pool.oauth.as_mut().unwrap().domain_prefix = Some("shop".into());
    let file = temp_file(&dir, "shop.json", &serde_json::to_string(&cfg).unwrap());
    let run = validate(&["--input", &file], "").await;
    assert_eq!(run.code, exit_code::OK, "without an environment: {run:?}");
    let run = validate(&["--input", &file, "--env", "newcognito"], "").await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stdout.contains("UserPoolConfigs.OAuth.DomainPrefix"),
        "{run:?}"
    );
    assert!(run.stdout.contains("shop-newcognito"), "{run:?}");
    // The file's own environment counts the same.
    let doc = CreateAuthInput {
        app_id: "d1a2b3c4demo".into(),
        backend_environment_name: "awsdev".into(),
        resource_config: cfg,
        resource_name: "demoauth".into(),
    };
    let file = temp_file(&dir, "doc.json", &serde_json::to_string(&doc).unwrap());
    let run = validate(&["--input", &file], "").await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(run.stdout.contains("shop-awsdev"), "{run:?}");
}

/// The wizard's defaults carry email text with Cognito's default email, as every Amplify CLI pool
/// does: the SES caveat is a `note:` on stderr, not a warning with a path.
#[tokio::test]
async fn validate_notes_the_ses_caveat_on_the_defaults_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let doc = CreateAuthInput {
        app_id: "d1a2b3c4demo".into(),
        backend_environment_name: "dev".into(),
        resource_config: amplify_auth::domain::samples::default_config("demo"),
        resource_name: "demoauth".into(),
    };
    let file = temp_file(&dir, "defaults.json", &serde_json::to_string(&doc).unwrap());
    let run = validate(&["--input", &file], "").await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(!run.stdout.contains("EmailSettings"), "{run:?}");
    assert!(
        run.stderr.contains("config with 0 errors, 0 warnings"),
        "{run:?}"
    );
    let note = format!(
        "note: {}\n",
        amplify_auth::domain::validate::CUSTOM_EMAIL_TEXT_NOTE
    );
    assert!(run.stderr.contains(&note), "{run:?}");
}

#[tokio::test]
async fn validate_prints_every_finding_with_path_and_position() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(examples_dir().join("social-apple.json")).unwrap();
    let bad = text
        .replace("\"shop-example-auth\"", "\"Shop_Auth\"")
        .replacen(
            "\"http://localhost:3000/\",",
            "\"http://shop.example.com/\",",
            1,
        )
        .replace("\"MinimumLength\": 10", "\"MinimumLength\": 5");
    let file = temp_file(&dir, "bad.json", &bad);
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    // Where the member or element starts: its line, and the column of its first character.
    let at = |needle: &str| {
        let line = line_of(needle);
        let text = bad.lines().nth(line - 1).unwrap();
        format!("{line}:{}", text.len() - text.trim_start().len() + 1)
    };

    let run = validate(&["--input", &file], "").await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    let prefix = format!(
        "{file}:{}: error: ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix: ",
        at("Shop_Auth")
    );
    assert!(run.stdout.contains(&prefix), "{prefix}\n{run:?}");
    let prefix = format!(
        "{file}:{}: error: ResourceConfig.UserPoolConfigs.OAuth.RedirectSignInURIs[1]: ",
        at("http://shop.example.com/")
    );
    assert!(run.stdout.contains(&prefix), "{prefix}\n{run:?}");
    assert!(
        run.stdout
            .contains("error: ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength: "),
        "{run:?}"
    );
    assert!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with("  fix: "))
            .count()
            >= 3
    );
    assert!(run.stderr.contains("errors"), "{run:?}");

    // The same as JSON, from stdin.
    let run = validate(&["--input", "-", "--output", "json"], &bad).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    let findings = run.json();
    let domain = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["Path"] == "ResourceConfig.UserPoolConfigs.OAuth.DomainPrefix")
        .expect("the domain prefix finding");
    assert_eq!(domain["Severity"], "error");
    assert_eq!(domain["File"], "<stdin>");
    assert_eq!(domain["Line"], line_of("Shop_Auth"));
    assert!(domain["Fix"].as_str().is_some_and(|f| !f.is_empty()));
}

#[tokio::test]
async fn secrets_left_out_are_errors_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(examples_dir().join("social-apple.json")).unwrap();
    let doc: CreateAuthInput = serde_json::from_str(&text).unwrap();
    let stripped = CreateAuthInput {
        resource_config: doc.resource_config.without_secrets(),
        ..doc
    };
    let file = temp_file(
        &dir,
        "nosecrets.json",
        &serde_json::to_string_pretty(&stripped).unwrap(),
    );
    let run = validate(&["--input", &file], "").await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert_eq!(run.stdout.matches(": error: ").count(), 4, "{run:?}");
    assert!(
        run.stdout
            .contains("SocialProviderSettings.SignInWithApple.PrivateKey"),
        "{run:?}"
    );
    let run = validate(&["--input", &file, "--allow-missing-secrets"], "").await;
    assert_eq!(run.code, exit_code::OK, "{run:?}");
    assert!(!run.stdout.contains("ClientSecret"), "{run:?}");
}

#[tokio::test]
async fn aws_cli_skeletons_parse_and_their_placeholders_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    for (op, kind) in [
        ("CreateBackendAuthRequest", "config"),
        ("UpdateBackendAuthRequest", "update request"),
    ] {
        let skel = skeleton(op);
        assert!(skel.get("ResourceConfig").is_some(), "{skel}");
        let text = serde_json::to_string_pretty(&skel).unwrap();
        let file = temp_file(&dir, &format!("{op}.json"), &text);
        let run = validate(&["--input", &file], "").await;
        // Every member is known; what is wrong is the placeholder values, reported as findings.
        assert!(!run.stderr.contains("unknown member"), "{op}: {run:?}");
        assert!(
            run.stderr.contains(&format!("{kind} with")),
            "{op}: {run:?}"
        );
        if op.starts_with("Create") {
            assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
            assert!(
                run.stdout
                    .contains("error: ResourceConfig.UserPoolConfigs.UserPoolName: "),
                "{run:?}"
            );
            assert!(
                run.stdout.contains(
                    "error: ResourceConfig.UserPoolConfigs.PasswordPolicy.MinimumLength: "
                ),
                "{run:?}"
            );
        }

        // A member the model does not have: named by its JSON path.
        let mut extra = skel.clone();
        extra["ResourceConfig"]["UserPoolConfigs"]["OAuth"]["LogoutURL"] = json!("");
        let file = temp_file(
            &dir,
            &format!("{op}-extra.json"),
            &serde_json::to_string_pretty(&extra).unwrap(),
        );
        let run = validate(&["--input", &file], "").await;
        assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
        assert!(
            run.stderr.contains(
                "at ResourceConfig.UserPoolConfigs.OAuth.LogoutURL: unknown member `LogoutURL`"
            ),
            "{run:?}"
        );
        assert!(run.stdout.is_empty(), "{run:?}");
    }
}

#[tokio::test]
async fn malformed_files_give_line_column_and_path() {
    let text = "{\n  \"ResourceConfig\": {\n    \"UserPoolConfigs\": {\n      \"Mfa\": {\"MFAMode\": OFF}\n    }\n  }\n}\n";
    let run = validate(&["--input", "-"], text).await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr.contains("<stdin>: line 4, column 26, at ResourceConfig.UserPoolConfigs.Mfa.MFAMode: malformed JSON"),
        "{run:?}"
    );
    let run = validate(&["--input", "-"], "{\"AuthResources\": 1}").await;
    assert_eq!(run.code, exit_code::INVALID_INPUT, "{run:?}");
    assert!(
        run.stderr
            .contains("at AuthResources: expected a string, found integer `1`"),
        "{run:?}"
    );
    let run = validate(&["--input", "/nonexistent/auth.json"], "").await;
    assert_eq!(run.code, exit_code::USAGE, "{run:?}");
    assert!(
        run.stderr
            .contains("could not open the input file /nonexistent/auth.json"),
        "{run:?}"
    );
}

#[test]
fn completions_cover_the_commands_for_each_shell() {
    use clap_complete::Shell;
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut out = Vec::new();
        let code = amplify_auth::headless::completions::write(shell, &mut Cli::command(), &mut out);
        assert_eq!(code, exit_code::OK);
        let text = String::from_utf8(out).unwrap();
        for word in [
            "amplify-auth",
            "validate",
            "jobs",
            "include-secrets",
            "timeout",
        ] {
            assert!(text.contains(word), "{shell:?} completions lack {word}");
        }
    }
    // And the command line parses `completions SHELL`.
    let cli = Cli::try_parse_from(["amplify-auth", "completions", "bash"]).unwrap();
    assert!(matches!(
        cli.command,
        Some(amplify_auth::cli::Command::Completions { .. })
    ));
}

#[test]
fn usage_errors_are_clap_errors_with_exit_2() {
    for args in [
        vec!["amplify-auth", "job", "--job-id", "j", "--timeout", "5s"],
        vec![
            "amplify-auth",
            "job",
            "--job-id",
            "j",
            "--wait",
            "--timeout",
            "soon",
        ],
        vec!["amplify-auth", "create"],
        vec!["amplify-auth", "jobs", "--output", "xml"],
        vec!["amplify-auth", "jobs", "--query", "Jobs[?"],
        vec!["amplify-auth", "completions", "tcsh"],
    ] {
        let err = Cli::try_parse_from(&args).expect_err(&format!("{args:?} should not parse"));
        assert_eq!(err.exit_code(), exit_code::USAGE, "{args:?}");
    }
    // Global flags go before or after the command.
    let cli =
        Cli::try_parse_from(["amplify-auth", "--app-id", "d1", "jobs", "--env", "dev"]).unwrap();
    assert_eq!(
        (cli.app_id.as_deref(), cli.env.as_deref()),
        (Some("d1"), Some("dev"))
    );
}

#[tokio::test]
async fn commands_other_than_validate_need_clients() {
    let run = run_cli(
        None,
        &["jobs", "--app-id", "d1", "--env", "dev"],
        "",
        Terminal::default(),
    )
    .await;
    assert_eq!(run.code, exit_code::OTHER, "{run:?}");
}
